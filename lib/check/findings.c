/*
 * The findings of `pmo validate`: adding one at a place of a file (its
 * message formatted), freeing the result. check.c and workflow.c add
 * theirs here.
 */
#include "check/internal.h"
#include "util/error.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int pmo_check__vadd(pmo_findings *o, pmo_buf *msg, const char *path, const pmo_node *node,
		    pmo_severity sev, const char *rule, const char *fmt, va_list ap)
{
	pmo_buf_clear(msg);
	pmo_buf_vprintf(msg, fmt, ap);
	if (pmo_buf_oom(msg) < 0)
		return PMO_ENOMEM;
	return pmo_check__add(o, path, node && node->line ? node->line : 1,
			      node && node->line ? node->col : 1, sev, rule, msg->ptr);
}

int pmo_check__add(pmo_findings *out, const char *path, uint32_t line, uint32_t col,
		   pmo_severity sev, const char *rule, const char *message)
{
	pmo_finding f;

	pmo_finding_init(&f, sev, rule, NULL);
	f.line = line;
	f.col = col;
	if (!(f.path = strdup(path)) || !(f.message = strdup(message))) {
		pmo_finding_clear(&f);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	return pmo_findings_push(out, &f);
}

void pmo_check_result_free(pmo_check_result *r)
{
	size_t i;

	if (!r)
		return;
	pmo_findings_free(&r->findings);
	for (i = 0; i < r->nfiles; i++)
		free(r->files[i]);
	free(r->files);
	memset(r, 0, sizeof(*r));
}
