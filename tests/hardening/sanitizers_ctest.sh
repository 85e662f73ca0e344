#!/usr/bin/env bash
# The fast part of the test suite built with AddressSanitizer and UndefinedBehaviorSanitizer (GCC),
# as one ctest test: sanitizers.sh's build in SCRATCH/build-asan (kept between runs, so a rerun only
# rebuilds what changed), then ctest there on the tests that are fast under ASan (listed below).
# Fails when a test fails or a sanitizer reports anything. Leak checking is off: Open MPI and PETSc
# keep allocations until exit by design (tests/hardening/memcheck.sh and valgrind check leaks).
# 136 s of tests on 2 cores (recovery 66 s, bad_input 49 s and progress 40 s set the pace), plus
# about 15 s for a cold build; measured with other work on the machine.
# Usage: tests/hardening/sanitizers_ctest.sh SCRATCH   (from the repository root, as ctest runs it)
# Exit: 0 clean; 1 a test failed or a sanitizer reported; 2 usage or build failure; 77 (ctest skip)
# gcc cannot link -fsanitize=address,undefined.
set -u

if [ $# -ne 1 ]; then
  echo "usage: $0 SCRATCH" >&2
  exit 2
fi
scratch=$1
case $scratch in "" | / | /tmp | /tmp/ | "$HOME" | "$HOME/")
  echo "sanitizers: refusing to use '$scratch' as the scratch directory" >&2
  exit 2 ;;
esac
src=$(cd "$(dirname "$0")/../.." && pwd -P)
mkdir -p "$scratch" || exit 2
scratch=$(cd "$scratch" && pwd -P)
build=$scratch/build-asan

# Every sanitizer report goes to a file in $reports (log_path; the runtime appends the pid), not to
# stderr: the test scripts keep their programs' stderr to themselves (bad_input expects a failing
# exit and one error line, so a report there would pass unseen) and some check stderr's exact
# lines, so a report must neither be lost in nor change what they compare. A file found is a failure.
reports=$scratch/reports
rm -rf "$reports" && mkdir -p "$reports" || exit 2
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export ASAN_OPTIONS=detect_leaks=0:log_path=$reports/asan
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan
flags="-fsanitize=address,undefined -fno-omit-frame-pointer"
# The tests run here, by name: a list rather than "all but", so that the time stays bounded as
# tests are added (add one here when it takes seconds under ASan). Left to sanitizers.sh: resilience
# (2.2 min under ASan), search_equal (2 min), mpi_identical_study (4 ranks on 2 cores); Slurm and
# install (a daemon; writes outside the build); this test and the fuzzers (they would nest); recovery
# (66 s under ASan: its fit paths run in epoch_chinchilla and mpi_identical too), so that the laws,
# the constrained allocation, Approach 2 and the plan and selection phases fit in its place.
tests='units|laws|allocate|isoflop|plan_default|epoch_chinchilla|mpi_identical|netcdf_layout|readme_ci'
tests+='|inputs_regenerate|bad_input|progress|bootstrap_epoch|view_version|plot|tutorial|options_doc'
# the task and emergence studies (issues 7 and 8): their numerics (their kinds' input and error
# paths run in bad_input's cases; the <kind>_identical jobs are left out for the suite's time)
tests+='|passuntil|sigmoid|infotheory|observational|sandwich'

printf 'int main(void) { return 0; }\n' > "$scratch/probe.c"
# shellcheck disable=SC2086 # flags is split on purpose
gcc $flags "$scratch/probe.c" -o "$scratch/probe" > /dev/null 2>&1 ||
  { echo "sanitizers: skipped: gcc cannot link $flags (libasan, libubsan)"; exit 77; }

t0=$(date +%s)
if ! cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="$flags" > "$scratch/configure.log" 2>&1 ||
  ! cmake --build "$build" -j2 > "$scratch/build.log" 2>&1; then
  echo "sanitizers: the ASan build failed:"
  grep -E "error|Error" "$scratch/configure.log" "$scratch/build.log" | head -20
  exit 2
fi
t1=$(date +%s)
echo "sanitizers: built in $build in $((t1 - t0)) s"

status=0
ctest --test-dir "$build" -j2 -R "^($tests)\$" --timeout 600 --output-on-failure || status=1
log=$build/Testing/Temporary/LastTest.log
if [ -n "$(ls -A "$reports")" ] || grep -qE "ERROR: AddressSanitizer|runtime error:" "$log"; then
  for f in "$reports"/*; do
    [ -e "$f" ] && { echo "--- $f"; head -n 30 "$f"; }
  done
  grep -E "ERROR: AddressSanitizer|runtime error:" "$log" | head
  echo "sanitizers: reports found (in $reports and $log)"
  status=1
fi
if [ $status -eq 0 ]; then
  echo "sanitizers: the tests pass under ASan and UBSan with no reports ($(($(date +%s) - t1)) s of tests)"
else
  echo "sanitizers: FAILED (log: $log)"
fi
exit $status
