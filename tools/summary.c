/* summary.c - the change summary of a redline, worded once. */
#include "summary.h"

#include <stdio.h>

static void put(rl_summary_line *out, size_t *k, size_t n, const char *one, const char *many)
{
    out[*k].n = n;
    out[*k].what = n == 1 ? one : many;
    (*k)++;
}

size_t rl_summary(const rl_redline *r, rl_summary_line out[RL_SUMMARY_MAX])
{
    const rl_stats *s = &r->stats;
    size_t k = 0;
    put(out, &k, s->words_deleted, "word deleted", "words deleted");
    put(out, &k, s->words_inserted, "word inserted", "words inserted");
    put(out, &k, s->words_moved, "word moved", "words moved");
    put(out, &k, s->blocks_changed, "paragraph changed", "paragraphs changed");
    put(out, &k, s->blocks_inserted, "paragraph added", "paragraphs added");
    put(out, &k, s->blocks_deleted, "paragraph removed", "paragraphs removed");
    put(out, &k, s->blocks_moved, "paragraph moved", "paragraphs moved");
    put(out, &k, s->labels_changed, "label changed", "labels changed");
    put(out, &k, s->hunks, "place of change", "places of change");
    put(out, &k, r->nnotes, "note", "notes");
    return k;
}

void rl_summary_sizes(const rl_redline *r, char *out, size_t n)
{
    snprintf(out, n, "%zu %s in the old version, %zu in the new.", r->stats.words_old,
             r->stats.words_old == 1 ? "word" : "words", r->stats.words_new);
}
