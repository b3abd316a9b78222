#ifndef PMO_CMD_CHANGE_INTERNAL_H
#define PMO_CMD_CHANGE_INTERNAL_H
/* What the verbs of change requests share: change.c (start, switch,
 * submit, withdraw, list, show) and change_decide.c (approve, reject,
 * merge). */
#include "pmo.h"
#include "model/merge_change.h"

/* A change request opened on its branch. */
typedef struct {
	char *project, *id;   /* "CBM", "CR-1" */
	char *name;           /* "CBM/CR-1" */
	char *branch;         /* "change/CBM/CR-1" */
	char *path;           /* "projects/CBM/changes/CR-1.yaml" */
	pmo_record *r;        /* as its branch has it */
	const char *base;     /* the branch it started from (r's base) */
	char *since;          /* what its commits are counted from: base, or
			       * origin/<base> when only the remote's is at
			       * hand (a clone for CI) */
	const char *status;
} pmo_cr;
void pmo_cr_free(pmo_cr *cr);
/* The change request ref names ("CBM/CR-1", "CR-1" with -p), with the pmo
 * lock taken and the worktree on its branch (switched to, as git switch
 * does, when HEAD is elsewhere). 0, or the exit code after the message. */
int pmo_cr_open(pmo_cr *cr, pmo_ctx *ctx, const char *ref);
/* Its impact, computed against the merge base of its base and its
 * branch: the JSON text (diff/impact.h) and the same as a document. */
int pmo_cr_impact(pmo_buf *json, pmo_doc **doc, pmo_ctx *ctx, const pmo_cr *cr);

/* The people (people/), and who runs this command: the person whose email
 * is the git author email. */
typedef struct {
	pmo_records rs;
	char *name, *email;      /* the git author */
	const pmo_record *me;    /* NULL: nobody has that email */
} pmo_people;
int pmo_people_load(pmo_people *p, pmo_ctx *ctx);
void pmo_people_free(pmo_people *p);
const pmo_record *pmo_person(const pmo_people *p, const char *handle);
const pmo_record *pmo_person_by_email(const pmo_people *p, const char *email);
/* me, or exit 1 saying nobody in people/ has the author's email */
int pmo_people_need_me(const pmo_people *p);

/* Who may never approve the change: the requester (the author of the CR
 * file's first commit) and the authors of the branch's commits that
 * change more than the CR file (emails). */
typedef struct {
	char *requester;      /* email, NULL when the history has none */
	char **authors;       /* NULL-terminated */
	char **commits;       /* the first commit of each author (short id) */
	size_t n;
} pmo_cr_parties;
int pmo_cr_parties_load(pmo_cr_parties *out, pmo_ctx *ctx, const pmo_cr *cr);
void pmo_cr_parties_free(pmo_cr_parties *p);
/* The index in authors of email, or -1. */
long pmo_cr_parties_find(const pmo_cr_parties *p, const char *email);

/* Apply field=value arguments to the CR's file as set does and commit:
 * "change CBM/CR-1: ACTION". 0 or the exit code. */
int pmo_cr_commit(pmo_ctx *ctx, pmo_cr *cr, char **args, size_t n, const char *verbname,
		  const char *action);
/* The CR's file with field=value arguments applied, in out. */
int pmo_cr_edit(pmo_buf *out, pmo_ctx *ctx, pmo_cr *cr, char **args, size_t n);

int pmo_change_verb_approve(pmo_ctx *ctx, int argc, char **argv);
int pmo_change_verb_reject(pmo_ctx *ctx, int argc, char **argv);
int pmo_change_verb_merge(pmo_ctx *ctx, int argc, char **argv);

/* The merge's renumberings (change_merge.c): in the merge commit's
 * message, a paragraph of one line each; told to the user on stderr. */
void pmo_cr_merge_notes(pmo_buf *msg, const pmo_change_merge *cm);
void pmo_cr_merge_tell(const pmo_change_merge *cm);

#endif
