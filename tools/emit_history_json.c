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
#include "json.h"
#include "pub.h"

static void jver(rl_buf *out, int v)
{
    if (v < 0)
        rl_buf_puts(out, "null");
    else
        rl_buf_printf(out, "%d", v);
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
        rl_json_str(out, ver->id);
        rl_buf_puts(out, ", \"label\": ");
        rl_json_str(out, ver->label.n ? ver->label : ver->id);
        rl_buf_puts(out, ", \"date\": ");
        if (ver->date.n)
            rl_json_str(out, ver->date);
        else
            rl_buf_puts(out, "null");
        rl_buf_printf(out, ", \"words_added\": %zu, \"words_deleted\": %zu}%s\n", added[k], deleted[k],
                      k + 1 < n ? "," : "");
    }
    rl_buf_puts(out, "  ],\n  \"blocks\": [\n");
    rl_buf text = RL_BUF_INIT;
    for (size_t i = 0; i < v->nblocks; i++) {
        const rl_hvblock *b = &v->blocks[i];
        rl_buf_printf(out, "    {\"kind\": \"%s\", \"born\": ", rl_json_block_kind(b->hb->kind));
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
                rl_json_str(out, run->label);
            } else {
                rl_buf_clear(&text);
                for (uint32_t w = run->w0; w < run->w0 + run->n; w++) {
                    uint8_t sp = b->sep[w];
                    rl_buf_puts(&text, sp == RL_SP_BREAK ? "\n" : sp == RL_SP_SPACE ? " " : "");
                    rl_buf_putstr(&text, b->hb->words[w].tok->text);
                }
                rl_buf_puts(out, ", \"text\": ");
                rl_json_str(out, rl_buf_str(&text));
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
