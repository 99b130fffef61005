/* words.c - the tokenizer (see words.h for what a word is).
 *
 * One left-to-right pass over the text, one extended grapheme cluster at a
 * time, so marks, ZWJ emoji sequences and flags stay with their base.  The
 * cluster boundary comes from utf8proc's stateful grapheme-break rules, but
 * only when a non-ASCII byte is involved: between two ASCII characters
 * (other than CR LF) there is always a boundary.  So plain ASCII runs take
 * a fast path driven by a 256-entry byte class table (a few instructions a
 * byte, no utf8proc call), and only a byte >= 0x80 sends the scan through
 * the grapheme rules.  Likewise utf8proc's NFC is called only for tokens
 * holding a code point at or above U+0300 outside General Punctuation
 * (below U+0300 every character is already NFC), and a token whose text is
 * unchanged points into the source instead of being copied.
 *
 * Tokens are written once, into pools of arena memory (not zero-filled)
 * that successive blocks fill one after another; a block that outgrows its
 * pool moves to a pool twice as large, so there is no per-token malloc and
 * the whole pass is linear.  Text that stands
 * verbatim in the source is tokenized in place with exact offsets; offsets
 * of other rendered (Markdown) text are found by a bounded forward search
 * of the source from the text node's start; a search bounded by a window
 * keeps it linear even when a token came from an entity and is not found.  Rejected: a regex or ICU word
 * breaker (UAX #29 word rules split "A/66/359" and keep "e.g." whole only
 * by accident; ICU is a heavy dependency for one rule set).
 */
#include "words.h"
#include "arena.h"
#include "source.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

enum { C_SPACE, C_WORD, C_PUNCT, C_IGNORE };

/* How far past the expected position a rendered token is looked for. */
#define SEARCH_WINDOW 160
/* How far before a text node's reported start its text is looked for. */
#define HINT_SLACK 8

/* Classes of the ASCII characters (the fast path), with J marking the
 * joiners ' - . / : _ and the comma (see is_joiner); H marks the bytes of
 * multi-byte sequences, which take the slow path. */
enum { S = C_SPACE, W = C_WORD, P = C_PUNCT, H = 0x20, J = 0x10, CLASS = 0x0F };
static const uint8_t ascii_class[256] = {
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    S, P, P, P, P, P, P, P | J, P, P, P, P, P | J, P | J, P | J, P | J,
    W, W, W, W, W, W, W, W, W, W, P | J, P, P, P, P, P,
    P, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
    W, W, W, W, W, W, W, W, W, W, W, P, P, P, P, P | J,
    P, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
    W, W, W, W, W, W, W, W, W, W, W, P, P, P, P, S,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
};

static int class_of(int32_t cp)
{
    if (cp < 0x80)
        return cp < 0 ? C_SPACE : ascii_class[cp] & CLASS;
    switch (cp) {
    case 0x00AD: /* soft hyphen: kept only inside a word (see is_joiner) */
    case 0x200B:
    case 0x2060:
    case 0xFEFF:
        return C_IGNORE;
    default:
        break;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return C_WORD;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
        return C_SPACE;
    case UTF8PROC_CATEGORY_CF:
        return C_IGNORE;
    default:
        return C_PUNCT;
    }
}

bool rl_words_is_space(int32_t cp) { return class_of(cp) == C_SPACE; }
bool rl_words_is_wordchar(int32_t cp) { return class_of(cp) == C_WORD; }

static bool is_digit(int32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0x80 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ND);
}

/* A joiner glues two word characters into one word. */
static bool is_joiner(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 0 && (ascii_class[cp] & J); /* ' - . / : _ and ',' (only between digits: checked by the caller) */
    return cp == 0x00AD || cp == 0x2010 || cp == 0x2011 || cp == 0x2019;
}

/* First occurrence of needle in hay (memmem is a GNU extension). */
static const char *find(const char *hay, size_t hn, const char *needle, size_t nn)
{
    if (nn == 0 || nn > hn)
        return NULL;
    const char *end = hay + (hn - nn) + 1;
    for (const char *q = hay; q < end;) {
        const char *f = memchr(q, needle[0], (size_t)(end - q));
        if (!f)
            return NULL;
        if (memcmp(f, needle, nn) == 0)
            return f;
        q = f + 1;
    }
    return NULL;
}

static inline int decode(const char *p, size_t n, int32_t *cp)
{
    if ((unsigned char)*p < 0x80) {
        *cp = (unsigned char)*p;
        return 1;
    }
    return rl_utf8_decode(p, n, cp);
}

/* End of the extended grapheme cluster that starts at i; *first gets its
 * first code point. */
static size_t cluster_end(const char *p, size_t n, size_t i, int32_t *first)
{
    unsigned char c = (unsigned char)p[i];
    if (c < 0x80 && (i + 1 >= n || (unsigned char)p[i + 1] < 0x80)) {
        *first = c;
        if (c == '\r' && i + 1 < n && p[i + 1] == '\n')
            return i + 2;
        return i + 1;
    }
    int32_t cp;
    size_t j = i + (size_t)decode(p + i, n - i, &cp);
    *first = cp;
    utf8proc_int32_t state = 0;
    int32_t prev = cp;
    while (j < n) {
        int32_t nx;
        int l = decode(p + j, n - j, &nx);
        if (utf8proc_grapheme_break_stateful(prev, nx, &state))
            break;
        prev = nx;
        j += (size_t)l;
    }
    return j;
}

/* The cluster at i, off the fast path: its end, first code point, class. */
static size_t step_slow(const char *p, size_t n, size_t i, int32_t *cp, int *cls)
{
    size_t j = cluster_end(p, n, i, cp);
    *cls = class_of(*cp);
    return j;
}

/* The cluster at i: its end, first code point and class.  An ASCII
 * character followed by an ASCII byte (or the end) is a cluster of its own
 * (a CR LF pair becomes two white-space clusters, which separate the same
 * way as one); anything else takes the grapheme rules.  *hi is set when a
 * cluster holds a byte >= 0x80, so that all-ASCII tokens skip NFC. */
static inline size_t step(const char *p, size_t n, size_t i, int32_t *cp, int *cls, bool *hi)
{
    unsigned char c = (unsigned char)p[i];
    if (c < 0x80 && (i + 1 >= n || (unsigned char)p[i + 1] < 0x80)) {
        *cp = c;
        *cls = ascii_class[c] & CLASS;
        return i + 1;
    }
    *hi = true;
    return step_slow(p, n, i, cp, cls);
}

/* True if t[0..n) may change under NFC: it holds a code point at or above
 * U+0300 outside U+2010..U+205E (dashes, quotes, bullets), which have no
 * canonical decomposition and never compose. */
static bool may_need_nfc(const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c < 0xCC)
            continue;
        if (c == 0xE2 && i + 2 < n) {
            unsigned c1 = (unsigned char)t[i + 1], c2 = (unsigned char)t[i + 2];
            unsigned cp = 0x2000 | ((c1 & 0x3F) << 6) | (c2 & 0x3F);
            if (cp >= 0x2010 && cp <= 0x205E) {
                i += 2;
                continue;
            }
        }
        return true;
    }
    return false;
}

void rl_words_init(rl_words *w, rl_arena *a, const rl_source *src)
{
    memset(w, 0, sizeof *w);
    w->a = a;
    w->src = src;
}

void rl_words_free(rl_words *w)
{
    /* The pools belong to the arena. */
    w->pool = NULL;
    w->n = w->cap = 0;
}

void rl_words_begin(rl_words *w, uint32_t off)
{
    w->n = 0;
    w->cursor = off;
    w->space = RL_SP_NONE;
}

void rl_words_space(rl_words *w, uint8_t sp)
{
    if (sp > w->space)
        w->space = sp;
}

/* The largest pool: just under 2 MiB with the arena's chunk header, so
 * that it fills one huge page rather than spilling a few bytes into a
 * second one. */
#define POOL_MAX ((2 * 1024 * 1024 - 256) / sizeof(rl_token))

/* Move the current block to a new pool with room for more tokens: twice
 * the last pool (64 tokens at first, at most POOL_MAX, so that short texts
 * stay small and long ones take few pools), and at least twice the block.
 * The old pool's tail is left unused. */
static void repool(rl_words *w)
{
    size_t cap = w->last ? 2 * w->last : 64;
    if (cap > POOL_MAX)
        cap = POOL_MAX;
    if (cap < 2 * w->n + 16)
        cap = 2 * w->n + 16;
    rl_token *p = rl_arena_array_raw(w->a, cap, sizeof *p);
    if (w->n)
        memcpy(p, w->pool, w->n * sizeof *p);
    w->pool = p;
    w->cap = cap;
    w->last = cap;
}

/* Append tok to the current block. */
static inline void append(rl_words *w, const rl_token *tok)
{
    if (w->n == w->cap)
        repool(w);
    w->pool[w->n++] = *tok;
}

/* The token t[0..len): NFC (only when hi says it may change), then its
 * offset and text: exact, or searched for in the source. */
static void push(rl_words *w, const char *t, size_t len, bool hi, bool exact, uint32_t exact_off, uint8_t kind,
                 uint8_t style, uint16_t link)
{
    rl_token tok;
    memset(&tok, 0, sizeof tok);
    tok.kind = kind;
    tok.style = style;
    tok.link = link;
    tok.space = rl_words_count(w) ? w->space : RL_SP_NONE;
    w->space = RL_SP_NONE;

    /* NFC, only when the text could change. */
    const char *norm = t;
    size_t nlen = len;
    bool changed = false;
    if (hi && may_need_nfc(t, len)) {
        utf8proc_uint8_t *dst = NULL;
        utf8proc_ssize_t r =
            utf8proc_map((const utf8proc_uint8_t *)t, (utf8proc_ssize_t)len, &dst, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (r > 0 && ((size_t)r != len || memcmp(dst, t, len) != 0)) {
            norm = rl_arena_strdup(w->a, (rl_str){(const char *)dst, (size_t)r});
            nlen = (size_t)r;
            changed = true;
        }
        free(dst);
    }

    if (exact) {
        tok.off = exact_off;
        tok.text = (rl_str){norm, nlen};
    } else if (w->src) {
        size_t start = w->cursor, slen = w->src->len;
        size_t lim = start + SEARCH_WINDOW + nlen;
        if (lim > slen)
            lim = slen;
        const char *f = NULL;
        if (start < lim)
            f = find(w->src->text + start, lim - start, norm, nlen);
        if (f) {
            tok.off = (uint32_t)(f - w->src->text);
            w->cursor = tok.off + (uint32_t)nlen;
            tok.text = (rl_str){f, nlen};
        } else {
            tok.off = (uint32_t)(start < slen ? start : slen);
            tok.text = changed ? (rl_str){norm, nlen} : rl_arena_str(w->a, (rl_str){t, len});
        }
    } else {
        tok.off = w->cursor;
        tok.text = changed ? (rl_str){norm, nlen} : rl_arena_str(w->a, (rl_str){t, len});
    }
    append(w, &tok);
}

/* The common case, kept out of push(): an all-ASCII token of exact text. */
static inline void push_exact_ascii(rl_words *w, const char *t, size_t len, uint32_t off, uint8_t kind,
                                    uint8_t style, uint16_t link)
{
    rl_token tok;
    memset(&tok, 0, sizeof tok);
    tok.text = (rl_str){t, len};
    tok.off = off;
    tok.kind = kind;
    tok.style = style;
    tok.link = link;
    tok.space = w->n ? w->space : RL_SP_NONE;
    w->space = RL_SP_NONE;
    append(w, &tok);
}

void rl_words_text(rl_words *w, const char *p, size_t n, bool exact, uint32_t hint, uint8_t style, uint16_t link)
{
    /* cmark's inline positions can be a few columns late (lazy continuation
     * lines of list items), so the search starts a little before the hint. */
    if (!exact && hint > w->cursor + HINT_SLACK)
        w->cursor = hint - HINT_SLACK;
    const unsigned char *u = (const unsigned char *)p;
    size_t i = 0;
    while (i < n) {
        /* Guide: the fast path, for a cluster that is one ASCII character
         * (the next byte is ASCII too).  It must give what the general
         * path below gives; anything it is not sure of goes there. */
        uint8_t k0 = ascii_class[u[i]];
        if (k0 != H && (i + 1 >= n || ascii_class[u[i + 1]] != H)) {
            if (k0 == S) {
                rl_words_space(w, RL_SP_SPACE);
                i++;
                continue;
            }
            size_t j = i + 1;
            if (k0 == W) {
                for (;;) {
                    while (j < n && ascii_class[u[j]] == W)
                        j++;
                    if (j >= n)
                        break;
                    uint8_t k1 = ascii_class[u[j]];
                    if (k1 == H || ((k1 & J) && j + 1 < n && ascii_class[u[j + 1]] == H))
                        goto general; /* a mark may join the last letter, or the joiner's next cluster is not ASCII */
                    if (!(k1 & J) || j + 1 >= n || ascii_class[u[j + 1]] != W)
                        break;
                    if (j + 2 < n && ascii_class[u[j + 2]] == H)
                        goto general;
                    if (u[j] == ',' && !(ascii_class[u[j - 1]] == W && u[j - 1] <= '9' &&
                                         u[j + 1] >= '0' && u[j + 1] <= '9'))
                        break;
                    j += 2;
                }
            }
            uint8_t kind = k0 == W ? RL_TOK_WORD : RL_TOK_PUNCT;
            if (exact)
                push_exact_ascii(w, p + i, j - i, hint + (uint32_t)i, kind, style, link);
            else
                push(w, p + i, j - i, false, false, hint + (uint32_t)i, kind, style, link);
            i = j;
            continue;
        }
    general:;
        int32_t cp;
        int cls;
        bool hi = false;
        size_t j = step(p, n, i, &cp, &cls, &hi);
        if (cls == C_SPACE) {
            rl_words_space(w, RL_SP_SPACE);
            i = j;
            continue;
        }
        if (cls == C_IGNORE) {
            i = j;
            continue;
        }
        if (cls == C_WORD) {
            int32_t last = cp;
            while (j < n) {
                /* Guide: plain ASCII letters and digits, the bulk of any
                 * text, four instructions a byte.  The last one before a
                 * multi-byte sequence goes through step(): a combining
                 * mark may belong to it. */
                size_t j0 = j;
                while (j < n && ascii_class[(unsigned char)p[j]] == W)
                    j++;
                if (j < n && j > j0 && ascii_class[(unsigned char)p[j]] == H)
                    j--;
                if (j > j0)
                    last = (unsigned char)p[j - 1];
                if (j >= n)
                    break;
                int32_t c2;
                int k2;
                size_t k = step(p, n, j, &c2, &k2, &hi);
                if (k2 == C_WORD) {
                    last = c2;
                    j = k;
                    continue;
                }
                if (k < n && is_joiner(c2)) {
                    int32_t c3;
                    int k3;
                    size_t m = step(p, n, k, &c3, &k3, &hi);
                    if (k3 == C_WORD && (c2 != ',' || (is_digit(last) && is_digit(c3)))) {
                        last = c3;
                        j = m;
                        continue;
                    }
                }
                break;
            }
        }
        uint8_t kind = cls == C_WORD ? RL_TOK_WORD : RL_TOK_PUNCT;
        if (exact && !hi)
            push_exact_ascii(w, p + i, j - i, hint + (uint32_t)i, kind, style, link);
        else
            push(w, p + i, j - i, hi, exact, hint + (uint32_t)i, kind, style, link);
        i = j;
    }
}

rl_token *rl_words_take(rl_words *w, size_t *count)
{
    size_t n = w->n;
    *count = n;
    rl_token *out = NULL;
    if (n) {
        out = w->pool;
        w->pool += n;
        w->cap -= n;
    }
    w->n = 0;
    w->space = RL_SP_NONE;
    return out;
}

size_t rl_words_split(rl_arena *a, rl_str text, rl_token **out)
{
    rl_words w;
    rl_words_init(&w, a, NULL);
    rl_words_begin(&w, 0);
    rl_words_text(&w, text.p, text.n, true, 0, 0, 0);
    size_t n;
    *out = rl_words_take(&w, &n);
    rl_words_free(&w);
    return n;
}
