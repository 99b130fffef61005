# history.sh - the cumulative view of three versions or more: the page
# <pub>-history.html that `redline build` writes (golden page, safety,
# when it is written), `redline history --format=json` (every version given
# back exactly, on the small case and the GPL), the generated assets, and
# the page in headless Chromium (tests/browser/history.mjs; skipped under
# RL_ASAN=1).  Sourced by tests/run-cli.sh (cwd is a scratch folder $T).

# The stylesheet additions and script are generated into history_assets.c.
sh "$ROOT/tools/assets.sh" history > hassets.c
if cmp -s hassets.c "$ROOT/tools/history_assets.c"; then ok "history_assets.c is up to date"; else
    ko "history_assets.c is up to date" "run: sh tools/assets.sh history > tools/history_assets.c"
fi

mkdir -p proj/sources proj/styles
cp "$ROOT"/styles/*.yaml proj/styles/
hbuild() { # NAME SRC_DIR [FORMATS]: build proj/sources/NAME into out/NAME
    rm -rf "proj/sources/$1" "out/$1"
    cp -r "$2" "proj/sources/$1"
    mkdir -p "out/$1"
    "$REDLINE" build --format "${3:-html}" -o "out/$1" "proj/sources/$1/publication.yaml" >"$1.log" 2>&1
}

# ---- golden page ------------------------------------------------------------
for dir in "$ROOT"/tests/golden/history/*/; do
    name=$(basename "$dir")
    hbuild "$name" "$dir"
    expect_eq "golden $name: build succeeds" 0 "$?"
    expect_html_golden "golden $name: history page" "$ROOT/tests/golden/history/$name.html" "out/$name/$name-history.html"
    cp "out/$name/$name-history.html" first.html
    hbuild "$name" "$dir"
    if cmp -s first.html "out/$name/$name-history.html"; then ok "golden $name: same bytes twice"; else
        ko "golden $name: same bytes twice"
    fi
done

P=out/small/small-history.html
# The golden page holds the assets as placeholders: here, once, the real
# bytes (the stylesheet is html.css, then history.css, then rules for this
# page's versions, which the golden page shows).
expect_html_assets "small" "$P" "$ROOT/tools/html.css $ROOT/tools/history.css" "$ROOT/tools/history.js"
expect_grep "small: CSP allows only hashed script and style" \
    "content=\"default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]*'; style-src 'sha256-[A-Za-z0-9+/=]*'; img-src data:" "$P"
expect_eq "small: no style or event-handler attribute" 0 "$(grep -c ' style="\| on[a-z]*=' "$P")"
expect_eq "small: one script element" 1 "$(grep -o '<script' "$P" | wc -l | tr -d ' ')"
expect_grep "small: a word added by v2, marked" '<span class="hw hb-1 hc-1"> <ins class="hv"><span class="vh hx">\[added in v2: </span>serious' "$P"
expect_grep "small: a word deleted by v2, marked" '<span class="hw hd-1 hc-1"> <del class="hv"><span class="vh hx">\[deleted in v2: </span>ten' "$P"
expect_grep "small: added by v2, deleted by v3" '<sup class="hm" aria-hidden="true"><span class="hc-1">v2</span>−v3</sup>' "$P"
expect_grep "small: a label change" '\[label deleted in v3: </span>(a)' "$P"
expect_grep "small: the legend names each version" '<span class="hsw">v3</span> <span class="vl">Final text</span> <time datetime="2024-03-01">' "$P"
expect_grep "small: a button per version" '<input type="radio" name="at" value="2"> <span class="hl"><b>v3</b>' "$P"
expect_grep "small: version 1 hides what v2 added" 'body\[data-at="0"\] .doc :is(.hb-1, .hb-2) { display: none; }' "$P"
expect_grep "small: version 3 hides what v2 and v3 deleted" 'body\[data-at="2"\] .doc :is(.hd-1, .hd-2) { display: none; }' "$P"
expect_grep "small: a moved block leaves a ghost" '<span class="hmove hc-2">moved away in v3</span>' "$P"
expect_grep "small: the moved block at its new place" '<div class="txt hblk hb-2" id="h1">.*moved here in v3' "$P"
expect_grep "small: links keep their target" '<a href="https://example.org/charter" rel="noopener noreferrer">' "$P"
expect_grep "small: the edition" '<code>[0-9a-f]\{12\}</code>' "$P"
for f in small-draft1-draft2.html small-draft2-final.html small.bib small.json; do
    check "small: the build also writes $f" test -s "out/small/$f"
done

# ---- when the page is written ----------------------------------------------
mkdir -p two
cp "$ROOT"/tests/golden/history/small/v1.md "$ROOT"/tests/golden/history/small/v3.md two/
sed -e '/draft2/d' "$ROOT/tests/golden/history/small/publication.yaml" > two/publication.yaml
hbuild two "$T/two"
expect_eq "two versions: build succeeds" 0 "$?"
check "two versions: no history page" test ! -e out/two/two-history.html
check "two versions: the redline is written" test -s out/two/two.html
hbuild notml "$ROOT/tests/golden/history/small" trace
expect_eq "trace only: build succeeds" 0 "$?"
check "without html: no history page" test ! -e out/notml/notml-history.html
"$REDLINE" deps proj/sources/small/publication.yaml > deps.mk 2>/dev/null
expect_grep "deps lists the history page" "small-history.html" deps.mk
expect_grep "the stamp lists the history page" "^output small-history.html$" out/small/.small.stamp

# ---- hostile text -------------------------------------------------------------
mkdir -p evil
cat > evil/publication.yaml <<'YAML'
title: "<script>window.__pwned=1</script>Evil & \"quotes\""
versions:
  - {id: a, file: a.md, label: "<img src=x onerror=alert(1)>"}
  - {id: b, file: b.md, label: "B</title><script>alert(2)</script>"}
  - {id: c, file: c.md, label: "C\" onmouseover=\"alert(3)"}
YAML
printf '(a) One <b onclick="x()">two</b> [link](javascript:alert(4)).\n\nKeep this.\n' > evil/a.md
printf '(<i>b</i>) One &lt;script&gt; three [link](javascript:alert(4)).\n\nKeep this.\n' > evil/b.md
printf '(c) Four </style><script>window.__pwned=1</script>.\n\nKeep this, too.\n' > evil/c.md
hbuild evil "$T/evil"
H=out/evil/evil-history.html
check "hostile: page written" test -s "$H"
expect_eq "hostile: one script element (ours)" 1 "$(grep -o '<script' "$H" | wc -l | tr -d ' ')"
expect_eq "hostile: one style element (ours)" 1 "$(grep -o '<style' "$H" | wc -l | tr -d ' ')"
expect_eq "hostile: no event-handler attribute" 0 "$(grep -c '<[^>]* on[a-z]*=' "$H")"
expect_eq "hostile: no javascript: link" 0 "$(grep -c 'href="javascript:' "$H")"
expect_eq "hostile: no img element" 0 "$(grep -c '<img' "$H")"
expect_grep "hostile: title escaped" '<h1>&lt;script&gt;window.__pwned=1&lt;/script&gt;Evil &amp; &quot;quotes&quot;</h1>' "$H"
expect_grep "hostile: version label escaped" '<span class="vl">&lt;img src=x onerror=alert(1)&gt;</span>' "$H"

# ---- JSON: each version given back exactly ----------------------------------------
if need jq jq; then
    hver() { # JSON K: version K's paragraphs, one per line
        jq -r --argjson k "$2" '.blocks[] | select(.born <= $k and (.died == null or .died > $k)) |
          ([.runs[] | select(.born <= $k and (.died == null or .died > $k))] as $r |
           ([$r[] | select(.label) | .label] | join(" ")) as $l |
           ([$r[] | select(.text) | if .seps then .seps[$k] + (.text | sub("^[ \n]"; "")) else .text end]
             | join("") | sub("^\\s+"; "")) as $t |
           (if $l != "" and $t != "" then $l + " " + $t else $l + $t end))' "$1" |
            tr -s ' \t' '  ' | sed 's/^ //; s/ $//'
    }
    paras() { awk 'BEGIN { RS = "" } { gsub(/[ \t\n\r\f]+/, " "); sub(/^ /, ""); sub(/ $/, ""); print }' "$1"; }
    G="$ROOT/sources/gpl"
    "$REDLINE" history --format=json "$G/publication.yaml" > gpl.json 2>gpl.err
    expect_eq "history --format=json gpl exits 0" 0 "$?"
    expect_eq "json: three versions" 3 "$(jq '.versions | length' gpl.json)"
    expect_eq "json: version labels" "GPL version 3 (2007)" "$(jq -r '.versions[2].label' gpl.json)"
    for k in 0 1 2; do
        hver gpl.json $k > "gpl-v$k.txt"
        paras "$G/GPL-$((k + 1)).txt" > "gpl-want$k.txt"
        expect_file "json: GPL version $((k + 1)) given back exactly" "gpl-want$k.txt" "gpl-v$k.txt"
    done
    expect_eq "json: the check can fail" no "$(cmp -s gpl-v0.txt gpl-want2.txt && echo yes || echo no)"
    expect_grep "json: a separator that changed between versions" '"seps": \[' gpl.json
    "$REDLINE" history --format json proj/sources/small/publication.yaml > small.json 2>/dev/null
    expect_eq "history --format json small exits 0" 0 "$?"
    # The Markdown versions, rendered the way the JSON renders them.
    printf 'Rules of the club\n(a) Members shall keep the peace at every meeting of the club.\n' > small-want0.txt
    hver small.json 0 | head -2 > small-v0.txt
    expect_file "json: small version 1 given back" small-want0.txt small-v0.txt
    expect_eq "json: small version 3 starts with the moved rule" \
        "(c) The secretary keeps a register of all incidents reported under rule (b), and shows it to any member who asks to see it." \
        "$(hver small.json 2 | sed -n 2p)"
    expect_eq "json: small version 1 keeps rule (c) third" \
        "(c) The secretary keeps a register of all incidents reported under rule (b), and shows it to any member who asks to see it." \
        "$(hver small.json 0 | sed -n 4p)"
fi
expect_status "history: unknown format is a usage error" 2 "$REDLINE" history --format=xml "$ROOT/sources/gpl/publication.yaml"
expect_status "history: two manifests are a usage error" 2 "$REDLINE" history "$ROOT/sources/gpl/publication.yaml" x.yaml

# ---- the browser --------------------------------------------------------------
if asan_skip "the history page in Chromium (slow; it tests the page, not redline's memory)"; then
    return 0
fi
need nodejs node || return 0
need npm npm || return 0
B="$ROOT/tests/browser"
if [ ! -d "$B/node_modules/playwright-core" ]; then
    npm ci --prefix "$B" --no-audit --no-fund >npm.log 2>&1 || { ko "npm ci in tests/browser" "$(tail -3 npm.log)"; return 0; }
fi
if [ ! -x "${RL_CHROMIUM:-/usr/bin/chromium}" ]; then
    ko "needs chromium" "${RL_CHROMIUM:-/usr/bin/chromium} missing (apt-get install chromium; make check installs it)"
    return 0
fi
mkdir -p gpl
"$REDLINE" build --format html -o gpl "$ROOT/sources/gpl/publication.yaml" >gpl.log 2>&1
expect_eq "gpl: html build succeeds" 0 "$?"

# hist PAGE SHOTNAME VERSION...: run history.mjs, one assertion per line.
hist() {
    page=$1 shot=$2
    shift 2
    vs=""
    for v in "$@"; do vs="$vs --version $v"; done
    # shellcheck disable=SC2086
    node "$B/history.mjs" --page "$page" $vs --shots "$ROOT/build/screenshots" --shot-name "$shot" \
        ${HOSTILE:+--hostile $HOSTILE} >hist.out 2>hist.err
    rc=$?
    [ "$rc" = 2 ] && ko "history $shot: browser starts" "$(head -3 hist.err) $(cat hist.out)"
    while IFS= read -r line; do
        case $line in
        "ok "*) ok "history $shot: ${line#ok }" ;;
        "not ok "*) ko "history $shot: ${line#not ok }" ;;
        esac
    done <hist.out
    if [ "$rc" = 0 ] || grep -q '^not ok' hist.out; then :; else
        ko "history $shot: runs" "exit status $rc: $(head -5 hist.err)"
    fi
    n_ok=$(grep -c '^ok ' hist.out)
    [ "$n_ok" -gt 15 ] && ok "history $shot: ran its checks" || ko "history $shot: ran its checks" "only $n_ok passed"
}
HOSTILE=$H hist gpl/gpl-history.html gpl-history "$ROOT/sources/gpl/GPL-1.txt" "$ROOT/sources/gpl/GPL-2.txt" "$ROOT/sources/gpl/GPL-3.txt"
S=proj/sources/small
HOSTILE="" hist out/small/small-history.html small-history $S/v1.md $S/v2.md $S/v3.md
