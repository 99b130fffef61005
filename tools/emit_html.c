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
#include "buf.h"
#include "emit.h"
#include "html_assets.h"
#include "pub.h"
#include "redline.h"
#include "sha256.h"
#include "style.h"

#include <cmark.h>
#include <string.h>

typedef struct html {
    const rl_emit_ctx *c;
    const rl_redline *r;
    rl_buf *o;
    char **ids;          /* per note (index in r->notes): sanitized id */
    bool *placed;        /* per note: marker written */
    rl_str *tags;        /* distinct tags, sorted */
    size_t ntags;
    rl_buf cover, prev;  /* note numbers covering the current / previous token */
} html;

/* ---- escaping and URLs ----------------------------------------------- */

static void esc(rl_buf *o, const char *p, size_t n)
{
    size_t i, start = 0;
    for (i = 0; i < n; i++) {
        const char *rep;
        switch (p[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        rl_buf_put(o, p + start, i - start);
        rl_buf_puts(o, rep);
        start = i + 1;
    }
    rl_buf_put(o, p + start, n - start);
}

static void escs(rl_buf *o, rl_str s) { esc(o, s.p, s.n); }
static void escz(rl_buf *o, const char *z) { if (z) esc(o, z, strlen(z)); }

static bool prefix_ci(const char *p, size_t n, const char *z)
{
    size_t k = strlen(z);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++) {
        char ch = p[i];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if (ch != z[i])
            return false;
    }
    return true;
}

/* Links may go to http, https, mailto or a fragment of this page; anything
 * else (javascript:, data:, file:, relative paths) is dropped. */
static bool url_ok(const char *p, size_t n)
{
    if (!p || n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)p[i] <= ' ' || p[i] == 0x7f)
            return false;
    return p[0] == '#' || prefix_ci(p, n, "http://") || prefix_ci(p, n, "https://") ||
           prefix_ci(p, n, "mailto:");
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
            bool ok = url_ok(url, url ? strlen(url) : 0);
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
    cmark_node *doc = cmark_parse_document(src.p, src.n, CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
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
            rl_buf_printf(&h->cover, "%s%u", h->cover.n ? " " : "", n->number);
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
                  id, id, n->number);
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
    if (g->style & RL_STY_LINK)
        rl_buf_puts(h->o, g->link ? "</a>" : "</span>");
    if (g->style & RL_STY_CODE)
        rl_buf_puts(h->o, "</code>");
    if (g->style & RL_STY_STRONG)
        rl_buf_puts(h->o, "</strong>");
    if (g->style & RL_STY_EMPH)
        rl_buf_puts(h->o, "</em>");
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
    if (t->style & RL_STY_EMPH)
        rl_buf_puts(h->o, "<em>");
    if (t->style & RL_STY_STRONG)
        rl_buf_puts(h->o, "<strong>");
    if (t->style & RL_STY_CODE)
        rl_buf_puts(h->o, "<code>");
    if (t->style & RL_STY_LINK) {
        rl_str url = RL_STR_NULL;
        if (doc && t->link >= 1 && t->link <= doc->nlinks)
            url = doc->links[t->link - 1];
        if (url_ok(url.p, url.n)) {
            g->link = t->link;
            rl_buf_puts(h->o, "<a href=\"");
            escs(h->o, url);
            rl_buf_puts(h->o, "\" rel=\"noopener noreferrer\">");
        } else
            rl_buf_puts(h->o, "<span class=\"nolink\">");
    }
}

static void put_space(html *h, const rl_token *t, bool code, bool *first)
{
    if (*first) {
        *first = false;
        return;
    }
    if (t->space == RL_SP_BREAK)
        rl_buf_puts(h->o, code ? "\n" : "<br>\n");
    else if (t->space == RL_SP_SPACE)
        rl_buf_putc(h->o, ' ');
}

/* Tokens of run ri of block bi.  old_side: the old tokens (a ghost's text);
 * no anchors or markers then. */
static void put_run(html *h, uint32_t bi, const rl_rblock *b, uint32_t ri, bool old_side, bool *first)
{
    const rl_run *run = &b->runs[ri];
    bool code = rl_rblock_shown(b)->kind == RL_BLK_CODE;
    const rl_doc *doc = (old_side || run->op == RL_OP_DELETE) ? h->r->old : h->r->new;
    bool moved = !old_side && b->status == RL_ST_MOVED && run->op == RL_OP_EQUAL;
    if (run->op == RL_OP_DELETE)
        rl_buf_puts(h->o, "<del><span class=\"vh chg\">[deleted: </span>");
    else if (run->op == RL_OP_INSERT)
        /* "rep": an insertion right after a deletion, kept a hair apart */
        rl_buf_puts(h->o, ri > 0 && b->runs[ri - 1].op == RL_OP_DELETE
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
        if (!same) {
            group_close(h, &g);
            put_space(h, t, code, first);
            group_open(h, &g, t, doc);
        } else
            put_space(h, t, code, first);
        rl_buf_clear(&h->prev);
        rl_buf_put(&h->prev, h->cover.p, h->cover.n);
        const rl_token *ot = (!old_side && run->op == RL_OP_EQUAL) ? rl_run_oldtok(b, run, k) : NULL;
        if (ot && !rl_str_eq(ot->text, t->text)) {
            /* Equal up to quote style: each view shows its own version's form. */
            rl_buf_puts(h->o, "<span class=\"eqo\">");
            escs(h->o, ot->text);
            rl_buf_puts(h->o, "</span><span class=\"eqn\">");
            escs(h->o, t->text);
            rl_buf_puts(h->o, "</span>");
        } else
            escs(h->o, t->text);
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

static void open_kind(html *h, const rl_block *k)
{
    switch (k->kind) {
    case RL_BLK_HEADING:
        rl_buf_printf(h->o, "<h%d>", k->level + 1 > 6 ? 6 : k->level + 1);
        break;
    case RL_BLK_ITEM:
        rl_buf_printf(h->o, "<p class=\"li d%d\">", k->level > 3 ? 3 : k->level);
        break;
    case RL_BLK_QUOTE:
        rl_buf_puts(h->o, "<blockquote><p>");
        break;
    case RL_BLK_CODE:
        rl_buf_puts(h->o, "<pre><code>");
        break;
    case RL_BLK_RULE:
        rl_buf_puts(h->o, "<hr>");
        break;
    default:
        rl_buf_puts(h->o, "<p>");
        break;
    }
}

static void close_kind(html *h, const rl_block *k)
{
    switch (k->kind) {
    case RL_BLK_HEADING:
        rl_buf_printf(h->o, "</h%d>", k->level + 1 > 6 ? 6 : k->level + 1);
        break;
    case RL_BLK_QUOTE:
        rl_buf_puts(h->o, "</p></blockquote>");
        break;
    case RL_BLK_CODE:
        rl_buf_puts(h->o, "</code></pre>");
        break;
    case RL_BLK_RULE:
        break;
    default:
        rl_buf_puts(h->o, "</p>");
        break;
    }
}

static void put_label(html *h, const rl_rblock *b, const rl_block *k)
{
    rl_str ol = b->old ? b->old->label : RL_STR_NULL;
    rl_str nl = b->new ? b->new->label : RL_STR_NULL;
    if (b->label_changed && b->old && b->new) {
        rl_buf_puts(h->o, "<span class=\"lbl\">");
        if (ol.n) {
            rl_buf_puts(h->o, "<del><span class=\"vh chg\">[label deleted: </span>");
            escs(h->o, ol);
            rl_buf_puts(h->o, "<span class=\"vh chg\">]</span></del>");
        }
        if (nl.n) {
            rl_buf_puts(h->o, "<ins><span class=\"vh chg\">[label inserted: </span>");
            escs(h->o, nl);
            rl_buf_puts(h->o, "<span class=\"vh chg\">]</span></ins>");
        }
        rl_buf_puts(h->o, "</span> ");
        return;
    }
    rl_str l = b->new ? nl : ol;
    if (l.n) {
        rl_buf_puts(h->o, "<span class=\"lbl\">");
        escs(h->o, l);
        rl_buf_puts(h->o, "</span> ");
    } else if (k->kind == RL_BLK_ITEM && !k->ordered)
        rl_buf_puts(h->o, "<span class=\"lbl\" aria-hidden=\"true\">\xe2\x80\xa2</span> ");
}

static void put_note(html *h, const rl_note *n)
{
    size_t i = (size_t)(n - h->r->notes);
    rl_buf_printf(h->o, "<li class=\"note\" id=\"note-%s\" data-n=\"%u\"", h->ids[i], n->number);
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
                  n->number, n->number);
    if (n->author.n) {
        rl_buf_puts(h->o, " ");
        escs(h->o, n->author);
    }
    if (n->date.n) {
        rl_buf_puts(h->o, n->author.n ? ", " : " ");
        escs(h->o, n->date);
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
            escs(h->o, n->tags[t]);
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
    rl_buf_printf(h->o, "<a class=\"mvlink\" href=\"#b%d\">", (int)b->peer);
    rl_buf_puts(h->o, b->ghost ? "Moved to " : "Moved from ");
    if (lbl.n) {
        escs(h->o, lbl);
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
    rl_buf_printf(h->o, "<div class=\"row blk%s\" id=\"b%zu\">\n<div class=\"txt\">", cls, bi);
    open_kind(h, k);
    bool first = true;
    if (b->ghost) {
        /* The place a block left: its old text (shown as moved away in the
         * redline, as plain text in the old view). */
        put_move_link(h, bi, b);
        rl_buf_puts(h->o, "<span class=\"mvold\"><span class=\"vh chg\">[moved away: </span>");
        if (src->old && src->old->label.n) {
            rl_buf_puts(h->o, "<span class=\"lbl\">");
            escs(h->o, src->old->label);
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
    close_kind(h, k);
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

static void put_version(html *h, const char *cls, const char *what, const rl_version *v)
{
    if (!v)
        return;
    rl_buf_printf(h->o, "<div class=\"%s\"><dt>%s</dt><dd><span class=\"vl\">", cls, what);
    escs(h->o, v->label.n ? v->label : v->id);
    rl_buf_puts(h->o, "</span>");
    if (v->date.n) {
        rl_buf_puts(h->o, ", <time datetime=\"");
        escs(h->o, v->date);
        rl_buf_puts(h->o, "\">");
        escs(h->o, v->date);
        rl_buf_puts(h->o, "</time>");
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

static void put_title(html *h)
{
    const rl_pub *p = h->c->pub;
    rl_buf *o = h->o;
    rl_buf_puts(o, "<header class=\"title\">\n<p class=\"kicker\">Redline</p>\n<h1>");
    escs(o, title_of(h));
    rl_buf_puts(o, "</h1>\n");
    if (p && p->subtitle.n) {
        rl_buf_puts(o, "<p class=\"subtitle\">");
        escs(o, p->subtitle);
        rl_buf_puts(o, "</p>\n");
    }
    if (p && p->nauthors) {
        rl_buf_puts(o, "<p class=\"authors\">By ");
        for (size_t i = 0; i < p->nauthors; i++) {
            if (i)
                rl_buf_puts(o, i + 1 == p->nauthors ? " and " : ", ");
            escs(o, p->authors[i]);
        }
        rl_buf_puts(o, "</p>\n");
    }
    rl_buf_puts(o, "<dl class=\"versions\">\n");
    put_version(h, "vold", "Old version (deleted text struck through)", h->c->vold);
    put_version(h, "vnew", "New version (inserted text underlined)", h->c->vnew);
    rl_buf_puts(o, "</dl>\n");
    if (p && p->notice.n) {
        rl_buf_puts(o, "<div class=\"notice\">\n");
        md_render_src(h, p->notice);
        rl_buf_puts(o, "</div>\n");
    }
    rl_buf_puts(o, "<p class=\"edition\">");
    if (h->c->edition_number > 0)
        rl_buf_printf(o, "Edition %ld", h->c->edition_number);
    else
        rl_buf_puts(o, "Edition");
    if (h->c->edition_id.n) {
        rl_buf_puts(o, " <code>");
        escs(o, h->c->edition_id);
        rl_buf_puts(o, "</code>");
    }
    if (h->c->date.n) {
        rl_buf_puts(o, " of <time datetime=\"");
        escs(o, h->c->date);
        rl_buf_puts(o, "\">");
        escs(o, h->c->date);
        rl_buf_puts(o, "</time>");
    }
    rl_buf_puts(o, "</p>\n</header>\n");
}

static void put_stat(rl_buf *o, size_t n, const char *one, const char *many)
{
    rl_buf_printf(o, "<li><b>%zu</b> %s</li>", n, n == 1 ? one : many);
}

static void put_overview(html *h)
{
    const rl_stats *s = &h->r->stats;
    rl_buf *o = h->o;
    rl_buf_puts(o, "<aside class=\"overview\" aria-label=\"Legend and summary\">\n"
                   "<div class=\"legend\"><h2>Legend</h2><ul>"
                   "<li><ins>inserted text</ins></li>"
                   "<li><del>deleted text</del></li>"
                   "<li><span class=\"mv\">moved text</span></li>"
                   "<li><span class=\"lbl\"><del>(b)</del><ins>(2)</ins></span> changed label</li>"
                   "<li><span class=\"anc\">annotated text</span> with its note "
                   "<span class=\"nn-demo\" aria-hidden=\"true\">1</span></li>"
                   "</ul></div>\n<div class=\"stats\"><h2>Summary of changes</h2><ul>");
    put_stat(o, s->words_deleted, "word deleted", "words deleted");
    put_stat(o, s->words_inserted, "word inserted", "words inserted");
    put_stat(o, s->words_moved, "word moved", "words moved");
    put_stat(o, s->blocks_changed, "paragraph changed", "paragraphs changed");
    put_stat(o, s->blocks_inserted, "paragraph added", "paragraphs added");
    put_stat(o, s->blocks_deleted, "paragraph removed", "paragraphs removed");
    put_stat(o, s->blocks_moved, "paragraph moved", "paragraphs moved");
    put_stat(o, s->labels_changed, "label changed", "labels changed");
    put_stat(o, h->r->nnotes, "note", "notes");
    rl_buf_printf(o, "</ul><p class=\"words\">%zu words in the old version, %zu in the new.</p></div>\n</aside>\n",
                  s->words_old, s->words_new);
}

static void put_controls(html *h)
{
    rl_buf *o = h->o;
    rl_buf_puts(o, "<nav class=\"controls\" id=\"controls\" aria-label=\"Reading options\" hidden>\n"
                   "<fieldset><legend>View</legend>\n"
                   "<label><input type=\"radio\" name=\"view\" value=\"redline\" checked> Changes</label>\n"
                   "<label><input type=\"radio\" name=\"view\" value=\"old\"> Old: ");
    const rl_version *v = h->c->vold;
    escs(o, v ? (v->label.n ? v->label : v->id) : RL_STR("old version"));
    rl_buf_puts(o, "</label>\n<label><input type=\"radio\" name=\"view\" value=\"new\"> New: ");
    v = h->c->vnew;
    escs(o, v ? (v->label.n ? v->label : v->id) : RL_STR("new version"));
    rl_buf_puts(o, "</label>\n</fieldset>\n");
    if (h->r->nnotes)
        rl_buf_puts(o, "<fieldset><legend>Notes</legend><label><input type=\"checkbox\" id=\"all-notes\"> "
                       "Open all</label></fieldset>\n");
    if (h->ntags) {
        rl_buf_puts(o, "<fieldset id=\"tags\"><legend>Tags</legend>\n");
        for (size_t i = 0; i < h->ntags; i++) {
            rl_buf_printf(o, "<label><input type=\"checkbox\" value=\"%zu\" checked> ", i);
            escs(o, h->tags[i]);
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

static void collect(html *h)
{
    rl_arena *a = h->c->a;
    const rl_redline *r = h->r;
    h->ids = rl_arena_array(a, r->nnotes ? r->nnotes : 1, sizeof *h->ids);
    h->placed = rl_arena_array(a, r->nnotes ? r->nnotes : 1, sizeof *h->placed);
    size_t cap = 0;
    for (size_t i = 0; i < r->nnotes; i++)
        cap += r->notes[i].ntags;
    h->tags = rl_arena_array(a, cap ? cap : 1, sizeof *h->tags);
    for (size_t i = 0; i < r->nnotes; i++) {
        const rl_note *n = &r->notes[i];
        /* Sanitized ids may collide ("a b", "a-b"): later ones get "-N". */
        char *id = safe_id(a, n->id, n->number);
        for (unsigned k = 2;; k++) {
            bool dup = false;
            for (size_t j = 0; j < i && !dup; j++)
                dup = strcmp(h->ids[j], id) == 0;
            if (!dup)
                break;
            id = rl_arena_printf(a, "%s-%u", safe_id(a, n->id, n->number), k);
        }
        h->ids[i] = id;
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

static void lang_attr(html *h)
{
    rl_str l = RL_STR_NULL;
    if (h->c->pub && h->c->pub->lang.n)
        l = h->c->pub->lang;
    else if (h->r->new && h->r->new->lang.n)
        l = h->r->new->lang;
    else if (h->r->old && h->r->old->lang.n)
        l = h->r->old->lang;
    bool ok = l.n > 0 && l.n < 36;
    for (size_t i = 0; ok && i < l.n; i++) {
        char ch = l.p[i];
        ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
             ch == '_';
    }
    rl_buf_puts(h->o, "<html lang=\"");
    if (!ok)
        rl_buf_puts(h->o, "en");
    else
        for (size_t i = 0; i < l.n; i++)
            rl_buf_putc(h->o, l.p[i] == '_' ? '-' : l.p[i]);
    rl_buf_puts(h->o, "\">\n");
}

static void csp_hash(rl_buf *o, const rl_buf *text)
{
    uint8_t d[RL_SHA256_LEN];
    char b64[45];
    rl_sha256(text->p, text->n, d);
    rl_sha256_base64(d, b64);
    rl_buf_printf(o, "'sha256-%s'", b64);
}

int rl_emit_html(const rl_emit_ctx *c, rl_buf *out)
{
    html h = {.c = c, .r = c->r, .o = out, .cover = RL_BUF_INIT, .prev = RL_BUF_INIT};
    rl_buf css = RL_BUF_INIT, js = RL_BUF_INIT;
    for (size_t i = 0; rl_html_css[i]; i++)
        rl_buf_puts(&css, rl_html_css[i]);
    if (c->style && c->style->html_css.n) {
        /* The style's extra CSS: a '<' could close the element, so none
         * gets through (it has no use in CSS outside strings anyway). */
        rl_str x = c->style->html_css;
        rl_buf_puts(&css, "/* style: extra CSS */\n");
        for (size_t i = 0; i < x.n; i++) {
            if (x.p[i] == '<')
                rl_buf_puts(&css, "\\3c ");
            else
                rl_buf_putc(&css, x.p[i]);
        }
        rl_buf_putc(&css, '\n');
    }
    for (size_t i = 0; rl_html_js[i]; i++)
        rl_buf_puts(&js, rl_html_js[i]);
    collect(&h);

    rl_buf_puts(out, "<!DOCTYPE html>\n");
    lang_attr(&h);
    rl_buf_puts(out, "<head>\n<meta charset=\"utf-8\">\n"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src ");
    csp_hash(out, &js);
    rl_buf_puts(out, "; style-src ");
    csp_hash(out, &css);
    rl_buf_puts(out, "; img-src data:; base-uri 'none'; form-action 'none'\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<meta name=\"referrer\" content=\"no-referrer\">\n"
                     "<meta name=\"color-scheme\" content=\"light\">\n"
                     "<meta name=\"generator\" content=\"redline " RL_VERSION "\">\n<title>");
    escs(out, title_of(&h));
    if (c->vold && c->vnew) {
        rl_buf_puts(out, ": ");
        escs(out, c->vold->label.n ? c->vold->label : c->vold->id);
        rl_buf_puts(out, " \xe2\x86\x92 ");
        escs(out, c->vnew->label.n ? c->vnew->label : c->vnew->id);
    }
    rl_buf_puts(out, "</title>\n<style>");
    rl_buf_put(out, css.p, css.n);
    rl_buf_puts(out, "</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#text\">Skip to the text</a>\n"
                     "<div class=\"page\">\n");
    put_title(&h);
    put_overview(&h);
    put_controls(&h);
    rl_buf_puts(out, "<main id=\"text\" class=\"doc\" tabindex=\"-1\">\n");
    for (size_t i = 0; i < h.r->nblocks; i++)
        put_block(&h, i);
    rl_buf_puts(out, "</main>\n<footer class=\"foot\"><p>Made with redline " RL_VERSION);
    if (c->edition_id.n) {
        rl_buf_puts(out, ", edition <code>");
        escs(out, c->edition_id);
        rl_buf_puts(out, "</code>");
    }
    rl_buf_puts(out, ". This page works offline and loads nothing from the network.</p></footer>\n"
                     "</div>\n<script>");
    rl_buf_put(out, js.p, js.n);
    rl_buf_puts(out, "</script>\n</body>\n</html>\n");
    rl_buf_free(&css);
    rl_buf_free(&js);
    rl_buf_free(&h.cover);
    rl_buf_free(&h.prev);
    return 0;
}
