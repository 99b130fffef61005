/* main.c - the redline command line: argv -> command -> exit status.
 *
 * Nothing here knows about documents; each command lives in cmd_*.c.
 * Whatever a command printed to stdout is checked here, once, at the end:
 * a full disk or a closed pipe makes the run fail with "cannot write"
 * instead of exiting 0 with a truncated output (the commands print with
 * stdio, whose errors are sticky, so one check after the last fflush sees
 * every failed write).
 */
#include "cli.h"
#include "diag.h"
#include "rl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static const rl_command *const commands[] = {
    &rl_cmd_build_def, &rl_cmd_diff_def, &rl_cmd_check_def, &rl_cmd_edition_def,
    &rl_cmd_deps_def, &rl_cmd_list_def, &rl_cmd_history_def, NULL,
};

static void usage(FILE *out)
{
    fprintf(out, "usage: redline COMMAND [OPTIONS] [ARGS]\n"
                 "\n"
                 "Typeset what changed between versions of a text, with margin notes.\n"
                 "\n"
                 "Commands:\n");
    for (size_t i = 0; commands[i]; i++)
        fprintf(out, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(out, "\n"
                 "Options:\n"
                 "  -h, --help     this text; 'redline COMMAND --help' for a command\n"
                 "  -V, --version  print redline's version\n");
}

static const rl_command *find(const char *name)
{
    for (size_t i = 0; commands[i]; i++)
        if (!strcmp(commands[i]->name, name))
            return commands[i];
    return NULL;
}

/* The exit status once stdout is flushed: status, or 1 with a message if
 * any write to stdout failed and the command had not already failed. */
static int finish(int status)
{
    int bad = fflush(stdout) != 0;
    int err = errno;
    if ((bad || ferror(stdout)) && status == 0) {
        rl_diag_file_error(NULL, NULL, "cannot write the output: %s", strerror(bad ? err : EIO));
        return 1;
    }
    return status;
}

static int run(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
        printf("redline %s\n", RL_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "help")) {
        if (argc < 3) {
            usage(stdout);
            return 0;
        }
        const rl_command *c = find(argv[2]);
        if (!c) {
            fprintf(stderr, "redline: no command '%s'; see 'redline --help'\n", argv[2]);
            return 2;
        }
        fputs(c->help, stdout);
        return 0;
    }
    const rl_command *c = find(cmd);
    if (!c) {
        fprintf(stderr, "redline: no command '%s'; see 'redline --help'\n", cmd);
        return 2;
    }
    if (rl_cli_wants_help(argc - 1, argv + 1)) {
        fputs(c->help, stdout);
        return 0;
    }
    return c->run(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
#if defined(__GLIBC__) && defined(M_TOP_PAD)
    /* The libraries a build uses (libharu, libhyphen, fontconfig) make
     * tens of thousands of small allocations, on several threads: growing
     * each heap 16 MiB at a time rather than 128 KiB saves the 500-odd
     * mprotect calls that grew the helper threads' heaps (1-3 ms of a
     * 100-page build's 55).  Only address space is reserved; memory is
     * used as it is touched. */
    mallopt(M_TOP_PAD, 16 << 20);
#endif
    return finish(run(argc, argv));
}
