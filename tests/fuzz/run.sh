#!/usr/bin/env bash
# libFuzzer on the CSV reader (fuzz_csv) and on option parsing (fuzz_options), SECONDS each, one
# after the other (tests/fuzz/README.md). Builds both with clang, ASan and UBSan into SCRATCH_DIR
# from the library sources in src/ (the generated sweep_git.h is taken from BUILD_DIR when there),
# fuzzes a scratch copy of tests/fuzz/corpus/NAME (the seeds are never written to) and prints one
# line per fuzzer: executions, executions per second, corpus size.
# Usage: tests/fuzz/run.sh BUILD_DIR SCRATCH_DIR SECONDS
# Exit: 0 no crash; 1 a crash, a leak, a timeout or an out-of-memory (its input's path and the
# sanitizer's report are printed); 2 usage or build failure; 77 (ctest skip) clang, libFuzzer or a
# pkg-config package is missing.
set -u

if [ $# -ne 3 ] || ! [ "$3" -ge 1 ] 2> /dev/null; then
  echo "usage: $0 BUILD_DIR SCRATCH_DIR SECONDS" >&2
  exit 2
fi
build=$1 scratch=$2 seconds=$3
here=$(cd "$(dirname "$0")" && pwd -P)
src=$(cd "$here/../../src" && pwd -P)
case $scratch in "" | / | /tmp | /tmp/ | "$HOME" | "$HOME/")
  echo "fuzz: refusing to use '$scratch' as the scratch directory" >&2
  exit 2 ;;
esac
mkdir -p "$scratch" || exit 2
scratch=$(cd "$scratch" && pwd -P)

skip() {
  echo "fuzz: skipped: $*"
  exit 77
}
command -v clang > /dev/null 2>&1 || skip "no clang"
command -v pkg-config > /dev/null 2>&1 || skip "no pkg-config"
pkgs="PETSc netcdf ompi libcrypto" # libcrypto: OpenSSL, as the library links it
pkg-config --exists $pkgs || skip "pkg-config does not know $pkgs"
# libclang_rt.fuzzer ships in Debian 12's libclang-rt-14-dev (for clang-14)
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' > "$scratch/probe.c"
clang -fsanitize=fuzzer,address,undefined "$scratch/probe.c" -o "$scratch/probe" > "$scratch/probe.log" 2>&1 ||
  skip "clang cannot link -fsanitize=fuzzer (install libclang-rt-14-dev): $(head -1 "$scratch/probe.log")"

# --- build -----------------------------------------------------------------------------------
t0=$(date +%s)
obj=$scratch/obj
rm -rf "$obj" && mkdir -p "$obj/generated" || exit 2
gen=$build/src/generated
if [ ! -f "$gen/sweep_git.h" ]; then # no build yet: a stand-in revision
  gen=$obj/generated
  echo '#define SWEEP_GIT_REVISION "fuzz"' > "$gen/sweep_git.h"
fi
version=$(sed -n 's/^project(scalesweep VERSION \([0-9.]*\).*/\1/p' "$src/../CMakeLists.txt")
# -fno-sanitize-recover: a UBSan report stops the fuzzer like an ASan one
common=(-std=c17 -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
        -D_POSIX_C_SOURCE=200809L "-DSWEEP_VERSION=\"${version:-0}\"" -I"$src" -I"$gen" $(pkg-config --cflags $pkgs))
# The library's sources as src/CMakeLists.txt lists them; only runs.c and options.c get coverage
# feedback. The archive lets the linker take what the harnesses need and nothing else, so a file
# that does not build with clang only matters when it is needed.
sources=$(sed -n '/^add_library(scalesweep/,/^[^#]*)/p' "$src/CMakeLists.txt" | grep -v '^ *#' | tr ' ()' '\n\n\n' | grep '\.c$')
compile() { # FILE.c
  local extra=()
  case $1 in runs.c | options.c) extra=(-fsanitize=fuzzer-no-link) ;; esac
  clang "${common[@]}" "${extra[@]}" -c "$src/$1" -o "$obj/${1%.c}.o" > "$obj/${1%.c}.log" 2>&1 ||
    echo "fuzz: warning: $1 does not build with clang (see $obj/${1%.c}.log)" >&2
}
running=0
for f in $sources; do # two at a time, as the machine has two cores
  compile "$f" &
  running=$((running + 1))
  if [ $running -ge 2 ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait
ar rcs "$obj/libsweepfuzz.a" "$obj"/*.o || exit 2
for name in fuzz_csv fuzz_options; do
  if ! clang "${common[@]}" -fsanitize=fuzzer "$here/$name.c" "$obj/libsweepfuzz.a" $(pkg-config --libs $pkgs) -llapack -lm \
    -o "$scratch/$name" > "$scratch/$name.build.log" 2>&1; then
    echo "fuzz: cannot build $name:" >&2
    head -20 "$scratch/$name.build.log" >&2
    exit 2
  fi
done
echo "fuzz: built fuzz_csv and fuzz_options in $(($(date +%s) - t0)) s"

# --- fuzz ------------------------------------------------------------------------------------
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 TMPDIR=$scratch
# Leaks: the harnesses check each read that succeeds themselves (see their comments), so libFuzzer's
# own check is off (-detect_leaks=0), and so is LSan's at exit, where Open MPI and PETSc still hold
# what MPI_Init and PetscInitialize allocated (no PetscFinalize). SWEEP_FUZZ_ERROR_LEAKS=1 in the
# environment checks failed reads too.
export ASAN_OPTIONS=detect_leaks=1:leak_check_at_exit=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
flags=(-timeout=10 -rss_limit_mb=2048 -max_len=4096 -detect_leaks=0)
report() { # LOG: the sanitizer's report, from its first line to its SUMMARY, without libFuzzer's frames
  sed -n '/ERROR: \(AddressSanitizer\|LeakSanitizer\|libFuzzer\)\|runtime error:\|^fuzz_csv: /,/^SUMMARY/p' "$1" |
    grep -v ' in fuzzer::\| in main \| in __libc_start\| in _start ' | head -40
}
status=0
for name in fuzz_csv fuzz_options; do
  kind=${name#fuzz_}
  # Inputs that once crashed (tests/fuzz/crashes/KIND) run first, each alone: they must pass now.
  # Any non-zero exit is a failure (libFuzzer exits 77 after an abort or a leak: not a ctest skip).
  for input in "$here/crashes/$kind/"*; do
    [ -f "$input" ] || continue
    log=$scratch/$name.$(basename "$input").log
    if ! (cd "$scratch" && "./$name" "${flags[@]}" "$input") > "$log" 2>&1; then
      status=1
      echo "$name: FAILED on the recorded crash $input (log: $log)"
      report "$log" | head -16
    fi
  done
  corpus=$scratch/corpus/$kind artifacts=$scratch/artifacts/$kind log=$scratch/$name.log
  rm -rf "$corpus" "$artifacts" && mkdir -p "$corpus" "$artifacts" || exit 2
  cp "$here/corpus/$kind/"* "$corpus/" || exit 2
  dict=()
  [ -f "$here/$kind.dict" ] && dict=(-dict="$here/$kind.dict")
  (cd "$scratch" && "./$name" "${flags[@]}" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "${dict[@]}" "$corpus") > "$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  found=$(ls "$artifacts" 2> /dev/null | head -1)
  if [ $rc -ne 0 ] || [ -n "$found" ]; then
    status=1
    echo "$name: FAILED (exit $rc) after ${runs:-?} executions; input: ${found:+$artifacts/$found}"
    echo "  reproduce: $scratch/$name ${found:+$artifacts/$found}   (log: $log)"
    report "$log"
  else
    echo "$name: ok, $runs executions in $seconds s ($rate/s), corpus $(ls "$corpus" | wc -l) inputs" \
      "($(ls "$here/corpus/$kind" | wc -l) seeds)"
  fi
done
exit $status
