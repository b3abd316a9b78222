/*
 * Filters of record and task lists on the command line: field=value
 * (value,value for any of them), field!=value, comparisons field<V, <=,
 * >, >= on integers, numbers, money, dates and date-times (today,
 * today+14d, today-2w), and field~text (lib/model/match.c matches them).
 */
#include "pmo.h"
#include "filter.h"

int pmo_filter_add(pmo_filters *fs, const char *arg)
{
	return pmo_filter_parse(fs, arg) < 0 ? pmo_fail() : 0;
}

int pmo_filter_type(pmo_filter *f, pmo_value_type type, pmo_date today)
{
	return pmo_filter_prepare(f, type, today) < 0 ? pmo_fail() : 0;
}
