/* fuzz.h - helpers shared by the fuzz harnesses (tests/fuzz/fuzz_*.c).
 *
 * Each harness defines LLVMFuzzerTestOneInput and is linked either with
 * libFuzzer (clang -fsanitize=fuzzer: `make fuzz`) or with replay.c, which
 * runs it over every file of a corpus folder under ASan+UBSan (`make
 * fuzz-replay`, part of `make asan`).  The oracle is crash/leak-only, as in
 * SQLite's fuzzcheck, plus the redline model's documented invariants:
 * fz_check_redline() aborts when one is broken, so a libFuzzer run reports
 * it as a crash.  Diagnostics are collected and dropped: a harness must
 * never print for inputs that are merely wrong.
 */
#ifndef RL_FUZZ_H
#define RL_FUZZ_H

#include "annot.h"
#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "redline.h"
#include "source.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs above this size are ignored: the pathological tests cover size,
 * the fuzzers cover shape (cmark's fuzzer caps its input the same way). */
#define FZ_MAX_INPUT 65536

typedef struct fz_part {
    const char *p;
    size_t n;
} fz_part;

/* Split data at NUL bytes into at most max parts (the last part keeps any
 * further NULs, which the loaders then reject as binary).  Returns the
 * number of parts (>= 1). */
static inline size_t fz_split(const uint8_t *data, size_t size, fz_part *parts, size_t max)
{
    size_t k = 0;
    const char *p = (const char *)data;
    size_t n = size;
    while (k + 1 < max) {
        const char *z = n ? memchr(p, 0, n) : NULL;
        if (!z)
            break;
        parts[k].p = p;
        parts[k].n = (size_t)(z - p);
        k++;
        n -= (size_t)(z - p) + 1;
        p = z + 1;
    }
    parts[k].p = p;
    parts[k].n = n;
    return k + 1;
}

/* A version document parsed from memory, exactly as rl_doc_load parses a
 * file (doc.c checks UTF-8 and NUL itself).  NULL if it was rejected. */
static inline rl_doc *fz_doc(rl_arena *a, rl_diag *d, const char *name, fz_part part)
{
    rl_source *s = rl_source_from_mem(a, name, part.p ? part.p : "", part.n);
    return rl_doc_parse(a, d, s);
}

/* Format every collected diagnostic (with source line and caret) into
 * /dev/null: printing is code too. */
static inline void fz_drain(rl_diag *d)
{
    static FILE *devnull;
    if (!devnull)
        devnull = fopen("/dev/null", "w");
    if (devnull)
        rl_diag_flush(d, devnull, true);
}

#define FZ_FAIL(what)                                                                          \
    do {                                                                                        \
        fprintf(stderr, "fuzz: invariant broken: %s (%s:%d)\n", (what), __FILE__, __LINE__);     \
        abort();                                                                                \
    } while (0)
#define FZ_REQUIRE(cond)                                                                        \
    do {                                                                                        \
        if (!(cond))                                                                            \
            FZ_FAIL(#cond);                                                                     \
    } while (0)

/* The tokens of every block are well formed: non-empty, valid UTF-8,
 * without white space, offsets inside the source. */
static inline void fz_check_doc(const rl_doc *doc)
{
    for (size_t i = 0; i < doc->nblocks; i++) {
        const rl_block *b = &doc->blocks[i];
        FZ_REQUIRE(b->off <= b->end && b->end <= doc->src->len);
        FZ_REQUIRE(rl_utf8_check(b->label.p, b->label.n) < 0);
        for (size_t k = 0; k < b->ntoks; k++) {
            const rl_token *t = &b->toks[k];
            FZ_REQUIRE(t->text.n > 0);
            FZ_REQUIRE(rl_utf8_check(t->text.p, t->text.n) < 0);
            FZ_REQUIRE(t->off <= doc->src->len);
            FZ_REQUIRE(t->link <= doc->nlinks);
            for (size_t j = 0; j < t->text.n; j++) {
                char c = t->text.p[j];
                FZ_REQUIRE(c != ' ' && c != '\n' && c != '\t' && c != '\r');
            }
        }
    }
}

/* The redline invariants of redline.h: every block of each version appears
 * exactly once (outside ghosts), and its EQUAL+DELETE runs (old side) and
 * EQUAL+INSERT runs (new side) cover its tokens exactly, in order; blocks
 * come in the new version's order; moves name each other; notes point at
 * real tokens.  Works on the token level, which is stronger than comparing
 * the rendered words. */
static inline void fz_check_redline(const rl_redline *r)
{
    size_t nold = r->old->nblocks, nnew = r->new->nblocks;
    unsigned char *seen_old = calloc(nold + 1, 1), *seen_new = calloc(nnew + 1, 1);
    FZ_REQUIRE(seen_old && seen_new);
    long last_new = -1;
    for (size_t i = 0; i < r->nblocks; i++) {
        const rl_rblock *b = &r->blocks[i];
        if (b->status == RL_ST_MOVED) {
            FZ_REQUIRE(b->peer >= 0 && (size_t)b->peer < r->nblocks);
            FZ_REQUIRE(r->blocks[b->peer].peer == (int32_t)i);
            FZ_REQUIRE(r->blocks[b->peer].ghost != b->ghost);
        }
        if (b->ghost) {
            FZ_REQUIRE(b->status == RL_ST_MOVED);
            FZ_REQUIRE(b->nruns == 0 && !b->old && !b->new);
            FZ_REQUIRE(b->old_index == -1 && b->new_index == -1);
            continue;
        }
        FZ_REQUIRE(b->old || b->new);
        FZ_REQUIRE(b->status != RL_ST_INSERTED || !b->old);
        FZ_REQUIRE(b->status != RL_ST_DELETED || !b->new);
        size_t oi = 0, ni = 0;
        for (size_t k = 0; k < b->nruns; k++) {
            const rl_run *run = &b->runs[k];
            FZ_REQUIRE(run->n >= 1);
            if (run->op != RL_OP_INSERT) {
                FZ_REQUIRE(b->old && run->old0 == oi);
                oi += run->n;
            }
            if (run->op != RL_OP_DELETE) {
                FZ_REQUIRE(b->new && run->new0 == ni);
                ni += run->n;
            }
        }
        if (b->old) {
            FZ_REQUIRE(b->old_index >= 0 && (size_t)b->old_index < nold);
            FZ_REQUIRE(b->old == &r->old->blocks[b->old_index]);
            FZ_REQUIRE(!seen_old[b->old_index]);
            seen_old[b->old_index] = 1;
            FZ_REQUIRE(oi == b->old->ntoks);
        } else {
            FZ_REQUIRE(b->old_index == -1 && oi == 0);
        }
        if (b->new) {
            FZ_REQUIRE(b->new_index >= 0 && (size_t)b->new_index < nnew);
            FZ_REQUIRE(b->new == &r->new->blocks[b->new_index]);
            FZ_REQUIRE(!seen_new[b->new_index]);
            seen_new[b->new_index] = 1;
            FZ_REQUIRE(ni == b->new->ntoks);
            FZ_REQUIRE((long)b->new_index > last_new);
            last_new = b->new_index;
        } else {
            FZ_REQUIRE(b->new_index == -1 && ni == 0);
        }
    }
    for (size_t i = 0; i < nold; i++)
        FZ_REQUIRE(seen_old[i]);
    for (size_t i = 0; i < nnew; i++)
        FZ_REQUIRE(seen_new[i]);
    free(seen_old);
    free(seen_new);
    for (size_t i = 0; i < r->nnotes; i++) {
        const rl_note *n = &r->notes[i];
        FZ_REQUIRE(n->number == i + 1);
        const rl_rpos *ends[2] = {&n->first, &n->last};
        for (int e = 0; e < 2; e++) {
            FZ_REQUIRE(ends[e]->block < r->nblocks);
            const rl_rblock *b = &r->blocks[ends[e]->block];
            FZ_REQUIRE(ends[e]->run < b->nruns);
            FZ_REQUIRE(ends[e]->off < b->runs[ends[e]->run].n);
        }
        FZ_REQUIRE(n->first.block < n->last.block ||
                   (n->first.block == n->last.block &&
                    (n->first.run < n->last.run || (n->first.run == n->last.run && n->first.off <= n->last.off))));
    }
    for (size_t i = 0; i < r->nblocks; i++)
        for (size_t k = 0; k < r->blocks[i].nmarks; k++)
            FZ_REQUIRE(r->blocks[i].marks[k] >= r->notes && r->blocks[i].marks[k] < r->notes + r->nnotes);
}


/* ---- a private folder on disk ----------------------------------------- */

/* The harnesses that run whole builds and commands need real files.  Each
 * execution gets its own folder, removed completely afterwards, so no
 * input can see another's files (libFuzzer replays inputs in any order). */

/* Create a fresh folder <$TMPDIR or /tmp>/rl-fuzz-<tag>-XXXXXX into dir.
 * Returns 0, or -1 (dir empty). */
static inline int fz_mkdtemp(char *dir, size_t size, const char *tag)
{
    const char *t = getenv("TMPDIR");
    if (!t || !*t || strlen(t) > 1024)
        t = "/tmp";
    int w = snprintf(dir, size, "%s/rl-fuzz-%s-XXXXXX", t, tag);
    if (w < 0 || (size_t)w >= size || !mkdtemp(dir)) {
        if (size)
            dir[0] = '\0';
        return -1;
    }
    return 0;
}

/* Remove path and everything below it, without following symbolic links
 * (a build must not be able to make the cleanup delete anything else).
 * Returns the number of entries that could not be removed. */
static inline size_t fz_rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return 0;
    size_t bad = 0;
    if (S_ISDIR(st.st_mode)) {
        DIR *dir = opendir(path);
        if (dir) {
            struct dirent *e;
            while ((e = readdir(dir)) != NULL) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                    continue;
                size_t n = strlen(path) + strlen(e->d_name) + 2;
                char *sub = malloc(n);
                if (!sub) {
                    bad++;
                    continue;
                }
                snprintf(sub, n, "%s/%s", path, e->d_name);
                bad += fz_rm_rf(sub);
                free(sub);
            }
            closedir(dir);
        }
        if (rmdir(path) != 0)
            bad++;
    } else if (unlink(path) != 0) {
        bad++;
    }
    return bad;
}

/* dir/name into out (size bytes).  Returns 0, or -1 if it does not fit. */
static inline int fz_path(char *out, size_t size, const char *dir, const char *name)
{
    int w = snprintf(out, size, "%s/%s", dir, name);
    return w >= 0 && (size_t)w < size ? 0 : -1;
}

/* Write n bytes to path (created or truncated).  Returns 0 or -1. */
static inline int fz_put(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = n ? fwrite(p, 1, n, f) : 0;
    return (fclose(f) == 0 && w == n) ? 0 : -1;
}

/* The whole file at path into out (cleared first).  Returns 0 or -1. */
static inline int fz_slurp(const char *path, rl_buf *out)
{
    rl_buf_clear(out);
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char chunk[16384];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rl_buf_put(out, chunk, n);
    int bad = ferror(f);
    fclose(f);
    return bad ? -1 : 0;
}

/* ---- a structural PDF check ------------------------------------------- */

static inline bool fz_pdf_ws(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

/* An unsigned decimal at p[*i] (at most 12 digits), advancing *i. */
static inline bool fz_pdf_uint(const char *p, size_t n, size_t *i, size_t *out)
{
    size_t k = *i, v = 0;
    while (k < n && k - *i < 12 && p[k] >= '0' && p[k] <= '9')
        v = v * 10 + (size_t)(p[k++] - '0');
    if (k == *i || (k < n && p[k] >= '0' && p[k] <= '9'))
        return false;
    *i = k;
    *out = v;
    return true;
}

static inline void fz_pdf_skip(const char *p, size_t n, size_t *i)
{
    while (*i < n && fz_pdf_ws(p[*i]))
        ++*i;
}

/* True if an indirect object "num gen obj" starts at off; *body gets the
 * offset just after "obj". */
static inline bool fz_pdf_obj_at(const char *p, size_t n, size_t off, size_t num, size_t gen, size_t *body)
{
    size_t i = off, a, b;
    if (off >= n || !fz_pdf_uint(p, n, &i, &a) || a != num)
        return false;
    fz_pdf_skip(p, n, &i);
    if (!fz_pdf_uint(p, n, &i, &b) || b != gen)
        return false;
    fz_pdf_skip(p, n, &i);
    if (i + 3 > n || memcmp(p + i, "obj", 3))
        return false;
    *body = i + 3;
    return true;
}

static inline const char *fz_pdf_find(const char *p, size_t from, size_t to, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = from; i + m <= to; i++)
        if (p[i] == needle[0] && !memcmp(p + i, needle, m))
            return p + i;
    return NULL;
}

/* Why the n bytes at p are not a well-formed PDF file, or NULL if they
 * are: "%PDF-1.x" first; "%%EOF" last (before trailing end-of-lines);
 * "startxref" giving the offset of either a cross-reference table or a
 * cross-reference stream object (/Type /XRef); in a table, every in-use
 * entry the offset of "N G obj" with N its object number and G its
 * generation, a trailer whose /Size is one past the highest number and
 * whose /Root is an in-use object; and every stream of an in-use object
 * whose /Length is a number (direct, or an indirect integer object)
 * ending in "endstream" exactly after that many bytes.  Structure only:
 * stream contents are not decoded. */
static inline const char *fz_pdf_problem(const char *p, size_t n)
{
    if (n < 16 || memcmp(p, "%PDF-1.", 7) || p[7] < '0' || p[7] > '7')
        return "no %PDF-1.x header";
    size_t end = n;
    while (end > 0 && (p[end - 1] == '\n' || p[end - 1] == '\r' || p[end - 1] == ' '))
        end--;
    if (end < 5 || memcmp(p + end - 5, "%%EOF", 5))
        return "no %%EOF at the end";
    const char *sx = NULL;
    for (size_t i = end > 1024 ? end - 1024 : 0; i + 9 <= end; i++)
        if (!memcmp(p + i, "startxref", 9))
            sx = p + i;
    if (!sx)
        return "no startxref";
    size_t i = (size_t)(sx - p) + 9, xoff;
    fz_pdf_skip(p, n, &i);
    if (!fz_pdf_uint(p, n, &i, &xoff) || xoff >= (size_t)(sx - p))
        return "startxref offset out of the file";
    if (memcmp(p + xoff, "xref", 4) != 0) {
        /* A cross-reference stream: "N G obj << ... /Type /XRef ... >> stream". */
        size_t k = xoff, num, gen, body;
        if (!fz_pdf_uint(p, n, &k, &num))
            return "startxref points at neither xref nor an object";
        fz_pdf_skip(p, n, &k);
        if (!fz_pdf_uint(p, n, &k, &gen) || !fz_pdf_obj_at(p, n, xoff, num, gen, &body))
            return "startxref points at neither xref nor an object";
        const char *st = fz_pdf_find(p, body, n, "stream");
        if (!st || !fz_pdf_find(p, body, (size_t)(st - p), "/XRef"))
            return "startxref object is not a cross-reference stream";
        return NULL;
    }
    /* The table: subsections "first count" of 20-byte entries. */
    size_t cap = 0, maxnum = 0, *offs = NULL;
    const char *why = NULL;
    i = xoff + 4;
    for (;;) {
        fz_pdf_skip(p, n, &i);
        if (i + 7 <= n && !memcmp(p + i, "trailer", 7))
            break;
        size_t first, count;
        if (!fz_pdf_uint(p, n, &i, &first)) {
            why = "malformed xref subsection header";
            goto out;
        }
        while (i < n && p[i] == ' ')
            i++;
        if (!fz_pdf_uint(p, n, &i, &count) || first > 8000000 || count > 8000000) {
            why = "malformed xref subsection header";
            goto out;
        }
        while (i < n && (p[i] == ' ' || p[i] == '\r' || p[i] == '\n'))
            i++;
        if (count > (n - i) / 20) {
            why = "xref entries run past the end of the file";
            goto out;
        }
        if (first + count > cap) {
            size_t nc = first + count;
            size_t *o = realloc(offs, (nc + 1) * sizeof *o);
            if (!o) {
                why = "out of memory";
                goto out;
            }
            for (size_t k = cap; k <= nc; k++)
                o[k] = (size_t)-1;
            offs = o;
            cap = nc;
        }
        for (size_t k = 0; k < count; k++, i += 20) {
            const char *e = p + i;
            for (int j = 0; j < 10; j++)
                if (e[j] < '0' || e[j] > '9')
                    why = "malformed xref entry";
            for (int j = 11; j < 16; j++)
                if (e[j] < '0' || e[j] > '9')
                    why = "malformed xref entry";
            bool eol = (e[18] == ' ' && (e[19] == '\n' || e[19] == '\r')) || (e[18] == '\r' && e[19] == '\n');
            if (e[10] != ' ' || e[16] != ' ' || (e[17] != 'n' && e[17] != 'f') || !eol)
                why = "malformed xref entry";
            if (why)
                goto out;
            if (first + k + 1 > maxnum)
                maxnum = first + k + 1;
            if (e[17] != 'n')
                continue;
            size_t off = strtoul(e, NULL, 10), gen = strtoul(e + 11, NULL, 10), body;
            if (!fz_pdf_obj_at(p, n, off, first + k, gen, &body)) {
                why = "an xref entry does not point at its object";
                goto out;
            }
            offs[first + k] = off;
        }
    }
    /* The trailer dictionary. */
    {
        size_t t0 = i, t1 = (size_t)(sx - p), k, size, root, rgen;
        const char *sz = fz_pdf_find(p, t0, t1, "/Size");
        if (!sz || (k = (size_t)(sz - p) + 5, fz_pdf_skip(p, n, &k), !fz_pdf_uint(p, n, &k, &size)) ||
            size != maxnum) {
            why = "trailer /Size is not one past the highest object number";
            goto out;
        }
        const char *rt = fz_pdf_find(p, t0, t1, "/Root");
        if (!rt) {
            why = "trailer has no /Root";
            goto out;
        }
        k = (size_t)(rt - p) + 5;
        fz_pdf_skip(p, n, &k);
        bool ok = fz_pdf_uint(p, n, &k, &root);
        fz_pdf_skip(p, n, &k);
        ok = ok && fz_pdf_uint(p, n, &k, &rgen);
        fz_pdf_skip(p, n, &k);
        if (!ok || k >= n || p[k] != 'R' || root >= cap || offs[root] == (size_t)-1) {
            why = "trailer /Root is not an in-use object";
            goto out;
        }
    }
    /* Streams: each object's extent is up to the next object (or the xref). */
    for (size_t num = 0; num < cap; num++) {
        if (offs[num] == (size_t)-1)
            continue;
        size_t lo = offs[num], hi = xoff;
        for (size_t m = 0; m < cap; m++)
            if (offs[m] != (size_t)-1 && offs[m] > lo && offs[m] < hi)
                hi = offs[m];
        /* The dictionary ends at the first ">>" followed by "stream" and an end of line. */
        size_t ds = 0, dict_end = 0;
        for (const char *s = fz_pdf_find(p, lo, hi, "stream"); s; s = fz_pdf_find(p, (size_t)(s - p) + 1, hi, "stream")) {
            size_t b = (size_t)(s - p);
            size_t a = b;
            while (a > lo && fz_pdf_ws(p[a - 1]))
                a--;
            if (a < lo + 2 || p[a - 1] != '>' || p[a - 2] != '>')
                continue;
            size_t d = b + 6;
            if (d + 1 < n && p[d] == '\r' && p[d + 1] == '\n')
                d += 2;
            else if (d < n && p[d] == '\n')
                d += 1;
            else
                continue;
            ds = d;
            dict_end = a;
            break;
        }
        if (!ds)
            continue;
        const char *L = NULL;
        /* "/Length", not "/Length1" (a font file's own key). */
        for (const char *s = fz_pdf_find(p, lo, dict_end, "/Length"); s && !L;
             s = fz_pdf_find(p, (size_t)(s - p) + 1, dict_end, "/Length"))
            if (fz_pdf_ws(s[7]))
                L = s;
        if (!L) {
            why = "a stream has no /Length";
            goto out;
        }
        size_t k = (size_t)(L - p) + 7, len, ref, g;
        fz_pdf_skip(p, n, &k);
        if (!fz_pdf_uint(p, n, &k, &len)) {
            why = "a stream /Length is not a number";
            goto out;
        }
        size_t k2 = k;
        fz_pdf_skip(p, n, &k2);
        if (fz_pdf_uint(p, n, &k2, &g)) {
            fz_pdf_skip(p, n, &k2);
            if (k2 < n && p[k2] == 'R') {
                ref = len;
                size_t body;
                if (ref >= cap || offs[ref] == (size_t)-1 || !fz_pdf_obj_at(p, n, offs[ref], ref, g, &body)) {
                    why = "a stream /Length refers to a missing object";
                    goto out;
                }
                fz_pdf_skip(p, n, &body);
                if (!fz_pdf_uint(p, n, &body, &len)) {
                    why = "a stream /Length object is not a number";
                    goto out;
                }
            }
        }
        size_t e = ds + len;
        if (e > n || e < ds) {
            why = "a stream runs past the end of the file";
            goto out;
        }
        if (e + 1 < n && p[e] == '\r' && p[e + 1] == '\n')
            e += 2;
        else if (e < n && (p[e] == '\n' || p[e] == '\r'))
            e += 1;
        if (e + 9 > n || memcmp(p + e, "endstream", 9)) {
            why = "a stream's /Length does not end at endstream";
            goto out;
        }
    }
out:
    free(offs);
    return why;
}

#endif
