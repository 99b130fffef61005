/* noteplace.c - margin notes on one page: no overlap, near their anchors.
 *
 * Greedy, in order, O(n + lines):
 *  1. Decide what fits.  Without pull_up, each note goes at
 *     max(wanted y, previous bottom + gap, top) and the first one that
 *     crosses the bottom is split after its last whole line that fits.
 *     With pull_up, notes may move up, so a prefix of notes fits exactly
 *     when their heights plus gaps fit in the column; the first note past
 *     that is split the same way.
 *  2. With pull_up, place the kept notes top-down (pushed below the
 *     previous one), then bottom-up: a note that runs past the bottom, or
 *     into the note below it, is moved up just enough.  Because the kept
 *     notes fit when stacked, no note ends above the column top.
 * A split keeps at least min_lines on each side, else the whole note moves
 * on.  Every later note is carried whole, so the order is kept across pages.
 * Rejected: optimal placement minimising total displacement (a quadratic
 * program, or Knuth's "floating insertion" search): the greedy push keeps
 * each note at or below its anchor, which is what a reader looks for.
 */
#include "noteplace.h"

#define EPS 1e-6

double rl_noteplace_height(const rl_np_note *note, size_t from, size_t to)
{
    double h = 0;
    for (size_t i = from; i < to && i < note->nlines; i++)
        h += note->lines[i];
    return h;
}

/* How many lines of note, from its first line, fit in `room`, honouring
 * min_lines on both sides of a split. */
static size_t lines_fitting(const rl_np_note *note, double room, size_t min_lines)
{
    size_t k = 0;
    double h = 0;
    for (size_t i = note->first; i < note->nlines; i++) {
        if (h + note->lines[i] > room + EPS)
            break;
        h += note->lines[i];
        k++;
    }
    size_t total = note->nlines - note->first;
    if (k < total) {
        if (min_lines < 1)
            min_lines = 1;
        if (k < min_lines)
            return 0;
        if (total - k < min_lines) {
            /* Move lines over so that the rest is not an orphan. */
            k = total >= 2 * min_lines ? total - min_lines : 0;
        }
    }
    return k;
}

size_t rl_noteplace_page(const rl_np_note *notes, size_t n, const rl_np_params *p, rl_np_place *out)
{
    for (size_t i = 0; i < n; i++) {
        size_t f = notes[i].first < notes[i].nlines ? notes[i].first : notes[i].nlines;
        out[i] = (rl_np_place){0, 0, f, f, false};
    }
    double gap = p->gap > 0 ? p->gap : 0;
    double cursor = p->top; /* the highest y the next note may use */
    size_t kept = n;        /* index of the first note not wholly placed */
    for (size_t i = 0; i < n; i++) {
        const rl_np_note *nt = &notes[i];
        double want = nt->want_y > p->top ? nt->want_y : p->top;
        double y = p->pull_up ? cursor : (want > cursor ? want : cursor);
        double h = rl_noteplace_height(nt, out[i].from, nt->nlines);
        if (y + h <= p->bottom + EPS) {
            out[i].y = p->pull_up ? (want > cursor ? want : cursor) : y;
            out[i].height = h;
            out[i].to = nt->nlines;
            cursor = y + h + gap;
            continue;
        }
        size_t k = lines_fitting(nt, p->bottom - y, p->min_lines);
        if (k == 0 && i == 0 && nt->first < nt->nlines && nt->lines[nt->first] > p->bottom - p->top + EPS) {
            /* A line taller than the whole column: place it to make progress. */
            k = 1;
            out[i].overfull = true;
            y = p->top;
        }
        if (k > 0) {
            out[i].to = out[i].from + k;
            out[i].height = rl_noteplace_height(nt, out[i].from, out[i].to);
            out[i].y = p->pull_up && !out[i].overfull ? (want > y ? want : y) : y;
        }
        kept = out[i].to == nt->nlines ? i + 1 : i;
        break;
    }
    if (!p->pull_up)
        return kept;
    /* Which notes have something placed: [0, last). */
    size_t last = kept < n && out[kept].to > out[kept].from ? kept + 1 : kept;
    /* Top-down push (out[i].y holds max(want, stacked y) so far). */
    double below = p->top;
    for (size_t i = 0; i < last; i++) {
        double want = notes[i].want_y > p->top ? notes[i].want_y : p->top;
        double y = want > below ? want : below;
        out[i].y = y;
        below = y + out[i].height + gap;
    }
    /* Bottom-up pull. */
    double limit = p->bottom;
    for (size_t i = last; i-- > 0;) {
        if (out[i].y + out[i].height > limit && !out[i].overfull) {
            out[i].y = limit - out[i].height;
            if (out[i].y < p->top)
                out[i].y = p->top; /* cannot happen when the stack fits */
        }
        limit = out[i].y - gap;
    }
    return kept;
}
