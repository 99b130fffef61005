/* test_basics.c - arena, buffer and diagnostics. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_arena_zeroed_and_aligned(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    for (size_t i = 1; i < 5000; i += 37) {
        unsigned char *p = rl_arena_alloc(a, i);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        for (size_t k = 0; k < i; k++)
            assert_int_equal(p[k], 0);
        memset(p, 0xAB, i);
    }
    /* A block larger than a chunk. */
    char *big = rl_arena_alloc(a, 10 * 1024 * 1024);
    assert_int_equal(big[10 * 1024 * 1024 - 1], 0);
    assert_true(rl_arena_used(a) >= 10 * 1024 * 1024);
    rl_arena_free(a);
}

static int deferred;
static void bump(void *p) { deferred += *(int *)p; }

static void test_arena_strings_and_defer(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    char *s = rl_arena_printf(a, "%s-%d", "x", 42);
    assert_string_equal(s, "x-42");
    rl_str v = rl_arena_str(a, (rl_str){"abcdef", 3});
    assert_int_equal(v.n, 3);
    assert_string_equal(v.p, "abc");
    int *arr = rl_arena_array(a, 4, sizeof *arr);
    arr[3] = 7;
    int *arr2 = rl_arena_grow(a, arr, 4, 8, sizeof *arr);
    assert_int_equal(arr2[3], 7);
    assert_int_equal(arr2[7], 0);
    static int three = 3, four = 4;
    deferred = 0;
    rl_arena_defer(a, bump, &three);
    rl_arena_defer(a, bump, &four);
    rl_arena_free(a);
    assert_int_equal(deferred, 7);
}

static void test_buf(void **state)
{
    (void)state;
    rl_buf b = RL_BUF_INIT;
    for (int i = 0; i < 1000; i++)
        rl_buf_printf(&b, "%d,", i);
    assert_int_equal(b.n, strlen(b.p));
    assert_memory_equal(b.p, "0,1,2,", 6);
    rl_buf_clear(&b);
    assert_int_equal(b.n, 0);
    rl_buf_puts(&b, "hello");
    rl_buf_putc(&b, '!');
    assert_string_equal(b.p, "hello!");

    char dir[] = "/tmp/rltestXXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    assert_int_equal(rl_buf_save(&b, path, NULL), 0);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char got[16] = {0};
    assert_int_equal(fread(got, 1, sizeof got, f), 6);
    fclose(f);
    assert_string_equal(got, "hello!");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);

    /* A folder that does not exist: an error, and nothing left behind. */
    rl_diag *d = rl_diag_new();
    char bad[96];
    snprintf(bad, sizeof bad, "%s/missing/out.txt", dir);
    assert_int_equal(rl_buf_save(&b, bad, d), -1);
    assert_int_equal(rl_diag_errors(d), 1);
    assert_non_null(strstr(rl_diag_message(d, 0), "cannot write"));
    rl_diag_free(d);
    unlink(path);
    rmdir(dir);
    rl_buf_free(&b);
}

static void test_diag_sorted_with_caret(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    const char *text = "first line\nsecond é line\n";
    rl_source *s = rl_source_from_mem(a, "x.yaml", text, strlen(text));
    rl_diag *d = rl_diag_new();
    /* Reported out of order; printed in order of position. */
    rl_diag_warning(d, (rl_span){s, 21, 25}, "later %s", "one");
    rl_diag_error(d, (rl_span){s, 0, 5}, "first");
    assert_int_equal(rl_diag_errors(d), 1);
    assert_int_equal(rl_diag_warnings(d), 1);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    rl_diag_flush(d, f, true);
    fclose(f);
    /* "second é " is 9 code points, so "line" starts at column 10. */
    assert_string_equal(out, "x.yaml:1:1: error: first\n"
                             " 1 | first line\n"
                             "   | ^~~~~\n"
                             "x.yaml:2:10: warning: later one\n"
                             " 2 | second é line\n"
                             "   |          ^~~~\n");
    free(out);
    assert_int_equal(rl_diag_count(d), 0);
    rl_diag_free(d);
    rl_arena_free(a);
}

static void test_diag_files_in_first_report_order(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_source *sb = rl_source_from_mem(a, "b.yaml", "x: 1\ny: 2\n", 10);
    rl_source *sa = rl_source_from_mem(a, "a.yaml", "z: 3\n", 5);
    rl_diag *d = rl_diag_new();
    rl_diag_error(d, (rl_span){sb, 5, 6}, "b second");
    rl_diag_error(d, (rl_span){sa, 0, 1}, "a only");
    rl_diag_error(d, (rl_span){sb, 0, 1}, "b first");
    rl_diag_file_error(d, NULL, "no file");
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    rl_diag_flush(d, f, false);
    fclose(f);
    assert_string_equal(out, "b.yaml:1:1: error: b first\n"
                             "b.yaml:2:1: error: b second\n"
                             "a.yaml:1:1: error: a only\n"
                             "redline: error: no file\n");
    free(out);
    rl_diag_free(d);
    rl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_zeroed_and_aligned),
        cmocka_unit_test(test_arena_strings_and_defer),
        cmocka_unit_test(test_buf),
        cmocka_unit_test(test_diag_sorted_with_caret),
        cmocka_unit_test(test_diag_files_in_first_report_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
