#!/bin/sh
# nosimd.sh A B - the plain C paths of the loader (built with -DRL_NO_SIMD:
# what machines without SSE2, such as arm64, run) give the same output as
# the SIMD paths: binary B against binary A, byte for byte, stdout, stderr
# and exit status, on the Markdown fuzz corpus taken in pairs, the
# publications' versions and a generated 30-page pair.
set -u
A=$1 B=$2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
for x in "$A" "$B"; do
    [ -x "$x" ] || { echo "nosimd: FAIL: $x is missing" >&2; exit 1; }
done
n=0 bad=0
check() {
    "$A" "$@" >"$W/a.out" 2>"$W/a.err"
    ra=$?
    "$B" "$@" >"$W/b.out" 2>"$W/b.err"
    rb=$?
    n=$((n + 1))
    if [ "$ra" != "$rb" ] || ! cmp -s "$W/a.out" "$W/b.out" || ! cmp -s "$W/a.err" "$W/b.err"; then
        bad=$((bad + 1))
        [ "$bad" -le 5 ] && echo "nosimd: FAIL: output differs: $*" >&2
    fi
}
prev=""
for f in "$ROOT"/tests/fuzz/corpus/fuzz_md/* "$ROOT"/sources/*/*.md; do
    [ -n "$prev" ] && check diff --format=json "$prev" "$f"
    prev=$f
done
cc -std=c11 -O2 -o "$W/gen" "$ROOT/tests/bench/gen.c" || exit 1
"$W/gen" 30 1 "$W/old.md" "$W/new.md"
check diff --format=json "$W/old.md" "$W/new.md"
check diff "$W/old.md" "$W/new.md"
echo "nosimd: $((n - bad)) passed, $bad failed"
[ "$bad" = 0 ]
