/* json.h - writing JSON by hand: the pieces every JSON output shares.
 *
 * redline writes JSON (`redline diff --format=json`, `redline history
 * --format=json`, the CSL-JSON citation) straight into an rl_buf with keys
 * in a fixed order; these helpers make the strings and names identical in
 * all of them.
 */
#ifndef RL_JSON_H
#define RL_JSON_H

#include "rl.h"

#include "doc.h"

/* Append s to out as the inside of a JSON string (RFC 8259): quote and
 * backslash escaped, \n \r \t by name, every other control character and
 * DEL as \u00XX; UTF-8 passes through unchanged (the caller's text is
 * valid UTF-8, so the output is).  Never fails. */
void rl_json_chars(rl_buf *out, rl_str s);

/* rl_json_chars between double quotes. */
void rl_json_str(rl_buf *out, rl_str s);

/* The JSON name of a block kind: "paragraph", "heading", "item", "quote",
 * "code" or "rule" (a static string). */
const char *rl_json_block_kind(rl_block_kind k);

#endif
