/* helper.c - a helper thread for one job (see helper.h).
 *
 * One pthread per job, created and joined around the work: the jobs are
 * milliseconds long and few per run, so a thread pool would only add state.
 * pthread_join is the synchronisation: no locks, no atomics, and nothing
 * for ThreadSanitizer to object to as long as the halves share no writes.
 * RL_THREADS is read once (pthread_once: jobs may be started from more
 * than one thread).
 */
#include "helper.h"

#include <stdlib.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool one_thread;

static void read_env(void)
{
    const char *s = getenv("RL_THREADS");
    one_thread = s && strcmp(s, "1") == 0;
}

static void *run(void *arg)
{
    rl_helper *p = arg;
    p->fn(p->arg);
    return NULL;
}

void rl_helper_start(rl_helper *p, void (*fn)(void *), void *arg, bool thread)
{
    pthread_once(&once, read_env);
    p->fn = fn;
    p->arg = arg;
    p->threaded = thread && !one_thread && pthread_create(&p->thread, NULL, run, p) == 0;
}

bool rl_helper_threaded(const rl_helper *p)
{
    return p->threaded;
}

void rl_helper_join(rl_helper *p)
{
    if (p->threaded)
        pthread_join(p->thread, NULL);
    else
        p->fn(p->arg);
}
