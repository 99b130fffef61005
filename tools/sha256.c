/* sha256.c - SHA-256 (FIPS 180-4) through GNU Nettle, plus hex and base64.
 *
 * Nettle picks its compression function when the library loads: the SHA
 * instructions of x86-64 (SHA-NI) or ARMv8 where the processor has them,
 * portable C elsewhere.  That is five times faster than the plain C
 * implementation redline had, which mattered once editions were hashed on
 * every build of large publications (about 4 ms per megabyte, against
 * 0.7).  Alternatives rejected: OpenSSL's libcrypto (a much larger library
 * whose start-up costs more than the hashing it saves on small inputs) and
 * a non-cryptographic hash (FNV, xxHash) for edition ids: editions are
 * cited, so ids should not collide even by design.  Tested against the
 * FIPS/NIST vectors ("", "abc", the 448-bit message, a million 'a') in
 * tests/unit/test_sha256.c.
 */
#include "sha256.h"

void rl_sha256_init(rl_sha256_ctx *c)
{
    sha256_init(&c->n);
}

void rl_sha256_update(rl_sha256_ctx *c, const void *p, size_t n)
{
    if (n)
        sha256_update(&c->n, n, p);
}

void rl_sha256_final(rl_sha256_ctx *c, uint8_t out[RL_SHA256_LEN])
{
    sha256_digest(&c->n, RL_SHA256_LEN, out);
}

void rl_sha256(const void *p, size_t n, uint8_t out[RL_SHA256_LEN])
{
    rl_sha256_ctx c;
    rl_sha256_init(&c);
    rl_sha256_update(&c, p, n);
    rl_sha256_final(&c, out);
}

void rl_sha256_hex(const uint8_t d[RL_SHA256_LEN], char hex[2 * RL_SHA256_LEN + 1])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < RL_SHA256_LEN; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[2 * RL_SHA256_LEN] = '\0';
}

void rl_sha256_base64(const uint8_t d[RL_SHA256_LEN], char b64[45])
{
    static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (int i = 0; i < RL_SHA256_LEN; i += 3) {
        uint32_t v = (uint32_t)d[i] << 16;
        if (i + 1 < RL_SHA256_LEN)
            v |= (uint32_t)d[i + 1] << 8;
        if (i + 2 < RL_SHA256_LEN)
            v |= d[i + 2];
        b64[o++] = al[(v >> 18) & 63];
        b64[o++] = al[(v >> 12) & 63];
        b64[o++] = i + 1 < RL_SHA256_LEN ? al[(v >> 6) & 63] : '=';
        b64[o++] = i + 2 < RL_SHA256_LEN ? al[v & 63] : '=';
    }
    b64[o] = '\0';
}
