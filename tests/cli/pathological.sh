# pathological.sh - generated worst cases (tests/pathological/gen.sh), each
# bounded by `timeout 20` so that a hang or a quadratic blow-up fails
# instead of blocking the run, and each checked for a right answer: exact
# statistics, the words of the diff adding up, text found in the PDF, or
# the expected message.  After cmark's pathological_tests.py.
# Sourced by tests/run-cli.sh (cwd is a scratch folder $T).

GEN="$ROOT/tests/pathological/gen.sh"
LIMIT=20

# run CMD...: run under the time limit; stdout in out.txt, stderr in
# err.txt, exit status in $rc (124: timed out).
run() {
    timeout "$LIMIT" "$@" >out.txt 2>err.txt
    rc=$?
}

# in_time NAME: fail NAME if the last run timed out.
in_time() {
    if [ "$rc" = 124 ]; then ko "$1: time" "timed out after $LIMIT s"; else ok "$1: time"; fi
}

# stat_line: the "words:" line of `redline diff --stat` in out.txt.
stat_line() { grep '^words:' out.txt; }

# consistent NAME: the statistics add up: the equal words, counted from
# each side (old - deleted, new - inserted), are the same.
consistent() {
    if [ -n "$(stat_line)" ] && stat_line | awk '{ gsub(/[^0-9 ]/, ""); exit !(NF >= 5 && $4 - $2 == $5 - $1) }'; then
        ok "$1: stats add up"
    else
        ko "$1: stats add up" "$(stat_line)"
    fi
}

# mkpub DIR OLD NEW [NOTES]: a project with publication "p" comparing the
# files OLD (version "1") and NEW (version "2"), with annotation file NOTES.
mkpub() {
    mkdir -p "$1/sources/p" "$1/annotations" "$1/styles"
    cp "$ROOT"/styles/*.yaml "$1/styles/"
    cp "$2" "$1/sources/p/old.${2##*.}"
    cp "$3" "$1/sources/p/new.${3##*.}"
    {
        echo "title: Pathological"
        echo "versions:"
        echo "  - {id: \"1\", file: old.${2##*.}}"
        echo "  - {id: \"2\", file: new.${3##*.}}"
        if [ -n "${4:-}" ]; then
            cp "$4" "$1/annotations/p.yaml"
            echo "annotations: [p.yaml]"
        fi
    } > "$1/sources/p/publication.yaml"
}

# built NAME FORMAT DIR: build DIR's publication in FORMAT; exit 0 in time.
built() {
    run "$REDLINE" build --format "$2" -o "$3/out" "$3/sources/p/publication.yaml"
    in_time "$1: build $2"
    expect_eq "$1: build $2: exit status" 0 "$rc"
    [ "$rc" = 0 ] || sed -n 1,3p err.txt >&2
}

# The PDF's text is read with poppler-utils (a missing tool fails: need).
# A missing output is not a reason to skip a check: the checks below run
# whether or not the build wrote its file, and fail when it did not.
has_pdftotext() { need poppler-utils pdftotext pdfinfo; }

# ---- Myers on unrelated texts: 20,000 words each, nothing in common ----
sh "$GEN" unrelated unrelated
run "$REDLINE" diff --stat unrelated/old.txt unrelated/new.txt
in_time unrelated
expect_eq "unrelated: stats" "words:  20000 inserted, 20000 deleted, 0 moved (old 20000, new 20000)" "$(stat_line)"

# ---- half the words shared, every other word changed: one paired block
# whose word diff has D = N (200,000 words a side).  The raw diff is exact;
# the cleaned-up one must still add up, in near-linear time. ----
sh "$GEN" interleaved inter 100000
run "$REDLINE" diff --stat --no-cleanup inter/old.txt inter/new.txt
in_time "interleaved raw"
expect_eq "interleaved raw: stats" "words:  100000 inserted, 100000 deleted, 0 moved (old 200000, new 200000)" \
    "$(stat_line)"
for alg in myers histogram; do
    run "$REDLINE" diff --stat --algorithm=$alg inter/old.txt inter/new.txt
    in_time "interleaved $alg"
    expect_eq "interleaved $alg: exit status" 0 "$rc"
    consistent "interleaved $alg"
done

# ---- a 10,000-word paragraph: diff, and typeset through the line breaker ----
sh "$GEN" paragraph para
run "$REDLINE" diff --stat para/old.txt para/new.txt
in_time paragraph
expect_eq "paragraph: stats" "words:  10 inserted, 10 deleted, 0 moved (old 10000, new 10000)" "$(stat_line)"
mkpub para/proj para/old.txt para/new.txt
built paragraph pdf para/proj
if has_pdftotext; then
    pages=$(pdfinfo para/proj/out/p.pdf 2>/dev/null | sed -n 's/^Pages: *//p')
    if [ "${pages:-0}" -ge 10 ]; then ok "paragraph: pages"; else ko "paragraph: pages" "only ${pages:-0} pages"; fi
    pdftotext para/proj/out/p.pdf para.txt
    expect_grep "paragraph: last word typeset" "word9999" para.txt
fi

# ---- 50,000 nested block quotes ----
sh "$GEN" quotes quotes
sed 's/deep$/deeper/' quotes/deep.md > quotes/deeper.md
run "$REDLINE" diff --stat quotes/deep.md quotes/deeper.md
in_time quotes
expect_eq "quotes: stats" "words:  1 inserted, 1 deleted, 0 moved (old 1, new 1)" "$(stat_line)"
mkpub quotes/proj quotes/deep.md quotes/deeper.md
built quotes html quotes/proj
expect_grep "quotes: html has the word" "deeper" quotes/proj/out/p.html
built quotes pdf quotes/proj

# ---- a 100,000-character word (longer than any PDF string libharu takes) ----
sh "$GEN" longword longword
run "$REDLINE" diff --stat longword/old.txt longword/new.txt
in_time longword
expect_eq "longword: stats" "words:  1 inserted, 1 deleted, 0 moved (old 3, new 3)" "$(stat_line)"
mkpub longword/proj longword/old.txt longword/new.txt
for f in html tex pdf; do built longword $f longword/proj; done
if has_pdftotext; then
    pdftotext longword/proj/out/p.pdf longword.txt
    expect_grep "longword: text after the word typeset" "after" longword.txt
fi

# ---- 5,000 one-word paragraphs: 500 dropped, the first 90 kept moved to the end ----
sh "$GEN" blocks blocks
run "$REDLINE" diff --stat blocks/old.md blocks/new.md
in_time blocks
expect_eq "blocks: stats" "words:  0 inserted, 500 deleted, 90 moved (old 5000, new 4500)" "$(stat_line)"
run "$REDLINE" diff --stat --no-moves blocks/old.md blocks/new.md
in_time "blocks no-moves"
expect_eq "blocks no-moves: stats" "words:  90 inserted, 590 deleted, 0 moved (old 5000, new 4500)" "$(stat_line)"
mkpub blocks/proj blocks/old.md blocks/new.md
built blocks pdf blocks/proj

# ---- 1,000 notes on one paragraph ----
sh "$GEN" notes notes
mkpub notes/proj notes/p.md notes/p.md notes/notes.yaml
run "$REDLINE" diff --format=json notes/proj/sources/p/publication.yaml
in_time "notes diff"
expect_eq "notes: all anchored" 1000 "$(grep -o '"number": *[0-9]*' out.txt | sort -u | wc -l | tr -d ' ')"
built notes html notes/proj
expect_grep "notes: html has the last note" "Note number 1000\." notes/proj/out/p.html
built notes pdf notes/proj
if has_pdftotext; then
    pdftotext notes/proj/out/p.pdf notes.txt
    expect_grep "notes: pdf has the last note" "Note number 1000\." notes.txt
fi

# ---- YAML: deep nesting, a wide mapping, and a billion-laughs alias bomb ----
mkdir -p yaml/sources/p yaml/annotations yaml/styles
cp "$ROOT"/styles/*.yaml yaml/styles/
printf '# A\n\nlol text\n' > yaml/sources/p/a.md
sh "$GEN" yamldeep yaml/gen 20000
cp yaml/gen/deep.yaml yaml/sources/p/publication.yaml
run "$REDLINE" check yaml/sources/p/publication.yaml
in_time "yaml deep"
expect_eq "yaml deep: exit status" 1 "$rc"
expect_grep "yaml deep: message" "publication.yaml:1:[0-9]*: error: YAML nested too deeply" err.txt

awk 'BEGIN {
    print "title: wide\nversions:\n  - {id: \"1\", file: a.md}\n  - {id: \"2\", file: a.md}"
    for (i = 0; i < 100000; i++) printf "k%d: v\n", i }' > yaml/sources/p/publication.yaml
run "$REDLINE" check yaml/sources/p/publication.yaml
in_time "yaml wide"
expect_eq "yaml wide: exit status" 0 "$rc"
expect_grep "yaml wide: unknown keys reported" "publication.yaml:100004:1: warning: unknown key 'k99999'" err.txt

sh "$GEN" laughs yaml/gen
cp yaml/gen/laughs.yaml yaml/sources/p/publication.yaml
run "$REDLINE" check yaml/sources/p/publication.yaml
in_time "laughs manifest"
expect_eq "laughs manifest: exit status" 1 "$rc"
n=$(grep -c ': error: ' err.txt)
if [ "$n" -ge 1 ] && [ "$n" -le 100 ]; then ok "laughs manifest: errors bounded"; else
    ko "laughs manifest: errors bounded" "$n errors"; fi
printf 'title: x\nversions:\n  - {id: "1", file: a.md}\n  - {id: "2", file: a.md}\nannotations: [l.yaml]\n' \
    > yaml/sources/p/publication.yaml
cp yaml/gen/laughs.yaml yaml/annotations/l.yaml
run "$REDLINE" check yaml/sources/p/publication.yaml
in_time "laughs notes"
expect_eq "laughs notes: exit status" 1 "$rc"
expect_grep "laughs notes: message" "l.yaml:[0-9]*:[0-9]*: error: a note must be a mapping" err.txt
n=$(grep -c ': error: ' err.txt)
if [ "$n" -le 100 ]; then ok "laughs notes: errors bounded"; else ko "laughs notes: errors bounded" "$n errors"; fi

# ---- a 1.5 MB line with an invalid byte at its end: the message names the
# column and quotes a window of the line, not all of it ----
sh "$GEN" longline longline
run "$REDLINE" diff longline/long.txt para/old.txt
in_time longline
expect_eq "longline: exit status" 1 "$rc"
expect_eq "longline: message" "longline/long.txt:1:1488894: error: invalid UTF-8 (byte 0xFF); save the file as UTF-8" \
    "$(head -n 1 err.txt)"
size=$(wc -c < err.txt | tr -d ' ')
if [ "$size" -le 4096 ]; then ok "longline: message size"; else
    ko "longline: message size" "$size bytes of diagnostics for one error"; fi
