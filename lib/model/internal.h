#ifndef PMO_MODEL_INTERNAL_H
#define PMO_MODEL_INTERNAL_H
/* Private to lib/model: what its files (kind, record, assign, build,
 * record_check) share. */
#include "model/model.h"
#include "util/error.h"

#define OOM() pmo_error_set(PMO_ENOMEM, "out of memory")

/* A name that can be a file name: no '/', not "." or "..", printable
 * (kind.c). */
int pmo_model__safe_name(const char *s);
/* Append the problem s (taken, freed on failure) about node at (or NULL)
 * to p (record.c). */
/* Append an error about at (NULL: the record as a whole, told at 1:1),
 * its message s taken over (NULL: out of memory). */
int pmo_model__problem(pmo_findings *p, const char *rule, const pmo_node *at, char *s);

/* The risk's derived fields, score and level (risk.c). */
int pmo_model__derive_risk(pmo_doc *doc, pmo_node *view, const pmo_node *record,
			   const pmo_settings *settings);

#endif
