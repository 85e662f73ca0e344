#!/usr/bin/env bash
# cmake --install into a scratch prefix, then: the installed programs run (-version); a downstream
# CMake project finds the package (find_package(scalesweep)) and a plain mpicc build finds it with
# pkg-config, and both link and run; the man pages render with man -l; the docs are installed.
# Usage: install.sh BUILD_DIR SCRATCH
set -uo pipefail
build=$1 scratch=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$scratch" && mkdir -p "$scratch"
prefix=$scratch/prefix
pass=0 fail=0
check() { if eval "$2"; then echo "ok - $1"; pass=$((pass + 1)); else echo "not ok - $1"; fail=$((fail + 1)); fi; }

cmake --install "$build" --prefix "$prefix" > "$scratch/install.log" 2>&1
check "cmake --install succeeds" "[ $? -eq 0 ]"
check "programs, library, headers, CMake package, pkg-config file" \
  "[ -x '$prefix/bin/scalesweep' ] && [ -x '$prefix/bin/scalesweep-gen' ] && [ -x '$prefix/bin/scalesweep-plot' ] && [ -x '$prefix/bin/scalesweep-passuntil-gen' ] && [ -x '$prefix/bin/scalesweep-observational-gen' ] && [ -f '$prefix/lib/libscalesweep.a' ] &&
   [ -f '$prefix/include/scalesweep/law.h' ] && [ -f '$prefix/lib/cmake/scalesweep/scalesweepConfig.cmake' ] &&
   [ -f '$prefix/lib/pkgconfig/scalesweep.pc' ]"
check "the installed scalesweep runs (-version)" "'$prefix/bin/scalesweep' -version 2>&1 | grep -q '^scalesweep 0\.'"

cmake -S "$here/downstream" -B "$scratch/ds" -DCMAKE_PREFIX_PATH="$prefix" > "$scratch/ds.log" 2>&1 &&
  cmake --build "$scratch/ds" >> "$scratch/ds.log" 2>&1
check "a downstream CMake project builds with find_package(scalesweep)" "[ -x '$scratch/ds/downstream' ]"
check "... and runs: N_opt at 5.76e23 FLOP is 7.3e10" "'$scratch/ds/downstream' | grep -q 'N_opt(5.76e23 FLOP) = 7\.3[0-9]*e+10'"

PKG_CONFIG_PATH=$prefix/lib/pkgconfig mpicc -std=c17 $(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags scalesweep) \
  "$here/downstream/downstream.c" -o "$scratch/pc" $(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --static --libs scalesweep) \
  > "$scratch/pc.log" 2>&1
check "a pkg-config build (mpicc, pkg-config --static --libs scalesweep) links" "[ -x '$scratch/pc' ]"
check "... and runs" "'$scratch/pc' | grep -q 'N_opt(5.76e23 FLOP) = 7\.3[0-9]*e+10'"

for page in scalesweep scalesweep-gen scalesweep-plot; do
  check "man -l renders $page.1" \
    "MANWIDTH=80 man -l '$prefix/share/man/man1/$page.1' 2>/dev/null | grep -q '^NAME' &&
     MANWIDTH=80 man -l '$prefix/share/man/man1/$page.1' 2>/dev/null | grep -q '^SYNOPSIS'"
done
check "the docs are installed" "[ -f '$prefix/share/doc/scalesweep/options.md' ] && [ -f '$prefix/share/doc/scalesweep/README.md' ]"
[ "$fail" -eq 0 ] || { cat "$scratch"/*.log | tail -30; }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
