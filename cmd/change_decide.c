/*
 * pmo change approve, reject and merge: the decisions on a change request
 * and the merge they allow.
 *
 * An approval is an entry of the CR's approvals (by, decision, date,
 * comment, tree) committed by the approver. Its tree is the id of the
 * branch's content without the CR's own file: any later change on the
 * branch but the CR file makes it stale, as forges dismiss stale reviews.
 * Segregation of duties: the requester (the author of the CR file's first
 * commit) and every author of a commit of the branch that changes more
 * than the CR file can never approve or reject. An approver must be an
 * active person eligible under a rule of the policy (model/change.h) that
 * the computed impact selects; one person counts once.
 */
#include "change_internal.h"
#include "check/check.h"
#include "diff/impact.h"
#include "model/change.h"
#include "render/render.h"
#include "repo/branch.h"
#include "util/date.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Refuse (exit 1) a decider who is the requester or an author of the
 * change, or no longer active. */
static int independent(pmo_ctx *ctx, const pmo_cr *cr, const pmo_people *people,
		       const pmo_cr_parties *parties, const char *verb)
{
	const pmo_record *me = people->me;
	long k = pmo_cr_parties_find(parties, people->email);
	int active = 1;

	if (parties->requester && !strcasecmp(parties->requester, people->email))
		return pmo_die(1, "%s requested %s and cannot %s it (segregation of duties)", me->id,
			       cr->name, verb);
	if (k >= 0)
		return pmo_die(1, "%s changed %s (commit %s) and cannot %s it (segregation of duties)",
			       me->id, cr->name, parties->commits[k], verb);
	if (pmo_record_active(&active, ctx->src, me->kind, me->id) < 0)
		return pmo_fail();
	if (!active)
		return pmo_die(1, "%s is not active and cannot %s %s", me->id, verb, cr->name);
	return 0;
}

/* The project record of the change (for sponsor and manager). */
static int read_project(pmo_record **out, pmo_ctx *ctx, const pmo_cr *cr)
{
	const pmo_kind *k = pmo_model_kind(ctx->model, "project");

	if (!k || pmo_record_read(out, ctx->src, k, NULL, cr->project, ctx->settings) < 0)
		return pmo_fail();
	return 0;
}

/* Refuse (exit 1) a decider no rule that applies makes eligible. */
static int eligible(const pmo_change_policy *pol, const pmo_node *impact, const pmo_node *project,
		    const pmo_people *people, const pmo_cr *cr)
{
	pmo_buf who = PMO_BUF_INIT;
	size_t i;
	int code;

	for (i = 0; i < pol->n; i++)
		if (pmo_change_rule_applies(&pol->rules[i], impact) &&
		    pmo_change_eligible(&pol->rules[i], people->me->id, pmo_doc_root(people->me->doc), project))
			return 0;
	for (i = 0; i < pol->n; i++)
		if (pmo_change_rule_applies(&pol->rules[i], impact)) {
			if (who.len)
				pmo_buf_puts(&who, "; ");
			pmo_change_rule_describe(&who, &pol->rules[i], project);
		}
	code = pmo_die(1, "%s is not an approver of %s: the policy asks for %s", people->me->id,
		       cr->name, who.len ? who.ptr : "nobody");
	pmo_buf_free(&who);
	return code;
}

/* The approvals that count: fresh (about tree), by an independent,
 * active person, decision approve, each person once; stale gets the
 * handles of approvals of an older version, rejected the first fresh
 * rejection's. */
typedef struct {
	pmo_change_vote *votes;
	size_t n;
	pmo_buf stale;
	const char *rejected;
} tally;

static void tally_free(tally *t)
{
	free(t->votes);
	pmo_buf_free(&t->stale);
}

static int count(tally *t, pmo_ctx *ctx, const pmo_cr *cr, const pmo_people *people,
		 const pmo_cr_parties *parties, const char *tree)
{
	const pmo_node *list = pmo_map_get(pmo_doc_root(cr->r->doc), "approvals");
	size_t i, n = list && list->kind == PMO_NODE_SEQ ? list->n : 0;

	memset(t, 0, sizeof(*t));
	if (!(t->votes = calloc(n + 1, sizeof(*t->votes))))
		return pmo_die(1, "out of memory");
	for (i = 0; i < n; i++) {
		const pmo_node *a = list->items[i];
		const char *by = pmo_node_text(pmo_map_get(a, "by"));
		const char *dec = pmo_node_text(pmo_map_get(a, "decision"));
		const char *tr = pmo_node_text(pmo_map_get(a, "tree"));
		const pmo_record *p = pmo_person(people, by);
		const char *email = p ? pmo_node_text(pmo_map_get(pmo_doc_root(p->doc), "email")) : NULL;
		int active = 1;

		if (!p || !email || !dec || (parties->requester && !strcasecmp(parties->requester, email)) ||
		    pmo_cr_parties_find(parties, email) >= 0)
			continue;
		if (pmo_record_active(&active, ctx->src, p->kind, p->id) < 0)
			return pmo_fail();
		if (!active)
			continue;
		if (!tr || strcmp(tr, tree)) {
			if (!strcmp(dec, "approve"))
				pmo_buf_printf(&t->stale, "%s%s", t->stale.len ? ", " : "", by);
			continue;
		}
		if (!strcmp(dec, "reject")) {
			if (!t->rejected)
				t->rejected = by;
			continue;
		}
		t->votes[t->n].handle = by;
		t->votes[t->n].person = pmo_doc_root(p->doc);
		t->n++;
	}
	return pmo_buf_oom(&t->stale) < 0 ? pmo_die(1, "out of memory") : 0;
}

/* approve and reject: one entry committed by the decider */
static int decide(pmo_ctx *ctx, int argc, char **argv, const char *decision, const char *comment,
		  const char *reason)
{
	pmo_cr cr;
	pmo_people people = { 0 };
	pmo_cr_parties parties = { 0 };
	pmo_change_policy pol = { 0 };
	pmo_record *project = NULL;
	pmo_doc *impact = NULL;
	pmo_buf json = PMO_BUF_INIT, entry = PMO_BUF_INIT, action = PMO_BUF_INIT, res = PMO_BUF_INIT;
	tally t = { 0 };
	char tree[41], today[11], *args[3];
	const char *text = comment ? comment : reason;
	size_t na = 0;
	int code, approve = !strcmp(decision, "approve");

	if (argc != 1)
		return pmo_die(2, "change %s takes one change request (CBM/CR-1)", approve ? "approve" : "reject");
	if ((code = pmo_cr_open(&cr, ctx, argv[0])))
		goto done;
	if (strcmp(cr.status, "submitted") && strcmp(cr.status, "approved")) {
		code = pmo_die(1, "%s is %s; only a submitted change is %s (pmo change submit)", cr.name,
			       cr.status, approve ? "approved" : "rejected");
		goto done;
	}
	if ((code = pmo_people_load(&people, ctx)) || (code = pmo_people_need_me(&people)) ||
	    (code = pmo_cr_parties_load(&parties, ctx, &cr)) ||
	    (code = independent(ctx, &cr, &people, &parties, approve ? "approve" : "reject")) ||
	    (code = read_project(&project, ctx, &cr)) || (code = pmo_cr_impact(&json, &impact, ctx, &cr)))
		goto done;
	if (pmo_change_policy_load(&pol, ctx->settings) < 0) {
		code = pmo_fail();
		goto done;
	}
	if ((code = eligible(&pol, pmo_doc_root(impact), pmo_doc_root(project->doc), &people, &cr)))
		goto done;
	if (pmo_repo_tree_without(tree, ctx->repo, cr.branch, cr.path) < 0) {
		code = pmo_fail();
		goto done;
	}
	pmo_buf_printf(&entry, "approvals+={by: %s, decision: %s, date: %s, ", people.me->id, decision,
		       pmo_date_format(today, pmo_date_today()));
	if (text) {
		pmo_buf_puts(&entry, "comment: ");
		pmo_json_cstr(&entry, text);
		pmo_buf_puts(&entry, ", ");
	}
	pmo_buf_printf(&entry, "tree: %s}", tree);
	args[na++] = entry.ptr;
	if (approve) {
		/* approved once the policy is met with this approval */
		if ((code = count(&t, ctx, &cr, &people, &parties, tree)))
			goto done;
		t.votes[t.n].handle = people.me->id;
		t.votes[t.n].person = pmo_doc_root(people.me->doc);
		t.n++;
		if (!t.rejected && pmo_change_policy_check(&pol, pmo_doc_root(impact), pmo_doc_root(project->doc),
							  t.votes, t.n) == 0)
			args[na++] = (char *)"status=approved";
		pmo_error_clear();
	} else {
		args[na++] = (char *)"status=rejected";
		pmo_buf_printf(&res, "resolution=%s", reason);
		args[na++] = res.ptr;
	}
	{
		const char *name = pmo_node_text(pmo_map_get(pmo_doc_root(people.me->doc), "name"));
		pmo_buf_printf(&action, "%s (%s)", decision, name ? name : people.me->id);
	}
	if (pmo_buf_oom(&entry) < 0 || pmo_buf_oom(&action) < 0 || pmo_buf_oom(&res) < 0) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	code = pmo_cr_commit(ctx, &cr, args, na, decision, action.ptr);
done:
	tally_free(&t);
	pmo_buf_free(&json);
	pmo_buf_free(&entry);
	pmo_buf_free(&action);
	pmo_buf_free(&res);
	pmo_doc_free(impact);
	pmo_record_free(project);
	pmo_change_policy_free(&pol);
	pmo_cr_parties_free(&parties);
	pmo_people_free(&people);
	pmo_cr_free(&cr);
	return code;
}

/* approve (--comment) and reject (--reason, required) */
static int decide_verb(pmo_ctx *ctx, int argc, char **argv, int approve)
{
	const char *text = NULL;
	const pmo_opt approve_opts[] = {
		OPT_STRING('m', "comment", &text, "TEXT", "what you say with your approval"),
		OPT_END(),
	};
	const pmo_opt reject_opts[] = {
		OPT_STRING('r', "reason", &text, "TEXT", "why (required): written to the decision and the resolution"),
		OPT_END(),
	};
	int code;

	if ((code = pmo_parse(ctx, &argc, argv, approve ? approve_opts : reject_opts, NULL)) != PMO_GO)
		return code;
	if (!approve && (!text || !*text))
		return pmo_die(2, "change reject needs --reason TEXT");
	if (text && pmo_text_check(approve ? "comment" : "reason", text) < 0)
		return pmo_fail();
	return decide(ctx, argc, argv, approve ? "approve" : "reject", approve ? text : NULL,
		      approve ? NULL : text);
}

int pmo_change_verb_approve(pmo_ctx *ctx, int argc, char **argv)
{
	return decide_verb(ctx, argc, argv, 1);
}

int pmo_change_verb_reject(pmo_ctx *ctx, int argc, char **argv)
{
	return decide_verb(ctx, argc, argv, 0);
}

/* --- merge -------------------------------------------------------------------- */

/* validate on the merged tree (the commit id): 0 when it has no error,
 * else exit 1 after its errors */
static int validate_merged(pmo_ctx *ctx, const char *id, const char *base)
{
	pmo_source *src = NULL;
	pmo_check_result res;
	pmo_check_options opts;
	size_t i, errors = 0;
	int code = 0;

	memset(&res, 0, sizeof(res));
	memset(&opts, 0, sizeof(opts));
	opts.today = pmo_date_today();
	opts.change_impact = pmo_diff_change_impact;
	if (pmo_source_open(&src, ctx->repo, id) < 0 || pmo_check_tree(&res, src, ctx->model, &opts) < 0) {
		pmo_source_free(src);
		return pmo_fail();
	}
	for (i = 0; i < res.findings.n; i++)
		if (res.findings.items[i].severity == PMO_SEVERITY_ERROR) {
			pmo_print_finding(&res.findings.items[i], res.findings.items[i].path, PMO_FINDING_RULE);
			errors++;
		}
	if (errors)
		code = pmo_die(1, "the change merged into %s does not validate (%zu error%s); nothing merged",
			       base, errors, errors == 1 ? "" : "s");
	pmo_check_result_free(&res);
	pmo_source_free(src);
	return code;
}

int pmo_change_verb_merge(pmo_ctx *ctx, int argc, char **argv)
{
	pmo_cr cr;
	pmo_people people = { 0 };
	pmo_cr_parties parties = { 0 };
	pmo_change_policy pol = { 0 };
	pmo_record *project = NULL;
	pmo_doc *impact = NULL;
	pmo_buf json = PMO_BUF_INIT, imp = PMO_BUF_INIT, bytes = PMO_BUF_INIT, msg = PMO_BUF_INIT;
	tally t = { 0 };
	pmo_change_merge cm = { 0 };
	char tree[41], old[41], id[41], *args[2];
	size_t i;
	int code;

	if ((code = pmo_parse(ctx, &argc, argv, NULL, NULL)) != PMO_GO)
		return code;
	if (argc != 1)
		return pmo_die(2, "change merge takes one change request (CBM/CR-1)");
	if ((code = pmo_cr_open(&cr, ctx, argv[0])))
		goto done;
	if (strcmp(cr.status, "submitted") && strcmp(cr.status, "approved")) {
		code = pmo_die(1, "%s is %s; only a submitted change is merged", cr.name, cr.status);
		goto done;
	}
	if ((code = pmo_people_load(&people, ctx)) || (code = pmo_cr_parties_load(&parties, ctx, &cr)) ||
	    (code = read_project(&project, ctx, &cr)) || (code = pmo_cr_impact(&json, &impact, ctx, &cr)))
		goto done;
	if (pmo_change_policy_load(&pol, ctx->settings) < 0 ||
	    pmo_repo_tree_without(tree, ctx->repo, cr.branch, cr.path) < 0) {
		code = pmo_fail();
		goto done;
	}
	if ((code = count(&t, ctx, &cr, &people, &parties, tree)))
		goto done;
	if (t.rejected) {
		code = pmo_die(1, "%s rejected %s; it cannot be merged", t.rejected, cr.name);
		goto done;
	}
	if (pmo_change_policy_check(&pol, pmo_doc_root(impact), pmo_doc_root(project->doc), t.votes, t.n) < 0) {
		if (t.stale.len)
			code = pmo_die(1, "approval by %s is for an older version; ask again", t.stale.ptr);
		else
			code = pmo_fail();
		goto done;
	}
	/* the record as merged: implemented, with the impact of what is merged */
	pmo_buf_printf(&imp, "impact=%s", json.ptr);
	if (pmo_buf_oom(&imp) < 0) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	args[0] = (char *)"status=implemented";
	args[1] = imp.ptr;
	if ((code = pmo_cr_edit(&bytes, ctx, &cr, args, 2)))
		goto done;
	if (pmo_repo_rev_id(old, ctx->repo, cr.base) < 0 ||
	    pmo_change_merge_prepare(&cm, ctx->model, ctx->settings, ctx->repo, cr.base, cr.branch,
				     cr.path) < 0) {
		code = pmo_fail();
		goto done;
	}
	{
		const char *title = pmo_node_text(pmo_map_get(pmo_doc_root(cr.r->doc), "title"));
		pmo_buf_printf(&msg, "change %s: merge %s into %s\n\n", cr.name, title ? title : cr.id,
			       cr.base);
		pmo_cr_merge_notes(&msg, &cm);
		pmo_buf_printf(&msg, "Pmo-Command: change merge\nPmo-Record: %s\nPmo-Change: %s\n",
			       cr.name, cr.name);
	}
	for (i = 0; i < t.n; i++) {
		const pmo_record *p = pmo_person(&people, t.votes[i].handle);
		const pmo_node *root = pmo_doc_root(p->doc);
		const char *name = pmo_node_text(pmo_map_get(root, "name"));
		size_t k;
		for (k = 0; k < i && strcmp(t.votes[k].handle, t.votes[i].handle); k++)
			;
		if (k == i)
			pmo_buf_printf(&msg, "Approved-by: %s <%s>\n", name ? name : p->id,
				       pmo_node_text(pmo_map_get(root, "email")));
	}
	if (pmo_buf_oom(&msg) < 0) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	pmo_commit_options(ctx); /* git merge's hooks and signing */
	if (pmo_change_merge_make(id, &cm, ctx->repo, cr.base, cr.branch, cr.path, bytes.ptr, bytes.len,
				  msg.ptr) < 0) {
		code = pmo_fail();
		goto done;
	}
	if ((code = validate_merged(ctx, id, cr.base)))
		goto done;
	if (pmo_repo_merge_finish(ctx->repo, cr.base, old, id) < 0) {
		code = pmo_fail();
		goto done;
	}
	pmo_cr_merge_tell(&cm);
	fprintf(stderr, "Switched to branch '%s'\n", cr.base);
	printf("[%s %.7s] %.*s\n", cr.base, id, (int)strcspn(msg.ptr, "\n"), msg.ptr);
done:
	pmo_change_merge_free(&cm);
	tally_free(&t);
	pmo_buf_free(&json);
	pmo_buf_free(&imp);
	pmo_buf_free(&bytes);
	pmo_buf_free(&msg);
	pmo_doc_free(impact);
	pmo_record_free(project);
	pmo_change_policy_free(&pol);
	pmo_cr_parties_free(&parties);
	pmo_people_free(&people);
	pmo_cr_free(&cr);
	return code;
}
