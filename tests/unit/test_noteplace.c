/* test_noteplace.c - margin notes on a page: no overlap, order, carrying. */
#include "harness.h"
#include "noteplace.h"

#include <math.h>

static const double TEN[8] = {10, 10, 10, 10, 10, 10, 10, 10};

static rl_np_note note(double want, size_t nlines)
{
    return (rl_np_note){want, TEN, nlines, 0};
}

/* No overlap, inside the column, in order. */
static void check(const rl_np_note *nt, size_t n, const rl_np_params *p, const rl_np_place *out, size_t kept)
{
    double prev_bottom = -1e9;
    for (size_t i = 0; i < n; i++) {
        if (out[i].to == out[i].from) {
            assert_true(i >= kept);
            continue;
        }
        assert_true(i <= kept);
        assert_true(out[i].from == nt[i].first);
        assert_true(fabs(out[i].height - rl_noteplace_height(&nt[i], out[i].from, out[i].to)) < 1e-9);
        assert_true(out[i].y >= p->top - 1e-9);
        if (!out[i].overfull)
            assert_true(out[i].y + out[i].height <= p->bottom + 1e-6);
        assert_true(out[i].y >= prev_bottom + p->gap - 1e-6);
        prev_bottom = out[i].y + out[i].height;
    }
}

static void test_near_anchor_and_pushed(void **state)
{
    (void)state;
    rl_np_note nt[4] = {note(20, 1), note(100, 2), note(105, 2), note(300, 1)};
    rl_np_params p = {50, 800, 4, false, 1};
    rl_np_place out[4];
    size_t kept = rl_noteplace_page(nt, 4, &p, out);
    assert_int_equal(kept, 4);
    check(nt, 4, &p, out, kept);
    assert_true(fabs(out[0].y - 50) < 1e-9);  /* wanted above the column top */
    assert_true(fabs(out[1].y - 100) < 1e-9); /* at its anchor */
    assert_true(fabs(out[2].y - 124) < 1e-9); /* pushed below note 1 + gap */
    assert_true(fabs(out[3].y - 300) < 1e-9);
}

static void test_overflow_split_and_carried(void **state)
{
    (void)state;
    rl_np_note nt[4] = {note(0, 3), note(50, 3), note(90, 3), note(95, 2)};
    rl_np_params p = {0, 100, 5, false, 1};
    rl_np_place out[4];
    size_t kept = rl_noteplace_page(nt, 4, &p, out);
    check(nt, 4, &p, out, kept);
    assert_int_equal(kept, 2);
    assert_true(fabs(out[2].y - 90) < 1e-9);
    assert_int_equal(out[2].from, 0);
    assert_int_equal(out[2].to, 1); /* one line fits, two continue */
    assert_int_equal(out[3].from, out[3].to);
    /* Keeping two lines together: the note moves on whole. */
    p.min_lines = 2;
    kept = rl_noteplace_page(nt, 4, &p, out);
    assert_int_equal(kept, 2);
    assert_int_equal(out[2].to, 0);
    /* The continuation on the next page. */
    rl_np_note next[2] = {nt[2], nt[3]};
    next[0].first = 1;
    next[0].want_y = next[1].want_y = 0;
    p.min_lines = 1;
    kept = rl_noteplace_page(next, 2, &p, out);
    assert_int_equal(kept, 2);
    assert_int_equal(out[0].from, 1);
    assert_int_equal(out[0].to, 3);
    assert_true(fabs(out[1].y - 25) < 1e-9);
}

static void test_pull_up(void **state)
{
    (void)state;
    rl_np_note nt[3] = {note(0, 3), note(50, 3), note(90, 3)};
    rl_np_params p = {0, 100, 5, true, 1};
    rl_np_place out[3];
    size_t kept = rl_noteplace_page(nt, 3, &p, out);
    assert_int_equal(kept, 3);
    check(nt, 3, &p, out, kept);
    assert_true(fabs(out[2].y - 70) < 1e-9);
    assert_true(fabs(out[1].y - 35) < 1e-9);
    assert_true(fabs(out[0].y - 0) < 1e-9);
    /* Not pulled when there is room: stays at its anchor. */
    rl_np_note two[2] = {note(10, 1), note(40, 1)};
    kept = rl_noteplace_page(two, 2, &p, out);
    assert_true(fabs(out[0].y - 10) < 1e-9 && fabs(out[1].y - 40) < 1e-9);
}

static void test_line_taller_than_column(void **state)
{
    (void)state;
    static const double big[2] = {150, 10};
    rl_np_note nt[2] = {{30, big, 2, 0}, note(40, 1)};
    rl_np_params p = {0, 100, 5, false, 1};
    rl_np_place out[2];
    size_t kept = rl_noteplace_page(nt, 2, &p, out);
    assert_int_equal(kept, 0);
    assert_true(out[0].overfull);
    assert_int_equal(out[0].to, 1);
    assert_true(fabs(out[0].y) < 1e-9);
    assert_int_equal(out[1].to, 0);
}

/* 1,000 notes wanting places on one page: the page keeps what fits, the
 * rest is carried page after page, every line placed exactly once. */
static void test_thousand_notes(void **state)
{
    (void)state;
    enum { N = 1000 };
    static rl_np_note nt[N];
    static rl_np_place out[N];
    for (size_t i = 0; i < N; i++)
        nt[i] = note((double)i, 2);
    for (int pull = 0; pull < 2; pull++) {
        rl_np_params p = {0, 1000, 2, pull == 1, 1};
        size_t kept = rl_noteplace_page(nt, N, &p, out);
        check(nt, N, &p, out, kept);
        assert_int_equal(kept, 45); /* 45 notes of 20 + 2; note 45 gets one line */
        assert_int_equal(out[45].to, 1);
        /* Carry page by page. */
        static rl_np_note rest[N];
        size_t nrest = 0, lines = 0, pages = 1;
        for (size_t i = 0; i < N; i++)
            lines += out[i].to - out[i].from;
        for (size_t i = kept; i < N; i++) {
            rest[nrest] = nt[i];
            rest[nrest].first = out[i].to;
            rest[nrest++].want_y = 0;
        }
        while (nrest) {
            kept = rl_noteplace_page(rest, nrest, &p, out);
            check(rest, nrest, &p, out, kept);
            assert_true(kept > 0 || out[0].to > out[0].from); /* progress */
            for (size_t i = 0; i < nrest; i++)
                lines += out[i].to - out[i].from;
            size_t m = 0;
            for (size_t i = kept; i < nrest; i++) {
                rest[m] = rest[i];
                rest[m++].first = out[i].to;
            }
            nrest = m;
            pages++;
            assert_true(pages < 100);
        }
        assert_int_equal(lines, 2 * N);
        assert_int_equal(pages, 22); /* 91 lines a page (45 notes + one split line) */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_near_anchor_and_pushed),
        cmocka_unit_test(test_overflow_split_and_carried),
        cmocka_unit_test(test_pull_up),
        cmocka_unit_test(test_line_taller_than_column),
        cmocka_unit_test(test_thousand_notes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
