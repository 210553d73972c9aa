#!/usr/bin/env bash
# Side-by-side fill throughput in one session: jinit's FillBenchmark (JMH) on JDK 17 and on
# JDK 25 from the same jar, then numpy and torch (bench/peers.py), then one table of
# M elem/s per (operation, size, threads).
#
#   bench/compare.sh                       # everything, ~12-15 minutes on 2 cores
#   JMH_ARGS="-p size=16777216" bench/compare.sh   # extra JMH arguments (here: one size only)
#
# Environment:
#   JAR      the benchmark jar (default: bench/target/benchmarks.jar, built if missing)
#   JAVA17   java for the first run (default: java)
#   JAVA25   java for the second run (default: /usr/lib/jvm/temurin-25-jdk-amd64/bin/java)
#   PYTHON   python with numpy, and torch if available (default: python3; if python3 cannot
#            import torch but /tmp/refvenv/bin/python can, that one is used)
#   OUT      result directory (default: bench/results/<date-time>)
#   JMH_ARGS extra arguments for JMH
#   PEERS_ARGS extra arguments for peers.py (e.g. "--sizes 16777216")
#   REBUILD  1 = rebuild the jar even if it exists
#
# Raw outputs (JMH logs and JSON, peers log and JSON, machine facts, load averages) go to $OUT;
# the table is printed and written to $OUT/table.md. The machine may be shared: the table shows
# process CPU time over wall time for every row; rows where it is far below the number of busy
# threads were disturbed and should be re-run.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=${JAR:-$HERE/target/benchmarks.jar}
OUT=${OUT:-$HERE/results/$(date +%Y%m%d-%H%M%S)}
JMH_ARGS=${JMH_ARGS:-}
PEERS_ARGS=${PEERS_ARGS:-}

if [[ -z "${PYTHON:-}" ]]; then
    PYTHON=python3
    if ! python3 -c 'import torch' 2>/dev/null && [[ -x /tmp/refvenv/bin/python ]] \
            && /tmp/refvenv/bin/python -c 'import torch' 2>/dev/null; then
        PYTHON=/tmp/refvenv/bin/python
    fi
fi

mkdir -p "$OUT"
if [[ ! -f "$JAR" || "${REBUILD:-0}" == 1 ]]; then
    (cd "$ROOT" && mvn -q -B -o -pl core,bench package -DskipTests)
fi

load() { echo "$(date '+%F %T') $1: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/load.txt"; }

{
    echo "date: $(date '+%F %T %Z')"
    echo "git: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- core bench/src || echo ' (modified)')"
    echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
    echo "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
    echo "kernel: $(uname -r)"
    echo "jdk17: $("$JAVA17" -version 2>&1 | sed -n 2p)"
    echo "jdk25: $("$JAVA25" -version 2>&1 | sed -n 2p)"
    echo "python: $PYTHON ($("$PYTHON" -c 'import sys, numpy; print(sys.version.split()[0], "numpy", numpy.__version__)'))"
    echo "torch: $("$PYTHON" -c 'import torch; print(torch.__version__)' 2>/dev/null || echo none)"
    echo "jmh args: ${JMH_ARGS:-none}; peers args: ${PEERS_ARGS:-none}"
} | tee "$OUT/machine.txt"

# JMH allows one run per machine at a time (/tmp/jmh.lock); wait for another user's run to end
# instead of failing.
wait_jmh_lock() {
    python3 - <<'WAIT'
import fcntl, os, sys, time
path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "jmh.lock")
start = time.time()
while True:
    try:
        with open(path, "a") as f:
            fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.lockf(f, fcntl.LOCK_UN)
        break
    except OSError:
        time.sleep(2)
if time.time() - start > 1:
    print(f"# waited {time.time() - start:.0f} s for another JMH run to end", file=sys.stderr)
WAIT
}

run_jmh() { # label java
    wait_jmh_lock
    load "before jmh $1"
    # shellcheck disable=SC2086
    "$2" -jar "$JAR" FillBenchmark -rf json -rff "$OUT/jmh-$1.json" $JMH_ARGS 2>&1 | tee "$OUT/jmh-$1.log" \
        | grep -E '^(# Benchmark|# Parameters|JINIT-CPU|Iteration|Benchmark|FillBenchmark)' || true
    load "after jmh $1"
}

run_jmh jdk17 "$JAVA17"
run_jmh jdk25 "$JAVA25"
load "before peers"
# shellcheck disable=SC2086
"$PYTHON" "$HERE/peers.py" --json "$OUT/peers.json" $PEERS_ARGS 2>&1 | tee "$OUT/peers.log"
load "after peers"

python3 - "$OUT" <<'PY' | tee "$OUT/table.md"
import json, re, statistics, sys
from pathlib import Path

out = Path(sys.argv[1])

def jmh(label):
    rows = {}
    f = out / f"jmh-{label}.json"
    if not f.exists():
        return rows
    cpu = {}
    for m in re.finditer(r"JINIT-CPU initializer=(\S+) size=(\d+) threads=(\d+) cpu_over_wall=(\S+)",
                         (out / f"jmh-{label}.log").read_text()):
        cpu[(m[1], int(m[2]), int(m[3]))] = float(m[4])
    for b in json.loads(f.read_text()):
        p = b["params"]
        key = (p["initializer"], int(p["size"]), int(p["threads"]))
        raw = [v for fork in b["primaryMetric"]["rawData"] for v in fork]
        ms = statistics.median(raw)
        rows[key] = (key[1] / ms / 1e3, cpu.get(key))
    return rows

j17, j25 = jmh("jdk17"), jmh("jdk25")
peers = {}
pf = out / "peers.json"
if pf.exists():
    for r in json.loads(pf.read_text())["rows"]:
        peers[(r["lib"], r["op"], r["size"], r["threads"])] = (r["melem_s"], r["cpu_over_wall"])

# jinit initializer -> (torch op, numpy op)
ref = {
    "normal": ("normal_", "standard_normal"),
    "he_normal": ("trunc_normal_", "rejection_trunc"),
    "truncated_normal": ("trunc_normal_", "rejection_trunc"),
    "glorot_uniform": ("uniform_", "random+affine"),
}

def fmt(v):
    return "—" if v is None else f"{v[0]:.0f}" + ("" if v[1] is None else f" ({v[1]:.2f})")

def ratio(a, b):
    return "—" if a is None or b is None else f"{a[0] / b[0]:.2f}"

print(f"# M elem/s, float32, median; (x.xx) = process CPU time / wall time; results in {out}")
print()
print("| operation | size | threads | jinit JDK 17 | jinit JDK 25 | torch | numpy (1 thread) | JDK17/torch | JDK25/torch |")
print("|---|---|---|---|---|---|---|---|---|")
sizes = sorted({k[1] for k in list(j17) + list(j25)} | {k[2] for k in peers})
for init in ("normal", "he_normal", "truncated_normal", "glorot_uniform"):
    t_op, n_op = ref[init]
    for size in sizes:
        for threads in (1, 2):
            a, b = j17.get((init, size, threads)), j25.get((init, size, threads))
            t = peers.get(("torch", t_op, size, threads))
            n = peers.get(("numpy", n_op, size, 1)) if threads == 1 else None
            if a is None and b is None and t is None:
                continue
            print(f"| {init} vs torch {t_op} | 2^{size.bit_length() - 1} | {threads} | {fmt(a)} | {fmt(b)} | "
                  f"{fmt(t)} | {fmt(n) if threads == 1 else ''} | {ratio(a, t)} | {ratio(b, t)} |")
print()
print("Other peer rows (M elem/s (cpu/wall)):")
for (lib, op, size, threads), v in sorted(peers.items()):
    print(f"  {lib} {op} 2^{size.bit_length() - 1} threads={threads}: {fmt(v)}  ({1e3 / v[0]:.2f} ns/elem)")
print()
print("jinit ns/elem (wall):")
for label, rows in (("JDK 17", j17), ("JDK 25", j25)):
    for (init, size, threads), v in sorted(rows.items()):
        print(f"  {label} {init} 2^{size.bit_length() - 1} threads={threads}: {1e3 / v[0]:.2f} ns/elem")
PY
