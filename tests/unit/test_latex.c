/* test_latex.c - LaTeX escaping and the LaTeX emitter on redlines built
 * from strings: no user character can reach TeX as syntax, URLs are
 * filtered, note bodies never produce \includegraphics, output is
 * deterministic.  (Compilation with TeX is tests/cli/latex.sh.) */
#include "harness.h"

#include "emit.h"
#include "latex_esc.h"
#include "redline.h"

#include <cmark.h>

static char *esc(rl_buf *b, const char *s, unsigned flags, rl_latex_bad *bad)
{
    rl_buf_clear(b);
    rl_latex_text(b, rl_str_z(s), flags, NULL, bad);
    rl_buf_putc(b, 0);
    return b->p;
}

static void test_escape_specials(void **state)
{
    (void)state;
    rl_buf b = RL_BUF_INIT;
    assert_string_equal(esc(&b, "\\input{x}", 0, NULL), "\\rlbs{}input\\{x\\}");
    assert_string_equal(esc(&b, "$&#_%", 0, NULL), "\\$\\&\\#\\_\\%");
    assert_string_equal(esc(&b, "~^'`\"", 0, NULL), "\\rltilde{}\\rlcaret{}\\rlsq{}\\rlbq{}\\rldq{}");
    assert_string_equal(esc(&b, "\\~^", RL_LTX_PLAIN, NULL),
                        "\\textbackslash{}\\textasciitilde{}\\textasciicircum{}");
    /* ^^ sequences cannot form: each ^ is a macro. */
    assert_string_equal(esc(&b, "^^5c", 0, NULL), "\\rlcaret{}\\rlcaret{}5c");
    /* T1 ligatures are split. */
    assert_string_equal(esc(&b, "a--b,,<<>>", 0, NULL), "a-{}-b,{},<{}<>{}>");
    rl_buf_free(&b);
}

static void test_escape_unicode(void **state)
{
    (void)state;
    rl_buf b = RL_BUF_INIT;
    rl_latex_bad bad = {0, 0};
    assert_string_equal(esc(&b, "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d \xe2\x82\xac\xc2\xa7\xc3\x97", 0, &bad),
                        "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d \xe2\x82\xac\xc2\xa7\xc3\x97");
    assert_int_equal(bad.count, 0);
    assert_string_equal(esc(&b, "\xe4\xb8\xad!\xf0\x9f\x98\x80", 0, &bad), "[U+4E2D]![U+1F600]");
    assert_int_equal(bad.count, 2);
    assert_int_equal(bad.first, 0x4E2D);
    /* Control characters, C1 controls and invalid UTF-8 are visible too. */
    bad = (rl_latex_bad){0, 0};
    assert_string_equal(esc(&b, "a\x07" "b\xc2\x90" "c\xff", 0, &bad), "a[U+0007]b[U+0090]c[U+FFFD]");
    assert_int_equal(bad.count, 3);
    /* A soft hyphen is a hyphenation point. */
    assert_string_equal(esc(&b, "co\xc2\xad" "op", 0, NULL), "co\\-op");
    assert_true(rl_latex_supported(0x20AC));
    assert_false(rl_latex_supported(0x0391));
    rl_buf_free(&b);
}

static void test_urls(void **state)
{
    (void)state;
    assert_true(rl_latex_url_ok(rl_str_z("https://example.org/x")));
    assert_true(rl_latex_url_ok(rl_str_z("HTTP://example.org/")));
    assert_true(rl_latex_url_ok(rl_str_z("mailto:a@b.org")));
    assert_false(rl_latex_url_ok(rl_str_z("javascript:alert(1)")));
    assert_false(rl_latex_url_ok(rl_str_z("file:///etc/passwd")));
    assert_false(rl_latex_url_ok(rl_str_z("data:text/html,x")));
    assert_false(rl_latex_url_ok(rl_str_z("https://a b")));
    assert_false(rl_latex_url_ok(rl_str_z("https://")));
    rl_buf b = RL_BUF_INIT;
    rl_latex_url(&b, rl_str_z("https://e.org/a_b?x=1&y=%41#f~}{\\\n"));
    rl_buf_putc(&b, 0);
    assert_string_equal(b.p, "https://e.org/a\\%5Fb?x=1\\&y=\\%41\\#f\\%7E\\%7D\\%7B\\%5C\\%0A");
    /* Every % is escaped: a bare one would start a TeX comment. */
    for (size_t i = 0; i < b.n; i++)
        if (b.p[i] == '%')
            assert_true(i > 0 && b.p[i - 1] == '\\');
    rl_buf_free(&b);
}

/* The emitted body may contain only the commands it writes itself. */
static const char *const allowed[] = {
    "rlbodybegin", "rlbodyend", "rlpara", "rlheading", "rlitem", "rlquote", "rlcode", "rlrule",
    "rllabel", "rllabelchange", "rlins", "rldel", "rlmoved", "rlnote", "rlnoteauthor",
    "rlnoteitem", "rlnotequote", "rlnotecode", "rlnoteheading", "rlnoterule", "rlhref",
    "rlbreak", "rlbullet", "rlmovedfrom", "rlmovedto", "rlbs", "rltilde", "rlcaret", "rlsq",
    "rlbq", "rldq", "textit", "textbf", "texttt", "emph", "textbullet", NULL};

static void assert_only_allowed_commands(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '%') {
            /* Only at the start of a comment line of the header. */
            assert_true(i == 0 || p[i - 1] == '\n' || p[i - 1] == '\\');
            if (p[i - (i > 0)] != '\\')
                while (i < n && p[i] != '\n')
                    i++;
            continue;
        }
        if (p[i] == '$' || p[i] == '#' || p[i] == '^' || p[i] == '_' || p[i] == '~' || p[i] == '&')
            assert_true(i > 0 && p[i - 1] == '\\');
        if (p[i] != '\\')
            continue;
        size_t j = i + 1;
        while (j < n && ((p[j] >= 'a' && p[j] <= 'z') || (p[j] >= 'A' && p[j] <= 'Z')))
            j++;
        if (j == i + 1) {
            /* A control symbol: only escapes. */
            assert_non_null(strchr("{}$&#_%-", p[j]));
            i = j;
            continue;
        }
        bool ok = false;
        for (size_t k = 0; allowed[k]; k++)
            if (strlen(allowed[k]) == j - i - 1 && !memcmp(allowed[k], p + i + 1, j - i - 1))
                ok = true;
        if (!ok)
            fail_msg("unexpected command \\%.*s", (int)(j - i - 1), p + i + 1);
        i = j - 1;
    }
}

static const char old_text[] =
    "Alpha \\input{/etc/passwd} beta \\write18{rm} $x$ & 100% #1 ^^5c ~ _ {}.\n\n"
    "(a) Gamma \\catcode`\\@=11 \\def\\x{y} \\csname relax\\endcsname delta.\n\n"
    "Moved paragraph about confidence-building measures and information.\n\n"
    "Last paragraph.\n";
static const char new_text[] =
    "Alpha \\input{/etc/passwd} beta \\write18{ls} $y$ & 100% #2 ^^5c ~ _ {}.\n\n"
    "(b) Gamma \\catcode`\\@=12 \\def\\x{z} \\csname relax\\endcsname delta.\n\n"
    "Last paragraph.\n\n"
    "Moved paragraph about confidence-building measures and information.\n";

static rl_redline *hostile_redline(rl_arena *a)
{
    rl_doc *o = test_doc(a, "old.txt", old_text);
    rl_doc *n = test_doc(a, "new.txt", new_text);
    return rl_diff(a, o, n, NULL);
}

static void free_node(void *p) { cmark_node_free(p); }

static void test_emit_hostile(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_redline *r = hostile_redline(a);
    /* A note whose body holds an image, a javascript: link and TeX. */
    static const char md[] = "Body \\input{x} ![img](/etc/passwd) [js](javascript:alert(1)) "
                             "[ok](https://e.org/%41) `\\def`";
    rl_note *note = rl_arena_alloc(a, sizeof *note);
    note->number = 1;
    note->body_md = rl_str_z(md);
    note->body = cmark_parse_document(md, strlen(md), 0);
    rl_arena_defer(a, free_node, note->body);
    note->author = rl_str_z("\\def\\a{b}");
    rl_rblock *b0 = &r->blocks[0];
    note->first = note->last = (rl_rpos){0, 0, 0};
    b0->marks = rl_arena_alloc(a, sizeof *b0->marks);
    b0->marks[0] = note;
    b0->nmarks = 1;
    r->notes = note;
    r->nnotes = 1;
    rl_emit_ctx c = {.a = a, .d = d, .r = r, .edition_id = RL_STR("abc123"), .edition_number = 3,
                     .date = RL_STR("2026-01-02"), .basename = "t"};
    rl_buf tex = RL_BUF_INIT, body = RL_BUF_INIT, sty = RL_BUF_INIT;
    assert_int_equal(rl_emit_latex(&c, &tex, &body, &sty), 0);
    assert_only_allowed_commands(body.p, body.n);
    assert_null(strstr(body.p, "includegraphics"));
    assert_null(strstr(body.p, "javascript"));
    assert_non_null(strstr(body.p, "\\rlhref{https://e.org/\\%41}{ok}"));
    assert_non_null(strstr(body.p, "\\rlnote{1}{"));
    assert_non_null(strstr(body.p, "\\rllabelchange{(a)}{(b)}"));
    assert_non_null(strstr(body.p, "\\rlmovedfrom{"));
    assert_non_null(strstr(body.p, "\\rlmovedto{"));
    /* The standalone document holds the body and the package's macros. */
    assert_non_null(strstr(tex.p, body.p + (strchr(strchr(body.p, '\n') + 1, '\n') + 1 - body.p)));
    assert_non_null(strstr(tex.p, "Edition 3 \\textperiodcentered{} abc123"));
    assert_non_null(strstr(sty.p, "\\ProvidesPackage{redline}"));
    assert_non_null(strstr(sty.p, "\\DeclareRobustCommand\\rlins"));
    /* Warnings: the image and the javascript: link. */
    assert_true(rl_diag_warnings(d) >= 2);

    /* Deterministic: a second emission gives the same bytes. */
    rl_buf tex2 = RL_BUF_INIT, body2 = RL_BUF_INIT, sty2 = RL_BUF_INIT;
    assert_int_equal(rl_emit_latex(&c, &tex2, &body2, &sty2), 0);
    assert_int_equal(tex.n, tex2.n);
    assert_memory_equal(tex.p, tex2.p, tex.n);
    assert_memory_equal(sty.p, sty2.p, sty.n);
    rl_buf_free(&tex);
    rl_buf_free(&body);
    rl_buf_free(&sty);
    rl_buf_free(&tex2);
    rl_buf_free(&body2);
    rl_buf_free(&sty2);
    rl_diag_free(d);
    rl_arena_free(a);
}

static void test_emit_unsupported_warns_once(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_doc *o = test_doc(a, "old.txt", "Chinese \xe4\xb8\xad and \xe4\xb8\xad again.\n");
    rl_doc *n = test_doc(a, "new.txt", "Chinese \xe4\xb8\xad and \xe4\xb8\xad once more.\n");
    rl_redline *r = rl_diff(a, o, n, NULL);
    rl_emit_ctx c = {.a = a, .d = d, .r = r, .basename = "t"};
    rl_buf tex = RL_BUF_INIT, body = RL_BUF_INIT, sty = RL_BUF_INIT;
    assert_int_equal(rl_emit_latex(&c, &tex, &body, &sty), 0);
    assert_non_null(strstr(body.p, "Chinese [U+4E2D] and [U+4E2D]"));
    assert_int_equal(rl_diag_warnings(d), 1);
    assert_non_null(strstr(rl_diag_message(d, 0), "U+4E2D"));
    rl_buf_free(&tex);
    rl_buf_free(&body);
    rl_buf_free(&sty);
    rl_diag_free(d);
    rl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_specials),
        cmocka_unit_test(test_escape_unicode),
        cmocka_unit_test(test_urls),
        cmocka_unit_test(test_emit_hostile),
        cmocka_unit_test(test_emit_unsupported_warns_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
