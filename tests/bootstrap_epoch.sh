#!/usr/bin/env bash
# The bootstrap of Epoch AI's replication (REFERENCE 1.1): 1000 resamples of the 240 runs on 2 ranks,
# each refitted from replicate 0's optimum, checked by check_bootstrap.py. The full 4000-resample
# figures are in docs/engine.md. Skips (77) when ../shared/data is absent.
# Usage: bootstrap_epoch.sh SCALESWEEP SCRATCH
set -euo pipefail
bin=$1 scratch=$2
data=${SWEEP_SHARED_DATA:-../shared/data}/chinchilla_epoch_svg.csv
[ -r "$data" ] || { echo "skipped: $data is absent"; exit 77; }
rm -rf "$scratch" && mkdir -p "$scratch"
mpiexec --oversubscribe -n 2 "$bin" -options_file jobs/chinchilla_epoch.opts -sweep_input "$data" -sweep_laws chinchilla \
  -sweep_bootstrap 1000 -sweep_quantiles 0.025,0.5,0.975 -sweep_budget 1e21:1e24:4 -sweep_model_size 1e9:1e11:3 \
  -sweep_data_size 1e10:1e12:3 -sweep_summary_budgets 1e24 -sweep_progress none -sweep_output "$scratch/boot.nc"
/usr/bin/python3 tests/check_bootstrap.py "$scratch/boot.nc"
