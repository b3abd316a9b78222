/* End to end: no path around the rules. A status change the workflow
 * forbids, made by hand and committed, is found by validate --since and
 * refused by a pre-receive hook; a plan validate rejects is refused by
 * every command that reads it (--force shows what can be computed); a
 * plan with two hand-made errors is mended one task set at a time;
 * validate checks the plan's constraints as of --today. */
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

/* --- plans ---------------------------------------------------------------- */

/* The demo repository with a plan of three tasks, committed with two
 * hand-made errors in T-2: its duration misspelt, a dependency on T-9. */
static const char two_errors_yaml[] =
	"tasks:\n"
	"  - id: T-1\n"
	"    title: 需求分析\n"
	"    duration: 10\n"
	"  - id: T-2\n"
	"    title: 系统设计\n"
	"    duraton: 15\n"
	"    depends:\n"
	"      - T-1\n"
	"      - T-9\n"
	"  - id: T-3\n"
	"    title: 设计评审通过\n"
	"    milestone: true\n"
	"    depends:\n"
	"      - T-2\n";

static char *plan_with_two_errors(void)
{
	char *dir = th_demo_repo();
	th_result r;

	th_write(dir, "projects/CBM/plan.yaml", two_errors_yaml);
	RUN(&r, dir, "git add -A && git commit -qm 'plan by hand'");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	return dir;
}

/* validate reports the schema's findings of a plan the schema refuses,
 * and the plan rules once it passes the schema */
static const char two_errors_findings[] =
	"projects/CBM/plan.yaml:7:5: error: tasks[1]: unknown field \"duraton\"; allowed: id, title, parent, "
	"duration, effort, milestone, assignees, requirements, depends, start_no_earlier_than, finish_no_later_than, progress, "
	"actual_start, actual_finish, cost, notes [schema]\n";

Test(e2e_rules, commands_that_read_a_plan_refuse_one_validate_rejects)
{
	static const char *const cmds[] = {
		"schedule", "schedule --format json", "schedule --gantt", "status", "export --format tjp",
		"task list", "task list --format json", "task show T-1", "baseline set",
	};
	char *dir = plan_with_two_errors(), want[2048];
	th_result r;
	size_t i;

	RUN(&r, dir, "pmo validate");
	cr_assert_eq(r.status, 1);
	th_result_free(&r);
	snprintf(want, sizeof(want), "%spmo: error: projects/CBM/plan.yaml has 1 error (pmo validate); "
		 "nothing computed (--force computes what it can)\n", two_errors_findings);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		RUN(&r, dir, "pmo -p CBM %s", cmds[i]);
		/* baseline set (the last) takes no --force and offers none */
		if (i == sizeof(cmds) / sizeof(cmds[0]) - 1)
			snprintf(want, sizeof(want), "%spmo: error: projects/CBM/plan.yaml has 1 error (pmo validate); "
				 "nothing computed (a baseline is never taken from a plan pmo validate rejects)\n",
				 two_errors_findings);
		cr_expect_str_eq(r.out, "", "%s", cmds[i]);
		cr_expect_str_eq(r.err, want, "%s", cmds[i]);
		cr_expect_eq(r.status, 1, "%s: exit %d", cmds[i], r.status);
		th_result_free(&r);
	}
	/* no commit from baseline set */
	RUN(&r, dir, "git status --porcelain && git log -1 --format=%%s");
	EXPECT(&r, 0, "plan by hand\n", "");
	th_result_free(&r);
	/* --force: what can be computed, marked on stderr and in JSON */
	snprintf(want, sizeof(want), "%spmo: warning: projects/CBM/plan.yaml has 1 error (pmo validate); "
		 "computed anyway (--force), the figures may be wrong\n", two_errors_findings);
	RUN(&r, dir, "pmo -p CBM schedule --force --format json");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(!strncmp(r.err, want, strlen(want)), "%s", r.err);
	cr_assert(!strncmp(r.out, "{\n  \"version\": 1,\n  \"forced\": true,\n  \"project\": \"CBM\",", 54), "%s", r.out);
	th_result_free(&r);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]) - 1; i++) {
		RUN(&r, dir, "pmo -p CBM %s --force >/dev/null", cmds[i]);
		cr_expect_eq(r.status, 0, "%s --force: exit %d %s", cmds[i], r.status, r.err);
		cr_expect(!strncmp(r.err, want, strlen(want)), "%s --force: %s", cmds[i], r.err);
		th_result_free(&r);
	}
	RUN(&r, dir, "pmo -p CBM status --force --format json");
	cr_assert(strstr(r.out, "\"forced\": true,"), "%s", r.out);
	th_result_free(&r);
	/* the unknown dependency alone: an error too, not a warning */
	RUN(&r, dir, "sed -i 's/duraton/duration/' projects/CBM/plan.yaml && pmo -p CBM schedule");
	EXPECT(&r, 1, "", "projects/CBM/plan.yaml:10:9: error: task T-2 depends on unknown task T-9 [plan-dependency]\n"
			  "pmo: error: projects/CBM/plan.yaml has 1 error (pmo validate); nothing computed "
			  "(--force computes what it can)\n");
	th_result_free(&r);
	/* a clean plan's JSON has no such field, and its commands are quiet */
	RUN(&r, dir, "sed -i '/T-9/d' projects/CBM/plan.yaml && "
		     "pmo -p CBM schedule --format json | grep -c forced");
	EXPECT(&r, 1, "0\n", "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_rules, a_plan_with_two_hand_made_errors_is_mended_one_set_at_a_time)
{
	char *dir = plan_with_two_errors(), *file;
	th_result r;

	/* the unknown dependency of T-2 does not block mending its misspelt field … */
	RUN(&r, dir, "pmo -p CBM task set T-2 duraton= duration=15");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "] task CBM/T-2: set duraton=, duration=15\n"), "%s", r.out);
	cr_assert_str_eq(r.err, "");
	th_result_free(&r);
	/* … and the other error is still there, reported by validate */
	RUN(&r, dir, "pmo validate");
	EXPECT(&r, 1, "projects/CBM/plan.yaml:10:9: error: task T-2 depends on unknown task T-9 "
		      "[plan-dependency]\n1 error, 0 warnings in 5 files\n", "");
	th_result_free(&r);
	/* another change to that task that keeps the bad dependency: accepted */
	RUN(&r, dir, "pmo -p CBM task set T-2 title=系统设计说明 >/dev/null");
	EXPECT(&r, 0, "", "");
	th_result_free(&r);
	/* a new problem is still refused */
	RUN(&r, dir, "pmo -p CBM task set T-2 depends=T-1,T-9,T-8");
	EXPECT(&r, 2, "", "pmo: error: depends: no task \"T-8\" in projects/CBM/plan.yaml\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM task set T-2 depends=T-1 >/dev/null && pmo validate && git status --porcelain && "
		     "git log --format=%%s -4");
	EXPECT(&r, 0, "0 errors, 0 warnings in 5 files\n"
		      "task CBM/T-2: set depends=T-1\n"
		      "task CBM/T-2: set title=系统设计说明\n"
		      "task CBM/T-2: set duraton=, duration=15\n"
		      "plan by hand\n", "");
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/plan.yaml");
	cr_assert_str_eq(file,
		"tasks:\n"
		"  - id: T-1\n"
		"    title: 需求分析\n"
		"    duration: 10\n"
		"  - id: T-2\n"
		"    title: 系统设计说明\n"
		"    duration: 15\n"
		"    depends:\n"
		"      - T-1\n"
		"  - id: T-3\n"
		"    title: 设计评审通过\n"
		"    milestone: true\n"
		"    depends:\n"
		"      - T-2\n");
	free(file);
	free(dir);
}

Test(e2e_rules, validate_checks_the_forecast_against_finish_no_later_than)
{
	char *dir = th_demo_repo();
	th_result r;

	/* T-1 10 days from 2027-01-04, due 2027-01-20: fine on the plan;
	 * as of 2027-01-18 at 20% it finishes 2027-01-27 */
	th_write(dir, "projects/CBM/plan.yaml",
		 "tasks:\n"
		 "  - id: T-1\n"
		 "    title: 监管报送\n"
		 "    duration: 10\n"
		 "    actual_start: 2027-01-04\n"
		 "    progress: 20\n"
		 "    finish_no_later_than: 2027-01-20\n");
	RUN(&r, dir, "git add -A && git commit -qm plan && pmo validate --today 2027-01-08 --strict");
	EXPECT(&r, 0, "0 errors, 0 warnings in 5 files\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo validate --today 2027-01-18");
	EXPECT(&r, 0, "projects/CBM/plan.yaml:2:5: warning: task T-1 finishes 2027-01-27, after its "
		      "finish_no_later_than 2027-01-20 [plan-constraint]\n0 errors, 1 warning in 5 files\n", "");
	th_result_free(&r);
	/* the same finding schedule prints */
	RUN(&r, dir, "pmo -p CBM schedule --as-of 2027-01-18 >/dev/null");
	EXPECT(&r, 0, "", "projects/CBM/plan.yaml:2:5: warning: task T-1 finishes 2027-01-27, after its "
			  "finish_no_later_than 2027-01-20 [plan-constraint]\n");
	th_result_free(&r);
	/* CI with --strict fails; PMO_TODAY is the default --today */
	RUN(&r, dir, "PMO_TODAY=2027-01-18 pmo validate --strict >/dev/null");
	EXPECT(&r, 1, "", "");
	th_result_free(&r);
	free(dir);
}

/* --- numbers ----------------------------------------------------------------- */

Test(e2e_rules, numbers_are_read_by_value_and_inf_nan_refused_from_the_command_line_and_files)
{
	char *dir = th_demo_repo(), *file;
	th_result r;

	RUN(&r, dir, "pmo -p CBM risk add 甲 probability=.inf impact=2");
	EXPECT(&r, 2, "", "pmo: error: probability: .inf is not a JSON number (.inf and .nan have no JSON value)\n");
	th_result_free(&r);
	/* a whole value in a float form is the integer */
	RUN(&r, dir, "pmo -p CBM risk add 乙 probability=.5e1 impact=2 >/dev/null && "
		     "grep ^probability projects/CBM/risks/R-1.yaml");
	EXPECT(&r, 0, "probability: 5\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM task add 丙 duration=-.INF");
	EXPECT(&r, 2, "", "pmo: error: duration: -.INF is not a JSON number (.inf and .nan have no JSON value)\n");
	th_result_free(&r);
	/* by hand: a duration of .1e2 is ten days, not the one-day default */
	th_write(dir, "projects/CBM/plan.yaml", "tasks:\n  - id: T-1\n    title: 丙\n    duration: .1e2\n");
	RUN(&r, dir, "pmo -p CBM schedule --format csv");
	EXPECT(&r, 0, "id,title,duration,start,finish,late_start,late_finish,total_slack,free_slack,critical\r\n"
		      "T-1,丙,10,2027-01-04,2027-01-15,2027-01-04,2027-01-15,0,0,true\r\n", "");
	th_result_free(&r);
	RUN(&r, dir, "sed -i 's/^probability: 5$/probability: .NaN/' projects/CBM/risks/R-1.yaml && pmo validate");
	EXPECT(&r, 1, "projects/CBM/risks/R-1.yaml:3:14: error: probability: .NaN is not a JSON number "
		      "(.inf and .nan have no JSON value) [schema]\n1 error, 0 warnings in 6 files\n", "");
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/plan.yaml");
	cr_assert_str_eq(file, "tasks:\n  - id: T-1\n    title: 丙\n    duration: .1e2\n");
	free(file);
	free(dir);
}

/* A record made by hand starts where pmo add starts it: one committed in a
 * later status is a step the workflow never took (risk add status=closed
 * is refused; the same file written with an editor was not found). */
Test(e2e_rules, validate_since_finds_a_new_record_made_by_hand_in_a_later_status)
{
	char *dir = th_demo_repo(), *base, *tip, want[1024];
	th_result r;

	RUN(&r, dir, "%s >/dev/null", add_cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	base = head(dir, "HEAD");
	RUN(&r, dir, "sed 's/^id: R-1$/id: R-2/; s/^status: open$/status: occurred/' projects/CBM/risks/R-1.yaml "
		     "> projects/CBM/risks/R-2.yaml && git add -A && git commit -qm '补录风险'");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	tip = head(dir, "HEAD");
	RUN(&r, dir, "pmo validate --since %s", base);
	snprintf(want, sizeof(want),
		 "projects/CBM/risks/R-2.yaml:9:9: error: a new risk starts as status \"open\", not \"occurred\" "
		 "(pmo risk add, then pmo risk set), commit %s \"补录风险\" [workflow]\n"
		 "1 error, 0 warnings in 6 files\n", tip);
	EXPECT(&r, 1, want, "");
	th_result_free(&r);
	/* one that starts as open is no finding */
	RUN(&r, dir, "sed 's/^id: R-1$/id: R-3/' projects/CBM/risks/R-1.yaml > projects/CBM/risks/R-3.yaml && "
		     "git add -A && git commit -qm open && pmo validate --since HEAD | tail -n 1");
	cr_assert_str_eq(r.out, "0 errors, 0 warnings in 7 files\n");
	th_result_free(&r);
	free(base);
	free(tip);
	free(dir);
}

/* A number written by hand in another YAML form is shown by its value in
 * every output, as JSON shows it: 0x2 is 2 and .5e1 is 5 in tables, CSV,
 * show and log (they printed the text as typed). */
Test(e2e_rules, numbers_in_any_form_are_shown_by_value)
{
	char *dir = th_demo_repo();
	th_result r;

	RUN(&r, dir, "pmo -p CBM risk add 风险 probability=2 impact=2 >/dev/null && "
		     "sed -i 's/^probability: .*/probability: 0x2/; s/^impact: .*/impact: .5e1/' "
		     "projects/CBM/risks/R-1.yaml && git commit -qam 十六进制 && "
		     "pmo -p CBM risk list --format csv | cut -d, -f1-6 && "
		     "pmo -p CBM risk list --format md | tail -n 1 | cut -d'|' -f4,5 && "
		     "pmo risk show CBM/R-1 | grep -E '^(Probability|Impact):' && "
		     "pmo risk log CBM/R-1 | sed -n 3p");
	EXPECT(&r, 0,
	       "id,title,probability,impact,score,level\n"
	       "R-1,风险,2,5,10,high\n"
	       " 2 | 5 \n"
	       "Probability:       2\n"
	       "Impact:            5\n"
	       "    impact: 2 → 5\n", "");
	th_result_free(&r);
	free(dir);
}
