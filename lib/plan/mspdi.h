#ifndef PMO_PLAN_MSPDI_H
#define PMO_PLAN_MSPDI_H
/*
 * pmo import --format mspdi: a plan from Microsoft Project XML (MSPDI)
 * into the text of a plan.yaml.
 *
 * Read: the tasks (IsNull and the project's own summary task, UID 0 or
 * OutlineLevel 0, are skipped) with Name, OutlineLevel (the WBS: parent),
 * Duration (working time, PT…H…M…S, in days of the file's MinutesPerDay,
 * a whole number of them), Milestone, PercentComplete, ActualStart and
 * ActualFinish (leaves), ConstraintType 4 (start no earlier than) or 7
 * (finish no later than) with ConstraintDate, Deadline (finish no later
 * than), Notes, and each PredecessorLink (Type 0 FF, 1 FS, 2 SF, 3 SS;
 * LinkLag in tenths of a minute, whole working days). A task T-<UID> keeps
 * its UID, so a plan pmo exported comes back with its ids. Assignments
 * of resources whose Name is a person's handle (is_person) become
 * assignees with their Units as allocation.
 *
 * Not read: Start and Finish (pmo computes dates from the durations,
 * links, constraints and the project's calendar), the calendars, costs,
 * baselines, and every element pmo has no field for. Anything pmo cannot
 * represent faithfully (elapsed durations, percent lags, other constraint
 * types, links to other projects, fractions of a day) is an error naming
 * the file, line and column, the element, its value and what is allowed;
 * so is a dependency cycle. Nothing is half read: the whole file is
 * checked before the text is made.
 */
#include <stddef.h>
#include "util/buf.h"
#include "util/date.h"

typedef struct {
	size_t ntasks;
	size_t nlinks;
	pmo_date start;           /* the file's StartDate, or PMO_NODATE */
	size_t skipped_assignments; /* of resources that are not people of the tree */
} pmo_mspdi_info;

/* Is name the handle of a person (for assignments)? 1 or 0. */
typedef int (*pmo_mspdi_is_person)(void *ctx, const char *name);

/* The plan.yaml text of the MSPDI document buf (len bytes; path names it
 * in errors) appended to out; info filled. is_person may be NULL (no
 * assignment is read). */
int pmo_mspdi_import(pmo_buf *out, pmo_mspdi_info *info, const char *path, const char *buf,
		     size_t len, pmo_mspdi_is_person is_person, void *is_person_ctx);

#endif
