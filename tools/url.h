/* url.h - which link destinations user text may turn into a live link.
 *
 * One policy for every output (HTML pages, LaTeX \href, note bodies at
 * load time), so that a link refused in one format is not live in another:
 * http:, https: and mailto: URLs (scheme case-insensitive, something after
 * it), and, where the output has anchors to go to, a #fragment of the same
 * document.  javascript:, data:, file:, relative paths and everything else
 * are refused.  A destination containing white space or a control
 * character is refused too: it would be split, or shown as something else,
 * by some viewer.
 */
#ifndef RL_URL_H
#define RL_URL_H

#include "rl.h"

enum {
    /* Also allow "#fragment" (a place in the same page). */
    RL_URL_FRAGMENT = 1
};

/* True if url may become a link under the policy above; flags is 0 or
 * RL_URL_FRAGMENT.  A NULL or empty url is refused. */
bool rl_url_ok(rl_str url, unsigned flags);

#endif
