#!/usr/bin/env bash
# .ci/run must run exactly the README's two commands: the two command lines of .ci/run (after
# "# README command 1" and "# README command 2") must each appear verbatim in the README.
set -uo pipefail
fail=0 pass=0
for k in 1 2; do
  line=$(grep -A1 "^# README command $k\$" .ci/run | tail -n 1)
  if [ -n "$line" ] && grep -qxF -- "$line" README.md; then
    echo "ok - README command $k matches .ci/run"; pass=$((pass + 1))
  else
    echo "not ok - README command $k differs from .ci/run: $line"; fail=$((fail + 1))
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
