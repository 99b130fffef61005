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

/* The steps of the semantic cleanup, in the order they run. */
typedef enum rl_cleanup_step {
    RL_CLEANUP_OK = 0,   /* no step broke the script */
    RL_CLEANUP_SLIDE,    /* 1. slide pure changes to word boundaries */
    RL_CLEANUP_ABSORB,   /* 2. absorb small equalities between changes */
    RL_CLEANUP_FACTOR,   /* 3. factor out common prefixes and suffixes */
    RL_CLEANUP_RESLIDE   /* 4. slide again */
} rl_cleanup_step;

/* Runs for old -> new from change marks del (old->n bytes) and ins
 * (new->n bytes), which must describe a common subsequence (equal keys at
 * the unmarked positions, in order).  semantic = false keeps the raw
 * script and only coalesces it (one DELETE before one INSERT per change).
 * The runs cover every element of both sides in order; they are allocated
 * from a; *nruns receives their count (0 if both sides are empty).
 *
 * The result of every cleanup step is checked (the segments still cover
 * both sides in order, equalities pair equal keys).  If a step breaks
 * that, the runs are the raw script instead and *broken (OUT, may be NULL)
 * names the first step that broke it; else *broken is RL_CLEANUP_OK.  So
 * no input can make the cleanup lose a token: at worst it is less
 * readable, and the caller can say so. */
rl_run *rl_cleanup_runs(rl_arena *a, const rl_seq *old, const rl_seq *new, const uint8_t *del,
                        const uint8_t *ins, bool semantic, size_t *nruns /* OUT */,
                        rl_cleanup_step *broken /* OUT */);

/* "slide", "absorb", ...: the step's name for messages. */
const char *rl_cleanup_step_name(rl_cleanup_step s);

/* Tests only: when set to a step, that step's result is spoiled on
 * purpose (a token dropped from an equality) so that the check and the
 * fallback can be tested.  0 (the default) in every real run. */
extern int rl_cleanup_fault;

/* The score of the boundary before element k of s (0 <= k <= s->n): 6 at
 * either end, 4-5 at a space, 1 beside glued punctuation, 0 inside a word
 * group.  Exposed for tests. */
int rl_cleanup_boundary(const rl_seq *s, size_t k);

#endif
