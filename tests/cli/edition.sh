# edition.sh - edition ids (what they cover, domain separation, the date
# rules) and reproducible builds: the same inputs in two folders, at two
# times, in two time zones and locales give byte-identical outputs, for
# every format whose emitter is implemented.

mkpub() {   # mkpub DIR: a project with one publication, "ed"
    mkdir -p "$1/sources/ed" "$1/annotations" "$1/styles"
    cp "$ROOT"/styles/*.yaml "$1/styles/"
    cat > "$1/sources/ed/publication.yaml" <<'YAML'
title: Edition test
authors: [Tester]
edition: {number: 3, date: 2025-06-30}
versions:
  - {id: old, file: old.md}
  - {id: new, file: new.md}
annotations: [ed.yaml]
YAML
    printf '# Title\n\nOne\n\nTwo three four, with *emphasis* and `code`.\n' > "$1/sources/ed/old.md"
    printf '# Title\n\nOne and more\n\nTwo three five, with **strong** and `code`.\n' > "$1/sources/ed/new.md"
    cat > "$1/annotations/ed.yaml" <<'YAML'
notes:
  - id: more
    anchor: {version: new, quote: "and more"}
    body: Added *here*.
YAML
}

mkpub "$T/a"
M="$T/a/sources/ed/publication.yaml"

# ---- the id and its inputs ----------------------------------------------
ID=$("$REDLINE" edition --id "$M")
expect_eq "edition id is 12 hex digits" yes "$(echo "$ID" | grep -qx '[0-9a-f]\{12\}' && echo yes)"
"$REDLINE" edition "$M" > "$T/edition.txt"
expect_grep "edition lists the id" "ed edition $ID" "$T/edition.txt"
expect_grep "edition lists the manifest, relative" " sources/ed/publication.yaml$" "$T/edition.txt"
expect_grep "edition lists a version" " sources/ed/new.md$" "$T/edition.txt"
expect_grep "edition lists the notes" " annotations/ed.yaml$" "$T/edition.txt"
expect_grep "edition lists the style" " styles/default.yaml$" "$T/edition.txt"
expect_grep "edition lists redline's version" "redline [0-9]" "$T/edition.txt"
expect_grep "edition gives per-input hashes" "$(sha256sum < "$T/a/sources/ed/new.md" | cut -c1-64)" "$T/edition.txt"
expect_eq "no machine paths in the edition listing" "" "$(grep -F "$T" "$T/edition.txt")"

cp -R "$T/a" "$T/b"
expect_eq "same inputs elsewhere, same id" "$ID" "$("$REDLINE" edition --id "$T/b/sources/ed/publication.yaml")"
printf ' ' >> "$T/b/sources/ed/new.md"
expect_status "one more byte still loads" 0 "$REDLINE" edition --id "$T/b/sources/ed/publication.yaml"
NEW=$("$REDLINE" edition --id "$T/b/sources/ed/publication.yaml")
[ "$NEW" != "$ID" ] && ok "one byte more, another id" || ko "one byte more, another id" "$NEW"
expect_eq "the style changes the id" no \
    "$([ "$("$REDLINE" edition --id --style letter "$M")" = "$ID" ] && echo yes || echo no)"

# Moving bytes from one input to the next must change the id: framing.
mkdir -p "$T/s1/sources/x" "$T/s2/sources/x" "$T/s1/styles" "$T/s2/styles"
for d in s1 s2; do
    cp "$ROOT/styles/default.yaml" "$T/$d/styles/"
    printf 'title: Split\nedition: {date: 2020-01-01}\nversions:\n  - {id: a, file: a.txt}\n  - {id: b, file: b.txt}\n' \
        > "$T/$d/sources/x/publication.yaml"
done
printf 'one\n' > "$T/s1/sources/x/a.txt"; printf 'two\nthree\n' > "$T/s1/sources/x/b.txt"
printf 'one\ntwo\n' > "$T/s2/sources/x/a.txt"; printf 'three\n' > "$T/s2/sources/x/b.txt"
I1=$("$REDLINE" edition --id "$T/s1/sources/x/publication.yaml")
I2=$("$REDLINE" edition --id "$T/s2/sources/x/publication.yaml")
[ -n "$I1" ] && [ "$I1" != "$I2" ] && ok "inputs are framed" || ko "inputs are framed" "$I1 = $I2"

# ---- the date: manifest, else SOURCE_DATE_EPOCH, else 1970-01-01 ---------
sed '/^edition:/d' "$T/s1/sources/x/publication.yaml" > "$T/nodate.yaml"
cp "$T/nodate.yaml" "$T/s1/sources/x/publication.yaml"
"$REDLINE" edition "$T/s1/sources/x/publication.yaml" > "$T/d0.txt"
expect_grep "no date: 1970-01-01" "^date    1970-01-01 (default)" "$T/d0.txt"
SOURCE_DATE_EPOCH=1700000000 "$REDLINE" edition "$T/s1/sources/x/publication.yaml" > "$T/d1.txt"
expect_grep "SOURCE_DATE_EPOCH gives the date (UTC)" "^date    2023-11-14 (SOURCE_DATE_EPOCH)" "$T/d1.txt"
TZ=Pacific/Kiritimati SOURCE_DATE_EPOCH=1700000000 "$REDLINE" edition "$T/s1/sources/x/publication.yaml" > "$T/d2.txt"
expect_eq "the date ignores TZ" "$(head -2 "$T/d1.txt")" "$(head -2 "$T/d2.txt")"
expect_status "a bad SOURCE_DATE_EPOCH is an error" 1 env SOURCE_DATE_EPOCH=yesterday "$REDLINE" edition "$T/s1/sources/x/publication.yaml"
"$REDLINE" edition "$M" > "$T/d3.txt"
SOURCE_DATE_EPOCH=1700000000 "$REDLINE" edition "$M" > "$T/d4.txt"
expect_eq "the manifest's date wins over SOURCE_DATE_EPOCH" "$(cat "$T/d3.txt")" "$(cat "$T/d4.txt")"

# ---- reproducible outputs -----------------------------------------------
formats=""
for f in pdf tex html trace; do
    if "$REDLINE" build --format "$f" -o "$T/probe-$f" "$M" 2>"$T/probe-$f.err" ||
        ! grep -q "not implemented" "$T/probe-$f.err"; then
        formats="$formats${formats:+,}$f"
    fi
done
formats=${formats:-html}
mkdir -p "$T/one" "$T/two/deeper"
cp -R "$T/a" "$T/one/proj"
cp -R "$T/a" "$T/two/deeper/proj"
(cd "$T/one/proj" && TZ=Asia/Tokyo LC_ALL=C.UTF-8 "$REDLINE" build --format "$formats" sources/ed/publication.yaml) 2>"$T/one.err"
expect_eq "first build" 0 "$?"
sleep 1
(cd "$T" && TZ=America/New_York LC_ALL=POSIX LANG=C "$REDLINE" build --format "$formats" -j 2 \
    "$T/two/deeper/proj/sources/ed/publication.yaml") 2>"$T/two.err"
expect_eq "second build (other folder, time, zone, locale)" 0 "$?"
n=0
for f in "$T/one/proj/output/ed"/*; do
    n=$((n + 1))
    b=$(basename "$f")
    if cmp -s "$f" "$T/two/deeper/proj/output/ed/$b"; then ok "reproducible: $b"; else ko "reproducible: $b" "outputs differ"; fi
done
[ "$n" -ge 3 ] && ok "several outputs compared" || ko "several outputs compared" "only $n"
case ",$formats," in *,tex,*) expect_grep "edition id in the LaTeX" "$ID" "$T/one/proj/output/ed/ed.tex" ;; esac
case ",$formats," in *,pdf,*)
    if need poppler-utils pdftotext; then
        pdftotext "$T/one/proj/output/ed/ed.pdf" "$T/ed.txt"
        expect_grep "edition id in the PDF" "$ID" "$T/ed.txt"
    fi ;;
esac
expect_eq "no machine path in any output" "" "$(grep -rl -F "$T" "$T/one/proj/output" 2>/dev/null)"
