/* test_diff.c - rl_diff: the model invariant on hand-made and random
 * inputs, alignment (moves, labels), and option behaviour. */
#include "harness.h"

#include "align.h"
#include "buf.h"
#include "emit.h"
#include "intern.h"
#include "redline.h"

#include <stdio.h>
#include <stdlib.h>

static uint64_t rng_state;
static uint32_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(rng_state >> 33);
}

/* ---- the invariant ---------------------------------------------------- */

/* Check one side: blocks with an index on that side, in index order, each
 * once; their label and the tokens of their EQUAL and `op` runs give that
 * version's blocks exactly. */
static void check_side(const rl_redline *r, const rl_doc *doc, bool old_side)
{
    size_t n = doc->nblocks;
    const rl_rblock **by = calloc(n + 1, sizeof *by);
    for (size_t i = 0; i < r->nblocks; i++) {
        const rl_rblock *b = &r->blocks[i];
        int32_t idx = old_side ? b->old_index : b->new_index;
        if (b->ghost) {
            assert_int_equal(b->old_index, -1);
            assert_int_equal(b->new_index, -1);
            assert_int_equal(b->nruns, 0);
            assert_true(b->peer >= 0 && (size_t)b->peer < r->nblocks);
            assert_int_equal(r->blocks[b->peer].peer, (int32_t)i);
            continue;
        }
        if (idx < 0)
            continue;
        assert_true((size_t)idx < n);
        assert_null(by[idx]);
        by[idx] = b;
    }
    rl_op keep = old_side ? RL_OP_DELETE : RL_OP_INSERT;
    for (size_t i = 0; i < n; i++) {
        const rl_rblock *b = by[i];
        assert_non_null(b);
        const rl_block *want = &doc->blocks[i];
        const rl_block *got = old_side ? b->old : b->new;
        assert_ptr_equal(got, want);
        assert_true(rl_str_eq(got->label, want->label));
        size_t k = 0;
        for (size_t ri = 0; ri < b->nruns; ri++) {
            const rl_run *run = &b->runs[ri];
            assert_true(run->n > 0);
            if (run->op != RL_OP_EQUAL && run->op != keep)
                continue;
            for (size_t t = 0; t < run->n; t++, k++) {
                const rl_token *tok = old_side ? rl_run_oldtok(b, run, t) : &b->new->toks[run->new0 + t];
                assert_true(k < want->ntoks);
                assert_true(rl_str_eq(tok->text, want->toks[k].text));
            }
        }
        assert_int_equal(k, want->ntoks);
    }
    free(by);
}

static void check_invariant(const rl_redline *r, const rl_diff_opts *o)
{
    check_side(r, r->old, true);
    check_side(r, r->new, false);
    /* equal runs join tokens with equal keys */
    rl_arena *a = rl_arena_new();
    rl_intern *t = rl_intern_new(a, o && o->ignore_case, o && o->ignore_punct);
    for (size_t i = 0; i < r->nblocks; i++) {
        const rl_rblock *b = &r->blocks[i];
        for (size_t ri = 0; ri < b->nruns; ri++) {
            const rl_run *run = &b->runs[ri];
            if (run->op != RL_OP_EQUAL || b->status == RL_ST_EQUAL)
                continue;
            for (size_t k = 0; k < run->n; k++)
                assert_int_equal(rl_intern_token(t, rl_run_oldtok(b, run, k)),
                                 rl_intern_token(t, rl_run_tok(b, run, k)));
        }
    }
    rl_arena_free(a);
}

static rl_redline *diff_md(rl_arena *a, const char *old, const char *new, const rl_diff_opts *o)
{
    rl_doc *d1 = test_doc(a, "old.md", old), *d2 = test_doc(a, "new.md", new);
    rl_redline *r = rl_diff(a, d1, d2, o);
    check_invariant(r, o);
    return r;
}

static const char *text_of(rl_arena *a, rl_redline *r)
{
    rl_emit_ctx c = {0};
    c.a = a;
    c.r = r;
    rl_buf out = RL_BUF_INIT;
    rl_emit_text(&c, &out, false);
    char *s = rl_arena_strdup(a, rl_buf_str(&out));
    rl_buf_free(&out);
    return s;
}

/* ---- hand-made cases -------------------------------------------------- */

static void test_diff_phrase(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_redline *r = diff_md(a, "States should cooperate in the fight against crime.\n",
                            "States must work in a fight against crime.\n", NULL);
    assert_string_equal(text_of(a, r), "States [-should cooperate in the-]{+must work in a+} fight against crime.\n");
    assert_int_equal(r->stats.hunks, 1);
    assert_int_equal(r->stats.words_deleted, 4);
    assert_int_equal(r->stats.words_inserted, 4);
    assert_int_equal(r->stats.blocks_changed, 1);
    rl_arena_free(a);
}

static void test_diff_labels_renumbered(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_redline *r = diff_md(a, "(a) First item text here.\n\n(b) Second item text here.\n",
                            "(1) First item text here.\n\n(2) Second item text, changed.\n", NULL);
    assert_int_equal(r->nblocks, 2);
    assert_int_equal(r->blocks[0].status, RL_ST_EQUAL);
    assert_true(r->blocks[0].label_changed);
    assert_int_equal(r->blocks[1].status, RL_ST_CHANGED);
    assert_int_equal(r->stats.labels_changed, 2);
    assert_string_equal(text_of(a, r), "[-(a)-]{+(1)+} First item text here.\n\n"
                                       "[-(b)-]{+(2)+} Second item text [-here-]{+, changed+}.\n");
    rl_arena_free(a);
}

static void test_diff_quotes_and_space(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_redline *r = diff_md(a, "The State\xE2\x80\x99s \xE2\x80\x9Cright\xE2\x80\x9D   to   act.\n",
                            "The State's \"right\" to act.\n", NULL);
    assert_int_equal(r->blocks[0].status, RL_ST_EQUAL);
    assert_int_equal(r->stats.hunks, 0);
    rl_arena_free(a);
}

static void test_diff_ignore_case_punct(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    const char *o = "The Charter of the United Nations; and more.\n", *n = "the charter of the united nations, and more.\n";
    rl_redline *r = diff_md(a, o, n, NULL);
    assert_int_equal(r->blocks[0].status, RL_ST_CHANGED);
    rl_diff_opts ic = {.ignore_case = true};
    r = diff_md(a, o, n, &ic);
    assert_int_equal(r->stats.words_inserted, 0);
    assert_int_equal(r->blocks[0].status, RL_ST_CHANGED); /* ";" vs "," */
    rl_diff_opts both = {.ignore_case = true, .ignore_punct = true};
    r = diff_md(a, o, n, &both);
    assert_int_equal(r->blocks[0].status, RL_ST_EQUAL);
    rl_arena_free(a);
}

static void test_diff_move(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_redline *r = diff_md(a,
                            "Alpha paragraph one is here.\n\nA long paragraph that moves to the end of the text today.\n\n"
                            "Gamma paragraph three is here.\n\nDelta paragraph four is here.\n",
                            "Alpha paragraph one is here.\n\nGamma paragraph three is here.\n\n"
                            "Delta paragraph four is here.\n\nA long paragraph that moved to the end of the text today.\n",
                            NULL);
    assert_int_equal(r->stats.blocks_moved, 1);
    size_t ghosts = 0, reals = 0;
    for (size_t i = 0; i < r->nblocks; i++) {
        const rl_rblock *b = &r->blocks[i];
        if (b->status != RL_ST_MOVED)
            continue;
        if (b->ghost) {
            ghosts++;
            assert_int_equal(i, 1);
        } else {
            reals++;
            assert_int_equal(i, r->nblocks - 1);
            assert_int_equal(b->nruns, 4); /* equal, delete "moves", insert "moved", equal */
        }
    }
    assert_int_equal(ghosts, 1);
    assert_int_equal(reals, 1);
    assert_int_equal(r->stats.words_deleted, 1);
    assert_int_equal(r->stats.words_inserted, 1);
    rl_diff_opts nm = {.no_moves = true};
    r = diff_md(a, "One two three four five.\n\nSix seven eight nine ten.\n",
                "Six seven eight nine ten.\n\nOne two three four five.\n", &nm);
    assert_int_equal(r->stats.blocks_moved, 0);
    assert_int_equal(r->stats.blocks_inserted, 1);
    assert_int_equal(r->stats.blocks_deleted, 1);
    rl_arena_free(a);
}

/* A short block that moved and changed: at least two shared words and a
 * Dice value of at least 2/3 make it a move; fewer make it a deletion and
 * an insertion. */
static void test_diff_short_move(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    const char *mid = "First paragraph here about security.\n\nSecond paragraph with several words in it.\n\n"
                      "Third paragraph talks about other things entirely.\n\n";
    char o[512], n[512];
    snprintf(o, sizeof o, "%sLast one.\n", mid);
    snprintf(n, sizeof n, "Last one, with more.\n\n%s", mid);
    rl_redline *r = diff_md(a, o, n, NULL);
    assert_int_equal(r->stats.blocks_moved, 1);
    assert_int_equal(r->stats.blocks_inserted, 0);
    assert_int_equal(r->stats.blocks_deleted, 0);
    assert_int_equal(r->blocks[0].status, RL_ST_MOVED);
    assert_false(r->blocks[0].ghost);
    assert_int_equal(r->stats.words_inserted, 2); /* "with more" */
    /* One shared word is not enough. */
    snprintf(o, sizeof o, "%sArticle one.\n", mid);
    snprintf(n, sizeof n, "Article two.\n\n%s", mid);
    r = diff_md(a, o, n, NULL);
    assert_int_equal(r->stats.blocks_moved, 0);
    assert_int_equal(r->stats.blocks_deleted, 1);
    /* Three shared words out of 3 + 7 (Dice 0.6) are not enough either. */
    snprintf(o, sizeof o, "%sSource Code License.\n", mid);
    snprintf(n, sizeof n, "Exhibit A: Source Code Form License Notice here.\n\n%s", mid);
    r = diff_md(a, o, n, NULL);
    assert_int_equal(r->stats.blocks_moved, 0);
    /* Moves off: a deletion and an insertion. */
    rl_diff_opts nm = {.no_moves = true};
    snprintf(o, sizeof o, "%sLast one.\n", mid);
    snprintf(n, sizeof n, "Last one, with more.\n\n%s", mid);
    r = diff_md(a, o, n, &nm);
    assert_int_equal(r->stats.blocks_moved, 0);
    assert_int_equal(r->stats.blocks_inserted, 1);
    assert_int_equal(r->stats.blocks_deleted, 1);
    rl_arena_free(a);
}

/* The same through the index of single words: too many leftover blocks
 * to compare every pair. */
static void test_diff_short_move_indexed(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_buf o = RL_BUF_INIT, n = RL_BUF_INIT;
    rl_buf_puts(&o, "Opening paragraph that stays the same.\n\n");
    rl_buf_puts(&n, "Last one, with more.\n\nOpening paragraph that stays the same.\n\n");
    rng_state = 7;
    for (int side = 0; side < 2; side++)
        for (int p = 0; p < 30; p++) {
            rl_buf *b = side ? &n : &o;
            for (int w = 0; w < 12; w++)
                rl_buf_printf(b, "%sw%c%u", w ? " " : "", 'a' + side, rnd() % 5000);
            rl_buf_puts(b, ".\n\n");
        }
    rl_buf_puts(&o, "Closing paragraph that stays the same.\n\nLast one.\n");
    rl_buf_puts(&n, "Closing paragraph that stays the same.\n");
    rl_redline *r = diff_md(a, o.p, n.p, NULL);
    assert_int_equal(r->stats.blocks_moved, 1);
    assert_int_equal(r->stats.blocks_inserted, 30);
    assert_int_equal(r->stats.blocks_deleted, 30);
    rl_buf_free(&o);
    rl_buf_free(&n);
    rl_arena_free(a);
}

static void test_diff_inserted_deleted_order(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_redline *r = diff_md(a, "Keep this one.\n\nOld only block with words.\n\nKeep that one.\n",
                            "Keep this one.\n\nBrand new material entirely different.\n\nKeep that one.\n", NULL);
    assert_int_equal(r->nblocks, 4);
    assert_int_equal(r->blocks[1].status, RL_ST_DELETED);
    assert_int_equal(r->blocks[2].status, RL_ST_INSERTED);
    rl_arena_free(a);
}

static void test_diff_empty(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_doc empty = {0};
    rl_doc *d = test_doc(a, "x.md", "Some words.\n");
    rl_redline *r = rl_diff(a, &empty, d, NULL);
    check_invariant(r, NULL);
    assert_int_equal(r->stats.blocks_inserted, 1);
    r = rl_diff(a, d, &empty, NULL);
    check_invariant(r, NULL);
    assert_int_equal(r->stats.blocks_deleted, 1);
    r = rl_diff(a, &empty, &empty, NULL);
    assert_int_equal(r->nblocks, 0);
    rl_arena_free(a);
}

/* ---- random documents and edits --------------------------------------- */

static const char *const vocab[] = {
    "the", "of", "States", "security", "information", "should", "cooperate", "in", "and", "to",
    "caf\xC3\xA9", "\xC3\x84rger", "na\xC3\xAFve", "don\xE2\x80\x99t", "don't", "\xD0\xBC\xD0\xB8\xD1\x80",
    "\xE4\xB8\xAD\xE6\x96\x87", "A/66/359", "1,000", "e-mail", "right", "Charter", "United", "Nations",
    "\xE2\x80\x9Cquoted\xE2\x80\x9D", "\"quoted\"", "human", "rights", "code", "conduct"};
#define NV (sizeof vocab / sizeof *vocab)
static const char *const puncts[] = {",", ";", ".", ":", "(x)", "\xE2\x80\x94"};

typedef struct rblk {
    int label;            /* 0 none */
    int heading;
    int nw;
    const char *w[40];
} rblk;

static void random_block(rblk *b)
{
    b->heading = rnd() % 8 == 0;
    b->label = !b->heading && rnd() % 3 == 0 ? 1 + (int)(rnd() % 5) : 0;
    b->nw = 1 + (int)(rnd() % 30);
    for (int i = 0; i < b->nw; i++)
        b->w[i] = rnd() % 7 == 0 ? puncts[rnd() % 6] : vocab[rnd() % NV];
}

static void write_doc(rl_buf *out, const rblk *bs, int n, bool numeric)
{
    rl_buf_clear(out);
    for (int i = 0; i < n; i++) {
        const rblk *b = &bs[i];
        if (b->heading)
            rl_buf_puts(out, "## ");
        if (b->label) {
            if (numeric)
                rl_buf_printf(out, "(%d) ", b->label);
            else
                rl_buf_printf(out, "(%c) ", 'a' + b->label - 1);
        }
        for (int k = 0; k < b->nw; k++) {
            if (k)
                rl_buf_puts(out, rnd() % 10 == 0 ? "  " : " ");
            rl_buf_puts(out, b->w[k]);
        }
        rl_buf_puts(out, "\n\n");
    }
    if (n == 0)
        rl_buf_puts(out, "\n");
}

static void mutate_block(rblk *b)
{
    int edits = 1 + (int)(rnd() % 4);
    for (int e = 0; e < edits; e++) {
        int pos = b->nw ? (int)(rnd() % (unsigned)b->nw) : 0;
        switch (rnd() % 3) {
        case 0:
            if (b->nw)
                b->w[pos] = vocab[rnd() % NV];
            break;
        case 1:
            if (b->nw > 1) {
                memmove(&b->w[pos], &b->w[pos + 1], (size_t)(b->nw - pos - 1) * sizeof *b->w);
                b->nw--;
            }
            break;
        default:
            if (b->nw < 40) {
                memmove(&b->w[pos + 1], &b->w[pos], (size_t)(b->nw - pos) * sizeof *b->w);
                b->w[pos] = vocab[rnd() % NV];
                b->nw++;
            }
        }
    }
}

static void test_diff_random(void **state)
{
    (void)state;
    rng_state = 20260101;
    rl_buf ob = RL_BUF_INIT, nb = RL_BUF_INIT;
    static rblk old[40], new[60];
    for (int iter = 0; iter < 300; iter++) {
        rl_arena *a = rl_arena_new();
        int n = 1 + (int)(rnd() % 25);
        for (int i = 0; i < n; i++)
            random_block(&old[i]);
        int m = 0;
        for (int i = 0; i < n && m < 55; i++) {
            if (m == 0 && i == n - 1) { new[m++] = old[i]; break; }
            uint32_t r = rnd() % 10;
            if (r == 0)
                continue; /* deleted */
            if (r == 1)
                random_block(&new[m++]); /* inserted before */
            new[m] = old[i];
            if (r == 2 || r == 3)
                mutate_block(&new[m]);
            m++;
        }
        if (m > 2 && rnd() % 2) { /* move a block */
            int from = (int)(rnd() % (unsigned)m), to = (int)(rnd() % (unsigned)m);
            rblk t = new[from];
            if (from < to)
                memmove(&new[from], &new[from + 1], (size_t)(to - from) * sizeof *new);
            else
                memmove(&new[to + 1], &new[to], (size_t)(from - to) * sizeof *new);
            new[to] = t;
        }
        bool numeric = rnd() % 2;
        write_doc(&ob, old, n, false);
        write_doc(&nb, new, m, numeric);
        rl_diff_opts o = {0};
        o.ignore_case = iter % 5 == 1;
        o.ignore_punct = iter % 7 == 2;
        o.no_moves = iter % 11 == 3;
        o.no_cleanup = iter % 13 == 4;
        o.alg = iter % 3 == 0 ? RL_ALG_HISTOGRAM : RL_ALG_MYERS;
        rl_redline *r = diff_md(a, ob.p, nb.p, &o);
        /* the emitters run on every model */
        rl_emit_ctx c = {0};
        c.a = a;
        c.r = r;
        rl_buf out = RL_BUF_INIT;
        assert_int_equal(rl_emit_text(&c, &out, iter % 2), 0);
        assert_int_equal(rl_emit_critic(&c, &out), 0);
        assert_int_equal(rl_emit_json(&c, &out), 0);
        rl_buf_free(&out);
        if (!o.ignore_case && !o.ignore_punct && !strcmp(ob.p, nb.p))
            assert_int_equal(r->stats.hunks, 0);
        rl_arena_free(a);
    }
    rl_buf_free(&ob);
    rl_buf_free(&nb);
}

/* A big generated pair: alignment must stay fast and the invariant hold. */
static void test_diff_many_blocks(void **state)
{
    (void)state;
    rng_state = 99;
    rl_buf ob = RL_BUF_INIT, nb = RL_BUF_INIT;
    size_t nblk = 3000;
    rblk *bs = calloc(nblk, sizeof *bs), *cs = calloc(nblk, sizeof *cs);
    for (size_t i = 0; i < nblk; i++) {
        random_block(&bs[i]);
        cs[i] = bs[i];
        if (rnd() % 4 == 0)
            mutate_block(&cs[i]);
    }
    rl_arena *a = rl_arena_new();
    write_doc(&ob, bs, (int)nblk, false);
    write_doc(&nb, cs, (int)nblk, false);
    diff_md(a, ob.p, nb.p, NULL);
    rl_arena_free(a);
    free(bs);
    free(cs);
    rl_buf_free(&ob);
    rl_buf_free(&nb);
}

static void test_align_similarity(void **state)
{
    (void)state;
    uint32_t w1[] = {1, 2, 3, 4}, w2[] = {1, 2, 5, 6};
    rl_ablock x = {1, w1, 4, w1, 4}, y = {2, w2, 4, w2, 4};
    assert_true(rl_align_similarity(&x, &y, 7) > 0.49 && rl_align_similarity(&x, &y, 7) < 0.51);
    assert_true(rl_align_similarity(&x, &x, 7) == 1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diff_phrase),
        cmocka_unit_test(test_diff_labels_renumbered),
        cmocka_unit_test(test_diff_quotes_and_space),
        cmocka_unit_test(test_diff_ignore_case_punct),
        cmocka_unit_test(test_diff_move),
        cmocka_unit_test(test_diff_short_move),
        cmocka_unit_test(test_diff_short_move_indexed),
        cmocka_unit_test(test_diff_inserted_deleted_order),
        cmocka_unit_test(test_diff_empty),
        cmocka_unit_test(test_diff_random),
        cmocka_unit_test(test_diff_many_blocks),
        cmocka_unit_test(test_align_similarity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
