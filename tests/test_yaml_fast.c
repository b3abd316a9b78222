/* Differential tests of pmo's fast YAML reader against libyaml's.
 *
 * The contract (lib/yaml/yaml.h, pmo_yaml_load_with):
 *   - whenever FAST accepts a text, its tree is LIBYAML's in every field of
 *     every node (kind, tag, style, line, col, start, end, len, the bytes
 *     of str, n, and the items / pairs in order);
 *   - FAST declines (returns 1, *out untouched, no error set) every text
 *     LIBYAML refuses;
 *   - AUTO, and pmo_yaml_load, give exactly LIBYAML's result: return code,
 *     tree, and on error the same pmo_error_last() (code, message, path,
 *     line, column).
 * Each test feeds texts through all readers and checks that; some also
 * check that the fast path is really taken for the YAML pmo writes. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "yaml/yaml.h"

/* --- showing texts -------------------------------------------------------- */

/* s as a C string literal (octal escapes for control and non-ASCII bytes, so
 * that a reproducer can be pasted into the table below), at most max bytes
 * of it. */
static void put_literal(pmo_buf *b, const char *s, size_t n, size_t max)
{
	size_t i;

	pmo_buf_putc(b, '"');
	for (i = 0; i < n && i < max; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '\n': pmo_buf_puts(b, "\\n"); break;
		case '\t': pmo_buf_puts(b, "\\t"); break;
		case '\r': pmo_buf_puts(b, "\\r"); break;
		case '\\': pmo_buf_puts(b, "\\\\"); break;
		case '"': pmo_buf_puts(b, "\\\""); break;
		default:
			if (c < 0x20 || c >= 0x7F)
				pmo_buf_printf(b, "\\%03o", c);
			else
				pmo_buf_putc(b, (char)c);
		}
	}
	pmo_buf_putc(b, '"');
	if (n > max)
		pmo_buf_printf(b, "... (%zu bytes)", n);
}

static char *literal(const char *s, size_t n, size_t max)
{
	pmo_buf b = PMO_BUF_INIT;
	put_literal(&b, s, n, max);
	return pmo_buf_detach(&b);
}

/* --- comparing trees ------------------------------------------------------ */

static const char *kind_name(int k)
{
	switch (k) {
	case PMO_NODE_SCALAR: return "scalar";
	case PMO_NODE_SEQ: return "sequence";
	case PMO_NODE_MAP: return "mapping";
	}
	return "?";
}

static const char *tag_name(int t)
{
	switch (t) {
	case 0: return "(none)";
	case PMO_TAG_NULL: return "null";
	case PMO_TAG_BOOL: return "bool";
	case PMO_TAG_INT: return "int";
	case PMO_TAG_FLOAT: return "float";
	case PMO_TAG_STR: return "str";
	}
	return "?";
}

static const char *style_name(int s)
{
	switch (s) {
	case PMO_STYLE_PLAIN: return "plain";
	case PMO_STYLE_SINGLE: return "single";
	case PMO_STYLE_DOUBLE: return "double";
	case PMO_STYLE_LITERAL: return "literal";
	case PMO_STYLE_FOLDED: return "folded";
	case PMO_STYLE_BLOCK: return "block";
	case PMO_STYLE_FLOW: return "flow";
	}
	return "?";
}

/* "at PATH: " and the rest into why; returns 1 (there is a difference). */
static int say(char *why, size_t whylen, const pmo_buf *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int say(char *why, size_t whylen, const pmo_buf *path, const char *fmt, ...)
{
	va_list ap;
	int k = snprintf(why, whylen, "at %s: ", pmo_buf_cstr(path));

	if (k >= 0 && (size_t)k < whylen) {
		va_start(ap, fmt);
		vsnprintf(why + k, whylen - (size_t)k, fmt, ap);
		va_end(ap);
	}
	return 1;
}

static int node_diff(const pmo_node *a, const pmo_node *b, pmo_buf *path, char *why,
		     size_t whylen)
{
	size_t i, at = path->len;
	int d = 0;

	if (!a || !b) {
		if (a == b)
			return 0;
		return say(why, whylen, path, "node: %s vs %s", a ? "present" : "NULL",
			   b ? "present" : "NULL");
	}
	if (a->kind != b->kind)
		return say(why, whylen, path, "kind: %s vs %s", kind_name(a->kind),
			   kind_name(b->kind));
	if (a->tag != b->tag)
		return say(why, whylen, path, "tag: %s vs %s", tag_name(a->tag), tag_name(b->tag));
	if (a->style != b->style)
		return say(why, whylen, path, "style: %s vs %s", style_name(a->style),
			   style_name(b->style));
	if (a->line != b->line)
		return say(why, whylen, path, "line: %" PRIu32 " vs %" PRIu32, a->line, b->line);
	if (a->col != b->col)
		return say(why, whylen, path, "col: %" PRIu32 " vs %" PRIu32, a->col, b->col);
	if (a->start != b->start)
		return say(why, whylen, path, "start: %" PRIu32 " vs %" PRIu32, a->start, b->start);
	if (a->end != b->end)
		return say(why, whylen, path, "end: %" PRIu32 " vs %" PRIu32, a->end, b->end);
	if (a->len != b->len)
		return say(why, whylen, path, "len: %" PRIu32 " vs %" PRIu32, a->len, b->len);
	if (!a->str != !b->str)
		return say(why, whylen, path, "str: %s vs %s", a->str ? "set" : "NULL",
			   b->str ? "set" : "NULL");
	if (a->str && memcmp(a->str, b->str, a->len) != 0) {
		char *la, *lb;
		for (i = 0; a->str[i] == b->str[i]; i++)
			;
		la = literal(a->str, a->len, 80);
		lb = literal(b->str, b->len, 80);
		say(why, whylen, path, "str (first difference at byte %zu): %s vs %s", i, la, lb);
		free(la);
		free(lb);
		return 1;
	}
	if (a->str && (a->str[a->len] != '\0' || b->str[b->len] != '\0'))
		return say(why, whylen, path, "str[len]: %d vs %d (not NUL-terminated)",
			   a->str[a->len], b->str[b->len]);
	if (a->n != b->n)
		return say(why, whylen, path, "n: %" PRIu32 " vs %" PRIu32, a->n, b->n);
	if (a->kind == PMO_NODE_SEQ && a->n && (!a->items || !b->items))
		return say(why, whylen, path, "items: %s vs %s", a->items ? "set" : "NULL",
			   b->items ? "set" : "NULL");
	if (a->kind == PMO_NODE_MAP && a->n && (!a->pairs || !b->pairs))
		return say(why, whylen, path, "pairs: %s vs %s", a->pairs ? "set" : "NULL",
			   b->pairs ? "set" : "NULL");
	for (i = 0; !d && a->kind == PMO_NODE_SEQ && i < a->n; i++) {
		pmo_buf_printf(path, "[%zu]", i);
		d = node_diff(a->items[i], b->items[i], path, why, whylen);
		pmo_buf_truncate(path, at);
	}
	for (i = 0; !d && a->kind == PMO_NODE_MAP && i < a->n; i++) {
		const pmo_node *ka = a->pairs[i].key;

		pmo_buf_printf(path, ".key[%zu]", i);
		d = node_diff(ka, b->pairs[i].key, path, why, whylen);
		pmo_buf_truncate(path, at);
		if (d)
			break;
		pmo_buf_putc(path, '.');
		if (ka && ka->str)
			put_literal(path, ka->str, ka->len, 40);
		else
			pmo_buf_printf(path, "value[%zu]", i);
		d = node_diff(a->pairs[i].value, b->pairs[i].value, path, why, whylen);
		pmo_buf_truncate(path, at);
	}
	return d;
}

/* 0 when the trees are the same in every field of every node; else 1 and
 * the first difference in why: where ($ is the root, [i] an item, .key[i]
 * the key of pair i, ."k" the value of key k), which field, a's value and
 * b's. */
static int tree_diff(const pmo_node *a, const pmo_node *b, char *why, size_t whylen)
{
	pmo_buf path = PMO_BUF_INIT;
	int d;

	pmo_buf_puts(&path, "$");
	d = node_diff(a, b, &path, why, whylen);
	pmo_buf_free(&path);
	return d;
}

/* --- the contract ---------------------------------------------------------- */

typedef struct {
	int set;
	int code;
	char *message, *path;
	size_t line, col;
} error_copy;

static void error_take(error_copy *e)
{
	const pmo_error *le = pmo_error_last();

	memset(e, 0, sizeof(*e));
	if (!le)
		return;
	e->set = 1;
	e->code = le->code;
	e->message = le->message ? strdup(le->message) : NULL;
	e->path = le->path ? strdup(le->path) : NULL;
	e->line = le->line;
	e->col = le->col;
}

static void error_release(error_copy *e)
{
	free(e->message);
	free(e->path);
	memset(e, 0, sizeof(*e));
}

static void put_error(pmo_buf *b, const error_copy *e)
{
	if (!e->set) {
		pmo_buf_puts(b, "(no error set)");
		return;
	}
	pmo_buf_printf(b, "[%d] %s:%zu:%zu: %s", e->code, e->path ? e->path : "(null)", e->line,
		       e->col, e->message ? e->message : "(null)");
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* *out of a call that must leave it alone */
static char untouched_mark;
#define UNTOUCHED ((pmo_doc *)(void *)&untouched_mark)

typedef struct {
	int libyaml_rc; /* 0 or a negative code */
	int fast_rc;    /* 0 accepted, 1 declined */
} outcome;

#define DIFFLEN 1024

/* doc (read by name) must be ldoc (read by LIBYAML): tree, path, source.
 * The first words of each complaint name the kind of violation (the
 * minimiser keeps them). */
static void same_doc(pmo_buf *why, const char *name, const pmo_doc *doc, const pmo_doc *ldoc)
{
	char diff[DIFFLEN];
	const char *sa, *sb;
	size_t la, lb;

	if (tree_diff(pmo_doc_root(ldoc), pmo_doc_root(doc), diff, sizeof(diff)))
		pmo_buf_printf(why, "%s tree differs (libyaml vs %s) %s; ", name, name, diff);
	if (!same_str(pmo_doc_path(ldoc), pmo_doc_path(doc)))
		pmo_buf_printf(why, "%s document path differs: \"%s\" vs \"%s\"; ", name,
			       pmo_doc_path(ldoc), pmo_doc_path(doc));
	sa = pmo_doc_source(ldoc, &la);
	sb = pmo_doc_source(doc, &lb);
	if (la != lb || memcmp(sa, sb, la) != 0)
		pmo_buf_printf(why, "%s document source differs (%zu vs %zu bytes); ", name, la, lb);
}

/* One reader's result must be LIBYAML's: the code, then the tree or the
 * error. */
static void same_result(pmo_buf *why, const char *name, int rc, pmo_doc *doc,
			const error_copy *err, int lrc, pmo_doc *ldoc, const error_copy *lerr)
{
	if (rc != lrc) {
		pmo_buf_printf(why, "%s return code differs: libyaml %d, %s %d", name, lrc, name, rc);
		if (lrc < 0) {
			pmo_buf_puts(why, " (libyaml's error: ");
			put_error(why, lerr);
			pmo_buf_puts(why, ")");
		}
		if (rc < 0) {
			pmo_buf_printf(why, " (%s's error: ", name);
			put_error(why, err);
			pmo_buf_puts(why, ")");
		}
		pmo_buf_puts(why, "; ");
		return;
	}
	if (rc < 0) {
		if (doc != UNTOUCHED)
			pmo_buf_printf(why, "%s set *out on error; ", name);
		if (err->set != lerr->set || err->code != lerr->code ||
		    !same_str(err->message, lerr->message) || !same_str(err->path, lerr->path) ||
		    err->line != lerr->line || err->col != lerr->col) {
			pmo_buf_printf(why, "%s error differs: libyaml ", name);
			put_error(why, lerr);
			pmo_buf_printf(why, ", %s ", name);
			put_error(why, err);
			pmo_buf_puts(why, "; ");
		}
		return;
	}
	if (rc > 0)
		return;
	if (err->set != lerr->set) {
		pmo_buf_printf(why, "%s left an error on success: ", name);
		put_error(why, err->set ? err : lerr);
		pmo_buf_puts(why, "; ");
	}
	if (!doc || doc == UNTOUCHED)
		pmo_buf_printf(why, "%s returned 0 without a document; ", name);
	else
		same_doc(why, name, doc, ldoc);
}

/* Run every reader on buf and check the contract: NULL when it holds, else
 * what breaks it (free() it). res gets LIBYAML's and FAST's codes. */
static char *contract(const char *buf, size_t len, const pmo_yaml_limits *lim, outcome *res)
{
	static const char path[] = "t.yaml";
	pmo_buf why = PMO_BUF_INIT;
	pmo_doc *ldoc = UNTOUCHED, *fdoc = UNTOUCHED, *adoc = UNTOUCHED, *ddoc = UNTOUCHED;
	error_copy lerr, ferr, aerr, derr;
	int lrc, frc, arc, drc;

	pmo_error_clear();
	lrc = pmo_yaml_load_with(&ldoc, path, buf, len, lim, PMO_YAML_LIBYAML);
	error_take(&lerr);
	pmo_error_clear();
	frc = pmo_yaml_load_with(&fdoc, path, buf, len, lim, PMO_YAML_FAST);
	error_take(&ferr);
	pmo_error_clear();
	arc = pmo_yaml_load_with(&adoc, path, buf, len, lim, PMO_YAML_AUTO);
	error_take(&aerr);
	pmo_error_clear();
	drc = pmo_yaml_load(&ddoc, path, buf, len, lim);
	error_take(&derr);
	pmo_error_clear();

	if (res) {
		res->libyaml_rc = lrc;
		res->fast_rc = frc;
	}
	/* the reference itself */
	if (lrc > 0)
		pmo_buf_printf(&why, "libyaml returned %d; ", lrc);
	else if (lrc < 0 && !lerr.set)
		pmo_buf_printf(&why, "libyaml failed (%d) without an error; ", lrc);
	else if (lrc < 0 && ldoc != UNTOUCHED)
		pmo_buf_puts(&why, "libyaml set *out on error; ");

	/* FAST: 0 or 1, never an error but out of memory */
	if (frc == PMO_ENOMEM) {
		/* not the reader's fault */
	} else if (frc < 0 || frc > 1) {
		pmo_buf_printf(&why, "fast returned %d: ", frc);
		put_error(&why, &ferr);
		pmo_buf_puts(&why, "; ");
	} else if (frc == 1) {
		if (fdoc != UNTOUCHED)
			pmo_buf_puts(&why, "fast declined but set *out; ");
		if (ferr.set) {
			pmo_buf_puts(&why, "fast declined but set an error: ");
			put_error(&why, &ferr);
			pmo_buf_puts(&why, "; ");
		}
	} else if (!fdoc || fdoc == UNTOUCHED) {
		pmo_buf_puts(&why, "fast returned 0 without a document; ");
		fdoc = UNTOUCHED;
	} else {
		if (ferr.set) {
			pmo_buf_puts(&why, "fast accepted but set an error: ");
			put_error(&why, &ferr);
			pmo_buf_puts(&why, "; ");
		}
		if (lrc < 0) {
			pmo_buf_puts(&why, "fast accepted a text libyaml refuses: ");
			put_error(&why, &lerr);
			pmo_buf_puts(&why, "; ");
		} else if (lrc == 0) {
			same_doc(&why, "fast", fdoc, ldoc);
		}
	}

	/* what a cache keeps of a document (pmo_doc_pack) gives it back */
	if (lrc == 0 && ldoc != UNTOUCHED) {
		pmo_buf packed = PMO_BUF_INIT;
		pmo_doc *udoc = NULL;
		int urc = pmo_doc_pack(&packed, ldoc);

		if (urc == 0)
			urc = pmo_doc_unpack(&udoc, path, packed.ptr, packed.len);
		if (urc == 0)
			same_doc(&why, "packed", udoc, ldoc);
		else if (urc != PMO_ENOMEM)
			pmo_buf_printf(&why, "packed document not unpacked (%d); ", urc);
		pmo_error_clear();
		pmo_doc_free(udoc);
		pmo_buf_free(&packed);
	}

	/* AUTO and pmo_yaml_load: exactly LIBYAML's result */
	if (arc != PMO_ENOMEM)
		same_result(&why, "auto", arc, adoc, &aerr, lrc, ldoc, &lerr);
	if (drc != PMO_ENOMEM)
		same_result(&why, "pmo_yaml_load", drc, ddoc, &derr, lrc, ldoc, &lerr);

	if (ldoc != UNTOUCHED)
		pmo_doc_free(ldoc);
	if (fdoc != UNTOUCHED)
		pmo_doc_free(fdoc);
	if (adoc != UNTOUCHED)
		pmo_doc_free(adoc);
	if (ddoc != UNTOUCHED)
		pmo_doc_free(ddoc);
	error_release(&lerr);
	error_release(&ferr);
	error_release(&aerr);
	error_release(&derr);
	if (!why.len) {
		pmo_buf_free(&why);
		return NULL;
	}
	return pmo_buf_detach(&why);
}

/* The kind of violation: the words before the first ':' or '(' ("fast tree
 * differs", "fast accepted a text libyaml refuses", …). */
static size_t violation_kind(const char *why)
{
	return strcspn(why, ":(");
}

static int violates_as(const char *s, size_t n, const pmo_yaml_limits *lim, const char *kind,
		       size_t klen)
{
	char *w = contract(s, n, lim, NULL);
	int v = w && violation_kind(w) == klen && memcmp(w, kind, klen) == 0;

	free(w);
	return v;
}

/* What kind of violation and which field, for counting distinct ones:
 * "fast tree differs col", "fast declined but set an error" … */
static char *signature(const char *why)
{
	pmo_buf b = PMO_BUF_INIT;
	const char *at = strstr(why, " at $"), *f;

	pmo_buf_put(&b, why, violation_kind(why));
	if (at && (f = strstr(at, ": ")) && f < why + strcspn(why, ";")) {
		pmo_buf_putc(&b, ' ');
		pmo_buf_put(&b, f + 2, strcspn(f + 2, ": ("));
	}
	return pmo_buf_detach(&b);
}

/* Shrink a text that breaks the contract to a local minimum that still
 * breaks it the same way: drop halves, quarters … single bytes while the
 * violation stays, then make it plain. s is changed in place; returns the
 * new length. */
static size_t minimize(char *s, size_t n, const pmo_yaml_limits *lim)
{
	char *w = contract(s, n, lim, NULL), *kind, *tmp;
	size_t klen, chunk, i;
	int progress = 1;

	if (!w)
		return n;
	klen = violation_kind(w);
	kind = strndup(w, klen);
	free(w);
	tmp = malloc(n + 1);
	cr_assert(kind && tmp);
	while (progress) {
		progress = 0;
		for (chunk = n / 2 ? n / 2 : 1; chunk >= 1; chunk /= 2) {
			for (i = 0; i + chunk <= n;) {
				memcpy(tmp, s, i);
				memcpy(tmp + i, s + i + chunk, n - i - chunk);
				if (violates_as(tmp, n - chunk, lim, kind, klen)) {
					memcpy(s, tmp, n - chunk);
					n -= chunk;
					progress = 1;
				} else {
					i += chunk;
				}
			}
			if (chunk == 1)
				break;
		}
	}
	/* then letters, digits and whole UTF-8 characters become 'a', so
	 * that the same bug found in different places gives the same
	 * reproducer */
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t k = 1;

		if (c >= 0xC0)
			while (i + k < n && ((unsigned char)s[i + k] & 0xC0) == 0x80)
				k++;
		else if (c == 'a' || !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
				       (c >= 'b' && c <= 'z')))
			continue;
		memcpy(tmp, s, i);
		tmp[i] = 'a';
		memcpy(tmp + i + 1, s + i + k, n - i - k);
		if (violates_as(tmp, n - k + 1, lim, kind, klen)) {
			memcpy(s, tmp, n - k + 1);
			n -= k - 1;
		}
	}
	free(tmp);
	free(kind);
	return n;
}

/* Check the contract on a text; on a violation, a failed expectation that
 * names the case, shows the text and its minimal reproducer, and says what
 * differs. Returns 1 when the contract held. */
static int expect_contract(const char *name, const char *buf, size_t len,
			   const pmo_yaml_limits *lim, outcome *res)
{
	char *why = contract(buf, len, lim, res), *shown, *small, *mwhy, *copy;
	size_t mlen;

	if (!why)
		return 1;
	copy = malloc(len + 1);
	cr_assert_not_null(copy);
	memcpy(copy, buf, len);
	mlen = len < 4096 ? minimize(copy, len, lim) : len;
	mwhy = contract(copy, mlen, lim, NULL);
	shown = literal(buf, len, 300);
	small = literal(copy, mlen, 300);
	cr_expect_fail("contract broken by %s\n  text: %s\n  %s\n  minimal: %s\n  %s", name, shown,
		       why, small, mwhy ? mwhy : "(the minimiser lost it)");
	free(shown);
	free(small);
	free(mwhy);
	free(copy);
	free(why);
	return 0;
}

static const pmo_yaml_limits lim_empty = { 0, 0, 1 };
static const pmo_yaml_limits lim_depth3 = { 0, 3, 0 };
static const pmo_yaml_limits lim_small = { 16, 0, 0 };

/* --- the harness itself ---------------------------------------------------- */

Test(yaml_fast, tree_diff_names_the_node_and_field)
{
	pmo_doc *a = NULL, *b = NULL;
	char why[DIFFLEN];

	static const char ta[] = "t:\n  - id: T-1\n    x: [a, b]\n";
	static const char tb[] = "t:\n  - id: T-1\n    x: [a, c]\n";

	cr_assert_eq(pmo_yaml_load(&a, "a.yaml", ta, strlen(ta), NULL), 0);
	cr_assert_eq(pmo_yaml_load(&b, "b.yaml", tb, strlen(tb), NULL), 0);
	cr_assert_eq(tree_diff(pmo_doc_root(a), pmo_doc_root(a), why, sizeof(why)), 0);
	cr_assert_eq(tree_diff(pmo_doc_root(a), pmo_doc_root(b), why, sizeof(why)), 1);
	cr_assert_str_eq(why, "at $.\"t\"[0].\"x\"[1]: str (first difference at byte 0): "
			      "\"b\" vs \"c\"");
	pmo_doc_root(b)->pairs[0].value->items[0]->pairs[0].key->col = 9;
	cr_assert_eq(tree_diff(pmo_doc_root(a), pmo_doc_root(b), why, sizeof(why)), 1);
	cr_assert_str_eq(why, "at $.\"t\"[0].key[0]: col: 5 vs 9");
	pmo_doc_free(a);
	pmo_doc_free(b);
}

/* --- files of the source tree ---------------------------------------------- */

typedef struct {
	char **v;
	size_t n, cap;
} strvec;

static void strvec_push(strvec *sv, char *s)
{
	if (sv->n == sv->cap) {
		sv->cap = sv->cap ? 2 * sv->cap : 64;
		sv->v = realloc(sv->v, sv->cap * sizeof(*sv->v));
		cr_assert_not_null(sv->v);
	}
	cr_assert_not_null(s);
	sv->v[sv->n++] = s;
}

static void strvec_free(strvec *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof(*sv));
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Paths of the files under dir whose name ends in suffix (in subfolders
 * too when deep). */
static void find_files(strvec *out, const char *dir, const char *suffix, int deep)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	cr_assert_not_null(d, "no folder %s", dir);
	while ((de = readdir(d))) {
		char *p;
		if (de->d_name[0] == '.')
			continue;
		p = pmo_path_join(dir, de->d_name);
		cr_assert_not_null(p);
		if (deep && pmo_fs_is_dir(p)) {
			find_files(out, p, suffix, deep);
			free(p);
		} else if (ends_with(de->d_name, suffix)) {
			strvec_push(out, p);
		} else {
			free(p);
		}
	}
	closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *srcdir(void)
{
	const char *s = getenv("PMO_SRCDIR");
	return strdup(s && *s ? s : PMO_TESTDATA_DIR "/../..");
}

/* Every file the corpus tests read, sorted. */
static void corpus_files(strvec *out, const char *src)
{
	char *p;

	p = pmo_path_join(src, "examples");
	find_files(out, p, ".yaml", 1);
	free(p);
	find_files(out, PMO_TESTDATA_DIR, ".yaml", 1);
	find_files(out, PMO_TESTDATA_DIR, ".json", 0);
	p = pmo_path_join(src, "schemas");
	find_files(out, p, ".json", 0);
	free(p);
	qsort(out->v, out->n, sizeof(*out->v), cmp_str);
}

/* Examples the fast reader may decline, each with its reason. None so far:
 * every example is block YAML of one-line scalars. */
static const struct {
	const char *path; /* under examples/ */
	const char *reason;
} examples_declined[] = {
	{ NULL, NULL },
};

static const char *declined_reason(const char *rel)
{
	size_t i;

	for (i = 0; examples_declined[i].path; i++)
		if (strcmp(examples_declined[i].path, rel) == 0)
			return examples_declined[i].reason;
	return NULL;
}

Test(yaml_fast, corpus_files_obey_the_contract)
{
	char *src = srcdir();
	strvec files = { 0 };
	size_t i, nfast = 0, nlib = 0, nbad = 0;

	corpus_files(&files, src);
	cr_assert_geq(files.n, 100, "expected over 100 corpus files, found %zu", files.n);
	for (i = 0; i < files.n; i++) {
		pmo_buf b = PMO_BUF_INIT;
		outcome o;

		cr_assert_eq(pmo_fs_read(&b, files.v[i], 0), 0, "cannot read %s", files.v[i]);
		if (!expect_contract(files.v[i], pmo_buf_cstr(&b), b.len, NULL, &o))
			nbad++;
		nlib += o.libyaml_rc == 0;
		nfast += o.fast_rc == 0;
		if (o.libyaml_rc == 0 && o.fast_rc != 0 && getenv("PMO_FAST_VERBOSE"))
			fprintf(stderr, "yaml_fast: declined though libyaml accepts: %s\n", files.v[i]);
		if (!expect_contract(files.v[i], pmo_buf_cstr(&b), b.len, &lim_empty, NULL))
			nbad++;
		pmo_buf_free(&b);
	}
	fprintf(stderr, "yaml_fast: corpus: fast reader accepted %zu of %zu files "
		"(libyaml accepts %zu); %zu contract violations\n", nfast, files.n, nlib, nbad);
	strvec_free(&files);
	free(src);
}

Test(yaml_fast, fast_reader_takes_every_example)
{
	char *src = srcdir(), *ex = pmo_path_join(src, "examples");
	strvec files = { 0 };
	size_t i, nfast = 0, nlib = 0, nemit = 0, nemitfast = 0;

	find_files(&files, ex, ".yaml", 1);
	qsort(files.v, files.n, sizeof(*files.v), cmp_str);
	cr_assert_geq(files.n, 15, "expected at least 15 examples, found %zu", files.n);
	for (i = 0; i < files.n; i++) {
		const char *rel = files.v[i] + strlen(ex) + 1, *reason = declined_reason(rel);
		pmo_buf b = PMO_BUF_INIT, out = PMO_BUF_INIT;
		pmo_doc *doc = NULL;
		outcome o;

		cr_assert_eq(pmo_fs_read(&b, files.v[i], 0), 0, "cannot read %s", files.v[i]);
		expect_contract(files.v[i], pmo_buf_cstr(&b), b.len, NULL, &o);
		if (o.libyaml_rc != 0) {
			cr_expect_fail("libyaml refuses the example %s", rel);
			pmo_buf_free(&b);
			continue;
		}
		nlib++;
		nfast += o.fast_rc == 0;
		cr_expect(o.fast_rc == 0 || reason, "the fast reader declines examples/%s", rel);
		cr_expect(o.fast_rc != 0 || !reason,
			  "the fast reader now takes examples/%s: drop it from examples_declined", rel);

		/* what pmo writes for the same data is taken too */
		cr_assert_eq(pmo_yaml_load_with(&doc, rel, pmo_buf_cstr(&b), b.len, NULL,
						PMO_YAML_LIBYAML), 0);
		cr_assert_eq(pmo_yaml_emit(&out, pmo_doc_root(doc)), 0);
		expect_contract(rel, pmo_buf_cstr(&out), out.len, NULL, &o);
		nemit++;
		nemitfast += o.fast_rc == 0;
		cr_expect_eq(o.fast_rc, 0, "the fast reader declines the canonical text of %s", rel);
		pmo_doc_free(doc);
		pmo_buf_free(&out);
		pmo_buf_free(&b);
	}
	fprintf(stderr, "yaml_fast: examples: fast reader accepted %zu of %zu (libyaml accepts %zu); "
		"their canonical texts: %zu of %zu\n", nfast, files.n, nlib, nemitfast, nemit);
	strvec_free(&files);
	free(ex);
	free(src);
}

/* --- handwritten texts ------------------------------------------------------ */

enum { L_DEFAULT, L_EMPTY, L_DEPTH3, L_SMALL };

typedef struct {
	const char *text;
	size_t len;
	int accept; /* 1: FAST must take it (returns 0); 2: pmo writes it, but
		     * the fast reader leaves it to libyaml by design */
	int limits;
} yaml_case;

/* Y: simple canonical YAML as pmo writes it (and people do), in the fast
 * reader's scope (block collections, one-line plain and quoted scalars,
 * one-line flow collections of scalars, comments): FAST must accept it.
 * P: pmo may write it, but lib/yaml/fast.c declines it on purpose (escapes,
 * quoted keys, "- - a", a root that is a scalar or flow, a comment indented
 * deeper than the value before it); only the contract is checked, and the
 * count is shown. N: anything else; only the contract is checked. Every
 * text is checked for the contract. The length comes from sizeof, so NUL
 * bytes count. */
#define Y(s) { s, sizeof(s) - 1, 1, L_DEFAULT }
#define P(s) { s, sizeof(s) - 1, 2, L_DEFAULT }
#define N(s) { s, sizeof(s) - 1, 0, L_DEFAULT }
#define NL(s, l) { s, sizeof(s) - 1, 0, l }
#define YL(s, l) { s, sizeof(s) - 1, 1, l }

static const yaml_case cases[] = {
	/* block mappings */
	Y("a: 1\n"),
	Y("name: 王丽\nrole: pm\ncapacity: 8\n"),
	Y("a: 1\nb: two\nc: 3.5\n"),
	Y("handle: wang-li\nemail: wang.li@bank.example\nrate: '1800.00'\n"),
	/* nested mappings */
	Y("a:\n  b: 1\n  c:\n    d: x\ne: 2\n"),
	Y("project:\n  id: CBM\n  name: 核心银行系统迁移\n"),
	Y("a:\n    b: 1\n    c: 2\n"),
	Y("a:\n  b:\n    c:\n      d:\n        e: deep\n  f: 1\ng: 2\n"),
	/* block sequences, indented and indentless */
	Y("skills:\n  - PMP\n  - 数据迁移\n"),
	Y("skills:\n- PMP\n- 数据迁移\n"),
	Y("- a\n- b\n"),
	Y("a:\n  - x\nb:\n- y\nc: 1\n"),
	Y("a:\n  b:\n  - x\n  - y\n  c: 1\n"),
	/* compact mappings in sequences */
	Y("tasks:\n  - id: T-1\n    title: x\n  - id: T-2\n    title: y\n    depends:\n      - T-1\n"),
	Y("tasks:\n- id: T-1\n  title: x\n- id: T-2\n  parent: T-1\n"),
	Y("- id: T-1\n  title: 需求分析\n- id: T-2\n"),
	Y("- a: 1\n  b:\n    - x\n  c:\n    d: 2\n"),
	N("-   key: v\n    other: w\n"),
	N("-  a\n-    b\n"),
	N("- key:   v\n  k2:  w\n"),
	/* empty values */
	N("key:"),
	N("key:\n"),
	N("a:\n  b:\nc: 1\n"),
	N("a:\nb:\n- x\n"),
	N("a:\n- x\nb:\n"),
	N("- \n- a\n"),
	N("-\n- a\n"),
	N("- a\n-"),
	N("key: # comment\n"),
	N("key: # comment\nother: 1\n"),
	N("- # c\n- a\n"),
	N("a:  \nb: 1\n"),
	N("a:\n  - b\n  -\n  - c\n"),
	Y("key: null\nother: ~\n"),
	/* comments */
	Y("# head\na: 1 # trailing\n# middle\nb: 2\n"),
	Y("a:\n  # indented comment\n  b: 1\n  c: 2\n# col0\n"),
	P("a:\n  # indented comment\n  b: 1\n      # deeper comment\n  c: 2\n# col0\n"),
	P("a: x\n  # deeper after a value\n"),
	Y("a:\n  # deeper after a key\n  b: 1\n"),
	Y("a: x#y\n"),
	Y("a: 'q' # c\n"),
	Y("a: \"q\"   # c\n"),
	Y("- a # c\n- b\n"),
	Y("a: [x, y] # c\n"),
	Y("a: x # c # d\n"),
	Y("a: 1 #\n#\n"),
	Y("tasks: # the plan\n  - id: T-1 # first\n    # about T-1\n    title: x\n"),
	N("a: 'x'#c\n"),
	N("a: [a]#c\n"),
	N("#a: 1\n"),
	/* blank lines and lines of only spaces */
	Y("a: 1\n\nb: 2\n\n\n"),
	Y("a:\n\n  b: 1\n   \n  c: 2\n"),
	Y("\n\na: 1\n"),
	Y("a: 1\n\n# c\n\nb:\n  - x\n\n  - y\n"),
	Y("a:\n  - x\n        \n  - y\n"),
	/* trailing spaces */
	Y("a: 1   \nb: x y  \n"),
	Y("a:   \n  b: 1\n"),
	Y("- x  \n- 'y'  \n"),
	/* plain scalars */
	Y("title: 需求分析\n"),
	Y("中文: 需求分析\n"),
	Y("a: 中文 需求 分析\n"),
	Y("a: x  y\n"),
	Y("url: http://x.example/a?b=c\n"),
	Y("a: a:b\n"),
	Y("a: x :y\n"),
	Y("a: -5\nb: -x\nc: T-1\n"),
	Y("a: ~\nb: null\nc: Null\nd: NULL\n"),
	Y("a: true\nb: false\nc: True\nd: TRUE\ne: yes\n"),
	Y("a: 0x1F\nb: 0o17\nc: 017\nd: +12\n"),
	Y("a: 1e3\nb: -1.5E-3\nc: .inf\nd: -.Inf\ne: .nan\nf: 1.\n"),
	Y("date: 2026-01-01\nts: 2026-01-01T10:00:00Z\n"),
	Y("a: x,y\n"),
	Y("a: 50%\n"),
	Y("a:    spaced\n"),
	N("a: x :\n"),
	N("a: x : y\n"),
	N("a: @x\n"),
	N("a: `x\n"),
	N("a: %x\n"),
	N("a: ,x\n"),
	N("-a\n"),
	N("a: -\n"),
	/* single quoted */
	Y("a: 'it''s'\n"),
	Y("a: 'x # not comment: y'\n"),
	Y("a: ''\n"),
	P("'quoted key': 1\n"),
	P("'2026-01-01': 元旦\n"),
	Y("a: '2026-09-01'\n"),
	Y("a: 'x  '\n"),
	N("a: 'unterminated\n"),
	/* double quoted */
	Y("a: \"plain\"\n"),
	P("a: \"line\\nnext\\t\\u4e2d\\\"q\\\" \\\\\"\n"),
	P("a: \"\\x41\\U0001F600\\0end\"\n"),
	P("\"k\": \"\"\n"),
	Y("a: \" \"\n"),
	Y("a: \"中文 'x' # y: z\"\n"),
	P("a: \"\\e\\a\\b\\v\\f\\r\\N\\L\\P\\_\\ \\/\"\n"),
	N("a: \"\\q\"\n"),
	N("a: \"\\u12\"\n"),
	N("a: \"\\uD800\"\n"),
	N("a: \"unterminated\n"),
	/* flow sequences and mappings */
	Y("a: [a, b]\n"),
	Y("a: []\n"),
	Y("a: [ a ,b ]\n"),
	Y("a: ['x', \"y\"]\n"),
	Y("a: [x,y]\n"),
	Y("depends: [\"T-2:ss+3d\", T-3]\n"),
	Y("holiday: {date: 2026-01-01, until: 2026-01-03, name: 元旦}\n"),
	Y("a: {}\n"),
	Y("a: {x: 1}\n"),
	P("{}\n"),
	P("[]\n"),
	N("a: [a, ]\n"),
	N("a: [[a]]\n"),
	Y("a: [a, {b: c}]\n"),
	Y("a: [{b: c}]\n"),
	Y("assignees: [{person: p1, allocation: 25}]\n"),
	Y("assignees: [{person: p1, allocation: 25}, {person: 'p2', allocation: \"50\"}]\n"),
	Y("a: [ {b: c} ,d ]\n"),
	Y("a: [{}, {}]\n"),
	Y("- id: T-1\n  assignees: [{person: p1, allocation: 25}]  # two\n  duration: 3\n"),
	N("a: [{b: c}: d]\n"),
	N("a: [{b: [c]}]\n"),
	N("a: [{b: {c: d}}]\n"),
	N("a: [{b: c}\n"),
	N("a: [{b: c}}]\n"),
	N("a: [{b: c} x]\n"),
	N("a: [{b: c},]\n"),
	N("a: [{b: c, b: d}]\n"),
	N("a: [{b: c},\n  {d: e}]\n"),
	N("a: [{b}]\n"),
	N("a: [{b: }]\n"),
	N("a: [a: b]\n"),
	N("a: {a}\n"),
	N("a: {a: }\n"),
	N("a: {a, b: 1}\n"),
	N("a: {x: [1, 2]}\n"),
	N("a: [a b]\n"),
	N("a: [,]\n"),
	N("a: [a\n"),
	N("a: {a: 1, a: 2}\n"),
	N("a: [\"x\" y]\n"),
	N("a: [a,\n  b]\n"),
	N("a: {b: 1,\n  c: 2}\n"),
	N("[a, b]\n"),
	N("{a: 1}\n"),
	N("a: [a]]\n"),
	N("a: [a # c\n  ]\n"),
	N("a: [a#b]\n"),
	N("a: [http://x]\n"),
	N("a: {http://x: 1}\n"),
	/* multi-line scalars */
	N("a: first\n  second\nb: 2\n"),
	N("a: first\n\n  third\n"),
	N("- one\n  two\n"),
	N("a: 'x\n  y'\n"),
	N("a: \"x\n  y\\\n  z\"\n"),
	N("a: x\n  # not a comment?\n"),
	/* block scalars */
	N("a: |\n  line1\n  line2\n"),
	N("a: |-\n  x\n"),
	N("a: >\n  folded\n  text\n\nb: 1\n"),
	N("a: |+\n  x\n\n"),
	N("a: |2\n   x\n"),
	N("- |\n  x\n- y\n"),
	N("a: |\n"),
	/* anchors, aliases, tags */
	N("a: &x 1\nb: *x\n"),
	N("a: &x 1\n"),
	N("a: !!str 1\n"),
	N("a: !custom x\n"),
	N("!!map\na: 1\n"),
	N("a: *x\n"),
	/* documents and directives */
	N("---\na: 1\n"),
	N("a: 1\n...\n"),
	N("---\na: 1\n---\nb: 2\n"),
	N("--- a\n"),
	N("a: 1\n---\n"),
	N("%YAML 1.1\n---\na: 1\n"),
	N("%TAG ! tag:x,2000:\n---\na: 1\n"),
	N("a: ---\n"),
	N("a: 1\n--- \n"),
	/* roots */
	P("hello\n"),
	N("'hello'\n"),
	N("-5\n"),
	N("  a: 1\n  b: 2\n"),
	N("  - a\n  - b\n"),
	N(""),
	NL("", L_EMPTY),
	N("# only\n# comments\n"),
	NL("# only\n# comments\n", L_EMPTY),
	NL("\n\n  \n", L_EMPTY),
	NL("\xEF\xBB\xBF", L_EMPTY),
	/* BOM, tabs, line breaks, odd characters */
	N("\xEF\xBB\xBF" "a: 1\n"),
	N("a: 1\n\xEF\xBB\xBF" "b: 2\n"),
	N("a: x\xEF\xBB\xBFy\n"),
	N("a:\n\tb: 1\n"),
	N("a: x\ty\n"),
	N("a:\tx\n"),
	N("a: x\t\n"),
	N("- \ta\n"),
	N("a: 1\t# c\n"),
	N("\ta: 1\n"),
	N("a: [a,\tb]\n"),
	N("a: 1\r\nb:\r\n  - x\r\n"),
	N("a: 1\r\n\r\nb: 'x'\r\n"),
	N("a: 1\rb: 2\r"),
	N("a: x\ry\n"),
	N("a: x\xC2\x85y\n"),
	N("a: 1\xC2\x85" "b: 2\n"),
	N("a: x\xE2\x80\xA8y\n"),
	N("a: x\xE2\x80\xA9y\n"),
	N("a: x\x7Fy\n"),
	N("a: x\xC2\x80y\n"),
	N("a: \xC2\x9F\n"),
	N("a: x\x1By\n"),
	N("a: \"x\x7Fy\"\n"),
	N("a: 'x\xC2\x85y'\n"),
	/* invalid UTF-8 */
	N("a: \xFF\n"),
	N("a: \xE4\xB8\n"),
	N("a: \xE4\xB8"),
	/* runs of three-byte characters (U+3000..U+CFFF, read a run at a
	 * time): what ends a run, and the columns after one */
	Y("核心数据迁移: 旧系统数据质量不一致\nb: [中文, 数据]\nc: {d: 迁移演练}\n"),
	Y("a: 中文数据 # 注释\nb: x\n"),
	Y("a: 中\xEF\xBC\x8C文\nb: \xE3\x80\x80\xEC\xBF\xBF\n"),
	Y("a:\n  - 中文\n  - '数据''迁移'\n  - \"迁移\"\nbb: 数据\n"),
	N("a: 中文\xE2\x80\xA8数据\n"),
	N("a: 中文\xEF\xBB\xBF数据\n"),
	N("a: 中文\xED\xA0\x80数据\n"),
	N("a: 中文\xE4\xB8数据\n"),
	N("a: 中文\xE4x\x80\n"),
	N("a: 中文\xE4\xB8"),
	N("a: 中文\xE4"),
	N("a: 中文\xEC\xC0\x80\n"),
	N("a: 中文: 数据\n"),
	N("a: \xC0\xAF\n"),
	N("a: \xED\xA0\x80\n"),
	N("a: \xF4\x90\x80\x80\n"),
	N("# \xFF comment\na: 1\n"),
	N("a: 'x\x80'\n"),
	N("\xFE\xFF" "a: 1\n"),
	/* NUL bytes */
	N("a: x\0y\n"),
	N("a: 1\n\0"),
	N("\0"),
	N("a: 'x\0'\n"),
	N("a: 1 #\0\n"),
	/* no newline at the end */
	Y("a: 1"),
	Y("a:\n  - x"),
	Y("a: 'q'"),
	Y("a: [x]"),
	Y("a: 1 # c"),
	/* duplicate keys (larger mappings in generated_texts_obey_the_contract) */
	N("a: 1\na: 2\n"),
	N("a:\n  b: 1\n  b: 2\n"),
	N("- a: 1\n  a: 2\n"),
	N("a: 1\n'a': 2\n"),
	N("1: a\n'1': b\n"),
	N("~: a\nnull: b\n"),
	N("a: {x: 1}\nb: 1\na: 2\n"),
	Y("a:\n  x: 1\nb:\n  x: 1\n"),
	/* keys and colons */
	N("key:value\n"),
	Y("a: key:value\n"),
	N("a: b: c\n"),
	N("a: - b\n"),
	N("? complex key\n: value\n"),
	N("? a\n"),
	N("key : v\n"),
	N("a : 1\nb  :  2\n"),
	N("[a]: b\n"),
	N("{a: 1}: b\n"),
	N(": v\n"),
	N("a:\n  : x\n"),
	N("'a\nb': c\n"),
	N("a:b: c\n"),
	N("a::\n"),
	N("a: :b\n"),
	/* indentation */
	N("a:\n    b: 1\n  c: 2\n"),
	N("a:\n  b: 1\n c: 2\n"),
	N("a: x\n  b: y\n"),
	N("a: x\n  y\n"),
	N("- a\n  - b\n"),
	N("a:\n  - x\n  y: 1\n"),
	N("a:\n  b: 1\n   c: 2\n"),
	N("a: 1\n b: 2\n"),
	N("- a\n - b\n"),
	N("a:\n - x\n  - y\n"),
	N("a: 'x'\n  b: y\n"),
	N("a: [x]\n  b: y\n"),
	/* depth limits */
	YL("a:\n  b:\n    c: 1\n", L_DEPTH3),
	NL("a:\n  b:\n    c:\n      d: 1\n", L_DEPTH3),
	NL("- - - a\n", L_DEPTH3),
	NL("- - - - a\n", L_DEPTH3),
	NL("a: [[[x]]]\n", L_DEPTH3),
	NL("a:\n  b: [x]\n", L_DEPTH3),
	NL("a:\n  b:\n    c: [x]\n", L_DEPTH3),
	NL("a:\n  b:\n    c: {}\n", L_DEPTH3),
	NL("a:\n- b:\n  - c\n", L_DEPTH3),
	/* the size limit */
	NL("a: 1234567890123\n", L_SMALL),
	NL("a: 12345678901\n", L_SMALL),
	/* sequences in sequences, collections as items */
	P("- - a\n  - b\n- c\n"),
	P("- - a\n"),
	Y("- [a, b]\n"),
	Y("- {a: 1}\n"),
	N("- - - a\n"),
	N("- - a: 1\n    b: 2\n"),
	/* at the edges of the fast reader's scope */
	Y("a: 😀\n😀: x\n"),
	Y("a: x\302\240y\n"),
	Y("a: x\302\240#c\n"),
	N("a:\302\240x\n"),
	Y("a\302\240: x\n"),
	Y("a: x\343\200\200y\n"),
	Y("a.b/c_d: 1\n1: a\n2: b\ntrue: 1\nnull: 2\n"),
	Y("a: it's \"so\"\n"),
	Y("a: 0o8\nb: 1_000\nc: 12:30\nd: 0b101\ne: +.5\n"),
	Y("- -1\n- --\n- -x\n- ---\n- ...\n"),
	N("- -\n"),
	N("-1: x\n"),
	N(".a: x\n"),
	N("/a: x\n"),
	Y("a: --- x\n"),
	Y("a: [-1, -x, ~, +, .5, -.inf]\n"),
	N("a: [-, x]\n"),
	N("a: [--x]\n"),
	Y("a: [a, 'b''c', \"d e\"]\n"),
	Y("a: {a: 'x', b: \"y\", c: z}\n"),
	N("a: {a: [x, y]}\n"),
	Y("a: [a]   # c\n"),
	Y("a: [ ]\nb: { }\n"),
	Y("a: ''''\n"),
	N("a: 'x''\n"),
	Y("- a:\n  - x\n  b: 1\n"),
	Y("- a:\n- x\n"),
	N("a:\n  - x\n- y\n"),
	Y("a:\n-\n- x\n"),
	Y("a:\n  b:\n  c:\n"),
	Y("  a: 1\n  b:\n  - x\n"),
	N("  a: 1\nb: 2\n"),
	Y("a:\n  -   b: 1\n      c: 2\n"),
	Y("a: x\n# c\nb: 1\n"),
	Y("a:\n  b: 1\n# c at col 0\n  c: 2\n"),
	Y("a: 1\n \n"),
	Y("a:\n  # c\n"),
	Y("- a\n# c\n- b\n"),
	N("a: x:\n"),
	N("a:x: y\n"),
	N("- a: x\n  - y\n"),
	N("- a: x\n - y\n"),
	N("- a: x\n    b: 1\n"),
	N("a:\n  b: x\n  - y\n"),
	N("-\n  [a]\n"),
	Y("-\n  - a\n"),
	Y("-\n  a: 1\n"),
	N("-\n  x\n"),
	N("a:\n  x\n"),
	Y("a:\n    - x\n"),
	N("-[a]\n"),
	N("a: {b: c}d\n"),
	N("a: {b:c}\n"),
	N("a: {b: c:d}\n"),
	N("a: {b: c, }\n"),
	N("a: {, b: c}\n"),
	N("a: {b}\n"),
	N("a: {'b': c}\n"),
	N("a: {\"b\": c}\n"),
	N("a: {b: c} # x\n  d\n"),
	Y("a: \"\"\nb: ''\nc: '  '\n"),
	Y("key: null\nkey2: Null\nkey3: ~\n"),
	Y("a:   # c\n  b: 1\n"),
	Y("a: 1 # c: d\n"),
	Y("a: 'x: y' # c\n"),
	Y("a: x # 'q'\n"),
	/* junk after a value */
	N("key: 'x' y\n"),
	N("key: \"x\": y\n"),
	N("key: [a] b\n"),
	N("key: {a: 1} b\n"),
	N("key: 'x' 'y'\n"),
	N("key: \"x\" # c\n  y\n"),
};

Test(yaml_fast, handwritten_texts_obey_the_contract)
{
	size_t i, n = sizeof(cases) / sizeof(cases[0]), nfast = 0, nmust = 0, nbad = 0;
	size_t npmo = 0, npmofast = 0;
	pmo_buf declined = PMO_BUF_INIT;

	cr_assert_geq(n, 120);
	for (i = 0; i < n; i++) {
		const yaml_case *c = &cases[i];
		const pmo_yaml_limits *lim = c->limits == L_EMPTY ? &lim_empty :
					     c->limits == L_DEPTH3 ? &lim_depth3 :
					     c->limits == L_SMALL ? &lim_small : NULL;
		char name[32], *shown;
		outcome o;

		snprintf(name, sizeof(name), "case %zu", i);
		if (!expect_contract(name, c->text, c->len, lim, &o))
			nbad++;
		nfast += o.fast_rc == 0;
		nmust += c->accept == 1;
		npmo += c->accept == 2;
		npmofast += c->accept == 2 && o.fast_rc == 0;
		shown = literal(c->text, c->len, 200);
		cr_expect(c->accept != 1 || o.fast_rc == 0,
			  "case %zu: the fast reader declines %s (libyaml: %d)", i, shown, o.libyaml_rc);
		if (o.fast_rc != 0 && o.libyaml_rc == 0)
			pmo_buf_printf(&declined, "  case %zu: %s\n", i, shown);
		free(shown);
	}
	fprintf(stderr, "yaml_fast: handwritten: %zu texts, fast reader accepted %zu (%zu must be; "
		"%zu of %zu that pmo may write but it leaves to libyaml); %zu contract violations\n",
		n, nfast, nmust, npmofast, npmo, nbad);
	if (getenv("PMO_FAST_VERBOSE"))
		fprintf(stderr, "yaml_fast: declined though libyaml accepts:\n%s",
			pmo_buf_cstr(&declined));
	pmo_buf_free(&declined);
}

/* --- generated texts --------------------------------------------------------- */

/* "k…k: v\n" with a key of n copies of unit */
static void long_key(pmo_buf *b, const char *pre, const char *unit, size_t n, const char *post)
{
	size_t i;

	pmo_buf_puts(b, pre);
	for (i = 0; i < n; i++)
		pmo_buf_puts(b, unit);
	pmo_buf_puts(b, post);
}

/* depth nested block mappings ("a:\n  a:\n    …: x") or sequences */
static void nested(pmo_buf *b, size_t depth, int seq)
{
	size_t i;

	for (i = 0; i < depth; i++) {
		pmo_buf_pad(b, ' ', 2 * i);
		pmo_buf_puts(b, seq ? "-\n" : "a:\n");
	}
	pmo_buf_pad(b, ' ', 2 * depth);
	pmo_buf_puts(b, "x\n");
}

static void many_keys(pmo_buf *b, size_t n, long dup_of, size_t indent)
{
	size_t i;

	for (i = 0; i < n; i++) {
		pmo_buf_pad(b, ' ', indent);
		pmo_buf_printf(b, "key%zu: %zu\n", i, i);
	}
	if (dup_of >= 0) {
		pmo_buf_pad(b, ' ', indent);
		pmo_buf_printf(b, "key%ld: again\n", dup_of);
	}
}

Test(yaml_fast, generated_texts_obey_the_contract)
{
	static const size_t key_lengths[] = { 1000, 1022, 1023, 1024, 1025, 1026, 1100 };
	pmo_buf b = PMO_BUF_INIT;
	size_t i, ntexts = 0, nfast = 0;
	outcome o;
	char name[64];

#define CHECK(must)                                                                       \
	do {                                                                              \
		cr_assert_eq(pmo_buf_oom(&b), 0);                                         \
		expect_contract(name, pmo_buf_cstr(&b), b.len, NULL, &o);                 \
		ntexts++;                                                                 \
		nfast += o.fast_rc == 0;                                                  \
		cr_expect(!(must) || o.fast_rc == 0, "%s: the fast reader declines it", name); \
		pmo_buf_clear(&b);                                                        \
	} while (0)

	/* long keys: libyaml reads implicit keys of up to 1024 characters */
	for (i = 0; i < sizeof(key_lengths) / sizeof(key_lengths[0]); i++) {
		size_t n = key_lengths[i];
		snprintf(name, sizeof(name), "plain key of %zu characters", n);
		long_key(&b, "", "k", n, ": v\n");
		CHECK(n == 1000);
		snprintf(name, sizeof(name), "quoted key of %zu characters", n);
		long_key(&b, "'", "k", n - 2, "': v\n");
		CHECK(0);
		snprintf(name, sizeof(name), "key of %zu Chinese characters", n);
		long_key(&b, "", "中", n, ": v\n");
		CHECK(0);
		snprintf(name, sizeof(name), "nested key of %zu characters", n);
		long_key(&b, "a:\n  ", "k", n, ": v\n");
		CHECK(0);
		snprintf(name, sizeof(name), "item key of %zu characters", n);
		long_key(&b, "- ", "k", n, ": v\n");
		CHECK(0);
		snprintf(name, sizeof(name), "explicit key of %zu characters", n);
		long_key(&b, "? ", "k", n, "\n: v\n");
		CHECK(0);
		snprintf(name, sizeof(name), "value of %zu characters", n);
		long_key(&b, "k: ", "v", n, "\n");
		CHECK(1);
		snprintf(name, sizeof(name), "flow key of %zu characters", n);
		long_key(&b, "a: {", "k", n, ": v}\n");
		CHECK(0);
	}
	/* nesting */
	for (i = 62; i <= 66; i++) {
		snprintf(name, sizeof(name), "%zu nested mappings", i);
		nested(&b, i, 0);
		CHECK(0);
		snprintf(name, sizeof(name), "%zu nested sequences", i);
		nested(&b, i, 1);
		CHECK(0);
	}
	snprintf(name, sizeof(name), "70 nested mappings");
	nested(&b, 70, 0);
	CHECK(0);
	snprintf(name, sizeof(name), "70 nested flow sequences");
	pmo_buf_puts(&b, "a: ");
	pmo_buf_pad(&b, '[', 70);
	pmo_buf_pad(&b, ']', 70);
	pmo_buf_putc(&b, '\n');
	CHECK(0);
	snprintf(name, sizeof(name), "70 nested '- - -' items");
	for (i = 0; i < 70; i++)
		pmo_buf_puts(&b, "- ");
	pmo_buf_puts(&b, "x\n");
	CHECK(0);
	/* mappings small and large, with and without a duplicate */
	for (i = 1; i <= 40; i += (i < 20 ? 1 : 7)) {
		snprintf(name, sizeof(name), "%zu keys", i);
		many_keys(&b, i, -1, 0);
		CHECK(1);
		snprintf(name, sizeof(name), "%zu keys and a duplicate of the first", i);
		many_keys(&b, i, 0, 0);
		CHECK(0);
		snprintf(name, sizeof(name), "%zu keys and a duplicate of the last", i);
		many_keys(&b, i, (long)i - 1, 0);
		CHECK(0);
		snprintf(name, sizeof(name), "%zu nested keys and a duplicate", i);
		pmo_buf_puts(&b, "top:\n");
		many_keys(&b, i, (long)i / 2, 2);
		CHECK(0);
	}
	snprintf(name, sizeof(name), "1000 keys and a duplicate");
	many_keys(&b, 1000, 517, 0);
	CHECK(0);
	snprintf(name, sizeof(name), "two items of 30 keys each, the same keys");
	for (i = 0; i < 60; i++)
		pmo_buf_printf(&b, "%s key%zu: %zu\n", i % 30 ? " " : "-", i % 30, i);
	CHECK(1);
	snprintf(name, sizeof(name), "an item of 30 keys and a duplicate");
	for (i = 0; i < 31; i++)
		pmo_buf_printf(&b, "%s key%zu: %zu\n", i ? " " : "-", i % 30 + (i == 30) * 12, i);
	CHECK(0);
#undef CHECK
	fprintf(stderr, "yaml_fast: generated: %zu texts, fast reader accepted %zu\n", ntexts, nfast);
	pmo_buf_free(&b);
}

/* --- a generated plan -------------------------------------------------------- */

static unsigned long long prng;

static unsigned rnd(unsigned n)
{
	prng = prng * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)((prng >> 33) % n);
}

/* A plan.yaml of n tasks like bench/genplan's: a summary task every
 * eleven, the others its children; a milestone every 50; dependencies on
 * earlier tasks, in flow and in block form, with and without quotes. */
static void gen_plan(pmo_buf *b, long n)
{
	long i;

	prng = 7;
	pmo_buf_printf(b, "# generated plan of %ld tasks\ntasks:\n", n);
	for (i = 1; i <= n; i++) {
		long parent = (i - 1) / 11 * 11 + 1;
		unsigned k, nd = i > 30 ? rnd(4) : 0;

		pmo_buf_printf(b, "  - id: T-%ld\n", i);
		if (i == parent) {
			pmo_buf_printf(b, "    title: 工作包 %ld 需求分析\n", i / 11 + 1);
			continue;
		}
		pmo_buf_printf(b, "    title: 任务 %ld (迁移 step %ld)\n    parent: T-%ld\n", i, i,
			       parent);
		if (i % 50 == 0)
			pmo_buf_puts(b, "    milestone: true\n");
		else
			pmo_buf_printf(b, "    duration: %u\n", 1 + rnd(10));
		if (nd && i % 2) {
			pmo_buf_puts(b, "    depends: [");
			for (k = 0; k < nd; k++) {
				long p = 1 + (long)rnd((unsigned)i - 1);
				if (k)
					pmo_buf_puts(b, ", ");
				if (k % 2)
					pmo_buf_printf(b, "\"T-%ld:ss+%ud\"", p, 1 + rnd(3));
				else
					pmo_buf_printf(b, "T-%ld", p);
			}
			pmo_buf_puts(b, "]\n");
		} else if (nd) {
			pmo_buf_puts(b, "    depends:\n");
			for (k = 0; k < nd; k++)
				pmo_buf_printf(b, k % 2 ? "      - 'T-%ld:ff'\n" : "      - T-%ld\n",
					       (long)(1 + rnd((unsigned)i - 1)));
		}
		if (i % 7 == 0)
			pmo_buf_puts(b, "    assignees:\n      - person: wang-li\n        allocation: 50\n");
		if (i % 13 == 0)
			pmo_buf_puts(b, "    progress: 40 # about half\n    actual_start: '2026-09-01'\n");
	}
}

Test(yaml_fast, generated_plan_is_read_by_the_fast_reader)
{
	pmo_buf b = PMO_BUF_INIT;
	pmo_doc *doc = NULL;
	outcome o;

	gen_plan(&b, 2000);
	cr_assert_eq(pmo_buf_oom(&b), 0);
	expect_contract("the generated plan", pmo_buf_cstr(&b), b.len, NULL, &o);
	cr_assert_eq(o.libyaml_rc, 0, "libyaml refuses the generated plan");
	cr_expect_eq(o.fast_rc, 0, "the fast reader declines the generated plan");
	cr_assert_eq(pmo_yaml_load_with(&doc, "plan.yaml", pmo_buf_cstr(&b), b.len, NULL,
					PMO_YAML_LIBYAML), 0);
	cr_assert_eq(pmo_doc_root(doc)->pairs[0].value->n, 2000);
	fprintf(stderr, "yaml_fast: generated plan: %zu bytes, 2000 tasks, fast reader %s\n", b.len,
		o.fast_rc == 0 ? "accepted" : "declined");
	pmo_doc_free(doc);
	pmo_buf_free(&b);
}

/* --- mutations ---------------------------------------------------------------- */

static const char *const seeds[] = {
	"name: 王丽\nrole: pm # 项目经理\ncapacity: 8\nrate: '1800.00'\nskills:\n  - PMP\n  - 数据迁移\n",
	"tasks:\n  - id: T-1\n    title: 需求分析\n  - id: T-2\n    parent: T-1\n    duration: 10\n"
	"    depends: [T-1, \"T-1:ss+3d\"]\n    milestone: false\n",
	"tasks:\n- id: T-1\n  depends:\n  - T-2\n  - 'T-3:ff'\n- id: T-2\n\n# end\n",
	"holidays:\n  - {date: 2026-01-01, until: 2026-01-03, name: 元旦}\n  - {date: 2026-05-01}\n"
	"workdays: [mon, tue, wed]\n",
	"a: \"no escapes: 中文\"\nb: 'it''s # not: a comment'\nc: ~\nd: -5\ne: http://x/y\n",
	"id: R-1\ntitle: 核心数据迁移丢失\nprobability: 4\nimpact: 5\nidentified: '2026-11-16'\n"
	"review: '2027-01-18'\nstatus: open\n",
	"- [x, y]\n- {k: v}\n- 'q'\n- \"d\"\n- 1.5e3\n-\n- a:\n  - b\n  c: d\n",
	"a:\n  b:\n    c: 1\n  d: []\n  e: {}\nf: x y z   \n",
};

static const char interesting[] = { ' ', '\n', ':', '-', '#', '\'', '"', '[', ']', '{', '}', ',',
				    '\t', '\r', '|', '>', '&', '*', '!', '?', 0x00, (char)0x80,
				    (char)0xE4, 'a', '1' };

/* delete, insert or replace one byte of b */
static void mutate(pmo_buf *b)
{
	unsigned op = rnd(3);
	size_t at = b->len ? rnd((unsigned)b->len + (op == 1)) : 0;
	char c = interesting[rnd(sizeof(interesting))];

	if (op == 0 && b->len) {
		memmove(b->ptr + at, b->ptr + at + 1, b->len - at - 1);
		pmo_buf_truncate(b, b->len - 1);
	} else if (op == 1 || !b->len) {
		pmo_buf_putc(b, 0);
		memmove(b->ptr + at + 1, b->ptr + at, b->len - at - 1);
		b->ptr[at] = c;
	} else {
		b->ptr[at] = c;
	}
}

/* The only test here with a timeout: Criterion 2.4's runner leaks a timer
 * (LeakSanitizer says so) when tests with timeouts run at the same time. */
Test(yaml_fast, mutants_obey_the_contract, .timeout = 300)
{
	size_t nseeds = sizeof(seeds) / sizeof(seeds[0]), i, nfast = 0, nlib = 0, nbad = 0;
	pmo_buf b = PMO_BUF_INIT, shown = PMO_BUF_INIT;
	strvec found = { 0 }, kinds = { 0 };

	for (i = 0; i < nseeds; i++) {
		outcome o;
		expect_contract("a seed", seeds[i], strlen(seeds[i]), NULL, &o);
		cr_expect_eq(o.fast_rc, 0, "the fast reader declines seed %zu", i);
	}
	prng = 20261201;
	for (i = 0; i < 20000; i++) {
		unsigned k, nmut = 1 + rnd(3);
		char *why;
		outcome o;

		pmo_buf_clear(&b);
		pmo_buf_puts(&b, seeds[i % nseeds]);
		for (k = 0; k < nmut; k++)
			mutate(&b);
		cr_assert_eq(pmo_buf_oom(&b), 0);
		why = contract(b.ptr, b.len, NULL, &o);
		nlib += o.libyaml_rc == 0;
		nfast += o.fast_rc == 0;
		if (why) {
			size_t j, n = minimize(b.ptr, b.len, NULL);
			char *lit = literal(b.ptr, n, SIZE_MAX), *mwhy = contract(b.ptr, n, NULL, NULL);

			char *sig = signature(mwhy ? mwhy : why);

			nbad++;
			for (j = 0; j < found.n && strcmp(found.v[j], lit) != 0; j++)
				;
			if (j == found.n && found.n < 30) {
				strvec_push(&found, lit);
				pmo_buf_printf(&shown, "  mutant %zu, minimal %s\n    %s\n", i, lit,
					       mwhy ? mwhy : why);
			} else {
				free(lit);
			}
			for (j = 0; j < kinds.n && strcmp(kinds.v[j], sig) != 0; j++)
				;
			if (j == kinds.n)
				strvec_push(&kinds, sig);
			else
				free(sig);
			free(mwhy);
			free(why);
		}
	}
	fprintf(stderr, "yaml_fast: mutants: 20000, libyaml accepted %zu, fast reader accepted %zu; "
		"%zu break the contract, in %zu ways\n", nlib, nfast, nbad, kinds.n);
	for (i = 0; i < kinds.n; i++)
		fprintf(stderr, "  %s\n", kinds.v[i]);
	cr_expect_eq(nbad, 0, "%zu of 20000 mutants break the contract; the first distinct "
		     "minimal reproducers (at most 30):\n%s", nbad, pmo_buf_cstr(&shown));
	strvec_free(&found);
	strvec_free(&kinds);
	pmo_buf_free(&shown);
	pmo_buf_free(&b);
}

/* Bytes that are not a whole packed document (a cache entry cut short or
 * changed) are refused with PMO_EINVALID, never read past (ASan). */
Test(yaml_fast, damaged_packed_documents_are_refused)
{
	static const char text[] = "id: R-1\ntitle: \"核心数据迁移\\t丢失\"\ntags: [a, 'b c']\n"
				   "notes: |\n  line one\n  line two\nmitigations:\n  - {step: 1, by: wang-li}\n"
				   "  - ~\nscore: 20\n";
	pmo_doc *doc = NULL, *back = NULL;
	pmo_buf packed = PMO_BUF_INIT;
	size_t cut, refused = 0;
	char diff[DIFFLEN];

	cr_assert_eq(pmo_yaml_load(&doc, "r.yaml", text, strlen(text), NULL), 0);
	cr_assert_eq(pmo_doc_pack(&packed, doc), 0);
	cr_assert_eq(pmo_doc_unpack(&back, "r.yaml", packed.ptr, packed.len), 0);
	cr_assert_eq(tree_diff(pmo_doc_root(doc), pmo_doc_root(back), diff, sizeof(diff)), 0, "%s", diff);
	pmo_doc_free(back);
	for (cut = 0; cut < packed.len; cut++) {
		char *copy = malloc(cut ? cut : 1);

		cr_assert_not_null(copy);
		memcpy(copy, packed.ptr, cut);
		back = NULL;
		if (pmo_doc_unpack(&back, "r.yaml", copy, cut) == PMO_EINVALID && !back)
			refused++;
		pmo_doc_free(back);
		pmo_error_clear();
		free(copy);
	}
	cr_assert_eq(refused, packed.len, "%zu of %zu cut entries refused", refused, packed.len);
	/* one more byte than the document is damage too */
	pmo_buf_putc(&packed, 0);
	back = NULL;
	cr_assert_eq(pmo_doc_unpack(&back, "r.yaml", packed.ptr, packed.len), PMO_EINVALID);
	cr_assert_null(back);
	pmo_error_clear();
	pmo_buf_free(&packed);
	pmo_doc_free(doc);
}
