/* pipeline.c - one publication, from its files to its redlines. */
#include "pipeline.h"

#include "annot.h"
#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "edition.h"
#include "pub.h"
#include "style.h"

#include <string.h>

static rl_pipeline *new_pipeline(rl_arena *a, rl_diag *d)
{
    rl_pipeline *pl = rl_arena_alloc(a, sizeof *pl);
    memset(pl, 0, sizeof *pl);
    pl->a = a;
    pl->d = d;
    return pl;
}

rl_pipeline *rl_pipeline_open(rl_arena *a, rl_diag *d, const char *path)
{
    rl_pub *p = rl_pub_load(a, d, path);
    if (!p)
        return NULL;
    rl_pipeline *pl = new_pipeline(a, d);
    pl->pub = p;
    pl->threshold = p->anchor_threshold;
    return pl;
}

rl_pipeline *rl_pipeline_open_pair(rl_arena *a, rl_diag *d, const char *old, const char *new)
{
    rl_doc *o, *n;
    if (rl_doc_load_pair(a, d, old, new, &o, &n) < 0)
        return NULL;
    rl_pipeline *pl = new_pipeline(a, d);
    pl->old = o;
    pl->new = n;
    return pl;
}

rl_style *rl_pipeline_load_style(rl_pipeline *pl, const char *override)
{
    if (!pl->pub)
        return NULL;
    pl->style_path = rl_edition_style_path(pl->a, pl->pub, override);
    /* The style is loaded quietly first; if it has anything to say, it is
     * loaded again at once to say it, so that its messages come before
     * those of the versions and notes loaded after it. */
    rl_diag *quiet = rl_diag_new();
    pl->style = rl_style_load(pl->a, quiet, pl->style_path);
    bool said = rl_diag_count(quiet) > 0;
    rl_diag_free(quiet);
    if (said)
        pl->style = rl_style_load(pl->a, pl->d, pl->style_path);
    return pl->style;
}

int rl_pipeline_load_versions(rl_pipeline *pl)
{
    if (!pl->pub)
        return pl->old && pl->new ? 0 : -1;
    return rl_pub_load_versions(pl->a, pl->d, pl->pub);
}

int rl_pipeline_load_notes(rl_pipeline *pl)
{
    if (!pl->pub || !pl->pub->nannotations)
        return 0;
    pl->notes = rl_annot_load(pl->a, pl->d, pl->pub);
    return pl->notes ? 0 : -1;
}

rl_redline *rl_pipeline_compare(rl_pipeline *pl, size_t from, size_t to)
{
    const rl_version *vo = NULL, *vn = NULL;
    const rl_doc *old = pl->old, *new = pl->new;
    if (pl->pub) {
        if (from >= pl->pub->nversions || to >= pl->pub->nversions)
            RL_BUG("comparison of versions that do not exist");
        vo = &pl->pub->versions[from];
        vn = &pl->pub->versions[to];
        old = vo->doc;
        new = vn->doc;
    }
    if (!old || !new)
        return NULL;
    rl_redline *r = rl_diff(pl->a, old, new, &pl->diff);
    if (pl->notes && rl_annot_attach(pl->a, pl->d, r, pl->notes, vo, vn, pl->threshold) < 0)
        return r; /* reported; shown to no observer, which may assume whole notes */
    if (pl->on_redline)
        pl->on_redline(pl->observer_arg, r);
    return r;
}

rl_comparison *rl_pipeline_compare_all(rl_pipeline *pl)
{
    size_t n = pl->pub ? pl->pub->ncompares : 1;
    rl_comparison *c = rl_arena_array(pl->a, n + 1, sizeof *c);
    for (size_t i = 0; i < n; i++) {
        size_t from = pl->pub ? pl->pub->compares[i].from : 0, to = pl->pub ? pl->pub->compares[i].to : 0;
        if (pl->pub) {
            c[i].vold = &pl->pub->versions[from];
            c[i].vnew = &pl->pub->versions[to];
        }
        c[i].r = rl_pipeline_compare(pl, from, to);
    }
    return c;
}
