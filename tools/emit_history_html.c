/* emit_history_html.c - the cumulative view of a chain of versions as one
 * self-contained HTML page (<pub>-history.html).
 *
 * A walk over the display runs (hview.h): every word that was ever in the
 * text, in reading order.  A run of words added by version B is an <ins>,
 * a run deleted by version D a <del> (coloured by D, even when B added it),
 * each inside a span carrying the tags as classes (hb-B, hd-D) and the
 * colour (hc-K, eight colours repeating), followed by a superscript mark
 * ("v2", "-v3", "v2-v3") and bracketed by visually hidden text ("[added in
 * v2: ...]"), so the change is read by shape, mark and screen reader, not by
 * colour alone.  Showing version k is pure CSS: the script sets
 * body[data-at=k], and rules generated here for the page's number of
 * versions hide every span and block born after k or deleted at or before
 * k, and the marks; what is left is version k's words exactly (hview.h).
 * The stylesheet is the HTML page's (html_assets) plus history.css plus
 * those rules; the script is history.js.  Both are inline and allowed by
 * their SHA-256 in the Content-Security-Policy, which forbids anything
 * else; no element gets a style attribute or an inline handler, and all
 * user text goes through esc().
 * Rejected: a script that walks the words to hide them (no print of a
 * chosen version without it, slower on long texts), and per-word classes
 * for every version a word is in (O(words x versions) markup; the
 * generated rules are O(versions^2) selectors, written once).
 */
#include "emit_history.h"

#include "arena.h"
#include "buf.h"
#include "history_assets.h"
#include "html_assets.h"
#include "html_page.h"
#include "hview.h"
#include "pub.h"
#include "style.h"

#define NCOLOURS 8

typedef struct hpage {
    const rl_emit_ctx *c;
    const rl_pub *p;
    const rl_history *h;
    const rl_hview *v;
    rl_buf *o;
    size_t n;   /* versions */
} hpage;

static rl_str vlabel(const rl_version *v) { return v->label.n ? v->label : v->id; }

/* ---- words ----------------------------------------------------------------- */

typedef struct group {
    bool open, link;
    uint8_t style;
    uint16_t ver, linkno;
} group;

static void group_close(hpage *hp, group *g)
{
    if (!g->open)
        return;
    rl_html_style_close(hp->o, g->style, g->link);
    g->open = false;
}

static void group_open(hpage *hp, group *g, const rl_token *t, uint16_t ver)
{
    *g = (group){true, false, t->style, ver, t->link};
    const rl_doc *d = ver < hp->n ? hp->v->docs[ver] : NULL;
    rl_str url = RL_STR_NULL;
    if ((t->style & RL_STY_LINK) && d && t->link >= 1 && t->link <= d->nlinks)
        url = d->links[t->link - 1];
    g->link = rl_html_style_open(hp->o, t->style, url);
}

static void put_sep(hpage *hp, uint8_t sep, bool code)
{
    if (sep == RL_SP_BREAK)
        rl_buf_puts(hp->o, code ? "\n" : "<br>\n");
    else if (sep == RL_SP_SPACE)
        rl_buf_putc(hp->o, ' ');
}

/* The separator before word w, when it differs between versions: the
 * all-versions one in a span that only that view shows (.hsa), then one
 * span per stretch of versions with the same separator, tagged like words
 * (.hsp), which only the version views show.  A version where the word
 * opened its block takes its neighbours' separator (white space at the
 * start of a block is not shown anyway). */
static void put_varying(hpage *hp, const rl_hvblock *b, size_t w, bool code)
{
    size_t from, to;
    rl_hview_span(b, w, hp->n, &from, &to);
    const uint8_t *sp = b->hb->words[w].space;
    if (b->sep[w] != RL_SP_NONE) {
        rl_buf_puts(hp->o, "<span class=\"hsa\">");
        put_sep(hp, b->sep[w], code);
        rl_buf_puts(hp->o, "</span>");
    }
    uint8_t fill = RL_SP_NONE;   /* for versions opening the block: the next known one */
    for (size_t k = from; k < to; k++)
        if (sp[k] != RL_HSP_START) {
            fill = sp[k];
            break;
        }
    size_t k = from;
    while (k < to) {
        uint8_t s = sp[k] == RL_HSP_START ? fill : sp[k];
        size_t j = k + 1;
        while (j < to && (sp[j] == RL_HSP_START || sp[j] == s))
            j++;
        if (s != RL_SP_NONE) {
            rl_buf_printf(hp->o, "<span class=\"hsp hb-%zu", k);
            if (j < hp->n)
                rl_buf_printf(hp->o, " hd-%zu", j);
            rl_buf_puts(hp->o, "\">");
            put_sep(hp, s, code);
            rl_buf_puts(hp->o, "</span>");
        }
        fill = s;
        k = j;
    }
}

static void put_lead(hpage *hp, const rl_hvblock *b, size_t w, bool code)
{
    if (b->varies[w])
        put_varying(hp, b, w, code);
    else
        put_sep(hp, b->sep[w], code);
}

/* Words [w0, w0+n) of block b; the separator before the first one only if
 * `lead`. */
static void put_words(hpage *hp, const rl_hvblock *b, uint32_t w0, uint32_t n, bool code, bool lead)
{
    group g = {0};
    for (uint32_t w = w0; w < w0 + n; w++) {
        const rl_token *t = b->hb->words[w].tok;
        bool same = g.open && g.style == t->style &&
                    (!(t->style & RL_STY_LINK) || (g.linkno == t->link && g.ver == b->ver[w]));
        if (!same)
            group_close(hp, &g);
        if (w > w0 || lead)
            put_lead(hp, b, w, code);
        if (!same)
            group_open(hp, &g, t, b->ver[w]);
        rl_html_esc(hp->o, t->text);
    }
    group_close(hp, &g);
}

/* ---- marked runs ------------------------------------------------------------ */

static bool marked(const rl_hrun *r) { return r->born > 0 || r->died >= 0; }

static bool all_punct(const rl_hvblock *b, const rl_hrun *r)
{
    for (uint32_t w = r->w0; w < r->w0 + r->n; w++)
        if (b->hb->words[w].tok->kind != RL_TOK_PUNCT)
            return false;
    return true;
}

/* The visible mark after a run: "v2", "-v3" or "v2-v3" (U+2212 minus). */
static void put_mark(hpage *hp, const rl_hrun *r)
{
    rl_buf_puts(hp->o, "<sup class=\"hm\" aria-hidden=\"true\">");
    if (r->born > 0 && r->died >= 0)
        rl_buf_printf(hp->o, "<span class=\"hc-%d\">v%d</span>\xe2\x88\x92v%d", r->born % NCOLOURS,
                      r->born + 1, r->died + 1);
    else if (r->died >= 0)
        rl_buf_printf(hp->o, "\xe2\x88\x92v%d", r->died + 1);
    else
        rl_buf_printf(hp->o, "v%d", r->born + 1);
    rl_buf_puts(hp->o, "</sup>");
}

/* The opening of a marked run: the span with its tags, the leading
 * separator (hidden with the run), the <ins>/<del> and the hidden text. */
static void open_marked(hpage *hp, const rl_hrun *r)
{
    int colour = (r->died >= 0 ? r->died : r->born) % NCOLOURS;
    rl_buf_puts(hp->o, "<span class=\"hw");
    if (r->born > 0)
        rl_buf_printf(hp->o, " hb-%d", r->born);
    if (r->died >= 0)
        rl_buf_printf(hp->o, " hd-%d", r->died);
    rl_buf_printf(hp->o, " hc-%d\">", colour);
}

static void open_change(hpage *hp, const rl_hrun *r, const char *what)
{
    rl_buf_puts(hp->o, r->died >= 0 ? "<del class=\"hv\">" : "<ins class=\"hv\">");
    rl_buf_puts(hp->o, "<span class=\"vh hx\">[");
    if (r->born > 0 && r->died >= 0)
        rl_buf_printf(hp->o, "%sadded in v%d, deleted in v%d: ", what, r->born + 1, r->died + 1);
    else if (r->died >= 0)
        rl_buf_printf(hp->o, "%sdeleted in v%d: ", what, r->died + 1);
    else
        rl_buf_printf(hp->o, "%sadded in v%d: ", what, r->born + 1);
    rl_buf_puts(hp->o, "</span>");
}

static void close_change(hpage *hp, const rl_hrun *r, bool mark)
{
    rl_buf_puts(hp->o, "<span class=\"vh hx\">]</span>");
    rl_buf_puts(hp->o, r->died >= 0 ? "</del>" : "</ins>");
    if (mark)
        put_mark(hp, r);
    rl_buf_puts(hp->o, "</span>");
}

/* ---- blocks -------------------------------------------------------------------- */

/* The versions that changed block b, as badges in the margin (the same
 * information is in each run's hidden text, so hidden from screen readers). */
static void put_badges(hpage *hp, const rl_hvblock *b)
{
    bool *seen = rl_arena_array(hp->c->a, hp->n, sizeof *seen);
    bool any = false;
    for (size_t r = 0; r < b->nruns; r++) {
        if (b->runs[r].born > 0)
            seen[b->runs[r].born] = any = true;
        if (b->runs[r].died > 0)
            seen[b->runs[r].died] = any = true;
    }
    if (b->hb->born > 0)
        seen[b->hb->born] = any = true;
    if (b->hb->died > 0)
        seen[b->hb->died] = any = true;
    if (!any)
        return;
    rl_buf_puts(hp->o, "<span class=\"hvs\" aria-hidden=\"true\">");
    for (size_t k = 1; k < hp->n; k++)
        if (seen[k])
            rl_buf_printf(hp->o, "<span class=\"hc-%zu\">v%zu</span>", k % NCOLOURS, k + 1);
    rl_buf_puts(hp->o, "</span>");
}

static void put_labels(hpage *hp, const rl_hvblock *b)
{
    if (!b->nlabels) {
        if (b->hb->kind == RL_BLK_ITEM && b->src && !b->src->ordered)
            rl_buf_puts(hp->o, "<span class=\"lbl\" aria-hidden=\"true\">\xe2\x80\xa2</span> ");
        return;
    }
    rl_buf_puts(hp->o, "<span class=\"lbl\">");
    for (size_t i = 0; i < b->nlabels; i++) {
        const rl_hrun *r = &b->runs[i];
        if (!marked(r)) {
            if (i)
                rl_buf_putc(hp->o, ' ');
            rl_html_esc(hp->o, r->label);
            continue;
        }
        open_marked(hp, r);
        if (i)
            rl_buf_putc(hp->o, ' ');
        open_change(hp, r, "label ");
        rl_html_esc(hp->o, r->label);
        close_change(hp, r, true);
    }
    rl_buf_puts(hp->o, "</span> ");
}

static void put_block(hpage *hp, size_t i)
{
    const rl_hvblock *b = &hp->v->blocks[i];
    const rl_hblock *hb = b->hb;
    bool code = hb->kind == RL_BLK_CODE;
    rl_buf_puts(hp->o, "<div class=\"txt hblk");
    if (hb->born > 0)
        rl_buf_printf(hp->o, " hb-%d", hb->born);
    if (hb->died >= 0)
        rl_buf_printf(hp->o, " hd-%d", hb->died);
    rl_buf_printf(hp->o, "\" id=\"h%zu\">", i);
    put_badges(hp, b);
    rl_html_block_open(hp->o, hb->kind, b->src ? b->src->level : 0);
    if (hb->moved > 0)
        rl_buf_printf(hp->o, "<span class=\"hmove hc-%d\">%s in v%d</span> ", hb->moved % NCOLOURS,
                      hb->ghost ? "moved away" : "moved here", hb->moved + 1);
    put_labels(hp, b);
    size_t chain = b->nlabels;   /* first run of the current stretch of marked runs */
    for (size_t r = b->nlabels; r < b->nruns; r++) {
        const rl_hrun *run = &b->runs[r];
        if (!marked(run)) {
            put_words(hp, b, run->w0, run->n, code, true);
            chain = r + 1;
            continue;
        }
        /* Punctuation next to marked words with the same tags needs no mark
         * of its own: "{+v2: A third is new+}{+v3: , and longer+}{+v2: .+}"
         * keeps the colour and the hidden text, not a third mark. */
        bool mark = true;
        if (all_punct(b, run))
            for (size_t q = chain; q < r && mark; q++)
                mark = !(b->runs[q].born == run->born && b->runs[q].died == run->died);
        open_marked(hp, run);
        if (run->w0 > 0)
            put_lead(hp, b, run->w0, code);
        open_change(hp, run, "");
        put_words(hp, b, run->w0, run->n, code, false);
        close_change(hp, run, mark);
    }
    rl_html_block_close(hp->o, hb->kind, b->src ? b->src->level : 0);
    rl_buf_puts(hp->o, "</div>\n");
}

/* ---- page parts -------------------------------------------------------------- */

static rl_str title_of(const hpage *hp)
{
    if (hp->p->title.n)
        return hp->p->title;
    if (hp->p->name.n)
        return hp->p->name;
    return RL_STR("History");
}

static void put_title(hpage *hp)
{
    rl_html_page_title_start(hp->o, "History of changes", title_of(hp), hp->p);
    rl_html_page_title_end(hp->o, hp->c);
}

static void put_count(rl_buf *o, size_t n, const char *what)
{
    rl_buf_printf(o, "%zu %s%s", n, n == 1 ? "word " : "words ", what);
}

static void put_overview(hpage *hp)
{
    rl_buf *o = hp->o;
    size_t *added = rl_arena_array(hp->c->a, hp->n, sizeof *added);
    size_t *deleted = rl_arena_array(hp->c->a, hp->n, sizeof *deleted);
    rl_hview_counts(hp->h, added, deleted);
    rl_buf_puts(o, "<aside class=\"overview hov\" aria-label=\"Versions and legend\">\n"
                   "<div class=\"hversions\"><h2>Versions</h2>\n<ol class=\"hvers\">\n");
    for (size_t k = 0; k < hp->n; k++) {
        const rl_version *v = &hp->p->versions[k];
        rl_buf_printf(o, "<li class=\"hc-%zu%s\"><span class=\"hsw\">v%zu</span> <span class=\"vl\">",
                      k % NCOLOURS, k ? "" : " hbase", k + 1);
        rl_html_esc(o, vlabel(v));
        rl_buf_puts(o, "</span>");
        if (v->date.n) {
            rl_buf_puts(o, " ");
            rl_html_page_date(o, v->date);
        }
        rl_buf_puts(o, "<span class=\"hn\">");
        if (k == 0)
            rl_buf_puts(o, "the first version");
        else {
            put_count(o, added[k], "added");
            rl_buf_puts(o, ", ");
            put_count(o, deleted[k], "deleted");
        }
        rl_buf_puts(o, "</span></li>\n");
    }
    size_t b = 1, d = hp->n - 1;
    rl_buf_puts(o, "</ol></div>\n<div class=\"legend hkey\"><h2>Legend</h2><ul>\n");
    rl_buf_printf(o, "<li><span class=\"hw hc-%zu\"><ins class=\"hv\">added</ins>"
                     "<sup class=\"hm\" aria-hidden=\"true\">v%zu</sup></span> added by v%zu</li>\n",
                  b % NCOLOURS, b + 1, b + 1);
    rl_buf_printf(o, "<li><span class=\"hw hc-%zu\"><del class=\"hv\">deleted</del>"
                     "<sup class=\"hm\" aria-hidden=\"true\">\xe2\x88\x92v%zu</sup></span> deleted by v%zu</li>\n",
                  d % NCOLOURS, d + 1, d + 1);
    if (hp->n >= 3)
        rl_buf_printf(o, "<li><span class=\"hw hc-%zu\"><del class=\"hv\">added, then deleted</del>"
                         "<sup class=\"hm\" aria-hidden=\"true\"><span class=\"hc-%zu\">v%zu</span>"
                         "\xe2\x88\x92v%zu</sup></span> added by v%zu, deleted by v%zu</li>\n",
                      d % NCOLOURS, b % NCOLOURS, b + 1, d + 1, b + 1, d + 1);
    rl_buf_puts(o, "<li>unmarked text: in every version</li>\n</ul></div>\n</aside>\n");
}

static void put_controls(hpage *hp)
{
    rl_buf *o = hp->o;
    rl_buf_puts(o, "<nav class=\"controls hctl\" id=\"controls\" aria-label=\"Version shown\" hidden>\n"
                   "<fieldset><legend>Show</legend>\n"
                   "<label><input type=\"radio\" name=\"at\" value=\"all\" checked> "
                   "<span class=\"hl\">All changes</span></label>\n");
    for (size_t k = 0; k < hp->n; k++) {
        rl_buf_printf(o, "<label class=\"hc-%zu\"><input type=\"radio\" name=\"at\" value=\"%zu\"> "
                         "<span class=\"hl\"><b>v%zu</b> <span class=\"hlt\">",
                      k % NCOLOURS, k, k + 1);
        rl_html_esc(o, vlabel(&hp->p->versions[k]));
        rl_buf_puts(o, "</span></span></label>\n");
    }
    rl_buf_puts(o, "</fieldset>\n<p class=\"hnow\" id=\"hnow\" aria-live=\"polite\"></p>\n</nav>\n");
}

/* Rules for this number of versions: what each body[data-at=k] hides, and
 * the words it added, underlined in its colour. */
static void version_rules(rl_buf *css, size_t n)
{
    rl_buf_puts(css, "/* generated for this page's versions */\n");
    for (size_t k = 0; k < n; k++) {
        const char *sep = " :is(";
        for (size_t j = k + 1; j < n; j++, sep = ", ") {
            if (j == k + 1)
                rl_buf_printf(css, "body[data-at=\"%zu\"] .doc", k);
            rl_buf_printf(css, "%s.hb-%zu", sep, j);
        }
        for (size_t j = 1; j <= k; j++, sep = ", ") {
            if (j == 1 && k + 1 >= n)
                rl_buf_printf(css, "body[data-at=\"%zu\"] .doc", k);
            rl_buf_printf(css, "%s.hd-%zu", sep, j);
        }
        if (k + 1 < n || k >= 1)
            rl_buf_puts(css, ") { display: none; }\n");
        if (k > 0)
            rl_buf_printf(css,
                          "body[data-at=\"%zu\"] .doc .hb-%zu > .hv { color: var(--hc-%zu); "
                          "background: var(--hcb-%zu); text-decoration: underline; "
                          "text-decoration-color: var(--hc-%zu); }\n",
                          k, k, k % NCOLOURS, k % NCOLOURS, k % NCOLOURS);
    }
}

static rl_str lang_of(const hpage *hp)
{
    if (!hp->p->lang.n && hp->n && hp->v->docs[hp->n - 1])
        return hp->v->docs[hp->n - 1]->lang;
    return hp->p->lang;
}

int rl_emit_history_html(const rl_emit_ctx *c, const rl_history *h, rl_buf *out)
{
    const rl_pub *p = c->pub;
    size_t n = h->nversions;
    const rl_doc **docs = rl_arena_array(c->a, n ? n : 1, sizeof *docs);
    for (size_t k = 0; k < n; k++)
        docs[k] = p->versions[k].doc;
    hpage hp = {.c = c, .p = p, .h = h, .v = rl_hview_build(c->a, h, docs), .o = out, .n = n};

    rl_buf css = RL_BUF_INIT, js = RL_BUF_INIT;
    for (size_t i = 0; rl_html_css[i]; i++)
        rl_buf_puts(&css, rl_html_css[i]);
    for (size_t i = 0; rl_history_css[i]; i++)
        rl_buf_puts(&css, rl_history_css[i]);
    version_rules(&css, n);
    rl_html_page_extra_css(&css, c->style);
    for (size_t i = 0; rl_history_js[i]; i++)
        rl_buf_puts(&js, rl_history_js[i]);

    rl_buf title = RL_BUF_INIT;
    rl_buf_putstr(&title, title_of(&hp));
    rl_buf_puts(&title, ": history of changes");
    if (n >= 2) {
        rl_buf_puts(&title, ", ");
        rl_buf_putstr(&title, vlabel(&p->versions[0]));
        rl_buf_puts(&title, " to ");
        rl_buf_putstr(&title, vlabel(&p->versions[n - 1]));
    }
    rl_html_page_open(out, lang_of(&hp), rl_buf_str(&title), &css, &js, "hist");
    rl_buf_free(&title);
    put_title(&hp);
    put_overview(&hp);
    put_controls(&hp);
    rl_buf_puts(out, "<main id=\"text\" class=\"doc\" tabindex=\"-1\">\n");
    for (size_t i = 0; i < hp.v->nblocks; i++)
        put_block(&hp, i);
    rl_html_page_close(out, c->edition_id, &js);
    rl_buf_free(&css);
    rl_buf_free(&js);
    return 0;
}
