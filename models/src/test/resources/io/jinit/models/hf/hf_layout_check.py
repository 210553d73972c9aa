"""Builds models on the meta device (no memory for their tensors, nothing downloaded) and reports,
as JSON on stdout, the tensors save_pretrained would write for each: its state_dict in order,
without the tied tensors it drops (all_tied_weights_keys' targets), as [name, shape, dtype].

    python hf_layout_check.py DIR NAME...

Each DIR/NAME holds a config.json; the class is the one its "jinit_architecture" file names.
"""
import json
import os
import sys

import torch
import transformers
from transformers import AutoConfig

from hf_check import auto_class

root = sys.argv[1]
layouts = {}
for name in sys.argv[2:]:
    directory = os.path.join(root, name)
    with open(os.path.join(directory, "jinit_architecture")) as f:
        architecture = f.read().strip()
    auto = auto_class(architecture)
    config = AutoConfig.from_pretrained(directory)
    with torch.device("meta"):
        model = auto.from_config(config, dtype=config.dtype)
    dropped = set(model.all_tied_weights_keys)
    layouts[name] = {
        "class": type(model).__name__,
        "tensors": [[key, list(value.shape), str(value.dtype).replace("torch.", "")]
                    for key, value in model.state_dict().items() if key not in dropped],
    }
json.dump({"transformers": transformers.__version__, "layouts": layouts}, sys.stdout)
