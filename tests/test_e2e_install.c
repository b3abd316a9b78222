/* End to end: what makes pmo install and feel like git: the man pages the
 * build makes (one per command and kind, pmo-files(5)), pmo help opening
 * them, the bash, zsh and fish completion driven through pmo __complete,
 * the pager on a terminal, and the pre-commit hook of pmo init --hooks. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

static const char *mandir(void)
{
	const char *d = getenv("PMO_MANDIR");

	if (!d || !*d)
		cr_skip_test("the man pages are not built (scdoc is not installed)");
	return d;
}

static int has(const char *program)
{
	th_result r;
	int ok;

	RUN(&r, "/", "command -v %s", program);
	ok = r.status == 0;
	th_result_free(&r);
	return ok;
}

/* --- man pages -------------------------------------------------------------- */

Test(man, every_command_and_kind_has_a_page)
{
	const char *src = getenv("PMO_SRCDIR"), *man = mandir();
	char *dir = th_tmpdir();
	th_result r;

	/* the kinds from the schemas' x-pmo, the commands from pmo --help */
	RUN(&r, dir,
	    "set -e; n=0; for k in $(python3 -c 'import json,sys\n"
	    "for f in sys.argv[1:]:\n"
	    "    x = json.load(open(f)).get(\"x-pmo\")\n"
	    "    if x and \"folder\" in x: print(x[\"kind\"])' %s/schemas/*.json) "
	    "$(pmo --help | sed -n '/^commands:/,/^$/p' | awk 'NF>1 {print $1}'); do "
	    "test -s %s/man1/pmo-$k.1 || { echo missing pmo-$k.1; exit 1; }; n=$((n+1)); done; "
	    "test -s %s/man1/pmo.1; test -s %s/man5/pmo-files.5; echo $n",
	    src, man, man, man);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_assert_gt(atoi(r.out), 40, "%s", r.out);
	th_result_free(&r);
	free(dir);
}

Test(man, pages_render_without_warnings)
{
	const char *man = mandir();
	th_result r;

	RUN(&r, "/", "n=0; for f in %s/man1/*.1 %s/man5/*.5; do n=$((n+1)); "
	    "groff -ww -k -man -Tutf8 -z \"$f\" 2>&1 | sed \"s|^|$f: |\"; "
	    "MANWIDTH=80 man --warnings -l \"$f\" 2>&1 >/dev/null | sed \"s|^|$f: |\"; done; echo $n", man, man);
	cr_assert_eq(r.status, 0);
	cr_assert_gt(atoi(r.out), 40, "%s", r.out);
	cr_assert_eq(strchr(r.out, ':'), NULL, "warnings:\n%s", r.out);
	th_result_free(&r);
}

Test(man, kind_page_holds_fields_workflow_and_examples)
{
	const char *man = mandir();
	th_result r;

	RUN(&r, "/", "MANWIDTH=200 MANPAGER=cat man -l %s/man1/pmo-risk.1", man);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "pmo-risk - the risk register"), "%s", r.out);
	cr_assert(strstr(r.out, "probability (integer)"), "%s", r.out);
	cr_assert(strstr(r.out, "strategy (string)"), "%s", r.out);
	cr_assert(strstr(r.out, "One of: avoid, mitigate, transfer, accept."), "%s", r.out);
	cr_assert(strstr(r.out, "Names a person (pmo-person(1))."), "%s", r.out);
	cr_assert(strstr(r.out, "open → mitigating, closed, occurred"), "%s", r.out);
	cr_assert(strstr(r.out, "pmo -p CBM risk add \"TITLE\" probability=3 impact=3 owner=wang-li"), "%s", r.out);
	cr_assert(strstr(r.out, "-s, --sort FIELD"), "%s", r.out);
	th_result_free(&r);
}

Test(man, local_kind_gets_a_page_from_the_same_code)
{
	char *dir = th_demo_repo();
	th_result r;

	free(th_sh(dir, "mkdir schemas"));
	th_write(dir, "schemas/audit.json",
		 "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"$id\": \"audit.json\",\n"
		 " \"type\": \"object\", \"required\": [\"id\", \"title\", \"status\"],\n"
		 " \"properties\": {\"id\": {\"type\": \"string\"}, \"title\": {\"type\": \"string\"},\n"
		 "  \"status\": {\"type\": \"string\", \"enum\": [\"planned\", \"done\"], \"description\": \"where it stands\"}},\n"
		 " \"x-pmo\": {\"kind\": \"audit\", \"plural\": \"audits\", \"summary\": \"internal audits\",\n"
		 "  \"prefix\": \"AU\", \"folder\": \"audits\", \"scope\": \"project\", \"id\": \"id\", \"title\": \"title\",\n"
		 "  \"columns\": [\"id\", \"title\", \"status\"]}}\n");
	RUN(&r, dir, "pmo __man pmo-audit");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "pmo-audit(1)"), "%s", r.out);
	cr_assert(strstr(r.out, "*status* (string)\n\twhere it stands. Required. One of: planned, done."), "%s", r.out);
	th_result_free(&r);
	RUN(&r, dir, "pmo __complete -- audit add st");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "status=\n");
	th_result_free(&r);
	free(dir);
}

Test(help, opens_the_installed_man_page)
{
	const char *man = mandir();
	th_result r;

	RUN(&r, "/", "MANPATH=%s MANPAGER=cat MANWIDTH=100 pmo help risk", man);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "pmo-risk - the risk register"), "%s", r.out);
	th_result_free(&r);
}

Test(help, prints_the_builtin_help_without_a_man_page)
{
	char *dir = th_tmpdir(), *want;
	th_result r;

	want = th_sh(dir, "pmo risk -h");
	RUN(&r, dir, "MANPATH=%s pmo help risk", dir);
	EXPECT(&r, 0, want, "");
	th_result_free(&r);
	free(want);
	free(dir);
}

/* --- completion ------------------------------------------------------------- */

/* COMPREPLY of bash's completion function for line (the cursor at its
 * end), as bash-completion calls it */
static char *bash_complete(const char *dir, const char *line)
{
	const char *src = getenv("PMO_SRCDIR");
	th_result r;
	char *out;

	th_write(dir, "../complete.bash",
		 "[ -f /usr/share/bash-completion/bash_completion ] && . /usr/share/bash-completion/bash_completion\n"
		 ". \"$PMO_SRCDIR/completions/pmo.bash\"\n"
		 "COMP_LINE=$1; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<<\"$COMP_LINE\"\n"
		 "[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')\n"
		 "COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMPREPLY=()\n"
		 "_pmo pmo \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
		 "printf '%s\\n' \"${COMPREPLY[@]}\"\n");
	RUN(&r, dir, "PMO_SRCDIR='%s' bash --norc ../complete.bash '%s'", src, line);
	cr_assert_eq(r.status, 0, "%s: %s", line, r.err);
	out = strdup(r.out);
	th_result_free(&r);
	return out;
}

#define BASH(dir, line, want)                                        \
	do {                                                          \
		char *got_ = bash_complete(dir, line);                \
		cr_expect_str_eq(got_, want, "pmo completes '%s'", line); \
		free(got_);                                           \
	} while (0)

Test(complete, bash_offers_what_the_tree_and_schemas_hold)
{
	char *dir = th_demo_repo();

	if (!has("bash"))
		cr_skip_test("bash is not installed");
	free(th_sh(dir, "pmo -p CBM risk add 数据丢失 probability=3 impact=4 owner=wang-li >/dev/null && "
		   "pmo -p CBM risk add 延期 probability=2 impact=2 >/dev/null"));
	BASH(dir, "pmo ri", "risk\n");
	BASH(dir, "pmo sch", "schemas\nschedule\n");
	BASH(dir, "pmo risk cl", "close\n");
	BASH(dir, "pmo person ", "add\nlist\nshow\nset\nedit\nlog\ndelete\n");
	BASH(dir, "pmo risk add prob", "probability=\n");
	BASH(dir, "pmo risk add status=", "open\nmitigating\noccurred\nclosed\n");
	BASH(dir, "pmo risk set CBM/R-1 status=mi", "mitigating\n");
	BASH(dir, "pmo risk add owner=", "wang-li\nzhao-min\n");
	BASH(dir, "pmo risk list level=", "low\nmedium\nhigh\ncritical\n");
	BASH(dir, "pmo -p CBM risk show ", "R-1\nR-2\n");
	BASH(dir, "pmo risk log CBM/R", "CBM/R-1\nCBM/R-2\n");
	BASH(dir, "pmo -p ", "CBM\n");
	BASH(dir, "pmo risk list --so", "--sort\n");
	BASH(dir, "pmo --no-p", "--no-pager\n");
	BASH(dir, "pmo init --h", "--hooks\n--help\n");
	BASH(dir, "pmo help ris", "risk\n");
	BASH(dir, "pmo -C projects/CBM risk show ", "R-1\nR-2\n");
	free(dir);
}

Test(complete, fish_and_zsh_scripts_load)
{
	const char *src = getenv("PMO_SRCDIR");
	char *dir = th_demo_repo();
	th_result r;

	if (has("fish")) {
		RUN(&r, dir, "fish --no-config -c 'source %s/completions/pmo.fish; complete -C \"pmo risk add prob\"; "
		    "complete -C \"pmo risk add status=m\"'", src);
		EXPECT(&r, 0, "probability=\nstatus=mitigating\n", "");
		th_result_free(&r);
	}
	if (has("zsh")) {
		RUN(&r, dir, "zsh -n %s/completions/_pmo", src);
		EXPECT(&r, 0, "", "");
		th_result_free(&r);
	}
	free(dir);
}

/* --- pager ------------------------------------------------------------------ */

/* cmd run on a terminal (script(1) gives it one), PMO_PAGER (cat in
 * every test) unset */
static void on_tty(th_result *r, const char *dir, const char *cmd)
{
	if (!has("script"))
		cr_skip_test("script(1) is not installed");
	RUN(r, dir, "script -qec \"unset PMO_PAGER; %s\" /dev/null </dev/null", cmd);
}

Test(pager, pages_a_list_on_a_terminal_as_git)
{
	char *dir = th_demo_repo();
	th_result r;

	free(th_sh(dir, "pmo -p CBM risk add 数据丢失 probability=3 impact=4 >/dev/null"));
	on_tty(&r, dir, "PAGER='sed s/^/paged:/' pmo -p CBM risk list");
	cr_assert_eq(r.status, 0, "%s", r.out);
	cr_assert(strstr(r.out, "paged:ID"), "%s", r.out);
	cr_assert(strstr(r.out, "paged:R-1"), "%s", r.out);
	th_result_free(&r);
	/* --no-pager, before or after the command */
	on_tty(&r, dir, "PAGER='sed s/^/paged:/' pmo --no-pager -p CBM risk list");
	cr_assert(strstr(r.out, "R-1") && !strstr(r.out, "paged:"), "%s", r.out);
	th_result_free(&r);
	/* core.pager before PAGER; PMO_PAGER before both; cat is none */
	free(th_sh(dir, "git config core.pager 'sed s/^/core:/'"));
	on_tty(&r, dir, "PAGER='sed s/^/paged:/' pmo -p CBM risk log CBM/R-1");
	cr_assert(strstr(r.out, "core:") && !strstr(r.out, "paged:"), "%s", r.out);
	th_result_free(&r);
	on_tty(&r, dir, "PMO_PAGER='sed s/^/pmo:/' pmo due --within 400d");
	cr_assert(strstr(r.out, "pmo:") && !strstr(r.out, "core:"), "%s", r.out);
	th_result_free(&r);
	on_tty(&r, dir, "PMO_PAGER=cat pmo -p CBM risk list");
	cr_assert(strstr(r.out, "R-1") && !strstr(r.out, "core:"), "%s", r.out);
	th_result_free(&r);
	/* the pager gets LESS=FRX unless it is set */
	on_tty(&r, dir, "PMO_PAGER='echo LESS=\\$LESS; cat >/dev/null' env -u LESS pmo -p CBM risk list");
	cr_assert(strstr(r.out, "LESS=FRX"), "%s", r.out);
	th_result_free(&r);
	free(dir);
}

Test(pager, none_when_stdout_is_not_a_terminal)
{
	char *dir = th_demo_repo();
	th_result r;

	RUN(&r, dir, "unset PMO_PAGER; PAGER='sed s/^/paged:/' pmo -p CBM risk list && "
		     "PAGER='sed s/^/paged:/' pmo diff HEAD~1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_null(strstr(r.out, "paged:"), "%s", r.out);
	th_result_free(&r);
	free(dir);
}

/* --- pre-commit hook -------------------------------------------------------- */

Test(hooks, init_hooks_checks_what_is_staged)
{
	char *dir = th_demo_repo(), *head, *now;
	th_result r;

	RUN(&r, dir, "pmo init --hooks");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.err, ".git/hooks/pre-commit checks what is staged"), "%s", r.err);
	th_result_free(&r);
	head = th_sh(dir, "git rev-parse HEAD");
	/* pmo's own commits run it and pass, without a word */
	RUN(&r, dir, "pmo -p CBM risk add 数据丢失 probability=3 impact=4");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "");
	th_result_free(&r);
	free(head);
	head = th_sh(dir, "git rev-parse HEAD");
	/* a file not in the canonical style is refused */
	RUN(&r, dir, "sed -i 's/^probability: 3/probability:    3/' projects/CBM/risks/R-1.yaml && "
		     "git add -A && git commit -qm edit");
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert(strstr(r.err, "not in the canonical style"), "%s", r.err);
	th_result_free(&r);
	/* what is staged is checked, not the worktree: the fix unstaged is refused */
	RUN(&r, dir, "pmo fmt >/dev/null && git commit -qm edit");
	cr_assert_eq(r.status, 1, "%s", r.err);
	th_result_free(&r);
	/* a record the schema refuses */
	RUN(&r, dir, "git add -A && sed -i 's/^impact: 4/impact: 9/' projects/CBM/risks/R-1.yaml && "
		     "git add -A && git commit -qm edit");
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert(strstr(r.err, "R-1.yaml"), "%s", r.err);
	th_result_free(&r);
	now = th_sh(dir, "git rev-parse HEAD");
	cr_assert_str_eq(now, head);
	free(now);
	/* a good one goes through */
	RUN(&r, dir, "sed -i 's/^impact: 9/impact: 5/' projects/CBM/risks/R-1.yaml && git add -A && "
		     "git commit -qm edit");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	free(head);
	free(dir);
}

Test(hooks, a_hook_that_is_not_pmos_is_left_alone)
{
	char *dir = th_demo_repo(), *hook;
	th_result r;

	th_write(dir, ".git/hooks/pre-commit", "#!/bin/sh\nexit 0\n");
	RUN(&r, dir, "pmo init --hooks");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.err, "is not pmo's: left as it is"), "%s", r.err);
	th_result_free(&r);
	hook = th_read(dir, ".git/hooks/pre-commit");
	cr_assert_str_eq(hook, "#!/bin/sh\nexit 0\n");
	free(hook);
	free(dir);
}

Test(hooks, pre_commit_framework_file_runs_the_same_checks)
{
	const char *src = getenv("PMO_SRCDIR");
	char *y = th_read(src, ".pre-commit-hooks.yaml");

	cr_assert_not_null(y);
	cr_assert(strstr(y, "entry: pmo fmt --check"), "%s", y);
	cr_assert(strstr(y, "entry: pmo validate"), "%s", y);
	free(y);
}
