/* cmd_list.c - 'redline list': one publication manifest per line, the unit
 * of work for sharding builds across machines (GNU parallel, a Slurm job
 * array, a CI matrix).  Sorted by byte value, so every machine agrees on
 * line N.  Rejected: a scheduler of our own; these tools already do it.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "cli.h"

static const char help[] =
    "usage: redline list [DIR|PUB.yaml]...\n"
    "\n"
    "Print the manifest of every publication, one per line: DIR/publication.yaml\n"
    "if DIR holds one, else DIR/*/publication.yaml (default DIR: sources).\n"
    "Feed it to a scheduler, e.g.\n"
    "  redline list sources | parallel redline build {}\n"
    "  redline build \"$(redline list sources | sed -n \"${SLURM_ARRAY_TASK_ID}p\")\"\n";

static int cmp(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static bool is_file(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static int list(rl_arena *a, const char *arg)
{
    size_t n = strlen(arg);
    while (n > 1 && arg[n - 1] == '/')
        n--;
    const char *dir = rl_arena_strdup(a, (rl_str){arg, n});
    if (is_file(dir)) {
        printf("%s\n", dir);
        return 0;
    }
    const char *own = rl_arena_printf(a, "%s/publication.yaml", dir);
    if (is_file(own)) {
        printf("%s\n", own);
        return 0;
    }
    DIR *dp = opendir(dir);
    if (!dp) {
        fprintf(stderr, "%s: error: cannot list: %s\n", dir, strerror(errno));
        return 1;
    }
    char **found = NULL;
    size_t nfound = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (de->d_name[0] == '.')
            continue;
        const char *m = rl_arena_printf(a, "%s/%s/publication.yaml", dir, de->d_name);
        if (!is_file(m))
            continue;
        found = rl_arena_grow(a, found, nfound, nfound + 1, sizeof *found);
        found[nfound++] = (char *)m;
    }
    closedir(dp);
    if (nfound)
        qsort(found, nfound, sizeof *found, cmp);
    for (size_t i = 0; i < nfound; i++)
        printf("%s\n", found[i]);
    return 0;
}

static int run(int argc, char **argv)
{
    int ndirs = 0;
    bool dashdash = false;
    for (int i = 1; i < argc; i++) {
        if (dashdash || !rl_cli_is_option(argv[i]))
            argv[1 + ndirs++] = argv[i];   /* gathered at the front */
        else if (!strcmp(argv[i], "--"))
            dashdash = true;
        else
            return rl_cli_usage_error("list", "unknown option '%s'", argv[i]);
    }
    rl_arena *a = rl_arena_new();
    int status = 0;
    if (ndirs == 0)
        status = list(a, "sources");
    for (int i = 1; i <= ndirs; i++)
        status |= list(a, argv[i]);
    rl_arena_free(a);
    return status;
}

const rl_command rl_cmd_list_def = {"list", "print the publication manifests, one per line", help,
                                    run};
