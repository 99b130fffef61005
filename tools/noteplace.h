/* noteplace.h - placing margin notes in the note column of one page.
 *
 * Pure geometry, no fonts: each note is given as the heights of its lines
 * (already broken by the caller) and the y at which it wants its top (the
 * line of its marker).  Coordinates grow DOWNWARD from the page top, in
 * points (the PDF device converts: pdf_y = page_h - y).
 *
 * Placement keeps the notes in the given order, never lets two overlap
 * (at least `gap` between one note's bottom and the next one's top), never
 * goes above `top` or below `bottom`, and keeps each note as close to its
 * wanted y as it can: a note is pushed down below the previous one when
 * they would collide.  With `pull_up`, notes that would be pushed past the
 * bottom are first moved up (each no higher than needed, and never above
 * `top`), so that they stay on the page rather than being carried.
 *
 * When the page cannot hold every note, the first note that does not fit
 * is split at a line boundary (the lines that fit stay; at least
 * `min_lines` lines on each side of a split, or the whole note moves on),
 * and it and all later notes are carried: the caller places them on the
 * next page, starting at the top of its column (marked as continued),
 * before that page's own notes (with want_y = top).  To guarantee progress
 * even then, a first line of the first note that is taller than the whole
 * column is placed anyway at the top (out[0].overfull tells).
 */
#ifndef RL_NOTEPLACE_H
#define RL_NOTEPLACE_H

#include "rl.h"

typedef struct rl_np_note {
    double want_y;            /* wanted top (the marker line's top) */
    const double *lines;      /* heights of the note's lines, in order */
    size_t nlines;
    size_t first;             /* first line still to place (0, or where a
                               * note carried from the previous page resumes) */
} rl_np_note;

typedef struct rl_np_params {
    double top, bottom;       /* the column's extent, top < bottom */
    double gap;               /* minimum space between two notes (>= 0) */
    bool pull_up;             /* move notes up rather than carry them */
    size_t min_lines;         /* lines kept together at a split (1 = any split) */
} rl_np_params;

typedef struct rl_np_place {
    double y;                 /* top of the placed part (undefined if none placed) */
    double height;            /* height of the placed part */
    size_t from, to;          /* lines [from, to) are placed here; from == to
                               * means the note is wholly carried */
    bool overfull;            /* the placed part overruns `bottom` (see above) */
} rl_np_place;

/* Place notes[0..n) on one page, writing out[0..n) (out[i] for notes[i]).
 * Returns the index of the first note that is not wholly placed (n if all
 * fit): that note continues from line out[i].to and every later note from
 * its `first` line.  Runs in O(n + lines).  Allocates nothing. */
size_t rl_noteplace_page(const rl_np_note *notes, size_t n, const rl_np_params *p, rl_np_place *out);

/* Total height of lines [from, to) of note (sum of line heights). */
double rl_noteplace_height(const rl_np_note *note, size_t from, size_t to);

#endif
