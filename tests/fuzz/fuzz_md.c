/* fuzz_md.c - fuzz the version loader: CommonMark (with YAML front
 * matter) or plain text into blocks of tokens (doc.c, words.c, label.c).
 *
 * The first byte selects the format (even: Markdown "v.md", odd: plain
 * text "v.txt"); the rest is the file.  Oracle: no crash, no leak, no
 * sanitizer report, and every token well formed (fz_check_doc); the
 * rendered text of each block is rebuilt to exercise rl_block_text.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > FZ_MAX_INPUT)
        return 0;
    const char *name = (data[0] & 1) ? "v.txt" : "v.md";
    rl_arena *a = rl_arena_new();
    rl_diag *d = rl_diag_new();
    rl_doc *doc = fz_doc(a, d, name, (fz_part){(const char *)data + 1, size - 1});
    if (doc) {
        fz_check_doc(doc);
        rl_buf b = RL_BUF_INIT;
        for (size_t i = 0; i < doc->nblocks; i++) {
            rl_buf_clear(&b);
            rl_block_text(&doc->blocks[i], 0, doc->blocks[i].ntoks, &b);
            FZ_REQUIRE(rl_utf8_check(b.p ? b.p : "", b.n) < 0);
            if (doc->blocks[i].ntoks > 1) {
                rl_buf_clear(&b);
                rl_block_text(&doc->blocks[i], 1, doc->blocks[i].ntoks - 1, &b);
            }
            (void)rl_block_words(&doc->blocks[i]);
        }
        rl_buf_free(&b);
    }
    fz_drain(d);
    rl_diag_free(d);
    rl_arena_free(a);
    return 0;
}
