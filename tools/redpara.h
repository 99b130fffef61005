/* redpara.h - the redline and the title page as paragraphs of marked-up
 * pieces (input of rl_para_set; the pages are built by layout.c).
 */
#ifndef RL_REDPARA_H
#define RL_REDPARA_H

#include "para.h"

typedef struct rl_emit_ctx rl_emit_ctx;

typedef struct rl_paras {
    rl_para *v;
    size_t n, cap;
} rl_paras;

/* A new paragraph appended to ps (zeroed, anchor and xref -1). */
rl_para *rl_paras_new(rl_arena *a, rl_paras *ps);

/* The body of the redline c->r: one paragraph per redline block (ghosts
 * of moves and the starts of moved blocks get a cross-reference
 * paragraph), with markup marks, labels in the hang, "(b)->(2)" label
 * changes and note markers after each note's last token.  A marker shows,
 * and its piece's noteref holds, note_base + the note's number (0 for a
 * single comparison; in a one-document redline the notes of earlier
 * sections, so numbers run on through the document). */
void rl_redpara_body(rl_setter *s, const rl_emit_ctx *c, unsigned note_base, rl_paras *out);

/* The heading that opens section k (0-based) of a one-document redline,
 * c->parts[k]: "<old label> → <new label>", on a new page, an outline
 * entry of level 1.  Its line is RL_LN_FRONT (not numbered). */
void rl_redpara_section(rl_setter *s, const rl_emit_ctx *c, size_t k, rl_paras *out);

/* The title page: title, subtitle, authors, the versions compared, the
 * publication's notice, a legend drawn with the real markup and the change
 * summary.  For a one-document redline (c->nparts >= 2) the versions
 * compared and the summary are given per section, the legend once.  Its
 * lines are RL_LN_FRONT. */
void rl_redpara_front(rl_setter *s, const rl_emit_ctx *c, rl_paras *out);

/* The text of a move cross-reference ("[moved to p. 3, l. 25]"). */
rl_str rl_redpara_xref_text(rl_arena *a, bool from, size_t page, int line);

/* The colour of a mark under the style. */
rl_rgb rl_redpara_color(const rl_style *st, uint8_t mark);

#endif
