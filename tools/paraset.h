/* paraset.h - setting a run of paragraphs, on two threads when the run
 * is long enough to pay for the second.
 *
 * Every paragraph is set on its own, at the same width, so the run can be
 * shared: this thread and one helper take consecutive chunks of it in
 * turn, each with its own setter state, and the lines are put together in
 * paragraph order afterwards.  The result does not depend on the threads:
 * the same lines and the same diagnostics, in the same order, as calling
 * rl_para_set on each paragraph in turn.
 */
#ifndef RL_PARASET_H
#define RL_PARASET_H

#include "para.h"

/* Set ps[0..n) in a column width points wide and append their lines to out
 * (in s->lines if set, else in s->a), as n calls of rl_para_set(s, ...)
 * would.  For a long run, each thread gets a copy of s with its own
 * arenas, diagnostics sink and hyphenation handle (rl_hyph_fork); the
 * fonts are shared (measuring is thread-safe).  Should a thread report
 * anything, its messages could come out of order, so the run is set
 * again the plain way, which then reports them in order (setting never
 * reports anything but caller bugs and unreadable hyphenation patterns).
 * A short run, or one where no thread can be started, is set on this
 * thread alone.  Nothing may write to ps meanwhile. */
void rl_paraset_run(rl_setter *s, const rl_para *ps, size_t n, double width, rl_plines *out);

#endif
