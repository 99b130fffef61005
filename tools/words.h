/* words.h - the tokenizer: rendered text -> word and punctuation tokens.
 *
 * A word is a run of letters, digits and marks, plus the joiners
 * ’ ' - ‐ ‑ . / : _ when they stand between two letters or digits
 * ("People’s", "A/66/359", "64/211", "confidence-building"), and a comma
 * between two digits ("1,000").  Every other character that is not white
 * space is a token of its own, one extended grapheme cluster long, so a
 * combining mark or an emoji sequence is never split from its base.
 * White space (Unicode Z*, ASCII controls) only sets the separator of the
 * next token; U+200B, U+2060 and U+FEFF are ignored, and a soft hyphen is
 * kept only inside a word.  Token texts are NFC.
 *
 * An rl_words is a builder for the tokens of one block at a time: feed it
 * text runs with their inline style (rl_words_text) and separators
 * (rl_words_space), then take the block's tokens (rl_words_take).  Tokens
 * are written once, straight into pools of arena memory that successive
 * blocks fill one after another.
 */
#ifndef RL_WORDS_H
#define RL_WORDS_H

#include "rl.h"
#include "doc.h"

typedef struct rl_words {
    rl_arena *a;
    const rl_source *src;   /* where token offsets point (may be NULL) */
    rl_token *pool;         /* arena memory; the current block's tokens start here */
    size_t n, cap;          /* tokens of the current block; room at pool */
    size_t last;            /* size of the last pool taken from the arena */
    uint32_t cursor;        /* source offset searched from for the next token */
    uint8_t space;          /* separator of the next token (RL_SP_*) */
    bool verbatim;          /* the current block's tokens are so far (see rl_block.verbatim) */
    uint32_t vend;          /* source offset where its last token ends */
} rl_words;

/* Set up a builder.  src may be NULL: offsets are then relative to the text
 * given to rl_words_text with exact = true.  Release with rl_words_free(). */
void rl_words_init(rl_words *w, rl_arena *a, const rl_source *src);
void rl_words_free(rl_words *w);

/* Start a block whose source begins at byte offset off: drops any tokens
 * not taken and resets the separator to RL_SP_NONE. */
void rl_words_begin(rl_words *w, uint32_t off);

/* Tokenize n bytes of valid UTF-8 at p with inline style bits `style` and
 * link index `link` (0 if none).
 * exact: p points into w->src->text (or, without a source, offsets are
 *   relative to p) and every token's offset is exact;
 * otherwise the text was rendered from markup (escapes, entities) and each
 * token's offset is found by searching the source forward from
 * max(cursor, hint), falling back to the nearest position. */
void rl_words_text(rl_words *w, const char *p, size_t n, bool exact, uint32_t hint, uint8_t style,
                   uint16_t link);

/* Note a separator before the next token: RL_SP_SPACE or RL_SP_BREAK (the
 * strongest one given since the last token wins). */
void rl_words_space(rl_words *w, uint8_t sp);

/* Number of tokens in the current block so far. */
static inline size_t rl_words_count(const rl_words *w) { return w->n; }

/* The tokens of the current block, in the arena (NULL if none); the
 * builder is then empty again. */
rl_token *rl_words_take(rl_words *w, size_t *count /* OUT */);

/* Tokenize a whole string in one go (annotation quotes, tests): tokens in
 * the arena, offsets relative to text.p, style 0.  A token's text points
 * into text.p unless NFC changed it (then it is in the arena), so keep
 * text.p alive as long as the tokens.  Returns the count. */
size_t rl_words_split(rl_arena *a, rl_str text, rl_token **out /* OUT */);

/* Classification used by the tokenizer, for other modules that must agree
 * with it: true if cp is white space to the tokenizer. */
bool rl_words_is_space(int32_t cp);

/* True if cp is a letter, digit or mark (a word character). */
bool rl_words_is_wordchar(int32_t cp);

#endif
