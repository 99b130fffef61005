/* cmd_build.c - 'redline build' (placeholder until the command lands). */
#include "cli.h"

static const char help[] = "usage: redline build\n";

static int run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return rl_cli_usage_error("build", "not implemented yet");
}

const rl_command rl_cmd_build_def = {"build", "(not implemented yet)", help, run};
