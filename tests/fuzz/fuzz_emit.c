/* fuzz_emit.c - fuzz the emitters: text, CriticMarkup, JSON, HTML, LaTeX,
 * trace and PDF (emit_*.c, and through trace and PDF the typesetting:
 * style defaults, fonts, hyphenation, line breaking, layout, notes).
 *
 * Input: one option byte, then old version, NUL, new version, NUL,
 * annotation file, NUL, publication fields (lines: title, subtitle,
 * author, notice in Markdown).  Option bits: the low 3 pick the format
 * (0 text, 1 critic, 2 json, 3 html, 4 latex, 5 trace, 6 pdf, 7 coloured
 * text); 8 gives the emitters a publication (title page, metadata); 16 no
 * moves.  Oracle: no crash or sanitizer report; every textual output is
 * valid UTF-8, JSON output is well-formed JSON, and a PDF is
 * well formed (fz_pdf_problem: header, xref, objects, stream lengths).
 */
#include "emit.h"
#include "fuzz.h"
#include "pub.h"
#include "style.h"

/* ---- a small JSON well-formedness check (RFC 8259 grammar) ---- */

static void ws(const char **p, const char *e)
{
    while (*p < e && (**p == ' ' || **p == '\n' || **p == '\t' || **p == '\r'))
        ++*p;
}

static bool jvalue(const char **p, const char *e, int depth);

static bool jstring(const char **p, const char *e)
{
    if (*p >= e || **p != '"')
        return false;
    for (++*p; *p < e; ++*p) {
        unsigned char c = (unsigned char)**p;
        if (c == '"') {
            ++*p;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c == '\\') {
            ++*p;
            if (*p >= e || !strchr("\"\\/bfnrtu", **p))
                return false;
            if (**p == 'u') {
                for (int i = 0; i < 4; i++) {
                    ++*p;
                    if (*p >= e || !strchr("0123456789abcdefABCDEF", **p))
                        return false;
                }
            }
        }
    }
    return false;
}

static bool jvalue(const char **p, const char *e, int depth)
{
    if (depth > 200)
        return false;
    ws(p, e);
    if (*p >= e)
        return false;
    char c = **p;
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        ++*p;
        ws(p, e);
        if (*p < e && **p == close) {
            ++*p;
            return true;
        }
        for (;;) {
            if (c == '{') {
                ws(p, e);
                if (!jstring(p, e))
                    return false;
                ws(p, e);
                if (*p >= e || **p != ':')
                    return false;
                ++*p;
            }
            if (!jvalue(p, e, depth + 1))
                return false;
            ws(p, e);
            if (*p >= e)
                return false;
            if (**p == close) {
                ++*p;
                return true;
            }
            if (**p != ',')
                return false;
            ++*p;
        }
    }
    if (c == '"')
        return jstring(p, e);
    static const char *const lits[] = {"true", "false", "null"};
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(lits[i]);
        if ((size_t)(e - *p) >= n && !memcmp(*p, lits[i], n)) {
            *p += n;
            return true;
        }
    }
    const char *s = *p;
    if (*p < e && **p == '-')
        ++*p;
    while (*p < e && strchr("0123456789.eE+-", **p))
        ++*p;
    return *p > s && !(*p == s + 1 && *s == '-');
}

static bool json_ok(rl_str s)
{
    const char *p = s.p, *e = s.p + s.n;
    if (!jvalue(&p, e, 0))
        return false;
    ws(&p, e);
    return p == e;
}

/* ---- the harness ---- */

static rl_str line_of(fz_part part, size_t k)
{
    const char *p = part.p, *e = part.p + part.n;
    for (; k > 0 && p < e; k--) {
        const char *nl = memchr(p, '\n', (size_t)(e - p));
        p = nl ? nl + 1 : e;
    }
    const char *nl = memchr(p, '\n', (size_t)(e - p));
    return (rl_str){p, (size_t)((nl ? nl : e) - p)};
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > FZ_MAX_INPUT)
        return 0;
    unsigned o = data[0];
    fz_part part[4] = {{"", 0}, {"", 0}, {"", 0}, {"", 0}};
    (void)fz_split(data + 1, size - 1, part, 4);
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_doc *old = fz_doc(a, d, "old.md", part[0]);
    rl_doc *new = fz_doc(a, d, "new.md", part[1]);
    rl_annots *notes = NULL;
    if (part[2].n)
        notes = rl_annot_load_source(a, d, NULL, rl_source_from_mem(a, "notes.yaml", part[2].p, part[2].n));
    rl_source *meta = rl_source_from_mem(a, "publication.yaml", part[3].p, part[3].n);
    if (old && new && rl_utf8_check(meta->text, meta->len) < 0 && !memchr(meta->text, 0, meta->len)) {
        rl_version v[2];
        memset(v, 0, sizeof v);
        v[0].id = v[0].label = RL_STR("1");
        v[0].date = RL_STR("2011-09-12");
        v[0].file = RL_STR("old.md");
        v[0].path = "old.md";
        v[0].doc = old;
        v[1].id = RL_STR("2");
        v[1].label = RL_STR("Second <draft> & \\textbf{x} %");
        v[1].file = RL_STR("new.md");
        v[1].path = "new.md";
        v[1].doc = new;
        rl_pub *pub = rl_arena_alloc(a, sizeof *pub);
        rl_str author = line_of(part[3], 2);
        pub->src = meta;
        pub->path = "publication.yaml";
        pub->dir = pub->root = ".";
        pub->name = RL_STR("fz");
        pub->title = line_of(part[3], 0);
        pub->subtitle = line_of(part[3], 1);
        pub->authors = rl_arena_alloc(a, sizeof *pub->authors);
        pub->authors[0] = author;
        pub->nauthors = author.n ? 1 : 0;
        pub->notice = line_of(part[3], 3);
        pub->versions = v;
        pub->nversions = 2;
        pub->outputs = RL_OUT_ALL;
        rl_style *st = rl_arena_alloc(a, sizeof *st);
        rl_style_defaults(st);

        rl_diff_opts opts = {0};
        opts.no_moves = (o & 16) != 0;
        rl_redline *r = rl_diff(a, old, new, &opts);
        if (notes)
            (void)rl_annot_attach(a, d, r, notes, &v[0], &v[1], RL_ANCHOR_THRESHOLD);
        fz_check_redline(r);
        int pages = -1;
        rl_emit_ctx c = {0};
        c.a = a;
        c.d = d;
        c.pub = (o & 8) ? pub : NULL;
        c.style = st;
        c.r = r;
        c.vold = &v[0];
        c.vnew = &v[1];
        c.edition_id = RL_STR("0123abcd");
        c.edition_number = 1;
        c.date = RL_STR("2024-01-02");
        c.epoch = 1704153600;
        c.basename = "fz";
        c.pages_out = &pages;
        rl_buf out = RL_BUF_INIT, body = RL_BUF_INIT, sty = RL_BUF_INIT;
        int rc = 0;
        switch (o & 7) {
        case 0:
        case 7:
            rc = rl_emit_text(&c, &out, (o & 7) == 7);
            break;
        case 1:
            rc = rl_emit_critic(&c, &out);
            break;
        case 2:
            rc = rl_emit_json(&c, &out);
            if (rc == 0 && !json_ok(rl_buf_str(&out)))
                FZ_FAIL("rl_emit_json wrote malformed JSON");
            break;
        case 3:
            rc = rl_emit_html(&c, &out);
            break;
        case 4:
            rc = rl_emit_latex(&c, &out, &body, &sty);
            FZ_REQUIRE(rl_utf8_check(body.p ? body.p : "", body.n) < 0);
            break;
        case 5:
            rc = rl_emit_trace(&c, &out);
            break;
        default:
            rc = rl_emit_pdf(&c, &out);
            if (rc == 0) {
                const char *bad = fz_pdf_problem(out.p, out.n);
                if (bad)
                    FZ_FAIL(bad);
                FZ_REQUIRE(pages >= 1);
            }
            break;
        }
        if ((o & 7) != 6)
            FZ_REQUIRE(rl_utf8_check(out.p ? out.p : "", out.n) < 0);
        if (getenv("RL_FUZZ_VERBOSE"))
            fprintf(stderr, "fuzz_emit: format %u: rc %d, %zu bytes, %zu notes, %d pages\n", o & 7, rc, out.n,
                    r->nnotes, pages);
        rl_buf_free(&out);
        rl_buf_free(&body);
        rl_buf_free(&sty);
    }
    fz_drain(d);
    rl_diag_free(d);
    rl_arena_free(a);
    return 0;
}
