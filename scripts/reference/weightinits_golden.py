#!/usr/bin/env python3
"""Golden arrays of the Python WeightInits class (the project's seed 000) for
core/src/test/java/io/jinit/compat/WeightInitsTest.java.

Generated with: Python 3.11.7, numpy 2.4.6, glibc 2.36 (Debian 12), x86-64 CPU with FMA.
Run from the repository root (needs only numpy):

    python3 scripts/reference/weightinits_golden.py [--out FILE] [--seed-file PATH]

How the seed's code is used: the seed document (shared/seeds/000_*.txt, outside this repository)
lost its indentation in extraction, so it cannot be exec'd as it stands. The class below
re-implements its five static methods line for line (the same statements, in the same order,
with the docstrings left out). With --seed-file, the script first checks that every statement
line of the class below occurs verbatim in the seed document, so a transcription slip fails the
run instead of the golden values.

It writes core/src/test/resources/io/jinit/compat/weightinits.json: for each call, per layer, the
SHA-256 of the little-endian float64 bytes of W and of b, their sums (numpy's pairwise sum, for
reading only) and their first and last 8 values as the 16 hex digits of the IEEE bits (all the
values when there are at most 16). Running it twice gives byte-identical JSON.
"""
import argparse
import hashlib
import inspect
import json
import platform
import re
import struct

import numpy as np

OUT = "core/src/test/resources/io/jinit/compat/weightinits.json"
HEAD = 8


class WeightInits:
    @staticmethod
    def he_init(layer_dims: list, seed=42):
        np.random.seed(seed)
        weights = []
        biases = []
        for i in range(len(layer_dims) - 1):
            fan_in = layer_dims[i]
            fan_out = layer_dims[i + 1]
            W = np.random.randn(fan_in, fan_out) * np.sqrt(2.0 / fan_in)
            weights.append(W)
            b = np.zeros((1, fan_out), dtype=np.float64)
            biases.append(b)
        return weights, biases

    @staticmethod
    def xavier_init(layer_dims: list, seed=42):
        np.random.seed(seed)
        weights = []
        biases = []
        for i in range(len(layer_dims) - 1):
            fan_in = layer_dims[i]
            fan_out = layer_dims[i + 1]
            xavier_std = np.sqrt(2.0 / (fan_in + fan_out))
            W = np.random.randn(fan_in, fan_out) * xavier_std
            weights.append(W)
            b = np.zeros((1, fan_out), dtype=np.float64)
            biases.append(b)
        return weights, biases

    @staticmethod
    def random_init(layer_dims: list, scale=0.01, seed=42):
        np.random.seed(seed)
        weights = []
        biases = []
        for i in range(len(layer_dims) - 1):
            fan_in = layer_dims[i]
            fan_out = layer_dims[i + 1]
            W = np.random.randn(fan_in, fan_out) * scale
            weights.append(W)
            b = np.random.randn(1, fan_out) * (scale * 0.1)
            biases.append(b)
        return weights, biases

    @staticmethod
    def selu_init(layer_dims: list, seed=42):
        np.random.seed(seed)
        weights = []
        biases = []
        for i in range(len(layer_dims) - 1):
            fan_in = layer_dims[i]
            fan_out = layer_dims[i + 1]
            W = np.random.randn(fan_in, fan_out) / np.sqrt(fan_in)
            weights.append(W)
            b = np.zeros((1, fan_out), dtype=np.float64)
            biases.append(b)
        return weights, biases

    @staticmethod
    def smart_init(layer_dims: list, hidden_activation="leaky_relu", seed=42):
        if hidden_activation.lower() in ["relu", "leaky_relu"]:
            return WeightInits.he_init(layer_dims, seed)
        elif hidden_activation.lower() in ["tanh", "sigmoid"]:
            return WeightInits.xavier_init(layer_dims, seed)
        elif hidden_activation.lower() == "selu":
            return WeightInits.selu_init(layer_dims, seed)
        else:
            return WeightInits.xavier_init(layer_dims, seed)


def check_against_seed(path):
    """Every statement line of the class above must occur, stripped, as a line of the seed."""
    seed_lines = {line.strip() for line in open(path, encoding="utf-8")}
    missing = []
    for line in inspect.getsource(WeightInits).splitlines():
        s = line.strip()
        if not s or s.startswith("class ") or s == "@staticmethod":
            continue
        if s not in seed_lines:
            missing.append(s)
    if missing:
        raise SystemExit("lines not in the seed document:\n  " + "\n  ".join(missing))


def bits(x):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", float(x)))[0]


def summary(a):
    assert a.dtype == np.float64
    flat = [float(v) for v in a.ravel()]
    out = {
        "shape": list(a.shape),
        "count": int(a.size),
        "sha256": hashlib.sha256(np.ascontiguousarray(a).astype("<f8").tobytes()).hexdigest(),
        "sum": float(a.sum()),
    }
    if len(flat) <= 2 * HEAD:
        out["head"], out["tail"] = [bits(v) for v in flat], []
    else:
        out["head"], out["tail"] = [bits(v) for v in flat[:HEAD]], [bits(v) for v in flat[-HEAD:]]
    return out


def record(call, method, dims, seed, result, scale=None, activation=None):
    weights, biases = result
    return {
        "call": call,
        "method": method,
        "dims": dims,
        "seed": seed,
        "scale": scale,
        "activation": activation,
        "layers": [{"weights": summary(w), "biases": summary(b)} for w, b in zip(weights, biases)],
    }


def cases():
    out = []
    for dims in ([784, 128, 10], [3, 5, 2]):
        for seed in (42, 0):
            out.append(record(f"he_init({dims}, {seed})", "he", dims, seed, WeightInits.he_init(dims, seed)))
            out.append(record(f"xavier_init({dims}, {seed})", "xavier", dims, seed,
                              WeightInits.xavier_init(dims, seed)))
            out.append(record(f"selu_init({dims}, {seed})", "selu", dims, seed, WeightInits.selu_init(dims, seed)))
            out.append(record(f"random_init({dims}, 0.01, {seed})", "random", dims, seed,
                              WeightInits.random_init(dims, 0.01, seed), scale=0.01))
            out.append(record(f"random_init({dims}, 0.5, {seed})", "random", dims, seed,
                              WeightInits.random_init(dims, 0.5, seed), scale=0.5))
            for act in ("relu", "leaky_relu", "tanh", "sigmoid", "selu", "softmax", "linear", "ReLU", "TanH",
                        "elu", "gelu", "swish", "silu", "mish"):
                out.append(record(f"smart_init({dims}, {act!r}, {seed})", "smart", dims, seed,
                                  WeightInits.smart_init(dims, act, seed), activation=act))
    dims = [5, 7, 7, 3]
    out.append(record(f"he_init({dims}, {2**32 - 1})", "he", dims, 2**32 - 1, WeightInits.he_init(dims, 2**32 - 1)))
    out.append(record(f"random_init({dims}, 0.03, 7)", "random", dims, 7, WeightInits.random_init(dims, 0.03, 7),
                      scale=0.03))
    # the Python defaults: seed 42, scale 0.01, activation "leaky_relu"
    dims = [784, 128, 10]
    out.append(record(f"he_init({dims})", "he", dims, None, WeightInits.he_init(dims)))
    out.append(record(f"xavier_init({dims})", "xavier", dims, None, WeightInits.xavier_init(dims)))
    out.append(record(f"selu_init({dims})", "selu", dims, None, WeightInits.selu_init(dims)))
    out.append(record(f"random_init({dims})", "random", dims, None, WeightInits.random_init(dims)))
    out.append(record(f"smart_init({dims})", "smart", dims, None, WeightInits.smart_init(dims)))
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", default=OUT)
    p.add_argument("--seed-file", help="shared/seeds/000_*.txt: check the class against it first")
    a = p.parse_args()
    if a.seed_file:
        check_against_seed(a.seed_file)
    doc = {
        "generator": "scripts/reference/weightinits_golden.py",
        "numpy": np.__version__,
        "python": platform.python_version(),
        "libc": " ".join(platform.libc_ver()),
        "machine": platform.machine(),
        "cases": cases(),
    }
    text = json.dumps(doc, indent=1)
    text = re.sub(r"\[\s+([^\[\]{}]*?)\s+\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", text)
    with open(a.out, "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
