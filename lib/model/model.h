#ifndef PMO_MODEL_MODEL_H
#define PMO_MODEL_MODEL_H
/*
 * Kinds, records and settings. Every kind is described by its JSON Schema
 * (schemas/<kind>.json, embedded at build time) and the schema's `x-pmo`
 * metadata: where its files live, how IDs are made, which columns a list
 * shows, which fields name people, and its status workflow. The engine here
 * is generic; what one kind needs besides is in that kind's own file
 * (lib/model/risk.c …), as hooks registered by the kind's name
 * (pmo_kind_hooks, derive.c).
 */
#include <stddef.h>
#include "yaml/yaml.h"
#include "schema/schema.h"
#include "repo/repo.h"
#include "util/date.h"
#include "util/money.h"

typedef struct pmo_model pmo_model;
typedef struct pmo_kind pmo_kind;
typedef struct pmo_settings pmo_settings;

/* What a derived field may read beyond its record: the settings, the
 * source the record was read from (other records: a vendor's evaluations,
 * the project's plan), the record's project (NULL for portfolio kinds) and
 * its kind. */
typedef struct pmo_derive_ctx pmo_derive_ctx;
struct pmo_derive_ctx {
	const pmo_settings *settings;
	pmo_source *src;      /* NULL: only what the record itself says */
	const char *project;
	const pmo_kind *kind;
	/* cb with the stored fields of every record of the kind named, in
	 * every project (those that cannot be read are validate's to name):
	 * 0, or an error; NULL when src is NULL */
	int (*each)(const pmo_derive_ctx *ctx, const char *kind,
		    int (*cb)(const pmo_node *record, void *payload), void *payload);
	/* lib/model's own: the records each has read while one list is made
	 * (a vendor's evaluations read once for all vendors), or NULL */
	void *cache;
};
/* Derived fields of a record: append them to view (a mapping in doc). */
typedef int (*pmo_derive_fn)(pmo_doc *doc, pmo_node *view, const pmo_node *record,
			     const pmo_derive_ctx *ctx);

/*
 * What a kind's own file (lib/model/<kind>.c) adds to what its schema
 * gives, registered under the kind's name in derive.c. Every hook is
 * optional (NULL: the kind has none); shared code calls the hook and
 * never tests a kind's name. To add one: a member here, called where the
 * shared code needs it, and set in the kinds' files that have it.
 */
typedef struct {
	const char *kind;     /* the kind's name, "risk" */
	/* Derived fields (x-pmo derived): score, level … */
	pmo_derive_fn derive;
	/* derive reads other files (ctx->src or ctx->each: a requirement's
	 * plan, a vendor's evaluations), so a list makes them on the caller's
	 * thread; the others are made on the thread that read the record */
	int derive_reads_files;
	/* The kind's settings in pmo.yaml (root: its root mapping) into s. */
	void (*settings_load)(pmo_settings *s, const pmo_node *root);
	/* The value of the whole-number setting <kind>.key of pmo.yaml (a
	 * default may count from it: "today+risk.review_days") when the file
	 * does not set it, as pmo.yaml's schema describes it: 0, or -1 for a
	 * setting the kind does not have. */
	int (*setting_default)(long *out, const char *key);
	/* validate's consistency rule over the kind's part of pmo.yaml:
	 * findings appended to out (rule "consistency"). 0 or an error. */
	int (*settings_check)(pmo_findings *out, const pmo_node *root);
	/* validate's date rule for a record of the kind as of today
	 * (warnings, rule "date"); settings NULL when pmo.yaml cannot be
	 * read. 0 or an error. */
	int (*dates)(pmo_findings *out, const pmo_node *record, pmo_date today,
		     const pmo_settings *settings);
	/* A record of the kind that may stop being active (a person who has
	 * left): 0 when record says it is not active, else 1. Records that
	 * name one are refused anew and warned about where they stand. */
	int (*active)(const pmo_node *record);
	/* What a record must hold before it takes the kind's close status (a
	 * project: its closing review done): 0, or PMO_EINVALID saying what
	 * is missing. */
	int (*closing)(const pmo_node *record);
	/* The level of a cell of the kind's matrix (x-pmo matrix: row and
	 * column scored 1 to 5), as its records get it: "low" … "critical"
	 * (a risk: pmo.yaml's risk.levels over probability × impact). */
	const char *(*matrix_level)(const pmo_settings *s, long row, long column);
} pmo_kind_hooks;

struct pmo_kind {
	const char *name;        /* "risk" */
	const char *plural;      /* "risks" */
	const char *summary;     /* one line for help */
	const char *prefix;      /* "R": IDs R-<n>; NULL when IDs are given */
	const char *folder;      /* "risks", "people", "projects" */
	const char *file;        /* "project.yaml": record is folder/<ID>/file */
	int project_scoped;      /* lives in projects/<KEY>/<folder> */
	const char *id_field;    /* "id", "handle", "key" */
	const char *title_field; /* "title", "name" */
	const char *reason_field;/* field close --reason writes, or NULL */
	const char **columns;    /* NULL-terminated */
	const pmo_node *headers; /* x-pmo headers: column → short header */
	const pmo_node *derived; /* x-pmo derived: name → {type, description} */
	const pmo_node *refs;    /* x-pmo refs: field → kind */
	const pmo_node *defaults;/* x-pmo defaults: field → rule */
	const pmo_node *due;     /* x-pmo due: the dated obligations, or NULL */
	const pmo_node *order;   /* x-pmo order: pairs of date fields, the first not after
	                            the second, or NULL */
	const pmo_node *matrix;  /* x-pmo matrix: {rows, columns, while}, or NULL */
	const char *source;      /* the local schema file it comes from
	                            ("schemas/audit.json"), NULL when built in */
	const pmo_node *workflow;/* x-pmo workflow, or NULL */
	const char *status_field;/* workflow field, or NULL */
	const char *initial;     /* workflow initial status */
	const char *close_status;/* status `close` moves to */
	const pmo_node *props;   /* schema properties (in schema order) */
	const pmo_node *required;/* schema required list */
	pmo_schema *schema;
	pmo_derive_fn derive;    /* hooks->derive */
	const pmo_kind_hooks *hooks; /* never NULL (none: every hook NULL) */
	const pmo_model *model;  /* the table the kind belongs to */
};

/* Load every embedded schema and build the kind table. Each kind's x-pmo
 * is checked against schemas/x-pmo.json and its fields (columns, refs,
 * due, workflow statuses): PMO_EINVALID naming the schema file. */
int pmo_model_new(pmo_model **out);
/* The kinds of a pmo tree: the built-in ones with the fields pmo.yaml
 * declares for them (`fields: {risk: {regulation: {…}}}`), and the local
 * kinds of the tree's schemas/<kind>.json (read from src). A local schema
 * that takes a built-in schema's or kind's name, or a field that a kind
 * already has, is refused naming its file (PMO_EINVALID). Without either
 * it is pmo_model_new. settings may be NULL (no fields). */
int pmo_model_new_tree(pmo_model **out, pmo_source *src, const pmo_settings *settings);
/* 1 when src holds local schemas or settings declares fields: the model
 * of the tree differs from the built-in one. */
int pmo_model_tree_differs(pmo_source *src, const pmo_settings *settings);
void pmo_model_free(pmo_model *model);
/* The kind by name ("risk") or plural ("risks"); NULL when none. */
const pmo_kind *pmo_model_kind(const pmo_model *model, const char *name);
/* The register kinds, in table order (for help). The built-in model reads
 * a kind's schema when the kind is first asked for (by these two), so
 * either is NULL when that fails (out of memory). */
const pmo_kind *pmo_model_kind_at(const pmo_model *model, size_t i);
size_t pmo_model_kind_count(const pmo_model *model);
/* Kind i's name (and plural) without reading its schema: for what needs
 * only names (the dispatcher's check, pmo.yaml's sections). */
const char *pmo_model_kind_name(const pmo_model *model, size_t i, const char **plural);
/* Kind i's folder, whether it is a project's, and its file (NULL when a
 * record is a file of its own), without reading its schema: for placing
 * files, which reads only the schemas of the kinds it finds. NULL past
 * the last kind, and when reading the schema fails (out of memory). */
const char *pmo_model_kind_folder(const pmo_model *model, size_t i, int *project_scoped,
				  const char **file);
/* A schema by short name ("pmo", "plan", "calendar"), NULL when none. */
pmo_schema *pmo_model_schema(const pmo_model *model, const char *name);
pmo_schema_set *pmo_model_schemas(const pmo_model *model);
/* The i-th schema of the model (built-in ones first, then the tree's
 * own), NULL past the last; *name its short name ("risk", "audit"),
 * *changed 1 when it is not the embedded text (pmo.yaml gave it fields,
 * or it is the tree's own). */
pmo_schema *pmo_model_schema_at(const pmo_model *model, size_t i, const char **name, int *changed);
/* A property's schema node, or NULL. */
const pmo_node *pmo_kind_prop(const pmo_kind *kind, const char *field);
/* The display title of a field: x-pmo headers, else the property's title,
 * else the field name. */
const char *pmo_kind_header(const pmo_kind *kind, const char *field);

/* Settings from pmo.yaml. */
struct pmo_settings {
	pmo_doc *doc;         /* the parsed pmo.yaml (root mapping) */
	const char *name;
	const char *currency;
	pmo_currency money;   /* the currency's minor units and rounding */
	const char *default_project;
	long level_medium, level_high, level_critical; /* the risk's (risk.c) */
};
int pmo_settings_load(pmo_settings **out, pmo_source *src, const pmo_model *model);
void pmo_settings_free(pmo_settings *s);
/* A whole-number setting SECTION.KEY of pmo.yaml (risk.review_days), or its
 * default when the file does not set it; PMO_ENOTFOUND for a setting pmo
 * does not know. s may be NULL (the defaults). */
int pmo_settings_int(long *out, const pmo_settings *s, const char *section, const char *key);

/* A record as read from a file. */
typedef struct {
	const pmo_kind *kind;
	char *project;   /* project key for project-scoped kinds, else NULL */
	char *id;        /* "R-1", "wang-li", "CBM" */
	char *path;      /* relative to the pmo tree root */
	pmo_doc *doc;    /* the file's document */
	pmo_node *view;  /* stored fields + derived + "project", in doc's arena */
	char *row;       /* what pmo_records_list_rows' row made of it, or NULL;
			  * freed with free() */
} pmo_record;

void pmo_record_free(pmo_record *r);
/* "CBM/R-1", "wang-li" — how the record is named from anywhere. New string. */
char *pmo_record_name(const pmo_record *r);

/* Path (relative to the tree root) of a record, a new string in *out; 0,
 * or PMO_ENOMEM with the error set. */
int pmo_kind_path(char **out, const pmo_kind *kind, const char *project, const char *id);
/* The same path appended to b, the project key its first plen bytes
 * (none when project is NULL or plen 0) and the ID its ilen: for callers
 * that hold them inside other strings ("CBM/R-1") or reuse one buffer. */
void pmo_kind_path_put(pmo_buf *b, const pmo_kind *kind, const char *project, size_t plen,
		       const char *id, size_t ilen);
/* Parse a record reference: "CBM/R-1", or "R-1" with default_project.
 * Sets *project (new string or NULL) and *id (new string). PMO_EUSAGE with a
 * clear message when it cannot. */
int pmo_kind_parse_ref(char **project, char **id, const pmo_kind *kind,
		       const char *ref, const char *default_project);
/* As pmo_kind_parse_ref, and an ID of a project kind given with no
 * project and no default names the record of that ID in the one project
 * that has one (PMO_EUSAGE naming the projects when several do). */
int pmo_kind_find_ref(char **project, char **id, pmo_source *src, const pmo_kind *kind,
		      const char *ref, const char *default_project);

/* Read one record (with derived fields in view). */
int pmo_record_read(pmo_record **out, pmo_source *src, const pmo_kind *kind,
		    const char *project, const char *id, const pmo_settings *settings);


typedef struct {
	pmo_record **items;
	size_t n;
} pmo_records;
void pmo_records_free(pmo_records *r);

/* Every record of kind (in project when not NULL, else in all projects),
 * sorted by project then ID number. Files that cannot be read are added to
 * problems (if not NULL) and skipped. */
int pmo_records_list(pmo_records *out, pmo_findings *problems, pmo_source *src,
		     const pmo_kind *kind, const char *project,
		     const pmo_settings *settings);
/* As pmo_records_list, and row(r, arg) sets r->row (a table's row of the
 * record, say) once its view is made: on the thread that read it, so it
 * must only read what is shared. 0, or < 0 with the error set. */
int pmo_records_list_rows(pmo_records *out, pmo_findings *problems, pmo_source *src,
			  const pmo_kind *kind, const char *project, const pmo_settings *settings,
			  int (*row)(pmo_record *r, void *arg), void *arg);
/* Every record of every kind of model that want takes (want NULL: every
 * kind), as pmo_records_list lists them kind after kind (the model's
 * order, then project and ID) and with its problems, given to each one by
 * one on the caller's thread and freed after it. The records are as
 * stored: no derived fields (view is NULL), for commands that read only
 * what the files say (pmo due, pmo search). One walk of the tree; the
 * worktree's files are read, parsed and checked (or read, below) on every
 * core. each's (take's) negative return stops the walk and is returned. */
typedef struct {
	int (*want)(const pmo_kind *kind, void *payload);
	/* NULL, or whether a file's bytes may hold a record each wants: a
	 * file it says 0 of is neither parsed nor checked, so nor named in
	 * problems. Called on any thread, so it must only read. */
	int (*bytes)(const char *text, size_t len, void *payload);
	int (*each)(const pmo_record *r, void *payload);
	void *payload;
	/* NULL, or what a command takes of a record on the thread that
	 * parsed it, for one that reads only a few fields (pmo due): called on
	 * any thread, several at once, so it must only read the record and its
	 * kind and fill *out. The record is then not checked against its
	 * schema (read judges the fields it takes; validate the rest), and
	 * instead of each, take is called on the caller's thread, in each's
	 * order, with what read left in *out (NULL: nothing), and owns it;
	 * drop frees one that take will not see (the walk stopped). */
	int (*read)(void **out, const pmo_record *r, void *payload);
	int (*take)(void *got, void *payload);
	void (*drop)(void *got);
	/* NULL, or what the command keeps of a record between runs (below):
	 * then read is not used, and take gets what kept->use made. */
	const struct pmo_records_kept *kept;
} pmo_records_walk;
/* What a command keeps of each record, as bytes of its own (pmo due: a
 * record's due items; pmo search: its title and text), so that a record
 * whose file has not changed since is not read again: in the worktree
 * they are kept in a cache of the git folder, one file a kind
 * (lib/util/filecache.h, checked by each file's stat). keep makes them
 * from a record just parsed, use what take is given from them, whether
 * they were made now or kept; both on any thread, several at once, so they
 * must only read the record (use gets it without its doc) and fill their
 * out. Without a cache (a revision, PMO_CACHE=0) every record is kept and
 * used at once, so what a command prints never depends on the cache. */
typedef struct pmo_records_kept {
	const char *name;  /* "due": the caches' files are "due-<kind>" */
	uint32_t version;  /* of keep's bytes: a cache of another is not read */
	int checked;       /* a record must pass its schema first, else it is
			      refused as each's would be (and not kept) */
	int (*keep)(pmo_buf *out, const pmo_record *r, void *payload);
	/* 0, or < 0 to stop (PMO_EINVALID: the bytes are not keep's, and the
	 * file is read again) */
	int (*use)(void **out, const pmo_record *r, const char *bytes, size_t len, void *payload);
} pmo_records_kept;
int pmo_records_each(pmo_findings *problems, pmo_source *src, const pmo_model *model,
		     const pmo_records_walk *walk);
/* Compare IDs (or record names) so that R-2 sorts before R-10: digit runs
 * by number, the rest bytewise. */
int pmo_id_cmp(const char *a, const char *b);
/* pmo search: records of every kind (all projects) whose text fields
 * (the title, and any field of text or list of text) contain a text, as
 * field~text finds it; one hit a record, its first field that matches. */
typedef struct {
	char *record;         /* "CBM/R-1", "wang-li" */
	const char *kind;     /* the kind's name */
	char *title;
	const char *field;    /* the field that matched (the schema's) */
	char *excerpt;        /* the match with some text around it, on one line */
} pmo_hit;
typedef struct {
	pmo_hit *items;
	size_t n;
} pmo_hits;
void pmo_hits_free(pmo_hits *h);
/* Search the records of only (NULL: every kind) for text; files that
 * cannot be read go to problems and are skipped, among those whose bytes
 * could hold text (the others are not parsed). */
int pmo_search(pmo_hits *out, pmo_findings *problems, pmo_source *src, const pmo_model *model,
	       const pmo_kind *only, const char *text);

/* A hash of what the records of model are read by: pmo's build, its
 * schemas, the tree's own ones and fields, the currency amounts are
 * checked in. A cache made under another tag is not used. */
uint64_t pmo_model_tag(const pmo_model *model);

/* Project keys in the tree, sorted. */
int pmo_projects_list(char ***out, pmo_source *src);

/* IDs (ids.c). The folder of a kind's records ("projects/CBM/risks",
 * "vendors") and its file of retired IDs ("projects/CBM/risks/.retired"). */
int pmo_kind_folder(char **out, const pmo_kind *kind, const char *project);
int pmo_kind_retired_path(char **out, const pmo_kind *kind, const char *project);
/* n when s[0..len) is an ID pmo gives to kind, <prefix>-<n> (n from 1, no
 * leading zero); 0 otherwise (also for kinds whose IDs are given). */
unsigned long pmo_kind_id_number(const pmo_kind *kind, const char *s, size_t len);
/* The folder's .retired as it is, appended to out, and its path (new
 * string, when path is not NULL): 1; 0 when there is none (out empty); or
 * an error (a link, not readable). */
int pmo_kind_retired_read(pmo_buf *out, char **path, pmo_source *src, const pmo_kind *kind,
			  const char *project);
/* The lines of the folder's .retired, blanks trimmed, empty ones left out
 * (an empty list when there is no file); NULL-terminated, pmo_strv_free. */
int pmo_kind_retired(char ***out, pmo_source *src, const pmo_kind *kind, const char *project);
/* Whether id is retired in the folder: 1, 0, or an error. */
int pmo_kind_id_retired(pmo_source *src, const pmo_kind *kind, const char *project,
			const char *id);
/* Next free ID: <prefix>-<n+1>, n the highest of the files in the folder
 * and of the IDs in its .retired (no history walk). */
int pmo_kind_next_id(char **out, pmo_source *src, const pmo_kind *kind, const char *project);
/* The text of a .retired file holding text's lines and add (NULL: none),
 * sorted (the kind's IDs by number, other lines bytewise after them), each
 * once, appended to out. */
int pmo_kind_retired_text(pmo_buf *out, const pmo_kind *kind, const char *text, size_t len,
			  const char *add);
/* The pmo tree's .gitattributes (text, NULL when there is none) with the
 * line that merges .retired files with git's union driver: 0 when text has
 * it already (out untouched), 1 with the whole new text appended to out. */
int pmo_retired_attributes(pmo_buf *out, const char *text, size_t len);

/*
 * Assignments from the command line: "field=value". The value is typed by
 * the field's schema (integer, number, boolean, array of strings from
 * "a,b,c", array of objects from "a:b,c", the object's properties in
 * order; an object or list field also from YAML flow, '{a: 1, b: x}' or
 * '[a, b]', its scalars typed by the schema as well); an empty value
 * removes the field. Lists and nested values, one mechanism for every
 * field:
 *   field+=a,b        append (to a list of objects: one '{…}' object)
 *   field-=a          remove (an object matches when the fields given match)
 *   field.N.sub=v     set sub of the Nth object of the list (from 1, as
 *                     show numbers them; sub= removes it)
 * The result is checked with the kind's schema by pmo_record_check.
 */
typedef enum { PMO_ASSIGN_SET, PMO_ASSIGN_APPEND, PMO_ASSIGN_REMOVE } pmo_assign_op;
typedef struct {
	char *field;       /* the record's field (objectives for objectives.1.achieved) */
	char *value;       /* as typed */
	pmo_node *node;    /* the field's whole new value, NULL to remove it */
	pmo_assign_op op;
	size_t index;      /* field.N.sub: N (from 1); 0 for the field itself */
	char *sub;         /* field.N.sub: sub */
	pmo_node *given;   /* +=, -=: the items; field.N.sub: the value (NULL removes) */
} pmo_assign;
typedef struct {
	pmo_assign *items;
	size_t n;
	pmo_doc *doc; /* holds the nodes */
} pmo_assigns;
/* Text typed on the command line holds no control characters but line
 * breaks and tabs (an escape sequence in a title would reach terminals and
 * commit subjects): 0, or PMO_EUSAGE naming the field and the character. */
int pmo_text_check(const char *field, const char *text);
/* Parse argv against kind's schema. PMO_EUSAGE naming the argument for a
 * malformed one. field+= comes out resolved against a record without the
 * field; -= and field.N.sub need pmo_assigns_resolve before the
 * assignments are used (with the record for set, NULL for add). */
int pmo_assigns_parse(pmo_assigns *out, const pmo_kind *kind, char *const *argv, size_t argc);
/* Resolve every assignment's node against record (NULL: none), in order, an
 * assignment to a field building on the one before it: field+= appends to
 * the record's list, field-= removes (PMO_EUSAGE naming the value when it
 * is not there), field.N.sub sets a field of the Nth object (PMO_EUSAGE
 * naming the count when N is out of range). */
int pmo_assigns_resolve(pmo_assigns *as, const pmo_kind *kind, const pmo_node *record);
void pmo_assigns_free(pmo_assigns *a);
/* The length of the record's field an argument assigns (the "tags" of
 * tags+=a, the "objectives" of objectives.1.achieved=yes), 0 when it is
 * no field=value. */
size_t pmo_assign_field_len(const char *arg);
/* The assignment to field in as (the last one, which holds the field's
 * final value), or NULL. */
const pmo_assign *pmo_assigns_get(const pmo_assigns *as, const char *field);
/* Apply as to the file of *doc by minimal edits (comments, order and
 * quoting elsewhere kept): a whole field replaced or removed, items
 * appended to and removed from a block list in place, a field of a list's
 * object set in place. *doc is replaced by the edited document (path names
 * it in messages). */
int pmo_assigns_edit(pmo_doc **doc, const pmo_kind *kind, const pmo_assigns *as, const char *path);

/* The fields a new record takes from elsewhere, given in as: its ID (pmo's,
 * or the first argument of add), its title (add's first argument) and a
 * first status other than the workflow's. PMO_EUSAGE naming the field. */
int pmo_record_new_check(const pmo_kind *kind, const pmo_assigns *as);
/* Build the mapping of a new record in schema order from assignments plus
 * the id, title, workflow initial status and x-pmo defaults. */
int pmo_record_build(pmo_doc **out, const pmo_kind *kind, const char *id,
		     const char *title, const pmo_assigns *as, const pmo_settings *settings);
/* The record that results from applying as to an existing record (a new
 * document; the original is untouched). */
int pmo_record_apply(pmo_doc **out, const pmo_kind *kind, const pmo_node *record,
		     const pmo_assigns *as);

/* References (x-pmo refs): a field's value names a record of a kind, a
 * task of the project's plan ("task") or a file of the tree ("file"). */
typedef enum { PMO_REF_RECORD, PMO_REF_TASK, PMO_REF_FILE } pmo_ref_type;
typedef struct {
	pmo_ref_type type;
	const pmo_kind *kind; /* PMO_REF_RECORD: the target kind */
	char *project;        /* the target's project (project kinds, tasks), or NULL */
	char *id;             /* the record's or task's ID; NULL for a file */
	char *path;           /* the file that holds it: the record, plan.yaml, the file */
} pmo_ref;
/* Where value, written in field of a record of project (NULL for a
 * portfolio record), points when field refers to target (a kind name,
 * "task" or "file"): 0; 1 when target is no kind pmo knows (nothing to
 * check); PMO_EINVALID with a message naming field and value when value
 * cannot be such a reference (KEY/ID to a portfolio kind, a path with ".."). */
int pmo_ref_resolve(pmo_ref *out, const pmo_model *model, const char *field, const char *target,
		    const char *project, const char *value);
void pmo_ref_free(pmo_ref *r);
/* Whether the reference's target is there: 1, 0, or an error (a plan.yaml
 * that cannot be read). */
int pmo_ref_exists(const pmo_ref *r, pmo_source *src);
/* Whether the plan (plan.yaml's root) has a task or milestone id. */
int pmo_plan_has_task(const pmo_node *plan, const char *id);

/* Each reference a record of kind in project (NULL: portfolio) makes: cb
 * gets the field, the scalar (the value, or a list's element) and where it
 * points (valid during the call). Values that are no reference are left
 * out (validate reports them). cb's non-zero return stops and is returned. */
typedef int (*pmo_refs_cb)(const char *field, const pmo_node *at, const pmo_ref *ref,
			   void *payload);
int pmo_record_refs(const pmo_model *model, const pmo_kind *kind, const pmo_node *record,
		    const char *project, pmo_refs_cb cb, void *payload);
/* Where one record is named (uses.c): the files that name it, each with
 * the scalars that do and who names it ("CBM/ISS-1 from_risk",
 * "CBM/T-3 requirements" for a task of the plan). */
typedef struct {
	char *path;          /* relative to the pmo tree */
	char *project;       /* the file's project; NULL for a portfolio record */
	pmo_doc *doc;        /* the file as read: at are its nodes */
	const pmo_node **at;
	char **names;        /* parallel to at */
	size_t n;
} pmo_use_file;
typedef struct {
	pmo_use_file *items;
	size_t n;
} pmo_uses;
/* Every record of every kind and every project's plan that names the
 * record kind project/id (the record itself left out). */
int pmo_uses_find(pmo_uses *out, const pmo_model *model, pmo_source *src,
		  const pmo_settings *settings, const pmo_kind *kind, const char *project,
		  const char *id);
void pmo_uses_free(pmo_uses *u);
/* How a record of from_project (NULL: a portfolio record) names the record
 * kind project/id: "R-7" in the same project, "MOB/R-7" from elsewhere,
 * "V-1" for a portfolio kind. New string, NULL on OOM. */
char *pmo_ref_text(const pmo_kind *kind, const char *project, const char *id,
		   const char *from_project);

/* Check a candidate record: schema, references to other records, the ID
 * field; project is the record's (NULL for portfolio kinds). Findings restricted to fields (when only is not NULL, only those
 * whose top-level field is in only). Each finding's message is
 * "field: message", at the node it is about (1:1 when it is about the
 * whole record). Returns 0 when valid, PMO_EINVALID with the first
 * problem as the error message otherwise. */
int pmo_record_check(pmo_findings *out, const pmo_model *model, const pmo_kind *kind,
		     const pmo_node *record, const char *project, pmo_source *src,
		     const pmo_assigns *only);
/* Records that say they are no longer active (the kind's active hook: a
 * person with active: false in people/<handle>.yaml) are not named anew:
 * *out is 0 for such a record, 1 otherwise (also for a kind with no such
 * hook, and a record with no file, which the reference check reports). A
 * file that cannot be read (a link, not YAML) is an error: nobody is
 * named through it. */
int pmo_record_active(int *out, pmo_source *src, const pmo_kind *kind, const char *name);
/* Whether project key has ended: its status is one the project kind's
 * workflow ends in (closed, cancelled). What falls due in an ended
 * project is no longer anyone's to do: pmo due and validate leave it
 * out. *out is 0 for a project without a readable project.yaml (its own
 * finding elsewhere). */
int pmo_project_ended(int *out, pmo_source *src, const pmo_model *model, const char *key);
/* Every person a field of record names (x-pmo refs to person, a string or
 * a list) that old (the record before, NULL for a new one) did not name
 * must be active: problems "owner: person \"h\" is not active …" and
 * PMO_EINVALID, or 0. */
int pmo_record_check_people(pmo_findings *out, const pmo_model *model, const pmo_kind *kind,
			    const pmo_node *record, const pmo_node *old, pmo_source *src);
/* Whether status is one a record of kind has ended in: one of the
 * workflow's "ended" statuses, or its close status when it lists none (a
 * closed or cancelled project). 0 for NULL. */
int pmo_kind_status_ended(const pmo_kind *kind, const char *status);
/* Assignments that change the status of record from one its reason field
 * explains (the workflow's "ended" statuses, or its close status) to one
 * it does not, reopening it, also remove that field unless they set it:
 * 1 when the removal was added, 0 when not needed, or an error. */
int pmo_assigns_reopen(pmo_assigns *as, const pmo_kind *kind, const pmo_node *record);

/* x-pmo "order": pairs of date fields of a record, the first not after the
 * second. The i-th pair (from *at on) that is out of order: its fields'
 * names and values; 0 when found, -1 when no more. */
typedef struct {
	const char *early, *late;       /* field names */
	const pmo_node *early_v, *late_v;
} pmo_order_fault;
int pmo_record_order(pmo_order_fault *out, size_t *at, const pmo_kind *kind,
		     const pmo_node *record);

/* Workflow: may status go from `from` to `to`? 0, or PMO_EUSAGE with a
 * message naming the allowed next statuses. */
int pmo_workflow_check(const pmo_kind *kind, const char *from, const char *to);

/* A risk's score, probability × impact: 0, or -1 when either is not an
 * integer (the schema speaks of it). */
int pmo_risk_score(const pmo_node *record, long *score);
/* Risk level for a score: "low", "medium", "high", "critical" (risk.c). */
const char *pmo_risk_level(const pmo_settings *s, long score);
/* Whether a risk is live, open or being mitigated: 1, else 0 (closed, or
 * occurred and become an issue). */
int pmo_risk_live(const pmo_node *record);

/* Whether a record in status (NULL: none) is one of statuses (an x-pmo
 * "while" list), or with statuses NULL still open: not the workflow's
 * close status nor one it ends in. 1 for a kind without a workflow. */
int pmo_kind_status_in(const pmo_kind *kind, const pmo_node *statuses, const char *status);

/* A kind's 5×5 matrix (x-pmo matrix; matrix.c): its records counted by
 * the two fields scored 1 to 5, rows and columns. */
typedef struct {
	const char *rows, *columns;  /* the fields: "probability", "impact" */
	size_t count[5][5];          /* [row - 1][column - 1] */
	const char *level[5][5];     /* the kind's level of the cell, or NULL */
	size_t counted;              /* records in a cell */
	size_t unscored;             /* records counted by status with no score
	                                1..5 in one of the fields */
} pmo_matrix;
/* Count rs (records of kind) into out: the records in the statuses
 * x-pmo matrix "while" names (default: not the close or an ended one).
 * PMO_EUSAGE when the kind has no matrix. */
int pmo_matrix_count(pmo_matrix *out, const pmo_kind *kind, const pmo_records *rs,
		     const pmo_settings *settings);
/* The cell of one record of kind in its matrix: 1 with *row and *column
 * set (1 to 5) when pmo_matrix_count counts it, 0 when its status is not
 * counted (or the kind has no matrix), -1 when it is but has no score. */
int pmo_matrix_cell(long *row, long *column, const pmo_kind *kind, const pmo_record *rec);
/* The statuses counted, "open, mitigating" into out (NULL: every record). */
int pmo_matrix_statuses(pmo_buf *out, const pmo_kind *kind);

/* The hooks of a kind by name (derive.c); never NULL: a kind with no code
 * of its own has every hook NULL. */
const pmo_kind_hooks *pmo_kind_hooks_for(const char *kind);
/* The kind's closing rule for record about to take its close status (a
 * project: every objective judged; its closing hook): 0, or PMO_EINVALID
 * saying what is missing. */
int pmo_record_closing_check(const pmo_kind *kind, const pmo_node *record);

#endif
