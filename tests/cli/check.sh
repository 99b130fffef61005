# check.sh - `redline check`: the ICoC publication anchors every note exactly,
# and each broken annotation file of tests/diag/annot/ gives exactly the
# expected diagnostics (file:line:col, source line, caret) and exit status.

# ---- the ICoC commentary: every note anchors exactly --------------------
(cd "$ROOT" && "$REDLINE" check sources/icoc/publication.yaml) > icoc.out 2>&1
expect_eq "icoc: exit status 0" 0 $?
if grep -q ": warning: \|: error: " icoc.out; then ko "icoc: no warning or error" "$(head -20 icoc.out)"; else ok "icoc: no warning"; fi
expect_grep "icoc: all notes and the comparison were checked" \
    "^sources/icoc/publication.yaml: [0-9][0-9]* notes, 1 comparison; 0 errors, 0 warnings$" icoc.out
n=$(sed -n 's/^sources\/icoc\/publication.yaml: \([0-9]*\) notes.*/\1/p' icoc.out)
if [ "${n:-0}" -ge 15 ]; then ok "icoc: at least 15 notes"; else ko "icoc: at least 15 notes" "got ${n:-none}"; fi
# Notes anchor on deleted (2011) as well as new or unchanged (2015) text.
expect_grep "icoc: notes on 2011 text" 'version: "2011"' "$ROOT/annotations/icoc.yaml"
expect_grep "icoc: notes on 2015 text" 'version: "2015"' "$ROOT/annotations/icoc.yaml"

# The annotation file alone (no manifest: keys, types and bodies only).
(cd "$ROOT" && "$REDLINE" check annotations/icoc.yaml) > alone.out 2>&1
expect_eq "annotation file alone: exit status 0" 0 $?
expect_grep "annotation file alone: summary" "^annotations/icoc.yaml: [0-9]* notes; 0 errors, 0 warnings$" alone.out

# ---- the catalogue of broken annotation files ---------------------------
# Each case CASE.yaml is checked as the only annotation file of the fixture
# publication; CASE.out holds the exact output and exit status.
D="$ROOT/tests/diag/annot"
mkdir -p proj/sources/t proj/annotations proj/styles
cp "$ROOT/styles/default.yaml" proj/styles/
cp "$D/fixture/old.md" "$D/fixture/new.md" proj/sources/t/
for f in "$D"/*.yaml; do
    c=$(basename "$f" .yaml)
    cp "$f" "proj/annotations/$c.yaml"
    { cat "$D/fixture/publication.yaml"; echo "annotations: [$c.yaml]"; } > proj/sources/t/publication.yaml
    (cd proj && "$REDLINE" check sources/t/publication.yaml > ../got 2>&1; echo "exit status $?" >> ../got)
    expect_file "diag annot/$c" "$D/$c.out" got
done

# The threshold decides between a warning and an error.
cp "$D/fuzzy-accepted.yaml" proj/annotations/fuzzy-accepted.yaml
{ cat "$D/fixture/publication.yaml"; echo "annotations: [fuzzy-accepted.yaml]"; } > proj/sources/t/publication.yaml
(cd proj && "$REDLINE" check --threshold 0.95 sources/t/publication.yaml) > strict.out 2>&1
expect_eq "--threshold 0.95 turns the fuzzy anchor into an error" 1 $?
expect_grep "--threshold: message names the threshold" "below the threshold 0.95" strict.out
(cd proj && "$REDLINE" check --threshold=0.5 sources/t/publication.yaml) > lax.out 2>&1
expect_eq "--threshold=0.5 accepts it" 0 $?
expect_grep "--threshold=0.5: still a warning" "warning: quote" lax.out
# The manifest's anchor_threshold sets it for check, diff and build alike;
# --threshold still wins.
{ cat "$D/fixture/publication.yaml"; echo "annotations: [fuzzy-accepted.yaml]"; echo "anchor_threshold: 0.95"; } > proj/sources/t/publication.yaml
(cd proj && "$REDLINE" check sources/t/publication.yaml) > mstrict.out 2>&1
expect_eq "anchor_threshold 0.95 in the manifest turns it into an error" 1 $?
expect_grep "anchor_threshold: message names the threshold" "below the threshold 0.95" mstrict.out
(cd proj && "$REDLINE" diff sources/t/publication.yaml) > mdiff.out 2>&1
expect_eq "diff honours anchor_threshold" 1 $?
(cd proj && "$REDLINE" build --format html -o out sources/t/publication.yaml) > mbuild.out 2>&1
expect_eq "build honours anchor_threshold" 1 $?
(cd proj && "$REDLINE" check --threshold 0.5 sources/t/publication.yaml) > mlax.out 2>&1
expect_eq "--threshold overrides anchor_threshold" 0 $?

# Usage errors and help.
expect_status "no file is a usage error" 2 "$REDLINE" check
expect_status "--threshold out of range" 2 "$REDLINE" check --threshold 1.5 x.yaml
expect_status "unknown option" 2 "$REDLINE" check --frobnicate x.yaml
"$REDLINE" check --help > help.out 2>&1
expect_grep "help names the command" "^usage: redline check" help.out
expect_grep "help documents --threshold" "--threshold X" help.out
