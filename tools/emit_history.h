/* emit_history.h - the cumulative view of a chain of versions (history.h)
 * as an HTML page and as JSON.
 *
 * Both take the emitter context of emit.h with c->pub set: its versions
 * (ids, labels, dates, and the loaded documents, the same ones, in the same
 * order, that h was built from) name the versions.  c->r, c->vold and
 * c->vnew are not used.  Like every emitter they write only into `out`,
 * deterministically.
 */
#ifndef RL_EMIT_HISTORY_H
#define RL_EMIT_HISTORY_H

#include "emit.h"

typedef struct rl_history rl_history;

/* One self-contained page (<pub>-history.html): every word of every
 * version, each change coloured and marked with the version that made it
 * (a superscript "v2", "-v3", "v2-v3", and visually hidden text), a legend
 * of the versions, and buttons that show the text of any one version
 * exactly.  The same safety rules as rl_emit_html: all text escaped, a
 * Content-Security-Policy allowing only the page's own hashed script and
 * style, no network, no inline handlers or style attributes.
 * Returns 0 (it cannot fail). */
int rl_emit_history_html(const rl_emit_ctx *c, const rl_history *h, rl_buf *out);

/* The history as JSON (`redline history --format=json`, documented in the
 * README): the versions, then each block with its kind, its born/died
 * version indices and its runs.  Returns 0. */
int rl_emit_history_json(const rl_emit_ctx *c, const rl_history *h, rl_buf *out);

#endif
