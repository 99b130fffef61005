/* anchor.h - anchoring quotes: find a note's quote in a version's rendered
 * text, then map the matched tokens onto a redline.
 *
 * The rendered text of a version is the text of its blocks' tokens, joined
 * as rl_block_text joins them, block after block, with white space at each
 * block boundary.  Block labels ("(a)", "(12)") are NOT part of it: a label
 * is not a token, and a renumbered list should not break every quote that
 * starts at an item.  Both the text and the quote are normalized before
 * matching: runs of white space become one space, curly quotes become
 * straight ones (‘ ’ ‚ ‛ -> ', “ ” „ -> "), the quote is put in NFC, and
 * invisible characters (soft hyphen, zero-width space and joiners, BOM) are
 * ignored.  Matching is case-sensitive.
 *
 * This header also holds the annotation set's layout, shared by annot.c
 * (which fills it) and anchor.c (which reads it); other modules use the
 * functions of annot.h only.
 */
#ifndef RL_ANCHOR_H
#define RL_ANCHOR_H

#include "annot.h"
#include "buf.h"
#include "redline.h"

typedef struct rl_anchor_memo rl_anchor_memo;

/* One note as loaded: the rl_note template (id, version, quote, body,
 * author, date, tags, at; position fields unset) plus its selector. */
typedef struct rl_annot_entry {
    rl_note note;
    rl_str prefix, suffix;     /* empty if absent */
    rl_span quote_at;          /* the quote scalar, where anchoring problems are reported */
    rl_anchor_memo *memo;      /* matches already made, one per document (see rl_anchor_find) */
} rl_annot_entry;

struct rl_annots {
    rl_annot_entry *v;
    size_t n;
    rl_arena *a;               /* the arena the set lives in (memos go there too) */
};

/* A version's rendered, normalized text (see above) and the token each
 * code point came from.  Allocated from the arena. */
typedef struct rl_anchor_text {
    const rl_doc *doc;
    int32_t *cp;        /* normalized code points */
    uint32_t *blk;      /* block of each code point (for white space: the next token's block) */
    int32_t *tok;       /* token of each code point in its block, -1 for white space */
    size_t n;
} rl_anchor_text;

rl_anchor_text *rl_anchor_text_new(rl_arena *a, const rl_doc *doc);

/* Normalize UTF-8 text s as above into code points (allocated from a):
 * NFC, quotes straightened, invisible characters dropped, white space runs
 * collapsed to one space.  With trim, leading and trailing white space is
 * dropped.  Returns the count. */
size_t rl_anchor_normalize(rl_arena *a, rl_str s, bool trim, int32_t **out /* OUT */);

/* Where a quote landed in a document: tokens (b0, t0) .. (b1, t1) inclusive
 * (block indices in doc->blocks, token indices in the block). */
typedef struct rl_anchor_hit {
    uint32_t b0, t0, b1, t1;
    double similarity;   /* 1 for an exact match */
} rl_anchor_hit;

/* Match note e's quote against t (built by rl_anchor_text_new): all exact occurrences, then
 * prefix/suffix to choose among several, else the best approximate one
 * (accepted with a warning when similarity >= threshold).  Reports at
 * e->quote_at: ambiguity (listing each candidate as path:line:col of the
 * version file), a fuzzy anchor (warning with the quote and the text it now
 * anchors to), no match (error with the closest text and its similarity).
 * The result is remembered in e->memo per document, so a note checked
 * against the same document again (one version in several comparisons) is
 * not reported twice; memos are allocated from set->a.  e must be one of
 * set's entries.  Returns 0 with *out filled, or -1. */
int rl_anchor_find(rl_diag *d, const rl_annots *set, const rl_anchor_text *t, const rl_annot_entry *e,
                   double threshold, rl_anchor_hit *out /* OUT */);

/* The redline position of token tok of block blk of the old (old_side) or
 * new document of r: walks r->blocks (EQUAL and DELETE runs carry old
 * tokens, EQUAL and INSERT runs new ones).  Returns 0, or -1 if the token
 * is in no run. */
int rl_anchor_rpos(const rl_redline *r, bool old_side, uint32_t blk, uint32_t tok, rl_rpos *out /* OUT */);

/* The text of note n's span in r as seen from one side: the tokens from
 * n->first to n->last that belong to the old (old_side) or new version,
 * joined by their separators, blocks joined by one space.  For tests and
 * emitters that quote the anchored words. */
void rl_anchor_span_text(const rl_redline *r, const rl_note *n, bool old_side, rl_buf *out);

/* Anchor every note of the set against its own version's document (pub's
 * versions, whose documents must be loaded; notes of versions without a
 * document are skipped), reporting every problem once.  For
 * `redline check`.  Returns the number of notes that failed. */
size_t rl_anchor_check_all(rl_arena *a, rl_diag *d, const rl_annots *notes, const rl_pub *pub, double threshold);

#endif
