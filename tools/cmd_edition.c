/* cmd_edition.c - 'redline edition': print a publication's edition id and
 * the inputs it is computed from (kind, size, SHA-256, relative name), so
 * that anyone can check which bytes a cited edition was built from.  The
 * hashing is in edition.c; this file only parses options and prints.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "cli.h"
#include "diag.h"
#include "edition.h"
#include "pub.h"

static const char help[] =
    "usage: redline edition [--style S] [--id] PUB.yaml...\n"
    "\n"
    "Print each publication's edition identifier: the first 12 hex digits of a\n"
    "SHA-256 over every input (manifest, versions, annotations, style files,\n"
    "font file names and sizes, the edition date and redline's version), then\n"
    "the inputs one per line: kind, size in bytes, SHA-256 of what was hashed,\n"
    "name (relative to the project).  The same inputs always give the same id\n"
    "and the same output bytes.\n"
    "\n"
    "Options:\n"
    "  --style S  as for 'redline build' (the style is an input)\n"
    "  --id       print only the identifier\n";

static int one(const char *path, const char *style, bool id_only)
{
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_edition e;
    int rc = -1;
    rl_pub *p = rl_pub_load(a, d, path);
    if (p && rl_edition_compute(a, d, p, rl_edition_style_path(a, p, style), &e) == 0) {
        rc = 0;
        if (id_only) {
            printf("%s\n", e.id);
        } else {
            printf("%.*s edition %s\n", (int)p->name.n, p->name.p, e.id);
            printf("date    %.*s (%s)\n", (int)e.date.n, e.date.p, e.date_from);
            printf("sha256  %s\n", e.full);
            for (size_t i = 0; i < e.ninputs; i++) {
                const rl_input *x = &e.inputs[i];
                printf("  %-11s %9zu  %s  %s%s\n", rl_edition_kind_name(x->kind), x->size,
                       x->sha256, x->name,
                       x->kind == RL_IN_FONT ? " (file name and size)" : "");
            }
        }
    }
    int status = rl_cli_finish(d);
    rl_diag_free(d);
    rl_arena_free(a);
    return rc < 0 ? 1 : status;
}

static int run(int argc, char **argv)
{
    const char *style = NULL;
    bool id_only = false, dashdash = false;
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *v;
        bool missing = false;
        if (dashdash || !rl_cli_is_option(arg))
            argv[1 + nfiles++] = argv[i];   /* the manifests, gathered at the front */
        else if (!strcmp(arg, "--"))
            dashdash = true;
        else if (!strcmp(arg, "--id"))
            id_only = true;
        else if ((v = rl_cli_value(argc, argv, &i, "--style", &missing)) && *v)
            style = v;
        else if (v || missing)
            return rl_cli_usage_error("edition", "--style needs a style name or file");
        else
            return rl_cli_usage_error("edition", "unknown option '%s'", arg);
    }
    if (nfiles == 0)
        return rl_cli_usage_error("edition", "name a publication manifest (PUB.yaml)");
    int status = 0;
    for (int i = 1; i <= nfiles; i++)
        status |= one(argv[i], style, id_only);
    return status;
}

const rl_command rl_cmd_edition_def = {"edition", "print a publication's edition id and its inputs",
                                       help, run};
