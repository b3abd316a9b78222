/*
 * The official JSON-Schema-Test-Suite (Debian package json-schema-test-suite)
 * for draft-07: every case of every required file must pass; the optional
 * files are run and counted but do not fail the test. Remote references to
 * http://localhost:1234/ are served from the suite's remotes/ folder and the
 * draft-07 meta-schema from tests/data/draft-07-schema.json.
 */
#include <criterion/criterion.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema/schema.h"
#include "util/error.h"
#include "util/fs.h"

#define SUITE "/usr/share/json-schema-test-suite"
#define DRAFT7 SUITE "/tests/draft7"
#define REMOTE_BASE "http://localhost:1234/"
#define META_URI "http://json-schema.org/draft-07/schema"

static const char *testdata(void)
{
	const char *d = getenv("PMO_TESTDATA");

	/* the source tree's, also when the binary is run by hand */
	return d && *d ? d : PMO_TESTDATA_DIR;
}

static int loader(pmo_buf *out, const char *uri, void *payload)
{
	char *path = NULL;
	int error;

	(void)payload;
	if (strncmp(uri, REMOTE_BASE, strlen(REMOTE_BASE)) == 0)
		path = pmo_path_join(SUITE "/remotes", uri + strlen(REMOTE_BASE));
	else if (strcmp(uri, META_URI) == 0)
		path = pmo_path_join(testdata(), "draft-07-schema.json");
	else
		return pmo_error_set(PMO_ENOTFOUND, "no such remote schema \"%s\"", uri);
	if (!path)
		return PMO_ENOMEM;
	error = pmo_fs_read(out, path, 0);
	free(path);
	return error;
}

typedef struct {
	size_t cases, passed;
	pmo_buf failures; /* one line per failing case */
} tally;

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.json files of dir (sorted, relative to dir), recursing into
 * subfolders when deep is set; names are prefixed with prefix. */
static void list_json(char ***names, size_t *n, const char *dir, const char *prefix, int deep)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	cr_assert_not_null(d, "cannot open %s (is json-schema-test-suite installed?)", dir);
	while ((e = readdir(d))) {
		char *full, *rel;
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.')
			continue;
		full = pmo_path_join(dir, e->d_name);
		rel = *prefix ? pmo_path_join(prefix, e->d_name) : strdup(e->d_name);
		cr_assert(full && rel);
		if (pmo_fs_is_dir(full)) {
			if (deep)
				list_json(names, n, full, rel, deep);
			free(rel);
		} else if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0) {
			*names = realloc(*names, (*n + 1) * sizeof(**names));
			cr_assert_not_null(*names);
			(*names)[(*n)++] = rel;
		} else {
			free(rel);
		}
		free(full);
	}
	closedir(d);
	qsort(*names, *n, sizeof(**names), cmp_names);
}

static void run_file(tally *t, const char *dir, const char *rel)
{
	pmo_yaml_limits limits = { .max_bytes = PMO_YAML_MAX_BYTES, .max_depth = 512 };
	pmo_buf raw = PMO_BUF_INIT, text = PMO_BUF_INIT;
	pmo_doc *doc = NULL;
	const pmo_node *root;
	char *path = pmo_path_join(dir, rel);
	size_t g, i;

	cr_assert_not_null(path);
	cr_assert_eq(pmo_fs_read(&raw, path, 0), 0, "cannot read %s", path);
	/* JSON's surrogate pairs (maxLength.json, minLength.json) are not
	 * YAML: rewrite them as \U escapes first */
	cr_assert_eq(pmo_schema_fix_surrogates(&text, raw.ptr, raw.len), 0);
	if (pmo_yaml_load(&doc, path, text.ptr, text.len, &limits) < 0)
		cr_assert_fail("cannot load %s: %s", rel, pmo_error_last()->message);
	root = pmo_doc_root(doc);
	cr_assert_eq(root->kind, PMO_NODE_SEQ, "%s is not an array of groups", rel);
	for (g = 0; g < root->n; g++) {
		const pmo_node *group = root->items[g];
		const pmo_node *tests = pmo_map_get(group, "tests");
		const char *gdesc = pmo_node_text(pmo_map_get(group, "description"));
		pmo_schema_set *set = NULL;
		pmo_schema *schema = NULL;
		int added;

		cr_assert_eq(pmo_schema_set_new(&set), 0);
		pmo_schema_set_loader(set, loader, NULL);
		added = pmo_schema_add_node(&schema, set, NULL, pmo_map_get(group, "schema"));
		for (i = 0; tests && i < tests->n; i++) {
			const pmo_node *tc = tests->items[i];
			const char *desc = pmo_node_text(pmo_map_get(tc, "description"));
			const char *want = pmo_node_text(pmo_map_get(tc, "valid"));
			int valid = want && strcmp(want, "true") == 0;
			pmo_findings res = { 0 };
			int rc = added < 0 ? added
					   : pmo_schema_validate(&res, schema, pmo_map_get(tc, "data"));
			t->cases++;
			if (rc == 0 && (res.n == 0) == valid) {
				t->passed++;
			} else {
				pmo_buf_printf(&t->failures, "  %s: %s / %s: ", rel, gdesc, desc);
				if (rc < 0)
					pmo_buf_printf(&t->failures, "error: %s\n", pmo_error_last()->message);
				else
					pmo_buf_printf(&t->failures, "expected %s, got %s%s%s\n",
						       valid ? "valid" : "invalid",
						       res.n ? "invalid: " : "valid",
						       res.n ? res.items[0].message : "", "");
			}
			pmo_findings_free(&res);
		}
		pmo_schema_set_free(set);
	}
	pmo_doc_free(doc);
	pmo_buf_free(&raw);
	pmo_buf_free(&text);
	free(path);
}

static void run_dir(tally *t, const char *dir, int deep)
{
	char **names = NULL;
	size_t n = 0, i;

	list_json(&names, &n, dir, "", deep);
	cr_assert_gt(n, 0, "no test files in %s", dir);
	for (i = 0; i < n; i++) {
		run_file(t, dir, names[i]);
		free(names[i]);
	}
	free(names);
}

Test(schema_suite, draft7_every_required_case_passes)
{
	tally t = { 0, 0, PMO_BUF_INIT };

	run_dir(&t, DRAFT7, 0);
	fprintf(stderr, "draft7: %zu of %zu cases pass\n", t.passed, t.cases);
	if (t.passed != t.cases)
		fprintf(stderr, "failing cases:\n%s", pmo_buf_cstr(&t.failures));
	pmo_buf_free(&t.failures);
	cr_expect_gt(t.cases, 300, "too few cases found: %zu", t.cases);
	cr_assert_eq(t.passed, t.cases, "%zu of %zu draft7 cases fail", t.cases - t.passed, t.cases);
}

Test(schema_suite, draft7_optional_cases_run_and_are_counted)
{
	tally t = { 0, 0, PMO_BUF_INIT };

	run_dir(&t, DRAFT7 "/optional", 1);
	fprintf(stderr, "draft7 optional: %zu of %zu cases pass\n", t.passed, t.cases);
	if (t.passed != t.cases && getenv("PMO_SUITE_VERBOSE"))
		fprintf(stderr, "failing optional cases:\n%s", pmo_buf_cstr(&t.failures));
	pmo_buf_free(&t.failures);
	/* optional cases do not fail the suite, but they must all have run */
	cr_assert_gt(t.cases, 100, "too few optional cases found: %zu", t.cases);
	cr_assert_leq(t.passed, t.cases);
}
