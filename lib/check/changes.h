#ifndef PMO_CHECK_CHANGES_H
#define PMO_CHECK_CHANGES_H
/* Private to lib/check: a change request as the history of its file tells
 * it (changes.c), for the approval rules of changes.c and the policy rules
 * of changes_policy.c. */
#include "check/internal.h"
#include "model/change.h"
#include "repo/branch.h"
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
	char start[41];         /* the commit that created the file, "" when none */
	char last[41];          /* the newest commit that changed it, "" when none */
} pmo_cr_history;

/* What each commit of the history changed besides one CR file, from the
 * walk of changes.c (changes_authors.c): kept for commits that change
 * something; what: the index of the one CR file the commit changes and
 * nothing else, or -1 when it changes more (another file, several). */
typedef struct {
	char id[40];            /* hex; id[0] 0: a free slot */
	long what;
} pmo_cr_commit;

typedef struct {
	pmo_cr_commit *v;
	size_t cap, n;
	char cur[41];           /* the commit whose files are being told */
	size_t nfiles;          /* its files told so far */
	long cr;                /* the first one's CR index, -1 none of ours */
} pmo_cr_commits;

/* The walk told a file of a changes/ folder changed by commit id: the CR
 * whose file it is (its index), or -1 (another file). */
void pmo_check__commits_file(pmo_cr_commits *m, const char *id, long cr);
/* The walk is done with commit c: keep what it changed. */
int pmo_check__commits_end(pmo_cr_commits *m, const pmo_history_commit *c);
void pmo_check__commits_free(pmo_cr_commits *m);

/* The implementers of a change: each author's email and the short id of
 * their first commit, alternating, NULL-terminated. */
typedef struct {
	char **v;
	size_t n;
} pmo_cr_authors;

/* The authors of h's commits that change more than its file (cr: h's index
 * as the walk told it), as changes_authors.c finds the change's commits. */
int pmo_check__implementers(pmo_cr_authors *out, pmo_source *src, const pmo_cr_commits *m,
			    const pmo_cr_history *h, long cr);
/* The short id of the first commit of email among a's, or NULL. */
const char *pmo_check__author_commit(const pmo_cr_authors *a, const char *email);
void pmo_check__authors_free(pmo_cr_authors *a);

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
