/*
 * What the record walks share: record names in order (R-2 before R-10),
 * the projects of a tree, and the problems of files that cannot be read
 * or that their schema refuses, as pmo_records_list and pmo_records_each
 * name them.
 */
#include "model/internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

int pmo_model__problem(pmo_findings *p, const char *rule, const pmo_node *at, char *s)
{
	pmo_finding f;

	if (!s)
		return OOM();
	pmo_finding_init(&f, PMO_SEVERITY_ERROR, rule, at);
	f.line = at && at->line ? at->line : 1;
	f.col = at && at->line ? at->col : 1;
	f.message = s;
	return pmo_findings_push(p, &f);
}

/* A record that cannot be read, told as the error e says: at its file's
 * line and column when it has them. */
int pmo_model__error_problem(pmo_findings *p, const pmo_error *e)
{
	pmo_finding f;

	pmo_finding_init(&f, PMO_SEVERITY_ERROR, "yaml", NULL);
	if (e && e->path && e->line) {
		f.line = (uint32_t)e->line;
		f.col = e->col ? (uint32_t)e->col : 1;
	}
	if ((e && e->path && !(f.path = strdup(e->path))) ||
	    !(f.message = strdup(e ? e->message : "unknown error"))) {
		pmo_finding_clear(&f);
		return OOM();
	}
	return pmo_findings_push(p, &f);
}


int pmo_id_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			size_t la, lb;
			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			for (la = 0; a[la] >= '0' && a[la] <= '9'; la++)
				;
			for (lb = 0; b[lb] >= '0' && b[lb] <= '9'; lb++)
				;
			if (la != lb)
				return la < lb ? -1 : 1;
			int c = strncmp(a, b, la);
			if (c)
				return c;
			a += la;
			b += lb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

int pmo_model__name_cmp(const void *pa, const void *pb)
{
	return pmo_id_cmp(*(char *const *)pa, *(char *const *)pb);
}

int pmo_projects_list(char ***out, pmo_source *src)
{
	char **names = NULL;
	size_t i, n = 0;
	int error;

	if ((error = pmo_source_list(&names, src, "projects")) < 0)
		return error;
	for (i = 0; names[i]; i++) {
		char *path = NULL;
		pmo_buf b = PMO_BUF_INIT;

		pmo_buf_printf(&b, "projects/%s/project.yaml", names[i]);
		path = pmo_buf_detach(&b);
		if (path && pmo_source_exists(src, path))
			names[n++] = names[i];
		else
			free(names[i]);
		free(path);
	}
	names[n] = NULL;
	*out = names;
	return 0;
}


int pmo_model__schema_problems(pmo_findings *problems, pmo_source *src, const char *path,
			       const pmo_findings *res)
{
	char *display = NULL;
	size_t i;
	int error = 1;

	if (!res->n)
		return 0;
	if (!problems)
		return 1;
	if (!(display = pmo_source_display(src, path)))
		return OOM();
	for (i = 0; i < res->n && error > 0; i++) {
		pmo_finding f = res->items[i];
		pmo_buf b = PMO_BUF_INIT;
		int e;

		if (*f.location && strcmp(f.keyword, "additionalProperties"))
			pmo_buf_printf(&b, "%s: ", f.location);
		pmo_buf_puts(&b, f.message);
		f.path = display;
		f.message = (char *)pmo_buf_cstr(&b);
		f.line = f.node ? f.node->line : 1;
		f.col = f.node && f.node->col ? f.node->col : 1;
		if ((e = pmo_buf_oom(&b)) < 0 || (e = pmo_findings_copy(problems, &f)) < 0)
			error = e;
		pmo_buf_free(&b);
	}
	free(display);
	return error;
}
