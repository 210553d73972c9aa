#!/usr/bin/env python3
# Reference-value generator for jinit's Keras parity tests.
#
# Library versions: keras 3.15.1 (KERAS_BACKEND=numpy; the numpy backend
# imports jax 0.10.2 / jaxlib 0.10.2 internally, so those must be installed),
# numpy 2.4.6, scipy 1.17.1, Python 3.11.
#
# Regenerate (from the repository root, with the venv described in README.md):
#   /tmp/refvenv/bin/python scripts/reference/keras_reference.py
# which writes core/src/test/resources/io/jinit/parity/keras.json.
# Use `--out FILE` to write somewhere else (e.g. to check determinism).
#
# The script re-executes itself with PYTHONHASHSEED=0 and KERAS_BACKEND=numpy:
# several Keras error messages print a Python set, whose element order depends
# on string hashing, so a fixed hash seed is needed for byte-identical output.
import os
import sys

if (os.environ.get("PYTHONHASHSEED") != "0"
        or os.environ.get("KERAS_BACKEND") != "numpy"):
    env = dict(os.environ, PYTHONHASHSEED="0", KERAS_BACKEND="numpy")
    os.execve(sys.executable, [sys.executable] + sys.argv, env)

import argparse
import contextlib
import inspect
import json
import math

import numpy as np
import scipy
import scipy.signal

import keras
from keras.src import initializers as kinit
from keras.src.initializers import random_initializers as rinit

BACKEND = "numpy"
SEED = 1


def jsonable(x):
    """Convert numpy scalars / tuples into plain JSON values (floats stay exact)."""
    if isinstance(x, dict):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating):
        return float(x)
    if isinstance(x, np.ndarray):
        return jsonable(x.tolist())
    return x


def flat_floats(arr):
    return [float(v) for v in np.asarray(arr).reshape(-1).tolist()]


# --------------------------------------------------------------------------
# Recording the backend random primitive calls made by the initializers.
# --------------------------------------------------------------------------
class PrimitiveRecorder:
    ARG_NAMES = {
        "normal": ("mean", "stddev"),
        "truncated_normal": ("mean", "stddev"),
        "uniform": ("minval", "maxval"),
    }

    def __init__(self, module):
        self.module = module
        self.calls = []

    def _wrap(self, name, original):
        signature = inspect.signature(original)
        recorder = self

        def wrapper(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            recorder.calls.append({
                "primitive": name,
                "primitive_shape": [int(d) for d in bound.arguments["shape"]],
                "args": {k: bound.arguments[k]
                         for k in PrimitiveRecorder.ARG_NAMES[name]},
            })
            return original(*args, **kwargs)

        return wrapper

    @contextlib.contextmanager
    def active(self):
        saved = {}
        for name in self.ARG_NAMES:
            saved[name] = getattr(self.module, name)
            setattr(self.module, name, self._wrap(name, saved[name]))
        try:
            yield self
        finally:
            for name, fn in saved.items():
                setattr(self.module, name, fn)


RECORDER = PrimitiveRecorder(rinit.random)


def record_call(cls, config, shape):
    init = cls(**config)
    RECORDER.calls.clear()
    with RECORDER.active():
        init(shape)
    if len(RECORDER.calls) != 1:
        raise AssertionError(
            f"{cls.__name__}{config} on {shape}: expected one primitive "
            f"call, got {RECORDER.calls}")
    call = RECORDER.calls[0]
    return {
        "class_name": cls.__name__,
        "config": jsonable(config),
        "shape": list(shape),
        "primitive": call["primitive"],
        "primitive_shape": call["primitive_shape"],
        "args": jsonable(call["args"]),
    }


# --------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------
def fans_section():
    cases = [
        ((), None, None),
        ((7,), None, None),
        ((3, 4), None, None),
        ((0, 5), None, None),
        ((1, 1), None, None),
        ((2, 3, 4), None, None),
        ((3, 3, 4, 5), None, None),
        ((2, 3, 3, 4, 5), None, None),
        ((512, 8, 64), None, None),
        ((512, 8, 64), [0], [1, 2]),
        ((4, 5, 6), [0], [1, 2]),
        ((4, 5, 6), [0, 1], [2]),
        ((4, 5, 6), [-1], [0]),
        ((4, 5, 6), [0], None),       # only input_axes: axes are ignored
        ((4, 5, 6), None, [1, 2]),    # only output_axes: axes are ignored
        ((4, 5, 6), [], []),          # empty axis lists give fan 1
    ]
    out = []
    for shape, ia, oa in cases:
        fan_in, fan_out = rinit.compute_fans(shape, input_axes=ia,
                                             output_axes=oa)
        out.append({"shape": list(shape), "input_axes": ia,
                    "output_axes": oa, "fan_in": fan_in, "fan_out": fan_out})
    return out


def calls_section():
    out = []
    I = keras.initializers
    # Plain random initializers.
    basic = [
        (I.RandomNormal, {}, (3, 4)),
        (I.RandomNormal, {"mean": 1.0, "stddev": 2.0}, (3, 4)),
        (I.RandomNormal, {"mean": -0.5, "stddev": 0.25}, (2, 3, 4)),
        (I.RandomUniform, {}, (3, 4)),
        (I.RandomUniform, {"minval": -1.0, "maxval": 3.0}, (3, 4)),
        (I.RandomUniform, {"minval": 0.25, "maxval": 0.75}, (5,)),
        (I.TruncatedNormal, {}, (3, 4)),
        (I.TruncatedNormal, {"mean": 0.5, "stddev": 0.1}, (3, 4)),
        (I.TruncatedNormal, {"mean": -2.0, "stddev": 3.0}, (2, 3, 4)),
    ]
    for cls, kw, shape in basic:
        out.append(record_call(cls, dict(kw, seed=SEED), shape))

    # VarianceScaling: every mode x distribution spelling x scale.
    modes = ["fan_in", "fan_out", "fan_avg"]
    dists = ["truncated_normal", "untruncated_normal", "uniform", "normal",
             "Normal", "UNIFORM"]
    for scale in (0.5, 2.0):
        for mode in modes:
            for dist in dists:
                for shape in ((400, 300), (3, 3, 16, 32)):
                    cfg = {"scale": scale, "mode": mode,
                           "distribution": dist, "seed": SEED}
                    out.append(record_call(I.VarianceScaling, cfg, shape))
    # VarianceScaling defaults and edge shapes.
    for shape in ((400, 300), (3, 3, 16, 32), (5,), (), (0, 5), (1, 1),
                  (2, 3, 3, 4, 5)):
        out.append(record_call(I.VarianceScaling, {"seed": SEED}, shape))
    for mode in modes:
        for shape in ((5,), (), (0, 5)):
            cfg = {"mode": mode, "distribution": "uniform", "seed": SEED}
            out.append(record_call(I.VarianceScaling, cfg, shape))
    # VarianceScaling with input_axes / output_axes.
    axes_cases = [
        ((512, 8, 64), [0], [1, 2]),
        ((4, 5, 6), [0, 1], [2]),
        ((4, 5, 6), [-1], [0]),
        ((4, 5, 6), [0], None),
        ((4, 5, 6), None, [1, 2]),
    ]
    for shape, ia, oa in axes_cases:
        for mode in modes:
            for dist in ("truncated_normal", "untruncated_normal", "uniform"):
                cfg = {"scale": 2.0, "mode": mode, "distribution": dist,
                       "seed": SEED}
                if ia is not None:
                    cfg["input_axes"] = ia
                if oa is not None:
                    cfg["output_axes"] = oa
                out.append(record_call(I.VarianceScaling, cfg, shape))

    # Named variance-scaling initializers.
    named = [I.GlorotUniform, I.GlorotNormal, I.HeUniform, I.HeNormal,
             I.LecunUniform, I.LecunNormal]
    for cls in named:
        for shape in ((400, 300), (3, 3, 16, 32), (5,), (), (0, 5),
                      (512, 8, 64)):
            out.append(record_call(cls, {"seed": SEED}, shape))
        out.append(record_call(
            cls, {"seed": SEED, "input_axes": [0], "output_axes": [1, 2]},
            (512, 8, 64)))
        out.append(record_call(
            cls, {"seed": SEED, "input_axes": [-1], "output_axes": [0]},
            (4, 5, 6)))

    # Orthogonal: the normal draw on the flat (max, min) shape.
    for shape in ((4, 4), (3, 5), (5, 3), (2, 3, 4)):
        out.append(record_call(I.Orthogonal, {"seed": SEED}, shape))
        out.append(record_call(I.Orthogonal, {"gain": 2.0, "seed": SEED},
                               shape))
    return out


def serialize_json(obj):
    return json.loads(json.dumps(keras.initializers.serialize(obj)))


def serialized_section():
    serialized, errors = [], []
    for ident in sorted(kinit.ALL_OBJECTS_DICT):
        try:
            obj = keras.initializers.get(ident)
            ser = serialize_json(obj)
        except Exception as e:  # recorded, not hidden
            errors.append({"identifier": ident,
                           "error_type": type(e).__name__,
                           "message": str(e)})
            continue
        serialized.append({"identifier": ident, "serialized": ser})
    return serialized, errors


def serialized_with_params_section():
    I = keras.initializers
    cases = [
        (I.RandomNormal, {"mean": 1.0, "stddev": 2.0, "seed": 42}),
        (I.RandomUniform, {"minval": -1, "maxval": 1, "seed": 3}),
        (I.TruncatedNormal, {"mean": 0.5, "stddev": 0.1, "seed": 0}),
        (I.VarianceScaling, {"scale": 2.0, "mode": "fan_out",
                             "distribution": "normal", "seed": 3}),
        (I.VarianceScaling, {"input_axes": [0], "output_axes": [1, 2],
                             "seed": 5}),
        (I.VarianceScaling, {"distribution": "UNIFORM", "seed": 5}),
        (I.GlorotUniform, {"seed": 7}),
        (I.HeNormal, {"seed": 7, "input_axes": [0], "output_axes": [1]}),
        (I.Orthogonal, {"gain": 2, "seed": 3}),
        (I.Orthogonal, {"gain": 2.5}),
        (I.Constant, {"value": 3}),
        (I.Constant, {"value": 0.5}),
        (I.Identity, {"gain": 2.0}),
        (I.STFT, {"side": "imag", "window": "hamming",
                  "scaling": "spectrum", "periodic": True}),
        (I.STFT, {"window": None, "scaling": None}),
    ]
    out = []
    for cls, kw in cases:
        out.append({"class_name": cls.__name__, "kwargs": jsonable(kw),
                    "serialized": serialize_json(cls(**kw))})
    return out


def identifiers_section():
    return {ident: cls.__name__
            for ident, cls in sorted(kinit.ALL_OBJECTS_DICT.items())}


def rejected_identifiers_section():
    idents = ["typo", "GLOROT_NORMAL", "glorotnormal", "he_Normal",
              "orthogonal_initializer", "identity_initializer",
              "stft_initializer", "", "xavier_uniform", "kaiming_normal",
              "GlorotUniformV2"]
    out = []
    for ident in idents:
        try:
            obj = keras.initializers.get(ident)
        except Exception as e:
            out.append({"identifier": ident, "error_type": type(e).__name__,
                        "message": str(e)})
        else:
            raise AssertionError(f"get({ident!r}) unexpectedly gave {obj!r}")
    return out


def construct_errors_section():
    I = keras.initializers
    cases = [
        (I.VarianceScaling, {"scale": 0.0}),
        (I.VarianceScaling, {"scale": -1}),
        (I.VarianceScaling, {"mode": "invalid_mode"}),
        (I.VarianceScaling, {"mode": "FAN_IN"}),
        (I.VarianceScaling, {"distribution": "invalid_dist"}),
        (I.VarianceScaling, {"distribution": "bad", "seed": 1.5}),
        (I.VarianceScaling, {"scale": -1, "mode": "bad",
                             "distribution": "bad", "seed": "a"}),
        (I.RandomNormal, {"seed": 1.5}),
        (I.RandomNormal, {"seed": "a"}),
        (I.STFT, {"side": "imaginary"}),
        (I.STFT, {"side": "Real"}),
        (I.STFT, {"scaling": "l2"}),
        (I.STFT, {"window": "unknown"}),
        (I.STFT, {"window": "kaiser"}),
    ]
    out = []
    for cls, kw in cases:
        try:
            cls(**kw)
        except Exception as e:
            out.append({"class_name": cls.__name__, "kwargs": jsonable(kw),
                        "error_type": type(e).__name__, "message": str(e)})
        else:
            raise AssertionError(f"{cls.__name__}({kw}) did not fail")
    return out


def call_errors_section():
    I = keras.initializers
    cases = [
        (I.Identity, {}, (2, 2, 2)),
        (I.Identity, {}, (5,)),
        (I.Orthogonal, {"seed": SEED}, (5,)),
        (I.Orthogonal, {"seed": SEED}, ()),
        (I.STFT, {}, (8, 3)),
    ]
    out = []
    for cls, kw, shape in cases:
        try:
            cls(**kw)(shape)
        except Exception as e:
            out.append({"class_name": cls.__name__, "kwargs": jsonable(kw),
                        "shape": list(shape), "error_type": type(e).__name__,
                        "message": str(e)})
        else:
            raise AssertionError(f"{cls.__name__}({kw})({shape}) did not fail")
    return out


def identity_section():
    out = []
    for shape, gain in (((3, 3), 2.0), ((2, 3), 2.0), ((3, 2), 1.0),
                        ((1, 4), -0.5)):
        values = keras.initializers.Identity(gain=gain)(shape)
        assert values.dtype == np.float32, values.dtype
        out.append({"gain": gain, "shape": list(shape),
                    "values": flat_floats(values)})
    return out


def stft_entry(kwargs, shape):
    values = np.asarray(keras.initializers.STFT(**kwargs)(shape))
    assert values.dtype == np.float32, values.dtype
    return {"kwargs": jsonable(kwargs), "shape": list(shape),
            "output_shape": list(values.shape), "values": flat_floats(values)}


def window_catalogue():
    """Every window name scipy.signal.get_window knows, and whether it works
    without extra parameters (i.e. whether keras STFT accepts it)."""
    from scipy.signal.windows import _windows
    names = []
    for group, (func, _needs_params) in _windows._WIN_FUNC_DATA.items():
        # canonical = name of the scipy.signal.windows function ("triang"...)
        canonical = func.__name__
        primary = canonical if canonical in group else group[0]
        for name in group:
            names.append((name, canonical, name == primary))
    catalogue = []
    for name, canonical, is_primary in names:
        entry = {"name": name, "canonical": canonical}
        try:
            keras.initializers.STFT(window=name)
            entry["accepted"] = True
        except Exception as e:
            entry["accepted"] = False
            entry["error_type"] = type(e).__name__
            entry["message"] = str(e)
        catalogue.append((entry, is_primary))
    return catalogue


def stft_section():
    fixed = [
        ({}, (4, 1, 3)),
        ({"side": "imag", "window": "hann", "scaling": "density",
          "periodic": True}, (4, 1, 3)),
        ({"side": "real", "window": None}, (16, 1, 9)),
        ({"side": "real", "window": "hamming", "scaling": None,
          "periodic": True}, (16, 1, 9)),
        ({"side": "imag", "window": "tukey", "scaling": "density",
          "periodic": False}, (16, 2, 9)),
        ({"side": "imag", "window": list(range(1, 17)),
          "scaling": "spectrum"}, (16, 1, 9)),
        ({"side": "real", "window": "blackman", "scaling": "spectrum",
          "periodic": False}, (10, 1, 6)),
        ({"side": "real", "window": "bartlett", "scaling": "density",
          "periodic": True}, (8, 1, 5)),
        ({"side": "imag", "window": "hann", "scaling": "density",
          "periodic": False}, (32, 1, 17)),
        ({"side": "real", "window": "boxcar", "scaling": "density",
          "periodic": False}, (8, 1, 5)),
        ({"side": "imag", "window": None, "scaling": None}, (6, 1, 4)),
        ({"side": "real", "window": "hann", "scaling": None}, (6, 1, 4)),
    ]
    out = [stft_entry(kw, shape) for kw, shape in fixed]
    catalogue = window_catalogue()
    for entry, is_primary in catalogue:
        if not (entry["accepted"] and is_primary):
            continue
        for periodic in (False, True):
            out.append(stft_entry({"window": entry["name"],
                                   "periodic": periodic}, (12, 1, 7)))
    return out, [entry for entry, _ in catalogue]


def build():
    serialized, get_errors = serialized_section()
    stft, windows = stft_section()
    return {
        "version": keras.__version__,
        "backend": keras.backend.backend(),
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "fans": fans_section(),
        "calls": calls_section(),
        "serialized": serialized,
        "get_errors": get_errors,
        "serialized_with_params": serialized_with_params_section(),
        "identifiers": identifiers_section(),
        "rejected_identifiers": rejected_identifiers_section(),
        "construct_errors": construct_errors_section(),
        "call_errors": call_errors_section(),
        "identity": identity_section(),
        "stft": stft,
        "stft_windows": windows,
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.join(here, "..", "..", "core", "src", "test",
                               "resources", "io", "jinit", "parity",
                               "keras.json")
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.path.normpath(default_out))
    args = parser.parse_args()
    assert keras.backend.backend() == BACKEND, keras.backend.backend()
    data = build()
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=True, allow_nan=False,
                  ensure_ascii=True)
        f.write("\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
