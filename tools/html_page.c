/* html_page.c - the parts the redline page and the history page share
 * (see html_page.h).
 *
 * Written once so that both pages get the same safety rules: one escaping
 * function, one link policy (url.h), one Content-Security-Policy built
 * from the SHA-256 of the exact stylesheet and script bytes, one way to
 * neutralise the style's extra CSS.  What differs between the pages (the
 * body of the text, the overview, the controls) stays in their emitters.
 * Rejected: a template file with placeholders (a second syntax to escape
 * for, and the CSP hashes must be computed over the final bytes anyway).
 */
#include "html_page.h"

#include "buf.h"
#include "doc.h"
#include "emit.h"
#include "pub.h"
#include "sha256.h"
#include "style.h"
#include "url.h"

#include <string.h>

void rl_html_esc(rl_buf *o, rl_str s)
{
    if (s.n == 0)
        return;   /* s.p may be NULL: no arithmetic on it */
    size_t start = 0;
    for (size_t i = 0; i < s.n; i++) {
        const char *rep;
        switch (s.p[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        rl_buf_put(o, s.p + start, i - start);
        rl_buf_puts(o, rep);
        start = i + 1;
    }
    rl_buf_put(o, s.p + start, s.n - start);
}

void rl_html_page_extra_css(rl_buf *css, const rl_style *style)
{
    if (!style || !style->html_css.n)
        return;
    /* A '<' could close the element ("</style>"); it has no use in CSS
     * outside strings, where the escape means the same character. */
    rl_str x = style->html_css;
    rl_buf_puts(css, "/* style: extra CSS */\n");
    for (size_t i = 0; i < x.n; i++) {
        if (x.p[i] == '<')
            rl_buf_puts(css, "\\3c ");
        else
            rl_buf_putc(css, x.p[i]);
    }
    rl_buf_putc(css, '\n');
}

static void lang_attr(rl_buf *o, rl_str l)
{
    bool ok = l.n > 0 && l.n < 36;
    for (size_t i = 0; ok && i < l.n; i++) {
        char ch = l.p[i];
        ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
             ch == '_';
    }
    rl_buf_puts(o, "<html lang=\"");
    if (!ok)
        rl_buf_puts(o, "en");
    else
        for (size_t i = 0; i < l.n; i++)
            rl_buf_putc(o, l.p[i] == '_' ? '-' : l.p[i]);
    rl_buf_puts(o, "\">\n");
}

static void csp_hash(rl_buf *o, const rl_buf *text)
{
    uint8_t d[RL_SHA256_LEN];
    char b64[45];
    rl_sha256(text->p ? text->p : "", text->n, d);
    rl_sha256_base64(d, b64);
    rl_buf_printf(o, "'sha256-%s'", b64);
}

void rl_html_page_open(rl_buf *o, rl_str lang, rl_str title, const rl_buf *css, const rl_buf *js,
                       const char *body_class)
{
    rl_buf_puts(o, "<!DOCTYPE html>\n");
    lang_attr(o, lang);
    rl_buf_puts(o, "<head>\n<meta charset=\"utf-8\">\n"
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src ");
    csp_hash(o, js);
    rl_buf_puts(o, "; style-src ");
    csp_hash(o, css);
    rl_buf_puts(o, "; img-src data:; base-uri 'none'; form-action 'none'\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"referrer\" content=\"no-referrer\">\n"
                   "<meta name=\"color-scheme\" content=\"light\">\n"
                   "<meta name=\"generator\" content=\"redline " RL_VERSION "\">\n<title>");
    rl_html_esc(o, title);
    rl_buf_puts(o, "</title>\n<style>");
    rl_buf_put(o, css->p, css->n);
    rl_buf_puts(o, "</style>\n</head>\n<body");
    if (body_class)
        rl_buf_printf(o, " class=\"%s\"", body_class);
    rl_buf_puts(o, ">\n<a class=\"skip\" href=\"#text\">Skip to the text</a>\n<div class=\"page\">\n");
}

void rl_html_page_close(rl_buf *o, rl_str edition_id, const rl_buf *js)
{
    rl_buf_puts(o, "</main>\n<footer class=\"foot\"><p>Made with redline " RL_VERSION);
    if (edition_id.n) {
        rl_buf_puts(o, ", edition <code>");
        rl_html_esc(o, edition_id);
        rl_buf_puts(o, "</code>");
    }
    rl_buf_puts(o, ". This page works offline and loads nothing from the network.</p></footer>\n"
                   "</div>\n<script>");
    rl_buf_put(o, js->p, js->n);
    rl_buf_puts(o, "</script>\n</body>\n</html>\n");
}

void rl_html_page_title_start(rl_buf *o, const char *kicker, rl_str title, const rl_pub *p)
{
    rl_buf_printf(o, "<header class=\"title\">\n<p class=\"kicker\">%s</p>\n<h1>", kicker);
    rl_html_esc(o, title);
    rl_buf_puts(o, "</h1>\n");
    if (p && p->subtitle.n) {
        rl_buf_puts(o, "<p class=\"subtitle\">");
        rl_html_esc(o, p->subtitle);
        rl_buf_puts(o, "</p>\n");
    }
    if (p && p->nauthors) {
        rl_buf_puts(o, "<p class=\"authors\">By ");
        for (size_t i = 0; i < p->nauthors; i++) {
            if (i)
                rl_buf_puts(o, i + 1 == p->nauthors ? " and " : ", ");
            rl_html_esc(o, p->authors[i]);
        }
        rl_buf_puts(o, "</p>\n");
    }
}

void rl_html_page_date(rl_buf *o, rl_str date)
{
    rl_buf_puts(o, "<time datetime=\"");
    rl_html_esc(o, date);
    rl_buf_puts(o, "\">");
    rl_html_esc(o, date);
    rl_buf_puts(o, "</time>");
}

void rl_html_page_title_end(rl_buf *o, const rl_emit_ctx *c)
{
    rl_buf_puts(o, "<p class=\"edition\">");
    if (c->edition_number > 0)
        rl_buf_printf(o, "Edition %ld", c->edition_number);
    else
        rl_buf_puts(o, "Edition");
    if (c->edition_id.n) {
        rl_buf_puts(o, " <code>");
        rl_html_esc(o, c->edition_id);
        rl_buf_puts(o, "</code>");
    }
    if (c->date.n) {
        rl_buf_puts(o, " of ");
        rl_html_page_date(o, c->date);
    }
    rl_buf_puts(o, "</p>\n</header>\n");
}

void rl_html_block_open(rl_buf *o, int kind, int level)
{
    switch (kind) {
    case RL_BLK_HEADING: rl_buf_printf(o, "<h%d>", level + 1 > 6 ? 6 : level + 1); break;
    case RL_BLK_ITEM: rl_buf_printf(o, "<p class=\"li d%d\">", level > 3 ? 3 : level); break;
    case RL_BLK_QUOTE: rl_buf_puts(o, "<blockquote><p>"); break;
    case RL_BLK_CODE: rl_buf_puts(o, "<pre><code>"); break;
    case RL_BLK_RULE: rl_buf_puts(o, "<hr>"); break;
    default: rl_buf_puts(o, "<p>"); break;
    }
}

void rl_html_block_close(rl_buf *o, int kind, int level)
{
    switch (kind) {
    case RL_BLK_HEADING: rl_buf_printf(o, "</h%d>", level + 1 > 6 ? 6 : level + 1); break;
    case RL_BLK_QUOTE: rl_buf_puts(o, "</p></blockquote>"); break;
    case RL_BLK_CODE: rl_buf_puts(o, "</code></pre>"); break;
    case RL_BLK_RULE: break;
    default: rl_buf_puts(o, "</p>"); break;
    }
}

bool rl_html_style_open(rl_buf *o, unsigned style, rl_str url)
{
    if (style & RL_STY_EMPH)
        rl_buf_puts(o, "<em>");
    if (style & RL_STY_STRONG)
        rl_buf_puts(o, "<strong>");
    if (style & RL_STY_CODE)
        rl_buf_puts(o, "<code>");
    if (!(style & RL_STY_LINK))
        return false;
    if (!rl_url_ok(url, RL_URL_FRAGMENT)) {
        rl_buf_puts(o, "<span class=\"nolink\">");
        return false;
    }
    rl_buf_puts(o, "<a href=\"");
    rl_html_esc(o, url);
    rl_buf_puts(o, "\" rel=\"noopener noreferrer\">");
    return true;
}

void rl_html_style_close(rl_buf *o, unsigned style, bool linked)
{
    if (style & RL_STY_LINK)
        rl_buf_puts(o, linked ? "</a>" : "</span>");
    if (style & RL_STY_CODE)
        rl_buf_puts(o, "</code>");
    if (style & RL_STY_STRONG)
        rl_buf_puts(o, "</strong>");
    if (style & RL_STY_EMPH)
        rl_buf_puts(o, "</em>");
}
