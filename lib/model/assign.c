/*
 * Assignments from the command line, "field=value": parsing them, typing
 * each value by the field's schema, the text check every typed value passes,
 * and the reason field a reopening assignment removes.
 */
#include "model/internal.h"
#include "util/error.h"
#include "util/list.h"

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

static pmo_node *typed_value(pmo_doc *doc, const pmo_node *prop, const char *v)
{
	size_t len = strlen(v);
	pmo_tag tag = pmo_yaml_resolve(v, len);

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

int pmo_assigns_parse(pmo_assigns *out, const pmo_kind *kind, char *const *argv, size_t argc)
{
	size_t i, j;
	int error = 0;

	memset(out, 0, sizeof(*out));
	if ((error = pmo_doc_new(&out->doc)) < 0)
		return error;
	if (argc && !(out->items = calloc(argc, sizeof(*out->items)))) {
		error = OOM();
		goto done;
	}
	for (i = 0; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		pmo_assign *a = &out->items[out->n];

		if (!eq || eq == argv[i]) {
			error = pmo_error_set(PMO_EUSAGE, "expected field=value, got \"%s\"", argv[i]);
			goto done;
		}
		if (!(a->field = strndup(argv[i], (size_t)(eq - argv[i]))) ||
		    !(a->value = strdup(eq + 1))) {
			error = OOM();
			goto done;
		}
		out->n++;
		if ((error = pmo_text_check(a->field, a->value)) < 0)
			goto done;
		for (j = 0; j + 1 < out->n; j++)
			if (!strcmp(out->items[j].field, a->field)) {
				error = pmo_error_set(PMO_EUSAGE, "field \"%s\" given twice", a->field);
				goto done;
			}
		if (*a->value && !(a->node = typed_value(out->doc, pmo_kind_prop(kind, a->field), a->value))) {
			error = OOM();
			goto done;
		}
	}
done:
	if (error < 0)
		pmo_assigns_free(out);
	return error;
}

const pmo_assign *pmo_assigns_get(const pmo_assigns *as, const char *field)
{
	size_t i;

	for (i = 0; as && i < as->n; i++)
		if (!strcmp(as->items[i].field, field))
			return &as->items[i];
	return NULL;
}

/* --- reopening ------------------------------------------------------------ */

/* Whether the kind's reason field explains status: one of the workflow's
 * "ended" statuses, or its close status when it lists none. */
static int status_ended(const pmo_kind *kind, const char *status)
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
	if (!status_ended(kind, from) || status_ended(kind, pmo_node_text(st->node)))
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
