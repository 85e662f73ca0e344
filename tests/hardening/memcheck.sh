#!/usr/bin/env bash
# valgrind memcheck of a 2-rank study (fit, screened resamples, surfaces, output): exits non-zero
# when valgrind reports any error that the suppressions (Open MPI's own file and pmix.supp, for
# errors inside Open MPI and PMIx) do not cover. About 20 s. Usage, from the repository root after
# a build: tests/hardening/memcheck.sh [BIN]
set -euo pipefail
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
bin=${1:-build/bin/scalesweep}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mpiexec -n 2 valgrind -q --error-exitcode=9 --track-origins=yes \
  --suppressions=/usr/share/openmpi/openmpi-valgrind.supp --suppressions="$here/pmix.supp" \
  "$bin" -options_file jobs/default.opts -sweep_bootstrap 20 -sweep_bootstrap_starts hoffmann \
  -sweep_budget 1e20:1e26:7 -sweep_model_size 1e8:1e12:9 -sweep_data_size 1e9:1e13:9 \
  -sweep_quiet -sweep_progress none -sweep_output "$tmp/vg.nc" > "$tmp/log" 2>&1 || {
  cat "$tmp/log"
  echo "memcheck: valgrind reported errors"
  exit 1
}
echo "memcheck: 2-rank study under valgrind: no errors"
