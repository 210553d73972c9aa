#!/usr/bin/env bash
# The rates docs/scale.md builds on, measured side by side on one machine: how fast one core turns
# parameters into checkpoint bytes, how fast the disk takes them, and what Spark adds.
#   1. jinit generate of the Llama 1.1B layout (hidden 2048, intermediate 5632, 22 layers, vocab
#      32000) in bfloat16 into memory (/dev/shm: no disk), with --threads 1 and with all cores:
#      parameters per second per core, the fill-and-encode rate a worker's cores give;
#   2. the same into the disk under test, and dd if=/dev/zero oflag=direct conv=fsync of as many
#      bytes: what the disk takes;
#   3. the same model by SparkGenerate under spark-submit's launcher class, local[N] with
#      spark.task.cpus=1 and --max-shard-size 500MB (five weight files), into the same disk:
#      what Spark's scheduling and the Hadoop file system add to jinit generate (the whole process,
#      and the job alone as SparkGenerate reports it).
# Each case ROUNDS times (default 3), in turn; medians in OUT/summary.tsv. Timings hold
# /tmp/jinit-bench.lock.
#
#   bench/scale-rates.sh
#
# Environment: JAR (default cli/target/jinit.jar), SPARK_JAR (default spark/target/jinit-spark.jar;
# both built if missing), JAVA (default java), SCRATCH (a directory on the disk under test,
# default /tmp/jinit-scale-bench), MEMORY (default /dev/shm), ROUNDS, OUT (default
# bench/results/scale-<date-time>), SPARK (1: run case 3).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${JAR:-$root/cli/target/jinit.jar}"
spark_jar="${SPARK_JAR:-$root/spark/target/jinit-spark.jar}"
java="${JAVA:-java}"
scratch="${SCRATCH:-/tmp/jinit-scale-bench}"
memory="${MEMORY:-/dev/shm}/jinit-scale-bench"
rounds="${ROUNDS:-3}"
spark="${SPARK:-1}"
out="${OUT:-$root/bench/results/scale-$(date -u +%Y%m%d-%H%M%S)}"
cores=$(nproc)
[ -f "$jar" ] || (cd "$root" && mvn -B -q -pl cli -am package -DskipTests -Dmaven.javadoc.skip=true)
if [ "$spark" = 1 ] && [ ! -f "$spark_jar" ]; then
  (cd "$root" && mvn -B -q -pl spark -am package -DskipTests -Dmaven.javadoc.skip=true)
fi
mkdir -p "$out" "$scratch" "$memory"
cat > "$out/llama-1.1b.json" <<'JSON'
{"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 32000, "hidden_size": 2048,
 "intermediate_size": 5632, "num_hidden_layers": 22, "num_attention_heads": 32, "num_key_value_heads": 4,
 "tie_word_embeddings": false, "initializer_range": 0.02}
JSON
config="$out/llama-1.1b.json"
rows="$out/runs.tsv"
: > "$rows"

seconds() { # seconds of a command, to the millisecond
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null 2>> "$out/stderr.txt"
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.3f}')"
}

generate() { # generate DIR THREADS
  "$java" -Xmx256m -jar "$jar" generate --hf-config "$config" --seed 1 --dtype bfloat16 --threads "$2" --out "$1"
}

if [ "$spark" = 1 ]; then
  classpath="$out/spark-classpath.txt"
  (cd "$root" && mvn -B -q dependency:build-classpath -pl spark -Dmdep.includeScope=provided \
      -Dmdep.outputFile="$classpath")
  spark_cp=$(tr ':' '\n' < "$classpath" | grep -v 'jinit\|picocli' | paste -sd:)
  printf 'rootLogger.level = warn\nrootLogger.appenderRef.file.ref = file\nappender.file.type = File\n%s\n%s\n%s\n' \
    'appender.file.name = file' "appender.file.fileName = $out/spark.log" \
    'appender.file.layout.type = PatternLayout' > "$out/log4j2.properties"
  opens=()
  for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
      java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
    opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
  done
fi
submit() { # submit DIR
  "$java" "${opens[@]}" -Dio.netty.tryReflectionSetAccessible=true -Dlog4j2.configurationFile="$out/log4j2.properties" \
    -cp "$spark_cp" org.apache.spark.deploy.SparkSubmit --master "local[$cores]" --conf spark.task.cpus=1 \
    --conf spark.ui.enabled=false --class io.jinit.spark.SparkGenerate "$spark_jar" \
    --hf-config "file://$config" --out "file://$1" --seed 1 --dtype bfloat16 --max-shard-size 500MB \
    >> "$out/spark-stdout.txt"
}

exec 9>/tmp/jinit-bench.lock
flock 9
for round in $(seq "$rounds"); do
  rm -rf "$memory/m" "$scratch/d" "$scratch/s" "$scratch/dd.bin"
  printf 'memory, 1 thread\t%s\n' "$(seconds generate "$memory/m" 1)" >> "$rows"; rm -rf "$memory/m"
  printf 'memory, %s threads\t%s\n' "$cores" "$(seconds generate "$memory/m" "$cores")" >> "$rows"
  bytes=$(stat -c %s "$memory/m/model.safetensors"); rm -rf "$memory/m"
  printf 'disk, %s threads\t%s\n' "$cores" "$(seconds generate "$scratch/d" "$cores")" >> "$rows"; rm -rf "$scratch/d"
  blocks=$(( (bytes + (1 << 20) - 1) >> 20 ))
  printf 'dd oflag=direct conv=fsync\t%s\n' "$(seconds dd if=/dev/zero of="$scratch/dd.bin" bs=1M count="$blocks" \
      oflag=direct conv=fsync status=none)" >> "$rows"; rm -f "$scratch/dd.bin"
  if [ "$spark" = 1 ]; then
    printf 'spark local[%s], disk\t%s\n' "$cores" "$(seconds submit "$scratch/s")" >> "$rows"; rm -rf "$scratch/s"
  fi
done
flock -u 9
echo "bytes	$bytes" > "$out/bytes.txt"
python3 - "$rows" "$bytes" > "$out/summary.tsv" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
size = int(sys.argv[2])
params = 1_100_048_384
cases = {}
for case, secs in rows:
    cases.setdefault(case, []).append(float(secs))
print("case\tmedian s\truns\tGB/s\tparameters/s")
for case, times in cases.items():
    m = statistics.median(times)
    print(f"{case}\t{m:.2f}\t{' '.join(f'{t:.2f}' for t in times)}\t{size / m / 1e9:.2f}\t{params / m / 1e6:.0f}M")
PY
cat "$out/summary.tsv"
# SparkGenerate's own lines: the job's time, without the JVM's and the SparkContext's start.
[ "$spark" = 1 ] && cat "$out/spark-stdout.txt"
