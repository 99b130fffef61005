#!/bin/sh
# coverage.sh OBJDIR MIN - line coverage of tools/*.c from gcov data.
#
# OBJDIR holds the objects built with --coverage and the .gcda files the
# corpus replays wrote.  Prints each file's executed lines, then the total
# over tools/ outside the command line (cli.c, cmd_*.c: they parse argv
# and print, and the CLI harness covers them on its own), and fails if
# that total is below MIN percent.
set -eu
obj=$1 min=$2
tab=$(mktemp)
trap 'rm -f "$tab"' EXIT
for gcno in "$obj"/*.gcno; do
    name=$(basename "$gcno" .gcno)
    src=tools/$name.c
    [ -f "$src" ] || continue
    # "Lines executed:87.50% of 16" (0% when the file never ran)
    line=$(gcov -n -o "$obj" "$src" 2>/dev/null | grep -A1 "^File '$src'" | sed -n 's/^Lines executed:\([0-9.]*\)% of \([0-9]*\)/\1 \2/p')
    [ -n "$line" ] || line="0 0"
    echo "$name $line" >>"$tab"
done
awk -v min="$min" '
{
    pct = $2; n = $3; hit = int(pct * n / 100 + 0.5)
    cli = ($1 == "cli" || $1 ~ /^cmd_/)
    printf "%-18s %5d/%-5d %6.1f%%%s\n", $1, hit, n, pct, cli ? "  (cli)" : ""
    if (cli) { chit += hit; cn += n } else { thit += hit; tn += n }
}
END {
    if (tn == 0) { print "coverage: no data"; exit 1 }
    t = 100 * thit / tn
    printf "coverage: %.1f%% of %d lines in tools/ outside the CLI (CLI: %.1f%% of %d)\n", t, tn, cn ? 100 * chit / cn : 0, cn
    if (t < min) { printf "coverage: below %s%%\n", min; exit 1 }
}' "$tab"
