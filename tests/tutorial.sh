#!/usr/bin/env bash
# docs/tutorial.md stays true: its steps 3 and 4 run as written (in a scratch directory) and print
# the numbers the tutorial quotes.
# Usage: tutorial.sh SCALESWEEP SCRATCH
set -uo pipefail
bin=$1 scratch=$2
rm -rf "$scratch" && mkdir -p "$scratch"
pass=0 fail=0
check() { if eval "$2"; then echo "ok - $1"; pass=$((pass + 1)); else echo "not ok - $1"; fail=$((fail + 1)); fi; }
mpiexec -n 2 "$bin" -options_file jobs/default.opts -sweep_laws chinchilla -sweep_summary_budgets 1e24 -sweep_job plan1e24 \
  -sweep_output "$scratch/plan1e24.nc" > "$scratch/plan.txt" 2> /dev/null
check "step 3: 37.0B parameters, 4.50T tokens, 121.6 tokens per parameter, loss 1.9092 with its bands" \
  "grep -qE '^  1e24 +37\.0B +4\.50T +121\.6 +1\.9092   \[88\.2, 159\.7\]  \[1\.8877, 1\.9299\]$' '$scratch/plan.txt'"
check "step 3: the parameters and their bands" \
  "grep -q '^  alpha  0.346756     \[0.32947, 0.359931\]$' '$scratch/plan.txt'"
mpiexec -n 2 "$bin" -options_file jobs/default.opts -sweep_laws chinchilla -sweep_budget 1e24:1e24:1 \
  -sweep_model_size 1e9:1e12:301 -sweep_output "$scratch/iso1e24.nc" > /dev/null 2>&1
/usr/bin/python3 -c "
import xarray
ds = xarray.open_dataset('$scratch/iso1e24.nc')
iso = ds.isoflop_loss.sel(config=0, law=0).isel(budget=0)
ok = iso.model_size.where(iso <= 1.01 * float(iso.min()), drop=True)
print(f'within 1% of the optimal loss: N from {float(ok.min()):.3g} to {float(ok.max()):.3g}')" > "$scratch/iso.txt"
check "step 4: within 1% of the optimal loss from 1e10 to 1.41e11 parameters" \
  "grep -qx 'within 1% of the optimal loss: N from 1e+10 to 1.41e+11' '$scratch/iso.txt'"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
