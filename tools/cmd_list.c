/* cmd_list.c - 'redline list' (placeholder until the command lands). */
#include "cli.h"

static const char help[] = "usage: redline list\n";

static int run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return rl_cli_usage_error("list", "not implemented yet");
}

const rl_command rl_cmd_list_def = {"list", "(not implemented yet)", help, run};
