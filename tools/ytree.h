/* ytree.h - YAML documents as small trees with source spans.
 *
 * libyaml's document API gives nodes with 0-based, character-counted marks
 * and no types (every scalar is a string).  This module turns a document
 * into rl_ynode trees whose every node knows its byte span in the source,
 * and offers typed accessors that report "expected a number" and unknown
 * keys (with the closest known key) at the right line and column.
 * All nodes live in the arena.
 */
#ifndef RL_YTREE_H
#define RL_YTREE_H

#include "rl.h"

typedef enum rl_ykind { RL_Y_SCALAR, RL_Y_SEQ, RL_Y_MAP } rl_ykind;

typedef struct rl_ynode rl_ynode;
struct rl_ynode {
    rl_ykind kind;
    rl_span span;      /* the node's text in its source */
    rl_str str;        /* scalar value, NUL-terminated (empty for collections) */
    bool plain;        /* scalar written without quotes (so `3` may be a number) */
    size_t n;          /* sequence items / mapping pairs */
    rl_ynode **items;  /* sequence items, or mapping values */
    rl_ynode **keys;   /* mapping keys (scalars), NULL for sequences */
};

/* Parse the YAML text src->text[off, off+len) (a whole file, or the front
 * matter of a version).  Returns the root node, an empty mapping for empty
 * input, or NULL after reporting a syntax error at its line and column.
 * Duplicate mapping keys are reported as errors (libyaml accepts them). */
rl_ynode *rl_ytree_parse(rl_arena *a, rl_diag *d, rl_source *src, size_t off, size_t len);

/* The value under key in a mapping, or NULL (also NULL if m is not a map). */
rl_ynode *rl_ytree_lookup(const rl_ynode *m, const char *key);

/* Report every key of mapping m that is not in the NULL-terminated list
 * `known`, as a warning (error if `strict`) naming the closest known key.
 * Returns the number reported. */
int rl_ytree_check_keys(rl_diag *d, const rl_ynode *m, const char *const *known, bool strict);

/* Typed reads.  Each reports a clear error at the node and returns -1 if
 * the node has the wrong type; a NULL node is "absent": returns 1 and
 * leaves *out untouched.  Otherwise returns 0. */
int rl_ytree_str(rl_diag *d, const rl_ynode *n, const char *what, rl_str *out);
int rl_ytree_int(rl_diag *d, const rl_ynode *n, const char *what, long min, long max, long *out);
int rl_ytree_num(rl_diag *d, const rl_ynode *n, const char *what, double min, double max, double *out);
int rl_ytree_bool(rl_diag *d, const rl_ynode *n, const char *what, bool *out);
/* A date written YYYY-MM-DD (checked for a real calendar day). */
int rl_ytree_date(rl_diag *d, const rl_ynode *n, const char *what, rl_str *out);
/* A scalar or a sequence of scalars, as an array of strings. */
int rl_ytree_strlist(rl_arena *a, rl_diag *d, const rl_ynode *n, const char *what, rl_str **out, size_t *count);

/* Requires n to be a mapping / sequence: reports "expected a mapping" etc. */
bool rl_ytree_expect(rl_diag *d, const rl_ynode *n, rl_ykind kind, const char *what);

/* Levenshtein distance, in code points, of two short NUL-terminated UTF-8
 * strings (for "did you mean"); 99 if either has more than 64 code points. */
size_t rl_edit_distance(const char *a, const char *b);

#endif
