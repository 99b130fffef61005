/* buf.c - growable byte buffer and atomic save. */
#include "buf.h"
#include "diag.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void rl_buf_free(rl_buf *b)
{
    free(b->p);
    *b = RL_BUF_INIT;
}

void rl_buf_clear(rl_buf *b)
{
    b->n = 0;
    if (b->cap)
        b->p[0] = 0;
}

void rl_buf_reserve(rl_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->n - 1)
        RL_BUG("buffer overflow");
    size_t need = b->n + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap < SIZE_MAX / 2 ? cap * 2 : need;
    b->p = rl_xrealloc(b->p, cap);
    b->cap = cap;
}

void rl_buf_put(rl_buf *b, const void *p, size_t n)
{
    rl_buf_reserve(b, n);
    if (n)
        memcpy(b->p + b->n, p, n);
    b->n += n;
    b->p[b->n] = 0;
}

void rl_buf_puts(rl_buf *b, const char *z) { rl_buf_put(b, z, strlen(z)); }
void rl_buf_putstr(rl_buf *b, rl_str s) { rl_buf_put(b, s.p, s.n); }
void rl_buf_putc(rl_buf *b, char c) { rl_buf_put(b, &c, 1); }

void rl_buf_vprintf(rl_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        RL_BUG("bad format");
    rl_buf_reserve(b, (size_t)n);
    vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
    b->n += (size_t)n;
}

void rl_buf_printf(rl_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rl_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

int rl_buf_save(const rl_buf *b, const char *path, rl_diag *d)
{
    size_t len = strlen(path);
    char *tmp = rl_xmalloc(len + 16);
    memcpy(tmp, path, len);
    memcpy(tmp + len, ".tmpXXXXXX", 11);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        rl_diag_file_error(d, path, "cannot write '%s': %s", path, strerror(errno));
        free(tmp);
        return -1;
    }
    const char *p = b->p;
    size_t left = b->n;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            goto fail;
        }
        p += w;
        left -= (size_t)w;
    }
    /* mkstemp makes 0600 files; outputs are meant to be shared. */
    if (fchmod(fd, 0644) != 0)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0)
        goto fail;
    free(tmp);
    return 0;
fail:;
    int err = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    rl_diag_file_error(d, path, "cannot write '%s': %s", path, strerror(err));
    free(tmp);
    return -1;
}
