/* fuzz.h - helpers shared by the fuzz harnesses (tests/fuzz/fuzz_*.c).
 *
 * Each harness defines LLVMFuzzerTestOneInput and is linked either with
 * libFuzzer (clang -fsanitize=fuzzer: `make fuzz`) or with replay.c, which
 * runs it over every file of a corpus folder under ASan+UBSan (`make
 * fuzz-replay`, part of `make asan`).  The oracle is crash/leak-only, as in
 * SQLite's fuzzcheck, plus the redline model's documented invariants:
 * fz_check_redline() aborts when one is broken, so a libFuzzer run reports
 * it as a crash.  Diagnostics are collected and dropped: a harness must
 * never print for inputs that are merely wrong.
 */
#ifndef RL_FUZZ_H
#define RL_FUZZ_H

#include "annot.h"
#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "redline.h"
#include "source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs above this size are ignored: the pathological tests cover size,
 * the fuzzers cover shape (cmark's fuzzer caps its input the same way). */
#define FZ_MAX_INPUT 65536

typedef struct fz_part {
    const char *p;
    size_t n;
} fz_part;

/* Split data at NUL bytes into at most max parts (the last part keeps any
 * further NULs, which the loaders then reject as binary).  Returns the
 * number of parts (>= 1). */
static inline size_t fz_split(const uint8_t *data, size_t size, fz_part *parts, size_t max)
{
    size_t k = 0;
    const char *p = (const char *)data;
    size_t n = size;
    while (k + 1 < max) {
        const char *z = n ? memchr(p, 0, n) : NULL;
        if (!z)
            break;
        parts[k].p = p;
        parts[k].n = (size_t)(z - p);
        k++;
        n -= (size_t)(z - p) + 1;
        p = z + 1;
    }
    parts[k].p = p;
    parts[k].n = n;
    return k + 1;
}

/* A version document parsed from memory, exactly as rl_doc_load parses a
 * file (doc.c checks UTF-8 and NUL itself).  NULL if it was rejected. */
static inline rl_doc *fz_doc(rl_arena *a, rl_diag *d, const char *name, fz_part part)
{
    rl_source *s = rl_source_from_mem(a, name, part.p ? part.p : "", part.n);
    return rl_doc_parse(a, d, s);
}

/* Format every collected diagnostic (with source line and caret) into
 * /dev/null: printing is code too. */
static inline void fz_drain(rl_diag *d)
{
    static FILE *devnull;
    if (!devnull)
        devnull = fopen("/dev/null", "w");
    if (devnull)
        rl_diag_flush(d, devnull, true);
}

#define FZ_FAIL(what)                                                                          \
    do {                                                                                        \
        fprintf(stderr, "fuzz: invariant broken: %s (%s:%d)\n", (what), __FILE__, __LINE__);     \
        abort();                                                                                \
    } while (0)
#define FZ_REQUIRE(cond)                                                                        \
    do {                                                                                        \
        if (!(cond))                                                                            \
            FZ_FAIL(#cond);                                                                     \
    } while (0)

/* The tokens of every block are well formed: non-empty, valid UTF-8,
 * without white space, offsets inside the source. */
static inline void fz_check_doc(const rl_doc *doc)
{
    for (size_t i = 0; i < doc->nblocks; i++) {
        const rl_block *b = &doc->blocks[i];
        FZ_REQUIRE(b->off <= b->end && b->end <= doc->src->len);
        FZ_REQUIRE(rl_utf8_check(b->label.p, b->label.n) < 0);
        for (size_t k = 0; k < b->ntoks; k++) {
            const rl_token *t = &b->toks[k];
            FZ_REQUIRE(t->text.n > 0);
            FZ_REQUIRE(rl_utf8_check(t->text.p, t->text.n) < 0);
            FZ_REQUIRE(t->off <= doc->src->len);
            FZ_REQUIRE(t->link <= doc->nlinks);
            for (size_t j = 0; j < t->text.n; j++) {
                char c = t->text.p[j];
                FZ_REQUIRE(c != ' ' && c != '\n' && c != '\t' && c != '\r');
            }
        }
    }
}

/* The redline invariants of redline.h: every block of each version appears
 * exactly once (outside ghosts), and its EQUAL+DELETE runs (old side) and
 * EQUAL+INSERT runs (new side) cover its tokens exactly, in order; blocks
 * come in the new version's order; moves name each other; notes point at
 * real tokens.  Works on the token level, which is stronger than comparing
 * the rendered words. */
static inline void fz_check_redline(const rl_redline *r)
{
    size_t nold = r->old->nblocks, nnew = r->new->nblocks;
    unsigned char *seen_old = calloc(nold + 1, 1), *seen_new = calloc(nnew + 1, 1);
    FZ_REQUIRE(seen_old && seen_new);
    long last_new = -1;
    for (size_t i = 0; i < r->nblocks; i++) {
        const rl_rblock *b = &r->blocks[i];
        if (b->status == RL_ST_MOVED) {
            FZ_REQUIRE(b->peer >= 0 && (size_t)b->peer < r->nblocks);
            FZ_REQUIRE(r->blocks[b->peer].peer == (int32_t)i);
            FZ_REQUIRE(r->blocks[b->peer].ghost != b->ghost);
        }
        if (b->ghost) {
            FZ_REQUIRE(b->status == RL_ST_MOVED);
            FZ_REQUIRE(b->nruns == 0 && !b->old && !b->new);
            FZ_REQUIRE(b->old_index == -1 && b->new_index == -1);
            continue;
        }
        FZ_REQUIRE(b->old || b->new);
        FZ_REQUIRE(b->status != RL_ST_INSERTED || !b->old);
        FZ_REQUIRE(b->status != RL_ST_DELETED || !b->new);
        size_t oi = 0, ni = 0;
        for (size_t k = 0; k < b->nruns; k++) {
            const rl_run *run = &b->runs[k];
            FZ_REQUIRE(run->n >= 1);
            if (run->op != RL_OP_INSERT) {
                FZ_REQUIRE(b->old && run->old0 == oi);
                oi += run->n;
            }
            if (run->op != RL_OP_DELETE) {
                FZ_REQUIRE(b->new && run->new0 == ni);
                ni += run->n;
            }
        }
        if (b->old) {
            FZ_REQUIRE(b->old_index >= 0 && (size_t)b->old_index < nold);
            FZ_REQUIRE(b->old == &r->old->blocks[b->old_index]);
            FZ_REQUIRE(!seen_old[b->old_index]);
            seen_old[b->old_index] = 1;
            FZ_REQUIRE(oi == b->old->ntoks);
        } else {
            FZ_REQUIRE(b->old_index == -1 && oi == 0);
        }
        if (b->new) {
            FZ_REQUIRE(b->new_index >= 0 && (size_t)b->new_index < nnew);
            FZ_REQUIRE(b->new == &r->new->blocks[b->new_index]);
            FZ_REQUIRE(!seen_new[b->new_index]);
            seen_new[b->new_index] = 1;
            FZ_REQUIRE(ni == b->new->ntoks);
            FZ_REQUIRE((long)b->new_index > last_new);
            last_new = b->new_index;
        } else {
            FZ_REQUIRE(b->new_index == -1 && ni == 0);
        }
    }
    for (size_t i = 0; i < nold; i++)
        FZ_REQUIRE(seen_old[i]);
    for (size_t i = 0; i < nnew; i++)
        FZ_REQUIRE(seen_new[i]);
    free(seen_old);
    free(seen_new);
    for (size_t i = 0; i < r->nnotes; i++) {
        const rl_note *n = &r->notes[i];
        FZ_REQUIRE(n->number == i + 1);
        const rl_rpos *ends[2] = {&n->first, &n->last};
        for (int e = 0; e < 2; e++) {
            FZ_REQUIRE(ends[e]->block < r->nblocks);
            const rl_rblock *b = &r->blocks[ends[e]->block];
            FZ_REQUIRE(ends[e]->run < b->nruns);
            FZ_REQUIRE(ends[e]->off < b->runs[ends[e]->run].n);
        }
        FZ_REQUIRE(n->first.block < n->last.block ||
                   (n->first.block == n->last.block &&
                    (n->first.run < n->last.run || (n->first.run == n->last.run && n->first.off <= n->last.off))));
    }
    for (size_t i = 0; i < r->nblocks; i++)
        for (size_t k = 0; k < r->blocks[i].nmarks; k++)
            FZ_REQUIRE(r->blocks[i].marks[k] >= r->notes && r->blocks[i].marks[k] < r->notes + r->nnotes);
}

#endif
