#ifndef PMO_CMD_PORTFOLIO_H
#define PMO_CMD_PORTFOLIO_H
/* The portfolio's status (cmd/portfolio.c), which `pmo status` shows when
 * no project is given: -p and the project folder one stands in give one,
 * default_project in pmo.yaml does not (docs/status.md). */
#include "pmo.h"
#include "check/portfolio.h"

/* Print the status of every active project as of as_of_given (NULL:
 * today) in format (table, json, csv, md); baseline (a project's) is
 * refused; force computes from plans pmo validate rejects. The exit code. */
int pmo_portfolio_run(pmo_ctx *ctx, const char *as_of_given, const char *baseline,
		      const char *format, int force);

/* The portfolio's table (a row per project and the total) in format
 * (table, csv, md), appended to out: pmo status's, and pmo report --md's.
 * 0 or a negative error. */
int pmo_portfolio_table(pmo_buf *out, const pmo_ctx *ctx, const pmo_portfolio *p, const char *format);
#endif
