# lib.sh - sourced by every tests/cli/*.sh script.
#
# Each script gets $REDLINE (the binary), $ROOT (the checkout), $T (a fresh
# scratch folder) and these assertions; each assertion counts one test.
#   ok NAME                     record a pass
#   ko NAME [DETAIL]            record a failure
#   check NAME CMD...           pass if CMD succeeds
#   expect_eq NAME WANT GOT     pass if the strings are equal
#   expect_file NAME GOLDEN GOT compare a file with a golden file (unified
#                               diff on failure; RL_GOLDEN_UPDATE=1 rewrites it)
#   expect_grep NAME PATTERN FILE
#   expect_status NAME WANT CMD...   run CMD, compare its exit status
ok() { echo "pass" >> "$RL_RESULTS"; }
ko() {
    echo "fail" >> "$RL_RESULTS"
    echo "FAIL: $RL_SCRIPT: $1${2:+: $2}" >&2
}
check() {
    name=$1; shift
    if "$@" >/dev/null 2>&1; then ok "$name"; else ko "$name" "command failed: $*"; fi
}
expect_eq() {
    if [ "$2" = "$3" ]; then ok "$1"; else ko "$1" "expected [$2], got [$3]"; fi
}
expect_file() {
    if [ -n "${RL_GOLDEN_UPDATE:-}" ]; then
        mkdir -p "$(dirname "$2")"
        cp "$3" "$2"
        ok "$1"
        return
    fi
    if [ ! -f "$2" ]; then ko "$1" "golden file $2 is missing (run make golden-update and review it)"; return; fi
    if cmp -s "$2" "$3"; then ok "$1"; else
        ko "$1" "differs from $2"
        diff -u "$2" "$3" | head -40 >&2
    fi
}
expect_grep() {
    if grep -q -- "$2" "$3"; then ok "$1"; else ko "$1" "no match for [$2] in $3"; fi
}
expect_status() {
    name=$1 want=$2; shift 2
    "$@" >/dev/null 2>&1
    got=$?
    if [ "$got" = "$want" ]; then ok "$name"; else ko "$name" "exit status $got, expected $want: $*"; fi
}
