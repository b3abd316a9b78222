/*
 * A project's plan in both trees: its tasks compared as records (CBM/T-3,
 * field by field) and both plans scheduled on their own calendars and
 * start, then compared: the project finish, the milestones that moved,
 * the tasks that entered or left the critical path, the total slack
 * consumed. The shifts are counted in working days of the project's
 * calendar in the newer tree.
 */
#include "diff/internal.h"
#include "plan/status.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

#define OOM() pmo_error_set(PMO_ENOMEM, "out of memory")

static const pmo_yaml_limits plan_limits = { .max_bytes = PMO_PLAN_MAX_BYTES };

/* One tree's side of a project. */
typedef struct {
	int present;          /* projects/<KEY>/project.yaml exists */
	pmo_doc *project;
	pmo_doc *plan_doc;    /* NULL: no plan.yaml */
	pmo_plan *plan;
	pmo_calendar *cal;
	pmo_schedule *s;
	char *error;          /* could not be read or scheduled */
} side;

static void side_free(side *sd)
{
	pmo_schedule_free(sd->s);
	pmo_plan_free(sd->plan);
	pmo_calendar_free(sd->cal);
	pmo_doc_free(sd->project);
	pmo_doc_free(sd->plan_doc);
	free(sd->error);
}

/* Read a YAML file of src at path into *doc (NULL when absent). */
static int load(pmo_doc **doc, pmo_source *src, const char *path, const pmo_yaml_limits *lim)
{
	pmo_buf b = PMO_BUF_INIT;
	char *shown = NULL;
	int error;

	*doc = NULL;
	if (!pmo_source_exists(src, path))
		return 0;
	if (!(shown = pmo_source_display(src, path)))
		return OOM();
	if ((error = pmo_source_read(&b, src, path, lim ? lim->max_bytes : PMO_YAML_MAX_BYTES)) >= 0)
		error = pmo_yaml_load(doc, shown, b.ptr ? b.ptr : "", b.len, lim);
	pmo_buf_free(&b);
	free(shown);
	return error;
}

/* Set sd->error from the last error, unless it is out of memory. */
static int side_fail(side *sd, int error, const char *name)
{
	if (error == PMO_ENOMEM)
		return error;
	return (sd->error = pmo_diff__error_text(name)) ? 0 : OOM();
}

/* Read project.yaml, the calendar and plan.yaml of one tree. */
static int side_read(side *sd, pmo_source *src, const pmo_settings *set, const char *key, const char *name)
{
	pmo_buf path = PMO_BUF_INIT;
	pmo_findings f;
	const pmo_node *root;
	int error;

	pmo_findings_init(&f);
	pmo_buf_printf(&path, "projects/%s/project.yaml", key);
	if ((error = pmo_buf_oom(&path)) < 0)
		goto done;
	if ((error = load(&sd->project, src, path.ptr, NULL)) < 0) {
		error = side_fail(sd, error, name);
		goto done;
	}
	if (!(sd->present = sd->project != NULL))
		goto done;
	root = pmo_doc_root(sd->project);
	if ((error = pmo_calendar_from_yaml(&sd->cal, set && set->doc ? pmo_map_get(pmo_doc_root(set->doc), "calendar") : NULL,
					    "pmo.yaml", pmo_map_get(root, "calendar"), path.ptr)) < 0) {
		error = side_fail(sd, error, name);
		goto done;
	}
	pmo_buf_clear(&path);
	pmo_buf_printf(&path, "projects/%s/plan.yaml", key);
	if ((error = pmo_buf_oom(&path)) < 0)
		goto done;
	if ((error = load(&sd->plan_doc, src, path.ptr, &plan_limits)) < 0) {
		error = side_fail(sd, error, name);
		goto done;
	}
	if ((error = pmo_plan_from_yaml(&sd->plan, sd->plan_doc ? pmo_doc_root(sd->plan_doc) : NULL, path.ptr, &f)) < 0)
		error = side_fail(sd, error, name);
done:
	pmo_findings_free(&f);
	pmo_buf_free(&path);
	return error;
}

/* Schedule one side read without error. */
static int side_schedule(side *sd, const char *key, const char *name, pmo_date as_of)
{
	pmo_schedule_options o;
	pmo_findings f;
	const pmo_node *st = pmo_map_get(pmo_doc_root(sd->project), "start");
	int error = 0;

	pmo_findings_init(&f);
	o.as_of = as_of;
	if (!st || pmo_node_date(&o.start, st) < 0) {
		error = pmo_error_set(PMO_EINVALID, "project %s has no valid start date", key);
		error = side_fail(sd, error, name);
	} else if ((error = pmo_schedule_compute(&sd->s, sd->plan, sd->cal, &o, &f)) < 0) {
		error = side_fail(sd, error, name);
	}
	pmo_findings_free(&f);
	return error;
}

/* --- tasks as records ------------------------------------------------------------- */

/* The task schema's fields, for their order (schemas/plan.json). */
static const pmo_node *task_props(const pmo_model *model)
{
	pmo_schema *s = pmo_model_schema(model, "plan");
	const pmo_node *root = s ? pmo_schema_root(s) : NULL;

	return pmo_map_get(pmo_map_get(pmo_map_get(root, "definitions"), "task"), "properties");
}

static int task_record(pmo_diff_project *p, const pmo_kind *kind, const char *key, const char *id,
		       const pmo_node *before, const pmo_node *after)
{
	pmo_diff_record rec;
	pmo_buf name = PMO_BUF_INIT;
	int error;

	memset(&rec, 0, sizeof(rec));
	pmo_buf_printf(&name, "%s/%s", key, id);
	if ((error = pmo_buf_oom(&name)) < 0)
		goto done;
	rec.record = pmo_buf_detach(&name);
	rec.kind = "task";
	pmo_buf_printf(&name, "projects/%s/plan.yaml", key);
	if ((error = pmo_buf_oom(&name)) < 0)
		goto done;
	rec.path = pmo_buf_detach(&name);
	if ((error = pmo_diff__compare(&rec, kind, before, after)) < 0 || !rec.nfields)
		goto done;
	error = pmo_diff__record_add(&p->records, &p->nrecords, &rec);
done:
	pmo_buf_free(&name);
	pmo_diff__record_free(&rec);
	return error;
}

/* A plan's root without its tasks: out shares the other pairs (*pairs to
 * free). A root that is no mapping is kept as it is. */
static int without_tasks(const pmo_node **out, pmo_node *copy, pmo_pair **pairs, const pmo_node *root)
{
	size_t i;

	*out = root;
	*pairs = NULL;
	if (root->kind != PMO_NODE_MAP)
		return 0;
	if (!(*pairs = calloc(root->n + 1, sizeof(**pairs))))
		return OOM();
	*copy = *root;
	copy->n = 0;
	copy->pairs = *pairs;
	for (i = 0; i < root->n; i++)
		if (strcmp(root->pairs[i].key->str, "tasks"))
			(*pairs)[copy->n++] = root->pairs[i];
	*out = copy;
	return 0;
}

/* The parts of plan.yaml besides its tasks (baselines) as the record
 * KEY/plan, when both trees have a plan and they differ. */
static int plan_rest(pmo_diff_project *p, const pmo_node *rb, const pmo_node *ra)
{
	pmo_diff_record rec;
	pmo_buf name = PMO_BUF_INIT;
	pmo_node cb, ca;
	pmo_pair *pb = NULL, *pa = NULL;
	const pmo_node *vb, *va;
	int error;

	memset(&rec, 0, sizeof(rec));
	if ((error = without_tasks(&vb, &cb, &pb, rb)) < 0 || (error = without_tasks(&va, &ca, &pa, ra)) < 0 ||
	    pmo_node_equal(vb, va))
		goto done;
	pmo_buf_printf(&name, "%s/plan", p->key);
	if ((error = pmo_buf_oom(&name)) < 0)
		goto done;
	rec.record = pmo_buf_detach(&name);
	rec.kind = "plan";
	pmo_buf_printf(&name, "projects/%s/plan.yaml", p->key);
	if ((error = pmo_buf_oom(&name)) < 0)
		goto done;
	rec.path = pmo_buf_detach(&name);
	/* both are mappings here, or whole values of the documents: the
	 * fields point into the documents, never at the copies */
	if ((error = pmo_diff__compare(&rec, NULL, vb, va)) >= 0 && rec.nfields)
		error = pmo_diff__record_add(&p->records, &p->nrecords, &rec);
done:
	pmo_buf_free(&name);
	pmo_diff__record_free(&rec);
	free(pb);
	free(pa);
	return error;
}

/* The tasks of both plans compared by ID, and the rest of plan.yaml
 * (baselines) as the record KEY/plan. */
static int tasks(diff_state *st, pmo_diff_project *p, side *b, side *a)
{
	pmo_kind kind;
	const pmo_plan *pb = b->plan, *pa = a->plan;
	const pmo_node *rb = b->plan_doc ? pmo_doc_root(b->plan_doc) : NULL;
	const pmo_node *ra = a->plan_doc ? pmo_doc_root(a->plan_doc) : NULL;
	size_t i, j;
	int error = 0;

	memset(&kind, 0, sizeof(kind));
	kind.name = "task";
	kind.props = task_props(st->model);
	for (i = 0; pa && i < pa->n && error >= 0; i++) {
		const pmo_task *t = &pa->tasks[i];
		j = pb ? pmo_plan_find(pb, t->id) : PMO_PLAN_NONE;
		if (j != PMO_PLAN_NONE && pmo_node_equal(pb->tasks[j].node, t->node))
			continue;
		if (pmo_plan_find(pa, t->id) != i)
			continue; /* a second task of the same ID: validate's to name */
		error = task_record(p, &kind, p->key, t->id, j == PMO_PLAN_NONE ? NULL : pb->tasks[j].node, t->node);
	}
	for (j = 0; pb && j < pb->n && error >= 0; j++) {
		const pmo_task *t = &pb->tasks[j];
		if ((pa && pmo_plan_find(pa, t->id) != PMO_PLAN_NONE) || pmo_plan_find(pb, t->id) != j)
			continue;
		error = task_record(p, &kind, p->key, t->id, t->node, NULL);
	}
	if (error >= 0 && rb && ra)
		error = plan_rest(p, rb, ra);
	return error;
}

/* --- the schedules compared ------------------------------------------------------- */

static int strv_push(char ***v, size_t *n, const char *s)
{
	char **nv = realloc(*v, (*n + 2) * sizeof(*nv));

	if (!nv)
		return OOM();
	*v = nv;
	if (!(nv[*n] = strdup(s)))
		return OOM();
	nv[++*n] = NULL;
	return 0;
}

static size_t find(const side *sd, const char *id)
{
	return sd->s ? pmo_plan_find(sd->plan, id) : PMO_PLAN_NONE;
}

static int compare(pmo_diff_schedule *out, const side *b, const side *a)
{
	const pmo_calendar *cal = a->s ? a->cal : b->cal;
	size_t i, j;
	int error = 0;

	out->finish.before = b->s ? b->s->finish : PMO_NODATE;
	out->finish.after = a->s ? a->s->finish : PMO_NODATE;
	if (b->s && a->s)
		out->finish.working_days = pmo_status_workdays(cal, out->finish.before, out->finish.after);
	for (i = 0; a->s && i < a->plan->n && error >= 0; i++) {
		const pmo_task_schedule *ta = &a->s->tasks[i], *tb;
		pmo_diff_milestone *m;

		if (ta->summary || (j = find(b, a->plan->tasks[i].id)) == PMO_PLAN_NONE)
			continue;
		tb = &b->s->tasks[j];
		if (!tb->summary && tb->total_slack > ta->total_slack)
			out->slack_consumed += tb->total_slack - ta->total_slack;
		if (!ta->milestone || !tb->milestone || ta->finish == tb->finish)
			continue;
		if (!(m = realloc(out->milestones, (out->nmilestones + 1) * sizeof(*m))))
			return OOM();
		out->milestones = m;
		m += out->nmilestones;
		if (!(m->id = strdup(a->plan->tasks[i].id)))
			return OOM();
		out->nmilestones++;
		m->date.before = tb->finish;
		m->date.after = ta->finish;
		m->date.working_days = pmo_status_workdays(cal, tb->finish, ta->finish);
	}
	for (i = 0; a->s && i < a->plan->n && error >= 0; i++) {
		const pmo_task_schedule *ta = &a->s->tasks[i];
		if (ta->summary || !ta->critical)
			continue;
		j = find(b, a->plan->tasks[i].id);
		if (j == PMO_PLAN_NONE || b->s->tasks[j].summary || !b->s->tasks[j].critical)
			error = strv_push(&out->critical_added, &out->ncritical_added, a->plan->tasks[i].id);
	}
	for (j = 0; b->s && j < b->plan->n && error >= 0; j++) {
		const pmo_task_schedule *tb = &b->s->tasks[j];
		if (tb->summary || !tb->critical)
			continue;
		i = find(a, b->plan->tasks[j].id);
		if (i == PMO_PLAN_NONE || a->s->tasks[i].summary || !a->s->tasks[i].critical)
			error = strv_push(&out->critical_removed, &out->ncritical_removed, b->plan->tasks[j].id);
	}
	return error;
}

int pmo_diff__project_plan(diff_state *st, project_state *ps)
{
	pmo_diff_project *p = &ps->p;
	side sd[2];
	static const char *const names[2] = { "before", "after" };
	int error = 0, s;

	memset(sd, 0, sizeof(sd));
	for (s = 0; s < 2 && error >= 0; s++)
		error = side_read(&sd[s], st->src[s], st->settings[s], p->key, names[s]);
	if (error < 0)
		goto done;
	if (ps->plan && !sd[0].error && !sd[1].error && (error = tasks(st, p, &sd[0], &sd[1])) < 0)
		goto done;
	if (!sd[0].error && !sd[1].error &&
	    (error = pmo_diff__project_cost(st, p, sd[0].plan, sd[1].plan)) < 0)
		goto done;
	for (s = 0; s < 2 && error >= 0; s++)
		if (sd[s].present && !sd[s].error)
			error = side_schedule(&sd[s], p->key, names[s], st->opt->as_of);
	if (error < 0)
		goto done;
	if (!(p->schedule = calloc(1, sizeof(*p->schedule)))) {
		error = OOM();
		goto done;
	}
	if (sd[0].error || sd[1].error) {
		if (!(p->schedule->error = strdup(sd[0].error ? sd[0].error : sd[1].error)))
			error = OOM();
		goto done;
	}
	if ((error = compare(p->schedule, &sd[0], &sd[1])) < 0)
		goto done;
	/* the tasks' fields are nodes of the plans */
	for (s = 0; s < 2 && error >= 0; s++) {
		error = pmo_diff__keep_doc(st->d, sd[s].plan_doc);
		sd[s].plan_doc = NULL;
	}
done:
	if (error < 0 || !p->schedule || p->schedule->error) {
		/* records of tasks point into the plans: keep them whatever */
		for (s = 0; s < 2; s++) {
			if (sd[s].plan_doc && pmo_diff__keep_doc(st->d, sd[s].plan_doc) < 0 && error >= 0)
				error = PMO_ENOMEM;
			sd[s].plan_doc = NULL;
		}
	}
	side_free(&sd[0]);
	side_free(&sd[1]);
	return error;
}
