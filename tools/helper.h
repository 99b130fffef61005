/* helper.h - one job on a helper thread, while the caller does another.
 *
 * The one way redline runs work on a second thread: no other module starts
 * a thread.  The uses, each kept because it was measured to pay (README,
 * "Speed and memory"):
 *   - doc.c: rl_doc_load_pair parses the second version of `redline diff`
 *     while the first is parsed;
 *   - diff.c: the keys of the blocks alignment compares, one version on
 *     each thread, and the word diffs of the changed pairs, shared;
 *   - build.c: the fonts looked up while the versions are loaded and
 *     compared;
 *   - hyph.c: the hyphenation patterns read meanwhile (rl_hyph_prefetch);
 *   - paraset.c: long runs of paragraphs set by two threads;
 *   - emit_pdf.c: the page contents deflated while the pages are drawn
 *     (fed as it goes: rl_helper_threaded).
 * Each splits its work so that the result is put together in a fixed
 * order (two halves, or chunks taken from an atomic counter and put back
 * in chunk order), so the output never depends on timing.
 *
 * One thread for everything: with RL_THREADS=1 in the environment (read
 * once, at the first rl_helper_start) no thread is started; every job runs
 * on the calling thread, in rl_helper_join, and the output is the same
 * byte for byte (tests/cli/threads.sh compares whole builds).  Any other
 * value, or none, lets each use start its thread.  A job whose thread
 * cannot be started runs in rl_helper_join too.
 */
#ifndef RL_HELPER_H
#define RL_HELPER_H

#include "rl.h"

#include <pthread.h>

typedef struct rl_helper {
    void (*fn)(void *);
    void *arg;
    pthread_t thread;
    bool threaded; /* fn runs on thread (else it runs in rl_helper_join) */
} rl_helper;

/* Start fn(arg) on a helper thread, or with thread = false (work too small
 * to be worth a thread, or a test), under RL_THREADS=1, or if no thread
 * can be started, leave it to rl_helper_join.  fn must not touch anything
 * the caller uses before rl_helper_join returns (give it its own arena:
 * see rl_arena_adopt), unless the module that owns it says which parts may
 * be shared (font.h: the width functions; hyph.h: forks of one handle;
 * the chunk counters of paraset.c and diff.c; the deflate queue of
 * emit_pdf.c, under its mutex). */
void rl_helper_start(rl_helper *p, void (*fn)(void *), void *arg, bool thread);

/* Whether the job started by rl_helper_start runs on a thread of its own:
 * if not, nothing runs beside the caller until rl_helper_join, so a
 * caller that feeds the job as it goes (emit_pdf.c) must do that work
 * itself. */
bool rl_helper_threaded(const rl_helper *p);

/* Wait for the job started by rl_helper_start, or run it now if it had no
 * thread.  Everything fn wrote is visible to the caller afterwards.  Call
 * it once per rl_helper_start, from any thread (hyph.c: whichever needs
 * the patterns first, under its lock, or at exit); a job without a thread
 * that is no longer wanted may be left unjoined: it then never runs. */
void rl_helper_join(rl_helper *p);

#endif
