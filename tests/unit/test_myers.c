/* test_myers.c - the word diff and its cleanup on integer arrays. */
#include "harness.h"

#include "cleanup.h"
#include "intern.h"
#include "myers.h"
#include "words.h"

#include <stdlib.h>

static uint64_t rng_state;
static uint32_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(rng_state >> 33);
}

/* Length of the LCS by dynamic programming (the reference). */
static size_t lcs_dp(const uint32_t *a, size_t n, const uint32_t *b, size_t m)
{
    size_t *row = calloc(m + 1, sizeof *row), *prev = calloc(m + 1, sizeof *prev);
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++)
            row[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : (row[j - 1] > prev[j] ? row[j - 1] : prev[j]);
        size_t *t = row;
        row = prev;
        prev = t;
    }
    size_t r = prev[m];
    free(row);
    free(prev);
    return r;
}

/* The marks describe a common subsequence: same count on both sides and
 * equal elements pairwise. */
static size_t check_marks(const uint32_t *a, size_t n, const uint32_t *b, size_t m, const uint8_t *del,
                          const uint8_t *ins)
{
    size_t i = 0, j = 0, common = 0;
    for (;;) {
        while (i < n && del[i])
            i++;
        while (j < m && ins[j])
            j++;
        if (i == n || j == m)
            break;
        assert_int_equal(a[i], b[j]);
        i++, j++, common++;
    }
    while (i < n)
        assert_true(del[i++]);
    while (j < m)
        assert_true(ins[j++]);
    return common;
}

static void random_pair(uint32_t *a, size_t *n, uint32_t *b, size_t *m, size_t max, uint32_t alpha)
{
    *n = rnd() % max;
    for (size_t i = 0; i < *n; i++)
        a[i] = rnd() % alpha;
    /* b: a copy of a with random edits, so both related and unrelated cases occur */
    *m = 0;
    for (size_t i = 0; i < *n && *m < max; i++) {
        uint32_t r = rnd() % 10;
        if (r == 0)
            continue;
        if (r == 1 && *m < max)
            b[(*m)++] = rnd() % alpha;
        if (*m < max)
            b[(*m)++] = r == 2 ? rnd() % alpha : a[i];
    }
}

static void test_myers_minimal_random(void **state)
{
    (void)state;
    rng_state = 42;
    uint32_t a[200], b[200];
    uint8_t del[200], ins[200];
    rl_myers_work w = {0};
    for (int iter = 0; iter < 500; iter++) {
        size_t n, m;
        random_pair(a, &n, b, &m, 200, iter % 2 ? 4 : 50);
        rl_myers_diff(a, n, b, m, del, ins, true, &w);
        size_t common = check_marks(a, n, b, m, del, ins);
        assert_int_equal(common, lcs_dp(a, n, b, m));
        rl_myers_diff(a, n, b, m, del, ins, false, &w);
        check_marks(a, n, b, m, del, ins);
        rl_histogram_diff(a, n, b, m, del, ins, &w);
        check_marks(a, n, b, m, del, ins);
    }
    rl_myers_work_free(&w);
}

static void test_myers_edges(void **state)
{
    (void)state;
    uint32_t a[] = {1, 2, 3}, b[] = {1, 2, 3};
    uint8_t del[3] = {9, 9, 9}, ins[3] = {9, 9, 9};
    rl_myers_diff(a, 3, b, 3, del, ins, false, NULL);
    assert_int_equal(rl_myers_common(del, 3), 3);
    rl_myers_diff(a, 0, b, 3, del, ins, false, NULL);
    assert_true(ins[0] && ins[1] && ins[2]);
    rl_myers_diff(a, 3, b, 0, del, ins, false, NULL);
    assert_true(del[0] && del[1] && del[2]);
    uint32_t c[] = {4, 5, 6};
    rl_myers_diff(a, 3, c, 3, del, ins, false, NULL);
    assert_int_equal(rl_myers_common(del, 3), 0);
}

/* Unrelated long inputs: the bound keeps the work near-linear and the
 * result valid. */
static void test_myers_bounded_unrelated(void **state)
{
    (void)state;
    size_t n = 50000;
    uint32_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    uint8_t *del = malloc(n), *ins = malloc(n);
    rng_state = 7;
    for (size_t i = 0; i < n; i++) {
        a[i] = rnd() % 1000;
        b[i] = rnd() % 1000;
    }
    rl_myers_diff(a, n, b, n, del, ins, false, NULL);
    check_marks(a, n, b, n, del, ins);
    free(a);
    free(b);
    free(del);
    free(ins);
}

/* ---- cleanup ---------------------------------------------------------- */

static const char *render(const rl_run *r, size_t nr, const char *const *ow, const char *const *nw, char *out)
{
    out[0] = 0;
    for (size_t k = 0; k < nr; k++) {
        strcat(out, r[k].op == RL_OP_EQUAL ? "=" : r[k].op == RL_OP_DELETE ? "-" : "+");
        for (uint32_t i = 0; i < r[k].n; i++) {
            strcat(out, i ? " " : "");
            strcat(out, r[k].op == RL_OP_DELETE ? ow[r[k].old0 + i] : nw[r[k].new0 + i]);
        }
        strcat(out, "|");
    }
    return out;
}

/* Words to tokens and keys (tokens: a word each, with a space before all
 * but the first; "," and "." are glued punctuation). */
static size_t words(rl_arena *a, rl_intern *t, const char *const *w, rl_token **toks, uint32_t **keys)
{
    size_t n = 0;
    while (w[n])
        n++;
    *toks = rl_arena_array(a, n + 1, sizeof **toks);
    *keys = rl_arena_array(a, n + 1, sizeof **keys);
    for (size_t i = 0; i < n; i++) {
        bool p = !strcmp(w[i], ",") || !strcmp(w[i], ".");
        (*toks)[i] = (rl_token){rl_str_z(w[i]), 0, p ? RL_TOK_PUNCT : RL_TOK_WORD, 0,
                                (i == 0 || p) ? RL_SP_NONE : RL_SP_SPACE, 0};
        (*keys)[i] = rl_intern_token(t, &(*toks)[i]);
    }
    return n;
}

static const char *diff_words(rl_arena *a, const char *const *ow, const char *const *nw, bool semantic, char *out)
{
    rl_intern *t = rl_intern_new(a, false, false);
    rl_token *ot, *nt;
    uint32_t *ok, *nk;
    size_t n = words(a, t, ow, &ot, &ok), m = words(a, t, nw, &nt, &nk);
    uint8_t del[64], ins[64];
    rl_myers_diff(ok, n, nk, m, del, ins, true, NULL);
    rl_seq so = {ok, ot, n}, sn = {nk, nt, m};
    size_t nr;
    rl_run *r = rl_cleanup_runs(a, &so, &sn, del, ins, semantic, &nr, NULL);
    /* the runs cover both sides in order */
    size_t i = 0, j = 0;
    for (size_t k = 0; k < nr; k++) {
        assert_true(r[k].n > 0);
        if (r[k].op != RL_OP_INSERT) {
            assert_int_equal(r[k].old0, i);
            i += r[k].n;
        }
        if (r[k].op != RL_OP_DELETE) {
            assert_int_equal(r[k].new0, j);
            j += r[k].n;
        }
        if (k > 0)
            assert_false(r[k].op == r[k - 1].op);
    }
    assert_int_equal(i, n);
    assert_int_equal(j, m);
    return render(r, nr, ow, nw, out);
}

static void test_cleanup_confetti(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    char out[512];
    const char *ow[] = {"States", "should", "cooperate", "in", "the", "fight", "against", "crime", NULL};
    const char *nw[] = {"States", "must", "work", "in", "a", "fight", "against", "crime", NULL};
    /* raw: "in" survives alone between two changes */
    assert_string_equal(diff_words(a, ow, nw, false, out),
                        "=States|-should cooperate|+must work|=in|-the|+a|=fight against crime|");
    /* cleaned: one deletion, one insertion */
    assert_string_equal(diff_words(a, ow, nw, true, out),
                        "=States|-should cooperate in the|+must work in a|=fight against crime|");
    rl_arena_free(a);
}

static void test_cleanup_keeps_long_equalities(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    char out[512];
    const char *ow[] = {"a", "x", "the", "long", "middle", "part", "y", "b", NULL};
    const char *nw[] = {"a", "p", "the", "long", "middle", "part", "q", "b", NULL};
    assert_string_equal(diff_words(a, ow, nw, true, out), "=a|-x|+p|=the long middle part|-y|+q|=b|");
    rl_arena_free(a);
}

static void test_cleanup_slides_to_word_boundary(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    char out[512];
    /* "a, b" -> "a, c, b": insert "c ," (after the comma), not ", c" */
    const char *ow[] = {"a", ",", "b", NULL};
    const char *nw[] = {"a", ",", "c", ",", "b", NULL};
    assert_string_equal(diff_words(a, ow, nw, true, out), "=a ,|+c ,|=b|");
    /* a repeated word: the later copy is the insertion (xdiff slides down) */
    const char *ow2[] = {"the", "big", "dog", NULL};
    const char *nw2[] = {"the", "big", "big", "dog", NULL};
    assert_string_equal(diff_words(a, ow2, nw2, true, out), "=the big|+big|=dog|");
    rl_arena_free(a);
}

static void test_cleanup_factor_common_ends(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    char out[512];
    const char *ow[] = {"one", "two", "three", NULL};
    const char *nw[] = {"four", "five", "six", NULL};
    assert_string_equal(diff_words(a, ow, nw, true, out), "-one two three|+four five six|");
    const char *ow2[] = {NULL};
    assert_string_equal(diff_words(a, ow2, nw, true, out), "+four five six|");
    assert_string_equal(diff_words(a, ow2, ow2, true, out), "");
    rl_arena_free(a);
}

static void test_intern_keys(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_intern *t = rl_intern_new(a, false, false);
    uint32_t x = rl_intern_bytes(t, "State\xE2\x80\x99s", 9), y = rl_intern_bytes(t, "State's", 7);
    assert_int_equal(x, y);
    assert_int_equal(rl_intern_bytes(t, "\xE2\x80\x9Cx\xE2\x80\x9D", 7), rl_intern_bytes(t, "\"x\"", 3));
    /* NFC: e + combining acute == precomposed e-acute */
    assert_int_equal(rl_intern_bytes(t, "cafe\xCC\x81", 6), rl_intern_bytes(t, "caf\xC3\xA9", 5));
    assert_int_not_equal(rl_intern_bytes(t, "State", 5), rl_intern_bytes(t, "state", 5));
    rl_intern *ci = rl_intern_new(a, true, false);
    assert_int_equal(rl_intern_bytes(ci, "State", 5), rl_intern_bytes(ci, "sTATE", 5));
    assert_int_equal(rl_intern_bytes(ci, "\xC3\x84RGER", 6), rl_intern_bytes(ci, "\xC3\xA4rger", 6));
    /* many keys: the table grows and ids stay dense and stable */
    char buf[16];
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(buf, sizeof buf, "w%d", i);
        uint32_t id = rl_intern_bytes(t, buf, (size_t)n);
        assert_int_equal(rl_intern_bytes(t, buf, (size_t)n), id);
        assert_true(id < rl_intern_count(t));
    }
    assert_true(rl_str_eqz(rl_intern_key(t, y), "State's"));
    rl_arena_free(a);
}

/* Block hashes follow the keys: equal keys (curly vs straight quotes, NFC,
 * case with ignore_case) hash alike without interning plain ASCII, and
 * rl_intern_same_tokens agrees with the ids. */
static void test_intern_block_hash(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_token *x, *y, *z;
    size_t nx = rl_words_split(a, rl_str_z("The State\xE2\x80\x99s \xE2\x80\x9Crights\xE2\x80\x9D, caf\xC3\xA9 and a-very-long-word."), &x);
    size_t ny = rl_words_split(a, rl_str_z("The State's \"rights\", cafe\xCC\x81 and a-very-long-word."), &y);
    size_t nz = rl_words_split(a, rl_str_z("the state's \"rights\", cafe\xCC\x81 and a-very-long-word."), &z);
    assert_int_equal(nx, ny);
    assert_int_equal(nx, nz);
    rl_intern *t = rl_intern_new(a, false, false);
    size_t wx, wy, wz;
    assert_true(rl_intern_hash_tokens(t, x, nx, &wx) == rl_intern_hash_tokens(t, y, ny, &wy));
    assert_int_equal(wx, wy);
    assert_int_equal(wx, 6);
    assert_true(rl_intern_same_tokens(t, x, y, nx));
    assert_false(rl_intern_same_tokens(t, x, z, nx));
    assert_true(rl_intern_hash_tokens(t, x, nx, &wx) != rl_intern_hash_tokens(t, z, nz, &wz));
    assert_true(rl_intern_hash_tokens(t, x, nx - 1, &wx) != rl_intern_hash_tokens(t, x, nx, &wx));
    rl_intern *ci = rl_intern_new(a, true, false);
    assert_true(rl_intern_hash_tokens(ci, x, nx, &wx) == rl_intern_hash_tokens(ci, z, nz, &wz));
    assert_true(rl_intern_same_tokens(ci, x, z, nx));
    rl_intern *ip = rl_intern_new(a, false, true);
    rl_token *p, *q;
    size_t np = rl_words_split(a, rl_str_z("one, two; three!"), &p), nq = rl_words_split(a, rl_str_z("one. two: three?"), &q);
    assert_int_equal(np, nq);
    assert_true(rl_intern_hash_tokens(ip, p, np, &wx) == rl_intern_hash_tokens(ip, q, nq, &wy));
    assert_true(rl_intern_same_tokens(ip, p, q, np));
    assert_false(rl_intern_same_tokens(t, p, q, np));
    rl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_myers_minimal_random),
        cmocka_unit_test(test_myers_edges),
        cmocka_unit_test(test_myers_bounded_unrelated),
        cmocka_unit_test(test_cleanup_confetti),
        cmocka_unit_test(test_cleanup_keeps_long_equalities),
        cmocka_unit_test(test_cleanup_slides_to_word_boundary),
        cmocka_unit_test(test_cleanup_factor_common_ends),
        cmocka_unit_test(test_intern_keys),
        cmocka_unit_test(test_intern_block_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
