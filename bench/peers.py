#!/usr/bin/env python3
"""Peer timings for bench/compare.sh: numpy and (if importable) torch filling float32 arrays.

In-process, float32, sizes 2^24 and 2^26, output preallocated (torch tensors of shape
(size/1024, 1024), numpy arrays filled with out=). Each operation: 1 warm-up call, then 7 timed
calls; the median wall time (time.perf_counter) is reported together with the median CPU time
of the process (time.process_time) as a noise check: CPU/wall near the number of busy threads
means nobody else had the cores; well below it means the row was disturbed.

numpy (single-threaded, Generator(PCG64), seed 42):
  normal     standard_normal(dtype=float32, out=x)                       (no scaling: favours numpy)
  uniform    random(dtype=float32, out=x); x *= 2a; x -= a               (in place, U[-a, a))
  trunc      rejection at ±2σ: standard_normal(out=x); redraw x[|x| > 2] until none; x *= 0.05

torch, at torch.set_num_threads(1) and (2):
  normal_          nn.init.normal_(t, 0, 0.05)
  uniform_         nn.init.uniform_(t, -a, a)      (a = glorot limit of the shape)
  trunc_normal_    nn.init.trunc_normal_(t, std=0.05, a=-0.1, b=0.1)
  kaiming_normal_  nn.init.kaiming_normal_(t)     (fan_in, relu: an untruncated normal)

How many threads torch uses (torch 2.13 CPU; compare the 1- and 2-thread rows and their
CPU/wall): the CPU generator is one object behind a mutex, and normal_, uniform_ and
kaiming_normal_ draw from it on the calling thread, so they run on one thread whatever
set_num_threads says (CPU/wall ~1 at both settings, same rate). trunc_normal_ in torch 2.13 is no
longer the uniform -> erfinv_ recipe: for a mass above 0.3 (here 0.954) it is Python rejection
that calls normal_ on the whole tensor, then, while any element lies outside [a, b], draws a
whole new tensor with normal_ and merges it with torch.where until none is left (4.55 % stay
out per round: 5-6 whole-tensor redraws at 2^24 elements, 6-7 at 2^26). Only the mask, any()
and where() parts are multi-threaded element-wise kernels; measured, a second thread makes no
difference beyond the run-to-run spread.
"""

import argparse
import json
import math
import statistics
import sys
import time

import numpy as np

SIZES = (1 << 24, 1 << 26)
SEED = 42
REPS = 7


def wanted(only, lib, op, size, threads):
    return only is None or f"{lib}/{op}/{size}/{threads}" in only


def timed(fn, reps=REPS):
    fn()  # warm-up
    wall, cpu = [], []
    for _ in range(reps):
        c0 = time.process_time()
        t0 = time.perf_counter()
        fn()
        t1 = time.perf_counter()
        c1 = time.process_time()
        wall.append(t1 - t0)
        cpu.append(c1 - c0)
    return statistics.median(wall), min(wall), statistics.median(cpu)


def numpy_rows(size, only=None):
    rng = np.random.Generator(np.random.PCG64(SEED))
    x = np.empty(size, dtype=np.float32)
    x.fill(0.0)  # touch the pages before timing
    a = np.float32(math.sqrt(6.0 / (size // 1024 + 1024)))

    def normal():
        rng.standard_normal(dtype=np.float32, out=x)

    def uniform():
        rng.random(dtype=np.float32, out=x)
        np.multiply(x, np.float32(2.0) * a, out=x)
        np.subtract(x, a, out=x)

    def trunc():
        rng.standard_normal(dtype=np.float32, out=x)
        bad = np.flatnonzero(np.abs(x) > 2.0)
        while bad.size:
            x[bad] = rng.standard_normal(bad.size, dtype=np.float32)
            bad = bad[np.abs(x[bad]) > 2.0]
        np.multiply(x, np.float32(0.05), out=x)

    for name, fn in (("standard_normal", normal), ("random+affine", uniform), ("rejection_trunc", trunc)):
        if wanted(only, "numpy", name, size, 1):
            yield "numpy", name, size, 1, timed(fn)


def torch_rows(torch, size, threads, only=None):
    torch.set_num_threads(threads)
    torch.manual_seed(SEED)
    t = torch.empty(size // 1024, 1024, dtype=torch.float32)
    t.zero_()
    nn = torch.nn.init
    a = math.sqrt(6.0 / (size // 1024 + 1024))
    ops = (
        ("normal_", lambda: nn.normal_(t, 0.0, 0.05)),
        ("uniform_", lambda: nn.uniform_(t, -a, a)),
        ("trunc_normal_", lambda: nn.trunc_normal_(t, std=0.05, a=-0.1, b=0.1)),
        ("kaiming_normal_", lambda: nn.kaiming_normal_(t)),
    )
    with torch.no_grad():
        for name, fn in ops:
            if wanted(only, "torch", name, size, threads):
                yield "torch", name, size, threads, timed(fn)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", help="write the rows to this file")
    ap.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    ap.add_argument("--only", help="measure only these rows: LIB/OP/SIZE/THREADS,... (re-runs)")
    args = ap.parse_args()
    only = set(args.only.split(",")) if args.only else None
    sizes = sorted({int(k.split("/")[2]) for k in only}) if only else [int(s) for s in args.sizes.split(",")]

    try:
        import torch
    except ImportError:
        torch = None
    versions = {"python": sys.version.split()[0], "numpy": np.__version__,
                "torch": torch.__version__ if torch else None}
    print("# peers: " + ", ".join(f"{k} {v}" for k, v in versions.items()), flush=True)
    if torch is None:
        print("# torch not importable: torch rows skipped", flush=True)

    rows = []
    gens = []
    for size in sizes:
        gens.append(numpy_rows(size, only))
        if torch is not None:
            gens.append(torch_rows(torch, size, 1, only))
            gens.append(torch_rows(torch, size, 2, only))
    print(f"{'lib':6} {'operation':16} {'size':>9} {'thr':>3} {'median ms':>10} {'best ms':>9} "
          f"{'M elem/s':>9} {'ns/elem':>8} {'cpu/wall':>8}", flush=True)
    for gen in gens:
        for lib, op, size, threads, (med, best, cpu) in gen:
            melem = size / med / 1e6
            row = {"lib": lib, "op": op, "size": size, "threads": threads, "median_ms": med * 1e3,
                   "best_ms": best * 1e3, "cpu_ms": cpu * 1e3, "melem_s": melem, "cpu_over_wall": cpu / med}
            rows.append(row)
            print(f"{lib:6} {op:16} {size:>9} {threads:>3} {med * 1e3:>10.1f} {best * 1e3:>9.1f} "
                  f"{melem:>9.1f} {1e3 / melem:>8.2f} {cpu / med:>8.2f}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"versions": versions, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
