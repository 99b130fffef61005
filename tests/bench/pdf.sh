#!/bin/sh
# pdf.sh - the whole pipeline (load, diff, layout, PDF) on generated
# 100- and 1,000-page pairs, against latexdiff + pdflatex and against
# pdflatex typesetting the new text alone (skipped if TeX is absent),
# and on the ICoC, with the ratios the targets are stated in: latexdiff +
# pdflatex over redline (at least 20x) and redline over pdflatex alone (at
# most 1.5x).  Redline's times are the best of 5 runs.  Prints numbers;
# never fails on time.
#   sh tests/bench/pdf.sh [PAGES...]     (default: 100 1000)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
REDLINE=${REDLINE:-$ROOT/build/redline}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
[ -n "${RL_BENCH_KEEP:-}" ] && trap - EXIT && echo "work folder: $W"
cc -O2 -o "$W/gen" "$ROOT/tests/bench/gen.c" || exit 1
cc -std=c11 -O2 -o "$W/timeit" "$ROOT/tests/bench/timeit.c" || exit 1

# seconds and peak RSS (MB) of a command: "S MB" (timeit.c: to the
# microsecond; GNU time's 10 ms steps are too coarse for the small cases)
measure() {
    "$W/timeit" -o "$W/time" "$@" >/dev/null 2>&1
    awk '{printf "%.3f %.0f", $1, $2 / 1024}' "$W/time"
}

# the best of RL_BENCH_RUNS (5) runs of a command: "S MB" (the machine is
# shared and noisy; TeX, which takes seconds, is run once)
best() {
    b=""
    for _ in $(seq "${RL_BENCH_RUNS:-5}"); do
        r=$(measure "$@")
        if [ -z "$b" ] || awk -v r="${r%% *}" -v b="${b%% *}" 'BEGIN{exit !(r < b)}'; then b=$r; fi
    done
    echo "$b"
}

# ratio A / B of two "S MB" results, e.g. "39.1x"
ratio() {
    awk -v a="${1%% *}" -v b="${2%% *}" 'BEGIN{if (b > 0) printf "%.1fx", a / b; else print "-"}'
}

# Markdown -> a plain LaTeX document (headings and paragraphs).
tex() {
    { printf '\\documentclass[10pt]{article}\n\\usepackage[a4paper]{geometry}\n\\usepackage[T1]{fontenc}\n\\begin{document}\n'
      sed -e 's/[#]* *$//' -e 's/^#\{1,\} \(.*\)/\\section*{\1}/' -e 's/[%&$_{}~^]//g' "$1"
      printf '\\end{document}\n'; } > "$2"
}

printf '%-10s %-28s %8s %8s %8s\n' case tool seconds "RSS MB" pages
if [ -f "$ROOT/sources/icoc/publication.yaml" ]; then
    r=$(best "$REDLINE" build --format pdf -o "$W/icoc" "$ROOT/sources/icoc/publication.yaml")
    printf '%-10s %-28s %8s %8s %8s\n' icoc "redline (pdf)" $r "$(pdfinfo "$W/icoc/icoc.pdf" 2>/dev/null | awk '/^Pages/{print $2}')"
fi
for n in ${*:-100 1000}; do
    P="$W/p$n"
    mkdir -p "$P/sources/gen" "$P/styles"
    cp "$ROOT"/styles/*.yaml "$P/styles/"
    "$W/gen" "$n" 1 "$P/sources/gen/old.md" "$P/sources/gen/new.md"
    cat > "$P/sources/gen/publication.yaml" <<YAML
title: Generated $n pages
versions:
  - {id: old, file: old.md}
  - {id: new, file: new.md}
outputs: [pdf]
YAML
    rr=$(best "$REDLINE" build --format pdf -o "$P/out" "$P/sources/gen/publication.yaml")
    pg=$(pdfinfo "$P/out/gen.pdf" 2>/dev/null | awk '/^Pages/{print $2}')
    printf '%-10s %-28s %8s %8s %8s\n' "$n" "redline (pdf)" $rr "$pg"
    if command -v pdflatex >/dev/null 2>&1; then
        tex "$P/sources/gen/old.md" "$P/old.tex"
        tex "$P/sources/gen/new.md" "$P/new.tex"
        r=$(cd "$P" && measure pdflatex -interaction=batchmode new.tex)
        printf '%-10s %-28s %8s %8s %8s\n' "$n" "pdflatex (new alone)" $r \
            "$(pdfinfo "$P/new.pdf" 2>/dev/null | awk '/^Pages/{print $2}')"
        printf '%-10s %-28s %8s\n' "$n" "  redline / pdflatex" "$(ratio "$rr" "$r")"
        if command -v latexdiff >/dev/null 2>&1; then
            r=$(cd "$P" && measure sh -c 'latexdiff old.tex new.tex > diff.tex && pdflatex -interaction=batchmode diff.tex')
            printf '%-10s %-28s %8s %8s %8s\n' "$n" "latexdiff + pdflatex" $r \
                "$(pdfinfo "$P/diff.pdf" 2>/dev/null | awk '/^Pages/{print $2}')"
            printf '%-10s %-28s %8s\n' "$n" "  latexdiff+pdflatex/redline" "$(ratio "$r" "$rr")"
        fi
    fi
done
