/* test_ytree.c - YAML trees: kinds, spans, typed reads, duplicate keys,
 * unknown-key suggestions, aliases. */
#include "harness.h"
#include "ytree.h"

#include <stdio.h>

static rl_ynode *parse(rl_arena *a, rl_diag *d, const char *text)
{
    rl_source *s = rl_source_from_mem(a, "t.yaml", text, strlen(text));
    return rl_ytree_parse(a, d, s, 0, s->len);
}

static void test_kinds_and_spans(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_ynode *r = parse(a, d, "name: Redline – Российская\nlist: [a, 'b']\nmap: {k: 3}\n");
    assert_non_null(r);
    assert_int_equal(rl_diag_count(d), 0);
    assert_int_equal(r->kind, RL_Y_MAP);
    assert_int_equal(r->n, 3);
    rl_ynode *name = rl_ytree_lookup(r, "name");
    assert_int_equal(name->kind, RL_Y_SCALAR);
    assert_string_equal(name->str.p, "Redline – Российская");
    assert_true(name->plain);
    assert_int_equal(name->span.start, 6);
    assert_int_equal(name->span.end, strlen("name: Redline – Российская"));
    rl_ynode *list = rl_ytree_lookup(r, "list");
    assert_int_equal(list->kind, RL_Y_SEQ);
    assert_int_equal(list->n, 2);
    assert_false(list->items[1]->plain);
    /* Offsets after non-ASCII text are byte offsets (marks count characters). */
    assert_int_equal(list->span.start, strstr(r->span.src->text, "[a") - r->span.src->text);
    assert_null(rl_ytree_lookup(r, "nope"));
    assert_null(rl_ytree_lookup(list, "a"));
    /* Empty input: an empty mapping. */
    r = parse(a, d, "");
    assert_non_null(r);
    assert_int_equal(r->kind, RL_Y_MAP);
    assert_int_equal(r->n, 0);
    rl_diag_free(d);
    rl_arena_free(a);
}

static void test_typed_reads(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_ynode *r = parse(a, d, "n: 12\nx: 1.5\nb: yes\nday: 2024-02-29\nbad: 2023-02-29\ns: [a, b]\nw: twelve\n");
    long n = 0;
    double x = 0;
    bool b = false;
    rl_str s = RL_STR_NULL;
    rl_str *list;
    size_t count;
    assert_int_equal(rl_ytree_int(d, rl_ytree_lookup(r, "n"), "n", 0, 100, &n), 0);
    assert_int_equal(n, 12);
    assert_int_equal(rl_ytree_int(d, rl_ytree_lookup(r, "absent"), "absent", 0, 1, &n), 1);
    assert_int_equal(rl_ytree_num(d, rl_ytree_lookup(r, "x"), "x", 0, 2, &x), 0);
    assert_true(x == 1.5);
    assert_int_equal(rl_ytree_bool(d, rl_ytree_lookup(r, "b"), "b", &b), 0);
    assert_true(b);
    assert_int_equal(rl_ytree_date(d, rl_ytree_lookup(r, "day"), "day", &s), 0);
    assert_int_equal(rl_ytree_strlist(a, d, rl_ytree_lookup(r, "s"), "s", &list, &count), 0);
    assert_int_equal(count, 2);
    assert_int_equal(rl_diag_count(d), 0);
    assert_int_equal(rl_ytree_date(d, rl_ytree_lookup(r, "bad"), "the date", &s), -1);
    assert_string_equal(rl_diag_message(d, 0), "t.yaml:5:6: error: the date must be a date written YYYY-MM-DD");
    assert_int_equal(rl_ytree_int(d, rl_ytree_lookup(r, "n"), "n", 0, 10, &n), -1);
    assert_string_equal(rl_diag_message(d, 1), "t.yaml:1:4: error: n must be between 0 and 10, not 12");
    assert_int_equal(rl_ytree_int(d, rl_ytree_lookup(r, "w"), "w", 0, 10, &n), -1);
    assert_string_equal(rl_diag_message(d, 2), "t.yaml:7:4: error: w must be a whole number");
    assert_int_equal(rl_ytree_str(d, rl_ytree_lookup(r, "s"), "s", &s), -1);
    assert_string_equal(rl_diag_message(d, 3), "t.yaml:6:4: error: s must be a string, not a list");
    assert_false(rl_ytree_expect(d, rl_ytree_lookup(r, "n"), RL_Y_MAP, "n"));
    assert_string_equal(rl_diag_message(d, 4), "t.yaml:1:4: error: n must be a mapping, not a scalar");
    rl_diag_free(d);
    rl_arena_free(a);
}

static void test_duplicates_and_errors(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    assert_null(parse(a, d, "a: 1\nb: 2\na: 3\n"));
    assert_string_equal(rl_diag_message(d, 0), "t.yaml:3:1: error: duplicate key 'a' (first given at line 1); remove one");
    rl_diag_free(d);
    d = rl_diag_new();
    assert_null(parse(a, d, "a: 1\n b: 2\n"));
    assert_string_equal(rl_diag_message(d, 0),
                        "t.yaml:2:3: error: YAML syntax: mapping values are not allowed in this context");
    rl_diag_free(d);
    d = rl_diag_new();
    assert_null(parse(a, d, "a: 1\n---\nb: 2\n"));
    assert_string_equal(rl_diag_message(d, 0),
                        "t.yaml:3:1: error: a second YAML document here; keep one document per file");
    rl_diag_free(d);
    d = rl_diag_new();
    assert_null(parse(a, d, "a: *nope\n"));
    assert_int_equal(rl_diag_errors(d), 1);
    rl_diag_free(d);
    rl_arena_free(a);
}

static void test_unknown_keys(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_ynode *r = parse(a, d, "titel: x\nversions: []\nzzzzzz: 1\n");
    static const char *const known[] = {"title", "versions", "outputs", NULL};
    assert_int_equal(rl_ytree_check_keys(d, r, known, false), 2);
    assert_int_equal(rl_diag_warnings(d), 2);
    assert_string_equal(rl_diag_message(d, 0), "t.yaml:1:1: warning: unknown key 'titel'; did you mean 'title'?");
    assert_string_equal(rl_diag_message(d, 1), "t.yaml:3:1: warning: unknown key 'zzzzzz' (it is ignored)");
    assert_int_equal(rl_ytree_check_keys(d, r, known, true), 2);
    assert_int_equal(rl_diag_errors(d), 2);
    assert_int_equal(rl_edit_distance("kitten", "sitting"), 3);
    assert_int_equal(rl_edit_distance("", "abc"), 3);
    rl_diag_free(d);
    rl_arena_free(a);
}

static void test_aliases_do_not_blow_up(void **state)
{
    (void)state;
    /* "Billion laughs": nine levels of nine aliases.  Expanded it would be
     * 9^9 nodes; the tree shares the anchored nodes instead. */
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_buf b = RL_BUF_INIT;
    rl_buf_puts(&b, "a0: &a0 [lol]\n");
    for (int i = 1; i <= 9; i++) {
        rl_buf_printf(&b, "a%d: &a%d [", i, i);
        for (int k = 0; k < 9; k++)
            rl_buf_printf(&b, "%s*a%d", k ? ", " : "", i - 1);
        rl_buf_puts(&b, "]\n");
    }
    rl_ynode *r = parse(a, d, b.p);
    rl_buf_free(&b);
    assert_non_null(r);
    rl_ynode *top = rl_ytree_lookup(r, "a9");
    assert_int_equal(top->n, 9);
    assert_ptr_equal(top->items[0], top->items[8]);
    assert_true(rl_arena_used(a) < 4 * 1024 * 1024);
    rl_diag_free(d);
    rl_arena_free(a);
}

static void test_region_of_a_file(void **state)
{
    (void)state;
    /* Front matter: errors point at lines of the whole file. */
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    const char *text = "---\nok: 1\nbad: [\n---\nbody\n";
    rl_source *s = rl_source_from_mem(a, "v.md", text, strlen(text));
    size_t off = 4, len = strstr(text, "---\nbody") - text - 4;
    assert_null(rl_ytree_parse(a, d, s, off, len));
    const char *m = rl_diag_message(d, 0);
    assert_non_null(m);
    assert_true(strncmp(m, "v.md:4:1: error: YAML syntax:", 29) == 0);
    rl_diag_free(d);
    rl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds_and_spans),
        cmocka_unit_test(test_typed_reads),
        cmocka_unit_test(test_duplicates_and_errors),
        cmocka_unit_test(test_unknown_keys),
        cmocka_unit_test(test_aliases_do_not_blow_up),
        cmocka_unit_test(test_region_of_a_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
