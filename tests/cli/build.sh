# build.sh - `redline build`: output names, citation files (exact), atomic
# failure, refusing output paths that escape the folder, several
# comparisons, and the three-version round trip through `redline diff`.

# A small project: "mini" (two Markdown versions, one note, LaTeX and BibTeX
# specials in its title) and "three" (three plain-text versions, 1->2, 2->3).
mkproj() {
    mkdir -p "$1/sources/mini" "$1/sources/three" "$1/annotations" "$1/styles"
    cp "$ROOT"/styles/*.yaml "$1/styles/"
    cat > "$1/sources/mini/publication.yaml" <<'YAML'
title: 'Rules & {braces}: 100% _under_ #1 $x^2~ \relax "quoted"'
authors: ["Doe, Jane", "Research and Development Unit"]
edition: {number: 2, date: 2024-02-29}
url: https://example.org/rules?a=1&b={2}
versions:
  - {id: a, file: a.md, label: "Draft A", date: 2024-01-01}
  - {id: b, file: b.md, label: "Draft B", date: 2024-02-01}
annotations: [mini.yaml]
YAML
    printf '# Rules\n\n(a) Members shall keep the peace.\n\n(b) Members shall report incidents within ten days.\n' \
        > "$1/sources/mini/a.md"
    printf '# Rules\n\n(1) Members shall keep the peace at all times.\n\n(2) Members shall report incidents within five days.\n\n(3) Reports are public.\n' \
        > "$1/sources/mini/b.md"
    cat > "$1/annotations/mini.yaml" <<'YAML'
notes:
  - id: five-days
    anchor: {version: b, quote: "within five days"}
    body: The deadline is *halved*.
YAML
    cat > "$1/sources/three/publication.yaml" <<'YAML'
title: Three versions
authors: [Tester]
edition: {number: 1, date: 2020-01-31}
versions:
  - {id: "1", file: v1.txt}
  - {id: "2", file: v2.txt}
  - {id: "3", file: v3.txt}
compare:
  - {from: "1", to: "2"}
  - {from: "2", to: "3"}
YAML
    printf 'The first paragraph says one thing\nover two lines.\n\nA second paragraph stays.\n' > "$1/sources/three/v1.txt"
    printf 'The first paragraph says another thing\nover two lines.\n\nA second paragraph stays.\n\nA third is new.\n' > "$1/sources/three/v2.txt"
    printf 'The first paragraph says another thing.\n\nA third is new, and longer.\n' > "$1/sources/three/v3.txt"
}

# The formats whose emitter is implemented (a format whose build fails for
# another reason is kept, so that the failure shows).
formats_available() {
    avail=""
    for f in pdf tex html trace; do
        if "$REDLINE" build --format "$f" -o "$T/probe-$f" "$1" 2>"$T/probe-$f.err" ||
            ! grep -q "not implemented" "$T/probe-$f.err"; then
            avail="$avail${avail:+,}$f"
        fi
    done
    echo "$avail"
}

mkproj "$T/p"
P="$T/p"
F=$(formats_available "$P/sources/mini/publication.yaml")
F=${F:-html}

# ---- one comparison: output names, citation files ----------------------
expect_status "build mini" 0 "$REDLINE" build --format "$F" "$P/sources/mini/publication.yaml"
O="$P/output/mini"
ID=$("$REDLINE" edition --id "$P/sources/mini/publication.yaml")
case ",$F," in *,pdf,*) check "mini.pdf written" test -s "$O/mini.pdf" ;; esac
case ",$F," in *,tex,*)
    check "mini.tex written" test -s "$O/mini.tex"
    check "mini-body.tex written" test -s "$O/mini-body.tex"
    check "redline.sty written" test -s "$O/redline.sty" ;;
esac
case ",$F," in *,html,*)
    check "mini.html written" test -s "$O/mini.html"
    expect_grep "edition id in the HTML" "$ID" "$O/mini.html" ;;
esac
expect_eq "no stray files in the output folder" "" \
    "$(ls -A "$O" | grep -v -e '^mini\.' -e '^mini-body\.tex$' -e '^redline\.sty$' -e '^\.mini\.stamp$')"

cat > "$T/want.bib" <<EOF
@misc{mini-$ID,
  title    = {{Rules \& \{braces\}: 100\% \_under\_ \#1 \\\$x\^{}2\~{} \textbackslash{}relax "quoted"}},
  author   = {Doe, Jane and {Research and Development Unit}},
  edition  = {2},
  date     = {2024-02-29},
  year     = {2024},
  version  = {$ID},
  note     = {Edition $ID},
  url      = {https://example.org/rules?a=1&b=%7B2%7D}
}
EOF
expect_file "BibTeX entry, exactly" "$T/want.bib" "$O/mini.bib"
cat > "$T/want.json" <<EOF
[
  {
    "id": "mini-$ID",
    "type": "document",
    "title": "Rules & {braces}: 100% _under_ #1 \$x^2~ \\\\relax \\"quoted\\"",
    "author": [{"family": "Doe", "given": "Jane"}, {"literal": "Research and Development Unit"}],
    "edition": "2",
    "issued": {"date-parts": [[2024, 2, 29]]},
    "version": "$ID",
    "note": "Edition $ID",
    "URL": "https://example.org/rules?a=1&b={2}"
  }
]
EOF
expect_file "CSL-JSON item, exactly" "$T/want.json" "$O/mini.json"
if need jq jq; then
    expect_eq "CSL-JSON parses" "Rules & {braces}: 100% _under_ #1 \$x^2~ \\relax \"quoted\"" \
        "$(jq -r '.[0].title' "$O/mini.json")"
fi

# ---- a failed build writes nothing and keeps the previous outputs -------
mkdir "$T/before"
cp -p "$O"/* "$T/before/"
cp "$P/annotations/mini.yaml" "$T/mini.yaml.good"
sed 's/within five days/within fifty weeks/' "$T/mini.yaml.good" > "$P/annotations/mini.yaml"
expect_status "a note that no longer anchors fails the build" 1 \
    "$REDLINE" build --format "$F" "$P/sources/mini/publication.yaml"
same=yes
for f in "$T"/before/*; do cmp -s "$f" "$O/$(basename "$f")" || same=no; done
expect_eq "previous outputs intact after a failed build" yes "$same"
expect_eq "no temporary files after a failed build" "" "$(ls -A "$O" | grep tmp)"
cp "$T/mini.yaml.good" "$P/annotations/mini.yaml"

# ---- output paths cannot escape ----------------------------------------
expect_status "-o with '..' is refused" 2 \
    "$REDLINE" build --format "$F" -o "$P/output/../../escaped" "$P/sources/mini/publication.yaml"
check "nothing written for a refused -o" test ! -e "$T/escaped"
expect_status "empty -o is refused" 2 "$REDLINE" build -o "" "$P/sources/mini/publication.yaml"
mkdir -p "$P/sources/evil"
cp "$P/sources/three/v1.txt" "$P/sources/three/v2.txt" "$P/sources/evil/"
cat > "$P/sources/evil/publication.yaml" <<'YAML'
title: Evil ids
versions:
  - {id: "../../../pwned", file: v1.txt}
  - {id: "x", file: v2.txt}
  - {id: "y", file: v1.txt}
YAML
"$REDLINE" build --format "$F" "$P/sources/evil/publication.yaml" 2>"$T/evil.err"
expect_eq "a version id with '/' fails the build" 1 "$?"
expect_grep "the bad id is reported" "pwned" "$T/evil.err"
expect_eq "nothing written outside the output folder" "" "$(find "$T" -name '*pwned*')"
expect_status "unknown format is a usage error" 2 "$REDLINE" build --format pdf,gif "$P/sources/mini/publication.yaml"
expect_status "no manifest is a usage error" 2 "$REDLINE" build --changed

# ---- options may follow the manifest; "--" ends them -------------------
expect_status "options after the manifest" 0 \
    "$REDLINE" build "$P/sources/mini/publication.yaml" -o "$T/after" --format html
check "options after the manifest are read as options" test -s "$T/after/mini.html"
expect_eq "no file named like an option is read" "" "$(ls "$T/after" | grep -e '^-' -e '^html$')"
"$REDLINE" build "$P/sources/mini/publication.yaml" --bogus 2>"$T/bogus.err"
expect_eq "an unknown option after the manifest is a usage error" 2 "$?"
expect_grep "the usage error names the command" "redline: build: unknown option '--bogus'" "$T/bogus.err"
expect_status "an option missing its value after the manifest" 2 \
    "$REDLINE" build "$P/sources/mini/publication.yaml" --format
expect_status "after --, a name starting with - is a manifest" 1 \
    "$REDLINE" build -o "$T/dd" --format html -- -not-a-manifest.yaml
for c in build check diff edition deps list history; do
    "$REDLINE" "$c" --help >"$T/help-$c.out" 2>&1
    expect_eq "$c --help exits 0" 0 "$?"
    expect_grep "$c --help prints its usage" "usage: redline $c" "$T/help-$c.out"
    expect_status "$c: unknown option is a usage error" 2 "$REDLINE" "$c" --no-such-option
done

# ---- several comparisons: <pub>-<from>-<to>.* ---------------------------
expect_status "build three" 0 "$REDLINE" build --format "$F" "$P/sources/three/publication.yaml"
ext=$(echo "$F" | cut -d, -f1)
check "three-1-2.$ext written" test -s "$P/output/three/three-1-2.$ext"
check "three-2-3.$ext written" test -s "$P/output/three/three-2-3.$ext"
check "one citation per publication" test -s "$P/output/three/three.bib"
check "no single-comparison name" test ! -e "$P/output/three/three.$ext"

# ---- round trip: each comparison's JSON runs give back both versions ----
# The invariant of the redline model, through the CLI: keeping the old side
# of equal and delete runs (with old labels) in old_index order gives the
# old version's paragraphs; equal and insert runs in new_index order give
# the new version's.  Run on the three-version fixture and on the GPL.
side() {   # side JSON old|new: one paragraph per line
    if [ "$2" = old ]; then
        jq -r '[.blocks[] | select(.old_index != null)] | sort_by(.old_index) | .[] |
            ((if .label.old then .label.old + " " else "" end) +
             ([.runs[] | select(.op != "insert") | (.old_text // .text)] | join("")))' "$1"
    else
        jq -r '[.blocks[] | select(.new_index != null)] | sort_by(.new_index) | .[] |
            ((if .label.new then .label.new + " " else "" end) +
             ([.runs[] | select(.op != "delete") | .text] | join("")))' "$1"
    fi | tr -s ' \t' '  ' | sed 's/^ //; s/ $//'
}
paras() {  # the paragraphs of a .txt file, one per line, white space squeezed
    awk 'BEGIN { RS = "" } { gsub(/[ \t\n\r\f]+/, " "); sub(/^ /, ""); sub(/ $/, ""); print }' "$1"
}
roundtrip() {  # roundtrip MANIFEST FROM TO OLDFILE NEWFILE
    "$REDLINE" diff --format=json "$1" --from "$2" --to "$3" > "$T/rt.json" 2>"$T/rt.err"
    expect_eq "diff --format=json $(basename "$(dirname "$1")") $2->$3" 0 "$?"
    side "$T/rt.json" old > "$T/rt-old.txt"
    paras "$4" > "$T/rt-old-want.txt"
    expect_file "round trip: old side of $2->$3" "$T/rt-old-want.txt" "$T/rt-old.txt"
    side "$T/rt.json" new > "$T/rt-new.txt"
    paras "$5" > "$T/rt-new-want.txt"
    expect_file "round trip: new side of $2->$3" "$T/rt-new-want.txt" "$T/rt-new.txt"
}
if need jq jq; then
    roundtrip "$P/sources/three/publication.yaml" 1 2 "$P/sources/three/v1.txt" "$P/sources/three/v2.txt"
    roundtrip "$P/sources/three/publication.yaml" 2 3 "$P/sources/three/v2.txt" "$P/sources/three/v3.txt"
    G="$ROOT/sources/gpl"
    roundtrip "$G/publication.yaml" 1 2 "$G/GPL-1.txt" "$G/GPL-2.txt"
    roundtrip "$G/publication.yaml" 2 3 "$G/GPL-2.txt" "$G/GPL-3.txt"
    expect_eq "the round trip can fail" no \
        "$(cmp -s "$T/rt-old.txt" "$T/rt-new.txt" && echo yes || echo no)"
fi

# ---- the cumulative view of three versions ------------------------------
"$REDLINE" history "$P/sources/three/publication.yaml" > "$T/history.txt"
expect_eq "history exits 0" 0 "$?"
cat > "$T/history.want" <<'EOF'
The first paragraph says [-2: one-] {+2: another+} thing [-3: over two lines-].
[-3: A second paragraph stays.-]
{+2: A third is new+}{+3: , and longer+}{+2: .+}
EOF
expect_file "history tags each change with its version" "$T/history.want" "$T/history.txt"
expect_status "history needs a manifest" 2 "$REDLINE" history

# ---- compare_layout: one-document: one set of outputs, a section each ----
mkdir -p "$P/sources/onedoc"
cp "$P"/sources/three/v*.txt "$P/sources/onedoc/"
sed 's/^title: .*/title: One document/' "$P/sources/three/publication.yaml" > "$P/sources/onedoc/publication.yaml"
echo 'compare_layout: one-document' >> "$P/sources/onedoc/publication.yaml"
OM="$P/sources/onedoc/publication.yaml"
OD="$P/output/onedoc"
expect_status "build one-document" 0 "$REDLINE" build --format "$F" "$OM"
for ext in $(echo "$F" | tr ',' ' '); do
    [ "$ext" = trace ] && continue
    check "one-document: onedoc.$ext written" test -s "$OD/onedoc.$ext"
done
expect_eq "one-document: no per-comparison document" "" \
    "$(ls "$OD" | grep -e '^onedoc-1-2\.[a-z]*$' -e '^onedoc-2-3\.[a-z]*$' | grep -v '\.trace$')"
case ",$F," in *,html,*)
    expect_eq "one-document: the page has a section per comparison" 2 \
        "$(grep -c '<section class="part"' "$OD/onedoc.html")" ;;
esac
case ",$F," in *,tex,*)
    check "one-document: onedoc-body.tex written" test -s "$OD/onedoc-body.tex"
    expect_eq "one-document: the LaTeX body has a \\section per comparison" 2 \
        "$(grep -c '^\\section{' "$OD/onedoc-body.tex")" ;;
esac
case ",$F," in *,trace,*)
    check "one-document: a trace per comparison" test -s "$OD/onedoc-1-2.trace" -a -s "$OD/onedoc-2-3.trace" ;;
esac
# The outputs 'redline deps' and the stamp name are the files written.
"$REDLINE" deps --format "$F" "$OM" |
    sed -n '/^RL_OUTPUTS_onedoc/,/^[^ ]/p' | sed -n 's|^ .*/output/onedoc/\([^ ]*\).*|\1|p' | sort > "$T/od-deps.txt"
ls "$OD" | sort > "$T/od-files.txt"
expect_file "one-document: deps lists exactly the files written" "$T/od-files.txt" "$T/od-deps.txt"
sed -n 's/^output //p' "$OD/.onedoc.stamp" | sort > "$T/od-stamp.txt"
expect_file "one-document: the stamp lists exactly the files written" "$T/od-files.txt" "$T/od-stamp.txt"
"$REDLINE" build --changed --format "$F" "$OM" 2>"$T/od-changed.err"
expect_grep "one-document: --changed finds it up to date" "onedoc: up to date" "$T/od-changed.err"

# Messages of a broken build: a style error and a version error are both
# reported, the style's first; a missing version is reported at the
# manifest line that names it, with or without --changed.
B="$T/broken"
mkdir -p "$B/styles" "$B/sources/br"
cp "$ROOT"/styles/*.yaml "$B/styles/"
printf 'font:\n  size: 10pt\nfont:\n  size: 11pt\n' > "$B/styles/dup.yaml"
printf 'Hello.\n' > "$B/sources/br/a.md"
: > "$B/sources/br/b.md"
printf 'title: T\nstyle: dup\nversions:\n  - {id: a, file: a.md}\n  - {id: b, file: b.md}\n' > "$B/sources/br/publication.yaml"
(cd "$B" && "$REDLINE" build sources/br/publication.yaml) 2>"$T/br.err"
grep ': error: ' "$T/br.err" | cut -d: -f1 > "$T/br-files.txt"
expect_eq "broken build: the style's error, then the version's" "styles/dup.yaml sources/br/b.md" \
    "$(tr '\n' ' ' < "$T/br-files.txt" | sed 's/ $//')"
printf 'title: T\nversions:\n  - {id: a, file: a.md}\n  - {id: b, file: missing.md}\n' > "$B/sources/br/publication.yaml"
for mode in "" --changed; do
    (cd "$B" && "$REDLINE" build $mode sources/br/publication.yaml) 2>"$T/br-missing.err"
    expect_grep "broken build ${mode:-(full)}: a missing version is named where the manifest lists it" \
        "^sources/br/publication.yaml:4:5: error: cannot open 'sources/br/missing.md'" "$T/br-missing.err"
done

# A font that is not installed: each face reported once, whatever the
# number of layouts (PDF and trace here), and nothing written.
printf 'base: default\nfont: {family: "No Such Family"}\n' > "$B/styles/nofont.yaml"
printf 'Hello there.\n' > "$B/sources/br/b.md"
printf 'title: T\nstyle: nofont\nversions:\n  - {id: a, file: a.md}\n  - {id: b, file: b.md}\n' > "$B/sources/br/publication.yaml"
(cd "$B" && "$REDLINE" build --format pdf,trace -o nofont-out sources/br/publication.yaml) 2>"$T/nofont.err"
expect_eq "missing font: exit status" 1 $?
expect_eq "missing font: each face reported once" 4 "$(grep -c "error: font 'No Such Family .*' not found" "$T/nofont.err")"
expect_grep "missing font: the message names the style key" "name its files in font\\.files" "$T/nofont.err"
check "missing font: nothing written" test ! -e "$B/nofont-out"
