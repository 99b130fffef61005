/* cleanup.c - readability cleanup of a word diff (diff-match-patch style).
 *
 * The script is held as a list of segments, each an equality or a change
 * group (a deleted range of the old side and an inserted range of the new
 * side, either possibly empty), which keeps every step an O(1) splice:
 *   1. slide each pure insertion or deletion along the equal tokens around
 *      it to the position whose two boundaries score best (a space beats
 *      glued punctuation, which beats the inside of a word group), as
 *      xdiff's xdl_change_compact and dmp's cleanupSemanticLossless do;
 *   2. absorb every equality whose weight (words 2, punctuation 1) is at
 *      most the larger side of the change on its left and of the change on
 *      its right (dmp's cleanupSemantic rule), re-checking leftwards after
 *      each merge with a stack, so "a the b" confetti becomes one phrase;
 *   3. factor out a common prefix and suffix of each change group, then
 *      slide again.
 * Weights count words rather than characters (dmp counts characters):
 * for prose a short word and a long word are the same amount of reading.
 * They come from prefix sums over each side, so that the weight of a
 * change group that keeps growing in step 2 costs O(1): summing its
 * tokens again made "a0 the a1 the ..." against "b0 the b1 the ..."
 * (one equality of one word between every two changes) quadratic.
 */
#include "cleanup.h"

#include "arena.h"

#include <stdlib.h>
#include <string.h>

typedef struct seg {
    bool eq;
    uint32_t o0, olen, n0, nlen;   /* eq: olen == nlen */
} seg;

typedef struct ctx {
    const rl_seq *old, *new;
    seg *s;
    size_t n, cap;
    uint32_t *wold, *wnew;   /* prefix sums of token weights (NULL: no tokens) */
} ctx;

int rl_cleanup_fault;

static bool sentence_end(rl_str t)
{
    return t.n == 1 && (t.p[0] == '.' || t.p[0] == ';' || t.p[0] == ':' || t.p[0] == '!' || t.p[0] == '?');
}

static bool opening(rl_str t)
{
    if (t.n == 1)
        return t.p[0] == '(' || t.p[0] == '[' || t.p[0] == '{' || t.p[0] == '"' || t.p[0] == '\'';
    /* U+2018 and U+201C, the opening curly quotes */
    return t.n == 3 && (unsigned char)t.p[0] == 0xE2 && (unsigned char)t.p[1] == 0x80 &&
           ((unsigned char)t.p[2] == 0x98 || (unsigned char)t.p[2] == 0x9C);
}

int rl_cleanup_boundary(const rl_seq *s, size_t k)
{
    if (k == 0 || k >= s->n)
        return 6;
    if (!s->tok)
        return 4;
    const rl_token *prev = &s->tok[k - 1], *next = &s->tok[k];
    if (next->space != RL_SP_NONE) {
        if (next->space == RL_SP_BREAK || (prev->kind == RL_TOK_PUNCT && sentence_end(prev->text)))
            return 5;
        return 4;
    }
    if (next->kind == RL_TOK_PUNCT && !opening(next->text))
        return 1;
    if (prev->kind == RL_TOK_PUNCT && opening(prev->text))
        return 1;
    return 0;
}

/* Prefix sums of token weights (words 2, punctuation 1): w[k] is the
 * weight of tokens [0, k).  NULL when the side has no tokens (every
 * element then weighs 2).  Free with free(). */
static uint32_t *weights(const rl_seq *s)
{
    if (!s->tok)
        return NULL;
    uint32_t *w = rl_xmalloc((s->n + 1) * sizeof *w);
    w[0] = 0;
    for (size_t i = 0; i < s->n; i++)
        w[i + 1] = w[i] + (s->tok[i].kind == RL_TOK_WORD ? 2 : 1);
    return w;
}

static unsigned weight(const uint32_t *w, uint32_t from, uint32_t len)
{
    return w ? w[from + len] - w[from] : 2 * len;
}

/* Coalesce adjacent segments of the same kind and drop empty ones. */
static void merge(ctx *c)
{
    size_t w = 0;
    for (size_t r = 0; r < c->n; r++) {
        seg g = c->s[r];
        if (g.olen == 0 && g.nlen == 0)
            continue;
        if (w > 0 && c->s[w - 1].eq == g.eq) {
            c->s[w - 1].olen += g.olen;
            c->s[w - 1].nlen += g.nlen;
            continue;
        }
        c->s[w++] = g;
    }
    c->n = w;
}

/* Give a change at either end of the block an equality (empty) on its
 * outer side, so that slide() always has somewhere to put the tokens a
 * change passes over.  Without it, sliding the insertion of
 * "Yes , I said Yes" against "Yes" left by one shrank the equality before
 * it and gave the freed "Yes" to nobody: the word fell out of both sides.
 * merge() drops the padding again when it stays empty. */
static void pad(ctx *c)
{
    if (c->n == 0)
        return;
    if (!c->s[0].eq) {
        memmove(c->s + 1, c->s, c->n * sizeof *c->s);
        c->s[0] = (seg){true, 0, 0, 0, 0};
        c->n++;
    }
    if (!c->s[c->n - 1].eq)
        c->s[c->n++] = (seg){true, (uint32_t)c->old->n, 0, (uint32_t)c->new->n, 0};
}

/* Step 1 and 3: slide pure changes to their best boundaries.  Every change
 * has an equality on each side (pad), so a slide only moves tokens from
 * one equality to the other and the script keeps every token. */
static void slide(ctx *c)
{
    if (c->n + 2 > c->cap)
        RL_BUG("cleanup: no room to pad the script");
    pad(c);
    for (size_t i = 0; i < c->n; i++) {
        seg *g = &c->s[i];
        if (g->eq || (g->olen && g->nlen))
            continue;
        bool ins = g->nlen > 0;
        const rl_seq *sq = ins ? c->new : c->old;
        uint32_t s = ins ? g->n0 : g->o0, len = ins ? g->nlen : g->olen;
        /* merge() left no two changes side by side and pad() closed the
         * ends, so both neighbours are equalities. */
        seg *before = &c->s[i - 1], *after = &c->s[i + 1];
        uint32_t lo = s - before->nlen;
        uint32_t hi = s + after->nlen;   /* furthest start */
        uint32_t left = s;
        while (left > lo && sq->key[left - 1] == sq->key[left - 1 + len])
            left--;
        uint32_t best = left;
        int best_score = -1;
        for (uint32_t p = left;; p++) {
            int sc = rl_cleanup_boundary(sq, p) + rl_cleanup_boundary(sq, p + len);
            if (sc >= best_score) { /* ties: the later position, as xdiff slides down */
                best_score = sc;
                best = p;
            }
            if (p >= hi || sq->key[p] != sq->key[p + len])
                break;
        }
        long delta = (long)best - (long)s;
        if (delta == 0)
            continue;
        g->o0 = (uint32_t)((long)g->o0 + delta);
        g->n0 = (uint32_t)((long)g->n0 + delta);
        before->olen = (uint32_t)((long)before->olen + delta);
        before->nlen = before->olen;
        after->o0 = (uint32_t)((long)after->o0 + delta);
        after->n0 = (uint32_t)((long)after->n0 + delta);
        after->olen = (uint32_t)((long)after->olen - delta);
        after->nlen = after->olen;
    }
    merge(c);
}

static unsigned side_max(const ctx *c, const seg *g)
{
    unsigned d = weight(c->wold, g->o0, g->olen), n = weight(c->wnew, g->n0, g->nlen);
    return d > n ? d : n;
}

/* Step 2: absorb small equalities between changes. */
static void absorb(ctx *c)
{
    size_t w = 0;
    for (size_t r = 0; r < c->n; r++) {
        c->s[w++] = c->s[r];
        while (w >= 3 && !c->s[w - 1].eq && c->s[w - 2].eq && !c->s[w - 3].eq) {
            seg *g1 = &c->s[w - 3], *e = &c->s[w - 2], *g2 = &c->s[w - 1];
            unsigned ew = weight(c->wnew, e->n0, e->nlen);
            if (ew > side_max(c, g1) || ew > side_max(c, g2))
                break;
            g1->olen += e->olen + g2->olen;
            g1->nlen += e->nlen + g2->nlen;
            w -= 2;
        }
    }
    c->n = w;
}

/* Step 3: move a common prefix/suffix of a change group into equalities. */
static void factor(ctx *c)
{
    size_t cap = 3 * c->n + 3;   /* each group may become three segments; two for pad() */
    seg *out = rl_xmalloc(cap * sizeof *out);
    size_t w = 0;
    for (size_t r = 0; r < c->n; r++) {
        seg g = c->s[r];
        if (g.eq || !g.olen || !g.nlen) {
            out[w++] = g;
            continue;
        }
        uint32_t p = 0;
        while (p < g.olen && p < g.nlen && c->old->key[g.o0 + p] == c->new->key[g.n0 + p])
            p++;
        uint32_t q = 0;
        while (q < g.olen - p && q < g.nlen - p &&
               c->old->key[g.o0 + g.olen - 1 - q] == c->new->key[g.n0 + g.nlen - 1 - q])
            q++;
        if (p)
            out[w++] = (seg){true, g.o0, p, g.n0, p};
        out[w++] = (seg){false, g.o0 + p, g.olen - p - q, g.n0 + p, g.nlen - p - q};
        if (q)
            out[w++] = (seg){true, g.o0 + g.olen - q, q, g.n0 + g.nlen - q, q};
    }
    free(c->s);
    c->s = out;
    c->n = w;
    c->cap = cap;
    merge(c);
}

/* The raw script: one segment per maximal run of marked or unmarked
 * positions, alternating. */
static void from_marks(ctx *c, const uint8_t *del, const uint8_t *ins)
{
    size_t n = c->old->n, m = c->new->n, i = 0, j = 0;
    c->n = 0;
    while (i < n || j < m) {
        if ((i < n && del[i]) || (j < m && ins[j])) {
            seg g = {false, (uint32_t)i, 0, (uint32_t)j, 0};
            while ((i < n && del[i]) || (j < m && ins[j])) {
                if (i < n && del[i])
                    i++;
                else
                    j++;
            }
            g.olen = (uint32_t)(i - g.o0);
            g.nlen = (uint32_t)(j - g.n0);
            c->s[c->n++] = g;
        } else {
            seg e = {true, (uint32_t)i, 0, (uint32_t)j, 0};
            while (i < n && j < m && !del[i] && !ins[j]) {
                if (c->old->key[i] != c->new->key[j])
                    RL_BUG("change marks do not describe a common subsequence");
                i++, j++;
            }
            if (i == e.o0)
                RL_BUG("change marks of different lengths");
            e.olen = e.nlen = (uint32_t)(i - e.o0);
            c->s[c->n++] = e;
        }
    }
}

/* The invariant every step must keep: the segments cover both sides
 * exactly, in order, and each equality pairs equal keys.  O(n + m). */
static bool intact(const ctx *c)
{
    uint32_t oi = 0, ni = 0;
    for (size_t k = 0; k < c->n; k++) {
        const seg *g = &c->s[k];
        if (g->o0 != oi || g->n0 != ni)
            return false;
        if (g->eq) {
            if (g->olen != g->nlen)
                return false;
            if (g->olen > c->old->n - oi || g->nlen > c->new->n - ni)
                return false;
            for (uint32_t t = 0; t < g->olen; t++)
                if (c->old->key[g->o0 + t] != c->new->key[g->n0 + t])
                    return false;
        }
        oi += g->olen;
        ni += g->nlen;
        if (oi > c->old->n || ni > c->new->n)
            return false;
    }
    return oi == c->old->n && ni == c->new->n;
}

/* Tests only (rl_cleanup_fault): spoil the script the way the old slide()
 * did, by taking the last token away from both sides of an equality. */
static void spoil(ctx *c)
{
    for (size_t k = 0; k < c->n; k++)
        if (c->s[k].eq && c->s[k].olen) {
            c->s[k].olen--;
            c->s[k].nlen--;
            return;
        }
    if (c->n && c->s[0].olen)
        c->s[0].olen--;
    else if (c->n && c->s[0].nlen)
        c->s[0].nlen--;
}

/* Runs one step and checks its result; false if the step broke it. */
static bool step(ctx *c, rl_cleanup_step which, void (*fn)(ctx *))
{
    fn(c);
    if (rl_cleanup_fault == (int)which)
        spoil(c);
    return intact(c);
}

static void absorb_weighted(ctx *c)
{
    if (c->n <= 2)
        return;
    c->wold = weights(c->old);
    c->wnew = weights(c->new);
    absorb(c);
    free(c->wold);
    free(c->wnew);
    c->wold = c->wnew = NULL;
}

const char *rl_cleanup_step_name(rl_cleanup_step s)
{
    switch (s) {
    case RL_CLEANUP_OK: return "none";
    case RL_CLEANUP_SLIDE: return "slide";
    case RL_CLEANUP_ABSORB: return "absorb";
    case RL_CLEANUP_FACTOR: return "factor";
    case RL_CLEANUP_RESLIDE: return "slide after factor";
    }
    return "?";
}

rl_run *rl_cleanup_runs(rl_arena *a, const rl_seq *old, const rl_seq *new, const uint8_t *del,
                        const uint8_t *ins, bool semantic, size_t *nruns, rl_cleanup_step *broken)
{
    size_t n = old->n, m = new->n;
    ctx c = {old, new, NULL, 0, n + m + 3, NULL, NULL};
    c.s = rl_xmalloc(c.cap * sizeof(seg));
    from_marks(&c, del, ins);
    rl_cleanup_step bad = RL_CLEANUP_OK;
    if (semantic) {
        if (!step(&c, RL_CLEANUP_SLIDE, slide))
            bad = RL_CLEANUP_SLIDE;
        else if (!step(&c, RL_CLEANUP_ABSORB, absorb_weighted))
            bad = RL_CLEANUP_ABSORB;
        else if (!step(&c, RL_CLEANUP_FACTOR, factor))
            bad = RL_CLEANUP_FACTOR;
        else if (!step(&c, RL_CLEANUP_RESLIDE, slide))
            bad = RL_CLEANUP_RESLIDE;
        if (bad != RL_CLEANUP_OK) {
            /* A step lost or invented tokens: show the minimal script,
             * which is right if less readable, and tell the caller. */
            if (c.cap < n + m + 3) {
                free(c.s);
                c.cap = n + m + 3;
                c.s = rl_xmalloc(c.cap * sizeof(seg));
            }
            from_marks(&c, del, ins);
        }
    }
    if (broken)
        *broken = bad;
    size_t nr = 0;
    for (size_t k = 0; k < c.n; k++)
        nr += c.s[k].eq ? 1 : (c.s[k].olen > 0) + (c.s[k].nlen > 0);
    rl_run *runs = nr ? rl_arena_array(a, nr, sizeof *runs) : NULL;
    size_t w = 0;
    for (size_t k = 0; k < c.n; k++) {
        seg g = c.s[k];
        if (g.eq) {
            runs[w++] = (rl_run){RL_OP_EQUAL, g.o0, g.n0, g.olen};
            continue;
        }
        if (g.olen)
            runs[w++] = (rl_run){RL_OP_DELETE, g.o0, g.n0, g.olen};
        if (g.nlen)
            runs[w++] = (rl_run){RL_OP_INSERT, g.o0 + g.olen, g.n0, g.nlen};
    }
    free(c.s);
    *nruns = nr;
    return runs;
}
