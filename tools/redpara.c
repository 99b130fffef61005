/* redpara.c - from the redline model to paragraphs of marked-up pieces.
 *
 * Every token of a block becomes one piece carrying its markup (inserted,
 * deleted, moved) and its inline style, so the line breaker can break a
 * change anywhere and the page builder draws its rules per line segment.
 * Labels go into the hanging indent; a renumbered label shows old (struck)
 * and new (underlined) as "(b)->(2)".  A move is shown at both ends: the
 * ghost becomes a one-line "[moved to p. X, l. Y]" paragraph, the moved
 * block is preceded by "[moved from p. X, l. Y]"; their numbers are only
 * known after pagination, so the paragraph names the peer block and the
 * page builder writes the text (the line is never broken, so the final
 * width cannot change the layout).  The title page is built from the same
 * pieces, so its legend shows the real markup; for a one-document redline
 * it lists the versions and the summary per section, the legend once.
 */
#include "redpara.h"
#include "notebody.h"

#include <cmark.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "emit.h"
#include "layout.h"
#include "pub.h"
#include "redline.h"
#include "summary.h"

rl_para *rl_paras_new(rl_arena *a, rl_paras *ps)
{
    if (ps->n == ps->cap) {
        size_t nc = ps->cap ? ps->cap * 2 : 64;
        ps->v = rl_arena_grow(a, ps->v, ps->n, nc, sizeof *ps->v);
        ps->cap = nc;
    }
    rl_para *p = &ps->v[ps->n++];
    memset(p, 0, sizeof *p);
    p->anchor = p->xref = -1;
    p->hyphenate = true;
    return p;
}

rl_rgb rl_redpara_color(const rl_style *st, uint8_t mark)
{
    switch (mark) {
    case RL_MK_INS:
    case RL_MK_LABEL_NEW:
        return st->color_insert;
    case RL_MK_DEL:
    case RL_MK_LABEL_OLD:
        return st->color_delete;
    case RL_MK_MOVE:
    case RL_MK_XREF:
        return st->color_move;
    case RL_MK_NOTEREF:
        return st->color_note;
    case RL_MK_LINK:
        return st->color_insert;
    default:
        return (rl_rgb){0, 0, 0};
    }
}

rl_str rl_redpara_xref_text(rl_arena *a, bool from, size_t page, int line)
{
    if (!page)
        return rl_str_z(from ? "[moved from elsewhere]" : "[moved elsewhere]");
    return rl_str_z(rl_arena_printf(a, "[moved %s p.\xC2\xA0%zu, l.\xC2\xA0%d]", from ? "from" : "to", page, line));
}

/* Where the pieces of body paragraphs go (see rl_setter.work). */
static rl_arena *work(rl_setter *s)
{
    return s->work ? s->work : s->a;
}

static rl_piece piece(const rl_style *st, float size, uint8_t face, uint8_t mark)
{
    rl_piece pc = {0};
    pc.size = size;
    pc.face = face;
    pc.mark = mark;
    pc.color = rl_redpara_color(st, mark);
    return pc;
}

static void xref_para(rl_setter *s, const rl_style *st, rl_paras *out, int32_t self, int32_t peer, bool from)
{
    rl_para *p = rl_paras_new(s->a, out);
    p->kind = RL_LN_BODY;
    p->leading = st->leading;
    p->space_before = st->par_skip;
    p->ragged = true;
    p->hyphenate = false;
    p->anchor = self;
    p->xref = peer;
    p->xref_from = from;
    rl_piece pc = piece(st, (float)(st->font_size * 0.9), RL_FACE_ITALIC, RL_MK_XREF);
    /* Placeholder as wide as the real text can be; replaced after pagination. */
    pc.text = rl_redpara_xref_text(s->a, from, 9999, 99);
    pc.nohyph = true;
    rl_para_add(work(s), p, pc);
}

static uint8_t face_of(uint8_t style, bool heading)
{
    if (style & RL_STY_CODE)
        return RL_FACE_MONO;
    int f = ((style & RL_STY_STRONG) || heading ? 1 : 0) | (style & RL_STY_EMPH ? 2 : 0);
    return (uint8_t)f;
}

static void label_pieces(rl_setter *s, const rl_style *st, rl_para *p, const rl_rblock *b, float size,
                         bool heading)
{
    uint8_t face = heading ? RL_FACE_BOLD : RL_FACE_REGULAR;
    rl_str oldl = b->old ? b->old->label : RL_STR_NULL;
    rl_str newl = b->new ? b->new->label : RL_STR_NULL;
    if (b->ghost)
        return;
    if (b->label_changed) {
        if (oldl.n) {
            rl_piece pc = piece(st, size, face, RL_MK_LABEL_OLD);
            pc.text = rl_fonts_sanitize(s->a, oldl);
            rl_para_add_label(work(s), p, pc);
        }
        if (oldl.n && newl.n) {
            rl_piece pc = piece(st, size, RL_FACE_REGULAR, RL_MK_NONE);
            pc.text = RL_STR("\xE2\x86\x92"); /* → */
            rl_para_add_label(work(s), p, pc);
        }
        if (newl.n) {
            rl_piece pc = piece(st, size, face, RL_MK_LABEL_NEW);
            pc.text = rl_fonts_sanitize(s->a, newl);
            rl_para_add_label(work(s), p, pc);
        }
        return;
    }
    rl_str l = newl.n ? newl : oldl;
    if (!l.n)
        return;
    uint8_t mark = b->status == RL_ST_INSERTED ? RL_MK_INS
                   : b->status == RL_ST_DELETED ? RL_MK_DEL
                   : b->status == RL_ST_MOVED   ? RL_MK_MOVE
                                                : RL_MK_NONE;
    rl_piece pc = piece(st, size, face, mark);
    pc.text = rl_fonts_sanitize(s->a, l);
    rl_para_add_label(work(s), p, pc);
}

static double label_width(rl_setter *s, const rl_para *p)
{
    double w = 0;
    for (size_t k = 0; k < p->nlabel; k++)
        w += rl_fonts_width(s->fonts, (rl_face)p->label[k].face, p->label[k].text, p->label[k].size);
    return w;
}

static void marker(rl_setter *s, const rl_style *st, rl_para *p, const rl_note *n, unsigned base, float size)
{
    rl_piece pc = piece(st, (float)(size * 0.62), RL_FACE_BOLD, RL_MK_NOTEREF);
    pc.rise = (float)(size * 0.36);
    pc.text = rl_str_z(rl_arena_printf(s->a, "%u", base + n->number));
    pc.noteref = base + n->number;
    pc.nohyph = true;
    rl_para_add(work(s), p, pc);
}

static void block_para(rl_setter *s, const rl_emit_ctx *c, unsigned note_base, rl_paras *out, size_t bi)
{
    const rl_style *st = c->style;
    const rl_redline *r = c->r;
    const rl_rblock *b = &r->blocks[bi];
    const rl_block *shown = rl_rblock_shown(b);
    bool moved = b->status == RL_ST_MOVED;
    if (moved && b->peer >= 0)
        xref_para(s, st, out, (int32_t)bi, b->peer, true);
    rl_para *p = rl_paras_new(s->a, out);
    p->kind = RL_LN_BODY;
    p->leading = st->leading;
    p->space_before = st->par_skip;
    p->hyphenate = st->hyphenate;
    if (!(moved && b->peer >= 0))
        p->anchor = (int32_t)bi;
    float size = (float)st->font_size;
    bool heading = shown->kind == RL_BLK_HEADING;
    if (heading) {
        double scale = shown->level <= 1 ? st->heading_scale
                       : shown->level == 2 ? 1 + (st->heading_scale - 1) / 2
                                           : 1;
        size = (float)(st->font_size * scale);
        p->leading = size * 1.3 > st->leading ? size * 1.3 : st->leading;
        p->space_before = st->leading * (shown->level <= 1 ? 1.2 : 0.8);
        p->keep_with_next = true;
        p->ragged = true;
        p->hyphenate = false;
        p->outline_level = shown->level ? shown->level : 1;
    } else if (shown->kind == RL_BLK_RULE) {
        p->is_rule = true;
        return;
    } else if (shown->kind == RL_BLK_CODE) {
        p->ragged = true;
        p->hyphenate = false;
    }
    double em = st->font_size;
    if (shown->kind == RL_BLK_QUOTE)
        p->indent = 1.5 * em;
    if (shown->kind == RL_BLK_ITEM)
        p->indent = (shown->level > 1 ? shown->level - 1 : 0) * 2.2 * em;
    label_pieces(s, st, p, b, size, heading);
    if (p->nlabel && !heading) {
        double lw = label_width(s, p) + 0.6 * em;
        p->hang = lw > 2.4 * em ? lw : 2.4 * em;
    } else if (shown->kind == RL_BLK_ITEM) {
        p->hang = 2.4 * em;
    } else if (heading && p->nlabel) {
        /* A heading's label is part of its first line. */
        p->hang = label_width(s, p) + 0.5 * em;
    } else if (st->par_indent > 0 && shown->kind == RL_BLK_PARA && bi > 0 &&
               rl_rblock_shown(&r->blocks[bi - 1]) &&
               rl_rblock_shown(&r->blocks[bi - 1])->kind == RL_BLK_PARA) {
        p->space_before = 0;
    }
    rl_buf title = RL_BUF_INIT;
    for (size_t k = 0; k < p->nlabel; k++) {
        if (p->label[k].mark == RL_MK_LABEL_OLD || p->label[k].mark == RL_MK_NONE)
            if (p->label[k].mark == RL_MK_LABEL_OLD || b->label_changed)
                continue;
        rl_buf_putstr(&title, p->label[k].text);
        rl_buf_putc(&title, ' ');
    }
    /* One piece per token plus the note markers: sized once, not doubled. */
    size_t want = p->n + 2 * b->nmarks + 1;
    for (size_t ri = 0; ri < b->nruns; ri++)
        want += b->runs[ri].n;
    if (want > p->cap) {
        p->pieces = rl_arena_grow(work(s), p->pieces, p->n, want, sizeof *p->pieces);
        p->cap = want;
    }
    for (size_t ri = 0; ri < b->nruns; ri++) {
        const rl_run *run = &b->runs[ri];
        for (uint32_t k = 0; k < run->n; k++) {
            const rl_token *t = rl_run_tok(b, run, k);
            uint8_t mark = run->op == RL_OP_DELETE   ? RL_MK_DEL
                           : run->op == RL_OP_INSERT ? RL_MK_INS
                           : moved                   ? RL_MK_MOVE
                                                     : RL_MK_NONE;
            rl_piece pc = piece(st, size, face_of(t->style, heading), mark);
            pc.text = rl_fonts_sanitize(s->a, t->text);
            uint8_t sp = rl_run_space(b, ri, k, p->n == 0);
            pc.space = sp != RL_SP_NONE;
            pc.hard_break = sp == RL_SP_BREAK;
            const rl_doc *doc = run->op == RL_OP_DELETE ? r->old : r->new;
            if (t->link && doc && t->link <= doc->nlinks)
                pc.link = rl_setter_uri(s, doc->links[t->link - 1]);
            rl_para_add(work(s), p, pc);
            if (heading && mark != RL_MK_DEL) {
                if (title.n && pc.space)
                    rl_buf_putc(&title, ' ');
                rl_buf_putstr(&title, pc.text);
            }
            for (size_t q = 0; q < b->nmarks; q++) {
                const rl_note *n = b->marks[q];
                if (n->last.run == ri && n->last.off == k)
                    marker(s, st, p, n, note_base, size);
            }
        }
    }
    /* Notes whose last token could not be matched still get a marker. */
    for (size_t q = 0; q < b->nmarks; q++) {
        const rl_note *n = b->marks[q];
        if (n->last.run >= b->nruns || n->last.off >= b->runs[n->last.run].n)
            marker(s, st, p, n, note_base, size);
    }
    if (heading) {
        p->outline_title = rl_arena_str(s->a, rl_buf_str(&title));
        p->outline_title.p = rl_arena_strdup(s->a, p->outline_title);
    }
    rl_buf_free(&title);
}

void rl_redpara_body(rl_setter *s, const rl_emit_ctx *c, unsigned note_base, rl_paras *out)
{
    const rl_redline *r = c->r;
    for (size_t bi = 0; bi < r->nblocks; bi++) {
        const rl_rblock *b = &r->blocks[bi];
        if (b->ghost) {
            xref_para(s, c->style, out, (int32_t)bi, b->peer, false);
            continue;
        }
        if (!rl_rblock_shown(b))
            continue;
        block_para(s, c, note_base, out, bi);
    }
    if (out->n)
        out->v[0].space_before = 0;
}

/* ---- title page --------------------------------------------------------- */

static rl_para *front_para(rl_setter *s, rl_paras *out, double leading, double before)
{
    rl_para *p = rl_paras_new(s->a, out);
    p->kind = RL_LN_FRONT;
    p->leading = leading;
    p->space_before = before;
    p->ragged = true;
    return p;
}

static void front_text(rl_setter *s, rl_para *p, const rl_style *st, const char *z, float size, uint8_t face,
                       uint8_t mark, bool space)
{
    rl_piece pc = piece(st, size, face, mark);
    pc.space = space;
    rl_para_words(s->a, p, rl_str_z(z), pc);
}

static void cmark_free_node(void *p)
{
    cmark_node_free((cmark_node *)p);
}

static const char *vdesc(rl_arena *a, const rl_version *v)
{
    if (!v)
        return "";
    rl_str l = v->label.n ? v->label : v->id;
    if (v->date.n)
        return rl_arena_printf(a, "%.*s, dated %.*s", (int)l.n, l.p, (int)v->date.n, v->date.p);
    return rl_arena_printf(a, "%.*s", (int)l.n, l.p);
}

static rl_str vlabel(const rl_version *v)
{
    return !v ? RL_STR("?") : v->label.n ? v->label : v->id;
}

/* "<old label> → <new label>", sanitized, in the arena. */
static const char *part_title(rl_arena *a, const rl_emit_part *pt)
{
    rl_str o = vlabel(pt->vold), n = vlabel(pt->vnew);
    return rl_arena_printf(a, "%.*s \xE2\x86\x92 %.*s", (int)o.n, o.p, (int)n.n, n.p);
}

void rl_redpara_section(rl_setter *s, const rl_emit_ctx *c, size_t k, rl_paras *out)
{
    const rl_style *st = c->style;
    if (k >= c->nparts)
        return;
    float size = (float)(st->font_size * st->heading_scale * 1.15);
    rl_para *p = rl_paras_new(s->a, out);
    p->kind = RL_LN_FRONT;
    p->leading = size * 1.3 > st->leading ? size * 1.3 : st->leading;
    p->space_before = 0;
    p->ragged = true;
    p->hyphenate = false;
    p->keep_with_next = true;
    p->page_before = true;
    rl_str title = rl_fonts_sanitize(s->a, rl_str_z(part_title(s->a, &c->parts[k])));
    p->outline_level = 1;
    p->outline_title = title;
    rl_piece pc = piece(st, size, RL_FACE_BOLD, RL_MK_NONE);
    rl_para_words(s->a, p, title, pc);
}

void rl_redpara_front(rl_setter *s, const rl_emit_ctx *c, rl_paras *out)
{
    const rl_style *st = c->style;
    const rl_pub *pub = c->pub;
    rl_arena *a = s->a;
    float fs = (float)st->font_size;
    float small = (float)(st->font_size * 0.9);
    double lead = st->leading;
    rl_str title = pub && pub->title.n ? pub->title : RL_STR("Redline");
    rl_para *p = front_para(s, out, fs * 2.0 * 1.25, 0);
    p->hyphenate = false;
    front_text(s, p, st, rl_arena_strdup(a, title), fs * 2.0f, RL_FACE_BOLD, RL_MK_NONE, false);
    if (pub && pub->subtitle.n) {
        p = front_para(s, out, fs * 1.35 * 1.3, lead * 0.3);
        p->hyphenate = false;
        front_text(s, p, st, rl_arena_strdup(a, pub->subtitle), fs * 1.35f, RL_FACE_ITALIC, RL_MK_NONE, false);
    }
    if (pub && pub->nauthors) {
        p = front_para(s, out, lead * 1.1, lead * 0.8);
        for (size_t i = 0; i < pub->nauthors; i++) {
            if (i)
                front_text(s, p, st, i + 1 == pub->nauthors ? "and" : ",", fs * 1.1f, RL_FACE_REGULAR,
                           RL_MK_NONE, i + 1 == pub->nauthors);
            front_text(s, p, st, rl_arena_strdup(a, pub->authors[i]), fs * 1.1f, RL_FACE_REGULAR,
                       RL_MK_NONE, i > 0);
        }
    }
    /* The versions compared. */
    p = front_para(s, out, lead * 1.2, lead * 1.6);
    front_text(s, p, st, "Versions compared", fs * 1.15f, RL_FACE_BOLD, RL_MK_NONE, false);
    bool multi = c->parts && c->nparts >= 2;
    for (size_t k = 0; k < (multi ? c->nparts : 1); k++) {
        const rl_version *vo = multi ? c->parts[k].vold : c->vold, *vn = multi ? c->parts[k].vnew : c->vnew;
        if (multi) {
            p = front_para(s, out, lead, lead * (k ? 0.5 : 0.3));
            front_text(s, p, st, rl_arena_printf(a, "Section %zu:", k + 1), fs, RL_FACE_BOLD, RL_MK_NONE, false);
            front_text(s, p, st, part_title(a, &c->parts[k]), fs, RL_FACE_BOLD, RL_MK_NONE, true);
        }
        p = front_para(s, out, lead, multi ? 0 : lead * 0.3);
        front_text(s, p, st, "Old:", fs, RL_FACE_BOLD, RL_MK_NONE, false);
        front_text(s, p, st, vdesc(a, vo), fs, RL_FACE_REGULAR, RL_MK_NONE, true);
        p = front_para(s, out, lead, 0);
        front_text(s, p, st, "New:", fs, RL_FACE_BOLD, RL_MK_NONE, false);
        front_text(s, p, st, vdesc(a, vn), fs, RL_FACE_REGULAR, RL_MK_NONE, true);
    }
    /* The notice (Markdown), set like a note body. */
    if (pub && pub->notice.n) {
        p = front_para(s, out, lead * 1.2, lead * 1.2);
        front_text(s, p, st, "About the texts", fs * 1.15f, RL_FACE_BOLD, RL_MK_NONE, false);
        cmark_node *doc = cmark_parse_document(pub->notice.p, pub->notice.n, RL_NOTE_MD_OPTS);
        rl_arena_defer(a, cmark_free_node, doc);
        rl_md_style ms = {fs, lead, RL_LN_FRONT, {0, 0, 0}, st->color_insert, false};
        rl_para *mp;
        size_t n = rl_para_from_md(s, doc, &ms, &mp);
        for (size_t i = 0; i < n; i++) {
            rl_para *q = rl_paras_new(a, out);
            *q = mp[i];
            q->space_before = i ? lead * 0.4 : lead * 0.3;
        }
    }
    /* Legend, drawn with the real markup. */
    p = front_para(s, out, lead * 1.2, lead * 1.2);
    front_text(s, p, st, "How to read this redline", fs * 1.15f, RL_FACE_BOLD, RL_MK_NONE, false);
    p = front_para(s, out, lead, lead * 0.3);
    front_text(s, p, st, "inserted words", fs, RL_FACE_REGULAR, RL_MK_INS, false);
    front_text(s, p, st, "are underlined;", fs, RL_FACE_REGULAR, RL_MK_NONE, true);
    front_text(s, p, st, "deleted words", fs, RL_FACE_REGULAR, RL_MK_DEL, true);
    front_text(s, p, st, "are struck through;", fs, RL_FACE_REGULAR, RL_MK_NONE, true);
    front_text(s, p, st, "moved text", fs, RL_FACE_REGULAR, RL_MK_MOVE, true);
    front_text(s, p, st, "has a double underline.", fs, RL_FACE_REGULAR, RL_MK_NONE, true);
    p = front_para(s, out, lead, lead * 0.3);
    front_text(s, p, st, "A moved block is preceded by", fs, RL_FACE_REGULAR, RL_MK_NONE, false);
    front_text(s, p, st, "[moved from p.\xC2\xA0X, l.\xC2\xA0Y]", small, RL_FACE_ITALIC, RL_MK_XREF, true);
    front_text(s, p, st, "and its old place shows", fs, RL_FACE_REGULAR, RL_MK_NONE, true);
    front_text(s, p, st, "[moved to p.\xC2\xA0X, l.\xC2\xA0Y].", small, RL_FACE_ITALIC, RL_MK_XREF, true);
    front_text(s, p, st, "A renumbered paragraph shows its old and new labels:", fs, RL_FACE_REGULAR, RL_MK_NONE,
               true);
    front_text(s, p, st, "(b)", fs, RL_FACE_REGULAR, RL_MK_LABEL_OLD, true);
    front_text(s, p, st, "\xE2\x86\x92", fs, RL_FACE_REGULAR, RL_MK_NONE, false);
    front_text(s, p, st, "(2).", fs, RL_FACE_REGULAR, RL_MK_LABEL_NEW, false);
    p = front_para(s, out, lead, lead * 0.3);
    front_text(s, p, st, "A bar in the margin marks every changed line (dashed where words were only deleted)."
               " A raised number", fs, RL_FACE_REGULAR, RL_MK_NONE, false);
    rl_piece mk = piece(st, fs * 0.62f, RL_FACE_BOLD, RL_MK_NOTEREF);
    mk.rise = fs * 0.36f;
    mk.text = RL_STR("1");
    rl_para_add(a, p, mk);
    front_text(s, p, st, "refers to the note with that number in the margin. Line numbers restart on each page,"
               " so \xE2\x80\x9Cp.\xC2\xA0" "3, l.\xC2\xA0" "25\xE2\x80\x9D names one line.",
               fs, RL_FACE_REGULAR, RL_MK_NONE, true);
    /* Summary, per section. */
    p = front_para(s, out, lead * 1.2, lead * 1.2);
    front_text(s, p, st, "Summary of changes", fs * 1.15f, RL_FACE_BOLD, RL_MK_NONE, false);
    unsigned note_base = 0;
    for (size_t k = 0; k < (multi ? c->nparts : 1); k++) {
        const rl_redline *r = multi ? c->parts[k].r : c->r;
        if (multi) {
            p = front_para(s, out, lead, lead * (k ? 0.5 : 0.3));
            front_text(s, p, st, part_title(a, &c->parts[k]), fs, RL_FACE_BOLD, RL_MK_NONE, false);
        }
        /* The counts (summary.h), the notes last with their numbers. */
        rl_summary_line ln[RL_SUMMARY_MAX];
        size_t nl = rl_summary(r, ln);
        rl_buf line = RL_BUF_INIT;
        for (size_t i = 0; i + 1 < nl; i++)
            rl_buf_printf(&line, "%s%zu %s", i ? ", " : "", ln[i].n, ln[i].what);
        char sizes[96];
        rl_summary_sizes(r, sizes, sizeof sizes);
        rl_buf_printf(&line, ". %s", sizes);
        p = front_para(s, out, lead, multi ? 0 : lead * 0.3);
        front_text(s, p, st, rl_arena_strdup(a, rl_buf_str(&line)), fs, RL_FACE_REGULAR, RL_MK_NONE, false);
        rl_buf_free(&line);
        p = front_para(s, out, lead, 0);
        const rl_summary_line *nn = &ln[nl - 1];
        const char *notes = !multi || r->nnotes == 0 ? rl_arena_printf(a, "%zu %s.", nn->n, nn->what)
                            : r->nnotes == 1
                                ? rl_arena_printf(a, "1 note (note %u).", note_base + 1)
                                : rl_arena_printf(a, "%zu notes (notes %u\xE2\x80\x93%u).", r->nnotes,
                                                  note_base + 1, note_base + (unsigned)r->nnotes);
        front_text(s, p, st, notes, fs, RL_FACE_REGULAR, RL_MK_NONE, false);
        note_base += (unsigned)r->nnotes;
    }
}
