/* emit_history_json.c - the cumulative view as JSON (`redline history
 * --format=json`), for scripts and tests.
 *
 * A direct walk over the display runs (hview.h): the versions with their
 * word counts, then one object per history block in reading order, each
 * with one run per line.  Version references are indices into "versions"
 * (integers compare in jq; ids need not).  A run's "text" starts with the
 * separator shown before its first word, so a version's text is the
 * concatenation of its live runs (leading white space of a block is not
 * significant); a run whose first word had different separators in
 * different versions also has "seps", that separator per version (null
 * where the run is not in the version).  Escaping and key order as in emit_json.c, so the output is
 * byte-for-byte deterministic.
 */
#include "emit_history.h"

#include "arena.h"
#include "buf.h"
#include "hview.h"
#include "pub.h"

static void jstr(rl_buf *out, rl_str s)
{
    rl_buf_putc(out, '"');
    for (size_t i = 0; i < s.n; i++) {
        unsigned char c = (unsigned char)s.p[i];
        switch (c) {
        case '"': rl_buf_puts(out, "\\\""); break;
        case '\\': rl_buf_puts(out, "\\\\"); break;
        case '\n': rl_buf_puts(out, "\\n"); break;
        case '\r': rl_buf_puts(out, "\\r"); break;
        case '\t': rl_buf_puts(out, "\\t"); break;
        default:
            if (c < 0x20 || c == 0x7f)
                rl_buf_printf(out, "\\u%04x", c);
            else
                rl_buf_putc(out, (char)c);
        }
    }
    rl_buf_putc(out, '"');
}

static void jver(rl_buf *out, int v)
{
    if (v < 0)
        rl_buf_puts(out, "null");
    else
        rl_buf_printf(out, "%d", v);
}

static const char *kind_name(rl_block_kind k)
{
    switch (k) {
    case RL_BLK_PARA: return "paragraph";
    case RL_BLK_HEADING: return "heading";
    case RL_BLK_ITEM: return "item";
    case RL_BLK_QUOTE: return "quote";
    case RL_BLK_CODE: return "code";
    case RL_BLK_RULE: return "rule";
    }
    return "paragraph";
}

int rl_emit_history_json(const rl_emit_ctx *c, const rl_history *h, rl_buf *out)
{
    const rl_pub *p = c->pub;
    size_t n = h->nversions;
    const rl_doc **docs = rl_arena_array(c->a, n, sizeof *docs);
    for (size_t k = 0; k < n; k++)
        docs[k] = p->versions[k].doc;
    rl_hview *v = rl_hview_build(c->a, h, docs);
    size_t *added = rl_arena_array(c->a, n, sizeof *added);
    size_t *deleted = rl_arena_array(c->a, n, sizeof *deleted);
    rl_hview_counts(h, added, deleted);

    rl_buf_puts(out, "{\n  \"versions\": [\n");
    for (size_t k = 0; k < n; k++) {
        const rl_version *ver = &p->versions[k];
        rl_buf_printf(out, "    {\"index\": %zu, \"id\": ", k);
        jstr(out, ver->id);
        rl_buf_puts(out, ", \"label\": ");
        jstr(out, ver->label.n ? ver->label : ver->id);
        rl_buf_puts(out, ", \"date\": ");
        if (ver->date.n)
            jstr(out, ver->date);
        else
            rl_buf_puts(out, "null");
        rl_buf_printf(out, ", \"words_added\": %zu, \"words_deleted\": %zu}%s\n", added[k], deleted[k],
                      k + 1 < n ? "," : "");
    }
    rl_buf_puts(out, "  ],\n  \"blocks\": [\n");
    rl_buf text = RL_BUF_INIT;
    for (size_t i = 0; i < v->nblocks; i++) {
        const rl_hvblock *b = &v->blocks[i];
        rl_buf_printf(out, "    {\"kind\": \"%s\", \"born\": ", kind_name(b->hb->kind));
        jver(out, b->hb->born);
        rl_buf_puts(out, ", \"died\": ");
        jver(out, b->hb->died);
        rl_buf_puts(out, ", \"runs\": [");
        for (size_t r = 0; r < b->nruns; r++) {
            const rl_hrun *run = &b->runs[r];
            rl_buf_puts(out, r ? ",\n      {\"born\": " : "\n      {\"born\": ");
            jver(out, run->born);
            rl_buf_puts(out, ", \"died\": ");
            jver(out, run->died);
            if (run->is_label) {
                rl_buf_puts(out, ", \"label\": ");
                jstr(out, run->label);
            } else {
                rl_buf_clear(&text);
                for (uint32_t w = run->w0; w < run->w0 + run->n; w++) {
                    uint8_t sp = b->sep[w];
                    rl_buf_puts(&text, sp == RL_SP_BREAK ? "\n" : sp == RL_SP_SPACE ? " " : "");
                    rl_buf_putstr(&text, b->hb->words[w].tok->text);
                }
                rl_buf_puts(out, ", \"text\": ");
                jstr(out, rl_buf_str(&text));
                if (b->varies[run->w0]) {
                    /* The separator before the run in each version. */
                    size_t from, to;
                    rl_hview_span(b, run->w0, n, &from, &to);
                    rl_buf_puts(out, ", \"seps\": [");
                    for (size_t k = 0; k < n; k++) {
                        if (k)
                            rl_buf_puts(out, ", ");
                        if (k < from || k >= to)
                            rl_buf_puts(out, "null");
                        else {
                            uint8_t sp = rl_hview_sep(b, run->w0, k);
                            rl_buf_puts(out, sp == RL_SP_BREAK ? "\"\\n\"" : sp == RL_SP_SPACE ? "\" \"" : "\"\"");
                        }
                    }
                    rl_buf_putc(out, ']');
                }
            }
            rl_buf_putc(out, '}');
        }
        rl_buf_puts(out, b->nruns ? "\n    ]}" : "]}");
        rl_buf_puts(out, i + 1 < v->nblocks ? ",\n" : "\n");
    }
    rl_buf_free(&text);
    rl_buf_puts(out, "  ]\n}\n");
    return 0;
}
