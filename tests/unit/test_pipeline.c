/* test_pipeline.c - the pipeline (pipeline.c): a publication loaded and
 * compared once for every command, a pair of files, and what a failing
 * stage leaves. */
#include "harness.h"
#include "annot.h"
#include "pipeline.h"
#include "pub.h"
#include "style.h"

#include <stdio.h>
#include <stdlib.h>

static void test_icoc(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_pipeline *pl = rl_pipeline_open(a, d, "sources/icoc/publication.yaml");
    assert_non_null(pl);
    assert_non_null(pl->pub);
    assert_true(pl->threshold > 0.5 && pl->threshold <= 1); /* the manifest's (default 0.8) */
    assert_non_null(rl_pipeline_load_style(pl, NULL));
    assert_non_null(pl->style_path);
    assert_int_equal(rl_pipeline_load_versions(pl), 0);
    assert_int_equal(rl_pipeline_load_notes(pl), 0);
    assert_non_null(pl->notes);
    size_t nnotes = rl_annot_count(pl->notes);
    assert_true(nnotes >= 10);
    rl_comparison *c = rl_pipeline_compare_all(pl);
    assert_int_equal(pl->pub->ncompares, 1);
    assert_non_null(c[0].r);
    assert_ptr_equal(c[0].vold, &pl->pub->versions[0]);
    assert_ptr_equal(c[0].vnew, &pl->pub->versions[1]);
    /* every note anchored, none lost on the way */
    assert_int_equal(c[0].r->nnotes, nnotes);
    assert_true(c[0].r->stats.words_inserted > 0 && c[0].r->stats.words_deleted > 0);
    assert_null(c[1].r); /* the zeroed entry after the last */
    assert_int_equal(rl_diag_errors(d), 0);
    rl_diag_free(d);
    rl_arena_free(a);
}

static unsigned seen;
static void count_redline(void *arg, const rl_redline *r)
{
    (void)r;
    seen += *(unsigned *)arg;
}

static void test_observer_and_options(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_pipeline *pl = rl_pipeline_open(a, d, "sources/gpl/publication.yaml");
    assert_non_null(pl);
    assert_int_equal(rl_pipeline_load_versions(pl), 0);
    unsigned one = 1;
    seen = 0;
    pl->on_redline = count_redline;
    pl->observer_arg = &one;
    rl_comparison *c = rl_pipeline_compare_all(pl);
    assert_int_equal(seen, pl->pub->ncompares);
    assert_true(pl->pub->ncompares >= 2);
    /* The options given are the ones used: without the cleanup the raw
     * script has at least as many hunks. */
    size_t hunks = c[0].r->stats.hunks;
    pl->diff.no_cleanup = true;
    rl_redline *raw = rl_pipeline_compare(pl, pl->pub->compares[0].from, pl->pub->compares[0].to);
    assert_non_null(raw);
    assert_true(raw->stats.hunks > hunks);
    rl_diag_free(d);
    rl_arena_free(a);
}

static void test_pair(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_pipeline *pl = rl_pipeline_open_pair(a, d, "sources/icoc/A-66-359.md", "sources/icoc/A-69-723.md");
    assert_non_null(pl);
    assert_null(pl->pub);
    assert_int_equal(rl_pipeline_load_versions(pl), 0);
    assert_int_equal(rl_pipeline_load_notes(pl), 0);
    assert_null(pl->notes);
    assert_null(rl_pipeline_load_style(pl, NULL));
    rl_comparison *c = rl_pipeline_compare_all(pl);
    assert_non_null(c[0].r);
    assert_ptr_equal(c[0].r->old, pl->old);
    assert_int_equal(c[0].r->nnotes, 0);
    assert_null(c[1].r);
    /* a missing file: NULL, reported */
    assert_null(rl_pipeline_open_pair(a, d, "sources/icoc/A-66-359.md", "does/not/exist.md"));
    assert_true(rl_diag_errors(d) > 0);
    rl_diag_free(d);
    rl_arena_free(a);
}

static void test_missing_manifest(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    assert_null(rl_pipeline_open(a, d, "sources/nope/publication.yaml"));
    assert_int_equal(rl_diag_errors(d), 1);
    rl_diag_free(d);
    rl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_icoc),
        cmocka_unit_test(test_observer_and_options),
        cmocka_unit_test(test_pair),
        cmocka_unit_test(test_missing_manifest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
