#!/usr/bin/env bash
# A job at several MPI rank counts (oversubscribed) writes identical files: every variable bit for
# bit and every attribute but `history` (a study kind's job, issues 7 and 8, or the loss study's
# through mpi_identical.sh). Each run works in its own folder SCRATCH/npN with the same relative
# output name, so the recorded options match too. Relative paths in the job resolve as from the
# source tree: SCRATCH/npN/inputs links to the tree's inputs/ and SCRATCH/shared to ../shared (so
# "../shared/data/x.csv" works).
# Usage: kind_identical.sh SCALESWEEP SWEEP_NCCMP SCRATCH "1 2" JOBFILE [extra scalesweep options...]
set -euo pipefail
bin=$1 nccmp=$2 scratch=$3 ranks=$4 job=$5
shift 5
src=$(pwd)
rm -rf "$scratch" && mkdir -p "$scratch"
[ -e "$src/../shared" ] && ln -s "$src/../shared" "$scratch/shared"
first=""
for n in $ranks; do
  mkdir -p "$scratch/np$n"
  ln -s "$src/inputs" "$scratch/np$n/inputs"
  (cd "$scratch/np$n" && timeout 600 mpiexec --oversubscribe -n "$n" "$bin" -options_file "$src/$job" \
    -sweep_output out.nc -sweep_quiet -sweep_progress none "$@")
  echo "ran $job at $n rank(s)"
  first=${first:-$n}
done
status=0
for n in $ranks; do
  [ "$n" = "$first" ] && continue
  "$nccmp" "$scratch/np$first/out.nc" "$scratch/np$n/out.nc" history || status=1
  grep -q "($n MPI rank" <(ncdump -h "$scratch/np$n/out.nc") || { echo "history does not record $n ranks"; status=1; }
done
[ $status = 0 ] && echo "identical at ranks $ranks"
exit $status
