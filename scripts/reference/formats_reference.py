#!/usr/bin/env python3
"""Golden files for jinit's .npy/.npz/.safetensors writers and readers, made by the real libraries.

Writes into formats/src/test/resources/io/jinit/formats/golden/:
  - .npy files from numpy.save (and numpy.lib.format.write_array for versions 2.0 and 3.0),
    in every dtype and byte order jinit reads, C and Fortran order;
  - .npz files from numpy.savez (STORED) and numpy.savez_compressed (DEFLATED);
  - .safetensors files from safetensors.numpy.save_file (and safetensors.torch for BF16),
    with metadata {"format": "pt"} (a single key, since the Rust writer orders a metadata map
    of several keys at random);
  - reference.json: for every file, each tensor's name, dtype, shape, values (C order, as
    float64; exact for every float dtype) and the float64 mean/std/min/max numpy computes.

The writer cases (WRITER_CASES) are float values that the Java test writes with jinit and
compares byte for byte with numpy's file; they include doubles just above a float16 midpoint,
where rounding through float32 would give a different result than numpy's single rounding.

Ran with Python 3.11.7, numpy 2.4.6, safetensors 0.8.0, torch 2.13.0+cpu, from the repository root:
    /tmp/refvenv/bin/python scripts/reference/formats_reference.py
Deterministic except for the modification times numpy's zipfile stamps inside the .npz files.
"""
import json
import os
import sys

import numpy as np
import safetensors
import torch
from safetensors.numpy import save_file as save_numpy
from safetensors.torch import save_file as save_torch

OUT = os.path.join('formats', 'src', 'test', 'resources', 'io', 'jinit', 'formats', 'golden')

JINIT_DTYPE = {
    'float32': 'FLOAT32', 'float64': 'FLOAT64', 'float16': 'FLOAT16', 'bfloat16': 'BFLOAT16',
    'int8': 'INT8', 'int16': 'INT16', 'int32': 'INT32', 'int64': 'INT64',
    'uint8': 'UINT8', 'uint16': 'UINT16', 'uint32': 'UINT32', 'uint64': 'UINT64', 'bool': 'BOOL',
}

# Values written by both numpy and jinit (ArraySource in the Java test); name -> (dtype, shape, values).
MID16 = 1 + 2.0 ** -11 + 2.0 ** -40          # above the float16 midpoint of 1 and 1 + 2^-10
WRITER_CASES = {
    'f4_2x3': ('<f4', (2, 3), [-1.0, -0.5, 0.0, 0.5, 1.0, 3.0e38]),
    'f8_3': ('<f8', (3,), [0.1, -2.5, 1e300]),
    'f2_scalar': ('<f2', (), [1.5]),
    'f4_empty': ('<f4', (0,), []),
    'f8_0x3': ('<f8', (0, 3), []),
    'f4_rank5': ('<f4', (1, 2, 1, 3, 1), [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
    'f2_rounding': ('<f2', (8,), [MID16, -MID16, 65519.99, 65520.0, 2.0 ** -25, 2.0 ** -25 * (1 + 2.0 ** -30),
                                  1e-30, -0.0]),
    'f4_123x1': ('<f4', (123, 1), [float(i) for i in range(123)]),
}


def values_of(array):
    a = np.asarray(array)
    if a.dtype == np.bool_:
        a = a.astype(np.uint8)
    if a.dtype.kind == 'V':  # bfloat16 from torch, viewed as raw bits
        raise ValueError('unexpected void dtype')
    flat = np.ascontiguousarray(a).reshape(-1)
    if a.dtype.kind in 'iu':
        return [int(v) for v in flat]
    return [float(v) for v in flat.astype(np.float64)]


def stats_of(values):
    a = np.asarray(values, dtype=np.float64)
    if a.size == 0:
        return None
    with np.errstate(over='ignore', invalid='ignore'):
        return {'mean': float(a.mean()), 'std': float(a.std()), 'min': float(a.min()), 'max': float(a.max())}


def describe(name, dtype_name, shape, values):
    return {'name': name, 'dtype': JINIT_DTYPE[dtype_name], 'shape': list(shape), 'values': values,
            'stats': stats_of(values)}


def main():
    os.makedirs(OUT, exist_ok=True)
    reference = {'numpy': np.__version__, 'safetensors': safetensors.__version__, 'torch': torch.__version__,
                 'writer': {}, 'files': {}}

    def npy(file, array, version=None):
        path = os.path.join(OUT, file)
        if version is None:
            np.save(path, array)
        else:
            with open(path, 'wb') as f:
                np.lib.format.write_array(f, array, version=version)
        reference['files'][file] = [describe(os.path.splitext(file)[0], array.dtype.name, array.shape,
                                             values_of(array))]

    for name, (descr, shape, values) in WRITER_CASES.items():
        with np.errstate(over='ignore'):
            array = np.array(values, dtype=np.float64).astype(descr).reshape(shape)
        npy(name + '.npy', array)
        reference['writer'][name] = {'file': name + '.npy', 'dtype': JINIT_DTYPE[array.dtype.name],
                                     'shape': list(shape), 'source': values}

    # Reader cases: other dtypes, byte orders, layouts and header versions.
    grid = np.arange(-6, 6).reshape(3, 4)
    npy('be_f4.npy', (grid / 4).astype('>f4'))
    npy('be_f8.npy', (grid / 8).astype('>f8'))
    npy('be_f2.npy', (grid / 2).astype('>f2'))
    npy('be_i4.npy', grid.astype('>i4'))
    npy('i1.npy', grid.astype('|i1'))
    npy('i2.npy', grid.astype('<i2'))
    npy('i4.npy', grid.astype('<i4'))
    npy('i8.npy', (grid * 10 ** 15).astype('<i8'))
    npy('u1.npy', (grid + 6).astype('|u1'))
    npy('u2.npy', (grid + 6).astype('<u2'))
    npy('u4.npy', (grid + 6).astype('<u4') * 100000000)
    npy('u8.npy', np.array([0, 1, 2 ** 63, 2 ** 64 - 1], dtype='<u8'))
    npy('b1.npy', (grid % 3 == 0))
    npy('fortran_f8.npy', np.asfortranarray((grid / 3).astype('<f8')))
    npy('v2_f4.npy', (grid / 5).astype('<f4'), version=(2, 0))
    npy('v3_f4.npy', (grid / 7).astype('<f4'), version=(3, 0))

    arrays = {'w': (grid / 9).astype('<f4'), 'b': np.linspace(-1, 1, 5).astype('<f8'),
              'h': (grid / 11).astype('<f2'), 'scalar': np.array(2.25, dtype='<f4')}
    for file, save in (('stored.npz', np.savez), ('deflated.npz', np.savez_compressed)):
        save(os.path.join(OUT, file), **arrays)
        reference['files'][file] = [describe(k, v.dtype.name, v.shape, values_of(v)) for k, v in arrays.items()]

    tensors = {'a_f64': (grid / 13).astype('<f8'), 'b_f32': (grid / 17).astype('<f4'),
               'c_f16': (grid / 19).astype('<f2'), 'd_empty': np.zeros((0, 2), dtype='<f4')}
    path = os.path.join(OUT, 'floats.safetensors')
    save_numpy(tensors, path, metadata={'format': 'pt'})
    reference['files']['floats.safetensors'] = [describe(k, v.dtype.name, v.shape, values_of(v))
                                               for k, v in tensors.items()]
    ints = {'i64': (grid * 10 ** 12).astype('<i8'), 'i32': grid.astype('<i4'), 'i16': grid.astype('<i2'),
            'i8': grid.astype('i1'), 'u8': (grid + 6).astype('u1'), 'flag': grid % 2 == 0}
    save_numpy(ints, os.path.join(OUT, 'ints.safetensors'))
    reference['files']['ints.safetensors'] = [describe(k, v.dtype.name, v.shape, values_of(v)) for k, v in ints.items()]
    bf16 = torch.tensor(grid / 23, dtype=torch.float32).to(torch.bfloat16)
    save_torch({'bf': bf16}, os.path.join(OUT, 'bf16.safetensors'), metadata={'format': 'pt'})
    reference['files']['bf16.safetensors'] = [describe('bf', 'bfloat16', tuple(bf16.shape),
                                                       [float(v) for v in bf16.to(torch.float64).reshape(-1)])]

    # safetensors orders tensors by dtype size, then name: record the file order it chose.
    for file in ('floats.safetensors', 'ints.safetensors', 'bf16.safetensors'):
        with open(os.path.join(OUT, file), 'rb') as f:
            n = int.from_bytes(f.read(8), 'little')
            header = json.loads(f.read(n))
        order = sorted((k for k in header if k != '__metadata__'), key=lambda k: header[k]['data_offsets'][0])
        by_name = {t['name']: t for t in reference['files'][file]}
        reference['files'][file] = [by_name[k] for k in order]

    with open(os.path.join(OUT, 'reference.json'), 'w') as f:
        json.dump(reference, f, indent=1, sort_keys=True)
        f.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
