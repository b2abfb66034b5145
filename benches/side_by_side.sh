#!/usr/bin/env bash
# Measures thb (criterion) and the Python peers (../shared/bench/peer_bench.py) in the same run
# on this machine, and prints a Markdown table of medians and ratios.
#
#   bash benches/side_by_side.sh [SIZES]        # default 30x10,200x50,2000x100,20000x200
#
# Set-up of the peers (once): python3 -m venv "$HOME/.cache/thb-peers" &&
#   "$HOME/.cache/thb-peers/bin/pip" install -r ../shared/bench/requirements.txt
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="${1:-30x10,200x50,2000x100,20000x200}"
shared="${THB_SHARED_DIR:-../shared}"
py="${THB_PEERS_PYTHON:-$HOME/.cache/thb-peers/bin/python}"
out="target/side_by_side"
mkdir -p "$out"

if [ ! -x "$py" ]; then
  python3 -m venv "$HOME/.cache/thb-peers"
  "$HOME/.cache/thb-peers/bin/pip" install -q -r "$shared/bench/requirements.txt"
fi

echo "== Python peers ($sizes)" >&2
"$py" "$shared/bench/peer_bench.py" --sizes "$sizes" --skip-loop -o "$out/peers.json" >&2

echo "== thb (criterion)" >&2
filter=$(echo "$sizes" | tr ',' '|')
cargo bench -q -p thb-benches --bench mcda --bench sensitivity -- --noplot "($filter)" >&2

python3 - "$out/peers.json" target/criterion "$sizes" <<'PY'
import json, sys, os, glob
peers = json.load(open(sys.argv[1]))
crit = sys.argv[2]
sizes = sys.argv[3].split(",")
def thb(group, name, size):
    p = os.path.join(crit, group, name, size, "new", "estimates.json")
    if not os.path.exists(p):
        return None
    return json.load(open(p))["median"]["point_estimate"] / 1e9
tasks = [
    ("(a) min-max + weighted mean + rank", "a_minmax_wam_rank", ("mcda", "wsm_minmax_rank")),
    ("(b) TOPSIS", "b_topsis", ("mcda", "topsis_vector")),
    ("(c) entropy weights", "c_entropy_weights", ("mcda", "entropy_weights")),
    ("(d) Monte Carlo UA, R = 10,000", "d_mc_uncertainty_R10000", ("mc_uncertainty_R10000", "thb")),
]
def fmt(s):
    if s is None: return "–"
    return f"{s*1e3:.3f} ms" if s < 1 else f"{s:.2f} s"
print("| task | size | thb | fastest peer library | ratio | plain numpy | ratio |")
print("|---|---|---|---|---|---|---|")
for label, task, (group, name) in tasks:
    for size in sizes:
        rows = [r for r in peers["results"] if r["task"] == task and r["size"] == size]
        if not rows: continue
        libs = [r for r in rows if not r["lib"].startswith("numpy")]
        numpy = [r for r in rows if r["lib"].startswith("numpy")]
        t = thb(group, name, size)
        def cell(rs, with_lib):
            if not rs: return "–", "–"
            best = min(rs, key=lambda r: r["median_s"])
            ratio = f"{best['median_s']/t:.1f}x" if t else "–"
            return (f"{fmt(best['median_s'])} ({best['lib']})" if with_lib else fmt(best['median_s'])), ratio
        lib_cell, lib_ratio = cell(libs, True)
        np_cell, np_ratio = cell(numpy, False)
        print(f"| {label} | {size} | {fmt(t)} | {lib_cell} | {lib_ratio} | {np_cell} | {np_ratio} |")
print()
print(f"Machine: {peers['machine']['platform']}, {peers['machine']['cpu_count']} cores; peers: " +
      ", ".join(f"{k} {v}" for k, v in peers['versions'].items()))
PY
