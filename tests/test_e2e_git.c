/* End to end: pmo's git rules (design §3, issue 2 "Rules — Git"), through the
 * built pmo in temporary repositories with a fixed identity, dates and today:
 * one commit of exactly the changed files on top of HEAD, the user's other
 * work untouched, refusals (dirty files, detached HEAD, bare, merge, rebase),
 * identity as git takes it, concurrency, failed commits, init and -C. */
#define _GNU_SOURCE /* vasprintf */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

static const char add_cmd[] =
	"pmo -p CBM risk add 核心数据迁移丢失 probability=4 impact=5 owner=wang-li "
	"strategy=mitigate category=technical contingency=回滚到旧系统并启用双轨运行";

/* stdout of a shell command that must succeed. */
static char *path_in(const char *dir, const char *rel)
{
	char *p;

	cr_assert(asprintf(&p, "%s/%s", dir, rel) >= 0);
	return p;
}

/* "[BRANCH 1a2b3c4] SUBJECT\n" */
static void assert_commit_line(const char *out, const char *branch, const char *subject)
{
	size_t bl = strlen(branch);
	size_t i;

	cr_assert(out[0] == '[' && !strncmp(out + 1, branch, bl) && out[1 + bl] == ' ',
		  "commit line: %s", out);
	for (i = 0; i < 7; i++)
		cr_assert(strchr("0123456789abcdef", out[2 + bl + i]) && out[2 + bl + i],
			  "commit line: %s", out);
	cr_assert(!strncmp(out + 9 + bl, "] ", 2), "commit line: %s", out);
	cr_assert_str_eq(out + 11 + bl, subject);
}

/* HEAD's parent is `before`, and HEAD's subject, trailers and files are
 * exactly `show`. */
static void assert_head_commit(const char *dir, const char *before, const char *show)
{
	char *parent = th_sh(dir, "git rev-parse HEAD~1");

	cr_assert_str_eq(parent, before, "the commit is not on top of the old HEAD");
	free(parent);
	/* the index entries of the committed paths are fresh, stat data and
	 * all: git sees them unchanged without re-reading the files */
	th_assert_sh(dir, "git diff-files --name-only -- $(git show --name-only --format= HEAD)", "");
	th_assert_sh(dir, "git show --name-status --format='%s%n%(trailers)--' HEAD", show);
}

/* Everything git says about the user's work: status, unstaged and staged
 * diffs. */
static char *user_state(const char *dir)
{
	return th_sh(dir, "git status --porcelain --untracked-files=all && echo ---- && "
		       "git diff && echo ---- && git diff --cached");
}

static void assert_user_state(const char *dir, const char *want)
{
	char *got = user_state(dir);

	cr_assert_str_eq(got, want, "the user's work changed");
	free(got);
}

static void assert_head_is(const char *dir, const char *head)
{
	char *now = th_sh(dir, "git rev-parse HEAD");

	cr_assert_str_eq(now, head, "a commit was made");
	free(now);
}

/* Work of the user's own in the repository: a staged change, an unstaged one
 * (also to a pmo file the commands below do not touch) and untracked files. */
static void make_user_work(const char *dir)
{
	char *s = th_sh(dir,
		"printf 'first\\n' > notes.txt && printf 'readme\\n' > README && "
		"git add notes.txt README && git commit -q -m 'user files' && "
		"printf 'first\\nstaged line\\n' > notes.txt && git add notes.txt && "
		"printf 'readme\\nunstaged line\\n' > README && "
		"printf '# my comment\\n' >> people/zhao-min.yaml && "
		"printf 'draft\\n' > draft.txt && printf 'idea\\n' > projects/CBM/ideas.md");
	free(s);
}

/* ---- one commit of exactly the changed files ---- */

Test(e2e_git, every_mutation_is_one_commit_of_its_files_only)
{
	char *dir = th_demo_repo(), *state, *head;
	th_result r;

	make_user_work(dir);
	state = user_state(dir);
	cr_assert_str_eq(state,
		" M README\n"
		"M  notes.txt\n"
		" M people/zhao-min.yaml\n"
		"?? draft.txt\n"
		"?? projects/CBM/ideas.md\n"
		"----\n"
		"diff --git a/README b/README\n"
		"index 8178c76..260569d 100644\n"
		"--- a/README\n"
		"+++ b/README\n"
		"@@ -1 +1,2 @@\n"
		" readme\n"
		"+unstaged line\n"
		"diff --git a/people/zhao-min.yaml b/people/zhao-min.yaml\n"
		"index 9905fea..5fafbf1 100644\n"
		"--- a/people/zhao-min.yaml\n"
		"+++ b/people/zhao-min.yaml\n"
		"@@ -2,3 +2,4 @@ handle: zhao-min\n"
		" name: 赵敏\n"
		" email: zhao.min@bank.example\n"
		" role: sponsor\n"
		"+# my comment\n"
		"----\n"
		"diff --git a/notes.txt b/notes.txt\n"
		"index 9c59e24..51df0a6 100644\n"
		"--- a/notes.txt\n"
		"+++ b/notes.txt\n"
		"@@ -1 +1,2 @@\n"
		" first\n"
		"+staged line\n");

	head = th_sh(dir, "git rev-parse HEAD");
	RUN(&r, dir, "pmo person add li-lei name=李雷 role=pm email=li.lei@bank.example");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "");
	assert_commit_line(r.out, "master", "person li-lei: add 李雷\n");
	th_result_free(&r);
	assert_head_commit(dir, head,
		"person li-lei: add 李雷\n"
		"Pmo-Command: person add\n"
		"Pmo-Record: li-lei\n"
		"--\n\n"
		"A\tpeople/li-lei.yaml\n");
	assert_user_state(dir, state);
	free(head);

	head = th_sh(dir, "git rev-parse HEAD");
	RUN(&r, dir, "pmo project add ATM name=自助设备更新 sponsor=zhao-min manager=li-lei start=2027-02-01");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "master", "project ATM: add 自助设备更新\n");
	th_result_free(&r);
	assert_head_commit(dir, head,
		"project ATM: add 自助设备更新\n"
		"Pmo-Command: project add\n"
		"Pmo-Record: ATM\n"
		"--\n\n"
		"A\tprojects/ATM/project.yaml\n");
	assert_user_state(dir, state);
	free(head);

	head = th_sh(dir, "git rev-parse HEAD");
	RUN(&r, dir, "%s", add_cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "master", "risk CBM/R-1: add 核心数据迁移丢失\n");
	th_result_free(&r);
	assert_head_commit(dir, head,
		"risk CBM/R-1: add 核心数据迁移丢失\n"
		"Pmo-Command: risk add\n"
		"Pmo-Record: CBM/R-1\n"
		"--\n\n"
		"A\tprojects/CBM/risks/R-1.yaml\n");
	assert_user_state(dir, state);
	/* the trailers are git trailers: git's own parser finds them */
	th_assert_sh(dir, "git log -1 --format=%B | git interpret-trailers --parse",
		  "Pmo-Command: risk add\nPmo-Record: CBM/R-1\n");
	free(head);

	head = th_sh(dir, "git rev-parse HEAD");
	RUN(&r, dir, "pmo risk set CBM/R-1 impact=3 review=2027-02-01");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "master", "risk CBM/R-1: set impact=3, review=2027-02-01\n");
	th_result_free(&r);
	assert_head_commit(dir, head,
		"risk CBM/R-1: set impact=3, review=2027-02-01\n"
		"Pmo-Command: risk set\n"
		"Pmo-Record: CBM/R-1\n"
		"--\n\n"
		"M\tprojects/CBM/risks/R-1.yaml\n");
	assert_user_state(dir, state);
	free(head);

	head = th_sh(dir, "git rev-parse HEAD");
	th_write(dir, "ed.sh", "#!/bin/sh\nsed -i 's/^probability: 4$/probability: 2/' \"$1\"\n");
	RUN(&r, dir, "EDITOR=\"sh $PWD/ed.sh\" pmo risk edit CBM/R-1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "master", "risk CBM/R-1: edit probability\n");
	th_result_free(&r);
	assert_head_commit(dir, head,
		"risk CBM/R-1: edit probability\n"
		"Pmo-Command: risk edit\n"
		"Pmo-Record: CBM/R-1\n"
		"--\n\n"
		"M\tprojects/CBM/risks/R-1.yaml\n");
	free(head);

	head = th_sh(dir, "git rev-parse HEAD");
	RUN(&r, dir, "pmo risk close CBM/R-1 --reason 迁移演练通过");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "master", "risk CBM/R-1: close (迁移演练通过)\n");
	th_result_free(&r);
	assert_head_commit(dir, head,
		"risk CBM/R-1: close (迁移演练通过)\n"
		"Pmo-Command: risk close\n"
		"Pmo-Record: CBM/R-1\n"
		"--\n\n"
		"M\tprojects/CBM/risks/R-1.yaml\n");
	free(head);
	/* ed.sh is the user's too now */
	th_assert_sh(dir, "git status --porcelain --untracked-files=all",
		  " M README\nM  notes.txt\n M people/zhao-min.yaml\n?? draft.txt\n?? ed.sh\n"
		  "?? projects/CBM/ideas.md\n");
	free(state);
	free(dir);
}

Test(e2e_git, init_commits_only_its_files_on_top_of_head)
{
	char *dir = th_tmpdir(), *state, *head;
	th_result r;

	free(th_sh(dir, "git init -q . && printf 'a\\n' > a.txt && printf 'b\\n' > b.txt && "
		     "git add a.txt b.txt && git commit -q -m start && "
		     "printf 'a2\\n' >> a.txt && git add a.txt && printf 'b2\\n' >> b.txt && "
		     "printf 'u\\n' > u.txt"));
	state = user_state(dir);
	head = th_sh(dir, "git rev-parse HEAD");
	RUN(&r, dir, "pmo init --name 测试组合 --currency CNY");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "");
	assert_commit_line(r.out, "master", "pmo: start the portfolio 测试组合\n");
	th_result_free(&r);
	assert_head_commit(dir, head,
		"pmo: start the portfolio 测试组合\n"
		"Pmo-Command: init\n"
		"--\n\n"
		"A\t.gitattributes\n"
		"A\tpeople/.gitkeep\n"
		"A\tpmo.yaml\n"
		"A\tprojects/.gitkeep\n");
	assert_user_state(dir, state);
	free(state);
	free(head);
	free(dir);
}

/* ---- uncommitted edits in a file pmo must change ---- */

static char *demo_with_risk(void)
{
	char *dir = th_demo_repo();

	free(th_sh(dir, "%s", add_cmd));
	return dir;
}

static const char dirty_msg[] =
	"pmo: error: projects/CBM/risks/R-1.yaml has uncommitted changes; commit or stash them first\n";

/* set, edit and close all refuse; nothing is written, nothing committed. */
static void assert_all_refuse(const char *dir, const char *msg, const char *state)
{
	const char *cmds[] = {
		"pmo risk set CBM/R-1 impact=2",
		"EDITOR='sed -i s/impact:/impact:/' pmo risk edit CBM/R-1",
		"pmo risk close CBM/R-1 --reason done",
	};
	char *head = th_sh(dir, "git rev-parse HEAD"), *before = th_read(dir, "projects/CBM/risks/R-1.yaml");
	char *after;
	th_result r;
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		RUN(&r, dir, "%s", cmds[i]);
		EXPECT(&r, 1, "", msg);
		th_result_free(&r);
		after = th_read(dir, "projects/CBM/risks/R-1.yaml");
		cr_assert_str_eq(after, before, "%s wrote the file", cmds[i]);
		free(after);
		assert_head_is(dir, head);
		assert_user_state(dir, state);
	}
	free(head);
	free(before);
}

Test(e2e_git, refuses_a_file_with_unstaged_edits)
{
	char *dir = demo_with_risk(), *state, *sub;
	th_result r;

	free(th_sh(dir, "printf '# half-finished thought\\n' >> projects/CBM/risks/R-1.yaml"));
	state = user_state(dir);
	assert_all_refuse(dir, dirty_msg, state);
	/* the path as the user sees it from where they stand */
	sub = path_in(dir, "projects/CBM");
	RUN(&r, sub, "pmo risk set R-1 impact=2");
	EXPECT(&r, 1, "",
	       "pmo: error: risks/R-1.yaml has uncommitted changes; commit or stash them first\n");
	th_result_free(&r);
	assert_user_state(dir, state);
	free(sub);
	free(state);
	free(dir);
}

Test(e2e_git, refuses_a_file_with_staged_edits)
{
	char *dir = demo_with_risk(), *state;

	free(th_sh(dir, "printf '# staged thought\\n' >> projects/CBM/risks/R-1.yaml && "
		     "git add projects/CBM/risks/R-1.yaml"));
	state = user_state(dir);
	assert_all_refuse(dir, dirty_msg, state);
	free(state);
	/* staged, with the worktree back as HEAD has it: still someone's work */
	free(th_sh(dir, "git show HEAD:projects/CBM/risks/R-1.yaml > projects/CBM/risks/R-1.yaml"));
	state = user_state(dir);
	cr_assert(strstr(state, "MM projects/CBM/risks/R-1.yaml\n"), "%s", state);
	assert_all_refuse(dir, dirty_msg, state);
	free(state);
	free(dir);
}

/* ---- identity ---- */

#define IDENT_FMT "git log -2 --format='%%an|%%ae|%%ad|%%cn|%%ce|%%cd' --date=iso-strict"

/* pmo's commit and then git's own in the same environment: same identities. */
static char *pmo_then_git(const char *dir, const char *env)
{
	th_result r;
	char *out;

	RUN(&r, dir, "%s pmo -p CBM risk add 同一身份 probability=1 impact=1 >/dev/null && "
		     "%s git commit -q --allow-empty -m git && " IDENT_FMT, env, env);
	cr_assert_eq(r.status, 0, "%s: %s", env, r.err);
	out = r.out;
	free(r.err);
	return out;
}

static void assert_same_identity(const char *dir, const char *env, const char *want)
{
	char *got = pmo_then_git(dir, env);
	char *nl = strchr(got, '\n');

	cr_assert(nl, "%s", got);
	/* git's line first, then pmo's */
	cr_assert_eq(strncmp(got, nl + 1, (size_t)(nl - got + 1)), 0, "%s:\n%s", env, got);
	cr_assert_str_eq(nl + 1, want, "%s", env);
	free(got);
}

Test(e2e_git, identity_from_environment_as_git_takes_it)
{
	char *dir = th_demo_repo();

	/* the fixed test identity */
	assert_same_identity(dir, "",
		"王丽|wang.li@bank.example|2027-01-04T09:00:00+08:00|"
		"王丽|wang.li@bank.example|2027-01-04T09:00:00+08:00\n");
	/* author and committer apart, dates in each format git reads */
	assert_same_identity(dir,
		"GIT_AUTHOR_NAME='赵 敏' GIT_AUTHOR_EMAIL=zhao.min@bank.example "
		"GIT_AUTHOR_DATE='Tue, 5 Jan 2027 10:11:12 +0530' "
		"GIT_COMMITTER_NAME='CI Bot' GIT_COMMITTER_EMAIL=ci@bank.example "
		"GIT_COMMITTER_DATE='@1799999999 -0700'",
		"赵 敏|zhao.min@bank.example|2027-01-05T10:11:12+05:30|"
		"CI Bot|ci@bank.example|2027-01-15T00:59:59-07:00\n");
	assert_same_identity(dir,
		"GIT_AUTHOR_DATE='2027-01-05 10:11:12 -0330' GIT_COMMITTER_DATE=2027-01-05T10:11:12Z",
		"王丽|wang.li@bank.example|2027-01-05T10:11:12-03:30|"
		"王丽|wang.li@bank.example|2027-01-05T10:11:12+00:00\n");
	/* raw seconds without a zone take the local zone's offset; dates
	 * written with dots or slashes */
	assert_same_identity(dir,
		"TZ=Asia/Shanghai GIT_AUTHOR_DATE=1800000000 GIT_COMMITTER_DATE='2027.01.05 10:11:12 +0800'",
		"王丽|wang.li@bank.example|2027-01-15T16:00:00+08:00|"
		"王丽|wang.li@bank.example|2027-01-05T10:11:12+08:00\n");
	assert_same_identity(dir, "GIT_AUTHOR_DATE='2027/01/05 10:11:12 +0800'",
		"王丽|wang.li@bank.example|2027-01-05T10:11:12+08:00|"
		"王丽|wang.li@bank.example|2027-01-04T09:00:00+08:00\n");
	/* git trims "crud" around names and emails and drops angle brackets */
	assert_same_identity(dir,
		"GIT_AUTHOR_NAME='  \"Li <Lei>\", ' GIT_AUTHOR_EMAIL=' <li.lei@bank.example>. '",
		"Li Lei|li.lei@bank.example|2027-01-04T09:00:00+08:00|"
		"王丽|wang.li@bank.example|2027-01-04T09:00:00+08:00\n");
	free(dir);
}

#define NO_IDENT_VARS \
	"env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL -u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL -u EMAIL "

Test(e2e_git, identity_from_config_when_variables_are_unset)
{
	char *dir = th_demo_repo(), *home = th_tmpdir(), *env;

	/* the global file in HOME */
	th_write(home, ".gitconfig", "[user]\n\tname = Global User\n\temail = global@bank.example\n");
	cr_assert(asprintf(&env, NO_IDENT_VARS "HOME=%s XDG_CONFIG_HOME=%s/.config", home, home) >= 0);
	assert_same_identity(dir, env,
		"Global User|global@bank.example|2027-01-04T09:00:00+08:00|"
		"Global User|global@bank.example|2027-01-04T09:00:00+08:00\n");
	/* the repository's own configuration wins, author.* over user.* */
	free(th_sh(dir, "git config user.name 'Repo User' && git config user.email repo@bank.example && "
		     "git config author.name 'Repo Author' && git config committer.email bot@bank.example"));
	assert_same_identity(dir, env,
		"Repo Author|repo@bank.example|2027-01-04T09:00:00+08:00|"
		"Repo User|bot@bank.example|2027-01-04T09:00:00+08:00\n");
	/* no name anywhere: the account's, from the password database, as git
	 * takes it (pmo refused before); git's line is compared with pmo's */
	{
		char *env2, *got, *nl;
		cr_assert(asprintf(&env2, "%s GIT_CONFIG_NOSYSTEM=1", env) >= 0);
		free(th_sh(dir, "git config --unset user.name && git config --unset author.name"));
		got = pmo_then_git(dir, env2);
		nl = strchr(got, '\n');
		cr_assert(nl && !strncmp(got, nl + 1, (size_t)(nl - got + 1)), "%s", got);
		cr_assert(strstr(nl + 1, "|repo@bank.example|"), "%s", got);
		free(got);
		free(env2);
		free(th_sh(dir, "git config user.name 'Repo User' && git config author.name 'Repo Author'"));
	}
	/* and the variables win over the configuration */
	assert_same_identity(dir, "GIT_AUTHOR_NAME=变量",
		"变量|wang.li@bank.example|2027-01-04T09:00:00+08:00|"
		"王丽|wang.li@bank.example|2027-01-04T09:00:00+08:00\n");
	free(env);
	free(home);
	free(dir);
}

static const char no_ident_msg[] =
	"pmo: error: no author identity; set it with: git config --global user.name \"Your Name\" && "
	"git config --global user.email you@example.com (or GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL)\n";

Test(e2e_git, no_identity_is_a_clear_error_and_leaves_nothing)
{
	char *dir = demo_with_risk(), *home = th_tmpdir(), *env, *head, *before, *after, *fresh;
	th_result r;

	cr_assert(asprintf(&env, NO_IDENT_VARS "HOME=%s XDG_CONFIG_HOME=%s GIT_CONFIG_NOSYSTEM=1",
			   home, home) >= 0);
	head = th_sh(dir, "git rev-parse HEAD");
	before = th_read(dir, "projects/CBM/risks/R-1.yaml");

	RUN(&r, dir, "%s pmo -p CBM risk add 无身份 probability=1 impact=1", env);
	EXPECT(&r, 1, "", no_ident_msg);
	th_result_free(&r);
	assert_head_is(dir, head);
	th_assert_sh(dir, "ls -A projects/CBM/risks", "R-1.yaml\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");

	RUN(&r, dir, "%s pmo risk set CBM/R-1 impact=1", env);
	EXPECT(&r, 1, "", no_ident_msg);
	th_result_free(&r);
	after = th_read(dir, "projects/CBM/risks/R-1.yaml");
	cr_assert_str_eq(after, before);
	free(after);
	assert_head_is(dir, head);
	th_assert_sh(dir, "ls -A projects/CBM/risks", "R-1.yaml\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");

	/* git refuses too in that environment */
	RUN(&r, dir, "%s git commit -q --allow-empty -m x", env);
	cr_assert_neq(r.status, 0);
	th_result_free(&r);

	/* init: no pmo.yaml, no folders, no commit left behind */
	fresh = th_tmpdir();
	free(th_sh(fresh, "git init -q . && mkdir people && printf 'x\\n' > people/list.txt"));
	RUN(&r, fresh, "%s pmo init --name 测试组合", env);
	EXPECT(&r, 1, "", no_ident_msg);
	th_result_free(&r);
	/* what was there before stays */
	th_assert_sh(fresh, "ls -A . people", ".:\n.git\npeople\n\npeople:\nlist.txt\n");
	free(th_sh(fresh, "rm -r people"));
	th_assert_sh(fresh, "git rev-list --all --count", "0\n");
	th_assert_sh(fresh, "git status --porcelain --untracked-files=all", "");

	free(fresh);
	free(before);
	free(head);
	free(env);
	free(home);
	free(dir);
}

/* ---- a commit that fails after the file was written ---- */

Test(e2e_git, failed_commit_puts_the_file_back)
{
	char *dir = demo_with_risk(), *head = th_sh(dir, "git rev-parse HEAD"), *lock, *msg;
	char *before = th_read(dir, "projects/CBM/risks/R-1.yaml"), *after;
	th_result r;

	/* a date git would refuse: pmo_repo_commit fails after the write */
	RUN(&r, dir, "GIT_COMMITTER_DATE=yesterday-ish pmo risk set CBM/R-1 impact=1");
	EXPECT(&r, 1, "",
	       "pmo: error: GIT_COMMITTER_DATE: invalid date \"yesterday-ish\"; use ISO 8601 "
	       "(2027-01-04T09:00:00+08:00), RFC 2822 (Mon, 4 Jan 2027 09:00:00 +0800) or "
	       "\"@SECONDS +ZZZZ\"\n");
	th_result_free(&r);
	after = th_read(dir, "projects/CBM/risks/R-1.yaml");
	cr_assert_str_eq(after, before);
	free(after);
	RUN(&r, dir, "GIT_AUTHOR_DATE=never pmo -p CBM risk add 不会提交 probability=1 impact=1");
	EXPECT(&r, 1, "",
	       "pmo: error: GIT_AUTHOR_DATE: invalid date \"never\"; use ISO 8601 "
	       "(2027-01-04T09:00:00+08:00), RFC 2822 (Mon, 4 Jan 2027 09:00:00 +0800) or "
	       "\"@SECONDS +ZZZZ\"\n");
	th_result_free(&r);
	assert_head_is(dir, head);
	th_assert_sh(dir, "ls -A projects/CBM/risks", "R-1.yaml\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");

	/* the index is locked by a git that died: pmo waits its bounded time,
	 * then gives up and leaves the file as it was */
	lock = path_in(dir, ".git/index.lock");
	th_write(dir, ".git/index.lock", "");
	RUN(&r, dir, "pmo risk set CBM/R-1 impact=1");
	cr_assert(asprintf(&msg, "pmo: error: cannot lock the index: %s exists; another git "
				 "process seems to be running in this repository (if not, remove "
				 "that file)\n", lock) >= 0);
	EXPECT(&r, 1, "", msg);
	th_result_free(&r);
	after = th_read(dir, "projects/CBM/risks/R-1.yaml");
	cr_assert_str_eq(after, before);
	free(after);
	cr_assert_eq(remove(lock), 0);
	assert_head_is(dir, head);
	th_assert_sh(dir, "ls -A projects/CBM/risks", "R-1.yaml\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	th_assert_sh(dir, "git fsck --strict --no-dangling 2>&1", "");
	free(msg);
	free(lock);
	free(before);
	free(head);
	free(dir);
}

/* ---- concurrency ---- */

Test(e2e_git, eight_processes_adding_ten_risks_each_lose_nothing)
{
	char *dir = th_demo_repo(), *ids, *want;
	size_t i, len = 0;
	th_result r;

	RUN(&r, dir,
	    "for p in 1 2 3 4 5 6 7 8; do ("
	    "  for i in 1 2 3 4 5 6 7 8 9 10; do"
	    "    pmo -p CBM risk add \"并发风险 $p-$i\" probability=2 impact=3 >/dev/null || echo \"fail $p-$i\";"
	    "  done) & "
	    "done; wait");
	EXPECT(&r, 0, "", "");
	th_result_free(&r);
	/* 80 commits on top of the 4 of the demo, one new file each */
	th_assert_sh(dir, "git rev-list --count HEAD", "84\n");
	th_assert_sh(dir, "git log --format=%s -80 | sed 's/: add .*//' | sort -u | wc -l", "80\n");
	th_assert_sh(dir, "git log --format= --name-status -80 | grep -c '^A	projects/CBM/risks/R-[0-9]*\\.yaml$'",
		  "80\n");
	th_assert_sh(dir, "git log --format= --name-only -80 | wc -l", "80\n");
	th_assert_sh(dir, "git log --format= --name-only -80 | sort -u | wc -l", "80\n");
	/* 80 files, IDs R-1 … R-80, each file's id its name */
	ids = th_sh(dir, "ls projects/CBM/risks | sed 's/\\.yaml$//' | sort -t- -k2 -n");
	want = malloc(80 * 6 + 1);
	for (i = 1; i <= 80; i++)
		len += (size_t)sprintf(want + len, "R-%zu\n", i);
	cr_assert_str_eq(ids, want);
	free(ids);
	th_assert_sh(dir, "for f in projects/CBM/risks/*.yaml; do "
		       "  id=$(sed -n 's/^id: //p' $f); [ \"projects/CBM/risks/$id.yaml\" = $f ] || echo $f; "
		       "done", "");
	th_assert_sh(dir, "git fsck --strict --no-dangling 2>&1", "");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	free(want);
	free(dir);
}

Test(e2e_git, pmo_racing_plain_git_commit_loses_nothing)
{
	char *dir = th_demo_repo();
	th_result r;

	/* git commit gives up at once on a held index.lock: the loop retries */
	RUN(&r, dir,
	    "( for i in $(seq 1 15); do"
	    "    printf '%%s\\n' $i > git-$i.txt;"
	    "    n=0; until git add git-$i.txt 2>/dev/null && git commit -q -m \"git $i\" 2>/dev/null; do"
	    "      n=$((n+1)); if [ $n -gt 1000 ]; then echo \"git $i gave up\"; break; fi; sleep 0.01;"
	    "    done;"
	    "  done ) & "
	    "( for i in $(seq 1 15); do"
	    "    pmo -p CBM risk add \"风险 $i\" probability=1 impact=2 >/dev/null || echo \"fail $i\";"
	    "  done ) & "
	    "wait");
	EXPECT(&r, 0, "", "");
	th_result_free(&r);
	th_assert_sh(dir, "git rev-list --count HEAD", "34\n");
	th_assert_sh(dir, "git log --format=%s -30 | grep -c '^git [0-9]*$'", "15\n");
	th_assert_sh(dir, "git log --format=%s -30 | grep -c '^risk CBM/R-[0-9]*: add 风险 [0-9]*$'", "15\n");
	/* every pmo commit holds exactly its own new file */
	th_assert_sh(dir, "for c in $(git log --format=%H --grep='^risk CBM/R-'); do "
		       "git show --name-status --format= $c; done | sort | uniq | grep -c '^A\tprojects/CBM/risks/R-[0-9]*\\.yaml$'",
		  "15\n");
	th_assert_sh(dir, "ls projects/CBM/risks | wc -l", "15\n");
	th_assert_sh(dir, "git fsck --strict --no-dangling 2>&1", "");
	/* Not asserted: that HEAD's tree still holds all 30 files. A `git
	 * commit` reads the index without its lock before taking it, so one
	 * that starts in the instant between another writer's branch update and
	 * its index update builds its tree from the older index — git against
	 * git has the same window. pmo narrows its side of it to one rename. */
	free(dir);
}

Test(e2e_git, concurrent_sets_of_one_record_keep_every_change)
{
	char *dir = demo_with_risk();
	int round;

	/* each process changes another field of R-1; none may undo another's */
	for (round = 1; round <= 3; round++) {
		th_result r;
		char *want;

		RUN(&r, dir,
		    "pmo risk set CBM/R-1 probability=%d >/dev/null & "
		    "pmo risk set CBM/R-1 impact=%d >/dev/null & "
		    "pmo risk set CBM/R-1 cause=原因%d >/dev/null & "
		    "pmo risk set CBM/R-1 effect=影响%d >/dev/null & "
		    "wait; grep -E '^(probability|impact|cause|effect):' projects/CBM/risks/R-1.yaml",
		    round, round + 1, round, round);
		cr_assert(asprintf(&want, "cause: 原因%d\neffect: 影响%d\nprobability: %d\nimpact: %d\n",
				   round, round, round, round + 1) >= 0);
		EXPECT(&r, 0, want, "");
		th_result_free(&r);
		free(want);
	}
	th_assert_sh(dir, "git rev-list --count HEAD", "17\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	free(dir);
}

/* ---- repository states that refuse mutations ---- */

static void assert_add_refused(const char *dir, const char *cmd, const char *msg)
{
	char *head = th_sh(dir, "git rev-parse HEAD"), *state = user_state(dir);
	th_result r;

	RUN(&r, dir, "%s", cmd);
	EXPECT(&r, 1, "", msg);
	th_result_free(&r);
	assert_head_is(dir, head);
	assert_user_state(dir, state);
	free(state);
	free(head);
}

static const char add_r2[] = "pmo -p CBM risk add 第二个风险 probability=2 impact=2";

Test(e2e_git, refuses_on_a_detached_head)
{
	char *dir = demo_with_risk();

	free(th_sh(dir, "git checkout -q --detach"));
	assert_add_refused(dir, add_r2,
		"pmo: error: HEAD is detached; check out a branch first (git switch BRANCH)\n");
	assert_add_refused(dir, "pmo risk set CBM/R-1 impact=1",
		"pmo: error: HEAD is detached; check out a branch first (git switch BRANCH)\n");
	th_assert_sh(dir, "ls projects/CBM/risks", "R-1.yaml\n");
	/* reading works on a detached HEAD */
	th_assert_sh(dir, "pmo -p CBM risk list --format csv",
		  "id,title,probability,impact,score,level,owner,status,review\r\n"
		  "R-1,核心数据迁移丢失,4,5,20,high,wang-li,open,2027-02-03\r\n");
	free(dir);
}

Test(e2e_git, bare_repository_refuses_changes_but_reads_head)
{
	char *dir = demo_with_risk(), *top = th_tmpdir();
	th_result r;

	free(th_sh(top, "git clone -q --bare %s bare.git", dir));
	RUN(&r, top, "%s", "pmo -C bare.git -p CBM risk add 第二个风险 probability=2 impact=2");
	EXPECT(&r, 1, "", "pmo: error: cannot change a bare repository; clone it and work in the clone\n");
	th_result_free(&r);
	RUN(&r, top, "pmo -C bare.git risk set CBM/R-1 impact=1");
	EXPECT(&r, 1, "", "pmo: error: cannot change a bare repository; clone it and work in the clone\n");
	th_result_free(&r);
	RUN(&r, top, "pmo -C bare.git init");
	EXPECT(&r, 1, "", "pmo: error: cannot change a bare repository; clone it and work in the clone\n");
	th_result_free(&r);
	th_assert_sh(top, "git -C bare.git rev-list --count HEAD", "5\n");
	RUN(&r, top, "pmo -C bare.git -p CBM risk list");
	EXPECT(&r, 0,
	       "ID   Title             P  I  Score  Level  Owner    Status  Next review\n"
	       "R-1  核心数据迁移丢失  4  5     20  high   wang-li  open    2027-02-03\n", "");
	th_result_free(&r);
	/* all projects, from inside the bare repository */
	RUN(&r, top, "cd bare.git && pmo risk list --format csv");
	EXPECT(&r, 0,
	       "id,title,probability,impact,score,level,owner,status,review\r\n"
	       "CBM/R-1,核心数据迁移丢失,4,5,20,high,wang-li,open,2027-02-03\r\n", "");
	th_result_free(&r);
	free(top);
	free(dir);
}

/* Two branches that each set impact of R-1 differently. */
static char *diverged_repo(void)
{
	char *dir = demo_with_risk();

	free(th_sh(dir, "git checkout -q -b other && pmo risk set CBM/R-1 impact=2 >/dev/null && "
		     "git checkout -q master && pmo risk set CBM/R-1 impact=3 >/dev/null"));
	return dir;
}

Test(e2e_git, refuses_mid_merge)
{
	char *dir = diverged_repo();
	th_result r;

	RUN(&r, dir, "git merge -q other");
	cr_assert_eq(r.status, 1, "the merge should conflict: %s", r.out);
	th_result_free(&r);
	th_assert_sh(dir, "git status --porcelain", "UU projects/CBM/risks/R-1.yaml\n");
	assert_add_refused(dir, add_r2,
		"pmo: error: a merge is in progress; finish or abort it first "
		"(git merge --continue / --abort)\n");
	assert_add_refused(dir, "pmo person add li-lei name=李雷 role=pm email=li.lei@bank.example",
		"pmo: error: a merge is in progress; finish or abort it first "
		"(git merge --continue / --abort)\n");
	th_assert_sh(dir, "ls projects/CBM/risks people", "people:\nwang-li.yaml\nzhao-min.yaml\n\n"
		       "projects/CBM/risks:\nR-1.yaml\n");
	th_assert_sh(dir, "test -f .git/MERGE_HEAD && echo merging", "merging\n");
	free(dir);
}

Test(e2e_git, refuses_mid_rebase)
{
	char *dir = diverged_repo();
	th_result r;

	RUN(&r, dir, "git rebase -q other");
	cr_assert_neq(r.status, 0, "the rebase should stop: %s", r.out);
	th_result_free(&r);
	assert_add_refused(dir, add_r2,
		"pmo: error: a rebase is in progress; finish or abort it first "
		"(git rebase --continue / --abort)\n");
	free(th_sh(dir, "git rebase --abort"));
	/* and once it is over, pmo works again */
	RUN(&r, dir, "%s", add_r2);
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "master", "risk CBM/R-2: add 第二个风险\n");
	th_result_free(&r);
	free(dir);
}

/* ---- init and where pmo finds its tree ---- */

Test(e2e_git, init_in_a_repository_without_commits_makes_the_root_commit)
{
	char *dir = th_tmpdir();
	th_result r;

	free(th_sh(dir, "git init -q ."));
	RUN(&r, dir, "pmo init --name 测试组合");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "master", "pmo: start the portfolio 测试组合\n");
	th_result_free(&r);
	th_assert_sh(dir, "git rev-list --count HEAD && git rev-list --max-parents=0 HEAD | wc -l", "1\n1\n");
	th_assert_sh(dir, "git show --name-status --format=%s HEAD",
		  "pmo: start the portfolio 测试组合\n\nA\t.gitattributes\nA\tpeople/.gitkeep\nA\tpmo.yaml\n"
		  "A\tprojects/.gitkeep\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	free(dir);
}

Test(e2e_git, init_outside_a_repository_creates_one)
{
	char *dir = th_tmpdir(), *sub = path_in(dir, "new");
	th_result r;

	free(th_sh(dir, "mkdir new"));
	RUN(&r, sub, "GIT_CEILING_DIRECTORIES=%s pmo init --name 新组合", dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "main", "pmo: start the portfolio 新组合\n");
	th_result_free(&r);
	th_assert_sh(sub, "git rev-parse --show-toplevel | xargs basename", "new\n");
	th_assert_sh(sub, "git rev-list --count HEAD && git symbolic-ref HEAD", "1\nrefs/heads/main\n");
	th_assert_sh(sub, "git status --porcelain --untracked-files=all", "");
	th_assert_sh(sub, "git fsck --strict --no-dangling 2>&1", "");
	/* init.defaultBranch is honoured, as git does */
	free(th_sh(dir, "mkdir other && git config --global init.defaultBranch trunk"));
	free(sub);
	sub = path_in(dir, "other");
	RUN(&r, sub, "GIT_CEILING_DIRECTORIES=%s pmo init", dir);
	free(th_sh(dir, "git config --global --unset init.defaultBranch"));
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "trunk", "pmo: start the portfolio other\n");
	th_result_free(&r);
	free(sub);
	free(dir);
}

Test(e2e_git, init_twice_refuses)
{
	char *dir = th_demo_repo(), *head = th_sh(dir, "git rev-parse HEAD"), *cfg = th_read(dir, "pmo.yaml");
	char *msg, *after, *sub = path_in(dir, "projects");
	th_result r;

	RUN(&r, dir, "pmo init --name 另一个");
	cr_assert(asprintf(&msg, "pmo: error: pmo.yaml already exists in %s: this is a pmo tree "
				 "already\n", dir) >= 0);
	EXPECT(&r, 1, "", msg);
	th_result_free(&r);
	free(msg);
	/* nor inside the tree, deeper down */
	RUN(&r, sub, "pmo init --name 另一个");
	cr_assert(asprintf(&msg, "pmo: error: %s/projects is inside the pmo tree at %s already\n",
			   dir, dir) >= 0);
	EXPECT(&r, 1, "", msg);
	th_result_free(&r);
	after = th_read(dir, "pmo.yaml");
	cr_assert_str_eq(after, cfg);
	assert_head_is(dir, head);
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	free(msg);
	free(after);
	free(sub);
	free(cfg);
	free(head);
	free(dir);
}

Test(e2e_git, tree_in_a_subfolder_of_a_bigger_repository)
{
	char *dir = th_tmpdir(), *at;
	th_result r;

	free(th_sh(dir, "git init -q . && printf 'x\\n' > README && git add README && "
		     "git commit -q -m 'the bank' && mkdir -p depts/pmo"));
	at = path_in(dir, "depts/pmo");
	RUN(&r, at, "pmo init --name 部门组合");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	th_assert_sh(dir, "git show --name-status --format=%s HEAD",
		  "pmo: start the portfolio 部门组合\n\n"
		  "A\tdepts/pmo/.gitattributes\nA\tdepts/pmo/people/.gitkeep\nA\tdepts/pmo/pmo.yaml\n"
		  "A\tdepts/pmo/projects/.gitkeep\n");
	free(at);
	/* later commands from deeper folders find pmo.yaml walking up */
	at = path_in(dir, "depts/pmo/people");
	RUN(&r, at, "pmo person add wang-li name=王丽 role=pm email=wang.li@bank.example && "
		    "pmo project add CBM name=核心银行系统迁移 sponsor=wang-li manager=wang-li start=2027-01-04");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	free(at);
	/* standing in projects/CBM (or deeper) picks CBM without -p */
	free(th_sh(dir, "mkdir -p depts/pmo/projects/CBM/notes"));
	at = path_in(dir, "depts/pmo/projects/CBM/notes");
	RUN(&r, at, "pmo risk add 核心数据迁移丢失 probability=4 impact=5 owner=wang-li");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "master", "risk CBM/R-1: add 核心数据迁移丢失\n");
	th_result_free(&r);
	free(at);
	th_assert_sh(dir, "git log --format=%s --name-status -3",
		  "risk CBM/R-1: add 核心数据迁移丢失\n\nA\tdepts/pmo/projects/CBM/risks/R-1.yaml\n"
		  "project CBM: add 核心银行系统迁移\n\nA\tdepts/pmo/projects/CBM/project.yaml\n"
		  "person wang-li: add 王丽\n\nA\tdepts/pmo/people/wang-li.yaml\n");
	at = path_in(dir, "depts/pmo/projects/CBM");
	RUN(&r, at, "pmo risk list --format csv && pmo risk show R-1 --format json >/dev/null");
	EXPECT(&r, 0,
	       "id,title,probability,impact,score,level,owner,status,review\r\n"
	       "R-1,核心数据迁移丢失,4,5,20,high,wang-li,open,2027-02-03\r\n", "");
	th_result_free(&r);
	free(at);
	/* above the tree there is none */
	RUN(&r, dir, "pmo risk list");
	EXPECT(&r, 1, "",
	       "pmo: error: not a pmo tree (no pmo.yaml here or in any parent folder); run pmo init\n");
	th_result_free(&r);
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	free(dir);
}

Test(e2e_git, dash_C_works_as_in_git)
{
	char *dir = th_tmpdir(), *abs = NULL;
	th_result r;
	const char *csv_head = "id,title,probability,impact,score,level,owner,status,review\r\n";
	char *want;

	free(th_sh(dir, "git init -q . && mkdir -p depts/pmo && cd depts/pmo && pmo init >/dev/null && "
		     "pmo person add wang-li name=王丽 role=pm email=wang.li@bank.example >/dev/null && "
		     "pmo project add CBM name=核心 sponsor=wang-li manager=wang-li start=2027-01-04 >/dev/null && "
		     "pmo project add ATM name=设备 sponsor=wang-li manager=wang-li start=2027-01-04 >/dev/null"));
	/* relative, with -p */
	RUN(&r, dir, "pmo -C depts/pmo -p CBM risk add 相对 probability=1 impact=1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "master", "risk CBM/R-1: add 相对\n");
	th_result_free(&r);
	/* absolute, into a project folder: it picks the project */
	abs = path_in(dir, "depts/pmo/projects/ATM");
	RUN(&r, "/", "pmo -C %s risk add 绝对 probability=1 impact=1", abs);
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "master", "risk ATM/R-1: add 绝对\n");
	th_result_free(&r);
	/* -p given wins over the folder */
	RUN(&r, dir, "pmo -C depts/pmo/projects/ATM -p CBM risk add 指定 probability=1 impact=1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "master", "risk CBM/R-2: add 指定\n");
	th_result_free(&r);
	/* several -C: each relative one from the one before; an empty one is no change */
	RUN(&r, dir, "pmo -C depts -C '' -C pmo --directory=projects -C CBM risk list --format csv");
	cr_assert(asprintf(&want, "%sR-1,相对,1,1,1,low,,open,2027-02-03\r\n"
				  "R-2,指定,1,1,1,low,,open,2027-02-03\r\n", csv_head) >= 0);
	EXPECT(&r, 0, want, "");
	th_result_free(&r);
	free(want);
	RUN(&r, dir, "pmo -C nowhere risk list");
	EXPECT(&r, 2, "", "pmo: error: cannot change to \"nowhere\": No such file or directory\n");
	th_result_free(&r);
	th_assert_sh(dir, "git log --format=%s --name-only -3",
		  "risk CBM/R-2: add 指定\n\ndepts/pmo/projects/CBM/risks/R-2.yaml\n"
		  "risk ATM/R-1: add 绝对\n\ndepts/pmo/projects/ATM/risks/R-1.yaml\n"
		  "risk CBM/R-1: add 相对\n\ndepts/pmo/projects/CBM/risks/R-1.yaml\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	free(abs);
	free(dir);
}

/* In a repository whose index caches its trees (as `git commit` leaves
 * it), pmo builds the commit's tree from them: the tree git add and git
 * write-tree would give, the index refreshed with its trees still valid
 * for the next commit, git commit included. */
Test(e2e_git, commit_tree_is_what_git_add_would_give_and_keeps_the_index_trees)
{
	char *dir = th_demo_repo(), *before, *mine, *gits, *want;
	th_result r;

	free(th_sh(dir, "git write-tree >/dev/null"));
	before = th_sh(dir, "git rev-parse HEAD");
	before[strcspn(before, "\n")] = '\0';
	RUN(&r, dir, "%s", add_cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	mine = th_sh(dir, "git rev-parse HEAD^{tree}");
	gits = th_sh(dir, "export GIT_INDEX_FILE=.git/index.git && git read-tree %s && "
		     "git add projects/CBM/risks/R-1.yaml && git write-tree && rm .git/index.git",
		     before);
	cr_assert_str_eq(mine, gits, "pmo's tree is not the one git add would give");
	cr_assert(asprintf(&want, "%sunchanged\n", mine) >= 0);
	free(mine);
	mine = th_sh(dir, "cp .git/index .git/index.before && git write-tree && "
		     "cmp -s .git/index .git/index.before && echo unchanged; rm -f .git/index.before");
	cr_assert_str_eq(mine, want, "the index's cached trees are not valid after the commit");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all && git diff-files && "
		     "git fsck --no-progress --no-dangling 2>&1", "");
	/* the next commits, pmo's and git's, build on them */
	RUN(&r, dir, "pmo -p CBM risk add 供应商交付延迟 probability=3 impact=4 owner=wang-li && "
		     "printf 'x\\n' > projects/CBM/notes.md && git add projects/CBM/notes.md && "
		     "git commit -q -m notes && pmo -p CBM risk add 关键人员离职 probability=2 impact=3 owner=wang-li");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	free(mine);
	free(want);
	mine = th_sh(dir, "git rev-parse HEAD^{tree}");
	cr_assert(asprintf(&want, "%sunchanged\n", mine) >= 0);
	free(mine);
	mine = th_sh(dir, "cp .git/index .git/index.before && git write-tree && "
		     "cmp -s .git/index .git/index.before && echo unchanged; rm -f .git/index.before");
	cr_assert_str_eq(mine, want, "the index's cached trees are not valid after the commits");
	th_assert_sh(dir, "git log --format=%s --name-status -3",
		     "risk CBM/R-3: add 关键人员离职\n\nA\tprojects/CBM/risks/R-3.yaml\n"
		     "notes\n\nA\tprojects/CBM/notes.md\n"
		     "risk CBM/R-2: add 供应商交付延迟\n\nA\tprojects/CBM/risks/R-2.yaml\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all && git diff-files", "");
	free(mine);
	free(want);
	free(gits);
	free(before);
	free(dir);
}

/* When the index holds other work in the folder (staged), or a tree that
 * is not HEAD's (git reset --soft), the commit is still HEAD with pmo's
 * file only, and the other work stays staged. */
Test(e2e_git, staged_work_in_the_folder_stays_out_of_the_commit)
{
	char *dir = th_demo_repo();
	th_result r;

	RUN(&r, dir, "%s && git write-tree >/dev/null && "
		     "printf 'id: R-1\\ntitle: 改\\n' > projects/CBM/risks/R-1.yaml && "
		     "git add projects/CBM/risks/R-1.yaml && "
		     "pmo -p CBM risk add 供应商交付延迟 probability=3 impact=4 owner=wang-li", add_cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	th_assert_sh(dir, "git show --name-status --format=%s HEAD && git status --porcelain",
		     "risk CBM/R-2: add 供应商交付延迟\n\nA\tprojects/CBM/risks/R-2.yaml\n"
		     "M  projects/CBM/risks/R-1.yaml\n");
	/* the index caches a tree that is HEAD~1's */
	RUN(&r, dir, "git checkout -q -- . && git reset -q --hard && git write-tree >/dev/null && "
		     "git reset -q --soft HEAD~1 && "
		     "pmo -p CBM risk add 关键人员离职 probability=2 impact=3 owner=wang-li");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	th_assert_sh(dir, "git show --name-status --format=%s HEAD && git status --porcelain",
		     "risk CBM/R-3: add 关键人员离职\n\nA\tprojects/CBM/risks/R-3.yaml\n"
		     "A  projects/CBM/risks/R-2.yaml\n");
	free(dir);
}
