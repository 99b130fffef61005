/* paraset.c - a run of paragraphs set by two threads.
 *
 * rl_para_set writes to its setter (scratch arrays, arenas, the
 * hyphenation cache, diagnostics), so each thread gets its own copy of it
 * ("hand": own arenas, own diagnostics sink, own hyphenation handle on the
 * shared patterns and word cache); the fonts are shared as they are (their
 * width cache is filled under a lock, see font.c), and so are the
 * paragraphs, which nothing writes meanwhile.  The paragraphs
 * are cut into chunks of about CHUNK pieces, taken in turn by whichever
 * thread is free (an atomic counter), so a busy core or a run of
 * paragraphs that need hyphenation does not leave the other thread idle;
 * each hand appends its chunks' lines to its own array, and the chunks'
 * ranges of those are copied into the caller's array in chunk order.  The
 * lines' runs stay in the hands' line arenas, which the caller's arena
 * adopts.
 *
 * A hand's diagnostics cannot be merged into the caller's in order (each
 * thread saw only its chunks), so if either sink is not empty the run is
 * set again on this thread with the caller's setter; that only happens
 * for a caller bug or unreadable hyphenation patterns.
 * Rejected: two fixed halves (balanced by piece count, they are still
 * uneven: paragraphs that fail the first line-breaking pass cost several
 * times more), and more than two threads (the machines this runs on have
 * two cores, and the PDF's deflate thread wants one after layout).
 */
#include "paraset.h"

#include <stdatomic.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "helper.h"
#include "hyph.h"

/* Below MIN_PIECES pieces a run is set on this thread: starting a thread
 * and putting the lines together would cost a good part of what the
 * second thread saves (a chunk of CHUNK pieces takes about half a
 * millisecond, a thread's start a tenth of one, or more on a busy
 * machine). */
#define MIN_PIECES 6000
#define CHUNK 1024

typedef struct chunk {
    size_t from, to;         /* paragraphs */
    const rl_plines *lines;  /* their lines: [first, first + n) of the hand's */
    size_t first, n;
} chunk;

typedef struct crew {
    const rl_para *ps;
    double width;
    chunk *chunks;
    size_t nchunks;
    atomic_size_t next;      /* the next chunk to take */
} crew;

typedef struct hand {
    _Alignas(64) crew *c;    /* whole cache lines: the two hands sit side by side */
    rl_setter s;             /* the caller's, with the parts below its own */
    rl_arena *own;           /* setter scratch, hyphenation cache, line breaker's results */
    rl_arena *lines;         /* the lines and their runs: adopted by the caller */
    rl_plines out;           /* the lines of its chunks, one after the other */
    rl_diag *d;
} hand;

static void hand_open(hand *h, crew *c, const rl_setter *s)
{
    memset(h, 0, sizeof *h);
    h->c = c;
    h->own = rl_arena_new();
    h->lines = rl_arena_new();
    h->d = rl_diag_new();
    h->s = *s;
    h->s.a = h->own;
    h->s.lines = h->lines;
    h->s.work = h->own; /* not freed chunk by chunk: with two threads, giving memory back costs more */
    h->s.d = h->d;
    h->s.scratch = NULL;
    h->s.hyph = rl_hyph_fork(h->own, h->d, s->hyph);
}

static void hand_close(hand *h)
{
    rl_arena_free(h->own);
    rl_arena_free(h->lines);
    rl_diag_free(h->d);
}

static void hand_run(void *p)
{
    hand *h = p;
    crew *c = h->c;
    for (;;) {
        size_t k = atomic_fetch_add_explicit(&c->next, 1, memory_order_relaxed);
        if (k >= c->nchunks)
            break;
        chunk *ch = &c->chunks[k];
        size_t first = h->out.n;
        for (size_t i = ch->from; i < ch->to; i++)
            rl_para_set(&h->s, &c->ps[i], c->width, &h->out);
        ch->lines = &h->out;
        ch->first = first;
        ch->n = h->out.n - first;
    }
}

static void set_plain(rl_setter *s, const rl_para *ps, size_t n, double width, rl_plines *out)
{
    for (size_t i = 0; i < n; i++)
        rl_para_set(s, &ps[i], width, out);
}

void rl_paraset_run(rl_setter *s, const rl_para *ps, size_t n, double width, rl_plines *out)
{
    size_t pieces = 0;
    for (size_t i = 0; i < n; i++)
        pieces += ps[i].n + ps[i].nlabel;
    if (pieces < MIN_PIECES) {
        set_plain(s, ps, n, width, out);
        return;
    }

    rl_arena *tmp = rl_arena_new();
    crew c = {0};
    c.ps = ps;
    c.width = width;
    c.chunks = rl_arena_array(tmp, (pieces + n) / CHUNK + 2, sizeof *c.chunks);
    for (size_t i = 0, acc = 0; i < n; i++) {
        if (acc == 0)
            c.chunks[c.nchunks++].from = i;
        acc += ps[i].n + ps[i].nlabel + 1;
        if (acc >= CHUNK || i + 1 == n) {
            c.chunks[c.nchunks - 1].to = i + 1;
            acc = 0;
        }
    }
    atomic_init(&c.next, 0);
    hand h[2];
    hand_open(&h[0], &c, s);
    hand_open(&h[1], &c, s);
    rl_helper helper;
    rl_helper_start(&helper, hand_run, &h[1], true);
    hand_run(&h[0]); /* alone, if no thread: it takes every chunk */
    rl_helper_join(&helper);

    bool quiet = rl_diag_count(h[0].d) == 0 && rl_diag_count(h[1].d) == 0;
    if (quiet) {
        rl_arena *dst = s->lines ? s->lines : s->a;
        size_t total = out->n + h[0].out.n + h[1].out.n;
        if (total > out->cap) {
            out->v = rl_arena_grow(dst, out->v, out->n, total, sizeof *out->v);
            out->cap = total;
        }
        for (size_t k = 0; k < c.nchunks; k++) {
            const chunk *ch = &c.chunks[k];
            if (ch->n)
                memcpy(out->v + out->n, ch->lines->v + ch->first, ch->n * sizeof *out->v);
            out->n += ch->n;
        }
        /* The hands' arrays are garbage now, their runs are not. */
        rl_arena_adopt(dst, h[0].lines);
        rl_arena_adopt(dst, h[1].lines);
        h[0].lines = h[1].lines = NULL;
    }
    hand_close(&h[0]);
    hand_close(&h[1]);
    rl_arena_free(tmp);
    if (!quiet)
        set_plain(s, ps, n, width, out);
}
