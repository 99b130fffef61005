/* test_hyph.c - hyphenation points through libhyphen (en_US patterns). */
#include "harness.h"
#include "hyph.h"

static rl_arena *A;
static rl_hyph *H;

static int setup(void **state)
{
    (void)state;
    A = rl_arena_new();
    rl_diag *d = rl_diag_new();
    H = rl_hyph_load(A, d, (rl_span){NULL, 0, 0}, "en_US", NULL, NULL);
    if (!H)
        rl_diag_flush(d, stderr, false);
    rl_diag_free(d);
    return H ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    rl_arena_free(A);
    return 0;
}

/* The word with '-' at each point, e.g. "in-for-ma-tion". */
static const char *show(rl_hyph *h, const char *w)
{
    static char out[256];
    const uint32_t *pts;
    size_t n = rl_hyph_points(h, rl_str_z(w), &pts);
    size_t o = 0, k = 0;
    for (size_t i = 0; w[i]; i++) {
        if (k < n && pts[k] == i) {
            out[o++] = '-';
            k++;
        }
        out[o++] = w[i];
    }
    out[o] = 0;
    return out;
}

static void test_english_words(void **state)
{
    (void)state;
    assert_string_equal(show(H, "information"), "in-for-ma-tion");
    assert_string_equal(show(H, "communications"), "com-mu-ni-ca-tions");
    assert_string_equal(show(H, "Information"), "In-for-ma-tion");
    assert_string_equal(show(H, "agreement"), "agree-ment");
    assert_string_equal(show(H, "confidential"), "con-fi-den-tial");
}

static void test_utf8_offsets(void **state)
{
    (void)state;
    const uint32_t *pts;
    /* r é s u m é: the vector is per character; the point is a byte offset. */
    size_t n = rl_hyph_points(H, rl_str_z("r\xc3\xa9sum\xc3\xa9"), &pts);
    assert_int_equal(n, 1);
    assert_int_equal(pts[0], 3);
    /* Curly quotes and a comma around the word are stripped; offsets are
     * still into the original bytes. */
    assert_string_equal(show(H, "\xe2\x80\x9cinformation,\xe2\x80\x9d"), "\xe2\x80\x9cin-for-ma-tion,\xe2\x80\x9d");
    assert_string_equal(show(H, "(communications)"), "(com-mu-ni-ca-tions)");
    /* Invalid UTF-8: no points. */
    assert_int_equal(rl_hyph_points(H, rl_str_z("infor\xffmation"), &pts), 0);
}

static void test_not_hyphenated(void **state)
{
    (void)state;
    const uint32_t *pts;
    const char *words[] = {"it\xe2\x80\x99s", "it's", "INFRASTRUCTURE", "word", "abc123def", "cyber-security",
                           "e.g.", "", "ICT", "https://example.org/information"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = rl_hyph_points(H, rl_str_z(words[i]), &pts);
        if (n)
            fail_msg("'%s' got %zu points", words[i], n);
        assert_non_null(pts);
    }
}

static void test_caps_option_and_minimums(void **state)
{
    (void)state;
    rl_hyph_opts o;
    rl_hyph_defaults(&o);
    o.caps = true;
    rl_hyph *h = rl_hyph_load(A, NULL, (rl_span){NULL, 0, 0}, "en-US", NULL, &o);
    assert_non_null(h);
    assert_string_equal(show(h, "INFRASTRUCTURE"), "IN-FRA-STRUC-TURE");
    /* rhmin 3 and lhmin 2 hold for every point of a long list. */
    const char *ws[] = {"hyphenation", "telecommunication", "international", "responsibility", "cooperation"};
    for (size_t i = 0; i < 5; i++) {
        const uint32_t *pts;
        size_t n = rl_hyph_points(H, rl_str_z(ws[i]), &pts);
        assert_true(n > 0);
        for (size_t k = 0; k < n; k++) {
            assert_true(pts[k] >= 2);
            assert_true(pts[k] + 3 <= strlen(ws[i]));
        }
    }
    o.lhmin = 3;
    o.rhmin = 5;
    h = rl_hyph_load(A, NULL, (rl_span){NULL, 0, 0}, "en_US", NULL, &o);
    assert_string_equal(show(h, "information"), "infor-mation"); /* not in- (2 < 3), not -tion (4 < 5) */
}

static void test_cache(void **state)
{
    (void)state;
    const uint32_t *p1, *p2;
    size_t look0, hit0, look1, hit1;
    rl_hyph_stats(H, &look0, &hit0);
    size_t n1 = rl_hyph_points(H, rl_str_z("cooperation"), &p1);
    size_t n2 = rl_hyph_points(H, rl_str_z("cooperation"), &p2);
    rl_hyph_stats(H, &look1, &hit1);
    assert_int_equal(n1, n2);
    assert_ptr_equal(p1, p2);
    assert_int_equal(look1 - look0, 2);
    assert_true(hit1 - hit0 >= 1);
    /* Many distinct words: the table grows and earlier answers stay valid. */
    char w[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(w, sizeof w, "information%c%c%c", 'a' + i % 26, 'a' + i / 26 % 26, 'a' + i / 676 % 26);
        const uint32_t *pts;
        rl_hyph_points(H, rl_str_z(w), &pts);
    }
    const uint32_t *p3;
    assert_int_equal(rl_hyph_points(H, rl_str_z("cooperation"), &p3), n1);
    assert_ptr_equal(p3, p1);
}

static void test_missing_language(void **state)
{
    (void)state;
    rl_diag *d = rl_diag_new();
    assert_null(rl_hyph_load(A, d, (rl_span){NULL, 0, 0}, "xx_YY", NULL, NULL));
    assert_null(rl_hyph_load(A, d, (rl_span){NULL, 0, 0}, "en_GB", "tests/unit", NULL));
    assert_null(rl_hyph_load(A, d, (rl_span){NULL, 0, 0}, "../../etc/passwd", NULL, NULL));
    assert_int_equal(rl_diag_errors(d), 3);
    assert_string_equal(rl_diag_message(d, 0),
                        "redline: error: no hyphenation patterns for xx_YY; install the Debian package hyphen-xx");
    assert_string_equal(rl_diag_message(d, 1),
                        "redline: error: no hyphenation patterns for en_GB; install the Debian package hyphen-en-gb");
    assert_string_equal(rl_diag_message(d, 2),
                        "redline: error: '../../etc/passwd' is not a language code such as en_US");
    rl_diag_free(d);
    char buf[64];
    assert_string_equal(rl_hyph_package("de_DE", buf, sizeof buf), "hyphen-de");
    assert_string_equal(rl_hyph_package("en_US", buf, sizeof buf), "hyphen-en-us");
    assert_true(rl_hyph_available("en_US", NULL));
    assert_false(rl_hyph_available("en/US", NULL));
}

/* Patterns read in a background thread give the same points; a missing
 * language is still reported at once; an unused handle is joined and
 * freed with its arena (leaks are checked under ASan). */
static void test_background_load(void **state)
{
    (void)state;
    rl_diag *d = rl_diag_new();
    rl_hyph *h = rl_hyph_start(A, d, (rl_span){NULL, 0, 0}, "en_US", NULL, NULL);
    assert_non_null(h);
    const char *ws[] = {"information", "hyphenation", "r\xc3\xa9sum\xc3\xa9s", "cooperation",
                        "international"};
    for (size_t i = 0; i < 5; i++) {
        char want[256];
        snprintf(want, sizeof want, "%s", show(H, ws[i]));
        assert_string_equal(show(h, ws[i]), want);
    }
    assert_int_equal(rl_diag_errors(d), 0);
    assert_null(rl_hyph_start(A, d, (rl_span){NULL, 0, 0}, "xx_YY", NULL, NULL));
    assert_int_equal(rl_diag_errors(d), 1);
    /* A handle never asked: its thread is joined when its arena is freed. */
    rl_arena *b = rl_arena_new();
    rl_hyph *u = rl_hyph_start(b, d, (rl_span){NULL, 0, 0}, "en_US", NULL, NULL);
    assert_non_null(u);
    rl_arena_free(b); /* never used: joined and freed */
    rl_diag_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english_words),
        cmocka_unit_test(test_utf8_offsets),
        cmocka_unit_test(test_not_hyphenated),
        cmocka_unit_test(test_caps_option_and_minimums),
        cmocka_unit_test(test_cache),
        cmocka_unit_test(test_missing_language),
        cmocka_unit_test(test_background_load),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
