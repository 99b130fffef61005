/* test_fuzzy.c - Myers' bit-parallel matcher against plain dynamic programming. */
#include "harness.h"
#include "fuzzy.h"

#include <stdlib.h>

static uint32_t rng_state = 12345;
static uint32_t rnd(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (rng_state >> 8) & 0xffffff;
}

/* Reference: semi-global edit distance, D[0][j] = 0. */
static void brute_scores(const int32_t *t, size_t n, const int32_t *p, size_t m, uint32_t *out)
{
    size_t *col = malloc((m + 1) * sizeof *col);
    for (size_t i = 0; i <= m; i++)
        col[i] = i;
    out[0] = (uint32_t)m;
    for (size_t j = 1; j <= n; j++) {
        size_t diag = col[0];
        col[0] = 0;
        for (size_t i = 1; i <= m; i++) {
            size_t left = col[i];
            size_t best = diag + (p[i - 1] != t[j - 1]);
            if (left + 1 < best)
                best = left + 1;
            if (col[i - 1] + 1 < best)
                best = col[i - 1] + 1;
            col[i] = best;
            diag = left;
        }
        out[j] = (uint32_t)col[m];
    }
    free(col);
}

static size_t utf32(const char *z, int32_t *out)
{
    size_t n = 0, len = strlen(z);
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += (size_t)rl_utf8_decode(z + i, len - i, &cp);
        out[n++] = cp;
    }
    return n;
}

static void random_vs_brute(size_t m, size_t n, int alphabet)
{
    int32_t *t = malloc(n * sizeof *t), *p = malloc(m * sizeof *p);
    uint32_t *a = malloc((n + 1) * sizeof *a), *b = malloc((n + 1) * sizeof *b);
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < n; i++)
            t[i] = 0x430 + (int32_t)(rnd() % (uint32_t)alphabet);  /* Cyrillic: outside ASCII */
        /* Half the time the pattern is a mutated piece of the text. */
        size_t at = n > m ? rnd() % (n - m) : 0;
        for (size_t i = 0; i < m; i++)
            p[i] = (round % 2 && at + i < n && rnd() % 8) ? t[at + i] : 0x430 + (int32_t)(rnd() % (uint32_t)alphabet);
        rl_fuzzy_scores(t, n, p, m, a);
        brute_scores(t, n, p, m, b);
        for (size_t j = 0; j <= n; j++)
            if (a[j] != b[j])
                fail_msg("m=%zu n=%zu round %d: score at %zu is %u, expected %u", m, n, round, j, a[j], b[j]);
        /* Every reported best hit really has that many edits. */
        rl_fuzzy_hit hits[64];
        size_t nh = rl_fuzzy_search(t, n, p, m, hits, 64);
        assert_true(nh > 0);
        for (size_t h = 0; h < nh && h < 64; h++) {
            size_t d = rl_fuzzy_distance(p, m, t + hits[h].start, hits[h].end - hits[h].start);
            assert_int_equal(d, hits[h].edits);
            if (h > 0 && hits[h].edits > 0)
                assert_true(hits[h].start >= hits[h - 1].end);
        }
    }
    free(t);
    free(p);
    free(a);
    free(b);
}

static void test_myers_short(void **state)
{
    (void)state;
    random_vs_brute(5, 200, 3);
    random_vs_brute(63, 300, 4);
    random_vs_brute(64, 300, 4);
}

static void test_myers_long(void **state)
{
    /* Patterns over one 64-bit word: the blocked variant. */
    (void)state;
    random_vs_brute(65, 400, 4);
    random_vs_brute(128, 500, 5);
    random_vs_brute(200, 600, 26);
    random_vs_brute(333, 700, 2);
}

static void test_exact_hits(void **state)
{
    (void)state;
    int32_t t[64], p[16];
    size_t n = utf32("the cat and the cat and the dog", t);
    size_t m = utf32("the cat", p);
    rl_fuzzy_hit hits[4];
    assert_int_equal(rl_fuzzy_search(t, n, p, m, hits, 4), 2);
    assert_int_equal(hits[0].start, 0);
    assert_int_equal(hits[0].end, 7);
    assert_int_equal(hits[1].start, 12);
    assert_int_equal(hits[0].edits, 0);
}

static void test_fuzzy_hit(void **state)
{
    (void)state;
    int32_t t[128], p[64];
    size_t n = utf32("States must play the same role in the governance of the Internet", t);
    size_t m = utf32("play an equal role in the governance", p);
    rl_fuzzy_hit hits[4];
    assert_int_equal(rl_fuzzy_search(t, n, p, m, hits, 4), 1);
    /* "play the same role in the governance" */
    assert_int_equal(hits[0].start, 12);
    assert_int_equal(hits[0].end, 48);
    assert_int_equal(hits[0].edits, rl_fuzzy_distance(p, m, t + 12, 36));
    assert_true(hits[0].edits <= 8);
}

static void test_unicode_code_points(void **state)
{
    /* One edit is one code point, never one byte. */
    (void)state;
    int32_t a[16], b[16];
    size_t na = utf32("café", a), nb = utf32("cafe", b);
    assert_int_equal(na, 4);
    assert_int_equal(rl_fuzzy_distance(a, na, b, nb), 1);
}

static void test_align_prefers_full_length(void **state)
{
    (void)state;
    int32_t t[32], p[8];
    size_t n = utf32("xxabxcyy", t);
    size_t m = utf32("abc", p);
    size_t start;
    /* "abxc" ends at 6: one insertion. */
    assert_int_equal(rl_fuzzy_align(t, n, p, m, 6, &start), 1);
    assert_int_equal(start, 2);
}

static void test_empty(void **state)
{
    (void)state;
    int32_t t[4] = {'a', 'b'}, p[1] = {'a'};
    rl_fuzzy_hit h[1];
    assert_int_equal(rl_fuzzy_search(t, 0, p, 1, h, 1), 0);
    assert_int_equal(rl_fuzzy_search(t, 2, p, 0, h, 1), 0);
    uint32_t sc[3];
    rl_fuzzy_scores(t, 2, p, 0, sc);
    assert_int_equal(sc[2], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_myers_short),
        cmocka_unit_test(test_myers_long),
        cmocka_unit_test(test_exact_hits),
        cmocka_unit_test(test_fuzzy_hit),
        cmocka_unit_test(test_unicode_code_points),
        cmocka_unit_test(test_align_prefers_full_length),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests_name("fuzzy", tests, NULL, NULL);
}
