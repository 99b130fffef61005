/* edition.h - the inputs of a publication and its edition identifier.
 *
 * An edition is one exact set of inputs: the manifest, the version files,
 * the annotation files, the style file and the styles it is based on, the
 * names and sizes of the font files the style resolves to, the edition date
 * and redline's version.  Its identifier is the first 12 hex digits of a
 * SHA-256 over all of them (each input domain-separated and length-
 * prefixed), so that a citation names exactly one set of output bytes.
 * The same list of inputs serves `redline deps` (make fragments) and
 * `redline build --changed`.
 */
#ifndef RL_EDITION_H
#define RL_EDITION_H

#include "rl.h"

typedef struct rl_pub rl_pub;
typedef struct rl_style rl_style;
typedef struct rl_fonts rl_fonts;

#define RL_EDITION_ID_LEN 12   /* hex digits in an edition id */

typedef enum rl_input_kind {
    RL_IN_MANIFEST,
    RL_IN_VERSION,
    RL_IN_ANNOTATIONS,
    RL_IN_STYLE,
    RL_IN_FONT,      /* hashed as its file name and size, not its bytes */
    RL_IN_DATE,      /* the edition date and where it came from (no file) */
    RL_IN_REDLINE    /* redline's version (no file) */
} rl_input_kind;

typedef struct rl_input {
    rl_input_kind kind;
    const char *path;      /* the file to read or depend on; NULL for DATE/REDLINE */
    const char *name;      /* shown and hashed: path relative to the project root,
                            * a font's file name, or a label */
    rl_str bytes;          /* what is hashed for this input */
    size_t size;           /* size of the file (fonts: of the font file) */
    char sha256[65];       /* hex SHA-256 of bytes */
} rl_input;

typedef struct rl_edition {
    rl_input *inputs;
    size_t ninputs;
    char id[RL_EDITION_ID_LEN + 1];   /* short id, lowercase hex */
    char full[65];                    /* the whole digest, hex */
    rl_str date;                      /* YYYY-MM-DD */
    int64_t epoch;                    /* seconds since 1970 for date (UTC) */
    const char *date_from;            /* "manifest", "SOURCE_DATE_EPOCH" or "default" */
} rl_edition;

/* The style file a publication uses: `style` (a CLI override; NULL for the
 * manifest's pub->style_path) is a name looked up as styles/NAME.yaml under
 * the project root, or, when it contains a slash or ends in ".yaml", a
 * file.  Returns a path owned by the arena. */
const char *rl_edition_style_path(rl_arena *a, const rl_pub *p, const char *style);

/* The style files in use: style_path, then the style it names with `base:`,
 * and so on (a base name is NAME.yaml beside the style naming it; a base
 * with a slash is relative to that style's folder).  Stops at a cycle or a
 * file that cannot be read (rl_style_load reports those).  Returns the
 * number of paths stored in *out (arena). */
size_t rl_edition_style_files(rl_arena *a, const char *style_path, const char ***out);

/* Collect and hash every input of publication p (already loaded with
 * rl_pub_load; versions need not be loaded) built with the style file
 * style_path.  Font files are found through the style (rl_style_load and
 * rl_fonts_open); when that fails (no style or missing font) the font
 * family names stand in for them and the failure is left to the build.
 * Returns 0, or -1 with errors in d (an input file could not be read). */
int rl_edition_compute(rl_arena *a, rl_diag *d, const rl_pub *p, const char *style_path,
                       rl_edition *out);

/* How rl_edition_compute_opts may save work; all zero is rl_edition_compute.
 * The edition id never depends on these. */
typedef struct rl_edition_opts {
    const rl_style *style;   /* style_path already loaded (rl_style_load), or NULL */
    const rl_fonts *fonts;   /* fonts already opened from that style, or NULL */
    bool no_input_digests;   /* leave every rl_input.sha256 empty: only the id
                              * is wanted (each input is then hashed once) */
} rl_edition_opts;

/* rl_edition_compute with options: a style or fonts given are used instead
 * of loading the style or opening the fonts again (a style given without
 * fonts is still used to open them). */
int rl_edition_compute_opts(rl_arena *a, rl_diag *d, const rl_pub *p, const char *style_path,
                            const rl_edition_opts *o, rl_edition *out);

/* The edition date: the manifest's edition date (epoch at 00:00 UTC),
 * else SOURCE_DATE_EPOCH (its UTC day), else 1970-01-01.  Never the clock.
 * Sets out->date, out->epoch and out->date_from; returns -1 with an error
 * in d if SOURCE_DATE_EPOCH is set but not a non-negative integer. */
int rl_edition_date(rl_arena *a, rl_diag *d, const rl_pub *p, rl_edition *out);

/* Path of `path` relative to the project folder `root` when it lies inside
 * it, else its last component.  Never an absolute path of the machine. */
const char *rl_edition_relpath(rl_arena *a, const char *root, const char *path);

/* The name of an input kind: "manifest", "version", ... */
const char *rl_edition_kind_name(rl_input_kind k);

#endif
