/* End to end: the commands that read records on several threads (issue
 * 14, "Two cores") print the same bytes on one thread and on four
 * (PMO_THREADS), findings and records in one fixed order, through the
 * built pmo in a fresh repository with PMO_TODAY=2027-01-04. */
#define _GNU_SOURCE /* asprintf */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

/* The demo tree with 400 risks in CBM (R-1 … R-400: more than one
 * thread's share) and a second project OPS with 200, some of them broken
 * in every way a file can be: YAML that does not load, a field the schema
 * refuses, an owner who does not exist, an ID that is not the file's, a
 * link, a folder of another kind's name. */
static char *big_repo(void)
{
	char *dir = th_demo_repo();

	free(th_sh(dir,
		   "pmo project add OPS name=运维 sponsor=zhao-min manager=wang-li start=2027-01-04 >/dev/null && "
		   "mkdir -p projects/CBM/risks projects/OPS/risks && "
		   "i=1; while [ $i -le 400 ]; do "
		   "printf 'id: R-%%s\\ntitle: 供应商交付延迟 %%s\\nprobability: %%s\\nimpact: %%s\\nowner: wang-li\\n"
		   "status: open\\nidentified: 2026-12-01\\nreview: 2027-0%%s-15\\n' "
		   "$i $i $((i %% 5 + 1)) $((i %% 3 + 1)) $((i %% 9 + 1)) > projects/CBM/risks/R-$i.yaml; "
		   "[ $i -le 200 ] && sed 's/wang-li/zhao-min/' projects/CBM/risks/R-$i.yaml > projects/OPS/risks/R-$i.yaml; "
		   "i=$((i + 1)); done && "
		   "printf 'id: R-7\\ntitle: [unclosed\\n' > projects/CBM/risks/R-7.yaml && "
		   "sed -i 's/^impact: .*/impact: high/' projects/CBM/risks/R-150.yaml && "
		   "sed -i 's/^owner: .*/owner: nobody/' projects/CBM/risks/R-333.yaml && "
		   "sed -i 's/^id: .*/id: R-5/' projects/OPS/risks/R-6.yaml && "
		   "rm projects/OPS/risks/R-100.yaml && ln -s ../../CBM/risks/R-1.yaml projects/OPS/risks/R-100.yaml && "
		   "git add -A && git commit -qm risks"));
	return dir;
}

/* stdout and stderr of cmd on one thread and on four are the same bytes;
 * the exit code is want. */
static void same_on_threads(const char *dir, const char *cmd, int want)
{
	th_result one, four;

	RUN(&one, dir, "PMO_THREADS=1 %s", cmd);
	RUN(&four, dir, "PMO_THREADS=4 %s", cmd);
	cr_assert_eq(one.status, want, "%s: exit %d: %s", cmd, one.status, one.err);
	cr_assert_eq(four.status, want, "%s: exit %d: %s", cmd, four.status, four.err);
	cr_assert_str_eq(four.out, one.out, "%s", cmd);
	cr_assert_str_eq(four.err, one.err, "%s", cmd);
	th_result_free(&one);
	th_result_free(&four);
}

Test(e2e_threads, validate_finds_the_same_in_the_same_order_on_one_thread_and_on_four)
{
	char *dir = big_repo();
	th_result r;
	const char *yaml, *schema, *ref, *id, *link;

	same_on_threads(dir, "pmo validate", 1);
	same_on_threads(dir, "pmo validate --format json", 1);
	same_on_threads(dir, "pmo validate projects/OPS", 1);
	same_on_threads(dir, "pmo validate --rev HEAD", 1);
	/* and what it finds is each problem, at its file, in the files' order */
	RUN(&r, dir, "PMO_THREADS=4 pmo validate");
	cr_assert_eq(r.status, 1, "%s", r.err);
	yaml = strstr(r.out, "projects/CBM/risks/R-7.yaml:3:1: error:");
	schema = strstr(r.out, "projects/CBM/risks/R-150.yaml:4:9: error: impact:");
	ref = strstr(r.out, "projects/CBM/risks/R-333.yaml:5:8: error:");
	link = strstr(r.out, "projects/OPS/risks/R-100.yaml:1:1: error: is a symbolic link");
	id = strstr(r.out, "projects/OPS/risks/R-6.yaml:1:5: error:");
	cr_assert(yaml && schema && ref && link && id, "%s", r.out);
	/* sorted by path */
	cr_assert(schema < ref && ref < yaml && yaml < link && link < id, "%s", r.out);
	cr_assert(strstr(r.out, "6 errors, 0 warnings in 605 files"), "%s", r.out);
	th_result_free(&r);
	free(dir);
}

Test(e2e_threads, lists_are_the_same_on_one_thread_and_on_four)
{
	char *dir = big_repo();
	th_result r;

	/* 1: the files that cannot be listed are named */
	same_on_threads(dir, "pmo risk list", 1);
	same_on_threads(dir, "pmo risk list --format json", 1);
	same_on_threads(dir, "pmo -p OPS risk list --format csv", 1);
	same_on_threads(dir, "pmo -p CBM risk list 'owner=wang-li'", 1);
	same_on_threads(dir, "pmo search 延迟 --format csv", 1);
	/* the records in order (project, then ID by number), the ones that
	 * cannot be listed named on stderr */
	RUN(&r, dir, "PMO_THREADS=4 pmo risk list --format csv 2>/dev/null | cut -d, -f1 | "
	    "sed -n '2p;3p;399p;400p;401p;$p;$='");
	cr_assert_str_eq(r.out, "CBM/R-1\nCBM/R-2\nCBM/R-400\nOPS/R-1\nOPS/R-2\nOPS/R-200\n598\n", "%s", r.err);
	th_result_free(&r);
	free(dir);
}

/* A record that is a folder (a project) has its folder opened to be read:
 * past 256 folders the rest are read on the caller's thread, and every
 * one is still listed and checked. */
Test(e2e_threads, three_hundred_projects_are_all_listed_and_checked)
{
	char *dir = th_demo_repo();
	th_result r;

	free(th_sh(dir,
		   "i=1; while [ $i -le 300 ]; do mkdir -p projects/P$i && "
		   "printf 'key: P%%s\\nname: 项目%%s\\nstatus: active\\nsponsor: zhao-min\\nmanager: wang-li\\n"
		   "start: 2027-01-04\\n' $i $i > projects/P$i/project.yaml; i=$((i + 1)); done && "
		   "sed -i 's/^sponsor: .*/sponsor: nobody/' projects/P299/project.yaml && "
		   "git add -A && git commit -qm projects"));
	same_on_threads(dir, "pmo project list --format csv", 0);
	same_on_threads(dir, "pmo validate", 1);
	RUN(&r, dir, "PMO_THREADS=4 pmo project list --format csv | cut -d, -f1 | sed -n '2p;3p;$p;$='");
	cr_assert_str_eq(r.out, "CBM\nP1\nP300\n302\n", "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "PMO_THREADS=4 pmo validate");
	cr_assert_str_eq(r.out, "projects/P299/project.yaml:4:10: error: sponsor: no person \"nobody\" "
				"(people/nobody.yaml does not exist) [reference]\n"
				"1 error, 0 warnings in 304 files\n", "%s", r.err);
	th_result_free(&r);
	free(dir);
}
