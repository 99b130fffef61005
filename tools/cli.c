/* cli.c - helpers shared by the commands: usage errors, --help, exit status. */
#include "cli.h"
#include "diag.h"

#include <stdarg.h>
#include <string.h>

int rl_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "redline: %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'redline %s --help'.\n", cmd);
    va_end(ap);
    return 2;
}

int rl_cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            return 0;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
            return 1;
    }
    return 0;
}

int rl_cli_finish(rl_diag *d)
{
    int errors = rl_diag_errors(d) > 0;
    rl_diag_flush(d, stderr, true);
    return errors ? 1 : 0;
}

