/* harness.h - what every unit test includes: cmocka, and small helpers to
 * build documents and redlines from strings. */
#ifndef RL_TEST_HARNESS_H
#define RL_TEST_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "source.h"

/* A document parsed from text, as if read from a file called `name`
 * (its extension chooses Markdown or plain text).  Fails the test on error. */
static inline rl_doc *test_doc(rl_arena *a, const char *name, const char *text)
{
    rl_diag *d = rl_diag_new();
    rl_source *s = rl_source_from_mem(a, name, text, strlen(text));
    rl_doc *doc = rl_doc_parse(a, d, s);
    if (rl_diag_errors(d)) {
        rl_diag_flush(d, stderr, true);
        rl_diag_free(d);
        fail_msg("could not parse %s", name);
    }
    rl_diag_free(d);
    assert_non_null(doc);
    return doc;
}

#endif
