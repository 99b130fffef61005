# diff.sh - 'redline diff': golden outputs in three formats, options,
# exit statuses, and JSON validity.
G=$ROOT/tests/golden/diff

for case in basic labels unicode; do
    "$REDLINE" diff "$G/$case/old.md" "$G/$case/new.md" >out.txt 2>err.txt
    expect_eq "diff $case text exit" 0 $?
    expect_file "diff $case text" "$G/$case/expected.txt" out.txt
    "$REDLINE" diff --format=critic "$G/$case/old.md" "$G/$case/new.md" >out.critic
    expect_file "diff $case critic" "$G/$case/expected.critic" out.critic
    "$REDLINE" diff --format=json "$G/$case/old.md" "$G/$case/new.md" >out.json
    expect_file "diff $case json" "$G/$case/expected.json" out.json
    if need jq jq; then
        check "diff $case json is valid" jq -e . out.json
    fi
    # the same input twice gives the same bytes
    "$REDLINE" diff --format=json "$G/$case/old.md" "$G/$case/new.md" >again.json
    check "diff $case deterministic" cmp -s out.json again.json
done

# Curly/straight quotes and runs of white space compare equal.
printf 'The State\342\200\231s \342\200\234right\342\200\235   here.\n' >q1.md
printf 'The State'"'"'s "right" here.\n' >q2.md
"$REDLINE" diff --stat q1.md q2.md >stat.txt
expect_grep "quotes and spaces are equal" "hunks:  0" stat.txt

# --ignore-case
printf 'The Charter of the United Nations.\n' >c1.md
printf 'the charter of the united nations.\n' >c2.md
"$REDLINE" diff --stat c1.md c2.md >stat.txt
expect_grep "case differences count" "hunks:  1" stat.txt
"$REDLINE" diff --stat --ignore-case c1.md c2.md >stat.txt
expect_grep "--ignore-case" "hunks:  0" stat.txt
printf 'One; two: three.\n' >p1.md
printf 'One, two; three!\n' >p2.md
"$REDLINE" diff --stat --ignore-punctuation p1.md p2.md >stat.txt
expect_grep "--ignore-punctuation" "hunks:  0" stat.txt

# --stat on the basic case
"$REDLINE" diff --stat "$G/basic/old.md" "$G/basic/new.md" >stat.txt
expect_grep "stat moved" "1 moved, 0 labels changed" stat.txt

# colour only when asked (stdout is not a terminal here)
"$REDLINE" diff --color=always "$G/basic/old.md" "$G/basic/new.md" >color.txt
expect_grep "--color=always uses ANSI" "$(printf '\033')\[31;9m" color.txt
"$REDLINE" diff "$G/basic/old.md" "$G/basic/new.md" >plain.txt
if grep -q "$(printf '\033')" plain.txt; then ko "no colour when piped"; else ok "no colour when piped"; fi

# histogram gives a valid diff too
"$REDLINE" diff --algorithm=histogram --format=json "$G/labels/old.md" "$G/labels/new.md" >h.json
expect_grep "histogram" '"status": "changed"' h.json

# exit statuses: usage 2, input errors 1
expect_status "no arguments" 2 "$REDLINE" diff
expect_status "unknown format" 2 "$REDLINE" diff --format=pdf q1.md q2.md
expect_status "unknown option" 2 "$REDLINE" diff --frobnicate q1.md q2.md
expect_status "unknown algorithm" 2 "$REDLINE" diff --algorithm=patience q1.md q2.md
expect_status "three files" 2 "$REDLINE" diff q1.md q2.md c1.md
expect_status "--from with two files" 2 "$REDLINE" diff --from 2011 q1.md q2.md
expect_status "missing file" 1 "$REDLINE" diff q1.md does-not-exist.md
"$REDLINE" diff q1.md does-not-exist.md 2>err.txt
expect_grep "missing file is named" "does-not-exist.md" err.txt
printf 'bad \377 byte\n' >bad.md
expect_status "invalid UTF-8" 1 "$REDLINE" diff q1.md bad.md
expect_status "help" 0 "$REDLINE" diff --help

# A change at a block's edge beside a repeated word keeps every word:
# "Yes" -> "Yes, I said Yes" once printed "{+Yes, I said+}", the unchanged
# "Yes" gone from both sides (the cleanup slid the insertion over it and
# gave the freed word to no run).  Accepting every change (drop [-...-],
# unwrap {+...+}) must give the new text, rejecting every change the old.
accept_all() { sed -e 's/\[-[^]]*-\]//g' -e 's/{+\([^}]*\)+}/\1/g' -e 's/  */ /g' -e 's/^ //' -e 's/ $//' "$1"; }
reject_all() { sed -e 's/{+[^}]*+}//g' -e 's/\[-\([^]]*\)-\]/\1/g' -e 's/  */ /g' -e 's/^ //' -e 's/ $//' "$1"; }
printf 'Yes\n' >yes1.md
printf 'Yes, I said Yes\n' >yes2.md
"$REDLINE" diff yes1.md yes2.md >yes.txt
expect_eq "edge slide: exact output" '{+Yes, I said+} Yes' "$(cat yes.txt)"
expect_eq "edge slide: accepting gives the new text" 'Yes, I said Yes' "$(accept_all yes.txt)"
expect_eq "edge slide: rejecting gives the old text" 'Yes' "$(reject_all yes.txt)"
"$REDLINE" diff yes2.md yes1.md >yes-rev.txt
expect_eq "edge slide reversed: exact output" '[-Yes, I said-] Yes' "$(cat yes-rev.txt)"
expect_eq "edge slide reversed: accepting gives the new text" 'Yes' "$(accept_all yes-rev.txt)"
expect_eq "edge slide reversed: rejecting gives the old text" 'Yes, I said Yes' "$(reject_all yes-rev.txt)"
# the plain minimal diff keeps the first "Yes"
"$REDLINE" diff --no-cleanup yes1.md yes2.md >yes-raw.txt
expect_eq "edge slide --no-cleanup" 'Yes{+, I said Yes+}' "$(cat yes-raw.txt)"
# --stat counts what is shown: 3 words inserted, "Yes" kept; the cleanup
# passed its checks, so no block fell back to the plain diff
"$REDLINE" diff --stat yes1.md yes2.md >yes-stat.txt
expect_grep "edge slide --stat words" "^words:  3 inserted, 0 deleted, 0 moved (old 1, new 4)" yes-stat.txt
if grep -q '^cleanup:' yes-stat.txt; then ko "edge slide --stat: no cleanup fallback" "$(cat yes-stat.txt)"; else ok "edge slide --stat: no cleanup fallback"; fi
if need jq jq; then
    # the words of the equal runs are the unchanged words: inserted plus
    # unchanged must be the new version's words, deleted plus unchanged the old's
    unchanged='[.blocks[].runs[] | select(.op == "equal") | .text | [scan("[[:alnum:]]+")] | length] | add // 0'
    for pair in "yes1.md yes2.md" "yes2.md yes1.md"; do
        # shellcheck disable=SC2086
        "$REDLINE" diff --format json $pair >yes.json
        check "edge slide json ($pair): inserted + unchanged = new words" \
            jq -e "($unchanged) as \$u | .stats.words_inserted + \$u == .stats.words_new" yes.json
        check "edge slide json ($pair): deleted + unchanged = old words" \
            jq -e "($unchanged) as \$u | .stats.words_deleted + \$u == .stats.words_old" yes.json
    done
    "$REDLINE" diff --format json yes1.md yes2.md >yes.json
    check "edge slide json: 4 new words, 3 inserted" jq -e '.stats.words_new == 4 and .stats.words_inserted == 3' yes.json
fi
