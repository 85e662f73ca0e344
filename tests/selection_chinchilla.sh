#!/usr/bin/env bash
# jobs/chinchilla_selection.opts at 2 ranks on the shared Chinchilla data, checked by
# tests/check_selection.py. Skipped (77) when ../shared/data is absent.
# Usage: tests/selection_chinchilla.sh SCALESWEEP SCRATCH
set -eu
bin=$1 scratch=$2
data=${SWEEP_SHARED_DATA:-../shared/data}/chinchilla_epoch_svg.csv
[ -r "$data" ] || { echo "skipped: $data is absent"; exit 77; }
mkdir -p "$scratch"
mpiexec -n 2 "$bin" -options_file jobs/chinchilla_selection.opts -sweep_input "$data" \
  -sweep_output "$scratch/selection.nc" -sweep_overwrite -sweep_progress none | sed -n '/^model selection/,/^planning report/p'
/usr/bin/python3 tests/check_selection.py "$scratch/selection.nc"
