/* test_style.c - style files: the shipped styles, inheritance, units, and
 * the exact messages for every broken file in tests/diag/style/. */
#include "harness.h"
#include "style.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define MM (72.0 / 25.4)
#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-6)

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return buf;
}

static void test_diag_files(void **state)
{
    (void)state;
    const char *dir = "tests/diag/style";
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    struct dirent *e;
    int checked = 0;
    while ((e = readdir(dp))) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".yaml"))
            continue;
        char path[512], exp[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        snprintf(exp, sizeof exp, "%s/%.*s.expected", dir, (int)(n - 5), e->d_name);
        char *want = slurp(exp);
        if (!want)
            fail_msg("%s has no .expected file", path);
        rl_arena *a = rl_arena_new();
        rl_diag *d = rl_diag_new();
        rl_style *s = rl_style_load(a, d, path);
        assert_null(s);
        static char got[65536];
        size_t o = 0;
        for (size_t i = 0; i < rl_diag_count(d); i++)
            o += (size_t)snprintf(got + o, sizeof got - o, "%s\n", rl_diag_message(d, i));
        got[o] = 0;
        if (strcmp(got, want))
            fail_msg("%s:\nwant:\n%sgot:\n%s", path, want, got);
        rl_diag_free(d);
        rl_arena_free(a);
        checked++;
    }
    closedir(dp);
    assert_true(checked >= 14);
}

static rl_style *load_ok(rl_arena *a, const char *path)
{
    rl_diag *d = rl_diag_new();
    rl_style *s = rl_style_load(a, d, path);
    if (!s || rl_diag_count(d)) {
        rl_diag_flush(d, stderr, false);
        fail_msg("%s did not load cleanly", path);
    }
    rl_diag_free(d);
    return s;
}

/* styles/default.yaml says exactly what the built-in defaults say. */
static void test_default_file_matches_builtin(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_style *s = load_ok(a, "styles/default.yaml");
    rl_style b;
    rl_style_defaults(&b);
    assert_true(rl_str_eqz(s->name, "default"));
    assert_true(rl_str_eq(s->paper, b.paper));
    NEAR(s->page_w, b.page_w);
    NEAR(s->page_h, b.page_h);
    NEAR(s->page_w, 595.2755905511812);
    NEAR(s->margin_top, b.margin_top);
    NEAR(s->margin_bottom, b.margin_bottom);
    NEAR(s->margin_inner, b.margin_inner);
    NEAR(s->margin_outer, b.margin_outer);
    NEAR(s->margin_outer, 62 * MM);
    assert_true(rl_str_eq(s->font_family, b.font_family));
    assert_true(rl_str_eq(s->mono_family, b.mono_family));
    NEAR(s->font_size, 10.5);
    NEAR(s->leading, 13.5);
    NEAR(s->heading_scale, b.heading_scale);
    assert_true(rl_str_eq(s->lang, b.lang));
    assert_true(s->hyphenate);
    assert_int_equal(s->note_side, RL_SIDE_OUTER);
    NEAR(s->note_width, 48 * MM);
    NEAR(s->note_gap, 5 * MM);
    NEAR(s->note_font_size, b.note_font_size);
    NEAR(s->note_leading, b.note_leading);
    NEAR(s->color_insert.b, b.color_insert.b);
    NEAR(s->color_insert.r, 0x1a / 255.0);
    NEAR(s->color_delete.r, b.color_delete.r);
    NEAR(s->color_move.g, b.color_move.g);
    NEAR(s->color_note.r, b.color_note.r);
    NEAR(s->color_label.b, b.color_label.b);
    assert_true(s->change_bars && s->line_numbers);
    assert_int_equal(s->line_number_step, 5);
    assert_true(rl_str_eq(s->header, b.header));
    assert_true(rl_str_eq(s->footer, b.footer));
    assert_true(rl_str_eq(s->latex_class, b.latex_class));
    assert_true(rl_str_eq(s->latex_options, b.latex_options));
    assert_int_equal(s->nlatex_preamble, 0);
    assert_true(rl_str_eq(s->html_theme, b.html_theme));
    NEAR(s->par_skip, b.par_skip);
    NEAR(s->par_indent, b.par_indent);
    /* default.yaml leaves the language to the publication's `lang`. */
    assert_null(s->lang_at.src);
    assert_true(rl_str_eq(s->lang, b.lang));
    rl_arena_free(a);
}

static void test_letter_inherits(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_style *s = load_ok(a, "styles/letter.yaml");
    assert_true(rl_str_eqz(s->name, "letter"));
    assert_true(rl_str_eqz(s->paper, "letter"));
    NEAR(s->page_w, 612);
    NEAR(s->page_h, 792);
    NEAR(s->margin_outer, 2.45 * 72);
    NEAR(s->note_width, 48 * MM); /* from default */
    NEAR(s->font_size, 10.5);
    assert_true(rl_str_eqz(s->latex_options, "letterpaper,10pt"));
    assert_true(rl_str_eqz(s->latex_class, "article"));
    rl_arena_free(a);
}

/* A scratch folder with style files. */
static char tmpdir[64];

static void put(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_units_overrides_and_whitelists(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/rl-style-XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    put("base.yaml", "margins: {top: 1in, bottom: 2.54cm, inner: 72pt, outer: 70mm}\n"
                     "notes: {width: 50mm, gap: 0}\n");
    put("child.yaml", "base: base\n"
                      "description: a test\n"
                      "page: {width: 200mm, height: 250mm}\n"
                      "hyphenation: false\n"
                      "line_numbers: false\n"
                      "notes: {side: outer, font_size: 7.5pt, leading: 9pt}\n"
                      "header: \"{{{title}}} {date}\"\n"
                      "latex:\n"
                      "  preamble:\n"
                      "    - \\usepackage[T1]{fontenc}\n"
                      "    - \\setlength{\\parskip}{2pt plus 1pt}\n"
                      "    - \\linespread{1.05}\n"
                      "html: {theme: dark, css: \"ins { color: #060 }\"}\n");
    rl_arena *a = rl_arena_new();
    char path[256];
    snprintf(path, sizeof path, "%s/child.yaml", tmpdir);
    rl_style *s = load_ok(a, path);
    NEAR(s->margin_top, 72);
    NEAR(s->margin_bottom, 72);
    NEAR(s->margin_inner, 72);
    NEAR(s->margin_outer, 70 * MM);
    NEAR(s->note_width, 50 * MM);
    NEAR(s->note_gap, 0);
    NEAR(s->note_font_size, 7.5);
    assert_true(rl_str_eqz(s->paper, "custom"));
    NEAR(s->page_w, 200 * MM);
    assert_false(s->hyphenate);
    assert_false(s->line_numbers);
    assert_int_equal(s->note_side, RL_SIDE_OUTER);
    assert_int_equal(s->nlatex_preamble, 3);
    assert_true(rl_str_eqz(s->html_theme, "dark"));
    rl_style_vars v = {RL_STR("Code"), RL_STR("e3b0"), RL_STR("2015-07-22"), 3, 9};
    rl_str h = rl_style_expand(a, s->header, &v);
    assert_string_equal(h.p, "{Code} 2015-07-22");
    rl_str f = rl_style_expand(a, RL_STR("p. {page}/{pages} {edition} {nope} }}"), &v);
    assert_string_equal(f.p, "p. 3/9 e3b0 {nope} }");

    /* The note column stands in the outer margin whatever its side (the
     * layout puts it there): a narrow inner margin does not matter to it,
     * a narrow outer one does. */
    put("left.yaml", "margins: {inner: 20mm}\nnotes: {side: left}\n");
    snprintf(path, sizeof path, "%s/left.yaml", tmpdir);
    rl_diag *d = rl_diag_new();
    rl_style *left = rl_style_load(a, d, path);
    assert_non_null(left);
    assert_int_equal(rl_diag_count(d), 0);
    assert_int_equal(left->note_side, RL_SIDE_LEFT);
    rl_diag_free(d);
    put("right.yaml", "margins: {outer: 40mm}\nnotes: {side: right}\n");
    snprintf(path, sizeof path, "%s/right.yaml", tmpdir);
    d = rl_diag_new();
    assert_null(rl_style_load(a, d, path));
    assert_int_equal(rl_diag_count(d), 1);
    char want[512];
    snprintf(want, sizeof want,
             "%s:2:15: error: the note column (notes.width 48.0 mm + notes.gap 5.0 mm) is wider than the outer "
             "margin (40.0 mm); widen margins.outer or narrow the column",
             path);
    assert_string_equal(rl_diag_message(d, 0), want);
    rl_diag_free(d);

    /* The page furniture must fit its margin: a 3 mm top margin has no
     * room for the running header, 16 pt above the text. */
    put("tight.yaml", "margins: {top: 3mm}\n");
    snprintf(path, sizeof path, "%s/tight.yaml", tmpdir);
    d = rl_diag_new();
    assert_null(rl_style_load(a, d, path));
    assert_int_equal(rl_diag_count(d), 1);
    assert_non_null(strstr(rl_diag_message(d, 0), "margins.top (3.0 mm) leaves no room for the running header"));
    rl_diag_free(d);
    /* ... unless there is no header. */
    put("bare.yaml", "margins: {top: 3mm}\nheader: \"\"\n");
    snprintf(path, sizeof path, "%s/bare.yaml", tmpdir);
    d = rl_diag_new();
    assert_non_null(rl_style_load(a, d, path));
    assert_int_equal(rl_diag_count(d), 0);
    rl_diag_free(d);

    /* Font files are relative to the style's folder, and must exist
     * (a.ttf starts like an Apple TrueType file: that is all that is read). */
    put("fonts.yaml", "font:\n  files: [a.ttf, missing.ttf]\n");
    put("a.ttf", "true");
    snprintf(path, sizeof path, "%s/fonts.yaml", tmpdir);
    d = rl_diag_new();
    assert_null(rl_style_load(a, d, path));
    assert_int_equal(rl_diag_count(d), 1);
    snprintf(want, sizeof want, "%s:2:18: error: cannot read font file 'missing.ttf' (looked for %s/missing.ttf)",
             path, tmpdir);
    assert_string_equal(rl_diag_message(d, 0), want);
    rl_diag_free(d);
    rl_arena_free(a);

    const char *names[] = {"base.yaml", "child.yaml", "left.yaml", "right.yaml", "tight.yaml",
                           "bare.yaml",  "fonts.yaml", "a.ttf"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
        unlink(path);
    }
    assert_int_equal(rmdir(tmpdir), 0); /* every file the test wrote is gone */
}

static void test_missing_file(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    assert_null(rl_style_load(a, d, "tests/diag/style/none.yaml"));
    assert_int_equal(rl_diag_errors(d), 1);
    rl_diag_free(d);
    rl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diag_files),
        cmocka_unit_test(test_default_file_matches_builtin),
        cmocka_unit_test(test_letter_inherits),
        cmocka_unit_test(test_units_overrides_and_whitelists),
        cmocka_unit_test(test_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
