/* test_scan.c - the fast byte scans of loading: the NUL and UTF-8 check
 * (eight bytes at a time while ASCII), reading a file of unknown size, and
 * the byte test that lets plain Markdown skip cmark.  Each is compared with
 * a plain byte-by-byte reference on inputs that put the interesting byte
 * at every position around the eight-byte steps. */
#include "harness.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- references --------------------------------------------------------- */

/* The first invalid UTF-8 sequence, one decode at a time. */
static long ref_utf8(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        int32_t cp;
        int len = rl_utf8_decode(p + i, n - i, &cp);
        if (cp == 0xFFFD && len == 1)
            return (long)i;
        i += (size_t)len;
    }
    return -1;
}

static long ref_nul(const char *p, size_t n)
{
    const char *z = memchr(p, 0, n);
    return z ? (long)(z - p) : -1;
}

static void check_both(const char *p, size_t n)
{
    long bad, nul;
    rl_utf8_check_text(p, n, &bad, &nul);
    long rb = ref_utf8(p, n), rn = ref_nul(p, n);
    if (bad != rb || nul != rn || rl_utf8_check(p, n) != rb) {
        fprintf(stderr, "length %zu:", n);
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, " %02X", (unsigned char)p[i]);
        fprintf(stderr, "\n");
    }
    assert_int_equal(bad, rb);
    assert_int_equal(nul, rn);
    assert_int_equal(rl_utf8_check(p, n), rb);
}

/* ---- the checker -------------------------------------------------------- */

static void test_check_every_position(void **state)
{
    (void)state;
    /* Sequences valid and not, each put at every offset of ASCII text of
     * every length up to 40, so that each crosses the eight-byte steps. */
    static const char *const seqs[] = {
        "\x00",
        "\xC3\xA9",
        "\xE2\x80\x99",
        "\xF0\x9F\x98\x80",
        "\xEF\xBF\xBD",
        "\xFF",
        "\x80",
        "\xC3",
        "\xE2\x80",
        "\xF0\x9F\x98",
        "\xC0\xAF",
        "\xC1\xBF",
        "\xE0\x80\xAF",
        "\xE0\x9F\xBF",
        "\xED\xA0\x80",
        "\xED\x9F\xBF",
        "\xF0\x8F\xBF\xBF",
        "\xF4\x90\x80\x80",
        "\xF4\x8F\xBF\xBF",
        "\xF5\x80\x80\x80",
        "\xC3\x00",
        "\xE2\x00\x99",
        "\x7F",
        "\x01",
    };
    static const size_t lens[] = {1, 2, 3, 4, 3, 1, 1, 1, 2, 3, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 2, 3, 1, 1};
    char buf[64];
    for (size_t s = 0; s < sizeof seqs / sizeof *seqs; s++)
        for (size_t n = 0; n <= 40; n++)
            for (size_t at = 0; at <= n; at++) {
                /* The sequence at `at`, cut short when it runs past n. */
                memset(buf, 'a', sizeof buf);
                memcpy(buf + at, seqs[s], lens[s]);
                check_both(buf, n);
            }
}

static void test_check_random(void **state)
{
    (void)state;
    /* Mostly ASCII with now and then a lead byte, a continuation byte or a
     * NUL: every way for a word to stop the fast loop. */
    static const unsigned char pool[] = {'a',  'b',  ' ',  '\n', 0x00, 0x7F, 0x80, 0xBF, 0xC2, 0xC3, 0xDF,
                                         0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xA0, 0x9F, 0x90, 0x8F};
    unsigned seed = 12345;
    char buf[200];
    for (int iter = 0; iter < 20000; iter++) {
        size_t n = (size_t)(rand_r(&seed) % 120);
        for (size_t i = 0; i < n; i++) {
            int r = rand_r(&seed) % 10;
            buf[i] = r < 6 ? (char)('a' + rand_r(&seed) % 26) : (char)pool[rand_r(&seed) % sizeof pool];
        }
        check_both(buf, n);
    }
}

/* ---- loading ------------------------------------------------------------ */

static char *temp_path(const char *name)
{
    char *p = malloc(256);
    snprintf(p, 256, "%s/rl-scan-%ld-%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid(), name);
    return p;
}

static void write_file(const char *path, const char *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void test_load_sizes(void **state)
{
    (void)state;
    char *path = temp_path("sizes.txt");
    static const size_t sizes[] = {0, 1, 7, 8, 9, 4095, 4096, 4097, 65536, 200001};
    char *text = malloc(200001);
    for (size_t i = 0; i < 200001; i++)
        text[i] = (char)('a' + i % 23 + (i % 61 == 60 ? ' ' - 'a' : 0));
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        write_file(path, text, sizes[k]);
        rl_arena *a = rl_arena_new();
        rl_diag *d = rl_diag_new();
        rl_source *s = rl_source_load(a, d, path, NULL);
        assert_non_null(s);
        assert_int_equal(s->len, sizes[k]);
        assert_memory_equal(s->text, text, sizes[k]);
        assert_int_equal(s->text[s->len], 0);
        rl_diag_free(d);
        rl_arena_free(a);
    }
    unlink(path);
    free(path);
    free(text);
}

/* A NUL anywhere wins over invalid UTF-8 before it, as the messages of
 * rl_source_load always had it. */
static void test_load_nul_first(void **state)
{
    (void)state;
    char *path = temp_path("nul.md");
    write_file(path,
               "ab\xFF"
               "cdefghijkl\0mn",
               15);
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    assert_null(rl_source_load(a, d, path, NULL));
    assert_int_equal(rl_diag_count(d), 1);
    assert_non_null(strstr(rl_diag_message(d, 0), ":1:14: error: "));
    assert_non_null(strstr(rl_diag_message(d, 0), "looks like a binary file (it contains a NUL byte)"));
    rl_diag_free(d);
    d = rl_diag_new();
    write_file(path, "abcdefgh\xE2\x80", 10);
    assert_null(rl_source_load(a, d, path, NULL));
    assert_non_null(
        strstr(rl_diag_message(d, 0), ":1:9: error: invalid UTF-8 (byte 0xE2); save the file as UTF-8"));
    rl_diag_free(d);
    rl_arena_free(a);
    unlink(path);
    free(path);
}

typedef struct feeder {
    const char *path;
    const char *text;
    size_t n;
} feeder;

static void *feed(void *arg)
{
    feeder *f = arg;
    FILE *out = fopen(f->path, "wb");
    if (!out)
        return NULL;
    /* In pieces, so the reader sees short reads. */
    for (size_t i = 0; i < f->n; i += 1000) {
        size_t k = f->n - i < 1000 ? f->n - i : 1000;
        fwrite(f->text + i, 1, k, out);
        fflush(out);
    }
    fclose(out);
    return NULL;
}

/* A pipe has no size: the buffer grows as it is read. */
static void test_load_fifo(void **state)
{
    (void)state;
    char *path = temp_path("fifo.md");
    unlink(path);
    if (mkfifo(path, 0600) != 0) {
        free(path);
        skip();
    }
    size_t n = 50000;
    char *text = malloc(n);
    for (size_t i = 0; i < n; i++)
        text[i] = i % 50 == 49 ? '\n' : (char)('a' + i % 26);
    feeder f = {path, text, n};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, feed, &f), 0);
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_source *s = rl_source_load(a, d, path, NULL);
    pthread_join(th, NULL);
    assert_non_null(s);
    assert_int_equal(s->len, n);
    assert_memory_equal(s->text, text, n);
    assert_int_equal(s->text[n], 0);
    rl_diag_free(d);
    rl_arena_free(a);
    unlink(path);
    free(path);
    free(text);
}

/* ---- plain Markdown ----------------------------------------------------- */

/* Every byte that starts inline Markdown (or is a control character) makes
 * the direct parser refuse the text, wherever it stands in a line. */
static void test_plain_bytes(void **state)
{
    (void)state;
    static const char bad[] = "*_`[]<>!&\\|~\x7F\x01\x09\x0B\x0C\r\x1F";
    char line[48];
    for (size_t b = 0; b < sizeof bad - 1; b++)
        for (size_t len = 1; len <= 20; len++)
            for (size_t at = 0; at < len; at++) {
                rl_arena *a = rl_arena_new();
                rl_diag *d = rl_diag_new();
                memset(line, 'x', sizeof line);
                line[at] = bad[b];
                memcpy(line + len, "\n\nyz\n", 6);
                rl_source *s = rl_source_from_mem(a, "t.md", line, len + 5);
                assert_null(rl_doc_parse_opts(a, d, s, RL_DOC_MD_DIRECT));
                /* The same line without the byte is plain. */
                line[at] = 'x';
                s = rl_source_from_mem(a, "t.md", line, len + 5);
                assert_non_null(rl_doc_parse_opts(a, d, s, RL_DOC_MD_DIRECT));
                rl_diag_free(d);
                rl_arena_free(a);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_every_position),
        cmocka_unit_test(test_check_random),
        cmocka_unit_test(test_load_sizes),
        cmocka_unit_test(test_load_nul_first),
        cmocka_unit_test(test_load_fifo),
        cmocka_unit_test(test_plain_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
