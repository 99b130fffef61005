# batch.sh - building many publications: `redline list`, keep-going, -j,
# --changed (touch one input: only its publication rebuilds; nothing to do
# the second time), and `redline deps` fragments driving make.

mkpubs() {   # mkpubs DIR: publications alpha, beta, gamma sharing one style
    mkdir -p "$1/annotations" "$1/styles"
    cp "$ROOT"/styles/*.yaml "$1/styles/"
    for p in alpha beta gamma; do
        mkdir -p "$1/sources/$p"
        printf 'title: Publication %s\nedition: {date: 2021-03-04}\nversions:\n  - {id: v1, file: v1.md}\n  - {id: v2, file: v2.md}\nannotations: [%s.yaml]\n' \
            "$p" "$p" > "$1/sources/$p/publication.yaml"
        printf '# %s\n\nThe old text of %s.\n' "$p" "$p" > "$1/sources/$p/v1.md"
        printf '# %s\n\nThe new text of %s, changed.\n' "$p" "$p" > "$1/sources/$p/v2.md"
        printf 'notes:\n  - id: n1\n    anchor: {version: v2, quote: "changed"}\n    body: A note on %s.\n' "$p" \
            > "$1/annotations/$p.yaml"
    done
}

P="$T/p"
mkpubs "$P"
cd "$P" || exit 1
FMT=html   # the cheapest complete format; the other formats are tested in build.sh

# ---- list ----------------------------------------------------------------
expect_eq "list prints one manifest per line, sorted" \
    "sources/alpha/publication.yaml
sources/beta/publication.yaml
sources/gamma/publication.yaml" "$("$REDLINE" list sources/)"
# Against the list itself: two failing commands would print the same nothing.
expect_eq "list defaults to sources" "sources/alpha/publication.yaml
sources/beta/publication.yaml
sources/gamma/publication.yaml" "$("$REDLINE" list)"
expect_eq "list of one publication folder" "sources/beta/publication.yaml" "$("$REDLINE" list sources/beta)"
expect_eq "the third job, as a Slurm array task picks it" "sources/gamma/publication.yaml" \
    "$("$REDLINE" list sources | sed -n 3p)"
expect_status "list of a missing folder fails" 1 "$REDLINE" list nowhere

# ---- keep going ----------------------------------------------------------
mkdir -p sources/broken
printf 'title: Broken\nversions:\n  - {id: v1, file: missing.md}\n  - {id: v2, file: v2.md}\n' > sources/broken/publication.yaml
cp sources/alpha/v2.md sources/broken/
"$REDLINE" build --format $FMT sources/alpha/publication.yaml sources/broken/publication.yaml \
    sources/beta/publication.yaml 2>"$T/keep.err"
expect_eq "a broken publication among good ones: exit 1" 1 "$?"
check "the first good one is built" test -s output/alpha/alpha.html
check "the good one after it is built" test -s output/beta/beta.html
check "the broken one wrote nothing" test ! -e output/broken
expect_grep "the broken one is listed" "failed: sources/broken/publication.yaml" "$T/keep.err"
expect_grep "its error names the missing file" "missing.md" "$T/keep.err"
expect_grep "a progress line per publication" "^alpha: html, edition [0-9a-f]*, [0-9.]* s$" "$T/keep.err"
expect_grep "a summary" "^redline: 3 publications: 2 built, 0 up to date, 1 failed" "$T/keep.err"
rm -rf sources/broken output

# ---- -j: parallel builds, whole lines -------------------------------------
"$REDLINE" build --format $FMT -j 3 sources/*/publication.yaml 2>"$T/par.err"
expect_eq "-j 3 builds all" 0 "$?"
expect_eq "one line per publication plus the summary, none mixed" 4 \
    "$(grep -c -e '^[a-z]*: html, edition [0-9a-f]\{12\}, [0-9.]* s$' -e '^redline: 3 publications: 3 built, 0 up to date, 0 failed' "$T/par.err")"
for p in alpha beta gamma; do check "-j built $p" test -s output/$p/$p.html; done
expect_status "-j needs a number" 2 "$REDLINE" build -j x sources/alpha/publication.yaml

# ---- --changed -------------------------------------------------------------
"$REDLINE" build --changed --format $FMT sources/*/publication.yaml 2>"$T/c1.err"
expect_eq "second build: all up to date" 3 "$(grep -c ': up to date$' "$T/c1.err")"
before=$(cat output/beta/beta.html output/gamma/gamma.html | cksum)
sleep 0.01
touch sources/alpha/v1.md
"$REDLINE" build --changed --format $FMT sources/*/publication.yaml 2>"$T/c2.err"
expect_grep "touching an input rebuilds its publication" "^alpha: html" "$T/c2.err"
expect_grep "the others are up to date (beta)" "^beta: up to date" "$T/c2.err"
expect_grep "the others are up to date (gamma)" "^gamma: up to date" "$T/c2.err"
expect_eq "the others' outputs are untouched" "$before" "$(cat output/beta/beta.html output/gamma/gamma.html | cksum)"
"$REDLINE" build --changed --format $FMT sources/*/publication.yaml 2>"$T/c3.err"
expect_eq "then nothing to do" 3 "$(grep -c ': up to date$' "$T/c3.err")"
expect_grep "and the summary says so" "^redline: 3 publications: 0 built, 3 up to date, 0 failed" "$T/c3.err"
sed 's/A note on/One note on/' annotations/gamma.yaml > "$T/g.yaml" && cp "$T/g.yaml" annotations/gamma.yaml
"$REDLINE" build --changed --format $FMT sources/*/publication.yaml 2>"$T/c4.err"
expect_grep "a changed note rebuilds its publication" "^gamma: html" "$T/c4.err"
expect_eq "and only it" 2 "$(grep -c ': up to date$' "$T/c4.err")"
"$REDLINE" build --changed --format $FMT,tex sources/beta/publication.yaml 2>"$T/c5.err"
expect_eq "other formats are not up to date" "" "$(grep 'up to date' "$T/c5.err")"
# ... because it was built, not because the build failed before saying so.
expect_grep "other formats: built instead" "^beta: [a-z,]*tex[a-z,]*, edition " "$T/c5.err"
rm output/alpha/alpha.html
"$REDLINE" build --changed --format $FMT sources/alpha/publication.yaml 2>"$T/c6.err"
check "a deleted output is rebuilt" test -s output/alpha/alpha.html

# ---- deps: the make fragment -------------------------------------------------
"$REDLINE" deps --format $FMT -o build-deps-alpha.mk sources/alpha/publication.yaml
expect_eq "deps writes a fragment" 0 "$?"
for f in sources/alpha/publication.yaml sources/alpha/v1.md sources/alpha/v2.md annotations/alpha.yaml \
    styles/default.yaml; do
    expect_grep "deps lists $f" "^  $f" build-deps-alpha.mk
done
# The binary as an input line ("  .../redline", with " \" unless last): the
# fragment's header comment names redline too, so "redline" alone would
# always match.
expect_grep "deps lists the redline binary" '^  .*redline\( \\\)\{0,1\}$' build-deps-alpha.mk
expect_grep "deps lists a font file" '\.ttf' build-deps-alpha.mk
expect_grep "deps lists the outputs" "^  output/alpha/alpha.html" build-deps-alpha.mk
expect_grep "deps lists the citations" "^  output/alpha/alpha.bib" build-deps-alpha.mk
"$REDLINE" deps --format $FMT sources/beta/publication.yaml > build-deps-beta.mk
printf 'R := %s\nall: output/alpha/.alpha.stamp output/beta/.beta.stamp\noutput/alpha/.alpha.stamp output/beta/.beta.stamp:\n\t$(R) build --format %s $(word 1,$^)\ninclude build-deps-alpha.mk build-deps-beta.mk\n' \
    "$REDLINE" "$FMT" > Makefile.test
"$REDLINE" build --format $FMT sources/alpha/publication.yaml sources/beta/publication.yaml 2>/dev/null
expect_status "make: nothing to do after a build" 0 make -q -f Makefile.test
sleep 0.01
touch annotations/beta.yaml
expect_status "make: a touched input is out of date" 1 make -q -f Makefile.test
make -s -f Makefile.test >"$T/make.out" 2>&1
expect_grep "make rebuilds the touched publication" "^beta: html" "$T/make.out"
expect_eq "and only it" "" "$(grep '^alpha' "$T/make.out")"
expect_status "make: then nothing to do" 0 make -q -f Makefile.test
