"""A torch checkpoint as jinit's template, and jinit's output loaded back into the module. Run by
TemplateInteropTest.

    python3 template_check.py make DIR    writes DIR/template-DTYPE.safetensors, the state_dict of
                                          Net in float32 and bfloat16, with safetensors.torch.save_file
                                          and DIR/sharded/, its float32 state_dict in shards with an
                                          index, as huggingface_hub.save_torch_state_dict writes them
    python3 template_check.py check DIR   loads DIR/init-DTYPE.safetensors (jinit's output) into a
                                          new Net with load_state_dict(strict=True) and checks each
                                          tensor against the distribution its rule names; and the
                                          shards of DIR/init-sharded/ (jinit's output for the index)
                                          through their index, which must be json.dumps(indent=2,
                                          sort_keys=True) of their names and sizes

    python3 template_check.py make-bert DIR   writes DIR/bert/, a tiny BertForMaskedLM saved by
                                              save_pretrained in six shards with an index
    python3 template_check.py check-bert DIR  loads DIR/bert-init/ (jinit's output for that index,
                                              with the config copied) with from_pretrained: no
                                              missing, unexpected or mismatched key, and each
                                              tensor as BERT_RULES (TemplateInteropTest) gives it

Prints a JSON summary on success, and the first failure on stderr with exit status 1 otherwise.

The rules (TemplateInteropTest.RULES) restate PyTorch's own defaults, so each tensor is checked
against one formula, and a fresh Net's tensors (torch's own random init) against the same one:
  Linear, Conv2d weight   kaiming_uniform_(a=sqrt(5)): U(-b, b), b = 1 / sqrt(fan_in)
  Linear, Conv2d bias     U(-b, b), b = 1 / sqrt(fan_in of the weight)
  Embedding weight        N(0, 1)
  norm weight, bias       ones, zeros; BatchNorm running_mean 0, running_var 1 (exactly)
  num_batches_tracked     left out by a skip rule (int64): BatchNorm's _load_from_state_dict
                          takes a missing counter as 0, under strict=True too

Tolerances: the sample mean is within 5 standard errors of 0 (sigma / sqrt(n)), the sample
standard deviation within 5 of its standard error sigma * sqrt((kurtosis - 1) / (4 n)) of sigma
(kurtosis 1.8 for a uniform, 3 for a normal): a false alarm is less likely than 6e-7 per check.
Uniform values lie in [-b, b], widened by one bfloat16 rounding (a relative 2^-8) in bfloat16.
"""
import json
import math
import os
import sys

import torch
from huggingface_hub import save_torch_state_dict
from safetensors.torch import load_file, save_file

from checks import expect, fail

DTYPES = {'float32': torch.float32, 'bfloat16': torch.bfloat16}
STANDARD_ERRORS = 5.0
checked = {'models': 0, 'uniform': 0, 'normal': 0, 'exact': 0}


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(200, 48)
        self.conv = torch.nn.Conv2d(3, 16, 3)
        self.bn = torch.nn.BatchNorm2d(16)
        self.fc1 = torch.nn.Linear(48, 96)
        self.norm = torch.nn.LayerNorm(96)
        self.fc2 = torch.nn.Linear(96, 10)


def make(base):
    torch.manual_seed(0)
    for name, dtype in DTYPES.items():
        state = Net().to(dtype).state_dict()
        expect(state['bn.num_batches_tracked'].dtype == torch.int64, 'the counter is int64')
        save_file(state, os.path.join(base, f'template-{name}.safetensors'), metadata={'format': 'pt'})
    sharded = os.path.join(base, 'sharded')
    os.makedirs(sharded)
    save_torch_state_dict(Net().state_dict(), sharded, max_shard_size=20000)
    shards = sorted(f for f in os.listdir(sharded) if f.endswith('.safetensors'))
    expect(len(shards) > 2, f'{sharded}: {shards}, expected several shards')
    print(json.dumps({'templates': len(DTYPES), 'shards': len(shards)}))


def fan_in(weight):
    return weight[0].numel()


def expected(name, state):
    """The rule's distribution of a tensor: ('uniform', b), ('normal', sigma) or ('exact', value)."""
    if name in ('bn.weight', 'norm.weight', 'bn.running_var'):
        return 'exact', 1.0
    if name in ('bn.bias', 'norm.bias', 'bn.running_mean'):
        return 'exact', 0.0
    if name == 'embed.weight':
        return 'normal', 1.0
    if name.endswith('.bias'):
        return 'uniform', 1.0 / math.sqrt(fan_in(state[name[:-len('bias')] + 'weight']))
    return 'uniform', 1.0 / math.sqrt(fan_in(state[name]))


def check_tensor(where, values, kind, parameter, dtype):
    values = values.detach().double().flatten()
    n = values.numel()
    if kind == 'exact':
        expect(bool((values == parameter).all()), f'{where}: not all {parameter}')
        return
    if kind == 'uniform':
        sigma, kurtosis = parameter / math.sqrt(3.0), 1.8
        slack = parameter * (2.0 ** -8 if dtype == torch.bfloat16 else 0.0)
        expect(values.abs().max().item() <= parameter + slack, f'{where}: |max| {values.abs().max().item()} > {parameter}')
    else:
        sigma, kurtosis = parameter, 3.0
    mean = values.mean().item()
    std = values.std(unbiased=False).item()
    expect(abs(mean) <= STANDARD_ERRORS * sigma / math.sqrt(n), f'{where}: mean {mean}, expected 0 ({n} samples)')
    expect(abs(std - sigma) <= STANDARD_ERRORS * sigma * math.sqrt((kurtosis - 1.0) / (4.0 * n)),
           f'{where}: std {std}, expected {sigma} ({n} samples)')


def load_shards(directory):
    """The tensors of the shards an index lists; the index must be what save_torch_state_dict writes."""
    index_path = os.path.join(directory, 'model.safetensors.index.json')
    with open(index_path) as f:
        text = f.read()
    index = json.loads(text)
    state = {}
    for shard in sorted(set(index['weight_map'].values())):
        tensors = load_file(os.path.join(directory, shard))
        for key in tensors:
            expect(index['weight_map'].get(key) == shard, f'{directory}: {key} in {shard}, not as the index says')
        state.update(tensors)
    expect(set(state) == set(index['weight_map']), f'{index_path}: lists other tensors than the shards hold')
    expected = {'metadata': {'total_parameters': sum(t.numel() for t in state.values()),
                             'total_size': sum(t.numel() * t.element_size() for t in state.values())},
                'weight_map': index['weight_map']}
    expect(text == json.dumps(expected, indent=2, sort_keys=True) + '\n', f'{index_path}: {text}')
    return state


def check(base):
    outputs = [(os.path.join(base, f'init-{name}.safetensors'), dtype) for name, dtype in DTYPES.items()]
    outputs.append((os.path.join(base, 'init-sharded'), torch.float32))
    for path, dtype in outputs:
        state = load_shards(path) if os.path.isdir(path) else load_file(path)
        expect('bn.num_batches_tracked' not in state, f'{path}: the skipped counter was written')
        model = Net().to(dtype)
        torch_init = {k: v.clone() for k, v in model.state_dict().items()}
        # strict=True raises on a missing or unexpected name and on any shape that differs.
        result = model.load_state_dict(state, strict=True)
        expect(not result.missing_keys and not result.unexpected_keys, f'{path}: {result}')
        loaded = model.state_dict()
        expect(loaded['bn.num_batches_tracked'].item() == 0, f'{path}: num_batches_tracked not 0')
        for key, tensor in state.items():
            expect(tensor.dtype == dtype, f'{path} {key}: dtype {tensor.dtype}, expected {dtype}')
            expect(torch.equal(loaded[key], tensor), f'{path} {key}: not loaded')
            kind, parameter = expected(key, state)
            check_tensor(f'{path} {key}', tensor, kind, parameter, dtype)
            check_tensor(f'torch init {key}', torch_init[key], kind, parameter, dtype)
            checked[kind] += 1
        checked['models'] += 1
    checked['torch'] = torch.__version__
    print(json.dumps(checked))


def make_bert(base):
    from transformers import BertConfig, BertForMaskedLM
    torch.manual_seed(0)
    config = BertConfig(vocab_size=120, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                        intermediate_size=48)
    BertForMaskedLM(config).save_pretrained(os.path.join(base, 'bert'), max_shard_size='20KB')
    shards = [f for f in os.listdir(os.path.join(base, 'bert')) if f.endswith('.safetensors')]
    print(json.dumps({'shards': len(shards)}))


def check_bert(base):
    """BERT_RULES: LayerNorm weights 1 and biases 0, other biases 0, everything else N(0, 0.02^2)."""
    from transformers import BertForMaskedLM
    model, info = BertForMaskedLM.from_pretrained(os.path.join(base, 'bert-init'), output_loading_info=True)
    expect(not info['missing_keys'] and not info['unexpected_keys'] and not info['mismatched_keys']
           and not info['error_msgs'], f'from_pretrained: {info}')
    counts = {'models': 1, 'normal': 0, 'exact': 0}
    for key, tensor in model.state_dict().items():
        if key.endswith('LayerNorm.weight'):
            check_tensor(key, tensor, 'exact', 1.0, torch.float32)
            counts['exact'] += 1
        elif key.endswith('.bias'):
            check_tensor(key, tensor, 'exact', 0.0, torch.float32)
            counts['exact'] += 1
        else:
            check_tensor(key, tensor, 'normal', 0.02, torch.float32)
            counts['normal'] += 1
    print(json.dumps(counts))


def main():
    mode, base = sys.argv[1], sys.argv[2]
    if mode == 'make':
        make(base)
    elif mode == 'check':
        check(base)
    elif mode == 'make-bert':
        make_bert(base)
    elif mode == 'check-bert':
        check_bert(base)
    else:
        fail(f'unknown mode: {mode}')


if __name__ == '__main__':
    main()
