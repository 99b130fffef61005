/* diff.c - two versions in, one redline model out (rl_diff).
 *
 * The stages follow git's xdiff, applied to blocks and then to words:
 * each block has a hash of its token keys (intern.c: NFC, quotes folded,
 * optional case folding; plain ASCII hashed from its bytes), made by the
 * loader while the tokens were fresh, and tokens are interned to integer
 * keys only in the blocks that alignment or the word diff must look into
 * (align.c: patience anchors on the hashes, each confirmed by comparing
 * the two blocks: one memcmp of their source bytes when both documents
 * were read the same plain way, else token by token; then similarity
 * pairing and moves on the keys).  In a typical revision most
 * blocks are unchanged, so most tokens are never interned (with
 * --ignore-case or --ignore-punctuation every token is interned up front,
 * as the hash needs the folded keys anyway).  The blocks alignment will
 * compare (those whose hash has no match on the other side) are interned
 * before it, and the anchors confirmed, one version on each of two threads
 * (see "keys before alignment"); anything else alignment needs is filled
 * on demand (its rl_akeys hooks).  Each changed or moved pair then gets a
 * word diff (myers.c: bounded Myers, or histogram) and the readability
 * cleanup (cleanup.c), pairs shared out between two threads.  The model is
 * laid out in the new version's order, with each deleted block and each
 * move's ghost where it stood in the old one, deletions of a gap before
 * its insertions.  Labels are not tokens, so a renumbered item is a label
 * change only.  Ids are given in an order fixed by the inputs alone and
 * every thread writes only its own blocks, so the result never depends on
 * timing (rl_diff_opts.one_thread gives the same on one thread).
 * A single pass over both documents' tokens and one allocation per block
 * keep the whole thing linear in the input outside the word diffs.
 */
#include "redline.h"

#include "align.h"
#include "arena.h"
#include "cleanup.h"
#include "intern.h"
#include "myers.h"
#include "helper.h"
#include "source.h"

#include <stdatomic.h>
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

/* Give block b (ab) its ids and word ids, interned into t, in mem (room
 * for b->ntoks ids and as many words), or allocated from a if mem is NULL. */
static void fill_into(rl_arena *a, rl_intern *t, const rl_block *b, rl_ablock *ab, uint32_t *mem)
{
    uint32_t *ids = mem ? mem : rl_arena_array_raw(a, b->ntoks + 1, sizeof *ids);
    size_t nw = rl_intern_tokens(t, b->toks, b->ntoks, ids);
    uint32_t *words = mem ? mem + b->ntoks : rl_arena_array_raw(a, nw + 1, sizeof *words);
    nw = 0;
    for (size_t x = 0; x < b->ntoks; x++)
        if (b->toks[x].kind == RL_TOK_WORD)
            words[nw++] = ids[x];
    ab->ids = ids;
    ab->words = words;
}

static void fill_keys(void *ud, int which, size_t i)
{
    keyer *k = ud;
    rl_ablock *ab = &k->sd[which]->ab[i];
    if (!ab->ids)
        fill_into(k->a, k->t, &k->sd[which]->doc->blocks[i], ab, NULL);
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

/* The hash and word count of each block of doc into ab (plain keys): the
 * loader's, or computed now for blocks made otherwise.  No ids are given
 * here (the hash needs none), so they cannot depend on this. */
static void hash_side(const rl_doc *doc, rl_ablock *ab)
{
    for (size_t i = 0; i < doc->nblocks; i++) {
        const rl_block *b = &doc->blocks[i];
        ab[i].nids = (uint32_t)b->ntoks;
        if (b->hashed) {
            ab[i].hash = b->key_hash;
            ab[i].nwords = b->nwords;
            continue;
        }
        size_t nw;
        ab[i].hash = rl_intern_hash_block(b->toks, b->ntoks, &nw);
        ab[i].nwords = (uint32_t)nw;
    }
}

/* Side `which` of k with options that make most keys differ from the
 * bytes (interning is needed for the hash anyway): every block gets its
 * ids at once, hashed. */
static void prepare_eager(keyer *k, int which, const rl_doc *doc)
{
    side *s = k->sd[which];
    s->doc = doc;
    s->ab = rl_arena_array(k->a, doc->nblocks + 1, sizeof *s->ab);
    for (size_t i = 0; i < doc->nblocks; i++) {
        const rl_block *b = &doc->blocks[i];
        rl_ablock *ab = &s->ab[i];
        ab->nids = (uint32_t)b->ntoks;
        fill_keys(k, which, i);
        size_t nw = 0;
        for (size_t x = 0; x < b->ntoks; x++)
            nw += b->toks[x].kind == RL_TOK_WORD;
        ab->nwords = (uint32_t)nw;
        ab->hash = hash_ids(ab->ids, b->ntoks);
    }
}

/* Below this many tokens the work before alignment is done on the calling
 * thread: a helper thread would cost more than it saves. */
#define PAR_MIN_TOKENS 20000

static size_t doc_tokens(const rl_doc *doc)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->nblocks; i++)
        n += doc->blocks[i].ntoks;
    return n;
}

/* ---- keys before alignment -------------------------------------------- */

/* Alignment reads ids of the blocks it compares by similarity and
 * confirms hash matches token by token; done there, both are sequential
 * (ids must not depend on timing) and were most of its time.  Done here,
 * before it, they split into two independent halves: each side interns
 * the blocks whose hash has no match on the other side (the changed,
 * inserted and deleted blocks: those alignment compares), the old side
 * into the shared table, the new side on a helper thread into a table of
 * its own, and each confirms its share of the pairs whose hash is unique
 * on both sides (the anchors) by comparing bytes, which interns nothing.
 * The new side's table is then merged in and its ids rewritten: every
 * key gets the id it would get from interning the old side's blocks, then
 * the new side's, so ids depend only on the inputs.
 * Alignment still fills, on demand, any block this did not. */
typedef struct early {
    keyer *k;
    int which;
    rl_arena *a; /* where this side's ids go */
    rl_intern *t; /* this side's own table */
    const uint32_t *fill; /* blocks of this side to intern */
    size_t nfill;
    const uint32_t *po, *pn; /* pairs (old, new) to confirm */
    size_t npairs;
} early;

/* About how many distinct keys the listed blocks hold: by Heaps' law a
 * text of n tokens has some K * sqrt(n) distinct words (K = 32 covers
 * prose), never more than n. */
static size_t keys_guess(const rl_ablock *ab, const uint32_t *list, size_t n)
{
    size_t toks = 0, r = 1;
    for (size_t x = 0; x < n; x++)
        toks += ab[list[x]].nids;
    while (r * r < toks)
        r++;
    return 32 * r < toks ? 32 * r : toks;
}

static void early_run(void *arg)
{
    early *e = arg;
    side *sd = e->k->sd[e->which];
    rl_intern_reserve(e->t, keys_guess(sd->ab, e->fill, e->nfill));
    /* The ids of all the blocks in one allocation: large enough for huge
     * pages, where one per block took a page fault per 4 KiB. */
    size_t total = 0;
    for (size_t x = 0; x < e->nfill; x++)
        total += 2 * (size_t)sd->ab[e->fill[x]].nids;
    uint32_t *mem = rl_arena_array_raw(e->a, total + 1, sizeof *mem);
    for (size_t x = 0; x < e->nfill; x++) {
        const rl_block *b = &sd->doc->blocks[e->fill[x]];
        fill_into(e->a, e->t, b, &sd->ab[e->fill[x]], mem);
        mem += 2 * b->ntoks;
    }
    const rl_doc *od = e->k->sd[0]->doc, *nd = e->k->sd[1]->doc;
    /* Blocks of two local documents whose source bytes are equal have equal
     * tokens: one memcmp instead of a walk over both token arrays. */
    bool local = od->local && od->local == nd->local && od->src && nd->src;
    for (size_t x = 0; x < e->npairs; x++) {
        const rl_block *b = &od->blocks[e->po[x]], *c = &nd->blocks[e->pn[x]];
        if ((local && b->end - b->off == c->end - c->off &&
             memcmp(od->src->text + b->off, nd->src->text + c->off, b->end - b->off) == 0) ||
            rl_intern_same_bytes(b->toks, c->toks, b->ntoks))
            e->k->eq[e->po[x]] = (int32_t)e->pn[x];
    }
}

typedef struct hslot {
    uint64_t hash;
    uint32_t co, cn; /* occurrences in old / new (0 = empty slot) */
    uint32_t pn; /* a new block with that hash */
} hslot;

static hslot *hfind(hslot *t, size_t mask, uint64_t h)
{
    size_t s = h & mask;
    while ((t[s].co || t[s].cn) && t[s].hash != h)
        s = (s + 1) & mask;
    t[s].hash = h;
    return &t[s];
}

/* Rewrite the ids of the listed blocks through map. */
static void remap(const rl_ablock *ab, const uint32_t *list, size_t n, const uint32_t *map)
{
    for (size_t x = 0; x < n; x++) {
        const rl_ablock *b = &ab[list[x]];
        uint32_t *ids = (uint32_t *)b->ids, *words = (uint32_t *)b->words;
        for (uint32_t y = 0; y < b->nids; y++)
            ids[y] = map[ids[y]];
        for (uint32_t y = 0; y < b->nwords; y++)
            words[y] = map[words[y]];
    }
}

static void early_keys(keyer *k, rl_arena *ha, bool thread)
{
    const rl_ablock *oa = k->sd[0]->ab, *na = k->sd[1]->ab;
    size_t m = k->sd[0]->doc->nblocks, n = k->sd[1]->doc->nblocks;
    size_t nslots = 16;
    while (nslots < (m + n) + (m + n) / 2) /* at most two thirds full */
        nslots <<= 1;
    hslot *t = rl_xcalloc(nslots, sizeof *t);
    for (size_t i = 0; i < m; i++)
        hfind(t, nslots - 1, oa[i].hash)->co++;
    for (size_t j = 0; j < n; j++) {
        hslot *s = hfind(t, nslots - 1, na[j].hash);
        s->cn++;
        s->pn = (uint32_t)j;
    }
    uint32_t *fo = rl_arena_array_raw(k->a, m + 1, sizeof *fo),
             *fn = rl_arena_array_raw(k->a, n + 1, sizeof *fn);
    uint32_t *po = rl_arena_array_raw(k->a, m + 1, sizeof *po),
             *pn = rl_arena_array_raw(k->a, m + 1, sizeof *pn);
    size_t nfo = 0, nfn = 0, np = 0, ptoks = 0;
    for (size_t i = 0; i < m; i++) {
        const hslot *s = hfind(t, nslots - 1, oa[i].hash);
        if (!s->cn && oa[i].nids)
            fo[nfo++] = (uint32_t)i;
        if (s->co == 1 && s->cn == 1 && oa[i].nids && oa[i].nids == na[s->pn].nids) {
            po[np] = (uint32_t)i;
            pn[np++] = s->pn;
            ptoks += oa[i].nids;
        }
    }
    for (size_t j = 0; j < n; j++)
        if (!hfind(t, nslots - 1, na[j].hash)->co && na[j].nids)
            fn[nfn++] = (uint32_t)j;
    free(t);
    /* The pairs to confirm are shared out by tokens; each side interns its own blocks. */
    size_t half = 0, cut = 0;
    while (cut < np && half < ptoks / 2)
        half += oa[po[cut++]].nids;
    /* The old side interns into the shared table itself: its keys come
     * first anyway. */
    early e0 = {k, 0, k->a, k->t, fo, nfo, po, pn, cut};
    early e1 = {k, 1, ha, rl_intern_new(ha, false, false), fn, nfn, po + cut, pn + cut, np - cut};
    rl_helper par;
    rl_helper_start(&par, early_run, &e1, thread);
    early_run(&e0);
    rl_helper_join(&par);
    uint32_t *map = rl_xmalloc(((size_t)rl_intern_count(e1.t) + 1) * sizeof *map);
    rl_intern_merge(k->t, e1.t, map);
    remap(na, fn, nfn, map);
    free(map);
}

/* Hash both sides and give ids to the blocks alignment will compare.  With
 * options that make most keys differ from the bytes (interning is needed
 * for the hash anyway), every block gets its ids at once, here. */
static void keys_before_alignment(keyer *k, const rl_doc *old, const rl_doc *new, bool eager, bool one_thread)
{
    if (eager) {
        prepare_eager(k, 0, old);
        prepare_eager(k, 1, new);
        return;
    }
    k->sd[0]->doc = old;
    k->sd[1]->doc = new;
    k->sd[0]->ab = rl_arena_array(k->a, old->nblocks + 1, sizeof(rl_ablock));
    k->sd[1]->ab = rl_arena_array(k->a, new->nblocks + 1, sizeof(rl_ablock));
    bool thread = !one_thread && doc_tokens(old) >= PAR_MIN_TOKENS && doc_tokens(new) >= PAR_MIN_TOKENS;
    hash_side(old, k->sd[0]->ab);
    hash_side(new, k->sd[1]->ab);
    /* The helper's own arena: what it allocates joins k->a at the end. */
    rl_arena *ha = rl_arena_new();
    early_keys(k, ha, thread);
    rl_arena_adopt(k->a, ha);
}

typedef struct builder {
    rl_arena *a;
    const rl_diff_opts *opts;
    side o, n;
    rl_alignment al;
    rl_redline *r;
    int32_t *ghost_at;   /* old block -> its ghost's index in r->blocks */
    int32_t *real_at;    /* new block -> its index in r->blocks (moves) */
    uint32_t *todo; /* indices in r->blocks of the pairs that need a word diff */
    size_t ntodo;
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

/* ---- word diffs ------------------------------------------------------- */

/* The word diffs of the changed and moved pairs are independent of one
 * another and read only their blocks' ids (filled beforehand, in layout
 * order, so that ids do not depend on timing), so two workers share them:
 * each takes the next few pairs from a shared counter, writes only the
 * rl_rblock of each pair it takes, and allocates its runs from its own
 * arena.  Which worker did which pair does not show in the result. */
typedef struct worker {
    const builder *bd;
    atomic_size_t *next; /* the next entry of bd->todo to take */
    rl_arena *a;
    uint8_t *del, *ins;
    size_t cap;
    rl_myers_work work;
} worker;

/* Pairs taken at a time: few enough to balance the two workers, enough to
 * keep the shared counter out of the way. */
#define TAKE 8

static void word_diff(worker *w, rl_rblock *rb)
{
    const builder *bd = w->bd;
    const rl_ablock *x = &bd->o.ab[rb->old_index], *y = &bd->n.ab[rb->new_index];
    size_t need = x->nids > y->nids ? x->nids : y->nids;
    if (need > w->cap) {
        w->cap = need * 2;
        free(w->del);
        free(w->ins);
        w->del = rl_xmalloc(w->cap);
        w->ins = rl_xmalloc(w->cap);
    }
    if (bd->opts->alg == RL_ALG_HISTOGRAM)
        rl_histogram_diff(x->ids, x->nids, y->ids, y->nids, w->del, w->ins, &w->work);
    else
        rl_myers_diff(x->ids, x->nids, y->ids, y->nids, w->del, w->ins, false, &w->work);
    rl_seq so = {x->ids, rb->old->toks, x->nids}, sn = {y->ids, rb->new->toks, y->nids};
    rl_cleanup_step broken;
    rb->runs = rl_cleanup_runs(w->a, &so, &sn, w->del, w->ins, !bd->opts->no_cleanup, &rb->nruns, &broken);
    rb->raw_diff = broken != RL_CLEANUP_OK;
}

static void work_run(void *arg)
{
    worker *w = arg;
    const builder *bd = w->bd;
    size_t k;
    while ((k = atomic_fetch_add_explicit(w->next, TAKE, memory_order_relaxed)) < bd->ntodo) {
        size_t end = k + TAKE < bd->ntodo ? k + TAKE : bd->ntodo;
        for (; k < end; k++)
            word_diff(w, &bd->r->blocks[bd->todo[k]]);
    }
    free(w->del);
    free(w->ins);
    rl_myers_work_free(&w->work);
}

/* Below this many tokens in the pairs to diff, one worker does them all. */
#define PAR_MIN_DIFF 20000

static void word_diffs(builder *bd)
{
    atomic_size_t next;
    atomic_init(&next, 0);
    worker mine = {bd, &next, bd->a, NULL, NULL, 0, {0}};
    size_t total = 0;
    for (size_t k = 0; k < bd->ntodo; k++) {
        const rl_rblock *rb = &bd->r->blocks[bd->todo[k]];
        total += rb->old->ntoks + rb->new->ntoks;
    }
    if (bd->opts->one_thread || total < PAR_MIN_DIFF) {
        work_run(&mine);
        return;
    }
    worker helper = {bd, &next, rl_arena_new(), NULL, NULL, 0, {0}};
    rl_helper par;
    rl_helper_start(&par, work_run, &helper, true);
    work_run(&mine);
    rl_helper_join(&par);
    rl_arena_adopt(bd->a, helper.a);
}

/* ---- layout ----------------------------------------------------------- */

/* Equal pairs get their one run now; the others are queued for
 * word_diffs, with their ids filled here, in layout order. */
static void inner_diff(builder *bd, rl_rblock *rb, size_t i, size_t j, bool eq)
{
    const rl_ablock *x = &bd->o.ab[i];
    if (eq) {
        if (x->nids) {
            rb->runs = one_run(bd->a, RL_OP_EQUAL, x->nids);
            rb->nruns = 1;
        }
        return;
    }
    fill_keys(&bd->keys, 0, i);
    fill_keys(&bd->keys, 1, j);
    bd->todo[bd->ntodo++] = (uint32_t)(rb - bd->r->blocks);
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
    keys_before_alignment(&bd.keys, old, new, eager, opts->one_thread);
    rl_akeys hooks = {fill_keys, equal_keys, key_count, &bd.keys};
    rl_align(a, bd.o.ab, m, bd.n.ab, n, rl_intern_count(t), &hooks, opts->no_moves, &bd.al);

    rl_redline *r = rl_arena_alloc(a, sizeof *r);
    r->old = old;
    r->new = new;
    r->blocks = rl_arena_array(a, m + n + 1, sizeof *r->blocks);
    bd.r = r;
    bd.ghost_at = rl_arena_array(a, m + 1, sizeof *bd.ghost_at);
    bd.real_at = rl_arena_array(a, n + 1, sizeof *bd.real_at);
    bd.todo = rl_arena_array_raw(a, (m < n ? m : n) + 1, sizeof *bd.todo);

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
    word_diffs(&bd);
    for (size_t j = 0; j < n; j++)
        if (bd.al.nmove[j]) {
            int32_t real = bd.real_at[j], ghost = bd.ghost_at[bd.al.n2o[j]];
            r->blocks[real].peer = ghost;
            r->blocks[ghost].peer = real;
        }
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
        s->blocks_raw += b->raw_diff;
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
