/*
 * The kinds of one pmo tree: the built-in kinds with the fields a bank
 * declares for them in pmo.yaml,
 *
 *	fields:
 *	  risk:
 *	    regulation: {type: string, pattern: "^[A-Z]+-[0-9]+$", title: 监管要求编号}
 *
 * and the kinds it defines itself as JSON Schemas with x-pmo in
 * schemas/<kind>.json next to pmo.yaml. Both are read through a source, so
 * the worktree and a revision are read alike. A local kind is checked as a
 * built-in one is (x-pmo against the meta-schema, its fields, its
 * workflow) and may not take the name of a built-in schema or kind.
 */
#include "model/internal.h"
#include "model/embedded.h"
#include "util/fs.h"

#include <stdlib.h>
#include <string.h>

#define LOCAL_DIR "schemas"

static const pmo_node *fields_of(const pmo_settings *settings)
{
	const pmo_node *f = settings && settings->doc ?
		pmo_map_get(pmo_doc_root(settings->doc), "fields") : NULL;

	return f && f->kind == PMO_NODE_MAP && f->n ? f : NULL;
}

/* local schema files: names ending in .json */
static int local_names(char ***out, size_t *n, pmo_source *src)
{
	char **names = NULL;
	size_t i, k = 0;
	int error;

	if ((error = pmo_source_list(&names, src, LOCAL_DIR)) < 0)
		return error;
	for (i = 0; names[i]; i++) {
		size_t len = strlen(names[i]);

		if (len > 5 && !strcmp(names[i] + len - 5, ".json"))
			names[k++] = names[i];
		else
			free(names[i]);
	}
	names[k] = NULL;
	*out = names;
	*n = k;
	return 0;
}

int pmo_model_tree_differs(pmo_source *src, const pmo_settings *settings)
{
	char **names = NULL;
	size_t n = 0;

	if (fields_of(settings))
		return 1;
	/* the built-in kinds check amounts in CNY with two decimals */
	if (settings && (strcmp(settings->money.code, "CNY") || settings->money.minor != 2))
		return 1;
	if (local_names(&names, &n, src) < 0) {
		pmo_error_clear();
		return 0;
	}
	pmo_strv_free(names);
	return n > 0;
}

/* pmo.yaml's fields for kind into its schema document */
static int add_fields(pmo_doc *doc, const char *kind, const pmo_node *fields,
		      const char *settings_path)
{
	pmo_node *props = pmo_map_get(pmo_doc_root(doc), "properties");
	size_t i;

	for (i = 0; i < fields->n; i++) {
		const pmo_node *key = fields->pairs[i].key;
		pmo_node *k, *v;

		if (pmo_map_get(props, pmo_node_text(key)))
			return pmo_error_set_at(PMO_EINVALID, settings_path, key->line, key->col,
				"fields.%s.%s: %s already has a field \"%s\"; a field of "
				"pmo.yaml adds one it lacks", kind, pmo_node_text(key), kind,
				pmo_node_text(key));
		if (!(k = pmo_node_copy(doc, key)) || !(v = pmo_node_copy(doc, fields->pairs[i].value)) ||
		    pmo_map_append(doc, props, k, v) < 0)
			return OOM();
	}
	return 0;
}

static int is_builtin(const pmo_model *m, const char *name)
{
	const pmo_embedded_schema *e;

	for (e = pmo_embedded_schemas; e->name; e++)
		if (!strcmp(e->name, name))
			return 1;
	return name && pmo_model_kind(m, name) != NULL;
}

/* schemas/<name>.json of the tree into m */
static int add_local(pmo_model *m, pmo_source *src, const char *file, pmo_buf *buf)
{
	char *path = NULL, *display = NULL, *name = NULL;
	pmo_doc *doc = NULL;
	pmo_node *root;
	const pmo_node *x, *kind, *plural;
	pmo_pair *id;
	pmo_buf uri = PMO_BUF_INIT;
	int error;

	if (!(path = pmo_path_join(LOCAL_DIR, file)) || !(display = pmo_source_display(src, path)) ||
	    !(name = strndup(file, strlen(file) - 5))) {
		error = OOM();
		goto done;
	}
	if ((error = pmo_source_read(buf, src, path, PMO_YAML_MAX_BYTES)) < 0)
		goto done;
	if ((error = pmo_yaml_load(&doc, display, buf->ptr, buf->len, NULL)) < 0)
		goto done;
	root = pmo_doc_root(doc);
	if (!root || root->kind != PMO_NODE_MAP) {
		error = pmo_error_set_at(PMO_EINVALID, display, root ? root->line : 1, root ? root->col : 1,
					 "a schema must be a JSON object");
		goto done;
	}
	x = pmo_map_get(root, "x-pmo");
	kind = pmo_map_get(x, "kind");
	plural = pmo_map_get(x, "plural");
	if (is_builtin(m, name)) {
		error = pmo_error_set(PMO_EINVALID, "%s: \"%s\" is the name of a built-in schema; "
				      "a local kind takes a name of its own", display, name);
		goto done;
	}
	if (kind && pmo_node_text(kind) && strcmp(pmo_node_text(kind), name)) {
		error = pmo_error_set_at(PMO_EINVALID, display, kind->line, kind->col,
			"x-pmo.kind is \"%s\" but the file is %s.json; name the file after the kind",
			pmo_node_text(kind), name);
		goto done;
	}
	if (plural && pmo_node_text(plural) && is_builtin(m, pmo_node_text(plural))) {
		error = pmo_error_set_at(PMO_EINVALID, display, plural->line, plural->col,
			"x-pmo.plural \"%s\" is the name of a built-in kind; a local kind takes a "
			"name of its own", pmo_node_text(plural));
		goto done;
	}
	/* its own $id: a copy of a built-in schema keeps the built-in's,
	 * which the set already holds; relative $refs still find the
	 * built-in schemas beside it */
	pmo_buf_printf(&uri, ID_BASE "%s.json", name);
	if ((error = pmo_buf_oom(&uri)) < 0)
		goto done;
	if ((id = pmo_map_pair(root, "$id")) && !(id->value = pmo_node_str(doc, uri.ptr)))
		id = NULL;
	else if (!id && pmo_map_append(doc, root, pmo_node_str(doc, "$id"), pmo_node_str(doc, uri.ptr)) == 0)
		id = pmo_map_pair(root, "$id");
	if (!id) {
		error = OOM();
		goto done;
	}
	error = pmo_model__add_doc(m, name, display, doc);
	doc = NULL;
done:
	free(name);
	pmo_doc_free(doc);
	pmo_buf_free(&uri);
	free(path);
	free(display);
	return error;
}

int pmo_model_new_tree(pmo_model **out, pmo_source *src, const pmo_settings *settings)
{
	const pmo_node *fields = fields_of(settings);
	const pmo_embedded_schema *e;
	pmo_model *m = NULL;
	pmo_buf buf = PMO_BUF_INIT;
	char **names = NULL;
	const char *spath = settings && settings->doc ? pmo_doc_path(settings->doc) : "pmo.yaml";
	size_t n = 0, i;
	int error;

	if ((error = local_names(&names, &n, src)) < 0)
		goto done;
	if ((error = pmo_model__create(&m, n)) < 0)
		goto done;
	if (settings)
		pmo_schema_set_currency(pmo_model_schemas(m), &settings->money);
	for (e = pmo_embedded_schemas; e->name; e++) {
		const pmo_node *mine = pmo_map_get(fields, e->name);
		pmo_doc *doc = NULL;

		if (!mine) {
			if ((error = pmo_model__add_text(m, e->name, e->text, e->len)) < 0)
				goto done;
			continue;
		}
		if ((error = pmo_yaml_load(&doc, e->name, e->text, e->len, NULL)) < 0)
			goto done;
		if ((error = add_fields(doc, e->name, mine, spath)) < 0) {
			pmo_doc_free(doc);
			goto done;
		}
		if ((error = pmo_model__add_doc(m, e->name, NULL, doc)) < 0)
			goto done;
	}
	for (i = 0; fields && i < fields->n; i++) {
		const pmo_node *key = fields->pairs[i].key;
		const pmo_kind *k = pmo_model_kind(m, pmo_node_text(key));

		if (!k || strcmp(k->name, pmo_node_text(key))) {
			error = pmo_error_set_at(PMO_EINVALID, spath, key->line, key->col,
				"fields: \"%s\" is not a built-in kind; a local kind declares its "
				"fields in its own schema", pmo_node_text(key));
			goto done;
		}
	}
	for (i = 0; i < n; i++)
		if ((error = add_local(m, src, names[i], &buf)) < 0)
			goto done;
done:
	pmo_strv_free(names);
	pmo_buf_free(&buf);
	if (error < 0) {
		pmo_model_free(m);
		return error;
	}
	*out = m;
	return 0;
}
