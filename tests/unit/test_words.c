/* test_words.c - the tokenizer (words.c) and printed labels (label.c). */
#include "harness.h"
#include "label.h"
#include "words.h"

#include <stdio.h>
#include <stdlib.h>

/* The token texts of s joined by '|', for compact assertions. */
static const char *toks(rl_arena *a, const char *s)
{
    rl_token *t;
    size_t n = rl_words_split(a, rl_str_z(s), &t);
    rl_buf b = RL_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        assert_true(t[i].text.n > 0);
        if (i)
            rl_buf_putc(&b, '|');
        rl_buf_put(&b, t[i].text.p, t[i].text.n);
    }
    char *out = rl_arena_strdup(a, rl_buf_str(&b));
    rl_buf_free(&b);
    return out;
}

static void test_words_and_punct(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    assert_string_equal(toks(a, "Hello, world!"), "Hello|,|world|!");
    assert_string_equal(toks(a, "  leading and trailing  "), "leading|and|trailing");
    assert_string_equal(toks(a, ""), "");
    assert_string_equal(toks(a, " \t\n "), "");
    assert_string_equal(toks(a, "a--b"), "a|-|-|b");
    assert_string_equal(toks(a, "(a) To comply;"), "(|a|)|To|comply|;");
    assert_string_equal(toks(a, "“Creation of a global culture”,"), "“|Creation|of|a|global|culture|”|,");
    rl_arena_free(a);
}

static void test_joiners(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    assert_string_equal(toks(a, "People’s"), "People’s");
    assert_string_equal(toks(a, "don't"), "don't");
    assert_string_equal(toks(a, "A/66/359"), "A/66/359");
    assert_string_equal(toks(a, "resolution 64/211,"), "resolution|64/211|,");
    assert_string_equal(toks(a, "confidence-building"), "confidence-building");
    assert_string_equal(toks(a, "snake_case 10:30 3.5"), "snake_case|10:30|3.5");
    assert_string_equal(toks(a, "1,000 and 1, 2"), "1,000|and|1|,|2");
    assert_string_equal(toks(a, "a,b"), "a|,|b");
    /* A joiner at a word's edge is punctuation. */
    assert_string_equal(toks(a, "countries’ stability"), "countries|’|stability");
    assert_string_equal(toks(a, "'quoted'"), "'|quoted|'");
    assert_string_equal(toks(a, "end."), "end|.");
    assert_string_equal(toks(a, "Distr.: General"), "Distr|.|:|General");
    assert_string_equal(toks(a, "e.g. this"), "e.g|.|this");
    assert_string_equal(toks(a, "http://x.org"), "http|:|/|/|x.org");
    rl_arena_free(a);
}

static void test_spaces_and_offsets(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_token *t;
    const char *s = "one  two,three\r\nfour\xC2\xA0" "five";
    size_t n = rl_words_split(a, rl_str_z(s), &t);
    assert_int_equal(n, 6);
    assert_int_equal(t[0].space, RL_SP_NONE);
    assert_int_equal(t[1].space, RL_SP_SPACE);
    assert_int_equal(t[2].space, RL_SP_NONE); /* "," glued */
    assert_int_equal(t[3].space, RL_SP_NONE);
    assert_int_equal(t[4].space, RL_SP_SPACE); /* CRLF is white space */
    assert_int_equal(t[5].space, RL_SP_SPACE); /* no-break space too */
    assert_int_equal(t[0].off, 0);
    assert_int_equal(t[1].off, 5);
    assert_int_equal(t[2].off, 8);
    assert_int_equal(t[3].off, 9);
    assert_int_equal(t[4].off, 16);
    assert_int_equal(t[5].off, 22);
    assert_int_equal(t[0].kind, RL_TOK_WORD);
    assert_int_equal(t[2].kind, RL_TOK_PUNCT);
    for (size_t i = 0; i < n; i++)
        assert_memory_equal(s + t[i].off, t[i].text.p, t[i].text.n);
    rl_arena_free(a);
}

static void test_utf8(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    assert_string_equal(toks(a, "Łódź Федерация 中文"), "Łódź|Федерация|中文");
    /* Non-BMP: an emoji is one punctuation token, a ZWJ family too. */
    assert_string_equal(toks(a, "a😀b"), "a|😀|b");
    assert_string_equal(toks(a, "x 👨\u200D👩\u200D👧 y"), "x|👨\u200D👩\u200D👧|y");
    assert_string_equal(toks(a, "🇫🇷🇩🇪"), "🇫🇷|🇩🇪");
    /* Non-BMP letters are word characters (Gothic, math bold). */
    assert_string_equal(toks(a, "𐌰𐌱 𝐀𝐁"), "𐌰𐌱|𝐀𝐁");
    /* A combining mark stays on punctuation too. */
    assert_string_equal(toks(a, "!\xCC\x81?"), "!\xCC\x81|?");
    /* Zero-width space is ignored; a soft hyphen is kept inside a word. */
    assert_string_equal(toks(a, "a\u200Bb \u00ADx in\u00ADfo"), "a|b|x|in\u00ADfo");
    /* BOM ignored. */
    assert_string_equal(toks(a, "\xEF\xBB\xBFword"), "word");
    rl_arena_free(a);
}

static void test_nfc(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    /* e + COMBINING ACUTE -> é, the mark never split off. */
    assert_string_equal(toks(a, "cafe\xCC\x81 Ko\xCC\x88ln"), "caf\xC3\xA9|K\xC3\xB6ln");
    /* Singletons: OHM SIGN -> OMEGA, ANGSTROM SIGN -> Å. */
    assert_string_equal(toks(a, "5\xE2\x84\xA6 \xE2\x84\xAB"), "5\xCE\xA9|\xC3\x85");
    /* Compatibility characters are left alone (NFC, not NFKC). */
    assert_string_equal(toks(a, "\xEF\xAC\x81x"), "\xEF\xAC\x81x");
    /* The token offset still points at the source text. */
    rl_token *t;
    size_t n = rl_words_split(a, rl_str_z("ab cafe\xCC\x81"), &t);
    assert_int_equal(n, 2);
    assert_int_equal(t[1].off, 3);
    rl_arena_free(a);
}

static void test_styles_and_builder(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    rl_source *src = rl_source_from_mem(a, "x.md", "a **b** c", 9);
    rl_words w;
    rl_words_init(&w, a, src);
    rl_words_begin(&w, 0);
    rl_words_text(&w, "a ", 2, false, 0, 0, 0);
    rl_words_text(&w, "b", 1, false, 4, RL_STY_STRONG, 0);
    rl_words_text(&w, " c", 2, false, 7, 0, 0);
    assert_int_equal(rl_words_count(&w), 3);
    size_t n;
    rl_token *t = rl_words_take(&w, &n);
    assert_int_equal(n, 3);
    assert_int_equal(rl_words_count(&w), 0);
    assert_int_equal(t[1].style, RL_STY_STRONG);
    assert_int_equal(t[1].space, RL_SP_SPACE);
    assert_int_equal(t[1].off, 4);
    assert_int_equal(t[2].off, 8);
    /* A hard break is stronger than a space. */
    rl_words_begin(&w, 0);
    rl_words_text(&w, "x ", 2, true, 0, 0, 0);
    rl_words_space(&w, RL_SP_BREAK);
    rl_words_space(&w, RL_SP_SPACE);
    rl_words_text(&w, "y", 1, true, 2, 0, 0);
    t = rl_words_take(&w, &n);
    assert_int_equal(n, 2);
    assert_int_equal(t[1].space, RL_SP_BREAK);
    rl_words_free(&w);
    rl_arena_free(a);
}

static void test_large_input_linear(void **state)
{
    (void)state;
    /* 200,000 words: must not take quadratic time or per-token mallocs. */
    rl_arena *a = rl_arena_new();
    size_t words = 200000;
    rl_buf b = RL_BUF_INIT;
    for (size_t i = 0; i < words; i++)
        rl_buf_puts(&b, i % 7 ? "word " : "People’s, ");
    rl_token *t;
    size_t n = rl_words_split(a, rl_buf_str(&b), &t);
    assert_true(n >= words);
    rl_buf_free(&b);
    rl_arena_free(a);
}

/* ---- labels ---------------------------------------------------------- */

static const char *label_of(rl_arena *a, const char *s, bool heading, size_t *rest)
{
    rl_token *t;
    size_t n = rl_words_split(a, rl_str_z(s), &t);
    rl_str lab = RL_STR_NULL;
    size_t k = rl_label_detect(a, t, n, heading, &lab);
    if (rest)
        *rest = n - k;
    return k ? lab.p : "";
}

static void test_labels_positive(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    size_t rest;
    assert_string_equal(label_of(a, "(a) To comply", false, &rest), "(a)");
    assert_int_equal(rest, 2);
    assert_string_equal(label_of(a, "(aa) x", false, NULL), "(aa)");
    assert_string_equal(label_of(a, "(iv) x", false, NULL), "(iv)");
    assert_string_equal(label_of(a, "(XII) x", false, NULL), "(XII)");
    assert_string_equal(label_of(a, "(12) x", false, NULL), "(12)");
    assert_string_equal(label_of(a, "(1) To comply", false, NULL), "(1)");
    assert_string_equal(label_of(a, "a) x", false, NULL), "a)");
    assert_string_equal(label_of(a, "1. x", false, NULL), "1.");
    assert_string_equal(label_of(a, "12. x", false, NULL), "12.");
    assert_string_equal(label_of(a, "1.2.3 x", false, NULL), "1.2.3");
    assert_string_equal(label_of(a, "1.2. x", false, NULL), "1.2.");
    assert_string_equal(label_of(a, "[1] x", false, NULL), "[1]");
    assert_string_equal(label_of(a, "Article 5. Everyone", false, NULL), "Article 5.");
    assert_string_equal(label_of(a, "Art. 5: x", false, NULL), "Art. 5:");
    assert_string_equal(label_of(a, "Section 3", false, &rest), "Section 3");
    assert_int_equal(rest, 0);
    assert_string_equal(label_of(a, "§ 4 Scope", true, NULL), "§ 4");
    assert_string_equal(label_of(a, "Article 5bis Title", true, NULL), "Article 5bis");
    assert_string_equal(label_of(a, "1.2 Scope", true, NULL), "1.2");
    assert_true(rl_label_check(rl_str_z("(b)")));
    assert_true(rl_label_check(rl_str_z("Article IV")));
    rl_arena_free(a);
}

static void test_labels_negative(void **state)
{
    (void)state;
    rl_arena *a = rl_arena_new();
    assert_string_equal(label_of(a, "(Signed) Li Baodong", false, NULL), "");
    assert_string_equal(label_of(a, "(UN) text", false, NULL), "");
    assert_string_equal(label_of(a, "(2011) text", false, NULL), "");
    assert_string_equal(label_of(a, "(see annex) text", false, NULL), "");
    assert_string_equal(label_of(a, "(a)To", false, NULL), "");
    assert_string_equal(label_of(a, "(iiii) x", false, NULL), "");
    assert_string_equal(label_of(a, "(ab) x", false, NULL), "");
    assert_string_equal(label_of(a, "1.5 million people", false, NULL), "");
    assert_string_equal(label_of(a, "2011. It was", false, NULL), "");
    assert_string_equal(label_of(a, "Article 5 of the Charter", false, NULL), "");
    assert_string_equal(label_of(a, "Part of the problem", true, NULL), "");
    assert_string_equal(label_of(a, "A. Author", false, NULL), "");
    assert_string_equal(label_of(a, "[Original: Chinese]", false, NULL), "");
    assert_string_equal(label_of(a, "", false, NULL), "");
    assert_false(rl_label_check(rl_str_z("(Signed)")));
    assert_false(rl_label_check(rl_str_z("")));
    rl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_and_punct),
        cmocka_unit_test(test_joiners),
        cmocka_unit_test(test_spaces_and_offsets),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_styles_and_builder),
        cmocka_unit_test(test_large_input_linear),
        cmocka_unit_test(test_labels_positive),
        cmocka_unit_test(test_labels_negative),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
