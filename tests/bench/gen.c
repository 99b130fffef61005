/* gen.c - synthetic version pairs for the diff benchmark.
 *
 *   gen PAGES SEED OLD NEW [unrelated]
 *
 * Writes OLD: PAGES pages of about 500 words of pseudo-English (a fixed
 * vocabulary of made-up words drawn with a skewed, Zipf-like frequency,
 * commas and full stops, a heading every ten paragraphs, some paragraphs
 * labelled (a), (b), ...), and NEW: the same text with about 3% of the
 * words edited (replaced, deleted or inserted in short phrases, clustered
 * in about a third of the paragraphs, as real revisions are) and a few
 * paragraphs moved.  With "unrelated", NEW is a fresh text of the same
 * size and vocabulary instead.  Deterministic: the same arguments always
 * give the same bytes (own PRNG, no clock).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint32_t rnd(void)
{
    state = state * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(state >> 33);
}

static double unit(void)
{
    return rnd() / 2147483648.0;
}

#define VOCAB 6000
static char vocab[VOCAB][16];

static void make_vocab(void)
{
    static const char *syl[] = {"ta", "re", "con", "in", "de", "pro", "ma", "li", "ver", "sta",
                                "tion", "al", "ment", "ra", "lo", "ne", "si", "tu", "ous", "ex"};
    for (int i = 0; i < VOCAB; i++) {
        int n = 1 + (i > 50) + (i > 600) + (int)(rnd() % 2);
        vocab[i][0] = 0;
        for (int k = 0; k < n; k++)
            strcat(vocab[i], syl[rnd() % 20]);
    }
}

static const char *word(void)
{
    double u = unit();
    return vocab[(int)(VOCAB * u * u * u)];
}

typedef struct para {
    char **w;
    int n, cap;
    int label;      /* 0 none, else (a)... */
    int heading;
} para;

static void push(para *p, const char *w)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 64;
        p->w = realloc(p->w, p->cap * sizeof *p->w);
    }
    p->w[p->n++] = (char *)w;
}

static para *text(int pages, int *npara)
{
    int total = pages * 500, words = 0, n = 0, cap = 0, label = 0;
    para *ps = NULL;
    while (words < total) {
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            ps = realloc(ps, cap * sizeof *ps);
        }
        para *p = &ps[n];
        memset(p, 0, sizeof *p);
        if (n % 10 == 0) {
            p->heading = 1;
            int k = 2 + rnd() % 4;
            for (int i = 0; i < k; i++)
                push(p, word());
        } else {
            int k = 40 + rnd() % 120;
            label = rnd() % 3 == 0 ? label + 1 : 0;
            p->label = label > 26 ? 0 : label;
            for (int i = 0; i < k; i++) {
                push(p, word());
                if (i + 1 < k && rnd() % 12 == 0)
                    push(p, ",");
                else if (i + 1 < k && rnd() % 18 == 0)
                    push(p, ".");
            }
            push(p, ".");
        }
        words += p->n;
        n++;
    }
    *npara = n;
    return ps;
}

static void write_text(const char *path, para *ps, int n)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    for (int i = 0; i < n; i++) {
        para *p = &ps[i];
        if (p->heading)
            fputs("## ", f);
        if (p->label)
            fprintf(f, "(%c) ", 'a' + p->label - 1);
        for (int k = 0; k < p->n; k++) {
            const char *w = p->w[k];
            bool punct = (w[0] == ',' || w[0] == '.') && !w[1];
            if (k > 0 && !punct)
                fputc(' ', f);
            if (k == 0 || (k > 0 && p->w[k - 1][0] == '.' && !p->w[k - 1][1]))
                fprintf(f, "%c%s", w[0] - 32 * (w[0] >= 'a' && w[0] <= 'z'), w + 1);
            else
                fputs(w, f);
        }
        fputs("\n\n", f);
    }
    fclose(f);
}

static void edit(para *p)
{
    para q = {0};
    q.label = p->label;
    q.heading = p->heading;
    for (int k = 0; k < p->n; k++) {
        if (unit() < 0.09 && !(p->w[k][0] == '.' && !p->w[k][1])) {
            int len = 1 + rnd() % 3;
            switch (rnd() % 3) {
            case 0: /* replace */
                for (int i = 0; i < len; i++)
                    push(&q, word());
                k += len - 1;
                break;
            case 1: /* delete */
                k += len - 1;
                break;
            default: /* insert */
                for (int i = 0; i < len; i++)
                    push(&q, word());
                push(&q, p->w[k]);
            }
            continue;
        }
        push(&q, p->w[k]);
    }
    if (q.n == 0)
        push(&q, word());
    *p = q;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: gen PAGES SEED OLD NEW [unrelated]\n");
        return 2;
    }
    int pages = atoi(argv[1]);
    state = strtoull(argv[2], NULL, 10) * 2654435761u + 1;
    make_vocab();
    int n;
    para *ps = text(pages, &n);
    write_text(argv[3], ps, n);
    if (argc > 5 && !strcmp(argv[5], "unrelated")) {
        int m;
        para *qs = text(pages, &m);
        write_text(argv[4], qs, m);
        return 0;
    }
    for (int i = 0; i < n; i++)
        if (!ps[i].heading && rnd() % 3 == 0)
            edit(&ps[i]);
    /* move a few paragraphs: one per 20 pages, at least one */
    for (int k = 0; k < pages / 20 + 1 && n > 2; k++) {
        int from = rnd() % n, to = rnd() % n;
        para t = ps[from];
        if (from < to)
            memmove(&ps[from], &ps[from + 1], (to - from) * sizeof *ps);
        else
            memmove(&ps[to + 1], &ps[to], (from - to) * sizeof *ps);
        ps[to] = t;
    }
    write_text(argv[4], ps, n);
    return 0;
}
