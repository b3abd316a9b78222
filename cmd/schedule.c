/*
 * The tables of the plan: pmo schedule, and the rows of pmo task list.
 *
 *   pmo -p CBM schedule [--gantt]                CPM: ES/EF/LS/LF, slack, critical path
 *   pmo -p CBM task list [field=value…] [--sort]  the tasks with computed dates
 *
 * One plan_show_table opens and schedules the plan, selects the rows (filters,
 * --sort) and prints them as a table, JSON, CSV, YAML, Markdown, or the
 * Gantt and Mermaid charts of lib/render.
 */
#include "plan_internal.h"
#include "filter.h"
#include "render/gantt.h"
#include "render/mermaid.h"

#include <stdlib.h>
#include <string.h>

/* The rows shown: every task in plan order, or the filtered and sorted ones. */
static size_t nrows(const planctx *p)
{
	return p->order ? p->norder : p->plan->n;
}

static size_t row(const planctx *p, size_t k)
{
	return p->order ? p->order[k] : k;
}

/* Every task as JSON (schedule and task list share it). */
static int json_schedule(pmo_buf *b, const planctx *p, const pmo_schedule *s, pmo_date as_of)
{
	size_t i, j, k;
	char d1[11];

	pmo_buf_puts(b, "{\n  \"version\": 1,\n  ");
	if (p->forced)
		pmo_buf_puts(b, "\"forced\": true,\n  ");
	pmo_json_member(b, "project", p->key, 0);
	plan_json_date(b, "as_of", as_of);
	plan_json_date(b, "start", s->start);
	plan_json_date(b, "finish", s->finish);
	pmo_buf_puts(b, ",\n  \"critical_path\": [");
	for (i = 0; i < s->ncritical; i++) {
		if (i)
			pmo_buf_puts(b, ", ");
		pmo_json_string(b, p->plan->tasks[s->critical[i]].id, strlen(p->plan->tasks[s->critical[i]].id));
	}
	pmo_buf_puts(b, "],\n  \"critical_chains\": [");
	for (k = 0; k < s->nchains; k++) {
		pmo_buf_puts(b, k ? ", [" : "[");
		for (i = s->chain_off[k]; i < s->chain_off[k + 1]; i++) {
			const char *id = p->plan->tasks[s->chains[i]].id;
			if (i > s->chain_off[k])
				pmo_buf_puts(b, ", ");
			pmo_json_string(b, id, strlen(id));
		}
		pmo_buf_putc(b, ']');
	}
	pmo_buf_puts(b, "],\n  \"tasks\": [");
	for (k = 0; k < nrows(p); k++) {
		const pmo_task *t = &p->plan->tasks[i = row(p, k)];
		const pmo_task_schedule *r = &s->tasks[i];
		pmo_buf_puts(b, k ? ",\n    {" : "\n    {");
		pmo_json_member(b, "id", t->id, 0);
		pmo_json_member(b, "title", t->title, 1);
		pmo_json_member(b, "parent", t->parent != PMO_PLAN_NONE ? p->plan->tasks[t->parent].id : NULL, 1);
		pmo_buf_printf(b, ", \"duration\": %ld", r->summary ? (r->ef - r->es) : t->days);
		plan_json_date(b, "start", r->start);
		plan_json_date(b, "finish", r->finish);
		plan_json_date(b, "late_start", r->late_start);
		plan_json_date(b, "late_finish", r->late_finish);
		pmo_buf_printf(b, ", \"total_slack\": %ld, \"free_slack\": %ld", r->total_slack, r->free_slack);
		pmo_buf_printf(b, ", \"critical\": %s, \"milestone\": %s, \"summary\": %s, \"progress\": %d",
			       r->critical ? "true" : "false", r->milestone ? "true" : "false",
			       r->summary ? "true" : "false", plan_task_progress(p, i));
		pmo_buf_puts(b, ", \"depends\": [");
		for (j = 0; j < t->ndeps; j++) {
			pmo_buf dep = PMO_BUF_INIT;
			pmo_dep_format(&dep, &t->deps[j]);
			if (j)
				pmo_buf_puts(b, ", ");
			pmo_json_string(b, pmo_buf_cstr(&dep), dep.len);
			pmo_buf_free(&dep);
		}
		pmo_buf_puts(b, "], \"assignees\": [");
		for (j = 0; j < t->nassignees; j++) {
			pmo_buf_puts(b, j ? ", {" : "{");
			pmo_json_member(b, "person", t->assignees[j].person, 0);
			pmo_buf_printf(b, ", \"allocation\": %d}", t->assignees[j].allocation);
		}
		pmo_buf_putc(b, ']');
		if (t->effort >= 0)
			pmo_buf_printf(b, ", \"effort\": %.10g", t->effort);
		else
			pmo_buf_puts(b, ", \"effort\": null");
		plan_json_date(b, "actual_start", t->actual_start);
		plan_json_date(b, "actual_finish", t->actual_finish);
		pmo_json_member(b, "notes", t->notes, 1);
		pmo_buf_putc(b, '}');
		if (pmo_emit_some(b) < 0)
			return PMO_EIO;
	}
	pmo_buf_puts(b, nrows(p) ? "\n  ]\n}\n" : "]\n}\n");
	(void)d1;
	return 0;
}

/* The table of task list and schedule for the terminal and Markdown (CSV: csv_schedule). */
static int build_table(pmo_table **out, const planctx *p, const pmo_schedule *s, view v)
{
	static const char *const list_h[] = { "ID", "Title", "Days", "Start", "Finish", "Progress", "Slack", "Depends" };
	static const char *const sched_h[] = { "ID", "Title", "Days", "ES", "EF", "LS", "LF", "Slack", "Free", "Critical" };
	const char *const *h = v == VIEW_LIST ? list_h : sched_h;
	size_t nc = v == VIEW_LIST ? 8 : 10, i, c, k;
	pmo_table *t = NULL;
	int error;

	if ((error = pmo_table_new(&t, nc)) < 0)
		return error;
	for (c = 0; c < nc; c++)
		if ((error = pmo_table_header(t, c, h[c])) < 0)
			goto done;
	pmo_table_shrink(t, 1);
	pmo_table_right(t, 2);
	if (v == VIEW_LIST) {
		pmo_table_right(t, 5);
		pmo_table_right(t, 6);
	} else {
		pmo_table_right(t, 7);
		pmo_table_right(t, 8);
	}
	for (k = 0; k < nrows(p); k++) {
		const pmo_task *tk = &p->plan->tasks[i = row(p, k)];
		const pmo_task_schedule *r = &s->tasks[i];
		pmo_buf cells[10];
		const char *cp[10];
		char d[11];

		for (c = 0; c < nc; c++)
			pmo_buf_init(&cells[c]);
		pmo_buf_puts(&cells[0], tk->id);
		pmo_gantt_title(&cells[1], p->plan, i, 1);
		if (r->milestone)
			pmo_buf_puts(&cells[2], "◆");
		else
			pmo_buf_printf(&cells[2], "%ld", r->summary ? r->ef - r->es : tk->days);
		pmo_buf_puts(&cells[3], plan_date_str(d, r->start));
		pmo_buf_puts(&cells[4], plan_date_str(d, r->finish));
		if (v == VIEW_LIST) {
			pmo_buf_printf(&cells[5], "%d%%", plan_task_progress(p, i));
			pmo_buf_printf(&cells[6], "%ld", r->total_slack);
			for (c = 0; c < tk->ndeps; c++) {
				if (c)
					pmo_buf_puts(&cells[7], ", ");
				pmo_dep_format(&cells[7], &tk->deps[c]);
			}
		} else {
			pmo_buf_puts(&cells[5], plan_date_str(d, r->late_start));
			pmo_buf_puts(&cells[6], plan_date_str(d, r->late_finish));
			pmo_buf_printf(&cells[7], "%ld", r->total_slack);
			pmo_buf_printf(&cells[8], "%ld", r->free_slack);
			pmo_buf_puts(&cells[9], r->critical ? "*" : "");
		}
		for (c = 0; c < nc; c++)
			cp[c] = pmo_buf_cstr(&cells[c]);
		error = pmo_table_row(t, cp);
		for (c = 0; c < nc; c++)
			pmo_buf_free(&cells[c]);
		if (error < 0)
			goto done;
	}
done:
	if (error < 0) {
		pmo_table_free(t);
		return error;
	}
	*out = t;
	return 0;
}

/* ",DATE" (or "," alone for no date) at p; returns the end. */
static char *put_date(char *p, pmo_date d)
{
	*p++ = ',';
	if (d == PMO_NODATE)
		return p;
	pmo_date_format(p, d);
	return p + 10;
}

/* The machine-readable columns of task list and schedule as CSV, written
 * row by row straight into the output (RFC 4180 as pmo_table_csv). */
static int csv_schedule(pmo_buf *b, const planctx *p, const pmo_schedule *s, view v)
{
	pmo_buf deps = PMO_BUF_INIT;
	size_t i, c, k;
	int error;

	pmo_buf_grow(b, PMO_EMIT_CHUNK + 4096);
	pmo_buf_puts(b, v == VIEW_LIST ? "id,title,duration,start,finish,progress,total_slack,depends,assignees,"
					 "actual_start,actual_finish,notes\r\n"
				       : "id,title,duration,start,finish,late_start,late_finish,total_slack,free_slack,critical\r\n");
	for (k = 0; k < nrows(p); k++) {
		const pmo_task *tk = &p->plan->tasks[i = row(p, k)];
		const pmo_task_schedule *r = &s->tasks[i];
		char line[160], *e = line; /* the columns after the title: at most 9 × 21 bytes */

		pmo_csv_field(b, tk->id);
		pmo_buf_putc(b, ',');
		pmo_csv_field(b, tk->title ? tk->title : "");
		*e++ = ',';
		e = plan_put_long(e, r->summary ? r->ef - r->es : tk->days);
		e = put_date(e, r->start);
		e = put_date(e, r->finish);
		if (v == VIEW_LIST) {
			*e++ = ',';
			e = plan_put_long(e, plan_task_progress(p, i));
			*e++ = ',';
			e = plan_put_long(e, r->total_slack);
			*e++ = ',';
			pmo_buf_put(b, line, (size_t)(e - line));
			pmo_buf_clear(&deps);
			for (c = 0; c < tk->ndeps; c++) {
				if (c)
					pmo_buf_putc(&deps, ' ');
				pmo_dep_format(&deps, &tk->deps[c]);
			}
			pmo_csv_field(b, pmo_buf_cstr(&deps));
			pmo_buf_clear(&deps);
			for (c = 0; c < tk->nassignees; c++)
				pmo_buf_printf(&deps, "%s%s:%d", c ? " " : "", tk->assignees[c].person,
					       tk->assignees[c].allocation);
			pmo_buf_putc(b, ',');
			pmo_csv_field(b, pmo_buf_cstr(&deps));
			e = line;
			e = put_date(e, tk->actual_start);
			e = put_date(e, tk->actual_finish);
			*e++ = ',';
			pmo_buf_put(b, line, (size_t)(e - line));
			pmo_csv_field(b, tk->notes ? tk->notes : "");
			pmo_buf_put(b, "\r\n", 2);
		} else {
			e = put_date(e, r->late_start);
			e = put_date(e, r->late_finish);
			*e++ = ',';
			e = plan_put_long(e, r->total_slack);
			*e++ = ',';
			e = plan_put_long(e, r->free_slack);
			memcpy(e, r->critical ? ",true\r\n" : ",false\r\n", r->critical ? 7 : 8);
			e += r->critical ? 7 : 8;
			pmo_buf_put(b, line, (size_t)(e - line));
		}
		if (pmo_emit_some(b) < 0) {
			pmo_buf_free(&deps);
			return PMO_EIO;
		}
	}
	error = pmo_buf_oom(&deps) < 0 ? pmo_buf_oom(&deps) : pmo_buf_oom(b);
	pmo_buf_free(&deps);
	return error;
}

static void summary_lines(pmo_buf *b, const planctx *p, const pmo_schedule *s, pmo_date as_of)
{
	char d1[11], d2[11];
	size_t i, k;

	pmo_buf_printf(b, "\nproject %s: start %s, finish %s (%ld working days)", p->key,
		       pmo_date_format(d1, s->start), pmo_date_format(d2, s->finish),
		       s->finish_index - pmo_calendar_index(p->cal, s->start));
	if (as_of != PMO_NODATE)
		pmo_buf_printf(b, ", as of %s", pmo_date_format(d1, as_of));
	pmo_buf_puts(b, "\ncritical path: ");
	for (k = 0; k < s->nchains; k++)
		for (i = s->chain_off[k]; i < s->chain_off[k + 1]; i++)
			pmo_buf_printf(b, "%s%s", i > s->chain_off[k] ? " → " : k ? "; " : "",
				       p->plan->tasks[s->chains[i]].id);
	pmo_buf_puts(b, s->nchains ? "\n" : "(none)\n");
}

/* The fields of task i as task list filters and sorts them: the task's
 * own fields, its computed dates, and status (done, in_progress,
 * not_started) and assignee (the handles). */
static pmo_node *task_view(pmo_doc *doc, const planctx *p, const pmo_schedule *s, size_t i, int for_filter)
{
	const pmo_task *t = &p->plan->tasks[i];
	const pmo_task_schedule *r = &s->tasks[i];
	pmo_node *m = pmo_node_map(doc), *who = pmo_node_seq(doc), *deps = pmo_node_seq(doc);
	char d[11], n[24];
	size_t j;
	int prog = plan_task_progress(p, i), err = !m || !who || !deps;

#define PUT(k, v) (err = err || !(v) || pmo_map_append(doc, m, pmo_node_str(doc, k), (v)) < 0)
#define STR(k, x) do { if (x) PUT(k, pmo_node_str(doc, x)); } while (0)
#define NUM(k, x) do { *plan_put_long(n, (long)(x)) = '\0'; PUT(k, pmo_node_scalar(doc, PMO_TAG_INT, n, strlen(n))); } while (0)
#define BOOL(k, x) PUT(k, pmo_node_scalar(doc, PMO_TAG_BOOL, (x) ? "true" : "false", (x) ? 4 : 5))
#define DATE(k, x) do { if ((x) != PMO_NODATE) PUT(k, pmo_node_str(doc, pmo_date_format(d, x))); } while (0)
	if (err)
		return NULL;
	STR("id", t->id);
	STR("title", t->title);
	STR("parent", t->parent != PMO_PLAN_NONE ? p->plan->tasks[t->parent].id : NULL);
	NUM("duration", r->summary ? r->ef - r->es : t->days);
	DATE("start", r->start);
	DATE("finish", r->finish);
	DATE("late_start", r->late_start);
	DATE("late_finish", r->late_finish);
	NUM("total_slack", r->total_slack);
	NUM("free_slack", r->free_slack);
	BOOL("critical", r->critical);
	BOOL("milestone", r->milestone);
	BOOL("summary", r->summary);
	NUM("progress", prog);
	STR("status", r->done || prog >= 100 ? "done" : prog > 0 || t->actual_start != PMO_NODATE ? "in_progress"
										       : "not_started");
	/* filters match handles; the printed list has each allocation, as JSON */
	for (j = 0; j < t->nassignees && !err; j++) {
		pmo_node *a = pmo_node_str(doc, t->assignees[j].person), *pa = a;

		if (!for_filter) {
			*plan_put_long(n, t->assignees[j].allocation) = '\0';
			err = !(pa = pmo_node_map(doc)) || !a ||
			      pmo_map_append(doc, pa, pmo_node_str(doc, "person"), a) < 0 ||
			      pmo_map_append(doc, pa, pmo_node_str(doc, "allocation"),
					     pmo_node_scalar(doc, PMO_TAG_INT, n, strlen(n))) < 0;
		}
		err = err || pmo_seq_append(doc, who, pa) < 0;
	}
	if (for_filter)
		PUT("assignee", who);
	PUT("assignees", who);
	for (j = 0; j < t->ndeps && !err; j++)
		err = pmo_seq_append(doc, deps, pmo_node_str(doc, t->deps[j].task)) < 0;
	PUT("depends", deps);
	DATE("actual_start", t->actual_start);
	DATE("actual_finish", t->actual_finish);
	DATE("start_no_earlier_than", t->snet);
	DATE("finish_no_later_than", t->fnlt);
	STR("notes", t->notes);
#undef PUT
#undef STR
#undef NUM
#undef BOOL
#undef DATE
	return err ? NULL : m;
}

/* The fields task list filters and sorts on (task_view's), with the type
 * a value given for each must have. */
typedef enum { FIELD_TEXT, FIELD_INT, FIELD_DATE, FIELD_BOOL, FIELD_STATUS } task_field_type;
static const struct {
	const char *name;
	task_field_type type;
} task_fields[] = {
	{ "id", FIELD_TEXT }, { "title", FIELD_TEXT }, { "parent", FIELD_TEXT }, { "duration", FIELD_INT },
	{ "start", FIELD_DATE }, { "finish", FIELD_DATE }, { "late_start", FIELD_DATE },
	{ "late_finish", FIELD_DATE }, { "total_slack", FIELD_INT }, { "free_slack", FIELD_INT },
	{ "critical", FIELD_BOOL }, { "milestone", FIELD_BOOL }, { "summary", FIELD_BOOL },
	{ "progress", FIELD_INT }, { "status", FIELD_STATUS }, { "assignee", FIELD_TEXT },
	{ "depends", FIELD_TEXT }, { "actual_start", FIELD_DATE }, { "actual_finish", FIELD_DATE },
	{ "start_no_earlier_than", FIELD_DATE }, { "finish_no_later_than", FIELD_DATE }, { "notes", FIELD_TEXT },
};
#define NTASK_FIELDS (sizeof(task_fields) / sizeof(task_fields[0]))

/* The names of task_fields, in their order. */
static const char *const *task_field_names(void)
{
	static const char *names[NTASK_FIELDS];
	size_t i;

	for (i = 0; i < NTASK_FIELDS; i++)
		names[i] = task_fields[i].name;
	return names;
}

/* Whether task list knows field f, and its type (assignees: as assignee). */
static int task_field(task_field_type *type, const char *f)
{
	size_t i;

	for (i = 0; i < NTASK_FIELDS; i++)
		if (!strcmp(task_fields[i].name, f)) {
			*type = task_fields[i].type;
			return 1;
		}
	*type = FIELD_TEXT;
	return !strcmp(f, "assignees");
}

/* A field task list does not have: the fields there are, and git's "did
 * you mean". */
static int unknown_view_field(const char *f)
{
	return plan_unknown_field(f, "task", task_field_names(), NTASK_FIELDS);
}

/* What the filters of lib/model/match.c take for a task field: the
 * assignees and dependencies are lists of text. */
static pmo_value_type view_value_type(task_field_type type, const char *field)
{
	switch (type) {
	case FIELD_INT: return PMO_VALUE_INT;
	case FIELD_DATE: return PMO_VALUE_DATE;
	case FIELD_BOOL: return PMO_VALUE_BOOL;
	case FIELD_STATUS: return PMO_VALUE_ENUM;
	case FIELD_TEXT: break;
	}
	return !strcmp(field, "assignee") || !strcmp(field, "assignees") || !strcmp(field, "depends")
	       ? PMO_VALUE_TEXTS : PMO_VALUE_TEXT;
}

/* A filter's value of the field's type, as risk list checks its values:
 * status one of its three, a flag true or false, a date YYYY-MM-DD, a
 * number whole; "" (field=: the field absent) always. 0, or exit 2. */
static int check_view_value(const pmo_filter *f, task_field_type type, const char *v)
{
	int eq = f->op == PMO_FILTER_EQ || f->op == PMO_FILTER_NE;
	pmo_date d;

	if (!*v)
		return 0;
	if (type == FIELD_STATUS && eq && strcmp(v, "done") && strcmp(v, "in_progress") && strcmp(v, "not_started"))
		return pmo_die(2, "%s: \"%s\" is not one of: done, in_progress, not_started", f->field, v);
	if (type == FIELD_BOOL && eq && strcmp(v, "true") && strcmp(v, "false"))
		return pmo_die(2, "%s: \"%s\" is not one of: true, false", f->field, v);
	if (type == FIELD_INT && pmo_yaml_resolve(v, strlen(v)) != PMO_TAG_INT)
		return pmo_die(2, "%s: \"%s\" is not an integer", f->field, v);
	if (type == FIELD_DATE && pmo_date_parse(&d, v, strlen(v)) < 0) {
		pmo_error_clear();
		return pmo_die(2, "%s: \"%s\" is not a date (YYYY-MM-DD, today, today+14d, today-2w)",
			       f->field, v);
	}
	return 0;
}

typedef struct { pmo_node *view; size_t task, pos; } task_row;
static const char *row_sort_field;
static int row_sort_desc;

static int cmp_rows(const void *a, const void *b)
{
	const task_row *x = a, *y = b;
	int c = pmo_view_compare(x->view, y->view, row_sort_field);
	const pmo_node *vx = pmo_map_get(x->view, row_sort_field), *vy = pmo_map_get(y->view, row_sort_field);

	if (c && vx && vy && row_sort_desc)
		c = -c; /* tasks without the field stay last */
	return c ? c : x->pos < y->pos ? -1 : 1;
}

/* p->order from filters (field=value, field!=value, field>=value …) and
 * --sort [-]FIELD[,…]; exit 2 on an unknown field. */
static int select_rows(planctx *p, const pmo_schedule *s, char **filters, int nfilters, const char *sort)
{
	pmo_filters fs = { 0 };
	pmo_doc *doc = NULL;
	task_row *rows = NULL;
	char *spec = NULL, *keys[16];
	size_t i, n = 0, nk = 0, q;
	int code = 0, k;

	for (k = 0; k < nfilters; k++) {
		pmo_filter *f;
		task_field_type type;
		if ((code = pmo_filter_add(&fs, filters[k])))
			goto done;
		f = &fs.items[fs.n - 1];
		if (!task_field(&type, f->field)) {
			code = unknown_view_field(f->field);
			goto done;
		}
		if ((code = pmo_filter_type(f, view_value_type(type, f->field), pmo_date_today())))
			goto done;
		for (i = 0; i < f->n; i++)
			if ((code = check_view_value(f, type, f->values[i])))
				goto done;
	}
	if (sort) {
		if (!(spec = strdup(sort))) {
			code = pmo_die(1, "out of memory");
			goto done;
		}
		for (keys[nk] = strtok(spec, ","); keys[nk] && nk < 15; keys[++nk] = strtok(NULL, ",")) {
			task_field_type type;
			if (!task_field(&type, keys[nk] + (keys[nk][0] == '-' || keys[nk][0] == '+'))) {
				code = unknown_view_field(keys[nk] + (keys[nk][0] == '-' || keys[nk][0] == '+'));
				goto done;
			}
		}
	}
	if (!fs.n && !nk)
		goto done;
	if (pmo_doc_new(&doc) < 0 || !(rows = calloc(p->plan->n + 1, sizeof(*rows))) ||
	    !(p->order = calloc(p->plan->n + 1, sizeof(size_t)))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	for (i = 0; i < p->plan->n; i++) {
		pmo_node *v = task_view(doc, p, s, i, 1);
		if (!v) {
			code = pmo_die(1, "out of memory");
			goto done;
		}
		if (!pmo_filters_match(&fs, v))
			continue;
		rows[n].view = v;
		rows[n].task = i;
		rows[n].pos = n;
		n++;
	}
	/* the last key first, each pass stable */
	for (q = nk; q-- > 0;) {
		row_sort_desc = keys[q][0] == '-';
		row_sort_field = keys[q] + (keys[q][0] == '-' || keys[q][0] == '+');
		qsort(rows, n, sizeof(*rows), cmp_rows);
		for (i = 0; i < n; i++)
			rows[i].pos = i;
	}
	for (i = 0; i < n; i++)
		p->order[i] = rows[i].task;
	p->norder = n;
done:
	free(spec);
	free(rows);
	pmo_doc_free(doc);
	pmo_filters_free(&fs);
	return code;
}

/* The selected tasks as a YAML sequence of the fields task list filters
 * on (what --format yaml of a register prints: one mapping per row). */
static int yaml_tasks(pmo_buf *out, const planctx *p, const pmo_schedule *s)
{
	pmo_doc *doc = NULL;
	pmo_node *seq, *v;
	size_t i;
	int error;

	if ((error = pmo_doc_new(&doc)) < 0)
		return error;
	if (!(seq = pmo_node_seq(doc))) {
		error = PMO_ENOMEM;
		goto done;
	}
	for (i = 0; i < nrows(p); i++)
		if (!(v = task_view(doc, p, s, row(p, i), 0)) || (error = pmo_seq_append(doc, seq, v)) < 0) {
			error = error < 0 ? error : PMO_ENOMEM;
			goto done;
		}
	error = pmo_yaml_emit(out, seq);
done:
	pmo_doc_free(doc);
	return error;
}

int plan_show_table(pmo_ctx *ctx, view v, const char *fmt_given, const char *as_of_given,
	       int gantt, const char *allowed, char **filters, int nfilters, const char *sort, int force)
{
	planctx p;
	pmo_schedule *s = NULL;
	pmo_table *t = NULL;
	pmo_buf out = PMO_BUF_INIT;
	const char *format;
	pmo_date as_of;
	int code;

	memset(&p, 0, sizeof(p));
	if ((code = pmo_format(&format, ctx, fmt_given, allowed, "table")) ||
	    (code = plan_as_of(&as_of, as_of_given)))
		return code;
	if (gantt && strcmp(format, "table"))
		return pmo_die(2, "--gantt draws text; it takes no --format %s", format);
	/* the schedule uses no node of plan.yaml: read without its tree */
	if ((code = v == VIEW_SCHEDULE ? plan_read_direct(&p, ctx, force) : plan_read(&p, ctx, force)))
		goto done;
	if ((code = plan_schedule(&s, &p, as_of)) == PLAN_AGAIN) {
		/* a finding: told at its place, read with the tree */
		pmo_schedule_free(s);
		s = NULL;
		planctx_free(&p);
		if ((code = plan_read(&p, ctx, force)))
			goto done;
		code = plan_schedule(&s, &p, as_of);
	}
	if (code) {
		plan_print_findings(p.display, &p.f, 0, 0);
		goto done;
	}
	plan_print_findings(p.display, &p.f, 0, 0);
	if ((code = select_rows(&p, s, filters, nfilters, sort)))
		goto done;
	if (gantt) {
		/* a pipe: titles whole and no today marker (ctx->width is 0) */
		pmo_gantt_options o = { ctx->width, as_of != PMO_NODATE ? as_of : pmo_date_today() };
		if (pmo_gantt_render(&out, p.plan, s, p.cal, &o) < 0) {
			code = pmo_fail();
			goto done;
		}
		if (p.forced)
			pmo_buf_puts(&out, "\n(" PLAN_FORCED_NOTE ")\n");
	} else if (!strcmp(format, "json")) {
		if (json_schedule(&out, &p, s, as_of) < 0) {
			code = pmo_fail();
			goto done;
		}
	} else if (!strcmp(format, "yaml")) {
		if (yaml_tasks(&out, &p, s) < 0) {
			code = pmo_fail();
			goto done;
		}
	} else if (!strcmp(format, "mermaid")) {
		pmo_mermaid_options o = { pmo_node_text(pmo_map_get(pmo_doc_root(p.project), "name")), p.key,
					  p.progress };
		if (pmo_mermaid_render(&out, p.plan, s, p.cal, &o) < 0) {
			code = pmo_fail();
			goto done;
		}
	} else {
		if (!strcmp(format, "csv")) {
			if (csv_schedule(&out, &p, s, v) < 0) {
				code = pmo_fail();
				goto done;
			}
		} else if (build_table(&t, &p, s, v) < 0) {
			code = pmo_fail();
			goto done;
		} else if (!strcmp(format, "md")) {
			pmo_table_md(&out, t);
			if (p.forced)
				pmo_buf_puts(&out, "\n(" PLAN_FORCED_NOTE ")\n");
		} else {
			pmo_table_opts o = { ctx->width, ctx->color };
			pmo_table_render(&out, t, &o);
			if (v == VIEW_SCHEDULE)
				summary_lines(&out, &p, s, as_of);
			if (p.forced)
				pmo_buf_puts(&out, "(" PLAN_FORCED_NOTE ")\n");
		}
	}
	code = pmo_emit(&out);
done:
	pmo_table_free(t);
	pmo_schedule_free(s);
	pmo_buf_free(&out);
	planctx_free(&p);
	return code;
}

/* --- schedule ------------------------------------------------------------------------------ */

static int cmd_schedule_run(pmo_ctx *ctx, int argc, char **argv)
{
	const char *format = NULL, *as_of = NULL;
	int gantt = 0, force = 0, code;
	const pmo_opt opts[] = {
		OPT_BOOL('g', "gantt", &gantt, "a Gantt chart in the terminal (one column per day or week)"),
		OPT_STRING('f', "format", &format, "FORMAT", "table (default), json, csv, md or mermaid"),
		OPT_STRING(0, "as-of", &as_of, "DATE", "status date: progress and actual dates count (default today; none: the plan alone)"),
		PLAN_FORCE_OPT(&force),
		OPT_END(),
	};

	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	if (argc)
		return pmo_die(2, "schedule takes no arguments, not \"%s\"", argv[0]);
	return plan_show_table(ctx, VIEW_SCHEDULE, format, as_of, gantt, "table,json,csv,md,mermaid", NULL, 0, NULL,
			       force);
}

static const pmo_verb schedule_verb = {
	"schedule", cmd_schedule_run,
	"usage: pmo [-p KEY] schedule [--gantt] [--format table|json|csv|md|mermaid] [--as-of DATE]\n",
	"critical-path schedule: ES/EF/LS/LF, total and free slack, the critical path, the project finish",
	NULL,
};

const pmo_family pmo_schedule_command = { "schedule", NULL, &schedule_verb, 1, 1, NULL, NULL };
