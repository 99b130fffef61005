/* buf.h - growable output byte buffer (cmark_strbuf, sds).
 *
 * Emitters write into an rl_buf; the build writes it to disk in one go
 * with rl_buf_save(), through a temporary file and a rename, so a failed
 * build never leaves a truncated output behind.  The buffer is malloc'd
 * (outputs can outlive the build arena): free it with rl_buf_free().
 */
#ifndef RL_BUF_H
#define RL_BUF_H

#include "rl.h"
#include <stdarg.h>
#include <string.h>

struct rl_buf {
    char *p;     /* always NUL-terminated when cap > 0 */
    size_t n;
    size_t cap;
};

#define RL_BUF_INIT ((rl_buf){NULL, 0, 0})

void rl_buf_free(rl_buf *b);
void rl_buf_clear(rl_buf *b);
void rl_buf_reserve(rl_buf *b, size_t extra);
void rl_buf_put(rl_buf *b, const void *p, size_t n);
void rl_buf_puts(rl_buf *b, const char *z);
void rl_buf_putstr(rl_buf *b, rl_str s);
void rl_buf_putc(rl_buf *b, char c);
void rl_buf_printf(rl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rl_buf_vprintf(rl_buf *b, const char *fmt, va_list ap);
/* rl_buf_put and rl_buf_putc, inline when the buffer has room (emitters'
 * inner loops); the same result. */
static inline void rl_buf_put_fast(rl_buf *b, const void *p, size_t n)
{
    if (n < b->cap - b->n) {
        char *d = b->p + b->n;
        const char *s = (const char *)p;
        /* short texts (words) with fixed-size, overlapping moves */
        if (n >= 8 && n <= 16) {
            uint64_t x, y;
            memcpy(&x, s, 8);
            memcpy(&y, s + n - 8, 8);
            memcpy(d, &x, 8);
            memcpy(d + n - 8, &y, 8);
        } else if (n >= 4 && n < 8) {
            uint32_t x, y;
            memcpy(&x, s, 4);
            memcpy(&y, s + n - 4, 4);
            memcpy(d, &x, 4);
            memcpy(d + n - 4, &y, 4);
        } else if (n && n < 4) {
            char x = s[0], y = s[n / 2], z = s[n - 1];
            d[0] = x;
            d[n / 2] = y;
            d[n - 1] = z;
        } else if (n) {
            memcpy(d, s, n);
        }
        b->n += n;
        b->p[b->n] = 0;
    } else {
        rl_buf_put(b, p, n);
    }
}
static inline void rl_buf_putc_fast(rl_buf *b, char c)
{
    if (b->n + 1 < b->cap) {
        b->p[b->n++] = c;
        b->p[b->n] = 0;
    } else {
        rl_buf_putc(b, c);
    }
}
static inline rl_str rl_buf_str(const rl_buf *b) { return (rl_str){b->p, b->n}; }

/* Write the buffer to path atomically: into "path.tmpXXXXXX" beside it,
 * fsync-free, then rename.  Creates no folders.  On failure reports
 * "cannot write 'path': reason" to d (which may be NULL: then stderr),
 * removes the temporary file and returns -1. */
int rl_buf_save(const rl_buf *b, const char *path, rl_diag *d);

#endif
