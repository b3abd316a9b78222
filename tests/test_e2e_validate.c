/* End to end: pmo validate and pmo fmt through the built pmo, in temporary
 * git repositories; the invalid trees of tests/data/invalid-trees with their
 * exact expected findings; a second validator as a peer; every output
 * format parsed by a real parser; --rev in a bare clone and in a
 * pre-receive hook. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)
#define TODAY "--today 2027-01-04"

static const char *testdata(void)
{
	const char *d = getenv("PMO_TESTDATA");
	cr_assert(d, "PMO_TESTDATA is not set");
	return d;
}

/* The names of the invalid-tree cases, sorted; NULL-terminated. */
static char **cases(void)
{
	char path[4096], **names = calloc(64, sizeof(char *));
	struct dirent *de;
	size_t n = 0, i, j;
	DIR *d;

	snprintf(path, sizeof(path), "%s/invalid-trees", testdata());
	d = opendir(path);
	cr_assert(d, "no folder %s", path);
	while ((de = readdir(d)) != NULL && n < 63)
		if (de->d_name[0] != '.')
			names[n++] = strdup(de->d_name);
	closedir(d);
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	return names;
}

static void free_cases(char **names)
{
	size_t i;

	for (i = 0; names[i]; i++)
		free(names[i]);
	free(names);
}

/* A git repository holding the files of case name (without expected.txt). */
static char *case_repo(const char *name)
{
	char *dir = th_tmpdir();
	th_result r;

	RUN(&r, dir, "cp -R '%s/invalid-trees/%s/.' . && rm -f expected.txt && git init -q .",
	    testdata(), name);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	return dir;
}

static char *expected_of(const char *name)
{
	char rel[512];

	snprintf(rel, sizeof(rel), "invalid-trees/%s/expected.txt", name);
	return th_read(testdata(), rel);
}

/* The python with jsonschema and PyYAML: Debian's first. */
static const char *python(void)
{
	static char found[64];
	th_result r;

	if (found[0])
		return found;
	RUN(&r, NULL, "for p in /usr/bin/python3 python3; do "
		      "$p -c 'import jsonschema, yaml' 2>/dev/null && echo $p && exit 0; done; exit 1");
	cr_assert_eq(r.status, 0, "python3 with jsonschema and yaml is needed "
		     "(apt-get install python3-jsonschema python3-yaml)");
	snprintf(found, sizeof(found), "%.*s", (int)strcspn(r.out, "\n"), r.out);
	th_result_free(&r);
	return found;
}

Test(e2e_validate, invalid_trees_give_exactly_their_expected_findings)
{
	char **names = cases();
	size_t i, ncases = 0;
	int seen[5] = { 0 };
	static const char *const rules[] = { "[yaml]", "[schema]", "[reference]", "[consistency]", "[date]" };

	for (i = 0; names[i]; i++) {
		char *dir = case_repo(names[i]), *want = expected_of(names[i]);
		th_result r;
		size_t k;

		cr_assert(want, "case %s has no expected.txt", names[i]);
		RUN(&r, dir, "pmo validate " TODAY);
		cr_assert_str_eq(r.out, want, "case %s", names[i]);
		cr_assert_str_eq(r.err, "", "case %s", names[i]);
		/* exit 1 exactly when the summary counts errors */
		cr_assert_eq(r.status, strstr(want, "\n0 errors,") || !strncmp(want, "0 errors,", 9) ? 0 : 1,
			     "case %s: exit %d", names[i], r.status);
		for (k = 0; k < 5; k++)
			if (strstr(want, rules[k]))
				seen[k] = 1;
		th_result_free(&r);
		free(want);
		free(dir);
		ncases++;
	}
	cr_assert_geq(ncases, 5);
	for (i = 0; i < 5; i++)
		cr_assert(seen[i], "no invalid-tree case covers the rule %s", rules[i]);
	free_cases(names);
}

Test(e2e_validate, peer_validator_agrees_file_by_file)
{
	char **names = cases();
	char *src = getenv("PMO_SRCDIR");
	size_t i, valid = 0, invalid = 0;

	cr_assert(src);
	for (i = 0; names[i]; i++) {
		char *dir = case_repo(names[i]);
		th_result r;
		size_t v = 0, inv = 0, n = 0;
		const char *line;

		RUN(&r, dir, "pmo validate " TODAY " --format json > ../pmo-%s.json; "
		    "%s '%s/tests/peer_validate.py' '%s/schemas' . ../pmo-%s.json; s=$?; "
		    "rm -f ../pmo-%s.json; exit $s",
		    names[i], python(), src, src, names[i], names[i]);
		cr_assert_eq(r.status, 0, "case %s: %s%s", names[i], r.out, r.err);
		line = strstr(r.out, "agree: ");
		cr_assert(line && sscanf(line, "agree: %zu files (%zu valid, %zu invalid)", &n, &v, &inv) == 3,
			  "case %s: %s", names[i], r.out);
		valid += v;
		invalid += inv;
		th_result_free(&r);
		free(dir);
	}
	/* both verdicts were compared, not only one */
	cr_assert_geq(valid, 10);
	cr_assert_geq(invalid, 5);
	free_cases(names);
}

/* examples/ when it is there, else a tree made with pmo commands. */
static char *example_repo(void)
{
	char *dir = th_tmpdir(), path[4096];
	const char *src = getenv("PMO_SRCDIR");
	th_result r;
	FILE *f;

	snprintf(path, sizeof(path), "%s/examples/pmo.yaml", src ? src : ".");
	f = fopen(path, "r");
	if (f) {
		fclose(f);
		RUN(&r, dir, "cp -R '%s/examples/.' . && git init -q . && git add -A && git commit -qm examples", src);
		cr_assert_eq(r.status, 0, "%s", r.err);
		th_result_free(&r);
		return dir;
	}
	free(dir);
	dir = th_demo_repo();
	RUN(&r, dir,
	    "pmo -p CBM risk add 核心数据迁移丢失 probability=4 impact=5 owner=wang-li strategy=mitigate "
	    "response=两轮迁移演练 category=technical >/dev/null && "
	    "pmo -p CBM risk add 供应商交付延迟 probability=3 impact=3 owner=zhao-min >/dev/null && "
	    "pmo project set CBM status=active finish=2027-12-31 >/dev/null");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	return dir;
}

Test(e2e_validate, examples_validate_clean_and_the_peer_agrees)
{
	char *dir = example_repo();
	const char *src = getenv("PMO_SRCDIR");
	th_result r;

	RUN(&r, dir, "pmo validate --strict");
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_assert(strstr(r.out, "0 errors, 0 warnings in "), "%s", r.out);
	cr_assert_str_eq(r.err, "");
	th_result_free(&r);
	RUN(&r, dir, "pmo validate --format json > ../ex.json && %s '%s/tests/peer_validate.py' "
	    "'%s/schemas' . ../ex.json; s=$?; rm -f ../ex.json; exit $s", python(), src, src);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_assert(strstr(r.out, " invalid)\n") && strstr(r.out, "(0 valid") == NULL, "%s", r.out);
	th_result_free(&r);
	free(dir);
}

/* A repository with two commits: a clean one, then one adding a bad risk. */
static char *two_commits(void)
{
	char *dir = example_repo();
	th_result r;

	RUN(&r, dir, "mkdir -p projects/CBM/risks && "
		     "printf 'id: R-9\\ntitle: 坏\\nprobability: 8\\nimpact: 1\\nstatus: open\\n' "
		     "> projects/CBM/risks/R-9.yaml && git add -A && git commit -qm bad");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	return dir;
}

Test(e2e_validate, rev_reads_git_objects_in_a_bare_clone)
{
	char *dir = two_commits(), bare[4200];
	th_result r;

	snprintf(bare, sizeof(bare), "%s.git", dir);
	RUN(&r, dir, "git clone -q --bare . '%s'", bare);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	RUN(&r, bare, "pmo validate --rev HEAD");
	cr_assert_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_assert(strstr(r.out, "HEAD:projects/CBM/risks/R-9.yaml:3:14: error: probability: 8 is "
				"more than the maximum 5 [schema]\n"), "%s", r.out);
	cr_assert(strstr(r.out, "\n1 error, "), "%s", r.out);
	th_result_free(&r);
	RUN(&r, bare, "pmo validate --rev HEAD~1 --strict");
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	th_result_free(&r);
	/* a path restricts the check in a bare repository too */
	RUN(&r, bare, "pmo validate --rev HEAD people");
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	th_result_free(&r);
	RUN(&r, bare, "rm -rf '%s'", bare);
	th_result_free(&r);
	free(dir);
}

Test(e2e_validate, pre_receive_hook_rejects_a_push_with_errors)
{
	char *dir = two_commits(), bare[4200];
	th_result r;

	snprintf(bare, sizeof(bare), "%s-server.git", dir);
	/* the server has the clean commit; the hook is the one in docs/validate.md */
	RUN(&r, dir, "git init -q --bare '%s' && git push -q '%s' HEAD~1:refs/heads/main && "
		     "cat > '%s/hooks/pre-receive' <<'EOF'\n"
		     "#!/bin/sh\n"
		     "zero=0000000000000000000000000000000000000000\n"
		     "status=0\n"
		     "while read old new ref; do\n"
		     "  [ \"$new\" = \"$zero\" ] && continue\n"
		     "  case \"$ref\" in refs/heads/*) ;; *) continue ;; esac\n"
		     "  echo \"pmo validate $ref ($new)\"\n"
		     "  pmo validate --rev \"$new\" || status=1\n"
		     "done\n"
		     "exit $status\n"
		     "EOF\n"
		     "chmod +x '%s/hooks/pre-receive'", bare, bare, bare, bare);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "git push -q '%s' HEAD:refs/heads/main", bare);
	cr_assert_neq(r.status, 0, "the push with a bad risk was accepted: %s", r.err);
	cr_assert(strstr(r.err, "projects/CBM/risks/R-9.yaml:3:14: error: probability: 8 is more "
				"than the maximum 5 [schema]"), "%s", r.err);
	th_result_free(&r);
	/* the fix goes through */
	RUN(&r, dir, "sed -i 's/probability: 8/probability: 2/' projects/CBM/risks/R-9.yaml && "
		     "git commit -qam fix && git push -q '%s' HEAD:refs/heads/main", bare);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "rm -rf '%s'", bare);
	th_result_free(&r);
	free(dir);
}

Test(e2e_validate, json_output_is_versioned_and_parses)
{
	char *dir = case_repo("schema");
	th_result r;

	RUN(&r, dir, "pmo validate " TODAY " --format json > ../out.json; s=$?; %s -c '"
	    "import json, sys\n"
	    "d = json.load(open(\"../out.json\"))\n"
	    "assert d[\"version\"] == 1 and d[\"revision\"] is None, d\n"
	    "assert d[\"files\"] == 8 and d[\"errors\"] == len(d[\"findings\"]) and d[\"ok\"] is False\n"
	    "for f in d[\"findings\"]:\n"
	    "    assert set(f) == {\"path\", \"line\", \"col\", \"severity\", \"rule\", \"message\"}, f\n"
	    "    assert f[\"severity\"] in (\"error\", \"warning\") and f[\"line\"] >= 1 and f[\"col\"] >= 1\n"
	    "print(d[\"findings\"][0][\"path\"], d[\"findings\"][0][\"message\"])\n"
	    "'; rm -f ../out.json; exit $s", python());
	cr_assert_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_assert_str_eq(r.out, "people/li-qiang.yaml handle: \"Li Qiang\" is not a valid value: "
				"Short unique name of lower-case letters, digits, '.', '_' or '-', starting with a letter or digit (wang-li); equal to the file name\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_validate, junit_output_parses_as_xml_with_one_testcase_per_file)
{
	char *dir = case_repo("consistency");
	th_result r;

	RUN(&r, dir, "pmo validate " TODAY " --format junit > ../out.xml; s=$?; %s -c '"
	    "import xml.dom.minidom\n"
	    "d = xml.dom.minidom.parse(\"../out.xml\")\n"
	    "suite = d.getElementsByTagName(\"testsuite\")[0]\n"
	    "cases = d.getElementsByTagName(\"testcase\")\n"
	    "failed = [c.getAttribute(\"name\") for c in cases if c.getElementsByTagName(\"failure\")]\n"
	    "assert len(cases) == int(suite.getAttribute(\"tests\")) == 9\n"
	    "assert len(failed) == int(suite.getAttribute(\"failures\"))\n"
	    "print(\" \".join(failed))\n"
	    "'; rm -f ../out.xml; exit $s", python());
	cr_assert_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_assert_str_eq(r.out, "people/zhao-min.yaml pmo.yaml projects/CBM/risks/R-2.yaml "
				"projects/CBM/risks/R-3.yaml projects/CBM/risks/R-7.yaml "
				"projects/DWH/project.yaml\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_validate, github_output_is_one_annotation_per_finding)
{
	char *dir = case_repo("reference");
	th_result r;

	RUN(&r, dir, "pmo validate " TODAY " --format github");
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.out,
		"::error file=pmo.yaml,line=3,col=18,title=pmo validate [reference]::default_project: "
		"no project \"ABC\" (projects/ABC/project.yaml does not exist)\n"
		"::error file=projects/CBM/risks/R-2.yaml,line=5,col=8,title=pmo validate [reference]::"
		"owner: no person \"li-lei\" (people/li-lei.yaml does not exist)\n"
		"::error file=projects/OPS/project.yaml,line=4,col=10,title=pmo validate [reference]::"
		"sponsor: no person \"nobody\" (people/nobody.yaml does not exist)\n"
		"::error file=projects/OPS/project.yaml,line=5,col=10,title=pmo validate [schema]::"
		"manager: \"WANG\" is not a valid value: Handle of the project manager (people/<handle>.yaml): lower-case letters, digits, '.', '_' or '-', starting with a letter or digit\n"
		"::error file=projects/XYZ/risks/R-1.yaml,line=1,col=1,title=pmo validate [reference]::"
		"project \"XYZ\" does not exist (no projects/XYZ/project.yaml)\n"
		"5 errors, 0 warnings in 8 files\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_validate, strict_makes_warnings_fail)
{
	char *dir = case_repo("date");
	th_result r;

	RUN(&r, dir, "pmo validate " TODAY " >/dev/null");
	cr_assert_eq(r.status, 0);
	th_result_free(&r);
	RUN(&r, dir, "pmo validate " TODAY " --strict >/dev/null");
	cr_assert_eq(r.status, 1);
	th_result_free(&r);
	free(dir);
	/* without warnings, --strict passes */
	dir = case_repo("clean");
	RUN(&r, dir, "pmo validate " TODAY " --strict");
	cr_assert_eq(r.status, 0, "%s", r.out);
	cr_assert_str_eq(r.out, "0 errors, 0 warnings in 5 files\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_validate, paths_are_relative_to_the_current_folder)
{
	char *dir = case_repo("consistency");
	th_result r;

	RUN(&r, dir, "pmo validate " TODAY " projects/DWH");
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.out,
		"projects/DWH/project.yaml:1:6: error: key: \"DW\" does not match the folder name \"DWH\" [consistency]\n"
		"projects/DWH/project.yaml:5:9: error: finish: 2027-03-31 is before start (2027-06-01) [consistency]\n"
		"2 errors, 0 warnings in 1 file\n");
	th_result_free(&r);
	RUN(&r, dir, "cd projects/CBM/risks && pmo validate " TODAY " R-3.yaml ../../../people");
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.out,
		"../../../people/zhao-min.yaml:1:9: error: handle: \"zhao-ming\" does not match the file name \"zhao-min.yaml\" [consistency]\n"
		"R-3.yaml:7:9: error: review: 2027-01-01 is before identified (2027-01-04) [consistency]\n"
		"R-3.yaml:7:9: warning: review: review overdue since 2027-01-01 (3 days) [due]\n"
		"2 errors, 1 warning in 3 files\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_validate, usage_errors_exit_2)
{
	char *dir = case_repo("clean");
	th_result r;

	RUN(&r, dir, "pmo validate --format xml");
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "pmo: error: unknown format \"xml\"; allowed: text,json,junit,github\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo validate --today 2027-02-30");
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "pmo: error: --today takes a date YYYY-MM-DD, not \"2027-02-30\"\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo validate ..");
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "pmo: error: \"..\" is outside the pmo tree at "), "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "pmo validate projects/NOPE");
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "pmo: error: \"projects/NOPE\" matches no pmo file\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo validate --rev nope");
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.err, "pmo: error: unknown revision \"nope\"\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo validate -h");
	cr_assert_eq(r.status, 0);
	cr_assert(!strncmp(r.out, "usage: pmo validate [PATH…]", 27), "%s", r.out);
	th_result_free(&r);
	free(dir);
}

Test(e2e_validate, fmt_check_lists_files_and_fmt_rewrites_them_once)
{
	char *dir = case_repo("clean"), *text, *again;
	th_result r;

	th_write(dir, "projects/CBM/risks/R-1.yaml",
		 "# yaml-language-server: $schema=../../../schemas/risk.json\n"
		 "status: open   # a comment that fmt keeps\n"
		 "title: \"核心数据迁移丢失\"\n"
		 "id: R-1\n"
		 "probability: 4\n"
		 "impact: 5\n"
		 "identified: 2027-01-04\n"
		 "tags: [a, b]\n");
	RUN(&r, dir, "pmo fmt --check");
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.out, "projects/CBM/risks/R-1.yaml\n");
	cr_assert_str_eq(r.err, "pmo: error: 1 file is not in the canonical style; run 'pmo fmt'\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo fmt");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "projects/CBM/risks/R-1.yaml\n");
	th_result_free(&r);
	text = th_read(dir, "projects/CBM/risks/R-1.yaml");
	cr_assert_str_eq(text,
		"# yaml-language-server: $schema=../../../schemas/risk.json\n"
		"id: R-1\n"
		"title: 核心数据迁移丢失\n"
		"probability: 4\n"
		"impact: 5\n"
		"status: open # a comment that fmt keeps\n"
		"identified: '2027-01-04'\n"
		"tags:\n"
		"  - a\n"
		"  - b\n");
	/* canonical now: nothing to do, not a byte changed */
	RUN(&r, dir, "pmo fmt --check && pmo fmt && stat -c %%Y projects/CBM/risks/R-1.yaml");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	again = th_read(dir, "projects/CBM/risks/R-1.yaml");
	cr_assert_str_eq(again, text);
	free(text);
	free(again);
	/* fmt commits nothing */
	RUN(&r, dir, "git rev-list --all | wc -l");
	cr_assert_str_eq(r.out, "0\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_validate, fmt_leaves_files_pmo_wrote_unchanged)
{
	char *dir = example_repo();
	th_result r;

	RUN(&r, dir, "pmo fmt --check && pmo fmt && git status --porcelain");
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_assert_str_eq(r.out, "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_validate, fmt_reports_files_it_cannot_read)
{
	char *dir = case_repo("yaml");
	th_result r;

	RUN(&r, dir, "pmo fmt --check");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "projects/CBM/risks/R-2.yaml:5:1: error: duplicate key \"probability\""),
		  "%s", r.err);
	th_result_free(&r);
	free(dir);
}

Test(e2e_validate, a_bare_repository_finds_its_pmo_tree_in_a_folder)
{
	char *dir = th_tmpdir(), *src = getenv("PMO_SRCDIR");
	th_result r;

	cr_assert(src);
	RUN(&r, dir, "git init -q big && mkdir big/portfolio && cp -R '%s/examples/.' big/portfolio && "
	    "git -C big add -A && git -C big commit -qm examples && git clone -q --bare big big.git", src);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "cd big.git && pmo validate --rev HEAD --today 2026-12-01 --format json | "
	    "python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[\"files\"], d[\"errors\"])'");
	EXPECT(&r, 0, "70 0\n", "");
	th_result_free(&r);
	/* two trees: the user names one */
	RUN(&r, dir, "cp -R big/portfolio big/second && git -C big add -A && git -C big commit -qm two && "
	    "git -C big.git fetch -q ../big '+refs/heads/*:refs/heads/*' && cd big.git && pmo validate --rev HEAD");
	EXPECT(&r, 2, "", "pmo: error: revision \"HEAD\" holds 2 pmo trees; name one as --rev HEAD:FOLDER "
	       "(folders: portfolio second)\n");
	th_result_free(&r);
	RUN(&r, dir, "cd big.git && pmo validate --rev HEAD:second --today 2026-12-01 | tail -n 1");
	EXPECT(&r, 0, "0 errors, 0 warnings in 70 files\n", "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_validate, links_fifos_and_missing_paths_give_the_verdict_git_would)
{
	char *dir = example_repo();
	th_result r;

	/* a link to a folder is not walked (git stores it as a link) but
	 * reported, as records behind it would escape the rules: the worktree
	 * and --rev agree, and a loop of links ends */
	RUN(&r, dir, "mkdir -p projects/CBM/risks/sub && ln -s .. projects/CBM/risks/sub/up && "
	    "ln -s ../.. people/loop && ln -s CBM projects/ZZZ && git add -A && git commit -qm links && "
	    "pmo validate --today 2026-12-01; pmo validate --rev HEAD --today 2026-12-01 | sed 1,3s/^HEAD://");
	EXPECT(&r, 0,
	       "people/loop:1:1: error: is a symbolic link; pmo does not read or write through links: "
	       "replace it with what it points to [yaml]\n"
	       "projects/CBM/risks/sub/up:1:1: error: is a symbolic link; pmo does not read or write through "
	       "links: replace it with what it points to [yaml]\n"
	       "projects/ZZZ:1:1: error: is a symbolic link; pmo does not read or write through "
	       "links: replace it with what it points to [yaml]\n"
	       "3 errors, 0 warnings in 73 files\n"
	       "people/loop:1:1: error: is a symbolic link; pmo does not read or write through links: "
	       "replace it with what it points to [yaml]\n"
	       "projects/CBM/risks/sub/up:1:1: error: is a symbolic link; pmo does not read or write through "
	       "links: replace it with what it points to [yaml]\n"
	       "projects/ZZZ:1:1: error: is a symbolic link; pmo does not read or write through "
	       "links: replace it with what it points to [yaml]\n"
	       "3 errors, 0 warnings in 73 files\n", "");
	th_result_free(&r);
	free(th_sh(dir, "git rm -rq people/loop projects/CBM/risks/sub projects/ZZZ && git commit -qm 'no links'"));
	/* a FIFO is named, never waited on */
	RUN(&r, dir, "mkfifo projects/CBM/risks/R-30.yaml && timeout 20 pmo validate --today 2026-12-01");
	cr_assert_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_assert(strstr(r.out, "projects/CBM/risks/R-30.yaml:1:1: error: is not a regular file "
				"(a FIFO, socket or device) [yaml]\n"), "%s", r.out);
	th_result_free(&r);
	RUN(&r, dir, "timeout 20 pmo fmt --check");
	cr_assert_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_assert(strstr(r.err, "projects/CBM/risks/R-30.yaml:1:1: error: is not a regular file"), "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "rm projects/CBM/risks/R-30.yaml && pmo fmt --check nonexist");
	EXPECT(&r, 2, "", "pmo: error: \"nonexist\" matches no pmo file\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo fmt nonexist");
	EXPECT(&r, 2, "", "pmo: error: \"nonexist\" matches no pmo file\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_validate, a_part_of_the_tree_still_sees_duplicate_ids_outside_it)
{
	char *dir = example_repo();
	th_result r;

	RUN(&r, dir, "sed -i 's/^id: R-2$/id: R-1/' projects/CBM/risks/R-2.yaml && "
	    "pmo validate --today 2026-12-01 projects/CBM/risks/R-2.yaml");
	EXPECT(&r, 1,
	       "projects/CBM/risks/R-2.yaml:1:5: error: id: \"R-1\" does not match the file name "
	       "\"R-2.yaml\" [consistency]\n"
	       "projects/CBM/risks/R-2.yaml:1:5: error: id: duplicate id \"R-1\": also in "
	       "projects/CBM/risks/R-1.yaml [consistency]\n"
	       "2 errors, 0 warnings in 1 file\n", "");
	th_result_free(&r);
	free(dir);
}
