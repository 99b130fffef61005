/* intern.c - token keys to dense integer ids (xdiff's record classifier).
 *
 * An open-addressing hash table (linear probing, power-of-two size, grown
 * at half load) maps normalized key bytes to ids; keys are copied into the
 * arena once per distinct key.  The common case, an ASCII token compared
 * case-sensitively, is hashed straight from the token's bytes with no copy.
 * Non-ASCII tokens go through utf8proc (NFC, or NFC plus full case folding)
 * and then have their curly quotes folded.  A chained table or sorting all
 * tokens were rejected: probing a flat array is faster and needs no per-key
 * allocation.  The hash reads the key eight bytes at a time (short keys
 * with two overlapping loads, as wyhash does) and mixes each word with a
 * multiply and a shift; the same loads test for non-ASCII bytes and compare
 * keys, so a typical six-byte word costs a few dozen instructions.  Ids
 * are handed out in order of first appearance, so they do not depend on
 * the hash.  A block's hash, which block alignment compares, is a sum of
 * one term per token (its position, length and key word: the packed bytes
 * of a plain ASCII token, or their hash when longer than 8 bytes), so that
 * no token waits for the one before; any other token's term is the same
 * function of its normalized key, so equal keys always hash alike.
 * rl_intern_hash_block computes it without a table (the normalized key of
 * a non-ASCII token is made and dropped), so the loader threads hash their
 * blocks as they cut them; rl_intern_hash_tokens computes it through the
 * table, the reference the tests hold the other to.  A table filled
 * on a helper thread joins another with rl_intern_merge, in its id order.
 */
#include "intern.h"

#include "arena.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct entry {
    uint64_t hash, tag;
    rl_str key;
} entry;

/* A slot holds what a lookup compares, so that a hit costs one cache line:
 * a key of up to 8 bytes is its own tag (the words hash_key reads, which
 * determine it), a longer one is confirmed against its entry. */
typedef struct slot {
    uint32_t id1;        /* id + 1, 0 = empty */
    uint32_t len;
    uint64_t tag;        /* key <= 8 bytes: its packed bytes, else its hash */
} slot;

struct rl_intern {
    rl_arena *a;
    bool ignore_case, ignore_punct;
    slot *slots;
    size_t nslots;
    entry *ents;
    uint32_t n, cap;
    uint32_t punct_id;   /* id shared by punctuation with ignore_punct, or UINT32_MAX */
    rl_buf scratch;      /* normalized key being looked up */
};

static void scratch_free(void *p)
{
    rl_buf_free(p);
}

rl_intern *rl_intern_new(rl_arena *a, bool ignore_case, bool ignore_punct)
{
    rl_intern *t = rl_arena_alloc(a, sizeof *t);
    t->a = a;
    t->ignore_case = ignore_case;
    t->ignore_punct = ignore_punct;
    t->nslots = 1024;
    t->slots = rl_arena_array(a, t->nslots, sizeof *t->slots);
    t->cap = 512;
    t->ents = rl_arena_array(a, t->cap, sizeof *t->ents);
    t->punct_id = UINT32_MAX;
    t->scratch = RL_BUF_INIT;
    rl_arena_defer(a, scratch_free, &t->scratch);
    return t;
}

/* Unaligned loads (byte order does not matter: only equality and mixing). */
static inline uint64_t load8(const char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    return x;
}

static inline uint64_t load4(const char *p)
{
    uint32_t x;
    memcpy(&x, p, 4);
    return x;
}

static inline uint64_t mixw(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0x9E3779B97F4A7C15u;
    return h ^ (h >> 29);
}

/* Hash of p[0..n); *hi gets whether a byte is >= 0x80, *tag the slot tag
 * (see slot).  The key is read as words that together cover every byte
 * (overlapping for short keys), so a key of up to 8 bytes is one word. */
static inline uint64_t hash_key(const char *p, size_t n, bool *hi, uint64_t *tag)
{
    uint64_t h = 0x243F6A8885A308D3u ^ n, any;
    if (n >= 8) {
        any = 0;
        for (size_t i = 0; i + 8 < n; i += 8) {
            uint64_t w = load8(p + i);
            any |= w;
            h = mixw(h, w);
        }
        uint64_t w = load8(p + n - 8);
        any |= w;
        h = mixw(h, w);
    } else if (n >= 4) {
        uint64_t w = load4(p) | load4(p + n - 4) << 32;
        any = w;
        h = mixw(h, w);
    } else if (n) {
        uint64_t w = (uint64_t)(unsigned char)p[0] | (uint64_t)(unsigned char)p[n / 2] << 8 |
                     (uint64_t)(unsigned char)p[n - 1] << 16;
        any = w;
        h = mixw(h, w);
    } else {
        any = 0;
    }
    *hi = (any & 0x8080808080808080u) != 0;
    h *= 0xFF51AFD7ED558CCDu;
    h ^= h >> 32;
    *tag = n <= 8 ? any : h;
    return h;
}

/* p[0..n) == q[0..n), with the same loads as hash_key. */
static inline bool key_eq(const char *p, const char *q, size_t n)
{
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8)
            if (load8(p + i) != load8(q + i))
                return false;
        return load8(p + n - 8) == load8(q + n - 8);
    }
    if (n >= 4)
        return load4(p) == load4(q) && load4(p + n - 4) == load4(q + n - 4);
    return n == 0 || (p[0] == q[0] && p[n / 2] == q[n / 2] && p[n - 1] == q[n - 1]);
}

/* Rebuild the slots at nslots (a power of two, more than twice the keys). */
static void rehash(rl_intern *t, size_t nslots)
{
    slot *slots = rl_arena_array(t->a, nslots, sizeof *slots);
    for (uint32_t id = 0; id < t->n; id++) {
        const entry *e = &t->ents[id];
        size_t i = e->hash & (nslots - 1);
        while (slots[i].id1)
            i = (i + 1) & (nslots - 1);
        slots[i] = (slot){id + 1, (uint32_t)e->key.n, e->tag};
    }
    t->slots = slots;
    t->nslots = nslots;
}

static void grow(rl_intern *t)
{
    rehash(t, t->nslots * 2);
}

void rl_intern_reserve(rl_intern *t, size_t nkeys)
{
    if (nkeys > UINT32_MAX / 4)
        nkeys = UINT32_MAX / 4;
    if (nkeys > t->cap) {
        t->ents = rl_arena_grow(t->a, t->ents, t->n, nkeys, sizeof *t->ents);
        t->cap = (uint32_t)nkeys;
    }
    size_t nslots = t->nslots;
    while (nslots < 2 * nkeys + 2)
        nslots *= 2;
    if (nslots > t->nslots)
        rehash(t, nslots);
}

/* Add key p[0..n) (hash h, tag tag) at empty slot i; returns its id.  Kept
 * out of line so that the lookup loop stays small. */
static __attribute__((noinline)) uint32_t insert(rl_intern *t, const char *p, size_t n, uint64_t h, uint64_t tag,
                                                 size_t i)
{
    if (n > UINT32_MAX)
        RL_BUG("token too long to intern");
    if (t->n == t->cap) {
        t->ents = rl_arena_grow(t->a, t->ents, t->cap, (size_t)t->cap * 2, sizeof *t->ents);
        t->cap *= 2;
    }
    uint32_t id = t->n++;
    t->ents[id].hash = h;
    t->ents[id].tag = tag;
    t->ents[id].key = rl_arena_str(t->a, (rl_str){p, n});
    t->slots[i] = (slot){id + 1, (uint32_t)n, tag};
    if ((size_t)t->n * 2 > t->nslots)
        grow(t);
    return id;
}

/* The id of key p[0..n) whose hash is h and tag tag, added if new. */
static inline __attribute__((always_inline)) uint32_t lookup_hashed(rl_intern *t, const char *p, size_t n, uint64_t h, uint64_t tag)
{
    size_t mask = t->nslots - 1;
    size_t i = h & mask;
    for (;;) {
        const slot *s = &t->slots[i];
        if (!s->id1)
            return insert(t, p, n, h, tag, i);
        if (s->tag == tag && s->len == n && (n <= 8 || key_eq(t->ents[s->id1 - 1].key.p, p, n)))
            return s->id1 - 1;
        i = (i + 1) & mask;
    }
}

static uint32_t lookup(rl_intern *t, const char *p, size_t n)
{
    bool hi;
    uint64_t tag, h = hash_key(p, n, &hi, &tag);
    return lookup_hashed(t, p, n, h, tag);
}

/* Fold curly quotes (and primes) to straight ones, appending to out. */
static void fold_quotes(rl_buf *out, const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)p[i];
        if (c == 0xE2 && i + 2 < n && (unsigned char)p[i + 1] == 0x80) {
            unsigned char c3 = (unsigned char)p[i + 2];
            if (c3 >= 0x98 && c3 <= 0x9B) { /* U+2018..U+201B */
                rl_buf_putc(out, '\'');
                i += 3;
                continue;
            }
            if (c3 >= 0x9C && c3 <= 0x9F) { /* U+201C..U+201F */
                rl_buf_putc(out, '"');
                i += 3;
                continue;
            }
            if (c3 == 0xB2 || c3 == 0xB3) { /* U+2032 prime, U+2033 double prime */
                rl_buf_putc(out, c3 == 0xB2 ? '\'' : '"');
                i += 3;
                continue;
            }
        }
        rl_buf_putc(out, (char)c);
        i++;
    }
}

/* The key of a token that is not plain ASCII: NFC (plus full case folding
 * with ignore_case), then curly quotes folded; into out (cleared first). */
static void fold_unicode(const char *p, size_t n, bool ignore_case, rl_buf *out)
{
    rl_buf_clear(out);
    utf8proc_uint8_t *mapped = NULL;
    int opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    if (ignore_case)
        opts |= UTF8PROC_CASEFOLD;
    utf8proc_ssize_t len =
        utf8proc_map((const utf8proc_uint8_t *)p, (utf8proc_ssize_t)n, &mapped, (utf8proc_option_t)opts);
    if (len < 0) /* invalid UTF-8 (cannot come from the loader): compare bytes */
        fold_quotes(out, p, n);
    else
        fold_quotes(out, (const char *)mapped, (size_t)len);
    free(mapped);
}

/* Keys that are not plain case-sensitive ASCII: fold into the scratch
 * buffer, then look up. */
static uint32_t intern_folded(rl_intern *t, const char *p, size_t n, bool ascii)
{
    rl_buf *s = &t->scratch;
    rl_buf_clear(s);
    if (ascii) {
        rl_buf_reserve(s, n);
        for (size_t i = 0; i < n; i++) {
            char c = p[i];
            rl_buf_putc(s, (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c);
        }
        return lookup(t, s->p, s->n);
    }
    fold_unicode(p, n, t->ignore_case, s);
    return lookup(t, s->p ? s->p : "", s->n);
}

/* The common case, plain ASCII compared case-sensitively, hashes the
 * token's own bytes and copies nothing. */
static inline uint32_t intern_text(rl_intern *t, const char *p, size_t n)
{
    bool hi;
    uint64_t tag, h = hash_key(p, n, &hi, &tag);
    if (!hi && !t->ignore_case)
        return lookup_hashed(t, p, n, h, tag);
    return intern_folded(t, p, n, !hi);
}

uint32_t rl_intern_token(rl_intern *t, const rl_token *tok)
{
    if (t->ignore_punct && tok->kind == RL_TOK_PUNCT) {
        if (t->punct_id == UINT32_MAX)
            t->punct_id = lookup(t, "\x01punct", 6);
        return t->punct_id;
    }
    return intern_text(t, tok->text.p, tok->text.n);
}

size_t rl_intern_tokens(rl_intern *t, const rl_token *toks, size_t n, uint32_t *ids)
{
    size_t words = 0;
    for (size_t k = 0; k < n; k++) {
        ids[k] = rl_intern_token(t, &toks[k]);
        words += toks[k].kind == RL_TOK_WORD;
    }
    return words;
}

/* What a key adds to a block hash: a key of up to 8 bytes is its packed
 * bytes (as in hash_key), a longer one its hash; *hi as in hash_key. */
static inline uint64_t key_word(const char *p, size_t n, bool *hi)
{
    uint64_t w;
    if (n > 8) {
        uint64_t tag;
        return hash_key(p, n, hi, &tag);
    }
    if (n >= 4)
        w = load4(p) | load4(p + n - 4) << 32;
    else if (n)
        w = (uint64_t)(unsigned char)p[0] | (uint64_t)(unsigned char)p[n / 2] << 8 |
            (uint64_t)(unsigned char)p[n - 1] << 16;
    else
        w = 0;
    *hi = (w & 0x8080808080808080u) != 0;
    return w;
}

/* A block hash is a sum of one term per token, mixed from its position,
 * length and key word: the terms do not wait for one another (a chained
 * hash made one multiply's latency per token the cost of hashing).  The
 * position and the length are spread by odd multipliers before they meet
 * the key word: XOR-ed in as they are, "a" (length 1) and "ba" (length 2,
 * packed bytes differing in the lowest bits) gave the same term. */
uint64_t rl_intern_hash_tokens(rl_intern *t, const rl_token *toks, size_t n, size_t *words)
{
    uint64_t bh = 0x452821E638D01377u ^ n;
    size_t nw = 0;
    bool plain = !t->ignore_case && !t->ignore_punct;
    for (size_t k = 0; k < n; k++) {
        const rl_token *tok = &toks[k];
        const char *p = tok->text.p;
        size_t len = tok->text.n;
        bool hi = false;
        nw += tok->kind == RL_TOK_WORD;
        uint64_t w = plain ? key_word(p, len, &hi) : 0;
        if (hi || !plain) { /* the key is not the bytes: use the interned key */
            uint32_t id = rl_intern_token(t, tok); /* first: it may move t->ents */
            rl_str key = t->ents[id].key;
            len = key.n;
            w = key_word(key.p, len, &hi);
        }
        bh += mixw(k * 0xC2B2AE3D27D4EB4Fu + len * 0x9E3779B97F4A7C15u, w);
    }
    *words = nw;
    return mixw(bh, n);
}

uint64_t rl_intern_hash_block(const rl_token *toks, size_t n, size_t *words)
{
    uint64_t bh = 0x452821E638D01377u ^ n;
    size_t nw = 0;
    rl_buf key = RL_BUF_INIT;
    for (size_t k = 0; k < n; k++) {
        const char *p = toks[k].text.p;
        size_t len = toks[k].text.n;
        bool hi = false;
        nw += toks[k].kind == RL_TOK_WORD;
        uint64_t w = key_word(p, len, &hi);
        if (hi) { /* the key is not the bytes: what the table would hold */
            fold_unicode(p, len, false, &key);
            len = key.n;
            w = key_word(key.p ? key.p : "", len, &hi);
        }
        bh += mixw(k * 0xC2B2AE3D27D4EB4Fu + len * 0x9E3779B97F4A7C15u, w);
    }
    rl_buf_free(&key);
    *words = nw;
    return mixw(bh, n);
}

bool rl_intern_same_tokens(rl_intern *t, const rl_token *x, const rl_token *y, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const char *p = x[k].text.p, *q = y[k].text.p;
        size_t len = x[k].text.n;
        if (len == y[k].text.n && key_eq(p, q, len) && (!t->ignore_punct || x[k].kind == y[k].kind))
            continue;
        if (rl_intern_token(t, &x[k]) != rl_intern_token(t, &y[k]))
            return false;
    }
    return true;
}

bool rl_intern_same_bytes(const rl_token *x, const rl_token *y, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (x[k].text.n != y[k].text.n || !key_eq(x[k].text.p, y[k].text.p, x[k].text.n))
            return false;
    return true;
}

uint32_t rl_intern_bytes(rl_intern *t, const char *p, size_t n)
{
    return intern_text(t, p, n);
}

void rl_intern_merge(rl_intern *t, const rl_intern *from, uint32_t *map)
{
    for (uint32_t i = 0; i < from->n; i++) {
        const entry *e = &from->ents[i];
        /* The stored keys are normalized already: look them up as they are. */
        uint32_t id = lookup_hashed(t, e->key.p, e->key.n, e->hash, e->tag);
        if (i == from->punct_id)
            t->punct_id = id;
        if (map)
            map[i] = id;
    }
}

uint32_t rl_intern_count(const rl_intern *t)
{
    return t->n;
}

rl_str rl_intern_key(const rl_intern *t, uint32_t id)
{
    return id < t->n ? t->ents[id].key : RL_STR_NULL;
}
