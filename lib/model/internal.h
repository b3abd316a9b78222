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
/* pmo_assigns_resolve; all 0 leaves -= and field.N.sub (which need the
 * record) unresolved, as pmo_assigns_parse does. */
int pmo_model__assigns_resolve(pmo_assigns *as, const pmo_node *record, int all);
/* Append the problem s (taken, freed on failure) about node at (or NULL)
 * to p (record.c). */
int pmo_model__problems_add_at(pmo_problems *p, char *s, const pmo_node *at);

/* A project closes when every objective has achieved (project.c):
 * 0, or PMO_EINVALID naming those without. */
int pmo_model__closing_project(const pmo_node *record);
/* The risk's derived fields, score and level (risk.c). */
int pmo_model__derive_risk(pmo_doc *doc, pmo_node *view, const pmo_node *record,
			   const pmo_derive_ctx *ctx);
/* An incident's sla_due and breached (incident.c). */
int pmo_model__derive_incident(pmo_doc *doc, pmo_node *view, const pmo_node *record,
			       const pmo_derive_ctx *ctx);
/* A vendor's rating and number of evaluations (vendor.c). */
int pmo_model__derive_vendor(pmo_doc *doc, pmo_node *view, const pmo_node *record,
			     const pmo_derive_ctx *ctx);
/* An evaluation's score (vendor.c). */
int pmo_model__derive_evaluation(pmo_doc *doc, pmo_node *view, const pmo_node *record,
				 const pmo_derive_ctx *ctx);
/* A stakeholder's quadrant (stakeholder.c). */
int pmo_model__derive_stakeholder(pmo_doc *doc, pmo_node *view, const pmo_node *record,
				  const pmo_derive_ctx *ctx);
/* A requirement's covered_by: the plan's tasks that list it (requirement.c). */
int pmo_model__derive_requirement(pmo_doc *doc, pmo_node *view, const pmo_node *record,
				  const pmo_derive_ctx *ctx);
/* Append key: a scalar of tag and text to view: 0 or PMO_ENOMEM. */
int pmo_model__view_put(pmo_doc *doc, pmo_node *view, const char *key, pmo_tag tag,
			const char *text);

#endif
