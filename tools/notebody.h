/* notebody.h - the Markdown body of a margin note, parsed with cmark.
 *
 * Note bodies are user text shown in every output, so they are parsed once,
 * here, and cleaned: raw HTML (inline or block) is reported as a warning at
 * its line and column in the annotation file and removed from the tree;
 * images are refused with an error (a margin note has no room for them, and
 * cmark's LaTeX renderer would include any local file); links are kept when
 * their destination is http:, https:, mailto: or a #fragment, and any
 * other destination (javascript:, file:, data:, a relative path) is an error.
 */
#ifndef RL_NOTEBODY_H
#define RL_NOTEBODY_H

#include "rl.h"

/* cmark options for every piece of commentary Markdown (note bodies, the
 * publication's notice): UTF-8 checked, and straight quotes, dashes and
 * "..." set typographically ("--" en dash, "---" em dash), as a printed
 * report would.  Version texts are not parsed with these: their quotes
 * and dashes are the author's and compared as written. */
#define RL_NOTE_MD_OPTS (CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART)

typedef struct cmark_node cmark_node;

/* Parse body (the note's `body` value, valid UTF-8) with
 * CMARK_OPT_VALIDATE_UTF8 and source positions.  `at` is the YAML scalar
 * that holds it: positions inside the body are mapped back into at.src so
 * messages name path:line:col of the annotation file (exactly for block
 * scalars `|`; for other scalar styles, the first place in the scalar
 * where the offending text occurs, else the scalar's start).
 * The tree is owned by the arena (freed by rl_arena_free through
 * rl_arena_defer).  Returns the document node (never NULL); *errors, if not
 * NULL, receives the number of errors reported. */
cmark_node *rl_notebody_parse(rl_arena *a, rl_diag *d, rl_str body, rl_span at, int *errors /* OUT */);

/* True if url (NUL-terminated) is a destination note bodies may link to:
 * rl_url_ok(url, RL_URL_FRAGMENT) of url.h, the policy of every output. */
bool rl_notebody_url_ok(const char *url);

#endif
