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
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

#define OOM() pmo_error_set(PMO_ENOMEM, "out of memory")

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
		} else if (pl.type == PMO_PLACE_PROJECT_FILE &&
			   !strcmp(paths[i] + strlen(paths[i]) - 11, "budget.yaml")) {
			/* the budget before → after (cost.c, with the plans) */
			if (!(p = project_state_of(&st, pl.project)))
				error = PMO_ENOMEM;
			else
				p->schedule = 1;
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
			pmo_diff__project_free(p);
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
		pmo_diff__project_free(&st.projects[i].p);
	free(st.projects);
	pmo_settings_free(st.settings[0]);
	pmo_settings_free(st.settings[1]);
	pmo_strv_free(paths);
	pmo_diff_free(st.d);
	return error;
}
