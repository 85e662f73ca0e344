#!/usr/bin/env bash
# inputs/sigmoid.csv is what its command in inputs/README.md makes, byte for byte.
# Usage: sigmoid_regenerate.sh SCALESWEEP_SIGMOID_GEN SCRATCH
set -euo pipefail
gen=$1 scratch=$2
mkdir -p "$scratch"
"$gen" -gen_seed 2024 -gen_output "$scratch/sigmoid.csv"
cmp "$scratch/sigmoid.csv" inputs/sigmoid.csv
grep -qF 'scalesweep-sigmoid-gen -gen_seed 2024 -gen_output inputs/sigmoid.csv' inputs/README.md
echo "inputs/sigmoid.csv regenerated identically"
