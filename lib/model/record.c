/*
 * Records as read from their files: reading one (with its derived fields),
 * listing every record of a kind (read by scan.c on every core, sorted by
 * project, then ID number, files that cannot be read named as problems;
 * the derived fields made here), and a reference's project.
 */
#include "model/internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

void pmo_record_free(pmo_record *r)
{
	if (!r)
		return;
	free(r->project);
	free(r->id);
	free(r->path);
	free(r->row);
	pmo_doc_free(r->doc);
	free(r);
}

char *pmo_record_name(const pmo_record *r)
{
	pmo_buf b = PMO_BUF_INIT;

	if (r->project) {
		pmo_buf_puts(&b, r->project);
		pmo_buf_putc(&b, '/');
	}
	pmo_buf_puts(&b, r->id);
	return pmo_buf_detach(&b);
}

/* The records derive_each has read while one list is made: each kind's
 * read once, not once per record that asks (a vendor's rating reads every
 * evaluation; 200 vendors would read them 200 times). */
typedef struct {
	struct {
		const pmo_kind *kind;
		pmo_records list;
	} items[8];
	size_t n;
} derive_cache;

static void derive_cache_free(derive_cache *c)
{
	size_t i;

	for (i = 0; c && i < c->n; i++)
		pmo_records_free(&c->items[i].list);
}

/* pmo_derive_ctx each: every record of a kind, for a derived field. */
static int derive_each(const pmo_derive_ctx *ctx, const char *name,
		       int (*cb)(const pmo_node *record, void *payload), void *payload)
{
	const pmo_kind *k = pmo_model_kind(ctx->kind->model, name);
	derive_cache *cache = ctx->cache;
	pmo_records own = { 0 }, *list = &own;
	size_t i;
	int error = 0;

	if (!k)
		return 0;
	for (i = 0; cache && i < cache->n && cache->items[i].kind != k; i++)
		;
	if (cache && i < cache->n) {
		list = &cache->items[i].list;
	} else {
		if (cache && cache->n < sizeof(cache->items) / sizeof(cache->items[0]))
			list = &cache->items[cache->n].list;
		if ((error = pmo_records_list(list, NULL, ctx->src, k, NULL, NULL)) < 0)
			return error;
		if (list != &own)
			cache->items[cache->n++].kind = k;
	}
	for (i = 0; i < list->n && error >= 0; i++)
		error = cb(pmo_doc_root(list->items[i]->doc), payload);
	pmo_records_free(&own);
	return error;
}

static pmo_node *view_of(pmo_doc *doc, const pmo_kind *kind, const char *project,
			 const pmo_node *root, const pmo_settings *settings, pmo_source *src,
			 derive_cache *cache)
{
	pmo_derive_ctx ctx = { settings, src, project, kind, src ? derive_each : NULL, cache };
	pmo_node *view = pmo_node_map(doc);
	size_t i;

	if (!view)
		return NULL;
	if (kind->project_scoped &&
	    pmo_map_append(doc, view, pmo_node_str(doc, "project"), pmo_node_str(doc, project)) < 0)
		return NULL;
	for (i = 0; i < root->n; i++)
		if (pmo_map_append(doc, view, root->pairs[i].key, root->pairs[i].value) < 0)
			return NULL;
	if (kind->derive && kind->derive(doc, view, root, &ctx) < 0)
		return NULL;
	return view;
}

static int read_at(pmo_record **out, pmo_source *src, const pmo_kind *kind,
		   const char *project, const char *id, const pmo_settings *settings,
		   pmo_buf *buf, derive_cache *cache)
{
	pmo_record *r = NULL;
	char *display = NULL;
	pmo_node *root;
	int error = 0;

	if (!(r = calloc(1, sizeof(*r))))
		return OOM();
	r->kind = kind;
	if ((project && !(r->project = strdup(project))) || !(r->id = strdup(id))) {
		error = OOM();
		goto done;
	}
	if ((error = pmo_kind_path(&r->path, kind, project, id)) < 0)
		goto done;
	/* the path as the user sees it (relative to the current folder) is
	 * only made for a message: listing thousands of records asks for
	 * none */
	error = pmo_source_read(buf, src, r->path, PMO_YAML_MAX_BYTES);
	if (error == PMO_ENOTFOUND) {
		char *name = pmo_record_name(r);
		display = pmo_source_display(src, r->path);
		error = pmo_error_set(PMO_ENOTFOUND, "no %s %s (%s)", kind->name,
				      name ? name : id, display ? display : r->path);
		free(name);
		goto done;
	}
	if (error < 0)
		goto done;
	if ((error = pmo_yaml_load(&r->doc, r->path, buf->ptr, buf->len, NULL)) < 0) {
		const pmo_error *e = pmo_error_last();
		char *msg;

		if (error != PMO_ENOMEM && e && (display = pmo_source_display(src, r->path)) &&
		    (msg = strdup(e->message ? e->message : ""))) {
			pmo_error_set_at(error, display, e->line, e->col, "%s", msg);
			free(msg);
		}
		goto done;
	}
	root = pmo_doc_root(r->doc);
	if (!root || root->kind != PMO_NODE_MAP) {
		display = pmo_source_display(src, r->path);
		error = pmo_error_set_at(PMO_EINVALID, display, root ? root->line : 1,
			root ? root->col : 1, "a %s file must hold a mapping of fields", kind->name);
		goto done;
	}
	if (!(r->view = view_of(r->doc, kind, project, root, settings, src, cache))) {
		error = OOM();
		goto done;
	}
done:
	free(display);
	if (error < 0) {
		pmo_record_free(r);
		return error;
	}
	*out = r;
	return 0;
}

int pmo_record_read(pmo_record **out, pmo_source *src, const pmo_kind *kind,
		    const char *project, const char *id, const pmo_settings *settings)
{
	pmo_buf buf = PMO_BUF_INIT;
	int error = read_at(out, src, kind, project, id, settings, &buf, NULL);

	pmo_buf_free(&buf);
	return error;
}

void pmo_records_free(pmo_records *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++)
		pmo_record_free(r->items[i]);
	free(r->items);
	r->items = NULL;
	r->n = 0;
}

int pmo_kind_find_ref(char **project, char **id, pmo_source *src, const pmo_kind *kind,
		      const char *ref, const char *default_project)
{
	char **keys = NULL, *found = NULL;
	pmo_buf also = PMO_BUF_INIT;
	size_t i;
	int error;

	if (!kind->project_scoped || strchr(ref, '/') || default_project)
		return pmo_kind_parse_ref(project, id, kind, ref, default_project);
	/* no project named: the one project that has it, as git takes an
	 * abbreviation that names one object */
	if (!pmo_model__safe_name(ref) || (error = pmo_projects_list(&keys, src)) < 0)
		return pmo_kind_parse_ref(project, id, kind, ref, NULL);
	for (i = 0; keys[i]; i++) {
		char *path = NULL;

		if (pmo_kind_path(&path, kind, keys[i], ref) < 0) {
			error = PMO_ENOMEM;
			goto done;
		}
		if (pmo_source_exists(src, path)) {
			if (!found)
				found = keys[i];
			else
				pmo_buf_printf(&also, "%s%s", also.len ? ", " : "", keys[i]);
		}
		free(path);
	}
	if (!found || also.len) {
		error = found ? pmo_error_set(PMO_EUSAGE, "%s \"%s\" is in %s and %s: write PROJECT/%s "
					      "or use -p PROJECT", kind->name, ref, found,
					      pmo_buf_cstr(&also), ref)
			      : pmo_kind_parse_ref(project, id, kind, ref, NULL);
		goto done;
	}
	error = pmo_kind_parse_ref(project, id, kind, ref, found);
done:
	pmo_buf_free(&also);
	pmo_strv_free(keys);
	return error;
}

/* pmo_records_list's records as the scan hands them over, each given
 * its view (derived fields) here, on the caller's thread. */
typedef struct {
	pmo_records *out;
	pmo_source *src;
	const pmo_settings *settings;
	derive_cache cache;
	size_t cap; /* room in out->items */
	int (*row)(pmo_record *r, void *arg); /* pmo_records_list_rows' */
	void *arg;
} lister;

/* The view of a record whose kind's derived fields read no other file,
 * made on the thread that read it (the scan's view: any thread; L is
 * only read). The others are list_one's. */
static int view_early(pmo_record *r, void *payload)
{
	const lister *L = payload;

	if (r->kind->derive && r->kind->hooks->derive_reads_files)
		return 0;
	if (!(r->view = view_of(r->doc, r->kind, r->project, pmo_doc_root(r->doc), L->settings,
				L->src, NULL)))
		return OOM();
	return L->row ? L->row(r, L->arg) : 0;
}

static int list_one(pmo_record *r, void *payload)
{
	lister *L = payload;
	pmo_record **items;

	if (!r->view) {
		int error = 0;

		if (!(r->view = view_of(r->doc, r->kind, r->project, pmo_doc_root(r->doc), L->settings,
					L->src, &L->cache)))
			error = OOM();
		else if (L->row)
			error = L->row(r, L->arg);
		if (error < 0) {
			pmo_record_free(r);
			return error;
		}
	}
	if (L->out->n == L->cap) {
		/* room doubled, not one more each time: copying the list at
		 * every record was 5% of pmo risk list over 5,000 risks */
		size_t cap = L->cap ? L->cap * 2 : 64;

		if (!(items = realloc(L->out->items, cap * sizeof(*items)))) {
			pmo_record_free(r);
			return OOM();
		}
		L->out->items = items;
		L->cap = cap;
	}
	L->out->items[L->out->n++] = r;
	return 0;
}

int pmo_records_list(pmo_records *out, pmo_findings *problems, pmo_source *src,
		     const pmo_kind *kind, const char *project,
		     const pmo_settings *settings)
{
	return pmo_records_list_rows(out, problems, src, kind, project, settings, NULL, NULL);
}

int pmo_records_list_rows(pmo_records *out, pmo_findings *problems, pmo_source *src,
			  const pmo_kind *kind, const char *project, const pmo_settings *settings,
			  int (*row)(pmo_record *r, void *arg), void *arg)
{
	lister L;
	int error;

	memset(out, 0, sizeof(*out));
	memset(&L, 0, sizeof(L));
	L.out = out;
	L.src = src;
	L.settings = settings;
	L.row = row;
	L.arg = arg;
	/* a record its schema refuses is named, not listed: scripts reading
	 * the JSON get only records of the documented shape */
	error = pmo_model__scan_kind(problems, src, kind, project, view_early, list_one, &L);
	derive_cache_free(&L.cache);
	if (error < 0)
		pmo_records_free(out);
	return error;
}
