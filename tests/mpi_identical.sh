#!/usr/bin/env bash
# The default job at 1, 2 and 3 MPI ranks (oversubscribed) writes identical files: every variable
# bit for bit and every attribute but `history`. Each run works in its own folder with the same
# relative output name, so the recorded options are the same too.
# Usage: mpi_identical.sh SCALESWEEP SWEEP_NCCMP SCRATCH
set -euo pipefail
bin=$1 nccmp=$2 scratch=$3
src=$(pwd)
rm -rf "$scratch" && mkdir -p "$scratch"
for n in 1 2 3; do
  mkdir -p "$scratch/np$n"
  (cd "$scratch/np$n" && timeout 300 mpiexec --oversubscribe -n "$n" "$bin" -options_file "$src/jobs/default.opts" \
    -sweep_input "$src/inputs/ladder.csv" -sweep_output default.nc -sweep_quiet)
  echo "ran at $n rank(s): $(ncdump -h "$scratch/np$n/default.nc" | grep -c ' ;$') declarations"
done
status=0
for n in 2 3; do
  "$nccmp" "$scratch/np1/default.nc" "$scratch/np$n/default.nc" history || status=1
done
grep -q '(2 MPI ranks)' <(ncdump -h "$scratch/np2/default.nc") || { echo "history does not record 2 ranks"; status=1; }
exit $status
