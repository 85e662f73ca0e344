#!/usr/bin/env bash
# Progress on standard error: in a non-terminal log, one line per further 10% of a phase (so at most
# about 11 per phase, ending at 100%); on a terminal (a pseudo-terminal made by script(1)), a bar
# redrawn in place with carriage returns, with rate, elapsed time and ETA.
# Usage: progress.sh SCALESWEEP SCRATCH
set -uo pipefail
bin=$1 scratch=$2
rm -rf "$scratch" && mkdir -p "$scratch"
opts=(-options_file jobs/default.opts -sweep_laws chinchilla -sweep_starts hoffmann_exhaustive -sweep_bootstrap 1000
  -sweep_bootstrap_starts random:10 -sweep_quiet)
pass=0 fail=0
check() { if eval "$2"; then echo "ok - $1"; pass=$((pass + 1)); else echo "not ok - $1"; fail=$((fail + 1)); fi; }

"$bin" "${opts[@]}" -sweep_output "$scratch/log.nc" 2> "$scratch/log.txt" > /dev/null
check "log: progress lines for the fit phase" "grep -q '^progress fit: ' '$scratch/log.txt'"
check "log: the resample phase reaches 100%" "grep -q '^progress resample: 100% (10000/10000 tasks' '$scratch/log.txt'"
check "log: at most 12 lines per phase" "[ \$(grep -c '^progress resample:' '$scratch/log.txt') -le 12 ]"
check "log: no carriage returns (no bar in a file)" "! grep -q $'\r' '$scratch/log.txt'"
check "log: lines give rate, elapsed and ETA" "grep -qE 'tasks, [0-9.]+/s, [0-9]+s elapsed, ETA [0-9]+s' '$scratch/log.txt'"

script -qefc "$bin ${opts[*]} -sweep_output $scratch/tty.nc" /dev/null > "$scratch/tty.txt" 2>&1
check "terminal: a bar redrawn with carriage returns" "grep -q $'\r''resample *\\[#' '$scratch/tty.txt'"
check "terminal: the bar shows tasks, rate, elapsed and ETA" "grep -qE '10000/10000 tasks, [0-9.]+/s, [0-9]+s elapsed, ETA' '$scratch/tty.txt'"
check "terminal: no per-10% lines" "! grep -q '^progress ' '$scratch/tty.txt'"
check "both runs wrote their file" "[ -s '$scratch/log.nc' ] && [ -s '$scratch/tty.nc' ]"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
