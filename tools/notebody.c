/* notebody.c - note bodies: Markdown through cmark, made safe for every output.
 *
 * The body is parsed once with RL_NOTE_MD_OPTS | CMARK_OPT_SOURCEPOS
 * and then walked: raw HTML nodes are reported and unlinked, images are
 * refused, link destinations are checked against an allow-list (http,
 * https, mailto, #fragment).  Cleaning the tree here, rather than trusting
 * each renderer, matters because cmark's LaTeX renderer keeps javascript:
 * URLs and \includegraphics any path (see the notes on the libraries), and
 * the HTML renderer's "unsafe" switch must never be needed.
 * Positions: cmark gives line and byte column inside the body; the body is
 * the value of a YAML scalar, usually a literal block (`|`), whose lines map
 * one to one onto the file's lines after the indicator, shifted by the
 * block's indentation.  Other scalar styles fold lines, so there we look
 * for the offending text itself inside the scalar (the n-th occurrence in
 * the body is taken as the n-th in the file).
 */
#include "notebody.h"
#include "arena.h"
#include "diag.h"
#include "source.h"
#include "url.h"

#include <cmark.h>
#include <string.h>

typedef struct ctx {
    rl_diag *d;
    rl_str body;
    rl_span at;
    size_t *line_off;  /* byte offset of each body line (1-based index) */
    size_t nlines;
    int errors;
} ctx;

static void free_tree(void *p) { cmark_node_free(p); }

/* Byte offset in the body of cmark's (line, column). */
static size_t body_offset(const ctx *c, int line, int col)
{
    if (line < 1 || (size_t)line > c->nlines)
        return 0;
    size_t off = c->line_off[line] + (size_t)(col > 0 ? col - 1 : 0);
    return off > c->body.n ? c->body.n : off;
}

/* The n-th (0-based) occurrence of needle in hay[from, to), or -1. */
static long find_nth(const char *hay, size_t from, size_t to, const char *needle, size_t nn, size_t nth)
{
    if (nn == 0)
        return -1;
    for (size_t i = from; i + nn <= to; i++)
        if (memcmp(hay + i, needle, nn) == 0) {
            if (nth == 0)
                return (long)i;
            nth--;
        }
    return -1;
}

/* A span in the annotation file for body bytes [off, off+len). */
static rl_span file_span(const ctx *c, size_t off, size_t len)
{
    const rl_source *s = c->at.src;
    rl_span whole = {s, c->at.start, c->at.start};
    if (!s)
        return whole;
    const char *t = s->text;
    size_t st = c->at.start;
    if (st < s->len && t[st] == '|') {
        /* Literal block: content starts on the line after the indicator. */
        size_t p = st;
        while (p < s->len && t[p] != '\n')
            p++;
        size_t content = p + 1;
        size_t indent = 0;
        for (size_t q = content; q < s->len;) {
            size_t sp = 0;
            while (q + sp < s->len && t[q + sp] == ' ')
                sp++;
            if (q + sp < s->len && t[q + sp] != '\n' && t[q + sp] != '\r') {
                indent = sp;
                break;
            }
            while (q < s->len && t[q] != '\n')
                q++;
            q++;
        }
        /* Body line of off, then walk as many file lines. */
        size_t line = 1;
        while (line < c->nlines && c->line_off[line + 1] <= off)
            line++;
        size_t q = content;
        for (size_t l = 1; l < line && q < s->len; l++) {
            while (q < s->len && t[q] != '\n')
                q++;
            q++;
        }
        size_t res = q + indent + (off - c->line_off[line]);
        if (res <= s->len) {
            size_t e = res + len;
            return (rl_span){s, (uint32_t)res, (uint32_t)(e <= s->len ? e : s->len)};
        }
        return whole;
    }
    /* Other styles: find the text itself. */
    size_t n = len;
    for (size_t i = 0; i < len && off + i < c->body.n; i++)
        if (c->body.p[off + i] == '\n') {
            n = i;
            break;
        }
    if (n > 24)
        n = 24;
    if (off + n > c->body.n || n == 0)
        return whole;
    size_t nth = 0;
    for (long k = find_nth(c->body.p, 0, off, c->body.p + off, n, 0); k >= 0 && (size_t)k < off;
         k = find_nth(c->body.p, (size_t)k + 1, off + n, c->body.p + off, n, 0))
        nth++;
    long f = find_nth(t, c->at.start, c->at.end, c->body.p + off, n, nth);
    if (f < 0)
        return whole;
    return (rl_span){s, (uint32_t)f, (uint32_t)((size_t)f + n)};
}

static rl_span node_span(const ctx *c, cmark_node *n, const char *text)
{
    size_t off = body_offset(c, cmark_node_get_start_line(n), cmark_node_get_start_column(n));
    size_t len = text ? strlen(text) : 1;
    if (off + len > c->body.n)
        len = c->body.n - off;
    return file_span(c, off, len);
}

bool rl_notebody_url_ok(const char *url)
{
    return rl_url_ok(rl_str_z(url), RL_URL_FRAGMENT);
}

cmark_node *rl_notebody_parse(rl_arena *a, rl_diag *d, rl_str body, rl_span at, int *errors)
{
    ctx c = {d, body, at, NULL, 0, 0};
    /* Line starts of the body, 1-based; line_off[nlines + 1] = end. */
    size_t nl = 1;
    for (size_t i = 0; i < body.n; i++)
        nl += body.p[i] == '\n';
    c.line_off = rl_arena_array(a, nl + 2, sizeof *c.line_off);
    c.nlines = 0;
    c.line_off[++c.nlines] = 0;
    for (size_t i = 0; i < body.n; i++)
        if (body.p[i] == '\n' && c.nlines < nl)
            c.line_off[++c.nlines] = i + 1;
    c.line_off[c.nlines + 1] = body.n;

    cmark_node *doc = cmark_parse_document(body.p, body.n, RL_NOTE_MD_OPTS | CMARK_OPT_SOURCEPOS);
    if (!doc)
        RL_BUG("cmark returned no document");
    rl_arena_defer(a, free_tree, doc);

    /* Collect first, unlink after: unlinking during iteration is unsafe. */
    cmark_node **drop = NULL;
    size_t ndrop = 0, capdrop = 0;
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type ty = cmark_node_get_type(n);
        bool remove = false;
        if (ty == CMARK_NODE_HTML_INLINE || ty == CMARK_NODE_HTML_BLOCK) {
            const char *lit = cmark_node_get_literal(n);
            size_t ll = lit ? strcspn(lit, "\n") : 0;
            char shown[48];
            snprintf(shown, sizeof shown, "%.*s%s", (int)(ll > 40 ? 40 : ll), lit ? lit : "", ll > 40 ? "..." : "");
            rl_diag_warning(d, node_span(&c, n, lit),
                            "raw HTML '%s' in a note body is not rendered and was removed; use Markdown", shown);
            remove = true;
        } else if (ty == CMARK_NODE_IMAGE) {
            rl_diag_error(d, node_span(&c, n, "!["),
                          "images are not allowed in note bodies; link to the image instead: [text](https://...)");
            c.errors++;
            remove = true;
        } else if (ty == CMARK_NODE_LINK) {
            const char *url = cmark_node_get_url(n);
            if (!url)
                url = "";
            if (!rl_notebody_url_ok(url)) {
                /* Point at the destination when it is written inline. */
                rl_span sp = node_span(&c, n, "[");
                size_t off = body_offset(&c, cmark_node_get_start_line(n), cmark_node_get_start_column(n));
                long u = *url ? find_nth(body.p, off, body.n, url, strlen(url), 0) : -1;
                if (u >= 0)
                    sp = file_span(&c, (size_t)u, strlen(url));
                if (strpbrk(url, " \t\n\r"))
                    rl_diag_error(d, sp, "link destination '%s' contains white space; write a space as %%20", url);
                else
                    rl_diag_error(d, sp,
                                  "link destination '%s' is not allowed; use an http, https or mailto URL or a #fragment",
                                  url);
                c.errors++;
                remove = true;
            }
        }
        if (remove) {
            if (ndrop == capdrop) {
                capdrop = capdrop ? 2 * capdrop : 8;
                drop = rl_arena_grow(a, drop, ndrop, capdrop, sizeof *drop);
            }
            drop[ndrop++] = n;
        }
    }
    cmark_iter_free(it);
    /* A node inside another dropped node goes with it. */
    for (size_t i = 0; i < ndrop; i++)
        for (cmark_node *up = cmark_node_parent(drop[i]); up && drop[i]; up = cmark_node_parent(up))
            for (size_t j = 0; j < ndrop; j++)
                if (drop[j] == up) {
                    drop[i] = NULL;
                    break;
                }
    for (size_t i = 0; i < ndrop; i++) {
        if (!drop[i])
            continue;
        cmark_node_unlink(drop[i]);
        cmark_node_free(drop[i]);
    }
    if (errors)
        *errors = c.errors;
    return doc;
}
