/* helper.c - a helper thread for one job (see helper.h).
 *
 * One pthread per job, created and joined around the work: the jobs are
 * milliseconds long and few per run, so a thread pool would only add state.
 * pthread_join is the synchronisation: no locks, no atomics, and nothing
 * for ThreadSanitizer to object to as long as the halves share no writes.
 */
#include "helper.h"

static void *run(void *arg)
{
    rl_helper *p = arg;
    p->fn(p->arg);
    return NULL;
}

void rl_helper_start(rl_helper *p, void (*fn)(void *), void *arg, bool thread)
{
    p->fn = fn;
    p->arg = arg;
    p->threaded = thread && pthread_create(&p->thread, NULL, run, p) == 0;
}

void rl_helper_join(rl_helper *p)
{
    if (p->threaded)
        pthread_join(p->thread, NULL);
    else
        p->fn(p->arg);
}
