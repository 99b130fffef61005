/* fuzzy.h - approximate string matching on arrays of code points.
 *
 * Used to re-anchor a quoted passage whose text changed: find where in a
 * version's rendered text the quote occurs with the fewest edits
 * (Levenshtein distance: insert, delete or replace one code point).
 * Everything works on int32_t code-point arrays, so an edit never splits a
 * UTF-8 sequence.  Nothing here allocates from an arena: scratch memory is
 * malloc'd and freed before each function returns.
 */
#ifndef RL_FUZZY_H
#define RL_FUZZY_H

#include "rl.h"

/* One occurrence of the pattern: text[start, end), with `edits` edits. */
typedef struct rl_fuzzy_hit {
    size_t start, end;
    size_t edits;
} rl_fuzzy_hit;

/* For each end position j in 0..n, out[j] = the least number of edits that
 * turn p[0..m) into some substring of t that ends just before t[j] (out has
 * n+1 entries; out[0] = m).  Myers' bit-parallel algorithm, blocked into
 * 64-bit words, so any m works: O(n * ceil(m/64)) time.  m == 0 gives all
 * zeros. */
void rl_fuzzy_scores(const int32_t *t, size_t n, const int32_t *p, size_t m, uint32_t *out);

/* The start of the best occurrence of p that ends exactly at `end`
 * (end <= n): among the starts with the fewest edits, the one whose length
 * is closest to m.  Stores it in *start and returns the edits.  Dynamic
 * programming over the window t[end - 2m .. end), O(m^2) time, O(m) space. */
size_t rl_fuzzy_align(const int32_t *t, size_t n, const int32_t *p, size_t m, size_t end, size_t *start);

/* The best occurrences of p in t: every occurrence with the least number
 * of edits, in text order, non-overlapping (for an exact match, each end
 * position is its own occurrence).  Writes at most max_hits into hits and
 * returns how many there are in all (0 only if n == 0 or m == 0). */
size_t rl_fuzzy_search(const int32_t *t, size_t n, const int32_t *p, size_t m, rl_fuzzy_hit *hits, size_t max_hits);

/* Levenshtein distance of a and b (two rows of dynamic programming). */
size_t rl_fuzzy_distance(const int32_t *a, size_t na, const int32_t *b, size_t nb);

#endif
