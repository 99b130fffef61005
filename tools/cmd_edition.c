/* cmd_edition.c - 'redline edition' (placeholder until the command lands). */
#include "cli.h"

static const char help[] = "usage: redline edition\n";

static int run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return rl_cli_usage_error("edition", "not implemented yet");
}

const rl_command rl_cmd_edition_def = {"edition", "(not implemented yet)", help, run};
