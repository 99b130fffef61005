/* fuzz_annot.c - fuzz annotations: loading (annot.c) and anchoring notes
 * into a redline (anchor.c, fuzzy.c).
 *
 * Input: one option byte, then an annotation file, a NUL, the old version
 * ("1"), a NUL, the new version ("2"); the versions are Markdown.  Notes
 * may quote version "1", "2" or any other id (a third version: mapped by
 * exact quote, or left out).  The option byte's low 3 bits pick the fuzzy
 * threshold (0.5 to 1.2, so "never fuzzy" is covered); bit 8 runs the text
 * and JSON emitters over the annotated redline.  Oracle: no crash or
 * sanitizer report, and the redline invariants, including that every note
 * spans real tokens in marker order (fz_check_redline).
 */
#include "emit.h"
#include "fuzz.h"
#include "pub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > FZ_MAX_INPUT)
        return 0;
    unsigned o = data[0];
    fz_part part[3] = {{"", 0}, {"", 0}, {"", 0}};
    size_t k = fz_split(data + 1, size - 1, part, 3);
    if (k < 3)
        return 0;
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_source *asrc = rl_source_from_mem(a, "notes.yaml", part[0].p, part[0].n);
    rl_annots *notes = rl_annot_load_source(a, d, NULL, asrc);
    rl_doc *old = fz_doc(a, d, "old.md", part[1]);
    rl_doc *new = fz_doc(a, d, "new.md", part[2]);
    if (notes && old && new) {
        rl_version v[2];
        memset(v, 0, sizeof v);
        v[0].id = v[0].label = RL_STR("1");
        v[0].file = RL_STR("old.md");
        v[0].path = "old.md";
        v[0].doc = old;
        v[1].id = v[1].label = RL_STR("2");
        v[1].file = RL_STR("new.md");
        v[1].path = "new.md";
        v[1].doc = new;
        rl_diff_opts opts = {0};
        rl_redline *r = rl_diff(a, old, new, &opts);
        double threshold = 0.5 + 0.1 * (o & 7);
        (void)rl_annot_attach(a, d, r, notes, &v[0], &v[1], threshold);
        fz_check_redline(r);
        if (o & 8) {
            rl_emit_ctx c = {0};
            c.a = a;
            c.d = d;
            c.r = r;
            c.vold = &v[0];
            c.vnew = &v[1];
            rl_buf out = RL_BUF_INIT;
            (void)rl_emit_text(&c, &out, false);
            rl_buf_clear(&out);
            (void)rl_emit_json(&c, &out);
            rl_buf_free(&out);
        }
    }
    fz_drain(d);
    rl_diag_free(d);
    rl_arena_free(a);
    return 0;
}
