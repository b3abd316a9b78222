#ifndef PMO_CMD_FILTER_H
#define PMO_CMD_FILTER_H
/* Filters and sort keys of list commands over views (see filter.c). */
#include "yaml/yaml.h"
#include <stddef.h>

typedef enum {
	PMO_FILTER_EQ, PMO_FILTER_NE, PMO_FILTER_GE, PMO_FILTER_LE, PMO_FILTER_GT, PMO_FILTER_LT,
} pmo_filter_op;

typedef struct {
	const char *field;  /* points into the argument */
	char **values;      /* alternatives (= and != only) */
	size_t n;
	pmo_filter_op op;
} pmo_filter;

typedef struct {
	pmo_filter *items;
	size_t n;
} pmo_filters;

int pmo_filter_parse(pmo_filters *fs, char *arg);
void pmo_filters_free(pmo_filters *fs);
int pmo_filters_match(const pmo_filters *fs, const pmo_node *view);
/* -1, 0, 1: texts as plain decimals exactly (money, rates), other numbers
 * by value, else as text (ISO dates by time). */
int pmo_value_compare(const char *v, const char *want);
int pmo_view_compare(const pmo_node *a, const pmo_node *b, const char *field);

#endif
