/* anchor.c - anchor each note's quote in its version, then in the redline.
 *
 * Stage 1, find: the version's rendered text (tokens joined by their
 * separators, blocks by a space, no labels; see anchor.h) and the quote are
 * normalized to code points, and the quote is searched with fuzzy.c's
 * Myers scan, which finds the exact occurrences (0 edits) and, failing
 * those, the best approximate ones in the same pass.  Several equally good
 * occurrences are told apart by how much of `prefix` (read backwards) and
 * `suffix` (read forwards) matches around each, as the W3C
 * TextQuoteSelector intends; a tie is an error listing every candidate.
 * An approximate match is kept when its similarity 1 - edits/len(quote)
 * reaches the threshold, with a warning.  Hypothesis's anchoring also
 * weighs a position hint; we have none to offer, and rejected it.
 * Stage 2, map: each token of the matched range is located in the redline
 * (EQUAL and DELETE runs carry old tokens, EQUAL and INSERT runs new ones),
 * and the note spans the first to the last of those positions in reading
 * order, so an old-version quote covers deleted and unchanged words and a
 * new-version quote inserted and unchanged ones.  Notes are numbered in
 * reading order of their marker (the last token), ties by first token,
 * then id.  A note quoting a third version (publications with 3+ versions)
 * is shown only where its quote occurs exactly and once, new side first.
 */
#include "anchor.h"
#include "arena.h"
#include "diag.h"
#include "fuzzy.h"
#include "pub.h"
#include "source.h"
#include "words.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- normalization --------------------------------------------------- */

static int32_t fold_quote(int32_t c)
{
    switch (c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B:
        return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F:
        return '"';
    default:
        return c;
    }
}

static bool invisible(int32_t c)
{
    return c == 0x00AD || c == 0x200B || c == 0x2060 || c == 0xFEFF;
}

/* Append the code points of p[0..n) to out (room assumed), folding quotes,
 * dropping invisibles, collapsing white space; *nout is the count. */
static void append_cps(const char *p, size_t n, int32_t *out, size_t *nout)
{
    for (size_t i = 0; i < n;) {
        int32_t c;
        i += (size_t)rl_utf8_decode(p + i, n - i, &c);
        if (invisible(c))
            continue;
        if (rl_words_is_space(c)) {
            if (*nout > 0 && out[*nout - 1] == ' ')
                continue;
            c = ' ';
        }
        out[(*nout)++] = fold_quote(c);
    }
}

size_t rl_anchor_normalize(rl_arena *a, rl_str s, bool trim, int32_t **out)
{
    char *z = rl_arena_strdup(a, s);
    utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)z);
    const char *p = nfc ? (const char *)nfc : z;
    size_t len = strlen(p);
    int32_t *v = rl_arena_array(a, len + 1, sizeof *v);
    size_t n = 0;
    append_cps(p, len, v, &n);
    free(nfc);
    size_t from = 0;
    if (trim) {
        while (n > 0 && v[n - 1] == ' ')
            n--;
        while (from < n && v[from] == ' ')
            from++;
    }
    *out = v + from;
    return n - from;
}

rl_anchor_text *rl_anchor_text_new(rl_arena *a, const rl_doc *doc)
{
    size_t cap = 1;
    for (size_t b = 0; b < doc->nblocks; b++)
        for (size_t k = 0; k < doc->blocks[b].ntoks; k++)
            cap += doc->blocks[b].toks[k].text.n + 1;
    rl_anchor_text *t = rl_arena_alloc(a, sizeof *t);
    t->doc = doc;
    t->cp = rl_arena_array(a, cap, sizeof *t->cp);
    t->blk = rl_arena_array(a, cap, sizeof *t->blk);
    t->tok = rl_arena_array(a, cap, sizeof *t->tok);
    size_t n = 0;
    for (size_t b = 0; b < doc->nblocks; b++) {
        const rl_block *bl = &doc->blocks[b];
        for (size_t k = 0; k < bl->ntoks; k++) {
            const rl_token *tk = &bl->toks[k];
            /* A block boundary is white space; so is any separator. */
            if (n > 0 && (k == 0 || tk->space != RL_SP_NONE) && t->cp[n - 1] != ' ') {
                t->cp[n] = ' ';
                t->blk[n] = (uint32_t)b;
                t->tok[n] = -1;
                n++;
            }
            size_t n0 = n;
            append_cps(tk->text.p, tk->text.n, t->cp, &n);
            for (size_t i = n0; i < n; i++) {
                t->blk[i] = (uint32_t)b;
                t->tok[i] = (int32_t)k;
            }
        }
    }
    t->n = n;
    return t;
}

/* ---- messages -------------------------------------------------------- */

/* UTF-8 of cps[0..n), shortened in the middle past `max` code points. */
static void put_cps(rl_buf *b, const int32_t *cps, size_t n, size_t max)
{
    char u[4];
    for (size_t i = 0; i < n; i++) {
        if (n > max && i == max / 2) {
            rl_buf_puts(b, "...");
            i = n - max / 2;
        }
        rl_buf_put(b, u, (size_t)rl_utf8_encode(cps[i], u));
    }
}

/* t[*start, *end) widened to whole tokens, for showing a fuzzy match. */
static void widen(const rl_anchor_text *t, size_t *start, size_t *end)
{
    size_t a = *start, b = *end;
    while (a > 0 && a < t->n && t->tok[a] >= 0 && t->tok[a - 1] == t->tok[a] && t->blk[a - 1] == t->blk[a])
        a--;
    while (b > a && b < t->n && t->tok[b - 1] >= 0 && t->tok[b] == t->tok[b - 1] && t->blk[b] == t->blk[b - 1])
        b++;
    *start = a;
    *end = b;
}

/* "path:line:col" of the first token of t[start, end). */
static void put_where(rl_buf *b, const rl_anchor_text *t, size_t start, size_t end)
{
    size_t i = start;
    while (i + 1 < end && t->tok[i] < 0)
        i++;
    const rl_doc *doc = t->doc;
    uint32_t off = 0;
    if (i < t->n && t->tok[i] >= 0)
        off = doc->blocks[t->blk[i]].toks[t->tok[i]].off;
    else if (i < t->n && t->blk[i] < doc->nblocks)
        off = doc->blocks[t->blk[i]].off;
    unsigned line, col;
    rl_source_linecol(doc->src, off, &line, &col);
    rl_buf_printf(b, "%s:%u:%u", doc->src->path, line, col);
}

/* ---- stage 1: find ---------------------------------------------------- */

struct rl_anchor_memo {
    const rl_doc *doc;
    int rc;
    rl_anchor_hit hit;
    rl_anchor_memo *next;
};

/* How many code points of the prefix match just before `start` (read
 * backwards), white space at the junction ignored. */
static size_t prefix_score(const rl_anchor_text *t, size_t start, const int32_t *p, size_t np)
{
    while (np > 0 && p[np - 1] == ' ')
        np--;
    size_t i = start, k = 0;
    while (i > 0 && t->cp[i - 1] == ' ')
        i--;
    while (k < np && i > 0 && t->cp[i - 1] == p[np - 1 - k])
        k++, i--;
    return k;
}

static size_t suffix_score(const rl_anchor_text *t, size_t end, const int32_t *s, size_t ns)
{
    size_t from = 0, j = end, k = 0;
    while (from < ns && s[from] == ' ')
        from++;
    while (j < t->n && t->cp[j] == ' ')
        j++;
    while (from + k < ns && j < t->n && t->cp[j] == s[from + k])
        k++, j++;
    return k;
}

/* Token range of t[start, end), white space at either end skipped. */
static bool hit_tokens(const rl_anchor_text *t, size_t start, size_t end, rl_anchor_hit *h)
{
    while (start < end && t->tok[start] < 0)
        start++;
    while (end > start && t->tok[end - 1] < 0)
        end--;
    if (start >= end)
        return false;
    h->b0 = t->blk[start];
    h->t0 = (uint32_t)t->tok[start];
    h->b1 = t->blk[end - 1];
    h->t1 = (uint32_t)t->tok[end - 1];
    return true;
}

static int find(rl_diag *d, rl_arena *a, const rl_anchor_text *t, const rl_annot_entry *e, double threshold,
                rl_anchor_hit *out)
{
    int32_t *q, *pre, *suf;
    size_t m = rl_anchor_normalize(a, e->note.quote, true, &q);
    size_t npre = rl_anchor_normalize(a, e->prefix, false, &pre);
    size_t nsuf = rl_anchor_normalize(a, e->suffix, false, &suf);
    const char *ver = e->note.version.p;
    if (m == 0) {
        rl_diag_error(d, e->quote_at, "empty quote; quote the words the note is about");
        return -1;
    }
    if (t->n == 0) {
        rl_diag_error(d, e->quote_at, "version '%s' has no text to anchor to", ver);
        return -1;
    }
    size_t cap = 16;
    rl_fuzzy_hit *hits = rl_xmalloc(cap * sizeof *hits);
    size_t nh = rl_fuzzy_search(t->cp, t->n, q, m, hits, cap);
    if (nh > cap) {
        cap = nh;
        hits = rl_xrealloc(hits, cap * sizeof *hits);
        nh = rl_fuzzy_search(t->cp, t->n, q, m, hits, cap);
    }
    int rc = -1;
    rl_buf msg = RL_BUF_INIT;
    /* Tell equally good hits apart by their context. */
    size_t best = 0, nbest = 0, pick = 0;
    size_t *score = rl_xcalloc(nh ? nh : 1, sizeof *score);
    for (size_t i = 0; i < nh; i++) {
        score[i] = prefix_score(t, hits[i].start, pre, npre) + suffix_score(t, hits[i].end, suf, nsuf);
        if (i == 0 || score[i] > best)
            best = score[i], nbest = 0, pick = i;
        nbest += score[i] == best;
    }
    if (nh == 0) {
        rl_diag_error(d, e->quote_at, "quote not found in version '%s'", ver);
        goto done;
    }
    /* Far-off quotes tie easily; they are "not found", not ambiguous. */
    bool too_far = hits[0].edits > 0 && 1.0 - (double)hits[0].edits / (double)m < threshold;
    if (nbest > 1 && !too_far) {
        size_t shown = 0;
        for (size_t i = 0; i < nh; i++) {
            if (score[i] != best)
                continue;
            if (shown == 10) {
                rl_buf_printf(&msg, " and %zu more", nbest - shown);
                break;
            }
            rl_buf_puts(&msg, shown ? ", " : "");
            put_where(&msg, t, hits[i].start, hits[i].end);
            shown++;
        }
        rl_buf b2 = RL_BUF_INIT;
        if (hits[0].edits)
            rl_buf_printf(&b2, "is not in version '%s' exactly, and its best matches are equally good", ver);
        else
            rl_buf_printf(&b2, "matches %zu places in version '%s'", nbest, ver);
        rl_diag_error(d, e->quote_at, "quote %s (%s); %s", b2.p, msg.p,
                      npre || nsuf ? "lengthen the 'prefix' or 'suffix' until it tells them apart"
                                   : "add a 'prefix' or 'suffix' that tells them apart");
        rl_buf_free(&b2);
        goto done;
    }
    const rl_fuzzy_hit *h = &hits[pick];
    double sim = 1.0 - (double)h->edits / (double)m;
    if (!hit_tokens(t, h->start, h->end, out)) {
        rl_diag_error(d, e->quote_at, "quote not found in version '%s'", ver);
        goto done;
    }
    out->similarity = sim;
    if (h->edits == 0) {
        rc = 0;
        goto done;
    }
    size_t ws = h->start, we = h->end;
    widen(t, &ws, &we);
    rl_buf_puts(&msg, "quote \"");
    put_cps(&msg, q, m, 80);
    rl_buf_printf(&msg, "\" is not in version '%s'; ", ver);
    if (sim >= threshold) {
        rl_buf_puts(&msg, "anchored to \"");
        put_cps(&msg, t->cp + ws, we - ws, 80);
        rl_buf_puts(&msg, "\" at ");
        put_where(&msg, t, ws, we);
        rl_diag_warning(d, e->quote_at, "%s (similarity %.2f); update the quote", msg.p, sim);
        rc = 0;
    } else {
        rl_buf_puts(&msg, "the closest text is \"");
        put_cps(&msg, t->cp + ws, we - ws, 80);
        rl_buf_puts(&msg, "\" at ");
        put_where(&msg, t, ws, we);
        rl_diag_error(d, e->quote_at, "%s (similarity %.2f, below the threshold %.2f); correct the quote", msg.p, sim,
                      threshold);
    }
done:
    rl_buf_free(&msg);
    free(score);
    free(hits);
    return rc;
}

int rl_anchor_find(rl_diag *d, const rl_annots *set, const rl_anchor_text *t, const rl_annot_entry *e,
                   double threshold, rl_anchor_hit *out)
{
    for (const rl_anchor_memo *mm = e->memo; mm; mm = mm->next)
        if (mm->doc == t->doc) {
            *out = mm->hit;
            return mm->rc;
        }
    memset(out, 0, sizeof *out);
    int rc = find(d, set->a, t, e, threshold, out);
    rl_anchor_memo *mm = rl_arena_alloc(set->a, sizeof *mm);
    mm->doc = t->doc;
    mm->rc = rc;
    mm->hit = *out;
    mm->next = e->memo;
    /* The set is handed around as const; its memos are a cache. */
    ((rl_annot_entry *)e)->memo = mm;
    return rc;
}

/* ---- stage 2: map onto the redline ------------------------------------ */

int rl_anchor_rpos(const rl_redline *r, bool old_side, uint32_t blk, uint32_t tok, rl_rpos *out)
{
    for (size_t i = 0; i < r->nblocks; i++) {
        const rl_rblock *b = &r->blocks[i];
        if (b->ghost || (old_side ? b->old_index : b->new_index) != (int32_t)blk)
            continue;
        for (size_t k = 0; k < b->nruns; k++) {
            const rl_run *run = &b->runs[k];
            uint32_t base;
            if (old_side && (run->op == RL_OP_EQUAL || run->op == RL_OP_DELETE))
                base = run->old0;
            else if (!old_side && (run->op == RL_OP_EQUAL || run->op == RL_OP_INSERT))
                base = run->new0;
            else
                continue;
            if (tok >= base && tok < base + run->n) {
                *out = (rl_rpos){(uint32_t)i, (uint32_t)k, tok - base};
                return 0;
            }
        }
    }
    return -1;
}

static int rpos_cmp(rl_rpos a, rl_rpos b)
{
    if (a.block != b.block)
        return a.block < b.block ? -1 : 1;
    if (a.run != b.run)
        return a.run < b.run ? -1 : 1;
    return a.off < b.off ? -1 : a.off > b.off;
}

/* First and last redline positions of the document tokens of h. */
static int map_hit(const rl_redline *r, const rl_doc *doc, bool old_side, const rl_anchor_hit *h, rl_rpos *first,
                   rl_rpos *last)
{
    bool any = false;
    for (uint32_t b = h->b0; b <= h->b1 && b < doc->nblocks; b++) {
        uint32_t k0 = b == h->b0 ? h->t0 : 0;
        uint32_t k1 = b == h->b1 ? h->t1 : (uint32_t)doc->blocks[b].ntoks - 1;
        if (doc->blocks[b].ntoks == 0)
            continue;
        for (uint32_t k = k0; k <= k1; k++) {
            rl_rpos p;
            if (rl_anchor_rpos(r, old_side, b, k, &p) != 0)
                continue;
            if (!any || rpos_cmp(p, *first) < 0)
                *first = p;
            if (!any || rpos_cmp(p, *last) > 0)
                *last = p;
            any = true;
        }
    }
    return any ? 0 : -1;
}

static int note_cmp(const void *pa, const void *pb)
{
    const rl_note *a = pa, *b = pb;
    int c = rpos_cmp(a->last, b->last);
    if (!c)
        c = rpos_cmp(a->first, b->first);
    if (!c) {
        size_t n = a->id.n < b->id.n ? a->id.n : b->id.n;
        c = memcmp(a->id.p, b->id.p, n);
        if (!c)
            c = a->id.n < b->id.n ? -1 : a->id.n > b->id.n;
    }
    return c;
}

int rl_annot_attach(rl_arena *a, rl_diag *d, rl_redline *r, const rl_annots *notes, const rl_version *vold,
                    const rl_version *vnew, double threshold)
{
    int rc = 0;
    for (size_t i = 0; i < r->nblocks; i++) {
        r->blocks[i].marks = NULL;
        r->blocks[i].nmarks = 0;
    }
    r->notes = NULL;
    r->nnotes = 0;
    if (!notes || notes->n == 0)
        return 0;
    rl_anchor_text *told = NULL, *tnew = NULL;
    rl_note *out = rl_arena_array(a, notes->n, sizeof *out);
    size_t nout = 0;
    for (size_t i = 0; i < notes->n; i++) {
        const rl_annot_entry *e = &notes->v[i];
        bool old_side, own = true;
        if (vold && rl_str_eq(e->note.version, vold->id))
            old_side = true;
        else if (vnew && rl_str_eq(e->note.version, vnew->id))
            old_side = false;
        else
            old_side = false, own = false;
        rl_anchor_hit h;
        if (own) {
            const rl_doc *doc = old_side ? r->old : r->new;
            if (!doc)
                continue;
            rl_anchor_text **tp = old_side ? &told : &tnew;
            if (!*tp)
                *tp = rl_anchor_text_new(a, doc);
            if (rl_anchor_find(d, notes, *tp, e, threshold, &h) != 0) {
                rc = -1;
                continue;
            }
        } else {
            /* A note on a third version: shown only where its quote occurs
             * exactly and once, in the new version, else in the old one;
             * silently left out otherwise (its own version reports). */
            rl_diag *quiet = rl_diag_new();
            bool found = false;
            for (int side = 0; side < 2 && !found; side++) {
                const rl_doc *doc = side == 0 ? r->new : r->old;
                rl_anchor_text **tp = side == 0 ? &tnew : &told;
                if (!doc)
                    continue;
                if (!*tp)
                    *tp = rl_anchor_text_new(a, doc);
                found = rl_anchor_find(quiet, notes, *tp, e, 1.0, &h) == 0;
                old_side = side == 1;
            }
            rl_diag_free(quiet);
            if (!found)
                continue;
        }
        const rl_doc *doc = old_side ? r->old : r->new;
        rl_note n = e->note;
        if (map_hit(r, doc, old_side, &h, &n.first, &n.last) != 0) {
            if (!own)
                continue;
            rl_diag_error(d, e->quote_at, "the quoted words are missing from the comparison of '%s' and '%s'",
                          vold ? vold->id.p : "?", vnew ? vnew->id.p : "?");
            rc = -1;
            continue;
        }
        n.similarity = h.similarity;
        out[nout++] = n;
    }
    qsort(out, nout, sizeof *out, note_cmp);
    for (size_t i = 0; i < nout; i++)
        out[i].number = (unsigned)(i + 1);
    r->notes = out;
    r->nnotes = nout;
    /* Marks: notes are sorted by marker position, so each block's list is. */
    for (size_t i = 0; i < nout; i++)
        r->blocks[out[i].last.block].nmarks++;
    for (size_t i = 0; i < r->nblocks; i++) {
        rl_rblock *b = &r->blocks[i];
        if (b->nmarks)
            b->marks = rl_arena_array(a, b->nmarks, sizeof *b->marks);
        b->nmarks = 0;
    }
    for (size_t i = 0; i < nout; i++) {
        rl_rblock *b = &r->blocks[out[i].last.block];
        b->marks[b->nmarks++] = &out[i];
    }
    return rc;
}

void rl_anchor_span_text(const rl_redline *r, const rl_note *n, bool old_side, rl_buf *out)
{
    bool first = true;
    for (uint32_t bi = n->first.block; bi <= n->last.block && bi < r->nblocks; bi++) {
        const rl_rblock *b = &r->blocks[bi];
        bool block_start = true;
        for (uint32_t ri = 0; ri < b->nruns; ri++) {
            const rl_run *run = &b->runs[ri];
            bool mine = old_side ? run->op != RL_OP_INSERT : run->op != RL_OP_DELETE;
            if (!mine)
                continue;
            for (uint32_t k = 0; k < run->n; k++) {
                rl_rpos p = {bi, ri, k};
                if (rpos_cmp(p, n->first) < 0 || rpos_cmp(p, n->last) > 0)
                    continue;
                const rl_token *tk = old_side ? &b->old->toks[run->old0 + k] : &b->new->toks[run->new0 + k];
                if (!first)
                    rl_buf_puts(out, block_start ? " " : tk->space == RL_SP_BREAK ? "\n"
                                                        : tk->space == RL_SP_SPACE ? " " : "");
                rl_buf_putstr(out, tk->text);
                first = false;
                block_start = false;
            }
        }
    }
}

size_t rl_anchor_check_all(rl_arena *a, rl_diag *d, const rl_annots *notes, const rl_pub *pub, double threshold)
{
    size_t failed = 0;
    if (!notes)
        return 0;
    for (size_t v = 0; v < pub->nversions; v++) {
        const rl_version *ver = &pub->versions[v];
        if (!ver->doc)
            continue;
        rl_anchor_text *t = NULL;
        for (size_t i = 0; i < notes->n; i++) {
            const rl_annot_entry *e = &notes->v[i];
            if (!rl_str_eq(e->note.version, ver->id))
                continue;
            if (!t)
                t = rl_anchor_text_new(a, ver->doc);
            rl_anchor_hit h;
            if (rl_anchor_find(d, notes, t, e, threshold, &h) != 0)
                failed++;
        }
    }
    return failed;
}
