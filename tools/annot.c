/* annot.c - annotation files: load, validate, collect notes.
 *
 * An annotation file is YAML: a mapping with one key, `notes`, holding a
 * list of notes; each note has an id, an anchor (a W3C TextQuoteSelector:
 * version, quote, optional prefix and suffix), a Markdown body, and
 * optional author, date and tags.  Validation is strict, because a typo in a
 * key would otherwise silently drop a prefix or a date: every unknown key,
 * wrong type, missing field, unsafe or duplicate id, empty quote and version
 * the manifest does not list is an error at its own line and column, and
 * validation goes on, so one run shows every problem (SQLite's nErr).
 * A note whose id, version and quote are usable is kept even if another
 * field is wrong, so that `redline check` can still report whether it
 * anchors.  Bodies go through notebody.c.  Anchoring is in anchor.c.
 * The tree comes from ytree.c (libyaml's document API with byte spans);
 * duplicate keys inside one mapping are reported there.
 */
#include "anchor.h"
#include "annot.h"
#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "notebody.h"
#include "pub.h"
#include "source.h"
#include "ytree.h"

#include <string.h>

typedef struct loader {
    rl_arena *a;
    rl_diag *d;
    const rl_pub *pub;
    rl_annots *set;
    size_t cap;
} loader;

static const char *const top_keys[] = {"notes", NULL};
static const char *const note_keys[] = {"id", "anchor", "body", "author", "date", "tags", NULL};
static const char *const anchor_keys[] = {"version", "quote", "prefix", "suffix", NULL};

static bool safe_name(rl_str s)
{
    if (s.n == 0)
        return false;
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return true;
}

static bool blank(rl_str s)
{
    for (size_t i = 0; i < s.n; i++)
        if (s.p[i] != ' ' && s.p[i] != '\t' && s.p[i] != '\n' && s.p[i] != '\r')
            return false;
    return true;
}

static const rl_annot_entry *find_id(const rl_annots *set, rl_str id)
{
    for (size_t i = 0; i < set->n; i++)
        if (rl_str_eq(set->v[i].note.id, id))
            return &set->v[i];
    return NULL;
}

static bool version_known(const rl_pub *pub, rl_str v)
{
    for (size_t i = 0; i < pub->nversions; i++)
        if (rl_str_eq(pub->versions[i].id, v))
            return true;
    return false;
}

/* Unknown keys are errors here (a misspelt 'prefix' would silently widen
 * the anchor): each names the closest known key, or lists them all. */
static int check_keys(loader *L, const rl_ynode *m, const char *const *known, const char *where)
{
    int bad = 0;
    for (size_t i = 0; i < m->n; i++) {
        const char *k = m->keys[i]->str.p;
        const char *best = NULL;
        size_t bestd = (size_t)-1;
        bool ok = false;
        for (const char *const *kk = known; *kk && !ok; kk++) {
            size_t dist = rl_edit_distance(*kk, k);
            ok = dist == 0;
            if (dist < bestd)
                bestd = dist, best = *kk;
        }
        if (ok)
            continue;
        bad++;
        if (best && bestd <= 1 + strlen(k) / 3) {
            rl_diag_error(L->d, m->keys[i]->span, "unknown key '%s' in %s; did you mean '%s'?", k, where, best);
            continue;
        }
        rl_buf b = RL_BUF_INIT;
        for (const char *const *kk = known; *kk; kk++)
            rl_buf_printf(&b, "%s%s", kk == known ? "" : kk[1] ? ", " : " or ", *kk);
        rl_diag_error(L->d, m->keys[i]->span, "unknown key '%s' in %s; use %s", k, where, b.p);
        rl_buf_free(&b);
    }
    return bad;
}

/* A required scalar string: reports a missing key at the mapping. */
static int required_str(loader *L, const rl_ynode *m, const char *key, const char *what, rl_str *out)
{
    const rl_ynode *n = rl_ytree_lookup(m, key);
    if (!n) {
        rl_diag_error(L->d, m->span, "%s has no '%s'; add one", what, key);
        return -1;
    }
    char label[64];
    snprintf(label, sizeof label, "'%s'", key);
    return rl_ytree_str(L->d, n, label, out);
}

/* Validates an anchor mapping; fills e's selector.  Returns 0 if the note
 * can be anchored. */
static int load_anchor(loader *L, const rl_ynode *note, rl_annot_entry *e)
{
    const rl_ynode *an = rl_ytree_lookup(note, "anchor");
    if (!an) {
        rl_diag_error(L->d, note->span, "note has no 'anchor'; add one with 'version' and 'quote'");
        return -1;
    }
    if (!rl_ytree_expect(L->d, an, RL_Y_MAP, "'anchor'"))
        return -1;
    int rc = 0;
    if (check_keys(L, an, anchor_keys, "an anchor"))
        rc = -1;
    if (required_str(L, an, "version", "anchor", &e->note.version) != 0) {
        rc = -1;
    } else if (L->pub && !version_known(L->pub, e->note.version)) {
        rl_buf b = RL_BUF_INIT;
        for (size_t i = 0; i < L->pub->nversions; i++)
            rl_buf_printf(&b, "%s'%.*s'", i ? ", " : "", (int)L->pub->versions[i].id.n, L->pub->versions[i].id.p);
        rl_diag_error(L->d, rl_ytree_lookup(an, "version")->span,
                      "version '%s' is not in the manifest; use one of %s", e->note.version.p, b.n ? b.p : "(none)");
        rl_buf_free(&b);
        rc = -1;
    }
    if (required_str(L, an, "quote", "anchor", &e->note.quote) != 0) {
        rc = -1;
    } else {
        const rl_ynode *q = rl_ytree_lookup(an, "quote");
        e->quote_at = q->span;
        if (blank(e->note.quote)) {
            rl_diag_error(L->d, q->span, "empty quote; quote the words the note is about");
            rc = -1;
        }
    }
    if (rl_ytree_str(L->d, rl_ytree_lookup(an, "prefix"), "'prefix'", &e->prefix) < 0)
        rc = -1;
    if (rl_ytree_str(L->d, rl_ytree_lookup(an, "suffix"), "'suffix'", &e->suffix) < 0)
        rc = -1;
    return rc;
}

static void load_note(loader *L, const rl_ynode *note)
{
    if (!rl_ytree_expect(L->d, note, RL_Y_MAP, "a note"))
        return;
    check_keys(L, note, note_keys, "a note");
    rl_annot_entry e;
    memset(&e, 0, sizeof e);
    e.note.at = note->span;
    e.note.similarity = 1.0;
    bool usable = true;

    /* id */
    const rl_ynode *idn = rl_ytree_lookup(note, "id");
    if (required_str(L, note, "id", "note", &e.note.id) != 0) {
        usable = false;
    } else if (!safe_name(e.note.id)) {
        rl_diag_error(L->d, idn->span, "note id '%s' may only contain letters, digits, '-' and '_'", e.note.id.p);
        usable = false;
    } else {
        const rl_annot_entry *first = find_id(L->set, e.note.id);
        if (first) {
            unsigned line, col;
            rl_source_linecol((rl_source *)first->note.at.src, first->note.at.start, &line, &col);
            rl_diag_error(L->d, idn->span, "duplicate note id '%s' (first used at %s:%u:%u); ids must be unique",
                          e.note.id.p, first->note.at.src->path, line, col);
            usable = false;
        }
    }

    if (load_anchor(L, note, &e) != 0)
        usable = false;

    /* body */
    const rl_ynode *bn = rl_ytree_lookup(note, "body");
    if (required_str(L, note, "body", "note", &e.note.body_md) == 0) {
        if (blank(e.note.body_md))
            rl_diag_error(L->d, bn->span, "empty note body; write what the note says");
        else
            e.note.body = rl_notebody_parse(L->a, L->d, e.note.body_md, bn->span, NULL);
    }

    /* optional fields */
    rl_ytree_str(L->d, rl_ytree_lookup(note, "author"), "'author'", &e.note.author);
    rl_ytree_date(L->d, rl_ytree_lookup(note, "date"), "'date'", &e.note.date);
    const rl_ynode *tn = rl_ytree_lookup(note, "tags");
    if (rl_ytree_strlist(L->a, L->d, tn, "'tags'", &e.note.tags, &e.note.ntags) == 0) {
        for (size_t i = 0; i < e.note.ntags; i++)
            if (!safe_name(e.note.tags[i])) {
                const rl_ynode *at = tn->kind == RL_Y_SEQ ? tn->items[i] : tn;
                rl_diag_error(L->d, at->span, "tag '%s' may only contain letters, digits, '-' and '_'",
                              e.note.tags[i].p);
            }
    }

    if (!usable)
        return;
    if (L->set->n == L->cap) {
        size_t ncap = L->cap ? 2 * L->cap : 16;
        L->set->v = rl_arena_grow(L->a, L->set->v, L->set->n, ncap, sizeof *L->set->v);
        L->cap = ncap;
    }
    L->set->v[L->set->n++] = e;
}

/* Returns 0, or -1 if the file could not be read or parsed at all. */
static int load_src(loader *L, rl_source *src)
{
    rl_ynode *root = rl_ytree_parse(L->a, L->d, src, 0, src->len);
    if (!root)
        return -1;
    if (!rl_ytree_expect(L->d, root, RL_Y_MAP, "an annotation file"))
        return 0;
    check_keys(L, root, top_keys, "an annotation file");
    const rl_ynode *notes = rl_ytree_lookup(root, "notes");
    if (!notes) {
        rl_diag_error(L->d, root->span, "an annotation file needs a 'notes:' list");
        return 0;
    }
    if (!rl_ytree_expect(L->d, notes, RL_Y_SEQ, "'notes'"))
        return 0;
    for (size_t i = 0; i < notes->n; i++)
        load_note(L, notes->items[i]);
    return 0;
}

static int load_one(loader *L, const char *path, const rl_span *named_at)
{
    rl_source *src = rl_source_load(L->a, L->d, path, named_at);
    return src ? load_src(L, src) : -1;
}

static rl_annots *new_set(loader *L, rl_arena *a, rl_diag *d, const rl_pub *pub)
{
    memset(L, 0, sizeof *L);
    L->a = a;
    L->d = d;
    L->pub = pub;
    L->set = rl_arena_alloc(a, sizeof *L->set);
    L->set->a = a;
    return L->set;
}

rl_annots *rl_annot_load(rl_arena *a, rl_diag *d, const rl_pub *pub)
{
    loader L;
    rl_annots *set = new_set(&L, a, d, pub);
    int rc = 0;
    for (size_t i = 0; i < pub->nannotations; i++)
        if (load_one(&L, pub->annotation_paths[i], pub->annotation_at ? &pub->annotation_at[i] : NULL) != 0)
            rc = -1;
    return rc ? NULL : set;
}

rl_annots *rl_annot_load_file(rl_arena *a, rl_diag *d, const rl_pub *pub, const char *path)
{
    loader L;
    rl_annots *set = new_set(&L, a, d, pub);
    return load_one(&L, path, NULL) ? NULL : set;
}

size_t rl_annot_count(const rl_annots *notes)
{
    return notes ? notes->n : 0;
}

rl_annots *rl_annot_load_source(rl_arena *a, rl_diag *d, const rl_pub *pub, rl_source *src)
{
    loader L;
    rl_annots *set = new_set(&L, a, d, pub);
    return load_src(&L, src) ? NULL : set;
}
