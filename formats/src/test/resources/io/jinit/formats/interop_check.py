"""Loads files jinit wrote with numpy (and the safetensors library when asked) and compares them
with the values jinit's test computed. Run by InteropTest; prints a JSON summary on success, and
the first mismatch on stderr with exit status 1 otherwise.

    python3 interop_check.py MANIFEST.json numpy|safetensors
"""
import json
import os
import sys
import zipfile

import numpy as np

from checks import expect, fail

DESCR = {'FLOAT32': '<f4', 'FLOAT64': '<f8', 'FLOAT16': '<f2'}
ST_NAME = {'FLOAT32': 'F32', 'FLOAT64': 'F64', 'FLOAT16': 'F16', 'BFLOAT16': 'BF16'}
BITS = {'FLOAT32': '<u4', 'FLOAT64': '<u8', 'FLOAT16': '<u2', 'BFLOAT16': '<u2'}
checked = {'arrays': 0, 'float16_vs_numpy_astype': 0, 'bfloat16_nearest': 0, 'safetensors_library': 0,
           'torch_bfloat16': 0}


def check_bits(where, tensor, bits, base):
    expected = np.fromfile(os.path.join(base, tensor['expected']), dtype=BITS[tensor['dtype']])
    expect(bits.shape == expected.shape, f'{where}: {bits.shape} elements, expected {expected.shape}')
    mismatch = np.flatnonzero(bits != expected)
    expect(mismatch.size == 0, f'{where}: {mismatch.size} elements differ, first at {mismatch[:1]}')
    checked['arrays'] += 1
    if tensor.get('fill64'):
        fill = np.fromfile(os.path.join(base, tensor['fill64']), dtype='<f8')
        if tensor['dtype'] == 'FLOAT16':
            # numpy rounds float64 -> float16 once, to nearest even: jinit must agree bit for bit.
            ours = fill.astype(np.float16).view('<u2')
            differ = np.flatnonzero(ours != bits)
            expect(differ.size == 0, f'{where}: float16 differs from numpy astype at {differ[:5]}')
            checked['float16_vs_numpy_astype'] += 1
        if tensor['dtype'] == 'BFLOAT16':
            check_bfloat16_nearest(where, fill, bits)


def bf16_value(bits):
    return (bits.astype(np.uint32) << 16).view(np.float32).astype(np.float64)


def check_bfloat16_nearest(where, fill, bits):
    """Independent of jinit's code: each value is the nearest bfloat16, ties to an even last bit."""
    sign = bits & 0x8000
    magnitude = bits & 0x7FFF
    value = bf16_value(bits)
    distance = np.abs(fill - value)
    for step in (-1, 1):
        other = np.clip(magnitude.astype(np.int32) + step, 0, 0x7F7F).astype(np.uint16)
        d = np.abs(fill - bf16_value(sign | other))
        closer = np.flatnonzero((d < distance) | ((d == distance) & (other != magnitude) & (magnitude & 1 == 1)))
        expect(closer.size == 0, f'{where}: bfloat16 not nearest at {closer[:5]}')
    checked['bfloat16_nearest'] += 1


def check_array(where, tensor, array, base):
    expect(array.dtype.str == DESCR[tensor['dtype']], f'{where}: dtype {array.dtype.str}')
    expect(list(array.shape) == tensor['shape'], f'{where}: shape {array.shape}, expected {tensor["shape"]}')
    expect(array.flags['C_CONTIGUOUS'], f'{where}: not C order')
    check_bits(where, tensor, np.ascontiguousarray(array).reshape(-1).view(BITS[tensor['dtype']]), base)


def check_npy(case, base):
    path = os.path.join(base, case['file'])
    tensor = case['tensors'][0]
    check_array(path, tensor, np.load(path), base)


def check_npz(case, base):
    path = os.path.join(base, case['file'])
    with zipfile.ZipFile(path) as z:
        expect(z.testzip() is None, f'{path}: CRC mismatch')
        for info in z.infolist():
            expect(info.compress_type == zipfile.ZIP_STORED, f'{path}: {info.filename} not stored')
    with np.load(path) as z:
        names = [t['name'] for t in case['tensors']]
        expect(list(z.files) == names, f'{path}: members {z.files}, expected {names}')
        for t in case['tensors']:
            check_array(f'{path}[{t["name"]}]', t, z[t['name']], base)


def check_safetensors_by_hand(case, base):
    path = os.path.join(base, case['file'])
    with open(path, 'rb') as f:
        data = f.read()
    n = int.from_bytes(data[:8], 'little')
    expect(n % 8 == 0 and data[8:9] == b'{', f'{path}: header length {n}')
    header = json.loads(data[8:8 + n].decode('utf-8'))
    expect(header.get('__metadata__') == case['metadata'], f'{path}: metadata {header.get("__metadata__")}')
    names = [k for k in header if k != '__metadata__']
    expect(names == [t['name'] for t in case['tensors']], f'{path}: tensors {names}')
    offset = 0
    for t in case['tensors']:
        entry = header[t['name']]
        expect(entry['dtype'] == ST_NAME[t['dtype']] and entry['shape'] == t['shape'], f'{path}: {entry}')
        begin, end = entry['data_offsets']
        expect(begin == offset, f'{path}: {t["name"]} begins at {begin}, expected {offset}')
        offset = end
        bits = np.frombuffer(data[8 + n + begin:8 + n + end], dtype=BITS[t['dtype']])
        check_bits(f'{path}[{t["name"]}]', t, bits, base)
    expect(8 + n + offset == len(data), f'{path}: {len(data) - 8 - n - offset} trailing bytes')


def check_safetensors_library(case, base):
    from safetensors import safe_open
    path = os.path.join(base, case['file'])
    with safe_open(path, framework='numpy') as f:
        expect(f.metadata() == case['metadata'], f'{path}: metadata {f.metadata()}')
        expect(sorted(f.keys()) == sorted(t['name'] for t in case['tensors']), f'{path}: keys {f.keys()}')
        for t in case['tensors']:
            if t['dtype'] != 'BFLOAT16':
                check_array(f'{path}[{t["name"]}] (safetensors.numpy)', t, f.get_tensor(t['name']), base)
                checked['safetensors_library'] += 1
    try:
        import torch
    except ImportError:
        return
    with safe_open(path, framework='pt') as f:
        for t in case['tensors']:
            tensor = f.get_tensor(t['name'])
            expect(list(tensor.shape) == t['shape'], f'{path}[{t["name"]}] (torch): shape {tuple(tensor.shape)}')
            if t['dtype'] == 'BFLOAT16':
                expect(tensor.dtype == torch.bfloat16, f'{path}: torch dtype {tensor.dtype}')
                check_bits(f'{path}[{t["name"]}] (torch)', t, tensor.reshape(-1).view(torch.int16).numpy().view('<u2'), base)
                checked['torch_bfloat16'] += 1


def main():
    manifest_path, mode = sys.argv[1], sys.argv[2]
    base = os.path.dirname(manifest_path)
    with open(manifest_path) as f:
        manifest = json.load(f)
    for case in manifest['cases']:
        if mode == 'numpy':
            {'npy': check_npy, 'npz': check_npz, 'safetensors': check_safetensors_by_hand}[case['kind']](case, base)
        elif case['kind'] == 'safetensors':
            check_safetensors_library(case, base)
    checked['numpy'] = np.__version__
    print(json.dumps(checked, sort_keys=True))
    return 0


if __name__ == '__main__':
    sys.exit(main())
