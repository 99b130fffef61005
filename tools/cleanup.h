/* cleanup.h - from a raw edit script to runs a reader can follow.
 *
 * A minimal diff of words is often unreadable: "the" and "," survive as
 * one-word islands between changes, and an insertion may start in the
 * middle of a phrase.  rl_cleanup_runs turns change marks (myers.h) into
 * the runs of redline.h, after diff-match-patch's semantic cleanup:
 * small equalities between changes are absorbed, each change is shown as
 * one deletion followed by one insertion, and pure insertions/deletions are
 * slid to the position with the best word boundaries (xdiff's
 * change_compact, dmp's cleanupSemanticLossless).
 */
#ifndef RL_CLEANUP_H
#define RL_CLEANUP_H

#include "redline.h"

/* One side of a diff: the keys compared, and optionally the tokens (for
 * word boundaries and weights; NULL treats every element as a word with
 * a space before it). */
typedef struct rl_seq {
    const uint32_t *key;
    const rl_token *tok;
    size_t n;
} rl_seq;

/* Runs for old -> new from change marks del (old->n bytes) and ins
 * (new->n bytes), which must describe a common subsequence (equal keys at
 * the unmarked positions, in order).  semantic = false keeps the raw
 * script and only coalesces it (one DELETE before one INSERT per change).
 * The runs cover every element of both sides in order; they are allocated
 * from a; *nruns receives their count (0 if both sides are empty). */
rl_run *rl_cleanup_runs(rl_arena *a, const rl_seq *old, const rl_seq *new, const uint8_t *del,
                        const uint8_t *ins, bool semantic, size_t *nruns /* OUT */);

/* The score of the boundary before element k of s (0 <= k <= s->n): 6 at
 * either end, 4-5 at a space, 1 beside glued punctuation, 0 inside a word
 * group.  Exposed for tests. */
int rl_cleanup_boundary(const rl_seq *s, size_t k);

#endif
