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
			   const pmo_settings *settings);

/* The model's parts (kind.c): an empty model with room for extra
 * schemas beyond the embedded ones; a schema from text (embedded); a
 * schema from a document the model takes (local or with fields; file
 * names it in messages, NULL for a built-in one). */
int pmo_model__create(pmo_model **out, size_t extra);
int pmo_model__add_text(pmo_model *m, const char *name, const char *text, size_t len);
int pmo_model__add_doc(pmo_model *m, const char *name, const char *file, pmo_doc *doc);
/* Check a kind's x-pmo (xpmo.c): against the meta-schema (may be NULL),
 * then that every field it names is a property (or a derived field), and
 * that its workflow names only statuses of its field. file names the
 * schema in messages (NULL: schemas/<kind>.json of pmo). */
int pmo_model__check_xpmo(const pmo_kind *k, const char *file, const pmo_schema *meta);

#endif
