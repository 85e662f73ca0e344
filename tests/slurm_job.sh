#!/usr/bin/env bash
# slurm/sweep.sbatch on a real single-node Slurm started by this test: `sbatch --wait` of a study
# writes the same NetCDF variables as `mpiexec -n 2` of the same study (all but `history`), and a
# job with a bad option fails with scalesweep's exit status and one error line in its log.
# Usage: slurm_job.sh SCALESWEEP SWEEP_NCCMP
set -uo pipefail
bin=$1 nccmp=$2
src=$(pwd)
here=$(cd "$(dirname "$0")" && pwd)
for b in slurmctld slurmd sbatch munged; do
  command -v "$b" > /dev/null || { "$here/slurm/install_slurm.sh" > /dev/null 2>&1 || { echo "skipped: no Slurm"; exit 77; }; break; }
done
work=$(mktemp -d /tmp/sweep-slurm.XXXXXX) # short: slurmd's socket paths are limited
trap '"$here/slurm/slurm_down.sh" "$work/cluster" > /dev/null 2>&1; rm -rf "$work"' EXIT
mkdir -p "$work/cluster" "$work/mpi" "$work/slurm" "$work/bad"
"$here/slurm/slurm_up.sh" "$work/cluster" > /dev/null || exit 1
. "$work/cluster/env.sh"
study=(-sweep_input "$src/inputs/ladder.csv" -sweep_bootstrap 40 -sweep_starts random:200 -sweep_output out.nc
  -sweep_progress none)
pass=0 fail=0
check() { if eval "$2"; then echo "ok - $1"; pass=$((pass + 1)); else echo "not ok - $1"; fail=$((fail + 1)); fi; }

(cd "$work/mpi" && mpiexec --oversubscribe -n 2 "$bin" -options_file "$src/jobs/default.opts" "${study[@]}" > log.txt)
(cd "$work/slurm" && SCALESWEEP_BIN=$bin timeout 300 sbatch --wait -n 2 -o job.log "$src/slurm/sweep.sbatch" \
  "$src/jobs/default.opts" "${study[@]}" > /dev/null)
check "sbatch --wait slurm/sweep.sbatch exits 0" "[ $? -eq 0 ]"
check "the job ran 2 MPI ranks" "grep -q '2 MPI ranks' '$work/slurm/job.log'"
check "same variables as mpiexec -n 2" "'$nccmp' '$work/mpi/out.nc' '$work/slurm/out.nc' history"

(cd "$work/bad" && SCALESWEEP_BIN=$bin timeout 120 sbatch --wait -n 2 -o job.log "$src/slurm/sweep.sbatch" \
  "$src/jobs/default.opts" -sweep_huber_delta abc -sweep_output out.nc > /dev/null 2>&1)
status=$?
check "a job with a bad option fails (sbatch --wait returns non-zero)" "[ $status -ne 0 ]"
check "its log names the option in one error line" \
  "[ \$(grep -c 'scalesweep: error: option -sweep_huber_delta' '$work/bad/job.log') -eq 1 ]"
check "and it wrote nothing" "[ ! -e '$work/bad/out.nc' ]"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
