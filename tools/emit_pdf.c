/* emit_pdf.c - the layout drawn into a PDF: the PDF device.
 *
 * libharu builds the objects (pages, embedded font subsets, links, outline,
 * metadata); the page content streams are written here, since libharu's
 * text operators cost more than the whole layout (per word: a width
 * measurement, a UTF-8 re-encoding, float formatting).  Each line's words
 * go into one TJ array of 2-byte codes (CID = Unicode code point, as with
 * libharu's UTF-8 encoder), the gaps as adjustments computed from where the
 * viewer is (the PDF's widths are the ones measured), positions in 1/10,000
 * pt; Tw is not used (it does nothing for 2-byte codes).  A code point is
 * marked for the subset once per face.  libharu builds each face's width
 * array and CIDToGIDMap over the whole BMP: restrict_encoder narrows that
 * to the code points used.  Errors are recorded by a handler, checked after
 * each page, and the sticky error is reset.
 *
 * libharu saves uncompressed; finish() then rebuilds the file: its invalid
 * ToUnicode CMaps (begincidrange) are replaced, every stream is deflated
 * and the xref table rewritten.  Deflating is libdeflate's, at level 1:
 * whole buffers in one call, three times faster than zlib at level 3 and
 * smaller output (zlib at its default level took a third of the run time).
 * Page contents are deflated by a helper thread (helper.h) while pages are
 * drawn and libharu saves; one job per stream, so the bytes never depend
 * on the threads.  Rejected (measured, no gain): deflating the other
 * streams on two threads, and reading the fonts into the output document
 * on a helper thread during the layout.  Dates come
 * from ctx->epoch: identical inputs give identical bytes for a given
 * libdeflate.  Rejected: patching libharu, qpdf.
 */
#include <hpdf.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libdeflate.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "emit.h"
#include "font.h"
#include "helper.h"
#include "layout.h"
#include "pub.h"
#include "source.h"

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

#define ZLEVEL 1 /* libdeflate level of every stream */

/* ---- post-processing: ToUnicode, compression, xref ------------------------ */

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
    if (n < k)
        return NULL;
    for (const char *e = p + n - k + 1; (p = memchr(p, needle[0], (size_t)(e - p))) != NULL; p++)
        if (!memcmp(p, needle, k))
            return p;
    return NULL;
}

/* A stream to deflate: in[0..n) into out (malloc'd). */
typedef struct job {
    const char *in;
    size_t n;
    unsigned char *out;
    size_t outn;
    int failed;
    bool done;               /* out is already there (owned by the caller) */
    char *own;               /* in, to free once deflated */
} job;

/* Each worker has its own compressor (libdeflate's are not shared). */
static void deflate_job(job *j, struct libdeflate_compressor *z)
{
    if (!z) {
        j->failed = 1;
    } else {
        size_t cap = libdeflate_zlib_compress_bound(z, j->n);
        j->out = rl_xmalloc(cap);
        j->outn = libdeflate_zlib_compress(z, j->in, j->n, j->out, cap);
        if (j->outn == 0)
            j->failed = 1;
    }
    free(j->own);
    j->own = NULL;
    j->in = NULL;
}

/* Page contents are deflated by a helper thread as the pages are drawn,
 * while this thread goes on drawing and libharu saves the document; then
 * both threads deflate what is left.  Each page is one job, so the bytes
 * do not depend on which thread takes it. */
typedef struct pipe_t {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    job *jobs;
    size_t ready;            /* jobs[0..ready) may be deflated */
    size_t next;             /* the next one to take */
    bool closed, open;
    rl_helper helper;        /* takes jobs as they come, if on a thread */
} pipe_t;

/* Take and deflate jobs until none is ready; with wait, until closed. */
static void pipe_work(pipe_t *q, bool wait)
{
    struct libdeflate_compressor *z = NULL;
    for (;;) {
        pthread_mutex_lock(&q->mu);
        while (wait && q->next >= q->ready && !q->closed)
            pthread_cond_wait(&q->cv, &q->mu);
        size_t i = q->next;
        bool got = i < q->ready;
        if (got)
            q->next++;
        pthread_mutex_unlock(&q->mu);
        if (!got)
            break;
        if (!z)
            z = libdeflate_alloc_compressor(ZLEVEL);
        deflate_job(&q->jobs[i], z);
    }
    libdeflate_free_compressor(z);
}

static void pipe_run(void *p)
{
    pipe_work(p, true);
}

static void pipe_open(pipe_t *q, job *jobs)
{
    memset(q, 0, sizeof *q);
    q->jobs = jobs;
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->cv, NULL);
    q->open = true;
    rl_helper_start(&q->helper, pipe_run, q, true);
}

/* jobs[0..n) are ready to be deflated (here, if there is no helper). */
static void pipe_push(pipe_t *q, size_t n)
{
    pthread_mutex_lock(&q->mu);
    q->ready = n;
    pthread_cond_signal(&q->cv);
    pthread_mutex_unlock(&q->mu);
    if (!rl_helper_threaded(&q->helper))
        pipe_work(q, false);
}

/* Help deflate what is left, then wait for the helper (again: nothing). */
static void pipe_close(pipe_t *q)
{
    if (!q->open)
        return;
    q->open = false;
    pthread_mutex_lock(&q->mu);
    q->closed = true;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    pipe_work(q, false);
    rl_helper_join(&q->helper); /* without a thread: finds nothing left */
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->cv);
}

/* Deflate every job not done yet (on this thread: sharing these with a
 * helper, after the page contents, was measured to gain nothing). */
static int deflate_all(job *jobs, size_t n)
{
    struct libdeflate_compressor *z = NULL;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (jobs[i].done)
            continue;
        if (!z)
            z = libdeflate_alloc_compressor(ZLEVEL);
        deflate_job(&jobs[i], z);
        if (jobs[i].failed)
            rc = -1;
    }
    libdeflate_free_compressor(z);
    return rc;
}

/* Rebuild in (libharu's uncompressed output) into out: content[num] (if
 * not NULL: deflated data) replaces the data of stream object num,
 * ToUnicode streams get a valid CMap, every other stream without a filter
 * is deflated, and the xref table is rewritten.  Returns -1 (out untouched)
 * if the file does not have the expected shape or a stream failed. */
static int finish(rl_arena *a, const char *in, size_t n, job *const *content, size_t ncontent, rl_buf *out)
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
    for (size_t i = 0; i < nobj; i++) {
        objs[i].end = i + 1 < nobj ? objs[i + 1].off : xoff;
        if (objs[i].off >= objs[i].end || objs[i].end > n)
            return -1;
    }
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
    /* The streams: dictionary end, data, and the object holding the length. */
    size_t *dict_end = rl_arena_array(a, nobj, sizeof *dict_end); /* offset of ">>" or 0: not a stream */
    size_t *jobof = rl_arena_array(a, nobj, sizeof *jobof);
    size_t *lenobj = rl_arena_array(a, count, sizeof *lenobj); /* stream's Length object, else 0 */
    size_t *newlen = rl_arena_array(a, count, sizeof *newlen);
    bool *haslen = rl_arena_array(a, count, sizeof *haslen);
    job *jobs = rl_arena_array(a, nobj + 2, sizeof *jobs);
    size_t njobs = 0, cmjob = SIZE_MAX;
    for (size_t i = 0; i < nobj; i++) {
        const char *o = in + objs[i].off;
        size_t on = objs[i].end - objs[i].off;
        const char *st = find(o, on, ">>\nstream\r\n");
        jobof[i] = SIZE_MAX;
        if (!st)
            continue;
        const char *ds = st + 11, *es = NULL;
        for (const char *p = ds; (p = find(p, on - (size_t)(p - o), "\nendstream")) != NULL; p++)
            es = p;
        if (!es)
            return -1;
        size_t dn = (size_t)(st - o);
        dict_end[i] = dn;
        if (find(o, dn, "/Filter"))
            continue; /* already filtered: copied as it is */
        const char *L = find(o, dn, "/Length ");
        size_t num = objs[i].num, ln = L ? strtoul(L + 8, NULL, 10) : 0;
        if (!L || ln == 0 || ln >= count)
            return -1;
        lenobj[num] = ln;
        if (tou[num]) {
            if (cmjob == SIZE_MAX)
                jobs[cmjob = njobs++] = (job){cm.p, cm.n, NULL, 0, 0, false, NULL};
            jobof[i] = cmjob;
        } else {
            const job *c = num < ncontent ? content[num] : NULL;
            if (c && (c->failed || !c->done))
                return -1;
            jobs[njobs] = c ? *c : (job){ds, (size_t)(es - ds), NULL, 0, 0, false, NULL};
            jobof[i] = njobs++;
        }
    }
    int rc = deflate_all(jobs, njobs);
    for (size_t i = 0; rc == 0 && i < nobj; i++)
        if (jobof[i] != SIZE_MAX) {
            newlen[lenobj[objs[i].num]] = jobs[jobof[i]].outn;
            haslen[lenobj[objs[i].num]] = true;
        }
    size_t *noff = rl_arena_array(a, count, sizeof *noff);
    if (rc == 0) {
        rl_buf_reserve(out, n);
        rl_buf_put(out, in, nobj ? objs[0].off : xoff);
    }
    for (size_t i = 0; rc == 0 && i < nobj; i++) {
        size_t num = objs[i].num;
        const char *o = in + objs[i].off;
        noff[num] = out->n;
        if (jobof[i] != SIZE_MAX) {
            const job *j = &jobs[jobof[i]];
            const char *open = find(o, dict_end[i], "<<");
            if (!open) {
                rc = -1;
                break;
            }
            size_t h = (size_t)(open - o) + 2;
            rl_buf_put(out, o, h);
            rl_buf_puts(out, "\n/Filter /FlateDecode");
            rl_buf_put(out, o + h, dict_end[i] - h);
            rl_buf_puts(out, ">>\nstream\r\n");
            rl_buf_put(out, j->out, j->outn);
            rl_buf_puts(out, "\nendstream\nendobj\n");
        } else if (haslen[num]) {
            rl_buf_printf(out, "%zu 0 obj\n%zu\nendobj\n", num, newlen[num]);
        } else {
            rl_buf_put(out, o, objs[i].end - objs[i].off);
        }
    }
    for (size_t i = 0; i < njobs; i++)
        if (!jobs[i].done)
            free(jobs[i].out);
    rl_buf_free(&cm);
    if (rc != 0)
        return -1;
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

/* The document's fonts as the content streams use them. */
typedef struct dev {
    const rl_emit_ctx *c;
    rl_fonts *f;
    HPDF_Doc pdf;
    HPDF_Font font[RL_NFACES];
    HPDF_FontDef def[RL_NFACES];
    uint8_t *seen[RL_NFACES];  /* code points already marked as used in the subset */
    bool tried[RL_NFACES];
    HPDF_Encoder enc;          /* the UTF-8 encoder, if restrict_encoder applies */
    HPDF_UINT16 (*cid_map)[256];      /* its code map while a font is created */
    HPDF_UNICODE (*unicode_map)[256];
} dev;

static HPDF_Font dev_font(dev *v, int face)
{
    if (!v->tried[face]) {
        v->tried[face] = true;
        HPDF_CMapEncoderAttr at = v->enc ? v->enc->attr : NULL;
        HPDF_Encoder_ToUnicode_Func own = v->enc ? v->enc->to_unicode_fn : NULL;
        HPDF_UINT16(*keep_cid)[256] = NULL;
        HPDF_UNICODE(*keep_uni)[256] = NULL;
        if (at) {
            keep_cid = rl_xmalloc(sizeof at->cid_map);
            keep_uni = rl_xmalloc(sizeof at->unicode_map);
            memcpy(keep_cid, at->cid_map, sizeof at->cid_map);
            memcpy(keep_uni, at->unicode_map, sizeof at->unicode_map);
            memcpy(at->cid_map, v->cid_map, sizeof at->cid_map);
            memcpy(at->unicode_map, v->unicode_map, sizeof at->unicode_map);
            v->enc->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
        }
        v->font[face] = rl_fonts_pdf_font(v->f, v->pdf, (rl_face)face, v->c->d);
        if (at) {
            v->enc->to_unicode_fn = own;
            memcpy(at->cid_map, keep_cid, sizeof at->cid_map);
            memcpy(at->unicode_map, keep_uni, sizeof at->unicode_map);
            free(keep_cid);
            free(keep_uni);
        }
        if (v->font[face]) {
            v->def[face] = ((HPDF_FontAttr)v->font[face]->attr)->fontdef;
            v->seen[face] = rl_arena_array(v->c->a, 65536 / 8, 1);
        }
    }
    return v->font[face];
}

/* v in units of 10^-digits as a PDF number ("12.5", "-3", "0.125"). */
static inline void numd(rl_buf *o, long v, int digits)
{
    char t[40], *e = t + sizeof t, *p = e;
    bool neg = v < 0;
    unsigned long u = neg ? 0ul - (unsigned long)v : (unsigned long)v;
    unsigned long scale = 1;
    for (int i = 0; i < digits; i++)
        scale *= 10;
    unsigned long ip = u / scale, fp = u % scale;
    if (fp) {
        int d = digits;
        while (fp % 10 == 0)
            fp /= 10, d--;
        while (d--)
            *--p = (char)('0' + fp % 10), fp /= 10;
        *--p = '.';
    }
    do
        *--p = (char)('0' + ip % 10), ip /= 10;
    while (ip);
    if (neg)
        *--p = '-';
    rl_buf_put_fast(o, p, (size_t)(e - p));
}

/* lround for the magnitudes of a page (far below 2^52): half away from
 * zero, without a libm call per number. */
static inline long rnd(double x)
{
    return x < 0 ? -(long)(0.5 - x) : (long)(x + 0.5);
}

/* A string literal through the inline fast path. */
#define PUT(o, lit) rl_buf_put_fast((o), (lit), sizeof(lit) - 1)

/* Text positions and sizes: 1/1000 pt. */
static inline void num(rl_buf *o, long v)
{
    numd(o, v, 4);
}

/* Rules and colours: 5 decimals, as libharu writes them. */
static inline void num5(rl_buf *o, double x)
{
    numd(o, rnd(x * 100000.0), 5);
}

/* A position or size in the units num() prints (1/10,000 pt). */
static inline long milli(double x)
{
    return rnd(x * 10000.0);
}

static void rgb(rl_buf *o, rl_rgb c, const char *op)
{
    num5(o, c.r);
    rl_buf_putc_fast(o, ' ');
    num5(o, c.g);
    rl_buf_putc_fast(o, ' ');
    num5(o, c.b);
    rl_buf_puts(o, op);
}

/* The code point at t.p[*k] (advancing *k past it) as drawn: 2-byte codes
 * reach only the BMP, so anything above it is drawn as U+FFFD.  Shared by
 * the subset scan and the text writer so they agree on every code. */
static int32_t next_bmp(rl_str t, size_t *k)
{
    int32_t cp;
    unsigned char ch = (unsigned char)t.p[*k];
    if (ch < 0x80)
        cp = ch, (*k)++;
    else
        *k += (size_t)rl_utf8_decode(t.p + *k, t.n - *k, &cp);
    return cp < 0 || cp > 0xFFFF ? 0xFFFD : cp;
}

/* The run's text as a literal string of 2-byte codes, marking its code
 * points as used in the face's subset. */
static void text(dev *v, int face, rl_str t, rl_buf *o)
{
    uint8_t *seen = v->seen[face];
    rl_buf_reserve(o, t.n * 4 + 2);
    char *w = o->p + o->n;
    *w++ = '(';
    for (size_t k = 0; k < t.n;) {
        int32_t cp = next_bmp(t, &k);
        if (!(seen[cp >> 3] & (1u << (cp & 7)))) {
            seen[cp >> 3] |= (uint8_t)(1u << (cp & 7));
            HPDF_TTFontDef_GetCharWidth(v->def[face], (HPDF_UINT16)cp);
        }
        unsigned char b[2] = {(unsigned char)(cp >> 8), (unsigned char)cp};
        for (int i = 0; i < 2; i++) {
            switch (b[i]) {
            case '(': case ')': case '\\':
                *w++ = '\\', *w++ = (char)b[i];
                break;
            case '\r':
                *w++ = '\\', *w++ = 'r';
                break;
            case '\n':
                *w++ = '\\', *w++ = 'n';
                break;
            default:
                *w++ = (char)b[i];
            }
        }
    }
    o->n = (size_t)(w - o->p);
    rl_buf_putc_fast(o, ')');
}

/* libharu's HPDF_GetFont builds each face's /W array and CIDToGIDMap from
 * the encoder.  For its UTF-8 encoder it looks up all 65,536 BMP code
 * points (a linear cmap search each): the largest fixed cost of a small
 * document.  For a plain CMap encoder it looks up only the codes in the
 * encoder's code map.  So, while a font is created, the UTF-8 encoder
 * poses as a plain one whose map holds the code points the layout uses
 * (CID = code point, as before), plus one above the highest, since
 * libharu's map stops short of its highest CID.  Its own conversion
 * function is put back at once: it is what encodes the outline's and the
 * metadata's strings. */
static void restrict_encoder(dev *v, const rl_layout *L)
{
    HPDF_Encoder enc = HPDF_GetEncoder(v->pdf, "UTF-8");
    if (!enc || enc->type != HPDF_ENCODER_TYPE_DOUBLE_BYTE || !enc->attr)
        return;
    uint8_t *used = rl_arena_alloc(v->c->a, 65536 / 8);
    for (size_t i = 0; i < L->npages; i++) {
        const rl_page *p = &L->pages[i];
        for (size_t j = 0; j < p->nglyphs; j++) {
            rl_str t = p->glyphs[j].text;
            for (size_t k = 0; k < t.n;) {
                int32_t cp = next_bmp(t, &k);
                used[cp >> 3] |= (uint8_t)(1u << (cp & 7));
            }
        }
    }
    HPDF_CMapEncoderAttr at = enc->attr;
    v->cid_map = rl_arena_alloc(v->c->a, sizeof at->cid_map);
    v->unicode_map = rl_arena_alloc(v->c->a, sizeof at->unicode_map);
    int32_t max = 0;
    for (int32_t cp = 0x20; cp <= 0xFFFF; cp++)
        if (used[cp >> 3] & (1u << (cp & 7))) {
            v->cid_map[cp >> 8][cp & 0xFF] = (HPDF_UINT16)cp;
            v->unicode_map[cp >> 8][cp & 0xFF] = (HPDF_UNICODE)cp;
            max = cp;
        }
    int32_t top = max < 0xFFFF ? max + 1 : 0xFFFF;
    v->cid_map[top >> 8][top & 0xFF] = (HPDF_UINT16)top;
    v->unicode_map[top >> 8][top & 0xFF] = (HPDF_UNICODE)top;
    v->enc = enc;
}

/* The content stream of one page into o. */
static void draw_page(dev *v, HPDF_Page pg, const rl_page *p, rl_buf *o)
{
    const char *lname[RL_NFACES] = {0};
    PUT(o, "BT\n");
    rl_rgb cur = {-1, -1, -1};
    int curface = -1;
    long cursz = -1, cx = 0, cy = 0;
    bool tj = false;   /* a TJ array is open: runs of one baseline, face, size, colour */
    double tx = 0;     /* where a viewer puts the next glyph of the array */
    for (size_t k = 0; k < p->nlines; k++) {
        const rl_line *ln = &p->lines[k];
        for (size_t j = 0; j < ln->nglyphs; j++) {
            const rl_glyphs *g = &p->glyphs[ln->glyph0 + j];
            if (!g->text.n)
                continue;
            int face = g->face < RL_NFACES ? g->face : RL_FACE_REGULAR;
            HPDF_Font font = dev_font(v, face);
            if (!font)
                continue;
            long sz = milli(g->size);
            bool newcol = g->color.r != cur.r || g->color.g != cur.g || g->color.b != cur.b;
            long x = milli(g->x), y = milli(g->y);
            if (tj && (face != curface || sz != cursz || newcol || y != cy)) {
                PUT(o, "] TJ\n");
                tj = false;
            }
            if (face != curface || sz != cursz) {
                if (!lname[face])
                    lname[face] = HPDF_Page_GetLocalFontName(pg, font);
                if (!lname[face])
                    continue;
                rl_buf_putc_fast(o, '/');
                rl_buf_puts(o, lname[face]);
                rl_buf_putc_fast(o, ' ');
                num(o, sz);
                PUT(o, " Tf\n");
                curface = face, cursz = sz;
            }
            if (newcol) {
                rgb(o, g->color, " rg\n");
                cur = g->color;
            }
            if (tj) {
                /* The gap as a TJ adjustment (1/1000 em, 2 decimals), from
                 * where the viewer is, so rounding never accumulates. */
                long adj = rnd((tx - g->x) * 1000.0 / g->size * 100.0);
                if (adj)
                    numd(o, adj, 2);
                tx -= (double)adj / 100.0 * g->size / 1000.0;
            } else {
                num(o, x - cx);
                rl_buf_putc_fast(o, ' ');
                num(o, y - cy);
                PUT(o, " Td\n[");
                cx = x, cy = y;
                tx = (double)x / 10000.0;
                /* Widths come from the font's /W array, which is what the
                 * layout measured, unless the face fell back on another. */
                tj = rl_fonts_pdf_own(v->f, (rl_face)face);
            }
            text(v, face, g->text, o);
            tx += g->w;
            if (!tj)
                PUT(o, "] TJ\n");
        }
    }
    if (tj)
        PUT(o, "] TJ\n");
    PUT(o, "ET\n");
    double lw = -1;
    rl_rgb scol = {-1, -1, -1};
    bool dashed = false;
    for (size_t k = 0; k < p->nrules; k++) {
        const rl_rule *r = &p->rules[k];
        if (r->width != lw) {
            lw = r->width;
            num5(o, lw);
            PUT(o, " w\n");
        }
        if (r->color.r != scol.r || r->color.g != scol.g || r->color.b != scol.b) {
            rgb(o, r->color, " RG\n");
            scol = r->color;
        }
        if (r->dashed != dashed) {
            rl_buf_puts(o, r->dashed ? "[2 2] 0 d\n" : "[] 0 d\n");
            dashed = r->dashed;
        }
        num5(o, r->x0);
        rl_buf_putc_fast(o, ' ');
        num5(o, r->y0);
        PUT(o, " m ");
        num5(o, r->x1);
        rl_buf_putc_fast(o, ' ');
        num5(o, r->y1);
        PUT(o, " l S\n");
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

/* The output document.  With the fonts open before the layout (f: a
 * build), the faces nearly every redline draws are read into it first
 * (rl_fonts_pdf_preload), in a fixed order, which fixes their objects'
 * numbers.  (Reading them on a helper thread during the layout was
 * measured to gain nothing.) */
static HPDF_Doc new_doc(errs *e, rl_fonts *f)
{
    HPDF_Doc pdf = HPDF_New(on_error, e);
    if (!pdf)
        RL_BUG("libharu could not create a document");
    HPDF_SetCompressionMode(pdf, HPDF_COMP_NONE); /* deflated in finish() */
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    static const rl_face common[] = {RL_FACE_REGULAR, RL_FACE_BOLD, RL_FACE_ITALIC};
    for (size_t i = 0; f && i < sizeof common / sizeof *common; i++)
        rl_fonts_pdf_preload(f, pdf, common[i]);
    return pdf;
}

int rl_emit_pdf(const rl_emit_ctx *c, rl_buf *out)
{
    errs e = {0};
    HPDF_Doc pdf = new_doc(&e, c->fonts);
    rl_layout *L = rl_layout_open(c);
    if (!L) {
        if (c->fonts)
            rl_fonts_pdf_reset(c->fonts);
        HPDF_Free(pdf);
        return -1;
    }
    rl_fonts *f = L->fonts;
    if (c->pages_out)
        *c->pages_out = (int)L->npages;
    int rc = 0;
    set_info(c, pdf, L);
    HPDF_Page *pages = rl_arena_array(c->a, L->npages + 1, sizeof *pages);
    size_t *cobj = rl_arena_array(c->a, L->npages + 1, sizeof *cobj);
    size_t ncontent = 0;
    for (size_t i = 0; i < L->npages; i++) {
        pages[i] = HPDF_AddPage(pdf);
        if (!pages[i])
            RL_BUG("libharu could not add a page");
        HPDF_Page_SetWidth(pages[i], (HPDF_REAL)L->page_w);
        HPDF_Page_SetHeight(pages[i], (HPDF_REAL)L->page_h);
        cobj[i] = ((HPDF_PageAttr)pages[i]->attr)->contents->header.obj_id & 0x00FFFFFFu;
        if (cobj[i] + 1 > ncontent)
            ncontent = cobj[i] + 1;
    }
    /* content[object number] = that page's deflated content stream */
    job **content = rl_arena_array(c->a, ncontent + 1, sizeof *content);
    job *pj = rl_arena_array(c->a, L->npages + 1, sizeof *pj);
    pipe_t q;
    pipe_open(&q, pj);
    dev v = {0};
    v.c = c, v.f = f, v.pdf = pdf;
    restrict_encoder(&v, L);
    for (size_t i = 0; i < L->npages; i++) {
        content[cobj[i]] = &pj[i];
        rl_buf b = RL_BUF_INIT;
        /* Room for a page's usual stream, so it is not regrown by doubling. */
        rl_buf_reserve(&b, L->pages[i].nglyphs * 32 + L->pages[i].nrules * 64 + 1024);
        draw_page(&v, pages[i], &L->pages[i], &b);
        pj[i] = (job){b.p ? b.p : "", b.n, NULL, 0, 0, true, b.p}; /* done once deflated */
        pipe_push(&q, i + 1);
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
        /* libharu's copy of the document is no longer needed. */
        rl_fonts_pdf_reset(f);
        HPDF_Free(pdf);
        pdf = NULL;
        pipe_close(&q);
        if (got != size || finish(c->a, raw, size, content, ncontent, out) != 0) {
            rl_diag_file_error(c->d, NULL, "could not post-process the PDF written by libharu");
            rc = -1;
        }
        free(raw);
    } else {
        check(pdf, &e, c->d, "the file, after page", L->npages);
        rc = -1;
    }
    pipe_close(&q); /* (if not closed above) */
    for (size_t i = 0; i < L->npages; i++)
        free(pj[i].out);
    if (pdf) {
        rl_fonts_pdf_reset(f);
        HPDF_Free(pdf);
    }
    return rc;
}
