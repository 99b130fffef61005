/* align.c - block alignment and move detection.
 *
 * 1. Anchors: blocks whose token keys occur exactly once in each version
 *    are paired, and the longest increasing subsequence of those pairs (in
 *    O(k log k), patience sorting) is kept: Bram Cohen's patience diff,
 *    applied to blocks.
 * 2. Between two anchors, identical blocks at both ends of the gap are
 *    paired; the rest is paired by similarity (Dice coefficient of the two
 *    word multisets).  Candidate pairs come from all pairs when the gap is
 *    small, else from an inverted index of 3-word shingles (a shingle in
 *    more than MAX_POSTINGS blocks is ignored), keeping each old block's
 *    best few; among candidates above the threshold, the chain increasing
 *    on both sides with the largest total similarity is taken (a Fenwick
 *    tree of prefix maxima, O(k log n)).  All-pairs similarity over whole
 *    gaps was rejected: an unrelated pair of long texts is one gap of
 *    thousands of blocks on each side.
 * 3. Moves: deleted and inserted blocks left over anywhere in the document
 *    are matched the same way (threshold RL_ALIGN_MOVE_MIN), greedily from
 *    the most similar pair down.  A block of fewer than MOVE_MIN_WORDS
 *    words has too few 3-word shingles to be found through the index, and
 *    one shared word ("Article", "the") says nothing; such a block moves
 *    when it is identical, or when it shares at least MOVE_SHORT_SHARED
 *    words with the other block and their Dice value is at least
 *    MOVE_SHORT_DICE ("Last one." -> "Last one, with more.", 2/3).  Dice
 *    0.5 was rejected: it moved MPL 1.1's heading "2. Source Code License."
 *    to MPL 2.0's "Exhibit A - Source Code Form License Notice".  Their
 *    candidates come from a second index, of single words, over the short
 *    leftover blocks of one side and the leftovers of the other that are
 *    short enough to reach that Dice value (at most twice as many words).
 * Blocks may come without their ids (rl_akeys): identical blocks are then
 * found by hash and confirmed by the caller, and ids are fetched only for
 * the blocks that similarity looks into (the per-key arrays grow with them).
 */
#include "align.h"

#include "arena.h"

#include <stdlib.h>
#include <string.h>

#define SMALL_GAP 400     /* up to this many block pairs, compare them all */
#define MAX_POSTINGS 16   /* shingles more common than this say nothing */
#define TOP_K 3           /* candidates kept per old block from the index */
#define MOVE_MIN_WORDS 4  /* shorter blocks move only when identical, or: */
#define MOVE_SHORT_SHARED 2          /* ... when they share this many words */
#define MOVE_SHORT_DICE (2.0 / 3.0)  /* ... and are this similar */

typedef struct cand {
    int32_t o, n;
    double sim;
} cand;

typedef struct ctx {
    rl_arena *a;
    const rl_ablock *ob, *nb;
    size_t m, n;
    uint32_t nkeys;
    uint32_t *cnt, *gen;
    uint32_t curgen;
    rl_alignment *al;
    const rl_akeys *keys;
    cand *cands;
    size_t ncands, capcands;
} ctx;

/* Old block x and new block y have equal keys. */
static bool same(const ctx *c, const rl_ablock *x, const rl_ablock *y)
{
    if (x->hash != y->hash || x->nids != y->nids)
        return false;
    if (x->nids == 0)
        return true;
    if (x->ids && y->ids)
        return memcmp(x->ids, y->ids, x->nids * sizeof *x->ids) == 0;
    return c->keys->equal(c->keys->ud, (size_t)(x - c->ob), (size_t)(y - c->nb));
}

/* Give old (side 0) or new (side 1) block b its ids. */
static void need_slow(ctx *c, int side, const rl_ablock *b)
{
    c->keys->fill(c->keys->ud, side, (size_t)(b - (side ? c->nb : c->ob)));
    uint32_t k = c->keys->count(c->keys->ud);
    if (k <= c->nkeys)
        return;
    size_t nk = (size_t)c->nkeys * 2 > k ? (size_t)c->nkeys * 2 : k;
    c->cnt = rl_xrealloc(c->cnt, (nk + 1) * sizeof *c->cnt);
    c->gen = rl_xrealloc(c->gen, (nk + 1) * sizeof *c->gen);
    memset(c->cnt + c->nkeys + 1, 0, (nk - c->nkeys) * sizeof *c->cnt);
    memset(c->gen + c->nkeys + 1, 0, (nk - c->nkeys) * sizeof *c->gen);
    c->nkeys = (uint32_t)nk;
}

static inline void need(ctx *c, int side, const rl_ablock *b)
{
    if (!b->ids && b->nids)
        need_slow(c, side, b);
}

static double sim(ctx *c, const rl_ablock *x, const rl_ablock *y)
{
    if (same(c, x, y))
        return 1.0;
    if (x->nwords == 0 || y->nwords == 0)
        return 0.0;
    need(c, 0, x);
    need(c, 1, y);
    if (++c->curgen == 0) {
        memset(c->gen, 0, c->nkeys * sizeof *c->gen);
        c->curgen = 1;
    }
    for (uint32_t k = 0; k < x->nwords; k++) {
        uint32_t w = x->words[k];
        if (c->gen[w] != c->curgen) {
            c->gen[w] = c->curgen;
            c->cnt[w] = 0;
        }
        c->cnt[w]++;
    }
    uint32_t shared = 0;
    for (uint32_t k = 0; k < y->nwords; k++) {
        uint32_t w = y->words[k];
        if (c->gen[w] == c->curgen && c->cnt[w] > 0) {
            c->cnt[w]--;
            shared++;
        }
    }
    return 2.0 * shared / (double)(x->nwords + y->nwords);
}

double rl_align_similarity(const rl_ablock *x, const rl_ablock *y, uint32_t nkeys)
{
    ctx c = {0};
    c.nkeys = nkeys;
    c.cnt = rl_xcalloc(nkeys, sizeof *c.cnt);
    c.gen = rl_xcalloc(nkeys, sizeof *c.gen);
    double s = sim(&c, x, y);
    free(c.cnt);
    free(c.gen);
    return s;
}

static void pair(ctx *c, size_t i, size_t j, bool move)
{
    c->al->o2n[i] = (int32_t)j;
    c->al->n2o[j] = (int32_t)i;
    c->al->omove[i] = c->al->nmove[j] = move;
}

static void add_cand(ctx *c, int32_t o, int32_t n, double s)
{
    if (c->ncands == c->capcands) {
        c->capcands = c->capcands ? 2 * c->capcands : 64;
        c->cands = rl_xrealloc(c->cands, c->capcands * sizeof *c->cands);
    }
    c->cands[c->ncands++] = (cand){o, n, s};
}

/* ---- candidate pairs -------------------------------------------------- */

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    h ^= h >> 33;
    return h;
}

/* Features of a block: its 3-word shingles (its hash if it has fewer than
 * three words), or with words = true its single words. */
static size_t nfeatures(const rl_ablock *b, bool words)
{
    if (words)
        return b->nwords;
    return b->nwords >= 3 ? b->nwords - 2 : 1;
}

static uint64_t feature(const rl_ablock *b, size_t k, bool words)
{
    if (words)
        return mix((uint64_t)b->words[k] * 0x100000001b3u + 0x51ed270b27u);
    if (b->nwords < 3)
        return mix(b->hash ^ 0x9e3779b97f4a7c15u);
    return mix(((uint64_t)b->words[k] * 0x100000001b3u) ^ ((uint64_t)b->words[k + 1] << 21) ^
               ((uint64_t)b->words[k + 2] << 42) ^ b->words[k + 2]);
}

typedef struct fslot {
    uint64_t key;
    uint32_t count, head;   /* head: index into postings + 1, 0 = empty */
} fslot;

/* Candidate pairs (olist[x], nlist[y]) with similarity >= min, appended to
 * c->cands; words selects the index of single words (see nfeatures). */
static void candidates(ctx *c, const int32_t *olist, size_t no, const int32_t *nlist, size_t nn, double min,
                       bool words)
{
    if (no == 0 || nn == 0)
        return;
    for (size_t x = 0; x < no; x++)
        need(c, 0, &c->ob[olist[x]]);
    for (size_t y = 0; y < nn; y++)
        need(c, 1, &c->nb[nlist[y]]);
    if (no * nn <= SMALL_GAP) {
        for (size_t x = 0; x < no; x++)
            for (size_t y = 0; y < nn; y++) {
                const rl_ablock *ob = &c->ob[olist[x]], *nb = &c->nb[nlist[y]];
                uint32_t lo = ob->nwords < nb->nwords ? ob->nwords : nb->nwords;
                if (ob->nwords + nb->nwords > 0 && 2.0 * lo / (ob->nwords + nb->nwords) < min &&
                    !same(c, ob, nb))
                    continue;
                double s = sim(c, ob, nb);
                if (s >= min)
                    add_cand(c, olist[x], nlist[y], s);
            }
        return;
    }
    size_t total = 0;
    for (size_t y = 0; y < nn; y++)
        total += nfeatures(&c->nb[nlist[y]], words);
    size_t nslots = 16;
    while (nslots < 2 * total)
        nslots <<= 1;
    fslot *slots = rl_xcalloc(nslots, sizeof *slots);
    uint32_t *pblk = rl_xmalloc(total * sizeof *pblk), *pnext = rl_xmalloc(total * sizeof *pnext);
    size_t np = 0;
    for (size_t y = 0; y < nn; y++) {
        const rl_ablock *b = &c->nb[nlist[y]];
        for (size_t k = 0, nf = nfeatures(b, words); k < nf; k++) {
            uint64_t f = feature(b, k, words);
            size_t s = f & (nslots - 1);
            while (slots[s].head && slots[s].key != f)
                s = (s + 1) & (nslots - 1);
            if (slots[s].head && pblk[slots[s].head - 1] == y)
                continue; /* already listed for this block */
            slots[s].key = f;
            pblk[np] = (uint32_t)y;
            pnext[np] = slots[s].head;
            slots[s].head = (uint32_t)++np;
            slots[s].count++;
        }
    }
    uint32_t *score = rl_xcalloc(nn, sizeof *score);
    uint32_t *touched = rl_xmalloc(nn * sizeof *touched);
    for (size_t x = 0; x < no; x++) {
        const rl_ablock *b = &c->ob[olist[x]];
        size_t nt = 0;
        for (size_t k = 0, nf = nfeatures(b, words); k < nf; k++) {
            uint64_t f = feature(b, k, words);
            size_t s = f & (nslots - 1);
            while (slots[s].head && slots[s].key != f)
                s = (s + 1) & (nslots - 1);
            if (!slots[s].head || slots[s].count > MAX_POSTINGS)
                continue;
            for (uint32_t p = slots[s].head; p; p = pnext[p - 1]) {
                uint32_t y = pblk[p - 1];
                if (!score[y]++)
                    touched[nt++] = y;
            }
        }
        uint32_t best[TOP_K];
        size_t nbest = 0;
        for (size_t t = 0; t < nt; t++) {
            uint32_t y = touched[t];
            size_t pos = nbest < TOP_K ? nbest++ : TOP_K;
            /* insertion into the sorted top list (score desc, then y asc) */
            while (pos > 0 && (score[best[pos - 1]] < score[y] ||
                               (score[best[pos - 1]] == score[y] && best[pos - 1] > y))) {
                if (pos < TOP_K)
                    best[pos] = best[pos - 1];
                pos--;
            }
            if (pos < TOP_K)
                best[pos] = y;
        }
        for (size_t t = 0; t < nbest; t++) {
            double s = sim(c, b, &c->nb[nlist[best[t]]]);
            if (s >= min)
                add_cand(c, olist[x], nlist[best[t]], s);
        }
        for (size_t t = 0; t < nt; t++)
            score[touched[t]] = 0;
    }
    free(score);
    free(touched);
    free(slots);
    free(pblk);
    free(pnext);
}

/* ---- in-order pairing inside a gap ------------------------------------ */

static int cmp_chain(const void *x, const void *y)
{
    const cand *p = x, *q = y;
    if (p->o != q->o)
        return p->o < q->o ? -1 : 1;
    if (p->n != q->n)
        return p->n > q->n ? -1 : 1;
    return 0;
}

/* Pair the maximum-weight chain of c->cands, increasing in both indices. */
static void best_chain(ctx *c, size_t n0, size_t nn)
{
    size_t k = c->ncands;
    if (k == 0)
        return;
    qsort(c->cands, k, sizeof *c->cands, cmp_chain);
    double *tree = rl_xcalloc(nn + 1, sizeof *tree);
    int32_t *tidx = rl_xmalloc((nn + 1) * sizeof *tidx);
    int32_t *prev = rl_xmalloc(k * sizeof *prev);
    double *val = rl_xmalloc(k * sizeof *val);
    for (size_t i = 0; i <= nn; i++)
        tidx[i] = -1;
    int32_t top = -1;
    double topv = 0;
    for (size_t i = 0; i < k; i++) {
        size_t pos = (size_t)c->cands[i].n - n0; /* 0-based; query [0, pos) */
        double bestv = 0;
        int32_t besti = -1;
        for (size_t q = pos; q > 0; q -= q & (~q + 1))
            if (tidx[q] >= 0 && tree[q] > bestv)
                bestv = tree[q], besti = tidx[q];
        val[i] = bestv + c->cands[i].sim;
        prev[i] = besti;
        for (size_t q = pos + 1; q <= nn; q += q & (~q + 1))
            if (tidx[q] < 0 || val[i] > tree[q])
                tree[q] = val[i], tidx[q] = (int32_t)i;
        if (val[i] > topv)
            topv = val[i], top = (int32_t)i;
    }
    for (int32_t i = top; i >= 0; i = prev[i])
        pair(c, (size_t)c->cands[i].o, (size_t)c->cands[i].n, false);
    free(tree);
    free(tidx);
    free(prev);
    free(val);
}

static void gap(ctx *c, size_t o0, size_t o1, size_t n0, size_t n1)
{
    while (o0 < o1 && n0 < n1 && same(c, &c->ob[o0], &c->nb[n0]))
        pair(c, o0++, n0++, false);
    while (o0 < o1 && n0 < n1 && same(c, &c->ob[o1 - 1], &c->nb[n1 - 1]))
        pair(c, --o1, --n1, false);
    if (o0 == o1 || n0 == n1)
        return;
    if (o1 - o0 == 1 && n1 - n0 == 1) {
        if (sim(c, &c->ob[o0], &c->nb[n0]) >= RL_ALIGN_PAIR_MIN_1X1)
            pair(c, o0, n0, false);
        return;
    }
    int32_t *ol = rl_xmalloc((o1 - o0) * sizeof *ol), *nl = rl_xmalloc((n1 - n0) * sizeof *nl);
    for (size_t i = o0; i < o1; i++)
        ol[i - o0] = (int32_t)i;
    for (size_t j = n0; j < n1; j++)
        nl[j - n0] = (int32_t)j;
    c->ncands = 0;
    candidates(c, ol, o1 - o0, nl, n1 - n0, RL_ALIGN_PAIR_MIN, false);
    best_chain(c, n0, n1 - n0);
    free(ol);
    free(nl);
}

/* ---- anchors ---------------------------------------------------------- */

typedef struct hslot {
    uint64_t hash;
    uint32_t co, cn;      /* occurrences in old / new (0 = empty slot) */
    uint32_t po, pn;      /* position of the (last) occurrence */
} hslot;

static hslot *hfind(hslot *t, size_t nslots, uint64_t h)
{
    size_t s = h & (nslots - 1);
    while ((t[s].co || t[s].cn) && t[s].hash != h)
        s = (s + 1) & (nslots - 1);
    t[s].hash = h;
    return &t[s];
}

/* Anchors (old index, new index), in order on both sides; returns count. */
static size_t anchors(ctx *c, int32_t **outo, int32_t **outn)
{
    size_t nslots = 16;
    while (nslots < (c->m + c->n) + (c->m + c->n) / 2) /* at most two thirds full */
        nslots <<= 1;
    hslot *t = rl_xcalloc(nslots, sizeof *t);
    for (size_t i = 0; i < c->m; i++) {
        hslot *s = hfind(t, nslots, c->ob[i].hash);
        s->co++;
        s->po = (uint32_t)i;
    }
    for (size_t j = 0; j < c->n; j++) {
        hslot *s = hfind(t, nslots, c->nb[j].hash);
        s->cn++;
        s->pn = (uint32_t)j;
    }
    /* unique pairs in old order */
    int32_t *uo = rl_xmalloc((c->m + 1) * sizeof *uo), *un = rl_xmalloc((c->m + 1) * sizeof *un);
    size_t k = 0;
    for (size_t i = 0; i < c->m; i++) {
        hslot *s = hfind(t, nslots, c->ob[i].hash);
        if (s->co == 1 && s->cn == 1 && same(c, &c->ob[i], &c->nb[s->pn])) {
            uo[k] = (int32_t)i;
            un[k] = (int32_t)s->pn;
            k++;
        }
    }
    free(t);
    /* longest increasing subsequence of un[] (patience sorting) */
    int32_t *tails = rl_xmalloc((k + 1) * sizeof *tails), *prev = rl_xmalloc((k + 1) * sizeof *prev);
    size_t len = 0;
    for (size_t x = 0; x < k; x++) {
        size_t lo = 0, hi = len;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (un[tails[mid]] < un[x])
                lo = mid + 1;
            else
                hi = mid;
        }
        prev[x] = lo > 0 ? tails[lo - 1] : -1;
        tails[lo] = (int32_t)x;
        if (lo == len)
            len++;
    }
    int32_t *ao = rl_arena_array(c->a, len + 1, sizeof *ao), *an = rl_arena_array(c->a, len + 1, sizeof *an);
    int32_t x = len ? tails[len - 1] : -1;
    for (size_t p = len; p-- > 0; x = prev[x]) {
        ao[p] = uo[x];
        an[p] = un[x];
    }
    free(uo);
    free(un);
    free(tails);
    free(prev);
    *outo = ao;
    *outn = an;
    return len;
}

/* ---- moves ------------------------------------------------------------ */

static int cmp_move(const void *x, const void *y)
{
    const cand *p = x, *q = y;
    if (p->sim != q->sim)
        return p->sim > q->sim ? -1 : 1;
    if (p->o != q->o)
        return p->o < q->o ? -1 : 1;
    return p->n < q->n ? -1 : p->n > q->n;
}

/* Words two blocks share (multiset intersection), from their Dice value. */
static uint32_t shared_words(const rl_ablock *x, const rl_ablock *y, double dice)
{
    return (uint32_t)(dice * (x->nwords + y->nwords) / 2.0 + 0.5);
}

/* May this candidate pair become a move? */
static bool movable(const ctx *c, const rl_ablock *ob, const rl_ablock *nb, double s)
{
    if (same(c, ob, nb))
        return true;
    if (ob->nwords >= MOVE_MIN_WORDS && nb->nwords >= MOVE_MIN_WORDS)
        return true;
    return s + 1e-9 >= MOVE_SHORT_DICE && shared_words(ob, nb, s) >= MOVE_SHORT_SHARED;
}

/* The blocks of list[0..k) with lo..hi words, into out; returns the count. */
static size_t sized(const int32_t *list, size_t k, const rl_ablock *b, uint32_t lo, uint32_t hi, int32_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < k; i++)
        if (b[list[i]].nwords >= lo && b[list[i]].nwords <= hi)
            out[n++] = list[i];
    return n;
}

static void moves(ctx *c)
{
    int32_t *ol = rl_xmalloc((c->m + 1) * sizeof *ol), *nl = rl_xmalloc((c->n + 1) * sizeof *nl);
    size_t no = 0, nn = 0;
    for (size_t i = 0; i < c->m; i++)
        if (c->al->o2n[i] < 0 && c->ob[i].nwords > 0)
            ol[no++] = (int32_t)i;
    for (size_t j = 0; j < c->n; j++)
        if (c->al->n2o[j] < 0 && c->nb[j].nwords > 0)
            nl[nn++] = (int32_t)j;
    c->ncands = 0;
    candidates(c, ol, no, nl, nn, RL_ALIGN_MOVE_MIN, false);
    /* Short blocks on either side, through the index of single words. */
    const uint32_t lo = MOVE_SHORT_SHARED, sh = MOVE_MIN_WORDS - 1, sm = 2 * sh;
    int32_t *s1 = rl_xmalloc((no + nn + 1) * sizeof *s1), *s2 = rl_xmalloc((no + nn + 1) * sizeof *s2);
    size_t k1 = sized(ol, no, c->ob, lo, sh, s1), k2 = sized(nl, nn, c->nb, lo, sm, s2);
    candidates(c, s1, k1, s2, k2, MOVE_SHORT_DICE - 1e-9, true);
    k1 = sized(ol, no, c->ob, lo, sm, s1);
    k2 = sized(nl, nn, c->nb, lo, sh, s2);
    candidates(c, s1, k1, s2, k2, MOVE_SHORT_DICE - 1e-9, true);
    free(s1);
    free(s2);
    if (c->ncands)
        qsort(c->cands, c->ncands, sizeof *c->cands, cmp_move);
    for (size_t k = 0; k < c->ncands; k++) {
        cand *p = &c->cands[k];
        if (c->al->o2n[p->o] >= 0 || c->al->n2o[p->n] >= 0)
            continue;
        if (!movable(c, &c->ob[p->o], &c->nb[p->n], p->sim))
            continue;
        pair(c, (size_t)p->o, (size_t)p->n, true);
    }
    free(ol);
    free(nl);
}

void rl_align(rl_arena *a, const rl_ablock *old, size_t m, const rl_ablock *new, size_t n,
              uint32_t nkeys, const rl_akeys *keys, bool no_moves, rl_alignment *out)
{
    out->o2n = rl_arena_array(a, m + 1, sizeof *out->o2n);
    out->n2o = rl_arena_array(a, n + 1, sizeof *out->n2o);
    out->omove = rl_arena_array(a, m + 1, 1);
    out->nmove = rl_arena_array(a, n + 1, 1);
    for (size_t i = 0; i < m; i++)
        out->o2n[i] = -1;
    for (size_t j = 0; j < n; j++)
        out->n2o[j] = -1;
    ctx c = {0};
    c.a = a;
    c.ob = old;
    c.nb = new;
    c.m = m;
    c.n = n;
    c.nkeys = nkeys;
    c.cnt = rl_xcalloc(nkeys + 1, sizeof *c.cnt);
    c.gen = rl_xcalloc(nkeys + 1, sizeof *c.gen);
    c.al = out;
    c.keys = keys;
    int32_t *ao, *an;
    size_t k = anchors(&c, &ao, &an);
    size_t po = 0, pn = 0;
    for (size_t x = 0; x <= k; x++) {
        size_t eo = x < k ? (size_t)ao[x] : m, en = x < k ? (size_t)an[x] : n;
        gap(&c, po, eo, pn, en);
        if (x < k) {
            pair(&c, eo, en, false);
            po = eo + 1;
            pn = en + 1;
        }
    }
    if (!no_moves)
        moves(&c);
    free(c.cnt);
    free(c.gen);
    free(c.cands);
}
