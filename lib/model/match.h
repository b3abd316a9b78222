#ifndef PMO_MODEL_MATCH_H
#define PMO_MODEL_MATCH_H
/*
 * Filters of list commands over views (a mapping of field to value), for
 * records and tasks alike: field=value (value,value for any of them),
 * field!=value, the comparisons field<V, <=, >, >= on integers, numbers,
 * money-like decimals, dates and date-times (dates also today, today+14d,
 * today-2w), and field~text, text containing text without regard to ASCII
 * case (CJK compared as is), in a list any item. Filters are AND-ed.
 */
#include "util/date.h"
#include "yaml/yaml.h"
#include <stddef.h>

typedef enum {
	PMO_FILTER_EQ, PMO_FILTER_NE, PMO_FILTER_GE, PMO_FILTER_LE, PMO_FILTER_GT, PMO_FILTER_LT,
	PMO_FILTER_MATCH,
} pmo_filter_op;

/* What a field holds, as filters see it (from its schema). */
typedef enum {
	PMO_VALUE_TEXT, PMO_VALUE_ENUM, PMO_VALUE_TEXTS, PMO_VALUE_INT, PMO_VALUE_NUMBER,
	PMO_VALUE_DECIMAL, PMO_VALUE_DATE, PMO_VALUE_DATETIME, PMO_VALUE_BOOL, PMO_VALUE_OTHER,
} pmo_value_type;

typedef struct {
	char *field;
	char **values;       /* alternatives (= and != only) */
	size_t n;
	pmo_filter_op op;
	pmo_value_type type; /* set by pmo_filter_prepare */
} pmo_filter;

typedef struct {
	pmo_filter *items;
	size_t n;
} pmo_filters;

/* Parse one argument into a new filter at the end of fs: 0, or PMO_EUSAGE. */
int pmo_filter_parse(pmo_filters *fs, const char *arg);
void pmo_filters_free(pmo_filters *fs);
/* The type of a field from its schema (NULL: text). Text with a pattern
 * of digits and a decimal point is money-like: decimals by value. */
pmo_value_type pmo_value_type_of(const pmo_node *schema);
/* The type's name in messages ("text", "date" …). */
const char *pmo_value_type_name(pmo_value_type type);
/* Check f against its field's type, PMO_EUSAGE naming the field, its type
 * and what it allows (a comparison on text, ~ on a number, a value that
 * is no date); today+14d and the like become dates from today. */
int pmo_filter_prepare(pmo_filter *f, pmo_value_type type, pmo_date today);
int pmo_filters_match(const pmo_filters *fs, const pmo_node *view);
/* -1, 0, 1: texts as plain decimals exactly (money, rates), other numbers
 * by value, else as text (ISO dates by time). */
int pmo_value_compare(const char *v, const char *want);
/* --sort: views by field; a view without it goes last. */
int pmo_view_compare(const pmo_node *a, const pmo_node *b, const char *field);
/* Whether text contains part, ASCII letters without regard to case, every
 * other byte as is (so CJK and any UTF-8 compare exactly). */
int pmo_text_contains(const char *text, const char *part);
/* Where in text part is found that way, or NULL. */
const char *pmo_text_find(const char *text, const char *part);


#endif
