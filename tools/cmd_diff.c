/* cmd_diff.c - 'redline diff' (placeholder until the command lands). */
#include "cli.h"

static const char help[] = "usage: redline diff\n";

static int run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return rl_cli_usage_error("diff", "not implemented yet");
}

const rl_command rl_cmd_diff_def = {"diff", "(not implemented yet)", help, run};
