#!/usr/bin/env bash
# Performance benchmarks (issue 4), whole process, median of several runs, scalesweep and its peer
# side by side in the same run. Needs ../shared/data (the Chinchilla runs) for B1, B2 and B4.
#   b1     - one Chinchilla fit on one rank: the peer (tests/bench/peer_chinchilla.py, scipy L-BFGS-B
#            with an analytic gradient from each of the 4500 starts) against scalesweep's screened
#            search (-sweep_starts hoffmann) and its exhaustive one (hoffmann_exhaustive);
#   b2     - a 4000-replicate bootstrap with the full (screened) start search on every replicate,
#            2 ranks; the peer's time is its B1 time x 4001 fits (~20 h, not run);
#   b3     - the objective-and-gradient kernel alone (bench_kernel): ns per point per evaluation;
#   b4     - the root's hand-out rate (bench_schedule) and B2 on 1 rank (launched directly) against
#            2 ranks (mpiexec -n 2), median of 5 each (runs B2 first when it has not run);
#   search - the screened search against the exhaustive one on 200 resamples and 50 synthetic ladders.
# Usage: tests/bench/perf_bench.sh [b1|b2|b3|b4|search|all]   (from the repository root, after a build)
set -euo pipefail
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
bin=${BIN:-build/bin}
data=${SWEEP_SHARED_DATA:-../shared/data}
what=${1:-all}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
csv=$data/chinchilla_epoch_svg.csv
[ -r "$csv" ] || [ "$what" = b3 ] || { echo "perf_bench: $csv not found (set SWEEP_SHARED_DATA)"; exit 1; }
small=(-sweep_budget 1e20:1e26:7 -sweep_model_size 1e8:1e12:5 -sweep_data_size 1e9:1e13:5 -sweep_quiet -sweep_progress none)
epoch=(-options_file jobs/chinchilla_epoch.opts -sweep_input "$csv" -sweep_laws chinchilla "${small[@]}")

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ratio() { echo "$1 / $2" | bc -l | awk '{printf "%.3g", $1}'; }
# times K runs of a command (whole process, to the millisecond) and prints the median wall time in s
timed() {
  local k=$1 t0 t1
  shift
  for _ in $(seq 1 "$k"); do
    t0=$(date +%s.%N)
    "$@" > "$tmp/out" 2>&1 || { cat "$tmp/out" >&2; exit 1; }
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc -l | awk '{printf "%.3f\n", $1}'
  done | median
}
objective() { ncdump -v objective "$1" | sed -n '/^ objective =/,/;/p' | tr -d ' ;' | sed 's/objective=//' | cut -d, -f1 | tr -d '\n'; }

b1() {
  local peer fast full
  peer=$(timed 3 /usr/bin/python3 tests/bench/peer_chinchilla.py "$csv")
  grep -E "^(objective|evaluations) " "$tmp/out" | tr '\n' ' ' > "$tmp/peer"
  echo "$peer" > "$tmp/peer_seconds"
  fast=$(timed 9 "$bin/scalesweep" "${epoch[@]}" -sweep_output "$tmp/fast.nc")
  full=$(timed 3 "$bin/scalesweep" "${epoch[@]}" -sweep_starts hoffmann_exhaustive -sweep_output "$tmp/full.nc")
  echo "B1 one fit, 1 rank, whole process: peer $peer s ($(cat "$tmp/peer")); scalesweep hoffmann $fast s" \
    "(objective $(objective "$tmp/fast.nc")), hoffmann_exhaustive $full s (objective $(objective "$tmp/full.nc"))"
  echo "B1 speed-up over the peer: $(ratio "$peer" "$fast")x screened, $(ratio "$peer" "$full")x exhaustive [target >= 100x]"
}

study=(-sweep_bootstrap 4000 -sweep_bootstrap_starts hoffmann)
b2() {
  local t2
  t2=$(timed 5 mpiexec -n 2 "$bin/scalesweep" "${epoch[@]}" "${study[@]}" -sweep_output "$tmp/b2.nc")
  echo "$t2" > "$tmp/b2_seconds"
  grep "^time:" "$tmp/out" || true
  local peer=${PEER_SECONDS:-$(cat "$tmp/peer_seconds" 2>/dev/null || echo 18.2)}
  echo "B2 4000-replicate bootstrap, full screened search on every replicate, 2 ranks: $t2 s [target < 300 s];" \
    "the peer at $peer s per fit: $(echo "$peer * 4001 / 3600" | bc -l | awk '{printf "%.1f", $1}') h"
}

b3() {
  if [ -r "$csv" ]; then
    "$bin/bench_kernel" -input "$csv" -col_n Model_Size -col_c Training_FLOP
  else
    "$bin/bench_kernel"
  fi
}

b4() {
  mpiexec -n 2 "$bin/bench_schedule" -tasks 2000000
  local t1 t2
  [ -s "$tmp/b2_seconds" ] || b2
  t1=$(timed 5 "$bin/scalesweep" "${epoch[@]}" "${study[@]}" -sweep_output "$tmp/b4.nc")
  t2=$(cat "$tmp/b2_seconds")
  echo "B4 scaling of B2: 1 rank $t1 s, 2 ranks $t2 s: T2/T1 $(ratio "$t2" "$t1"), efficiency" \
    "$(echo "100 * $t1 / (2 * $t2)" | bc -l | awk '{printf "%.1f", $1}')% [target >= 90%]"
}

search() {
  bash tests/search_equal.sh "$bin/scalesweep" "$bin/scalesweep-gen" "$tmp/search" 200 50 | tail -3
}

case $what in
  b1) b1 ;;
  b2) b2 ;;
  b3) b3 ;;
  b4) b4 ;;
  search) search ;;
  all) b3; b1; b2; b4; search ;;
esac
