# readme.sh - the README's command reference is what the binary prints.
cp "$ROOT/README.md" "$T/README.md"
sh "$ROOT/tools/readme_help.sh" "$REDLINE" "$T/README.md"
if cmp -s "$ROOT/README.md" "$T/README.md"; then ok readme-help; else
    ko readme-help "README.md's command reference is out of date: run 'make readme'"
    diff -u "$ROOT/README.md" "$T/README.md" | head -20 >&2
fi
for c in build diff check edition deps list history; do
    "$REDLINE" help "$c" > "$T/a" 2>&1
    "$REDLINE" "$c" --help > "$T/b" 2>&1
    if cmp -s "$T/a" "$T/b"; then ok "help-$c"; else ko "help-$c" "'redline help $c' and '$c --help' differ"; fi
done
# The quick start is the two commands CI relies on.
expect_grep readme-make '^make$' "$ROOT/README.md"
expect_grep readme-make-check '^make check$' "$ROOT/README.md"
expect_grep ci-runs-make-check 'make check' "$ROOT/.ci/run"
