# lib.sh - sourced by every tests/cli/*.sh script.
#
# Each script gets $REDLINE (the binary), $ROOT (the checkout), $T (a fresh
# scratch folder) and these assertions; each assertion counts one test.
#   ok NAME                     record a pass
#   ko NAME [DETAIL]            record a failure
#   check NAME CMD...           pass if CMD succeeds
#   expect_eq NAME WANT GOT     pass if the strings are equal
#   expect_file NAME GOLDEN GOT compare a file with a golden file (unified
#                               diff on failure; RL_GOLDEN_UPDATE=1 rewrites it)
#   expect_grep NAME PATTERN FILE    pass if FILE has a line matching PATTERN
#                               (an empty PATTERN matches anything: it fails)
#   expect_no_grep NAME PATTERN FILE pass if FILE exists and no line matches
#   expect_status NAME WANT CMD...   run CMD, compare its exit status
# and these guards, so that a check never passes by not running:
#   need PACKAGE TOOL...        true if every TOOL is installed; a missing
#                               one fails (once per script), naming PACKAGE
#   asan_skip WHAT              under RL_ASAN=1 print that WHAT is skipped
#                               and return 0; otherwise return 1
ok() { echo "pass" >> "$RL_RESULTS"; }
ko() {
    echo "fail" >> "$RL_RESULTS"
    echo "FAIL: $RL_SCRIPT: $1${2:+: $2}" >&2
}
check() {
    name=$1; shift
    if "$@" >/dev/null 2>&1; then ok "$name"; else ko "$name" "command failed: $*"; fi
}
expect_eq() {
    if [ "$2" = "$3" ]; then ok "$1"; else ko "$1" "expected [$2], got [$3]"; fi
}
expect_file() {
    if [ -n "${RL_GOLDEN_UPDATE:-}" ]; then
        mkdir -p "$(dirname "$2")"
        cp "$3" "$2"
        ok "$1"
        return
    fi
    if [ ! -f "$2" ]; then ko "$1" "golden file $2 is missing (run make golden-update and review it)"; return; fi
    if cmp -s "$2" "$3"; then ok "$1"; else
        ko "$1" "differs from $2"
        diff -u "$2" "$3" | head -40 >&2
    fi
}
expect_grep() {
    if [ -z "$2" ]; then ko "$1" "empty pattern (it would match any file)"; return; fi
    if grep -q -- "$2" "$3"; then ok "$1"; else ko "$1" "no match for [$2] in $3"; fi
}
# grep exits 1 for "no match" and 2 for a missing or unreadable file: only
# 1 passes, so that a file that was never written cannot pass.
expect_no_grep() {
    grep -q -- "$2" "$3" 2>/dev/null
    case $? in
    1) ok "$1" ;;
    0) ko "$1" "$(grep -- "$2" "$3" | head -3)" ;;
    *) ko "$1" "cannot read $3" ;;
    esac
}
expect_status() {
    name=$1 want=$2; shift 2
    "$@" >/dev/null 2>&1
    got=$?
    if [ "$got" = "$want" ]; then ok "$name"; else ko "$name" "exit status $got, expected $want: $*"; fi
}

# A tool the tests need is a dependency like any other (tools/deps.sh check
# installs it): missing, it fails the run instead of skipping checks unseen.
# Each missing tool is reported once per script (scripts run in their own
# subshell, so RL_NEED_MISSING starts empty in each).
need() {
    _need_pkg=$1
    shift
    _need_rc=0
    for _need_t in "$@"; do
        command -v "$_need_t" >/dev/null 2>&1 && continue
        _need_rc=1
        case " ${RL_NEED_MISSING:-} " in *" $_need_t "*) continue ;; esac
        RL_NEED_MISSING="${RL_NEED_MISSING:-} $_need_t"
        ko "needs $_need_t" "$_need_t missing (apt-get install $_need_pkg; make check installs it)"
    done
    return $_need_rc
}

# RL_ASAN=1 runs may skip slow checks that do not exercise redline's own
# code (tests/run-cli.sh); the skip is printed, so that it is never silent.
asan_skip() {
    [ -n "${RL_ASAN:-}" ] || return 1
    echo "$RL_SCRIPT: RL_ASAN=1: skipped $1" >&2
    return 0
}

# ---- HTML pages and the built-in assets -------------------------------------
# Pages embed the built-in stylesheets and scripts verbatim, and hash them
# into their Content-Security-Policy.  Golden pages hold placeholders
# instead, so that editing an asset does not rewrite every golden file;
# expect_html_assets checks the real bytes, once per kind of page.
#   html_text FILE TAG            the exact text of FILE's first <TAG> element
#   html_strip_assets PAGE        PAGE with each asset inside <style> or
#                                 <script> replaced by "/* NAME */" and the
#                                 CSP hashes by 'sha256-(hash)'
#   expect_html_golden NAME GOLDEN PAGE      expect_file on the stripped page
#   expect_html_assets NAME PAGE STYLE_ASSETS SCRIPT_ASSETS
#                                 <style> and <script> begin with these files'
#                                 bytes, in order; the CSP hashes are theirs
RL_HTML_ASSETS="$ROOT/tools/html.css $ROOT/tools/html.js $ROOT/tools/history.css $ROOT/tools/history.js"

html_text() {
    awk -v otag="<$2>" -v ctag="</$2>" '
    !on { i = index($0, otag); if (!i) next; on = 1; $0 = substr($0, i + length(otag)) }
    { j = index($0, ctag)
      if (j) { printf "%s%s", sep, substr($0, 1, j - 1); exit }
      printf "%s%s", sep, $0; sep = "\n" }' "$1"
}

# Assets are matched line by line: an asset starts right after "<style>" or
# "<script>", or at the start of a line inside the element (the history
# page's stylesheet follows html.css), and every one of its lines must be
# there.  A changed or truncated asset is left in place, so the comparison
# with the golden page shows it.
html_strip_assets() {
    # shellcheck disable=SC2086
    awk -v q="'" '
    BEGIN { np = ARGC - 1; f = 1 }
    FNR == 1 { while (ARGV[f] != FILENAME) f++ }
    { L[f, ++len[f]] = $0 }
    END {
        for (i = 1; i <= len[np]; i++) {
            line = L[np, i]
            for (k = 1; k < np; k++) {
                n = len[k]; a = L[k, 1]
                if (!n || length(line) < length(a) || substr(line, length(line) - length(a) + 1) != a) continue
                pre = substr(line, 1, length(line) - length(a))
                if (pre != "<style>" && pre != "<script>" && !(pre == "" && inside)) continue
                for (m = 2; m <= n && i + m - 1 <= len[np] && L[np, i + m - 1] == L[k, m]; m++) ;
                if (m <= n) continue
                name = ARGV[k]; sub(/.*\//, "", name)
                line = pre "/* " name " */"
                i += n - 1
                break
            }
            if (index(line, "http-equiv=\"Content-Security-Policy\""))
                gsub(q "sha256-[A-Za-z0-9+/=]*" q, q "sha256-(hash)" q, line)
            print line
            if (index(line, "<style>") || index(line, "<script>")) inside = 1
            if (index(line, "</style>") || index(line, "</script>")) inside = 0
        }
    }' $RL_HTML_ASSETS "$1"
}

expect_html_golden() {
    html_strip_assets "$3" > "$T/.stripped.html"
    expect_file "$1" "$2" "$T/.stripped.html"
}

# sha256_b64 FILE: FILE's SHA-256 in base64, as a CSP hash source has it.
sha256_b64() {
    _b64_esc=$(sha256sum < "$1" | cut -c1-64 | awk '{
        h = "0123456789abcdef"
        for (i = 1; i < 64; i += 2)
            printf "\\%03o", (index(h, substr($0, i, 1)) - 1) * 16 + index(h, substr($0, i + 1, 1)) - 1 }')
    # shellcheck disable=SC2059
    printf "$_b64_esc" | base64
}

expect_html_assets() {
    for _ha_tag in style script; do
        html_text "$2" $_ha_tag > "$T/.$_ha_tag.txt"
        if [ $_ha_tag = style ]; then _ha_files=$3 _ha_csp=style-src; else _ha_files=$4 _ha_csp=script-src; fi
        _ha_off=1
        for _ha_f in $_ha_files; do
            _ha_n=$(wc -c < "$_ha_f")
            if [ "$_ha_n" -gt 0 ] && tail -c +$_ha_off "$T/.$_ha_tag.txt" | head -c "$_ha_n" | cmp -s - "$_ha_f"; then
                ok "$1: <$_ha_tag> embeds $(basename "$_ha_f")"
            else
                ko "$1: <$_ha_tag> embeds $(basename "$_ha_f")" "bytes $_ha_off.. of the element differ from $_ha_f"
            fi
            _ha_off=$((_ha_off + _ha_n))
        done
        expect_eq "$1: the CSP's $_ha_csp hash is the <$_ha_tag>'s" "$(sha256_b64 "$T/.$_ha_tag.txt")" \
            "$(sed -n "s/.*content=\"[^\"]*$_ha_csp 'sha256-\([^']*\)'.*/\1/p" "$2")"
    done
}
