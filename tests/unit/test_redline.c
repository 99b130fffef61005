/* test_redline.c - helpers of the redline model shared by the emitters. */
#include "harness.h"
#include "redline.h"

/* The separators shown in the redline view, token by token, as a string:
 * ' ' for a space, '.' for none. */
static void seps(const rl_redline *r, size_t bi, char *out)
{
    const rl_rblock *b = &r->blocks[bi];
    size_t n = 0;
    for (size_t ri = 0; ri < b->nruns; ri++)
        for (size_t k = 0; k < b->runs[ri].n; k++)
            out[n] = rl_run_space(b, ri, k, n == 0) == RL_SP_NONE ? '.' : ' ', n++;
    out[n] = 0;
}

static void test_replaced_block_start_keeps_a_space(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_doc *o = test_doc(a, "o.txt", "To promote the system.\n");
    rl_doc *n = test_doc(a, "n.txt", "All States must play the system.\n");
    rl_diff_opts opts = {0};
    rl_redline *r = rl_diff(a, o, n, &opts);
    assert_int_equal(r->nblocks, 1);
    char s[64];
    seps(r, 0, s);
    /* To promote | All States must play | the system . */
    assert_string_equal(s, ".       .");
    rl_arena_free(a);
}

static void test_equal_after_deleted_start(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_doc *o = test_doc(a, "o.txt", "Recent years have witnessed the considerable progress.\n");
    rl_doc *n = test_doc(a, "n.txt", "Years have witnessed considerable progress.\n");
    rl_diff_opts opts = {0};
    rl_redline *r = rl_diff(a, o, n, &opts);
    char s[64];
    seps(r, 0, s);
    /* No token is glued to the one before it but the full stop. */
    size_t len = strlen(s);
    assert_true(len >= 6);
    assert_int_equal(s[0], '.');
    for (size_t i = 1; i + 1 < len; i++)
        assert_int_equal(s[i], ' ');
    assert_int_equal(s[len - 1], '.');
    rl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replaced_block_start_keeps_a_space),
        cmocka_unit_test(test_equal_after_deleted_start),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
