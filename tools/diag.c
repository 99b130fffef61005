/* diag.c - the diagnostic sink.
 *
 * Messages are formatted when they are reported (the arguments may not
 * live long) but located (offset -> line:col) only when printed, because
 * the line map of a large source is built lazily.  Sorting at the end puts
 * the messages of one file in reading order however the stages found them.
 */
#include "diag.h"
#include "source.h"

#include <stdlib.h>
#include <string.h>

typedef struct item {
    rl_severity sev;
    rl_span at;
    char *path;   /* for file-level messages */
    char *msg;
    char *line;   /* formatted one-line form, built on demand */
    size_t seq;
    size_t rank;  /* seq of the first message about the same file */
} item;

struct rl_diag {
    item *items;
    size_t n, cap;
    unsigned errors, warnings;
    size_t seq;
};

rl_diag *rl_diag_new(void)
{
    return rl_xcalloc(1, sizeof(rl_diag));
}

static void clear(rl_diag *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].msg);
        free(d->items[i].path);
        free(d->items[i].line);
    }
    d->n = 0;
}

void rl_diag_free(rl_diag *d)
{
    if (!d)
        return;
    clear(d);
    free(d->items);
    free(d);
}

static char *vformat(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        RL_BUG("bad format");
    char *p = rl_xmalloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

static char *xstrdup(const char *z)
{
    size_t n = strlen(z) + 1;
    return memcpy(rl_xmalloc(n), z, n);
}

/* Print user text to a terminal: control characters other than tab and
 * newline (an ESC could start a terminal escape sequence from a hostile
 * source file) are shown as '?'.  Tabs print as one space so the caret
 * under a source line stays aligned. */
static void put_clean(FILE *out, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        fputc(c == '\t' ? ' ' : (c < 0x20 && c != '\n') || c == 0x7f ? '?' : (char)c, out);
    }
}

static const char *sev_name(rl_severity s)
{
    return s == RL_ERROR ? "error" : s == RL_WARNING ? "warning" : "note";
}

static char *one_line(const item *it)
{
    size_t n;
    char *p;
    if (it->at.src) {
        unsigned line, col;
        rl_source_linecol((rl_source *)it->at.src, it->at.start, &line, &col);
        n = (size_t)snprintf(NULL, 0, "%s:%u:%u: %s: %s", it->at.src->path, line, col, sev_name(it->sev), it->msg);
        p = rl_xmalloc(n + 1);
        snprintf(p, n + 1, "%s:%u:%u: %s: %s", it->at.src->path, line, col, sev_name(it->sev), it->msg);
    } else {
        const char *path = it->path ? it->path : "redline";
        n = (size_t)snprintf(NULL, 0, "%s: %s: %s", path, sev_name(it->sev), it->msg);
        p = rl_xmalloc(n + 1);
        snprintf(p, n + 1, "%s: %s: %s", path, sev_name(it->sev), it->msg);
    }
    return p;
}

/* Code points of the source line shown on each side of the caret: a
 * message about a 2 MB line must not print the line. */
enum { CONTEXT = 60 };

static void print_context(FILE *out, const item *it)
{
    rl_source *s = (rl_source *)it->at.src;
    unsigned line, col;
    rl_source_linecol(s, it->at.start, &line, &col);
    rl_str text = rl_source_line(s, line);
    size_t line_start = (size_t)(text.p - s->text), line_end = line_start + text.n;
    size_t at = it->at.start < line_start ? line_start : it->at.start > line_end ? line_end : it->at.start;
    /* The window [from, to) around the caret, on code point boundaries. */
    size_t from = at, to = at;
    unsigned before = 0, after = 0;
    while (from > line_start && before < CONTEXT) {
        from--;
        while (from > line_start && ((unsigned char)s->text[from] & 0xC0) == 0x80)
            from--;
        before++;
    }
    while (to < line_end && after < CONTEXT) {
        to++;
        while (to < line_end && ((unsigned char)s->text[to] & 0xC0) == 0x80)
            to++;
        after++;
    }
    char num[16];
    int w = snprintf(num, sizeof num, "%u", line);
    fprintf(out, " %s | %s", num, from > line_start ? "..." : "");
    put_clean(out, s->text + from, to - from);
    fprintf(out, "%s\n %*s | ", to < line_end ? "..." : "", w, "");
    for (unsigned i = 0; i < before + (from > line_start ? 3u : 0u); i++)
        fputc(' ', out);
    fputc('^', out);
    /* Underline to the end of the span, within the window. */
    size_t end = it->at.end < to ? it->at.end : to;
    unsigned width = 0;
    for (size_t k = at; k < end; k++)
        if (((unsigned char)s->text[k] & 0xC0) != 0x80)
            width++;
    for (unsigned i = 1; i < width; i++)
        fputc('~', out);
    fputc('\n', out);
}

static void add(rl_diag *d, rl_severity sev, rl_span at, const char *path, char *msg)
{
    if (!d) {
        item it = {sev, at, path ? xstrdup(path) : NULL, msg, NULL, 0, 0};
        char *l = one_line(&it);
        put_clean(stderr, l, strlen(l));
        fputc('\n', stderr);
        free(l);
        free(it.path);
        free(msg);
        return;
    }
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->items = rl_xrealloc(d->items, d->cap * sizeof *d->items);
    }
    item *it = &d->items[d->n++];
    it->sev = sev;
    it->at = at;
    it->path = path ? xstrdup(path) : NULL;
    it->msg = msg;
    it->line = NULL;
    it->seq = d->seq++;
    if (sev == RL_ERROR)
        d->errors++;
    else if (sev == RL_WARNING)
        d->warnings++;
}

void rl_diag_report(rl_diag *d, rl_severity sev, rl_span at, const char *fmt, va_list ap)
{
    add(d, sev, at, NULL, vformat(fmt, ap));
}

void rl_diag_report_f(rl_diag *d, rl_severity sev, rl_span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rl_diag_report(d, sev, at, fmt, ap);
    va_end(ap);
}

#define REPORTER(name, sev)                                          \
    void name(rl_diag *d, rl_span at, const char *fmt, ...)          \
    {                                                                \
        va_list ap;                                                  \
        va_start(ap, fmt);                                           \
        rl_diag_report(d, sev, at, fmt, ap);                         \
        va_end(ap);                                                  \
    }
REPORTER(rl_diag_error, RL_ERROR)
REPORTER(rl_diag_warning, RL_WARNING)
REPORTER(rl_diag_note, RL_NOTE)

void rl_diag_file_error(rl_diag *d, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, RL_ERROR, (rl_span){0}, path, vformat(fmt, ap));
    va_end(ap);
}

void rl_diag_file_warning(rl_diag *d, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, RL_WARNING, (rl_span){0}, path, vformat(fmt, ap));
    va_end(ap);
}

unsigned rl_diag_errors(const rl_diag *d) { return d ? d->errors : 0; }
unsigned rl_diag_warnings(const rl_diag *d) { return d ? d->warnings : 0; }
size_t rl_diag_count(const rl_diag *d) { return d ? d->n : 0; }

static const char *item_path(const item *it)
{
    return it->at.src ? it->at.src->path : it->path ? it->path : "";
}

static int cmp_path_seq(const void *pa, const void *pb)
{
    const item *a = pa, *b = pb;
    int c = strcmp(item_path(a), item_path(b));
    if (c)
        return c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int cmp_items(const void *pa, const void *pb)
{
    const item *a = pa, *b = pb;
    /* Files in the order of their first message, then by offset, then in
     * the order reported (qsort is not stable; seq makes it so). */
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    if (a->at.src && b->at.src && a->at.start != b->at.start)
        return a->at.start < b->at.start ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void rl_diag_flush(rl_diag *d, FILE *out, bool context)
{
    if (!d)
        return;
    /* Two sorts keep this O(n log n) with tens of thousands of messages:
     * group by path to find each file's first message, then order. */
    if (d->n > 1) /* qsort(NULL, 0, ...) is undefined */
        qsort(d->items, d->n, sizeof *d->items, cmp_path_seq);
    for (size_t i = 0; i < d->n; i++) {
        bool same = i > 0 && strcmp(item_path(&d->items[i - 1]), item_path(&d->items[i])) == 0;
        d->items[i].rank = same ? d->items[i - 1].rank : d->items[i].seq;
    }
    if (d->n > 1) /* qsort(NULL, 0, ...) is undefined */
        qsort(d->items, d->n, sizeof *d->items, cmp_items);
    /* stderr is unbuffered: written to directly, 100,000 warnings were
     * ten million one-byte writes (26 s on a loaded machine).  They are
     * formatted in memory and written in one go instead. */
    char *mem = NULL;
    size_t nmem = 0;
    FILE *buf = d->n > 0 ? open_memstream(&mem, &nmem) : NULL;
    FILE *w = buf ? buf : out;
    for (size_t i = 0; i < d->n; i++) {
        item *it = &d->items[i];
        char *l = one_line(it);
        put_clean(w, l, strlen(l));
        fputc('\n', w);
        free(l);
        if (context && it->at.src)
            print_context(w, it);
    }
    if (buf) {
        fclose(buf);
        fwrite(mem, 1, nmem, out);
        free(mem);
        fflush(out);
    }
    clear(d);
}

const char *rl_diag_message(rl_diag *d, size_t i)
{
    if (!d || i >= d->n)
        return NULL;
    item *it = &d->items[i];
    if (!it->line)
        it->line = one_line(it);
    return it->line;
}
