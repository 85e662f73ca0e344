#!/usr/bin/env bash
# The output's layout as ncdump -h shows it (every variable of the documented contract with its
# dimensions, CF and provenance attributes, the input's SHA-256), then an xarray read that
# recomputes the surfaces from the stored parameters (read_xarray.py).
# Usage: netcdf_layout.sh SCALESWEEP SCRATCH
set -uo pipefail
bin=$1 scratch=$2
rm -rf "$scratch" && mkdir -p "$scratch"
out=$scratch/layout.nc
"$bin" -options_file jobs/default.opts -sweep_starts random:200 -sweep_bootstrap 20 -sweep_huber_delta 1e-3,1e-2 \
  -sweep_output "$out" -sweep_quiet -sweep_progress none || exit 1
ncdump -h "$out" > "$scratch/header.txt" || exit 1
pass=0 fail=0
expect() {
  if grep -qF -- "$1" "$scratch/header.txt"; then pass=$((pass + 1)); else echo "not ok - missing: $1"; fail=$((fail + 1)); fi
}
for decl in "double budget(budget)" "double model_size(model_size)" "double data_size(data_size)" \
  "string law_name(law)" "string param_name(law, param)" "double params(config, law, replicate, param)" \
  "double objective(config, law, replicate)" "int status(config, law, replicate)" \
  "int iterations(config, law, replicate)" "double n_opt(config, law, budget)" "double d_opt(config, law, budget)" \
  "double loss_opt(config, law, budget)" "double tokens_per_param(config, law, budget)" \
  "double isoflop_loss(config, law, budget, model_size)" "double loss_surface(config, law, data_size, model_size)" \
  "double n_opt_q(config, law, budget, quantile)" "double loss_opt_q(config, law, budget, quantile)" \
  "double isoflop_loss_q(config, law, budget, model_size, quantile)" \
  "double loss_surface_q(config, law, data_size, model_size, quantile)" \
  "double params_q(config, law, param, quantile)" "double params_cov(config, law, param, param2)" \
  "double huber_delta(config)" "int drop_highest(config)" "double min_budget(config)" "double max_budget(config)" \
  "string tao_type(config)" "double quantile(quantile)" \
  "double run_n(run)" "double run_d(run)" "double run_loss(run)" "int run_used(config, run)" \
  "double residual(config, law, run)" \
  "budget = 81 ;" "model_size = 61 ;" "data_size = 61 ;" "law = 2 ;" "replicate = 21 ;" "run = 63 ;" \
  "config = 2 ;" "quantile = 3 ;" \
  'budget:units = "FLOP"' 'n_opt:_FillValue' 'status:flag_meanings' ':Conventions = "CF-1.10"' \
  ':title = "scalesweep default' ':source = "scalesweep ' '(git ' ':history = "' ':scalesweep_options = "' \
  "-sweep_laws chinchilla,compute_only" ":input_sha256 = \"$(sha256sum inputs/ladder.csv | cut -d' ' -f1)\""; do
  expect "$decl"
done
echo "ncdump -h: $pass declarations and attributes found, $fail missing"
/usr/bin/python3 tests/read_xarray.py "$out" || fail=$((fail + 1))
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
