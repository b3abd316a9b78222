#ifndef PMO_CHECK_CHECK_H
#define PMO_CHECK_CHECK_H
/*
 * The checks behind `pmo validate`: every file of a pmo tree (the worktree
 * or a revision, through a pmo_source) is classified by its place in the
 * tree and checked, rule by rule:
 *
 *   yaml         the loader's rules (syntax, anchors, duplicate keys, …)
 *   schema       the kind's JSON Schema (draft-07)
 *   reference    x-pmo refs (owner, sponsor, manager …) name existing
 *                records; records live under a real project; a .yaml file
 *                in a pmo folder that matches no kind
 *   consistency  IDs equal to their file names and unique in their scope;
 *                dates in order (x-pmo "order"); pmo.yaml thresholds
 *   date         warnings against today: overdue risk reviews, open
 *                critical risks without a response or strategy, projects
 *                past their finish …
 *   workflow     (asked for) status changes of a range of commits that
 *                the kind's workflow forbids
 *
 * The result is a list of findings, sorted by path, line and column, and
 * within one place in rule order. Nothing is printed.
 */
#include <stddef.h>
#include <stdint.h>
#include "model/model.h"
#include "plan/plan.h"
#include "repo/repo.h"
#include "util/date.h"

/* What pmo_check_tree found: the findings (yaml/finding.h), each with
 * its path relative to the tree's root, line, column, rule ("yaml",
 * "schema", "reference", "consistency", "date", "workflow", the plan's)
 * and severity, and the files checked. */
typedef struct {
	pmo_findings findings;
	char **files;          /* the files checked, sorted (tree-relative) */
	size_t nfiles;
} pmo_check_result;

typedef struct {
	pmo_date today;        /* for the date rule */
	/* Check only files at or under these tree-relative paths ("" or "."
	 * is the whole tree); NULL or npaths 0: the whole tree. The rest of the
	 * tree is still listed to resolve references. */
	const char *const *paths;
	size_t npaths;
	/* The workflow rule: each status change made by the commits since
	 * `since` (and, for the worktree, since HEAD) against the kind's
	 * x-pmo workflow. since NULL: the commits no ref has (a branch
	 * pushed new, in a pre-receive hook). */
	int workflow;
	const char *since;
	/* With one path naming a file: its document, loaded by the caller
	 * (a command that has read plan.yaml already), checked as it is. */
	const pmo_node *root;
	/* With root a plan.yaml: the plan the caller built from it
	 * (pmo_plan_from_yaml, whose findings plan_findings holds), checked
	 * rather than built a second time. The findings lib/plan then makes
	 * of it (resolve, cycles, constraints) are added to plan_findings, as
	 * a resolved plan does not make them again; all are reported. */
	pmo_plan *plan;
	pmo_findings *plan_findings;
	/* The impact of a change request computed again, for the
	 * change-approval rule to compare with the one it records: lib/diff's
	 * pmo_diff_change_impact (lib/diff sits above lib/check, so the
	 * caller hands it in). NULL: the recorded impact is not compared. */
	int (*change_impact)(pmo_buf *out, pmo_source *src, const pmo_model *model, const char *before,
			     const char *after, const char *skip);
	/* With root a plan.yaml: check of it only what a plan's figures rest
	 * on, lib/plan's rules (its data read as numbers and dates, tasks
	 * and dependencies that exist, cycles, constraints, assignees), not
	 * the schema's shape nor the rules of records (pmo evm: an unknown
	 * field or a title of the wrong type changes no figure, and checking
	 * them was a fifth of its time on a large plan). */
	int plan_figures_only;
	/* validate --strict: what would only warn that a check could not be
	 * made is an error (a shallow clone's history, which change requests'
	 * approvals need). */
	int strict;
} pmo_check_options;

/* The rule names in the order they run. */
extern const char *const pmo_check_rules[];

/* Check the tree of src. Returns 0 with *out filled (no findings means
 * clean), or a negative error when the tree cannot be read at all (no
 * pmo.yaml: PMO_ENOTFOUND; a git or I/O failure). */
int pmo_check_tree(pmo_check_result *out, pmo_source *src, const pmo_model *model,
		   const pmo_check_options *opts);
void pmo_check_result_free(pmo_check_result *r);

/*
 * Where a file belongs, from its tree-relative path: the schema it is
 * checked against and, for records, the kind, project and ID its place
 * gives it. Used by validate and fmt alike.
 */
typedef enum {
	PMO_PLACE_NONE = 0,   /* not a pmo file: ignored (README.md, .gitkeep …) */
	PMO_PLACE_UNKNOWN,    /* a YAML file in a pmo folder that matches no kind */
	PMO_PLACE_SETTINGS,   /* pmo.yaml */
	PMO_PLACE_RECORD,     /* a record of kind */
	PMO_PLACE_PROJECT_FILE, /* projects/<KEY>/plan.yaml … */
} pmo_place_type;

typedef struct {
	pmo_place_type type;
	const pmo_kind *kind;   /* records */
	pmo_schema *schema;     /* NULL for NONE and UNKNOWN */
	char *project;          /* project key when the place has one */
	char *id;               /* the ID the file name gives (records); in the block of
				 * project when there is one (pmo_place_free) */
	size_t max_bytes;       /* the largest the file may be: PMO_PLAN_MAX_BYTES for a
				 * plan.yaml, PMO_YAML_MAX_BYTES for every other file */
} pmo_place;

/* Classify path (tree-relative, '/'-separated). 0 or PMO_ENOMEM. */
int pmo_check_place(pmo_place *out, const pmo_model *model, const char *path);
void pmo_place_free(pmo_place *p);

/* Every file of the tree that has a place (settings, records, project
 * files and unknown YAML files), sorted, restricted as opts->paths says
 * (opts may be NULL). NULL-terminated; free with pmo_strv_free. */
int pmo_check_files(char ***out, pmo_source *src, const pmo_model *model,
		    const pmo_check_options *opts);

/* The folders' .retired files (lib/model/ids.c) at or under opts' paths,
 * each with the kind whose IDs it holds (for pmo fmt). */
typedef struct {
	char *path;
	const pmo_kind *kind;
} pmo_retired_file;
int pmo_check_retired_files(pmo_retired_file **out, size_t *n, pmo_source *src,
			    const pmo_model *model, const pmo_check_options *opts);
void pmo_retired_files_free(pmo_retired_file *v, size_t n);

#endif
