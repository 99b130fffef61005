/* linebreak.h - breaking a paragraph into lines (Knuth and Plass, 1981).
 *
 * The input is a paragraph as an array of items, as in TeX:
 *   box      a word or a piece of one: fixed width;
 *   glue     a space: width, stretch, shrink; a legal break if the item
 *            before it is a box; the glue is dropped at a break;
 *   penalty  a possible break with a cost (value), and a width that is
 *            added to the line only if the break is taken there (the
 *            hyphen of a hyphenation point).  value >= RL_LB_INF forbids
 *            the break, value <= -RL_LB_INF forces it.  A flagged penalty
 *            is a hyphen break: two flagged breaks on consecutive lines
 *            cost double_hyphen_demerits.  An RL_LB_AUTO penalty is an
 *            automatic hyphenation point: its value is replaced by
 *            params.hyphen_penalty and it is ignored in the first pass.
 * After a break, glue and penalties up to the next box are discarded (they
 * belong to no line).
 *
 * The end of the paragraph need not be marked: the breaker acts as if
 * the items were followed by parfillskip (glue of infinite stretch) and a
 * forced break, so the last line is set at natural width.  (An explicit
 * forced penalty at the end works too.)
 *
 * Passes (as TeX): 1) with tolerance = pretolerance, without automatic
 * hyphenation points; 2) if that finds nothing, with tolerance and the
 * hyphenation points; 3) the emergency pass: tolerance grown to infinite
 * badness plus emergency_stretch on every line; and if even that cannot
 * make a line fit (a box wider than the line), the offending line is
 * broken anyway and reported as overfull (rl_lb_line.overfull > 0) for the
 * caller to report with page and line number.  looseness is always 0.
 *
 * Ragged-right mode (params.ragged, for margin notes): word spaces keep
 * their natural width (their stretch and shrink are ignored) and every line
 * gets an invisible right fill of ragged_stretch points of stretch, as
 * TeX's \raggedright; the same demerits then choose even-looking lines.
 */
#ifndef RL_LINEBREAK_H
#define RL_LINEBREAK_H

#include "rl.h"

#define RL_LB_INF 10000.0     /* penalty value: forbidden / (negated) forced */

typedef enum rl_lb_type { RL_LB_BOX, RL_LB_GLUE, RL_LB_PENALTY } rl_lb_type;

enum {
    RL_LB_FLAGGED = 1,        /* penalty: a hyphen break */
    RL_LB_AUTO = 2,           /* penalty: an automatic hyphenation point (implies flagged) */
    RL_LB_FIL = 4             /* glue: infinite stretch (the stretch value is its weight) */
};

typedef struct rl_lb_item {
    uint8_t type;             /* rl_lb_type */
    uint8_t flags;            /* RL_LB_* */
    double width;             /* points */
    double stretch, shrink;   /* glue only, points (>= 0) */
    double penalty;           /* penalty only: the value */
} rl_lb_item;

typedef struct rl_lb_params {
    /* Line widths: line i (0-based) is widths[i], or widths[nwidths-1]
     * for later lines (so {indent-less first, hanging rest} is 2 values).
     * nwidths >= 1; every width > 0. */
    const double *widths;
    size_t nwidths;
    double pretolerance;      /* first-pass tolerance (100); < 0 skips the pass */
    double tolerance;         /* second-pass tolerance (200) */
    double line_penalty;      /* added to every line's badness (10) */
    double hyphen_penalty;    /* value of RL_LB_AUTO points (50) */
    double double_hyphen_demerits;  /* consecutive flagged breaks (3000) */
    double final_hyphen_demerits;   /* flagged break on the next-to-last line (5000) */
    double adj_demerits;      /* fitness classes more than one apart (10000) */
    double emergency_stretch; /* points of extra stretch per line in pass 3 (a few em) */
    bool ragged;              /* ragged right (see above) */
    double ragged_stretch;    /* right fill stretch in ragged mode (2 em, in points) */
    bool first_pass_only;     /* stop if the first pass fails (or is skipped):
                               * the result then has no lines and pass 0, so a
                               * caller can add hyphenation points only to the
                               * paragraphs that need them (false) */
} rl_lb_params;

/* TeX's values; widths unset (the caller must set widths and nwidths),
 * emergency_stretch and ragged_stretch set for a 10 pt font (scale them). */
void rl_linebreak_defaults(rl_lb_params *p);

typedef struct rl_lb_line {
    size_t start;             /* first item of the line (a box, or == end for an empty line) */
    size_t end;               /* the break: the line holds items [start, end);
                               * if end is a penalty with width (a hyphen) that
                               * width belongs to the line's end; end == n for
                               * the end of the paragraph */
    double width;             /* target width of this line */
    double natural;           /* natural width of items [start, end) + break width */
    double ratio;             /* adjustment ratio: each finite glue in the line gets
                               * width + ratio*stretch (ratio >= 0) or
                               * width + ratio*shrink (ratio < 0, >= -1); 0 when
                               * the line has infinite stretch (last line) or is
                               * ragged; for an overfull line -1 */
    double overfull;          /* > 0: the line is wider than width by this many
                               * points even fully shrunk; else 0 */
    bool hyphen;              /* broken at a flagged penalty */
    uint8_t fitness;          /* 0 very loose, 1 loose, 2 decent, 3 tight */
    double badness;
} rl_lb_line;

typedef struct rl_lb_result {
    rl_lb_line *lines;
    size_t nlines;
    int pass;                 /* 1, 2 or 3: the pass that succeeded */
    size_t noverfull;         /* lines with overfull > 0 */
    double demerits;          /* total (artificial breaks count 0) */
} rl_lb_result;

/* Break items[0..n) into lines with total-fit.  The lines are allocated
 * from a (work memory is malloc'd and freed before returning).  n == 0
 * gives one empty line.  Returns 0; -1 only for invalid input (a NULL or
 * zero-length widths array, a non-positive width, negative stretch or
 * shrink), which is a caller bug, reported to d at a span with no source.
 * Never fails for lack of feasible breaks (see the passes above), unless
 * first_pass_only asks it to stop after the first. */
int rl_linebreak_run(rl_arena *a, rl_diag *d, const rl_lb_item *items, size_t n, const rl_lb_params *p,
                     rl_lb_result *out);

/* Convenience builders for item arrays (plain stores, no allocation). */
static inline rl_lb_item rl_lb_box(double w)
{
    return (rl_lb_item){RL_LB_BOX, 0, w, 0, 0, 0};
}
static inline rl_lb_item rl_lb_glue(double w, double stretch, double shrink)
{
    return (rl_lb_item){RL_LB_GLUE, 0, w, stretch, shrink, 0};
}
static inline rl_lb_item rl_lb_penalty(double w, double value, uint8_t flags)
{
    return (rl_lb_item){RL_LB_PENALTY, flags, w, 0, 0, value};
}

#endif
