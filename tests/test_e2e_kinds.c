/* End to end: every register kind of the table, driven the same
 * way from one table (add with the table's command, list in every format,
 * show, set, close, log, validate finding a planted error at its
 * path:line:col, delete retiring its ID), then references to tasks, files, lists and other
 * projects, and the derived values. Each runs in a fresh repository set up
 * as the setup block says. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

static const char setup[] =
	"set -e; export PMO_TODAY=2027-04-10; "
	"pmo init --name 零售银行项目组合 --currency CNY; "
	"pmo person add wang-li name=王丽 role=pm email=wang.li@bank.example; "
	"pmo person add zhao-min name=赵敏 role=sponsor email=zhao.min@bank.example; "
	"pmo person add li-qiang name=李强 role=developer email=li.qiang@bank.example; "
	"pmo person add liu-yang name=刘洋 role=pmo email=liu.yang@bank.example; "
	"pmo person add chen-jing name=陈静 role=architect email=chen.jing@bank.example; "
	"pmo project add CBM name=核心银行系统迁移 sponsor=zhao-min manager=wang-li start=2027-01-04; "
	"pmo -p CBM task add 需求调研 duration=10d; "
	"pmo -p CBM milestone add 'SIT 准入' depends=T-1; "
	"pmo -p CBM risk add 核心数据迁移丢失 probability=4 impact=5 owner=wang-li; "
	"mkdir -p docs && echo '# 数据迁移方案' > docs/迁移方案.md && git add docs && "
	"git commit -qm '迁移方案 v1'";

typedef struct {
	const char *kind;
	const char *folder;  /* the record's folder, from the tree's root */
	const char *id;
	const char *before;  /* commands the add needs first, or "" */
	const char *add;     /* the command, as written there */
	const char *to_close;/* set arguments that lead to where close may go, ';' between runs */
	const char *closed;  /* "status: …" after close, or NULL: no workflow */
	const char *reason;  /* the field close --reason writes */
} kind_case;

static const kind_case cases[] = {
	{ "issue", "projects/CBM/issues", "ISS-1", "",
	  "pmo -p CBM issue add \"测试环境不可用\" priority=high owner=li-qiang due=2027-01-20 from_risk=R-1",
	  "", "status: closed", "resolution" },
	{ "meeting", "projects/CBM/meetings", "M-1", "",
	  "pmo -p CBM meeting add \"项目周例会\" date=2027-01-11 kind=weekly chair=wang-li "
	  "attendees=wang-li,zhao-min,li-qiang decisions=\"UAT 推迟一周\"",
	  "", "status: held", "notes" },
	{ "action", "projects/CBM/actions", "A-1",
	  "pmo -p CBM meeting add 周例会 date=2027-01-11",
	  "pmo -p CBM action add \"提交迁移演练报告\" owner=wang-li due=2027-01-15 meeting=M-1",
	  "", "status: done", "outcome" },
	{ "communication", "projects/CBM/communications", "COM-1", "",
	  "pmo -p CBM communication add \"项目周报\" audience=管理层 channel=email frequency=weekly owner=wang-li",
	  "", "status: ended", "reason" },
	{ "qc", "projects/CBM/quality", "QC-1", "",
	  "pmo -p CBM qc add \"SIT 准入检查\" standard=\"SIT 准入标准 v2\" milestone=T-2 reviewer=liu-yang "
	  "date=2027-01-18 result=pass",
	  "", "status: closed", "conclusion" },
	{ "defect", "projects/CBM/defects", "DEF-1",
	  "pmo -p CBM qc add 准入检查",
	  "pmo -p CBM defect add \"批量利息计算错误\" severity=major found=2027-01-19 qc=QC-1 owner=li-qiang",
	  "", "status: closed", "resolution" },
	{ "lesson", "projects/CBM/lessons", "LL-1", "",
	  "pmo -p CBM lesson add \"数据迁移演练需提前两周\" category=process recommendation=\"演练排在 SIT 前两周\" risks=R-1",
	  "status=accepted", "status: applied", "outcome" },
	{ "requirement", "projects/CBM/requirements", "REQ-1", "",
	  "pmo -p CBM requirement add \"支持人民币与外币双币种账户\" priority=must source=零售业务部 "
	  "acceptance=\"双币种开户、记账、对账通过 UAT\"",
	  "status=approved;status=implemented", "status: verified", "reason" },
	{ "feedback", "projects/CBM/feedback", "FB-1", "",
	  "pmo -p CBM feedback add \"网点柜员反馈界面响应慢\" customer=城西支行 date=2027-03-01 channel=survey satisfaction=3",
	  "", "status: closed", "response" },
	{ "obligation", "obligations", "OB-1", "",
	  "pmo obligation add \"个人信息出境安全评估\" regulation=个人信息保护法 clause=第三十八条 owner=liu-yang review_days=180",
	  "", "status: retired", "reason" },
	{ "compliance", "projects/CBM/compliance", "CC-1",
	  "pmo obligation add 个人信息出境安全评估",
	  "pmo -p CBM compliance add \"上线前合规审查\" obligation=OB-1 result=compliant date=2027-03-10 reviewer=liu-yang",
	  "", "status: closed", "conclusion" },
	{ "training", "trainings", "TR-1", "",
	  "pmo training add \"反洗钱年度培训\" person=li-qiang completed=2026-11-20 expires=2027-11-20",
	  "", "status: completed", "notes" },
	{ "incident", "projects/CBM/incidents", "INC-1", "",
	  "pmo -p CBM incident add \"核心系统批量中断\" system=核心账务 severity=P1 "
	  "opened=2027-04-02T09:30:00+08:00 sla_hours=4 owner=li-qiang",
	  "", "status: closed", "resolution" },
	{ "vendor", "vendors", "V-1", "",
	  "pmo vendor add \"华信科技\" category=software status=active contact=张伟 email=zhang.wei@huaxin.example",
	  "", "status: terminated", "reason" },
	{ "contract", "contracts", "CT-1",
	  "pmo vendor add 华信科技",
	  "pmo contract add \"核心系统迁移实施服务\" vendor=V-1 value=3600000.00 start=2027-01-01 end=2027-12-31 "
	  "sla=\"P1 故障 4 小时恢复\"",
	  "status=active", "status: closed", "reason" },
	{ "evaluation", "evaluations", "VE-1",
	  "pmo vendor add 华信科技",
	  "pmo evaluation add \"2027 年一季度评估\" vendor=V-1 date=2027-03-31 quality=4 delivery=3 cost=4 service=5",
	  "", NULL, NULL },
	{ "document", "projects/CBM/documents", "DOC-1", "",
	  "pmo -p CBM document add \"数据迁移方案\" kind=plan classification=confidential owner=wang-li "
	  "path=docs/迁移方案.md review_days=90",
	  "", "status: retired", "reason" },
	{ "stakeholder", "projects/CBM/stakeholders", "SH-1", "",
	  "pmo -p CBM stakeholder add \"国家金融监督管理总局\" role=regulator interest=5 influence=5 engagement=neutral",
	  "", "status: inactive", "reason" },
	{ "improvement", "improvements", "IMP-1", "",
	  "pmo improvement add \"引入自动化回归测试\" kind=technology owner=chen-jing benefit=\"回归时间缩短 60%\"",
	  "status=approved", "status: done", "outcome" },
	{ "environment", "projects/CBM/environment", "ENV-1", "",
	  "pmo -p CBM environment add \"数据中心迁移能耗评估\" date=2027-02-15 energy_kwh=120000 carbon_t=68.5 rating=medium",
	  "", "status: closed", "conclusion" },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* The parameters are indices into cases: a test runs in a process of its
 * own, where the table's pointers would not hold. */
ParameterizedTestParameters(e2e_kinds, every_verb_of_every_kind)
{
	static size_t at[NCASES];
	size_t i;

	for (i = 0; i < NCASES; i++)
		at[i] = i;
	return cr_make_param_array(size_t, at, NCASES);
}

static char *fresh_repo(void)
{
	char *dir = th_tmpdir();
	th_result r;

	setenv("PMO_TODAY", "2027-04-10", 1); /* the day, for every command */
	RUN(&r, dir, "%s", setup);
	cr_assert_eq(r.status, 0, "setup: %s", r.err);
	th_result_free(&r);
	return dir;
}

static void expect_ok(th_result *r, const char *what)
{
	cr_assert_eq(r->status, 0, "%s: exit %d: %s", what, r->status, r->err);
}

static void expect_in(const char *hay, const char *needle, const char *what)
{
	cr_assert(strstr(hay, needle), "%s: \"%s\" not in:\n%s", what, needle, hay);
}

ParameterizedTest(size_t *at, e2e_kinds, every_verb_of_every_kind)
{
	const kind_case *k = &cases[*at];
	static const char *const formats[] = { "table", "json", "csv", "md", "yaml" };
	char *dir = fresh_repo(), *pre, *file, want[512];
	const char *verb;
	char path[256], name[64], line[512];
	th_result r;
	size_t i, lines = 0;

	/* "pmo -p CBM issue" or "pmo vendor": what every verb starts with */
	verb = strstr(k->add, " add ");
	pre = strndup(k->add, (size_t)(verb - k->add));
	snprintf(path, sizeof(path), "%s/%s.yaml", k->folder, k->id);
	snprintf(name, sizeof(name), "%s%s", strncmp(k->folder, "projects/CBM/", 13) ? "" : "CBM/", k->id);
	if (*k->before) {
		RUN(&r, dir, "%s", k->before);
		expect_ok(&r, k->before);
		th_result_free(&r);
	}

	RUN(&r, dir, "%s", k->add);
	expect_ok(&r, "add");
	snprintf(line, sizeof(line), "] %s %s: add ", k->kind, name);
	expect_in(r.out, line, "add");
	th_result_free(&r);
	file = th_read(dir, path);
	cr_assert(file, "%s was not written", path);
	free(file);

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		RUN(&r, dir, "%s list --format %s", pre, formats[i]);
		expect_ok(&r, formats[i]);
		expect_in(r.out, k->id, formats[i]);
		th_result_free(&r);
	}
	RUN(&r, dir, "%s list --format json | python3 -c 'import json,sys; "
		     "print(json.load(sys.stdin)[\"records\"][0][\"id\"])'", pre);
	expect_ok(&r, "list json");
	snprintf(line, sizeof(line), "%s\n", k->id);
	cr_assert_str_eq(r.out, line);
	th_result_free(&r);

	RUN(&r, dir, "%s show %s", pre, k->id);
	expect_ok(&r, "show");
	snprintf(line, sizeof(line), "%s %s\n", k->kind, name);
	cr_assert(!strncmp(r.out, line, strlen(line)), "show: %s", r.out);
	th_result_free(&r);

	RUN(&r, dir, "%s set %s tags=季度复核", pre, k->id);
	expect_ok(&r, "set");
	th_result_free(&r);
	file = th_read(dir, path);
	expect_in(file, "tags:\n  - 季度复核\n", "set");
	free(file);

	if (k->closed) {
		char *steps = strdup(k->to_close), *save = NULL, *s;

		for (s = strtok_r(steps, ";", &save); s; s = strtok_r(NULL, ";", &save)) {
			RUN(&r, dir, "%s set %s %s", pre, k->id, s);
			expect_ok(&r, s);
			th_result_free(&r);
		}
		free(steps);
		RUN(&r, dir, "%s close %s --reason 已处理", pre, k->id);
		expect_ok(&r, "close");
		th_result_free(&r);
		file = th_read(dir, path);
		expect_in(file, k->closed, "close");
		snprintf(line, sizeof(line), "%s: 已处理\n", k->reason);
		expect_in(file, line, "close reason");
		free(file);
	} else {
		RUN(&r, dir, "%s close %s", pre, k->id);
		cr_assert_eq(r.status, 2, "close of a kind without status: exit %d", r.status);
		expect_in(r.err, "has no status to close", "close");
		th_result_free(&r);
	}

	RUN(&r, dir, "%s log %s", pre, k->id);
	expect_ok(&r, "log");
	snprintf(line, sizeof(line), "    %s %s: add ", k->kind, name);
	expect_in(r.out, line, "log");
	expect_in(r.out, "    tags: (none) → 季度复核\n", "log");
	th_result_free(&r);

	RUN(&r, dir, "pmo validate");
	expect_ok(&r, "validate");
	th_result_free(&r);
	/* a field the schema does not know, on a new last line */
	file = th_read(dir, path);
	for (i = 0; file[i]; i++)
		lines += file[i] == '\n';
	free(file);
	RUN(&r, dir, "echo 'bogus: 1' >> %s && pmo validate", path);
	cr_assert_eq(r.status, 1, "validate: exit %d", r.status);
	snprintf(want, sizeof(want), "%s:%zu:1: error: unknown field \"bogus\"; allowed: id, title, ",
		 path, lines + 1);
	expect_in(r.out, want, "validate");
	th_result_free(&r);

	/* delete: one commit, the file gone, its ID never given again */
	RUN(&r, dir, "git checkout -q -- %s && %s delete %s --reason 重复登记", path, pre, k->id);
	expect_ok(&r, "delete");
	th_result_free(&r);
	file = th_read(dir, path);
	cr_assert_null(file, "%s is still there after delete", path);
	snprintf(line, sizeof(line), "%s/.retired", k->folder);
	file = th_read(dir, line);
	cr_assert(file, "%s was not written", line);
	snprintf(want, sizeof(want), "%s\n", k->id);
	expect_in(file, want, "retired");
	free(file);
	RUN(&r, dir, "git status --porcelain && git log -1 --format=%%B");
	expect_ok(&r, "delete commit");
	expect_in(r.out, "重复登记", "delete reason");
	cr_assert(r.out[0] != ' ' && r.out[0] != '?' && r.out[0] != 'M', "delete left changes: %s", r.out);
	th_result_free(&r);
	free(pre);
	free(dir);
}

/* A command that must be refused with exit 2 and a message holding want. */
static void refused(const char *dir, const char *cmd, const char *want)
{
	th_result r;

	RUN(&r, dir, "%s", cmd);
	cr_expect_eq(r.status, 2, "%s: exit %d: %s", cmd, r.status, r.err);
	cr_expect(strstr(r.err, want), "%s: \"%s\" not in: %s", cmd, want, r.err);
	th_result_free(&r);
}

static void ok(const char *dir, const char *cmd)
{
	th_result r;

	RUN(&r, dir, "%s", cmd);
	expect_ok(&r, cmd);
	th_result_free(&r);
}

Test(e2e_kinds, references_to_tasks_files_lists_and_other_projects)
{
	char *dir = fresh_repo();
	th_result r;

	refused(dir, "pmo -p CBM qc add 检查 milestone=T-9",
		"milestone: no task or milestone \"T-9\" in projects/CBM/plan.yaml");
	refused(dir, "pmo -p CBM document add 方案 path=docs/none.md",
		"path: no file \"docs/none.md\" in the repository");
	refused(dir, "pmo -p CBM document add 方案 path=../etc/passwd",
		"path: \"../etc/passwd\" is not a path inside the pmo tree");
	refused(dir, "pmo -p CBM lesson add 教训 risks=R-1,R-7", "risks: unknown risk \"R-7\"; risks: R-1");
	refused(dir, "pmo -p CBM lesson add 教训 risks=MOB/R-1", "risks: unknown risk \"MOB/R-1\"");
	ok(dir, "pmo project add MOB name=手机银行 sponsor=zhao-min manager=wang-li start=2027-01-04 && "
		"pmo -p MOB risk add 审核被拒 probability=2 impact=3");
	ok(dir, "pmo -p CBM lesson add 教训 risks=MOB/R-1,R-1");
	ok(dir, "pmo -p CBM qc add 检查 milestone=T-2");
	ok(dir, "pmo -p CBM document add 方案 path=docs/迁移方案.md");
	/* validate: the same references, written by hand */
	RUN(&r, dir, "sed -i 's/^milestone: T-2/milestone: T-9/' projects/CBM/quality/QC-1.yaml && "
		     "sed -i 's|^path: .*|path: docs/gone.md|' projects/CBM/documents/DOC-1.yaml && "
		     "sed -i 's|^  - MOB/R-1|  - MOB/R-5|' projects/CBM/lessons/LL-1.yaml && pmo validate");
	cr_assert_eq(r.status, 1, "validate: exit %d: %s", r.status, r.err);
	cr_assert_str_eq(r.out,
		"projects/CBM/documents/DOC-1.yaml:3:7: error: path: no file \"docs/gone.md\" (a path "
		"relative to the pmo tree, the folder of pmo.yaml) [reference]\n"
		"projects/CBM/lessons/LL-1.yaml:4:5: error: risks: no risk \"MOB/R-5\" "
		"(projects/MOB/risks/R-5.yaml does not exist) [reference]\n"
		"projects/CBM/quality/QC-1.yaml:3:12: error: milestone: no task or milestone \"T-9\" in "
		"projects/CBM/plan.yaml [reference]\n"
		"3 errors, 0 warnings in 14 files\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_kinds, derived_sla_rating_quadrant_and_coverage)
{
	char *dir = fresh_repo();

	ok(dir, "pmo -p CBM incident add 批量中断 severity=P1 opened=2027-04-02T09:30:00+08:00 sla_hours=4.5");
	th_assert_sh(dir, "pmo -p CBM incident list --format csv | tr -d '\\r'",
		     "id,title,system,severity,opened,sla_due,breached,owner,status\n"
		     "INC-1,批量中断,,P1,2027-04-02T09:30:00+08:00,2027-04-02T14:00:00+08:00,true,,open\n");
	ok(dir, "pmo -p CBM incident set INC-1 resolved=2027-04-02T05:59:00Z");
	th_assert_sh(dir, "pmo -p CBM incident show INC-1 --format json | python3 -c 'import json,sys; "
		     "r=json.load(sys.stdin)[\"record\"]; print(r[\"sla_due\"], r[\"breached\"])'",
		     "2027-04-02T14:00:00+08:00 False\n");

	ok(dir, "pmo vendor add 华信科技 && pmo vendor add 北风 && "
		"pmo evaluation add Q3 vendor=V-1 quality=4 delivery=3 cost=4 service=5 && "
		"pmo evaluation add Q4 vendor=V-1 quality=3 delivery=3 cost=4 service=4");
	th_assert_sh(dir, "pmo vendor list --format csv | tr -d '\\r'",
		     "id,title,category,tier,contact,rating,status\n"
		     "V-1,华信科技,,,,3.8,active\n"
		     "V-2,北风,,,,,active\n");
	th_assert_sh(dir, "pmo evaluation list --format csv | tr -d '\\r' | cut -d, -f1,9",
		     "id,score\nVE-1,4.0\nVE-2,3.5\n");
	th_assert_sh(dir, "pmo vendor show V-1 --format json | python3 -c 'import json,sys; "
		     "r=json.load(sys.stdin)[\"record\"]; print(r[\"rating\"], r[\"evaluations\"])'",
		     "3.8 2\n");

	ok(dir, "pmo -p CBM stakeholder add 监管 interest=5 influence=5 && "
		"pmo -p CBM stakeholder add 总行 interest=2 influence=4 && "
		"pmo -p CBM stakeholder add 网点 interest=4 influence=1 && "
		"pmo -p CBM stakeholder add 媒体 interest=1 influence=2");
	th_assert_sh(dir, "pmo -p CBM stakeholder list --format csv | tr -d '\\r' | cut -d, -f1,6",
		     "id,quadrant\nSH-1,manage closely\nSH-2,keep satisfied\nSH-3,keep informed\n"
		     "SH-4,monitor\n");

	ok(dir, "pmo -p CBM requirement add 双币种账户 priority=must && "
		"pmo -p CBM requirement add 批量时限 priority=should && "
		"pmo -p CBM task set T-1 requirements=REQ-1 && pmo -p CBM task set T-2 requirements=REQ-1,REQ-2");
	th_assert_sh(dir, "pmo -p CBM requirement list --format json | python3 -c 'import json,sys; "
		     "print([(r[\"id\"], r[\"covered_by\"]) for r in json.load(sys.stdin)[\"records\"]])'",
		     "[('REQ-1', ['T-1', 'T-2']), ('REQ-2', ['T-2'])]\n");
	free(dir);
}

Test(e2e_kinds, document_log_shows_the_revisions_of_its_file)
{
	char *dir = fresh_repo();

	ok(dir, "GIT_AUTHOR_DATE=2027-01-05T09:00:00+08:00 GIT_COMMITTER_DATE=2027-01-05T09:00:00+08:00 "
		"pmo -p CBM document add 数据迁移方案 path=docs/迁移方案.md review_days=90 && "
		"echo 第二版 >> docs/迁移方案.md && "
		"GIT_AUTHOR_DATE=2027-01-06T09:00:00+08:00 GIT_COMMITTER_DATE=2027-01-06T09:00:00+08:00 "
		"git commit -qam '迁移方案 v2' && "
		"GIT_AUTHOR_DATE=2027-01-07T09:00:00+08:00 GIT_COMMITTER_DATE=2027-01-07T09:00:00+08:00 "
		"pmo -p CBM document set DOC-1 version=v2");
	th_assert_sh(dir, "pmo -p CBM document log DOC-1 | grep -v '^ *[a-z_]*: [^→]*$' | sed 's/^[0-9a-f]\\{7\\} //'",
		     "2027-01-07 王丽 <wang.li@bank.example>\n"
		     "    document CBM/DOC-1: set version=v2\n"
		     "    version: (none) → v2\n"
		     "\n"
		     "2027-01-06 王丽 <wang.li@bank.example>\n"
		     "    迁移方案 v2\n"
		     "\n"
		     "2027-01-05 王丽 <wang.li@bank.example>\n"
		     "    document CBM/DOC-1: add 数据迁移方案\n"
		     "    created\n"
		     "\n"
		     "2027-01-04 王丽 <wang.li@bank.example>\n"
		     "    迁移方案 v1\n");
	th_assert_sh(dir, "pmo -p CBM document log DOC-1 | grep 'path: docs'",
		     "    path: docs/迁移方案.md revised\n"
		     "    path: docs/迁移方案.md\n"
		     "    path: docs/迁移方案.md created\n");
	th_assert_sh(dir, "pmo -p CBM document log DOC-1 --format json | python3 -c 'import json,sys; "
		     "print([(h[\"subject\"], h[\"event\"], h.get(\"file\")) for h in json.load(sys.stdin)[\"history\"]])'",
		     "[('document CBM/DOC-1: set version=v2', 'changed', None), ('迁移方案 v2', 'revised', "
		     "'docs/迁移方案.md'), ('document CBM/DOC-1: add 数据迁移方案', 'created', None), "
		     "('迁移方案 v1', 'created', 'docs/迁移方案.md')]\n");
	free(dir);
}
