/* replay.c - run one fuzz harness over files and folders of inputs.
 *
 * `replay-NAME FILE_OR_FOLDER...` calls LLVMFuzzerTestOneInput once per
 * file (folders are read one level deep, in name order, so runs are
 * repeatable), the way SQLite's fuzzcheck replays its corpora: built with
 * gcc and ASan+UBSan, the oracle is "no crash, no leak, no sanitizer
 * report", so every crasher committed to tests/fuzz/corpus/ stays fixed
 * without needing clang or libFuzzer.  Prints "replay: N inputs" and exits
 * 0; a failing input aborts the run (the sanitizer names it: the file
 * being run is printed first when RL_FUZZ_VERBOSE is set).
 */
#include "fuzz.h"

#include <dirent.h>
#include <sys/stat.h>

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open '%s'\n", path);
        return -1;
    }
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            fclose(f);
            return -1;
        }
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        cap *= 2;
        buf = realloc(buf, cap);
    }
    fclose(f);
    if (getenv("RL_FUZZ_VERBOSE"))
        fprintf(stderr, "replay: %s\n", path);
    /* An exact-size copy, so that ASan sees reads past the end. */
    uint8_t *exact = malloc(n ? n : 1);
    if (!exact) {
        free(buf);
        return -1;
    }
    memcpy(exact, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    return 0;
}

static int cmp(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

int main(int argc, char **argv)
{
    size_t count = 0;
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: cannot open '%s'\n", argv[i]);
            rc = 1;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            rc |= run_file(argv[i]) != 0;
            count++;
            continue;
        }
        DIR *dir = opendir(argv[i]);
        if (!dir) {
            fprintf(stderr, "replay: cannot open '%s'\n", argv[i]);
            rc = 1;
            continue;
        }
        char **names = NULL;
        size_t n = 0, cap = 0;
        struct dirent *e;
        while ((e = readdir(dir)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                names = realloc(names, cap * sizeof *names);
                if (!names)
                    abort();
            }
            size_t len = strlen(argv[i]) + strlen(e->d_name) + 2;
            names[n] = malloc(len);
            if (!names[n])
                abort();
            snprintf(names[n], len, "%s/%s", argv[i], e->d_name);
            n++;
        }
        closedir(dir);
        if (n)
            qsort(names, n, sizeof *names, cmp);
        for (size_t k = 0; k < n; k++) {
            if (stat(names[k], &st) == 0 && S_ISREG(st.st_mode)) {
                rc |= run_file(names[k]) != 0;
                count++;
            }
            free(names[k]);
        }
        free(names);
    }
    printf("replay: %zu inputs\n", count);
    return rc;
}
