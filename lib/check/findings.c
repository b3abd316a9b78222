/*
 * The findings of `pmo validate`: adding one (its message formatted),
 * sorting them by place, freeing them. check.c and workflow.c add theirs
 * here.
 */
#include "check/internal.h"
#include "util/error.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static int oom(void)
{
	return pmo_error_set(PMO_ENOMEM, "out of memory");
}

/* Append one finding, its message copied. */
static int push(pmo_findings *o, const char *path, const pmo_node *node, pmo_severity sev,
		const char *rule, const char *message)
{
	pmo_finding *f;

	if (o->n % 64 == 0) {
		pmo_finding *items = realloc(o->items, (o->n + 64) * sizeof(*items));
		if (!items)
			return oom();
		o->items = items;
	}
	f = &o->items[o->n];
	memset(f, 0, sizeof(*f));
	f->line = node && node->line ? node->line : 1;
	f->col = node && node->line ? node->col : 1;
	f->severity = sev;
	f->rule = rule;
	if (!(f->path = strdup(path)) || !(f->message = strdup(message))) {
		free(f->path);
		return oom();
	}
	o->n++;
	if (sev == PMO_SEVERITY_ERROR)
		o->errors++;
	else
		o->warnings++;
	return 0;
}

int pmo_check__vadd(pmo_findings *o, pmo_buf *msg, const char *path, const pmo_node *node,
		    pmo_severity sev, const char *rule, const char *fmt, va_list ap)
{
	pmo_buf_clear(msg);
	pmo_buf_vprintf(msg, fmt, ap);
	if (pmo_buf_oom(msg) < 0)
		return PMO_ENOMEM;
	return push(o, path, node, sev, rule, msg->ptr);
}

void pmo_findings_free(pmo_findings *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->n; i++) {
		free(f->items[i].path);
		free(f->items[i].message);
	}
	free(f->items);
	for (i = 0; i < f->nfiles; i++)
		free(f->files[i]);
	free(f->files);
	memset(f, 0, sizeof(*f));
}

/* Findings by path, line and column; stable, so that within one place
 * they stay in rule order. */
static int finding_cmp(const pmo_finding *a, const pmo_finding *b)
{
	int c = strcmp(a->path, b->path);

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return 0;
}

static void merge_sort(pmo_finding *v, pmo_finding *tmp, size_t n)
{
	size_t mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return;
	merge_sort(v, tmp, mid);
	merge_sort(v + mid, tmp, n - mid);
	while (i < mid && j < n)
		tmp[k++] = finding_cmp(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

static int sort_findings(pmo_findings *f)
{
	pmo_finding *tmp;

	if (f->n < 2)
		return 0;
	if (!(tmp = malloc(f->n * sizeof(*tmp))))
		return oom();
	merge_sort(f->items, tmp, f->n);
	free(tmp);
	return 0;
}

int pmo_check__sort(pmo_findings *f)
{
	return sort_findings(f);
}

int pmo_check__add(pmo_findings *out, const char *path, uint32_t line, uint32_t col,
		   pmo_severity sev, const char *rule, const char *message)
{
	pmo_node at;

	memset(&at, 0, sizeof(at));
	at.line = line;
	at.col = col;
	return push(out, path, &at, sev, rule, message);
}
