/* url.c - the link policy shared by every output (see url.h).
 *
 * An allow-list of schemes rather than a deny-list: the dangerous schemes
 * are an open set (javascript:, vbscript:, data:, file:, and whatever a
 * viewer registers), the useful ones for a published text are three.  The
 * scheme is compared ASCII case-insensitively (RFC 3986 section 3.1) by
 * hand, not with strncasecmp, whose result depends on the locale.
 * Percent-encoding is not undone: "java%73cript:" has no allowed scheme and
 * is refused as it stands.
 */
#include "url.h"

#include <string.h>

static bool has_scheme(rl_str url, const char *scheme)
{
    size_t n = strlen(scheme);
    if (url.n <= n)   /* the scheme alone links nowhere */
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = url.p[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != scheme[i])
            return false;
    }
    return true;
}

bool rl_url_ok(rl_str url, unsigned flags)
{
    if (!url.p || url.n == 0)
        return false;
    for (size_t i = 0; i < url.n; i++) {
        unsigned char c = (unsigned char)url.p[i];
        if (c <= 0x20 || c == 0x7F)
            return false;
    }
    if (url.p[0] == '#')
        return (flags & RL_URL_FRAGMENT) != 0;
    return has_scheme(url, "http://") || has_scheme(url, "https://") || has_scheme(url, "mailto:");
}
