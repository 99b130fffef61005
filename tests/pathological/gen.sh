#!/bin/sh
# gen.sh - write one generated worst case for redline into a folder.
#
#   sh tests/pathological/gen.sh CASE DIR [N]
#
# Cases (N scales each; the default is the size the tests use):
#   unrelated   old.txt / new.txt: N words each, no word in common (Myers'
#               worst case: D = N + M)                            N=20000
#   interleaved old.txt / new.txt: one paragraph of N word pairs "aI the"
#               / "bI the": half the words shared, every other one
#               changed, so the blocks pair and the word diff has D = N N=20000
#   paragraph   old.txt / new.txt: one paragraph of N words; new changes
#               every 1000th word                                  N=10000
#   quotes      deep.md: N nested block quotes around one word     N=50000
#   longword    old.txt / new.txt: one word of N characters, new changes
#               its last character                                 N=100000
#   blocks      old.md / new.md: N one-word paragraphs; new drops every
#               10th and moves the first 100 to the end            N=5000
#   notes       p.md and notes.yaml: N notes anchored on one paragraph N=1000
#   yamldeep    deep.yaml: N nested flow sequences                 N=10000
#   laughs      laughs.yaml: "billion laughs" aliases, N levels of 10 N=9
#   longline    long.txt: one line of N words, then an invalid UTF-8 byte
#                                                                  N=200000
# Everything is written with awk, deterministically (no randomness).
set -eu
case_=$1 dir=$2 n=${3:-}
mkdir -p "$dir"
cd "$dir"
case $case_ in
unrelated)
    awk -v n="${n:-20000}" 'BEGIN { for (i = 0; i < n; i++) printf "a%d%s", i, (i % 12 == 11 ? "\n" : " "); print "" }' > old.txt
    awk -v n="${n:-20000}" 'BEGIN { for (i = 0; i < n; i++) printf "b%d%s", i, (i % 12 == 11 ? "\n" : " "); print "" }' > new.txt
    ;;
interleaved)
    awk -v n="${n:-20000}" 'BEGIN { for (i = 0; i < n; i++) printf "a%d the%s", i, (i % 6 == 5 ? "\n" : " "); print "" }' > old.txt
    awk -v n="${n:-20000}" 'BEGIN { for (i = 0; i < n; i++) printf "b%d the%s", i, (i % 6 == 5 ? "\n" : " "); print "" }' > new.txt
    ;;
paragraph)
    awk -v n="${n:-10000}" 'BEGIN { for (i = 0; i < n; i++) printf "word%d%s", i, (i % 12 == 11 ? "\n" : " "); print "" }' > old.txt
    awk -v n="${n:-10000}" 'BEGIN { for (i = 0; i < n; i++) printf "%s%d%s", (i % 1000 == 500 ? "changed" : "word"), i, (i % 12 == 11 ? "\n" : " "); print "" }' > new.txt
    ;;
quotes)
    awk -v n="${n:-50000}" 'BEGIN { for (i = 0; i < n; i++) printf "> "; print "deep" }' > deep.md
    ;;
longword)
    awk -v n="${n:-100000}" 'BEGIN { printf "before "; for (i = 0; i < n - 1; i++) printf "x"; print "a after" }' > old.txt
    awk -v n="${n:-100000}" 'BEGIN { printf "before "; for (i = 0; i < n - 1; i++) printf "x"; print "b after" }' > new.txt
    ;;
blocks)
    awk -v n="${n:-5000}" 'BEGIN { for (i = 0; i < n; i++) printf "p%d.\n\n", i }' > old.md
    awk -v n="${n:-5000}" 'BEGIN {
        for (i = 100; i < n; i++) if (i % 10 != 5) printf "p%d.\n\n", i
        for (i = 0; i < 100; i++) if (i % 10 != 5) printf "p%d.\n\n", i }' > new.md
    ;;
notes)
    printf '# Notes\n\nThe one paragraph that every note is about, with enough words to anchor many notes on it.\n' > p.md
    awk -v n="${n:-1000}" 'BEGIN {
        print "notes:"
        for (i = 1; i <= n; i++) {
            printf "  - id: n%d\n    anchor: {version: \"2\", quote: \"%s\"}\n    body: Note number %d.\n", i, (i % 2 ? "every note" : "anchor many notes"), i
        } }' > notes.yaml
    ;;
yamldeep)
    awk -v n="${n:-10000}" 'BEGIN { printf "title: "; for (i = 0; i < n; i++) printf "["; for (i = 0; i < n; i++) printf "]"; print "" }' > deep.yaml
    ;;
laughs)
    awk -v n="${n:-9}" 'BEGIN {
        print "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"
        for (i = 1; i <= n; i++) {
            printf "a%d: &a%d [", i, i
            for (k = 0; k < 10; k++) printf "%s*a%d", (k ? ", " : ""), i - 1
            print "]"
        }
        printf "title: *a%d\nauthors: *a%d\nversions: *a%d\nnotes: *a%d\n", n, n, n, n }' > laughs.yaml
    ;;
longline)
    awk -v n="${n:-200000}" 'BEGIN { for (i = 0; i < n; i++) printf "w%d ", i; printf "bad\377byte\n" }' > long.txt
    ;;
*)
    echo "gen.sh: unknown case '$case_'" >&2
    exit 2
    ;;
esac
