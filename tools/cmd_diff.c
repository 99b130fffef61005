/* cmd_diff.c - 'redline diff': compare two versions, print the redline.
 *
 * Loads either two version files or a publication manifest (then the
 * comparison chosen with --from/--to, default the manifest's first, and
 * the publication's annotations), runs rl_diff, and prints the model with
 * the text, CriticMarkup or JSON emitter, or only its statistics.  The
 * whole output is built in memory and written at the end, so an error
 * never leaves half a diff on stdout.
 */
#include "arena.h"
#include "buf.h"
#include "cli.h"
#include "diag.h"
#include "doc.h"
#include "emit.h"
#include "pipeline.h"
#include "pub.h"
#include "redline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
    "usage: redline diff [OPTIONS] OLD NEW\n"
    "       redline diff [OPTIONS] PUB.yaml [--from ID] [--to ID]\n"
    "\n"
    "Compare two versions of a text word by word and print what changed.\n"
    "OLD and NEW are version files (CommonMark, or plain text if named .txt).\n"
    "With a publication manifest, compare two of its versions (default: its\n"
    "first comparison) and anchor its annotations.\n"
    "\n"
    "Options:\n"
    "  --format=FMT        text (default), critic (CriticMarkup) or json\n"
    "  --color=WHEN        colour the text format: auto (default: when stdout\n"
    "                      is a terminal and NO_COLOR is unset), always, never\n"
    "  --stat              print only the statistics\n"
    "  --from ID, --to ID  the versions of the manifest to compare\n"
    "  --ignore-case       compare words without regard to case\n"
    "  --ignore-punctuation  treat all punctuation marks as equal\n"
    "  --algorithm=ALG     myers (default) or histogram\n"
    "  --no-moves          show moved blocks as deleted and inserted\n"
    "  --no-cleanup        show the raw minimal word diff (no readability pass)\n"
    "\n"
    "Curly and straight quotes, and runs of white space, always compare equal.\n"
    "Text format: [-deleted-]{+inserted+}; a renumbered label shows as\n"
    "[-(b)-]{+(2)+}; a moved block shows '[#N moved from above]' where it went\n"
    "and '[moved below: #N]' where it was; note markers [N] follow the noted\n"
    "text and the notes are listed at the end.\n"
    "Exit status: 0 success, 1 errors in the input, 2 usage error.\n";

typedef enum fmt { FMT_TEXT, FMT_CRITIC, FMT_JSON } fmt;

typedef struct args {
    fmt format;
    int color;            /* -1 auto, 0 never, 1 always */
    bool stat;
    const char *from, *to;
    rl_diff_opts opts;
    const char *files[2];
    int nfiles;
} args;

static int parse(int argc, char **argv, args *ag)
{
    memset(ag, 0, sizeof *ag);
    ag->color = -1;
    bool dashdash = false;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i], *v;
        bool bad = false;
        if (dashdash || !rl_cli_is_option(s)) {
            if (ag->nfiles == 2)
                return rl_cli_usage_error("diff", "too many arguments: '%s'", s);
            ag->files[ag->nfiles++] = s;
        } else if (!strcmp(s, "--")) {
            dashdash = true;
        } else if ((v = rl_cli_value(argc, argv, &i, "--format", &bad))) {
            if (!strcmp(v, "text"))
                ag->format = FMT_TEXT;
            else if (!strcmp(v, "critic"))
                ag->format = FMT_CRITIC;
            else if (!strcmp(v, "json"))
                ag->format = FMT_JSON;
            else
                return rl_cli_usage_error("diff", "unknown format '%s'; use text, critic or json", v);
        } else if ((v = rl_cli_value(argc, argv, &i, "--color", &bad))) {
            if (!strcmp(v, "auto"))
                ag->color = -1;
            else if (!strcmp(v, "always"))
                ag->color = 1;
            else if (!strcmp(v, "never"))
                ag->color = 0;
            else
                return rl_cli_usage_error("diff", "unknown --color value '%s'; use auto, always or never", v);
        } else if ((v = rl_cli_value(argc, argv, &i, "--algorithm", &bad))) {
            if (!strcmp(v, "myers"))
                ag->opts.alg = RL_ALG_MYERS;
            else if (!strcmp(v, "histogram"))
                ag->opts.alg = RL_ALG_HISTOGRAM;
            else
                return rl_cli_usage_error("diff", "unknown algorithm '%s'; use myers or histogram", v);
        } else if ((v = rl_cli_value(argc, argv, &i, "--from", &bad))) {
            ag->from = v;
        } else if ((v = rl_cli_value(argc, argv, &i, "--to", &bad))) {
            ag->to = v;
        } else if (bad) {
            return rl_cli_usage_error("diff", "option '%s' needs a value", s);
        } else if (!strcmp(s, "--stat")) {
            ag->stat = true;
        } else if (!strcmp(s, "--ignore-case")) {
            ag->opts.ignore_case = true;
        } else if (!strcmp(s, "--ignore-punctuation")) {
            ag->opts.ignore_punct = true;
        } else if (!strcmp(s, "--no-moves")) {
            ag->opts.no_moves = true;
        } else if (!strcmp(s, "--no-cleanup")) {
            ag->opts.no_cleanup = true;
        } else {
            return rl_cli_usage_error("diff", "unknown option '%s'", s);
        }
        if (bad)
            return rl_cli_usage_error("diff", "option '%s' needs a value", s);
    }
    if (ag->nfiles == 0)
        return rl_cli_usage_error("diff", "give two version files, or a publication manifest");
    if (ag->nfiles == 2 && (ag->from || ag->to))
        return rl_cli_usage_error("diff", "--from and --to need a publication manifest, not two files");
    return 0;
}

static bool is_manifest(const char *path)
{
    size_t n = strlen(path);
    return (n > 5 && !strcmp(path + n - 5, ".yaml")) || (n > 4 && !strcmp(path + n - 4, ".yml"));
}

static void print_stats(rl_buf *out, const rl_stats *s)
{
    rl_buf_printf(out, "words:  %zu inserted, %zu deleted, %zu moved (old %zu, new %zu)\n", s->words_inserted,
                  s->words_deleted, s->words_moved, s->words_old, s->words_new);
    rl_buf_printf(out, "blocks: %zu changed, %zu inserted, %zu deleted, %zu moved, %zu labels changed\n",
                  s->blocks_changed, s->blocks_inserted, s->blocks_deleted, s->blocks_moved, s->labels_changed);
    rl_buf_printf(out, "hunks:  %zu\n", s->hunks);
    if (s->blocks_raw)
        rl_buf_printf(out, "cleanup: %zu blocks shown as the plain minimal diff (the readability cleanup "
                           "failed its check there)\n", s->blocks_raw);
}

/* The version pair of the manifest to compare; -1 (after a usage message)
 * if --from/--to name no version. */
static int pick(const rl_pub *p, const args *ag, size_t *from, size_t *to)
{
    rl_version *vf = ag->from ? rl_pub_version(p, rl_str_z(ag->from)) : NULL;
    rl_version *vt = ag->to ? rl_pub_version(p, rl_str_z(ag->to)) : NULL;
    const char *badid = ag->from && !vf ? ag->from : ag->to && !vt ? ag->to : NULL;
    if (badid) {
        rl_buf ids = RL_BUF_INIT;
        for (size_t i = 0; i < p->nversions; i++)
            rl_buf_printf(&ids, "%s'%.*s'", i ? ", " : "", (int)p->versions[i].id.n, p->versions[i].id.p);
        rl_cli_usage_error("diff", "'%s' has no version '%s' (versions: %s)", p->path, badid, ids.p ? ids.p : "");
        rl_buf_free(&ids);
        return -1;
    }
    if (!vf && !vt) {
        if (p->ncompares) {
            *from = p->compares[0].from;
            *to = p->compares[0].to;
        } else {
            *from = 0;
            *to = p->nversions > 1 ? 1 : 0;
        }
        return 0;
    }
    *from = vf ? (size_t)(vf - p->versions) : (size_t)(vt - p->versions) - ((vt - p->versions) > 0);
    *to = vt ? (size_t)(vt - p->versions) : *from + 1 < p->nversions ? *from + 1 : *from;
    return 0;
}

static int run(int argc, char **argv)
{
    args ag;
    int rc = parse(argc, argv, &ag);
    if (rc)
        return rc;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_buf out = RL_BUF_INIT;
    rl_emit_ctx ctx = {0};
    ctx.a = a;
    ctx.d = d;
    rl_pipeline *pl;
    size_t from = 0, to = 0;
    if (ag.nfiles == 1) {
        if (!is_manifest(ag.files[0])) {
            rc = rl_cli_usage_error("diff", "'%s' is not a manifest (.yaml); give two version files or a manifest",
                                    ag.files[0]);
            goto done;
        }
        pl = rl_pipeline_open(a, d, ag.files[0]);
        if (!pl || rl_pipeline_load_versions(pl) < 0)
            goto finish;
        if (pick(pl->pub, &ag, &from, &to) < 0) {
            rl_diag_flush(d, stderr, true);
            rc = 2;
            goto done;
        }
        ctx.pub = pl->pub;
        ctx.vold = &pl->pub->versions[from];
        ctx.vnew = &pl->pub->versions[to];
        /* Notes that cannot be anchored are reported; the diff is still shown. */
        rl_pipeline_load_notes(pl);
    } else {
        pl = rl_pipeline_open_pair(a, d, ag.files[0], ag.files[1]);
        if (!pl)
            goto finish;
    }
    pl->diff = ag.opts;
    rl_redline *r = rl_pipeline_compare(pl, from, to);
    if (!r)
        goto finish;
    ctx.r = r;
    if (ag.stat) {
        print_stats(&out, &r->stats);
    } else if (ag.format == FMT_JSON) {
        rl_emit_json(&ctx, &out);
    } else if (ag.format == FMT_CRITIC) {
        rl_emit_critic(&ctx, &out);
    } else {
        bool color = ag.color == 1 || (ag.color == -1 && isatty(STDOUT_FILENO) && !getenv("NO_COLOR"));
        rl_emit_text(&ctx, &out, color);
    }
    if (out.n)
        fwrite(out.p, 1, out.n, stdout);
    if (fflush(stdout) != 0)
        rl_diag_file_error(d, NULL, "cannot write the output");
finish:
    rc = rl_cli_finish(d);
done:
    rl_buf_free(&out);
    rl_diag_free(d);
    rl_arena_free(a);
    return rc;
}

const rl_command rl_cmd_diff_def = {"diff", "compare two versions word by word", help, run};
