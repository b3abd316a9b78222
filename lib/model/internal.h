#ifndef PMO_MODEL_INTERNAL_H
#define PMO_MODEL_INTERNAL_H
/* Private to lib/model: what its files (kind, record, assign, build,
 * record_check) share. */
#include "model/model.h"
#include "util/error.h"

#define OOM() pmo_error_set(PMO_ENOMEM, "out of memory")
/* the base of the built-in schemas' $id ("…/v1/risk.json") */
#define ID_BASE "https://pmo.example.org/schemas/v1/"

/* A name that can be a file name: no '/', not "." or "..", printable
 * (kind.c). */
int pmo_model__safe_name(const char *s);
/* Append an error about at (NULL: the record as a whole, told at 1:1),
 * its message s taken over (NULL: out of memory). */
int pmo_model__problem(pmo_findings *p, const char *rule, const pmo_node *at, char *s);
/* Append a record that cannot be read, as the error e tells it (its file's
 * line and column when it has them; record.c). */
int pmo_model__error_problem(pmo_findings *p, const pmo_error *e);
/* The schema's findings res about the record at path, appended to problems
 * (when not NULL) at the file as the user sees it, "field: message": 1
 * when res has any, 0 when none, or a negative error (record.c). */
int pmo_model__schema_problems(pmo_findings *problems, pmo_source *src, const char *path,
			       const pmo_findings *res);
/* The records of a kind whose file names are sorted so: by ID number
 * (record.c). */
int pmo_model__name_cmp(const void *pa, const void *pb);
/* The records of kind (in project when not NULL, else in every project),
 * in pmo_records_list's order, read, parsed and checked against the schema
 * on every core where src allows (scan.c), each handed whole to own on
 * the caller's thread (own takes it, also when it fails); files that
 * cannot be read or that the schema refuses are added to problems (when
 * not NULL) instead. own's negative return stops the walk and is
 * returned. view, when not NULL, runs first on the thread that read the
 * record (any thread: it must be safe on several at once) and may make
 * r->view (r's other parts are borrowed); 0 or PMO_ENOMEM. */
int pmo_model__scan_kind(pmo_findings *problems, pmo_source *src, const pmo_kind *kind,
			 const char *project, int (*view)(pmo_record *r, void *payload),
			 int (*own)(pmo_record *r, void *payload), void *payload);

/* Each kind's hooks, in the kind's own file (registered in derive.c). */
extern const pmo_kind_hooks pmo_model__risk_hooks;    /* risk.c */
extern const pmo_kind_hooks pmo_model__project_hooks; /* project.c */
extern const pmo_kind_hooks pmo_model__person_hooks;  /* person.c */
extern const pmo_kind_hooks pmo_model__incident_hooks; /* incident.c */
extern const pmo_kind_hooks pmo_model__vendor_hooks;  /* vendor.c */
extern const pmo_kind_hooks pmo_model__evaluation_hooks; /* vendor.c */
extern const pmo_kind_hooks pmo_model__stakeholder_hooks; /* stakeholder.c */
extern const pmo_kind_hooks pmo_model__requirement_hooks; /* requirement.c */
/* pmo_assigns_resolve; all 0 leaves -= and field.N.sub (which need the
 * record) unresolved, as pmo_assigns_parse does. */
int pmo_model__assigns_resolve(pmo_assigns *as, const pmo_node *record, int all);
/* Append key: a scalar of tag and text to view: 0 or PMO_ENOMEM (view.c). */
int pmo_model__view_put(pmo_doc *doc, pmo_node *view, const char *key, pmo_tag tag,
			const char *text);

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
