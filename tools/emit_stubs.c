/* emit_stubs.c - placeholders for emitters that have not landed yet.
 * Each function moves to its own emit_*.c file when it is written; delete
 * it from here in the same change. */
#include "diag.h"
#include "emit.h"

#pragma GCC diagnostic ignored "-Wunused-parameter"

#define STUB(name, ...)                                                          \
    int name(__VA_ARGS__)                                                        \
    {                                                                            \
        rl_diag_file_error(c->d, NULL, "%s is not implemented yet", #name);      \
        return -1;                                                               \
    }

STUB(rl_emit_text, const rl_emit_ctx *c, rl_buf *out, bool color)
STUB(rl_emit_critic, const rl_emit_ctx *c, rl_buf *out)
STUB(rl_emit_json, const rl_emit_ctx *c, rl_buf *out)
STUB(rl_emit_pdf, const rl_emit_ctx *c, rl_buf *out)
STUB(rl_emit_trace, const rl_emit_ctx *c, rl_buf *out)
STUB(rl_emit_latex, const rl_emit_ctx *c, rl_buf *tex, rl_buf *body, rl_buf *sty)
STUB(rl_emit_html, const rl_emit_ctx *c, rl_buf *out)
