/*
 * The change-approval rule for a change request that is approved or
 * implemented (pmo validate, CI): what pmo change approve and merge
 * checked when they ran still holds in the history.
 *
 * - The approved content is what was merged: an implemented change has a
 *   merge commit whose message names it (Pmo-Change: CBM/CR-1), and the
 *   tip that merge brought in, without the CR's own file, is the tree an
 *   approval names.
 * - The policy in force is met by those approvals — decision approve, by
 *   people eligible under every rule the recorded impact selects, the
 *   requester never counted, each person once. For an implemented change
 *   the policy in force is the one of the branch it was merged into as it
 *   stood: pmo.yaml's changes:, the project's roles and the people of the
 *   merge commit's first parent. A policy raised later does not reach back
 *   to changes merged under the old one, and a merge that lowers the
 *   policy (on the change's branch or in the merge itself) is not judged
 *   by the lowered one. For a change approved and not yet merged: the
 *   tree checked, where every approval counts (work on its branch goes on
 *   after an approval, and pmo change merge refuses stale ones).
 * - The recorded impact of an implemented change is the one computed
 *   again: the semantic diff of the merge's two sides' merge base and the
 *   tip it merged.
 */
#include "check/changes.h"
#include "model/change.h"
#include "repo/branch.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RULE "change-approval"

static int add(pmo_findings *out, const pmo_cr_history *h, const pmo_node *at, const char *msg)
{
	const pmo_node *root = pmo_doc_root(h->doc);

	if (!at)
		at = pmo_map_get(root, "status");
	if (!at)
		at = root;
	return pmo_check__add(out, h->path, at->line, at->col, PMO_SEVERITY_ERROR, RULE, msg);
}

static int check_impact(pmo_findings *out, pmo_source *src, const pmo_model *model,
			const pmo_check_options *opts, const pmo_cr_history *h, const char *before,
			const char *after)
{
	const pmo_node *recorded = pmo_map_get(pmo_doc_root(h->doc), "impact");
	pmo_buf json = PMO_BUF_INIT;
	pmo_doc *now = NULL;
	int error;

	if (!opts->change_impact)
		return 0;
	if ((error = opts->change_impact(&json, src, model, before, after, h->path)) < 0 ||
	    (error = pmo_yaml_load(&now, "impact", json.ptr, json.len, NULL)) < 0) {
		pmo_buf_free(&json);
		if (error == PMO_ENOMEM)
			return error;
		pmo_error_clear(); /* a revision this clone lacks: nothing to compare */
		return 0;
	}
	if (!recorded || !pmo_node_equal(recorded, pmo_doc_root(now)))
		error = add(out, h, recorded, "the recorded impact is not the one computed from the change: "
			    "pmo change submit writes it");
	pmo_doc_free(now);
	pmo_buf_free(&json);
	return error;
}

typedef struct {
	pmo_change_vote *v;
	pmo_doc **docs;
	size_t n;
} votes;

static void votes_free(votes *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		pmo_doc_free(t->docs[i]);
	free(t->v);
	free(t->docs);
}

/* The approvals of h that name the approved content (rev's tree without
 * the CR file; rev NULL: any), decision approve, not by the requester;
 * *named whether one names it. */
static int fresh_votes(votes *out, int *named, pmo_source *src, pmo_source *people, const pmo_cr_history *h,
		       const char *rev)
{
	const pmo_node *list = pmo_map_get(pmo_doc_root(h->doc), "approvals");
	size_t i;
	int error = 0, same;

	*named = 0;
	for (i = 0; list && list->kind == PMO_NODE_SEQ && i < list->n; i++) {
		const pmo_node *a = list->items[i];
		const char *by = pmo_node_text(pmo_map_get(a, "by"));
		const char *decision = pmo_node_text(pmo_map_get(a, "decision"));
		const char *tree = pmo_node_text(pmo_map_get(a, "tree"));
		pmo_doc *person;
		const char *email;

		if (!by || !tree || !decision || strcmp(decision, "approve"))
			continue;
		same = 1;
		if (rev && (error = pmo_repo_tree_is_without(&same, pmo_source_repo(src), rev, h->path, tree)) < 0)
			return error;
		if (!same)
			continue;
		*named = 1;
		if (!(person = pmo_check__person(people, by)))
			continue;
		email = pmo_node_text(pmo_map_get(pmo_doc_root(person), "email"));
		if (h->requester && email && !strcasecmp(email, h->requester)) {
			pmo_doc_free(person);
			continue;
		}
		{
			pmo_change_vote *v = realloc(out->v, (out->n + 1) * sizeof(*v));
			pmo_doc **d = v ? realloc(out->docs, (out->n + 1) * sizeof(*d)) : NULL;
			if (v)
				out->v = v;
			if (d)
				out->docs = d;
			if (!v || !d) {
				pmo_doc_free(person);
				return pmo_error_set_oom();
			}
		}
		out->v[out->n].handle = by;
		out->v[out->n].person = pmo_doc_root(person);
		out->docs[out->n++] = person;
	}
	return 0;
}

/* The YAML file of src at the path fmt makes, or NULL (missing or not
 * YAML: the schema rules tell). */
static pmo_doc *read_doc(pmo_source *src, const char *fmt, int n, const char *name)
{
	pmo_buf path = PMO_BUF_INIT, data = PMO_BUF_INIT;
	pmo_doc *doc = NULL;

	pmo_buf_printf(&path, fmt, n, name);
	if (!pmo_buf_oom(&path) && pmo_source_read(&data, src, path.ptr, PMO_YAML_MAX_BYTES) == 0 &&
	    pmo_yaml_load(&doc, path.ptr, data.ptr, data.len, NULL) < 0)
		doc = NULL;
	pmo_error_clear();
	pmo_buf_free(&path);
	pmo_buf_free(&data);
	return doc;
}

pmo_doc *pmo_check__person(pmo_source *src, const char *handle)
{
	return read_doc(src, "people/%.*s.yaml", (int)strlen(handle), handle);
}

static pmo_doc *project_doc(pmo_source *src, const char *name)
{
	return read_doc(src, "projects/%.*s/project.yaml", (int)strcspn(name, "/"), name);
}

void pmo_check__policy_free(pmo_cr_policy *p)
{
	if (!p)
		return;
	pmo_source_free(p->parent);
	pmo_settings_free(p->settings);
	pmo_buf_free(&p->yaml);
	pmo_change_policy_free(&p->pol);
	memset(p, 0, sizeof(*p));
}

/* The settings of the first parent, kept while its pmo.yaml is the same:
 * *out NULL when it has none pmo reads (the defaults then). */
static int parent_settings(const pmo_settings **out, pmo_cr_policy *p, const pmo_model *model)
{
	pmo_buf now = PMO_BUF_INIT;
	int error;

	*out = NULL;
	if ((error = pmo_source_read(&now, p->parent, "pmo.yaml", PMO_YAML_MAX_BYTES)) < 0 && error != PMO_ENOMEM) {
		pmo_error_clear();
		pmo_buf_clear(&now);
		error = 0;
	}
	if (error < 0)
		goto done;
	if (!p->have || now.len != p->yaml.len || (now.len && memcmp(now.ptr, p->yaml.ptr, now.len))) {
		pmo_settings_free(p->settings);
		p->settings = NULL;
		p->have = 0;
		if ((error = pmo_settings_load(&p->settings, p->parent, model)) < 0) {
			if (error == PMO_ENOMEM)
				goto done;
			pmo_error_clear(); /* a pmo.yaml pmo did not read then: the defaults */
			p->settings = NULL;
			error = 0;
		}
		pmo_buf_free(&p->yaml);
		p->yaml = now;
		now = (pmo_buf)PMO_BUF_INIT;
		p->have = 1;
	}
	*out = p->settings;
done:
	pmo_buf_free(&now);
	return error;
}

int pmo_check__policy_of(pmo_cr_policy *p, pmo_source *src, const pmo_model *model,
			 const pmo_settings *settings, const pmo_cr_history *h)
{
	const char *status = pmo_node_text(pmo_map_get(pmo_doc_root(h->doc), "status"));
	pmo_buf rev = PMO_BUF_INIT;
	int error = 0;

	pmo_change_policy_free(&p->pol);
	pmo_source_free(p->parent);
	p->parent = NULL;
	p->src = src;
	if (status && !strcmp(status, "implemented") && h->merge[0]) {
		pmo_buf_printf(&rev, "%s^1", h->merge);
		if ((error = pmo_buf_oom(&rev)) < 0)
			goto done;
		if ((error = pmo_source_open(&p->parent, pmo_source_repo(src), rev.ptr)) < 0) {
			if (error == PMO_ENOMEM)
				goto done;
			pmo_error_clear(); /* a first parent this clone lacks */
			p->parent = NULL;
			error = 0;
		} else if ((error = parent_settings(&settings, p, model)) < 0) {
			goto done;
		} else {
			p->src = p->parent;
		}
	}
	if ((error = pmo_change_policy_load(&p->pol, settings)) < 0)
		pmo_change_policy_free(&p->pol);
done:
	pmo_buf_free(&rev);
	return error;
}

int pmo_check__change_policy(pmo_findings *out, pmo_source *src, const pmo_model *model,
			     const pmo_cr_policy *pol, const pmo_check_options *opts,
			     const pmo_cr_history *h)
{
	const pmo_node *root = pmo_doc_root(h->doc);
	const char *status = pmo_node_text(pmo_map_get(root, "status"));
	const char *base = pmo_node_text(pmo_map_get(root, "base"));
	pmo_doc *project = NULL;
	pmo_buf msg = PMO_BUF_INIT, before = PMO_BUF_INIT;
	votes t = { NULL, NULL, 0 };
	int error = 0, named = 0, implemented;

	if (!status || (strcmp(status, "approved") && strcmp(status, "implemented")))
		return 0;
	implemented = !strcmp(status, "implemented");
	if (implemented && !h->merge[0]) {
		pmo_buf_printf(&msg, "%s is implemented but no merge commit names it (Pmo-Change: %s)",
			       h->name, h->name);
		if ((error = pmo_buf_oom(&msg)) == 0)
			error = add(out, h, NULL, msg.ptr);
		goto done;
	}
	if ((error = fresh_votes(&t, &named, src, pol->src, h, implemented ? h->merged : NULL)) < 0)
		goto done;
	if (implemented && !named) {
		pmo_buf_printf(&msg, "the content merged into %s (commit %.7s) is not what was approved: "
			       "no approval of %s names its tree", base ? base : "its base", h->merge, h->name);
		if ((error = pmo_buf_oom(&msg)) == 0)
			error = add(out, h, pmo_map_get(root, "approvals"), msg.ptr);
		goto done;
	}
	if (!pol->pol.n)
		goto done; /* no policy read */
	project = project_doc(pol->src, h->name);
	if (pmo_change_policy_check(&pol->pol, pmo_map_get(root, "impact"), project ? pmo_doc_root(project) : NULL,
				    t.v, t.n) < 0) {
		if (pmo_error_last() && pmo_error_last()->code == PMO_ENOMEM) {
			error = PMO_ENOMEM;
			goto done;
		}
		pmo_buf_printf(&msg, "%s is %s but %s", h->name, status, pmo_error_last()->message);
		pmo_error_clear();
		if ((error = pmo_buf_oom(&msg)) < 0 || (error = add(out, h, NULL, msg.ptr)) < 0)
			goto done;
	}
	if (implemented) {
		pmo_buf_printf(&before, "%s^1", h->merge);
		if ((error = pmo_buf_oom(&before)) == 0)
			error = check_impact(out, src, model, opts, h, before.ptr, h->merged);
	}
done:
	votes_free(&t);
	pmo_doc_free(project);
	pmo_buf_free(&msg);
	pmo_buf_free(&before);
	return error;
}
