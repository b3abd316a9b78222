/* End to end: pmo's commits run git's hooks and are signed as git commit
 * runs and signs them (docs/git.md), through the built pmo in temporary git
 * repositories with a fixed identity and dates. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

#define ADD_ARGS "-p CBM risk add 供应商交付延期 probability=2 impact=3"
static const char add_cmd[] = "pmo " ADD_ARGS;
static const char add_args[] = ADD_ARGS;
static const char risk_file[] = "projects/CBM/risks/R-1.yaml";

/* Output of a shell command in dir (asserting it succeeds). */
static char *sh_out(const char *dir, const char *cmd)
{
	th_result r;
	char *s;

	RUN(&r, dir, "%s", cmd);
	cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
	s = strdup(r.out);
	th_result_free(&r);
	return s;
}

static void put_hook(const char *dir, const char *rel, const char *script, int exec)
{
	th_result r;

	RUN(&r, dir, "mkdir -p \"$(dirname '%s')\"", rel);
	th_result_free(&r);
	th_write(dir, rel, script);
	RUN(&r, dir, "chmod %s '%s'", exec ? "755" : "644", rel);
	cr_assert_eq(r.status, 0);
	th_result_free(&r);
}

/* After a refused commit: HEAD is where it was, the record is gone and the
 * worktree is clean. */
static void assert_nothing_committed(const char *dir, const char *head_before)
{
	char *head = sh_out(dir, "git rev-parse HEAD"), *status, *file;

	cr_assert_str_eq(head, head_before);
	file = th_read(dir, risk_file);
	cr_assert_null(file, "the record was left behind");
	status = sh_out(dir, "git status --porcelain");
	cr_assert_str_eq(status, "");
	free(head);
	free(status);
}

/* "[master 1a2b3c4] SUBJECT\n" */
static void assert_commit_line(const char *out, const char *subject)
{
	const char *close = strchr(out, ']');

	cr_assert(!strncmp(out, "[master ", 8) && close && close - out == 15, "commit line: %s", out);
	cr_assert_str_eq(close + 2, subject);
}

Test(e2e_hooks, pre_commit_refusal_stops_the_commit)
{
	char *dir = th_demo_repo(), *head = sh_out(dir, "git rev-parse HEAD");
	th_result r;

	put_hook(dir, ".git/hooks/pre-commit",
		 "#!/bin/sh\necho 'pre-commit: 风险登记需要评审'\necho 'on stderr' >&2\nexit 1\n", 1);
	RUN(&r, dir, "%s", add_cmd);
	EXPECT(&r, 1, "",
	       "pre-commit: 风险登记需要评审\n"
	       "on stderr\n"
	       "pmo: error: the pre-commit hook refused the commit (exit status 1); nothing was committed\n");
	th_result_free(&r);
	assert_nothing_committed(dir, head);
	free(head);
	free(dir);
}

Test(e2e_hooks, hooks_get_gits_environment_and_index)
{
	char *dir = th_demo_repo(), *seen, *staged;
	th_result r;

	/* other staged work stays out of the hook's index and the commit */
	th_write(dir, "notes.txt", "draft\n");
	RUN(&r, dir, "git add notes.txt");
	th_result_free(&r);
	put_hook(dir, ".git/hooks/pre-commit",
		 "#!/bin/sh\n"
		 "out=.git/hook-seen\n"
		 "{ [ \"$GIT_INDEX_FILE\" = \"$(pwd -P)/.git/next-index-$PPID.lock\" ] && echo index-ok\n"
		 "  echo \"cwd=$(pwd -P | sed \"s|$(git rev-parse --show-toplevel)|TOP|\")\"\n"
		 "  echo \"editor=$GIT_EDITOR prefix=$GIT_PREFIX\"\n"
		 "  echo \"author=$GIT_AUTHOR_NAME <$GIT_AUTHOR_EMAIL> $GIT_AUTHOR_DATE\"\n"
		 "  echo \"stdin=$(cat)\"\n"
		 "  echo \"gitdir=${GIT_DIR-unset}\"\n"
		 "  git diff --cached --name-only\n"
		 "  git ls-files --stage projects/CBM/risks | awk '{print $1, $4}'\n"
		 "} > \"$out\"\n"
		 "echo 'hook stdout'\n", 1);
	RUN(&r, dir, "cd projects/CBM && %s", add_cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "hook stdout\n");
	assert_commit_line(r.out, "risk CBM/R-1: add 供应商交付延期\n");
	th_result_free(&r);
	seen = th_read(dir, ".git/hook-seen");
	cr_assert_str_eq(seen,
		"index-ok\n"
		"cwd=TOP\n"
		"editor=: prefix=projects/CBM/\n"
		"author=王丽 <wang.li@bank.example> @1799024400 +0800\n"
		"stdin=\n"
		"gitdir=unset\n"
		"projects/CBM/risks/R-1.yaml\n"
		"100644 projects/CBM/risks/R-1.yaml\n");
	/* the hook's index is gone; the user's staged file still staged */
	staged = sh_out(dir, "ls .git | grep -c next-index; git diff --cached --name-only; "
			     "git show --name-only --format= HEAD");
	cr_assert_str_eq(staged, "0\nnotes.txt\nprojects/CBM/risks/R-1.yaml\n");
	free(staged);
	free(seen);
	free(dir);
}

Test(e2e_hooks, message_hooks_change_the_committed_message)
{
	char *dir = th_demo_repo(), *args, *body;
	th_result r;

	put_hook(dir, ".git/hooks/prepare-commit-msg",
		 "#!/bin/sh\necho \"$*\" > .git/prepare-args\ncat \"$1\" >> .git/prepare-args\n", 1);
	put_hook(dir, ".git/hooks/commit-msg",
		 "#!/bin/sh\nsed -i '1s/^/[PMO-7] /' \"$1\"\nprintf '\\n\\n\\nReviewed-by: 赵敏\\n\\n' >> \"$1\"\n", 1);
	RUN(&r, dir, "%s", add_cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "");
	assert_commit_line(r.out, "[PMO-7] risk CBM/R-1: add 供应商交付延期\n");
	th_result_free(&r);
	args = th_read(dir, ".git/prepare-args");
	cr_assert_str_eq(args,
		".git/COMMIT_EDITMSG message\n"
		"risk CBM/R-1: add 供应商交付延期\n"
		"\n"
		"Pmo-Command: risk add\n"
		"Pmo-Record: CBM/R-1\n");
	/* git's whitespace cleanup of what the hooks left */
	body = sh_out(dir, "git cat-file commit HEAD | sed '1,/^$/d'");
	cr_assert_str_eq(body,
		"[PMO-7] risk CBM/R-1: add 供应商交付延期\n"
		"\n"
		"Pmo-Command: risk add\n"
		"Pmo-Record: CBM/R-1\n"
		"\n"
		"Reviewed-by: 赵敏\n");
	free(body);
	free(args);
	free(dir);
}

Test(e2e_hooks, pre_commit_that_changes_the_index_is_refused)
{
	char *dir = th_demo_repo(), *head = sh_out(dir, "git rev-parse HEAD");
	th_result r;

	/* git would commit what the hook added; pmo commits only its files */
	put_hook(dir, ".git/hooks/pre-commit", "#!/bin/sh\necho x > extra.txt && git add extra.txt\n", 1);
	RUN(&r, dir, "%s", add_cmd);
	EXPECT(&r, 1, "",
	       "pmo: error: the pre-commit hook changed the index (GIT_INDEX_FILE); pmo commits only "
	       "the files it wrote, so nothing was committed\n");
	th_result_free(&r);
	RUN(&r, dir, "rm extra.txt");
	th_result_free(&r);
	assert_nothing_committed(dir, head);
	free(head);
	free(dir);
}

Test(e2e_hooks, commit_msg_refusal_and_empty_message)
{
	char *dir = th_demo_repo(), *head = sh_out(dir, "git rev-parse HEAD");
	th_result r;

	put_hook(dir, ".git/hooks/commit-msg", "#!/bin/sh\necho 'subject needs a ticket' >&2\nexit 3\n", 1);
	RUN(&r, dir, "%s", add_cmd);
	EXPECT(&r, 1, "",
	       "subject needs a ticket\n"
	       "pmo: error: the commit-msg hook refused the commit (exit status 3); nothing was committed\n");
	th_result_free(&r);
	assert_nothing_committed(dir, head);
	put_hook(dir, ".git/hooks/commit-msg", "#!/bin/sh\nprintf '\\n  \\n' > \"$1\"\n", 1);
	RUN(&r, dir, "%s", add_cmd);
	EXPECT(&r, 1, "", "pmo: error: Aborting commit due to empty commit message.\n");
	th_result_free(&r);
	assert_nothing_committed(dir, head);
	free(head);
	free(dir);
}

Test(e2e_hooks, no_verify_skips_pre_commit_and_commit_msg)
{
	char *dir = th_demo_repo(), *msg;
	th_result r;

	put_hook(dir, ".git/hooks/pre-commit", "#!/bin/sh\nexit 1\n", 1);
	put_hook(dir, ".git/hooks/commit-msg", "#!/bin/sh\nexit 1\n", 1);
	/* prepare-commit-msg runs even with --no-verify, as in git */
	put_hook(dir, ".git/hooks/prepare-commit-msg", "#!/bin/sh\necho 'Prepared: yes' >> \"$1\"\n", 1);
	RUN(&r, dir, "pmo --no-verify -p CBM risk add 甲 probability=1 impact=1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "risk CBM/R-1: add 甲\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -p CBM risk add 乙 probability=1 impact=1 --no-verify");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "risk CBM/R-2: add 乙\n");
	th_result_free(&r);
	msg = sh_out(dir, "git log -2 --format=%B");
	cr_assert_str_eq(msg,
		"risk CBM/R-2: add 乙\n\nPmo-Command: risk add\nPmo-Record: CBM/R-2\nPrepared: yes\n\n"
		"risk CBM/R-1: add 甲\n\nPmo-Command: risk add\nPmo-Record: CBM/R-1\nPrepared: yes\n\n");
	free(msg);
	/* without it, the hooks refuse */
	RUN(&r, dir, "pmo -p CBM risk add 丙 probability=1 impact=1");
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.err,
		"pmo: error: the pre-commit hook refused the commit (exit status 1); nothing was committed\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_hooks, hooks_path_is_taken_from_the_top)
{
	char *dir = th_demo_repo(), *head = sh_out(dir, "git rev-parse HEAD");
	th_result r;

	put_hook(dir, ".git/hooks/pre-commit", "#!/bin/sh\nexit 0\n", 1);
	put_hook(dir, "githooks/pre-commit", "#!/bin/sh\necho \"refused by $0\"\nexit 1\n", 1);
	RUN(&r, dir, "git add githooks && git commit -qm hooks && git config core.hooksPath githooks");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	free(head);
	head = sh_out(dir, "git rev-parse HEAD");
	RUN(&r, dir, "cd projects && %s", add_cmd);
	EXPECT(&r, 1, "",
	       "refused by githooks/pre-commit\n"
	       "pmo: error: the pre-commit hook refused the commit (exit status 1); nothing was committed\n");
	th_result_free(&r);
	assert_nothing_committed(dir, head);
	/* -c core.hooksPath wins over the repository's */
	RUN(&r, dir, "pmo -c core.hooksPath=.git/hooks -p CBM risk add 甲 probability=1 impact=1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	free(head);
	free(dir);
}

Test(e2e_hooks, non_executable_hook_is_skipped_with_gits_hint)
{
	char *dir = th_demo_repo();
	th_result r;

	put_hook(dir, ".git/hooks/pre-commit", "#!/bin/sh\nexit 1\n", 0);
	RUN(&r, dir, "%s", add_cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err,
		"hint: The '.git/hooks/pre-commit' hook was ignored because it's not set as executable.\n"
		"hint: You can disable this warning with `git config advice.ignoredHook false`.\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -c advice.ignoredHook=false -p CBM risk add 甲 probability=1 impact=1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_hooks, post_commit_runs_after_and_its_failure_is_ignored)
{
	char *dir = th_demo_repo(), *seen, *head;
	th_result r;

	put_hook(dir, ".git/hooks/post-commit",
		 "#!/bin/sh\n{ git rev-parse HEAD; echo \"$GIT_INDEX_FILE\"; ls .git | grep -c 'index.lock'; }"
		 " > .git/post-seen\necho 'post-commit failed'\nexit 1\n", 1);
	RUN(&r, dir, "%s", add_cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "post-commit failed\n");
	th_result_free(&r);
	head = sh_out(dir, "git rev-parse HEAD");
	seen = th_read(dir, ".git/post-seen");
	cr_assert(!strncmp(seen, head, 41), "post-commit saw %s", seen);
	cr_assert_str_eq(seen + 41, ".git/index\n0\n");
	free(seen);
	free(head);
	free(dir);
}

/* ---- signing ---- */

/* A signing program that signs nothing: it records its argv, and gives a
 * "signature" derived from its input (the same input gives the same bytes),
 * with an empty armor line as gpg's has. */
static const char fake_signer[] =
	"#!/bin/sh\n"
	"echo \"$*\" > \"$(dirname \"$0\")/signer-args\"\n"
	"sum=$(sha256sum | cut -c1-64)\n"
	"printf -- '-----BEGIN PGP SIGNATURE-----\\n\\n%s\\n-----END PGP SIGNATURE-----\\n' \"$sum\"\n"
	"echo '[GNUPG:] KEY_CONSIDERED X 0' >&2\n"
	"echo '[GNUPG:] SIG_CREATED D 22 8 00 1799024400 X' >&2\n";

Test(e2e_hooks, signed_commit_is_byte_identical_to_git_commit_S)
{
	char *dir = th_demo_repo(), *pmo_commit, *git_commit, *args, *obj;
	th_result r;

	put_hook(dir, ".git/signer/sign", fake_signer, 1);
	RUN(&r, dir, "git config commit.gpgsign true && git config gpg.program \"$(pwd -P)/.git/signer/sign\"");
	th_result_free(&r);
	RUN(&r, dir, "%s", add_cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	args = th_read(dir, ".git/signer/signer-args");
	cr_assert_str_eq(args, "--status-fd=2 -bsau 王丽 <wang.li@bank.example>\n");
	obj = sh_out(dir, "git cat-file commit HEAD | sed -n '/^gpgsig/,/^ -----END/p'");
	{
		static const char head[] = "gpgsig -----BEGIN PGP SIGNATURE-----\n \n ";
		cr_assert(!strncmp(obj, head, strlen(head)), "%s", obj);
	}
	pmo_commit = sh_out(dir, "git rev-parse HEAD");
	/* the same change made by git commit -S */
	git_commit = sh_out(dir, "git log -1 --format=%B > .git/msg && git reset -q --soft HEAD~1 && "
				 "git commit -q -S -F .git/msg && git rev-parse HEAD");
	cr_assert_str_eq(git_commit, pmo_commit);
	free(obj);
	free(args);
	free(pmo_commit);
	free(git_commit);
	free(dir);
}

/* gpg starts an agent for its home; stop it when the test ends, whatever
 * happened */
static char gnupg_home[4096];

static void stop_gpg_agent(void)
{
	th_result r;

	if (!gnupg_home[0])
		return;
	th_run(&r, NULL, NULL, "GNUPGHOME='%s' gpgconf --kill gpg-agent", gnupg_home);
	th_result_free(&r);
}

Test(e2e_hooks, gpg_signs_and_git_verifies, .fini = stop_gpg_agent)
{
	char *dir, *head;
	th_result r;

	if (!th_have(NULL, "gpg"))
		cr_skip_test("gpg is not installed");
	dir = th_demo_repo();
	snprintf(gnupg_home, sizeof(gnupg_home), "%s/.git/gnupg", dir);
	RUN(&r, dir,
	    "export GNUPGHOME=\"$(pwd -P)/.git/gnupg\" && mkdir -m 700 \"$GNUPGHOME\" && "
	    "gpg --batch --passphrase '' --quick-gen-key '王丽 <wang.li@bank.example>' ed25519 sign never");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	/* a key gpg does not have: git's message, nothing committed */
	head = sh_out(dir, "git rev-parse HEAD");
	RUN(&r, dir, "export GNUPGHOME=\"$(pwd -P)/.git/gnupg\" && "
		     "pmo -c commit.gpgsign=true -c user.signingkey=nobody@bank.example %s", add_args);
	EXPECT(&r, 1, "", "pmo: error: gpg failed to sign the data\n");
	th_result_free(&r);
	assert_nothing_committed(dir, head);
	RUN(&r, dir, "export GNUPGHOME=\"$(pwd -P)/.git/gnupg\" && pmo -c commit.gpgsign=true %s && "
		     "git verify-commit HEAD", add_args);
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_commit_line(r.out, "risk CBM/R-1: add 供应商交付延期\n");
	cr_assert(strstr(r.err, "Good signature from \"王丽 <wang.li@bank.example>\""), "%s", r.err);
	th_result_free(&r);
	/* GIT_CONFIG_COUNT as git passes configuration; --no-gpg-sign wins */
	RUN(&r, dir, "export GNUPGHOME=\"$(pwd -P)/.git/gnupg\" GIT_CONFIG_COUNT=1 "
		     "GIT_CONFIG_KEY_0=commit.gpgSign GIT_CONFIG_VALUE_0=true && "
		     "pmo -p CBM risk add 甲 probability=1 impact=1 --no-gpg-sign && "
		     "git cat-file commit HEAD | grep -c '^gpgsig' || true");
	cr_assert_str_eq(strchr(r.out, '\n') + 1, "0\n");
	th_result_free(&r);
	RUN(&r, dir, "export GNUPGHOME=\"$(pwd -P)/.git/gnupg\" GIT_CONFIG_PARAMETERS=\"'commit.gpgsign'='true'\" && "
		     "pmo -p CBM risk add 乙 probability=1 impact=1 >/dev/null && git verify-commit HEAD");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	free(head);
	free(dir);
}

Test(e2e_hooks, ssh_signs_and_git_verifies)
{
	char *dir, *args;
	th_result r;

	if (!th_have(NULL, "ssh-keygen"))
		cr_skip_test("ssh-keygen is not installed");
	dir = th_demo_repo();
	RUN(&r, dir,
	    "ssh-keygen -q -t ed25519 -N '' -C wang.li -f .git/key && "
	    "echo \"wang.li@bank.example $(cat .git/key.pub)\" > .git/allowed && "
	    "git config gpg.ssh.allowedSignersFile \"$(pwd -P)/.git/allowed\" && "
	    "git config gpg.format ssh && git config user.signingkey \"$(pwd -P)/.git/key\"");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	/* ssh-keygen through a wrapper that records its arguments */
	put_hook(dir, ".git/signer/ssh-keygen",
		 "#!/bin/sh\necho \"$*\" | sed \"s|$(git rev-parse --absolute-git-dir)|GITDIR|g; "
		 "s|tmp[A-Za-z0-9]\\{6\\}$|tmpXXXXXX|\" > \"$(dirname \"$0\")/args\"\n"
		 "exec ssh-keygen \"$@\"\n", 1);
	RUN(&r, dir, "mkdir .git/t && TMPDIR=\"$(pwd -P)/.git/t\" pmo -c commit.gpgsign=true "
		     "-c gpg.ssh.program=\"$(pwd -P)/.git/signer/ssh-keygen\" %s && "
		     "git verify-commit HEAD && ls -a .git/t | grep -c git_signing", add_args);
	cr_assert_eq(r.status, 1, "%s", r.err); /* grep -c found no temporary file left */
	cr_assert(strstr(r.err, "Good \"git\" signature for wang.li@bank.example"), "%s", r.err);
	cr_assert(strstr(r.out, "\n0\n"), "%s", r.out);
	th_result_free(&r);
	args = th_read(dir, ".git/signer/args");
	cr_assert_str_eq(args, "-Y sign -n git -f GITDIR/key GITDIR/t/.git_signing_buffer_tmpXXXXXX\n");
	free(args);
	/* no key at all: git's message */
	RUN(&r, dir, "git config --unset user.signingkey && "
		     "pmo -c commit.gpgsign=true -p CBM risk add 甲 probability=1 impact=1");
	EXPECT(&r, 1, "", "pmo: error: either user.signingkey or gpg.ssh.defaultKeyCommand needs to be configured\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_hooks, x509_runs_gpgsm_program_with_gits_arguments)
{
	char *dir = th_demo_repo(), *args, *sig;
	th_result r;

	put_hook(dir, ".git/signer/gpgsm", fake_signer, 1);
	RUN(&r, dir, "pmo -c commit.gpgsign=true -c gpg.format=x509 -c user.signingKey=0xABCD "
		     "-c gpg.x509.program=\"$(pwd -P)/.git/signer/gpgsm\" %s", add_args);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	args = th_read(dir, ".git/signer/signer-args");
	cr_assert_str_eq(args, "--status-fd=2 -bsau 0xABCD\n");
	sig = sh_out(dir, "git cat-file commit HEAD | grep -c '^gpgsig -----BEGIN PGP SIGNATURE-----$'");
	cr_assert_str_eq(sig, "1\n");
	free(sig);
	free(args);
	free(dir);
}

Test(e2e_hooks, program_from_the_last_setting_read)
{
	char *dir = th_demo_repo(), *args;
	th_result r;

	put_hook(dir, ".git/signer/sign", fake_signer, 1);
	/* the repository says one program, -c another: -c is read last */
	RUN(&r, dir, "git config gpg.openpgp.program /nonexistent/gpg && "
		     "pmo -c commit.gpgsign=true -c gpg.program=\"$(pwd -P)/.git/signer/sign\" %s", add_args);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	args = th_read(dir, ".git/signer/signer-args");
	cr_assert_not_null(args);
	free(args);
	RUN(&r, dir, "pmo -c commit.gpgsign=true -p CBM risk add 甲 probability=1 impact=1");
	EXPECT(&r, 1, "",
	       "pmo: error: cannot run /nonexistent/gpg: No such file or directory; gpg failed to sign the data\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_hooks, dash_c_is_read_by_every_configuration_lookup)
{
	char *dir = th_demo_repo(), *who;
	th_result r;

	RUN(&r, dir, "env -u GIT_AUTHOR_EMAIL -u GIT_COMMITTER_EMAIL "
		     "pmo -c user.email=ops@bank.example %s", add_args);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	who = sh_out(dir, "git log -1 --format='%ae %ce'");
	cr_assert_str_eq(who, "ops@bank.example ops@bank.example\n");
	free(who);
	/* quoted as git quotes it: the hook's git reads the same value */
	put_hook(dir, ".git/hooks/pre-commit", "#!/bin/sh\ngit config user.name\n", 1);
	RUN(&r, dir, "env -u GIT_AUTHOR_NAME -u GIT_COMMITTER_NAME "
		     "pmo -c \"user.name=O'Brien 王!\" -p CBM risk add 甲 probability=1 impact=1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "O'Brien 王!\n");
	th_result_free(&r);
	who = sh_out(dir, "git log -1 --format='%an|%cn'");
	cr_assert_str_eq(who, "O'Brien 王!|O'Brien 王!\n");
	free(who);
	RUN(&r, dir, "GIT_CONFIG_PARAMETERS=garbage pmo -p CBM risk list");
	EXPECT(&r, 1, "", "pmo: error: bogus format in GIT_CONFIG_PARAMETERS\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -c nosection %s", add_args);
	EXPECT(&r, 2, "", "pmo: error: -c nosection: key does not contain a section: nosection\n");
	th_result_free(&r);
	RUN(&r, dir, "pmo -c user.=x %s", add_args);
	EXPECT(&r, 2, "", "pmo: error: -c user.=x: key does not contain variable name: user.\n");
	th_result_free(&r);
	free(dir);
}

Test(e2e_hooks, ssh_default_key_command_gives_a_literal_key)
{
	char *dir, *args;
	th_result r;

	if (!th_have(NULL, "ssh-agent") || !th_have(NULL, "ssh-add"))
		cr_skip_test("ssh-agent is not installed");
	dir = th_demo_repo();
	put_hook(dir, ".git/signer/ssh-keygen",
		 "#!/bin/sh\necho \"$*\" | sed \"s|$(git rev-parse --absolute-git-dir)|GITDIR|g; "
		 "s|tmp[A-Za-z0-9]\\{6\\}|tmpXXXXXX|g\" > \"$(dirname \"$0\")/args\"\n"
		 "exec ssh-keygen \"$@\"\n", 1);
	/* a literal key needs ssh-agent, as in git 2.39 (no -U) */
	RUN(&r, dir,
	    "ssh-keygen -q -t ed25519 -N '' -C wang.li -f .git/key && "
	    "echo \"wang.li@bank.example $(cat .git/key.pub)\" > .git/allowed && mkdir .git/t && "
	    "git config gpg.ssh.allowedSignersFile \"$(pwd -P)/.git/allowed\" && git config gpg.format ssh && "
	    "git config gpg.ssh.defaultKeyCommand \"cat '$(pwd -P)/.git/key.pub'\" && "
	    "eval \"$(ssh-agent -s)\" >/dev/null && trap 'ssh-agent -k >/dev/null' EXIT && "
	    "ssh-add -q .git/key 2>/dev/null && "
	    "TMPDIR=\"$(pwd -P)/.git/t\" pmo -c commit.gpgsign=true "
	    "-c gpg.ssh.program=\"$(pwd -P)/.git/signer/ssh-keygen\" %s && git verify-commit HEAD && "
	    "pmo --no-gpg-sign -p CBM risk add 甲 probability=1 impact=1 && "
	    "git cat-file commit HEAD | grep -c gpgsig; ls -A .git/t | wc -l", add_args);
	cr_assert(strstr(r.err, "Good \"git\" signature for wang.li@bank.example"), "%s", r.err);
	cr_assert(strstr(r.out, "add 甲\n0\n0\n"), "%s", r.out);
	th_result_free(&r);
	args = th_read(dir, ".git/signer/args");
	cr_assert_str_eq(args, "-Y sign -n git -f GITDIR/t/.git_signing_key_tmpXXXXXX "
			       "GITDIR/t/.git_signing_buffer_tmpXXXXXX\n");
	free(args);
	free(dir);
}

/* A parent that ignores SIGCHLD (a daemon, some CI runners) passes that on:
 * the kernel then reaps pmo's children itself and their exit statuses are
 * lost. pmo takes SIGCHLD back to its default, so the editor's edit is
 * committed (it waited forever before) and a refusing hook still refuses. */
Test(e2e_hooks, children_are_waited_for_when_sigchld_was_ignored)
{
	char *dir = th_demo_repo(), *head;
	th_result r;

	RUN(&r, dir, "%s >/dev/null", add_cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	th_write(dir, "ed.sh", "#!/bin/sh\nsed -i 's/^impact: 3$/impact: 4/' \"$1\"\n");
	RUN(&r, dir, "EDITOR=\"sh $PWD/ed.sh\" timeout 20 perl -e '$SIG{CHLD} = \"IGNORE\"; exec @ARGV' "
		     "pmo risk edit CBM/R-1");
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	assert_commit_line(r.out, "risk CBM/R-1: edit impact\n");
	th_result_free(&r);
	head = sh_out(dir, "git rev-parse HEAD");
	put_hook(dir, ".git/hooks/commit-msg", "#!/bin/sh\necho 'commit-msg: 拒绝'\nexit 1\n", 1);
	RUN(&r, dir, "timeout 20 perl -e '$SIG{CHLD} = \"IGNORE\"; exec @ARGV' pmo -p CBM risk set R-1 probability=4");
	EXPECT(&r, 1, "",
	       "commit-msg: 拒绝\n"
	       "pmo: error: the commit-msg hook refused the commit (exit status 1); nothing was committed\n");
	th_result_free(&r);
	{
		char *now = sh_out(dir, "git rev-parse HEAD");
		cr_assert_str_eq(now, head);
		free(now);
	}
	free(head);
	free(dir);
}
