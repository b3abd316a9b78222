/*
 * The progress a plan had on a past day, as git recorded it: earned value
 * as of a date before today weighs each task's budget by the progress
 * plan.yaml held then, not by today's.
 *
 * "Then" is plan.yaml in the last commit that changed it on or before the
 * day (the commit's date as its committer's clock showed it, the order of
 * git log), which is the file of the last commit of that day or earlier.
 * Tasks are matched by ID; a task the plan did not have then had done
 * nothing. No such commit (the history starts later, or HEAD has none):
 * nothing was recorded, and every task's progress is 0.
 *
 * pmo report draws earned value at every Monday of a plan: the days are
 * answered together (pmo_plan_progress_days_read), by one walk of the
 * file's history that stops once every day has its commit, each version
 * some day takes parsed once and turned into percents at once; a
 * thousand-task plan with dozens of commits is read in milliseconds
 * where a walk per day would read the history a hundred times.
 */
#include "plan/recorded.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	pmo_date day;
	pmo_plan_recorded *out;
	pmo_buf *text;
} finder;

/* The day of a commit in its committer's time zone. */
static pmo_date commit_day(const pmo_commit_info *c)
{
	int64_t local = c->committer_time + (int64_t)c->committer_offset * 60;

	return (pmo_date)(local >= 0 ? local / 86400 : -((-local + 86399) / 86400));
}

static int take(const pmo_history_entry *e, void *payload)
{
	finder *f = payload;
	pmo_date d = commit_day(e->commit);

	if (d > f->day) {
		if (e->cut) {
			f->out->cut = 1;
			memcpy(f->out->cut_commit, e->commit->id, sizeof(f->out->cut_commit));
		}
		return 0;
	}
	f->out->found = 1;
	f->out->date = d;
	memcpy(f->out->commit, e->commit->id, sizeof(f->out->commit));
	f->out->absent = !e->new_data;
	if (e->new_data && pmo_buf_put(f->text, e->new_data, e->new_len) < 0)
		return pmo_error_set_oom();
	return 1; /* the newest at or before the day: done */
}

int pmo_plan_recorded_find(pmo_plan_recorded *out, pmo_buf *text, pmo_repo *repo, const char *path,
			   pmo_date day)
{
	pmo_plan_recorded r;
	finder f;
	int error;

	memset(&r, 0, sizeof(r));
	f.day = day;
	f.out = &r;
	f.text = text;
	pmo_buf_clear(text);
	if ((error = pmo_repo_history(repo, path, take, &f)) < 0)
		return error;
	*out = r;
	return 0;
}

int pmo_plan_recorded_apply(pmo_plan *plan, const pmo_plan_recorded *rec, const pmo_buf *text,
			    const char *path)
{
	pmo_doc *doc = NULL;
	pmo_plan *then = NULL;
	pmo_findings ignored = { 0 };
	const pmo_yaml_limits limits = { .allow_empty = 1 };
	size_t i;
	int error = 0;

	if (rec->found && !rec->absent) {
		if ((error = pmo_yaml_load(&doc, path, text->ptr ? text->ptr : "", text->len, &limits)) < 0 ||
		    (error = pmo_plan_from_yaml(&then, pmo_doc_root(doc), path, &ignored)) < 0)
			goto done;
	}
	for (i = 0; i < plan->n; i++) {
		pmo_task *t = &plan->tasks[i];
		size_t k = then ? pmo_plan_find(then, t->id) : PMO_PLAN_NONE;

		t->progress = k != PMO_PLAN_NONE ? then->tasks[k].progress : -1;
		t->actual_finish = k != PMO_PLAN_NONE ? then->tasks[k].actual_finish : PMO_NODATE;
	}
done:
	pmo_findings_free(&ignored);
	pmo_plan_free(then);
	pmo_doc_free(doc);
	return error;
}

int pmo_plan_progress_recorded(pmo_plan_recorded *out, pmo_plan *plan, pmo_repo *repo, const char *path,
			       pmo_date day)
{
	pmo_plan_recorded r;
	pmo_buf text = PMO_BUF_INIT;
	int error;

	if ((error = pmo_plan_recorded_find(&r, &text, repo, path, day)) == 0 &&
	    (error = pmo_plan_recorded_apply(plan, &r, &text, path)) == 0)
		*out = r;
	pmo_buf_free(&text);
	return error;
}

/* The plan of one version of plan.yaml (its findings ignored: the
 * progress of the tasks it could read is what it recorded), and the
 * document it borrows from: free the plan first. */
static int version_read(pmo_plan **out, pmo_doc **doc, const char *path, const char *data, size_t len)
{
	const pmo_yaml_limits limits = { .allow_empty = 1 };
	pmo_findings ignored = { 0 };
	int error;

	if ((error = pmo_yaml_load(doc, path, data ? data : "", len, &limits)) >= 0)
		error = pmo_plan_from_yaml(out, pmo_doc_root(*doc), path, &ignored);
	pmo_findings_free(&ignored);
	return error;
}

/* --- many days, one walk ------------------------------------------------- */

typedef struct {
	const pmo_plan *plan;
	const char *path;
	const pmo_date *days;
	pmo_plan_progress_days *r;
	size_t left;        /* days without their commit yet */
	int cut;
	char cut_commit[41];
} days_walk;

/* The percents of plan's tasks by the version of plan.yaml in data. */
static int version_progress(double **out, const days_walk *w, const char *data, size_t len)
{
	const pmo_plan *plan = w->plan;
	pmo_plan *then = NULL;
	pmo_doc *doc = NULL;
	double *leaf = NULL, *pc = NULL;
	size_t i, n = plan->n ? plan->n : 1;
	int error;

	if ((error = version_read(&then, &doc, w->path, data, len)) < 0)
		goto done;
	if (!(leaf = malloc(n * sizeof(*leaf))) || !(pc = calloc(n, sizeof(*pc)))) {
		error = pmo_error_set_oom();
		goto done;
	}
	for (i = 0; i < plan->n; i++) {
		const char *id = plan->tasks[i].id;
		size_t k = i < then->n && id && then->tasks[i].id && !strcmp(then->tasks[i].id, id)
			? i : pmo_plan_find(then, id); /* most tasks keep their place */
		const pmo_task *t = k != PMO_PLAN_NONE ? &then->tasks[k] : NULL;

		leaf[i] = !t ? 0 : t->actual_finish != PMO_NODATE ? 100 : t->progress > 0 ? t->progress : 0;
	}
	if ((error = pmo_plan_progress_of(pc, NULL, plan, leaf)) < 0)
		goto done;
	*out = pc;
	pc = NULL;
done:
	free(pc);
	free(leaf);
	pmo_plan_free(then);
	pmo_doc_free(doc);
	return error;
}

static int take_days(const pmo_history_entry *e, void *payload)
{
	days_walk *w = payload;
	pmo_plan_progress_days *r = w->r;
	pmo_date d = commit_day(e->commit);
	const double *pc = NULL;
	size_t i;
	int error;

	if (e->cut) {
		w->cut = 1;
		memcpy(w->cut_commit, e->commit->id, sizeof(w->cut_commit));
	}
	for (i = 0; i < r->n; i++) {
		pmo_plan_recorded *a = &r->at[i];

		if (a->found || w->days[i] < d)
			continue;
		if (!pc && !e->present) {
			pc = r->none;
		} else if (!pc) {
			const char *data;
			size_t len;
			double *v = NULL;

			if ((error = pmo_repo_history_read(&data, &len, e)) < 0 ||
			    (error = version_progress(&v, w, data, len)) < 0)
				return error;
			r->versions[r->nversions++] = v;
			pc = v;
		}
		a->found = 1;
		a->absent = !e->present;
		a->date = d;
		memcpy(a->commit, e->commit->id, sizeof(a->commit));
		r->progress[i] = pc;
		w->left--;
	}
	return w->left == 0; /* every day has its commit: done */
}

void pmo_plan_progress_days_free(pmo_plan_progress_days *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->nversions; i++)
		free(d->versions[i]);
	free(d->versions);
	free(d->none);
	free(d->at);
	free(d->progress);
	free(d);
}

int pmo_plan_progress_days_read(pmo_plan_progress_days **out, const pmo_plan *plan, pmo_repo *repo,
				const char *path, const pmo_date *days, size_t n)
{
	pmo_plan_progress_days *r;
	days_walk w;
	size_t i, m = n ? n : 1;
	int error = 0;

	if (!plan->resolved)
		return pmo_error_set(PMO_EINVALID, "recorded progress of a plan whose tasks are not resolved");
	if (!(r = calloc(1, sizeof(*r))))
		return pmo_error_set_oom();
	r->n = n;
	/* a version is taken by at least one day it is the first for */
	if (!(r->at = calloc(m, sizeof(*r->at))) || !(r->progress = calloc(m, sizeof(*r->progress))) ||
	    !(r->versions = calloc(m, sizeof(*r->versions))) ||
	    !(r->none = calloc(plan->n ? plan->n : 1, sizeof(*r->none)))) {
		error = pmo_error_set_oom();
		goto done;
	}
	memset(&w, 0, sizeof(w));
	w.plan = plan;
	w.path = path;
	w.days = days;
	w.r = r;
	w.left = n;
	if (n && repo && (error = pmo_repo_history_lazy(repo, path, take_days, &w)) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		if (r->at[i].found)
			continue;
		r->progress[i] = r->none;
		r->at[i].cut = w.cut;
		memcpy(r->at[i].cut_commit, w.cut_commit, sizeof(w.cut_commit));
	}
done:
	if (error < 0)
		pmo_plan_progress_days_free(r);
	else
		*out = r;
	return error;
}
