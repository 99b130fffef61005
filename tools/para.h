/* para.h - setting paragraphs: styled pieces of text in, broken and
 * positioned lines out (layout stage between the redline and the pages).
 *
 * A paragraph is a list of pieces (a word, or part of a word that changes
 * style or markup), each saying whether a space precedes it, plus an
 * optional label set in a hanging indent.  rl_para_set turns it into box,
 * glue and penalty items (breaks after explicit hyphens and, in links,
 * after '/'), breaks it with Knuth-Plass (rl_linebreak_run; justified, or
 * ragged right) and, only if that fails without hyphenation (TeX's first
 * pass), again with hyphenation points from rl_hyph; it returns lines of
 * runs positioned relative to the line's left edge.  rl_para_from_md sets
 * a cmark tree (note bodies, the title page notice) as paragraphs.
 */
#ifndef RL_PARA_H
#define RL_PARA_H

#include "font.h"
#include "style.h"

typedef struct rl_hyph rl_hyph;
typedef struct cmark_node cmark_node;

typedef struct rl_piece {
    rl_str text;             /* sanitized UTF-8, no white space */
    float size, rise;        /* points; rise > 0 raises (superscripts) */
    uint8_t face, mark;      /* rl_face, rl_mark */
    bool space;              /* a space precedes it */
    bool hard_break;         /* a forced line break precedes it */
    bool nohyph;             /* never hyphenate */
    rl_rgb color;
    uint32_t link;           /* 1-based index into rl_setter.uris, 0 if none */
    unsigned noteref;        /* a note marker: the note's number */
} rl_piece;

typedef struct rl_para {
    rl_piece *pieces;
    size_t n, cap;
    rl_piece *label;         /* label pieces, set in the hang of the first line */
    size_t nlabel, caplabel;
    double indent, hang;     /* every line starts at indent + hang; the label at indent */
    bool ragged, hyphenate, center;
    double leading, space_before;
    uint8_t kind;            /* rl_line_kind of its lines */
    bool keep_with_next;     /* headings: never break the page after it */
    bool page_before;        /* start a new page before it (sections of a one-document redline) */
    int outline_level;       /* > 0: an outline entry (headings) */
    rl_str outline_title;
    int32_t anchor;          /* redline block whose first line this is, else -1 */
    int32_t xref;            /* move cross-reference: the peer block, else -1 */
    bool xref_from;          /* "[moved from ...]" rather than "[moved to ...]" */
    bool is_rule;            /* a thematic break (no pieces) */
    uint8_t bar;             /* change bar bits forced on every line (1 ins, 2 del, 4 move) */
} rl_para;

typedef struct rl_prun {
    rl_str text;
    double x, w;             /* relative to the line's left edge */
    float size, rise;
    uint8_t face, mark;
    rl_rgb color;
    uint32_t link;
    unsigned noteref;
} rl_prun;

typedef struct rl_pline {
    rl_prun *runs;
    size_t nruns;
    double width, natural, overfull;
    double leading, space_before;
    uint8_t kind;
    bool keep_next;          /* no page break after this line */
    uint8_t bar;             /* change bar bits: 1 insert, 2 delete, 4 move */
    const rl_para *para;
    bool first;              /* first line of its paragraph */
} rl_pline;

typedef struct rl_plines {
    rl_pline *v;
    size_t n, cap;
} rl_plines;

/* What setting writes to: one thread's (rl_paraset_run gives each of its
 * threads a copy with arenas, diagnostics and hyphenation handle of its
 * own; the fonts are shared). */
typedef struct rl_setter {
    rl_arena *a;
    rl_diag *d;
    rl_fonts *fonts;
    rl_hyph *hyph;           /* NULL: no hyphenation */
    rl_str *uris;            /* percent-encoded link targets */
    size_t nuris, capuris;
    void *scratch;           /* item work arrays reused from paragraph to paragraph (para.c) */
    rl_arena *work;          /* if not NULL: where rl_redpara_body puts the pieces and
                              * rl_para_set its line-breaking results, memory the
                              * caller frees once the paragraphs are set (their
                              * lines keep no pointer into it) */
    rl_arena *lines;         /* if not NULL: where rl_para_set puts the lines and
                              * their runs (else in a) */
} rl_setter;

/* Append a piece (copied) to the paragraph / its label. */
rl_piece *rl_para_add(rl_arena *a, rl_para *p, rl_piece pc);
rl_piece *rl_para_add_label(rl_arena *a, rl_para *p, rl_piece pc);

/* Add words of text (split at white space) with the template's style;
 * the first word gets tmpl.space. */
void rl_para_words(rl_arena *a, rl_para *p, rl_str text, rl_piece tmpl);

/* Register a link target, percent-encoding bytes outside printable ASCII
 * and characters not allowed in URIs; returns its 1-based index, or 0 (no
 * link) for a destination the link policy of url.h refuses. */
uint32_t rl_setter_uri(rl_setter *s, rl_str url);

/* Set paragraph p in a column width points wide, appending its lines to
 * out.  Widows, orphans and keep_with_next are marked on the lines
 * (keep_next).  Returns the number of lines added. */
size_t rl_para_set(rl_setter *s, const rl_para *p, double width, rl_plines *out);

typedef struct rl_md_style {
    float size;
    double leading;
    uint8_t kind;
    rl_rgb color, link_color;
    bool ragged;
} rl_md_style;

/* The paragraphs of a cmark document (paragraphs, headings, lists with
 * hanging labels, block quotes, code blocks; emphasis, strong, code and
 * links kept; raw HTML and images skipped).  *out receives an arena array;
 * returns its length. */
size_t rl_para_from_md(rl_setter *s, cmark_node *doc, const rl_md_style *st, rl_para **out);

#endif
