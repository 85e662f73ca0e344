#!/usr/bin/env bash
# Checkpoint, resume, signals, shards, failures and overwrite (issue 5), on a 2-rank study of
# about 3 s: each check prints ok/not ok, and the script fails if any check does.
#  - SIGKILL of the root (rank 0) at three random points, then -sweep_resume (a chain: kill,
#    resume, kill again, resume): identical variables to an uninterrupted run, and the journal
#    (scalesweep-journal) holds every task exactly once;
#  - SIGUSR1 to the job: exit status 75, journal synced, resume gives identical variables;
#  - a torn last record and a damaged record in the middle are ignored (their tasks rerun);
#  - a resume with a changed option, TAO option or input is refused, naming the difference;
#  - 3 shards (-sweep_shard i/3) then -sweep_merge 3 at 2 ranks: identical variables;
#  - injected failures (law test_faults): recorded with their status and counted; with
#    -sweep_on_failure abort the run stops with a clear error, the journal is intact, no output;
#  - an existing output is kept without -sweep_overwrite and replaced with it.
# Usage: resilience.sh SCALESWEEP SWEEP_NCCMP SCALESWEEP_JOURNAL SCRATCH
set -uo pipefail
bin=$(realpath "$1") nccmp=$(realpath "$2") jtool=$(realpath "$3") scratch=$4
src=$(pwd)
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 1
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Inference tokens and leave-one-out are off to keep the runs short; the plan (unique-token cap),
# k-fold and backtest phases still run, journalled like the fits, so kills also land in them.
study=(-options_file "$src/jobs/default.opts" -sweep_input "$src/inputs/ladder.csv" -sweep_progress none
  -sweep_bootstrap 600 -sweep_bootstrap_starts random:10 -sweep_quiet -sweep_inference_tokens 0 -sweep_cv_loo false)
mpi=(mpiexec --quiet --oversubscribe -n 2)
pass=0 fail=0
check() { if eval "$2"; then echo "ok - $1"; pass=$((pass + 1)); else echo "not ok - $1"; fail=$((fail + 1)); fi; }
same() { "$nccmp" ref.nc "$1" history scalesweep_options > /dev/null; }
# every task of the study exactly once: no repeats, and the item counts of a whole study
complete() { "$jtool" "$1" > "$1.txt" && grep -q "items in more than one record: 0" "$1.txt" &&
  [ "$(grep '^phase' "$1.txt" | awk '{print $(NF-1)}' | tr '\n' ' ')" = "$(cat items.txt)" ]; }

SECONDS=0
t0=$(date +%s.%N)
"${mpi[@]}" "$bin" "${study[@]}" -sweep_output ref.nc -sweep_checkpoint_keep
check "uninterrupted reference run" "[ -s ref.nc ]"
"$jtool" ref.nc.ckpt > ref.txt
t_ref=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
grep '^phase' ref.txt | awk '{print $(NF-1)}' | tr '\n' ' ' > items.txt
check "its journal holds each task once (items per phase: $(cat items.txt))" "complete ref.nc.ckpt"
echo "# reference run: ${t_ref} s"

# Starts the study in the background and SIGKILLs rank 0 after $1 seconds (the launcher then
# ends the other rank). Returns once everything is gone.
kill_root_after() {
  local out=$1 delay=$2 resume=$3 pid root=""
  "${mpi[@]}" "$bin" "${study[@]}" -sweep_output "$out" -sweep_checkpoint_keep $resume 2> /dev/null &
  pid=$!
  sleep "$delay"
  for p in $(pgrep -f "scalesweep .*-sweep_output $out"); do
    grep -qz '^OMPI_COMM_WORLD_RANK=0$' "/proc/$p/environ" 2> /dev/null && root=$p
  done
  [ -n "$root" ] && kill -KILL "$root"
  wait "$pid" 2> /dev/null
}

for k in 1 2 3; do
  # a random point between 0.8 s (the journal exists by then) and 60% of the run; should the run
  # finish first (a slow start), again earlier
  delay=$(awk -v r=$RANDOM -v t="$t_ref" 'BEGIN { printf "%.2f", 0.8 + (0.6 * t - 0.8) * r / 32768 }')
  for try in 1 2 3; do
    rm -f "k$k.nc" "k$k.nc.ckpt"
    kill_root_after "k$k.nc" "$delay" ""
    [ ! -e "k$k.nc" ] && break
    delay=$(awk -v d="$delay" 'BEGIN { printf "%.2f", d / 2 < 0.8 ? 0.8 : d / 2 }')
  done
  killed=$([ -e "k$k.nc" ] && echo no || echo yes)
  records=$("$jtool" "k$k.nc.ckpt" 2> /dev/null | awk '/^phase/ {s += $3} END {print s + 0}')
  echo "# kill $k: SIGKILL of rank 0 after $delay s; $records tasks journalled"
  if [ "$k" = 3 ]; then # a chain: resume, be killed again early in the resumed run, resume
    kill_root_after "k$k.nc" 0.8 -sweep_resume
    records=$("$jtool" "k$k.nc.ckpt" 2> /dev/null | awk '/^phase/ {s += $3} END {print s + 0}')
    echo "# kill 3 again: SIGKILL of the resumed run's rank 0 after 0.8 s; $records tasks journalled"
    check "kill 3 again: the resumed run was cut short too" "[ ! -e k$k.nc ]"
  fi
  "${mpi[@]}" "$bin" "${study[@]}" -sweep_output "k$k.nc" -sweep_checkpoint_keep -sweep_resume > /dev/null
  check "kill $k (after $delay s): the run was cut short, resumed and finished" "[ $killed = yes ] && [ -s k$k.nc ]"
  check "kill $k: identical variables to the uninterrupted run" "same k$k.nc"
  check "kill $k: the journal holds every task exactly once" "complete k$k.nc.ckpt"
done

# SIGUSR1 (what Slurm sends before the time limit): exit 75, then resume.
"${mpi[@]}" "$bin" "${study[@]}" -sweep_output u.nc -sweep_checkpoint_keep 2> u.err &
pid=$!
sleep "$(awk -v t="$t_ref" 'BEGIN { printf "%.2f", t / 2 }')"
pkill -USR1 -f "scalesweep .*-sweep_output u.nc"
wait "$pid"
rc=$?
check "SIGUSR1: exit status 75" "[ $rc -eq 75 ]"
check "SIGUSR1: the message says how to go on" "grep -q 'stopped by SIGUSR1.*-sweep_resume' u.err"
check "SIGUSR1: no output, no temporary file" "[ ! -e u.nc ] && [ ! -e u.nc.part ]"
"$jtool" u.nc.ckpt > u.txt
check "SIGUSR1: the journal is intact (no torn end)" "grep -q 'torn end: 0 bytes' u.txt"
"${mpi[@]}" "$bin" "${study[@]}" -sweep_output u.nc -sweep_resume -sweep_checkpoint_keep > u.out
check "SIGUSR1: resume gives identical variables" "same u.nc"
check "SIGUSR1: the resumed journal holds every task once" "complete u.nc.ckpt"

# A torn last record, and a damaged record in the middle: ignored from there on, rerun.
cp ref.nc.ckpt torn.nc.ckpt
truncate -s -100 torn.nc.ckpt
"$bin" "${study[@]}" -sweep_output torn.nc -sweep_resume -sweep_quiet 0 > torn.out
check "a torn last record is ignored (and said so)" "grep -q 'torn last record ignored' torn.out && same torn.nc"
cp ref.nc.ckpt mid.nc.ckpt
size=$(stat -c %s mid.nc.ckpt)
printf '\xff\xff\xff\xff' | dd of=mid.nc.ckpt bs=1 seek=$((size / 2)) conv=notrunc status=none
"$bin" "${study[@]}" -sweep_output mid.nc -sweep_resume > /dev/null
check "a damaged record in the middle: the rest reruns, identical variables" "same mid.nc"

# A resume whose study differs is refused, naming the difference.
cp ref.nc.ckpt d.nc.ckpt
"$bin" "${study[@]}" -sweep_output d.nc -sweep_resume -sweep_bootstrap 500 2> d1.err
rc=$?
check "changed option: refused naming it" "[ $rc -ne 0 ] && grep -q 'option -sweep_bootstrap is 500 here but 600 in the journal' d1.err && [ ! -e d.nc ]"
"$bin" "${study[@]}" -sweep_output d.nc -sweep_resume -sweep_tao_gatol 1e-9 2> d2.err
rc=$?
check "changed TAO option: refused naming it" "[ $rc -ne 0 ] && grep -q 'option -sweep_tao_gatol' d2.err"
sed 's/^\(.*\),\([0-9.]*\)$/\1,\2/' "$src/inputs/ladder.csv" > changed.csv
echo "$(tail -n 1 changed.csv | awk -F, -v OFS=, '{ $NF = $NF * 1.001; print }')" >> changed.csv
"$bin" "${study[@]}" -sweep_input changed.csv -sweep_output d.nc -sweep_resume 2> d3.err
rc=$?
check "changed input: refused naming it" "[ $rc -ne 0 ] && grep -q 'the input has changed since it was written' d3.err"
check "the refused journal is untouched" "cmp -s ref.nc.ckpt d.nc.ckpt"

# Shards of an array job, then the merge at 2 ranks.
for i in 0 1 2; do
  "$bin" "${study[@]}" -sweep_output sh.nc -sweep_shard $i/3 > /dev/null
done
"${mpi[@]}" "$bin" "${study[@]}" -sweep_output sh.nc -sweep_merge 3 > /dev/null
check "3 shards merged: identical variables to the single run" "same sh.nc"
check "the shard files are kept" "[ -s sh.nc.shard-0-of-3 ] && [ -s sh.nc.shard-2-of-3 ]"

# Injected failures.
faults=(-sweep_laws chinchilla,test_faults -sweep_test_faults 3:nan,5:error,7:diverge -sweep_bootstrap 20
  -sweep_bootstrap_starts fit0)
"$bin" "${study[@]}" "${faults[@]}" -sweep_output f.nc -sweep_quiet 0 > f.out
rc=$?
check "injected failures (record): the run completes" "[ $rc -eq 0 ] && [ -s f.nc ]"
check "and the summary counts them by reason" "grep -q 'fits: 3 of 42 failed (DIVERGED_NAN 2, ERROR 1)' f.out"
status=$(ncdump -v status f.nc | sed -n '/^ status =/,/;/p' | tr -d ' \n;' | sed 's/status=//')
check "and the file stores their status (-4 DIVERGED_NAN, -100 ERROR) on replicates 3, 5, 7 of test_faults" \
  "[ \"\$(echo $status | cut -d, -f 25,27,29)\" = '-4,-100,-4' ]"
"${mpi[@]}" "$bin" "${study[@]}" "${faults[@]}" -sweep_output g.nc -sweep_on_failure abort 2> g.err
rc=$?
check "-sweep_on_failure abort: non-zero exit, a clear error naming the fit" \
  "[ $rc -ne 0 ] && grep -q 'scalesweep: error: fit of law test_faults, config 0, replicate [357] failed' g.err"
check "-sweep_on_failure abort: no output" "[ ! -e g.nc ] && [ ! -e g.nc.part ]"
"$jtool" g.nc.ckpt > g.txt
check "-sweep_on_failure abort: the journal is intact" "grep -q 'torn end: 0 bytes' g.txt && grep -q 'more than one record: 0' g.txt"

# Never overwrite an output unasked.
cp ref.nc keep.nc
"$bin" "${study[@]}" -sweep_output keep.nc -sweep_bootstrap 0 2> o.err
rc=$?
check "an existing output is kept without -sweep_overwrite" "[ $rc -ne 0 ] && grep -q 'exists: give -sweep_overwrite' o.err && cmp -s ref.nc keep.nc"
"$bin" "${study[@]}" -sweep_output keep.nc -sweep_bootstrap 0 -sweep_overwrite
check "and replaced with it" "! cmp -s ref.nc keep.nc && [ -s keep.nc ]"

echo "$pass passed, $fail failed (${SECONDS} s)"
[ "$fail" -eq 0 ]
