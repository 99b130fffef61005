/* cmd_history.c - 'redline history': the cumulative view of all the
 * versions of a publication, each change tagged with the version that made
 * it (history.c chains the pairwise diffs). */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "cli.h"
#include "diag.h"
#include "emit_history.h"
#include "history.h"
#include "pipeline.h"
#include "pub.h"

static const char help[] =
    "usage: redline history [--format=text|json] PUB.yaml\n"
    "\n"
    "Print every word that appeared in any version of the publication, oldest\n"
    "version first, in reading order, with the version that changed it:\n"
    "  {+ID: words+}     introduced by version ID (and still there)\n"
    "  [-ID: words-]     deleted by version ID\n"
    "  [-A>B: words-]    introduced by version A, deleted by version B\n"
    "Unmarked words are in every version.  Versions are chained in the\n"
    "manifest's order (v1 -> v2 -> v3 ...).\n"
    "\n"
    "  --format=json     the same as JSON: the versions, then each block with\n"
    "                    its runs, each tagged with the index of the version\n"
    "                    that introduced it (born) and deleted it (died, or\n"
    "                    null); see the README\n"
    "\n"
    "`redline build` writes the same view as a web page, <pub>-history.html,\n"
    "for a publication with three versions or more.\n";

static int run(int argc, char **argv)
{
    const char *manifest = NULL;
    bool json = false, dashdash = false;
    for (int i = 1; i < argc; i++) {
        const char *fmt;
        bool missing = false;
        if (dashdash || !rl_cli_is_option(argv[i])) {
            if (manifest)
                return rl_cli_usage_error("history", "name one publication manifest (PUB.yaml)");
            manifest = argv[i];
        } else if (!strcmp(argv[i], "--")) {
            dashdash = true;
        } else if ((fmt = rl_cli_value(argc, argv, &i, "--format", &missing))) {
            if (!strcmp(fmt, "json"))
                json = true;
            else if (!strcmp(fmt, "text"))
                json = false;
            else
                return rl_cli_usage_error("history", "unknown format '%s' (use text or json)", fmt);
        } else if (missing) {
            return rl_cli_usage_error("history", "--format needs a value (text or json)");
        } else {
            return rl_cli_usage_error("history", "unknown option '%s'", argv[i]);
        }
    }
    if (!manifest)
        return rl_cli_usage_error("history", "name one publication manifest (PUB.yaml)");
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    int rc = -1;
    rl_pipeline *pl = rl_pipeline_open(a, d, manifest);
    if (pl && rl_pipeline_load_versions(pl) == 0) {
        const rl_pub *p = pl->pub;
        const rl_doc **docs = rl_arena_array(a, p->nversions, sizeof *docs);
        rl_str *ids = rl_arena_array(a, p->nversions, sizeof *ids);
        for (size_t i = 0; i < p->nversions; i++) {
            docs[i] = p->versions[i].doc;
            ids[i] = p->versions[i].id;
        }
        rl_history *h = rl_history_build(a, docs, p->nversions, NULL);
        rl_buf out = RL_BUF_INIT;
        if (json) {
            rl_emit_ctx c = {.a = a, .d = d, .pub = p};
            rl_emit_history_json(&c, h, &out);
        } else
            rl_history_text(h, ids, &out);
        fwrite(out.p, 1, out.n, stdout);
        rl_buf_free(&out);
        rc = 0;
    }
    int status = rl_cli_finish(d);
    rl_diag_free(d);
    rl_arena_free(a);
    return rc < 0 ? 1 : status;
}

const rl_command rl_cmd_history_def = {"history", "show every version's changes in one text", help,
                                       run};
