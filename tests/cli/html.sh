# html.sh - the HTML redline: golden pages for small cases, hostile input,
# determinism, the generated assets, and the end-to-end test in headless
# Chromium (tests/browser/e2e.mjs; skipped under RL_ASAN=1).
# Sourced by tests/run-cli.sh (cwd is a scratch folder $T).

# The stylesheet and script are generated into tools/html_assets.c.
sh "$ROOT/tools/assets.sh" html > assets.c
if cmp -s assets.c "$ROOT/tools/html_assets.c"; then ok "html_assets.c is up to date"; else
    ko "html_assets.c is up to date" "run: sh tools/assets.sh html > tools/html_assets.c"
fi

# A project in $T: sources/<case>/ copied from the test folders, the styles.
mkdir -p proj/sources proj/styles
cp "$ROOT"/styles/*.yaml proj/styles/
build_case() { # NAME SRC_DIR: build proj/sources/NAME into out/NAME
    rm -rf "proj/sources/$1" "out/$1"
    cp -r "$2" "proj/sources/$1"
    mkdir -p "out/$1"
    "$REDLINE" build --format html -o "out/$1" "proj/sources/$1/publication.yaml" >"$1.log" 2>&1
}

# ---- golden pages ---------------------------------------------------------
for dir in "$ROOT"/tests/golden/html/*/; do
    name=$(basename "$dir")
    build_case "$name" "$dir"
    expect_eq "golden $name: build succeeds" 0 "$?"
    expect_html_golden "golden $name: page" "$ROOT/tests/golden/html/$name.html" "out/$name/$name.html"
    cp "out/$name/$name.html" first.html
    build_case "$name" "$dir"
    if cmp -s first.html "out/$name/$name.html"; then ok "golden $name: same bytes twice"; else
        ko "golden $name: same bytes twice"
    fi
done

# Markup of the small case.
P=out/small/small.html
# The golden pages hold the assets as placeholders: here, once, the real
# bytes (the stylesheet is html.css alone, the golden page shows that
# nothing follows it).
expect_html_assets "small" "$P" "$ROOT/tools/html.css" "$ROOT/tools/html.js"
expect_grep "small: lang from the manifest" '<html lang="en">' "$P"
expect_grep "small: CSP allows only hashed script and style" \
    "content=\"default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]*'; style-src 'sha256-[A-Za-z0-9+/=]*'; img-src data:" "$P"
expect_grep "small: title is h1" '<h1>A small code of conduct</h1>' "$P"
expect_grep "small: a marker is a button naming its note" \
    '<button type="button" class="mark" id="mark-behaviour" aria-controls="note-behaviour" aria-expanded="true">' "$P"
expect_grep "small: the note has that id" '<li class="note" id="note-behaviour"' "$P"
expect_grep "small: insertions are <ins>" '<ins><span class="vh chg">\[inserted: </span>' "$P"
expect_grep "small: deletions are <del>" '<del><span class="vh chg">\[deleted: </span>' "$P"
expect_grep "small: label change" '\[label deleted: </span>(a)' "$P"
expect_grep "small: a move links to its ghost" 'class="mvlink" href="#b[0-9]*">Moved from' "$P"
expect_grep "small: the ghost links to the moved block" 'class="mvlink" href="#b[0-9]*">Moved to' "$P"
expect_grep "small: the notice is rendered" '<em>check it</em>' "$P"
n=$(grep -c ' style="\| on[a-z]*=' "$P")
expect_eq "small: no style or event-handler attribute" 0 "$n"

# ---- hostile input ----------------------------------------------------------
build_case attack "$ROOT/tests/hostile/html/attack"
expect_eq "hostile: build succeeds (with warnings)" 0 "$?"
H=out/attack/attack.html
expect_eq "hostile: one script element (ours)" 1 "$(grep -o '<script' "$H" | wc -l | tr -d ' ')"
expect_eq "hostile: one style element (ours)" 1 "$(grep -o '<style' "$H" | wc -l | tr -d ' ')"
expect_eq "hostile: no javascript: or data: link" 0 "$(grep -c 'href="javascript:\|href="data:' "$H")"
expect_eq "hostile: no img, svg, iframe element" 0 "$(grep -c '<img\|<svg\|<iframe' "$H")"
expect_eq "hostile: no event-handler attribute" 0 "$(grep -c '<[^>]* on[a-z]*=' "$H")"
expect_grep "hostile: title escaped" '<h1>&lt;script&gt;window.__pwned=1&lt;/script&gt;Title &amp; &quot;quotes&quot; &#39;single&#39;</h1>' "$H"
expect_grep "hostile: bad lang replaced" '<html lang="en">' "$H"

# ---- compare_layout: one-document ------------------------------------------------
# The GPL (two comparisons, notes shown in both) as one page.
mkdir -p od/sources/gpl od/annotations od/styles
cp "$ROOT"/sources/gpl/* od/sources/gpl/
cp "$ROOT/annotations/gpl.yaml" od/annotations/
cp "$ROOT"/styles/*.yaml od/styles/
echo 'compare_layout: one-document' >>od/sources/gpl/publication.yaml
"$REDLINE" build --format html -o od/out od/sources/gpl/publication.yaml >od.log 2>&1
expect_eq "one-document: html build succeeds" 0 "$?"
OP=od/out/gpl.html
check "one-document: one page, no page per comparison" test -s "$OP" -a ! -e od/out/gpl-1-2.html
expect_eq "one-document: a section per comparison" 2 "$(grep -c '<section class="part"' "$OP")"
expect_grep "one-document: section heading names both versions" \
    '<h2 id="s2-h"><span class="vo">GPL version 2 (1991)</span> .*<span class="vn">GPL version 3 (2007)</span></h2>' "$OP"
expect_eq "one-document: a summary per section" 2 "$(grep -c '<div class="stats"><h3>Summary of changes' "$OP")"
expect_eq "one-document: a view switch per section" 2 "$(grep -c 'name="view-s[12]" value="old"' "$OP")"
expect_eq "one-document: ids are unique" "" "$(grep -o ' id="[^"]*"' "$OP" | sort | uniq -d)"
expect_grep "one-document: a note shown twice keeps its id first" '<li class="note" id="note-library-licence" data-n="1"' "$OP"
expect_grep "one-document: and gets -2 the second time" '<li class="note" id="note-library-licence-2" data-n="3"' "$OP"
expect_grep "one-document: move links stay in their section" 'class="mvlink" href="#s1-b[0-9]*"' "$OP"

# ---- the browser ---------------------------------------------------------------
if asan_skip "the end-to-end test in Chromium (slow; it tests the page, not redline's memory)"; then
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

# The demo publication, built here.
mkdir -p icoc
"$REDLINE" build --format html -o icoc "$ROOT/sources/icoc/publication.yaml" >icoc.log 2>&1
expect_eq "icoc: html build succeeds" 0 "$?"
files=$(sed -n 's/.*file: *\([^,}]*\).*/\1/p' "$ROOT/sources/icoc/publication.yaml" | tr -d '"')
old=$(echo "$files" | sed -n 1p) new=$(echo "$files" | sed -n 2p)

# e2e PAGE OLD NEW SHOTNAME [HOSTILE...]: run e2e.mjs, one assertion per line
# ($E2E_PARTS: --part OLD,NEW per section of a one-document page).
e2e() {
    page=$1 o=$2 n=$3 shot=$4
    shift 4
    hs=""
    for h in "$@"; do hs="$hs --hostile $h"; done
    # shellcheck disable=SC2086
    node "$B/e2e.mjs" --page "$page" --old "$o" --new "$n" --shots "$ROOT/build/screenshots" \
        --shot-name "$shot" $hs ${E2E_PARTS:-} >e2e.out 2>e2e.err
    rc=$?
    [ "$rc" = 2 ] && ko "e2e $shot: browser starts" "$(head -3 e2e.err) $(cat e2e.out)"
    while IFS= read -r line; do
        case $line in
        "ok "*) ok "e2e $shot: ${line#ok }" ;;
        "not ok "*) ko "e2e $shot: ${line#not ok }" ;;
        esac
    done <e2e.out
    if [ "$rc" = 0 ] || grep -q '^not ok' e2e.out; then :; else
        ko "e2e $shot: runs" "exit status $rc: $(head -5 e2e.err)"
    fi
    n_ok=$(grep -c '^ok ' e2e.out)
    [ "$n_ok" -gt 10 ] && ok "e2e $shot: ran its checks" || ko "e2e $shot: ran its checks" "only $n_ok passed"
}
# The unit test's hostile page (ids and tags with markup, which loading
# refuses, fed to the emitter directly).
# Without it the browser would not see that page: a missing or failing
# test binary fails here rather than dropping the page unseen.
hostile2=""
mkdir -p unit
if [ ! -x "$ROOT/build/tests/test_html" ]; then
    ko "unit hostile page" "build/tests/test_html missing (make test builds it)"
elif RL_HTML_OUT=$T/unit "$ROOT/build/tests/test_html" >unit.log 2>&1 && [ -s unit/hostile.html ]; then
    hostile2=unit/hostile.html
else
    ko "unit hostile page" "build/tests/test_html failed: $(grep -m 3 -e FAILED -e ERROR unit.log)"
fi
e2e icoc/icoc.html "$ROOT/sources/icoc/$old" "$ROOT/sources/icoc/$new" icoc out/attack/attack.html $hostile2
e2e out/small/small.html proj/sources/small/old.md proj/sources/small/new.md small
# One document: each section's views against its comparison's versions.
G=od/sources/gpl
E2E_PARTS="--part $G/GPL-1.txt,$G/GPL-2.txt --part $G/GPL-2.txt,$G/GPL-3.txt"
e2e "$OP" "" "" gpl-one-document
E2E_PARTS=""
