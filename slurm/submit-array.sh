#!/usr/bin/env bash
# Submits a study as an array of N shards plus the merge job that runs when all shards are done.
#   slurm/submit-array.sh N JOBFILE [-sweep_* ...]       (sbatch flags through SBATCH_* variables,
#                                                         e.g. SBATCH_PARTITION, SBATCH_ACCOUNT)
# Prints the two job ids. Each shard writes <output>.shard-i-of-N; the merge writes <output>.
set -euo pipefail
n=${1:?usage: slurm/submit-array.sh N JOBFILE [-sweep_* options]}
shift
here=$(cd "$(dirname "$0")" && pwd)
array=$(sbatch --parsable --array="0-$((n - 1))" --ntasks="${SCALESWEEP_SHARD_TASKS:-1}" "$here/sweep.sbatch" "$@")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" "$here/sweep.sbatch" "$@" -sweep_merge "$n")
echo "shards: job $array (array 0-$((n - 1))); merge: job ${merge%%;*}"
