/* emit_trace.c - the layout as text, for tests (SILE's debug outputter).
 *
 * One block per page: its columns, then every line with its kind, line
 * number, baseline y and text, markup shown inline ({+inserted+},
 * [-deleted-], {>moved<}, [:old label:] {:new label:}, ^N note markers,
 * <link>), then note boxes, rules and links.  Numbers are printed with two
 * decimals, so a trace is stable across runs and machines and readable in
 * a diff; tests compare traces, never PDF bytes.
 */
#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "emit.h"
#include "font.h"
#include "layout.h"

static const char *kind_name[] = {"body", "front", "note", "header", "footer", "number"};
static const char *rule_name[] = {"strike", "under", "dunder", "bar", "line"};

static void open_mark(rl_buf *o, uint8_t m)
{
    static const char *const open[] = {"", "{+", "[-", "{>", "[:", "{:", "", "", "<"};
    if (m < sizeof open / sizeof *open)
        rl_buf_puts(o, open[m]);
}

static void close_mark(rl_buf *o, uint8_t m)
{
    static const char *const close[] = {"", "+}", "-]", "<}", ":]", ":}", "", "", ">"};
    if (m < sizeof close / sizeof *close)
        rl_buf_puts(o, close[m]);
}

/* The text of a line: runs joined, a space where there is a gap. */
static void line_text(rl_buf *o, const rl_page *p, const rl_line *ln)
{
    uint8_t cur = 0;
    double end = 0;
    for (size_t k = 0; k < ln->nglyphs; k++) {
        const rl_glyphs *g = &p->glyphs[ln->glyph0 + k];
        bool gap = k > 0 && g->x > end + 0.5;
        uint8_t m = g->mark == RL_MK_NOTEREF || g->mark == RL_MK_XREF ? 0 : g->mark;
        if (m != cur) {
            close_mark(o, cur);
            if (gap)
                rl_buf_putc(o, ' ');
            open_mark(o, m);
            cur = m;
        } else if (gap) {
            rl_buf_putc(o, ' ');
        }
        if (g->mark == RL_MK_NOTEREF && ln->kind != RL_LN_NOTE)
            rl_buf_putc(o, '^');
        rl_buf_putstr(o, g->text);
        end = g->x + g->w;
    }
    close_mark(o, cur);
}

void rl_layout_trace(const rl_layout *L, rl_buf *o)
{
    rl_buf_printf(o, "layout %.2f x %.2f, %zu pages, %zu overfull\n", L->page_w, L->page_h, L->npages, L->overfull);
    for (size_t i = 0; i < L->noutline; i++) {
        const rl_outline *x = &L->outline[i];
        rl_buf_printf(o, "outline %d p%zu y=%.2f %.*s\n", x->level, x->page + 1, x->y, (int)x->title.n, x->title.p);
    }
    for (size_t i = 0; i < L->npages; i++) {
        const rl_page *p = &L->pages[i];
        rl_buf_printf(o, "page %zu body x=%.2f w=%.2f notes x=%.2f w=%.2f\n", i + 1, p->body_x, p->body_w,
                      p->note_x, p->note_w);
        for (size_t k = 0; k < p->nlines; k++) {
            const rl_line *ln = &p->lines[k];
            rl_buf_printf(o, "  %s", kind_name[ln->kind]);
            if (ln->number)
                rl_buf_printf(o, " %d", ln->number);
            if (ln->note)
                rl_buf_printf(o, " n%u", ln->note);
            rl_buf_printf(o, " y=%.2f: ", ln->y);
            line_text(o, p, ln);
            rl_buf_putc(o, '\n');
        }
        for (size_t k = 0; k < p->nnotes; k++) {
            const rl_notebox *n = &p->notes[k];
            rl_buf_printf(o, "  notebox %u x=%.2f y=%.2f w=%.2f h=%.2f want=%.2f%s%s\n", n->number, n->x, n->y, n->w,
                          n->h, n->want_y, n->cont ? " cont" : "", n->continues ? " continues" : "");
        }
        for (size_t k = 0; k < p->nrules; k++) {
            const rl_rule *r = &p->rules[k];
            rl_buf_printf(o, "  rule %s %.2f,%.2f-%.2f,%.2f%s\n", rule_name[r->kind], r->x0, r->y0, r->x1, r->y1,
                          r->dashed ? " dashed" : "");
        }
        for (size_t k = 0; k < p->nlinks; k++) {
            const rl_link *l = &p->links[k];
            if (l->uri.n)
                rl_buf_printf(o, "  link %.2f,%.2f uri %.*s\n", l->x0, l->y0, (int)l->uri.n, l->uri.p);
            else
                rl_buf_printf(o, "  link %.2f,%.2f -> p%zu y=%.2f\n", l->x0, l->y0, l->dest_page + 1, l->dest_y);
        }
    }
}

int rl_emit_trace(const rl_emit_ctx *c, rl_buf *out)
{
    rl_layout *L = rl_layout_open(c);
    if (!L)
        return -1;
    rl_layout_trace(L, out);
    return 0;
}
