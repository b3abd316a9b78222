/*
 * Resolving $ref: JSON Pointers into documents, $id's and remote URIs
 * (through the set's loader), each resolved once when a schema is first
 * validated against ("prepared"), and $ref cycles that never move into the
 * instance refused.
 */
#include "schema/internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Resolving $ref. */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Walk the JSON pointer ptr (already percent-decoded) from root. */
static int pointer_walk(pmo_schema **out, pmo_schema *from, const pmo_schema *s, const char *ptr,
			size_t len)
{
	pmo_schema_set *set = from->set;
	const pmo_node *cur = from->node;
	const char *base = from->base;
	pmo_buf tok = PMO_BUF_INIT;
	size_t i = 0;
	int error = 0;

	while (i < len) {
		const pmo_node *next = NULL;
		pmo_schema *cs;
		i++; /* the '/' */
		pmo_buf_clear(&tok);
		while (i < len && ptr[i] != '/') {
			if (ptr[i] == '~' && i + 1 < len && (ptr[i + 1] == '0' || ptr[i + 1] == '1')) {
				pmo_buf_putc(&tok, ptr[i + 1] == '0' ? '~' : '/');
				i += 2;
			} else {
				pmo_buf_putc(&tok, ptr[i++]);
			}
		}
		if ((error = pmo_buf_oom(&tok)) < 0)
			goto done;
		if (cur->kind == PMO_NODE_MAP) {
			next = pmo_schema__map_get_n(cur, tok.ptr ? tok.ptr : "", tok.len);
		} else if (cur->kind == PMO_NODE_SEQ && tok.len > 0 &&
			   (tok.len == 1 || tok.ptr[0] != '0')) {
			size_t k, idx = 0;
			for (k = 0; k < tok.len && tok.ptr[k] >= '0' && tok.ptr[k] <= '9'; k++)
				idx = idx * 10 + (size_t)(tok.ptr[k] - '0');
			if (k == tok.len && idx < cur->n)
				next = cur->items[idx];
		}
		if (!next) {
			error = pmo_schema__error(set, s->doc, s->ref, "cannot resolve $ref \"%s\"", s->ref->str);
			goto done;
		}
		cur = next;
		if ((cs = pmo_htab_get(&set->by_node, cur, 0)))
			base = cs->base;
	}
	if ((error = pmo_schema__compile(out, set, from->doc, cur, base)) < 0) {
		if (error == PMO_EINVALID)
			error = pmo_schema__error(set, s->doc, s->ref,
					     "$ref \"%s\" does not point at a schema", s->ref->str);
	}
done:
	pmo_buf_free(&tok);
	return error;
}

static int resolve_ref(pmo_schema *s)
{
	pmo_schema_set *set = s->set;
	pmo_buf full = PMO_BUF_INIT, text = PMO_BUF_INIT, frag = PMO_BUF_INIT;
	pmo_schema *root = NULL;
	const char *hash;
	size_t doclen, i;
	int error = 0;

	if ((error = pmo_schema__uri_resolve(&full, s->base, s->ref->str, s->ref->len)) < 0)
		goto done;
	/* a location-independent id ("…#foo") or a whole document */
	if ((s->target = pmo_htab_get(&set->by_uri, full.ptr, pmo_schema__uri_key_len(full.ptr, full.len))))
		goto done;
	hash = memchr(full.ptr, '#', full.len);
	doclen = hash ? (size_t)(hash - full.ptr) : full.len;
	root = pmo_htab_get(&set->by_uri, full.ptr, doclen);
	if (!root && doclen == 0)
		root = s->doc->root; /* "#…" in a document without a URI */
	if (!root && set->loader && set->depth < 32) {
		char *docuri = strndup(full.ptr, doclen);
		if (!docuri) {
			error = pmo_error_set(PMO_ENOMEM, "out of memory");
			goto done;
		}
		error = set->loader(&text, docuri, set->payload);
		if (error == 0) {
			set->depth++;
			error = pmo_schema_add(&root, set, docuri, text.ptr ? text.ptr : "", text.len);
			set->depth--;
		} else if (error == PMO_ENOTFOUND) {
			error = 0;
		}
		free(docuri);
		if (error < 0)
			goto done;
	}
	if (!root) {
		error = pmo_schema__error(set, s->doc, s->ref, "cannot resolve $ref \"%s\"", s->ref->str);
		goto done;
	}
	if (!hash || hash + 1 == full.ptr + full.len) {
		s->target = root;
		goto done;
	}
	/* percent-decode the fragment, then read it as a JSON pointer */
	for (i = doclen + 1; i < full.len; i++) {
		int h1, h2;
		if (full.ptr[i] == '%' && i + 2 < full.len && (h1 = hexval(full.ptr[i + 1])) >= 0 &&
		    (h2 = hexval(full.ptr[i + 2])) >= 0) {
			pmo_buf_putc(&frag, (char)(h1 * 16 + h2));
			i += 2;
		} else {
			pmo_buf_putc(&frag, full.ptr[i]);
		}
	}
	if ((error = pmo_buf_oom(&frag)) < 0)
		goto done;
	if (frag.ptr[0] != '/') {
		error = pmo_schema__error(set, s->doc, s->ref, "cannot resolve $ref \"%s\"", s->ref->str);
		goto done;
	}
	error = pointer_walk(&s->target, root, s, frag.ptr, frag.len);
done:
	pmo_buf_free(&full);
	pmo_buf_free(&text);
	pmo_buf_free(&frag);
	return error;
}

/* Calls fn on every subschema of s; same_only limits it to the subschemas
 * applied to the same instance (not to items or properties). */
#define EACH_CHILD(s, same_only, CALL)                                                  \
	do {                                                                            \
		size_t k_;                                                              \
		if ((s)->kind == K_REF) {                                               \
			if ((s)->target)                                                \
				CALL((s)->target);                                      \
			break;                                                          \
		}                                                                       \
		for (k_ = 0; k_ < (s)->nall; k_++)                                      \
			CALL((s)->all_of[k_]);                                          \
		for (k_ = 0; k_ < (s)->nany; k_++)                                      \
			CALL((s)->any_of[k_]);                                          \
		for (k_ = 0; k_ < (s)->none; k_++)                                      \
			CALL((s)->one_of[k_]);                                          \
		if ((s)->not_)                                                          \
			CALL((s)->not_);                                                \
		if ((s)->if_)                                                           \
			CALL((s)->if_);                                                 \
		if ((s)->then_)                                                         \
			CALL((s)->then_);                                               \
		if ((s)->else_)                                                         \
			CALL((s)->else_);                                               \
		for (k_ = 0; k_ < (s)->ndeps; k_++)                                     \
			if ((s)->deps[k_].s)                                            \
				CALL((s)->deps[k_].s);                                  \
		if (same_only)                                                          \
			break;                                                          \
		for (k_ = 0; k_ < (s)->nprops; k_++)                                    \
			CALL((s)->props[k_].s);                                         \
		for (k_ = 0; k_ < (s)->npprops; k_++)                                   \
			CALL((s)->pprops[k_].s);                                        \
		for (k_ = 0; k_ < (s)->nitems_arr; k_++)                                \
			CALL((s)->items_arr[k_]);                                       \
		if ((s)->addl_props)                                                    \
			CALL((s)->addl_props);                                          \
		if ((s)->prop_names)                                                    \
			CALL((s)->prop_names);                                          \
		if ((s)->items)                                                         \
			CALL((s)->items);                                               \
		if ((s)->addl_items)                                                    \
			CALL((s)->addl_items);                                          \
		if ((s)->contains)                                                      \
			CALL((s)->contains);                                            \
	} while (0)

/* Resolve every $ref reachable from s and look for broken regexes. */
static int prepare_walk(pmo_schema *s, unsigned epoch)
{
	int error = 0;

	if (s->seen == epoch || s->prepared)
		return 0;
	s->seen = epoch;
	if (pmo_schema__grow((void **)&s->set->walk, &s->set->capwalk, s->set->nwalk, sizeof(pmo_schema *)) < 0)
		return PMO_ENOMEM;
	s->set->walk[s->set->nwalk++] = s;
	if (s->broken)
		return pmo_schema__error(s->set, s->doc, s->broken_node, "%s", s->broken);
	if (s->kind == K_REF && !s->target && (error = resolve_ref(s)) < 0)
		return error;
#define PREP_CALL(c)                                                    \
	do {                                                            \
		if ((error = prepare_walk((c), epoch)) < 0)             \
			return error;                                   \
	} while (0)
	EACH_CHILD(s, 0, PREP_CALL);
#undef PREP_CALL
	return 0;
}

/* A cycle through $ref/allOf/anyOf/... that never moves into the instance
 * would make validation loop forever. */
static int cycle_walk(pmo_schema *s, unsigned epoch)
{
	int error = 0;

	if (s->done == epoch || s->prepared)
		return 0;
	if (s->on_stack) {
		const pmo_node *at = s->kind == K_REF ? s->ref : s->node;
		return pmo_error_set_at(PMO_EINVALID, s->doc->name, at->line, at->col,
					"schema refers to itself without validating anything (a $ref cycle)");
	}
	s->on_stack = 1;
#define CYC_CALL(c)                                                     \
	do {                                                            \
		if ((error = cycle_walk((c), epoch)) < 0) {             \
			s->on_stack = 0;                                \
			return error;                                   \
		}                                                       \
	} while (0)
	EACH_CHILD(s, 1, CYC_CALL);
#undef CYC_CALL
	s->on_stack = 0;
	s->done = epoch;
	return 0;
}

static void mark_prepared(pmo_schema *s)
{
	if (s->prepared)
		return;
	s->prepared = 1;
#define MARK_CALL(c) mark_prepared(c)
	EACH_CHILD(s, 0, MARK_CALL);
#undef MARK_CALL
}

int pmo_schema__prepare(pmo_schema *s)
{
	pmo_schema_set *set = s->set;
	int error;

	if (s->prepared)
		return 0;
	size_t i;

	set->epoch += 2;
	set->nwalk = 0;
	if ((error = prepare_walk(s, set->epoch)) < 0)
		return error;
	for (i = 0; i < set->nwalk; i++)
		if ((error = cycle_walk(set->walk[i], set->epoch + 1)) < 0)
			return error;
	mark_prepared(s);
	return 0;
}

