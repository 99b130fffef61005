/* style.h - a style: page geometry, fonts, markup, numbering, header and
 * footer for the PDF; class and preamble for LaTeX; theme for HTML.
 *
 * Styles are YAML files in styles/ (default.yaml is A4, letter.yaml is US
 * Letter).  A style may name another with `base: default` and override
 * keys.  rl_style_load checks every key (unknown keys are errors with line
 * and column) and the geometry (a note column wider than its margin, a
 * body narrower than 20 em).  Lengths are in PostScript points in the
 * struct; the YAML accepts "pt", "mm", "cm" and "in" suffixes.
 */
#ifndef RL_STYLE_H
#define RL_STYLE_H

#include "rl.h"

typedef struct rl_rgb {
    double r, g, b;   /* 0..1 */
} rl_rgb;

typedef enum rl_note_side { RL_SIDE_OUTER, RL_SIDE_LEFT, RL_SIDE_RIGHT } rl_note_side;

/* Where the layout sets the page furniture, in points from the text body:
 * the running header's baseline above it, the footer's below it, the line
 * numbers and the change bars beside it (in the inner margin), the text
 * at RL_FURNITURE_SIZE times the body size.  The style's geometry check
 * makes the margins hold them. */
enum { RL_HEADER_RAISE = 16, RL_FOOTER_DROP = 22, RL_NUMBER_GAP = 12, RL_BAR_GAP = 5 };
#define RL_FURNITURE_SIZE 0.8

typedef struct rl_style {
    rl_str name;
    const char *path;
    rl_str paper;                    /* "a4", "letter" or "custom" */
    double page_w, page_h;           /* points */
    double margin_top, margin_bottom, margin_inner, margin_outer;
    /* Fonts: family name (found with fontconfig) or explicit files. */
    rl_str font_family;              /* "Liberation Serif" */
    rl_str font_files[4];            /* regular, bold, italic, bold italic (optional) */
    rl_str mono_family;              /* for code ("Liberation Mono") */
    double font_size, leading;       /* body, points */
    double heading_scale;            /* size of level-1 headings relative to body */
    rl_str lang;                     /* hyphenation language, e.g. "en_US" */
    bool hyphenate;
    /* Note column. */
    rl_note_side note_side;
    double note_width, note_gap;     /* column width; gap to the body */
    double note_font_size, note_leading;
    /* Markup colours (shape is fixed: struck, underlined, double underline). */
    rl_rgb color_insert, color_delete, color_move, color_note, color_label;
    bool change_bars;
    /* Line numbers. */
    bool line_numbers;
    int line_number_step;            /* every N lines (5) */
    /* Header and footer templates: {title} {page} {pages} {edition} {date}. */
    rl_str header, footer;
    /* LaTeX emitter. */
    rl_str latex_class, latex_options;
    rl_str *latex_preamble;          /* extra preamble lines */
    size_t nlatex_preamble;
    /* HTML emitter. */
    rl_str html_theme;               /* "light" or "dark"... (CSS theme name) */
    rl_str html_css;                 /* extra CSS appended to the built-in sheet */
    /* Added: paragraphs, and where the hyphenation language was named. */
    double par_skip;                 /* extra space between paragraphs, points */
    double par_indent;               /* first-line indent of paragraphs, points */
    rl_span lang_at;                 /* the `hyphenation.language` value (src NULL if default) */
} rl_style;

/* Load the style at path (following `base:`), checking every key.
 * A NULL path gives the built-in defaults (a project with no styles/
 * folder).  Returns NULL with diagnostics on error. */
rl_style *rl_style_load(rl_arena *a, rl_diag *d, const char *path);

/* The built-in defaults (A4, Liberation Serif 10.5/13.5 pt ...). */
void rl_style_defaults(rl_style *s);

/* Values for header and footer templates. */
typedef struct rl_style_vars {
    rl_str title, edition, date;
    long page, pages;
} rl_style_vars;

/* Expand a header or footer template: {title} {page} {pages} {edition}
 * {date} are replaced, "{{" and "}}" give literal braces.  rl_style_load
 * has rejected unknown names; any left are copied as written.  The result
 * is NUL-terminated, in the arena. */
rl_str rl_style_expand(rl_arena *a, rl_str tmpl, const rl_style_vars *v);

#endif
