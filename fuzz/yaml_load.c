/*
 * libFuzzer target: pmo_yaml_load on arbitrary bytes; on success the tree
 * must survive emit + reload unchanged, and the minimal edits of the first
 * top-level key (and of a list under it) must give text that loads again.
 * Any violation aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/buf.h"
#include "util/error.h"
#include "yaml/yaml.h"

static void print_error(void)
{
	char *m = pmo_error_format(pmo_error_last());
	fprintf(stderr, "error: %s\n", m ? m : "?");
	free(m);
}

static void fail(const char *what, const pmo_buf *text)
{
	fprintf(stderr, "yaml_load fuzz: %s\n", what);
	if (text)
		fprintf(stderr, "--- text ---\n%.*s\n--- end ---\n", (int)text->len, text->ptr);
	abort();
}

/* text must load; when want is given the loaded root must equal it. */
static void reload(const pmo_buf *text, const pmo_node *want, const char *what)
{
	pmo_yaml_limits lim = { 0, 0, 1 };
	pmo_doc *doc = NULL;

	if (pmo_yaml_load(&doc, "fuzz-out.yaml", text->ptr ? text->ptr : "", text->len, &lim) != 0) {
		print_error();
		fail(what, text);
	}
	if (want && !pmo_node_equal(want, pmo_doc_root(doc)))
		fail("reloaded tree differs from the original", text);
	pmo_doc_free(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Edits below the root: append to a sequence (its first item again), and
 * set / remove the first key of a mapping that is an item of it. */
static void nested(const pmo_doc *doc, const pmo_node *node, const pmo_node *value)
{
	pmo_buf out = PMO_BUF_INIT;
	const pmo_node *map;
	const char *key;

	if (!node || node->kind != PMO_NODE_SEQ || node->n == 0)
		return;
	if (pmo_yaml_edit_seq_append(&out, doc, node, node->items[0]) != 0) {
		print_error();
		fail("edit_seq_append failed", NULL);
	}
	reload(&out, NULL, "text after edit_seq_append does not load");
	map = node->items[0];
	if (map->kind != PMO_NODE_MAP || map->n == 0)
		goto done;
	key = map->pairs[0].key->str;
	if (strlen(key) != map->pairs[0].key->len)
		goto done;
	pmo_buf_clear(&out);
	if (pmo_yaml_edit_map_set(&out, doc, map, key, value, NULL) != 0) {
		print_error();
		fail("edit_map_set failed", NULL);
	}
	reload(&out, NULL, "text after edit_map_set does not load");
	pmo_buf_clear(&out);
	if (pmo_yaml_edit_map_remove(&out, doc, map, key) != 0) {
		print_error();
		fail("edit_map_remove failed", NULL);
	}
	reload(&out, NULL, "text after edit_map_remove does not load");
done:
	pmo_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pmo_yaml_limits lim = { 0, 0, 1 };
	pmo_doc *doc = NULL;
	pmo_buf out = PMO_BUF_INIT;
	pmo_node *root;

	if (pmo_yaml_load(&doc, "fuzz.yaml", (const char *)data, size, &lim) != 0)
		goto done;
	root = pmo_doc_root(doc);
	if (pmo_yaml_emit(&out, root) != 0) {
		/* strings that are not valid UTF-8 are refused; the loader never
		 * produces them, so a refusal here is a bug */
		print_error();
		fail("emit of a loaded tree failed", NULL);
	}
	reload(&out, root, "emitted text does not load");

	if (root && root->kind == PMO_NODE_MAP && root->n > 0) {
		const char *key = root->pairs[0].key->str;
		pmo_doc *vdoc = NULL;
		pmo_node *value;

		/* a key with a NUL cannot be named through the C string API */
		if (strlen(key) != root->pairs[0].key->len)
			goto done;
		pmo_buf_clear(&out);
		if (pmo_yaml_edit_remove(&out, doc, key) != 0)
			{ print_error(); fail("edit_remove failed", NULL); }
		reload(&out, NULL, "text after edit_remove does not load");

		/* set the first key to a scalar, then to the value of the last pair
		 * (possibly a collection) */
		pmo_buf_clear(&out);
		if (pmo_doc_new(&vdoc) != 0)
			goto done;
		value = pmo_node_str(vdoc, "fuzz: 值\nline two");
		if (!value)
			fail("pmo_node_str failed", NULL);
		if (pmo_yaml_edit_set(&out, doc, key, value, NULL) != 0)
			fail("edit_set (scalar) failed", NULL);
		reload(&out, NULL, "text after edit_set does not load");
		pmo_buf_clear(&out);
		if (pmo_yaml_edit_set(&out, doc, key, root->pairs[root->n - 1].value, NULL) != 0)
			fail("edit_set (node) failed", NULL);
		reload(&out, NULL, "text after edit_set of a node does not load");
		pmo_buf_clear(&out);
		if (pmo_yaml_edit_set(&out, doc, "fuzz-new-key", value, key) != 0)
			fail("edit_set (new key) failed", NULL);
		reload(&out, NULL, "text after edit_set of a new key does not load");
		nested(doc, root->pairs[0].value, value);
		pmo_doc_free(vdoc);
	}
done:
	pmo_buf_free(&out);
	pmo_doc_free(doc);
	return 0;
}
