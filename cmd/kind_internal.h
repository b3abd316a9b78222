#ifndef PMO_CMD_KIND_INTERNAL_H
#define PMO_CMD_KIND_INTERNAL_H
/* What the record verbs of kind.c (writing), kind_read.c (reading) and
 * lifecycle.c (delete, renumber, move) share. */
#include "pmo.h"

/* The record ctx->kind names by ref ("CBM/R-1", "R-1" with -p); the exit
 * code after the message when it cannot be read. */
int pmo_kind_read_record(pmo_record **out, pmo_ctx *ctx, const char *ref);
/* An unknown field: exit 2 naming the fields there are (stored ones; for
 * filters and sorting also derived ones and project) and "did you mean". */
int pmo_kind_unknown_field(const pmo_kind *kind, const char *f, int stored_only);

int pmo_kind_verb_list(pmo_ctx *ctx, int argc, char **argv);
/* <kind> matrix: the 5×5 heat map of x-pmo matrix (matrix.c) */
int pmo_kind_verb_matrix(pmo_ctx *ctx, int argc, char **argv);
int pmo_kind_verb_show(pmo_ctx *ctx, int argc, char **argv);
int pmo_kind_verb_log(pmo_ctx *ctx, int argc, char **argv);
/* lifecycle.c */
int pmo_kind_verb_delete(pmo_ctx *ctx, int argc, char **argv);
int pmo_kind_verb_renumber(pmo_ctx *ctx, int argc, char **argv);
int pmo_kind_verb_move(pmo_ctx *ctx, int argc, char **argv);
/* A record command's commit message: "KIND NAME: ACTION", the body (may be
 * NULL) and the Pmo-Command and Pmo-Record trailers. New string. */
char *pmo_kind_commit_message(const pmo_kind *kind, const char *name, const char *action,
			      const char *verbname, const char *body);

/* Apply assignments to the record's file in place (minimal edits), check
 * the result (schema, references, workflow) and commit it: "KIND NAME:
 * ACTION" with body and the trailers. 0, or the exit code after the
 * message. */
int pmo_kind_change_record(pmo_ctx *ctx, pmo_record *r, const pmo_assigns *as, const char *verbname,
			   const char *action, const char *body);
/* Check a candidate record before anything is written (schema, references,
 * people no longer active); only: the assignments whose fields are checked
 * for active people (NULL: all); fail: the exit code for a problem; path:
 * the file's name in messages (NULL: none yet); old: the record it
 * replaces (NULL: a new one). 0, or the exit code after the findings. */
int pmo_kind_check_candidate(pmo_ctx *ctx, const pmo_node *record, const char *project,
			     const pmo_assigns *only, int fail, const char *path, const pmo_node *old);

#endif
