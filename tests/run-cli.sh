#!/bin/sh
# run-cli.sh - run every tests/cli/*.sh script against $REDLINE and print
# "cli: N passed, N failed".  RL_ASAN=1 marks a sanitizer run: scripts may
# skip slow checks that do not exercise redline's own code (TeX, browsers),
# and print one line for each (asan_skip in tests/lib.sh).  A missing tool
# is never a skip: it fails the run (need in tests/lib.sh).
# RL_ONLY=name runs one script.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT REDLINE
: "${REDLINE:?set REDLINE to the redline binary}"
RL_RESULTS=$(mktemp)
export RL_RESULTS
status=0
for s in "$ROOT"/tests/cli/*.sh; do
    name=$(basename "$s" .sh)
    [ -n "${RL_ONLY:-}" ] && [ "$RL_ONLY" != "$name" ] && continue
    T=$(mktemp -d)
    export T
    before=$(grep -c fail "$RL_RESULTS")
    (cd "$T" && export RL_SCRIPT="$name" && . "$ROOT/tests/lib.sh" && . "$s")
    rc=$?
    after=$(grep -c fail "$RL_RESULTS")
    if [ $rc -ne 0 ]; then
        echo "fail" >> "$RL_RESULTS"
        echo "FAIL: $name: script exited with status $rc" >&2
    fi
    [ "$after" != "$before" ] && status=1
    rm -rf "$T"
done
p=$(grep -c pass "$RL_RESULTS")
f=$(grep -c fail "$RL_RESULTS")
rm -f "$RL_RESULTS"
echo "cli: $p passed, $f failed"
[ "$f" = 0 ] || exit 1
exit $status
