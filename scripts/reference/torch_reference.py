#!/usr/bin/env python3
# Reference-value generator for jinit's torch.nn.init parity tests.
#
# Library versions: torch 2.13.0+cpu, numpy 2.4.6, Python 3.11.
#
# Regenerate (from the repository root, with the venv described in README.md):
#   /tmp/refvenv/bin/python scripts/reference/torch_reference.py
# which writes core/src/test/resources/io/jinit/parity/torch.json.
# Use `--out FILE` to write somewhere else (e.g. to check determinism).
#
# The arguments torch.nn.init passes to the in-place samplers are captured by
# temporarily replacing torch.Tensor.uniform_ / torch.Tensor.normal_ with
# recording wrappers that then call the original methods.
import argparse
import contextlib
import json
import math
import os
import warnings

import torch
import torch.nn as nn
import torch.nn.init as init

SEED = 0


# --------------------------------------------------------------------------
# Recording Tensor.uniform_ / Tensor.normal_
# --------------------------------------------------------------------------
class SamplerRecorder:
    # (op name, python parameter names, names used in the JSON, defaults)
    OPS = {
        "uniform_": (("from", "to"), ("a", "b"), (0.0, 1.0)),
        "normal_": (("mean", "std"), ("mean", "std"), (0.0, 1.0)),
    }

    def __init__(self):
        self.calls = []

    def _wrap(self, op, original):
        params, json_names, defaults = self.OPS[op]
        recorder = self

        def wrapper(tensor, *args, **kwargs):
            values = list(defaults)
            for i, v in enumerate(args):
                values[i] = v
            for i, name in enumerate(params):
                if name in kwargs:
                    values[i] = kwargs[name]
            recorder.calls.append({
                "op": op,
                "tensor": tensor,
                "op_shape": list(tensor.shape),
                "args": dict(zip(json_names, values)),
            })
            return original(tensor, *args, **kwargs)

        return wrapper

    @contextlib.contextmanager
    def active(self):
        self.calls = []
        saved = {op: getattr(torch.Tensor, op) for op in self.OPS}
        for op, fn in saved.items():
            setattr(torch.Tensor, op, self._wrap(op, fn))
        try:
            yield self
        finally:
            for op, fn in saved.items():
                setattr(torch.Tensor, op, fn)


RECORDER = SamplerRecorder()


def plain(call):
    return {"op": call["op"], "op_shape": call["op_shape"],
            "args": call["args"]}


# --------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------
def gains_section():
    cases = [(n, None) for n in (
        "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
        "conv_transpose2d", "conv_transpose3d", "sigmoid", "tanh", "relu")]
    cases += [("leaky_relu", p)
              for p in (None, 0, 0.2, 10, 0.01, math.sqrt(5))]
    cases += [("selu", None), ("tanh", 0.2), ("relu", 3)]
    gains = []
    for nonlinearity, param in cases:
        g = init.calculate_gain(nonlinearity, param)
        gains.append({"nonlinearity": nonlinearity, "param": param,
                      "gain": float(g), "python_type": type(g).__name__})
    errors = []
    for nonlinearity, param in (("foo", None), ("leaky_relu", True),
                                ("leaky_relu", "x")):
        try:
            init.calculate_gain(nonlinearity, param)
        except Exception as e:
            errors.append({"nonlinearity": nonlinearity, "param": param,
                           "error_type": type(e).__name__,
                           "message": str(e)})
        else:
            raise AssertionError((nonlinearity, param))
    return gains, errors


def fans_section():
    fans = []
    for shape in ((4, 3), (1, 1), (0, 5), (5, 0), (400, 300), (16, 8, 3),
                  (32, 16, 3, 3), (8, 4, 2, 3, 3), (2, 3, 1, 1, 1, 4)):
        fan_in, fan_out = init._calculate_fan_in_and_fan_out(
            torch.empty(shape))
        fans.append({"shape": list(shape), "fan_in": fan_in,
                     "fan_out": fan_out})
    errors = []
    for shape in ((), (5,)):
        try:
            init._calculate_fan_in_and_fan_out(torch.empty(shape))
        except Exception as e:
            errors.append({"shape": list(shape),
                           "error_type": type(e).__name__,
                           "message": str(e)})
        else:
            raise AssertionError(shape)
    return fans, errors


def run_function(name, kwargs, shape):
    """Run torch.nn.init.<name> on a fresh tensor, return recorded calls."""
    torch.manual_seed(SEED)
    t = torch.empty(shape)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with RECORDER.active():
            getattr(init, name)(t, **kwargs)
    calls = [plain(c) for c in RECORDER.calls]
    return t, calls, [str(w.message) for w in caught]


def call_entry(name, kwargs, shape):
    _, calls, _ = run_function(name, kwargs, shape)
    if len(calls) != 1:
        raise AssertionError(f"{name}{kwargs} on {shape}: {calls}")
    c = calls[0]
    return {"function": name, "kwargs": kwargs, "shape": list(shape),
            "op": c["op"], "op_shape": c["op_shape"], "args": c["args"]}


def calls_section():
    out = []
    for kw in ({}, {"a": -1, "b": 3}, {"a": -0.25, "b": 0.75}):
        out.append(call_entry("uniform_", kw, (4, 3)))
    for kw in ({}, {"mean": 1, "std": 0.5}, {"mean": -0.5, "std": 2.0}):
        out.append(call_entry("normal_", kw, (4, 3)))
    for fn in ("xavier_uniform_", "xavier_normal_"):
        for kw in ({}, {"gain": 1.0}, {"gain": 2.0},
                   {"gain": math.sqrt(2.0)}, {"gain": 5.0 / 3}):
            for shape in ((400, 300), (32, 16, 3, 3)):
                out.append(call_entry(fn, kw, shape))
        for shape in ((1, 1), (16, 8, 3), (0, 5), (8, 4, 2, 3, 3)):
            out.append(call_entry(fn, {}, shape))
    kaiming_kwargs = [
        {},
        {"a": math.sqrt(5)},
        {"a": 0.2},
        {"a": 0},
        {"mode": "fan_out"},
        {"mode": "FAN_OUT"},
        {"nonlinearity": "relu"},
        {"nonlinearity": "relu", "mode": "fan_out"},
        {"nonlinearity": "tanh"},
        {"nonlinearity": "selu"},
        {"nonlinearity": "linear"},
        {"nonlinearity": "sigmoid"},
        {"nonlinearity": "conv2d", "a": 5.0},
        {"a": 0.2, "mode": "fan_out", "nonlinearity": "leaky_relu"},
    ]
    for fn in ("kaiming_uniform_", "kaiming_normal_"):
        for kw in kaiming_kwargs:
            for shape in ((400, 300), (32, 16, 3, 3), (16, 8, 3)):
                out.append(call_entry(fn, kw, shape))
        for shape in ((1, 1), (8, 4, 2, 3, 3)):
            out.append(call_entry(fn, {}, shape))
    for shape in ((4, 4), (3, 5), (5, 3), (2, 3, 4)):
        out.append(call_entry("orthogonal_", {}, shape))
        out.append(call_entry("orthogonal_", {"gain": 2.0}, shape))
    out.extend(trunc_normal_entries())
    return out


TRUNC_NOTE = (
    "torch 2.13 trunc_normal_ is rejection sampling, not the older "
    "inverse-CDF (uniform_ + erfinv_) method. It computes "
    "p = Phi((b-mean)/std) - Phi((a-mean)/std). If p > 0.3: "
    "tensor.normal_(mean, std), then repeatedly redraw the entries outside "
    "[a, b] (a, b rounded to the tensor dtype) with "
    "torch.where(mask, torch.empty_like(result).normal_(mean, std), result) "
    "until none is outside. Otherwise: proposals tensor.uniform_(a, b); "
    "log-density score -(x-mean)^2/(2 std^2) - log_peak (log_peak is the "
    "same expression at mode = clamp(mean, a, b)); accept where "
    "log(U) <= score with U from accept_buf.uniform_() (0..1); pending entries "
    "get new candidates.uniform_(a, b) and new accept_buf.uniform_() draws "
    "each round (torch.where keeps accepted values) until nothing is "
    "pending. The recorded internal_ops list every uniform_/normal_ call "
    "in order for torch.manual_seed(0).")


def trunc_normal_entries():
    out = []
    cases = [
        ({}, (100,)),
        ({}, (20, 30)),
        ({"mean": 0.5, "std": 0.1, "a": 0.0, "b": 1.0}, (100,)),
        ({"mean": 0.0, "std": 2.0, "a": -1.0, "b": 1.0}, (100,)),
        ({"mean": 0.0, "std": 5.0, "a": -1.0, "b": 1.0}, (100,)),
        ({"mean": 0.0, "std": 1.0, "a": 2.0, "b": 3.0}, (100,)),
    ]
    for kw, shape in cases:
        t, calls, _ = run_function("trunc_normal_", kw, shape)
        mean = kw.get("mean", 0.0)
        std = kw.get("std", 1.0)
        a = kw.get("a", -2.0)
        b = kw.get("b", 2.0)

        def phi(x):
            return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0

        p = phi((b - mean) / std) - phi((a - mean) / std)
        assert bool(((t >= a) & (t <= b)).all())
        out.append({
            "function": "trunc_normal_", "kwargs": kw, "shape": list(shape),
            "op": calls[0]["op"], "op_shape": calls[0]["op_shape"],
            "args": calls[0]["args"],
            "p": p, "branch": "normal_rejection" if p > 0.3
            else "uniform_proposal",
            "internal_ops": calls,
            "note": "internal_ops = every Tensor.uniform_/normal_ call "
                    "trunc_normal_ made, in order, after torch.manual_seed(0); "
                    "p and branch are computed by this script with the same "
                    "formula; see trunc_normal_algorithm",
        })
    return out


def zero_element_section():
    out = []
    for name in ("kaiming_uniform_", "kaiming_normal_", "xavier_uniform_",
                 "xavier_normal_", "orthogonal_"):
        _, calls, caught = run_function(name, {}, (0, 5))
        out.append({"function": name, "shape": [0, 5], "calls": calls,
                    "warnings": caught})
    return out


def module_specs():
    return [
        ("Linear", nn.Linear, [3, 4], {}),
        ("Linear", nn.Linear, [128, 64], {}),
        ("Linear", nn.Linear, [20, 10], {"bias": True}),
        ("Linear", nn.Linear, [20, 10], {"bias": False}),
        ("Conv1d", nn.Conv1d, [16, 8, 3], {}),
        ("Conv2d", nn.Conv2d, [3, 16, 5], {}),
        ("Conv2d", nn.Conv2d, [8, 16, 3], {"groups": 2}),
        ("ConvTranspose2d", nn.ConvTranspose2d, [8, 4, 3], {}),
        ("Bilinear", nn.Bilinear, [5, 6, 7], {}),
        ("RNN", nn.RNN, [10, 20], {}),
        ("LSTM", nn.LSTM, [10, 20], {}),
        ("GRU", nn.GRU, [10, 20], {}),
        ("LSTMCell", nn.LSTMCell, [10, 20], {}),
        ("Embedding", nn.Embedding, [10, 3], {}),
        ("Embedding", nn.Embedding, [10, 3], {"padding_idx": 2}),
    ]


def modules_section():
    out = []
    for type_name, cls, args, kwargs in module_specs():
        torch.manual_seed(SEED)
        with RECORDER.active():
            module = cls(*args, **kwargs)
        calls = list(RECORDER.calls)
        names = {}
        for name, p in module.named_parameters():
            names[id(p)] = name
        params = []
        for c in calls:
            name = names.get(id(c["tensor"]))
            if name is None:
                raise AssertionError(f"{type_name}: call on non-parameter")
            params.append({"name": name, "shape": c["op_shape"],
                           "op": c["op"], "args": c["args"]})
        initialised = [p["name"] for p in params]
        all_names = [n for n, _ in module.named_parameters()]
        assert sorted(initialised) == sorted(all_names), (initialised,
                                                          all_names)
        entry = {"module": repr(module),
                 "constructor": {"type": type_name, "args": args,
                                 "kwargs": kwargs},
                 "parameter_order": all_names,
                 "params": params}
        if type_name == "Embedding" and "padding_idx" in kwargs:
            idx = kwargs["padding_idx"]
            entry["padding_idx"] = idx
            entry["padding_row_zero"] = bool(
                (module.weight[idx] == 0).all())
            entry["padding_row"] = [float(v) for v in
                                    module.weight[idx].tolist()]
        out.append(entry)
    return out


def values_of(t):
    return [float(v) for v in t.reshape(-1).tolist()]


def eye_dirac_section():
    eye = []
    for shape in ((3, 3), (2, 3), (3, 2), (1, 4)):
        t = init.eye_(torch.full(shape, 7.0))
        eye.append({"shape": list(shape), "values": values_of(t)})
    dirac = []
    for shape, groups in (((4, 2, 3), 1), ((4, 4, 3, 3), 1),
                          ((4, 2, 3, 3), 2), ((6, 3, 2, 2), 2),
                          ((2, 2, 4, 4), 1), ((4, 4, 2, 3, 3), 1),
                          ((2, 4, 3), 1)):
        t = init.dirac_(torch.full(shape, 7.0), groups=groups)
        dirac.append({"shape": list(shape), "groups": groups,
                      "values": values_of(t)})
    eye_errors = []
    for shape in ((5,), (2, 3, 4)):
        try:
            init.eye_(torch.empty(shape))
        except Exception as e:
            eye_errors.append({"shape": list(shape),
                               "error_type": type(e).__name__,
                               "message": str(e)})
        else:
            raise AssertionError(shape)
    dirac_errors = []
    for shape, groups in (((3, 3), 1), ((1, 1, 1, 1, 1, 1), 1),
                          ((5, 2, 3), 2)):
        try:
            init.dirac_(torch.empty(shape), groups=groups)
        except Exception as e:
            dirac_errors.append({"shape": list(shape), "groups": groups,
                                 "error_type": type(e).__name__,
                                 "message": str(e)})
        else:
            raise AssertionError(shape)
    return eye, dirac, eye_errors, dirac_errors


def simple_errors(cases):
    out = []
    for name, kwargs, shape in cases:
        try:
            getattr(init, name)(torch.empty(shape), **kwargs)
        except Exception as e:
            out.append({"function": name, "kwargs": kwargs,
                        "shape": list(shape), "error_type": type(e).__name__,
                        "message": str(e)})
        else:
            raise AssertionError((name, kwargs, shape))
    return out


def sparse_section():
    out = []
    for shape, sparsity, std in (((10, 5), 0.1, 0.01), ((10, 5), 0.5, 0.01),
                                 ((7, 3), 0.3, 0.01), ((100, 20), 0.9, 0.01),
                                 ((10, 5), 0.5, 2.0), ((10, 4), 0.0, 0.01)):
        t, calls, _ = run_function("sparse_", {"sparsity": sparsity,
                                              "std": std}, shape)
        per_col = [int(v) for v in (t == 0).sum(dim=0).tolist()]
        assert len(set(per_col)) == 1, per_col
        out.append({"shape": list(shape), "sparsity": sparsity, "std": std,
                    "zeros_per_column": per_col[0],
                    "ceil_sparsity_times_rows": math.ceil(sparsity * shape[0]),
                    "op": calls[0]["op"], "args": calls[0]["args"]})
    return out


def build():
    gains, gain_errors = gains_section()
    fans, fan_errors = fans_section()
    eye, dirac, eye_errors, dirac_errors = eye_dirac_section()
    return {
        "version": torch.__version__,
        "gains": gains,
        "gain_errors": gain_errors,
        "fans": fans,
        "fan_errors": fan_errors,
        "calls": calls_section(),
        "zero_element": zero_element_section(),
        "modules": modules_section(),
        "eye": eye,
        "dirac": dirac,
        "eye_errors": eye_errors,
        "dirac_errors": dirac_errors,
        "orthogonal_errors": simple_errors([("orthogonal_", {}, (5,)),
                                            ("orthogonal_", {}, ())]),
        "sparse_errors": simple_errors([("sparse_", {"sparsity": 0.1},
                                         (2, 3, 4)),
                                        ("sparse_", {"sparsity": 0.1},
                                         (5,))]),
        "sparse": sparse_section(),
        "errors": simple_errors([
            ("kaiming_uniform_", {}, (5,)),
            ("kaiming_uniform_", {"mode": "bad"}, (4, 3)),
            ("kaiming_normal_", {"mode": "bad"}, (4, 3)),
            ("kaiming_uniform_", {"mode": "bad"}, (5,)),
            ("kaiming_uniform_", {"nonlinearity": "foo"}, (4, 3)),
            ("xavier_uniform_", {}, (5,)),
            ("xavier_normal_", {}, ()),
            ("normal_", {"std": -1}, (4, 3)),
            ("uniform_", {"a": 2, "b": 1}, (4, 3)),
        ]),
        "trunc_normal_algorithm": TRUNC_NOTE,
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.join(here, "..", "..", "core", "src", "test",
                               "resources", "io", "jinit", "parity",
                               "torch.json")
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.path.normpath(default_out))
    args = parser.parse_args()
    torch.set_num_threads(1)
    data = build()
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=True, allow_nan=False,
                  ensure_ascii=True)
        f.write("\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
