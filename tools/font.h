/* font.h - the faces a layout uses: found by family name (fontconfig) or
 * by file, measured with the same integer advance widths libharu writes
 * into the PDF, and loaded into an output PDF only when first drawn.
 *
 * A face is one of RL_FACE_*: the body family's four styles and the mono
 * family's regular face (for code).  Widths are in points: the sum over
 * the code points of libharu's width (1/1000 em, truncated per glyph, as in
 * the PDF's /W array) times size / 1000; there is no kerning (libharu
 * writes none).
 */
#ifndef RL_FONT_H
#define RL_FONT_H

#include "rl.h"

typedef struct rl_style rl_style;

typedef enum rl_face {
    RL_FACE_REGULAR,
    RL_FACE_BOLD,
    RL_FACE_ITALIC,
    RL_FACE_BOLDITALIC,
    RL_FACE_MONO,
    RL_NFACES
} rl_face;

typedef struct rl_fonts rl_fonts;

/* Resolve the style's faces (style->font_files when given, else
 * style->font_family / mono_family through fontconfig; a match whose family
 * differs from the one asked for is rejected) and open them for measuring.
 * A missing font is an error naming it and the Debian package that provides
 * it.  Returns NULL (errors in d) on failure.  Owned by the arena. */
rl_fonts *rl_fonts_open(rl_arena *a, rl_diag *d, const rl_style *s);

/* The file of a face (borrowed, for messages and tests). */
const char *rl_fonts_file(const rl_fonts *f, rl_face face);

/* The font's PostScript-style family name as fontconfig reports it. */
const char *rl_fonts_family(const rl_fonts *f, rl_face face);

/* Width in points of UTF-8 text set in face at size.  The text must
 * already be sanitized (rl_fonts_sanitize).  This, rl_fonts_cpwidth,
 * rl_fonts_has and rl_fonts_metrics may be called from several threads at
 * once (they load faces and fill the width cache under a lock); of the
 * functions below that handle the output document, only
 * rl_fonts_pdf_preload may run meanwhile. */
double rl_fonts_width(rl_fonts *f, rl_face face, rl_str text, double size);

/* Width in 1/1000 em of one code point (BMP; others measure as U+FFFD). */
int rl_fonts_cpwidth(rl_fonts *f, rl_face face, int32_t cp);

/* True if the face has a glyph for cp. */
bool rl_fonts_has(rl_fonts *f, rl_face face, int32_t cp);

/* Ascent, descent (negative) and x-height of a face, in 1/1000 em. */
void rl_fonts_metrics(rl_fonts *f, rl_face face, int *ascent, int *descent, int *xheight);

/* Text libharu can draw: invalid UTF-8 bytes and code points outside the
 * Basic Multilingual Plane (which libharu would silently turn into spaces)
 * become U+FFFD, control characters become spaces.  Returns s itself when
 * nothing changes, else a copy in the arena. */
rl_str rl_fonts_sanitize(rl_arena *a, rl_str s);

/* The libharu font for face in the output document pdf (an HPDF_Doc),
 * loading and embedding it on first use; NULL (and an error in d) if
 * libharu refuses the file.  Only faces asked for here are embedded. */
void *rl_fonts_pdf_font(rl_fonts *f, void *pdf, rl_face face, rl_diag *d);

/* True if face is embedded in the current output document with its own
 * file (false before rl_fonts_pdf_font, or if that fell back on another
 * face): then the PDF's widths are those rl_fonts_width measures. */
bool rl_fonts_pdf_own(const rl_fonts *f, rl_face face);

/* Read face's file into the output document pdf ahead of
 * rl_fonts_pdf_font, which then only creates the font (and embeds it: a
 * face read ahead but never drawn is not embedded).  Reading the file is
 * most of the cost of a face, so this may run on a helper thread while the
 * layout measures with the width functions: it touches only pdf and the
 * faces' output-document state, which they never read.  Nothing is
 * reported here: a file libharu refuses is reported by rl_fonts_pdf_font. */
void rl_fonts_pdf_preload(rl_fonts *f, void *pdf, rl_face face);

/* Forget the output document's fonts (call before freeing that HPDF_Doc
 * or before emitting another document with the same rl_fonts). */
void rl_fonts_pdf_reset(rl_fonts *f);

#endif
