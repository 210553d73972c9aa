"""Loads a model directory jinit wrote with transformers and reports, as JSON on stdout, what
from_pretrained said about its keys and, per tensor, the statistics of jinit's values beside those
of transformers' own random initialization of the same config (torch.manual_seed(0)).

    python hf_interop_check.py DIR
"""
import json
import sys

import torch
import transformers
from transformers import AutoConfig, AutoModelForCausalLM

from hf_check import tensor_stats

directory = sys.argv[1]
loaded, info = AutoModelForCausalLM.from_pretrained(directory, output_loading_info=True, dtype="auto")
torch.manual_seed(0)
config = AutoConfig.from_pretrained(directory)
reference = AutoModelForCausalLM.from_config(config, dtype=loaded.dtype)

ours = loaded.state_dict()
theirs = reference.state_dict()
tensors = tensor_stats(ours, theirs)
padding = config.pad_token_id
json.dump({
    "padding_row_zero": None if padding is None else bool((ours["model.embed_tokens.weight"][padding] == 0).all()),
    "reference_padding_row_zero": None if padding is None
    else bool((theirs["model.embed_tokens.weight"][padding] == 0).all()),
    "transformers": transformers.__version__,
    "missing": sorted(info["missing_keys"]),
    "unexpected": sorted(info["unexpected_keys"]),
    "mismatched": sorted(str(m) for m in info["mismatched_keys"]),
    "errors": [str(e) for e in info["error_msgs"]],
    "model_dtype": str(loaded.dtype).replace("torch.", ""),
    "tied": loaded.lm_head.weight.data_ptr() == loaded.model.embed_tokens.weight.data_ptr(),
    "tensors": tensors,
}, sys.stdout)
