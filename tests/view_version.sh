#!/usr/bin/env bash
# -version prints scalesweep's version, git revision and libraries and runs nothing; -sweep_view
# prints the plan (axes, tasks, an estimate) at 1 and 2 ranks and writes nothing at the output path.
# Usage: view_version.sh SCALESWEEP SCRATCH
set -uo pipefail
bin=$1 scratch=$2
rm -rf "$scratch" && mkdir -p "$scratch"
pass=0 fail=0
check() { if eval "$2"; then echo "ok - $1"; pass=$((pass + 1)); else echo "not ok - $1"; fail=$((fail + 1)); fi; }

(cd "$scratch" && "$bin" -version > version.txt 2>&1)
rc=$?
check "-version exits 0" "[ $rc -eq 0 ]"
check "-version names scalesweep, its git revision and the libraries" \
  "grep -qE '^scalesweep [0-9]+\.[0-9]+\.[0-9]+ \(git [0-9a-f]+(-dirty)?\); PETSc 3\.[0-9]+\.[0-9]+; Open MPI v[0-9.]+; NetCDF [0-9.]+$' '$scratch/version.txt'"
check "-version runs no study (no outputs/ file, no summary)" \
  "[ ! -e '$scratch/outputs' ] && ! grep -q '^law ' '$scratch/version.txt'"

for np in 1 2; do
  mpiexec -n $np "$bin" -options_file jobs/default.opts -sweep_bootstrap 50 -sweep_view -sweep_output "$scratch/view$np.nc" \
    > "$scratch/view$np.txt" 2>&1
  rc=$?
  check "-sweep_view at $np rank(s) exits 0" "[ $rc -eq 0 ]"
  check "-sweep_view at $np rank(s) writes nothing at the output path" "! ls '$scratch'/view$np.nc* > /dev/null 2>&1"
  check "-sweep_view at $np rank(s) prints the plan once" "[ \$(grep -c '^plan of job default' '$scratch/view$np.txt') -eq 1 ]"
  check "-sweep_view at $np rank(s): replicates, fit tasks per law, estimate" \
    "grep -q 'replicates 51 (1 + 50 bootstrap resamples' '$scratch/view$np.txt' &&
     grep -qE 'law chinchilla +4500 starts \(hoffmann, screened\); 51 fit tasks; about [0-9.e+-]+ s of compute' '$scratch/view$np.txt' &&
     grep -qE 'estimate fits about [0-9.e+-]+ s on $np rank' '$scratch/view$np.txt'"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
