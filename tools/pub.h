/* pub.h - a publication: its manifest (sources/<pub>/publication.yaml).
 *
 * The manifest names the versions (oldest first), the comparisons to
 * publish, the style, the annotation files, the outputs and the edition.
 * Loading checks every key and type and reports problems at their line and
 * column; it does not load the version files (rl_pub_load_versions does).
 *
 * File names are resolved so that user text cannot reach outside the
 * project: version files are relative to the manifest's folder; a bare
 * annotation or style name is looked up in annotations/ or styles/ of the
 * project root (the folder that holds sources/); a name with a slash is
 * relative to the manifest's folder.  Ids used in output file names may only
 * contain letters, digits, '.', '_' and '-', and may not start with '.'.
 */
#ifndef RL_PUB_H
#define RL_PUB_H

#include "rl.h"

typedef struct rl_doc rl_doc;
typedef struct rl_ynode rl_ynode;

enum { RL_OUT_PDF = 1, RL_OUT_TEX = 2, RL_OUT_HTML = 4, RL_OUT_ALL = 7 };

typedef struct rl_version {
    rl_str id, label, date;   /* label defaults to the id; date may be empty */
    rl_str file;              /* as written in the manifest */
    const char *path;         /* resolved path */
    rl_span at;               /* the entry in the manifest */
    rl_doc *doc;              /* NULL until rl_pub_load_versions */
} rl_version;

typedef struct rl_compare {
    size_t from, to;          /* indices into versions */
    rl_span at;
} rl_compare;

typedef struct rl_pub {
    rl_source *src;           /* the manifest */
    const char *path;         /* manifest path as given */
    const char *dir;          /* folder of the manifest ("." if none) */
    const char *root;         /* project root: the folder holding sources/ */
    rl_str name;              /* publication name: the manifest folder's name */
    rl_str title, subtitle, url, lang, subject;
    rl_str notice;            /* Markdown shown on the title page (provenance, caveats) */
    rl_str *authors;
    size_t nauthors;
    rl_str *keywords;
    size_t nkeywords;
    long edition_number;      /* 0 if absent */
    rl_str edition_date;      /* YYYY-MM-DD or empty */
    rl_str style;             /* style name or path ("default" if absent) */
    const char *style_path;   /* resolved; NULL: the built-in default style */
    rl_version *versions;
    size_t nversions;
    rl_compare *compares;     /* default: each version against the next */
    size_t ncompares;
    const char **annotation_paths;
    rl_span *annotation_at;
    size_t nannotations;
    unsigned outputs;         /* RL_OUT_* bits */
    bool one_document;        /* `compare_layout: one-document`: all comparisons in one output */
    double anchor_threshold;  /* least similarity of a fuzzy anchor (`anchor_threshold`, default 0.8) */
    rl_ynode *root_node;
} rl_pub;

/* Load and check the manifest at path.  Returns NULL (with diagnostics)
 * on errors; unknown keys are warnings naming the closest known key. */
rl_pub *rl_pub_load(rl_arena *a, rl_diag *d, const char *path);

/* Load every version's document.  Returns 0, or -1 if any failed. */
int rl_pub_load_versions(rl_arena *a, rl_diag *d, rl_pub *p);

/* The version with the given id, or NULL. */
rl_version *rl_pub_version(const rl_pub *p, rl_str id);

/* Checks an id for use in file names (see above). */
bool rl_pub_safe_id(rl_str id);

#endif
