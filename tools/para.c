/* para.c - paragraphs to positioned lines.
 *
 * Items: each piece becomes one or more boxes (split at hyphenation points,
 * after explicit hyphens, and after '/' in links so long URLs can break),
 * with a penalty between the parts; a space before a piece becomes glue of
 * the face's space width with TeX's stretch 1/2 and shrink 1/3.  Pieces
 * without a space between them are adjacent boxes, so no break can fall
 * between a word and its comma or its note marker.  Each item remembers
 * the byte range of its piece, so after Knuth-Plass (linebreak.c) the boxes
 * of one piece on one line are merged back into one run of text and the
 * glyph runs cut words only at taken hyphenation points.
 *
 * Hyphenation is lazy, as TeX's first pass: a paragraph is first broken
 * without hyphenation points (rl_lb_params.first_pass_only); only if that
 * fails are its words hyphenated and the later passes run.  The first pass
 * ignores the points anyway, so the lines are the same as with eager
 * hyphenation.  The second attempt keeps the first one's items for every
 * piece that gets no hyphenation point (most of them): only the others are
 * cut and measured again.
 * Each line's runs are gathered in a reused buffer and copied to the arena
 * at their exact count (growing them in the arena doubled their memory).
 *
 * Page-level keeps are decided here, where the line count is known: a
 * two-line paragraph never splits, and longer ones never leave a single
 * line (orphan or widow) on either side of a page break.
 */
#include "para.h"
#include "url.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hyph.h"
#include "layout.h"
#include "linebreak.h"

rl_piece *rl_para_add(rl_arena *a, rl_para *p, rl_piece pc)
{
    if (p->n == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 16;
        p->pieces = rl_arena_grow(a, p->pieces, p->n, nc, sizeof *p->pieces);
        p->cap = nc;
    }
    p->pieces[p->n] = pc;
    return &p->pieces[p->n++];
}

rl_piece *rl_para_add_label(rl_arena *a, rl_para *p, rl_piece pc)
{
    if (p->nlabel == p->caplabel) {
        size_t nc = p->caplabel ? p->caplabel * 2 : 4;
        p->label = rl_arena_grow(a, p->label, p->nlabel, nc, sizeof *p->label);
        p->caplabel = nc;
    }
    p->label[p->nlabel] = pc;
    return &p->label[p->nlabel++];
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void rl_para_words(rl_arena *a, rl_para *p, rl_str t, rl_piece tmpl)
{
    size_t k = 0;
    bool sp = tmpl.space;
    while (k < t.n) {
        if (is_space(t.p[k])) {
            sp = true;
            k++;
            continue;
        }
        size_t e = k;
        while (e < t.n && !is_space(t.p[e]))
            e++;
        rl_piece pc = tmpl;
        pc.text = rl_fonts_sanitize(a, (rl_str){t.p + k, e - k});
        pc.space = sp;
        rl_para_add(a, p, pc);
        tmpl.hard_break = false;
        sp = false;
        k = e;
    }
}

uint32_t rl_setter_uri(rl_setter *s, rl_str url)
{
    static const char hex[] = "0123456789ABCDEF";
    /* The same policy as every other output: a javascript: or file: link
     * in a version text stays plain text in the PDF too. */
    if (!rl_url_ok(url, 0))
        return 0;
    char *o = rl_arena_alloc(s->a, url.n * 3 + 1);
    size_t n = 0;
    for (size_t i = 0; i < url.n; i++) {
        unsigned char c = (unsigned char)url.p[i];
        if (c <= 0x20 || c >= 0x7F || strchr("\"<>\\^`{|}", c)) {
            o[n++] = '%';
            o[n++] = hex[c >> 4];
            o[n++] = hex[c & 15];
        } else {
            o[n++] = (char)c;
        }
    }
    if (s->nuris == s->capuris) {
        size_t nc = s->capuris ? s->capuris * 2 : 8;
        s->uris = rl_arena_grow(s->a, s->uris, s->nuris, nc, sizeof *s->uris);
        s->capuris = nc;
    }
    s->uris[s->nuris++] = (rl_str){o, n};
    return (uint32_t)s->nuris;
}

/* ---- items ------------------------------------------------------------ */

typedef struct src {
    uint32_t piece, b0, b1;  /* piece index and byte range (boxes, hyphen penalties) */
} src;

typedef struct items {
    rl_lb_item *v;
    src *s;
    size_t n, cap;
    rl_lb_item *v0;          /* the first attempt's items, while the second is built */
    src *s0;
    size_t cap0;
    uint32_t *at;            /* first item of each piece in the first attempt */
    size_t capat;
    rl_prun *runs;           /* one line's runs, copied to the arena at their exact count */
    size_t caprun;
    int space_face;          /* the last word space measured: face, size, width */
    float space_size;
    double space_w;
} items;

/* The work arrays are malloc'd once per setter and reused (they would
 * otherwise be the largest part of the arena on long documents). */
static void free_items(void *p)
{
    items *it = p;
    free(it->v);
    free(it->s);
    free(it->v0);
    free(it->s0);
    free(it->at);
    free(it->runs);
    free(it);
}

static items *scratch(rl_setter *s)
{
    if (!s->scratch) {
        s->scratch = rl_xcalloc(1, sizeof(items));
        rl_arena_defer(s->a, free_items, s->scratch);
    }
    items *it = s->scratch;
    it->n = 0;
    it->space_face = -1;
    return it;
}

static void reserve(items *it, size_t need)
{
    if (need <= it->cap)
        return;
    size_t nc = it->cap ? it->cap * 2 : 256;
    while (nc < need)
        nc *= 2;
    it->v = rl_xrealloc(it->v, nc * sizeof *it->v);
    it->s = rl_xrealloc(it->s, nc * sizeof *it->s);
    it->cap = nc;
}

static void push(items *it, rl_lb_item x, src s)
{
    if (it->n == it->cap)
        reserve(it, it->n + 1);
    it->v[it->n] = x;
    it->s[it->n] = s;
    it->n++;
}

static rl_str hyphen_str = {"-", 1};

static double piece_width(rl_setter *s, const rl_piece *pc, uint32_t b0, uint32_t b1)
{
    return rl_fonts_width(s->fonts, (rl_face)pc->face, (rl_str){pc->text.p + b0, b1 - b0}, pc->size);
}

/* The items of piece i: glue or a forced break before it, then its boxes
 * with penalties between them at its nh hyphenation points hp (from
 * rl_hyph_points), after explicit hyphens and, in links, after '/'. */
static void add_piece(rl_setter *s, const rl_para *p, uint32_t i, items *it, const uint32_t *hp, size_t nh)
{
    const rl_piece *pc = &p->pieces[i];
    if (pc->hard_break && it->n) {
        push(it, rl_lb_glue(0, 0, 0), (src){i, 0, 0});
        it->v[it->n - 1].flags = RL_LB_FIL;
        it->v[it->n - 1].stretch = 1;
        push(it, rl_lb_penalty(0, -RL_LB_INF, 0), (src){i, 0, 0});
    } else if (pc->space && it->n) {
        int sf = pc->face == RL_FACE_MONO ? RL_FACE_MONO : RL_FACE_REGULAR;
        if (sf != it->space_face || pc->size != it->space_size) {
            it->space_face = sf, it->space_size = pc->size;
            it->space_w = rl_fonts_width(s->fonts, (rl_face)sf, RL_STR(" "), pc->size);
        }
        double sw = it->space_w;
        push(it, rl_lb_glue(sw, sw / 2, sw / 3), (src){i, 0, 0});
    }
    /* Break points inside the piece, ascending byte offsets. */
    uint32_t pts[64];
    bool hy[64];
    size_t np = 0;
    size_t h = 0;
    for (uint32_t k = 1; k + 1 < pc->text.n && np < 64; k++) {
        while (h < nh && hp[h] < k)
            h++;
        if (h < nh && hp[h] == k) {
            pts[np] = k, hy[np++] = true;
        } else if (pc->text.p[k - 1] == '-' && k >= 2) {
            pts[np] = k, hy[np++] = false;
        } else if (pc->link && pc->text.p[k - 1] == '/' && pc->text.p[k] != '/') {
            pts[np] = k, hy[np++] = false;
        }
    }
    uint32_t b = 0;
    for (size_t q = 0; q <= np; q++) {
        uint32_t e = q < np ? pts[q] : (uint32_t)pc->text.n;
        push(it, rl_lb_box(piece_width(s, pc, b, e)), (src){i, b, e});
        if (q < np) {
            if (hy[q])
                push(it,
                     rl_lb_penalty(rl_fonts_width(s->fonts, (rl_face)pc->face, hyphen_str, pc->size), 0,
                                   RL_LB_AUTO | RL_LB_FLAGGED),
                     (src){i, e, e});
            else
                push(it, rl_lb_penalty(0, pc->link ? 200 : 50, pc->link ? 0 : RL_LB_FLAGGED),
                     (src){i, e, e});
        }
        b = e;
    }
}

/* The items again, with hyphenation points if hyph (rl_para_set's second
 * attempt).  A piece that gets none has the same items as in the first
 * attempt: they are copied rather than measured again. */
static void redo(rl_setter *s, const rl_para *p, items *it, bool hyph)
{
    items first = *it;
    it->v = first.v0;
    it->s = first.s0;
    it->cap = first.cap0;
    it->v0 = first.v;
    it->s0 = first.s;
    it->cap0 = first.cap;
    it->n = 0;
    for (uint32_t i = 0; i < p->n; i++) {
        const rl_piece *pc = &p->pieces[i];
        const uint32_t *hp = NULL;
        size_t nh = 0;
        if (hyph && !pc->nohyph && pc->text.n >= 5 && pc->face != RL_FACE_MONO)
            nh = rl_hyph_points(s->hyph, pc->text, &hp);
        if (nh) {
            add_piece(s, p, i, it, hp, nh);
            continue;
        }
        size_t from = it->at[i], k = it->at[i + 1] - from;
        reserve(it, it->n + k);
        memcpy(it->v + it->n, it->v0 + from, k * sizeof *it->v);
        memcpy(it->s + it->n, it->s0 + from, k * sizeof *it->s);
        it->n += k;
    }
}

static void plines_push(rl_arena *a, rl_plines *o, rl_pline l)
{
    if (o->n == o->cap) {
        size_t nc = o->cap ? o->cap * 2 : 256;
        o->v = rl_arena_grow(a, o->v, o->n, nc, sizeof *o->v);
        o->cap = nc;
    }
    o->v[o->n++] = l;
}

static rl_prun run_of(const rl_piece *pc, rl_str text, double x, double w)
{
    return (rl_prun){text, x, w, pc->size, pc->rise, pc->face, pc->mark, pc->color, pc->link, pc->noteref};
}

static void run_push(items *it, size_t *nr, rl_prun r)
{
    if (*nr == it->caprun) {
        it->caprun = it->caprun ? it->caprun * 2 : 64;
        it->runs = rl_xrealloc(it->runs, it->caprun * sizeof *it->runs);
    }
    it->runs[(*nr)++] = r;
}

static uint8_t bar_of(uint8_t mark)
{
    switch (mark) {
    case RL_MK_INS:
    case RL_MK_LABEL_NEW:
        return 1;
    case RL_MK_DEL:
    case RL_MK_LABEL_OLD:
        return 2;
    case RL_MK_MOVE:
    case RL_MK_XREF:
        return 4;
    default:
        return 0;
    }
}

size_t rl_para_set(rl_setter *s, const rl_para *p, double width, rl_plines *out)
{
    size_t first = out->n;
    rl_pline base = {0};
    base.leading = p->leading;
    base.kind = p->kind;
    base.para = p;
    base.width = width;
    if (p->is_rule || (p->n == 0 && p->nlabel == 0)) {
        base.first = true;
        base.space_before = p->space_before;
        plines_push(s->lines ? s->lines : s->a, out, base);
        return 1;
    }
    double textw = width - p->indent - p->hang;
    if (textw < 20)
        textw = 20;
    items *itp = scratch(s);
    if (p->n + 1 > itp->capat) {
        itp->capat = p->n + 1;
        itp->at = rl_xrealloc(itp->at, itp->capat * sizeof *itp->at);
    }
    for (uint32_t i = 0; i < p->n; i++) {
        itp->at[i] = (uint32_t)itp->n;
        add_piece(s, p, i, itp, NULL, 0);
    }
    itp->at[p->n] = (uint32_t)itp->n;
    rl_lb_params lp;
    rl_linebreak_defaults(&lp);
    double em = p->n ? p->pieces[0].size : 10;
    lp.widths = &textw;
    lp.nwidths = 1;
    lp.emergency_stretch *= em / 10;
    lp.ragged_stretch *= em / 10;
    lp.ragged = p->ragged || p->center;
    lp.tolerance = 400;
    rl_lb_result res = {0};
    /* TeX's first pass ignores hyphenation points, so they are only
     * computed for a paragraph that cannot be set without them: the
     * result is the same as with them. */
    bool hyph = p->hyphenate && s->hyph;
    lp.first_pass_only = hyph && lp.pretolerance >= 0;
    rl_linebreak_run(s->work ? s->work : s->a, s->d, itp->v, itp->n, &lp, &res);
    if (res.nlines == 0) {
        redo(s, p, itp, hyph);
        lp.first_pass_only = false;
        if (hyph)
            lp.pretolerance = -1; /* failed above: the hyphenation points change nothing in it */
        rl_linebreak_run(s->work ? s->work : s->a, s->d, itp->v, itp->n, &lp, &res);
    }
    items it = *itp;
    for (size_t L = 0; L < res.nlines; L++) {
        const rl_lb_line *ln = &res.lines[L];
        rl_pline pl = base;
        pl.first = L == 0;
        pl.space_before = L == 0 ? p->space_before : 0;
        pl.natural = ln->natural + p->indent + p->hang;
        pl.overfull = ln->overfull;
        size_t nr = 0;
        double x = p->indent + p->hang;
        if (p->center && ln->natural < textw)
            x += (textw - ln->natural) / 2;
        if (L == 0 && p->nlabel) {
            double lx = p->indent;
            for (size_t k = 0; k < p->nlabel; k++) {
                const rl_piece *pc = &p->label[k];
                if (k && pc->space)
                    lx += rl_fonts_width(s->fonts, RL_FACE_REGULAR, RL_STR(" "), pc->size);
                double w = rl_fonts_width(s->fonts, (rl_face)pc->face, pc->text, pc->size);
                run_push(itp, &nr, run_of(pc, pc->text, lx, w));
                pl.bar |= bar_of(pc->mark);
                lx += w;
            }
        }
        bool started = false;
        for (size_t k = ln->start; k < ln->end && k < it.n; k++) {
            const rl_lb_item *item = &it.v[k];
            if (item->type == RL_LB_GLUE) {
                if (!started)
                    continue;
                double w = item->width;
                if (item->flags & RL_LB_FIL)
                    w = 0;
                else if (ln->ratio > 0 && !lp.ragged)
                    w += ln->ratio * item->stretch;
                else if (ln->ratio < 0 && !lp.ragged)
                    w += ln->ratio * item->shrink;
                x += w;
                continue;
            }
            if (item->type != RL_LB_BOX)
                continue;
            started = true;
            const src *sr = &it.s[k];
            const rl_piece *pc = &p->pieces[sr->piece];
            rl_prun *prev = nr ? &itp->runs[nr - 1] : NULL;
            if (prev && k > ln->start && it.s[k - 1].piece == sr->piece &&
                prev->text.p + prev->text.n == pc->text.p + sr->b0 && prev->noteref == pc->noteref) {
                prev->text.n += sr->b1 - sr->b0;
                prev->w += item->width;
            } else {
                rl_str t = {pc->text.p + sr->b0, sr->b1 - sr->b0};
                run_push(itp, &nr, run_of(pc, t, x, item->width));
                pl.bar |= bar_of(pc->mark);
            }
            x += item->width;
        }
        /* A hyphen at a taken hyphenation point. */
        if (ln->end < it.n && it.v[ln->end].type == RL_LB_PENALTY && it.v[ln->end].width > 0 && nr) {
            const rl_piece *pc = &p->pieces[it.s[ln->end].piece];
            run_push(itp, &nr, run_of(pc, hyphen_str, x, it.v[ln->end].width));
            x += it.v[ln->end].width;
        }
        pl.natural = x; /* the right edge as set (after stretch or shrink) */
        pl.runs = rl_arena_array(s->lines ? s->lines : s->a, nr + 1, sizeof *pl.runs);
        if (nr)
            memcpy(pl.runs, itp->runs, nr * sizeof *pl.runs);
        pl.nruns = nr;
        pl.bar |= p->bar;
        plines_push(s->lines ? s->lines : s->a, out, pl);
    }
    size_t n = out->n - first;
    rl_pline *v = out->v + first;
    for (size_t L = 0; L < n; L++) {
        if (p->keep_with_next)
            v[L].keep_next = true;
        else if (n >= 2 && (L == 0 || L == n - 2))
            v[L].keep_next = true;
    }
    return n;
}

/* ---- Markdown ----------------------------------------------------------- */

typedef struct mdw {
    rl_setter *s;
    const rl_md_style *st;
    rl_para *v;
    size_t n, cap;
    rl_para *cur;
    int emph, strong, list_depth, quote;
    uint32_t link;
    int item_no[8];
    bool ordered[8];
    bool tight_next;
} mdw;

static rl_para *new_para(mdw *w, bool item)
{
    if (w->n == w->cap) {
        size_t nc = w->cap ? w->cap * 2 : 8;
        w->v = rl_arena_grow(w->s->a, w->v, w->n, nc, sizeof *w->v);
        w->cap = nc;
    }
    rl_para *p = &w->v[w->n++];
    memset(p, 0, sizeof *p);
    p->ragged = w->st->ragged;
    p->hyphenate = true;
    p->leading = w->st->leading;
    p->space_before = w->n > 1 && !(item && w->tight_next) ? w->st->leading * 0.4 : 0;
    p->kind = w->st->kind;
    p->anchor = p->xref = -1;
    double em = w->st->size;
    int depth = w->list_depth;
    p->indent = (depth > 1 ? (depth - 1) * 1.5 * em : 0) + w->quote * 1.2 * em;
    if (item && depth > 0) {
        p->hang = 1.5 * em;
        int d = depth > 8 ? 7 : depth - 1;
        char *lab = w->ordered[d] ? rl_arena_printf(w->s->a, "%d.", ++w->item_no[d]) : "\xE2\x80\xA2";
        rl_piece pc = {0};
        pc.text = rl_str_z(lab);
        pc.size = w->st->size;
        pc.color = w->st->color;
        rl_para_add_label(w->s->a, p, pc);
    } else if (depth > 0) {
        p->hang = 1.5 * em;
    }
    return p;
}

static rl_piece md_tmpl(mdw *w)
{
    rl_piece pc = {0};
    pc.size = w->st->size;
    int f = (w->strong ? 1 : 0) | (w->emph ? 2 : 0);
    pc.face = (uint8_t)f; /* REGULAR 0, BOLD 1, ITALIC 2, BOLDITALIC 3 */
    pc.color = w->st->color;
    if (w->link) {
        pc.link = w->link;
        pc.mark = RL_MK_LINK;
        pc.color = w->st->link_color;
    }
    return pc;
}

size_t rl_para_from_md(rl_setter *s, cmark_node *doc, const rl_md_style *st, rl_para **out)
{
    mdw w = {0};
    w.s = s;
    w.st = st;
    *out = NULL;
    if (!doc)
        return 0;
    cmark_iter *iter = cmark_iter_new(doc);
    cmark_event_type ev;
    bool space_next = false;
    while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
        cmark_node *nd = cmark_iter_get_node(iter);
        cmark_node_type t = cmark_node_get_type(nd);
        bool enter = ev == CMARK_EVENT_ENTER;
        switch (t) {
        case CMARK_NODE_PARAGRAPH:
        case CMARK_NODE_HEADING:
            if (enter) {
                cmark_node *parent = cmark_node_parent(nd);
                bool item = parent && cmark_node_get_type(parent) == CMARK_NODE_ITEM &&
                            cmark_node_first_child(parent) == nd;
                w.cur = new_para(&w, item);
                if (t == CMARK_NODE_HEADING)
                    w.strong++;
                space_next = false;
            } else {
                if (t == CMARK_NODE_HEADING)
                    w.strong--;
                w.cur = NULL;
            }
            break;
        case CMARK_NODE_LIST:
            if (enter) {
                w.list_depth++;
                int d = w.list_depth > 8 ? 7 : w.list_depth - 1;
                w.ordered[d] = cmark_node_get_list_type(nd) == CMARK_ORDERED_LIST;
                w.item_no[d] = cmark_node_get_list_start(nd) - 1;
                if (w.item_no[d] < 0)
                    w.item_no[d] = 0;
            } else {
                w.list_depth--;
            }
            break;
        case CMARK_NODE_BLOCK_QUOTE:
            w.quote += enter ? 1 : -1;
            break;
        case CMARK_NODE_CODE_BLOCK: {
            rl_para *p = new_para(&w, false);
            rl_str lit = rl_str_z(cmark_node_get_literal(nd));
            size_t k = 0;
            bool firstline = true;
            while (k < lit.n) {
                size_t e = k;
                while (e < lit.n && lit.p[e] != '\n')
                    e++;
                rl_piece pc = md_tmpl(&w);
                pc.face = RL_FACE_MONO;
                pc.nohyph = true;
                pc.hard_break = !firstline;
                rl_para_words(s->a, p, (rl_str){lit.p + k, e - k}, pc);
                firstline = false;
                k = e + 1;
            }
            p->ragged = true;
            w.cur = NULL;
            break;
        }
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE: {
            if (!w.cur)
                w.cur = new_para(&w, false);
            rl_piece pc = md_tmpl(&w);
            if (t == CMARK_NODE_CODE) {
                pc.face = RL_FACE_MONO;
                pc.nohyph = true;
            }
            rl_str lit = rl_str_z(cmark_node_get_literal(nd));
            pc.space = space_next || (lit.n && is_space(lit.p[0]));
            if (w.cur->n == 0)
                pc.space = false;
            rl_para_words(s->a, w.cur, lit, pc);
            space_next = lit.n && is_space(lit.p[lit.n - 1]);
            break;
        }
        case CMARK_NODE_SOFTBREAK:
            space_next = true;
            break;
        case CMARK_NODE_LINEBREAK:
            if (w.cur) {
                /* The next piece starts a new line. */
                rl_piece pc = md_tmpl(&w);
                pc.hard_break = true;
                pc.text = RL_STR("");
                space_next = false;
                /* Marked on the next text: remember with a zero-width piece. */
                rl_para_add(s->a, w.cur, pc);
            }
            break;
        case CMARK_NODE_EMPH:
            w.emph += enter ? 1 : -1;
            break;
        case CMARK_NODE_STRONG:
            w.strong += enter ? 1 : -1;
            break;
        case CMARK_NODE_LINK:
            if (enter)
                w.link = rl_setter_uri(s, rl_str_z(cmark_node_get_url(nd)));
            else
                w.link = 0;
            break;
        default:
            break; /* HTML, images, thematic breaks: skipped */
        }
    }
    cmark_iter_free(iter);
    /* Drop empty paragraphs. */
    size_t k = 0;
    for (size_t i = 0; i < w.n; i++)
        if (w.v[i].n || w.v[i].nlabel)
            w.v[k++] = w.v[i];
    *out = w.v;
    return k;
}
