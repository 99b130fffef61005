/* emit_json.c - the redline as JSON (rl_emit_json), for scripts and tests.
 *
 * A direct walk over the model, written by hand into the buffer: one
 * object per block in the model's order (the new version's order, deleted
 * blocks and move ghosts where they stood), each with its runs; then the
 * statistics and the notes.  The shape is documented in the README
 * ("redline diff --format=json").  Strings are escaped per RFC 8259 by
 * json.c (shared with the other JSON outputs), numbers are integers or fixed-point, and keys come in a fixed order, so
 * the output is byte-for-byte deterministic.  One run per line keeps the
 * golden files readable.  A JSON library was not worth a dependency for
 * writing only.
 */
#include "emit.h"

#include "arena.h"
#include "buf.h"
#include "json.h"
#include "pub.h"
#include "redline.h"
#include "source.h"

#include <cmark.h>
#include <stdlib.h>

static void jstrz(rl_buf *out, const char *z)
{
    rl_json_str(out, rl_str_z(z));
}

static void jindex(rl_buf *out, int32_t i)
{
    if (i < 0)
        rl_buf_puts(out, "null");
    else
        rl_buf_printf(out, "%ld", (long)i);
}

static const char *status_name(rl_status s)
{
    switch (s) {
    case RL_ST_EQUAL: return "equal";
    case RL_ST_CHANGED: return "changed";
    case RL_ST_INSERTED: return "inserted";
    case RL_ST_DELETED: return "deleted";
    case RL_ST_MOVED: return "moved";
    }
    return "equal";
}

/* Text of run r on one side, each token preceded by its separator except
 * the block's very first token. */
static void run_text(rl_buf *tmp, const rl_rblock *b, const rl_run *r, bool old_side)
{
    rl_buf_clear(tmp);
    for (size_t k = 0; k < r->n; k++) {
        const rl_token *t = old_side ? rl_run_oldtok(b, r, k) : rl_run_tok(b, r, k);
        bool first = (old_side || r->op == RL_OP_DELETE ? r->old0 : r->new0) + k == 0;
        if (!first && t->space == RL_SP_SPACE)
            rl_buf_putc(tmp, ' ');
        else if (!first && t->space == RL_SP_BREAK)
            rl_buf_putc(tmp, '\n');
        rl_buf_putstr(tmp, t->text);
    }
}

static void block(rl_buf *out, rl_buf *t1, rl_buf *t2, const rl_redline *r, size_t bi)
{
    const rl_rblock *b = &r->blocks[bi];
    const rl_block *shown = rl_rblock_shown(b);
    if (!shown && b->peer >= 0)
        shown = rl_rblock_shown(&r->blocks[b->peer]);
    rl_buf_printf(out, "    {\"kind\": \"%s\", \"status\": \"%s\", \"old_index\": ",
                  shown ? rl_json_block_kind(shown->kind) : "paragraph", status_name(b->status));
    jindex(out, b->old_index);
    rl_buf_puts(out, ", \"new_index\": ");
    jindex(out, b->new_index);
    if (b->status == RL_ST_MOVED) {
        rl_buf_printf(out, ", \"move\": \"%s\", \"peer\": ", b->ghost ? "from" : "to");
        jindex(out, b->peer);
    }
    rl_str ol = b->old ? b->old->label : RL_STR_NULL, nl = b->new ? b->new->label : RL_STR_NULL;
    if (ol.n || nl.n) {
        rl_buf_puts(out, ", \"label\": {\"old\": ");
        if (b->old)
            rl_json_str(out, ol);
        else
            rl_buf_puts(out, "null");
        rl_buf_puts(out, ", \"new\": ");
        if (b->new)
            rl_json_str(out, nl);
        else
            rl_buf_puts(out, "null");
        rl_buf_puts(out, "}");
    }
    if (b->label_changed)
        rl_buf_puts(out, ", \"label_changed\": true");
    rl_buf_puts(out, ", \"runs\": [");
    for (size_t k = 0; k < b->nruns; k++) {
        const rl_run *run = &b->runs[k];
        static const char *const ops[] = {"equal", "delete", "insert"};
        rl_buf_printf(out, "%s\n      {\"op\": \"%s\", \"text\": ", k ? "," : "", ops[run->op]);
        run_text(t1, b, run, run->op == RL_OP_DELETE);
        rl_json_str(out, rl_buf_str(t1));
        if (run->op == RL_OP_EQUAL) {
            run_text(t2, b, run, true);
            if (!rl_str_eq(rl_buf_str(t1), rl_buf_str(t2))) {
                rl_buf_puts(out, ", \"old_text\": ");
                rl_json_str(out, rl_buf_str(t2));
            }
        }
        rl_buf_puts(out, "}");
    }
    rl_buf_puts(out, b->nruns ? "\n    ]}" : "]}");
}

static void stats(rl_buf *out, const rl_stats *s)
{
    rl_buf_printf(out,
                  "  \"stats\": {\"words_old\": %zu, \"words_new\": %zu, \"words_inserted\": %zu, "
                  "\"words_deleted\": %zu, \"words_moved\": %zu, \"blocks_changed\": %zu, "
                  "\"blocks_inserted\": %zu, \"blocks_deleted\": %zu, \"blocks_moved\": %zu, "
                  "\"labels_changed\": %zu, \"hunks\": %zu, \"blocks_raw\": %zu}",
                  s->words_old, s->words_new, s->words_inserted, s->words_deleted, s->words_moved,
                  s->blocks_changed, s->blocks_inserted, s->blocks_deleted, s->blocks_moved,
                  s->labels_changed, s->hunks, s->blocks_raw);
}

static void rpos(rl_buf *out, rl_rpos p)
{
    rl_buf_printf(out, "{\"block\": %lu, \"run\": %lu, \"offset\": %lu}", (unsigned long)p.block,
                  (unsigned long)p.run, (unsigned long)p.off);
}

static void note(rl_buf *out, const rl_note *n)
{
    rl_buf_puts(out, "    {\"id\": ");
    rl_json_str(out, n->id);
    rl_buf_printf(out, ", \"number\": %u, \"version\": ", n->number);
    rl_json_str(out, n->version);
    rl_buf_puts(out, ", \"quote\": ");
    rl_json_str(out, n->quote);
    rl_buf_puts(out, ",\n     \"anchor\": {\"first\": ");
    rpos(out, n->first);
    rl_buf_puts(out, ", \"last\": ");
    rpos(out, n->last);
    rl_buf_puts(out, "},\n     \"body_html\": ");
    if (n->body) {
        char *html = cmark_render_html(n->body, CMARK_OPT_DEFAULT);
        jstrz(out, html);
        free(html);
    } else {
        rl_json_str(out, n->body_md);
    }
    if (n->author.n) {
        rl_buf_puts(out, ", \"author\": ");
        rl_json_str(out, n->author);
    }
    if (n->date.n) {
        rl_buf_puts(out, ", \"date\": ");
        rl_json_str(out, n->date);
    }
    rl_buf_puts(out, ",\n     \"source\": ");
    if (n->at.src) {
        unsigned line, col;
        rl_source_linecol((rl_source *)n->at.src, n->at.start, &line, &col);
        rl_buf_puts(out, "{\"file\": ");
        jstrz(out, n->at.src->path);
        rl_buf_printf(out, ", \"line\": %u, \"column\": %u}", line, col);
    } else {
        rl_buf_puts(out, "null");
    }
    rl_buf_puts(out, ", \"tags\": [");
    for (size_t i = 0; i < n->ntags; i++) {
        if (i)
            rl_buf_puts(out, ", ");
        rl_json_str(out, n->tags[i]);
    }
    rl_buf_printf(out, "], \"similarity\": %.3f}", n->similarity);
}

static void version(rl_buf *out, const char *key, const rl_version *v)
{
    rl_buf_printf(out, "  \"%s\": {\"id\": ", key);
    rl_json_str(out, v->id);
    rl_buf_puts(out, ", \"label\": ");
    rl_json_str(out, v->label);
    rl_buf_puts(out, "},\n");
}

int rl_emit_json(const rl_emit_ctx *c, rl_buf *out)
{
    const rl_redline *r = c->r;
    rl_buf t1 = RL_BUF_INIT, t2 = RL_BUF_INIT;
    rl_buf_puts(out, "{\n");
    if (c->vold && c->vnew) {
        version(out, "from", c->vold);
        version(out, "to", c->vnew);
    }
    rl_buf_puts(out, "  \"blocks\": [");
    for (size_t i = 0; i < r->nblocks; i++) {
        rl_buf_puts(out, i ? ",\n" : "\n");
        block(out, &t1, &t2, r, i);
    }
    rl_buf_puts(out, r->nblocks ? "\n  ],\n" : "],\n");
    stats(out, &r->stats);
    if (r->nnotes) {
        rl_buf_puts(out, ",\n  \"notes\": [");
        for (size_t i = 0; i < r->nnotes; i++) {
            rl_buf_puts(out, i ? ",\n" : "\n");
            note(out, &r->notes[i]);
        }
        rl_buf_puts(out, "\n  ]");
    }
    rl_buf_puts(out, "\n}\n");
    rl_buf_free(&t1);
    rl_buf_free(&t2);
    return 0;
}
