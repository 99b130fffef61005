/* sha256.h - SHA-256 (FIPS 180-4), incremental, with hex output.
 *
 * Used for edition identifiers (a hash over every input of a publication)
 * and for Content-Security-Policy hashes of inline HTML.  No allocation;
 * the context lives wherever the caller puts it.  The hashing is Nettle's
 * (hardware SHA-256 where the processor has it).
 */
#ifndef RL_SHA256_H
#define RL_SHA256_H

#include "rl.h"

#include <nettle/sha2.h>

#define RL_SHA256_LEN 32   /* digest bytes */

typedef struct rl_sha256_ctx {
    struct sha256_ctx n;   /* Nettle's state */
} rl_sha256_ctx;

/* Start a new hash. */
void rl_sha256_init(rl_sha256_ctx *c);

/* Hash n more bytes of p (p may be NULL when n is 0). */
void rl_sha256_update(rl_sha256_ctx *c, const void *p, size_t n);

/* Finish: the 32-byte digest into out.  c must be re-initialised before
 * being used again. */
void rl_sha256_final(rl_sha256_ctx *c, uint8_t out[RL_SHA256_LEN]);

/* One-shot digest of p[0..n). */
void rl_sha256(const void *p, size_t n, uint8_t out[RL_SHA256_LEN]);

/* Lowercase hex of a digest into hex (65 bytes: 64 digits and a NUL). */
void rl_sha256_hex(const uint8_t d[RL_SHA256_LEN], char hex[2 * RL_SHA256_LEN + 1]);

/* Standard base64 (with '=' padding) of a digest into b64 (45 bytes: 44
 * characters and a NUL), as CSP's 'sha256-...' source expressions want. */
void rl_sha256_base64(const uint8_t d[RL_SHA256_LEN], char b64[45]);

#endif
