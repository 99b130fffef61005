/* build.h - build one publication: every comparison, every output format,
 * the citation files and the stamp, written atomically into one folder.
 *
 * A build loads the manifest, the style, the versions and the annotations,
 * computes the edition, then for each comparison diffs, anchors the notes
 * and runs the requested emitters into memory.  Only when everything
 * succeeded are the files written: each to a temporary file first, then all
 * renamed into place; a failed build writes nothing, leaves no temporary
 * file and keeps the previous outputs.
 *
 * Output names: <pub>.pdf .tex -body.tex .html .trace and redline.sty for a
 * publication with one comparison, <pub>-<from>-<to>.* for each comparison
 * when there are several; <pub>-history.html (the cumulative view of every
 * version) with the HTML for a publication of three versions or more;
 * always <pub>.bib and <pub>.json (one edition,
 * whatever the number of comparisons), and the stamp .<pub>.stamp that
 * `--changed` reads.
 */
#ifndef RL_BUILD_H
#define RL_BUILD_H

#include "rl.h"

typedef struct rl_pub rl_pub;
typedef struct rl_edition rl_edition;
typedef struct rl_redline rl_redline;
typedef struct rl_layout rl_layout;

/* Output formats.  The first three are the manifest's RL_OUT_* bits. */
enum { RL_FMT_PDF = 1, RL_FMT_TEX = 2, RL_FMT_HTML = 4, RL_FMT_TRACE = 8, RL_FMT_ALL = 15 };

typedef struct rl_build_opts {
    unsigned formats;       /* RL_FMT_* bits; 0: the manifest's outputs */
    const char *outdir;     /* NULL: <project root>/output/<pub> */
    const char *style;      /* NULL: the manifest's style; else a name or a file */
    bool changed;           /* skip the build when it is up to date (see rl_build_uptodate) */
    /* Observers, for tests and fuzzers (NULL in the CLI): on_redline gets
     * each comparison's redline once its notes are attached, on_layout
     * each page layout (PDF, trace) once built and before it is drawn,
     * both with observer_arg.  What they get lives in the build's arena:
     * they may inspect it, not keep or change it. */
    void (*on_redline)(void *arg, const rl_redline *r);
    void (*on_layout)(void *arg, const rl_layout *L);
    void *observer_arg;
} rl_build_opts;

typedef struct rl_build_result {
    char name[64];          /* publication name (truncated for display) */
    char edition[16];       /* edition id, empty if not computed */
    unsigned formats;       /* what was (or would have been) built */
    int pages;              /* PDF pages over all comparisons, -1 if no PDF */
    size_t files;           /* files written */
    bool uptodate;          /* --changed found nothing to do */
} rl_build_result;

/* Parse a comma-separated format list ("pdf,tex,html,trace", or "all").
 * Returns the RL_FMT_* bits, or 0 if a name is unknown (*bad, if not NULL,
 * then points at it). */
unsigned rl_build_parse_formats(const char *list, const char **bad);

/* The formats as a comma-separated list into buf (size >= 32). */
void rl_build_format_names(unsigned formats, char *buf, size_t size);

/* Check an output folder given on the command line: refuses an empty
 * path and any ".." component (the folder must be named plainly, so no
 * output can land outside it).  Returns 0, or -1 with an error in d. */
int rl_build_check_outdir(rl_diag *d, const char *dir);

/* Build the publication whose manifest is at path, allocating from a
 * (diagnostics in d point into it: flush d before freeing a).  res (not
 * NULL) is filled in any case.  Returns 0 on success (also when up to
 * date), -1 on failure (nothing written). */
int rl_build_pub(rl_arena *a, rl_diag *d, const char *path, const rl_build_opts *o,
                 rl_build_result *res);

/* The files a build of p would write, in order, as names inside the output
 * folder (arena-owned, NULL-terminated); formats as in rl_build_opts, but
 * already resolved (nonzero).  Returns NULL with an error in d if an id
 * used in a name is not safe (see rl_pub_safe_id). */
const char **rl_build_outputs(rl_arena *a, rl_diag *d, const rl_pub *p, unsigned formats);

/* The output folder of p for the options (o->outdir or the default). */
const char *rl_build_outdir(rl_arena *a, const rl_pub *p, const rl_build_opts *o);

/* The formats to build: o->formats, else the manifest's outputs. */
unsigned rl_build_formats(const rl_pub *p, const rl_build_opts *o);

/* The running redline binary, for dependencies: a path relative to the
 * current folder when it lies below it, else absolute; NULL if unknown. */
const char *rl_build_self(rl_arena *a);

#endif
