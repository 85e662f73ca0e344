#!/usr/bin/env bash
# inputs/sandwich.csv is reproduced byte for byte by the generator command in inputs/README.md.
# Usage: sandwich_input.sh SCALESWEEP_SANDWICH_GEN SCRATCH
set -euo pipefail
gen=$1 scratch=$2
mkdir -p "$scratch"
"$gen" -gen_seed 2024 -gen_models 80 -gen_turn 1.5 -gen_output "$scratch/sandwich.csv"
grep -qF -- "-gen_seed 2024 -gen_models 80 -gen_turn 1.5 -gen_output inputs/sandwich.csv" inputs/README.md
cmp inputs/sandwich.csv "$scratch/sandwich.csv"
echo "inputs/sandwich.csv regenerated identically ($(wc -l < inputs/sandwich.csv) lines)"
