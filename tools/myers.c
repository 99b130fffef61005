/* myers.c - word diff on integer arrays: Myers, bounded, and histogram.
 *
 * rl_myers_diff is E. W. Myers, "An O(ND) Difference Algorithm and Its
 * Variations", Algorithmica 1 (1986), section 4b: linear space, the middle
 * snake found by running the forward and backward searches at once, then
 * divide and conquer.  As in git's xdiff (xdiffi.c), the search for one
 * split gives up once its cost passes a bound (about the square root of
 * the input size, at least 256) and splits at the diagonal that reached
 * furthest instead; this keeps unrelated texts near-linear at the price of
 * a slightly longer script there.  Common prefixes and suffixes are trimmed
 * at every level first.
 *
 * rl_histogram_diff follows the idea of git's xhistogram.c (itself from
 * JGit): in each region, anchor on a common element that occurs rarely in
 * the old side, extended to the longest run of matches around it, and
 * recurse on both sides; regions with no rare common element go to Myers.
 * It tends to keep rare words (names, numbers) aligned where Myers may
 * align on frequent words such as "the".
 */
#include "myers.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

void rl_myers_work_free(rl_myers_work *w)
{
    if (!w)
        return;
    free(w->kv);
    free(w->tmp);
    w->kv = NULL;
    w->tmp = NULL;
    w->kvcap = w->tmpcap = 0;
}

size_t rl_myers_common(const uint8_t *del, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += !del[i];
    return c;
}

/* ---- Myers ------------------------------------------------------------ */

typedef struct env {
    const uint32_t *a, *b;
    uint8_t *del, *ins;
    long *kvdf, *kvdb;   /* indexed by diagonal k = i - j */
    long mxcost;
} env;

typedef struct split {
    long i1, i2;
    bool min_lo, min_hi;
} split;

/* Find the split point of a[off1,lim1) x b[off2,lim2) (both non-empty and
 * with different first and last elements). */
static void find_split(env *e, long off1, long lim1, long off2, long lim2, bool need_min, split *spl)
{
    const uint32_t *a = e->a, *b = e->b;
    long *kvdf = e->kvdf, *kvdb = e->kvdb;
    long dmin = off1 - lim2, dmax = lim1 - off2;
    long fmid = off1 - off2, bmid = lim1 - lim2;
    bool odd = (fmid - bmid) & 1;
    long fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
    kvdf[fmid] = off1;
    kvdb[bmid] = lim1;
    for (long ec = 1;; ec++) {
        /* Forward: extend the diagonal range, then advance each diagonal. */
        if (fmin > dmin)
            kvdf[--fmin - 1] = -1;
        else
            ++fmin;
        if (fmax < dmax)
            kvdf[++fmax + 1] = -1;
        else
            --fmax;
        for (long d = fmax; d >= fmin; d -= 2) {
            long i1 = kvdf[d - 1] >= kvdf[d + 1] ? kvdf[d - 1] + 1 : kvdf[d + 1];
            long i2 = i1 - d;
            while (i1 < lim1 && i2 < lim2 && a[i1] == b[i2])
                i1++, i2++;
            kvdf[d] = i1;
            if (odd && bmin <= d && d <= bmax && kvdb[d] <= i1) {
                spl->i1 = i1;
                spl->i2 = i2;
                spl->min_lo = spl->min_hi = true;
                return;
            }
        }
        /* Backward. */
        if (bmin > dmin)
            kvdb[--bmin - 1] = LONG_MAX;
        else
            ++bmin;
        if (bmax < dmax)
            kvdb[++bmax + 1] = LONG_MAX;
        else
            --bmax;
        for (long d = bmax; d >= bmin; d -= 2) {
            long i1 = kvdb[d - 1] < kvdb[d + 1] ? kvdb[d - 1] : kvdb[d + 1] - 1;
            long i2 = i1 - d;
            while (i1 > off1 && i2 > off2 && a[i1 - 1] == b[i2 - 1])
                i1--, i2--;
            kvdb[d] = i1;
            if (!odd && fmin <= d && d <= fmax && i1 <= kvdf[d]) {
                spl->i1 = i1;
                spl->i2 = i2;
                spl->min_lo = spl->min_hi = true;
                return;
            }
        }
        if (need_min || ec < e->mxcost)
            continue;
        /* Too costly: split at the furthest-reaching forward or backward
         * diagonal, whichever got further into its direction. */
        long fbest = -1, fbest1 = -1;
        for (long d = fmax; d >= fmin; d -= 2) {
            long i1 = kvdf[d] < lim1 ? kvdf[d] : lim1;
            long i2 = i1 - d;
            if (lim2 < i2)
                i1 = lim2 + d, i2 = lim2;
            if (fbest < i1 + i2)
                fbest = i1 + i2, fbest1 = i1;
        }
        long bbest = LONG_MAX, bbest1 = LONG_MAX;
        for (long d = bmax; d >= bmin; d -= 2) {
            long i1 = kvdb[d] > off1 ? kvdb[d] : off1;
            long i2 = i1 - d;
            if (i2 < off2)
                i1 = off2 + d, i2 = off2;
            if (i1 + i2 < bbest)
                bbest = i1 + i2, bbest1 = i1;
        }
        if ((lim1 + lim2) - bbest < fbest - (off1 + off2)) {
            spl->i1 = fbest1;
            spl->i2 = fbest - fbest1;
            spl->min_lo = true;
            spl->min_hi = false;
        } else {
            spl->i1 = bbest1;
            spl->i2 = bbest - bbest1;
            spl->min_lo = false;
            spl->min_hi = true;
        }
        return;
    }
}

static void compare(env *e, long off1, long lim1, long off2, long lim2, bool need_min)
{
    for (;;) {
        while (off1 < lim1 && off2 < lim2 && e->a[off1] == e->b[off2])
            off1++, off2++;
        while (off1 < lim1 && off2 < lim2 && e->a[lim1 - 1] == e->b[lim2 - 1])
            lim1--, lim2--;
        if (off1 == lim1) {
            for (long j = off2; j < lim2; j++)
                e->ins[j] = 1;
            return;
        }
        if (off2 == lim2) {
            for (long i = off1; i < lim1; i++)
                e->del[i] = 1;
            return;
        }
        split spl;
        find_split(e, off1, lim1, off2, lim2, need_min, &spl);
        /* Recurse on the smaller half, loop on the other: bounded depth. */
        if (spl.i1 - off1 + spl.i2 - off2 <= lim1 - spl.i1 + lim2 - spl.i2) {
            compare(e, off1, spl.i1, off2, spl.i2, spl.min_lo);
            off1 = spl.i1, off2 = spl.i2, need_min = spl.min_hi;
        } else {
            compare(e, spl.i1, lim1, spl.i2, lim2, spl.min_hi);
            lim1 = spl.i1, lim2 = spl.i2, need_min = spl.min_lo;
        }
    }
}

static long bogosqrt(long n)
{
    long i = 1;
    while (i * i < n)
        i <<= 1;
    return i;
}

static void myers_region(const uint32_t *a, size_t n, const uint32_t *b, size_t m, uint8_t *del,
                         uint8_t *ins, bool minimal, rl_myers_work *w)
{
    if (n == 0 || m == 0) {
        memset(del, 1, n);
        memset(ins, 1, m);
        return;
    }
    size_t ndiags = n + m + 3;
    rl_myers_work local = {0};
    if (!w)
        w = &local;
    if (w->kvcap < 2 * ndiags) {
        free(w->kv);
        w->kvcap = 2 * ndiags;
        w->kv = rl_xmalloc(w->kvcap * sizeof *w->kv);
    }
    env e = {a, b, del, ins, NULL, NULL, 0};
    e.kvdf = w->kv + m + 1;
    e.kvdb = w->kv + ndiags + m + 1;
    e.mxcost = bogosqrt((long)ndiags);
    if (e.mxcost < 256)
        e.mxcost = 256;
    compare(&e, 0, (long)n, 0, (long)m, minimal);
    rl_myers_work_free(&local);
}

void rl_myers_diff(const uint32_t *a, size_t n, const uint32_t *b, size_t m, uint8_t *del,
                   uint8_t *ins, bool minimal, rl_myers_work *w)
{
    memset(del, 0, n);
    memset(ins, 0, m);
    myers_region(a, n, b, m, del, ins, minimal, w);
}

/* ---- histogram -------------------------------------------------------- */

#define MAX_CHAIN 64   /* elements more frequent than this are no anchors (git) */

typedef struct hist {
    const uint32_t *a, *b;
    uint8_t *del, *ins;
    rl_myers_work *w;
    /* scratch hash table id -> (count, first position in chain) */
    uint32_t *key, *cnt, *head;
    uint32_t *next;     /* chain of positions in a with the same id */
    size_t nslots;
} hist;

static size_t slot_of(const hist *h, uint32_t id)
{
    size_t mask = h->nslots - 1;
    size_t i = (id * 2654435761u) & mask;
    while (h->cnt[i] && h->key[i] != id)
        i = (i + 1) & mask;
    return i;
}

static void hist_region(hist *h, size_t a0, size_t a1, size_t b0, size_t b1, int depth)
{
    while (a0 < a1 && b0 < b1 && h->a[a0] == h->b[b0])
        a0++, b0++;
    while (a0 < a1 && b0 < b1 && h->a[a1 - 1] == h->b[b1 - 1])
        a1--, b1--;
    if (a0 == a1 || b0 == b1 || depth > 64) {
        myers_region(h->a + a0, a1 - a0, h->b + b0, b1 - b0, h->del + a0, h->ins + b0, false, h->w);
        return;
    }
    size_t na = a1 - a0;
    size_t nslots = 16;
    while (nslots < 2 * na)
        nslots <<= 1;
    uint32_t *mem = rl_xcalloc(nslots * 3 + na, sizeof(uint32_t));
    hist sub = *h;
    sub.key = mem;
    sub.cnt = mem + nslots;
    sub.head = mem + 2 * nslots;
    sub.next = mem + 3 * nslots;
    sub.nslots = nslots;
    /* Chains from last to first so walking a chain goes forward in a. */
    for (size_t i = a1; i-- > a0;) {
        size_t s = slot_of(&sub, h->a[i]);
        sub.key[s] = h->a[i];
        sub.next[i - a0] = sub.cnt[s] ? sub.head[s] : UINT32_MAX;
        sub.head[s] = (uint32_t)(i - a0);
        sub.cnt[s]++;
    }
    size_t best_len = 0, best_a = 0, best_b = 0;
    uint32_t best_cnt = MAX_CHAIN + 1;
    for (size_t j = b0; j < b1;) {
        size_t s = slot_of(&sub, h->b[j]);
        size_t next_j = j + 1;
        if (sub.cnt[s] && sub.cnt[s] <= best_cnt) {
            for (uint32_t p = sub.head[s]; p != UINT32_MAX; p = sub.next[p]) {
                size_t i = a0 + p;
                size_t s0 = i, t0 = j, e0 = i + 1, f0 = j + 1;
                uint32_t rc = sub.cnt[s];
                while (s0 > a0 && t0 > b0 && h->a[s0 - 1] == h->b[t0 - 1]) {
                    s0--, t0--;
                    uint32_t c = sub.cnt[slot_of(&sub, h->a[s0])];
                    if (c < rc)
                        rc = c;
                }
                while (e0 < a1 && f0 < b1 && h->a[e0] == h->b[f0]) {
                    uint32_t c = sub.cnt[slot_of(&sub, h->a[e0])];
                    if (c < rc)
                        rc = c;
                    e0++, f0++;
                }
                if (f0 > next_j)
                    next_j = f0;
                if (e0 - s0 > best_len || rc < best_cnt) {
                    best_len = e0 - s0;
                    best_a = s0;
                    best_b = t0;
                    best_cnt = rc;
                }
            }
        }
        j = next_j;
    }
    free(mem);
    if (best_len == 0) {
        myers_region(h->a + a0, na, h->b + b0, b1 - b0, h->del + a0, h->ins + b0, false, h->w);
        return;
    }
    hist_region(h, a0, best_a, b0, best_b, depth + 1);
    hist_region(h, best_a + best_len, a1, best_b + best_len, b1, depth + 1);
}

void rl_histogram_diff(const uint32_t *a, size_t n, const uint32_t *b, size_t m, uint8_t *del,
                       uint8_t *ins, rl_myers_work *w)
{
    memset(del, 0, n);
    memset(ins, 0, m);
    hist h = {a, b, del, ins, w, NULL, NULL, NULL, NULL, 0};
    hist_region(&h, 0, n, 0, m, 0);
}
