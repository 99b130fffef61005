/* hyph.c - hyphenation points from libhyphen's patterns (Liang's algorithm).
 *
 * libhyphen does the pattern matching; this module decides what to ask it
 * and maps its answer back to the caller's bytes.  A word is decoded into
 * code points, stripped of leading and trailing non-letters, rejected if
 * it holds digits, inner punctuation, too few letters or (optionally) only
 * capitals, then lowercased code point by code point with utf8proc_tolower
 * (not case folding, which changes lengths: ß -> ss).  For a UTF-8
 * dictionary libhyphen's vector is indexed by character, so index i maps
 * to the byte offset of code point (first letter + i + 1) in the original
 * word, which can never fall inside a UTF-8 sequence.  lhmin and rhmin are
 * applied here (hyphenate2 ignores them).
 *
 * A cache (open addressing, FNV-1a, keyed by the word's exact bytes)
 * remembers every answer; keys and point arrays live in the arena, the
 * table itself is malloc'd and freed with the dictionary when the arena
 * dies.  Rejected: caching by lowercased letters only (it would need the
 * mapping back to bytes redone on every hit, which is most of the cost).
 *
 * Reading the patterns (hnj_hyphen_load: a few thousand patterns parsed
 * into a state machine) costs as much as laying out ten pages, so
 * rl_hyph_start reads them in a second thread while layout starts; only
 * libhyphen runs there, and the first lookup joins it.
 */
#include "hyph.h"
#include "arena.h"
#include "diag.h"
#include "source.h"

#include <hyphen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#define MAX_WORD 256 /* code points; longer "words" are not hyphenated */

typedef struct entry {
    const char *key;
    uint32_t keylen;
    uint32_t npoints;
    const uint32_t *points;
} entry;

struct rl_hyph {
    rl_arena *a;
    HyphenDict *dict;
    bool pending;            /* a thread is loading dict from path */
    pthread_t thread;
    char path[4096];
    rl_diag *d;
    rl_span at;
    char lang[40];
    rl_hyph_opts o;
    entry *tab;
    size_t cap, used;
    size_t lookups, hits;
};

static const uint32_t NONE[1] = {0};

void rl_hyph_defaults(rl_hyph_opts *o)
{
    o->lhmin = 2;
    o->rhmin = 3;
    o->min_word = 5;
    o->caps = false;
}

static bool lang_ok(const char *lang)
{
    size_t n = strlen(lang);
    if (n == 0 || n > 32)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = lang[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    }
    return true;
}

/* dir/hyph_<lang>.dic with '-' written '_'; false if lang is malformed. */
static bool dict_path(const char *lang, const char *dir, char *buf, size_t n)
{
    if (!lang_ok(lang))
        return false;
    int k = snprintf(buf, n, "%s/hyph_%s.dic", dir ? dir : "/usr/share/hyphen", lang);
    if (k < 0 || (size_t)k >= n)
        return false;
    for (char *p = strrchr(buf, '/') + 1; *p; p++)
        if (*p == '-')
            *p = '_';
    return true;
}

bool rl_hyph_available(const char *lang, const char *dir)
{
    char path[4096];
    return dict_path(lang, dir, path, sizeof path) && access(path, R_OK) == 0;
}

const char *rl_hyph_package(const char *lang, char *buf, size_t n)
{
    /* Debian: hyphen-en-us, hyphen-en-gb, but hyphen-de, hyphen-fr ... */
    size_t o = 0;
    int k = snprintf(buf, n, "hyphen-");
    o = k > 0 ? (size_t)k : 0;
    bool english = (lang[0] == 'e' || lang[0] == 'E') && (lang[1] == 'n' || lang[1] == 'N');
    for (const char *p = lang; *p && o + 1 < n; p++) {
        char c = *p;
        if (c == '_' || c == '-') {
            if (!english)
                break;
            c = '-';
        } else if (c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        }
        buf[o++] = c;
    }
    if (o < n)
        buf[o] = 0;
    return buf;
}

/* Wait for the loading thread, reporting a file it could not read. */
static void join(rl_hyph *h)
{
    if (!h->pending)
        return;
    pthread_join(h->thread, NULL);
    h->pending = false;
    if (!h->dict && h->d) {
        char pkg[64];
        rl_diag_error(h->d, h->at,
                      "cannot read the hyphenation patterns for %s; reinstall the Debian package %s", h->lang,
                      rl_hyph_package(h->lang, pkg, sizeof pkg));
    }
}

static void hyph_free(void *p)
{
    rl_hyph *h = p;
    h->d = NULL; /* too late to report */
    join(h);
    if (h->dict)
        hnj_hyphen_free(h->dict);
    free(h->tab);
}

static void *load_thread(void *p)
{
    rl_hyph *h = p;
    h->dict = hnj_hyphen_load(h->path);
    return NULL;
}

static rl_hyph *new_hyph(rl_arena *a, const rl_hyph_opts *opts)
{
    rl_hyph *h = rl_arena_alloc(a, sizeof *h);
    h->a = a;
    if (opts)
        h->o = *opts;
    else
        rl_hyph_defaults(&h->o);
    if (h->o.lhmin < 1)
        h->o.lhmin = 1;
    if (h->o.rhmin < 1)
        h->o.rhmin = 1;
    h->cap = 1024;
    h->tab = rl_xcalloc(h->cap, sizeof *h->tab);
    return h;
}

rl_hyph *rl_hyph_start(rl_arena *a, rl_diag *d, rl_span at, const char *lang, const char *dir,
                       const rl_hyph_opts *opts)
{
    char path[4096];
    if (!dict_path(lang, dir, path, sizeof path) || access(path, R_OK) != 0 || strlen(lang) >= 40)
        return rl_hyph_load(a, d, at, lang, dir, opts); /* reports why */
    rl_hyph *h = new_hyph(a, opts);
    memcpy(h->path, path, sizeof path);
    snprintf(h->lang, sizeof h->lang, "%s", lang);
    h->d = d;
    h->at = at;
    if (pthread_create(&h->thread, NULL, load_thread, h) != 0) {
        free(h->tab);
        return rl_hyph_load(a, d, at, lang, dir, opts);
    }
    h->pending = true;
    rl_arena_defer(a, hyph_free, h);
    return h;
}

rl_hyph *rl_hyph_load(rl_arena *a, rl_diag *d, rl_span at, const char *lang, const char *dir,
                      const rl_hyph_opts *opts)
{
    char path[4096], pkg[64];
    if (!dict_path(lang, dir, path, sizeof path)) {
        rl_diag_error(d, at, "'%s' is not a language code such as en_US", lang);
        return NULL;
    }
    if (access(path, R_OK) != 0) {
        rl_diag_error(d, at, "no hyphenation patterns for %s; install the Debian package %s", lang,
                      rl_hyph_package(lang, pkg, sizeof pkg));
        return NULL;
    }
    HyphenDict *dict = hnj_hyphen_load(path);
    if (!dict) {
        rl_diag_error(d, at, "cannot read the hyphenation patterns for %s; reinstall the Debian package %s", lang,
                      rl_hyph_package(lang, pkg, sizeof pkg));
        return NULL;
    }
    rl_hyph *h = new_hyph(a, opts);
    h->dict = dict;
    rl_arena_defer(a, hyph_free, h);
    return h;
}

void rl_hyph_stats(const rl_hyph *h, size_t *lookups, size_t *hits)
{
    *lookups = h->lookups;
    *hits = h->hits;
}

static uint64_t hash(rl_str w)
{
    uint64_t x = 1469598103934665603ull;
    for (size_t i = 0; i < w.n; i++) {
        x ^= (unsigned char)w.p[i];
        x *= 1099511628211ull;
    }
    return x;
}

static bool is_letter(utf8proc_category_t c)
{
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME; /* L* and M* */
}

/* Compute the points of w into pts (capacity MAX_WORD); returns the count. */
static size_t compute(rl_hyph *h, rl_str w, uint32_t *pts)
{
    int32_t cps[MAX_WORD + 1];
    uint32_t offs[MAX_WORD + 2];
    size_t ncp = 0;
    for (size_t i = 0; i < w.n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)w.p + i, (utf8proc_ssize_t)(w.n - i), &cp);
        if (k <= 0 || ncp >= MAX_WORD)
            return 0;
        offs[ncp] = (uint32_t)i;
        cps[ncp++] = cp;
        i += (size_t)k;
    }
    offs[ncp] = (uint32_t)w.n;
    size_t ls = 0, le = ncp;
    while (ls < le && !is_letter(utf8proc_category(cps[ls])))
        ls++;
    while (le > ls && !is_letter(utf8proc_category(cps[le - 1])))
        le--;
    size_t nl = le - ls;
    if (nl < (size_t)h->o.min_word || nl < (size_t)(h->o.lhmin + h->o.rhmin))
        return 0;
    bool lower = false;
    char low[MAX_WORD * 4 + 8];
    size_t lown = 0;
    for (size_t i = ls; i < le; i++) {
        utf8proc_category_t c = utf8proc_category(cps[i]);
        if (!is_letter(c))
            return 0; /* digits, apostrophes, hyphens, dots inside */
        if (c == UTF8PROC_CATEGORY_LL)
            lower = true;
        int32_t lc = utf8proc_tolower(cps[i]);
        lown += (size_t)utf8proc_encode_char(lc, (utf8proc_uint8_t *)low + lown);
    }
    if (!lower && !h->o.caps)
        return 0;
    low[lown] = 0;
    char hy[MAX_WORD * 4 + 8];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    memset(hy, 0, lown + 5);
    int rc = hnj_hyphen_hyphenate2(h->dict, low, (int)lown, hy, NULL, &rep, &pos, &cut);
    size_t np = 0;
    if (rc == 0) {
        /* Index i (character) odd: may break after letter i. */
        size_t nchar = h->dict->utf8 ? nl : lown;
        for (size_t i = 0; i + 1 < nchar && i < nl; i++) {
            if (!(hy[i] & 1))
                continue;
            if (rep && rep[i])
                continue; /* non-standard break: not supported */
            size_t left = i + 1, right = nl - left;
            if (left < (size_t)h->o.lhmin || right < (size_t)h->o.rhmin)
                continue;
            pts[np++] = offs[ls + left];
        }
    }
    if (rep) {
        for (size_t i = 0; i < lown; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    return np;
}

static void grow(rl_hyph *h)
{
    size_t ncap = h->cap * 2;
    entry *nt = rl_xcalloc(ncap, sizeof *nt);
    for (size_t i = 0; i < h->cap; i++) {
        entry *e = &h->tab[i];
        if (!e->key)
            continue;
        size_t j = hash((rl_str){e->key, e->keylen}) & (ncap - 1);
        while (nt[j].key)
            j = (j + 1) & (ncap - 1);
        nt[j] = *e;
    }
    free(h->tab);
    h->tab = nt;
    h->cap = ncap;
}

size_t rl_hyph_points(rl_hyph *h, rl_str w, const uint32_t **points)
{
    h->lookups++;
    *points = NONE;
    join(h);
    if (!h->dict || w.n == 0 || w.n > MAX_WORD * 4)
        return 0;
    size_t j = hash(w) & (h->cap - 1);
    while (h->tab[j].key) {
        entry *e = &h->tab[j];
        if (e->keylen == w.n && !memcmp(e->key, w.p, w.n)) {
            h->hits++;
            *points = e->points;
            return e->npoints;
        }
        j = (j + 1) & (h->cap - 1);
    }
    uint32_t pts[MAX_WORD];
    size_t np = compute(h, w, pts);
    entry *e = &h->tab[j];
    e->key = rl_arena_strdup(h->a, w);
    e->keylen = (uint32_t)w.n;
    e->npoints = (uint32_t)np;
    if (np) {
        uint32_t *copy = rl_arena_array(h->a, np, sizeof *copy);
        memcpy(copy, pts, np * sizeof *copy);
        e->points = copy;
    } else {
        e->points = NONE;
    }
    *points = e->points;
    if (++h->used * 2 > h->cap)
        grow(h);
    return np;
}
