/*
 * The semantic diff written out: JSON (docs/diff.md; values keep their
 * types, numbers stay numbers), text for the terminal, and Markdown for
 * a merge request's description (a section per project, with tables).
 */
#include "diff/diff.h"
#include "render/render.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static const char *date_or_null(char buf[static 11], pmo_date d)
{
	return d == PMO_NODATE ? NULL : pmo_date_format(buf, d);
}

/* --- JSON ------------------------------------------------------------------------ */

void pmo_diff__json_dates(pmo_buf *out, const pmo_diff_dates *d)
{
	char b1[11], b2[11];

	pmo_json_member(out, "before", date_or_null(b1, d->before), 0);
	pmo_json_member(out, "after", date_or_null(b2, d->after), 1);
	if (d->before == PMO_NODATE || d->after == PMO_NODATE)
		pmo_buf_puts(out, ", \"working_days\": null");
	else
		pmo_buf_printf(out, ", \"working_days\": %ld", d->working_days);
}

void pmo_diff__json_cost(pmo_buf *out, const pmo_diff_cost *c)
{
	if (!c) {
		pmo_buf_puts(out, "null");
		return;
	}
	pmo_buf_puts(out, "{\"planned\": {");
	pmo_json_member(out, "before", c->planned_before, 0);
	pmo_json_member(out, "after", c->planned_after, 1);
	pmo_buf_puts(out, "}, \"budget\": {");
	pmo_json_member(out, "before", c->budget_before, 0);
	pmo_json_member(out, "after", c->budget_after, 1);
	pmo_buf_puts(out, "}}");
}

void pmo_diff__json_strv(pmo_buf *out, char *const *v, size_t n)
{
	size_t i;

	pmo_buf_putc(out, '[');
	for (i = 0; i < n; i++) {
		if (i)
			pmo_buf_puts(out, ", ");
		pmo_json_cstr(out, v[i]);
	}
	pmo_buf_putc(out, ']');
}

void pmo_diff__json_milestones(pmo_buf *out, const pmo_diff_schedule *s)
{
	size_t i;

	pmo_buf_putc(out, '[');
	for (i = 0; i < s->nmilestones; i++) {
		pmo_buf_puts(out, i ? ", {" : "{");
		pmo_json_member(out, "id", s->milestones[i].id, 0);
		pmo_buf_puts(out, ", ");
		pmo_diff__json_dates(out, &s->milestones[i].date);
		pmo_buf_putc(out, '}');
	}
	pmo_buf_putc(out, ']');
}

static void json_schedule(pmo_buf *out, const pmo_diff_schedule *s)
{
	if (!s) {
		pmo_buf_puts(out, "null");
		return;
	}
	if (s->error) {
		pmo_buf_putc(out, '{');
		pmo_json_member(out, "error", s->error, 0);
		pmo_buf_putc(out, '}');
		return;
	}
	pmo_buf_puts(out, "{\"finish\": {");
	pmo_diff__json_dates(out, &s->finish);
	pmo_buf_puts(out, "},\n        \"milestones\": ");
	pmo_diff__json_milestones(out, s);
	pmo_buf_puts(out, ",\n        \"critical\": {\"added\": ");
	pmo_diff__json_strv(out, s->critical_added, s->ncritical_added);
	pmo_buf_puts(out, ", \"removed\": ");
	pmo_diff__json_strv(out, s->critical_removed, s->ncritical_removed);
	pmo_buf_printf(out, "},\n        \"slack_consumed\": %ld}", s->slack_consumed);
}

static void json_records(pmo_buf *out, const pmo_diff_record *v, size_t n, const char *indent)
{
	size_t i, k;

	pmo_buf_putc(out, '[');
	for (i = 0; i < n; i++) {
		const pmo_diff_record *r = &v[i];
		pmo_buf_printf(out, "%s\n%s  {", i ? "," : "", indent);
		pmo_json_member(out, "record", r->record, 0);
		pmo_json_member(out, "kind", r->kind, 1);
		pmo_json_member(out, "path", r->path, 1);
		pmo_json_member(out, "change", pmo_diff_change_name(r->change), 1);
		if (r->error)
			pmo_json_member(out, "error", r->error, 1);
		pmo_buf_puts(out, ", \"fields\": [");
		for (k = 0; k < r->nfields; k++) {
			pmo_buf_puts(out, k ? ", {" : "{");
			pmo_json_member(out, "field", r->fields[k].field, 0);
			pmo_buf_puts(out, ", \"before\": ");
			pmo_json_node(out, r->fields[k].before, -1, 0);
			pmo_buf_puts(out, ", \"after\": ");
			pmo_json_node(out, r->fields[k].after, -1, 0);
			pmo_buf_putc(out, '}');
		}
		pmo_buf_puts(out, "]}");
	}
	if (n)
		pmo_buf_printf(out, "\n%s", indent);
	pmo_buf_putc(out, ']');
}

int pmo_diff_json(pmo_buf *out, const pmo_diff *d)
{
	size_t i, k;

	pmo_buf_puts(out, "{\n  \"version\": 1,\n  \"projects\": [");
	for (i = 0; i < d->nprojects; i++) {
		const pmo_diff_project *p = &d->projects[i];
		pmo_buf_puts(out, i ? ",\n    {" : "\n    {");
		pmo_json_member(out, "project", p->key, 0);
		pmo_buf_puts(out, ",\n      \"schedule\": ");
		json_schedule(out, p->schedule);
		pmo_buf_puts(out, ",\n      \"cost\": ");
		pmo_diff__json_cost(out, p->cost);
		pmo_buf_puts(out, ",\n      \"risks\": [");
		for (k = 0; k < p->nrisks; k++) {
			pmo_buf_puts(out, k ? ", {" : "{");
			pmo_json_member(out, "record", p->risks[k].record, 0);
			pmo_json_member(out, "change", pmo_diff_change_name(p->risks[k].change), 1);
			pmo_json_member(out, "before", p->risks[k].before, 1);
			pmo_json_member(out, "after", p->risks[k].after, 1);
			pmo_buf_putc(out, '}');
		}
		pmo_buf_puts(out, "],\n      \"records\": ");
		json_records(out, p->records, p->nrecords, "      ");
		pmo_buf_puts(out, "}");
	}
	pmo_buf_puts(out, d->nprojects ? "\n  ],\n  \"records\": " : "],\n  \"records\": ");
	json_records(out, d->records, d->nrecords, "  ");
	pmo_buf_puts(out, "\n}\n");
	return pmo_buf_oom(out);
}

/* --- text ------------------------------------------------------------------------- */

static void text_shift(pmo_buf *out, long days)
{
	pmo_buf_printf(out, " (%s%ld working day%s)", days > 0 ? "+" : "", days, days == 1 || days == -1 ? "" : "s");
}

static void text_dates(pmo_buf *out, const pmo_diff_dates *d)
{
	char b1[11], b2[11];
	const char *x = date_or_null(b1, d->before), *y = date_or_null(b2, d->after);

	if (x && y && d->before == d->after)
		pmo_buf_printf(out, "%s (unchanged)", x);
	else
		pmo_buf_printf(out, "%s → %s", x ? x : "(none)", y ? y : "(none)");
	if (x && y && d->before != d->after)
		text_shift(out, d->working_days);
	pmo_buf_putc(out, '\n');
}

static void text_list(pmo_buf *out, char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		pmo_buf_printf(out, "%s%s", i ? ", " : "", v[i]);
}

/* "    field: before → after", or "    field: value" for one side. */
static void text_field(pmo_buf *out, const pmo_diff_field *f, const char *indent)
{
	char *b = pmo_node_display(f->before), *a = pmo_node_display(f->after);

	if (!f->before)
		pmo_buf_printf(out, "%s%s: (none) → %s\n", indent, f->field, a ? a : "");
	else if (!f->after)
		pmo_buf_printf(out, "%s%s: %s → (none)\n", indent, f->field, b ? b : "");
	else
		pmo_buf_printf(out, "%s%s: %s → %s\n", indent, f->field, b ? b : "", a ? a : "");
	free(b);
	free(a);
}

static void text_records(pmo_buf *out, const pmo_diff_record *v, size_t n, const char *indent)
{
	size_t i, k;
	pmo_buf sub = PMO_BUF_INIT;

	pmo_buf_printf(&sub, "%s  ", indent);
	for (i = 0; i < n; i++) {
		const pmo_diff_record *r = &v[i];
		pmo_buf_printf(out, "%s%s %s %s\n", indent, r->kind, r->record, pmo_diff_change_name(r->change));
		if (r->error)
			pmo_buf_printf(out, "%s  %s\n", indent, r->error);
		if (r->change == PMO_DIFF_REMOVED)
			continue; /* what it held is in the older tree */
		for (k = 0; k < r->nfields; k++)
			if (r->change == PMO_DIFF_ADDED) {
				char *a = pmo_node_display(r->fields[k].after);
				pmo_buf_printf(out, "%s  %s: %s\n", indent, r->fields[k].field, a ? a : "");
				free(a);
			} else {
				text_field(out, &r->fields[k], pmo_buf_cstr(&sub));
			}
	}
	pmo_buf_free(&sub);
}

static void text_schedule(pmo_buf *out, const pmo_diff_schedule *s)
{
	size_t i;

	if (s->error) {
		pmo_buf_printf(out, "  schedule not compared: %s\n", s->error);
		return;
	}
	pmo_buf_puts(out, "  finish: ");
	text_dates(out, &s->finish);
	for (i = 0; i < s->nmilestones; i++) {
		pmo_buf_printf(out, "  milestone %s: ", s->milestones[i].id);
		text_dates(out, &s->milestones[i].date);
	}
	if (s->ncritical_added) {
		pmo_buf_puts(out, "  critical path, entered: ");
		text_list(out, s->critical_added, s->ncritical_added);
		pmo_buf_putc(out, '\n');
	}
	if (s->ncritical_removed) {
		pmo_buf_puts(out, "  critical path, left: ");
		text_list(out, s->critical_removed, s->ncritical_removed);
		pmo_buf_putc(out, '\n');
	}
	if (s->slack_consumed)
		pmo_buf_printf(out, "  slack consumed: %ld working day%s\n", s->slack_consumed,
			       s->slack_consumed == 1 ? "" : "s");
}

static const char *level_or_none(const char *s)
{
	return s ? s : "(none)";
}

int pmo_diff_text(pmo_buf *out, const pmo_diff *d)
{
	size_t i, k;

	for (i = 0; i < d->nprojects; i++) {
		const pmo_diff_project *p = &d->projects[i];
		pmo_buf_printf(out, "%sproject %s\n", i ? "\n" : "", p->key);
		if (p->schedule)
			text_schedule(out, p->schedule);
		for (k = 0; k < p->nrisks; k++) {
			const pmo_diff_rating *x = &p->risks[k];
			if (x->change == PMO_DIFF_ADDED)
				pmo_buf_printf(out, "  risk %s added: %s\n", x->record, level_or_none(x->after));
			else if (x->change == PMO_DIFF_REMOVED)
				pmo_buf_printf(out, "  risk %s removed (was %s)\n", x->record, level_or_none(x->before));
			else
				pmo_buf_printf(out, "  risk %s re-rated: %s → %s\n", x->record,
					       level_or_none(x->before), level_or_none(x->after));
		}
		if (p->nrecords && (p->schedule || p->nrisks))
			pmo_buf_putc(out, '\n');
		text_records(out, p->records, p->nrecords, "  ");
	}
	if (d->nrecords && d->nprojects)
		pmo_buf_putc(out, '\n');
	text_records(out, d->records, d->nrecords, "");
	return pmo_buf_oom(out);
}

/* --- Markdown --------------------------------------------------------------------- */

static int md_table(pmo_buf *out, pmo_table *t)
{
	int error = pmo_table_md(out, t);

	pmo_buf_putc(out, '\n');
	pmo_table_free(t);
	return error;
}

static int table_of(pmo_table **t, size_t n, const char *const *headers)
{
	size_t i;
	int error;

	if ((error = pmo_table_new(t, n)) < 0)
		return error;
	for (i = 0; i < n && error >= 0; i++)
		error = pmo_table_header(*t, i, headers[i]);
	return error;
}

static int md_dates_row(pmo_table *t, const char *what, const pmo_diff_dates *d)
{
	char b1[11], b2[11];
	pmo_buf shift = PMO_BUF_INIT;
	const char *cells[4];
	int error;

	cells[0] = what;
	cells[1] = date_or_null(b1, d->before);
	cells[2] = date_or_null(b2, d->after);
	if (cells[1] && cells[2])
		pmo_buf_printf(&shift, "%s%ld", d->working_days > 0 ? "+" : "", d->working_days);
	cells[3] = pmo_buf_cstr(&shift);
	error = pmo_buf_oom(&shift) < 0 ? PMO_ENOMEM : pmo_table_row(t, cells);
	pmo_buf_free(&shift);
	return error;
}

static int md_schedule(pmo_buf *out, const pmo_diff_schedule *s)
{
	static const char *const h[] = { "", "before", "after", "working days" };
	pmo_table *t = NULL;
	pmo_buf what = PMO_BUF_INIT;
	size_t i;
	int error;

	if (s->error) {
		pmo_buf_printf(out, "Schedule not compared: %s\n\n", s->error);
		return pmo_buf_oom(out);
	}
	if ((error = table_of(&t, 4, h)) < 0 || (error = md_dates_row(t, "finish", &s->finish)) < 0) {
		pmo_table_free(t);
		return error;
	}
	for (i = 0; i < s->nmilestones && error >= 0; i++) {
		pmo_buf_clear(&what);
		pmo_buf_printf(&what, "milestone %s", s->milestones[i].id);
		error = pmo_buf_oom(&what) < 0 ? PMO_ENOMEM : md_dates_row(t, what.ptr, &s->milestones[i].date);
	}
	pmo_buf_free(&what);
	if (error < 0) {
		pmo_table_free(t);
		return error;
	}
	if ((error = md_table(out, t)) < 0)
		return error;
	if (s->ncritical_added || s->ncritical_removed) {
		pmo_buf_puts(out, "Critical path:");
		if (s->ncritical_added) {
			pmo_buf_puts(out, " entered ");
			text_list(out, s->critical_added, s->ncritical_added);
			pmo_buf_puts(out, s->ncritical_removed ? ";" : ".");
		}
		if (s->ncritical_removed) {
			pmo_buf_puts(out, " left ");
			text_list(out, s->critical_removed, s->ncritical_removed);
			pmo_buf_putc(out, '.');
		}
		pmo_buf_puts(out, "\n\n");
	}
	pmo_buf_printf(out, "Slack consumed: %ld working day%s.\n\n", s->slack_consumed,
		       s->slack_consumed == 1 ? "" : "s");
	return pmo_buf_oom(out);
}

static int md_risks(pmo_buf *out, const pmo_diff_project *p)
{
	static const char *const h[] = { "risk", "change", "level before", "level after" };
	pmo_table *t = NULL;
	size_t k;
	int error;

	if ((error = table_of(&t, 4, h)) < 0) {
		pmo_table_free(t);
		return error;
	}
	for (k = 0; k < p->nrisks && error >= 0; k++) {
		const char *cells[4] = { p->risks[k].record,
					 p->risks[k].change == PMO_DIFF_CHANGED ? "re-rated"
										: pmo_diff_change_name(p->risks[k].change),
					 p->risks[k].before, p->risks[k].after };
		error = pmo_table_row(t, cells);
	}
	if (error < 0) {
		pmo_table_free(t);
		return error;
	}
	return md_table(out, t);
}

static int md_records(pmo_buf *out, const pmo_diff_record *v, size_t n)
{
	static const char *const h[] = { "record", "change", "field", "before", "after" };
	pmo_table *t = NULL;
	size_t i, k;
	int error;

	if ((error = table_of(&t, 5, h)) < 0) {
		pmo_table_free(t);
		return error;
	}
	for (i = 0; i < n && error >= 0; i++) {
		const pmo_diff_record *r = &v[i];
		const char *cells[5] = { r->record, pmo_diff_change_name(r->change), NULL, NULL, NULL };

		if (r->error || r->change == PMO_DIFF_REMOVED || !r->nfields) {
			cells[2] = r->error;
			error = pmo_table_row(t, cells);
			continue;
		}
		for (k = 0; k < r->nfields && error >= 0; k++) {
			char *b = pmo_node_display(r->fields[k].before), *a = pmo_node_display(r->fields[k].after);
			cells[2] = r->fields[k].field;
			cells[3] = r->fields[k].before ? b : NULL;
			cells[4] = r->fields[k].after ? a : NULL;
			error = (r->fields[k].before && !b) || (r->fields[k].after && !a) ? PMO_ENOMEM
											  : pmo_table_row(t, cells);
			free(b);
			free(a);
			cells[0] = cells[1] = ""; /* the record once, on its first line */
		}
	}
	if (error < 0) {
		pmo_table_free(t);
		return error;
	}
	return md_table(out, t);
}

int pmo_diff_md(pmo_buf *out, const pmo_diff *d)
{
	size_t i;
	int error = 0;

	if (pmo_diff_empty(d)) {
		pmo_buf_puts(out, "No changes.\n");
		return pmo_buf_oom(out);
	}
	for (i = 0; i < d->nprojects && error >= 0; i++) {
		const pmo_diff_project *p = &d->projects[i];
		pmo_buf_printf(out, "## Project %s\n\n", p->key);
		if (p->schedule && (error = md_schedule(out, p->schedule)) < 0)
			break;
		if (p->nrisks && (error = md_risks(out, p)) < 0)
			break;
		if (p->nrecords)
			error = md_records(out, p->records, p->nrecords);
	}
	if (error >= 0 && d->nrecords) {
		pmo_buf_puts(out, "## Other records\n\n");
		error = md_records(out, d->records, d->nrecords);
	}
	if (error >= 0)
		error = pmo_buf_oom(out);
	/* no blank line after the last table */
	if (error >= 0 && out->len >= 2 && out->ptr[out->len - 1] == '\n' && out->ptr[out->len - 2] == '\n')
		pmo_buf_truncate(out, out->len - 1);
	return error;
}
