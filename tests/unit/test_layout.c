/* test_layout.c - fonts, paragraph setting, pages, notes and the PDF
 * device, checked through the trace and the layout's geometric invariants
 * (rl_layout_check) on small cases, stress inputs and the ICoC. */
#include "harness.h"

#include <cmark.h>
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

#include "annot.h"
#include "emit.h"
#include "font.h"
#include "layout.h"
#include "pub.h"
#include "redline.h"
#include "source.h"
#include "style.h"

typedef struct fx {
    rl_arena *a;
    rl_diag *d;
    rl_style st;
    rl_emit_ctx c;
} fx;

static void fx_init(fx *f, const char *old, const char *new)
{
    f->a = rl_arena_new();
    f->d = rl_diag_new();
    rl_style_defaults(&f->st);
    rl_doc *o = test_doc(f->a, "old.md", old);
    rl_doc *n = test_doc(f->a, "new.md", new);
    rl_diff_opts opts = {0};
    memset(&f->c, 0, sizeof f->c);
    f->c.a = f->a;
    f->c.d = f->d;
    f->c.style = &f->st;
    f->c.r = rl_diff(f->a, o, n, &opts);
    f->c.edition_id = RL_STR("0123abcd");
    f->c.edition_number = 1;
    f->c.date = RL_STR("2026-01-02");
    f->c.epoch = 1767312000;
    f->c.basename = "test";
}

static void fx_free(fx *f)
{
    rl_diag_free(f->d);
    rl_arena_free(f->a);
}

static void free_node(void *p)
{
    cmark_node_free(p);
}

/* n notes on block b, marker after every k-th token of its first run. */
static void add_notes(fx *f, size_t b, size_t n, const char *body)
{
    rl_redline *r = (rl_redline *)f->c.r;
    rl_rblock *blk = &r->blocks[b];
    r->notes = rl_arena_array(f->a, n, sizeof *r->notes);
    r->nnotes = n;
    blk->marks = rl_arena_array(f->a, n, sizeof *blk->marks);
    blk->nmarks = n;
    size_t ntok = blk->runs[0].n;
    for (size_t i = 0; i < n; i++) {
        rl_note *note = &r->notes[i];
        note->number = (unsigned)i + 1;
        note->first.block = note->last.block = (uint32_t)b;
        note->last.off = (uint32_t)((i * ntok) / n);
        note->body = cmark_parse_document(body, strlen(body), 0);
        rl_arena_defer(f->a, free_node, note->body);
        blk->marks[i] = note;
    }
}

static rl_layout *fx_layout(fx *f)
{
    rl_fonts *fonts = rl_fonts_open(f->a, f->d, &f->st);
    assert_non_null(fonts);
    rl_layout *L = rl_layout_build(&f->c, fonts);
    assert_non_null(L);
    return L;
}

/* With RL_TRACE_DIR set, write the layout's trace there (to look at). */
static void dump_trace(const rl_layout *L, const char *name)
{
    const char *dir = getenv("RL_TRACE_DIR");
    if (!dir)
        return;
    char path[512];
    snprintf(path, sizeof path, "%s/%s.trace", dir, name);
    rl_buf t = RL_BUF_INIT;
    rl_layout_trace(L, &t);
    FILE *fp = fopen(path, "w");
    if (fp) {
        fwrite(t.p, 1, t.n, fp);
        fclose(fp);
    }
    rl_buf_free(&t);
}

/* The last occurrence of needle in h, and how many there are. */
static const char *last_of(const char *h, const char *needle, size_t *count)
{
    const char *last = NULL;
    *count = 0;
    for (const char *q = h; (q = strstr(q, needle)) != NULL; q++)
        last = q, (*count)++;
    return last;
}

static size_t expect_clean(const rl_layout *L)
{
    rl_buf why = RL_BUF_INIT;
    size_t bad = rl_layout_check(L, 0.5, &why);
    if (bad)
        fprintf(stderr, "%s", why.p);
    rl_buf_free(&why);
    return bad;
}

static char *words(size_t n, const char *sep)
{
    static const char *const w[] = {"information", "security", "the", "States", "cooperation", "of",
                                    "international", "norms", "and", "rules", "to", "responsible"};
    size_t cap = n * 16 + 16, len = 0;
    char *s = malloc(cap);
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(s + len, cap - len, "%s%s", i ? sep : "", w[(i * 7 + i / 3) % 12]);
    return s;
}

static const void *find_bytes(const void *h, size_t n, const void *needle, size_t k)
{
    const char *p = h;
    for (size_t i = 0; i + k <= n; i++)
        if (!memcmp(p + i, needle, k))
            return p + i;
    return NULL;
}

/* ---- fonts ---------------------------------------------------------------- */

static void test_font_widths_match_libharu(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_style st;
    rl_style_defaults(&st);
    rl_fonts *f = rl_fonts_open(a, NULL, &st);
    assert_non_null(f);
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_Font hf = rl_fonts_pdf_font(f, pdf, RL_FACE_BOLD, NULL);
    assert_non_null(hf);
    const char *t = "Rosé’Р “quoted” Łódź AV";
    HPDF_TextWidth tw = HPDF_Font_TextWidth(hf, (const HPDF_BYTE *)t, (HPDF_UINT)strlen(t));
    double mine = rl_fonts_width(f, RL_FACE_BOLD, rl_str_z(t), 1000);
    assert_int_equal((long)tw.width, (long)(mine + 0.5));
    HPDF_Free(pdf);
    rl_fonts_pdf_reset(f);
    rl_arena_free(a);
}

static void test_missing_font_names_package(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_style st;
    rl_style_defaults(&st);
    st.font_family = RL_STR("Liberation Nonesuch");
    assert_null(rl_fonts_open(a, d, &st));
    assert_true(rl_diag_errors(d) >= 1);
    assert_non_null(strstr(rl_diag_message(d, 0), "Liberation Nonesuch"));
    assert_non_null(strstr(rl_diag_message(d, 0), "fonts-liberation2"));
    rl_diag_free(d);
    rl_arena_free(a);
}

static void test_sanitize_non_bmp(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_str s = rl_fonts_sanitize(a, RL_STR("a\xF0\x9F\x98\x80z\xC3("));
    assert_int_equal(s.n, 1 + 3 + 1 + 3 + 1);
    assert_memory_equal(s.p, "a\xEF\xBF\xBDz\xEF\xBF\xBD(", s.n);
    rl_str same = RL_STR("plain é");
    assert_ptr_equal(rl_fonts_sanitize(a, same).p, same.p);
    rl_arena_free(a);
}

/* ---- layout ------------------------------------------------------------- */

static void test_markup_in_trace(void **state)
{
    (void)state;
    fx f;
    fx_init(&f, "The quick brown fox jumps over the dog.\n", "The slow brown fox jumps over the lazy dog.\n");
    add_notes(&f, 0, 1, "A *short* note with a [link](https://example.org/é).");
    rl_layout *L = fx_layout(&f);
    rl_buf t = RL_BUF_INIT;
    rl_layout_trace(L, &t);
    assert_non_null(strstr(t.p, "[-quick-] {+slow+}"));
    assert_non_null(strstr(t.p, "{+lazy+}"));
    assert_non_null(strstr(t.p, "^1"));
    assert_non_null(strstr(t.p, "notebox 1 "));
    assert_non_null(strstr(t.p, "uri https://example.org/%C3%A9"));
    assert_non_null(strstr(t.p, "rule strike"));
    assert_non_null(strstr(t.p, "rule under"));
    assert_non_null(strstr(t.p, "rule bar"));
    assert_int_equal(expect_clean(L), 0);
    rl_buf_free(&t);
    fx_free(&f);
}

static void test_many_notes_one_page(void **state)
{
    (void)state;
    char *p = words(120, " ");
    char *doc = malloc(strlen(p) + 8);
    sprintf(doc, "%s.\n", p);
    fx f;
    fx_init(&f, doc, doc);
    add_notes(&f, 0, 60, "A note long enough to need two or three lines in the narrow note column.");
    rl_layout *L = fx_layout(&f);
    /* 60 notes need more than two pages of note column: the body breaks
     * its pages earlier, so that every note still starts on its marker's
     * page or the next (the strict check). */
    assert_int_equal(expect_clean(L), 0);
    size_t body_pages = 0;
    for (size_t i = 0; i < L->npages; i++)
        body_pages += L->pages[i].body_lines > 0;
    assert_true(body_pages >= 2);
    /* Every note placed; some carried with a continuation mark. */
    bool seen[61] = {0};
    size_t conts = 0;
    for (size_t i = 0; i < L->npages; i++)
        for (size_t k = 0; k < L->pages[i].nnotes; k++) {
            seen[L->pages[i].notes[k].number] = true;
            conts += L->pages[i].notes[k].cont;
        }
    for (int i = 1; i <= 60; i++)
        assert_true(seen[i]);
    assert_true(L->npages >= 3);
    rl_buf t = RL_BUF_INIT;
    rl_layout_trace(L, &t);
    if (conts)
        assert_non_null(strstr(t.p, "(cont.)"));
    rl_buf_free(&t);
    free(p);
    free(doc);
    fx_free(&f);
}

static void test_notes_fit_two_pages(void **state)
{
    (void)state;
    char *p = words(120, " ");
    char *doc = malloc(strlen(p) + 8);
    sprintf(doc, "%s.\n", p);
    fx f;
    fx_init(&f, doc, doc);
    add_notes(&f, 0, 30, "A note long enough to need two or three lines in the narrow note column.");
    rl_layout *L = fx_layout(&f);
    assert_int_equal(expect_clean(L), 0);
    free(p);
    free(doc);
    fx_free(&f);
}

static void test_ten_thousand_word_paragraph(void **state)
{
    (void)state;
    char *p = words(10000, " ");
    char *doc = malloc(strlen(p) + 8);
    sprintf(doc, "%s.\n", p);
    fx f;
    fx_init(&f, "Short.\n", doc);
    rl_layout *L = fx_layout(&f);
    assert_int_equal(expect_clean(L), 0);
    assert_int_equal(L->overfull, 0);
    assert_true(L->npages > 10);
    /* Line numbers restart on each page. */
    assert_int_equal(L->pages[2].lines[0].number, 1);
    free(p);
    free(doc);
    fx_free(&f);
}

static void test_long_words(void **state)
{
    (void)state;
    fx f;
    fx_init(&f, "Words.\n",
            "Some incomprehensibilities and internationalization-related counterrevolutionaries with "
            "a pneumonoultramicroscopicsilicovolcanoconiosis diagnosis.\n\n"
            "A https://example.org/an/extremely/long/path/that/cannot/be/broken/anywhere/at/all/really/no token.\n");
    rl_layout *L = fx_layout(&f);
    rl_buf why = RL_BUF_INIT;
    size_t bad = rl_layout_check(L, 0.5, &why);
    /* Only the unbreakable token may stick out, and it is reported. */
    assert_true(bad <= 1);
    assert_int_equal(L->overfull, bad);
    if (bad) {
        bool found = false;
        for (size_t i = 0; i < rl_diag_count(f.d); i++)
            found |= strstr(rl_diag_message(f.d, i), "overfull by") != NULL;
        assert_true(found);
    }
    rl_buf_free(&why);
    fx_free(&f);
}

static void test_headings_kept_and_no_widows(void **state)
{
    (void)state;
    rl_buf src = RL_BUF_INIT;
    for (int i = 0; i < 40; i++) {
        char *p = words(30 + (size_t)(i * 13) % 70, " ");
        rl_buf_printf(&src, "## Heading number %d\n\n%s.\n\n", i, p);
        free(p);
    }
    fx f;
    fx_init(&f, "Old.\n", src.p);
    rl_layout *L = fx_layout(&f);
    assert_int_equal(expect_clean(L), 0);
    for (size_t i = 1; i < L->npages; i++) {
        const rl_page *p = &L->pages[i];
        const rl_line *last = NULL;
        for (size_t k = 0; k < p->nlines; k++)
            if (p->lines[k].kind == RL_LN_BODY)
                last = &p->lines[k];
        /* A page never ends with a heading line. */
        assert_non_null(last);
        const rl_glyphs *g = &p->glyphs[last->glyph0];
        assert_true(g->face != RL_FACE_BOLD || g->size <= f.st.font_size);
    }
    rl_buf_free(&src);
    fx_free(&f);
}

/* The streams of a PDF inflated and concatenated into out; returns the
 * number of streams, or -1 if one is not deflated or does not inflate. */
static long inflate_streams(const char *p, size_t n, rl_buf *out)
{
    long count = 0;
    const char *q = p, *end = p + n;
    while ((q = find_bytes(q, (size_t)(end - q), ">>\nstream\r\n", 11)) != NULL) {
        const char *dict = q;
        while (dict > p && memcmp(dict, " obj", 4))
            dict--;
        if (!find_bytes(dict, (size_t)(q - dict), "/FlateDecode", 12))
            return -1;
        const char *ds = q + 11;
        const char *es = find_bytes(ds, (size_t)(end - ds), "\nendstream", 10);
        if (!es)
            return -1;
        z_stream zs;
        memset(&zs, 0, sizeof zs);
        if (inflateInit(&zs) != Z_OK)
            return -1;
        zs.next_in = (Bytef *)(uintptr_t)ds;
        zs.avail_in = (uInt)(es - ds);
        int rc;
        do {
            char chunk[16384];
            zs.next_out = (Bytef *)chunk;
            zs.avail_out = sizeof chunk;
            rc = inflate(&zs, Z_NO_FLUSH);
            rl_buf_put(out, chunk, sizeof chunk - zs.avail_out);
        } while (rc == Z_OK);
        inflateEnd(&zs);
        if (rc != Z_STREAM_END)
            return -1;
        count++;
        q = es;
    }
    return count;
}

static void test_pdf_bytes(void **state)
{
    (void)state;
    fx f;
    fx_init(&f, "(a) Old text here.\n\n(b) Second item.\n", "(1) Old text there.\n\n(2) Second item.\n");
    rl_buf a = RL_BUF_INIT, b = RL_BUF_INIT;
    assert_int_equal(rl_emit_pdf(&f.c, &a), 0);
    assert_int_equal(rl_emit_pdf(&f.c, &b), 0);
    assert_true(a.n > 1000);
    assert_int_equal(a.n, b.n);
    assert_memory_equal(a.p, b.p, a.n);
    assert_memory_equal(a.p, "%PDF-", 5);
    /* Every stream is deflated; the ToUnicode CMaps are valid (bfrange). */
    rl_buf z = RL_BUF_INIT;
    assert_true(inflate_streams(a.p, a.n, &z) > 4);
    assert_non_null(find_bytes(z.p, z.n, "beginbfrange", 12));
    assert_null(find_bytes(z.p, z.n, "begincidrange", 13));
    /* The page content: text shown with 2-byte codes, e.g. "Old", a line's
     * words in one TJ array. */
    assert_non_null(find_bytes(z.p, z.n, "(\0O\0l\0d)", 8));
    assert_non_null(find_bytes(z.p, z.n, "] TJ\n", 5));
    assert_null(find_bytes(z.p, z.n, " Tj\n", 4));
    assert_non_null(find_bytes(a.p, a.n, "D:20260102", 10));
    rl_buf_free(&z);
    rl_buf_free(&a);
    rl_buf_free(&b);
    fx_free(&f);
}

/* Back-links: a note's number links to its marker's page. */
static void test_note_links_back(void **state)
{
    (void)state;
    fx f;
    fx_init(&f, "The quick brown fox jumps over the dog.\n", "The slow brown fox jumps over the lazy dog.\n");
    add_notes(&f, 0, 2, "A note.");
    rl_layout *L = fx_layout(&f);
    size_t to_notes = 0, to_markers = 0;
    for (size_t i = 0; i < L->npages; i++) {
        const rl_page *p = &L->pages[i];
        for (size_t k = 0; k < p->nlinks; k++) {
            const rl_link *l = &p->links[k];
            if (l->uri.n)
                continue;
            bool in_notes = l->x0 >= p->note_x && l->x0 < p->note_x + p->note_w;
            to_markers += in_notes;
            to_notes += !in_notes;
            assert_true(l->dest_page < L->npages);
        }
    }
    assert_int_equal(to_notes, 2);
    assert_int_equal(to_markers, 2);
    fx_free(&f);
}

/* The hyphenation language follows the publication's `lang` when the
 * style does not name one (here: a language without patterns, which would
 * be reported if it were used). */
static void test_lang_from_publication(void **state)
{
    (void)state;
    for (int named = 0; named < 2; named++) {
        fx f;
        fx_init(&f, "Old.\n", "New.\n");
        rl_pub pub;
        memset(&pub, 0, sizeof pub);
        pub.lang = RL_STR("en-US");
        f.c.pub = &pub;
        f.st.hyphenate = true;
        f.st.lang = RL_STR("xx_XX");
        if (named)
            f.st.lang_at = (rl_span){rl_source_from_mem(f.a, "style.yaml", "xx_XX\n", 6), 0, 5};
        (void)fx_layout(&f);
        if (named)
            assert_true(rl_diag_errors(f.d) >= 1);
        else
            assert_int_equal(rl_diag_errors(f.d), 0);
        fx_free(&f);
    }
}

/* ---- one document ------------------------------------------------------------ */

/* Two comparisons in one document: the document's headings nest under
 * each section's, notes run on, a move's cross-reference names a line of
 * its own section. */
static void test_sections_nest(void **state)
{
    (void)state;
    fx f, g;
    fx_init(&f, "# Rules\n\nFirst paragraph here.\n\nSecond paragraph here.\n",
            "# Rules\n\nSecond paragraph here.\n\nFirst paragraph there.\n");
    add_notes(&f, 0, 1, "Note of the first section.");
    g.a = f.a;
    rl_version v[3] = {{.id = RL_STR("a")}, {.id = RL_STR("b"), .label = RL_STR("Draft B")}, {.id = RL_STR("c")}};
    rl_doc *o = test_doc(f.a, "b.md", "# Rules\n\nSecond paragraph here.\n\nFirst paragraph there.\n");
    rl_doc *n = test_doc(f.a, "c.md", "# Rules\n\nSecond paragraph here, changed.\n\nFirst paragraph there.\n");
    rl_diff_opts opts = {0};
    g.c = f.c;
    g.c.r = rl_diff(f.a, o, n, &opts);
    add_notes(&g, 1, 2, "Note of the second section.");
    rl_emit_part parts[2] = {{f.c.r, &v[0], &v[1]}, {g.c.r, &v[1], &v[2]}};
    f.c.parts = parts;
    f.c.nparts = 2;
    f.c.vold = &v[0], f.c.vnew = &v[1];
    rl_layout *L = fx_layout(&f);
    dump_trace(L, "sections");
    assert_int_equal(expect_clean(L), 0);
    assert_int_equal(L->noutline, 4);
    assert_int_equal(L->outline[0].level, 1);
    assert_string_equal(L->outline[0].title.p, "a \xE2\x86\x92 Draft B");
    assert_int_equal(L->outline[1].level, 2);
    assert_int_equal(L->outline[2].level, 1);
    assert_string_equal(L->outline[2].title.p, "Draft B \xE2\x86\x92 c");
    assert_int_equal(L->outline[3].level, 2);
    assert_true(L->outline[2].page > L->outline[0].page);
    rl_buf t = RL_BUF_INIT;
    rl_layout_trace(L, &t);
    /* Notes 1 (first section), 2 and 3 (second). */
    size_t count;
    assert_non_null(last_of(t.p, ": a \xE2\x86\x92 Draft B\n", &count));
    assert_int_equal(count, 3); /* in the list of sections, the summary, the section's heading */
    const char *sec2 = last_of(t.p, ": Draft B \xE2\x86\x92 c\n", &count);
    assert_int_equal(count, 3);
    assert_non_null(strstr(t.p, "^1"));
    assert_null(strstr(sec2, "^1"));
    assert_non_null(strstr(sec2, "^2"));
    assert_non_null(strstr(sec2, "^3"));
    assert_non_null(strstr(sec2, "notebox 3 "));
    assert_non_null(strstr(t.p, "2 notes (notes 2\xE2\x80\x93" "3)."));
    /* The move is within the first section: its references name page 2. */
    assert_non_null(strstr(t.p, "[moved from p.\xC2\xA0" "2, l.\xC2\xA0"));
    assert_null(strstr(sec2, "[moved"));
    rl_buf_free(&t);
    fx_free(&f);
}

/* ---- the GPL as one document --------------------------------------------- */

static void test_gpl_one_document(void **state)
{
    (void)state;
    const char *path = "sources/gpl/publication.yaml";
    FILE *fp = fopen(path, "r");
    if (!fp)
        skip();
    fclose(fp);
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_pub *pub = rl_pub_load(a, d, path);
    assert_non_null(pub);
    assert_int_equal(rl_pub_load_versions(a, d, pub), 0);
    rl_style *st = rl_style_load(a, d, pub->style_path);
    assert_non_null(st);
    assert_true(pub->ncompares >= 2);
    rl_annots *notes = rl_annot_load(a, d, pub);
    rl_emit_part *parts = rl_arena_array(a, pub->ncompares, sizeof *parts);
    size_t total = 0;
    for (size_t k = 0; k < pub->ncompares; k++) {
        rl_version *vo = &pub->versions[pub->compares[k].from], *vn = &pub->versions[pub->compares[k].to];
        rl_diff_opts opts = {0};
        rl_redline *r = rl_diff(a, vo->doc, vn->doc, &opts);
        if (notes)
            rl_annot_attach(a, d, r, notes, vo, vn, RL_ANCHOR_THRESHOLD);
        parts[k] = (rl_emit_part){r, vo, vn};
        total += r->nnotes;
    }
    assert_true(parts[0].r->nnotes > 0 && parts[1].r->nnotes > 0);
    rl_emit_ctx c = {.a = a, .d = d, .pub = pub, .style = st, .r = parts[0].r, .vold = parts[0].vold,
                     .vnew = parts[0].vnew, .edition_id = RL_STR("abc"), .edition_number = 1,
                     .date = RL_STR("2026-01-01"), .epoch = 1767225600, .basename = "gpl",
                     .parts = parts, .nparts = pub->ncompares};
    rl_fonts *f = rl_fonts_open(a, d, st);
    rl_layout *L = rl_layout_build(&c, f);
    dump_trace(L, "gpl-one");
    assert_int_equal(expect_clean(L), 0);
    assert_int_equal(L->overfull, 0);
    /* One section per comparison, each an outline entry of level 1 on a
     * page of its own, the document's headings nested below. */
    size_t sections = 0, nested = 0, last_page = 0;
    for (size_t i = 0; i < L->noutline; i++) {
        if (L->outline[i].level == 1) {
            assert_non_null(find_bytes(L->outline[i].title.p, L->outline[i].title.n, "\xE2\x86\x92", 3));
            assert_true(L->outline[i].page > last_page);
            last_page = L->outline[i].page;
            sections++;
        } else {
            assert_true(sections > 0);
            nested++;
        }
    }
    assert_int_equal(sections, pub->ncompares);
    (void)nested; /* the GPL's texts have no headings: see test_sections_nest */
    rl_buf t = RL_BUF_INIT;
    rl_layout_trace(L, &t);
    size_t count;
    assert_non_null(last_of(t.p, ": GPL version 1 (1989) \xE2\x86\x92 GPL version 2 (1991)\n", &count));
    assert_int_equal(count, 3); /* in the list of sections, the summary, the section's heading */
    const char *sec2 = last_of(t.p, ": GPL version 2 (1991) \xE2\x86\x92 GPL version 3 (2007)\n", &count);
    assert_int_equal(count, 3);
    assert_non_null(strstr(t.p, "Section 2: GPL version 2 (1991)"));
    /* Notes are numbered on through the document: every number 1..total
     * has one first box, after the markers of the sections before. */
    unsigned *first = calloc(total + 2, sizeof *first);
    for (size_t i = 0; i < L->npages; i++)
        for (size_t k = 0; k < L->pages[i].nnotes; k++) {
            const rl_notebox *nb = &L->pages[i].notes[k];
            assert_true(nb->number >= 1 && nb->number <= total);
            if (!nb->cont)
                first[nb->number]++;
        }
    for (size_t n = 1; n <= total; n++)
        assert_int_equal(first[n], 1);
    char needle[32];
    snprintf(needle, sizeof needle, "^%zu", parts[0].r->nnotes + 1);
    assert_non_null(strstr(sec2, needle));
    free(first);
    rl_buf_free(&t);
    rl_diag_free(d);
    rl_arena_free(a);
}

/* ---- the ICoC ----------------------------------------------------------- */

static void test_icoc(void **state)
{
    (void)state;
    const char *path = "sources/icoc/publication.yaml";
    FILE *fp = fopen(path, "r");
    if (!fp)
        skip();
    fclose(fp);
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_pub *pub = rl_pub_load(a, d, path);
    assert_non_null(pub);
    assert_int_equal(rl_pub_load_versions(a, d, pub), 0);
    rl_style *st = rl_style_load(a, d, pub->style_path);
    assert_non_null(st);
    rl_version *vo = &pub->versions[pub->compares[0].from], *vn = &pub->versions[pub->compares[0].to];
    rl_diff_opts opts = {0};
    rl_redline *r = rl_diff(a, vo->doc, vn->doc, &opts);
    rl_annots *notes = rl_annot_load(a, d, pub);
    if (notes)
        rl_annot_attach(a, d, r, notes, vo, vn, RL_ANCHOR_THRESHOLD);
    rl_emit_ctx c = {.a = a, .d = d, .pub = pub, .style = st, .r = r, .vold = vo, .vnew = vn,
                     .edition_id = RL_STR("abc"), .edition_number = 1, .date = RL_STR("2026-01-01"),
                     .epoch = 1767225600, .basename = "icoc"};
    rl_fonts *f = rl_fonts_open(a, d, st);
    rl_layout *L = rl_layout_build(&c, f);
    assert_int_equal(expect_clean(L), 0);
    assert_int_equal(L->overfull, 0);
    assert_true(L->noutline > 0);
    /* Every note is set. */
    size_t boxes = 0;
    for (size_t i = 0; i < L->npages; i++)
        for (size_t k = 0; k < L->pages[i].nnotes; k++)
            boxes += !L->pages[i].notes[k].cont;
    assert_int_equal(boxes, r->nnotes);
    rl_diag_free(d);
    rl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_font_widths_match_libharu),
        cmocka_unit_test(test_missing_font_names_package),
        cmocka_unit_test(test_sanitize_non_bmp),
        cmocka_unit_test(test_markup_in_trace),
        cmocka_unit_test(test_many_notes_one_page),
        cmocka_unit_test(test_notes_fit_two_pages),
        cmocka_unit_test(test_ten_thousand_word_paragraph),
        cmocka_unit_test(test_long_words),
        cmocka_unit_test(test_headings_kept_and_no_widows),
        cmocka_unit_test(test_pdf_bytes),
        cmocka_unit_test(test_note_links_back),
        cmocka_unit_test(test_lang_from_publication),
        cmocka_unit_test(test_sections_nest),
        cmocka_unit_test(test_gpl_one_document),
        cmocka_unit_test(test_icoc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
