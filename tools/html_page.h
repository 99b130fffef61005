/* html_page.h - what the two HTML pages (emit_html.c, the redline;
 * emit_history_html.c, the history) share: escaping, the page skeleton
 * with its Content-Security-Policy, the title block, block and inline
 * elements.
 *
 * Both pages are one self-contained file: inline stylesheet and script,
 * each allowed by its SHA-256 in a Content-Security-Policy that forbids
 * everything else (no network, no other script, no inline handlers or
 * style attributes).  Every function here escapes user text itself; the
 * caller passes text as data (rl_str), never markup.
 */
#ifndef RL_HTML_PAGE_H
#define RL_HTML_PAGE_H

#include "rl.h"

typedef struct rl_pub rl_pub;
typedef struct rl_style rl_style;
typedef struct rl_emit_ctx rl_emit_ctx;

/* Append s to o with & < > " ' escaped (safe in text and in a quoted
 * attribute value).  Bytes are copied as they are otherwise: s is UTF-8. */
void rl_html_esc(rl_buf *o, rl_str s);

/* Append the style's extra CSS (style.html_css, may be empty) to css with
 * every '<' written as the CSS escape "\3c ", so that it cannot close the
 * <style> element.  style may be NULL. */
void rl_html_page_extra_css(rl_buf *css, const rl_style *style);

/* Write everything from <!DOCTYPE html> to the opening
 * <div class="page"> of the body: <html lang> (lang if it is a plausible
 * BCP 47 tag, letters, digits, '-' and '_' (written '-'), under 36 bytes;
 * else "en"), the CSP allowing exactly css and js by hash, the meta
 * elements, <title> (title, escaped), the inline <style>, <body> (with
 * class body_class when not NULL) and the skip link to #text. */
void rl_html_page_open(rl_buf *o, rl_str lang, rl_str title, const rl_buf *css, const rl_buf *js,
                       const char *body_class);

/* Write from </main> to the end: the footer (naming edition_id when not
 * empty), the inline script js and the closing tags. */
void rl_html_page_close(rl_buf *o, rl_str edition_id, const rl_buf *js);

/* The title block: <header class="title">, the kicker line, <h1>title,
 * the publication's subtitle and authors (p may be NULL).  The caller may
 * add to the header, then ends it with rl_html_page_title_end. */
void rl_html_page_title_start(rl_buf *o, const char *kicker, rl_str title, const rl_pub *p);

/* The edition line of the title block (number, id and date from c) and
 * </header>. */
void rl_html_page_title_end(rl_buf *o, const rl_emit_ctx *c);

/* <time datetime="DATE">DATE</time>, escaped. */
void rl_html_page_date(rl_buf *o, rl_str date);

/* The opening and closing element of a block of the given rl_block_kind
 * and level (heading level, list depth): <hN>, <p class="li dN">,
 * <blockquote><p>, <pre><code>, <hr>, <p>. */
void rl_html_block_open(rl_buf *o, int kind, int level);
void rl_html_block_close(rl_buf *o, int kind, int level);

/* Open the inline elements for a token's RL_STY_* bits, outermost first:
 * <em>, <strong>, <code>, and for RL_STY_LINK an <a href> to url if
 * rl_url_ok(url, RL_URL_FRAGMENT), else <span class="nolink"> (the text
 * shows, the link does not).  Returns true if an <a> was opened. */
bool rl_html_style_open(rl_buf *o, unsigned style, rl_str url);

/* Close what rl_html_style_open opened (`linked`: its result). */
void rl_html_style_close(rl_buf *o, unsigned style, bool linked);

#endif
