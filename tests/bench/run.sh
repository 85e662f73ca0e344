#!/usr/bin/env bash
# All benchmarks, one command (from the repository root, after a build; about 25 minutes on 2 cores):
#   tests/bench/run.sh            # engine (issue 3) and performance (issue 4) benchmarks
#   tests/bench/run.sh perf b1    # one part: engine_bench.sh or perf_bench.sh with its argument
# Figures go to standard output; docs/engine.md and docs/performance.md quote them.
set -euo pipefail
cd "$(dirname "$0")/../.."
case ${1:-all} in
  engine) bash tests/bench/engine_bench.sh "${2:-all}" ;;
  perf) bash tests/bench/perf_bench.sh "${2:-all}" ;;
  all)
    bash tests/bench/perf_bench.sh all
    bash tests/bench/engine_bench.sh all
    ;;
  *) echo "usage: tests/bench/run.sh [engine|perf [PART]]" >&2; exit 2 ;;
esac
