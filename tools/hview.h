/* hview.h - the history (history.h) cut into display runs, for emitters.
 *
 * A history block's words are tagged (born, died).  For display they are
 * grouped into runs of consecutive words with the same tags, and each word
 * gets the separator to show before it.  The labels a block had in its
 * versions become label runs: one per stretch of consecutive versions with
 * the same non-empty label, tagged like words (died -1 when the label is
 * still the block's label in the last version).
 *
 * Separators: the view of all versions shows before each word the
 * separator it had where it last appeared, except that a word that opened
 * its block there (so it had none) but follows other words in the history
 * gets a space: "[-To promote-]{+All States+}" must not read "To
 * promoteAll".  A word whose separator differed between the versions it is
 * in ("and \"any" in one, "\"or any" in the next) is marked `varies`,
 * starts a run of its own, and emitters show its separator per version
 * from rl_hview_sep().  Keeping only the words alive in version k, with
 * those separators, gives version k's text (the history's invariant), up
 * to white space at the start of a block.
 *
 * Everything is allocated from the arena given to rl_hview_build.
 */
#ifndef RL_HVIEW_H
#define RL_HVIEW_H

#include "history.h"

typedef struct rl_hrun {
    int16_t born, died;     /* as in rl_hword; died -1: still in the last version */
    bool is_label;          /* a label run: the text is `label` */
    rl_str label;
    uint32_t w0, n;         /* word runs: words [w0, w0 + n) of the block */
} rl_hrun;

typedef struct rl_hvblock {
    const rl_hblock *hb;
    const rl_block *src;    /* a version block holding its words (for the heading
                             * level, list depth...), NULL if it has no words */
    uint8_t *sep;           /* per word: RL_SP_* shown before it with all versions
                             * (word 0: RL_SP_NONE) */
    bool *varies;           /* per word: its separator differs between versions */
    uint16_t *ver;          /* per word: the version its token comes from (for
                             * the token's link: docs[ver]->links) */
    rl_hrun *runs;          /* label runs first, then word runs, in order */
    size_t nruns, nlabels;  /* nlabels: how many of the runs are label runs */
} rl_hvblock;

typedef struct rl_hview {
    const rl_history *h;
    const rl_doc *const *docs;   /* as given to rl_hview_build */
    rl_hvblock *blocks;     /* one per history block, same order */
    size_t nblocks;
} rl_hview;

/* Cut h into runs.  docs[0 .. h->nversions) are the versions the history
 * was built from (the words' tokens point into them).  Never fails. */
rl_hview *rl_hview_build(rl_arena *a, const rl_history *h, const rl_doc *const *docs);

/* The separator (RL_SP_*) before word w of block b in version k, which
 * must hold it (a word that opened its block in k: RL_SP_NONE). */
uint8_t rl_hview_sep(const rl_hvblock *b, size_t w, size_t k);

/* The versions [*from, *to) that hold word w of block b (the word's tags
 * within the block's). */
void rl_hview_span(const rl_hvblock *b, size_t w, size_t nver, size_t *from, size_t *to);

/* True if a thing tagged (born, died) is in version k. */
static inline bool rl_hview_alive(int born, int died, size_t k)
{
    return born <= (int)k && (died < 0 || died > (int)k);
}

/* Word tokens ("words", not punctuation) per version: added[k] counts the
 * word tokens born in version k (k >= 1), deleted[k] those that died in
 * it; both arrays have h->nversions entries (index 0 stays 0). */
void rl_hview_counts(const rl_history *h, size_t *added, size_t *deleted);

#endif
