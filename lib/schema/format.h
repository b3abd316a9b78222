#ifndef PMO_SCHEMA_FORMAT_H
#define PMO_SCHEMA_FORMAT_H
/* Private to lib/schema: the "format" assertions of JSON Schema draft-07. */
#include <stddef.h>

/* Options for regular expressions from schemas (ECMA 262 flavour in PCRE2):
 * UTF-8, \uhhhh escapes, $ only at the very end. */
#define PMO_SCHEMA_PCRE2_OPTIONS (PCRE2_UTF | PCRE2_ALT_BSUX | PCRE2_DOLLAR_ENDONLY)

/* 1 when s[0..len) is a valid `format`, 0 when not, -1 when the format is
 * not one pmo knows (unknown formats are ignored, as the spec allows). */
int pmo_schema_format_check(const char *format, const char *s, size_t len);

/* The hint shown after "is not a valid <format>", e.g. " (YYYY-MM-DD)";
 * "" when there is none. */
const char *pmo_schema_format_hint(const char *format);

#endif
