#ifndef PMO_CHECK_PORTFOLIO_H
#define PMO_CHECK_PORTFOLIO_H
/*
 * The portfolio's weekly status (`pmo status` without a project): one row
 * per project that is not closed or cancelled, with its finish forecast
 * against the last baseline (working days on the project's calendar), SPI,
 * CPI, percent complete, budget used, open high and critical risks and
 * overdue items, and a red/amber/green rating whose thresholds are
 * pmo.yaml's `status:` settings (docs/status.md). The figures are those
 * `pmo -p KEY status`, `pmo due` and `pmo risk list` give for the project;
 * this file only gathers and rates them. Nothing is printed.
 */
#include <stddef.h>
#include "check/costs.h"
#include "model/model.h"
#include "plan/plan.h"
#include "repo/repo.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/money.h"

typedef enum { PMO_RAG_GREEN = 0, PMO_RAG_AMBER, PMO_RAG_RED } pmo_rag;

/* The figures a level rates, in the order reasons are given. */
typedef enum {
	PMO_RATE_SPI = 0,      /* below the threshold */
	PMO_RATE_CPI,          /* below the threshold */
	PMO_RATE_FINISH_DAYS,  /* working days late, at or above */
	PMO_RATE_OVERDUE,      /* overdue items, at or above */
	PMO_RATE_HIGH_RISKS,   /* open high risks, at or above */
	PMO_RATE_CRITICAL_RISKS, /* open critical risks, at or above */
	PMO_RATE_N
} pmo_rate_figure;

/* The key of a figure in pmo.yaml and JSON ("spi", "finish_days" …). */
const char *pmo_rate_key(pmo_rate_figure f);
/* "green", "amber", "red". */
const char *pmo_rag_name(pmo_rag r);

/* One level's thresholds: set[f] 0 when the level does not rate figure f. */
typedef struct {
	int set[PMO_RATE_N];
	pmo_dec limit[PMO_RATE_N];
} pmo_rag_limits;

typedef struct {
	pmo_rag_limits amber, red;
} pmo_rag_thresholds;

/* The thresholds of pmo.yaml's status.amber and status.red (settings may
 * be NULL), each figure the file does not name at its default
 * (docs/status.md), one set to null not rated. 0, or PMO_EINVALID naming
 * pmo.yaml:line:col for a value that is no plain decimal. */
int pmo_rag_thresholds_load(pmo_rag_thresholds *out, const pmo_settings *settings);

/* Why a project has its rating: one figure past one level's threshold. */
typedef struct {
	pmo_rag level;
	pmo_rate_figure figure;  /* PMO_RATE_N: the plan could not be read */
	char *text;              /* "SPI 0.80 < 0.85" */
} pmo_rag_reason;

typedef struct {
	char *key, *name, *status, *manager;  /* manager NULL when not set */
	char *path;                /* projects/KEY/project.yaml */
	/* the plan: has_plan 0 when there is none (or no start date, or the
	 * plan has errors and force was not given): no figures of it */
	int has_plan;
	size_t plan_errors;        /* errors pmo validate finds in plan.yaml */
	int forced;                /* figures computed from a plan with errors */
	pmo_date finish;           /* the forecast finish, PMO_NODATE: none */
	pmo_date baseline_finish;  /* of the last baseline, PMO_NODATE: none */
	long finish_variance;      /* working days, when both dates are set */
	int has_spi, has_cpi;
	pmo_dec spi, cpi;          /* rounded to 2 places */
	double progress;           /* percent complete of the plan */
	int has_budget;            /* budget.yaml with lines */
	pmo_money budget_planned, budget_spent; /* spent: expenses up to as_of */
	int has_used;              /* planned > 0 */
	pmo_dec budget_used;       /* spent / planned, 4 places */
	size_t high_risks, critical_risks, overdue;
	pmo_rag rating;
	pmo_rag_reason *reasons;   /* the worst level's first */
	size_t nreasons;
} pmo_portfolio_row;

typedef struct {
	pmo_date as_of;
	pmo_rag_thresholds thresholds;
	pmo_portfolio_row *rows;   /* by project key */
	size_t n;
	/* the portfolio: budget summed over the projects that have one */
	int has_budget, has_used;
	pmo_money budget_planned, budget_spent;
	pmo_dec budget_used;
	size_t high_risks, critical_risks, overdue;
	size_t ratings[3];         /* projects per pmo_rag */
	/* project files that could not be read (left out; validate names them) */
	pmo_findings problems;
} pmo_portfolio;

/* What a project's figures were computed from, told to
 * pmo_portfolio_options' plan callback (pmo report draws its charts from
 * it): valid during the call only. plan, cal and s are NULL when the row
 * has no plan figures; costs and planned NULL when budget.yaml or a rate
 * could not be read. */
typedef struct {
	const pmo_portfolio_row *row; /* figures of the plan and money; not yet rated */
	size_t index;                 /* of the row */
	const pmo_plan *plan;
	const pmo_calendar *cal;
	const pmo_schedule *s;
	const pmo_baseline *bl;       /* the last baseline, or NULL */
	const double *progress;       /* per task (pmo_plan_progress) */
	const pmo_costs *costs;       /* rates, expenses, budget lines */
	const pmo_money *planned;     /* planned cost per task */
	int has_costs;                /* some task has a planned cost */
} pmo_portfolio_plan;

typedef struct {
	pmo_date as_of;            /* the status date: SPI, overdue, expenses */
	pmo_repo *repo;            /* with a status date before today: the progress each
				    * plan.yaml held that day in its history; NULL: today's */
	int force;                 /* compute from plans pmo validate rejects */
	const char *only;          /* this project's row alone, or NULL: all */
	/* called for each row, in order, on the caller's thread, with what
	 * its figures came from; a negative return stops and is returned */
	int (*plan_cb)(const pmo_portfolio_plan *p, void *payload);
	void *payload;
} pmo_portfolio_options;

/* The status of every project of src whose status is not one its
 * workflow ends in (closed, cancelled). */
int pmo_portfolio_status(pmo_portfolio **out, pmo_source *src, const pmo_model *model,
			 const pmo_settings *settings, const pmo_portfolio_options *opts);
void pmo_portfolio_free(pmo_portfolio *p);

/* The reasons of a row as one line, worst level first:
 * "red: SPI 0.80 < 0.85, critical risks 1 ≥ 1; amber: overdue 1 ≥ 1";
 * "" for a green row. Appended to out. */
int pmo_portfolio_reasons_text(pmo_buf *out, const pmo_portfolio_row *row);

#endif
