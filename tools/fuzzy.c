/* fuzzy.c - approximate string matching (re-anchoring changed quotes).
 *
 * The scan is Myers' bit-parallel algorithm for approximate string matching
 * ("A fast bit-vector algorithm for approximate string matching based on
 * dynamic programming", J. ACM 46(3), 1999), in Hyyro's formulation, and
 * blocked into 64-bit words as Hyyro ("Explaining and extending the
 * bit-parallel approximate string matching algorithm of Myers", 2001) and
 * edlib do: each word passes its horizontal delta on to the next, so
 * patterns longer than 64 code points work at O(n * ceil(m/64)).  This is
 * what Hypothesis's anchoring uses (approx-string-match); diff-match-patch's
 * Bitap was rejected because it stops at 32 characters and needs a
 * threshold up front.  The scan gives only end positions and their edit
 * counts; the start of a hit is found afterwards by a small dynamic program
 * over the window before it (reversed, so it needs one row of memory).
 * The alphabet is Unicode, so the match-vector table is indexed through an
 * open-addressed hash of the pattern's distinct code points.
 */
#include "fuzzy.h"

#include <stdlib.h>
#include <string.h>

/* ---- distinct pattern code points -> rows of the match-vector table ---- */

typedef struct cpmap {
    int32_t *keys;
    uint32_t *vals;
    size_t cap;  /* power of two; empty slots hold key -1 */
} cpmap;

static size_t slot_of(const cpmap *h, int32_t cp)
{
    /* Fibonacci hashing: code points of one script are clustered. */
    size_t i = (size_t)(((uint32_t)cp * 2654435769u) >> 7) & (h->cap - 1);
    while (h->keys[i] != -1 && h->keys[i] != cp)
        i = (i + 1) & (h->cap - 1);
    return i;
}

static long lookup(const cpmap *h, int32_t cp)
{
    size_t i = slot_of(h, cp);
    return h->keys[i] == cp ? (long)h->vals[i] : -1;
}

void rl_fuzzy_scores(const int32_t *t, size_t n, const int32_t *p, size_t m, uint32_t *out)
{
    if (m == 0) {
        memset(out, 0, (n + 1) * sizeof *out);
        return;
    }
    size_t nb = (m + 63) / 64;
    cpmap h = {0};
    h.cap = 16;
    while (h.cap < 2 * m)
        h.cap <<= 1;
    h.keys = rl_xmalloc(h.cap * sizeof *h.keys);
    h.vals = rl_xmalloc(h.cap * sizeof *h.vals);
    for (size_t i = 0; i < h.cap; i++)
        h.keys[i] = -1;
    /* Row r of peq: bit i of word b set when p[64b + i] is the r-th distinct
     * code point.  At most m distinct code points. */
    uint64_t *peq = rl_xcalloc(m * nb, sizeof *peq);
    uint32_t ndistinct = 0;
    for (size_t i = 0; i < m; i++) {
        size_t s = slot_of(&h, p[i]);
        if (h.keys[s] == -1) {
            h.keys[s] = p[i];
            h.vals[s] = ndistinct++;
        }
        peq[h.vals[s] * nb + i / 64] |= (uint64_t)1 << (i % 64);
    }
    uint64_t *pv = rl_xmalloc(nb * sizeof *pv), *mv = rl_xcalloc(nb, sizeof *mv);
    uint64_t *zero = rl_xcalloc(nb, sizeof *zero);
    for (size_t b = 0; b < nb; b++)
        pv[b] = ~(uint64_t)0;
    const uint64_t high = (uint64_t)1 << 63;
    const uint64_t last = (uint64_t)1 << ((m - 1) % 64);
    size_t score = m;
    out[0] = (uint32_t)m;
    for (size_t j = 0; j < n; j++) {
        long r = lookup(&h, t[j]);
        const uint64_t *eqv = r < 0 ? zero : &peq[(size_t)r * nb];
        /* Row 0 is all zeros (a match may start anywhere): the first word
         * sees a horizontal delta of 0 from above. */
        int hin = 0;
        for (size_t b = 0; b < nb; b++) {
            uint64_t eq = eqv[b], p0 = pv[b], m0 = mv[b];
            uint64_t xv = eq | m0;
            if (hin < 0)
                eq |= 1;
            uint64_t xh = (((eq & p0) + p0) ^ p0) | eq;
            uint64_t ph = m0 | ~(xh | p0);
            uint64_t mh = p0 & xh;
            /* The last word reports the delta at row m, not at its top bit:
             * the padding bits above m only ever influence higher bits. */
            uint64_t bit = b + 1 == nb ? last : high;
            int hout = (ph & bit) ? 1 : (mh & bit) ? -1 : 0;
            ph <<= 1;
            mh <<= 1;
            if (hin < 0)
                mh |= 1;
            else if (hin > 0)
                ph |= 1;
            pv[b] = mh | ~(xv | ph);
            mv[b] = ph & xv;
            hin = hout;
        }
        score = (size_t)((long)score + hin);
        out[j + 1] = (uint32_t)score;
    }
    free(zero);
    free(mv);
    free(pv);
    free(peq);
    free(h.vals);
    free(h.keys);
}

size_t rl_fuzzy_align(const int32_t *t, size_t n, const int32_t *p, size_t m, size_t end, size_t *start)
{
    if (end > n)
        end = n;
    /* A best occurrence has at most m edits, so at most 2m code points. */
    size_t w = end < 2 * m ? end : 2 * m;
    /* row[j] = distance of p reversed, first i code points, against the
     * j code points before `end`, reversed. */
    size_t *row = rl_xmalloc((w + 1) * sizeof *row);
    for (size_t j = 0; j <= w; j++)
        row[j] = j;
    for (size_t i = 1; i <= m; i++) {
        size_t diag = row[0];
        row[0] = i;
        int32_t pc = p[m - i];
        for (size_t j = 1; j <= w; j++) {
            size_t up = row[j];
            size_t best = diag + (t[end - j] != pc);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t bj = 0;
    for (size_t j = 1; j <= w; j++) {
        size_t dj = j > m ? j - m : m - j, db = bj > m ? bj - m : m - bj;
        if (row[j] < row[bj] || (row[j] == row[bj] && dj <= db))
            bj = j;
    }
    size_t edits = row[bj];
    free(row);
    *start = end - bj;
    return edits;
}

size_t rl_fuzzy_search(const int32_t *t, size_t n, const int32_t *p, size_t m, rl_fuzzy_hit *hits, size_t max_hits)
{
    if (n == 0 || m == 0)
        return 0;
    uint32_t *sc = rl_xmalloc((n + 1) * sizeof *sc);
    rl_fuzzy_scores(t, n, p, m, sc);
    uint32_t k = sc[1];
    for (size_t j = 1; j <= n; j++)
        if (sc[j] < k)
            k = sc[j];
    size_t count = 0, prev_end = 0;
    for (size_t j = 1; j <= n; j++) {
        if (sc[j] != k)
            continue;
        rl_fuzzy_hit hit;
        if (k == 0) {
            hit = (rl_fuzzy_hit){j - m, j, 0};
        } else {
            /* Of a run of equally good ends, the last one: the earlier ends
             * stop short and count the missing tail as deletions. */
            while (j < n && sc[j + 1] == k)
                j++;
            hit.end = j;
            hit.edits = rl_fuzzy_align(t, n, p, m, j, &hit.start);
            if (count > 0 && hit.start < prev_end)
                continue;
        }
        if (count < max_hits)
            hits[count] = hit;
        count++;
        prev_end = hit.end;
    }
    free(sc);
    return count;
}

size_t rl_fuzzy_distance(const int32_t *a, size_t na, const int32_t *b, size_t nb)
{
    size_t *row = rl_xmalloc((nb + 1) * sizeof *row);
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t r = row[nb];
    free(row);
    return r;
}
