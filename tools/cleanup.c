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
    size_t n;
    uint32_t *wold, *wnew;   /* prefix sums of token weights (NULL: no tokens) */
} ctx;

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

/* Step 1 and 3: slide pure changes to their best boundaries. */
static void slide(ctx *c)
{
    for (size_t i = 0; i < c->n; i++) {
        seg *g = &c->s[i];
        if (g->eq || (g->olen && g->nlen))
            continue;
        bool ins = g->nlen > 0;
        const rl_seq *sq = ins ? c->new : c->old;
        uint32_t s = ins ? g->n0 : g->o0, len = ins ? g->nlen : g->olen;
        seg *before = i > 0 && c->s[i - 1].eq ? &c->s[i - 1] : NULL;
        seg *after = i + 1 < c->n && c->s[i + 1].eq ? &c->s[i + 1] : NULL;
        if (!before && !after)
            continue;
        uint32_t lo = s - (before ? before->nlen : 0);
        uint32_t hi = s + (after ? after->nlen : 0);   /* furthest start */
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
        if (before) {
            before->olen = (uint32_t)((long)before->olen + delta);
            before->nlen = before->olen;
        }
        if (after) {
            after->o0 = (uint32_t)((long)after->o0 + delta);
            after->n0 = (uint32_t)((long)after->n0 + delta);
            after->olen = (uint32_t)((long)after->olen - delta);
            after->nlen = after->olen;
        }
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
    seg *out = rl_xmalloc((3 * c->n + 1) * sizeof *out);
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
    merge(c);
}

rl_run *rl_cleanup_runs(rl_arena *a, const rl_seq *old, const rl_seq *new, const uint8_t *del,
                        const uint8_t *ins, bool semantic, size_t *nruns)
{
    size_t n = old->n, m = new->n;
    ctx c = {old, new, rl_xmalloc((n + m + 1) * sizeof(seg)), 0, NULL, NULL};
    size_t i = 0, j = 0;
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
            c.s[c.n++] = g;
        } else {
            seg e = {true, (uint32_t)i, 0, (uint32_t)j, 0};
            while (i < n && j < m && !del[i] && !ins[j]) {
                if (old->key[i] != new->key[j])
                    RL_BUG("change marks do not describe a common subsequence");
                i++, j++;
            }
            if (i == e.o0)
                RL_BUG("change marks of different lengths");
            e.olen = e.nlen = (uint32_t)(i - e.o0);
            c.s[c.n++] = e;
        }
    }
    if (semantic) {
        slide(&c);
        if (c.n > 2) {
            c.wold = weights(old);
            c.wnew = weights(new);
            absorb(&c);
            free(c.wold);
            free(c.wnew);
        }
        factor(&c);
        slide(&c);
    }
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
