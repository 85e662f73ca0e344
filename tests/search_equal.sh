#!/usr/bin/env bash
# The screened search (hoffmann) against the exhaustive one (hoffmann_exhaustive) on the shared
# Chinchilla data with RESAMPLES bootstrap resamples (each searched in full), and on SYNTH synthetic
# ladders drawn from random true parameters: the same optimum in every fit (tests/check_search.py).
# Usage: search_equal.sh BIN GEN SCRATCH RESAMPLES SYNTH
# (ctest runs a small case; tests/bench/perf_bench.sh search runs 200 resamples and 50 ladders.)
set -euo pipefail
bin=$1 gen=$2 scratch=$3 resamples=$4 synth=$5
here=$(cd "$(dirname "$0")" && pwd)
data=${SWEEP_SHARED_DATA:-$here/../../shared/data}
rm -rf "$scratch" && mkdir -p "$scratch"
small=(-sweep_budget 1e20:1e22:3 -sweep_model_size 1e8:1e10:3 -sweep_data_size 1e9:1e11:3 -sweep_quiet -sweep_progress none)
pairs=()
run() { # label, options (@MODE@ stands for the start mode)
  local label=$1
  shift
  for mode in hoffmann hoffmann_exhaustive; do
    mpiexec -n 2 "$bin" "${@//@MODE@/$mode}" "${small[@]}" -sweep_starts $mode -sweep_output "$scratch/$label.$mode.nc"
  done
  pairs+=("$label" "$scratch/$label.hoffmann.nc" "$scratch/$label.hoffmann_exhaustive.nc")
}
if [ -r "$data/chinchilla_epoch_svg.csv" ]; then
  run epoch -options_file jobs/chinchilla_epoch.opts -sweep_input "$data/chinchilla_epoch_svg.csv" -sweep_laws chinchilla \
    -sweep_bootstrap "$resamples" -sweep_bootstrap_starts @MODE@
else
  echo "# ../shared/data absent: synthetic ladders only"
fi
for k in $(seq 1 "$synth"); do
  # true parameters drawn from the seed: A 200-900, B 300-3000, E 1.5-2.1, alpha and beta 0.25-0.45
  read -r A B E alpha beta < <(awk -v s="$k" 'BEGIN { srand(s); printf "%.1f %.1f %.3f %.3f %.3f\n",
    200 + 700 * rand(), 300 + 2700 * rand(), 1.5 + 0.6 * rand(), 0.25 + 0.2 * rand(), 0.25 + 0.2 * rand() }')
  "$gen" -gen_law chinchilla -gen_params "$A,$B,$E,$alpha,$beta" -gen_seed "$k" -gen_output "$scratch/synth$k.csv"
  run "synth$k" -options_file jobs/default.opts -sweep_bootstrap 0 -sweep_input "$scratch/synth$k.csv"
done
[ ${#pairs[@]} -gt 0 ] || exit 77
/usr/bin/python3 "$here/check_search.py" "${pairs[@]}"
