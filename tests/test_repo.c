/* Tests of lib/repo: opening, state checks, identity, committing exactly
 * some paths, reading sources and the history of a file. git is the oracle. */
#define _GNU_SOURCE /* asprintf */
#include <criterion/criterion.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"
#include "repo/branch.h"
#include "repo/git.h"
#include "repo/message.h"
#include "util/error.h"

/* Run a shell command in cwd; assert it succeeds; return its stdout. */
__attribute__((format(printf, 2, 3)))
static char *sh(const char *cwd, const char *fmt, ...)
{
	th_result r;
	char *cmd, *out;
	va_list ap;

	va_start(ap, fmt);
	cr_assert(vasprintf(&cmd, fmt, ap) >= 0);
	va_end(ap);
	th_run(&r, cwd, NULL, "%s", cmd);
	cr_assert_eq(r.status, 0, "`%s` failed (%d): %s", cmd, r.status, r.err);
	out = r.out;
	r.out = NULL;
	th_result_free(&r);
	free(cmd);
	return out;
}

/* Like sh, for commands whose output does not matter. */
#define SH(cwd, ...) free(sh(cwd, __VA_ARGS__))

static const char *errmsg(void)
{
	const pmo_error *e = pmo_error_last();
	return e && e->message ? e->message : "(no error set)";
}

static char *real(const char *dir)
{
	char *r = realpath(dir, NULL), *s;

	cr_assert(r != NULL);
	cr_assert(asprintf(&s, "%s/", r) >= 0);
	free(r);
	return s;
}

static char *path2(const char *a, const char *b)
{
	char *s;
	cr_assert(asprintf(&s, "%s/%s", a, b) >= 0);
	return s;
}

/* A repository on branch main with pmo.yaml and two records committed. */
static char *repo_with_files(void)
{
	char *dir = th_tmpdir();

	SH(dir, "git init -q -b main . && mkdir -p people projects/CBM/risks && "
		"printf 'name: 测试\\n' > pmo.yaml && printf 'handle: a\\n' > people/a.yaml && "
		"printf 'id: R-1\\nimpact: 5\\n' > projects/CBM/risks/R-1.yaml && "
		"git add . && git commit -q -m init");
	return dir;
}

static pmo_repo *open_ok(const char *dir, unsigned flags)
{
	pmo_repo *repo = NULL;
	int rc = pmo_repo_open(&repo, dir, flags);

	cr_assert_eq(rc, 0, "open %s: %s", dir, errmsg());
	cr_assert_not_null(repo);
	return repo;
}

/* ---- open / init ---- */

Test(repo, open_discovers_repository_from_subfolder)
{
	char *dir = repo_with_files(), *sub = path2(dir, "projects/CBM/risks"), *rd = real(dir);
	pmo_repo *repo = open_ok(sub, PMO_REPO_NEED_TREE);

	cr_assert_str_eq(pmo_repo_workdir(repo), rd);
	cr_assert_str_eq(pmo_repo_root(repo), rd);
	cr_assert_str_eq(pmo_repo_prefix(repo), "");
	cr_assert(pmo_repo_has_tree(repo));
	cr_assert_not(pmo_repo_is_bare(repo));
	cr_assert_not_null(pmo_repo_git(repo));
	pmo_repo_free(repo);
	free(dir);
	free(sub);
	free(rd);
}

Test(repo, open_finds_pmo_tree_in_subfolder_with_prefix)
{
	char *dir = th_tmpdir(), *sub = path2(dir, "org/pmo/projects"), *root, *rd = real(dir);
	pmo_repo *repo;

	SH(dir, "git init -q -b main . && mkdir -p org/pmo/projects && touch org/pmo/pmo.yaml");
	repo = open_ok(sub, PMO_REPO_NEED_TREE);
	cr_assert_str_eq(pmo_repo_prefix(repo), "org/pmo/");
	cr_assert(asprintf(&root, "%sorg/pmo/", rd) >= 0);
	cr_assert_str_eq(pmo_repo_root(repo), root);
	cr_assert_str_eq(pmo_repo_workdir(repo), rd);
	pmo_repo_free(repo);
	free(dir);
	free(sub);
	free(root);
	free(rd);
}

Test(repo, open_does_not_look_above_the_worktree)
{
	char *dir = th_tmpdir(), *inner = path2(dir, "inner");
	pmo_repo *repo = NULL;
	int rc;

	/* pmo.yaml above the repository's root belongs to no tree of it */
	SH(dir, "touch pmo.yaml && mkdir inner && cd inner && git init -q -b main .");
	rc = pmo_repo_open(&repo, inner, PMO_REPO_NEED_TREE);
	cr_assert_eq(rc, PMO_ENOTFOUND);
	cr_assert_null(repo);
	cr_assert_str_eq(errmsg(),
		"not a pmo tree (no pmo.yaml here or in any parent folder); run pmo init");
	free(dir);
	free(inner);
}

Test(repo, open_without_tree_is_fine_unless_needed)
{
	char *dir = th_tmpdir();
	pmo_repo *repo;

	SH(dir, "git init -q -b main .");
	repo = open_ok(dir, 0);
	cr_assert_not(pmo_repo_has_tree(repo));
	cr_assert_str_eq(pmo_repo_prefix(repo), "");
	pmo_repo_free(repo);
	free(dir);
}

Test(repo, open_outside_any_repository_fails)
{
	char *dir = th_tmpdir(), *rd = real(dir), *want;
	pmo_repo *repo = NULL;

	rd[strlen(rd) - 1] = '\0';
	cr_assert(asprintf(&want, "not a git repository (or any parent): %s", rd) >= 0);
	cr_assert_eq(pmo_repo_open(&repo, dir, 0), PMO_ENOTFOUND);
	cr_assert_null(repo);
	cr_assert_str_eq(errmsg(), want);
	free(dir);
	free(rd);
	free(want);
}

Test(repo, open_bare_repository_finds_tree_in_head)
{
	char *dir = repo_with_files(), *b = th_tmpdir(), *bare = path2(b, "bare.git");
	pmo_repo *repo;

	SH(dir, "git clone -q --bare . %s", bare);
	repo = open_ok(bare, PMO_REPO_NEED_TREE);
	cr_assert(pmo_repo_is_bare(repo));
	cr_assert_null(pmo_repo_workdir(repo));
	cr_assert_null(pmo_repo_root(repo));
	cr_assert_str_eq(pmo_repo_prefix(repo), "");
	cr_assert(pmo_repo_has_tree(repo));
	pmo_repo_free(repo);
	free(dir);
	free(b);
	free(bare);
}

Test(repo, open_bare_with_unborn_head_has_no_tree)
{
	char *dir = th_tmpdir();
	pmo_repo *repo;

	SH(dir, "git init -q --bare -b main .");
	repo = open_ok(dir, 0);
	cr_assert(pmo_repo_is_bare(repo));
	cr_assert_not(pmo_repo_has_tree(repo));
	pmo_repo_free(repo);
	repo = NULL;
	cr_assert_eq(pmo_repo_open(&repo, dir, PMO_REPO_NEED_TREE), PMO_ENOTFOUND);
	free(dir);
}

Test(repo, open_from_env_uses_git_dir)
{
	char *dir = repo_with_files(), *b = th_tmpdir(), *bare = path2(b, "bare.git");
	pmo_repo *repo;

	SH(dir, "git clone -q --bare . %s", bare);
	setenv("GIT_DIR", bare, 1);
	repo = open_ok(b, PMO_REPO_FROM_ENV | PMO_REPO_NEED_TREE);
	unsetenv("GIT_DIR");
	cr_assert(pmo_repo_is_bare(repo));
	cr_assert(pmo_repo_has_tree(repo));
	pmo_repo_free(repo);
	free(dir);
	free(b);
	free(bare);
}

Test(repo, open_repository_of_another_user_explains_safe_directory)
{
	char *dir = repo_with_files();
	pmo_repo *repo = NULL;
	int rc;

	if (geteuid() != 0)
		cr_skip_test("needs root to give the repository to another user");
	SH(dir, "chown -R nobody .");
	rc = pmo_repo_open(&repo, dir, 0);
	SH(dir, "chown -R root .");
	cr_assert_lt(rc, 0);
	cr_assert_null(repo);
	cr_assert(strstr(errmsg(), "dubious ownership") != NULL, "%s", errmsg());
	cr_assert(strstr(errmsg(), "git config --global --add safe.directory ") != NULL, "%s", errmsg());
	free(dir);
}

Test(repo, init_creates_a_repository_on_main)
{
	char *dir = th_tmpdir(), *sub = path2(dir, "new/portfolio"), *out, *rd;
	pmo_repo *repo = NULL;

	cr_assert_eq(pmo_repo_init(&repo, sub), 0, "%s", errmsg());
	rd = real(sub);
	cr_assert_str_eq(pmo_repo_workdir(repo), rd);
	cr_assert_not(pmo_repo_has_tree(repo));
	out = sh(sub, "git symbolic-ref HEAD");
	cr_assert_str_eq(out, "refs/heads/main\n");
	pmo_repo_free(repo);
	free(out);
	free(dir);
	free(sub);
	free(rd);
}

Test(repo, init_uses_init_default_branch)
{
	char *dir = th_tmpdir(), *out;
	pmo_repo *repo = NULL;

	SH(dir, "git config --global init.defaultBranch trunk");
	cr_assert_eq(pmo_repo_init(&repo, dir), 0, "%s", errmsg());
	out = sh(dir, "git symbolic-ref HEAD");
	cr_assert_str_eq(out, "refs/heads/trunk\n");
	pmo_repo_free(repo);
	free(out);
	free(dir);
}

Test(repo, init_inside_a_repository_opens_it)
{
	char *dir = th_tmpdir(), *sub = path2(dir, "pmo"), *git = path2(dir, "pmo/.git");
	char *rd = real(dir);
	pmo_repo *repo = NULL;

	SH(dir, "git init -q -b main . && mkdir pmo"); /* no commit yet */
	cr_assert_eq(pmo_repo_init(&repo, sub), 0, "%s", errmsg());
	cr_assert_str_eq(pmo_repo_workdir(repo), rd);
	cr_assert_not(access(git, F_OK) == 0, "a nested repository was created");
	cr_assert_eq(pmo_repo_set_root(repo, sub), 0, "%s", errmsg());
	cr_assert_str_eq(pmo_repo_prefix(repo), "pmo/");
	cr_assert_not(pmo_repo_has_tree(repo));
	pmo_repo_free(repo);
	free(dir);
	free(sub);
	free(git);
	free(rd);
}

/* ---- check_mutable ---- */

Test(repo, check_mutable_accepts_a_branch)
{
	char *dir = repo_with_files();
	pmo_repo *repo = open_ok(dir, 0);

	cr_assert_eq(pmo_repo_check_mutable(repo), 0, "%s", errmsg());
	pmo_repo_free(repo);
	free(dir);
}

Test(repo, check_mutable_refuses_bare)
{
	char *dir = th_tmpdir();
	pmo_repo *repo;

	SH(dir, "git init -q --bare .");
	repo = open_ok(dir, 0);
	cr_assert_eq(pmo_repo_check_mutable(repo), PMO_ECONFLICT);
	cr_assert_str_eq(errmsg(), "cannot change a bare repository; clone it and work in the clone");
	pmo_repo_free(repo);
	free(dir);
}

Test(repo, check_mutable_refuses_detached_head)
{
	char *dir = repo_with_files();
	pmo_repo *repo;

	SH(dir, "git checkout -q --detach");
	repo = open_ok(dir, 0);
	cr_assert_eq(pmo_repo_check_mutable(repo), PMO_ECONFLICT);
	cr_assert_str_eq(errmsg(), "HEAD is detached; check out a branch first (git switch BRANCH)");
	pmo_repo_free(repo);
	free(dir);
}

/* Two branches that change the same line of people/a.yaml. */
static char *diverged_repo(void)
{
	char *dir = repo_with_files();

	SH(dir, "git checkout -q -b side && echo side > people/a.yaml && git commit -q -am side && "
		"git checkout -q main && echo main > people/a.yaml && git commit -q -am main");
	return dir;
}

Test(repo, check_mutable_refuses_mid_merge)
{
	char *dir = diverged_repo();
	pmo_repo *repo;
	th_result r;

	th_run(&r, dir, NULL, "git merge side");
	cr_assert_neq(r.status, 0, "the merge should conflict");
	th_result_free(&r);
	repo = open_ok(dir, 0);
	cr_assert_eq(pmo_repo_check_mutable(repo), PMO_ECONFLICT);
	cr_assert_str_eq(errmsg(),
		"a merge is in progress; finish or abort it first (git merge --continue / --abort)");
	pmo_repo_free(repo);
	free(dir);
}

Test(repo, check_mutable_refuses_mid_rebase)
{
	char *dir = diverged_repo();
	pmo_repo *repo;
	th_result r;

	th_run(&r, dir, NULL, "git rebase side");
	cr_assert_neq(r.status, 0, "the rebase should conflict");
	th_result_free(&r);
	repo = open_ok(dir, 0);
	cr_assert_eq(pmo_repo_check_mutable(repo), PMO_ECONFLICT);
	cr_assert_str_eq(errmsg(),
		"a rebase is in progress; finish or abort it first (git rebase --continue / --abort)");
	pmo_repo_free(repo);
	free(dir);
}

Test(repo, check_mutable_refuses_mid_cherry_pick)
{
	char *dir = diverged_repo();
	pmo_repo *repo;
	th_result r;

	th_run(&r, dir, NULL, "git cherry-pick side");
	cr_assert_neq(r.status, 0, "the cherry-pick should conflict");
	th_result_free(&r);
	repo = open_ok(dir, 0);
	cr_assert_eq(pmo_repo_check_mutable(repo), PMO_ECONFLICT);
	cr_assert(strstr(errmsg(), "a cherry-pick is in progress") != NULL, "%s", errmsg());
	pmo_repo_free(repo);
	free(dir);
}

/* ---- lock ---- */

Test(repo, lock_excludes_another_process)
{
	char *dir = repo_with_files();
	pmo_repo *repo = open_ok(dir, 0);
	th_result r;

	cr_assert_eq(pmo_repo_lock(repo), 0, "%s", errmsg());
	cr_assert_eq(pmo_repo_lock(repo), 0, "taking the lock twice must not deadlock");
	th_run(&r, dir, NULL, "flock -n .git/pmo.lock true");
	cr_assert_neq(r.status, 0, "the lock should be held");
	th_result_free(&r);
	pmo_repo_free(repo);
	th_run(&r, dir, NULL, "flock -n .git/pmo.lock true");
	cr_assert_eq(r.status, 0, "the lock should be released by pmo_repo_free");
	th_result_free(&r);
	free(dir);
}

/* ---- check_clean ---- */

Test(repo, check_clean_accepts_committed_and_absent_paths)
{
	char *dir = repo_with_files();
	pmo_repo *repo = open_ok(dir, 0);
	const char *paths[] = { "pmo.yaml", "people/a.yaml", "projects/CBM/risks/R-9.yaml" };

	cr_assert_eq(pmo_repo_check_clean(repo, paths, 3), 0, "%s", errmsg());
	pmo_repo_free(repo);
	free(dir);
}

Test(repo, check_clean_refuses_unstaged_edit_of_the_path_only)
{
	char *dir = repo_with_files();
	pmo_repo *repo = open_ok(dir, 0);
	const char *other[] = { "pmo.yaml" }, *edited[] = { "pmo.yaml", "people/a.yaml" };

	SH(dir, "echo changed >> people/a.yaml");
	cr_assert_eq(chdir(dir), 0);
	cr_assert_eq(pmo_repo_check_clean(repo, other, 1), 0, "%s", errmsg());
	cr_assert_eq(pmo_repo_check_clean(repo, edited, 2), PMO_ECONFLICT);
	cr_assert_str_eq(errmsg(),
		"people/a.yaml has uncommitted changes; commit or stash them first");
	pmo_repo_free(repo);
	free(dir);
}

Test(repo, check_clean_refuses_staged_edit_even_when_worktree_matches_head)
{
	char *dir = repo_with_files(), *sub = path2(dir, "projects/CBM");
	pmo_repo *repo = open_ok(dir, 0);
	const char *path[] = { "projects/CBM/risks/R-1.yaml" }, *other[] = { "people/a.yaml" };

	/* staged change, then the worktree put back as HEAD has it */
	SH(dir, "cp projects/CBM/risks/R-1.yaml /tmp/pmo-r1-$$ && echo x >> projects/CBM/risks/R-1.yaml && "
		"git add projects/CBM/risks/R-1.yaml && mv /tmp/pmo-r1-$$ projects/CBM/risks/R-1.yaml");
	cr_assert_eq(pmo_repo_check_clean(repo, other, 1), 0, "%s", errmsg());
	cr_assert_eq(chdir(sub), 0);
	cr_assert_eq(pmo_repo_check_clean(repo, path, 1), PMO_ECONFLICT);
	/* the path as the user sees it from projects/CBM */
	cr_assert_str_eq(errmsg(), "risks/R-1.yaml has uncommitted changes; commit or stash them first");
	pmo_repo_free(repo);
	free(dir);
	free(sub);
}

Test(repo, check_clean_refuses_untracked_and_deleted_files)
{
	char *dir = repo_with_files();
	pmo_repo *repo = open_ok(dir, 0);
	const char *untracked[] = { "people/new.yaml" }, *deleted[] = { "people/a.yaml" };

	SH(dir, "echo x > people/new.yaml && git rm -q --cached people/a.yaml");
	cr_assert_eq(chdir(dir), 0);
	cr_assert_eq(pmo_repo_check_clean(repo, untracked, 1), PMO_ECONFLICT);
	cr_assert_eq(pmo_repo_check_clean(repo, deleted, 1), PMO_ECONFLICT);
	pmo_repo_free(repo);
	free(dir);
}

/* ---- signatures ---- */

static void assert_sig_matches_git(const git_signature *sig, const char *dir, const char *var)
{
	char *ident = sh(dir, "git var %s", var), *want;

	cr_assert(asprintf(&want, "%s <%s> %lld %c%02d%02d\n", sig->name, sig->email,
			   (long long)sig->when.time, sig->when.offset < 0 ? '-' : '+',
			   abs(sig->when.offset) / 60, abs(sig->when.offset) % 60) >= 0);
	cr_assert_str_eq(want, ident);
	free(ident);
	free(want);
}

Test(repo, signatures_read_env_dates_in_every_git_format)
{
	static const char *const dates[] = {
		"2027-01-04T09:00:00+08:00", "2027-01-04 09:00:00 +0800",
		"Mon, 4 Jan 2027 09:00:00 +0800", "@1767488400 +0800", "1767488400 +0800",
		"2027-01-04T01:00:00Z", "2027-01-04T09:00:00.250-05:30",
	};
	char *dir = repo_with_files();
	pmo_repo *repo = open_ok(dir, 0);
	git_signature *a, *c;
	size_t k;

	for (k = 0; k < sizeof(dates) / sizeof(*dates); k++) {
		setenv("GIT_AUTHOR_DATE", dates[k], 1);
		setenv("GIT_COMMITTER_DATE", dates[k], 1);
		setenv("GIT_COMMITTER_NAME", "赵敏", 1);
		cr_assert_eq(pmo_repo_signatures(&a, &c, repo), 0, "%s: %s", dates[k], errmsg());
		cr_assert_str_eq(a->name, "王丽");
		cr_assert_str_eq(c->name, "赵敏");
		assert_sig_matches_git(a, dir, "GIT_AUTHOR_IDENT");
		assert_sig_matches_git(c, dir, "GIT_COMMITTER_IDENT");
		git_signature_free(a);
		git_signature_free(c);
	}
	setenv("GIT_AUTHOR_DATE", dates[0], 1);
	cr_assert_eq(pmo_repo_signatures(&a, &c, repo), 0);
	cr_assert_eq(a->when.time, 1799024400);
	cr_assert_eq(a->when.offset, 480);
	git_signature_free(a);
	git_signature_free(c);
	pmo_repo_free(repo);
	free(dir);
}

Test(repo, signatures_refuse_a_bad_date_naming_the_variable)
{
	char *dir = repo_with_files();
	pmo_repo *repo = open_ok(dir, 0);
	git_signature *a = NULL, *c = NULL;

	setenv("GIT_COMMITTER_DATE", "2027-02-30 09:00:00 +0800", 1);
	cr_assert_eq(pmo_repo_signatures(&a, &c, repo), PMO_EINVALID);
	cr_assert(strncmp(errmsg(), "GIT_COMMITTER_DATE: invalid date \"2027-02-30 09:00:00 +0800\"",
			  60) == 0, "%s", errmsg());
	cr_assert_null(a);
	setenv("GIT_COMMITTER_DATE", "yesterday-ish", 1);
	cr_assert_eq(pmo_repo_signatures(&a, &c, repo), PMO_EINVALID);
	pmo_repo_free(repo);
	free(dir);
}

static void unset_identity(void)
{
	unsetenv("GIT_AUTHOR_NAME");
	unsetenv("GIT_AUTHOR_EMAIL");
	unsetenv("GIT_AUTHOR_DATE");
	unsetenv("GIT_COMMITTER_NAME");
	unsetenv("GIT_COMMITTER_EMAIL");
	unsetenv("GIT_COMMITTER_DATE");
	unsetenv("EMAIL");
}

Test(repo, signatures_come_from_config)
{
	char *dir = repo_with_files();
	pmo_repo *repo = open_ok(dir, 0);
	git_signature *a, *c;
	time_t before = time(NULL);

	unset_identity();
	SH(dir, "git config --global user.name 'Global Name' && git config --global user.email g@x && "
		"git config user.email local@x && git config committer.name 'Committer Name'");
	cr_assert_eq(pmo_repo_signatures(&a, &c, repo), 0, "%s", errmsg());
	cr_assert_str_eq(a->name, "Global Name");
	cr_assert_str_eq(a->email, "local@x");
	cr_assert_str_eq(c->name, "Committer Name");
	cr_assert_str_eq(c->email, "local@x");
	cr_assert_geq(a->when.time, before);
	cr_assert_leq(a->when.time, time(NULL));
	git_signature_free(a);
	git_signature_free(c);
	pmo_repo_free(repo);
	free(dir);
}

Test(repo, signatures_missing_identity_gives_git_advice)
{
	char *dir = repo_with_files();
	pmo_repo *repo = open_ok(dir, 0);
	git_signature *a = NULL, *c = NULL;

	unset_identity();
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	cr_assert_eq(pmo_repo_signatures(&a, &c, repo), PMO_EINVALID);
	cr_assert_str_eq(errmsg(),
		"no author identity; set it with: git config --global user.name \"Your Name\" && "
		"git config --global user.email you@example.com (or GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL)");
	cr_assert_null(a);
	cr_assert_null(c);
	pmo_repo_free(repo);
	free(dir);
}

/* ---- commit ---- */

static git_oid commit_ok(pmo_repo *repo, const char *const *paths, size_t n, const char *msg)
{
	git_oid id;
	int rc = pmo_repo_commit(&id, repo, paths, n, msg);

	cr_assert_eq(rc, 0, "commit: %s", errmsg());
	return id;
}

static void assert_fsck_clean(const char *dir)
{
	th_result r;

	th_run(&r, dir, NULL, "git fsck --no-dangling --strict");
	cr_assert_eq(r.status, 0, "git fsck: %s%s", r.out, r.err);
	cr_assert_str_eq(r.err, "", "git fsck: %s", r.err);
	th_result_free(&r);
}

Test(repo, commit_holds_exactly_the_paths_and_leaves_other_work_alone)
{
	char *dir = repo_with_files(), *before, *after, *names, *status, *head, *log, *reflog;
	const char *paths[] = { "projects/CBM/risks/R-2.yaml", "projects/CBM/risks/R-1.yaml",
				"people/a.yaml" };
	pmo_repo *repo;
	git_oid id;
	char hex[GIT_OID_HEXSZ + 1];

	/* the user's own work: staged, unstaged and untracked */
	SH(dir, "printf 'x: 1\\n' > staged.yaml && git add staged.yaml && "
		"echo '# mine' >> pmo.yaml && echo scratch > notes.txt");
	before = sh(dir, "git status --porcelain");
	/* pmo's changes: a new, a changed and a deleted file */
	SH(dir, "printf 'id: R-2\\n' > projects/CBM/risks/R-2.yaml && "
		"printf 'id: R-1\\nimpact: 3\\n' > projects/CBM/risks/R-1.yaml && rm people/a.yaml");
	repo = open_ok(dir, PMO_REPO_NEED_TREE);
	id = commit_ok(repo, paths, 3, "risk CBM/R-2: add \"数据迁移\"\n\nPmo-Command: risk add");
	git_oid_tostr(hex, sizeof(hex), &id);
	head = sh(dir, "git rev-parse HEAD");
	cr_assert(strncmp(head, hex, GIT_OID_HEXSZ) == 0, "%s vs %s", head, hex);
	names = sh(dir, "git show --name-status --format= HEAD");
	cr_assert_str_eq(names, "D\tpeople/a.yaml\nM\tprojects/CBM/risks/R-1.yaml\n"
				"A\tprojects/CBM/risks/R-2.yaml\n");
	log = sh(dir, "git log -1 --format='%%an <%%ae>|%%ad|%%B' --date=raw");
	cr_assert_str_eq(log, "王丽 <wang.li@bank.example>|1799024400 +0800|"
			      "risk CBM/R-2: add \"数据迁移\"\n\nPmo-Command: risk add\n\n");
	reflog = sh(dir, "git reflog -1 --format=%%gs HEAD && git reflog -1 --format=%%gs main");
	cr_assert_str_eq(reflog, "commit: risk CBM/R-2: add \"数据迁移\"\n"
				 "commit: risk CBM/R-2: add \"数据迁移\"\n");
	after = sh(dir, "git status --porcelain");
	cr_assert_str_eq(after, before);
	status = sh(dir, "git status --porcelain -- people projects");
	cr_assert_str_eq(status, "");
	assert_fsck_clean(dir);
	pmo_repo_free(repo);
	free(dir);
	free(before);
	free(after);
	free(names);
	free(status);
	free(head);
	free(log);
	free(reflog);
}

Test(repo, commit_on_unborn_branch_makes_a_root_commit)
{
	char *dir = th_tmpdir(), *names, *parents, *status, *reflog;
	const char *paths[] = { "pmo.yaml" };
	pmo_repo *repo;

	SH(dir, "git init -q -b main . && echo 'name: x' > pmo.yaml && echo other > other.txt");
	repo = open_ok(dir, PMO_REPO_NEED_TREE);
	commit_ok(repo, paths, 1, "init");
	names = sh(dir, "git show --name-status --format= HEAD");
	cr_assert_str_eq(names, "A\tpmo.yaml\n");
	parents = sh(dir, "git rev-list --parents HEAD | wc -w");
	cr_assert_str_eq(parents, "1\n");
	status = sh(dir, "git status --porcelain");
	cr_assert_str_eq(status, "?? other.txt\n");
	reflog = sh(dir, "git reflog -1 --format=%%gs");
	cr_assert_str_eq(reflog, "commit (initial): init\n");
	assert_fsck_clean(dir);
	pmo_repo_free(repo);
	free(dir);
	free(names);
	free(parents);
	free(status);
	free(reflog);
}

Test(repo, commit_in_a_subfolder_tree_maps_paths_with_the_prefix)
{
	char *dir = th_tmpdir(), *sub = path2(dir, "pmo/people"), *names, *status;
	const char *paths[] = { "people/b.yaml" };
	pmo_repo *repo;

	SH(dir, "git init -q -b main . && mkdir -p pmo/people && touch pmo/pmo.yaml README && "
		"git add . && git commit -q -m init && echo 'handle: b' > pmo/people/b.yaml");
	repo = open_ok(sub, PMO_REPO_NEED_TREE);
	commit_ok(repo, paths, 1, "person b: add");
	names = sh(dir, "git show --name-status --format= HEAD");
	cr_assert_str_eq(names, "A\tpmo/people/b.yaml\n");
	status = sh(dir, "git status --porcelain");
	cr_assert_str_eq(status, "");
	assert_fsck_clean(dir);
	pmo_repo_free(repo);
	free(dir);
	free(sub);
	free(names);
	free(status);
}

Test(repo, commit_of_unchanged_paths_makes_no_commit)
{
	char *dir = repo_with_files(), *before, *after;
	const char *paths[] = { "pmo.yaml", "people/none.yaml" };
	pmo_repo *repo = open_ok(dir, 0);
	git_oid id, zero;

	before = sh(dir, "git rev-parse HEAD");
	cr_assert_eq(pmo_repo_commit(&id, repo, paths, 2, "nothing"), 0, "%s", errmsg());
	memset(&zero, 0, sizeof(zero));
	cr_assert(git_oid_equal(&id, &zero));
	after = sh(dir, "git rev-parse HEAD");
	cr_assert_str_eq(after, before);
	pmo_repo_free(repo);
	free(dir);
	free(before);
	free(after);
}

Test(repo, commit_refuses_paths_outside_the_repository)
{
	char *dir = repo_with_files(), *before, *after;
	const char *up[] = { "../x.yaml" }, *git[] = { ".git/config" };
	pmo_repo *repo = open_ok(dir, 0);

	before = sh(dir, "git rev-parse HEAD");
	cr_assert_eq(pmo_repo_commit(NULL, repo, up, 1, "bad"), PMO_EINVALID);
	cr_assert_eq(pmo_repo_commit(NULL, repo, git, 1, "bad"), PMO_EINVALID);
	after = sh(dir, "git rev-parse HEAD");
	cr_assert_str_eq(after, before);
	pmo_repo_free(repo);
	free(dir);
	free(before);
	free(after);
}

Test(repo, commit_keeps_every_commit_of_racing_processes)
{
	enum { PROCS = 4, EACH = 10 };
	char *dir = repo_with_files(), *count, *files, *status;
	pid_t pids[PROCS];
	int p, k, st;

	for (p = 0; p < PROCS; p++) {
		pids[p] = fork();
		cr_assert_geq(pids[p], 0);
		if (pids[p] == 0) {
			for (k = 0; k < EACH; k++) {
				pmo_repo *repo = NULL;
				char rel[64], *abs;
				const char *paths[1] = { rel };
				FILE *f;

				snprintf(rel, sizeof(rel), "people/p%d-%d.yaml", p, k);
				if (pmo_repo_open(&repo, dir, 0) < 0 || pmo_repo_lock(repo) < 0)
					_exit(2);
				abs = path2(dir, rel);
				if (!(f = fopen(abs, "w")) || fprintf(f, "n: %d\n", k) < 0 || fclose(f))
					_exit(3);
				free(abs);
				if (pmo_repo_commit(NULL, repo, paths, 1, rel) < 0)
					_exit(4);
				pmo_repo_free(repo);
			}
			_exit(0);
		}
	}
	for (p = 0; p < PROCS; p++) {
		cr_assert_eq(waitpid(pids[p], &st, 0), pids[p]);
		cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child %d failed: %d", p, st);
	}
	count = sh(dir, "git rev-list --count HEAD");
	cr_assert_str_eq(count, "41\n");
	files = sh(dir, "git ls-tree --name-only HEAD people/ | grep -c 'people/p'");
	cr_assert_str_eq(files, "40\n");
	status = sh(dir, "git status --porcelain");
	cr_assert_str_eq(status, "");
	assert_fsck_clean(dir);
	free(dir);
	free(count);
	free(files);
	free(status);
}

/* A shell loop that commits n files with git, retrying while locked out. */
static void git_committer(const char *dir, int plumbing, int n)
{
	th_result r;

	if (plumbing) /* like a push landing: the branch moves, the index stays */
		th_run(&r, dir, NULL,
		       "for i in $(seq 1 %d); do "
		       "until p=$(git rev-parse main) && c=$(git commit-tree $p^{tree} -p $p -m u$i) && "
		       "git update-ref refs/heads/main $c $p 2>/dev/null; do :; done; done", n);
	else
		th_run(&r, dir, NULL,
		       "for i in $(seq 1 %d); do echo $i > g$i.txt; "
		       "until git add g$i.txt 2>/dev/null && git commit -q -m g$i 2>/dev/null; "
		       "do sleep 0.005; done; done", n);
	_exit(r.status);
}

/* Two pmo processes (without the pmo lock) commit 15 files each while git
 * commits 15 of its own; no commit may be lost. */
static void race_with_git(int plumbing)
{
	enum { PROCS = 2, EACH = 15, GITS = 15 };
	char *dir = repo_with_files(), *count, *files, *gitfiles, *status;
	pid_t pids[PROCS + 1];
	int p, k, st;

	for (p = 0; p < PROCS + 1; p++) {
		pids[p] = fork();
		cr_assert_geq(pids[p], 0);
		if (pids[p] == 0 && p == PROCS)
			git_committer(dir, plumbing, plumbing ? 40 : GITS);
		if (pids[p] == 0) {
			pmo_repo *repo = NULL;
			if (pmo_repo_open(&repo, dir, 0) < 0)
				_exit(2);
			for (k = 0; k < EACH; k++) {
				char rel[64], *abs;
				const char *paths[1] = { rel };
				FILE *f;

				snprintf(rel, sizeof(rel), "people/q%d-%d.yaml", p, k);
				abs = path2(dir, rel);
				if (!(f = fopen(abs, "w")) || fprintf(f, "n: %d\n", k) < 0 || fclose(f))
					_exit(3);
				free(abs);
				if (pmo_repo_commit(NULL, repo, paths, 1, rel) < 0)
					_exit(4);
			}
			pmo_repo_free(repo);
			_exit(0);
		}
	}
	for (p = 0; p < PROCS + 1; p++) {
		cr_assert_eq(waitpid(pids[p], &st, 0), pids[p]);
		cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child %d failed: %d", p, st);
	}
	gitfiles = sh(dir, "git log --format=%%s | grep -c '^[gu][0-9]'");
	cr_assert_str_eq(gitfiles, plumbing ? "40\n" : "15\n");
	count = sh(dir, "git rev-list --count HEAD");
	cr_assert_str_eq(count, plumbing ? "71\n" : "46\n");
	if (plumbing) {
		files = sh(dir, "git ls-tree --name-only HEAD people/ | grep -c 'people/q'");
		cr_assert_str_eq(files, "30\n");
		status = sh(dir, "git status --porcelain");
		cr_assert_str_eq(status, "");
	} else {
		/* git commit reads the index before it locks it (README, Git):
		 * one that starts between pmo's branch update and its index
		 * update commits the older index, so a file pmo committed can
		 * leave the tree again. Nothing is lost even then: pmo's commit
		 * is in the history and the file is in the worktree, which git
		 * status shows as untracked; nothing else may differ. */
		files = sh(dir, "{ git ls-tree --name-only HEAD people/; "
			   "git status --porcelain --untracked-files=all | sed -n 's/^?? //p'; } | "
			   "grep -c 'people/q'");
		cr_assert_str_eq(files, "30\n");
		status = sh(dir, "git status --porcelain --untracked-files=all | grep -v '^?? people/q' || true");
		cr_assert_str_eq(status, "");
		free(files);
		files = sh(dir, "git log --format=%%s | grep -c '^people/q'");
		cr_assert_str_eq(files, "30\n");
	}
	assert_fsck_clean(dir);
	free(dir);
	free(count);
	free(files);
	free(gitfiles);
	free(status);
}

Test(repo, commit_waits_for_git_commit_holding_the_index)
{
	race_with_git(0);
}

Test(repo, commit_retries_when_the_branch_moves_under_it)
{
	race_with_git(1);
}

/* ---- sources ---- */

Test(repo, source_reads_lists_and_displays_the_worktree)
{
	char *dir = repo_with_files(), *sub = path2(dir, "projects/CBM"), *shown;
	pmo_repo *repo = open_ok(dir, 0);
	pmo_source *src = NULL;
	pmo_buf b = PMO_BUF_INIT;
	char **names = NULL;

	SH(dir, "printf 'id: R-1\\nimpact: 4\\n' > projects/CBM/risks/R-1.yaml && "
		"touch projects/CBM/risks/R-10.yaml projects/CBM/risks/R-2.yaml && "
		"mkdir projects/CBM/risks/sub");
	cr_assert_eq(pmo_source_open(&src, repo, NULL), 0, "%s", errmsg());
	cr_assert_eq(pmo_source_read(&b, src, "projects/CBM/risks/R-1.yaml", 0), 0, "%s", errmsg());
	cr_assert_str_eq(pmo_buf_cstr(&b), "id: R-1\nimpact: 4\n");
	cr_assert_eq(pmo_source_read(&b, src, "projects/CBM/risks/R-1.yaml", 5), PMO_EINVALID);
	cr_assert(pmo_source_exists(src, "people/a.yaml"));
	cr_assert_not(pmo_source_exists(src, "people/zz.yaml"));
	cr_assert_eq(pmo_source_list(&names, src, "projects/CBM/risks"), 0, "%s", errmsg());
	cr_assert_str_eq(names[0], "R-1.yaml");
	cr_assert_str_eq(names[1], "R-10.yaml");
	cr_assert_str_eq(names[2], "R-2.yaml");
	cr_assert_str_eq(names[3], "sub");
	cr_assert_null(names[4]);
	pmo_strv_free(names);
	cr_assert_eq(pmo_source_list(&names, src, "projects/NONE"), 0);
	cr_assert_null(names[0]);
	pmo_strv_free(names);

	cr_assert_eq(chdir(dir), 0);
	shown = pmo_source_display(src, "projects/CBM/risks/R-1.yaml");
	cr_assert_str_eq(shown, "projects/CBM/risks/R-1.yaml");
	free(shown);
	cr_assert_eq(chdir(sub), 0);
	shown = pmo_source_display(src, "projects/CBM/risks/R-1.yaml");
	cr_assert_str_eq(shown, "risks/R-1.yaml");
	free(shown);
	shown = pmo_source_display(src, "people/x.yaml");
	cr_assert_str_eq(shown, "../../people/x.yaml");
	free(shown);
	cr_assert_eq(pmo_source_read(&b, src, "people/x.yaml", 0), PMO_ENOTFOUND);
	cr_assert_str_eq(pmo_error_last()->path, "../../people/x.yaml");

	pmo_buf_free(&b);
	pmo_source_free(src);
	pmo_repo_free(repo);
	free(dir);
	free(sub);
}

Test(repo, source_reads_a_revision_in_a_bare_clone)
{
	char *dir = repo_with_files(), *b2 = th_tmpdir(), *bare = path2(b2, "bare.git"), *shown;
	pmo_repo *repo;
	pmo_source *src = NULL;
	pmo_buf b = PMO_BUF_INIT;
	char **names = NULL;

	SH(dir, "printf 'id: R-1\\nimpact: 1\\n' > projects/CBM/risks/R-1.yaml && "
		"git commit -q -am second && git clone -q --bare . %s", bare);
	repo = open_ok(bare, PMO_REPO_NEED_TREE);
	cr_assert_eq(pmo_source_open(&src, repo, NULL), 0, "%s", errmsg());
	cr_assert_eq(pmo_source_read(&b, src, "projects/CBM/risks/R-1.yaml", 0), 0, "%s", errmsg());
	cr_assert_str_eq(pmo_buf_cstr(&b), "id: R-1\nimpact: 1\n");
	pmo_source_free(src);

	cr_assert_eq(pmo_source_open(&src, repo, "HEAD~1"), 0, "%s", errmsg());
	cr_assert_eq(pmo_source_read(&b, src, "projects/CBM/risks/R-1.yaml", 0), 0, "%s", errmsg());
	cr_assert_str_eq(pmo_buf_cstr(&b), "id: R-1\nimpact: 5\n");
	cr_assert(pmo_source_exists(src, "people/a.yaml"));
	cr_assert_not(pmo_source_exists(src, "people/b.yaml"));
	cr_assert_eq(pmo_source_list(&names, src, ""), 0, "%s", errmsg());
	cr_assert_str_eq(names[0], "people");
	cr_assert_str_eq(names[1], "pmo.yaml");
	cr_assert_str_eq(names[2], "projects");
	cr_assert_null(names[3]);
	pmo_strv_free(names);
	cr_assert_eq(pmo_source_read(&b, src, "people/b.yaml", 0), PMO_ENOTFOUND);
	shown = pmo_source_display(src, "people/b.yaml");
	cr_assert_str_eq(shown, "HEAD~1:people/b.yaml");
	free(shown);
	pmo_source_free(src);
	src = NULL;
	cr_assert_eq(pmo_source_open(&src, repo, "no-such-branch"), PMO_ENOTFOUND);
	cr_assert_null(src);

	pmo_buf_free(&b);
	pmo_repo_free(repo);
	free(dir);
	free(b2);
	free(bare);
}

/* ---- history ---- */

typedef struct {
	char subjects[16][64];
	char olds[16][64];
	char news[16][64];
	int n;
} seen_log;

static int record(const pmo_history_entry *e, void *payload)
{
	seen_log *s = payload;

	cr_assert_lt(s->n, 16);
	snprintf(s->subjects[s->n], 64, "%s", e->commit->summary);
	snprintf(s->olds[s->n], 64, "%.*s", e->old_data ? (int)e->old_len : 6,
		 e->old_data ? e->old_data : "(none)");
	snprintf(s->news[s->n], 64, "%.*s", e->new_data ? (int)e->new_len : 6,
		 e->new_data ? e->new_data : "(none)");
	s->n++;
	return 0;
}

Test(repo, history_lists_changes_of_one_file_newest_first_through_a_merge)
{
	char *dir = th_tmpdir(), *gitlog;
	seen_log s;
	pmo_repo *repo;
	pmo_buf want = PMO_BUF_INIT;
	int k;

	memset(&s, 0, sizeof(s));
	SH(dir, "git init -q -b main . && mkdir -p p/r && touch pmo.yaml && "
		"echo v1 > p/r/R-1.yaml && git add . && GIT_COMMITTER_DATE='@1000 +0000' git commit -q -m c1 && "
		"echo other > o.txt && git add o.txt && GIT_COMMITTER_DATE='@2000 +0000' git commit -q -m c2 && "
		"echo v2 > p/r/R-1.yaml && GIT_COMMITTER_DATE='@3000 +0000' git commit -q -am c3 && "
		"git checkout -q -b side && echo v3 > p/r/R-1.yaml && "
		"GIT_COMMITTER_DATE='@4000 +0000' git commit -q -am side && "
		"git checkout -q main && echo x > o.txt && GIT_COMMITTER_DATE='@5000 +0000' git commit -q -am c4 && "
		"GIT_COMMITTER_DATE='@6000 +0000' git merge -q --no-ff -m merge side && "
		"echo v4 > p/r/R-1.yaml && GIT_COMMITTER_DATE='@7000 +0000' git commit -q -am c5 && "
		"git checkout -q -b side2 HEAD~1 && echo v5 > p/r/R-1.yaml && "
		"GIT_COMMITTER_DATE='@8000 +0000' git commit -q -am side2 && git checkout -q main && "
		"echo v5 > p/r/R-1.yaml && GIT_COMMITTER_DATE='@9000 +0000' git commit -q -am c6 && "
		"GIT_COMMITTER_DATE='@9500 +0000' git merge -q --no-ff -m merge2 side2 && "
		"git rm -q p/r/R-1.yaml && GIT_COMMITTER_DATE='@9900 +0000' git commit -q -m gone");
	repo = open_ok(dir, 0);
	cr_assert_eq(pmo_repo_history(repo, "p/r/R-1.yaml", record, &s), 0, "%s", errmsg());
	/* git is the oracle for which commits touch the file, and their order */
	gitlog = sh(dir, "git log --format=%%s -- p/r/R-1.yaml");
	for (k = 0; k < s.n; k++)
		pmo_buf_printf(&want, "%s\n", s.subjects[k]);
	cr_assert_str_eq(pmo_buf_cstr(&want), gitlog);
	/* merge2 equals main's c6, so git (and pmo) follow main only: side2,
	 * which made the same change, is simplified away; "merge" took side's
	 * v3, so it is followed through side */
	cr_assert_str_eq(gitlog, "gone\nc6\nc5\nside\nc3\nc1\n");
	cr_assert_str_eq(s.olds[0], "v5\n");
	cr_assert_str_eq(s.news[0], "(none)");
	cr_assert_str_eq(s.olds[1], "v4\n");
	cr_assert_str_eq(s.news[1], "v5\n");
	cr_assert_str_eq(s.olds[2], "v3\n"); /* c5 changed the merged v3 */
	cr_assert_str_eq(s.news[2], "v4\n");
	cr_assert_str_eq(s.olds[3], "v2\n");
	cr_assert_str_eq(s.news[3], "v3\n");
	cr_assert_str_eq(s.olds[5], "(none)");
	cr_assert_str_eq(s.news[5], "v1\n");
	pmo_buf_free(&want);
	pmo_repo_free(repo);
	free(dir);
	free(gitlog);
}

/* Neighbours in git's tree order around the names looked for ("R-1" the
 * folder sorts as "R-1/", after "R-1.yaml" and "R-1-x"; "R-10.yaml";
 * a file named like the path's folder; a link; a submodule): the history
 * of each path is git's. */
Test(repo, history_finds_a_name_among_neighbours_in_gits_order)
{
	char *dir = th_tmpdir(), *gitlog;
	const char *paths[] = { "p/R-1.yaml", "p/R-1/a.yaml", "p/R-1-x", "p/R-10.yaml", "p/R-1.yaml.bak",
				"q/z.yaml", "p/link", "p/R-2.yaml/x", "p/sub" };
	pmo_buf want = PMO_BUF_INIT;
	seen_log s;
	pmo_repo *repo;
	size_t i;
	int k;

	SH(dir, "git init -q -b main . && mkdir -p p/R-1 && touch pmo.yaml && "
		"echo 1 > p/R-1.yaml && echo 1 > p/R-1/a.yaml && echo 1 > p/R-1-x && echo 1 > p/R-10.yaml && "
		"echo 1 > p/R-1.yaml.bak && echo 1 > q && git add . && git commit -q -m one && "
		"echo 2 > p/R-1/a.yaml && git commit -q -am two && "
		"echo 2 > p/R-1-x && echo 2 > p/R-10.yaml && git commit -q -am three && "
		"echo 3 > p/R-1.yaml && ln -s R-1.yaml p/link && git add . && git commit -q -m four && "
		"git rm -q q && mkdir q && echo 1 > q/z.yaml && git add . && git commit -q -m five && "
		"git update-index --add --cacheinfo 160000,$(git rev-parse HEAD),p/sub && "
		"git commit -q -m six && echo 4 > p/R-1.yaml.bak && git commit -q -am seven");
	repo = open_ok(dir, 0);
	for (i = 0; i < sizeof(paths) / sizeof(*paths); i++) {
		memset(&s, 0, sizeof(s));
		cr_assert_eq(pmo_repo_history(repo, paths[i], record, &s), 0, "%s", errmsg());
		/* git log names a submodule's commits too; pmo reads files only */
		gitlog = strcmp(paths[i], "p/sub") ? sh(dir, "git log --format=%%s -- %s", paths[i])
						  : strdup("");
		pmo_buf_clear(&want);
		for (k = 0; k < s.n; k++)
			pmo_buf_printf(&want, "%s\n", s.subjects[k]);
		cr_assert_str_eq(pmo_buf_cstr(&want), gitlog, "%s", paths[i]);
		free(gitlog);
	}
	pmo_buf_free(&want);
	pmo_repo_free(repo);
	free(dir);
}

static int stop_after_one(const pmo_history_entry *e, void *payload)
{
	(void)e;
	++*(int *)payload;
	return 1;
}

Test(repo, history_stops_when_the_callback_asks_and_handles_unborn_head)
{
	char *dir = repo_with_files(), *empty = th_tmpdir();
	pmo_repo *repo = open_ok(dir, 0);
	int calls = 0;

	SH(dir, "echo 2 >> pmo.yaml && git commit -q -am two");
	cr_assert_eq(pmo_repo_history(repo, "pmo.yaml", stop_after_one, &calls), 0);
	cr_assert_eq(calls, 1);
	pmo_repo_free(repo);
	SH(empty, "git init -q -b main .");
	repo = open_ok(empty, 0);
	calls = 0;
	cr_assert_eq(pmo_repo_history(repo, "pmo.yaml", stop_after_one, &calls), 0);
	cr_assert_eq(calls, 0);
	pmo_repo_free(repo);
	free(dir);
	free(empty);
}

/* What the walk of a folder pattern tells, commit by commit: "subject:
 * others files…" lines, newest first. */
static int told_file(const pmo_history_file *f, void *payload)
{
	pmo_buf *b = payload;

	pmo_buf_printf(b, " %s", f->path);
	return pmo_buf_oom(b);
}

static int told_commit(const pmo_history_commit *c, void *payload)
{
	pmo_buf *b = payload;

	pmo_buf_printf(b, "|%s:%d\n", c->commit->summary, c->others);
	return pmo_buf_oom(b);
}

/* Whether each commit changed anything besides the files of the pattern's
 * last folders: a file elsewhere, at any depth above them, or a folder
 * inside them; a root commit against nothing. */
Test(repo, history_files_tells_what_else_each_commit_changed)
{
	char *dir = th_tmpdir();
	pmo_repo *repo;
	pmo_buf b = PMO_BUF_INIT;

	SH(dir, "git init -q -b main . && mkdir -p projects/CBM/changes projects/ERP/changes && "
		"echo a > pmo.yaml && echo t > projects/CBM/plan.yaml && echo 1 > projects/CBM/changes/CR-1.yaml && "
		"git add . && git commit -qm root && "
		"echo 2 >> projects/CBM/changes/CR-1.yaml && git commit -qam cr && "
		"echo u >> projects/CBM/plan.yaml && git commit -qam plan && "
		"echo 3 >> projects/CBM/changes/CR-1.yaml && echo 1 > projects/ERP/changes/CR-1.yaml && "
		"git add . && git commit -qm two && "
		"mkdir projects/CBM/changes/old && echo 1 > projects/CBM/changes/old/x && git add . && "
		"git commit -qm folder && "
		"echo b >> pmo.yaml && git commit -qam settings && "
		"echo r > projects/README && git add . && git commit -qm readme && "
		"git commit -q --allow-empty -m empty");
	repo = open_ok(dir, 0);
	cr_assert_eq(pmo_repo_history_files_commits(repo, NULL, "projects/*/changes", told_file, told_commit, &b), 0,
		     "%s", errmsg());
	cr_assert_str_eq(b.ptr, "|empty:0\n"
				"|readme:1\n"
				"|settings:1\n"
				"|folder:1\n"
				" projects/CBM/changes/CR-1.yaml projects/ERP/changes/CR-1.yaml|two:0\n"
				"|plan:1\n"
				" projects/CBM/changes/CR-1.yaml|cr:0\n"
				" projects/CBM/changes/CR-1.yaml|root:1\n");
	pmo_buf_free(&b);
	pmo_repo_free(repo);
	free(dir);
}

/* --- commit subjects ------------------------------------------------------- */

static void fits(const char *in, const char *want)
{
	char *out = NULL;

	cr_assert_eq(pmo_message_fit(&out, in), 0);
	cr_assert_str_eq(out, want);
	free(out);
}

Test(repo, message_subject_cut_to_72_columns)
{
	pmo_buf s72 = PMO_BUF_INIT, s73 = PMO_BUF_INIT, w73 = PMO_BUF_INIT;
	pmo_buf cjk = PMO_BUF_INIT, wcjk = PMO_BUF_INIT;
	size_t i;

	pmo_buf_pad(&s72, 'a', 72);
	fits(s72.ptr, s72.ptr); /* 72 columns fit */
	pmo_buf_pad(&s73, 'a', 73);
	pmo_buf_puts(&s73, "\n\nPmo-Command: x\n");
	pmo_buf_pad(&w73, 'a', 71);
	pmo_buf_printf(&w73, "…\n\n%s", s73.ptr);
	fits(s73.ptr, w73.ptr);
	/* "a" + 40 ideographs (81 columns): 35 of them fit beside "a" and "…";
	 * a 36th would need 73 columns */
	pmo_buf_puts(&cjk, "a");
	for (i = 0; i < 40; i++)
		pmo_buf_puts(&cjk, "中");
	pmo_buf_puts(&wcjk, "a");
	for (i = 0; i < 35; i++)
		pmo_buf_puts(&wcjk, "中");
	pmo_buf_printf(&wcjk, "…\n\n%s\n", cjk.ptr);
	fits(cjk.ptr, wcjk.ptr);
	pmo_buf_free(&s72);
	pmo_buf_free(&s73);
	pmo_buf_free(&w73);
	pmo_buf_free(&cjk);
	pmo_buf_free(&wcjk);
	/* a space before the cut is dropped */
	fits("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx yyyy\n\nT: x\n",
	     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…\n\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx yyyy\n\nT: x\n");
}

/* git -c as git passes it on: GIT_CONFIG_COUNT/KEY/VALUE, then
 * GIT_CONFIG_PARAMETERS in both its formats, later entries winning; git var
 * is the oracle. */
Test(repo, command_line_configuration_is_read_as_git_reads_it)
{
	static const struct {
		const char *params, *count_key, *count_value;
	} cases[] = {
		{ "'user.name'='新 式'", NULL, NULL },
		{ "'user.name=Old Style'", NULL, NULL },
		{ "'User.Name'='Mixed'  'user.name'='Last wins'", NULL, NULL },
		{ "'user.name'='O'\\''Brien'\\!''", NULL, NULL },
		{ NULL, "user.name", "From COUNT" },
		{ "'user.name'='PARAMETERS after COUNT'", "user.name", "From COUNT" },
	};
	char *dir = repo_with_files();
	pmo_repo *repo;
	git_signature *a = NULL, *c = NULL;
	size_t k;

	free(sh(dir, "git config user.name 'From the file' && git config user.email f@bank.example"));
	unset_identity();
	setenv("GIT_AUTHOR_DATE", "@1799024400 +0800", 1);
	setenv("GIT_COMMITTER_DATE", "@1799024400 +0800", 1);
	repo = open_ok(dir, 0);
	for (k = 0; k < sizeof(cases) / sizeof(*cases); k++) {
		if (cases[k].params)
			setenv("GIT_CONFIG_PARAMETERS", cases[k].params, 1);
		else
			unsetenv("GIT_CONFIG_PARAMETERS");
		if (cases[k].count_key) {
			setenv("GIT_CONFIG_COUNT", "1", 1);
			setenv("GIT_CONFIG_KEY_0", cases[k].count_key, 1);
			setenv("GIT_CONFIG_VALUE_0", cases[k].count_value, 1);
		} else {
			unsetenv("GIT_CONFIG_COUNT");
		}
		cr_assert_eq(pmo_repo_signatures(&a, &c, repo), 0, "case %zu: %s", k, errmsg());
		assert_sig_matches_git(c, dir, "GIT_COMMITTER_IDENT");
		cr_assert_str_neq(c->name, "From the file", "case %zu", k);
		git_signature_free(a);
		git_signature_free(c);
	}
	/* pmo -c writes what git reads */
	unsetenv("GIT_CONFIG_COUNT");
	unsetenv("GIT_CONFIG_PARAMETERS");
	cr_assert_eq(pmo_config_push_parameter("user.email=a'b!c@bank.example"), 0);
	cr_assert_eq(pmo_config_push_parameter("user.name=第 二"), 0);
	cr_assert_str_eq(getenv("GIT_CONFIG_PARAMETERS"),
			 "'user.email'='a'\\''b'\\!'c@bank.example' 'user.name'='第 二'");
	cr_assert_eq(pmo_repo_signatures(&a, &c, repo), 0, "%s", errmsg());
	assert_sig_matches_git(c, dir, "GIT_COMMITTER_IDENT");
	cr_assert_str_eq(c->email, "a'b!c@bank.example");
	git_signature_free(a);
	git_signature_free(c);
	cr_assert_eq(pmo_config_push_parameter("nosection"), PMO_EINVALID);
	cr_assert_str_eq(errmsg(), "key does not contain a section: nosection");
	pmo_repo_free(repo);
	free(dir);
}
