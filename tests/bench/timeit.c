/* timeit.c - run a command; write its wall-clock seconds (to the
 * microsecond) and its peak resident set in KiB, "0.052314 30412", to
 * FILE (as GNU time's -o does).
 *
 *   timeit -o FILE CMD [ARGS...]
 *
 * The command's output goes where timeit's goes.  Exit status: the
 * command's (1 if it could not be run).  GNU time's %e has a resolution of
 * 10 ms, too coarse for runs of a few tens of milliseconds; wait4 and
 * getrusage give the peak memory of the command and of the processes it
 * waited for (`redline build` forks one per publication).
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 4 || argv[1][0] != '-' || argv[1][1] != 'o' || argv[1][2]) {
        fprintf(stderr, "usage: timeit -o FILE CMD [ARGS...]\n");
        return 2;
    }
    FILE *out = fopen(argv[2], "w");
    if (!out) {
        perror(argv[2]);
        return 2;
    }
    argv += 2;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("timeit: fork");
        return 1;
    }
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        perror("timeit: exec");
        _exit(127);
    }
    int st = 0;
    if (waitpid(pid, &st, 0) < 0) {
        perror("timeit: waitpid");
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    /* The largest of the command and its descendants that were waited for. */
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(out, "%.6f %ld\n", s, ru.ru_maxrss);
    fclose(out);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
