/* End to end: change requests as branches, with three identities (wang-li
 * the project manager and requester, zhao-min the sponsor, liu-yang of
 * the PMO), through the built pmo in temporary git repositories. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

#define ZHAO "GIT_AUTHOR_NAME=赵敏 GIT_AUTHOR_EMAIL=zhao.min@bank.example " \
	     "GIT_COMMITTER_NAME=赵敏 GIT_COMMITTER_EMAIL=zhao.min@bank.example "
#define LIU "GIT_AUTHOR_NAME=刘洋 GIT_AUTHOR_EMAIL=liu.yang@bank.example " \
	    "GIT_COMMITTER_NAME=刘洋 GIT_COMMITTER_EMAIL=liu.yang@bank.example "

#define change_repo th_change_repo

static char *head_count(const char *dir)
{
	return th_sh(dir, "git rev-list --count --all");
}

/* the id of HEAD in 7 digits */
static void assert_commit(const th_result *r, const char *branch, const char *subject)
{
	char *want;

	cr_assert(asprintf(&want, "[%s ", branch) > 0);
	cr_assert(!strncmp(r->out, want, strlen(want)), "commit line: %s (err %s)", r->out, r->err);
	cr_assert_str_eq(r->out + strlen(want) + 9, subject);
	free(want);
}

Test(e2e_change, whole_flow_with_three_identities)
{
	char *dir = change_repo(""), *file, *before, *after;
	th_result r;

	/* start: CR-1 on its own branch, the worktree on it */
	RUN(&r, dir, "pmo -p CBM change start 'UAT 延长一周' reason=监管要求增加测试场景");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit(&r, "change/CBM/CR-1", "change CBM/CR-1: start UAT 延长一周\n");
	cr_assert_str_eq(r.err, "Switched to a new branch 'change/CBM/CR-1'\n");
	th_result_free(&r);
	th_assert_sh(dir, "git branch --show-current", "change/CBM/CR-1\n");
	file = th_read(dir, "projects/CBM/changes/CR-1.yaml");
	cr_assert_str_eq(file,
		"id: CR-1\n"
		"title: UAT 延长一周\n"
		"reason: 监管要求增加测试场景\n"
		"status: draft\n"
		"requester: wang-li\n"
		"branch: change/CBM/CR-1\n"
		"base: master\n"
		"raised: '2027-01-04'\n");
	free(file);

	/* the change, its diff against the merge base, then submit: the
	 * impact computed, not typed */
	free(th_sh(dir, "pmo -p CBM task set T-3 duration=15d"));
	before = th_sh(dir, "pmo diff master...change/CBM/CR-1 --format json");
	after = th_sh(dir, "pmo change diff CBM/CR-1 --format json");
	cr_assert_str_eq(after, before);
	cr_assert(strstr(after, "\"finish\": {\"before\": \"2027-02-12\", \"after\": \"2027-02-19\", "
				"\"working_days\": 5}"), "%s", after);
	free(before);
	free(after);
	RUN(&r, dir, "pmo change submit CBM/CR-1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit(&r, "change/CBM/CR-1", "change CBM/CR-1: submit\n");
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/changes/CR-1.yaml");
	cr_assert(strstr(file,
		"status: submitted\n"
		"requester: wang-li\n"
		"branch: change/CBM/CR-1\n"
		"base: master\n"
		"raised: '2027-01-04'\n"
		"submitted: '2027-01-04'\n"
		"impact:\n"
		"  finish_days: 5\n"
		"  projects:\n"
		"    - project: CBM\n"
		"      finish:\n"
		"        before: '2027-02-12'\n"
		"        after: '2027-02-19'\n"
		"        working_days: 5\n"
		"      milestones: []\n"
		"      critical_added: []\n"
		"      critical_removed: []\n"
		"  records:\n"
		"    - CBM/T-3\n"), "%s", file);
	free(file);

	/* the requester cannot approve: exit 1, nothing committed */
	before = head_count(dir);
	RUN(&r, dir, "pmo change approve CBM/CR-1 --comment 自己批准");
	EXPECT(&r, 1, "", "pmo: error: wang-li requested CBM/CR-1 and cannot approve it (segregation of duties)\n");
	th_result_free(&r);
	after = head_count(dir);
	cr_assert_str_eq(before, after);
	free(before);
	free(after);

	/* the sponsor approves: the commit is hers */
	RUN(&r, dir, ZHAO "pmo change approve CBM/CR-1 --comment 同意，需同步监管报备");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit(&r, "change/CBM/CR-1", "change CBM/CR-1: approve (赵敏)\n");
	th_result_free(&r);
	th_assert_sh(dir, "git log -1 --format='%an <%ae>'", "赵敏 <zhao.min@bank.example>\n");
	file = th_read(dir, "projects/CBM/changes/CR-1.yaml");
	cr_assert(strstr(file, "status: approved\n"), "%s", file);
	cr_assert(strstr(file, "approvals:\n  - by: zhao-min\n    decision: approve\n    date: '2027-01-04'\n"
			       "    comment: 同意，需同步监管报备\n    tree: "), "%s", file);
	free(file);

	/* a later change makes the approval stale: merge refuses */
	free(th_sh(dir, "pmo -p CBM task set T-3 duration=16d"));
	before = head_count(dir);
	RUN(&r, dir, "pmo change merge CBM/CR-1");
	EXPECT(&r, 1, "", "pmo: error: approval by zhao-min is for an older version; ask again\n");
	th_result_free(&r);
	after = head_count(dir);
	cr_assert_str_eq(before, after);
	free(before);
	free(after);
	th_assert_sh(dir, "git branch --show-current", "change/CBM/CR-1\n");

	/* approved again, merged into the base, which is checked out */
	free(th_sh(dir, ZHAO "pmo change approve CBM/CR-1 --comment 再次同意"));
	RUN(&r, dir, "pmo change merge CBM/CR-1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit(&r, "master", "change CBM/CR-1: merge UAT 延长一周 into master\n");
	cr_assert_str_eq(r.err, "Switched to branch 'master'\n");
	th_result_free(&r);
	th_assert_sh(dir, "git branch --show-current", "master\n");
	th_assert_sh(dir, "git log -1 --format=%B",
		     "change CBM/CR-1: merge UAT 延长一周 into master\n"
		     "\n"
		     "Pmo-Command: change merge\n"
		     "Pmo-Record: CBM/CR-1\n"
		     "Pmo-Change: CBM/CR-1\n"
		     "Approved-by: 赵敏 <zhao.min@bank.example>\n\n");
	th_assert_sh(dir, "git rev-list --parents -1 HEAD | wc -w", "3\n");
	th_assert_sh(dir, "git status --porcelain", "");
	file = th_read(dir, "projects/CBM/changes/CR-1.yaml");
	cr_assert(strstr(file, "status: implemented\n"), "%s", file);
	cr_assert(strstr(file, "        after: '2027-02-22'\n        working_days: 6\n"), "%s", file);
	free(file);
	th_assert_sh(dir, "grep -c 'duration: 16$' projects/CBM/plan.yaml", "1\n");

	/* validate is clean; list shows it */
	RUN(&r, dir, "pmo validate");
	EXPECT(&r, 0, "0 errors, 0 warnings in 7 files\n", "");
	th_result_free(&r);
	th_assert_sh(dir, "pmo change list --format csv | tr -d '\\r'",
		     "id,title,status,requester,branch,base\n"
		     "CBM/CR-1,UAT 延长一周,implemented,wang-li,change/CBM/CR-1,master\n");
	free(dir);
}

Test(e2e_change, list_shows_every_change_branch)
{
	char *dir = change_repo("");
	th_result r;

	free(th_sh(dir, "pmo -p CBM change start 甲 2>/dev/null && git switch -q master && "
			"pmo -p CBM change start 乙 2>/dev/null && git switch -q master"));
	th_assert_sh(dir, "pmo change list --format csv | tr -d '\\r'",
		     "id,title,status,requester,branch,base\n"
		     "CBM/CR-1,甲,draft,wang-li,change/CBM/CR-1,master\n"
		     "CBM/CR-2,乙,draft,wang-li,change/CBM/CR-2,master\n");
	th_assert_sh(dir, "pmo change show CBM/CR-2 --format yaml | grep branch", "branch: change/CBM/CR-2\n");
	RUN(&r, dir, "pmo change switch CBM/CR-1");
	EXPECT(&r, 0, "", "Switched to branch 'change/CBM/CR-1'\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo change withdraw CBM/CR-1 --reason 不再需要");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit(&r, "change/CBM/CR-1", "change CBM/CR-1: withdraw\n");
	th_result_free(&r);
	th_assert_sh(dir, "grep -E '^(status|resolution)' projects/CBM/changes/CR-1.yaml",
		     "status: withdrawn\nresolution: 不再需要\n");
	RUN(&r, dir, "pmo change submit CBM/CR-1");
	EXPECT(&r, 1, "", "pmo: error: CBM/CR-1 is withdrawn; only a draft is submitted\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_change, dirty_worktree_refused_at_start)
{
	char *dir = change_repo(""), *before, *after;
	th_result r;

	th_write(dir, "projects/CBM/plan.yaml", "tasks: []\n");
	before = head_count(dir);
	RUN(&r, dir, "pmo -p CBM change start 改计划");
	EXPECT(&r, 1, "", "pmo: error: your worktree has uncommitted changes (projects/CBM/plan.yaml); "
			  "commit or stash them first\n");
	th_result_free(&r);
	after = head_count(dir);
	cr_assert_str_eq(before, after);
	th_assert_sh(dir, "git branch --list 'change/*'", "");
	th_assert_sh(dir, "git branch --show-current", "master\n");
	free(before);
	free(after);
	free(dir);
}

Test(e2e_change, forged_approval_caught_by_validate)
{
	char *dir = change_repo(""), *file, *forged;
	th_result r;

	free(th_sh(dir, "pmo -p CBM change start 预算调整 2>/dev/null && pmo change submit CBM/CR-1"));
	file = th_read(dir, "projects/CBM/changes/CR-1.yaml");
	cr_assert(asprintf(&forged, "%sapprovals:\n  - by: zhao-min\n    decision: approve\n"
			   "    date: '2027-01-04'\n    tree: %s\n", file,
			   "abcdefabcdefabcdefabcdefabcdefabcdefabcd") > 0);
	th_write(dir, "projects/CBM/changes/CR-1.yaml", forged);
	free(th_sh(dir, "git commit -qam 'approval'"));
	RUN(&r, dir, "pmo validate");
	EXPECT(&r, 1,
	       "projects/CBM/changes/CR-1.yaml:14:5: error: approval by zhao-min was committed by "
	       "wang.li@bank.example [change-approval]\n"
	       "1 error, 0 warnings in 7 files\n", "");
	th_result_free(&r);
	/* nor can the requester merge on it */
	RUN(&r, dir, "pmo change merge CBM/CR-1");
	cr_assert_eq(r.status, 1, "%s", r.err);
	th_result_free(&r);
	free(forged);
	free(file);
	free(dir);
}

Test(e2e_change, threshold_rule_asks_for_a_quorum)
{
	char *dir = change_repo("changes:\n  approvers: [sponsor]\n  rules:\n"
				"    - when: {finish_days: 3}\n      approvers: [sponsor, pmo]\n"
				"      quorum: 2\n");
	th_result r;

	free(th_sh(dir, "pmo -p CBM change start 'UAT 延长一周' 2>/dev/null && "
			"pmo -p CBM task set T-3 duration=15d && pmo change submit CBM/CR-1"));
	free(th_sh(dir, ZHAO "pmo change approve CBM/CR-1"));
	th_assert_sh(dir, "grep '^status' projects/CBM/changes/CR-1.yaml", "status: submitted\n");
	RUN(&r, dir, "pmo change merge CBM/CR-1");
	EXPECT(&r, 1, "", "pmo: error: the policy asks for 2 approvals from sponsor (zhao-min), pmo "
			  "(finish moves 3 working days or more); there is 1 (zhao-min)\n");
	th_result_free(&r);
	/* zhao-min approving twice counts once */
	RUN(&r, dir, ZHAO "pmo change approve CBM/CR-1 --comment 再次");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "pmo change merge CBM/CR-1");
	cr_assert_eq(r.status, 1, "%s", r.err);
	th_result_free(&r);
	/* the PMO's approval makes the quorum */
	free(th_sh(dir, LIU "pmo change approve CBM/CR-1"));
	th_assert_sh(dir, "grep '^status' projects/CBM/changes/CR-1.yaml", "status: approved\n");
	RUN(&r, dir, "pmo change merge CBM/CR-1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	th_assert_sh(dir, "git log -1 --format=%B | grep Approved-by",
		     "Approved-by: 赵敏 <zhao.min@bank.example>\nApproved-by: 刘洋 <liu.yang@bank.example>\n");
	free(dir);
}

Test(e2e_change, implementer_and_ineligible_cannot_approve)
{
	char *dir = change_repo(""), *before, *after;
	th_result r;

	free(th_sh(dir, "pmo -p CBM change start 'UAT 延长一周' 2>/dev/null && "
			ZHAO "pmo -p CBM task set T-3 duration=12d && pmo change submit CBM/CR-1"));
	before = head_count(dir);
	RUN(&r, dir, ZHAO "pmo change approve CBM/CR-1");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "pmo: error: zhao-min changed CBM/CR-1 (commit ") &&
		  strstr(r.err, ") and cannot approve it (segregation of duties)\n"), "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, LIU "pmo change approve CBM/CR-1");
	EXPECT(&r, 1, "", "pmo: error: liu-yang is not an approver of CBM/CR-1: the policy asks for "
			  "sponsor (zhao-min)\n");
	th_result_free(&r);
	after = head_count(dir);
	cr_assert_str_eq(before, after);
	free(before);
	free(after);
	free(dir);
}
