#!/usr/bin/env bash
# The test suite built with AddressSanitizer and UndefinedBehaviorSanitizer (GCC), in build-asan/.
# Fails when a test fails or a sanitizer reports anything. Leak checking is off: Open MPI and PETSc
# keep allocations until exit by design. About 3 minutes on 2 cores (the Slurm tests are left out).
# Usage, from the repository root: tests/hardening/sanitizers.sh
set -euo pipefail
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
flags="-fsanitize=address,undefined -fno-omit-frame-pointer"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" > /dev/null
cmake --build build-asan -j2 > /dev/null
ctest --test-dir build-asan -j2 -E slurm --output-on-failure
if grep -qE "ERROR: AddressSanitizer|runtime error:" build-asan/Testing/Temporary/LastTest.log; then
  grep -E "ERROR: AddressSanitizer|runtime error:" build-asan/Testing/Temporary/LastTest.log | head
  echo "sanitizers: reports found"
  exit 1
fi
echo "sanitizers: the suite passes under ASan and UBSan with no reports"
