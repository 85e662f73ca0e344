#!/usr/bin/env bash
# inputs/ladder.csv is reproduced bit for bit by the generator command in inputs/README.md.
# Usage: inputs_regenerate.sh SCALESWEEP_GEN SCRATCH
set -euo pipefail
gen=$1 scratch=$2
mkdir -p "$scratch"
"$gen" -gen_law chinchilla -gen_params 406.4,410.7,1.69,0.34,0.28 -gen_noise 0.005 -gen_seed 2022 \
  -gen_budget 1e18:1e21:7 -gen_sizes 9 -gen_spread 8 -gen_output "$scratch/ladder.csv"
grep -qF -- "-gen_params 406.4,410.7,1.69,0.34,0.28" inputs/README.md
cmp inputs/ladder.csv "$scratch/ladder.csv"
echo "inputs/ladder.csv regenerated identically ($(wc -l < inputs/ladder.csv) lines)"
