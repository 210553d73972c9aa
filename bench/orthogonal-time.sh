#!/usr/bin/env bash
# Orthogonal 2048x2048 float32 as whole jobs, jinit's command line against torch already imported,
# side by side in one run, on the same file system. Each round runs, in turn:
#   for every JDK in JAVAS and every option set in OPTS (JINIT_JAVA_OPTS, "-" for none):
#     ./jinit sample orthogonal --shape 2048,2048 --seed 1 --out DIR/w.npy   (a fresh JVM, the
#     start-up archive of ./jinit; wall time of the whole process)
#   for every torch environment in TORCH_ENVS ("-" for none, else VAR=VALUE[,VAR=VALUE]):
#     one Python process that imports torch and numpy (not timed), calls torch.set_num_threads(2)
#     and then times, in process, LATER + 1 times
#       w = torch.empty(2048, 2048); torch.nn.init.orthogonal_(w); np.save(path, w.numpy())
#     the first call of the process apart from the later ones.
# `sync` (not timed) runs before every case, so that none pays for another's writeback. jinit
# makes the file durable (fsync before rename); np.save does not.
# Prints every time, then the medians (seconds) with their range, and beside each jinit median the
# first-call median of the first torch environment divided by it (above 1: jinit is faster).
#
# Environment: ROUNDS (default 5), LATER (default 4), JAVAS (default "java"), OPTS (default "-"),
# TORCH_ENVS (default "-"; e.g. "MKL_ENABLE_INSTRUCTIONS=AVX2,ATEN_CPU_CAPABILITY=avx2" for an
# AVX2 peer), DIR (default bench/target/orthogonal-time), PYTHON (default $JINIT_PYTHON or
# python3). Take the machine for yourself: under a shared lock, e.g.
#   flock /tmp/jinit-bench.lock env JAVAS="java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java" \
#     bench/orthogonal-time.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${ROUNDS:-5}"
later="${LATER:-4}"
javas="${JAVAS:-java}"
opts="${OPTS:--}"
torch_envs="${TORCH_ENVS:--}"
dir="${DIR:-$root/bench/target/orthogonal-time}"
python="${PYTHON:-${JINIT_PYTHON:-python3}}"
mkdir -p "$dir"

# Builds the jar and the start-up archives before the first timed run.
for java in $javas; do
  JINIT_JAVA="$java" "$root/jinit" list >/dev/null
done

torch_job='
import sys, time
import numpy as np, torch
torch.set_num_threads(2)
path, later = sys.argv[1], int(sys.argv[2])
times = []
for _ in range(later + 1):
    t0 = time.perf_counter()
    w = torch.empty(2048, 2048)
    torch.nn.init.orthogonal_(w)
    np.save(path, w.numpy())
    times.append(time.perf_counter() - t0)
print(" ".join("%.4f" % t for t in times))
'

results="$dir/times.txt"
: > "$results"
now() { date +%s.%N; }
for ((round = 1; round <= rounds; round++)); do
  for java in $javas; do
    for opt in $opts; do
      [ "$opt" = - ] && opt=""
      sync
      start="$(now)"
      JINIT_JAVA="$java" JINIT_JAVA_OPTS="$opt" "$root/jinit" sample orthogonal --shape 2048,2048 --seed 1 \
        --out "$dir/w.npy"
      end="$(now)"
      echo "jinit|$java|${opt:--}|$(echo "$end - $start" | bc)" >> "$results"
    done
  done
  for environment in $torch_envs; do
    sync
    if [ "$environment" = - ]; then
      times="$("$python" -c "$torch_job" "$dir/torch.npy" "$later")"
    else
      times="$(env ${environment//,/ } "$python" -c "$torch_job" "$dir/torch.npy" "$later")"
    fi
    first="${times%% *}"
    echo "torch first|$environment|-|$first" >> "$results"
    for t in ${times#* }; do
      echo "torch later|$environment|-|$t" >> "$results"
    done
  done
done

cat "$results"
"$python" - "$results" <<'EOF'
import statistics, sys
cases = {}
for line in open(sys.argv[1]):
    kind, who, opt, seconds = line.rstrip("\n").split("|")
    cases.setdefault((kind, who, opt), []).append(float(seconds))
torch_first = [v for (k, _, _), v in cases.items() if k == "torch first"]
reference = statistics.median(torch_first[0]) if torch_first else None
for (kind, who, opt), values in cases.items():
    median = statistics.median(values)
    ratio = " x torch first %.2f" % (reference / median) if reference and kind == "jinit" else ""
    print("%-12s %-45s %-22s n=%-3d median %.3f s (%.3f-%.3f)%s"
          % (kind, who, opt, len(values), median, min(values), max(values), ratio))
EOF
