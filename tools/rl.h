/* rl.h - shared basics of redline: string slices, spans, forward types.
 *
 * Every module includes this header.  It holds only what every stage
 * passes around: a non-owning string slice (rl_str, after md4c and xdiff's
 * mmfile_t), a byte span into a loaded source file (rl_span, after jq's
 * locfile), the out-of-memory policy, and the RL_BUG() assertion.
 *
 * Conventions (see README "Hacking"): external symbols are rl_<module>_<verb>;
 * functions returning int give 0 on success and -1 on failure, with the
 * details already reported to an rl_diag sink; anything allocated from an
 * rl_arena argument belongs to that arena.
 */
#ifndef RL_H
#define RL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RL_VERSION "0.1.0"

/* A slice of bytes, not NUL-terminated, never owned. */
typedef struct rl_str {
    const char *p;
    size_t n;
} rl_str;

#define RL_STR(lit) ((rl_str){(lit), sizeof(lit) - 1})
#define RL_STR_NULL ((rl_str){NULL, 0})

typedef struct rl_arena rl_arena;
typedef struct rl_buf rl_buf;
typedef struct rl_source rl_source;
typedef struct rl_diag rl_diag;

/* A byte range [start, end) of a loaded source.  src may be NULL for text
 * that does not come from a file (generated labels and the like). */
typedef struct rl_span {
    const rl_source *src;
    uint32_t start, end;
} rl_span;

/* Equality and helpers on slices. */
bool rl_str_eq(rl_str a, rl_str b);
bool rl_str_eqz(rl_str a, const char *z);
rl_str rl_str_z(const char *z);

/* Out of memory aborts with a message: a batch tool gains nothing from
 * threading allocation failure through every call (cmark, git). */
void *rl_xmalloc(size_t n);
void *rl_xcalloc(size_t count, size_t n);
void *rl_xrealloc(void *p, size_t n);

/* A developer assertion, never user text (git's BUG()). */
#define RL_BUG(msg) rl_bug(__FILE__, __LINE__, (msg))
_Noreturn void rl_bug(const char *file, int line, const char *msg);

#define RL_UNUSED(x) ((void)(x))

#endif
