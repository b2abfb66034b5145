#!/usr/bin/env bash
# Task (d), the Monte Carlo uncertainty analysis, measured in alternation: each round times
# numpy's vectorised `mc_uncertainty` (../shared/bench/peer_bench.py; median of 3 calls, as
# there) and then thb's criterion bench (`mc_uncertainty_R10000/thb/SIZE`, median of its
# samples), and takes their ratio. This machine's speed drifts by up to 1.5x over minutes,
# which a run of all peers followed by all of thb (side_by_side.sh) turns into a biased
# ratio; alternating pairs the two measurements in time. Prints one line per round and the
# median ratio per size.
#
#   bash benches/mc_paired.sh [SIZES] [ROUNDS]    # default 200x50,2000x100,20000x200 and 3
#
# Set-up of the peers (once): see side_by_side.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="${1:-200x50,2000x100,20000x200}"
rounds="${2:-3}"
shared="${THB_SHARED_DIR:-../shared}"
py="${THB_PEERS_PYTHON:-$HOME/.cache/thb-peers/bin/python}"
out="$PWD/target/mc_paired"
mkdir -p "$out"
cargo bench -q -p thb-benches --bench sensitivity --no-run >&2

numpy_once() { # size -> median seconds of 3 calls (as peer_bench.py; data generation excluded)
  "$py" - "$shared/bench" "$1" <<'PY'
import sys, time
sys.path.insert(0, sys.argv[1])
from peer_bench import make_data, mc_uncertainty
n, m = map(int, sys.argv[2].split("x"))
X, t, w0 = make_data(n, m)
times = []
for _ in range(3):
    start = time.perf_counter()
    mc_uncertainty(X, t, w0)
    times.append(time.perf_counter() - start)
print(sorted(times)[1])
PY
}

thb_once() { # size -> median seconds per analysis of a short criterion run
  rm -rf "$out/criterion"
  CRITERION_HOME="$out/criterion" cargo bench -q -p thb-benches --bench sensitivity -- \
    --noplot --sample-size 10 --warm-up-time 1 "mc_uncertainty_R10000/thb/$1\$" >/dev/null 2>&1
  python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['median']['point_estimate'] / 1e9)" \
    "$out/criterion/mc_uncertainty_R10000/thb/$1/new/estimates.json"
}

echo "| size | round | numpy | thb | ratio |"
echo "|---|---|---|---|---|"
summary=""
for size in ${sizes//,/ }; do
  ratios=""
  for round in $(seq "$rounds"); do
    np=$(numpy_once "$size")
    th=$(thb_once "$size")
    ratio=$(python3 -c "print(f'{$np / $th:.1f}')")
    ratios="$ratios $ratio"
    python3 -c "print(f'| $size | $round | {$np * 1e3:.0f} ms | {$th * 1e3:.1f} ms | ${ratio}x |')"
  done
  summary="$summary\n$size: median ratio $(python3 -c "import statistics; print(statistics.median([float(r) for r in '$ratios'.split()]))")x (rounds:$ratios)"
done
echo -e "$summary"
