/* intern.c - token keys to dense integer ids (xdiff's record classifier).
 *
 * An open-addressing hash table (linear probing, power-of-two size, grown
 * at half load) maps normalized key bytes to ids; keys are copied into the
 * arena once per distinct key.  The common case, an ASCII token compared
 * case-sensitively, is hashed straight from the token's bytes with no copy.
 * Non-ASCII tokens go through utf8proc (NFC, or NFC plus full case folding)
 * and then have their curly quotes folded.  A chained table or sorting all
 * tokens were rejected: probing a flat array is faster and needs no per-key
 * allocation.  The hash is FNV-1a over the key with a final avalanche mix.
 */
#include "intern.h"

#include "arena.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct entry {
    uint64_t hash;
    rl_str key;
} entry;

struct rl_intern {
    rl_arena *a;
    bool ignore_case, ignore_punct;
    uint32_t *slots;     /* id + 1, 0 = empty */
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

static uint64_t hash_bytes(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211u;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    return h;
}

static void grow(rl_intern *t)
{
    size_t nslots = t->nslots * 2;
    uint32_t *slots = rl_arena_array(t->a, nslots, sizeof *slots);
    for (uint32_t id = 0; id < t->n; id++) {
        size_t i = t->ents[id].hash & (nslots - 1);
        while (slots[i])
            i = (i + 1) & (nslots - 1);
        slots[i] = id + 1;
    }
    t->slots = slots;
    t->nslots = nslots;
}

static uint32_t lookup(rl_intern *t, const char *p, size_t n)
{
    uint64_t h = hash_bytes(p, n);
    size_t mask = t->nslots - 1;
    size_t i = h & mask;
    for (;;) {
        uint32_t s = t->slots[i];
        if (!s)
            break;
        const entry *e = &t->ents[s - 1];
        if (e->hash == h && e->key.n == n && memcmp(e->key.p, p, n) == 0)
            return s - 1;
        i = (i + 1) & mask;
    }
    if (t->n == t->cap) {
        t->ents = rl_arena_grow(t->a, t->ents, t->cap, (size_t)t->cap * 2, sizeof *t->ents);
        t->cap *= 2;
    }
    uint32_t id = t->n++;
    t->ents[id].hash = h;
    t->ents[id].key = rl_arena_str(t->a, (rl_str){p, n});
    t->slots[i] = id + 1;
    if ((size_t)t->n * 2 > t->nslots)
        grow(t);
    return id;
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

static uint32_t intern_text(rl_intern *t, const char *p, size_t n)
{
    bool ascii = true;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)p[i] >= 0x80) {
            ascii = false;
            break;
        }
    if (ascii && !t->ignore_case)
        return lookup(t, p, n);
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
    utf8proc_uint8_t *mapped = NULL;
    int opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    if (t->ignore_case)
        opts |= UTF8PROC_CASEFOLD;
    utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)p, (utf8proc_ssize_t)n, &mapped,
                                        (utf8proc_option_t)opts);
    if (len < 0) /* invalid UTF-8 (cannot come from the loader): compare bytes */
        fold_quotes(s, p, n);
    else
        fold_quotes(s, (const char *)mapped, (size_t)len);
    free(mapped);
    return lookup(t, s->p ? s->p : "", s->n);
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

uint32_t rl_intern_bytes(rl_intern *t, const char *p, size_t n)
{
    return intern_text(t, p, n);
}

uint32_t rl_intern_count(const rl_intern *t)
{
    return t->n;
}

rl_str rl_intern_key(const rl_intern *t, uint32_t id)
{
    return id < t->n ? t->ents[id].key : RL_STR_NULL;
}
