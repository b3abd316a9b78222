/*
 * Money as whole minor units in an int64, with 128-bit intermediates for
 * products so that a × rate / 10^scale is exact before its one rounding.
 */
#include "util/money.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

__extension__ typedef __int128 wide; /* GCC and Clang on 64-bit targets */
__extension__ typedef unsigned __int128 uwide;

static const int64_t pow10_tab[19] = {
	INT64_C(1), INT64_C(10), INT64_C(100), INT64_C(1000), INT64_C(10000),
	INT64_C(100000), INT64_C(1000000), INT64_C(10000000), INT64_C(100000000),
	INT64_C(1000000000), INT64_C(10000000000), INT64_C(100000000000),
	INT64_C(1000000000000), INT64_C(10000000000000), INT64_C(100000000000000),
	INT64_C(1000000000000000), INT64_C(10000000000000000),
	INT64_C(100000000000000000), INT64_C(1000000000000000000),
};

/* ISO 4217 currencies whose minor unit is not two digits. */
static const struct { const char code[4]; int minor; } minor_units[] = {
	{ "BHD", 3 }, { "BIF", 0 }, { "CLF", 4 }, { "CLP", 0 }, { "DJF", 0 },
	{ "GNF", 0 }, { "IQD", 3 }, { "ISK", 0 }, { "JOD", 3 }, { "JPY", 0 },
	{ "KMF", 0 }, { "KRW", 0 }, { "KWD", 3 }, { "LYD", 3 }, { "OMR", 3 },
	{ "PYG", 0 }, { "RWF", 0 }, { "TND", 3 }, { "UGX", 0 }, { "UYI", 0 },
	{ "UYW", 4 }, { "VND", 0 }, { "VUV", 0 }, { "XAF", 0 }, { "XOF", 0 },
	{ "XPF", 0 },
};

int pmo_currency_minor_units(const char *code)
{
	size_t i;

	for (i = 0; code && i < sizeof(minor_units) / sizeof(minor_units[0]); i++)
		if (!strcmp(minor_units[i].code, code))
			return minor_units[i].minor;
	return 2;
}

void pmo_currency_set(pmo_currency *c, const char *code, int minor, pmo_rounding rounding)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->code, sizeof(c->code), "%s", code ? code : "CNY");
	c->minor = minor >= 0 && minor <= 4 ? minor : pmo_currency_minor_units(c->code);
	c->rounding = rounding;
}

int pmo_rounding_parse(pmo_rounding *out, const char *name)
{
	if (name && !strcmp(name, "half-up"))
		*out = PMO_ROUND_HALF_UP;
	else if (name && !strcmp(name, "half-even"))
		*out = PMO_ROUND_HALF_EVEN;
	else
		return pmo_error_set(PMO_EINVALID, "rounding '%s' is not known: half-up or half-even",
			name ? name : "");
	return 0;
}

static int too_large(void)
{
	return pmo_error_set(PMO_EINVALID, "amount out of range: at most %lld minor units",
		(long long)PMO_MONEY_MAX);
}

/* n / d rounded to a whole number by r; d > 0. */
static wide round_div(wide n, wide d, pmo_rounding r)
{
	wide q = n / d, rem = n % d, twice;

	if (rem < 0)
		rem = -rem;
	twice = rem * 2;
	if (twice > d || (twice == d && (r == PMO_ROUND_HALF_UP || (q % 2 != 0))))
		q += n < 0 ? -1 : 1;
	return q;
}

static int fits(pmo_money *out, wide v)
{
	if (v > PMO_MONEY_MAX || v < -PMO_MONEY_MAX)
		return too_large();
	out->minor = (int64_t)v;
	return 0;
}

/* Digits, one '.', digits: the shape both money and factors take. On a
 * wrong shape, *why says what is wrong. */
static int scan_decimal(const char *s, size_t len, int *neg, size_t *int_start, size_t *dot,
			const char **why)
{
	size_t i = 0, digits = 0, frac = 0;

	*neg = 0;
	*dot = len;
	if (len && s[0] == '-') {
		*neg = 1;
		i = 1;
	}
	*int_start = i;
	for (; i < len; i++) {
		char ch = s[i];
		if (ch >= '0' && ch <= '9') {
			if (*dot == len)
				digits++;
			else
				frac++;
		} else if (ch == '.' && *dot == len) {
			*dot = i;
		} else if (ch == 'e' || ch == 'E') {
			*why = "an exponent is not allowed";
			return -1;
		} else if (ch == ',' || ch == '_' || ch == ' ' || ch == '\'') {
			*why = "thousands separators are not allowed";
			return -1;
		} else {
			*why = "it is not a decimal number";
			return -1;
		}
	}
	if (!digits || (*dot != len && !frac)) {
		*why = "it is not a decimal number";
		return -1;
	}
	return 0;
}

int pmo_money_parse(pmo_money *out, const char *s, size_t len, const pmo_currency *c)
{
	const char *why = NULL;
	size_t start, dot, i, frac;
	int neg;
	wide v = 0;

	if (scan_decimal(s, len, &neg, &start, &dot, &why) < 0)
		goto refuse;
	frac = dot == len ? 0 : len - dot - 1;
	if (frac > (size_t)c->minor) {
		return pmo_error_set(PMO_EINVALID,
			"'%.*s' has %zu decimal places; %s allows %d (an exact decimal such as %s)",
			(int)len, s, frac, c->code, c->minor, c->minor == 0 ? "1200" : c->minor == 3 ? "1200.000" : "1200.00");
	}
	for (i = start; i < len; i++) {
		if (s[i] == '.')
			continue;
		v = v * 10 + (s[i] - '0');
		if (v > PMO_MONEY_MAX)
			return too_large();
	}
	for (; frac < (size_t)c->minor; frac++) {
		v *= 10;
		if (v > PMO_MONEY_MAX)
			return too_large();
	}
	out->minor = (int64_t)(neg ? -v : v);
	return 0;
refuse:
	return pmo_error_set(PMO_EINVALID,
		"'%.*s' is not an amount: %s (an exact decimal such as 1200.00, at most %d decimal places)",
		(int)len, s, why, c->minor);
}

int pmo_dec_parse(pmo_dec *out, const char *s, size_t len, int percent)
{
	const char *why = NULL;
	size_t start, dot, i;
	int neg, sig = 0, scale = 0;
	int64_t m = 0;

	if (percent && len && s[len - 1] == '%') {
		len--;
		scale = 2;
	}
	if (scan_decimal(s, len, &neg, &start, &dot, &why) < 0)
		return pmo_error_set(PMO_EINVALID, "'%.*s' is not a decimal: %s", (int)len, s, why);
	for (i = start; i < len; i++) {
		if (s[i] == '.')
			continue;
		if (i > dot)
			scale++;
		if (m == 0 && s[i] == '0')
			continue;
		if (++sig > 18 || scale > 18)
			return pmo_error_set(PMO_EINVALID,
				"'%.*s' has more than 18 significant digits", (int)len, s);
		m = m * 10 + (s[i] - '0');
	}
	if (scale > 18)
		return pmo_error_set(PMO_EINVALID, "'%.*s' has more than 18 decimal places", (int)len, s);
	out->mant = neg ? -m : m;
	out->scale = scale;
	return 0;
}

pmo_dec pmo_dec_from_int(int64_t i)
{
	pmo_dec d = { i, 0 };
	return d;
}

int pmo_money_add(pmo_money *out, pmo_money a, pmo_money b)
{
	return fits(out, (wide)a.minor + b.minor);
}

int pmo_money_sub(pmo_money *out, pmo_money a, pmo_money b)
{
	return fits(out, (wide)a.minor - b.minor);
}

int pmo_money_mul(pmo_money *out, pmo_money a, pmo_dec f, const pmo_currency *c)
{
	if (f.scale < 0 || f.scale > 18)
		return pmo_error_set(PMO_EINVALID, "a factor has %d decimal places (0 to 18)", f.scale);
	return fits(out, round_div((wide)a.minor * f.mant, pow10_tab[f.scale], c->rounding));
}

int pmo_money_muldiv(pmo_money *out, pmo_money a, int64_t num, int64_t den, const pmo_currency *c)
{
	wide n = (wide)a.minor * num, d = den;

	if (den == 0)
		return pmo_error_set(PMO_EINVALID, "division by zero");
	if (d < 0) {
		d = -d;
		n = -n;
	}
	return fits(out, round_div(n, d, c->rounding));
}

static uwide uabs(int64_t v)
{
	return v < 0 ? (uwide)0 - (uwide)v : (uwide)v;
}

/*
 * With x = |a × n1| (< 2^126), q1, r1 = x / e1 and the rest: x × n2 /
 * (e1 × e2) = q2 + q4 + (r4 × e1 + r3) / (e1 × e2), where every product
 * stays under 2^127 (r1 < e1, q3 < n2, r4 < e2) and the fraction is below
 * one; a q1 × n2 that would not fit means a result far beyond
 * PMO_MONEY_MAX. Magnitudes, then the sign: half-up rounds away from zero.
 */
int pmo_money_muldiv2(pmo_money *out, pmo_money a, int64_t n1, int64_t n2, int64_t d1, int64_t d2,
		      const pmo_currency *c)
{
	int neg = (a.minor < 0) ^ (n1 < 0) ^ (n2 < 0) ^ (d1 < 0) ^ (d2 < 0);
	uwide x = uabs(a.minor) * uabs(n1), u2 = uabs(n2), e1 = uabs(d1), e2 = uabs(d2);
	uwide q1, r1, big, small, q2, r2, q3, r3, s, q4, r4, q, twice, den;

	if (!d1 || !d2)
		return pmo_error_set(PMO_EINVALID, "division by zero");
	q1 = x / e1;
	r1 = x % e1;
	if (q1 && u2 > ((uwide)-1) / q1)
		return too_large();
	big = q1 * u2;
	small = r1 * u2;
	q2 = big / e2;
	r2 = big % e2;
	q3 = small / e1;
	r3 = small % e1;
	s = r2 + q3;
	q4 = s / e2;
	r4 = s % e2;
	q = q2 + q4;
	if (q < q2)
		return too_large();
	twice = 2 * (r4 * e1 + r3);
	den = e1 * e2;
	if (twice > den || (twice == den && (c->rounding == PMO_ROUND_HALF_UP || (q & 1))))
		q++;
	if (q > (uwide)PMO_MONEY_MAX)
		return too_large();
	out->minor = neg ? -(int64_t)q : (int64_t)q;
	return 0;
}

int pmo_money_ratio(pmo_dec *out, pmo_money a, pmo_money b, int places, const pmo_currency *c)
{
	wide n = (wide)a.minor * pow10_tab[places < 0 ? 0 : places > 9 ? 9 : places], d = b.minor, q;

	if (places < 0 || places > 9)
		return pmo_error_set(PMO_EINVALID, "a ratio has %d decimal places (0 to 9)", places);
	if (b.minor == 0)
		return pmo_error_set(PMO_EINVALID, "division by zero");
	if (d < 0) {
		d = -d;
		n = -n;
	}
	q = round_div(n, d, c->rounding);
	if (q > INT64_MAX || q < -INT64_MAX)
		return pmo_error_set(PMO_EINVALID, "ratio out of range");
	out->mant = (int64_t)q;
	out->scale = places;
	return 0;
}

int pmo_money_cmp(pmo_money a, pmo_money b)
{
	return (a.minor > b.minor) - (a.minor < b.minor);
}

/* Digits of |mant| with scale decimals, grouped by three when asked. */
static char *format_scaled(char buf[PMO_MONEY_BUFSZ], int64_t mant, int scale, int grouped)
{
	char digits[24], *p = buf;
	uint64_t u = mant < 0 ? (uint64_t)0 - (uint64_t)mant : (uint64_t)mant;
	int n, whole, i;

	n = snprintf(digits, sizeof(digits), "%0*llu", scale + 1, (unsigned long long)u);
	whole = n - scale;
	if (mant < 0)
		*p++ = '-';
	for (i = 0; i < whole; i++) {
		if (grouped && i > 0 && (whole - i) % 3 == 0)
			*p++ = ',';
		*p++ = digits[i];
	}
	if (scale > 0) {
		*p++ = '.';
		memcpy(p, digits + whole, (size_t)scale);
		p += scale;
	}
	*p = '\0';
	return buf;
}

char *pmo_money_format(char buf[PMO_MONEY_BUFSZ], pmo_money a, const pmo_currency *c, int grouped)
{
	return format_scaled(buf, a.minor, c->minor, grouped);
}

char *pmo_dec_format(char buf[PMO_MONEY_BUFSZ], pmo_dec d)
{
	return format_scaled(buf, d.mant, d.scale < 0 ? 0 : d.scale > 18 ? 18 : d.scale, 0);
}
