#!/usr/bin/env bash
# jinit generate --hf-config beside its peers, side by side in one run on one machine and disk:
# the Llama layout of 1.1B parameters (hidden 2048, intermediate 5632, 22 layers, 32 heads, 4 KV
# heads, vocab 32000, untied) in float32 and bfloat16, written by
#   - jinit, with -Xmx256m, on each JDK of JAVAS (whole process: JVM start and fsync included);
#   - transformers: LlamaForCausalLM(config) + save_pretrained, torch.manual_seed, same dtype
#     (bench/hf_peer.py; whole process, and construction + save alone);
#   - dd if=/dev/zero oflag=direct of as many bytes as jinit's model.safetensors, with and without
#     conv=fsync (jinit forces its files to the device before renaming them; dd without conv
#     does not, nor does save_pretrained).
# Each round runs every writer once, in turn; the table gives medians over ROUNDS rounds and the
# ratios of the medians. Then, unless BIG=0, the 7B bfloat16 layout (hidden 4096, intermediate
# 11008, 32 layers, 32 heads, vocab 32000; 13.5 GB) by jinit alone, once per JDK: time, peak RSS.
# Outputs are deleted as soon as they are timed. Timings hold /tmp/jinit-bench.lock.
#
#   bench/hf-generate.sh                        # ROUNDS=3, everything (~15 min on 2 cores)
#   ROUNDS=5 PEER=0 BIG=0 bench/hf-generate.sh  # jinit and dd only
#
# Environment: JAR (default cli/target/jinit.jar, built if missing), JAVAS (java commands, default
# "java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java" where present), JINIT_PYTHON (python with
# torch and transformers, default target/python-env/bin/python), SCRATCH (directory on the disk
# under test, default /tmp/jinit-hf-bench), OUT (results, default bench/results/hf-<date-time>),
# DTYPES (default "float32 bfloat16"), ROUNDS, PEER (1: run transformers), BIG (1: the 7B case),
# HEAP (default 256m), THREADS (jinit --threads; default all cores).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${JAR:-$root/cli/target/jinit.jar}"
rounds="${ROUNDS:-3}"
dtypes="${DTYPES:-float32 bfloat16}"
peer="${PEER:-1}"
big="${BIG:-1}"
heap="${HEAP:-256m}"
python="${JINIT_PYTHON:-$root/target/python-env/bin/python}"
scratch="${SCRATCH:-/tmp/jinit-hf-bench}"
out="${OUT:-$root/bench/results/hf-$(date -u +%Y%m%d-%H%M%S)}"
if [ -z "${JAVAS:-}" ]; then
  JAVAS="java"
  [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && JAVAS="$JAVAS /usr/lib/jvm/temurin-25-jdk-amd64/bin/java"
fi
threads=()
[ -n "${THREADS:-}" ] && threads=(--threads "$THREADS")
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q -pl cli -am package -DskipTests -Dmaven.javadoc.skip=true)
fi
mkdir -p "$out" "$scratch"
rows="$out/runs.tsv"
: > "$rows"

cat > "$out/llama-1.1b.json" <<'JSON'
{"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 32000, "hidden_size": 2048,
 "intermediate_size": 5632, "num_hidden_layers": 22, "num_attention_heads": 32, "num_key_value_heads": 4,
 "tie_word_embeddings": false, "initializer_range": 0.02}
JSON
cat > "$out/llama-7b.json" <<'JSON'
{"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 32000, "hidden_size": 4096,
 "intermediate_size": 11008, "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 32,
 "tie_word_embeddings": false, "initializer_range": 0.02}
JSON

{
  echo "date: $(date -u +%FT%TZ)"
  echo "jar: $jar; checkout: $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  lscpu | grep -E 'Model name|^CPU\(s\)|CPU family|^Model:'
  echo "vector extensions: $(grep -o -w -E 'avx2|avx512f' /proc/cpuinfo | sort -u | tr '\n' ' ')"
  for j in $JAVAS; do echo "java: $j: $("$j" -version 2>&1 | head -1)"; done
  [ "$peer" = 1 ] && "$python" -c 'import torch, transformers; print("torch", torch.__version__, "transformers", transformers.__version__)'
  df -h "$scratch" | tail -1
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/machine.txt"

# One timed run: appends "writer dtype wall-seconds peak-rss-kb cpu-seconds" to runs.tsv; the command's output goes to the log.
timed() {
  local name="$1" dtype="$2"; shift 2
  local t
  /usr/bin/time -o "$out/time.txt" -f '%e %M %U %S' "$@" >>"$out/log.txt" 2>&1
  t=$(tail -1 "$out/time.txt")
  read -r wall kb user sys <<<"$t"
  printf "%s\t%s\t%s\t%s\t%s\n" "$name" "$dtype" "$wall" "$kb" "$(echo "$user + $sys" | bc)" | tee -a "$rows"
}
# The bytes of jinit's weights file of a dtype (measured once), for dd.
declare -A weight_bytes
exec 9>/tmp/jinit-bench.lock
flock 9
for r in $(seq 1 "$rounds"); do
  for dtype in $dtypes; do
    for j in $JAVAS; do
      rm -rf "$scratch/jinit"
      timed "jinit $(basename "$(dirname "$(dirname "$(readlink -f "$(command -v "$j")")")")")" "$dtype" \
        "$j" "-Xmx$heap" -jar "$jar" generate --hf-config "$out/llama-1.1b.json" --out "$scratch/jinit" \
        --dtype "$dtype" --seed 1 "${threads[@]}"
      weight_bytes[$dtype]=$(stat -c %s "$scratch/jinit/model.safetensors")
      rm -rf "$scratch/jinit"
    done
    if [ "$peer" = 1 ]; then
      rm -rf "$scratch/peer"
      timed "transformers" "$dtype" "$python" "$root/bench/hf_peer.py" "$out/llama-1.1b.json" "$scratch/peer" "$dtype" 1
      tail -1 "$out/log.txt" | sed "s/^/transformers $dtype: /" >> "$out/peer-phases.txt"
      rm -rf "$scratch/peer"
    fi
    blocks=$(( (weight_bytes[$dtype] + 16777215) / 16777216 ))
    timed "dd oflag=direct" "$dtype" dd if=/dev/zero of="$scratch/dd.bin" bs=16M count="$blocks" oflag=direct status=none
    rm -f "$scratch/dd.bin"
    timed "dd oflag=direct conv=fsync" "$dtype" dd if=/dev/zero of="$scratch/dd.bin" bs=16M count="$blocks" \
      oflag=direct conv=fsync status=none
    rm -f "$scratch/dd.bin"
  done
done
if [ "$big" = 1 ]; then
  for j in $JAVAS; do
    rm -rf "$scratch/big"
    timed "7B jinit $(basename "$(dirname "$(dirname "$(readlink -f "$(command -v "$j")")")")")" bfloat16 \
      "$j" "-Xmx$heap" -jar "$jar" generate --hf-config "$out/llama-7b.json" --out "$scratch/big" \
      --dtype bfloat16 --seed 1 "${threads[@]}"
    du -b "$scratch/big/model.safetensors" | cut -f1 > "$out/7b-bytes.txt"
    rm -rf "$scratch/big"
  done
fi
flock -u 9
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"
python3 "$root/bench/hf_table.py" "$rows" "$out" | tee "$out/table.md"
