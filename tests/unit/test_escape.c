/* test_escape.c - the shared output helpers: the link policy (url.h), JSON
 * strings (json.h), HTML escaping (html_page.h) and the option reader every
 * command uses (cli.h). */
#include "harness.h"

#include "cli.h"
#include "html_page.h"
#include "json.h"
#include "url.h"

static const char *z(rl_buf *b)
{
    rl_buf_putc(b, 0);
    return b->p;
}

static void test_url_policy(void **state)
{
    (void)state;
    assert_true(rl_url_ok(rl_str_z("https://example.org/x"), 0));
    assert_true(rl_url_ok(rl_str_z("HTTP://example.org/"), 0));
    assert_true(rl_url_ok(rl_str_z("mailto:a@b.org"), 0));
    assert_true(rl_url_ok(rl_str_z("#note-1"), RL_URL_FRAGMENT));
    assert_false(rl_url_ok(rl_str_z("#note-1"), 0));
    assert_false(rl_url_ok(rl_str_z("javascript:alert(1)"), RL_URL_FRAGMENT));
    assert_false(rl_url_ok(rl_str_z("JavaScript:alert(1)"), RL_URL_FRAGMENT));
    assert_false(rl_url_ok(rl_str_z("data:text/html,x"), RL_URL_FRAGMENT));
    assert_false(rl_url_ok(rl_str_z("file:///etc/passwd"), RL_URL_FRAGMENT));
    assert_false(rl_url_ok(rl_str_z("../../etc/passwd"), RL_URL_FRAGMENT));
    assert_false(rl_url_ok(rl_str_z("https://a b"), RL_URL_FRAGMENT));
    assert_false(rl_url_ok(rl_str_z("https://a\x01"), RL_URL_FRAGMENT));
    assert_false(rl_url_ok(rl_str_z("https://"), RL_URL_FRAGMENT));
    assert_false(rl_url_ok(RL_STR_NULL, RL_URL_FRAGMENT));
}

static void test_json_strings(void **state)
{
    (void)state;
    rl_buf b = RL_BUF_INIT;
    rl_json_str(&b, rl_str_z("a\"b\\c\n\t\x01\x7f \xc3\xa9"));
    assert_string_equal(z(&b), "\"a\\\"b\\\\c\\n\\t\\u0001\\u007f \xc3\xa9\"");
    rl_buf_clear(&b);
    rl_json_str(&b, RL_STR_NULL);
    assert_string_equal(z(&b), "\"\"");
    assert_string_equal(rl_json_block_kind(RL_BLK_ITEM), "item");
    rl_buf_free(&b);
}

static void test_html_escape(void **state)
{
    (void)state;
    rl_buf b = RL_BUF_INIT;
    rl_html_esc(&b, rl_str_z("<script>alert('x')</script> & \"q\""));
    assert_string_equal(z(&b), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    rl_buf_clear(&b);
    /* A link with a refused destination shows its text, not a link. */
    bool linked = rl_html_style_open(&b, RL_STY_LINK | RL_STY_EMPH, rl_str_z("javascript:x"));
    rl_html_style_close(&b, RL_STY_LINK | RL_STY_EMPH, linked);
    assert_false(linked);
    assert_string_equal(z(&b), "<em><span class=\"nolink\"></span></em>");
    rl_buf_clear(&b);
    linked = rl_html_style_open(&b, RL_STY_LINK, rl_str_z("https://e.org/?a=1&b=\"2\""));
    assert_true(linked);
    assert_string_equal(z(&b), "<a href=\"https://e.org/?a=1&amp;b=&quot;2&quot;\" rel=\"noopener noreferrer\">");
    rl_buf_free(&b);
}

static void test_cli_value(void **state)
{
    (void)state;
    char *argv[] = {"build", "--format=pdf", "-o", "out", "-oDIR", "--formats", "--style", NULL};
    int argc = 7, i = 1;
    bool missing = false;
    assert_string_equal(rl_cli_value(argc, argv, &i, "--format", &missing), "pdf");
    i = 2;
    assert_string_equal(rl_cli_value(argc, argv, &i, "-o", &missing), "out");
    assert_int_equal(i, 3);
    i = 4;
    assert_string_equal(rl_cli_value(argc, argv, &i, "-o", &missing), "DIR");
    i = 5;
    assert_null(rl_cli_value(argc, argv, &i, "--format", &missing));
    assert_false(missing);
    i = 6;
    assert_null(rl_cli_value(argc, argv, &i, "--style", &missing));
    assert_true(missing);
    assert_true(rl_cli_is_option("-j"));
    assert_false(rl_cli_is_option("-"));
    assert_false(rl_cli_is_option("file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url_policy),
        cmocka_unit_test(test_json_strings),
        cmocka_unit_test(test_html_escape),
        cmocka_unit_test(test_cli_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
