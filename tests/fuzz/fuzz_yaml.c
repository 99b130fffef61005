/* fuzz_yaml.c - fuzz the YAML readers: ytree.c and the loaders built on it
 * (annotation files, publication manifests, styles).
 *
 * The first byte selects the reader (mod 4): 0 parses the rest into an
 * rl_ynode tree and calls every typed accessor on every node; 1 loads it
 * as an annotation file (from memory); 2 as a publication manifest and
 * 3 as a style (these two loaders only read paths, so the input is written
 * to a private temporary folder, removed at exit).  The tree walk has a
 * visit budget: alias nodes make a DAG, and a walker that expanded them
 * would itself be a billion-laughs victim (ytree.c's memo must keep the
 * tree small; the walk checks nothing about that, the loaders do).
 */
#include "fuzz.h"
#include "pub.h"
#include "style.h"
#include "ytree.h"

#include <sys/stat.h>
#include <unistd.h>

static void walk(rl_arena *a, rl_diag *d, const rl_ynode *n, size_t *budget)
{
    static const char *const known[] = {"title", "versions", "notes", "anchor", "quote", "page", NULL};
    if (!n || *budget == 0)
        return;
    --*budget;
    rl_str s;
    long l;
    double x;
    bool b;
    rl_str *list;
    size_t count;
    (void)rl_ytree_str(d, n, "value", &s);
    (void)rl_ytree_int(d, n, "value", -100, 100, &l);
    (void)rl_ytree_num(d, n, "value", 0, 1e6, &x);
    (void)rl_ytree_bool(d, n, "value", &b);
    (void)rl_ytree_date(d, n, "value", &s);
    (void)rl_ytree_strlist(a, d, n, "value", &list, &count);
    if (n->kind == RL_Y_SCALAR) {
        FZ_REQUIRE(n->str.p && n->str.p[n->str.n] == '\0');
        rl_style_vars v = {RL_STR("T"), RL_STR("e1"), RL_STR("2024-01-01"), 3, 9};
        rl_str e = rl_style_expand(a, n->str, &v);
        FZ_REQUIRE(e.p && e.p[e.n] == '\0');
        if (n->str.n < 64)
            (void)rl_edit_distance(n->str.p, "versions");
        return;
    }
    if (n->kind == RL_Y_MAP) {
        (void)rl_ytree_check_keys(d, n, known, false);
        (void)rl_ytree_lookup(n, "title");
        for (size_t i = 0; i < n->n; i++) {
            FZ_REQUIRE(n->keys && n->keys[i]);
            walk(a, d, n->keys[i], budget);
        }
    }
    for (size_t i = 0; i < n->n; i++)
        walk(a, d, n->items[i], budget);
}

static char tmpdir[64];
static char manifest[128];
static char stylefile[128];

static void cleanup(void)
{
    char p[160];
    unlink(manifest);
    unlink(stylefile);
    snprintf(p, sizeof p, "%s/sources/fz", tmpdir);
    rmdir(p);
    snprintf(p, sizeof p, "%s/sources", tmpdir);
    rmdir(p);
    rmdir(tmpdir);
}

/* A project folder <tmp>/sources/fz/ for the manifest, and a style file. */
static int setup(void)
{
    if (tmpdir[0])
        return 0;
    const char *t = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/rl-fuzz-XXXXXX", t && strlen(t) < 40 ? t : "/tmp");
    if (!mkdtemp(tmpdir)) {
        tmpdir[0] = 0;
        return -1;
    }
    char p[160];
    snprintf(p, sizeof p, "%s/sources", tmpdir);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/sources/fz", tmpdir);
    mkdir(p, 0700);
    snprintf(manifest, sizeof manifest, "%s/sources/fz/publication.yaml", tmpdir);
    snprintf(stylefile, sizeof stylefile, "%s/fz.yaml", tmpdir);
    atexit(cleanup);
    return 0;
}

static int put(const char *path, const uint8_t *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = fwrite(p, 1, n, f);
    return fclose(f) == 0 && w == n ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > FZ_MAX_INPUT)
        return 0;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    const char *text = (const char *)data + 1;
    size_t n = size - 1;
    switch (data[0] & 3) {
    case 0: {
        rl_source *src = rl_source_from_mem(a, "fz.yaml", text, n);
        if (rl_utf8_check(src->text, src->len) < 0) {
            rl_ynode *root = rl_ytree_parse(a, d, src, 0, src->len);
            size_t budget = 2000;
            walk(a, d, root, &budget);
        }
        break;
    }
    case 1: {
        rl_source *src = rl_source_from_mem(a, "fz.yaml", text, n);
        rl_annots *set = rl_annot_load_source(a, d, NULL, src);
        if (set)
            (void)rl_annot_count(set);
        break;
    }
    case 2:
        if (setup() == 0 && put(manifest, data + 1, n) == 0) {
            rl_pub *p = rl_pub_load(a, d, manifest);
            if (p) {
                FZ_REQUIRE(p->nversions == 0 || p->versions);
                for (size_t i = 0; i < p->nversions; i++)
                    FZ_REQUIRE(rl_pub_version(p, p->versions[i].id) != NULL);
                for (size_t i = 0; i < p->ncompares; i++)
                    FZ_REQUIRE(p->compares[i].from < p->nversions && p->compares[i].to < p->nversions);
            }
        }
        break;
    default:
        if (setup() == 0 && put(stylefile, data + 1, n) == 0) {
            rl_style *s = rl_style_load(a, d, stylefile);
            if (s) {
                rl_style_vars v = {RL_STR("Title {page}"), RL_STR("e1"), RL_STR("2024-01-01"), 1, 2};
                (void)rl_style_expand(a, s->header, &v);
                (void)rl_style_expand(a, s->footer, &v);
            }
        }
        break;
    }
    fz_drain(d);
    rl_diag_free(d);
    rl_arena_free(a);
    return 0;
}
