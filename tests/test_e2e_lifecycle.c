/* End to end: the record lifecycle (issue 10) -- delete, renumber, move --
 * on fresh repositories: one commit each, IDs never given twice (also
 * across branches that merge), references rewritten in records of several
 * kinds and in the plan, refusals that change nothing, and a commit that
 * fails or is killed leaving no half state. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

static void ok(const char *dir, const char *cmd)
{
	th_result r;

	RUN(&r, dir, "%s", cmd);
	cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
	th_result_free(&r);
}

/* The demo with a second project MOB, risks in CBM, an issue
 * and a lesson of CBM that name R-1, an issue of MOB that names CBM/R-1. */
static char *named_repo(void)
{
	char *dir = th_demo_repo();

	free(th_sh(dir, "pmo project add MOB name=手机银行 sponsor=zhao-min manager=wang-li "
		   "start=2027-01-04 >/dev/null && "
		   "pmo -p CBM risk add 核心数据迁移丢失 probability=4 impact=5 owner=wang-li >/dev/null && "
		   "pmo -p CBM risk add 供应商延期 probability=2 impact=3 >/dev/null && "
		   "pmo -p CBM issue add 测试环境不可用 priority=high from_risk=R-1 >/dev/null && "
		   "pmo -p CBM lesson add 演练需提前 category=process risks=R-2,R-1 >/dev/null && "
		   "pmo -p MOB issue add 接口超时 priority=low from_risk=CBM/R-1 >/dev/null"));
	return dir;
}

static char *head(const char *dir)
{
	return th_sh(dir, "git rev-parse HEAD");
}

/* Nothing committed since before, nothing left in the worktree. */
static void unchanged(const char *dir, const char *before)
{
	char *now = head(dir);

	cr_assert_str_eq(now, before);
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	free(now);
}

/* ---- delete ---- */

Test(e2e_lifecycle, delete_is_one_commit_that_retires_the_id)
{
	char *dir = th_demo_repo(), *msg;
	th_result r;

	/* a tree made before pmo init wrote .gitattributes: the first
	 * .retired brings it */
	free(th_sh(dir, "git rm -q .gitattributes && git commit -qm 'no attributes' && "
		   "pmo -p CBM risk add 甲 probability=1 impact=1 >/dev/null && "
		   "pmo -p CBM risk add 乙 probability=1 impact=1 >/dev/null"));
	RUN(&r, dir, "pmo risk delete CBM/R-2 --reason '重复登记'");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "] risk CBM/R-2: delete 乙\n"), "%s", r.out);
	th_result_free(&r);
	msg = th_sh(dir, "git log -1 --format=%%B");
	cr_assert_str_eq(msg, "risk CBM/R-2: delete 乙\n\nReason: 重复登记\n\n"
			      "Pmo-Command: risk delete\nPmo-Record: CBM/R-2\n\n");
	free(msg);
	th_assert_sh(dir, "git show --name-status --format= HEAD",
		     "A\t.gitattributes\nA\tprojects/CBM/risks/.retired\nD\tprojects/CBM/risks/R-2.yaml\n");
	th_assert_sh(dir, "cat projects/CBM/risks/.retired", "R-2\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	/* the next risk is R-3, never R-2 again */
	ok(dir, "pmo -p CBM risk add 丙 probability=1 impact=1");
	th_assert_sh(dir, "ls projects/CBM/risks", "R-1.yaml\nR-3.yaml\n");
	/* the last one deleted: still not given again */
	ok(dir, "pmo risk delete CBM/R-3 --reason 误录 && pmo -p CBM risk add 丁 probability=1 impact=1");
	th_assert_sh(dir, "ls projects/CBM/risks; cat projects/CBM/risks/.retired",
		     "R-1.yaml\nR-4.yaml\nR-2\nR-3\n");
	th_assert_sh(dir, "pmo validate", "0 errors, 0 warnings in 6 files\n");
	free(dir);
}

Test(e2e_lifecycle, init_writes_the_union_merge_for_retired_ids)
{
	char *dir = th_tmpdir();

	free(th_sh(dir, "git init -q . && printf '*.pdf binary\\n' > .gitattributes && "
		   "pmo init --name 组合 >/dev/null"));
	th_assert_sh(dir, "cat .gitattributes", "*.pdf binary\n**/.retired merge=union\n"
		     "projects/*/plan.yaml merge=pmo\nprojects/*/budget.yaml merge=pmo\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	free(dir);
}

Test(e2e_lifecycle, delete_refuses_while_records_or_plan_tasks_name_it)
{
	char *dir = named_repo(), *before = head(dir);
	th_result r;

	RUN(&r, dir, "pmo risk delete CBM/R-1 --reason 重复");
	EXPECT(&r, 1, "",
	       "pmo: error: CBM/R-1 is named 3 times; change them first, nothing deleted:\n"
	       "projects/CBM/issues/ISS-1.yaml:4:12: CBM/ISS-1 from_risk\n"
	       "projects/MOB/issues/ISS-1.yaml:4:12: MOB/ISS-1 from_risk\n"
	       "projects/CBM/lessons/LL-1.yaml:6:5: CBM/LL-1 risks\n");
	th_result_free(&r);
	/* a task of the plan names a requirement */
	ok(dir, "pmo -p CBM requirement add 双币种账户 priority=must && "
		"pmo -p CBM task add 需求调研 duration=10d requirements=REQ-1");
	free(before);
	before = head(dir);
	RUN(&r, dir, "pmo requirement delete CBM/REQ-1 --reason 合并");
	EXPECT(&r, 1, "",
	       "pmo: error: CBM/REQ-1 is named 1 time; change it first, nothing deleted:\n"
	       "projects/CBM/plan.yaml:6:9: CBM/T-1 requirements\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo risk delete CBM/R-2");
	EXPECT(&r, 2, "", "pmo: error: risk delete needs --reason TEXT: the commit says why the "
			  "record went\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo project delete CBM --reason x");
	cr_assert_eq(r.status, 2, "%s", r.err);
	th_result_free(&r);
	unchanged(dir, before);
	free(before);
	free(dir);
}

Test(e2e_lifecycle, two_branches_that_each_delete_merge_cleanly)
{
	char *dir = th_demo_repo();

	free(th_sh(dir, "for t in 甲 乙 丙; do pmo -p CBM risk add $t probability=1 impact=1 >/dev/null; done && "
		   "git checkout -q -b other && pmo risk delete CBM/R-1 --reason a >/dev/null && "
		   "git checkout -q - && pmo risk delete CBM/R-3 --reason b >/dev/null"));
	ok(dir, "git merge -q --no-edit other");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all; ls projects/CBM/risks",
		     "R-2.yaml\n");
	th_assert_sh(dir, "sort projects/CBM/risks/.retired", "R-1\nR-3\n");
	/* git's union merge keeps both lines; fmt puts them in order */
	th_assert_sh(dir, "pmo fmt; cat projects/CBM/risks/.retired; git commit -qam fmt",
		     "projects/CBM/risks/.retired\nR-1\nR-3\n");
	ok(dir, "pmo -p CBM risk add 丁 probability=1 impact=1");
	th_assert_sh(dir, "ls projects/CBM/risks", "R-2.yaml\nR-4.yaml\n");
	th_assert_sh(dir, "pmo validate", "0 errors, 0 warnings in 6 files\n");
	free(dir);
}

Test(e2e_lifecycle, validate_and_fmt_read_retired)
{
	char *dir = th_demo_repo();
	th_result r;

	free(th_sh(dir, "pmo -p CBM risk add 甲 probability=1 impact=1 >/dev/null && "
		   "printf 'R-9\\nR-1\\nT-3\\nR-9\\n' > projects/CBM/risks/.retired"));
	RUN(&r, dir, "pmo validate");
	EXPECT(&r, 1,
	       "projects/CBM/risks/.retired:3:1: error: \"T-3\" is not a risk ID (R-<n>): .retired "
	       "holds one retired ID a line [consistency]\n"
	       "projects/CBM/risks/R-1.yaml:1:5: error: id: \"R-1\" is retired "
	       "(projects/CBM/risks/.retired line 2): pmo gave it to a record that was deleted, "
	       "renumbered or moved; renumber this risk [consistency]\n"
	       "2 errors, 0 warnings in 5 files\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo fmt");
	EXPECT(&r, 0, "projects/CBM/risks/.retired\n", "");
	th_result_free(&r);
	th_assert_sh(dir, "cat projects/CBM/risks/.retired", "R-1\nR-9\nT-3\n");
	free(dir);
}

/* ---- renumber ---- */

Test(e2e_lifecycle, renumber_rewrites_every_reference_in_one_commit)
{
	char *dir = named_repo(), *msg;
	th_result r;

	RUN(&r, dir, "pmo risk renumber CBM/R-1 R-7");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "] risk CBM/R-1: renumber to R-7, 3 references\n"), "%s", r.out);
	th_result_free(&r);
	msg = th_sh(dir, "git log -1 --format=%%B");
	cr_assert_str_eq(msg, "risk CBM/R-1: renumber to R-7, 3 references\n\nFiles changed:\n"
			      "  projects/CBM/risks/R-1.yaml (removed)\n  projects/CBM/risks/R-7.yaml\n"
			      "  projects/CBM/risks/.retired\n"
			      "  projects/CBM/issues/ISS-1.yaml\n  projects/MOB/issues/ISS-1.yaml\n"
			      "  projects/CBM/lessons/LL-1.yaml\n\n"
			      "Pmo-Command: risk renumber\nPmo-Record: CBM/R-1\n\n");
	free(msg);
	/* git sees a rename */
	th_assert_sh(dir, "git show -M --name-status --format= HEAD | grep ^R | cut -f2-",
		     "projects/CBM/risks/R-1.yaml\tprojects/CBM/risks/R-7.yaml\n");
	th_assert_sh(dir, "head -1 projects/CBM/risks/R-7.yaml; grep from_risk projects/*/issues/*; "
		     "sed -n 4,6p projects/CBM/lessons/LL-1.yaml",
		     "id: R-7\nprojects/CBM/issues/ISS-1.yaml:from_risk: R-7\n"
		     "projects/MOB/issues/ISS-1.yaml:from_risk: CBM/R-7\nrisks:\n  - R-2\n  - R-7\n");
	th_assert_sh(dir, "cat projects/CBM/risks/.retired", "R-1\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	th_assert_sh(dir, "pmo validate | tail -1", "0 errors, 0 warnings in 10 files\n");
	free(dir);
}

Test(e2e_lifecycle, renumber_rewrites_the_plan_and_lists)
{
	char *dir = th_demo_repo();

	ok(dir, "pmo -p CBM requirement add 双币种账户 priority=must && "
		"pmo -p CBM task add 需求调研 duration=10d requirements=REQ-1 && "
		"pmo -p CBM feedback add 柜员反馈 requirement=REQ-1 && "
		"pmo requirement renumber CBM/REQ-1 REQ-5");
	th_assert_sh(dir, "grep -A1 requirements: projects/CBM/plan.yaml; grep requirement: "
		     "projects/CBM/feedback/FB-1.yaml",
		     "    requirements:\n      - REQ-5\nrequirement: REQ-5\n");
	th_assert_sh(dir, "pmo validate | tail -1", "0 errors, 0 warnings in 7 files\n");
	free(dir);
}

Test(e2e_lifecycle, renumber_refuses_a_taken_retired_or_malformed_id)
{
	char *dir = named_repo(), *before;
	th_result r;

	ok(dir, "pmo -p CBM risk add 丙 probability=1 impact=1 && pmo risk delete CBM/R-3 --reason x");
	before = head(dir);
	RUN(&r, dir, "pmo risk renumber CBM/R-1 R-2");
	EXPECT(&r, 1, "", "pmo: error: risk CBM/R-2 exists already; choose a free ID\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo risk renumber CBM/R-1 R-3");
	EXPECT(&r, 1, "", "pmo: error: R-3 is retired in projects/CBM/risks/.retired: pmo never "
			  "gives an ID twice; choose a free one\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo risk renumber CBM/R-1 R-07");
	EXPECT(&r, 2, "", "pmo: error: \"R-07\" is not a risk ID; allowed: R-<n>, n from 1\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo person renumber wang-li x");
	EXPECT(&r, 2, "", "pmo: error: a person's handle is given, not numbered by pmo\n");
	th_result_free(&r);
	unchanged(dir, before);
	free(before);
	free(dir);
}

/* ---- move ---- */

Test(e2e_lifecycle, move_takes_the_next_id_there_and_rewrites_both_ways)
{
	char *dir = named_repo();
	th_result r;

	/* MOB has R-1 already; CBM/R-1 itself names MOB/R-1 */
	ok(dir, "pmo -p MOB risk add 接口变更 probability=1 impact=2 && "
		"pmo -p CBM issue add 升级 priority=low from_risk=MOB/R-1 && "
		"pmo risk set CBM/R-2 category=technical");
	RUN(&r, dir, "pmo risk move CBM/R-1 MOB");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "] risk CBM/R-1: move to MOB/R-2, 3 references\n"), "%s", r.out);
	th_result_free(&r);
	th_assert_sh(dir, "git show -M --name-status --format= HEAD | grep ^R | cut -f2-",
		     "projects/CBM/risks/R-1.yaml\tprojects/MOB/risks/R-2.yaml\n");
	th_assert_sh(dir, "head -1 projects/MOB/risks/R-2.yaml; grep from_risk projects/*/issues/*",
		     "id: R-2\nprojects/CBM/issues/ISS-1.yaml:from_risk: MOB/R-2\n"
		     "projects/CBM/issues/ISS-2.yaml:from_risk: MOB/R-1\n"
		     "projects/MOB/issues/ISS-1.yaml:from_risk: R-2\n");
	/* an issue moved: what it names in its old project gets the project */
	ok(dir, "pmo issue move CBM/ISS-2 MOB && pmo -p CBM issue add 新 priority=low from_risk=R-2 && "
		"pmo issue move CBM/ISS-3 MOB");
	th_assert_sh(dir, "grep from_risk projects/MOB/issues/ISS-2.yaml projects/MOB/issues/ISS-3.yaml",
		     "projects/MOB/issues/ISS-2.yaml:from_risk: R-1\n"
		     "projects/MOB/issues/ISS-3.yaml:from_risk: CBM/R-2\n");
	th_assert_sh(dir, "cat projects/CBM/risks/.retired projects/CBM/issues/.retired",
		     "R-1\nISS-2\nISS-3\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	th_assert_sh(dir, "pmo validate | tail -1", "0 errors, 0 warnings in 13 files\n");
	free(dir);
}

Test(e2e_lifecycle, move_refuses_what_cannot_leave_its_project)
{
	char *dir = named_repo(), *before;
	th_result r;

	ok(dir, "pmo -p CBM task add 需求调研 duration=10d && pmo -p CBM milestone add SIT depends=T-1 && "
		"pmo -p CBM qc add SIT准入检查 milestone=T-2 reviewer=wang-li date=2027-01-18 result=pass && "
		"pmo -p CBM requirement add 双币种 priority=must && "
		"pmo -p CBM task set T-1 requirements=REQ-1");
	before = head(dir);
	RUN(&r, dir, "pmo qc move CBM/QC-1 MOB");
	EXPECT(&r, 1, "", "pmo: error: milestone: \"T-2\" is a task of CBM's plan, which a record "
			  "of MOB cannot name; change it first\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo requirement move CBM/REQ-1 MOB");
	EXPECT(&r, 1, "", "pmo: error: CBM/REQ-1 is named by the plan of CBM, whose tasks name only "
			  "their own project's records; change it first:\n"
			  "projects/CBM/plan.yaml:6:9: CBM/T-1 requirements\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo risk move CBM/R-1 NOPE");
	cr_assert_eq(r.status, 2, "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "pmo vendor move V-1 CBM");
	EXPECT(&r, 2, "", "pmo: error: a vendor belongs to no project and is not moved\n");
	th_result_free(&r);
	unchanged(dir, before);
	free(before);
	free(dir);
}

/* ---- a commit that fails or is killed ---- */

Test(e2e_lifecycle, a_refused_commit_puts_every_file_back)
{
	char *dir = named_repo(), *before = head(dir);
	th_result r;

	th_write(dir, ".git/hooks/pre-commit", "#!/bin/sh\nexit 1\n");
	free(th_sh(dir, "chmod +x .git/hooks/pre-commit"));
	RUN(&r, dir, "pmo risk renumber CBM/R-1 R-7");
	EXPECT(&r, 1, "", "pmo: error: the pre-commit hook refused the commit (exit status 1); "
			  "nothing was committed\n");
	th_result_free(&r);
	unchanged(dir, before);
	th_assert_sh(dir, "ls projects/CBM/risks", "R-1.yaml\nR-2.yaml\n");
	RUN(&r, dir, "pmo risk move CBM/R-2 MOB");
	cr_assert_eq(r.status, 1, "%s", r.err);
	th_result_free(&r);
	unchanged(dir, before);
	th_assert_sh(dir, "ls projects/MOB/risks 2>/dev/null | wc -l", "0\n");
	free(before);
	free(dir);
}

/* Killed in its commit (the hook kills pmo): HEAD has none of the change,
 * the next pmo names the repair, and after it the worktree holds the whole
 * change uncommitted -- never a part of it committed. */
Test(e2e_lifecycle, a_killed_commit_commits_nothing)
{
	char *dir = named_repo(), *before = head(dir), *now, *repair;
	th_result r;

	th_write(dir, ".git/hooks/pre-commit", "#!/bin/sh\nkill -9 $PPID\nsleep 5\n");
	free(th_sh(dir, "chmod +x .git/hooks/pre-commit"));
	RUN(&r, dir, "pmo risk renumber CBM/R-1 R-7");
	cr_assert_eq(r.status, 128 + 9, "%d %s", r.status, r.err);
	th_result_free(&r);
	now = head(dir);
	cr_assert_str_eq(now, before);
	free(th_sh(dir, "rm .git/hooks/pre-commit"));
	RUN(&r, dir, "pmo risk set CBM/R-2 impact=1");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "repair with: "), "%s", r.err);
	repair = strdup(strstr(r.err, "repair with: ") + strlen("repair with: "));
	repair[strcspn(repair, "\n")] = '\0';
	th_result_free(&r);
	free(th_sh(dir, "%s", repair));
	th_assert_sh(dir, "git status --porcelain --untracked-files=all",
		     " M projects/CBM/issues/ISS-1.yaml\n M projects/CBM/lessons/LL-1.yaml\n"
		     " D projects/CBM/risks/R-1.yaml\n M projects/MOB/issues/ISS-1.yaml\n"
		     "?? projects/CBM/risks/.retired\n?? projects/CBM/risks/R-7.yaml\n");
	free(repair);
	free(now);
	free(before);
	free(dir);
}
