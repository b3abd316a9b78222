/* End to end: no path around the rules. A status change the workflow
 * forbids, made by hand and committed, is found by validate --since and
 * refused by a pre-receive hook. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

static const char add_cmd[] =
	"pmo -p CBM risk add 核心数据迁移丢失 probability=4 impact=5 owner=wang-li "
	"strategy=mitigate category=technical contingency=回滚到旧系统并启用双轨运行 >/dev/null";

static char *head(const char *dir, const char *rev)
{
	th_result r;
	char *s;

	RUN(&r, dir, "git rev-parse --short=12 %s", rev);
	cr_assert_eq(r.status, 0, "%s", r.err);
	s = strndup(r.out, strcspn(r.out, "\n"));
	th_result_free(&r);
	return s;
}

/* A risk R-1 (open) in the base commit, then occurred with pmo, then
 * reopened by hand and committed with git: the hole. */
static char *reopened_by_hand(char **base)
{
	char *dir = th_demo_repo();
	th_result r;

	RUN(&r, dir, "%s && pmo risk set CBM/R-1 status=occurred >/dev/null", add_cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	*base = head(dir, "HEAD~1");
	RUN(&r, dir, "sed -i 's/^status: occurred$/status: open/' projects/CBM/risks/R-1.yaml && "
		     "git commit -qam '风险重新打开'");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	return dir;
}

Test(e2e_rules, validate_since_finds_a_forbidden_status_change_made_by_hand)
{
	char *base, *dir = reopened_by_hand(&base), *tip = head(dir, "HEAD"), want[1024];
	th_result r;

	/* set refuses the step … */
	RUN(&r, dir, "pmo risk set CBM/R-1 status=occurred >/dev/null && pmo risk set CBM/R-1 status=open");
	EXPECT(&r, 2, "", "pmo: error: status: cannot go from \"occurred\" to \"open\"; from occurred: "
			  "mitigating, closed\n");
	th_result_free(&r);
	RUN(&r, dir, "git reset -q --hard HEAD~1");
	th_result_free(&r);
	/* … which validate alone does not see in the tree */
	RUN(&r, dir, "pmo validate");
	EXPECT(&r, 0, "0 errors, 0 warnings in 5 files\n", "");
	th_result_free(&r);
	/* with --since each step of the range is checked */
	RUN(&r, dir, "pmo validate --since %s", base);
	snprintf(want, sizeof(want),
		 "projects/CBM/risks/R-1.yaml:9:9: error: status occurred → open is not allowed "
		 "(occurred → mitigating, closed), commit %s \"风险重新打开\" [workflow]\n"
		 "1 error, 0 warnings in 5 files\n", tip);
	EXPECT(&r, 1, want, "");
	th_result_free(&r);
	/* the allowed steps before it are not findings */
	RUN(&r, dir, "pmo validate --since HEAD~1");
	cr_assert_eq(r.status, 1, "%s", r.out);
	th_result_free(&r);
	RUN(&r, dir, "pmo validate --since HEAD");
	EXPECT(&r, 0, "0 errors, 0 warnings in 5 files\n", "");
	th_result_free(&r);
	/* a step in the worktree, not committed yet, and one in a sub-folder */
	RUN(&r, dir, "sed -i 's/^status: open$/status: occurred/' projects/CBM/risks/R-1.yaml && "
		     "git commit -qam 'again' && sed -i 's/^status: occurred$/status: open/' "
		     "projects/CBM/risks/R-1.yaml && cd projects && pmo validate --since HEAD");
	EXPECT(&r, 1, "CBM/risks/R-1.yaml:9:9: error: status occurred → open is not allowed "
		      "(occurred → mitigating, closed), not committed [workflow]\n"
		      "1 error, 0 warnings in 5 files\n", "");
	th_result_free(&r);
	/* a revision that does not exist is an error, not a clean report */
	RUN(&r, dir, "pmo validate --since nosuchrev");
	EXPECT(&r, 1, "", "pmo: error: unknown revision \"nosuchrev\"\n");
	th_result_free(&r);
	free(base);
	free(tip);
	free(dir);
}

Test(e2e_rules, validate_since_judges_a_merge_by_its_parents)
{
	char *dir = th_demo_repo(), *base, *merge, want[1024];
	th_result r;

	RUN(&r, dir, "%s && pmo risk set CBM/R-1 status=occurred >/dev/null", add_cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	base = head(dir, "HEAD");
	/* side goes occurred → mitigating → open, each step allowed; the merge
	 * brings open, which from master's occurred would not be: not a step */
	RUN(&r, dir, "git checkout -q -b side && pmo risk set CBM/R-1 status=mitigating >/dev/null && "
		     "pmo risk set CBM/R-1 status=open >/dev/null && git checkout -q master && "
		     "pmo person add li-lei name=李雷 role=pm email=li.lei@bank.example >/dev/null && "
		     "git merge -q --no-edit side && grep ^status: projects/CBM/risks/R-1.yaml && "
		     "pmo validate --since %s", base);
	EXPECT(&r, 0, "status: open\n0 errors, 0 warnings in 6 files\n", "");
	th_result_free(&r);
	/* both sides go open → occurred; the merge is edited back to open,
	 * a step neither parent may take */
	RUN(&r, dir, "git checkout -q -b side2 && pmo risk set CBM/R-1 status=occurred >/dev/null && "
		     "git checkout -q master && pmo risk set CBM/R-1 status=occurred >/dev/null && "
		     "git merge -q --no-commit side2 && sed -i 's/^status: occurred$/status: open/' "
		     "projects/CBM/risks/R-1.yaml && git commit -qam 'merge side2'");
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	th_result_free(&r);
	merge = head(dir, "HEAD");
	RUN(&r, dir, "pmo validate --since %s", base);
	snprintf(want, sizeof(want),
		 "projects/CBM/risks/R-1.yaml:9:9: error: status occurred → open is not allowed "
		 "(occurred → mitigating, closed), commit %s \"merge side2\" [workflow]\n"
		 "1 error, 0 warnings in 6 files\n", merge);
	EXPECT(&r, 1, want, "");
	th_result_free(&r);
	free(base);
	free(merge);
	free(dir);
}

Test(e2e_rules, pre_receive_hook_refuses_a_forbidden_status_change)
{
	char *base, *dir = reopened_by_hand(&base), *tip = head(dir, "HEAD"), bare[4200], want[1024];
	th_result r;

	snprintf(bare, sizeof(bare), "%s-server.git", dir);
	RUN(&r, dir, "git init -q --bare '%s' && git push -q '%s' %s:refs/heads/master && "
		     "printf '#!/bin/sh\\nexec pmo validate --pre-receive\\n' > '%s/hooks/pre-receive' && "
		     "chmod +x '%s/hooks/pre-receive'", bare, bare, base, bare, bare);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	/* an update of master: refused, with the step */
	RUN(&r, dir, "git push -q '%s' HEAD:refs/heads/master", bare);
	cr_assert_neq(r.status, 0, "the push was accepted: %s", r.err);
	snprintf(want, sizeof(want),
		 ":projects/CBM/risks/R-1.yaml:9:9: error: status occurred → open is not allowed "
		 "(occurred → mitigating, closed), commit %s \"风险重新打开\" [workflow]", tip);
	cr_assert(strstr(r.err, want), "%s", r.err);
	cr_assert(strstr(r.err, "remote: pmo validate refs/heads/master ("), "%s", r.err);
	th_result_free(&r);
	/* a new branch bringing the same commits: refused too */
	RUN(&r, dir, "git push -q '%s' HEAD:refs/heads/feature", bare);
	cr_assert_neq(r.status, 0, "the push was accepted: %s", r.err);
	cr_assert(strstr(r.err, want), "%s", r.err);
	th_result_free(&r);
	RUN(&r, bare, "git for-each-ref --format='%%(refname)'");
	EXPECT(&r, 0, "refs/heads/master\n", "");
	th_result_free(&r);
	/* the allowed way goes through: occurred → mitigating → open */
	RUN(&r, dir, "git reset -q --hard HEAD~1 && pmo risk set CBM/R-1 status=mitigating >/dev/null && "
		     "pmo risk set CBM/R-1 status=open >/dev/null && git push -q '%s' HEAD:refs/heads/master",
	    bare);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "rm -rf '%s'", bare);
	th_result_free(&r);
	free(base);
	free(tip);
	free(dir);
}
