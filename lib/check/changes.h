#ifndef PMO_CHECK_CHANGES_H
#define PMO_CHECK_CHANGES_H
/* Private to lib/check: a change request as the history of its file tells
 * it (changes.c), for the approval rules of changes.c and the policy rules
 * of changes_policy.c. */
#include "check/internal.h"
#include "model/change.h"
#include "yaml/yaml.h"

typedef struct {
	char *key;     /* by, decision, date, tree, comment joined by \x1f */
	char *author;  /* the email of the oldest commit that added it */
	char id[41];   /* that commit */
} pmo_cr_added;

typedef struct {
	char *path;             /* projects/CBM/changes/CR-1.yaml */
	char *name;             /* CBM/CR-1 */
	pmo_doc *doc;           /* the file as the source has it */
	pmo_cr_added *added;
	size_t nadded;
	char *requester;        /* the author of the file's first commit */
	char merge[41];         /* the newest merge commit whose message says
				 * Pmo-Change: name, "" when none */
	char merged[41];        /* the tip it merged (its second parent) */
} pmo_cr_history;

/* The policy a change request is checked against and the tree its project
 * and people are read from: for an implemented change, the branch it was
 * merged into as it stood (the merge commit's first parent); otherwise the
 * tree validated. The settings of the last first parent read are kept
 * while its pmo.yaml stays the same, so a thousand merges load it once. */
typedef struct {
	pmo_source *src;         /* the tree the policy is in; not owned */
	pmo_source *parent;      /* the merge's first parent, NULL: none */
	pmo_buf yaml;            /* the pmo.yaml the kept settings came from */
	pmo_settings *settings;  /* the kept settings, NULL: none read */
	int have;                /* yaml and settings were read */
	pmo_change_policy pol;
} pmo_cr_policy;

/* The policy in force for h into p (changes_policy.c); a first parent this
 * clone lacks: the tree validated's. */
int pmo_check__policy_of(pmo_cr_policy *p, pmo_source *src, const pmo_model *model,
			 const pmo_settings *settings, const pmo_cr_history *h);
void pmo_check__policy_free(pmo_cr_policy *p);

/* The key of an approval entry into out. */
int pmo_check__approval_key(pmo_buf *out, const pmo_node *a);
/* The record of people/<handle>.yaml, or NULL (a new document;
 * changes_policy.c). */
pmo_doc *pmo_check__person(pmo_source *src, const char *handle);

/* For a change that is approved or implemented: the policy in force (pol,
 * from pmo_check__policy_of) is met by fresh approvals, the approved
 * content is what was merged, the recorded impact is the one computed again
 * (changes_policy.c). */
int pmo_check__change_policy(pmo_findings *out, pmo_source *src, const pmo_model *model,
			     const pmo_cr_policy *pol, const pmo_check_options *opts,
			     const pmo_cr_history *h);

#endif
