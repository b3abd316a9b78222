/*
 * People's load across the projects of a tree (workload.h): each
 * project's plan scheduled on its calendar as pmo schedule does, the load
 * summed by lib/plan/alloc.c, the people read as `pmo person list` reads
 * them; and validate's over-allocation rule over it.
 */
#include "check/workload.h"
#include "check/internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

#define OOM() pmo_error_set_oom()

static void project_clear(pmo_workload_project *p)
{
	pmo_schedule_free(p->sched);
	pmo_calendar_free(p->cal);
	pmo_plan_free(p->plan);
	pmo_doc_free(p->doc);
	free(p->key);
	free(p->path);
}

void pmo_workload_free(pmo_workload *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->n; i++) {
		free(w->people[i].handle);
		free(w->people[i].name);
		free(w->people[i].path);
	}
	free(w->people);
	for (i = 0; i < w->nprojects; i++)
		project_clear(&w->projects[i]);
	free(w->projects);
	pmo_alloc_free(w->alloc);
	pmo_strv_free(w->left_out);
	free(w);
}

/* Note why a project's plan is left out: "path: the error". */
static int leave_out(pmo_workload *w, size_t *nleft, const char *path)
{
	const pmo_error *e = pmo_error_last();
	char **v, *msg;
	pmo_buf b = PMO_BUF_INIT;

	if (e && e->code == PMO_ENOMEM)
		return PMO_ENOMEM;
	if (e && e->line)
		msg = pmo_error_format(e);
	else {
		pmo_buf_printf(&b, "%s: %s", path, e ? e->message : "cannot be read");
		msg = pmo_buf_detach(&b);
	}
	pmo_error_clear();
	if (!msg || !(v = realloc(w->left_out, (*nleft + 2) * sizeof(*v)))) {
		free(msg);
		return OOM();
	}
	v[(*nleft)++] = msg;
	v[*nleft] = NULL;
	w->left_out = v;
	return 0;
}

/* The plan's tree is the most of a project's memory: once it is
 * scheduled, nothing more is read from it (an assignment's place is in
 * the plan), so it goes, and the next plan reuses its memory rather than
 * touching fresh pages. The plan's pointers into it go with it. */
static void forget_doc(pmo_workload_project *p)
{
	size_t i, j;

	for (i = 0; i < p->plan->n; i++) {
		p->plan->tasks[i].node = NULL;
		for (j = 0; j < p->plan->tasks[i].ndeps; j++)
			p->plan->tasks[i].deps[j].node = NULL;
	}
	for (i = 0; i < p->plan->nbaselines; i++)
		p->plan->baselines[i].node = NULL;
	pmo_doc_free(p->doc);
	p->doc = NULL;
}

/* Read one project: project.yaml (status, start, calendar) and plan.yaml,
 * scheduled as of today. 1 when it has a plan to count (in *p), 0 when it
 * has none or has ended, 2 when it is left out (the error set). */
static int read_project(pmo_workload_project *p, pmo_source *src, const pmo_kind *pk,
			const pmo_settings *settings, const char *key, pmo_date today, pmo_buf *buf)
{
	static const pmo_yaml_limits plan_limits = { .max_bytes = PMO_PLAN_MAX_BYTES };
	pmo_buf path = PMO_BUF_INIT;
	pmo_doc *project = NULL;
	pmo_findings f;
	pmo_schedule_options o;
	const pmo_node *root, *base;
	int error;

	memset(p, 0, sizeof(*p));
	pmo_findings_init(&f);
	pmo_buf_printf(&path, "projects/%s/plan.yaml", key);
	if ((error = pmo_buf_oom(&path)) < 0)
		goto done;
	if (!pmo_source_exists(src, path.ptr))
		goto done; /* 0: no plan */
	if (!(p->key = strdup(key)) || !(p->path = strdup(path.ptr))) {
		error = OOM();
		goto done;
	}
	pmo_buf_clear(&path);
	pmo_buf_printf(&path, "projects/%s/project.yaml", key);
	if ((error = pmo_buf_oom(&path)) < 0)
		goto done;
	if (pmo_source_read(buf, src, path.ptr, PMO_YAML_MAX_BYTES) < 0 ||
	    pmo_yaml_load(&project, path.ptr, buf->ptr ? buf->ptr : "", buf->len, NULL) < 0) {
		error = 2;
		goto done;
	}
	root = pmo_doc_root(project);
	if (pk && pk->status_field &&
	    pmo_kind_status_ended(pk, pmo_node_text(pmo_map_get(root, pk->status_field))))
		goto done; /* 0: ended */
	if (pmo_node_date(&o.start, pmo_map_get(root, "start")) < 0) {
		pmo_error_set(PMO_EINVALID, "%s: no valid start date", path.ptr);
		error = 2;
		goto done;
	}
	base = settings && settings->doc ? pmo_map_get(pmo_doc_root(settings->doc), "calendar") : NULL;
	if (pmo_calendar_from_yaml(&p->cal, base, "pmo.yaml", pmo_map_get(root, "calendar"), path.ptr) < 0) {
		error = 2;
		goto done;
	}
	pmo_buf_clear(buf);
	o.as_of = today;
	if (pmo_source_read(buf, src, p->path, PMO_PLAN_MAX_BYTES) < 0 ||
	    pmo_yaml_load(&p->doc, p->path, buf->ptr ? buf->ptr : "", buf->len, &plan_limits) < 0 ||
	    pmo_plan_from_yaml(&p->plan, pmo_doc_root(p->doc), p->path, &f) < 0 ||
	    pmo_schedule_compute(&p->sched, p->plan, p->cal, &o, &f) < 0) {
		error = 2;
		goto done;
	}
	forget_doc(p);
	error = 1;
done:
	/* what is read stays in *p for the caller to free (project_clear) */
	if (error == 2 && pmo_error_last() && pmo_error_last()->code == PMO_ENOMEM)
		error = PMO_ENOMEM;
	pmo_findings_free(&f);
	pmo_doc_free(project);
	pmo_buf_free(&path);
	return error;
}

static int read_projects(pmo_workload *w, pmo_source *src, const pmo_model *model,
			 const pmo_settings *settings, pmo_date today)
{
	const pmo_kind *pk = pmo_model_kind(model, "project");
	pmo_buf buf = PMO_BUF_INIT;
	char **keys = NULL;
	size_t i, n, nleft = 0;
	int error;

	if ((error = pmo_projects_list(&keys, src)) < 0)
		goto done;
	for (n = 0; keys[n]; n++)
		;
	if (n && !(w->projects = calloc(n, sizeof(*w->projects)))) {
		error = OOM();
		goto done;
	}
	for (i = 0; i < n; i++) {
		pmo_workload_project *p = &w->projects[w->nprojects];

		error = read_project(p, src, pk, settings, keys[i], today, &buf);
		if (error == 1) {
			w->nprojects++;
			continue;
		}
		if (error == 2)
			error = leave_out(w, &nleft, p->path);
		project_clear(p);
		memset(p, 0, sizeof(*p));
		if (error < 0)
			goto done;
	}
	error = 0;
done:
	pmo_strv_free(keys);
	pmo_buf_free(&buf);
	return error;
}

static int person_cmp(const void *pa, const void *pb)
{
	const pmo_workload_person *a = pa, *b = pb;

	return strcmp(a->handle, b->handle);
}

/* A new person at the end of w->people; NULL when memory ran out. */
static pmo_workload_person *add_person(pmo_workload *w, size_t *cap, const char *handle,
				       const pmo_alloc_person *load)
{
	pmo_workload_person *p;

	if (w->n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		pmo_workload_person *v = realloc(w->people, c * sizeof(*v));

		if (!v)
			return NULL;
		w->people = v;
		*cap = c;
	}
	p = &w->people[w->n];
	memset(p, 0, sizeof(*p));
	p->capacity = PMO_PLAN_HOURS_PER_DAY;
	p->load = load;
	if (!(p->handle = strdup(handle)))
		return NULL;
	w->n++;
	return p;
}

/* Every active person of people/, and every assignee with load. */
static int read_people(pmo_workload *w, pmo_source *src, const pmo_model *model,
		       const pmo_settings *settings)
{
	const pmo_kind *kind = pmo_model_kind(model, "person");
	pmo_records recs = { 0 };
	size_t i, cap = 0;
	unsigned char *seen = NULL;
	int error = 0;

	if (w->alloc->n && !(seen = calloc(w->alloc->n, 1)))
		return OOM();
	if (kind && (error = pmo_records_list(&recs, NULL, src, kind, NULL, settings)) < 0)
		goto done;
	for (i = 0; kind && i < recs.n; i++) {
		const pmo_record *r = recs.items[i];
		const pmo_node *root = pmo_doc_root(r->doc);
		const pmo_alloc_person *load = pmo_alloc_find(w->alloc, r->id);
		const char *name = pmo_node_text(pmo_map_get(root, kind->title_field));
		pmo_workload_person *p;
		double cap_h;

		if (!load && kind->hooks->active && !kind->hooks->active(root))
			continue;
		if (!(p = add_person(w, &cap, r->id, load))) {
			error = OOM();
			goto done;
		}
		if (load)
			seen[load - w->alloc->people] = 1;
		if (pmo_node_number(pmo_map_get(root, "capacity"), &cap_h) == 0 && cap_h >= 0) {
			p->capacity = cap_h;
			p->has_capacity = 1;
		}
		if ((name && !(p->name = strdup(name))) || !(p->path = strdup(r->path))) {
			error = OOM();
			goto done;
		}
	}
	for (i = 0; i < w->alloc->n; i++) {
		if (!seen[i] && !add_person(w, &cap, w->alloc->people[i].person, &w->alloc->people[i])) {
			error = OOM();
			goto done;
		}
	}
	if (w->n > 1)
		qsort(w->people, w->n, sizeof(*w->people), person_cmp);
done:
	free(seen);
	pmo_records_free(&recs);
	return error;
}

int pmo_workload_tree(pmo_workload **out, pmo_source *src, const pmo_model *model,
		      const pmo_settings *settings, pmo_date today, pmo_date from, pmo_date until)
{
	pmo_workload *w;
	pmo_alloc_project *ap = NULL;
	size_t i;
	int error;

	if (!(w = calloc(1, sizeof(*w))))
		return OOM();
	if ((error = read_projects(w, src, model, settings, today)) < 0)
		goto done;
	if (until == PMO_NODATE) {
		until = from;
		for (i = 0; i < w->nprojects; i++)
			if (w->projects[i].sched->finish != PMO_NODATE && w->projects[i].sched->finish > until)
				until = w->projects[i].sched->finish;
		if (until - from >= PMO_WORKLOAD_MAX_DAYS)
			until = from + PMO_WORKLOAD_MAX_DAYS - 1;
	}
	w->from = from;
	w->until = until;
	if (w->nprojects && !(ap = calloc(w->nprojects, sizeof(*ap)))) {
		error = OOM();
		goto done;
	}
	for (i = 0; i < w->nprojects; i++) {
		ap[i].key = w->projects[i].key;
		ap[i].plan = w->projects[i].plan;
		ap[i].cal = w->projects[i].cal;
		ap[i].sched = w->projects[i].sched;
	}
	if ((error = pmo_alloc_compute(&w->alloc, ap, w->nprojects, from, until)) < 0 ||
	    (error = read_people(w, src, model, settings)) < 0)
		goto done;
done:
	free(ap);
	if (error < 0) {
		pmo_workload_free(w);
		return error;
	}
	*out = w;
	return 0;
}

static int handle_key_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const pmo_workload_person *)elem)->handle);
}

const pmo_workload_person *pmo_workload_find(const pmo_workload *w, const char *handle)
{
	return w->n ? bsearch(handle, w->people, w->n, sizeof(*w->people), handle_key_cmp) : NULL;
}

void pmo_workload_where(const pmo_workload *w, const pmo_alloc_part *part, uint32_t *line,
			uint32_t *col)
{
	const pmo_assignee *as = &w->projects[part->project].plan->tasks[part->task].assignees[part->assignee];

	*line = as->line ? as->line : 1;
	*col = as->col ? as->col : 1;
}

/* --- validate's over-allocation rule ---------------------------------------- */

/* One warning for each stretch of a person's over-allocated days from
 * today on, at the assignment of the first of its tasks whose plan
 * validate checks; the others are named with their place. */
int pmo_check__over_allocation(pmo_findings *out, pmo_source *src, const pmo_model *model,
			       const pmo_settings *settings, const pmo_check_options *opts,
			       pmo_date today, const char *rule)
{
	pmo_workload *w = NULL;
	pmo_buf msg = PMO_BUF_INIT;
	char **keys = NULL;
	size_t i, j, k;
	int error, any = 0;

	/* findings stand in plans: none when no plan is checked (a record
	 * validated alone, in a hook) */
	if ((error = pmo_projects_list(&keys, src)) < 0)
		return error;
	for (i = 0; keys[i] && !any && error >= 0; i++) {
		pmo_buf_clear(&msg);
		pmo_buf_printf(&msg, "projects/%s/plan.yaml", keys[i]);
		if ((error = pmo_buf_oom(&msg)) >= 0)
			any = pmo_check__under(msg.ptr, opts);
	}
	pmo_strv_free(keys);
	if (error < 0 || !any) {
		pmo_buf_free(&msg);
		return error;
	}
	if ((error = pmo_workload_tree(&w, src, model, settings, today, today, PMO_NODATE)) < 0) {
		pmo_buf_free(&msg);
		return error;
	}
	for (i = 0; i < w->n && error >= 0; i++) {
		const pmo_workload_person *pp = &w->people[i];

		for (j = 0; pp->load && j < pp->load->nover && error >= 0; j++) {
			const pmo_alloc_over *ov = &pp->load->over[j];
			const pmo_alloc_part *at = NULL;
			char d1[11], d2[11];
			uint32_t line, col;

			for (k = 0; k < ov->nparts && !at; k++)
				if (pmo_check__under(w->projects[pp->load->parts[ov->parts[k]].project].path, opts))
					at = &pp->load->parts[ov->parts[k]];
			if (!at)
				continue;
			pmo_buf_clear(&msg);
			pmo_buf_printf(&msg, "%s is allocated %d%% of their time on %ld day%s", pp->handle,
				       ov->load, ov->days, ov->days == 1 ? "" : "s");
			if (ov->first == ov->last)
				pmo_buf_printf(&msg, ", %s:", pmo_date_format(d1, w->from + ov->first));
			else
				pmo_buf_printf(&msg, " from %s to %s:", pmo_date_format(d1, w->from + ov->first),
					       pmo_date_format(d2, w->from + ov->last));
			for (k = 0; k < ov->nparts; k++) {
				const pmo_alloc_part *p = &pp->load->parts[ov->parts[k]];
				const pmo_workload_project *wp = &w->projects[p->project];

				pmo_buf_printf(&msg, "%s %s/%s %d%%", k ? "," : "", wp->key,
					       wp->plan->tasks[p->task].id, p->allocation);
				if (p != at) {
					pmo_workload_where(w, p, &line, &col);
					pmo_buf_printf(&msg, " (%s:%u:%u)", wp->path, line, col);
				}
			}
			if ((error = pmo_buf_oom(&msg)) < 0)
				break;
			pmo_workload_where(w, at, &line, &col);
			error = pmo_check__add(out, w->projects[at->project].path, line, col,
					       PMO_SEVERITY_WARNING, rule, msg.ptr);
		}
	}
	pmo_buf_free(&msg);
	pmo_workload_free(w);
	return error;
}
