/* source.c - file loading, UTF-8 validation and the lazy line map.
 *
 * Files are read whole: redline's inputs are documents, not streams, and
 * every later stage keeps slices into this buffer instead of copies.
 * Validation happens here, once, so that no later stage ever sees invalid
 * UTF-8 and none has to guard against splitting a sequence.
 */
#include "source.h"
#include "arena.h"
#include "diag.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

long rl_utf8_check(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if ((unsigned char)p[i] < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        int len = rl_utf8_decode(p + i, n - i, &cp);
        if (cp == 0xFFFD && len == 1)
            return (long)i;
        i += (size_t)len;
    }
    return -1;
}

rl_source *rl_source_from_mem(rl_arena *a, const char *path, const char *text, size_t len)
{
    rl_source *s = rl_arena_alloc(a, sizeof *s);
    s->arena = a;
    s->path = rl_arena_strz(a, path ? path : "<memory>");
    s->text = rl_arena_strdup(a, (rl_str){text, len});
    s->len = len;
    return s;
}

rl_source *rl_source_load(rl_arena *a, rl_diag *d, const char *path, const rl_span *named_at)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    const char *why = NULL;
    if (!f) {
        why = strerror(errno);
    } else if (fstat(fileno(f), &st) != 0) {
        why = strerror(errno);
    } else if (S_ISDIR(st.st_mode)) {
        why = "is a directory";
    }
    if (why) {
        if (f)
            fclose(f);
        if (named_at && named_at->src)
            rl_diag_error(d, *named_at, "cannot open '%s': %s", path, why);
        else
            rl_diag_file_error(d, path, "cannot open '%s': %s", path, why);
        return NULL;
    }
    size_t cap = 64 * 1024, len = 0;
    char *data = rl_xmalloc(cap);
    for (;;) {
        if (len == cap) {
            cap *= 2;
            data = rl_xrealloc(data, cap);
        }
        size_t r = fread(data + len, 1, cap - len, f);
        len += r;
        if (r == 0)
            break;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(data);
        rl_diag_file_error(d, path, "cannot read '%s'", path);
        return NULL;
    }
    /* Spans hold 32-bit offsets: check the size before making any. */
    if (len > UINT32_MAX - 1) {
        free(data);
        rl_diag_file_error(d, path, "'%s' is too large (over 4 GiB)", path);
        return NULL;
    }
    rl_source *s = rl_source_from_mem(a, path, data, len);
    free(data);
    const char *nul = memchr(s->text, 0, s->len);
    if (nul) {
        rl_diag_error(d, (rl_span){s, (uint32_t)(nul - s->text), (uint32_t)(nul - s->text)},
                      "'%s' looks like a binary file (it contains a NUL byte); give a UTF-8 text file", path);
        return NULL;
    }
    long bad = rl_utf8_check(s->text, s->len);
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
