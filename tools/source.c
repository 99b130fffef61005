/* source.c - file loading, UTF-8 validation and the lazy line map.
 *
 * Files are read whole: redline's inputs are documents, not streams, and
 * every later stage keeps slices into this buffer instead of copies.  A
 * regular file is read straight into arena memory of the size fstat gives
 * (no staging buffer, no copy); a file that grows while it is read, or a
 * pipe, moves to a block twice as large.
 * Validation happens here, once, so that no later stage ever sees invalid
 * UTF-8 and none has to guard against splitting a sequence.  The NUL and
 * UTF-8 checks are one pass that takes eight bytes at a time while they are
 * plain ASCII (most of any text) and decodes only the other sequences.
 */
#include "source.h"
#include "arena.h"
#include "diag.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int rl_utf8_decode(const char *p, size_t n, int32_t *cp)
{
    const unsigned char *s = (const unsigned char *)p;
    if (n == 0) {
        *cp = 0xFFFD;
        return 1;
    }
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    int len;
    int32_t v, min;
    if ((c & 0xE0) == 0xC0) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if ((size_t)len > n) {
        *cp = 0xFFFD;
        return 1;
    }
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return len;
}

int rl_utf8_encode(int32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* ---- validation ------------------------------------------------------ */

#define ONES 0x0101010101010101u
#define HIGHS 0x8080808080808080u

/* Length of the valid multi-byte sequence at s[0..n) (s[0] >= 0x80), or 0
 * if it is invalid: the rules of rl_utf8_decode, without the decode. */
static inline size_t seq_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        /* E0: no overlong (second byte >= A0); ED: no surrogate (< A0) */
        unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return n >= 3 && s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        /* F0: no overlong (>= 90); F4: nothing above U+10FFFF (<= 8F) */
        unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return n >= 4 && s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80 ? 4 : 0;
    }
    return 0; /* a continuation byte, C0/C1 (always overlong) or F5..FF */
}

/* Offset of the first NUL byte or invalid UTF-8 sequence in p[i..n), or n.
 * Eight bytes at a time while they are all in 0x01..0x7F: (x - ONES) | x
 * has a high bit set exactly where a byte is 0 or >= 0x80. */
static size_t next_problem(const char *p, size_t n, size_t i)
{
    const unsigned char *s = (const unsigned char *)p;
    while (i < n) {
        while (i + 8 <= n) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            if (((x - ONES) | x) & HIGHS)
                break;
            i += 8;
        }
        /* Byte by byte up to the end of the word that stopped the loop,
         * then back to it. */
        size_t stop = i + 8 < n ? i + 8 : n;
        while (i < stop) {
            unsigned c = s[i];
            if (c - 1 < 0x7F) {
                i++;
                continue;
            }
            if (c == 0)
                return i;
            size_t len = seq_len(s + i, n - i);
            if (!len)
                return i;
            i += len;
        }
    }
    return n;
}

long rl_utf8_check(const char *p, size_t n)
{
    size_t i = 0;
    while ((i = next_problem(p, n, i)) < n && p[i] == 0)
        i++;
    return i < n ? (long)i : -1;
}

void rl_utf8_check_text(const char *p, size_t n, long *bad, long *nul)
{
    *bad = *nul = -1;
    size_t i = next_problem(p, n, 0);
    if (i == n)
        return;
    if (p[i] == 0) {
        *nul = (long)i;
        *bad = rl_utf8_check(p + i + 1, n - i - 1);
        if (*bad >= 0)
            *bad += (long)i + 1;
        return;
    }
    *bad = (long)i;
    const char *z = memchr(p + i, 0, n - i);
    if (z)
        *nul = (long)(z - p);
}

/* ---- loading --------------------------------------------------------- */

rl_source *rl_source_from_mem(rl_arena *a, const char *path, const char *text, size_t len)
{
    rl_source *s = rl_arena_alloc(a, sizeof *s);
    s->arena = a;
    s->path = rl_arena_strz(a, path ? path : "<memory>");
    s->text = rl_arena_strdup(a, (rl_str){text, len});
    s->len = len;
    return s;
}

/* Read all of fd into arena memory, NUL-terminated: one read into a block
 * of the size fstat gave (size_hint) for a regular file; a file that
 * grows meanwhile, or a pipe, moves to blocks twice as large (the old one
 * is left to the arena).  Returns NULL on a read error. */
static char *read_all(rl_arena *a, int fd, size_t size_hint, size_t *len)
{
    size_t cap = size_hint + 1, n = 0;
    if (cap < 4096)
        cap = 4096;
    char *buf = rl_arena_alloc_raw(a, cap);
    for (;;) {
        if (n + 1 == cap) {
            /* Full: look for more before growing (a regular file read
             * whole ends here with a 0-byte read). */
            char probe[4096];
            ssize_t r = read(fd, probe, sizeof probe);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0)
                return NULL;
            if (r == 0)
                break;
            size_t ncap = cap * 2 > n + 1 + (size_t)r ? cap * 2 : n + 1 + (size_t)r;
            char *nbuf = rl_arena_alloc_raw(a, ncap);
            memcpy(nbuf, buf, n);
            memcpy(nbuf + n, probe, (size_t)r);
            buf = nbuf;
            cap = ncap;
            n += (size_t)r;
            continue;
        }
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return NULL;
        if (r == 0)
            break;
        n += (size_t)r;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

rl_source *rl_source_load(rl_arena *a, rl_diag *d, const char *path, const rl_span *named_at)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    const char *why = NULL;
    if (fd < 0) {
        why = strerror(errno);
    } else if (fstat(fd, &st) != 0) {
        why = strerror(errno);
    } else if (S_ISDIR(st.st_mode)) {
        why = "is a directory";
    }
    if (why) {
        if (fd >= 0)
            close(fd);
        if (named_at && named_at->src)
            rl_diag_error(d, *named_at, "cannot open '%s': %s", path, why);
        else
            rl_diag_file_error(d, path, "cannot open '%s': %s", path, why);
        return NULL;
    }
    /* A size that cannot be right (or is too large to use) is no hint. */
    size_t hint =
        S_ISREG(st.st_mode) && st.st_size > 0 && (uint64_t)st.st_size < UINT32_MAX ? (size_t)st.st_size : 0;
    size_t len = 0;
    char *data = read_all(a, fd, hint, &len);
    close(fd);
    if (!data) {
        rl_diag_file_error(d, path, "cannot read '%s'", path);
        return NULL;
    }
    /* Spans hold 32-bit offsets: check the size before making any. */
    if (len > UINT32_MAX - 1) {
        rl_diag_file_error(d, path, "'%s' is too large (over 4 GiB)", path);
        return NULL;
    }
    rl_source *s = rl_arena_alloc(a, sizeof *s);
    s->arena = a;
    s->path = rl_arena_strz(a, path);
    s->text = data;
    s->len = len;
    long bad, nul;
    rl_utf8_check_text(s->text, s->len, &bad, &nul);
    if (nul >= 0) {
        rl_diag_error(d, (rl_span){s, (uint32_t)nul, (uint32_t)nul},
                      "'%s' looks like a binary file (it contains a NUL byte); give a UTF-8 text file", path);
        return NULL;
    }
    if (bad >= 0) {
        rl_diag_error(d, (rl_span){s, (uint32_t)bad, (uint32_t)bad + 1},
                      "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
                      (unsigned char)s->text[bad]);
        return NULL;
    }
    return s;
}

static void build_lines(rl_source *s)
{
    if (s->lines)
        return;
    size_t n = 1;
    for (size_t i = 0; i < s->len; i++)
        if (s->text[i] == '\n')
            n++;
    s->lines = rl_arena_array(s->arena, n, sizeof *s->lines);
    s->lines[0] = 0;
    size_t k = 1;
    for (size_t i = 0; i < s->len; i++)
        if (s->text[i] == '\n')
            s->lines[k++] = (uint32_t)(i + 1);
    s->nlines = n;
}

static size_t line_index(rl_source *s, size_t off)
{
    build_lines(s);
    size_t lo = 0, hi = s->nlines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (s->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

void rl_source_linecol(rl_source *s, size_t off, unsigned *line, unsigned *col)
{
    if (off > s->len)
        off = s->len;
    size_t li = line_index(s, off);
    unsigned c = 1;
    for (size_t i = s->lines[li]; i < off; i++)
        if (((unsigned char)s->text[i] & 0xC0) != 0x80)
            c++;
    *line = (unsigned)li + 1;
    *col = c;
}

size_t rl_source_offset(rl_source *s, unsigned line, unsigned col)
{
    build_lines(s);
    if (line < 1)
        line = 1;
    if (line > s->nlines)
        return s->len;
    size_t i = s->lines[line - 1];
    unsigned c = 1;
    while (i < s->len && s->text[i] != '\n' && c < col) {
        if (s->text[i] == '\r' && i + 1 < s->len && s->text[i + 1] == '\n')
            break; /* the line's end is before its CR LF */
        i++;
        while (i < s->len && ((unsigned char)s->text[i] & 0xC0) == 0x80)
            i++;
        c++;
    }
    return i;
}

rl_str rl_source_line(rl_source *s, unsigned line)
{
    build_lines(s);
    if (line < 1 || line > s->nlines)
        return RL_STR_NULL;
    size_t b = s->lines[line - 1];
    size_t e = b;
    while (e < s->len && s->text[e] != '\n')
        e++;
    if (e > b && s->text[e - 1] == '\r')
        e--;
    return (rl_str){s->text + b, e - b};
}
