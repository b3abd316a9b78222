/* lib/check: the rules of pmo validate over small trees in temporary git
 * repositories, read through a pmo_source (worktree or revision). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "helpers.h"
#include "util/error.h"

/* Base tree: settings, two people, project CBM with one valid risk. */
static const char *const base[] = {
	"pmo.yaml", "name: 测试组合\nrisk:\n  levels:\n    medium: 5\n    high: 10\n    critical: 15\n",
	"people/wang-li.yaml", "handle: wang-li\nname: 王丽\n",
	"people/zhao-min.yaml", "handle: zhao-min\nname: 赵敏\n",
	"projects/CBM/project.yaml",
	"key: CBM\nname: 迁移\nstatus: active\nsponsor: zhao-min\nmanager: wang-li\n",
	"projects/CBM/risks/R-1.yaml",
	"id: R-1\ntitle: 数据丢失\nprobability: 2\nimpact: 2\nowner: wang-li\nstatus: open\n",
	NULL,
};

typedef struct {
	char *dir;
	pmo_repo *repo;
	pmo_source *src;
	pmo_model *model;
	pmo_check_result res;
} fixture;

static void put(const char *dir, const char *rel, const char *text)
{
	th_result r;
	char *slash = strrchr(rel, '/');

	if (slash) {
		th_run(&r, dir, NULL, "mkdir -p '%.*s'", (int)(slash - rel), rel);
		th_result_free(&r);
	}
	th_write(dir, rel, text);
}

/* A repository holding base plus extra (path, text pairs; text NULL
 * removes the file). */
static void make_tree(fixture *fx, const char *const *extra)
{
	size_t i;
	th_result r;

	memset(fx, 0, sizeof(*fx));
	fx->dir = th_tmpdir();
	th_run(&r, fx->dir, NULL, "git init -q .");
	th_result_free(&r);
	for (i = 0; base[i]; i += 2)
		put(fx->dir, base[i], base[i + 1]);
	for (i = 0; extra && extra[i]; i += 2) {
		if (extra[i + 1]) {
			put(fx->dir, extra[i], extra[i + 1]);
		} else {
			th_run(&r, fx->dir, NULL, "rm -f '%s'", extra[i]);
			th_result_free(&r);
		}
	}
	cr_assert_eq(pmo_model_new(&fx->model), 0);
	cr_assert_eq(pmo_repo_open(&fx->repo, fx->dir, 0), 0, "%s",
		     pmo_error_last() ? pmo_error_last()->message : "");
}

static void run_check(fixture *fx, const char *rev, const char *const *paths, size_t npaths)
{
	pmo_check_options o;

	memset(&o, 0, sizeof(o));
	pmo_date_parse(&o.today, "2027-01-04", 10);
	o.paths = paths;
	o.npaths = npaths;
	cr_assert_eq(pmo_source_open(&fx->src, fx->repo, rev), 0);
	cr_assert_eq(pmo_check_tree(&fx->res, fx->src, fx->model, &o), 0, "%s",
		     pmo_error_last() ? pmo_error_last()->message : "");
}

static void check(fixture *fx, const char *const *extra)
{
	make_tree(fx, extra);
	run_check(fx, NULL, NULL, 0);
}

static void done(fixture *fx)
{
	pmo_check_result_free(&fx->res);
	pmo_source_free(fx->src);
	pmo_repo_free(fx->repo);
	pmo_model_free(fx->model);
	free(fx->dir);
}

/* "path:line:col: severity: message [rule]" of finding i. */
static char *line_of(const fixture *fx, size_t i)
{
	const pmo_finding *f = &fx->res.findings.items[i];
	pmo_buf b = PMO_BUF_INIT;

	pmo_finding_format(&b, f, f->path, PMO_FINDING_RULE);
	if (b.len && b.ptr[b.len - 1] == '\n')
		b.ptr[--b.len] = '\0';
	return pmo_buf_detach(&b);
}

static void assert_findings(const fixture *fx, const char *const *want)
{
	size_t i, n = 0;

	while (want[n])
		n++;
	for (i = 0; i < fx->res.findings.n && i < n; i++) {
		char *got = line_of(fx, i);
		cr_assert_str_eq(got, want[i], "finding %zu", i);
		free(got);
	}
	if (fx->res.findings.n != n) {
		char *first_extra = fx->res.findings.n > n ? line_of(fx, n) : NULL;
		cr_assert_fail("%zu findings, expected %zu; first extra: %s", fx->res.findings.n, n,
			       first_extra ? first_extra : "(none)");
	}
}

Test(check, place_classifies_files_by_their_place_in_the_tree)
{
	pmo_model *m;
	pmo_place p;

	cr_assert_eq(pmo_model_new(&m), 0);
	cr_assert_eq(pmo_check_place(&p, m, "pmo.yaml"), 0);
	cr_assert_eq(p.type, PMO_PLACE_SETTINGS);
	cr_assert_eq(p.schema, pmo_model_schema(m, "pmo"));
	cr_assert_eq(p.max_bytes, 16u << 20);
	pmo_place_free(&p);
	cr_assert_eq(pmo_check_place(&p, m, "people/wang-li.yaml"), 0);
	cr_assert_eq(p.type, PMO_PLACE_RECORD);
	cr_assert_str_eq(p.kind->name, "person");
	cr_assert_str_eq(p.id, "wang-li");
	cr_assert_null(p.project);
	pmo_place_free(&p);
	cr_assert_eq(pmo_check_place(&p, m, "projects/CBM/project.yaml"), 0);
	cr_assert_eq(p.type, PMO_PLACE_RECORD);
	cr_assert_str_eq(p.kind->name, "project");
	cr_assert_str_eq(p.id, "CBM");
	pmo_place_free(&p);
	cr_assert_eq(pmo_check_place(&p, m, "projects/CBM/risks/R-12.yaml"), 0);
	cr_assert_eq(p.type, PMO_PLACE_RECORD);
	cr_assert_str_eq(p.kind->name, "risk");
	cr_assert_str_eq(p.project, "CBM");
	cr_assert_str_eq(p.id, "R-12");
	cr_assert_eq(p.max_bytes, 16u << 20);
	pmo_place_free(&p);
	cr_assert_eq(pmo_check_place(&p, m, "projects/CBM/plan.yaml"), 0);
	cr_assert_eq(p.type, PMO_PLACE_PROJECT_FILE);
	cr_assert_eq(p.schema, pmo_model_schema(m, "plan"));
	/* a plan may be 256 MiB, every other file 16 MiB (a file over it is
	 * read up to the limit before it is refused: too slow to test here) */
	cr_assert_eq(p.max_bytes, 256u << 20);
	cr_assert_eq(PMO_PLAN_MAX_BYTES, 268435456u);
	pmo_place_free(&p);
	cr_assert_eq(pmo_check_place(&p, m, "projects/CBM/riskz/R-1.yaml"), 0);
	cr_assert_eq(p.type, PMO_PLACE_UNKNOWN);
	cr_assert_eq(p.max_bytes, 16u << 20);
	pmo_place_free(&p);
	cr_assert_eq(pmo_check_place(&p, m, "projects/CBM/risks/plan.yaml"), 0);
	cr_assert_eq(p.max_bytes, 16u << 20);
	pmo_place_free(&p);
	cr_assert_eq(pmo_check_place(&p, m, "people/R-1.yml"), 0);
	cr_assert_eq(p.type, PMO_PLACE_UNKNOWN);
	pmo_place_free(&p);
	cr_assert_eq(pmo_check_place(&p, m, "docs/x.yaml"), 0);
	cr_assert_eq(p.type, PMO_PLACE_NONE);
	pmo_place_free(&p);
	cr_assert_eq(pmo_check_place(&p, m, "people/.gitkeep"), 0);
	cr_assert_eq(p.type, PMO_PLACE_NONE);
	pmo_place_free(&p);
	pmo_model_free(m);
}

Test(check, clean_tree_has_no_findings_and_counts_its_files)
{
	fixture fx;

	check(&fx, NULL);
	cr_assert_eq(fx.res.findings.n, 0);
	cr_assert_eq(fx.res.findings.errors, 0);
	cr_assert_eq(fx.res.findings.warnings, 0);
	cr_assert_eq(fx.res.nfiles, 5);
	cr_assert_str_eq(fx.res.files[0], "people/wang-li.yaml");
	cr_assert_str_eq(fx.res.files[4], "projects/CBM/risks/R-1.yaml");
	done(&fx);
}

Test(check, yaml_error_is_the_only_finding_of_its_file)
{
	static const char *const extra[] = {
		"projects/CBM/risks/R-2.yaml", "id: R-9\nowner: nobody\nowner: x\n", NULL,
	};
	static const char *const want[] = {
		"projects/CBM/risks/R-2.yaml:3:1: error: duplicate key \"owner\" (first at line 2) [yaml]",
		NULL,
	};
	fixture fx;

	check(&fx, extra);
	assert_findings(&fx, want);
	cr_assert_eq(fx.res.findings.errors, 1);
	done(&fx);
}

Test(check, schema_findings_point_at_the_node_and_name_the_location)
{
	static const char *const extra[] = {
		"projects/CBM/risks/R-2.yaml",
		"id: R-2\ntitle: t\nprobability: 9\nimpact: 1\nstatus: open\nextra: 1\n", NULL,
	};
	static const char *const want[] = {
		"projects/CBM/risks/R-2.yaml:3:14: error: probability: 9 is more than the maximum 5 [schema]",
		"projects/CBM/risks/R-2.yaml:6:1: error: unknown field \"extra\"; allowed: id, title, "
		"category, cause, effect, probability, impact, owner, strategy, response, contingency, "
		"status, identified, review, resolution, tags [schema]",
		NULL,
	};
	fixture fx;

	check(&fx, extra);
	assert_findings(&fx, want);
	done(&fx);
}

Test(check, unknown_nested_field_is_named_with_its_parent)
{
	static const char *const extra[] = {
		"projects/CBM/project.yaml",
		"key: CBM\nname: 迁移\nstatus: active\nobjectives:\n  - statement: s\n    owner: x\n", NULL,
	};
	fixture fx;

	check(&fx, extra);
	cr_assert_eq(fx.res.findings.n, 1);
	cr_assert_str_eq(fx.res.findings.items[0].message,
			 "objectives[0]: unknown field \"owner\"; allowed: statement, metric, target, due, achieved");
	cr_assert_eq(fx.res.findings.items[0].line, 6);
	cr_assert_eq(fx.res.findings.items[0].col, 5);
	done(&fx);
}

Test(check, references_to_missing_people_are_errors)
{
	static const char *const extra[] = {
		"projects/CBM/risks/R-1.yaml",
		"id: R-1\ntitle: t\nprobability: 1\nimpact: 1\nowner: li-lei\nstatus: open\n",
		"projects/CBM/project.yaml",
		"key: CBM\nname: 迁移\nstatus: active\nsponsor: zhao-min\nmanager: wang-lee\n",
		NULL,
	};
	static const char *const want[] = {
		"projects/CBM/project.yaml:5:10: error: manager: no person \"wang-lee\" (people/wang-lee.yaml does not exist) [reference]",
		"projects/CBM/risks/R-1.yaml:5:8: error: owner: no person \"li-lei\" (people/li-lei.yaml does not exist) [reference]",
		NULL,
	};
	fixture fx;

	check(&fx, extra);
	assert_findings(&fx, want);
	done(&fx);
}

Test(check, a_value_the_schema_refuses_is_not_checked_again)
{
	static const char *const extra[] = {
		"projects/CBM/risks/R-1.yaml",
		"id: R-1\ntitle: t\nprobability: 1\nimpact: 1\nowner: Li Lei\nstatus: open\n", NULL,
	};
	fixture fx;

	check(&fx, extra);
	cr_assert_eq(fx.res.findings.n, 1);
	cr_assert_str_eq(fx.res.findings.items[0].rule, "schema");
	done(&fx);
}

Test(check, records_must_live_under_a_real_project)
{
	static const char *const extra[] = {
		"projects/XYZ/risks/R-1.yaml", "id: R-1\ntitle: t\nprobability: 1\nimpact: 1\nstatus: open\n",
		NULL,
	};
	static const char *const want[] = {
		"projects/XYZ/risks/R-1.yaml:1:1: error: project \"XYZ\" does not exist (no projects/XYZ/project.yaml) [reference]",
		NULL,
	};
	fixture fx;

	check(&fx, extra);
	assert_findings(&fx, want);
	done(&fx);
}

Test(check, ids_must_equal_file_names_and_be_unique_in_their_scope)
{
	static const char *const extra[] = {
		"projects/CBM/risks/R-2.yaml", "id: R-1\ntitle: t\nprobability: 1\nimpact: 1\nstatus: open\n",
		/* the same ID in another project is fine */
		"projects/DWH/project.yaml", "key: DWH\nname: 数据仓库\nstatus: proposed\n",
		"projects/DWH/risks/R-1.yaml", "id: R-1\ntitle: t\nprobability: 1\nimpact: 1\nstatus: open\n",
		NULL,
	};
	static const char *const want[] = {
		"projects/CBM/risks/R-2.yaml:1:5: error: id: \"R-1\" does not match the file name \"R-2.yaml\" [consistency]",
		"projects/CBM/risks/R-2.yaml:1:5: error: id: duplicate id \"R-1\": also in projects/CBM/risks/R-1.yaml [consistency]",
		NULL,
	};
	fixture fx;

	check(&fx, extra);
	assert_findings(&fx, want);
	done(&fx);
}

Test(check, dates_must_be_in_order)
{
	static const char *const extra[] = {
		"projects/CBM/project.yaml",
		"key: CBM\nname: 迁移\nstatus: proposed\nstart: '2027-05-01'\nfinish: '2027-04-30'\n",
		"projects/CBM/risks/R-1.yaml",
		"id: R-1\ntitle: t\nprobability: 1\nimpact: 1\nstatus: closed\n"
		"identified: '2027-01-03'\nreview: '2027-01-02'\n",
		NULL,
	};
	static const char *const want[] = {
		"projects/CBM/project.yaml:5:9: error: finish: 2027-04-30 is before start (2027-05-01) [consistency]",
		"projects/CBM/risks/R-1.yaml:7:9: error: review: 2027-01-02 is before identified (2027-01-03) [consistency]",
		NULL,
	};
	fixture fx;

	check(&fx, extra);
	assert_findings(&fx, want);
	done(&fx);
}

Test(check, risk_level_thresholds_must_rise)
{
	static const char *const extra[] = {
		"pmo.yaml", "name: x\nrisk:\n  levels:\n    medium: 5\n    high: 5\n    critical: 20\n", NULL,
	};
	static const char *const want[] = {
		"pmo.yaml:5:11: error: risk.levels.high: 5 is not more than medium (5); thresholds must "
		"rise: medium < high < critical [consistency]",
		NULL,
	};
	fixture fx;

	check(&fx, extra);
	assert_findings(&fx, want);
	done(&fx);
}

Test(check, overdue_review_warns_only_for_live_risks)
{
	static const char *const extra[] = {
		"projects/CBM/risks/R-1.yaml",
		"id: R-1\ntitle: t\nprobability: 1\nimpact: 1\nstatus: mitigating\nreview: '2027-01-01'\n",
		"projects/CBM/risks/R-2.yaml",
		"id: R-2\ntitle: t\nprobability: 1\nimpact: 1\nstatus: closed\nreview: '2026-01-01'\n",
		"projects/CBM/risks/R-3.yaml",
		"id: R-3\ntitle: t\nprobability: 1\nimpact: 1\nstatus: open\nreview: '2027-01-04'\n",
		NULL,
	};
	static const char *const want[] = {
		"projects/CBM/risks/R-1.yaml:6:9: warning: review: review overdue since 2027-01-01 (3 days) [due]",
		NULL,
	};
	fixture fx;

	check(&fx, extra);
	assert_findings(&fx, want);
	cr_assert_eq(fx.res.findings.errors, 0);
	cr_assert_eq(fx.res.findings.warnings, 1);
	done(&fx);
}

Test(check, open_critical_risk_without_response_warns)
{
	static const char *const extra[] = {
		/* 4 × 4 = 16: critical from 15 */
		"projects/CBM/risks/R-1.yaml",
		"id: R-1\ntitle: t\nprobability: 4\nimpact: 4\nstrategy: mitigate\nstatus: open\n",
		/* 3 × 4 = 12: high, no warning */
		"projects/CBM/risks/R-2.yaml", "id: R-2\ntitle: t\nprobability: 3\nimpact: 4\nstatus: open\n",
		NULL,
	};
	static const char *const want[] = {
		"projects/CBM/risks/R-1.yaml:1:1: warning: critical risk (score 16) is open with no response [date]",
		NULL,
	};
	fixture fx;

	check(&fx, extra);
	assert_findings(&fx, want);
	done(&fx);
}

Test(check, findings_are_sorted_by_path_and_line_and_keep_rule_order_at_one_place)
{
	static const char *const extra[] = {
		"projects/CBM/risks/R-1.yaml", "id: R-1\nstatus: open\n",
		"people/a.yaml", "handle: b\nname: x\n",
		NULL,
	};
	fixture fx;
	size_t i;

	check(&fx, extra);
	cr_assert_eq(fx.res.findings.n, 4);
	for (i = 1; i < fx.res.findings.n; i++) {
		int c = strcmp(fx.res.findings.items[i - 1].path, fx.res.findings.items[i].path);
		cr_assert(c < 0 || (c == 0 && fx.res.findings.items[i - 1].line <= fx.res.findings.items[i].line));
	}
	cr_assert_str_eq(fx.res.findings.items[0].path, "people/a.yaml");
	/* three findings at 1:1 of R-1, in the schema's order */
	cr_assert_str_eq(fx.res.findings.items[1].message, "missing required field \"title\"");
	cr_assert_str_eq(fx.res.findings.items[2].message, "missing required field \"probability\"");
	cr_assert_str_eq(fx.res.findings.items[3].message, "missing required field \"impact\"");
	done(&fx);
}

Test(check, unknown_yaml_files_in_pmo_folders_are_findings)
{
	static const char *const extra[] = {
		"projects/CBM/costs.yaml", "a: 1\n",
		"projects/CBM/risks/README.md", "not yaml\n",
		"docs/notes.yaml", "a: [\n",
		NULL,
	};
	static const char *const want[] = {
		"projects/CBM/costs.yaml:1:1: error: \"costs.yaml\" is not a pmo file: projects/CBM/ "
		"holds project.yaml, plan.yaml, budget.yaml, risks/R-<n>.yaml, issues/ISS-<n>.yaml, meetings/M-<n>.yaml, "
		"actions/A-<n>.yaml, communications/COM-<n>.yaml, quality/QC-<n>.yaml, defects/DEF-<n>.yaml, "
		"lessons/LL-<n>.yaml, requirements/REQ-<n>.yaml, feedback/FB-<n>.yaml, compliance/CC-<n>.yaml, "
		"incidents/INC-<n>.yaml, documents/DOC-<n>.yaml, stakeholders/SH-<n>.yaml, "
		"environment/ENV-<n>.yaml, changes/CR-<n>.yaml [schema]",
		NULL,
	};
	fixture fx;

	check(&fx, extra);
	assert_findings(&fx, want);
	cr_assert_eq(fx.res.nfiles, 6);
	done(&fx);
}

/* Before the files are read, a folder of records is placed once (files.c):
 * a name in it that is no record's is still placed on its own. */
Test(check, a_folder_of_records_is_placed_once_and_odd_names_in_it_still_named)
{
	static const char *const extra[] = {
		"projects/CBM/risks/R-2.yaml",
		"id: R-2\ntitle: 批处理失败\nprobability: 2\nimpact: 2\nowner: wang-li\nstatus: open\ncolour: red\n",
		"projects/CBM/risks/R-3.yml", "id: R-3\n",
		"projects/CBM/risks/R-4.yaml",
		"id: R-4\ntitle: 供应商延迟\nprobability: 3\nimpact: 2\nowner: nobody\nstatus: open\n",
		NULL,
	};
	fixture fx;
	size_t i, schema = 0, unknown = 0, reference = 0;

	check(&fx, extra);
	for (i = 0; i < fx.res.findings.n; i++) {
		char *got = line_of(&fx, i);

		if (strstr(got, "projects/CBM/risks/R-2.yaml:7:") && strstr(got, "[schema]"))
			schema++;
		else if (strstr(got, "projects/CBM/risks/R-3.yml:1:1: error: \"R-3.yml\" is not a pmo file"))
			unknown++;
		else if (strstr(got, "projects/CBM/risks/R-4.yaml:5:8: error: owner: no person") && strstr(got, "[reference]"))
			reference++;
		else
			cr_assert_fail("unexpected finding: %s", got);
		free(got);
	}
	cr_assert_eq(schema, 1);
	cr_assert_eq(unknown, 1);
	cr_assert_eq(reference, 1);
	done(&fx);
}

Test(check, paths_restrict_the_files_checked_not_the_references)
{
	static const char *const extra[] = {
		"projects/CBM/risks/R-2.yaml", "id: R-2\ntitle: t\nprobability: 9\nimpact: 1\nstatus: open\n",
		"people/bad.yaml", "handle: [\n",
		NULL,
	};
	static const char *const paths[] = { "projects/CBM" };
	fixture fx;

	make_tree(&fx, extra);
	run_check(&fx, NULL, paths, 1);
	cr_assert_eq(fx.res.nfiles, 3);
	cr_assert_eq(fx.res.findings.n, 1);
	cr_assert_str_eq(fx.res.findings.items[0].path, "projects/CBM/risks/R-2.yaml");
	done(&fx);
}

Test(check, a_revision_is_read_from_git_objects)
{
	static const char *const extra[] = {
		"projects/CBM/risks/R-2.yaml", "id: R-2\ntitle: t\nprobability: 9\nimpact: 1\nstatus: open\n",
		NULL,
	};
	fixture fx;
	th_result r;

	make_tree(&fx, NULL);
	th_run(&r, fx.dir, NULL, "git add -A && git commit -qm base");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	/* an uncommitted bad file is not in HEAD */
	put(fx.dir, extra[0], extra[1]);
	run_check(&fx, "HEAD", NULL, 0);
	cr_assert_eq(fx.res.findings.n, 0);
	cr_assert_eq(fx.res.nfiles, 5);
	pmo_check_result_free(&fx.res);
	pmo_source_free(fx.src);
	fx.src = NULL;
	run_check(&fx, NULL, NULL, 0);
	cr_assert_eq(fx.res.findings.n, 1);
	done(&fx);
}

Test(check, a_tree_without_pmo_yaml_is_an_error)
{
	static const char *const extra[] = { "pmo.yaml", NULL, NULL };
	pmo_check_options o;
	fixture fx;

	make_tree(&fx, extra);
	memset(&o, 0, sizeof(o));
	cr_assert_eq(pmo_source_open(&fx.src, fx.repo, NULL), 0);
	cr_assert_eq(pmo_check_tree(&fx.res, fx.src, fx.model, &o), PMO_ENOTFOUND);
	cr_assert(strstr(pmo_error_last()->message, "no pmo.yaml"));
	done(&fx);
}

/* The files pmo_check_files lists in base plus extra. */
static char **tree_files(fixture *fx, const char *const *extra)
{
	char **files = NULL;

	make_tree(fx, extra);
	cr_assert_eq(pmo_source_open(&fx->src, fx->repo, NULL), 0);
	cr_assert_eq(pmo_check_files(&files, fx->src, fx->model, NULL), 0);
	return files;
}

Test(check, files_lists_pmo_files_only)
{
	static const char *const extra[] = {
		"people/.gitkeep", "",
		"README.md", "hi\n",
		"projects/CBM/risks/R-9.yml", "a: 1\n",
		NULL,
	};
	fixture fx;
	char **files = tree_files(&fx, extra);
	size_t n;

	for (n = 0; files[n]; n++)
		;
	cr_assert_eq(n, 6);
	cr_assert_str_eq(files[5], "projects/CBM/risks/R-9.yml");
	pmo_strv_free(files);
	done(&fx);
}

/* The walk lists folder by folder, each sorted; a folder whose name is
 * another's followed by a character before '/' (CBM-old beside CBM)
 * comes after it in that order but before it in the files' order, which
 * is strcmp's (the findings, --format json and pmo fmt follow it). */
Test(check, files_are_in_path_order_when_folder_names_share_a_start)
{
	static const char *const extra[] = {
		"projects/CBM-old/risks/R-1.yaml", "id: R-1\n",
		"projects/CBM!/risks/R-1.yaml", "id: R-1\n",
		NULL,
	};
	fixture fx;
	char **files = tree_files(&fx, extra);
	size_t n;

	for (n = 0; files[n]; n++)
		if (n)
			cr_assert_lt(strcmp(files[n - 1], files[n]), 0, "%s before %s", files[n - 1], files[n]);
	cr_assert_geq(n, 3);
	pmo_strv_free(files);
	done(&fx);
}
