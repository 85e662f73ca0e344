#!/usr/bin/env bash
# The default job at 2 ranks, then its planning report, model selection and Approach 2 against
# brute-force searches (tests/check_plan.py). inputs/ladder.csv is generated from Hoffmann et al.'s
# published law, so Approach 2 must find its exponent beta / (alpha + beta) = 0.28 / 0.62.
# Usage: tests/plan_default.sh SCALESWEEP SCRATCH
set -eu
bin=$1 scratch=$2
mkdir -p "$scratch"
mpiexec -n 2 "$bin" -options_file jobs/default.opts -sweep_output "$scratch/default.nc" -sweep_overwrite \
  -sweep_quiet -sweep_progress none
/usr/bin/python3 tests/check_plan.py "$scratch/default.nc" 0.45161290322580644
