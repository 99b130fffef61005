/* json.c - JSON strings and names shared by the JSON outputs (json.h).
 *
 * Escaping follows RFC 8259 section 7 with the short forms for \n \r \t
 * and \u00XX for the other control characters; DEL is escaped too, which
 * JSON allows and which keeps terminals and diffs of golden files clean.
 * Non-ASCII is written as UTF-8, not \uXXXX: the output is UTF-8 anyway and
 * stays readable.  A JSON library was not worth a dependency for writing
 * only.
 */
#include "json.h"

#include "buf.h"

void rl_json_chars(rl_buf *out, rl_str s)
{
    if (s.n == 0)
        return;   /* s.p may be NULL: no arithmetic on it */
    size_t start = 0;
    for (size_t i = 0; i < s.n; i++) {
        unsigned char c = (unsigned char)s.p[i];
        const char *rep;
        switch (c) {
        case '"': rep = "\\\""; break;
        case '\\': rep = "\\\\"; break;
        case '\n': rep = "\\n"; break;
        case '\r': rep = "\\r"; break;
        case '\t': rep = "\\t"; break;
        default:
            if (c >= 0x20 && c != 0x7f)
                continue;
            rep = NULL;
        }
        rl_buf_put(out, s.p + start, i - start);
        if (rep)
            rl_buf_puts(out, rep);
        else
            rl_buf_printf(out, "\\u%04x", c);
        start = i + 1;
    }
    rl_buf_put(out, s.p + start, s.n - start);
}

void rl_json_str(rl_buf *out, rl_str s)
{
    rl_buf_putc(out, '"');
    rl_json_chars(out, s);
    rl_buf_putc(out, '"');
}

const char *rl_json_block_kind(rl_block_kind k)
{
    switch (k) {
    case RL_BLK_PARA: return "paragraph";
    case RL_BLK_HEADING: return "heading";
    case RL_BLK_ITEM: return "item";
    case RL_BLK_QUOTE: return "quote";
    case RL_BLK_CODE: return "code";
    case RL_BLK_RULE: return "rule";
    }
    return "paragraph";
}
