/* emit_pdf.c - the layout drawn with libharu: the PDF device.
 *
 * Each page's lines are drawn in their order (body, notes, numbers,
 * header, footer), one TextOut per glyph run, so extracted text follows
 * reading order; words are placed one by one, since libharu's word spacing
 * (Tw) does nothing for 2-byte UTF-8 fonts.  Rules, link annotations, the
 * outline and the metadata follow.  All pages are created first so links
 * can point forward.  Errors: an error handler records libharu's codes
 * (no longjmp, unlike its demos); they are checked and reported after each
 * page and the sticky error is reset.
 *
 * Post-processing: libharu writes an invalid ToUnicode CMap
 * (begincidrange) that poppler warns about.  Rather than patch libharu or
 * call qpdf at run time, the saved bytes are rebuilt here: every ToUnicode
 * stream is replaced by a valid, uncompressed identity bfrange CMap for
 * the BMP (libharu's CIDs are Unicode code points) and the xref table is
 * rewritten with the new offsets.  Dates come from ctx->epoch, never the
 * clock, so identical inputs give identical bytes.
 */
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "emit.h"
#include "font.h"
#include "layout.h"
#include "pub.h"

typedef struct errs {
    HPDF_STATUS code, detail;
    unsigned count;
} errs;

static void HPDF_STDCALL on_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
    errs *e = user;
    if (!e->count)
        e->code = code, e->detail = detail;
    e->count++;
}

static int check(HPDF_Doc pdf, errs *e, rl_diag *d, const char *where, size_t page)
{
    if (!e->count && !HPDF_GetError(pdf))
        return 0;
    rl_diag_file_error(d, NULL, "libharu error 0x%04X (detail %u) while writing %s %zu of the PDF",
                       (unsigned)(e->count ? e->code : HPDF_GetError(pdf)), (unsigned)e->detail, where, page);
    HPDF_ResetError(pdf);
    e->count = 0;
    return -1;
}

static const char *z(rl_arena *a, rl_str s)
{
    return rl_arena_strdup(a, s);
}

/* ---- ToUnicode repair ------------------------------------------------------ */

static void cmap_text(rl_buf *o)
{
    rl_buf_puts(o, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                   "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                   "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    int hi[256], n = 0;
    for (int h = 0; h < 256; h++)
        if (h < 0xD8 || h > 0xDF)
            hi[n++] = h;
    for (int i = 0; i < n; i += 100) {
        int m = n - i < 100 ? n - i : 100;
        rl_buf_printf(o, "%d beginbfrange\n", m);
        for (int k = i; k < i + m; k++)
            rl_buf_printf(o, "<%02X00> <%02XFF> <%02X00>\n", hi[k], hi[k], hi[k]);
        rl_buf_puts(o, "endbfrange\n");
    }
    rl_buf_puts(o, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

typedef struct obj {
    size_t num, off, end;
} obj;

static int cmp_off(const void *x, const void *y)
{
    const obj *a = x, *b = y;
    return a->off < b->off ? -1 : a->off > b->off;
}

static const char *find(const char *p, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (p[i] == needle[0] && !memcmp(p + i, needle, k))
            return p + i;
    return NULL;
}

/* Rebuild in (libharu's output) with valid ToUnicode CMaps into out.
 * Returns -1 (out untouched) if the file does not have the expected shape. */
static int fix_tounicode(rl_arena *a, const char *in, size_t n, rl_buf *out)
{
    /* startxref <off> */
    const char *sx = NULL;
    for (size_t i = n > 64 ? n - 64 : 0; i + 9 < n; i++)
        if (!memcmp(in + i, "startxref", 9))
            sx = in + i;
    if (!sx)
        return -1;
    size_t xoff = strtoul(sx + 9, NULL, 10);
    if (xoff >= n || memcmp(in + xoff, "xref", 4))
        return -1;
    const char *q = in + xoff + 4;
    while (*q == '\r' || *q == '\n')
        q++;
    size_t first = strtoul(q, (char **)&q, 10);
    size_t count = strtoul(q, (char **)&q, 10);
    while (*q == ' ' || *q == '\r' || *q == '\n')
        q++;
    if (first != 0 || count < 2)
        return -1;
    const char *entries = q;
    obj *objs = rl_arena_array(a, count, sizeof *objs);
    size_t nobj = 0;
    for (size_t i = 0; i < count; i++) {
        const char *e = entries + 20 * i;
        if (e + 20 > in + n)
            return -1;
        if (e[17] == 'n')
            objs[nobj++] = (obj){i, strtoul(e, NULL, 10), 0};
    }
    const char *trailer = find(entries + 20 * count, n - (size_t)(entries + 20 * count - in), "trailer");
    if (!trailer)
        return -1;
    qsort(objs, nobj, sizeof *objs, cmp_off);
    for (size_t i = 0; i < nobj; i++)
        objs[i].end = i + 1 < nobj ? objs[i + 1].off : xoff;
    /* Which objects are ToUnicode streams. */
    bool *tou = rl_arena_array(a, count, sizeof *tou);
    size_t found = 0;
    for (const char *p = in; (p = find(p, n - (size_t)(p - in), "/ToUnicode ")) != NULL; p += 11) {
        size_t num = strtoul(p + 11, NULL, 10);
        if (num < count && !tou[num])
            tou[num] = true, found++;
    }
    if (!found)
        return -1;
    rl_buf cm = RL_BUF_INIT;
    cmap_text(&cm);
    size_t *noff = rl_arena_array(a, count, sizeof *noff);
    rl_buf_put(out, in, nobj ? objs[0].off : xoff);
    for (size_t i = 0; i < nobj; i++) {
        noff[objs[i].num] = out->n;
        if (tou[objs[i].num]) {
            rl_buf_printf(out, "%zu 0 obj\n<<\n/Length %zu\n>>\nstream\n", objs[i].num, cm.n);
            rl_buf_put(out, cm.p, cm.n);
            rl_buf_puts(out, "endstream\nendobj\n");
        } else {
            rl_buf_put(out, in + objs[i].off, objs[i].end - objs[i].off);
        }
    }
    rl_buf_free(&cm);
    size_t nx = out->n;
    rl_buf_printf(out, "xref\n0 %zu\n", count);
    for (size_t i = 0; i < count; i++) {
        const char *e = entries + 20 * i;
        if (e[17] == 'n')
            rl_buf_printf(out, "%010zu 00000 n\r\n", noff[i]);
        else
            rl_buf_put(out, e, 20);
    }
    rl_buf_put(out, trailer, (size_t)(sx - trailer));
    rl_buf_printf(out, "startxref\n%zu\n%%%%EOF\n", nx);
    return 0;
}

/* ---- drawing ------------------------------------------------------------------ */

static void set_fill(HPDF_Page pg, rl_rgb c, rl_rgb *cur)
{
    if (c.r == cur->r && c.g == cur->g && c.b == cur->b)
        return;
    HPDF_Page_SetRGBFill(pg, (HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b);
    *cur = c;
}

static void draw_page(const rl_emit_ctx *c, rl_fonts *f, HPDF_Doc pdf, HPDF_Page pg, const rl_page *p)
{
    char *buf = NULL;
    size_t cap = 0;
    HPDF_Page_BeginText(pg);
    rl_rgb cur = {-1, -1, -1};
    HPDF_Font curf = NULL;
    float cursz = 0;
    for (size_t k = 0; k < p->nlines; k++) {
        const rl_line *ln = &p->lines[k];
        for (size_t j = 0; j < ln->nglyphs; j++) {
            const rl_glyphs *g = &p->glyphs[ln->glyph0 + j];
            if (!g->text.n)
                continue;
            HPDF_Font font = rl_fonts_pdf_font(f, pdf, (rl_face)g->face, c->d);
            if (!font)
                continue;
            if (font != curf || g->size != cursz) {
                HPDF_Page_SetFontAndSize(pg, font, g->size);
                curf = font, cursz = g->size;
            }
            set_fill(pg, g->color, &cur);
            if (g->text.n + 1 > cap) {
                cap = g->text.n * 2 + 16;
                buf = rl_arena_alloc(c->a, cap);
            }
            memcpy(buf, g->text.p, g->text.n);
            buf[g->text.n] = 0;
            HPDF_Page_TextOut(pg, (HPDF_REAL)g->x, (HPDF_REAL)g->y, buf);
        }
    }
    HPDF_Page_EndText(pg);
    for (size_t k = 0; k < p->nrules; k++) {
        const rl_rule *r = &p->rules[k];
        HPDF_Page_SetLineWidth(pg, (HPDF_REAL)r->width);
        HPDF_Page_SetRGBStroke(pg, (HPDF_REAL)r->color.r, (HPDF_REAL)r->color.g, (HPDF_REAL)r->color.b);
        if (r->dashed) {
            static const HPDF_UINT16 dash[] = {2, 2};
            HPDF_Page_SetDash(pg, dash, 2, 0);
        }
        HPDF_Page_MoveTo(pg, (HPDF_REAL)r->x0, (HPDF_REAL)r->y0);
        HPDF_Page_LineTo(pg, (HPDF_REAL)r->x1, (HPDF_REAL)r->y1);
        HPDF_Page_Stroke(pg);
        if (r->dashed)
            HPDF_Page_SetDash(pg, NULL, 0, 0);
    }
}

static void set_info(const rl_emit_ctx *c, HPDF_Doc pdf, const rl_layout *L)
{
    rl_arena *a = c->a;
    const rl_pub *pub = c->pub;
    HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, z(a, L->title));
    HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "redline " RL_VERSION);
    if (pub) {
        rl_buf b = RL_BUF_INIT;
        for (size_t i = 0; i < pub->nauthors; i++) {
            if (i)
                rl_buf_puts(&b, ", ");
            rl_buf_putstr(&b, pub->authors[i]);
        }
        if (b.n)
            HPDF_SetInfoAttr(pdf, HPDF_INFO_AUTHOR, z(a, rl_fonts_sanitize(a, rl_buf_str(&b))));
        rl_buf_clear(&b);
        for (size_t i = 0; i < pub->nkeywords; i++) {
            if (i)
                rl_buf_puts(&b, ", ");
            rl_buf_putstr(&b, pub->keywords[i]);
        }
        if (b.n)
            HPDF_SetInfoAttr(pdf, HPDF_INFO_KEYWORDS, z(a, rl_fonts_sanitize(a, rl_buf_str(&b))));
        rl_buf_clear(&b);
        if (pub->subject.n)
            rl_buf_putstr(&b, pub->subject);
        else if (pub->subtitle.n)
            rl_buf_putstr(&b, pub->subtitle);
        if (c->edition_id.n)
            rl_buf_printf(&b, "%sedition %ld (%.*s)", b.n ? "; " : "", c->edition_number, (int)c->edition_id.n,
                          c->edition_id.p);
        if (b.n)
            HPDF_SetInfoAttr(pdf, HPDF_INFO_SUBJECT, z(a, rl_fonts_sanitize(a, rl_buf_str(&b))));
        rl_buf_free(&b);
    }
    time_t t = (time_t)c->epoch;
    struct tm tm;
    if (c->epoch > 0 && gmtime_r(&t, &tm)) {
        HPDF_Date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 'Z', 0, 0};
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, d);
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, d);
    }
}

int rl_emit_pdf(const rl_emit_ctx *c, rl_buf *out)
{
    rl_fonts *f = rl_fonts_open(c->a, c->d, c->style);
    if (!f)
        return -1;
    rl_layout *L = rl_layout_build(c, f);
    if (!L)
        return -1;
    if (c->pages_out)
        *c->pages_out = (int)L->npages;
    errs e = {0};
    HPDF_Doc pdf = HPDF_New(on_error, &e);
    if (!pdf)
        RL_BUG("libharu could not create a document");
    int rc = 0;
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    set_info(c, pdf, L);
    HPDF_Page *pages = rl_arena_array(c->a, L->npages + 1, sizeof *pages);
    for (size_t i = 0; i < L->npages; i++) {
        pages[i] = HPDF_AddPage(pdf);
        HPDF_Page_SetWidth(pages[i], (HPDF_REAL)L->page_w);
        HPDF_Page_SetHeight(pages[i], (HPDF_REAL)L->page_h);
    }
    for (size_t i = 0; i < L->npages; i++) {
        draw_page(c, f, pdf, pages[i], &L->pages[i]);
        const rl_page *p = &L->pages[i];
        for (size_t k = 0; k < p->nlinks; k++) {
            const rl_link *l = &p->links[k];
            HPDF_Rect r = {(HPDF_REAL)l->x0, (HPDF_REAL)l->y0, (HPDF_REAL)l->x1, (HPDF_REAL)l->y1};
            HPDF_Annotation an;
            if (l->uri.n) {
                an = HPDF_Page_CreateURILinkAnnot(pages[i], r, z(c->a, l->uri));
            } else {
                if (l->dest_page >= L->npages)
                    continue;
                HPDF_Destination d = HPDF_Page_CreateDestination(pages[l->dest_page]);
                HPDF_Destination_SetFitH(d, (HPDF_REAL)l->dest_y);
                an = HPDF_Page_CreateLinkAnnot(pages[i], r, d);
            }
            if (an)
                HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
        }
        if (check(pdf, &e, c->d, "page", i + 1))
            rc = -1;
    }
    /* Outline from the headings. */
    HPDF_Outline stack[8] = {0};
    HPDF_Encoder enc = HPDF_GetEncoder(pdf, "UTF-8");
    for (size_t i = 0; i < L->noutline; i++) {
        const rl_outline *o = &L->outline[i];
        int lv = o->level < 1 ? 1 : o->level > 7 ? 7 : o->level;
        HPDF_Outline parent = NULL;
        for (int k = lv - 1; k >= 1 && !parent; k--)
            parent = stack[k];
        HPDF_Outline ol = HPDF_CreateOutline(pdf, parent, z(c->a, o->title), enc);
        if (!ol)
            continue;
        HPDF_Destination d = HPDF_Page_CreateDestination(pages[o->page]);
        HPDF_Destination_SetFitH(d, (HPDF_REAL)(o->y + 6));
        HPDF_Outline_SetDestination(ol, d);
        stack[lv] = ol;
        for (int k = lv + 1; k < 8; k++)
            stack[k] = NULL;
    }
    if (L->noutline)
        HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    if (check(pdf, &e, c->d, "outline", L->noutline))
        rc = -1;
    if (rc == 0 && HPDF_SaveToStream(pdf) == HPDF_OK) {
        HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
        char *raw = rl_xmalloc(size + 1);
        HPDF_UINT32 got = 0;
        HPDF_ResetStream(pdf);
        while (got < size) {
            HPDF_UINT32 len = size - got;
            HPDF_STATUS st = HPDF_ReadFromStream(pdf, (HPDF_BYTE *)raw + got, &len);
            got += len;
            if (st == HPDF_STREAM_EOF || len == 0)
                break;
        }
        if (got != size || fix_tounicode(c->a, raw, size, out) != 0) {
            rl_diag_file_error(c->d, NULL, "could not post-process the PDF written by libharu");
            rc = -1;
        }
        free(raw);
    } else {
        check(pdf, &e, c->d, "the file, after page", L->npages);
        rc = -1;
    }
    rl_fonts_pdf_reset(f);
    HPDF_Free(pdf);
    return rc;
}
