/* words.c - the tokenizer (see words.h for what a word is).
 *
 * One left-to-right pass over the text, one extended grapheme cluster at a
 * time, so marks, ZWJ emoji sequences and flags stay with their base.  The
 * cluster boundary comes from utf8proc's stateful grapheme-break rules, but
 * only when a non-ASCII byte is involved: between two ASCII characters
 * (other than CR LF) there is always a boundary.  So plain ASCII runs take
 * a fast path driven by a 256-entry byte class table (a few instructions a
 * byte, no utf8proc call), and only a byte >= 0x80 sends the scan through
 * the grapheme rules.  Text that stands verbatim in the source (most of
 * it) goes through that fast path in one tight loop (fast_exact), which
 * cuts 64 bytes of plain ASCII at a time from bit masks of the byte
 * classes (SSE2 where there is SSE2; RL_NO_SIMD builds the plain C that
 * other processors run, which `make test` holds equal), with words and the joiners between
 * them as runs of bits.  Likewise utf8proc's NFC is called only for tokens
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
 * keeps it linear even when a token came from an entity and is not found.
 * The builder also notes whether the block is verbatim (rl_block.verbatim)
 * as the tokens go by, from their offsets.  Rejected: a regex or ICU word
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

/* End of the run of ASCII letters and digits (class W) at u[j..n).  On
 * little-endian machines eight bytes are classified at once (a word ends
 * at an unpredictable length, so a byte loop pays a mispredicted branch
 * per word besides its per-byte chain): for 7-bit bytes t, adding 0x80 - a
 * sets the high bit exactly when t >= a, without carries between bytes. */
static inline size_t word_end(const unsigned char *u, size_t j, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    while (j + 8 <= n) {
        uint64_t x;
        memcpy(&x, u + j, 8);
        uint64_t t = x & ~high, l = t | 0x20 * ones; /* l: letters folded to a-z */
        uint64_t letter = (l + (0x80 - 'a') * ones) & ~(l + (0x7F - 'z') * ones);
        uint64_t digit = (t + (0x80 - '0') * ones) & ~(t + (0x7F - '9') * ones);
        uint64_t stop = ~((letter | digit) & ~x) & high;
        if (stop)
            return j + ((size_t)__builtin_ctzll(stop) >> 3);
        j += 8;
    }
#endif
    while (j < n && ascii_class[u[j]] == W)
        j++;
    return j;
}

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
    w->verbatim = w->src != NULL;
}

/* Whether a token of the source at off, after separator sp, keeps the
 * block verbatim (see rl_block.verbatim): it follows the last token at
 * once, or after exactly the space or line feed its separator prints. */
static inline bool follows(const char *src, size_t count, uint32_t vend, uint32_t off, unsigned sp)
{
    if (!count)
        return true;
    if (sp == RL_SP_NONE)
        return off == vend;
    return off == vend + 1 && src[vend] == (sp == RL_SP_BREAK ? '\n' : ' ');
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
 * the last pool (at first one token per 16 bytes of the source, at least
 * 64 and at most POOL_MAX, so that short texts stay small and long ones
 * start on whole huge pages: growing there from 64 tokens cost a page
 * fault per 4 KiB of the first megabytes), and at least twice the block.
 * The old pool's tail is left unused. */
static void repool(rl_words *w)
{
    size_t first = w->src ? w->src->len / 16 : 0;
    size_t cap = w->last ? 2 * w->last : first > 64 ? first : 64;
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
    if (w->verbatim)
        w->verbatim = tok.off <= w->src->len && tok.text.p == w->src->text + tok.off &&
                      follows(w->src->text, w->n, w->vend, tok.off, tok.space);
    w->vend = tok.off + (uint32_t)tok.text.n;
    append(w, &tok);
}

/* The common case, kept out of push(): an all-ASCII token of exact text,
 * written straight into the pool (a token built on the stack with narrow
 * stores and then copied in stalled on store forwarding: that stall was
 * once the tokenizer's largest cost). */
static inline void push_exact_ascii(rl_words *w, const char *t, size_t len, uint32_t off, uint8_t kind,
                                    uint8_t style, uint16_t link)
{
    if (w->n == w->cap)
        repool(w);
    uint8_t sp = w->n ? w->space : RL_SP_NONE;
    if (w->verbatim)
        w->verbatim = follows(w->src->text, w->n, w->vend, off, sp);
    w->vend = off + (uint32_t)len;
    w->pool[w->n] =
        (rl_token){.text = {t, len}, .off = off, .kind = kind, .style = style, .space = sp, .link = link};
    w->space = RL_SP_NONE;
    w->n++;
}

/* End of the ASCII word that starts at the W byte u[i], under the fast
 * path's rules (see rl_words_text), or 0 if the general path must decide
 * (a byte >= 0x80 next to the word or to a joiner may belong to it). */
static inline __attribute__((always_inline)) size_t ascii_word(const unsigned char *u, size_t i, size_t n)
{
    size_t j = i + 1;
    for (;;) {
        j = word_end(u, j, n);
        if (j >= n)
            return j;
        uint8_t k1 = ascii_class[u[j]];
        if (k1 == H || ((k1 & J) && j + 1 < n && ascii_class[u[j + 1]] == H))
            return 0; /* a mark may join the last letter, or the joiner's next cluster is not ASCII */
        if (!(k1 & J) || j + 1 >= n || ascii_class[u[j + 1]] != W)
            return j;
        if (j + 2 < n && ascii_class[u[j + 2]] == H)
            return 0;
        if (u[j] == ',' &&
            !(ascii_class[u[j - 1]] == W && u[j - 1] <= '9' && u[j + 1] >= '0' && u[j + 1] <= '9'))
            return j;
        j += 2;
    }
}

/* The state of fast_exact, kept in locals: a token store could alias the
 * builder's fields (rl_token holds a size_t), which made the compiler
 * reload them for every token. */
typedef struct fast {
    rl_token *pool;
    size_t cnt, cap;
    uint8_t space;
    /* Verbatim: the first token of a call is checked against the last one
     * before it (follows); after it, tokens are verbatim if at most one
     * byte, a space, separates them. */
    bool verbatim, first;
    size_t gap, last; /* white space bytes since the last token; where it ended */
} fast;

static inline __attribute__((always_inline)) void fast_put(rl_words *w, fast *f, const char *p, size_t i,
                                                           size_t j, uint32_t hint, uint8_t kind,
                                                           uint8_t style, uint16_t link)
{
    if (f->cnt == f->cap) {
        w->n = f->cnt;
        repool(w);
        f->pool = w->pool;
        f->cap = w->cap;
    }
    uint8_t sp = f->cnt ? f->space : RL_SP_NONE;
    if (f->first) {
        f->verbatim = f->verbatim && follows(w->src->text, f->cnt, w->vend, hint + (uint32_t)i, sp);
        f->first = false;
    } else {
        f->verbatim &= f->gap <= 1;
    }
    f->gap = 0;
    f->last = j;
    f->pool[f->cnt++] = (rl_token){.text = {p + i, j - i},
                                   .off = hint + (uint32_t)i,
                                   .kind = kind,
                                   .style = style,
                                   .space = sp,
                                   .link = link};
    f->space = RL_SP_NONE;
}

#if defined(__SSE2__) && !defined(RL_NO_SIMD) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#include <emmintrin.h>
#define WINDOWS 1

/* Bit k of each mask describes byte k of a 64-byte window. */
typedef struct wmask {
    uint64_t hi, space, blank, word, digit, joiner, comma; /* blank: ' ' only */
} wmask;

static inline uint64_t bits(__m128i v, int k)
{
    return (uint64_t)(uint16_t)_mm_movemask_epi8(v) << (16 * k);
}

/* The classes of ascii_class, sixteen bytes to an instruction. */
static inline void classify(const unsigned char *u, wmask *m)
{
    memset(m, 0, sizeof *m);
    for (int k = 0; k < 4; k++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + 16 * k));
        __m128i low = _mm_or_si128(x, _mm_set1_epi8(0x20));
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
                                      _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
        __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(low, _mm_set1_epi8('a' - 1)),
                                       _mm_cmplt_epi8(low, _mm_set1_epi8('z' + 1)));
        __m128i comma = _mm_cmpeq_epi8(x, _mm_set1_epi8(','));
        /* ' , - . / : _ (',' to '/' is one range) */
        __m128i joiner = _mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(',' - 1)),
                                                    _mm_cmplt_epi8(x, _mm_set1_epi8('/' + 1))),
                                      _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\'')),
                                                   _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(':')),
                                                                _mm_cmpeq_epi8(x, _mm_set1_epi8('_')))));
        /* signed: bytes >= 0x80 are below 0x21 too; they are masked out below */
        __m128i space =
            _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x21)), _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F)));
        m->hi |= bits(x, k);
        m->space |= bits(space, k);
        m->blank |= bits(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')), k);
        m->word |= bits(_mm_or_si128(digit, letter), k);
        m->digit |= bits(digit, k);
        m->joiner |= bits(joiner, k);
        m->comma |= bits(comma, k);
    }
    m->space &= ~m->hi;
}

/* The tokens of the 64 bytes at p + i (which starts at a token boundary),
 * all at once from bit masks: a word is a run of word characters and the
 * joiners that stand between two of them (a comma between two digits), and
 * every other byte that is not white space is a token of its own, as the
 * single steps of fast_exact have it.  Only tokens that end by byte 62 are
 * taken: past it the next bytes, outside the window, could still change
 * them.  The window and the two bytes after it must be ASCII; else, or if
 * no token could be taken, *single is set to where single steps must take
 * over up to.  Returns how far the tokens taken reach (0 if none). */
static inline size_t window(rl_words *w, fast *f, const char *p, size_t i, uint32_t hint, uint8_t style,
                            uint16_t link, size_t *single)
{
    const unsigned char *u = (const unsigned char *)p + i;
    wmask m;
    classify(u, &m);
    if (m.hi || u[64] >= 0x80 || u[65] >= 0x80) {
        size_t h = m.hi ? (size_t)__builtin_ctzll(m.hi) : 62;
        *single = i + (h ? h : 1);
        return 0;
    }
    uint64_t wc = m.word, dg = m.digit;
    uint64_t joined = m.joiner & (wc << 1) & (wc >> 1) & ~(m.comma & ~((dg << 1) & (dg >> 1)));
    uint64_t word = wc | joined, punct_at = ~(word | m.space);
    uint64_t starts = (word & ~(word << 1)) | punct_at;
    uint64_t spaces = m.space, odd = m.space & ~m.blank; /* white space left; not a plain space */
    unsigned prev = 0;
    while (starts) {
        unsigned s = (unsigned)__builtin_ctzll(starts), e;
        bool punct = punct_at >> s & 1;
        if (punct) {
            e = s + 1;
        } else {
            uint64_t rest = ~(word >> s);
            if (!rest)
                break;
            e = s + (unsigned)__builtin_ctzll(rest);
        }
        if (e > 62)
            break;
        uint64_t gap = spaces & (((uint64_t)1 << s) - 1);
        if (gap) {
            if (f->space < RL_SP_SPACE)
                f->space = RL_SP_SPACE;
            f->gap += gap & (gap - 1) ? 2 : 1; /* one byte or more (only "at most one" matters) */
            f->verbatim &= !(gap & odd);
        }
        fast_put(w, f, p, i + s, i + e, hint, punct ? RL_TOK_PUNCT : RL_TOK_WORD, style, link);
        prev = e;
        starts &= ~(uint64_t)0 << e;
        spaces &= ~(uint64_t)0 << e;
    }
    if (!prev)
        *single = i + 1;
    return prev;
}
#endif

/* The fast path of rl_words_text for exact text, as one loop: from i, the
 * clusters that are one ASCII character, up to the first one it leaves to
 * the general path; returns where that is (or n).  Where the next 66 bytes
 * are all ASCII, a 64-byte window is cut into tokens at once (window);
 * elsewhere one token or white space byte is taken at a time. */
static size_t fast_exact(rl_words *w, const char *p, size_t i, size_t n, uint32_t hint, uint8_t style,
                         uint16_t link)
{
    const unsigned char *u = (const unsigned char *)p;
    fast f = {w->pool, w->n, w->cap, w->space, w->verbatim, true, 0, 0};
#ifdef WINDOWS
    size_t single = 0; /* single steps up to here */
#endif
    while (i < n) {
#ifdef WINDOWS
        if (i >= single && n - i >= 66) {
            size_t k = window(w, &f, p, i, hint, style, link, &single);
            if (k) {
                i += k;
                continue;
            }
        }
#endif
        uint8_t k0 = ascii_class[u[i]];
        size_t j = i + 1;
        if (k0 == W) {
            j = ascii_word(u, i, n);
            if (!j)
                break;
        } else if (k0 == H || (j < n && ascii_class[u[j]] == H)) {
            break; /* a cluster with a byte >= 0x80 */
        } else if (k0 == S) {
            if (f.space < RL_SP_SPACE)
                f.space = RL_SP_SPACE;
            f.verbatim &= u[i] == ' ';
            f.gap++;
            i = j;
            continue;
        }
        fast_put(w, &f, p, i, j, hint, k0 == W ? RL_TOK_WORD : RL_TOK_PUNCT, style, link);
        i = j;
    }
    w->n = f.cnt;
    w->space = f.space;
    w->verbatim = f.verbatim;
    if (!f.first)
        w->vend = hint + (uint32_t)f.last;
    return i;
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
         * path below gives; anything it is not sure of goes there.  For
         * exact text it is fast_exact, the same rules in a tighter loop. */
        if (exact) {
            i = fast_exact(w, p, i, n, hint, style, link);
            if (i >= n)
                break;
            goto general;
        }
        uint8_t k0 = ascii_class[u[i]];
        if (k0 != H && (i + 1 >= n || ascii_class[u[i + 1]] != H)) {
            if (k0 == S) {
                rl_words_space(w, RL_SP_SPACE);
                i++;
                continue;
            }
            size_t j = i + 1;
            if (k0 == W) {
                j = ascii_word(u, i, n);
                if (!j)
                    goto general;
            }
            uint8_t kind = k0 == W ? RL_TOK_WORD : RL_TOK_PUNCT;
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
                j = word_end(u, j, n);
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
