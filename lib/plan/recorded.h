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

#endif
