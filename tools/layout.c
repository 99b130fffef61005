/* layout.c - pages from paragraphs: pagination, markup rules, change bars,
 * line numbers, margin notes, running header and footer, links, outline.
 *
 * Pagination is TeX's page builder reduced to what a redline needs: lines
 * are stacked on a page until the next one does not fit; the page then
 * breaks after the last line that allows it (para.c marks the lines after
 * which no break may fall: headings, orphans, widows), so a heading always
 * travels with the start of its paragraph.  Only when a whole page is one
 * unbreakable run does it break where it must.
 *
 * After pagination every line has a page and a line number, so move
 * cross-references can be written, and markers know where their notes
 * want to start.  Notes are then set in the note column page by page with
 * rl_noteplace_page (no overlap, pushed down, pulled up at the page foot,
 * split and carried to the next page with a "N (cont.)" mark); extra pages
 * are added at the end if notes are still carried.  Markup rules are drawn
 * per line segment from runs of equal marks, so a change that breaks
 * across lines or pages is marked on each piece.  Each page's glyph and
 * line arrays are sized from its body lines once paginated: grown by
 * doubling in the arena they took three times their size.
 */
#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "emit.h"
#include "hyph.h"
#include "noteplace.h"
#include "pub.h"
#include "redline.h"
#include "redpara.h"

/* ---- page arrays -------------------------------------------------------- */

#define GROW(a, arr, n, cap)                                                                       \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            size_t nc_ = (cap) ? (cap) * 2 : 16;                                                   \
            (arr) = rl_arena_grow((a), (arr), (n), nc_, sizeof *(arr));                            \
            (cap) = nc_;                                                                           \
        }                                                                                          \
    } while (0)

rl_glyphs *rl_page_glyphs(rl_arena *a, rl_page *p)
{
    GROW(a, p->glyphs, p->nglyphs, p->capglyphs);
    memset(&p->glyphs[p->nglyphs], 0, sizeof *p->glyphs);
    return &p->glyphs[p->nglyphs++];
}

rl_rule *rl_page_rule(rl_arena *a, rl_page *p)
{
    GROW(a, p->rules, p->nrules, p->caprules);
    memset(&p->rules[p->nrules], 0, sizeof *p->rules);
    return &p->rules[p->nrules++];
}

rl_link *rl_page_link(rl_arena *a, rl_page *p)
{
    GROW(a, p->links, p->nlinks, p->caplinks);
    memset(&p->links[p->nlinks], 0, sizeof *p->links);
    return &p->links[p->nlinks++];
}

rl_line *rl_page_line(rl_arena *a, rl_page *p)
{
    GROW(a, p->lines, p->nlines, p->caplines);
    memset(&p->lines[p->nlines], 0, sizeof *p->lines);
    return &p->lines[p->nlines++];
}

rl_notebox *rl_page_note(rl_arena *a, rl_page *p)
{
    GROW(a, p->notes, p->nnotes, p->capnotes);
    memset(&p->notes[p->nnotes], 0, sizeof *p->notes);
    return &p->notes[p->nnotes++];
}

/* ---- state ---------------------------------------------------------------- */

typedef struct marker {
    size_t page;
    double want;             /* wanted note top, downward from the page top */
    double x0, y0, x1, y1;   /* the marker's rectangle (PDF coordinates) */
    bool seen;
} marker;

typedef struct lay {
    const rl_emit_ctx *c;
    const rl_style *st;
    rl_arena *a;
    rl_layout *L;
    rl_setter s;
    size_t cappages, capoutline;
    marker *markers;         /* by note number */
    size_t nmarkers;
    size_t *note_page;       /* first page of each note, by number */
    double *note_top;
} lay;

static const double BASE = 0.78; /* baseline below a line's top, as a fraction of the leading */

static rl_page *add_page(lay *y)
{
    rl_layout *L = y->L;
    GROW(y->a, L->pages, L->npages, y->cappages);
    rl_page *p = &L->pages[L->npages];
    memset(p, 0, sizeof *p);
    const rl_style *st = y->st;
    size_t num = L->npages + 1;
    bool right = st->note_side == RL_SIDE_RIGHT || (st->note_side == RL_SIDE_OUTER && num % 2 == 1);
    p->body_w = st->page_w - st->margin_inner - st->margin_outer;
    p->note_w = st->note_width;
    if (right) {
        p->body_x = st->note_side == RL_SIDE_OUTER ? st->margin_inner : st->page_w - st->margin_outer - p->body_w;
        p->note_x = p->body_x + p->body_w + st->note_gap;
    } else {
        p->body_x = st->margin_outer;
        p->note_x = p->body_x - st->note_gap - p->note_w;
    }
    L->npages++;
    return p;
}

static bool notes_right(const rl_page *p)
{
    return p->note_x > p->body_x;
}

/* ---- drawing helpers ------------------------------------------------------ */

static rl_glyphs *put_text(lay *y, rl_page *p, rl_str text, double x, double base_pdf, float size, uint8_t face,
                           uint8_t mark, rl_rgb color)
{
    rl_glyphs *g = rl_page_glyphs(y->a, p);
    g->text = text;
    g->x = x;
    g->y = base_pdf;
    g->w = rl_fonts_width(y->L->fonts, (rl_face)face, text, size);
    g->size = size;
    g->face = face;
    g->mark = mark;
    g->color = color;
    return g;
}

static void put_rule(lay *y, rl_page *p, rl_rule_kind k, double x0, double y0, double x1, double y1, double w,
                     rl_rgb col, bool dashed)
{
    rl_rule *r = rl_page_rule(y->a, p);
    r->kind = k;
    r->x0 = x0, r->y0 = y0, r->x1 = x1, r->y1 = y1;
    r->width = w;
    r->color = col;
    r->dashed = dashed;
}

static bool marked(uint8_t m)
{
    return m == RL_MK_INS || m == RL_MK_DEL || m == RL_MK_MOVE || m == RL_MK_LABEL_OLD || m == RL_MK_LABEL_NEW;
}

/* Runs of a set line as glyphs at (x, base); markup rules per segment. */
static void draw_pline(lay *y, rl_page *p, const rl_pline *pl, double x, double top, rl_line_kind kind,
                       int number, unsigned note)
{
    double H = y->L->page_h;
    double base = H - (top + pl->leading * BASE);
    rl_line *ln = rl_page_line(y->a, p);
    ln->kind = kind;
    ln->x = x;
    ln->y = base;
    ln->w = pl->width;
    ln->number = number;
    ln->note = note;
    ln->natural = pl->natural;
    ln->glyph0 = p->nglyphs;
    for (size_t k = 0; k < pl->nruns; k++) {
        const rl_prun *r = &pl->runs[k];
        if (!r->text.n)
            continue;
        rl_glyphs *g = rl_page_glyphs(y->a, p);
        g->text = r->text;
        g->x = x + r->x;
        g->y = base + r->rise;
        g->w = r->w;
        g->size = r->size;
        g->face = r->face;
        g->mark = r->mark;
        g->color = r->color;
        if (r->noteref && r->noteref <= y->nmarkers) {
            marker *m = &y->markers[r->noteref - 1];
            m->page = (size_t)(p - y->L->pages);
            m->want = top + pl->leading * BASE - y->st->note_leading * BASE;
            m->x0 = g->x - 1, m->x1 = g->x + g->w + 1;
            m->y0 = g->y - 1, m->y1 = g->y + r->size;
            m->seen = true;
        }
        if (r->link && r->link <= y->s.nuris) {
            rl_link *lk = rl_page_link(y->a, p);
            lk->x0 = g->x, lk->x1 = g->x + g->w;
            lk->y0 = g->y - r->size * 0.22, lk->y1 = g->y + r->size * 0.8;
            lk->uri = y->s.uris[r->link - 1];
        }
    }
    ln->nglyphs = p->nglyphs - ln->glyph0;
    /* Markup rules: one per maximal segment of equal marks. */
    rl_glyphs *gs = p->glyphs + ln->glyph0;
    for (size_t k = 0; k < ln->nglyphs;) {
        uint8_t m = gs[k].mark;
        if (!marked(m)) {
            k++;
            continue;
        }
        size_t e = k;
        double sz = gs[k].size;
        while (e + 1 < ln->nglyphs && gs[e + 1].mark == m)
            e++;
        double x0 = gs[k].x, x1 = gs[e].x + gs[e].w;
        rl_rgb col = rl_redpara_color(y->st, m);
        double lw = sz * 0.055;
        if (m == RL_MK_DEL || m == RL_MK_LABEL_OLD)
            put_rule(y, p, RL_RULE_STRIKE, x0, base + sz * 0.27, x1, base + sz * 0.27, lw, col, false);
        else if (m == RL_MK_MOVE)
            for (int d = 0; d < 2; d++)
                put_rule(y, p, RL_RULE_DUNDER, x0, base - sz * (0.11 + 0.12 * d), x1, base - sz * (0.11 + 0.12 * d),
                         lw * 0.9, col, false);
        else
            put_rule(y, p, RL_RULE_UNDER, x0, base - sz * 0.13, x1, base - sz * 0.13, lw, col, false);
        k = e + 1;
    }
}

/* ---- pagination ----------------------------------------------------------- */

typedef struct placed {
    size_t page;
    double top;
    int number;
} placed;

static void paginate(lay *y, rl_plines *ls, size_t nfront, placed *pl)
{
    double top = y->L->top, bottom = y->L->bottom;
    size_t page = 0, start = 0;
    double cur = top;
    for (size_t i = 0; i < ls->n;) {
        const rl_pline *l = &ls->v[i];
        if (i == nfront && i > 0 && cur > top) {
            page++, cur = top, start = i;
        }
        double before = cur > top ? l->space_before : 0;
        if (cur + before + l->leading > bottom + 0.01 && cur > top) {
            size_t k = i;
            while (k > start && ls->v[k - 1].keep_next)
                k--;
            if (k > start && k < i)
                i = k; /* move the kept lines over */
            page++, cur = top, start = i;
            continue;
        }
        pl[i].page = page;
        pl[i].top = cur + before;
        cur = pl[i].top + l->leading;
        i++;
    }
    /* Number the body lines of each page. */
    int n = 0;
    size_t lastpage = (size_t)-1;
    for (size_t i = 0; i < ls->n; i++) {
        if (pl[i].page != lastpage)
            n = 0, lastpage = pl[i].page;
        const rl_pline *l = &ls->v[i];
        if (l->kind == RL_LN_BODY && !l->para->is_rule && l->nruns)
            pl[i].number = ++n;
    }
}

/* ---- notes ---------------------------------------------------------------- */

typedef struct nset {
    rl_plines lines;         /* the note's set lines */
    double *h;               /* their heights */
} nset;

static void set_note(lay *y, const rl_note *n, nset *out, double width)
{
    const rl_style *st = y->st;
    rl_md_style ms = {(float)st->note_font_size, st->note_leading, RL_LN_NOTE, {0, 0, 0}, st->color_insert, true};
    rl_para *ps = NULL;
    size_t np = rl_para_from_md(&y->s, n->body, &ms, &ps);
    rl_para first = {0};
    if (!np) {
        ps = &first;
        np = 1;
        first.leading = st->note_leading;
        first.kind = RL_LN_NOTE;
        first.ragged = true;
        first.anchor = first.xref = -1;
    }
    /* The number, then the first paragraph's pieces. */
    rl_para p0 = ps[0];
    p0.pieces = NULL, p0.n = p0.cap = 0;
    rl_piece num = {0};
    num.text = rl_str_z(rl_arena_printf(y->a, "%u", n->number));
    num.size = (float)st->note_font_size;
    num.face = RL_FACE_BOLD;
    num.mark = RL_MK_NOTEREF;
    num.color = st->color_note;
    num.nohyph = true;
    rl_para_add(y->a, &p0, num);
    for (size_t k = 0; k < ps[0].n; k++) {
        rl_piece pc = ps[0].pieces[k];
        if (k == 0)
            pc.space = true;
        rl_para_add(y->a, &p0, pc);
    }
    ps[0] = p0;
    for (size_t i = 0; i < np; i++) {
        ps[i].hyphenate = st->hyphenate;
        rl_para_set(&y->s, &ps[i], width, &out->lines);
    }
    out->h = rl_arena_array(y->a, out->lines.n, sizeof *out->h);
    for (size_t i = 0; i < out->lines.n; i++)
        out->h[i] = out->lines.v[i].space_before + out->lines.v[i].leading;
}

typedef struct pending {
    size_t note;             /* index into r->notes */
    size_t first;            /* first line still to place */
    bool cont;               /* part of it was placed on an earlier page */
} pending;

static void place_notes(lay *y)
{
    const rl_redline *r = y->c->r;
    size_t nn = r->nnotes;
    if (!nn)
        return;
    const rl_style *st = y->st;
    nset *sets = rl_arena_array(y->a, nn, sizeof *sets);
    for (size_t i = 0; i < nn; i++)
        set_note(y, &r->notes[i], &sets[i], st->note_width);
    rl_pline cont = {0};
    cont.leading = st->note_leading;
    cont.kind = RL_LN_NOTE;
    double H = y->L->page_h;
    pending *carry = rl_arena_array(y->a, nn, sizeof *carry);
    size_t ncarry = 0;
    pending *list = rl_arena_array(y->a, nn, sizeof *list);
    rl_np_note *np = rl_arena_array(y->a, nn, sizeof *np);
    rl_np_place *out = rl_arena_array(y->a, nn, sizeof *out);
    double **hs = rl_arena_array(y->a, nn, sizeof *hs);
    size_t next_own = 0; /* notes are numbered in marker order */
    for (size_t pg = 0; pg < y->L->npages || ncarry; pg++) {
        if (pg == y->L->npages)
            add_page(y);
        rl_page *p = &y->L->pages[pg];
        size_t n = 0;
        for (size_t k = 0; k < ncarry; k++)
            list[n++] = carry[k];
        while (next_own < nn) {
            const marker *m = &y->markers[r->notes[next_own].number - 1];
            if (m->seen && m->page > pg)
                break;
            list[n++] = (pending){next_own, 0, false};
            next_own++;
        }
        ncarry = 0;
        if (!n)
            continue;
        for (size_t k = 0; k < n; k++) {
            const nset *ns = &sets[list[k].note];
            const marker *m = &y->markers[r->notes[list[k].note].number - 1];
            bool carried = list[k].cont || !m->seen || m->page != pg;
            np[k].want_y = carried ? y->L->top : m->want;
            np[k].first = 0;
            if (list[k].cont) {
                size_t rest = ns->lines.n - list[k].first;
                hs[k] = rl_arena_array(y->a, rest + 1, sizeof **hs);
                hs[k][0] = st->note_leading;
                memcpy(hs[k] + 1, ns->h + list[k].first, rest * sizeof **hs);
                np[k].lines = hs[k];
                np[k].nlines = rest + 1;
            } else {
                np[k].lines = ns->h;
                np[k].nlines = ns->lines.n;
            }
        }
        rl_np_params pp = {y->L->top, y->L->bottom, st->note_leading * 0.5, true, 2};
        size_t stop = rl_noteplace_page(np, n, &pp, out);
        for (size_t k = 0; k < n; k++) {
            const pending *pe = &list[k];
            const nset *ns = &sets[pe->note];
            const rl_note *note = &r->notes[pe->note];
            size_t from = out[k].from, to = out[k].to;
            if (to > from) {
                rl_notebox *nb = rl_page_note(y->a, p);
                nb->number = note->number;
                nb->cont = pe->cont;
                nb->x = p->note_x;
                nb->w = p->note_w;
                nb->y = H - out[k].y;
                nb->h = out[k].height;
                nb->want_y = H - np[k].want_y;
                const marker *m = &y->markers[note->number - 1];
                nb->marker_page = m->seen ? m->page : pg;
                if (!y->note_page[note->number - 1]) {
                    y->note_page[note->number - 1] = pg + 1;
                    y->note_top[note->number - 1] = out[k].y;
                }
                double t = out[k].y;
                for (size_t j = from; j < to; j++) {
                    const rl_pline *pl;
                    if (pe->cont && j == 0) {
                        cont.runs = rl_arena_alloc(y->a, sizeof *cont.runs);
                        cont.nruns = 1;
                        rl_str txt = rl_str_z(rl_arena_printf(y->a, "%u (cont.)", note->number));
                        cont.runs[0] = (rl_prun){txt, 0, rl_fonts_width(y->L->fonts, RL_FACE_BOLDITALIC, txt,
                                                                         st->note_font_size),
                                                 (float)st->note_font_size, 0, RL_FACE_BOLDITALIC,
                                                 RL_MK_NOTEREF, st->color_note, 0, 0};
                        cont.width = p->note_w;
                        cont.natural = cont.runs[0].w;
                        pl = &cont;
                    } else {
                        pl = &ns->lines.v[pe->cont ? pe->first + j - 1 : j];
                    }
                    double top = t + (j > from ? pl->space_before : 0);
                    draw_pline(y, p, pl, p->note_x, top, RL_LN_NOTE, 0, note->number);
                    t = top + pl->leading;
                }
                nb->continues = k >= stop && k == stop;
            }
            if (k >= stop) {
                size_t resume;
                if (k == stop)
                    resume = pe->cont ? (to > 0 ? pe->first + to - 1 : pe->first) : to;
                else
                    resume = pe->first;
                carry[ncarry++] = (pending){pe->note, resume, pe->cont || (k == stop && to > from)};
            }
        }
    }
    /* Marker links to their notes. */
    for (size_t i = 0; i < nn; i++) {
        const marker *m = &y->markers[i];
        if (!m->seen || !y->note_page[i])
            continue;
        rl_link *lk = rl_page_link(y->a, &y->L->pages[m->page]);
        lk->x0 = m->x0, lk->x1 = m->x1, lk->y0 = m->y0, lk->y1 = m->y1;
        lk->dest_page = y->note_page[i] - 1;
        lk->dest_y = H - y->note_top[i] + 4;
    }
}

/* ---- header, footer, numbers ---------------------------------------------- */

static rl_str expand(lay *y, rl_str t, size_t page, size_t pages)
{
    rl_buf b = RL_BUF_INIT;
    const rl_emit_ctx *c = y->c;
    for (size_t k = 0; k < t.n; k++) {
        if (t.p[k] == '{') {
            size_t e = k + 1;
            while (e < t.n && t.p[e] != '}')
                e++;
            rl_str key = {t.p + k + 1, e - k - 1};
            if (e < t.n) {
                if (rl_str_eqz(key, "title"))
                    rl_buf_putstr(&b, y->L->title);
                else if (rl_str_eqz(key, "page"))
                    rl_buf_printf(&b, "%zu", page);
                else if (rl_str_eqz(key, "pages"))
                    rl_buf_printf(&b, "%zu", pages);
                else if (rl_str_eqz(key, "edition")) {
                    if (c->edition_number)
                        rl_buf_printf(&b, "%ld (%.*s)", c->edition_number, (int)c->edition_id.n, c->edition_id.p);
                    else
                        rl_buf_putstr(&b, c->edition_id);
                } else if (rl_str_eqz(key, "date"))
                    rl_buf_putstr(&b, c->date);
                else
                    rl_buf_put(&b, t.p + k, e - k + 1);
                k = e;
                continue;
            }
        }
        rl_buf_putc(&b, t.p[k]);
    }
    rl_str s = rl_fonts_sanitize(y->a, rl_arena_str(y->a, rl_buf_str(&b)));
    s = rl_arena_str(y->a, s);
    rl_buf_free(&b);
    return s;
}

static void furniture(lay *y)
{
    const rl_style *st = y->st;
    rl_layout *L = y->L;
    double H = L->page_h;
    rl_rgb grey = st->color_label;
    float fs = (float)(st->font_size * 0.8);
    for (size_t i = 0; i < L->npages; i++) {
        rl_page *p = &L->pages[i];
        /* Line numbers, opposite the notes. */
        if (st->line_numbers && st->line_number_step > 0) {
            for (size_t k = 0, nl = p->nlines; k < nl; k++) {
                rl_line ln = p->lines[k];
                if (ln.kind != RL_LN_BODY || !ln.number || ln.number % st->line_number_step)
                    continue;
                rl_str t = rl_str_z(rl_arena_printf(y->a, "%d", ln.number));
                double w = rl_fonts_width(L->fonts, RL_FACE_REGULAR, t, fs);
                double x = notes_right(p) ? p->body_x - 12 - w : p->body_x + p->body_w + 12;
                rl_line *nl2 = rl_page_line(y->a, p);
                nl2->kind = RL_LN_NUMBER;
                nl2->x = x, nl2->y = ln.y, nl2->w = w, nl2->natural = w;
                nl2->glyph0 = p->nglyphs;
                put_text(y, p, t, x, ln.y, fs, RL_FACE_REGULAR, RL_MK_NONE, grey);
                nl2->nglyphs = 1;
            }
        }
        if (i == 0)
            goto footer;
        if (st->header.n) {
            rl_str t = expand(y, st->header, i + 1, L->npages);
            double base = H - st->margin_top + 16;
            rl_line *ln = rl_page_line(y->a, p);
            ln->kind = RL_LN_HEADER;
            ln->w = p->body_w;
            ln->y = base;
            ln->glyph0 = p->nglyphs;
            double w = rl_fonts_width(L->fonts, RL_FACE_ITALIC, t, fs);
            ln->x = notes_right(p) ? p->body_x : p->body_x + p->body_w - w;
            ln->natural = w;
            put_text(y, p, t, ln->x, base, fs, RL_FACE_ITALIC, RL_MK_NONE, grey);
            ln->nglyphs = 1;
            put_rule(y, p, RL_RULE_LINE, p->body_x, base - 5, p->body_x + p->body_w, base - 5, 0.4, grey, false);
        }
    footer:
        if (st->footer.n) {
            rl_str t = expand(y, st->footer, i + 1, L->npages);
            double base = st->margin_bottom - 22;
            rl_line *ln = rl_page_line(y->a, p);
            ln->kind = RL_LN_FOOTER;
            ln->w = p->body_w;
            ln->y = base;
            ln->glyph0 = p->nglyphs;
            double w = rl_fonts_width(L->fonts, RL_FACE_REGULAR, t, fs);
            ln->x = notes_right(p) ? p->body_x : p->body_x + p->body_w - w;
            ln->natural = w;
            put_text(y, p, t, ln->x, base, fs, RL_FACE_REGULAR, RL_MK_NONE, grey);
            ln->nglyphs = 1;
        }
    }
}

/* ---- driver ----------------------------------------------------------------- */

static void change_bar(lay *y, rl_page *p, const rl_line *ln, uint8_t bar, double leading)
{
    if (!bar || !y->st->change_bars)
        return;
    const rl_style *st = y->st;
    rl_rgb col = bar & 1 ? st->color_insert : bar & 4 ? st->color_move : st->color_delete;
    double x = notes_right(p) ? p->body_x - 5 : p->body_x + p->body_w + 5;
    double t = ln->y + leading * (1 - BASE) + leading * BASE - 1.0;
    double b = ln->y - leading * (1 - BASE) + 0.5;
    put_rule(y, p, RL_RULE_BAR, x, b, x, t, 1.6, col, bar == 2);
}

rl_layout *rl_layout_build(const rl_emit_ctx *c, rl_fonts *fonts)
{
    lay y = {0};
    y.c = c;
    y.st = c->style;
    y.a = c->a;
    rl_layout *L = rl_arena_alloc(c->a, sizeof *L);
    y.L = L;
    L->style = c->style;
    L->fonts = fonts;
    L->page_w = c->style->page_w;
    L->page_h = c->style->page_h;
    L->top = c->style->margin_top;
    L->bottom = c->style->page_h - c->style->margin_bottom;
    L->title = c->pub && c->pub->title.n ? rl_fonts_sanitize(c->a, c->pub->title) : RL_STR("Redline");
    y.s.a = c->a;
    y.s.d = c->d;
    y.s.fonts = fonts;
    if (c->style->hyphenate) {
        char lang[32];
        rl_str l = c->style->lang.n ? c->style->lang : RL_STR("en_US");
        snprintf(lang, sizeof lang, "%.*s", (int)(l.n < 31 ? l.n : 31), l.p);
        y.s.hyph = rl_hyph_start(c->a, c->d, (rl_span){NULL, 0, 0}, lang, NULL, NULL); /* read meanwhile */
    }
    y.nmarkers = c->r->nnotes;
    y.markers = rl_arena_array(c->a, y.nmarkers + 1, sizeof *y.markers);
    y.note_page = rl_arena_array(c->a, y.nmarkers + 1, sizeof *y.note_page);
    y.note_top = rl_arena_array(c->a, y.nmarkers + 1, sizeof *y.note_top);

    rl_paras ps = {0};
    rl_redpara_front(&y.s, c, &ps);
    size_t nfront_paras = ps.n;
    /* The body's pieces and line-breaking results live only until its
     * paragraphs are set: a work arena freed before the pages are drawn. */
    y.s.work = rl_arena_new();
    y.s.lines = rl_arena_new(); /* the set lines: until they are drawn */
    rl_redpara_body(&y.s, c, &ps);
    double body_w = c->style->page_w - c->style->margin_inner - c->style->margin_outer;
    rl_plines ls = {0};
    size_t nfront = 0;
    for (size_t i = 0; i < ps.n; i++) {
        rl_para_set(&y.s, &ps.v[i], body_w, &ls);
        if (i + 1 == nfront_paras)
            nfront = ls.n;
    }
    for (size_t i = nfront_paras; i < ps.n; i++) {
        ps.v[i].pieces = ps.v[i].label = NULL;
        ps.v[i].n = ps.v[i].cap = ps.v[i].nlabel = ps.v[i].caplabel = 0;
    }
    rl_arena_free(y.s.work);
    y.s.work = NULL;
    placed *pl = rl_arena_array(c->a, ls.n + 1, sizeof *pl);
    paginate(&y, &ls, nfront, pl);
    size_t npages = ls.n ? pl[ls.n - 1].page + 1 : 1;
    for (size_t i = 0; i < npages; i++)
        add_page(&y);
    /* Size each page's glyph and line arrays for its body lines (plus line
     * numbers, notes and furniture), so they are not regrown by doubling. */
    for (size_t i = 0; i < ls.n; i++) {
        rl_page *p = &L->pages[pl[i].page];
        p->caplines += 2;
        p->capglyphs += ls.v[i].nruns + 1;
    }
    for (size_t i = 0; i < npages; i++) {
        rl_page *p = &L->pages[i];
        p->caplines += 32;
        p->capglyphs += 128;
        p->lines = rl_arena_array(c->a, p->caplines, sizeof *p->lines);
        p->glyphs = rl_arena_array(c->a, p->capglyphs, sizeof *p->glyphs);
    }
    /* Where each block starts (for move cross-references). */
    size_t nb = c->r->nblocks;
    size_t *apage = rl_arena_array(c->a, nb + 1, sizeof *apage);
    int *aline = rl_arena_array(c->a, nb + 1, sizeof *aline);
    for (size_t i = 0; i < ls.n; i++) {
        const rl_para *p = ls.v[i].para;
        if (ls.v[i].first && p->anchor >= 0 && (size_t)p->anchor < nb) {
            apage[p->anchor] = pl[i].page + 1;
            aline[p->anchor] = pl[i].number;
        }
    }
    for (size_t i = 0; i < ls.n; i++) {
        rl_pline *l = &ls.v[i];
        rl_page *p = &L->pages[pl[i].page];
        const rl_para *pa = l->para;
        if (pa->xref >= 0 && l->nruns) {
            size_t peer = (size_t)pa->xref;
            rl_prun *r = &l->runs[0];
            r->text = rl_redpara_xref_text(c->a, pa->xref_from, peer < nb ? apage[peer] : 0,
                                           peer < nb ? aline[peer] : 0);
            r->w = rl_fonts_width(fonts, (rl_face)r->face, r->text, r->size);
            l->natural = r->x + r->w;
        }
        if (pa->is_rule) {
            double mid = L->page_h - (pl[i].top + l->leading / 2);
            double cx = p->body_x + p->body_w / 2;
            put_rule(&y, p, RL_RULE_LINE, cx - 40, mid, cx + 40, mid, 0.5, c->style->color_label, false);
            continue;
        }
        draw_pline(&y, p, l, p->body_x, pl[i].top, (rl_line_kind)l->kind, pl[i].number, 0);
        rl_line *ln = &p->lines[p->nlines - 1];
        if (l->kind == RL_LN_BODY)
            p->body_lines = pl[i].number > p->body_lines ? pl[i].number : p->body_lines;
        if (l->kind == RL_LN_BODY || l->kind == RL_LN_FRONT)
            change_bar(&y, p, ln, l->bar, l->leading); /* the legend shows the bars too */
        if (l->overfull > 0.5) {
            L->overfull++;
            rl_diag_file_warning(c->d, c->basename, "page %zu, line %d: overfull by %.1f pt", pl[i].page + 1,
                                 pl[i].number, l->overfull);
        }
        if (l->first && pa->outline_level > 0 && pa->outline_title.n) {
            GROW(c->a, L->outline, L->noutline, y.capoutline);
            L->outline[L->noutline++] = (rl_outline){rl_fonts_sanitize(c->a, pa->outline_title), pa->outline_level,
                                                     pl[i].page, L->page_h - pl[i].top};
        }
    }
    rl_arena_free(y.s.lines);
    y.s.lines = NULL;
    place_notes(&y);
    furniture(&y);
    return L;
}

/* ---- invariants ------------------------------------------------------------- */

static void why_add(rl_buf *why, size_t *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void why_add(rl_buf *why, size_t *n, const char *fmt, ...)
{
    (*n)++;
    if (!why)
        return;
    va_list ap;
    va_start(ap, fmt);
    rl_buf_vprintf(why, fmt, ap);
    va_end(ap);
    rl_buf_putc(why, '\n');
}

size_t rl_layout_check(const rl_layout *L, double tol, rl_buf *why)
{
    size_t bad = 0;
    for (size_t i = 0; i < L->npages; i++) {
        const rl_page *p = &L->pages[i];
        for (size_t k = 0; k < p->nglyphs; k++) {
            const rl_glyphs *g = &p->glyphs[k];
            if (g->x < -tol || g->x + g->w > L->page_w + tol || g->y < 0 || g->y + g->size > L->page_h)
                why_add(why, &bad, "page %zu: text '%.*s' outside the page", i + 1, (int)g->text.n, g->text.p);
        }
        for (size_t k = 0; k < p->nrules; k++) {
            const rl_rule *r = &p->rules[k];
            if (fmin(r->x0, r->x1) < 0 || fmax(r->x0, r->x1) > L->page_w || fmin(r->y0, r->y1) < 0 ||
                fmax(r->y0, r->y1) > L->page_h)
                why_add(why, &bad, "page %zu: rule outside the page", i + 1);
        }
        for (size_t k = 0; k < p->nlines; k++) {
            const rl_line *ln = &p->lines[k];
            if ((ln->kind == RL_LN_BODY || ln->kind == RL_LN_NOTE || ln->kind == RL_LN_FRONT) &&
                ln->natural > ln->w + tol)
                why_add(why, &bad, "page %zu, line %d: %.1f pt wider than its column", i + 1, ln->number,
                        ln->natural - ln->w);
        }
        for (size_t k = 0; k < p->nnotes; k++) {
            const rl_notebox *a = &p->notes[k];
            if (a->x < 0 || a->x + a->w > L->page_w || a->y > L->page_h + tol || a->y - a->h < -tol)
                why_add(why, &bad, "page %zu: note %u outside the page", i + 1, a->number);
            if (a->x < p->body_x + p->body_w && a->x + a->w > p->body_x)
                why_add(why, &bad, "page %zu: note %u overlaps the body column", i + 1, a->number);
            if (i < a->marker_page || i > a->marker_page + 1 + (a->cont ? L->npages : 0))
                why_add(why, &bad, "page %zu: note %u is far from its marker on page %zu", i + 1, a->number,
                        a->marker_page + 1);
            for (size_t j = k + 1; j < p->nnotes; j++) {
                const rl_notebox *b = &p->notes[j];
                bool sep = a->y - a->h >= b->y - tol || b->y - b->h >= a->y - tol;
                bool apart = a->x + a->w <= b->x || b->x + b->w <= a->x;
                if (!sep && !apart)
                    why_add(why, &bad, "page %zu: notes %u and %u overlap", i + 1, a->number, b->number);
            }
        }
    }
    return bad;
}
