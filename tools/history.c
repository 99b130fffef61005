/* history.c - the cumulative view of a chain of versions.
 *
 * The state is a list of blocks in reading order, each a list of words
 * tagged (born, died).  Live blocks and words also know their index in the
 * current version (`cur`).  One step v(i) -> v(i+1) runs rl_diff(v(i),
 * v(i+1)) and walks its blocks in order: an old block's words are visited
 * in old-token order by its EQUAL and DELETE runs (the model's invariant),
 * so the dead words already in the state are copied through just before the
 * live word that followed them; EQUAL words keep their tags and take their
 * new index, DELETE words die at i+1, INSERT runs add words born at i+1.
 * Dead blocks ride along before the live block that followed them.  A
 * moved block leaves a ghost copy at its old place (the redline's ghost
 * entry), which dies with the move and keeps the dead blocks that stood
 * before it; the block itself goes on at its new place, born there with
 * the move.  So every version's blocks stay in that version's order.  Each
 * word also keeps the separator it had in each version (spacing can change
 * while the word stays).  The cost is one diff per step plus linear copying.
 *
 * Rejected: diffing every version against the last (loses words that came
 * and went between), and a multi-way alignment (no good algorithm bounded
 * in time; chained pairwise diffs are what readers of a redline expect).
 */
#include "history.h"

#include <string.h>

#include "arena.h"
#include "buf.h"

typedef struct hlist {
    rl_arena *a;
    rl_hblock *v;
    size_t n, cap;
} hlist;

static rl_hblock *push_block(hlist *l)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        l->v = rl_arena_grow(l->a, l->v, l->n, cap, sizeof *l->v);
        l->cap = cap;
    }
    return &l->v[l->n++];
}

/* The separator before token k of block b, as rl_hword.space records it. */
static uint8_t space_of(const rl_block *b, size_t k)
{
    return k == 0 ? RL_HSP_START : b->toks[k].space;
}

static rl_hblock fresh_block(rl_arena *a, const rl_block *b, size_t nver, int16_t born, int32_t cur)
{
    rl_hblock h = {0};
    h.kind = b->kind;
    h.moved = -1;
    h.labels = rl_arena_array(a, nver, sizeof *h.labels);
    h.labels[born] = b->label;
    h.born = born;
    h.died = -1;
    h.cur = cur;
    h.words = rl_arena_array(a, b->ntoks ? b->ntoks : 1, sizeof *h.words);
    for (size_t k = 0; k < b->ntoks; k++) {
        h.words[k] = (rl_hword){&b->toks[k], rl_arena_alloc(a, nver), born, -1, (int32_t)k};
        h.words[k].space[born] = space_of(b, k);
    }
    h.nwords = b->ntoks;
    return h;
}

/* Carry a live block H of version i through one redline block rb (paired
 * with block `nb` of version i+1, or NULL when deleted). */
static rl_hblock carry(rl_arena *a, const rl_hblock *H, const rl_rblock *rb, const rl_block *nb,
                       int16_t next, size_t nver)
{
    rl_hblock out = *H;
    out.labels = rl_arena_array(a, nver, sizeof *out.labels);
    memcpy(out.labels, H->labels, nver * sizeof *out.labels);
    size_t cap = H->nwords + (nb ? nb->ntoks : 0) + 1;
    out.words = rl_arena_array(a, cap, sizeof *out.words);
    out.nwords = 0;
    size_t p = 0;   /* next word of H */
    if (!nb) {
        for (; p < H->nwords; p++) {
            rl_hword w = H->words[p];
            if (w.died < 0)
                w.died = next, w.cur = -1;
            out.words[out.nwords++] = w;
        }
        out.died = next;
        out.cur = -1;
        return out;
    }
    out.labels[next] = nb->label;
    out.cur = rb->new_index;
    for (size_t r = 0; r < rb->nruns; r++) {
        const rl_run *run = &rb->runs[r];
        for (uint32_t k = 0; k < run->n; k++) {
            if (run->op == RL_OP_INSERT) {
                rl_hword w = {&nb->toks[run->new0 + k], rl_arena_alloc(a, nver), next, -1,
                              (int32_t)(run->new0 + k)};
                w.space[next] = space_of(nb, run->new0 + k);
                out.words[out.nwords++] = w;
                continue;
            }
            while (p < H->nwords && H->words[p].died >= 0)   /* dead words before it */
                out.words[out.nwords++] = H->words[p++];
            if (p >= H->nwords)
                RL_BUG("history: runs cover more old tokens than the block has");
            rl_hword w = H->words[p++];
            if (run->op == RL_OP_EQUAL) {
                w.tok = &nb->toks[run->new0 + k];
                w.cur = (int32_t)(run->new0 + k);
                w.space[next] = space_of(nb, run->new0 + k);
            } else {
                w.died = next;
                w.cur = -1;
            }
            out.words[out.nwords++] = w;
        }
    }
    while (p < H->nwords)   /* trailing dead words */
        out.words[out.nwords++] = H->words[p++];
    return out;
}

rl_history *rl_history_build(rl_arena *a, const rl_doc *const *docs, size_t n,
                             const rl_diff_opts *opts)
{
    rl_history *h = rl_arena_alloc(a, sizeof *h);
    h->nversions = n;
    hlist cur = {a, NULL, 0, 0};
    for (size_t b = 0; b < docs[0]->nblocks; b++)
        *push_block(&cur) = fresh_block(a, &docs[0]->blocks[b], n, 0, (int32_t)b);
    for (size_t i = 0; i + 1 < n; i++) {
        const rl_doc *od = docs[i], *nd = docs[i + 1];
        int16_t next = (int16_t)(i + 1);
        rl_redline *r = rl_diff(a, od, nd, opts);
        /* For each old block: its place in cur and where the dead blocks
         * just before it start. */
        size_t *at = rl_arena_array(a, od->nblocks + 1, sizeof *at);
        size_t *dead_from = rl_arena_array(a, od->nblocks + 1, sizeof *dead_from);
        size_t start = 0;
        for (size_t q = 0; q < cur.n; q++)
            if (cur.v[q].cur >= 0) {
                at[cur.v[q].cur] = q;
                dead_from[cur.v[q].cur] = start;
                start = q + 1;
            }
        hlist nx = {a, NULL, 0, 0};
        for (size_t k = 0; k < r->nblocks; k++) {
            const rl_rblock *rb = &r->blocks[k];
            if (rb->ghost) {
                /* The place a moved block left: the dead blocks that stood
                 * before it, and a copy of it that dies here. */
                if (rb->peer < 0 || (size_t)rb->peer >= r->nblocks || r->blocks[rb->peer].old_index < 0)
                    continue;
                size_t oi = (size_t)r->blocks[rb->peer].old_index;
                for (size_t q = dead_from[oi]; q < at[oi]; q++)
                    *push_block(&nx) = cur.v[q];
                rl_hblock g = carry(a, &cur.v[at[oi]], rb, NULL, next, n);
                g.moved = next;
                g.ghost = true;
                *push_block(&nx) = g;
                continue;
            }
            if (rb->old_index < 0) {
                *push_block(&nx) = fresh_block(a, &nd->blocks[rb->new_index], n, next, rb->new_index);
                continue;
            }
            size_t oi = (size_t)rb->old_index;
            bool moved = rb->status == RL_ST_MOVED && rb->peer >= 0 && rb->new_index >= 0;
            if (!moved)
                for (size_t q = dead_from[oi]; q < at[oi]; q++)
                    *push_block(&nx) = cur.v[q];
            const rl_block *nb = rb->new_index >= 0 ? &nd->blocks[rb->new_index] : NULL;
            rl_hblock c = carry(a, &cur.v[at[oi]], rb, nb, next, n);
            if (moved) {
                c.born = next;
                c.moved = next;
                c.ghost = false;
            }
            *push_block(&nx) = c;
        }
        for (size_t q = start; q < cur.n; q++)   /* dead blocks at the end */
            *push_block(&nx) = cur.v[q];
        cur = nx;
    }
    h->blocks = cur.v;
    h->nblocks = cur.n;
    return h;
}

static bool alive_at(int16_t born, int16_t died, size_t k)
{
    return born <= (int)k && (died < 0 || died > (int)k);
}

static void put_tok(rl_buf *out, const rl_token *t, bool first)
{
    if (!first)
        rl_buf_puts(out, t->space == RL_SP_BREAK ? "\n" : t->space == RL_SP_SPACE ? " " : "");
    rl_buf_putstr(out, t->text);
}

void rl_history_version_text(const rl_history *h, size_t k, rl_buf *out)
{
    for (size_t b = 0; b < h->nblocks; b++) {
        const rl_hblock *hb = &h->blocks[b];
        if (!alive_at(hb->born, hb->died, k))
            continue;
        bool first = true;
        if (hb->labels[k].n) {
            rl_buf_putstr(out, hb->labels[k]);
            rl_buf_putc(out, ' ');
        }
        for (size_t w = 0; w < hb->nwords; w++)
            if (alive_at(hb->words[w].born, hb->words[w].died, k)) {
                put_tok(out, hb->words[w].tok, first);
                first = false;
            }
        rl_buf_putc(out, '\n');
    }
}

void rl_history_text(const rl_history *h, const rl_str *ids, rl_buf *out)
{
    size_t last = h->nversions - 1;
    for (size_t b = 0; b < h->nblocks; b++) {
        const rl_hblock *hb = &h->blocks[b];
        rl_str label = hb->died < 0 ? hb->labels[last] : hb->labels[hb->died - 1];
        if (label.n) {
            rl_buf_putstr(out, label);
            rl_buf_putc(out, ' ');
        }
        int open_born = -2, open_died = -2;   /* the mark now open, if any */
        for (size_t w = 0; w < hb->nwords; w++) {
            const rl_hword *x = &hb->words[w];
            int bo = x->born, di = x->died;
            bool marked = bo > 0 || di >= 0;
            if (open_born != -2 && (bo != open_born || di != open_died || !marked)) {
                rl_buf_puts(out, open_died >= 0 ? "-]" : "+}");
                open_born = open_died = -2;
            }
            if (w)
                rl_buf_puts(out, x->tok->space == RL_SP_BREAK ? "\n"
                                 : x->tok->space == RL_SP_SPACE ? " " : "");
            if (marked && open_born == -2) {
                if (di >= 0 && bo > 0)
                    rl_buf_printf(out, "[-%.*s>%.*s: ", (int)ids[bo].n, ids[bo].p,
                                  (int)ids[di].n, ids[di].p);
                else if (di >= 0)
                    rl_buf_printf(out, "[-%.*s: ", (int)ids[di].n, ids[di].p);
                else
                    rl_buf_printf(out, "{+%.*s: ", (int)ids[bo].n, ids[bo].p);
                open_born = bo;
                open_died = di;
            }
            rl_buf_putstr(out, x->tok->text);
        }
        if (open_born != -2)
            rl_buf_puts(out, open_died >= 0 ? "-]" : "+}");
        rl_buf_putc(out, '\n');
    }
}
