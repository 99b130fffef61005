/* helper.h - one job on a helper thread, while the caller does another.
 *
 * Used wherever redline puts the second core to work: the keys and the
 * word diffs of rl_diff and the text emitter's second half (diff.c,
 * emit_text.c), the paragraphs set by paraset.c, the PDF's deflate batches
 * and its output document prepared during the layout (emit_pdf.c), and
 * the fonts looked up during a build (build.c).  Each splits its work so
 * that the result is put together in a fixed order (two halves, or chunks
 * taken from an atomic counter and put back in chunk order), so the output
 * never depends on timing.  If no thread can be started, the job runs on
 * the calling thread in rl_helper_join instead: the same result, one core.
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
 * to be worth a thread, or a test) leave it to rl_helper_join.  fn must not
 * touch anything the caller uses before rl_helper_join returns (give it its
 * own arena: see rl_arena_adopt), unless the module that owns it says
 * which parts may be shared (font.h: rl_fonts_pdf_preload beside the width
 * functions; the chunk counter of paraset.c). */
void rl_helper_start(rl_helper *p, void (*fn)(void *), void *arg, bool thread);

/* Wait for the job started by rl_helper_start, or run it now if it had no
 * thread.  Everything fn wrote is visible to the caller afterwards. */
void rl_helper_join(rl_helper *p);

#endif
