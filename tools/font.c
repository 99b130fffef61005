/* font.c - find, measure and embed the faces of a style.
 *
 * Finding: a family name goes through fontconfig (FcFontMatch on family +
 * style); fontconfig always answers with *some* font, so the match's
 * FC_FAMILY is compared with the family asked for and a substitute is an
 * error naming the Debian package to install.  Explicit files bypass it.
 *
 * Measuring: widths come from libharu's own TrueType parser
 * (HPDF_TTFontDef_GetCharWidth) in a private, never saved HPDF_Doc, so
 * they are exactly the truncated integers libharu writes into /W: what we
 * measure is what viewers lay out.  A hand-written hmtx/cmap reader was
 * rejected because libharu rounds differently from the font's units.
 * Widths are cached per face in a 64K table (code point -> 1/1000 em),
 * filled lazily.  Paragraphs are set on two threads, so measuring must be
 * safe from several at once: a face is loaded, and a missing width asked
 * of libharu (which marks the glyph as it answers), under one mutex per
 * rl_fonts, and published through atomics, relaxed for the widths (each
 * is a value on its own), release/acquire for a face; a width already
 * known, nearly every one, costs a plain load.  Rejected: measuring in
 * advance everything that will be measured (a pass over every piece, a
 * tenth of the setting time on long documents, and a contract easy to
 * break).
 *
 * fontconfig's set-up (reading its configuration and caches) costs more
 * than the rest of a small build's font work, and a build resolves the
 * same faces several times (edition hash, PDF): successful matches are
 * remembered for the life of the process, in static storage.
 *
 * Embedding: rl_fonts_pdf_font loads a face into the output document on
 * its first use only, since libharu embeds every face passed to
 * HPDF_GetFont whether or not a page uses it.
 */
#include "font.h"

#include <fontconfig/fontconfig.h>
#include <hpdf.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "diag.h"
#include "source.h"
#include "style.h"

#define UNKNOWN 0xFFFFu

typedef struct face_t {
    const char *file;
    const char *family;
    atomic_bool loaded;    /* def, failed and widths are set */
    HPDF_FontDef def;      /* in the measuring document; NULL until used */
    _Atomic uint16_t *widths; /* 65536 entries, UNKNOWN until measured */
    bool failed;
    HPDF_Font out;         /* in the output document; NULL until drawn */
    const char *out_name;  /* its file loaded into the output document (rl_fonts_pdf_preload) */
    bool out_tried;        /* out_name is set (NULL: libharu refused the file) */
} face_t;

struct rl_fonts {
    rl_arena *a;
    HPDF_Doc measure;
    pthread_mutex_t mu;    /* loading faces, filling widths: the measure document */
    face_t faces[RL_NFACES];
    void *out_doc;
};

static void HPDF_STDCALL quiet_error(HPDF_STATUS e, HPDF_STATUS detail, void *u)
{
    RL_UNUSED(e);
    RL_UNUSED(detail);
    RL_UNUSED(u);
}

static void free_measure(void *p)
{
    rl_fonts *f = p;
    HPDF_Free(f->measure);
    for (int i = 0; i < RL_NFACES; i++)
        free((void *)f->faces[i].widths);
    pthread_mutex_destroy(&f->mu);
}

static const char *package_of(const char *family)
{
    if (!strncasecmp(family, "Liberation", 10))
        return "fonts-liberation2";
    if (!strncasecmp(family, "DejaVu", 6))
        return "fonts-dejavu-core";
    if (!strncasecmp(family, "Noto", 4))
        return "fonts-noto-core";
    if (!strncasecmp(family, "TeX Gyre", 8))
        return "fonts-texgyre";
    return NULL;
}

static void report_missing(rl_diag *d, const rl_style *s, const char *family, const char *style,
                           const char *why)
{
    const char *pkg = package_of(family);
    if (pkg)
        rl_diag_file_error(d, s->path, "font '%s %s' not found%s; install the Debian package %s",
                           family, style, why, pkg);
    else
        rl_diag_file_error(d, s->path,
                           "font '%s %s' not found%s; install it or name its files in font.files",
                           family, style, why);
}

/* The file of family+style, or NULL (reported) if fontconfig only has a
 * substitute or the match is not TrueType. */
static const char *find_face(rl_fonts *f, FcConfig *cfg, rl_diag *d, const rl_style *s, const char *family,
                             const char *style, const char **out_family)
{
    const char *res = NULL;
    FcPattern *p = FcPatternCreate();
    FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddString(p, FC_STYLE, (const FcChar8 *)style);
    FcConfigSubstitute(cfg, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult r;
    FcPattern *m = FcFontMatch(cfg, p, &r);
    FcChar8 *got_family = NULL, *file = NULL, *got_style = NULL;
    if (!m || FcPatternGetString(m, FC_FAMILY, 0, &got_family) != FcResultMatch ||
        strcasecmp((const char *)got_family, family) != 0) {
        report_missing(d, s, family, style, "");
        goto done;
    }
    if (FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch) {
        report_missing(d, s, family, style, "");
        goto done;
    }
    if (FcPatternGetString(m, FC_STYLE, 0, &got_style) == FcResultMatch &&
        strcasecmp((const char *)got_style, style) != 0 &&
        !(strcasecmp(style, "Regular") == 0 && strcasecmp((const char *)got_style, "Book") == 0)) {
        report_missing(d, s, family, style, " (only other styles of the family are installed)");
        goto done;
    }
    size_t n = strlen((const char *)file);
    if (n < 4 || strcasecmp((const char *)file + n - 4, ".ttf") != 0) {
        rl_diag_file_error(d, s->path, "font '%s %s' is not a TrueType (.ttf) file; name a .ttf in font.files",
                           family, style);
        goto done;
    }
    res = rl_arena_strz(f->a, (const char *)file);
    *out_family = rl_arena_strz(f->a, (const char *)got_family);
done:
    if (m)
        FcPatternDestroy(m);
    FcPatternDestroy(p);
    return res;
}

/* Matches found so far: (family, style) -> (file, family reported). */
typedef struct memo_t {
    char family[128], style[16], file[1024], got[128];
} memo_t;

static memo_t memo[16];
static int nmemo;
static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;

static bool memo_find(rl_fonts *f, const char *family, const char *style, const char **file, const char **got)
{
    bool hit = false;
    pthread_mutex_lock(&memo_lock);
    for (int i = 0; i < nmemo && !hit; i++)
        if (!strcmp(memo[i].family, family) && !strcmp(memo[i].style, style)) {
            *file = rl_arena_strz(f->a, memo[i].file);
            *got = rl_arena_strz(f->a, memo[i].got);
            hit = true;
        }
    pthread_mutex_unlock(&memo_lock);
    return hit;
}

static void memo_add(const char *family, const char *style, const char *file, const char *got)
{
    pthread_mutex_lock(&memo_lock);
    memo_t *m = &memo[nmemo < 16 ? nmemo : 15];
    if (strlen(family) < sizeof m->family && strlen(style) < sizeof m->style &&
        strlen(file) < sizeof m->file && strlen(got) < sizeof m->got) {
        snprintf(m->family, sizeof m->family, "%s", family);
        snprintf(m->style, sizeof m->style, "%s", style);
        snprintf(m->file, sizeof m->file, "%s", file);
        snprintf(m->got, sizeof m->got, "%s", got);
        if (nmemo < 16)
            nmemo++;
    }
    pthread_mutex_unlock(&memo_lock);
}

static const char *const style_names[RL_NFACES] = {"Regular", "Bold", "Italic", "Bold Italic", "Regular"};

rl_fonts *rl_fonts_open(rl_arena *a, rl_diag *d, const rl_style *s)
{
    rl_fonts *f = rl_arena_alloc(a, sizeof *f);
    f->a = a;
    bool ok = true;
    FcConfig *cfg = NULL;
    for (int i = 0; i < RL_NFACES; i++) {
        face_t *fa = &f->faces[i];
        if (i < 4 && s->font_files[i].n) {
            fa->file = rl_arena_strdup(a, s->font_files[i]);
            fa->family = rl_arena_strdup(a, s->font_family.n ? s->font_family : s->font_files[i]);
            continue;
        }
        rl_str fam = i == RL_FACE_MONO ? s->mono_family : s->font_family;
        if (!fam.n)
            fam = i == RL_FACE_MONO ? RL_STR("Liberation Mono") : RL_STR("Liberation Serif");
        const char *famz = rl_arena_strdup(a, fam);
        if (memo_find(f, famz, style_names[i], &fa->file, &fa->family))
            continue;
        if (!cfg) {
            /* A private configuration, destroyed below: the global one
             * (FcInit) is never freed and shows up as leaks. */
            cfg = FcInitLoadConfigAndFonts();
            if (!cfg) {
                rl_diag_file_error(d, s->path, "fontconfig could not be initialised");
                return NULL;
            }
        }
        fa->file = find_face(f, cfg, d, s, famz, style_names[i], &fa->family);
        if (!fa->file)
            ok = false;
        else
            memo_add(famz, style_names[i], fa->file, fa->family);
    }
    if (cfg)
        FcConfigDestroy(cfg);
    if (!ok)
        return NULL;
    f->measure = HPDF_New(quiet_error, NULL);
    if (!f->measure)
        RL_BUG("libharu could not create a document");
    pthread_mutex_init(&f->mu, NULL);
    for (int i = 0; i < RL_NFACES; i++)
        atomic_init(&f->faces[i].loaded, false);
    rl_arena_defer(a, free_measure, f);
    HPDF_UseUTFEncodings(f->measure);
    /* Load the regular face now, so that a bad file is reported up front. */
    if (!rl_fonts_width(f, RL_FACE_REGULAR, RL_STR("x"), 10) && f->faces[0].failed) {
        rl_diag_file_error(d, s->path, "libharu cannot read the font file '%s'; use a TrueType font",
                           f->faces[0].file);
        return NULL;
    }
    return f;
}

const char *rl_fonts_file(const rl_fonts *f, rl_face i)
{
    return f->faces[i].file;
}

const char *rl_fonts_family(const rl_fonts *f, rl_face i)
{
    return f->faces[i].family;
}

/* Face i, loaded into the measuring document on first use (from any
 * thread). */
static face_t *need(rl_fonts *f, rl_face i)
{
    face_t *fa = &f->faces[i];
    if (atomic_load_explicit(&fa->loaded, memory_order_acquire))
        return fa;
    pthread_mutex_lock(&f->mu);
    if (!atomic_load_explicit(&fa->loaded, memory_order_relaxed)) {
        const char *name = HPDF_LoadTTFontFromFile(f->measure, fa->file, HPDF_FALSE);
        if (name)
            fa->def = HPDF_GetFontDef(f->measure, name);
        if (!fa->def) {
            HPDF_ResetError(f->measure);
            fa->failed = true;
            /* Fall back on the regular face's metrics so layout can go on;
             * the PDF device reports the failure. */
        }
        /* malloc'd, not from the arena: another thread may be using that */
        fa->widths = rl_xmalloc(65536 * sizeof *fa->widths);
        memset((void *)fa->widths, 0xFF, 65536 * sizeof *fa->widths);
        atomic_store_explicit(&fa->loaded, true, memory_order_release);
    }
    pthread_mutex_unlock(&f->mu);
    return fa;
}

/* The width of cp (in the BMP) in a loaded face that did not fail. */
static uint16_t width_of(rl_fonts *f, face_t *fa, int32_t cp)
{
    uint16_t w = atomic_load_explicit(&fa->widths[cp], memory_order_relaxed);
    if (w != UNKNOWN)
        return w;
    pthread_mutex_lock(&f->mu);
    w = atomic_load_explicit(&fa->widths[cp], memory_order_relaxed);
    if (w == UNKNOWN) {
        HPDF_INT16 v = HPDF_TTFontDef_GetCharWidth(fa->def, (HPDF_UINT16)cp);
        w = v < 0 ? 0 : (uint16_t)v;
        if (w == UNKNOWN)
            w--;
        atomic_store_explicit(&fa->widths[cp], w, memory_order_relaxed);
    }
    pthread_mutex_unlock(&f->mu);
    return w;
}

int rl_fonts_cpwidth(rl_fonts *f, rl_face i, int32_t cp)
{
    face_t *fa = need(f, i);
    if (fa->failed)
        return i == RL_FACE_REGULAR ? 500 : rl_fonts_cpwidth(f, RL_FACE_REGULAR, cp);
    if (cp < 0 || cp > 0xFFFF)
        cp = 0xFFFD;
    return width_of(f, fa, cp);
}

bool rl_fonts_has(rl_fonts *f, rl_face i, int32_t cp)
{
    face_t *fa = need(f, i);
    if (fa->failed || cp < 0 || cp > 0xFFFF)
        return false;
    pthread_mutex_lock(&f->mu);
    bool has = HPDF_TTFontDef_GetGlyphid(fa->def, (HPDF_UINT16)cp) != 0;
    pthread_mutex_unlock(&f->mu);
    return has;
}

double rl_fonts_width(rl_fonts *f, rl_face i, rl_str t, double size)
{
    long sum = 0;
    face_t *fa = need(f, i);
    _Atomic uint16_t *w = fa->failed ? NULL : fa->widths;
    for (size_t k = 0; k < t.n;) {
        int32_t cp;
        unsigned char c = (unsigned char)t.p[k];
        if (c < 0x80) {
            cp = c;
            k++;
        } else {
            k += (size_t)rl_utf8_decode(t.p + k, t.n - k, &cp);
        }
        /* Known widths straight from the table (the common case). */
        uint16_t x = w && cp >= 0 && cp <= 0xFFFF ? atomic_load_explicit(&w[cp], memory_order_relaxed) : UNKNOWN;
        if (x != UNKNOWN)
            sum += x;
        else
            sum += rl_fonts_cpwidth(f, i, cp);
    }
    return (double)sum * size / 1000.0;
}

void rl_fonts_metrics(rl_fonts *f, rl_face i, int *ascent, int *descent, int *xheight)
{
    face_t *fa = need(f, i);
    if (fa->failed) {
        *ascent = 891, *descent = -216, *xheight = 459;
        return;
    }
    *ascent = fa->def->ascent;
    *descent = fa->def->descent;
    *xheight = fa->def->x_height ? fa->def->x_height : 459;
}

rl_str rl_fonts_sanitize(rl_arena *a, rl_str s)
{
    size_t k = 0;
    for (; k < s.n; k++) {
        unsigned char c = (unsigned char)s.p[k];
        if (c < 0x20 || c == 0x7F || c >= 0xF0)
            break;
        if (c >= 0x80) {
            int32_t cp;
            int len = rl_utf8_decode(s.p + k, s.n - k, &cp);
            if (cp == 0xFFFD && len == 1)
                break;
            k += (size_t)len - 1;
        }
    }
    if (k == s.n)
        return s;
    char *o = rl_arena_alloc(a, s.n * 3 + 1);
    size_t n = 0;
    for (k = 0; k < s.n;) {
        int32_t cp;
        int len = rl_utf8_decode(s.p + k, s.n - k, &cp);
        k += (size_t)len;
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
            cp = ' ';
        else if (cp > 0xFFFF || (cp >= 0xD800 && cp < 0xE000))
            cp = 0xFFFD;
        n += (size_t)rl_utf8_encode(cp, o + n);
    }
    return (rl_str){o, n};
}

void *rl_fonts_pdf_font(rl_fonts *f, void *pdf, rl_face i, rl_diag *d)
{
    if (f->out_doc != pdf) {
        rl_fonts_pdf_reset(f);
        f->out_doc = pdf;
    }
    face_t *fa = &f->faces[i];
    if (fa->out)
        return fa->out;
    const char *name = fa->out_tried ? fa->out_name : HPDF_LoadTTFontFromFile((HPDF_Doc)pdf, fa->file, HPDF_TRUE);
    fa->out_tried = true;
    fa->out_name = name;
    if (name)
        fa->out = HPDF_GetFont((HPDF_Doc)pdf, name, "UTF-8");
    if (!fa->out) {
        HPDF_ResetError((HPDF_Doc)pdf);
        rl_diag_file_error(d, fa->file, "libharu cannot embed this font; use a TrueType font");
        if (i != RL_FACE_REGULAR)
            return rl_fonts_pdf_font(f, pdf, RL_FACE_REGULAR, d);
        return NULL;
    }
    return fa->out;
}

bool rl_fonts_pdf_own(const rl_fonts *f, rl_face i)
{
    return f->faces[i].out != NULL && !f->faces[i].failed;
}

void rl_fonts_pdf_preload(rl_fonts *f, void *pdf, rl_face i)
{
    if (f->out_doc != pdf) {
        rl_fonts_pdf_reset(f);
        f->out_doc = pdf;
    }
    face_t *fa = &f->faces[i];
    if (fa->out || fa->out_tried)
        return;
    fa->out_tried = true;
    fa->out_name = HPDF_LoadTTFontFromFile((HPDF_Doc)pdf, fa->file, HPDF_TRUE);
    if (!fa->out_name)
        HPDF_ResetError((HPDF_Doc)pdf); /* rl_fonts_pdf_font reports it, if the face is drawn */
}

void rl_fonts_pdf_reset(rl_fonts *f)
{
    for (int i = 0; i < RL_NFACES; i++) {
        f->faces[i].out = NULL;
        f->faces[i].out_name = NULL;
        f->faces[i].out_tried = false;
    }
    f->out_doc = NULL;
}
