/* style.c - load and check a style file (styles/NAME.yaml).
 *
 * A style is applied in layers: the built-in defaults, then each `base:`
 * file from the root of the chain down, then the file itself; every layer
 * sets only the keys it names.  Bases are looked up by name in the folder
 * of the file that names them; the chain of names is kept to detect
 * cycles (a -> b -> a) and to bound the depth.
 *
 * Every key is checked as it is read (unknown keys are errors with the
 * closest known key, through ytree), and the geometry is checked once all
 * layers are applied, because an impossible page can come from two files
 * (a base's margin and a child's note width).  For that, the loader
 * remembers where each geometric value was last set, and a geometry error
 * points at the most recently set value involved.
 *
 * User text in a style is data: the LaTeX class, options and preamble and
 * the HTML theme and CSS are checked against small whitelists rather than
 * escaped, since they are inserted into generated files as code.
 * Rejected: a generic "schema" table driving the reads (the sections are
 * few, and hand-written reads give each value its own message).
 */
#include "style.h"
#include "arena.h"
#include "diag.h"
#include "hyph.h"
#include "path.h"
#include "source.h"
#include "ytree.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MM (72.0 / 25.4)
#define MAX_DEPTH 8

/* Where a value was last set: the span, and a sequence number (later wins). */
typedef struct at {
    rl_span sp;
    unsigned seq;
} at;

enum {
    AT_PAGE_W, AT_PAGE_H, AT_MT, AT_MB, AT_MI, AT_MO, AT_FONT, AT_LEAD,
    AT_NW, AT_NG, AT_SIDE, AT_NFONT, AT_NLEAD, AT_HEAD, AT_FOOT, AT_LNUM, AT__N
};

typedef struct loader {
    rl_arena *a;
    rl_diag *d;
    rl_style *s;
    int errors;
    at where[AT__N];
    unsigned seq;
    const char *chain[MAX_DEPTH + 1];
    size_t depth;
} loader;

static void set_at(loader *L, int which, const rl_ynode *n)
{
    L->where[which].sp = n->span;
    L->where[which].seq = ++L->seq;
}

/* ---- defaults ---------------------------------------------------------- */

void rl_style_defaults(rl_style *s)
{
    memset(s, 0, sizeof *s);
    s->name = RL_STR("default");
    s->paper = RL_STR("a4");
    s->page_w = 210 * MM;
    s->page_h = 297 * MM;
    s->margin_top = 20 * MM;
    s->margin_bottom = 24 * MM;
    s->margin_inner = 20 * MM;
    s->margin_outer = 62 * MM;
    s->font_family = RL_STR("Liberation Serif");
    s->mono_family = RL_STR("Liberation Mono");
    s->font_size = 10.5;
    s->leading = 13.5;
    s->heading_scale = 1.3;
    s->lang = RL_STR("en_US");
    s->hyphenate = true;
    s->note_side = RL_SIDE_OUTER;
    s->note_width = 48 * MM;
    s->note_gap = 5 * MM;
    s->note_font_size = 8;
    s->note_leading = 10;
    s->color_insert = (rl_rgb){0x1a / 255.0, 0x5f / 255.0, 0xb4 / 255.0};
    s->color_delete = (rl_rgb){0xc0 / 255.0, 0x1c / 255.0, 0x28 / 255.0};
    s->color_move = (rl_rgb){0x61 / 255.0, 0x35 / 255.0, 0x83 / 255.0};
    s->color_note = (rl_rgb){0x86 / 255.0, 0x5e / 255.0, 0x3c / 255.0};
    s->color_label = (rl_rgb){0x3d / 255.0, 0x38 / 255.0, 0x46 / 255.0};
    s->change_bars = true;
    s->line_numbers = true;
    s->line_number_step = 5;
    s->header = RL_STR("{title}");
    s->footer = RL_STR("Edition {edition} of {date} \xc2\xb7 page {page} of {pages}");
    s->latex_class = RL_STR("article");
    s->latex_options = RL_STR("a4paper,10pt");
    s->html_theme = RL_STR("light");
    s->html_css = RL_STR("");
    s->par_skip = 4;
    s->par_indent = 0;
}

/* ---- scalar readers ---------------------------------------------------- */

static void err(loader *L, const rl_ynode *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void err(loader *L, const rl_ynode *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rl_diag_report(L->d, RL_ERROR, n->span, fmt, ap);
    va_end(ap);
    L->errors++;
}

/* A length: number + unit (pt, mm, cm, in); "0" may go without a unit.
 * positive: 0 allows 0, 1 requires more than 0; negative is never allowed. */
static bool length(loader *L, const rl_ynode *n, const char *what, int positive, double *out)
{
    if (!n)
        return false;
    if (n->kind == RL_Y_SCALAR && n->str.n > 0) {
        const char *p = n->str.p;
        char *end;
        errno = 0;
        double v = strtod(p, &end);
        if (end != p && !errno && isfinite(v)) {
            while (*end == ' ')
                end++;
            double k = 0;
            if (!strcmp(end, "pt"))
                k = 1;
            else if (!strcmp(end, "mm"))
                k = MM;
            else if (!strcmp(end, "cm"))
                k = 10 * MM;
            else if (!strcmp(end, "in"))
                k = 72;
            else if (!*end && v == 0)
                k = 1;
            if (k > 0) {
                v *= k;
                if (positive && v <= 0) {
                    err(L, n, "%s must be greater than 0", what);
                    return false;
                }
                if (v < 0) {
                    err(L, n, "%s must not be negative", what);
                    return false;
                }
                if (v > 200 * 72) {
                    err(L, n, "%s is too large (over 200 in)", what);
                    return false;
                }
                *out = v;
                return true;
            }
        }
    }
    err(L, n, "%s must be a length with a unit, e.g. 12mm (pt, mm, cm or in)", what);
    return false;
}

static bool str_value(loader *L, const rl_ynode *n, const char *what, bool nonempty, rl_str *out)
{
    if (!n)
        return false;
    if (rl_ytree_str(L->d, n, what, out) < 0) {
        L->errors++;
        return false;
    }
    for (size_t i = 0; i < out->n; i++)
        if ((unsigned char)out->p[i] < 0x20 && out->p[i] != '\t') {
            err(L, n, "%s must be one line without control characters", what);
            return false;
        }
    if (nonempty && out->n == 0) {
        err(L, n, "%s must not be empty", what);
        return false;
    }
    return true;
}

static bool bool_value(loader *L, const rl_ynode *n, const char *what, bool *out)
{
    if (!n)
        return false;
    if (rl_ytree_bool(L->d, n, what, out) < 0) {
        L->errors++;
        return false;
    }
    return true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static void color(loader *L, const rl_ynode *n, const char *what, rl_rgb *out)
{
    if (!n)
        return;
    if (n->kind == RL_Y_SCALAR && n->str.n == 7 && n->str.p[0] == '#') {
        int v[6];
        bool ok = true;
        for (int i = 0; i < 6; i++)
            ok = ok && (v[i] = hexval(n->str.p[i + 1])) >= 0;
        if (ok) {
            out->r = (v[0] * 16 + v[1]) / 255.0;
            out->g = (v[2] * 16 + v[3]) / 255.0;
            out->b = (v[4] * 16 + v[5]) / 255.0;
            return;
        }
    }
    err(L, n, "%s must be a colour written \"#rrggbb\" (with the quotes: an unquoted # starts a comment)",
        what);
}

/* Characters allowed in a name that goes into generated code. */
static bool only(rl_str s, const char *extra)
{
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr(extra, c)) ||
            c == 0)
            return false;
    }
    return true;
}

static bool check_keys(loader *L, const rl_ynode *m, const char *what, const char *const *known)
{
    if (!m)
        return false;
    if (!rl_ytree_expect(L->d, m, RL_Y_MAP, what)) {
        L->errors++;
        return false;
    }
    L->errors += rl_ytree_check_keys(L->d, m, known, true);
    return true;
}

/* ---- templates --------------------------------------------------------- */

static const char *const VARS[] = {"title", "page", "pages", "edition", "date", NULL};

static void template_value(loader *L, const rl_ynode *n, const char *what, rl_str *out)
{
    rl_str t;
    if (!str_value(L, n, what, false, &t))
        return;
    for (size_t i = 0; i < t.n; i++) {
        if (t.p[i] != '{')
            continue;
        if (i + 1 < t.n && t.p[i + 1] == '{') {
            i++;
            continue;
        }
        const char *close = memchr(t.p + i, '}', t.n - i);
        if (!close) {
            err(L, n, "unclosed '{' in %s; write {{ for a literal brace", what);
            return;
        }
        size_t len = (size_t)(close - (t.p + i + 1));
        bool ok = false;
        for (const char *const *v = VARS; *v; v++)
            if (strlen(*v) == len && !memcmp(*v, t.p + i + 1, len))
                ok = true;
        if (!ok) {
            err(L, n,
                "unknown placeholder '{%.*s}' in %s; use {title}, {page}, {pages}, {edition} or {date} "
                "(write {{ for a literal brace)",
                (int)(len > 40 ? 40 : len), t.p + i + 1, what);
            return;
        }
        i += len + 1;
    }
    *out = t;
}

rl_str rl_style_expand(rl_arena *a, rl_str t, const rl_style_vars *v)
{
    /* Two passes: measure, then write. */
    char num[2][24];
    snprintf(num[0], sizeof num[0], "%ld", v->page);
    snprintf(num[1], sizeof num[1], "%ld", v->pages);
    rl_str vals[5] = {v->title, rl_str_z(num[0]), rl_str_z(num[1]), v->edition, v->date};
    char *outp = NULL;
    size_t len = 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t o = 0;
#define PUT(ptr, k)                                                                                               \
    do {                                                                                                          \
        if (pass)                                                                                                 \
            memcpy(outp + o, (ptr), (k));                                                                         \
        o += (k);                                                                                                 \
    } while (0)
        for (size_t i = 0; i < t.n; i++) {
            char c = t.p[i];
            if ((c == '{' || c == '}') && i + 1 < t.n && t.p[i + 1] == c) {
                PUT(&c, 1);
                i++;
                continue;
            }
            if (c == '{') {
                const char *close = memchr(t.p + i, '}', t.n - i);
                if (close) {
                    size_t k = (size_t)(close - (t.p + i + 1));
                    int found = -1;
                    for (int j = 0; VARS[j]; j++)
                        if (strlen(VARS[j]) == k && !memcmp(VARS[j], t.p + i + 1, k))
                            found = j;
                    if (found >= 0) {
                        if (vals[found].n)
                            PUT(vals[found].p, vals[found].n);
                        i += k + 1;
                        continue;
                    }
                }
            }
            PUT(&c, 1);
        }
#undef PUT
        if (!pass) {
            len = o;
            outp = rl_arena_alloc(a, len + 1);
        }
    }
    return (rl_str){outp, len};
}

/* ---- LaTeX and HTML whitelists ----------------------------------------- */

/* "\cmd" then optional [opts] then {arg} groups, each checked. */
static bool preamble_ok(rl_str s)
{
    const char *p = s.p, *e = s.p + s.n;
    while (p < e && *p == ' ')
        p++;
    while (e > p && e[-1] == ' ')
        e--;
    struct {
        const char *cmd;
        int nargs;
    } allowed[] = {{"\\usepackage", 1}, {"\\setlength", 2}, {"\\linespread", 1}};
    for (size_t k = 0; k < sizeof allowed / sizeof allowed[0]; k++) {
        size_t cl = strlen(allowed[k].cmd);
        if ((size_t)(e - p) < cl || memcmp(p, allowed[k].cmd, cl))
            continue;
        const char *q = p + cl;
        if (k == 0 && q < e && *q == '[') {
            const char *c = memchr(q, ']', (size_t)(e - q));
            if (!c || !only((rl_str){q + 1, (size_t)(c - q - 1)}, "=,.- "))
                return false;
            q = c + 1;
        }
        for (int arg = 0; arg < allowed[k].nargs; arg++) {
            if (q >= e || *q != '{')
                return false;
            const char *c = memchr(q, '}', (size_t)(e - q));
            if (!c)
                return false;
            rl_str in = {q + 1, (size_t)(c - q - 1)};
            if (k == 1 && arg == 0) {
                /* \setlength{\parskip}: a backslash then letters. */
                if (in.n < 2 || in.p[0] != '\\' || !only((rl_str){in.p + 1, in.n - 1}, ""))
                    return false;
            } else if (in.n == 0 || !only(in, k == 0 ? ",-" : ".+- ")) {
                return false;
            }
            q = c + 1;
        }
        return q == e;
    }
    return false;
}

static bool css_ok(rl_str s)
{
    for (size_t i = 0; i < s.n; i++) {
        if (s.p[i] == '<' || s.p[i] == '\\')
            return false;
        if (s.n - i >= 7 && !memcmp(s.p + i, "@import", 7))
            return false;
        if (s.n - i >= 4 && (!memcmp(s.p + i, "url(", 4) || !memcmp(s.p + i, "URL(", 4)))
            return false;
    }
    return true;
}

/* ---- sections ---------------------------------------------------------- */

static void read_page(loader *L, const rl_ynode *m)
{
    static const char *const K[] = {"size", "width", "height", NULL};
    if (!check_keys(L, m, "page", K))
        return;
    rl_style *s = L->s;
    const rl_ynode *size = rl_ytree_lookup(m, "size");
    rl_str v;
    if (str_value(L, size, "page.size", true, &v)) {
        if (rl_str_eqz(v, "a4") || rl_str_eqz(v, "A4")) {
            s->paper = RL_STR("a4");
            s->page_w = 210 * MM;
            s->page_h = 297 * MM;
        } else if (rl_str_eqz(v, "letter")) {
            s->paper = RL_STR("letter");
            s->page_w = 612;
            s->page_h = 792;
        } else {
            err(L, size, "page.size must be a4 or letter (or give page.width and page.height)");
        }
        set_at(L, AT_PAGE_W, size);
        set_at(L, AT_PAGE_H, size);
    }
    const rl_ynode *w = rl_ytree_lookup(m, "width"), *h = rl_ytree_lookup(m, "height");
    if (size && (w || h)) {
        err(L, w ? w : h, "give either page.size or page.width and page.height, not both");
        return;
    }
    if (length(L, w, "page.width", 1, &s->page_w)) {
        s->paper = RL_STR("custom");
        set_at(L, AT_PAGE_W, w);
    }
    if (length(L, h, "page.height", 1, &s->page_h)) {
        s->paper = RL_STR("custom");
        set_at(L, AT_PAGE_H, h);
    }
}

static void read_margins(loader *L, const rl_ynode *m)
{
    static const char *const K[] = {"top", "bottom", "inner", "outer", NULL};
    if (!check_keys(L, m, "margins", K))
        return;
    struct {
        const char *key, *what;
        double *dst;
        int at;
    } f[] = {{"top", "margins.top", &L->s->margin_top, AT_MT},
             {"bottom", "margins.bottom", &L->s->margin_bottom, AT_MB},
             {"inner", "margins.inner", &L->s->margin_inner, AT_MI},
             {"outer", "margins.outer", &L->s->margin_outer, AT_MO}};
    for (size_t i = 0; i < 4; i++) {
        const rl_ynode *n = rl_ytree_lookup(m, f[i].key);
        if (length(L, n, f[i].what, 0, f[i].dst))
            set_at(L, f[i].at, n);
    }
}

/* Why the file at path is not a TrueType font libharu can read (its first
 * four bytes: 00 01 00 00 or "true"), or NULL if it is one.  libharu does
 * not check before parsing, and crashes on other files. */
static const char *not_truetype(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return "cannot be opened";
    unsigned char b[4] = {0};
    size_t got = fread(b, 1, sizeof b, f);
    fclose(f);
    if (got == 4 && ((b[0] == 0 && b[1] == 1 && b[2] == 0 && b[3] == 0) || memcmp(b, "true", 4) == 0))
        return NULL;
    if (got == 4 && memcmp(b, "OTTO", 4) == 0)
        return "is an OpenType font with PostScript outlines (libharu reads TrueType outlines only)";
    if (got == 4 && memcmp(b, "ttcf", 4) == 0)
        return "is a font collection (.ttc)";
    return "is not a TrueType font";
}

static void read_font(loader *L, const rl_ynode *m, const char *dir)
{
    static const char *const K[] = {"family", "files", "mono", "size", "leading", "heading_scale", NULL};
    if (!check_keys(L, m, "font", K))
        return;
    rl_style *s = L->s;
    str_value(L, rl_ytree_lookup(m, "family"), "font.family", true, &s->font_family);
    str_value(L, rl_ytree_lookup(m, "mono"), "font.mono", true, &s->mono_family);
    const rl_ynode *files = rl_ytree_lookup(m, "files");
    if (files) {
        rl_str *list = NULL;
        size_t cnt = 0;
        if (rl_ytree_strlist(L->a, L->d, files, "font.files", &list, &cnt) < 0) {
            L->errors++;
        } else if (cnt == 0 || cnt > 4) {
            err(L, files, "font.files must list 1 to 4 files: regular, bold, italic, bold italic");
        } else {
            memset(s->font_files, 0, sizeof s->font_files);
            for (size_t i = 0; i < cnt; i++) {
                const rl_ynode *at_n = files->kind == RL_Y_SEQ ? files->items[i] : files;
                if (list[i].n == 0 || memchr(list[i].p, 0, list[i].n)) {
                    err(L, at_n, "font.files entries must be file names");
                    continue;
                }
                const char *path = list[i].p[0] == '/' ? rl_arena_strdup(L->a, list[i])
                                                        : rl_arena_printf(L->a, "%s/%.*s", dir, (int)list[i].n,
                                                                          list[i].p);
                if (access(path, R_OK) != 0) {
                    err(L, at_n, "cannot read font file '%.*s' (looked for %s)", (int)list[i].n, list[i].p,
                        path);
                    continue;
                }
                const char *why = not_truetype(path);
                if (why) {
                    err(L, at_n, "font file '%.*s' %s; name a TrueType (.ttf) file", (int)list[i].n, list[i].p,
                        why);
                    continue;
                }
                s->font_files[i] = rl_str_z(path);
            }
        }
    }
    const rl_ynode *n = rl_ytree_lookup(m, "size");
    if (length(L, n, "font.size", 1, &s->font_size))
        set_at(L, AT_FONT, n);
    n = rl_ytree_lookup(m, "leading");
    if (length(L, n, "font.leading", 1, &s->leading))
        set_at(L, AT_LEAD, n);
    n = rl_ytree_lookup(m, "heading_scale");
    if (n && rl_ytree_num(L->d, n, "font.heading_scale", 0.5, 4, &s->heading_scale) < 0)
        L->errors++;
}

static void read_paragraph(loader *L, const rl_ynode *m)
{
    static const char *const K[] = {"skip", "indent", NULL};
    if (!check_keys(L, m, "paragraph", K))
        return;
    length(L, rl_ytree_lookup(m, "skip"), "paragraph.skip", 0, &L->s->par_skip);
    length(L, rl_ytree_lookup(m, "indent"), "paragraph.indent", 0, &L->s->par_indent);
}

static void read_hyph(loader *L, const rl_ynode *m)
{
    rl_style *s = L->s;
    if (m && m->kind == RL_Y_SCALAR) { /* hyphenation: false */
        bool_value(L, m, "hyphenation", &s->hyphenate);
        return;
    }
    static const char *const K[] = {"enabled", "language", NULL};
    if (!check_keys(L, m, "hyphenation", K))
        return;
    bool_value(L, rl_ytree_lookup(m, "enabled"), "hyphenation.enabled", &s->hyphenate);
    const rl_ynode *n = rl_ytree_lookup(m, "language");
    rl_str v;
    if (str_value(L, n, "hyphenation.language", true, &v)) {
        if (v.n > 32 || !only(v, "_-")) {
            err(L, n, "hyphenation.language must be a language code such as en_US");
        } else {
            s->lang = v;
            s->lang_at = n->span;
        }
    }
}

static void read_notes(loader *L, const rl_ynode *m)
{
    static const char *const K[] = {"side", "width", "gap", "font_size", "leading", NULL};
    if (!check_keys(L, m, "notes", K))
        return;
    rl_style *s = L->s;
    const rl_ynode *n = rl_ytree_lookup(m, "side");
    rl_str v;
    if (str_value(L, n, "notes.side", true, &v)) {
        if (rl_str_eqz(v, "outer"))
            s->note_side = RL_SIDE_OUTER;
        else if (rl_str_eqz(v, "left"))
            s->note_side = RL_SIDE_LEFT;
        else if (rl_str_eqz(v, "right"))
            s->note_side = RL_SIDE_RIGHT;
        else
            err(L, n, "notes.side must be outer, left or right");
        set_at(L, AT_SIDE, n);
    }
    n = rl_ytree_lookup(m, "width");
    if (length(L, n, "notes.width", 1, &s->note_width))
        set_at(L, AT_NW, n);
    n = rl_ytree_lookup(m, "gap");
    if (length(L, n, "notes.gap", 0, &s->note_gap))
        set_at(L, AT_NG, n);
    n = rl_ytree_lookup(m, "font_size");
    if (length(L, n, "notes.font_size", 1, &s->note_font_size))
        set_at(L, AT_NFONT, n);
    n = rl_ytree_lookup(m, "leading");
    if (length(L, n, "notes.leading", 1, &s->note_leading))
        set_at(L, AT_NLEAD, n);
}

static void read_colors(loader *L, const rl_ynode *m)
{
    static const char *const K[] = {"insert", "delete", "move", "note", "label", NULL};
    if (!check_keys(L, m, "colors", K))
        return;
    color(L, rl_ytree_lookup(m, "insert"), "colors.insert", &L->s->color_insert);
    color(L, rl_ytree_lookup(m, "delete"), "colors.delete", &L->s->color_delete);
    color(L, rl_ytree_lookup(m, "move"), "colors.move", &L->s->color_move);
    color(L, rl_ytree_lookup(m, "note"), "colors.note", &L->s->color_note);
    color(L, rl_ytree_lookup(m, "label"), "colors.label", &L->s->color_label);
}

static void read_line_numbers(loader *L, const rl_ynode *m)
{
    rl_style *s = L->s;
    if (m && m->kind == RL_Y_SCALAR) { /* line_numbers: false */
        bool_value(L, m, "line_numbers", &s->line_numbers);
        return;
    }
    static const char *const K[] = {"enabled", "step", NULL};
    if (!check_keys(L, m, "line_numbers", K))
        return;
    bool_value(L, rl_ytree_lookup(m, "enabled"), "line_numbers.enabled", &s->line_numbers);
    long step;
    const rl_ynode *n = rl_ytree_lookup(m, "step");
    if (n) {
        if (rl_ytree_int(L->d, n, "line_numbers.step", 1, 1000, &step) < 0)
            L->errors++;
        else
            s->line_number_step = (int)step;
    }
}

static void read_latex(loader *L, const rl_ynode *m)
{
    static const char *const K[] = {"class", "options", "preamble", NULL};
    if (!check_keys(L, m, "latex", K))
        return;
    rl_style *s = L->s;
    const rl_ynode *n = rl_ytree_lookup(m, "class");
    rl_str v;
    if (str_value(L, n, "latex.class", true, &v)) {
        if (!only(v, "-"))
            err(L, n, "latex.class must be a class name (letters, digits and '-'), e.g. article");
        else
            s->latex_class = v;
    }
    n = rl_ytree_lookup(m, "options");
    if (str_value(L, n, "latex.options", false, &v)) {
        if (!only(v, "=,.- "))
            err(L, n, "latex.options may hold only letters, digits, '=', ',', '.', '-' and spaces");
        else
            s->latex_options = v;
    }
    n = rl_ytree_lookup(m, "preamble");
    if (n) {
        rl_str *list = NULL;
        size_t cnt = 0;
        if (rl_ytree_strlist(L->a, L->d, n, "latex.preamble", &list, &cnt) < 0) {
            L->errors++;
            return;
        }
        bool ok = true;
        for (size_t i = 0; i < cnt; i++)
            if (!preamble_ok(list[i])) {
                err(L, n->kind == RL_Y_SEQ ? n->items[i] : n,
                    "latex.preamble lines may only be \\usepackage[options]{package}, "
                    "\\setlength{\\name}{length} or \\linespread{factor}");
                ok = false;
            }
        if (ok) {
            s->latex_preamble = list;
            s->nlatex_preamble = cnt;
        }
    }
}

static void read_html(loader *L, const rl_ynode *m)
{
    static const char *const K[] = {"theme", "css", NULL};
    if (!check_keys(L, m, "html", K))
        return;
    const rl_ynode *n = rl_ytree_lookup(m, "theme");
    rl_str v;
    if (str_value(L, n, "html.theme", true, &v)) {
        if (!only(v, "-_"))
            err(L, n, "html.theme must be a theme name such as light or dark");
        else
            L->s->html_theme = v;
    }
    n = rl_ytree_lookup(m, "css");
    if (n) {
        if (rl_ytree_str(L->d, n, "html.css", &v) < 0)
            L->errors++;
        else if (!css_ok(v))
            err(L, n, "html.css may not contain '<', '\\', @import or url(): the page must stay self-contained");
        else
            L->s->html_css = v;
    }
}

/* ---- files and bases --------------------------------------------------- */

static rl_str stem_of(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    if (n > 5 && !strcmp(b + n - 5, ".yaml"))
        n -= 5;
    else if (n > 4 && !strcmp(b + n - 4, ".yml"))
        n -= 4;
    return (rl_str){b, n};
}

static void load_file(loader *L, const char *path, const rl_ynode *named_by)
{
    rl_str stem = stem_of(path);
    for (size_t i = 0; i < L->depth; i++) {
        rl_str other = stem_of(L->chain[i]);
        if (rl_str_eq(other, stem)) {
            /* Spell the cycle out: a -> b -> a. */
            char buf[512];
            size_t o = 0;
            for (size_t j = i; j < L->depth && o < sizeof buf - 80; j++) {
                rl_str sj = stem_of(L->chain[j]);
                o += (size_t)snprintf(buf + o, sizeof buf - o, "%.*s -> ", (int)(sj.n > 40 ? 40 : sj.n), sj.p);
            }
            snprintf(buf + o, sizeof buf - o, "%.*s", (int)(stem.n > 40 ? 40 : stem.n), stem.p);
            err(L, named_by, "style bases form a cycle (%s); remove one base", buf);
            return;
        }
    }
    if (L->depth >= MAX_DEPTH) {
        err(L, named_by, "style bases nested too deeply (over %d); flatten the chain", MAX_DEPTH);
        return;
    }
    rl_source *src = rl_source_load(L->a, L->d, path, named_by ? &named_by->span : NULL);
    if (!src) {
        L->errors++;
        return;
    }
    rl_ynode *root = rl_ytree_parse(L->a, L->d, src, 0, src->len);
    if (!root) {
        L->errors++;
        return;
    }
    if (!rl_ytree_expect(L->d, root, RL_Y_MAP, "a style")) {
        L->errors++;
        return;
    }
    static const char *const K[] = {"base",        "description", "page",       "margins", "font",
                                    "paragraph",   "hyphenation", "notes",      "colors",  "change_bars",
                                    "line_numbers", "header",     "footer",     "latex",   "html",
                                    NULL};
    L->errors += rl_ytree_check_keys(L->d, root, K, true);
    L->chain[L->depth++] = path;
    const char *dir = rl_path_dir(L->a, path);

    const rl_ynode *base = rl_ytree_lookup(root, "base");
    rl_str bname;
    if (str_value(L, base, "base", true, &bname)) {
        if (bname.n > 64 || !only(bname, "_-.") || bname.p[0] == '.')
            err(L, base, "base must be the name of a style in the same folder, e.g. default");
        else
            load_file(L, rl_arena_printf(L->a, "%s/%.*s.yaml", dir, (int)bname.n, bname.p), base);
    }
    rl_str desc;
    str_value(L, rl_ytree_lookup(root, "description"), "description", false, &desc);

    read_page(L, rl_ytree_lookup(root, "page"));
    read_margins(L, rl_ytree_lookup(root, "margins"));
    read_font(L, rl_ytree_lookup(root, "font"), dir);
    read_paragraph(L, rl_ytree_lookup(root, "paragraph"));
    read_hyph(L, rl_ytree_lookup(root, "hyphenation"));
    read_notes(L, rl_ytree_lookup(root, "notes"));
    read_colors(L, rl_ytree_lookup(root, "colors"));
    bool_value(L, rl_ytree_lookup(root, "change_bars"), "change_bars", &L->s->change_bars);
    read_line_numbers(L, rl_ytree_lookup(root, "line_numbers"));
    template_value(L, rl_ytree_lookup(root, "header"), "header", &L->s->header);
    template_value(L, rl_ytree_lookup(root, "footer"), "footer", &L->s->footer);
    static const struct { const char *key; int at; } furn[] = {
        {"line_numbers", AT_LNUM}, {"header", AT_HEAD}, {"footer", AT_FOOT}};
    for (size_t i = 0; i < sizeof furn / sizeof *furn; i++) {
        const rl_ynode *n = rl_ytree_lookup(root, furn[i].key);
        if (n)
            set_at(L, furn[i].at, n);
    }
    read_latex(L, rl_ytree_lookup(root, "latex"));
    read_html(L, rl_ytree_lookup(root, "html"));
    L->depth--;
}

/* ---- geometry ---------------------------------------------------------- */

/* Report at the most recently set of the values involved (-1 ends the
 * list); if all are defaults, about the file as a whole. */
static void geo_err(loader *L, const char *path, const int *which, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void geo_err(loader *L, const char *path, const int *which, const char *fmt, ...)
{
    const at *best = NULL;
    for (; *which >= 0; which++) {
        const at *w = &L->where[*which];
        if (w->sp.src && (!best || w->seq > best->seq))
            best = w;
    }
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (best)
        rl_diag_error(L->d, best->sp, "%s", msg);
    else
        rl_diag_file_error(L->d, path, "%s", msg);
    L->errors++;
}

/* The running header, the footer and the line numbers stand in the
 * margins at fixed distances from the text body (style.h, RL_FURNITURE_*);
 * a margin too narrow for them would put them off the page. */
static void check_furniture(loader *L, const char *path)
{
    const rl_style *s = L->s;
    double fs = RL_FURNITURE_SIZE * s->font_size;
    double need = RL_HEADER_RAISE + fs;   /* the cap height, and room to spare */
    if (s->header.n && s->margin_top < need) {
        static const int w[] = {AT_MT, AT_HEAD, AT_FONT, -1};
        geo_err(L, path, w, "margins.top (%.1f mm) leaves no room for the running header, %g pt above the text; "
                "make margins.top at least %.1f mm, or set header: \"\"", s->margin_top / MM,
                (double)RL_HEADER_RAISE, need / MM);
    }
    need = RL_FOOTER_DROP + 0.3 * fs;   /* the descenders */
    if (s->footer.n && s->margin_bottom < need) {
        static const int w[] = {AT_MB, AT_FOOT, AT_FONT, -1};
        geo_err(L, path, w, "margins.bottom (%.1f mm) leaves no room for the footer, %g pt below the text; "
                "make margins.bottom at least %.1f mm, or set footer: \"\"", s->margin_bottom / MM,
                (double)RL_FOOTER_DROP, need / MM);
    }
    need = RL_BAR_GAP + 1;   /* half the bar's 1.6 pt, and room to spare */
    if (s->change_bars && s->margin_inner < need) {
        static const int w[] = {AT_MI, -1};
        geo_err(L, path, w, "margins.inner (%.1f mm) leaves no room for the change bars, %g pt beside the text; "
                "make margins.inner at least %.1f mm, or set change_bars: false", s->margin_inner / MM,
                (double)RL_BAR_GAP, need / MM);
    }
    if (s->line_numbers && s->line_number_step > 0 && s->leading > 0) {
        /* Numbers restart on every page: the widest is the last line's. */
        double lines = (s->page_h - s->margin_top - s->margin_bottom) / s->leading + 1;
        int digits = 1;
        for (double v = lines; v >= 10; v /= 10)
            digits++;
        need = RL_NUMBER_GAP + digits * 0.6 * fs;
        if (s->margin_inner < need) {
            static const int w[] = {AT_MI, AT_LNUM, AT_FONT, -1};
            geo_err(L, path, w, "margins.inner (%.1f mm) leaves no room for the line numbers, %g pt beside the "
                    "text; make margins.inner at least %.1f mm, or set line_numbers: false",
                    s->margin_inner / MM, (double)RL_NUMBER_GAP, need / MM);
        }
    }
}

static void check_geometry(loader *L, const char *path)
{
    const rl_style *s = L->s;
    if (s->margin_inner + s->margin_outer >= s->page_w) {
        static const int w[] = {AT_MI, AT_MO, AT_PAGE_W, -1};
        geo_err(L, path, w, "margins.inner + margins.outer (%.1f mm) leave no room on a page %.1f mm wide; "
                "make the margins smaller", (s->margin_inner + s->margin_outer) / MM, s->page_w / MM);
        return;
    }
    if (s->margin_top + s->margin_bottom >= s->page_h) {
        static const int w[] = {AT_MT, AT_MB, AT_PAGE_H, -1};
        geo_err(L, path, w, "margins.top + margins.bottom (%.1f mm) leave no room on a page %.1f mm tall; "
                "make the margins smaller", (s->margin_top + s->margin_bottom) / MM, s->page_h / MM);
        return;
    }
    double body = s->page_w - s->margin_inner - s->margin_outer;
    if (body < 20 * s->font_size) {
        static const int w[] = {AT_MI, AT_MO, AT_PAGE_W, AT_FONT, -1};
        geo_err(L, path, w, "the text body is %.1f mm wide, narrower than 20 em of the body font (%.1f mm); "
                "make the margins or font.size smaller", body / MM, 20 * s->font_size / MM);
    }
    /* The notes stand in the outer margin whatever their side: on the
     * right with notes.side: right, on the left with left, alternating on
     * facing pages with outer (layout.c, add_page). */
    if (s->note_width + s->note_gap > s->margin_outer) {
        static const int w[] = {AT_NW, AT_NG, AT_MO, AT_SIDE, -1};
        geo_err(L, path, w, "the note column (notes.width %.1f mm + notes.gap %.1f mm) is wider than the outer "
                "margin (%.1f mm); widen margins.outer or narrow the column", s->note_width / MM,
                s->note_gap / MM, s->margin_outer / MM);
    }
    check_furniture(L, path);
    if (s->leading < s->font_size) {
        static const int w[] = {AT_LEAD, AT_FONT, -1};
        geo_err(L, path, w, "font.leading (%g pt) is smaller than font.size (%g pt): lines would overlap",
                s->leading, s->font_size);
    }
    if (s->note_leading < s->note_font_size) {
        static const int w[] = {AT_NLEAD, AT_NFONT, -1};
        geo_err(L, path, w, "notes.leading (%g pt) is smaller than notes.font_size (%g pt): lines would overlap",
                s->note_leading, s->note_font_size);
    }
    if (s->page_h - s->margin_top - s->margin_bottom < 3 * s->leading) {
        static const int w[] = {AT_MT, AT_MB, AT_PAGE_H, AT_LEAD, -1};
        geo_err(L, path, w, "the text body is too short for 3 lines; make margins.top or margins.bottom smaller");
    }
}

rl_style *rl_style_load(rl_arena *a, rl_diag *d, const char *path)
{
    rl_style *s = rl_arena_alloc(a, sizeof *s);
    rl_style_defaults(s);
    loader L = {0};
    L.a = a;
    L.d = d;
    L.s = s;
    if (path) {
        s->path = rl_arena_strz(a, path);
        s->name = stem_of(s->path);
        load_file(&L, s->path, NULL);
    } else {
        /* A project without styles/: the built-in defaults, which are
         * what styles/default.yaml says. */
        s->path = "(built-in default style)";
        s->name = RL_STR("default");
    }
    if (L.errors)
        return NULL;
    check_geometry(&L, s->path);
    if (L.errors)
        return NULL;
    if (s->hyphenate && !rl_hyph_available(rl_arena_strdup(a, s->lang), NULL)) {
        char pkg[64];
        char *lang = rl_arena_strdup(a, s->lang);
        if (s->lang_at.src)
            rl_diag_error(d, s->lang_at,
                          "no hyphenation patterns for %s; install the Debian package %s, or set "
                          "hyphenation.enabled: false",
                          lang, rl_hyph_package(lang, pkg, sizeof pkg));
        else
            rl_diag_file_error(d, s->path,
                               "no hyphenation patterns for %s; install the Debian package %s, or set "
                               "hyphenation.enabled: false",
                               lang, rl_hyph_package(lang, pkg, sizeof pkg));
        return NULL;
    }
    return s;
}
