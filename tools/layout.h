/* layout.h - the laid-out redline: pages of positioned glyph runs, rules,
 * note boxes and links, ready for a device (emit_pdf.c draws it with
 * libharu, emit_trace.c prints it as text for tests).
 *
 * Coordinates are PostScript points with the origin at the bottom left of
 * the page (PDF's convention); a glyph run's y is its baseline.  Every
 * string is sanitized for libharu (rl_fonts_sanitize) and lives in the
 * arena the layout was built in.  Output order is reading order: body lines
 * top to bottom, then the notes, then header and footer, so that extracted
 * text gives the body's words before the notes.
 */
#ifndef RL_LAYOUT_H
#define RL_LAYOUT_H

#include "font.h"
#include "style.h"

typedef struct rl_emit_ctx rl_emit_ctx;
typedef struct rl_pub rl_pub;

/* What a glyph run shows (drives colour, rules and the trace's tags). */
typedef enum rl_mark {
    RL_MK_NONE,
    RL_MK_INS,        /* inserted: underlined */
    RL_MK_DEL,        /* deleted: struck through */
    RL_MK_MOVE,       /* moved, unchanged inside the move: double underline */
    RL_MK_LABEL_OLD,  /* old label of a renumbered block: struck */
    RL_MK_LABEL_NEW,  /* new label: underlined */
    RL_MK_XREF,       /* "[moved to p. X, l. Y]" */
    RL_MK_NOTEREF,    /* a note's superscript marker */
    RL_MK_LINK        /* a hyperlink's text (note bodies, the notice) */
} rl_mark;

typedef struct rl_glyphs {
    rl_str text;
    double x, y, w;     /* baseline start; measured width */
    float size;
    uint8_t face;       /* rl_face */
    uint8_t mark;       /* rl_mark */
    rl_rgb color;
} rl_glyphs;

typedef enum rl_rule_kind {
    RL_RULE_STRIKE,     /* through deleted text */
    RL_RULE_UNDER,      /* under inserted text */
    RL_RULE_DUNDER,     /* double, under moved text */
    RL_RULE_BAR,        /* change bar in the margin */
    RL_RULE_LINE        /* plain rule (header, footer, thematic break, legend) */
} rl_rule_kind;

typedef struct rl_rule {
    rl_rule_kind kind;
    double x0, y0, x1, y1;
    double width;       /* line width */
    rl_rgb color;
    bool dashed;        /* deletion bars are dashed, insertion bars solid */
} rl_rule;

typedef enum rl_line_kind {
    RL_LN_BODY,         /* a numbered line of the text */
    RL_LN_FRONT,        /* title page matter (not numbered) */
    RL_LN_NOTE,         /* a line of a margin note */
    RL_LN_HEADER,
    RL_LN_FOOTER,
    RL_LN_NUMBER        /* a printed line number */
} rl_line_kind;

typedef struct rl_line {
    rl_line_kind kind;
    double x, y, w;          /* left edge, baseline, width of the column it is set in */
    size_t glyph0, nglyphs;  /* glyph runs [glyph0, glyph0+nglyphs) of the page */
    int number;              /* body lines: number on the page (1-based); else 0 */
    unsigned note;           /* note lines: the note's number */
    double natural;          /* width of the content (for the overfull check) */
} rl_line;

typedef struct rl_notebox {
    unsigned number;
    bool cont;               /* continued from the previous page */
    bool continues;          /* continued on the next page */
    double x, y, w, h;       /* y is the top edge */
    double want_y;           /* top the marker asked for */
    size_t marker_page;      /* page index of the marker */
} rl_notebox;

typedef struct rl_link {
    double x0, y0, x1, y1;
    rl_str uri;              /* percent-encoded URI, or empty for an internal link */
    size_t dest_page;        /* internal: page index */
    double dest_y;           /* internal: top of the destination */
} rl_link;

typedef struct rl_page {
    rl_glyphs *glyphs;
    size_t nglyphs, capglyphs;
    rl_line *lines;
    size_t nlines, caplines;
    rl_rule *rules;
    size_t nrules, caprules;
    rl_notebox *notes;
    size_t nnotes, capnotes;
    rl_link *links;
    size_t nlinks, caplinks;
    double body_x, body_w, note_x, note_w;   /* this page's columns */
    int body_lines;                          /* numbered lines on the page */
} rl_page;

typedef struct rl_outline {
    rl_str title;
    int level;               /* 1-based */
    size_t page;
    double y;
} rl_outline;

typedef struct rl_layout {
    const rl_style *style;
    rl_fonts *fonts;
    double page_w, page_h;
    double top, bottom;      /* y of the text area's top and bottom edges */
    rl_page *pages;
    size_t npages;
    rl_outline *outline;
    size_t noutline;
    size_t overfull;         /* lines wider than their column (warned) */
    rl_str title;            /* for metadata */
} rl_layout;

/* Lay out the redline c->r (or, when c->nparts >= 2, every comparison of
 * c->parts as a section of one document) with the publication c->pub, the
 * style c->style and the faces fonts.  A note's marker links to the note
 * and the note's number back to its marker.  Hyphenation uses the style's
 * language, or the publication's `lang` (en-US as en_US) when the style
 * names none and its patterns are installed.  Problems (overfull lines as warnings
 * "page P, line L: overfull by X pt", fonts libharu refuses) go to c->d.
 * Returns NULL only on errors that leave nothing to show.  Everything is
 * allocated from c->a. */
rl_layout *rl_layout_build(const rl_emit_ctx *c, rl_fonts *fonts);

/* The faces of c->style opened (rl_fonts_open, from c->a) and the layout
 * built with them, as rl_layout_build; the faces are then L->fonts.  NULL
 * if the faces cannot be opened (reported to c->d) or the layout fails.
 * The layout is shown to c->on_layout, if set, before it is returned. */
rl_layout *rl_layout_open(const rl_emit_ctx *c);

/* Start reading, in the background, what a layout of publication p in
 * style st will need and is slow to read (the hyphenation patterns), so
 * that it is there when the layout starts.  Optional, for speed; reports
 * nothing (the layout does). */
void rl_layout_prefetch(const rl_pub *p, const rl_style *st);

/* Check the geometric invariants of a layout: no two note boxes of a page
 * overlap; nothing (glyph run, rule, note box) lies outside the page; no
 * note box overlaps the body column; every note is on the page of its
 * marker or a later one, starting on the marker's page or the next; no
 * body or note line is wider than its column by more than tol points.
 * Returns the number of violations, each described on one line in why
 * (which may be NULL). */
size_t rl_layout_check(const rl_layout *L, double tol, rl_buf *why);

/* Print the layout as a text trace (emit_trace.c): per page its columns,
 * lines with kind, number, baseline and marked-up text, note boxes, rules
 * and links. */
void rl_layout_trace(const rl_layout *L, rl_buf *out);

/* Append a glyph run / rule / link to a page (arena-grown arrays). */
rl_glyphs *rl_page_glyphs(rl_arena *a, rl_page *p);
rl_rule *rl_page_rule(rl_arena *a, rl_page *p);
rl_link *rl_page_link(rl_arena *a, rl_page *p);
rl_line *rl_page_line(rl_arena *a, rl_page *p);
rl_notebox *rl_page_note(rl_arena *a, rl_page *p);

#endif
