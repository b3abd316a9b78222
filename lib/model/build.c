/*
 * The mapping of a record from assignments: a new record in schema order
 * with its id, title, initial status and x-pmo defaults, or an existing
 * record with assignments applied.
 */
#include "model/internal.h"
#include "util/error.h"

#include <string.h>

/* The date a dated default counts from: today, or the later date of the
 * field the kind's x-pmo order puts before this one when the record has
 * it (a risk identified next month is first reviewed a review interval
 * after that, not before it was identified). */
static pmo_date default_base(const pmo_kind *kind, const pmo_node *map, const char *field)
{
	const pmo_node *order = pmo_map_get(pmo_map_get(pmo_schema_root(kind->schema), "x-pmo"),
					    "order");
	pmo_date today = pmo_date_today(), d;
	size_t i;

	for (i = 0; order && order->kind == PMO_NODE_SEQ && i < order->n; i++) {
		const pmo_node *pair = order->items[i];
		const char *a, *b;

		if (pair->kind != PMO_NODE_SEQ || pair->n != 2 ||
		    !(a = pmo_node_text(pair->items[0])) || !(b = pmo_node_text(pair->items[1])) ||
		    strcmp(b, field))
			continue;
		if (pmo_node_date(&d, pmo_map_get(map, a)) == 0 && d > today)
			return d;
	}
	return today;
}

/* A default from x-pmo defaults: "today" or "today+SECTION.SETTING", the
 * latter counted from base. */
static pmo_node *default_value(pmo_doc *doc, const char *rule, const pmo_settings *settings,
			       pmo_date base)
{
	char date[11];
	pmo_date d = pmo_date_today();

	if (!strncmp(rule, "today", 5)) {
		if (!strcmp(rule + 5, "+risk.review_days"))
			d = base + (settings ? settings->review_days : 30);
		else if (rule[5])
			return NULL;
		return pmo_node_str(doc, pmo_date_format(date, d));
	}
	return NULL;
}

int pmo_record_build(pmo_doc **out, const pmo_kind *kind, const char *id,
		     const char *title, const pmo_assigns *as, const pmo_settings *settings)
{
	pmo_doc *doc = NULL;
	pmo_node *map;
	size_t i;
	int error;

	if ((error = pmo_doc_new(&doc)) < 0)
		return error;
	if (!(map = pmo_node_map(doc)))
		goto oom;
	pmo_doc_set_root(doc, map);
	for (i = 0; i < kind->props->n; i++) {
		const char *field = kind->props->pairs[i].key->str;
		const pmo_assign *a = pmo_assigns_get(as, field);
		pmo_node *v = NULL;

		if (a) {
			if (!a->node)
				continue;
			v = pmo_node_copy(doc, a->node);
		} else if (!strcmp(field, kind->id_field)) {
			v = pmo_node_str(doc, id);
		} else if (title && !strcmp(field, kind->title_field)) {
			v = pmo_node_str(doc, title);
		} else if (kind->status_field && !strcmp(field, kind->status_field) && kind->initial) {
			v = pmo_node_str(doc, kind->initial);
		} else if (pmo_node_text(pmo_map_get(kind->defaults, field))) {
			v = default_value(doc, pmo_node_text(pmo_map_get(kind->defaults, field)), settings,
					  default_base(kind, map, field));
		} else {
			continue;
		}
		if (!v || pmo_map_append(doc, map, pmo_node_str(doc, field), v) < 0)
			goto oom;
	}
	/* unknown fields go last, for the schema to name them */
	for (i = 0; as && i < as->n; i++) {
		if (pmo_kind_prop(kind, as->items[i].field) || !as->items[i].node)
			continue;
		if (pmo_map_append(doc, map, pmo_node_str(doc, as->items[i].field),
				   pmo_node_copy(doc, as->items[i].node)) < 0)
			goto oom;
	}
	*out = doc;
	return 0;
oom:
	pmo_doc_free(doc);
	return OOM();
}

int pmo_record_apply(pmo_doc **out, const pmo_kind *kind, const pmo_node *record,
		     const pmo_assigns *as)
{
	pmo_doc *doc = NULL;
	pmo_node *map;
	size_t i;
	int error;

	if ((error = pmo_doc_new(&doc)) < 0)
		return error;
	if (!(map = pmo_node_map(doc)))
		goto oom;
	pmo_doc_set_root(doc, map);
	/* schema order for fields present or assigned; then the rest as found */
	for (i = 0; i < kind->props->n; i++) {
		const char *field = kind->props->pairs[i].key->str;
		const pmo_assign *a = pmo_assigns_get(as, field);
		const pmo_node *v = a ? a->node : pmo_map_get(record, field);

		if (!v)
			continue;
		if (pmo_map_append(doc, map, pmo_node_str(doc, field), pmo_node_copy(doc, v)) < 0)
			goto oom;
	}
	for (i = 0; i < record->n; i++) {
		const char *field = record->pairs[i].key->str;
		const pmo_assign *a = pmo_assigns_get(as, field);

		if (pmo_kind_prop(kind, field) || (a && !a->node))
			continue;
		if (pmo_map_append(doc, map, pmo_node_str(doc, field),
				   pmo_node_copy(doc, a ? a->node : record->pairs[i].value)) < 0)
			goto oom;
	}
	for (i = 0; as && i < as->n; i++) {
		const char *field = as->items[i].field;
		if (pmo_kind_prop(kind, field) || pmo_map_get(record, field) || !as->items[i].node)
			continue;
		if (pmo_map_append(doc, map, pmo_node_str(doc, field),
				   pmo_node_copy(doc, as->items[i].node)) < 0)
			goto oom;
	}
	*out = doc;
	return 0;
oom:
	pmo_doc_free(doc);
	return OOM();
}
