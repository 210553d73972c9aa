#!/usr/bin/env bash
# jinit generate of a 1-billion-parameter float32 model (4 GiB) with a 256 MB heap, beside dd
# writing the same number of bytes to the same disk, alternating, REPS times each. Both sync to the
# device before they finish (jinit forces its file before the atomic rename; dd uses
# conv=fdatasync), so both rates are disk rates, not page-cache rates.
#
#   bench/generate_vs_dd.sh                  # REPS=3 DIR=bench/results/generate INIT=glorot_uniform
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
jinit_times=()
dd_times=()
for r in $(seq 1 "$reps"); do
  rm -f "$dir/model.safetensors" "$dir/dd.bin"; sync
  t0=$(now)
  JINIT_JAVA_OPTS="-Xmx256m" "$root/jinit" generate --spec "$spec" --out "$dir/model.safetensors" 2>/dev/null
  t1=$(now)
  bytes=$(stat -c %s "$dir/model.safetensors")
  rm -f "$dir/model.safetensors"; sync
  t2=$(now)
  dd if=/dev/zero of="$dir/dd.bin" bs=4M count=$(( (bytes + 4194303) / 4194304 )) conv=fdatasync status=none
  t3=$(now)
  rm -f "$dir/dd.bin"
  jinit_times+=("$(echo "$t1 - $t0" | bc -l)")
  dd_times+=("$(echo "$t3 - $t2" | bc -l)")
  printf 'rep %d: jinit %.2f s, dd %.2f s\n' "$r" "${jinit_times[-1]}" "${dd_times[-1]}"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
mj=$(median "${jinit_times[@]}")
md=$(median "${dd_times[@]}")
printf 'bytes %d (%s, -Xmx256m)\n' "$bytes" "$init"
printf 'median: jinit %.2f s = %.0f MB/s; dd %.2f s = %.0f MB/s; jinit / dd = %.2f\n' \
  "$mj" "$(echo "$bytes / $mj / 1000000" | bc -l)" "$md" "$(echo "$bytes / $md / 1000000" | bc -l)" \
  "$(echo "$md / $mj" | bc -l)"
