#ifndef PMO_DIFF_IMPACT_H
#define PMO_DIFF_IMPACT_H
/*
 * A change request's impact (pmo change submit): the part of a semantic
 * diff that approvals are about, as the mapping written into the CR's
 * `impact` field and read by the approval policy (model/change.h).
 */
#include "diff/diff.h"

/* The impact of d as one JSON object (a YAML flow mapping), appended to
 * out:
 *   {"finish_days": 5,             the largest shift of a project finish,
 *                                  in working days (negative: earlier)
 *    "projects": [{"project": "CBM",
 *       "finish": {"before": "2027-03-18", "after": "2027-03-25", "working_days": 5},
 *       "milestones": [{"id": "T-9", "before": …, "after": …, "working_days": 5}],
 *       "critical_added": ["T-3"], "critical_removed": []}],
 *    "records": ["CBM/T-3"]}        every record added, removed or changed
 * The file skip (the change request's own, relative to the tree; may be
 * NULL) is left out of records. With a project's planned cost or budget
 * (diff.h pmo_diff_cost), "cost" is the largest change of a planned cost
 * ("600000.00", "-" when lower) and each such project has
 *   "cost": {"planned": {"before": …, "after": …}, "budget": {…}}.
 * 0 or PMO_ENOMEM. */
int pmo_diff_impact_json(pmo_buf *out, const pmo_diff *d, const char *skip);
/* The impact of a change computed again, for pmo validate
 * (pmo_check_options.change_impact): pmo_diff_impact_json of the merge
 * base of the revisions before and after (of src's repository) against
 * after. Errors: an unknown revision, those of pmo_diff_compute. */
int pmo_diff_change_impact(pmo_buf *out, pmo_source *src, const pmo_model *model, const char *before,
			   const char *after, const char *skip);

#endif
