/* Tests of lib/yaml: loading (marks, typing, refusals), the canonical
 * emitter, and minimal edits. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "yaml/yaml.h"

/* --- helpers ------------------------------------------------------------ */

static pmo_doc *load_n(const char *src, size_t len)
{
	pmo_doc *doc = NULL;
	int rc = pmo_yaml_load(&doc, "t.yaml", src, len, NULL);
	if (rc < 0) {
		char *m = pmo_error_format(pmo_error_last());
		cr_assert_fail("load failed: %s\n--- source:\n%.*s", m, (int)len, src);
	}
	return doc;
}

static pmo_doc *load(const char *src)
{
	return load_n(src, strlen(src));
}

/* The error line "path:line:col: error: message" of a failed load. */
static char *load_error(const char *path, const char *src, size_t len, const pmo_yaml_limits *lim)
{
	pmo_doc *doc = NULL;
	const pmo_error *e;
	pmo_buf b = PMO_BUF_INIT;

	pmo_error_clear();
	if (pmo_yaml_load(&doc, path, src, len, lim) == 0) {
		pmo_doc_free(doc);
		return strdup("(loaded)");
	}
	e = pmo_error_last();
	cr_assert_not_null(e);
	pmo_buf_printf(&b, "%s:%zu:%zu: error: %s", e->path ? e->path : "", e->line, e->col,
		       e->message);
	return pmo_buf_detach(&b);
}

static char *emit(const pmo_node *root)
{
	pmo_buf b = PMO_BUF_INIT;
	cr_assert_eq(pmo_yaml_emit(&b, root), 0, "emit failed: %s", pmo_error_last()->message);
	return pmo_buf_detach(&b);
}

static char *emit_scalar(const pmo_node *n)
{
	pmo_buf b = PMO_BUF_INIT;
	cr_assert_eq(pmo_yaml_emit_scalar(&b, n), 0);
	return pmo_buf_detach(&b);
}

/* A value node from YAML text ("x: TEXT"), owned by *keep. */
static const pmo_node *value_of(pmo_doc **keep, const char *yaml_text)
{
	*keep = load(yaml_text);
	return pmo_map_get(pmo_doc_root(*keep), "x");
}

static char *edit_set(const char *src, const char *key, const pmo_node *value, const char *after)
{
	pmo_doc *doc = load(src);
	pmo_buf b = PMO_BUF_INIT;
	int rc = pmo_yaml_edit_set(&b, doc, key, value, after);
	cr_assert_eq(rc, 0, "edit failed: %s", rc < 0 ? pmo_error_last()->message : "");
	pmo_doc_free(doc);
	return pmo_buf_detach(&b);
}

static char *edit_remove(const char *src, const char *key)
{
	pmo_doc *doc = load(src);
	pmo_buf b = PMO_BUF_INIT;
	cr_assert_eq(pmo_yaml_edit_remove(&b, doc, key), 0);
	pmo_doc_free(doc);
	return pmo_buf_detach(&b);
}

/* Number of lines that differ (same line count assumed by callers). */
static int changed_lines(const char *a, const char *b)
{
	int n = 0;

	while (*a || *b) {
		const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
		size_t la = ea ? (size_t)(ea - a) : strlen(a), lb = eb ? (size_t)(eb - b) : strlen(b);
		if (la != lb || memcmp(a, b, la) != 0)
			n++;
		a += la + (ea ? 1 : 0);
		b += lb + (eb ? 1 : 0);
	}
	return n;
}

/* --- bad files: tests/data/bad-yaml/NAME.yaml + NAME.expected ---------- */

static char *slurp(const char *path, size_t *len)
{
	pmo_buf b = PMO_BUF_INIT;
	cr_assert_eq(pmo_fs_read(&b, path, 0), 0, "cannot read %s", path);
	*len = b.len;
	return pmo_buf_detach(&b);
}

Test(yaml, bad_files_are_refused_with_exact_messages, .timeout = 60)
{
	const char *data = getenv("PMO_TESTDATA");
	char *dir, *names[256];
	struct dirent *de;
	size_t n = 0, i;
	DIR *d;

	cr_assert_not_null(data, "PMO_TESTDATA is not set");
	dir = pmo_path_join(data, "bad-yaml");
	d = opendir(dir);
	cr_assert_not_null(d, "no folder %s", dir);
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l > 5 && strcmp(de->d_name + l - 5, ".yaml") == 0 && n < 256)
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	cr_assert_geq(n, 15, "expected at least 15 bad files in %s, found %zu", dir, n);
	for (i = 0; i < n; i++) {
		char *path = pmo_path_join(dir, names[i]), *exp_path, *src, *want, *got;
		size_t len, wlen, stem = strlen(names[i]) - 5;
		pmo_buf ep = PMO_BUF_INIT;

		pmo_buf_put(&ep, path, strlen(path) - 5);
		pmo_buf_puts(&ep, ".expected");
		exp_path = pmo_buf_detach(&ep);
		cr_assert(pmo_fs_exists(exp_path), "%s has no .expected file", names[i]);
		src = slurp(path, &len);
		want = slurp(exp_path, &wlen);
		while (wlen && (want[wlen - 1] == '\n' || want[wlen - 1] == '\r'))
			want[--wlen] = '\0';
		got = load_error(names[i], src, len, NULL);
		cr_expect_str_eq(got, want, "%.*s", (int)stem, names[i]);
		free(got);
		free(want);
		free(src);
		free(exp_path);
		free(path);
		free(names[i]);
	}
	free(dir);
}

Test(yaml, oversize_file_is_refused_at_1_1)
{
	size_t len = PMO_YAML_MAX_BYTES + 1;
	char *big = malloc(len), *got, *dir, *path;
	pmo_doc *doc = NULL;
	const pmo_error *e;

	cr_assert_not_null(big);
	memset(big, '#', len);
	got = load_error("oversize.yaml", big, len, NULL);
	cr_assert_str_eq(got,
		"oversize.yaml:1:1: error: file is 16777217 bytes, more than the limit of 16777216 bytes");
	free(got);

	/* the same through the file reader, without reading the file */
	dir = th_tmpdir();
	path = pmo_path_join(dir, "oversize.yaml");
	cr_assert_eq(pmo_fs_write_atomic(path, big, len), 0);
	cr_assert_eq(pmo_yaml_load_file(&doc, path, NULL), PMO_EINVALID);
	e = pmo_error_last();
	cr_assert_eq(e->line, 1);
	cr_assert_eq(e->col, 1);
	cr_assert_str_eq(e->message, "file is 16777217 bytes, more than the limit of 16777216 bytes");
	free(path);
	free(dir);
	free(big);
}

Test(yaml, limits_can_be_lowered)
{
	pmo_yaml_limits lim = { 10, 2, 0 };
	char *got;

	got = load_error("f.yaml", "a: 1234567890\n", 14, &lim);
	cr_assert_str_eq(got, "f.yaml:1:1: error: file is 14 bytes, more than the limit of 10 bytes");
	free(got);
	lim.max_bytes = 0; /* default */
	got = load_error("f.yaml", "a:\n  b:\n    c: 1\n", 17, &lim);
	cr_assert_str_eq(got, "f.yaml:3:5: error: nesting deeper than 2 levels");
	free(got);
}

Test(yaml, nesting_of_exactly_64_levels_loads)
{
	pmo_buf b = PMO_BUF_INIT;
	pmo_doc *doc;
	pmo_node *n;
	int i;

	for (i = 0; i < 64; i++)
		pmo_buf_putc(&b, '[');
	for (i = 0; i < 64; i++)
		pmo_buf_putc(&b, ']');
	doc = load(b.ptr);
	for (n = pmo_doc_root(doc), i = 1; n->n; n = n->items[0])
		i++;
	cr_assert_eq(i, 64);
	pmo_doc_free(doc);
	pmo_buf_free(&b);
}

Test(yaml, empty_file_is_a_null_document_when_allowed)
{
	pmo_yaml_limits lim = { 0, 0, 1 };
	pmo_doc *doc = NULL;

	cr_assert_eq(pmo_yaml_load(&doc, "e.yaml", "# nothing\n", 10, &lim), 0);
	cr_assert_eq(pmo_doc_root(doc)->kind, PMO_NODE_SCALAR);
	cr_assert_eq(pmo_doc_root(doc)->tag, PMO_TAG_NULL);
	pmo_doc_free(doc);
	cr_assert_eq(pmo_yaml_load(&doc, "e.yaml", "", 0, NULL), PMO_EINVALID);
	cr_assert_str_eq(pmo_error_last()->message, "file is empty");
}

Test(yaml, load_file_reads_and_names_the_file)
{
	char *dir = th_tmpdir(), *path = pmo_path_join(dir, "r.yaml");
	pmo_doc *doc = NULL;

	th_write(dir, "r.yaml", "id: R-1\ntitle: 核心\n");
	cr_assert_eq(pmo_yaml_load_file(&doc, path, NULL), 0);
	cr_assert_str_eq(pmo_doc_path(doc), path);
	cr_assert_str_eq(pmo_node_text(pmo_map_get(pmo_doc_root(doc), "title")), "核心");
	pmo_doc_free(doc);
	free(path);
	path = pmo_path_join(dir, "missing.yaml");
	cr_assert_eq(pmo_yaml_load_file(&doc, path, NULL), PMO_ENOTFOUND);
	free(path);
	free(dir);
}

/* --- typing --------------------------------------------------------------- */

Test(yaml, resolve_follows_the_yaml_1_2_core_schema)
{
	static const struct { const char *s; pmo_tag tag; } table[] = {
		{ "", PMO_TAG_NULL }, { "~", PMO_TAG_NULL }, { "null", PMO_TAG_NULL },
		{ "Null", PMO_TAG_NULL }, { "NULL", PMO_TAG_NULL }, { "nULL", PMO_TAG_STR },
		{ "true", PMO_TAG_BOOL }, { "True", PMO_TAG_BOOL }, { "TRUE", PMO_TAG_BOOL },
		{ "false", PMO_TAG_BOOL }, { "False", PMO_TAG_BOOL }, { "FALSE", PMO_TAG_BOOL },
		{ "tRUE", PMO_TAG_STR }, { "yes", PMO_TAG_STR }, { "no", PMO_TAG_STR },
		{ "NO", PMO_TAG_STR }, { "off", PMO_TAG_STR }, { "on", PMO_TAG_STR },
		{ "y", PMO_TAG_STR }, { "0", PMO_TAG_INT }, { "42", PMO_TAG_INT },
		{ "-17", PMO_TAG_INT }, { "+17", PMO_TAG_INT }, { "007", PMO_TAG_INT },
		{ "0o17", PMO_TAG_INT }, { "0o18", PMO_TAG_STR }, { "0x1F", PMO_TAG_INT },
		{ "0xag", PMO_TAG_STR }, { "-0x1F", PMO_TAG_STR }, { "1_000", PMO_TAG_STR },
		{ "0b101", PMO_TAG_STR }, { "1:20", PMO_TAG_STR }, { "1.5", PMO_TAG_FLOAT },
		{ "-1.5", PMO_TAG_FLOAT }, { ".5", PMO_TAG_FLOAT }, { "1.", PMO_TAG_FLOAT },
		{ "1e5", PMO_TAG_FLOAT }, { "1.5E-3", PMO_TAG_FLOAT }, { "1e", PMO_TAG_STR },
		{ ".", PMO_TAG_STR }, { ".inf", PMO_TAG_FLOAT }, { "-.Inf", PMO_TAG_FLOAT },
		{ "+.INF", PMO_TAG_FLOAT }, { ".nan", PMO_TAG_FLOAT }, { ".NaN", PMO_TAG_FLOAT },
		{ ".NAN", PMO_TAG_FLOAT }, { "-.nan", PMO_TAG_STR }, { "1.2.3", PMO_TAG_STR },
		{ "2027-01-04", PMO_TAG_STR }, { "-", PMO_TAG_STR }, { "+", PMO_TAG_STR },
		{ "核心", PMO_TAG_STR }, { "12 apples", PMO_TAG_STR },
	};
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		cr_expect_eq(pmo_yaml_resolve(table[i].s, strlen(table[i].s)), table[i].tag,
			     "resolve(\"%s\")", table[i].s);
}

Test(yaml, scalars_are_typed_by_core_schema_and_quoting)
{
	pmo_doc *doc = load("a: no\nb: off\nc: yes\nd: ~\ne:\nf: True\ng: 0x10\nh: .inf\n"
			    "i: '1'\nj: \"true\"\nk: |\n  42\nl: null\nm: 1.5\n");
	const pmo_node *r = pmo_doc_root(doc);

	cr_assert_eq(pmo_map_get(r, "a")->tag, PMO_TAG_STR);
	cr_assert_eq(pmo_map_get(r, "b")->tag, PMO_TAG_STR);
	cr_assert_eq(pmo_map_get(r, "c")->tag, PMO_TAG_STR);
	cr_assert_eq(pmo_map_get(r, "d")->tag, PMO_TAG_NULL);
	cr_assert_eq(pmo_map_get(r, "e")->tag, PMO_TAG_NULL);
	cr_assert_eq(pmo_map_get(r, "f")->tag, PMO_TAG_BOOL);
	cr_assert_eq(pmo_map_get(r, "g")->tag, PMO_TAG_INT);
	cr_assert_eq(pmo_map_get(r, "h")->tag, PMO_TAG_FLOAT);
	cr_assert_eq(pmo_map_get(r, "i")->tag, PMO_TAG_STR);
	cr_assert_eq(pmo_map_get(r, "i")->style, PMO_STYLE_SINGLE);
	cr_assert_eq(pmo_map_get(r, "j")->tag, PMO_TAG_STR);
	cr_assert_eq(pmo_map_get(r, "j")->style, PMO_STYLE_DOUBLE);
	cr_assert_eq(pmo_map_get(r, "k")->tag, PMO_TAG_STR);
	cr_assert_eq(pmo_map_get(r, "k")->style, PMO_STYLE_LITERAL);
	cr_assert_str_eq(pmo_node_text(pmo_map_get(r, "k")), "42\n");
	cr_assert_eq(pmo_map_get(r, "l")->tag, PMO_TAG_NULL);
	cr_assert_eq(pmo_map_get(r, "m")->tag, PMO_TAG_FLOAT);
	cr_assert_null(pmo_map_get(r, "zz"));
	cr_assert_null(pmo_node_text(r));
	pmo_doc_free(doc);
}

Test(yaml, double_quoted_nul_escape_keeps_its_length)
{
	pmo_doc *doc = load("a: \"x\\0y\"\n");
	const pmo_node *a = pmo_map_get(pmo_doc_root(doc), "a");

	cr_assert_eq(a->len, 3);
	cr_assert_eq(memcmp(a->str, "x\0y", 3), 0);
	pmo_doc_free(doc);
}

/* --- keys ------------------------------------------------------------------- */

Test(yaml, same_key_in_different_mappings_is_not_a_duplicate)
{
	pmo_doc *doc = load("a:\n  id: 1\nb:\n  id: 2\nlist:\n  - id: 1\n  - id: 1\n");
	const pmo_node *list = pmo_map_get(pmo_doc_root(doc), "list");

	cr_assert_eq(list->n, 2);
	cr_assert_str_eq(pmo_node_text(pmo_map_get(list->items[1], "id")), "1");
	pmo_doc_free(doc);
}

Test(yaml, duplicates_in_large_mappings_are_found)
{
	pmo_buf b = PMO_BUF_INIT;
	char *got;
	int i;

	for (i = 0; i < 5000; i++)
		pmo_buf_printf(&b, "k%d: %d\n", i, i);
	pmo_buf_puts(&b, "k1234: again\n");
	got = load_error("big.yaml", b.ptr, b.len, NULL);
	cr_assert_str_eq(got, "big.yaml:5001:1: error: duplicate key \"k1234\" (first at line 1235)");
	free(got);
	pmo_buf_free(&b);
}

/* --- places ------------------------------------------------------------------ */

Test(yaml, nodes_have_line_and_column)
{
	pmo_doc *doc = load("id: R-1\nimpact:\n  scope: 2\nlist:\n  - a\n  - {x: 1}\n");
	const pmo_node *r = pmo_doc_root(doc), *scope, *list;
	const pmo_pair *p;

	cr_assert_eq(r->line, 1);
	cr_assert_eq(r->col, 1);
	p = pmo_map_pair(r, "impact");
	cr_assert_eq(p->key->line, 2);
	cr_assert_eq(p->key->col, 1);
	scope = pmo_map_get(p->value, "scope");
	cr_assert_eq(scope->line, 3);
	cr_assert_eq(scope->col, 10);
	list = pmo_map_get(r, "list");
	cr_assert_eq(list->line, 5);
	cr_assert_eq(list->col, 3);
	cr_assert_eq(list->items[1]->style, PMO_STYLE_FLOW);
	cr_assert_eq(list->items[1]->line, 6);
	cr_assert_eq(list->items[1]->col, 5);
	cr_assert_eq(pmo_map_get(list->items[1], "x")->col, 9);
	pmo_doc_free(doc);
}

Test(yaml, byte_offsets_count_bytes_after_chinese_text)
{
	const char *src = "title: 核心数据迁移\nowner: 王丽 # 负责人\nnote: \"引号\"\nn: 5\n";
	pmo_doc *doc = load(src);
	const pmo_node *r = pmo_doc_root(doc), *t, *o, *n, *q;
	size_t len;

	t = pmo_map_get(r, "title");
	o = pmo_map_get(r, "owner");
	q = pmo_map_get(r, "note");
	n = pmo_map_get(r, "n");
	cr_assert_eq(t->start, 7);
	cr_assert_eq(t->end, 7 + 18);
	cr_assert_eq(memcmp(src + o->start, "王丽", o->end - o->start), 0);
	cr_assert_eq(o->end - o->start, 6);
	cr_assert_eq(o->col, 8); /* columns count characters */
	cr_assert_eq(memcmp(src + q->start, "\"引号\"", q->end - q->start), 0);
	cr_assert_eq(q->end - q->start, 8);
	cr_assert_eq(src[n->start], '5');
	cr_assert_eq(n->end, n->start + 1);
	cr_assert_str_eq(pmo_doc_source(doc, &len), src);
	cr_assert_eq(len, strlen(src));
	pmo_doc_free(doc);
}

Test(yaml, byte_offsets_with_bom_and_crlf)
{
	const char *src = "\xEF\xBB\xBF" "a: 中\r\nbb: xy\r\n";
	pmo_doc *doc = load(src);
	const pmo_node *r = pmo_doc_root(doc), *a, *bb;

	a = pmo_map_get(r, "a");
	bb = pmo_map_get(r, "bb");
	cr_assert_eq(pmo_map_pair(r, "a")->key->start, 3);
	cr_assert_eq(a->start, 6);
	cr_assert_eq(a->end, 9);
	cr_assert_eq(a->col, 4);
	cr_assert_eq(bb->line, 2);
	cr_assert_eq(bb->start, 15);
	cr_assert_eq(memcmp(src + bb->start, "xy", 2), 0);
	cr_assert_eq(bb->end, 17);
	pmo_doc_free(doc);
}

Test(yaml, block_collection_ends_at_its_last_content)
{
	const char *src = "a:\n  x: 1\n  y: [1, 2]   \n# about b\nb: |\n  text\n\nc: 3\n";
	pmo_doc *doc = load(src);
	const pmo_node *r = pmo_doc_root(doc), *a, *b;

	a = pmo_map_get(r, "a");
	cr_assert_eq(src[a->end - 1], ']');
	b = pmo_map_get(r, "b");
	cr_assert_eq(memcmp(src + b->start, "|\n  text\n", b->end - b->start), 0);
	cr_assert_eq(b->end - b->start, 9);
	pmo_doc_free(doc);
}

/* --- tree building ------------------------------------------------------------ */

Test(yaml, built_trees_append_copy_and_compare)
{
	pmo_doc *doc, *other;
	pmo_node *map, *seq, *copy;
	int i;

	cr_assert_eq(pmo_doc_new(&doc), 0);
	map = pmo_node_map(doc);
	seq = pmo_node_seq(doc);
	for (i = 0; i < 100; i++) {
		char key[16];
		snprintf(key, sizeof(key), "k%d", i);
		cr_assert_eq(pmo_map_append(doc, map, pmo_node_str(doc, key),
					    pmo_node_scalar(doc, PMO_TAG_INT, key + 1, strlen(key + 1))), 0);
		cr_assert_eq(pmo_seq_append(doc, seq, pmo_node_str(doc, key)), 0);
	}
	cr_assert_eq(pmo_map_append(doc, map, pmo_node_str(doc, "seq"), seq), 0);
	pmo_doc_set_root(doc, map);
	cr_assert_eq(map->n, 101);
	cr_assert_str_eq(pmo_node_text(pmo_map_get(map, "k57")), "57");
	cr_assert_eq(pmo_map_get(map, "k57")->tag, PMO_TAG_INT);
	cr_assert_str_eq(pmo_node_text(pmo_map_get(map, "seq")->items[99]), "k99");
	cr_assert_eq(pmo_seq_append(doc, map, seq), PMO_EINVALID);

	cr_assert_eq(pmo_doc_new(&other), 0);
	copy = pmo_node_copy(other, map);
	pmo_doc_free(doc); /* the copy owns everything it needs */
	cr_assert_eq(copy->n, 101);
	cr_assert_str_eq(pmo_node_text(pmo_map_get(copy, "seq")->items[42]), "k42");
	cr_assert_eq(pmo_map_append(other, copy, pmo_node_str(other, "extra"),
				    pmo_node_str(other, "v")), 0);
	cr_assert_str_eq(pmo_node_text(pmo_map_get(copy, "extra")), "v");
	cr_assert_str_eq(pmo_doc_path(other), "");
	pmo_doc_free(other);
	pmo_doc_free(NULL);
}

Test(yaml, equality_compares_values_not_spelling)
{
	pmo_doc *a = load("n: 16\nf: 1.0\nb: True\nz: ~\ns: 'x'\nm: {p: 1, q: 2}\nl: [1, 2]\n");
	pmo_doc *b = load("m:\n  q: 2\n  p: 1\nl:\n  - 1\n  - 2\ns: x\nz: null\nb: true\nf: 1\nn: 0x10\n");
	pmo_doc *c = load("n: 16\nf: 1.0\nb: True\nz: ~\ns: 'x'\nm: {p: 1, q: 2}\nl: [2, 1]\n");
	pmo_doc *d = load("n: '16'\nf: 1.0\nb: True\nz: ~\ns: 'x'\nm: {p: 1, q: 2}\nl: [1, 2]\n");
	pmo_doc *e = load("x: .nan\ny: 1e3\n");
	pmo_doc *f = load("x: .NaN\ny: 1000\n");

	cr_assert(pmo_node_equal(pmo_doc_root(a), pmo_doc_root(b)));
	cr_assert_not(pmo_node_equal(pmo_doc_root(a), pmo_doc_root(c)), "sequences are ordered");
	cr_assert_not(pmo_node_equal(pmo_doc_root(a), pmo_doc_root(d)), "'16' is not 16");
	cr_assert(pmo_node_equal(pmo_doc_root(e), pmo_doc_root(f)));
	cr_assert_not(pmo_node_equal(pmo_doc_root(a), NULL));
	pmo_doc_free(a);
	pmo_doc_free(b);
	pmo_doc_free(c);
	pmo_doc_free(d);
	pmo_doc_free(e);
	pmo_doc_free(f);
}

/* --- emitter ---------------------------------------------------------------------- */

Test(yaml, strings_are_quoted_when_plain_would_change_type)
{
	static const struct { const char *in, *out; } table[] = {
		{ "plain text", "plain text" }, { "核心数据迁移", "核心数据迁移" },
		{ "", "''" }, { "yes", "'yes'" }, { "No", "'No'" }, { "OFF", "'OFF'" },
		{ "on", "'on'" }, { "y", "'y'" }, { "N", "'N'" }, { "~", "'~'" },
		{ "null", "'null'" }, { "true", "'true'" }, { "False", "'False'" },
		{ "42", "'42'" }, { "-1", "'-1'" }, { "0o17", "'0o17'" }, { "0x1F", "'0x1F'" },
		{ "1_000", "'1_000'" }, { "0b101", "'0b101'" }, { "1:20", "'1:20'" },
		{ "190:20:30.15", "'190:20:30.15'" }, { ".5", "'.5'" }, { "1.10", "'1.10'" },
		{ "1e5", "'1e5'" }, { ".inf", "'.inf'" }, { ".NaN", "'.NaN'" },
		{ "1.2.3", "'1.2.3'" }, { "2027-01-04", "'2027-01-04'" },
		{ "2027-01-04T10:00:00Z", "'2027-01-04T10:00:00Z'" },
		{ "2027-1-4 10:00:00 +8", "'2027-1-4 10:00:00 +8'" },
		{ "2027-01-04 meeting", "2027-01-04 meeting" }, { "12 apples", "12 apples" },
		{ "R-3", "R-3" }, { "CBM/R-3", "CBM/R-3" }, { "-x", "-x" }, { "- x", "'- x'" },
		{ "-", "'-'" }, { "?x", "'?x'" }, { ":x", "':x'" }, { "a: b", "'a: b'" },
		{ "a:b", "a:b" }, { "http://x.cn/a#b", "http://x.cn/a#b" },
		{ "a #b", "'a #b'" }, { "C#", "C#" }, { "ends:", "'ends:'" }, { "#x", "'#x'" },
		{ "&x", "'&x'" }, { "*x", "'*x'" }, { "!x", "'!x'" }, { "|x", "'|x'" },
		{ ">x", "'>x'" }, { "%x", "'%x'" }, { "@x", "'@x'" }, { "`x", "'`x'" },
		{ "[x]", "'[x]'" }, { "{x}", "'{x}'" }, { ",x", "',x'" }, { "x, y", "x, y" },
		{ "it's", "it's" }, { "'q'", "'''q'''" }, { "\"q\"", "'\"q\"'" },
		{ " lead", "' lead'" }, { "trail ", "'trail '" }, { "a\tb", "\"a\\tb\"" },
		{ "---", "'---'" }, { "...", "'...'" }, { "=", "'='" }, { "<<", "'<<'" },
		{ "bell\a", "\"bell\\a\"" }, { "del\x7f", "\"del\\x7F\"" },
		{ "nel\xC2\x85", "\"nel\\N\"" }, { "ls\xE2\x80\xA8", "\"ls\\L\"" },
		{ "cr\r", "\"cr\\r\"" }, { "esc\x1b", "\"esc\\e\"" },
		{ "100%", "100%" }, { "$100", "$100" }, { "09:30", "'09:30'" },
	};
	pmo_doc *doc;
	size_t i;

	cr_assert_eq(pmo_doc_new(&doc), 0);
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		char *got = emit_scalar(pmo_node_str(doc, table[i].in));
		cr_expect_str_eq(got, table[i].out, "emit(\"%s\")", table[i].in);
		free(got);
	}
	pmo_doc_free(doc);
}

Test(yaml, typed_scalars_are_written_as_their_text)
{
	pmo_doc *doc;
	char *got;

	cr_assert_eq(pmo_doc_new(&doc), 0);
	got = emit_scalar(pmo_node_scalar(doc, PMO_TAG_INT, "42", 2));
	cr_assert_str_eq(got, "42");
	free(got);
	got = emit_scalar(pmo_node_scalar(doc, PMO_TAG_FLOAT, "-1.5e3", 6));
	cr_assert_str_eq(got, "-1.5e3");
	free(got);
	got = emit_scalar(pmo_node_scalar(doc, PMO_TAG_BOOL, "true", 4));
	cr_assert_str_eq(got, "true");
	free(got);
	got = emit_scalar(pmo_node_scalar(doc, PMO_TAG_NULL, "~", 1));
	cr_assert_str_eq(got, "null");
	free(got);
	got = emit_scalar(pmo_node_scalar(doc, PMO_TAG_NULL, "", 0));
	cr_assert_str_eq(got, "null");
	free(got);
	pmo_doc_free(doc);
}

Test(yaml, invalid_utf8_strings_are_not_written)
{
	pmo_doc *doc;
	pmo_buf b = PMO_BUF_INIT;

	cr_assert_eq(pmo_doc_new(&doc), 0);
	cr_assert_eq(pmo_yaml_emit_scalar(&b, pmo_node_str(doc, "bad \xff")), PMO_EINVALID);
	pmo_buf_free(&b);
	pmo_doc_free(doc);
}

Test(yaml, canonical_document_is_written_exactly)
{
	pmo_doc *doc;
	pmo_node *root, *approvals, *a1, *tags, *empty_map, *empty_seq, *nested;
	char *got;

	cr_assert_eq(pmo_doc_new(&doc), 0);
	root = pmo_node_map(doc);
	pmo_map_append(doc, root, pmo_node_str(doc, "id"), pmo_node_str(doc, "CR-1"));
	pmo_map_append(doc, root, pmo_node_str(doc, "title"), pmo_node_str(doc, "延长UAT两周"));
	pmo_map_append(doc, root, pmo_node_str(doc, "cost"), pmo_node_scalar(doc, PMO_TAG_INT, "1200", 4));
	pmo_map_append(doc, root, pmo_node_str(doc, "date"), pmo_node_str(doc, "2027-01-04"));
	pmo_map_append(doc, root, pmo_node_str(doc, "answer"), pmo_node_str(doc, "no"));
	pmo_map_append(doc, root, pmo_node_str(doc, "none"), pmo_node_scalar(doc, PMO_TAG_NULL, "", 0));
	pmo_map_append(doc, root, pmo_node_str(doc, "description"),
		       pmo_node_str(doc, "第一行\n第二行\n"));
	pmo_map_append(doc, root, pmo_node_str(doc, "strip"), pmo_node_str(doc, "a\nb"));
	tags = pmo_node_seq(doc);
	pmo_seq_append(doc, tags, pmo_node_str(doc, "uat"));
	pmo_seq_append(doc, tags, pmo_node_str(doc, "yes"));
	pmo_map_append(doc, root, pmo_node_str(doc, "tags"), tags);
	approvals = pmo_node_seq(doc);
	a1 = pmo_node_map(doc);
	pmo_map_append(doc, a1, pmo_node_str(doc, "by"), pmo_node_str(doc, "wang-li"));
	pmo_map_append(doc, a1, pmo_node_str(doc, "comment"), pmo_node_str(doc, "同意\n请尽快\n"));
	nested = pmo_node_seq(doc);
	pmo_seq_append(doc, nested, pmo_node_str(doc, "x"));
	pmo_map_append(doc, a1, pmo_node_str(doc, "list"), nested);
	pmo_seq_append(doc, approvals, a1);
	pmo_seq_append(doc, approvals, pmo_node_str(doc, "plain"));
	pmo_map_append(doc, root, pmo_node_str(doc, "approvals"), approvals);
	empty_map = pmo_node_map(doc);
	empty_seq = pmo_node_seq(doc);
	pmo_map_append(doc, root, pmo_node_str(doc, "m"), empty_map);
	pmo_map_append(doc, root, pmo_node_str(doc, "s"), empty_seq);
	nested = pmo_node_map(doc);
	pmo_map_append(doc, nested, pmo_node_str(doc, "scope"), pmo_node_scalar(doc, PMO_TAG_INT, "2", 1));
	pmo_map_append(doc, root, pmo_node_str(doc, "impact"), nested);
	pmo_doc_set_root(doc, root);

	got = emit(root);
	cr_assert_str_eq(got,
		"id: CR-1\n"
		"title: 延长UAT两周\n"
		"cost: 1200\n"
		"date: '2027-01-04'\n"
		"answer: 'no'\n"
		"none: null\n"
		"description: |\n"
		"  第一行\n"
		"  第二行\n"
		"strip: |-\n"
		"  a\n"
		"  b\n"
		"tags:\n"
		"  - uat\n"
		"  - 'yes'\n"
		"approvals:\n"
		"  - by: wang-li\n"
		"    comment: |\n"
		"      同意\n"
		"      请尽快\n"
		"    list:\n"
		"      - x\n"
		"  - plain\n"
		"m: {}\n"
		"s: []\n"
		"impact:\n"
		"  scope: 2\n");
	free(got);
	pmo_doc_free(doc);
}

Test(yaml, root_shapes_are_written)
{
	pmo_doc *d;
	char *got;

	d = load("{}");
	got = emit(pmo_doc_root(d));
	cr_assert_str_eq(got, "{}\n");
	free(got);
	pmo_doc_free(d);
	d = load("[a, [b, c], {k: v, j: w}, []]");
	got = emit(pmo_doc_root(d));
	cr_assert_str_eq(got, "- a\n- - b\n  - c\n- k: v\n  j: w\n- []\n");
	free(got);
	pmo_doc_free(d);
	d = load("'yes'");
	got = emit(pmo_doc_root(d));
	cr_assert_str_eq(got, "'yes'\n");
	free(got);
	pmo_doc_free(d);
}

Test(yaml, canonical_text_is_a_fixed_point)
{
	const char *canon =
		"id: R-3\n"
		"title: 核心数据迁移丢失\n"
		"category: technical\n"
		"probability: 3\n"
		"ratio: 0.25\n"
		"active: true\n"
		"identified: '2027-01-04'\n"
		"owner: null\n"
		"cause: |\n"
		"  旧系统数据质量差\n"
		"  缺少校验\n"
		"response: 'yes'\n"
		"actions:\n"
		"  - text: 清洗数据\n"
		"    owner: wang-li\n"
		"    due: '2027-02-01'\n"
		"    done: false\n"
		"  - text: 'note: double check'\n"
		"    owner: zhao-min\n"
		"tags:\n"
		"  - migration\n"
		"  - - nested\n"
		"    - list\n"
		"meta: {}\n"
		"links: []\n"
		"\"quoted\\tkey\": x\n";
	pmo_doc *d = load(canon);
	char *got = emit(pmo_doc_root(d));

	cr_assert_str_eq(got, canon);
	free(got);
	pmo_doc_free(d);
}

/* Tricky strings for the round trips. */
static const char *const pool[] = {
	"", " ", "a", "yes", "No", "ON", "off", "y", "n", "~", "null", "Null", "true", "FALSE",
	"1", "-1", "+1", "0", "007", "0o17", "0x1F", "1_000", "0b101", "1:20", "10:30", "09:30",
	".5", "1.", "1e5", ".inf", "-.inf", ".nan", "2027-01-04", "2027-01-04T10:00:00Z",
	"2027-1-4 10:00:00", "1.2.3", "-", "- a", "-a", "? x", "?x", ":x", "a: b", "a #b",
	"a#b", "a:", "#x", "&x", "*x", "!x", "|", ">", "'q'", "\"q\"", "%x", "@x", "`x",
	"[a]", "{a}", ",", "a, b", "---", "...", "--- x", "tab\there", " lead", "trail ",
	"line1\nline2", "line1\nline2\n", "a\n\nb\n\n", "\n", "\nlead", " lead\nx",
	"x\n  indented\n", "ws\n   \nx", "x\n\ty\n", "ctrl\x01", "bell\a", "del\x7f",
	"核心数据迁移", "风险: 高", "中文\n第二行", "emoji 😀", "\xc2\x85 nel", "\xe2\x80\xa8 ls",
	"crlf\r\nx", "\r", "=", "<<", "it's", "a 'b' c", "a \"b\" c", "back\\slash",
	"# comment", "x # y", "ends with colon:", "http://x.y/z", "a:b", "1 day", "True",
	"00", "-0", "1,000", "$100", "100%", "x?", "a  b", "  ", "\t", "x\n", "x\n\n\n",
	"last line   \nx", "\xef\xbb\xbf" "bom", "q'\"mix",
};
#define POOL_N (sizeof(pool) / sizeof(pool[0]))

static uint32_t rng_state = 12345;
static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return (rng_state >> 8) % n;
}

static pmo_node *random_scalar(pmo_doc *doc)
{
	static const char *const nums[] = { "42", "-3", "0", "1.5", "-0.25", "1e3", "0x1F", "0o7" };
	const char *s;

	switch (rnd(8)) {
	case 0:
		s = nums[rnd(3)];
		return pmo_node_scalar(doc, PMO_TAG_INT, s, strlen(s));
	case 1:
		s = nums[rnd(8)];
		return pmo_node_scalar(doc, pmo_yaml_resolve(s, strlen(s)), s, strlen(s));
	case 2:
		s = rnd(2) ? "true" : "false";
		return pmo_node_scalar(doc, PMO_TAG_BOOL, s, strlen(s));
	case 3:
		return pmo_node_scalar(doc, PMO_TAG_NULL, "", 0);
	default:
		return pmo_node_str(doc, pool[rnd(POOL_N)]);
	}
}

static pmo_node *random_tree(pmo_doc *doc, int depth)
{
	uint32_t k = depth <= 0 ? 0 : rnd(3), n, i;
	pmo_node *node;

	if (k == 0)
		return random_scalar(doc);
	n = rnd(5);
	if (k == 1) {
		node = pmo_node_seq(doc);
		for (i = 0; i < n; i++)
			cr_assert_eq(pmo_seq_append(doc, node, random_tree(doc, depth - 1)), 0);
		return node;
	}
	node = pmo_node_map(doc);
	for (i = 0; i < n; i++) {
		const char *key = pool[rnd(POOL_N)];
		if (pmo_map_pair(node, key))
			continue;
		cr_assert_eq(pmo_map_append(doc, node, pmo_node_str(doc, key),
					    random_tree(doc, depth - 1)), 0);
	}
	return node;
}

Test(yaml, emitted_trees_load_back_equal_and_reemit_identically)
{
	int round;

	for (round = 0; round < 600; round++) {
		pmo_doc *doc, *back, *back2;
		pmo_node *root;
		char *text, *again;

		cr_assert_eq(pmo_doc_new(&doc), 0);
		root = random_tree(doc, 1 + round % 4);
		text = emit(root);
		cr_assert_eq(pmo_yaml_load(&back, "rt.yaml", text, strlen(text), NULL), 0,
			     "round %d: %s\n%s", round, pmo_error_last()->message, text);
		cr_assert(pmo_node_equal(pmo_doc_root(back), root), "round %d:\n%s", round, text);
		again = emit(pmo_doc_root(back));
		cr_assert_str_eq(again, text, "round %d", round);
		cr_assert_eq(pmo_yaml_load(&back2, "rt.yaml", again, strlen(again), NULL), 0);
		free(again);
		free(text);
		pmo_doc_free(back2);
		pmo_doc_free(back);
		pmo_doc_free(doc);
	}
}

Test(yaml, every_tricky_string_round_trips_as_value_key_and_item)
{
	size_t i;

	for (i = 0; i < POOL_N; i++) {
		pmo_doc *doc, *back;
		pmo_node *root, *seq;
		char *text;

		cr_assert_eq(pmo_doc_new(&doc), 0);
		root = pmo_node_map(doc);
		seq = pmo_node_seq(doc);
		pmo_seq_append(doc, seq, pmo_node_str(doc, pool[i]));
		pmo_map_append(doc, root, pmo_node_str(doc, "v"), pmo_node_str(doc, pool[i]));
		pmo_map_append(doc, root, pmo_node_str(doc, pool[i][0] == 'v' ? "vv" : pool[i]),
			       pmo_node_str(doc, "k"));
		pmo_map_append(doc, root, pmo_node_str(doc, "s"), seq);
		text = emit(root);
		cr_assert_eq(pmo_yaml_load(&back, "rt.yaml", text, strlen(text), NULL), 0,
			     "string %zu: %s\n%s", i, pmo_error_last()->message, text);
		cr_assert(pmo_node_equal(pmo_doc_root(back), root), "string %zu:\n%s", i, text);
		free(text);
		pmo_doc_free(back);
		pmo_doc_free(doc);
	}
}

/* --- minimal edits -------------------------------------------------------------- */

static const char *record =
	"# yaml-language-server: $schema=../../schemas/risk.json\n"
	"id: R-3\n"
	"title: \"核心数据迁移丢失\"   # keep this comment\n"
	"probability: 3 # 1-5\n"
	"impact:    4\n"
	"owner: 'wang-li'\n"
	"cause: |\n"
	"  旧系统数据质量差\n"
	"\n"
	"tags: [migration, data]\n"
	"actions:\n"
	"  - text: 清洗数据\n"
	"    due: 2027-02-01\n"
	"# the end\n"
	"status: open\n";

/* src with the first `from` replaced by `to`. */
static char *replaced(const char *src, const char *from, const char *to)
{
	const char *p = strstr(src, from);
	pmo_buf b = PMO_BUF_INIT;

	cr_assert_not_null(p, "no \"%s\" in the source", from);
	pmo_buf_put(&b, src, (size_t)(p - src));
	pmo_buf_puts(&b, to);
	pmo_buf_puts(&b, p + strlen(from));
	return pmo_buf_detach(&b);
}

Test(yaml, setting_a_scalar_changes_only_its_bytes)
{
	pmo_doc *vd;
	const pmo_node *v = value_of(&vd, "x: 5\n");
	char *got = edit_set(record, "probability", v, NULL);
	char *want = replaced(record, "probability: 3 # 1-5", "probability: 5 # 1-5");

	cr_assert_str_eq(got, want);
	cr_assert_eq(changed_lines(record, got), 1);
	free(want);
	free(got);
	pmo_doc_free(vd);
}

Test(yaml, setting_a_string_keeps_spacing_quoting_elsewhere_and_comment)
{
	static const struct { const char *key, *value, *from, *to; } cases[] = {
		{ "title", "数据迁移: 部分丢失", "title: \"核心数据迁移丢失\"   # keep",
		  "title: '数据迁移: 部分丢失'   # keep" },
		{ "impact", "2027-03-01", "impact:    4", "impact:    '2027-03-01'" },
		{ "owner", "zhao-min", "owner: 'wang-li'", "owner: zhao-min" },
		{ "status", "closed", "status: open", "status: closed" },
		{ "id", "it's", "id: R-3", "id: it's" },
		{ "probability", "", "probability: 3 #", "probability: '' #" },
	};
	pmo_doc *doc;
	size_t i;

	cr_assert_eq(pmo_doc_new(&doc), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = edit_set(record, cases[i].key, pmo_node_str(doc, cases[i].value), NULL);
		char *want = replaced(record, cases[i].from, cases[i].to);
		cr_expect_str_eq(got, want, "set %s", cases[i].key);
		cr_expect_eq(changed_lines(record, got), 1);
		free(want);
		free(got);
	}
	pmo_doc_free(doc);
}

Test(yaml, setting_an_empty_value_adds_a_space)
{
	pmo_doc *doc;
	char *got;

	cr_assert_eq(pmo_doc_new(&doc), 0);
	got = edit_set("a: 1\nowner:\nb: 2\n", "owner", pmo_node_str(doc, "王丽"), NULL);
	cr_assert_str_eq(got, "a: 1\nowner: 王丽\nb: 2\n");
	free(got);
	got = edit_set("a: 1\nowner:   # who\nb: 2\n", "owner", pmo_node_str(doc, "x"), NULL);
	cr_assert_str_eq(got, "a: 1\nowner: x   # who\nb: 2\n");
	free(got);
	pmo_doc_free(doc);
}

Test(yaml, inserting_goes_after_the_named_key)
{
	pmo_doc *doc;
	char *got;
	const char *src = "id: R-1\nimpact:\n  scope: 2\n  cost: 3\nstatus: open # s\n";

	cr_assert_eq(pmo_doc_new(&doc), 0);
	got = edit_set(src, "owner", pmo_node_str(doc, "wang-li"), "impact");
	cr_assert_str_eq(got, "id: R-1\nimpact:\n  scope: 2\n  cost: 3\nowner: wang-li\nstatus: open # s\n");
	free(got);
	got = edit_set(src, "owner", pmo_node_str(doc, "wang-li"), "status");
	cr_assert_str_eq(got, "id: R-1\nimpact:\n  scope: 2\n  cost: 3\nstatus: open # s\nowner: wang-li\n");
	free(got);
	got = edit_set("# header\nid: R-1\n", "kind", pmo_node_str(doc, "risk"), NULL);
	cr_assert_str_eq(got, "# header\nkind: risk\nid: R-1\n");
	free(got);
	got = edit_set("id: R-1\n", "kind", pmo_node_str(doc, "risk"), "absent");
	cr_assert_str_eq(got, "kind: risk\nid: R-1\n");
	free(got);
	got = edit_set("id: R-1", "date", pmo_node_str(doc, "2027-01-04"), "id");
	cr_assert_str_eq(got, "id: R-1\ndate: '2027-01-04'\n");
	free(got);
	pmo_doc_free(doc);
}

Test(yaml, inserting_a_collection_writes_a_block)
{
	pmo_doc *vd;
	const pmo_node *v = value_of(&vd, "x: [{by: wang-li, decision: approved}]\n");
	char *got = edit_set("id: CR-1\nstatus: draft\n", "approvals", v, "id");

	cr_assert_str_eq(got, "id: CR-1\napprovals:\n  - by: wang-li\n    decision: approved\nstatus: draft\n");
	free(got);
	pmo_doc_free(vd);
}

Test(yaml, removing_deletes_the_entry_lines)
{
	char *got;

	got = edit_remove(record, "actions");
	cr_assert(strstr(got, "tags: [migration, data]\n# the end\nstatus: open\n") != NULL, "%s", got);
	cr_assert_null(strstr(got, "清洗数据"));
	free(got);
	got = edit_remove(record, "cause");
	cr_assert(strstr(got, "owner: 'wang-li'\n\ntags:") != NULL, "%s", got);
	free(got);
	got = edit_remove("a: 1\nb: 2\n", "a");
	cr_assert_str_eq(got, "b: 2\n");
	free(got);
	got = edit_remove("a: 1\nb: 2\n", "zz");
	cr_assert_str_eq(got, "a: 1\nb: 2\n");
	free(got);
	got = edit_remove("# only\na: 1\n", "a");
	cr_assert_str_eq(got, "# only\n{}\n");
	free(got);
}

Test(yaml, replacing_a_block_scalar_rewrites_its_lines)
{
	pmo_doc *doc;
	char *got;
	const char *src = "id: R-1\ncause: |\n  old line 1\n  old line 2\n\nnext: 1\n";

	cr_assert_eq(pmo_doc_new(&doc), 0);
	got = edit_set(src, "cause", pmo_node_str(doc, "新原因\n第二行\n"), NULL);
	cr_assert_str_eq(got, "id: R-1\ncause: |\n  新原因\n  第二行\n\nnext: 1\n");
	free(got);
	got = edit_set(src, "cause", pmo_node_str(doc, "short"), NULL);
	cr_assert_str_eq(got, "id: R-1\ncause: short\n\nnext: 1\n");
	free(got);
	got = edit_set("id: R-1\ncause: one line # c\nnext: 1\n", "cause",
		       pmo_node_str(doc, "two\nlines"), NULL);
	cr_assert_str_eq(got, "id: R-1\ncause: |-\n  two\n  lines\nnext: 1\n");
	free(got);
	pmo_doc_free(doc);
}

Test(yaml, replacing_a_collection_rewrites_its_lines)
{
	pmo_doc *vd;
	const pmo_node *v = value_of(&vd, "x: [a, 'yes']\n");
	char *got;

	/* a flow sequence stays a flow sequence (issue 8) */
	got = edit_set(record, "tags", v, NULL);
	cr_assert(strstr(got, "\n\ntags: [a, 'yes']\nactions:\n") != NULL, "%s", got);
	free(got);
	got = edit_set(record, "actions", v, NULL);
	cr_assert(strstr(got, "\nactions:\n  - a\n  - 'yes'\n# the end\n") != NULL, "%s", got);
	free(got);
	got = edit_set(record, "actions", pmo_map_get(pmo_doc_root(vd), "x")->items[0], NULL);
	cr_assert(strstr(got, "\nactions: a\n# the end\n") != NULL, "%s", got);
	free(got);
	pmo_doc_free(vd);
}

Test(yaml, crlf_files_keep_crlf_on_new_lines)
{
	pmo_doc *doc, *vd;
	const pmo_node *v = value_of(&vd, "x:\n  scope: 2\n  cost: 1\n");
	char *got;

	cr_assert_eq(pmo_doc_new(&doc), 0);
	got = edit_set("id: R-1\r\nstatus: open\r\n", "owner", pmo_node_str(doc, "wang-li"), "id");
	cr_assert_str_eq(got, "id: R-1\r\nowner: wang-li\r\nstatus: open\r\n");
	free(got);
	got = edit_set("id: R-1\r\nstatus: open\r\n", "status", pmo_node_str(doc, "closed"), NULL);
	cr_assert_str_eq(got, "id: R-1\r\nstatus: closed\r\n");
	free(got);
	got = edit_set("id: R-1\r\nimpact: 3\r\nstatus: open\r\n", "impact", v, NULL);
	cr_assert_str_eq(got, "id: R-1\r\nimpact:\r\n  scope: 2\r\n  cost: 1\r\nstatus: open\r\n");
	free(got);
	got = edit_set("id: R-1\r\nnote: x\r\n", "note", pmo_node_str(doc, "一\n二\n"), NULL);
	cr_assert_str_eq(got, "id: R-1\r\nnote: |\r\n  一\r\n  二\r\n");
	free(got);
	pmo_doc_free(vd);
	pmo_doc_free(doc);
}

Test(yaml, chinese_values_are_written_as_themselves)
{
	pmo_doc *doc;
	char *got;
	const char *src = "标题: 旧的\n负责人: 王丽\n";

	cr_assert_eq(pmo_doc_new(&doc), 0);
	got = edit_set(src, "标题", pmo_node_str(doc, "核心数据迁移丢失"), NULL);
	cr_assert_str_eq(got, "标题: 核心数据迁移丢失\n负责人: 王丽\n");
	free(got);
	got = edit_set(src, "状态", pmo_node_str(doc, "进行中"), "标题");
	cr_assert_str_eq(got, "标题: 旧的\n状态: 进行中\n负责人: 王丽\n");
	free(got);
	pmo_doc_free(doc);
}

Test(yaml, flow_root_is_edited_in_place_and_empty_one_canonical)
{
	pmo_doc *doc;
	char *got;

	cr_assert_eq(pmo_doc_new(&doc), 0);
	/* minimal writes hold for flow mappings too (issue 8) */
	got = edit_set("{id: R-1, status: open} # c\n", "status", pmo_node_str(doc, "closed"), NULL);
	cr_assert_str_eq(got, "{id: R-1, status: closed} # c\n");
	free(got);
	got = edit_set("{id: R-1, status: open}\n", "owner", pmo_node_str(doc, "a, b"), "id");
	cr_assert_str_eq(got, "{id: R-1, owner: 'a, b', status: open}\n");
	free(got);
	got = edit_set("{id: R-1, status: open}\n", "area", pmo_node_str(doc, "x"), NULL);
	cr_assert_str_eq(got, "{area: x, id: R-1, status: open}\n");
	free(got);
	got = edit_set("{}\n", "id", pmo_node_str(doc, "R-2"), NULL);
	cr_assert_str_eq(got, "id: R-2\n");
	free(got);
	pmo_doc_free(doc);
}

Test(yaml, built_documents_are_edited_canonically)
{
	pmo_doc *doc;
	pmo_node *root;
	pmo_buf b = PMO_BUF_INIT;

	cr_assert_eq(pmo_doc_new(&doc), 0);
	root = pmo_node_map(doc);
	pmo_map_append(doc, root, pmo_node_str(doc, "id"), pmo_node_str(doc, "R-1"));
	pmo_doc_set_root(doc, root);
	cr_assert_eq(pmo_yaml_edit_set(&b, doc, "title", pmo_node_str(doc, "yes"), "id"), 0);
	cr_assert_str_eq(b.ptr, "id: R-1\ntitle: 'yes'\n");
	pmo_buf_free(&b);
	pmo_doc_free(doc);
}

Test(yaml, long_keys_are_written_as_explicit_keys)
{
	pmo_doc *doc, *back;
	pmo_node *root, *seq, *item, *inner;
	char key[1501];
	char *text;

	memset(key, 'k', 1500);
	key[1500] = '\0';
	cr_assert_eq(pmo_doc_new(&doc), 0);
	root = pmo_node_map(doc);
	seq = pmo_node_seq(doc);
	item = pmo_node_map(doc);
	inner = pmo_node_map(doc);
	pmo_map_append(doc, inner, pmo_node_str(doc, "a"), pmo_node_str(doc, "1 2"));
	pmo_map_append(doc, item, pmo_node_str(doc, key), inner);
	pmo_seq_append(doc, seq, item);
	pmo_map_append(doc, root, pmo_node_str(doc, key), pmo_node_str(doc, "v"));
	pmo_map_append(doc, root, pmo_node_str(doc, "s"), seq);
	text = emit(root);
	cr_assert_eq(strncmp(text, "? kkk", 5), 0);
	cr_assert(strstr(text, "k\n: v\ns:\n  - ? kkk") != NULL);
	cr_assert(strstr(text, "k\n    :\n      a: 1 2\n") != NULL, "%s", strstr(text, "s:"));
	cr_assert_eq(pmo_yaml_load(&back, "long.yaml", text, strlen(text), NULL), 0,
		     "%s", pmo_error_last()->message);
	cr_assert(pmo_node_equal(pmo_doc_root(back), root));
	free(text);
	pmo_doc_free(back);
	pmo_doc_free(doc);
}

/* --- minimal edits inside a list of mappings -------------------------------------- */

static const char plan_text[] =
	"# the plan\n"
	"tasks:\n"
	"  - id: T-1\n"
	"    title: 需求分析   # kept\n"
	"    duration: 10\n"
	"  - id: T-2\n"
	"    title: \"系统设计\"\n"
	"    depends: [T-1]\n"
	"# after the tasks\n"
	"baselines: {}\n";

static char *edit_task(const char *src, size_t item, const char *key, const pmo_node *value,
		       const char *after)
{
	pmo_doc *doc = load(src);
	pmo_buf b = PMO_BUF_INIT;
	const pmo_node *map = pmo_map_get(pmo_doc_root(doc), "tasks")->items[item];
	int rc = value ? pmo_yaml_edit_map_set(&b, doc, map, key, value, after)
		       : pmo_yaml_edit_map_remove(&b, doc, map, key);

	cr_assert_eq(rc, 0, "edit failed: %s", rc < 0 ? pmo_error_last()->message : "");
	pmo_doc_free(doc);
	return pmo_buf_detach(&b);
}

Test(yaml, a_field_of_one_list_item_changes_only_its_line)
{
	pmo_doc *doc;
	char *got;

	cr_assert_eq(pmo_doc_new(&doc), 0);
	got = edit_task(plan_text, 0, "duration", pmo_node_scalar(doc, PMO_TAG_INT, "12", 2), NULL);
	cr_assert_eq(changed_lines(got, plan_text), 1, "%s", got);
	cr_assert(strstr(got, "    duration: 12\n  - id: T-2\n") != NULL, "%s", got);
	free(got);
	got = edit_task(plan_text, 1, "progress", pmo_node_scalar(doc, PMO_TAG_INT, "40", 2), "title");
	cr_assert_str_eq(got,
		"# the plan\ntasks:\n  - id: T-1\n    title: 需求分析   # kept\n    duration: 10\n"
		"  - id: T-2\n    title: \"系统设计\"\n    progress: 40\n    depends: [T-1]\n"
		"# after the tasks\nbaselines: {}\n");
	free(got);
	/* no `after`: at the end of that item, not before its first key */
	got = edit_task(plan_text, 1, "notes", pmo_node_str(doc, "2027-01-18"), NULL);
	cr_assert(strstr(got, "    depends: [T-1]\n    notes: '2027-01-18'\n# after") != NULL, "%s", got);
	free(got);
	pmo_doc_free(doc);
}

Test(yaml, a_field_of_one_list_item_is_removed_with_its_lines)
{
	char *got = edit_task(plan_text, 1, "depends", NULL, NULL);

	cr_assert_str_eq(got,
		"# the plan\ntasks:\n  - id: T-1\n    title: 需求分析   # kept\n    duration: 10\n"
		"  - id: T-2\n    title: \"系统设计\"\n# after the tasks\nbaselines: {}\n");
	free(got);
}

Test(yaml, appending_to_a_list_adds_canonical_lines_after_its_last_item)
{
	pmo_doc *vd, *doc = load(plan_text);
	const pmo_node *item = value_of(&vd, "x: {id: T-3, title: 设计评审通过, milestone: true, depends: [T-2]}\n");
	pmo_buf b = PMO_BUF_INIT;

	cr_assert_eq(pmo_yaml_edit_seq_append(&b, doc, pmo_map_get(pmo_doc_root(doc), "tasks"), item), 0);
	cr_assert_str_eq(pmo_buf_cstr(&b),
		"# the plan\ntasks:\n  - id: T-1\n    title: 需求分析   # kept\n    duration: 10\n"
		"  - id: T-2\n    title: \"系统设计\"\n    depends: [T-1]\n"
		"  - id: T-3\n    title: 设计评审通过\n    milestone: true\n    depends:\n      - T-2\n"
		"# after the tasks\nbaselines: {}\n");
	pmo_buf_free(&b);
	pmo_doc_free(doc);
	/* a flow list cannot take a line: the document is written whole */
	doc = load("tasks: [{id: T-1, title: a}]\n");
	cr_assert_eq(pmo_yaml_edit_seq_append(&b, doc, pmo_map_get(pmo_doc_root(doc), "tasks"), item), 0);
	cr_assert_str_eq(pmo_buf_cstr(&b),
		"tasks:\n  - id: T-1\n    title: a\n  - id: T-3\n    title: 设计评审通过\n"
		"    milestone: true\n    depends:\n      - T-2\n");
	pmo_buf_free(&b);
	pmo_doc_free(doc);
	pmo_doc_free(vd);
}

/* --- regressions found by fuzz/yaml_load -------------------------------- */

/* fuzz: "~: \n j" was written back as "null: j", a different key */
Test(yaml, null_spelled_keys_keep_their_text_when_emitted)
{
	static const char *const srcs[] = { "~: \n j", "Null: 1\nNULL: 2\n", "? \n: x\n" };
	size_t i;

	for (i = 0; i < sizeof(srcs) / sizeof(srcs[0]); i++) {
		pmo_doc *doc = load(srcs[i]), *back;
		char *out = emit(pmo_doc_root(doc));
		back = load(out);
		cr_expect(pmo_node_equal(pmo_doc_root(doc), pmo_doc_root(back)), "%s -> %s",
			  srcs[i], out);
		cr_expect_str_eq(pmo_doc_root(back)->pairs[0].key->str,
				 pmo_doc_root(doc)->pairs[0].key->str);
		pmo_doc_free(back);
		free(out);
		pmo_doc_free(doc);
	}
}

/* pmo_yaml_edit_map_put on the first mapping item of "tasks" (NULL: the
 * root), with the order of the keys of order_src. */
static char *put(const char *src, int item, const char *key, const char *value,
		 const char *order_src)
{
	pmo_doc *doc = load(src), *od = load(order_src), *vd;
	const pmo_node *map = item ? pmo_map_get(pmo_doc_root(doc), "tasks")->items[0] : NULL;
	pmo_buf b = PMO_BUF_INIT;
	int rc;

	cr_assert_eq(pmo_doc_new(&vd), 0);
	rc = pmo_yaml_edit_map_put(&b, doc, map, key, pmo_node_str(vd, value), pmo_doc_root(od));
	cr_assert_eq(rc, 0, "edit failed: %s", rc < 0 ? pmo_error_last()->message : "");
	pmo_doc_free(doc);
	pmo_doc_free(od);
	pmo_doc_free(vd);
	return pmo_buf_detach(&b);
}

Test(yaml, map_put_places_a_new_key_before_the_first_key_that_follows_it)
{
	const char *order = "{id: 1, title: 1, duration: 1, status: 1}\n";
	char *got;

	/* the comment above status stays above it */
	got = put("# head\nid: R-1\n# about status\nstatus: open\n", 0, "title", "t", order);
	cr_assert_str_eq(got, "# head\nid: R-1\ntitle: t\n# about status\nstatus: open\n");
	free(got);
	/* first of the root: below the header */
	got = put("# head\ntitle: t\n", 0, "id", "R-1", order);
	cr_assert_str_eq(got, "# head\nid: R-1\ntitle: t\n");
	free(got);
	/* a key the order does not name goes last */
	got = put("id: R-1\nstatus: open\n", 0, "area", "x", order);
	cr_assert_str_eq(got, "id: R-1\nstatus: open\narea: x\n");
	free(got);
	/* in a sequence item, block or flow */
	got = put("tasks:\n  - id: T-1\n    duration: 3\n  - id: T-2\n", 1, "title", "t", order);
	cr_assert_str_eq(got, "tasks:\n  - id: T-1\n    title: t\n    duration: 3\n  - id: T-2\n");
	free(got);
	got = put("tasks:\n  - {id: T-1, duration: 3} # c\n", 1, "title", "a, b", order);
	cr_assert_str_eq(got, "tasks:\n  - {id: T-1, title: 'a, b', duration: 3} # c\n");
	free(got);
}

Test(yaml, canonical_text_keeps_comments_with_their_nodes)
{
	pmo_doc *doc = load("# head\n\nb: 1 # one\n# above a\na:\n  # above x\n  - x\n  - [y] # flow\n# end\n");
	pmo_doc *sd = load("properties: {a: {}, b: {}}\n");
	pmo_buf b = PMO_BUF_INIT;

	cr_assert_eq(pmo_yaml_canonical(&b, doc, pmo_doc_root(sd)), 0);
	cr_assert_str_eq(b.ptr, "# head\n# above a\na:\n  # above x\n  - x\n  # flow\n  - - 'y'\nb: 1 # one\n# end\n");
	pmo_buf_free(&b);
	pmo_doc_free(doc);
	pmo_doc_free(sd);
}
