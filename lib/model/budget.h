#ifndef PMO_MODEL_BUDGET_H
#define PMO_MODEL_BUDGET_H
/*
 * A project's budget: projects/<KEY>/budget.yaml holds its budget lines
 * (B-n: what is planned to be spent, on what) and its expenses (E-n: what
 * was spent, when, against which line, task, vendor and invoice). Every
 * amount is exact (util/money.h), read from the text as written.
 *
 *   lines:
 *     - id: B-1
 *       title: 服务器与存储
 *       planned: '1200000.00'
 *       category: capex
 *   expenses:
 *     - id: E-1
 *       amount: '356000.50'
 *       line: B-1
 *       date: 2027-02-10
 *
 * schemas/budget.json describes the file; docs/budget.md the rules.
 */
#include <stddef.h>
#include "repo/repo.h"
#include "util/date.h"
#include "util/money.h"
#include "yaml/yaml.h"

typedef struct {
	const char *id, *title, *category, *contract;   /* borrowed from doc; NULL when absent */
	pmo_money planned;
	const pmo_node *node;                            /* for file:line:col */
} pmo_budget_line;

typedef struct {
	const char *id, *line, *vendor, *invoice, *task, *title;
	pmo_date date;                                   /* PMO_NODATE when absent */
	pmo_money amount;
	const pmo_node *node;
} pmo_expense;

typedef struct {
	pmo_doc *doc;            /* NULL when the project has no budget.yaml */
	pmo_budget_line *lines; size_t nlines;
	pmo_expense *expenses; size_t nexpenses;
} pmo_budget;

/* The path of project's budget file in the pmo tree: a new string. */
char *pmo_budget_path(const char *project);

/* The budget of project KEY read through src (a worktree or a revision), amounts in currency c.
 * No file: an empty budget (0). A malformed file: PMO_EINVALID naming file:line:col. */
int pmo_budget_load(pmo_budget **out, pmo_source *src, const char *project, const pmo_currency *c);
void pmo_budget_free(pmo_budget *b);

/* The line (or expense) with that ID, or NULL. */
const pmo_budget_line *pmo_budget_line_find(const pmo_budget *b, const char *id);
const pmo_expense *pmo_budget_expense_find(const pmo_budget *b, const char *id);

#endif
