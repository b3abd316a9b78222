/*
 * Reading a project's budget.yaml into its lines and expenses. The load is
 * as lenient as the amounts allow: a field of the wrong shape reads as
 * absent (pmo validate reports it through schemas/budget.json), but an
 * amount or a date that cannot be read is an error at its place, because
 * every sum over the budget would be wrong without it.
 */
#include "model/budget.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

char *pmo_budget_path(const char *project)
{
	pmo_buf path = PMO_BUF_INIT;

	if (pmo_buf_printf(&path, "projects/%s/budget.yaml", project) < 0) {
		pmo_buf_free(&path);
		return NULL;
	}
	return pmo_buf_detach(&path);
}

/* The text of a scalar that is not null, or NULL. */
static const char *text(const pmo_node *map, const char *key)
{
	const pmo_node *n = pmo_map_get(map, key);

	if (!n || n->kind != PMO_NODE_SCALAR || (n->tag == PMO_TAG_NULL && n->style == PMO_STYLE_PLAIN))
		return NULL;
	return n->str;
}

static int bad_at(const char *path, const pmo_node *n, const char *field, const char *why)
{
	return pmo_error_set_at(PMO_EINVALID, path, n->line, n->col, "%s: %s", field, why);
}

/* The amount at map's key (0 when absent, and when it cannot be read and
 * the reader is lenient). */
static int amount(pmo_money *out, const char *doc, const pmo_node *map, const char *key,
		  const pmo_currency *c, int lenient)
{
	const pmo_node *n = pmo_map_get(map, key);
	char *why;
	int error;

	out->minor = 0;
	if (!n || (n->kind == PMO_NODE_SCALAR && n->tag == PMO_TAG_NULL && n->style == PMO_STYLE_PLAIN))
		return 0;
	if (n->kind != PMO_NODE_SCALAR)
		return lenient ? 0 : bad_at(doc, n, key, "must be an amount (digits with an optional decimal point)");
	if (pmo_money_parse(out, n->str, n->len, c) == 0)
		return 0;
	if (lenient) {
		out->minor = 0;
		pmo_error_clear();
		return 0;
	}
	if (!(why = strdup(pmo_error_last()->message)))
		return pmo_error_set_oom();
	error = bad_at(doc, n, key, why);
	free(why);
	return error;
}

static int date_at(pmo_date *out, const char *doc, const pmo_node *map, const char *key, int lenient)
{
	const pmo_node *n = pmo_map_get(map, key);

	*out = PMO_NODATE;
	if (!n || (n->kind == PMO_NODE_SCALAR && n->tag == PMO_TAG_NULL && n->style == PMO_STYLE_PLAIN))
		return 0;
	if (pmo_node_date(out, n) < 0) {
		*out = PMO_NODATE;
		return lenient ? 0 : bad_at(doc, n, key, "must be a date YYYY-MM-DD");
	}
	return 0;
}

/* The items of the top-level list key (none when absent). */
static int list(const pmo_node *const **items, size_t *n, const pmo_node *root, const char *path,
		const char *key, int lenient)
{
	const pmo_node *seq = pmo_map_get(root, key);

	*items = NULL;
	*n = 0;
	if (!seq || (seq->kind == PMO_NODE_SCALAR && seq->tag == PMO_TAG_NULL))
		return 0;
	if (seq->kind != PMO_NODE_SEQ)
		return lenient ? 0 : bad_at(path, seq, key, "must be a list");
	*items = (const pmo_node *const *)seq->items;
	*n = seq->n;
	return 0;
}

static int read_lines(pmo_budget *b, const pmo_node *root, const char *path, const pmo_currency *c, int lenient)
{
	const pmo_node *const *items;
	size_t i, n;
	int error;

	if ((error = list(&items, &n, root, path, "lines", lenient)) < 0 || !n)
		return error;
	if (!(b->lines = calloc(n, sizeof(*b->lines))))
		return pmo_error_set_oom();
	for (i = 0; i < n; i++) {
		const pmo_node *it = items[i];
		pmo_budget_line *l = &b->lines[b->nlines];

		if (it->kind != PMO_NODE_MAP) {
			if (lenient)
				continue;
			return bad_at(path, it, "lines", "each line must be a mapping (id, title, planned …)");
		}
		l->node = it;
		l->id = text(it, "id");
		l->title = text(it, "title");
		l->category = text(it, "category");
		l->contract = text(it, "contract");
		if ((error = amount(&l->planned, path, it, "planned", c, lenient)) < 0)
			return error;
		b->nlines++;
	}
	return 0;
}

static int read_expenses(pmo_budget *b, const pmo_node *root, const char *path, const pmo_currency *c, int lenient)
{
	const pmo_node *const *items;
	size_t i, n;
	int error;

	if ((error = list(&items, &n, root, path, "expenses", lenient)) < 0 || !n)
		return error;
	if (!(b->expenses = calloc(n, sizeof(*b->expenses))))
		return pmo_error_set_oom();
	for (i = 0; i < n; i++) {
		const pmo_node *it = items[i];
		pmo_expense *e = &b->expenses[b->nexpenses];

		if (it->kind != PMO_NODE_MAP) {
			if (lenient)
				continue;
			return bad_at(path, it, "expenses", "each expense must be a mapping (id, amount, date …)");
		}
		e->node = it;
		e->id = text(it, "id");
		e->line = text(it, "line");
		e->vendor = text(it, "vendor");
		e->invoice = text(it, "invoice");
		e->task = text(it, "task");
		e->title = text(it, "title");
		if ((error = amount(&e->amount, path, it, "amount", c, lenient)) < 0 ||
		    (error = date_at(&e->date, path, it, "date", lenient)) < 0)
			return error;
		b->nexpenses++;
	}
	return 0;
}

static int read_root(pmo_budget *b, const pmo_node *root, const char *path, const pmo_currency *c,
		     int lenient)
{
	int error;

	if (root->kind == PMO_NODE_SCALAR && root->tag == PMO_TAG_NULL)
		return 0; /* an empty file: nothing planned yet */
	if (root->kind != PMO_NODE_MAP)
		return lenient ? 0 : pmo_error_set_at(PMO_EINVALID, path, root->line, root->col,
						      "a budget is a mapping with lines and expenses");
	if ((error = read_lines(b, root, path, c, lenient)) < 0 ||
	    (error = read_expenses(b, root, path, c, lenient)) < 0)
		return error;
	return 0;
}

int pmo_budget_read(pmo_budget **out, const pmo_node *root, const pmo_currency *c)
{
	pmo_budget *b = calloc(1, sizeof(*b));
	int error;

	if (!b)
		return pmo_error_set_oom();
	if ((error = read_root(b, root, NULL, c, 1)) < 0) {
		pmo_budget_free(b);
		return error;
	}
	*out = b;
	return 0;
}

/* pmo_budget_load, the file read through dir (projects/KEY) when given. */
static int budget_load(pmo_budget **out, pmo_source *src, pmo_source_dir *dir, const char *project,
		       const pmo_currency *c)
{
	pmo_budget *b = NULL;
	pmo_buf buf = PMO_BUF_INIT;
	char *path = NULL, *display = NULL;
	const pmo_yaml_limits limits = { .allow_empty = 1 };
	int error = 0;

	if (!(b = calloc(1, sizeof(*b))) || !(path = pmo_budget_path(project)) ||
	    !(display = pmo_source_display(src, path))) {
		error = pmo_error_set_oom();
		goto done;
	}
	error = dir ? pmo_source_dir_read(&buf, dir, "budget.yaml", PMO_YAML_MAX_BYTES)
		    : pmo_source_read(&buf, src, path, PMO_YAML_MAX_BYTES);
	if (error == PMO_ENOTFOUND) {
		pmo_error_clear();
		error = 0;
		goto done;
	}
	if (error < 0 || (error = pmo_yaml_load(&b->doc, display, buf.ptr, buf.len, &limits)) < 0)
		goto done;
	error = read_root(b, pmo_doc_root(b->doc), display, c, 0);
done:
	if (error < 0) {
		pmo_budget_free(b);
		b = NULL;
	} else {
		*out = b;
	}
	pmo_buf_free(&buf);
	free(path);
	free(display);
	return error;
}

int pmo_budget_load(pmo_budget **out, pmo_source *src, const char *project, const pmo_currency *c)
{
	return budget_load(out, src, NULL, project, c);
}

int pmo_budget_load_at(pmo_budget **out, pmo_source_dir *dir, pmo_source *src, const char *project,
		       const pmo_currency *c)
{
	return budget_load(out, src, dir, project, c);
}

void pmo_budget_free(pmo_budget *b)
{
	if (!b)
		return;
	free(b->lines);
	free(b->expenses);
	pmo_doc_free(b->doc);
	free(b);
}

const pmo_budget_line *pmo_budget_line_find(const pmo_budget *b, const char *id)
{
	size_t i;

	for (i = 0; b && id && i < b->nlines; i++)
		if (b->lines[i].id && !strcmp(b->lines[i].id, id))
			return &b->lines[i];
	return NULL;
}

const pmo_expense *pmo_budget_expense_find(const pmo_budget *b, const char *id)
{
	size_t i;

	for (i = 0; b && id && i < b->nexpenses; i++)
		if (b->expenses[i].id && !strcmp(b->expenses[i].id, id))
			return &b->expenses[i];
	return NULL;
}
