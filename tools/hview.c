/* hview.c - display runs and separators over a history (see hview.h).
 *
 * Runs: one pass over each block's words, starting a new run when the
 * tags change or when a word's separator differs between the versions it
 * is in (history.c records the separator per version).  Label runs come
 * from the per-version labels, grouped over stretches of equal labels.
 * The heading level, list depth and link table of a word come from the
 * version block its token lives in: the token arrays of every block of
 * every version are disjoint, so their address ranges, sorted once, answer
 * "which block holds this token" by binary search (addresses compared as
 * uintptr_t, never as pointers into different objects).  Cost: O(B log B)
 * for B blocks over all versions, then O(W (log B + V)) for W words and V
 * versions.
 * Rejected: one separator per word (a word glued to a quote in one
 * version and spaced in the next would read wrongly in one of them), and
 * a gluing heuristic ("foo*bar*" is two glued words).
 */
#include "hview.h"

#include <stdlib.h>

#include "arena.h"

typedef struct range {
    uintptr_t lo, hi;   /* [lo, hi): the block's token array */
    const rl_block *b;
    uint16_t ver;
} range;

static int range_cmp(const void *x, const void *y)
{
    const range *a = x, *b = y;
    return a->lo < b->lo ? -1 : a->lo > b->lo;
}

static const range *block_of(const range *rs, size_t n, const rl_token *t)
{
    uintptr_t u = (uintptr_t)t;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rs[mid].hi <= u)
            lo = mid + 1;
        else if (rs[mid].lo > u)
            hi = mid;
        else
            return &rs[mid];
    }
    return NULL;
}

/* Label runs of hb into v->runs (v->runs has room). */
static void label_runs(rl_hvblock *v, size_t nver)
{
    const rl_hblock *hb = v->hb;
    size_t end = hb->died < 0 ? nver : (size_t)hb->died;
    size_t k = 0;   /* a moved block's labels go back before its move */
    while (k < end) {
        size_t j = k + 1;
        while (j < end && rl_str_eq(hb->labels[j], hb->labels[k]))
            j++;
        if (hb->labels[k].n)
            v->runs[v->nruns++] = (rl_hrun){(int16_t)k, j == nver ? -1 : (int16_t)j, true,
                                            hb->labels[k], 0, 0};
        k = j;
    }
    v->nlabels = v->nruns;
}

rl_hview *rl_hview_build(rl_arena *a, const rl_history *h, const rl_doc *const *docs)
{
    size_t nr = 0;
    for (size_t k = 0; k < h->nversions; k++)
        nr += docs[k]->nblocks;
    range *rs = rl_arena_array(a, nr ? nr : 1, sizeof *rs);
    size_t m = 0;
    for (size_t k = 0; k < h->nversions; k++)
        for (size_t b = 0; b < docs[k]->nblocks; b++) {
            const rl_block *bl = &docs[k]->blocks[b];
            if (bl->ntoks)
                rs[m++] = (range){(uintptr_t)bl->toks, (uintptr_t)(bl->toks + bl->ntoks), bl,
                                   (uint16_t)k};
        }
    qsort(rs, m, sizeof *rs, range_cmp);

    rl_hview *v = rl_arena_alloc(a, sizeof *v);
    v->h = h;
    v->docs = docs;
    v->nblocks = h->nblocks;
    v->blocks = rl_arena_array(a, h->nblocks ? h->nblocks : 1, sizeof *v->blocks);
    for (size_t i = 0; i < h->nblocks; i++) {
        const rl_hblock *hb = &h->blocks[i];
        rl_hvblock *vb = &v->blocks[i];
        vb->hb = hb;
        vb->sep = rl_arena_array(a, hb->nwords ? hb->nwords : 1, 1);
        vb->varies = rl_arena_array(a, hb->nwords ? hb->nwords : 1, sizeof *vb->varies);
        vb->ver = rl_arena_array(a, hb->nwords ? hb->nwords : 1, sizeof *vb->ver);
        vb->runs = rl_arena_array(a, hb->nwords + h->nversions + 1, sizeof *vb->runs);
        label_runs(vb, h->nversions);
        for (size_t w = 0; w < hb->nwords; w++) {
            const rl_token *t = hb->words[w].tok;
            const range *rg = block_of(rs, m, t);
            const rl_block *src = rg ? rg->b : NULL;
            vb->ver[w] = rg ? rg->ver : 0;
            if (src && (!vb->src || hb->words[w].died < 0))
                vb->src = src;   /* prefer a word still alive: the latest form */
            /* All versions: the separator where the word last appeared. */
            size_t from, to;
            rl_hview_span(vb, w, h->nversions, &from, &to);
            uint8_t sp = to > from ? hb->words[w].space[to - 1] : t->space;
            if (sp == RL_HSP_START || w == 0)
                sp = w == 0 ? RL_SP_NONE : RL_SP_SPACE;
            vb->sep[w] = sp;
            for (size_t k = from; k < to && w > 0; k++)
                if (hb->words[w].space[k] != RL_HSP_START && hb->words[w].space[k] != sp)
                    vb->varies[w] = true;
            const rl_hword *x = &hb->words[w];
            rl_hrun *last = vb->nruns > vb->nlabels ? &vb->runs[vb->nruns - 1] : NULL;
            if (last && last->born == x->born && last->died == x->died && !vb->varies[w])
                last->n++;
            else
                vb->runs[vb->nruns++] = (rl_hrun){x->born, x->died, false, RL_STR_NULL, (uint32_t)w, 1};
        }
    }
    return v;
}

void rl_hview_span(const rl_hvblock *b, size_t w, size_t nver, size_t *from, size_t *to)
{
    const rl_hword *x = &b->hb->words[w];
    int lo = x->born > b->hb->born ? x->born : b->hb->born;
    int hi = x->died < 0 ? b->hb->died : b->hb->died < 0 ? x->died : x->died < b->hb->died ? x->died : b->hb->died;
    *from = (size_t)lo;
    *to = hi < 0 ? nver : (size_t)hi;
    if (*to < *from)
        *to = *from;
}

uint8_t rl_hview_sep(const rl_hvblock *b, size_t w, size_t k)
{
    uint8_t sp = b->hb->words[w].space[k];
    return sp == RL_HSP_START || w == 0 ? RL_SP_NONE : sp;
}

void rl_hview_counts(const rl_history *h, size_t *added, size_t *deleted)
{
    for (size_t k = 0; k < h->nversions; k++)
        added[k] = deleted[k] = 0;
    for (size_t i = 0; i < h->nblocks; i++)
        for (size_t w = 0; w < h->blocks[i].nwords; w++) {
            const rl_hword *x = &h->blocks[i].words[w];
            if (x->tok->kind != RL_TOK_WORD)
                continue;
            if (x->born > 0 && (size_t)x->born < h->nversions)
                added[x->born]++;
            if (x->died > 0 && (size_t)x->died < h->nversions)
                deleted[x->died]++;
        }
}
