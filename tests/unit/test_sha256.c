/* test_sha256.c - SHA-256 against the FIPS 180-4 / NIST example vectors,
 * split updates, and the base64 form used for CSP hashes. */
#include "harness.h"
#include "sha256.h"

static void check_hex(const void *p, size_t n, const char *want)
{
    uint8_t d[RL_SHA256_LEN];
    char hex[65];
    rl_sha256(p, n, d);
    rl_sha256_hex(d, hex);
    assert_string_equal(hex, want);
}

static void test_vectors(void **state)
{
    (void)state;
    check_hex("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    check_hex("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    check_hex(m448, strlen(m448), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                       "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    check_hex(m896, strlen(m896), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_million_a(void **state)
{
    (void)state;
    char chunk[1000];
    memset(chunk, 'a', sizeof chunk);
    rl_sha256_ctx c;
    rl_sha256_init(&c);
    for (int i = 0; i < 1000; i++)
        rl_sha256_update(&c, chunk, sizeof chunk);
    uint8_t d[RL_SHA256_LEN];
    char hex[65];
    rl_sha256_final(&c, d);
    rl_sha256_hex(d, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Every split of a message into two updates gives the one-shot digest
 * (exercises the partial-block paths around 55, 56, 63 and 64 bytes). */
static void test_splits(void **state)
{
    (void)state;
    char msg[130];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (char)('0' + i % 43);
    for (size_t len = 0; len <= sizeof msg; len++) {
        uint8_t want[RL_SHA256_LEN];
        rl_sha256(msg, len, want);
        for (size_t cut = 0; cut <= len; cut++) {
            rl_sha256_ctx c;
            uint8_t got[RL_SHA256_LEN];
            rl_sha256_init(&c);
            rl_sha256_update(&c, msg, cut);
            rl_sha256_update(&c, msg + cut, len - cut);
            rl_sha256_final(&c, got);
            assert_memory_equal(got, want, RL_SHA256_LEN);
        }
    }
}

static void test_base64(void **state)
{
    (void)state;
    uint8_t d[RL_SHA256_LEN];
    char b64[45];
    rl_sha256("", 0, d);
    rl_sha256_base64(d, b64);
    assert_string_equal(b64, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    rl_sha256("abc", 3, d);
    rl_sha256_base64(d, b64);
    assert_string_equal(b64, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_million_a),
        cmocka_unit_test(test_splits),
        cmocka_unit_test(test_base64),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
