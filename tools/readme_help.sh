#!/bin/sh
# readme_help.sh REDLINE README - rewrite README's command reference (the
# lines between "<!-- BEGIN HELP -->" and "<!-- END HELP -->") from the help
# texts the binary prints, so the two never disagree.  Run by `make readme`;
# tests/cli/readme.sh fails when the README is out of date.
set -eu
bin=$1 readme=$2
tmp=$(mktemp)
{
    sed -n '1,/^<!-- BEGIN HELP -->$/p' "$readme"
    echo
    echo '```'
    "$bin" --help
    echo '```'
    for c in build diff check edition deps list history; do
        echo
        echo "### redline $c"
        echo
        echo '```'
        "$bin" "$c" --help
        echo '```'
    done
    echo
    sed -n '/^<!-- END HELP -->$/,$p' "$readme"
} > "$tmp"
mv "$tmp" "$readme"
