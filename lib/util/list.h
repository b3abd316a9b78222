#ifndef PMO_UTIL_LIST_H
#define PMO_UTIL_LIST_H
#include <stddef.h>

/*
 * List values typed on a command line: "wang-li,zhao-min". A Chinese input
 * method types the full-width comma "，" (U+FF0C) on the same key as ","
 * while it is in Chinese mode, so both separate items, everywhere a list
 * value is split (record fields, task depends= and assignees=, filters).
 *
 * The ideographic enumeration comma "、" (U+3001) does not: it is typed on
 * its own key and written inside Chinese phrases ("需求、设计评审" is one
 * tag or one skill), so splitting at it would cut values people mean as
 * one.
 */

/* The first separator in s, or NULL when there is none; *len gets its
 * length in bytes (1 for ",", 3 for "，"). */
const char *pmo_list_sep(const char *s, size_t *len);

#endif
