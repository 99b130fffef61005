/* test_parallel.c - work split for speed gives the same result as the plain
 * way: the tokenizer's exact fast loop against its general loop, block
 * hashes made without a table against the table's, rl_diff on two threads
 * against one, and the text emitter over slices of a redline, joined,
 * against one pass (what a split of the output must give). */
#include "harness.h"
#include "emit.h"
#include "intern.h"
#include "redline.h"
#include "words.h"

#include <stdio.h>
#include <stdlib.h>

/* ---- the tokenizer ------------------------------------------------------- */

/* Tokenize s the way rendered (not exact) text is: the loop of rl_words_text
 * that fast_exact replaces for exact text. */
static size_t split_rendered(rl_arena *a, const char *s, size_t n, rl_token **out)
{
    rl_words w;
    rl_words_init(&w, a, NULL);
    rl_words_begin(&w, 0);
    rl_words_text(&w, s, n, false, 0, 0, 0);
    size_t k;
    *out = rl_words_take(&w, &k);
    rl_words_free(&w);
    return k;
}

static void test_exact_matches_rendered(void **state)
{
    (void)state;
    /* Pieces that meet the fast loop's every exit: joiners, commas between
     * digits, bytes >= 0x80 next to words and joiners, marks, CR LF. */
    static const char *const pool[] = {
        "a",
        "Zq",
        "word",
        "abcdefg",
        "abcdefgh",
        "abcdefghi",
        "abcdefghijklmnopq",
        "12",
        "1234567",
        "3",
        " ",
        " ",
        "  ",
        "\t",
        "\r\n",
        "\n",
        ",",
        ".",
        "-",
        "'",
        "/",
        ":",
        "_",
        "!",
        "(",
        ")",
        "*",
        "\x7F",
        "\x01",
        "\xC3\xA9",
        "e\xCC\x81",
        "\xCC\x81",
        "\xE2\x80\x99",
        "\xE2\x80\x9C",
        "\xC2\xAD",
        "\xE2\x80\x8B",
        "\xE4\xB8\xAD",
        "\xF0\x9F\x98\x80",
        "\xC2\xA0",
    };
    /* The first 29 pieces are ASCII: texts of those alone are long enough
     * for the loop's 64-byte windows. */
    const size_t nascii = 29, nall = sizeof pool / sizeof *pool;
    unsigned seed = 7;
    char buf[512];
    for (int iter = 0; iter < 30000; iter++) {
        rl_arena *a = rl_arena_new();
        size_t n = 0;
        bool ascii = iter % 2;
        int parts = 1 + rand_r(&seed) % (ascii ? 160 : 24);
        for (int k = 0; k < parts; k++) {
            const char *p = pool[rand_r(&seed) % (ascii ? nascii : nall)];
            size_t l = strlen(p);
            if (n + l >= sizeof buf)
                break;
            memcpy(buf + n, p, l);
            n += l;
        }
        rl_token *x, *y;
        size_t nx = rl_words_split(a, (rl_str){buf, n}, &x);
        size_t ny = split_rendered(a, buf, n, &y);
        if (nx != ny)
            fprintf(stderr, "'%.*s': %zu tokens exact, %zu rendered\n", (int)n, buf, nx, ny);
        assert_int_equal(nx, ny);
        for (size_t k = 0; k < nx; k++) {
            assert_int_equal(x[k].text.n, y[k].text.n);
            assert_memory_equal(x[k].text.p, y[k].text.p, x[k].text.n);
            assert_int_equal(x[k].kind, y[k].kind);
            assert_int_equal(x[k].space, y[k].space);
        }
        rl_arena_free(a);
    }
}

/* ---- block hashes -------------------------------------------------------- */

static void test_hash_block(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "Plain words, and punctuation.",
        "It\xE2\x80\x99s \xE2\x80\x9Cquoted\xE2\x80\x9D text",
        "It's \"quoted\" text",
        "caf\xC3\xA9 na\xC3\xAFve",
        "cafe\xCC\x81 nai\xCC\x88ve",
        "averyveryverylongword and a longerwordthanthat-with-joiners 1,000,000",
        "\xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80 \xCE\xA3\xCE\xB5",
        "",
    };
    rl_arena *a = rl_arena_new();
    rl_intern *t = rl_intern_new(a, false, false);
    uint64_t h[8];
    for (size_t i = 0; i < 8; i++) {
        rl_token *toks;
        size_t n = rl_words_split(a, rl_str_z(texts[i]), &toks);
        size_t w1, w2;
        h[i] = rl_intern_hash_block(toks, n, &w1);
        assert_true(h[i] == rl_intern_hash_tokens(t, toks, n, &w2));
        assert_int_equal(w1, w2);
        assert_int_equal(w1, rl_block_words(&(rl_block){.toks = toks, .ntoks = n}));
    }
    /* Equal keys, different bytes: equal hashes. */
    assert_true(h[1] == h[2]);
    assert_true(h[3] == h[4]);
    assert_true(h[0] != h[1] && h[5] != h[6] && h[6] != h[7]);
    /* Distinct short blocks hash apart (a term that XOR-ed the length
     * into the packed bytes made "a" and "ba" collide). */
    {
        static const char al[] = "ab,.1";
        enum { N = 5 + 25 + 125 };
        uint64_t *hs = calloc(2 * N, sizeof *hs);
        char w[4];
        size_t m = 0;
        for (size_t len = 1; len <= 3; len++)
            for (size_t c = 0, lim = len == 1 ? 5 : len == 2 ? 25 : 125; c < lim; c++) {
                for (size_t x = 0, v = c; x < len; x++, v /= 5)
                    w[x] = al[v % 5];
                rl_token tok[2] = {{.text = {w, len}}, {.text = {w, len}}};
                size_t nw;
                hs[m++] = rl_intern_hash_block(tok, 1, &nw);
                hs[m++] = rl_intern_hash_block(tok, 2, &nw);
            }
        for (size_t x = 0; x < m; x++)
            for (size_t y = x + 1; y < m; y++)
                assert_true(hs[x] != hs[y]);
        free(hs);
    }
    /* The loader's hashes are these. */
    rl_doc *d = test_doc(
        a, "x.md", "It\xE2\x80\x99s \xE2\x80\x9Cquoted\xE2\x80\x9D text\n\n## caf\xC3\xA9 na\xC3\xAFve\n");
    assert_int_equal(d->nblocks, 2);
    for (size_t i = 0; i < 2; i++) {
        size_t nw;
        assert_true(d->blocks[i].hashed);
        assert_true(d->blocks[i].key_hash ==
                    rl_intern_hash_block(d->blocks[i].toks, d->blocks[i].ntoks, &nw));
        assert_int_equal(d->blocks[i].nwords, nw);
    }
    assert_true(d->blocks[0].key_hash == h[1]);
    assert_true(d->blocks[1].key_hash == h[3]);
    rl_arena_free(a);
}

/* ---- two versions large enough to be worked on by two threads ------------ */

static unsigned next(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 8) & 0xFFFFFF;
}

static const char *word(unsigned *s)
{
    static const char *const syl[] = {"ta",   "re", "con",  "in", "de", "pro", "ma", "li", "ver", "sta",
                                      "tion", "al", "ment", "ra", "lo", "ne",  "si", "tu", "ous", "ex"};
    static char w[4][32];
    static int slot;
    char *o = w[slot++ & 3];
    o[0] = 0;
    int k = 1 + (int)(next(s) % 4);
    for (int i = 0; i < k; i++)
        strcat(o, syl[next(s) % 20]);
    if (next(s) % 40 == 0)
        strcat(o, "\xE2\x80\x99s"); /* curly apostrophe: a key that is not its bytes */
    return o;
}

/* Two versions of about `paras` paragraphs of 150 tokens: the new one edits
 * a third of the paragraphs, moves some, inserts and deletes a few. */
static void versions(rl_arena *a, int paras, bool plain, rl_doc **old, rl_doc **new)
{
    rl_buf o = RL_BUF_INIT, n = RL_BUF_INIT;
    unsigned s = 99;
    char **ps = calloc((size_t)paras, sizeof *ps);
    for (int i = 0; i < paras; i++) {
        rl_buf p = RL_BUF_INIT;
        if (i % 10 == 0)
            rl_buf_puts(&p, "## ");
        else if (i % 3 == 0)
            rl_buf_printf(&p, "(%c) ", 'a' + i % 26);
        int k = i % 10 == 0 ? 4 : 100;
        for (int j = 0; j < k; j++) {
            rl_buf_printf(&p, "%s%s", j ? " " : "", word(&s));
            if (next(&s) % 12 == 0)
                rl_buf_putc(&p, ',');
        }
        rl_buf_puts(&p, plain ? "." : ". *Really.*");
        ps[i] = p.p;
    }
    for (int i = 0; i < paras; i++) {
        rl_buf_printf(&o, "%s\n\n", ps[i]);
        unsigned r = next(&s) % 30;
        if (r == 0)
            continue; /* deleted */
        if (r == 1)
            rl_buf_printf(&n, "%s %s inserted paragraph.\n\n", word(&s), word(&s));
        const char *src = r == 2 && i + 7 < paras ? ps[i + 7] : r == 3 && i >= 7 ? ps[i - 7] : ps[i];
        if (i % 3 == 1) {
            /* edit: replace, drop or add a word here and there */
            const char *q = src;
            while (*q) {
                const char *sp = strchr(q, ' ');
                size_t l = sp ? (size_t)(sp - q + 1) : strlen(q);
                unsigned e = next(&s) % 25;
                if (e == 0)
                    rl_buf_printf(&n, "%s ", word(&s));
                else if (e != 1)
                    rl_buf_put(&n, q, l);
                q += l;
            }
            rl_buf_puts(&n, "\n\n");
        } else {
            rl_buf_printf(&n, "%s\n\n", src);
        }
    }
    for (int i = 0; i < paras; i++)
        free(ps[i]);
    free(ps);
    *old = test_doc(a, "old.md", o.p);
    *new = test_doc(a, "new.md", n.p);
    rl_buf_free(&o);
    rl_buf_free(&n);
}

static size_t tokens_of(const rl_doc *d)
{
    size_t n = 0;
    for (size_t i = 0; i < d->nblocks; i++)
        n += d->blocks[i].ntoks;
    return n;
}

static void same_redline(const rl_redline *x, const rl_redline *y)
{
    assert_int_equal(x->nblocks, y->nblocks);
    for (size_t i = 0; i < x->nblocks; i++) {
        const rl_rblock *p = &x->blocks[i], *q = &y->blocks[i];
        assert_int_equal(p->status, q->status);
        assert_int_equal(p->ghost, q->ghost);
        assert_int_equal(p->label_changed, q->label_changed);
        assert_int_equal(p->old_index, q->old_index);
        assert_int_equal(p->new_index, q->new_index);
        assert_int_equal(p->peer, q->peer);
        assert_int_equal(p->nruns, q->nruns);
        if (p->nruns)
            assert_memory_equal(p->runs, q->runs, p->nruns * sizeof *p->runs);
    }
    assert_memory_equal(&x->stats, &y->stats, sizeof x->stats);
}

static void test_diff_threads(void **state)
{
    (void)state;
    for (int plain = 0; plain < 2; plain++) {
        rl_arena *a = rl_arena_new();
        rl_doc *old, *new;
        versions(a, 500, plain, &old, &new);
        /* Large enough for the helper threads (see diff.c). */
        assert_true(tokens_of(old) > 40000 && tokens_of(new) > 40000);
        assert_int_equal(old->local, plain ? RL_DOC_LOCAL_DIRECT : 0);
        static const rl_diff_opts variants[] = {
            {0},
            {.alg = RL_ALG_HISTOGRAM},
            {.ignore_case = true},
            {.ignore_punct = true, .no_moves = true},
        };
        for (size_t v = 0; v < sizeof variants / sizeof *variants; v++) {
            rl_diff_opts one = variants[v];
            one.one_thread = true;
            rl_redline *x = rl_diff(a, old, new, &variants[v]);
            rl_redline *y = rl_diff(a, old, new, &one);
            same_redline(x, y);
            if (v == 0) {
                assert_true(x->stats.blocks_changed > 100);
                assert_true(x->stats.blocks_moved > 0);
            }
        }
        rl_arena_free(a);
    }
}

/* ---- the text emitter ---------------------------------------------------- */

static void emit(rl_arena *a, const rl_redline *r, bool critic, rl_buf *out)
{
    rl_emit_ctx c;
    memset(&c, 0, sizeof c);
    c.a = a;
    c.r = r;
    if (critic)
        rl_emit_critic(&c, out);
    else
        rl_emit_text(&c, out, false);
}

/* The whole text (written in two halves) is the text of runs of blocks
 * small enough to be written in one pass, joined by the blank line that
 * separates blocks. */
static void test_emit_halves(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_doc *old, *new;
    versions(a, 800, true, &old, &new);
    rl_diff_opts o = {.no_moves = true};
    rl_redline *r = rl_diff(a, old, new, &o);
    for (int critic = 0; critic < 2; critic++) {
        rl_buf whole = RL_BUF_INIT, parts = RL_BUF_INIT;
        emit(a, r, critic, &whole);
        for (size_t b = 0; b < r->nblocks;) {
            rl_redline sub = *r;
            sub.blocks = r->blocks + b;
            size_t toks = 0, k = 0;
            while (b + k < r->nblocks && toks < 10000) {
                for (size_t x = 0; x < r->blocks[b + k].nruns; x++)
                    toks += r->blocks[b + k].runs[x].n;
                k++;
            }
            sub.nblocks = k;
            if (b)
                rl_buf_putc(&parts, '\n');
            emit(a, &sub, critic, &parts);
            b += k;
        }
        assert_true(whole.n > 500000);
        assert_int_equal(whole.n, parts.n);
        assert_memory_equal(whole.p, parts.p, whole.n);
        rl_buf_free(&whole);
        rl_buf_free(&parts);
    }
    rl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_matches_rendered),
        cmocka_unit_test(test_hash_block),
        cmocka_unit_test(test_diff_threads),
        cmocka_unit_test(test_emit_halves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
