/*
 * The mapping of a record from assignments: a new record in schema order
 * with its id, title, initial status and x-pmo defaults, or an existing
 * record with assignments applied.
 */
#include "model/internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/* The date a dated default counts from: today, or the later date of the
 * field the kind's x-pmo order puts before this one when the record has
 * it (a risk identified next month is first reviewed a review interval
 * after that, not before it was identified). */
static pmo_date default_base(const pmo_kind *kind, const pmo_node *map, const char *field)
{
	const pmo_node *order = kind->order;
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

/* A default from x-pmo defaults: "today", "today+N" (N days) or
 * "today+SECTION.SETTING" (days a whole-number setting of pmo.yaml says:
 * today+risk.review_days), the latter two counted from base. */
static int default_value(pmo_node **out, pmo_doc *doc, const pmo_kind *kind, const char *field,
			 const char *rule, const pmo_settings *settings, pmo_date base)
{
	char date[11], *section = NULL;
	const char *add = rule + 5, *dot;
	pmo_date d = pmo_date_today();
	long days = 0;
	int error = 0;

	*out = NULL;
	if (strncmp(rule, "today", 5) || (*add && *add != '+') || (*add && !add[1]))
		goto bad;
	if (*add) {
		add++;
		if (strspn(add, "0123456789") == strlen(add)) {
			days = strtol(add, NULL, 10);
		} else if ((dot = strchr(add, '.')) && dot > add && dot[1] && !strchr(dot + 1, '.')) {
			if (!(section = strndup(add, (size_t)(dot - add))))
				return pmo_error_set(PMO_ENOMEM, "out of memory");
			error = pmo_settings_int(&days, settings, section, dot + 1);
			free(section);
			if (error < 0) {
				/* the message is the error's own: copied before it is replaced */
				char *why = strdup(pmo_error_last() && pmo_error_last()->message
						   ? pmo_error_last()->message : "");
				error = pmo_error_set(error, "x-pmo default of %s.%s: %s", kind->name, field,
						      why ? why : "");
				free(why);
				return error;
			}
		} else {
			goto bad;
		}
		d = base + days;
	}
	if (!(*out = pmo_node_str(doc, pmo_date_format(date, d))))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	return 0;
bad:
	return pmo_error_set(PMO_EINVALID, "x-pmo default of %s.%s: \"%s\" is not today, today+N or "
			     "today+SECTION.SETTING", kind->name, field, rule);
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
			if ((error = default_value(&v, doc, kind, field,
						   pmo_node_text(pmo_map_get(kind->defaults, field)), settings,
						   default_base(kind, map, field))) < 0) {
				pmo_doc_free(doc);
				return error;
			}
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

int pmo_record_new_check(const pmo_kind *kind, const pmo_assigns *as)
{
	size_t i;

	for (i = 0; i < as->n; i++) {
		const char *f = as->items[i].field;
		const char *v = pmo_node_text(as->items[i].node);

		if (!strcmp(f, kind->id_field))
			return kind->prefix
				? pmo_error_set(PMO_EUSAGE, "%s: the ID of a new %s is given by pmo "
						"(the next free %s-<n>)", f, kind->name, kind->prefix)
				: pmo_error_set(PMO_EUSAGE, "%s: the %s of a new %s is its first argument",
						f, f, kind->name);
		if (kind->prefix && !strcmp(f, kind->title_field))
			return pmo_error_set(PMO_EUSAGE, "field \"%s\" given twice: the first argument "
					     "is the %s", f, f);
		if (kind->status_field && !strcmp(f, kind->status_field) && v && kind->initial &&
		    strcmp(v, kind->initial))
			return pmo_error_set(PMO_EUSAGE, "%s: a new %s starts as \"%s\"; change it "
					     "afterwards with pmo %s set", f, kind->name, kind->initial,
					     kind->name);
	}
	return 0;
}
