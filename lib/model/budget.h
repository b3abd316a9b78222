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
/* The same through the project's folder (projects/KEY) opened with
 * pmo_source_dir_open: safe on several threads at once while other files
 * of src are read, as pmo_source_dir_read is (pmo_source_read is not). */
int pmo_budget_load_at(pmo_budget **out, pmo_source_dir *dir, pmo_source *src, const char *project,
		       const pmo_currency *c);
/* The budget in the tree of a document already read (root), leniently for
 * pmo validate: what cannot be read (an amount, a date, a line that is no
 * mapping) is left out or 0, as the schema reports it; doc stays NULL and
 * the budget borrows root's strings. */
int pmo_budget_read(pmo_budget **out, const pmo_node *root, const pmo_currency *c);
void pmo_budget_free(pmo_budget *b);

/* The line (or expense) with that ID, or NULL. */
const pmo_budget_line *pmo_budget_line_find(const pmo_budget *b, const char *id);
const pmo_expense *pmo_budget_expense_find(const pmo_budget *b, const char *id);

/*
 * The figures of a line, a project or the portfolio (budget_report.c):
 *   planned    the approved amount (the sum of the lines');
 *   committed  what the project is bound to pay: a line that names a
 *              contract commits the contract's value (not capped by the
 *              line's planned amount, so that over-commitment shows), and
 *              never less than what was spent on it; a line without a
 *              contract commits what was spent on it;
 *   spent      the sum of the expenses charged to it;
 *   remaining  planned − spent (negative when overspent);
 *   used       spent / planned, rounded to 4 places by the currency's rule
 *              (has_used 0 when nothing is planned).
 */
typedef struct {
	pmo_money planned, committed, spent, remaining;
	pmo_dec used;
	int has_used;
} pmo_budget_sums;

typedef struct {
	pmo_budget_sums *lines;   /* one per line of the budget, in its order */
	size_t nlines;
	pmo_budget_sums unlined;  /* the expenses that name no line of the budget */
	size_t nunlined;          /* how many they are */
	pmo_budget_sums total;    /* the project: every line and every expense */
} pmo_budget_report;

struct pmo_model;
/* Whether value, in field of a budget of project, names something that
 * is there (target: "contract", "vendor" or "task" of the project's
 * plan.yaml): 0 when it does, PMO_EINVALID with a message naming field
 * and value when not, another error when it cannot be told (a plan.yaml
 * that cannot be read). */
int pmo_budget_ref(const struct pmo_model *model, pmo_source *src, const char *project,
		   const char *field, const char *target, const char *value);
/* The report of budget b; the contracts its lines name are read through
 * src (a contract that cannot be read, or is in another currency than c,
 * commits nothing beyond what was spent: validate reports the first).
 * PMO_EINVALID when a sum leaves the range of an amount. */
int pmo_budget_report_make(pmo_budget_report **out, const pmo_budget *b, pmo_source *src,
			   const struct pmo_model *model, const pmo_currency *c);
void pmo_budget_report_free(pmo_budget_report *r);
/* acc += s (planned, committed, spent), then remaining and used again:
 * the portfolio's totals over its projects. */
int pmo_budget_sums_add(pmo_budget_sums *acc, const pmo_budget_sums *s, const pmo_currency *c);

#endif
