#!/usr/bin/env bash
# Fills of an 8192 x 8192 float32 tensor (2^26 elements) on 2 threads under the vector widths of
# the CPUs people run: JMH FillBenchmark on JDK 17 and JDK 25 with C2 limited by flags, each
# followed at once by torch capped at the same instruction set, one table per CPU kind.
#
#   bench/vector-widths.sh                        # ~25 minutes on 2 cores
#   BASELINE_JAR=old/benchmarks.jar bench/vector-widths.sh   # also times another build, in turn
#
# CPU kinds (KINDS, default all four), each a set of C2 flags and torch's ATEN_CPU_CAPABILITY:
#   avx512     no flags                            torch avx512 (if the CPU has it)
#   avx2       -XX:UseAVX=2                        torch avx2: an AVX2-only x86 (Zen 1-3, most
#                                                  Intel client CPUs)
#   neon       -XX:UseAVX=2 -XX:MaxVectorSize=16   torch default: 128-bit vectors without 64-bit
#                                                  lane multiplies, as on ARM NEON (Apple
#                                                  Silicon, Graviton 2)
#   avx512-128 -XX:MaxVectorSize=16                torch avx512: 128-bit vectors that keep AVX-512's
#                                                  instructions (vpmullq on xmm)
# Environment: JAR (default bench/target/benchmarks.jar), JAVA17, JAVA25, PYTHON (with torch),
# INITS (default "normal he_normal glorot_uniform"), KINDS, OUT (default bench/results/widths-<time>).
# Each JMH run: 1 fork, 3 warm-up and 5 measured iterations of 1 s; the figure is the median of
# the 5 (the last five 'ms/op' values of its log before JMH's result summary). torch:
# bench/peers.py rows normal_, uniform_ and kaiming_normal_ at 2 threads (median of 7 calls).
# Every timed command holds /tmp/jinit-bench.lock, so other benchmarks that take it
# do not overlap.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
JAR=${JAR:-$HERE/target/benchmarks.jar}
JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
PYTHON=${PYTHON:-${JINIT_PYTHON:-python3}}
INITS=${INITS:-normal he_normal glorot_uniform}
KINDS=${KINDS:-avx512 avx2 neon avx512-128}
OUT=${OUT:-$HERE/results/widths-$(date +%Y%m%d-%H%M%S)}
SIZE=67108864
mkdir -p "$OUT"
[[ -f "$JAR" ]] || (cd "$ROOT" && mvn -q -B -o -pl core,bench -am package -DskipTests)
jars=("$JAR")
[[ -n "${BASELINE_JAR:-}" ]] && jars+=("$BASELINE_JAR")

flags_of() {
    case $1 in
        avx512) echo "" ;;
        avx2) echo "-XX:UseAVX=2" ;;
        neon) echo "-XX:UseAVX=2 -XX:MaxVectorSize=16" ;;
        avx512-128) echo "-XX:MaxVectorSize=16" ;;
        *) echo "unknown kind $1" >&2; exit 2 ;;
    esac
}
torch_of() {
    case $1 in
        avx512 | avx512-128) echo avx512 ;;
        avx2) echo avx2 ;;
        neon) echo default ;;
    esac
}

{ lscpu | grep -E 'Model name|^CPU\(s\)|Flags' | cut -c1-200; uptime; git -C "$ROOT" rev-parse --short HEAD; } > "$OUT/machine.txt"
table="$OUT/table.md"
: > "$table"
for kind in $KINDS; do
    flags=$(flags_of "$kind")
    echo "## $kind (C2 flags: ${flags:-none}; torch ATEN_CPU_CAPABILITY=$(torch_of "$kind"))" | tee -a "$table"
    for java in "$JAVA17" "$JAVA25"; do
        $java $flags -XX:+PrintFlagsFinal -version 2>/dev/null | grep -E ' (UseAVX|MaxVectorSize) ' \
            | awk -v j="$java" '{print "#", j, $2, "=", $4}' | tee -a "$table"
    done
    for init in $INITS; do
        for java in "$JAVA17" "$JAVA25"; do
            for jar in "${jars[@]}"; do
                log="$OUT/$kind-$init-$(basename "$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")")")-$(basename "$jar" .jar).log"
                flock /tmp/jinit-bench.lock "$java" -jar "$jar" FillBenchmark -p size=$SIZE -p threads=2 \
                    -p initializer="$init" -f 1 -wi 3 -i 5 -jvmArgsAppend "-Xmx3g $flags" > "$log" 2>&1
                median=$(sed '/^Result/,$d' "$log" | grep -oE '[0-9.]+ ms/op' | tail -5 | awk '{print $1}' | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
                busy=$(grep -oE 'cpu_over_wall=[0-9.]+' "$log" | tail -1 | cut -d= -f2)
                echo "| $init | $(basename "$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")")") | $(basename "$jar") | ${median:-?} ms | cpu/wall ${busy:-?} |" | tee -a "$table"
            done
        done
    done
    ATEN_CPU_CAPABILITY=$(torch_of "$kind") flock /tmp/jinit-bench.lock "$PYTHON" "$HERE/peers.py" \
        --only "torch/normal_/$SIZE/2,torch/uniform_/$SIZE/2,torch/kaiming_normal_/$SIZE/2" \
        --json "$OUT/$kind-torch.json" > "$OUT/$kind-torch.log" 2>&1
    grep -E '^torch' "$OUT/$kind-torch.log" | awk '{print "| torch " $2 " | | | " $5 " ms | cpu/wall " $9 " |"}' | tee -a "$table"
done
echo "table: $table"
