/* history.h - the cumulative view of a chain of versions v0 -> v1 -> ...
 * -> vN: every word that ever appeared, tagged with the version that
 * introduced it and the version that deleted it (if any), in reading order.
 *
 * It extends the redline model rather than replacing it: the history is
 * built by chaining rl_diff over consecutive versions and carrying each
 * word's tags across the EQUAL runs.  Invariant (tested): for every k, the
 * blocks and words with born <= k and (died < 0 or died > k), with the
 * labels of version k, give version k's words exactly, in order.  A block
 * that a version moves is therefore in the history twice: a ghost at the
 * place it left (dying with the move, its words too) and the block at its
 * new place (born with the move, its words keeping their tags).
 */
#ifndef RL_HISTORY_H
#define RL_HISTORY_H

#include "redline.h"

/* rl_hword.space: the word opened its block in that version (it had no
 * separator there). */
#define RL_HSP_START 3

typedef struct rl_hword {
    const rl_token *tok;   /* the token as it last appeared */
    uint8_t *space;        /* per version: RL_SP_* before the word in that version,
                            * RL_HSP_START if it opened its block there; only the
                            * entries of versions the word is in are set */
    int16_t born;          /* index of the version that introduced it */
    int16_t died;          /* index of the version that deleted it, -1 if in the last */
    int32_t cur;           /* token index in the current version's block, -1 once dead
                            * (internal while building) */
} rl_hword;

typedef struct rl_hblock {
    rl_block_kind kind;
    rl_str *labels;        /* label in each version (empty if none or absent) */
    int16_t born, died;    /* first version holding the block here; version deleting it
                            * (or moving it away), -1 */
    int16_t moved;         /* the version that moved the block, -1 if none: the
                            * block at its new place has born == moved, the copy
                            * left at the old place (ghost) has died == moved */
    bool ghost;            /* the copy left where a moved block stood */
    int32_t cur;           /* block index in the current version, -1 once dead (internal) */
    rl_hword *words;
    size_t nwords;
} rl_hblock;

typedef struct rl_history {
    size_t nversions;
    rl_hblock *blocks;     /* reading order: the last version's, dead blocks where they stood */
    size_t nblocks;
} rl_history;

/* Chain rl_diff over docs[0..n) (n >= 1, oldest first, n < 32768) with
 * opts (may be NULL).  Allocated from a; never fails.  A moved block keeps
 * its words' tags at its new place and leaves a ghost (see above). */
rl_history *rl_history_build(rl_arena *a, const rl_doc *const *docs, size_t n,
                             const rl_diff_opts *opts);

/* Version k's text from the history: one line per block present in k, its
 * label (if any) and its words joined by their spacing.  For tests of the
 * invariant above. */
void rl_history_version_text(const rl_history *h, size_t k, rl_buf *out);

/* The cumulative view as text: unchanged words plain, words introduced by
 * version B as {+B: ...+}, words deleted by version D as [-D: ...-] (or
 * [-B>D: ...-] when introduced by B), where B and D are ids[index]. */
void rl_history_text(const rl_history *h, const rl_str *ids, rl_buf *out);

#endif
