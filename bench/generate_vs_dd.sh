#!/usr/bin/env bash
# jinit generate of a 1-billion-parameter float32 model (4 GiB) with a 256 MB heap, beside dd
# writing the same number of bytes to the same disk, alternating, REPS times each: dd through the
# page cache (its default) and dd with oflag=direct (jinit writes large files with direct I/O
# where the file system has it). All sync to the device before they finish (jinit forces its file
# before the atomic rename; dd uses conv=fdatasync), so the rates are disk rates, not page-cache
# rates. Timing runs hold /tmp/jinit-bench.lock so that no other benchmark overlaps them.
#
#   bench/generate_vs_dd.sh                  # REPS=3 DIR=bench/results/generate INIT=glorot_uniform
#   BASELINE_JAR=old/jinit.jar bench/generate_vs_dd.sh   # also times another build's jar, same spec
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reps="${REPS:-3}"
dir="${DIR:-$root/bench/results/generate}"
init="${INIT:-glorot_uniform}"
mkdir -p "$dir"

# 16 tensors of 8192 x 8192 = 1,073,741,824 float32 parameters.
spec="$dir/1b.json"
{
  echo '{"seed": 1, "parameters": ['
  for i in $(seq 0 15); do
    sep=$([ "$i" -lt 15 ] && echo , || true)
    echo "  {\"name\": \"layers.$i.weight\", \"shape\": [8192, 8192], \"initializer\": \"$init\"}$sep"
  done
  echo ']}'
} > "$spec"

"$root/jinit" --version >/dev/null   # build first, outside the timings
now() { date +%s.%N; }
# Seconds taken by a command.
timed() { local t0; t0=$(now); "$@"; echo "$(now) - $t0" | bc -l; }
baseline="${BASELINE_JAR:-}"
jinit_times=()
baseline_times=()
dd_times=()
direct_times=()
exec 9>/tmp/jinit-bench.lock
flock 9
for r in $(seq 1 "$reps"); do
  rm -f "$dir/model.safetensors" "$dir/dd.bin"; sync
  jinit_times+=("$(timed env JINIT_JAVA_OPTS="-Xmx256m" "$root/jinit" generate --spec "$spec" \
    --out "$dir/model.safetensors" 2>/dev/null)")
  bytes=$(stat -c %s "$dir/model.safetensors")
  blocks=$(( (bytes + 4194303) / 4194304 ))
  rm -f "$dir/model.safetensors"; sync
  if [ -n "$baseline" ]; then
    baseline_times+=("$(timed java -Xmx256m -jar "$baseline" generate --spec "$spec" \
      --out "$dir/model.safetensors" 2>/dev/null)")
    rm -f "$dir/model.safetensors"; sync
    printf 'rep %d: baseline jar %.2f s\n' "$r" "${baseline_times[-1]}"
  fi
  dd_times+=("$(timed dd if=/dev/zero of="$dir/dd.bin" bs=4M count=$blocks conv=fdatasync status=none)")
  rm -f "$dir/dd.bin"; sync
  direct_times+=("$(timed dd if=/dev/zero of="$dir/dd.bin" bs=4M count=$blocks oflag=direct conv=fdatasync status=none)")
  rm -f "$dir/dd.bin"
  printf 'rep %d: jinit %.2f s, dd %.2f s, dd oflag=direct %.2f s\n' "$r" "${jinit_times[-1]}" "${dd_times[-1]}" \
    "${direct_times[-1]}"
done
flock -u 9
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
mj=$(median "${jinit_times[@]}")
md=$(median "${dd_times[@]}")
mo=$(median "${direct_times[@]}")
rate() { echo "$bytes / $1 / 1000000" | bc -l; }
printf 'bytes %d (%s, -Xmx256m), medians of %d\n' "$bytes" "$init" "$reps"
printf 'jinit %.2f s = %.0f MB/s\n' "$mj" "$(rate "$mj")"
printf 'dd %.2f s = %.0f MB/s; jinit / dd = %.2f\n' "$md" "$(rate "$md")" "$(echo "$md / $mj" | bc -l)"
printf 'dd oflag=direct %.2f s = %.0f MB/s; jinit / dd direct = %.2f\n' "$mo" "$(rate "$mo")" \
  "$(echo "$mo / $mj" | bc -l)"
if [ -n "$baseline" ]; then
  mb=$(median "${baseline_times[@]}")
  printf 'baseline jar %.2f s = %.0f MB/s; baseline / dd = %.2f\n' "$mb" "$(rate "$mb")" "$(echo "$md / $mb" | bc -l)"
fi
