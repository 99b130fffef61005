/* pipeline.h - one publication, from its files to its redlines.
 *
 * The stages every command runs, wired once: the manifest, then its
 * style, versions and notes, then each comparison diffed and its notes
 * anchored.  `build`, `check`, `diff` and `history` are thin commands over
 * a pipeline, as jq's commands work on one jq_state and git's on one
 * repository, so that what each stage is given, and in which order
 * problems are reported, is the same whichever command runs it.
 *
 * A pipeline lives in the arena it was opened in.  Errors go to its
 * diagnostics sink; a function that fails returns NULL or -1 after
 * reporting, and the caller decides whether to go on.
 */
#ifndef RL_PIPELINE_H
#define RL_PIPELINE_H

#include "redline.h"

typedef struct rl_pub rl_pub;
typedef struct rl_annots rl_annots;
typedef struct rl_style rl_style;

typedef struct rl_pipeline {
    rl_arena *a;
    rl_diag *d;
    rl_pub *pub;           /* the manifest, or NULL for a pair of files */
    const rl_doc *old, *new; /* a pair of files (rl_pipeline_open_pair) */
    rl_style *style;       /* after rl_pipeline_load_style; NULL if it failed */
    const char *style_path;
    rl_annots *notes;      /* after rl_pipeline_load_notes; NULL without annotation files */
    rl_diff_opts diff;     /* for every comparison (zero: the defaults) */
    double threshold;      /* anchoring threshold: the manifest's unless set after opening */
    /* Shown every redline once its notes are anchored (tests, fuzzers). */
    void (*on_redline)(void *arg, const rl_redline *r);
    void *observer_arg;
} rl_pipeline;

/* Open the publication whose manifest is at path: the manifest only.
 * NULL if it cannot be read or is wrong (reported to d). */
rl_pipeline *rl_pipeline_open(rl_arena *a, rl_diag *d, const char *path);

/* Two version files compared with each other, without a manifest (both
 * are loaded at once, on two threads when that pays).  NULL if either
 * cannot be loaded. */
rl_pipeline *rl_pipeline_open_pair(rl_arena *a, rl_diag *d, const char *old, const char *new);

/* The style: `override` (a name in styles/ or a file) if not NULL, else
 * the manifest's, else the built-in default.  If the style has anything
 * to say it says it before anything loaded after it, whatever the order
 * of the sink.  NULL on errors (reported). */
rl_style *rl_pipeline_load_style(rl_pipeline *pl, const char *override);

/* Every version's document.  0, or -1 if any failed (reported). */
int rl_pipeline_load_versions(rl_pipeline *pl);

/* The notes of the annotation files the manifest names (none: 0 and
 * pl->notes NULL).  0, or -1 if a file failed (reported). */
int rl_pipeline_load_notes(rl_pipeline *pl);

/* Versions from and to (indices in pub->versions) compared, and the notes
 * anchored in the redline.  NULL if a document is missing.  A note that
 * cannot be anchored is reported (an error in d) and left out; the
 * redline is still returned, for a command that shows it all the same.
 * For a pair of files, from and to are ignored. */
rl_redline *rl_pipeline_compare(rl_pipeline *pl, size_t from, size_t to);

/* Every comparison of the manifest (`compare:`), in order (for a pair of
 * files, the one comparison), plus one zeroed entry after the last; r is
 * NULL where a document is missing. */
rl_comparison *rl_pipeline_compare_all(rl_pipeline *pl);

#endif
