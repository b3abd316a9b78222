/*
 * The result of a diff as its parts are made and freed: records and their
 * fields, projects, the documents the values live in.
 */
#include "diff/internal.h"
#include "render/diff.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

#define OOM() pmo_error_set(PMO_ENOMEM, "out of memory")

const char *pmo_diff_change_name(pmo_diff_change c)
{
	return c == PMO_DIFF_ADDED ? "added" : c == PMO_DIFF_REMOVED ? "removed" : "changed";
}

void pmo_diff__record_free(pmo_diff_record *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nfields; i++)
		free(r->fields[i].field);
	free(r->fields);
	free(r->record);
	free(r->path);
	free(r->error);
	memset(r, 0, sizeof(*r));
}

static void schedule_free(pmo_diff_schedule *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nmilestones; i++)
		free(s->milestones[i].id);
	free(s->milestones);
	pmo_strv_free(s->critical_added);
	pmo_strv_free(s->critical_removed);
	free(s->error);
	free(s);
}

static void cost_free(pmo_diff_cost *c)
{
	if (!c)
		return;
	free(c->planned_before);
	free(c->planned_after);
	free(c->planned_change);
	free(c->budget_before);
	free(c->budget_after);
	free(c);
}

void pmo_diff__project_free(pmo_diff_project *p)
{
	size_t i;

	free(p->key);
	schedule_free(p->schedule);
	cost_free(p->cost);
	for (i = 0; i < p->nrisks; i++) {
		free(p->risks[i].record);
		free(p->risks[i].before);
		free(p->risks[i].after);
	}
	free(p->risks);
	for (i = 0; i < p->nrecords; i++)
		pmo_diff__record_free(&p->records[i]);
	free(p->records);
}

void pmo_diff_free(pmo_diff *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->nprojects; i++)
		pmo_diff__project_free(&d->projects[i]);
	free(d->projects);
	for (i = 0; i < d->nrecords; i++)
		pmo_diff__record_free(&d->records[i]);
	free(d->records);
	for (i = 0; i < d->ndocs; i++)
		pmo_doc_free(d->docs[i]);
	free(d->docs);
	free(d);
}

int pmo_diff_empty(const pmo_diff *d)
{
	return !d->nprojects && !d->nrecords;
}

/* --- what the result is built of ----------------------------------------- */

int pmo_diff__keep_doc(pmo_diff *d, pmo_doc *doc)
{
	pmo_doc **v;

	if (!doc)
		return 0;
	if (!(v = realloc(d->docs, (d->ndocs + 1) * sizeof(*v)))) {
		pmo_doc_free(doc);
		return OOM();
	}
	d->docs = v;
	d->docs[d->ndocs++] = doc;
	return 0;
}

int pmo_diff__record_add(pmo_diff_record **v, size_t *n, pmo_diff_record *r)
{
	pmo_diff_record *nv = realloc(*v, (*n + 1) * sizeof(*nv));

	if (!nv)
		return OOM();
	*v = nv;
	nv[(*n)++] = *r;
	memset(r, 0, sizeof(*r));
	return 0;
}

/* The changes of c as r's fields (their strings move over). */
static int take_fields(pmo_diff_record *r, pmo_changes *c)
{
	size_t i;

	if (!c->n)
		return 0;
	if (!(r->fields = calloc(c->n, sizeof(*r->fields))))
		return OOM();
	for (i = 0; i < c->n; i++) {
		r->fields[i].field = (char *)c->items[i].field;
		r->fields[i].before = c->items[i].old;
		r->fields[i].after = c->items[i].new;
		c->items[i].field = NULL;
	}
	r->nfields = c->n;
	return 0;
}

int pmo_diff__compare(pmo_diff_record *r, const pmo_kind *kind, const pmo_node *before,
		      const pmo_node *after)
{
	pmo_changes c = { 0 };
	int error;

	r->change = !before ? PMO_DIFF_ADDED : !after ? PMO_DIFF_REMOVED : PMO_DIFF_CHANGED;
	if ((error = pmo_value_diff(&c, kind, before, after)) < 0)
		return error;
	error = take_fields(r, &c);
	pmo_changes_free(&c);
	return error;
}

/* The last error as one line ("path:line:col: message"), and cleared. */
char *pmo_diff__error_text(const char *side)
{
	char *msg = pmo_error_format(pmo_error_last());
	pmo_buf b = PMO_BUF_INIT;

	pmo_buf_printf(&b, "%s%s%s", side ? side : "", side ? ": " : "", msg ? msg : "cannot read");
	free(msg);
	pmo_error_clear();
	return pmo_buf_oom(&b) < 0 ? NULL : pmo_buf_detach(&b);
}
