#ifndef PMO_CMD_FILTER_H
#define PMO_CMD_FILTER_H
/* Filters and sort keys of list commands over views (lib/model/match.h
 * matches; filter.c turns its errors into exit codes). */
#include "model/match.h"

/* Parse arg into a new filter at the end of fs: 0, or 2 after a message. */
int pmo_filter_add(pmo_filters *fs, const char *arg);
/* Check f against its field's type (comparisons on what is ordered, ~ on
 * text, today+14d into a date): 0, or 2 after a message. */
int pmo_filter_type(pmo_filter *f, pmo_value_type type, pmo_date today);

#endif
