#!/bin/sh
# readability.sh - how many separate changes (hunks) and how many changed
# words each tool shows for real revisions written by others: the GNU
# licenses in /usr/share/common-licenses.  A hunk is a maximal group of
# [-deleted-] / {+inserted+} markers separated only by white space; a changed
# word is a white-space separated word inside a marker.  All three tools
# print the same marker syntax (wdiff, git --word-diff=plain, redline text).
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
REDLINE=${REDLINE:-$ROOT/build/redline}
L=/usr/share/common-licenses
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

count() {
    # stdin: marked-up text; prints "hunks deleted_words inserted_words"
    perl -0777 -ne '
        my ($h, $d, $i) = (0, 0, 0);
        my $in = 0;
        while (/\G(?:(\[-(.*?)-\])|(\{\+(.*?)\+\})|(\s+)|([^\[\{\s]+|[\[\{]))/gsc) {
            if (defined $1) { $d += () = $2 =~ /\S+/g; $h++ unless $in; $in = 1; }
            elsif (defined $3) { $i += () = $4 =~ /\S+/g; $h++ unless $in; $in = 1; }
            elsif (defined $5) { }
            else { $in = 0; }
        }
        print "$h $d $i\n";'
}

echo "== readability: real revisions (hunks = separate changes; words = changed words deleted+inserted)"
printf '%-22s | %-16s | %-16s | %-16s | %-16s\n' pair "redline" "redline raw" "wdiff" "git word-diff"
for pair in GFDL-1.2:GFDL-1.3 LGPL-2:LGPL-2.1 GPL-2:GPL-3; do
    o=${pair%%:*} n=${pair##*:}
    [ -f "$L/$o" ] && [ -f "$L/$n" ] || { echo "$pair: not installed"; continue; }
    cp "$L/$o" "$T/old.txt"
    cp "$L/$n" "$T/new.txt"
    set -- $("$REDLINE" diff --no-moves "$T/old.txt" "$T/new.txt" | count)
    r="$1 / $(($2 + $3))"
    set -- $("$REDLINE" diff --no-moves --no-cleanup "$T/old.txt" "$T/new.txt" | count)
    rr="$1 / $(($2 + $3))"
    set -- $(wdiff "$T/old.txt" "$T/new.txt" | count)
    w="$1 / $(($2 + $3))"
    set -- $(git diff --no-index --word-diff=plain "$T/old.txt" "$T/new.txt" | sed '1,/^@@/d' | grep -v '^@@' | count)
    g="$1 / $(($2 + $3))"
    printf '%-22s | %-16s | %-16s | %-16s | %-16s\n' "$o -> $n" "$r" "$rr" "$w" "$g"
done
echo "(cells: hunks / changed words; moves off so that every tool counts moved text as deleted+inserted)"
