#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int pmo_date_days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Howard Hinnant's days_from_civil. */
pmo_date pmo_date_from_ymd(int y, int m, int d)
{
	long yy = y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void pmo_date_to_ymd(pmo_date z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp, yy;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

int pmo_date_parse(pmo_date *out, const char *s, size_t len)
{
	int y, m, d, i;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > pmo_date_days_in_month(y, m))
		return -1;
	*out = pmo_date_from_ymd(y, m, d);
	return 0;
}

char *pmo_date_format(char buf[static 11], pmo_date dn)
{
	int y, m, d;

	unsigned uy;

	/* digits by hand: schedules format tens of thousands of dates */
	pmo_date_to_ymd(dn, &y, &m, &d);
	uy = (unsigned)y % 10000u;
	buf[0] = (char)('0' + uy / 1000);
	buf[1] = (char)('0' + uy / 100 % 10);
	buf[2] = (char)('0' + uy / 10 % 10);
	buf[3] = (char)('0' + uy % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + (unsigned)m / 10 % 10);
	buf[6] = (char)('0' + (unsigned)m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + (unsigned)d / 10 % 10);
	buf[9] = (char)('0' + (unsigned)d % 10);
	buf[10] = '\0';
	return buf;
}

int pmo_date_weekday(pmo_date d)
{
	/* 1970-01-01 was a Thursday (4) */
	long w = (d % 7 + 7) % 7;
	return (int)((w + 3) % 7) + 1;
}

pmo_date pmo_date_today(void)
{
	const char *env = getenv("PMO_TODAY");
	pmo_date d;
	time_t now;
	struct tm tm;

	if (env && !pmo_date_parse(&d, env, strlen(env)))
		return d;
	now = time(NULL);
	localtime_r(&now, &tm);
	return pmo_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* Two digits at s as a number, or -1. */
static int two_digits(const char *s)
{
	return s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' ? (s[0] - '0') * 10 + (s[1] - '0') : -1;
}

int pmo_datetime_parse(long long *out, const char *s, size_t len)
{
	pmo_date d;
	int h, m, sec = 0, oh = 0, om = 0, sign = 0;
	size_t i = 16;

	if (len < 16 || pmo_date_parse(&d, s, 10) < 0 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    (h = two_digits(s + 11)) < 0 || s[13] != ':' || (m = two_digits(s + 14)) < 0 || h > 23 || m > 59)
		return -1;
	if (i < len && s[i] == ':') {
		if (i + 3 > len || (sec = two_digits(s + i + 1)) < 0 || sec > 60)
			return -1;
		i += 3;
		if (i < len && s[i] == '.') {
			for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
				;
		}
	}
	if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
		i++;
	} else if (i < len && (s[i] == '+' || s[i] == '-')) {
		sign = s[i] == '-' ? -1 : 1;
		if (i + 6 > len || (oh = two_digits(s + i + 1)) < 0 || s[i + 3] != ':' ||
		    (om = two_digits(s + i + 4)) < 0 || oh > 23 || om > 59)
			return -1;
		i += 6;
	}
	if (i != len)
		return -1;
	*out = (long long)d * 86400 + h * 3600 + m * 60 + sec - sign * (oh * 3600 + om * 60);
	return 0;
}

static int digits(const char *s, size_t n, int *out)
{
	size_t i;

	*out = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*out = *out * 10 + (s[i] - '0');
	}
	return 0;
}

int pmo_datetime_read(long long *secs, int *offset_min, const char *s, size_t len)
{
	pmo_date d;
	int h, mi, se, oh, om, off = 0;
	size_t i = 19;

	if (len < 20 || pmo_date_parse(&d, s, 10) < 0 || (s[10] != 'T' && s[10] != 't') ||
	    s[13] != ':' || s[16] != ':' || digits(s + 11, 2, &h) < 0 ||
	    digits(s + 14, 2, &mi) < 0 || digits(s + 17, 2, &se) < 0 || h > 23 || mi > 59 || se > 60)
		return -1;
	if (s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == 20)
			return -1;
	}
	if (i + 1 == len && (s[i] == 'Z' || s[i] == 'z')) {
		off = 0;
	} else if (i + 6 == len && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':' &&
		   digits(s + i + 1, 2, &oh) == 0 && digits(s + i + 4, 2, &om) == 0 &&
		   oh <= 23 && om <= 59) {
		off = (s[i] == '-' ? -1 : 1) * (oh * 60 + om);
	} else {
		return -1;
	}
	*secs = (long long)d * 86400 + h * 3600 + mi * 60 + se - off * 60LL;
	*offset_min = off;
	return 0;
}

char *pmo_datetime_format(char buf[static 40], long long secs, int offset_min)
{
	long long local = secs + offset_min * 60LL;
	long long day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	int rest = (int)(local - day * 86400), y, m, d;
	int a = (offset_min < 0 ? -offset_min : offset_min) % (24 * 60);

	pmo_date_to_ymd((pmo_date)day, &y, &m, &d);
	if (offset_min)
		snprintf(buf, 40, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y % 10000, m % 100,
			 d % 100, rest / 3600 % 24, rest / 60 % 60, rest % 60, offset_min < 0 ? '-' : '+',
			 a / 60, a % 60);
	else
		snprintf(buf, 40, "%04d-%02d-%02dT%02d:%02d:%02dZ", y % 10000, m % 100, d % 100,
			 rest / 3600 % 24, rest / 60 % 60, rest % 60);
	return buf;
}

long long pmo_datetime_now(void)
{
	const char *env = getenv("PMO_TODAY");
	pmo_date d;

	if (env && !pmo_date_parse(&d, env, strlen(env)))
		return (long long)d * 86400;
	return (long long)time(NULL);
}
