# load.sh - bad version files through the CLI: `redline diff OLD NEW` must
# exit with status 1 and print the problem as path:line:col first.
# Sourced by tests/run-cli.sh (cwd is a scratch folder $T).

F="$ROOT/tests/fixtures/load"
for f in old.md new.md bad-utf8.md binary.md empty.md bad-yaml.md unterminated.md not-mapping.md; do
    cp "$F/$f" .
done

# load_error NAME FILE WANT: diff FILE against new.md; status 1, first line WANT.
load_error() {
    "$REDLINE" diff "$2" new.md >out.txt 2>err.txt
    rc=$?
    expect_eq "$1: exit status" 1 "$rc"
    expect_eq "$1: message" "$3" "$(head -n 1 err.txt)"
}

load_error missing nope.md "nope.md: error: cannot open 'nope.md': No such file or directory"
mkdir -p adir
load_error directory adir "adir: error: cannot open 'adir': is a directory"
load_error invalid-utf8 bad-utf8.md "bad-utf8.md:4:6: error: invalid UTF-8 (byte 0xFF); save the file as UTF-8"
load_error binary binary.md \
    "binary.md:1:5: error: 'binary.md' looks like a binary file (it contains a NUL byte); give a UTF-8 text file"
load_error empty empty.md "empty.md:4:1: error: 'empty.md' has no text; a version needs at least one paragraph"
load_error bad-yaml bad-yaml.md \
    "bad-yaml.md:3:9: error: YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence at line 2, column 8)"
load_error unterminated unterminated.md \
    "unterminated.md:1:1: error: front matter is not closed; end it with a line '---' (or remove this line)"
load_error not-mapping not-mapping.md \
    "not-mapping.md:2:1: error: front matter must be a mapping of 'key: value' lines"

# An empty plain-text file.
: > blank.txt
load_error empty-txt blank.txt "blank.txt:1:1: error: 'blank.txt' has no text; a version needs at least one paragraph"

# The bad file may also be the new version.
"$REDLINE" diff old.md bad-utf8.md >out.txt 2>err.txt
expect_eq "bad new: exit status" 1 "$?"
expect_eq "bad new: message" "bad-utf8.md:4:6: error: invalid UTF-8 (byte 0xFF); save the file as UTF-8" \
    "$(head -n 1 err.txt)"

# An unreadable file (root can read anything, so only as another user).
if [ "$(id -u)" != 0 ]; then
    cp old.md secret.md
    chmod 000 secret.md
    load_error unreadable secret.md "secret.md: error: cannot open 'secret.md': Permission denied"
fi

# Markdown redline does not keep is a warning, not an error: the diff runs.
printf 'Old text with ![a picture](p.png) in it.\n' > image.md
"$REDLINE" diff image.md new.md >out.txt 2>err.txt
expect_eq "image: exit status" 0 "$?"
expect_eq "image: warning" \
    "image.md:1:15: warning: images are not kept in a version; only the image's description is kept as text" \
    "$(head -n 1 err.txt)"

# Good inputs load without any message.
"$REDLINE" diff old.md new.md >out.txt 2>err.txt
expect_eq "good: exit status" 0 "$?"
expect_eq "good: no messages" "" "$(cat err.txt)"
"$REDLINE" diff "$ROOT/sources/icoc/A-66-359.md" "$ROOT/sources/icoc/A-69-723.md" >out.txt 2>err.txt
expect_eq "icoc: exit status" 0 "$?"
expect_eq "icoc: no messages" "" "$(cat err.txt)"
