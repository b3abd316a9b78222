/* A project's budget.yaml read through a source: lines and expenses with
 * exact amounts, an absent file as an empty budget, and a bad amount
 * refused at its place. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "model/budget.h"
#include "repo/repo.h"
#include "util/error.h"

static pmo_currency cny;

static int load(pmo_budget **out, const char *dir)
{
	pmo_repo *repo = NULL;
	pmo_source *src = NULL;
	int error;

	pmo_currency_set(&cny, "CNY", -1, PMO_ROUND_HALF_UP);
	cr_assert_eq(pmo_repo_open(&repo, dir, PMO_REPO_NEED_TREE), 0);
	cr_assert_eq(pmo_source_open(&src, repo, NULL), 0);
	error = pmo_budget_load(out, src, "CBM", &cny);
	pmo_source_free(src);
	pmo_repo_free(repo);
	return error;
}

Test(budget, lines_and_expenses_are_read_exactly)
{
	char *dir = th_demo_repo();
	pmo_budget *b = NULL;

	th_write(dir, "projects/CBM/budget.yaml",
		 "# budget of CBM\n"
		 "lines:\n"
		 "  - id: B-1\n"
		 "    title: 服务器与存储\n"
		 "    planned: '1200000.00'\n"
		 "    category: capex\n"
		 "  - id: B-2\n"
		 "    title: 实施服务\n"
		 "    planned: 3600000.10\n"
		 "    category: vendor\n"
		 "    contract: CT-1\n"
		 "expenses:\n"
		 "  - id: E-1\n"
		 "    amount: '356000.50'\n"
		 "    line: B-1\n"
		 "    date: 2027-02-10\n"
		 "    task: T-3\n"
		 "  - id: E-2\n"
		 "    amount: 0.1\n");
	cr_assert_eq(load(&b, dir), 0, "%s", pmo_error_last()->message);
	cr_assert_eq(b->nlines, 2);
	cr_assert_str_eq(b->lines[0].title, "服务器与存储");
	cr_assert_eq(b->lines[0].planned.minor, 120000000);
	cr_assert_null(b->lines[0].contract);
	cr_assert_eq(b->lines[1].planned.minor, 360000010, "a plain number is read from its text");
	cr_assert_str_eq(b->lines[1].contract, "CT-1");
	cr_assert_eq(b->lines[1].node->line, 7);
	cr_assert_eq(b->nexpenses, 2);
	cr_assert_eq(b->expenses[0].amount.minor, 35600050);
	cr_assert_eq(b->expenses[0].date, pmo_date_from_ymd(2027, 2, 10));
	cr_assert_str_eq(b->expenses[0].task, "T-3");
	cr_assert_null(b->expenses[0].vendor);
	cr_assert_eq(b->expenses[1].amount.minor, 10);
	cr_assert_eq(b->expenses[1].date, PMO_NODATE);
	cr_assert_null(b->expenses[1].line);
	cr_assert_eq(pmo_budget_line_find(b, "B-2"), &b->lines[1]);
	cr_assert_null(pmo_budget_line_find(b, "B-9"));
	cr_assert_eq(pmo_budget_expense_find(b, "E-2"), &b->expenses[1]);
	pmo_budget_free(b);
	free(dir);
}

Test(budget, no_file_is_an_empty_budget)
{
	char *dir = th_demo_repo();
	pmo_budget *b = NULL;

	cr_assert_eq(load(&b, dir), 0);
	cr_assert_null(b->doc);
	cr_assert_eq(b->nlines, 0);
	cr_assert_eq(b->nexpenses, 0);
	pmo_budget_free(b);
	pmo_budget_free(NULL);
	free(dir);
}

Test(budget, an_amount_that_is_not_exact_is_refused_at_its_place)
{
	char *dir = th_demo_repo();
	pmo_budget *b = NULL;
	const pmo_error *e;

	th_write(dir, "projects/CBM/budget.yaml",
		 "lines:\n"
		 "  - id: B-1\n"
		 "    title: x\n"
		 "    planned: 12.345\n");
	cr_assert_eq(load(&b, dir), PMO_EINVALID);
	e = pmo_error_last();
	cr_assert(strstr(e->path, "projects/CBM/budget.yaml"), "%s", e->path);
	cr_assert_eq(e->line, 4);
	cr_assert_eq(e->col, 14);
	cr_assert(!strncmp(e->message, "planned: ", 9), "%s", e->message);
	th_write(dir, "projects/CBM/budget.yaml",
		 "expenses:\n"
		 "  - id: E-1\n"
		 "    amount: 1e3\n");
	cr_assert_eq(load(&b, dir), PMO_EINVALID);
	cr_assert_eq(pmo_error_last()->line, 3);
	th_write(dir, "projects/CBM/budget.yaml",
		 "expenses:\n"
		 "  - id: E-1\n"
		 "    amount: 1\n"
		 "    date: 2027-02-30\n");
	cr_assert_eq(load(&b, dir), PMO_EINVALID);
	cr_assert_str_eq(pmo_error_last()->message, "date: must be a date YYYY-MM-DD");
	free(dir);
}
