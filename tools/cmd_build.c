/* cmd_build.c - 'redline build': build publications, keep going, in
 * parallel when asked.
 *
 * Every publication is built in a child process (fork), at most -j N at a
 * time; a child's stderr goes into a pipe, and the parent prints each
 * child's messages and its one progress line in one write when the child
 * ends, so parallel output never mixes mid-line and a crash in one build
 * (even a sanitizer abort) cannot take the others down.  The parent draws a
 * live progress bar on stderr only when it is a terminal and the run has
 * lasted more than a second.  Rejected: threads (libharu and fontconfig
 * keep global state), a work queue shared between machines (use `redline
 * list` with GNU parallel, Slurm or a CI matrix instead).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "build.h"
#include "cli.h"
#include "diag.h"

static const char help[] =
    "usage: redline build [OPTIONS] PUB.yaml...\n"
    "\n"
    "Build each publication (its manifest, sources/<pub>/publication.yaml) into\n"
    "output/<pub>/: the redline as PDF, LaTeX and HTML, and the citation files\n"
    "<pub>.bib and <pub>.json naming its edition.  A failed publication writes\n"
    "nothing and leaves its previous outputs; the others are still built.\n"
    "\n"
    "Options:\n"
    "  --format LIST  formats to build, comma-separated: pdf,tex,html,trace or\n"
    "                 all (default: the manifest's `outputs`)\n"
    "  -o DIR         write into DIR instead of output/<pub>/\n"
    "  --style S      style NAME (styles/NAME.yaml) or FILE, instead of the\n"
    "                 manifest's\n"
    "  -j N           build N publications at a time (default 1; 0: one per core)\n"
    "  --changed      build only publications whose inputs changed since their\n"
    "                 last build (see 'redline edition' for the inputs)\n"
    "\n"
    "One line per publication on stderr: name, formats, pages, seconds.\n"
    "Exit status: 0 if all were built or up to date, 1 if any failed, 2 usage.\n";

/* A child's exit status when its publication was up to date. */
#define CHILD_UPTODATE 10

typedef struct job {
    const char *path;
    pid_t pid;
    int fd;
    rl_buf out;
    int status;     /* 0 built, 1 failed, CHILD_UPTODATE */
    bool running;
} job;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        p += w;
        n -= (size_t)w;
    }
}

/* The child: build one publication, report on stderr (the pipe); returns
 * the exit status. */
static int child(const char *path, const rl_build_opts *o)
{
    double t0 = now();
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_build_result res;
    int rc = rl_build_pub(a, d, path, o, &res);
    rl_diag_flush(d, stderr, true);
    rl_diag_free(d);
    rl_arena_free(a);
    char fl[64];
    rl_build_format_names(res.formats, fl, sizeof fl);
    if (rc < 0)
        fprintf(stderr, "%s: failed (%s)\n", res.name, path);
    else if (res.uptodate)
        fprintf(stderr, "%s: up to date\n", res.name);
    else if (res.pages >= 0)
        fprintf(stderr, "%s: %s, %d page%s, edition %s, %.1f s\n", res.name, fl, res.pages,
                res.pages == 1 ? "" : "s", res.edition, now() - t0);
    else
        fprintf(stderr, "%s: %s, edition %s, %.1f s\n", res.name, fl, res.edition, now() - t0);
    fflush(stderr);
    return rc < 0 ? 1 : res.uptodate ? CHILD_UPTODATE : 0;
}

static void bar(size_t done, size_t total, double elapsed, const job *jobs, size_t njobs)
{
    enum { WIDTH = 24 };
    char line[256];
    size_t fill = total ? done * WIDTH / total : 0;
    int o = snprintf(line, sizeof line, "\r[");
    for (size_t i = 0; i < WIDTH; i++)
        line[o++] = i < fill ? '#' : '.';
    o += snprintf(line + o, sizeof line - (size_t)o, "] %zu/%zu  %.0f s ", done, total, elapsed);
    for (size_t i = 0; i < njobs && o < 200; i++)
        if (jobs[i].running) {
            /* The publication's folder name: ".../icoc/publication.yaml" -> "icoc". */
            const char *p = jobs[i].path, *end = strrchr(p, '/'), *start = end;
            while (start && start > p && start[-1] != '/')
                start--;
            if (!end || start == end)
                start = p, end = p + strlen(p);
            o += snprintf(line + o, sizeof line - (size_t)o, " %.*s",
                          (int)(end - start > 30 ? 30 : end - start), start);
        }
    o += snprintf(line + o, sizeof line - (size_t)o, "\x1b[K");
    write_all(2, line, (size_t)o);
}

static int start(job *j)
{
    int fds[2];
    if (pipe(fds) < 0) {
        fprintf(stderr, "redline: build: cannot create a pipe: %s\n", strerror(errno));
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "redline: build: cannot start a process: %s\n", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {   /* the caller runs the child and returns its status */
        close(fds[0]);
        dup2(fds[1], 2);
        close(fds[1]);
        return 1;
    }
    close(fds[1]);
    j->pid = pid;
    j->fd = fds[0];
    j->running = true;
    return 0;
}

static void free_jobs(job *js, size_t n, struct pollfd *pf, size_t *which)
{
    for (size_t i = 0; i < n; i++)
        rl_buf_free(&js[i].out);
    free(js);
    free(pf);
    free(which);
}

/* Read what a child wrote; on end of file reap it and print its output. */
static bool drain(job *j, bool tty)
{
    char chunk[4096];
    ssize_t n = read(j->fd, chunk, sizeof chunk);
    if (n > 0) {
        rl_buf_put(&j->out, chunk, (size_t)n);
        return false;
    }
    if (n < 0 && errno == EINTR)
        return false;
    close(j->fd);
    int st = 0;
    while (waitpid(j->pid, &st, 0) < 0 && errno == EINTR)
        ;
    j->running = false;
    j->status = !WIFEXITED(st) ? 1
                : WEXITSTATUS(st) == 0 || WEXITSTATUS(st) == CHILD_UPTODATE ? WEXITSTATUS(st)
                : 1;
    if (WIFSIGNALED(st))
        rl_buf_printf(&j->out, "%s: failed: the build crashed (signal %d)\n", j->path, WTERMSIG(st));
    else if (j->status && !j->out.n)
        rl_buf_printf(&j->out, "%s: failed\n", j->path);
    if (tty)
        write_all(2, "\r\x1b[K", 4);
    write_all(2, j->out.p ? j->out.p : "", j->out.n);
    return true;
}

/* Options and manifests in any order ("--" ends the options); the
 * manifests are gathered at the front of argv, from argv[1] to
 * argv[*nfiles]. */
static int parse(int argc, char **argv, rl_build_opts *o, long *jobs, int *nfiles)
{
    int n = 0;
    bool dashdash = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val;
        bool missing = false;
        if (dashdash || !rl_cli_is_option(a)) {
            argv[1 + n++] = argv[i];
        } else if (!strcmp(a, "--")) {
            dashdash = true;
        } else if ((val = rl_cli_value(argc, argv, &i, "--format", &missing))) {
            const char *bad = NULL;
            o->formats = rl_build_parse_formats(val, &bad);
            if (!o->formats)
                return rl_cli_usage_error("build", "unknown format '%s'; use pdf, tex, html, trace or all",
                                          bad ? bad : val);
        } else if ((val = rl_cli_value(argc, argv, &i, "-o", &missing)) ||
                   (val = rl_cli_value(argc, argv, &i, "--output", &missing))) {
            if (!*val)
                return rl_cli_usage_error("build", "-o needs a folder");
            rl_diag *d = rl_diag_new();
            int bad = rl_build_check_outdir(d, val);
            rl_diag_flush(d, stderr, false);
            rl_diag_free(d);
            if (bad < 0)
                return 2;
            o->outdir = val;
        } else if ((val = rl_cli_value(argc, argv, &i, "--style", &missing))) {
            if (!*val)
                return rl_cli_usage_error("build", "--style needs a style name or file");
            o->style = val;
        } else if ((val = rl_cli_value(argc, argv, &i, "-j", &missing))) {
            char *end;
            long j = strtol(val, &end, 10);
            if (!*val || *end || j < 0 || j > 1024)
                return rl_cli_usage_error("build", "-j needs a number of jobs (0: one per core)");
            if (j == 0) {
                long cpus = sysconf(_SC_NPROCESSORS_ONLN);
                j = cpus > 0 ? cpus : 1;
            }
            *jobs = j;
        } else if (missing) {
            return rl_cli_usage_error("build", "option '%s' needs a value", a);
        } else if (!strcmp(a, "--changed")) {
            o->changed = true;
        } else {
            return rl_cli_usage_error("build", "unknown option '%s'", a);
        }
    }
    if (n == 0)
        return rl_cli_usage_error("build", "name at least one publication manifest (PUB.yaml)");
    *nfiles = n;
    return 0;
}

static int run(int argc, char **argv)
{
    rl_build_opts o = {0};
    long jobs = 1;
    int nfiles = 0;
    int rc = parse(argc, argv, &o, &jobs, &nfiles);
    if (rc)
        return rc;
    int first = 1;
    size_t total = (size_t)nfiles;
    job *js = rl_xcalloc(total, sizeof *js);
    for (size_t i = 0; i < total; i++)
        js[i].path = argv[first + (int)i];

    bool tty = isatty(2);
    double t0 = now();
    size_t next = 0, done = 0, running = 0, failed = 0;
    struct pollfd *pf = rl_xcalloc(total, sizeof *pf);
    size_t *which = rl_xcalloc(total, sizeof *which);
    bool drawn = false;
    while (done < total) {
        while (running < (size_t)jobs && next < total) {
            int st = start(&js[next]);
            if (st == 1) {   /* in the child: close the other jobs' pipes, build */
                for (size_t i = 0; i < next; i++)
                    if (js[i].running)
                        close(js[i].fd);
                const char *path = js[next].path;
                free_jobs(js, total, pf, which);
                return child(path, &o);
            }
            if (st < 0) {
                js[next].status = 1;
                done++;
            } else {
                running++;
            }
            next++;
        }
        size_t np = 0;
        for (size_t i = 0; i < total; i++)
            if (js[i].running) {
                pf[np] = (struct pollfd){.fd = js[i].fd, .events = POLLIN};
                which[np++] = i;
            }
        if (!np)
            continue;
        int r = poll(pf, (nfds_t)np, tty ? 100 : -1);
        if (r < 0 && errno != EINTR)
            break;
        for (size_t k = 0; r > 0 && k < np; k++)
            if (pf[k].revents && drain(&js[which[k]], tty && drawn)) {
                running--;
                done++;
            }
        double el = now() - t0;
        if (tty && el > 1.0 && done < total) {
            bar(done, total, el, js, total);
            drawn = true;
        }
    }
    if (drawn)
        write_all(2, "\r\x1b[K", 4);

    rl_buf sum = RL_BUF_INIT;
    size_t fresh = 0;
    for (size_t i = 0; i < total; i++) {
        failed += js[i].status == 1;
        fresh += js[i].status == CHILD_UPTODATE;
    }
    if (total > 1 || failed) {
        rl_buf_printf(&sum, "redline: %zu publication%s: %zu built, %zu up to date, %zu failed, %.1f s\n",
                      total, total == 1 ? "" : "s", total - failed - fresh, fresh, failed, now() - t0);
        for (size_t i = 0; i < total; i++)
            if (js[i].status == 1)
                rl_buf_printf(&sum, "  failed: %s\n", js[i].path);
        write_all(2, sum.p, sum.n);
    }
    rl_buf_free(&sum);
    free_jobs(js, total, pf, which);
    return failed ? 1 : 0;
}

const rl_command rl_cmd_build_def = {"build", "build publications (PDF, LaTeX, HTML, citations)", help,
                                     run};
