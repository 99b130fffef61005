/* test_cleanup.c - property tests of the word diff pipeline on small
 * alphabets, and regression tests for the readability cleanup.
 *
 * The random tests elsewhere draw words from a vocabulary of thirty, so a
 * token almost never repeats at the edge of a change, which is where
 * slide() once dropped words: "Yes" -> "Yes, I said Yes" printed
 * "{+Yes, I said+}", the unchanged "Yes" gone from both sides, because the
 * insertion slid left over a "Yes" with no equality on its far side to
 * take the token it freed.  Here every case draws from 2-4 words (with
 * case variants, for --ignore-case) and a few punctuation marks (for
 * --ignore-punctuation), so tokens repeat at block edges, at both ends of
 * changes and across blocks.  Each case is checked after every stage:
 *   generator  the Markdown written parses back to the tokens drawn;
 *   align      rl_align pairs each block at most once, in order but moves;
 *   marks      Myers (minimal and bounded) and histogram marks describe a
 *              common subsequence, Myers a longest one;
 *   cleanup    on those marks and on a random common subsequence's,
 *              rl_cleanup_runs reports no broken step and its runs cover
 *              both sides; with a step spoiled on purpose, it names that
 *              step and falls back to the raw script;
 *   rl_diff    under all 32 combinations of options, accepting every
 *              change gives the new text and rejecting every one the old,
 *              and the statistics agree with the runs.
 * A failure names its stage and prints the case, so it can be replayed. */
#include "harness.h"

#include "align.h"
#include "cleanup.h"
#include "emit.h"
#include "intern.h"
#include "myers.h"
#include "redline.h"
#include "words.h"

#include <stdio.h>
#include <stdlib.h>

static uint64_t rng_state;
static uint32_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(rng_state >> 33);
}

/* The text in a buffer, "" when nothing was written (p is NULL then). */
static const char *bz(const rl_buf *b)
{
    return b->p ? b->p : "";
}

/* ---- failure reports ---------------------------------------------------- */

typedef struct gcase gcase;
typedef struct gblock gblock;
static void describe(rl_buf *out);

/* What is being checked, printed with any failure so that the case can be
 * replayed: set by plain assignments as the checks go (formatting it for
 * every check took a third of the test's time), rendered only on failure. */
static struct {
    const gcase *c;          /* the case, or NULL */
    const char *note;        /* a hand-made case instead, or NULL */
    bool regression;
    const gblock *x, *y;     /* the pair of blocks being diffed, or NULL */
    const char *pair;        /* which pair */
    bool ic, ip;             /* the pair's key options */
    const char *marks;       /* whose marks the cleanup was given, or NULL */
    int tokens;              /* the cleanup had tokens: 1, had none: 0, n/a: -1 */
    int fault, broken;       /* step spoiled on purpose and step reported, or -1 */
    const rl_diff_opts *opts; /* rl_diff's options, or NULL */
} cur;

static void fail_case(const char *stage, const char *cond, int line)
{
    rl_buf d = RL_BUF_INIT;
    describe(&d);
    print_error("%s\n", bz(&d));
    rl_buf_free(&d);
    fail_msg("stage %s: %s does not hold (line %d)", stage, cond, line);
}

#define CHECK(stage, cond)                          \
    do {                                            \
        if (!(cond))                                \
            fail_case((stage), #cond, __LINE__);    \
    } while (0)

/* ---- the generator ---------------------------------------------------- */

/* Every token the generator can draw.  Words after the first are always
 * preceded by a space (a glued "." or ":" between two words would join
 * them into one token); punctuation may be glued.  No word is a single
 * letter or a roman numeral, so no block starts with a printed label. */
typedef struct gtokdef {
    const char *text;
    rl_tok_kind kind;
} gtokdef;

enum { NWORDS = 4, NVARIANTS = 2, NPUNCT = 7 };
static const gtokdef word_defs[NWORDS] = {
    {"Yes", RL_TOK_WORD}, {"no", RL_TOK_WORD}, {"said", RL_TOK_WORD}, {"we", RL_TOK_WORD}};
/* Case variants of word_defs[k]: equal to it only with ignore_case. */
static const gtokdef variant_defs[NWORDS][NVARIANTS] = {
    {{"YES", RL_TOK_WORD}, {"yes", RL_TOK_WORD}},
    {{"NO", RL_TOK_WORD}, {"No", RL_TOK_WORD}},
    {{"SAID", RL_TOK_WORD}, {"Said", RL_TOK_WORD}},
    {{"WE", RL_TOK_WORD}, {"We", RL_TOK_WORD}}};
/* The first three most often; the others so that ignore_punct matters. */
static const gtokdef punct_defs[NPUNCT] = {{",", RL_TOK_PUNCT}, {".", RL_TOK_PUNCT}, {"(", RL_TOK_PUNCT},
                                           {")", RL_TOK_PUNCT}, {";", RL_TOK_PUNCT}, {"!", RL_TOK_PUNCT},
                                           {"?", RL_TOK_PUNCT}};

#define MAXALPHA 16
#define MAXTOK 24
#define MAXBLK 12

typedef struct gtok {
    const gtokdef *d;
    bool glued;   /* no space before it (the generator glues only punctuation) */
} gtok;

struct gblock {
    int n;
    gtok t[MAXTOK];
};

struct gcase {
    unsigned id;
    int nalpha;
    const gtokdef *alpha[MAXALPHA];
    int no, nn;
    gblock old[MAXBLK], new[MAXBLK];
    int src[MAXBLK];   /* while generating: the old block new block j was made from, or -1 */
    int npairs;
    int pair[MAXBLK][2];   /* old and new block of each block made from another */
};

static gtok random_tok(const gcase *c)
{
    const gtokdef *d = c->alpha[rnd() % (unsigned)c->nalpha];
    return (gtok){d, d->kind == RL_TOK_PUNCT && rnd() % 2};
}

/* A glued punctuation mark of the alphabet, if it has one: a change that
 * starts with one scores worse there than one word earlier, so the slide
 * moves it left, over an echoed token. */
static gtok glued_punct(const gcase *c)
{
    int n = 0, pick[MAXALPHA];
    for (int k = 0; k < c->nalpha; k++)
        if (c->alpha[k]->kind == RL_TOK_PUNCT)
            pick[n++] = k;
    if (n == 0)
        return random_tok(c);
    return (gtok){c->alpha[pick[rnd() % (unsigned)n]], true};
}

/* 2-4 words, 0-3 punctuation marks, and sometimes the words' case variants. */
static void random_alphabet(gcase *c)
{
    int nw = 2 + (int)(rnd() % 3), np = (int)(rnd() % 4);
    bool variants = rnd() % 3 == 0;
    int first = (int)(rnd() % NWORDS);
    c->nalpha = 0;
    for (int k = 0; k < nw; k++) {
        int w = (first + k) % NWORDS;
        c->alpha[c->nalpha++] = &word_defs[w];
        if (variants)
            c->alpha[c->nalpha++] = &variant_defs[w][rnd() % NVARIANTS];
    }
    for (int k = 0; k < np; k++)
        c->alpha[c->nalpha++] = &punct_defs[rnd() % 2 ? (uint32_t)k : rnd() % NPUNCT];
}

static void random_block(const gcase *c, gblock *b)
{
    b->n = (int)(rnd() % 9);
    for (int k = 0; k < b->n; k++)
        b->t[k] = random_tok(c);
}

static void insert_toks(gblock *b, int pos, const gtok *t, int n)
{
    if (b->n + n > MAXTOK)
        return;
    memmove(&b->t[pos + n], &b->t[pos], (size_t)(b->n - pos) * sizeof *b->t);
    memcpy(&b->t[pos], t, (size_t)n * sizeof *t);
    b->n += n;
}

static void delete_toks(gblock *b, int pos, int n)
{
    if (pos + n > b->n)
        n = b->n - pos;
    memmove(&b->t[pos], &b->t[pos + n], (size_t)(b->n - pos - n) * sizeof *b->t);
    b->n -= n;
}

/* 1-3 edits, each at the start, the end or in the middle of the block:
 * insert, delete or replace 1-4 tokens; echo the tokens beside the edit
 * ("A" -> "A X A" at the end, "A X A" at the start too), as
 * "Yes" -> "Yes, I said Yes" does, which puts the same token at both ends
 * of the change; or insert a copy of some other piece of the block. */
static void edit_block(const gcase *c, gblock *b)
{
    int edits = 1 + (int)(rnd() % 3);
    for (int e = 0; e < edits; e++) {
        int where = (int)(rnd() % 3), len = 1 + (int)(rnd() % 4);
        gtok t[MAXTOK];
        int pos = where == 0 ? 0 : where == 1 ? b->n : (int)(rnd() % (unsigned)(b->n + 1));
        switch (rnd() % 5) {
        case 0: /* insert */
            for (int k = 0; k < len; k++)
                t[k] = random_tok(c);
            insert_toks(b, pos, t, len);
            break;
        case 1: /* delete */
            if (where == 1)
                pos = b->n > len ? b->n - len : 0;
            delete_toks(b, pos, len);
            break;
        case 2: /* replace */
            if (where == 1)
                pos = b->n > len ? b->n - len : 0;
            delete_toks(b, pos, len);
            len = 1 + (int)(rnd() % 4);
            for (int k = 0; k < len; k++)
                t[k] = random_tok(c);
            insert_toks(b, pos, t, len);
            break;
        case 3: { /* echo: X plus a copy of the 1-2 tokens on the far side of pos */
            int n = 1 + (int)(rnd() % 2), extra = 1 + (int)(rnd() % 3);
            bool before = where == 1 || (where == 2 && rnd() % 2); /* copy the tokens before pos */
            if (before ? n > pos : pos + n > b->n)
                break;
            for (int k = 0; k < extra; k++)
                t[before ? k : n + k] = k == 0 && rnd() % 2 ? glued_punct(c) : random_tok(c);
            memcpy(&t[before ? extra : 0], &b->t[before ? pos - n : pos], (size_t)n * sizeof *t);
            insert_toks(b, pos, t, extra + n);
            break;
        }
        default: { /* a copy of a piece of the block, plus a token or two */
            if (b->n == 0)
                break;
            int from = (int)(rnd() % (unsigned)b->n), n = 1 + (int)(rnd() % 3);
            if (from + n > b->n)
                n = b->n - from;
            int extra = (int)(rnd() % 3);
            for (int k = 0; k < extra; k++)
                t[k] = random_tok(c);
            memcpy(&t[extra], &b->t[from], (size_t)n * sizeof *t);
            insert_toks(b, pos, t, extra + n);
        }
        }
    }
}

static int side_tokens(const gblock *b, int n)
{
    int t = 0;
    for (int i = 0; i < n; i++)
        t += b[i].n;
    return t;
}

/* A version needs at least one paragraph with text. */
static void ensure_text(const gcase *c, gblock *b, int *n)
{
    if (side_tokens(b, *n))
        return;
    if (*n == 0)
        (*n)++;
    b[0].n = 1;
    b[0].t[0] = (gtok){c->alpha[0], false};
}

/* Old: 1-6 blocks of 0-8 tokens.  New: each old block kept, edited,
 * deleted, preceded by an inserted block or repeated; then sometimes one
 * block moved. */
static void random_case(gcase *c, unsigned id)
{
    memset(c, 0, sizeof *c);
    c->id = id;
    random_alphabet(c);
    c->no = 1 + (int)(rnd() % 6);
    for (int i = 0; i < c->no; i++)
        random_block(c, &c->old[i]);
    for (int i = 0; i < c->no && c->nn < MAXBLK - 2; i++) {
        uint32_t r = rnd() % 12;
        if (r == 0)
            continue; /* deleted */
        if (r == 1) {
            c->src[c->nn] = -1;
            random_block(c, &c->new[c->nn++]); /* inserted before */
        }
        c->src[c->nn] = i;
        c->new[c->nn] = c->old[i];
        if (r >= 2 && r <= 7)
            edit_block(c, &c->new[c->nn]);
        c->nn++;
        if (r == 8) { /* the same block twice: its hash is no longer unique */
            c->src[c->nn] = i;
            c->new[c->nn++] = c->old[i];
        }
    }
    if (c->nn > 2 && rnd() % 3 == 0) { /* move a block */
        int from = (int)(rnd() % (unsigned)c->nn), to = (int)(rnd() % (unsigned)c->nn);
        gblock t = c->new[from];
        int s = c->src[from];
        if (from < to) {
            memmove(&c->new[from], &c->new[from + 1], (size_t)(to - from) * sizeof *c->new);
            memmove(&c->src[from], &c->src[from + 1], (size_t)(to - from) * sizeof *c->src);
        } else {
            memmove(&c->new[to + 1], &c->new[to], (size_t)(from - to) * sizeof *c->new);
            memmove(&c->src[to + 1], &c->src[to], (size_t)(from - to) * sizeof *c->src);
        }
        c->new[to] = t;
        c->src[to] = s;
    }
    ensure_text(c, c->old, &c->no);
    if (c->nn == 0)
        c->src[0] = -1;
    ensure_text(c, c->new, &c->nn);
    for (int j = 0; j < c->nn; j++)
        if (c->src[j] >= 0) {
            c->pair[c->npairs][0] = c->src[j];
            c->pair[c->npairs++][1] = j;
        }
    /* Edits made the new side; swapped, they are deletions and the
     * echoes "Yes, I said Yes" -> "Yes". */
    if (rnd() % 3 == 0) {
        gblock t[MAXBLK];
        memcpy(t, c->old, sizeof t);
        memcpy(c->old, c->new, sizeof t);
        memcpy(c->new, t, sizeof t);
        int n = c->no;
        c->no = c->nn;
        c->nn = n;
        for (int k = 0; k < c->npairs; k++) {
            n = c->pair[k][0];
            c->pair[k][0] = c->pair[k][1];
            c->pair[k][1] = n;
        }
    }
}

/* A block's text as the generator meant it: tokens joined by their
 * separators. */
static void gblock_text(const gblock *b, rl_buf *out)
{
    for (int k = 0; k < b->n; k++) {
        if (k && !b->t[k].glued)
            rl_buf_puts(out, " ");
        rl_buf_puts(out, b->t[k].d->text);
    }
}

/* Markdown: one paragraph per block, a thematic break for an empty one. */
static void gdoc_md(const gblock *b, int n, rl_buf *out)
{
    rl_buf_clear(out);
    for (int i = 0; i < n; i++) {
        if (b[i].n == 0)
            rl_buf_puts(out, "***"); /* "---" first would open front matter */
        gblock_text(&b[i], out);
        rl_buf_puts(out, "\n\n");
    }
}

static void gtoks(const gblock *b, rl_token *toks)
{
    for (int k = 0; k < b->n; k++)
        toks[k] = (rl_token){rl_str_z(b->t[k].d->text), 0, b->t[k].d->kind, 0,
                             k && !b->t[k].glued ? RL_SP_SPACE : RL_SP_NONE, 0};
}

static void describe_toks(const gblock *b, rl_buf *out)
{
    rl_buf_puts(out, "\"");
    gblock_text(b, out);
    rl_buf_puts(out, "\"");
}

static void describe(rl_buf *d)
{
    const gcase *c = cur.c;
    if (cur.note)
        rl_buf_puts(d, cur.note);
    if (!c)
        return;
    rl_buf_printf(d, "case %u%s\n  old:", c->id, cur.regression ? " (regression)" : "");
    for (int i = 0; i < c->no; i++) {
        rl_buf_puts(d, " ");
        describe_toks(&c->old[i], d);
    }
    rl_buf_puts(d, "\n  new:");
    for (int j = 0; j < c->nn; j++) {
        rl_buf_puts(d, " ");
        describe_toks(&c->new[j], d);
    }
    if (cur.x) {
        rl_buf_printf(d, "\n  pair (%s, ignore_case %d, ignore_punct %d): ", cur.pair, cur.ic, cur.ip);
        describe_toks(cur.x, d);
        rl_buf_puts(d, " -> ");
        describe_toks(cur.y, d);
    }
    if (cur.marks)
        rl_buf_printf(d, "\n  cleanup of the %s marks", cur.marks);
    if (cur.tokens >= 0)
        rl_buf_printf(d, ", %s tokens", cur.tokens ? "with" : "without");
    if (cur.fault >= 0)
        rl_buf_printf(d, ", fault injected into step \"%s\"", rl_cleanup_step_name((rl_cleanup_step)cur.fault));
    if (cur.broken >= 0)
        rl_buf_printf(d, ", step reported broken: \"%s\"", rl_cleanup_step_name((rl_cleanup_step)cur.broken));
    if (cur.opts)
        rl_buf_printf(d, "\n  rl_diff options: ignore_case %d, ignore_punct %d, no_moves %d, no_cleanup %d, %s",
                      cur.opts->ignore_case, cur.opts->ignore_punct, cur.opts->no_moves, cur.opts->no_cleanup,
                      cur.opts->alg == RL_ALG_HISTOGRAM ? "histogram" : "myers");
}

/* Start reporting on case c. */
static void set_case(const gcase *c, bool regression)
{
    memset(&cur, 0, sizeof cur);
    cur.c = c;
    cur.regression = regression;
    cur.tokens = cur.fault = cur.broken = -1;
}

/* Scratch memory for one case (a), and intern tables for the four
 * combinations of ignore_case and ignore_punct, made once (in ta) and
 * shared by all cases: the generator's tokens are a few dozen keys, and a
 * new table zero-fills some 30 KB, which under ASan (fresh pages every
 * time) made the test ten times slower. */
typedef struct keytabs {
    rl_arena *a, *ta;
    rl_intern *t[4];
} keytabs;

static rl_intern *keytab(keytabs *k, bool ic, bool ip)
{
    int i = (int)ic | (int)ip << 1;
    if (!k->t[i])
        k->t[i] = rl_intern_new(k->ta, ic, ip);
    return k->t[i];
}

/* ---- stage: the word diff (marks) ------------------------------------- */

/* Length of the LCS by dynamic programming (the reference). */
static size_t lcs_dp(const uint32_t *x, size_t n, const uint32_t *y, size_t m)
{
    size_t row[MAXTOK + 1] = {0}, prev[MAXTOK + 1] = {0};
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++)
            row[j] = x[i - 1] == y[j - 1] ? prev[j - 1] + 1 : (row[j - 1] > prev[j] ? row[j - 1] : prev[j]);
        memcpy(prev, row, sizeof row);
    }
    return prev[m];
}

/* The marks describe a common subsequence: unmarked elements pair up in
 * order with equal keys, the same number on both sides.  Returns its length. */
static size_t check_marks(const char *stage, const rl_seq *so, const rl_seq *sn, const uint8_t *del,
                          const uint8_t *ins)
{
    size_t i = 0, j = 0, common = 0;
    for (size_t k = 0; k < so->n; k++)
        CHECK(stage, del[k] == 0 || del[k] == 1);
    for (size_t k = 0; k < sn->n; k++)
        CHECK(stage, ins[k] == 0 || ins[k] == 1);
    for (;;) {
        while (i < so->n && del[i])
            i++;
        while (j < sn->n && ins[j])
            j++;
        if (i == so->n || j == sn->n)
            break;
        CHECK(stage, so->key[i] == sn->key[j]);
        i++, j++, common++;
    }
    while (i < so->n)
        CHECK(stage, del[i++]);
    while (j < sn->n)
        CHECK(stage, ins[j++]);
    CHECK(stage, rl_myers_common(del, so->n) == common);
    return common;
}

/* Marks of a random common subsequence, not a longest one: the cleanup
 * must take any valid script, and these put changes where no diff
 * algorithm would. */
static void random_marks(const rl_seq *so, const rl_seq *sn, uint8_t *del, uint8_t *ins)
{
    size_t i = 0, j = 0;
    memset(del, 1, so->n);
    memset(ins, 1, sn->n);
    while (i < so->n && j < sn->n) {
        if (so->key[i] == sn->key[j] && rnd() % 4) {
            del[i++] = 0;
            ins[j++] = 0;
        } else if (rnd() % 2) {
            i++;
        } else {
            j++;
        }
    }
}

/* ---- stage: the cleanup ----------------------------------------------- */

/* The runs cover both sides in order, each change is one DELETE before one
 * INSERT, EQUAL runs pair equal keys; with raw marks given, the runs are
 * exactly those marks coalesced. */
static void check_runs(const char *stage, const rl_seq *so, const rl_seq *sn, const rl_run *r, size_t nr,
                       const uint8_t *rawdel, const uint8_t *rawins)
{
    size_t i = 0, j = 0;
    CHECK(stage, (nr == 0) == (so->n + sn->n == 0));
    for (size_t k = 0; k < nr; k++) {
        CHECK(stage, r[k].n > 0);
        CHECK(stage, r[k].op == RL_OP_EQUAL || r[k].op == RL_OP_DELETE || r[k].op == RL_OP_INSERT);
        if (k > 0) {
            CHECK(stage, r[k].op != r[k - 1].op);
            CHECK(stage, !(r[k - 1].op == RL_OP_INSERT && r[k].op == RL_OP_DELETE));
        }
        if (r[k].op != RL_OP_INSERT) {
            CHECK(stage, r[k].old0 == i);
            CHECK(stage, r[k].n <= so->n - i);
        }
        if (r[k].op != RL_OP_DELETE) {
            CHECK(stage, r[k].new0 == j);
            CHECK(stage, r[k].n <= sn->n - j);
        }
        for (uint32_t t = 0; t < r[k].n; t++) {
            if (r[k].op == RL_OP_EQUAL)
                CHECK(stage, so->key[i + t] == sn->key[j + t]);
            if (rawdel && r[k].op != RL_OP_INSERT)
                CHECK(stage, rawdel[i + t] == (r[k].op == RL_OP_DELETE));
            if (rawins && r[k].op != RL_OP_DELETE)
                CHECK(stage, rawins[j + t] == (r[k].op == RL_OP_INSERT));
        }
        if (r[k].op != RL_OP_INSERT)
            i += r[k].n;
        if (r[k].op != RL_OP_DELETE)
            j += r[k].n;
    }
    CHECK(stage, i == so->n);
    CHECK(stage, j == sn->n);
}

static bool same_runs(const rl_run *x, size_t nx, const rl_run *y, size_t ny)
{
    if (nx != ny)
        return false;
    for (size_t k = 0; k < nx; k++)
        if (x[k].op != y[k].op || x[k].n != y[k].n || (x[k].op != RL_OP_INSERT && x[k].old0 != y[k].old0) ||
            (x[k].op != RL_OP_DELETE && x[k].new0 != y[k].new0))
            return false;
    return true;
}

static size_t cleanup_calls;

/* Every step of the semantic cleanup keeps the script intact, with and
 * without tokens (without, every element is a word with a space before
 * it, so other slides win); the raw script is the marks; and, if faults,
 * a step spoiled on purpose is named, with the raw script as the result
 * (on one set of marks per pair: under ASan, where every malloc costs,
 * on all four they were a third of the test's time). */
static void check_cleanup(rl_arena *a, const rl_seq *so, const rl_seq *sn, const uint8_t *del,
                          const uint8_t *ins, const char *marks, bool faults)
{
    size_t nraw, nr;
    rl_cleanup_step broken = RL_CLEANUP_ABSORB;
    cur.marks = marks;
    rl_run *raw = rl_cleanup_runs(a, so, sn, del, ins, false, &nraw, &broken);
    cur.broken = (int)broken;
    CHECK("cleanup (raw)", broken == RL_CLEANUP_OK);
    check_runs("cleanup (raw)", so, sn, raw, nraw, del, ins);
    for (int withtok = 0; withtok < 2; withtok++) {
        rl_seq xo = *so, xn = *sn;
        if (!withtok)
            xo.tok = xn.tok = NULL;
        cur.tokens = withtok;
        broken = RL_CLEANUP_ABSORB;
        rl_run *r = rl_cleanup_runs(a, &xo, &xn, del, ins, true, &nr, &broken);
        cleanup_calls++;
        cur.broken = (int)broken;
        CHECK(broken == RL_CLEANUP_OK ? "cleanup" : rl_cleanup_step_name(broken), broken == RL_CLEANUP_OK);
        check_runs("cleanup", &xo, &xn, r, nr, NULL, NULL);
    }
    cur.tokens = 1;
    for (int s = RL_CLEANUP_SLIDE; faults && s <= RL_CLEANUP_RESLIDE; s++) {
        rl_cleanup_fault = s;
        rl_run *r = rl_cleanup_runs(a, so, sn, del, ins, true, &nr, &broken);
        rl_cleanup_fault = 0; /* before any check, so a failure leaves it clear */
        cur.fault = s;
        cur.broken = (int)broken;
        /* With both sides empty there is no script to spoil. */
        CHECK("fault injection", broken == (so->n + sn->n ? (rl_cleanup_step)s : RL_CLEANUP_OK));
        check_runs("fault injection", so, sn, r, nr, del, ins);
        CHECK("fault injection", same_runs(r, nr, raw, nraw));
    }
    cur.marks = NULL;
    cur.tokens = cur.fault = cur.broken = -1;
}

/* Old block tokens x against new block tokens y, with keys from an intern
 * table with the given options: every diff's marks, and the cleanup on
 * each of them. */
static void check_pair(keytabs *kt, rl_myers_work *w, const gblock *x, const gblock *y, bool ic, bool ip,
                       const char *label)
{
    rl_arena *a = kt->a;
    rl_intern *t = keytab(kt, ic, ip);
    rl_token ot[MAXTOK + 1], nt[MAXTOK + 1];
    uint32_t ok[MAXTOK + 1], nk[MAXTOK + 1];
    uint8_t del[MAXTOK + 1], ins[MAXTOK + 1];
    gtoks(x, ot);
    gtoks(y, nt);
    for (int k = 0; k < x->n; k++)
        ok[k] = rl_intern_token(t, &ot[k]);
    for (int k = 0; k < y->n; k++)
        nk[k] = rl_intern_token(t, &nt[k]);
    rl_seq so = {ok, ot, (size_t)x->n}, sn = {nk, nt, (size_t)y->n};
    cur.x = x;
    cur.y = y;
    cur.pair = label;
    cur.ic = ic;
    cur.ip = ip;

    size_t lcs = lcs_dp(ok, so.n, nk, sn.n);
    rl_myers_diff(ok, so.n, nk, sn.n, del, ins, true, w);
    CHECK("marks (minimal Myers)", check_marks("marks (minimal Myers)", &so, &sn, del, ins) == lcs);
    check_cleanup(a, &so, &sn, del, ins, "minimal Myers", true);
    rl_myers_diff(ok, so.n, nk, sn.n, del, ins, false, w);
    /* Far below the bound (myers.h: an edit cost of at least 256), the
     * bounded search is the minimal one. */
    CHECK("marks (bounded Myers)", check_marks("marks (bounded Myers)", &so, &sn, del, ins) == lcs);
    check_cleanup(a, &so, &sn, del, ins, "bounded Myers", false);
    rl_histogram_diff(ok, so.n, nk, sn.n, del, ins, w);
    check_marks("marks (histogram)", &so, &sn, del, ins);
    check_cleanup(a, &so, &sn, del, ins, "histogram", false);
    random_marks(&so, &sn, del, ins);
    check_marks("marks (random common subsequence)", &so, &sn, del, ins);
    check_cleanup(a, &so, &sn, del, ins, "random", false);
    cur.x = cur.y = NULL;
}

/* ---- stage: alignment ------------------------------------------------- */

static uint64_t hash_keys(const uint32_t *ids, size_t n)
{
    uint64_t h = 1469598103934665603u ^ n;
    for (size_t i = 0; i < n; i++)
        h = (h ^ ids[i]) * 1099511628211u;
    return h;
}

static rl_ablock *ablocks(rl_arena *a, rl_intern *t, const gblock *b, int n)
{
    rl_ablock *ab = rl_arena_array(a, (size_t)n + 1, sizeof *ab);
    for (int i = 0; i < n; i++) {
        uint32_t *ids = rl_arena_array(a, (size_t)b[i].n + 1, sizeof *ids);
        uint32_t *wds = rl_arena_array(a, (size_t)b[i].n + 1, sizeof *wds);
        rl_token toks[MAXTOK + 1];
        gtoks(&b[i], toks);
        uint32_t nw = 0;
        for (int k = 0; k < b[i].n; k++) {
            ids[k] = rl_intern_token(t, &toks[k]);
            if (toks[k].kind == RL_TOK_WORD)
                wds[nw++] = ids[k];
        }
        ab[i] = (rl_ablock){hash_keys(ids, (size_t)b[i].n), ids, (uint32_t)b[i].n, wds, nw};
    }
    return ab;
}

/* Each block is paired at most once and both directions agree, moves are
 * marked on both ends, and the pairs that are not moves are in order on
 * both sides. */
static void check_alignment(const rl_alignment *al, int m, int n, bool no_moves)
{
    const char *stage = "align";
    for (int i = 0; i < m; i++) {
        int32_t j = al->o2n[i];
        CHECK(stage, j >= -1 && j < n);
        if (j >= 0) {
            CHECK(stage, al->n2o[j] == i);
            CHECK(stage, al->omove[i] == al->nmove[j]);
        } else {
            CHECK(stage, !al->omove[i]);
        }
        CHECK(stage, !no_moves || !al->omove[i]);
    }
    int32_t last = -1;
    for (int j = 0; j < n; j++) {
        int32_t i = al->n2o[j];
        CHECK(stage, i >= -1 && i < m);
        if (i < 0) {
            CHECK(stage, !al->nmove[j]);
            continue;
        }
        CHECK(stage, al->o2n[i] == j);
        if (al->nmove[j])
            continue;
        CHECK(stage, i > last);
        last = i;
    }
}

static void check_align_case(keytabs *kt, const gcase *c, bool ic, bool ip)
{
    rl_arena *a = kt->a;
    rl_intern *t = keytab(kt, ic, ip);
    rl_ablock *oa = ablocks(a, t, c->old, c->no), *na = ablocks(a, t, c->new, c->nn);
    for (int no_moves = 0; no_moves < 2; no_moves++) {
        rl_alignment al;
        rl_align(a, oa, (size_t)c->no, na, (size_t)c->nn, rl_intern_count(t), NULL, no_moves, &al);
        check_alignment(&al, c->no, c->nn, no_moves);
    }
}

/* ---- stage: the whole rl_diff ----------------------------------------- */

static rl_doc *parse_md(rl_arena *a, const char *name, const char *text)
{
    rl_diag *d = rl_diag_new();
    rl_source *s = rl_source_from_mem(a, name, text, strlen(text));
    rl_doc *doc = rl_doc_parse(a, d, s);
    bool bad = rl_diag_errors(d);
    rl_diag_free(d);
    CHECK("generator (Markdown rejected)", !bad && doc);
    return doc;
}

/* The Markdown the generator wrote reads back as the blocks and tokens it
 * drew: else the later checks would test something else than intended. */
static void check_parsed(const rl_doc *doc, const gblock *b, int n)
{
    const char *stage = "generator";
    CHECK(stage, doc->nblocks == (size_t)n);
    for (int i = 0; i < n; i++) {
        const rl_block *x = &doc->blocks[i];
        CHECK(stage, x->label.n == 0);
        CHECK(stage, x->ntoks == (size_t)b[i].n);
        CHECK(stage, x->kind == (b[i].n ? RL_BLK_PARA : RL_BLK_RULE));
        for (int k = 0; k < b[i].n; k++) {
            CHECK(stage, rl_str_eqz(x->toks[k].text, b[i].t[k].d->text));
            CHECK(stage, x->toks[k].kind == (unsigned)b[i].t[k].d->kind);
            if (k)
                CHECK(stage, x->toks[k].space == (b[i].t[k].glued ? RL_SP_NONE : RL_SP_SPACE));
        }
    }
}

static size_t gwords(const gblock *b, int n)
{
    size_t w = 0;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < b[i].n; k++)
            w += b[i].t[k].d->kind == RL_TOK_WORD;
    return w;
}

/* The text of one side of a redline block: its tokens in EQUAL runs and
 * in runs of `op`, joined by their own separators, checking on the way
 * that the runs take that side's tokens in order. */
static void side_text(const rl_rblock *b, bool old_side, rl_buf *out)
{
    const char *stage = old_side ? "rl_diff (reject all)" : "rl_diff (accept all)";
    const rl_block *blk = old_side ? b->old : b->new;
    rl_op keep = old_side ? RL_OP_DELETE : RL_OP_INSERT;
    size_t k = 0;
    CHECK(stage, blk->label.n == 0);
    for (size_t ri = 0; ri < b->nruns; ri++) {
        const rl_run *run = &b->runs[ri];
        if (run->op != RL_OP_EQUAL && run->op != keep)
            continue;
        CHECK(stage, (old_side ? run->old0 : run->new0) == k);
        CHECK(stage, run->n <= blk->ntoks - k);
        for (uint32_t t = 0; t < run->n; t++, k++) {
            const rl_token *tok = &blk->toks[k];
            if (k)
                rl_buf_puts(out, tok->space == RL_SP_NONE ? "" : " ");
            rl_buf_putstr(out, tok->text);
        }
    }
    CHECK(stage, k == blk->ntoks);
}

static size_t run_words(const rl_block *blk, uint32_t from, uint32_t n)
{
    size_t w = 0;
    for (uint32_t k = from; k < from + n; k++)
        w += blk->toks[k].kind == RL_TOK_WORD;
    return w;
}

static void check_redline(keytabs *kt, const rl_redline *r, const gcase *c, const rl_diff_opts *o)
{
    const char *stage = "rl_diff (blocks)";
    size_t no = (size_t)c->no, nn = (size_t)c->nn;
    const rl_rblock *byo[MAXBLK] = {0}, *byn[MAXBLK] = {0};
    int32_t lasto = -1, lastn = -1;
    rl_stats want = {0};
    rl_intern *t = keytab(kt, o->ignore_case, o->ignore_punct);
    for (size_t i = 0; i < r->nblocks; i++) {
        const rl_rblock *b = &r->blocks[i];
        if (b->ghost) {
            CHECK(stage, !o->no_moves);
            CHECK(stage, b->status == RL_ST_MOVED);
            CHECK(stage, b->old_index == -1 && b->new_index == -1 && b->nruns == 0);
            CHECK(stage, b->peer >= 0 && (size_t)b->peer < r->nblocks);
            CHECK(stage, r->blocks[b->peer].peer == (int32_t)i && !r->blocks[b->peer].ghost);
            continue;
        }
        CHECK("rl_diff (raw_diff: a cleanup step broke the script)", !b->raw_diff);
        bool has_old = b->status != RL_ST_INSERTED, has_new = b->status != RL_ST_DELETED;
        CHECK(stage, (b->old_index >= 0) == has_old && (b->old != NULL) == has_old);
        CHECK(stage, (b->new_index >= 0) == has_new && (b->new != NULL) == has_new);
        if (b->status == RL_ST_MOVED) {
            CHECK(stage, !o->no_moves);
            CHECK(stage, b->peer >= 0 && (size_t)b->peer < r->nblocks && r->blocks[b->peer].ghost);
            want.blocks_moved++;
        } else {
            CHECK(stage, b->peer == -1);
            want.blocks_changed += b->status == RL_ST_CHANGED;
            want.blocks_inserted += b->status == RL_ST_INSERTED;
            want.blocks_deleted += b->status == RL_ST_DELETED;
        }
        /* Laid out in the new version's order; deletions and pairs that are
         * not moves in the old one's too. */
        if (has_new) {
            CHECK(stage, (size_t)b->new_index < nn && !byn[b->new_index]);
            CHECK(stage, b->new == &r->new->blocks[b->new_index]);
            CHECK(stage, b->new_index > lastn);
            lastn = b->new_index;
            byn[b->new_index] = b;
        }
        if (has_old) {
            CHECK(stage, (size_t)b->old_index < no && !byo[b->old_index]);
            CHECK(stage, b->old == &r->old->blocks[b->old_index]);
            if (b->status != RL_ST_MOVED) {
                CHECK(stage, b->old_index > lasto);
                lasto = b->old_index;
            }
            byo[b->old_index] = b;
        }
        bool in_hunk = false;
        for (size_t k = 0; k < b->nruns; k++) {
            const rl_run *run = &b->runs[k];
            CHECK(stage, run->n > 0);
            CHECK(stage, run->op == RL_OP_EQUAL ? has_old && has_new : run->op == RL_OP_DELETE ? has_old : has_new);
            if (k)
                CHECK(stage, run->op != b->runs[k - 1].op);
            if (run->op == RL_OP_EQUAL) {
                CHECK(stage, run->old0 + run->n <= b->old->ntoks && run->new0 + run->n <= b->new->ntoks);
                for (uint32_t x = 0; x < run->n; x++)
                    CHECK("rl_diff (EQUAL run of different keys)",
                          rl_intern_token(t, &b->old->toks[run->old0 + x]) ==
                              rl_intern_token(t, &b->new->toks[run->new0 + x]));
                if (b->status == RL_ST_MOVED)
                    want.words_moved += run_words(b->new, run->new0, run->n);
                in_hunk = false;
                continue;
            }
            want.hunks += !in_hunk;
            in_hunk = true;
            if (run->op == RL_OP_DELETE)
                want.words_deleted += run_words(b->old, run->old0, run->n);
            else
                want.words_inserted += run_words(b->new, run->new0, run->n);
        }
        CHECK(stage, b->status != RL_ST_EQUAL || !in_hunk);
    }
    rl_buf got = RL_BUF_INIT, exp = RL_BUF_INIT;
    for (size_t j = 0; j < nn; j++) {
        CHECK("rl_diff (a new block is missing)", byn[j] != NULL);
        rl_buf_clear(&got);
        rl_buf_clear(&exp);
        side_text(byn[j], false, &got);
        gblock_text(&c->new[j], &exp);
        CHECK("rl_diff (accept all)", strcmp(bz(&got), bz(&exp)) == 0);
    }
    for (size_t i = 0; i < no; i++) {
        CHECK("rl_diff (an old block is missing)", byo[i] != NULL);
        rl_buf_clear(&got);
        rl_buf_clear(&exp);
        side_text(byo[i], true, &got);
        gblock_text(&c->old[i], &exp);
        CHECK("rl_diff (reject all)", strcmp(bz(&got), bz(&exp)) == 0);
    }
    rl_buf_free(&got);
    rl_buf_free(&exp);
    const rl_stats *s = &r->stats;
    stage = "rl_diff (stats)";
    CHECK(stage, s->words_old == gwords(c->old, c->no));
    CHECK(stage, s->words_new == gwords(c->new, c->nn));
    CHECK(stage, s->words_inserted == want.words_inserted);
    CHECK(stage, s->words_deleted == want.words_deleted);
    CHECK(stage, s->words_moved == want.words_moved);
    CHECK(stage, s->hunks == want.hunks);
    CHECK(stage, s->blocks_changed == want.blocks_changed);
    CHECK(stage, s->blocks_inserted == want.blocks_inserted);
    CHECK(stage, s->blocks_deleted == want.blocks_deleted);
    CHECK(stage, s->blocks_moved == want.blocks_moved);
    CHECK(stage, s->blocks_raw == 0);
    CHECK(stage, s->labels_changed == 0);
}

static size_t diff_calls;

static void check_diff_case(keytabs *kt, const gcase *c)
{
    rl_arena *a = kt->a;
    rl_buf ob = RL_BUF_INIT, nb = RL_BUF_INIT;
    gdoc_md(c->old, c->no, &ob);
    gdoc_md(c->new, c->nn, &nb);
    rl_doc *od = parse_md(a, "old.md", bz(&ob)), *nd = parse_md(a, "new.md", bz(&nb));
    check_parsed(od, c->old, c->no);
    check_parsed(nd, c->new, c->nn);
    for (unsigned bits = 0; bits < 32; bits++) {
        rl_diff_opts o = {0};
        o.ignore_case = bits & 1;
        o.ignore_punct = bits & 2;
        o.no_moves = bits & 4;
        o.no_cleanup = bits & 8;
        o.alg = bits & 16 ? RL_ALG_HISTOGRAM : RL_ALG_MYERS;
        cur.opts = &o;
        /* Each diff in an arena of its own, freed at once: one arena for
         * all 32 grew to chunks of megabytes. */
        rl_arena *da = rl_arena_new();
        rl_redline *r = rl_diff(da, od, nd, &o);
        diff_calls++;
        check_redline(kt, r, c, &o);
        rl_arena_free(da);
    }
    cur.opts = NULL;
    rl_buf_free(&ob);
    rl_buf_free(&nb);
}

/* ---- the random tests ------------------------------------------------- */

/* One case through every stage: alignment, then for each pair of an old
 * block and the new block made from it (and one unrelated pair) the marks
 * and the cleanup under all four key options, then the whole rl_diff. */
static void run_case(keytabs *kt, rl_myers_work *w, const gcase *c, bool whole)
{
    kt->a = rl_arena_new();
    set_case(c, false);
    for (int ko = 0; ko < 4; ko++)
        check_align_case(kt, c, ko & 1, ko & 2);
    for (int k = 0; k < c->npairs; k++)
        for (int ko = 0; ko < 4; ko++)
            check_pair(kt, w, &c->old[c->pair[k][0]], &c->new[c->pair[k][1]], ko & 1, ko & 2, "edited block");
    int x = (int)(rnd() % (unsigned)c->no), y = (int)(rnd() % (unsigned)c->nn);
    for (int ko = 0; ko < 4; ko++)
        check_pair(kt, w, &c->old[x], &c->new[y], ko & 1, ko & 2, "two blocks");
    if (whole)
        check_diff_case(kt, c);
    rl_arena_free(kt->a);
    kt->a = NULL;
}

/* Seeds and case counts: enough that the generator meets the old slide()
 * bug many times over, few enough to stay well under a second.  With the
 * old slide() put back, a quarter of these cases fail: the first at case
 * 3 (random marks), case 12 through rl_diff ("Yes" -> "Yes( Yes"), case 23
 * through Myers' marks. */
static const uint64_t seeds[] = {1, 20260611, 0x5eed};
#define CASES_PER_SEED 1000
#define WHOLE_EVERY 4   /* rl_diff (32 option sets) on every 4th case */

static void test_cleanup_random(void **state)
{
    (void)state;
    rl_myers_work w = {0};
    gcase *c = malloc(sizeof *c);
    keytabs kt = {NULL, rl_arena_new(), {NULL}};
    cleanup_calls = diff_calls = 0;
    for (size_t s = 0; s < sizeof seeds / sizeof *seeds; s++) {
        rng_state = seeds[s];
        for (unsigned i = 0; i < CASES_PER_SEED; i++) {
            random_case(c, (unsigned)(s * CASES_PER_SEED + i));
            run_case(&kt, &w, c, i % WHOLE_EVERY == 0);
        }
    }
    /* The counters prove the loops ran (a generator that made nothing
     * would pass every check above). */
    assert_true(cleanup_calls > 10 * CASES_PER_SEED);
    assert_true(diff_calls >= 32 * CASES_PER_SEED / WHOLE_EVERY);
    rl_arena_free(kt.ta);
    free(c);
    rl_myers_work_free(&w);
}

/* ---- regression cases ------------------------------------------------- */

/* A case given as text: each argument is one block's tokens as the
 * tokenizer cuts them. */
static void text_block(rl_arena *a, const char *text, gblock *b)
{
    rl_token *toks;
    size_t n = rl_words_split(a, rl_str_z(text), &toks);
    assert_true(n <= MAXTOK);
    b->n = (int)n;
    for (size_t k = 0; k < n; k++) {
        gtokdef *d = rl_arena_alloc(a, sizeof *d);
        d->text = rl_arena_strdup(a, toks[k].text);
        d->kind = (rl_tok_kind)toks[k].kind;
        b->t[k] = (gtok){d, k && toks[k].space == RL_SP_NONE};
    }
}

static const char *redline_text(rl_arena *a, const rl_redline *r)
{
    rl_emit_ctx c = {0};
    c.a = a;
    c.r = r;
    rl_buf out = RL_BUF_INIT;
    assert_int_equal(rl_emit_text(&c, &out, false), 0);
    char *s = rl_arena_strz(a, bz(&out));
    rl_buf_free(&out);
    return s;
}

/* One paragraph old -> new: the cleanup on each diff's marks keeps every
 * token (all key options), the whole diff keeps every word under all 32
 * option sets, and with the given options it prints `expect` (NULL: not
 * checked). */
static void regress(const char *old, const char *new, bool ic, bool ip, const char *expect)
{
    rl_arena *a = rl_arena_new();
    rl_myers_work w = {0};
    keytabs kt = {a, a, {NULL}};
    rng_state = 1; /* the random marks: the same whichever tests ran before */
    gcase *c = calloc(1, sizeof *c);
    c->no = c->nn = 1;
    text_block(a, old, &c->old[0]);
    text_block(a, new, &c->new[0]);
    set_case(c, true);
    for (int ko = 0; ko < 4; ko++)
        check_pair(&kt, &w, &c->old[0], &c->new[0], ko & 1, ko & 2, "regression");
    check_diff_case(&kt, c);
    if (expect) {
        rl_buf ob = RL_BUF_INIT, nb = RL_BUF_INIT;
        gdoc_md(c->old, 1, &ob);
        gdoc_md(c->new, 1, &nb);
        rl_diff_opts o = {.ignore_case = ic, .ignore_punct = ip};
        rl_redline *r = rl_diff(a, test_doc(a, "old.md", bz(&ob)), test_doc(a, "new.md", bz(&nb)), &o);
        assert_string_equal(redline_text(a, r), expect);
        rl_buf_free(&ob);
        rl_buf_free(&nb);
    }
    free(c);
    rl_myers_work_free(&w);
    rl_arena_free(a);
}

/* The reported case: the insertion slid left over "Yes" at the block's
 * end, and the "Yes" it freed belonged to no run. */
static void test_regress_yes_i_said_yes(void **state)
{
    (void)state;
    regress("Yes", "Yes, I said Yes", false, false, "{+Yes, I said+} Yes\n");
}

static void test_regress_yes_i_said_yes_reverse(void **state)
{
    (void)state;
    regress("Yes, I said Yes", "Yes", false, false, "[-Yes, I said-] Yes\n");
}

/* The cleanup of old -> new (split by the tokenizer) from marks given as
 * strings of '0' and '1' (one per token), rendered as "=Yes|+no Yes|":
 * the marks are checked to be valid, the steps must all hold and the runs
 * cover both sides. */
static const char *cleanup_marks(rl_arena *a, const char *old, const char *new, const char *del,
                                 const char *ins, bool tokens)
{
    rl_token *ot, *nt;
    size_t n = rl_words_split(a, rl_str_z(old), &ot), m = rl_words_split(a, rl_str_z(new), &nt);
    assert_int_equal(strlen(del), n);
    assert_int_equal(strlen(ins), m);
    rl_intern *t = rl_intern_new(a, false, false);
    uint32_t ok[MAXTOK], nk[MAXTOK];
    uint8_t dm[MAXTOK], im[MAXTOK];
    for (size_t k = 0; k < n; k++) {
        ok[k] = rl_intern_token(t, &ot[k]);
        dm[k] = del[k] == '1';
    }
    for (size_t k = 0; k < m; k++) {
        nk[k] = rl_intern_token(t, &nt[k]);
        im[k] = ins[k] == '1';
    }
    rl_seq so = {ok, tokens ? ot : NULL, n}, sn = {nk, tokens ? nt : NULL, m};
    set_case(NULL, true);
    cur.note = rl_arena_printf(a, "\"%s\" -> \"%s\", marks %s / %s, %s tokens", old, new, del, ins,
                               tokens ? "with" : "without");
    check_marks("marks (given)", &so, &sn, dm, im);
    size_t nr;
    rl_cleanup_step broken = RL_CLEANUP_ABSORB;
    rl_run *r = rl_cleanup_runs(a, &so, &sn, dm, im, true, &nr, &broken);
    cur.broken = (int)broken;
    CHECK(rl_cleanup_step_name(broken), broken == RL_CLEANUP_OK);
    check_runs("cleanup", &so, &sn, r, nr, NULL, NULL);
    rl_buf out = RL_BUF_INIT;
    for (size_t k = 0; k < nr; k++) {
        rl_buf_puts(&out, r[k].op == RL_OP_EQUAL ? "=" : r[k].op == RL_OP_DELETE ? "-" : "+");
        for (uint32_t x = 0; x < r[k].n; x++) {
            const rl_token *tok = r[k].op == RL_OP_DELETE ? &ot[r[k].old0 + x] : &nt[r[k].new0 + x];
            if (x)
                rl_buf_puts(&out, " ");
            rl_buf_putstr(&out, tok->text);
        }
        rl_buf_puts(&out, "|");
    }
    char *z = rl_arena_strz(a, bz(&out));
    rl_buf_free(&out);
    return z;
}

/* The mirror, at a block's start: a pure change with no equality before
 * it slid right over a repeated token, and the token it freed belonged to
 * no run.  Myers and histogram trim the common prefix first, so their
 * marks never leave such a change (the random tests met it only with
 * marks of a random common subsequence), but any common subsequence is
 * valid input: here the marks keep the last "Yes", not the first. */
static void test_regress_start_edge(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    for (int tokens = 0; tokens < 2; tokens++) {
        assert_string_equal(cleanup_marks(a, "Yes", "Yes no Yes", "0", "110", tokens), "=Yes|+no Yes|");
        assert_string_equal(cleanup_marks(a, "Yes no Yes", "Yes", "110", "0", tokens), "=Yes|-no Yes|");
    }
    assert_string_equal(cleanup_marks(a, "Yes", "Yes I said, Yes", "0", "11110", true), "=Yes|+I said , Yes|");
    assert_string_equal(cleanup_marks(a, "Yes I said, Yes", "Yes", "11110", "0", true), "=Yes|-I said , Yes|");
    rl_arena_free(a);
    /* Through the whole diff, where Myers keeps the first "Yes". */
    regress("Yes", "Yes I said, Yes", false, false, NULL);
}

/* Insertions, deletions and replacements at each edge of a block, with a
 * repeated token on the far side of the change; under ignore_case and
 * ignore_punct, tokens that only compare equal repeat too. */
static void test_regress_edges(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {
        {"Yes", "Yes Yes"},          {"Yes", "Yes, Yes"},           {"Yes", "Yes no Yes"},
        {"no Yes", "Yes no Yes"},    {"Yes no", "Yes no Yes"},      {"Yes no", "Yes no Yes no"},
        {"Yes, no", "Yes, no, Yes"}, {"Yes, no", "no, Yes, no"},    {"Yes.", "Yes. Yes."},
        {"(Yes)", "(Yes) (Yes)"},    {"Yes no", "no no"},           {"Yes no", "Yes Yes"},
        {"Yes no Yes", "no Yes no"}, {"Yes, no.", "no, Yes, no."},  {"no", "Yes, no"},
        {"Yes", "YES, I said yes"},  {"Yes; no", "Yes, no; Yes"},   {"Yes, said", "said Yes, said, Yes"},
        {", Yes", "Yes, Yes"},       {"Yes ,", "Yes , Yes ,"},      {"Yes", "(Yes) Yes"},
        /* the first cases the random test met through rl_diff and
         * through Myers' marks, with the old slide() put back */
        {"Yes", "Yes( Yes"},         {"we we", "we we ?? we we"},
    };
    for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++) {
        regress(pairs[k][0], pairs[k][1], false, false, NULL);
        regress(pairs[k][1], pairs[k][0], false, false, NULL);
    }
    /* The fuzzer's case (tests/fuzz/corpus/fuzz_diff/regress-slide-edge-end
     * and its mirror), with the option it had: "C" -> "C- C" at the end. */
    regress("C", "C-\x11" "C", true, false, NULL);
    regress("C-\x11" "C", "C", true, false, NULL);
    /* Exact output where only the options make the ends repeat. */
    regress("Yes", "YES, I said yes", true, false, "{+YES, I said+} yes\n");
    regress("Yes", "YES, I said yes", false, false, "[-Yes-]\n\n{+YES, I said yes+}\n");
    regress("Yes.", "Yes; no, Yes!", false, true, NULL);
}

/* The fallback, end to end: a spoiled step makes rl_diff mark the block
 * raw_diff and count it, with the plain minimal diff as its runs. */
static void test_cleanup_fault_in_diff(void **state)
{
    (void)state;
    for (int s = RL_CLEANUP_SLIDE; s <= RL_CLEANUP_RESLIDE; s++) {
        rl_arena *a = rl_arena_new();
        rl_doc *od = test_doc(a, "old.md", "Yes\n\nno said\n"), *nd = test_doc(a, "new.md", "Yes, I said Yes\n\nno said\n");
        rl_diff_opts o = {.one_thread = true};
        rl_cleanup_fault = s;
        rl_redline *r = rl_diff(a, od, nd, &o);
        rl_cleanup_fault = 0;
        assert_int_equal(r->stats.blocks_raw, 1);
        assert_true(r->blocks[0].raw_diff);
        assert_false(r->blocks[1].raw_diff);
        assert_string_equal(redline_text(a, r), "Yes{+, I said Yes+}\n\nno said\n");
        rl_arena_free(a);
    }
}

/* The step names, which failure messages and --stat rely on. */
static void test_cleanup_step_names(void **state)
{
    (void)state;
    assert_string_equal(rl_cleanup_step_name(RL_CLEANUP_OK), "none");
    assert_string_equal(rl_cleanup_step_name(RL_CLEANUP_SLIDE), "slide");
    assert_string_equal(rl_cleanup_step_name(RL_CLEANUP_ABSORB), "absorb");
    assert_string_equal(rl_cleanup_step_name(RL_CLEANUP_FACTOR), "factor");
    assert_string_equal(rl_cleanup_step_name(RL_CLEANUP_RESLIDE), "slide after factor");
}

static int reset_fault(void **state)
{
    (void)state;
    rl_cleanup_fault = 0;
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_cleanup_random, reset_fault),
        cmocka_unit_test_teardown(test_regress_yes_i_said_yes, reset_fault),
        cmocka_unit_test_teardown(test_regress_yes_i_said_yes_reverse, reset_fault),
        cmocka_unit_test_teardown(test_regress_start_edge, reset_fault),
        cmocka_unit_test_teardown(test_regress_edges, reset_fault),
        cmocka_unit_test_teardown(test_cleanup_fault_in_diff, reset_fault),
        cmocka_unit_test(test_cleanup_step_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
