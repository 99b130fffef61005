/* fuzz_diff.c - fuzz the word diff: rl_diff (align.c, myers.c, diff.c,
 * cleanup.c) on two versions.
 *
 * Input: one option byte, then the old version, a NUL byte, the new
 * version.  Option bits: 1 ignore_case, 2 ignore_punct, 4 no_moves,
 * 8 no_cleanup, 16 histogram, 32 both versions are plain text (.txt)
 * rather than Markdown, 64 also run the text, CriticMarkup and JSON
 * emitters over the result.  Oracle: no crash or sanitizer report, and
 * the redline invariants of redline.h (fz_check_redline), which say that
 * both versions can be rebuilt from the runs.
 */
#include "emit.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > FZ_MAX_INPUT)
        return 0;
    unsigned o = data[0];
    fz_part part[2];
    if (fz_split(data + 1, size - 1, part, 2) < 2)
        part[1] = (fz_part){"", 0};
    rl_diff_opts opts = {0};
    opts.ignore_case = o & 1;
    opts.ignore_punct = (o & 2) != 0;
    opts.no_moves = (o & 4) != 0;
    opts.no_cleanup = (o & 8) != 0;
    opts.alg = (o & 16) ? RL_ALG_HISTOGRAM : RL_ALG_MYERS;
    const char *ext = (o & 32) ? ".txt" : ".md";
    char on[16], nn[16];
    snprintf(on, sizeof on, "old%s", ext);
    snprintf(nn, sizeof nn, "new%s", ext);

    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_doc *old = fz_doc(a, d, on, part[0]);
    rl_doc *new = fz_doc(a, d, nn, part[1]);
    if (old && new) {
        rl_redline *r = rl_diff(a, old, new, &opts);
        FZ_REQUIRE(r && r->old == old && r->new == new);
        fz_check_redline(r);
        if (o & 64) {
            rl_emit_ctx c = {0};
            c.a = a;
            c.d = d;
            c.r = r;
            rl_buf out = RL_BUF_INIT;
            (void)rl_emit_text(&c, &out, (o & 128) != 0);
            FZ_REQUIRE(rl_utf8_check(out.p ? out.p : "", out.n) < 0);
            rl_buf_clear(&out);
            (void)rl_emit_critic(&c, &out);
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
