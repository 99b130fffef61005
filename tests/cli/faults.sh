# faults.sh - fault injection: output that cannot be written.  Each case
# must give a clear message naming the problem, exit with status 1, and
# leave no partial output and no temporary file (previous outputs stay
# as they were).
#   - stdout on /dev/full (every command that prints to stdout)
#   - an output folder below a regular file
#   - a read-only file system (folder and existing outputs), and a disk
#     with room for the small outputs but not the PDF: a small tmpfs mounted in a private mount namespace (`unshare
#     -rm`, so no root is needed); skipped where namespaces are not allowed
#   - an existing output that is a folder (the rename cannot replace it)
# Sourced by tests/run-cli.sh (cwd is a scratch folder $T).

mkdir -p proj/sources/f proj/annotations proj/styles
cp "$ROOT"/styles/*.yaml proj/styles/
cat > proj/sources/f/publication.yaml <<'YAML'
title: Faults
versions:
  - {id: a, file: a.md}
  - {id: b, file: b.md}
annotations: [f.yaml]
YAML
printf '# Rules\n\n(a) Members shall keep the peace.\n\n(b) Members report within ten days.\n' > proj/sources/f/a.md
printf '# Rules\n\n(1) Members shall keep the peace at all times.\n\n(2) Members report within five days.\n' \
    > proj/sources/f/b.md
cat > proj/annotations/f.yaml <<'YAML'
notes:
  - id: five
    anchor: {version: b, quote: "within five days"}
    body: Halved.
YAML
PUB=proj/sources/f/publication.yaml

# no_temp NAME DIR: no temporary file left in DIR (or below it).
no_temp() {
    left=$(find "$2" -name '*.tmp*' 2>/dev/null | head -n 3)
    expect_eq "$1: no temporary file" "" "$left"
}

# ---- stdout on /dev/full: status 1 and a message, for small and large output ----
if [ -w /dev/full ]; then
    full() {
        name=$1; shift
        "$REDLINE" "$@" >/dev/full 2>err.txt
        rc=$?
        expect_eq "$name: exit status" 1 "$rc"
        expect_grep "$name: message" "error: cannot write" err.txt
    }
    full "full diff --stat" diff --stat proj/sources/f/a.md proj/sources/f/b.md
    full "full diff" diff proj/sources/f/a.md proj/sources/f/b.md
    awk 'BEGIN { for (i = 0; i < 30000; i++) printf "w%d%s", i, (i % 10 == 9 ? "\n" : " ") }' > big-a.txt
    awk 'BEGIN { for (i = 0; i < 30000; i++) printf "%s%d%s", (i % 7 ? "w" : "v"), i, (i % 10 == 9 ? "\n" : " ") }' > big-b.txt
    full "full diff large" diff big-a.txt big-b.txt
    full "full diff json" diff --format=json "$PUB"
    full "full edition" edition "$PUB"
    full "full deps" deps "$PUB"
    full "full check" check "$PUB"
    full "full help" --help
else
    # Every Linux system has it; without it these checks would not run.
    ko "stdout on /dev/full" "/dev/full is not writable here"
fi

# ---- an output folder below a regular file ----
: > afile
"$REDLINE" build -o afile/out "$PUB" >out.txt 2>err.txt
expect_eq "folder below a file: exit status" 1 "$?"
expect_grep "folder below a file: message names it" "afile/out" err.txt
if [ -f afile ] && [ ! -s afile ]; then ok "folder below a file: file untouched"; else
    ko "folder below a file: file untouched"; fi
rm -f afile

# ---- an existing output that is a folder: the build fails as a whole ----
"$REDLINE" build --format html,tex -o good "$PUB" >/dev/null 2>&1
expect_eq "first build" 0 "$?"
cp -r good before
rm good/f.html
mkdir good/f.html
"$REDLINE" build --format html,tex -o good "$PUB" >out.txt 2>err.txt
expect_eq "output is a folder: exit status" 1 "$?"
expect_grep "output is a folder: message names it" "f.html" err.txt
check "output is a folder: other outputs kept" cmp before/f.tex good/f.tex
no_temp "output is a folder" good
rm -rf good before

# ---- read-only file system and full disk, in a private mount namespace ----
# The namespace script mounts a tmpfs on mnt, optionally puts a previous
# build in it and remounts it read-only or fills it, then builds into it;
# it prints the build's exit status and copies its stderr out.
mkdir -p mnt
cat > ns.sh <<'SH'
# ns.sh MODE REDLINE PUB: run inside `unshare -rm`
mode=$1 redline=$2 pub=$3
mount -t tmpfs -o size=${SIZE:-4m} tmpfs mnt || exit 99
if [ "$mode" = ro-existing ]; then
    "$redline" build --format html,tex -o mnt/out "$pub" >/dev/null 2>&1 || exit 98
    cp -r mnt/out before
fi
case $mode in
ro-*) mount -o remount,ro mnt || exit 99 ;;
full) dd if=/dev/zero of=mnt/filler bs=1k count=$((4096 - 96)) 2>/dev/null ;;
esac
"$redline" build --format html,tex,pdf -o mnt/out "$pub" >out.txt 2>err.txt
echo "status $?"
find mnt -name '*.tmp*' > temps.txt
ls -A mnt/out 2>/dev/null > listing.txt
if [ "$mode" = ro-existing ]; then
    for f in before/*; do cmp -s "$f" "mnt/out/${f##*/}" || echo "changed ${f##*/}"; done > changed.txt
fi
SH
# A missing unshare is a missing tool (it fails); namespaces that the
# system refuses are a limit of the machine, and the skip says so.
if ! need util-linux unshare; then
    :
elif unshare -rm sh -c 'mount -t tmpfs tmpfs mnt' >/dev/null 2>&1; then
    for mode in ro-empty ro-existing full; do
        rm -rf before mnt/* out.txt err.txt temps.txt listing.txt changed.txt
        got=$(SIZE=4m unshare -rm sh ns.sh "$mode" "$REDLINE" "$PUB" 2>/dev/null)
        if [ "$got" = "" ]; then ko "$mode: namespace" "the mount could not be set up"; continue; fi
        expect_eq "$mode: exit status" "status 1" "$got"
        case $mode in
        ro-*) expect_grep "$mode: message" "Read-only file system" err.txt ;;
        full) expect_grep "$mode: message" "No space left on device" err.txt ;;
        esac
        expect_grep "$mode: message says what failed" "cannot" err.txt
        expect_eq "$mode: no temporary file" "" "$(cat temps.txt)"
        case $mode in
        ro-existing) expect_eq "$mode: previous outputs unchanged" "" "$(cat changed.txt)" ;;
        *) expect_eq "$mode: no partial output" "" "$(cat listing.txt)" ;;
        esac
    done
else
    echo "faults.sh: mount namespaces not available; read-only and full-disk cases skipped" >&2
fi
