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
 */
#include "plan/recorded.h"
#include "util/error.h"

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

	if (d > f->day)
		return 0;
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
