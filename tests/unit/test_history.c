/* test_history.c - the cumulative view over a chain of versions: every
 * version is given back exactly by the words alive in it, and the text
 * view tags each change with the version that made it. */
#include "harness.h"
#include "history.h"

/* Version text the way rl_history_version_text renders it. */
static void doc_text(const rl_doc *d, rl_buf *out)
{
    for (size_t b = 0; b < d->nblocks; b++) {
        const rl_block *bl = &d->blocks[b];
        if (bl->label.n) {
            rl_buf_putstr(out, bl->label);
            rl_buf_putc(out, ' ');
        }
        rl_block_text(bl, 0, bl->ntoks, out);
        rl_buf_putc(out, '\n');
    }
}

static void check_invariant(const rl_doc *const *docs, size_t n)
{
    rl_arena *a = rl_arena_new();
    rl_history *h = rl_history_build(a, docs, n, NULL);
    for (size_t k = 0; k < n; k++) {
        rl_buf want = RL_BUF_INIT, got = RL_BUF_INIT;
        doc_text(docs[k], &want);
        rl_history_version_text(h, k, &got);
        assert_string_equal(got.p ? got.p : "", want.p ? want.p : "");
        rl_buf_free(&want);
        rl_buf_free(&got);
    }
    rl_arena_free(a);
}

static const char *const chain[] = {
    "# Rules\n\n(a) Members shall keep the peace.\n\n(b) Members shall report incidents within ten days.\n\n"
    "(c) This rule goes away later.\n",
    "# Rules\n\n(a) Members shall keep the peace at all times.\n\n(b) Members shall report incidents within five days.\n\n"
    "(c) This rule goes away later.\n\n(d) A new rule.\n",
    "# Rules\n\n(1) Members shall keep the peace.\n\n(2) Members shall report serious incidents within five days.\n\n"
    "(3) A new rule, amended.\n",
    "# Rules and more\n\n(3) A new rule, amended.\n\n(1) Members shall keep the peace.\n\n"
    "(2) Members shall report serious incidents within five days.\n\nA closing paragraph.\n",
};

static void test_invariant_chain(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    const rl_doc *docs[4];
    for (size_t i = 0; i < 4; i++)
        docs[i] = test_doc(a, "v.md", chain[i]);
    check_invariant(docs, 4);
    check_invariant(docs, 1);
    const rl_doc *rev[4] = {docs[3], docs[2], docs[1], docs[0]};
    check_invariant(rev, 4);
    const rl_doc *rep[3] = {docs[0], docs[2], docs[0]};   /* words that come back */
    check_invariant(rep, 3);
    rl_arena_free(a);
}

static void test_text_view(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    const rl_doc *docs[3] = {
        test_doc(a, "v1.txt", "Alpha beta gamma delta epsilon.\n\nGone soon.\n"),
        test_doc(a, "v2.txt", "Alpha beta gamma delta epsilon zeta.\n\nGone soon.\n"),
        test_doc(a, "v3.txt", "Alpha gamma delta epsilon zeta.\n"),
    };
    rl_history *h = rl_history_build(a, docs, 3, NULL);
    rl_str ids[3] = {RL_STR("v1"), RL_STR("v2"), RL_STR("v3")};
    rl_buf out = RL_BUF_INIT;
    rl_history_text(h, ids, &out);
    assert_string_equal(out.p, "Alpha [-v3: beta-] gamma delta epsilon {+v2: zeta+}.\n"
                               "[-v3: Gone soon.-]\n");
    rl_buf_free(&out);
    rl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invariant_chain),
        cmocka_unit_test(test_text_view),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
