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

# ---- TeX compilations ---------------------------------------------------------
have_tex=1
for t in pdflatex lualatex pdftotext; do
    command -v $t >/dev/null 2>&1 || have_tex=0
done
if [ -n "${RL_ASAN:-}" ] || [ $have_tex = 0 ]; then
    [ $have_tex = 0 ] && echo "latex.sh: TeX Live or poppler-utils missing; compilations skipped" >&2
    return 0 2>/dev/null || exit 0
fi

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
    if grep -q 'undefined' "$T/gc-$name-pdflatex/$name.log"; then ko "golden $name: undefined references"; else ok; fi
done

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
    if grep -q 'root:' "$T/h-$e.txt"; then ko "hostile: $e read /etc/passwd"; else ok; fi
done
