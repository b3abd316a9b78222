#ifndef PMO_CMD_PLAN_INTERNAL_H
#define PMO_CMD_PLAN_INTERNAL_H
/*
 * What the plan commands share (cmd/plan.c defines it): the plan of a
 * project as a command opens it, and the pieces of output every plan
 * command prints the same way. Only the plan command files include this.
 */
#include "pmo.h"
#include "check/costs.h"
#include "plan/plan.h"
#include "plan/recorded.h"

/* plan.yaml holds the whole work breakdown: it may be up to 256 MiB, where
 * every other file (project.yaml too) stops at 16 MiB. Every text of a plan
 * is read with these limits, the one on disk and each edited one. */
extern const pmo_yaml_limits plan_limits;

typedef struct {
	pmo_ctx *ctx;
	const char *key;       /* project */
	char *path;            /* projects/KEY/plan.yaml */
	char *display;         /* the same as the user sees it */
	pmo_doc *project;      /* project.yaml */
	pmo_doc *doc;          /* plan.yaml, NULL when there is none */
	pmo_plan *plan;
	pmo_calendar *cal;
	pmo_date start;
	pmo_findings f;
	double *progress;      /* per task, summaries rolled up (plan_schedule) */
	double total_progress; /* of the whole plan */
	int forced;            /* --force: computed from a plan validate rejects */
	size_t *order;         /* rows shown (task list filters, --sort), or NULL: all */
	size_t norder;
	pmo_costs *costs;      /* rates and budget (plan_costs), or NULL */
	pmo_money *planned;    /* planned cost per task (plan_costs), or NULL */
	size_t unrated;        /* assignments of people without a rate */
	int has_costs;         /* some task has a planned cost */
	int direct;            /* read without a tree (plan_read_direct): doc is
				* an empty stand-in, the tasks have no nodes */
	pmo_budget *budget;    /* budget.yaml read beside the plan (plan_read_costs), for plan_costs */
	int budget_error;      /* < 0: its reading failed, */
	pmo_error budget_err;  /* for this reason */
} planctx;

/* The option every command that reads a plan takes (int *v). */
#define PLAN_FORCE_OPT(v) OPT_BOOL(0, "force", (v), "compute what can be computed from a plan pmo validate rejects (marked as such)")
/* What a plan command's text output ends with when --force computed it. */
#define PLAN_FORCED_NOTE PMO_PLAN_FORCED_NOTE

void planctx_free(planctx *p);
/* Load project.yaml, the calendar and plan.yaml (absent: an empty plan). */
int plan_open(planctx *p, pmo_ctx *ctx);
/* Load the plan for a command that reads it: plan_open, then pmo
 * validate's checks of plan.yaml; exit 1 on an error unless force (1,
 * --force). A command that keeps what it computes (baseline set) has no
 * --force to offer: PLAN_NO_FORCE. */
#define PLAN_NO_FORCE (-1)
int plan_read(planctx *p, pmo_ctx *ctx, int force);
/* The same for a command that computes figures and keeps nothing (evm):
 * only the errors that would make them wrong stop it, lib/plan's rules
 * of the plan (pmo_check_options plan_figures_only); the rest is
 * pmo validate's to report. */
int plan_read_figures(planctx *p, pmo_ctx *ctx, int force);
/* plan_read for a command that uses no node of plan.yaml (pmo schedule):
 * plan.yaml is read straight into the plan when pmo_plan_read takes it
 * and the built-in schemas check it; p->direct then. A finding (of the
 * checks now or of plan_schedule later: PLAN_AGAIN) is told at its place
 * in the file, which needs the tree: the caller frees p and reads it
 * again with plan_read. */
int plan_read_direct(planctx *p, pmo_ctx *ctx, int force);
#define PLAN_AGAIN (-1)
/* plan_read_figures and budget.yaml at once, on two cores when the source
 * is the worktree: pmo evm's two big files (a 20,000-task plan beside
 * 20,000 expenses) read and parsed side by side; plan_costs takes the
 * budget and tells its error, as it would have read it. */
int plan_read_costs(planctx *p, pmo_ctx *ctx, int force);
void plan_print_findings(const char *path, const pmo_findings *f, size_t from, int errors_only);
/* --as-of: NULL → today; "none" → the plan alone. */
int plan_as_of(pmo_date *out, const char *given);
int plan_schedule(pmo_schedule **out, planctx *p, pmo_date as_of);
/* As of a day before today (*past), the plan's progress as plan.yaml
 * recorded it then (lib/plan/recorded.h; rec says which commit), with a
 * warning when nothing was recorded by then (ending with also, "" or ", so
 * nothing is earned"); as of today or later nothing changes. Before
 * plan_schedule, which rolls the progress up. 0 or the exit code. */
int plan_progress_then(int *past, pmo_plan_recorded *rec, planctx *p, pmo_date as_of, const char *also);
/* The line that says which progress a past day's figures use, nothing as
 * of today: "progress as recorded on DATE (commit 1a2b3c4)". */
void plan_progress_line(pmo_buf *b, int past, const pmo_plan_recorded *rec, pmo_date as_of);
/* The baseline named name (NULL: the last one; none: *out NULL) into
 * *out; exit 1 when the plan has no baseline of that name. */
int plan_baseline(const pmo_baseline **out, const planctx *p, const char *name);
/* The people's rates and the budget of the project, and the planned cost
 * of every task (plan/evm.h) into p->costs, p->planned, p->unrated and
 * p->has_costs. 0 or the exit code. */
int plan_costs(planctx *p);
/* The earned value in money against bl as of a date, after plan_costs and
 * with p->progress. 0 or the exit code. */
int plan_evm(pmo_evm **out, planctx *p, const pmo_baseline *bl, pmo_date as_of);
char *plan_date_str(char buf[static 11], pmo_date d);
/* Percent complete of task i as shown, after plan_schedule. */
int plan_task_progress(const planctx *p, size_t i);
/* Exit 2 when the new text of plan.yaml brings an error pmo validate
 * reports, with nothing written. */
int plan_check_candidate(planctx *p, const char *text, size_t len);
char *plan_message(const char *what, const char *key, const char *id, const char *action,
		   const char *command);
void plan_json_date(pmo_buf *b, const char *key, pmo_date d);
/* ", "key": 0.8889": an index (SPI, CPI) as a JSON number, its places
 * without trailing zeros ("0.8", "1"); null when it has none (has 0). */
void plan_json_index(pmo_buf *b, const char *key, pmo_dec d, int has);
/* Exit 2 on an unknown field f: the fields (names, n) and git's "did you
 * mean"; what NULL for add and set ("allowed: …"), else the thing listed
 * ("unknown field "f" for task; fields: …"). */
int plan_unknown_field(const char *f, const char *what, const char *const *names, size_t n);
/* A number in decimal at p, without printf; returns the end. */
char *plan_put_long(char *p, long v);

/* cmd/schedule.c: the rows of task list and schedule. */
typedef enum { VIEW_LIST, VIEW_SCHEDULE } view;

/* Open, schedule and print the tables of task list and schedule. */
int plan_show_table(pmo_ctx *ctx, view v, const char *fmt_given, const char *as_of_given,
	       int gantt, const char *allowed, char **filters, int nfilters, const char *sort, int force);

#endif
