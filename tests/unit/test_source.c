/* test_source.c - loaded sources: line and column in code points, line
 * text, UTF-8 checks and decoding. */
#include "harness.h"

static void test_linecol_code_points(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    const char *text = "ab\nÄé😀x\r\nlast";
    rl_source *s = rl_source_from_mem(a, "t.txt", text, strlen(text));
    unsigned line, col;
    rl_source_linecol(s, 0, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 1);
    rl_source_linecol(s, 2, &line, &col); /* the newline itself */
    assert_int_equal(line, 1);
    assert_int_equal(col, 3);
    size_t x = strchr(text, 'x') - text;
    rl_source_linecol(s, x, &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 4); /* Ä é 😀 are one column each */
    rl_source_linecol(s, strlen(text), &line, &col);
    assert_int_equal(line, 3);
    assert_int_equal(col, 5);
    rl_source_linecol(s, 9999, &line, &col); /* clamped */
    assert_int_equal(line, 3);
    /* And back. */
    assert_int_equal(rl_source_offset(s, 2, 4), x);
    assert_int_equal(rl_source_offset(s, 2, 99), strchr(text, '\r') - text);
    assert_int_equal(rl_source_offset(s, 9, 1), strlen(text));
    /* Line text without its line ending (CR dropped). */
    rl_str l2 = rl_source_line(s, 2);
    assert_int_equal(l2.n, strlen("Äé😀x"));
    assert_memory_equal(l2.p, "Äé😀x", l2.n);
    assert_null(rl_source_line(s, 4).p);
    rl_arena_free(a);
}

static void test_utf8_check(void **state)
{
    (void)state;
    assert_int_equal(rl_utf8_check("plain", 5), -1);
    assert_int_equal(rl_utf8_check("é😀", 6), -1);
    assert_int_equal(rl_utf8_check("ab\xFF", 3), 2);
    assert_int_equal(rl_utf8_check("a\xC3", 2), 1);           /* truncated */
    assert_int_equal(rl_utf8_check("\xC0\xAF", 2), 0);        /* overlong */
    assert_int_equal(rl_utf8_check("x\xED\xA0\x80", 4), 1);   /* surrogate */
    assert_int_equal(rl_utf8_check("\xF4\x90\x80\x80", 4), 0); /* > U+10FFFF */
    int32_t cp;
    assert_int_equal(rl_utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(rl_utf8_decode("\xFF", 1, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    char out[4];
    assert_int_equal(rl_utf8_encode(0x20AC, out), 3);
    assert_memory_equal(out, "€", 3);
    assert_int_equal(rl_utf8_encode(0xD800, out), 3); /* surrogate -> U+FFFD */
    assert_memory_equal(out, "\xEF\xBF\xBD", 3);
}

static void test_load_errors(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    assert_null(rl_source_load(a, d, "tests/fixtures/load/bad-utf8.md", NULL));
    /* Line 4, column 6: after "Good " on the first body line. */
    assert_string_equal(rl_diag_message(d, 0),
                        "tests/fixtures/load/bad-utf8.md:4:6: error: invalid UTF-8 (byte 0xFF); save the file as UTF-8");
    rl_diag_free(d);
    d = rl_diag_new();
    rl_source *s = rl_source_load(a, d, "tests/fixtures/load/old.md", NULL);
    assert_non_null(s);
    assert_int_equal(rl_diag_count(d), 0);
    assert_string_equal(s->path, "tests/fixtures/load/old.md");
    assert_int_equal(s->text[s->len], 0);
    rl_diag_free(d);
    rl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linecol_code_points),
        cmocka_unit_test(test_utf8_check),
        cmocka_unit_test(test_load_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
