/*
 * Kinds: the kind table built from the embedded schemas and their x-pmo,
 * and where a kind's records live: their paths and references to them
 * ("CBM/R-1"); the IDs pmo gives are in ids.c.
 */
#include "model/internal.h"
#include "model/embedded.h"
#include "util/error.h"
#include "util/filecache.h"
#include "util/hash.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/*
 * The built-in model (pmo_model_new) reads a schema only when it is first
 * asked for: the kinds' names and plurals come from the build
 * (schemas/embed.py), so finding `risk` reads risk.json alone. Reading all
 * 29 schemas (113 KB of JSON) was 28 M of the 39 M instructions of a `pmo
 * risk show` (callgrind), more than the whole of `git show HEAD:PATH`. A
 * tree's model (local.c: its own kinds, pmo.yaml's fields) reads them all
 * at once. Slot i of schemas is the embedded schema i; a kind's slot is in
 * kind_slot. ready[i] is set, under lock, once slot i and its kind are
 * filled, so that threads (scan.c, portfolio.c) may ask for kinds.
 */
struct pmo_model {
	pmo_schema_set *set;
	struct named { const char *name; pmo_schema *schema; int changed; } *schemas;
	size_t nschemas;
	pmo_kind *kinds;
	size_t nkinds;
	size_t cap;      /* of schemas and kinds */
	const char **knames, **kplurals; /* each kind's, readable before it is read */
	pmo_doc **docs;  /* schemas the model built itself (local, with fields) */
	size_t ndocs;
	char **names;    /* the names of local schemas */
	size_t nnames;
	int lazy;
	atomic_uchar *ready;  /* lazy: per schema slot */
	size_t *kind_slot;    /* lazy: per kind */
	pthread_mutex_t lock;
};

static const char *xstr(const pmo_node *x, const char *key)
{
	return pmo_node_text(pmo_map_get(x, key));
}

static int kind_from_schema(pmo_kind *k, const char *file, pmo_schema *schema,
			    const pmo_schema *meta)
{
	const pmo_node *root = pmo_schema_root(schema);
	const pmo_node *x = pmo_map_get(root, "x-pmo");
	const pmo_node *cols, *wf;
	size_t i;

	memset(k, 0, sizeof(*k));
	k->schema = schema;
	k->name = xstr(x, "kind");
	k->plural = xstr(x, "plural");
	k->summary = xstr(x, "summary");
	k->prefix = xstr(x, "prefix");
	k->folder = xstr(x, "folder");
	k->file = xstr(x, "file");
	k->id_field = xstr(x, "id");
	k->title_field = xstr(x, "title");
	k->reason_field = xstr(x, "reason");
	k->project_scoped = xstr(x, "scope") && !strcmp(xstr(x, "scope"), "project");
	k->headers = pmo_map_get(x, "headers");
	k->derived = pmo_map_get(x, "derived");
	k->refs = pmo_map_get(x, "refs");
	k->defaults = pmo_map_get(x, "defaults");
	k->due = pmo_map_get(x, "due");
	k->order = pmo_map_get(x, "order");
	k->matrix = pmo_map_get(x, "matrix");
	k->props = pmo_map_get(root, "properties");
	k->required = pmo_map_get(root, "required");
	if (!k->name || !k->folder || !k->id_field || !k->props)
		return pmo_error_set(PMO_EINVALID,
			"schema %s: x-pmo needs kind, folder and id, and the schema properties", file);
	if (!k->plural)
		k->plural = k->name;
	if (!k->title_field)
		k->title_field = k->id_field;
	cols = pmo_map_get(x, "columns");
	k->columns = calloc((cols && cols->kind == PMO_NODE_SEQ ? cols->n : 1) + 2, sizeof(char *));
	if (!k->columns)
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	if (cols && cols->kind == PMO_NODE_SEQ) {
		for (i = 0; i < cols->n; i++)
			k->columns[i] = pmo_node_text(cols->items[i]);
	} else {
		k->columns[0] = k->id_field;
		k->columns[1] = k->title_field;
	}
	wf = pmo_map_get(x, "workflow");
	if (wf) {
		k->workflow = pmo_map_get(wf, "transitions");
		k->status_field = xstr(wf, "field");
		k->initial = xstr(wf, "initial");
		k->close_status = xstr(wf, "close");
	}
	k->hooks = pmo_kind_hooks_for(k->name);
	k->derive = k->hooks->derive;
	return pmo_model__check_xpmo(k, file, meta);
}

int pmo_model__create(pmo_model **out, size_t extra)
{
	pmo_model *m;
	const pmo_embedded_schema *e;
	size_t n = extra;
	int error;

	for (e = pmo_embedded_schemas; e->name; e++)
		n++;
	if (!(m = calloc(1, sizeof(*m))))
		return OOM();
	pthread_mutex_init(&m->lock, NULL);
	if (!(m->schemas = calloc(n, sizeof(*m->schemas))) ||
	    !(m->kinds = calloc(n, sizeof(*m->kinds))) ||
	    !(m->knames = calloc(n, sizeof(*m->knames))) ||
	    !(m->kplurals = calloc(n, sizeof(*m->kplurals))) ||
	    !(m->docs = calloc(n, sizeof(*m->docs))) ||
	    !(m->names = calloc(2 * n, sizeof(*m->names)))) {
		pmo_model_free(m);
		return OOM();
	}
	m->cap = n;
	if ((error = pmo_schema_set_new(&m->set)) < 0) {
		pmo_model_free(m);
		return error;
	}
	*out = m;
	return 0;
}

/* The schema s, named name and read from file, into the model: a kind
 * when its x-pmo has a folder. */
static int model_take(pmo_model *m, const char *name, const char *file, pmo_schema *s)
{
	const pmo_node *x = pmo_map_get(pmo_schema_root(s), "x-pmo");
	int error;

	m->schemas[m->nschemas].name = name;
	m->schemas[m->nschemas++].schema = s;
	if (!x || !pmo_map_get(x, "folder"))
		return 0;
	if ((error = kind_from_schema(&m->kinds[m->nkinds], file, s,
				      pmo_model_schema(m, "x-pmo"))) < 0) {
		free(m->kinds[m->nkinds].columns);
		return error;
	}
	m->kinds[m->nkinds].model = m;
	m->kinds[m->nkinds].source = file;
	m->knames[m->nkinds] = m->kinds[m->nkinds].name;
	m->kplurals[m->nkinds] = m->kinds[m->nkinds].plural;
	m->nkinds++;
	return 0;
}

int pmo_model__add_text(pmo_model *m, const char *name, const char *text, size_t len)
{
	pmo_schema *s;
	int error;

	if (m->nschemas >= m->cap)
		return pmo_error_set(PMO_EINVALID, "too many schemas");
	if ((error = pmo_schema_add(&s, m->set, NULL, text, len)) < 0)
		return error;
	return model_take(m, name, NULL, s);
}

int pmo_model__add_doc(pmo_model *m, const char *name, const char *file, pmo_doc *doc)
{
	pmo_schema *s;
	char *own_name, *own_file = NULL;
	int error;

	if (m->nschemas >= m->cap) {
		pmo_doc_free(doc);
		return pmo_error_set(PMO_EINVALID, "too many schemas");
	}
	m->docs[m->ndocs++] = doc;
	if (!(own_name = strdup(name)))
		return OOM();
	m->names[m->nnames++] = own_name;
	if (file) {
		if (!(own_file = strdup(file)))
			return OOM();
		m->names[m->nnames++] = own_file;
	}
	if ((error = pmo_schema_add_node(&s, m->set, NULL, pmo_doc_root(doc))) < 0)
		return error;
	m->schemas[m->nschemas].changed = 1;
	return model_take(m, own_name, own_file, s);
}

/* A $ref to a built-in schema the lazy model has not read yet
 * ("calendar.json" from pmo.json): its text, by its $id. */
static int embedded_text(pmo_buf *out, const char *uri, void *payload)
{
	const pmo_embedded_schema *e;
	size_t bl = strlen(ID_BASE);

	(void)payload;
	if (strncmp(uri, ID_BASE, bl))
		return PMO_ENOTFOUND;
	for (e = pmo_embedded_schemas; e->name; e++)
		if (!strncmp(uri + bl, e->name, strlen(e->name)) &&
		    !strcmp(uri + bl + strlen(e->name), ".json"))
			return pmo_buf_put(out, e->text, e->len);
	return PMO_ENOTFOUND;
}

/* Slot i of a lazy model read: its schema (which a $ref may have read
 * already) and its kind. The x-pmo of a built-in kind is not checked
 * against schemas/x-pmo.json here: tests/test_model.c checks every one. */
static int read_slot(pmo_model *m, size_t i)
{
	const pmo_embedded_schema *e = &pmo_embedded_schemas[i];
	pmo_buf uri = PMO_BUF_INIT;
	pmo_schema *s;
	size_t k;
	int error = 0;

	pthread_mutex_lock(&m->lock);
	if (atomic_load_explicit(&m->ready[i], memory_order_relaxed))
		goto done;
	pmo_buf_printf(&uri, ID_BASE "%s.json", e->name);
	if ((error = pmo_buf_oom(&uri)) < 0)
		goto done;
	if (!(s = pmo_schema_get(m->set, uri.ptr)) &&
	    (error = pmo_schema_add(&s, m->set, NULL, e->text, e->len)) < 0)
		goto done;
	m->schemas[i].schema = s;
	for (k = 0; k < m->nkinds; k++) {
		if (m->kind_slot[k] != i)
			continue;
		if ((error = kind_from_schema(&m->kinds[k], NULL, s, NULL)) < 0) {
			free(m->kinds[k].columns);
			m->kinds[k].columns = NULL;
			goto done;
		}
		m->kinds[k].model = m;
	}
	atomic_store_explicit(&m->ready[i], 1, memory_order_release);
done:
	pthread_mutex_unlock(&m->lock);
	pmo_buf_free(&uri);
	return error;
}

static int ready(const pmo_model *m, size_t slot)
{
	if (!m->lazy || atomic_load_explicit(&m->ready[slot], memory_order_acquire))
		return 0;
	return read_slot((pmo_model *)m, slot);
}

int pmo_model_new(pmo_model **out)
{
	pmo_model *m = NULL;
	const pmo_embedded_schema *e;
	size_t i;
	int error;

	if ((error = pmo_model__create(&m, 0)) < 0)
		return error;
	if (!(m->ready = calloc(m->cap, sizeof(*m->ready))) ||
	    !(m->kind_slot = calloc(m->cap, sizeof(*m->kind_slot)))) {
		pmo_model_free(m);
		return OOM();
	}
	m->lazy = 1;
	for (e = pmo_embedded_schemas, i = 0; e->name; e++, i++) {
		m->schemas[i].name = e->name;
		if (e->kind) {
			m->knames[m->nkinds] = e->kind;
			m->kplurals[m->nkinds] = e->plural;
			m->kind_slot[m->nkinds++] = i;
		}
	}
	m->nschemas = i;
	pmo_schema_set_loader(m->set, embedded_text, NULL);
	*out = m;
	return 0;
}

void pmo_model_free(pmo_model *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nkinds; i++)
		free(m->kinds[i].columns);
	free(m->kinds);
	free(m->schemas);
	pmo_schema_set_free(m->set);
	for (i = 0; i < m->ndocs; i++)
		pmo_doc_free(m->docs[i]);
	free(m->docs);
	for (i = 0; i < m->nnames; i++)
		free(m->names[i]);
	free(m->names);
	free(m->knames);
	free(m->kplurals);
	free(m->ready);
	free(m->kind_slot);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

/* Kind i, read if it was not: NULL only when reading failed (out of
 * memory; the error is set). */
static const pmo_kind *kind_ready(const pmo_model *m, size_t i)
{
	if (m->lazy && ready(m, m->kind_slot[i]) < 0)
		return NULL;
	return &m->kinds[i];
}

const pmo_kind *pmo_model_kind(const pmo_model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nkinds; i++)
		if (!strcmp(m->knames[i], name) || !strcmp(m->kplurals[i], name))
			return kind_ready(m, i);
	return NULL;
}

const pmo_kind *pmo_model_kind_at(const pmo_model *m, size_t i)
{
	return i < m->nkinds ? kind_ready(m, i) : NULL;
}

const char *pmo_model_kind_name(const pmo_model *m, size_t i, const char **plural)
{
	if (i >= m->nkinds)
		return NULL;
	if (plural)
		*plural = m->kplurals[i];
	return m->knames[i];
}

const char *pmo_model_kind_folder(const pmo_model *m, size_t i, int *project_scoped,
				  const char **file)
{
	const pmo_kind *k;

	if (i >= m->nkinds)
		return NULL;
	if (m->lazy) {
		const pmo_embedded_schema *e = &pmo_embedded_schemas[m->kind_slot[i]];

		*project_scoped = e->project_scoped;
		*file = e->file;
		return e->folder;
	}
	if (!(k = kind_ready(m, i)))
		return NULL;
	*project_scoped = k->project_scoped;
	*file = k->file;
	return k->folder ? k->folder : "";
}

size_t pmo_model_kind_count(const pmo_model *m)
{
	return m->nkinds;
}

pmo_schema *pmo_model_schema(const pmo_model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nschemas; i++)
		if (!strcmp(m->schemas[i].name, name))
			return ready(m, i) < 0 ? NULL : m->schemas[i].schema;
	return NULL;
}

pmo_schema_set *pmo_model_schemas(const pmo_model *m)
{
	return m->set;
}

pmo_schema *pmo_model_schema_at(const pmo_model *m, size_t i, const char **name, int *changed)
{
	if (i >= m->nschemas || ready(m, i) < 0)
		return NULL;
	*name = m->schemas[i].name;
	*changed = m->schemas[i].changed;
	return m->schemas[i].schema;
}

uint64_t pmo_model_tag(const pmo_model *m)
{
	const pmo_embedded_schema *e;
	const pmo_currency *money = pmo_schema_set_money(m->set);
	uint64_t h = pmo_build_tag();
	size_t i;

	for (e = pmo_embedded_schemas; e->name; e++) {
		h = pmo_hash_words(h, e->name, strlen(e->name));
		h = pmo_hash_words(h, e->text, e->len);
	}
	/* the tree's own schemas and the built-in ones pmo.yaml's fields
	 * changed (a lazy model has neither) */
	for (i = 0; !m->lazy && i < m->nschemas; i++) {
		if (!m->schemas[i].changed)
			continue;
		h = pmo_hash_words(h, m->schemas[i].name, strlen(m->schemas[i].name) + 1);
		h = pmo_node_hash(h, pmo_schema_root(m->schemas[i].schema));
	}
	h = pmo_hash_words(h, money->code, strlen(money->code));
	h = pmo_hash_words(h, &money->minor, sizeof(money->minor));
	return pmo_hash_words(h, &money->rounding, sizeof(money->rounding));
}

const pmo_node *pmo_kind_prop(const pmo_kind *kind, const char *field)
{
	return pmo_map_get(kind->props, field);
}

const char *pmo_kind_header(const pmo_kind *kind, const char *field)
{
	const char *h = pmo_node_text(pmo_map_get(kind->headers, field));
	const pmo_node *p;

	if (h)
		return h;
	p = pmo_kind_prop(kind, field);
	if (!p)
		p = pmo_map_get(kind->derived, field);
	h = pmo_node_text(pmo_map_get(p, "title"));
	if (!h && kind->project_scoped && !strcmp(field, "project"))
		return "Project";
	return h ? h : field;
}

void pmo_kind_path_put(pmo_buf *b, const pmo_kind *kind, const char *project, size_t plen,
		       const char *id, size_t ilen)
{
	if (kind->project_scoped && project && plen) {
		pmo_buf_put(b, "projects/", 9);
		pmo_buf_put(b, project, plen);
		pmo_buf_putc(b, '/');
	}
	pmo_buf_puts(b, kind->folder);
	pmo_buf_putc(b, '/');
	pmo_buf_put(b, id, ilen);
	if (kind->file) {
		pmo_buf_putc(b, '/');
		pmo_buf_puts(b, kind->file);
	} else {
		pmo_buf_put(b, ".yaml", 5);
	}
}

int pmo_kind_path(char **out, const pmo_kind *kind, const char *project, const char *id)
{
	pmo_buf b = PMO_BUF_INIT;

	/* no printf: a list of 5,000 records makes 5,000 paths */
	pmo_kind_path_put(&b, kind, project, project ? strlen(project) : 0, id, strlen(id));
	if (!(*out = pmo_buf_detach(&b)))
		return pmo_error_set_oom();
	return 0;
}

/* A name that can be a file name: no '/', not "." or "..", printable. */
int pmo_model__safe_name(const char *s)
{
	const char *p;

	if (!*s || !strcmp(s, ".") || !strcmp(s, ".."))
		return 0;
	for (p = s; *p; p++)
		if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20)
			return 0;
	return 1;
}

int pmo_kind_parse_ref(char **project, char **id, const pmo_kind *kind,
		       const char *ref, const char *default_project)
{
	const char *slash = strchr(ref, '/');
	char *p = NULL, *i = NULL;

	if (kind->project_scoped) {
		if (slash) {
			p = strndup(ref, (size_t)(slash - ref));
			i = strdup(slash + 1);
		} else if (default_project) {
			p = strdup(default_project);
			i = strdup(ref);
		} else {
			return pmo_error_set(PMO_EUSAGE,
				"%s \"%s\" needs its project: write PROJECT/%s or use -p PROJECT",
				kind->name, ref, ref);
		}
		if (!p || !i)
			goto oom;
	} else {
		if (!(i = strdup(ref)))
			goto oom;
	}
	if (!pmo_model__safe_name(i) || (p && !pmo_model__safe_name(p))) {
		free(p);
		free(i);
		return pmo_error_set(PMO_EUSAGE, "\"%s\" is not a %s name", ref, kind->name);
	}
	*project = p;
	*id = i;
	return 0;
oom:
	free(p);
	free(i);
	return OOM();
}

static int in_list(const pmo_node *seq, const char *s)
{
	size_t i;

	for (i = 0; seq && seq->kind == PMO_NODE_SEQ && i < seq->n; i++)
		if (pmo_node_text(seq->items[i]) && !strcmp(pmo_node_text(seq->items[i]), s))
			return 1;
	return 0;
}

int pmo_kind_status_in(const pmo_kind *kind, const pmo_node *statuses, const char *status)
{
	const pmo_node *wf;

	if (!kind->status_field)
		return 1;
	if (!status)
		return !statuses;
	if (statuses)
		return in_list(statuses, status);
	if (kind->close_status && !strcmp(kind->close_status, status))
		return 0;
	wf = pmo_map_get(pmo_map_get(pmo_schema_root(kind->schema), "x-pmo"), "workflow");
	return !in_list(pmo_map_get(wf, "ended"), status);
}
