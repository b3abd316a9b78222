/* The three-way merge of YAML documents (merge.h says what it does).
 *
 * The result is ours's text with edits: each edit replaces a byte range of
 * ours's source (or inserts at a place) with text, most often the lines of
 * the same item or entry on theirs's side. Beside the text the merge builds
 * the tree the result must read back as, twice: with every conflict
 * resolved for ours (x) and for theirs (y). The text is checked against
 * them at the end; with conflicts each side of the markers is read on its
 * own. A place the edits cannot reach (an item whose first key goes, a
 * list in flow style) makes the whole merge run again on the canonical
 * text of the three versions. */
#include "yaml/merge_internal.h"
#include "util/error.h"
#include "util/hash.h"

#include <stdlib.h>
#include <string.h>


/* --- one run ------------------------------------------------------------------------ */

static const char *newline_of(const char *s, size_t len)
{
	const char *nlp = memchr(s, '\n', len);
	return nlp && nlp > s && nlp[-1] == '\r' ? "\r\n" : "\n";
}

static const pmo_node *content(const pmo_doc *d)
{
	const pmo_node *r = d ? pmo_doc_root(d) : NULL;

	if (!r || (r->kind == PMO_NODE_SCALAR && r->tag == PMO_TAG_NULL) ||
	    (r->kind == PMO_NODE_MAP && !r->n))
		return NULL;
	return r;
}

static void run_reset(merger *m)
{
	size_t i;

	for (i = 0; i < m->ncf; i++)
		free(m->cf[i].what);
	m->ncf = 0;
	m->ned = 0;
	m->seq = 0;
	m->retry = 0;
	m->in_item = 0;
	pmo_buf_clear(&m->pool);
	pmo_buf_clear(&m->path);
	pmo_htab_free(&m->pending);
	pmo_doc_free(m->tmp);
	m->tmp = NULL;
}

static void merger_free(merger *m)
{
	run_reset(m);
	free(m->cf);
	free(m->ed);
	pmo_buf_free(&m->pool);
	pmo_buf_free(&m->path);
	pmo_buf_free(&m->item_what);
}

/* Merge once: the text in out, the trees in x and y. 1: not in place
 * (m->retry). */
static int run(merger *m, pmo_buf *out, const pmo_doc *o, const pmo_doc *a, const pmo_doc *b,
	       const pmo_node **x, const pmo_node **y)
{
	const pmo_node *ro = content(o), *ra = content(a), *rb = m->broot ? m->broot : content(b);
	pmo_node *mx = NULL, *my = NULL;
	int error;

	run_reset(m);
	if ((error = pmo_doc_new(&m->tmp)) < 0)
		return error;
	m->as = pmo_doc_source(a, &m->alen);
	m->bs = pmo_doc_source(b, &m->blen);
	m->nl = newline_of(m->as, m->alen);
	if (pmo__merge_same(ra, rb) || pmo__merge_same(ro, rb)) {
		*x = *y = pmo_doc_root(a);
		return pmo_buf_put(out, m->as, m->alen);
	}
	if (pmo__merge_same(ro, ra)) {
		*x = *y = m->broot ? m->broot : pmo_doc_root(b);
		return pmo__merge_put_renamed(out, m->bs, m->blen, 0, m->blen, m->bren, m->nbren);
	}
	if (!pmo__merge_block_map(ra) || !pmo__merge_block_map(rb) || (ro && ro->kind != PMO_NODE_MAP)) {
		m->retry = 1;
		return 1;
	}
	if ((error = pmo__merge_map(m, ro, ra, rb, &mx, &my)) < 0)
		return error;
	if (m->retry)
		return 1;
	*x = mx;
	*y = my;
	if ((error = pmo__merge_render(m, out, 0, m->alen, 0, 0)) < 0)
		return error;
	return m->retry ? 1 : 0;
}

/* --- the references the result makes ---------------------------------------------- */

typedef struct {
	merger *m;
	pmo_htab *needed;
	pmo_doc *keep;
	int added;
	int error;
} need_walk;

static int note_need(const pmo_node *n, const pmo_merge_ref *ref, const pmo_merge_list *list,
		     size_t at, size_t len, void *payload)
{
	need_walk *w = payload;
	size_t kl = strlen(list->key);
	char *k;

	(void)n;
	if (!ref || !ref->required)
		return 0;
	if (!(k = pmo__arena_alloc(w->keep, kl + 1 + len)))
		return PMO_ENOMEM;
	memcpy(k, list->key, kl + 1);
	memcpy(k + kl + 1, n->str + at, len);
	if (!pmo_htab_get(&w->m->pending, k, kl + 1 + len) || pmo_htab_get(w->needed, k, kl + 1 + len))
		return 0;
	w->added = 1;
	return pmo_htab_put(w->needed, k, kl + 1 + len, (void *)1);
}

/* --- checking the text ----------------------------------------------------------------- */

static int reads_as(const pmo_doc *like, const char *text, size_t len, const pmo_node *want)
{
	pmo_doc *d = NULL;
	pmo_yaml_limits limits = { len + 1, 0, 1 };
	int ok = pmo_yaml_load(&d, pmo_doc_path(like), text, len, &limits) == 0 &&
		 pmo__merge_same(pmo_doc_root(d), want);

	pmo_doc_free(d);
	pmo_error_clear();
	return ok;
}

static int is_marker(const char *p, size_t l, const char *mark)
{
	size_t n = strlen(mark);
	return l >= n && !memcmp(p, mark, n) && (l == n || p[n] == ' ' || p[n] == '\r' || p[n] == '\n');
}

/* The text read back gives x (or, with conflicts, each side gives its
 * tree). */
static int text_ok(const pmo_doc *a, const pmo_buf *t, size_t nconflicts, const pmo_node *x,
		   const pmo_node *y)
{
	pmo_buf ours = PMO_BUF_INIT, theirs = PMO_BUF_INIT;
	size_t i = 0;
	int side = 0, ok;

	if (!nconflicts)
		return reads_as(a, t->ptr ? t->ptr : "", t->len, x);
	while (i < t->len) {
		const char *p = t->ptr + i, *e = memchr(p, '\n', t->len - i);
		size_t l = e ? (size_t)(e - p) + 1 : t->len - i;
		if (is_marker(p, l, "<<<<<<<"))
			side = 1;
		else if (side == 1 && is_marker(p, l, "======="))
			side = 2;
		else if (side == 2 && is_marker(p, l, ">>>>>>>"))
			side = 0;
		else {
			if (side != 2)
				pmo_buf_put(&ours, p, l);
			if (side != 1)
				pmo_buf_put(&theirs, p, l);
		}
		i += l;
	}
	ok = !ours.oom && !theirs.oom && reads_as(a, pmo_buf_cstr(&ours), ours.len, x) &&
	     reads_as(a, pmo_buf_cstr(&theirs), theirs.len, y);
	pmo_buf_free(&ours);
	pmo_buf_free(&theirs);
	return ok;
}

/* --- the merge ------------------------------------------------------------------------ */

/* Merge in place until the deletions the result still names are known.
 * 0 done (the text checked), 1 not in place. */
static int merge_docs(merger *m, pmo_yaml_merged *out, const pmo_doc *o, const pmo_doc *a,
		      const pmo_doc *b, const pmo_node **x, const pmo_node **y)
{
	pmo_htab needed = PMO_HTAB_INIT;
	pmo_doc *keep = NULL;
	int error;

	if ((error = pmo_doc_new(&keep)) < 0)
		return error;
	m->needed = &needed;
	for (;;) {
		need_walk w = { m, &needed, keep, 0, 0 };
		pmo_buf_clear(&out->text);
		if ((error = run(m, &out->text, o, a, b, x, y)) != 0)
			break;
		if (!m->pending.n)
			break;
		if ((error = pmo__merge_walk_refs(*x, m->spec, 0, note_need, &w)) < 0 ||
		    (*y != *x && (error = pmo__merge_walk_refs(*y, m->spec, 0, note_need, &w)) < 0))
			break;
		if (!w.added)
			break;
	}
	if (error == 0 && !text_ok(a, &out->text, m->ncf, *x, *y))
		error = 1;
	m->needed = NULL;
	pmo_htab_free(&needed);
	pmo_doc_free(keep);
	return error;
}

/* doc in the canonical style with its comments (pmo fmt's text), read
 * again. */
static int canonical(pmo_doc **out, const pmo_doc *doc, const pmo_node *root)
{
	pmo_buf t = PMO_BUF_INIT;
	size_t len;
	const char *src = pmo_doc_source(doc, &len);
	pmo_yaml_limits limits = { 0, 0, 1 };
	int error;

	if (pmo_doc_root(doc))
		error = pmo_yaml_emit_doc(&t, doc, root);
	else
		error = pmo_buf_put(&t, src, len);
	limits.max_bytes = t.len + 1;
	if (error >= 0)
		error = pmo_yaml_load(out, pmo_doc_path(doc), pmo_buf_cstr(&t), t.len, &limits);
	pmo_buf_free(&t);
	return error;
}

static int take_conflicts(pmo_yaml_merged *out, merger *m)
{
	out->conflicts = m->cf;
	out->nconflicts = m->ncf;
	m->cf = NULL;
	m->ncf = m->cfroom = 0;
	return 0;
}

int pmo_yaml_merge(pmo_yaml_merged *out, const pmo_doc *base, const pmo_doc *ours,
		   const pmo_doc *theirs, const pmo_merge_spec *spec)
{
	static const pmo_merge_spec none = { NULL, 0, NULL, 0 };
	merger m;
	pmo_doc *rtmp = NULL, *co = NULL, *ca = NULL, *cb = NULL;
	pmo__merge_rename *ren = NULL;
	pmo__ids *keep = NULL;
	size_t nren = 0, k;
	const pmo_node *x = NULL, *y = NULL, *broot = NULL;
	const pmo_doc *docs[3] = { base, ours, theirs };
	int error = 0, i;

	memset(out, 0, sizeof(*out));
	memset(&m, 0, sizeof(m));
	m.spec = spec ? spec : &none;
	for (i = 0; i < 3; i++) {
		const pmo_node *r = docs[i] ? pmo_doc_root(docs[i]) : NULL;
		if (!docs[i])
			return pmo_error_set(PMO_EINVALID, "no document to merge");
		if (r && r->kind != PMO_NODE_MAP && !(r->kind == PMO_NODE_SCALAR && r->tag == PMO_TAG_NULL))
			return pmo_error_set_at(PMO_EINVALID, pmo_doc_path(docs[i]), r->line, r->col,
						"the document is not a mapping: it cannot be merged by key");
	}
	if (!(keep = calloc(2 * m.spec->nlists + 1, sizeof(*keep)))) {
		error = pmo_error_set_oom();
		goto done;
	}
	if ((error = pmo_doc_new(&rtmp)) < 0 ||
	    (error = pmo__merge_renumber(&broot, &ren, &nren, rtmp, keep, out, base, ours, theirs,
					 m.spec)) < 0)
		goto done;
	m.ids = keep;
	m.nids = 2 * m.spec->nlists;
	m.broot = broot;
	m.bren = ren;
	m.nbren = nren;
	if ((error = merge_docs(&m, out, base, ours, theirs, &x, &y)) <= 0)
		goto done;
	/* not in place: the three in the canonical style (theirs renumbered),
	 * merged again */
	out->canonical = 1;
	if ((error = canonical(&co, base, NULL)) < 0 || (error = canonical(&ca, ours, NULL)) < 0 ||
	    (error = canonical(&cb, theirs, broot)) < 0)
		goto done;
	m.broot = NULL;
	m.bren = NULL;
	m.nbren = 0;
	m.ids = NULL;
	m.nids = 0;
	if ((error = merge_docs(&m, out, co, ca, cb, &x, &y)) <= 0)
		goto done;
	if (m.ncf || !x) {
		error = pmo_error_set(PMO_EINVALID, "the merge cannot be written as YAML that "
				      "reads back as merged");
		goto done;
	}
	pmo_buf_clear(&out->text);
	error = pmo_yaml_emit(&out->text, x);
done:
	if (error >= 0)
		take_conflicts(out, &m);
	merger_free(&m);
	for (k = 0; keep && k < 2 * m.spec->nlists; k++)
		pmo__ids_free(&keep[k]);
	free(keep);
	free(ren);
	pmo_doc_free(rtmp);
	pmo_doc_free(co);
	pmo_doc_free(ca);
	pmo_doc_free(cb);
	if (error < 0)
		pmo_yaml_merged_free(out);
	return error < 0 ? error : 0;
}

void pmo_yaml_merged_free(pmo_yaml_merged *m)
{
	size_t i;

	if (!m)
		return;
	pmo_buf_free(&m->text);
	for (i = 0; i < m->nconflicts; i++)
		free(m->conflicts[i].what);
	free(m->conflicts);
	for (i = 0; i < m->nrenumbered; i++) {
		free(m->renumbered[i].from);
		free(m->renumbered[i].to);
	}
	free(m->renumbered);
	memset(m, 0, sizeof(*m));
}
