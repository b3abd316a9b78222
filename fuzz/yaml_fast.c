/*
 * libFuzzer target: the contract of pmo's fast YAML reader (yaml.h,
 * pmo_yaml_load_with) on arbitrary bytes. Whenever FAST accepts a text its
 * tree must be LIBYAML's in every field of every node; FAST must decline
 * (return 1, *out untouched, no error set) every text LIBYAML refuses; AUTO
 * and pmo_yaml_load must give LIBYAML's result exactly: return code, tree,
 * and on error the same pmo_error_last(). Checked with the default limits
 * (an empty file allowed) and with max_depth 4. A violation prints the
 * input as a C string literal and what differs, and aborts.
 *
 * The tree comparison is tests/test_yaml_fast.c's tree_diff, smaller: the
 * test suite and the fuzzer are built apart (the fuzzer with -Dtests=false).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/buf.h"
#include "util/error.h"
#include "yaml/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *input;
static size_t input_len;

static void put_literal(FILE *f, const char *s, size_t n)
{
	size_t i;

	fputc('"', f);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			fputs("\\n", f);
		else if (c == '\\' || c == '"')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7F)
			fprintf(f, "\\%03o", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void violation(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void violation(const char *fmt, ...)
{
	va_list ap;

	fputs("yaml_fast fuzz: contract broken: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n  input: ", stderr);
	put_literal(stderr, (const char *)input, input_len);
	fputc('\n', stderr);
	abort();
}

static const char *path_of(const pmo_buf *p)
{
	return p->len ? p->ptr : "$";
}

/* The first difference between a (LIBYAML's) and b (the other reader's)
 * aborts, naming the node ($ the root, [i] an item, .key[i] the key of pair
 * i, .value[i] its value) and the field. */
static void node_diff(const char *who, const pmo_node *a, const pmo_node *b, pmo_buf *path)
{
	size_t i, at = path->len;

	if (!a || !b) {
		if (a != b)
			violation("%s tree at %s: node %s vs %s", who, path_of(path),
				  a ? "present" : "NULL", b ? "present" : "NULL");
		return;
	}
#define FIELD(f, fmt)                                                                  \
	if (a->f != b->f)                                                              \
		violation("%s tree at %s: " #f " libyaml " fmt ", %s " fmt, who,         \
			  path_of(path), a->f, who, b->f)
	FIELD(kind, "%d");
	FIELD(tag, "%d");
	FIELD(style, "%d");
	FIELD(line, "%" PRIu32);
	FIELD(col, "%" PRIu32);
	FIELD(start, "%" PRIu32);
	FIELD(end, "%" PRIu32);
	FIELD(len, "%" PRIu32);
	FIELD(n, "%" PRIu32);
#undef FIELD
	if (!a->str != !b->str)
		violation("%s tree at %s: str %s vs %s", who, path_of(path), a->str ? "set" : "NULL",
			  b->str ? "set" : "NULL");
	if (a->str && (memcmp(a->str, b->str, a->len) != 0 || b->str[b->len] != '\0')) {
		fprintf(stderr, "libyaml str: ");
		put_literal(stderr, a->str, a->len);
		fprintf(stderr, "\n%s str: ", who);
		put_literal(stderr, b->str, b->len);
		fputc('\n', stderr);
		violation("%s tree at %s: str differs", who, path_of(path));
	}
	if (a->kind == PMO_NODE_SEQ && a->n && !b->items)
		violation("%s tree at %s: items NULL", who, path_of(path));
	if (a->kind == PMO_NODE_MAP && a->n && !b->pairs)
		violation("%s tree at %s: pairs NULL", who, path_of(path));
	for (i = 0; a->kind == PMO_NODE_SEQ && i < a->n; i++) {
		pmo_buf_printf(path, "%s[%zu]", at ? "" : "$", i);
		node_diff(who, a->items[i], b->items[i], path);
		pmo_buf_truncate(path, at);
	}
	for (i = 0; a->kind == PMO_NODE_MAP && i < a->n; i++) {
		pmo_buf_printf(path, "%s.key[%zu]", at ? "" : "$", i);
		node_diff(who, a->pairs[i].key, b->pairs[i].key, path);
		pmo_buf_truncate(path, at);
		pmo_buf_printf(path, "%s.value[%zu]", at ? "" : "$", i);
		node_diff(who, a->pairs[i].value, b->pairs[i].value, path);
		pmo_buf_truncate(path, at);
	}
}

static void same_doc(const char *who, const pmo_doc *a, const pmo_doc *b)
{
	pmo_buf path = PMO_BUF_INIT;
	const char *sa, *sb;
	size_t la, lb;

	node_diff(who, pmo_doc_root(a), pmo_doc_root(b), &path);
	pmo_buf_free(&path);
	if (strcmp(pmo_doc_path(a), pmo_doc_path(b)) != 0)
		violation("%s document path \"%s\" vs \"%s\"", who, pmo_doc_path(a), pmo_doc_path(b));
	sa = pmo_doc_source(a, &la);
	sb = pmo_doc_source(b, &lb);
	if (la != lb || memcmp(sa, sb, la) != 0)
		violation("%s document source differs (%zu vs %zu bytes)", who, la, lb);
}

typedef struct {
	int code;
	char *message, *path;
	size_t line, col;
} error_copy;

static char untouched_mark;
#define UNTOUCHED ((pmo_doc *)(void *)&untouched_mark)

/* Load with one reader; err gets a copy of the error it set (code 0 and
 * NULL message when none). */
static int load(pmo_doc **doc, const pmo_yaml_limits *lim, int reader, error_copy *err)
{
	const pmo_error *e;
	int rc;

	*doc = UNTOUCHED;
	pmo_error_clear();
	if (reader < 0)
		rc = pmo_yaml_load(doc, "fuzz.yaml", (const char *)input, input_len, lim);
	else
		rc = pmo_yaml_load_with(doc, "fuzz.yaml", (const char *)input, input_len, lim,
					(pmo_yaml_reader)reader);
	memset(err, 0, sizeof(*err));
	if ((e = pmo_error_last())) {
		err->code = e->code;
		err->message = strdup(e->message ? e->message : "(null)");
		err->path = strdup(e->path ? e->path : "(null)");
		err->line = e->line;
		err->col = e->col;
	}
	pmo_error_clear();
	return rc;
}

static void release(pmo_doc *doc, error_copy *err)
{
	if (doc != UNTOUCHED)
		pmo_doc_free(doc);
	free(err->message);
	free(err->path);
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* AUTO or pmo_yaml_load against LIBYAML */
static void same_result(const char *who, int rc, const pmo_doc *doc, const error_copy *err,
			int lrc, const pmo_doc *ldoc, const error_copy *lerr)
{
	if (rc == PMO_ENOMEM)
		return;
	if (rc != lrc)
		violation("%s returned %d, libyaml %d (libyaml: %s; %s: %s)", who, rc, lrc,
			  lerr->message ? lerr->message : "no error", who,
			  err->message ? err->message : "no error");
	if (rc == 0) {
		same_doc(who, ldoc, doc);
		return;
	}
	if (doc != UNTOUCHED)
		violation("%s set *out on error", who);
	if (err->code != lerr->code || !same_str(err->message, lerr->message) ||
	    !same_str(err->path, lerr->path) || err->line != lerr->line || err->col != lerr->col)
		violation("%s error [%d] %s:%zu:%zu: %s, libyaml [%d] %s:%zu:%zu: %s", who, err->code,
			  err->path ? err->path : "", err->line, err->col,
			  err->message ? err->message : "(none)", lerr->code,
			  lerr->path ? lerr->path : "", lerr->line, lerr->col,
			  lerr->message ? lerr->message : "(none)");
}

static void check(const pmo_yaml_limits *lim)
{
	pmo_doc *ldoc, *fdoc, *adoc, *ddoc;
	error_copy lerr, ferr, aerr, derr;
	int lrc = load(&ldoc, lim, PMO_YAML_LIBYAML, &lerr);
	int frc = load(&fdoc, lim, PMO_YAML_FAST, &ferr);
	int arc = load(&adoc, lim, PMO_YAML_AUTO, &aerr);
	int drc = load(&ddoc, lim, -1, &derr);

	if (lrc > 0 || (lrc < 0 && !lerr.message))
		violation("libyaml returned %d%s", lrc, lerr.message ? "" : " without an error");
	if (frc == 1) {
		if (fdoc != UNTOUCHED)
			violation("fast declined but set *out");
		if (ferr.message)
			violation("fast declined but set an error: %s", ferr.message);
	} else if (frc == 0) {
		if (!fdoc || fdoc == UNTOUCHED)
			violation("fast returned 0 without a document");
		if (ferr.message)
			violation("fast accepted but set an error: %s", ferr.message);
		if (lrc < 0)
			violation("fast accepted a text libyaml refuses: %s:%zu:%zu: %s", lerr.path,
				  lerr.line, lerr.col, lerr.message);
		same_doc("fast", ldoc, fdoc);
	} else if (frc != PMO_ENOMEM) {
		violation("fast returned %d (%s)", frc, ferr.message ? ferr.message : "no error");
	}
	same_result("auto", arc, adoc, &aerr, lrc, ldoc, &lerr);
	same_result("pmo_yaml_load", drc, ddoc, &derr, lrc, ldoc, &lerr);
	release(ldoc, &lerr);
	release(fdoc, &ferr);
	release(adoc, &aerr);
	release(ddoc, &derr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const pmo_yaml_limits lim_default = { 0, 0, 1 };
	static const pmo_yaml_limits lim_depth4 = { 0, 4, 0 };

	input = data;
	input_len = size;
	check(&lim_default);
	check(&lim_depth4);
	return 0;
}
