/* linebreak.c - total-fit line breaking (Knuth and Plass, "Breaking
 * Paragraphs into Lines", Software: Practice and Experience 11, 1981),
 * following TeX's own version (tex.web sections 813-890).
 *
 * Every legal breakpoint is tried against the active list (breaks that can
 * still start a line reaching this point); widths come from prefix sums of
 * width, stretch, shrink and infinite stretch, so each try is O(1).  A line
 * that can no longer shrink enough deactivates its start, which keeps the
 * active list to a few lines' worth of breakpoints: the run is linear in
 * the paragraph length in practice.  As in TeX, candidates are kept per
 * fitness class and only classes within adj_demerits of the best become
 * active; active nodes whose line numbers are beyond the last distinct line
 * width are merged (TeX's easy_line).
 *
 * Passes as TeX: pretolerance without automatic hyphens, then tolerance
 * with them, then an emergency pass (infinite tolerance, emergency stretch,
 * and TeX's "artificial demerits" break when the last active node would be
 * lost), whose overfull lines are reported in the result.  A caller can
 * stop after a failed first pass (first_pass_only) to add hyphenation
 * points only to the paragraphs that need them.
 * Rejected: the shortest-path formulation over all O(n^2) line candidates
 * (simple but quadratic), and first-fit (uneven spacing).
 */
#include "linebreak.h"
#include "arena.h"
#include "diag.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define INF_BAD 10000.0
#define AWFUL 1e300

void rl_linebreak_defaults(rl_lb_params *p)
{
    memset(p, 0, sizeof *p);
    p->pretolerance = 100;
    p->tolerance = 200;
    p->line_penalty = 10;
    p->hyphen_penalty = 50;
    p->double_hyphen_demerits = 3000;
    p->final_hyphen_demerits = 5000;
    p->adj_demerits = 10000;
    p->emergency_stretch = 30; /* 3 em at 10 pt */
    p->ragged = false;
    p->ragged_stretch = 20;    /* 2 em at 10 pt */
}

typedef struct passive {
    size_t pos;    /* break item (SIZE_MAX: paragraph start) */
    size_t prev;   /* passive index of the previous break */
    size_t line;   /* lines before this break + 1 (0 for the start) */
    uint8_t fitness;
    bool flagged;
    bool artificial;
} passive;

typedef struct active {
    size_t pas;    /* its passive node */
    size_t line;   /* index of the line that starts here (clamped to easy) */
    size_t start;  /* first item of that line */
    double total;  /* total demerits up to here */
    uint8_t fitness;
    bool flagged;
} active;

typedef struct work {
    const rl_lb_item *items; /* the caller's items [0, keep) */
    size_t keep;
    rl_lb_item tail[2];    /* then parfillskip and the final forced break, if added */
    size_t m;              /* working items: keep + added */
    size_t n_user;         /* caller's n; index >= n_user maps to n_user */
    double *sw, *sy, *sz, *sf; /* prefix sums of width, stretch, shrink, fil */
    size_t *nextbox;       /* first box at or after i (m if none) */
    const rl_lb_params *p;
    size_t easy;           /* lines >= easy all have the last width */
    passive *pas;
    size_t npas, cappas;
    active *act, *nact;
    size_t nactive, capact;
} work;

/* Working item i (the caller's are not copied: only the tail is added). */
static inline const rl_lb_item *item(const work *w, size_t i)
{
    return i < w->keep ? &w->items[i] : &w->tail[i - w->keep];
}

static double line_width(const work *w, size_t line)
{
    const rl_lb_params *p = w->p;
    return p->widths[line < p->nwidths ? line : p->nwidths - 1];
}

static bool is_legal(const work *w, size_t i, int pass)
{
    const rl_lb_item *x = item(w, i);
    if (x->type == RL_LB_GLUE)
        return i > 0 && item(w, i - 1)->type == RL_LB_BOX;
    if (x->type == RL_LB_PENALTY) {
        if (x->penalty >= RL_LB_INF)
            return false;
        if ((x->flags & RL_LB_AUTO) && pass == 1)
            return false;
        return true;
    }
    return false;
}

static double penalty_of(const work *w, const rl_lb_item *x)
{
    if (x->type != RL_LB_PENALTY)
        return 0;
    if (x->flags & RL_LB_AUTO)
        return w->p->hyphen_penalty;
    return x->penalty;
}

/* Measures of the line [start, e) broken at e. */
typedef struct meas {
    double natural, stretch, shrink, fil;
} meas;

static meas measure(const work *w, size_t start, size_t e)
{
    meas m = {0, 0, 0, 0};
    if (start > e)
        start = e;
    m.natural = w->sw[e] - w->sw[start];
    m.stretch = w->sy[e] - w->sy[start];
    m.shrink = w->sz[e] - w->sz[start];
    m.fil = w->sf[e] - w->sf[start];
    const rl_lb_item *x = item(w, e);
    if (x->type == RL_LB_PENALTY)
        m.natural += x->width;
    return m;
}

/* The badness of a line short of its width by shortfall > 1e-9 with this
 * much stretch, and its fitness class (TeX's very loose, loose, decent). */
static inline double bad_loose(double shortfall, double stretch, uint8_t *fit)
{
    double b;
    if (stretch <= 0) {
        b = INF_BAD;
    } else {
        double r = shortfall / stretch;
        double c = 100 * r * r * r;
        b = r > 100 ? INF_BAD : c < INF_BAD ? c : INF_BAD; /* fmin without a call; c is never NaN */
    }
    *fit = b > 99 ? 0 : b > 12 ? 1 : 2;
    return b;
}

/* The same for a line too long by -shortfall > 1e-9 (tight or decent);
 * INF_BAD + 1 if it cannot shrink that much. */
static inline double bad_tight(double shortfall, double shrink, uint8_t *fit)
{
    if (-shortfall > shrink + 1e-9) {
        *fit = 3;
        return INF_BAD + 1;
    }
    double r = shortfall / shrink;
    double c = 100 * -r * -r * -r;
    double b = c < INF_BAD ? c : INF_BAD;
    *fit = b > 12 ? 3 : 2;
    return b;
}

/* Badness and fitness of a line; *ratio_out < -1 means overfull. */
static double badness(const work *w, meas m, double target, double extra_stretch, double *ratio_out,
                      uint8_t *fit)
{
    double shortfall = target - m.natural;
    double stretch = m.stretch + extra_stretch;
    if (w->p->ragged)
        stretch = w->p->ragged_stretch + extra_stretch;
    if (shortfall > 1e-9) {
        if (m.fil > 0) {
            *ratio_out = 0;
            *fit = 2;
            return 0;
        }
        *ratio_out = stretch <= 0 ? INF_BAD : shortfall / stretch;
        return bad_loose(shortfall, stretch, fit);
    }
    if (shortfall < -1e-9) {
        double shrink = w->p->ragged ? 0 : m.shrink;
        *ratio_out = -shortfall > shrink + 1e-9 ? -INF_BAD : shortfall / shrink;
        return bad_tight(shortfall, shrink, fit);
    }
    *ratio_out = 0;
    *fit = 2;
    return 0;
}

static size_t add_passive(work *w, passive p)
{
    if (w->npas == w->cappas) {
        w->cappas = w->cappas ? w->cappas * 2 : 256;
        w->pas = rl_xrealloc(w->pas, w->cappas * sizeof *w->pas);
    }
    w->pas[w->npas] = p;
    return w->npas++;
}

static void reserve_active(work *w, size_t need)
{
    if (need <= w->capact)
        return;
    size_t cap = w->capact ? w->capact : 64;
    while (cap < need)
        cap *= 2;
    w->act = rl_xrealloc(w->act, cap * sizeof *w->act);
    w->nact = rl_xrealloc(w->nact, cap * sizeof *w->nact);
    w->capact = cap;
}

typedef struct cand {
    double d;
    size_t pas;       /* passive node of the active the line starts from */
    bool artificial;
} cand;

/* Turn the best candidates of one group into new active nodes at b. */
static size_t flush(work *w, cand *best, size_t b, size_t key, bool flagged, size_t nnew)
{
    double mind = AWFUL;
    for (int c = 0; c < 4; c++)
        if (best[c].d < mind)
            mind = best[c].d;
    double lim = mind + fabs(w->p->adj_demerits);
    for (int c = 0; c < 4; c++) {
        if (best[c].d >= AWFUL || best[c].d > lim)
            continue;
        passive np = {b, best[c].pas, w->pas[best[c].pas].line + 1, (uint8_t)c, flagged, best[c].artificial};
        size_t pidx = add_passive(w, np);
        size_t start = b + 1 < w->m ? w->nextbox[b + 1] : w->m;
        w->nact[nnew++] = (active){pidx, key, start, best[c].d, (uint8_t)c, flagged};
    }
    for (int c = 0; c < 4; c++)
        best[c] = (cand){AWFUL, 0, false};
    return nnew;
}

/* One pass; returns true if the end of the paragraph was reached.
 * The inner loop is measure() and badness() written out, with what
 * depends only on the breakpoint hoisted out of the loop over the active
 * nodes; the arithmetic is the same, operation for operation, so the
 * breaks are too. */
static bool run_pass(work *w, int pass, double threshold, double extra)
{
    const rl_lb_params *p = w->p;
    w->npas = 0;
    w->nactive = 0;
    reserve_active(w, 8);
    size_t p0 = add_passive(w, (passive){SIZE_MAX, SIZE_MAX, 0, 2, false, false});
    w->act[w->nactive++] = (active){p0, 0, 0, 0, 2, false};
    bool final_pass = pass == 3;
    bool ragged = p->ragged;
    double ragged_stretch = p->ragged_stretch + extra;
    const double *sw = w->sw, *sy = w->sy, *sz = w->sz, *sf = w->sf;
    cand best[4];
    for (int c = 0; c < 4; c++)
        best[c] = (cand){AWFUL, 0, false};

    for (size_t b = 0; b < w->m; b++) {
        if (!is_legal(w, b, pass))
            continue;
        const rl_lb_item *x = item(w, b);
        double pi = penalty_of(w, x);
        bool forced = pi <= -RL_LB_INF;
        bool is_end = b == w->m - 1;
        bool is_pen = x->type == RL_LB_PENALTY;
        bool flagged = is_pen && (x->flags & (RL_LB_FLAGGED | RL_LB_AUTO));
        double sw_b = sw[b], sy_b = sy[b], sz_b = sz[b], sf_b = sf[b], pen_w = x->width;
        size_t total = w->nactive;
        /* New nodes: at most 4 per group, at most one group per active. */
        if (5 * total + 8 > w->capact)
            reserve_active(w, 5 * total + 8);
        size_t group_key = SIZE_MAX, nkeep = 0, nnew = 0;
        bool any_candidate = false, group_candidate = false;

        for (size_t ai = 0; ai < total; ai++) {
            const active *a = &w->act[ai];
            size_t key = a->line + 1 > w->easy ? w->easy : a->line + 1;
            if (key != group_key) {
                if (group_candidate)
                    nnew = flush(w, best, b, group_key, flagged, nnew);
                group_key = key;
                group_candidate = false;
            }
            /* measure(a->start, b) and badness() */
            size_t st = a->start > b ? b : a->start;
            double natural = sw_b - sw[st];
            if (is_pen)
                natural += pen_w;
            double shortfall = line_width(w, a->line) - natural;
            uint8_t fit = 2;
            double bad = 0;
            if (shortfall > 1e-9) {
                if (!(sf_b - sf[st] > 0))
                    bad = bad_loose(shortfall, ragged ? ragged_stretch : (sy_b - sy[st]) + extra, &fit);
            } else if (shortfall < -1e-9) {
                bad = bad_tight(shortfall, ragged ? 0 : sz_b - sz[st], &fit);
            }
            bool artificial = false;
            if (bad > INF_BAD || forced) {
                /* a is deactivated; TeX's artificial_demerits: in the final
                 * pass the last active node breaks here rather than vanish. */
                if (final_pass && !any_candidate && nkeep == 0 && nnew == 0 && ai == total - 1 && bad > threshold)
                    artificial = true;
                else if (bad > threshold)
                    continue;
            } else {
                if (nkeep != ai)
                    w->act[nkeep] = *a; /* below ai: a itself is not overwritten */
                nkeep++;
                if (bad > threshold)
                    continue;
            }
            double d = 0;
            if (!artificial) {
                d = p->line_penalty + bad;
                d = fabs(d) >= 10000 ? 1e8 : d * d;
                if (pi > 0)
                    d += pi * pi;
                else if (pi > -RL_LB_INF)
                    d -= pi * pi;
                if ((flagged || is_end) && a->flagged)
                    d += is_end ? p->final_hyphen_demerits : p->double_hyphen_demerits;
                if (abs((int)fit - (int)a->fitness) > 1)
                    d += p->adj_demerits;
            } else {
                fit = 2;
            }
            d += a->total;
            any_candidate = true;
            if (d <= best[fit].d) {
                best[fit] = (cand){d, a->pas, artificial};
                group_candidate = true;
            }
        }
        if (group_candidate)
            nnew = flush(w, best, b, group_key, flagged, nnew);
        /* Merge the new nodes (sorted by line) into the survivors (sorted by
         * line), from the back, in place. */
        size_t i = nkeep, j = nnew, k = nkeep + nnew;
        while (j > 0) {
            if (i > 0 && w->act[i - 1].line > w->nact[j - 1].line)
                w->act[--k] = w->act[--i];
            else
                w->act[--k] = w->nact[--j];
        }
        w->nactive = nkeep + nnew;
        if (w->nactive == 0)
            return false;
    }
    return true;
}

/* The scratch of one run. */
static void work_free(work *w)
{
    free(w->sw);
    free(w->nextbox);
    free(w->pas);
    free(w->act);
    free(w->nact);
}

static int bad_input(rl_diag *d, const char *what)
{
    rl_diag_error(d, (rl_span){NULL, 0, 0}, "line breaking: %s (a bug in the caller)", what);
    return -1;
}

int rl_linebreak_run(rl_arena *a, rl_diag *d, const rl_lb_item *items, size_t n, const rl_lb_params *p,
                     rl_lb_result *out)
{
    memset(out, 0, sizeof *out);
    if (!p->widths || p->nwidths == 0)
        return bad_input(d, "no line widths");
    for (size_t i = 0; i < p->nwidths; i++)
        if (!(p->widths[i] > 0) || !isfinite(p->widths[i]))
            return bad_input(d, "a line width is not positive");
    for (size_t i = 0; i < n; i++) {
        const rl_lb_item *x = &items[i];
        if (!(x->stretch >= 0) || !(x->shrink >= 0) || !isfinite(x->width) || !isfinite(x->stretch) ||
            !isfinite(x->shrink) || x->type > RL_LB_PENALTY)
            return bad_input(d, "an item has a negative or infinite measure");
    }

    work w = {0};
    w.p = p;
    w.n_user = n;
    w.easy = p->nwidths - 1;
    /* The working items: the caller's, minus trailing glue, plus
     * parfillskip and a forced break unless they end with one. */
    size_t keep = n;
    while (keep > 0 && items[keep - 1].type == RL_LB_GLUE)
        keep--;
    bool has_end = keep > 0 && keep == n && items[keep - 1].type == RL_LB_PENALTY &&
                   items[keep - 1].penalty <= -RL_LB_INF;
    w.items = items;
    w.keep = keep;
    w.m = has_end ? keep : keep + 2;
    w.tail[0] = (rl_lb_item){RL_LB_GLUE, RL_LB_FIL, 0, 1, 0, 0};
    w.tail[1] = (rl_lb_item){RL_LB_PENALTY, 0, 0, 0, 0, -RL_LB_INF};
    w.sw = rl_xmalloc((w.m + 1) * 4 * sizeof(double));
    w.sy = w.sw + (w.m + 1);
    w.sz = w.sy + (w.m + 1);
    w.sf = w.sz + (w.m + 1);
    w.nextbox = rl_xmalloc((w.m + 1) * sizeof *w.nextbox);
    w.sw[0] = w.sy[0] = w.sz[0] = w.sf[0] = 0;
    for (size_t i = 0; i < w.m; i++) {
        const rl_lb_item *x = item(&w, i);
        double wd = 0, st = 0, sh = 0, fl = 0;
        if (x->type == RL_LB_BOX) {
            wd = x->width;
        } else if (x->type == RL_LB_GLUE) {
            wd = x->width;
            if (x->flags & RL_LB_FIL)
                fl = x->stretch > 0 ? x->stretch : 1;
            else if (!p->ragged)
                st = x->stretch;
            if (!p->ragged)
                sh = x->shrink;
        }
        w.sw[i + 1] = w.sw[i] + wd;
        w.sy[i + 1] = w.sy[i] + st;
        w.sz[i + 1] = w.sz[i] + sh;
        w.sf[i + 1] = w.sf[i] + fl;
    }
    w.nextbox[w.m] = w.m;
    for (size_t i = w.m; i-- > 0;)
        w.nextbox[i] = item(&w, i)->type == RL_LB_BOX ? i : w.nextbox[i + 1];

    int pass = 0;
    if (p->pretolerance >= 0 && run_pass(&w, 1, p->pretolerance, 0))
        pass = 1;
    else if (p->first_pass_only) {
        memset(out, 0, sizeof *out);
        work_free(&w);
        return 0;
    } else if (run_pass(&w, 2, p->tolerance, 0))
        pass = 2;
    else if (run_pass(&w, 3, INF_BAD, p->emergency_stretch))
        pass = 3;
    else
        RL_BUG("the final line-breaking pass lost every active node");

    /* The best node at the end (all actives broke at the final item). */
    size_t bi = 0;
    for (size_t i = 1; i < w.nactive; i++)
        if (w.act[i].total < w.act[bi].total)
            bi = i;
    out->pass = pass;
    out->demerits = w.act[bi].total;
    size_t nl = 0;
    for (size_t q = w.act[bi].pas; w.pas[q].pos != SIZE_MAX; q = w.pas[q].prev)
        nl++;
    out->nlines = nl;
    out->lines = rl_arena_array(a, nl, sizeof *out->lines);
    size_t li = nl;
    for (size_t q = w.act[bi].pas; w.pas[q].pos != SIZE_MAX; q = w.pas[q].prev) {
        const passive *pb = &w.pas[q], *pa = &w.pas[pb->prev];
        size_t e = pb->pos;
        size_t st = pa->pos == SIZE_MAX ? 0 : (pa->pos + 1 < w.m ? w.nextbox[pa->pos + 1] : w.m);
        if (st > e)
            st = e;
        rl_lb_line *L = &out->lines[--li];
        meas ms = measure(&w, st, e);
        L->width = line_width(&w, li);
        L->natural = ms.natural;
        L->start = st < n ? st : n;
        L->end = e < n ? e : n;
        L->hyphen = pb->flagged && e < n;
        L->fitness = pb->fitness;
        double shortfall = L->width - ms.natural;
        double ratio = 0, over = 0;
        if (shortfall > 0) {
            if (ms.fil <= 0 && !p->ragged && ms.stretch > 0)
                ratio = shortfall / ms.stretch;
        } else if (shortfall < 0) {
            double shrink = p->ragged ? 0 : ms.shrink;
            if (-shortfall <= shrink + 1e-9) {
                ratio = shrink > 0 ? shortfall / shrink : 0;
            } else {
                ratio = p->ragged ? 0 : -1;
                over = -shortfall - shrink;
            }
        }
        if (over < 1e-6)
            over = 0;
        L->ratio = ratio;
        L->overfull = over;
        if (over > 0)
            out->noverfull++;
        uint8_t fit;
        double r2;
        L->badness = badness(&w, ms, L->width, 0, &r2, &fit);
        if (L->badness > INF_BAD)
            L->badness = INF_BAD;
    }
    work_free(&w);
    return 0;
}
