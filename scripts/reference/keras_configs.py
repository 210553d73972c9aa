#!/usr/bin/env python3
"""Keras-config interoperability fixtures, both directions, with real Keras 3.15.1.

1. Writes formats/src/test/resources/io/jinit/formats/keras_written.json: the JSON text that
   json.dumps(keras.initializers.serialize(x)) gives for a set of Keras initializers, which
   KerasJsonTest reads with jinit.
2. Reads formats/src/test/resources/io/jinit/formats/jinit_written.json (the JSON text jinit
   writes, pinned by KerasJsonTest) and checks that real Keras deserializes every entry into the
   named class with the same parameters. Exits non-zero on any mismatch.

    KERAS_BACKEND=numpy /tmp/refvenv/bin/python scripts/reference/keras_configs.py
    (venv: python3 -m venv /tmp/refvenv && /tmp/refvenv/bin/pip install --no-index \
        --find-links /opt/pypi/files --find-links /opt/wheels keras==3.15.1 jax jaxlib numpy scipy)
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "numpy")
import keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
RES = os.path.join(HERE, "..", "..", "formats", "src", "test", "resources", "io", "jinit", "formats")
I = keras.initializers


def keras_written():
    cases = [
        I.Zeros(), I.Ones(), I.Constant(0.5), I.Constant(3), I.Identity(gain=2.0),
        I.RandomNormal(mean=1.0, stddev=2.0, seed=42), I.RandomUniform(-1, 1, seed=3),
        I.TruncatedNormal(0.5, 0.1, seed=0),
        I.VarianceScaling(scale=2.0, mode="fan_out", distribution="normal", seed=3),
        I.VarianceScaling(input_axes=[0], output_axes=[1, 2], seed=5),
        I.GlorotUniform(seed=7), I.GlorotNormal(seed=None), I.HeNormal(seed=7, input_axes=[0], output_axes=[1]),
        I.HeUniform(seed=8), I.LecunNormal(seed=9), I.LecunUniform(seed=10),
        I.Orthogonal(gain=2, seed=3), I.Orthogonal(gain=2.5),
        I.STFT(side="imag", window="hamming", scaling="spectrum", periodic=True),
        I.STFT(window=None, scaling=None), I.STFT(window=[1.0, 2.0, 3.0]),
    ]
    out = [{"json": json.dumps(I.serialize(x)), "class_name": type(x).__name__} for x in cases]
    with open(os.path.join(RES, "keras_written.json"), "w") as f:
        json.dump({"keras_version": keras.__version__, "cases": out}, f, indent=1)
        f.write("\n")
    return len(out)


def check_jinit_written():
    with open(os.path.join(RES, "jinit_written.json")) as f:
        texts = json.load(f)
    failures = 0
    for text in texts:
        d = json.loads(text)
        obj = I.deserialize(d)
        ok = type(obj).__name__ == d["class_name"]
        conf = obj.get_config()
        for k, v in d["config"].items():
            if d["class_name"] == "Identity" and k == "gain":
                ok &= obj.gain == v           # Keras 3's get_config drops gain; the instance has it
                continue
            ok &= conf.get(k) == v
        print(("ok   " if ok else "FAIL ") + text)
        failures += not ok
    return len(texts), failures


if __name__ == "__main__":
    n = keras_written()
    print(f"wrote {n} Keras-written configs (keras {keras.__version__})")
    total, failures = check_jinit_written()
    print(f"{total - failures} of {total} jinit-written configs read correctly in keras {keras.__version__}")
    sys.exit(1 if failures else 0)
