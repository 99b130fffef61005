/* test_html.c - the HTML emitter on small redlines built by hand: markup
 * for every kind of change, notes, escaping of hostile text, the CSP
 * hashes, determinism.  With RL_HTML_OUT=DIR set, the pages are also
 * written to DIR (hand.html, hostile.html) for the browser test. */
#include "harness.h"

#include "emit.h"
#include "pub.h"
#include "redline.h"
#include "sha256.h"
#include "style.h"

#include <stdio.h>
#include <stdlib.h>

/* A pair diffed by common prefix and suffix: EQUAL, DELETE, INSERT, EQUAL
 * (enough for tests; the real diff is tested elsewhere). */
static void pair_runs(rl_arena *a, rl_rblock *b)
{
    size_t no = b->old->ntoks, nn = b->new->ntoks, p = 0, s = 0;
    while (p < no && p < nn && rl_str_eq(b->old->toks[p].text, b->new->toks[p].text))
        p++;
    while (s < no - p && s < nn - p &&
           rl_str_eq(b->old->toks[no - 1 - s].text, b->new->toks[nn - 1 - s].text))
        s++;
    b->runs = rl_arena_array(a, 4, sizeof *b->runs);
    if (p)
        b->runs[b->nruns++] = (rl_run){RL_OP_EQUAL, 0, 0, (uint32_t)p};
    if (no - p - s)
        b->runs[b->nruns++] = (rl_run){RL_OP_DELETE, (uint32_t)p, (uint32_t)p, (uint32_t)(no - p - s)};
    if (nn - p - s)
        b->runs[b->nruns++] = (rl_run){RL_OP_INSERT, (uint32_t)(no - s), (uint32_t)p, (uint32_t)(nn - p - s)};
    if (s)
        b->runs[b->nruns++] = (rl_run){RL_OP_EQUAL, (uint32_t)(no - s), (uint32_t)(nn - s), (uint32_t)s};
    if (b->status != RL_ST_MOVED)
        b->status = (b->nruns == 1 && b->runs[0].op == RL_OP_EQUAL) ? RL_ST_EQUAL : RL_ST_CHANGED;
    b->label_changed = !rl_str_eq(b->old->label, b->new->label);
}

static rl_rblock one_side(rl_arena *a, const rl_doc *d, size_t i, bool old)
{
    rl_rblock b = {0};
    b.peer = -1;
    b.runs = rl_arena_array(a, 1, sizeof *b.runs);
    b.nruns = 1;
    if (old) {
        b.status = RL_ST_DELETED;
        b.old = &d->blocks[i];
        b.old_index = (int32_t)i;
        b.new_index = -1;
        b.runs[0] = (rl_run){RL_OP_DELETE, 0, 0, (uint32_t)b.old->ntoks};
    } else {
        b.status = RL_ST_INSERTED;
        b.new = &d->blocks[i];
        b.new_index = (int32_t)i;
        b.old_index = -1;
        b.runs[0] = (rl_run){RL_OP_INSERT, 0, 0, (uint32_t)b.new->ntoks};
    }
    return b;
}

static rl_rblock paired(rl_arena *a, const rl_doc *o, size_t i, const rl_doc *n, size_t j)
{
    rl_rblock b = {0};
    b.old = &o->blocks[i];
    b.new = &n->blocks[j];
    b.old_index = (int32_t)i;
    b.new_index = (int32_t)j;
    b.peer = -1;
    pair_runs(a, &b);
    return b;
}

typedef struct page {
    rl_arena *a;
    rl_pub pub;
    rl_version v[2];
    rl_redline r;
    rl_emit_ctx c;
    rl_note *notes;
    const char *old_md, *new_md;
} page;

/* old: heading, (a) changed, (b) moved, deleted;  new: heading, (1), inserted, (2) moved. */
static void build(page *pg, bool hostile)
{
    rl_arena *a = pg->a = rl_arena_new();
    const char *old_md = hostile ? "# Heading <script>window.__pwned=1</script>\n\n"
                                   "(a) States \"should\" respect <img src=x onerror=alert(1)> rights.\n\n"
                                   "(b) A paragraph that [moves](javascript:alert(1)) away.\n\n"
                                   "Deleted ' \" & < > text.\n"
                                 : "# The heading\n\n"
                                   "(a) States should respect human rights.\n\n"
                                   "(b) A paragraph that *moves* to the end.\n\n"
                                   "A deleted paragraph.\n";
    const char *new_md = hostile ? "# Heading <script>window.__pwned=1</script>\n\n"
                                   "(1) States \"must\" respect <img src=x onerror=alert(1)> rights.\n\n"
                                   "An inserted <svg onload=alert(1)> [x](https://example.org/\"onmouseover=\"alert(1)).\n\n"
                                   "(2) A paragraph that [moves](javascript:alert(1)) away.\n"
                                 : "# The heading\n\n"
                                   "(1) States must respect human rights and freedoms.\n\n"
                                   "An [inserted](https://example.org/a?b=1&c=2) paragraph.\n\n"
                                   "(2) A paragraph that *moves* to the end.\n";
    pg->old_md = old_md;
    pg->new_md = new_md;
    rl_doc *o = test_doc(a, "old.md", old_md);
    rl_doc *n = test_doc(a, "new.md", new_md);
    assert_int_equal(o->nblocks, 4);
    assert_int_equal(n->nblocks, 4);
    rl_redline *r = &pg->r;
    r->old = o;
    r->new = n;
    r->nblocks = 6;
    r->blocks = rl_arena_array(a, 6, sizeof *r->blocks);
    r->blocks[0] = paired(a, o, 0, n, 0);
    r->blocks[1] = paired(a, o, 1, n, 1);
    /* 2: ghost of the moved block 5 */
    r->blocks[2] = (rl_rblock){.status = RL_ST_MOVED, .ghost = true, .old_index = -1, .new_index = -1, .peer = 5};
    r->blocks[3] = one_side(a, o, 3, true);
    r->blocks[4] = one_side(a, n, 2, false);
    r->blocks[5] = paired(a, o, 2, n, 3);
    r->blocks[5].status = RL_ST_MOVED;
    r->blocks[5].peer = 2;

    /* Two notes on block 1: one over its first three tokens, one at the end. */
    pg->notes = r->notes = rl_arena_array(a, 2, sizeof *r->notes);
    r->nnotes = 2;
    rl_note *n1 = &r->notes[0], *n2 = &r->notes[1];
    n1->id = hostile ? RL_STR("x\"><script>window.__pwned=1</script>") : RL_STR("first-note");
    n1->number = 1;
    n1->first = (rl_rpos){1, 0, 0};
    n1->last = (rl_rpos){1, 2, 0};
    n1->body_md = hostile ? RL_STR("Body <script>window.__pwned=1</script> and <b onclick=\"x()\">b</b>\n\n"
                                   "[js](javascript:alert(1)) [rel](other.html) [ok](https://example.org/?a=1&b=\"2\")\n\n"
                                   "<div onmouseover=\"alert(1)\">raw block</div>\n")
                          : RL_STR("The 2015 text imports **article 19(3)** of the "
                                   "[ICCPR](https://www.ohchr.org/).\n\n- one\n- two\n");
    n1->author = hostile ? RL_STR("<i>Mallory</i>") : RL_STR("A. Author");
    n1->date = RL_STR("2026-01-02");
    n1->tags = rl_arena_array(a, 2, sizeof *n1->tags);
    n1->ntags = 2;
    n1->tags[0] = hostile ? RL_STR("\"><script>window.__pwned=1</script>") : RL_STR("rights");
    n1->tags[1] = RL_STR("analysis");
    n2->id = hostile ? RL_STR("x\"><script>window.__pwned=1</script>") : RL_STR("second");
    n2->number = 2;
    n2->first = n2->last = (rl_rpos){1, (uint32_t)r->blocks[1].nruns - 1,
                                     r->blocks[1].runs[r->blocks[1].nruns - 1].n - 1};
    n2->body_md = RL_STR("Second note, no tags.");
    r->blocks[1].marks = rl_arena_array(a, 2, sizeof *r->blocks[1].marks);
    r->blocks[1].marks[0] = n1;
    r->blocks[1].marks[1] = n2;
    r->blocks[1].nmarks = 2;
    r->stats = (rl_stats){.words_old = 20, .words_new = 24, .words_inserted = 5, .words_deleted = 4,
                          .words_moved = 6, .blocks_changed = 1, .blocks_inserted = 1,
                          .blocks_deleted = 1, .blocks_moved = 1, .labels_changed = 2, .hunks = 4};

    rl_pub *p = &pg->pub;
    p->title = hostile ? RL_STR("<script>window.__pwned=1</script> Title & \"quotes\"") : RL_STR("A small code");
    p->subtitle = hostile ? RL_STR("</title><script>window.__pwned=1</script>") : RL_STR("What changed");
    p->lang = hostile ? RL_STR("en\" onload=\"alert(1)") : RL_STR("en");
    p->notice = hostile ? RL_STR("Notice <script>window.__pwned=1</script> [x](javascript:alert(1))")
                        : RL_STR("Reconstructed text: *check it* against the [originals](https://undocs.org/).");
    p->authors = rl_arena_array(a, 2, sizeof *p->authors);
    p->nauthors = 2;
    p->authors[0] = RL_STR("A. Author");
    p->authors[1] = hostile ? RL_STR("<img src=x onerror=alert(1)>") : RL_STR("B. Author");
    pg->v[0] = (rl_version){.id = RL_STR("2011"), .label = hostile ? RL_STR("<b>old</b>\"'") : RL_STR("A/66/359 (2011)"),
                            .date = RL_STR("2011-09-12")};
    pg->v[1] = (rl_version){.id = RL_STR("2015"), .label = hostile ? RL_STR("<script>window.__pwned=1</script>") : RL_STR("A/69/723 (2015)"),
                            .date = RL_STR("2015-01-09")};
    pg->c = (rl_emit_ctx){.a = a, .pub = p, .r = r, .vold = &pg->v[0], .vnew = &pg->v[1],
                          .edition_id = RL_STR("e3b0c442"), .edition_number = 1,
                          .date = RL_STR("2026-11-26"), .basename = "small"};
}

static void emit(page *pg, rl_buf *out, const char *name)
{
    assert_int_equal(rl_emit_html(&pg->c, out), 0);
    const char *dir = getenv("RL_HTML_OUT");
    if (dir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        assert_int_equal(rl_buf_save(out, path, NULL), 0);
        /* the versions, so the browser test can compare each view's words */
        for (int i = 0; i < 2; i++) {
            const char *md = i ? pg->new_md : pg->old_md;
            rl_buf b = RL_BUF_INIT;
            rl_buf_puts(&b, md);
            snprintf(path, sizeof path, "%s/%.*s-%s.md", dir, (int)(strlen(name) - 5), name, i ? "new" : "old");
            assert_int_equal(rl_buf_save(&b, path, NULL), 0);
            rl_buf_free(&b);
        }
    }
}

static size_t count(const char *hay, const char *needle)
{
    size_t k = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        k++;
    return k;
}

/* Every <b> element of the page must be one of the summary's counts,
 * <b>N</b>: no user text becomes a <b> tag.  Returns how many it saw, so
 * that the caller can check that the scan found the counts at all. */
static size_t b_elements_are_counts(const char *html)
{
    size_t n = 0;
    for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
        /* <body>, <br>, <button>, <blockquote> ... are other elements */
        if ((p[1] != 'b' && p[1] != 'B') || (p[2] >= 'a' && p[2] <= 'z') || (p[2] >= 'A' && p[2] <= 'Z'))
            continue;
        const char *q = p + 3;
        while (p[2] == '>' && *q >= '0' && *q <= '9')
            q++;
        if (p[2] != '>' || q == p + 3 || strncmp(q, "</b>", 4) != 0)
            fail_msg("a <b> element that is not a count: %.60s", p);
        n++;
    }
    return n;
}

/* The sha256 source expression for the text between open and close. */
static void expect_hash(const char *html, const char *open, const char *close, const char *directive)
{
    const char *s = strstr(html, open);
    assert_non_null(s);
    s += strlen(open);
    const char *e = strstr(s, close);
    assert_non_null(e);
    uint8_t d[RL_SHA256_LEN];
    char b64[45], want[128];
    rl_sha256(s, (size_t)(e - s), d);
    rl_sha256_base64(d, b64);
    snprintf(want, sizeof want, "%s 'sha256-%s'", directive, b64);
    assert_non_null(strstr(html, want));
}

/* No tag in the page may carry an on* attribute or a style attribute. */
static void expect_no_handlers(const char *html)
{
    const char *p = html;
    while ((p = strchr(p, '<'))) {
        const char *e = strchr(p, '>');
        assert_non_null(e);
        if (strncmp(p, "<style>", 7) == 0 || strncmp(p, "<script>", 8) == 0) {
            /* skip the element's text */
            const char *end = strstr(p, p[1] == 's' && p[2] == 't' ? "</style>" : "</script>");
            assert_non_null(end);
            p = end + 1;
            continue;
        }
        for (const char *q = p; q < e; q++) {
            if (q[0] == ' ' && (q[1] == 'o' || q[1] == 'O') && (q[2] == 'n' || q[2] == 'N')) {
                const char *w = q + 3;
                while (w < e && ((*w >= 'a' && *w <= 'z') || (*w >= 'A' && *w <= 'Z')))
                    w++;
                if (w < e && *w == '=')
                    fail_msg("event handler attribute in %.*s", (int)(e - p + 1), p);
            }
            if (strncmp(q, " style=", 7) == 0)
                fail_msg("style attribute in %.*s", (int)(e - p + 1), p);
        }
        p = e;
    }
}

static void test_markup(void **state)
{
    (void)state;
    page pg = {0};
    build(&pg, false);
    rl_buf out = RL_BUF_INIT;
    emit(&pg, &out, "hand.html");
    const char *h = out.p;
    assert_non_null(strstr(h, "<!DOCTYPE html>\n<html lang=\"en\">"));
    assert_non_null(strstr(h, "<h1>A small code</h1>"));
    assert_non_null(strstr(h, "<h2>The heading</h2>"));
    /* label change, word changes, whole-block changes, the move */
    assert_non_null(strstr(h, "<del><span class=\"vh chg\">[label deleted: </span>(a)"));
    assert_non_null(strstr(h, "<ins><span class=\"vh chg\">[label inserted: </span>(1)"));
    /* the space before a change stands outside it */
    assert_non_null(strstr(h, "States</span> <del><span class=\"vh chg\">[deleted: </span><span class=\"anc\" data-n=\"1\">should"));
    assert_non_null(strstr(h, "<ins class=\"rep\"><span class=\"vh chg\">[inserted: </span><span class=\"anc\" data-n=\"1\">must</span><button"));
    assert_non_null(strstr(h, "class=\"row blk bdel\" id=\"b3\""));
    assert_non_null(strstr(h, "class=\"row blk bins\" id=\"b4\""));
    assert_non_null(strstr(h, "class=\"row blk ghost\" id=\"b2\""));
    assert_non_null(strstr(h, "<a class=\"mvlink\" href=\"#b5\">Moved to (2) below"));
    assert_non_null(strstr(h, "<a class=\"mvlink\" href=\"#b2\">Moved from (b) above"));
    assert_non_null(strstr(h, "<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"noopener noreferrer\">inserted</a>"));
    /* notes: marker, note element, body, tags; anchors */
    assert_non_null(strstr(h, "<button type=\"button\" class=\"mark\" id=\"mark-first-note\" "
                              "aria-controls=\"note-first-note\" aria-expanded=\"true\">"));
    assert_non_null(strstr(h, "<li class=\"note\" id=\"note-first-note\" data-n=\"1\" data-tags=\"1 0\""));
    assert_non_null(strstr(h, "<strong>article 19(3)</strong>"));
    assert_non_null(strstr(h, "<span class=\"anc\" data-n=\"1\">"));
    assert_non_null(strstr(h, "<input type=\"checkbox\" value=\"0\" checked> analysis"));
    assert_int_equal(count(h, "class=\"mark\""), 2);
    /* landmarks, CSP */
    assert_non_null(strstr(h, "<header class=\"title\">"));
    assert_non_null(strstr(h, "<main id=\"text\""));
    assert_non_null(strstr(h, "<nav class=\"controls\""));
    assert_non_null(strstr(h, "<aside class=\"overview\""));
    expect_hash(h, "<script>", "</script>", "script-src");
    expect_hash(h, "<style>", "</style>", "style-src");
    assert_non_null(strstr(h, "content=\"default-src 'none'; script-src 'sha256-"));
    expect_no_handlers(h);
    /* deterministic */
    rl_buf again = RL_BUF_INIT;
    assert_int_equal(rl_emit_html(&pg.c, &again), 0);
    assert_int_equal(again.n, out.n);
    assert_memory_equal(again.p, out.p, out.n);
    rl_buf_free(&again);
    rl_buf_free(&out);
    rl_arena_free(pg.a);
}

static void test_hostile(void **state)
{
    (void)state;
    page pg = {0};
    build(&pg, true);
    rl_buf out = RL_BUF_INIT;
    emit(&pg, &out, "hostile.html");
    const char *h = out.p;
    assert_int_equal(count(h, "<script"), 1);   /* ours only */
    assert_int_equal(count(h, "</script"), 1);
    assert_int_equal(count(h, "<img"), 0);
    assert_int_equal(count(h, "<svg"), 0);
    /* Hostile <b> markup stays text or goes: the old version's label
     * "<b>old</b>" is escaped, the note body's raw <b onclick="x()"> is
     * dropped and its text kept, and the page's only <b> elements are the
     * summary's counts.  (count(h, "<b ") could not see the label's "<b>",
     * and the body's tag only together with its "<script".) */
    assert_non_null(strstr(h, "<span class=\"vl\">&lt;b&gt;old&lt;/b&gt;&quot;&#39;</span>"));
    assert_non_null(strstr(h, "<p>Body window.__pwned=1 and b</p>"));
    assert_true(b_elements_are_counts(h) > 0);
    assert_int_equal(count(h, "<div onmouseover"), 0);
    assert_null(strstr(h, "javascript:"));
    assert_null(strstr(h, "href=\"other.html\""));
    assert_non_null(strstr(h, "&lt;script&gt;window.__pwned=1&lt;/script&gt; Title &amp; &quot;quotes&quot;"));
    assert_non_null(strstr(h, "<html lang=\"en\">"));  /* a bad lang falls back */
    /* hostile note ids are sanitized, and the two equal ones kept apart */
    assert_non_null(strstr(h, "id=\"note-x---script-window-__pwned-1--script-\""));
    assert_non_null(strstr(h, "id=\"note-x---script-window-__pwned-1--script--2\""));
    assert_non_null(strstr(h, "<a href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\""));
    expect_no_handlers(h);
    expect_hash(h, "<script>", "</script>", "script-src");
    rl_buf_free(&out);
    rl_arena_free(pg.a);
}

static void test_extra_css(void **state)
{
    (void)state;
    page pg = {0};
    build(&pg, false);
    rl_style st = {0};
    st.html_css = RL_STR("body { color: red } </style><script>alert(1)</script>");
    pg.c.style = &st;
    rl_buf out = RL_BUF_INIT;
    assert_int_equal(rl_emit_html(&pg.c, &out), 0);
    assert_int_equal(count(out.p, "</style"), 1);
    assert_int_equal(count(out.p, "<script"), 1);
    assert_non_null(strstr(out.p, "body { color: red } \\3c /style>"));
    expect_hash(out.p, "<style>", "</style>", "style-src");
    rl_buf_free(&out);
    rl_arena_free(pg.a);
}

/* One paragraph each side, diffed by pair_runs; the page's text. */
static void one_block(const char *old_md, const char *new_md, const char *want)
{
    rl_arena *a = rl_arena_new();
    rl_doc *o = test_doc(a, "old.md", old_md), *n = test_doc(a, "new.md", new_md);
    rl_redline r = {.old = o, .new = n, .nblocks = 1};
    r.blocks = rl_arena_array(a, 1, sizeof *r.blocks);
    r.blocks[0] = paired(a, o, 0, n, 0);
    rl_version v[2] = {{.id = RL_STR("a")}, {.id = RL_STR("b")}};
    rl_emit_ctx c = {.a = a, .r = &r, .vold = &v[0], .vnew = &v[1], .basename = "t"};
    rl_buf out = RL_BUF_INIT;
    assert_int_equal(rl_emit_html(&c, &out), 0);
    if (!strstr(out.p, want)) {
        const char *t = strstr(out.p, "<div class=\"txt\">");
        fprintf(stderr, "want: %s\ngot:  %.400s\n", want, t ? t : "(no text)");
    }
    assert_non_null(strstr(out.p, want));
    rl_buf_free(&out);
    rl_arena_free(a);
}

#define DEL(x) "<del><span class=\"vh chg\">[deleted: </span>" x "<span class=\"vh chg\">]</span></del>"
#define INS(x) "<ins><span class=\"vh chg\">[inserted: </span>" x "<span class=\"vh chg\">]</span></ins>"
#define REP(x) "<ins class=\"rep\"><span class=\"vh chg\">[inserted: </span>" x "<span class=\"vh chg\">]</span></ins>"

/* Where the space before a changed word goes. */
static void test_spaces(void **state)
{
    (void)state;
    /* shared by both versions: outside, once */
    one_block("The cat sat.\n", "The dog sat.\n", "The " DEL("cat") REP("dog") " sat.");
    one_block("The cat sat.\n", "The sat.\n", "The " DEL("cat") " sat.");
    one_block("The sat.\n", "The black sat.\n", "The " INS("black") " sat.");
    /* part of the change: the other version has no space there */
    one_block("A cat.\n", "A.\n", "A" DEL(" cat") ".");
    one_block("A.\n", "A cat.\n", "A" INS(" cat") ".");
    one_block("The end.\n", "The end and more.\n", "end" INS(" and more") ".");
    /* a deletion glued, its replacement spaced */
    one_block("Word,x.\n", "Word, y.\n", "Word," DEL("x") INS(" y") ".");
    /* the seam at a block start: the page's own space, between the two */
    one_block("To promote peace.\n", "All States peace.\n", DEL("To promote") " " INS("All States") " peace.");
    /* an equal word glued in one version, spaced in the other: each view its own */
    one_block("A year name.\n", "A year /name.\n", "year " INS("/") "<span class=\"eqo\"> </span>name.");
}

/* compare_layout: one-document: a section per comparison, ids unique,
 * notes numbered on, each section's own view switch. */
static void test_parts(void **state)
{
    (void)state;
    page pg = {0};
    build(&pg, false);
    rl_emit_part parts[2] = {{&pg.r, &pg.v[0], &pg.v[1]}, {&pg.r, &pg.v[0], &pg.v[1]}};
    pg.c.parts = parts;
    pg.c.nparts = 2;
    rl_buf out = RL_BUF_INIT;
    emit(&pg, &out, "parts.html");
    const char *h = out.p;
    assert_int_equal(count(h, "<section class=\"part\""), 2);
    assert_non_null(strstr(h, "<section class=\"part\" id=\"s2\" aria-labelledby=\"s2-h\">"));
    assert_non_null(strstr(h, "<h2 id=\"s1-h\"><span class=\"vo\">A/66/359 (2011)</span>"));
    assert_non_null(strstr(h, "<a href=\"#s2\">"));
    /* a summary and a view switch per section, none for the page */
    assert_int_equal(count(h, "Summary of changes"), 2);
    assert_int_equal(count(h, "name=\"view-s2\""), 3);
    assert_int_equal(count(h, "name=\"view\""), 0);
    /* the document's headings one level below the section's */
    assert_non_null(strstr(h, "<h3>The heading</h3>"));
    /* ids: the first note keeps its id, the second showing gets -2;
     * numbers run on */
    assert_non_null(strstr(h, "<li class=\"note\" id=\"note-first-note\" data-n=\"1\""));
    assert_non_null(strstr(h, "<li class=\"note\" id=\"note-first-note-2\" data-n=\"3\""));
    assert_non_null(strstr(h, "id=\"mark-second-2\" aria-controls=\"note-second-2\""));
    assert_non_null(strstr(h, "<span class=\"anc\" data-n=\"3\">"));
    assert_non_null(strstr(h, "<a class=\"mvlink\" href=\"#s2-b5\">Moved to (2) below"));
    assert_non_null(strstr(h, "class=\"row blk ghost\" id=\"s2-b2\""));
    assert_null(strstr(h, "id=\"b2\""));
    expect_no_handlers(h);
    rl_buf_free(&out);
    rl_arena_free(pg.a);

    /* hostile labels in the section headings and the table of contents */
    page hp = {0};
    build(&hp, true);
    rl_emit_part hparts[2] = {{&hp.r, &hp.v[0], &hp.v[1]}, {&hp.r, &hp.v[1], &hp.v[0]}};
    hp.c.parts = hparts;
    hp.c.nparts = 2;
    rl_buf hout = RL_BUF_INIT;
    emit(&hp, &hout, "hostile-parts.html");
    assert_null(strstr(hout.p, "<script>window"));
    assert_non_null(strstr(hout.p, "<span class=\"vo\">&lt;b&gt;old&lt;/b&gt;&quot;&#39;</span>"));
    expect_no_handlers(hout.p);
    rl_buf_free(&hout);
    rl_arena_free(hp.a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_markup),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_extra_css),
        cmocka_unit_test(test_spaces),
        cmocka_unit_test(test_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
