/*
 * Numbers as YAML 1.2 writes them, kept exactly where they can be: an
 * int64 when the text is an integer that fits, else a double, and a
 * decimal form (mantissa, exponent) so that multipleOf and comparisons are
 * exact for decimal fractions.
 */
#include "util/decimal.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void num_decimal(pmo_num *n, const char *s, size_t len)
{
	size_t i = 0;
	uint64_t m = 0;
	long e = 0, ex = 0;
	int digits = 0, exneg = 0, any = 0;

	n->dec = 0;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		any = 1;
		if (m == 0 && s[i] == '0')
			continue;
		if (digits >= 19)
			return;
		m = m * 10 + (uint64_t)(s[i] - '0');
		digits++;
	}
	if (i < len && s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
			any = 1;
			e--;
			if (m == 0 && s[i] == '0')
				continue;
			if (digits >= 19)
				return;
			m = m * 10 + (uint64_t)(s[i] - '0');
			digits++;
		}
	}
	if (!any)
		return;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			exneg = s[i++] == '-';
		if (i >= len)
			return;
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
			ex = ex * 10 + (s[i] - '0');
			if (ex > 100000)
				return;
		}
		e += exneg ? -ex : ex;
	}
	if (i != len)
		return;
	if (m == 0)
		e = 0;
	while (m != 0 && m % 10 == 0) {
		m /= 10;
		e++;
	}
	if (e > INT_MAX / 2 || e < INT_MIN / 2)
		return;
	n->mant = m;
	n->exp = (int)e;
	n->dec = 1;
}

/* Parse a YAML 1.2 core number (also 0x.., 0o.., .inf, .nan). */
pmo_num pmo_num_parse(const char *s, size_t len, pmo_num_form form)
{
	pmo_num n;
	char *end;
	char tmp[64];
	const char *p = s;
	int neg = 0;

	memset(&n, 0, sizeof(n));
	if (form != PMO_NUM_INT && form != PMO_NUM_FLOAT)
		return n;
	if (len > 0 && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		p = s + 1;
	}
	n.neg = neg;
	n.ok = 1;
	if (form == PMO_NUM_INT && len - (size_t)(p - s) > 2 && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'o')) {
		unsigned long long v;
		size_t l = len - (size_t)(p - s) - 2;
		if (l >= sizeof(tmp))
			l = sizeof(tmp) - 1;
		memcpy(tmp, p + 2, l);
		tmp[l] = '\0';
		errno = 0;
		v = strtoull(tmp, &end, p[1] == 'x' ? 16 : 8);
		if (errno == 0 && v <= (unsigned long long)INT64_MAX) {
			n.is_int = 1;
			n.i = neg ? -(int64_t)v : (int64_t)v;
			n.d = (double)n.i;
			n.dec = 1;
			n.mant = v;
			n.exp = 0;
			while (n.mant != 0 && n.mant % 10 == 0) {
				n.mant /= 10;
				n.exp++;
			}
		} else {
			n.d = neg ? -(double)v : (double)v;
		}
		return n;
	}
	/* .inf, .Inf, .INF (signed) and .nan, .NaN, .NAN: four characters
	 * with a letter after the dot; .125 and .5e1 are numbers like others */
	if (form == PMO_NUM_FLOAT && len - (size_t)(p - s) == 4 && p[0] == '.' &&
	    strchr("iInN", p[1])) {
		if (p[1] == 'n' || p[1] == 'N') {
			n.d = NAN;
		} else {
			n.d = neg ? -INFINITY : INFINITY;
		}
		return n;
	}
	{
		char *buf = len < sizeof(tmp) ? tmp : malloc(len + 1);
		if (!buf) {
			n.ok = 0;
			return n;
		}
		memcpy(buf, s, len);
		buf[len] = '\0';
		if (form == PMO_NUM_INT) {
			long long v;
			errno = 0;
			v = strtoll(buf, &end, 10);
			if (errno == 0 && *end == '\0') {
				n.is_int = 1;
				n.i = v;
			}
		}
		/* an integer's nearest double is what strtod would give
		 * (save -0, whose sign only strtod keeps) */
		if (n.is_int && (n.i != 0 || !neg))
			n.d = (double)n.i;
		else
			n.d = strtod(buf, &end);
		if (buf != tmp)
			free(buf);
	}
	num_decimal(&n, s, len);
	if (!n.is_int && n.dec && n.exp >= 0 && isfinite(n.d) && fabs(n.d) < 9.2e18) {
		/* 1.0, 1e3: integral values that fit stay exact */
		uint64_t v = n.mant;
		int e = n.exp, fits = 1;
		while (e-- > 0) {
			if (v > UINT64_MAX / 10) {
				fits = 0;
				break;
			}
			v *= 10;
		}
		if (fits && v <= (uint64_t)INT64_MAX) {
			n.is_int = 1;
			n.i = neg ? -(int64_t)v : (int64_t)v;
		}
	}
	return n;
}

/* -1, 0, 1; NaN compares as unordered (2). */
int pmo_num_cmp(const pmo_num *a, const pmo_num *b)
{
	if (a->is_int && b->is_int)
		return a->i < b->i ? -1 : a->i > b->i;
	if (isnan(a->d) || isnan(b->d))
		return 2;
	if (a->is_int || b->is_int) {
		long double x = a->is_int ? (long double)a->i : (long double)a->d;
		long double y = b->is_int ? (long double)b->i : (long double)b->d;
		return x < y ? -1 : x > y;
	}
	return a->d < b->d ? -1 : a->d > b->d;
}

/* Is x a multiple of m (m > 0)? Exact for decimals, else by doubles. */
int pmo_num_multiple(const pmo_num *x, const pmo_num *m)
{
	double q;

	if (x->dec && m->dec && m->mant != 0) {
		if (x->mant == 0)
			return 1;
		if (m->exp > x->exp)
			return 0; /* x's mantissa has no trailing zeros */
		if (m->mant <= UINT64_MAX / 10) {
			uint64_t r = x->mant % m->mant;
			int k;
			for (k = x->exp - m->exp; k > 0 && r != 0; k--)
				r = (r * 10) % m->mant;
			return r == 0;
		}
	}
	if (m->d == 0 || !isfinite(x->d))
		return 0;
	q = x->d / m->d;
	if (!isfinite(q))
		return 0;
	return fabs(q - nearbyint(q)) <= 1e-9 * fmax(1.0, fabs(q));
}


int pmo_decimal_text_is(const char *s)
{
	size_t i = *s == '-', d;

	d = strspn(s + i, "0123456789");
	if (!d)
		return 0;
	i += d;
	if (s[i] == '.') {
		d = strspn(s + i + 1, "0123456789");
		if (!d)
			return 0;
		i += 1 + d;
	}
	return !s[i];
}

/* Integer digits by count after leading zeros, then digit by digit, the
 * shorter fraction padded with 0: no double anywhere. */
int pmo_decimal_text_cmp(const char *a, const char *b)
{
	int na = *a == '-', nb = *b == '-', c;
	const char *fa, *fb;
	size_t la, lb;

	a += na;
	b += nb;
	while (*a == '0')
		a++;
	while (*b == '0')
		b++;
	la = strspn(a, "0123456789");
	lb = strspn(b, "0123456789");
	fa = a[la] == '.' ? a + la + 1 : "";
	fb = b[lb] == '.' ? b + lb + 1 : "";
	/* -0 and -0.00 are 0 */
	na = na && (la || strspn(fa, "0") != strlen(fa));
	nb = nb && (lb || strspn(fb, "0") != strlen(fb));
	if (na != nb)
		return na ? -1 : 1;
	c = la != lb ? (la < lb ? -1 : 1) : strncmp(a, b, la);
	while (!c && (*fa || *fb)) {
		char x = *fa ? *fa++ : '0', y = *fb ? *fb++ : '0';
		c = x - y;
	}
	c = c < 0 ? -1 : c > 0;
	return na ? -c : c;
}
