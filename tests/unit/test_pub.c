/* test_pub.c - the publication manifest (pub.c): a full manifest, the
 * ICoC manifest, path resolution and every error with its position. */
#include "harness.h"
#include "pub.h"

#include <stdio.h>
#include <stdlib.h>

#define FIX "tests/fixtures/load/"
#define MAN FIX "manifests/"

/* Messages reported while loading path, joined by newlines. */
static const char *messages(rl_arena *a, rl_diag *d)
{
    rl_buf b = RL_BUF_INIT;
    for (size_t i = 0; i < rl_diag_count(d); i++) {
        if (i)
            rl_buf_putc(&b, '\n');
        rl_buf_puts(&b, rl_diag_message(d, i));
    }
    const char *s = rl_arena_strz(a, b.p ? b.p : "");
    rl_buf_free(&b);
    return s;
}

static void test_good_manifest(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_pub *p = rl_pub_load(a, d, FIX "sources/good/publication.yaml");
    assert_string_equal(messages(a, d), "");
    assert_non_null(p);
    assert_true(rl_str_eqz(p->title, "A good publication"));
    assert_true(rl_str_eqz(p->subtitle, "With every key"));
    assert_true(rl_str_eqz(p->url, "https://example.org/good"));
    assert_true(rl_str_eqz(p->lang, "en-GB"));
    assert_true(rl_str_eqz(p->subject, "Testing"));
    assert_true(rl_str_eqz(p->notice, "Reconstructed *text*.\n"));
    assert_int_equal(p->nauthors, 2);
    assert_true(rl_str_eqz(p->authors[1], "B. Author"));
    assert_int_equal(p->nkeywords, 2);
    assert_int_equal(p->edition_number, 2);
    assert_true(rl_str_eqz(p->edition_date, "2026-01-31"));
    assert_string_equal(p->root, "tests/fixtures/load");
    assert_string_equal(p->dir, FIX "sources/good");
    assert_true(rl_str_eqz(p->name, "good"));
    assert_string_equal(p->style_path, FIX "styles/default.yaml");
    assert_int_equal(p->nversions, 3);
    assert_true(rl_str_eqz(p->versions[0].label, "First"));
    assert_true(rl_str_eqz(p->versions[0].date, "2020-02-29"));
    assert_true(rl_str_eqz(p->versions[1].label, "v2")); /* defaults to the id */
    assert_int_equal(p->versions[1].date.n, 0);
    assert_string_equal(p->versions[2].path, FIX "sources/good/sub/v3.md");
    assert_int_equal(p->ncompares, 2);
    assert_int_equal(p->compares[0].from, 0);
    assert_int_equal(p->compares[0].to, 2);
    assert_int_equal(p->compares[1].from, 1);
    assert_int_equal(p->nannotations, 2);
    assert_string_equal(p->annotation_paths[0], FIX "annotations/good.yaml");
    assert_string_equal(p->annotation_paths[1], FIX "sources/good/local/notes.yaml");
    assert_int_equal(p->outputs, RL_OUT_PDF | RL_OUT_HTML);
    assert_true(p->one_document);
    assert_non_null(rl_pub_version(p, RL_STR("v2")));
    assert_null(rl_pub_version(p, RL_STR("v4")));
    assert_int_equal(rl_pub_load_versions(a, d, p), 0);
    assert_int_equal(rl_diag_count(d), 0);
    assert_non_null(p->versions[1].doc);
    assert_int_equal(p->versions[2].doc->blocks[0].label.n, 3);
    rl_diag_free(d);
    rl_arena_free(a);
}

static void test_icoc_manifest(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_pub *p = rl_pub_load(a, d, "sources/icoc/publication.yaml");
    assert_string_equal(messages(a, d), "");
    assert_non_null(p);
    assert_true(rl_str_eqz(p->title, "International code of conduct for information security"));
    assert_string_equal(p->root, ".");
    assert_true(rl_str_eqz(p->name, "icoc"));
    assert_int_equal(p->nversions, 2);
    assert_true(rl_str_eqz(p->versions[0].label, "A/66/359 (2011)"));
    assert_true(rl_str_eqz(p->versions[1].date, "2015-01-09"));
    assert_int_equal(p->ncompares, 1);
    assert_int_equal(p->outputs, RL_OUT_ALL);
    assert_false(p->one_document);
    assert_true(rl_str_eqz(p->lang, "en-US"));
    assert_int_equal(p->edition_number, 1);
    assert_string_equal(p->annotation_paths[0], "annotations/icoc.yaml");
    assert_string_equal(p->style_path, "styles/default.yaml");
    assert_non_null(strstr(p->notice.p, "not from the official PDFs"));
    assert_non_null(strstr(p->notice.p, "from memory"));
    assert_non_null(strstr(p->notice.p, "before citing"));
    assert_int_equal(rl_pub_load_versions(a, d, p), 0);
    assert_int_equal(rl_diag_count(d), 0);
    rl_diag_free(d);
    rl_arena_free(a);
}

static void test_default_compares(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_pub *p = rl_pub_load(a, d, MAN "unknown-key.yaml");
    assert_non_null(p);
    assert_string_equal(messages(a, d),
                        MAN "unknown-key.yaml:2:1: warning: unknown key 'subtitel'; did you mean 'subtitle'?");
    assert_int_equal(rl_diag_errors(d), 0);
    assert_int_equal(p->ncompares, 1);
    assert_int_equal(p->compares[0].from, 0);
    assert_int_equal(p->compares[0].to, 1);
    assert_int_equal(p->outputs, RL_OUT_ALL);
    assert_true(rl_str_eqz(p->style, "default"));
    /* Outside sources/, the root is the manifest's folder. */
    assert_string_equal(p->root, FIX "manifests");
    rl_diag_free(d);
    d = rl_diag_new();
    /* The version files do not exist: "cannot open" at the manifest entry. */
    assert_int_equal(rl_pub_load_versions(a, d, p), -1);
    assert_string_equal(rl_diag_message(d, 0), MAN "unknown-key.yaml:4:5: error: cannot open '" MAN
                                                    "a.md': No such file or directory");
    rl_diag_free(d);
    rl_arena_free(a);
}

typedef struct bad_case {
    const char *file, *want;
} bad_case;

static const bad_case bad_cases[] = {
    {"no-title.yaml", ":1:1: error: the manifest has no 'title'; add a line such as 'title: My text'"},
    {"bad-type.yaml", ":1:8: error: title must be a string, not a list"},
    {"dup-version.yaml",
     ":4:10: error: duplicate version id 'a' (also used at line 3); give each version its own id"},
    {"missing-id.yaml", ":3:5: error: this version has no 'id'; add one, such as id: \"2011\""},
    {"unknown-compare.yaml", ":6:19: error: unknown version 'c' in 'to'; the versions are 'a', 'b'"},
    {"unsafe-id.yaml", ":3:10: error: version id '../a' cannot be used in file names; use letters, digits, '.', "
                       "'_' and '-' (not starting with '.')"},
    {"bad-output.yaml", ":5:16: error: unknown output format 'docx'; use pdf, tex or html"},
    {"escape-file.yaml", ":3:21: error: a version's file '../../a.md' leaves the publication's folder ('..'); "
                         "keep the file inside it"},
    {"escape-file.yaml", ":4:21: error: a version's file '/etc/passwd' is an absolute path; give a path relative "
                         "to the publication"},
    {"escape-other.yaml", ":5:15: error: an annotation file '../notes.yaml' leaves the publication's folder "
                          "('..'); keep the file inside it"},
    {"escape-other.yaml",
     ":6:8: error: the style '/etc/style' is an absolute path; give a path relative to the publication"},
    {"bad-date.yaml", ":3:33: error: a version's date must be a date written YYYY-MM-DD"},
    {"bad-layout.yaml", ":5:17: error: compare_layout must be 'separate' or 'one-document', not 'single'"},
    {"bad-edition.yaml", ":5:19: error: the edition number must be a whole number"},
    {"versions-scalar.yaml", ":2:11: error: versions must be a list, not a scalar"},
    {"not-mapping.yaml", ":1:1: error: a publication manifest must be a mapping of keys (title:, versions:, ...)"},
    {"bad-yaml.yaml", ":2:1: error: YAML syntax: found unexpected end of stream (while scanning a quoted scalar "
                      "at line 1, column 8)"},
};

static void test_manifest_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        rl_arena *a = rl_arena_new();
        rl_diag *d = rl_diag_new();
        char path[256], want[512];
        snprintf(path, sizeof path, MAN "%s", bad_cases[i].file);
        snprintf(want, sizeof want, "%s%s", path, bad_cases[i].want);
        rl_pub *p = rl_pub_load(a, d, path);
        const char *got = messages(a, d);
        if (p || !strstr(got, want))
            fail_msg("%s: expected\n  %s\ngot\n  %s", bad_cases[i].file, want, got);
        rl_diag_free(d);
        rl_arena_free(a);
    }
}

static void test_missing_manifest(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    assert_null(rl_pub_load(a, d, MAN "nope.yaml"));
    assert_string_equal(messages(a, d), MAN "nope.yaml: error: cannot open '" MAN "nope.yaml': No such file or directory");
    rl_diag_free(d);
    rl_arena_free(a);
}

static void test_safe_id(void **state)
{
    (void)state;
    assert_true(rl_pub_safe_id(RL_STR("2011")));
    assert_true(rl_pub_safe_id(RL_STR("v1.2_final-B")));
    assert_false(rl_pub_safe_id(RL_STR("")));
    assert_false(rl_pub_safe_id(RL_STR(".hidden")));
    assert_false(rl_pub_safe_id(RL_STR("a/b")));
    assert_false(rl_pub_safe_id(RL_STR("..")));
    assert_false(rl_pub_safe_id(RL_STR("a b")));
    assert_false(rl_pub_safe_id(RL_STR("é")));
    assert_false(rl_pub_safe_id(RL_STR("a\\b")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_manifest),
        cmocka_unit_test(test_icoc_manifest),
        cmocka_unit_test(test_default_compares),
        cmocka_unit_test(test_manifest_errors),
        cmocka_unit_test(test_missing_manifest),
        cmocka_unit_test(test_safe_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
