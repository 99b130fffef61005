/* edition.c - a publication's inputs, its edition date and identifier.
 *
 * The identifier is SHA-256 over a framed list of inputs:
 *
 *     "redline-edition-1\n" u64(count)
 *     for each input: u64(|kind|) kind u64(|name|) name u64(|bytes|) bytes
 *
 * (u64 is big-endian), so moving bytes from one input to the next, or
 * renaming a file, always changes the hash.  Names are paths relative to
 * the project root, never machine paths, so two checkouts in different
 * folders share their editions.  Fonts are hashed as "file name, size":
 * the font bytes belong to the system (and a font package update that
 * changes a file's size changes the edition); absolute paths are left out.
 * Alternatives rejected: hashing the outputs (an id must exist before the
 * PDF that prints it), git's commit id (not every input is in git, and a
 * dirty tree would lie), and the mtime (changes without the content).
 * A build passes its loaded style in and skips the per-input digests
 * (only `redline edition` shows them), so each input is hashed once.
 */
#include "edition.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "font.h"
#include "path.h"
#include "pub.h"
#include "sha256.h"
#include "source.h"
#include "style.h"
#include "ytree.h"

static const char *const kind_names[] = {"manifest", "version", "annotations", "style",
                                         "font",     "date",    "redline"};

const char *rl_edition_kind_name(rl_input_kind k)
{
    return kind_names[k];
}

/* ---- paths ---------------------------------------------------------- */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !memcmp(s + n - m, suffix, m);
}

const char *rl_edition_relpath(rl_arena *a, const char *root, const char *path)
{
    char rbuf[PATH_MAX], pbuf[PATH_MAX];
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (!realpath(root, rbuf) || !realpath(path, pbuf))
        return rl_arena_strz(a, base);
    size_t n = strlen(rbuf);
    if (n == 1)   /* root is "/" */
        return rl_arena_strz(a, pbuf + 1);
    if (!strncmp(pbuf, rbuf, n) && pbuf[n] == '/')
        return rl_arena_strz(a, pbuf + n + 1);
    return rl_arena_strz(a, base);
}

const char *rl_edition_style_path(rl_arena *a, const rl_pub *p, const char *style)
{
    if (!style)
        return p->style_path;
    if (strchr(style, '/') || ends_with(style, ".yaml"))
        return rl_arena_strz(a, style);
    return rl_arena_printf(a, "%s/styles/%s.yaml", p->root, style);
}

size_t rl_edition_style_files(rl_arena *a, const char *style_path, const char ***out)
{
    enum { MAX_DEPTH = 16 };
    const char **files = rl_arena_array(a, MAX_DEPTH, sizeof *files);
    size_t n = 0;
    const char *path = style_path;
    rl_diag *quiet = rl_diag_new();   /* the style loader reports problems */
    while (path && n < MAX_DEPTH) {
        for (size_t i = 0; i < n; i++)
            if (!strcmp(files[i], path))
                goto done;
        files[n++] = path;
        rl_source *src = rl_source_load(a, quiet, path, NULL);
        if (!src)
            break;
        rl_ynode *root = rl_ytree_parse(a, quiet, src, 0, src->len);
        rl_ynode *base = rl_ytree_lookup(root, "base");
        if (!base || base->kind != RL_Y_SCALAR || !base->str.n)
            break;
        const char *dir = rl_path_dir(a, path);
        if (strchr(base->str.p, '/') || ends_with(base->str.p, ".yaml"))
            path = rl_path_join(a, dir, base->str.p);
        else
            path = rl_arena_printf(a, "%s/%s.yaml", dir, base->str.p);
    }
done:
    rl_diag_free(quiet);
    *out = files;
    return n;
}

/* ---- the date ------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

int rl_edition_date(rl_arena *a, rl_diag *d, const rl_pub *p, rl_edition *out)
{
    if (p->edition_date.n == 10) {
        /* The copy is NUL-terminated, the manifest's slice is not: atoi
         * must not read past the date. */
        out->date = rl_arena_str(a, p->edition_date);
        const char *s = out->date.p;
        int y = atoi(s), m = atoi(s + 5), dd = atoi(s + 8);
        out->epoch = days_from_civil(y, (unsigned)m, (unsigned)dd) * 86400;
        out->date_from = "manifest";
        return 0;
    }
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (errno || *end || v < 0 || v > 253402300799LL) {
            rl_diag_file_error(d, NULL,
                               "SOURCE_DATE_EPOCH='%s' is not a number of seconds since 1970; "
                               "unset it or give an integer",
                               sde);
            return -1;
        }
        time_t t = (time_t)v;
        struct tm tm;
        gmtime_r(&t, &tm);
        out->date = rl_str_z(rl_arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900,
                                             tm.tm_mon + 1, tm.tm_mday));
        out->epoch = v;
        out->date_from = "SOURCE_DATE_EPOCH";
        return 0;
    }
    out->date = RL_STR("1970-01-01");
    out->epoch = 0;
    out->date_from = "default";
    return 0;
}

/* ---- inputs --------------------------------------------------------- */

typedef struct inputs {
    rl_arena *a;
    rl_input *v;
    size_t n, cap;
} inputs;

static rl_input *push(inputs *in, rl_input_kind kind, const char *path, const char *name)
{
    if (in->n == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 16;
        in->v = rl_arena_grow(in->a, in->v, in->n, cap, sizeof *in->v);
        in->cap = cap;
    }
    rl_input *x = &in->v[in->n++];
    x->kind = kind;
    x->path = path;
    x->name = name;
    return x;
}

/* The file at path as an input; src is its text if already loaded,
 * named_at where the manifest names it (for messages), or NULL. */
static int add_file(inputs *in, rl_diag *d, const rl_pub *p, rl_input_kind kind, const char *path,
                    const rl_source *src, const rl_span *named_at)
{
    for (size_t i = 0; i < in->n; i++)   /* a file listed twice counts once */
        if (in->v[i].path && !strcmp(in->v[i].path, path))
            return 0;
    if (!src)
        src = rl_source_load(in->a, d, path, named_at);
    if (!src)
        return -1;
    rl_input *x = push(in, kind, path, rl_edition_relpath(in->a, p->root, path));
    x->bytes = (rl_str){src->text, src->len};
    x->size = src->len;
    return 0;
}

/* The font files of the style, as "file name" + "size" inputs (the style
 * and fonts of o are used when given, else loaded and opened here). */
static void add_fonts(inputs *in, const char *style_path, const rl_edition_opts *o)
{
    rl_diag *quiet = rl_diag_new();
    const rl_style *st = o->style ? o->style : rl_style_load(in->a, quiet, style_path);
    const rl_fonts *f = o->fonts ? o->fonts : st ? rl_fonts_open(in->a, quiet, st) : NULL;
    for (int face = 0; face < RL_NFACES; face++) {
        const char *file = f ? rl_fonts_file(f, (rl_face)face) : NULL;
        if (!file) {
            /* Unresolvable: the build will report it; name the family. */
            rl_str fam = !st ? RL_STR("unresolved")
                             : face == RL_FACE_MONO ? st->mono_family : st->font_family;
            rl_input *x = push(in, RL_IN_FONT, NULL,
                               rl_arena_printf(in->a, "face %d: %.*s", face, (int)fam.n, fam.p));
            x->bytes = RL_STR("unresolved");
            continue;
        }
        bool dup = false;
        for (size_t i = 0; i < in->n; i++)
            dup |= in->v[i].kind == RL_IN_FONT && in->v[i].path && !strcmp(in->v[i].path, file);
        if (dup)
            continue;
        struct stat sb;
        size_t size = stat(file, &sb) == 0 ? (size_t)sb.st_size : 0;
        const char *base = strrchr(file, '/');
        rl_input *x = push(in, RL_IN_FONT, rl_arena_strz(in->a, file),
                           rl_arena_strz(in->a, base ? base + 1 : file));
        x->size = size;
        x->bytes = rl_str_z(rl_arena_printf(in->a, "%zu", size));
    }
    rl_diag_free(quiet);
}

static void put_u64(rl_sha256_ctx *c, uint64_t v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (56 - 8 * i));
    rl_sha256_update(c, b, 8);
}

static void put_field(rl_sha256_ctx *c, const void *p, size_t n)
{
    put_u64(c, n);
    rl_sha256_update(c, p, n);
}

int rl_edition_compute(rl_arena *a, rl_diag *d, const rl_pub *p, const char *style_path,
                       rl_edition *out)
{
    static const rl_edition_opts none = {0};
    return rl_edition_compute_opts(a, d, p, style_path, &none, out);
}

int rl_edition_compute_opts(rl_arena *a, rl_diag *d, const rl_pub *p, const char *style_path,
                            const rl_edition_opts *o, rl_edition *out)
{
    memset(out, 0, sizeof *out);
    inputs in = {a, NULL, 0, 0};
    int rc = 0;
    rc |= add_file(&in, d, p, RL_IN_MANIFEST, p->path, NULL, NULL);
    for (size_t i = 0; i < p->nversions; i++) {
        const rl_doc *doc = p->versions[i].doc;   /* loaded by a build: read once */
        rc |= add_file(&in, d, p, RL_IN_VERSION, p->versions[i].path, doc ? doc->src : NULL, &p->versions[i].at);
    }
    for (size_t i = 0; i < p->nannotations; i++)
        rc |= add_file(&in, d, p, RL_IN_ANNOTATIONS, p->annotation_paths[i], NULL, &p->annotation_at[i]);
    const char **styles;
    size_t nstyles = rl_edition_style_files(a, style_path, &styles);
    for (size_t i = 0; i < nstyles; i++)
        rc |= add_file(&in, d, p, RL_IN_STYLE, styles[i], NULL, NULL);
    if (rc)
        return -1;
    add_fonts(&in, style_path, o);
    if (rl_edition_date(a, d, p, out) < 0)
        return -1;
    rl_input *x = push(&in, RL_IN_DATE, NULL, out->date_from);
    x->bytes = rl_str_z(rl_arena_printf(a, "%.*s %lld", (int)out->date.n, out->date.p,
                                        (long long)out->epoch));
    x->size = x->bytes.n;
    x = push(&in, RL_IN_REDLINE, NULL, "redline " RL_VERSION);
    x->bytes = RL_STR(RL_VERSION);
    x->size = x->bytes.n;

    rl_sha256_ctx c;
    rl_sha256_init(&c);
    static const char domain[] = "redline-edition-1\n";
    rl_sha256_update(&c, domain, sizeof domain - 1);
    put_u64(&c, in.n);
    for (size_t i = 0; i < in.n; i++) {
        rl_input *y = &in.v[i];
        const char *k = kind_names[y->kind];
        put_field(&c, k, strlen(k));
        put_field(&c, y->name, strlen(y->name));
        put_field(&c, y->bytes.p, y->bytes.n);
        if (o->no_input_digests) {
            y->sha256[0] = '\0';
            continue;
        }
        uint8_t dig[RL_SHA256_LEN];
        rl_sha256(y->bytes.p, y->bytes.n, dig);
        rl_sha256_hex(dig, y->sha256);
    }
    uint8_t dig[RL_SHA256_LEN];
    rl_sha256_final(&c, dig);
    rl_sha256_hex(dig, out->full);
    memcpy(out->id, out->full, RL_EDITION_ID_LEN);
    out->id[RL_EDITION_ID_LEN] = '\0';
    out->inputs = in.v;
    out->ninputs = in.n;
    return 0;
}
