"""Loads a model directory jinit wrote as the transformers class it names and reports, as JSON on
stdout, what from_pretrained said about its keys, whether its tied tensors share storage, whether
its embeddings' padding rows are zero, and, per tensor, the statistics of jinit's values beside
those of transformers' own random initialization of the same config (torch.manual_seed(0)).

    python hf_family_check.py DIR ARCHITECTURE

ARCHITECTURE is the class jinit built (its file's jinit.hf.architecture): GPT2LMHeadModel,
GPT2Model, GPT2ForSequenceClassification, BertModel, BertForMaskedLM,
BertForSequenceClassification, or a ...ForCausalLM.
"""
import json
import sys

import torch
import transformers
from transformers import AutoConfig

from hf_check import auto_class, tensor_stats

directory, architecture = sys.argv[1], sys.argv[2]
auto = auto_class(architecture)
loaded, info = auto.from_pretrained(directory, output_loading_info=True, dtype="auto")
torch.manual_seed(0)
config = AutoConfig.from_pretrained(directory)
reference = auto.from_config(config, dtype=loaded.dtype)

ours = loaded.state_dict()
theirs = reference.state_dict()
tensors = tensor_stats(ours, theirs)
padding_rows = {}
for module_name, module in loaded.named_modules():
    if isinstance(module, torch.nn.Embedding) and module.padding_idx is not None:
        ref_module = reference.get_submodule(module_name)
        padding_rows[module_name] = {
            "row": module.padding_idx,
            "zero": bool((module.weight[module.padding_idx] == 0).all()),
            "reference_zero": bool((ref_module.weight[ref_module.padding_idx] == 0).all()),
        }
json.dump({
    "transformers": transformers.__version__,
    "class": type(loaded).__name__,
    "missing": sorted(info["missing_keys"]),
    "unexpected": sorted(info["unexpected_keys"]),
    "mismatched": sorted(str(m) for m in info["mismatched_keys"]),
    "errors": [str(e) for e in info["error_msgs"]],
    "model_dtype": str(loaded.dtype).replace("torch.", ""),
    "tied": {target: loaded.get_parameter(target).data_ptr() == loaded.get_parameter(source).data_ptr()
             for target, source in loaded.all_tied_weights_keys.items()},
    "padding_rows": padding_rows,
    "tensors": tensors,
}, sys.stdout)
