#ifndef PMO_CHECK_DUE_H
#define PMO_CHECK_DUE_H
/*
 * What is due: the dated obligations of every record of a tree, as each
 * kind's x-pmo "due" declares them (a risk's review, an action's due date,
 * a document's last review plus its review days, a training's expiry, an
 * incident's SLA: opened plus sla_hours), and the milestones of the
 * projects' plans that are not done, at their date in the last baseline.
 * Read by `pmo due` and by validate's "due" rule. Nothing is coded per
 * kind: a kind is due by its schema.
 *
 *	"due": [{"what": "review", "date": "reviewed", "days": "review_days",
 *	         "while": ["active"], "owner": "owner"}]
 *
 * date names a date or date-time field (no value: no item); days and hours
 * a field of the record (no value: no item) or a number, added in calendar
 * days and hours; while the statuses in which it is due (default: all but
 * the workflow's close and ended ones); owner the field naming who answers
 * for it (default owner, when the kind has it).
 */
#include <stdint.h>
#include "model/model.h"
#include "plan/plan.h"
#include "util/buf.h"
#include "util/date.h"

typedef struct {
	char *record;        /* "CBM/A-1" (project kinds, milestones), "TR-1" */
	const char *kind;    /* "action"; "milestone" for a plan's milestone */
	const char *what;    /* "review", "due", "milestone" … */
	char *title;         /* the record's title, or NULL */
	pmo_date date;       /* the day it falls due */
	char *at;            /* the date-time it falls due when counted from
	                        one ("2027-04-02T13:30:00+08:00"), else NULL */
	char *owner;         /* who answers for it, or NULL */
	char *project;       /* project key, or NULL */
	char *path;          /* the file, relative to the pmo tree */
	const char *field;   /* the date field it counts from */
	uint32_t line, col;  /* of that field's value in the file */
	long days;           /* date - today: negative when overdue */
	int done;            /* a milestone done (pmo_due_project_done_milestones) */
	unsigned entry;      /* the kind's x-pmo due entry it comes from (0 for a milestone) */
} pmo_due_item;

typedef struct {
	pmo_due_item *items;
	size_t n, cap;
} pmo_due_list;

void pmo_due_list_free(pmo_due_list *list);

/* Every due item of the tree of src (all kinds, all projects, and the
 * plans' milestones), sorted by date, then record, then what. Records
 * are read as `list` reads them (what the files say: no derived field
 * is due), but only in the fields x-pmo due names: a record its schema
 * refuses for another field keeps its items (an overdue review is not
 * hidden by a typo elsewhere), a value due cannot read (a date that is
 * not one) gives no item, a file that cannot be parsed none; validate
 * names them all. */
int pmo_due_tree(pmo_due_list *out, pmo_source *src, const pmo_model *model, pmo_date today);

/* pmo_due_tree, the plans' milestones left out when with_milestones is 0
 * (pmo status gives them from the plans it has read). */
int pmo_due_tree_with(pmo_due_list *out, pmo_source *src, const pmo_model *model, pmo_date today,
		      int with_milestones);

/* The milestones of project's plan not done, at their date in its last
 * baseline, appended to out (none without a baseline). */
int pmo_due_milestones(pmo_due_list *out, const pmo_plan *plan, const char *project, pmo_date today);

/* The same of the plan in src's projects/PROJECT/plan.yaml, read as
 * pmo_due_tree reads it (no plan, or one it cannot read: none). */
int pmo_due_project_milestones(pmo_due_list *out, pmo_source *src, const char *project, pmo_date today);

/* The milestones of the plan in src's projects/PROJECT/plan.yaml that are
 * done (actual_finish, or progress 100), at their actual finish, else at
 * their date in the last baseline, each with done set: what a project's
 * calendar keeps once they are no longer due. */
int pmo_due_project_done_milestones(pmo_due_list *out, pmo_source *src, const char *project,
				    pmo_date today);

/* The due items of one record (root, the file's mapping) appended to out;
 * project may be NULL, path names the file. */
int pmo_due_record(pmo_due_list *out, const pmo_kind *kind, const char *project,
		   const char *id, const char *path, const pmo_node *root, pmo_date today);

/* What of one record is overdue as of today (days < 0), appended to out:
 * its what, field, place, date, days and date-time only (record, title,
 * owner, project and path NULL). What validate's due rule warns of: a
 * record that is not overdue costs no allocation. */
int pmo_due_overdue(pmo_due_list *out, const pmo_kind *kind, const pmo_node *root, pmo_date today);

/* The items as an iCalendar (RFC 5545; render/ical.h): one all-day VEVENT
 * each, UID record/what@pmo (no date: an item whose day moves stays the same
 * event, updated), DTSTAMP today, PRODID -//pmo//product//EN; a done
 * milestone's SUMMARY and DESCRIPTION say so.
 * 0 or PMO_ENOMEM. */
int pmo_due_ical(pmo_buf *out, const char *product, pmo_due_item *const *rows, size_t n,
		 pmo_date today);

/* Sort the items by date, then record (R-2 before R-10), then what. */
void pmo_due_sort(pmo_due_list *list);

#endif
