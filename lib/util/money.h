#ifndef PMO_UTIL_MONEY_H
#define PMO_UTIL_MONEY_H
#include <stdint.h>
#include <stddef.h>

/*
 * Money, exact: an amount is a whole number of the currency's minor units
 * (fen for CNY, cents for USD, yen for JPY) and never passes through a
 * double. Every operation that can leave the range or divide by zero
 * returns PMO_EINVALID with a message instead of wrapping; every operation
 * whose exact result has more decimals than the currency rounds once, by
 * the currency's rule (half-up, 四舍五入, away from zero at the half; or
 * half-even, the banker's rounding).
 */

/* The largest amount, in minor units: 10^18 - 1 (10^16 yuan in CNY). */
#define PMO_MONEY_MAX INT64_C(999999999999999999)
/* Enough for "-999,999,999,999,999,999.999999" and a NUL. */
#define PMO_MONEY_BUFSZ 48

typedef enum { PMO_ROUND_HALF_UP, PMO_ROUND_HALF_EVEN } pmo_rounding;

typedef struct {
	char code[4];           /* ISO 4217: "CNY" */
	int minor;              /* digits after the point: CNY 2, JPY 0, KWD 3 */
	pmo_rounding rounding;
} pmo_currency;

typedef struct {
	int64_t minor;          /* the amount in minor units */
} pmo_money;

/* An exact factor: mant × 10^-scale (a rate, an allocation, a progress). */
typedef struct {
	int64_t mant;
	int scale;              /* 0..18 */
} pmo_dec;

/* Digits after the point of an ISO 4217 currency (a table of the codes
 * whose minor unit is not 2: JPY 0, KWD 3, …); 2 for the others. */
int pmo_currency_minor_units(const char *code);
/* A currency: minor < 0 takes pmo_currency_minor_units(code). */
void pmo_currency_set(pmo_currency *c, const char *code, int minor, pmo_rounding rounding);
/* "half-up" / "half-even" → rounding; PMO_EINVALID for other names. */
int pmo_rounding_parse(pmo_rounding *out, const char *name);

/*
 * An amount written [-]DIGITS[.DIGITS] with at most c->minor decimals.
 * Refused (PMO_EINVALID, the message says what is wrong and what is
 * allowed): exponents, thousands separators, signs other than a leading
 * '-', more decimals than the currency has, more than PMO_MONEY_MAX.
 */
int pmo_money_parse(pmo_money *out, const char *s, size_t len, const pmo_currency *c);
/* A factor [-]DIGITS[.DIGITS], at most 18 significant digits; with
 * percent, a trailing '%' divides by 100 ("60%" is 0.6). */
int pmo_dec_parse(pmo_dec *out, const char *s, size_t len, int percent);
pmo_dec pmo_dec_from_int(int64_t i);

int pmo_money_add(pmo_money *out, pmo_money a, pmo_money b);
int pmo_money_sub(pmo_money *out, pmo_money a, pmo_money b);
/* a × f, rounded to minor units. */
int pmo_money_mul(pmo_money *out, pmo_money a, pmo_dec f, const pmo_currency *c);
/* a × num / den, rounded once to minor units (a share of a cost: cost ×
 * elapsed days / days; BAC × AC / EV). den 0 is refused. */
int pmo_money_muldiv(pmo_money *out, pmo_money a, int64_t num, int64_t den, const pmo_currency *c);
/* a × n1 × n2 / (d1 × d2), rounded once to minor units, exact however
 * large the products (a forecast over two ratios: EAC = AC + (BAC − EV) ×
 * AC / EV × PV / EV; labour: rate × days × allocation × hours / 800).
 * d1 or d2 0 is refused. */
int pmo_money_muldiv2(pmo_money *out, pmo_money a, int64_t n1, int64_t n2, int64_t d1, int64_t d2,
		      const pmo_currency *c);
/* a / b as a factor with places digits after the point (0..9), rounded
 * by the currency's rule (SPI = EV / PV to 4 places). b 0 is refused. */
int pmo_money_ratio(pmo_dec *out, pmo_money a, pmo_money b, int places, const pmo_currency *c);
int pmo_money_cmp(pmo_money a, pmo_money b);

/* The amount with c->minor decimals: plain ("-1200000.50", for files,
 * JSON and CSV) or grouped ("-1,200,000.50", for tables). Returns buf. */
char *pmo_money_format(char buf[PMO_MONEY_BUFSZ], pmo_money a, const pmo_currency *c, int grouped);
/* A factor with its scale's decimals ("0.8889", "12", "-0.50"). */
char *pmo_dec_format(char buf[PMO_MONEY_BUFSZ], pmo_dec d);

#endif
