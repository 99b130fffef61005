/* doc.h - one version of a text, as blocks of tokens.
 *
 * A version file (CommonMark with optional YAML front matter, or plain
 * .txt) is loaded into an rl_doc: an ordered list of blocks (paragraphs,
 * headings, list items, quotes, code, rules), each holding its printed label
 * and its tokens.  A token is a word or a punctuation mark as rendered (after
 * Markdown escapes and entities), NFC-normalized, with its inline style,
 * whether white space precedes it, and its byte offset in the source, so
 * that anything said about a token can name path:line:col.
 *
 * Everything is allocated from the arena passed to rl_doc_load/parse.
 */
#ifndef RL_DOC_H
#define RL_DOC_H

#include "rl.h"

typedef struct rl_ynode rl_ynode;

typedef enum rl_tok_kind {
    RL_TOK_WORD,   /* letters, digits, and what joins them: don't, A/66/359, e-mail */
    RL_TOK_PUNCT   /* one punctuation mark or symbol */
} rl_tok_kind;

/* Inline style bits (from Markdown emphasis, strong, code and links). */
enum {
    RL_STY_EMPH = 1,
    RL_STY_STRONG = 2,
    RL_STY_CODE = 4,
    RL_STY_LINK = 8
};

/* What precedes a token in the rendered text. */
enum {
    RL_SP_NONE = 0,   /* glued to the previous token: "security;" */
    RL_SP_SPACE = 1,  /* one space (any run of white space or a soft break) */
    RL_SP_BREAK = 2   /* a hard line break (Markdown "\" or two spaces; lines of code) */
};

/* 24 bytes: the three small fields share one byte (a 1,000-page version
 * has half a million tokens, and every stage streams them). */
typedef struct rl_token {
    rl_str text;        /* rendered text, NFC, never empty, never contains white space */
    uint32_t off;       /* byte offset in the source (best effort inside entities) */
    unsigned kind : 2;  /* rl_tok_kind */
    unsigned style : 4; /* RL_STY_* bits */
    unsigned space : 2; /* RL_SP_* */
    uint16_t link;      /* 1-based index into rl_doc.links, 0 if none */
} rl_token;

typedef enum rl_block_kind {
    RL_BLK_PARA,
    RL_BLK_HEADING,
    RL_BLK_ITEM,      /* the first paragraph of a list item */
    RL_BLK_QUOTE,     /* a paragraph inside a block quote */
    RL_BLK_CODE,      /* a code block (tokens keep RL_SP_BREAK between lines) */
    RL_BLK_RULE       /* a thematic break (no tokens) */
} rl_block_kind;

typedef struct rl_block {
    rl_block_kind kind;
    uint8_t level;      /* heading level 1-6; nesting depth of lists/quotes (0 = top) */
    bool ordered;       /* RL_BLK_ITEM of an ordered list */
    rl_str label;       /* printed label: "(a)", "(12)", "1.", "Article 5"; empty if none */
    uint32_t label_off; /* its byte offset in the source */
    rl_token *toks;
    size_t ntoks;
    uint32_t off, end;  /* the block's byte span in the source */
    /* Set by the loader while the tokens are fresh, so that the diff need
     * not read them again: rl_intern_hash_block of the tokens and the
     * number of RL_TOK_WORD tokens, valid if hashed. */
    uint64_t key_hash;
    uint32_t nwords;
    bool hashed;
    /* Every token is its source bytes, and the source between two tokens is
     * exactly what their separator prints (nothing, one space, one line
     * feed): any run of tokens prints as the source bytes it spans. */
    bool verbatim;
} rl_block;

typedef struct rl_doc {
    rl_source *src;
    rl_ynode *meta;     /* front matter mapping, NULL if none */
    rl_str lang;        /* front matter `language` (BCP 47), empty if none */
    rl_block *blocks;
    size_t nblocks;
    rl_str *links;      /* link destinations, indexed by rl_token.link - 1 */
    size_t nlinks;
    /* Nonzero if each block's tokens follow from its source bytes [off,
     * end) alone, and how they were cut (RL_DOC_LOCAL_*): blocks of two
     * documents with the same nonzero value and equal bytes have equal
     * tokens. */
    uint8_t local;
} rl_doc;

enum {
    RL_DOC_LOCAL_TXT = 1,   /* plain text */
    RL_DOC_LOCAL_DIRECT = 2 /* Markdown of paragraphs and ATX headings, cut without cmark */
};

/* Load and parse the version file at path.  ".txt" files are read as
 * paragraphs separated by blank lines, without Markdown; anything else as
 * CommonMark.  Reports problems (unreadable file, invalid UTF-8, bad front
 * matter, an empty document, Markdown constructs redline does not keep such
 * as images, tables written in HTML, raw HTML) to d; returns NULL on error.
 * named_at, if not NULL, is where a manifest named the file. */
rl_doc *rl_doc_load(rl_arena *a, rl_diag *d, const char *path, const rl_span *named_at);

/* rl_doc_load(a, d, path1, NULL) and rl_doc_load(a, d, path2, NULL), with
 * the second file parsed on a helper thread at the same time (its own
 * arena, adopted by a afterwards).  The result and the messages are exactly
 * those of the two calls in order: if the second load has anything to
 * report, it is done again on the calling thread.  Returns 0 if both
 * loaded, else -1 (*doc1 or *doc2 NULL). */
int rl_doc_load_pair(rl_arena *a, rl_diag *d, const char *path1, const char *path2, rl_doc **doc1 /* OUT */,
                     rl_doc **doc2 /* OUT */);

/* Parse an already loaded source (the extension of src->path decides the
 * format, as above). */
rl_doc *rl_doc_parse(rl_arena *a, rl_diag *d, rl_source *src);

/* Which Markdown parser rl_doc_parse_opts uses.  RL_DOC_MD_AUTO (what
 * rl_doc_parse does) takes the direct parser when the text uses nothing
 * but paragraphs and ATX headings, else cmark; the result is the same
 * either way.  RL_DOC_MD_CMARK always uses cmark; RL_DOC_MD_DIRECT only the
 * direct parser, returning NULL without a message when the text needs
 * cmark.  The last two exist to compare the parsers in tests. */
typedef enum rl_doc_md {
    RL_DOC_MD_AUTO,
    RL_DOC_MD_CMARK,
    RL_DOC_MD_DIRECT
} rl_doc_md;

/* rl_doc_parse with a choice of Markdown parser (ignored for ".txt"). */
rl_doc *rl_doc_parse_opts(rl_arena *a, rl_diag *d, rl_source *src, rl_doc_md md);

/* The rendered text of tokens [from, to) of a block: tokens joined by their
 * RL_SP_* separators (a break renders as "\n"), into buf. */
void rl_block_text(const rl_block *b, size_t from, size_t to, rl_buf *out);

/* Number of RL_TOK_WORD tokens in a block (labels not counted). */
size_t rl_block_words(const rl_block *b);

#endif
