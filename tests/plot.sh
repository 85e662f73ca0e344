#!/usr/bin/env bash
# scalesweep-plot on the default job's output (100 bootstrap resamples): every picture made
# in PNG and SVG, valid and non-trivial, from the right data (tests/check_plot.py); bad arguments
# refused with a message. Exit 77 (skip) without gnuplot.
# Usage: plot.sh SCALESWEEP SCALESWEEP-PLOT SCRATCH
set -uo pipefail
bin=$1 plot=$2 scratch=$3
here=$(cd "$(dirname "$0")" && pwd)
command -v gnuplot > /dev/null || { echo "gnuplot not installed (apt-get install gnuplot-nox): skipped"; exit 77; }
rm -rf "$scratch" && mkdir -p "$scratch"
"$bin" -options_file jobs/default.opts -sweep_quiet -sweep_progress none \
  -sweep_output "$scratch/default.nc" || exit 1
"$plot" "$scratch/default.nc" -o "$scratch/plots" || exit 1
# gnuplot's own table output of the frontier series, to compare with the file
gnuplot -e "set format x '%.17g'; set format y '%.17g'; set logscale xy; set table '$scratch/table.dat';
  plot '$scratch/plots/frontier_chinchilla.dat' u 1:2 w l; unset table" || exit 1
/usr/bin/python3 "$here/check_plot.py" "$scratch/default.nc" "$scratch/plots" "$scratch/table.dat"
status=$?
pass=0 fail=0
check() { if eval "$2"; then echo "ok - $1"; pass=$((pass + 1)); else echo "not ok - $1"; fail=$((fail + 1)); fi; }
"$plot" "$scratch/missing.nc" > "$scratch/e1.txt" 2>&1
check "a missing file is refused with its name" "[ $? -eq 1 ] && grep -q 'scalesweep-plot: error: $scratch/missing.nc: cannot open as NetCDF' '$scratch/e1.txt'"
"$plot" "$scratch/default.nc" -c 3 -o "$scratch/p3" > "$scratch/e2.txt" 2>&1
check "a config out of range is refused" "[ $? -eq 1 ] && grep -q 'option -c: .* has 1 config(s), 0 to 0' '$scratch/e2.txt'"
echo "$pass passed, $fail failed"
[ "$status" -eq 0 ] && [ "$fail" -eq 0 ]
