/* doc.c - load a version file into blocks of tokens (see doc.h).
 *
 * Three steps.  (1) Front matter: a first line "---" opens a YAML block that
 * ends at the next "---" or "..." line; it is parsed in place by ytree, so
 * YAML errors name the right line of the file.  (2) The body: CommonMark is
 * parsed by cmark with source positions and walked with cmark's iterator
 * (no recursion, so deeply nested quotes cannot overflow the stack); a
 * ".txt" body is cut at blank lines and tokenized straight from the source.
 * (3) Each paragraph, heading, list item or code block becomes an rl_block
 * whose tokens come from words.c and whose printed label from label.c.
 * A text node whose literal stands verbatim at cmark's position (nearly
 * all of them) is tokenized in place, with exact offsets; cmark positions
 * become offsets through a table of line starts, not a walk along the line.
 * A body of only paragraphs and ATX headings (md_is_plain: one memchr
 * per line, then a table look-up per byte OR-ed together, no branch per
 * byte) skips cmark and is cut directly, with exactly cmark's blocks and
 * tokens (held equal by a differential test in test_doc.c).  Each block
 * also gets its key hash for the diff (intern.c) while its tokens are
 * still in the cache, so that the diff need not read them again.
 * rl_doc_load_pair parses a second version on a helper thread (own arena
 * and sink, adopted afterwards); a multi-threaded parse of one file was
 * rejected: cmark's parse is one sequential pass.
 *
 * Markdown not kept (images, raw HTML) is reported as a warning where it
 * stands; an image's description stays as words.  Rejected: rendering to HTML and re-parsing it (loses
 * positions), and md4c (not packaged with source positions in Debian).
 */
#include "doc.h"
#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "helper.h"
#include "intern.h"
#include "label.h"
#include "source.h"
#include "words.h"
#include "ytree.h"

#include <cmark.h>
#if defined(__SSE2__) && !defined(RL_NO_SIMD)
#include <emmintrin.h>
#endif
#include <stdlib.h>
#include <string.h>

typedef struct loader {
    rl_arena *a;
    rl_diag *d;
    rl_source *src;
    rl_doc *doc;
    rl_words w;
    rl_buf blocks;  /* rl_block scratch */
    rl_buf links;   /* rl_str scratch */
    size_t body;    /* byte offset where the body starts */
    uint32_t *lines; /* Markdown: start of each line from the body's first on */
    size_t nlines;
} loader;

static rl_span at(loader *L, size_t off)
{
    if (off > L->src->len)
        off = L->src->len;
    return (rl_span){L->src, (uint32_t)off, (uint32_t)off};
}

/* ---- front matter --------------------------------------------------- */

/* If the line at off is exactly "---" or "..." (trailing blanks and CR
 * allowed), returns the offset of the next line, else 0. */
static size_t fence_line(const rl_source *s, size_t off, bool closing)
{
    const char *t = s->text;
    if (off + 3 > s->len)
        return 0;
    bool dash = memcmp(t + off, "---", 3) == 0;
    bool dots = closing && memcmp(t + off, "...", 3) == 0;
    if (!dash && !dots)
        return 0;
    size_t i = off + 3;
    while (i < s->len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r'))
        i++;
    if (i < s->len && t[i] != '\n')
        return 0;
    return i < s->len ? i + 1 : i;
}

static int front_matter(loader *L)
{
    rl_source *s = L->src;
    size_t start = 0;
    if (s->len >= 3 && memcmp(s->text, "\xEF\xBB\xBF", 3) == 0)
        start = 3;
    L->body = start;
    size_t yaml = fence_line(s, start, false);
    if (!yaml)
        return 0;
    size_t i = yaml;
    for (;;) {
        if (i >= s->len) {
            rl_diag_error(L->d, (rl_span){s, (uint32_t)start, (uint32_t)start + 3},
                          "front matter is not closed; end it with a line '---' (or remove this line)");
            return -1;
        }
        size_t next = fence_line(s, i, true);
        if (next) {
            rl_ynode *m = rl_ytree_parse(L->a, L->d, s, yaml, i - yaml);
            if (!m)
                return -1;
            if (m->kind != RL_Y_MAP) {
                rl_diag_error(L->d, m->span, "front matter must be a mapping of 'key: value' lines");
                return -1;
            }
            L->doc->meta = m;
            rl_ynode *lang = rl_ytree_lookup(m, "language");
            if (rl_ytree_str(L->d, lang, "language", &L->doc->lang) < 0)
                return -1;
            L->body = next;
            return 0;
        }
        const char *nl = memchr(s->text + i, '\n', s->len - i);
        i = nl ? (size_t)(nl - s->text) + 1 : s->len;
    }
}

/* ---- blocks --------------------------------------------------------- */

static void add_block(loader *L, rl_block_kind kind, uint8_t level, bool ordered, rl_str label, uint32_t label_off,
                      size_t off, size_t end, bool detect)
{
    rl_block b;
    memset(&b, 0, sizeof b);
    b.kind = kind;
    b.level = level;
    b.ordered = ordered;
    b.verbatim = L->w.verbatim;
    b.toks = rl_words_take(&L->w, &b.ntoks);
    b.label = label;
    b.label_off = label_off;
    if (detect && !label.n && b.ntoks) {
        size_t k = rl_label_detect(L->a, b.toks, b.ntoks, kind == RL_BLK_HEADING, &b.label);
        if (k) {
            b.label_off = b.toks[0].off;
            b.toks += k;
            b.ntoks -= k;
            if (b.ntoks)
                b.toks[0].space = RL_SP_NONE;
        }
    }
    if (!b.ntoks && !b.label.n && kind != RL_BLK_RULE)
        return;
    size_t nw;
    b.key_hash = rl_intern_hash_block(b.toks, b.ntoks, &nw);
    b.nwords = (uint32_t)nw;
    b.hashed = true;
    if (end > L->src->len)
        end = L->src->len;
    if (end < off)
        end = off;
    b.off = (uint32_t)off;
    b.end = (uint32_t)end;
    rl_buf_put(&L->blocks, &b, sizeof b);
}

/* ---- plain text ----------------------------------------------------- */

static bool blank_line(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
            return false;
    return true;
}

static void parse_txt(loader *L)
{
    const char *t = L->src->text;
    size_t n = L->src->len, i = L->body;
    size_t para = SIZE_MAX;  /* start of the current paragraph */
    while (i <= n) {
        const char *nl = i < n ? memchr(t + i, '\n', n - i) : NULL;
        size_t e = nl ? (size_t)(nl - t) : n;
        bool blank = blank_line(t + i, e - i);
        if (!blank && para == SIZE_MAX)
            para = i;
        if ((blank || e == n) && para != SIZE_MAX) {
            size_t pend = blank ? i : e;
            rl_words_begin(&L->w, (uint32_t)para);
            rl_words_text(&L->w, t + para, pend - para, true, (uint32_t)para, 0, 0);
            add_block(L, RL_BLK_PARA, 0, false, RL_STR_NULL, 0, para, pend, true);
            para = SIZE_MAX;
        }
        if (e == n)
            break;
        i = e + 1;
    }
}

/* ---- Markdown ------------------------------------------------------- */

/* Index the starts of the lines from the one holding the body on (one
 * memchr per line), so that a cmark position costs O(1) instead of a walk
 * along its line: paragraphs are often one long line. */
static void index_lines(loader *L)
{
    const char *t = L->src->text;
    size_t n = L->src->len, first = L->body;
    while (first > 0 && t[first - 1] != '\n')
        first--;
    size_t count = 1;
    for (const char *q = t + first, *end = t + n; (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
        count++;
    L->lines = rl_arena_array_raw(L->a, count, sizeof *L->lines);
    L->lines[0] = (uint32_t)first;
    size_t k = 1;
    for (const char *q = t + first, *end = t + n; (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
        L->lines[k++] = (uint32_t)(q - t + 1);
    L->nlines = count;
}

/* Byte offset of a cmark position (line relative to the body, column in
 * bytes, both 1-based), clamped to the end of its line. */
static size_t md_off(loader *L, int line, int col)
{
    if (line < 1)
        line = 1;
    if (col < 1)
        col = 1;
    size_t k = (size_t)line - 1;
    if (k >= L->nlines)
        return L->src->len;
    size_t o = L->lines[k];
    size_t e = k + 1 < L->nlines ? L->lines[k + 1] - 1 : L->src->len;
    o += (size_t)col - 1;
    return o > e ? e : o;
}

static size_t node_start(loader *L, cmark_node *n)
{
    return md_off(L, cmark_node_get_start_line(n), cmark_node_get_start_column(n));
}

static size_t node_end(loader *L, cmark_node *n)
{
    int line = cmark_node_get_end_line(n), col = cmark_node_get_end_column(n);
    if (line < 1)
        return node_start(L, n);
    size_t o = md_off(L, line, col < 1 ? 1 : col);
    /* The end column is inclusive: step over that character. */
    if (col >= 1 && o < L->src->len && L->src->text[o] != '\n') {
        o++;
        while (o < L->src->len && ((unsigned char)L->src->text[o] & 0xC0) == 0x80)
            o++;
    }
    return o;
}

static uint16_t add_link(loader *L, const char *url)
{
    size_t idx = L->links.n / sizeof(rl_str);
    if (idx >= UINT16_MAX)
        return 0;
    rl_str u = rl_arena_str(L->a, rl_str_z(url ? url : ""));
    rl_buf_put(&L->links, &u, sizeof u);
    return (uint16_t)(idx + 1);
}

/* Tokenize the literal of a text or code node that cmark places at pos.
 * When the literal stands verbatim in the source there (no escape, entity
 * or code-span trimming in it), its tokens are cut straight from the
 * source with exact offsets; otherwise words.c searches for each token. */
static void text_node(loader *L, const char *lit, uint32_t pos, uint8_t style, uint16_t link)
{
    size_t len = strlen(lit);
    const rl_source *s = L->src;
    if (len && pos >= L->w.cursor && len <= s->len - pos && memcmp(s->text + pos, lit, len) == 0) {
        rl_words_text(&L->w, s->text + pos, len, true, pos, style, link);
        L->w.cursor = pos + (uint32_t)len;
        return;
    }
    rl_words_text(&L->w, lit, len, false, pos, style, link);
}

/* Tokenize the inline content of a paragraph or heading. */
static void inlines(loader *L, cmark_node *block)
{
    cmark_iter *it = cmark_iter_new(block);
    unsigned emph = 0, strong = 0, linkdepth = 0;
    uint16_t link = 0;
    uint16_t link_stack[8] = {0};
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        bool enter = ev == CMARK_EVENT_ENTER;
        uint8_t style = (uint8_t)((emph ? RL_STY_EMPH : 0) | (strong ? RL_STY_STRONG : 0) | (link ? RL_STY_LINK : 0));
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
            text_node(L, cmark_node_get_literal(n), (uint32_t)node_start(L, n), style, link);
            break;
        case CMARK_NODE_CODE:
            text_node(L, cmark_node_get_literal(n), (uint32_t)node_start(L, n), style | RL_STY_CODE, link);
            break;
        case CMARK_NODE_SOFTBREAK:
            rl_words_space(&L->w, RL_SP_SPACE);
            break;
        case CMARK_NODE_LINEBREAK:
            rl_words_space(&L->w, RL_SP_BREAK);
            break;
        case CMARK_NODE_EMPH:
            enter ? emph++ : emph--;
            break;
        case CMARK_NODE_STRONG:
            enter ? strong++ : strong--;
            break;
        case CMARK_NODE_LINK:
            if (enter) {
                if (linkdepth < 8)
                    link_stack[linkdepth] = link;
                linkdepth++;
                link = add_link(L, cmark_node_get_url(n));
            } else {
                linkdepth--;
                link = linkdepth < 8 ? link_stack[linkdepth] : link;
            }
            break;
        case CMARK_NODE_IMAGE:
            if (enter)
                rl_diag_warning(L->d, at(L, node_start(L, n)),
                                "images are not kept in a version; only the image's description is kept as text");
            break;
        case CMARK_NODE_HTML_INLINE:
            rl_diag_warning(L->d, at(L, node_start(L, n)),
                            "raw HTML is left out of the text; write it in Markdown or escape the '<'");
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
}

static void code_block(loader *L, cmark_node *n, uint8_t level)
{
    const char *lit = cmark_node_get_literal(n);
    size_t len = strlen(lit);
    size_t start = node_start(L, n);
    rl_words_begin(&L->w, (uint32_t)start);
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(lit + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - lit) : len;
        rl_words_text(&L->w, lit + i, e - i, false, 0, RL_STY_CODE, 0);
        rl_words_space(&L->w, RL_SP_BREAK);
        i = e + 1;
    }
    add_block(L, RL_BLK_CODE, level, false, RL_STR_NULL, 0, start, node_end(L, n), false);
}

static void parse_md(loader *L)
{
    const char *body = L->src->text + L->body;
    size_t len = L->src->len - L->body;
    index_lines(L);
    cmark_node *root = cmark_parse_document(body, len, CMARK_OPT_SOURCEPOS);
    cmark_iter *it = cmark_iter_new(root);
    unsigned lists = 0, quotes = 0;
    /* Item numbers per list depth (grown as needed). */
    long *nums = NULL;
    bool *ordered = NULL;
    size_t depth_cap = 0;
    bool item_pending = false;
    rl_str item_label = RL_STR_NULL;
    uint32_t item_label_off = 0;
    bool item_ordered = false;
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        bool enter = ev == CMARK_EVENT_ENTER;
        unsigned depth = lists + quotes;
        uint8_t level = (uint8_t)(depth > 1 ? (depth - 1 > 255 ? 255 : depth - 1) : 0);
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_BLOCK_QUOTE:
            enter ? quotes++ : quotes--;
            break;
        case CMARK_NODE_LIST:
            if (enter) {
                if (lists >= depth_cap) {
                    size_t nc = depth_cap ? depth_cap * 2 : 8;
                    nums = rl_arena_grow(L->a, nums, depth_cap, nc, sizeof *nums);
                    ordered = rl_arena_grow(L->a, ordered, depth_cap, nc, sizeof *ordered);
                    depth_cap = nc;
                }
                nums[lists] = (long)cmark_node_get_list_start(n) - 1;
                ordered[lists] = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
                lists++;
            } else {
                lists--;
            }
            break;
        case CMARK_NODE_ITEM:
            if (enter) {
                long num = ++nums[lists - 1];
                item_pending = true;
                item_ordered = ordered[lists - 1];
                item_label = RL_STR_NULL;
                item_label_off = (uint32_t)node_start(L, n);
                if (item_ordered) {
                    cmark_node *list = cmark_node_parent(n);
                    char delim = cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? ')' : '.';
                    item_label = rl_str_z(rl_arena_printf(L->a, "%ld%c", num, delim));
                    /* Point at the number as written, after any indentation. */
                    const char *t = L->src->text;
                    while (item_label_off < L->src->len && (t[item_label_off] == ' ' || t[item_label_off] == '\t'))
                        item_label_off++;
                }
            } else {
                item_pending = false;
            }
            break;
        case CMARK_NODE_PARAGRAPH:
        case CMARK_NODE_HEADING: {
            if (!enter)
                break;
            bool heading = cmark_node_get_type(n) == CMARK_NODE_HEADING;
            rl_block_kind kind = heading ? RL_BLK_HEADING
                                 : item_pending ? RL_BLK_ITEM
                                 : quotes ? RL_BLK_QUOTE
                                 : RL_BLK_PARA;
            size_t start = node_start(L, n);
            rl_words_begin(&L->w, (uint32_t)start);
            inlines(L, n);
            uint8_t lv = heading ? (uint8_t)cmark_node_get_heading_level(n) : level;
            rl_str label = item_pending ? item_label : RL_STR_NULL;
            add_block(L, kind, lv, item_pending && item_ordered, label, item_label_off, start, node_end(L, n), true);
            item_pending = false;
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
            break;
        }
        case CMARK_NODE_CODE_BLOCK:
            item_pending = false;
            code_block(L, n, level);
            break;
        case CMARK_NODE_THEMATIC_BREAK:
            rl_words_begin(&L->w, 0);
            add_block(L, RL_BLK_RULE, level, false, RL_STR_NULL, 0, node_start(L, n), node_end(L, n), false);
            break;
        case CMARK_NODE_HTML_BLOCK:
            rl_diag_warning(L->d, at(L, node_start(L, n)),
                            "raw HTML is left out of the text (tables and other HTML are not supported); "
                            "write it in Markdown");
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
    cmark_node_free(root);
}

/* ---- Markdown without Markdown -------------------------------------- */

/* What md_is_plain needs to know about the line [p, e): -1 if it starts,
 * after up to three spaces, with what could open a block other than a
 * paragraph or an ATX heading: - + = (list, setext underline, rule) or a
 * digit run followed by '.' or ')' (ordered list); or is indented by four
 * spaces (code); or ends in two spaces (a hard break); or is an ATX heading
 * that may have a closing sequence.  Else 0 for a blank line or a heading,
 * or 1 + the indentation of a paragraph line. */
static int md_line_kind(const char *p, const char *e)
{
    const char *q = p;
    while (q < e && *q == ' ')
        q++;
    if (q == e)
        return 0;   /* blank */
    if (q - p >= 4 || (e - p >= 2 && e[-1] == ' ' && e[-2] == ' '))
        return -1;
    if (*q == '-' || *q == '+' || *q == '=')
        return -1;
    if (*q >= '0' && *q <= '9') {
        const char *r = q;
        while (r < e && *r >= '0' && *r <= '9')
            r++;
        if (r < e && (*r == '.' || *r == ')'))
            return -1;
    }
    if (*q == '#') {
        const char *h = q;
        while (h < e && *h == '#')
            h++;
        if (h - q <= 6 && (h == e || *h == ' ')) {
            const char *r = e;
            while (r > q && r[-1] == ' ')
                r--;
            return r[-1] == '#' ? -1 : 0;
        }
    }
    return 1 + (int)(q - p);
}

/* Bytes that md_is_plain refuses (see there); '\n' is not among them: the
 * lines are cut before. */
static const uint8_t md_bad[256] = {
    [0] = 1,   [1] = 1,   [2] = 1,   [3] = 1,   [4] = 1,    [5] = 1,   [6] = 1,   [7] = 1,    [8] = 1,
    [9] = 1,   [11] = 1,  [12] = 1,  [13] = 1,  [14] = 1,   [15] = 1,  [16] = 1,  [17] = 1,   [18] = 1,
    [19] = 1,  [20] = 1,  [21] = 1,  [22] = 1,  [23] = 1,   [24] = 1,  [25] = 1,  [26] = 1,   [27] = 1,
    [28] = 1,  [29] = 1,  [30] = 1,  [31] = 1,  ['*'] = 1,  ['_'] = 1, ['`'] = 1, ['['] = 1,  [']'] = 1,
    ['<'] = 1, ['>'] = 1, ['!'] = 1, ['&'] = 1, ['\\'] = 1, ['|'] = 1, ['~'] = 1, [0x7f] = 1,
};

/* True if a byte of p[0..n) is in md_bad.  The test is OR-ed together
 * without a branch per byte (lines are rarely bad, and a paragraph is
 * often one long line): sixteen bytes at a time with SSE2, where there is
 * SSE2 (the set is a few ranges and single bytes), then the table. */
static bool md_any_bad(const char *p, size_t n)
{
    const unsigned char *u = (const unsigned char *)p;
    unsigned acc = 0;
    size_t i = 0;
#if defined(__SSE2__) && !defined(RL_NO_SIMD)
    __m128i any = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
        /* signed compares: bytes >= 0x80 are negative and never bad */
        __m128i ctl =
            _mm_and_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)), _mm_cmpgt_epi8(x, _mm_set1_epi8(-1)));
        __m128i brackets = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('[' - 1)),
                                         _mm_cmplt_epi8(x, _mm_set1_epi8(']' + 1)));
        __m128i under = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('_' - 1)),
                                      _mm_cmplt_epi8(x, _mm_set1_epi8('`' + 1)));
        __m128i tilde = _mm_cmpgt_epi8(x, _mm_set1_epi8('~' - 1)); /* ~ and DEL */
        __m128i one = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('*')), _mm_cmpeq_epi8(x, _mm_set1_epi8('<'))),
            _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('>')), _mm_cmpeq_epi8(x, _mm_set1_epi8('!'))));
        __m128i two =
            _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('&')), _mm_cmpeq_epi8(x, _mm_set1_epi8('|')));
        any =
            _mm_or_si128(any, _mm_or_si128(_mm_or_si128(ctl, brackets),
                                           _mm_or_si128(_mm_or_si128(under, tilde), _mm_or_si128(one, two))));
    }
    acc = (unsigned)_mm_movemask_epi8(any);
#endif
    for (; i + 8 <= n; i += 8)
        acc |= md_bad[u[i]] | md_bad[u[i + 1]] | md_bad[u[i + 2]] | md_bad[u[i + 3]] | md_bad[u[i + 4]] |
               md_bad[u[i + 5]] | md_bad[u[i + 6]] | md_bad[u[i + 7]];
    for (; i < n; i++)
        acc |= md_bad[u[i]];
    return acc != 0;
}

/* True if the body is plain enough for parse_direct: no byte that starts
 * inline Markdown, an entity, an escape, HTML or a fence (* _ ` [ ] < > ! &
 * \\ | ~), no control character but the line feed (no tabs, no CRs), no
 * byte order mark before or at the body's start (cmark's columns would
 * count it), no line as above, and no paragraph whose lines are indented
 * differently (cmark places the text of such a line at the first line's
 * indentation).  One memchr per line finds its end. */
static bool md_is_plain(const char *t, size_t from, size_t n)
{
    if (n - from >= 3 && memcmp(t + from, "\xEF\xBB\xBF", 3) == 0)
        return false;
    if (from > 0 && t[from - 1] != '\n')
        return false;
    size_t line = from;
    int indent = 0;   /* 1 + the indentation of the current paragraph, 0 if none */
    for (;;) {
        const char *nl = memchr(t + line, '\n', n - line);
        size_t e = nl ? (size_t)(nl - t) : n;
        if (md_any_bad(t + line, e - line))
            return false;
        int k = md_line_kind(t + line, t + e);
        if (k < 0 || (k > 0 && indent > 0 && k != indent))
            return false;
        indent = k;
        if (!nl)
            return true;
        line = e + 1;
    }
}

/* One line's text [s, e) of a paragraph or heading, as cmark gives it: a
 * text node standing verbatim in the source, trailing spaces dropped. */
static void direct_text(loader *L, size_t s, size_t e)
{
    while (e > s && L->src->text[e - 1] == ' ')
        e--;
    if (e > s) {
        rl_words_text(&L->w, L->src->text + s, e - s, true, (uint32_t)s, 0, 0);
        L->w.cursor = (uint32_t)e;
    }
}

/* A body that md_is_plain accepted: paragraphs cut at blank lines, ATX
 * headings one line each (interrupting a paragraph), with the blocks,
 * offsets and tokens parse_md would give. */
static void parse_direct(loader *L)
{
    const char *t = L->src->text;
    size_t n = L->src->len, i = L->body;
    size_t para = SIZE_MAX, para_end = 0;
    for (;;) {
        const char *nl = i < n ? memchr(t + i, '\n', n - i) : NULL;
        size_t e = nl ? (size_t)(nl - t) : n;
        size_t q = i;
        while (q < e && t[q] == ' ')
            q++;
        size_t h = q;
        while (h < e && t[h] == '#')
            h++;
        bool heading = h > q && h - q <= 6 && (h == e || t[h] == ' ');
        if ((q == e || heading) && para != SIZE_MAX) {
            add_block(L, RL_BLK_PARA, 0, false, RL_STR_NULL, 0, para, para_end, true);
            para = SIZE_MAX;
        }
        if (heading) {
            /* cmark drops the trailing spaces before it sets the end. */
            uint8_t level = (uint8_t)(h - q);
            size_t end = e;
            while (end > h && t[end - 1] == ' ')
                end--;
            rl_words_begin(&L->w, (uint32_t)q);
            while (h < end && t[h] == ' ')
                h++;
            direct_text(L, h, end);
            add_block(L, RL_BLK_HEADING, level, false, RL_STR_NULL, 0, q, end, true);
        } else if (q < e) {
            if (para == SIZE_MAX) {
                para = q;
                rl_words_begin(&L->w, (uint32_t)q);
            } else {
                rl_words_space(&L->w, RL_SP_SPACE);
            }
            direct_text(L, q, e);
            para_end = e;
        }
        if (e >= n)
            break;
        i = e + 1;
    }
    if (para != SIZE_MAX)
        add_block(L, RL_BLK_PARA, 0, false, RL_STR_NULL, 0, para, para_end, true);
}

/* ---- entry points --------------------------------------------------- */

static bool is_txt(const char *path)
{
    size_t n = strlen(path);
    return n >= 4 && (strcmp(path + n - 4, ".txt") == 0 || strcmp(path + n - 4, ".TXT") == 0);
}

static void free_blocks(void *p)
{
    free(p);
}

/* checked: src comes from rl_source_load, which has already refused NUL
 * bytes and invalid UTF-8 (so the text need not be scanned again). */
static rl_doc *parse(rl_arena *a, rl_diag *d, rl_source *src, rl_doc_md md, bool checked)
{
    loader L;
    memset(&L, 0, sizeof L);
    L.a = a;
    L.d = d;
    L.src = src;
    L.doc = rl_arena_alloc(a, sizeof *L.doc);
    L.doc->src = src;
    L.doc->lang = (rl_str){"", 0};
    /* rl_source_load checks this already; sources made in memory are not. */
    long bad = checked ? -1 : rl_utf8_check(src->text, src->len);
    const char *nul = checked ? NULL : memchr(src->text, 0, src->len);
    if (bad >= 0 || nul) {
        size_t off = bad >= 0 ? (size_t)bad : (size_t)(nul - src->text);
        rl_diag_error(d, at(&L, off), bad >= 0 ? "invalid UTF-8 (byte 0x%02X); save the file as UTF-8"
                                               : "a NUL byte (0x%02X) in the text; give a UTF-8 text file",
                      (unsigned char)src->text[off]);
        return NULL;
    }
    if (front_matter(&L) < 0)
        return NULL;
    bool txt = is_txt(src->path);
    bool direct = !txt && md != RL_DOC_MD_CMARK && md_is_plain(src->text, L.body, src->len);
    if (!txt && md == RL_DOC_MD_DIRECT && !direct)
        return NULL;
    rl_words_init(&L.w, a, src);
    L.blocks = RL_BUF_INIT;
    L.links = RL_BUF_INIT;
    if (txt)
        parse_txt(&L);
    else if (direct)
        parse_direct(&L);
    else
        parse_md(&L);
    rl_words_free(&L.w);
    L.doc->local = txt ? RL_DOC_LOCAL_TXT : direct ? RL_DOC_LOCAL_DIRECT : 0;
    size_t nb = L.blocks.n / sizeof(rl_block);
    bool text = false;
    if (nb) {
        /* The scratch buffer becomes the array, freed with the arena: a
         * copy of a long document's blocks cost a page fault per 4 KiB. */
        L.doc->blocks = (rl_block *)(void *)L.blocks.p;
        rl_arena_defer(a, free_blocks, L.blocks.p);
        L.blocks = RL_BUF_INIT;
        L.doc->nblocks = nb;
        for (size_t i = 0; i < nb && !text; i++)
            text = L.doc->blocks[i].ntoks > 0 || L.doc->blocks[i].label.n > 0;
    }
    size_t nl = L.links.n / sizeof(rl_str);
    if (nl) {
        L.doc->links = rl_arena_array(a, nl, sizeof(rl_str));
        memcpy(L.doc->links, L.links.p, L.links.n);
        L.doc->nlinks = nl;
    }
    rl_buf_free(&L.blocks);
    rl_buf_free(&L.links);
    if (!text) {
        rl_diag_error(d, at(&L, L.body), "'%s' has no text; a version needs at least one paragraph", src->path);
        return NULL;
    }
    return L.doc;
}

rl_doc *rl_doc_parse(rl_arena *a, rl_diag *d, rl_source *src)
{
    return parse(a, d, src, RL_DOC_MD_AUTO, false);
}

rl_doc *rl_doc_parse_opts(rl_arena *a, rl_diag *d, rl_source *src, rl_doc_md md)
{
    return parse(a, d, src, md, false);
}

rl_doc *rl_doc_load(rl_arena *a, rl_diag *d, const char *path, const rl_span *named_at)
{
    rl_source *s = rl_source_load(a, d, path, named_at);
    if (!s)
        return NULL;
    return parse(a, d, s, RL_DOC_MD_AUTO, true);
}

/* ---- two versions at once -------------------------------------------- */

typedef struct job {
    const char *path;
    rl_arena *a;
    rl_diag *d;
    rl_doc *doc;
} job;

static void load_job(void *arg)
{
    job *j = arg;
    j->doc = rl_doc_load(j->a, j->d, j->path, NULL);
}

int rl_doc_load_pair(rl_arena *a, rl_diag *d, const char *path1, const char *path2, rl_doc **doc1,
                     rl_doc **doc2)
{
    job j = {path2, rl_arena_new(), rl_diag_new(), NULL};
    rl_helper h;
    rl_helper_start(&h, load_job, &j, true);
    *doc1 = rl_doc_load(a, d, path1, NULL);
    rl_helper_join(&h);
    if (rl_diag_count(j.d) == 0) {
        /* The helper's arena joins a; its source's line map must be built
         * in a from now on. */
        rl_arena_adopt(a, j.a);
        if (j.doc)
            j.doc->src->arena = a;
        *doc2 = j.doc;
    } else {
        /* Something to report: load again here, so that the messages come
         * in the same order (and with the same sources) as from two
         * rl_doc_load calls. */
        rl_arena_free(j.a);
        *doc2 = rl_doc_load(a, d, path2, NULL);
    }
    rl_diag_free(j.d);
    return *doc1 && *doc2 ? 0 : -1;
}

void rl_block_text(const rl_block *b, size_t from, size_t to, rl_buf *out)
{
    if (to > b->ntoks)
        to = b->ntoks;
    for (size_t i = from; i < to; i++) {
        const rl_token *t = &b->toks[i];
        if (i > from) {
            if (t->space == RL_SP_BREAK)
                rl_buf_putc(out, '\n');
            else if (t->space == RL_SP_SPACE)
                rl_buf_putc(out, ' ');
        }
        rl_buf_put(out, t->text.p, t->text.n);
    }
}

size_t rl_block_words(const rl_block *b)
{
    size_t n = 0;
    for (size_t i = 0; i < b->ntoks; i++)
        n += b->toks[i].kind == RL_TOK_WORD;
    return n;
}
