/*
 * The portfolio's weekly status (portfolio.h): every project that is not
 * closed or cancelled, its plan scheduled as `pmo -p KEY status` schedules
 * it (a plan with errors gives no figures unless forced), its live risks by their derived level, its overdue items
 * as `pmo due` finds them, and a rating against pmo.yaml's thresholds.
 *
 * The rating is worked on the figures as shown (SPI and CPI to 2 places),
 * so that a reason never reads "SPI 0.85 < 0.85". Each figure counts once,
 * at the worst level it reaches; a figure a project does not have (no
 * baseline yet, no budget) is not rated.
 */
#include "check/portfolio.h"
#include "check/costs.h"
#include "check/due.h"
#include "plan/evm.h"
#include "plan/plan.h"
#include "plan/recorded.h"
#include "plan/status.h"
#include "util/error.h"
#include "util/ordered.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define OOM() pmo_error_set(PMO_ENOMEM, "out of memory")

/* --- thresholds ------------------------------------------------------------ */

static const struct {
	const char *key;
	int below;            /* rated below the threshold (an index), else at or above */
	const char *label;    /* in a reason */
	const char *unit;     /* after the threshold, or "" */
	/* defaults: amber's and red's, NULL when the level does not rate it */
	const char *amber, *red;
} figures[PMO_RATE_N] = {
	[PMO_RATE_SPI] = { "spi", 1, "SPI", "", "0.95", "0.85" },
	[PMO_RATE_CPI] = { "cpi", 1, "CPI", "", "0.95", "0.85" },
	[PMO_RATE_FINISH_DAYS] = { "finish_days", 0, "finish", " working days", "5", "10" },
	[PMO_RATE_OVERDUE] = { "overdue", 0, "overdue", "", "1", NULL },
	[PMO_RATE_HIGH_RISKS] = { "high_risks", 0, "high risks", "", NULL, NULL },
	[PMO_RATE_CRITICAL_RISKS] = { "critical_risks", 0, "critical risks", "", NULL, "1" },
};

static const char *const rag_names[] = { "green", "amber", "red" };

const char *pmo_rate_key(pmo_rate_figure f)
{
	return f < PMO_RATE_N ? figures[f].key : "plan";
}

const char *pmo_rag_name(pmo_rag r)
{
	return rag_names[r];
}

/* One level of pmo.yaml's status (level: its mapping, or NULL). */
static int limits_load(pmo_rag_limits *out, const pmo_node *level, int red)
{
	size_t f;

	for (f = 0; f < PMO_RATE_N; f++) {
		const pmo_node *v = pmo_map_get(level, figures[f].key);
		const char *dflt = red ? figures[f].red : figures[f].amber;
		const char *text = v ? pmo_node_text(v) : dflt;

		out->set[f] = 0;
		if (v && v->tag == PMO_TAG_NULL)
			continue;
		if (!text)
			continue;
		if (pmo_dec_parse(&out->limit[f], text, strlen(text), 0) < 0) {
			const pmo_error *e = pmo_error_last();
			return pmo_error_set_at(PMO_EINVALID, "pmo.yaml", v ? v->line : 0, v ? v->col : 0,
						"status.%s.%s: %s; a plain decimal is allowed (0.95)",
						red ? "red" : "amber", figures[f].key,
						e && e->message ? e->message : "not a number");
		}
		out->set[f] = 1;
	}
	return 0;
}

int pmo_rag_thresholds_load(pmo_rag_thresholds *out, const pmo_settings *settings)
{
	const pmo_node *root = settings && settings->doc ? pmo_doc_root(settings->doc) : NULL;
	const pmo_node *status = pmo_map_get(root, "status");
	int error;

	if ((error = limits_load(&out->amber, pmo_map_get(status, "amber"), 0)) < 0)
		return error;
	return limits_load(&out->red, pmo_map_get(status, "red"), 1);
}

/* --- rating ------------------------------------------------------------------ */

__extension__ typedef __int128 wide; /* a factor's 18 digits times 10^18 */

static int dec_cmp(pmo_dec a, pmo_dec b)
{
	wide x = a.mant, y = b.mant;
	int s;

	for (s = a.scale; s < b.scale; s++)
		x *= 10;
	for (s = b.scale; s < a.scale; s++)
		y *= 10;
	return x < y ? -1 : x > y;
}

static int past(const pmo_rag_limits *l, pmo_rate_figure f, pmo_dec v)
{
	if (!l->set[f])
		return 0;
	return figures[f].below ? dec_cmp(v, l->limit[f]) < 0 : dec_cmp(v, l->limit[f]) >= 0;
}

static int add_reason(pmo_portfolio_row *row, pmo_rag level, pmo_rate_figure f, char *text)
{
	pmo_rag_reason *r;

	if (!text)
		return OOM();
	if (!(r = realloc(row->reasons, (row->nreasons + 1) * sizeof(*r)))) {
		free(text);
		return OOM();
	}
	row->reasons = r;
	r[row->nreasons].level = level;
	r[row->nreasons].figure = f;
	r[row->nreasons].text = text;
	row->nreasons++;
	if (level > row->rating)
		row->rating = level;
	return 0;
}

/* "SPI 0.80 < 0.85", "finish +12 ≥ 10 working days", "overdue 3 ≥ 1" */
static char *reason_text(pmo_rate_figure f, pmo_dec v, pmo_dec limit)
{
	pmo_buf b = PMO_BUF_INIT;
	char vs[PMO_MONEY_BUFSZ], ls[PMO_MONEY_BUFSZ];

	pmo_buf_printf(&b, "%s %s%s %s %s%s", figures[f].label,
		       f == PMO_RATE_FINISH_DAYS && v.mant > 0 ? "+" : "", pmo_dec_format(vs, v),
		       figures[f].below ? "<" : "≥", pmo_dec_format(ls, limit), figures[f].unit);
	return pmo_buf_detach(&b);
}

static int rate_figure(pmo_portfolio_row *row, const pmo_rag_thresholds *t, pmo_rate_figure f,
		       pmo_dec v)
{
	if (past(&t->red, f, v))
		return add_reason(row, PMO_RAG_RED, f, reason_text(f, v, t->red.limit[f]));
	if (past(&t->amber, f, v))
		return add_reason(row, PMO_RAG_AMBER, f, reason_text(f, v, t->amber.limit[f]));
	return 0;
}

static int reason_cmp(const void *pa, const void *pb)
{
	const pmo_rag_reason *a = pa, *b = pb;

	if (a->level != b->level)
		return a->level > b->level ? -1 : 1;
	/* the plan's errors first: the figures depend on it */
	return (a->figure == PMO_RATE_N ? -1 : (int)a->figure) - (b->figure == PMO_RATE_N ? -1 : (int)b->figure);
}

static int rate(pmo_portfolio_row *row, const pmo_rag_thresholds *t)
{
	int error = 0;

	if (row->plan_errors) {
		pmo_buf b = PMO_BUF_INIT;

		pmo_buf_printf(&b, "plan.yaml has %zu error%s (pmo validate)%s", row->plan_errors,
			       row->plan_errors == 1 ? "" : "s", row->forced ? ", figures forced" : "");
		error = add_reason(row, PMO_RAG_AMBER, PMO_RATE_N, pmo_buf_detach(&b));
	}
	if (!error && row->has_spi)
		error = rate_figure(row, t, PMO_RATE_SPI, row->spi);
	if (!error && row->has_cpi)
		error = rate_figure(row, t, PMO_RATE_CPI, row->cpi);
	if (!error && row->finish != PMO_NODATE && row->baseline_finish != PMO_NODATE)
		error = rate_figure(row, t, PMO_RATE_FINISH_DAYS, pmo_dec_from_int(row->finish_variance));
	if (!error)
		error = rate_figure(row, t, PMO_RATE_OVERDUE, pmo_dec_from_int((int64_t)row->overdue));
	if (!error)
		error = rate_figure(row, t, PMO_RATE_HIGH_RISKS, pmo_dec_from_int((int64_t)row->high_risks));
	if (!error)
		error = rate_figure(row, t, PMO_RATE_CRITICAL_RISKS,
				    pmo_dec_from_int((int64_t)row->critical_risks));
	if (!error && row->nreasons > 1)
		qsort(row->reasons, row->nreasons, sizeof(*row->reasons), reason_cmp);
	return error;
}

int pmo_portfolio_reasons_text(pmo_buf *out, const pmo_portfolio_row *row)
{
	size_t i;

	for (i = 0; i < row->nreasons; i++) {
		const pmo_rag_reason *r = &row->reasons[i];

		if (!i || r->level != row->reasons[i - 1].level)
			pmo_buf_printf(out, "%s%s: ", i ? "; " : "", rag_names[r->level]);
		else
			pmo_buf_puts(out, ", ");
		pmo_buf_puts(out, r->text);
	}
	return pmo_buf_oom(out);
}

/* --- a project's plan ------------------------------------------------------- */

static const pmo_yaml_limits plan_limits = { .max_bytes = PMO_PLAN_MAX_BYTES };

/* The errors of plan.yaml that stop `pmo -p KEY status` and that need
 * nothing but the file: its schema's, and lib/plan's (f holds those of
 * pmo_plan_from_yaml; dependencies, cycles, summaries). Who the tasks name
 * (people, requirements) is pmo validate's to check: read for every task
 * of every plan it would cost the portfolio more than all the rest. */
static int plan_errors(size_t *out, const pmo_model *model, const pmo_node *root, pmo_plan *plan,
		       pmo_findings *f)
{
	pmo_findings schema;
	int error;

	pmo_findings_init(&schema);
	if ((error = pmo_schema_validate(&schema, pmo_model_schema(model, "plan"), root)) >= 0 &&
	    (error = pmo_plan_check(plan, f)) >= 0)
		*out = schema.errors + f->errors;
	pmo_findings_free(&schema);
	return error;
}

/* A project's budget.yaml, read by the job that reads its plan. */
typedef struct {
	pmo_budget *budget;
	int error;    /* < 0: it could not be read, */
	pmo_error err; /* for this reason */
} loaded_budget;

/* Money: the budget's lines and expenses (budget used), and with a plan
 * the earned value in money as `pmo -p KEY status` has it: SPI by planned
 * cost when the plan has costs, CPI when it has a baseline and actual
 * costs (2 places). A budget.yaml or rate pmo cannot read is a problem
 * named on stderr; the row goes on without money. */
static int money_figures(pmo_portfolio_row *row, pmo_findings *problems, pmo_source *src,
			 const pmo_model *model, const pmo_settings *settings, const pmo_plan *plan,
			 loaded_budget *budget, const pmo_evm_input *in, pmo_portfolio_plan *keep)
{
	const pmo_currency *c = &settings->money;
	pmo_costs *costs = NULL;
	pmo_money *planned = NULL;
	pmo_evm *e = NULL;
	pmo_evm_input ein = *in;
	size_t i;
	int error, has_costs = 0;

	if (budget->error == PMO_ENOMEM)
		return OOM();
	error = pmo_costs_read_loaded(&costs, src, model, settings, budget->budget,
				      budget->error < 0 ? &budget->err : NULL, plan);
	budget->budget = NULL; /* taken */
	if (error < 0) {
		const pmo_error *x = pmo_error_last();
		pmo_finding f;

		if (error != PMO_EINVALID)
			return error;
		pmo_finding_init(&f, PMO_SEVERITY_ERROR, "money", NULL);
		f.path = x->path ? strdup(x->path) : NULL;
		f.line = (uint32_t)x->line;
		f.col = (uint32_t)x->col;
		f.message = strdup(x->message);
		pmo_error_clear();
		return pmo_findings_push(problems, &f);
	}
	if (costs->nlines) {
		row->has_budget = 1;
		row->budget_planned = costs->budgeted;
		for (i = 0; i < costs->nactuals && error >= 0; i++)
			if (costs->actuals[i].date == PMO_NODATE || costs->actuals[i].date <= in->as_of)
				error = pmo_money_add(&row->budget_spent, row->budget_spent, costs->actuals[i].amount);
		if (error >= 0 && costs->budgeted.minor > 0) {
			row->has_used = 1;
			error = pmo_money_ratio(&row->budget_used, row->budget_spent, costs->budgeted, 4, c);
		}
	}
	if (error < 0 || !in->plan)
		goto done;
	if (!(planned = calloc(plan->n ? plan->n : 1, sizeof(*planned)))) {
		error = OOM();
		goto done;
	}
	if ((error = pmo_plan_costs(planned, NULL, plan, costs->rates, costs->nrates, c)) < 0)
		goto done;
	for (i = 0; i < plan->n && !has_costs; i++)
		has_costs = planned[i].minor != 0;
	if (!in->bl || (!has_costs && !costs->nactuals))
		goto done;
	ein.planned = planned;
	ein.actuals = costs->actuals;
	ein.nactuals = costs->nactuals;
	ein.currency = c;
	if ((error = pmo_evm_compute(&e, &ein)) < 0)
		goto done;
	if (has_costs) {
		row->has_spi = e->project.has_spi;
		if (row->has_spi && (error = pmo_money_ratio(&row->spi, e->project.ev, e->project.pv, 2, c)) < 0)
			goto done;
	}
	if (has_costs && e->project.has_cpi) { /* no planned cost: nothing earned to weigh */
		row->has_cpi = 1;
		error = pmo_money_ratio(&row->cpi, e->project.ev, e->project.ac, 2, c);
	}
done:
	pmo_evm_free(e);
	if (keep && error >= 0 && planned) { /* the caller's now */
		keep->costs = costs;
		keep->planned = planned;
		keep->has_costs = has_costs;
		return error;
	}
	free(planned);
	pmo_costs_free(costs);
	return error;
}

/* The plan's milestones overdue as of the status date, as `pmo due`
 * finds them: counted here from the plan read for the figures, so that
 * no plan is read and parsed twice. */
static int milestones_overdue(pmo_portfolio_row *row, pmo_source *src, const pmo_plan *plan,
			      pmo_date as_of)
{
	pmo_due_list ms;
	size_t i;
	int error;

	memset(&ms, 0, sizeof(ms));
	if ((error = plan ? pmo_due_milestones(&ms, plan, row->key, as_of)
			  : pmo_due_project_milestones(&ms, src, row->key, as_of)) == 0)
		for (i = 0; i < ms.n; i++)
			row->overdue += ms.items[i].days < 0;
	pmo_due_list_free(&ms);
	return error;
}

/* A project's plan, read on any thread (pmo_ordered_run's work), kept
 * for the money figures the caller's thread adds (they read budget.yaml
 * and the people's rates from the source). */
typedef struct {
	pmo_source_dir *dir;      /* projects/KEY */
	const pmo_node *root;     /* project.yaml */
	int no_start;             /* no start date: the milestones alone */
	pmo_doc *doc;
	pmo_plan *plan;
	pmo_calendar *cal;
	pmo_schedule *s;          /* kept for the options' plan_cb */
	double *progress;
	const pmo_baseline *bl;
	int recorded;             /* a past status date: the progress of that day, */
	pmo_plan_recorded rec;    /* as git recorded plan.yaml then (read by the */
	pmo_buf then;             /* caller's thread, before the jobs run) */
	loaded_budget budget; /* budget.yaml, read beside the plan */
	int error;
	pmo_error err;            /* what the job could not do */
} plan_job;

static void plan_job_clear(plan_job *j)
{
	free(j->progress);
	pmo_schedule_free(j->s);
	pmo_plan_free(j->plan);
	pmo_doc_free(j->doc);
	pmo_calendar_free(j->cal);
	pmo_source_dir_free(j->dir);
	pmo_buf_free(&j->then);
	pmo_budget_free(j->budget.budget);
	pmo_error_kept_free(&j->budget.err);
	pmo_error_kept_free(&j->err);
	memset(j, 0, sizeof(*j));
}

/* The forecast, baseline and SPI of the project (j->root: project.yaml)
 * as of the status date; nothing when it has no start or no plan.yaml. */
static int plan_figures(pmo_portfolio_row *row, plan_job *j, pmo_source *src, const pmo_model *model,
			const pmo_settings *settings, const pmo_portfolio_options *o, pmo_buf *buf)
{
	pmo_buf path = PMO_BUF_INIT;
	char *display = NULL;
	pmo_schedule *s = NULL;
	pmo_findings f;
	pmo_schedule_options so;
	const pmo_node *base;
	double total = 0;
	pmo_status st;
	pmo_date start;
	int error = 0;

	pmo_findings_init(&f);
	if (pmo_node_date(&start, pmo_map_get(j->root, "start")) < 0) {
		/* validate speaks of it; nothing to schedule, but the milestones
		 * are due all the same (the caller's thread reads them) */
		j->no_start = 1;
		goto done;
	}
	pmo_buf_printf(&path, "projects/%s/plan.yaml", row->key);
	if ((error = pmo_buf_oom(&path)) < 0)
		goto done;
	pmo_buf_clear(buf);
	if ((error = pmo_source_dir_read(buf, j->dir, "plan.yaml", PMO_PLAN_MAX_BYTES)) == PMO_ENOTFOUND) {
		pmo_error_clear();
		error = 0;
		goto done;
	}
	if (error < 0)
		goto done;
	if (!(display = pmo_source_display(src, path.ptr))) {
		error = OOM();
		goto done;
	}
	if (pmo_yaml_load(&j->doc, display, buf->ptr ? buf->ptr : "", buf->len, &plan_limits) < 0) {
		if ((error = pmo_error_last()->code) == PMO_ENOMEM)
			goto done;
		pmo_error_clear(); /* pmo validate tells it */
		error = 0;
		row->plan_errors = 1;
		goto done;
	}
	if ((error = pmo_plan_from_yaml(&j->plan, pmo_doc_root(j->doc), display, &f)) < 0 ||
	    (error = plan_errors(&row->plan_errors, model, pmo_doc_root(j->doc), j->plan, &f)) < 0 ||
	    (j->recorded && (error = pmo_plan_recorded_apply(j->plan, &j->rec, &j->then, display)) < 0) ||
	    (error = milestones_overdue(row, src, j->plan, o->as_of)) < 0)
		goto done;
	if (row->plan_errors && !o->force)
		goto done;
	row->forced = row->plan_errors != 0;
	base = settings && settings->doc ? pmo_map_get(pmo_doc_root(settings->doc), "calendar") : NULL;
	if ((error = pmo_calendar_from_yaml(&j->cal, base, "pmo.yaml", pmo_map_get(j->root, "calendar"),
					    row->path)) < 0)
		goto done;
	so.start = start;
	so.as_of = o->as_of;
	if (pmo_schedule_compute(&s, j->plan, j->cal, &so, &f) < 0) {
		/* a cycle, which validate names: forced, nothing to show */
		if ((error = pmo_error_last()->code) == PMO_ENOMEM)
			goto done;
		pmo_error_clear();
		error = 0;
		goto done;
	}
	if (!(j->progress = malloc((j->plan->n ? j->plan->n : 1) * sizeof(*j->progress)))) {
		error = OOM();
		goto done;
	}
	if ((error = pmo_plan_progress(j->progress, &total, j->plan)) < 0)
		goto done;
	j->bl = j->plan->nbaselines ? &j->plan->baselines[j->plan->nbaselines - 1] : NULL;
	if ((error = pmo_status_compute(&st, j->plan, s, j->cal, j->bl, j->progress, o->as_of)) < 0)
		goto done;
	row->has_plan = 1;
	row->progress = total;
	row->finish = s->finish;
	row->baseline_finish = st.baseline_finish;
	if (st.baseline_finish != PMO_NODATE && s->finish != PMO_NODATE)
		row->finish_variance = pmo_status_workdays(j->cal, st.baseline_finish, s->finish);
	if (j->bl && st.planned > 0) {
		row->has_spi = 1;
		row->spi.mant = llround(st.spi * 100);
		row->spi.scale = 2;
	}
	if (o->plan_cb) {
		j->s = s;
		s = NULL;
	}
done:
	pmo_schedule_free(s);
	pmo_findings_free(&f);
	pmo_buf_free(&path);
	free(display);
	return error;
}

/* --- the portfolio ------------------------------------------------------------- */

static void row_clear(pmo_portfolio_row *r)
{
	size_t i;

	free(r->key);
	free(r->name);
	free(r->status);
	free(r->manager);
	free(r->path);
	for (i = 0; i < r->nreasons; i++)
		free(r->reasons[i].text);
	free(r->reasons);
}

void pmo_portfolio_free(pmo_portfolio *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++)
		row_clear(&p->rows[i]);
	free(p->rows);
	pmo_findings_free(&p->problems);
	free(p);
}

static char *dup_text(const pmo_node *n)
{
	const char *s = pmo_node_text(n);
	return s ? strdup(s) : NULL;
}

/* The row of project key, or NULL (rows are in key order, items mostly
 * too: the last one found is tried first). */
static pmo_portfolio_row *row_of(pmo_portfolio *p, const char *key, size_t *hint)
{
	size_t i;

	if (!key)
		return NULL;
	if (*hint < p->n && !strcmp(p->rows[*hint].key, key))
		return &p->rows[*hint];
	for (i = 0; i < p->n; i++)
		if (!strcmp(p->rows[i].key, key)) {
			*hint = i;
			return &p->rows[i];
		}
	return NULL;
}

/* The projects' plans, a project a job of pmo_ordered_run: a 50-plan
 * portfolio of 1,000 tasks each reads and schedules them on every core. */
typedef struct {
	pmo_portfolio *p;
	plan_job *jobs;
	pmo_buf *bufs; /* one a thread */
	pmo_source *src;
	const pmo_model *model;
	const pmo_settings *settings;
	const pmo_portfolio_options *o;
} plans_run;

static void plan_work(size_t i, unsigned t, void *payload)
{
	plans_run *R = payload;
	plan_job *j = &R->jobs[i];

	j->error = plan_figures(&R->p->rows[i], j, R->src, R->model, R->settings, R->o, &R->bufs[t]);
	j->error = j->error < 0 ? pmo_error_keep(&j->err, j->error) : 0;
	pmo_error_clear();
	/* the budget too: 20,000 expenses are parsed beside the plans */
	if (!j->error && (j->budget.error = pmo_budget_load_at(&j->budget.budget, j->dir, R->src, R->p->rows[i].key,
							       &R->settings->money)) < 0)
		j->budget.error = pmo_error_keep(&j->budget.err, j->budget.error);
	pmo_error_clear();
}

/* Job i's money figures, on the caller's thread, in the projects' order. */
static int plan_done(size_t i, void *payload)
{
	plans_run *R = payload;
	plan_job *j = &R->jobs[i];
	pmo_portfolio_row *row = &R->p->rows[i];
	pmo_portfolio_plan kept, *keep = R->o->plan_cb ? &kept : NULL;
	pmo_evm_input in;
	pmo_plan *none;
	int error;

	memset(&kept, 0, sizeof(kept));

	if (j->error == PMO_ENOMEM)
		error = pmo_error_set_oom();
	else if (j->error < 0)
		error = pmo_error_tell(&j->err);
	else if (j->no_start && (error = milestones_overdue(row, R->src, NULL, R->o->as_of)) < 0)
		;
	else if (row->has_plan) {
		memset(&in, 0, sizeof(in));
		in.plan = j->plan;
		in.cal = j->cal;
		in.bl = j->bl;
		in.progress = j->progress;
		in.as_of = R->o->as_of;
		error = money_figures(row, &R->p->problems, R->src, R->model, R->settings, j->plan, &j->budget, &in,
				      keep);
	} else if ((error = pmo_plan_new(&none)) == 0) {
		/* no plan to compute from: the budget alone */
		memset(&in, 0, sizeof(in));
		in.as_of = R->o->as_of;
		error = money_figures(row, &R->p->problems, R->src, R->model, R->settings, none, &j->budget, &in,
				      NULL);
		pmo_plan_free(none);
	}
	if (error >= 0 && keep) {
		kept.row = row;
		kept.index = i;
		if (row->has_plan) {
			kept.plan = j->plan;
			kept.cal = j->cal;
			kept.s = j->s;
			kept.bl = j->bl;
			kept.progress = j->progress;
		}
		error = R->o->plan_cb(&kept, R->o->payload);
		error = error > 0 ? 0 : error;
	}
	free((void *)kept.planned);
	pmo_costs_free((pmo_costs *)kept.costs);
	plan_job_clear(j);
	return error;
}

static int projects(pmo_portfolio *p, pmo_source *src, const pmo_model *model,
		    const pmo_settings *settings, const pmo_portfolio_options *o)
{
	const pmo_kind *kind = pmo_model_kind(model, "project");
	pmo_records recs = { 0 };
	plans_run R = { p, NULL, NULL, src, model, settings, o };
	unsigned threads = pmo_source_threads(src) ? pmo_ordered_threads() : 1, t;
	pmo_buf dir = PMO_BUF_INIT;
	size_t i;
	int error;

	if ((error = pmo_records_list(&recs, &p->problems, src, kind, NULL, settings)) < 0)
		return error;
	if (recs.n && (!(p->rows = calloc(recs.n, sizeof(*p->rows))) ||
		       !(R.jobs = calloc(recs.n, sizeof(*R.jobs))))) {
		error = OOM();
		goto done;
	}
	if (!(R.bufs = calloc(threads, sizeof(*R.bufs)))) {
		error = OOM();
		goto done;
	}
	for (t = 0; t < threads; t++)
		pmo_buf_init(&R.bufs[t]);
	for (i = 0; i < recs.n && !error; i++) {
		const pmo_record *rec = recs.items[i];
		const pmo_node *root = pmo_doc_root(rec->doc);
		const pmo_node *status = pmo_map_get(root, kind->status_field);
		pmo_portfolio_row *row = &p->rows[p->n];

		if (pmo_kind_status_ended(kind, pmo_node_text(status)) || (o->only && strcmp(o->only, rec->id)))
			continue;
		R.jobs[p->n].root = root;
		p->n++;
		row->finish = row->baseline_finish = PMO_NODATE;
		row->key = strdup(rec->id);
		row->name = dup_text(pmo_map_get(root, kind->title_field));
		row->status = dup_text(status);
		row->manager = dup_text(pmo_map_get(root, "manager"));
		row->path = strdup(rec->path);
		if (!row->key || !row->path) {
			error = OOM();
			break;
		}
		pmo_buf_clear(&dir);
		pmo_buf_printf(&dir, "projects/%s", row->key);
		if ((error = pmo_buf_oom(&dir)) == 0)
			error = pmo_source_dir_open(&R.jobs[p->n - 1].dir, src, dir.ptr);
	}
	/* a past status date: each plan's progress of that day, from git
	 * here, one project after the other (the repository is not shared
	 * between threads) */
	for (i = 0; !error && o->repo && o->as_of < pmo_date_today() && i < p->n; i++) {
		plan_job *j = &R.jobs[i];

		pmo_buf_clear(&dir);
		pmo_buf_printf(&dir, "projects/%s/plan.yaml", p->rows[i].key);
		if ((error = pmo_buf_oom(&dir)) == 0 &&
		    (error = pmo_plan_recorded_find(&j->rec, &j->then, o->repo, dir.ptr, o->as_of)) == 0)
			j->recorded = 1;
	}
	/* the plans' schema is checked on several threads: prepared first
	 * (ThreadSanitizer saw two threads prepare it at once) */
	if (!error && pmo_model_schema(model, "plan"))
		error = pmo_schema_prepare(pmo_model_schema(model, "plan"));
	if (!error)
		error = pmo_ordered_run(p->n, threads, plan_work, plan_done, &R);
done:
	for (i = 0; R.jobs && i < p->n; i++)
		plan_job_clear(&R.jobs[i]);
	for (t = 0; R.bufs && t < threads; t++)
		pmo_buf_free(&R.bufs[t]);
	free(R.bufs);
	free(R.jobs);
	pmo_buf_free(&dir);
	pmo_records_free(&recs);
	return error;
}

/* Open high and critical risks, by the level the risk derives. */
static int risks(pmo_portfolio *p, pmo_source *src, const pmo_model *model,
		 const pmo_settings *settings)
{
	const pmo_kind *kind = pmo_model_kind(model, "risk");
	pmo_records recs = { 0 };
	size_t i, hint = 0;
	int error;

	if (!kind)
		return 0;
	if ((error = pmo_records_list(&recs, &p->problems, src, kind, NULL, settings)) < 0)
		return error;
	for (i = 0; i < recs.n; i++) {
		const pmo_record *r = recs.items[i];
		pmo_portfolio_row *row = row_of(p, r->project, &hint);
		const char *level = pmo_node_text(pmo_map_get(r->view, "level"));

		if (!row || !level || !pmo_risk_live(pmo_doc_root(r->doc)))
			continue;
		if (!strcmp(level, "critical"))
			row->critical_risks++;
		else if (!strcmp(level, "high"))
			row->high_risks++;
	}
	pmo_records_free(&recs);
	return 0;
}

/* What `pmo due` finds overdue as of the status date, by project: the
 * records of a project and its plan's milestones, and the project's own
 * dates (its finish). */
static int overdue(pmo_portfolio *p, pmo_source *src, const pmo_model *model, pmo_date as_of)
{
	const pmo_kind *project = pmo_model_kind(model, "project");
	pmo_due_list due;
	size_t i, hint = 0;
	int error;

	/* the milestones: plan_figures counted them */
	if ((error = pmo_due_tree_with(&due, src, model, as_of, 0)) < 0)
		return error;
	for (i = 0; i < due.n; i++) {
		const pmo_due_item *it = &due.items[i];
		const char *key = it->project;
		pmo_portfolio_row *row;

		if (!key && project && !strcmp(it->kind, project->name))
			key = it->record;
		if (it->days < 0 && (row = row_of(p, key, &hint)))
			row->overdue++;
	}
	pmo_due_list_free(&due);
	return 0;
}

static int totals(pmo_portfolio *p, const pmo_currency *settings_money)
{
	size_t i;
	int error = 0;

	for (i = 0; i < p->n && !error; i++) {
		const pmo_portfolio_row *r = &p->rows[i];

		p->ratings[r->rating]++;
		p->high_risks += r->high_risks;
		p->critical_risks += r->critical_risks;
		p->overdue += r->overdue;
		if (!r->has_budget)
			continue;
		p->has_budget = 1;
		if ((error = pmo_money_add(&p->budget_planned, p->budget_planned, r->budget_planned)) < 0)
			break;
		error = pmo_money_add(&p->budget_spent, p->budget_spent, r->budget_spent);
	}
	if (!error && p->has_budget && p->budget_planned.minor > 0) {
		p->has_used = 1;
		error = pmo_money_ratio(&p->budget_used, p->budget_spent, p->budget_planned, 4, settings_money);
	}
	return error;
}

int pmo_portfolio_status(pmo_portfolio **out, pmo_source *src, const pmo_model *model,
			 const pmo_settings *settings, const pmo_portfolio_options *opts)
{
	pmo_portfolio *p = calloc(1, sizeof(*p));
	size_t i;
	int error;

	if (!p)
		return OOM();
	pmo_findings_init(&p->problems);
	p->as_of = opts->as_of;
	if ((error = pmo_rag_thresholds_load(&p->thresholds, settings)) < 0 ||
	    (error = projects(p, src, model, settings, opts)) < 0 ||
	    (error = risks(p, src, model, settings)) < 0 ||
	    (error = overdue(p, src, model, opts->as_of)) < 0)
		goto done;
	for (i = 0; i < p->n && !error; i++)
		error = rate(&p->rows[i], &p->thresholds);
	if (!error)
		error = totals(p, &settings->money);
done:
	if (error < 0) {
		pmo_portfolio_free(p);
		return error;
	}
	*out = p;
	return 0;
}
