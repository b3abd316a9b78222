/*
 * The workflow rule: `pmo set` refuses a status change the kind's x-pmo
 * workflow forbids, and this rule finds the same change made another way
 * (an editor and `git commit`, a merge, a push).
 *
 * It looks at steps, not at the two ends: every commit of the range is
 * compared with its parents (lib/repo's pmo_source_changes), so
 * occurred → open → closed is reported even though occurred → closed is
 * allowed, and a record changed twice is judged at each change, as `set`
 * would have judged it. A merge is a step only where its status differs
 * from every parent's: a change it brings from a parent was judged in
 * that parent's commits, and a status a merge resolves to is allowed when
 * some parent may go to it. A record added with any status is not a step
 * (there is nothing to go from). The worktree is one more step from HEAD.
 *
 * Each finding is placed at the status field of the file as it is now
 * (in the worktree or --rev), else of the commit that made the step.
 */
#include "check/internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	pmo_findings *out;
	pmo_source *src;
	const pmo_model *model;
	const pmo_check_options *opts;
	pmo_buf msg;
} wf;

/* The status text of a record's bytes (NULL when it has none or does not load). */
static const char *status_of(pmo_doc **doc, const pmo_kind *kind, const char *path,
			     const char *data, size_t len, const pmo_node **node)
{
	const pmo_node *n;

	*doc = NULL;
	if (pmo_yaml_load(doc, path, data, len, NULL) < 0) {
		pmo_error_clear();
		return NULL;
	}
	n = pmo_map_get(pmo_doc_root(*doc), kind->status_field);
	if (node)
		*node = n;
	return pmo_node_text(n);
}

/* Where the finding goes: the status field of the file now, else of the step's. */
static int place(uint32_t *line, uint32_t *col, wf *w, const pmo_kind *kind, const char *path,
		 const pmo_node *fallback)
{
	pmo_buf b = PMO_BUF_INIT;
	pmo_doc *doc = NULL;
	const pmo_node *n = NULL;
	int error;

	*line = fallback && fallback->line ? fallback->line : 1;
	*col = fallback && fallback->line ? fallback->col : 1;
	error = pmo_source_read(&b, w->src, path, PMO_YAML_MAX_BYTES);
	if (error == PMO_ENOMEM)
		goto done;
	if (error < 0) {
		pmo_error_clear();
		error = 0;
		goto done;
	}
	if (status_of(&doc, kind, path, b.ptr ? b.ptr : "", b.len, &n) && n->line) {
		*line = n->line;
		*col = n->col;
	}
done:
	pmo_doc_free(doc);
	pmo_buf_free(&b);
	return error;
}

static int step(const pmo_source_change *ch, void *payload)
{
	wf *w = payload;
	pmo_place pl;
	pmo_doc *now = NULL, *before = NULL;
	const pmo_node *at = NULL, *next;
	const char *to, *from = NULL;
	uint32_t line, col;
	size_t k, i;
	int error, present = 0;

	if (!pmo_check__under(ch->path, w->opts))
		return 0;
	if ((error = pmo_check_place(&pl, w->model, ch->path)) < 0)
		return error;
	if (pl.type != PMO_PLACE_RECORD || !pl.kind->workflow || !pl.kind->status_field)
		goto done;
	if (!(to = status_of(&now, pl.kind, ch->path, ch->new_data, ch->new_len, &at)))
		goto done; /* no status: the schema's finding */
	for (k = 0; k < ch->nparents; k++) {
		const char *s;
		pmo_doc *d = NULL;

		if (!ch->old_data[k])
			continue;
		s = status_of(&d, pl.kind, ch->path, ch->old_data[k], ch->old_len[k], NULL);
		if (!s || !strcmp(s, to) || !pmo_map_get(pl.kind->workflow, s) ||
		    !pmo_map_get(pl.kind->workflow, to) || pmo_workflow_check(pl.kind, s, to) == 0) {
			pmo_error_clear();
			pmo_doc_free(d);
			goto done; /* no step, an allowed one, or one from or to a status
				    * the schema refuses (its own finding) */
		}
		pmo_error_clear();
		if (!present) {
			present = 1;
			before = d;
			from = s;
		} else {
			pmo_doc_free(d);
		}
	}
	pmo_buf_clear(&w->msg);
	if (!present) {
		/* a new record (in no parent): it starts where pmo add starts
		 * it, by hand too (a file in a later status is a step the
		 * workflow never took) */
		if (!pl.kind->initial || !strcmp(to, pl.kind->initial) || !pmo_map_get(pl.kind->workflow, to))
			goto done;
		pmo_buf_printf(&w->msg, "a new %s starts as %s \"%s\", not \"%s\" (pmo %s add, then pmo %s set",
			       pl.kind->name, pl.kind->status_field, pl.kind->initial, to, pl.kind->name,
			       pl.kind->name);
	} else {
		pmo_buf_printf(&w->msg, "%s %s → %s is not allowed (%s → ", pl.kind->status_field, from, to,
			       from);
		next = pmo_map_get(pl.kind->workflow, from);
		for (i = 0; next && next->kind == PMO_NODE_SEQ && i < next->n; i++)
			pmo_buf_printf(&w->msg, "%s%s", i ? ", " : "",
				       pmo_node_text(next->items[i]) ? pmo_node_text(next->items[i]) : "");
		if (!next || next->kind != PMO_NODE_SEQ || !next->n)
			pmo_buf_puts(&w->msg, "no other status");
	}
	if (ch->commit) {
		pmo_buf_printf(&w->msg, "), commit %.12s \"%s\"", ch->commit->id, ch->commit->summary);
	} else {
		pmo_buf_puts(&w->msg, "), not committed");
	}
	if ((error = pmo_buf_oom(&w->msg)) < 0 ||
	    (error = place(&line, &col, w, pl.kind, ch->path, at)) < 0)
		goto done;
	error = pmo_check__add(w->out, ch->path, line, col, PMO_SEVERITY_ERROR, "workflow", w->msg.ptr);
done:
	pmo_doc_free(now);
	pmo_doc_free(before);
	pmo_place_free(&pl);
	return error;
}

int pmo_check__workflow(pmo_findings *out, pmo_source *src, const pmo_model *model,
			const pmo_check_options *opts)
{
	wf w;
	int error;

	w.out = out;
	w.src = src;
	w.model = model;
	w.opts = opts;
	pmo_buf_init(&w.msg);
	error = pmo_source_changes(src, opts->since, step, &w);
	pmo_buf_free(&w.msg);
	return error;
}
