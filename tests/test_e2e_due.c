/* End to end: pmo due (what falls due across kinds and projects, in every
 * format), validate's "due" rule, kinds a tree defines itself
 * (schemas/<kind>.json), fields pmo.yaml adds to a built-in kind, the
 * x-pmo checks, and pmo schemas --write of the schemas in effect. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

/* CBM with four risks (one closed), a task, a milestone and baseline v1:
 * on 2027-02-10 the milestone (2027-01-15) and R-1's review (2027-02-03)
 * are overdue, R-2's (2027-02-20) falls due in 10 days, R-3's (2027-03-30)
 * in 48, R-4 is closed. */
static char *due_repo(void)
{
	char *dir = th_demo_repo();
	char *out = th_sh(dir,
		"pmo -p CBM risk add 数据迁移丢失 probability=4 impact=5 owner=wang-li >/dev/null && "
		"pmo -p CBM risk add 供应商延期 probability=3 impact=3 owner=zhao-min review=2027-02-20 >/dev/null && "
		"pmo -p CBM risk add 监管检查 probability=2 impact=2 owner=wang-li review=2027-03-30 >/dev/null && "
		"pmo -p CBM risk add 已关闭 probability=2 impact=2 owner=wang-li review=2027-02-01 >/dev/null && "
		"pmo -p CBM risk close R-4 --reason 不再相关 >/dev/null && "
		"pmo -p CBM task add 需求调研 duration=10d >/dev/null && "
		"pmo -p CBM milestone add 'SIT 准入' depends=T-1 >/dev/null && "
		"pmo -p CBM baseline set --name v1 >/dev/null");
	free(out);
	return dir;
}

Test(e2e_due, lists_overdue_and_the_next_14_days_sorted_by_date)
{
	char *dir = due_repo();

	th_assert_sh(dir, "pmo due --today 2027-02-10",
		"Date        Record   Kind       What       Title         Owner     When\n"
		"2027-01-15  CBM/T-2  milestone  milestone  SIT 准入                overdue 26d\n"
		"2027-02-03  CBM/R-1  risk       review     数据迁移丢失  wang-li   overdue 7d\n"
		"2027-02-20  CBM/R-2  risk       review     供应商延期    zhao-min  in 10d\n");
	/* PMO_TODAY is today when --today is not given */
	th_assert_sh(dir, "PMO_TODAY=2027-02-10 pmo due | tail -n +2 | awk '{print $1, $2}'",
		"2027-01-15 CBM/T-2\n2027-02-03 CBM/R-1\n2027-02-20 CBM/R-2\n");
	free(dir);
}

Test(e2e_due, within_widens_the_window_and_overdue_narrows_it)
{
	char *dir = due_repo();

	th_assert_sh(dir, "pmo due --today 2027-02-10 --within 8w | awk '{print $1, $2}'",
		"Date Record\n2027-01-15 CBM/T-2\n2027-02-03 CBM/R-1\n"
		"2027-02-20 CBM/R-2\n2027-03-30 CBM/R-3\n");
	th_assert_sh(dir, "pmo due --today 2027-02-10 --within 5d | awk '{print $1, $2}'",
		"Date Record\n2027-01-15 CBM/T-2\n2027-02-03 CBM/R-1\n");
	th_assert_sh(dir, "pmo due --today 2027-02-10 --within 48 | tail -1 | awk '{print $1, $2}'",
		"2027-03-30 CBM/R-3\n");
	th_assert_sh(dir, "pmo due --today 2027-02-10 --overdue --format md",
		"| Date | Record | Kind | What | Title | Owner | When |\n"
		"| --- | --- | --- | --- | --- | --- | --- |\n"
		"| 2027-01-15 | CBM/T-2 | milestone | milestone | SIT 准入 |  | overdue 26d |\n"
		"| 2027-02-03 | CBM/R-1 | risk | review | 数据迁移丢失 | wang-li | overdue 7d |\n");
	free(dir);
}

/* pmo due reads the fields its kinds' x-pmo due names and no more: a
 * record its schema refuses for another field keeps its due items (an
 * overdue review stays listed; validate names the field), a date due
 * cannot read gives no item, and a file that cannot be parsed none; due
 * says nothing of them (validate does) and exits 0. */
Test(e2e_due, a_record_broken_elsewhere_keeps_its_due_items)
{
	char *dir = due_repo();
	th_result r;

	free(th_sh(dir, "sed -i 's/^probability: 3$/probability: 9/' projects/CBM/risks/R-2.yaml && "
			"sed -i 's/^review: .2027-03-30.$/review: 2027-02-30/' projects/CBM/risks/R-3.yaml && "
			"printf 'id: R-9\\ntitle: [迁移\\nreview: 2027-02-05\\n' > projects/CBM/risks/R-9.yaml"));
	RUN(&r, dir, "pmo due --today 2027-02-10 --within 8w");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out,
		"Date        Record   Kind       What       Title         Owner     When\n"
		"2027-01-15  CBM/T-2  milestone  milestone  SIT 准入                overdue 26d\n"
		"2027-02-03  CBM/R-1  risk       review     数据迁移丢失  wang-li   overdue 7d\n"
		"2027-02-20  CBM/R-2  risk       review     供应商延期    zhao-min  in 10d\n");
	cr_assert_str_eq(r.err, "");
	th_result_free(&r);
	RUN(&r, dir, "pmo validate projects/CBM/risks");
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert(strstr(r.out, "projects/CBM/risks/R-2.yaml:") && strstr(r.out, "probability: 9") &&
		  strstr(r.out, "projects/CBM/risks/R-3.yaml:") && strstr(r.out, "projects/CBM/risks/R-9.yaml:"),
		  "%s%s", r.out, r.err);
	th_result_free(&r);
	free(dir);
}

Test(e2e_due, json_and_csv_rows)
{
	char *dir = due_repo();

	th_assert_sh(dir, "pmo due --today 2027-02-10 --format json",
		"{\n  \"version\": 1,\n  \"today\": \"2027-02-10\",\n  \"within_days\": 14,\n  \"items\": [\n"
		"    {\"record\": \"CBM/T-2\", \"kind\": \"milestone\", \"what\": \"milestone\", \"title\": \"SIT 准入\", "
		"\"date\": \"2027-01-15\", \"at\": null, \"owner\": null, \"project\": \"CBM\", \"overdue\": true, "
		"\"days_left\": -26, \"path\": \"projects/CBM/plan.yaml\"},\n"
		"    {\"record\": \"CBM/R-1\", \"kind\": \"risk\", \"what\": \"review\", \"title\": \"数据迁移丢失\", "
		"\"date\": \"2027-02-03\", \"at\": null, \"owner\": \"wang-li\", \"project\": \"CBM\", \"overdue\": true, "
		"\"days_left\": -7, \"path\": \"projects/CBM/risks/R-1.yaml\"},\n"
		"    {\"record\": \"CBM/R-2\", \"kind\": \"risk\", \"what\": \"review\", \"title\": \"供应商延期\", "
		"\"date\": \"2027-02-20\", \"at\": null, \"owner\": \"zhao-min\", \"project\": \"CBM\", \"overdue\": false, "
		"\"days_left\": 10, \"path\": \"projects/CBM/risks/R-2.yaml\"}\n"
		"  ]\n}\n");
	th_assert_sh(dir, "pmo due --today 2027-02-10 --format csv | tr -d '\\r'",
		"Date,Record,Kind,What,Title,Owner,When\n"
		"2027-01-15,CBM/T-2,milestone,milestone,SIT 准入,,overdue 26d\n"
		"2027-02-03,CBM/R-1,risk,review,数据迁移丢失,wang-li,overdue 7d\n"
		"2027-02-20,CBM/R-2,risk,review,供应商延期,zhao-min,in 10d\n");
	free(dir);
}

Test(e2e_due, filters_by_owner_kind_and_project)
{
	char *dir = due_repo();
	th_result r;

	th_assert_sh(dir, "pmo due --today 2027-02-10 owner=zhao-min | awk '{print $1, $2}'",
		"Date Record\n2027-02-20 CBM/R-2\n");
	th_assert_sh(dir, "pmo due --today 2027-02-10 kind=milestone project=CBM | awk '{print $1, $2}'",
		"Date Record\n2027-01-15 CBM/T-2\n");
	th_assert_sh(dir, "pmo due --today 2027-02-10 kind=risks --format csv | tr -d '\\r' | cut -d, -f2",
		"Record\nCBM/R-1\nCBM/R-2\n");
	RUN(&r, dir, "pmo due --within 3x");
	EXPECT(&r, 2, "", "pmo: error: --within takes a number of days or weeks (14, 14d, 2w), not \"3x\"\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo due colour=red");
	EXPECT(&r, 2, "", "pmo: error: \"colour=red\" is not a filter of pmo due; filters: owner=HANDLE, "
	       "kind=KIND, project=KEY, what=WORDS\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo due kind=nope");
	EXPECT(&r, 2, "", "pmo: error: kind=nope: no such kind; kinds with due dates: project, risk, issue, action, "
	       "communication, qc, defect, feedback, obligation, compliance, training, incident, vendor, "
	       "contract, document, stakeholder, improvement, environment, milestone\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo due --today 2027-13-01");
	EXPECT(&r, 2, "", "pmo: error: --today takes a date YYYY-MM-DD, not \"2027-13-01\"\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo due --format yaml");
	cr_assert_eq(r.status, 2, "%s", r.err);
	th_result_free(&r);
	free(dir);
}

/* iCalendar: CRLF lines of at most 75 octets, folded with a leading space,
 * never inside a UTF-8 character; one all-day VEVENT per item with a UID
 * that stays the same from run to run (and when the day moves: below) */
Test(e2e_due, ical_is_a_valid_calendar_with_stable_uids)
{
	char *dir = due_repo(), *ics, *again, *p;
	size_t events = 0;
	th_result r;

	free(th_sh(dir, "pmo -p CBM risk set R-2 title=供应商交付延期导致系统集成测试与用户验收测试整体推迟两周以上并影响投产窗口 >/dev/null"));
	ics = th_sh(dir, "pmo due --today 2027-02-10 --format ical");
	again = th_sh(dir, "pmo due --today 2027-02-10 --format ical");
	cr_assert_str_eq(ics, again);
	cr_assert(!strncmp(ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 37), "%s", ics);
	for (p = ics; *p; ) {
		char *eol = strstr(p, "\r\n");

		cr_assert(eol, "a line without CRLF: %s", p);
		cr_assert(eol - p <= 75, "a line of %d octets: %.*s", (int)(eol - p), (int)(eol - p), p);
		cr_assert(!memchr(p, '\n', (size_t)(eol - p)), "a bare LF in: %.*s", (int)(eol - p), p);
		/* a fold never splits a UTF-8 character */
		cr_assert(((unsigned char)eol[2] & 0xC0) != 0x80 || eol[2] == '\0');
		if (eol[2] == ' ')
			cr_assert(((unsigned char)eol[3] & 0xC0) != 0x80, "fold inside a character");
		if (!strncmp(p, "BEGIN:VEVENT\r\n", 14))
			events++;
		p = eol + 2;
	}
	cr_assert_eq(events, 3);
	cr_assert(strstr(ics, "\r\nUID:CBM/R-1/review@pmo\r\n"), "%s", ics);
	cr_assert(strstr(ics, "\r\nDTSTART;VALUE=DATE:20270203\r\n"), "%s", ics);
	cr_assert(strstr(ics, "\r\nDTSTAMP:20270210T000000Z\r\n"), "%s", ics);
	cr_assert(strstr(ics, "\r\nEND:VCALENDAR\r\n"), "%s", ics);
	/* the calendar library of python reads it back, when it is there */
	RUN(&r, dir, "/usr/bin/python3 -c 'import icalendar' 2>/dev/null || exit 77; "
	    "pmo due --today 2027-02-10 --format ical > cal.ics && /usr/bin/python3 -c '"
	    "import icalendar\n"
	    "c = icalendar.Calendar.from_ical(open(\"cal.ics\", \"rb\").read())\n"
	    "for e in c.walk(\"VEVENT\"): print(e[\"UID\"], e[\"DTSTART\"].dt, e[\"SUMMARY\"])'");
	if (r.status != 77)
		EXPECT(&r, 0,
		       "CBM/T-2/milestone@pmo 2027-01-15 CBM/T-2 milestone: SIT 准入\n"
		       "CBM/R-1/review@pmo 2027-02-03 CBM/R-1 review: 数据迁移丢失\n"
		       "CBM/R-2/review@pmo 2027-02-20 CBM/R-2 review: "
		       "供应商交付延期导致系统集成测试与用户验收测试整体推迟两周以上并影响投产窗口\n", "");
	th_result_free(&r);
	free(ics);
	free(again);
	free(dir);
}

Test(e2e_due, validate_warns_of_overdue_items_and_strict_fails)
{
	char *dir = due_repo();
	th_result r;

	RUN(&r, dir, "pmo validate --today 2027-02-10");
	EXPECT(&r, 0,
	       "projects/CBM/risks/R-1.yaml:8:9: warning: review: review overdue since 2027-02-03 (7 days) [due]\n"
	       "0 errors, 1 warning in 9 files\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo validate --strict --today 2027-02-10 --format json | grep -c '\"rule\": \"due\"'");
	cr_assert_str_eq(r.out, "1\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo validate --strict --today 2027-02-10 >/dev/null");
	cr_assert_eq(r.status, 1);
	th_result_free(&r);
	free(dir);
}

/* A closed or cancelled project's risks and milestones are nobody's to do
 * any more: neither pmo due nor validate reports them, and reopened they
 * are due again. */
Test(e2e_due, nothing_falls_due_in_a_closed_or_cancelled_project)
{
	char *dir = due_repo();
	th_result r;

	free(th_sh(dir, "pmo project set CBM status=active >/dev/null && "
			"pmo project close CBM --reason 已上线 >/dev/null"));
	th_assert_sh(dir, "pmo due --today 2027-02-10 --format csv", "Date,Record,Kind,What,Title,Owner,When\r\n");
	th_assert_sh(dir, "pmo -p CBM due --today 2027-02-10 --overdue | wc -l", "1\n");
	RUN(&r, dir, "pmo validate --strict --today 2027-02-10");
	EXPECT(&r, 0, "0 errors, 0 warnings in 9 files\n", "");
	th_result_free(&r);
	free(th_sh(dir, "pmo project set CBM status=active >/dev/null"));
	th_assert_sh(dir, "pmo due --today 2027-02-10 | tail -n +2 | awk '{print $2}'", "CBM/T-2\nCBM/R-1\nCBM/R-2\n");
	free(th_sh(dir, "pmo project set CBM status=cancelled >/dev/null"));
	th_assert_sh(dir, "pmo due --today 2027-02-10 --format csv | wc -l", "1\n");
	RUN(&r, dir, "pmo validate --today 2027-02-10");
	EXPECT(&r, 0, "0 errors, 0 warnings in 9 files\n", "");
	th_result_free(&r);
	free(dir);
}

/* --- kinds a tree defines itself ---------------------------------------- */

/* schemas/audit.json: a copy of the built-in risk schema with its kind,
 * plural, prefix, folder, summary and columns changed */
static const char make_audit[] =
	"pmo schemas --write .s >/dev/null && mkdir -p schemas && sed -e "
	"'s/\"kind\": \"risk\"/\"kind\": \"audit\"/; s/\"plural\": \"risks\"/\"plural\": \"audits\"/; "
	"s/\"prefix\": \"R\"/\"prefix\": \"AU\"/; s/\"folder\": \"risks\"/\"folder\": \"audits\"/; "
	"s/\\^R-/^AU-/; s/\"summary\": \"[^\"]*\"/\"summary\": \"internal audit findings\"/; "
	"s/\"columns\": \\[[^]]*\\]/\"columns\": [\"id\", \"title\", \"owner\", \"status\", \"review\"]/' "
	".s/risk.json > schemas/audit.json && rm -r .s";

Test(e2e_due, a_local_kind_works_as_a_built_in_one)
{
	char *dir = th_demo_repo(), *file;
	th_result r;

	free(th_sh(dir, "%s && git add schemas && git commit -qm 'audit kind'", make_audit));
	RUN(&r, dir, "pmo -p CBM audit add 贷款审批抽样 probability=2 impact=3 owner=wang-li review=2027-01-20 | cut -c18-");
	EXPECT(&r, 0, "audit CBM/AU-1: add 贷款审批抽样\n", "");
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/audits/AU-1.yaml");
	cr_assert_str_eq(file,
		"id: AU-1\ntitle: 贷款审批抽样\nprobability: 2\nimpact: 3\nowner: wang-li\n"
		"status: open\nidentified: '2027-01-04'\nreview: '2027-01-20'\n");
	free(file);
	th_assert_sh(dir, "pmo audit list",
		"ID        Title         Owner    Status  Next review\n"
		"CBM/AU-1  贷款审批抽样  wang-li  open    2027-01-20\n");
	th_assert_sh(dir, "pmo audits list --format csv owner=wang-li | tr -d '\\r'",
		"id,title,owner,status,review\nCBM/AU-1,贷款审批抽样,wang-li,open,2027-01-20\n");
	th_assert_sh(dir, "pmo -p CBM audit set AU-1 status=mitigating | cut -c18-",
		"audit CBM/AU-1: set status=mitigating\n");
	th_assert_sh(dir, "pmo audit show CBM/AU-1 | grep -E '^(ID|Status)'",
		"ID:                AU-1\nStatus:            mitigating\n");
	th_assert_sh(dir, "pmo due --today 2027-01-25 kind=audit",
		"Date        Record    Kind   What    Title         Owner    When\n"
		"2027-01-20  CBM/AU-1  audit  review  贷款审批抽样  wang-li  overdue 5d\n");
	th_assert_sh(dir, "pmo validate --today 2027-01-25 projects/CBM/audits",
		"projects/CBM/audits/AU-1.yaml:8:9: warning: review: review overdue since 2027-01-20 (5 days) [due]\n"
		"0 errors, 1 warning in 1 file\n");
	th_assert_sh(dir, "pmo -p CBM audit close AU-1 --reason 已整改 | cut -c18-",
		"audit CBM/AU-1: close (已整改)\n");
	th_assert_sh(dir, "pmo audit log CBM/AU-1 | grep -c 'audit CBM/AU-1:'", "3\n");
	th_assert_sh(dir, "pmo help | grep audit",
		"  audit         internal audit findings (this tree's own kind)\n");
	th_assert_sh(dir, "pmo audit -h | head -1", "usage: pmo audit <verb> [<args>]\n");
	/* a broken record of the kind is found by validate at its place */
	th_write(dir, "projects/CBM/audits/AU-1.yaml",
		 "id: AU-1\ntitle: x\nprobability: 9\nimpact: 3\nstatus: open\n");
	RUN(&r, dir, "pmo validate projects/CBM/audits");
	EXPECT(&r, 1, "projects/CBM/audits/AU-1.yaml:3:14: error: probability: 9 is more than the maximum 5 [schema]\n"
	       "1 error, 0 warnings in 1 file\n", "");
	th_result_free(&r);
	/* and in a revision, by its schema in that revision */
	RUN(&r, dir, "git stash -q && pmo validate --rev HEAD projects/CBM/audits");
	EXPECT(&r, 0, "0 errors, 0 warnings in 1 file\n", "");
	th_result_free(&r);
	free(dir);
}

/* after edit, cmd exits 1 with exactly err */
static void refused(const char *dir, const char *edit, const char *cmd, const char *err)
{
	th_result r;

	free(th_sh(dir, "%s", edit));
	RUN(&r, dir, "%s", cmd);
	EXPECT(&r, 1, "", err);
	th_result_free(&r);
}

Test(e2e_due, a_local_schema_is_refused_naming_its_file)
{
	char *dir = th_demo_repo();
	th_result r;

	free(th_sh(dir, "%s", make_audit));
	/* a command's name */
	refused(dir, "sed 's/\"audit\"/\"status\"/; s/\"audits\"/\"statuses\"/' schemas/audit.json > schemas/status.json",
		"pmo risk list",
		"pmo: error: schemas/status.json: the kind \"status\" has the name of the command "
	       "\"status\"; a kind cannot shadow a command\n");
	/* a built-in kind's name */
	refused(dir, "rm schemas/status.json && sed 's/\"audit\"/\"risk\"/' schemas/audit.json > schemas/risk.json",
		"pmo audit list",
		"pmo: error: schemas/risk.json: \"risk\" is the name of a built-in schema; a local "
	       "kind takes a name of its own\n");
	/* a misspelt column */
	refused(dir, "rm schemas/risk.json && sed -i 's/\"owner\", \"status\", \"review\"\\]/\"ownr\", \"status\", \"review\"]/' schemas/audit.json",
		"pmo audit list",
		"schemas/audit.json:16:32: error: x-pmo columns names \"ownr\", which is not a "
	       "field of audit\n");
	/* an unknown x-pmo key */
	free(th_sh(dir, "sed -i 's/\"ownr\"/\"owner\"/; s/\"headers\":/\"header\":/' schemas/audit.json"));
	RUN(&r, dir, "pmo validate");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "schemas/audit.json:17:5: error: x-pmo.header: unknown field \"header\"; allowed: kind, "),
		  "%s", r.err);
	th_result_free(&r);
	/* a misspelt workflow status */
	free(th_sh(dir, "sed -i 's/\"header\":/\"headers\":/; s/\"open\": \\[\"mitigating\"/\"open\": [\"mitgating\"/' schemas/audit.json"));
	RUN(&r, dir, "pmo audit list");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "x-pmo workflow transitions names \"mitgating\", which is not a status of audit.status"),
		  "%s", r.err);
	cr_assert(!strncmp(r.err, "schemas/audit.json:", 19), "%s", r.err);
	th_result_free(&r);
	/* a due date that is not a field */
	free(th_sh(dir, "sed -i 's/\"mitgating\"/\"mitigating\"/; s/\"due\": \\[{\"what\": \"review\", \"date\": \"review\"/\"due\": [{\"what\": \"review\", \"date\": \"reveiw\"/' schemas/audit.json"));
	RUN(&r, dir, "pmo audit list");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "x-pmo due date names \"reveiw\", which is not a field of audit"), "%s", r.err);
	th_result_free(&r);
	free(dir);
}

/* --- fields pmo.yaml adds to a built-in kind --------------------------- */

Test(e2e_due, pmo_yaml_fields_extend_a_built_in_kind)
{
	char *dir = th_demo_repo();
	th_result r;

	free(th_sh(dir, "printf 'fields:\\n  risk:\\n    regulation: {type: string, pattern: \"^[A-Z]+-[0-9]+$\", "
		   "title: 监管要求编号}\\n' >> pmo.yaml && git commit -qam fields"));
	RUN(&r, dir, "pmo -p CBM risk add 反洗钱检查 probability=2 impact=3 regulation=CBIRC-12 | cut -c18-");
	EXPECT(&r, 0, "risk CBM/R-1: add 反洗钱检查\n", "");
	th_result_free(&r);
	th_assert_sh(dir, "grep regulation projects/CBM/risks/R-1.yaml", "regulation: CBIRC-12\n");
	th_assert_sh(dir, "pmo risk show CBM/R-1 | grep 监管", "监管要求编号:      CBIRC-12\n");
	RUN(&r, dir, "pmo -p CBM risk add 反洗钱检查 probability=2 impact=3 regulation=bad");
	EXPECT(&r, 2, "", "pmo: error: regulation: \"bad\" does not match the pattern ^[A-Z]+-[0-9]+$\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM risk set R-1 regulation=x-1");
	cr_assert_eq(r.status, 2, "%s", r.err);
	th_result_free(&r);
	free(th_sh(dir, "sed -i 's/CBIRC-12/cbirc/' projects/CBM/risks/R-1.yaml"));
	RUN(&r, dir, "pmo validate projects/CBM/risks");
	EXPECT(&r, 1, "projects/CBM/risks/R-1.yaml:8:13: error: regulation: \"cbirc\" does not match the pattern "
	       "^[A-Z]+-[0-9]+$ [schema]\n1 error, 0 warnings in 1 file\n", "");
	th_result_free(&r);
	/* a field the kind has already, or a kind that is not built in */
	refused(dir, "git checkout -q . && printf '    owner: {type: string}\\n' >> pmo.yaml",
		"pmo risk list",
		"pmo.yaml:13:5: error: fields.risk.owner: risk already has a field \"owner\"; "
	       "a field of pmo.yaml adds one it lacks\n");
	refused(dir, "git checkout -q . && printf '  riks:\\n    x: {type: string}\\n' >> pmo.yaml",
		"pmo risk list",
		"pmo.yaml:13:3: error: fields: \"riks\" is not a built-in kind; a local kind "
	       "declares its fields in its own schema\n");
	free(dir);
}

Test(e2e_due, schemas_write_gives_the_schemas_in_effect)
{
	char *dir = th_demo_repo();

	free(th_sh(dir, "%s && printf 'fields:\\n  risk:\\n    regulation: {type: string, title: 监管要求编号}\\n' >> pmo.yaml",
		   make_audit));
	th_assert_sh(dir, "pmo schemas | tail -2", "change.json\naudit.json\n");
	th_assert_sh(dir, "pmo schemas --write out | tail -1", "out/audit.json\n");
	th_assert_sh(dir, "grep -c '\"kind\": \"audit\"' out/audit.json", "1\n");
	th_assert_sh(dir, "grep -A3 '\"regulation\"' out/risk.json",
		     "    \"regulation\": {\n      \"type\": \"string\",\n      \"title\": \"监管要求编号\"\n    }\n");
	/* outside a pmo tree: the built-in ones */
	th_assert_sh(dir, "cd \"$(mktemp -d)\" && pmo schemas | tail -1", "change.json\n");
	free(dir);
}

/* a kind of the tree's own, written from nothing: portfolio records (TK-1),
 * no workflow, an SLA counted in hours from a date-time and a follow-up a
 * fixed number of days after it */
Test(e2e_due, hours_from_a_date_time_and_fixed_days)
{
	char *dir = th_demo_repo();

	free(th_sh(dir, "mkdir schemas"));
	th_write(dir, "schemas/ticket.json",
		"{\n"
		"  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n"
		"  \"type\": \"object\",\n"
		"  \"x-pmo\": {\"kind\": \"ticket\", \"plural\": \"tickets\", \"summary\": \"service desk tickets\",\n"
		"    \"prefix\": \"TK\", \"folder\": \"tickets\", \"scope\": \"portfolio\", \"id\": \"id\", \"title\": \"title\",\n"
		"    \"columns\": [\"id\", \"title\", \"opened\", \"sla_hours\"],\n"
		"    \"due\": [{\"what\": \"SLA\", \"date\": \"opened\", \"hours\": \"sla_hours\"},\n"
		"            {\"what\": \"follow-up\", \"date\": \"opened\", \"days\": 3}]},\n"
		"  \"required\": [\"id\", \"title\"],\n"
		"  \"additionalProperties\": false,\n"
		"  \"properties\": {\n"
		"    \"id\": {\"type\": \"string\", \"pattern\": \"^TK-[1-9][0-9]*$\"},\n"
		"    \"title\": {\"type\": \"string\"},\n"
		"    \"opened\": {\"type\": \"string\", \"format\": \"date-time\"},\n"
		"    \"sla_hours\": {\"type\": \"integer\", \"minimum\": 1}\n"
		"  }\n"
		"}\n");
	free(th_sh(dir, "git add schemas && git commit -qm tickets && "
		   "pmo ticket add 核心系统批量中断 opened=2027-04-02T22:30:00+08:00 sla_hours=4 >/dev/null && "
		   "pmo ticket add 无时限 opened=2027-04-03T08:00:00Z >/dev/null"));
	th_assert_sh(dir, "pmo due --today 2027-04-04 --format csv | tr -d '\\r'",
		"Date,Record,Kind,What,Title,Owner,When\n"
		"2027-04-03,TK-1,ticket,SLA,核心系统批量中断,,overdue 1d\n"
		"2027-04-05,TK-1,ticket,follow-up,核心系统批量中断,,in 1d\n"
		"2027-04-06,TK-2,ticket,follow-up,无时限,,in 2d\n");
	th_assert_sh(dir, "pmo due --today 2027-04-04 --format json | grep -o '\"record\": \"TK-1\"[^}]*\"at\": \"[^\"]*\"'",
		"\"record\": \"TK-1\", \"kind\": \"ticket\", \"what\": \"SLA\", \"title\": \"核心系统批量中断\", "
		"\"date\": \"2027-04-03\", \"at\": \"2027-04-03T02:30:00+08:00\"\n"
		"\"record\": \"TK-1\", \"kind\": \"ticket\", \"what\": \"follow-up\", \"title\": \"核心系统批量中断\", "
		"\"date\": \"2027-04-05\", \"at\": \"2027-04-05T22:30:00+08:00\"\n");
	th_assert_sh(dir, "pmo validate --today 2027-04-04 tickets",
		"tickets/TK-1.yaml:3:9: warning: opened: SLA overdue since 2027-04-03T02:30:00+08:00 (1 day) [due]\n"
		"0 errors, 1 warning in 2 files\n");
	free(dir);
}

/* A due item with "unless" ends when that field is filled: a quality
 * check with its result, an incident resolved, whatever their status. */
Test(e2e_due, a_filled_unless_field_ends_the_obligation)
{
	char *dir = th_demo_repo();

	free(th_sh(dir, "pmo -p CBM qc add 准入检查 date=2027-01-18 >/dev/null && "
		   "pmo -p CBM qc add 复核检查 date=2027-01-19 result=pass >/dev/null && "
		   "pmo -p CBM incident add 批量中断 severity=P1 opened=2027-01-20T09:00:00+08:00 sla_hours=4 >/dev/null && "
		   "pmo -p CBM incident add 网关超时 severity=P2 opened=2027-01-21T09:00:00+08:00 sla_hours=4 "
		   "resolved=2027-01-21T11:00:00+08:00 >/dev/null"));
	th_assert_sh(dir, "pmo due --today 2027-02-01 --format csv | tr -d '\\r' | cut -d, -f2-4 | "
		     "grep -e qc -e incident",
		"CBM/QC-1,qc,check\nCBM/INC-1,incident,SLA\n");
	free(dir);
}

/* pmo export --format ical: the project's calendar, whatever the window —
 * every due item and milestone of CBM, none of another project's — in the
 * same bytes for the same tree and day, read back by python's icalendar */
Test(e2e_due, export_ical_is_the_projects_calendar)
{
	char *dir = due_repo(), *ics, *again, *p, *eol;
	th_result r;

	free(th_sh(dir, "pmo project add PAY name=支付 sponsor=zhao-min manager=wang-li start=2027-01-04 >/dev/null && "
		   "pmo -p PAY risk add 接口变更 probability=2 impact=3 owner=wang-li review=2027-02-12 >/dev/null && "
		   "pmo -p CBM risk set R-2 title=供应商交付延期导致系统集成测试与用户验收测试整体推迟两周以上并影响投产窗口 >/dev/null"));
	ics = th_sh(dir, "pmo -p CBM export --format ical --today 2027-02-10");
	again = th_sh(dir, "PMO_TODAY=2027-02-10 pmo -p CBM export --format ical");
	cr_assert_str_eq(ics, again);
	cr_assert(!strncmp(ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pmo//pmo export//EN\r\n", 60), "%s", ics);
	cr_assert(strstr(ics, "\r\nUID:CBM/R-3/review@pmo\r\n"), "%s", ics);
	cr_assert(strstr(ics, "\r\nDTSTAMP:20270210T000000Z\r\n"), "%s", ics);
	cr_assert(!strstr(ics, "PAY/"), "%s", ics);
	/* the same writer as pmo due: the events of pmo due's calendar */
	th_assert_sh(dir, "pmo due --today 2027-02-10 --within 8w project=CBM --format ical | grep -c '^UID:'", "4\n");
	RUN(&r, dir, "/usr/bin/python3 -c 'import icalendar' 2>/dev/null || exit 77; "
	    "pmo -p CBM export --format ical --today 2027-02-10 > cbm.ics && /usr/bin/python3 -c '"
	    "import icalendar\n"
	    "c = icalendar.Calendar.from_ical(open(\"cbm.ics\", \"rb\").read())\n"
	    "for e in c.walk(\"VEVENT\"): print(e[\"UID\"], e[\"DTSTART\"].dt, e[\"SUMMARY\"])'");
	if (r.status != 77)
		EXPECT(&r, 0,
		       "CBM/T-2/milestone@pmo 2027-01-15 CBM/T-2 milestone: SIT 准入\n"
		       "CBM/R-1/review@pmo 2027-02-03 CBM/R-1 review: 数据迁移丢失\n"
		       "CBM/R-2/review@pmo 2027-02-20 CBM/R-2 review: "
		       "供应商交付延期导致系统集成测试与用户验收测试整体推迟两周以上并影响投产窗口\n"
		       "CBM/R-3/review@pmo 2027-03-30 CBM/R-3 review: 监管检查\n", "");
	th_result_free(&r);
	/* the folded Chinese summary: no line over 75 octets, no fold inside a character */
	cr_assert(strstr(ics, "\r\nSUMMARY:CBM/R-2 review: 供应商交付延期导致系统集成测试与用\r\n "
			 "户验收测试整体推迟两周以上并影响投产窗口\r\n"), "%s", ics);
	for (p = ics; (eol = strstr(p, "\r\n")); p = eol + 2) {
		cr_assert(eol - p <= 75, "a line of %d octets: %.*s", (int)(eol - p), (int)(eol - p), p);
		cr_assert(!(p[0] == ' ' && ((unsigned char)p[1] & 0xC0) == 0x80), "fold inside a character");
	}
	cr_assert_eq(*p, '\0', "a line without CRLF: %s", p);
	th_assert_sh(dir, "pmo -p CBM export --format ical --report x 2>/dev/null; echo $?", "2\n");
	free(ics);
	free(again);
	free(dir);
}

/* RFC 5545: the same UID is the same event. A review or a milestone whose
 * day moves keeps its UID, so a subscribed calendar moves the event rather
 * than keeping the old one beside a new one; a milestone done stays in the
 * project's calendar, marked done, at its actual finish (pmo due, a list of
 * what is still to do, leaves it out) */
Test(e2e_due, ical_uids_survive_a_moved_date_and_done_milestones_stay_marked)
{
	char *dir = due_repo(), *before, *after;

	before = th_sh(dir, "pmo -p CBM export --format ical --today 2027-02-10 | grep -A2 '^UID:CBM/R-1/review@pmo'");
	cr_assert_str_eq(before, "UID:CBM/R-1/review@pmo\r\nDTSTAMP:20270210T000000Z\r\nDTSTART;VALUE=DATE:20270203\r\n");
	free(th_sh(dir, "pmo -p CBM risk set R-1 review=2027-02-17 >/dev/null"));
	after = th_sh(dir, "pmo -p CBM export --format ical --today 2027-02-10 | grep -A2 '^UID:CBM/R-1/review@pmo'");
	cr_assert_str_eq(after, "UID:CBM/R-1/review@pmo\r\nDTSTAMP:20270210T000000Z\r\nDTSTART;VALUE=DATE:20270217\r\n");
	th_assert_sh(dir, "pmo -p CBM export --format ical --today 2027-02-10 | grep -c '^UID:'", "4\n");
	/* the milestone done: still one event, the same UID, marked, at its actual finish */
	free(th_sh(dir, "pmo -p CBM task set T-2 actual_finish=2027-01-20 >/dev/null"));
	th_assert_sh(dir, "pmo -p CBM export --format ical --today 2027-02-10 | tr -d '\\r' | "
		     "grep -A5 '^UID:CBM/T-2/milestone@pmo' | grep -v DTSTAMP",
		     "UID:CBM/T-2/milestone@pmo\n"
		     "DTSTART;VALUE=DATE:20270120\n"
		     "SUMMARY:CBM/T-2 milestone (done): SIT 准入\n"
		     "DESCRIPTION:milestone CBM/T-2 milestone done\\nprojects/CBM/plan.yaml\n"
		     "CATEGORIES:milestone\n");
	th_assert_sh(dir, "pmo -p CBM export --format ical --today 2027-02-10 | grep -c '^UID:'", "4\n");
	/* pmo due lists what is still to do: the done milestone is not in it */
	th_assert_sh(dir, "pmo due --today 2027-02-10 --format ical | grep '^UID:CBM/T-2' | wc -l", "0\n");
	free(before);
	free(after);
	free(dir);
}
