/*
 * pmo load: each person's allocation, day by day, summed over the
 * scheduled tasks of every project (each on its own calendar), against
 * their capacity; who is over-allocated, when, and by which tasks. As a
 * table with a heat strip per person (one cell a week or a day), JSON or
 * CSV. The computation is lib/check/workload.c over lib/plan/alloc.c.
 */
#include "plan_internal.h"
#include "check/workload.h"

#include <stdlib.h>
#include <string.h>

static const char load_usage[] =
	"usage: pmo load [--from DATE] [--to DATE] [person=H] [--by day|week] [--today DATE]\n"
	"                [--format table|json|csv]\n"
	"\nEach person's load: the allocation of every task they are assigned to,\n"
	"summed a day at a time over every project's schedule (each project on its\n"
	"own calendar: a project's holiday carries none of its tasks' load), as a\n"
	"percent of their time (their capacity in hours a day, people/<handle>.yaml;\n"
	"8 when not given). Above 100% on a day is over-allocation: listed with its\n"
	"dates, tasks and projects. Projects that are closed or cancelled count no\n"
	"load; schedules are as of today, as pmo schedule computes them.\n"
	"Defaults: --from today (--today, $PMO_TODAY), --to 13 weeks on (--from plus\n"
	"90 days), --by week (a week is Monday to Sunday, cut to --from and --to).\n"
	"The table's strip has one cell a period, shaded by its busiest day:\n"
	"  \xc2\xb7 none, \xe2\x96\x91 up to 50%, \xe2\x96\x92 up to 80%, \xe2\x96\x93 up to 100%, \xe2\x96\x88 over 100%\n"
	"Filter: person=HANDLE.\n";

static const char *const cells[] = { "\xc2\xb7", "\xe2\x96\x91", "\xe2\x96\x92", "\xe2\x96\x93", "\xe2\x96\x88" };

static const char *cell(int load)
{
	return load <= 0 ? cells[0] : load <= 50 ? cells[1] : load <= 80 ? cells[2] : load <= 100 ? cells[3] : cells[4];
}

/* A whole number and what follows it, without printf (the over-allocation
 * of a busy portfolio is thousands of rows). */
static void put_num(pmo_buf *b, long v, const char *suffix)
{
	char tmp[24];

	pmo_buf_put(b, tmp, (size_t)(plan_put_long(tmp, v) - tmp));
	pmo_buf_puts(b, suffix);
}

/* A number of hours as text: at most two decimals, no trailing zeros. */
static void put_hours(pmo_buf *b, double h)
{
	long c = (long)(h * 100 + (h >= 0 ? 0.5 : -0.5));

	put_num(b, c / 100, "");
	if (c % 100) {
		pmo_buf_putc(b, '.');
		pmo_buf_putc(b, (char)('0' + c % 100 / 10));
		pmo_buf_putc(b, (char)('0' + c % 10));
		if (b->len && b->ptr[b->len - 1] == '0')
			b->ptr[--b->len] = '\0';
	}
}

/* text, then a number, then suffix: the JSON writer's pieces without
 * printf (a quarter's report is 100,000s of them) */
static void put_key_num(pmo_buf *b, const char *text, long v, const char *suffix)
{
	pmo_buf_puts(b, text);
	put_num(b, v, suffix);
}

/* text, then a date as a JSON string */
static void put_key_date(pmo_buf *b, const char *text, pmo_date d)
{
	char day[11];

	pmo_buf_puts(b, text);
	pmo_buf_putc(b, '"');
	pmo_buf_put(b, pmo_date_format(day, d), 10);
	pmo_buf_putc(b, '"');
}

typedef struct {
	long first, last; /* window days */
} period;

/* The periods of the window: days, or weeks (Monday to Sunday) cut to it. */
static period *periods(size_t *n, const pmo_workload *w, int by_week)
{
	period *v = malloc((size_t)(w->until - w->from + 1) * sizeof(*v));
	long d, ndays = w->until - w->from + 1;

	*n = 0;
	if (!v)
		return NULL;
	for (d = 0; d < ndays; d++) {
		if (*n && by_week && pmo_date_weekday(w->from + d) != 1) {
			v[*n - 1].last = d;
			continue;
		}
		v[*n].first = v[*n].last = d;
		(*n)++;
	}
	return v;
}

static int period_peak(const pmo_alloc_person *a, const period *p)
{
	int peak = 0;
	long d;

	for (d = p->first; a && d <= p->last; d++)
		if (a->load[d] > peak)
			peak = a->load[d];
	return peak;
}

static long period_over(const pmo_alloc_person *a, const period *p)
{
	long d, n = 0;

	for (d = p->first; a && d <= p->last; d++)
		n += a->load[d] > 100;
	return n;
}

static double period_hours(const pmo_workload_person *pp, const period *p)
{
	long d, sum = 0;

	for (d = p->first; pp->load && d <= p->last; d++)
		sum += pp->load->load[d];
	return (double)sum * pp->capacity / 100.0;
}

/* Whether part i of a person loads a day of p. */
static int part_in(const pmo_workload *w, const pmo_alloc_part *part, const period *p)
{
	long d;

	for (d = p->first; d <= p->last; d++)
		if (pmo_alloc_on(w->alloc, part, d))
			return 1;
	return 0;
}

/* The same task as the part before (a started task can load in two spans). */
static int same_task(const pmo_alloc_part *a, const pmo_alloc_part *b)
{
	return b && a->project == b->project && a->task == b->task && a->assignee == b->assignee;
}

/* "CBM/T-1 60%, MOB/T-1 60%": the tasks of a person on some day of p
 * (p NULL: the parts listed in idx, n of them). */
static void tasks_text(pmo_buf *b, const pmo_workload *w, const pmo_alloc_person *a, const period *p,
		       const size_t *idx, size_t n)
{
	const pmo_alloc_part *prev = NULL;
	size_t i, count = p ? (a ? a->nparts : 0) : n;

	for (i = 0; i < count; i++) {
		const pmo_alloc_part *part = &a->parts[p ? i : idx[i]];
		const pmo_workload_project *wp = &w->projects[part->project];

		if ((p && !part_in(w, part, p)) || same_task(part, prev))
			continue;
		if (b->len)
			pmo_buf_puts(b, ", ");
		pmo_buf_puts(b, wp->key);
		pmo_buf_putc(b, '/');
		pmo_buf_puts(b, wp->plan->tasks[part->task].id);
		pmo_buf_putc(b, ' ');
		put_num(b, part->allocation, "%");
		prev = part;
	}
}

static void json_tasks(pmo_buf *b, const pmo_workload *w, const pmo_alloc_person *a, const period *p,
		       const size_t *idx, size_t n, int where)
{
	const pmo_alloc_part *prev = NULL;
	size_t i, count = p ? (a ? a->nparts : 0) : n, k = 0;

	pmo_buf_puts(b, "\"tasks\": [");
	for (i = 0; i < count; i++) {
		const pmo_alloc_part *part = &a->parts[p ? i : idx[i]];
		const pmo_workload_project *wp = &w->projects[part->project];
		const pmo_task *t = &wp->plan->tasks[part->task];

		if ((p && !part_in(w, part, p)) || same_task(part, prev))
			continue;
		prev = part;
		pmo_buf_puts(b, k++ ? ", {\"project\": " : "{\"project\": ");
		pmo_json_cstr(b, wp->key);
		pmo_buf_puts(b, ", \"task\": ");
		pmo_json_cstr(b, t->id);
		if (where) {
			uint32_t line, col;

			pmo_buf_puts(b, ", \"title\": ");
			pmo_json_cstr(b, t->title);
			pmo_workload_where(w, part, &line, &col);
			pmo_buf_puts(b, ", \"path\": ");
			pmo_json_cstr(b, wp->path);
			put_key_num(b, ", \"line\": ", (long)line, "");
			put_key_num(b, ", \"col\": ", (long)col, "");
		}
		put_key_num(b, ", \"allocation\": ", part->allocation, "}");
	}
	pmo_buf_putc(b, ']');
}

static void render_json(pmo_buf *b, const pmo_workload *w, const pmo_workload_person *const *rows, size_t n,
			const period *pv, size_t np, int by_week, pmo_date today)
{
	char d1[11], d2[11];
	size_t i, j, k;

	pmo_buf_printf(b, "{\n  \"version\": 1,\n  \"today\": \"%s\",\n", pmo_date_format(d1, today));
	pmo_buf_printf(b, "  \"from\": \"%s\",\n  \"to\": \"%s\",\n  \"by\": \"%s\",\n  \"people\": [",
		       pmo_date_format(d1, w->from), pmo_date_format(d2, w->until), by_week ? "week" : "day");
	for (i = 0; i < n; i++) {
		const pmo_workload_person *pp = rows[i];
		const pmo_alloc_person *a = pp->load;

		pmo_buf_puts(b, i ? ",\n    {\n" : "\n    {\n");
		pmo_buf_puts(b, "      ");
		pmo_json_member(b, "person", pp->handle, 0);
		pmo_json_member(b, "name", pp->name, 1);
		pmo_buf_puts(b, ", \"capacity\": ");
		put_hours(b, pp->capacity);
		pmo_buf_printf(b, ", \"peak\": %d, \"over_days\": %ld,\n      \"periods\": [", a ? a->peak : 0,
			       a ? a->over_days : 0L);
		for (j = 0; j < np; j++) {
			put_key_date(b, j ? ",\n        {\"from\": " : "\n        {\"from\": ", w->from + pv[j].first);
			put_key_date(b, ", \"to\": ", w->from + pv[j].last);
			put_key_num(b, ", \"load\": ", period_peak(a, &pv[j]), ", \"hours\": ");
			put_hours(b, period_hours(pp, &pv[j]));
			put_key_num(b, ", \"over_days\": ", period_over(a, &pv[j]), ", ");
			json_tasks(b, w, a, &pv[j], NULL, 0, 0);
			pmo_buf_putc(b, '}');
		}
		pmo_buf_puts(b, np ? "\n      ],\n      \"over\": [" : "],\n      \"over\": [");
		for (k = 0; a && k < a->nover; k++) {
			const pmo_alloc_over *ov = &a->over[k];

			put_key_date(b, k ? ",\n        {\"from\": " : "\n        {\"from\": ", w->from + ov->first);
			put_key_date(b, ", \"to\": ", w->from + ov->last);
			put_key_num(b, ", \"days\": ", ov->days, "");
			put_key_num(b, ", \"load\": ", ov->load, ", ");
			json_tasks(b, w, a, NULL, ov->parts, ov->nparts, 1);
			pmo_buf_putc(b, '}');
		}
		pmo_buf_puts(b, a && a->nover ? "\n      ]\n    }" : "]\n    }");
	}
	pmo_buf_puts(b, n ? "\n  ]\n}\n" : "]\n}\n");
}

static int render_csv(pmo_buf *b, const pmo_ctx *ctx, const pmo_workload *w,
		      const pmo_workload_person *const *rows, size_t n, const period *pv, size_t np)
{
	static const char *const heads[] = { "Person", "From", "To", "Load", "Hours", "Capacity", "Over days", "Tasks" };
	pmo_buf num[5] = { PMO_BUF_INIT, PMO_BUF_INIT, PMO_BUF_INIT, PMO_BUF_INIT, PMO_BUF_INIT };
	pmo_table *t = NULL;
	char d1[11], d2[11];
	size_t i, j, k;
	int error;

	if ((error = pmo_table_new(&t, 8)) < 0)
		return error;
	for (i = 0; i < 8 && error >= 0; i++)
		error = pmo_table_header(t, i, heads[i]);
	for (i = 0; i < n && error >= 0; i++) {
		for (j = 0; j < np && error >= 0; j++) {
			const char *row[8];

			for (k = 0; k < 5; k++)
				pmo_buf_clear(&num[k]);
			put_num(&num[0], period_peak(rows[i]->load, &pv[j]), "");
			put_hours(&num[1], period_hours(rows[i], &pv[j]));
			put_hours(&num[2], rows[i]->capacity);
			put_num(&num[3], period_over(rows[i]->load, &pv[j]), "");
			tasks_text(&num[4], w, rows[i]->load, &pv[j], NULL, 0);
			row[0] = rows[i]->handle;
			row[1] = pmo_date_format(d1, w->from + pv[j].first);
			row[2] = pmo_date_format(d2, w->from + pv[j].last);
			row[3] = pmo_buf_cstr(&num[0]);
			row[4] = pmo_buf_cstr(&num[1]);
			row[5] = pmo_buf_cstr(&num[2]);
			row[6] = pmo_buf_cstr(&num[3]);
			row[7] = pmo_buf_cstr(&num[4]);
			error = pmo_table_row(t, row);
		}
	}
	if (error >= 0)
		error = pmo_emit_table(b, ctx, t, "csv");
	for (k = 0; k < 5; k++)
		pmo_buf_free(&num[k]);
	pmo_table_free(t);
	return error;
}

/* The people with their strips, the legend, then each stretch of
 * over-allocation. */
static int render_table(pmo_buf *b, const pmo_ctx *ctx, const pmo_workload *w,
			const pmo_workload_person *const *rows, size_t n, const period *pv, size_t np,
			int by_week)
{
	pmo_buf strip = PMO_BUF_INIT, head = PMO_BUF_INIT, f[4] = { PMO_BUF_INIT, PMO_BUF_INIT, PMO_BUF_INIT, PMO_BUF_INIT };
	pmo_table *t = NULL, *o = NULL;
	char d1[11], d2[11];
	size_t i, j, k, nover = 0;
	int error;

	pmo_buf_printf(&head, "%s from %s", by_week ? "Weeks" : "Days", pmo_date_format(d1, w->from));
	if ((error = pmo_table_new(&t, 6)) < 0 || (error = pmo_table_new(&o, 6)) < 0)
		goto done;
	{
		const char *h1[] = { "Person", "Name", "Capacity", "Peak", "Over", pmo_buf_cstr(&head) };
		const char *h2[] = { "Person", "From", "To", "Days", "Load", "Tasks" };

		for (i = 0; i < 6 && error >= 0; i++)
			if ((error = pmo_table_header(t, i, h1[i])) >= 0)
				error = pmo_table_header(o, i, h2[i]);
		if (error < 0)
			goto done;
	}
	pmo_table_shrink(t, 1);
	pmo_table_right(t, 2);
	pmo_table_right(t, 3);
	pmo_table_right(t, 4);
	pmo_table_right(o, 3);
	pmo_table_right(o, 4);
	pmo_table_shrink(o, 5);
	for (i = 0; i < n && error >= 0; i++) {
		const pmo_workload_person *pp = rows[i];
		const pmo_alloc_person *a = pp->load;
		const char *row[6];

		pmo_buf_clear(&strip);
		for (j = 0; j < np; j++)
			pmo_buf_puts(&strip, cell(period_peak(a, &pv[j])));
		for (k = 0; k < 3; k++)
			pmo_buf_clear(&f[k]);
		put_hours(&f[0], pp->capacity);
		pmo_buf_putc(&f[0], 'h');
		put_num(&f[1], a ? a->peak : 0, "%");
		put_num(&f[2], a ? a->over_days : 0L, "d");
		row[0] = pp->handle;
		row[1] = pp->name;
		row[2] = pmo_buf_cstr(&f[0]);
		row[3] = pmo_buf_cstr(&f[1]);
		row[4] = pmo_buf_cstr(&f[2]);
		row[5] = pmo_buf_cstr(&strip);
		error = pmo_table_row(t, row);
		for (k = 0; a && k < a->nover && error >= 0; k++) {
			const pmo_alloc_over *ov = &a->over[k];
			const char *orow[6];

			for (j = 0; j < 4; j++)
				pmo_buf_clear(&f[j]);
			put_num(&f[0], ov->days, "");
			put_num(&f[1], ov->load, "%");
			tasks_text(&f[2], w, a, NULL, ov->parts, ov->nparts);
			orow[0] = pp->handle;
			orow[1] = pmo_date_format(d1, w->from + ov->first);
			orow[2] = pmo_date_format(d2, w->from + ov->last);
			orow[3] = pmo_buf_cstr(&f[0]);
			orow[4] = pmo_buf_cstr(&f[1]);
			orow[5] = pmo_buf_cstr(&f[2]);
			error = pmo_table_row(o, orow);
			nover++;
		}
	}
	if (error < 0 || (error = pmo_emit_table(b, ctx, t, "table")) < 0)
		goto done;
	pmo_buf_printf(b, "\nOne cell a %s, shaded by its busiest day: %s none, %s up to 50%%, %s up to 80%%, "
		       "%s up to 100%%, %s over 100%%\n\n", by_week ? "week" : "day", cells[0], cells[1], cells[2],
		       cells[3], cells[4]);
	if (!nover)
		pmo_buf_printf(b, "No one is over-allocated from %s to %s.\n", pmo_date_format(d1, w->from),
			       pmo_date_format(d2, w->until));
	else {
		pmo_buf_puts(b, "Over-allocated (above 100% of their time):\n");
		error = pmo_emit_table(b, ctx, o, "table");
	}
done:
	pmo_buf_free(&strip);
	pmo_buf_free(&head);
	for (k = 0; k < 4; k++)
		pmo_buf_free(&f[k]);
	pmo_table_free(t);
	pmo_table_free(o);
	return error;
}

static int parse_date_opt(pmo_date *out, const char *opt, const char *given)
{
	if (given && pmo_date_parse(out, given, strlen(given)) < 0)
		return pmo_die(2, "--%s takes a date YYYY-MM-DD, not \"%s\"", opt, given);
	return 0;
}

static int no_person(const pmo_workload *w, const char *handle)
{
	const char **names = malloc((w->n ? w->n : 1) * sizeof(*names));
	size_t i;
	int code = pmo_die(2, "person=%s: no such person (not in people/ and assigned to no task "
			   "of the window)", handle);

	for (i = 0; names && i < w->n; i++)
		names[i] = w->people[i].handle;
	if (names)
		pmo_suggest("person", handle, names, w->n);
	free(names);
	return code;
}

int cmd_load(pmo_ctx *ctx, int argc, char **argv)
{
	const char *from_s = NULL, *to_s = NULL, *today_s = NULL, *by = NULL, *format = NULL, *person = NULL;
	int nargs = argc - 1, code, i, by_week = 1;
	const pmo_opt opts[] = {
		OPT_STRING(0, "from", &from_s, "DATE", "the first day (YYYY-MM-DD; default today)"),
		OPT_STRING(0, "to", &to_s, "DATE", "the last day (default 13 weeks on: --from plus 90 days)"),
		OPT_STRING(0, "by", &by, "PERIOD", "week (default: Monday to Sunday) or day: the strip's cells, the rows of json and csv"),
		OPT_STRING(0, "today", &today_s, "DATE", "the day the schedules are computed as of (default today, or $PMO_TODAY)"),
		OPT_STRING('f', "format", &format, "FORMAT", "table (default), json or csv"),
		OPT_END(),
	};
	const pmo_workload_person **rows = NULL;
	pmo_workload *w = NULL;
	pmo_buf out = PMO_BUF_INIT;
	pmo_date today, from, until;
	period *pv = NULL;
	size_t n = 0, np = 0, j;

	if ((code = pmo_parse(ctx, &nargs, argv + 1, opts, load_usage)) != PMO_GO)
		return code;
	if ((code = pmo_format(&format, ctx, format, "table,json,csv", "table")))
		return code;
	today = pmo_date_today();
	if ((code = parse_date_opt(&today, "today", today_s)))
		return code;
	from = today;
	if ((code = parse_date_opt(&from, "from", from_s)))
		return code;
	until = from + 90;
	if ((code = parse_date_opt(&until, "to", to_s)))
		return code;
	if (until < from) {
		char d1[11], d2[11];
		return pmo_die(2, "--to %s is before --from %s", pmo_date_format(d1, until), pmo_date_format(d2, from));
	}
	if (until - from >= PMO_WORKLOAD_MAX_DAYS)
		return pmo_die(2, "--from to --to spans %ld days; pmo load takes at most %d (ten years)",
			       until - from + 1, PMO_WORKLOAD_MAX_DAYS);
	if (by && !strcmp(by, "day"))
		by_week = 0;
	else if (by && strcmp(by, "week"))
		return pmo_die(2, "--by takes day or week, not \"%s\"", by);
	for (i = 1; i <= nargs; i++) {
		if (strncmp(argv[i], "person=", 7) || !argv[i][7])
			return pmo_die(2, "\"%s\" is not a filter of pmo load; filter: person=HANDLE", argv[i]);
		person = argv[i] + 7;
	}
	if (pmo_workload_tree(&w, ctx->src, ctx->model, ctx->settings, today, from, until) < 0)
		return pmo_fail();
	for (j = 0; w->left_out && w->left_out[j]; j++)
		pmo_warn("%s (its plan is left out of the load)", w->left_out[j]);
	if (person && !pmo_workload_find(w, person)) {
		code = no_person(w, person);
		goto done;
	}
	if (!(rows = calloc(w->n ? w->n : 1, sizeof(*rows))) || !(pv = periods(&np, w, by_week))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	for (j = 0; j < w->n; j++)
		if (!person || !strcmp(person, w->people[j].handle))
			rows[n++] = &w->people[j];
	if (!strcmp(format, "json"))
		render_json(&out, w, rows, n, pv, np, by_week, today);
	else if ((!strcmp(format, "csv") ? render_csv(&out, ctx, w, rows, n, pv, np)
					   : render_table(&out, ctx, w, rows, n, pv, np, by_week)) < 0) {
		code = pmo_fail();
		goto done;
	}
	code = pmo_emit(&out);
done:
	free(rows);
	free(pv);
	pmo_workload_free(w);
	pmo_buf_free(&out);
	return code;
}
