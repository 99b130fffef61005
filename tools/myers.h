/* myers.h - the word diff on interned integer arrays.
 *
 * Input: two arrays of token ids (see intern.h).  Output: change marks,
 * one byte per element of each array (xdiff's rchg): del[i] = 1 if a[i] is
 * not part of the common subsequence, ins[j] = 1 likewise for b[j].  The
 * marks are the raw edit script; cleanup.h turns them into readable runs.
 */
#ifndef RL_MYERS_H
#define RL_MYERS_H

#include "rl.h"

/* Reusable scratch memory for rl_myers_diff and rl_histogram_diff (so
 * that thousands of small diffs allocate nothing).  Zero-initialize it;
 * release it with rl_myers_work_free. */
typedef struct rl_myers_work {
    long *kv;          /* both V vectors of Myers' algorithm */
    size_t kvcap;
    uint32_t *tmp;     /* histogram scratch */
    size_t tmpcap;
} rl_myers_work;

void rl_myers_work_free(rl_myers_work *w);

/* Myers' O(ND) difference algorithm in linear space (divide and conquer on
 * the middle snake), after trimming the common prefix and suffix.  The work
 * is bounded: once the edit cost of one split passes about sqrt(n+m)
 * (at least 256), the split is taken at the furthest-reaching diagonal
 * instead of the true middle snake, as xdiff does; the result is then a
 * correct but possibly non-minimal script, and unrelated inputs take near-
 * linear time.  minimal = true disables the bound (tests).  del must have
 * n bytes and ins m bytes; both are overwritten.  w may be NULL. */
void rl_myers_diff(const uint32_t *a, size_t n, const uint32_t *b, size_t m, uint8_t *del,
                   uint8_t *ins, bool minimal, rl_myers_work *w);

/* Histogram diff (git's xhistogram.c): recursively split around the
 * common element with the fewest occurrences, falling back to
 * rl_myers_diff when no element occurs fewer than 64 times.  Same contract
 * as rl_myers_diff. */
void rl_histogram_diff(const uint32_t *a, size_t n, const uint32_t *b, size_t m, uint8_t *del,
                       uint8_t *ins, rl_myers_work *w);

/* Length of the longest common subsequence implied by the marks (the
 * number of unmarked elements of a; equal to that of b for valid marks). */
size_t rl_myers_common(const uint8_t *del, size_t n);

#endif
