/*
 * pmo search: every record of every kind (all projects), read with the
 * fast reader as list reads them and no git history, whose title or any
 * field of text or list of text contains a text (ASCII letters without
 * regard to case, everything else as is: field~text's rule). One hit a
 * record: its first field that matches, the title first, with an excerpt
 * of the text around the match on one line. Only the files whose bytes
 * can hold the text are parsed (may_hold), so a file that cannot be read
 * is named only when it could have matched: pmo validate names them all.
 */
#define _GNU_SOURCE /* memmem */
#include "model/internal.h"
#include "model/match.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/* Characters of context before and after the match in an excerpt. */
enum { BEFORE = 20, AFTER = 40 };

void pmo_hits_free(pmo_hits *h)
{
	size_t i;

	if (!h)
		return;
	for (i = 0; i < h->n; i++) {
		free(h->items[i].record);
		free(h->items[i].title);
		free(h->items[i].excerpt);
	}
	free(h->items);
	memset(h, 0, sizeof(*h));
}

static int is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* text around at (len bytes matched): up to BEFORE characters before and
 * AFTER after, line breaks and tabs as spaces, … where it is cut. */
static char *excerpt(const char *text, const char *at, size_t len)
{
	const char *s = at, *e = at + len;
	pmo_buf b = PMO_BUF_INIT;
	int k;

	for (k = 0; k < BEFORE && s > text; k++)
		do
			s--;
		while (s > text && is_cont((unsigned char)*s));
	for (k = 0; k < AFTER && *e; k++)
		do
			e++;
		while (*e && is_cont((unsigned char)*e));
	if (s > text)
		pmo_buf_puts(&b, "…");
	while (s < e) {
		/* the runs between line breaks and tabs as they are */
		size_t run = strcspn(s, "\n\t\r");

		if (run > (size_t)(e - s))
			run = (size_t)(e - s);
		pmo_buf_put(&b, s, run);
		if ((s += run) < e) {
			pmo_buf_putc(&b, ' ');
			s++;
		}
	}
	if (*e)
		pmo_buf_puts(&b, "…");
	return pmo_buf_detach(&b);
}

/* The first text of v (a string, or an item of a list of strings) that
 * contains text: the string and where. */
static const char *find_in(const pmo_node *v, const char *text, const char **at)
{
	size_t i;

	if (v && v->kind == PMO_NODE_SCALAR && v->tag == PMO_TAG_STR)
		return (*at = pmo_text_find(v->str, text)) ? v->str : NULL;
	for (i = 0; v && v->kind == PMO_NODE_SEQ && i < v->n; i++)
		if (v->items[i]->kind == PMO_NODE_SCALAR && v->items[i]->tag == PMO_TAG_STR &&
		    (*at = pmo_text_find(v->items[i]->str, text)))
			return v->items[i]->str;
	return NULL;
}

/* Whether field is one search reads: the title, text, a list of text. */
static int searched(const pmo_kind *kind, const char *field)
{
	pmo_value_type t;

	if (!strcmp(field, kind->id_field))
		return 0;
	t = pmo_value_type_of(pmo_kind_prop(kind, field));
	return !strcmp(field, kind->title_field) || t == PMO_VALUE_TEXT || t == PMO_VALUE_TEXTS;
}

/* The fields search reads of a kind, in the order it reads them: the
 * title, then the schema's. */
typedef struct {
	const pmo_kind *kind;
	const char **fields;
	size_t n;
} kind_fields;

static int fields_of(const char ***out, size_t *n, const pmo_kind *kind)
{
	const char **f = malloc((kind->props->n + 1) * sizeof(*f));
	size_t i, k = 0;

	if (!f)
		return OOM();
	if (searched(kind, kind->title_field))
		f[k++] = kind->title_field;
	for (i = 0; i < kind->props->n; i++) {
		const char *name = kind->props->pairs[i].key->str;
		/* the title again would find what it did not */
		if (strcmp(name, kind->title_field) && searched(kind, name))
			f[k++] = name;
	}
	*out = f;
	*n = k;
	return 0;
}

static int search_record(pmo_hits *out, const pmo_record *r, const kind_fields *kf,
			 const char *text)
{
	const pmo_kind *kind = r->kind;
	const pmo_node *root = pmo_doc_root(r->doc);
	const char *s = NULL, *at = NULL, *field = NULL;
	pmo_hit *items, *h;
	size_t i;

	if (!root || root->kind != PMO_NODE_MAP)
		return 0;
	for (i = 0; !field && i < kf->n; i++)
		if ((s = find_in(pmo_map_get(root, kf->fields[i]), text, &at)))
			field = kf->fields[i];
	if (!field)
		return 0;
	if (!(items = realloc(out->items, (out->n + 1) * sizeof(*items))))
		return OOM();
	out->items = items;
	h = &items[out->n];
	memset(h, 0, sizeof(*h));
	h->kind = kind->name;
	h->field = field;
	h->record = pmo_record_name(r);
	h->title = pmo_node_text(pmo_map_get(root, kind->title_field))
		   ? strdup(pmo_map_get(root, kind->title_field)->str) : strdup("");
	h->excerpt = excerpt(s, at, strlen(text));
	out->n++;
	return h->record && h->title && h->excerpt ? 0 : OOM();
}

typedef struct {
	pmo_hits *out;
	const pmo_kind *only;
	const char *text;
	kind_fields *kinds; /* those met so far */
	size_t nkinds;
} search_walk;

static int wanted(const pmo_kind *kind, void *payload)
{
	const search_walk *w = payload;

	return !w->only || w->only == kind;
}

static int search_one(const pmo_record *r, void *payload)
{
	search_walk *w = payload;
	kind_fields *k;
	size_t i;
	int error;

	for (i = 0; i < w->nkinds && w->kinds[i].kind != r->kind; i++)
		;
	if (i == w->nkinds) {
		if (!(k = realloc(w->kinds, (w->nkinds + 1) * sizeof(*k))))
			return OOM();
		w->kinds = k;
		k = &w->kinds[w->nkinds];
		k->kind = r->kind;
		if ((error = fields_of(&k->fields, &k->n, r->kind)) < 0)
			return error;
		w->nkinds++;
	}
	return search_record(w->out, r, &w->kinds[i], w->text);
}

static int folded(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Whether text[0..len) holds part[0..n), ASCII letters without regard to
 * case (pmo_text_find's rule). */
static int holds(const char *text, size_t len, const char *part, size_t n)
{
	const unsigned char *t = (const unsigned char *)text, *q = (const unsigned char *)part;
	size_t i, k;

	for (k = 0; k < n && (folded(q[k]) < 'a' || folded(q[k]) > 'z'); k++)
		;
	if (k == n) /* no letter: the bytes as they are (Chinese) */
		return memmem(text, len, part, n) != NULL;
	for (i = 0; i + n <= len; i++) {
		for (k = 0; k < n && folded(t[i + k]) == folded(q[k]); k++)
			;
		if (k == n)
			return 1;
	}
	return 0;
}

/* Whether a file of these bytes may hold a text field that contains the
 * text searched for: before a file is parsed, most of a large portfolio's
 * are set aside by this alone. YAML gives a scalar's characters as the
 * file writes them, but for escapes (\ in double quotes: such a file is
 * always parsed), '' in single quotes (one ') and line breaks, the
 * indentation after them and spaces at a line's end (spaces in the
 * value): so every run of the text between spaces, tabs, line breaks and
 * quotes (') is in the bytes of a file that can match. A file with a NUL
 * byte or a BOM may be UTF-16: parsed. */
static int may_hold(const char *bytes, size_t len, void *payload)
{
	const search_walk *w = payload;
	const char *p = w->text, *e;

	if (memchr(bytes, '\\', len) || memchr(bytes, '\0', len) ||
	    (len && ((unsigned char)bytes[0] == 0xFE || (unsigned char)bytes[0] == 0xFF)))
		return 1;
	for (;;) {
		p += strspn(p, " \t\r\n'");
		if (!*p)
			return 1;
		e = p + strcspn(p, " \t\r\n'");
		if (!holds(bytes, len, p, (size_t)(e - p)))
			return 0;
		p = e;
	}
}

int pmo_search(pmo_hits *out, pmo_findings *problems, pmo_source *src, const pmo_model *model,
	       const pmo_kind *only, const char *text)
{
	search_walk w = { out, only, text, NULL, 0 };
	pmo_records_walk walk = { wanted, may_hold, search_one, &w, NULL, NULL, NULL };
	size_t i;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = pmo_records_each(problems, src, model, &walk)) < 0)
		pmo_hits_free(out);
	for (i = 0; i < w.nkinds; i++)
		free(w.kinds[i].fields);
	free(w.kinds);
	return error;
}
