/*
 * Assignments from the command line, "field=value", "field+=value",
 * "field-=value" and "field.N.sub=value": parsing them, typing each value
 * by the field's schema (also YAML flow for objects and lists), the text
 * check every typed value passes, and the reason field a reopening
 * assignment removes. Resolving +=, -= and .N against a record, and the
 * minimal edits of the file, are assign_list.c's.
 */
#include "model/internal.h"
#include "util/error.h"
#include "util/list.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- assignments -------------------------------------------------------- */

void pmo_assigns_free(pmo_assigns *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->n; i++) {
		free(a->items[i].field);
		free(a->items[i].value);
		free(a->items[i].sub);
	}
	free(a->items);
	pmo_doc_free(a->doc);
	memset(a, 0, sizeof(*a));
}

static int prop_has_type(const pmo_node *prop, const char *type)
{
	const pmo_node *t = pmo_map_get(prop, "type");
	size_t i;

	if (!t)
		return 0;
	if (t->kind == PMO_NODE_SCALAR)
		return !strcmp(t->str, type);
	if (t->kind == PMO_NODE_SEQ)
		for (i = 0; i < t->n; i++)
			if (pmo_node_text(t->items[i]) && !strcmp(pmo_node_text(t->items[i]), type))
				return 1;
	return 0;
}

static pmo_node *typed_value(pmo_doc *doc, const pmo_node *prop, const char *v);

/* An item of an array of objects, "a:b": the object's properties in schema
 * order, each part typed by its own schema, the last one taking the rest
 * (assignees=wang-li:50 → {person: wang-li, allocation: 50}; wang-li alone
 * → {person: wang-li}). */
static pmo_node *object_item(pmo_doc *doc, const pmo_node *props, const char *s, size_t len)
{
	pmo_node *m = pmo_node_map(doc);
	const char *end = s + len;
	size_t k;

	for (k = 0; m && k < props->n; k++) {
		const char *colon = k + 1 < props->n ? memchr(s, ':', (size_t)(end - s)) : NULL;
		char *part = strndup(s, (size_t)((colon ? colon : end) - s));
		pmo_node *v = part ? typed_value(doc, props->pairs[k].value, part) : NULL;

		free(part);
		if (!v || pmo_map_append(doc, m, pmo_node_str(doc, props->pairs[k].key->str), v) < 0)
			return NULL;
		if (!colon)
			break;
		s = colon + 1;
	}
	return m;
}

/* A node of a YAML flow value copied into doc, each plain scalar typed by
 * its schema as a value typed on the command line is ("due: 2027-06-30"
 * stays a date's text, "interest: 5" an integer); quoted scalars are
 * strings, what the schema does not describe is copied as read. */
static pmo_node *typed_tree(pmo_doc *doc, const pmo_node *prop, const pmo_node *n)
{
	pmo_node *out;
	size_t i;

	if (n->kind == PMO_NODE_SCALAR) {
		if (prop && n->style == PMO_STYLE_PLAIN && n->tag != PMO_TAG_NULL &&
		    !prop_has_type(prop, "array") && !prop_has_type(prop, "object"))
			return typed_value(doc, prop, n->str);
		return pmo_node_copy(doc, n);
	}
	if (n->kind == PMO_NODE_SEQ) {
		const pmo_node *items = pmo_map_get(prop, "items");
		if (!(out = pmo_node_seq(doc)))
			return NULL;
		for (i = 0; i < n->n; i++) {
			pmo_node *v = typed_tree(doc, items, n->items[i]);
			if (!v || pmo_seq_append(doc, out, v) < 0)
				return NULL;
		}
		return out;
	}
	if (!(out = pmo_node_map(doc)))
		return NULL;
	for (i = 0; i < n->n; i++) {
		const pmo_node *sub = pmo_map_get(pmo_map_get(prop, "properties"), n->pairs[i].key->str);
		pmo_node *v = typed_tree(doc, sub, n->pairs[i].value);
		if (!v || pmo_map_append(doc, out, pmo_node_copy(doc, n->pairs[i].key), v) < 0)
			return NULL;
	}
	return out;
}

/* A value in YAML flow style for an object or list field: '{a: 1, b: x}',
 * '[a, b]'. *out is NULL when v is not one (typed the usual way then); a
 * flow value that does not parse is PMO_EUSAGE naming the field. */
static int flow_value(pmo_node **out, pmo_doc *doc, const char *field, const pmo_node *prop,
		      const char *v)
{
	pmo_doc *flow = NULL;
	const char *s = v + strspn(v, " ");
	int error;

	*out = NULL;
	if (!(prop_has_type(prop, "object") && *s == '{') && !(prop_has_type(prop, "array") && (*s == '[' || *s == '{')))
		return 0;
	if (pmo_yaml_load(&flow, field, v, strlen(v), NULL) < 0) {
		char *why = strdup(pmo_error_last()->message ? pmo_error_last()->message : "");

		error = why ? pmo_error_set(PMO_EUSAGE, "%s: \"%s\" is not a YAML flow value: %s", field,
					    v, why) : OOM();
		free(why);
		pmo_doc_free(flow);
		return error;
	}
	if (!pmo_doc_root(flow) || pmo_doc_root(flow)->kind == PMO_NODE_SCALAR) {
		pmo_doc_free(flow);
		return pmo_error_set(PMO_EUSAGE, "%s: \"%s\" is not a YAML flow value", field, v);
	}
	/* an object alone for a list of objects is its one item */
	if (prop_has_type(prop, "array") && pmo_doc_root(flow)->kind == PMO_NODE_MAP) {
		pmo_node *seq = pmo_node_seq(doc), *item = typed_tree(doc, pmo_map_get(prop, "items"), pmo_doc_root(flow));
		*out = seq && item && pmo_seq_append(doc, seq, item) == 0 ? seq : NULL;
	} else {
		*out = typed_tree(doc, prop, pmo_doc_root(flow));
	}
	pmo_doc_free(flow);
	return *out ? 0 : OOM();
}

static pmo_node *typed_value(pmo_doc *doc, const pmo_node *prop, const char *v)
{
	size_t len = strlen(v);
	pmo_tag tag = pmo_yaml_resolve(v, len);
	const char *format = pmo_node_text(pmo_map_get(prop, "format"));

	/* an amount is written as the user typed it, quoted, so that no
	 * tool reads it as a float ('2000.50', not 2000.5) */
	if (format && !strncmp(format, "money", 5))
		return pmo_node_scalar(doc, PMO_TAG_STR, v, len);
	if (prop_has_type(prop, "array")) {
		const pmo_node *items = pmo_map_get(prop, "items");
		const pmo_node *fields = prop_has_type(items, "object") ? pmo_map_get(items, "properties") : NULL;
		pmo_node *seq = pmo_node_seq(doc);
		const char *p = v;

		while (seq && *p) {
			size_t seplen = 0;
			const char *comma = pmo_list_sep(p, &seplen);
			const char *end = comma ? comma : p + strlen(p);
			const char *s = p, *e = end;
			pmo_node *item;

			while (s < e && *s == ' ')
				s++;
			while (e > s && e[-1] == ' ')
				e--;
			if (e > s) {
				item = fields && fields->kind == PMO_NODE_MAP && fields->n
					       ? object_item(doc, fields, s, (size_t)(e - s))
					       : pmo_node_scalar(doc, PMO_TAG_STR, s, (size_t)(e - s));
				if (!item || pmo_seq_append(doc, seq, item) < 0)
					return NULL;
			}
			p = comma ? comma + seplen : end;
		}
		return seq;
	}
	if (tag == PMO_TAG_INT && (prop_has_type(prop, "integer") || prop_has_type(prop, "number"))) {
		/* written in decimal, as people read it: 0x2 and +2 become 2 */
		pmo_node *n = pmo_node_scalar(doc, tag, v, len);
		int64_t i;
		char num[32];

		if (n && pmo_node_int(n, &i) == 0) {
			snprintf(num, sizeof(num), "%lld", (long long)i);
			n = pmo_node_scalar(doc, tag, num, strlen(num));
		}
		return n;
	}
	if (tag == PMO_TAG_FLOAT && prop_has_type(prop, "integer") && !prop_has_type(prop, "number")) {
		/* a whole value in any float form (.5e1, 5.0) is the integer,
		 * as JSON Schema reads it; any other float (2.5, .inf) stays a
		 * number, for the schema to refuse as one */
		pmo_node *n = pmo_node_scalar(doc, tag, v, len);
		int64_t i;
		char num[32];

		if (n && pmo_node_int(n, &i) == 0) {
			snprintf(num, sizeof(num), "%lld", (long long)i);
			n = pmo_node_scalar(doc, PMO_TAG_INT, num, strlen(num));
		}
		return n;
	}
	if ((tag == PMO_TAG_FLOAT && prop_has_type(prop, "number")) ||
	    (tag == PMO_TAG_BOOL && prop_has_type(prop, "boolean")))
		return pmo_node_scalar(doc, tag, v, len);
	if (prop_has_type(prop, "boolean") && !prop_has_type(prop, "string")) {
		if (!strcmp(v, "yes") || !strcmp(v, "on"))
			return pmo_node_scalar(doc, PMO_TAG_BOOL, "true", 4);
		if (!strcmp(v, "no") || !strcmp(v, "off"))
			return pmo_node_scalar(doc, PMO_TAG_BOOL, "false", 5);
	}
	return pmo_node_scalar(doc, PMO_TAG_STR, v, len);
}

int pmo_text_check(const char *field, const char *text)
{
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
			return pmo_error_set(PMO_EUSAGE, "%s: control character U+%04X is not allowed "
					     "in text", field, *p);
	return 0;
}

size_t pmo_assign_field_len(const char *arg)
{
	const char *eq = strchr(arg, '='), *dot;
	size_t len;

	if (!eq || eq == arg)
		return 0;
	len = (size_t)(eq - arg);
	if (len > 1 && (eq[-1] == '+' || eq[-1] == '-'))
		len--;
	if ((dot = memchr(arg, '.', len)))
		len = (size_t)(dot - arg);
	return len;
}

/* The left side of one argument: field, op, and field.N.sub's N and sub.
 * PMO_EUSAGE for a malformed one. */
static int parse_target(pmo_assign *a, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t flen = pmo_assign_field_len(arg), lhs;
	char *end;
	unsigned long long n;

	if (!flen)
		return pmo_error_set(PMO_EUSAGE, "expected field=value, got \"%s\"", arg);
	lhs = (size_t)(eq - arg);
	if (lhs > 1 && eq[-1] == '+')
		a->op = PMO_ASSIGN_APPEND, lhs--;
	else if (lhs > 1 && eq[-1] == '-')
		a->op = PMO_ASSIGN_REMOVE, lhs--;
	if (!(a->field = strndup(arg, flen)) || !(a->value = strdup(eq + 1)))
		return OOM();
	if (lhs == flen)
		return 0;
	/* field.N.sub */
	errno = 0;
	n = strtoull(arg + flen + 1, &end, 10);
	if (a->op != PMO_ASSIGN_SET || !isdigit((unsigned char)arg[flen + 1]) || errno || !n ||
	    *end != '.' || end + 1 >= arg + lhs || memchr(end + 1, '.', (size_t)(arg + lhs - end - 1)))
		return pmo_error_set(PMO_EUSAGE, "%.*s: a field of a list's object is FIELD.N.SUB=VALUE "
				     "(N from 1: objectives.1.achieved=yes), not \"%s\"",
				     (int)flen, arg, arg);
	a->index = (size_t)n;
	return (a->sub = strndup(end + 1, (size_t)(arg + lhs - end - 1))) ? 0 : OOM();
}

/* The schema of the objects of list field prop (NULL when its items are
 * not objects). */
static const pmo_node *object_items(const pmo_node *prop)
{
	const pmo_node *items = pmo_map_get(prop, "items");

	return prop_has_type(prop, "array") && prop_has_type(items, "object") ? items : NULL;
}

/* The value of one parsed assignment, typed: node for =, given for the
 * others. */
static int type_assign(pmo_assign *a, pmo_doc *doc, const pmo_kind *kind)
{
	const pmo_node *prop = pmo_kind_prop(kind, a->field), *items;
	pmo_node **to = a->op == PMO_ASSIGN_SET && !a->index ? &a->node : &a->given;
	int error;

	if (a->index) {
		if (!(items = object_items(prop)))
			return pmo_error_set(PMO_EUSAGE, "%s.%zu.%s: %s is not a list of objects",
					     a->field, a->index, a->sub, a->field);
		if (!(prop = pmo_map_get(pmo_map_get(items, "properties"), a->sub)) &&
		    pmo_map_get(items, "properties")) {
			pmo_buf b = PMO_BUF_INIT;
			const pmo_node *ps = pmo_map_get(items, "properties");
			size_t i;

			for (i = 0; i < ps->n; i++)
				pmo_buf_printf(&b, "%s%s", i ? ", " : "", ps->pairs[i].key->str);
			error = pmo_error_set(PMO_EUSAGE, "%s.%zu.%s: unknown field \"%s\"; an item of %s "
					      "has: %s", a->field, a->index, a->sub, a->sub, a->field,
					      pmo_buf_cstr(&b));
			pmo_buf_free(&b);
			return error;
		}
	} else if (a->op != PMO_ASSIGN_SET) {
		if (prop && !prop_has_type(prop, "array"))
			return pmo_error_set(PMO_EUSAGE, "%s%s=%s: += and -= work on lists; %s is not one "
					     "(set it with %s=VALUE)", a->field,
					     a->op == PMO_ASSIGN_APPEND ? "+" : "-", a->value, a->field,
					     a->field);
		if (!*a->value)
			return pmo_error_set(PMO_EUSAGE, "%s%s=: give the items (%s%s=a,b)", a->field,
					     a->op == PMO_ASSIGN_APPEND ? "+" : "-", a->field,
					     a->op == PMO_ASSIGN_APPEND ? "+" : "-");
		if (!prop)
			return pmo_error_set(PMO_EUSAGE, "%s: unknown field", a->field);
	}
	if (!*a->value)
		return 0;
	if ((error = flow_value(to, doc, a->field, prop, a->value)) < 0)
		return error;
	if (*to)
		return 0;
	return (*to = typed_value(doc, prop, a->value)) ? 0 : OOM();
}

int pmo_assigns_parse(pmo_assigns *out, const pmo_kind *kind, char *const *argv, size_t argc)
{
	size_t i;
	int error = 0;

	memset(out, 0, sizeof(*out));
	if ((error = pmo_doc_new(&out->doc)) < 0)
		return error;
	if (argc && !(out->items = calloc(argc, sizeof(*out->items)))) {
		error = OOM();
		goto done;
	}
	for (i = 0; i < argc; i++) {
		pmo_assign *a = &out->items[out->n++];

		if ((error = parse_target(a, argv[i])) < 0 ||
		    (error = pmo_text_check(a->field, a->value)) < 0 ||
		    (error = type_assign(a, out->doc, kind)) < 0)
			goto done;
	}
	error = pmo_model__assigns_resolve(out, NULL, 0);
done:
	if (error < 0)
		pmo_assigns_free(out);
	return error;
}

const pmo_assign *pmo_assigns_get(const pmo_assigns *as, const char *field)
{
	size_t i;

	for (i = as ? as->n : 0; i-- > 0;)
		if (!strcmp(as->items[i].field, field))
			return &as->items[i];
	return NULL;
}

/* --- reopening ------------------------------------------------------------ */

/* Whether the kind's reason field explains status: one of the workflow's
 * "ended" statuses, or its close status when it lists none. */
int pmo_kind_status_ended(const pmo_kind *kind, const char *status)
{
	const pmo_node *wf = pmo_map_get(pmo_map_get(pmo_schema_root(kind->schema), "x-pmo"),
					 "workflow");
	const pmo_node *ended = pmo_map_get(wf, "ended");
	size_t i;

	if (!status)
		return 0;
	if (!ended || ended->kind != PMO_NODE_SEQ)
		return kind->close_status && !strcmp(status, kind->close_status);
	for (i = 0; i < ended->n; i++)
		if (pmo_node_text(ended->items[i]) && !strcmp(pmo_node_text(ended->items[i]), status))
			return 1;
	return 0;
}

int pmo_assigns_reopen(pmo_assigns *as, const pmo_kind *kind, const pmo_node *record)
{
	const pmo_assign *st;
	pmo_assign *items;
	const char *from;

	if (!kind->status_field || !kind->reason_field || !pmo_map_get(record, kind->reason_field) ||
	    pmo_assigns_get(as, kind->reason_field) || !(st = pmo_assigns_get(as, kind->status_field)) ||
	    !pmo_node_text(st->node))
		return 0;
	from = pmo_node_text(pmo_map_get(record, kind->status_field));
	if (!pmo_kind_status_ended(kind, from) || pmo_kind_status_ended(kind, pmo_node_text(st->node)))
		return 0;
	if (!(items = realloc(as->items, (as->n + 1) * sizeof(*items))))
		return OOM();
	as->items = items;
	memset(&items[as->n], 0, sizeof(*items));
	if (!(items[as->n].field = strdup(kind->reason_field)) || !(items[as->n].value = strdup(""))) {
		free(items[as->n].field);
		return OOM();
	}
	as->n++;
	return 1;
}
