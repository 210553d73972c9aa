#!/usr/bin/env python3
"""Golden values of NumPy's legacy stream for core/src/test/java/io/jinit/compat/NumpyLegacyTest.java
and of the C library's log for core/src/test/java/io/jinit/compat/GlibcLogTest.java.

Generated with: Python 3.11.7, numpy 2.4.6, glibc 2.36 (Debian 12), x86-64 CPU with FMA.
Run from the repository root (needs only numpy):

    python3 scripts/reference/numpy_legacy_golden.py [--out FILE]

It writes core/src/test/resources/io/jinit/random/numpy_legacy.json. The output depends only on
the numpy version and the C library's log (numpy's legacy Gaussian calls libm's log); running
it twice gives byte-identical JSON. Doubles are written as the 16 hex digits of their IEEE bits.

Each case seeds the global stream (np.random.seed) and makes calls in order; for every call it
records the count, the SHA-256 of the little-endian float64 bytes, the sum (numpy's pairwise
sum, for reading only), and the first and last HEAD values (all of them when there are at most
2 * HEAD). The "log" section holds inputs x and math.log(x) (CPython calls libm's log), chosen to
cover the near-1 polynomial, the table path, subnormals and the inputs where libm's log is not
correctly rounded.
"""
import argparse
import hashlib
import json
import math
import platform
import random
import re
import struct
import sys
from decimal import Decimal, getcontext

import numpy as np

HEAD = 64
OUT = "core/src/test/resources/io/jinit/random/numpy_legacy.json"


def bits(x):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", float(x)))[0]


def summary(a, head=HEAD):
    a = np.ascontiguousarray(np.asarray(a, dtype=np.float64)).ravel()
    flat = [float(v) for v in a]
    out = {
        "count": len(flat),
        "sha256": hashlib.sha256(a.astype("<f8").tobytes()).hexdigest(),
        "sum": float(a.sum()),
    }
    if len(flat) <= 2 * head:
        out["head"] = [bits(v) for v in flat]
        out["tail"] = []
    else:
        out["head"] = [bits(v) for v in flat[:head]]
        out["tail"] = [bits(v) for v in flat[-head:]]
    return out


def run(calls):
    """calls: list of (fn, args); returns the summaries of the draws (seed calls give None)."""
    results = []
    for fn, args in calls:
        if fn == "seed":
            np.random.seed(args[0])
            results.append(None)
        elif fn == "randn":
            results.append(summary(np.random.randn(*args)))
        elif fn == "random_sample":
            results.append(summary(np.random.random_sample(args[0])))
        elif fn == "normal":
            results.append(summary(np.random.normal(args[0], args[1], args[2])))
        elif fn == "uniform":
            results.append(summary(np.random.uniform(args[0], args[1], args[2])))
        elif fn == "raw":
            # raw MT19937 outputs of the global stream's bit generator, as unsigned ints
            bg = np.random.mtrand._rand._bit_generator
            results.append({"count": args[0], "values": [int(v) for v in bg.random_raw(args[0])]})
        else:
            raise ValueError(fn)
    return results


def case(name, calls):
    results = run(calls)
    return {
        "name": name,
        "calls": [{"fn": fn, "args": list(args), **({"result": r} if r is not None else {})}
                  for (fn, args), r in zip(calls, results)],
    }


def cases():
    out = [
        case("seed(42); randn(784, 128); randn(3)",
             [("seed", [42]), ("randn", [784, 128]), ("randn", [3])]),
        case("seed(7); randn(5); randn(4): the cached normal crosses calls",
             [("seed", [7]), ("randn", [5]), ("randn", [4])]),
        case("seed(9); randn(3); seed(9); randn(4): seeding forgets the cached normal",
             [("seed", [9]), ("randn", [3]), ("seed", [9]), ("randn", [4])]),
        case("seed(0); random_sample(1000)", [("seed", [0]), ("random_sample", [1000])]),
        case("seed(123); normal(0.5, 2.0, 257)", [("seed", [123]), ("normal", [0.5, 2.0, 257])]),
        case("seed(123); uniform(-0.3, 0.7, 257)", [("seed", [123]), ("uniform", [-0.3, 0.7, 257])]),
        case("seed(2**32 - 1); randn(10)", [("seed", [2**32 - 1]), ("randn", [10])]),
        case("seed([1, 2, 3]); randn(10)", [("seed", [[1, 2, 3]]), ("randn", [10])]),
        case("seed([0]); randn(10)", [("seed", [[0]]), ("randn", [10])]),
        case("seed([2**32 - 1, 0, 5]); randn(10)", [("seed", [[2**32 - 1, 0, 5]]), ("randn", [10])]),
        case("seed(range(1000)): init_by_array with a key longer than the state; randn(10)",
             [("seed", [list(range(1000))]), ("randn", [10])]),
        case("seed(42); 630 raw outputs (across the first twist)", [("seed", [42]), ("raw", [630])]),
        case("seed([1, 2, 3]); 8 raw outputs", [("seed", [[1, 2, 3]]), ("raw", [8])]),
        case("seed(5); randn(2, 3, 4); random_sample(7); randn(1); normal(-1.0, 0.25, 9)",
             [("seed", [5]), ("randn", [2, 3, 4]), ("random_sample", [7]), ("randn", [1]),
              ("normal", [-1.0, 0.25, 9])]),
    ]
    for s in [0, 1, 2, 3, 1234, 2**31, 2**32 - 2]:
        out.append(case("seed(%d); randn(100000)" % s, [("seed", [s]), ("randn", [100000])]))
    return out


def correctly_rounded_log(x):
    return float(Decimal(x).ln())


def log_section():
    getcontext().prec = 60
    rng = random.Random(20250601)
    xs = []
    # (0, 1): the polar method's r2; half of the "hard" cases where libm is not correctly rounded
    hard = []
    while len(hard) < 200:
        x = rng.random()
        if x > 0 and math.log(x) != correctly_rounded_log(x):
            hard.append(x)
    xs += hard
    xs += [rng.random() for _ in range(600)]
    # near 1: the polynomial branch [1 - 2**-4, 1 + 0x1.09p-4) and its edges
    hard = []
    while len(hard) < 100:
        x = 1.0 + (rng.random() * 2 - 1) * 0.0625
        if math.log(x) != correctly_rounded_log(x):
            hard.append(x)
    xs += hard
    xs += [1.0 + (rng.random() * 2 - 1) * 0.07 for _ in range(600)]
    xs += [1.0 - 2.0**-4, math.nextafter(1.0 - 2.0**-4, 0), 1.0 + float.fromhex("0x1.09p-4"),
           math.nextafter(1.0 + float.fromhex("0x1.09p-4"), 0), math.nextafter(1.0, 0),
           math.nextafter(1.0, 2), 1.0, 0.5, 2.0, float.fromhex("0x1.6p-1"), float.fromhex("0x1.6p0")]
    # the whole positive range, and subnormals
    while len(xs) < 1800:
        x = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(63)))[0]
        if math.isfinite(x) and x > 0:
            xs.append(x)
    xs += [struct.unpack("<d", struct.pack("<Q", rng.getrandbits(52) | 1))[0] for _ in range(100)]
    xs += [5e-324, 2.2250738585072014e-308, sys.float_info.max]
    return [[bits(x), bits(math.log(x))] for x in xs]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", default=OUT)
    a = p.parse_args()
    doc = {
        "generator": "scripts/reference/numpy_legacy_golden.py",
        "numpy": np.__version__,
        "python": platform.python_version(),
        "libc": " ".join(platform.libc_ver()),
        "machine": platform.machine(),
        "cases": cases(),
        "log": log_section(),
    }
    text = json.dumps(doc, indent=1)
    # one line per array of numbers or strings
    text = re.sub(r"\[\s+([^\[\]{}]*?)\s+\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", text)
    with open(a.out, "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
