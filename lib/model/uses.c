/*
 * Where a record is named: every value of a reference field (x-pmo refs, a
 * string or each element of a list) of every record of every kind, and
 * every task of a project's plan that names it. delete refuses while a
 * record is named; renumber and move rewrite each of these values.
 *
 * The plan is not a kind: the fields of its tasks that name records are
 * those of schemas/plan.json's task (plan_refs below): `requirements`, a
 * list of the project's requirements, and `assignees`, whose `person`
 * names a person.
 */
#include "model/internal.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *field; /* a field of a task */
	const char *sub;   /* NULL: the field is a string or a list of them;
			    * else the field is a list of mappings and sub is
			    * their field that names the record */
	const char *target;
} plan_refs[] = {
	{ "requirements", NULL, "requirement" },
	{ "assignees", "person", "person" },
};

int pmo_record_refs(const pmo_model *model, const pmo_kind *kind, const pmo_node *record,
		    const char *project, pmo_refs_cb cb, void *payload)
{
	const pmo_node *refs = kind->refs;
	size_t i, j;
	int error = 0;

	if (!refs || refs->kind != PMO_NODE_MAP || !record || record->kind != PMO_NODE_MAP)
		return 0;
	for (i = 0; i < refs->n && !error; i++) {
		const char *field = refs->pairs[i].key->str;
		const char *target = pmo_node_text(refs->pairs[i].value);
		const pmo_node *v = pmo_map_get(record, field);
		size_t n = v && v->kind == PMO_NODE_SEQ ? v->n : 1;

		for (j = 0; v && target && j < n && !error; j++) {
			const pmo_node *e = v->kind == PMO_NODE_SEQ ? v->items[j] : v;
			const char *text = e->kind == PMO_NODE_SCALAR ? pmo_node_text(e) : NULL;
			pmo_ref r;
			int got;

			if (!text || !*text)
				continue;
			/* a value that is no reference is validate's to report */
			if ((got = pmo_ref_resolve(&r, model, field, target, project, text)) < 0) {
				if (got == PMO_ENOMEM)
					return got;
				pmo_error_clear();
				continue;
			}
			if (got == 0)
				error = cb(field, e, &r, payload);
			pmo_ref_free(&r);
		}
	}
	return error;
}

void pmo_uses_free(pmo_uses *u)
{
	size_t i, j;

	if (!u)
		return;
	for (i = 0; i < u->n; i++) {
		pmo_use_file *f = &u->items[i];
		free(f->path);
		free(f->project);
		for (j = 0; j < f->n; j++)
			free(f->names[j]);
		free(f->names);
		free(f->at);
		pmo_doc_free(f->doc);
	}
	free(u->items);
	memset(u, 0, sizeof(*u));
}

typedef struct {
	pmo_uses *out;
	const pmo_kind *kind;
	const char *project, *id;
	const char *name; /* who names it, for messages */
	pmo_use_file *file; /* the file being looked at, once it names it */
	const char *path, *file_project;
} finder;

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* One use in the file f->path; the file is added on its first. */
static int add_use(finder *f, const pmo_node *at, const char *field)
{
	pmo_use_file *uf = f->file;
	pmo_buf b = PMO_BUF_INIT;
	char **names;
	const pmo_node **ats;

	if (!uf) {
		pmo_use_file *v = realloc(f->out->items, (f->out->n + 1) * sizeof(*v));
		if (!v)
			return OOM();
		f->out->items = v;
		uf = f->file = &v[f->out->n++];
		memset(uf, 0, sizeof(*uf));
		if (!(uf->path = strdup(f->path)) ||
		    (f->file_project && !(uf->project = strdup(f->file_project))))
			return OOM();
	}
	if (!(names = realloc(uf->names, (uf->n + 1) * sizeof(*names))))
		return OOM();
	uf->names = names;
	if (!(ats = realloc(uf->at, (uf->n + 1) * sizeof(*ats))))
		return OOM();
	uf->at = ats;
	pmo_buf_printf(&b, "%s %s", f->name, field);
	if (pmo_buf_oom(&b) < 0)
		return OOM();
	uf->names[uf->n] = pmo_buf_detach(&b);
	uf->at[uf->n++] = at;
	return 0;
}

static int record_use(const char *field, const pmo_node *at, const pmo_ref *r, void *payload)
{
	finder *f = payload;

	if (r->type != PMO_REF_RECORD || r->kind != f->kind || !same(r->project, f->project) ||
	    strcmp(r->id, f->id))
		return 0;
	return add_use(f, at, field);
}

/* The tasks of a project's plan that name the record. */
static int plan_uses(finder *f, pmo_source *src, const pmo_model *model, const char *project,
		     pmo_doc **doc)
{
	pmo_buf path = PMO_BUF_INIT, buf = PMO_BUF_INIT, name = PMO_BUF_INIT;
	const pmo_node *tasks;
	size_t i, k, j;
	int error = 0;

	pmo_buf_printf(&path, "projects/%s/plan.yaml", project);
	if (pmo_buf_oom(&path) < 0)
		return OOM();
	error = pmo_source_read(&buf, src, path.ptr, PMO_PLAN_MAX_BYTES);
	if (error == PMO_ENOTFOUND) {
		pmo_error_clear();
		error = 0;
		goto done;
	}
	if (error < 0 || (error = pmo_yaml_load(doc, path.ptr, buf.ptr, buf.len, NULL)) < 0)
		goto done;
	f->path = path.ptr;
	f->file_project = project;
	tasks = pmo_map_get(pmo_doc_root(*doc), "tasks");
	for (i = 0; tasks && tasks->kind == PMO_NODE_SEQ && i < tasks->n && !error; i++) {
		const char *tid = pmo_node_text(pmo_map_get(tasks->items[i], "id"));

		pmo_buf_clear(&name);
		pmo_buf_printf(&name, "%s/%s", project, tid ? tid : "task");
		f->name = name.ptr;
		for (k = 0; k < sizeof(plan_refs) / sizeof(plan_refs[0]) && !error; k++) {
			const pmo_node *v = pmo_map_get(tasks->items[i], plan_refs[k].field);
			size_t n = v && v->kind == PMO_NODE_SEQ ? v->n : 1;

			if (pmo_model_kind(model, plan_refs[k].target) != f->kind)
				continue;
			for (j = 0; v && j < n && !error; j++) {
				const pmo_node *e = v->kind == PMO_NODE_SEQ ? v->items[j] : v;
				const char *text;
				pmo_ref r;
				int got;

				if (plan_refs[k].sub)
					e = pmo_map_get(e, plan_refs[k].sub);
				if (!e || e->kind != PMO_NODE_SCALAR || !(text = pmo_node_text(e)))
					continue;
				got = pmo_ref_resolve(&r, model, plan_refs[k].field, plan_refs[k].target,
						      project, text);
				if (got < 0 && got != PMO_ENOMEM) {
					pmo_error_clear();
					continue;
				}
				if (got == 0)
					error = record_use(plan_refs[k].field, e, &r, f);
				else if (got < 0)
					error = got;
				pmo_ref_free(&r);
			}
		}
	}
	if (!error && f->file)
		f->file->doc = *doc, *doc = NULL;
done:
	f->file = NULL;
	pmo_buf_free(&name);
	pmo_buf_free(&buf);
	pmo_buf_free(&path);
	return error;
}

int pmo_uses_find(pmo_uses *out, const pmo_model *model, pmo_source *src,
		  const pmo_settings *settings, const pmo_kind *kind, const char *project,
		  const char *id)
{
	finder f = { out, kind, project, id, NULL, NULL, NULL, NULL };
	char **projects = NULL;
	size_t k, i;
	int error = 0;

	memset(out, 0, sizeof(*out));
	for (k = 0; k < pmo_model_kind_count(model) && !error; k++) {
		const pmo_kind *from = pmo_model_kind_at(model, k);
		pmo_records rs = { 0 };

		if (!from->refs)
			continue;
		/* files that cannot be read are validate's to report */
		if ((error = pmo_records_list(&rs, NULL, src, from, NULL, settings)) < 0)
			break;
		for (i = 0; i < rs.n && !error; i++) {
			pmo_record *r = rs.items[i];
			char *name = pmo_record_name(r);

			if (!name) {
				error = OOM();
				break;
			}
			/* the record itself is not a use of it */
			if (from != kind || !same(r->project, project) || strcmp(r->id, id)) {
				f.name = name;
				f.path = r->path;
				f.file_project = r->project;
				error = pmo_record_refs(model, from, pmo_doc_root(r->doc), r->project,
							record_use, &f);
				if (!error && f.file) {
					f.file->doc = r->doc;
					r->doc = NULL;
				}
				f.file = NULL;
			}
			free(name);
		}
		pmo_records_free(&rs);
	}
	if (!error && !(error = pmo_projects_list(&projects, src))) {
		for (i = 0; projects[i] && !error; i++) {
			pmo_doc *doc = NULL;
			error = plan_uses(&f, src, model, projects[i], &doc);
			pmo_doc_free(doc);
		}
	}
	pmo_strv_free(projects);
	if (error < 0)
		pmo_uses_free(out);
	return error;
}

char *pmo_ref_text(const pmo_kind *kind, const char *project, const char *id,
		   const char *from_project)
{
	pmo_buf b = PMO_BUF_INIT;

	if (kind->project_scoped && !same(project, from_project))
		pmo_buf_printf(&b, "%s/", project);
	pmo_buf_puts(&b, id);
	return pmo_buf_oom(&b) < 0 ? NULL : pmo_buf_detach(&b);
}
