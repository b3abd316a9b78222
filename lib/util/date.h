#ifndef PMO_UTIL_DATE_H
#define PMO_UTIL_DATE_H
#include <limits.h>
#include <stddef.h>

/* Calendar dates as day numbers: days since 1970-01-01 (proleptic
 * Gregorian). Only YYYY-MM-DD is a date in pmo's files. */
typedef long pmo_date;
/* No date (a field left out). */
#define PMO_NODATE ((pmo_date)LONG_MIN)

/* Parse exactly YYYY-MM-DD (a real date: 2027-02-30 is refused). 0 or -1. */
int pmo_date_parse(pmo_date *out, const char *s, size_t len);
/* Write YYYY-MM-DD into buf (at least 11 bytes). Returns buf. */
char *pmo_date_format(char buf[static 11], pmo_date d);
pmo_date pmo_date_from_ymd(int y, int m, int d);
void pmo_date_to_ymd(pmo_date d, int *y, int *m, int *day);
/* 1 = Monday … 7 = Sunday (ISO). */
int pmo_date_weekday(pmo_date d);
int pmo_date_days_in_month(int y, int m);
/* Today: $PMO_TODAY when set (YYYY-MM-DD, for tests and reproducible runs),
 * else the local date. */
pmo_date pmo_date_today(void);

/* An ISO 8601 date-time as JSON Schema's "date-time" has it,
 * YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM) (seconds and the offset may be left
 * out: then UTC), as seconds since 1970-01-01T00:00:00Z. 0 or -1. */
int pmo_datetime_parse(long long *out, const char *s, size_t len);

/* Date-times (RFC 3339, as pmo's files hold them: 2027-04-02T09:30:00+08:00)
 * as seconds since 1970-01-01T00:00:00Z and the offset they were written
 * in, in minutes east of UTC. Parse: 0, or -1 when s is not one (a
 * fraction of a second is read and dropped). */
int pmo_datetime_read(long long *secs, int *offset_min, const char *s, size_t len);
/* Write secs as YYYY-MM-DDTHH:MM:SS and the offset (Z for 0) into buf
 * (at least 40 bytes). Returns buf. */
char *pmo_datetime_format(char buf[static 40], long long secs, int offset_min);
/* Now: the start (00:00 UTC) of $PMO_TODAY's day when it is set, else the
 * clock. */
long long pmo_datetime_now(void);

#endif
