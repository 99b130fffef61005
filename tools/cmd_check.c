/* cmd_check.c - 'redline check': validate a publication without building it.
 *
 * Loads everything a build would load (the manifest, every version, the
 * style, every annotation file), anchors every note in its own version and
 * then in every comparison (the diff is run, nothing is laid out), and
 * prints every problem found in one run, sorted by file and position, each
 * with its source line and a caret.  A file whose top-level mapping has a
 * `notes` key is an annotation file and is checked alone (keys, types,
 * bodies; anchoring needs the versions, so it is skipped).
 * Each note is matched once per version document: anchor.c remembers the
 * result, so a version compared twice does not repeat its messages.
 */
#include "anchor.h"
#include "annot.h"
#include "arena.h"
#include "cli.h"
#include "diag.h"
#include "pipeline.h"
#include "pub.h"
#include "redline.h"
#include "source.h"
#include "style.h"
#include "ytree.h"

#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: redline check [--threshold X] [-q] FILE...\n"
    "\n"
    "Check publications without building them.  FILE is a publication manifest\n"
    "(sources/NAME/publication.yaml): its keys, its versions, its style and its\n"
    "annotation files are checked, and every note is anchored in the version it\n"
    "quotes and in every comparison.  FILE may also be an annotation file (a YAML\n"
    "file whose top-level key is 'notes'): it is checked alone, without anchoring.\n"
    "\n"
    "Every problem is reported in one run, as\n"
    "  path:line:col: error|warning: message\n"
    "followed by the source line and a caret.\n"
    "\n"
    "Options:\n"
    "  --threshold X  the least similarity (0 to 1) at which a quote that no longer\n"
    "                 matches exactly is re-anchored, with a warning (default: the\n"
    "                 manifest's anchor_threshold, else 0.8)\n"
    "  -q, --quiet    print no summary line\n"
    "  -h, --help     this text\n"
    "\n"
    "Exit status: 0 if there was no error (warnings allowed), 1 if there was one,\n"
    "2 for a usage error.\n";

/* True if the file parses to a mapping with a `notes` key. */
static bool is_annotation_file(const char *path)
{
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    bool yes = false;
    rl_source *s = rl_source_load(a, d, path, NULL);
    if (s) {
        rl_ynode *root = rl_ytree_parse(a, d, s, 0, s->len);
        yes = root && rl_ytree_lookup(root, "notes") && !rl_ytree_lookup(root, "versions");
    }
    rl_diag_free(d);
    rl_arena_free(a);
    return yes;
}

static void check_annotations(rl_arena *a, rl_diag *d, const char *path, size_t *nnotes)
{
    rl_annots *set = rl_annot_load_file(a, d, NULL, path);
    *nnotes = rl_annot_count(set);
}

static void check_pub(rl_arena *a, rl_diag *d, const char *path, double threshold, size_t *nnotes,
                      size_t *ncompares)
{
    rl_pipeline *pl = rl_pipeline_open(a, d, path);
    if (!pl)
        return;
    rl_pipeline_load_versions(pl);
    if (pl->pub->style_path)
        rl_pipeline_load_style(pl, NULL);
    rl_pipeline_load_notes(pl);
    *nnotes = rl_annot_count(pl->notes);
    if (threshold >= 0)
        pl->threshold = threshold;
    /* Each note in its own version first: every version is checked even if
     * no comparison uses it, and each message is given once. */
    rl_anchor_check_all(a, d, pl->notes, pl->pub, pl->threshold);
    for (size_t i = 0; i < pl->pub->ncompares; i++) {
        const rl_compare *cmp = &pl->pub->compares[i];
        if (!pl->pub->versions[cmp->from].doc || !pl->pub->versions[cmp->to].doc)
            continue;
        rl_pipeline_compare(pl, cmp->from, cmp->to);
        (*ncompares)++;
    }
}

static int run(int argc, char **argv)
{
    double threshold = -1;   /* not given: the manifest's anchor_threshold */
    bool quiet = false;
    int nfiles = 0;
    bool dashdash = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *v;
        bool missing = false;
        if (dashdash || !rl_cli_is_option(arg)) {
            argv[1 + nfiles++] = argv[i];   /* the files, gathered at the front */
        } else if (!strcmp(arg, "--")) {
            dashdash = true;
        } else if ((v = rl_cli_value(argc, argv, &i, "--threshold", &missing)) || missing) {
            char *end = NULL;
            double t = v ? strtod(v, &end) : -1;
            if (!v || !*v || *end || !(t >= 0 && t <= 1))
                return rl_cli_usage_error("check", "--threshold needs a number between 0 and 1");
            threshold = t;
        } else if (!strcmp(arg, "-q") || !strcmp(arg, "--quiet")) {
            quiet = true;
        } else {
            return rl_cli_usage_error("check", "unknown option '%s'", arg);
        }
    }
    if (nfiles == 0)
        return rl_cli_usage_error("check", "name a publication manifest or an annotation file");
    char **files = argv + 1;
    int status = 0;
    for (int f = 0; f < nfiles; f++) {
        rl_arena *a = rl_arena_new();
        rl_diag *d = rl_diag_new();
        size_t nnotes = 0, ncompares = 0;
        bool notes_only = is_annotation_file(files[f]);
        if (notes_only)
            check_annotations(a, d, files[f], &nnotes);
        else
            check_pub(a, d, files[f], threshold, &nnotes, &ncompares);
        unsigned ne = rl_diag_errors(d), nw = rl_diag_warnings(d);
        if (rl_cli_finish(d))
            status = 1;
        if (!quiet) {
            fflush(stderr);
            if (notes_only)
                printf("%s: %zu note%s; %u error%s, %u warning%s\n", files[f], nnotes, nnotes == 1 ? "" : "s", ne,
                       ne == 1 ? "" : "s", nw, nw == 1 ? "" : "s");
            else
                printf("%s: %zu note%s, %zu comparison%s; %u error%s, %u warning%s\n", files[f], nnotes,
                       nnotes == 1 ? "" : "s", ncompares, ncompares == 1 ? "" : "s", ne, ne == 1 ? "" : "s", nw,
                       nw == 1 ? "" : "s");
            fflush(stdout);
        }
        rl_diag_free(d);
        rl_arena_free(a);
    }
    return status;
}

const rl_command rl_cmd_check_def = {"check", "check a publication or an annotation file without building it", help,
                                     run};
