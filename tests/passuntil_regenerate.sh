#!/usr/bin/env bash
# inputs/passuntil.csv is reproduced bit for bit by the simulator command in inputs/README.md.
# Usage: passuntil_regenerate.sh SCALESWEEP_PASSUNTIL_SIM SCRATCH
set -euo pipefail
sim=$1 scratch=$2
mkdir -p "$scratch"
cmd=$(grep -o 'scalesweep-passuntil-gen [^`]*-sim_output inputs/passuntil.csv' inputs/README.md)
[ -n "$cmd" ] || { echo "inputs/README.md has no scalesweep-passuntil-gen command"; exit 1; }
args=${cmd#scalesweep-passuntil-gen }
args=${args% -sim_output inputs/passuntil.csv}
# shellcheck disable=SC2086
"$sim" $args -sim_output "$scratch/passuntil.csv"
cmp inputs/passuntil.csv "$scratch/passuntil.csv"
echo "inputs/passuntil.csv regenerated identically ($(wc -l < inputs/passuntil.csv) lines) by: $cmd"
