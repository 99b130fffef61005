/* pub.c - the publication manifest loader (see pub.h).
 *
 * The manifest is read into a ytree and checked key by key with ytree's
 * typed accessors, so every message names the line and column of the bad
 * value.  Checking goes on after an error (each problem of the file is
 * reported in one run); the result is NULL if any error was reported.
 * Unknown keys are warnings naming the closest known key.
 *
 * Paths: every file name written in the manifest is checked before it is
 * joined to a folder: an absolute path or a ".." component is an error, so
 * user text cannot reach outside the publication's folders.  The project
 * root is found textually (".../sources/<pub>/publication.yaml" -> "..."),
 * and only for a manifest given as "publication.yaml" in the current folder
 * by asking the file system for the folder's real name; no path of the
 * machine ever ends up in a message.
 */
#include "pub.h"
#include "annot.h"
#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "path.h"
#include "source.h"
#include "ytree.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const top_keys[] = {"title",   "subtitle", "authors",  "edition",        "style",
                                       "versions", "compare",  "annotations", "outputs",    "notice",
                                       "url",     "lang",     "subject",  "keywords",       "compare_layout",
                                       "anchor_threshold", NULL};
static const char *const version_keys[] = {"id", "file", "label", "date", NULL};
static const char *const compare_keys[] = {"from", "to", NULL};
static const char *const edition_keys[] = {"number", "date", NULL};

bool rl_pub_safe_id(rl_str id)
{
    if (id.n == 0 || id.n > 64 || id.p[0] == '.')
        return false;
    for (size_t i = 0; i < id.n; i++) {
        char c = id.p[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '_' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

rl_version *rl_pub_version(const rl_pub *p, rl_str id)
{
    for (size_t i = 0; i < p->nversions; i++)
        if (rl_str_eq(p->versions[i].id, id))
            return &p->versions[i];
    return NULL;
}

/* A file name from the manifest that stays inside its folder: relative,
 * no ".." component, no NUL.  Reports and returns false otherwise. */
static bool safe_name(rl_diag *d, const rl_ynode *n, rl_str f, const char *what)
{
    if (f.n == 0) {
        rl_diag_error(d, n->span, "%s is empty; give a file name", what);
        return false;
    }
    if (memchr(f.p, 0, f.n)) {
        rl_diag_error(d, n->span, "%s contains a NUL character", what);
        return false;
    }
    if (f.p[0] == '/') {
        rl_diag_error(d, n->span, "%s '%s' is an absolute path; give a path relative to the publication", what, f.p);
        return false;
    }
    size_t i = 0;
    while (i < f.n) {
        size_t j = i;
        while (j < f.n && f.p[j] != '/')
            j++;
        if (j - i == 2 && f.p[i] == '.' && f.p[i + 1] == '.') {
            rl_diag_error(d, n->span, "%s '%s' leaves the publication's folder ('..'); keep the file inside it", what,
                          f.p);
            return false;
        }
        i = j + 1;
    }
    return true;
}

/* Project root and publication name from the manifest's folder. */
static void find_root(rl_arena *a, rl_pub *p)
{
    const char *dir = p->dir;
    if (strcmp(dir, ".") != 0) {
        const char *parent = rl_path_dir(a, dir);
        p->name = rl_str_z(rl_path_base(dir));
        if (strcmp(rl_path_base(parent), "sources") == 0 && strcmp(parent, dir) != 0) {
            p->root = rl_path_dir(a, parent);
            return;
        }
        p->root = dir;
        return;
    }
    /* "publication.yaml" in the current folder: ask for the folder's name. */
    char buf[PATH_MAX];
    if (realpath(".", buf)) {
        const char *base = rl_path_base(buf);
        p->name = rl_arena_str(a, rl_str_z(base));
        char *cut = strrchr(buf, '/');
        if (cut && cut != buf) {
            *cut = 0;
            if (strcmp(rl_path_base(buf), "sources") == 0) {
                p->root = "../..";
                return;
            }
        }
    } else {
        p->name = RL_STR("publication");
    }
    p->root = ".";
}

static int read_str(rl_diag *d, const rl_ynode *m, const char *key, rl_str *out)
{
    rl_ynode *n = rl_ytree_lookup(m, key);
    return rl_ytree_str(d, n, key, out) < 0 ? -1 : 0;
}

static int read_versions(rl_arena *a, rl_diag *d, rl_pub *p, const rl_ynode *vs)
{
    int rc = 0;
    p->versions = rl_arena_array(a, vs->n ? vs->n : 1, sizeof *p->versions);
    for (size_t i = 0; i < vs->n; i++) {
        const rl_ynode *e = vs->items[i];
        if (!rl_ytree_expect(d, e, RL_Y_MAP, "each version")) {
            rc = -1;
            continue;
        }
        rl_ytree_check_keys(d, e, version_keys, false);
        rl_version v;
        memset(&v, 0, sizeof v);
        v.at = e->span;
        rl_ynode *id = rl_ytree_lookup(e, "id"), *file = rl_ytree_lookup(e, "file");
        int r1 = rl_ytree_str(d, id, "a version's id", &v.id);
        int r2 = rl_ytree_str(d, file, "a version's file", &v.file);
        if (r1 < 0 || r2 < 0) {
            rc = -1;
            continue;
        }
        if (r1 == 1) {
            rl_diag_error(d, e->span, "this version has no 'id'; add one, such as id: \"2011\"");
            rc = -1;
            continue;
        }
        if (!rl_pub_safe_id(v.id)) {
            rl_diag_error(d, id->span,
                          "version id '%s' cannot be used in file names; use letters, digits, '.', '_' and '-' "
                          "(not starting with '.')",
                          v.id.p);
            rc = -1;
            continue;
        }
        rl_version *dup = rl_pub_version(p, v.id);
        if (dup) {
            unsigned l, c;
            rl_source_linecol(p->src, dup->at.start, &l, &c);
            rl_diag_error(d, id->span, "duplicate version id '%s' (also used at line %u); give each version its own id",
                          v.id.p, l);
            rc = -1;
            continue;
        }
        if (r2 == 1) {
            rl_diag_error(d, e->span, "version '%s' has no 'file'; add the name of its text file", v.id.p);
            rc = -1;
            continue;
        }
        if (!safe_name(d, file, v.file, "a version's file")) {
            rc = -1;
            continue;
        }
        v.path = rl_path_join(a, p->dir, v.file.p);
        if (rl_ytree_str(d, rl_ytree_lookup(e, "label"), "a version's label", &v.label) < 0)
            rc = -1;
        if (!v.label.n)
            v.label = v.id;
        v.date = (rl_str){"", 0};
        if (rl_ytree_date(d, rl_ytree_lookup(e, "date"), "a version's date", &v.date) < 0)
            rc = -1;
        p->versions[p->nversions++] = v;
    }
    return rc;
}

static int version_index(rl_diag *d, const rl_pub *p, const rl_ynode *n, const char *key, const rl_ynode *entry,
                         size_t *out)
{
    if (!n) {
        rl_diag_error(d, entry->span, "this comparison has no '%s'; name a version id", key);
        return -1;
    }
    rl_str id;
    if (rl_ytree_str(d, n, key, &id) < 0)
        return -1;
    for (size_t i = 0; i < p->nversions; i++)
        if (rl_str_eq(p->versions[i].id, id)) {
            *out = i;
            return 0;
        }
    /* List the known ids to say what to write instead. */
    char known[256];
    size_t k = 0;
    known[0] = 0;
    for (size_t i = 0; i < p->nversions && k + 40 < sizeof known; i++)
        k += (size_t)snprintf(known + k, sizeof known - k, "%s'%.32s'", i ? ", " : "", p->versions[i].id.p);
    rl_diag_error(d, n->span, "unknown version '%s' in '%s'; the versions are %s", id.p, key,
                  k ? known : "(none)");
    return -1;
}

static int read_compares(rl_arena *a, rl_diag *d, rl_pub *p, const rl_ynode *cs)
{
    int rc = 0;
    p->compares = rl_arena_array(a, cs->n ? cs->n : 1, sizeof *p->compares);
    for (size_t i = 0; i < cs->n; i++) {
        const rl_ynode *e = cs->items[i];
        if (!rl_ytree_expect(d, e, RL_Y_MAP, "each comparison")) {
            rc = -1;
            continue;
        }
        rl_ytree_check_keys(d, e, compare_keys, false);
        rl_compare c;
        c.at = e->span;
        int r1 = version_index(d, p, rl_ytree_lookup(e, "from"), "from", e, &c.from);
        int r2 = version_index(d, p, rl_ytree_lookup(e, "to"), "to", e, &c.to);
        if (r1 < 0 || r2 < 0) {
            rc = -1;
            continue;
        }
        if (c.from == c.to) {
            rl_diag_error(d, e->span, "a comparison needs two different versions");
            rc = -1;
            continue;
        }
        p->compares[p->ncompares++] = c;
    }
    return rc;
}

static int read_files(rl_arena *a, rl_diag *d, rl_pub *p, const rl_ynode *n)
{
    if (n->kind == RL_Y_MAP) {
        rl_diag_error(d, n->span, "annotations must be a list of file names");
        return -1;
    }
    size_t cnt = n->kind == RL_Y_SEQ ? n->n : 1;
    p->annotation_paths = rl_arena_array(a, cnt ? cnt : 1, sizeof *p->annotation_paths);
    p->annotation_at = rl_arena_array(a, cnt ? cnt : 1, sizeof *p->annotation_at);
    int rc = 0;
    for (size_t i = 0; i < cnt; i++) {
        const rl_ynode *f = n->kind == RL_Y_SEQ ? n->items[i] : n;
        rl_str s;
        if (rl_ytree_str(d, f, "an annotation file", &s) < 0 || !safe_name(d, f, s, "an annotation file")) {
            rc = -1;
            continue;
        }
        const char *path = strchr(s.p, '/') ? rl_path_join(a, p->dir, s.p)
                                            : rl_path_join(a, rl_path_join(a, p->root, "annotations"), s.p);
        p->annotation_paths[p->nannotations] = path;
        p->annotation_at[p->nannotations++] = f->span;
    }
    return rc;
}

static int read_outputs(rl_diag *d, rl_pub *p, const rl_ynode *n)
{
    if (n->kind == RL_Y_MAP) {
        rl_diag_error(d, n->span, "outputs must be a list such as [pdf, tex, html]");
        return -1;
    }
    size_t cnt = n->kind == RL_Y_SEQ ? n->n : 1;
    int rc = 0;
    p->outputs = 0;
    for (size_t i = 0; i < cnt; i++) {
        const rl_ynode *f = n->kind == RL_Y_SEQ ? n->items[i] : n;
        rl_str s;
        if (rl_ytree_str(d, f, "an output format", &s) < 0) {
            rc = -1;
            continue;
        }
        if (rl_str_eqz(s, "pdf"))
            p->outputs |= RL_OUT_PDF;
        else if (rl_str_eqz(s, "tex") || rl_str_eqz(s, "latex"))
            p->outputs |= RL_OUT_TEX;
        else if (rl_str_eqz(s, "html"))
            p->outputs |= RL_OUT_HTML;
        else {
            rl_diag_error(d, f->span, "unknown output format '%s'; use pdf, tex or html", s.p);
            rc = -1;
        }
    }
    if (!rc && !p->outputs) {
        rl_diag_error(d, n->span, "outputs is empty; list at least one of pdf, tex, html (or leave the key out)");
        rc = -1;
    }
    return rc;
}

static int read_edition(rl_diag *d, rl_pub *p, const rl_ynode *n)
{
    if (!rl_ytree_expect(d, n, RL_Y_MAP, "edition"))
        return -1;
    rl_ytree_check_keys(d, n, edition_keys, false);
    int rc = 0;
    if (rl_ytree_int(d, rl_ytree_lookup(n, "number"), "the edition number", 1, 1000000, &p->edition_number) < 0)
        rc = -1;
    if (rl_ytree_date(d, rl_ytree_lookup(n, "date"), "the edition date", &p->edition_date) < 0)
        rc = -1;
    return rc;
}

static int read_style(rl_arena *a, rl_diag *d, rl_pub *p, const rl_ynode *n)
{
    p->style = RL_STR("default");
    if (n) {
        if (rl_ytree_str(d, n, "style", &p->style) < 0 || !safe_name(d, n, p->style, "the style"))
            return -1;
    }
    if (strchr(p->style.p, '/')) {
        p->style_path = rl_path_join(a, p->dir, p->style.p);
    } else {
        size_t len = p->style.n;
        bool ext = len > 5 && strcmp(p->style.p + len - 5, ".yaml") == 0;
        const char *file = ext ? p->style.p : rl_arena_printf(a, "%s.yaml", p->style.p);
        p->style_path = rl_path_join(a, rl_path_join(a, p->root, "styles"), file);
        /* No style named and no styles/default.yaml in this project: use
         * the built-in defaults rather than fail on a file the user never
         * asked for. */
        if (!n && access(p->style_path, F_OK) != 0)
            p->style_path = NULL;
    }
    return 0;
}

rl_pub *rl_pub_load(rl_arena *a, rl_diag *d, const char *path)
{
    rl_source *src = rl_source_load(a, d, path, NULL);
    if (!src)
        return NULL;
    rl_ynode *root = rl_ytree_parse(a, d, src, 0, src->len);
    if (!root)
        return NULL;
    if (root->kind != RL_Y_MAP) {
        rl_diag_error(d, root->span, "a publication manifest must be a mapping of keys (title:, versions:, ...)");
        return NULL;
    }
    rl_pub *p = rl_arena_alloc(a, sizeof *p);
    p->src = src;
    p->path = src->path;
    p->dir = rl_path_dir(a, path);
    p->root_node = root;
    p->outputs = RL_OUT_ALL;
    rl_str empty = {"", 0};
    p->title = p->subtitle = p->url = p->lang = p->subject = p->notice = p->edition_date = empty;
    find_root(a, p);
    int rc = 0;
    rl_ytree_check_keys(d, root, top_keys, false);

    rl_ynode *title = rl_ytree_lookup(root, "title");
    if (!title) {
        rl_diag_error(d, (rl_span){src, 0, 0}, "the manifest has no 'title'; add a line such as 'title: My text'");
        rc = -1;
    } else if (rl_ytree_str(d, title, "title", &p->title) < 0) {
        rc = -1;
    } else if (!p->title.n) {
        rl_diag_error(d, title->span, "the title is empty");
        rc = -1;
    }
    if (read_str(d, root, "subtitle", &p->subtitle) || read_str(d, root, "url", &p->url) ||
        read_str(d, root, "lang", &p->lang) || read_str(d, root, "subject", &p->subject) ||
        read_str(d, root, "notice", &p->notice))
        rc = -1;
    if (rl_ytree_strlist(a, d, rl_ytree_lookup(root, "authors"), "authors", &p->authors, &p->nauthors) < 0)
        rc = -1;
    if (rl_ytree_strlist(a, d, rl_ytree_lookup(root, "keywords"), "keywords", &p->keywords, &p->nkeywords) < 0)
        rc = -1;
    rl_ynode *n;
    if ((n = rl_ytree_lookup(root, "edition")) && read_edition(d, p, n) < 0)
        rc = -1;
    if (read_style(a, d, p, rl_ytree_lookup(root, "style")) < 0)
        rc = -1;

    rl_ynode *vs = rl_ytree_lookup(root, "versions");
    if (!vs) {
        rl_diag_error(d, (rl_span){src, 0, 0},
                      "the manifest has no 'versions'; list the versions, oldest first, each with id and file");
        rc = -1;
    } else if (!rl_ytree_expect(d, vs, RL_Y_SEQ, "versions")) {
        rc = -1;
    } else {
        if (read_versions(a, d, p, vs) < 0)
            rc = -1;
        if (vs->n == 0) {
            rl_diag_error(d, vs->span, "versions is empty; list at least two versions to compare");
            rc = -1;
        }
    }

    rl_ynode *cs = rl_ytree_lookup(root, "compare");
    if (cs) {
        if (!rl_ytree_expect(d, cs, RL_Y_SEQ, "compare"))
            rc = -1;
        else if (read_compares(a, d, p, cs) < 0)
            rc = -1;
    } else if (p->nversions > 1) {
        p->compares = rl_arena_array(a, p->nversions - 1, sizeof *p->compares);
        for (size_t i = 0; i + 1 < p->nversions; i++)
            p->compares[p->ncompares++] = (rl_compare){i, i + 1, p->versions[i + 1].at};
    }
    if (!rc && p->ncompares == 0) {
        rl_diag_error(d, vs ? vs->span : root->span,
                      "there is nothing to compare; give at least two versions (or a 'compare' list)");
        rc = -1;
    }

    if ((n = rl_ytree_lookup(root, "annotations")) && read_files(a, d, p, n) < 0)
        rc = -1;
    if ((n = rl_ytree_lookup(root, "outputs")) && read_outputs(d, p, n) < 0)
        rc = -1;
    p->anchor_threshold = RL_ANCHOR_THRESHOLD;
    if (rl_ytree_num(d, rl_ytree_lookup(root, "anchor_threshold"), "anchor_threshold", 0, 1,
                     &p->anchor_threshold) < 0)
        rc = -1;
    if ((n = rl_ytree_lookup(root, "compare_layout"))) {
        rl_str s;
        if (rl_ytree_str(d, n, "compare_layout", &s) < 0)
            rc = -1;
        else if (rl_str_eqz(s, "one-document"))
            p->one_document = true;
        else if (!rl_str_eqz(s, "separate")) {
            rl_diag_error(d, n->span, "compare_layout must be 'separate' or 'one-document', not '%s'", s.p);
            rc = -1;
        }
    }
    return rc ? NULL : p;
}

int rl_pub_load_versions(rl_arena *a, rl_diag *d, rl_pub *p)
{
    int rc = 0;
    for (size_t i = 0; i < p->nversions; i++) {
        rl_version *v = &p->versions[i];
        v->doc = rl_doc_load(a, d, v->path, &v->at);
        if (!v->doc)
            rc = -1;
    }
    return rc;
}
