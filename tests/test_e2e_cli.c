/* End to end: the command line itself. Titles with '=' or a leading '-',
 * "--", help for every command and verb, git's "did you mean", and a
 * --format honoured or refused by every command. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)
#define STARTS(s, lit) ((s) && !strncmp((s), (lit), strlen(lit)))

static void assert_commit_line(const char *out, const char *subject)
{
	/* "[master 1a2b3c4] SUBJECT\n" */
	const char *close = strchr(out, ']');
	cr_assert(!strncmp(out, "[master ", 8) && close && close - out == 15, "commit line: %s", out);
	cr_assert_str_eq(close + 2, subject);
}

static void assert_subject(const char *dir, const char *subject)
{
	th_result r;

	RUN(&r, dir, "git log -1 --format=%%s HEAD && git status --porcelain");
	cr_assert_str_eq(r.out, subject);
	th_result_free(&r);
}

/* --- titles ------------------------------------------------------------------- */

Test(e2e_cli, a_title_may_hold_equals_signs)
{
	char *dir = th_demo_repo(), *file;
	th_result r;

	RUN(&r, dir, "pmo -p CBM risk add '可用性 SLA=99.99%% 未达标' probability=2 impact=3");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "");
	assert_commit_line(r.out, "risk CBM/R-1: add 可用性 SLA=99.99% 未达标\n");
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/risks/R-1.yaml");
	cr_assert_str_eq(file,
		"id: R-1\n"
		"title: 可用性 SLA=99.99% 未达标\n"
		"probability: 2\n"
		"impact: 3\n"
		"status: open\n"
		"identified: '2027-01-04'\n"
		"review: '2027-02-03'\n");
	free(file);
	assert_subject(dir, "risk CBM/R-1: add 可用性 SLA=99.99% 未达标\n");
	/* the first argument that is not a known field= is the title, wherever it stands */
	RUN(&r, dir, "pmo -p CBM risk add probability=1 'a=b' impact=1 >/dev/null");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/risks/R-2.yaml");
	cr_assert(STARTS(file, "id: R-2\ntitle: a=b\nprobability: 1\nimpact: 1\n"), "%s", file);
	free(file);
	/* title= gives one that looks like a field */
	RUN(&r, dir, "pmo -p CBM risk add probability=1 title=impact=5 impact=1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "risk CBM/R-3: add impact=5\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM risk add probability=1 impact=1");
	EXPECT(&r, 2, "", "pmo: error: risk add needs a title: the first argument that is not "
			  "field=value; see 'pmo risk add -h'\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_cli, a_title_may_start_with_a_dash_after_double_dash)
{
	char *dir = th_demo_repo(), *file;
	th_result r;

	RUN(&r, dir, "pmo -p CBM risk add -- '-1 天的延误' probability=2 impact=3");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "risk CBM/R-1: add -1 天的延误\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM risk add probability=2 -- '-x 的延误' impact=3 >/dev/null");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/risks/R-2.yaml");
	cr_assert(STARTS(file, "id: R-2\ntitle: -x 的延误\nprobability: 2\nimpact: 3\n"), "%s", file);
	free(file);
	assert_subject(dir, "risk CBM/R-2: add -x 的延误\n");
	/* without --, an option */
	RUN(&r, dir, "pmo -p CBM risk add '-x 的延误' probability=2 impact=3");
	EXPECT(&r, 2, "", "pmo: error: unknown option \"-x 的延误\"; see 'pmo risk add -h'\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_cli, task_and_milestone_titles_follow_the_same_rule)
{
	char *dir = th_demo_repo(), *file;
	th_result r;

	RUN(&r, dir, "pmo -p CBM task add '切换窗口 T+1=周六' duration=2");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "task CBM/T-1: add 切换窗口 T+1=周六\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM milestone add depends=T-1 -- '-上线'");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "milestone CBM/T-2: add -上线\n");
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/plan.yaml");
	cr_assert_str_eq(file,
		"tasks:\n"
		"  - id: T-1\n"
		"    title: 切换窗口 T+1=周六\n"
		"    duration: 2\n"
		"  - id: T-2\n"
		"    title: -上线\n"
		"    milestone: true\n"
		"    depends:\n"
		"      - T-1\n");
	free(file);
	assert_subject(dir, "milestone CBM/T-2: add -上线\n");
	RUN(&r, dir, "pmo -p CBM task add duration=2");
	EXPECT(&r, 2, "", "pmo: error: task add needs a title: the first argument that is not "
			  "field=value; see 'pmo task add -h'\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_cli, add_help_states_the_title_rule)
{
	char *dir = th_tmpdir();
	th_result r;

	RUN(&r, dir, "pmo risk add -h | sed -n 1,8p");
	cr_assert_str_eq(r.out,
		"usage: pmo [-p KEY] risk add TITLE [field=value…]\n"
		"\n"
		"add a record; one commit.\n"
		"\n"
		"TITLE is the first argument that is not field=value with a field below: it\n"
		"may hold '=' (\"SLA=99.99% missed\"); one that starts with '-' goes after --\n"
		"(pmo risk add -- \"-1 day\" …); title=TEXT gives any TITLE.\n"
		"\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo task add -h | grep -c 'TITLE is the first argument'");
	cr_assert_str_eq(r.out, "1\n");
	th_result_free(&r);
	free(dir);
}

/* --- help ----------------------------------------------------------------------- */

Test(e2e_cli, help_help_and_help_of_a_verb)
{
	char *dir = th_tmpdir();
	th_result r, h;

	RUN(&r, dir, "pmo help help");
	EXPECT(&r, 0,
	       "usage: pmo help [<command> [<verb>]]\n"
	       "\n"
	       "Show pmo's help; with a command (or kind) its man page pmo-<command>(1) when\n"
	       "one is installed (as git help), else its help, as 'pmo <command> -h';\n"
	       "with a verb too the verb's, as 'pmo <command> <verb> -h'.\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo help risk add");
	RUN(&h, dir, "pmo risk add -h");
	cr_assert_eq(r.status, 0);
	cr_assert(STARTS(r.out, "usage: pmo [-p KEY] risk add TITLE [field=value…]\n"), "%s", r.out);
	cr_assert_str_eq(r.out, h.out);
	th_result_free(&r);
	th_result_free(&h);
	RUN(&r, dir, "pmo help task add");
	RUN(&h, dir, "pmo task add --help");
	cr_assert_eq(r.status, 0);
	cr_assert(STARTS(r.out, "usage: pmo [-p KEY] task add TITLE [field=value…]\n"), "%s", r.out);
	cr_assert_str_eq(r.out, h.out);
	th_result_free(&r);
	th_result_free(&h);
	RUN(&r, dir, "pmo help risk");
	RUN(&h, dir, "pmo risk -h");
	cr_assert_eq(r.status, 0);
	cr_assert_str_eq(r.out, h.out);
	th_result_free(&r);
	th_result_free(&h);
	RUN(&r, dir, "pmo help | head -1");
	cr_assert_str_eq(r.out, "usage: pmo [-C DIR] [-p KEY] [--format FORMAT] <command> [<args>]\n");
	th_result_free(&r);
	free(dir);
}

/* --- did you mean ------------------------------------------------------------------- */

Test(e2e_cli, did_you_mean_a_command_kind_verb_or_field)
{
	static const char *const cases[][2] = {
		{ "pmo rsik",
		  "pmo: error: \"rsik\" is not a pmo command; see 'pmo --help'\n"
		  "\nThe most similar command is\n\trisk\n" },
		{ "pmo help rsik",
		  "pmo: error: \"rsik\" is not a pmo command; see 'pmo --help'\n"
		  "\nThe most similar command is\n\trisk\n" },
		{ "pmo sta",
		  "pmo: error: \"sta\" is not a pmo command; see 'pmo --help'\n"
		  "\nThe most similar commands are\n\tstakeholder\n\tstatus\n" },
		{ "pmo valdiate",
		  "pmo: error: \"valdiate\" is not a pmo command; see 'pmo --help'\n"
		  "\nThe most similar command is\n\tvalidate\n" },
		{ "pmo frobnicate", "pmo: error: \"frobnicate\" is not a pmo command; see 'pmo --help'\n" },
		{ "pmo risk lsit",
		  "pmo: error: \"lsit\" is not a risk verb; verbs: add, list, show, set, edit, close, log, delete, renumber, move, matrix\n"
		  "\nThe most similar verb is\n\tlist\n" },
		{ "pmo task ad",
		  "pmo: error: \"ad\" is not a task verb; verbs: add, set, list, show, log\n"
		  "\nThe most similar verb is\n\tadd\n" },
		{ "pmo -p CBM risk add 数据丢失 probabilty=4 impact=3",
		  "pmo: error: unknown field \"probabilty\"; allowed: id, title, category, cause, effect, "
		  "probability, impact, owner, strategy, response, contingency, status, identified, review, "
		  "resolution, tags\n"
		  "\nThe most similar field is\n\tprobability\n" },
		{ "pmo -p CBM risk list probabilty=4",
		  "pmo: error: unknown field \"probabilty\" for risk; fields: id, title, category, cause, effect, "
		  "probability, impact, owner, strategy, response, contingency, status, identified, review, "
		  "resolution, tags, score, level, project\n"
		  "\nThe most similar field is\n\tprobability\n" },
		{ "pmo -p CBM task add 迁移 duraton=3",
		  "pmo: error: unknown field \"duraton\"; allowed: id, title, parent, duration, effort, milestone, "
		  "assignees, requirements, depends, start_no_earlier_than, finish_no_later_than, progress, actual_start, "
		  "actual_finish, cost, notes\n"
		  "\nThe most similar field is\n\tduration\n" },
	};
	char *dir = th_demo_repo();
	th_result r;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		RUN(&r, dir, "%s", cases[i][0]);
		cr_expect_str_eq(r.err, cases[i][1], "%s", cases[i][0]);
		cr_expect_str_eq(r.out, "", "%s", cases[i][0]);
		cr_expect_eq(r.status, 2, "%s: exit %d", cases[i][0], r.status);
		th_result_free(&r);
	}
	RUN(&r, dir, "git rev-list --count HEAD && git status --porcelain");
	cr_assert_str_eq(r.out, "4\n");
	th_result_free(&r);
	free(dir);
}

/* --- --format: honoured or refused by every command ---------------------------- */

typedef struct {
	const char *cmd;     /* after pmo -p CBM */
	const char *formats; /* what it takes, as its refusal names them */
	int mutates;         /* run only to be refused (its text is a commit line) */
} format_case;

static const format_case format_cases[] = {
	{ "init", "text", 1 },
	{ "schemas", "text,json", 0 },
	{ "version", "text", 0 },
	{ "help", "text", 0 },
	{ "validate", "text,json,junit,github", 0 },
	{ "fmt --check", "text", 0 },
	{ "calendar show 2027", "text,json", 0 },
	{ "calendar holiday 2027-10-01 国庆节", "text", 1 },
	{ "calendar workday 2027-10-09", "text", 1 },
	{ "task add 新任务", "text", 1 },
	{ "task set T-1 duration=4", "text", 1 },
	{ "task list", "table,json,csv,yaml,md", 0 },
	{ "task show T-2", "text,json", 0 },
	{ "milestone add 上线", "text", 1 },
	{ "schedule", "table,json,csv,md,mermaid", 0 },
	{ "baseline set", "text", 1 },
	{ "status", "text,table,json", 0 },
	{ "export", "tjp,mspdi,ical,xlsx", 0 },
	{ "import --replace plan.xml", "csv,mspdi", 1 },
	{ "risk add 新风险 probability=1 impact=1", "text", 1 },
	{ "risk list", "table,json,csv,yaml,md", 0 },
	{ "risk show R-1", "text,table,json,yaml", 0 },
	{ "risk set R-1 impact=4", "text", 1 },
	{ "risk edit R-1", "text", 1 },
	{ "risk close R-1", "text", 1 },
	{ "risk log R-1", "text,table,json", 0 },
	{ "project list", "table,json,csv,yaml,md", 0 },
	{ "project show CBM", "text,table,json,yaml", 0 },
	{ "person list", "table,json,csv,yaml,md", 0 },
	{ "person log wang-li", "text,table,json", 0 },
};

/* every case is run with these and with its own formats */
static const char *const common_formats[] = { "text", "table", "json", "csv", "md", "yaml" };

static int takes(const char *list, const char *f)
{
	size_t n = strlen(f);
	const char *p = list;

	for (; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, f, n) && (p[n] == ',' || !p[n]))
			return 1;
	return 0;
}

/* A CSV header line of field names: [a-z_]+ separated by commas, CRLF. */
static int field_name_header(const char *s)
{
	const char *p = s;

	while (*p && *p != '\r') {
		if (!((*p >= 'a' && *p <= 'z') || *p == '_' || (*p == ',' && p > s && p[-1] != ',')))
			return 0;
		p++;
	}
	return p > s && p[0] == '\r' && p[1] == '\n';
}

/* The output has the format's shape: JSON and YAML parse, CSV's header is
 * field names, Markdown is a table. */
static void assert_shape(const char *dir, const char *line, const char *f, const th_result *r)
{
	th_result c;

	cr_expect_eq(r->status, 0, "%s: exit %d: %s", line, r->status, r->err);
	if (!strcmp(f, "json") || !strcmp(f, "yaml")) {
		th_write(dir, ".out", r->out);
		th_run(&c, dir, NULL, "python3 -c 'import %s,sys; %s(sys.stdin)' < .out && rm .out",
		       f, !strcmp(f, "json") ? "json.load" : "yaml.safe_load");
		cr_expect(*r->out, "%s: no output", line);
		cr_expect_eq(c.status, 0, "%s: not %s: %s", line, f, c.err);
		th_result_free(&c);
	} else if (!strcmp(f, "csv")) {
		cr_expect(field_name_header(r->out), "%s: CSV header is not field names: %.80s", line, r->out);
	} else if (!strcmp(f, "md")) {
		const char *nl = strchr(r->out, '\n');
		cr_expect(!strncmp(r->out, "| ", 2) && nl && !strncmp(nl + 1, "| ---", 5),
			  "%s: not a Markdown table: %.80s", line, r->out);
	}
}

/* format_cases[from, to) in a repository of their own; the cases are split
 * in three tests, which Criterion runs side by side */
static void run_format_cases(size_t from, size_t to)
{
	char *dir = th_demo_repo(), *before;
	th_result r;
	size_t i, j, w;

	RUN(&r, dir,
	    "pmo -p CBM risk add 核心数据迁移丢失 probability=4 impact=5 owner=wang-li >/dev/null && "
	    "pmo -p CBM task add 需求分析 duration=5 >/dev/null && "
	    "pmo -p CBM task add 开发 duration=10 depends=T-1 >/dev/null && "
	    "pmo -p CBM baseline set >/dev/null && git rev-list --count HEAD");
	cr_assert_eq(r.status, 0, "%s", r.err);
	before = strdup(r.out);
	th_result_free(&r);
	for (i = from; i < to; i++) {
		const format_case *fc = &format_cases[i];
		const char *fs[16];
		size_t n = 0;
		char *own = strdup(fc->formats), *tok, *save = NULL;

		for (j = 0; j < sizeof(common_formats) / sizeof(common_formats[0]); j++)
			fs[n++] = common_formats[j];
		for (tok = strtok_r(own, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			if (!takes("text,table,json,csv,md,yaml", tok))
				fs[n++] = tok;
		for (j = 0; j < n; j++) {
			const char *f = fs[j];
			char line[256];

			/* the global option before the command, or after it: the
			 * slow machine runs each pair once, both places in turn */
			w = (i + j) % 2;
			if (w == 0)
				snprintf(line, sizeof(line), "pmo -p CBM --format %s %s", f, fc->cmd);
			else
				snprintf(line, sizeof(line), "pmo -p CBM %s --format=%s", fc->cmd, f);
			if (takes(fc->formats, f)) {
				if (fc->mutates)
					continue;
				RUN(&r, dir, "%s", line);
				assert_shape(dir, line, f, &r);
			} else {
				char want[256];
				snprintf(want, sizeof(want), "pmo: error: unknown format \"%s\"; allowed: %s\n",
					 f, fc->formats);
				RUN(&r, dir, "%s", line);
				cr_expect_str_eq(r.err, want, "%s", line);
				cr_expect_str_eq(r.out, "", "%s", line);
				cr_expect_eq(r.status, 2, "%s: exit %d", line, r.status);
			}
			th_result_free(&r);
		}
		free(own);
	}
	/* nothing was written by a refused command */
	RUN(&r, dir, "git rev-list --count HEAD && git status --porcelain");
	cr_assert_str_eq(r.out, before);
	th_result_free(&r);
	free(before);
	free(dir);
}

/* init, schemas, version, help, validate, fmt, calendar */
Test(e2e_cli, every_command_honours_or_refuses_the_global_format, .timeout = 600)
{
	run_format_cases(0, 9);
}

/* task, milestone, schedule, baseline, status, export, import */
Test(e2e_cli, every_plan_command_honours_or_refuses_the_global_format, .timeout = 600)
{
	run_format_cases(9, 19);
}

/* every verb of the record kinds */
Test(e2e_cli, every_record_verb_honours_or_refuses_the_global_format, .timeout = 600)
{
	cr_assert_eq(sizeof(format_cases) / sizeof(format_cases[0]), 30);
	run_format_cases(19, 30);
}

Test(e2e_cli, csv_headers_are_field_names)
{
	char *dir = th_demo_repo();
	th_result r;

	RUN(&r, dir, "pmo -p CBM risk add 数据丢失 probability=4 impact=5 >/dev/null && "
		     "pmo -p CBM risk list --format csv && pmo project list --format csv");
	EXPECT(&r, 0,
	       "id,title,probability,impact,score,level,owner,status,review\r\n"
	       "R-1,数据丢失,4,5,20,high,,open,2027-02-03\r\n"
	       "key,name,status,sponsor,manager,start,finish\r\n"
	       "CBM,核心银行系统迁移,proposed,zhao-min,wang-li,2027-01-04,\r\n", "");
	th_result_free(&r);
	free(dir);
}
