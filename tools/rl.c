/* rl.c - the basics declared in rl.h: slices, checked allocation, RL_BUG. */
#include "rl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool rl_str_eq(rl_str a, rl_str b)
{
    return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

bool rl_str_eqz(rl_str a, const char *z)
{
    return rl_str_eq(a, rl_str_z(z));
}

rl_str rl_str_z(const char *z)
{
    return (rl_str){z, z ? strlen(z) : 0};
}

static _Noreturn void oom(size_t n)
{
    fprintf(stderr, "redline: out of memory (%zu bytes)\n", n);
    abort();
}

void *rl_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *rl_xcalloc(size_t count, size_t n)
{
    void *p = calloc(count ? count : 1, n ? n : 1);
    if (!p)
        oom(count * n);
    return p;
}

void *rl_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

_Noreturn void rl_bug(const char *file, int line, const char *msg)
{
    fprintf(stderr, "redline: BUG at %s:%d: %s\n", file, line, msg);
    abort();
}
