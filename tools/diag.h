/* diag.h - diagnostics: collect, sort, print (SQLite's nErr, jq's locfile).
 *
 * Errors accumulate; they do not stop the run, so the user sees every bad
 * key of a file in one go.  Each diagnostic is printed as
 *
 *     path:line:col: error: message
 *      12 | the source line
 *         |     ^~~~~
 *
 * Messages start lowercase and have no trailing full stop.  The sink owns
 * copies of the messages; rl_diag_free() releases them.
 */
#ifndef RL_DIAG_H
#define RL_DIAG_H

#include "rl.h"
#include <stdarg.h>
#include <stdio.h>

typedef enum rl_severity { RL_NOTE, RL_WARNING, RL_ERROR } rl_severity;

rl_diag *rl_diag_new(void);
void rl_diag_free(rl_diag *d);

/* Report at a span of a loaded source.  d may be NULL: the message is then
 * printed at once to stderr (for code paths used outside a build). */
void rl_diag_error(rl_diag *d, rl_span at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void rl_diag_warning(rl_diag *d, rl_span at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void rl_diag_note(rl_diag *d, rl_span at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void rl_diag_report(rl_diag *d, rl_severity sev, rl_span at, const char *fmt, va_list ap);
void rl_diag_report_f(rl_diag *d, rl_severity sev, rl_span at, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Report about a file as a whole ("path: error: message"), for files that
 * could not be opened.  path may be NULL ("redline: error: ..."). */
void rl_diag_file_error(rl_diag *d, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void rl_diag_file_warning(rl_diag *d, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

unsigned rl_diag_errors(const rl_diag *d);
unsigned rl_diag_warnings(const rl_diag *d);
size_t rl_diag_count(const rl_diag *d);

/* Print everything collected so far, sorted by file then position (stable
 * for equal positions), and forget it.  With `context`, each located
 * message is followed by its source line and a caret underline.
 */
void rl_diag_flush(rl_diag *d, FILE *out, bool context);

/* The i-th collected message formatted on one line, for tests (the
 * pointer is valid until the next flush or free). */
const char *rl_diag_message(rl_diag *d, size_t i);

#endif
