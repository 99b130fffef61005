/* emit.h - what every output emitter is given, and their entry points.
 *
 * An emitter turns one redline (one comparison of one publication, with
 * its notes) into bytes in an rl_buf.  It never writes files itself: the
 * build writes the buffers atomically.  Emitters must be deterministic:
 * no clock, no paths of the machine, no locale; dates come from ctx.
 */
#ifndef RL_EMIT_H
#define RL_EMIT_H

#include "rl.h"

typedef struct rl_pub rl_pub;
typedef struct rl_style rl_style;
typedef struct rl_redline rl_redline;
typedef struct rl_version rl_version;
typedef struct rl_fonts rl_fonts;
typedef struct rl_layout rl_layout;

/* One comparison of a one-document publication (redline.h). */
typedef struct rl_comparison rl_emit_part;

typedef struct rl_emit_ctx {
    rl_arena *a;
    rl_diag *d;
    const rl_pub *pub;
    const rl_style *style;
    const rl_redline *r;
    const rl_version *vold, *vnew;   /* the two versions compared */
    rl_str edition_id;               /* short hash, e.g. "e3b0c442" */
    long edition_number;
    rl_str date;                     /* edition date YYYY-MM-DD (manifest, else SOURCE_DATE_EPOCH) */
    int64_t epoch;                   /* the same as seconds since 1970 (for PDF dates) */
    const char *basename;            /* output base name: "icoc" or "icoc-2011-2015" */
    int *pages_out;                  /* OUT: if not NULL, rl_emit_pdf stores the page count here */
    rl_fonts *fonts;                 /* the style's faces already open (rl_fonts_open), or NULL */
    /* compare_layout: one-document: every comparison in order, nparts >= 2;
     * the emitter writes one document with a section per part (r, vold and
     * vnew above are then the first part).  NULL/0 otherwise. */
    const rl_emit_part *parts;
    size_t nparts;
    /* If not NULL, every layout made for this context (rl_layout_open:
     * PDF, trace) is passed to on_layout(on_layout_arg, L) once built,
     * before it is drawn (for tests and fuzzers; see rl_build_opts). */
    void (*on_layout)(void *arg, const rl_layout *L);
    void *on_layout_arg;
} rl_emit_ctx;

int rl_emit_text(const rl_emit_ctx *c, rl_buf *out, bool color);
int rl_emit_critic(const rl_emit_ctx *c, rl_buf *out);
int rl_emit_json(const rl_emit_ctx *c, rl_buf *out);
int rl_emit_pdf(const rl_emit_ctx *c, rl_buf *out);
int rl_emit_trace(const rl_emit_ctx *c, rl_buf *out);
/* The standalone document, the body to \input, and redline.sty. */
int rl_emit_latex(const rl_emit_ctx *c, rl_buf *tex, rl_buf *body, rl_buf *sty);
int rl_emit_html(const rl_emit_ctx *c, rl_buf *out);

#endif
