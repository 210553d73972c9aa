"""Loads a sharded model directory and an unsharded one with transformers and reports, as JSON on
stdout, what from_pretrained said about the sharded one's keys and which tensors differ.

    python hf_shard_check.py SHARDED_DIR WHOLE_DIR
"""
import json
import sys

import torch
import transformers
from transformers import AutoModelForCausalLM

sharded, info = AutoModelForCausalLM.from_pretrained(sys.argv[1], output_loading_info=True, dtype="auto")
whole = AutoModelForCausalLM.from_pretrained(sys.argv[2], dtype="auto")
ours = sharded.state_dict()
theirs = whole.state_dict()
print(json.dumps({
    "transformers": transformers.__version__,
    "missing": sorted(info["missing_keys"]),
    "unexpected": sorted(info["unexpected_keys"]),
    "mismatched": [str(m) for m in info["mismatched_keys"]],
    "errors": [str(e) for e in info.get("error_msgs", [])],
    "tensors": len(ours),
    "different": sorted(n for n in ours if n not in theirs or not torch.equal(ours[n], theirs[n])),
}))
