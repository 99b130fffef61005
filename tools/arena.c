/* arena.c - chunked bump allocator with a destructor list.
 *
 * Chunks grow geometrically from 64 KiB so that a 1,000-page build makes a
 * few dozen mallocs, not millions.  A request larger than a quarter of the
 * chunk size gets a chunk of its own, so big arrays do not waste the tail of
 * the current chunk.  Memory is zero-filled on allocation: the model's
 * structs rely on zero meaning "absent".  rl_arena_alloc_raw skips the
 * fill for arrays that the caller writes in full at once (token, id and
 * mark arrays of a 1,000-page build: zeroing them cost as much as using
 * them).  rl_arena_adopt splices another arena's chunks and destructors
 * in, so work done in a private arena on a helper thread joins the build.
 */
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

typedef struct chunk {
    struct chunk *next;
    size_t size, used;
    max_align_t data[];
} chunk;

typedef struct defer {
    struct defer *next;
    void (*fn)(void *);
    void *p;
} defer;

struct rl_arena {
    chunk *head;
    defer *defers;
    size_t next_size;
    size_t total;
};

#define ALIGN (_Alignof(max_align_t))

rl_arena *rl_arena_new(void)
{
    rl_arena *a = rl_xcalloc(1, sizeof *a);
    a->next_size = 64 * 1024;
    return a;
}

void rl_arena_free(rl_arena *a)
{
    if (!a)
        return;
    for (defer *d = a->defers; d; d = d->next)
        d->fn(d->p);
    chunk *c = a->head;
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

/* Chunks of 1 MiB and more are rounded up to whole 2 MiB, aligned to 2 MiB
 * and offered to the kernel as huge pages, where it has them: a 1,000-page
 * build then takes a few dozen page faults for its tokens instead of
 * thousands (a third of its time went to faults), for a few MB more of
 * resident memory.  Without MADV_HUGEPAGE this is plain malloc. */
#define HUGE_PAGE ((size_t)2 * 1024 * 1024)

static chunk *chunk_new(size_t size)
{
    chunk *c = NULL;
#ifdef MADV_HUGEPAGE
    size_t total = sizeof(chunk) + size;
    if (total >= HUGE_PAGE / 2) {
        total = (total + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
        void *p = NULL;
        if (posix_memalign(&p, HUGE_PAGE, total) == 0) {
            madvise(p, total, MADV_HUGEPAGE);
            c = p;
            size = total - sizeof(chunk); /* the rounding is room too */
        }
    }
#endif
    if (!c)
        c = rl_xmalloc(sizeof(chunk) + size);
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

/* n bytes (rounded up to ALIGN), not zero-filled. */
static void *alloc(rl_arena *a, size_t n)
{
    if (n == 0)
        n = 1;
    /* Room for the chunk header and the rounding to a huge page too. */
    if (n > SIZE_MAX / 2)
        RL_BUG("arena request too large");
    n = (n + ALIGN - 1) / ALIGN * ALIGN;
    a->total += n;
    if (n > a->next_size / 4) {
        /* A large block gets its own chunk, linked behind the current one. */
        chunk *c = chunk_new(n);
        c->used = n;
        if (a->head) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            a->head = c;
        }
        return c->data;
    }
    if (!a->head || a->head->size - a->head->used < n) {
        chunk *c = chunk_new(a->next_size);
        c->next = a->head;
        a->head = c;
        if (a->next_size < 16 * 1024 * 1024)
            a->next_size *= 2;
    }
    char *p = (char *)a->head->data + a->head->used;
    a->head->used += n;
    return p;
}

void *rl_arena_alloc(rl_arena *a, size_t n)
{
    void *p = alloc(a, n);
    memset(p, 0, n ? n : 1);
    return p;
}

void *rl_arena_alloc_raw(rl_arena *a, size_t n)
{
    return alloc(a, n);
}

void *rl_arena_array(rl_arena *a, size_t count, size_t n)
{
    if (n && count > SIZE_MAX / n)
        RL_BUG("arena array overflow");
    return rl_arena_alloc(a, count * n);
}

void *rl_arena_array_raw(rl_arena *a, size_t count, size_t n)
{
    if (n && count > SIZE_MAX / n)
        RL_BUG("arena array overflow");
    return alloc(a, count * n);
}

void *rl_arena_grow(rl_arena *a, void *old, size_t old_count, size_t new_count, size_t n)
{
    void *p = rl_arena_array(a, new_count, n);
    if (old && old_count)
        memcpy(p, old, (old_count < new_count ? old_count : new_count) * n);
    return p;
}

char *rl_arena_strdup(rl_arena *a, rl_str s)
{
    char *p = alloc(a, s.n + 1);
    if (s.n)
        memcpy(p, s.p, s.n);
    p[s.n] = 0;
    return p;
}

char *rl_arena_strz(rl_arena *a, const char *z)
{
    return rl_arena_strdup(a, rl_str_z(z));
}

rl_str rl_arena_str(rl_arena *a, rl_str s)
{
    return (rl_str){rl_arena_strdup(a, s), s.n};
}

char *rl_arena_vprintf(rl_arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        RL_BUG("bad format");
    char *p = rl_arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *rl_arena_printf(rl_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = rl_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void rl_arena_defer(rl_arena *a, void (*fn)(void *), void *p)
{
    defer *d = rl_arena_alloc(a, sizeof *d);
    d->fn = fn;
    d->p = p;
    d->next = a->defers;
    a->defers = d;
}

void rl_arena_adopt(rl_arena *a, rl_arena *from)
{
    if (!from->head) {
        free(from);
        return;
    }
    /* from's chunks go behind a's current one, which stays the one that
     * small requests are cut from. */
    chunk *last = from->head;
    while (last->next)
        last = last->next;
    if (a->head) {
        last->next = a->head->next;
        a->head->next = from->head;
    } else {
        a->head = from->head;
    }
    if (from->defers) {
        defer *d = from->defers;
        while (d->next)
            d = d->next;
        d->next = a->defers;
        a->defers = from->defers;
    }
    a->total += from->total;
    free(from);
}

size_t rl_arena_used(const rl_arena *a)
{
    return a->total;
}
