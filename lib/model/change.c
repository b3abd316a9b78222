/*
 * The approval policy of change requests (change.h): pmo.yaml `changes:`
 * read with its defaults, which rules an impact selects, who is eligible
 * under a rule, and whether a set of approvals meets them all.
 */
#include "model/change.h"
#include "util/decimal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static void rule_read(pmo_change_rule *r, const pmo_node *m, long dflt_quorum)
{
	const pmo_node *when = pmo_map_get(m, "when");
	const pmo_node *fd = pmo_map_get(when, "finish_days");
	int64_t v;

	r->approvers = pmo_map_get(m, "approvers");
	if (r->approvers && r->approvers->kind != PMO_NODE_SEQ)
		r->approvers = NULL;
	r->quorum = dflt_quorum;
	if (pmo_node_int(pmo_map_get(m, "quorum"), &v) == 0 && v > 0)
		r->quorum = (long)v;
	r->finish_days = fd && pmo_node_int(fd, &v) == 0 ? (long)v : -1;
	r->cost = pmo_node_text(pmo_map_get(when, "cost"));
}

int pmo_change_policy_load(pmo_change_policy *out, const pmo_settings *s)
{
	const pmo_node *c = s && s->doc ? pmo_map_get(pmo_doc_root(s->doc), "changes") : NULL;
	const pmo_node *rules = pmo_map_get(c, "rules"), *sign = pmo_map_get(c, "signed");
	size_t i, n = 1 + (rules && rules->kind == PMO_NODE_SEQ ? rules->n : 0);

	memset(out, 0, sizeof(*out));
	if (!(out->rules = calloc(n, sizeof(*out->rules))))
		return pmo_error_set_oom();
	out->n = n;
	rule_read(&out->rules[0], c, 1);
	out->rules[0].finish_days = -1;
	out->rules[0].cost = NULL;
	for (i = 1; i < n; i++)
		rule_read(&out->rules[i], rules->items[i - 1], 1);
	out->sign = sign && sign->tag == PMO_TAG_BOOL && !strcmp(sign->str, "true");
	return 0;
}

void pmo_change_policy_free(pmo_change_policy *p)
{
	if (!p)
		return;
	free(p->rules);
	p->rules = NULL;
	p->n = 0;
}

int pmo_change_rule_applies(const pmo_change_rule *r, const pmo_node *impact)
{
	int64_t days;
	const char *cost;

	if (r->finish_days < 0 && !r->cost)
		return 1;
	if (r->finish_days >= 0 && pmo_node_int(pmo_map_get(impact, "finish_days"), &days) == 0 &&
	    (days < 0 ? -days : days) >= r->finish_days)
		return 1;
	/* the change of planned cost, once the impact has one */
	if (r->cost && (cost = pmo_node_text(pmo_map_get(impact, "cost"))) &&
	    pmo_decimal_text_is(cost) && pmo_decimal_text_cmp(cost[0] == '-' ? cost + 1 : cost, r->cost) >= 0)
		return 1;
	return 0;
}

/* the names of the rule's approvers, [sponsor] by default */
static size_t names(const char **out, size_t room, const pmo_change_rule *r)
{
	size_t i, n = 0;

	if (!r->approvers) {
		out[0] = "sponsor";
		return 1;
	}
	for (i = 0; i < r->approvers->n && n < room; i++)
		if (pmo_node_text(r->approvers->items[i]))
			out[n++] = pmo_node_text(r->approvers->items[i]);
	return n;
}

static int project_role(const char *name)
{
	return !strcmp(name, "sponsor") || !strcmp(name, "manager");
}

int pmo_change_eligible(const pmo_change_rule *r, const char *handle, const pmo_node *person,
			const pmo_node *project)
{
	const char *v[64], *role = pmo_node_text(pmo_map_get(person, "role"));
	size_t i, n = names(v, 64, r);

	for (i = 0; i < n; i++) {
		if (project_role(v[i])) {
			const char *who = pmo_node_text(pmo_map_get(project, v[i]));
			if (who && !strcmp(who, handle))
				return 1;
		} else if ((role && !strcmp(role, v[i])) || !strcmp(v[i], handle)) {
			return 1;
		}
	}
	return 0;
}

int pmo_change_rule_describe(pmo_buf *out, const pmo_change_rule *r, const pmo_node *project)
{
	const char *v[64];
	size_t i, n = names(v, 64, r);

	for (i = 0; i < n; i++) {
		const char *who = project_role(v[i]) ? pmo_node_text(pmo_map_get(project, v[i])) : NULL;
		pmo_buf_printf(out, "%s%s", i ? ", " : "", v[i]);
		if (project_role(v[i]))
			pmo_buf_printf(out, " (%s)", who ? who : "none");
	}
	return pmo_buf_oom(out);
}

int pmo_change_rule_line(pmo_buf *out, const pmo_change_rule *r)
{
	if (r->finish_days >= 0)
		pmo_buf_printf(out, "finish moves %ld working days or more", r->finish_days);
	if (r->cost)
		pmo_buf_printf(out, "%scost changes by %s or more", r->finish_days >= 0 ? " or " : "", r->cost);
	return pmo_buf_oom(out);
}

int pmo_change_policy_check(const pmo_change_policy *p, const pmo_node *impact,
			    const pmo_node *project, const pmo_change_vote *votes, size_t n)
{
	pmo_buf who = PMO_BUF_INIT, asks = PMO_BUF_INIT, line = PMO_BUF_INIT;
	size_t i, j, k;
	long count;
	int error = 0;

	for (i = 0; i < p->n && !error; i++) {
		const pmo_change_rule *r = &p->rules[i];
		if (!pmo_change_rule_applies(r, impact))
			continue;
		count = 0;
		pmo_buf_clear(&who);
		for (j = 0; j < n; j++) {
			/* one person counts once */
			for (k = 0; k < j && strcmp(votes[k].handle, votes[j].handle); k++)
				;
			if (k < j || !pmo_change_eligible(r, votes[j].handle, votes[j].person, project))
				continue;
			pmo_buf_printf(&who, "%s%s", count ? ", " : "", votes[j].handle);
			count++;
		}
		if (count >= r->quorum)
			continue;
		pmo_buf_clear(&asks);
		pmo_buf_clear(&line);
		pmo_change_rule_describe(&asks, r, project);
		pmo_change_rule_line(&line, r);
		if (pmo_buf_oom(&who) < 0 || pmo_buf_oom(&asks) < 0 || pmo_buf_oom(&line) < 0) {
			error = PMO_ENOMEM;
			break;
		}
		error = pmo_error_set(PMO_EINVALID, "the policy asks for %ld approval%s from %s%s%s%s; "
				      "there %s %ld%s%s%s", r->quorum, r->quorum == 1 ? "" : "s",
				      pmo_buf_cstr(&asks), line.len ? " (" : "", pmo_buf_cstr(&line),
				      line.len ? ")" : "", count == 1 ? "is" : "are", count,
				      count ? " (" : "", pmo_buf_cstr(&who), count ? ")" : "");
	}
	pmo_buf_free(&who);
	pmo_buf_free(&asks);
	pmo_buf_free(&line);
	return error;
}
