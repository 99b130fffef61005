/* test_doc.c - loading versions: Markdown and plain text, front matter,
 * labels, links, bad input, and the ICoC sources. */
#include "harness.h"
#include "ytree.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#define FIX "tests/fixtures/load/"

static const char *text_of(rl_arena *a, const rl_block *b)
{
    rl_buf o = RL_BUF_INIT;
    rl_block_text(b, 0, b->ntoks, &o);
    char *s = rl_arena_strdup(a, rl_buf_str(&o));
    rl_buf_free(&o);
    return s;
}

static const char *label_of(const rl_block *b)
{
    static char buf[64];
    snprintf(buf, sizeof buf, "%.*s", (int)b->label.n, b->label.p ? b->label.p : "");
    return buf;
}

/* Parse text as file `name`; return the first message (or "" if none) in
 * *msg and the document. */
static rl_doc *parse_msg(rl_arena *a, const char *name, const char *text, const char **msg, size_t *count)
{
    rl_diag *d = rl_diag_new();
    rl_source *s = rl_source_from_mem(a, name, text, strlen(text));
    rl_doc *doc = rl_doc_parse(a, d, s);
    const char *m = rl_diag_message(d, 0);
    *msg = rl_arena_strz(a, m ? m : "");
    if (count)
        *count = rl_diag_count(d);
    rl_diag_free(d);
    return doc;
}

static const char *load_msg(rl_arena *a, const char *path, rl_doc **doc)
{
    rl_diag *d = rl_diag_new();
    *doc = rl_doc_load(a, d, path, NULL);
    const char *m = rl_diag_message(d, 0);
    const char *r = rl_arena_strz(a, m ? m : "");
    rl_diag_free(d);
    return r;
}

/* Every token's text is found in the source at its offset, unless the
 * token was rendered differently (entities, NFC). */
static void assert_offsets_exact(const rl_doc *doc)
{
    for (size_t i = 0; i < doc->nblocks; i++) {
        const rl_block *b = &doc->blocks[i];
        for (size_t k = 0; k < b->ntoks; k++) {
            const rl_token *t = &b->toks[k];
            assert_true(t->off + t->text.n <= doc->src->len);
            if (memcmp(doc->src->text + t->off, t->text.p, t->text.n) != 0)
                fail_msg("block %zu token %zu '%.*s' not at offset %u", i, k, (int)t->text.n, t->text.p, t->off);
            if (k)
                assert_true(t->off > b->toks[k - 1].off);
        }
    }
}

static void test_markdown_blocks(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_doc *doc = test_doc(a, "x.md",
                           "# Title\n\nA paragraph\nover two lines.\n\n"
                           "1. one\n2. two\n\n"
                           "- (a) bullet\n  - nested\n\n"
                           "> quoted text\n\n"
                           "```\ncode  x\nline2\n```\n\n"
                           "***\n\n"
                           "Setext\n======\n");
    assert_int_equal(doc->nblocks, 10);
    assert_int_equal(doc->blocks[0].kind, RL_BLK_HEADING);
    assert_int_equal(doc->blocks[0].level, 1);
    assert_string_equal(text_of(a, &doc->blocks[0]), "Title");
    assert_int_equal(doc->blocks[1].kind, RL_BLK_PARA);
    assert_string_equal(text_of(a, &doc->blocks[1]), "A paragraph over two lines.");
    assert_int_equal(doc->blocks[2].kind, RL_BLK_ITEM);
    assert_true(doc->blocks[2].ordered);
    assert_string_equal(label_of(&doc->blocks[2]), "1.");
    assert_string_equal(label_of(&doc->blocks[3]), "2.");
    assert_string_equal(text_of(a, &doc->blocks[3]), "two");
    assert_int_equal(doc->blocks[3].label_off, strstr(doc->src->text, "2. two") - doc->src->text);
    /* A printed label inside a bullet item. */
    assert_int_equal(doc->blocks[4].kind, RL_BLK_ITEM);
    assert_false(doc->blocks[4].ordered);
    assert_string_equal(label_of(&doc->blocks[4]), "(a)");
    assert_string_equal(text_of(a, &doc->blocks[4]), "bullet");
    assert_int_equal(doc->blocks[4].level, 0);
    assert_int_equal(doc->blocks[5].kind, RL_BLK_ITEM);
    assert_int_equal(doc->blocks[5].level, 1);
    assert_int_equal(doc->blocks[6].kind, RL_BLK_QUOTE);
    assert_int_equal(doc->blocks[7].kind, RL_BLK_CODE);
    assert_string_equal(text_of(a, &doc->blocks[7]), "code x\nline2");
    assert_int_equal(doc->blocks[7].toks[0].style, RL_STY_CODE);
    assert_int_equal(doc->blocks[8].kind, RL_BLK_RULE);
    assert_int_equal(doc->blocks[8].ntoks, 0);
    assert_int_equal(doc->blocks[9].kind, RL_BLK_HEADING);
    assert_string_equal(text_of(a, &doc->blocks[9]), "Setext");
    assert_int_equal(rl_block_words(&doc->blocks[1]), 5);
    assert_offsets_exact(doc);
    rl_arena_free(a);
}

static void test_inline_styles_and_links(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_doc *doc = test_doc(a, "x.md",
                           "plain *emph* **strong** `co de` [a link](https://example.org/x_y?a=1&b=2) "
                           "***both*** <https://auto.example> end\\\nbreak &amp; \\*lit\\*\n");
    assert_int_equal(doc->nblocks, 1);
    const rl_block *b = &doc->blocks[0];
    const char *want[] = {"plain", "emph", "strong", "co", "de", "a", "link", "both", "https", ":",
                          "/", "/", "auto.example", "end", "break", "&", "*", "lit", "*"};
    assert_int_equal(b->ntoks, sizeof want / sizeof *want);
    for (size_t i = 0; i < b->ntoks; i++)
        assert_true(rl_str_eqz(b->toks[i].text, want[i]));
    assert_int_equal(b->toks[0].style, 0);
    assert_int_equal(b->toks[1].style, RL_STY_EMPH);
    assert_int_equal(b->toks[2].style, RL_STY_STRONG);
    assert_int_equal(b->toks[3].style, RL_STY_CODE);
    assert_int_equal(b->toks[4].style, RL_STY_CODE);
    assert_int_equal(b->toks[5].style, RL_STY_LINK);
    assert_int_equal(b->toks[5].link, 1);
    assert_int_equal(b->toks[6].link, 1);
    assert_int_equal(b->toks[7].style, RL_STY_EMPH | RL_STY_STRONG);
    assert_int_equal(b->toks[8].link, 2);
    assert_int_equal(b->toks[8].style, RL_STY_LINK);
    assert_int_equal(b->toks[14].space, RL_SP_BREAK);
    assert_int_equal(b->toks[13].link, 0);
    assert_int_equal(doc->nlinks, 2);
    assert_true(rl_str_eqz(doc->links[0], "https://example.org/x_y?a=1&b=2"));
    assert_true(rl_str_eqz(doc->links[1], "https://auto.example"));
    /* Offsets: "&" of the entity, "*" after its backslash. */
    assert_int_equal(b->toks[15].off, strstr(doc->src->text, "&amp;") - doc->src->text);
    assert_int_equal(b->toks[16].off, strstr(doc->src->text, "\\*lit") - doc->src->text + 1);
    assert_int_equal(b->toks[14].off, strstr(doc->src->text, "break") - doc->src->text);
    rl_arena_free(a);
}

static void test_unsupported_markdown_warns(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    const char *msg;
    size_t count;
    rl_doc *doc = parse_msg(a, "x.md", "Text with ![an *image*](i.png) here.\n\n<table><tr><td>x</td></tr></table>\n\nA <b>bold</b> end.\n",
                            &msg, &count);
    assert_non_null(doc);
    assert_int_equal(count, 4);
    assert_string_equal(msg, "x.md:1:11: warning: images are not kept in a version; only the image's description is kept as text");
    /* The image's description stays as words. */
    assert_string_equal(text_of(a, &doc->blocks[0]), "Text with an image here.");
    assert_int_equal(doc->nblocks, 2);
    assert_string_equal(text_of(a, &doc->blocks[1]), "A bold end.");
    rl_diag *d = rl_diag_new();
    rl_source *s = rl_source_from_mem(a, "x.md", "<div>\nhi\n</div>\n\npara\n", 22);
    assert_non_null(rl_doc_parse(a, d, s));
    assert_string_equal(rl_diag_message(d, 0),
                        "x.md:1:1: warning: raw HTML is left out of the text (tables and other HTML are not "
                        "supported); write it in Markdown");
    rl_diag_free(d);
    rl_arena_free(a);
}

static void test_plain_text(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    /* No Markdown in .txt: "# x" and "*y*" are text; CRLF and blank lines
     * with spaces separate paragraphs; single newlines are spaces. */
    rl_doc *doc = test_doc(a, "x.txt", "# not a heading\r\nsecond *line*\r\n \r\n(b) Item two.\r\n\r\n\r\nlast");
    assert_int_equal(doc->nblocks, 3);
    assert_int_equal(doc->blocks[0].kind, RL_BLK_PARA);
    assert_string_equal(text_of(a, &doc->blocks[0]), "# not a heading second *line*");
    assert_string_equal(label_of(&doc->blocks[1]), "(b)");
    assert_int_equal(doc->blocks[1].label_off, strstr(doc->src->text, "(b)") - doc->src->text);
    assert_string_equal(text_of(a, &doc->blocks[1]), "Item two.");
    assert_int_equal(doc->blocks[1].toks[0].space, RL_SP_NONE);
    assert_string_equal(text_of(a, &doc->blocks[2]), "last");
    assert_offsets_exact(doc);
    rl_arena_free(a);
}

static void test_front_matter(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_doc *doc = test_doc(a, "x.md", "---\nsymbol: A/66/359\nlanguage: en-GB\n...\n\nBody text.\n");
    assert_non_null(doc->meta);
    assert_true(rl_str_eqz(doc->lang, "en-GB"));
    assert_true(rl_str_eqz(rl_ytree_lookup(doc->meta, "symbol")->str, "A/66/359"));
    assert_int_equal(doc->nblocks, 1);
    assert_int_equal(doc->blocks[0].off, strstr(doc->src->text, "Body") - doc->src->text);
    /* BOM before the front matter; empty front matter; no front matter. */
    doc = test_doc(a, "y.md", "\xEF\xBB\xBF---\n---\nText\n");
    assert_non_null(doc->meta);
    assert_int_equal(doc->meta->n, 0);
    doc = test_doc(a, "z.md", "Text\n\n---\n\nMore\n");
    assert_null(doc->meta);
    assert_int_equal(doc->lang.n, 0);
    assert_int_equal(doc->nblocks, 3);
    rl_arena_free(a);
}

static void test_front_matter_errors(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    const char *msg;
    assert_null(parse_msg(a, "x.md", "---\ntitle: x\n\ntext without end\n", &msg, NULL));
    assert_string_equal(msg, "x.md:1:1: error: front matter is not closed; end it with a line '---' (or remove this line)");
    assert_null(parse_msg(a, "x.md", "---\n- a\n- b\n---\ntext\n", &msg, NULL));
    assert_string_equal(msg, "x.md:2:1: error: front matter must be a mapping of 'key: value' lines");
    assert_null(parse_msg(a, "x.md", "---\ntitle: [a, b\nlanguage: en\n---\ntext\n", &msg, NULL));
    assert_string_equal(msg, "x.md:3:9: error: YAML syntax: did not find expected ',' or ']' "
                             "(while parsing a flow sequence at line 2, column 8)");
    assert_null(parse_msg(a, "x.md", "---\na: 1\na: 2\n---\ntext\n", &msg, NULL));
    assert_string_equal(msg, "x.md:3:1: error: duplicate key 'a' (first given at line 2); remove one");
    assert_null(parse_msg(a, "x.md", "---\nlanguage: [en]\n---\ntext\n", &msg, NULL));
    assert_string_equal(msg, "x.md:2:11: error: language must be a string, not a list");
    rl_arena_free(a);
}

static void test_empty_documents(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    const char *msg;
    assert_null(parse_msg(a, "x.md", "", &msg, NULL));
    assert_string_equal(msg, "x.md:1:1: error: 'x.md' has no text; a version needs at least one paragraph");
    assert_null(parse_msg(a, "x.md", "---\ntitle: t\n---\n\n  \n", &msg, NULL));
    assert_string_equal(msg, "x.md:4:1: error: 'x.md' has no text; a version needs at least one paragraph");
    assert_null(parse_msg(a, "x.txt", "\n\n \t\n", &msg, NULL));
    assert_string_equal(msg, "x.txt:1:1: error: 'x.txt' has no text; a version needs at least one paragraph");
    /* Sources made in memory are checked too. */
    assert_null(parse_msg(a, "x.md", "ok\n\nbad \xC3(\n", &msg, NULL));
    assert_string_equal(msg, "x.md:3:5: error: invalid UTF-8 (byte 0xC3); save the file as UTF-8");
    /* Only raw HTML: warned about, then empty. */
    assert_null(parse_msg(a, "x.md", "<p>hi</p>\n", &msg, NULL));
    rl_arena_free(a);
}

/* Two versions loaded at once give what two loads in a row give: the same
 * blocks, the same messages in the same order, and a source whose line map
 * can still be built after the helper's arena was adopted. */
static void test_load_pair(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_doc *o = NULL, *n = NULL;
    assert_int_equal(rl_doc_load_pair(a, d, FIX "old.md", "sources/icoc/A-69-723.md", &o, &n), 0);
    assert_int_equal(rl_diag_count(d), 0);
    rl_doc *o2 = rl_doc_load(a, d, FIX "old.md", NULL), *n2 = rl_doc_load(a, d, "sources/icoc/A-69-723.md", NULL);
    assert_int_equal(o->nblocks, o2->nblocks);
    assert_int_equal(n->nblocks, n2->nblocks);
    for (size_t i = 0; i < n->nblocks; i++) {
        assert_int_equal(n->blocks[i].ntoks, n2->blocks[i].ntoks);
        assert_int_equal(n->blocks[i].off, n2->blocks[i].off);
        assert_string_equal(text_of(a, &n->blocks[i]), text_of(a, &n2->blocks[i]));
        for (size_t k = 0; k < n->blocks[i].ntoks; k++)
            assert_int_equal(n->blocks[i].toks[k].off, n2->blocks[i].toks[k].off);
    }
    unsigned line, col;
    rl_source_linecol(n->src, n->blocks[n->nblocks - 1].off, &line, &col);
    assert_true(line > 1);
    /* Messages from both files, in file order; a missing second file. */
    assert_int_equal(rl_doc_load_pair(a, d, FIX "bad-utf8.md", FIX "missing.md", &o, &n), -1);
    assert_null(o);
    assert_null(n);
    assert_int_equal(rl_diag_count(d), 2);
    assert_string_equal(rl_diag_message(d, 0),
                        FIX "bad-utf8.md:4:6: error: invalid UTF-8 (byte 0xFF); save the file as UTF-8");
    assert_string_equal(rl_diag_message(d, 1),
                        FIX "missing.md: error: cannot open '" FIX "missing.md': No such file or directory");
    rl_diag_free(d);
    d = rl_diag_new();
    assert_int_equal(rl_doc_load_pair(a, d, FIX "old.md", FIX "bad-yaml.md", &o, &n), -1);
    assert_non_null(o);
    assert_null(n);
    assert_true(rl_diag_errors(d) >= 1);
    rl_diag_free(d);
    rl_arena_free(a);
}

static void test_bad_files(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_doc *doc;
    assert_string_equal(load_msg(a, FIX "missing.md", &doc),
                        FIX "missing.md: error: cannot open '" FIX "missing.md': No such file or directory");
    assert_null(doc);
    assert_string_equal(load_msg(a, "tests/fixtures/load", &doc),
                        "tests/fixtures/load: error: cannot open 'tests/fixtures/load': is a directory");
    assert_null(doc);
    assert_string_equal(load_msg(a, FIX "bad-utf8.md", &doc),
                        FIX "bad-utf8.md:4:6: error: invalid UTF-8 (byte 0xFF); save the file as UTF-8");
    assert_null(doc);
    assert_string_equal(load_msg(a, FIX "binary.md", &doc),
                        FIX "binary.md:1:5: error: '" FIX "binary.md' looks like a binary file (it contains a NUL "
                            "byte); give a UTF-8 text file");
    assert_null(doc);
    assert_string_equal(load_msg(a, FIX "empty.md", &doc),
                        FIX "empty.md:4:1: error: '" FIX "empty.md' has no text; a version needs at least one paragraph");
    assert_null(doc);
    assert_string_equal(load_msg(a, FIX "old.md", &doc), "");
    assert_non_null(doc);
    assert_int_equal(doc->nblocks, 2);
    /* "cannot open" at the place that named the file. */
    rl_source *m = rl_source_from_mem(a, "pub.yaml", "file: nope.md\n", 14);
    rl_span at = {m, 6, 13};
    rl_diag *d = rl_diag_new();
    assert_null(rl_doc_load(a, d, FIX "nope.md", &at));
    assert_string_equal(rl_diag_message(d, 0),
                        "pub.yaml:1:7: error: cannot open '" FIX "nope.md': No such file or directory");
    rl_diag_free(d);
    rl_arena_free(a);
}

static void test_icoc_sources(void **state)
{
    (void)state;
    static const char *const files[] = {"sources/icoc/A-66-359.md", "sources/icoc/A-69-723.md"};
    for (int f = 0; f < 2; f++) {
        rl_arena *a = rl_arena_new();
        rl_diag *d = rl_diag_new();
        rl_doc *doc = rl_doc_load(a, d, files[f], NULL);
        if (rl_diag_count(d))
            rl_diag_flush(d, stderr, true);
        assert_int_equal(rl_diag_count(d), 0); /* no warnings either */
        assert_non_null(doc);
        assert_true(rl_str_eqz(doc->lang, "en"));
        assert_int_equal(doc->nblocks, f == 0 ? 51 : 64);
        /* Labels "(a)".."(k)" (2011), "(1)".."(13)" with "(a)", "(b)" inside (7) (2015). */
        char want[16][8];
        size_t nw = 0;
        if (f == 0) {
            for (char c = 'a'; c <= 'k'; c++)
                snprintf(want[nw++], 8, "(%c)", c);
        } else {
            for (int i = 1; i <= 13; i++) {
                snprintf(want[nw++], 8, "(%d)", i);
                if (i == 7) {
                    snprintf(want[nw++], 8, "(a)");
                    snprintf(want[nw++], 8, "(b)");
                }
            }
        }
        size_t got = 0;
        for (size_t i = 0; i < doc->nblocks; i++) {
            const rl_block *b = &doc->blocks[i];
            if (!b->label.n)
                continue;
            assert_true(got < nw);
            assert_string_equal(label_of(b), want[got]);
            assert_true(b->ntoks > 0);
            rl_str first = b->toks[0].text;
            assert_true(rl_str_eqz(first, "To") || rl_str_eqz(first, "Not") || rl_str_eqz(first, "All") ||
                        rl_str_eqz(first, "for"));
            got++;
        }
        assert_int_equal(got, nw);
        /* Headings where the UN documents have them. */
        size_t headings = 0;
        for (size_t i = 0; i < doc->nblocks; i++)
            headings += doc->blocks[i].kind == RL_BLK_HEADING;
        assert_int_equal(headings, 6);
        assert_offsets_exact(doc);
        rl_diag_free(d);
        rl_arena_free(a);
    }
}

static void test_block_text_range(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_doc *doc = test_doc(a, "x.md", "one, two three\n");
    rl_buf o = RL_BUF_INIT;
    rl_block_text(&doc->blocks[0], 1, 3, &o);
    assert_string_equal(o.p, ", two");
    rl_buf_clear(&o);
    rl_block_text(&doc->blocks[0], 2, 99, &o);
    assert_string_equal(o.p, "two three");
    rl_buf_free(&o);
    assert_int_equal(rl_block_words(&doc->blocks[0]), 3);
    rl_arena_free(a);
}

/* ---- the direct parser against cmark ------------------------------------ */

/* Parse text as "x.md" with parser md; the messages, joined, in *msgs. */
static rl_doc *parse_with(rl_arena *a, const char *text, size_t n, rl_doc_md md, rl_buf *msgs)
{
    rl_diag *d = rl_diag_new();
    rl_source *s = rl_source_from_mem(a, "x.md", text, n);
    rl_doc *doc = rl_doc_parse_opts(a, d, s, md);
    for (size_t i = 0; i < rl_diag_count(d); i++)
        rl_buf_printf(msgs, "%s\n", rl_diag_message(d, i));
    rl_diag_free(d);
    return doc;
}

static bool str_same(rl_str x, rl_str y)
{
    return x.n == y.n && (x.n == 0 || memcmp(x.p, y.p, x.n) == 0);
}

/* Every field of two documents is the same (source aside: each has its own). */
static void assert_docs_equal(const rl_doc *x, const rl_doc *y, const char *text)
{
    if (!x || !y) {
        if (x || y)
            fail_msg("one parser failed on:\n%s", text);
        return;
    }
    if ((x->meta == NULL) != (y->meta == NULL) || !str_same(x->lang, y->lang))
        fail_msg("front matter differs on:\n%s", text);
    if (x->nblocks != y->nblocks || x->nlinks != y->nlinks)
        fail_msg("%zu blocks against %zu on:\n%s", x->nblocks, y->nblocks, text);
    for (size_t i = 0; i < x->nblocks; i++) {
        const rl_block *b = &x->blocks[i], *c = &y->blocks[i];
        if (b->kind != c->kind || b->level != c->level || b->ordered != c->ordered || !str_same(b->label, c->label) ||
            b->label_off != c->label_off || b->ntoks != c->ntoks || b->off != c->off || b->end != c->end)
            fail_msg("block %zu differs: kind %d/%d level %d/%d label_off %u/%u ntoks %zu/%zu off %u/%u end %u/%u "
                     "on:\n%s",
                     i, b->kind, c->kind, b->level, c->level, b->label_off, c->label_off, b->ntoks, c->ntoks, b->off,
                     c->off, b->end, c->end, text);
        for (size_t k = 0; k < b->ntoks; k++) {
            const rl_token *t = &b->toks[k], *u = &c->toks[k];
            if (!str_same(t->text, u->text) || t->off != u->off || t->kind != u->kind || t->style != u->style ||
                t->space != u->space || t->link != u->link)
                fail_msg("block %zu token %zu differs: '%.*s'@%u sp %d / '%.*s'@%u sp %d on:\n%s", i, k,
                         (int)t->text.n, t->text.p, t->off, t->space, (int)u->text.n, u->text.p, u->off, u->space,
                         text);
        }
    }
}

/* If the direct parser takes text, it gives what cmark gives.  Returns
 * whether it took it. */
static bool check_parsers_agree(const char *text, size_t n)
{
    rl_arena *a = rl_arena_new();
    rl_buf m1 = RL_BUF_INIT, m2 = RL_BUF_INIT;
    rl_doc *direct = parse_with(a, text, n, RL_DOC_MD_DIRECT, &m1);
    bool took = direct || m1.n;
    if (took) {
        rl_doc *cm = parse_with(a, text, n, RL_DOC_MD_CMARK, &m2);
        assert_docs_equal(direct, cm, text);
        if (m1.n != m2.n || (m1.n && memcmp(m1.p, m2.p, m1.n) != 0))
            fail_msg("messages differ: '%s' / '%s' on:\n%s", rl_buf_str(&m1), rl_buf_str(&m2), text);
        /* And rl_doc_parse picks the direct parser for it. */
        rl_buf m3 = RL_BUF_INIT;
        rl_doc *aut = parse_with(a, text, n, RL_DOC_MD_AUTO, &m3);
        assert_docs_equal(aut, cm, text);
        rl_buf_free(&m3);
    }
    rl_buf_free(&m1);
    rl_buf_free(&m2);
    rl_arena_free(a);
    return took;
}

static uint64_t rng_state;

static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
    return (unsigned)((rng_state >> 33) % n);
}

/* A random document: lines of words and punctuation, blank lines, headings,
 * leading and trailing spaces, and now and then a byte or line start that
 * needs cmark. */
static size_t random_doc(char *out, size_t cap)
{
    static const char *const words[] = {
        "a",    "bc",     "Def",      "x1",     "don't",  "A/66/359", "e\xCC\x81t\xC3\xA9", "1,000", "12",
        "(a)",  "(iv)",   "Article",  "5.",     "co-op",  "\xC2\xA0", "\xE3\x80\x80",       "\xE2\x80\x8B",
        ".",    ",",      ";",        ":",      "(",      ")",        "'",                  "\"",
        "-",    "/",      "#",        "##",     "=",      "+",        "1.",                 "2)",
        "%",    "$",      "@",        "{",      "}",      "^",        "\xF0\x9F\x91\x8D",   "\xC2\xAD",
        "2024", "Art.",   "...",      "?",      "e.g.",   "#x",       "a#",
    };
    static const char *const rare[] = {"*", "_", "`", "[", "]", "<", ">", "!", "&", "\\", "|", "~", "\t", "\r",
                                       "&amp;", "**", "`c`", "[l](u)", "<b>", "\x7f", "\x0c"};
    static const char *const starts[] = {"# ", "## ", "###### ", "####### ", "#", "#\n", "- ", "+ ", "1. ", "3) ",
                                         "= ", "==", "---", "    ", "   ", " ", "  ", "# a #", "#  ", "10."};
    size_t o = 0;
    if (rnd(20) == 0) {
        const char *fm = rnd(2) ? "---\ntitle: x\n---\n" : "---\nlanguage: fr\n...\n";
        o += (size_t)snprintf(out + o, cap - o, "%s", fm);
    }
    if (rnd(50) == 0)
        o += (size_t)snprintf(out + o, cap - o, "\xEF\xBB\xBF");
    unsigned lines = 1 + rnd(12);
    for (unsigned l = 0; l < lines && o + 200 < cap; l++) {
        unsigned kind = rnd(10);
        if (kind == 0) {
            o += (size_t)snprintf(out + o, cap - o, "%s\n", rnd(3) ? "" : "   ");
            continue;
        }
        if (kind <= 2)
            o += (size_t)snprintf(out + o, cap - o, "%s", starts[rnd(sizeof starts / sizeof *starts)]);
        unsigned nw = rnd(8);
        for (unsigned w = 0; w < nw && o + 40 < cap; w++) {
            const char *piece = rnd(60) == 0 ? rare[rnd(sizeof rare / sizeof *rare)]
                                             : words[rnd(sizeof words / sizeof *words)];
            o += (size_t)snprintf(out + o, cap - o, "%s%s", piece, rnd(4) ? " " : "");
        }
        if (rnd(8) == 0)
            o += (size_t)snprintf(out + o, cap - o, "%s", rnd(2) ? " " : "  ");
        if (l + 1 < lines || rnd(2))
            out[o++] = '\n';
    }
    out[o] = '\0';
    return o;
}

static void test_direct_parser_matches_cmark(void **state)
{
    (void)state;
    char doc[4096];
    unsigned took = 0, total = 20000;
    rng_state = 20261126;
    for (unsigned i = 0; i < total; i++) {
        size_t n = random_doc(doc, sizeof doc);
        took += check_parsers_agree(doc, n);
    }
    print_message("direct parser took %u of %u documents\n", took, total);
    /* Both parsers must have been exercised. */
    assert_true(took > total / 10);
    assert_true(took < total - total / 10);
    /* Hand-picked edges. */
    static const char *const edges[] = {
        "# T\npara\n## U\nmore\n", "para\n#\nnext", "  two\n   three\n", "a\n \nb", "#\n", "x  y \n",
        "####### seven\n", "#no space\n", "a\n\n\n\nb\n\n", "\n\n", "   ", "---\ntitle: t\n---\n# H\n",
        "(a) labelled\n(b)\n", "a\n  indented continuation\n", "  indented first\nb\n",
    };
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++)
        check_parsers_agree(edges[i], strlen(edges[i]));
}

/* The fuzz corpus, through both parsers. */
static void test_direct_parser_fuzz_corpus(void **state)
{
    (void)state;
    const char *dir = "tests/fuzz/corpus/fuzz_md";
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    struct dirent *de;
    unsigned files = 0;
    while ((de = readdir(dp)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        rl_buf b = RL_BUF_INIT;
        char chunk[4096];
        size_t k;
        while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
            rl_buf_put(&b, chunk, k);
        fclose(f);
        rl_buf_putc(&b, '\0');
        check_parsers_agree(b.p, b.n - 1);
        rl_buf_free(&b);
        files++;
    }
    closedir(dp);
    assert_true(files > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_markdown_blocks),
        cmocka_unit_test(test_inline_styles_and_links),
        cmocka_unit_test(test_unsupported_markdown_warns),
        cmocka_unit_test(test_plain_text),
        cmocka_unit_test(test_front_matter),
        cmocka_unit_test(test_front_matter_errors),
        cmocka_unit_test(test_empty_documents),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_load_pair),
        cmocka_unit_test(test_icoc_sources),
        cmocka_unit_test(test_block_text_range),
        cmocka_unit_test(test_direct_parser_matches_cmark),
        cmocka_unit_test(test_direct_parser_fuzz_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
