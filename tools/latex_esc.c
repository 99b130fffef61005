/* latex_esc.c - escaping user text for LaTeX (see latex_esc.h).
 *
 * One pass over the UTF-8 text, one code point at a time (cmark's latex.c
 * outc() is the model): ASCII specials become fixed commands, printable
 * ASCII passes, and a non-ASCII code point passes only if it is in
 * `supported`, a table of ranges computed once from the intersection of
 * what LaTeX's t1enc.dfu and ts1enc.dfu declare (what pdflatex with
 * inputenc, T1 and TS1 can typeset) and the cmap of Liberation Serif (what
 * lualatex with fontspec can), minus white space and invisible characters,
 * plus U+2026 (utf8enc.dfu's \textellipsis, which pdflatex sets as three
 * periods).
 * Everything else, and every control character, becomes "[U+XXXX]": a
 * visible, greppable substitute instead of a missing glyph or a TeX error.
 * Rejected: letting inputenc fail on unknown characters (an error in the
 * user's build, not a warning), and \char or ^^ notation (both are exactly
 * the TeX mechanisms this module must never emit from user text).
 * Inside soul's \ul and \st (pdflatex) the argument may contain only
 * characters and registered argument-free macros, which is why the default
 * mode writes redline.sty's \rlbs{} \rltilde{} ... rather than
 * \textbackslash{}: redline.sty registers those with soul.
 */
#include "latex_esc.h"
#include "buf.h"
#include "source.h"
#include "url.h"

#include <string.h>

/* [lo, hi] ranges of non-ASCII code points written as themselves. */
static const int32_t supported[][2] = {
    {0x00A1, 0x00AC}, {0x00AE, 0x00B7}, {0x00B9, 0x0125}, {0x0128, 0x0137}, {0x0139, 0x013E},
    {0x0141, 0x0148}, {0x014A, 0x0165}, {0x0168, 0x017E}, {0x0192, 0x0192}, {0x01C4, 0x01D4},
    {0x01E2, 0x01E3}, {0x01E6, 0x01EB}, {0x01F0, 0x01F0}, {0x01F4, 0x01F5}, {0x0218, 0x021B},
    {0x0232, 0x0233}, {0x0237, 0x0237}, {0x02C7, 0x02C7}, {0x02D8, 0x02D9}, {0x02DB, 0x02DB},
    {0x02DD, 0x02DD}, {0x1E02, 0x1E03}, {0x1E0D, 0x1E0D}, {0x1E1E, 0x1E21}, {0x1E25, 0x1E25},
    {0x1E30, 0x1E31}, {0x1E37, 0x1E37}, {0x1E43, 0x1E43}, {0x1E45, 0x1E45}, {0x1E47, 0x1E47},
    {0x1E5B, 0x1E5B}, {0x1E63, 0x1E63}, {0x1E6D, 0x1E6D}, {0x1E8E, 0x1E91}, {0x1E9E, 0x1E9E},
    {0x1EF2, 0x1EF3}, {0x2010, 0x2010}, {0x2012, 0x2016}, {0x2018, 0x201A}, {0x201C, 0x201E},
    {0x2020, 0x2022}, {0x2026, 0x2026}, {0x2030, 0x2030}, {0x2039, 0x203A}, {0x2044, 0x2044}, {0x20A1, 0x20A1},
    {0x20A4, 0x20A4}, {0x20A6, 0x20A6}, {0x20A9, 0x20A9}, {0x20AB, 0x20AC}, {0x20B1, 0x20B1},
    {0x2116, 0x2117}, {0x2122, 0x2122}, {0x2126, 0x2126}, {0x212E, 0x212E}, {0x2190, 0x2193},
    {0x25E6, 0x25E6}, {0x266A, 0x266A}, {0xFB01, 0xFB02},
};

bool rl_latex_supported(int32_t cp)
{
    if (cp >= 0x20 && cp < 0x7F)
        return true;
    size_t lo = 0, hi = sizeof supported / sizeof supported[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < supported[mid][0])
            hi = mid;
        else if (cp > supported[mid][1])
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

/* The replacement for one ASCII special, or NULL if c is written as is. */
static const char *ascii_escape(char c, bool plain)
{
    switch (c) {
    case '\\': return plain ? "\\textbackslash{}" : "\\rlbs{}";
    case '~': return plain ? "\\textasciitilde{}" : "\\rltilde{}";
    case '^': return plain ? "\\textasciicircum{}" : "\\rlcaret{}";
    case '\'': return plain ? "\\textquotesingle{}" : "\\rlsq{}";
    case '`': return plain ? "\\textasciigrave{}" : "\\rlbq{}";
    case '"': return plain ? "\\textquotedbl{}" : "\\rldq{}";
    case '{': return "\\{";
    case '}': return "\\}";
    case '$': return "\\$";
    case '&': return "\\&";
    case '#': return "\\#";
    case '_': return "\\_";
    case '%': return "\\%";
    default: return NULL;
    }
}

void rl_latex_text(rl_buf *out, rl_str s, unsigned flags, rl_latex_state *st, rl_latex_bad *bad)
{
    bool plain = (flags & RL_LTX_PLAIN) != 0;
    char prev = st ? st->prev : 0;
    size_t i = 0;
    while (i < s.n) {
        unsigned char c = (unsigned char)s.p[i];
        if (c >= 0x20 && c < 0x7F) {
            const char *e = ascii_escape((char)c, plain);
            if (e) {
                rl_buf_puts(out, e);
                prev = 0;
            } else {
                /* T1 ligatures that would change the text: -- ,, << >> */
                if (prev == (char)c && strchr("-,<>", c))
                    rl_buf_puts(out, "{}");
                rl_buf_putc(out, (char)c);
                prev = (char)c;
            }
            i++;
            continue;
        }
        int32_t cp;
        int len = rl_utf8_decode(s.p + i, s.n - i, &cp);
        if (cp == 0xAD) {
            rl_buf_puts(out, "\\-");
        } else if (c >= 0x80 && rl_latex_supported(cp)) {
            rl_buf_put(out, s.p + i, (size_t)len);
        } else {
            rl_buf_printf(out, "[U+%04X]", (unsigned)cp);
            if (bad) {
                if (bad->count == 0)
                    bad->first = cp;
                bad->count++;
            }
        }
        prev = 0;
        i += (size_t)len;
    }
    if (st)
        st->prev = prev;
}

bool rl_latex_url_ok(rl_str url)
{
    /* No #fragment: the LaTeX output has no anchors named after the
     * source's. */
    return rl_url_ok(url, 0);
}

void rl_latex_url(rl_buf *out, rl_str url)
{
    /* RFC 3986 unreserved, reserved and '%', minus what TeX treats
     * specially and is not handled below. */
    static const char keep[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                               "-.:/?[]@!'()*+,;=";
    for (size_t i = 0; i < url.n; i++) {
        unsigned char c = (unsigned char)url.p[i];
        if (c == '#' || c == '%' || c == '&') {
            rl_buf_putc(out, '\\');
            rl_buf_putc(out, (char)c);
        } else if (c != 0 && strchr(keep, c)) {
            rl_buf_putc(out, (char)c);
        } else {
            /* "\%" (hyperref turns it into %): a bare % would start a
             * TeX comment and swallow the rest of the line. */
            rl_buf_printf(out, "\\%%%02X", c);
        }
    }
}
