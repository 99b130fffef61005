/* cite.h - citation files for one edition of a publication: BibTeX and
 * CSL-JSON, so that a reference names exactly one edition (its id is the
 * BibTeX note and key suffix, and the CSL `version`).
 */
#ifndef RL_CITE_H
#define RL_CITE_H

#include "rl.h"

typedef struct rl_pub rl_pub;
typedef struct rl_edition rl_edition;

/* The citation key: "<pub name>-<edition id>" (letters, digits, '.', '_'
 * and '-' only, since publication names are checked ids).  Arena-owned. */
const char *rl_cite_key(rl_arena *a, const rl_pub *p, const rl_edition *e);

/* Append a BibTeX @misc entry for edition e of p to out: title (and
 * subtitle), author (joined with " and "), edition, date, year, note with
 * the edition id, url when the manifest has one.  Every field is escaped
 * for BibTeX/LaTeX: braces balanced, \ # $ % & _ ^ ~ made literal; an
 * author containing " and " is braced so it stays one name. */
void rl_cite_bibtex(const rl_pub *p, const rl_edition *e, rl_buf *out);

/* Append a CSL-JSON array with one item to out: id, type "document",
 * title (with ": subtitle" when there is one), author ([{"family",
 * "given"}] for "Family, Given", else [{"literal"}]), edition, issued
 * date-parts, version (the edition id), note, URL.  Strings are
 * JSON-escaped; UTF-8 passes through. */
void rl_cite_csl(const rl_pub *p, const rl_edition *e, rl_buf *out);

#endif
