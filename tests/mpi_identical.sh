#!/usr/bin/env bash
# The loss study's default job at several MPI rank counts (oversubscribed) writes identical files:
# kind_identical.sh on jobs/default.opts and the shipped ladder.
# Usage: mpi_identical.sh SCALESWEEP SWEEP_NCCMP SCRATCH "1 2 3" [extra scalesweep options...]
set -euo pipefail
bin=$1 nccmp=$2 scratch=$3 ranks=$4
shift 4
exec "$(dirname "$0")/kind_identical.sh" "$bin" "$nccmp" "$scratch" "$ranks" jobs/default.opts \
  -sweep_input "$(pwd)/inputs/ladder.csv" "$@"
