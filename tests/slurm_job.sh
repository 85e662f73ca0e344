#!/usr/bin/env bash
# slurm/sweep.sbatch on a real single-node Slurm started by this test: `sbatch --wait` of a study
# writes the same NetCDF variables as `mpiexec -n 2` of the same study (all but `history`), and a
# job with a bad option fails with scalesweep's exit status and one error line in its log.
# Issue 5: a job sent USR1 (`scancel --signal=USR1 --batch`) checkpoints, is requeued, resumes and
# completes with the same variables; an array job of 3 shards plus the merge job (submitted by
# slurm/submit-array.sh) write the same variables too.
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
mkdir -p "$work/cluster" "$work/mpi" "$work/slurm" "$work/bad" "$work/usr1" "$work/array" "$work/kind"
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
check "same variables as mpiexec -n 2" "'$nccmp' '$work/mpi/out.nc' '$work/slurm/out.nc' history scalesweep_options"

(cd "$work/bad" && SCALESWEEP_BIN=$bin timeout 120 sbatch --wait -n 2 -o job.log "$src/slurm/sweep.sbatch" \
  "$src/jobs/default.opts" -sweep_huber_delta abc -sweep_output out.nc > /dev/null 2>&1)
status=$?
check "a job with a bad option fails (sbatch --wait returns non-zero)" "[ $status -ne 0 ]"
check "its log names the option in one error line" \
  "[ \$(grep -c 'scalesweep: error: option -sweep_huber_delta' '$work/bad/job.log') -eq 1 ]"
check "and it wrote nothing" "[ ! -e '$work/bad/out.nc' ]"
# USR1 to a running job: checkpoint, requeue, resume, complete.
long=(-sweep_input "$src/inputs/ladder.csv" -sweep_bootstrap 1200 -sweep_bootstrap_starts random:10 -sweep_output out.nc
  -sweep_progress none)
(cd "$work/mpi" && mpiexec --oversubscribe -n 2 "$bin" -options_file "$src/jobs/default.opts" "${long[@]}" \
  -sweep_output long.nc > /dev/null)
id=$(cd "$work/usr1" && SCALESWEEP_BIN=$bin sbatch --parsable -n 2 -o job.log "$src/slurm/sweep.sbatch" \
  "$src/jobs/default.opts" "${long[@]}")
state() { scontrol show job "$id" 2> /dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2; }
for _ in $(seq 1 120); do [ "$(state)" = RUNNING ] && grep -q "MPI ranks" "$work/usr1/job.log" 2> /dev/null && break; sleep 0.5; done
sleep 1.5
scancel --signal=USR1 --batch "$id"
for _ in $(seq 1 240); do case $(state) in COMPLETED | FAILED | CANCELLED | TIMEOUT | "") break ;; esac; sleep 0.5; done
check "USR1: the job completed" "[ \"$(state)\" = COMPLETED ]"
check "USR1: scalesweep checkpointed and stopped (exit 75)" "grep -q 'stopped by SIGUSR1' '$work/usr1/job.log'"
check "USR1: the job was requeued and resumed from the journal" \
  "grep -q 'requeueing job' '$work/usr1/job.log' && grep -q 'resuming from out.nc.ckpt' '$work/usr1/job.log' && scontrol show job $id | grep -q 'Restarts=1'"
check "USR1: same variables as an uninterrupted mpiexec -n 2 run" "'$nccmp' '$work/mpi/long.nc' '$work/usr1/out.nc' history scalesweep_options"
sed 's/^/    usr1 log: /' "$work/usr1/job.log" | grep -v "^    usr1 log: *$" | grep -E "sweep.sbatch|resuming|stopped" | head -8

# An array job of 3 shards, then the merge (slurm/submit-array.sh), against the single job above.
ids=$(cd "$work/array" && SCALESWEEP_BIN=$bin SBATCH_OUTPUT=job-%A-%a.log timeout 300 "$src/slurm/submit-array.sh" 3 \
  "$src/jobs/default.opts" "${study[@]}")
merge=$(echo "$ids" | sed -n 's/.*merge: job \([0-9]*\).*/\1/p')
for _ in $(seq 1 240); do
  st=$(scontrol show job "$merge" 2> /dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2)
  case $st in COMPLETED | FAILED | CANCELLED | TIMEOUT | "") break ;; esac
  sleep 0.5
done
check "array: 3 shard files, then the merge job completed ($ids)" \
  "[ \"$st\" = COMPLETED ] && ls '$work/array'/out.nc.shard-{0,1,2}-of-3 > /dev/null"
check "array + merge: same variables as the single job" "'$nccmp' '$work/slurm/out.nc' '$work/array/out.nc' history scalesweep_options"

# A study kind (issues 7 and 8) through the same script: Slice-and-Sandwich on the shipped input.
kind=(-sweep_input "$src/inputs/sandwich.csv" -sweep_output kind.nc -sweep_progress none)
(cd "$work/mpi" && mpiexec --oversubscribe -n 2 "$bin" -options_file "$src/jobs/sandwich.opts" "${kind[@]}" > /dev/null)
(cd "$work/kind" && SCALESWEEP_BIN=$bin timeout 300 sbatch --wait -n 2 -o job.log "$src/slurm/sweep.sbatch" \
  "$src/jobs/sandwich.opts" "${kind[@]}" > /dev/null)
check "a study kind (sandwich) as an sbatch job exits 0" "[ $? -eq 0 ]"
check "the sandwich job: same variables as mpiexec -n 2" \
  "'$nccmp' '$work/mpi/kind.nc' '$work/kind/kind.nc' history scalesweep_options"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
