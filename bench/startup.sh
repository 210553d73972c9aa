#!/usr/bin/env bash
# The first call, end to end: `jinit sample` of one 8192x8192 float32 tensor into a .npy file and
# `jinit list` (start-up alone), each in a fresh JVM, beside torch doing the same job, side by side
# in one run on one machine and disk:
#   - jinit on each JDK of JAVAS: `java -jar cli/target/jinit.jar ...` (no start-up archive) and
#     `./jinit ...` (the start-up archive it prepares: JDK 25's ahead-of-time cache, AppCDS on 17);
#     `./jinit list` with JINIT_STARTUP_ARCHIVE=0 gives the script's own cost;
#   - torch in-process, already imported as in a notebook: the first torch.nn.init.kaiming_normal_
#     (for he_normal) and xavier_uniform_ (for glorot_uniform) on torch.empty(8192, 8192) after
#     the import, each followed by np.save, with torch.set_num_threads(THREADS);
#   - torch as whole processes: python -c "import torch, numpy; ..." doing the same;
#   - the cost of durability: jinit forces its file to the device before renaming it, np.save
#     does not. The same jinit runs (with the archive) writing to tmpfs (SHM), and dd of the same
#     byte count with and without conv=fsync.
# Each round runs every case once, in turn, with `sync` (untimed) between cases so that no case
# pays for the previous one's writeback; the table gives medians over ROUNDS rounds. Outputs are
# deleted as soon as they are timed.
#
#   bench/startup.sh                 # ROUNDS=5 (~4 min on 2 cores)
#   ROUNDS=9 bench/startup.sh
#
# Environment: JAVAS (java commands, default "java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java"
# where present), JINIT_PYTHON (python with torch and numpy, default target/python-env/bin/python),
# SCRATCH (directory on the disk under test, default /tmp/jinit-startup-bench), SHM (a tmpfs
# directory, default /dev/shm/jinit-startup-bench), OUT (results, default
# bench/results/startup-<date-time>), ROUNDS, THREADS (torch threads, default 2), SHAPE (default
# 8192,8192).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/cli/target/jinit.jar"
rounds="${ROUNDS:-5}"
threads="${THREADS:-2}"
shape="${SHAPE:-8192,8192}"
python="${JINIT_PYTHON:-$root/target/python-env/bin/python}"
scratch="${SCRATCH:-/tmp/jinit-startup-bench}"
shm="${SHM:-/dev/shm/jinit-startup-bench}"
out="${OUT:-$root/bench/results/startup-$(date -u +%Y%m%d-%H%M%S)}"
if [ -z "${JAVAS:-}" ]; then
  JAVAS="java"
  [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && JAVAS="$JAVAS /usr/lib/jvm/temurin-25-jdk-amd64/bin/java"
fi
mkdir -p "$out" "$scratch" "$shm"
rows="$out/runs.tsv"
: > "$rows"
rows_torch="$out/torch-inprocess.tsv"
: > "$rows_torch"
torch_shape="${shape//,/, }"
bytes=$((4 * ${shape//,/*} + 128))

# One timed case: label, then the command; appends "label<TAB>wall seconds" to runs.tsv.
timed() {
  local label="$1"; shift
  sync
  local start end
  start="$(date +%s.%N)"
  "$@" >/dev/null 2>>"$out/stderr.txt"
  end="$(date +%s.%N)"
  printf '%s\t%s\n' "$label" "$(echo "$end - $start" | bc)" >> "$rows"
}

# Prepares each JDK's start-up archive before the timing (./jinit builds the jar if needed).
for java in $JAVAS; do
  JINIT_JAVA="$java" "$root/jinit" list >/dev/null
done

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null)"
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores)"
  for java in $JAVAS; do echo "java $java: $("$java" -version 2>&1 | head -n 1)"; done
  echo "archives: $(cd "$root/cli/target" && ls jinit-startup-* 2>/dev/null | tr '\n' ' ')"
  echo "python: $("$python" -c 'import torch, numpy; print("torch", torch.__version__, "numpy", numpy.__version__)')"
  echo "shape: $shape, rounds: $rounds, torch threads: $threads"
} > "$out/setup.txt"

for round in $(seq 1 "$rounds"); do
  for java in $JAVAS; do
    jdk="$("$java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')"
    for init in he_normal glorot_uniform; do
      timed "jdk$jdk java-jar $init" "$java" -jar "$jar" sample "$init" --shape "$shape" --seed 1 --out "$scratch/w.npy"
      rm -f "$scratch/w.npy"
      timed "jdk$jdk ./jinit $init" env JINIT_JAVA="$java" "$root/jinit" sample "$init" --shape "$shape" --seed 1 --out "$scratch/w.npy"
      rm -f "$scratch/w.npy"
      timed "jdk$jdk ./jinit-tmpfs $init" env JINIT_JAVA="$java" "$root/jinit" sample "$init" --shape "$shape" --seed 1 --out "$shm/w.npy"
      rm -f "$shm/w.npy"
    done
    timed "jdk$jdk java-jar list" "$java" -jar "$jar" list
    timed "jdk$jdk ./jinit-noarchive list" env JINIT_JAVA="$java" JINIT_STARTUP_ARCHIVE=0 "$root/jinit" list
    timed "jdk$jdk ./jinit list" env JINIT_JAVA="$java" "$root/jinit" list
  done
  sync
  "$python" - "$scratch/p.npy" "$threads" "$torch_shape" >> "$rows_torch" <<'PY'
import sys, time, os
import torch, numpy as np
path, threads, shape = sys.argv[1], int(sys.argv[2]), tuple(int(d) for d in sys.argv[3].split(","))
torch.set_num_threads(threads)
for label, init in (("he_normal", torch.nn.init.kaiming_normal_), ("glorot_uniform", torch.nn.init.xavier_uniform_)):
    os.sync()
    start = time.perf_counter()
    w = torch.empty(*shape)
    init(w)
    np.save(path, w.numpy())
    print(f"torch-inprocess {label}\t{time.perf_counter() - start:.3f}")
    os.remove(path)
PY
  for init in kaiming_normal_ xavier_uniform_; do
    label=he_normal; [ "$init" = xavier_uniform_ ] && label=glorot_uniform
    timed "torch-process $label" "$python" -c "import torch, numpy; torch.set_num_threads($threads); w = torch.empty($torch_shape); torch.nn.init.$init(w); numpy.save('$scratch/p.npy', w.numpy())"
    rm -f "$scratch/p.npy"
  done
  timed "dd $bytes bytes" dd if=/dev/zero of="$scratch/d.bin" bs=1M count=$((bytes / 1048576)) status=none
  rm -f "$scratch/d.bin"
  timed "dd $bytes bytes conv=fsync" dd if=/dev/zero of="$scratch/d.bin" bs=1M count=$((bytes / 1048576)) conv=fsync status=none
  rm -f "$scratch/d.bin"
done
cat "$rows_torch" >> "$rows"

"$python" - "$rows" > "$out/table.md" <<'PY'
import sys, statistics, collections
runs = collections.OrderedDict()
for line in open(sys.argv[1]):
    label, seconds = line.rstrip("\n").split("\t")
    runs.setdefault(label, []).append(float(seconds))
medians = {label: statistics.median(values) for label, values in runs.items()}
print("| case | runs (s) | median (s) | torch in-process / case |")
print("|---|---|---|---|")
for label, values in runs.items():
    init = label.split()[-1]
    peer = medians.get(f"torch-inprocess {init}")
    ratio = f"{peer / medians[label]:.2f}" if peer and init != "list" else ""
    print(f"| {label} | {', '.join(f'{v:.2f}' for v in values)} | {medians[label]:.2f} | {ratio} |")
PY
cat "$out/setup.txt" "$out/table.md"
echo "results: $out" >&2
