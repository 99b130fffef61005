/* fuzz_build.c - fuzz a whole build: what `redline build` does for one
 * publication (rl_build_pub), from files on disk to files on disk.
 *
 * Each input becomes a project in a fresh private folder, removed with
 * everything in it afterwards: sources/fz/publication.yaml and the version
 * files beside it, annotations/fz.yaml, styles/default.yaml and
 * styles/fz.yaml (`base: default` plus values drawn from the input, so
 * that some geometry is impossible).  The build writes every format (pdf,
 * tex, html, trace) into out/ of that folder.
 *
 * Input (at most 16 KiB): 20 option bytes (missing ones read as 0), then
 * parts separated by NUL: version 1, version 2, version 3, note specs,
 * title lines (title, subtitle, author, then the notice), raw annotations.
 * Each version is cut after 160 lines, so that a build stays small.
 *
 * Option bytes:
 *   0  bit 0 three versions (else two); bits 1-2 `compare` (0 absent: each
 *      version against the next; 1 first to last; 2 the chain written out;
 *      3 the chain, first to last, and last to first); bit 3
 *      `compare_layout: one-document` (else bit 4: `separate` written out);
 *      bit 5 `anchor_threshold` (byte 2); bit 6 the last version's file is
 *      not written; bit 7 build again with --changed: a successful build
 *      must then be up to date and write nothing.
 *   1  bits 0-2 version k is .txt (else .md); bits 3-4 the ids ("1" "2"
 *      "3", "2011" "2015" "2020", "a" "b" "c", or "v1" "v 2" "v/3", which
 *      cannot name output files); bits 5-6 the annotations (0 generated
 *      from the note specs, 1 those then the raw annotations, 2 the raw
 *      annotations alone, 3 no annotation file); bit 7 build the manifest's
 *      `outputs` rather than every format.
 *   2  anchor_threshold: byte / 250 (above 1 is an error).
 *   3  bit 0 notice, bit 1 subtitle, bit 2 authors, bit 3 edition, bit 4
 *      lang: en-US, bit 5 --style fz (with bit 6: a style that does not
 *      exist), bit 7 outputs [pdf] (with bit 6: [tex, html]).
 *   4  page: bits 0-1 (unset, a4, letter, custom size from bytes 5 and 6:
 *      40 + 2 * byte mm); bits 2-3 font.family (unset, DejaVu Serif,
 *      Liberation Sans, a font that is not installed); bits 4-7 unused.
 *   7-10  margins top, bottom, inner, outer: byte % 100 mm (0: unset).
 *   11  font.size 5 + byte % 14 pt; 12 font.leading size + byte % 9 - 2
 *      pt (0: unset; below the size is rejected).
 *   13  notes.width byte % 80 mm; 14 notes.gap byte % 12 mm; 15
 *      notes.font_size 4 + byte % 10 pt; 16 notes.leading font_size +
 *      byte % 7 - 1 pt (0: unset).
 *   17  bits 0-1 notes.side (unset, outer, left, right); bit 2
 *      hyphenation off; bit 3 line numbers off; bit 4 change bars off; bit
 *      5 header and footer; bit 6 paragraph skip and indent; bit 7 one
 *      mistake in the style (byte 19 picks which).
 *   18  line_numbers.step byte % 8, paragraph.skip byte % 9 pt,
 *      paragraph.indent byte % 13 pt.
 *   19  the style mistake.
 *
 * Note specs: at most 12 notes, each 4 control bytes (any but NUL, which
 * ends the part) then its body up to the end of the line (Markdown; '|'
 * is a line break, so a body can hold paragraphs and lists):
 *   v  bits 0-1 the version quoted (index mod the number of versions; 3:
 *      an id no version has); bit 2 prefix, bit 3 suffix; bit 4 one
 *      character of the quote changed (fuzzy anchoring); bit 5 author,
 *      date and tags; bits 6-7 the id (1: one that is not allowed, 2: the
 *      previous note's, 0 and 3: a fresh one).
 *   s  the quote starts at token s * ntokens / 256 of that version.
 *   l  the quote is 1 + l % 16 tokens long.
 *   r  the body is repeated 1 + r % 48 times (a long note splits across
 *      pages).
 * (Each control byte has a nonzero value meaning what 0 would.)
 * Quotes and affixes are runs of the version's own tokens, parsed here as
 * the build parses them, so that most notes anchor.
 *
 * Oracles (each failure aborts; diagnostics are dropped, see fz_drain):
 *  - the redline invariants (fz_check_redline) on every comparison's
 *    redline, through the build's on_redline observer;
 *  - rl_layout_check on every layout (PDF and trace), through on_layout:
 *    no two notes overlapping, no note over the body or off the page,
 *    nothing else off the page (except what a line wider than its column,
 *    which the build warns about, pushes out), every note starting on its
 *    marker's page or the next (unless the next page's note column was
 *    full: the documented limit of layout.c);
 *  - every text output (.tex, -body.tex, .sty, .html, history .html, .bib,
 *    .json, .trace) valid UTF-8, every PDF well formed (fz_pdf_problem);
 *  - on success exactly the promised files (rl_build_outputs) plus the
 *    stamp, none empty, one redline per comparison, layouts if and only if
 *    PDF or trace was asked for, pages if and only if PDF; on failure no
 *    file at all in the output folder; nothing but out/ added to the
 *    project; with --changed afterwards, up to date and nothing built;
 *  - no leak and no sanitizer report; the folder is removed every time.
 */
#include "build.h"
#include "fuzz.h"
#include "layout.h"
#include "pub.h"

#include <math.h>

#define FZB_MAX_INPUT 16384
#define FZB_NOPT 20
#define FZB_MAX_LINES 160
#define FZB_MAX_NOTES 12
#define FZB_MAX_BODY 6000

/* ---- YAML text ------------------------------------------------------------ */

/* s as a YAML double-quoted scalar.  libyaml refuses some characters
 * written as they are (C1 controls, U+FEFF, U+FFFE/F), so those are
 * escaped; invalid UTF-8 becomes U+FFFD (the version files test invalid
 * UTF-8, the generated YAML is meant to load). */
static void yq(rl_buf *b, const char *s, size_t n)
{
    rl_buf_putc(b, '"');
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            rl_buf_putc(b, '\\');
            rl_buf_putc(b, (char)c);
            i++;
        } else if (c == '\n') {
            rl_buf_puts(b, "\\n");
            i++;
        } else if (c < 0x20 || c == 0x7f) {
            rl_buf_printf(b, "\\x%02x", c);
            i++;
        } else if (c < 0x80) {
            rl_buf_putc(b, (char)c);
            i++;
        } else {
            size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
            if (len == 1 || i + len > n || rl_utf8_check(s + i, len) >= 0) {
                rl_buf_puts(b, "\\uFFFD");
                i++;
                continue;
            }
            unsigned cp = len == 2 ? (c & 0x1fu) : len == 3 ? (c & 0x0fu) : (c & 0x07u);
            for (size_t k = 1; k < len; k++)
                cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3fu);
            if ((cp >= 0x80 && cp < 0xa0 && cp != 0x85) || cp == 0xfeff || cp == 0xfffe || cp == 0xffff)
                rl_buf_printf(b, "\\u%04X", cp);
            else
                rl_buf_put(b, s + i, len);
            i += len;
        }
    }
    rl_buf_putc(b, '"');
}

static void yqz(rl_buf *b, const char *z)
{
    yq(b, z, strlen(z));
}

/* ---- the input ---------------------------------------------------------- */

/* Part p cut after FZB_MAX_LINES lines. */
static fz_part capped(fz_part p)
{
    size_t lines = 0;
    for (size_t i = 0; i < p.n; i++)
        if (p.p[i] == '\n' && ++lines == FZB_MAX_LINES) {
            p.n = i + 1;
            break;
        }
    return p;
}

/* Line k of part p (empty past the end); with rest, line k and all after. */
static rl_str line_of(fz_part p, size_t k, bool rest)
{
    const char *s = p.p, *e = p.p + p.n;
    for (; k > 0 && s < e; k--) {
        const char *nl = memchr(s, '\n', (size_t)(e - s));
        s = nl ? nl + 1 : e;
    }
    if (rest)
        return (rl_str){s, (size_t)(e - s)};
    const char *nl = memchr(s, '\n', (size_t)(e - s));
    return (rl_str){s, (size_t)((nl ? nl : e) - s)};
}

/* A version's tokens in reading order, block after block. */
typedef struct toks {
    const rl_token **v;
    bool *block_start;   /* first token of its block: a space before it in the text */
    size_t n;
} toks;

static toks tokens_of(rl_arena *a, const rl_doc *doc)
{
    toks t = {0};
    if (!doc)
        return t;
    size_t n = 0;
    for (size_t i = 0; i < doc->nblocks; i++)
        n += doc->blocks[i].ntoks;
    t.v = rl_arena_array(a, n + 1, sizeof *t.v);
    t.block_start = rl_arena_array(a, n + 1, sizeof *t.block_start);
    for (size_t i = 0; i < doc->nblocks; i++)
        for (size_t k = 0; k < doc->blocks[i].ntoks; k++) {
            t.block_start[t.n] = k == 0;
            t.v[t.n++] = &doc->blocks[i].toks[k];
        }
    return t;
}

/* Tokens [from, to) as the rendered text: a space where the text has
 * white space or a block break, nothing between glued tokens. */
static void render(rl_buf *b, const toks *t, size_t from, size_t to)
{
    for (size_t i = from; i < to && i < t->n; i++) {
        if (i > from && (t->block_start[i] || t->v[i]->space != RL_SP_NONE))
            rl_buf_putc(b, ' ');
        rl_buf_putstr(b, t->v[i]->text);
    }
}

/* ---- the project files -------------------------------------------------- */

static const char *const ID_SETS[4][3] = {
    {"1", "2", "3"}, {"2011", "2015", "2020"}, {"a", "b", "c"}, {"v1", "v 2", "v/3"}};

/* styles/default.yaml, as the repository's (a base needs a file). */
static const char DEFAULT_STYLE[] =
    "page: {size: a4}\n"
    "margins: {top: 20mm, bottom: 24mm, inner: 20mm, outer: 62mm}\n"
    "font: {family: Liberation Serif, mono: Liberation Mono, size: 10.5pt, leading: 13.5pt, heading_scale: 1.3}\n"
    "paragraph: {skip: 4pt, indent: 0pt}\n"
    "hyphenation: {enabled: true}\n"
    "notes: {side: outer, width: 48mm, gap: 5mm, font_size: 8pt, leading: 10pt}\n"
    "colors: {insert: \"#1a5fb4\", delete: \"#c01c28\", move: \"#613583\", note: \"#865e3c\", label: \"#3d3846\"}\n"
    "change_bars: true\n"
    "line_numbers: {enabled: true, step: 5}\n"
    "header: \"{title}\"\n"
    "footer: \"Edition {edition} of {date} \\u00b7 page {page} of {pages}\"\n"
    "latex: {class: article, options: \"a4paper,10pt\", preamble: []}\n"
    "html: {theme: light, css: \"\"}\n";

static void style_yaml(rl_buf *b, const uint8_t *o)
{
    rl_buf_puts(b, "base: default\n");
    static const char *const sizes[] = {NULL, "a4", "letter"};
    if ((o[4] & 3) == 3)
        rl_buf_printf(b, "page: {width: %umm, height: %umm}\n", 40 + 2u * o[5], 40 + 2u * o[6]);
    else if (o[4] & 3)
        rl_buf_printf(b, "page: {size: %s}\n", sizes[o[4] & 3]);
    static const char *const mk[] = {"top", "bottom", "inner", "outer"};
    bool any = false;
    for (int k = 0; k < 4; k++)
        if (o[7 + k]) {
            rl_buf_printf(b, "%s%s: %umm", any ? ", " : "margins: {", mk[k], o[7 + k] % 100u);
            any = true;
        }
    if (any)
        rl_buf_puts(b, "}\n");
    static const char *const families[] = {NULL, "DejaVu Serif", "Liberation Sans", "No Such Font Family"};
    unsigned size = 5 + o[11] % 14u;
    if (o[11] || o[12] || (o[4] & 12)) {
        rl_buf_puts(b, "font: {heading_scale: 1.2");
        if ((o[4] >> 2) & 3)
            rl_buf_printf(b, ", family: %s", families[(o[4] >> 2) & 3]);
        if (o[11])
            rl_buf_printf(b, ", size: %upt", size);
        if (o[12])
            rl_buf_printf(b, ", leading: %dpt", (int)(o[11] ? size : 10) + o[12] % 9 - 2);
        rl_buf_puts(b, "}\n");
    }
    unsigned nfs = 4 + o[15] % 10u;
    static const char *const sides[] = {NULL, "outer", "left", "right"};
    if (o[13] || o[14] || o[15] || o[16] || (o[17] & 3)) {
        rl_buf_puts(b, "notes: {gap: ");
        rl_buf_printf(b, "%umm", o[14] ? o[14] % 12u : 5u);
        if (o[13])
            rl_buf_printf(b, ", width: %umm", o[13] % 80u);
        if (o[15])
            rl_buf_printf(b, ", font_size: %upt", nfs);
        if (o[16])
            rl_buf_printf(b, ", leading: %dpt", (int)(o[15] ? nfs : 8) + o[16] % 7 - 1);
        if (o[17] & 3)
            rl_buf_printf(b, ", side: %s", sides[o[17] & 3]);
        rl_buf_puts(b, "}\n");
    }
    if (o[17] & 4)
        rl_buf_puts(b, "hyphenation: {enabled: false}\n");
    if (o[17] & 8)
        rl_buf_puts(b, "line_numbers: {enabled: false}\n");
    else if (o[18] % 8)
        rl_buf_printf(b, "line_numbers: {step: %u}\n", o[18] % 8u);
    if (o[17] & 16)
        rl_buf_puts(b, "change_bars: false\n");
    if (o[17] & 32)
        rl_buf_puts(b, "header: \"{title} \\u2014 {page}/{pages} {{x}}\"\nfooter: \"{edition} {date}\"\n");
    if (o[17] & 64)
        rl_buf_printf(b, "paragraph: {skip: %upt, indent: %upt}\n", o[18] % 9u, o[18] % 13u);
    if (o[17] & 128) {
        static const char *const mistakes[] = {
            "margins: {top: 12}\n",            /* no unit */
            "colors: {insert: \"#12345z\"}\n",
            "font: {size: -3pt}\n",
            "notes: {side: middle}\n",
            "colour: red\n",                   /* unknown key */
            "base: default\n",                 /* duplicate key */
            "hyphenation: {language: xx_XX}\n",
            "page: {size: a5}\n",
            "footer: \"{page} of {unknown}\"\n",
        };
        rl_buf_puts(b, mistakes[o[19] % (sizeof mistakes / sizeof *mistakes)]);
    }
}

typedef struct project {
    char root[4096];
    const uint8_t *o;              /* the option bytes */
    size_t nversions;
    const char *ids[3];
    const char *files[3];
    fz_part text[3];
} project;

static int put_buf(const project *pr, const char *name, const rl_buf *b)
{
    char path[4400];
    if (fz_path(path, sizeof path, pr->root, name) != 0)
        return -1;
    return fz_put(path, b->p ? b->p : "", b->n);
}

static void manifest_yaml(rl_buf *b, const project *pr, fz_part titles)
{
    const uint8_t *o = pr->o;
    rl_str title = line_of(titles, 0, false);
    rl_buf_puts(b, "title: ");
    if (title.n)
        yq(b, title.p, title.n);
    else
        rl_buf_puts(b, "Fuzzed publication");
    rl_buf_putc(b, '\n');
    if (o[3] & 2) {
        rl_str sub = line_of(titles, 1, false);
        rl_buf_puts(b, "subtitle: ");
        yq(b, sub.p, sub.n);
        rl_buf_putc(b, '\n');
    }
    if (o[3] & 4) {
        rl_str au = line_of(titles, 2, false);
        rl_buf_puts(b, "authors: [");
        yq(b, au.p, au.n);
        rl_buf_puts(b, ", Second Author]\n");
    }
    if (o[3] & 8)
        rl_buf_puts(b, "edition: {number: 3, date: 2024-02-29}\n");
    if (o[3] & 16)
        rl_buf_puts(b, "lang: en-US\n");
    rl_buf_puts(b, "style: fz\nversions:\n");
    static const char *const labels[] = {"First <draft> & \\textbf{x}", "Second \"draft\" %", "Third ‘draft’"};
    for (size_t k = 0; k < pr->nversions; k++) {
        rl_buf_puts(b, "  - {id: ");
        yqz(b, pr->ids[k]);
        rl_buf_printf(b, ", file: %s, label: ", pr->files[k]);
        yqz(b, labels[k]);
        if (k != 1)
            rl_buf_printf(b, ", date: 20%02zu-0%zu-1%zu", 10 + 2 * k, k + 1, k);
        rl_buf_puts(b, "}\n");
    }
    size_t last = pr->nversions - 1;
    size_t pairs[6][2], np = 0;
    switch ((o[0] >> 1) & 3) {
    case 1:
        pairs[np][0] = 0, pairs[np++][1] = last;
        break;
    case 2:
    case 3:
        for (size_t k = 0; k < last; k++)
            pairs[np][0] = k, pairs[np++][1] = k + 1;
        if (((o[0] >> 1) & 3) == 3) {
            pairs[np][0] = 0, pairs[np++][1] = last;
            pairs[np][0] = last, pairs[np++][1] = 0;
        }
        break;
    default:
        break;
    }
    if (np) {
        rl_buf_puts(b, "compare:\n");
        for (size_t k = 0; k < np; k++) {
            rl_buf_puts(b, "  - {from: ");
            yqz(b, pr->ids[pairs[k][0]]);
            rl_buf_puts(b, ", to: ");
            yqz(b, pr->ids[pairs[k][1]]);
            rl_buf_puts(b, "}\n");
        }
    }
    if (o[0] & 8)
        rl_buf_puts(b, "compare_layout: one-document\n");
    else if (o[0] & 16)
        rl_buf_puts(b, "compare_layout: separate\n");
    if (o[0] & 32)
        rl_buf_printf(b, "anchor_threshold: %.3f\n", o[2] / 250.0);
    if (((o[1] >> 5) & 3) != 3)
        rl_buf_puts(b, "annotations: [fz.yaml]\n");
    if (o[3] & 128)
        rl_buf_puts(b, (o[3] & 64) ? "outputs: [tex, html]\n" : "outputs: [pdf]\n");
    if (o[3] & 1) {
        rl_str notice = line_of(titles, 3, true);
        rl_buf_puts(b, "notice: ");
        yq(b, notice.p, notice.n);
        rl_buf_putc(b, '\n');
    }
    rl_buf_puts(b, "url: https://example.org/fz\nkeywords: [fuzz, redline]\n");
}

static void annotations_yaml(rl_arena *a, rl_buf *b, const project *pr, fz_part specs)
{
    /* The versions as the build will parse them, for quotes that anchor. */
    toks t[3] = {{0}};
    rl_diag *quiet = rl_diag_new();
    for (size_t k = 0; k < pr->nversions; k++)
        t[k] = tokens_of(a, fz_doc(a, quiet, pr->files[k], pr->text[k]));
    rl_diag_free(quiet);
    rl_buf_puts(b, "notes:\n");
    size_t nnotes = 0;
    rl_buf body = RL_BUF_INIT, q = RL_BUF_INIT;
    const char *sp = specs.p, *se = specs.p + specs.n;
    while (nnotes < FZB_MAX_NOTES && se - sp >= 4) {
        const char *nl = memchr(sp + 4, '\n', (size_t)(se - sp - 4));
        rl_str spec = {sp, (size_t)((nl ? nl : se) - sp)};
        sp = nl ? nl + 1 : se;
        unsigned v = (unsigned char)spec.p[0], s = (unsigned char)spec.p[1], l = (unsigned char)spec.p[2],
                 r = (unsigned char)spec.p[3];
        rl_str text = {spec.p + 4, spec.n - 4};
        size_t vi = (v & 3) == 3 ? 3 : (v & 3) % pr->nversions;
        rl_buf_puts(b, "  - id: ");
        if ((v >> 6) == 2 && nnotes)
            rl_buf_printf(b, "note-%zu\n", nnotes - 1);
        else if ((v >> 6) == 1)
            rl_buf_printf(b, "\"bad id %zu\"\n", nnotes);
        else
            rl_buf_printf(b, "note-%zu\n", nnotes);
        rl_buf_puts(b, "    anchor:\n      version: ");
        yqz(b, vi < 3 ? pr->ids[vi] : "no-such-version");
        rl_buf_puts(b, "\n      quote: ");
        const toks *tv = &t[vi < 3 ? vi : 0];
        size_t from = tv->n ? (size_t)s * tv->n / 256 : 0, len = 1 + l % 16;
        size_t to = from + len < tv->n ? from + len : tv->n;
        rl_buf_clear(&q);
        render(&q, tv, from, to);
        if (!q.n)
            rl_buf_puts(&q, "nothing at all");
        if ((v & 16) && q.n > 2) {
            /* One ASCII letter changed: a near miss for the fuzzy matcher. */
            for (size_t i = q.n / 2; i < q.n; i++)
                if ((q.p[i] | 32) >= 'a' && (q.p[i] | 32) <= 'z') {
                    q.p[i] = q.p[i] == 'x' ? 'y' : 'x';
                    break;
                }
        }
        yq(b, q.p, q.n);
        rl_buf_putc(b, '\n');
        if ((v & 4) && from > 0) {
            rl_buf_clear(&q);
            render(&q, tv, from > 3 ? from - 3 : 0, from);
            rl_buf_putc(&q, ' ');
            rl_buf_puts(b, "      prefix: ");
            yq(b, q.p, q.n);
            rl_buf_putc(b, '\n');
        }
        if ((v & 8) && to < tv->n) {
            rl_buf_clear(&q);
            rl_buf_putc(&q, ' ');
            render(&q, tv, to, to + 3);
            rl_buf_puts(b, "      suffix: ");
            yq(b, q.p, q.n);
            rl_buf_putc(b, '\n');
        }
        if (v & 32)
            rl_buf_printf(b, "    author: A. Fuzzer\n    date: 2024-03-%02u\n    tags: [t%u, shared]\n", 1 + s % 31,
                          l % 4);
        /* The body: the text repeated, '|' as line breaks. */
        rl_buf_clear(&body);
        size_t reps = 1 + r % 48;
        for (size_t k = 0; k < reps && body.n < FZB_MAX_BODY; k++) {
            if (k)
                rl_buf_putc(&body, ' ');
            for (size_t i = 0; i < text.n; i++)
                rl_buf_putc(&body, text.p[i] == '|' ? '\n' : text.p[i]);
        }
        rl_buf_puts(b, "    body: ");
        yq(b, body.p ? body.p : "", body.n);
        rl_buf_putc(b, '\n');
        nnotes++;
    }
    if (!nnotes)
        rl_buf_puts(b, "  []\n");
    rl_buf_free(&body);
    rl_buf_free(&q);
}

/* ---- oracles -------------------------------------------------------------- */

typedef struct seen {
    size_t redlines, layouts;
} seen;

static void on_redline(void *arg, const rl_redline *r)
{
    fz_check_redline(r);
    ((seen *)arg)->redlines++;
}

/* True if the note column of page q has no room left for the start of
 * another note: a note there continues on the next page, or the space
 * under its lowest note is less than noteplace.c can leave unused (a
 * note is split only with two lines on each side, so up to two lines of a
 * note, its "(cont.)" line and the gap; generously, with paragraph space
 * and larger lines). */
static bool column_full(const rl_layout *L, size_t q)
{
    const rl_page *p = &L->pages[q];
    const rl_style *st = L->style;
    double low = L->page_h - L->top;   /* PDF y of the column top */
    for (size_t k = 0; k < p->nnotes; k++) {
        if (p->notes[k].continues)
            return true;
        if (p->notes[k].y - p->notes[k].h < low)
            low = p->notes[k].y - p->notes[k].h;
    }
    double slack = 4 * (st->note_leading + st->leading) + st->note_gap;
    return low - (L->page_h - L->bottom) < slack;
}

/* Nothing outside the page, as rl_layout_check says, except text of a line
 * wider than its column (the build warns about it, and TeX too lets an
 * overfull box stick out) by as much as the line is too wide. */
static void check_inside(const rl_layout *L, double tol)
{
    for (size_t i = 0; i < L->npages; i++) {
        const rl_page *p = &L->pages[i];
        double *over = calloc(p->nglyphs + 1, sizeof *over), page_over = 0;
        FZ_REQUIRE(over != NULL);
        for (size_t k = 0; k < p->nlines; k++) {
            const rl_line *ln = &p->lines[k];
            double o = ln->natural - ln->w;
            if (o <= tol)
                continue;
            page_over = o > page_over ? o : page_over;
            for (size_t g = ln->glyph0; g < ln->glyph0 + ln->nglyphs && g < p->nglyphs; g++)
                over[g] = o;
        }
        for (size_t k = 0; k < p->nglyphs; k++) {
            const rl_glyphs *g = &p->glyphs[k];
            double h = tol + over[k];
            if (g->x < -h || g->x + g->w > L->page_w + h || g->y < 0 || g->y + g->size > L->page_h) {
                fprintf(stderr, "fuzz_build: layout: page %zu: text '%.*s' at %.1f,%.1f (width %.1f) outside the "
                        "page %.1f x %.1f\n", i + 1, (int)g->text.n, g->text.p, g->x, g->y, g->w, L->page_w,
                        L->page_h);
                FZ_FAIL("text outside the page");
            }
        }
        for (size_t k = 0; k < p->nrules; k++) {
            const rl_rule *r = &p->rules[k];
            double h = tol + page_over;
            if (fmin(r->x0, r->x1) < -h || fmax(r->x0, r->x1) > L->page_w + h || fmin(r->y0, r->y1) < 0 ||
                fmax(r->y0, r->y1) > L->page_h) {
                fprintf(stderr, "fuzz_build: layout: page %zu: rule %d from %.1f,%.1f to %.1f,%.1f outside the page\n",
                        i + 1, (int)r->kind, r->x0, r->y0, r->x1, r->y1);
                FZ_FAIL("rule outside the page");
            }
        }
        free(over);
    }
}

static void on_layout(void *arg, const rl_layout *L)
{
    ((seen *)arg)->layouts++;
    FZ_REQUIRE(L->npages >= 1);
    rl_buf why = RL_BUF_INIT;
    size_t bad = rl_layout_check(L, 0.5, &why);
    /* rl_layout_check's other findings are bugs.  Lines wider than their
     * column are a warning the build gives (an unbreakable word in a narrow
     * column).  Text and rules outside the page, and notes far from
     * their markers, are checked below, with their exceptions. */
    const char *s = bad ? why.p : NULL;
    while (s && *s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        if (!fz_pdf_find(s, 0, n, "wider than its column") && !fz_pdf_find(s, 0, n, "far from its marker") &&
            !(fz_pdf_find(s, 0, n, "outside the page") && !fz_pdf_find(s, 0, n, ": note "))) {
            fprintf(stderr, "fuzz_build: layout: %.*s\n", (int)n, s);
            FZ_FAIL("rl_layout_check");
        }
        s = nl ? nl + 1 : NULL;
    }
    rl_buf_free(&why);
    check_inside(L, 0.5);
    /* A note that starts two pages or more after its marker is the
     * documented limit (layout.c: notes anchored at the top of a page that
     * fill two columns) only if the page after the marker's had no room. */
    for (size_t i = 0; i < L->npages; i++)
        for (size_t k = 0; k < L->pages[i].nnotes; k++) {
            const rl_notebox *b = &L->pages[i].notes[k];
            FZ_REQUIRE(i >= b->marker_page && b->marker_page < L->npages);
            if (b->cont || i <= b->marker_page + 1)
                continue;
            if (!column_full(L, b->marker_page + 1)) {
                fprintf(stderr, "fuzz_build: layout: note %u starts on page %zu, its marker is on page %zu, "
                        "and page %zu had room\n", b->number, i + 1, b->marker_page + 1, b->marker_page + 2);
                FZ_FAIL("a note starts two pages after its marker");
            }
        }
}

static bool has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

/* Every file in dir: its bytes well formed for its kind.  Returns the
 * number of entries; names (if not NULL) must hold each of them, else the
 * harness fails. */
static size_t check_outputs(const char *dir, const char *const *names)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return 0;
    size_t count = 0;
    rl_buf file = RL_BUF_INIT;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        count++;
        if (!names) {
            fprintf(stderr, "fuzz_build: failed build left '%s'\n", e->d_name);
            FZ_FAIL("a failed build wrote a file");
        }
        bool promised = !strcmp(e->d_name, ".fz.stamp");
        for (size_t i = 0; names[i] && !promised; i++)
            promised = !strcmp(names[i], e->d_name);
        if (!promised) {
            fprintf(stderr, "fuzz_build: unexpected output '%s'\n", e->d_name);
            FZ_FAIL("a build wrote a file it did not promise");
        }
        char path[4400];
        FZ_REQUIRE(fz_path(path, sizeof path, dir, e->d_name) == 0);
        FZ_REQUIRE(fz_slurp(path, &file) == 0);
        FZ_REQUIRE(file.n > 0);
        if (has_suffix(e->d_name, ".pdf")) {
            const char *why = fz_pdf_problem(file.p, file.n);
            if (why) {
                fprintf(stderr, "fuzz_build: %s: %s\n", e->d_name, why);
                FZ_FAIL("malformed PDF");
            }
        } else if (rl_utf8_check(file.p, file.n) >= 0) {
            fprintf(stderr, "fuzz_build: %s: invalid UTF-8\n", e->d_name);
            FZ_FAIL("text output is not UTF-8");
        }
    }
    closedir(dp);
    rl_buf_free(&file);
    return count;
}

/* Nothing but what the harness wrote, and out/, at the top of the project
 * (the build stages its files in the output folder only). */
static void check_no_strays(const char *root)
{
    static const char *const ok[] = {"sources", "annotations", "styles", "out", NULL};
    DIR *dp = opendir(root);
    FZ_REQUIRE(dp != NULL);
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        bool known = false;
        for (size_t i = 0; ok[i] && !known; i++)
            known = !strcmp(ok[i], e->d_name);
        if (!known) {
            fprintf(stderr, "fuzz_build: stray '%s' in the project\n", e->d_name);
            FZ_FAIL("the build left a file outside its output folder");
        }
    }
    closedir(dp);
}

/* ---- the harness ---------------------------------------------------------- */

static void build_and_check(project *pr, const char *manifest)
{
    const uint8_t *o = pr->o;
    char outdir[4400];
    FZ_REQUIRE(fz_path(outdir, sizeof outdir, pr->root, "out") == 0);
    seen count = {0, 0};
    rl_build_opts opts = {0};
    opts.formats = (o[1] & 128) ? 0 : RL_FMT_ALL;
    opts.outdir = outdir;
    if (o[3] & 32)
        opts.style = (o[3] & 64) ? "nonexistent" : "fz";
    opts.on_redline = on_redline;
    opts.on_layout = on_layout;
    opts.observer_arg = &count;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_build_result res;
    int rc = rl_build_pub(a, d, manifest, &opts, &res);
    FZ_REQUIRE(rc == 0 || rc == -1);
    if (rc == 0) {
        FZ_REQUIRE(!res.uptodate);
        /* The promised files, as `redline deps` and the stamp name them. */
        rl_diag *quiet = rl_diag_new();
        rl_pub *p = rl_pub_load(a, quiet, manifest);
        FZ_REQUIRE(p != NULL);
        unsigned fmt = rl_build_formats(p, &opts);
        const char **names = rl_build_outputs(a, quiet, p, fmt);
        FZ_REQUIRE(names != NULL);
        size_t nnames = 0;
        while (names[nnames])
            nnames++;
        FZ_REQUIRE(res.files == nnames);
        FZ_REQUIRE(count.redlines == p->ncompares);
        FZ_REQUIRE(((fmt & (RL_FMT_PDF | RL_FMT_TRACE)) != 0) == (count.layouts > 0));
        FZ_REQUIRE(((fmt & RL_FMT_PDF) != 0) == (res.pages >= 1));
        size_t found = check_outputs(outdir, names);
        FZ_REQUIRE(found == nnames + 1);   /* and the stamp */
        for (size_t i = 0; i < nnames; i++) {
            char path[4400];
            struct stat st;
            FZ_REQUIRE(fz_path(path, sizeof path, outdir, names[i]) == 0);
            FZ_REQUIRE(stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0);
        }
        rl_diag_free(quiet);
        if (o[0] & 128) {
            /* Nothing changed: --changed must find it up to date. */
            rl_build_opts again = opts;
            again.changed = true;
            count = (seen){0, 0};
            rl_build_result res2;
            FZ_REQUIRE(rl_build_pub(a, d, manifest, &again, &res2) == 0);
            FZ_REQUIRE(res2.uptodate && res2.files == 0);
            FZ_REQUIRE(count.redlines == 0 && count.layouts == 0);
            FZ_REQUIRE(strcmp(res.edition, res2.edition) == 0);
        }
    } else {
        (void)check_outputs(outdir, NULL);
    }
    check_no_strays(pr->root);
    if (getenv("RL_FUZZ_VERBOSE")) {   /* what a seed does, when writing one */
        fprintf(stderr, "fuzz_build: rc %d, %zu redlines, %zu layouts, %d pages, %zu files, %u errors\n", rc,
                count.redlines, count.layouts, res.pages, res.files, rl_diag_errors(d));
        rl_diag_flush(d, stderr, false);
    }
    fz_drain(d);
    rl_diag_free(d);
    rl_arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FZB_MAX_INPUT)
        return 0;
    uint8_t o[FZB_NOPT] = {0};
    memcpy(o, data, size < FZB_NOPT ? size : FZB_NOPT);
    fz_part part[6] = {{"", 0}, {"", 0}, {"", 0}, {"", 0}, {"", 0}, {"", 0}};
    if (size > FZB_NOPT)
        (void)fz_split(data + FZB_NOPT, size - FZB_NOPT, part, 6);

    project pr;
    memset(&pr, 0, sizeof pr);
    pr.o = o;
    if (fz_mkdtemp(pr.root, sizeof pr.root, "build") != 0)
        return 0;
    pr.nversions = (o[0] & 1) ? 3 : 2;
    static const char *const md[] = {"one.md", "two.md", "three.md"};
    static const char *const txt[] = {"one.txt", "two.txt", "three.txt"};
    for (size_t k = 0; k < 3; k++) {
        pr.ids[k] = ID_SETS[(o[1] >> 3) & 3][k];
        pr.files[k] = (o[1] >> k) & 1 ? txt[k] : md[k];
        pr.text[k] = capped(part[k]);
    }

    char path[4400];
    static const char *const dirs[] = {"sources", "sources/fz", "annotations", "styles"};
    int bad = 0;
    for (size_t k = 0; k < sizeof dirs / sizeof *dirs; k++)
        bad |= fz_path(path, sizeof path, pr.root, dirs[k]) || mkdir(path, 0700);
    rl_arena *a = rl_arena_new();
    rl_buf b = RL_BUF_INIT;
    if (!bad) {
        for (size_t k = 0; k < pr.nversions; k++) {
            if ((o[0] & 64) && k == pr.nversions - 1)
                continue;   /* the manifest names a file that is not there */
            char name[64];
            snprintf(name, sizeof name, "sources/fz/%s", pr.files[k]);
            bad |= fz_path(path, sizeof path, pr.root, name) || fz_put(path, pr.text[k].p, pr.text[k].n);
        }
        manifest_yaml(&b, &pr, part[4]);
        bad |= put_buf(&pr, "sources/fz/publication.yaml", &b);
        rl_buf_clear(&b);
        unsigned mode = (o[1] >> 5) & 3;
        if (mode != 3) {
            if (mode != 2)
                annotations_yaml(a, &b, &pr, part[3]);
            if (mode != 0)
                rl_buf_put(&b, part[5].p, part[5].n);
            bad |= put_buf(&pr, "annotations/fz.yaml", &b);
        }
        rl_buf_clear(&b);
        rl_buf_puts(&b, DEFAULT_STYLE);
        bad |= put_buf(&pr, "styles/default.yaml", &b);
        rl_buf_clear(&b);
        style_yaml(&b, o);
        bad |= put_buf(&pr, "styles/fz.yaml", &b);
    }
    rl_buf_free(&b);
    rl_arena_free(a);
    if (!bad) {
        if (fz_path(path, sizeof path, pr.root, "sources/fz/publication.yaml") == 0)
            build_and_check(&pr, path);
    }
    FZ_REQUIRE(fz_rm_rf(pr.root) == 0);
    return 0;
}
