"""Loads the torch-layout MLPs jinit wrote (ModelSpec.ofLayers with Layout.TORCH) into the
nn.Sequential they name, with load_state_dict(strict=True), and checks each weight's standard
deviation against its method's formula. Run by TorchLayoutInteropTest; prints a JSON summary on
success, and the first failure on stderr with exit status 1 otherwise.

    python3 torch_layout_check.py MANIFEST.json
"""
import json
import math
import os
import sys

import torch
from safetensors import safe_open
from safetensors.torch import load_file

from checks import expect, fail

DTYPES = {'FLOAT32': torch.float32, 'FLOAT64': torch.float64, 'BFLOAT16': torch.bfloat16,
          'FLOAT16': torch.float16}
ACTIVATIONS = {'he': torch.nn.ReLU, 'xavier': torch.nn.Tanh, 'lecun': torch.nn.SELU, 'random': torch.nn.ReLU}
# The sample standard deviation of n independent normals has a relative standard error of
# 1 / sqrt(2n), and the sample mean a standard error of sigma / sqrt(n); 5 standard errors make a
# false alarm less likely than 6e-7 per tensor.
STANDARD_ERRORS = 5.0
checked = {'models': 0, 'weights': 0, 'random_biases': 0, 'zero_biases': 0}


def weight_std(method, fan_in, fan_out, scale):
    """The method's formula (WeightInits): He 2 / fan_in, Xavier 2 / (fan_in + fan_out), LeCun 1 / fan_in."""
    if method == 'he':
        return math.sqrt(2.0 / fan_in)
    if method == 'xavier':
        return math.sqrt(2.0 / (fan_in + fan_out))
    if method == 'lecun':
        return math.sqrt(1.0 / fan_in)
    return scale


def check_normal(where, values, sigma):
    n = values.numel()
    mean = values.mean().item()
    std = values.std(unbiased=False).item()
    expect(abs(std - sigma) <= STANDARD_ERRORS * sigma / math.sqrt(2 * n),
           f'{where}: std {std}, expected {sigma} within {STANDARD_ERRORS} standard errors of {n} samples')
    expect(abs(mean) <= STANDARD_ERRORS * sigma / math.sqrt(n), f'{where}: mean {mean}, expected 0')


def check(case, base):
    path = os.path.join(base, case['file'])
    dims = case['dims']
    method = case['method']
    dtype = DTYPES[case['dtype']]
    modules = []
    for i in range(len(dims) - 1):
        if i > 0:
            modules.append(ACTIVATIONS[method]())
        modules.append(torch.nn.Linear(dims[i], dims[i + 1]))
    model = torch.nn.Sequential(*modules).to(dtype)
    state = load_file(path)
    # strict=True raises on a missing or unexpected name, and on any shape that differs.
    result = model.load_state_dict(state, strict=True)
    expect(not result.missing_keys and not result.unexpected_keys, f'{path}: {result}')
    for name, tensor in state.items():
        expect(tensor.dtype == dtype, f'{path} {name}: dtype {tensor.dtype}, expected {dtype}')
    with safe_open(path, framework='pt') as f:
        expect(f.metadata().get('jinit.layout') == 'torch', f'{path}: metadata {f.metadata()}')
    for i in range(len(dims) - 1):
        linear = model[2 * i]
        fan_in, fan_out = dims[i], dims[i + 1]
        expect(torch.equal(linear.weight.detach(), state[f'{2 * i}.weight']), f'{path}: weight {i} not loaded')
        check_normal(f'{path} {2 * i}.weight', linear.weight.detach().double(),
                     weight_std(method, fan_in, fan_out, case.get('scale')))
        checked['weights'] += 1
        bias = linear.bias.detach().double()
        if method == 'random':
            check_normal(f'{path} {2 * i}.bias', bias, case['scale'] * 0.1)
            checked['random_biases'] += 1
        else:
            expect(bool((bias == 0).all()), f'{path} {2 * i}.bias: not all zero')
            checked['zero_biases'] += 1
    out = model(torch.ones(3, dims[0], dtype=dtype))
    expect(tuple(out.shape) == (3, dims[-1]), f'{path}: output shape {tuple(out.shape)}')
    checked['models'] += 1


def main():
    manifest = sys.argv[1]
    base = os.path.dirname(manifest)
    with open(manifest) as f:
        cases = json.load(f)['cases']
    for case in cases:
        check(case, base)
    checked['torch'] = torch.__version__
    print(json.dumps(checked))


if __name__ == '__main__':
    main()
