/* fuzz_cli.c - fuzz the command line: a command's run function called
 * in-process with an argv drawn from the input, in a project written to a
 * private folder (removed with everything in it afterwards).
 *
 * The project is <tmp>/w, the current folder while the command runs:
 * sources/fz/publication.yaml, its versions a and b (.md, or .txt), maybe
 * c.md, annotations/fz.yaml, maybe styles/fz.yaml and a second
 * publication sources/fz2/.  Standard input is /dev/null and standard
 * output and error go to /dev/null while the command runs (then the cwd
 * and the three descriptors are restored).  `build` runs each publication
 * in a child process (fork) that returns from the run function: the
 * harness ends such a child with _exit at once.
 *
 * Input (at most 16 KiB): byte 0 the command (mod 7: diff, check, build,
 * edition, deps, list, history); byte 1 and byte 2 the project; then
 * parts separated by NUL: the argument program, version a, version b,
 * the annotation file, a manifest, literal words.
 *   byte 1: bit 0 a.txt (else a.md), bit 1 b.txt, bit 2 a third version
 *      c.md (a's text again), bit 3 the manifest is the manifest part as
 *      it is (else generated), bit 4 the manifest lists annotations/fz.yaml,
 *      bit 5 a second publication sources/fz2 (the same files), bit 6
 *      styles/fz.yaml (letter paper) named by the manifest, bit 7 an
 *      edition number and date.
 *   byte 2: bits 0-1 outputs (html, tex, pdf, or the key left out: all);
 *      bit 2 compare the first version with the last only; bit 3
 *      anchor_threshold: 0.5.
 * The argument program: each byte one argument (at most 16):
 *   0x01-0x3f  an option of the command: (b & 15) modulo the size of its
 *      table, which holds its real options, "--" and one it does not know;
 *      (b >> 4) & 3 is the form: 0 and 3 "--opt VALUE" (the value is the
 *      next byte's argument), 1 "--opt=VALUE" or "-oVALUE", 2 the option
 *      without its value;
 *   0x40-0x7f  a path of the project, or one that is missing (b - 0x40
 *      into PATHS);
 *   0x80-0xbf  a value: formats, ids, numbers, colours, algorithms...
 *      (b - 0x80 into VALUES);
 *   0xc0-0xff  the next literal word, with '/' made '_', ".." made "._"
 *      and ".tmp" made "_tmp", so that no argument can name a file outside
 *      the project or one that looks like a temporary file.
 * Oracles: the exit status is 0, 1 or 2; nothing is written outside the
 * project folder, and no temporary file (NAME.tmpXXXXXX, NAME.tmpstage) is
 * left in it, whether the command succeeded or failed; no leak or
 * sanitizer report; the folder is removed completely every time.
 */
#include "cli.h"
#include "fuzz.h"

#include <fcntl.h>
#include <sys/types.h>

#define FZC_MAX_INPUT 16384
#define FZC_MAX_ARGS 16

typedef struct opt {
    const char *name;
    bool value;
} opt;

typedef struct cmd {
    const rl_command *def;
    opt opts[16];
} cmd;

static const cmd *command(unsigned k)
{
    static const cmd cmds[] = {
        {&rl_cmd_diff_def,
         {{"--format", true}, {"--color", true}, {"--stat", false}, {"--from", true}, {"--to", true},
          {"--ignore-case", false}, {"--ignore-punctuation", false}, {"--algorithm", true}, {"--no-moves", false},
          {"--no-cleanup", false}, {"--", false}, {"--bogus", false}, {NULL, false}}},
        {&rl_cmd_check_def, {{"--threshold", true}, {"-q", false}, {"--quiet", false}, {"--", false}, {"-x", false}}},
        {&rl_cmd_build_def,
         {{"--format", true}, {"-o", true}, {"--output", true}, {"--style", true}, {"-j", true}, {"--changed", false},
          {"--", false}, {"--bogus", false}}},
        {&rl_cmd_edition_def, {{"--style", true}, {"--id", false}, {"--", false}, {"--bogus", false}}},
        {&rl_cmd_deps_def,
         {{"-o", true}, {"--format", true}, {"--outdir", true}, {"--style", true}, {"--", false}, {"--bogus", false}}},
        {&rl_cmd_list_def, {{"--", false}, {"--bogus", false}}},
        {&rl_cmd_history_def, {{"--format", true}, {"--", false}, {"--bogus", false}}},
    };
    return &cmds[k % (sizeof cmds / sizeof *cmds)];
}

static size_t nopts(const cmd *c)
{
    size_t n = 0;
    while (n < 16 && c->opts[n].name)
        n++;
    return n;
}

static const char *const PATHS[] = {
    "sources/fz/publication.yaml", "sources/fz/a.md", "sources/fz/b.md", "sources/fz/a.txt", "sources/fz/b.txt",
    "annotations/fz.yaml", "sources", "sources/fz", "out", "out/deps.mk", "styles/fz.yaml", "sources/fz2/publication.yaml",
    ".", "sources/fz/", "-", "out/sub/dir", "missing.yaml", "sources/fz/publication.yml", "styles", "sources/fz/c.md",
};

static const char *const VALUES[] = {
    "pdf", "tex", "html", "trace", "all", "pdf,tex,html", "html,trace", "tex,bogus", "", "text", "json", "critic",
    "always", "never", "auto", "myers", "histogram", "0", "1", "2", "3", "-1", "0.5", "1.5", "nan", "zz", "fz",
    "default", "out", "1e-3",
};

typedef struct words {
    const char *p, *e;
} words;

/* The next literal word (cycling through them), made safe: no '/', no "..". */
static char *literal(words *w, const fz_part *lit)
{
    for (int round = 0; round < 2; round++) {
        while (w->p < w->e && (*w->p == ' ' || *w->p == '\n' || *w->p == '\t'))
            w->p++;
        if (w->p < w->e)
            break;
        w->p = lit->p;   /* from the start again */
        if (round)
            return NULL;
    }
    const char *s = w->p;
    while (w->p < w->e && *w->p != ' ' && *w->p != '\n' && *w->p != '\t')
        w->p++;
    size_t n = (size_t)(w->p - s);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        out[i] = s[i] == '/' ? '_' : s[i];
        if (i > 0 && out[i] == '.' && out[i - 1] == '.')
            out[i] = '_';
    }
    out[n] = '\0';
    /* Nor ".tmp": a file so named would look like a temporary file left. */
    for (char *t = strstr(out, ".tmp"); t; t = strstr(t + 1, ".tmp"))
        *t = '_';
    return out;
}

static char *dupz(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* The argument for byte b (an option's name, a path, a value or a literal). */
static char *token(uint8_t b, const cmd *c, words *w, const fz_part *lit)
{
    if (b < 0x40) {
        size_t n = nopts(c);
        return dupz(c->opts[(b & 15) % n].name);
    }
    if (b < 0x80)
        return dupz(PATHS[(b - 0x40u) % (sizeof PATHS / sizeof *PATHS)]);
    if (b < 0xc0)
        return dupz(VALUES[(b - 0x80u) % (sizeof VALUES / sizeof *VALUES)]);
    char *s = literal(w, lit);
    return s ? s : dupz("word");
}

/* argv from the program; every string malloc'd (the commands reorder
 * argv, so the strings are also kept in own[] to be freed). */
static int make_argv(const cmd *c, fz_part prog, const fz_part *lit, char **argv, char **own)
{
    int argc = 0;
    argv[argc] = own[argc] = dupz(c->def->name);
    argc++;
    words w = {lit->p, lit->p + lit->n};
    for (size_t i = 0; i < prog.n && argc < FZC_MAX_ARGS + 1; i++) {
        uint8_t b = (uint8_t)prog.p[i];
        char *t = token(b, c, &w, lit);
        if (!t)
            break;
        if (b < 0x40) {
            const opt *o = &c->opts[(b & 15) % nopts(c)];
            unsigned form = (b >> 4) & 3;
            if (o->value && form == 1 && i + 1 < prog.n) {
                char *v = token((uint8_t)prog.p[++i], c, &w, lit);
                size_t n = strlen(t) + (v ? strlen(v) : 0) + 2;
                char *j = malloc(n);
                if (j)
                    snprintf(j, n, "%s%s%s", t, t[1] == '-' ? "=" : "", v ? v : "");
                free(t);
                free(v);
                t = j;
                if (!t)
                    break;
            } else if (o->value && form != 2 && i + 1 < prog.n && argc + 1 < FZC_MAX_ARGS + 1) {
                argv[argc] = own[argc] = t;
                argc++;
                t = token((uint8_t)prog.p[++i], c, &w, lit);
                if (!t)
                    break;
            }
        }
        argv[argc] = own[argc] = t;
        argc++;
    }
    argv[argc] = own[argc] = NULL;
    return argc;
}

/* ---- the project ---------------------------------------------------------- */

static void manifest(rl_buf *b, const uint8_t *o)
{
    rl_buf_puts(b, "title: Fuzzed command line\n");
    if (o[1] & 128)
        rl_buf_puts(b, "edition: {number: 2, date: 2024-01-02}\n");
    if (o[1] & 64)
        rl_buf_puts(b, "style: fz\n");
    rl_buf_printf(b, "versions:\n  - {id: \"1\", file: %s, label: One, date: 2011-09-12}\n",
                  (o[1] & 1) ? "a.txt" : "a.md");
    rl_buf_printf(b, "  - {id: \"2\", file: %s, label: Two}\n", (o[1] & 2) ? "b.txt" : "b.md");
    if (o[1] & 4)
        rl_buf_puts(b, "  - {id: \"3\", file: c.md}\n");
    if (o[2] & 4)
        rl_buf_printf(b, "compare:\n  - {from: \"1\", to: \"%s\"}\n", (o[1] & 4) ? "3" : "2");
    if (o[1] & 16)
        rl_buf_puts(b, "annotations: [fz.yaml]\n");
    static const char *const outs[] = {"outputs: [html]\n", "outputs: [tex]\n", "outputs: [pdf]\n", ""};
    rl_buf_puts(b, outs[o[2] & 3]);
    if (o[2] & 8)
        rl_buf_puts(b, "anchor_threshold: 0.5\n");
}

static int write_project(const char *w, const uint8_t *o, const fz_part *part)
{
    static const char *const dirs[] = {"sources", "sources/fz", "annotations"};
    char path[4400], name[64];
    int bad = 0;
    for (size_t k = 0; k < sizeof dirs / sizeof *dirs; k++)
        bad |= fz_path(path, sizeof path, w, dirs[k]) || mkdir(path, 0700);
    if ((o[1] & 32) && !bad)
        bad |= fz_path(path, sizeof path, w, "sources/fz2") || mkdir(path, 0700);
    if ((o[1] & 64) && !bad) {
        static const char style[] = "page: {size: letter}\nhyphenation: {enabled: false}\n";
        bad |= fz_path(path, sizeof path, w, "styles") || mkdir(path, 0700) ||
               fz_path(path, sizeof path, w, "styles/fz.yaml") || fz_put(path, style, sizeof style - 1);
    }
    rl_buf m = RL_BUF_INIT;
    if (o[1] & 8)
        rl_buf_put(&m, part[4].p, part[4].n);
    else
        manifest(&m, o);
    for (int pub = 0; pub < ((o[1] & 32) ? 2 : 1) && !bad; pub++) {
        const char *dir = pub ? "sources/fz2" : "sources/fz";
        struct {
            const char *file;
            fz_part text;
            bool want;
        } files[] = {
            {(o[1] & 1) ? "a.txt" : "a.md", part[1], true},
            {(o[1] & 2) ? "b.txt" : "b.md", part[2], true},
            {"c.md", part[1], (o[1] & 4) != 0},
        };
        for (size_t k = 0; k < 3; k++) {
            if (!files[k].want)
                continue;
            snprintf(name, sizeof name, "%s/%s", dir, files[k].file);
            bad |= fz_path(path, sizeof path, w, name) || fz_put(path, files[k].text.p, files[k].text.n);
        }
        snprintf(name, sizeof name, "%s/publication.yaml", dir);
        bad |= fz_path(path, sizeof path, w, name) || fz_put(path, m.p ? m.p : "", m.n);
    }
    rl_buf_free(&m);
    bad |= fz_path(path, sizeof path, w, "annotations/fz.yaml") || fz_put(path, part[3].p, part[3].n);
    return bad ? -1 : 0;
}

/* ---- the harness ---------------------------------------------------------- */

/* A temporary file (rl_buf_save's NAME.tmpXXXXXX, the build's
 * NAME.tmpstage) left under dir; its path is printed.  No argument can
 * name such a file (see literal), so any is a leftover. */
static bool temp_left(const char *dir, int depth)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return false;
    bool found = false;
    struct dirent *e;
    while (!found && (e = readdir(dp)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char sub[4400];
        if (fz_path(sub, sizeof sub, dir, e->d_name) != 0)
            continue;
        if (strstr(e->d_name, ".tmp")) {
            fprintf(stderr, "fuzz_cli: temporary file left: %s\n", sub);
            found = true;
        }
        struct stat st;
        if (!found && depth < 8 && lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
            found = temp_left(sub, depth + 1);
    }
    closedir(dp);
    return found;
}

/* The descriptors and folder of the caller, while a command runs. */
typedef struct saved {
    int fd[3];
    int cwd;
} saved;

/* Into dir, with stdin, stdout and stderr on /dev/null.  Returns 0, or
 * -1 with nothing changed. */
static int enter(saved *s, const char *dir)
{
    fflush(stdout);
    fflush(stderr);
    s->cwd = open(".", O_RDONLY | O_DIRECTORY);
    int null = open("/dev/null", O_RDWR);
    if (s->cwd < 0 || null < 0 || chdir(dir) != 0) {
        if (s->cwd >= 0)
            close(s->cwd);
        if (null >= 0)
            close(null);
        return -1;
    }
    for (int k = 0; k < 3; k++) {
        s->fd[k] = dup(k);
        dup2(null, k);
    }
    close(null);
    return 0;
}

static void leave(saved *s)
{
    fflush(stdout);
    fflush(stderr);
    clearerr(stdout);
    clearerr(stderr);
    clearerr(stdin);
    for (int k = 0; k < 3; k++)
        if (s->fd[k] >= 0) {
            dup2(s->fd[k], k);
            close(s->fd[k]);
        }
    FZ_REQUIRE(fchdir(s->cwd) == 0);
    close(s->cwd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3 || size > FZC_MAX_INPUT)
        return 0;
    fz_part part[6] = {{"", 0}, {"", 0}, {"", 0}, {"", 0}, {"", 0}, {"", 0}};
    (void)fz_split(data + 3, size - 3, part, 6);
    const cmd *c = command(data[0]);

    char tmp[4096], w[4400];
    if (fz_mkdtemp(tmp, sizeof tmp, "cli") != 0)
        return 0;
    if (fz_path(w, sizeof w, tmp, "w") == 0 && mkdir(w, 0700) == 0 && write_project(w, data, part) == 0) {
        char *argv[FZC_MAX_ARGS + 3], *own[FZC_MAX_ARGS + 3];
        int argc = make_argv(c, part[0], &part[5], argv, own);
        if (getenv("RL_FUZZ_VERBOSE")) {
            fprintf(stderr, "fuzz_cli:");
            for (int i = 0; i < argc; i++)
                fprintf(stderr, " '%s'", argv[i]);
            fprintf(stderr, "\n");
        }
        saved s = {{-1, -1, -1}, -1};
        if (enter(&s, w) == 0) {
            pid_t self = getpid();
            int rc = c->def->run(argc, argv);
            if (getpid() != self)
                _exit(rc & 0xff);   /* a build's child process: done */
            leave(&s);
            if (getenv("RL_FUZZ_VERBOSE"))
                fprintf(stderr, "fuzz_cli: exit status %d\n", rc);
            if (rc < 0 || rc > 2) {
                fprintf(stderr, "fuzz_cli: %s returned %d\n", c->def->name, rc);
                FZ_FAIL("exit status not 0, 1 or 2");
            }
        }
        for (int i = 0; own[i]; i++)
            free(own[i]);
        /* Only the project at the top of the private folder. */
        DIR *dp = opendir(tmp);
        FZ_REQUIRE(dp != NULL);
        struct dirent *e;
        while ((e = readdir(dp)) != NULL)
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strcmp(e->d_name, "w")) {
                fprintf(stderr, "fuzz_cli: '%s' written outside the project\n", e->d_name);
                FZ_FAIL("a command wrote outside its folder");
            }
        closedir(dp);
        if (temp_left(w, 0))
            FZ_FAIL("a command left a temporary file");
    }
    FZ_REQUIRE(fz_rm_rf(tmp) == 0);
    return 0;
}
