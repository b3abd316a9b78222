#ifndef PMO_PLAN_RECORDED_H
#define PMO_PLAN_RECORDED_H
/*
 * What a plan recorded in git on a past day (recorded.c), for earned
 * value as of that day.
 */
#include "plan/plan.h"
#include "repo/repo.h"

/* The progress of plan's tasks as plan.yaml (path, in
 * repo's pmo tree) recorded it on day: each task's progress and
 * actual_finish set to those it had in the last commit that changed the
 * file on or before day (committer's date), matched by ID (absent then:
 * none); no such commit, or the file absent there, sets none. out tells
 * which commit it was. For pmo_plan_progress after it. */
typedef struct {
	int found;        /* a commit on or before the day */
	int absent;       /* the file did not exist in it */
	char commit[41];  /* its id */
	pmo_date date;    /* its day */
	int cut;          /* none found: the history stops at a shallow
			   * clone's boundary, this commit (listed in
			   * .git/shallow), whose parents the clone lacks */
	char cut_commit[41];
} pmo_plan_recorded;
int pmo_plan_progress_recorded(pmo_plan_recorded *out, pmo_plan *plan, pmo_repo *repo, const char *path,
			       pmo_date day);

/* The two halves of pmo_plan_progress_recorded, for a command that reads
 * many plans on several threads (the portfolio's status): find reads git
 * (one thread at a time: the repository is not shared between threads),
 * the file's bytes then into text; apply sets plan's progress from them
 * and may run on any thread. */
int pmo_plan_recorded_find(pmo_plan_recorded *out, pmo_buf *text, pmo_repo *repo, const char *path,
			   pmo_date day);
int pmo_plan_recorded_apply(pmo_plan *plan, const pmo_plan_recorded *rec, const pmo_buf *text,
			    const char *path);

/* The same for many days with one walk of plan.yaml's history (newest
 * first; each version that some day takes parsed once): at[i] tells the
 * commit days[i] took (found and absent as above; cut and cut_commit when
 * none), progress[i] the percent complete of each of plan's tasks then
 * (plan->n, pmo_plan_progress_of over plan: its days weigh, its summaries
 * roll up) — borrowed from the result, shared by the days that took one
 * commit, all 0 where nothing was recorded. plan must be resolved; it is
 * not changed. repo NULL: no history, nothing recorded. */
typedef struct {
	size_t n;
	pmo_plan_recorded *at;
	const double **progress;
	double **versions;       /* the percents of each version taken */
	size_t nversions;
	double *none;            /* all 0 */
} pmo_plan_progress_days;
int pmo_plan_progress_days_read(pmo_plan_progress_days **out, const pmo_plan *plan, pmo_repo *repo,
				const char *path, const pmo_date *days, size_t n);
void pmo_plan_progress_days_free(pmo_plan_progress_days *d);

#endif
