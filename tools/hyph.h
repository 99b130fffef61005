/* hyph.h - hyphenation points of words, from libhyphen's pattern files.
 *
 * A dictionary is a handle tied to an arena: it is released (with its
 * word cache) when the arena is freed.  The patterns behind it are read
 * once per file and process, and kept until the process ends for later
 * handles on the same language (a build lays out each comparison and
 * each paged format on its own).  Asking for the
 * break points of a word gives byte offsets into the word exactly as the
 * caller passed it, so they can be used to cut the original text; they
 * never fall inside a UTF-8 sequence.  Results are cached per word, so a
 * word that occurs a thousand times is hyphenated once.
 *
 * What is hyphenated: the letters of the word after stripping leading and
 * trailing punctuation (quotes, brackets, commas, apostrophes...), matched
 * in lower case (code point by code point, so indices stay aligned).
 * Words with digits, with inner punctuation other than a hyphen (it's,
 * e-mail addresses, URLs), with fewer than min_word letters, and (unless
 * caps is set) words written wholly in capitals are not hyphenated.
 * Words that already contain a hyphen are not given further points (the
 * caller breaks after the explicit hyphen).  No point lies closer than
 * lhmin letters to the start or rhmin letters to the end of the letters.
 * libhyphen's non-standard breaks (rep/pos/cut, as in German "Schiff-fahrt")
 * are dropped: only plain insert-a-hyphen points are returned.
 */
#ifndef RL_HYPH_H
#define RL_HYPH_H

#include "rl.h"

typedef struct rl_hyph rl_hyph;

typedef struct rl_hyph_opts {
    int lhmin;        /* letters kept before the first point (2) */
    int rhmin;        /* letters kept after the last point (3) */
    int min_word;     /* shortest word (in letters) that is hyphenated (5) */
    bool caps;        /* also hyphenate ALL-CAPS words (false) */
} rl_hyph_opts;

/* The defaults above. */
void rl_hyph_defaults(rl_hyph_opts *o);

/* Load the patterns for language lang ("en_US", also written "en-US";
 * letters, digits, '_' and '-' only) from dir/hyph_<lang>.dic, where dir
 * is NULL for the system folder /usr/share/hyphen.  opts may be NULL for
 * the defaults.  On failure reports to d (with `at` as the place that named
 * the language, e.g. the style's `hyphenation` key; its src may be NULL)
 * a message naming the Debian package that
 * provides the patterns (hyphen-en-us for en_US), and returns NULL.
 * The handle belongs to the arena a (freed with it). */
rl_hyph *rl_hyph_load(rl_arena *a, rl_diag *d, rl_span at, const char *lang, const char *dir,
                      const rl_hyph_opts *opts);

/* The same, but the patterns are read by a helper job (helper.h) while
 * the caller goes on, unless rl_hyph_prefetch or an earlier handle has had
 * them read already; the first rl_hyph_points waits for them.  A missing
 * file is reported at once (NULL); an unreadable one is reported to d when
 * first needed (d must live as long as h), and h then gives no points. */
rl_hyph *rl_hyph_start(rl_arena *a, rl_diag *d, rl_span at, const char *lang, const char *dir,
                       const rl_hyph_opts *opts);

/* Start reading the patterns for lang (looked up as rl_hyph_load does) in
 * the background, for a handle made later (rl_hyph_start waits for them
 * rather than reading them again).  Reports nothing: a language without
 * patterns is left to the handle.  Optional, for speed.  A read nobody
 * needed is joined at exit. */
void rl_hyph_prefetch(const char *lang, const char *dir);

/* Whether patterns for lang can be found (same lookup as rl_hyph_load;
 * false for a malformed language name). */
bool rl_hyph_available(const char *lang, const char *dir);

/* The allowed break points of the UTF-8 word w: byte offsets k, ascending,
 * 0 < k < w.n, meaning "w[0..k) + hyphen | w[k..n)".  *points is set to an
 * array owned by h (valid until h is freed; never NULL); the return value
 * is the number of points (0 if none).  Invalid UTF-8 gives 0 points.
 * Not thread-safe (the cache is updated): one thread per handle, see
 * rl_hyph_fork. */
size_t rl_hyph_points(rl_hyph *h, rl_str w, const uint32_t **points);

/* Another handle on h's patterns, with its own word cache (in arena a,
 * which must be freed before h's), for use by another thread: lookups
 * through different handles may run at the same time, whether or not the
 * patterns are still being read.  A handle reports patterns that could
 * not be read to its own sink, d here (NULL: not at all), once, on its
 * first lookup, as rl_hyph_start's does.  NULL if h is NULL. */
rl_hyph *rl_hyph_fork(rl_arena *a, rl_diag *d, rl_hyph *h);

/* Words looked up and cache hits so far (for benchmarks). */
void rl_hyph_stats(const rl_hyph *h, size_t *lookups, size_t *hits);

/* The Debian package holding the patterns for lang, e.g. "hyphen-en-us"
 * for "en_US" (written into buf of size n; returns buf). */
const char *rl_hyph_package(const char *lang, char *buf, size_t n);

#endif
