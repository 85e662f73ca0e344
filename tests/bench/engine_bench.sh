#!/usr/bin/env bash
# Engine benchmarks (issue 3), whole process, on this machine:
#   scaling  - a bootstrap study (default input, 2 laws, $REPLICATES resamples (default 4000, the
#              size of Epoch AI's bootstrap) from $STARTS random starts each (default 4))
#              on 1 rank (launched directly: faster here than `mpiexec -n 1`, which pins the rank
#              to core 0) and on 2 ranks (mpiexec -n 2), median of 5 runs each, and T2/T1
#              (target <= 0.55);
#   handout  - the root's hand-out rate with empty tasks (bench_schedule, target >= 50,000/s);
#   memory   - peak RSS of the root and of a worker with 64 x 64 and with 2048 x 2048 surface grids
#              at 1000 replicates (target: flat within 10%).
# Usage: tests/bench/engine_bench.sh [scaling|handout|memory|all]   (from the repository root, after a build)
set -euo pipefail
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
bin=${BIN:-build/bin}
what=${1:-all}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

scaling() {
  local study=(-options_file jobs/default.opts -sweep_bootstrap "${REPLICATES:-4000}" -sweep_bootstrap_starts "random:${STARTS:-4}"
    -sweep_quiet -sweep_progress none)
  echo "scaling: study of ${REPLICATES:-4000} resamples from ${STARTS:-4} random starts each; mpiexec adds ~0.4 s of start-up to the 2-rank runs"
  local launch
  for n in 1 2; do
    if [ "$n" = 1 ]; then launch=(); else launch=(mpiexec -n "$n"); fi
    for k in 1 2 3 4 5; do
      /usr/bin/time -f "%e" -o "$tmp/t" "${launch[@]}" "$bin/scalesweep" "${study[@]}" -sweep_output "$tmp/s$n.nc"
      cat "$tmp/t"
    done | median > "$tmp/median$n"
    echo "scaling: $n rank(s): median wall time of 5 runs $(cat "$tmp/median$n") s"
  done
  echo "scaling: T2/T1 = $(echo "$(cat "$tmp/median2") / $(cat "$tmp/median1")" | bc -l | cut -c1-5) (target <= 0.55)"
}

handout() {
  mpiexec -n 2 "$bin/bench_schedule" -tasks 2000000
}

memory() {
  for g in 64 2048; do
    # each rank measures itself: GNU time writes the peak RSS to rss.<rank>
    mpiexec -n 2 sh -c 'exec /usr/bin/time -f "%M" -o "$0/rss.$OMPI_COMM_WORLD_RANK" "$@"' "$tmp" "$bin/scalesweep" -options_file jobs/default.opts \
      -sweep_laws chinchilla -sweep_starts random:50 -sweep_bootstrap 1000 -sweep_bootstrap_starts fit0 \
      -sweep_budget "1e18:1e26:$g" -sweep_model_size "1e7:1e13:$g" -sweep_data_size "1e9:1e15:$g" \
      -sweep_quiet -sweep_progress none -sweep_output "$tmp/m$g.nc"
    echo "memory: grid ${g}x${g}, 1000 replicates: peak RSS root $(cat "$tmp/rss.0") KiB, worker $(cat "$tmp/rss.1") KiB, file $(du -k "$tmp/m$g.nc" | cut -f1) KiB"
  done
}

case $what in
  scaling) scaling ;;
  handout) handout ;;
  memory) memory ;;
  all) handout; scaling; memory ;;
esac
