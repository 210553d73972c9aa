#!/usr/bin/env bash
# Side-by-side fill throughput in one session: jinit's FillBenchmark (JMH) on JDK 17 and on
# JDK 25 from the same jar, then numpy and torch (bench/peers.py), then one table of
# M elem/s per (operation, size, threads).
#
#   bench/compare.sh                               # everything, ~12-15 minutes on 2 cores
#   JMH_ARGS="-p size=16777216" bench/compare.sh   # extra JMH arguments (here: one size only)
#
# Environment:
#   JAR        the benchmark jar (default: bench/target/benchmarks.jar, built if missing)
#   JAVA17     java for the first run (default: java)
#   JAVA25     java for the second run (default: /usr/lib/jvm/temurin-25-jdk-amd64/bin/java)
#   PYTHON     python with numpy, and torch if available (default: python3; if python3 cannot
#              import torch but /tmp/refvenv/bin/python can, that one is used)
#   OUT        result directory (default: bench/results/<date-time>)
#   JMH_ARGS   extra arguments for JMH
#   PEERS_ARGS extra arguments for peers.py (e.g. "--sizes 16777216")
#   RETRIES    how many times a disturbed row is measured again (default 1; 0 = never)
#   RETRY_ONLY 1 = run nothing new except the retries of the disturbed rows already in $OUT
#   IDLE_WAIT  before each JMH run and each peers run, wait at most this many seconds for the
#              cores to be idle (default 180)
#   REBUILD    1 = rebuild the jar even if it exists
#
# The machine may be shared. Every row carries the process CPU time over wall time; a jinit row
# whose ratio is below 0.85 x threads, or a peer row below 0.85, had its cores taken by someone
# else, and is measured again (RETRIES) right after its part; the table uses the measurement
# with the higher ratio, marks re-measured rows with "r" and rows that stayed disturbed with "!".
#
# Raw outputs (JMH logs and JSON, peers log and JSON, retries, machine facts, load averages) go
# to $OUT; the table is printed and written to $OUT/table.md.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=${JAR:-$HERE/target/benchmarks.jar}
OUT=${OUT:-$HERE/results/$(date +%Y%m%d-%H%M%S)}
JMH_ARGS=${JMH_ARGS:-}
PEERS_ARGS=${PEERS_ARGS:-}
RETRIES=${RETRIES:-1}
RETRY_ONLY=${RETRY_ONLY:-0}
IDLE_WAIT=${IDLE_WAIT:-180}

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

if [[ "$RETRY_ONLY" != 1 ]]; then
    {
        echo "date: $(date '+%F %T %Z')"
        echo "git: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- core bench/src || echo ' (modified)')"
        echo "jar: $JAR ($(date -r "$JAR" '+%F %T'), sha256 $(sha256sum "$JAR" | cut -c1-12))"
        echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
        echo "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
        echo "kernel: $(uname -r)"
        echo "jdk17: $("$JAVA17" -version 2>&1 | sed -n 2p)"
        echo "jdk25: $("$JAVA25" -version 2>&1 | sed -n 2p)"
        echo "python: $PYTHON ($("$PYTHON" -c 'import sys, numpy; print(sys.version.split()[0], "numpy", numpy.__version__)'))"
        echo "torch: $("$PYTHON" -c 'import torch; print(torch.__version__)' 2>/dev/null || echo none)"
        echo "jmh args: ${JMH_ARGS:-none}; peers args: ${PEERS_ARGS:-none}; retries: $RETRIES"
    } | tee "$OUT/machine.txt"
fi

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

# Waits (at most IDLE_WAIT seconds) until the other processes leave the cores idle: at least
# 90 % idle over one second. Load averages lag by a minute; this looks at the last second.
wait_idle() {
    python3 - "$IDLE_WAIT" <<'IDLE'
import sys, time
def snap():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return v[3] + v[4], sum(v)
limit, start = float(sys.argv[1]), time.time()
while True:
    i0, t0 = snap()
    time.sleep(1)
    i1, t1 = snap()
    idle = (i1 - i0) / max(1, t1 - t0)
    if idle >= 0.9 or time.time() - start > limit:
        break
waited = time.time() - start
if waited > 2:
    print(f"# waited {waited:.0f} s for idle cores (last second {idle:.0%} idle)", file=sys.stderr)
IDLE
}

jmh() { # json log java [jmh arguments]
    local json=$1 log=$2 java=$3
    shift 3
    wait_jmh_lock
    wait_idle
    "$java" -jar "$JAR" FillBenchmark -rf json -rff "$json" "$@" 2>&1 | tee -a "$log" \
        | grep -E '^(# Benchmark|# Parameters|JINIT-CPU|Benchmark|FillBenchmark)' || true
}

# Rows of a part that were disturbed, one per line: "jmh LABEL INITIALIZER SIZE THREADS" or
# "peers LIB/OP/SIZE/THREADS"; considers the retries already made.
disturbed() { # part label
    python3 - "$OUT" "$1" "$2" <<'PY'
import json, re, sys
from pathlib import Path
out, part, label = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
best = {}
if part == "jmh":
    for log in sorted(out.glob(f"jmh-{label}*.log")):
        for m in re.finditer(r"JINIT-CPU initializer=(\S+) size=(\d+) threads=(\d+) cpu_over_wall=(\S+)", log.read_text()):
            key = (m[1], m[2], m[3])
            best[key] = max(best.get(key, 0.0), float(m[4]) / int(m[3]))
    for (init, size, threads), r in sorted(best.items()):
        if r < 0.85:
            print(f"jmh {label} {init} {size} {threads}")
else:
    for f in sorted(out.glob("peers*.json")):
        for row in json.loads(f.read_text())["rows"]:
            key = f"{row['lib']}/{row['op']}/{row['size']}/{row['threads']}"
            best[key] = max(best.get(key, 0.0), row["cpu_over_wall"])
    for key, r in sorted(best.items()):
        if r < 0.85:
            print(f"peers {key}")
PY
}

run_jmh() { # label java
    local label=$1 java=$2
    if [[ "$RETRY_ONLY" != 1 ]]; then
        load "before jmh $label"
        # shellcheck disable=SC2086
        jmh "$OUT/jmh-$label.json" "$OUT/jmh-$label.log" "$java" $JMH_ARGS
        load "after jmh $label"
    fi
    local first
    first=$(($(find "$OUT" -maxdepth 1 -name "jmh-$label-retry*.log" | wc -l) + 1))
    for ((attempt = first; attempt < first + RETRIES; attempt++)); do
        local rows
        rows=$(disturbed jmh "$label")
        [[ -z "$rows" ]] && break
        while read -r _ _ init size threads; do
            load "retry $attempt jmh $label $init $size $threads"
            jmh "$OUT/jmh-$label-retry$attempt-$init-$size-$threads.json" "$OUT/jmh-$label-retry$attempt.log" "$java" \
                -p "initializer=$init" -p "size=$size" -p "threads=$threads"
        done <<< "$rows"
    done
}

run_peers() {
    if [[ "$RETRY_ONLY" != 1 ]]; then
        wait_idle
        load "before peers"
        # shellcheck disable=SC2086
        "$PYTHON" "$HERE/peers.py" --json "$OUT/peers.json" $PEERS_ARGS 2>&1 | tee "$OUT/peers.log"
        load "after peers"
    fi
    local first
    first=$(($(find "$OUT" -maxdepth 1 -name "peers-retry*.json" | wc -l) + 1))
    for ((attempt = first; attempt < first + RETRIES; attempt++)); do
        local rows
        rows=$(disturbed peers - | awk '{print $2}' | paste -sd, -)
        [[ -z "$rows" ]] && break
        wait_idle
        load "retry $attempt peers $rows"
        "$PYTHON" "$HERE/peers.py" --json "$OUT/peers-retry$attempt.json" --only "$rows" 2>&1 \
            | tee "$OUT/peers-retry$attempt.log"
    done
}

run_jmh jdk17 "$JAVA17"
run_jmh jdk25 "$JAVA25"
run_peers

python3 - "$OUT" <<'PY' | tee "$OUT/table.md"
import json, re, statistics, sys
from pathlib import Path

out = Path(sys.argv[1])

def jmh(label):
    """(initializer, size, threads) -> (M elem/s, cpu/wall, retried): the least disturbed run."""
    def cpu(log):
        if not log.exists():
            return {}
        return {(m[1], int(m[2]), int(m[3])): float(m[4]) for m in re.finditer(
            r"JINIT-CPU initializer=(\S+) size=(\d+) threads=(\d+) cpu_over_wall=(\S+)", log.read_text())}
    rows = {}
    for f in sorted(out.glob(f"jmh-{label}*.json")):
        m = re.match(rf"jmh-{label}-retry(\d+)-", f.name)
        ratios = cpu(out / (f"jmh-{label}-retry{m[1]}.log" if m else f"jmh-{label}.log"))
        for b in json.loads(f.read_text()):
            p = b["params"]
            key = (p["initializer"], int(p["size"]), int(p["threads"]))
            ms = statistics.median([v for fork in b["primaryMetric"]["rawData"] for v in fork])
            row = (key[1] / ms / 1e3, ratios.get(key), m is not None)
            old = rows.get(key)
            if old is None or (row[1] or 0) > (old[1] or 0):
                rows[key] = row
    return rows

def peers():
    rows = {}
    for f in sorted(out.glob("peers*.json")):
        retried = "retry" in f.name
        for r in json.loads(f.read_text())["rows"]:
            key = (r["lib"], r["op"], r["size"], r["threads"])
            row = (r["melem_s"], r["cpu_over_wall"], retried)
            old = rows.get(key)
            if old is None or row[1] > old[1]:
                rows[key] = row
    return rows

j17, j25, pe = jmh("jdk17"), jmh("jdk25"), peers()

# jinit initializer -> (torch op, numpy op)
ref = {
    "normal": ("normal_", "standard_normal"),
    "he_normal": ("trunc_normal_", "rejection_trunc"),
    "truncated_normal": ("trunc_normal_", "rejection_trunc"),
    "glorot_uniform": ("uniform_", "random+affine"),
}

def fmt(v, threads=1):
    if v is None:
        return "—"
    flag = ("r" if v[2] else "") + ("!" if v[1] is not None and v[1] < 0.85 * threads else "")
    return f"{v[0]:.0f} ({v[1]:.2f}{' ' + flag if flag else ''})"

def ratio(a, b):
    return "—" if a is None or b is None else f"{a[0] / b[0]:.2f}"

print(f"M elem/s, float32, median; (x.xx) = process CPU time / wall time; r = re-measured, "
      f"! = still disturbed; results in {out}")
print()
print("| operation | size | threads | jinit JDK 17 | jinit JDK 25 | torch | numpy (1 thread) | JDK 17 / torch | JDK 25 / torch |")
print("|---|---|---|---|---|---|---|---|---|")
sizes = sorted({k[1] for k in list(j17) + list(j25)} | {k[2] for k in pe})
for init in ("normal", "he_normal", "truncated_normal", "glorot_uniform"):
    t_op, n_op = ref[init]
    for size in sizes:
        for threads in (1, 2):
            a, b = j17.get((init, size, threads)), j25.get((init, size, threads))
            t = pe.get(("torch", t_op, size, threads))
            n = pe.get(("numpy", n_op, size, 1)) if threads == 1 else None
            if a is None and b is None and t is None:
                continue
            print(f"| {init} vs {t_op} | 2^{size.bit_length() - 1} | {threads} | {fmt(a, threads)} | "
                  f"{fmt(b, threads)} | {fmt(t)} | {fmt(n) if threads == 1 else ''} | {ratio(a, t)} | {ratio(b, t)} |")
print()
print("All peer rows, M elem/s (cpu/wall), ns/elem:")
for (lib, op, size, threads), v in sorted(pe.items()):
    print(f"  {lib} {op} 2^{size.bit_length() - 1} threads={threads}: {fmt(v)}  {1e3 / v[0]:.2f} ns/elem")
print()
print("jinit ns/elem (wall time per element):")
for (init, size, threads) in sorted(set(j17) | set(j25)):
    cells = []
    for label, rows in (("JDK 17", j17), ("JDK 25", j25)):
        v = rows.get((init, size, threads))
        cells.append(f"{label} {1e3 / v[0]:.2f}" if v else f"{label} —")
    print(f"  {init} 2^{size.bit_length() - 1} threads={threads}: " + ", ".join(cells))
PY
