/* cmd_check.c - 'redline check' (placeholder until the command lands). */
#include "cli.h"

static const char help[] = "usage: redline check\n";

static int run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return rl_cli_usage_error("check", "not implemented yet");
}

const rl_command rl_cmd_check_def = {"check", "(not implemented yet)", help, run};
