/*
 * pmo due: what falls due across every kind and project — risk reviews,
 * open issues and actions past due, document and obligation reviews,
 * trainings and contracts expiring, incidents past their SLA, milestones
 * past their baseline — as each kind's schema declares (x-pmo "due";
 * lib/check/due.h). Without options: what is overdue and what falls due in
 * the next 14 days. As a table, JSON, CSV, Markdown or an iCalendar file
 * (one all-day event a day an item falls due) for a team calendar.
 */
#include "pmo.h"
#include "check/due.h"

#include <stdlib.h>
#include <string.h>

static const char due_usage[] =
	"usage: pmo due [--today DATE] [--within N] [--overdue] [owner=H] [kind=K] [project=P]\n"
	"               [--format table|json|csv|md|ical]\n"
	"\nList what falls due across every kind and project: reviews, due dates,\n"
	"expiries, SLAs, milestones past their baseline (which fields make a kind due\n"
	"is declared in its schema's x-pmo \"due\"). Without options: everything\n"
	"overdue and what falls due in the next 14 days; sorted by date, then record.\n"
	"Filters: owner=HANDLE, kind=KIND (or milestone), project=KEY, what=WORDS.\n";

/* "14", "14d", "2w": days; -1 when not one of them */
static long parse_within(const char *s)
{
	char *end;
	long n;

	if (!*s || *s < '0' || *s > '9')
		return -1;
	n = strtol(s, &end, 10);
	if (n < 0 || n > 36600)
		return -1;
	if (!*end || !strcmp(end, "d"))
		return n;
	if (!strcmp(end, "w"))
		return n * 7;
	return -1;
}

typedef struct {
	const char *owner, *kind, *project, *what;
} due_filter;

static int owner_matches(const char *owners, const char *who)
{
	size_t n = strlen(who);
	const char *p = owners;

	while (p && *p) {
		size_t len = strcspn(p, ",");
		if (len == n && !strncmp(p, who, n))
			return 1;
		p += len + (p[len] == ',');
	}
	return 0;
}

static int keep(const pmo_due_item *it, const due_filter *f, long within, int overdue_only)
{
	if (it->days < 0 ? 0 : (overdue_only || it->days > within))
		return 0;
	if (f->owner && !(it->owner && owner_matches(it->owner, f->owner)))
		return 0;
	if (f->kind && strcmp(it->kind, f->kind))
		return 0;
	if (f->project && !(it->project && !strcmp(it->project, f->project)))
		return 0;
	if (f->what && !(it->what && !strcmp(it->what, f->what)))
		return 0;
	return 1;
}

static int parse_filter(due_filter *f, pmo_ctx *ctx, const char *arg)
{
	const char *eq = strchr(arg, '=');
	const char **to = NULL;
	size_t n = eq ? (size_t)(eq - arg) : 0;

	if (eq && n == 5 && !strncmp(arg, "owner", 5))
		to = &f->owner;
	else if (eq && n == 4 && !strncmp(arg, "kind", 4))
		to = &f->kind;
	else if (eq && n == 7 && !strncmp(arg, "project", 7))
		to = &f->project;
	else if (eq && n == 4 && !strncmp(arg, "what", 4))
		to = &f->what;
	if (!to)
		return pmo_die(2, "\"%s\" is not a filter of pmo due; filters: owner=HANDLE, kind=KIND, "
			       "project=KEY, what=WORDS", arg);
	*to = eq + 1;
	if (to == &f->kind && strcmp(f->kind, "milestone")) {
		const pmo_kind *k = pmo_model_kind(ctx->model, f->kind);
		size_t i;

		if (!k) {
			pmo_buf kinds = PMO_BUF_INIT;
			int code;

			for (i = 0; i < pmo_model_kind_count(ctx->model); i++)
				if (pmo_model_kind_at(ctx->model, i)->due)
					pmo_buf_printf(&kinds, "%s, ", pmo_model_kind_at(ctx->model, i)->name);
			code = pmo_die(2, "kind=%s: no such kind; kinds with due dates: %smilestone",
				       f->kind, pmo_buf_cstr(&kinds));
			pmo_buf_free(&kinds);
			return code;
		}
		f->kind = k->name;
	}
	if (to == &f->project)
		return pmo_check_project(ctx, f->project);
	return 0;
}

/* "overdue 3d", "today", "in 14d" (pieces, not printf: a portfolio has
 * thousands of rows) */
static const char *left_text(pmo_buf *b, long days)
{
	char num[24], *d = num + sizeof(num);
	unsigned long n = days < 0 ? 0UL - (unsigned long)days : (unsigned long)days;

	pmo_buf_clear(b);
	if (days == 0) {
		pmo_buf_puts(b, "today");
		return pmo_buf_cstr(b);
	}
	*--d = '\0';
	do
		*--d = (char)('0' + n % 10);
	while (n /= 10);
	pmo_buf_puts(b, days < 0 ? "overdue " : "in ");
	pmo_buf_puts(b, d);
	pmo_buf_putc(b, 'd');
	return pmo_buf_cstr(b);
}

static void json_str(pmo_buf *out, const char *key, const char *v, int comma)
{
	pmo_buf_printf(out, "\"%s\": ", key);
	if (v)
		pmo_json_string(out, v, strlen(v));
	else
		pmo_buf_puts(out, "null");
	if (comma)
		pmo_buf_puts(out, ", ");
}

static void render_json(pmo_buf *out, pmo_due_item *const *rows, size_t n, pmo_date today,
			long within, int overdue_only)
{
	char ds[11];
	size_t i;

	pmo_buf_printf(out, "{\n  \"version\": 1,\n  \"today\": \"%s\",\n  \"within_days\": ",
		       pmo_date_format(ds, today));
	if (overdue_only)
		pmo_buf_puts(out, "null");
	else
		pmo_buf_printf(out, "%ld", within);
	pmo_buf_puts(out, ",\n  \"items\": [");
	for (i = 0; i < n; i++) {
		const pmo_due_item *it = rows[i];

		pmo_buf_puts(out, i ? ",\n    {" : "\n    {");
		json_str(out, "record", it->record, 1);
		json_str(out, "kind", it->kind, 1);
		json_str(out, "what", it->what, 1);
		json_str(out, "title", it->title, 1);
		json_str(out, "date", pmo_date_format(ds, it->date), 1);
		json_str(out, "at", it->at, 1);
		json_str(out, "owner", it->owner, 1);
		json_str(out, "project", it->project, 1);
		pmo_buf_printf(out, "\"overdue\": %s, \"days_left\": %ld, ", it->days < 0 ? "true" : "false",
			       it->days);
		json_str(out, "path", it->path, 0);
		pmo_buf_putc(out, '}');
	}
	pmo_buf_puts(out, n ? "\n  ]\n}\n" : "]\n}\n");
}

static int render_table(pmo_buf *out, pmo_ctx *ctx, const char *format,
			pmo_due_item *const *rows, size_t n)
{
	static const char *const heads[] = { "Date", "Record", "Kind", "What", "Title", "Owner", "When" };
	pmo_table *t = NULL;
	pmo_buf left = PMO_BUF_INIT;
	char ds[11];
	size_t i;
	int error;

	if ((error = pmo_table_new(&t, 7)) < 0)
		return error;
	for (i = 0; i < 7 && error >= 0; i++)
		error = pmo_table_header(t, i, heads[i]);
	pmo_table_shrink(t, 4);
	for (i = 0; i < n && error >= 0; i++) {
		const pmo_due_item *it = rows[i];
		const char *cells[7];

		cells[0] = pmo_date_format(ds, it->date);
		cells[1] = it->record;
		cells[2] = it->kind;
		cells[3] = it->what;
		cells[4] = it->title;
		cells[5] = it->owner;
		cells[6] = left_text(&left, it->days);
		error = pmo_table_row(t, cells);
	}
	if (error >= 0)
		error = pmo_emit_table(out, ctx, t, format);
	pmo_buf_free(&left);
	pmo_table_free(t);
	return error;
}

int cmd_due(pmo_ctx *ctx, int argc, char **argv)
{
	const char *today_s = NULL, *within_s = NULL, *format = NULL;
	int overdue_only = 0, nargs = argc - 1, code, i;
	const pmo_opt opts[] = {
		OPT_STRING(0, "today", &today_s, "DATE", "the day to count from (YYYY-MM-DD; default today, or $PMO_TODAY)"),
		OPT_STRING('w', "within", &within_s, "N", "what falls due in the next N days (14, 14d, 2w; default 14d); overdue items are always listed"),
		OPT_BOOL(0, "overdue", &overdue_only, "only what is overdue"),
		OPT_STRING('f', "format", &format, "FORMAT", "table (default), json, csv, md or ical (iCalendar, one all-day event per item)"),
		OPT_END(),
	};
	pmo_due_list list = { 0 };
	pmo_due_item **rows = NULL;
	due_filter filter = { 0 };
	pmo_buf out = PMO_BUF_INIT;
	pmo_date today;
	long within = 14;
	size_t n = 0, j;

	if ((code = pmo_parse(ctx, &nargs, argv + 1, opts, due_usage)) != PMO_GO)
		return code;
	if ((code = pmo_format(&format, ctx, format, "table,json,csv,md,ical", "table")))
		return code;
	pmo_pager_start(ctx);
	today = pmo_date_today();
	if (today_s && pmo_date_parse(&today, today_s, strlen(today_s)) < 0)
		return pmo_die(2, "--today takes a date YYYY-MM-DD, not \"%s\"", today_s);
	if (within_s && (within = parse_within(within_s)) < 0)
		return pmo_die(2, "--within takes a number of days or weeks (14, 14d, 2w), not \"%s\"",
			       within_s);
	if (within_s && overdue_only)
		return pmo_die(2, "--within and --overdue do not go together: --overdue lists only what is overdue");
	for (i = 1; i <= nargs; i++)
		if ((code = parse_filter(&filter, ctx, argv[i])))
			return code;
	if (pmo_due_tree(&list, ctx->src, ctx->model, today) < 0)
		return pmo_fail();
	if (list.n && !(rows = calloc(list.n, sizeof(*rows)))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	for (j = 0; j < list.n; j++)
		if (keep(&list.items[j], &filter, within, overdue_only))
			rows[n++] = &list.items[j];
	if (!strcmp(format, "json"))
		render_json(&out, rows, n, today, within, overdue_only);
	else if (!strcmp(format, "ical") ? pmo_due_ical(&out, "pmo due", rows, n, today) < 0
		 : render_table(&out, ctx, format, rows, n) < 0) {
		code = pmo_fail();
		goto done;
	}
	code = pmo_emit(&out);
done:
	free(rows);
	pmo_due_list_free(&list);
	pmo_buf_free(&out);
	return code;
}
