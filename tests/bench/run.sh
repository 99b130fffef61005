#!/bin/sh
# run.sh - `make bench`: numbers, never pass/fail.
#
# Sections (each prints its own table):
#   diff         redline diff vs git diff --word-diff vs wdiff on generated
#                pairs of 100/200/500/1000 pages, and two unrelated texts
#   readability  tests/bench/readability.sh (hunks and changed words on
#                real license revisions)
#   pdf          tests/bench/pdf.sh, if present
# Times are the best of 5 runs (wall clock, seconds, from tests/bench/
# timeit.c: GNU time's 10 ms resolution is too coarse here); memory is the
# maximum resident set size of that run.
# RL_BENCH_PAGES="100 200" overrides the sizes.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
REDLINE=${REDLINE:-$ROOT/build/redline}
B=$ROOT/build/bench
mkdir -p "$B"
export ROOT REDLINE B

cc -std=c11 -O2 -o "$B/gen" "$ROOT/tests/bench/gen.c" || exit 1
cc -std=c11 -O2 -o "$B/timeit" "$ROOT/tests/bench/timeit.c" || exit 1

# best_of CMD... -> prints "seconds maxrss_kb" (best time, its memory)
best_of() {
    best="" mem=""
    for _ in 1 2 3 4 5; do
        "$B/timeit" -o "$B/time.out" "$@" >"$B/out.txt" 2>/dev/null
        read -r t m <<EOT
$(tail -n 1 "$B/time.out")
EOT
        case "$t" in *[!0-9.]*|"") continue ;; esac
        if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t mem=$m; fi
    done
    echo "${best:-?} ${mem:-?}"
}

# fmt "seconds kb" -> "0.041 / 50" (seconds / MB)
fmt() {
    awk -v t="$1" -v m="$2" 'BEGIN{ if (t == "?") print "?"; else printf "%.3f / %d", t, m / 1024 }'
}

section_diff() {
    echo "== diff: generated pairs (~500 words/page, ~3% of words edited, some paragraphs moved)"
    printf '%-6s %9s | %-15s | %-15s | %-15s | %s\n' pages words "redline s / MB" "git w-d s / MB" "wdiff s / MB" "git / redline"
    for p in ${RL_BENCH_PAGES:-100 200 500 1000}; do
        "$B/gen" "$p" 1 "$B/old-$p.md" "$B/new-$p.md"
        words=$(wc -w <"$B/old-$p.md")
        set -- $(best_of "$REDLINE" diff "$B/old-$p.md" "$B/new-$p.md")
        rt=$1 r=$(fmt "$1" "$2")
        set -- $(best_of git diff --no-index --word-diff "$B/old-$p.md" "$B/new-$p.md")
        gt=$1 g=$(fmt "$1" "$2")
        if command -v wdiff >/dev/null 2>&1; then
            set -- $(best_of wdiff "$B/old-$p.md" "$B/new-$p.md")
            w=$(fmt "$1" "$2")
        else
            w="(no wdiff)"
        fi
        x=$(awk -v g="$gt" -v r="$rt" 'BEGIN{ if (r > 0) printf "%.2fx", g / r; else print "-" }')
        printf '%-6s %9s | %-15s | %-15s | %-15s | %s\n' "$p" "$words" "$r" "$g" "$w" "$x"
    done
    "$B/gen" 100 2 "$B/unrel-old.md" "$B/unrel-new.md" unrelated
    set -- $(best_of "$REDLINE" diff "$B/unrel-old.md" "$B/unrel-new.md")
    r=$(fmt "$1" "$2")
    set -- $(best_of git diff --no-index --word-diff "$B/unrel-old.md" "$B/unrel-new.md")
    printf '%-16s | %-15s | %-15s\n' "unrelated 100 pp" "$r" "$(fmt "$1" "$2")"
    echo "(loading alone: $(best_of "$REDLINE" diff --stat "$B/old-1000.md" "$B/old-1000.md" 2>/dev/null | cut -d' ' -f1) s for a 1000-page file against itself)"
    echo
}

section_diff
[ -n "${RL_BENCH_ONLY_DIFF:-}" ] && exit 0
sh "$ROOT/tests/bench/readability.sh"
echo
if [ -f "$ROOT/tests/bench/pdf.sh" ]; then
    sh "$ROOT/tests/bench/pdf.sh"
fi
