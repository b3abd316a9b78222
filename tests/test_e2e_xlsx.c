/* End to end: pmo export --format xlsx of the examples' project CBM, read
 * back with openpyxl (python3-openpyxl) and converted with LibreOffice
 * headless (libreoffice-calc-nogui): the sheets, their header rows, real
 * dates and amounts with the currency's format, Chinese text intact, the
 * frozen header; a workbook never on a terminal, never half-written, the
 * same bytes for the same tree and day, and no temporary file left
 * behind. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

/* The examples in a fresh repository, with a temporary folder of its own
 * (tmp/, $TMPDIR of every run) to tell the files pmo leaves there. */
static char *examples(void)
{
	const char *src = getenv("PMO_SRCDIR");
	char *dir = th_tmpdir();

	free(th_sh(dir, "cp -R '%s/examples/.' . && git init -q . && git add -A && git commit -qm examples && "
		   "mkdir ../tmp-%s", src, strrchr(dir, '/') + 1));
	return dir;
}

/* The temporary folder of examples() removed (it is empty), and dir freed. */
static void done(char *dir)
{
	free(th_sh(dir, "rmdir ../tmp-%s", strrchr(dir, '/') + 1));
	free(dir);
}

static int have_openpyxl(void)
{
	return system("/usr/bin/python3 -c 'import openpyxl' 2>/dev/null") == 0;
}

/* The sheets, their headers, the cells' types and formats as openpyxl reads them. */
static const char read_back[] =
	"import openpyxl, datetime, sys, zipfile\n"
	"wb = openpyxl.load_workbook(sys.argv[1])\n"
	"print(' '.join(wb.sheetnames))\n"
	"t = wb['tasks']\n"
	"print('|'.join(str(c.value) for c in t[1]))\n"
	"print('freeze', t.freeze_panes, wb['risks'].freeze_panes, t['A1'].font.b)\n"
	"row = [c.value for c in t[3]]\n"
	"print(row[:3], type(t['F3'].value).__name__, t['F3'].value.date(), t['F3'].number_format)\n"
	"print('progress', t['I3'].value, t['I3'].number_format, 'days', t['H3'].value, t['C2'].value, t['D2'].value)\n"
	"e = wb['expenses']\n"
	"a = e['D2']\n"
	"print('amount', repr(a.value), type(a.value).__name__, a.number_format, e['B2'].value)\n"
	"b = wb['budget']\n"
	"print('planned', repr(b['E2'].value), b['E2'].number_format, b['B2'].value)\n"
	"r = wb['risks']\n"
	"h = [c.value for c in r[1]]\n"
	"print('risk', r.cell(2, h.index('Title') + 1).value, r.cell(2, h.index('Identified') + 1).value)\n"
	"print('width', round(t.column_dimensions['C'].width), round(r.column_dimensions['A'].width))\n"
	/* every part deflated at zlib's level 1 (minizip's flag bits 1-2 set:
	 * "super fast"), not libxlsxwriter's default 6 */
	"print('deflate', sorted({(i.compress_type, i.flag_bits & 6) for i in zipfile.ZipFile(sys.argv[1]).infolist()}))\n";

Test(e2e_xlsx, the_examples_read_back_with_openpyxl)
{
	char *dir;
	th_result r;

	if (!have_openpyxl())
		cr_skip_test("python3-openpyxl is not installed: the workbook is not read back");
	dir = examples();
	th_write(dir, "read_back.py", read_back);
	RUN(&r, dir, "TMPDIR=../tmp-%s pmo -p CBM export --format xlsx > cbm.xlsx && "
	    "/usr/bin/python3 read_back.py cbm.xlsx && ls -A ../tmp-%s", strrchr(dir, '/') + 1,
	    strrchr(dir, '/') + 1);
	EXPECT(&r, 0,
	       "tasks risks budget expenses issues meetings actions communications qc defects lessons "
	       "requirements feedback compliance incidents documents stakeholders environment\n"
	       "ID|WBS|Title|Summary|Milestone|Start|Finish|Days|Progress|Critical|Slack|Assignees|Depends|"
	       "Baseline start|Baseline finish|Planned cost\n"
	       "freeze A2 A2 True\n"
	       "['T-2', '1.1', '业务需求调研'] datetime 2026-09-01 yyyy-mm-dd\n"
	       "progress 1 0% days 10 需求与设计 True\n"
	       "amount 356000.5 float [$¥-804]#,##0.00 2026-10-12 00:00:00\n"
	       "planned 1200000 [$¥-804]#,##0.00 服务器与存储\n"
	       "risk 核心数据迁移丢失 2026-11-16 00:00:00\n"
	       "width 34 6\n"
	       "deflate [(8, 6)]\n", "");
	th_result_free(&r);
	done(dir);
}

Test(e2e_xlsx, libreoffice_converts_every_sheet)
{
	char *dir;
	th_result r;

	if (system("command -v soffice >/dev/null 2>&1") != 0)
		cr_skip_test("soffice is not installed (libreoffice-calc-nogui): the workbook is not converted");
	dir = examples();
	/* one conversion (it is slow): every sheet as CSV in UTF-8, as shown */
	RUN(&r, dir, "pmo -p CBM export --format xlsx --output cbm.xlsx && mkdir lo csv && "
	    "HOME=$PWD/lo soffice -env:UserInstallation=file://$PWD/lo --headless --convert-to "
	    "'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1' "
	    "--outdir csv cbm.xlsx >/dev/null 2>&1; ls csv | sort | tr '\\n' ' '; echo; "
	    "sed -n 3p csv/cbm-tasks.csv | cut -d, -f1-11; sed -n 2p csv/cbm-expenses.csv");
	EXPECT(&r, 0,
	       "cbm-actions.csv cbm-budget.csv cbm-communications.csv cbm-compliance.csv cbm-defects.csv "
	       "cbm-documents.csv cbm-environment.csv cbm-expenses.csv cbm-feedback.csv cbm-incidents.csv "
	       "cbm-issues.csv cbm-lessons.csv cbm-meetings.csv cbm-qc.csv cbm-requirements.csv "
	       "cbm-risks.csv cbm-stakeholders.csv cbm-tasks.csv \n"
	       "T-2,1.1,业务需求调研,FALSE,FALSE,2026-09-01,2026-09-18,10,100%,FALSE,0\n"
	       "E-1,2026-10-12,,\"¥356,000.50\",B-1,T-3,V-1,INV-2026-088\n", "");
	th_result_free(&r);
	done(dir);
}

Test(e2e_xlsx, a_workbook_goes_to_a_file_never_to_a_terminal)
{
	char *dir = examples();
	const char *tmp = strrchr(dir, '/') + 1;
	th_result r;

	/* standard output a terminal: refused before anything is computed */
	RUN(&r, dir, "script -qec 'TMPDIR=../tmp-%s pmo -p CBM export --format xlsx' /dev/null", tmp);
	cr_assert_eq(r.status, 2, "exit %d: %s%s", r.status, r.out, r.err);
	cr_assert(strstr(r.out, "pmo: error: an xlsx workbook is binary and standard output is a terminal; "
			 "send it to a file (> CBM.xlsx) or give --output FILE"), "%s", r.out);
	th_result_free(&r);
	/* --output: the file whole, nothing on standard output */
	RUN(&r, dir, "TMPDIR=../tmp-%s pmo -p CBM export --format xlsx --output cbm.xlsx && head -c 2 cbm.xlsx", tmp);
	EXPECT(&r, 0, "PK", "");
	th_result_free(&r);
	/* the same tree and day, the same bytes (the workbook's "created" is the day) */
	th_assert_sh(dir, "sleep 1 && pmo -p CBM export --format xlsx > again.xlsx && cmp cbm.xlsx again.xlsx && echo same",
		     "same\n");
	/* a folder that is not there: an error, no file, no temporary file */
	RUN(&r, dir, "TMPDIR=../tmp-%s pmo -p CBM export --format xlsx -o nowhere/cbm.xlsx", tmp);
	cr_assert_eq(r.status, 1, "exit %d: %s", r.status, r.err);
	cr_assert(!strncmp(r.err, "pmo: error: ", 12) && strstr(r.err, "nowhere/cbm.xlsx"), "%s", r.err);
	th_result_free(&r);
	/* no temporary folder: an error naming it */
	RUN(&r, dir, "TMPDIR=/nonexistent pmo -p CBM export --format xlsx > x.xlsx");
	EXPECT(&r, 1, "", "pmo: error: cannot make a temporary file in /nonexistent for the workbook: "
			  "No such file or directory\n");
	th_result_free(&r);
	RUN(&r, dir, "ls -A ../tmp-%s; ls nowhere; git status --porcelain", tmp);
	EXPECT(&r, 0, "?? again.xlsx\n?? cbm.xlsx\n?? x.xlsx\n", "ls: cannot access 'nowhere': No such file or directory\n");
	th_result_free(&r);
	/* options of the other formats */
	RUN(&r, dir, "pmo -p CBM export --format tjp --output x.tjp");
	EXPECT(&r, 2, "", "pmo: error: --output is for --format xlsx, not tjp\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM export --format xlsx --report x > x.xlsx");
	EXPECT(&r, 2, "", "pmo: error: --report is for --format tjp, not xlsx\n");
	th_result_free(&r);
	done(dir);
}
