/* label.h - printed labels at the start of a paragraph: "(a)", "(12)", "1.".
 *
 * A printed label is kept apart from the text it numbers, so that
 * renumbering ("(b)" -> "(2)") shows as a label change, not as an edit of
 * the paragraph.  The forms recognised, where N is 1-3 ASCII digits and
 * M is N, one ASCII letter, one letter repeated 2-3 times ("aa") or a
 * roman numeral of i, v, x up to 39 ("iv", "XII", case kept consistent):
 *
 *   (M)        "(a)", "(aa)", "(iv)", "(12)"
 *   M)         "a)", "iv)", "3)"
 *   N.         "1.", "12."
 *   N.N[.N...] "1.2.3", "1.2." (a bare "1.2" only in a heading: it could be
 *              a decimal number)
 *   [N]        "[1]"
 *   Article K, Art. K, Section K, Sect. K, Chapter K, Part K, Rule K, § K
 *              where K is N with an optional letter ("5bis", "5a"), N.N, or
 *              an upper-case roman numeral; only in a heading, or when the
 *              block ends there, or when "." ":" "–" "—" follows (the mark
 *              is then part of the label): "Article 5 of the Charter" is text.
 *
 * Except for the keyword forms, a label must be followed by white space or
 * the end of the block ("(a)To" is not a label).  "(Signed)", "(UN)" and
 * "(2011)" are not labels.
 */
#ifndef RL_LABEL_H
#define RL_LABEL_H

#include "rl.h"
#include "doc.h"

/* Look for a label at the start of toks[0..n).  Returns how many tokens
 * form it (0 if none) and, if any, its text (tokens joined by their
 * separators, in the arena) in *label.  heading relaxes the rules as
 * described above. */
size_t rl_label_detect(rl_arena *a, const rl_token *toks, size_t n, bool heading, rl_str *label /* OUT */);

/* True if the whole string s is a label of the forms above (as if it
 * started a heading): for tests and for checking labels given by users. */
bool rl_label_check(rl_str s);

#endif
