#!/usr/bin/env bash
# The output's layout as ncdump -h shows it (every variable of the documented contract with its
# dimensions, CF and provenance attributes, the input's SHA-256), then an xarray read that
# recomputes the surfaces from the stored parameters (read_xarray.py).
# Usage: netcdf_layout.sh SCALESWEEP SCRATCH
set -uo pipefail
bin=$1 scratch=$2
rm -rf "$scratch" && mkdir -p "$scratch"
out=$scratch/layout.nc
"$bin" -options_file jobs/default.opts -sweep_starts random:200 -sweep_output "$out" -sweep_quiet || exit 1
ncdump -h "$out" > "$scratch/header.txt" || exit 1
pass=0 fail=0
expect() {
  if grep -qF -- "$1" "$scratch/header.txt"; then pass=$((pass + 1)); else echo "not ok - missing: $1"; fail=$((fail + 1)); fi
}
for decl in "double budget(budget)" "double model_size(model_size)" "double data_size(data_size)" \
  "string law_name(law)" "string param_name(law, param)" "double params(law, replicate, param)" \
  "double objective(law, replicate)" "int status(law, replicate)" "int iterations(law, replicate)" \
  "double n_opt(law, budget)" "double d_opt(law, budget)" "double loss_opt(law, budget)" \
  "double tokens_per_param(law, budget)" "double isoflop_loss(law, budget, model_size)" \
  "double loss_surface(law, data_size, model_size)" "double run_n(run)" "double run_d(run)" \
  "double run_loss(run)" "int run_used(run)" "double residual(law, run)" \
  "budget = 81 ;" "model_size = 61 ;" "data_size = 61 ;" "law = 2 ;" "replicate = 1 ;" "run = 63 ;" \
  'budget:units = "FLOP"' 'n_opt:_FillValue' 'status:flag_meanings' ':Conventions = "CF-1.10"' \
  ':title = "scalesweep default' ':source = "scalesweep ' '(git ' ':history = "' ':scalesweep_options = "' \
  "-sweep_laws chinchilla,compute_only" ":input_sha256 = \"$(sha256sum inputs/ladder.csv | cut -d' ' -f1)\""; do
  expect "$decl"
done
echo "ncdump -h: $pass declarations and attributes found, $fail missing"
/usr/bin/python3 tests/read_xarray.py "$out" || fail=$((fail + 1))
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
