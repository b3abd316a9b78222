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
#include "util/filecache.h"

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

typedef struct {
	pmo_hits *out;
	const pmo_kind *only;
	const char *text;
	kind_fields *kinds; /* every kind searched, made before the walk */
	size_t nkinds;
} search_walk;

static const kind_fields *fields_for(const search_walk *w, const pmo_kind *kind)
{
	size_t i;

	for (i = 0; i < w->nkinds; i++)
		if (w->kinds[i].kind == kind)
			return &w->kinds[i];
	return NULL;
}

static int wanted(const pmo_kind *kind, void *payload)
{
	const search_walk *w = payload;

	return !w->only || w->only == kind;
}

/* What pmo search keeps of a record (pmo_records_kept): its title (none:
 * not text), then the number of texts it reads and each one's field (its
 * place in kind_fields) and text, in the order they are searched: the
 * strings and the strings of lists of the searched fields. */
static int search_keep(pmo_buf *out, const pmo_record *r, void *payload)
{
	const kind_fields *kf = fields_for(payload, r->kind);
	const pmo_node *root = pmo_doc_root(r->doc), *t, *v;
	uint32_t n = 0;
	size_t i, k, at;

	if (!kf)
		return pmo_error_set(PMO_EINVALID, "pmo search: kind %s not prepared", r->kind->name);
	t = pmo_map_get(root, r->kind->title_field);
	pmo_bin_str(out, pmo_node_text(t) ? t->str : NULL);
	at = out->len;
	pmo_bin_u32(out, 0);
	for (i = 0; i < kf->n; i++) {
		v = pmo_map_get(root, kf->fields[i]);
		if (v && v->kind == PMO_NODE_SCALAR && v->tag == PMO_TAG_STR) {
			pmo_bin_u32(out, (uint32_t)i);
			pmo_bin_str(out, v->str);
			n++;
		}
		for (k = 0; v && v->kind == PMO_NODE_SEQ && k < v->n; k++)
			if (v->items[k]->kind == PMO_NODE_SCALAR && v->items[k]->tag == PMO_TAG_STR) {
				pmo_bin_u32(out, (uint32_t)i);
				pmo_bin_str(out, v->items[k]->str);
				n++;
			}
	}
	if (pmo_buf_oom(out) < 0)
		return OOM();
	memcpy(out->ptr + at, &n, sizeof(n));
	return 0;
}

static void hit_free(void *p)
{
	pmo_hit *h = p;

	if (!h)
		return;
	free(h->record);
	free(h->title);
	free(h->excerpt);
	free(h);
}

/* The hit of a record from what search_keep kept, on any thread: its
 * first text that holds the text searched for, or none. */
static int holds(const char *text, size_t len, const char *part, size_t n);

static int search_use(void **out, const pmo_record *r, const char *bytes, size_t len, void *payload)
{
	const search_walk *w = payload;
	const kind_fields *kf = fields_for(w, r->kind);
	pmo_bin b = { (const unsigned char *)bytes, (const unsigned char *)bytes + len, 0 };
	const char *title = pmo_bin_get_str(&b), *s = NULL, *at = NULL;
	uint32_t n = pmo_bin_get_u32(&b), i, f = 0;
	pmo_hit *h;

	*out = NULL;
	/* the kept strings are in the bytes as they are: a record none of
	 * whose bytes hold the text has no string that does */
	if (!b.bad && !holds(bytes, len, w->text, strlen(w->text)))
		return 0;
	for (i = 0; i < n && !b.bad; i++) {
		f = pmo_bin_get_u32(&b);
		s = pmo_bin_get_str(&b);
		if (!kf || f >= kf->n || !s)
			b.bad = 1;
		else if ((at = pmo_text_find(s, w->text)))
			break;
	}
	if (b.bad || (i == n && b.p != b.end))
		return pmo_error_set(PMO_EINVALID, "%s: a kept entry that is not pmo search's", r->path);
	if (i == n)
		return 0;
	if (!(h = calloc(1, sizeof(*h))))
		return OOM();
	h->kind = r->kind->name;
	h->field = kf->fields[f];
	h->record = pmo_record_name(r);
	h->title = strdup(title ? title : "");
	h->excerpt = excerpt(s, at, strlen(w->text));
	if (!h->record || !h->title || !h->excerpt) {
		hit_free(h);
		return OOM();
	}
	*out = h;
	return 0;
}

/* A record's hit onto the list, in the walk's order. */
static int search_take(void *got, void *payload)
{
	search_walk *w = payload;
	pmo_hit *h = got, *items;

	if (!h)
		return 0;
	if (!(items = realloc(w->out->items, (w->out->n + 1) * sizeof(*items)))) {
		hit_free(h);
		return OOM();
	}
	w->out->items = items;
	items[w->out->n++] = *h;
	free(h);
	return 0;
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
	static const pmo_records_kept kept = { "search", 1, 1, search_keep, search_use };
	search_walk w = { out, only, text, NULL, 0 };
	pmo_records_walk walk = { wanted, may_hold, NULL, &w, NULL, search_take, hit_free, &kept };
	size_t i, k;
	int error = 0;

	memset(out, 0, sizeof(*out));
	/* each kind's fields, made once for every thread to read */
	if (!(w.kinds = calloc(pmo_model_kind_count(model) + 1, sizeof(*w.kinds))))
		return OOM();
	for (k = 0; k < pmo_model_kind_count(model) && !error; k++) {
		const pmo_kind *kind = pmo_model_kind_at(model, k);

		if (!kind) {
			error = OOM();
			break;
		}
		if (!wanted(kind, &w))
			continue;
		w.kinds[w.nkinds].kind = kind;
		if ((error = fields_of(&w.kinds[w.nkinds].fields, &w.kinds[w.nkinds].n, kind)) == 0)
			w.nkinds++;
	}
	if (!error)
		error = pmo_records_each(problems, src, model, &walk);
	if (error < 0)
		pmo_hits_free(out);
	for (i = 0; i < w.nkinds; i++)
		free(w.kinds[i].fields);
	free(w.kinds);
	return error;
}
