# threads.sh - RL_THREADS=1 (every job of rl_helper on the calling thread,
# tools/helper.h) gives the same bytes as the default two threads: whole
# builds of the ICoC and GPL publications (every format, the citation
# files, the history page), a generated pair large enough for every
# threaded use (the diff's keys and word diffs, the paragraphs set on two
# threads, the PDF's deflate queue), and `redline diff` of that pair in
# every format.  With strace, also that RL_THREADS=1 starts no thread and
# that the default does.  (test_parallel.c compares rl_diff's one_thread
# option and the text emitter's parts in process; nosimd.sh the loader's
# plain C paths.)

# same NAME DIR1 DIR2: every file of DIR1 is in DIR2 with the same bytes.
same() {
    n=0 bad=""
    for f in "$2"/*; do
        n=$((n + 1))
        cmp -s "$f" "$3/$(basename "$f")" || bad="$bad $(basename "$f")"
    done
    [ "$n" = "$(ls "$3" | wc -l)" ] || bad="$bad (not the same files)"
    if [ "$n" -ge 3 ] && [ -z "$bad" ]; then ok "$1"; else ko "$1" "$n files; differ:$bad"; fi
}

for pub in icoc gpl; do
    env -u RL_THREADS "$REDLINE" build --format all -o "$T/$pub-two" "$ROOT/sources/$pub/publication.yaml" 2>"$T/$pub-two.err"
    expect_eq "$pub: build (default threads)" 0 "$?"
    RL_THREADS=1 "$REDLINE" build --format all -o "$T/$pub-one" "$ROOT/sources/$pub/publication.yaml" 2>"$T/$pub-one.err"
    expect_eq "$pub: build (RL_THREADS=1)" 0 "$?"
    same "$pub: RL_THREADS=1 writes the same files, byte for byte" "$T/$pub-two" "$T/$pub-one"
done
for f in icoc.pdf icoc.tex icoc.html gpl-1-2.pdf gpl-2-3.tex gpl-2-3.html gpl-history.html; do
    check "compared $f" test -s "$T/${f%%[.-]*}-one/$f"
done

# A generated pair: 60 pages typeset, 200 pages compared.
cc -std=c11 -O2 -o "$T/gen" "$ROOT/tests/bench/gen.c"
mkdir -p "$T/p/sources/gen" "$T/p/styles"
cp "$ROOT"/styles/*.yaml "$T/p/styles/"
"$T/gen" 60 1 "$T/p/sources/gen/old.md" "$T/p/sources/gen/new.md"
printf 'title: Generated\nversions:\n  - {id: old, file: old.md}\n  - {id: new, file: new.md}\n' \
    >"$T/p/sources/gen/publication.yaml"
env -u RL_THREADS "$REDLINE" build --format all -o "$T/gen-two" "$T/p/sources/gen/publication.yaml" 2>/dev/null
expect_eq "generated: build (default threads)" 0 "$?"
RL_THREADS=1 "$REDLINE" build --format all -o "$T/gen-one" "$T/p/sources/gen/publication.yaml" 2>/dev/null
expect_eq "generated: build (RL_THREADS=1)" 0 "$?"
same "generated: RL_THREADS=1 writes the same files, byte for byte" "$T/gen-two" "$T/gen-one"

"$T/gen" 200 1 "$T/old.md" "$T/new.md"
for fmt in text critic json; do
    env -u RL_THREADS "$REDLINE" diff --format=$fmt "$T/old.md" "$T/new.md" >"$T/two.$fmt" 2>&1
    a=$?
    RL_THREADS=1 "$REDLINE" diff --format=$fmt "$T/old.md" "$T/new.md" >"$T/one.$fmt" 2>&1
    b=$?
    expect_eq "diff --format=$fmt: same exit status" "$a" "$b"
    check "diff --format=$fmt: RL_THREADS=1 prints the same bytes" cmp "$T/two.$fmt" "$T/one.$fmt"
done
check "diff: the text is long enough to matter" test "$(wc -c <"$T/two.text")" -gt 500000

# Threads started: none with RL_THREADS=1 (sanitizer runtimes may start
# their own, so not under RL_ASAN).
if [ -z "${RL_ASAN:-}" ] && command -v strace >/dev/null 2>&1 &&
    strace -f -qq -e trace=clone,clone3 -o "$T/probe.st" true 2>/dev/null; then
    threads() {
        strace -f -qq -e trace=clone,clone3 -o "$T/st" "$@" >/dev/null 2>&1
        grep -c 'CLONE_THREAD' "$T/st"
    }
    P="$T/p/sources/gen/publication.yaml"
    expect_eq "RL_THREADS=1: a build starts no thread" 0 \
        "$(threads env RL_THREADS=1 "$REDLINE" build --format pdf -o "$T/st-one" "$P")"
    expect_eq "RL_THREADS=1: a diff starts no thread" 0 \
        "$(threads env RL_THREADS=1 "$REDLINE" diff "$T/old.md" "$T/new.md")"
    n=$(threads env -u RL_THREADS "$REDLINE" build --format pdf -o "$T/st-two" "$P")
    check "default: a build starts threads ($n)" test "$n" -gt 0
fi
