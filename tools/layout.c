/* layout.c - pages from paragraphs: pagination, markup rules, change bars,
 * line numbers, margin notes, running header and footer, links, outline.
 *
 * The paragraphs of the body are set by rl_paraset_run (on two threads
 * when there are enough of them).
 * Pagination is TeX's page builder reduced to what a redline needs: lines
 * are stacked until the next one does not fit; the page breaks after the
 * last line that allows it (para.c marks headings, orphans and widows).
 * A one-document redline is the title page, then one section per
 * comparison, each from a new page under a level-1 outline entry; notes
 * are numbered on through the sections, move cross-references stay inside
 * their own (block indices are offset per section).
 *
 * Notes are placed in the note column page by page with rl_noteplace_page
 * (no overlap, pushed down, pulled up at the page foot, split and carried
 * with a "N (cont.)" mark; extra pages at the end if need be).  A dry run
 * of that placement follows pagination: while a note cannot start on its
 * marker's page or the next, the page is broken before the marker's line
 * and paginated again (TeX moves a footnote's line the same way), so the
 * body never runs ahead of its notes.  Rejected: note-only pages (a note
 * would still start two pages after its marker).  Markup rules are drawn
 * per line segment of equal marks; page arrays are sized once paginated.
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
#include "paraset.h"
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
    size_t line;             /* index of its line among the set lines */
    bool seen;
} marker;

typedef struct nset nset;

typedef struct lay {
    const rl_emit_ctx *c;
    const rl_style *st;
    rl_arena *a;
    rl_layout *L;
    rl_setter s;
    size_t cappages, capoutline;
    marker *markers;         /* by note number (continuous through a one-document redline) */
    size_t nmarkers;
    marker nomarker;         /* never seen: for a note number out of range */
    const rl_note **notes;   /* every note in reading order (all sections) */
    unsigned *num;           /* the number each note is shown with */
    size_t nnotes;
    nset *sets;              /* their set lines */
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

static void paginate(lay *y, rl_plines *ls, size_t nfront, const bool *force, placed *pl)
{
    double top = y->L->top, bottom = y->L->bottom;
    size_t page = 0, start = 0;
    double cur = top;
    for (size_t i = 0; i < ls->n;) {
        const rl_pline *l = &ls->v[i];
        if (i == nfront && i > 0 && cur > top) {
            page++, cur = top, start = i;
        } else if (cur > top && ((l->first && l->para->page_before) || force[i])) {
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

struct nset {
    rl_plines lines;         /* the note's set lines */
    double *h;               /* their heights */
};

static void set_note(lay *y, const rl_note *n, unsigned number, nset *out, double width)
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
    num.text = rl_str_z(rl_arena_printf(y->a, "%u", number));
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
    size_t note;             /* index into y->notes */
    size_t first;            /* first line still to place */
    bool cont;               /* part of it was placed on an earlier page */
} pending;

#define NONE ((size_t)-1)

/* The marker of note i (a blank one, never seen, if its number is out of range). */
static marker *mk(lay *y, size_t i)
{
    unsigned n = y->num[i];
    return n && n <= y->nmarkers ? &y->markers[n - 1] : &y->nomarker;
}

/* Set every note's lines once (their heights drive the placement). */
static void prepare_notes(lay *y)
{
    y->sets = rl_arena_array(y->a, y->nnotes + 1, sizeof *y->sets);
    for (size_t i = 0; i < y->nnotes; i++)
        set_note(y, y->notes[i], y->num[i], &y->sets[i], y->st->note_width);
}

/* Where each marker is once the body is paginated (draw_pline sets the
 * same values, and the marker's rectangle, when the line is drawn). */
static void locate_markers(lay *y, const rl_plines *ls, const placed *pl)
{
    memset(y->markers, 0, (y->nmarkers + 1) * sizeof *y->markers);
    for (size_t i = 0; i < ls->n; i++) {
        const rl_pline *l = &ls->v[i];
        for (size_t k = 0; k < l->nruns; k++) {
            unsigned n = l->runs[k].noteref;
            if (!n || n > y->nmarkers || !l->runs[k].text.n)
                continue;
            marker *m = &y->markers[n - 1];
            m->page = pl[i].page;
            m->want = pl[i].top + l->leading * BASE - y->st->note_leading * BASE;
            m->line = i;
            m->seen = true;
        }
    }
}

/* Place the notes page by page in the note column, carrying what does not
 * fit to the next page (extra pages after the body's body_pages if need
 * be).  With draw false nothing is drawn or added: the pass only finds
 * where each note starts.  Returns the index of the first note that starts
 * later than the page after its marker's, or NONE. */
static size_t notes_pass(lay *y, size_t body_pages, bool draw)
{
    size_t nn = y->nnotes;
    if (!nn)
        return NONE;
    const rl_style *st = y->st;
    const nset *sets = y->sets;
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
    size_t *start = rl_arena_array(y->a, nn, sizeof *start); /* first page + 1 */
    size_t next_own = 0; /* notes are numbered in marker order */
    for (size_t pg = 0; pg < body_pages || ncarry; pg++) {
        rl_page *p = NULL;
        if (draw) {
            if (pg == y->L->npages)
                add_page(y);
            p = &y->L->pages[pg];
        }
        size_t n = 0;
        for (size_t k = 0; k < ncarry; k++)
            list[n++] = carry[k];
        while (next_own < nn) {
            const marker *m = mk(y, next_own);
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
            const marker *m = mk(y, list[k].note);
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
            unsigned number = y->num[pe->note];
            size_t from = out[k].from, to = out[k].to;
            if (to > from && !start[pe->note])
                start[pe->note] = pg + 1;
            if (to > from && draw) {
                rl_notebox *nb = rl_page_note(y->a, p);
                nb->number = number;
                nb->cont = pe->cont;
                nb->x = p->note_x;
                nb->w = p->note_w;
                nb->y = H - out[k].y;
                nb->h = out[k].height;
                nb->want_y = H - np[k].want_y;
                const marker *m = mk(y, pe->note);
                nb->marker_page = m->seen ? m->page : pg;
                if (number && number <= y->nmarkers && !y->note_page[number - 1]) {
                    y->note_page[number - 1] = pg + 1;
                    y->note_top[number - 1] = out[k].y;
                }
                double t = out[k].y;
                for (size_t j = from; j < to; j++) {
                    const rl_pline *pl;
                    if (pe->cont && j == 0) {
                        cont.runs = rl_arena_alloc(y->a, sizeof *cont.runs);
                        cont.nruns = 1;
                        rl_str txt = rl_str_z(rl_arena_printf(y->a, "%u (cont.)", number));
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
                    size_t g0 = p->nglyphs;
                    draw_pline(y, p, pl, p->note_x, top, RL_LN_NOTE, 0, number);
                    t = top + pl->leading;
                    /* The note's number (or "N (cont.)") links back to its marker. */
                    if (j == 0 && m->seen)
                        for (size_t g = g0; g < p->nglyphs; g++) {
                            const rl_glyphs *gl = &p->glyphs[g];
                            if (gl->mark != RL_MK_NOTEREF)
                                continue;
                            rl_link *lk = rl_page_link(y->a, p);
                            lk->x0 = gl->x, lk->x1 = gl->x + gl->w;
                            lk->y0 = gl->y - gl->size * 0.22, lk->y1 = gl->y + gl->size * 0.8;
                            lk->dest_page = m->page;
                            lk->dest_y = m->y1 + 10 < H ? m->y1 + 10 : H;
                            break;
                        }
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
    if (draw) {
        /* Marker links to their notes. */
        for (size_t i = 0; i < y->nmarkers; i++) {
            const marker *m = &y->markers[i];
            if (!m->seen || !y->note_page[i])
                continue;
            rl_link *lk = rl_page_link(y->a, &y->L->pages[m->page]);
            lk->x0 = m->x0, lk->x1 = m->x1, lk->y0 = m->y0, lk->y1 = m->y1;
            lk->dest_page = y->note_page[i] - 1;
            lk->dest_y = H - y->note_top[i] + 4;
        }
    }
    for (size_t i = 0; i < nn; i++) {
        const marker *m = mk(y, i);
        if (m->seen && start[i] > m->page + 2)
            return i;
    }
    return NONE;
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
    float fs = (float)(st->font_size * RL_FURNITURE_SIZE);
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
                double x = notes_right(p) ? p->body_x - RL_NUMBER_GAP - w : p->body_x + p->body_w + RL_NUMBER_GAP;
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
            double base = H - st->margin_top + RL_HEADER_RAISE;
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
            double base = st->margin_bottom - RL_FOOTER_DROP;
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

/* The hyphenation language: the style's if it names one, else the
 * publication's `lang` (en-US -> en_US) if its patterns are installed,
 * else the style's default. */
static void hyph_lang(const rl_emit_ctx *c, char *out, size_t n)
{
    rl_str l = c->style->lang.n ? c->style->lang : RL_STR("en_US");
    snprintf(out, n, "%.*s", (int)(l.n < n - 1 ? l.n : n - 1), l.p);
    if (c->style->lang_at.src || !c->pub || !c->pub->lang.n || c->pub->lang.n >= n)
        return;
    char want[32];
    size_t k = 0;
    for (; k < c->pub->lang.n && k + 1 < sizeof want; k++)
        want[k] = c->pub->lang.p[k] == '-' ? '_' : c->pub->lang.p[k];
    want[k] = 0;
    if (k == c->pub->lang.n && rl_hyph_available(want, NULL))
        snprintf(out, n, "%s", want);
}

static void change_bar(lay *y, rl_page *p, const rl_line *ln, uint8_t bar, double leading)
{
    if (!bar || !y->st->change_bars)
        return;
    const rl_style *st = y->st;
    rl_rgb col = bar & 1 ? st->color_insert : bar & 4 ? st->color_move : st->color_delete;
    double x = notes_right(p) ? p->body_x - RL_BAR_GAP : p->body_x + p->body_w + RL_BAR_GAP;
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
        hyph_lang(c, lang, sizeof lang);
        y.s.hyph = rl_hyph_start(c->a, c->d, (rl_span){NULL, 0, 0}, lang, NULL, NULL); /* read meanwhile */
    }
    /* The comparisons: one, or every section of a one-document redline;
     * notes are numbered on through the sections, block indices (for the
     * move cross-references, which stay within their section) too. */
    rl_emit_part one = {c->r, c->vold, c->vnew};
    bool multi = c->parts && c->nparts >= 2;
    const rl_emit_part *parts = multi ? c->parts : &one;
    size_t nparts = multi ? c->nparts : 1;
    unsigned *note_base = rl_arena_array(c->a, nparts + 1, sizeof *note_base);
    size_t *block_base = rl_arena_array(c->a, nparts + 1, sizeof *block_base);
    for (size_t k = 0; k < nparts; k++) {
        note_base[k + 1] = note_base[k] + (unsigned)parts[k].r->nnotes;
        block_base[k + 1] = block_base[k] + parts[k].r->nblocks;
    }
    y.nnotes = note_base[nparts];
    y.notes = rl_arena_array(c->a, y.nnotes + 1, sizeof *y.notes);
    y.num = rl_arena_array(c->a, y.nnotes + 1, sizeof *y.num);
    for (size_t k = 0, i = 0; k < nparts; k++)
        for (size_t j = 0; j < parts[k].r->nnotes; j++, i++) {
            y.notes[i] = &parts[k].r->notes[j];
            y.num[i] = note_base[k] + parts[k].r->notes[j].number;
            if (y.num[i] > y.nmarkers)
                y.nmarkers = y.num[i];
        }
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
    for (size_t k = 0; k < nparts; k++) {
        if (multi)
            rl_redpara_section(&y.s, c, k, &ps);
        size_t from = ps.n;
        rl_emit_ctx pc = *c;
        pc.r = parts[k].r, pc.vold = parts[k].vold, pc.vnew = parts[k].vnew;
        rl_redpara_body(&y.s, &pc, note_base[k], &ps);
        for (size_t i = from; i < ps.n; i++) {
            rl_para *q = &ps.v[i];
            if (q->anchor >= 0)
                q->anchor += (int32_t)block_base[k];
            if (q->xref >= 0)
                q->xref += (int32_t)block_base[k];
            if (multi && q->outline_level > 0)
                q->outline_level++; /* the document's headings under the section's */
        }
    }
    double body_w = c->style->page_w - c->style->margin_inner - c->style->margin_outer;
    rl_plines ls = {0};
    rl_paraset_run(&y.s, ps.v, ps.n, body_w, &ls);
    size_t nfront = 0; /* the title page's lines */
    while (nfront < ls.n && ls.v[nfront].para < ps.v + nfront_paras)
        nfront++;
    for (size_t i = nfront_paras; i < ps.n; i++) {
        ps.v[i].pieces = ps.v[i].label = NULL;
        ps.v[i].n = ps.v[i].cap = ps.v[i].nlabel = ps.v[i].caplabel = 0;
    }
    rl_arena_free(y.s.work);
    y.s.work = NULL;
    /* The notes are set now (into c->a: they outlive the body's lines). */
    rl_arena *body_lines = y.s.lines;
    y.s.lines = NULL;
    prepare_notes(&y);
    y.s.lines = body_lines;
    /* Paginate; while a note cannot start on its marker's page or the
     * next (the notes before it fill both columns), break the page before
     * the marker's line (or the lines kept with it) and paginate again.
     * Every round adds a break before a line that did not start a page,
     * so the rounds end; a marker on the first line of a page whose notes
     * still cannot start is left as it is (rl_layout_check reports it). */
    placed *pl = rl_arena_array(c->a, ls.n + 1, sizeof *pl);
    bool *force = rl_arena_array(c->a, ls.n + 1, sizeof *force);
    size_t npages = 1;
    for (;;) {
        paginate(&y, &ls, nfront, force, pl);
        npages = ls.n ? pl[ls.n - 1].page + 1 : 1;
        locate_markers(&y, &ls, pl);
        size_t bad = notes_pass(&y, npages, false);
        if (bad == NONE)
            break;
        size_t i = mk(&y, bad)->line, s0 = i;
        while (s0 > 0 && pl[s0 - 1].page == pl[i].page)
            s0--;
        size_t k = i;
        while (k > s0 && ls.v[k - 1].keep_next)
            k--;
        if (k == s0)
            k = i;
        if (k == s0 || force[k])
            break;
        force[k] = true;
    }
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
    size_t nb = block_base[nparts];
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
    notes_pass(&y, L->npages, true);
    furniture(&y);
    return L;
}

rl_layout *rl_layout_open(const rl_emit_ctx *c)
{
    rl_fonts *f = c->fonts ? c->fonts : rl_fonts_open(c->a, c->d, c->style);
    rl_layout *L = f ? rl_layout_build(c, f) : NULL;
    if (L && c->on_layout)
        c->on_layout(c->on_layout_arg, L);
    return L;
}

void rl_layout_prefetch(const rl_pub *p, const rl_style *st)
{
    if (!st->hyphenate)
        return;
    rl_emit_ctx c = {.pub = p, .style = st};
    char lang[32];
    hyph_lang(&c, lang, sizeof lang);
    rl_hyph_prefetch(lang, NULL);
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
