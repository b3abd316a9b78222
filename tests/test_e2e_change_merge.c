/* End to end: pmo change merge and pmo resolve when both branches moved.
 * Three identities: wang-li the project manager (requester), zhao-min the
 * sponsor (approver), liu-yang of the PMO, who changes the base branch
 * while the change waits. Real branches, real git merges. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

#define ZHAO TH_ZHAO
#define LIU TH_LIU

/* The demo tree with liu-yang, a plan of three chained tasks, a budget
 * line and a baseline, on master. */
static char *tree(void)
{
	char *dir = th_demo_repo();

	free(th_sh(dir,
		   "pmo person add liu-yang name=刘洋 role=pmo email=liu.yang@bank.example >/dev/null && "
		   "pmo -p CBM task add 需求分析 duration=10d >/dev/null && "
		   "pmo -p CBM task add 系统开发 duration=10d depends=T-1 >/dev/null && "
		   "pmo -p CBM task add UAT duration=10d depends=T-2 >/dev/null && "
		   "pmo -p CBM budget add 服务器与存储 planned=1200000.00 category=capex >/dev/null && "
		   "pmo -p CBM baseline set >/dev/null"));
	return dir;
}

/* CR-1 started by wang-li, changed by the shell commands change, then
 * submitted and approved by zhao-min; the worktree on its branch. */
static void change(const char *dir, const char *what)
{
	free(th_sh(dir, "pmo -p CBM change start 上线准备 >/dev/null 2>&1 && %s && "
			"pmo change submit CBM/CR-1 >/dev/null 2>&1 && "
			ZHAO "pmo change approve CBM/CR-1 >/dev/null 2>&1", what));
}

/* liu-yang's commits on master meanwhile; back to the change's branch */
static void meanwhile(const char *dir, const char *what)
{
	free(th_sh(dir, "git switch -q master && %s && git switch -q change/CBM/CR-1", what));
}

Test(e2e_change_merge, concurrent_plan_edits_merge_by_task)
{
	char *dir = tree(), *plan, *budget;
	th_result r;

	/* the change: T-3 longer, a new task T-4 and an expense on it */
	change(dir, "pmo -p CBM task set T-3 duration=15d >/dev/null && "
		    "pmo -p CBM task add 上线演练 duration=3d depends=T-3 >/dev/null && "
		    "pmo -p CBM expense add 1000.00 line=B-1 date=2027-01-04 task=T-4 >/dev/null && "
		    "pmo -p CBM defect add 演练环境缺失 severity=major task=T-4 >/dev/null");
	/* master: T-1's progress, and its own T-4 */
	meanwhile(dir, LIU "pmo -p CBM task set T-1 progress=30 >/dev/null && "
		       LIU "pmo -p CBM task add 数据迁移 duration=5d depends=T-2 >/dev/null");
	RUN(&r, dir, "pmo change merge CBM/CR-1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "pmo: CBM/T-4 of the change is now CBM/T-5\n"
				"Switched to branch 'master'\n");
	cr_assert(strstr(r.out, "change CBM/CR-1: merge 上线准备 into master\n"), "%s", r.out);
	th_result_free(&r);
	th_assert_sh(dir, "git log -1 --format=%B | sed -n 1,4p",
		     "change CBM/CR-1: merge 上线准备 into master\n"
		     "\n"
		     "CBM/T-4 of the change is now CBM/T-5\n"
		     "\n");
	th_assert_sh(dir, "git rev-list --parents -1 HEAD | wc -w", "3\n");
	th_assert_sh(dir, "git status --porcelain", "");
	plan = th_read(dir, "projects/CBM/plan.yaml");
	cr_assert(strstr(plan, "    duration: 10\n    progress: 30\n"), "%s", plan);
	cr_assert(strstr(plan, "  - id: T-4\n    title: 数据迁移\n"), "%s", plan);
	cr_assert(strstr(plan, "  - id: T-5\n    title: 上线演练\n    duration: 3\n    depends:\n      - T-3\n"),
		  "%s", plan);
	cr_assert(strstr(plan, "    duration: 15\n"), "%s", plan);
	/* the expense follows its task: the driver alone would not */
	budget = th_read(dir, "projects/CBM/budget.yaml");
	cr_assert(strstr(budget, "    task: T-5\n"), "%s", budget);
	th_assert_sh(dir, "grep '^task:' projects/CBM/defects/DEF-1.yaml", "task: T-5\n");
	th_assert_sh(dir, "pmo validate 2>&1 | tail -1", "0 errors, 0 warnings in 9 files\n");
	free(budget);
	free(plan);
	free(dir);
}

Test(e2e_change_merge, same_field_two_ways_refused_nothing_moves)
{
	char *dir = tree(), *before, *after;
	th_result r;

	change(dir, "pmo -p CBM task set T-2 duration=12d >/dev/null");
	meanwhile(dir, LIU "pmo -p CBM task set T-2 duration=20d >/dev/null");
	before = th_sh(dir, "git for-each-ref; git rev-list --count --all");
	RUN(&r, dir, "pmo change merge CBM/CR-1");
	EXPECT(&r, 1, "",
	       "pmo: error: master and change/CBM/CR-1 both changed projects/CBM/plan.yaml "
	       "(projects/CBM/plan.yaml:5: T-2 duration changed on both sides); nothing merged: merge "
	       "master into change/CBM/CR-1 with git, resolve, commit, and merge the change again\n");
	th_result_free(&r);
	after = th_sh(dir, "git for-each-ref; git rev-list --count --all");
	cr_assert_str_eq(after, before);
	th_assert_sh(dir, "git branch --show-current", "change/CBM/CR-1\n");
	th_assert_sh(dir, "git status --porcelain", "");
	th_assert_sh(dir, "grep -c 'duration: 12$' projects/CBM/plan.yaml", "1\n");
	free(before);
	free(after);
	free(dir);
}

Test(e2e_change_merge, records_both_sides_added_renumbered_past_retired)
{
	char *dir = tree(), *issue, *risk;
	th_result r;

	/* the change adds R-1 and an issue from it */
	change(dir, "pmo -p CBM risk add 供应商延期 probability=3 impact=4 >/dev/null && "
		    "pmo -p CBM issue add 供应商未交付 from_risk=R-1 priority=high >/dev/null");
	/* master: added and deleted, so R-2 is retired */
	meanwhile(dir, LIU "pmo -p CBM risk add 数据迁移失败 probability=2 impact=5 >/dev/null && "
		       LIU "pmo -p CBM risk add 重复 probability=1 impact=1 >/dev/null && "
		       LIU "pmo -p CBM risk delete R-2 --reason 重复登记 >/dev/null");
	RUN(&r, dir, "pmo change merge CBM/CR-1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "pmo: CBM/R-1 of the change is now CBM/R-3\n"
				"Switched to branch 'master'\n");
	th_result_free(&r);
	th_assert_sh(dir, "git log -1 --format=%B | sed -n 3p", "CBM/R-1 of the change is now CBM/R-3\n");
	th_assert_sh(dir, "ls projects/CBM/risks", "R-1.yaml\nR-3.yaml\n");
	th_assert_sh(dir, "sed -n 1,2p projects/CBM/risks/R-1.yaml", "id: R-1\ntitle: 数据迁移失败\n");
	risk = th_read(dir, "projects/CBM/risks/R-3.yaml");
	cr_assert(!strncmp(risk, "id: R-3\ntitle: 供应商延期\n", strlen("id: R-3\ntitle: 供应商延期\n")),
		  "%s", risk);
	issue = th_read(dir, "projects/CBM/issues/ISS-1.yaml");
	cr_assert(strstr(issue, "from_risk: R-3\n"), "%s", issue);
	th_assert_sh(dir, "git status --porcelain", "");
	th_assert_sh(dir, "pmo validate 2>&1 | tail -1", "0 errors, 0 warnings in 11 files\n");
	free(issue);
	free(risk);
	free(dir);
}

Test(e2e_change_merge, resolve_after_plain_git_merge)
{
	char *dir = tree(), *issue;
	th_result r;

	free(th_sh(dir, "git switch -q -c feature && "
			"pmo -p CBM risk add 供应商延期 probability=3 impact=4 >/dev/null && "
			"pmo -p CBM issue add 供应商未交付 from_risk=R-1 priority=high >/dev/null && "
			"pmo -p CBM task add 上线演练 duration=3d depends=T-3 >/dev/null && "
			"git switch -q master && "
			LIU "pmo -p CBM risk add 数据迁移失败 probability=2 impact=5 >/dev/null && "
			LIU "pmo -p CBM task add 数据迁移 duration=5d depends=T-2 >/dev/null"));
	/* git stops on R-1 added twice; the plan merged by pmo's driver */
	RUN(&r, dir, "git merge -q feature -m 'merge feature'");
	cr_assert_eq(r.status, 1, "%s", r.err);
	th_result_free(&r);
	th_assert_sh(dir, "git status --porcelain",
		     "A  projects/CBM/issues/ISS-1.yaml\n"
		     "M  projects/CBM/plan.yaml\n"
		     "AA projects/CBM/risks/R-1.yaml\n");
	RUN(&r, dir, "pmo resolve");
	EXPECT(&r, 0, "",
	       "pmo: CBM/R-1 of the merged branch is now CBM/R-2\n"
	       "pmo: resolved; commit the merge with git commit\n");
	th_result_free(&r);
	th_assert_sh(dir, "git status --porcelain",
		     "A  projects/CBM/issues/ISS-1.yaml\n"
		     "M  projects/CBM/plan.yaml\n"
		     "A  projects/CBM/risks/R-2.yaml\n");
	th_assert_sh(dir, "sed -n 1,2p projects/CBM/risks/R-1.yaml", "id: R-1\ntitle: 数据迁移失败\n");
	th_assert_sh(dir, "sed -n 1,2p projects/CBM/risks/R-2.yaml", "id: R-2\ntitle: 供应商延期\n");
	issue = th_read(dir, "projects/CBM/issues/ISS-1.yaml");
	cr_assert(strstr(issue, "from_risk: R-2\n"), "%s", issue);
	free(th_sh(dir, "git commit -q --no-edit"));
	th_assert_sh(dir, "git status --porcelain", "");
	th_assert_sh(dir, "pmo validate 2>&1 | tail -1", "0 errors, 0 warnings in 10 files\n");
	/* nothing left: said so */
	RUN(&r, dir, "pmo resolve");
	EXPECT(&r, 0, "", "pmo: nothing to resolve\n");
	th_result_free(&r);
	free(issue);
	free(dir);
}

Test(e2e_change_merge, resolve_names_conflicts_it_leaves)
{
	char *dir = tree();
	th_result r;

	free(th_sh(dir, "git switch -q -c feature && "
			"pmo -p CBM task set T-2 duration=12d >/dev/null && git switch -q master && "
			LIU "pmo -p CBM task set T-2 duration=20d >/dev/null"));
	RUN(&r, dir, "git merge -q feature -m 'merge feature'");
	cr_assert_eq(r.status, 1, "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "pmo resolve");
	EXPECT(&r, 1, "",
	       "pmo: error: conflicts left in projects/CBM/plan.yaml; resolve them, git add, git commit\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_change_merge, several_collisions_renumbered_in_turn)
{
	char *dir = tree();
	th_result r;

	/* both sides add and an issue; the change's issue names its R-2 */
	change(dir, "pmo -p CBM risk add 甲 probability=3 impact=4 >/dev/null && "
		    "pmo -p CBM risk add 乙 probability=3 impact=4 >/dev/null && "
		    "pmo -p CBM issue add 丙 from_risk=R-2 priority=high >/dev/null");
	meanwhile(dir, LIU "pmo -p CBM risk add 丁 probability=2 impact=5 >/dev/null && "
		       LIU "pmo -p CBM risk add 戊 probability=2 impact=5 >/dev/null && "
		       LIU "pmo -p CBM issue add 己 from_risk=R-1 priority=high >/dev/null");
	RUN(&r, dir, "pmo change merge CBM/CR-1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "pmo: CBM/ISS-1 of the change is now CBM/ISS-2\n"
				"pmo: CBM/R-1 of the change is now CBM/R-3\n"
				"pmo: CBM/R-2 of the change is now CBM/R-4\n"
				"Switched to branch 'master'\n");
	th_result_free(&r);
	th_assert_sh(dir, "for f in projects/CBM/risks/* projects/CBM/issues/*; do "
			  "sed -n 2p $f; grep from_risk $f || true; done",
		     "title: 丁\ntitle: 戊\ntitle: 甲\ntitle: 乙\n"
		     "title: 己\nfrom_risk: R-1\ntitle: 丙\nfrom_risk: R-4\n");
	th_assert_sh(dir, "git log -1 --format=%B | sed -n 3,5p",
		     "CBM/ISS-1 of the change is now CBM/ISS-2\n"
		     "CBM/R-1 of the change is now CBM/R-3\n"
		     "CBM/R-2 of the change is now CBM/R-4\n");
	th_assert_sh(dir, "pmo validate 2>&1 | tail -1", "0 errors, 0 warnings in 14 files\n");
	free(dir);
}

Test(e2e_change_merge, resolve_leaves_a_file_both_sides_changed)
{
	char *dir = tree();
	th_result r;

	/* the plan names R-1 from a task on the feature branch, and both sides
	 * changed the plan: the reference is left to the user, and said */
	free(th_sh(dir, "pmo -p CBM requirement add 甲 priority=must >/dev/null && "
			"git switch -q -c feature && "
			"pmo -p CBM requirement add 乙 priority=must >/dev/null && "
			"pmo -p CBM task set T-1 requirements=REQ-2 >/dev/null && "
			"git switch -q master && "
			LIU "pmo -p CBM requirement add 丙 priority=must >/dev/null && "
			LIU "pmo -p CBM task set T-2 duration=12d >/dev/null"));
	RUN(&r, dir, "git merge -q feature -m 'merge feature'");
	cr_assert_eq(r.status, 1, "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "pmo resolve");
	EXPECT(&r, 0, "",
	       "pmo: CBM/REQ-2 of the merged branch is now CBM/REQ-3\n"
	       "pmo: warning: projects/CBM/plan.yaml: changed on both sides or not a register record: "
	       "resolve it as git does\n"
	       "pmo: resolved; commit the merge with git commit\n");
	th_result_free(&r);
	th_assert_sh(dir, "git status --porcelain",
		     "M  projects/CBM/plan.yaml\n"
		     "A  projects/CBM/requirements/REQ-3.yaml\n");
	th_assert_sh(dir, "grep -A1 requirements: projects/CBM/plan.yaml", "    requirements:\n      - REQ-2\n");
	free(dir);
}

/* pmo change merge runs git merge's hooks in git's order: pre-merge-commit
 * (with the merged index), prepare-commit-msg .git/MERGE_MSG merge,
 * commit-msg, and post-merge 0 once the merge is checked out. */
Test(e2e_change_merge, runs_gits_merge_hooks)
{
	char *dir = tree(), *seen, *msg;
	th_result r;

	change(dir, "pmo -p CBM task set T-3 duration=15d >/dev/null");
	free(th_sh(dir, "for h in pre-merge-commit prepare-commit-msg commit-msg post-merge pre-commit post-commit; do "
			"printf '#!/bin/sh\\necho \"%%s $*\" >>.git/hook-seen\\n' $h >.git/hooks/$h; chmod 755 .git/hooks/$h; "
			"done && "
			"printf '#!/bin/sh\\necho \"pre-merge-commit $(git ls-files --stage projects/CBM/changes/CR-1.yaml "
			"| wc -l) $(git show :projects/CBM/changes/CR-1.yaml | grep ^status)\" >>.git/hook-seen\\n' "
			">.git/hooks/pre-merge-commit && "
			"printf '#!/bin/sh\\necho \"commit-msg $*\" >>.git/hook-seen\\necho \"Reviewed-on: CAB-7\" >>\"$1\"\\n' "
			">.git/hooks/commit-msg"));
	RUN(&r, dir, "pmo change merge CBM/CR-1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	seen = th_read(dir, ".git/hook-seen");
	cr_assert_str_eq(seen, "pre-merge-commit 1 status: implemented\n"
			       "prepare-commit-msg .git/MERGE_MSG merge\n"
			       "commit-msg .git/MERGE_MSG\n"
			       "post-merge 0\n");
	free(seen);
	msg = th_sh(dir, "git log -1 --format=%%B master | tail -2");
	cr_assert_str_eq(msg, "Reviewed-on: CAB-7\n\n");
	free(msg);
	th_assert_sh(dir, "test -e .git/MERGE_MSG || echo gone; git branch --show-current", "gone\nmaster\n");
	free(dir);
}

Test(e2e_change_merge, hook_refusal_merges_nothing)
{
	char *dir = tree(), *before, *after;
	th_result r;

	change(dir, "pmo -p CBM task set T-3 duration=15d >/dev/null");
	free(th_sh(dir, "printf '#!/bin/sh\\necho 冻结期内不合并 >&2\\nexit 1\\n' >.git/hooks/pre-merge-commit && "
			"chmod 755 .git/hooks/pre-merge-commit"));
	before = th_sh(dir, "git rev-parse master; git rev-list --count --all");
	RUN(&r, dir, "pmo change merge CBM/CR-1");
	EXPECT(&r, 1, "", "冻结期内不合并\npmo: error: the pre-merge-commit hook refused the commit (exit status 1); "
			  "nothing was committed\n");
	th_result_free(&r);
	after = th_sh(dir, "git rev-parse master; git rev-list --count --all");
	cr_assert_str_eq(before, after);
	th_assert_sh(dir, "git branch --show-current; git status --porcelain; grep ^status "
			  "projects/CBM/changes/CR-1.yaml", "change/CBM/CR-1\nstatus: approved\n");
	/* --no-verify skips it, as git merge --no-verify does */
	RUN(&r, dir, "pmo --no-verify change merge CBM/CR-1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	free(before);
	free(after);
	free(dir);
}

static int have_tool(const char *tool)
{
	th_result r;
	int ok;

	th_run(&r, "/", NULL, "command -v %s >/dev/null", tool);
	ok = r.status == 0;
	th_result_free(&r);
	return ok;
}

/* commit.gpgSign: the merge commit is signed as git merge signs it, and
 * git verify-commit finds the signature good. */
Test(e2e_change_merge, merge_commit_signed_when_git_says_so)
{
	char *dir;
	th_result r;

	if (!have_tool("ssh-keygen"))
		cr_skip_test("ssh-keygen is not installed");
	dir = tree();
	change(dir, "pmo -p CBM task set T-3 duration=15d >/dev/null");
	free(th_sh(dir, "ssh-keygen -q -t ed25519 -N '' -C wang.li -f .git/key && "
			"echo \"wang.li@bank.example $(cat .git/key.pub)\" > .git/allowed && "
			"git config gpg.ssh.allowedSignersFile \"$(pwd -P)/.git/allowed\" && "
			"git config gpg.format ssh && git config user.signingkey \"$(pwd -P)/.git/key\""));
	RUN(&r, dir, "pmo -c commit.gpgsign=true change merge CBM/CR-1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	th_assert_sh(dir, "git rev-list --parents -1 master | wc -w; "
			  "git verify-commit master 2>&1 | head -1 | cut -d' ' -f1-5",
		     "3\nGood \"git\" signature for wang.li@bank.example\n");
	free(dir);
}
