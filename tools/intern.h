/* intern.h - token keys: each distinct comparison key gets a small integer.
 *
 * The diff compares integer ids, never bytes (xdiff's xdl_classify_record).
 * A token's key is its text, NFC-normalized, with curly quotes folded to
 * straight ones (U+2018/2019/201A/201B/2032 to ', U+201C/201D/201E/201F/2033
 * to "), optionally case-folded (Unicode full case folding, utf8proc) and,
 * with ignore_punct, every punctuation token maps to one shared key.  White
 * space is not part of a key (it lives in the token's separator), so runs of
 * white space always compare equal.
 *
 * The table lives in the arena given to rl_intern_new; ids are dense,
 * starting at 0, so callers can index arrays by id.
 */
#ifndef RL_INTERN_H
#define RL_INTERN_H

#include "doc.h"

typedef struct rl_intern rl_intern;

/* A new, empty table in arena a (owned by it; nothing to free). */
rl_intern *rl_intern_new(rl_arena *a, bool ignore_case, bool ignore_punct);

/* Make room for nkeys distinct keys in all (a hint: the table still grows
 * past it), so that filling it does not rebuild it again and again. */
void rl_intern_reserve(rl_intern *t, size_t nkeys);

/* The id of a token's key (kind decides ignore_punct). */
uint32_t rl_intern_token(rl_intern *t, const rl_token *tok);

/* ids[k] = rl_intern_token(t, &toks[k]) for k < n (ids has room for n);
 * returns the number of RL_TOK_WORD tokens among them. */
size_t rl_intern_tokens(rl_intern *t, const rl_token *toks, size_t n, uint32_t *ids /* OUT */);

/* A hash of the keys of toks[0..n), in order: blocks whose keys are equal
 * token by token get equal hashes (so a hash match still needs
 * confirming).  Plain ASCII tokens compared case-sensitively are hashed
 * from their bytes without entering the table; other tokens are interned.
 * *words gets the number of RL_TOK_WORD tokens. */
uint64_t rl_intern_hash_tokens(rl_intern *t, const rl_token *toks, size_t n, size_t *words /* OUT */);

/* rl_intern_hash_tokens(t, toks, n, words) for a table t without options,
 * computed without a table (so on any thread, and without giving ids). */
uint64_t rl_intern_hash_block(const rl_token *toks, size_t n, size_t *words /* OUT */);

/* True if x[k] and y[k] have the same key for every k < n (tokens are
 * interned only when their bytes differ). */
bool rl_intern_same_tokens(rl_intern *t, const rl_token *x, const rl_token *y, size_t n);

/* True if x[k] and y[k] have the same bytes for every k < n: then they
 * have the same keys too (false says nothing about the keys).  Reads only
 * the tokens (any thread may call it). */
bool rl_intern_same_bytes(const rl_token *x, const rl_token *y, size_t n);

/* The id of the key of n bytes of UTF-8 at p, as a word (tests, tools). */
uint32_t rl_intern_bytes(rl_intern *t, const char *p, size_t n);

/* Add the keys of `from` to t, in from's id order, as if the tokens that
 * gave them had been interned into t at that point (a table filled on a
 * helper thread joins the shared one with the ids it would have had).  If
 * map is not NULL, map[i] receives t's id for from's id i (room for
 * rl_intern_count(from)).  Both tables need the same options. */
void rl_intern_merge(rl_intern *t, const rl_intern *from, uint32_t *map /* OUT */);

/* Number of distinct ids handed out so far (ids are 0 .. count-1). */
uint32_t rl_intern_count(const rl_intern *t);

/* The normalized key bytes of id (for debugging and tests). */
rl_str rl_intern_key(const rl_intern *t, uint32_t id);

#endif
