/* build.c - one publication from manifest to files on disk.
 *
 * Stages: load (manifest, style) -> versions, notes and every
 * comparison's redline (rl_diff, rl_annot_attach), while a helper thread
 * looks the fonts up and the hyphenation patterns are read -> edition ->
 * emitters into rl_bufs, per comparison (with compare_layout:
 * one-document, each emitter once with all of them as parts) -> citation
 * files -> commit.  With --changed the edition comes first, and nothing
 * else is done when the outputs are up to date.  Nothing touches the output folder before the commit,
 * and the commit is two-phase: every buffer is first saved (rl_buf_save:
 * temporary file + rename) under a staging name, and only when all are
 * staged are they renamed over the previous outputs; any failure removes
 * the staged files.  So a failed build leaves the old outputs intact and no
 * temporary files.  (A crash between two final renames can still mix two
 * editions; the stamp is written last, so the next --changed build redoes
 * it.)  Output names are built only from checked ids (rl_pub_safe_id) and
 * joined to the output folder, never from paths.
 *
 * Up-to-date check (--changed): the stamp records the edition id, the
 * formats and the files written; the build is skipped when the stamp says
 * the same, every output exists, and no input file (nor the redline binary)
 * is newer than the stamp, which is make's rule plus a content check.
 * Rejected: make-only dependency tracking (cannot see a changed style base
 * or font without redline's help, and prints nothing useful when there is
 * nothing to do), and content hashes only (`touch` would not rebuild).
 */
#include "build.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "cite.h"
#include "diag.h"
#include "edition.h"
#include "emit.h"
#include "font.h"
#include "helper.h"
#include "emit_history.h"
#include "history.h"
#include "layout.h"
#include "pipeline.h"
#include "pub.h"
#include "redline.h"
#include "source.h"
#include "style.h"

/* ---- formats and names ----------------------------------------------- */

static const struct {
    const char *name;
    unsigned bit;
} formats[] = {{"pdf", RL_FMT_PDF}, {"tex", RL_FMT_TEX}, {"html", RL_FMT_HTML}, {"trace", RL_FMT_TRACE}};

unsigned rl_build_parse_formats(const char *list, const char **bad)
{
    unsigned bits = 0;
    const char *s = list;
    while (*s) {
        size_t n = strcspn(s, ",");
        bool found = false;
        if (n == 3 && !strncmp(s, "all", 3)) {
            bits |= RL_FMT_ALL;
            found = true;
        }
        for (size_t i = 0; i < sizeof formats / sizeof *formats && !found; i++)
            if (strlen(formats[i].name) == n && !strncmp(s, formats[i].name, n)) {
                bits |= formats[i].bit;
                found = true;
            }
        if (!found) {
            if (bad)
                *bad = s;
            return 0;
        }
        s += n;
        if (*s == ',')
            s++;
    }
    if (!bits && bad)
        *bad = list;
    return bits;
}

void rl_build_format_names(unsigned bits, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (bits & formats[i].bit) {
            int w = snprintf(buf + o, size - o, "%s%s", o ? "," : "", formats[i].name);
            if (w < 0 || (size_t)w >= size - o)
                return;
            o += (size_t)w;
        }
}

int rl_build_check_outdir(rl_diag *d, const char *dir)
{
    if (!dir || !*dir) {
        rl_diag_file_error(d, NULL, "the output folder (-o) is empty; name a folder");
        return -1;
    }
    for (const char *s = dir; *s;) {
        size_t n = strcspn(s, "/");
        if (n == 2 && s[0] == '.' && s[1] == '.') {
            rl_diag_file_error(d, NULL,
                               "output folder '%s' contains '..'; name the folder without it "
                               "(an absolute path is fine)",
                               dir);
            return -1;
        }
        s += n;
        while (*s == '/')
            s++;
    }
    return 0;
}

unsigned rl_build_formats(const rl_pub *p, const rl_build_opts *o)
{
    if (o->formats)
        return o->formats;
    return p->outputs ? (p->outputs & (RL_FMT_PDF | RL_FMT_TEX | RL_FMT_HTML))
                      : (RL_FMT_PDF | RL_FMT_TEX | RL_FMT_HTML);
}

const char *rl_build_outdir(rl_arena *a, const rl_pub *p, const rl_build_opts *o)
{
    if (o->outdir)
        return rl_arena_strz(a, o->outdir);
    if (!strcmp(p->root, "."))
        return rl_arena_printf(a, "output/%.*s", (int)p->name.n, p->name.p);
    return rl_arena_printf(a, "%s/output/%.*s", p->root, (int)p->name.n, p->name.p);
}

/* compare_layout: one-document with two comparisons or more: the PDF, the
 * LaTeX and the HTML hold every comparison, one section each, under the
 * publication's name (the trace stays one file per comparison). */
static bool one_doc(const rl_pub *p)
{
    return p->one_document && p->ncompares >= 2;
}

/* Base name of comparison i: the publication's name for a single
 * comparison, else name-from-to. */
static const char *base_name(rl_arena *a, const rl_pub *p, size_t i)
{
    if (p->ncompares == 1 && !p->one_document)
        return rl_arena_strdup(a, p->name);
    const rl_str f = p->versions[p->compares[i].from].id, t = p->versions[p->compares[i].to].id;
    return rl_arena_printf(a, "%.*s-%.*s-%.*s", (int)p->name.n, p->name.p, (int)f.n, f.p,
                           (int)t.n, t.p);
}

static bool check_ids(rl_diag *d, const rl_pub *p)
{
    bool ok = true;
    if (!rl_pub_safe_id(p->name)) {
        rl_diag_file_error(d, p->path,
                           "the publication name '%.*s' (its folder) cannot be used in file "
                           "names; use letters, digits, '.', '_' and '-'",
                           (int)p->name.n, p->name.p);
        ok = false;
    }
    if (p->ncompares > 1 || p->one_document)
        for (size_t i = 0; i < p->ncompares; i++) {
            const rl_compare *c = &p->compares[i];
            size_t ends[2] = {c->from, c->to};
            for (int k = 0; k < 2; k++) {
                const rl_version *v = &p->versions[ends[k]];
                if (!rl_pub_safe_id(v->id)) {
                    rl_diag_error(d, v->at,
                                  "version id '%.*s' cannot be used in file names; use "
                                  "letters, digits, '.', '_' and '-'",
                                  (int)v->id.n, v->id.p);
                    ok = false;
                }
            }
        }
    return ok;
}

typedef struct names {
    rl_arena *a;
    const char **v;
    size_t n, cap;
} names;

static void add_name(names *ns, const char *name)
{
    for (size_t i = 0; i < ns->n; i++)
        if (!strcmp(ns->v[i], name))
            return;
    if (ns->n + 1 >= ns->cap) {
        size_t cap = ns->cap ? 2 * ns->cap : 16;
        ns->v = rl_arena_grow(ns->a, ns->v, ns->n, cap, sizeof *ns->v);
        ns->cap = cap;
    }
    ns->v[ns->n++] = name;
}

const char **rl_build_outputs(rl_arena *a, rl_diag *d, const rl_pub *p, unsigned fmt)
{
    if (!check_ids(d, p))
        return NULL;
    names ns = {a, NULL, 0, 0};
    for (size_t i = 0; i < p->ncompares; i++) {
        const char *b = one_doc(p) ? rl_arena_strdup(a, p->name) : base_name(a, p, i);
        if (!one_doc(p) || i == 0) {
            if (fmt & RL_FMT_PDF)
                add_name(&ns, rl_arena_printf(a, "%s.pdf", b));
            if (fmt & RL_FMT_TEX) {
                add_name(&ns, rl_arena_printf(a, "%s.tex", b));
                add_name(&ns, rl_arena_printf(a, "%s-body.tex", b));
                add_name(&ns, "redline.sty");
            }
            if (fmt & RL_FMT_HTML)
                add_name(&ns, rl_arena_printf(a, "%s.html", b));
        }
        if (fmt & RL_FMT_TRACE)
            add_name(&ns, rl_arena_printf(a, "%s.trace", base_name(a, p, i)));
    }
    if ((fmt & RL_FMT_HTML) && p->nversions >= 3)
        add_name(&ns, rl_arena_printf(a, "%.*s-history.html", (int)p->name.n, p->name.p));
    add_name(&ns, rl_arena_printf(a, "%.*s.bib", (int)p->name.n, p->name.p));
    add_name(&ns, rl_arena_printf(a, "%.*s.json", (int)p->name.n, p->name.p));
    add_name(&ns, "");   /* room for the terminator */
    ns.v[ns.n - 1] = NULL;
    return ns.v;
}

const char *rl_build_self(rl_arena *a)
{
    char exe[PATH_MAX], cwd[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    if (getcwd(cwd, sizeof cwd)) {
        size_t m = strlen(cwd);
        if (!strncmp(exe, cwd, m) && exe[m] == '/')
            return rl_arena_strz(a, exe + m + 1);
    }
    return rl_arena_strz(a, exe);
}

/* ---- files ----------------------------------------------------------- */

typedef struct outfile {
    const char *name;
    rl_buf buf;
} outfile;

static int mkdir_p(rl_diag *d, const char *dir)
{
    char path[PATH_MAX];
    size_t n = strlen(dir);
    if (n >= sizeof path) {
        rl_diag_file_error(d, dir, "path too long");
        return -1;
    }
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        char c = path[i];
        path[i] = '\0';
        if (mkdir(path, 0777) < 0 && errno != EEXIST) {
            rl_diag_file_error(d, path, "cannot create folder: %s", strerror(errno));
            return -1;
        }
        path[i] = c;
    }
    struct stat sb;
    if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
        rl_diag_file_error(d, dir, "is not a folder; give another output folder with -o");
        return -1;
    }
    return 0;
}

/* Two-phase commit of files[0..n) into dir (see the top of the file). */
static int commit(rl_arena *a, rl_diag *d, const char *dir, outfile *files, size_t n)
{
    if (mkdir_p(d, dir) < 0)
        return -1;
    const char **staged = rl_arena_array(a, n, sizeof *staged);
    size_t k = 0;
    int rc = 0;
    for (; k < n; k++) {
        staged[k] = rl_arena_printf(a, "%s/%s.tmpstage", dir, files[k].name);
        if (rl_buf_save(&files[k].buf, staged[k], d) < 0) {
            rc = -1;
            break;
        }
    }
    if (rc < 0) {
        for (size_t i = 0; i < k; i++)
            unlink(staged[i]);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const char *final = rl_arena_printf(a, "%s/%s", dir, files[i].name);
        if (rename(staged[i], final) < 0) {
            rl_diag_file_error(d, final, "cannot write: %s", strerror(errno));
            for (size_t j = i; j < n; j++)
                unlink(staged[j]);
            return -1;
        }
    }
    return 0;
}

/* ---- the stamp --------------------------------------------------------- */

static void stamp_text(rl_buf *b, const rl_edition *e, unsigned fmt, const char **outs)
{
    char fl[64];
    rl_build_format_names(fmt, fl, sizeof fl);
    rl_buf_printf(b, "redline stamp 1\nedition %s\nformats %s\n", e->full, fl);
    for (size_t i = 0; outs[i]; i++)
        rl_buf_printf(b, "output %s\n", outs[i]);
}

static bool newer(const struct stat *x, const struct stat *than)
{
    if (x->st_mtim.tv_sec != than->st_mtim.tv_sec)
        return x->st_mtim.tv_sec > than->st_mtim.tv_sec;
    return x->st_mtim.tv_nsec > than->st_mtim.tv_nsec;
}

static bool uptodate(rl_arena *a, const char *dir, const char *stamp_path, const rl_edition *e,
                     unsigned fmt, const char **outs)
{
    rl_diag *quiet = rl_diag_new();
    rl_source *s = rl_source_load(a, quiet, stamp_path, NULL);
    rl_diag_free(quiet);
    if (!s)
        return false;
    rl_buf want = RL_BUF_INIT;
    stamp_text(&want, e, fmt, outs);
    bool same = want.n == s->len && !memcmp(want.p, s->text, s->len);
    rl_buf_free(&want);
    if (!same)
        return false;
    struct stat st, sb;
    if (stat(stamp_path, &st) < 0)
        return false;
    for (size_t i = 0; outs[i]; i++)
        if (stat(rl_arena_printf(a, "%s/%s", dir, outs[i]), &sb) < 0)
            return false;
    for (size_t i = 0; i < e->ninputs; i++)
        if (e->inputs[i].path && (stat(e->inputs[i].path, &sb) < 0 || newer(&sb, &st)))
            return false;
    if (stat("/proc/self/exe", &sb) == 0 && newer(&sb, &st))
        return false;
    return true;
}

/* ---- the build ------------------------------------------------------- */

typedef struct files {
    rl_arena *a;
    outfile *v;
    size_t n, cap;
} files;

static rl_buf *new_file(files *fs, const char *name)
{
    for (size_t i = 0; i < fs->n; i++)
        if (!strcmp(fs->v[i].name, name)) {   /* redline.sty: the last one wins */
            rl_buf_clear(&fs->v[i].buf);
            return &fs->v[i].buf;
        }
    if (fs->n == fs->cap) {
        size_t cap = fs->cap ? 2 * fs->cap : 16;
        fs->v = rl_arena_grow(fs->a, fs->v, fs->n, cap, sizeof *fs->v);
        fs->cap = cap;
    }
    outfile *f = &fs->v[fs->n++];
    f->name = name;
    f->buf = RL_BUF_INIT;
    return &f->buf;
}

static rl_emit_ctx emit_ctx(rl_arena *a, rl_diag *d, const rl_pub *p, const rl_style *st, const rl_edition *e,
                            const rl_emit_part *part, const char *b, int *npages)
{
    rl_emit_ctx c = {
        .a = a,
        .d = d,
        .pub = p,
        .style = st,
        .r = part->r,
        .vold = part->vold,
        .vnew = part->vnew,
        .edition_id = rl_str_z(e->id),
        .edition_number = p->edition_number,
        .date = e->date,
        .epoch = e->epoch,
        .basename = b,
        .pages_out = npages,
    };
    return c;
}

/* The PDF, LaTeX and HTML of c (one comparison, or all of them when
 * c->parts is set) under base name b. */
static int emit_documents(rl_arena *a, const rl_emit_ctx *c, const char *b, unsigned fmt, files *fs, int *pages,
                          const int *npages)
{
    int rc = 0;
    if (fmt & RL_FMT_PDF) {
        if (rl_emit_pdf(c, new_file(fs, rl_arena_printf(a, "%s.pdf", b))) < 0)
            rc = -1;
        else if (*npages >= 0)
            *pages = (*pages < 0 ? 0 : *pages) + *npages;
    }
    if (fmt & RL_FMT_TEX) {
        rl_buf *tex = new_file(fs, rl_arena_printf(a, "%s.tex", b));
        rl_buf *body = new_file(fs, rl_arena_printf(a, "%s-body.tex", b));
        rl_buf *sty = new_file(fs, "redline.sty");
        if (rl_emit_latex(c, tex, body, sty) < 0)
            rc = -1;
    }
    if ((fmt & RL_FMT_HTML) && rl_emit_html(c, new_file(fs, rl_arena_printf(a, "%s.html", b))) < 0)
        rc = -1;
    return rc;
}

/* Every comparison: each one's documents (separate layout) or one set of
 * documents with a section per comparison (one-document layout); the
 * traces are per comparison in both. */
static int emit_comparisons(rl_arena *a, rl_diag *d, const rl_pub *p, const rl_style *st, rl_fonts *fonts,
                            rl_emit_part *parts, const rl_edition *e, unsigned fmt, files *fs, int *pages,
                            const rl_build_opts *o)
{
    int rc = 0;
    for (size_t i = 0; i < p->ncompares; i++) {
        if (!parts[i].r) {
            rc = -1;
            continue;
        }
        int npages = -1;
        const char *b = base_name(a, p, i);
        rl_emit_ctx c = emit_ctx(a, d, p, st, e, &parts[i], b, &npages);
        c.fonts = fonts;
        c.on_layout = o->on_layout;
        c.on_layout_arg = o->observer_arg;
        if (!one_doc(p) && emit_documents(a, &c, b, fmt, fs, pages, &npages) < 0)
            rc = -1;
        if ((fmt & RL_FMT_TRACE) && rl_emit_trace(&c, new_file(fs, rl_arena_printf(a, "%s.trace", b))) < 0)
            rc = -1;
    }
    if (one_doc(p) && rc == 0) {
        int npages = -1;
        const char *b = rl_arena_strdup(a, p->name);
        rl_emit_ctx c = emit_ctx(a, d, p, st, e, &parts[0], b, &npages);
        c.fonts = fonts;
        c.on_layout = o->on_layout;
        c.on_layout_arg = o->observer_arg;
        c.parts = parts;
        c.nparts = p->ncompares;
        rc = emit_documents(a, &c, b, fmt, fs, pages, &npages);
    }
    return rc;
}

/* The cumulative view of every version, for three versions or more. */
static int emit_history(rl_arena *a, rl_diag *d, const rl_pub *p, const rl_style *st,
                        const rl_edition *e, files *fs)
{
    const rl_doc **docs = rl_arena_array(a, p->nversions, sizeof *docs);
    for (size_t k = 0; k < p->nversions; k++)
        docs[k] = p->versions[k].doc;
    rl_diff_opts opts = {0};
    rl_history *h = rl_history_build(a, docs, p->nversions, &opts);
    const char *b = rl_arena_printf(a, "%.*s-history", (int)p->name.n, p->name.p);
    rl_emit_ctx c = {
        .a = a,
        .d = d,
        .pub = p,
        .style = st,
        .edition_id = rl_str_z(e->id),
        .edition_number = p->edition_number,
        .date = e->date,
        .epoch = e->epoch,
        .basename = b,
    };
    return rl_emit_history_html(&c, h, new_file(fs, rl_arena_printf(a, "%s.html", b)));
}

static void set_name(rl_build_result *res, rl_str name)
{
    size_t n = name.n < sizeof res->name - 1 ? name.n : sizeof res->name - 1;
    memcpy(res->name, name.p, n);
    res->name[n] = '\0';
}

/* ---- inputs, read while the fonts are looked up ----------------------- */

/* The fonts of a style opened on a helper thread, in its own arena. */
typedef struct font_job {
    const rl_style *st;
    rl_arena *a;
    rl_fonts *f;
    rl_helper h;
} font_job;

static void fonts_run(void *arg)
{
    font_job *j = arg;
    rl_diag *quiet = rl_diag_new(); /* the layout opens them again and reports */
    j->f = rl_fonts_open(j->a, quiet, j->st);
    rl_diag_free(quiet);
}

static void fonts_start(font_job *j, const rl_style *st)
{
    memset(j, 0, sizeof *j);
    j->st = st;
    if (!st)
        return;
    j->a = rl_arena_new();
    rl_helper_start(&j->h, fonts_run, j, true);
}

/* The fonts opened by fonts_start (their arena joins a), or NULL: the
 * edition then opens them itself. */
static rl_fonts *fonts_join(rl_arena *a, font_job *j)
{
    if (!j->st)
        return NULL;
    rl_helper_join(&j->h);
    rl_arena_adopt(a, j->a);
    return j->f;
}

/* The versions and the annotations, then the redlines, or NULL. */
static rl_emit_part *load_inputs(rl_pipeline *pl)
{
    int rc = rl_pipeline_load_versions(pl);
    if (rl_pipeline_load_notes(pl) < 0)
        rc = -1;
    if (rc < 0 || rl_diag_errors(pl->d))
        return NULL;
    return rl_pipeline_compare_all(pl);
}

int rl_build_pub(rl_arena *a, rl_diag *d, const char *path, const rl_build_opts *o,
                 rl_build_result *res)
{
    memset(res, 0, sizeof *res);
    res->pages = -1;
    /* Until the manifest names it, the publication is its folder's name. */
    const char *slash = strrchr(path, '/');
    if (slash) {
        const char *start = slash;
        while (start > path && start[-1] != '/')
            start--;
        set_name(res, (rl_str){start, (size_t)(slash - start)});
    } else {
        set_name(res, rl_str_z(path));
    }

    files fs = {a, NULL, 0, 0};
    int rc = -1;
    rl_pipeline *pl = rl_pipeline_open(a, d, path);
    if (!pl)
        goto done;
    pl->on_redline = o->on_redline;
    pl->observer_arg = o->observer_arg;
    rl_pub *p = pl->pub;
    set_name(res, p->name);
    unsigned fmt = rl_build_formats(p, o);
    res->formats = fmt;
    const char **outs = rl_build_outputs(a, d, p, fmt);
    if (!outs)
        goto done;
    /* The style is loaded once, for the edition's fonts and the build. */
    rl_style *st = rl_pipeline_load_style(pl, o->style);
    const char *style_path = pl->style_path;
    /* Looking the fonts up (fontconfig reads its configuration and cache)
     * is the slowest part of computing the edition: it runs on a helper
     * thread while this one loads the versions and notes and compares
     * them, which every build but an up-to-date --changed one needs
     * anyway.  Then the hyphenation patterns are read ahead, while this
     * thread waits for the fonts: the layout needs the fonts first and the
     * patterns only later, and they do not compete with the loading. */
    font_job fj;
    fonts_start(&fj, st);
    bool paged = st && (fmt & (RL_FMT_PDF | RL_FMT_TRACE));
    rl_emit_part *parts = NULL;
    bool loaded = !o->changed;
    if (loaded) {
        parts = load_inputs(pl);
        if (parts && paged)
            rl_layout_prefetch(p, st);
    }
    rl_fonts *fonts = fonts_join(a, &fj);
    /* Faces that cannot be opened are reported here, once: left to each
     * layout (the PDF, the trace, every comparison) they would be
     * reported again by each. */
    if (paged && !fonts && (fonts = rl_fonts_open(a, d, st)) == NULL)
        goto done;
    rl_edition_opts eo = {.style = st, .fonts = fonts, .no_input_digests = true};
    if (loaded && !parts)
        goto done;
    rl_edition e;
    if (rl_edition_compute_opts(a, d, p, style_path, &eo, &e) < 0)
        goto done;
    snprintf(res->edition, sizeof res->edition, "%s", e.id);
    const char *dir = rl_build_outdir(a, p, o);
    const char *stamp = rl_arena_printf(a, "%s/.%.*s.stamp", dir, (int)p->name.n, p->name.p);
    if (o->changed && uptodate(a, dir, stamp, &e, fmt, outs)) {
        res->uptodate = true;
        rc = 0;
        goto done;
    }

    if (!loaded) {
        if (paged)
            rl_layout_prefetch(p, st);
        parts = load_inputs(pl);
    }
    if (!st || !parts || rl_diag_errors(d))
        goto done;

    int bad = emit_comparisons(a, d, p, st, fonts, parts, &e, fmt, &fs, &res->pages, o);
    if ((fmt & RL_FMT_HTML) && p->nversions >= 3 && !bad)
        bad |= emit_history(a, d, p, st, &e, &fs);
    rl_cite_bibtex(p, &e, new_file(&fs, rl_arena_printf(a, "%.*s.bib", (int)p->name.n, p->name.p)));
    rl_cite_csl(p, &e, new_file(&fs, rl_arena_printf(a, "%.*s.json", (int)p->name.n, p->name.p)));
    if (bad || rl_diag_errors(d))
        goto done;
    if (commit(a, d, dir, fs.v, fs.n) < 0)
        goto done;
    res->files = fs.n;
    rl_buf sb = RL_BUF_INIT;
    stamp_text(&sb, &e, fmt, outs);
    rc = rl_buf_save(&sb, stamp, d);
    rl_buf_free(&sb);

done:
    for (size_t i = 0; i < fs.n; i++)
        rl_buf_free(&fs.v[i].buf);
    return rc;
}
