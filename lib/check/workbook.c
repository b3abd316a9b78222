/*
 * A project as an Excel workbook (workbook.h): the plan's schedule, the
 * budget and the records of every kind, typed by their schemas, written
 * with lib/render/xlsx.c.
 */
#include "check/workbook.h"
#include "model/budget.h"
#include "model/match.h"
#include "plan/status.h"
#include "render/xlsx.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/* --- tasks ------------------------------------------------------------------------------------ */

enum { T_ID, T_WBS, T_TITLE, T_SUMMARY, T_MILESTONE, T_START, T_FINISH, T_DAYS, T_PROGRESS,
       T_CRITICAL, T_SLACK, T_ASSIGNEES, T_DEPENDS, T_BSTART, T_BFINISH, T_COST, T_NCOLS };

static const char *const task_headers[T_NCOLS] = {
	"ID", "WBS", "Title", "Summary", "Milestone", "Start", "Finish", "Days", "Progress",
	"Critical", "Slack", "Assignees", "Depends", "Baseline start", "Baseline finish", "Planned cost",
};

/* Each task's number among its parent's children (or the top level's),
 * in plan order. */
static int wbs_numbers(size_t **out, const pmo_plan *plan)
{
	size_t *num = calloc(plan->n ? plan->n : 1, sizeof(*num)), *seen, top = 0, i;

	if (!num || !(seen = calloc(plan->n ? plan->n : 1, sizeof(*seen)))) {
		free(num);
		return pmo_error_set_oom();
	}
	for (i = 0; i < plan->n; i++) {
		size_t parent = plan->tasks[i].parent;
		num[i] = parent == PMO_PLAN_NONE || parent >= plan->n ? ++top : ++seen[parent];
	}
	free(seen);
	*out = num;
	return 0;
}

/* "2.1.3": the numbers of the task and its summaries, outermost first
 * (at most plan->n of them, so that a parent cycle, which --force lets
 * through, ends). */
static void wbs(pmo_buf *b, const pmo_plan *plan, const size_t *num, size_t i)
{
	size_t chain[64], n = 0, j, at = i, steps = 0;
	pmo_buf rest = PMO_BUF_INIT;

	while (at != PMO_PLAN_NONE && at < plan->n && steps++ <= plan->n) {
		if (n == sizeof(chain) / sizeof(chain[0])) {
			/* deeper than 64 levels: the outer ones first, recursively */
			wbs(&rest, plan, num, at);
			break;
		}
		chain[n++] = at;
		at = plan->tasks[at].parent;
	}
	pmo_buf_put(b, rest.ptr ? rest.ptr : "", rest.len);
	for (j = n; j-- > 0;)
		pmo_buf_printf(b, "%s%zu", b->len ? "." : "", num[chain[j]]);
	pmo_buf_free(&rest);
}

static int task_row(pmo_xlsx *x, const pmo_workbook_input *in, const size_t *num,
		    const pmo_baseline_entry *be, size_t i)
{
	const pmo_task *t = &in->plan->tasks[i];
	const pmo_task_schedule *r = &in->sched->tasks[i];
	pmo_buf b = PMO_BUF_INIT;
	size_t j;
	int error;

	if ((error = pmo_xlsx_row(x)) < 0 || (error = pmo_xlsx_text(x, T_ID, t->id)) < 0)
		return error;
	wbs(&b, in->plan, num, i);
	if (pmo_buf_oom(&b) < 0) {
		error = pmo_error_set_oom();
		goto done;
	}
	if ((error = pmo_xlsx_text(x, T_WBS, pmo_buf_cstr(&b))) < 0 ||
	    (error = pmo_xlsx_text(x, T_TITLE, t->title)) < 0 ||
	    (error = pmo_xlsx_bool(x, T_SUMMARY, r->summary)) < 0 ||
	    (error = pmo_xlsx_bool(x, T_MILESTONE, r->milestone)) < 0 ||
	    (error = pmo_xlsx_date(x, T_START, r->start)) < 0 ||
	    (error = pmo_xlsx_date(x, T_FINISH, r->finish)) < 0 ||
	    (error = pmo_xlsx_number(x, T_DAYS, (double)(r->summary ? r->ef - r->es : t->days))) < 0 ||
	    (error = pmo_xlsx_percent(x, T_PROGRESS, (double)(long)(in->progress[i] + 0.5) / 100, 0)) < 0 ||
	    (error = pmo_xlsx_bool(x, T_CRITICAL, r->critical)) < 0 ||
	    (error = pmo_xlsx_number(x, T_SLACK, (double)r->total_slack)) < 0)
		goto done;
	pmo_buf_clear(&b);
	for (j = 0; j < t->nassignees; j++) {
		pmo_buf_printf(&b, "%s%s", j ? ", " : "", t->assignees[j].person);
		if (t->assignees[j].allocation != 100)
			pmo_buf_printf(&b, " %d%%", t->assignees[j].allocation);
	}
	if (pmo_buf_oom(&b) < 0 || (error = pmo_xlsx_text(x, T_ASSIGNEES, pmo_buf_cstr(&b))) < 0)
		goto done;
	pmo_buf_clear(&b);
	for (j = 0; j < t->ndeps; j++) {
		if (j)
			pmo_buf_puts(&b, ", ");
		pmo_dep_format(&b, &t->deps[j]);
	}
	if (pmo_buf_oom(&b) < 0 || (error = pmo_xlsx_text(x, T_DEPENDS, pmo_buf_cstr(&b))) < 0)
		goto done;
	if (be && ((error = pmo_xlsx_date(x, T_BSTART, be->start)) < 0 ||
		   (error = pmo_xlsx_date(x, T_BFINISH, be->finish)) < 0))
		goto done;
	if (in->planned && !r->summary)
		error = pmo_xlsx_money(x, T_COST, in->planned[i]);
done:
	if (!error && pmo_buf_oom(&b) < 0)
		error = pmo_error_set_oom();
	pmo_buf_free(&b);
	return error;
}

static int tasks_sheet(pmo_xlsx *x, const pmo_workbook_input *in)
{
	const pmo_baseline_entry **be = NULL;
	size_t *num = NULL, i;
	int error;

	if ((error = pmo_xlsx_sheet(x, "tasks", task_headers, in->planned ? T_NCOLS : T_NCOLS - 1)) < 0 ||
	    (error = wbs_numbers(&num, in->plan)) < 0 ||
	    (error = pmo_status_entries(&be, in->plan, in->baseline)) < 0)
		goto done;
	for (i = 0; i < in->plan->n && !error; i++)
		error = task_row(x, in, num, be[i], i);
done:
	free((void *)be);
	free(num);
	return error;
}

/* --- budget ----------------------------------------------------------------------------------- */

static int budget_sheets(pmo_xlsx *x, const pmo_workbook_input *in)
{
	static const char *const lh[] = { "ID", "Title", "Category", "Contract", "Planned", "Committed",
					  "Spent", "Remaining", "Used" };
	static const char *const eh[] = { "ID", "Date", "Title", "Amount", "Line", "Task", "Vendor",
					  "Invoice" };
	const pmo_currency *c = &in->settings->money;
	const pmo_budget *b = in->budget;
	pmo_budget *read = NULL;
	pmo_budget_report *rep = NULL;
	size_t i;
	int error = 0;

	if (!b && (error = pmo_budget_load(&read, in->src, in->project, c)) < 0)
		goto done;
	if (!b)
		b = read;
	if ((error = pmo_budget_report_make(&rep, b, in->src, in->model, c)) < 0 ||
	    (error = pmo_xlsx_sheet(x, "budget", lh, 9)) < 0)
		goto done;
	for (i = 0; i < b->nlines && !error; i++) {
		const pmo_budget_line *l = &b->lines[i];
		const pmo_budget_sums *s = &rep->lines[i];
		char used[PMO_MONEY_BUFSZ];

		if ((error = pmo_xlsx_row(x)) < 0 || (error = pmo_xlsx_text(x, 0, l->id)) < 0 ||
		    (error = pmo_xlsx_text(x, 1, l->title)) < 0 || (error = pmo_xlsx_text(x, 2, l->category)) < 0 ||
		    (error = pmo_xlsx_text(x, 3, l->contract)) < 0 ||
		    (error = pmo_xlsx_money(x, 4, s->planned)) < 0 ||
		    (error = pmo_xlsx_money(x, 5, s->committed)) < 0 ||
		    (error = pmo_xlsx_money(x, 6, s->spent)) < 0 ||
		    (error = pmo_xlsx_money(x, 7, s->remaining)) < 0)
			goto done;
		if (s->has_used)
			error = pmo_xlsx_percent(x, 8, strtod(pmo_dec_format(used, s->used), NULL), 2);
	}
	if (error < 0 || (error = pmo_xlsx_sheet(x, "expenses", eh, 8)) < 0)
		goto done;
	for (i = 0; i < b->nexpenses && !error; i++) {
		const pmo_expense *e = &b->expenses[i];

		if ((error = pmo_xlsx_row(x)) < 0 || (error = pmo_xlsx_text(x, 0, e->id)) < 0 ||
		    (error = pmo_xlsx_date(x, 1, e->date)) < 0 || (error = pmo_xlsx_text(x, 2, e->title)) < 0 ||
		    (error = pmo_xlsx_money(x, 3, e->amount)) < 0 || (error = pmo_xlsx_text(x, 4, e->line)) < 0 ||
		    (error = pmo_xlsx_text(x, 5, e->task)) < 0 || (error = pmo_xlsx_text(x, 6, e->vendor)) < 0)
			goto done;
		error = pmo_xlsx_text(x, 7, e->invoice);
	}
done:
	pmo_budget_report_free(rep);
	pmo_budget_free(read);
	return error;
}

/* --- records ---------------------------------------------------------------------------------- */

/* The schema of a field: the property, else the derived field's. */
static const pmo_node *field_schema(const pmo_kind *k, const char *f)
{
	const pmo_node *p = pmo_kind_prop(k, f);

	return p ? p : pmo_map_get(k->derived, f);
}

/* One field's cell, typed by its schema; a value that is not what the
 * schema says (validate's to report) is written as its text. */
static int record_cell(pmo_xlsx *x, size_t col, const pmo_kind *k, const char *f, const pmo_node *v,
		       const pmo_currency *c)
{
	const pmo_node *schema = field_schema(k, f);
	const char *format = pmo_node_text(pmo_map_get(schema, "format")), *text = pmo_node_text(v);
	char *shown, *end;
	pmo_date d;
	pmo_money m;
	double num;
	int error;

	if (!v)
		return 0;
	switch (text ? pmo_value_type_of(schema) : PMO_VALUE_OTHER) {
	case PMO_VALUE_DATE:
		if (!pmo_node_date(&d, v))
			return pmo_xlsx_date(x, col, d);
		break;
	case PMO_VALUE_DECIMAL: /* an amount, or a figure written as a decimal */
		if (format && !strncmp(format, "money", 5)) {
			if (!pmo_money_parse(&m, text, strlen(text), c))
				return pmo_xlsx_money(x, col, m);
		} else if (*text && (num = strtod(text, &end), !*end))
			return pmo_xlsx_number(x, col, num);
		break;
	case PMO_VALUE_INT:
	case PMO_VALUE_NUMBER:
		if (v->tag != PMO_TAG_STR && !pmo_node_number(v, &num))
			return pmo_xlsx_number(x, col, num);
		break;
	case PMO_VALUE_BOOL:
		if (v->tag == PMO_TAG_BOOL)
			return pmo_xlsx_bool(x, col, text[0] == 't' || text[0] == 'T');
		break;
	default:
		break;
	}
	if (!(shown = pmo_node_display(v)))
		return pmo_error_set_oom();
	error = pmo_xlsx_text(x, col, shown);
	free(shown);
	return error;
}

static int listed(const char *const *fields, size_t n, const char *f)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(fields[i], f))
			return 1;
	return 0;
}

/* The kind's list columns, then its other fields in schema order, then
 * its derived fields: NULL-terminated, borrowed from the kind. */
static int record_fields(const char ***out, size_t *n, const pmo_kind *k)
{
	size_t cap = 0, i;
	const char **f;

	while (k->columns[cap])
		cap++;
	cap += (k->props && k->props->kind == PMO_NODE_MAP ? k->props->n : 0) +
	       (k->derived && k->derived->kind == PMO_NODE_MAP ? k->derived->n : 0);
	if (!(f = calloc(cap + 1, sizeof(*f))))
		return pmo_error_set_oom();
	for (*n = 0; k->columns[*n]; (*n)++)
		f[*n] = k->columns[*n];
	for (i = 0; k->props && k->props->kind == PMO_NODE_MAP && i < k->props->n; i++) {
		const char *name = pmo_node_text(k->props->pairs[i].key);
		if (name && !listed(f, *n, name))
			f[(*n)++] = name;
	}
	for (i = 0; k->derived && k->derived->kind == PMO_NODE_MAP && i < k->derived->n; i++) {
		const char *name = pmo_node_text(k->derived->pairs[i].key);
		if (name && !listed(f, *n, name))
			f[(*n)++] = name;
	}
	*out = f;
	return 0;
}

/* The sheet of a kind's records in the project; none when it has no
 * record, unless always. */
static int records_sheet(pmo_xlsx *x, pmo_findings *problems, const pmo_workbook_input *in,
			 const pmo_kind *k, int always)
{
	pmo_records rs = { 0 };
	const char **fields = NULL, **headers = NULL;
	size_t n = 0, i, c;
	int error;

	if ((error = pmo_records_list(&rs, problems, in->src, k, in->project, in->settings)) < 0)
		goto done;
	if (!rs.n && !always)
		goto done;
	if ((error = record_fields(&fields, &n, k)) < 0)
		goto done;
	if (!(headers = calloc(n ? n : 1, sizeof(*headers)))) {
		error = pmo_error_set_oom();
		goto done;
	}
	for (c = 0; c < n; c++)
		headers[c] = pmo_kind_header(k, fields[c]);
	if ((error = pmo_xlsx_sheet(x, k->plural, headers, n)) < 0)
		goto done;
	for (i = 0; i < rs.n && !error; i++) {
		if ((error = pmo_xlsx_row(x)) < 0)
			goto done;
		for (c = 0; c < n && !error; c++)
			error = record_cell(x, c, k, fields[c], pmo_map_get(rs.items[i]->view, fields[c]),
					    &in->settings->money);
	}
done:
	free(headers);
	free(fields);
	pmo_records_free(&rs);
	return error;
}

/* --- the workbook ----------------------------------------------------------------------------- */

int pmo_workbook_xlsx(pmo_buf *out, pmo_findings *problems, const pmo_workbook_input *in)
{
	const pmo_kind *risk = pmo_model_kind(in->model, "risk");
	pmo_xlsx *x = NULL;
	size_t i;
	int error;

	if ((error = pmo_xlsx_new(&x, &in->settings->money, in->today)) < 0)
		return error;
	if ((error = tasks_sheet(x, in)) < 0 ||
	    (risk && (error = records_sheet(x, problems, in, risk, 1)) < 0) ||
	    (error = budget_sheets(x, in)) < 0)
		goto fail;
	for (i = 0; i < pmo_model_kind_count(in->model); i++) {
		const pmo_kind *k = pmo_model_kind_at(in->model, i);
		if (k->project_scoped && k != risk && (error = records_sheet(x, problems, in, k, 0)) < 0)
			goto fail;
	}
	return pmo_xlsx_finish(out, x);
fail:
	pmo_xlsx_free(x);
	return error;
}
