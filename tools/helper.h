/* helper.h - one job on a helper thread, while the caller does another.
 *
 * The stages that use the second core (the keys and the word diffs of
 * rl_diff, the text emitter) split their work into two independent halves:
 * the helper takes one, the calling thread the other, and the results are
 * put together in a fixed order, so the output never depends on timing.
 * If no thread can be started, the job runs on the calling thread in
 * rl_helper_join instead: the same result, one core.
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
 * own arena: see rl_arena_adopt). */
void rl_helper_start(rl_helper *p, void (*fn)(void *), void *arg, bool thread);

/* Wait for the job started by rl_helper_start, or run it now if it had no
 * thread.  Everything fn wrote is visible to the caller afterwards. */
void rl_helper_join(rl_helper *p);

#endif
