"""Keras 3.15 side of KerasInteropTest (run with KERAS_BACKEND=torch).

  keras_interop_check.py models DIR       writes DIR/sequential.json and DIR/functional.json, the
                                          to_json() of two models that hold every layer jinit supports,
                                          DIR/nameless.json, the first without its layers' names, and
                                          DIR/unbuilt.json, the first without their build_config
  keras_interop_check.py check JSON FILE  builds keras.models.model_from_json(JSON) twice: one model's
                                          weights are set from jinit's FILE (.safetensors) by variable
                                          path, the other keeps Keras's own initialization; prints a
                                          JSON report on stdout

The check: the paths of model.weights and the file's tensors are the same set, one to one, with equal
shapes and dtypes, and every weight assigns; a weight Keras initializes to the same values in two
models (zeros, ones, the LSTM forget gate's ones) must be equal to jinit's element for element; a
random weight's mean and standard deviation must agree with Keras's own within 6 standard errors
(sigma * sqrt(2 / n) for the means' difference, sigma / sqrt(n) for the standard deviations', sigma
Keras's sample standard deviation; a false alarm about 2e-9 per comparison); a weight Keras makes
orthogonal (W W^T = I or W^T W = I, the smaller side) must be so in jinit's file to 1e-5.
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402
from safetensors.numpy import load_file  # noqa: E402

SIGMAS = 6.0


def models(out_dir):
    seq = keras.Sequential([
        keras.Input((12, 12, 3)),
        layers.Conv2D(8, 3, kernel_initializer="he_normal", bias_initializer=keras.initializers.Constant(0.25)),
        layers.DepthwiseConv2D(3, depth_multiplier=2, depthwise_initializer="lecun_uniform"),
        layers.SeparableConv2D(6, 3, depth_multiplier=2),
        layers.BatchNormalization(),
        layers.Reshape((36, 6)),
        layers.Conv1D(16, 2, use_bias=False, kernel_initializer=keras.initializers.RandomNormal(stddev=0.1)),
        layers.SimpleRNN(12, return_sequences=True),
        layers.LSTM(10, return_sequences=True),
        layers.GRU(9, return_sequences=True, reset_after=False),
        layers.LayerNormalization(),
        layers.EinsumDense("abc,cd->abd", output_shape=(None, 20), bias_axes="d"),
        layers.Dense(30, kernel_initializer=keras.initializers.VarianceScaling(2.0, "fan_out", "uniform")),
    ], name="seq")
    tokens = keras.Input((10,), dtype="int32", name="tokens")
    volume = keras.Input((4, 6, 6, 2), name="volume")
    x = layers.Embedding(50, 16, embeddings_initializer=keras.initializers.TruncatedNormal(stddev=0.02))(tokens)
    x = layers.MultiHeadAttention(2, 8, use_gate=True)(x, x)
    x = layers.LayerNormalization(axis=[1, 2])(x)
    shared = layers.Dense(16, kernel_initializer="orthogonal", name="shared")
    x = shared(shared(x))
    x = layers.GRU(7)(x)
    v = layers.Conv3D(5, 2)(volume)
    v = layers.Flatten()(v)
    v = layers.Dense(7, kernel_initializer="glorot_normal")(v)
    out = layers.Concatenate()([x, v])
    fun = keras.Model([tokens, volume], out, name="fun")
    for name, model in (("sequential.json", seq), ("functional.json", fun)):
        with open(os.path.join(out_dir, name), "w") as f:
            f.write(model.to_json())
    # The Sequential model without its layers' names: model_from_json names them with auto_name,
    # and the first model a fresh process builds from it has the names jinit gives.
    nameless = json.loads(seq.to_json())
    for layer in nameless["config"]["layers"]:
        layer["config"].pop("name", None)
    with open(os.path.join(out_dir, "nameless.json"), "w") as f:
        json.dump(nameless, f)
    # The Sequential model without its layers' build_config: model_from_json builds them when it
    # builds the model, from the Input's shape, under the model's name (seq/conv2d/kernel).
    unbuilt = json.loads(seq.to_json())
    for layer in unbuilt["config"]["layers"]:
        layer.pop("build_config", None)
    with open(os.path.join(out_dir, "unbuilt.json"), "w") as f:
        json.dump(unbuilt, f)


def orthogonal(w):
    m = w.reshape(-1, w.shape[-1]).astype(np.float64)
    g = m @ m.T if m.shape[0] <= m.shape[1] else m.T @ m
    return float(np.max(np.abs(g - np.eye(g.shape[0]))))


def check(json_path, file_path):
    text = open(json_path).read()
    model = keras.models.model_from_json(text)
    reference = keras.models.model_from_json(text)
    again = keras.models.model_from_json(text)
    tensors = load_file(file_path)
    paths = [w.path for w in model.weights]
    report = {"keras": keras.__version__, "weights": len(paths), "errors": [], "checked": {},
              "layers": [layer.name for layer in model.layers]}
    errors = report["errors"]
    if len(set(paths)) != len(paths):
        errors.append("duplicate paths in model.weights: %s" % paths)
    missing = sorted(set(paths) - set(tensors))
    unexpected = sorted(set(tensors) - set(paths))
    if missing or unexpected:
        errors.append("paths differ: missing %s, unexpected %s" % (missing, unexpected))
    for w, ref, ref2 in zip(model.weights, reference.weights, again.weights):
        if w.path not in tensors:
            continue
        t = tensors[w.path]
        if tuple(t.shape) != tuple(w.shape):
            errors.append("%s: shape %s, Keras %s" % (w.path, t.shape, tuple(w.shape)))
            continue
        if str(t.dtype) != str(w.dtype):
            errors.append("%s: dtype %s, Keras %s" % (w.path, t.dtype, w.dtype))
        w.assign(t)
        got = keras.ops.convert_to_numpy(w.value).astype(np.float64)
        if not np.array_equal(got, t.astype(np.float64)):
            errors.append("%s: the assigned value differs from the file's" % w.path)
        r = keras.ops.convert_to_numpy(ref.value).astype(np.float64)
        r2 = keras.ops.convert_to_numpy(ref2.value).astype(np.float64)
        if np.array_equal(r, r2):
            kind = "exact"
            if not np.array_equal(got, r):
                errors.append("%s: Keras gives it fixed values %s, jinit %s" % (w.path, r.ravel()[:8], got.ravel()[:8]))
        else:
            kind = "statistics"
            n = got.size
            sigma = r.std()
            if abs(got.mean() - r.mean()) > SIGMAS * sigma * np.sqrt(2.0 / n):
                errors.append("%s: mean %g, Keras %g (n %d)" % (w.path, got.mean(), r.mean(), n))
            if abs(got.std() - r.std()) > SIGMAS * sigma / np.sqrt(n):
                errors.append("%s: std %g, Keras %g (n %d)" % (w.path, got.std(), r.std(), n))
            if w.ndim >= 2 and orthogonal(r) < 1e-5:
                kind = "orthogonal"
                if orthogonal(got) > 1e-5:
                    errors.append("%s: Keras makes it orthogonal, jinit's is not (%g)" % (w.path, orthogonal(got)))
        report["checked"][w.path] = kind
    print(json.dumps(report))


if __name__ == "__main__":
    if sys.argv[1] == "models":
        models(sys.argv[2])
    else:
        check(sys.argv[2], sys.argv[3])
