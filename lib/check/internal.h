#ifndef PMO_CHECK_INTERNAL_H
#define PMO_CHECK_INTERNAL_H
/* Private to lib/check. */
#include "check/check.h"
#include "check/due.h"
#include "util/error.h"

#include <stdarg.h>

typedef struct {
	const char *name;   /* file name in projects/<KEY>/ */
	const char *schema; /* embedded schema's short name */
	size_t max_bytes;   /* the largest the file may be */
} pmo_project_file;

extern const pmo_project_file pmo_check__project_files[];

/* Name ends in .yaml or .yml. */
int pmo_check__is_yaml_name(const char *name);
/* A record's file name, "<ID>.yaml" (pmo_check_place's rule). */
int pmo_check__is_record_name(const char *name);
/* path is at or under one of opts->paths (always when there are none). */
int pmo_check__under(const char *path, const pmo_check_options *opts);
/* Every YAML file in the pmo folders (pmo.yaml, people/, projects/ …),
 * sorted; NULL-terminated. */
int pmo_check__walk(char ***out, pmo_source *src, const pmo_model *model);

/* One file of validate as the rules get it (files.c): its place and, for
 * a file they read (pmo.yaml, a record, a project's file), its document
 * and the schema's findings on it, or why it could not be read or loaded. */
typedef struct {
	const char *path;      /* tree-relative; borrowed */
	pmo_place place;       /* set when placed */
	int placed;            /* a YAML name: it has a place */
	int load;              /* it is read (pmo_check_options.root's file is not) */
	pmo_doc *doc;          /* loaded: NULL when error is set */
	pmo_findings schema;   /* the schema's findings on doc */
	/* a record's, made on the thread that loaded it: its kind's own date
	 * warnings (the dates hook) and what it has due (x-pmo "due") */
	pmo_findings dates;
	pmo_due_list due;
	/* and the pairs of its dates out of order (x-pmo "order") */
	int ordered;           /* order was made */
	pmo_order_fault *order;
	size_t norder;
	int error;             /* < 0: it could not be read or loaded: err says why */
	pmo_error err;
	int hook_error;        /* < 0: the dates or the due failed (out of memory): hook_err */
	pmo_error hook_err;
} pmo_check__file;

/* Each of files[0..n) placed and, where it has a schema, read, loaded and
 * checked against it (and a record's dates and due made as of today, with
 * settings, which may be NULL), on as many threads as src and the number
 * of files allow, then handed to each on the caller's thread in files'
 * order. each's negative return stops the rest and is returned. */
int pmo_check__files_each(pmo_source *src, const pmo_model *model, char *const *files, size_t n,
			  const pmo_check_options *opts, const pmo_settings *settings, pmo_date today,
			  int (*each)(pmo_check__file *f, void *payload), void *payload);

/* Append one finding, its message formatted in msg (findings.c). */
int pmo_check__vadd(pmo_findings *out, pmo_buf *msg, const char *path, const pmo_node *node,
		    pmo_severity sev, const char *rule, const char *fmt, va_list ap);
/* Append one finding (message copied). */
int pmo_check__add(pmo_findings *out, const char *path, uint32_t line, uint32_t col,
		   pmo_severity sev, const char *rule, const char *message);
/* The workflow rule (workflow.c): every status change since opts->since. */
int pmo_check__workflow(pmo_findings *out, pmo_source *src, const pmo_model *model,
			const pmo_check_options *opts);

/* The over-allocation rule (its name in rule; workload.c): a warning for
 * each stretch of days from today on when a person's load across the
 * projects is above 100%, at a task of a plan under opts' paths. */
int pmo_check__over_allocation(pmo_findings *out, pmo_source *src, const pmo_model *model,
			       const pmo_settings *settings, const pmo_check_options *opts,
			       pmo_date today, const char *rule);

/* The change-approval rule (changes.c): every approval of a change
 * request was committed (and, with signed: true, signed) by its approver,
 * never by the requester; an approved or implemented change meets the
 * policy with the content it merged and the impact it records. */
int pmo_check__changes(pmo_findings *out, pmo_source *src, const pmo_model *model,
		       const pmo_settings *settings, const pmo_check_options *opts);

/* The consistency rule (its name in rule) over the folders' .retired files
 * (retired.c): lines that are no ID of the folder's kind, records whose ID
 * is retired. */
int pmo_check__retired(pmo_findings *out, pmo_source *src, const pmo_model *model,
		       const pmo_check_options *opts, const char *rule);

/* The rules over a project's budget.yaml (budget.c): IDs, references,
 * expenses after today, lines overspent; rules is pmo_check_rules. */
int pmo_check__budget(pmo_findings *out, pmo_source *src, const pmo_model *model, const pmo_settings *settings,
		      const char *path, const char *project, const pmo_node *root, pmo_date today,
		      const char *const *rules);

#endif
