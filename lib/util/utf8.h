#ifndef PMO_UTIL_UTF8_H
#define PMO_UTIL_UTF8_H
#include <stddef.h>
#include <stdint.h>

/* Decode one UTF-8 sequence at s (at most n bytes). Returns its length
 * (1-4) and sets *cp, or 0 when the bytes are not valid UTF-8. */
size_t pmo_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Offset of the first invalid byte, or (size_t)-1 when all of s is valid. */
size_t pmo_utf8_invalid_at(const char *s, size_t n);
/* Terminal columns of one code point: 0 (combining), 1, or 2 (wide CJK). */
int pmo_utf8_cp_width(uint32_t cp);
/* Display width of a UTF-8 string (invalid bytes count one column). */
size_t pmo_utf8_width(const char *s, size_t n);
/* Longest prefix of s (in bytes) whose width is at most cols; never cuts a
 * character. *width gets the prefix's width when not NULL. */
size_t pmo_utf8_prefix(const char *s, size_t n, size_t cols, size_t *width);

#endif
