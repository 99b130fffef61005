/* latex_esc.h - user text to LaTeX source that can only typeset, never run.
 *
 * Every byte of user text (sources, notes, titles, labels, URLs, metadata)
 * that reaches a .tex file goes through one of these functions.  The output
 * contains no character that starts a command, a group, math, a parameter,
 * a comment or an active character (\ { } $ & # ^ _ ~ %), and no ^^
 * sequence; the few commands it does write are fixed, argument-free
 * macros defined in redline.sty (or the LaTeX kernel in plain mode).
 * Non-ASCII characters are written as UTF-8 only when both pdflatex (T1 +
 * TS1 encodings through inputenc) and lualatex (Liberation Serif) can
 * typeset them; any other code point, and every control character, is
 * replaced by a visible "[U+XXXX]" and counted so the caller can warn.
 */
#ifndef RL_LATEX_ESC_H
#define RL_LATEX_ESC_H

#include "rl.h"

/* Flags for rl_latex_text. */
enum {
    /* Escape with standard LaTeX commands (\textbackslash{} ...) instead of
     * redline.sty's soul-safe macros (\rlbs{} ...): for text outside the
     * redline body (PDF metadata in \hypersetup, bookmarks, the toc). */
    RL_LTX_PLAIN = 1
};

/* What rl_latex_text had to substitute. */
typedef struct rl_latex_bad {
    size_t count;     /* code points replaced by [U+XXXX] */
    int32_t first;    /* the first one (valid when count > 0) */
} rl_latex_bad;

/* Per-stream state: the last ASCII character written, so that a pair that
 * would form a T1 ligature ("--", ",,", "<<", ">>") is split with "{}",
 * also across calls.  Zero-initialise; reset to zero after writing markup. */
typedef struct rl_latex_state {
    char prev;
} rl_latex_state;

/* Append s (UTF-8; invalid bytes count as U+FFFD) to out, escaped for
 * LaTeX text mode.  st may be NULL (no state kept between calls); bad may
 * be NULL.  Never fails. */
void rl_latex_text(rl_buf *out, rl_str s, unsigned flags, rl_latex_state *st, rl_latex_bad *bad);

/* True if code point cp is written as itself (after escaping for ASCII):
 * printable ASCII and the non-ASCII characters both engines can typeset. */
bool rl_latex_supported(int32_t cp);

/* True if url may become a link: the policy of url.h without fragments
 * (an http:, https: or mailto: URL, scheme case-insensitive, with no white
 * space or control character). */
bool rl_latex_url_ok(rl_str url);

/* Append url as the first argument of \href: every byte outside the URL
 * character set of RFC 3986 is percent-encoded, so are ~ _ $ (RFC 3986
 * treats %7E and %5F as the same characters), and # % & are written \# \%
 * \& (hyperref turns them back into the characters; a percent-encoding is
 * written \%XX too), so the argument holds no other TeX special character.
 * Call only when rl_latex_url_ok(url). */
void rl_latex_url(rl_buf *out, rl_str url);

#endif
