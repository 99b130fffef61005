# latex.sh - the LaTeX emitter: golden .tex files for small cases, then (not
# under RL_ASAN=1, which tests redline's memory, not TeX) the ICoC and the
# hostile catalogue compiled with pdflatex and lualatex: no error, no
# overfull box over 1 pt, every TeX command in user text printed literally,
# the PDF's words equal to the redline's, reproducible PDF bytes, and the
# body + redline.sty inside article, report and book.

# mkproj DIR NAME: a scratch project ($T/p-NAME) holding the case's manifest
# and versions in sources/NAME, its notes.yaml in annotations/, the styles.
mkproj() {
    P=$T/p-$2
    mkdir -p "$P/sources/$2" "$P/annotations" "$P/styles"
    cp "$ROOT"/styles/*.yaml "$P/styles/"
    for f in "$1"/*; do
        case $f in
        */notes.yaml) cp "$f" "$P/annotations/notes.yaml" ;;
        *.tex) ;;
        *) cp "$f" "$P/sources/$2/" ;;
        esac
    done
}

# ---- golden cases (no TeX needed) ------------------------------------------
for dir in "$ROOT"/tests/golden/latex/*/; do
    name=$(basename "$dir")
    mkproj "$dir" "$name"
    "$REDLINE" build --format tex -o "$T/g-$name" "$P/sources/$name/publication.yaml" 2>"$T/g-$name.err"
    expect_eq "golden $name: build succeeds" 0 $?
    expect_file "golden $name: body" "$dir/expected-body.tex" "$T/g-$name/$name-body.tex"
    expect_file "golden $name: standalone" "$dir/expected.tex" "$T/g-$name/$name.tex"
done

# ---- the ICoC: outputs and determinism of the .tex ------------------------
"$REDLINE" build --format tex -o "$T/icoc" "$ROOT/sources/icoc/publication.yaml" 2>"$T/icoc.err"
expect_eq "icoc: build --format tex succeeds" 0 $?
for f in icoc.tex icoc-body.tex redline.sty; do
    check "icoc: $f written" test -s "$T/icoc/$f"
done
"$REDLINE" build --format tex -o "$T/icoc2" "$ROOT/sources/icoc/publication.yaml" 2>/dev/null
check "icoc: same inputs give the same .tex bytes" cmp "$T/icoc/icoc.tex" "$T/icoc2/icoc.tex"
check "icoc: same body bytes" cmp "$T/icoc/icoc-body.tex" "$T/icoc2/icoc-body.tex"
expect_grep "icoc: body uses the markup macros" '\\rlins{' "$T/icoc/icoc-body.tex"
expect_grep "icoc: label changes" '\\rllabelchange{(b)}{(2)}' "$T/icoc/icoc-body.tex"
expect_grep "icoc: notes" '\\rlnote{1}{' "$T/icoc/icoc-body.tex"
expect_grep "icoc: edition in the footer" 'fancyfoot\[L\]{\\footnotesize Edition 1 ' "$T/icoc/icoc.tex"
expect_grep "icoc: hyperref metadata" 'pdfkeywords={information security, United Nations' "$T/icoc/icoc.tex"
expect_grep "redline.sty documents its macros" '^%   \\rlins{text}' "$T/icoc/redline.sty"

# ---- compare_layout: one-document -------------------------------------------
# "moves": three versions where both comparisons move a paragraph the same
# way, so that unprefixed labels would be defined twice; and the GPL's two
# comparisons with their notes (the same note appears in both).
mkdir -p "$T/od/sources/moves" "$T/od/sources/gpl" "$T/od/annotations" "$T/od/styles"
cp "$ROOT"/styles/*.yaml "$T/od/styles/"
pa="Alpha paragraph speaks of the first matter with many careful words in a row."
pb="Bravo paragraph covers the second topic in some detail for the reader today."
pc="Charlie paragraph ends the text with a summary of every point made above."
pd="Delta paragraph adds a note on sources and the people who wrote them down."
printf '%s\n\n%s\n\n%s\n\n%s\n' "$pa" "$pb" "$pc" "$pd" >"$T/od/sources/moves/v1.md"
printf '%s\n\n%s\n\n%s\n\n%s\n' "$pb" "$pc" "$pa" "$pd" >"$T/od/sources/moves/v2.md"
printf '%s\n\n%s\n\n%s\n\n%s\n' "$pc" "$pa" "$pb" "$pd" >"$T/od/sources/moves/v3.md"
printf '%s\n' 'title: Moves in two comparisons' 'versions:' '  - {id: "1", file: v1.md}' \
    '  - {id: "2", file: v2.md}' '  - {id: "3", file: v3.md}' 'compare_layout: one-document' \
    >"$T/od/sources/moves/publication.yaml"
cp "$ROOT"/sources/gpl/* "$T/od/sources/gpl/"
cp "$ROOT/annotations/gpl.yaml" "$T/od/annotations/"
echo 'compare_layout: one-document' >>"$T/od/sources/gpl/publication.yaml"
for name in moves gpl; do
    "$REDLINE" build --format tex,html -o "$T/od/$name" "$T/od/sources/$name/publication.yaml" 2>"$T/od-$name.err"
    expect_eq "one-document $name: build succeeds" 0 $?
    expect_eq "one-document $name: a \\section per comparison in the body" 2 \
        "$(grep -c '^\\section{' "$T/od/$name/$name-body.tex")"
    expect_eq "one-document $name: the standalone holds the same sections" 2 \
        "$(grep -c '^\\section{' "$T/od/$name/$name.tex")"
done
grep -o 'rlmoved\(from\|to\){[^}]*}{[^}]*}' "$T/od/moves/moves-body.tex" | sed 's/.*}{//; s/}$//' | sort >"$T/od-labels.txt"
expect_eq "one-document moves: both sections have moves" 4 "$(wc -l <"$T/od-labels.txt" | tr -d ' ')"
expect_eq "one-document moves: labels are unique" "" "$(uniq -d "$T/od-labels.txt")"
# Note numbers: the same sequence as the HTML page's, running on through
# the sections (1 2 3 ...).
grep -o '\\rlnote{[0-9]*}' "$T/od/gpl/gpl-body.tex" | tr -dc '0-9\n' >"$T/od-tex-notes.txt"
grep -o '<li class="note" id="[^"]*" data-n="[0-9]*"' "$T/od/gpl/gpl.html" | sed 's/.*data-n="//; s/"//' >"$T/od-html-notes.txt"
expect_file "one-document gpl: LaTeX note numbers are the HTML's" "$T/od-html-notes.txt" "$T/od-tex-notes.txt"
expect_eq "one-document gpl: note numbers run on" "1 2 3 4 5 6 7 8 9 10" "$(tr '\n' ' ' <"$T/od-tex-notes.txt" | sed 's/ $//')"

# ---- TeX compilations ---------------------------------------------------------
# Slow, and they test TeX rather than redline's memory: skipped (and said
# so) under RL_ASAN=1.  Otherwise a missing TeX or poppler tool fails.
if asan_skip "the TeX compilations (slow; they test TeX, not redline's memory)"; then
    return 0 2>/dev/null || exit 0
fi
have_tex=1
need texlive-latex-base pdflatex lualatex || have_tex=0
need poppler-utils pdftotext pdfinfo || have_tex=0
[ $have_tex = 1 ] || { return 0 2>/dev/null || exit 0; }

# texrun ENGINE DIR JOB INPUT: run ENGINE twice (cross-references) without
# shell escape; the exit status is 1 on any error in the log.
texrun() {
    (cd "$2" && for i in 1 2; do
        "$1" -interaction=nonstopmode -halt-on-error -no-shell-escape -jobname="$3" "$4" >/dev/null 2>&1 || exit 1
    done
    ! grep -q '^!' "$3.log")
}
# overfull LOG: the widest overfull box in points (0 if none).
overfull() {
    w=$(sed -n 's/^Overfull \\hbox (\([0-9.]*\)pt too wide).*/\1/p' "$1" | sort -n | tail -1)
    echo "${w:-0}"
}
# words FILE: the text with white space removed, ellipses as three periods,
# folded to lines of 60 characters, so that diff shows where words differ.
words() {
    sed 's/…/.../g' "$1" | tr -d ' \n\t\f\r' | fold -w 60
}

for e in pdflatex lualatex; do
    mkdir -p "$T/$e"
    cp "$T/icoc/icoc.tex" "$T/icoc/icoc-body.tex" "$T/icoc/redline.sty" "$T/$e/"
    texrun $e "$T/$e" icoc icoc.tex
    expect_eq "icoc: $e compiles without errors" 0 $?
    w=$(overfull "$T/$e/icoc.log")
    expect_eq "icoc: $e has no overfull box over 1pt (widest ${w}pt)" 1 "$(echo "$w" | awk '{print ($1 <= 1)}')"
    check "icoc: $e wrote a PDF" test -s "$T/$e/icoc.pdf"
    # Reproducible: compile again elsewhere, same bytes.
    mkdir -p "$T/$e-again"
    cp "$T/icoc/icoc.tex" "$T/icoc/icoc-body.tex" "$T/icoc/redline.sty" "$T/$e-again/"
    texrun $e "$T/$e-again" icoc icoc.tex
    check "icoc: $e PDF is reproducible" cmp "$T/$e/icoc.pdf" "$T/$e-again/icoc.pdf"
    # Fidelity: the PDF's words (notes, numbers, title block off) are the redline's.
    texrun $e "$T/$e" words '\def\rlWordsOnly{}\input{icoc.tex}'
    expect_eq "icoc: $e words-only compiles" 0 $?
    pdftotext -enc UTF-8 "$T/$e/words.pdf" "$T/$e/words.txt"
    "$REDLINE" diff --color=never "$ROOT/sources/icoc/publication.yaml" >"$T/icoc.txt" 2>/dev/null
    # The text format: drop the notes list, heading marks, note markers and
    # the change brackets.
    awk '/^Notes$/ {exit} {print}' "$T/icoc.txt" |
        sed 's/^#* //; s/\[[0-9][0-9]*\]//g; s/\[-//g; s/-\]//g; s/{+//g; s/+}//g' >"$T/icoc.words"
    words "$T/icoc.words" >"$T/want.txt"
    words "$T/$e/words.txt" >"$T/got.txt"
    check "icoc: the redline text to compare with is not empty" test "$(wc -l <"$T/want.txt")" -gt 100
    if cmp -s "$T/want.txt" "$T/got.txt"; then ok; else
        ko "icoc: $e PDF words equal the redline's"
        diff "$T/want.txt" "$T/got.txt" | head -10 >&2
    fi
done
expect_grep "icoc: lualatex uses Liberation Serif" 'LiberationSerif' "$T/lualatex/icoc.log"

# The golden cases compile too (headings with notes, lists, moves).
for dir in "$ROOT"/tests/golden/latex/*/; do
    name=$(basename "$dir")
    for e in pdflatex lualatex; do
        mkdir -p "$T/gc-$name-$e"
        cp "$T/g-$name/$name.tex" "$T/g-$name/$name-body.tex" "$T/g-$name/redline.sty" "$T/gc-$name-$e/"
        texrun $e "$T/gc-$name-$e" "$name" "$name.tex"
        expect_eq "golden $name: $e compiles without errors" 0 $?
    done
    expect_no_grep "golden $name: no undefined references" 'undefined' "$T/gc-$name-pdflatex/$name.log"
done

# The one-document outputs compile, with no label defined twice.
for name in moves gpl; do
    for e in pdflatex lualatex; do
        mkdir -p "$T/odc-$name-$e"
        cp "$T/od/$name/$name.tex" "$T/od/$name/$name-body.tex" "$T/od/$name/redline.sty" "$T/odc-$name-$e/"
        texrun $e "$T/odc-$name-$e" "$name" "$name.tex"
        expect_eq "one-document $name: $e compiles without errors" 0 $?
        expect_no_grep "one-document $name: $e: no label defined twice or undefined" \
            'multiply defined\|undefined' "$T/odc-$name-$e/$name.log"
    done
done
pdftotext -enc UTF-8 "$T/odc-gpl-pdflatex/gpl.pdf" - | tr -s ' \n' '  ' >"$T/odc-gpl.txt"
expect_grep "one-document gpl: the PDF has the second section's heading" \
    'GPL version 2 (1991) → GPL version 3 (2007)' "$T/odc-gpl.txt"

# The body and redline.sty inside a larger document of each standard class.
for cls in article report book; do
    mkdir -p "$T/in-$cls"
    cp "$T/icoc/icoc-body.tex" "$T/icoc/redline.sty" "$T/in-$cls/"
    printf '%s\n' "\\documentclass{$cls}" '\usepackage[T1]{fontenc}' '\usepackage{lmodern}' \
        '\usepackage{redline}' '\usepackage{hyperref}' '\begin{document}' 'Before.' \
        '\input{icoc-body}' 'After.' '\end{document}' >"$T/in-$cls/report.tex"
    texrun pdflatex "$T/in-$cls" report report.tex
    expect_eq "body + redline.sty compile in $cls" 0 $?
done

# ---- the hostile catalogue ---------------------------------------------------
mkproj "$ROOT/tests/hostile/latex" hostile
"$REDLINE" build --format tex -o "$T/h" "$P/sources/hostile/publication.yaml" 2>"$T/h.err"
expect_eq "hostile: build succeeds" 0 $?
expect_grep "hostile: unsupported characters are reported" 'U+4E2D cannot be typeset' "$T/h.err"
for e in pdflatex lualatex; do
    mkdir -p "$T/h-$e"
    cp "$T/h/hostile.tex" "$T/h/hostile-body.tex" "$T/h/redline.sty" "$T/h-$e/"
    texrun $e "$T/h-$e" hostile hostile.tex
    expect_eq "hostile: $e compiles without errors" 0 $?
    pdftotext -enc UTF-8 "$T/h-$e/hostile.pdf" - | sed ':a;N;$!ba;s/-\n//g' | tr -d ' \n' >"$T/h-$e.txt"
    for lit in '\input{/etc/passwd}' '\write18{touchpwned}' '\immediate\openout5=pwned.tex' \
        '\catcode`\@=11' '\def\x{y}' '\csname' '\endcsname' '^^5c' '^^M' '$x^' '100%' '#1' \
        '~tilde_under' '{braces}' 'rho\\sigma' '\end{document}' '\makeatletter' '\@@end' '\newline' \
        '\par' '\def\author{x}' 'code\def\y{z}}{' '[U+4E2D][U+6587]' '[U+1F600]' \
        'Ligatures--and---and``and'"''"'and,,and<<and>>and!`and?`'; do
        if grep -qF -- "$lit" "$T/h-$e.txt"; then ok; else ko "hostile: $e prints $lit literally"; fi
    done
    pdfinfo "$T/h-$e/hostile.pdf" >"$T/h-$e.info" 2>/dev/null
    expect_grep "hostile: $e title metadata is literal" '^Title: *Hostile \\input{/etc/passwd} \\write18{touch pwned} \$x\$ 100% #1 ^^5c ~_$' "$T/h-$e.info"
    expect_grep "hostile: $e keywords cannot close the \\hypersetup value" '^Keywords: *x}, pdfauthor={pwned, \\jobname$' "$T/h-$e.info"
    expect_grep "hostile: $e author metadata is literal" '^Author: *\\immediate\\openout5=pwned.tex, A. } \\end{document}$' "$T/h-$e.info"
    check "hostile: $e wrote no file from user text" test ! -e "$T/h-$e/pwned.tex" -a ! -e "$T/h-$e/pwned2.tex"
    expect_no_grep "hostile: $e did not read /etc/passwd" 'root:' "$T/h-$e.txt"
done
