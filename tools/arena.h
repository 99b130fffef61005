/* arena.h - the per-build bump allocator.
 *
 * One build (one publication, one comparison) owns one arena.  Source
 * buffers, tokens, the redline model, layout items and pages all live in it
 * and are released by one rl_arena_free() (mupdf's fz_pool, xdiff's
 * chastore).  Objects owned by other libraries (cmark trees, libyaml
 * documents) are tied to the arena with rl_arena_defer(), so they die with it.
 */
#ifndef RL_ARENA_H
#define RL_ARENA_H

#include "rl.h"
#include <stdarg.h>

/* A new, empty arena.  Free it with rl_arena_free().  Never NULL. */
rl_arena *rl_arena_new(void);

/* Run every deferred destructor (last registered first), then release all
 * memory.  NULL is allowed. */
void rl_arena_free(rl_arena *a);

/* n bytes, aligned for any type, zero-filled.  Owned by the arena. */
void *rl_arena_alloc(rl_arena *a, size_t n);

/* A zero-filled array of count elements of size n (overflow-checked). */
void *rl_arena_array(rl_arena *a, size_t count, size_t n);

/* The same two without the zero fill, for memory the caller writes in full
 * before reading it (the contents are indeterminate until then). */
void *rl_arena_alloc_raw(rl_arena *a, size_t n);
void *rl_arena_array_raw(rl_arena *a, size_t count, size_t n);

/* Grow an arena array: a copy of old (old_count elements) in a new block of
 * new_count elements; the tail is zero-filled.  The old block is not reused. */
void *rl_arena_grow(rl_arena *a, void *old, size_t old_count, size_t new_count, size_t n);

/* A NUL-terminated copy of s (the copy's rl_str view is {ret, s.n}). */
char *rl_arena_strdup(rl_arena *a, rl_str s);
char *rl_arena_strz(rl_arena *a, const char *z);
rl_str rl_arena_str(rl_arena *a, rl_str s);

/* printf into the arena. */
char *rl_arena_printf(rl_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *rl_arena_vprintf(rl_arena *a, const char *fmt, va_list ap);

/* Call fn(p) when the arena is freed. */
void rl_arena_defer(rl_arena *a, void (*fn)(void *), void *p);

/* Move everything `from` owns (memory and deferred destructors, which now
 * run when a is freed, before a's own) into a, and release `from` itself.
 * For work done in another arena on a helper thread: pointers into
 * `from`'s memory stay valid.  Not thread-safe: neither arena may be in use
 * elsewhere during the call. */
void rl_arena_adopt(rl_arena *a, rl_arena *from);

/* Bytes handed out so far (for benchmarks). */
size_t rl_arena_used(const rl_arena *a);

#endif
