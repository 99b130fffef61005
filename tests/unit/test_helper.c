/* test_helper.c - rl_helper: a job runs on a thread of its own by default,
 * and on the calling thread, in rl_helper_join, with RL_THREADS=1 (read
 * once per process, so each case runs in a child process of its own).
 * tests/cli/threads.sh compares whole builds with and without the switch. */
#include "harness.h"
#include "helper.h"

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct probe {
    pthread_t on;
    int runs;
} probe;

static void job(void *arg)
{
    probe *p = arg;
    p->on = pthread_self();
    p->runs++;
}

/* In a child with RL_THREADS set to env (NULL: unset): start a job that
 * asks for a thread; exit 0 if it ran where want_thread says, once. */
static int child(const char *env, bool want_thread)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (env)
            setenv("RL_THREADS", env, 1);
        else
            unsetenv("RL_THREADS");
        probe p = {0};
        rl_helper h;
        rl_helper_start(&h, job, &p, true);
        bool threaded = rl_helper_threaded(&h);
        rl_helper_join(&h);
        bool elsewhere = p.runs == 1 && !pthread_equal(p.on, pthread_self());
        /* A job asked to stay on this thread does, whatever the switch. */
        probe q = {0};
        rl_helper_start(&h, job, &q, false);
        bool stays = !rl_helper_threaded(&h) && q.runs == 0;
        rl_helper_join(&h);
        stays = stays && q.runs == 1 && pthread_equal(q.on, pthread_self());
        _exit(p.runs == 1 && threaded == want_thread && elsewhere == want_thread && stays ? 0 : 1);
    }
    int st = 0;
    if (waitpid(pid, &st, 0) != pid)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_default_threads(void **state)
{
    (void)state;
    assert_int_equal(child(NULL, true), 0);
    assert_int_equal(child("", true), 0);
    assert_int_equal(child("2", true), 0);
    assert_int_equal(child("0", true), 0);
}

static void test_one_thread(void **state)
{
    (void)state;
    assert_int_equal(child("1", false), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_threads),
        cmocka_unit_test(test_one_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
