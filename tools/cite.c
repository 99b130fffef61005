/* cite.c - BibTeX and CSL-JSON for one edition.
 *
 * Both are small fixed templates filled with escaped manifest fields.
 * BibTeX gets @misc (the standard type every style knows; biblatex's
 * @report would need a publisher/institution we do not have) with both
 * `date` (biblatex) and `year` (BibTeX).  Escaping turns every LaTeX
 * special into its literal form, so a title can never run TeX code and
 * braces are always balanced; URLs are percent-encoded where BibTeX would
 * choke instead (braces, backslash, spaces).  CSL-JSON follows the CSL
 * 1.0.2 schema: names written "Family, Given" are split, anything else is
 * a literal (organisations, mononyms), because guessing the family part of
 * "United Nations General Assembly" would be wrong.  Field order is fixed:
 * the files are part of the reproducible output.
 */
#include "cite.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "edition.h"
#include "json.h"
#include "pub.h"

const char *rl_cite_key(rl_arena *a, const rl_pub *p, const rl_edition *e)
{
    return rl_arena_printf(a, "%.*s-%s", (int)p->name.n, p->name.p, e->id);
}

/* ---- BibTeX ---------------------------------------------------------- */

static void bib_escape(rl_buf *out, rl_str s)
{
    for (size_t i = 0; i < s.n; i++) {
        unsigned char c = (unsigned char)s.p[i];
        switch (c) {
        case '\\': rl_buf_puts(out, "\\textbackslash{}"); break;
        case '{': rl_buf_puts(out, "\\{"); break;
        case '}': rl_buf_puts(out, "\\}"); break;
        case '#': rl_buf_puts(out, "\\#"); break;
        case '$': rl_buf_puts(out, "\\$"); break;
        case '%': rl_buf_puts(out, "\\%"); break;
        case '&': rl_buf_puts(out, "\\&"); break;
        case '_': rl_buf_puts(out, "\\_"); break;
        case '^': rl_buf_puts(out, "\\^{}"); break;
        case '~': rl_buf_puts(out, "\\~{}"); break;
        case '@': rl_buf_puts(out, "{@}"); break;   /* harmless, keeps old BibTeX calm */
        case '\n':
        case '\r':
        case '\t': rl_buf_putc(out, ' '); break;
        default:
            if (c < 0x20)
                break;   /* other control characters are dropped */
            rl_buf_putc(out, (char)c);
        }
    }
}

static void url_escape(rl_buf *out, rl_str s)
{
    for (size_t i = 0; i < s.n; i++) {
        unsigned char c = (unsigned char)s.p[i];
        if (c <= 0x20 || c == '{' || c == '}' || c == '\\' || c == '"' || c == 0x7f)
            rl_buf_printf(out, "%%%02X", c);
        else
            rl_buf_putc(out, (char)c);
    }
}

static bool contains_and(rl_str s)
{
    for (size_t i = 0; i + 5 <= s.n; i++)
        if ((s.p[i] == ' ') && (s.p[i + 1] == 'a' || s.p[i + 1] == 'A') &&
            (s.p[i + 2] == 'n' || s.p[i + 2] == 'N') && (s.p[i + 3] == 'd' || s.p[i + 3] == 'D') &&
            s.p[i + 4] == ' ')
            return true;
    return false;
}

static void bib_field(rl_buf *out, const char *key, rl_str value)
{
    rl_buf_printf(out, "  %-8s = {", key);
    bib_escape(out, value);
    rl_buf_puts(out, "},\n");
}

void rl_cite_bibtex(const rl_pub *p, const rl_edition *e, rl_buf *out)
{
    rl_buf_printf(out, "@misc{%.*s-%s,\n", (int)p->name.n, p->name.p, e->id);
    /* Double braces keep the title's capitals in every style. */
    rl_buf_puts(out, "  title    = {{");
    bib_escape(out, p->title);
    rl_buf_puts(out, "}},\n");
    if (p->subtitle.n)
        bib_field(out, "subtitle", p->subtitle);
    if (p->nauthors) {
        rl_buf_puts(out, "  author   = {");
        for (size_t i = 0; i < p->nauthors; i++) {
            if (i)
                rl_buf_puts(out, " and ");
            bool brace = contains_and(p->authors[i]);
            if (brace)
                rl_buf_putc(out, '{');
            bib_escape(out, p->authors[i]);
            if (brace)
                rl_buf_putc(out, '}');
        }
        rl_buf_puts(out, "},\n");
    }
    if (p->edition_number > 0)
        rl_buf_printf(out, "  edition  = {%ld},\n", p->edition_number);
    bib_field(out, "date", e->date);
    rl_buf_printf(out, "  year     = {%.4s},\n", e->date.p);
    rl_buf_printf(out, "  version  = {%s},\n", e->id);
    rl_buf_printf(out, "  note     = {Edition %s}", e->id);
    if (p->url.n) {
        rl_buf_puts(out, ",\n  url      = {");
        url_escape(out, p->url);
        rl_buf_putc(out, '}');
    }
    rl_buf_puts(out, "\n}\n");
}

/* ---- CSL-JSON -------------------------------------------------------- */

static rl_str trim(rl_str s)
{
    while (s.n && (s.p[0] == ' ' || s.p[0] == '\t'))
        s.p++, s.n--;
    while (s.n && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t'))
        s.n--;
    return s;
}

static void csl_name(rl_buf *out, rl_str name)
{
    const char *comma = memchr(name.p, ',', name.n);
    if (comma) {
        rl_str family = trim((rl_str){name.p, (size_t)(comma - name.p)});
        rl_str given = trim((rl_str){comma + 1, name.n - (size_t)(comma + 1 - name.p)});
        if (family.n && given.n && !memchr(given.p, ',', given.n)) {
            rl_buf_puts(out, "{\"family\": ");
            rl_json_str(out, family);
            rl_buf_puts(out, ", \"given\": ");
            rl_json_str(out, given);
            rl_buf_puts(out, "}");
            return;
        }
    }
    rl_buf_puts(out, "{\"literal\": ");
    rl_json_str(out, name);
    rl_buf_puts(out, "}");
}

void rl_cite_csl(const rl_pub *p, const rl_edition *e, rl_buf *out)
{
    rl_buf_printf(out, "[\n  {\n    \"id\": \"%.*s-%s\",\n", (int)p->name.n, p->name.p, e->id);
    rl_buf_puts(out, "    \"type\": \"document\",\n    \"title\": ");
    if (p->subtitle.n) {
        /* CSL 1.0.2 has no subtitle: "Title: Subtitle", as Zotero writes it. */
        rl_buf_puts(out, "\"");
        rl_json_chars(out, p->title);
        rl_buf_puts(out, ": ");
        rl_json_chars(out, p->subtitle);
        rl_buf_puts(out, "\"");
    } else {
        rl_json_str(out, p->title);
    }
    if (p->nauthors) {
        rl_buf_puts(out, ",\n    \"author\": [");
        for (size_t i = 0; i < p->nauthors; i++) {
            rl_buf_puts(out, i ? ", " : "");
            csl_name(out, p->authors[i]);
        }
        rl_buf_puts(out, "]");
    }
    if (p->edition_number > 0)
        rl_buf_printf(out, ",\n    \"edition\": \"%ld\"", p->edition_number);
    int y = atoi(e->date.p), m = atoi(e->date.p + 5), d = atoi(e->date.p + 8);
    rl_buf_printf(out, ",\n    \"issued\": {\"date-parts\": [[%d, %d, %d]]}", y, m, d);
    rl_buf_printf(out, ",\n    \"version\": \"%s\"", e->id);
    rl_buf_printf(out, ",\n    \"note\": \"Edition %s\"", e->id);
    if (p->url.n) {
        rl_buf_puts(out, ",\n    \"URL\": ");
        rl_json_str(out, p->url);
    }
    rl_buf_puts(out, "\n  }\n]\n");
}
