/* source.h - a loaded input file and its line map (jq's locfile).
 *
 * Every byte redline reads from a user file lives in an rl_source, so that
 * any token, node or YAML scalar can be traced back to path:line:col.  The
 * line map is built lazily, the first time a position is asked for.
 * Columns count code points and start at 1; lines start at 1.
 */
#ifndef RL_SOURCE_H
#define RL_SOURCE_H

#include "rl.h"

struct rl_source {
    const char *path;   /* as given by the user (for messages) */
    const char *text;   /* the bytes, NUL-terminated; owned by the arena */
    size_t len;
    uint32_t *lines;    /* lazily built: byte offset of each line start */
    size_t nlines;
    rl_arena *arena;    /* where the line map is allocated */
};

/* Read the whole file at path into the arena.  Reports "cannot open",
 * "is a directory", binary content (a NUL byte) and invalid UTF-8 (with
 * its line and column) to d and returns NULL.  A UTF-8 byte order mark is
 * skipped (but kept in text, so offsets stay true to the file); CRLF is kept
 * (the tokenizer treats CR as white space).  report_span may be the place
 * that named this file (a manifest entry), used for "cannot open". */
rl_source *rl_source_load(rl_arena *a, rl_diag *d, const char *path, const rl_span *named_at);

/* A source over bytes already in memory (tests, stdin, generated text).
 * The bytes are copied into the arena.  No UTF-8 check. */
rl_source *rl_source_from_mem(rl_arena *a, const char *path, const char *text, size_t len);

/* 1-based line and code-point column of byte offset off (clamped to len). */
void rl_source_linecol(rl_source *s, size_t off, unsigned *line, unsigned *col);

/* Byte offset of (line, col), both 1-based, col counted in code points
 * (libyaml marks are converted with this).  Clamped to the line's end. */
size_t rl_source_offset(rl_source *s, unsigned line, unsigned col);

/* The text of 1-based line number `line`, without its line ending. */
rl_str rl_source_line(rl_source *s, unsigned line);

/* Offset of the first invalid UTF-8 sequence in p[0..n), or -1 if valid.
 * Overlong forms, surrogates and code points above U+10FFFF are invalid.
 * NUL bytes are valid here. */
long rl_utf8_check(const char *p, size_t n);

/* Both checks a loaded text needs, in one pass when the text is clean:
 * *bad gets what rl_utf8_check(p, n) returns, *nul the offset of the first
 * NUL byte or -1. */
void rl_utf8_check_text(const char *p, size_t n, long *bad /* OUT */, long *nul /* OUT */);

/* Decode one code point at p (n bytes available); returns its length in
 * bytes (>= 1) and stores the code point, or U+FFFD with length 1 for an
 * invalid sequence. */
int rl_utf8_decode(const char *p, size_t n, int32_t *cp);

/* Encode cp into out (4 bytes room); returns the length. */
int rl_utf8_encode(int32_t cp, char *out);

#endif
