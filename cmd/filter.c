/*
 * Filters of list commands over a record's view (a mapping of field to
 * value): field=value (value,value for any of them), field!=value, and the
 * comparisons field>=value, field<=value, field>value, field<value. Values
 * compare as numbers when both are numbers, else as text, which orders
 * ISO dates (YYYY-MM-DD) by time: start>=2027-02-01. A list field matches
 * = when any item does. Filters are AND-ed.
 */
#include "pmo.h"
#include "filter.h"
#include "util/list.h"

#include <stdlib.h>
#include <string.h>

void pmo_filters_free(pmo_filters *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		free(fs->items[i].values);
	free(fs->items);
	memset(fs, 0, sizeof(*fs));
}

/* Parse one argument (modified in place). 0, or 2 after a message. */
int pmo_filter_parse(pmo_filters *fs, char *arg)
{
	static const struct { const char *text; pmo_filter_op op; } ops[] = {
		{ "!=", PMO_FILTER_NE }, { ">=", PMO_FILTER_GE }, { "<=", PMO_FILTER_LE },
		{ "=", PMO_FILTER_EQ },  { ">", PMO_FILTER_GT },  { "<", PMO_FILTER_LT },
	};
	pmo_filter *f, *items;
	size_t at = strcspn(arg, "=!<>"), k;
	char *p;

	if (!arg[at] || at == 0)
		return pmo_die(2, "filters are field=value, field!=value or a comparison such as "
				  "start>=2027-02-01, not \"%s\"", arg);
	for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
		if (!strncmp(arg + at, ops[k].text, strlen(ops[k].text)))
			break;
	if (k == sizeof(ops) / sizeof(ops[0]))
		return pmo_die(2, "filters are field=value, field!=value or a comparison such as "
				  "start>=2027-02-01, not \"%s\"", arg);
	if (!(items = realloc(fs->items, (fs->n + 1) * sizeof(*items))))
		return pmo_die(1, "out of memory");
	fs->items = items;
	f = &fs->items[fs->n++];
	memset(f, 0, sizeof(*f));
	f->op = ops[k].op;
	p = arg + at + strlen(ops[k].text);
	arg[at] = '\0';
	f->field = arg;
	for (;;) {
		size_t seplen = 0;
		char *comma = f->op == PMO_FILTER_EQ || f->op == PMO_FILTER_NE
			      ? (char *)pmo_list_sep(p, &seplen) : NULL, **v;
		if (comma)
			*comma = '\0';
		if (!(v = realloc(f->values, (f->n + 1) * sizeof(*v))))
			return pmo_die(1, "out of memory");
		f->values = v;
		f->values[f->n++] = p;
		if (!comma)
			break;
		p = comma + seplen;
	}
	return 0;
}

static int is_num(const char *s)
{
	char *end;
	if (!*s)
		return 0;
	strtod(s, &end);
	return !*end;
}

/* A plain decimal: [-]digits[.digits], as money and rates are written. */
static int is_decimal(const char *s)
{
	size_t i = *s == '-', d;

	d = strspn(s + i, "0123456789");
	if (!d)
		return 0;
	i += d;
	if (s[i] == '.') {
		d = strspn(s + i + 1, "0123456789");
		if (!d)
			return 0;
		i += 1 + d;
	}
	return !s[i];
}

/* Two plain decimals by value, exactly (no double: 1200.00 > 80.5, and
 * 9007199254740993.01 > 9007199254740993): integer digits by count after
 * leading zeros, then digit by digit, the shorter fraction padded with 0. */
static int decimal_cmp(const char *a, const char *b)
{
	int na = *a == '-', nb = *b == '-', c;
	const char *fa, *fb;
	size_t la, lb;

	a += na;
	b += nb;
	while (*a == '0')
		a++;
	while (*b == '0')
		b++;
	la = strspn(a, "0123456789");
	lb = strspn(b, "0123456789");
	fa = a[la] == '.' ? a + la + 1 : "";
	fb = b[lb] == '.' ? b + lb + 1 : "";
	/* -0 and -0.00 are 0 */
	na = na && (la || strspn(fa, "0") != strlen(fa));
	nb = nb && (lb || strspn(fb, "0") != strlen(fb));
	if (na != nb)
		return na ? -1 : 1;
	c = la != lb ? (la < lb ? -1 : 1) : strncmp(a, b, la);
	while (!c && (*fa || *fb)) {
		char x = *fa ? *fa++ : '0', y = *fb ? *fb++ : '0';
		c = x - y;
	}
	c = c < 0 ? -1 : c > 0;
	return na ? -c : c;
}

int pmo_value_compare(const char *v, const char *want)
{
	if (is_decimal(v) && is_decimal(want))
		return decimal_cmp(v, want);
	if (is_num(v) && is_num(want)) {
		double a = strtod(v, NULL), b = strtod(want, NULL);
		return a < b ? -1 : a > b;
	}
	return strcmp(v, want) < 0 ? -1 : strcmp(v, want) > 0;
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
	if (!(s = pmo_node_display(v)))
		return 0;
	for (j = 0; j < f->n && !ok; j++) {
		int c = pmo_value_compare(s, f->values[j]);
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

/* --sort: views compared field by field; numbers by value, else as text;
 * a view without the field goes last. */
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
