/* End to end: git's conversions around pmo's commits (issue 8, "Filters",
 * "Identity and environment", "Durability"), through the built pmo in
 * temporary repositories with a fixed identity, dates and today: filter
 * drivers (clean, smudge, process, required) before text/eol, a filtered
 * record's commit message, working-tree-encoding, file modes, identity and
 * repository discovery from the environment, and fsync as git does it. */
#define _GNU_SOURCE /* vasprintf */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

/* stdout of a shell command that must succeed. */
/* "[master 1a2b3c4] SUBJECT\n" */
static void assert_commit_line(const char *out, const char *subject)
{
	const char *close = strchr(out, ']');

	cr_assert(!strncmp(out, "[master ", 8) && close && close - out == 15, "commit line: %s", out);
	cr_assert_str_eq(close + 2, subject);
}

static char *testdata(const char *rel)
{
	const char *d = getenv("PMO_TESTDATA");
	char *p;

	cr_assert(d, "PMO_TESTDATA is not set");
	cr_assert(asprintf(&p, "%s/%s", d, rel) >= 0);
	return p;
}

/* The demo repository with its risks filtered by driver "crypt": a stand-in
 * for git-crypt that stores base64 (no plaintext byte of a title survives). */
static char *crypt_repo(const char *required)
{
	char *dir = th_demo_repo();

	free(th_sh(dir, "git config filter.crypt.clean 'base64 -w 76' && "
		     "git config filter.crypt.smudge 'base64 -d' && "
		     "git config filter.crypt.required %s && "
		     "printf 'projects/CBM/risks/*.yaml filter=crypt\\n' > .gitattributes && "
		     "git add .gitattributes && git commit -q -m 'risks are confidential'",
		required));
	return dir;
}

/* No object in the store (loose or packed, reachable or not) and no commit
 * message holds any of these words. */
static void assert_nowhere_in_git(const char *dir, const char *word)
{
	char *hits = th_sh(dir, "git cat-file --batch-all-objects --batch | grep -c -F '%s' || true; "
			     "git log --all --format=%%B | grep -c -F '%s' || true", word, word);

	cr_assert_str_eq(hits, "0\n0\n", "\"%s\" reached git in plaintext", word);
	free(hits);
}

static const char secret_add[] =
	"pmo -p CBM risk add 'Merger with Acme 并购' probability=2 impact=3 owner=wang-li "
	"cause='board minutes 董事会'";

Test(e2e_filter, clean_filter_keeps_a_confidential_record_out_of_the_object_store)
{
	char *dir = crypt_repo("true"), *file;
	th_result r;

	RUN(&r, dir, "%s", secret_add);
	EXPECT(&r, 0, r.out, "");
	assert_commit_line(r.out, "risk CBM/R-1: add\n");
	th_result_free(&r);
	file = th_read(dir, "projects/CBM/risks/R-1.yaml");
	cr_assert(strstr(file, "title: Merger with Acme 并购\n"), "%s", file);
	/* the blob is what the clean command made of the file */
	th_assert_sh(dir, "git cat-file -p HEAD:projects/CBM/risks/R-1.yaml | base64 -d | cmp - "
		       "projects/CBM/risks/R-1.yaml && echo same", "same\n");
	/* message: the ID, never the title or a value; trailers kept */
	th_assert_sh(dir, "git log -1 --format=%B",
		  "risk CBM/R-1: add\n\nPmo-Command: risk add\nPmo-Record: CBM/R-1\n\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");

	RUN(&r, dir, "pmo risk set CBM/R-1 'title=Merger with Beta 收购' impact=4");
	EXPECT(&r, 0, r.out, "");
	assert_commit_line(r.out, "risk CBM/R-1: set\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo risk close CBM/R-1 --reason 'Acme withdrew'");
	EXPECT(&r, 0, r.out, "");
	assert_commit_line(r.out, "risk CBM/R-1: close\n");
	th_result_free(&r);
	th_assert_sh(dir, "git log -2 --format=%B",
		  "risk CBM/R-1: close\n\nPmo-Command: risk close\nPmo-Record: CBM/R-1\n\n"
		  "risk CBM/R-1: set\n\nPmo-Command: risk set\nPmo-Record: CBM/R-1\n\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	assert_nowhere_in_git(dir, "Acme");
	assert_nowhere_in_git(dir, "Beta");
	assert_nowhere_in_git(dir, "并购");
	assert_nowhere_in_git(dir, "董事会");

	/* read back from git through the smudge side */
	RUN(&r, dir, "pmo risk log CBM/R-1 | grep -c -x '    title: Merger with Acme 并购'");
	EXPECT(&r, 0, "1\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo validate --rev HEAD");
	EXPECT(&r, 0, "0 errors, 0 warnings in 5 files\n", "");
	th_result_free(&r);
	free(file);
	free(dir);
}

Test(e2e_filter, unfiltered_records_keep_their_titles_in_the_subject)
{
	char *dir = crypt_repo("true");
	th_result r;

	RUN(&r, dir, "pmo -p CBM task add 'Vendor late 供应商延迟' duration=3");
	EXPECT(&r, 0, r.out, "");
	assert_commit_line(r.out, "task CBM/T-1: add Vendor late 供应商延迟\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo project set CBM name=新名称");
	EXPECT(&r, 0, r.out, "");
	assert_commit_line(r.out, "project CBM: set name=新名称\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_filter, a_failing_optional_filter_stores_the_file_unfiltered_as_git)
{
	char *dir = crypt_repo("false");
	th_result r;

	free(th_sh(dir, "git config filter.crypt.clean 'cat >/dev/null; exit 3'"));
	RUN(&r, dir, "pmo -p CBM risk add Plain probability=1 impact=1");
	EXPECT(&r, 0, r.out, "pmo: error: external filter 'cat >/dev/null; exit 3' failed 3\n");
	assert_commit_line(r.out, "risk CBM/R-1: add\n");
	th_result_free(&r);
	/* git does the same with the same words */
	th_assert_sh(dir, "git cat-file -p HEAD:projects/CBM/risks/R-1.yaml | cmp - "
		       "projects/CBM/risks/R-1.yaml && echo unfiltered", "unfiltered\n");
	RUN(&r, dir, "echo x >> projects/CBM/risks/R-1.yaml && git add projects/CBM/risks/R-1.yaml");
	EXPECT(&r, 0, "", "error: external filter 'cat >/dev/null; exit 3' failed 3\n"
			  "error: external filter 'cat >/dev/null; exit 3' failed\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_filter, a_failing_required_filter_refuses_and_leaves_nothing)
{
	char *dir = crypt_repo("true"), *head, *before;
	th_result r;

	RUN(&r, dir, "%s", secret_add);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	head = th_sh(dir, "git rev-parse HEAD");
	before = th_read(dir, "projects/CBM/risks/R-1.yaml");
	free(th_sh(dir, "git config filter.crypt.clean 'exit 3'"));

	RUN(&r, dir, "pmo -p CBM risk add Another probability=1 impact=1");
	EXPECT(&r, 1, "",
	       "pmo: error: external filter 'exit 3' failed 3\n"
	       "pmo: error: projects/CBM/risks/R-2.yaml: clean filter 'crypt' failed\n");
	th_result_free(&r);
	th_assert_sh(dir, "ls projects/CBM/risks", "R-1.yaml\n");

	/* the dirty check filters too: required, it fails before any write */
	RUN(&r, dir, "pmo risk set CBM/R-1 impact=5");
	EXPECT(&r, 1, "",
	       "pmo: error: external filter 'exit 3' failed 3\n"
	       "pmo: error: projects/CBM/risks/R-1.yaml: clean filter 'crypt' failed\n");
	th_result_free(&r);
	{
		char *after = th_read(dir, "projects/CBM/risks/R-1.yaml"), *now = th_sh(dir, "git rev-parse HEAD");
		cr_assert_str_eq(after, before);
		cr_assert_str_eq(now, head);
		free(after);
		free(now);
	}
	/* a required driver with no clean command fails as in git */
	free(th_sh(dir, "git config --unset filter.crypt.clean"));
	RUN(&r, dir, "pmo -p CBM risk add Third probability=1 impact=1");
	EXPECT(&r, 1, "", "pmo: error: projects/CBM/risks/R-2.yaml: clean filter 'crypt' failed\n");
	th_result_free(&r);
	/* (git status fails here too, as the filter is required) */
	th_assert_sh(dir, "ls projects/CBM/risks && git ls-files -o --exclude-standard && "
		       "git diff --cached --name-only", "R-1.yaml\n");
	free(before);
	free(head);
	free(dir);
}

Test(e2e_filter, the_process_protocol_cleans_and_smudges_with_one_process)
{
	char *dir = th_demo_repo(), *script = testdata("filters/b64-process.py");
	th_result r;

	free(th_sh(dir, "git config filter.b64.process 'python3 %s .git/filter.log' && "
		     "git config filter.b64.required true && "
		     "printf 'projects/CBM/risks/*.yaml filter=b64\\n' > .gitattributes && "
		     "git add .gitattributes && git commit -q -m b64", script));
	RUN(&r, dir, "%s", secret_add);
	EXPECT(&r, 0, r.out, "");
	assert_commit_line(r.out, "risk CBM/R-1: add\n");
	th_result_free(&r);
	th_assert_sh(dir, "git cat-file -p HEAD:projects/CBM/risks/R-1.yaml | base64 -d | cmp - "
		       "projects/CBM/risks/R-1.yaml && echo same", "same\n");
	RUN(&r, dir, "pmo risk set CBM/R-1 impact=4");
	EXPECT(&r, 0, r.out, "");
	th_result_free(&r);
	/* one process per pmo run: the set checked the file and committed it */
	th_assert_sh(dir, "cat .git/filter.log",
		  "start\nclean projects/CBM/risks/R-1.yaml\n"
		  "start\nclean projects/CBM/risks/R-1.yaml\nclean projects/CBM/risks/R-1.yaml\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	assert_nowhere_in_git(dir, "Acme");
	RUN(&r, dir, "pmo risk log CBM/R-1 | grep -c 'impact: 3 → 4'");
	EXPECT(&r, 0, "1\n", "");
	th_result_free(&r);

	/* status=error from the filter: required, so refused */
	RUN(&r, dir, "pmo risk set CBM/R-1 title=FAIL");
	EXPECT(&r, 1, "", "pmo: error: projects/CBM/risks/R-1.yaml: clean filter 'b64' failed\n");
	th_result_free(&r);
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	free(script);
	free(dir);
}

Test(e2e_filter, text_attributes_apply_after_the_driver)
{
	char *dir = th_demo_repo();
	th_result r;

	/* a clean command that writes CRLF; `text` makes the blob LF, as
	 * git's convert_to_git does after the driver */
	free(th_sh(dir, "git config filter.crlf.clean \"sed 's/\\$/\\r/'\" && "
		     "printf 'projects/CBM/risks/*.yaml filter=crlf text\\n' > .gitattributes && "
		     "git add .gitattributes && git commit -q -m crlf"));
	RUN(&r, dir, "pmo -p CBM risk add Plain probability=1 impact=1");
	EXPECT(&r, 0, r.out, "");
	th_result_free(&r);
	th_assert_sh(dir, "git cat-file -p HEAD:projects/CBM/risks/R-1.yaml | cmp - "
		       "projects/CBM/risks/R-1.yaml && echo lf", "lf\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");

	/* eol=crlf alone: the file as git checks it out (CRLF) commits as LF */
	free(th_sh(dir, "printf 'projects/CBM/risks/*.yaml text eol=crlf\\n' > .gitattributes && "
		     "git add .gitattributes && git commit -q -m eol && "
		     "rm projects/CBM/risks/R-1.yaml && git checkout projects/CBM/risks/R-1.yaml"));
	th_assert_sh(dir, "f=projects/CBM/risks/R-1.yaml; "
		       "test $(tr -cd '\\r' < $f | wc -c) -eq $(wc -l < $f) && echo crlf", "crlf\n");
	RUN(&r, dir, "pmo risk set CBM/R-1 impact=2");
	EXPECT(&r, 0, r.out, "");
	assert_commit_line(r.out, "risk CBM/R-1: set impact=2\n");
	th_result_free(&r);
	th_assert_sh(dir, "git cat-file -p HEAD:projects/CBM/risks/R-1.yaml | tr -cd '\\r' | wc -c", "0\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	free(dir);
}

Test(e2e_filter, working_tree_encoding_is_refused_naming_the_attribute)
{
	char *dir = th_demo_repo(), *head;
	th_result r;

	free(th_sh(dir, "printf 'projects/CBM/risks/*.yaml working-tree-encoding=UTF-16\\n' > .gitattributes && "
		     "git add .gitattributes && git commit -q -m enc"));
	head = th_sh(dir, "git rev-parse HEAD");
	RUN(&r, dir, "pmo -p CBM risk add Plain probability=1 impact=1");
	EXPECT(&r, 1, "",
	       "pmo: error: projects/CBM/risks/R-1.yaml: working-tree-encoding=UTF-16 is not "
	       "supported by pmo (records are UTF-8); remove that attribute from .gitattributes "
	       "for this path\n");
	th_result_free(&r);
	th_assert_sh(dir, "git rev-parse HEAD", head);
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	/* UTF-8 is git's no-op */
	free(th_sh(dir, "printf 'projects/CBM/risks/*.yaml working-tree-encoding=utf-8\\n' > .gitattributes && "
		     "git add .gitattributes && git commit -q -m enc8"));
	RUN(&r, dir, "pmo -p CBM risk add Plain probability=1 impact=1");
	EXPECT(&r, 0, r.out, "");
	th_result_free(&r);
	free(head);
	free(dir);
}

/* ---- identity and environment ---- */

#define NO_IDENT_VARS \
	"env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL -u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL "

Test(e2e_filter, use_config_only_ignores_email_from_the_environment)
{
	char *dir = th_demo_repo(), *head;
	th_result r;

	free(th_sh(dir, "git config user.useConfigOnly true && git config user.name 'Config User'"));
	head = th_sh(dir, "git rev-parse HEAD");
	RUN(&r, dir, NO_IDENT_VARS "EMAIL=env@bank.example pmo -p CBM risk add A probability=1 impact=1");
	EXPECT(&r, 1, "", "pmo: error: no email was given and auto-detection is disabled\n");
	th_result_free(&r);
	/* git says the same */
	RUN(&r, dir, NO_IDENT_VARS "EMAIL=env@bank.example git commit -q --allow-empty -m x");
	cr_assert_eq(r.status, 128);
	cr_assert(strstr(r.err, "\nfatal: no email was given and auto-detection is disabled\n"), "%s", r.err);
	th_result_free(&r);
	th_assert_sh(dir, "git rev-parse HEAD", head);
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	/* the GIT_* variables still count */
	RUN(&r, dir, NO_IDENT_VARS "EMAIL=env@bank.example GIT_AUTHOR_EMAIL=a@bank.example "
		     "GIT_COMMITTER_EMAIL=c@bank.example pmo -p CBM risk add A probability=1 impact=1");
	EXPECT(&r, 0, r.out, "");
	th_result_free(&r);
	th_assert_sh(dir, "git log -1 --format='%an <%ae> %cn <%ce>'",
		  "Config User <a@bank.example> Config User <c@bank.example>\n");
	/* and so does the configuration */
	free(th_sh(dir, "git config user.email cfg@bank.example"));
	RUN(&r, dir, NO_IDENT_VARS "EMAIL=env@bank.example pmo risk set CBM/R-1 impact=2");
	EXPECT(&r, 0, r.out, "");
	th_result_free(&r);
	th_assert_sh(dir, "git log -1 --format='%ae %ce'", "cfg@bank.example cfg@bank.example\n");
	free(head);
	free(dir);
}

Test(e2e_filter, worktree_config_is_read_and_overrides_the_repository_config)
{
	char *dir = th_demo_repo();
	th_result r;

	/* git sparse-checkout sets extensions.worktreeConfig (and format 1) */
	free(th_sh(dir, "git config user.name 'Repo User' && git config user.email repo@bank.example && "
		     "git sparse-checkout set --no-cone '/*' && "
		     "git config --worktree user.email worktree@bank.example && "
		     "git config core.repositoryformatversion && git config extensions.worktreeConfig"));
	th_assert_sh(dir, "git config user.email", "worktree@bank.example\n");
	RUN(&r, dir, NO_IDENT_VARS "pmo -p CBM risk add A probability=1 impact=1");
	EXPECT(&r, 0, r.out, "");
	th_result_free(&r);
	th_assert_sh(dir, "git log -1 --format='%ae %ce'", "worktree@bank.example worktree@bank.example\n");
	RUN(&r, dir, "pmo risk list --format csv");
	EXPECT(&r, 0, r.out, "");
	th_result_free(&r);
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	free(dir);
}

Test(e2e_filter, git_dir_and_git_work_tree_choose_the_repository_as_in_git)
{
	char *dir = th_demo_repo(), *out = th_tmpdir();
	th_result r;

	/* from outside, named by the variables */
	RUN(&r, out, "GIT_DIR=%s/.git GIT_WORK_TREE=%s pmo -p CBM risk add A probability=1 impact=1",
	    dir, dir);
	EXPECT(&r, 0, r.out, "");
	th_result_free(&r);
	th_assert_sh(dir, "git log -1 --format=%s", "risk CBM/R-1: add A\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	/* GIT_DIR alone: the current directory is the worktree's top */
	RUN(&r, dir, "cd people && GIT_DIR=../.git pmo risk list");
	EXPECT(&r, 1, "", "pmo: error: not a pmo tree (no pmo.yaml here or in any parent folder); "
			  "run pmo init\n");
	th_result_free(&r);
	RUN(&r, out, "GIT_DIR=%s/.git pmo risk list", dir);
	EXPECT(&r, 1, "", "pmo: error: not a pmo tree (no pmo.yaml here or in any parent folder); "
			  "run pmo init\n");
	th_result_free(&r);
	RUN(&r, dir, "GIT_DIR=.git pmo risk list --format csv");
	EXPECT(&r, 0, r.out, "");
	cr_assert(strstr(r.out, "CBM/R-1"), "%s", r.out);
	th_result_free(&r);
	/* core.worktree, relative to the git directory */
	free(th_sh(out, "mv %s/.git repo.git && git --git-dir=repo.git config core.worktree %s", dir, dir));
	RUN(&r, out, "GIT_DIR=repo.git pmo -p CBM risk add B probability=1 impact=1");
	EXPECT(&r, 0, r.out, "");
	th_result_free(&r);
	th_assert_sh(out, "git --git-dir=repo.git log -1 --format=%s", "risk CBM/R-2: add B\n");
	th_assert_sh(out, "git --git-dir=repo.git status --porcelain --untracked-files=all", "");
	/* a GIT_DIR that is no repository */
	RUN(&r, out, "GIT_DIR=nowhere pmo risk list");
	EXPECT(&r, 1, "", "pmo: error: not a git repository: 'nowhere'\n");
	th_result_free(&r);
	free(out);
	free(dir);
}

/* ---- file modes ---- */

Test(e2e_filter, file_mode_follows_core_filemode_as_git)
{
	char *dir = th_demo_repo();
	th_result r;

	RUN(&r, dir, "pmo -p CBM risk add A probability=1 impact=1");
	EXPECT(&r, 0, r.out, "");
	th_result_free(&r);
	/* the index says 100755; the file system cannot tell (core.fileMode
	 * false, as on FAT or Windows shares): git keeps 100755 */
	free(th_sh(dir, "git update-index --chmod=+x projects/CBM/risks/R-1.yaml && "
		     "git commit -q -m 'executable' && git config core.fileMode false"));
	RUN(&r, dir, "pmo risk set CBM/R-1 impact=2");
	EXPECT(&r, 0, r.out, "");
	th_result_free(&r);
	th_assert_sh(dir, "git ls-tree HEAD projects/CBM/risks/R-1.yaml | cut -c1-6", "100755\n");
	th_assert_sh(dir, "git ls-files -s projects/CBM/risks/R-1.yaml | cut -c1-6", "100755\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	/* a new file is 100644 */
	RUN(&r, dir, "pmo -p CBM risk add B probability=1 impact=1");
	EXPECT(&r, 0, r.out, "");
	th_result_free(&r);
	th_assert_sh(dir, "git ls-tree HEAD projects/CBM/risks/R-2.yaml | cut -c1-6", "100644\n");
	free(dir);
}

/* ---- durability ---- */

/* The files and folders under .git that `pmo risk add` fsyncs, each once,
 * objects and their folders by kind. */
static char *synced(const char *dir, const char *title)
{
	return th_sh(dir,
		"ASAN_OPTIONS=detect_leaks=0 strace -f -y -e trace=fsync,fdatasync,sync_file_range "
		"-o ../strace.log pmo -p CBM risk add '%s' probability=1 impact=1 >/dev/null && "
		"grep -E '^[0-9]+ +(fsync|fdatasync|sync_file_range)\\(' ../strace.log | "
		"sed -E 's/^[0-9]+ +([a-z_]+)\\([0-9]+<([^>]*)>.*/\\1 \\2/' | "
		"sed -E 's|%s/||' | grep ' \\.git' | "
		"sed -E 's#objects/([0-9a-f]{2}/.*|tmp_object.*)$#objects/OBJECT#; s|objects/[0-9a-f]{2}$|objects/FOLDER|; "
		"s|index\\.pmo-[0-9]+|index.pmo-PID|' | sort -u", title, dir);
}

Test(e2e_filter, fsync_follows_core_fsync_as_git)
{
	char *dir = th_demo_repo(), *got;
	th_result r;

	TH_NEED(dir, "strace", "strace");
	/* git's default syncs no file a commit writes */
	got = synced(dir, "default");
	cr_assert_str_eq(got, "");
	free(got);
	/* committed: the objects and the branch, not the index */
	free(th_sh(dir, "git config core.fsync committed"));
	got = synced(dir, "committed");
	cr_assert_str_eq(got,
		"fsync .git/logs\n"
		"fsync .git/logs/HEAD\n"
		"fsync .git/logs/refs/heads\n"
		"fsync .git/logs/refs/heads/master\n"
		"fsync .git/objects/FOLDER\n"
		"fsync .git/objects/OBJECT\n"
		"fsync .git/refs/heads\n"
		"fsync .git/refs/heads/master.lock\n");
	free(got);
	/* added: and the index before its rename, then its folder */
	free(th_sh(dir, "git config core.fsync added"));
	got = synced(dir, "added");
	cr_assert_str_eq(got,
		"fsync .git\n"
		"fsync .git/index.pmo-PID\n"
		"fsync .git/logs\n"
		"fsync .git/logs/HEAD\n"
		"fsync .git/logs/refs/heads\n"
		"fsync .git/logs/refs/heads/master\n"
		"fsync .git/objects/FOLDER\n"
		"fsync .git/objects/OBJECT\n"
		"fsync .git/refs/heads\n"
		"fsync .git/refs/heads/master.lock\n");
	free(got);
	/* -x takes one from git's default, a word names every component it
	 * begins, writeout-only is sync_file_range for the index */
	free(th_sh(dir, "git config core.fsync 'index,-pack' && git config core.fsyncMethod writeout-only"));
	got = synced(dir, "index");
	cr_assert_str_eq(got, "fsync .git\nsync_file_range .git/index.pmo-PID\n");
	free(got);
	free(th_sh(dir, "git config core.fsync loose && git config --unset core.fsyncMethod"));
	got = synced(dir, "loose");
	cr_assert_str_eq(got, "fsync .git/objects/FOLDER\nfsync .git/objects/OBJECT\n");
	free(got);
	/* git's warnings, and the commit goes on */
	free(th_sh(dir, "git config core.fsync 'none,bogus'"));
	RUN(&r, dir, "pmo -p CBM risk add warned probability=1 impact=1");
	EXPECT(&r, 0, r.out, "pmo: warning: ignoring unknown core.fsync component 'none'\n"
			     "pmo: warning: ignoring unknown core.fsync component 'bogus'\n");
	th_result_free(&r);
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	free(dir);
}

/* The record itself, whatever core.fsync says (it covers .git): its
 * temporary file is synced before the rename and its folder after it, so
 * a crash cannot bring back the old bytes under the new name. */
Test(e2e_filter, the_record_and_its_folder_are_synced)
{
	char *dir = th_demo_repo();

	TH_NEED(dir, "strace", "strace");
	th_assert_sh(dir,
		"ASAN_OPTIONS=detect_leaks=0 strace -f -y -e trace=fsync,renameat,renameat2 -o ../strace.log "
		"pmo -p CBM risk add 落盘 probability=1 impact=1 >/dev/null && "
		"grep -E '^[0-9]+ +(fsync|renameat2?)\\(' ../strace.log | grep 'risks' | "
		"sed -E 's/^[0-9]+ +(fsync|renameat2?)\\([0-9]+<[^>]*(projects[^>]*)>.*/\\1 \\2/; "
		"s/\\.pmo-[A-Za-z0-9]+/.pmo-XXX/'",
		"fsync projects/CBM/risks/.R-1.yaml.pmo-XXX\n"
		"renameat projects/CBM/risks\n"
		"fsync projects/CBM/risks\n");
	free(dir);
}
