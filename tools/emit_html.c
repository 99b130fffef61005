/* emit_html.c - the redline as one self-contained, interactive HTML page.
 *
 * The page is a straight walk over the redline model: a title block, a
 * legend and change summary, reading controls, then one row per block (the
 * text, and beside it the block's notes as a numbered list).  Changes are
 * <ins>/<del> with visually hidden "inserted:"/"deleted:" text; moved
 * blocks carry links between their two ends.  Both versions live in the
 * markup at once: the "old" and "new" views only hide elements by class
 * (tools/html.css), so every view shows exactly one version's words.
 * The stylesheet and script (tools/html_assets.c) are written inline and
 * allowed by their SHA-256 hashes in a Content-Security-Policy, which
 * forbids everything else (no network, no other script, no inline event
 * handlers or style attributes; this file writes none).  Without the
 * script every note stays visible after its paragraph.
 * All user text goes through esc(); Markdown (note bodies, the notice) is
 * rendered by our own walk of the cmark tree, so raw HTML is dropped and
 * link schemes are limited to http, https, mailto and #fragments.
 * Rejected: cmark_render_html (it lets relative and unknown-scheme URLs
 * through), an external .css/.js (one file must work from disk or e-mail).
 */
#include "arena.h"
#include "notebody.h"
#include "buf.h"
#include "emit.h"
#include "html_assets.h"
#include "html_page.h"
#include "pub.h"
#include "redline.h"
#include "style.h"
#include "summary.h"
#include "url.h"

#include <cmark.h>
#include <stdio.h>
#include <string.h>

typedef struct html {
    const rl_emit_ctx *c;
    const rl_redline *r; /* the comparison being written */
    rl_buf *o;
    char **ids;          /* per note of r (index in r->notes): unique id in the page */
    bool *placed;        /* per note of r: marker written */
    unsigned noff;       /* added to r's note numbers (one document: numbers run on) */
    const char *pre;     /* block id prefix: "" or "s2-" (one document) */
    int hshift;          /* heading levels below the section heading: 0 or 1 */
    const rl_emit_part *parts; /* every comparison (one part for a separate page) */
    size_t nparts;
    char ***part_ids;    /* ids and placed of each part */
    bool **part_placed;
    rl_str *tags;        /* distinct tags, sorted */
    size_t ntags;
    rl_buf cover, prev;  /* note numbers covering the current / previous token */
} html;

/* The stylesheet's additions for a one-document page (a section per
 * comparison); only such pages carry them, so the separate pages and the
 * history page, which share tools/html.css, keep their bytes. */
static const char parts_css[] =
    ".toc ol { margin: 0 0 1.25rem; padding-left: 1.4rem; font: .95rem/1.5 var(--sans); }\n"
    ".toc .vo, .part h2 .vo { color: var(--del); }\n"
    ".toc .vn, .part h2 .vn { color: var(--ins); }\n"
    ".part { border-top: 2px solid var(--rule); margin-top: 2rem; padding-top: 1.25rem; }\n"
    ".part h2 { font: 600 1.35rem/1.3 var(--sans); margin: 0 0 .6rem; }\n"
    ".parthead { font: .88rem/1.5 var(--sans); border-bottom: 1px solid var(--rule); }\n"
    ".parthead h3 { font: 600 .75rem/1.3 var(--sans); letter-spacing: .08em; text-transform: uppercase; color: var(--muted); margin: 0 0 .4rem; }\n"
    ".parthead .controls { border-bottom: 0; }\n";

/* ---- ids ------------------------------------------------------------- */

static void escz(rl_buf *o, const char *z)
{
    if (z)
        rl_html_esc(o, rl_str_z(z));
}

/* An id for use in HTML: letters, digits, '-' and '_' kept, anything else
 * becomes '-'; never empty. */
static char *safe_id(rl_arena *a, rl_str s, unsigned number)
{
    if (s.n == 0)
        return rl_arena_printf(a, "n%u", number);
    char *z = rl_arena_alloc(a, s.n + 1);
    for (size_t i = 0; i < s.n; i++) {
        char ch = s.p[i];
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                  ch == '-' || ch == '_';
        z[i] = ok ? ch : '-';
    }
    return z;
}

/* ---- Markdown (note bodies, the notice) ------------------------------ */

static void md_free(void *p) { cmark_node_free(p); }

static bool in_tight_list(cmark_node *n)
{
    cmark_node *item = cmark_node_parent(n);
    cmark_node *list = item ? cmark_node_parent(item) : NULL;
    return item && list && cmark_node_get_type(item) == CMARK_NODE_ITEM &&
           cmark_node_get_type(list) == CMARK_NODE_LIST && cmark_node_get_list_tight(list);
}

static void md_render(rl_buf *o, cmark_node *root)
{
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    int skip = 0; /* depth inside a node whose content is dropped */
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        bool in = ev == CMARK_EVENT_ENTER;
        const char *lit = cmark_node_get_literal(n);
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_PARAGRAPH:
            if (!in_tight_list(n))
                rl_buf_puts(o, in ? "<p>" : "</p>\n");
            break;
        case CMARK_NODE_HEADING:
            rl_buf_puts(o, in ? "<p><strong>" : "</strong></p>\n");
            break;
        case CMARK_NODE_BLOCK_QUOTE:
            rl_buf_puts(o, in ? "<blockquote>\n" : "</blockquote>\n");
            break;
        case CMARK_NODE_LIST:
            if (cmark_node_get_list_type(n) == CMARK_ORDERED_LIST) {
                int start = cmark_node_get_list_start(n);
                if (!in)
                    rl_buf_puts(o, "</ol>\n");
                else if (start != 1)
                    rl_buf_printf(o, "<ol start=\"%d\">\n", start);
                else
                    rl_buf_puts(o, "<ol>\n");
            } else
                rl_buf_puts(o, in ? "<ul>\n" : "</ul>\n");
            break;
        case CMARK_NODE_ITEM:
            rl_buf_puts(o, in ? "<li>" : "</li>\n");
            break;
        case CMARK_NODE_CODE_BLOCK:
            rl_buf_puts(o, "<pre><code>");
            escz(o, lit);
            rl_buf_puts(o, "</code></pre>\n");
            break;
        case CMARK_NODE_THEMATIC_BREAK:
            rl_buf_puts(o, "<hr>\n");
            break;
        case CMARK_NODE_TEXT:
            if (!skip)
                escz(o, lit);
            break;
        case CMARK_NODE_SOFTBREAK:
            rl_buf_putc(o, '\n');
            break;
        case CMARK_NODE_LINEBREAK:
            rl_buf_puts(o, "<br>\n");
            break;
        case CMARK_NODE_CODE:
            rl_buf_puts(o, "<code>");
            escz(o, lit);
            rl_buf_puts(o, "</code>");
            break;
        case CMARK_NODE_EMPH:
            rl_buf_puts(o, in ? "<em>" : "</em>");
            break;
        case CMARK_NODE_STRONG:
            rl_buf_puts(o, in ? "<strong>" : "</strong>");
            break;
        case CMARK_NODE_LINK: {
            const char *url = cmark_node_get_url(n);
            bool ok = rl_url_ok(rl_str_z(url ? url : ""), RL_URL_FRAGMENT);
            if (!in)
                rl_buf_puts(o, ok ? "</a>" : "</span>");
            else if (ok) {
                rl_buf_puts(o, "<a href=\"");
                escz(o, url);
                const char *title = cmark_node_get_title(n);
                if (title && *title) {
                    rl_buf_puts(o, "\" title=\"");
                    escz(o, title);
                }
                rl_buf_puts(o, "\" rel=\"noopener noreferrer\">");
            } else
                rl_buf_puts(o, "<span class=\"nolink\">");
            break;
        }
        case CMARK_NODE_IMAGE:
            /* Images are refused when notes are loaded; should one reach
             * here, its description is shown as text. */
            rl_buf_puts(o, in ? "<span class=\"img\">[" : "]</span>");
            break;
        default:
            /* Raw HTML (block and inline) and custom nodes: dropped. */
            break;
        }
    }
    cmark_iter_free(it);
}

/* Render Markdown source (when no parsed tree is given). */
static void md_render_src(const html *h, rl_str src)
{
    if (src.n == 0)
        return;
    cmark_node *doc = cmark_parse_document(src.p, src.n, CMARK_OPT_DEFAULT | RL_NOTE_MD_OPTS);
    if (!doc)
        return;
    rl_arena_defer(h->c->a, md_free, doc);
    md_render(h->o, doc);
}

/* ---- positions and note anchors -------------------------------------- */

static int pos_cmp(uint32_t b1, uint32_t r1, uint32_t o1, rl_rpos p)
{
    if (b1 != p.block)
        return b1 < p.block ? -1 : 1;
    if (r1 != p.run)
        return r1 < p.run ? -1 : 1;
    if (o1 != p.off)
        return o1 < p.off ? -1 : 1;
    return 0;
}

/* Numbers of the notes whose span covers token (b, run, off), into h->cover
 * as "3 5" (empty when none). */
static void cover_at(html *h, uint32_t b, uint32_t run, uint32_t off)
{
    rl_buf_clear(&h->cover);
    for (size_t i = 0; i < h->r->nnotes; i++) {
        const rl_note *n = &h->r->notes[i];
        if (pos_cmp(b, run, off, n->first) >= 0 && pos_cmp(b, run, off, n->last) <= 0)
            rl_buf_printf(&h->cover, "%s%u", h->cover.n ? " " : "", h->noff + n->number);
    }
}

static void put_marker(html *h, const rl_note *n)
{
    size_t i = (size_t)(n - h->r->notes);
    const char *id = h->ids[i];
    h->placed[i] = true;
    rl_buf_printf(h->o,
                  "<button type=\"button\" class=\"mark\" id=\"mark-%s\" aria-controls=\"note-%s\" "
                  "aria-expanded=\"true\"><span class=\"vh\">note </span>%u</button>",
                  id, id, h->noff + n->number);
}

/* ---- runs of tokens -------------------------------------------------- */

typedef struct group {
    bool open;
    uint8_t style;
    uint16_t link;
    bool anc;
} group;

static void group_close(html *h, group *g)
{
    if (!g->open)
        return;
    rl_html_style_close(h->o, g->style, g->link != 0);
    if (g->anc)
        rl_buf_puts(h->o, "</span>");
    g->open = false;
}

static void group_open(html *h, group *g, const rl_token *t, const rl_doc *doc)
{
    g->open = true;
    g->style = t->style;
    g->anc = h->cover.n > 0;
    g->link = 0;
    if (g->anc) {
        rl_buf_puts(h->o, "<span class=\"anc\" data-n=\"");
        rl_buf_put(h->o, h->cover.p, h->cover.n);
        rl_buf_puts(h->o, "\">");
    }
    rl_str url = RL_STR_NULL;
    if ((t->style & RL_STY_LINK) && doc && t->link >= 1 && t->link <= doc->nlinks)
        url = doc->links[t->link - 1];
    if (rl_html_style_open(h->o, t->style, url))
        g->link = t->link;
}

static void put_sep(html *h, uint8_t sp, bool code)
{
    if (sp == RL_SP_BREAK)
        rl_buf_puts(h->o, code ? "\n" : "<br>\n");
    else if (sp == RL_SP_SPACE)
        rl_buf_putc(h->o, ' ');
}

/* The separator before a token of both versions: the new version's (sn),
 * and where the old one's (so) differs ("<year> <name" against "year
 * name"), each in the element its view shows (.eqo: the old view only). */
static void put_sep2(html *h, uint8_t so, uint8_t sn, bool code)
{
    if (so == sn) {
        put_sep(h, sn, code);
        return;
    }
    if (so != RL_SP_NONE) {
        rl_buf_puts(h->o, "<span class=\"eqo\">");
        put_sep(h, so, code);
        rl_buf_puts(h->o, "</span>");
    }
    if (sn != RL_SP_NONE) {
        rl_buf_puts(h->o, "<span class=\"eqn\">");
        put_sep(h, sn, code);
        rl_buf_puts(h->o, "</span>");
    }
}

/* The old version's separator before token k of EQUAL run ri (none for
 * the first token shown). */
static uint8_t old_sep(const rl_rblock *b, size_t ri, size_t k, bool first)
{
    return first || !b->old ? RL_SP_NONE : rl_run_oldtok(b, &b->runs[ri], k)->space;
}

/* The separator before the first token of run ri (rl_run_space), split
 * into the part written before the run's <del>/<ins>/moved element and the
 * part inside it.  The space between two words belongs to neither
 * version's change, so it goes outside, except when it is itself part of
 * the change: hiding the element (the other version's view) must not leave
 * a space the other version does not have ("a<del> cat</del>." stays), and
 * in code, where spaces are kept, not two.  A deletion followed by an
 * insertion (a replacement) shares one separator when both sides have the
 * same; at the seam of a block start ("[-To promote-] {+All States+}") the
 * separator is the page's own and goes between the two. */
static void lead_split(const rl_rblock *b, size_t ri, bool code, uint8_t *out, uint8_t *in)
{
    const rl_run *r = &b->runs[ri];
    uint8_t sp = rl_run_space(b, ri, 0, ri == 0);
    *out = RL_SP_NONE;
    *in = sp;
    if (r->op == RL_OP_EQUAL) {
        *out = sp;
        *in = RL_SP_NONE;
        return;
    }
    bool pair_del = r->op == RL_OP_DELETE && ri + 1 < b->nruns && b->runs[ri + 1].op == RL_OP_INSERT;
    bool pair_ins = r->op == RL_OP_INSERT && ri > 0 && b->runs[ri - 1].op == RL_OP_DELETE;
    if (pair_del || pair_ins) {
        size_t d = pair_del ? ri : ri - 1;
        uint8_t sx = rl_run_space(b, d, 0, d == 0), sy = rl_run_space(b, d + 1, 0, false);
        if (d == 0) {              /* the seam: nothing before the deletion */
            *in = RL_SP_NONE;
            *out = pair_ins ? sy : RL_SP_NONE;
        } else if (sx == sy) {     /* shared: once, before the deletion */
            *out = pair_del ? sx : RL_SP_NONE;
            *in = RL_SP_NONE;
        }
        return;
    }
    /* The next token's separator in the view that hides this run: the old
     * side's for an insertion, the new side's for a deletion. */
    const rl_run *nr = ri + 1 < b->nruns ? &b->runs[ri + 1] : NULL;
    uint8_t next = !nr ? RL_SP_SPACE
                   : r->op == RL_OP_INSERT && nr->op == RL_OP_EQUAL && b->old ? b->old->toks[nr->old0].space
                                                                            : rl_run_space(b, ri + 1, 0, false);
    if (sp == RL_SP_SPACE && next != RL_SP_NONE && !code) {
        *out = sp;
        *in = RL_SP_NONE;
    }
}

/* Tokens of run ri of block bi.  old_side: the old tokens (a ghost's text);
 * no anchors or markers then. */
static void put_run(html *h, uint32_t bi, const rl_rblock *b, uint32_t ri, bool old_side, bool *first)
{
    const rl_run *run = &b->runs[ri];
    bool code = rl_rblock_shown(b)->kind == RL_BLK_CODE;
    const rl_doc *doc = (old_side || run->op == RL_OP_DELETE) ? h->r->old : h->r->new;
    bool moved = !old_side && b->status == RL_ST_MOVED && run->op == RL_OP_EQUAL;
    uint8_t out = RL_SP_NONE, in = RL_SP_NONE;
    bool eq = !old_side && run->op == RL_OP_EQUAL;
    if (!old_side) {
        lead_split(b, ri, code, &out, &in);
        if (eq)
            put_sep2(h, old_sep(b, ri, 0, ri == 0), out, code);
        else
            put_sep(h, out, code);
    }
    if (run->op == RL_OP_DELETE)
        rl_buf_puts(h->o, "<del><span class=\"vh chg\">[deleted: </span>");
    else if (run->op == RL_OP_INSERT)
        /* "rep": an insertion glued to the deletion before it, kept a
         * hair apart */
        rl_buf_puts(h->o, ri > 0 && b->runs[ri - 1].op == RL_OP_DELETE && out == RL_SP_NONE && in == RL_SP_NONE
                              ? "<ins class=\"rep\"><span class=\"vh chg\">[inserted: </span>"
                              : "<ins><span class=\"vh chg\">[inserted: </span>");
    else if (moved)
        rl_buf_puts(h->o, "<span class=\"mv\">");
    group g = {0};
    rl_buf_clear(&h->prev);
    for (uint32_t k = 0; k < run->n; k++) {
        const rl_token *t = old_side ? rl_run_oldtok(b, run, k) : rl_run_tok(b, run, k);
        if (old_side)
            rl_buf_clear(&h->cover);
        else
            cover_at(h, bi, ri, k);
        bool same = g.open && g.style == t->style && (!(t->style & RL_STY_LINK) || g.link == t->link) &&
                    h->cover.n == h->prev.n && memcmp(h->cover.p ? h->cover.p : "", h->prev.p ? h->prev.p : "", h->cover.n) == 0;
        /* The separator before the token: the old side's own for a
         * ghost's text, else the redline view's (the first one split by
         * lead_split above). */
        uint8_t sp = old_side ? (*first ? RL_SP_NONE : t->space) : k == 0 ? in : rl_run_space(b, ri, k, false);
        *first = false;
        if (!same)
            group_close(h, &g);
        if (eq && k > 0)
            put_sep2(h, old_sep(b, ri, k, false), sp, code);
        else
            put_sep(h, sp, code);
        if (!same)
            group_open(h, &g, t, doc);
        rl_buf_clear(&h->prev);
        rl_buf_put(&h->prev, h->cover.p, h->cover.n);
        const rl_token *ot = (!old_side && run->op == RL_OP_EQUAL) ? rl_run_oldtok(b, run, k) : NULL;
        if (ot && !rl_str_eq(ot->text, t->text)) {
            /* Equal up to quote style: each view shows its own version's form. */
            rl_buf_puts(h->o, "<span class=\"eqo\">");
            rl_html_esc(h->o, ot->text);
            rl_buf_puts(h->o, "</span><span class=\"eqn\">");
            rl_html_esc(h->o, t->text);
            rl_buf_puts(h->o, "</span>");
        } else
            rl_html_esc(h->o, t->text);
        if (!old_side) {
            bool closed = false;
            for (size_t m = 0; m < b->nmarks; m++) {
                const rl_note *n = b->marks[m];
                if (n->last.block == bi && n->last.run == ri && n->last.off == k &&
                    !h->placed[n - h->r->notes]) {
                    if (!closed)
                        group_close(h, &g);
                    closed = true;
                    put_marker(h, n);
                }
            }
        }
    }
    group_close(h, &g);
    if (run->op == RL_OP_DELETE)
        rl_buf_puts(h->o, "<span class=\"vh chg\">]</span></del>");
    else if (run->op == RL_OP_INSERT)
        rl_buf_puts(h->o, "<span class=\"vh chg\">]</span></ins>");
    else if (moved)
        rl_buf_puts(h->o, "</span>");
}

/* ---- blocks ------------------------------------------------------------ */

static void put_label(html *h, const rl_rblock *b, const rl_block *k)
{
    rl_str ol = b->old ? b->old->label : RL_STR_NULL;
    rl_str nl = b->new ? b->new->label : RL_STR_NULL;
    if (b->label_changed && b->old && b->new) {
        rl_buf_puts(h->o, "<span class=\"lbl\">");
        if (ol.n) {
            rl_buf_puts(h->o, "<del><span class=\"vh chg\">[label deleted: </span>");
            rl_html_esc(h->o, ol);
            rl_buf_puts(h->o, "<span class=\"vh chg\">]</span></del>");
        }
        if (nl.n) {
            rl_buf_puts(h->o, "<ins><span class=\"vh chg\">[label inserted: </span>");
            rl_html_esc(h->o, nl);
            rl_buf_puts(h->o, "<span class=\"vh chg\">]</span></ins>");
        }
        rl_buf_puts(h->o, "</span> ");
        return;
    }
    rl_str l = b->new ? nl : ol;
    if (l.n) {
        rl_buf_puts(h->o, "<span class=\"lbl\">");
        rl_html_esc(h->o, l);
        rl_buf_puts(h->o, "</span> ");
    } else if (k->kind == RL_BLK_ITEM && !k->ordered)
        rl_buf_puts(h->o, "<span class=\"lbl\" aria-hidden=\"true\">\xe2\x80\xa2</span> ");
}

static void put_note(html *h, const rl_note *n)
{
    size_t i = (size_t)(n - h->r->notes);
    unsigned num = h->noff + n->number;
    rl_buf_printf(h->o, "<li class=\"note\" id=\"note-%s\" data-n=\"%u\"", h->ids[i], num);
    if (n->ntags) {
        rl_buf_puts(h->o, " data-tags=\"");
        for (size_t t = 0; t < n->ntags; t++)
            for (size_t k = 0; k < h->ntags; k++)
                if (rl_str_eq(h->tags[k], n->tags[t]))
                    rl_buf_printf(h->o, "%s%zu", t ? " " : "", k);
        rl_buf_putc(h->o, '"');
    }
    rl_buf_printf(h->o, " tabindex=\"-1\">\n<p class=\"meta\"><span class=\"nn\" aria-hidden=\"true\">%u</span>"
                        "<span class=\"vh\">Note %u</span>",
                  num, num);
    if (n->author.n) {
        rl_buf_puts(h->o, " ");
        rl_html_esc(h->o, n->author);
    }
    if (n->date.n) {
        rl_buf_puts(h->o, n->author.n ? ", " : " ");
        rl_html_esc(h->o, n->date);
    }
    rl_buf_puts(h->o, "</p>\n<div class=\"body\">\n");
    if (n->body)
        md_render(h->o, n->body);
    else
        md_render_src(h, n->body_md);
    rl_buf_puts(h->o, "</div>\n");
    if (n->ntags) {
        rl_buf_puts(h->o, "<ul class=\"tags\" aria-label=\"Tags\">");
        for (size_t t = 0; t < n->ntags; t++) {
            rl_buf_puts(h->o, "<li>");
            rl_html_esc(h->o, n->tags[t]);
            rl_buf_puts(h->o, "</li>");
        }
        rl_buf_puts(h->o, "</ul>\n");
    }
    rl_buf_puts(h->o, "</li>\n");
}

/* The link between the two ends of a move. */
static void put_move_link(html *h, size_t bi, const rl_rblock *b)
{
    if (b->peer < 0 || (size_t)b->peer >= h->r->nblocks)
        return;
    const rl_rblock *p = &h->r->blocks[b->peer];
    bool below = (size_t)b->peer > bi;
    rl_str lbl = b->ghost ? (p->new ? p->new->label : RL_STR_NULL) : (p->old ? p->old->label : RL_STR_NULL);
    if (b->ghost && !lbl.n && b->old)
        lbl = b->old->label;
    else if (!b->ghost && !lbl.n && b->old)
        lbl = b->old->label;
    rl_buf_printf(h->o, "<a class=\"mvlink\" href=\"#%sb%d\">", h->pre, (int)b->peer);
    rl_buf_puts(h->o, b->ghost ? "Moved to " : "Moved from ");
    if (lbl.n) {
        rl_html_esc(h->o, lbl);
        rl_buf_putc(h->o, ' ');
    }
    rl_buf_puts(h->o, below ? "below <span aria-hidden=\"true\">\xe2\x86\x93</span>"
                            : "above <span aria-hidden=\"true\">\xe2\x86\x91</span>");
    rl_buf_puts(h->o, "</a>");
}

static void put_block(html *h, size_t bi)
{
    const rl_rblock *b = &h->r->blocks[bi];
    const rl_rblock *src = b; /* whose runs are shown */
    const char *cls = "";
    switch (b->status) {
    case RL_ST_EQUAL: cls = b->label_changed ? " chg" : ""; break;
    case RL_ST_CHANGED: cls = " chg"; break;
    case RL_ST_INSERTED: cls = " bins"; break;
    case RL_ST_DELETED: cls = " bdel"; break;
    case RL_ST_MOVED: cls = b->ghost ? " ghost" : " moved"; break;
    }
    if (b->ghost) {
        if (b->peer < 0 || (size_t)b->peer >= h->r->nblocks)
            return;
        src = &h->r->blocks[b->peer];
    }
    const rl_block *k = rl_rblock_shown(src);
    if (!k)
        return;
    rl_buf_printf(h->o, "<div class=\"row blk%s\" id=\"%sb%zu\">\n<div class=\"txt\">", cls, h->pre, bi);
    int level = k->kind == RL_BLK_HEADING ? k->level + h->hshift : k->level;
    rl_html_block_open(h->o, k->kind, level);
    bool first = true;
    if (b->ghost) {
        /* The place a block left: its old text (shown as moved away in the
         * redline, as plain text in the old view). */
        put_move_link(h, bi, b);
        rl_buf_puts(h->o, "<span class=\"mvold\"><span class=\"vh chg\">[moved away: </span>");
        if (src->old && src->old->label.n) {
            rl_buf_puts(h->o, "<span class=\"lbl\">");
            rl_html_esc(h->o, src->old->label);
            rl_buf_puts(h->o, "</span> ");
        }
        for (uint32_t ri = 0; ri < src->nruns; ri++)
            if (src->runs[ri].op != RL_OP_INSERT)
                put_run(h, (uint32_t)bi, src, ri, true, &first);
        rl_buf_puts(h->o, "<span class=\"vh chg\">]</span></span>");
    } else {
        if (b->status == RL_ST_MOVED)
            put_move_link(h, bi, b);
        put_label(h, b, k);
        for (uint32_t ri = 0; ri < b->nruns; ri++)
            put_run(h, (uint32_t)bi, b, ri, false, &first);
        for (size_t m = 0; m < b->nmarks; m++)
            if (!h->placed[b->marks[m] - h->r->notes])
                put_marker(h, b->marks[m]);
    }
    rl_html_block_close(h->o, k->kind, level);
    rl_buf_puts(h->o, "</div>\n");
    if (!b->ghost && b->nmarks) {
        rl_buf_puts(h->o, "<div class=\"notes\"><ol>\n");
        for (size_t m = 0; m < b->nmarks; m++)
            put_note(h, b->marks[m]);
        rl_buf_puts(h->o, "</ol></div>\n");
    }
    rl_buf_puts(h->o, "</div>\n");
}

/* ---- page parts -------------------------------------------------------- */

static rl_str vlabel(const rl_version *v)
{
    return v->label.n ? v->label : v->id;
}

static void put_version(html *h, const char *cls, const char *what, const rl_version *v)
{
    if (!v)
        return;
    rl_buf_printf(h->o, "<div class=\"%s\"><dt>%s</dt><dd><span class=\"vl\">", cls, what);
    rl_html_esc(h->o, vlabel(v));
    rl_buf_puts(h->o, "</span>");
    if (v->date.n) {
        rl_buf_puts(h->o, ", ");
        rl_html_page_date(h->o, v->date);
    }
    rl_buf_puts(h->o, "</dd></div>\n");
}

static rl_str title_of(const html *h)
{
    const rl_pub *p = h->c->pub;
    if (p && p->title.n)
        return p->title;
    if (p && p->name.n)
        return p->name;
    return h->c->basename ? rl_str_z(h->c->basename) : RL_STR("Redline");
}

/* "old → new" of part k, escaped; with the version classes when styled. */
static void put_part_name(html *h, size_t k, bool styled)
{
    const rl_emit_part *pt = &h->parts[k];
    rl_buf_puts(h->o, styled ? "<span class=\"vo\">" : "");
    rl_html_esc(h->o, vlabel(pt->vold));
    rl_buf_puts(h->o, styled ? "</span> <span aria-hidden=\"true\">\xe2\x86\x92</span><span class=\"vh\">to</span> "
                             "<span class=\"vn\">"
                             : " \xe2\x86\x92 ");
    rl_html_esc(h->o, vlabel(pt->vnew));
    rl_buf_puts(h->o, styled ? "</span>" : "");
}

static void put_title(html *h)
{
    const rl_pub *p = h->c->pub;
    rl_buf *o = h->o;
    rl_html_page_title_start(o, "Redline", title_of(h), p);
    if (h->nparts >= 2) {
        rl_buf_puts(o, "<nav class=\"toc\" aria-label=\"Comparisons\"><ol>\n");
        for (size_t k = 0; k < h->nparts; k++) {
            rl_buf_printf(o, "<li><a href=\"#s%zu\">", k + 1);
            put_part_name(h, k, true);
            rl_buf_puts(o, "</a></li>\n");
        }
        rl_buf_puts(o, "</ol></nav>\n");
    } else {
        rl_buf_puts(o, "<dl class=\"versions\">\n");
        put_version(h, "vold", "Old version (deleted text struck through)", h->c->vold);
        put_version(h, "vnew", "New version (inserted text underlined)", h->c->vnew);
        rl_buf_puts(o, "</dl>\n");
    }
    if (p && p->notice.n) {
        rl_buf_puts(o, "<div class=\"notice\">\n");
        md_render_src(h, p->notice);
        rl_buf_puts(o, "</div>\n");
    }
    rl_html_page_title_end(o, h->c);
}

/* The change summary of redline r (heading level hl). */
static void put_stats(html *h, const rl_redline *r, int hl)
{
    rl_buf *o = h->o;
    rl_buf_printf(o, "<div class=\"stats\"><h%d>Summary of changes</h%d><ul>", hl, hl);
    rl_summary_line ln[RL_SUMMARY_MAX];
    for (size_t i = 0, n = rl_summary(r, ln); i < n; i++)
        rl_buf_printf(o, "<li><b>%zu</b> %s</li>", ln[i].n, ln[i].what);
    char sizes[96];
    rl_summary_sizes(r, sizes, sizeof sizes);
    rl_buf_printf(o, "</ul><p class=\"words\">%s</p></div>\n", sizes);
}

/* The legend, and the summary of a separate page (one document: each
 * section has its own). */
static void put_overview(html *h)
{
    rl_buf *o = h->o;
    rl_buf_puts(o, "<aside class=\"overview\" aria-label=\"Legend and summary\">\n"
                   "<div class=\"legend\"><h2>Legend</h2><ul>"
                   "<li><ins>inserted text</ins></li>"
                   "<li><del>deleted text</del></li>"
                   "<li><span class=\"mv\">moved text</span></li>"
                   "<li><span class=\"lbl\"><del>(b)</del><ins>(2)</ins></span> changed label</li>"
                   "<li><span class=\"anc\">annotated text</span> with its note "
                   "<span class=\"nn-demo\" aria-hidden=\"true\">1</span></li>"
                   "</ul></div>\n");
    if (h->nparts < 2)
        put_stats(h, h->r, 2);
    rl_buf_puts(o, "</aside>\n");
}

/* The view switch: for the page (sec 0) or for section sec. */
static void put_views(html *h, size_t sec, const rl_version *vo, const rl_version *vn)
{
    rl_buf *o = h->o;
    char name[32];
    snprintf(name, sizeof name, sec ? "view-s%zu" : "view", sec);
    rl_buf_printf(o, "<fieldset><legend>View</legend>\n"
                     "<label><input type=\"radio\" name=\"%s\" value=\"redline\" checked> Changes</label>\n"
                     "<label><input type=\"radio\" name=\"%s\" value=\"old\"> Old: ",
                  name, name);
    rl_html_esc(o, vo ? vlabel(vo) : RL_STR("old version"));
    rl_buf_printf(o, "</label>\n<label><input type=\"radio\" name=\"%s\" value=\"new\"> New: ", name);
    rl_html_esc(o, vn ? vlabel(vn) : RL_STR("new version"));
    rl_buf_puts(o, "</label>\n</fieldset>\n");
}

static void put_controls(html *h, size_t nnotes)
{
    rl_buf *o = h->o;
    rl_buf_puts(o, "<nav class=\"controls\" id=\"controls\" aria-label=\"Reading options\" hidden>\n");
    if (h->nparts < 2)
        put_views(h, 0, h->c->vold, h->c->vnew);
    if (nnotes)
        rl_buf_puts(o, "<fieldset><legend>Notes</legend><label><input type=\"checkbox\" id=\"all-notes\"> "
                       "Open all</label></fieldset>\n");
    if (h->ntags) {
        rl_buf_puts(o, "<fieldset id=\"tags\"><legend>Tags</legend>\n");
        for (size_t i = 0; i < h->ntags; i++) {
            rl_buf_printf(o, "<label><input type=\"checkbox\" value=\"%zu\" checked> ", i);
            rl_html_esc(o, h->tags[i]);
            rl_buf_puts(o, "</label>\n");
        }
        rl_buf_puts(o, "</fieldset>\n");
    }
    rl_buf_puts(o, "</nav>\n");
}

/* ---- set-up ------------------------------------------------------------ */

static int str_cmp(rl_str a, rl_str b)
{
    size_t n = a.n < b.n ? a.n : b.n;
    int c = n ? memcmp(a.p, b.p, n) : 0;
    return c ? c : (a.n < b.n ? -1 : a.n > b.n);
}

/* Note ids unique in the page (a note shown in two comparisons is
 * "note-ID" in the first and "note-ID-2" in the next; sanitized ids that
 * collide, "a b" and "a-b", are told apart the same way) and the distinct
 * tags of every part. */
static void collect(html *h)
{
    rl_arena *a = h->c->a;
    size_t total = 0, cap = 0;
    for (size_t k = 0; k < h->nparts; k++)
        for (size_t i = 0; i < h->parts[k].r->nnotes; i++) {
            total++;
            cap += h->parts[k].r->notes[i].ntags;
        }
    const char **used = rl_arena_array(a, total ? total : 1, sizeof *used);
    size_t nused = 0;
    h->part_ids = rl_arena_array(a, h->nparts, sizeof *h->part_ids);
    h->part_placed = rl_arena_array(a, h->nparts, sizeof *h->part_placed);
    h->tags = rl_arena_array(a, cap ? cap : 1, sizeof *h->tags);
    for (size_t p = 0; p < h->nparts; p++) {
        const rl_redline *r = h->parts[p].r;
        char **ids = rl_arena_array(a, r->nnotes ? r->nnotes : 1, sizeof *ids);
        h->part_ids[p] = ids;
        h->part_placed[p] = rl_arena_array(a, r->nnotes ? r->nnotes : 1, sizeof **h->part_placed);
        for (size_t i = 0; i < r->nnotes; i++) {
            const rl_note *n = &r->notes[i];
            char *id = safe_id(a, n->id, n->number);
            for (unsigned k = 2;; k++) {
                bool dup = false;
                for (size_t j = 0; j < nused && !dup; j++)
                    dup = strcmp(used[j], id) == 0;
                if (!dup)
                    break;
                id = rl_arena_printf(a, "%s-%u", safe_id(a, n->id, n->number), k);
            }
            ids[i] = id;
            used[nused++] = id;
            for (size_t t = 0; t < n->ntags; t++) {
                size_t k = 0;
                while (k < h->ntags && str_cmp(h->tags[k], n->tags[t]) < 0)
                    k++;
                if (k < h->ntags && rl_str_eq(h->tags[k], n->tags[t]))
                    continue;
                memmove(h->tags + k + 1, h->tags + k, (h->ntags - k) * sizeof *h->tags);
                h->tags[k] = n->tags[t];
                h->ntags++;
            }
        }
    }
}

static rl_str lang_of(const html *h)
{
    if (h->c->pub && h->c->pub->lang.n)
        return h->c->pub->lang;
    if (h->r->new && h->r->new->lang.n)
        return h->r->new->lang;
    if (h->r->old && h->r->old->lang.n)
        return h->r->old->lang;
    return RL_STR_NULL;
}

/* Make part k the one being written. */
static void use_part(html *h, size_t k, unsigned noff)
{
    h->r = h->parts[k].r;
    h->ids = h->part_ids[k];
    h->placed = h->part_placed[k];
    h->noff = noff;
}

/* Section k of a one-document page: heading, summary, view switch, text. */
static void put_section(html *h, size_t k)
{
    rl_buf *o = h->o;
    const rl_emit_part *pt = &h->parts[k];
    h->pre = rl_arena_printf(h->c->a, "s%zu-", k + 1);
    rl_buf_printf(o, "<section class=\"part\" id=\"s%zu\" aria-labelledby=\"s%zu-h\">\n"
                     "<header class=\"parthead\">\n<h2 id=\"s%zu-h\">",
                  k + 1, k + 1, k + 1);
    put_part_name(h, k, true);
    rl_buf_puts(o, "</h2>\n");
    put_stats(h, pt->r, 3);
    rl_buf_printf(o, "<nav class=\"controls pview\" aria-label=\"View of this comparison\" hidden>\n");
    put_views(h, k + 1, pt->vold, pt->vnew);
    rl_buf_puts(o, "</nav>\n</header>\n<div class=\"doc\">\n");
    for (size_t i = 0; i < h->r->nblocks; i++)
        put_block(h, i);
    rl_buf_puts(o, "</div>\n</section>\n");
}

int rl_emit_html(const rl_emit_ctx *c, rl_buf *out)
{
    html h = {.c = c, .r = c->r, .o = out, .pre = "", .cover = RL_BUF_INIT, .prev = RL_BUF_INIT};
    bool multi = c->parts && c->nparts >= 2;
    rl_emit_part self = {c->r, c->vold, c->vnew};
    h.parts = multi ? c->parts : &self;
    h.nparts = multi ? c->nparts : 1;
    h.hshift = multi ? 1 : 0;
    rl_buf css = RL_BUF_INIT, js = RL_BUF_INIT, title = RL_BUF_INIT;
    for (size_t i = 0; rl_html_css[i]; i++)
        rl_buf_puts(&css, rl_html_css[i]);
    if (multi)
        rl_buf_puts(&css, parts_css);
    rl_html_page_extra_css(&css, c->style);
    for (size_t i = 0; rl_html_js[i]; i++)
        rl_buf_puts(&js, rl_html_js[i]);
    collect(&h);
    use_part(&h, 0, 0);
    size_t nnotes = 0;
    for (size_t k = 0; k < h.nparts; k++)
        nnotes += h.parts[k].r->nnotes;

    rl_buf_putstr(&title, title_of(&h));
    for (size_t k = 0; k < h.nparts; k++) {
        const rl_emit_part *pt = &h.parts[k];
        if (!pt->vold || !pt->vnew)
            continue;
        rl_buf_puts(&title, k ? ", " : ": ");
        rl_buf_putstr(&title, vlabel(pt->vold));
        rl_buf_puts(&title, " \xe2\x86\x92 ");
        rl_buf_putstr(&title, vlabel(pt->vnew));
    }
    rl_html_page_open(out, lang_of(&h), rl_buf_str(&title), &css, &js, NULL);
    put_title(&h);
    put_overview(&h);
    put_controls(&h, nnotes);
    if (multi) {
        /* One section per comparison; note numbers run on through the
         * sections, as in the PDF and LaTeX of the same layout. */
        rl_buf_puts(out, "<main id=\"text\" class=\"parts\" tabindex=\"-1\">\n");
        unsigned noff = 0;
        for (size_t k = 0; k < h.nparts; k++) {
            use_part(&h, k, noff);
            put_section(&h, k);
            noff += (unsigned)h.r->nnotes;
        }
    } else {
        rl_buf_puts(out, "<main id=\"text\" class=\"doc\" tabindex=\"-1\">\n");
        for (size_t i = 0; i < h.r->nblocks; i++)
            put_block(&h, i);
    }
    rl_html_page_close(out, c->edition_id, &js);
    rl_buf_free(&title);
    rl_buf_free(&css);
    rl_buf_free(&js);
    rl_buf_free(&h.cover);
    rl_buf_free(&h.prev);
    return 0;
}
