/* test_linebreak.c - Knuth-Plass line breaking: exact breaks of small
 * paragraphs, the passes (hyphenation, emergency, overfull), variable
 * widths, ragged right, and agreement with an exhaustive search. */
#include "harness.h"
#include "linebreak.h"

#include <math.h>
#include <stdlib.h>

/* A paragraph from a pattern: digits are box widths, ' ' is a normal
 * space (1, stretch 1, shrink 0.5), '-' an automatic hyphenation point
 * (hyphen width 0.5), '|' a forced break after infinite stretch. */
typedef struct para {
    rl_lb_item v[40000];
    size_t n;
} para;

static void push(para *p, rl_lb_item x) { p->v[p->n++] = x; }

static void build(para *p, const char *pat)
{
    p->n = 0;
    for (const char *c = pat; *c; c++) {
        if (*c == ' ')
            push(p, rl_lb_glue(1, 1, 0.5));
        else if (*c == '-')
            push(p, rl_lb_penalty(0.5, 0, RL_LB_AUTO | RL_LB_FLAGGED));
        else if (*c == '|') {
            rl_lb_item fil = rl_lb_glue(0, 1, 0);
            fil.flags = RL_LB_FIL;
            push(p, fil);
            push(p, rl_lb_penalty(0, -RL_LB_INF, 0));
        }
        else
            push(p, rl_lb_box(*c - '0'));
    }
}

static rl_lb_result brk(rl_arena *a, para *p, const double *widths, size_t nw, bool ragged)
{
    rl_lb_params lp;
    rl_linebreak_defaults(&lp);
    lp.widths = widths;
    lp.nwidths = nw;
    lp.ragged = ragged;
    rl_lb_result r;
    rl_diag *d = rl_diag_new();
    assert_int_equal(rl_linebreak_run(a, d, p->v, p->n, &lp, &r), 0);
    assert_int_equal(rl_diag_count(d), 0);
    rl_diag_free(d);
    return r;
}

/* Every line fits unless reported overfull, and lines tile the items. */
static void check_lines(const para *p, const rl_lb_result *r, bool ragged)
{
    size_t prev_end = 0;
    for (size_t i = 0; i < r->nlines; i++) {
        const rl_lb_line *L = &r->lines[i];
        assert_true(L->start <= L->end);
        assert_true(L->end <= p->n);
        assert_true(i == 0 ? L->start == 0 : L->start >= prev_end);
        double shrink = 0;
        for (size_t k = L->start; k < L->end; k++)
            if (p->v[k].type == RL_LB_GLUE && !ragged)
                shrink += p->v[k].shrink;
        if (L->overfull == 0)
            assert_true(L->natural - shrink <= L->width + 1e-6);
        else
            assert_true(fabs(L->natural - shrink - L->width - L->overfull) < 1e-6);
        if (!ragged && L->overfull == 0 && L->ratio < 0)
            assert_true(L->ratio >= -1 - 1e-9);
        prev_end = L->end;
    }
    assert_int_equal(r->lines[r->nlines - 1].end, p->n);
}

static void test_exact_fit(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    static para p;
    build(&p, "3 3 3 3 3 3");
    double w = 7;
    rl_lb_result r = brk(a, &p, &w, 1, false);
    assert_int_equal(r.nlines, 3);
    assert_int_equal(r.pass, 1);
    size_t want[3][2] = {{0, 3}, {4, 7}, {8, 11}};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(r.lines[i].start, want[i][0]);
        assert_int_equal(r.lines[i].end, want[i][1]);
        assert_true(fabs(r.lines[i].ratio) < 1e-9);
    }
    assert_true(fabs(r.lines[2].natural - 7) < 1e-9);
    check_lines(&p, &r, false);
    rl_arena_free(a);
}

/* Width 10, spaces 1 (+1 -0.5).  Every first line has badness 100:
 * "4 4" is very loose (r = 1), "4 4 1" tight (r = -1).  Demerits:
 *   [4 4][1 4 4][1 4]   12100 + 10000 (loose after the decent start)
 *                       + 12100 + 10000 (tight after very loose) + 100
 *   [4 4 1][4 4 1][4]   12100 + 12100 + 100 = 24300   <- best
 *   [4 4 1][4 4][1 4]   12100 + 12100 + 10000 + 100 + 10000 */
static void test_known_paragraph(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    static para p;
    build(&p, "4 4 1 4 4 1 4");
    double w = 10;
    rl_lb_result r = brk(a, &p, &w, 1, false);
    check_lines(&p, &r, false);
    assert_int_equal(r.nlines, 3);
    assert_int_equal(r.lines[0].end, 5);
    assert_int_equal(r.lines[1].start, 6);
    assert_int_equal(r.lines[1].end, 11);
    assert_int_equal(r.lines[2].start, 12);
    assert_true(fabs(r.lines[0].ratio + 1) < 1e-9);
    assert_true(fabs(r.lines[1].ratio + 1) < 1e-9);
    assert_int_equal(r.lines[0].fitness, 3);
    assert_true(fabs(r.demerits - 24300) < 1e-6);
    rl_arena_free(a);
}

static void test_hyphen_used_in_second_pass(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    static para p;
    /* Width 9.5.  Without the hyphen: "2 2" = 5 (r = 4.5, too loose),
     * "2 2 33" = 12 (more than 10.5 with shrink): no first line.  With it:
     * "2 2 3-" = 2+1+2+1+3+0.5 = 9.5 exactly, then "3 2 3" = 10 (r = -0.5). */
    build(&p, "2 2 3-3 2 3");
    double w = 9.5;
    rl_lb_result r = brk(a, &p, &w, 1, false);
    check_lines(&p, &r, false);
    assert_int_equal(r.pass, 2);
    assert_true(r.lines[0].hyphen);
    assert_int_equal(r.lines[0].end, 5);                 /* the penalty item */
    assert_true(fabs(r.lines[0].natural - 9.5) < 1e-9);
    assert_int_equal(r.lines[1].start, 6);
    rl_arena_free(a);
}

/* first_pass_only: a paragraph the first pass can set is set exactly as
 * without the flag; one it cannot set gives no lines and pass 0, and the
 * same items without their hyphenation points give that answer too. */
static void test_first_pass_only(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    static para p, q;
    rl_lb_params lp;
    rl_linebreak_defaults(&lp);
    double w = 10;
    lp.widths = &w;
    lp.nwidths = 1;
    build(&p, "4 4 1 4 4 1 4");
    rl_lb_result full, first;
    assert_int_equal(rl_linebreak_run(a, NULL, p.v, p.n, &lp, &full), 0);
    lp.first_pass_only = true;
    assert_int_equal(rl_linebreak_run(a, NULL, p.v, p.n, &lp, &first), 0);
    assert_int_equal(first.pass, 1);
    assert_int_equal(first.nlines, full.nlines);
    for (size_t i = 0; i < full.nlines; i++) {
        assert_int_equal(first.lines[i].start, full.lines[i].start);
        assert_int_equal(first.lines[i].end, full.lines[i].end);
    }
    assert_true(fabs(first.demerits - full.demerits) < 1e-9);
    /* Needs the hyphen (second pass): nothing from the first pass alone. */
    build(&p, "2 2 3-3 2 3");
    build(&q, "2 2 33 2 3");
    w = 9.5;
    assert_int_equal(rl_linebreak_run(a, NULL, p.v, p.n, &lp, &first), 0);
    assert_int_equal(first.pass, 0);
    assert_int_equal(first.nlines, 0);
    assert_int_equal(rl_linebreak_run(a, NULL, q.v, q.n, &lp, &first), 0);
    assert_int_equal(first.nlines, 0);
    lp.first_pass_only = false;
    assert_int_equal(rl_linebreak_run(a, NULL, p.v, p.n, &lp, &full), 0);
    assert_int_equal(full.pass, 2);
    /* A skipped first pass is a failed one. */
    lp.first_pass_only = true;
    lp.pretolerance = -1;
    build(&p, "4 4 1 4 4 1 4");
    w = 10;
    assert_int_equal(rl_linebreak_run(a, NULL, p.v, p.n, &lp, &first), 0);
    assert_int_equal(first.nlines, 0);
    rl_arena_free(a);
}

static void test_overfull_reported(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    static para p;
    build(&p, "3 3 9 3 3");
    double w = 7;
    rl_lb_result r = brk(a, &p, &w, 1, false);
    assert_int_equal(r.pass, 3);
    assert_int_equal(r.noverfull, 1);
    size_t over = 0;
    for (size_t i = 0; i < r.nlines; i++)
        if (r.lines[i].overfull > 0) {
            over++;
            assert_int_equal(r.lines[i].start, 4); /* the 9 alone */
            assert_int_equal(r.lines[i].end, 5);
            assert_true(fabs(r.lines[i].overfull - 2) < 1e-9);
        }
    assert_int_equal(over, 1);
    check_lines(&p, &r, false);
    rl_arena_free(a);
}

static void test_emergency_stretch(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    static para p;
    /* Width 10: "7 7" cannot shrink to fit, and "7" alone has no glue to
     * stretch (badness infinite): only the emergency pass, with its extra
     * stretch, accepts the lines (underfull, not overfull). */
    build(&p, "7 7 7");
    double w = 10;
    rl_lb_result r = brk(a, &p, &w, 1, false);
    assert_int_equal(r.pass, 3);
    assert_int_equal(r.noverfull, 0);
    assert_int_equal(r.nlines, 3);
    check_lines(&p, &r, false);
    rl_arena_free(a);
}

static void test_variable_widths(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    static para p;
    build(&p, "3 3 3 3 3 3 3");
    double w[2] = {3, 11}; /* a hanging label: first line one word */
    rl_lb_result r = brk(a, &p, w, 2, false);
    check_lines(&p, &r, false);
    assert_int_equal(r.lines[0].end, 1);
    assert_true(fabs(r.lines[0].width - 3) < 1e-9);
    assert_int_equal(r.lines[1].start, 2);
    assert_int_equal(r.lines[1].end, 7); /* 3 3 3 = 11 */
    assert_true(fabs(r.lines[1].width - 11) < 1e-9);
    assert_int_equal(r.nlines, 3);
    rl_arena_free(a);
}

static void test_forced_break_and_empty(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    static para p;
    build(&p, "3 3|3");
    double w = 20;
    rl_lb_result r = brk(a, &p, &w, 1, false);
    assert_int_equal(r.nlines, 2);
    assert_int_equal(r.lines[0].end, 4);   /* the forced penalty */
    assert_int_equal(r.lines[1].start, 5);
    assert_true(fabs(r.lines[0].ratio) < 1e-9); /* the fil glue takes the space */
    assert_int_equal(r.pass, 1);
    p.n = 0;
    r = brk(a, &p, &w, 1, false);
    assert_int_equal(r.nlines, 1);
    assert_int_equal(r.lines[0].start, 0);
    assert_int_equal(r.lines[0].end, 0);
    rl_arena_free(a);
}

static void test_ragged(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    static para p;
    build(&p, "3 2 4 1 3 5 2 2 4 3 1 2 3");
    double w = 12;
    rl_lb_result r = brk(a, &p, &w, 1, true);
    check_lines(&p, &r, true);
    assert_true(r.nlines >= 3);
    for (size_t i = 0; i < r.nlines; i++) {
        assert_true(r.lines[i].ratio == 0);
        assert_true(r.lines[i].natural <= 12 + 1e-9);
    }
    rl_arena_free(a);
}

static void test_bad_input(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_lb_params lp;
    rl_linebreak_defaults(&lp);
    rl_lb_result r;
    rl_lb_item x = rl_lb_box(1);
    assert_int_equal(rl_linebreak_run(a, d, &x, 1, &lp, &r), -1);
    assert_int_equal(rl_diag_errors(d), 1);
    rl_diag_free(d);
    rl_arena_free(a);
}

/* ---- exhaustive reference ------------------------------------------- */

/* Minimum total demerits over all break sequences (states: break, fitness,
 * flagged, line clamped), with the same demerits formula, one pass. */
static double ref_best(const para *p, const double *widths, size_t nw, double tol, double *out_lines)
{
    size_t m = p->n + 2;
    rl_lb_item *it = malloc(m * sizeof *it);
    memcpy(it, p->v, p->n * sizeof *it);
    it[p->n] = (rl_lb_item){RL_LB_GLUE, RL_LB_FIL, 0, 1, 0, 0};
    it[p->n + 1] = rl_lb_penalty(0, -RL_LB_INF, 0);
    /* best[(b+1)][fit][line] */
    size_t L = nw;
    double *best = malloc((m + 1) * 4 * L * sizeof *best);
    for (size_t i = 0; i < (m + 1) * 4 * L; i++)
        best[i] = 1e300;
#define B(b1, f, l) best[((b1) * 4 + (f)) * L + (l)]
    B(0, 2, 0) = 0;
    double result = 1e300;
    for (size_t b1 = 0; b1 <= m; b1++) {
        for (int f = 0; f < 4; f++)
            for (size_t l = 0; l < L; l++) {
                double cur = B(b1, f, l);
                if (cur >= 1e300)
                    continue;
                size_t bprev = b1; /* break index + 1 */
                bool flagged = bprev > 0 && it[bprev - 1].type == RL_LB_PENALTY && (it[bprev - 1].flags & RL_LB_FLAGGED);
                size_t st = bprev;
                if (bprev > 0)
                    while (st < m && it[st].type != RL_LB_BOX)
                        st++;
                double w = 0, y = 0, z = 0, fil = 0;
                for (size_t e = bprev; e < m; e++) {
                    const rl_lb_item *x = &it[e];
                    bool legal = (x->type == RL_LB_GLUE && e > 0 && it[e - 1].type == RL_LB_BOX) ||
                                 (x->type == RL_LB_PENALTY && x->penalty < RL_LB_INF);
                    if (legal && e >= bprev) {
                        double nat = w + (x->type == RL_LB_PENALTY ? x->width : 0);
                        double target = widths[l < nw ? l : nw - 1];
                        double sf = target - nat, bad;
                        int fit = 2;
                        bool ok = true;
                        if (sf > 1e-9) {
                            if (fil > 0)
                                bad = 0;
                            else if (y <= 0)
                                bad = 10000;
                            else {
                                double r = sf / y;
                                bad = r > 100 ? 10000 : fmin(10000, 100 * r * r * r);
                            }
                            fit = bad > 99 ? 0 : bad > 12 ? 1 : 2;
                        } else if (sf < -1e-9) {
                            if (-sf > z + 1e-9)
                                ok = false, bad = 0;
                            else {
                                double r = sf / z;
                                bad = fmin(10000, -100 * r * r * r);
                                fit = bad > 12 ? 3 : 2;
                            }
                        } else
                            bad = 0;
                        if (!ok)
                            break;
                        if (bad <= tol) {
                            double pi = x->type == RL_LB_PENALTY ? ((x->flags & RL_LB_AUTO) ? 50 : x->penalty) : 0;
                            bool fl = x->type == RL_LB_PENALTY && (x->flags & RL_LB_FLAGGED);
                            bool end = e == m - 1;
                            double d = 10 + bad;
                            d = d * d;
                            if (pi > 0)
                                d += pi * pi;
                            else if (pi > -RL_LB_INF)
                                d -= pi * pi;
                            if ((fl || end) && flagged)
                                d += end ? 5000 : 3000;
                            if (abs(fit - f) > 1)
                                d += 10000;
                            double tot = cur + d;
                            size_t nl = l + 1 < L ? l + 1 : L - 1;
                            if (end) {
                                if (tot < result)
                                    result = tot;
                            } else if (tot < B(e + 1, fit, nl)) {
                                B(e + 1, fit, nl) = tot;
                            }
                        }
                        if (x->type == RL_LB_PENALTY && x->penalty <= -RL_LB_INF)
                            break;
                    }
                    if (x->type != RL_LB_PENALTY) {
                        w += x->width;
                        if (x->type == RL_LB_GLUE) {
                            if (x->flags & RL_LB_FIL)
                                fil += 1;
                            else
                                y += x->stretch;
                            z += x->shrink;
                        }
                    }
                }
            }
    }
#undef B
    free(best);
    free(it);
    (void)out_lines;
    return result;
}

static void test_matches_exhaustive_search(void **state)
{
    (void)state;
    static para p;
    srand(12345);
    int compared = 0;
    for (int trial = 0; trial < 300; trial++) {
        rl_arena *a = rl_arena_new();
        p.n = 0;
        int words = 5 + rand() % 25;
        for (int k = 0; k < words; k++) {
            if (k)
                push(&p, rl_lb_glue(1 + (rand() % 100) / 400.0, 1.5 + (rand() % 100) / 100.0, 0.4));
            double wd = 1 + (rand() % 1000) / 150.0;
            if (rand() % 4 == 0) {
                push(&p, rl_lb_box(wd / 2));
                push(&p, rl_lb_penalty(0.4, 0, RL_LB_AUTO | RL_LB_FLAGGED));
                push(&p, rl_lb_box(wd / 2));
            } else {
                push(&p, rl_lb_box(wd));
            }
        }
        double widths[2] = {18 + rand() % 6, 20 + rand() % 10};
        size_t nw = 1 + (size_t)(rand() % 2);
        rl_lb_params lp;
        rl_linebreak_defaults(&lp);
        lp.widths = widths;
        lp.nwidths = nw;
        lp.pretolerance = -1; /* one pass with hyphens, as the reference */
        lp.tolerance = 1000;
        rl_lb_result r;
        assert_int_equal(rl_linebreak_run(a, NULL, p.v, p.n, &lp, &r), 0);
        double ref = ref_best(&p, widths, nw, 1000, NULL);
        if (r.pass == 2) {
            compared++;
            assert_true(ref < 1e300);
            if (fabs(ref - r.demerits) > 1e-6 * (1 + ref))
                fail_msg("trial %d: demerits %.6f, exhaustive %.6f", trial, r.demerits, ref);
            check_lines(&p, &r, false);
        } else {
            assert_true(ref >= 1e300); /* infeasible for both */
        }
        rl_arena_free(a);
    }
    if (compared < 200)
        fail_msg("only %d of 300 paragraphs were feasible in one pass", compared);
}

static void test_ten_thousand_words(void **state)
{
    (void)state;
    static para p;
    rl_arena *a = rl_arena_new();
    srand(7);
    p.n = 0;
    for (int k = 0; k < 10000; k++) {
        if (k)
            push(&p, rl_lb_glue(2.6, 1.3, 0.9));
        double wd = 8 + rand() % 40;
        if (wd > 30) {
            push(&p, rl_lb_box(wd / 2));
            push(&p, rl_lb_penalty(3.5, 0, RL_LB_AUTO | RL_LB_FLAGGED));
            push(&p, rl_lb_box(wd / 2));
        } else {
            push(&p, rl_lb_box(wd));
        }
    }
    double w = 360;
    rl_lb_result r = brk(a, &p, &w, 1, false);
    check_lines(&p, &r, false);
    assert_int_equal(r.noverfull, 0);
    assert_true(r.nlines > 800 && r.nlines < 1400);
    rl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_fit),
        cmocka_unit_test(test_known_paragraph),
        cmocka_unit_test(test_hyphen_used_in_second_pass),
        cmocka_unit_test(test_first_pass_only),
        cmocka_unit_test(test_overfull_reported),
        cmocka_unit_test(test_emergency_stretch),
        cmocka_unit_test(test_variable_widths),
        cmocka_unit_test(test_forced_break_and_empty),
        cmocka_unit_test(test_ragged),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_matches_exhaustive_search),
        cmocka_unit_test(test_ten_thousand_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
