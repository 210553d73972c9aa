"""transformers' own way to a randomly initialized Llama checkpoint, the peer of
`jinit generate --hf-config`: LlamaForCausalLM(config) (which runs _init_weights) and
save_pretrained, in the given dtype, under torch.manual_seed.

    python bench/hf_peer.py CONFIG.json OUT_DIR float32|bfloat16 SEED

Prints one line of JSON: seconds for the import of torch and transformers, the construction with
its initialization, and save_pretrained. save_pretrained does not fsync its files.
"""
import json
import sys
import time

t0 = time.perf_counter()
import torch  # noqa: E402
from transformers import LlamaConfig, LlamaForCausalLM  # noqa: E402

t1 = time.perf_counter()
config_path, out, dtype_name, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(config_path) as f:
    config = LlamaConfig.from_dict(json.load(f))
dtype = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}[dtype_name]
torch.manual_seed(seed)
# Parameters are created and initialized in the dtype, as from_config(config, dtype=...) does
# (it sets the default dtype around the construction), not initialized in float32 and cast.
torch.set_default_dtype(dtype)
model = LlamaForCausalLM(config)
torch.set_default_dtype(torch.float32)
t2 = time.perf_counter()
model.save_pretrained(out)
t3 = time.perf_counter()
params = sum(p.numel() for p in model.parameters())
print(json.dumps({"import": t1 - t0, "init": t2 - t1, "save": t3 - t2, "parameters": params,
                  "threads": torch.get_num_threads()}))
