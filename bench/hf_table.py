"""The table of bench/hf-generate.sh: medians of runs.tsv per writer and dtype, and ratios.

    python3 bench/hf_table.py RUNS.tsv OUT_DIR

Speed-ups are ratios of median wall times: "x transformers" = transformers' time / jinit's (the
target is at least 3), "x dd" = dd oflag=direct's time / jinit's, i.e. the share of dd's rate
jinit reaches (target at least 0.9); "x dd+fsync" likewise against dd with conv=fsync.
"""
import collections
import statistics
import sys

rows = collections.defaultdict(list)
rss = collections.defaultdict(list)
cpu = collections.defaultdict(list)
with open(sys.argv[1]) as f:
    for line in f:
        name, dtype, seconds, kb, cpu_seconds = line.rstrip("\n").split("\t")
        rows[(name, dtype)].append(float(seconds))
        rss[(name, dtype)].append(int(kb))
        cpu[(name, dtype)].append(float(cpu_seconds))

def median(key):
    return statistics.median(rows[key]) if key in rows else None

dtypes = list(dict.fromkeys(d for _, d in rows))
print("| dtype | writer | runs (s) | median (s) | CPU (s, median) | peak RSS (MB) | x transformers | x dd | x dd+fsync |")
print("|---|---|---|---|---|---|---|---|---|")
for dtype in dtypes:
    peer = median(("transformers", dtype))
    dd = median(("dd oflag=direct", dtype))
    ddsync = median(("dd oflag=direct conv=fsync", dtype))
    for (name, d), times in rows.items():
        if d != dtype or name.startswith("7B"):
            continue
        m = statistics.median(times)
        ratios = ["", "", ""]
        if name.startswith("jinit"):
            ratios = [f"**{peer / m:.2f}**" if peer else "", f"**{dd / m:.2f}**" if dd else "",
                      f"{ddsync / m:.2f}" if ddsync else ""]
        print(f"| {dtype} | {name} | {', '.join(f'{t:.2f}' for t in times)} | {m:.2f} | "
              f"{statistics.median(cpu[(name, d)]):.1f} | {max(rss[(name, d)]) / 1024:.0f} | " + " | ".join(ratios) + " |")
big = [(k, v) for k, v in rows.items() if k[0].startswith("7B")]
if big:
    print()
    print("| 7B layout, bfloat16 | time (s) | CPU (s) | peak RSS (MB) |")
    print("|---|---|---|---|")
    for (name, _), times in big:
        print(f"| {name} | {', '.join(f'{t:.2f}' for t in times)} | "
              f"{', '.join(f'{t:.1f}' for t in cpu[(name, 'bfloat16')])} | {max(rss[(name, 'bfloat16')]) / 1024:.0f} |")
