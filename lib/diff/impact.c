/*
 * A change request's impact from a semantic diff (impact.h).
 */
#include "diff/impact.h"
#include "diff/internal.h"
#include "render/render.h"
#include "repo/branch.h"
#include "util/decimal.h"
#include "util/error.h"

#include <string.h>

static void records(pmo_buf *out, const pmo_diff_record *r, size_t n, const char *skip, int *first)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (skip && r[i].path && !strcmp(r[i].path, skip))
			continue;
		if (!*first)
			pmo_buf_puts(out, ", ");
		*first = 0;
		pmo_json_cstr(out, r[i].record);
	}
}

/* |a| > |b| for decimal texts ("-12.50") */
static int bigger(const char *a, const char *b)
{
	return pmo_decimal_text_cmp(a[0] == '-' ? a + 1 : a, b[0] == '-' ? b + 1 : b) > 0;
}

int pmo_diff_impact_json(pmo_buf *out, const pmo_diff *d, const char *skip)
{
	const char *cost = NULL;
	long most = 0;
	size_t i, np = 0;
	int first = 1;

	for (i = 0; i < d->nprojects; i++) {
		const pmo_diff_schedule *s = d->projects[i].schedule;
		long w = s && !s->error ? s->finish.working_days : 0;
		if ((w < 0 ? -w : w) > (most < 0 ? -most : most))
			most = w;
	}
	for (i = 0; i < d->nprojects; i++) {
		const pmo_diff_cost *c = d->projects[i].cost;
		if (c && (!cost || bigger(c->planned_change, cost)))
			cost = c->planned_change;
	}
	pmo_buf_printf(out, "{\"finish_days\": %ld, ", most);
	if (cost) {
		pmo_json_member(out, "cost", cost, 0);
		pmo_buf_puts(out, ", ");
	}
	pmo_buf_puts(out, "\"projects\": [");
	for (i = 0; i < d->nprojects; i++) {
		const pmo_diff_project *p = &d->projects[i];
		const pmo_diff_schedule *s = p->schedule;
		if (!s || s->error)
			continue;
		pmo_buf_puts(out, np++ ? ", {" : "{");
		pmo_json_member(out, "project", p->key, 0);
		pmo_buf_puts(out, ", \"finish\": {");
		pmo_diff__json_dates(out, &s->finish);
		pmo_buf_puts(out, "}, \"milestones\": ");
		pmo_diff__json_milestones(out, s);
		pmo_buf_puts(out, ", \"critical_added\": ");
		pmo_diff__json_strv(out, s->critical_added, s->ncritical_added);
		pmo_buf_puts(out, ", \"critical_removed\": ");
		pmo_diff__json_strv(out, s->critical_removed, s->ncritical_removed);
		if (p->cost) {
			pmo_buf_puts(out, ", \"cost\": ");
			pmo_diff__json_cost(out, p->cost);
		}
		pmo_buf_putc(out, '}');
	}
	pmo_buf_puts(out, "], \"records\": [");
	for (i = 0; i < d->nprojects; i++)
		records(out, d->projects[i].records, d->projects[i].nrecords, skip, &first);
	records(out, d->records, d->nrecords, skip, &first);
	pmo_buf_puts(out, "]}");
	return pmo_buf_oom(out);
}

int pmo_diff_change_impact(pmo_buf *out, pmo_source *src, const pmo_model *model, const char *before,
			   const char *after, const char *skip)
{
	pmo_repo *repo = pmo_source_repo(src);
	pmo_source *a = NULL, *b = NULL;
	pmo_diff *d = NULL;
	char mb[41];
	int error;

	if ((error = pmo_repo_merge_base(mb, repo, before, after)) < 0 ||
	    (error = pmo_source_open(&a, repo, mb)) < 0 || (error = pmo_source_open(&b, repo, after)) < 0 ||
	    (error = pmo_diff_compute(&d, a, b, model, NULL)) < 0)
		goto done;
	error = pmo_diff_impact_json(out, d, skip);
done:
	pmo_diff_free(d);
	pmo_source_free(a);
	pmo_source_free(b);
	return error;
}
