/*
 * The semantic diff of two trees: the files that differ (lib/repo tells
 * their names), each read on both sides and compared as what it is by its
 * place in the tree (lib/check/place.c): a record of a kind, pmo.yaml, a
 * project's plan. A plan, a project's start or a calendar that changed
 * marks its project for the schedule's comparison (schedule.c). Nothing
 * but the changed files and what a schedule needs is read.
 */
#include "diff/internal.h"
#include "check/check.h"
#include "render/diff.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

#define OOM() pmo_error_set(PMO_ENOMEM, "out of memory")

const char *pmo_diff_change_name(pmo_diff_change c)
{
	return c == PMO_DIFF_ADDED ? "added" : c == PMO_DIFF_REMOVED ? "removed" : "changed";
}

void pmo_diff__record_free(pmo_diff_record *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nfields; i++)
		free(r->fields[i].field);
	free(r->fields);
	free(r->record);
	free(r->path);
	free(r->error);
	memset(r, 0, sizeof(*r));
}

static void schedule_free(pmo_diff_schedule *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nmilestones; i++)
		free(s->milestones[i].id);
	free(s->milestones);
	pmo_strv_free(s->critical_added);
	pmo_strv_free(s->critical_removed);
	free(s->error);
	free(s);
}

static void cost_free(pmo_diff_cost *c)
{
	if (!c)
		return;
	free(c->planned_before);
	free(c->planned_after);
	free(c->budget_before);
	free(c->budget_after);
	free(c);
}

static void project_free(pmo_diff_project *p)
{
	size_t i;

	free(p->key);
	schedule_free(p->schedule);
	cost_free(p->cost);
	for (i = 0; i < p->nrisks; i++) {
		free(p->risks[i].record);
		free(p->risks[i].before);
		free(p->risks[i].after);
	}
	free(p->risks);
	for (i = 0; i < p->nrecords; i++)
		pmo_diff__record_free(&p->records[i]);
	free(p->records);
}

void pmo_diff_free(pmo_diff *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->nprojects; i++)
		project_free(&d->projects[i]);
	free(d->projects);
	for (i = 0; i < d->nrecords; i++)
		pmo_diff__record_free(&d->records[i]);
	free(d->records);
	for (i = 0; i < d->ndocs; i++)
		pmo_doc_free(d->docs[i]);
	free(d->docs);
	free(d);
}

int pmo_diff_empty(const pmo_diff *d)
{
	return !d->nprojects && !d->nrecords;
}

/* --- what the result is built of ----------------------------------------- */

int pmo_diff__keep_doc(pmo_diff *d, pmo_doc *doc)
{
	pmo_doc **v;

	if (!doc)
		return 0;
	if (!(v = realloc(d->docs, (d->ndocs + 1) * sizeof(*v)))) {
		pmo_doc_free(doc);
		return OOM();
	}
	d->docs = v;
	d->docs[d->ndocs++] = doc;
	return 0;
}

int pmo_diff__record_add(pmo_diff_record **v, size_t *n, pmo_diff_record *r)
{
	pmo_diff_record *nv = realloc(*v, (*n + 1) * sizeof(*nv));

	if (!nv)
		return OOM();
	*v = nv;
	nv[(*n)++] = *r;
	memset(r, 0, sizeof(*r));
	return 0;
}

/* The changes of c as r's fields (their strings move over). */
static int take_fields(pmo_diff_record *r, pmo_changes *c)
{
	size_t i;

	if (!c->n)
		return 0;
	if (!(r->fields = calloc(c->n, sizeof(*r->fields))))
		return OOM();
	for (i = 0; i < c->n; i++) {
		r->fields[i].field = (char *)c->items[i].field;
		r->fields[i].before = c->items[i].old;
		r->fields[i].after = c->items[i].new;
		c->items[i].field = NULL;
	}
	r->nfields = c->n;
	return 0;
}

int pmo_diff__compare(pmo_diff_record *r, const pmo_kind *kind, const pmo_node *before,
		      const pmo_node *after)
{
	pmo_changes c = { 0 };
	int error;

	r->change = !before ? PMO_DIFF_ADDED : !after ? PMO_DIFF_REMOVED : PMO_DIFF_CHANGED;
	if ((error = pmo_value_diff(&c, kind, before, after)) < 0)
		return error;
	error = take_fields(r, &c);
	pmo_changes_free(&c);
	return error;
}

/* The last error as one line ("path:line:col: message"), and cleared. */
char *pmo_diff__error_text(const char *side)
{
	char *msg = pmo_error_format(pmo_error_last());
	pmo_buf b = PMO_BUF_INIT;

	pmo_buf_printf(&b, "%s%s%s", side ? side : "", side ? ": " : "", msg ? msg : "cannot read");
	free(msg);
	pmo_error_clear();
	return pmo_buf_oom(&b) < 0 ? NULL : pmo_buf_detach(&b);
}

static pmo_diff_project *project_get(diff_state *st, const char *key)
{
	project_state *v;
	size_t i;

	for (i = 0; i < st->nprojects; i++)
		if (!strcmp(st->projects[i].p.key, key))
			return &st->projects[i].p;
	if (!(v = realloc(st->projects, (st->nprojects + 1) * sizeof(*v)))) {
		OOM();
		return NULL;
	}
	st->projects = v;
	memset(&v[st->nprojects], 0, sizeof(*v));
	if (!(v[st->nprojects].p.key = strdup(key))) {
		OOM();
		return NULL;
	}
	return &st->projects[st->nprojects++].p;
}

static project_state *project_state_of(diff_state *st, const char *key)
{
	pmo_diff_project *p = project_get(st, key);

	return p ? (project_state *)p : NULL; /* p is the first member */
}

/* --- a record's file ---------------------------------------------------------- */

/* The level a kind derives (risks), or NULL. */
static const char *level_of(const pmo_record *r)
{
	return r && r->kind->derived && pmo_map_get(r->kind->derived, "level")
	       ? pmo_node_text(pmo_map_get(r->view, "level")) : NULL;
}

static int rating(pmo_diff_project *p, const char *name, const pmo_record *b, const pmo_record *a)
{
	const char *lb = level_of(b), *la = level_of(a);
	pmo_diff_rating *v, *r;

	if ((!lb && !la) || (lb && la && !strcmp(lb, la)))
		return 0;
	if (!(v = realloc(p->risks, (p->nrisks + 1) * sizeof(*v))))
		return OOM();
	p->risks = v;
	r = memset(&v[p->nrisks], 0, sizeof(*r));
	r->change = !b ? PMO_DIFF_ADDED : !a ? PMO_DIFF_REMOVED : PMO_DIFF_CHANGED;
	if (!(r->record = strdup(name)) || (lb && !(r->before = strdup(lb))) ||
	    (la && !(r->after = strdup(la)))) {
		free(r->record);
		free(r->before);
		return OOM();
	}
	p->nrisks++;
	return 0;
}

/* Whether the values at key differ between two mappings. */
static int differs(const pmo_node *a, const pmo_node *b, const char *key)
{
	const pmo_node *x = pmo_map_get(a, key), *y = pmo_map_get(b, key);

	return (x || y) && !(x && y && pmo_node_equal(x, y));
}

static int record_file(diff_state *st, const pmo_place *pl, const char *path)
{
	const pmo_kind *kind = pl->kind;
	pmo_record *r[2] = { NULL, NULL };
	pmo_diff_record rec;
	pmo_diff_project *p = NULL;
	/* the project kind's records are projects/<KEY>/project.yaml */
	int is_project = !kind->project_scoped && kind->file && !strcmp(kind->folder, "projects");
	const char *key = kind->project_scoped ? pl->project : is_project ? pl->id : NULL;
	int error = 0, s;

	memset(&rec, 0, sizeof(rec));
	for (s = 0; s < 2 && !rec.error; s++) {
		error = pmo_record_read(&r[s], st->src[s], kind, pl->project, pl->id, st->settings[s]);
		if (error == PMO_ENOTFOUND) {
			pmo_error_clear();
			error = 0;
		} else if (error == PMO_ENOMEM) {
			goto done;
		} else if (error < 0) {
			error = 0;
			if (!(rec.error = pmo_diff__error_text(s ? "after" : "before"))) {
				error = OOM();
				goto done;
			}
		}
	}
	if (!r[0] && !r[1] && !rec.error)
		goto done; /* neither side has a record there */
	{
		pmo_record named = { .project = pl->project, .id = pl->id };
		if (!(rec.record = pmo_record_name(&named)) || !(rec.path = strdup(path))) {
			error = OOM();
			goto done;
		}
	}
	rec.kind = kind->name;
	if (rec.error) {
		rec.change = PMO_DIFF_CHANGED;
	} else {
		if ((error = pmo_diff__compare(&rec, kind, r[0] ? pmo_doc_root(r[0]->doc) : NULL,
					       r[1] ? pmo_doc_root(r[1]->doc) : NULL)) < 0)
			goto done;
		if (!rec.nfields && r[0] && r[1])
			goto done; /* the same record, written another way */
	}
	if (key && !(p = project_get(st, key))) {
		error = PMO_ENOMEM;
		goto done;
	}
	if (p && !rec.error && (error = rating(p, rec.record, r[0], r[1])) < 0)
		goto done;
	if (is_project && r[0] && r[1] &&
	    (differs(pmo_doc_root(r[0]->doc), pmo_doc_root(r[1]->doc), "start") ||
	     differs(pmo_doc_root(r[0]->doc), pmo_doc_root(r[1]->doc), "calendar")))
		((project_state *)p)->schedule = 1;
	for (s = 0; s < 2; s++) {
		if (r[s] && (error = pmo_diff__keep_doc(st->d, r[s]->doc)) < 0) {
			r[s]->doc = NULL;
			goto done;
		}
		if (r[s])
			r[s]->doc = NULL;
	}
	error = p ? pmo_diff__record_add(&p->records, &p->nrecords, &rec)
		  : pmo_diff__record_add(&st->d->records, &st->d->nrecords, &rec);
done:
	pmo_diff__record_free(&rec);
	pmo_record_free(r[0]);
	pmo_record_free(r[1]);
	return error;
}

/* --- pmo.yaml --------------------------------------------------------------------- */

static int settings_file(diff_state *st)
{
	pmo_diff_record rec;
	const pmo_node *root[2];
	int error = 0, s;

	memset(&rec, 0, sizeof(rec));
	for (s = 0; s < 2; s++)
		root[s] = st->settings[s] ? pmo_doc_root(st->settings[s]->doc) : NULL;
	if (differs(root[0], root[1], "calendar"))
		st->calendar = 1;
	if (!(rec.record = strdup("pmo.yaml")) || !(rec.path = strdup("pmo.yaml"))) {
		error = OOM();
		goto done;
	}
	rec.kind = "settings";
	if ((error = pmo_diff__compare(&rec, NULL, root[0], root[1])) < 0 || !rec.nfields)
		goto done;
	error = pmo_diff__record_add(&st->d->records, &st->d->nrecords, &rec);
done:
	pmo_diff__record_free(&rec);
	return error;
}

/* --- the whole ------------------------------------------------------------------- */

static int cmp_record(const void *a, const void *b)
{
	return pmo_id_cmp(((const pmo_diff_record *)a)->record, ((const pmo_diff_record *)b)->record);
}

static int cmp_project(const void *a, const void *b)
{
	return strcmp(((const project_state *)a)->p.key, ((const project_state *)b)->p.key);
}

/* Every project of both trees that has a plan (pmo.yaml's calendar
 * changed: each may move). */
static int every_planned_project(diff_state *st)
{
	char **keys = NULL;
	size_t i;
	int error = 0, s;

	for (s = 0; s < 2 && !error; s++) {
		if ((error = pmo_projects_list(&keys, st->src[s])) < 0)
			break;
		for (i = 0; keys[i] && !error; i++) {
			pmo_buf path = PMO_BUF_INIT;
			project_state *p;

			pmo_buf_printf(&path, "projects/%s/plan.yaml", keys[i]);
			if ((error = pmo_buf_oom(&path)) < 0)
				break;
			if (pmo_source_exists(st->src[s], path.ptr)) {
				if (!(p = project_state_of(st, keys[i])))
					error = PMO_ENOMEM;
				else
					p->schedule = 1;
			}
			pmo_buf_free(&path);
		}
		pmo_strv_free(keys);
		keys = NULL;
	}
	return error;
}

static int load_settings(diff_state *st)
{
	int error = 0, s;

	for (s = 0; s < 2; s++) {
		error = pmo_settings_load(&st->settings[s], st->src[s], st->model);
		if (error < 0)
			return error;
	}
	return 0;
}

int pmo_diff_compute(pmo_diff **out, pmo_source *before, pmo_source *after, const pmo_model *model,
		     const pmo_diff_options *opt)
{
	static const pmo_diff_options plans_alone = { PMO_NODATE };
	diff_state st;
	char **paths = NULL;
	size_t i, j;
	int error = 0;

	memset(&st, 0, sizeof(st));
	st.src[0] = before;
	st.src[1] = after;
	st.model = model;
	st.opt = opt ? opt : &plans_alone;
	if (!(st.d = calloc(1, sizeof(*st.d)))) {
		error = OOM();
		goto done;
	}
	if ((error = pmo_source_diff(&paths, before, after)) < 0 || (error = load_settings(&st)) < 0)
		goto done;
	for (i = 0; paths[i] && error >= 0; i++) {
		pmo_place pl;
		project_state *p;

		if ((error = pmo_check_place(&pl, model, paths[i])) < 0)
			break;
		if (pl.type == PMO_PLACE_SETTINGS) {
			error = settings_file(&st);
		} else if (pl.type == PMO_PLACE_RECORD) {
			error = record_file(&st, &pl, paths[i]);
		} else if (pl.type == PMO_PLACE_PROJECT_FILE && !strcmp(paths[i] + strlen(paths[i]) - 9, "plan.yaml")) {
			if (!(p = project_state_of(&st, pl.project)))
				error = PMO_ENOMEM;
			else
				p->schedule = p->plan = 1;
		}
		pmo_place_free(&pl);
	}
	if (error >= 0 && st.calendar)
		error = every_planned_project(&st);
	for (i = 0; i < st.nprojects && error >= 0; i++)
		if (st.projects[i].schedule)
			error = pmo_diff__project_plan(&st, &st.projects[i]);
	if (error < 0)
		goto done;
	/* the projects that have something to say, by key */
	if (st.nprojects)
		qsort(st.projects, st.nprojects, sizeof(*st.projects), cmp_project);
	if (st.nprojects && !(st.d->projects = calloc(st.nprojects, sizeof(*st.d->projects)))) {
		error = OOM();
		goto done;
	}
	for (i = j = 0; i < st.nprojects; i++) {
		pmo_diff_project *p = &st.projects[i].p;
		if (!p->schedule && !p->nrecords && !p->nrisks && !p->cost) {
			project_free(p);
			continue;
		}
		if (p->nrecords)
			qsort(p->records, p->nrecords, sizeof(*p->records), cmp_record);
		st.d->projects[j++] = *p;
	}
	st.d->nprojects = j;
	st.nprojects = 0;
	if (st.d->nrecords)
		qsort(st.d->records, st.d->nrecords, sizeof(*st.d->records), cmp_record);
	/* pmo.yaml's fields live in the settings' documents */
	for (i = 0; i < 2 && error >= 0; i++) {
		error = pmo_diff__keep_doc(st.d, st.settings[i]->doc);
		st.settings[i]->doc = NULL;
	}
	if (error < 0)
		goto done;
	*out = st.d;
	st.d = NULL;
done:
	for (i = 0; i < st.nprojects; i++)
		project_free(&st.projects[i].p);
	free(st.projects);
	pmo_settings_free(st.settings[0]);
	pmo_settings_free(st.settings[1]);
	pmo_strv_free(paths);
	pmo_diff_free(st.d);
	return error;
}
