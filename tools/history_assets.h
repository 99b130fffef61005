/* history_assets.h - the built-in stylesheet additions and script of the
 * history page (emit_history_html.c).
 *
 * NULL-terminated arrays of lines (each ends with "\n"), generated from
 * tools/history.css and tools/history.js by tools/assets.sh.  The
 * page writes the HTML page's stylesheet (html_assets.h), then these rules,
 * then rules generated for its number of versions, and hashes the bytes for
 * its Content-Security-Policy.
 */
#ifndef RL_HISTORY_ASSETS_H
#define RL_HISTORY_ASSETS_H

#include <stddef.h>

/* Rules added to the HTML page's stylesheet: version colours, marks,
 * the version buttons, the legend. */
extern const char *const rl_history_css[];

/* The script: the version buttons (which version the text shows). */
extern const char *const rl_history_js[];

#endif
