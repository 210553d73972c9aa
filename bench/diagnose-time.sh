#!/usr/bin/env bash
# Times the default `jinit diagnose` as a whole process (JVM start, engine, charts, HTML report),
# `java [flags] -jar JAR diagnose --report DIR`, for one or more jars side by side, and prints the
# median wall time and the median CPU time (user + system) of each case as a Markdown table.
#
# Cases are every JDK x every flag set; within a case the jars are run in turn, RUNS rounds, so that
# a disturbance of the machine falls on all of them alike. Each round holds LOCK (flock), so that
# other benchmarks that take the same lock do not run at the same time, and each run first waits
# (at most IDLE_WAIT seconds) until the other processes leave the cores at least 90 % idle over one
# second. The raw times also give each run's CPU / wall ratio; the median is over all runs.
#
# Parameters (environment):
#   JARS   jars to compare, space-separated (default: cli/target/jinit.jar)
#   JAVAS  java executables, space-separated (default: java)
#   FLAGS  flag sets, separated by ';', "default" for none
#          (default: "default;-XX:UseAVX=2;-XX:MaxVectorSize=16")
#   RUNS   rounds per case (default: 5)
#   LOCK   lock file for flock, empty for none (default: /tmp/jinit-bench.lock)
#   IDLE_WAIT  seconds to wait at most for idle cores before each run (default 60)
#   OUT    directory for the reports and raw times (default: a new temporary directory)
#
# Example, the main branch's jar against this tree's on JDK 17 and 25:
#   JARS="/tmp/jinit-main.jar cli/target/jinit.jar" \
#   JAVAS="java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java" bench/diagnose-time.sh
set -euo pipefail

JARS=${JARS:-cli/target/jinit.jar}
JAVAS=${JAVAS:-java}
FLAGS=${FLAGS:-"default;-XX:UseAVX=2;-XX:MaxVectorSize=16"}
RUNS=${RUNS:-5}
LOCK=${LOCK-/tmp/jinit-bench.lock}
IDLE_WAIT=${IDLE_WAIT:-60}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
raw="$OUT/times.tsv"
: > "$raw"

locked() {
    if [ -n "$LOCK" ]; then
        flock "$LOCK" "$@"
    else
        "$@"
    fi
}

# Waits at most IDLE_WAIT seconds until the cores are at least 90 % idle over one second.
wait_idle() {
    python3 - "$IDLE_WAIT" <<'IDLE'
import sys, time
def snap():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return v[3] + v[4], sum(v)
limit, start = float(sys.argv[1]), time.time()
while time.time() - start < limit:
    i0, t0 = snap()
    time.sleep(1)
    i1, t1 = snap()
    if t1 > t0 and (i1 - i0) / (t1 - t0) >= 0.9:
        break
IDLE
}

# One round: each jar once, in turn; appends "java<TAB>flags<TAB>jar<TAB>wall<TAB>cpu" per run.
round() {
    local java=$1 flags=$2
    shift 2
    local jar t
    for jar in "$@"; do
        wait_idle
        /usr/bin/time -o "$OUT/time.txt" -f "%e %U %S" "$java" $flags -jar "$jar" diagnose --report "$OUT/report" \
            > /dev/null 2> "$OUT/stderr.txt"
        t=$(tail -1 "$OUT/time.txt")
        printf '%s\t%s\t%s\t%s\t%s\n' "$java" "${flags:-default}" "$jar" \
            "$(echo "$t" | awk '{print $1}')" "$(echo "$t" | awk '{printf "%.2f", $2 + $3}')" >> "$raw"
    done
}
export -f round wait_idle
export OUT raw IDLE_WAIT

IFS=';' read -r -a flag_sets <<< "$FLAGS"
for java in $JAVAS; do
    for flags in "${flag_sets[@]}"; do
        [ "$flags" = default ] && flags=""
        for ((r = 0; r < RUNS; r++)); do
            # shellcheck disable=SC2086
            locked bash -c 'round "$@"' _ "$java" "$flags" $JARS
        done
    done
done

python3 - "$raw" <<'EOF'
import statistics
import sys
from collections import defaultdict

times = defaultdict(list)
for line in open(sys.argv[1]):
    java, flags, jar, wall, cpu = line.rstrip('\n').split('\t')
    times[(java, flags, jar)].append((float(wall), float(cpu)))
print("| java | flags | jar | runs | median wall (s) | median CPU (s) | wall range (s) |")
print("|---|---|---|---|---|---|---|")
for (java, flags, jar), ts in times.items():
    wall = statistics.median(t[0] for t in ts)
    cpu = statistics.median(t[1] for t in ts)
    low, high = min(t[0] for t in ts), max(t[0] for t in ts)
    print(f"| {java} | {flags} | {jar} | {len(ts)} | {wall:.2f} | {cpu:.2f} | {low:.2f}-{high:.2f} |")
EOF
echo "raw times: $raw" >&2
