/* label.c - printed-label detection over a block's first tokens.
 *
 * Works on tokens, not on raw text, so that Markdown escapes and entities
 * have already been resolved and the offsets of the label come for free.
 * Each form of label.h is a small pattern over the first two to four
 * tokens, tried in a fixed order; the first that matches wins.  The item
 * mark must be short (1-3 digits or letters, or a roman numeral) so that
 * parenthesised words such as "(Signed)" or "(UN)" stay text.  Rejected:
 * regular expressions over the paragraph text (POSIX regex cannot express
 * "a valid roman numeral", and token boundaries would be recomputed).
 */
#include "label.h"
#include "arena.h"
#include "buf.h"
#include "words.h"

#include <string.h>

static bool is_digits(rl_str s, size_t min, size_t max)
{
    if (s.n < min || s.n > max)
        return false;
    for (size_t i = 0; i < s.n; i++)
        if (s.p[i] < '0' || s.p[i] > '9')
            return false;
    return true;
}

static int roman_digit(char c)
{
    switch (c | 0x20) {
    case 'i':
        return 1;
    case 'v':
        return 5;
    case 'x':
        return 10;
    default:
        return 0;
    }
}

/* A roman numeral of i, v, x in canonical form (1..39), one case only. */
static bool is_roman(rl_str s, bool upper_only)
{
    if (s.n < 1 || s.n > 6)
        return false;
    bool upper = s.p[0] >= 'A' && s.p[0] <= 'Z';
    if (upper_only && !upper)
        return false;
    int v = 0;
    for (size_t i = 0; i < s.n; i++) {
        int d = roman_digit(s.p[i]);
        if (!d || ((s.p[i] >= 'A' && s.p[i] <= 'Z') != upper))
            return false;
        int next = i + 1 < s.n ? roman_digit(s.p[i + 1]) : 0;
        v += d < next ? -d : d;
    }
    if (v < 1 || v > 39)
        return false;
    /* Re-encode and compare: rejects "iiii", "vv", "ixi" and the like. */
    static const char *const ones[] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
    char canon[16];
    size_t k = 0;
    for (int t = 0; t < v / 10; t++)
        canon[k++] = 'x';
    for (const char *o = ones[v % 10]; *o; o++)
        canon[k++] = *o;
    if (k != s.n)
        return false;
    for (size_t i = 0; i < k; i++)
        if ((s.p[i] | 0x20) != canon[i])
            return false;
    return true;
}

static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The item mark M of label.h. */
static bool is_mark(rl_str s)
{
    if (is_digits(s, 1, 3))
        return true;
    if (s.n == 1 && is_letter(s.p[0]))
        return true;
    if (s.n >= 2 && s.n <= 3 && is_letter(s.p[0])) {
        bool same = true;
        for (size_t i = 1; i < s.n; i++)
            same = same && s.p[i] == s.p[0];
        if (same)
            return true;
    }
    return is_roman(s, false);
}

/* "1.2.3" (dots >= min_dots), digits only between the dots. */
static bool is_multilevel(rl_str s, int min_dots)
{
    int dots = 0;
    size_t run = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (s.p[i] == '.') {
            if (run == 0)
                return false;
            dots++;
            run = 0;
        } else if (s.p[i] >= '0' && s.p[i] <= '9') {
            if (++run > 3)
                return false;
        } else {
            return false;
        }
    }
    return run > 0 && dots >= min_dots;
}

static bool tok_is(const rl_token *t, const char *z)
{
    return rl_str_eqz(t->text, z);
}

static bool is_keyword(const rl_token *t, size_t n, size_t *used)
{
    static const char *const words[] = {"Article", "Section", "Chapter", "Part", "Rule", NULL};
    for (const char *const *w = words; *w; w++)
        if (tok_is(&t[0], *w)) {
            *used = 1;
            return true;
        }
    if ((tok_is(&t[0], "Art") || tok_is(&t[0], "Sect")) && n > 1 && tok_is(&t[1], ".") &&
        t[1].space == RL_SP_NONE) {
        *used = 2;
        return true;
    }
    if (tok_is(&t[0], "§")) {
        *used = 1;
        return true;
    }
    return false;
}

/* K of the keyword forms: N, N plus letters ("5bis"), N.N, roman. */
static bool is_article_number(rl_str s)
{
    size_t i = 0;
    while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9')
        i++;
    if (i >= 1 && i <= 3) {
        if (i == s.n)
            return true;
        size_t j = i;
        while (j < s.n && s.p[j] >= 'a' && s.p[j] <= 'z')
            j++;
        if (j == s.n && j - i <= 6)
            return true;
    }
    return is_multilevel(s, 1) || is_roman(s, true);
}

static bool ends_here(const rl_token *t, size_t n, size_t k)
{
    return k == n || t[k].space != RL_SP_NONE;
}

static size_t match(const rl_token *t, size_t n, bool heading)
{
    if (n == 0)
        return 0;
    /* (M) */
    if (n >= 3 && tok_is(&t[0], "(") && t[1].kind == RL_TOK_WORD && t[1].space == RL_SP_NONE &&
        is_mark(t[1].text) && tok_is(&t[2], ")") && t[2].space == RL_SP_NONE && ends_here(t, n, 3))
        return 3;
    /* [N] */
    if (n >= 3 && tok_is(&t[0], "[") && t[1].space == RL_SP_NONE && is_digits(t[1].text, 1, 3) &&
        tok_is(&t[2], "]") && t[2].space == RL_SP_NONE && ends_here(t, n, 3))
        return 3;
    if (t[0].kind == RL_TOK_WORD) {
        /* M) */
        if (n >= 2 && is_mark(t[0].text) && tok_is(&t[1], ")") && t[1].space == RL_SP_NONE && ends_here(t, n, 2))
            return 2;
        /* N. */
        if (n >= 2 && is_digits(t[0].text, 1, 3) && tok_is(&t[1], ".") && t[1].space == RL_SP_NONE &&
            ends_here(t, n, 2))
            return 2;
        /* N.N.N, N.N. ; N.N in headings */
        if (is_multilevel(t[0].text, 1)) {
            if (n >= 2 && tok_is(&t[1], ".") && t[1].space == RL_SP_NONE && ends_here(t, n, 2))
                return 2;
            if ((heading || is_multilevel(t[0].text, 2)) && ends_here(t, n, 1))
                return 1;
        }
    }
    /* Keyword forms. */
    size_t used;
    if (is_keyword(t, n, &used) && n > used && is_article_number(t[used].text)) {
        size_t k = used + 1;
        if (k < n && t[k].space == RL_SP_NONE && t[k].kind == RL_TOK_PUNCT &&
            (tok_is(&t[k], ".") || tok_is(&t[k], ":") || tok_is(&t[k], "–") || tok_is(&t[k], "—")) &&
            ends_here(t, n, k + 1))
            return k + 1;
        if (k == n || (heading && t[k].space != RL_SP_NONE))
            return k;
    }
    return 0;
}

size_t rl_label_detect(rl_arena *a, const rl_token *toks, size_t n, bool heading, rl_str *label)
{
    size_t k = match(toks, n, heading);
    if (!k)
        return 0;
    size_t len = 0;
    for (size_t i = 0; i < k; i++)
        len += toks[i].text.n + (i && toks[i].space ? 1 : 0);
    char *p = rl_arena_alloc(a, len + 1);
    size_t o = 0;
    for (size_t i = 0; i < k; i++) {
        if (i && toks[i].space)
            p[o++] = ' ';
        memcpy(p + o, toks[i].text.p, toks[i].text.n);
        o += toks[i].text.n;
    }
    p[o] = 0;
    *label = (rl_str){p, o};
    return k;
}

bool rl_label_check(rl_str s)
{
    rl_arena *a = rl_arena_new();
    rl_token *t;
    size_t n = rl_words_split(a, s, &t);
    bool ok = n > 0 && match(t, n, true) == n;
    rl_arena_free(a);
    return ok;
}
