/* test_anchor.c - notes anchored in a version's text and mapped onto a redline.
 *
 * The redlines here come from a small LCS diff written in this file (blocks
 * paired by index), so these tests do not depend on the diff engine's
 * choices: they check that the words a note quotes are the words its span
 * covers, rendered back from the redline. */
#include "harness.h"
#include "anchor.h"
#include "annot.h"
#include "pub.h"
#include "redline.h"

#include <stdio.h>
#include <stdlib.h>

/* ---- a tiny redline builder ---- */

static void add_run(rl_arena *a, rl_rblock *b, size_t *cap, rl_op op, uint32_t o, uint32_t n)
{
    if (b->nruns && b->runs[b->nruns - 1].op == op) {
        b->runs[b->nruns - 1].n++;
        return;
    }
    if (b->nruns == *cap) {
        b->runs = rl_arena_grow(a, b->runs, b->nruns, *cap ? *cap * 2 : 8, sizeof *b->runs);
        *cap = *cap ? *cap * 2 : 8;
    }
    b->runs[b->nruns++] = (rl_run){op, o, n, 1};
}

static void diff_block(rl_arena *a, rl_rblock *rb)
{
    const rl_block *o = rb->old, *n = rb->new;
    size_t no = o ? o->ntoks : 0, nn = n ? n->ntoks : 0, cap = 0;
    size_t *L = calloc((no + 1) * (nn + 1), sizeof *L);
#define AT(i, j) L[(i) * (nn + 1) + (j)]
    for (size_t i = no; i-- > 0;)
        for (size_t j = nn; j-- > 0;)
            AT(i, j) = rl_str_eq(o->toks[i].text, n->toks[j].text) ? AT(i + 1, j + 1) + 1
                       : AT(i + 1, j) > AT(i, j + 1)                 ? AT(i + 1, j)
                                                                     : AT(i, j + 1);
    size_t i = 0, j = 0;
    while (i < no || j < nn) {
        if (i < no && j < nn && rl_str_eq(o->toks[i].text, n->toks[j].text)) {
            add_run(a, rb, &cap, RL_OP_EQUAL, (uint32_t)i, (uint32_t)j);
            i++, j++;
        } else if (i < no && (j == nn || AT(i + 1, j) >= AT(i, j + 1))) {
            add_run(a, rb, &cap, RL_OP_DELETE, (uint32_t)i, (uint32_t)j);
            i++;
        } else {
            add_run(a, rb, &cap, RL_OP_INSERT, (uint32_t)i, (uint32_t)j);
            j++;
        }
    }
#undef AT
    free(L);
}

static rl_redline *mini_diff(rl_arena *a, const rl_doc *old, const rl_doc *new)
{
    rl_redline *r = rl_arena_alloc(a, sizeof *r);
    r->old = old;
    r->new = new;
    size_t nb = old->nblocks > new->nblocks ? old->nblocks : new->nblocks;
    r->blocks = rl_arena_array(a, nb, sizeof *r->blocks);
    r->nblocks = nb;
    for (size_t i = 0; i < nb; i++) {
        rl_rblock *b = &r->blocks[i];
        b->old = i < old->nblocks ? &old->blocks[i] : NULL;
        b->new = i < new->nblocks ? &new->blocks[i] : NULL;
        b->old_index = b->old ? (int32_t)i : -1;
        b->new_index = b->new ? (int32_t)i : -1;
        b->peer = -1;
        b->status = !b->old ? RL_ST_INSERTED : !b->new ? RL_ST_DELETED : RL_ST_CHANGED;
        diff_block(a, b);
    }
    return r;
}

/* ---- fixture ---- */

static const char OLD[] = "# Title\n\n"
                          "The quick brown fox jumps over the lazy dog. The quick cat sleeps.\n\n"
                          "(a) To protect “critical” infrastructure *against* damage;\n\n"
                          "Second paragraph with café and more words here.\n";
static const char NEW[] = "# Title\n\n"
                          "The quick brown fox leaps over the lazy dog. The quick cat sleeps.\n\n"
                          "(1) To protect \"critical\" infrastructure against harm;\n\n"
                          "Second paragraph with café and more words here.\n\n"
                          "A new closing paragraph about governance of the Internet.\n";

typedef struct fx {
    rl_arena *a;
    rl_diag *d;
    rl_pub pub;
    rl_version v[3];
    rl_redline *r;
    rl_annots *notes;
    int rc;
} fx;

static fx *setup(const char *yaml, double threshold)
{
    fx *f = calloc(1, sizeof *f);
    f->a = rl_arena_new();
    f->d = rl_diag_new();
    rl_doc *o = test_doc(f->a, "old.md", OLD), *n = test_doc(f->a, "new.md", NEW);
    f->v[0] = (rl_version){.id = RL_STR("old"), .doc = o};
    f->v[1] = (rl_version){.id = RL_STR("new"), .doc = n};
    f->v[2] = (rl_version){.id = RL_STR("other"), .doc = NULL};
    f->pub.versions = f->v;
    f->pub.nversions = 3;
    rl_source *src = rl_source_from_mem(f->a, "notes.yaml", yaml, strlen(yaml));
    f->notes = rl_annot_load_source(f->a, f->d, &f->pub, src);
    assert_non_null(f->notes);
    f->r = mini_diff(f->a, o, n);
    f->rc = rl_annot_attach(f->a, f->d, f->r, f->notes, &f->v[0], &f->v[1], threshold);
    return f;
}

static void teardown(fx *f)
{
    rl_diag_free(f->d);
    rl_arena_free(f->a);
    free(f);
}

static const rl_note *note(const fx *f, const char *id)
{
    for (size_t i = 0; i < f->r->nnotes; i++)
        if (rl_str_eqz(f->r->notes[i].id, id))
            return &f->r->notes[i];
    fail_msg("note %s not anchored", id);
    return NULL;
}

/* The words of the note's span, from the side its version is on. */
static void expect_span(const fx *f, const char *id, bool old_side, const char *want)
{
    rl_buf b = RL_BUF_INIT;
    rl_anchor_span_text(f->r, note(f, id), old_side, &b);
    rl_buf_putc(&b, 0);
    if (strcmp(b.p, want) != 0)
        fail_msg("note %s spans [%s], expected [%s]", id, b.p, want);
    rl_buf_free(&b);
}

static bool any_message(fx *f, const char *needle)
{
    for (size_t i = 0; i < rl_diag_count(f->d); i++)
        if (strstr(rl_diag_message(f->d, i), needle))
            return true;
    return false;
}

static void dump(fx *f)
{
    for (size_t i = 0; i < rl_diag_count(f->d); i++)
        fprintf(stderr, "  %s\n", rl_diag_message(f->d, i));
}

#define NOTE(id, ver, q) "  - id: " id "\n    anchor: {version: " ver ", quote: \"" q "\"}\n    body: b\n"

/* ---- tests ---- */

static void test_exact(void **state)
{
    (void)state;
    fx *f = setup("notes:\n" NOTE("n1", "new", "brown fox leaps over"), 0.8);
    assert_int_equal(f->rc, 0);
    assert_int_equal(rl_diag_count(f->d), 0);
    expect_span(f, "n1", false, "brown fox leaps over");
    assert_true(note(f, "n1")->similarity == 1.0);
    assert_int_equal(note(f, "n1")->number, 1);
    teardown(f);
}

static void test_prefixed(void **state)
{
    (void)state;
    fx *f = setup("notes:\n  - id: p\n    anchor: {version: new, quote: \"The quick\", prefix: \"lazy dog. \"}\n"
                  "    body: b\n  - id: s\n    anchor: {version: new, quote: \"The quick\", suffix: \" brown\"}\n"
                  "    body: b\n",
                  0.8);
    assert_int_equal(f->rc, 0);
    /* p is the second "The quick" (followed by "cat"), s the first. */
    const rl_note *p = note(f, "p"), *s = note(f, "s");
    const rl_rblock *b = &f->r->blocks[p->first.block];
    assert_true(rl_str_eqz(rl_run_tok(b, &b->runs[p->last.run], p->last.off)->text, "quick"));
    assert_true(s->first.off < p->first.off || s->first.run < p->first.run);
    assert_int_equal(s->number, 1);
    assert_int_equal(p->number, 2);
    expect_span(f, "p", false, "The quick");
    teardown(f);
}

static void test_ambiguous(void **state)
{
    (void)state;
    fx *f = setup("notes:\n" NOTE("amb", "new", "The quick"), 0.8);
    assert_int_equal(f->rc, -1);
    assert_int_equal(rl_diag_errors(f->d), 1);
    /* Both candidates, as path:line:col of the version file. */
    assert_true(any_message(f, "matches 2 places in version 'new'"));
    assert_true(any_message(f, "new.md:3:1, new.md:3:46"));
    assert_true(any_message(f, "notes.yaml:3:"));
    assert_int_equal(f->r->nnotes, 0);
    teardown(f);
}

static void test_fuzzy_accept(void **state)
{
    (void)state;
    fx *f = setup("notes:\n" NOTE("fz", "new", "brown fox jumps over the lazy dog"), 0.8);
    assert_int_equal(f->rc, 0);
    assert_int_equal(rl_diag_errors(f->d), 0);
    assert_int_equal(rl_diag_warnings(f->d), 1);
    assert_true(any_message(f, "quote \"brown fox jumps over the lazy dog\" is not in version 'new'"));
    assert_true(any_message(f, "anchored to \"brown fox leaps over the lazy dog\""));
    double sim = note(f, "fz")->similarity;
    assert_true(sim >= 0.8 && sim < 1.0);
    expect_span(f, "fz", false, "brown fox leaps over the lazy dog");
    teardown(f);
}

static void test_fuzzy_reject(void **state)
{
    (void)state;
    fx *f = setup("notes:\n" NOTE("far", "new", "brown wolf jumps under a sleepy cat"), 0.8);
    assert_int_equal(f->rc, -1);
    assert_int_equal(rl_diag_errors(f->d), 1);
    assert_true(any_message(f, "the closest text is \""));
    assert_true(any_message(f, "below the threshold 0.80"));
    teardown(f);
    /* The same quote passes with a lower threshold. */
    f = setup("notes:\n" NOTE("far", "new", "brown wolf jumps under a sleepy cat"), 0.3);
    assert_int_equal(f->rc, 0);
    assert_int_equal(rl_diag_warnings(f->d), 1);
    teardown(f);
}

static void test_cross_block(void **state)
{
    (void)state;
    fx *f = setup("notes:\n" NOTE("x", "new", "against harm;\\nSecond   paragraph"), 0.8);
    if (f->rc)
        dump(f);
    assert_int_equal(f->rc, 0);
    const rl_note *n = note(f, "x");
    assert_true(n->first.block < n->last.block);
    expect_span(f, "x", false, "against harm; Second paragraph");
    teardown(f);
}

static void test_cross_formatting_and_quotes(void **state)
{
    /* Straight quotes in the note, curly ones and *emphasis* in the text. */
    (void)state;
    fx *f = setup("notes:\n" NOTE("fmt", "old", "To protect \\\"critical\\\" infrastructure against damage"), 0.8);
    if (f->rc)
        dump(f);
    assert_int_equal(f->rc, 0);
    assert_int_equal(rl_diag_count(f->d), 0);
    expect_span(f, "fmt", true, "To protect “critical” infrastructure against damage");
    teardown(f);
    f = setup("notes:\n" NOTE("curly", "new", "protect “critical” infrastructure"), 0.8);
    assert_int_equal(f->rc, 0);
    assert_int_equal(rl_diag_count(f->d), 0);
    teardown(f);
}

static void test_unicode(void **state)
{
    (void)state;
    /* NFD in the note (e + combining acute), NFC in the text. */
    fx *f = setup("notes:\n" NOTE("nfd", "new", "with cafe\\u0301 and"), 0.8);
    assert_int_equal(f->rc, 0);
    assert_int_equal(rl_diag_count(f->d), 0);
    expect_span(f, "nfd", false, "with café and");
    teardown(f);
    /* A missing accent is one edit, not an exact match. */
    f = setup("notes:\n" NOTE("acc", "new", "paragraph with cafe and more words"), 0.8);
    assert_int_equal(f->rc, 0);
    assert_int_equal(rl_diag_warnings(f->d), 1);
    double sim = note(f, "acc")->similarity;
    assert_true(sim > 0.96 && sim < 1.0);
    teardown(f);
}

static void test_old_and_new_sides(void **state)
{
    (void)state;
    fx *f = setup("notes:\n" NOTE("del", "old", "fox jumps over") NOTE("ins", "new", "fox leaps over")
                      NOTE("gone", "old", "damage") NOTE("added", "new", "governance of the Internet"),
                  0.8);
    if (f->rc)
        dump(f);
    assert_int_equal(f->rc, 0);
    expect_span(f, "del", true, "fox jumps over");
    expect_span(f, "ins", false, "fox leaps over");
    /* The old quote covers the deleted word, the new one the inserted word. */
    const rl_note *d = note(f, "del"), *i = note(f, "ins");
    const rl_rblock *b = &f->r->blocks[d->first.block];
    bool saw_delete = false, saw_insert = false;
    for (uint32_t k = d->first.run; k <= d->last.run; k++)
        saw_delete |= b->runs[k].op == RL_OP_DELETE;
    for (uint32_t k = i->first.run; k <= i->last.run; k++)
        saw_insert |= b->runs[k].op == RL_OP_INSERT;
    assert_true(saw_delete);
    assert_true(saw_insert);
    const rl_note *g = note(f, "gone");
    assert_int_equal(f->r->blocks[g->first.block].runs[g->first.run].op, RL_OP_DELETE);
    const rl_note *ad = note(f, "added");
    assert_int_equal(f->r->blocks[ad->first.block].status, RL_ST_INSERTED);
    expect_span(f, "added", false, "governance of the Internet");
    teardown(f);
}

static void test_numbering_and_marks(void **state)
{
    (void)state;
    /* Listed out of order; numbered by marker position; "del" and "ins"
     * end in the same block, "ins" later (its last word is "over" after
     * the inserted "leaps", and EQUAL "over" follows the DELETE run). */
    fx *f = setup("notes:\n" NOTE("end", "new", "closing paragraph") NOTE("title", "old", "Title")
                      NOTE("zz", "new", "lazy dog") NOTE("aa", "old", "lazy dog") NOTE("skip", "other", "words found nowhere"),
                  0.8);
    assert_int_equal(f->rc, 0);
    assert_int_equal(f->r->nnotes, 4); /* "skip" quotes a version not compared */
    assert_string_equal(f->r->notes[0].id.p, "title");
    /* Same span: ties broken by id. */
    assert_string_equal(f->r->notes[1].id.p, "aa");
    assert_string_equal(f->r->notes[2].id.p, "zz");
    assert_string_equal(f->r->notes[3].id.p, "end");
    for (size_t i = 0; i < f->r->nnotes; i++)
        assert_int_equal(f->r->notes[i].number, i + 1);
    size_t total = 0;
    for (size_t i = 0; i < f->r->nblocks; i++) {
        const rl_rblock *b = &f->r->blocks[i];
        for (size_t k = 0; k < b->nmarks; k++) {
            assert_int_equal(b->marks[k]->last.block, i);
            if (k)
                assert_true(b->marks[k - 1]->number < b->marks[k]->number);
        }
        total += b->nmarks;
    }
    assert_int_equal(total, 4);
    assert_int_equal(f->r->blocks[1].nmarks, 2);
    teardown(f);
}

static void test_third_version(void **state)
{
    /* A note quoting a version outside the comparison is shown where its
     * quote occurs exactly and once, and left out silently otherwise. */
    (void)state;
    fx *f = setup("notes:\n" NOTE("here", "other", "closing paragraph") NOTE("gone", "other", "jumps over")
                      NOTE("twice", "other", "The quick") NOTE("absent", "other", "words found nowhere"),
                  0.8);
    assert_int_equal(f->rc, 0);
    assert_int_equal(rl_diag_count(f->d), 0);
    assert_int_equal(f->r->nnotes, 2);
    expect_span(f, "here", false, "closing paragraph");
    expect_span(f, "gone", true, "jumps over");
    teardown(f);
}

static void test_reported_once(void **state)
{
    /* Attaching again (another comparison with the same version) must not
     * repeat the message. */
    (void)state;
    fx *f = setup("notes:\n" NOTE("amb", "new", "The quick"), 0.8);
    assert_int_equal(rl_diag_errors(f->d), 1);
    assert_int_equal(rl_annot_attach(f->a, f->d, f->r, f->notes, &f->v[0], &f->v[1], 0.8), -1);
    assert_int_equal(rl_diag_errors(f->d), 1);
    teardown(f);
}

static void test_validation(void **state)
{
    (void)state;
    fx *f = setup("notes:\n"
                  "  - id: ok\n    anchor: {version: new, quote: \"Title\"}\n    body: b\n"
                  "  - id: ok\n    anchor: {version: nope, quote: \" \", sufix: x}\n    body: b\n    tags: 3\n"
                  "  - anchor: {version: new, quote: q}\n    body: \"see [x](javascript:alert(1)) ![i](i.png) <b>\"\n",
                  0.8);
    assert_true(any_message(f, "notes.yaml:5:9: error: duplicate note id 'ok' (first used at notes.yaml:2:5)"));
    assert_true(any_message(f, "notes.yaml:6:23: error: version 'nope' is not in the manifest; use one of 'old', 'new', 'other'"));
    assert_true(any_message(f, "notes.yaml:6:36: error: empty quote"));
    assert_true(any_message(f, "notes.yaml:6:41: error: unknown key 'sufix' in an anchor; did you mean 'suffix'?"));
    assert_true(any_message(f, "notes.yaml:9:5: error: note has no 'id'"));
    assert_true(any_message(f, "notes.yaml:10:20: error: link destination 'javascript:alert(1)' is not allowed"));
    assert_true(any_message(f, "notes.yaml:10:41: error: images are not allowed"));
    assert_true(any_message(f, "notes.yaml:10:53: warning: raw HTML '<b>'"));
    assert_int_equal(rl_annot_count(f->notes), 1);
    teardown(f);
}

/* The ICoC commentary through the real diff: every note anchors exactly,
 * and the words its span covers, read back from the redline on the side of
 * its version, are its quote (after normalization). */
static void test_icoc_spans(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_pub *pub = rl_pub_load(a, d, "sources/icoc/publication.yaml");
    assert_non_null(pub);
    assert_int_equal(rl_pub_load_versions(a, d, pub), 0);
    rl_annots *notes = rl_annot_load(a, d, pub);
    assert_non_null(notes);
    assert_true(rl_annot_count(notes) >= 15);
    const rl_version *vo = &pub->versions[pub->compares[0].from], *vn = &pub->versions[pub->compares[0].to];
    rl_diff_opts opts;
    memset(&opts, 0, sizeof opts);
    rl_redline *r = rl_diff(a, vo->doc, vn->doc, &opts);
    assert_int_equal(rl_annot_attach(a, d, r, notes, vo, vn, RL_ANCHOR_THRESHOLD), 0);
    if (rl_diag_count(d)) {
        rl_diag_flush(d, stderr, true);
        fail_msg("the ICoC notes should anchor without a message");
    }
    assert_int_equal(r->nnotes, rl_annot_count(notes));
    size_t old_side = 0;
    for (size_t i = 0; i < r->nnotes; i++) {
        const rl_note *n = &r->notes[i];
        bool old = rl_str_eq(n->version, vo->id);
        old_side += old;
        rl_buf b = RL_BUF_INIT;
        rl_anchor_span_text(r, n, old, &b);
        int32_t *x, *y;
        size_t nx = rl_anchor_normalize(a, rl_buf_str(&b), true, &x);
        size_t ny = rl_anchor_normalize(a, n->quote, true, &y);
        if (nx != ny || memcmp(x, y, nx * sizeof *x) != 0)
            fail_msg("note %s spans [%.*s], not its quote [%s]", n->id.p, (int)b.n, b.p, n->quote.p);
        rl_buf_free(&b);
        assert_true(n->similarity == 1.0);
        assert_int_equal(n->number, i + 1);
        if (i)
            assert_true(r->notes[i - 1].last.block <= n->last.block);
    }
    /* Notes on deleted (2011) and on new or unchanged (2015) text. */
    assert_true(old_side >= 3);
    assert_true(r->nnotes - old_side >= 3);
    rl_diag_free(d);
    rl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact),
        cmocka_unit_test(test_prefixed),
        cmocka_unit_test(test_ambiguous),
        cmocka_unit_test(test_fuzzy_accept),
        cmocka_unit_test(test_fuzzy_reject),
        cmocka_unit_test(test_cross_block),
        cmocka_unit_test(test_cross_formatting_and_quotes),
        cmocka_unit_test(test_unicode),
        cmocka_unit_test(test_old_and_new_sides),
        cmocka_unit_test(test_numbering_and_marks),
        cmocka_unit_test(test_third_version),
        cmocka_unit_test(test_reported_once),
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_icoc_spans),
    };
    return cmocka_run_group_tests_name("anchor", tests, NULL, NULL);
}
