/* cmd_deps.c - 'redline deps' (placeholder until the command lands). */
#include "cli.h"

static const char help[] = "usage: redline deps\n";

static int run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return rl_cli_usage_error("deps", "not implemented yet");
}

const rl_command rl_cmd_deps_def = {"deps", "(not implemented yet)", help, run};
