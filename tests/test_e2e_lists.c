/* End to end: lists and nested values from the command line (issue 10,
 * "The engine, grown for twenty kinds"): field+=, field-=, field.N.sub=
 * and YAML flow values through the built pmo, with the exact file bytes,
 * the commit, and the charter's objectives and closing review. */
#define _GNU_SOURCE /* asprintf */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

static const char risk_head[] =
	"id: R-1\ntitle: 迁移\nprobability: 4\nimpact: 5\nowner: wang-li\nstatus: open\n"
	"identified: '2027-01-04'\nreview: '2027-02-03'\n";

static char *risk_repo(const char *tags)
{
	char *dir = th_demo_repo();

	free(th_sh(dir, "pmo -p CBM risk add 迁移 probability=4 impact=5 owner=wang-li %s >/dev/null", tags));
	return dir;
}

static void assert_file(const char *dir, const char *rel, const char *want)
{
	char *got = th_read(dir, rel);

	cr_assert(got, "%s is missing", rel);
	cr_assert_str_eq(got, want);
	free(got);
}

Test(e2e_lists, append_on_add_and_set_keeps_the_lists_other_lines)
{
	char *dir = risk_repo("tags+=a,b"), *want, *subject;

	cr_assert(asprintf(&want, "%stags:\n  - a\n  - b\n", risk_head) >= 0);
	assert_file(dir, "projects/CBM/risks/R-1.yaml", want);
	free(want);
	/* a comment in the list and after it stays where it is */
	free(th_sh(dir, "sed -i 's/^  - a$/  - a  # from the workshop/' projects/CBM/risks/R-1.yaml && "
		   "echo '# end' >> projects/CBM/risks/R-1.yaml && git commit -qam comment"));
	free(th_sh(dir, "pmo -p CBM risk set R-1 tags+=c,d >/dev/null"));
	cr_assert(asprintf(&want, "%stags:\n  - a  # from the workshop\n  - b\n  - c\n  - d\n# end\n",
			   risk_head) >= 0);
	assert_file(dir, "projects/CBM/risks/R-1.yaml", want);
	free(want);
	subject = th_sh(dir, "git log -1 --format=%%s");
	cr_assert_str_eq(subject, "risk CBM/R-1: set tags+=c,d\n");
	free(subject);
	th_assert_sh(dir, "git status --porcelain", "");
	free(dir);
}

Test(e2e_lists, remove_takes_an_item_out_and_names_one_that_is_not_there)
{
	char *dir = risk_repo("tags=a,b,c"), *want, *head;
	th_result r;

	free(th_sh(dir, "pmo -p CBM risk set R-1 tags-=b >/dev/null"));
	cr_assert(asprintf(&want, "%stags:\n  - a\n  - c\n", risk_head) >= 0);
	assert_file(dir, "projects/CBM/risks/R-1.yaml", want);
	head = th_sh(dir, "git rev-parse HEAD");
	RUN(&r, dir, "pmo -p CBM risk set R-1 tags-=zz");
	EXPECT(&r, 2, "", "pmo: error: tags-=zz: \"zz\" is not in tags (a, c)\n");
	th_result_free(&r);
	assert_file(dir, "projects/CBM/risks/R-1.yaml", want);
	th_assert_sh(dir, "git rev-parse HEAD", head);
	/* the last items gone: the field goes */
	free(th_sh(dir, "pmo -p CBM risk set R-1 tags-=a,c >/dev/null"));
	assert_file(dir, "projects/CBM/risks/R-1.yaml", risk_head);
	free(want);
	free(head);
	free(dir);
}

Test(e2e_lists, plus_and_minus_are_for_lists_only)
{
	char *dir = risk_repo("");
	th_result r;

	RUN(&r, dir, "pmo -p CBM risk set R-1 owner+=zhao-min");
	EXPECT(&r, 2, "", "pmo: error: owner+=zhao-min: += and -= work on lists; owner is not one "
			  "(set it with owner=VALUE)\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM risk set R-1 tagz+=a");
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert(strstr(r.err, "unknown field \"tagz\""), "%s", r.err);
	th_result_free(&r);
	assert_file(dir, "projects/CBM/risks/R-1.yaml", risk_head);
	free(dir);
}

static const char charter[] =
	"key: CBM\nname: 核心银行系统迁移\nstatus: proposed\nsponsor: zhao-min\nmanager: wang-li\n"
	"start: '2027-01-04'\n";

Test(e2e_lists, objectives_from_flow_mappings_and_one_field_of_the_first)
{
	char *dir = th_demo_repo(), *want;
	th_result r;

	free(th_sh(dir, "pmo project set CBM objectives+='{statement: 迁移全部账户, metric: 迁移账户比例, "
		   "target: \"100%%\", due: 2027-06-30}' >/dev/null && "
		   "pmo project set CBM objectives+='{statement: Cut-over, target: 4}' >/dev/null"));
	cr_assert(asprintf(&want, "%sobjectives:\n  - statement: 迁移全部账户\n    metric: 迁移账户比例\n"
			   "    target: 100%%\n    due: '2027-06-30'\n  - statement: Cut-over\n    target: 4\n",
			   charter) >= 0);
	assert_file(dir, "projects/CBM/project.yaml", want);
	free(want);
	free(th_sh(dir, "pmo project set CBM objectives.1.achieved=yes >/dev/null"));
	cr_assert(asprintf(&want, "%sobjectives:\n  - statement: 迁移全部账户\n    metric: 迁移账户比例\n"
			   "    target: 100%%\n    due: '2027-06-30'\n    achieved: 'yes'\n"
			   "  - statement: Cut-over\n    target: 4\n", charter) >= 0);
	assert_file(dir, "projects/CBM/project.yaml", want);
	RUN(&r, dir, "pmo project set CBM objectives.3.achieved=yes");
	EXPECT(&r, 2, "", "pmo: error: objectives.3.achieved: objectives has 2 items (numbered from 1, "
			  "as show lists them)\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo project set CBM objectives.2.achieved=true");
	EXPECT(&r, 2, "", "pmo: error: objectives[1].achieved: \"true\" is not one of: yes, partly, no\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo project set CBM objectives.2.owner=wang-li");
	EXPECT(&r, 2, "", "pmo: error: objectives.2.owner: unknown field \"owner\"; an item of objectives "
			  "has: statement, metric, target, due, achieved\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo project set CBM objectives+='{metric: x}'");
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert(strstr(r.err, "statement"), "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "pmo project set CBM objectives+='{statement: [x'");
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert(strstr(r.err, "is not a YAML flow value"), "%s", r.err);
	th_result_free(&r);
	assert_file(dir, "projects/CBM/project.yaml", want);
	free(want);
	free(dir);
}

Test(e2e_lists, show_numbers_objectives_from_one)
{
	char *dir = th_demo_repo(), *out;

	free(th_sh(dir, "pmo project set CBM objectives='[{statement: 迁移, target: 0}, {statement: 上线}]' "
		   ">/dev/null"));
	out = th_sh(dir, "pmo project show CBM | sed -n '/^Objectives:/,/^Calendar:/p'");
	cr_assert_str_eq(out, "Objectives:\n    1. statement: 迁移\n       target: 0\n    2. statement: 上线\n"
			      "Calendar:        -\n");
	free(out);
	free(dir);
}

Test(e2e_lists, a_project_closes_only_after_every_objective_is_judged)
{
	char *dir = th_demo_repo(), *head;
	th_result r;

	free(th_sh(dir, "pmo project set CBM status=active objectives='[{statement: 迁移}, {statement: 上线}]' "
		   "objectives.1.achieved=partly >/dev/null"));
	head = th_sh(dir, "git rev-parse HEAD");
	RUN(&r, dir, "pmo project close CBM");
	EXPECT(&r, 1, "", "pmo: error: the closing review is not done: objective 2 (上线) has no achieved "
			  "(yes, partly or no); judge it first: pmo project set CBM "
			  "objectives.2.achieved=yes|partly|no\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo project set CBM status=closed");
	cr_assert_eq(r.status, 1, "%s", r.err);
	th_result_free(&r);
	th_assert_sh(dir, "git rev-parse HEAD", head);
	free(th_sh(dir, "pmo project set CBM objectives.2.achieved=no >/dev/null && pmo project close CBM >/dev/null"));
	th_assert_sh(dir, "sed -n 's/^status: //p' projects/CBM/project.yaml", "closed\n");
	free(head);
	free(dir);
}

Test(e2e_lists, tasks_take_the_same_list_assignments)
{
	char *dir = th_demo_repo();
	th_result r;

	free(th_sh(dir, "pmo -p CBM task add A duration=3 >/dev/null && pmo -p CBM task add B duration=2 >/dev/null && "
		   "pmo -p CBM task add C duration=1 depends+=T-1 >/dev/null && "
		   "pmo -p CBM task set T-3 depends+=T-2 >/dev/null"));
	th_assert_sh(dir, "sed -n '/id: T-3/,$p' projects/CBM/plan.yaml",
		     "  - id: T-3\n    title: C\n    duration: 1\n    depends:\n      - T-1\n      - T-2\n");
	free(th_sh(dir, "pmo -p CBM task set T-3 depends-=T-1 >/dev/null"));
	th_assert_sh(dir, "sed -n '/id: T-3/,$p' projects/CBM/plan.yaml",
		     "  - id: T-3\n    title: C\n    duration: 1\n    depends:\n      - T-2\n");
	RUN(&r, dir, "pmo -p CBM task set T-3 depends-=T-9");
	EXPECT(&r, 2, "", "pmo: error: depends-=T-9: \"T-9\" is not in depends (T-2)\n");
	th_result_free(&r);
	free(dir);
}
