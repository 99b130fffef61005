/* emit_text.c - the redline as plain text: wdiff style, ANSI colour, or
 * CriticMarkup (rl_emit_text, rl_emit_critic).
 *
 * One walk over the model with a table of markers per style: deletions
 * [-...-] / {--...--}, insertions {+...+} / {++...++}, and in CriticMarkup
 * a deletion followed at once by an insertion is one substitution
 * {~~old~>new~~}.  Blocks are separated by blank lines and keep a light
 * Markdown shape (# headings, - items, > quotes) so CriticMarkup output is
 * still Markdown.  White space before a change is printed outside its
 * markers, so a lone space is never marked.  A moved block prints a
 * numbered pointer at the place it left and at the place it went.  Note
 * markers [n] follow the last token of each note's span, and the notes are
 * listed after the text, their Markdown bodies flattened to plain text.
 * The colour style also underlines insertions and strikes deletions, so the
 * changes stay distinguishable without colour.
 * For speed on long texts: a run of tokens of a verbatim block (see
 * rl_block.verbatim) is copied from the source in one piece instead of
 * token by token, into a buffer sized for the whole text up front, in
 * huge pages.  Rejected: writing the blocks in two halves on two threads
 * (measured: no gain on a 1,000-page text, whose output takes a few
 * milliseconds; README "Speed and memory").
 */
#include "emit.h"

#include "arena.h"
#include "buf.h"
#include "redline.h"
#include "source.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

typedef struct style {
    const char *del_open, *del_close, *ins_open, *ins_close;
    const char *sub_open, *sub_mid, *sub_close;   /* NULL: no substitution form */
    const char *move_open, *move_close;           /* around move pointers */
} style;

static const style plain = {"[-", "-]", "{+", "+}", NULL, NULL, NULL, "[", "]"};
static const style ansi = {"\033[31;9m", "\033[0m", "\033[32;4m", "\033[0m", NULL, NULL, NULL,
                           "\033[36;1m[", "]\033[0m"};
static const style critic = {"{--", "--}", "{++", "++}", "{~~", "~>", "~~}", "{>>", "<<}"};

typedef struct writer {
    const rl_redline *r;
    const style *st;
    rl_buf *out;
    unsigned *movenum;   /* per rblock: move number, 0 if none */
} writer;

static void sep(rl_buf *out, uint8_t sp)
{
    if (sp == RL_SP_BREAK)
        rl_buf_putc_fast(out, '\n');
    else if (sp == RL_SP_SPACE)
        rl_buf_putc_fast(out, ' ');
}

static void prefix(rl_buf *out, const rl_block *b)
{
    switch (b->kind) {
    case RL_BLK_HEADING:
        for (unsigned i = 0; i < (b->level ? b->level : 1); i++)
            rl_buf_putc(out, '#');
        rl_buf_putc(out, ' ');
        break;
    case RL_BLK_ITEM:
        for (unsigned i = 0; i < b->level; i++)
            rl_buf_puts(out, "  ");
        if (!b->label.n)
            rl_buf_puts(out, "- ");
        break;
    case RL_BLK_QUOTE:
        rl_buf_puts(out, "> ");
        break;
    case RL_BLK_RULE:
        rl_buf_puts(out, "* * *");
        break;
    case RL_BLK_PARA:
    case RL_BLK_CODE:
        break;
    }
}

/* Print note markers for notes ending at (bi, ri, k). */
static void markers(writer *w, const rl_rblock *b, size_t bi, size_t ri, size_t k)
{
    for (size_t i = 0; i < b->nmarks; i++) {
        const rl_note *n = b->marks[i];
        if (n->last.block == bi && n->last.run == ri && n->last.off == k)
            rl_buf_printf(w->out, "[%u]", n->number);
    }
}

/* The source text of doc if block b is one of its verbatim blocks (see
 * rl_block.verbatim), else NULL. */
static const char *verbatim_source(const rl_doc *doc, const rl_block *b)
{
    if (!b->verbatim || !doc || !doc->src)
        return NULL;
    uintptr_t at = (uintptr_t)b, first = (uintptr_t)doc->blocks;
    if (at < first || at >= first + doc->nblocks * sizeof *b)
        return NULL; /* not a block of doc (a model made by hand) */
    return doc->src->text;
}

static void tokens(writer *w, const rl_rblock *b, size_t bi, size_t ri, bool old_side, bool glue_first,
                   bool marks_inside)
{
    const rl_run *r = &b->runs[ri];
    if (!r->n)
        return;
    const rl_token *t = old_side ? rl_run_oldtok(b, r, 0) : rl_run_tok(b, r, 0);
    rl_buf *out = w->out;
    if (!glue_first)
        sep(out, t->space);
    bool old = old_side || r->op == RL_OP_DELETE;
    const char *src = b->nmarks ? NULL : verbatim_source(old ? w->r->old : w->r->new, old ? b->old : b->new);
    if (src) {
        /* Guide: most runs print as the source bytes they span. */
        const rl_token *last = &t[r->n - 1];
        rl_buf_put(out, src + t->off, last->off + last->text.n - t->off);
        return;
    }
    rl_buf_put_fast(out, t->text.p, t->text.n);
    if (!b->nmarks) {
        /* Guide: the bulk of the output, a run with no note ending in it. */
        for (size_t k = 1; k < r->n; k++) {
            sep(out, t[k].space);
            rl_buf_put_fast(out, t[k].text.p, t[k].text.n);
        }
        return;
    }
    if (marks_inside || r->n > 1)
        markers(w, b, bi, ri, 0);
    for (size_t k = 1; k < r->n; k++) {
        sep(out, t[k].space);
        rl_buf_put_fast(out, t[k].text.p, t[k].text.n);
        if (marks_inside || k + 1 < r->n)
            markers(w, b, bi, ri, k);
    }
}

/* The separator printed before run ri, outside its markers. */
static uint8_t run_space(const rl_rblock *b, size_t ri, bool first)
{
    const rl_run *r = &b->runs[ri];
    if (first)
        return RL_SP_NONE;
    if (r->op == RL_OP_INSERT && ri > 0 && b->runs[ri - 1].op == RL_OP_DELETE)
        return RL_SP_NONE; /* "[-old-]{+new+}" */
    uint8_t sp = rl_run_tok(b, r, 0)->space;
    /* The first token of the new block follows deleted text: use the old
     * side's separator so the two do not run together. */
    if (sp == RL_SP_NONE && r->op == RL_OP_EQUAL && r->new0 == 0 && b->old)
        sp = rl_run_oldtok(b, r, 0)->space;
    if (sp == RL_SP_NONE && r->op == RL_OP_INSERT && r->new0 == 0)
        sp = RL_SP_SPACE;
    return sp;
}

static void label(writer *w, const rl_rblock *b)
{
    rl_str ol = b->old ? b->old->label : RL_STR_NULL, nl = b->new ? b->new->label : RL_STR_NULL;
    rl_buf *out = w->out;
    if (!b->label_changed || b->status == RL_ST_INSERTED || b->status == RL_ST_DELETED) {
        rl_str l = b->new ? nl : ol;
        if (l.n) {
            rl_buf_putstr(out, l);
            rl_buf_putc(out, ' ');
        }
        return;
    }
    if (ol.n && nl.n && w->st->sub_open) {
        rl_buf_printf(out, "%s%.*s%s%.*s%s ", w->st->sub_open, (int)ol.n, ol.p, w->st->sub_mid, (int)nl.n,
                      nl.p, w->st->sub_close);
        return;
    }
    if (ol.n)
        rl_buf_printf(out, "%s%.*s%s", w->st->del_open, (int)ol.n, ol.p, w->st->del_close);
    if (nl.n)
        rl_buf_printf(out, "%s%.*s%s", w->st->ins_open, (int)nl.n, nl.p, w->st->ins_close);
    rl_buf_putc(out, ' ');
}

static void block(writer *w, size_t bi)
{
    const rl_rblock *b = &w->r->blocks[bi];
    const style *st = w->st;
    rl_buf *out = w->out;
    if (b->ghost) {
        rl_buf_printf(out, "%smoved %s: #%u%s\n", st->move_open, b->peer > (int32_t)bi ? "below" : "above",
                      w->movenum[bi], st->move_close);
        return;
    }
    if (b->status == RL_ST_MOVED)
        rl_buf_printf(out, "%s#%u moved from %s%s ", st->move_open, w->movenum[bi],
                      b->peer > (int32_t)bi ? "below" : "above", st->move_close);
    const rl_block *shown = rl_rblock_shown(b);
    bool whole = b->status == RL_ST_INSERTED || b->status == RL_ST_DELETED;
    const char *wopen = b->status == RL_ST_INSERTED ? st->ins_open : st->del_open;
    const char *wclose = b->status == RL_ST_INSERTED ? st->ins_close : st->del_close;
    if (whole && shown->kind == RL_BLK_RULE) {
        rl_buf_printf(out, "%s* * *%s\n", wopen, wclose);
        return;
    }
    prefix(out, shown);
    if (whole) {
        /* one marker around the whole block, label included */
        rl_buf_puts(out, wopen);
        if (shown->label.n) {
            rl_buf_putstr(out, shown->label);
            if (b->nruns)
                rl_buf_putc(out, ' ');
        }
        if (b->nruns)
            tokens(w, b, bi, 0, b->status == RL_ST_DELETED, true, true);
        rl_buf_puts(out, wclose);
        rl_buf_putc(out, '\n');
        return;
    }
    label(w, b);
    for (size_t ri = 0; ri < b->nruns; ri++) {
        const rl_run *r = &b->runs[ri];
        sep(out, run_space(b, ri, ri == 0));
        if (r->op == RL_OP_EQUAL) {
            tokens(w, b, bi, ri, false, true, true);
            continue;
        }
        bool sub = st->sub_open && r->op == RL_OP_DELETE && ri + 1 < b->nruns &&
                   b->runs[ri + 1].op == RL_OP_INSERT;
        if (sub) {
            rl_buf_puts(out, st->sub_open);
            tokens(w, b, bi, ri, true, true, false);
            markers(w, b, bi, ri, r->n - 1);
            rl_buf_puts(out, st->sub_mid);
            ri++;
            tokens(w, b, bi, ri, false, true, false);
            rl_buf_puts(out, st->sub_close);
            markers(w, b, bi, ri, b->runs[ri].n - 1);
            continue;
        }
        rl_buf_puts(out, r->op == RL_OP_DELETE ? st->del_open : st->ins_open);
        tokens(w, b, bi, ri, r->op == RL_OP_DELETE, true, false);
        rl_buf_puts(out, r->op == RL_OP_DELETE ? st->del_close : st->ins_close);
        markers(w, b, bi, ri, r->n - 1);
    }
    rl_buf_putc(out, '\n');
}

/* The note body as one line of plain text. */
static void body_plain(rl_buf *out, cmark_node *doc)
{
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    bool space = false;
    size_t start = out->n;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type ty = cmark_node_get_type(n);
        if (ev == CMARK_EVENT_ENTER && (ty == CMARK_NODE_TEXT || ty == CMARK_NODE_CODE)) {
            if (space && out->n > start)
                rl_buf_putc(out, ' ');
            space = false;
            const char *lit = cmark_node_get_literal(n);
            rl_buf_puts(out, lit ? lit : "");
        } else if (ty == CMARK_NODE_SOFTBREAK || ty == CMARK_NODE_LINEBREAK ||
                   (ev == CMARK_EVENT_EXIT && (ty == CMARK_NODE_PARAGRAPH || ty == CMARK_NODE_HEADING ||
                                               ty == CMARK_NODE_ITEM))) {
            space = true;
        } else if (ev == CMARK_EVENT_ENTER && ty == CMARK_NODE_CODE_BLOCK) {
            const char *lit = cmark_node_get_literal(n);
            if (out->n > start)
                rl_buf_putc(out, ' ');
            for (const char *p = lit ? lit : ""; *p; p++)
                rl_buf_putc(out, *p == '\n' ? ' ' : *p);
        }
    }
    cmark_iter_free(it);
}

static void notes(writer *w)
{
    const rl_redline *r = w->r;
    if (!r->nnotes)
        return;
    rl_buf_puts(w->out, "\nNotes\n\n");
    for (size_t i = 0; i < r->nnotes; i++) {
        const rl_note *n = &r->notes[i];
        rl_buf_printf(w->out, "[%u] %.*s: ", n->number, (int)n->id.n, n->id.p);
        if (n->body)
            body_plain(w->out, n->body);
        else
            rl_buf_putstr(w->out, n->body_md);
        rl_buf_putc(w->out, '\n');
    }
}

/* Room for n more bytes in b.  A large buffer that is still empty gets
 * memory aligned to 2 MiB and offered to the kernel as huge pages (as the
 * arena does with its large chunks): a 1,000-page text otherwise costs a
 * page fault per 4 KiB written, a fifth of the emitter's time.  The memory
 * comes from posix_memalign, so the buffer may still grow and be freed as
 * any rl_buf. */
static void reserve(rl_buf *b, size_t n)
{
#ifdef MADV_HUGEPAGE
    const size_t huge = (size_t)2 * 1024 * 1024;
    void *p = NULL;
    if (!b->p && n >= huge / 2 && n < SIZE_MAX - huge) {
        size_t cap = (n + 1 + huge - 1) / huge * huge;
        if (posix_memalign(&p, huge, cap) == 0) {
            madvise(p, cap, MADV_HUGEPAGE);
            b->p = p;
            b->cap = cap;
            b->n = 0;
            b->p[0] = 0;
            return;
        }
    }
#endif
    rl_buf_reserve(b, n);
}

static int emit(const rl_emit_ctx *c, rl_buf *out, const style *st)
{
    const rl_redline *r = c->r;
    writer w = {r, st, out, rl_arena_array(c->a, r->nblocks + 1, sizeof(unsigned))};
    unsigned moves = 0;
    for (size_t i = 0; i < r->nblocks; i++)
        if (r->blocks[i].status == RL_ST_MOVED && !w.movenum[i] && r->blocks[i].peer >= 0) {
            w.movenum[i] = w.movenum[r->blocks[i].peer] = ++moves;
        }
    /* The output is about as long as the two versions together at most:
     * room for that up front saves copying the text as the buffer grows
     * (pages never written are never touched). */
    size_t hint =
        (r->old && r->old->src ? r->old->src->len : 0) + (r->new && r->new->src ? r->new->src->len : 0);
    reserve(out, hint + 4096);
    for (size_t i = 0; i < r->nblocks; i++) {
        if (i > 0)
            rl_buf_putc(out, '\n');
        block(&w, i);
    }
    notes(&w);
    return 0;
}

int rl_emit_text(const rl_emit_ctx *c, rl_buf *out, bool color)
{
    return emit(c, out, color ? &ansi : &plain);
}

int rl_emit_critic(const rl_emit_ctx *c, rl_buf *out)
{
    return emit(c, out, &critic);
}
