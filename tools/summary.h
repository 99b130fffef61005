/* summary.h - the change summary of a redline, worded once for every
 * output.
 *
 * The PDF, the LaTeX and the HTML each print a "Summary of changes"; its
 * counts and their wording come from here, so that the three agree and a
 * count of one is never "1 places".  Each output only sets the lines in
 * its own markup.
 */
#ifndef RL_SUMMARY_H
#define RL_SUMMARY_H

#include "redline.h"

typedef struct rl_summary_line {
    size_t n;
    const char *what; /* "word deleted" or "words deleted", to follow n */
} rl_summary_line;

enum { RL_SUMMARY_MAX = 10 };

/* The lines of the summary of r, in the order they are shown: words
 * deleted, inserted and moved; paragraphs changed, added, removed and
 * moved; labels changed; places of change; notes.  Returns their number
 * (at most RL_SUMMARY_MAX). */
size_t rl_summary(const rl_redline *r, rl_summary_line out[RL_SUMMARY_MAX]);

/* The sentence that closes the summary, "1234 words in the old version,
 * 1240 in the new.", into out (n bytes; 96 are always enough). */
void rl_summary_sizes(const rl_redline *r, char *out, size_t n);

#endif
