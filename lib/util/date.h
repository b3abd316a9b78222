#ifndef PMO_UTIL_DATE_H
#define PMO_UTIL_DATE_H
#include <stddef.h>

/* Calendar dates as day numbers: days since 1970-01-01 (proleptic
 * Gregorian). Only YYYY-MM-DD is a date in pmo's files. */
typedef long pmo_date;

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

#endif
