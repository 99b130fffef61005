#!/bin/sh
# run-unit.sh DIR - run every cmocka test binary in DIR; print a summary.
dir=$1
pass=0 fail=0 failed=""
for t in "$dir"/test_*; do
    [ -x "$t" ] || continue
    out=$("$t" 2>&1)
    rc=$?
    n_ok=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    n_bad=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    pass=$((pass + ${n_ok:-0}))
    fail=$((fail + ${n_bad:-0}))
    if [ $rc -ne 0 ]; then
        [ -z "$n_bad" ] && fail=$((fail + 1))
        failed="$failed $(basename "$t")"
        printf '%s\n' "$out" | grep -v '^\[ \(RUN\|       OK\)' >&2
    fi
done
echo "unit: $pass passed, $fail failed"
[ -z "$failed" ] || { echo "failing:$failed" >&2; exit 1; }
