/* End to end: the risk register as a user drives it, through the built pmo,
 * in temporary git repositories with a fixed identity, dates and today. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

static const char add_cmd[] =
	"pmo -p CBM risk add 核心数据迁移丢失 probability=4 impact=5 owner=wang-li "
	"strategy=mitigate category=technical contingency=回滚到旧系统并启用双轨运行";

static char *count_commits(const char *dir)
{
	th_result r;
	char *s;

	RUN(&r, dir, "git rev-list --count HEAD");
	s = strdup(r.out);
	th_result_free(&r);
	return s;
}

static void assert_commit_line(const char *out, const char *subject)
{
	/* "[master 1a2b3c4] SUBJECT\n" */
	const char *close = strchr(out, ']');
	cr_assert(!strncmp(out, "[master ", 8) && close && close - out == 15,
		  "commit line: %s", out);
	cr_assert_str_eq(close + 2, subject);
}

Test(e2e_risk, add_writes_canonical_file_and_one_commit)
{
	char *dir = th_demo_repo(), *file;
	th_result r;

	RUN(&r, dir, "%s", add_cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "risk CBM/R-1: add 核心数据迁移丢失\n");
	cr_assert_str_eq(r.err, "");
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/risks/R-1.yaml");
	cr_assert_str_eq(file,
		"id: R-1\n"
		"title: 核心数据迁移丢失\n"
		"category: technical\n"
		"probability: 4\n"
		"impact: 5\n"
		"owner: wang-li\n"
		"strategy: mitigate\n"
		"contingency: 回滚到旧系统并启用双轨运行\n"
		"status: open\n"
		"identified: '2027-01-04'\n"
		"review: '2027-02-03'\n");
	free(file);
	RUN(&r, dir, "git log -1 --format=%%B HEAD && git show --name-status --format= HEAD");
	cr_assert_str_eq(r.out,
		"risk CBM/R-1: add 核心数据迁移丢失\n"
		"\n"
		"Pmo-Command: risk add\n"
		"Pmo-Record: CBM/R-1\n"
		"\n"
		"A\tprojects/CBM/risks/R-1.yaml\n");
	th_result_free(&r);
	RUN(&r, dir, "git status --porcelain");
	cr_assert_str_eq(r.out, "");
	th_result_free(&r);
	free(dir);
}

static char *demo_with_risks(void)
{
	char *dir = th_demo_repo();
	th_result r;

	RUN(&r, dir,
	    "%s >/dev/null && "
	    "pmo -p CBM risk add 'Vendor delivers the card module late' probability=3 impact=3 owner=zhao-min >/dev/null && "
	    "pmo -p CBM risk add 监管检查不通过 probability=2 impact=5 owner=wang-li category=compliance >/dev/null && "
	    "pmo -p CBM risk set R-2 status=mitigating >/dev/null",
	    add_cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	return dir;
}

Test(e2e_risk, list_table_aligns_chinese_by_display_width)
{
	char *dir = demo_with_risks();
	th_result r;

	RUN(&r, dir, "pmo -p CBM risk list");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out,
		"ID   Title                                 P  I  Score  Level   Owner     Status      Next review\n"
		"R-1  核心数据迁移丢失                      4  5     20  high    wang-li   open        2027-02-03\n"
		"R-2  Vendor delivers the card module late  3  3      9  medium  zhao-min  mitigating  2027-02-03\n"
		"R-3  监管检查不通过                        2  5     10  high    wang-li   open        2027-02-03\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_risk, list_filters_and_sorts_on_stored_and_derived_fields)
{
	char *dir = demo_with_risks();
	th_result r;

	/* the command: 4 × 5 is high under pmo init's matrix */
	RUN(&r, dir, "pmo -p CBM risk list status=open level=high --sort=-score --format csv");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out,
		"id,title,probability,impact,score,level,owner,status,review\r\n"
		"R-1,核心数据迁移丢失,4,5,20,high,wang-li,open,2027-02-03\r\n"
		"R-3,监管检查不通过,2,5,10,high,wang-li,open,2027-02-03\r\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM risk list level=medium,critical --format csv | cut -d, -f1");
	cr_assert_str_eq(r.out, "id\nR-2\n");
	th_result_free(&r);
	/* enums sort in their own order: low < medium < high, open < mitigating */
	RUN(&r, dir, "pmo -p CBM risk list --sort=-level,-status --format csv | cut -d, -f1");
	cr_assert_str_eq(r.out, "id\nR-1\nR-3\nR-2\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM risk list --sort=status,level --format csv | cut -d, -f1");
	cr_assert_str_eq(r.out, "id\nR-1\nR-3\nR-2\n");
	th_result_free(&r);
	/* a value the field can never have is refused, not an empty list */
	RUN(&r, dir, "pmo -p CBM risk list status=bogus");
	EXPECT(&r, 2, "", "pmo: error: status: \"bogus\" is not one of: open, mitigating, occurred, closed\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM risk list level=extreme");
	EXPECT(&r, 2, "", "pmo: error: level: \"extreme\" is not one of: low, medium, high, critical\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM risk list impact=high");
	EXPECT(&r, 2, "", "pmo: error: impact: \"high\" is not an integer\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p NOPE risk list");
	EXPECT(&r, 2, "", "pmo: error: no project NOPE (projects: CBM)\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo risk list owner!=wang-li --format csv");
	cr_assert_str_eq(r.out,
		"id,title,probability,impact,score,level,owner,status,review\r\n"
		"CBM/R-2,Vendor delivers the card module late,3,3,9,medium,zhao-min,mitigating,2027-02-03\r\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM risk list --sort=score --format csv | cut -d, -f1");
	cr_assert_str_eq(r.out, "id\nR-2\nR-3\nR-1\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo risk list colour=red");
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "pmo: error: unknown field \"colour\" for risk; fields: id, title,"), "%s", r.err);
	th_result_free(&r);
	free(dir);
}

Test(e2e_risk, list_json_is_versioned_with_derived_fields)
{
	char *dir = th_demo_repo();
	th_result r;

	RUN(&r, dir, "%s >/dev/null && pmo risk list --format json", add_cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out,
		"{\n"
		"  \"version\": 1,\n"
		"  \"kind\": \"risk\",\n"
		"  \"records\": [\n"
		"    {\n"
		"      \"project\": \"CBM\",\n"
		"      \"id\": \"R-1\",\n"
		"      \"title\": \"核心数据迁移丢失\",\n"
		"      \"category\": \"technical\",\n"
		"      \"probability\": 4,\n"
		"      \"impact\": 5,\n"
		"      \"owner\": \"wang-li\",\n"
		"      \"strategy\": \"mitigate\",\n"
		"      \"contingency\": \"回滚到旧系统并启用双轨运行\",\n"
		"      \"status\": \"open\",\n"
		"      \"identified\": \"2027-01-04\",\n"
		"      \"review\": \"2027-02-03\",\n"
		"      \"score\": 20,\n"
		"      \"level\": \"high\"\n"
		"    }\n"
		"  ]\n"
		"}\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo risk list --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d[\"records\"]))'");
	cr_assert_str_eq(r.out, "1\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_risk, show_prints_every_field_with_derived_ones)
{
	char *dir = th_demo_repo();
	th_result r;

	RUN(&r, dir, "%s >/dev/null && pmo risk show CBM/R-1", add_cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out,
		"risk CBM/R-1\n"
		"Project:           CBM\n"
		"ID:                R-1\n"
		"Title:             核心数据迁移丢失\n"
		"Category:          technical\n"
		"Cause:             -\n"
		"Effect:            -\n"
		"Probability:       4\n"
		"Impact:            5\n"
		"Owner:             wang-li\n"
		"Strategy:          mitigate\n"
		"Response:          -\n"
		"Contingency plan:  回滚到旧系统并启用双轨运行\n"
		"Status:            open\n"
		"Identified:        2027-01-04\n"
		"Next review:       2027-02-03\n"
		"Resolution:        -\n"
		"Tags:              -\n"
		"Score:             20  (derived)\n"
		"Level:             high  (derived)\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo risk show CBM/R-7");
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.err, "pmo: error: no risk CBM/R-7 (projects/CBM/risks/R-7.yaml)\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_risk, set_changes_only_the_lines_of_its_fields)
{
	char *dir = th_demo_repo(), *file;
	th_result r;

	RUN(&r, dir, "%s >/dev/null", add_cmd);
	th_result_free(&r);
	/* a person's comment and quoting must survive */
	RUN(&r, dir,
	    "sed -i 's/^owner: wang-li$/owner: \"wang-li\"   # 由项目经理负责/' projects/CBM/risks/R-1.yaml && "
	    "sed -i '1i # 迁移风险，周会复核' projects/CBM/risks/R-1.yaml && "
	    "git commit -qam 'note on R-1'");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "pmo risk set CBM/R-1 impact=3");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "risk CBM/R-1: set impact=3\n");
	th_result_free(&r);
	RUN(&r, dir, "git show --numstat --format= HEAD");
	cr_assert_str_eq(r.out, "1\t1\tprojects/CBM/risks/R-1.yaml\n");
	th_result_free(&r);
	/* an absent field goes in at its schema position */
	RUN(&r, dir, "pmo risk set CBM/R-1 cause='旧系统数据质量差' >/dev/null");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/risks/R-1.yaml");
	cr_assert_str_eq(file,
		"# 迁移风险，周会复核\n"
		"id: R-1\n"
		"title: 核心数据迁移丢失\n"
		"category: technical\n"
		"cause: 旧系统数据质量差\n"
		"probability: 4\n"
		"impact: 3\n"
		"owner: \"wang-li\"   # 由项目经理负责\n"
		"strategy: mitigate\n"
		"contingency: 回滚到旧系统并启用双轨运行\n"
		"status: open\n"
		"identified: '2027-01-04'\n"
		"review: '2027-02-03'\n");
	free(file);
	/* field= removes the field */
	RUN(&r, dir, "pmo risk set CBM/R-1 cause= >/dev/null && grep -c cause projects/CBM/risks/R-1.yaml");
	cr_assert_str_eq(r.out, "0\n");
	th_result_free(&r);
	free(dir);
}

struct bad_case {
	const char *args;
	const char *err;
};

Test(e2e_risk, bad_values_are_refused_before_anything_is_written)
{
	static const struct bad_case cases[] = {
		{ "impact=9", "pmo: error: impact: 9 is more than the maximum 5\n" },
		{ "impact=0", "pmo: error: impact: 0 is less than the minimum 1\n" },
		{ "impact=high", "pmo: error: impact: \"high\" is not of type integer\n" },
		{ "strategy=fight", "pmo: error: strategy: \"fight\" is not one of: avoid, mitigate, transfer, accept\n" },
		{ "review=2027-02-30", "pmo: error: review: \"2027-02-30\" is not a valid date (YYYY-MM-DD)\n" },
		{ "owner=li-si", "pmo: error: owner: unknown person \"li-si\"; people: wang-li, zhao-min\n" },
		{ "colour=red", "pmo: error: unknown field \"colour\"; allowed: id, title, category, cause, effect, probability, impact, owner, strategy, response, contingency, status, identified, review, resolution, tags\n" },
		{ "status=done", "pmo: error: status: \"done\" is not one of: open, mitigating, occurred, closed\n" },
		{ "impact", "pmo: error: expected field=value, got \"impact\"\n" },
	};
	char *dir = th_demo_repo(), *before, *after;
	th_result r;
	size_t i;

	RUN(&r, dir, "%s >/dev/null", add_cmd);
	th_result_free(&r);
	before = count_commits(dir);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		RUN(&r, dir, "pmo risk set CBM/R-1 %s", cases[i].args);
		cr_expect_eq(r.status, 2, "set %s: exit %d", cases[i].args, r.status);
		cr_expect_str_eq(r.err, cases[i].err, "set %s", cases[i].args);
		cr_expect_str_eq(r.out, "");
		th_result_free(&r);
		RUN(&r, dir, "pmo -p CBM risk add 新风险 probability=3 %s %s",
		    strncmp(cases[i].args, "impact", 6) ? "impact=4" : "", cases[i].args);
		cr_expect_eq(r.status, 2, "add %s: exit %d", cases[i].args, r.status);
		cr_expect_str_eq(r.err, cases[i].err, "add %s", cases[i].args);
		th_result_free(&r);
	}
	after = count_commits(dir);
	cr_assert_str_eq(before, after, "no commit was made");
	RUN(&r, dir, "git status --porcelain --untracked-files=all");
	cr_assert_str_eq(r.out, "", "no file was written");
	th_result_free(&r);
	free(before);
	free(after);
	free(dir);
}

Test(e2e_risk, workflow_refuses_illegal_transitions)
{
	char *dir = th_demo_repo();
	th_result r;

	RUN(&r, dir, "%s >/dev/null && pmo risk close CBM/R-1 --reason 迁移演练通过", add_cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "risk CBM/R-1: close (迁移演练通过)\n");
	th_result_free(&r);
	RUN(&r, dir, "grep -E '^(status|resolution):' projects/CBM/risks/R-1.yaml");
	cr_assert_str_eq(r.out, "status: closed\nresolution: 迁移演练通过\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo risk set CBM/R-1 status=mitigating");
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "pmo: error: status: cannot go from \"closed\" to \"mitigating\"; from closed: open\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo risk set CBM/R-1 status=open");
	cr_assert_eq(r.status, 0, "reopening is allowed: %s", r.err);
	th_result_free(&r);
	free(dir);
}

Test(e2e_risk, edit_validates_on_save_and_aborts_cleanly)
{
	char *dir = th_demo_repo(), *before, *after;
	th_result r;

	RUN(&r, dir, "%s >/dev/null && printf '#!/bin/sh\\nsed -i \"s/^probability: .*/probability: $P/\" \"$1\"\\n' > ../ed-%s.sh && chmod +x ../ed-%s.sh",
	    add_cmd, strrchr(dir, '-') + 1, strrchr(dir, '-') + 1);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	before = count_commits(dir);
	RUN(&r, dir, "EDITOR=false pmo risk edit CBM/R-1");
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.err, "pmo: error: the editor (false) failed; nothing changed\n");
	th_result_free(&r);
	RUN(&r, dir, "EDITOR=true pmo risk edit CBM/R-1");
	cr_assert_eq(r.status, 0);
	cr_assert_str_eq(r.err, "pmo: no changes; nothing committed\n");
	th_result_free(&r);
	RUN(&r, dir, "P=7 EDITOR=../ed-%s.sh pmo risk edit CBM/R-1", strrchr(dir, '-') + 1);
	cr_assert_eq(r.status, 1);
	{
		/* the finding points into the kept file, where the editor can jump */
		char kept[256], line[512];
		cr_assert(sscanf(r.err, "%255[^:]:%511[^\n]", kept, line) == 2, "%s", r.err);
		cr_assert(!strncmp(kept, "/tmp/pmo-edit-", 14), "%s", r.err);
		cr_assert_str_eq(line, "4:14: error: probability: 7 is more than the maximum 5");
		cr_assert(strstr(r.err, "\npmo: nothing changed; your edit is kept in /tmp/pmo-edit-"), "%s", r.err);
	}
	th_result_free(&r);
	after = count_commits(dir);
	cr_assert_str_eq(before, after);
	RUN(&r, dir, "git status --porcelain");
	cr_assert_str_eq(r.out, "");
	th_result_free(&r);
	RUN(&r, dir, "P=2 EDITOR=../ed-%s.sh pmo risk edit CBM/R-1", strrchr(dir, '-') + 1);
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "risk CBM/R-1: edit probability\n");
	th_result_free(&r);
	RUN(&r, dir, "grep ^probability projects/CBM/risks/R-1.yaml");
	cr_assert_str_eq(r.out, "probability: 2\n");
	th_result_free(&r);
	/* the lock is not held while the editor runs; a change made meanwhile
	 * wins and the edit is kept aside */
	RUN(&r, dir, "printf '#!/bin/sh\\npmo risk set CBM/R-1 impact=1 >/dev/null\\nsed -i s/^probability:.*/probability:\\\\ 3/ \"$1\"\\n' > ../ed2-%s.sh && "
	    "chmod +x ../ed2-%s.sh && EDITOR=../ed2-%s.sh pmo risk edit CBM/R-1",
	    strrchr(dir, '-') + 1, strrchr(dir, '-') + 1, strrchr(dir, '-') + 1);
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert(!strncmp(r.err, "pmo: error: projects/CBM/risks/R-1.yaml changed while it was being edited\n", 74), "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "grep -E '^(probability|impact)' projects/CBM/risks/R-1.yaml; git status --porcelain");
	cr_assert_str_eq(r.out, "probability: 2\nimpact: 1\n");
	th_result_free(&r);
	free(before);
	free(after);
	free(dir);
}

Test(e2e_risk, log_tells_each_change_in_fields)
{
	char *dir = th_demo_repo();
	th_result r;

	RUN(&r, dir,
	    "%s >/dev/null && "
	    "GIT_AUTHOR_NAME=赵敏 GIT_AUTHOR_EMAIL=zhao.min@bank.example GIT_AUTHOR_DATE=2027-01-20T10:00:00+08:00 "
	    "pmo risk set CBM/R-1 impact=3 review=2027-02-01 >/dev/null && "
	    "GIT_AUTHOR_DATE=2027-02-01T10:00:00+08:00 pmo risk close CBM/R-1 --reason 迁移演练通过 >/dev/null && "
	    "pmo risk log CBM/R-1 | sed -E 's/^[0-9a-f]{7} /HASH /'",
	    add_cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out,
		"HASH 2027-02-01 王丽 <wang.li@bank.example>\n"
		"    risk CBM/R-1: close (迁移演练通过)\n"
		"    status: open → closed\n"
		"    resolution: (none) → 迁移演练通过\n"
		"\n"
		"HASH 2027-01-20 赵敏 <zhao.min@bank.example>\n"
		"    risk CBM/R-1: set impact=3, review=2027-02-01\n"
		"    impact: 5 → 3\n"
		"    review: 2027-02-03 → 2027-02-01\n"
		"\n"
		"HASH 2027-01-04 王丽 <wang.li@bank.example>\n"
		"    risk CBM/R-1: add 核心数据迁移丢失\n"
		"    created\n"
		"    id: R-1\n"
		"    title: 核心数据迁移丢失\n"
		"    category: technical\n"
		"    probability: 4\n"
		"    impact: 5\n"
		"    owner: wang-li\n"
		"    strategy: mitigate\n"
		"    contingency: 回滚到旧系统并启用双轨运行\n"
		"    status: open\n"
		"    identified: 2027-01-04\n"
		"    review: 2027-02-03\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_risk, list_reports_a_bad_file_and_prints_the_others)
{
	char *dir = demo_with_risks();
	th_result r;

	th_write(dir, "projects/CBM/risks/R-9.yaml", "id: R-9\ntitle: &a x\n");
	RUN(&r, dir, "pmo -p CBM risk list --format csv | cut -d, -f1");
	cr_assert_str_eq(r.out, "id\nR-1\nR-2\nR-3\n");
	cr_assert_str_eq(r.err, "projects/CBM/risks/R-9.yaml:2:8: error: anchors are not allowed (&a)\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM risk list >/dev/null 2>&1");
	cr_assert_eq(r.status, 1);
	th_result_free(&r);
	free(dir);
}

Test(e2e_risk, list_names_a_record_its_schema_refuses_and_leaves_it_out)
{
	char *dir = demo_with_risks();
	th_result r;

	th_write(dir, "projects/CBM/risks/R-8.yaml", "foo: bar\n");
	th_write(dir, "projects/CBM/risks/R-9.yaml",
		 "id: R-9\ntitle: x\nprobability: high\nimpact: 2\nstatus: open\n");
	RUN(&r, dir, "pmo -p CBM risk list --format json | python3 -c "
	    "'import json,sys; print(\" \".join(x[\"id\"] for x in json.load(sys.stdin)[\"records\"]))'");
	cr_assert_str_eq(r.out, "R-1 R-2 R-3\n");
	cr_assert_str_eq(r.err,
		"projects/CBM/risks/R-8.yaml:1:1: error: missing required field \"id\"\n"
		"projects/CBM/risks/R-8.yaml:1:1: error: missing required field \"title\"\n"
		"projects/CBM/risks/R-8.yaml:1:1: error: missing required field \"probability\"\n"
		"projects/CBM/risks/R-8.yaml:1:1: error: missing required field \"impact\"\n"
		"projects/CBM/risks/R-8.yaml:1:1: error: missing required field \"status\"\n"
		"projects/CBM/risks/R-8.yaml:1:1: error: unknown field \"foo\"; allowed: id, title, category, cause, effect, probability, impact, owner, strategy, response, contingency, status, identified, review, resolution, tags\n"
		"projects/CBM/risks/R-9.yaml:3:14: error: probability: \"high\" is not of type integer\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM risk list >/dev/null 2>&1");
	cr_assert_eq(r.status, 1);
	th_result_free(&r);
	free(dir);
}

Test(e2e_risk, add_refuses_what_a_new_record_takes_from_elsewhere)
{
	static const struct bad_case cases[] = {
		{ "id=R-99", "pmo: error: id: the ID of a new risk is given by pmo (the next free R-<n>)\n" },
		{ "title=别的", "pmo: error: field \"title\" given twice: the first argument is the title\n" },
		{ "status=closed", "pmo: error: status: a new risk starts as \"open\"; change it afterwards with pmo risk set\n" },
		{ "identified=2027-03-01 review=2027-01-01", "pmo: error: review: 2027-01-01 is before identified (2027-03-01)\n" },
	};
	char *dir = th_demo_repo(), *before, *after, *file;
	th_result r;
	size_t i;

	before = count_commits(dir);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		RUN(&r, dir, "pmo -p CBM risk add 新风险 probability=3 impact=4 %s", cases[i].args);
		EXPECT(&r, 2, "", cases[i].err);
		th_result_free(&r);
	}
	RUN(&r, dir, "pmo -p CBM risk add \"$(printf 'esc\\033[31mred')\" probability=1 impact=1");
	EXPECT(&r, 2, "", "pmo: error: title: control character U+001B is not allowed in text\n");
	th_result_free(&r);
	after = count_commits(dir);
	cr_assert_str_eq(before, after, "no commit was made");
	free(before);
	free(after);
	/* -p after the command, as many type it */
	RUN(&r, dir, "pmo risk list -p CBM --format csv && pmo risk list --project=NOPE");
	EXPECT(&r, 2, "id,title,probability,impact,score,level,owner,status,review\r\n",
	       "pmo: error: no project NOPE (projects: CBM)\n");
	th_result_free(&r);
	/* set checks the order of dates too */
	RUN(&r, dir, "%s >/dev/null && pmo risk set CBM/R-1 review=2026-12-01", add_cmd);
	EXPECT(&r, 2, "", "pmo: error: review: 2026-12-01 is before identified (2027-01-04)\n");
	th_result_free(&r);
	/* integers in any YAML form are written as people read them */
	RUN(&r, dir, "pmo risk set CBM/R-1 probability=0x2 impact=+3 >/dev/null && pmo risk show CBM/R-1 | grep -E '^(Prob|Imp|Score|Level)'");
	cr_assert_str_eq(r.out, "Probability:       2\nImpact:            3\nScore:             6  (derived)\nLevel:             medium  (derived)\n");
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/risks/R-1.yaml");
	cr_assert(strstr(file, "\nprobability: 2\nimpact: 3\n"), "%s", file);
	free(file);
	/* and a hand-written 0x4 scores as 4, and is shown as 4 */
	RUN(&r, dir, "sed -i 's/^probability: 2/probability: 0x4/' projects/CBM/risks/R-1.yaml && "
	    "git commit -qam hex && pmo risk list --format csv | cut -d, -f3-6");
	cr_assert_str_eq(r.out, "probability,impact,score,level\n4,3,12,high\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_risk, tables_on_a_terminal_truncate_and_colour_unless_no_color)
{
	char *dir = demo_with_risks();
	th_result r;

	/* script(1) gives pmo a terminal; COLUMNS sets its width */
	RUN(&r, dir, "COLUMNS=80 NO_COLOR=1 script -qec 'stty cols 80; pmo -p CBM risk list' /dev/null | tr -d '\\r'");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out,
		"ID   Title                P  I  Score  Level   Owner     Status      Next review\n"
		"R-1  核心数据迁移丢失     4  5     20  high    wang-li   open        2027-02-03\n"
		"R-2  Vendor delivers th…  3  3      9  medium  zhao-min  mitigating  2027-02-03\n"
		"R-3  监管检查不通过       2  5     10  high    wang-li   open        2027-02-03\n");
	th_result_free(&r);
	RUN(&r, dir, "unset NO_COLOR; TERM=xterm script -qec 'stty cols 200; pmo -p CBM risk list' /dev/null");
	cr_assert(strstr(r.out, "\033["), "colour on a terminal: %s", r.out);
	th_result_free(&r);
	RUN(&r, dir, "unset NO_COLOR; pmo -p CBM risk list");
	cr_assert(!strstr(r.out, "\033["), "no colour into a pipe");
	th_result_free(&r);
	free(dir);
}

Test(e2e_risk, help_works_anywhere)
{
	char *dir = th_tmpdir();
	th_result r;

	RUN(&r, dir, "pmo --help");
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.out, "usage: pmo [-C DIR]") && strstr(r.out, "  risk "), "%s", r.out);
	th_result_free(&r);
	RUN(&r, dir, "pmo risk --help");
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.out, "usage: pmo risk <verb>") && strstr(r.out, "  close "), "%s", r.out);
	th_result_free(&r);
	RUN(&r, dir, "pmo risk add -h");
	cr_assert_eq(r.status, 0);
	cr_assert(!strncmp(r.out, "usage: pmo [-p KEY] risk add TITLE [field=value…]\n", 52), "%s", r.out);
	cr_assert(strstr(r.out, "strategy     How the risk is treated (avoid, mitigate, transfer, accept)"), "%s", r.out);
	/* add lists what add takes: not the ID pmo gives nor the title argument */
	cr_assert(!strstr(r.out, "  id ") && !strstr(r.out, "  title "), "%s", r.out);
	cr_assert(strstr(r.out, "; a new risk is open\n"), "%s", r.out);
	th_result_free(&r);
	RUN(&r, dir, "pmo risk set -h");
	cr_assert(strstr(r.out, "\n  title "), "%s", r.out);
	th_result_free(&r);
	RUN(&r, dir, "pmo frobnicate");
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "pmo: error: \"frobnicate\" is not a pmo command; see 'pmo --help'\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo risk list --bogus");
	cr_assert_eq(r.status, 2);
	th_result_free(&r);
	free(dir);
}

Test(e2e_risk, schemas_are_written_for_editors_as_built_in)
{
	char *dir = th_tmpdir();
	th_result r;

	RUN(&r, dir, "pmo schemas");
	cr_assert_eq(r.status, 0);
	cr_assert_str_eq(r.out, "x-pmo.json\npmo.json\nperson.json\nproject.json\nrisk.json\ncalendar.json\nplan.json\n"
		"budget.json\nissue.json\nmeeting.json\naction.json\ncommunication.json\nqc.json\ndefect.json\n"
		"lesson.json\nrequirement.json\nfeedback.json\nobligation.json\ncompliance.json\n"
		"training.json\nincident.json\nvendor.json\ncontract.json\nevaluation.json\n"
		"document.json\nstakeholder.json\nimprovement.json\nenvironment.json\nchange.json\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo schemas --write .pmo/schemas >/dev/null && for f in .pmo/schemas/*.json; do "
		     "cmp \"$f\" \"$PMO_SRCDIR/schemas/$(basename $f)\" || echo differs; done; ls .pmo/schemas | wc -l");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "29\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_risk, editor_is_shell_text_as_in_git)
{
	char *dir = th_demo_repo();
	th_result r;

	/* a path with a space, quoted, and an argument: as git runs $EDITOR */
	RUN(&r, dir, "%s >/dev/null && mkdir -p '../my tools %s' && "
	    "printf '#!/bin/sh\\nsed -i \"s/^impact: .*/impact: $1/\" \"$2\"\\n' > '../my tools %s/ed' && "
	    "chmod +x '../my tools %s/ed' && "
	    "EDITOR=\"'../my tools %s/ed' 2\" pmo risk edit CBM/R-1 && grep ^impact projects/CBM/risks/R-1.yaml",
	    add_cmd, strrchr(dir, '-') + 1, strrchr(dir, '-') + 1, strrchr(dir, '-') + 1, strrchr(dir, '-') + 1);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "risk CBM/R-1: edit impact\nimpact: 2\n"), "%s", r.out);
	th_result_free(&r);
	free(dir);
}

Test(e2e_risk, project_close_keeps_the_reason_in_the_charter)
{
	char *dir = th_demo_repo(), *file;
	th_result r;

	RUN(&r, dir, "pmo project set CBM status=active >/dev/null && pmo project close CBM --reason 验收通过");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/project.yaml");
	cr_assert(strstr(file, "\nstatus: closed\n") && strstr(file, "\nresolution: 验收通过\n"), "%s", file);
	free(file);
	free(dir);
}

/* pmo risk matrix: the open risks (open, mitigating) counted by probability
 * × impact, each cell with its level from pmo.yaml; every project's
 * without -p; colour only when asked or on a terminal, never with NO_COLOR */
Test(e2e_risk, matrix_counts_open_risks_per_cell_with_their_level)
{
	char *dir = th_demo_repo(), *out;

	free(th_sh(dir,
		   "pmo project add PAY name=支付 sponsor=zhao-min manager=wang-li start=2027-01-04 >/dev/null && "
		   "pmo -p CBM risk add 数据迁移丢失 probability=4 impact=5 owner=wang-li >/dev/null && "
		   "pmo -p CBM risk add 供应商延期 probability=4 impact=5 owner=wang-li >/dev/null && "
		   "pmo -p CBM risk add 监管检查 probability=1 impact=2 owner=wang-li >/dev/null && "
		   "pmo -p CBM risk add 已关闭 probability=3 impact=3 owner=wang-li >/dev/null && "
		   "pmo -p CBM risk close R-4 --reason 不再相关 >/dev/null && "
		   "pmo -p PAY risk add 接口变更 probability=5 impact=5 owner=wang-li >/dev/null"));
	th_assert_sh(dir, "pmo -p CBM risk matrix",
		"risks of CBM by probability × impact, open only (status open, mitigating): 3\n"
		"\n"
		"probability 5 |   . M   . H   . H   . H   . C\n"
		"            4 |   . L   . M   . H   . H   2 H\n"
		"            3 |   . L   . M   . M   . H   . H\n"
		"            2 |   . L   . L   . M   . M   . H\n"
		"            1 |   . L   1 L   . L   . L   . M\n"
		"              +------------------------------\n"
		"                  1     2     3     4     5  impact\n"
		"\n"
		"levels: L low, M medium, H high, C critical\n");
	/* the levels are pmo.yaml's: a higher threshold for high */
	free(th_sh(dir, "sed -i 's/^    high: 10$/    high: 20/' pmo.yaml && grep -q '^    high: 20$' pmo.yaml"));
	th_assert_sh(dir, "pmo -p CBM risk matrix | sed -n 4p",
		"            4 |   . L   . M   . M   . M   2 H\n");
	th_assert_sh(dir, "pmo risk matrix | head -3",
		"risks of every project by probability × impact, open only (status open, mitigating): 4\n"
		"\n"
		"probability 5 |   . M   . M   . M   . H   1 C\n");
	out = th_sh(dir, "env -u NO_COLOR pmo --color=always -p CBM risk matrix");
	cr_assert(strstr(out, "\033[30;41m  2 H\033[0m"), "%s", out);
	free(out);
	th_assert_sh(dir, "NO_COLOR=1 pmo --color=always -p CBM risk matrix | grep -c \"$(printf '\\033')\"; true",
		     "0\n");
	th_assert_sh(dir, "pmo -p CBM risk matrix --format json | /usr/bin/python3 -c '"
		     "import json, sys\n"
		     "d = json.load(sys.stdin)\n"
		     "print(d[\"project\"], d[\"statuses\"], d[\"counted\"], len(d[\"cells\"]))\n"
		     "for c in d[\"cells\"]:\n"
		     "    if c[\"count\"]: print(c[\"probability\"], c[\"impact\"], c[\"count\"], c[\"level\"])'",
		     "CBM ['open', 'mitigating'] 3 25\n1 2 1 low\n4 5 2 high\n");
	/* a kind whose schema declares no matrix has none */
	th_assert_sh(dir, "pmo person matrix 2>&1; echo $?",
		     "pmo: error: people has no matrix: its schema's x-pmo declares none\n2\n");
	free(dir);
}
