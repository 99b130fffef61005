/* test_hview.c - the history's display runs (hview.c) and the history
 * page (emit_history_html.c): every version is given back exactly, in
 * order and with its own spacing, by the runs alive in it (moves, labels,
 * separators that change between versions, replacements at a block's
 * start); the page escapes user text and marks each change. */
#include "harness.h"
#include "emit_history.h"
#include "hview.h"
#include "pub.h"

/* Version text as rl_history_version_text renders it. */
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

/* Version k from the display runs: labels, then words with the separator
 * of version k. */
static void view_text(const rl_hview *v, size_t k, rl_buf *out)
{
    for (size_t i = 0; i < v->nblocks; i++) {
        const rl_hvblock *b = &v->blocks[i];
        if (!rl_hview_alive(b->hb->born, b->hb->died, k))
            continue;
        for (size_t r = 0; r < b->nlabels; r++)
            if (rl_hview_alive(b->runs[r].born, b->runs[r].died, k)) {
                rl_buf_putstr(out, b->runs[r].label);
                rl_buf_putc(out, ' ');
            }
        bool first = true;
        for (size_t r = b->nlabels; r < b->nruns; r++) {
            const rl_hrun *run = &b->runs[r];
            if (!rl_hview_alive(run->born, run->died, k))
                continue;
            for (uint32_t w = run->w0; w < run->w0 + run->n; w++) {
                uint8_t sp = rl_hview_sep(b, w, k);
                if (!first)
                    rl_buf_puts(out, sp == RL_SP_BREAK ? "\n" : sp == RL_SP_SPACE ? " " : "");
                first = false;
                rl_buf_putstr(out, b->hb->words[w].tok->text);
            }
        }
        rl_buf_putc(out, '\n');
    }
}

/* Checks every version; returns how many ghosts and varying separators
 * the history had (so a test can show it exercised them). */
static void check_chain(const char *name, const char *const *texts, size_t n, size_t *ghosts, size_t *varies)
{
    rl_arena *a = rl_arena_new();
    const rl_doc **docs = rl_arena_array(a, n, sizeof *docs);
    for (size_t i = 0; i < n; i++)
        docs[i] = test_doc(a, name, texts[i]);
    rl_history *h = rl_history_build(a, docs, n, NULL);
    rl_hview *v = rl_hview_build(a, h, docs);
    for (size_t k = 0; k < n; k++) {
        rl_buf want = RL_BUF_INIT, got = RL_BUF_INIT;
        doc_text(docs[k], &want);
        view_text(v, k, &got);
        assert_string_equal(got.p ? got.p : "", want.p ? want.p : "");
        rl_buf_free(&want);
        rl_buf_free(&got);
    }
    *ghosts = *varies = 0;
    for (size_t i = 0; i < v->nblocks; i++) {
        *ghosts += v->blocks[i].hb->ghost;
        for (size_t w = 0; w < v->blocks[i].hb->nwords; w++)
            *varies += v->blocks[i].varies[w];
    }
    rl_arena_free(a);
}

static void test_move_keeps_each_order(void **state)
{
    (void)state;
    static const char *const chain[] = {
        "(a) Members shall keep the peace at every meeting of the club.\n\n"
        "(b) Members shall report incidents to the secretary within ten days.\n\n"
        "(c) The secretary keeps a register of all incidents reported under rule (b), and shows it "
        "to any member who asks.\n\n(d) Gone in the second draft.\n",
        "(a) Members shall keep the peace at every meeting and event of the club.\n\n"
        "(b) Members shall report serious incidents to the secretary within five days.\n\n"
        "(c) The secretary keeps a register of all incidents reported under rule (b), and shows it "
        "to any member who asks.\n",
        "(c) The secretary keeps a register of all incidents reported under rule (b), and shows it "
        "to any member who asks.\n\n"
        "(1) Members shall keep the peace at every meeting and event of the club.\n\n"
        "(2) Members shall report serious incidents to the secretary within five days.\n",
        "(1) Members shall keep the peace at every meeting and event of the club.\n\n"
        "(c) The secretary keeps a register of all incidents reported under rule (b), and shows it "
        "to any member who asks.\n\n"
        "(2) Members shall report serious incidents to the secretary within five days.\n",
    };
    size_t ghosts, varies;
    check_chain("v.md", chain, 4, &ghosts, &varies);
    assert_true(ghosts >= 1);
}

static void test_separators_per_version(void **state)
{
    (void)state;
    static const char *const chain[] = {
        "It applies to it and \"any later version\", you may choose.\n\n"
        "Copyright (C) year name of author\n",
        "It applies to it and \"any later version\", you may choose.\n\n"
        "Copyright (C) <year> <name of author>\n",
        "It says \"or any later version\" applies, you may choose.\n\n"
        "Copyright (C) year name of author\n",
    };
    size_t ghosts, varies;
    check_chain("v.txt", chain, 3, &ghosts, &varies);
    assert_true(varies >= 2);
}

static void test_replacement_at_block_start(void **state)
{
    (void)state;
    static const char *const chain[] = {
        "To promote good order.\n",
        "All States promote good order.\n",
        "To promote good order.\n",
    };
    size_t ghosts, varies;
    check_chain("v.txt", chain, 3, &ghosts, &varies);
    rl_arena *a = rl_arena_new();
    const rl_doc *docs[2] = {test_doc(a, "v.txt", chain[0]), test_doc(a, "v.txt", chain[1])};
    rl_history *h = rl_history_build(a, docs, 2, NULL);
    rl_hview *v = rl_hview_build(a, h, docs);
    /* "All" opened its block in version 2; after "To" it needs a space. */
    const rl_hvblock *b = &v->blocks[0];
    bool found = false;
    for (size_t w = 0; w < b->hb->nwords; w++)
        if (rl_str_eqz(b->hb->words[w].tok->text, "All")) {
            assert_true(w > 0);
            assert_int_equal(b->sep[w], RL_SP_SPACE);
            assert_int_equal(rl_hview_sep(b, w, 1), RL_SP_NONE);
            found = true;
        }
    assert_true(found);
    rl_arena_free(a);
}

static void test_page(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    static const char *const texts[] = {
        "(a) One <b>two</b> three.\n\nKeep.\n",
        "(a) One &amp; two four.\n\nKeep.\n",
        "(b) One two four five.\n",
    };
    rl_version vers[3] = {0};
    const rl_doc *docs[3];
    for (size_t i = 0; i < 3; i++) {
        docs[i] = test_doc(a, "v.txt", texts[i]);
        vers[i].doc = (rl_doc *)docs[i];
        vers[i].id = rl_str_z(i == 0 ? "a" : i == 1 ? "b" : "c");
    }
    vers[1].label = RL_STR("<script>alert(1)</script>");
    vers[2].date = RL_STR("2024-01-01\"><x");
    rl_pub p = {0};
    p.title = RL_STR("T & \"t\"");
    p.versions = vers;
    p.nversions = 3;
    rl_emit_ctx c = {.a = a, .d = d, .pub = &p, .edition_id = RL_STR("abc123")};
    rl_history *h = rl_history_build(a, docs, 3, NULL);
    rl_buf out = RL_BUF_INIT;
    assert_int_equal(rl_emit_history_html(&c, h, &out), 0);
    assert_non_null(strstr(out.p, "<h1>T &amp; &quot;t&quot;</h1>"));
    assert_non_null(strstr(out.p, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_null(strstr(out.p, "<script>alert"));
    assert_non_null(strstr(out.p, "datetime=\"2024-01-01&quot;&gt;&lt;x\""));
    assert_non_null(strstr(out.p, "&lt;b&gt;two&lt;/b&gt;"));
    assert_non_null(strstr(out.p, "[deleted in v3: </span>Keep."));
    assert_non_null(strstr(out.p, "<span class=\"hw hb-2 hc-2\"> <ins class=\"hv\"><span class=\"vh hx\">[added in v3: </span>five"));
    assert_non_null(strstr(out.p, "script-src 'sha256-"));
    assert_null(strstr(out.p, " style=\""));
    rl_buf out2 = RL_BUF_INIT;
    rl_emit_history_html(&c, h, &out2);
    assert_int_equal(out.n, out2.n);
    assert_memory_equal(out.p, out2.p, out.n);
    rl_buf json = RL_BUF_INIT;
    assert_int_equal(rl_emit_history_json(&c, h, &json), 0);
    assert_non_null(strstr(json.p, "\"label\": \"<script>alert(1)</script>\""));
    assert_non_null(strstr(json.p, "{\"born\": 2, \"died\": null, \"text\": \" five\"}"));
    rl_buf_free(&out);
    rl_buf_free(&out2);
    rl_buf_free(&json);
    rl_diag_free(d);
    rl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_move_keeps_each_order),
        cmocka_unit_test(test_separators_per_version),
        cmocka_unit_test(test_replacement_at_block_start),
        cmocka_unit_test(test_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
