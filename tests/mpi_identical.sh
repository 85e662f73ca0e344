#!/usr/bin/env bash
# A job at several MPI rank counts (oversubscribed) writes identical files: every variable bit for
# bit and every attribute but `history`. Each run works in its own folder with the same relative
# output name, so the recorded options are the same too.
# Usage: mpi_identical.sh SCALESWEEP SWEEP_NCCMP SCRATCH "1 2 3" [extra scalesweep options...]
set -euo pipefail
bin=$1 nccmp=$2 scratch=$3 ranks=$4
shift 4
src=$(pwd)
rm -rf "$scratch" && mkdir -p "$scratch"
first=""
for n in $ranks; do
  mkdir -p "$scratch/np$n"
  (cd "$scratch/np$n" && timeout 600 mpiexec --oversubscribe -n "$n" "$bin" -options_file "$src/jobs/default.opts" \
    -sweep_input "$src/inputs/ladder.csv" -sweep_output out.nc -sweep_quiet -sweep_progress none "$@")
  echo "ran at $n rank(s)"
  first=${first:-$n}
done
status=0
for n in $ranks; do
  [ "$n" = "$first" ] && continue
  "$nccmp" "$scratch/np$first/out.nc" "$scratch/np$n/out.nc" history || status=1
  grep -q "($n MPI rank" <(ncdump -h "$scratch/np$n/out.nc") || { echo "history does not record $n ranks"; status=1; }
done
exit $status
