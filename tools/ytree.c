/* ytree.c - libyaml documents to rl_ynode trees.
 *
 * We use libyaml's document API (yaml_parser_load) rather than events: the
 * documents are small and random access makes the validators simple.
 * libyaml resolves an alias to the anchored node itself, so the converter
 * memoizes by node index: an alias costs one pointer, and "billion laughs"
 * documents cannot blow up (the tree is a DAG of the original size).
 * Marks are converted from (line, character column) to byte offsets with
 * the source's line map, because columns count characters, not bytes.
 */
#include "ytree.h"
#include "arena.h"
#include "diag.h"
#include "fuzzy.h"
#include "source.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct conv {
    rl_arena *a;
    rl_diag *d;
    rl_source *src;
    unsigned base_line;  /* 1-based line of the region start */
    yaml_document_t *doc;
    rl_ynode **memo;
    size_t nnodes;
    int errors;
} conv;

static size_t mark_off(conv *c, yaml_mark_t m)
{
    return rl_source_offset(c->src, c->base_line + (unsigned)m.line, (unsigned)m.column + 1);
}

static rl_span mark_span(conv *c, yaml_mark_t s, yaml_mark_t e)
{
    size_t a = mark_off(c, s), b = mark_off(c, e);
    if (b < a)
        b = a;
    return (rl_span){c->src, (uint32_t)a, (uint32_t)b};
}

/* FNV-1a over the key's bytes (for the duplicate-key table). */
static size_t key_hash(rl_str s)
{
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < s.n; i++) {
        h ^= (unsigned char)s.p[i];
        h *= 1099511628211u;
    }
    return (size_t)h;
}

static rl_ynode *convert(conv *c, int id, int depth)
{
    if (id < 1 || (size_t)id > c->nnodes)
        return NULL;
    if (c->memo[id - 1])
        return c->memo[id - 1];
    yaml_node_t *yn = yaml_document_get_node(c->doc, id);
    if (!yn)
        return NULL;
    rl_ynode *n = rl_arena_alloc(c->a, sizeof *n);
    c->memo[id - 1] = n;
    n->span = mark_span(c, yn->start_mark, yn->end_mark);
    n->str = (rl_str){"", 0};
    if (depth > 64) {
        rl_diag_error(c->d, n->span, "YAML nested too deeply (over 64 levels)");
        c->errors++;
        n->kind = RL_Y_SCALAR;
        return n;
    }
    switch (yn->type) {
    case YAML_SCALAR_NODE:
        n->kind = RL_Y_SCALAR;
        n->str = rl_arena_str(c->a, (rl_str){(const char *)yn->data.scalar.value, yn->data.scalar.length});
        n->plain = yn->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        break;
    case YAML_SEQUENCE_NODE: {
        n->kind = RL_Y_SEQ;
        size_t cnt = (size_t)(yn->data.sequence.items.top - yn->data.sequence.items.start);
        n->items = rl_arena_array(c->a, cnt, sizeof *n->items);
        for (size_t i = 0; i < cnt; i++) {
            rl_ynode *child = convert(c, yn->data.sequence.items.start[i], depth + 1);
            if (child)
                n->items[n->n++] = child;
        }
        break;
    }
    case YAML_MAPPING_NODE: {
        n->kind = RL_Y_MAP;
        size_t cnt = (size_t)(yn->data.mapping.pairs.top - yn->data.mapping.pairs.start);
        n->items = rl_arena_array(c->a, cnt, sizeof *n->items);
        n->keys = rl_arena_array(c->a, cnt, sizeof *n->keys);
        /* Duplicate keys are found through an open-addressing table of
         * indices into n->keys (a linear scan per key was quadratic: 100,000
         * keys took minutes).  Only lookups use the hash, so the output
         * does not depend on it. */
        size_t tcap = 16;
        while (tcap < 2 * cnt)
            tcap *= 2;
        size_t *table = rl_arena_array(c->a, tcap, sizeof *table);   /* index + 1; 0 empty */
        for (size_t i = 0; i < cnt; i++) {
            yaml_node_pair_t *pr = &yn->data.mapping.pairs.start[i];
            rl_ynode *k = convert(c, pr->key, depth + 1);
            rl_ynode *v = convert(c, pr->value, depth + 1);
            if (!k || !v)
                continue;
            if (k->kind != RL_Y_SCALAR) {
                rl_diag_error(c->d, k->span, "a mapping key must be a plain string");
                c->errors++;
                continue;
            }
            size_t slot = key_hash(k->str) & (tcap - 1);
            while (table[slot] && !rl_str_eq(n->keys[table[slot] - 1]->str, k->str))
                slot = (slot + 1) & (tcap - 1);
            if (table[slot]) {
                unsigned l, col;
                rl_source_linecol(c->src, n->keys[table[slot] - 1]->span.start, &l, &col);
                rl_diag_error(c->d, k->span, "duplicate key '%s' (first given at line %u); remove one",
                              k->str.p, l);
                c->errors++;
                continue;
            }
            table[slot] = n->n + 1;
            n->keys[n->n] = k;
            n->items[n->n++] = v;
        }
        break;
    }
    default:
        n->kind = RL_Y_SCALAR;
        break;
    }
    return n;
}

static void parse_error(conv *c, yaml_parser_t *p)
{
    size_t off;
    if (p->error == YAML_READER_ERROR) {
        /* problem_mark is not filled in for reader errors; only the offset is. */
        off = rl_source_offset(c->src, c->base_line, 1) + p->problem_offset;
        if (off > c->src->len)
            off = c->src->len;
    } else {
        off = mark_off(c, p->problem_mark);
    }
    rl_span at = {c->src, (uint32_t)off, (uint32_t)off};
    const char *problem = p->problem ? p->problem : "invalid YAML";
    if (p->context) {
        unsigned l, col;
        size_t coff = mark_off(c, p->context_mark);
        rl_source_linecol(c->src, coff, &l, &col);
        rl_diag_error(c->d, at, "YAML syntax: %s (%s at line %u, column %u)", problem, p->context, l, col);
    } else {
        rl_diag_error(c->d, at, "YAML syntax: %s", problem);
    }
}

rl_ynode *rl_ytree_parse(rl_arena *a, rl_diag *d, rl_source *src, size_t off, size_t len)
{
    conv c = {0};
    c.a = a;
    c.d = d;
    c.src = src;
    unsigned col;
    rl_source_linecol(src, off, &c.base_line, &col);
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        RL_BUG("yaml_parser_initialize");
    yaml_parser_set_input_string(&p, (const unsigned char *)src->text + off, len);
    yaml_document_t doc;
    rl_ynode *root = NULL;
    if (!yaml_parser_load(&p, &doc)) {
        parse_error(&c, &p);
        yaml_parser_delete(&p);
        return NULL;
    }
    c.doc = &doc;
    c.nnodes = (size_t)(doc.nodes.top - doc.nodes.start);
    c.memo = rl_xcalloc(c.nnodes ? c.nnodes : 1, sizeof *c.memo);
    if (c.nnodes)
        root = convert(&c, 1, 0);
    if (root) {
        /* A second document in the same file is a mistake worth reporting. */
        yaml_document_t doc2;
        if (yaml_parser_load(&p, &doc2)) {
            if (yaml_document_get_root_node(&doc2)) {
                yaml_node_t *r2 = yaml_document_get_root_node(&doc2);
                rl_span at = mark_span(&c, r2->start_mark, r2->start_mark);
                rl_diag_error(d, at, "a second YAML document here; keep one document per file");
                c.errors++;
            }
            yaml_document_delete(&doc2);
        } else {
            parse_error(&c, &p);
            c.errors++;
        }
    }
    free(c.memo);
    yaml_document_delete(&doc);
    yaml_parser_delete(&p);
    if (!root) {
        root = rl_arena_alloc(a, sizeof *root);
        root->kind = RL_Y_MAP;
        root->span = (rl_span){src, (uint32_t)off, (uint32_t)off};
        root->str = (rl_str){"", 0};
    }
    return c.errors ? NULL : root;
}

rl_ynode *rl_ytree_lookup(const rl_ynode *m, const char *key)
{
    if (!m || m->kind != RL_Y_MAP)
        return NULL;
    for (size_t i = 0; i < m->n; i++)
        if (rl_str_eqz(m->keys[i]->str, key))
            return m->items[i];
    return NULL;
}

/* Code points of a short NUL-terminated string into cp[0..64); returns
 * their count, or 65 if there are more. */
static size_t short_codepoints(const char *z, int32_t cp[64])
{
    size_t n = 0, len = strlen(z);
    for (size_t i = 0; i < len; n++) {
        if (n == 64)
            return 65;
        i += (size_t)rl_utf8_decode(z + i, len - i, &cp[n]);
    }
    return n;
}

size_t rl_edit_distance(const char *a, const char *b)
{
    /* Keys are short; a longer string is no typo of one. */
    int32_t ca[64], cb[64];
    size_t na = short_codepoints(a, ca), nb = short_codepoints(b, cb);
    if (na > 64 || nb > 64)
        return 99;
    return rl_fuzzy_distance(ca, na, cb, nb);
}

int rl_ytree_check_keys(rl_diag *d, const rl_ynode *m, const char *const *known, bool strict)
{
    if (!m || m->kind != RL_Y_MAP)
        return 0;
    int bad = 0;
    for (size_t i = 0; i < m->n; i++) {
        const char *k = m->keys[i]->str.p;
        bool ok = false;
        const char *best = NULL;
        size_t bestd = 99;
        for (const char *const *kk = known; *kk; kk++) {
            if (strcmp(*kk, k) == 0) {
                ok = true;
                break;
            }
            size_t dist = rl_edit_distance(*kk, k);
            if (dist < bestd)
                bestd = dist, best = *kk;
        }
        if (ok)
            continue;
        bad++;
        rl_severity sev = strict ? RL_ERROR : RL_WARNING;
        /* Suggest only what is plausibly a typo: within a third of the length. */
        if (best && bestd <= 1 + strlen(k) / 3)
            rl_diag_report_f(d, sev, m->keys[i]->span, "unknown key '%s'; did you mean '%s'?", k, best);
        else
            rl_diag_report_f(d, sev, m->keys[i]->span, "unknown key '%s' (it is ignored)", k);
    }
    return bad;
}

static const char *kind_name(rl_ykind k)
{
    return k == RL_Y_MAP ? "a mapping" : k == RL_Y_SEQ ? "a list" : "a scalar";
}

bool rl_ytree_expect(rl_diag *d, const rl_ynode *n, rl_ykind kind, const char *what)
{
    if (n && n->kind == kind)
        return true;
    if (n)
        rl_diag_error(d, n->span, "%s must be %s, not %s", what, kind_name(kind), kind_name(n->kind));
    return false;
}

int rl_ytree_str(rl_diag *d, const rl_ynode *n, const char *what, rl_str *out)
{
    if (!n)
        return 1;
    if (n->kind != RL_Y_SCALAR) {
        rl_diag_error(d, n->span, "%s must be a string, not %s", what, kind_name(n->kind));
        return -1;
    }
    *out = n->str;
    return 0;
}

int rl_ytree_int(rl_diag *d, const rl_ynode *n, const char *what, long min, long max, long *out)
{
    if (!n)
        return 1;
    if (n->kind == RL_Y_SCALAR && n->str.n > 0) {
        errno = 0;
        char *end;
        long v = strtol(n->str.p, &end, 10);
        if (!errno && *end == 0) {
            if (v < min || v > max) {
                rl_diag_error(d, n->span, "%s must be between %ld and %ld, not %ld", what, min, max, v);
                return -1;
            }
            *out = v;
            return 0;
        }
    }
    rl_diag_error(d, n->span, "%s must be a whole number", what);
    return -1;
}

int rl_ytree_num(rl_diag *d, const rl_ynode *n, const char *what, double min, double max, double *out)
{
    if (!n)
        return 1;
    if (n->kind == RL_Y_SCALAR && n->str.n > 0) {
        char *end;
        errno = 0;
        double v = strtod(n->str.p, &end);
        if (!errno && *end == 0 && isfinite(v)) {
            if (v < min || v > max) {
                rl_diag_error(d, n->span, "%s must be between %g and %g, not %g", what, min, max, v);
                return -1;
            }
            *out = v;
            return 0;
        }
    }
    rl_diag_error(d, n->span, "%s must be a number", what);
    return -1;
}

int rl_ytree_bool(rl_diag *d, const rl_ynode *n, const char *what, bool *out)
{
    if (!n)
        return 1;
    if (n->kind == RL_Y_SCALAR) {
        const char *s = n->str.p;
        if (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "on")) {
            *out = true;
            return 0;
        }
        if (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "off")) {
            *out = false;
            return 0;
        }
    }
    rl_diag_error(d, n->span, "%s must be true or false", what);
    return -1;
}

int rl_ytree_date(rl_diag *d, const rl_ynode *n, const char *what, rl_str *out)
{
    if (!n)
        return 1;
    if (n->kind == RL_Y_SCALAR && n->str.n == 10) {
        const char *s = n->str.p;
        int y, m, dd;
        char tail;
        if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) == 3 && s[4] == '-' && s[7] == '-') {
            static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
            bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            if (m >= 1 && m <= 12 && dd >= 1 && dd <= mdays[m - 1] && !(m == 2 && dd == 29 && !leap)) {
                *out = n->str;
                return 0;
            }
        }
    }
    rl_diag_error(d, n->span, "%s must be a date written YYYY-MM-DD", what);
    return -1;
}

int rl_ytree_strlist(rl_arena *a, rl_diag *d, const rl_ynode *n, const char *what, rl_str **out, size_t *count)
{
    if (!n)
        return 1;
    if (n->kind == RL_Y_SCALAR) {
        *out = rl_arena_alloc(a, sizeof **out);
        (*out)[0] = n->str;
        *count = 1;
        return 0;
    }
    if (n->kind != RL_Y_SEQ) {
        rl_diag_error(d, n->span, "%s must be a list of strings", what);
        return -1;
    }
    *out = rl_arena_array(a, n->n, sizeof **out);
    *count = 0;
    int rc = 0;
    for (size_t i = 0; i < n->n; i++) {
        if (n->items[i]->kind != RL_Y_SCALAR) {
            rl_diag_error(d, n->items[i]->span, "each item of %s must be a string", what);
            rc = -1;
            continue;
        }
        (*out)[(*count)++] = n->items[i]->str;
    }
    return rc;
}
