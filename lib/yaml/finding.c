/*
 * Findings: the list every checker appends to, and the one text form of a
 * finding (finding.h).
 */
#include "yaml/finding.h"
#include "yaml/yaml.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

void pmo_findings_init(pmo_findings *list)
{
	memset(list, 0, sizeof(*list));
}

void pmo_finding_init(pmo_finding *f, pmo_severity sev, const char *rule, const pmo_node *node)
{
	memset(f, 0, sizeof(*f));
	f->severity = sev;
	f->rule = rule;
	f->node = node;
	f->task = PMO_FINDING_NO_TASK;
}

void pmo_finding_clear(pmo_finding *f)
{
	if (!f)
		return;
	free(f->path);
	free(f->message);
	free(f->location);
	f->path = f->message = f->location = NULL;
}

void pmo_findings_free(pmo_findings *list)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < list->n; i++)
		pmo_finding_clear(&list->items[i]);
	free(list->items);
	memset(list, 0, sizeof(*list));
}

int pmo_findings_push(pmo_findings *list, pmo_finding *f)
{
	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 16;
		pmo_finding *items = realloc(list->items, cap * sizeof(*items));
		if (!items) {
			pmo_finding_clear(f);
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		}
		list->items = items;
		list->cap = cap;
	}
	if (!f->line && f->node && f->node->line) {
		f->line = f->node->line;
		f->col = f->node->col;
	}
	list->items[list->n++] = *f;
	if (f->severity == PMO_SEVERITY_ERROR)
		list->errors++;
	else
		list->warnings++;
	return 0;
}

int pmo_findings_vaddf(pmo_findings *list, pmo_severity sev, const char *rule,
		       const pmo_node *node, const char *fmt, va_list ap)
{
	pmo_buf b = PMO_BUF_INIT;
	pmo_finding f;
	int error;

	pmo_buf_vprintf(&b, fmt, ap);
	if ((error = pmo_buf_oom(&b)) < 0)
		return error;
	pmo_finding_init(&f, sev, rule, node);
	f.message = pmo_buf_detach(&b);
	return pmo_findings_push(list, &f);
}

int pmo_findings_addf(pmo_findings *list, pmo_severity sev, const char *rule,
		      const pmo_node *node, const char *fmt, ...)
{
	va_list ap;
	int error;

	va_start(ap, fmt);
	error = pmo_findings_vaddf(list, sev, rule, node, fmt, ap);
	va_end(ap);
	return error;
}

static int dup(char **out, const char *s)
{
	*out = NULL;
	if (s && !(*out = strdup(s)))
		return -1;
	return 0;
}

int pmo_findings_copy(pmo_findings *list, const pmo_finding *f)
{
	pmo_finding c = *f;

	if (dup(&c.path, f->path) < 0 || dup(&c.message, f->message) < 0 ||
	    dup(&c.location, f->location) < 0) {
		pmo_finding_clear(&c);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	return pmo_findings_push(list, &c);
}

/* By path, line and column; stable, so that findings at one place keep
 * the order they were found in. */
static int finding_cmp(const pmo_finding *a, const pmo_finding *b)
{
	int c = strcmp(a->path ? a->path : "", b->path ? b->path : "");

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

int pmo_findings_sort(pmo_findings *list)
{
	pmo_finding *tmp;

	if (list->n < 2)
		return 0;
	if (!(tmp = malloc(list->n * sizeof(*tmp))))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	merge_sort(list->items, tmp, list->n);
	free(tmp);
	return 0;
}

const char *pmo_severity_name(pmo_severity s)
{
	return s == PMO_SEVERITY_ERROR ? "error" : "warning";
}

void pmo_finding_format(pmo_buf *out, const pmo_finding *f, const char *shown, unsigned flags)
{
	if (!shown)
		pmo_buf_puts(out, "pmo: ");
	else if (f->line)
		pmo_buf_printf(out, "%s:%u:%u: ", shown, (unsigned)f->line, (unsigned)f->col);
	else
		pmo_buf_printf(out, "%s: ", shown);
	if (flags & PMO_FINDING_COLOR)
		pmo_buf_puts(out, f->severity == PMO_SEVERITY_ERROR ? "\033[1;31m" : "\033[1;33m");
	pmo_buf_puts(out, pmo_severity_name(f->severity));
	if (flags & PMO_FINDING_COLOR)
		pmo_buf_puts(out, "\033[m");
	pmo_buf_printf(out, ": %s", f->message);
	if ((flags & PMO_FINDING_RULE) && f->rule)
		pmo_buf_printf(out, " [%s]", f->rule);
	pmo_buf_putc(out, '\n');
}
