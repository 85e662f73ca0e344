#!/usr/bin/env bash
# The sigmoid study's shipped job: inputs/sigmoid.csv is what its command in inputs/README.md makes,
# byte for byte; jobs/sigmoid.opts then prints the summary lines docs/sigmoid.md quotes (BIC by K,
# the chosen K, the step centres, the thresholds and the predictions with their bands), and the
# file holds K = 2.
# Usage: sigmoid_job.sh SCALESWEEP SCALESWEEP_SIGMOID_GEN SCRATCH
set -euo pipefail
bin=$1 gen=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
"$gen" -gen_seed 2024 -gen_output "$scratch/sigmoid.csv"
cmp "$scratch/sigmoid.csv" inputs/sigmoid.csv
grep -qF 'scalesweep-sigmoid-gen -gen_seed 2024 -gen_output inputs/sigmoid.csv' inputs/README.md
echo "inputs/sigmoid.csv regenerated identically"
"$bin" -options_file jobs/sigmoid.opts -sweep_output "$scratch/out.nc" -sweep_progress none > "$scratch/summary.txt"
# the quoted block: the lines between "multi-plateau: BIC" and the last threshold line
awk '/^```/ { inblock = !inblock; next } inblock && /^(multi-plateau: BIC|  step |emergence threshold|predicted accuracy|  (direct|twostep|multi) )/' \
  docs/sigmoid.md > "$scratch/quoted.txt"
[ "$(wc -l < "$scratch/quoted.txt")" -ge 15 ] || { echo "docs/sigmoid.md quotes no summary"; exit 1; }
status=0
while IFS= read -r line; do
  grep -qxF -- "$line" "$scratch/summary.txt" || { echo "not in the summary: '$line'"; status=1; }
done < "$scratch/quoted.txt"
ncdump -v multi_K "$scratch/out.nc" | grep -q 'multi_K = 2 ;' || { echo "multi_K is not 2"; status=1; }
[ $status = 0 ] && echo "the job prints what docs/sigmoid.md quotes ($(wc -l < "$scratch/quoted.txt") lines); K = 2"
exit $status
