# readme.sh - the README's command reference is what the binary prints.
cp "$ROOT/README.md" "$T/README.md"
sh "$ROOT/tools/readme_help.sh" "$REDLINE" "$T/README.md" 2>"$T/readme_help.err"
rc=$?
# When it fails (set -e) it leaves the copy as it was, and the comparison
# below would pass without having compared anything.
if [ $rc = 0 ]; then ok readme-help-runs; else
    ko readme-help-runs "tools/readme_help.sh: exit status $rc: $(head -3 "$T/readme_help.err")"; fi
if cmp -s "$ROOT/README.md" "$T/README.md"; then ok readme-help; else
    ko readme-help "README.md's command reference is out of date: run 'make readme'"
    diff -u "$ROOT/README.md" "$T/README.md" | head -20 >&2
fi
for c in build diff check edition deps list history; do
    "$REDLINE" help "$c" > "$T/a" 2>&1
    "$REDLINE" "$c" --help > "$T/b" 2>&1
    # Two failing commands could print the same nothing: the text must be
    # the command's usage.
    if ! grep -q "^usage: redline $c" "$T/a"; then ko "help-$c" "'redline help $c' prints no usage"
    elif cmp -s "$T/a" "$T/b"; then ok "help-$c"; else ko "help-$c" "'redline help $c' and '$c --help' differ"; fi
done
# The quick start is the two commands CI relies on.
expect_grep readme-make '^make$' "$ROOT/README.md"
expect_grep readme-make-check '^make check$' "$ROOT/README.md"
expect_grep ci-runs-make-check 'make check' "$ROOT/.ci/run"
