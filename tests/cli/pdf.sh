# pdf.sh - the typeset redline: the layout trace of a small case (golden),
# then the PDF's properties: valid (qpdf), fonts embedded, text extractable
# without warnings and in reading order, metadata, byte-identical output
# from another folder, and the ICoC.

G="$ROOT/tests/golden/trace"
cp -R "$G/small" "$T/proj"
mkdir -p "$T/proj/styles"
cp "$ROOT"/styles/*.yaml "$T/proj/styles/"
"$REDLINE" build --format pdf,trace -o "$T/a" "$T/proj/sources/small/publication.yaml" 2> "$T/err"
expect_status "small builds" 0 test -s "$T/a/small.pdf"
expect_file "small trace" "$G/small.trace" "$T/a/small.trace"
expect_grep "trace shows a label change" '\[:(a):\]→{:(1):}' "$T/a/small.trace"
expect_grep "trace shows a move cross-reference" 'moved to p.*2, l.*2]' "$T/a/small.trace"

# The same inputs in another folder give the same bytes.
cp -R "$T/proj" "$T/other"
(cd "$T" && "$REDLINE" build --format pdf -o "$T/b" "other/sources/small/publication.yaml" 2>/dev/null)
check "byte-identical from another folder" cmp "$T/a/small.pdf" "$T/b/small.pdf"

# The checks below need poppler-utils, qpdf and mupdf-tools (tools/deps.sh
# check): a missing tool fails the run (need), it never skips them unseen.
# qpdf takes milliseconds, so it runs under RL_ASAN=1 too.
if need qpdf qpdf; then
    check "qpdf --check" qpdf --check "$T/a/small.pdf"
fi
if need poppler-utils pdftotext pdffonts pdfinfo; then
    pdftotext -raw "$T/a/small.pdf" "$T/raw.txt" 2> "$T/pdftotext.err"
    expect_eq "pdftotext prints no warning" "" "$(cat "$T/pdftotext.err")"
    expect_grep "deleted words are in the text" "eight seven" "$T/raw.txt"
    body=$(grep -n "serves tea" "$T/raw.txt" | head -1 | cut -d: -f1)
    note=$(grep -n "Sunset is later" "$T/raw.txt" | head -1 | cut -d: -f1)
    check "the body's words come before the notes" test "${body:-99}" -lt "${note:-0}"
    pdffonts "$T/a/small.pdf" > "$T/fonts" 2> "$T/fonts.err"
    expect_eq "pdffonts prints no warning" "" "$(cat "$T/fonts.err")"
    expect_grep "fonts are embedded subsets" "LiberationSerif.*yes yes yes" "$T/fonts"
    expect_eq "every font is embedded" "0" "$(tail -n +3 "$T/fonts" | grep -vc ' yes yes yes ')"
    pdfinfo "$T/a/small.pdf" > "$T/info"
    expect_grep "creator names redline" "^Creator: *redline " "$T/info"
    expect_grep "title in the metadata" "^Title: *Small redline" "$T/info"
    expect_grep "creation date from the edition" "^CreationDate:.*2026" "$T/info"
    expect_grep "two pages" "^Pages: *2" "$T/info"
fi

# The ICoC.
if [ -f "$ROOT/sources/icoc/publication.yaml" ]; then
    "$REDLINE" build --format pdf -o "$T/icoc" "$ROOT/sources/icoc/publication.yaml" 2> "$T/icoc.err"
    expect_status "icoc builds" 0 test -s "$T/icoc/icoc.pdf"
    if need poppler-utils pdftotext; then
        pdftotext "$T/icoc/icoc.pdf" "$T/icoc.txt" 2> "$T/icoc.pdftotext"
        expect_eq "icoc: pdftotext prints no warning" "" "$(cat "$T/icoc.pdftotext")"
        expect_grep "icoc: the notice is on the title page" "reconstructed from secondary" "$T/icoc.txt"
    fi
    if need qpdf qpdf; then
        check "icoc: qpdf --check" qpdf --check "$T/icoc/icoc.pdf"
    fi
    expect_no_grep "icoc: no overfull lines" "overfull" "$T/icoc.err"
else
    ko "icoc" "sources/icoc/publication.yaml is missing"
fi

# Links in version texts follow the same policy as every other output:
# only http(s) and mailto become live links in the PDF.
mkdir -p "$T/links/sources/l"
cat > "$T/links/sources/l/publication.yaml" <<'YAML'
title: Links
versions:
  - {id: a, file: a.md}
  - {id: b, file: b.md}
YAML
printf 'See [the site](https://example.org/ok) and [this](javascript:alert(1)).\n' > "$T/links/sources/l/a.md"
printf 'See [the site](https://example.org/ok), [this](javascript:alert(1)) and [that](file:///etc/passwd).\n' > "$T/links/sources/l/b.md"
"$REDLINE" build --format trace -o "$T/links/out" "$T/links/sources/l/publication.yaml" 2>/dev/null
expect_grep "pdf: an https link stays live" "uri https://example.org/ok" "$T/links/out/l.trace"
if grep -q "uri javascript:\|uri file:" "$T/links/out/l.trace"; then
    ko "pdf: javascript: and file: links are not live" "$(grep 'uri ' "$T/links/out/l.trace" | head -3)"
else ok "pdf: javascript: and file: links are not live"; fi

# compare_layout: one-document: the GPL's two comparisons in one PDF, a
# section (and an outline entry) each, notes numbered on through it.
if [ -f "$ROOT/sources/gpl/publication.yaml" ]; then
    mkdir -p "$T/one/sources" "$T/one/annotations" "$T/one/styles"
    cp -R "$ROOT/sources/gpl" "$T/one/sources/"
    cp "$ROOT/annotations/gpl.yaml" "$T/one/annotations/"
    cp "$ROOT"/styles/*.yaml "$T/one/styles/"
    printf 'compare_layout: one-document\n' >> "$T/one/sources/gpl/publication.yaml"
    "$REDLINE" build --format pdf,trace -o "$T/one/out" "$T/one/sources/gpl/publication.yaml" 2> "$T/one.err"
    expect_status "one-document: builds one PDF" 0 test -s "$T/one/out/gpl.pdf"
    expect_status "one-document: no PDF per comparison" 1 test -e "$T/one/out/gpl-1-2.pdf"
    expect_no_grep "one-document: no warnings" "overfull\|far from" "$T/one.err"
    if need poppler-utils pdftotext pdfinfo; then
        pdftotext -raw "$T/one/out/gpl.pdf" - 2> "$T/one.pdftotext" | tr -d '\f' > "$T/one.txt"
        expect_eq "one-document: pdftotext prints no warning" "" "$(cat "$T/one.pdftotext")"
        s1=$(grep -n "^GPL version 1 (1989) → GPL version 2 (1991)$" "$T/one.txt" | tail -1 | cut -d: -f1)
        s2=$(grep -n "^GPL version 2 (1991) → GPL version 3 (2007)$" "$T/one.txt" | tail -1 | cut -d: -f1)
        p1=$(grep -n "^Preamble" "$T/one.txt" | head -1 | cut -d: -f1)
        check "one-document: section 1's heading comes before its text" test "${s1:-99999}" -lt "${p1:-0}"
        check "one-document: section 2 comes after section 1's text" test "${p1:-99999}" -lt "${s2:-0}"
        expect_grep "one-document: the title page lists the sections" "^Section 2: GPL version 2 (1991) → GPL version 3 (2007)" "$T/one.txt"
        # Section 2's notes are numbered after section 1's (n1 notes).
        n1=$(grep -c "^  notebox [0-9]* .*want=[0-9.]*$" "$T/one/out/gpl-1-2.trace")
        # With n1 = 0 the next check would match section 1's own "(notes 1–".
        check "one-document: section 1's notes are counted in its trace" test "${n1:-0}" -gt 0
        expect_grep "one-document: notes numbered on through the sections" "^[0-9]* notes\{0,1\} (notes\{0,1\} $((n1 + 1))[–)]" "$T/one.txt"
        pdfinfo "$T/one/out/gpl.pdf" > "$T/one.info"
        pages=$(sed -n 's/^Pages: *//p' "$T/one.info")
        sep=$(sed -n 's/^layout .*, \([0-9]*\) pages.*/\1/p' "$T/one/out/gpl-1-2.trace" "$T/one/out/gpl-2-3.trace" | awk '{ s += $1 } END { print s + 0 }')
        check "one-document: one title page for both sections" test "${pages:-0}" -eq "$((${sep:-0} - 1))"
    fi
    if need mupdf-tools mutool; then
        mutool show "$T/one/out/gpl.pdf" outline > "$T/one.outline" 2>/dev/null
        expect_eq "one-document: an outline entry per section" "2" "$(grep -c '→' "$T/one.outline")"
    fi
    if need qpdf qpdf; then
        check "one-document: qpdf --check" qpdf --check "$T/one/out/gpl.pdf"
    fi
else
    ko "one-document" "sources/gpl/publication.yaml is missing"
fi
