/* html_assets.h - the built-in stylesheet and script of the HTML page.
 *
 * Both are NULL-terminated arrays of lines (each line ends with "\n"),
 * generated from tools/html.css and tools/html.js by tools/assets.sh.
 * The HTML emitter writes them inline, in order, and hashes the bytes for
 * the page's Content-Security-Policy.
 */
#ifndef RL_HTML_ASSETS_H
#define RL_HTML_ASSETS_H

#include <stddef.h>

/* The stylesheet (screen, narrow screens, print), line by line. */
extern const char *const rl_html_css[];

/* The script (note markers, views, tag filter), line by line. */
extern const char *const rl_html_js[];

#endif
