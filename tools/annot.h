/* annot.h - annotations: notes anchored to quoted text (W3C Web Annotation
 * TextQuoteSelector), loaded from the publication's annotation files and
 * attached to a redline.
 *
 * Loading validates every key and type of each file (unknown keys,
 * duplicate ids, empty quotes, a version the manifest does not list, bad
 * types), reporting each at its own line and column, and parses the
 * Markdown bodies with cmark (raw HTML is reported and removed; images are
 * refused).  Attaching matches each quote against the rendered text of its
 * version (white space and curly/straight quotes normalized), exactly, then
 * with prefix/suffix to choose among several matches, then approximately
 * (accepted above a similarity threshold with a warning, else an error
 * showing the closest candidate), and records the span in the redline:
 * rl_redline.notes (numbered in reading order of their markers) and each
 * block's marks.
 */
#ifndef RL_ANNOT_H
#define RL_ANNOT_H

#include "rl.h"

typedef struct rl_pub rl_pub;
typedef struct rl_version rl_version;
typedef struct rl_redline rl_redline;
typedef struct rl_annots rl_annots;

/* Default similarity threshold for fuzzy re-anchoring. */
#define RL_ANCHOR_THRESHOLD 0.8

/* Load every annotation file the manifest lists (pub->annotation_paths).
 * Returns the set (possibly empty; never NULL unless a file could not be
 * read or parsed at all); problems go to d. */
rl_annots *rl_annot_load(rl_arena *a, rl_diag *d, const rl_pub *pub);

/* Load one annotation file (for tests and `redline check FILE`); `pub`
 * gives the list of valid version ids (may be NULL: any id accepted). */
rl_annots *rl_annot_load_file(rl_arena *a, rl_diag *d, const rl_pub *pub, const char *path);

/* The same for an annotation file already in memory (tests). */
rl_annots *rl_annot_load_source(rl_arena *a, rl_diag *d, const rl_pub *pub, rl_source *src);

/* Anchor the notes whose version is vold or vnew into r (built by rl_diff
 * from those two versions' documents), number them, and fill r->notes and
 * each block's marks.  Notes quoting another version of the publication are
 * mapped when possible, else left out of this comparison silently.
 * threshold is the minimum similarity (0..1) for a fuzzy anchor.
 * Returns 0, or -1 if any note failed to anchor (errors in d). */
int rl_annot_attach(rl_arena *a, rl_diag *d, rl_redline *r, const rl_annots *notes,
                    const rl_version *vold, const rl_version *vnew, double threshold);

/* Number of notes in the set. */
size_t rl_annot_count(const rl_annots *notes);

#endif
