/*
 * The plan of a project, as the plan commands share it (cmd/task.c,
 * cmd/schedule.c, cmd/baseline.c, cmd/status.c, cmd/export.c): open
 * project.yaml, its calendar and plan.yaml; check the plan as pmo validate
 * does before a command computes from it or writes it; schedule it; print
 * the plan's findings; the JSON and number pieces their outputs share.
 *
 * Task fields are typed by the task schema (schemas/plan.json) and checked
 * by lib/schema before anything is written; the dates are computed by
 * lib/plan on the calendar of pmo.yaml (and project.yaml) and never stored,
 * except as a baseline.
 */
#include "plan_internal.h"
#include "check/check.h"
#include "util/ordered.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --- the plan of a project ------------------------------------------------ */

const pmo_yaml_limits plan_limits = { .max_bytes = PMO_PLAN_MAX_BYTES };

void planctx_free(planctx *p)
{
	pmo_plan_free(p->plan);
	pmo_calendar_free(p->cal);
	pmo_doc_free(p->doc);
	pmo_doc_free(p->project);
	pmo_findings_free(&p->f);
	free(p->progress);
	free(p->order);
	pmo_costs_free(p->costs);
	free(p->planned);
	free(p->path);
	free(p->display);
	pmo_budget_free(p->budget);
	pmo_error_kept_free(&p->budget_err);
	memset(p, 0, sizeof(*p));
}

/* plan.yaml's text straight into p->plan (pmo_plan_read), without a
 * finding: 1 when done, 0 when the tree is needed, < 0 on memory. */
static int read_direct(planctx *p, pmo_ctx *ctx, const pmo_fs_text *b)
{
	pmo_node *stand_in;
	int error;

	/* a tree with schemas of its own, or pmo.yaml's fields, checks
	 * plan.yaml with more than pmo_plan_read knows */
	if (pmo_model_tree_differs(ctx->src, ctx->settings)) {
		pmo_error_clear();
		return 0;
	}
	if ((error = pmo_plan_read(&p->plan, b->ptr, b->len, p->display, &p->f)) != 0)
		return error < 0 ? error : 0;
	if (p->f.n) {
		pmo_plan_free(p->plan);
		p->plan = NULL;
		pmo_findings_free(&p->f);
		pmo_findings_init(&p->f);
		return 0;
	}
	/* what pmo_check_tree is given as the file's root: the plan was
	 * checked as it was read */
	if (pmo_doc_new(&p->doc) < 0 || !(stand_in = pmo_node_map(p->doc)))
		return PMO_ENOMEM;
	pmo_doc_set_root(p->doc, stand_in);
	p->direct = 1;
	return 1;
}

static int open_plan(planctx *p, pmo_ctx *ctx, int direct)
{
	pmo_buf b = PMO_BUF_INIT, path = PMO_BUF_INIT;
	pmo_fs_text text;
	const pmo_node *root, *st, *base;
	int code = 0, error;

	pmo_fs_text_init(&text);
	memset(p, 0, sizeof(*p));
	p->ctx = ctx;
	pmo_findings_init(&p->f);
	if ((code = pmo_need_project(&p->key, ctx)))
		return code;
	pmo_buf_printf(&path, "projects/%s/project.yaml", p->key);
	if (pmo_buf_oom(&path) < 0) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	if (!pmo_source_exists(ctx->src, path.ptr)) {
		code = pmo_die(2, "no project %s; add it with: pmo project add %s name=…", p->key, p->key);
		goto done;
	}
	if (pmo_source_read(&b, ctx->src, path.ptr, PMO_YAML_MAX_BYTES) < 0 ||
	    pmo_yaml_load(&p->project, path.ptr, b.ptr, b.len, NULL) < 0) {
		code = pmo_fail();
		goto done;
	}
	root = pmo_doc_root(p->project);
	st = pmo_map_get(root, "start");
	if (!st || !pmo_node_text(st) || pmo_date_parse(&p->start, st->str, st->len) < 0) {
		code = pmo_die(1, "project %s has no valid start date; set it with: pmo project set %s start=YYYY-MM-DD",
			       p->key, p->key);
		goto done;
	}
	base = ctx->settings && ctx->settings->doc ? pmo_map_get(pmo_doc_root(ctx->settings->doc), "calendar") : NULL;
	if (pmo_calendar_from_yaml(&p->cal, base, "pmo.yaml", pmo_map_get(root, "calendar"), path.ptr) < 0) {
		code = pmo_fail();
		goto done;
	}
	pmo_buf_clear(&path);
	pmo_buf_printf(&path, "projects/%s/plan.yaml", p->key);
	if (!(p->path = pmo_buf_detach(&path)) || !(p->display = pmo_source_display(ctx->src, p->path))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	if (pmo_source_exists(ctx->src, p->path)) {
		/* a big plan.yaml mapped, not copied (pmo_fs_text) */
		if (pmo_source_read_text(&text, ctx->src, p->path, PMO_PLAN_MAX_BYTES) < 0) {
			code = pmo_fail();
			goto done;
		}
		if (direct && (error = read_direct(p, ctx, &text)) != 0) {
			if (error < 0)
				code = pmo_fail();
			goto done;
		}
		if (pmo_yaml_load(&p->doc, p->display, text.ptr, text.len, &plan_limits) < 0) {
			code = pmo_fail();
			goto done;
		}
		/* the document holds its own copy: a plan of a million tasks
		 * is 100 MB of text not to keep twice while it is scheduled */
		pmo_fs_text_free(&text);
	}
	if ((error = pmo_plan_from_yaml(&p->plan, p->doc ? pmo_doc_root(p->doc) : NULL, p->display,
					&p->f)) < 0) {
		code = pmo_fail();
		goto done;
	}
done:
	pmo_fs_text_free(&text);
	pmo_buf_free(&b);
	pmo_buf_free(&path);
	return code;
}

/* Load project.yaml, the calendar and plan.yaml (absent: an empty plan). */
int plan_open(planctx *p, pmo_ctx *ctx)
{
	return open_plan(p, ctx, 0);
}

/* Load the plan for a command that reads it (schedule, status, export,
 * task list|show, baseline set): the plan must pass pmo validate's checks
 * of plan.yaml (schema, references, plan-… rules; one function,
 * pmo_check_tree, so no reading command computes from a plan validate
 * rejects). Its errors are printed as validate prints them and stop the
 * command (exit 1); with force the command goes on, says so on stderr
 * and marks its output ("forced": true in JSON, PLAN_FORCED_NOTE in
 * text; CSV stays data alone). */
static int read_checked(planctx *p, pmo_ctx *ctx, int force, int figures_only, int direct)
{
	pmo_check_options o;
	pmo_check_result res;
	const pmo_findings *f = &res.findings;
	const char *paths[1];
	size_t i, j, before;
	int code;

	memset(&o, 0, sizeof(o));
	memset(&res, 0, sizeof(res));
	if ((code = open_plan(p, ctx, direct)) || !p->doc)
		return code;
	paths[0] = p->path;
	o.today = PMO_NODATE; /* errors only: no date warnings, no forecast to compute */
	o.paths = paths;
	o.npaths = 1;
	o.root = pmo_doc_root(p->doc); /* not read and parsed twice */
	o.plan = p->plan;              /* nor built twice */
	o.plan_findings = &p->f;
	o.plan_figures_only = figures_only;
	before = p->f.n;
	if (pmo_check_tree(&res, ctx->src, ctx->model, &o) < 0)
		return pmo_fail();
	if (p->direct && (res.findings.n || p->f.n)) {
		/* told at their places in plan.yaml: read with its tree */
		pmo_check_result_free(&res);
		planctx_free(p);
		return read_checked(p, ctx, force, figures_only, 0);
	}
	/* the constraints of the plan alone are validate's; this command's
	 * own schedule tells them as of its date */
	for (i = j = before; i < p->f.n; i++) {
		if (!strcmp(p->f.items[i].rule, "plan-constraint")) {
			if (p->f.items[i].severity == PMO_SEVERITY_ERROR)
				p->f.errors--;
			else
				p->f.warnings--;
			pmo_finding_clear(&p->f.items[i]);
		} else
			p->f.items[j++] = p->f.items[i];
	}
	p->f.n = j;
	for (i = 0; i < f->n; i++) {
		const pmo_finding *x = &f->items[i];
		char *shown;
		if (x->severity != PMO_SEVERITY_ERROR)
			continue;
		shown = pmo_source_display(ctx->src, x->path);
		pmo_print_finding(x, shown ? shown : x->path, PMO_FINDING_RULE);
		free(shown);
	}
	if (f->errors && force == PLAN_NO_FORCE)
		code = pmo_die(1, "%s has %zu error%s (pmo validate); nothing computed (a baseline is never "
			       "taken from a plan pmo validate rejects)", p->display, f->errors, f->errors == 1 ? "" : "s");
	else if (f->errors && !force)
		code = pmo_die(1, "%s has %zu error%s (pmo validate); nothing computed (--force computes what it can)",
			       p->display, f->errors, f->errors == 1 ? "" : "s");
	else if (f->errors)
		fprintf(stderr, "pmo: warning: %s has %zu error%s (pmo validate); computed anyway (--force), "
			"the figures may be wrong\n", p->display, f->errors, f->errors == 1 ? "" : "s");
	p->forced = f->errors != 0;
	pmo_check_result_free(&res);
	return code;
}

int plan_read(planctx *p, pmo_ctx *ctx, int force)
{
	return read_checked(p, ctx, force, 0, 0);
}

int plan_read_figures(planctx *p, pmo_ctx *ctx, int force)
{
	return read_checked(p, ctx, force, 1, 0);
}

int plan_read_direct(planctx *p, pmo_ctx *ctx, int force)
{
	return read_checked(p, ctx, force, 0, 1);
}

/* plan_read_costs' two jobs: 0 budget.yaml, 1 the plan. */
typedef struct {
	planctx *p;
	pmo_ctx *ctx;
	const char *key;
	pmo_source_dir *dir; /* projects/KEY, opened before the jobs start */
	int force, code;
	pmo_budget *budget;
	int error;
	pmo_error err;
} costs_job;

static void costs_work(size_t i, unsigned t, void *payload)
{
	costs_job *J = payload;

	(void)t;
	if (i == 1) {
		J->code = read_checked(J->p, J->ctx, J->force, 1, 0);
		return;
	}
	if ((J->error = pmo_budget_load_at(&J->budget, J->dir, J->ctx->src, J->key, &J->ctx->settings->money)) < 0)
		J->error = pmo_error_keep(&J->err, J->error);
	pmo_error_clear();
}

static int costs_done(size_t i, void *payload)
{
	(void)i;
	(void)payload;
	return 0;
}

int plan_read_costs(planctx *p, pmo_ctx *ctx, int force)
{
	costs_job J;
	unsigned threads = pmo_source_threads(ctx->src) ? pmo_ordered_threads_for(2, 1) : 1;
	pmo_buf dir = PMO_BUF_INIT;
	int code, error;

	memset(&J, 0, sizeof(J));
	J.p = p;
	J.ctx = ctx;
	J.force = force;
	if ((code = pmo_need_project(&J.key, ctx)))
		return code;
	/* the budget is read through its folder, opened here: the plan's
	 * job reads its files through ctx->src meanwhile */
	pmo_buf_printf(&dir, "projects/%s", J.key);
	error = pmo_buf_oom(&dir);
	if (error < 0 || (error = pmo_source_dir_open(&J.dir, ctx->src, dir.ptr)) < 0 ||
	    (error = pmo_ordered_run(2, threads, costs_work, costs_done, &J)) < 0) {
		pmo_source_dir_free(J.dir);
		pmo_buf_free(&dir);
		pmo_budget_free(J.budget);
		pmo_error_kept_free(&J.err);
		return pmo_fail();
	}
	pmo_source_dir_free(J.dir);
	pmo_buf_free(&dir);
	/* plan_open cleared p: what the budget's job found goes in after */
	p->budget = J.budget;
	p->budget_error = J.error;
	p->budget_err = J.err;
	return J.code;
}

int plan_progress_then(int *past, pmo_plan_recorded *rec, planctx *p, pmo_date as_of, const char *also)
{
	char d[11];

	memset(rec, 0, sizeof(*rec));
	if (!(*past = as_of < pmo_date_today()))
		return 0;
	if (pmo_plan_progress_recorded(rec, p->plan, p->ctx->repo, p->path, as_of) < 0)
		return pmo_fail();
	if (rec->cut)
		pmo_warn("no commit of %s on or before %s: no progress was recorded by then%s (this shallow clone "
			 "has no commits before %.7s: git fetch --unshallow gets them)", p->display,
			 pmo_date_format(d, as_of), also, rec->cut_commit);
	else if (!rec->found || rec->absent)
		pmo_warn("no commit of %s on or before %s: no progress was recorded by then%s", p->display,
			 pmo_date_format(d, as_of), also);
	return 0;
}

void plan_progress_line(pmo_buf *b, int past, const pmo_plan_recorded *rec, pmo_date as_of)
{
	char d[11];

	if (past && rec->found && !rec->absent)
		pmo_buf_printf(b, "progress as recorded on %s (commit %.7s)\n", pmo_date_format(d, rec->date),
			       rec->commit);
	else if (past)
		pmo_buf_printf(b, "progress: none recorded by %s\n", pmo_date_format(d, as_of));
}

void plan_print_findings(const char *path, const pmo_findings *f, size_t from, int errors_only)
{
	size_t i;

	for (i = from; i < f->n; i++) {
		const pmo_finding *x = &f->items[i];
		if (errors_only && x->severity != PMO_SEVERITY_ERROR)
			continue;
		pmo_print_finding(x, x->line ? path : NULL, PMO_FINDING_RULE);
	}
}

/* --as-of: NULL → today; "none" → the plan alone. */
int plan_as_of(pmo_date *out, const char *given)
{
	if (!given) {
		*out = pmo_date_today();
		return 0;
	}
	if (!strcmp(given, "none")) {
		*out = PMO_NODATE;
		return 0;
	}
	if (pmo_date_parse(out, given, strlen(given)) < 0)
		return pmo_die(2, "--as-of: \"%s\" is not a valid date (YYYY-MM-DD, or none)", given);
	return 0;
}

int plan_schedule(pmo_schedule **out, planctx *p, pmo_date as_of)
{
	pmo_schedule_options o;
	size_t before = p->f.n;

	o.start = p->start;
	o.as_of = as_of;
	if (pmo_schedule_compute(out, p->plan, p->cal, &o, &p->f) < 0) {
		int code;
		if (p->direct && pmo_error_last() && pmo_error_last()->code != PMO_ENOMEM) {
			pmo_error_clear(); /* told again from the tree */
			return PLAN_AGAIN;
		}
		code = pmo_fail();
		return code == 2 ? 1 : code;
	}
	if (p->direct && p->f.n > before)
		return PLAN_AGAIN;
	free(p->progress);
	if (!(p->progress = malloc((p->plan->n ? p->plan->n : 1) * sizeof(double))))
		return pmo_die(1, "out of memory");
	if (pmo_plan_progress(p->progress, &p->total_progress, p->plan) < 0)
		return pmo_fail();
	return 0;
}

int plan_baseline(const pmo_baseline **out, const planctx *p, const char *name)
{
	size_t i;

	*out = NULL;
	if (!name) {
		if (p->plan->nbaselines)
			*out = &p->plan->baselines[p->plan->nbaselines - 1];
		return 0;
	}
	for (i = 0; i < p->plan->nbaselines; i++)
		if (!strcmp(p->plan->baselines[i].name, name))
			*out = &p->plan->baselines[i];
	return *out ? 0 : pmo_die(1, "no baseline %s in %s", name, p->display);
}

int plan_costs(planctx *p)
{
	size_t i;

	if (p->budget_error == PMO_ENOMEM)
		return pmo_die(1, "out of memory");
	if (p->budget || p->budget_error) {
		pmo_budget *b = p->budget;

		p->budget = NULL; /* taken, also on error */
		if (pmo_costs_read_loaded(&p->costs, p->ctx->src, p->ctx->model, p->ctx->settings, b,
					  p->budget_error ? &p->budget_err : NULL, p->plan) < 0)
			return pmo_fail();
	} else if (pmo_costs_read(&p->costs, p->ctx->src, p->ctx->model, p->ctx->settings, p->key, p->plan) < 0)
		return pmo_fail();
	if (!(p->planned = calloc(p->plan->n ? p->plan->n : 1, sizeof(*p->planned))))
		return pmo_die(1, "out of memory");
	if (pmo_plan_costs(p->planned, &p->unrated, p->plan, p->costs->rates, p->costs->nrates,
			   &p->ctx->settings->money) < 0)
		return pmo_fail();
	for (i = 0; i < p->plan->n && !p->has_costs; i++)
		p->has_costs = p->planned[i].minor != 0;
	return 0;
}

int plan_evm(pmo_evm **out, planctx *p, const pmo_baseline *bl, pmo_date as_of)
{
	pmo_evm_input in;

	memset(&in, 0, sizeof(in));
	in.plan = p->plan;
	in.cal = p->cal;
	in.bl = bl;
	in.planned = p->planned;
	in.progress = p->progress;
	in.actuals = p->costs->actuals;
	in.nactuals = p->costs->nactuals;
	in.as_of = as_of;
	in.currency = &p->ctx->settings->money;
	return pmo_evm_compute(out, &in) < 0 ? pmo_fail() : 0;
}

char *plan_date_str(char buf[static 11], pmo_date d)
{
	if (d == PMO_NODATE) {
		buf[0] = '\0';
		return buf;
	}
	return pmo_date_format(buf, d);
}

/* Percent complete of task i as shown (summaries rolled up by
 * pmo_plan_progress), after plan_schedule. */
int plan_task_progress(const planctx *p, size_t i)
{
	return (int)floor(p->progress[i] + 0.5);
}

/* The error findings pmo validate would report for a plan (the checks of
 * pmo_plan_validate; types are the schema's, checked by check_task). */
static int plan_errors(pmo_findings *f, planctx *p, pmo_plan *plan)
{
	pmo_plan_check_options o;

	o.cal = p->cal;
	o.start = p->start;
	o.today = PMO_NODATE; /* warnings do not stop a change */
	return pmo_plan_validate(plan, &o, f);
}

static int has_finding(const pmo_findings *f, const pmo_finding *x)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (!strcmp(f->items[i].rule, x->rule) && !strcmp(f->items[i].message, x->message))
			return 1;
	return 0;
}

/* Would the new text of plan.yaml be a plan validate refuses? Exit 2 on
 * the first error the plan did not have already (one the file had before
 * does not block an unrelated change, so that it can be fixed one step at
 * a time), with nothing written. */
int plan_check_candidate(planctx *p, const char *text, size_t len)
{
	pmo_doc *doc = NULL;
	pmo_plan *plan = NULL;
	pmo_findings f, old;
	size_t i;
	int code = 0;

	pmo_findings_init(&f);
	pmo_findings_init(&old);
	if (pmo_yaml_load(&doc, p->display, text, len, &plan_limits) < 0 ||
	    pmo_plan_from_yaml(&plan, pmo_doc_root(doc), p->display, &f) < 0 ||
	    plan_errors(&f, p, plan) < 0 || plan_errors(&old, p, p->plan) < 0) {
		code = pmo_fail();
		goto done;
	}
	for (i = 0; i < f.n && !code; i++) {
		const pmo_finding *x = &f.items[i];
		if (x->severity != PMO_SEVERITY_ERROR || !strcmp(x->rule, "plan-field") ||
		    has_finding(&old, x) || has_finding(&p->f, x))
			continue;
		code = pmo_die(2, "%s; nothing changed", x->message);
	}
done:
	pmo_findings_free(&f);
	pmo_findings_free(&old);
	pmo_plan_free(plan);
	pmo_doc_free(doc);
	return code;
}

char *plan_message(const char *what, const char *key, const char *id, const char *action,
			  const char *command)
{
	pmo_buf b = PMO_BUF_INIT;

	pmo_buf_printf(&b, "%s %s%s%s: %s\n\nPmo-Command: %s\nPmo-Record: %s%s%s\n", what, key,
		       id ? "/" : "", id ? id : "", action, command, key, id ? "/" : "", id ? id : "");
	return pmo_buf_detach(&b);
}

void plan_json_date(pmo_buf *b, const char *key, pmo_date d)
{
	char buf[11];
	pmo_json_member(b, key, d == PMO_NODATE ? NULL : pmo_date_format(buf, d), 1);
}

void plan_json_index(pmo_buf *b, const char *key, pmo_dec d, int has)
{
	char buf[PMO_MONEY_BUFSZ];
	size_t n;

	pmo_buf_printf(b, ", \"%s\": ", key);
	if (!has) {
		pmo_buf_puts(b, "null");
		return;
	}
	pmo_dec_format(buf, d);
	n = strlen(buf);
	if (strchr(buf, '.')) {
		while (n && buf[n - 1] == '0')
			n--;
		if (n && buf[n - 1] == '.')
			n--;
	}
	pmo_buf_put(b, buf, n);
}

/* A number in decimal at p, without printf (a 20,000-task CSV has 60,000
 * of them); returns the end. */
char *plan_put_long(char *p, long v)
{
	char tmp[24];
	size_t i = sizeof(tmp);
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[--i] = '-';
	memcpy(p, tmp + i, sizeof(tmp) - i);
	return p + (sizeof(tmp) - i);
}

/* An unknown field: "unknown field "F"; allowed: …" (what NULL: the
 * fields add and set take, as the schema says it) or "… for WHAT; fields:
 * …" (what task list filters and sorts on), then git's "did you mean". */
int plan_unknown_field(const char *f, const char *what, const char *const *names, size_t n)
{
	pmo_buf b = PMO_BUF_INIT;
	size_t i;
	int code;

	for (i = 0; i < n; i++)
		pmo_buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
	if (what)
		code = pmo_die(2, "unknown field \"%s\" for %s; fields: %s", f, what, pmo_buf_cstr(&b));
	else
		code = pmo_die(2, "unknown field \"%s\"; allowed: %s", f, pmo_buf_cstr(&b));
	pmo_suggest("field", f, names, n);
	pmo_buf_free(&b);
	return code;
}
