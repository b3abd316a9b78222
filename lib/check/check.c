/*
 * The checks of `pmo validate`, file by file and then across files (see
 * check.h). Each file is read, loaded and checked, and its document freed
 * before the next one, so memory stays flat however big the tree: what is
 * kept across files is the list of paths (for references) and the IDs
 * (for duplicates).
 */
#include "check/internal.h"
#include "plan/plan.h"
#include "check/due.h"
#include "util/error.h"
#include "util/hash.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *const pmo_check_rules[] = {
	"yaml", "schema", "reference", "consistency", "date", "due", "workflow", "over-allocation", "change-approval", NULL,
};
#define RULE_YAML pmo_check_rules[0]
#define RULE_SCHEMA pmo_check_rules[1]
#define RULE_REFERENCE pmo_check_rules[2]
#define RULE_CONSISTENCY pmo_check_rules[3]
#define RULE_DATE pmo_check_rules[4]
#define RULE_DUE pmo_check_rules[5]
#define RULE_OVER_ALLOCATION pmo_check_rules[7]

/* An ID as found in a record, kept for the duplicate check. */
typedef struct {
	const pmo_kind *kind;
	char *project;  /* NULL for portfolio kinds */
	char *id;       /* both in the checker's idmem */
	const char *path; /* borrowed from out->files */
	int matches;    /* the ID equals the file name */
	uint32_t line, col;
} ident;

typedef struct {
	pmo_findings *out;
	pmo_source *src;
	const pmo_model *model;
	const pmo_check_options *opts;
	char **all;           /* every file of the tree, sorted */
	size_t nall;
	pmo_settings *settings; /* NULL when pmo.yaml cannot be used */
	pmo_date today;
	ident *ids;
	size_t nids, capids;
	struct idmem *idmem;  /* the kept IDs' strings */
	pmo_buf msg;          /* a finding's message */
	pmo_buf path;         /* a referenced record's path */
	const pmo_node **flagged; /* nodes of this file the schema found wrong */
	size_t nflagged, capflagged;
	char *last_project;   /* project_exists' last question … */
	int last_exists;      /* … and answer */
	char **inactive;      /* names of records of inactive_kind that are not active … */
	size_t ninactive;
	const pmo_kind *inactive_kind; /* … once read */
	char *plan_project;   /* the project whose plan … */
	pmo_doc *plan;        /* … task references were last checked in */
	char *ended_project; int ended; /* the project last asked whether it has ended, the answer */
} checker;

static int oom(void)
{
	return pmo_error_set(PMO_ENOMEM, "out of memory");
}

/* --- findings ------------------------------------------------------------ */

static int vadd(checker *c, const char *path, const pmo_node *node, pmo_severity sev,
		const char *rule, const char *fmt, va_list ap)
{
	return pmo_check__vadd(c->out, &c->msg, path, node, sev, rule, fmt, ap);
}

static int add(checker *c, const char *path, const pmo_node *node, const char *rule,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int add(checker *c, const char *path, const pmo_node *node, const char *rule,
	       const char *fmt, ...)
{
	va_list ap;
	int error;

	va_start(ap, fmt);
	error = vadd(c, path, node, PMO_SEVERITY_ERROR, rule, fmt, ap);
	va_end(ap);
	return error;
}

/* A finding with a message made elsewhere (lib/plan's), under its rule. */
static int vadd_rule(checker *c, const char *path, const pmo_node *node, pmo_severity sev,
		     const char *rule, const char *message);

static int vadd_rule_v(checker *c, const char *path, const pmo_node *node, pmo_severity sev,
		       const char *rule, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static int vadd_rule_v(checker *c, const char *path, const pmo_node *node, pmo_severity sev,
		       const char *rule, const char *fmt, ...)
{
	va_list ap;
	int error;

	va_start(ap, fmt);
	error = vadd(c, path, node, sev, rule, fmt, ap);
	va_end(ap);
	return error;
}

static int vadd_rule(checker *c, const char *path, const pmo_node *node, pmo_severity sev,
		     const char *rule, const char *message)
{
	return vadd_rule_v(c, path, node, sev, rule, "%s", message);
}

/* An error from a lower layer (read, load) as a finding at its place. */
static int add_error(checker *c, const char *path, const char *rule)
{
	const pmo_error *e = pmo_error_last();
	pmo_node at;

	memset(&at, 0, sizeof(at));
	if (e && e->line) {
		at.line = (uint32_t)e->line;
		at.col = (uint32_t)(e->col ? e->col : 1);
	}
	return add(c, path, &at, rule, "%s", e && e->message ? e->message : "cannot read the file");
}

/* --- helpers ------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is path a file of the tree? */
static int in_tree(const checker *c, const char *path)
{
	return path && bsearch(&path, c->all, c->nall, sizeof(*c->all), cmp_str) != NULL;
}

/* Does projects/<key>/project.yaml exist? Files come project by project,
 * so the last answer is kept. */
static int project_exists(checker *c, const char *key)
{
	if (c->last_project && !strcmp(c->last_project, key))
		return c->last_exists;
	free(c->last_project);
	if (!(c->last_project = strdup(key)))
		return oom();
	pmo_buf_clear(&c->msg);
	pmo_buf_puts(&c->msg, "projects/");
	pmo_buf_puts(&c->msg, key);
	pmo_buf_puts(&c->msg, "/project.yaml");
	if (pmo_buf_oom(&c->msg) < 0)
		return PMO_ENOMEM;
	c->last_exists = in_tree(c, c->msg.ptr);
	return c->last_exists;
}

/* The path of a record, as pmo_kind_path makes it, in c->path (reused:
 * this runs for every reference of every file). */
static const char *record_path(checker *c, const pmo_kind *kind, const char *project,
			       const char *id)
{
	pmo_buf *b = &c->path;

	pmo_buf_clear(b);
	pmo_kind_path_put(b, kind, project, project ? strlen(project) : 0, id, strlen(id));
	return pmo_buf_oom(b) < 0 ? NULL : b->ptr;
}

/* A date field's value, or -1 (absent, not a string, not a real date). */
static const char *str_of(const pmo_node *n)
{
	return n && n->kind == PMO_NODE_SCALAR && n->tag == PMO_TAG_STR ? n->str : NULL;
}

/* --- unknown files ------------------------------------------------------- */

/* What belongs where the file is, for the message about a file that
 * matches no kind. */
static int unknown_file(checker *c, const char *path, const pmo_place *pl)
{
	pmo_buf b = PMO_BUF_INIT;
	const char *slash = strchr(path, '/'), *name = strrchr(path, '/');
	const pmo_kind *k;
	size_t i, len = strlen(path);
	int error;

	name = name ? name + 1 : path;
	if (len >= 4 && !strcmp(path + len - 4, ".yml")) {
		pmo_buf_puts(&b, "pmo files end in .yaml, not .yml");
	} else if (pl->project && strchr(slash + 1, '/')) {
		pmo_buf_printf(&b, "projects/%s/ holds project.yaml", pl->project);
		for (i = 0; pmo_check__project_files[i].name; i++)
			if (pmo_model_schema(c->model, pmo_check__project_files[i].schema))
				pmo_buf_printf(&b, ", %s", pmo_check__project_files[i].name);
		for (i = 0; (k = pmo_model_kind_at(c->model, i)) != NULL; i++) {
			if (!k->project_scoped)
				continue;
			pmo_buf_printf(&b, ", %s/%s%s%s", k->folder, k->prefix ? k->prefix : "<ID>",
				       k->prefix ? "-<n>" : "", k->file ? "/" : ".yaml");
			if (k->file)
				pmo_buf_puts(&b, k->file);
		}
	} else {
		size_t dl = slash ? (size_t)(slash - path) : 0;
		for (i = 0; (k = pmo_model_kind_at(c->model, i)) != NULL; i++) {
			if (k->project_scoped || strlen(k->folder) != dl || strncmp(k->folder, path, dl))
				continue;
			if (k->file)
				pmo_buf_printf(&b, "%s/ holds one folder per %s: <%s>/%s", k->folder,
					       k->name, k->id_field, k->file);
			else
				pmo_buf_printf(&b, "%s/ holds one <%s>.yaml per %s", k->folder,
					       k->id_field, k->name);
		}
	}
	if ((error = pmo_buf_oom(&b)) < 0)
		goto done;
	error = add(c, path, NULL, RULE_SCHEMA, "\"%s\" is not a pmo file: %s", name,
		    b.len ? b.ptr : "it matches no kind of record");
done:
	pmo_buf_free(&b);
	return error;
}

/* --- rules for one file -------------------------------------------------- */

/* The location of a finding's parent: "objectives[0].foo" → "objectives[0]". */
static size_t parent_len(const char *loc)
{
	size_t len = strlen(loc), i;

	if (len >= 2 && loc[len - 1] == ']' && loc[len - 2] == '"') {
		for (i = len - 2; i > 0; i--)
			if (loc[i - 1] == '[' && loc[i] == '"')
				return i - 1;
		return 0;
	}
	for (i = len; i > 0; i--)
		if (loc[i - 1] == '.' || loc[i - 1] == ']')
			return loc[i - 1] == '.' ? i - 1 : i;
	return 0;
}

/* Did the schema find something wrong with this very node? (A value the
 * schema refuses is not checked again by the later rules.) */
static int flagged(const checker *c, const pmo_node *n)
{
	size_t i;

	for (i = 0; i < c->nflagged; i++)
		if (c->flagged[i] == n)
			return 1;
	return 0;
}

/* The schema's findings on a file (res, from pmo_schema_validate). */
static int check_schema(checker *c, const char *path, const pmo_findings *res)
{
	size_t i;
	int error = 0;

	c->nflagged = 0;
	if (res->n > c->capflagged) {
		const pmo_node **v = realloc(c->flagged, res->n * sizeof(*v));
		if (!v)
			return oom();
		c->flagged = v;
		c->capflagged = res->n;
	}
	for (i = 0; i < res->n && error >= 0; i++) {
		const pmo_finding *f = &res->items[i];
		size_t len = strlen(f->location);

		c->flagged[c->nflagged++] = f->node;

		/* a message that names the field itself speaks of its parent */
		if (!strcmp(f->keyword, "additionalProperties") ||
		    (!strcmp(f->keyword, "false") && !strncmp(f->message, "field \"", 7)))
			len = parent_len(f->location);
		if (len)
			error = add(c, path, f->node, RULE_SCHEMA, "%.*s: %s", (int)len,
				    f->location, f->message);
		else
			error = add(c, path, f->node, RULE_SCHEMA, "%s", f->message);
	}
	return error;
}

/* Whether the record name of kind (one with an active hook: a person)
 * is no longer active (a person who has left: active: false in their
 * file): a warning where they are still named, for the records to be
 * handed over. The kind's files are read once, on the first question. */
static int inactive(checker *c, const pmo_kind *kind, const char *name)
{
	size_t i, flen;
	int error = 0;

	if (!kind || !kind->hooks->active)
		return 0;
	if (c->inactive_kind != kind) {
		for (i = 0; i < c->ninactive; i++)
			free(c->inactive[i]);
		c->ninactive = 0;
		c->inactive_kind = NULL;
	}
	flen = strlen(kind->folder);
	for (i = 0; !c->inactive_kind && i < c->nall && error >= 0; i++) {
		const char *f = c->all[i], *h;
		size_t hl;
		char *rec, **v;
		int active;

		if (strncmp(f, kind->folder, flen) || f[flen] != '/')
			continue;
		h = f + flen + 1;
		hl = strlen(h);
		if (hl <= 5 || strcmp(h + hl - 5, ".yaml") || strchr(h, '/'))
			continue;
		if (!(rec = strndup(h, hl - 5)))
			return oom();
		if ((error = pmo_record_active(&active, c->src, kind, rec)) < 0 || active) {
			free(rec);
			if (error < 0 && error != PMO_ENOMEM) {
				/* a file that cannot be read is its own finding */
				pmo_error_clear();
				error = 0;
			}
			continue;
		}
		if (!(v = realloc(c->inactive, (c->ninactive + 1) * sizeof(*v)))) {
			free(rec);
			return oom();
		}
		c->inactive = v;
		c->inactive[c->ninactive++] = rec;
	}
	if (error < 0)
		return error;
	c->inactive_kind = kind;
	for (i = 0; i < c->ninactive; i++)
		if (!strcmp(c->inactive[i], name))
			return 1;
	return 0;
}

/* The tasks of a project's plan, for task references (read once per
 * project: files come project by project). 1 when id is one, 0 when not. */
static int plan_task(checker *c, const pmo_ref *r)
{
	if (!c->plan_project || strcmp(c->plan_project, r->project)) {
		pmo_buf buf = PMO_BUF_INIT;
		int error;

		free(c->plan_project);
		pmo_doc_free(c->plan);
		c->plan = NULL;
		if (!(c->plan_project = strdup(r->project)))
			return oom();
		error = pmo_source_read(&buf, c->src, r->path, PMO_PLAN_MAX_BYTES);
		if (error >= 0 && pmo_yaml_load(&c->plan, r->path, buf.ptr, buf.len, NULL) < 0)
			c->plan = NULL; /* the plan's own findings say why */
		pmo_buf_free(&buf);
		pmo_error_clear();
	}
	return c->plan && pmo_plan_has_task(pmo_doc_root(c->plan), r->id);
}

static int check_one_ref(checker *c, const char *path, const pmo_place *pl, const char *field,
			 const char *tname, const pmo_node *v)
{
	const char *s = str_of(v);
	pmo_ref r;
	int error;

	if (!s || flagged(c, v))
		return 0; /* the schema said what is wrong with it */
	if ((error = pmo_ref_resolve(&r, c->model, field, tname, pl->project, s)) == 1)
		return 0;
	if (error == PMO_EINVALID) {
		error = add(c, path, v, RULE_REFERENCE, "%s", pmo_error_last()->message);
		pmo_error_clear();
		return error;
	}
	if (error < 0)
		return error;
	if (r.type == PMO_REF_TASK) {
		if ((error = plan_task(c, &r)) == 0)
			error = add(c, path, v, RULE_REFERENCE, "%s: no task or milestone \"%s\" in %s",
				    field, s, r.path);
	} else if (r.type == PMO_REF_FILE) {
		/* the walk lists pmo's files only: ask the source */
		if (!pmo_source_exists(c->src, r.path))
			error = add(c, path, v, RULE_REFERENCE, "%s: no file \"%s\" (a path relative to "
				    "the pmo tree, the folder of pmo.yaml)", field, s);
	} else if (in_tree(c, r.path)) {
		int gone = inactive(c, r.kind, s);
		if (gone > 0)
			error = vadd_rule_v(c, path, v, PMO_SEVERITY_WARNING, RULE_REFERENCE,
					    "%s: %s \"%s\" is not active (active: false in %s)",
					    field, r.kind->name, s, r.path);
		else
			error = gone;
	} else {
		error = add(c, path, v, RULE_REFERENCE, "%s: no %s \"%s\" (%s does not exist)",
			    field, r.kind->name, s, r.path);
	}
	pmo_ref_free(&r);
	return error > 0 ? 0 : error;
}

static int check_refs(checker *c, const char *path, const pmo_place *pl, const pmo_node *root)
{
	const pmo_node *refs = pl->kind ? pl->kind->refs : NULL;
	size_t i, j;
	int error = 0;

	if (pl->project) {
		int found = project_exists(c, pl->project);
		if (found < 0)
			return found;
		if (!found && (error = add(c, path, root, RULE_REFERENCE,
					   "project \"%s\" does not exist (no projects/%s/project.yaml)",
					   pl->project, pl->project)) < 0)
			return error;
	}
	if (pl->type == PMO_PLACE_SETTINGS) {
		const pmo_node *dp = pmo_map_get(root, "default_project");
		const pmo_kind *pk = pmo_model_kind(c->model, "project");
		if (dp && pk)
			error = check_one_ref(c, path, pl, "default_project", pk->name, dp);
		return error;
	}
	if (!refs || refs->kind != PMO_NODE_MAP || root->kind != PMO_NODE_MAP)
		return 0;
	for (i = 0; i < refs->n && error >= 0; i++) {
		const char *field = refs->pairs[i].key->str;
		const char *tname = pmo_node_text(refs->pairs[i].value);
		const pmo_node *v = pmo_map_get(root, field);

		if (!tname || !v)
			continue;
		if (v->kind == PMO_NODE_SEQ) {
			for (j = 0; j < v->n && error >= 0; j++)
				error = check_one_ref(c, path, pl, field, tname, v->items[j]);
		} else {
			error = check_one_ref(c, path, pl, field, tname, v);
		}
	}
	return error;
}

/* The kept IDs' strings, in blocks freed together at the end (a malloc
 * an ID on the caller's thread, which the rules keep busiest, cost more). */
struct idmem {
	struct idmem *next;
	size_t used, cap;
	char data[];
};

static char *id_alloc(checker *c, size_t n)
{
	struct idmem *m = c->idmem;

	if (!m || m->cap - m->used < n) {
		size_t cap = n > (64u << 10) ? n : (64u << 10);

		if (!(m = malloc(sizeof(*m) + cap)))
			return NULL;
		m->next = c->idmem;
		m->used = 0;
		m->cap = cap;
		c->idmem = m;
	}
	m->used += n;
	return m->data + m->used - n;
}

static int keep_id(checker *c, const char *path, const pmo_place *pl, const pmo_node *idn)
{
	size_t plen = pl->project ? strlen(pl->project) + 1 : 0, ilen = strlen(idn->str) + 1;
	ident *e;
	char *b;

	if (c->nids == c->capids) {
		size_t cap = c->capids ? c->capids * 2 : 256;
		ident *v = realloc(c->ids, cap * sizeof(*v));
		if (!v)
			return oom();
		c->ids = v;
		c->capids = cap;
	}
	/* "KEY\0ID\0" */
	if (!(b = id_alloc(c, plen + ilen)))
		return oom();
	memcpy(b, pl->project ? pl->project : "", plen);
	memcpy(b + plen, idn->str, ilen);
	e = &c->ids[c->nids++];
	memset(e, 0, sizeof(*e));
	e->kind = pl->kind;
	e->project = pl->project ? b : NULL;
	e->id = b + plen;
	e->path = path;
	e->matches = !strcmp(idn->str, pl->id);
	e->line = idn->line;
	e->col = idn->col;
	return 0;
}

/* Append the findings a kind's hook made (hooks know no path), at path. */
static int add_hook_findings(checker *c, const char *path, pmo_findings *made)
{
	size_t i;
	int error = 0;

	for (i = 0; i < made->n && error >= 0; i++) {
		const pmo_finding *f = &made->items[i];
		error = pmo_check__add(c->out, path, f->line ? f->line : 1, f->line ? f->col : 1,
				       f->severity, f->rule, f->message);
	}
	pmo_findings_free(made);
	return error;
}

/* pmo.yaml's part of each kind (the risk's levels …), by the kind's hook. */
static int check_settings(checker *c, const char *path, const pmo_node *root)
{
	pmo_findings made;
	const char *name;
	size_t i;
	int error = 0;

	pmo_findings_init(&made);
	/* a kind's hooks go by its name: no kind's schema is read for them */
	for (i = 0; (name = pmo_model_kind_name(c->model, i, NULL)) != NULL && error >= 0; i++) {
		const pmo_kind_hooks *h = pmo_kind_hooks_for(name);
		if (h->settings_check)
			error = h->settings_check(&made, root);
	}
	if (error < 0) {
		pmo_findings_free(&made);
		return error;
	}
	return add_hook_findings(c, path, &made);
}

/* x-pmo "order": pairs of date fields, the first not after the second
 * (found by the thread that read the file, in file->order, when it did). */
static int check_order(checker *c, const char *path, const pmo_kind *kind, const pmo_node *root,
		       const pmo_check__file *file)
{
	pmo_order_fault f;
	size_t at = 0, i;
	int error = 0;

	for (i = 0; file->ordered && i < file->norder && error >= 0; i++)
		error = add(c, path, file->order[i].late_v, RULE_CONSISTENCY, "%s: %s is before %s (%s)",
			    file->order[i].late, file->order[i].late_v->str, file->order[i].early,
			    file->order[i].early_v->str);
	while (!file->ordered && error >= 0 && pmo_record_order(&f, &at, kind, root) == 0)
		error = add(c, path, f.late_v, RULE_CONSISTENCY, "%s: %s is before %s (%s)",
			    f.late, f.late_v->str, f.early, f.early_v->str);
	return error;
}

static int check_consistency(checker *c, const char *path, const pmo_place *pl, const pmo_node *root,
			     const pmo_check__file *file)
{
	const pmo_node *idn;
	int error = 0;

	if (pl->type == PMO_PLACE_SETTINGS)
		return check_settings(c, path, root);
	if (pl->type != PMO_PLACE_RECORD || root->kind != PMO_NODE_MAP)
		return 0;
	idn = pmo_map_get(root, pl->kind->id_field);
	if (str_of(idn) && !flagged(c, idn)) {
		if (strcmp(idn->str, pl->id)) {
			if (pl->kind->file)
				error = add(c, path, idn, RULE_CONSISTENCY,
					    "%s: \"%s\" does not match the folder name \"%s\"",
					    pl->kind->id_field, idn->str, pl->id);
			else
				error = add(c, path, idn, RULE_CONSISTENCY,
					    "%s: \"%s\" does not match the file name \"%s.yaml\"",
					    pl->kind->id_field, idn->str, pl->id);
		}
		if (error >= 0)
			error = keep_id(c, path, pl, idn);
	}
	if (error >= 0)
		error = check_order(c, path, pl->kind, root, file);
	return error;
}

/* Duplicate IDs in one scope (kind and project): reported on every file
 * holding the ID but the one whose name it is. Of two holders, the one
 * named "also in" is the one whose name it is, else the first by path. */
static int before(const ident *a, const ident *b)
{
	if (a->matches != b->matches)
		return a->matches;
	return strcmp(a->path, b->path) < 0;
}

static uint64_t ident_hash(const ident *e)
{
	uint64_t h = pmo_hash_ptr(e->kind);

	if (e->project)
		h = pmo_hash_words(h, e->project, strlen(e->project) + 1);
	return pmo_hash_words(h, e->id, strlen(e->id));
}

static int same_scope_id(const ident *a, const ident *b)
{
	return a->kind == b->kind && !a->project == !b->project &&
	       (!a->project || !strcmp(a->project, b->project)) && !strcmp(a->id, b->id);
}

/* A record whose ID is not its file name, in a part of the tree being
 * checked: the file the ID names may lie outside the part. */
static int twin_outside(checker *c, const ident *e)
{
	char *twin;
	pmo_node at;
	int error = 0;

	if (pmo_kind_path(&twin, e->kind, e->project, e->id) < 0)
		return PMO_ENOMEM;
	if (strcmp(twin, e->path) && in_tree(c, twin) && !pmo_check__under(twin, c->opts)) {
		memset(&at, 0, sizeof(at));
		at.line = e->line;
		at.col = e->col;
		error = add(c, e->path, &at, RULE_CONSISTENCY, "%s: duplicate %s \"%s\": also in %s",
			    e->kind->id_field, e->kind->id_field, e->id, twin);
	}
	free(twin);
	return error;
}

/* The IDs grouped by scope in a hash table (sorting 20,000 of them by
 * their strings was 3.5% of pmo validate's instructions, after every file
 * was read); the findings are sorted by place at the end. */
static int check_duplicates(checker *c)
{
	size_t n = c->nids, cap = 16, mask, i, k, *head = NULL, *next = NULL;
	int error = 0;

	while (cap < 2 * n)
		cap *= 2;
	mask = cap - 1;
	if (!(head = malloc(cap * sizeof(*head))) || !(next = malloc((n ? n : 1) * sizeof(*next)))) {
		free(head);
		return oom();
	}
	for (i = 0; i < cap; i++)
		head[i] = (size_t)-1;
	/* each group a list from head[slot] through next, in file order */
	for (i = n; i-- > 0;) {
		for (k = ident_hash(&c->ids[i]) & mask;
		     head[k] != (size_t)-1 && !same_scope_id(&c->ids[head[k]], &c->ids[i]);
		     k = (k + 1) & mask)
			;
		next[i] = head[k];
		head[k] = i;
	}
	for (k = 0; k < cap && error >= 0; k++) {
		size_t first, second = (size_t)-1;

		if ((first = head[k]) == (size_t)-1)
			continue;
		if (next[first] == (size_t)-1) {
			if (!c->ids[first].matches)
				error = twin_outside(c, &c->ids[first]);
			continue;
		}
		for (i = next[first]; i != (size_t)-1; i = next[i]) {
			if (before(&c->ids[i], &c->ids[first])) {
				second = first;
				first = i;
			} else if (second == (size_t)-1 || before(&c->ids[i], &c->ids[second])) {
				second = i;
			}
		}
		for (i = head[k]; i != (size_t)-1 && error >= 0; i = next[i]) {
			const ident *e = &c->ids[i];
			const ident *other = &c->ids[i == first ? second : first];
			pmo_node at;

			if (e->matches)
				continue;
			memset(&at, 0, sizeof(at));
			at.line = e->line;
			at.col = e->col;
			error = add(c, e->path, &at, RULE_CONSISTENCY,
				    "%s: duplicate %s \"%s\": also in %s", e->kind->id_field,
				    e->kind->id_field, e->id, other->path);
		}
	}
	free(head);
	free(next);
	return error;
}

/* --- the date rule ------------------------------------------------------- */

/* The kind's own date warnings (its dates hook: a risk's review, a
 * project's finish …). */
static int check_dates(checker *c, const char *path, pmo_check__file *f)
{
	pmo_findings made = f->dates;

	/* add_hook_findings takes them */
	memset(&f->dates, 0, sizeof(f->dates));
	return add_hook_findings(c, path, &made);
}

/* --- the due rule ---------------------------------------------------------- */

/* What a record's kind declares due (x-pmo "due", as pmo due lists it)
 * and is overdue: a warning at the date field it counts from (none once its project ended). */
static int check_due(checker *c, const char *path, const pmo_place *pl, const pmo_node *root,
		     const pmo_due_list *list)
{
	char ds[11];
	size_t i;
	int error = 0;

	if (pl->type != PMO_PLACE_RECORD || !pl->kind->due || root->kind != PMO_NODE_MAP)
		return 0;
	/* nothing is due in a closed or cancelled project (as pmo due has it) */
	if (pl->project && (!c->ended_project || strcmp(c->ended_project, pl->project))) {
		free(c->ended_project);
		if (!(c->ended_project = strdup(pl->project)) ||
		    (error = pmo_project_ended(&c->ended, c->src, c->model, pl->project)) < 0)
			return c->ended_project ? error : oom();
	}
	if (pl->project && c->ended)
		return 0;
	for (i = 0; i < list->n && error >= 0; i++) {
		const pmo_due_item *it = &list->items[i];

		if (it->days >= 0)
			continue;
		error = vadd_rule_v(c, path, pmo_map_get(root, it->field), PMO_SEVERITY_WARNING, RULE_DUE,
				    "%s: %s overdue since %s (%ld day%s)", it->field, it->what,
				    it->at ? it->at : pmo_date_format(ds, it->date), -it->days,
				    it->days == -1 ? "" : "s");
	}
	return error;
}

/* --- plans ------------------------------------------------------------- */

/* The calendar and start of the plan's project (NULL / PMO_NODATE when
 * they cannot be had: project.yaml's own findings say why). */
static int plan_calendar(checker *c, const pmo_place *pl, pmo_calendar **cal, pmo_date *start)
{
	pmo_buf b = PMO_BUF_INIT;
	pmo_doc *doc = NULL;
	const pmo_node *base = c->settings ? pmo_map_get(pmo_doc_root(c->settings->doc), "calendar") : NULL;
	const pmo_node *st;
	int error = 0;

	*cal = NULL;
	*start = PMO_NODATE;
	pmo_buf_printf(&b, "projects/%s/project.yaml", pl->project);
	if ((error = pmo_buf_oom(&b)) < 0)
		goto done;
	if (!in_tree(c, b.ptr))
		goto done;
	{
		pmo_buf data = PMO_BUF_INIT;
		error = pmo_source_read(&data, c->src, b.ptr, PMO_YAML_MAX_BYTES);
		if (error == 0)
			error = pmo_yaml_load(&doc, b.ptr, data.ptr ? data.ptr : "", data.len, NULL);
		pmo_buf_free(&data);
	}
	if (error < 0) {
		error = error == PMO_ENOMEM ? error : 0;
		pmo_error_clear();
		goto done;
	}
	st = pmo_map_get(pmo_doc_root(doc), "start");
	if (pmo_node_date(start, st) < 0)
		*start = PMO_NODATE;
	if (pmo_calendar_from_yaml(cal, base, "pmo.yaml", pmo_map_get(pmo_doc_root(doc), "calendar"), b.ptr) < 0) {
		error = pmo_error_last() && pmo_error_last()->code == PMO_ENOMEM ? PMO_ENOMEM : 0;
		pmo_error_clear();
		*cal = NULL;
	}
done:
	pmo_doc_free(doc);
	pmo_buf_free(&b);
	return error;
}

/* Findings of lib/plan (pmo_plan_validate, which task add|set run too):
 * unknown or cyclic dependencies, constraint conflicts, milestones with a
 * duration, dependencies on a task's own summary, actual dates out of
 * order or after today …, each at its task with the plan's rule tag;
 * assignees that are not people as references. Field types are the
 * schema's. */
static int check_plan(checker *c, const char *path, const pmo_place *pl, const pmo_node *root)
{
	pmo_plan *plan = NULL;
	pmo_findings own, *f = &own;
	pmo_plan_check_options o;
	pmo_calendar *cal = NULL;
	size_t i, j;
	int error, given = c->opts && c->opts->plan && c->opts->plan_findings && root == c->opts->root;

	pmo_findings_init(&own);
	if (root->kind != PMO_NODE_MAP || c->nflagged)
		return 0; /* the schema said what is wrong */
	o.cal = NULL;
	o.start = PMO_NODATE;
	o.today = c->today;
	if (given) {
		plan = c->opts->plan;
		f = c->opts->plan_findings; /* from pmo_plan_from_yaml: reported too */
	} else if ((error = pmo_plan_from_yaml(&plan, root, path, f)) < 0) {
		goto done;
	}
	if (pl->project && (error = plan_calendar(c, pl, &cal, &o.start)) < 0)
		goto done;
	o.cal = cal;
	if ((error = pmo_plan_validate(plan, &o, f)) < 0)
		goto done;
	for (i = 0; i < f->n && error >= 0; i++) {
		const pmo_finding *x = &f->items[i];
		const pmo_node *at = x->node ? x->node
				     : x->task != PMO_PLAN_NONE ? plan->tasks[x->task].node : root;
		if (!strcmp(x->rule, "plan-field") && !(c->opts && c->opts->plan_figures_only))
			continue; /* types and formats: the schema's findings (not run for figures alone) */
		error = vadd_rule(c, path, at, x->severity, x->rule, x->message);
	}
	for (i = 0; i < plan->n && error >= 0; i++) {
		const pmo_node *as = pmo_map_get(plan->tasks[i].node, "assignees");
		for (j = 0; as && as->kind == PMO_NODE_SEQ && j < as->n && error >= 0; j++) {
			const pmo_node *pn = pmo_map_get(as->items[j], "person");
			const pmo_kind *pk = pmo_model_kind(c->model, "person");
			const char *h = str_of(pn), *tpath;
			if (!h || !pk || !(tpath = record_path(c, pk, NULL, h)))
				continue;
			if (!in_tree(c, tpath))
				error = add(c, path, pn, RULE_REFERENCE,
					    "tasks[%zu].assignees[%zu].person: task %s: no person \"%s\" (%s does not exist)",
					    i, j, plan->tasks[i].id, h, tpath);
			else if ((error = inactive(c, pk, h)) > 0)
				error = vadd_rule_v(c, path, pn, PMO_SEVERITY_WARNING, RULE_REFERENCE,
						    "tasks[%zu].assignees[%zu].person: task %s: person \"%s\" "
						    "is not active (active: false in %s)", i, j,
						    plan->tasks[i].id, h, record_path(c, pk, NULL, h));
		}
	}
done:
	pmo_calendar_free(cal);
	pmo_findings_free(&own);
	if (!given)
		pmo_plan_free(plan);
	if (error < 0 && error != PMO_ENOMEM) {
		/* a plan lib/plan cannot read at all is the schema's to report */
		pmo_error_clear();
		error = 0;
	}
	return error;
}

/* --- one file ------------------------------------------------------------ */

/* One file, as files.c read it (pmo_check__files_each's each). */
static int check_file(pmo_check__file *f, void *payload)
{
	checker *c = payload;
	const char *path = f->path;
	const pmo_place *pl = &f->place;
	pmo_findings res = { 0 };
	const pmo_node *root;
	int error = 0;

	if (!f->placed) {
		/* only a folder that is a link is walked to: listing it gives
		 * lib/repo's error for it, which is the finding */
		char **names = NULL;
		if ((error = pmo_source_list(&names, c->src, path)) == PMO_ENOMEM)
			return error;
		pmo_strv_free(names);
		return error < 0 ? add_error(c, path, RULE_YAML) : 0;
	}
	if (pl->type == PMO_PLACE_NONE)
		return 0;
	if (pl->type == PMO_PLACE_UNKNOWN || !pl->schema)
		return unknown_file(c, path, pl);
	if (!f->load) {
		/* pmo_check_options.root: loaded by the caller already */
		root = c->opts->root;
		if (c->opts->plan_figures_only)
			goto plan;
		if ((error = pmo_schema_validate(&res, pl->schema, root)) < 0)
			return error;
	} else if (f->error == PMO_ENOMEM) {
		return pmo_error_set_oom();
	} else if (f->error < 0) {
		pmo_error_tell(&f->err);
		return add_error(c, path, RULE_YAML);
	} else if (f->hook_error < 0) {
		return f->hook_error == PMO_ENOMEM ? pmo_error_set_oom() : pmo_error_tell(&f->hook_err);
	} else {
		root = pmo_doc_root(f->doc);
	}
	if (!f->load && pl->type == PMO_PLACE_RECORD && root->kind == PMO_NODE_MAP &&
	    ((pl->kind->hooks->dates &&
	      (error = pl->kind->hooks->dates(&f->dates, root, c->today, c->settings)) < 0) ||
	     (pl->kind->due &&
	      (error = pmo_due_overdue(&f->due, pl->kind, root, c->today)) < 0)))
		goto done;
	if ((error = check_schema(c, path, f->load ? &f->schema : &res)) < 0 ||
	    (error = check_refs(c, path, pl, root)) < 0 ||
	    (error = check_consistency(c, path, pl, root, f)) < 0 ||
	    (error = check_dates(c, path, f)) < 0 ||
	    (error = check_due(c, path, pl, root, &f->due)) < 0)
		goto done;
plan:
	if (pl->type == PMO_PLACE_PROJECT_FILE && strlen(path) > 10 &&
	    !strcmp(path + strlen(path) - 10, "/plan.yaml") &&
	    (error = check_plan(c, path, pl, root)) < 0)
		goto done;
	if (pl->type == PMO_PLACE_PROJECT_FILE && strlen(path) > 12 &&
	    !strcmp(path + strlen(path) - 12, "/budget.yaml"))
		error = pmo_check__budget(c->out, c->src, c->model, c->settings, path, pl->project, root, c->today,
					  pmo_check_rules);
done:
	pmo_findings_free(&res);
	return error;
}

int pmo_check_tree(pmo_check_result *out, pmo_source *src, const pmo_model *model,
		   const pmo_check_options *opts)
{
	checker c;
	pmo_model *own = NULL;
	size_t i, n;
	int error = 0, all_lent = 0;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.out = &out->findings;
	c.src = src;
	c.model = model;
	c.opts = opts;
	c.today = opts ? opts->today : pmo_date_today();
	pmo_buf_init(&c.msg);
	pmo_buf_init(&c.path);
	/* the tree's own kinds (schemas/<kind>.json) and pmo.yaml's fields,
	 * as the tree being checked has them (a revision's, for --rev) */
	{
		pmo_settings *s = NULL;

		if (pmo_settings_load(&s, src, model) == 0 && pmo_model_tree_differs(src, s)) {
			error = pmo_model_new_tree(&own, src, s);
			c.model = model = own;
		}
		pmo_settings_free(s);
		if (error < 0)
			goto done;
		pmo_error_clear();
	}
	if ((error = pmo_check__walk(&c.all, src, model)) < 0)
		goto done;
	for (c.nall = 0; c.all[c.nall]; c.nall++)
		;
	if (!in_tree(&c, "pmo.yaml")) {
		error = pmo_error_set(PMO_ENOTFOUND, "no pmo.yaml: not a pmo tree; run pmo init");
		goto done;
	}
	/* the risk matrix, for the date rule; a broken pmo.yaml is reported
	 * as findings of its own */
	if (pmo_settings_load(&c.settings, src, model) < 0) {
		if (pmo_error_last() && pmo_error_last()->code == PMO_ENOMEM) {
			error = PMO_ENOMEM;
			goto done;
		}
		c.settings = NULL;
		pmo_error_clear();
	}
	for (i = 0, n = 0; i < c.nall; i++)
		if (pmo_check__under(c.all[i], opts))
			n++;
	if (n == c.nall) {
		/* every file is checked: the list is the result's, c's borrowed */
		out->files = c.all;
		out->nfiles = n;
		all_lent = 1;
	} else if (!(out->files = calloc(n + 1, sizeof(*out->files)))) {
		error = oom();
		goto done;
	}
	for (i = 0; i < c.nall && !all_lent; i++) {
		if (!pmo_check__under(c.all[i], opts))
			continue;
		if (!(out->files[out->nfiles++] = strdup(c.all[i]))) {
			error = oom();
			goto done;
		}
	}
	if ((error = pmo_check__files_each(src, model, out->files, out->nfiles, opts, c.settings, c.today,
					       check_file, &c)) < 0)
		goto done;
	if ((error = check_duplicates(&c)) < 0 ||
	    (error = pmo_check__retired(&out->findings, src, model, opts, RULE_CONSISTENCY)) < 0 ||
	    (opts && opts->workflow && (error = pmo_check__workflow(&out->findings, src, model, opts)) < 0) ||
	    (c.today != PMO_NODATE &&
	     (error = pmo_check__over_allocation(&out->findings, src, model, c.settings, opts, c.today,
						 RULE_OVER_ALLOCATION)) < 0) ||
	    (error = pmo_check__changes(&out->findings, src, model, c.settings, opts)) < 0 ||
	    (error = pmo_findings_sort(&out->findings)) < 0)
		goto done;
done:
	while (c.idmem) {
		struct idmem *next = c.idmem->next;

		free(c.idmem);
		c.idmem = next;
	}
	free(c.ids);
	if (!all_lent)
		pmo_strv_free(c.all);
	pmo_settings_free(c.settings);
	pmo_buf_free(&c.msg);
	pmo_buf_free(&c.path);
	free(c.last_project);
	free(c.plan_project);
	free(c.ended_project);
	pmo_doc_free(c.plan);
	for (i = 0; i < c.ninactive; i++)
		free(c.inactive[i]);
	free(c.inactive);
	free(c.flagged);
	pmo_model_free(own);
	if (error < 0)
		pmo_check_result_free(out);
	return error;
}
