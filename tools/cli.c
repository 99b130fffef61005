/* cli.c - helpers shared by the commands: option values, usage errors,
 * --help, exit status.
 *
 * Options are read in one left-to-right pass in each command (GNU getopt's
 * "permute" behaviour without getopt_long: each command collects its
 * positional arguments as it goes, so `redline build PUB.yaml -o DIR` and
 * `redline build -o DIR PUB.yaml` mean the same).  getopt_long was rejected
 * because it is a GNU extension outside C11/POSIX and reorders argv behind
 * the caller's back; the commands need only long options with values,
 * which rl_cli_value() reads.
 */
#include "cli.h"
#include "diag.h"

#include <stdarg.h>
#include <string.h>

const char *rl_cli_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    bool is_long = name[0] == '-' && name[1] == '-';
    if (strncmp(arg, name, n) != 0)
        return NULL;
    if (arg[n] && is_long)
        return arg[n] == '=' ? arg + n + 1 : NULL;
    if (arg[n])
        return arg + n;   /* "-oDIR" */
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

bool rl_cli_is_option(const char *arg)
{
    return arg[0] == '-' && arg[1] != '\0';
}

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

