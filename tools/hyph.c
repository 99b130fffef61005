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
 * table itself is malloc'd and freed with the handle when the arena dies.
 * Rejected: caching by lowercased letters only (it would need the
 * mapping back to bytes redone on every hit, which is most of the cost).
 *
 * Reading the patterns (hnj_hyphen_load: a few thousand patterns parsed
 * into a state machine) costs as much as laying out ten pages, so
 * rl_hyph_prefetch (a build, once the versions are compared) or else
 * rl_hyph_start (the layout) has them read by a helper job (helper.h)
 * meanwhile; only libhyphen runs there, and the first lookup joins it.
 * Once read, they stay on a shelf for the rest of the process, for the
 * next layout.
 *
 * Threads: the cache is written on every miss, so each thread looks words
 * up through its own handle (rl_hyph_fork), with its own cache in front of
 * one its handle's root keeps for all the forks, under the root's mutex:
 * most lookups are hits in the thread's own table and take no lock, and a
 * word is hyphenated once however many threads meet it (hyphenating is
 * most of the cost; private caches alone did half the words twice).  Once
 * read, the patterns are only read (hnj_hyphen_hyphenate2 keeps its state
 * in its own buffers), so handles share them without a lock; the first
 * lookup on each handle takes them from the shelf, under the shelf's lock
 * (joining the read if no handle has yet).
 */
#include "hyph.h"
#include "arena.h"
#include "diag.h"
#include "helper.h"
#include "source.h"

#include <hyphen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#define MAX_WORD 256 /* code points; longer "words" are not hyphenated */
/* Forks serve long documents (see paraset.c): their tables start big
 * enough for a few thousand distinct words, rather than growing there. */
#define FORK_TABLE 8192

typedef struct entry {
    const char *key;
    uint32_t keylen;
    uint32_t npoints;
    const uint32_t *points;
} entry;

/* Open addressing, at most half full; keys and points live elsewhere. */
typedef struct table {
    entry *v;
    size_t cap, used;
} table;

/* An empty table of cap entries (a power of 2).  Zeroed by writing, not
 * by calloc: the kernel would map a big calloc to its zero page, and the
 * first writes after reads would each cost a TLB flush on every core the
 * process runs on. */
static void table_init(table *t, size_t cap)
{
    t->v = rl_xmalloc(cap * sizeof *t->v);
    memset(t->v, 0, cap * sizeof *t->v);
    t->cap = cap;
    t->used = 0;
}

typedef struct shelved shelved;

struct rl_hyph {
    rl_arena *a;
    rl_hyph *root;           /* the handle that owns the shared cache: itself unless forked */
    shelved *patterns;       /* where its patterns are read (NULL: dict is its own) */
    HyphenDict *dict;        /* once known (or from the start, if its own) */
    bool known;              /* dict is final here */
    bool own;                /* dict is freed with the handle (not shelved) */
    /* The root's: the cache its forks share, under mu. */
    pthread_mutex_t mu;
    table shared;            /* the forks' words (their keys and points in store) */
    rl_arena *store;
    /* Each handle's own. */
    rl_diag *d;              /* where unreadable patterns are reported, once */
    rl_span at;
    char lang[40];
    rl_hyph_opts o;
    table tab;               /* a root's keys and points in a, a fork's in the root's store */
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

/* ---- patterns read in this process ---------------------------------------- */

/* A build lays out each comparison, and each paged format, on its own, and
 * reading the patterns costs as much as laying out ten pages: patterns
 * once read stay on a shelf, by file, until the process ends (as font.c
 * keeps its fontconfig matches), and every later handle on the same file
 * uses them.  A file is read once, by a helper job (helper.h) started by
 * the first rl_hyph_prefetch or rl_hyph_start that asks for it, and joined
 * by the first lookup that needs it, from whichever thread (or at exit, if
 * none did).  libhyphen only reads the patterns, so handles on different
 * threads share them without a lock. */
struct shelved {
    char path[4096];
    HyphenDict *dict;        /* NULL if the file could not be read */
    rl_helper read;          /* reads dict, until joined */
    bool reading;            /* read not joined yet */
    pid_t pid;               /* the process that started it (not a forked child) */
};

static shelved shelf[4];
static int nshelf;
static pthread_mutex_t shelf_lock = PTHREAD_MUTEX_INITIALIZER;

static void read_job(void *p)
{
    shelved *s = p;
    s->dict = hnj_hyphen_load(s->path);
}

/* At exit: join the reads nobody needed (a build that failed after
 * rl_hyph_prefetch), so that no thread is left behind. */
static void join_all(void)
{
    pthread_mutex_lock(&shelf_lock);
    for (int i = 0; i < nshelf; i++)
        if (shelf[i].reading && shelf[i].pid == getpid() && rl_helper_threaded(&shelf[i].read)) {
            rl_helper_join(&shelf[i].read);
            shelf[i].reading = false;
        }
    pthread_mutex_unlock(&shelf_lock);
}

/* The shelf's place for the patterns in path, their reading started (on a
 * helper thread if thread is set, else by the first to need them) if they
 * are not there yet; NULL if the shelf is full. */
static shelved *shelf_get(const char *path, bool thread)
{
    static bool registered;
    shelved *s = NULL;
    pthread_mutex_lock(&shelf_lock);
    for (int i = 0; i < nshelf && !s; i++)
        if (!strcmp(shelf[i].path, path))
            s = &shelf[i];
    if (!s && nshelf < (int)(sizeof shelf / sizeof *shelf) && strlen(path) < sizeof shelf[0].path) {
        s = &shelf[nshelf++];
        snprintf(s->path, sizeof s->path, "%s", path);
        s->reading = true;
        s->pid = getpid();
        rl_helper_start(&s->read, read_job, s, thread);
        if (rl_helper_threaded(&s->read) && !registered)
            registered = atexit(join_all) == 0;
    }
    pthread_mutex_unlock(&shelf_lock);
    return s;
}

/* The patterns of s, once read (from any thread: the first to come joins
 * the read; the others wait for it on the lock). */
static HyphenDict *shelf_dict(shelved *s)
{
    pthread_mutex_lock(&shelf_lock);
    if (s->reading) {
        rl_helper_join(&s->read);
        s->reading = false;
    }
    HyphenDict *dict = s->dict;
    pthread_mutex_unlock(&shelf_lock);
    return dict;
}

/* The patterns for a lookup through h, reporting (once per handle) a file
 * that could not be read. */
static HyphenDict *patterns(rl_hyph *h)
{
    if (h->known)
        return h->dict;
    h->dict = shelf_dict(h->patterns);
    h->known = true;
    if (!h->dict && h->d) {
        char pkg[64];
        rl_diag_error(h->d, h->at,
                      "cannot read the hyphenation patterns for %s; reinstall the Debian package %s", h->lang,
                      rl_hyph_package(h->lang, pkg, sizeof pkg));
    }
    return h->dict;
}

static void hyph_free(void *p)
{
    rl_hyph *h = p;
    if (h->root == h) {
        if (h->own)
            hnj_hyphen_free(h->dict);
        pthread_mutex_destroy(&h->mu);
        free(h->shared.v);
        rl_arena_free(h->store);
    }
    free(h->tab.v);
}

void rl_hyph_prefetch(const char *lang, const char *dir)
{
    char path[4096];
    if (dict_path(lang, dir, path, sizeof path) && access(path, R_OK) == 0)
        shelf_get(path, true);
}

static rl_hyph *new_hyph(rl_arena *a, rl_diag *d, rl_span at, const char *lang, const rl_hyph_opts *opts)
{
    rl_hyph *h = rl_arena_alloc(a, sizeof *h);
    h->a = a;
    h->root = h;
    pthread_mutex_init(&h->mu, NULL);
    h->d = d;
    h->at = at;
    snprintf(h->lang, sizeof h->lang, "%s", lang);
    if (opts)
        h->o = *opts;
    else
        rl_hyph_defaults(&h->o);
    if (h->o.lhmin < 1)
        h->o.lhmin = 1;
    if (h->o.rhmin < 1)
        h->o.rhmin = 1;
    table_init(&h->tab, 1024);
    rl_arena_defer(a, hyph_free, h);
    return h;
}

/* The path of lang's patterns into path, or (reported to d) NULL. */
static const char *find_patterns(rl_diag *d, rl_span at, const char *lang, const char *dir, char *path, size_t n)
{
    char pkg[64];
    if (!dict_path(lang, dir, path, n)) {
        rl_diag_error(d, at, "'%s' is not a language code such as en_US", lang);
        return NULL;
    }
    if (access(path, R_OK) != 0) {
        rl_diag_error(d, at, "no hyphenation patterns for %s; install the Debian package %s", lang,
                      rl_hyph_package(lang, pkg, sizeof pkg));
        return NULL;
    }
    return path;
}

/* A handle on lang's patterns, read on a helper thread if thread is set;
 * with wait, once they are read (NULL, reported, if they cannot be). */
static rl_hyph *open_hyph(rl_arena *a, rl_diag *d, rl_span at, const char *lang, const char *dir,
                          const rl_hyph_opts *opts, bool thread, bool wait)
{
    char path[4096];
    if (!find_patterns(d, at, lang, dir, path, sizeof path))
        return NULL;
    shelved *s = shelf_get(path, thread);
    HyphenDict *dict = NULL;
    if (!s || wait) {
        dict = s ? shelf_dict(s) : hnj_hyphen_load(path); /* !s: the shelf is full */
        if (!dict) {
            char pkg[64];
            rl_diag_error(d, at, "cannot read the hyphenation patterns for %s; reinstall the Debian package %s",
                          lang, rl_hyph_package(lang, pkg, sizeof pkg));
            return NULL;
        }
    }
    rl_hyph *h = new_hyph(a, d, at, lang, opts);
    h->patterns = s;
    if (dict) {
        h->dict = dict;
        h->known = true;
        h->own = !s;
    }
    return h;
}

rl_hyph *rl_hyph_start(rl_arena *a, rl_diag *d, rl_span at, const char *lang, const char *dir,
                       const rl_hyph_opts *opts)
{
    return open_hyph(a, d, at, lang, dir, opts, true, false);
}

rl_hyph *rl_hyph_load(rl_arena *a, rl_diag *d, rl_span at, const char *lang, const char *dir,
                      const rl_hyph_opts *opts)
{
    return open_hyph(a, d, at, lang, dir, opts, false, true);
}

rl_hyph *rl_hyph_fork(rl_arena *a, rl_diag *d, rl_hyph *h)
{
    if (!h)
        return NULL;
    rl_hyph *r = h->root;
    if (!r->store) { /* the first fork: before any thread can use r->shared */
        r->store = rl_arena_new();
        table_init(&r->shared, FORK_TABLE);
    }
    rl_hyph *f = new_hyph(a, d, h->at, h->lang, &h->o);
    free(f->tab.v);
    table_init(&f->tab, FORK_TABLE);
    pthread_mutex_destroy(&f->mu); /* only a root's is used */
    f->root = r;
    f->patterns = r->patterns;
    f->dict = r->known ? r->dict : NULL;
    f->known = r->known;
    return f;
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
static size_t compute(const rl_hyph *h, HyphenDict *dict, rl_str w, uint32_t *pts)
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
    int rc = hnj_hyphen_hyphenate2(dict, low, (int)lown, hy, NULL, &rep, &pos, &cut);
    size_t np = 0;
    if (rc == 0) {
        /* Index i (character) odd: may break after letter i. */
        size_t nchar = dict->utf8 ? nl : lown;
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

/* The slot of w in t: its entry, or the empty slot where it would go. */
static entry *probe(const table *t, rl_str w, uint64_t hv)
{
    size_t j = hv & (t->cap - 1);
    while (t->v[j].key && !(t->v[j].keylen == w.n && !memcmp(t->v[j].key, w.p, w.n)))
        j = (j + 1) & (t->cap - 1);
    return &t->v[j];
}

static void grow(table *t)
{
    size_t ncap = t->cap * 2;
    entry *nt = rl_xmalloc(ncap * sizeof *nt);
    memset(nt, 0, ncap * sizeof *nt);
    for (size_t i = 0; i < t->cap; i++) {
        entry *e = &t->v[i];
        if (!e->key)
            continue;
        size_t j = hash((rl_str){e->key, e->keylen}) & (ncap - 1);
        while (nt[j].key)
            j = (j + 1) & (ncap - 1);
        nt[j] = *e;
    }
    free(t->v);
    t->v = nt;
    t->cap = ncap;
}

/* Fill the empty slot e of t with w's points, copied into arena a. */
static entry add(table *t, entry *e, rl_arena *a, rl_str w, const uint32_t *pts, size_t np)
{
    e->key = rl_arena_strdup(a, w);
    e->keylen = (uint32_t)w.n;
    e->npoints = (uint32_t)np;
    if (np) {
        uint32_t *copy = rl_arena_array(a, np, sizeof *copy);
        memcpy(copy, pts, np * sizeof *copy);
        e->points = copy;
    } else {
        e->points = NONE;
    }
    entry got = *e;
    if (++t->used * 2 > t->cap)
        grow(t);
    return got;
}

/* A fork's miss: the root's shared entry for w, computed (outside the
 * lock, so the other thread is not held up; should both compute the same
 * word, the first to come back keeps its entry) if no fork has it yet. */
static entry shared_entry(rl_hyph *h, HyphenDict *dict, rl_str w, uint64_t hv)
{
    rl_hyph *r = h->root;
    pthread_mutex_lock(&r->mu);
    entry got = *probe(&r->shared, w, hv);
    pthread_mutex_unlock(&r->mu);
    if (got.key)
        return got;
    uint32_t pts[MAX_WORD];
    size_t np = compute(h, dict, w, pts);
    pthread_mutex_lock(&r->mu);
    entry *e = probe(&r->shared, w, hv);
    got = e->key ? *e : add(&r->shared, e, r->store, w, pts, np);
    pthread_mutex_unlock(&r->mu);
    return got;
}

size_t rl_hyph_points(rl_hyph *h, rl_str w, const uint32_t **points)
{
    h->lookups++;
    *points = NONE;
    HyphenDict *dict = patterns(h);
    if (!dict || w.n == 0 || w.n > MAX_WORD * 4)
        return 0;
    uint64_t hv = hash(w);
    entry *e = probe(&h->tab, w, hv);
    if (e->key) {
        h->hits++;
        *points = e->points;
        return e->npoints;
    }
    entry got;
    if (h->root != h) {
        got = shared_entry(h, dict, w, hv);
        *e = got; /* points into the root's store, which outlives h */
        if (++h->tab.used * 2 > h->tab.cap)
            grow(&h->tab);
    } else {
        uint32_t pts[MAX_WORD];
        size_t np = compute(h, dict, w, pts);
        got = add(&h->tab, e, h->a, w, pts, np);
    }
    *points = got.points;
    return got.npoints;
}
