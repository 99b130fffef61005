/* test_paraset.c - a run of paragraphs set on two threads gives the lines
 * and the diagnostics of setting them one by one; hyphenation handles
 * forked for other threads give their root's points. */
#include "harness.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "font.h"
#include "hyph.h"
#include "para.h"
#include "paraset.h"
#include "style.h"

static const char *const words[] = {
    "information", "the",  "hyphenation", "of",        "international", "cooperation", "a",
    "paragraph",   "is",   "set",         "with",      "Knuth-Plass",   "line",        "breaking",
    "r\xc3\xa9sum\xc3\xa9", "and", "justified", "columns", "extraordinarily", "unconstitutional",
    "e-mail",      "https://example.org/a/long/path", "to",  "typesetting", "\xe2\x80\x9cquoted\xe2\x80\x9d,",
};
#define NWORDS (sizeof words / sizeof *words)

typedef struct fx {
    rl_arena *a;
    rl_diag *d;
    rl_style st;
    rl_fonts *fonts;
    rl_hyph *hyph;
} fx;

static void fx_open(fx *f)
{
    f->a = rl_arena_new();
    f->d = rl_diag_new();
    rl_style_defaults(&f->st);
    f->fonts = rl_fonts_open(f->a, f->d, &f->st);
    assert_non_null(f->fonts);
    f->hyph = rl_hyph_start(f->a, f->d, (rl_span){NULL, 0, 0}, "en_US", NULL, NULL);
    assert_non_null(f->hyph);
}

static void fx_close(fx *f)
{
    rl_diag_free(f->d);
    rl_arena_free(f->a);
}

static rl_setter setter(fx *f, rl_arena *lines)
{
    rl_setter s = {0};
    s.a = f->a;
    s.d = f->d;
    s.fonts = f->fonts;
    s.hyph = f->hyph;
    s.lines = lines;
    return s;
}

/* n paragraphs of pseudo-random words, with labels, links, faces, rules,
 * empty ones and narrow ones; size NAN in every bad-th (0: none), which
 * the line breaker reports as a caller bug. */
static rl_para *make_paras(rl_arena *a, size_t n, size_t bad)
{
    rl_para *ps = rl_arena_array(a, n, sizeof *ps);
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) {
        rl_para *p = &ps[i];
        p->anchor = p->xref = -1;
        p->leading = 12;
        p->hyphenate = i % 7 != 3;
        p->ragged = i % 11 == 5;
        p->indent = i % 5 == 1 ? 20 : 0;
        p->hang = i % 5 == 1 ? 15 : 0;
        if (i % 29 == 28) {
            p->is_rule = true;
            continue;
        }
        if (i % 31 == 30)
            continue; /* empty */
        if (p->hang) {
            rl_piece lab = {0};
            lab.text = RL_STR("(a)");
            lab.size = 10;
            rl_para_add_label(a, p, lab);
        }
        size_t nw = 10 + (i * 37) % 150;
        for (size_t k = 0; k < nw; k++) {
            x = x * 1103515245u + 12345u;
            rl_piece pc = {0};
            pc.text = rl_str_z(words[(x >> 16) % NWORDS]);
            pc.size = bad && i % bad == bad - 1 ? NAN : 10;
            pc.space = k > 0 && (x >> 8) % 13 != 0;
            pc.face = (uint8_t)((x >> 4) % 17 == 0 ? RL_FACE_ITALIC : (x >> 4) % 23 == 0 ? RL_FACE_MONO : 0);
            pc.link = (x >> 12) % 19 == 0 ? 1 : 0;
            pc.mark = (uint8_t)((x >> 20) % 3);
            rl_para_add(a, p, pc);
        }
    }
    return ps;
}

static void assert_same_lines(const rl_plines *a, const rl_plines *b)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        const rl_pline *x = &a->v[i], *y = &b->v[i];
        assert_ptr_equal(x->para, y->para);
        assert_int_equal(x->nruns, y->nruns);
        assert_true(x->width == y->width && x->natural == y->natural && x->overfull == y->overfull);
        assert_true(x->first == y->first && x->keep_next == y->keep_next && x->bar == y->bar);
        for (size_t k = 0; k < x->nruns; k++) {
            const rl_prun *r = &x->runs[k], *q = &y->runs[k];
            assert_int_equal(r->text.n, q->text.n);
            assert_memory_equal(r->text.p, q->text.p, r->text.n);
            assert_true(r->x == q->x && r->w == q->w);
            assert_int_equal(r->face, q->face);
            assert_int_equal(r->link, q->link);
        }
    }
}

/* Set ps both ways (one by one with a setter of their own, then as a run)
 * in fresh fixtures and compare the lines and the messages. */
static void check_both_ways(size_t n, size_t bad, size_t *nmessages)
{
    fx one, run;
    fx_open(&one);
    fx_open(&run);
    rl_para *ps1 = make_paras(one.a, n, bad);
    rl_para *ps2 = make_paras(run.a, n, bad);
    rl_arena *l1 = rl_arena_new(), *l2 = rl_arena_new();
    rl_setter s1 = setter(&one, l1), s2 = setter(&run, l2);
    rl_plines a = {0}, b = {0};
    for (size_t i = 0; i < n; i++)
        rl_para_set(&s1, &ps1[i], 300, &a);
    rl_paraset_run(&s2, ps2, n, 300, &b);
    /* para pointers differ (two copies of the paragraphs): compare by index */
    for (size_t i = 0; i < b.n; i++)
        b.v[i].para = ps1 + (b.v[i].para - ps2);
    assert_same_lines(&a, &b);
    assert_int_equal(rl_diag_count(one.d), rl_diag_count(run.d));
    for (size_t i = 0; i < rl_diag_count(one.d); i++)
        assert_string_equal(rl_diag_message(one.d, i), rl_diag_message(run.d, i));
    *nmessages = rl_diag_count(one.d);
    rl_arena_free(l1);
    rl_arena_free(l2);
    fx_close(&one);
    fx_close(&run);
}

/* Long enough for two threads (thousands of pieces), and short. */
static void test_same_lines(void **state)
{
    (void)state;
    size_t nm;
    check_both_ways(400, 0, &nm);
    assert_int_equal(nm, 0);
    check_both_ways(5, 0, &nm);
    check_both_ways(0, 0, &nm);
}

/* A caller bug the line breaker reports comes out in the same order. */
static void test_same_messages(void **state)
{
    (void)state;
    size_t nm;
    check_both_ways(400, 97, &nm);
    assert_true(nm >= 4);
}

typedef struct job {
    rl_hyph *h;
    size_t from;
    const char *out[NWORDS * 4];
} job;

static void *lookups(void *p)
{
    job *j = p;
    for (size_t i = 0; i < NWORDS * 4; i++) {
        const uint32_t *pts;
        const char *w = words[(j->from + i) % NWORDS];
        size_t n = rl_hyph_points(j->h, rl_str_z(w), &pts);
        char *o = calloc(1, 80);
        for (size_t k = 0; k < n; k++)
            snprintf(o + strlen(o), 8, "%u,", pts[k]);
        j->out[i] = o;
    }
    return NULL;
}

/* A copy of the en_US patterns in a new folder (so that they are not
 * already shelved by an earlier test): its name, in buf. */
static const char *copy_patterns(char *buf)
{
    strcpy(buf, "/tmp/rl-test-hyph-XXXXXX");
    assert_non_null(mkdtemp(buf));
    char to[512];
    snprintf(to, sizeof to, "%s/hyph_en_US.dic", buf);
    FILE *in = fopen("/usr/share/hyphen/hyph_en_US.dic", "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char b[4096];
    size_t n;
    while ((n = fread(b, 1, sizeof b, in)) > 0)
        assert_int_equal(fwrite(b, 1, n, out), n);
    fclose(in);
    fclose(out);
    return buf;
}

static void remove_patterns(const char *dir)
{
    char f[512];
    snprintf(f, sizeof f, "%s/hyph_en_US.dic", dir);
    remove(f);
    remove(dir);
}

/* Forks looked up from two threads while the patterns are still being read
 * give what their root gives afterwards. */
static void test_forks(void **state)
{
    (void)state;
    fx f;
    fx_open(&f);
    char dir[64];
    rl_hyph *root = rl_hyph_start(f.a, f.d, (rl_span){NULL, 0, 0}, "en_US", copy_patterns(dir), NULL);
    assert_non_null(root);
    rl_arena *fa = rl_arena_new(), *fb = rl_arena_new();
    job a = {rl_hyph_fork(fa, NULL, root), 0, {0}}, b = {rl_hyph_fork(fb, NULL, root), 7, {0}};
    assert_null(rl_hyph_fork(fa, NULL, NULL));
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, lookups, &a), 0);
    lookups(&b);
    pthread_join(t, NULL);
    job r = {root, 0, {0}}, r2 = {f.hyph, 0, {0}};
    lookups(&r);
    lookups(&r2);
    for (size_t i = 0; i < NWORDS * 4; i++) {
        assert_string_equal(a.out[i], r.out[i]);
        assert_string_equal(b.out[i], r.out[(7 + i) % NWORDS]);
        assert_string_equal(r2.out[i], r.out[i]);
    }
    for (size_t i = 0; i < NWORDS * 4; i++) {
        free((void *)a.out[i]);
        free((void *)b.out[i]);
        free((void *)r.out[i]);
        free((void *)r2.out[i]);
    }
    remove_patterns(dir);
    rl_arena_free(fa);
    rl_arena_free(fb);
    assert_int_equal(rl_diag_count(f.d), 0);
    fx_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_lines),
        cmocka_unit_test(test_same_messages),
        cmocka_unit_test(test_forks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
