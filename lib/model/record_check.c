/*
 * Checks of a candidate record before it is written: its schema, references
 * to other records, x-pmo date order, workflow moves, and people who have
 * left not being named anew.
 */
#include "model/internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/* Top-level field of a finding location: "objectives[0].due" → "objectives". */
static int location_in(const char *loc, const pmo_assigns *only)
{
	size_t i, len = strcspn(loc, ".[");

	if (!only || !len)
		return 1;
	for (i = 0; i < only->n; i++)
		if (strlen(only->items[i].field) == len && !strncmp(only->items[i].field, loc, len))
			return 1;
	return 0;
}

/* The names in folder (of kind tk, in project or none) for a message: up
 * to 12 IDs. */
static void list_names(pmo_buf *msg, pmo_source *src, const pmo_kind *tk, const char *project)
{
	pmo_buf dir = PMO_BUF_INIT;
	char **names = NULL;
	size_t i, shown = 0;

	if (project)
		pmo_buf_printf(&dir, "projects/%s/", project);
	pmo_buf_puts(&dir, tk->folder);
	if (pmo_buf_oom(&dir) == 0 && pmo_source_list(&names, src, dir.ptr) == 0 && names[0]) {
		pmo_buf_printf(msg, "; %s: ", tk->plural);
		for (i = 0; names[i] && shown < 12; i++) {
			size_t len = strlen(names[i]);
			if (!tk->file && (len <= 5 || strcmp(names[i] + len - 5, ".yaml")))
				continue;
			pmo_buf_printf(msg, "%s%.*s", shown ? ", " : "",
				       (int)(tk->file ? len : len - 5), names[i]);
			shown++;
		}
		if (names[i])
			pmo_buf_puts(msg, ", …");
	} else {
		pmo_error_clear();
		pmo_buf_printf(msg, "; add one with: pmo %s%s%s%s add", project ? "-p " : "",
			       project ? project : "", project ? " " : "", tk->name);
	}
	pmo_strv_free(names);
	pmo_buf_free(&dir);
}

/* One reference value (a string; other values are the schema's to refuse). */
static int check_ref(pmo_findings *out, const pmo_model *model, const char *field,
		     const pmo_node *value, const char *target, const char *project,
		     pmo_source *src)
{
	pmo_buf msg = PMO_BUF_INIT;
	const char *v = pmo_node_text(value);
	pmo_ref r;
	int error;

	if (!v || value->tag != PMO_TAG_STR)
		return 0;
	if ((error = pmo_ref_resolve(&r, model, field, target, project, v)) == 1)
		return 0;
	if (error == PMO_EINVALID) {
		pmo_buf_puts(&msg, pmo_error_last()->message);
		pmo_error_clear();
		goto report;
	}
	if (error < 0)
		return error;
	if ((error = pmo_ref_exists(&r, src)) != 0)
		goto done;
	if (r.type == PMO_REF_FILE) {
		pmo_buf_printf(&msg, "%s: no file \"%s\" in the repository (a path relative to "
			       "the pmo tree, the folder of pmo.yaml)", field, v);
	} else if (r.type == PMO_REF_TASK) {
		pmo_buf_printf(&msg, "%s: no task or milestone \"%s\" in %s", field, v, r.path);
	} else {
		pmo_buf_printf(&msg, "%s: unknown %s \"%s\"", field, r.kind->name, v);
		list_names(&msg, src, r.kind, r.project);
	}
report:
	if ((error = pmo_buf_oom(&msg)) < 0)
		goto done;
	error = pmo_model__problem(out, "reference", value, pmo_buf_detach(&msg));
done:
	pmo_ref_free(&r);
	pmo_buf_free(&msg);
	return error;
}

static int add_findings(pmo_findings *out, const pmo_findings *res,
			const pmo_assigns *only, int fields)
{
	size_t i;
	int error;

	for (i = 0; i < res->n; i++) {
		const pmo_finding *f = &res->items[i];
		pmo_buf b = PMO_BUF_INIT;

		if (fields != (*f->location != '\0') || !location_in(f->location, only))
			continue;
		/* "unknown field \"foo\"" names the field itself */
		if (*f->location && strcmp(f->keyword, "additionalProperties"))
			pmo_buf_printf(&b, "%s: ", f->location);
		pmo_buf_puts(&b, f->message);
		if ((error = pmo_model__problem(out, "schema", f->node, pmo_buf_detach(&b))) < 0)
			return error;
	}
	return 0;
}

int pmo_record_order(pmo_order_fault *out, size_t *at, const pmo_kind *kind,
		     const pmo_node *record)
{
	const pmo_node *order = kind->order;

	for (; order && order->kind == PMO_NODE_SEQ && *at < order->n; (*at)++) {
		const pmo_node *pair = order->items[*at];
		const char *a, *b;
		pmo_date da, db;

		if (pair->kind != PMO_NODE_SEQ || pair->n != 2 ||
		    !(a = pmo_node_text(pair->items[0])) || !(b = pmo_node_text(pair->items[1])))
			continue;
		out->early_v = pmo_map_get(record, a);
		out->late_v = pmo_map_get(record, b);
		if (pmo_node_date(&da, out->early_v) < 0 || pmo_node_date(&db, out->late_v) < 0 || db >= da)
			continue;
		out->early = a;
		out->late = b;
		(*at)++;
		return 0;
	}
	return -1;
}

int pmo_record_check(pmo_findings *out, const pmo_model *model, const pmo_kind *kind,
		     const pmo_node *record, const char *project, pmo_source *src,
		     const pmo_assigns *only)
{
	pmo_findings res = { 0 };
	size_t i;
	int error;

	pmo_findings_init(out);
	if ((error = pmo_schema_validate(&res, kind->schema, record)) < 0)
		goto done;
	/* findings about a field (the schema's, then references), then those
	 * about the whole record (missing required fields) */
	if ((error = add_findings(out, &res, only, 1)) < 0)
		goto done;
	for (i = 0; kind->refs && i < kind->refs->n; i++) {
		const char *field = kind->refs->pairs[i].key->str;
		const char *target = pmo_node_text(kind->refs->pairs[i].value);
		const pmo_node *v = pmo_map_get(record, field);
		size_t j, k;

		if (!v || !target || !location_in(field, only))
			continue;
		/* a value the schema refused is not looked up as well */
		for (j = 0; j < res.n && strncmp(res.items[j].location, field, strlen(field)); j++)
			;
		if (j < res.n)
			continue;
		for (k = 0; k < (v->kind == PMO_NODE_SEQ ? v->n : 1); k++)
			if ((error = check_ref(out, model, field, v->kind == PMO_NODE_SEQ ? v->items[k] : v,
					       target, project, src)) < 0)
				goto done;
	}
	if ((error = add_findings(out, &res, only, 0)) < 0)
		goto done;
	if (!out->n) {
		pmo_order_fault f;
		size_t at = 0;

		while (error >= 0 && pmo_record_order(&f, &at, kind, record) == 0)
			if (location_in(f.early, only) || location_in(f.late, only))
			{
				pmo_buf b = PMO_BUF_INIT;
				pmo_buf_printf(&b, "%s: %s is before %s (%s)", f.late, f.late_v->str,
					       f.early, f.early_v->str);
				error = pmo_model__problem(out, "consistency", f.late_v, pmo_buf_detach(&b));
			}
		if (error < 0)
			goto done;
	}
	if (out->n)
		error = pmo_error_set(PMO_EINVALID, "%s", out->items[0].message);
done:
	pmo_findings_free(&res);
	if (error < 0 && error != PMO_EINVALID)
		pmo_findings_free(out);
	return error;
}

int pmo_workflow_check(const pmo_kind *kind, const char *from, const char *to)
{
	const pmo_node *next;
	pmo_buf allowed = PMO_BUF_INIT;
	size_t i;
	int error;

	if (!kind->workflow || !from || !to || !strcmp(from, to))
		return 0;
	next = pmo_map_get(kind->workflow, from);
	for (i = 0; next && next->kind == PMO_NODE_SEQ && i < next->n; i++) {
		const char *s = pmo_node_text(next->items[i]);
		if (s && !strcmp(s, to)) {
			pmo_buf_free(&allowed);
			return 0;
		}
		pmo_buf_printf(&allowed, "%s%s", i ? ", " : "", s ? s : "");
	}
	error = pmo_error_set(PMO_EUSAGE, "%s: cannot go from \"%s\" to \"%s\"; from %s: %s",
		kind->status_field, from, to, from,
		allowed.len ? allowed.ptr : "no other status");
	pmo_buf_free(&allowed);
	return error;
}

/* --- records no longer active (people who have left) ---------------------- */

int pmo_record_active(int *out, pmo_source *src, const pmo_kind *kind, const char *name)
{
	pmo_record *r = NULL;
	char *path = NULL;
	int error = 0;

	*out = 1;
	if (!kind || !kind->hooks->active || !name || !pmo_model__safe_name(name))
		return 0;
	if (pmo_kind_path(&path, kind, NULL, name) < 0)
		return PMO_ENOMEM;
	if (!pmo_source_exists(src, path))
		goto done; /* the reference check names a missing record */
	if ((error = pmo_record_read(&r, src, kind, NULL, name, NULL)) < 0)
		goto done; /* a link, a file that is not YAML: the caller says it */
	*out = kind->hooks->active(pmo_doc_root(r->doc));
done:
	pmo_record_free(r);
	free(path);
	return error;
}

int pmo_project_ended(int *out, pmo_source *src, const pmo_model *model, const char *key)
{
	const pmo_kind *kind = pmo_model_kind(model, "project");
	pmo_record *r = NULL;
	int error;

	*out = 0;
	if (!kind || !kind->status_field || !key || !pmo_model__safe_name(key))
		return 0;
	if ((error = pmo_record_read(&r, src, kind, NULL, key, NULL)) < 0) {
		if (error == PMO_ENOMEM)
			return error;
		pmo_error_clear(); /* no project.yaml, or one that cannot be read: its own finding */
		return 0;
	}
	*out = pmo_kind_status_ended(kind, pmo_node_text(pmo_map_get(pmo_doc_root(r->doc), kind->status_field)));
	pmo_record_free(r);
	return 0;
}

/* Whether handle is one of the values of old (a string or a list). */
static int among(const pmo_node *old, const char *handle)
{
	size_t i;

	if (old && old->kind == PMO_NODE_SEQ) {
		for (i = 0; i < old->n; i++)
			if (among(old->items[i], handle))
				return 1;
		return 0;
	}
	return pmo_node_text(old) && !strcmp(pmo_node_text(old), handle);
}

int pmo_record_check_people(pmo_findings *out, const pmo_model *model, const pmo_kind *kind,
			    const pmo_node *record, const pmo_node *old, pmo_source *src)
{
	size_t i, j;
	int error = 0;

	for (i = 0; kind->refs && kind->refs->kind == PMO_NODE_MAP && i < kind->refs->n; i++) {
		const char *field = kind->refs->pairs[i].key->str;
		const char *target = pmo_node_text(kind->refs->pairs[i].value);
		const pmo_kind *tk = target ? pmo_model_kind(model, target) : NULL;
		const pmo_node *v = pmo_map_get(record, field);
		size_t n = v && v->kind == PMO_NODE_SEQ ? v->n : 1;

		if (!v || !tk || !tk->hooks->active)
			continue;
		for (j = 0; j < n && error >= 0; j++) {
			const pmo_node *item = v->kind == PMO_NODE_SEQ ? v->items[j] : v;
			const char *h = pmo_node_text(item);
			int active;
			pmo_buf b = PMO_BUF_INIT;

			if (!h || item->tag != PMO_TAG_STR || among(pmo_map_get(old, field), h))
				continue;
			if ((error = pmo_record_active(&active, src, tk, h)) < 0 && error != PMO_ENOMEM) {
				/* the record's file cannot be read (a link): not named through it */
				const pmo_error *e = pmo_error_last();
				pmo_buf_printf(&b, "%s: %s \"%s\": %s%s%s", field, tk->name, h,
					       e && e->path ? e->path : "", e && e->path ? ": " : "",
					       e && e->message ? e->message : "cannot be read");
				error = pmo_model__problem(out, "reference", item, pmo_buf_detach(&b));
				continue;
			}
			if (error < 0 || active)
				continue;
			char *path;

			if (pmo_kind_path(&path, tk, NULL, h) < 0)
				return PMO_ENOMEM;
			pmo_buf_printf(&b, "%s: %s \"%s\" is not active (active: false in %s); "
				       "name someone active", field, tk->name, h, path);
			free(path);
			error = pmo_model__problem(out, "reference", item, pmo_buf_detach(&b));
		}
		if (error < 0)
			return error;
	}
	if (out->n)
		error = pmo_error_set(PMO_EINVALID, "%s", out->items[0].message);
	return error;
}
