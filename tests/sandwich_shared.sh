#!/usr/bin/env bash
# Slice-and-Sandwich on the shared MMLU and arithmetic data at Wu & Lo's thresholds (jobs/
# sandwich_mmlu.opts, jobs/sandwich_arithmetic.opts), checked by tests/check_sandwich.py against an
# independent numpy computation and the bounds stated in docs/sandwich.md. Skipped (77) when
# ../shared/data is absent.
# Usage: tests/sandwich_shared.sh SCALESWEEP SCRATCH
set -eu
bin=$1 scratch=$2
dir=${SWEEP_SHARED_DATA:-../shared/data}
for task in mmlu arithmetic; do
  [ -r "$dir/expemergence_${task}_10groups.csv" ] || { echo "skipped: $dir/expemergence_${task}_10groups.csv is absent"; exit 77; }
done
mkdir -p "$scratch"
for task in mmlu arithmetic; do
  "$bin" -options_file jobs/sandwich_$task.opts -sweep_input "$dir/expemergence_${task}_10groups.csv" \
    -sweep_output "$scratch/$task.nc" -sweep_overwrite -sweep_progress none | sed -n '/^Slice-and-Sandwich/,/replicates)/p'
done
/usr/bin/python3 tests/check_sandwich.py "$dir" "$scratch"
