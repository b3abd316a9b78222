#ifndef PMO_MODEL_CHANGE_H
#define PMO_MODEL_CHANGE_H
/*
 * The approval policy of change requests (pmo.yaml `changes:`): who may
 * approve, how many must, and the stricter rules the computed impact
 * selects. Defaults: approvers [sponsor], quorum 1, no rules, signed false.
 *
 *   changes:
 *     approvers: [sponsor]         # project roles (sponsor, manager: the
 *     quorum: 1                    # project's own), person roles, handles
 *     rules:
 *       - when: {finish_days: 10}  # a project's finish moves 10 or more
 *         approvers: [sponsor, pmo]  # working days either way
 *         quorum: 2
 *       - when: {cost: "500000.00"}
 *         approvers: [sponsor]
 *     signed: false
 *
 * Every rule whose line the impact crosses must be met as well as the
 * default one, each by its own count of distinct eligible approvers.
 */
#include "model/model.h"

typedef struct {
	const pmo_node *approvers; /* a sequence of names; NULL: [sponsor] */
	long quorum;
	long finish_days;          /* -1: no such line */
	const char *cost;          /* NULL: no such line */
} pmo_change_rule;

typedef struct {
	pmo_change_rule *rules;    /* [0] the default rule (no line) */
	size_t n;
	int sign;                  /* signed: true */
} pmo_change_policy;

/* The policy of s (may be NULL: the defaults); nodes are borrowed from s. */
int pmo_change_policy_load(pmo_change_policy *out, const pmo_settings *s);
void pmo_change_policy_free(pmo_change_policy *p);
/* Whether rule's line is crossed by impact (the mapping pmo change submit
 * wrote: finish_days, cost); the default rule always applies. */
int pmo_change_rule_applies(const pmo_change_rule *r, const pmo_node *impact);
/* Whether handle (person: their record; project: the change's project)
 * may approve under rule: the project's sponsor or manager when the rule
 * names that role, a person whose role the rule names, or the handle
 * itself. */
int pmo_change_eligible(const pmo_change_rule *r, const char *handle, const pmo_node *person,
			const pmo_node *project);
/* "sponsor (zhao-min), pmo" — the rule's approvers, project roles with
 * the handle they name. */
int pmo_change_rule_describe(pmo_buf *out, const pmo_change_rule *r, const pmo_node *project);
/* "finish moves 10 working days or more" — the rule's line, "" for the
 * default rule. */
int pmo_change_rule_line(pmo_buf *out, const pmo_change_rule *r);

/* One approver whose approval counts (fresh, independent, active): the
 * handle and the person's record. */
typedef struct {
	const char *handle;
	const pmo_node *person;
} pmo_change_vote;
/* 0 when every rule that applies to impact is met by the votes (each
 * handle counted once), else PMO_EINVALID with the first rule not met:
 * "the policy asks for 2 approvals from sponsor (zhao-min), pmo (finish
 * moves 10 working days or more); there is 1 (zhao-min)". */
int pmo_change_policy_check(const pmo_change_policy *p, const pmo_node *impact,
			    const pmo_node *project, const pmo_change_vote *votes, size_t n);

#endif
