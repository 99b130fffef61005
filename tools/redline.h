/* redline.h - the redline model: two versions aligned, with change runs,
 * moves, label changes, anchored notes and statistics.
 *
 * This is the one structure every emitter walks (text, CriticMarkup, JSON,
 * PDF, LaTeX, HTML); none of them re-does the diff or the anchoring.
 *
 * Blocks come in the new version's order; a deleted block stands where it
 * stood in the old version.  A moved block appears twice: once as the real
 * block at its new place (status RL_ST_MOVED, ghost false, with its inner
 * runs, both indices set), and once as a ghost at the place it left (status
 * RL_ST_MOVED, ghost true, no runs, both indices -1).  The two ends name
 * each other through `peer`.
 *
 * Invariant (tests check it on every input): taking the non-ghost blocks in
 * old_index order, each block's old label followed by the text of its EQUAL
 * and DELETE runs (old side) gives the old version's words exactly; taking
 * them in new_index order, new labels plus EQUAL and INSERT runs (new side)
 * give the new version's words.
 *
 * The whole model lives in the arena it was built in.
 */
#ifndef RL_REDLINE_H
#define RL_REDLINE_H

#include "doc.h"

typedef struct cmark_node cmark_node;

typedef enum rl_op {
    RL_OP_EQUAL,   /* tokens in both versions */
    RL_OP_DELETE,  /* tokens only in the old version */
    RL_OP_INSERT   /* tokens only in the new version */
} rl_op;

typedef struct rl_run {
    rl_op op;
    uint32_t old0;   /* first token in rblock.old (EQUAL, DELETE) */
    uint32_t new0;   /* first token in rblock.new (EQUAL, INSERT) */
    uint32_t n;      /* number of tokens, >= 1 */
} rl_run;

typedef enum rl_status {
    RL_ST_EQUAL,     /* same tokens (labels may still differ: see label_changed) */
    RL_ST_CHANGED,   /* paired, with inner changes */
    RL_ST_INSERTED,
    RL_ST_DELETED,
    RL_ST_MOVED      /* see ghost */
} rl_status;

typedef struct rl_note rl_note;

typedef struct rl_rblock {
    rl_status status;
    bool ghost;             /* RL_ST_MOVED: the place the block left */
    bool label_changed;     /* both labels present (or one) and different */
    const rl_block *old;    /* NULL for inserted blocks and ghosts */
    const rl_block *new;    /* NULL for deleted blocks and ghosts */
    int32_t old_index;      /* index in the old doc's blocks, -1 if none */
    int32_t new_index;      /* index in the new doc's blocks, -1 if none */
    int32_t peer;           /* moves: index in rl_redline.blocks of the other end, else -1 */
    rl_run *runs;
    size_t nruns;
    bool raw_diff;          /* the readability cleanup failed its check here, so the
                               runs are the plain minimal diff (see cleanup.h) */
    rl_note **marks;        /* notes whose marker falls in this block, in order */
    size_t nmarks;
} rl_rblock;

/* A token position in the redline: token `off` of run `run` of block `block`. */
typedef struct rl_rpos {
    uint32_t block, run, off;
} rl_rpos;

struct rl_note {
    rl_str id;
    unsigned number;        /* 1-based, in reading order of the markers */
    rl_rpos first, last;    /* the anchored span, both inclusive; the marker follows `last` */
    rl_str version;         /* id of the version the quote was taken from */
    rl_str quote;
    rl_str body_md;         /* Markdown source of the body */
    cmark_node *body;       /* parsed body (raw HTML and images removed); owned by the arena */
    rl_str author, date;    /* empty if absent */
    rl_str *tags;
    size_t ntags;
    rl_span at;             /* the note's entry in its annotation file */
    double similarity;      /* 1 for an exact anchor, lower when re-anchored fuzzily */
};

typedef struct rl_stats {
    size_t words_old, words_new;          /* word tokens in each version */
    size_t words_inserted, words_deleted; /* word tokens in INSERT / DELETE runs */
    size_t words_moved;                   /* word tokens in EQUAL runs of moved blocks */
    size_t blocks_changed, blocks_inserted, blocks_deleted, blocks_moved;
    size_t labels_changed;
    size_t hunks;                         /* maximal groups of adjacent non-EQUAL runs */
    size_t blocks_raw;                    /* blocks shown as the plain minimal diff (raw_diff) */
} rl_stats;

typedef struct rl_redline {
    const rl_doc *old, *new;
    rl_rblock *blocks;
    size_t nblocks;
    rl_note *notes;        /* sorted by number */
    size_t nnotes;
    rl_stats stats;
} rl_redline;

typedef enum rl_diff_alg { RL_ALG_MYERS, RL_ALG_HISTOGRAM } rl_diff_alg;

typedef struct rl_diff_opts {
    bool ignore_case;       /* compare words case-insensitively (Unicode case folding) */
    bool ignore_punct;      /* punctuation tokens compare equal to each other */
    bool no_moves;          /* do not look for moved blocks */
    bool no_cleanup;        /* raw minimal diff (for measurements) */
    bool one_thread;        /* all the work on the calling thread (tests compare it with
                               the default, which may use two) */
    rl_diff_alg alg;
} rl_diff_opts;

/* Diff two versions into a redline (allocated from a).  Curly and straight
 * quotes, and runs of white space, always compare equal.  Never fails;
 * work is bounded so that unrelated inputs take near-linear time.  Large
 * inputs are worked on by two threads; the result is the same as with one
 * (and one is used if no thread can be started). */
rl_redline *rl_diff(rl_arena *a, const rl_doc *old, const rl_doc *new, const rl_diff_opts *opts);

/* The token shown for token k of run r of block b: the new side for EQUAL
 * and INSERT runs, the old side for DELETE runs. */
static inline const rl_token *rl_run_tok(const rl_rblock *b, const rl_run *r, size_t k)
{
    return r->op == RL_OP_DELETE ? &b->old->toks[r->old0 + k] : &b->new->toks[r->new0 + k];
}

/* The old-side token of an EQUAL or DELETE run. */
static inline const rl_token *rl_run_oldtok(const rl_rblock *b, const rl_run *r, size_t k)
{
    return &b->old->toks[r->old0 + k];
}

/* The separator (RL_SP_*) to show before token k of run ri when the runs
 * are shown one after another (the redline view).  It is the token's own
 * separator except at the seams of a change at the start of a block, where
 * the token had no predecessor in its own version but has one on the page:
 * "[-To promote-]{+All States+}" must not print "To promoteAll".  `first`
 * is true for the first token shown in the block. */
static inline uint8_t rl_run_space(const rl_rblock *b, size_t ri, size_t k, bool first)
{
    const rl_run *r = &b->runs[ri];
    uint8_t sp = (r->op == RL_OP_DELETE ? &b->old->toks[r->old0 + k] : &b->new->toks[r->new0 + k])->space;
    if (first)
        return RL_SP_NONE;
    if (k > 0 || sp != RL_SP_NONE)
        return sp;
    if (r->op == RL_OP_EQUAL && r->new0 == 0 && b->old)
        return b->old->toks[r->old0].space == RL_SP_NONE && r->old0 == 0 ? RL_SP_SPACE : b->old->toks[r->old0].space;
    if ((r->op == RL_OP_INSERT && r->new0 == 0) || (r->op == RL_OP_DELETE && r->old0 == 0))
        return RL_SP_SPACE;
    return sp;
}

/* The block kind to display (the new block's, else the old one's). */
static inline const rl_block *rl_rblock_shown(const rl_rblock *b)
{
    return b->new ? b->new : b->old;
}

/* One comparison of a publication: a pair of its versions and their
 * redline (NULL until compared, or where the comparison failed). */
typedef struct rl_version rl_version;
typedef struct rl_comparison {
    const rl_redline *r;
    const rl_version *vold, *vnew;
} rl_comparison;

/* Recount r->stats from the blocks and notes (after building or editing). */
void rl_redline_count(rl_redline *r);

#endif
