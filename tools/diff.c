/* diff.c - two versions in, one redline model out (rl_diff).
 *
 * The stages follow git's xdiff, applied to blocks and then to words:
 * each block gets a hash of its token keys (intern.c: NFC, quotes folded,
 * optional case folding; plain ASCII hashed from its bytes), and tokens are
 * interned to integer keys only in the blocks that alignment or the word
 * diff must look into (align.c's rl_akeys hooks: patience anchors on the
 * hashes, confirmed token by token, then similarity pairing and moves on
 * the keys).  In a typical revision most blocks are unchanged, so most
 * tokens are hashed once and never interned (with --ignore-case or
 * --ignore-punctuation every token is interned up front, as the hash needs
 * the folded keys anyway).  Each changed or moved pair
 * gets a word diff (myers.c: bounded Myers, or histogram) and the
 * readability cleanup (cleanup.c).  The model is then laid out in the new
 * version's order, with each deleted block and each move's ghost where it
 * stood in the old one, deletions of a gap before its insertions.
 * Labels are not tokens, so a renumbered item is a label change only.
 * A single pass over both documents' tokens and one allocation per block
 * keep the whole thing linear in the input outside the word diffs.
 */
#include "redline.h"

#include "align.h"
#include "arena.h"
#include "cleanup.h"
#include "intern.h"
#include "myers.h"

#include <stdlib.h>
#include <string.h>

typedef struct side {
    const rl_doc *doc;
    rl_ablock *ab;
} side;

/* Keys on demand (rl_akeys): every block gets its hash and word count up
 * front, its per-token ids only when alignment or the word diff reads them. */
typedef struct keyer {
    rl_arena *a;
    rl_intern *t;
    side *sd[2];
    int32_t *eq;   /* old block -> the new block it was confirmed equal to, or -1 */
} keyer;

static void fill_keys(void *ud, int which, size_t i)
{
    keyer *k = ud;
    const rl_block *b = &k->sd[which]->doc->blocks[i];
    rl_ablock *ab = &k->sd[which]->ab[i];
    if (ab->ids)
        return;
    uint32_t *ids = rl_arena_array_raw(k->a, b->ntoks + 1, sizeof *ids);
    size_t nw = rl_intern_tokens(k->t, b->toks, b->ntoks, ids);
    uint32_t *words = rl_arena_array_raw(k->a, nw + 1, sizeof *words);
    nw = 0;
    for (size_t x = 0; x < b->ntoks; x++)
        if (b->toks[x].kind == RL_TOK_WORD)
            words[nw++] = ids[x];
    ab->ids = ids;
    ab->words = words;
}

static uint32_t key_count(void *ud)
{
    return rl_intern_count(((keyer *)ud)->t);
}

static bool equal_keys(void *ud, size_t i, size_t j)
{
    keyer *k = ud;
    if (k->eq[i] == (int32_t)j)
        return true;
    const rl_block *x = &k->sd[0]->doc->blocks[i], *y = &k->sd[1]->doc->blocks[j];
    if (x->ntoks != y->ntoks || !rl_intern_same_tokens(k->t, x->toks, y->toks, x->ntoks))
        return false;
    k->eq[i] = (int32_t)j;
    return true;
}

static uint64_t hash_ids(const uint32_t *ids, size_t n)
{
    uint64_t h = 0x84222325cbf29ce4u ^ n;
    for (size_t i = 0; i < n; i++) {
        h ^= ids[i] + 0x9e3779b97f4a7c15u + (h << 6) + (h >> 2);
        h *= 0x100000001b3u;
    }
    h ^= h >> 31;
    return h;
}

/* Hash and count side `which` of k.  eager (options that make most keys
 * differ from the bytes: interning is needed for the hash anyway): give
 * every block its ids at once and hash those. */
static void prepare(keyer *k, int which, const rl_doc *doc, bool eager)
{
    side *s = k->sd[which];
    s->doc = doc;
    s->ab = rl_arena_array(k->a, doc->nblocks + 1, sizeof *s->ab);
    for (size_t i = 0; i < doc->nblocks; i++) {
        const rl_block *b = &doc->blocks[i];
        rl_ablock *ab = &s->ab[i];
        ab->nids = (uint32_t)b->ntoks;
        if (eager) {
            fill_keys(k, which, i);
            size_t nw = 0;
            for (size_t x = 0; x < b->ntoks; x++)
                nw += b->toks[x].kind == RL_TOK_WORD;
            ab->nwords = (uint32_t)nw;
            ab->hash = hash_ids(ab->ids, b->ntoks);
            continue;
        }
        size_t nw;
        ab->hash = rl_intern_hash_tokens(k->t, b->toks, b->ntoks, &nw);
        ab->nwords = (uint32_t)nw;
    }
}

typedef struct builder {
    rl_arena *a;
    const rl_diff_opts *opts;
    side o, n;
    rl_alignment al;
    rl_redline *r;
    int32_t *ghost_at;   /* old block -> its ghost's index in r->blocks */
    int32_t *real_at;    /* new block -> its index in r->blocks (moves) */
    uint8_t *del, *ins;
    size_t cap;
    rl_myers_work work;
    keyer keys;
} builder;

static void count(rl_redline *r, size_t words_old, size_t words_new);
static size_t side_words(const side *sd);

static rl_rblock *push(builder *bd)
{
    rl_rblock *rb = &bd->r->blocks[bd->r->nblocks++];
    rb->old_index = rb->new_index = rb->peer = -1;
    return rb;
}

static rl_run *one_run(rl_arena *a, rl_op op, size_t n)
{
    rl_run *r = rl_arena_alloc(a, sizeof *r);
    *r = (rl_run){op, 0, 0, (uint32_t)n};
    return r;
}

static void inner_diff(builder *bd, rl_rblock *rb, size_t i, size_t j, bool eq)
{
    const rl_ablock *x = &bd->o.ab[i], *y = &bd->n.ab[j];
    if (eq) {
        if (x->nids) {
            rb->runs = one_run(bd->a, RL_OP_EQUAL, x->nids);
            rb->nruns = 1;
        }
        return;
    }
    fill_keys(&bd->keys, 0, i);
    fill_keys(&bd->keys, 1, j);
    size_t need = x->nids > y->nids ? x->nids : y->nids;
    if (need > bd->cap) {
        bd->cap = need * 2;
        free(bd->del);
        free(bd->ins);
        bd->del = rl_xmalloc(bd->cap);
        bd->ins = rl_xmalloc(bd->cap);
    }
    if (bd->opts->alg == RL_ALG_HISTOGRAM)
        rl_histogram_diff(x->ids, x->nids, y->ids, y->nids, bd->del, bd->ins, &bd->work);
    else
        rl_myers_diff(x->ids, x->nids, y->ids, y->nids, bd->del, bd->ins, false, &bd->work);
    rl_seq so = {x->ids, rb->old->toks, x->nids}, sn = {y->ids, rb->new->toks, y->nids};
    rb->runs = rl_cleanup_runs(bd->a, &so, &sn, bd->del, bd->ins, !bd->opts->no_cleanup, &rb->nruns);
}

/* Old block i and new block j have equal keys. */
static bool ids_equal(builder *bd, size_t i, size_t j)
{
    const rl_ablock *x = &bd->o.ab[i], *y = &bd->n.ab[j];
    if (x->hash != y->hash || x->nids != y->nids)
        return false;
    if (x->nids == 0)
        return true;
    if (x->ids && y->ids)
        return memcmp(x->ids, y->ids, x->nids * sizeof *x->ids) == 0;
    return equal_keys(&bd->keys, i, j);
}

/* Emit the old-only blocks (deleted, move ghosts) before old index `to`. */
static void flush_old(builder *bd, size_t *oi, size_t to)
{
    for (; *oi < to; (*oi)++) {
        size_t i = *oi;
        if (bd->al.o2n[i] >= 0 && !bd->al.omove[i])
            RL_BUG("in-order pair skipped while laying out the redline");
        rl_rblock *rb = push(bd);
        const rl_block *b = &bd->o.doc->blocks[i];
        if (bd->al.omove[i]) {
            rb->status = RL_ST_MOVED;
            rb->ghost = true;
            bd->ghost_at[i] = (int32_t)(bd->r->nblocks - 1);
            continue;
        }
        rb->status = RL_ST_DELETED;
        rb->old = b;
        rb->old_index = (int32_t)i;
        if (b->ntoks) {
            rb->runs = one_run(bd->a, RL_OP_DELETE, b->ntoks);
            rb->nruns = 1;
        }
    }
}

static void pair_block(builder *bd, rl_rblock *rb, size_t i, size_t j, bool moved)
{
    rb->old = &bd->o.doc->blocks[i];
    rb->new = &bd->n.doc->blocks[j];
    rb->old_index = (int32_t)i;
    rb->new_index = (int32_t)j;
    rb->label_changed = !rl_str_eq(rb->old->label, rb->new->label);
    bool eq = ids_equal(bd, i, j);
    if (moved)
        rb->status = RL_ST_MOVED;
    else
        rb->status = eq ? RL_ST_EQUAL : RL_ST_CHANGED;
    inner_diff(bd, rb, i, j, eq);
}

rl_redline *rl_diff(rl_arena *a, const rl_doc *old, const rl_doc *new, const rl_diff_opts *opts)
{
    rl_diff_opts defaults = {0};
    if (!opts)
        opts = &defaults;
    builder bd = {0};
    bd.a = a;
    bd.opts = opts;
    rl_intern *t = rl_intern_new(a, opts->ignore_case, opts->ignore_punct);
    size_t m = old->nblocks, n = new->nblocks;
    bd.keys = (keyer){a, t, {&bd.o, &bd.n}, rl_arena_array_raw(a, m + 1, sizeof(int32_t))};
    for (size_t i = 0; i < m; i++)
        bd.keys.eq[i] = -1;
    bool eager = opts->ignore_case || opts->ignore_punct;
    prepare(&bd.keys, 0, old, eager);
    prepare(&bd.keys, 1, new, eager);
    rl_akeys hooks = {fill_keys, equal_keys, key_count, &bd.keys};
    rl_align(a, bd.o.ab, m, bd.n.ab, n, rl_intern_count(t), &hooks, opts->no_moves, &bd.al);

    rl_redline *r = rl_arena_alloc(a, sizeof *r);
    r->old = old;
    r->new = new;
    r->blocks = rl_arena_array(a, m + n + 1, sizeof *r->blocks);
    bd.r = r;
    bd.ghost_at = rl_arena_array(a, m + 1, sizeof *bd.ghost_at);
    bd.real_at = rl_arena_array(a, n + 1, sizeof *bd.real_at);

    /* next_old[j]: old index of the first in-order pair at or after new j */
    int32_t *next_old = rl_arena_array(a, n + 1, sizeof *next_old);
    next_old[n] = (int32_t)m;
    for (size_t j = n; j-- > 0;)
        next_old[j] = bd.al.n2o[j] >= 0 && !bd.al.nmove[j] ? bd.al.n2o[j] : next_old[j + 1];

    size_t oi = 0;
    for (size_t j = 0; j < n; j++) {
        int32_t i = bd.al.n2o[j];
        if (i >= 0 && !bd.al.nmove[j]) {
            flush_old(&bd, &oi, (size_t)i);
            pair_block(&bd, push(&bd), (size_t)i, j, false);
            oi = (size_t)i + 1;
            continue;
        }
        flush_old(&bd, &oi, (size_t)next_old[j]);
        rl_rblock *rb = push(&bd);
        if (i >= 0) {
            pair_block(&bd, rb, (size_t)i, j, true);
            bd.real_at[j] = (int32_t)(r->nblocks - 1);
            continue;
        }
        const rl_block *b = &new->blocks[j];
        rb->status = RL_ST_INSERTED;
        rb->new = b;
        rb->new_index = (int32_t)j;
        if (b->ntoks) {
            rb->runs = one_run(a, RL_OP_INSERT, b->ntoks);
            rb->nruns = 1;
        }
    }
    flush_old(&bd, &oi, m);
    for (size_t j = 0; j < n; j++)
        if (bd.al.nmove[j]) {
            int32_t real = bd.real_at[j], ghost = bd.ghost_at[bd.al.n2o[j]];
            r->blocks[real].peer = ghost;
            r->blocks[ghost].peer = real;
        }
    free(bd.del);
    free(bd.ins);
    rl_myers_work_free(&bd.work);
    count(r, side_words(&bd.o), side_words(&bd.n));
    return r;
}

static size_t words_in(const rl_block *b, uint32_t from, uint32_t n);

/* Word tokens in a version, from the alignment's per-block counts (so that
 * the tokens need not be read again). */
static size_t side_words(const side *sd)
{
    size_t w = 0;
    for (size_t i = 0; i < sd->doc->nblocks; i++)
        w += sd->ab[i].nwords;
    return w;
}

static size_t words_in(const rl_block *b, uint32_t from, uint32_t n)
{
    size_t w = 0;
    for (uint32_t k = from; k < from + n; k++)
        w += b->toks[k].kind == RL_TOK_WORD;
    return w;
}

/* The statistics, given the word counts of the two versions. */
static void count(rl_redline *r, size_t words_old, size_t words_new)
{
    rl_stats *s = &r->stats;
    memset(s, 0, sizeof *s);
    s->words_old = words_old;
    s->words_new = words_new;
    for (size_t i = 0; i < r->nblocks; i++) {
        const rl_rblock *b = &r->blocks[i];
        if (b->ghost)
            continue;
        switch (b->status) {
        case RL_ST_CHANGED: s->blocks_changed++; break;
        case RL_ST_INSERTED: s->blocks_inserted++; break;
        case RL_ST_DELETED: s->blocks_deleted++; break;
        case RL_ST_MOVED: s->blocks_moved++; break;
        case RL_ST_EQUAL: break;
        }
        s->labels_changed += b->label_changed;
        bool in_hunk = false;
        for (size_t k = 0; k < b->nruns; k++) {
            const rl_run *run = &b->runs[k];
            if (run->op == RL_OP_EQUAL) {
                in_hunk = false;
                if (b->status == RL_ST_MOVED)
                    s->words_moved += words_in(b->new, run->new0, run->n);
                continue;
            }
            if (!in_hunk)
                s->hunks++;
            in_hunk = true;
            if (run->op == RL_OP_DELETE)
                s->words_deleted += words_in(b->old, run->old0, run->n);
            else
                s->words_inserted += words_in(b->new, run->new0, run->n);
        }
    }
}

void rl_redline_count(rl_redline *r)
{
    size_t wo = 0, wn = 0;
    for (size_t i = 0; r->old && i < r->old->nblocks; i++)
        wo += words_in(&r->old->blocks[i], 0, (uint32_t)r->old->blocks[i].ntoks);
    for (size_t i = 0; r->new && i < r->new->nblocks; i++)
        wn += words_in(&r->new->blocks[i], 0, (uint32_t)r->new->blocks[i].ntoks);
    count(r, wo, wn);
}
