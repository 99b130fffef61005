/* align.h - block alignment: which old block became which new block.
 *
 * Input: each side's blocks reduced to what alignment needs (a hash of the
 * block's token keys, and the ids of its word tokens).  Output: a partner
 * for every block or -1, and which pairs are moves.  The non-move pairs are
 * in order on both sides (i < i' implies partner(i) < partner(i')); a move
 * pairs a block with one out of that order.
 */
#ifndef RL_ALIGN_H
#define RL_ALIGN_H

#include "rl.h"

typedef struct rl_ablock {
    uint64_t hash;          /* of all token keys; equal blocks have equal hashes */
    const uint32_t *ids;    /* all token keys (to confirm a hash match); NULL until filled (see rl_akeys) */
    uint32_t nids;          /* number of tokens (set even while ids is NULL) */
    const uint32_t *words;  /* keys of the word tokens only (similarity); filled with ids */
    uint32_t nwords;        /* number of word tokens (set even while words is NULL) */
} rl_ablock;

/* Keys on demand: most blocks of a revision are identical to their partner
 * and need no per-token keys, only their hash.  With hooks, a block whose
 * ids are NULL gets them from fill(ud, side, i) (side 0 old, 1 new) the
 * first time they are read, and two blocks with equal hashes of which one
 * has no ids are confirmed equal by equal(ud, i, j) (old i, new j). */
typedef struct rl_akeys {
    void (*fill)(void *ud, int side, size_t i);
    bool (*equal)(void *ud, size_t i, size_t j);
    uint32_t (*count)(void *ud);   /* one more than the largest id so far */
    void *ud;
} rl_akeys;

typedef struct rl_alignment {
    int32_t *o2n;     /* old block -> new block, or -1 (deleted) */
    int32_t *n2o;     /* new block -> old block, or -1 (inserted) */
    uint8_t *omove;   /* old block is the source of a move */
    uint8_t *nmove;   /* new block is the target of a move */
} rl_alignment;

/* Tunables (fractions of shared words, Dice coefficient on word multisets). */
#define RL_ALIGN_PAIR_MIN 0.4     /* two changed blocks between the same anchors */
#define RL_ALIGN_PAIR_MIN_1X1 0.2 /* ... when they are the only ones there */
#define RL_ALIGN_MOVE_MIN 0.5     /* a deleted and an inserted block elsewhere */

/* Align old[0..m) with new[0..n).  nkeys is one more than the largest key
 * id given so far (arrays are indexed by id; they grow with keys->count as
 * ids are filled on demand).  keys may be NULL when every block has its
 * ids.  Steps: unique identical blocks anchor the
 * alignment (patience diff: longest increasing subsequence of the pairs);
 * between anchors, identical ends are matched, then changed blocks are
 * paired by similarity (a maximum-weight increasing chain of candidate
 * pairs, candidates found through an index of 3-word shingles, so that the
 * work stays near-linear for thousands of blocks); finally, unless
 * no_moves, unpaired blocks similar enough to one another become moves.
 * Everything is allocated from a. */
void rl_align(rl_arena *a, const rl_ablock *old, size_t m, const rl_ablock *new, size_t n,
              uint32_t nkeys, const rl_akeys *keys, bool no_moves, rl_alignment *out /* OUT */);

/* Dice similarity of two blocks' word multisets, 0..1 (1 for two blocks
 * without words whose hashes are equal).  Exposed for tests. */
double rl_align_similarity(const rl_ablock *x, const rl_ablock *y, uint32_t nkeys);

#endif
