#ifndef PMO_MODEL_MERGE_H
#define PMO_MODEL_MERGE_H
/*
 * pmo's merge driver (pmo merge-file, git's merge.pmo.driver): the files
 * pmo merges by ID, and the git set-up that hands them to it.
 *
 * A project's plan.yaml merges its tasks by ID (T-n; parent, depends and a
 * baseline's task keys name them); budget.yaml its lines (B-n) and
 * expenses (E-n; an expense's line names a line). Any other file given to
 * the driver merges as a YAML mapping, key by key. The merge itself is
 * lib/yaml's (yaml/merge.h); a file that is not YAML pmo reads (a side
 * with conflict markers left in it) is merged line by line as git would.
 */
#include "yaml/merge.h"

typedef struct {
	pmo_yaml_merged merged; /* the text, conflicts, renumbered IDs */
	char *by_lines;         /* NULL, or why the file was merged line by line */
	int conflicted;         /* the text holds conflict markers */
} pmo_merge_result;

/* Merge the file path (relative to the repository, as %P; NULL when not
 * known: the lists are told from the content) from base, ours and theirs.
 * 0 with *out filled (clean or conflicted), or an error (out of memory). */
int pmo_merge_file(pmo_merge_result *out, const char *path, const pmo_buf *base,
		   const pmo_buf *ours, const pmo_buf *theirs);
void pmo_merge_result_free(pmo_merge_result *r);

/* The pmo tree's .gitattributes (text, NULL when there is none) with every
 * line pmo needs: the union merge of .retired files and the merge driver
 * for plan.yaml and budget.yaml. 0 when text has them all (out untouched),
 * 1 with the whole new text (text's lines, then the missing ones) appended
 * to out. */
int pmo_merge_attributes(pmo_buf *out, const char *text, size_t len);
/* The same with the lines lines (n) of .gitattributes. */
int pmo_attributes_with(pmo_buf *out, const char *text, size_t len, const char *const *lines,
			size_t n);

/* The driver's configuration: merge.pmo.name and merge.pmo.driver, the
 * command line git runs with pmo_path (shell-quoted) for the program. */
#define PMO_MERGE_DRIVER_NAME "pmo: plans and budgets merged by task and line ID"
int pmo_merge_driver_line(pmo_buf *out, const char *pmo_path);

#endif
