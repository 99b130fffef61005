/* cli.h - the commands of the redline CLI and the help text they share.
 *
 * Each command is `int rl_cmd_NAME(int argc, char **argv)` in cmd_NAME.c,
 * with argv[0] the command name; it returns the exit status: 0 success,
 * 1 errors in the input, 2 a usage error.  Each command's help text is a
 * constant in its file, printed by both `redline COMMAND --help` and
 * `redline help COMMAND`, and quoted in the README.
 */
#ifndef RL_CLI_H
#define RL_CLI_H

#include <stdbool.h>
#include <stdio.h>

typedef struct rl_command {
    const char *name;
    const char *summary;
    const char *help;          /* full help text, ends with a newline */
    int (*run)(int argc, char **argv);
} rl_command;

extern const rl_command rl_cmd_diff_def, rl_cmd_check_def, rl_cmd_build_def,
    rl_cmd_edition_def, rl_cmd_deps_def, rl_cmd_list_def, rl_cmd_history_def;

/* Print "redline: COMMAND: message" and the hint to use --help; returns 2. */
int rl_cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Option parsing shared by the commands, so that every command reads its
 * argv the same way: options may stand before, between and after the
 * positional arguments, "--" ends the options, and "-" alone is a
 * positional argument (standard input, where a command allows it).
 *
 * rl_cli_value: if argv[*i] is the option `name`, return its value and
 * advance *i past a separate value.  A long name ("--format") takes
 * "--format VALUE" or "--format=VALUE"; a short one ("-o") takes "-o VALUE"
 * or "-oVALUE".  Returns NULL if argv[*i] is another option; returns NULL
 * and sets *missing (OUT) if it is this option but no value follows.
 * The value is argv's own string (not copied). */
const char *rl_cli_value(int argc, char **argv, int *i, const char *name, bool *missing /* OUT */);

/* True if arg is an option (starts with '-' and is not "-" alone). */
bool rl_cli_is_option(const char *arg);

/* True if argv holds -h or --help before any "--". */
int rl_cli_wants_help(int argc, char **argv);

/* The exit status for a diagnostics sink after printing it to stderr:
 * 1 if there were errors, else 0. */
typedef struct rl_diag rl_diag;
int rl_cli_finish(rl_diag *d);

#endif
