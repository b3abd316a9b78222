/* Tests of lib/util/money.c: exact amounts, rounding, overflow, formats;
 * and 100,000 random operations against Python's decimal module
 * (tests/money_ref.py). */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/money.h"

static pmo_currency cny(void)
{
	pmo_currency c;
	pmo_currency_set(&c, "CNY", -1, PMO_ROUND_HALF_UP);
	return c;
}

static pmo_money m(const char *s)
{
	pmo_currency c = cny();
	pmo_money v = { 0 };
	cr_assert_eq(pmo_money_parse(&v, s, strlen(s), &c), 0, "%s: %s", s, pmo_error_last()->message);
	return v;
}

static const char *fmt(pmo_money v, int grouped)
{
	static char buf[PMO_MONEY_BUFSZ];
	pmo_currency c = cny();
	return pmo_money_format(buf, v, &c, grouped);
}

Test(money, point_one_plus_point_two_is_point_three)
{
	pmo_money r;
	cr_assert_eq(pmo_money_add(&r, m("0.1"), m("0.2")), 0);
	cr_assert_str_eq(fmt(r, 0), "0.30");
	cr_assert_eq(pmo_money_cmp(r, m("0.30")), 0);
}

Test(money, currencies_know_their_minor_units)
{
	pmo_currency c;
	cr_assert_eq(pmo_currency_minor_units("CNY"), 2);
	cr_assert_eq(pmo_currency_minor_units("JPY"), 0);
	cr_assert_eq(pmo_currency_minor_units("KWD"), 3);
	pmo_currency_set(&c, "JPY", -1, PMO_ROUND_HALF_UP);
	cr_assert_eq(c.minor, 0);
	pmo_currency_set(&c, "XXX", 4, PMO_ROUND_HALF_EVEN);
	cr_assert_eq(c.minor, 4);
}

Test(money, refuses_what_files_must_not_hold)
{
	pmo_currency c = cny();
	pmo_money v;
	static const struct { const char *text, *says; } bad[] = {
		{ "12.345", "'12.345' has 3 decimal places; CNY allows 2" },
		{ "1e3", "an exponent is not allowed" },
		{ "1,200.00", "thousands separators are not allowed" },
		{ "+5", "not a decimal number" },
		{ ".5", "not a decimal number" },
		{ "5.", "not a decimal number" },
		{ "", "not a decimal number" },
		{ "10000000000000000.00", "out of range" },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(pmo_money_parse(&v, bad[i].text, strlen(bad[i].text), &c), PMO_EINVALID, "%s", bad[i].text);
		cr_assert(strstr(pmo_error_last()->message, bad[i].says), "%s: %s", bad[i].text, pmo_error_last()->message);
	}
}

Test(money, formats_plain_and_grouped)
{
	cr_assert_str_eq(fmt(m("1200000"), 1), "1,200,000.00");
	cr_assert_str_eq(fmt(m("-1200000.5"), 1), "-1,200,000.50");
	cr_assert_str_eq(fmt(m("-0.05"), 1), "-0.05");
	cr_assert_str_eq(fmt(m("999.99"), 1), "999.99");
	cr_assert_str_eq(fmt(m("3600000.00"), 0), "3600000.00");
}

Test(money, rounds_half_up_and_half_even)
{
	pmo_currency up = cny(), even = cny();
	pmo_money r;
	pmo_dec half;

	even.rounding = PMO_ROUND_HALF_EVEN;
	cr_assert_eq(pmo_dec_parse(&half, "0.5", 3, 0), 0);
	cr_assert_eq(pmo_money_mul(&r, m("0.05"), half, &up), 0);   /* 0.025 */
	cr_assert_str_eq(fmt(r, 0), "0.03");
	cr_assert_eq(pmo_money_mul(&r, m("0.05"), half, &even), 0);
	cr_assert_str_eq(fmt(r, 0), "0.02");
	cr_assert_eq(pmo_money_mul(&r, m("-0.05"), half, &up), 0);  /* away from zero */
	cr_assert_str_eq(fmt(r, 0), "-0.03");
	cr_assert_eq(pmo_money_muldiv(&r, m("100.00"), 1, 3, &up), 0);
	cr_assert_str_eq(fmt(r, 0), "33.33");
}

Test(money, percent_factors)
{
	pmo_currency c = cny();
	pmo_dec f;
	pmo_money r;
	char buf[PMO_MONEY_BUFSZ];

	cr_assert_eq(pmo_dec_parse(&f, "60%", 3, 1), 0);
	cr_assert_str_eq(pmo_dec_format(buf, f), "0.60");
	cr_assert_eq(pmo_money_mul(&r, m("1200.00"), f, &c), 0);
	cr_assert_str_eq(fmt(r, 0), "720.00");
	cr_assert_eq(pmo_dec_parse(&f, "60%", 3, 0), PMO_EINVALID);
}

Test(money, the_worked_earned_value_case)
{
	pmo_currency c = cny();
	pmo_money pv, ev, eac;
	pmo_dec spi, cpi;
	char buf[PMO_MONEY_BUFSZ];

	cr_assert_eq(pmo_money_muldiv(&pv, m("100000.00"), 5, 10, &c), 0);
	cr_assert_eq(pmo_money_muldiv(&ev, m("100000.00"), 40, 100, &c), 0);
	cr_assert_eq(pmo_money_ratio(&spi, ev, pv, 4, &c), 0);
	cr_assert_eq(pmo_money_ratio(&cpi, ev, m("45000.00"), 4, &c), 0);
	cr_assert_str_eq(pmo_dec_format(buf, spi), "0.8000");
	cr_assert_str_eq(pmo_dec_format(buf, cpi), "0.8889");
	cr_assert_eq(pmo_money_muldiv(&eac, m("100000.00"), m("45000.00").minor, ev.minor, &c), 0);
	cr_assert_str_eq(fmt(eac, 0), "112500.00");
}

Test(money, overflow_is_an_error_never_a_wrap)
{
	pmo_currency c = cny();
	pmo_money r, big = { PMO_MONEY_MAX };
	pmo_dec two = pmo_dec_from_int(2);

	cr_assert_eq(pmo_money_add(&r, big, m("0.01")), PMO_EINVALID);
	cr_assert_eq(pmo_money_sub(&r, m("0.00"), (pmo_money){ PMO_MONEY_MAX }), 0);
	cr_assert_eq(pmo_money_sub(&r, r, m("0.01")), PMO_EINVALID);
	cr_assert_eq(pmo_money_mul(&r, big, two, &c), PMO_EINVALID);
	cr_assert_eq(pmo_money_muldiv(&r, big, INT64_MAX, 1, &c), PMO_EINVALID);
	cr_assert_eq(pmo_money_muldiv(&r, big, 1, 0, &c), PMO_EINVALID);
	cr_assert(strstr(pmo_error_last()->message, "division by zero"));
	/* 10^15 minor units are well inside */
	cr_assert_eq(pmo_money_muldiv(&r, (pmo_money){ INT64_C(1000000000000000) }, 999, 1, &c), 0);
}

/* --- against Python's decimal -------------------------------------------- */

static int split(char *line, char **f, int max)
{
	int n = 0;
	char *s = line, *tab;

	line[strcspn(line, "\n")] = '\0';
	while (n < max) {
		f[n++] = s;
		if (!(tab = strchr(s, '\t')))
			break;
		*tab = '\0';
		s = tab + 1;
	}
	return n;
}

/* The result of one reference line by pmo's code, as text ("ERR" when
 * refused). */
static void run_line(char **f, int n, char *out, size_t outsz)
{
	pmo_currency c;
	pmo_money a, b, r;
	pmo_dec d;
	char buf[PMO_MONEY_BUFSZ], buf2[PMO_MONEY_BUFSZ];
	const char *op = f[0];
	int rc = 0;

	pmo_currency_set(&c, "XXX", atoi(f[1]), !strcmp(f[2], "half-even") ? PMO_ROUND_HALF_EVEN : PMO_ROUND_HALF_UP);
	cr_assert(n >= 5, "short line");
	if (!strcmp(op, "parse")) {
		rc = pmo_money_parse(&r, f[3], strlen(f[3]), &c);
		snprintf(out, outsz, "%lld", (long long)r.minor);
	} else {
		a.minor = strtoll(f[3], NULL, 10);
		b.minor = n > 5 ? strtoll(f[4], NULL, 10) : 0;
		if (!strcmp(op, "add"))
			rc = pmo_money_add(&r, a, b);
		else if (!strcmp(op, "sub"))
			rc = pmo_money_sub(&r, a, b);
		else if (!strcmp(op, "cmp"))
			r.minor = pmo_money_cmp(a, b);
		else if (!strcmp(op, "mul")) {
			d.mant = strtoll(f[4], NULL, 10);
			d.scale = atoi(f[5]);
			rc = pmo_money_mul(&r, a, d, &c);
		} else if (!strcmp(op, "muldiv2")) {
			cr_assert(n == 9, "short muldiv2 line");
			rc = pmo_money_muldiv2(&r, a, strtoll(f[4], NULL, 10), strtoll(f[5], NULL, 10),
					       strtoll(f[6], NULL, 10), strtoll(f[7], NULL, 10), &c);
		} else if (!strcmp(op, "muldiv"))
			rc = pmo_money_muldiv(&r, a, strtoll(f[4], NULL, 10), strtoll(f[5], NULL, 10), &c);
		else if (!strcmp(op, "ratio")) {
			rc = pmo_money_ratio(&d, a, b, atoi(f[5]), &c);
			r.minor = d.mant;
		} else if (!strcmp(op, "format")) {
			snprintf(out, outsz, "%s|%s", pmo_money_format(buf, a, &c, 0), pmo_money_format(buf2, a, &c, 1));
			return;
		} else
			cr_assert_fail("unknown op %s", op);
		snprintf(out, outsz, "%lld", (long long)r.minor);
	}
	if (rc < 0)
		snprintf(out, outsz, "ERR");
}

/* Every line of money_ref.py's output (its arguments after the seed) agrees
 * with pmo's code; the number of lines it wrote. */
static void against_python(const char *args, long count)
{
	const char *src = getenv("PMO_SRCDIR");
	char cmd[4096], line[512], got[128], copy[512];
	char *f[10];
	FILE *p;
	long lines = 0, wrong = 0;

	cr_assert(src, "PMO_SRCDIR is not set");
	snprintf(cmd, sizeof(cmd), "python3 '%s/tests/money_ref.py' 20261202 %ld %s", src, count, args);
	cr_assert((p = popen(cmd, "r")), "cannot run %s", cmd);
	while (fgets(line, sizeof(line), p)) {
		int n;
		snprintf(copy, sizeof(copy), "%s", line);
		n = split(line, f, 10);
		run_line(f, n, got, sizeof(got));
		lines++;
		if (strcmp(got, f[n - 1])) {
			if (wrong++ < 10)
				cr_log_error("%s-> pmo gives %s", copy, got);
		}
	}
	cr_assert_eq(pclose(p), 0, "money_ref.py failed");
	cr_assert_eq(lines, count, "the reference wrote %ld lines", lines);
	cr_assert_eq(wrong, 0, "%ld of %ld operations differ from Python's decimal", wrong, lines);
}

Test(money, agrees_with_python_decimal_on_100000_operations, .timeout = 300)
{
	against_python("", 100000);
}

/* a × n1 × n2 / (d1 × d2): the earned-value forecast over two ratios */
Test(money, muldiv2_agrees_with_python_decimal, .timeout = 300)
{
	against_python("muldiv2", 20000);
}

Test(money, muldiv2_is_exact_beyond_128_bits)
{
	pmo_currency c = cny();
	pmo_money r;
	pmo_money big = { INT64_C(100000000000000000) };

	/* EAC = AC + (BAC − EV) × AC / EV × PV / EV of the worked case */
	cr_assert_eq(pmo_money_muldiv2(&r, m("60000.00"), m("45000.00").minor, m("50000.00").minor,
				       m("40000.00").minor, m("40000.00").minor, &c), 0);
	cr_assert_str_eq(fmt(r, 0), "84375.00");
	/* 10^17 × 10^17 × 10^17 / (10^17 × 10^17): 10^51 on the way */
	cr_assert_eq(pmo_money_muldiv2(&r, big, big.minor, big.minor, big.minor, big.minor, &c), 0);
	cr_assert_eq(r.minor, big.minor);
	/* 0.01 × 1 × 1 / (2 × 1): half a fen, half-up away from zero */
	cr_assert_eq(pmo_money_muldiv2(&r, m("-0.01"), 1, 1, 2, 1, &c), 0);
	cr_assert_str_eq(fmt(r, 0), "-0.01");
	cr_assert_eq(pmo_money_muldiv2(&r, big, INT64_MAX, INT64_MAX, 1, 1, &c), PMO_EINVALID);
	cr_assert_eq(pmo_money_muldiv2(&r, big, 1, 1, 1, 0, &c), PMO_EINVALID);
}
