#ifndef PMO_CMD_REPORT_INTERNAL_H
#define PMO_CMD_REPORT_INTERNAL_H
/* The outputs of pmo report (report.c parses the options and picks one). */
#include "plan_internal.h"

typedef struct {
	int md;             /* --md */
	const char *html;   /* --html DIR, or NULL */
	const char *today;  /* --today, or NULL: $PMO_TODAY, else today */
	int force;          /* --force: plans pmo validate rejects too */
} pmo_report_args;

/* The Markdown report on standard output (paged on a terminal). */
int pmo_report_md_run(pmo_ctx *ctx, const pmo_report_args *o);
/* The static site in o->html (lib/report writes it). */
int pmo_report_html_run(pmo_ctx *ctx, const pmo_report_args *o);

#endif
