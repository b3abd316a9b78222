/*
 * Filters of list commands (match.h): parsing field=value, field!=value,
 * comparisons and field~text, checking each against its field's type, and
 * matching views. cmd/filter.c turns their errors into exit codes.
 */
#include "model/match.h"
#include "util/decimal.h"
#include "util/error.h"
#include "util/list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pmo_filters_free(pmo_filters *fs)
{
	size_t i, j;

	for (i = 0; i < fs->n; i++) {
		for (j = 0; j < fs->items[i].n; j++)
			free(fs->items[i].values[j]);
		free(fs->items[i].values);
		free(fs->items[i].field);
	}
	free(fs->items);
	memset(fs, 0, sizeof(*fs));
}

static int bad_filter(const char *arg)
{
	return pmo_error_set(PMO_EUSAGE, "filters are field=value, field!=value, a comparison such as "
			     "start>=2027-02-01 or due<today+14d, or field~text, not \"%s\"", arg);
}

int pmo_filter_parse(pmo_filters *fs, const char *arg)
{
	static const struct { const char *text; pmo_filter_op op; } ops[] = {
		{ "!=", PMO_FILTER_NE }, { ">=", PMO_FILTER_GE }, { "<=", PMO_FILTER_LE },
		{ "=", PMO_FILTER_EQ },  { ">", PMO_FILTER_GT },  { "<", PMO_FILTER_LT },
		{ "~", PMO_FILTER_MATCH },
	};
	pmo_filter *f, *items;
	size_t at = strcspn(arg, "=!<>~"), k;
	const char *p;

	if (!arg[at] || at == 0)
		return bad_filter(arg);
	for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
		if (!strncmp(arg + at, ops[k].text, strlen(ops[k].text)))
			break;
	if (k == sizeof(ops) / sizeof(ops[0]))
		return bad_filter(arg);
	if (!(items = realloc(fs->items, (fs->n + 1) * sizeof(*items))))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	fs->items = items;
	f = &fs->items[fs->n++];
	memset(f, 0, sizeof(*f));
	f->op = ops[k].op;
	if (!(f->field = strndup(arg, at)))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	p = arg + at + strlen(ops[k].text);
	for (;;) {
		size_t seplen = 0;
		const char *comma = f->op == PMO_FILTER_EQ || f->op == PMO_FILTER_NE
				    ? pmo_list_sep(p, &seplen) : NULL;
		char **v;

		if (!(v = realloc(f->values, (f->n + 1) * sizeof(*v))))
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		f->values = v;
		if (!(f->values[f->n] = comma ? strndup(p, (size_t)(comma - p)) : strdup(p)))
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		f->n++;
		if (!comma)
			break;
		p = comma + seplen;
	}
	return 0;
}

/* --- types ----------------------------------------------------------------- */

static int has_type(const pmo_node *schema, const char *type)
{
	const pmo_node *t = pmo_map_get(schema, "type");
	size_t i;

	if (pmo_node_text(t))
		return !strcmp(t->str, type);
	for (i = 0; t && t->kind == PMO_NODE_SEQ && i < t->n; i++)
		if (pmo_node_text(t->items[i]) && !strcmp(t->items[i]->str, type))
			return 1;
	return 0;
}

pmo_value_type pmo_value_type_of(const pmo_node *schema)
{
	const char *format = pmo_node_text(pmo_map_get(schema, "format"));
	const char *pattern = pmo_node_text(pmo_map_get(schema, "pattern"));

	if (!schema)
		return PMO_VALUE_TEXT;
	if (format && (!strcmp(format, "money") || !strcmp(format, "money-signed")))
		return PMO_VALUE_DECIMAL;
	if (has_type(schema, "array"))
		return has_type(pmo_map_get(schema, "items"), "object") ? PMO_VALUE_OTHER : PMO_VALUE_TEXTS;
	if (has_type(schema, "object"))
		return PMO_VALUE_OTHER;
	if (has_type(schema, "string") && (has_type(schema, "number") || has_type(schema, "integer")))
		return PMO_VALUE_TEXT; /* a target of 0 or "100%": text */
	if (has_type(schema, "integer") && !has_type(schema, "number"))
		return PMO_VALUE_INT;
	if (has_type(schema, "number"))
		return PMO_VALUE_NUMBER;
	if (has_type(schema, "boolean"))
		return PMO_VALUE_BOOL;
	if (format && !strcmp(format, "date"))
		return PMO_VALUE_DATE;
	if (format && !strcmp(format, "date-time"))
		return PMO_VALUE_DATETIME;
	if (pattern && (!strncmp(pattern, "^[0-9]", 6) || !strncmp(pattern, "^-?[0-9]", 8)) && strstr(pattern, "\\."))
		return PMO_VALUE_DECIMAL;
	if (pmo_map_get(schema, "enum"))
		return PMO_VALUE_ENUM;
	return PMO_VALUE_TEXT;
}

const char *pmo_value_type_name(pmo_value_type type)
{
	static const char *const names[] = {
		[PMO_VALUE_TEXT] = "text", [PMO_VALUE_ENUM] = "one of a list of values",
		[PMO_VALUE_TEXTS] = "a list of text", [PMO_VALUE_INT] = "an integer",
		[PMO_VALUE_NUMBER] = "a number", [PMO_VALUE_DECIMAL] = "a decimal (money)",
		[PMO_VALUE_DATE] = "a date", [PMO_VALUE_DATETIME] = "a date-time",
		[PMO_VALUE_BOOL] = "true or false", [PMO_VALUE_OTHER] = "a list of objects",
	};
	return names[type];
}

static int ordered(pmo_value_type t)
{
	return t == PMO_VALUE_INT || t == PMO_VALUE_NUMBER || t == PMO_VALUE_DECIMAL ||
	       t == PMO_VALUE_DATE || t == PMO_VALUE_DATETIME;
}

static const char *op_text(pmo_filter_op op)
{
	static const char *const t[] = { "=", "!=", ">=", "<=", ">", "<", "~" };
	return t[op];
}

/* today, today+14d, today-2w: 1 and *out the date; 0 when v is not one. */
static int relative_date(pmo_date *out, const char *v, pmo_date today)
{
	char *end;
	long n;

	if (strncmp(v, "today", 5))
		return 0;
	if (!v[5]) {
		*out = today;
		return 1;
	}
	if ((v[5] != '+' && v[5] != '-') || v[6] < '0' || v[6] > '9')
		return 0;
	n = strtol(v + 6, &end, 10);
	if ((*end != 'd' && *end != 'w') || end[1] || n > 100000)
		return 0;
	n *= *end == 'w' ? 7 : 1;
	*out = today + (v[5] == '-' ? -n : n);
	return 1;
}

int pmo_filter_prepare(pmo_filter *f, pmo_value_type type, pmo_date today)
{
	size_t j;

	f->type = type;
	if (f->op == PMO_FILTER_MATCH && type != PMO_VALUE_TEXT && type != PMO_VALUE_ENUM &&
	    type != PMO_VALUE_TEXTS)
		return pmo_error_set(PMO_EUSAGE, "%s~%s: %s is %s; ~ finds text in text and lists of text "
				     "(%s takes =, !=%s)", f->field, f->values[0], f->field,
				     pmo_value_type_name(type), f->field,
				     ordered(type) ? ", <, <=, >, >=" : "");
	if (f->op != PMO_FILTER_EQ && f->op != PMO_FILTER_NE && f->op != PMO_FILTER_MATCH && !ordered(type))
		return pmo_error_set(PMO_EUSAGE, "%s%s%s: %s is %s, which takes =, != and ~; <, <=, >, >= "
				     "compare integers, numbers, money, dates and date-times", f->field,
				     op_text(f->op), f->values[0], f->field, pmo_value_type_name(type));
	for (j = 0; j < f->n; j++) {
		char *v = f->values[j], buf[11];
		pmo_date d;
		long long t;

		if (!*v || f->op == PMO_FILTER_MATCH)
			continue;
		if ((type == PMO_VALUE_DATE || type == PMO_VALUE_DATETIME) && relative_date(&d, v, today)) {
			char *s = strdup(pmo_date_format(buf, d));
			if (!s)
				return pmo_error_set(PMO_ENOMEM, "out of memory");
			free(f->values[j]);
			f->values[j] = v = s;
		}
		if (f->op == PMO_FILTER_EQ || f->op == PMO_FILTER_NE)
			continue;
		if (type == PMO_VALUE_DATE && pmo_date_parse(&d, v, strlen(v)) < 0)
			return pmo_error_set(PMO_EUSAGE, "%s: \"%s\" is not a date (YYYY-MM-DD, today, "
					     "today+14d, today-2w)", f->field, v);
		if (type == PMO_VALUE_DATETIME && pmo_date_parse(&d, v, strlen(v)) < 0 &&
		    pmo_datetime_parse(&t, v, strlen(v)) < 0)
			return pmo_error_set(PMO_EUSAGE, "%s: \"%s\" is not a date-time or a date "
					     "(2027-04-02T09:30:00+08:00, YYYY-MM-DD, today, today+14d)",
					     f->field, v);
		if ((type == PMO_VALUE_INT || type == PMO_VALUE_NUMBER) &&
		    pmo_yaml_resolve(v, strlen(v)) != PMO_TAG_INT && pmo_yaml_resolve(v, strlen(v)) != PMO_TAG_FLOAT)
			return pmo_error_set(PMO_EUSAGE, "%s: \"%s\" is not %s", f->field, v,
					     pmo_value_type_name(type));
		if (type == PMO_VALUE_DECIMAL && !pmo_decimal_text_is(v))
			return pmo_error_set(PMO_EUSAGE, "%s: \"%s\" is not a decimal (1200.00)", f->field, v);
	}
	return 0;
}

/* --- matching -------------------------------------------------------------- */

const char *pmo_text_find(const char *text, const char *part)
{
	size_t n = strlen(part), i;
	const char *p;

	if (!n)
		return text;
	for (p = text; *p; p++) {
		for (i = 0; i < n && p[i]; i++) {
			unsigned char a = (unsigned char)p[i], b = (unsigned char)part[i];
			if (a >= 'A' && a <= 'Z')
				a = (unsigned char)(a - 'A' + 'a');
			if (b >= 'A' && b <= 'Z')
				b = (unsigned char)(b - 'A' + 'a');
			if (a != b)
				break;
		}
		if (i == n)
			return p;
	}
	return NULL;
}

int pmo_text_contains(const char *text, const char *part)
{
	return pmo_text_find(text, part) != NULL;
}

static int is_num(const char *s)
{
	char *end;
	if (!*s)
		return 0;
	strtod(s, &end);
	return !*end;
}

int pmo_value_compare(const char *v, const char *want)
{
	if (pmo_decimal_text_is(v) && pmo_decimal_text_is(want))
		return pmo_decimal_text_cmp(v, want);
	if (is_num(v) && is_num(want)) {
		double a = strtod(v, NULL), b = strtod(want, NULL);
		return a < b ? -1 : a > b;
	}
	return strcmp(v, want) < 0 ? -1 : strcmp(v, want) > 0;
}

/* A date-time against a date-time by instant, against a date by the date
 * it is written with. */
static int datetime_compare(const char *v, const char *want)
{
	long long a, b;
	pmo_date d;

	if (pmo_date_parse(&d, want, strlen(want)) == 0 && strlen(v) >= 10)
		return strncmp(v, want, 10) < 0 ? -1 : strncmp(v, want, 10) > 0;
	if (pmo_datetime_parse(&a, v, strlen(v)) == 0 && pmo_datetime_parse(&b, want, strlen(want)) == 0)
		return a < b ? -1 : a > b;
	return pmo_value_compare(v, want);
}

static int scalar_matches(const pmo_node *v, const pmo_filter *f)
{
	char *s;
	size_t j;
	int ok = 0;

	if (!v || (v->kind == PMO_NODE_SCALAR && v->tag == PMO_TAG_NULL))
		return f->op == PMO_FILTER_EQ && f->n == 1 && !*f->values[0];
	if (v->kind == PMO_NODE_SEQ) {
		for (j = 0; j < v->n && !ok; j++)
			ok = scalar_matches(v->items[j], f);
		return ok;
	}
	if (f->op == PMO_FILTER_MATCH)
		return pmo_node_text(v) && v->kind == PMO_NODE_SCALAR && pmo_text_contains(v->str, f->values[0]);
	if (!(s = pmo_node_display(v)))
		return 0;
	for (j = 0; j < f->n && !ok; j++) {
		int c = f->type == PMO_VALUE_DATETIME && f->op != PMO_FILTER_EQ && f->op != PMO_FILTER_NE
			? datetime_compare(s, f->values[j]) : pmo_value_compare(s, f->values[j]);
		if (v->kind == PMO_NODE_SCALAR && v->tag == PMO_TAG_INT &&
		    pmo_yaml_resolve(f->values[j], strlen(f->values[j])) == PMO_TAG_INT) {
			/* integers by value in every YAML form: impact=3 matches 0x3 and 0o3 */
			pmo_node w = { .kind = PMO_NODE_SCALAR, .tag = PMO_TAG_INT, .str = f->values[j],
				       .len = strlen(f->values[j]) };
			int64_t a, b;
			if (pmo_node_int(v, &a) == 0 && pmo_node_int(&w, &b) == 0)
				c = a < b ? -1 : a > b;
		}
		switch (f->op) {
		case PMO_FILTER_EQ:
		case PMO_FILTER_NE: ok = c == 0; break;
		case PMO_FILTER_GE: ok = c >= 0; break;
		case PMO_FILTER_LE: ok = c <= 0; break;
		case PMO_FILTER_GT: ok = c > 0; break;
		case PMO_FILTER_LT: ok = c < 0; break;
		case PMO_FILTER_MATCH: break;
		}
	}
	free(s);
	return ok;
}

int pmo_filters_match(const pmo_filters *fs, const pmo_node *view)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		const pmo_filter *f = &fs->items[i];
		int m = scalar_matches(pmo_map_get(view, f->field), f);
		if (f->op == PMO_FILTER_NE ? m : !m)
			return 0;
	}
	return 1;
}

int pmo_view_compare(const pmo_node *a, const pmo_node *b, const char *field)
{
	const pmo_node *x = pmo_map_get(a, field), *y = pmo_map_get(b, field);
	char *sx, *sy;
	int c;

	if (x && x->kind == PMO_NODE_SCALAR && x->tag == PMO_TAG_NULL)
		x = NULL;
	if (y && y->kind == PMO_NODE_SCALAR && y->tag == PMO_TAG_NULL)
		y = NULL;
	if (!x || !y)
		return x ? -1 : y ? 1 : 0;
	sx = pmo_node_display(x);
	sy = pmo_node_display(y);
	c = sx && sy ? pmo_value_compare(sx, sy) : 0;
	free(sx);
	free(sy);
	return c;
}
