#ifndef PMO_UTIL_DECIMAL_H
#define PMO_UTIL_DECIMAL_H
#include <stdint.h>
#include <stddef.h>

/* Numbers. A scalar's text is parsed into an int64 when it is an integer
 * that fits, else a double; a decimal form (mantissa, exponent) is kept when
 * it fits, so that multipleOf is exact for decimal fractions. */

typedef struct {
	int ok;        /* 0: not a number */
	int is_int;    /* i holds the exact value */
	int64_t i;
	double d;      /* always set */
	int dec;       /* mant * 10^exp is the exact absolute value */
	uint64_t mant;
	int exp;
	int neg;
} pmo_num;

/* How a number is written: a YAML 1.2 core integer (also 0x.., 0o..) or a
 * float (also .inf, .nan); PMO_NUM_NONE is no number. */
typedef enum { PMO_NUM_NONE, PMO_NUM_INT, PMO_NUM_FLOAT } pmo_num_form;

/* Parse s[0..len) written in form; .ok is 0 when it is no number. */
pmo_num pmo_num_parse(const char *s, size_t len, pmo_num_form form);
/* -1, 0, 1; NaN compares as unordered (2). */
int pmo_num_cmp(const pmo_num *a, const pmo_num *b);
/* Is x a multiple of m (m > 0)? Exact for decimals, else by doubles. */
int pmo_num_multiple(const pmo_num *x, const pmo_num *m);

/* Plain decimals as money and rates are written, [-]digits[.digits]:
 * whether s is one, and two of them by value, exactly at any length
 * (1200.00 > 80.5; 9007199254740993.01 > 9007199254740993): -1, 0, 1. */
int pmo_decimal_text_is(const char *s);
int pmo_decimal_text_cmp(const char *a, const char *b);

#endif
