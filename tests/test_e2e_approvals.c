/* End to end: what pmo validate proves about change requests from the
 * history (issue 12, "CI proves it"): signed approvals (ssh keys made
 * here with ssh-keygen, a gpg key in a temporary GNUPGHOME), the policy
 * met by an approved or implemented change, the merged content the one
 * approved, the recorded impact the one computed again. wang-li requests,
 * zhao-min is the sponsor, liu-yang is of the PMO. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

#define AS_ZHAO "GIT_AUTHOR_NAME=赵敏 GIT_AUTHOR_EMAIL=zhao.min@bank.example " \
		"GIT_COMMITTER_NAME=赵敏 GIT_COMMITTER_EMAIL=zhao.min@bank.example "
#define AS_LIU "GIT_AUTHOR_NAME=刘洋 GIT_AUTHOR_EMAIL=liu.yang@bank.example " \
	       "GIT_COMMITTER_NAME=刘洋 GIT_COMMITTER_EMAIL=liu.yang@bank.example "
/* git config that makes a commit signed with an ssh key of .git/keys */
#define SSH_SIGN(key) "GIT_CONFIG_COUNT=3 GIT_CONFIG_KEY_0=commit.gpgsign GIT_CONFIG_VALUE_0=true " \
		      "GIT_CONFIG_KEY_1=gpg.format GIT_CONFIG_VALUE_1=ssh GIT_CONFIG_KEY_2=user.signingkey " \
		      "GIT_CONFIG_VALUE_2=\"$PWD/.git/keys/" key "\" "

/* The branch of CR-1 merged into master as pmo change merge does, by hand. */
#define MERGE_BY_HAND "git switch -q master && git merge -q --no-ff -m 'change CBM/CR-1: merge' " \
		      "-m 'Pmo-Change: CBM/CR-1' change/CBM/CR-1 && " \
		      "sed -i 's/^status: approved/status: implemented/' projects/CBM/changes/CR-1.yaml && " \
		      "git commit -q --amend -a --no-edit"

/* zhao-min's approval entry copied as liu-yang's by hand, committed by
 * liu-yang. */
#define FORGE_AS_LIU "sed -n '/^  - by: zhao-min$/,$p' projects/CBM/changes/CR-1.yaml | " \
		     "sed 's/zhao-min/liu-yang/' >forged && cat forged >>projects/CBM/changes/CR-1.yaml && " \
		     "rm forged && " AS_LIU "git commit -qam 'change CBM/CR-1: approve'"

/* CR-1, moving UAT by five working days, submitted on its branch. */
static char *submitted(const char *policy)
{
	char *dir = th_change_repo(policy);

	free(th_sh(dir, "pmo -p CBM change start 'UAT 延长一周' 2>/dev/null && "
			"pmo -p CBM task set T-3 duration=15d && pmo change submit CBM/CR-1 >/dev/null"));
	return dir;
}

/* ssh keys for zhao-min and liu-yang, each listed under their email in
 * the allowed signers file the repository's git config names. */
static void ssh_keys(const char *dir)
{
	free(th_sh(dir, "mkdir -p .git/keys && "
			"ssh-keygen -q -t ed25519 -N '' -C zhao -f .git/keys/zhao && "
			"ssh-keygen -q -t ed25519 -N '' -C liu -f .git/keys/liu && "
			"{ printf 'zhao.min@bank.example '; cut -d' ' -f1,2 .git/keys/zhao.pub; "
			"printf 'liu.yang@bank.example '; cut -d' ' -f1,2 .git/keys/liu.pub; } >.git/keys/allowed && "
			"git config gpg.ssh.allowedSignersFile \"$PWD/.git/keys/allowed\""));
}

/* CR-1 submitted under signed: true, with ssh_keys; the test skipped
 * when ssh-keygen is missing. */
static char *signed_repo(void)
{
	char *dir;

	if (!th_have("/", "ssh-keygen"))
		cr_skip_test("ssh-keygen is not installed: ssh-signed approvals are not tested");
	dir = submitted("changes:\n  signed: true\n");
	ssh_keys(dir);
	return dir;
}

Test(e2e_approvals, ssh_signed_approval_merges_and_validates)
{
	char *dir;
	th_result r;

	dir = signed_repo();
	RUN(&r, dir, AS_ZHAO SSH_SIGN("zhao") "pmo change approve CBM/CR-1 --comment 同意");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	/* git itself finds the signature good */
	th_assert_sh(dir, "git verify-commit HEAD 2>&1 | head -1 | cut -d' ' -f1-5",
		     "Good \"git\" signature for zhao.min@bank.example\n");
	RUN(&r, dir, "pmo validate");
	EXPECT(&r, 0, "0 errors, 0 warnings in 7 files\n", "");
	th_result_free(&r);
	RUN(&r, dir, "pmo change merge CBM/CR-1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "pmo validate");
	EXPECT(&r, 0, "0 errors, 0 warnings in 7 files\n", "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_approvals, unsigned_approval_refused_by_validate_and_merge)
{
	char *dir, *before, *after;
	th_result r;

	dir = signed_repo();
	free(th_sh(dir, AS_ZHAO "pmo change approve CBM/CR-1 >/dev/null"));
	RUN(&r, dir, "pmo validate");
	cr_assert_eq(r.status, 1, "%s", r.out);
	cr_assert(strstr(r.out, "projects/CBM/changes/CR-1.yaml:23:5: error: approval by zhao-min must be "
				"signed (changes: signed: true): commit ") &&
		  strstr(r.out, " is not signed [change-approval]\n"), "%s", r.out);
	th_result_free(&r);
	before = th_sh(dir, "git rev-list --count --all");
	RUN(&r, dir, "pmo change merge CBM/CR-1");
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert(strstr(r.err, "approval by zhao-min must be signed"), "%s", r.err);
	th_result_free(&r);
	after = th_sh(dir, "git rev-list --count --all");
	cr_assert_str_eq(before, after);
	th_assert_sh(dir, "git branch --show-current", "change/CBM/CR-1\n");
	free(before);
	free(after);
	free(dir);
}

Test(e2e_approvals, approval_signed_with_another_key_refused)
{
	char *dir;
	th_result r;

	dir = signed_repo();
	/* zhao-min's commit, signed with liu-yang's key: git verify-commit
	 * calls it good; pmo asks that the signer be the approver */
	free(th_sh(dir, AS_ZHAO SSH_SIGN("liu") "pmo change approve CBM/CR-1 >/dev/null"));
	th_assert_sh(dir, "git verify-commit HEAD >/dev/null 2>&1 && echo good", "good\n");
	RUN(&r, dir, "pmo validate");
	cr_assert_eq(r.status, 1, "%s", r.out);
	cr_assert(strstr(r.out, "projects/CBM/changes/CR-1.yaml:23:5: error: approval by zhao-min was signed "
				"by liu.yang@bank.example, not by zhao.min@bank.example (commit "), "%s", r.out);
	th_result_free(&r);
	/* a key no allowed signer has */
	free(th_sh(dir, "ssh-keygen -q -t ed25519 -N '' -C stranger -f .git/keys/stranger"));
	free(th_sh(dir, AS_ZHAO SSH_SIGN("stranger") "pmo change approve CBM/CR-1 --comment 再次 >/dev/null"));
	RUN(&r, dir, "pmo validate");
	cr_assert_eq(r.status, 1, "%s", r.out);
	cr_assert(strstr(r.out, "error: approval by zhao-min must be signed (changes: signed: true): no "
				"principal in "), "%s", r.out);
	th_result_free(&r);
	free(dir);
}

Test(e2e_approvals, gpg_signed_approval_validates)
{
	char *dir;
	th_result r;

	if (!th_have("/", "gpg"))
		cr_skip_test("gpg is not installed: gpg-signed approvals are not tested");
	dir = submitted("changes:\n  signed: true\n");
	free(th_sh(dir, "mkdir -m 700 .git/gnupg && GNUPGHOME=\"$PWD/.git/gnupg\" gpg --batch -q "
			"--passphrase '' --quick-gen-key '赵敏 <zhao.min@bank.example>' ed25519 sign never "
			"2>/dev/null"));
	RUN(&r, dir, "GNUPGHOME=\"$PWD/.git/gnupg\" " AS_ZHAO
	    "GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=commit.gpgsign GIT_CONFIG_VALUE_0=true "
	    "GIT_CONFIG_KEY_1=user.signingkey GIT_CONFIG_VALUE_1=zhao.min@bank.example "
	    "pmo change approve CBM/CR-1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "GNUPGHOME=\"$PWD/.git/gnupg\" pmo validate");
	EXPECT(&r, 0, "0 errors, 0 warnings in 7 files\n", "");
	th_result_free(&r);
	/* without the key, the signature cannot be checked: refused */
	RUN(&r, dir, "GNUPGHOME=\"$PWD/.git\" pmo validate");
	cr_assert_eq(r.status, 1, "%s", r.out);
	cr_assert(strstr(r.out, "error: approval by zhao-min must be signed (changes: signed: true): bad gpg "
				"signature [change-approval]\n"), "%s", r.out);
	th_result_free(&r);
	free(th_sh(dir, "gpgconf --homedir \"$PWD/.git/gnupg\" --kill all 2>/dev/null || true"));
	free(dir);
}

Test(e2e_approvals, approved_change_must_meet_the_policy)
{
	char *dir = submitted("changes:\n  rules:\n    - when: {finish_days: 3}\n"
			      "      approvers: [sponsor, pmo]\n      quorum: 2\n");
	th_result r;

	free(th_sh(dir, AS_ZHAO "pmo change approve CBM/CR-1 >/dev/null"));
	th_assert_sh(dir, "grep '^status' projects/CBM/changes/CR-1.yaml", "status: submitted\n");
	RUN(&r, dir, "pmo validate");
	EXPECT(&r, 0, "0 errors, 0 warnings in 7 files\n", "");
	th_result_free(&r);
	/* the requester marks it approved by hand */
	free(th_sh(dir, "sed -i 's/^status: submitted/status: approved/' projects/CBM/changes/CR-1.yaml && "
			"git commit -qam 'approved'"));
	RUN(&r, dir, "pmo validate");
	EXPECT(&r, 1, "projects/CBM/changes/CR-1.yaml:3:9: error: CBM/CR-1 is approved but the policy asks "
		      "for 2 approvals from sponsor (zhao-min), pmo (finish moves 3 working days or more); "
		      "there is 1 (zhao-min) [change-approval]\n1 error, 0 warnings in 7 files\n", "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_approvals, implemented_without_a_merge_is_caught)
{
	char *dir = submitted("");
	th_result r;

	free(th_sh(dir, AS_ZHAO "pmo change approve CBM/CR-1 >/dev/null && "
			"sed -i 's/^status: approved/status: implemented/' projects/CBM/changes/CR-1.yaml && "
			"git commit -qam 'done'"));
	RUN(&r, dir, "pmo validate");
	EXPECT(&r, 1, "projects/CBM/changes/CR-1.yaml:3:9: error: CBM/CR-1 is implemented but no merge "
		      "commit names it (Pmo-Change: CBM/CR-1) [change-approval]\n"
		      "1 error, 0 warnings in 7 files\n", "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_approvals, merged_content_must_be_the_approved)
{
	char *dir = submitted("");
	th_result r;

	/* approved, then changed again, merged by hand as if pmo had */
	free(th_sh(dir, AS_ZHAO "pmo change approve CBM/CR-1 >/dev/null && "
			"pmo -p CBM task set T-3 duration=16d && " MERGE_BY_HAND));
	RUN(&r, dir, "pmo validate");
	cr_assert_eq(r.status, 1, "%s", r.out);
	cr_assert(strstr(r.out, "error: the content merged into master (commit ") &&
		  strstr(r.out, ") is not what was approved: no approval of CBM/CR-1 names its tree "
				"[change-approval]\n"), "%s", r.out);
	th_result_free(&r);
	free(dir);
}

Test(e2e_approvals, recorded_impact_must_be_the_computed)
{
	char *dir = submitted("");
	th_result r;

	/* the tree the approval wrote is pruned by git gc: the approved
	 * content is still proved, by hashing */
	free(th_sh(dir, AS_ZHAO "pmo change approve CBM/CR-1 >/dev/null && pmo change merge CBM/CR-1 >/dev/null 2>&1 && "
			"git branch -qD change/CBM/CR-1 2>/dev/null; git reflog expire --expire=now --all && "
			"git gc -q --prune=now"));
	th_assert_sh(dir, "git cat-file -e $(sed -n 's/^    tree: //p' projects/CBM/changes/CR-1.yaml) "
			  "2>/dev/null || echo pruned", "pruned\n");
	RUN(&r, dir, "pmo validate");
	EXPECT(&r, 0, "0 errors, 0 warnings in 7 files\n", "");
	th_result_free(&r);
	/* the impact rewritten smaller after the merge */
	free(th_sh(dir, "sed -i 's/^  finish_days: 5$/  finish_days: 1/' projects/CBM/changes/CR-1.yaml && "
			"git commit -qam 'smaller'"));
	RUN(&r, dir, "pmo validate");
	cr_assert_eq(r.status, 1, "%s", r.out);
	cr_assert(strstr(r.out, "projects/CBM/changes/CR-1.yaml:10:3: error: the recorded impact is not the "
				"one computed from the change: pmo change submit writes it [change-approval]\n"),
		  "%s", r.out);
	th_result_free(&r);
	free(dir);
}

Test(e2e_approvals, cost_over_the_line_needs_two_approvers)
{
	char *dir = th_change_repo("changes:\n  rules:\n    - when: {cost: \"500000.00\"}\n"
				   "      approvers: [sponsor, pmo]\n      quorum: 2\n");
	char *file;
	th_result r;

	free(th_sh(dir, "pmo -p CBM change start 采购服务器 2>/dev/null && "
			"pmo -p CBM task set T-2 cost=600000.00 && pmo change submit CBM/CR-1 >/dev/null"));
	file = th_read(dir, "projects/CBM/changes/CR-1.yaml");
	cr_assert(strstr(file, "impact:\n  finish_days: 0\n  cost: '600000.00'\n  projects:\n"
			       "    - project: CBM\n"), "%s", file);
	cr_assert(strstr(file, "      cost:\n        planned:\n          before: '0.00'\n"
			       "          after: '600000.00'\n        budget:\n          before: null\n"
			       "          after: null\n"), "%s", file);
	free(file);
	th_assert_sh(dir, "pmo change diff CBM/CR-1 --format json | grep '^      \"cost\"' | tr -d ' \\n'",
		     "\"cost\":{\"planned\":{\"before\":\"0.00\",\"after\":\"600000.00\"},\"budget\":{\"before\":null,"
		     "\"after\":null}},");
	free(th_sh(dir, AS_ZHAO "pmo change approve CBM/CR-1 >/dev/null"));
	th_assert_sh(dir, "grep '^status' projects/CBM/changes/CR-1.yaml", "status: submitted\n");
	RUN(&r, dir, "pmo change merge CBM/CR-1");
	EXPECT(&r, 1, "", "pmo: error: the policy asks for 2 approvals from sponsor (zhao-min), pmo "
			  "(cost changes by 500000.00 or more); there is 1 (zhao-min)\n");
	th_result_free(&r);
	free(th_sh(dir, AS_LIU "pmo change approve CBM/CR-1 >/dev/null"));
	th_assert_sh(dir, "grep '^status' projects/CBM/changes/CR-1.yaml", "status: approved\n");
	RUN(&r, dir, "pmo change merge CBM/CR-1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	RUN(&r, dir, "pmo validate");
	EXPECT(&r, 0, "0 errors, 0 warnings in 7 files\n", "");
	th_result_free(&r);
	free(dir);
}

Test(e2e_approvals, cost_under_the_line_needs_one)
{
	char *dir = th_change_repo("changes:\n  rules:\n    - when: {cost: \"500000.00\"}\n"
				   "      approvers: [sponsor, pmo]\n      quorum: 2\n");

	free(th_sh(dir, "pmo -p CBM change start 采购服务器 2>/dev/null && "
			"pmo -p CBM task set T-2 cost=400000.00 && pmo change submit CBM/CR-1 >/dev/null && "
			AS_ZHAO "pmo change approve CBM/CR-1 >/dev/null"));
	th_assert_sh(dir, "grep -E '^(status|  cost)' projects/CBM/changes/CR-1.yaml",
		     "status: approved\n  cost: '400000.00'\n");
	free(dir);
}

Test(e2e_approvals, implementer_approval_forged_is_caught)
{
	char *dir = submitted("");
	th_result r;

	/* liu-yang changes the plan on the branch, zhao-min (the sponsor)
	 * approves; then zhao-min's entry is copied as liu-yang's by hand,
	 * committed by liu-yang, and the branch merged as pmo would */
	free(th_sh(dir, AS_LIU "pmo -p CBM task set T-2 duration=12d >/dev/null && "
			AS_ZHAO "pmo change approve CBM/CR-1 >/dev/null && " FORGE_AS_LIU " && " MERGE_BY_HAND));
	RUN(&r, dir, "pmo validate");
	cr_assert_eq(r.status, 1, "%s", r.out);
	cr_assert(strstr(r.out, "error: approval by liu-yang, who changed CBM/CR-1 (commit ") &&
		  strstr(r.out, "): an author of the change never approves it [change-approval]\n"), "%s", r.out);
	cr_assert(!strstr(r.out, "approval by zhao-min"), "%s", r.out);
	th_result_free(&r);
	free(dir);
}

/* The forged approval of an implementer on a branch not yet merged is
 * caught too: the change's commits are those of the revision validated
 * since its base (the branch itself checked out, as CI on its merge
 * request; or named with --rev), and, the base gone or holding the
 * change already, those of the CR file's own line, from its last commit
 * back to the one that created it. */
/* `pmo validate ARGS` in dir finds liu-yang's approval (the entry on the
 * line his approval starts) made by an author of the change (his commit
 * to the plan), its findings prefixed as --rev prefixes them. */
static void caught(const char *dir, const char *args, const char *prefix)
{
	char *commit, *line, *want;
	th_result r;

	commit = th_sh(dir, "git log -1 --format=%%h --author=liu.yang change/CBM/CR-1 -- projects/CBM/plan.yaml | "
			    "tr -d '\\n'");
	line = th_sh(dir, "git show change/CBM/CR-1:projects/CBM/changes/CR-1.yaml | "
			  "grep -n '^  - by: liu-yang$' | cut -d: -f1 | tr -d '\\n'");
	cr_assert(asprintf(&want, "%sprojects/CBM/changes/CR-1.yaml:%s:5: error: approval by liu-yang, who changed "
				  "CBM/CR-1 (commit %s): an author of the change never approves it "
				  "[change-approval]\n1 error, 0 warnings in 7 files\n", prefix, line, commit) > 0);
	RUN(&r, dir, "pmo validate %s", args);
	EXPECT(&r, 1, want, "");
	th_result_free(&r);
	free(commit);
	free(line);
	free(want);
}

Test(e2e_approvals, implementer_approval_caught_before_the_merge)
{
	char *dir = submitted("");
	th_result r;

	free(th_sh(dir, AS_LIU "pmo -p CBM task set T-2 duration=12d >/dev/null && "
			AS_ZHAO "pmo change approve CBM/CR-1 >/dev/null"));
	RUN(&r, dir, "pmo validate");
	EXPECT(&r, 0, "0 errors, 0 warnings in 7 files\n", "");
	th_result_free(&r);
	free(th_sh(dir, FORGE_AS_LIU));
	caught(dir, "", "");
	free(th_sh(dir, "git switch -q master"));
	caught(dir, "--rev change/CBM/CR-1", "change/CBM/CR-1:");
	th_assert_sh(dir, "git switch -q change/CBM/CR-1 && git branch -q -m master old && git branch --list",
		     "* change/CBM/CR-1\n  old\n");
	caught(dir, "", "");
	/* merged into master with plain git, the CR still approved, and
	 * master gone on: a branch made from it holds the change, whose
	 * commits the CR file's line still names */
	free(th_sh(dir, "git branch -q -m old master && git switch -q master && "
			"git merge -q --no-ff -m 'merge CR-1' change/CBM/CR-1 && git switch -q -c next && "
			"git commit -q --allow-empty -m 'later work' && git switch -q master"));
	caught(dir, "--rev next", "next:");
	free(dir);
}

/* The base's own commits merged into the change (to bring it up to date,
 * as a forge's "update branch" does) are not the change's: the sponsor
 * who committed on the base still approves it, with the base at hand and
 * without it. */
Test(e2e_approvals, base_merged_into_the_change_is_not_the_change)
{
	char *dir = submitted("");
	th_result r;

	free(th_sh(dir, "git switch -q master && printf 'minutes\\n' >minutes.txt && git add minutes.txt && "
			AS_ZHAO "git commit -qm 'steering committee minutes' && git switch -q change/CBM/CR-1 && "
			"git merge -q --no-edit master && " AS_ZHAO "pmo change approve CBM/CR-1 >/dev/null"));
	th_assert_sh(dir, "grep '^status' projects/CBM/changes/CR-1.yaml", "status: approved\n");
	RUN(&r, dir, "pmo validate");
	EXPECT(&r, 0, "0 errors, 0 warnings in 7 files\n", "");
	th_result_free(&r);
	RUN(&r, dir, "git branch -q -m master old && pmo validate");
	EXPECT(&r, 0, "0 errors, 0 warnings in 7 files\n", "");
	th_result_free(&r);
	free(dir);
}

/* The policy a merged change is checked against is the one of the branch
 * it was merged into as it stood (the merge's first parent): raising the
 * quorum later leaves the changes merged before alone, and reaches the
 * ones merged after. */
Test(e2e_approvals, raised_quorum_reaches_only_later_changes)
{
	char *dir = submitted("");
	th_result r;

	free(th_sh(dir, AS_ZHAO "pmo change approve CBM/CR-1 >/dev/null && pmo change merge CBM/CR-1 >/dev/null 2>&1 && "
			"printf 'changes:\\n  approvers: [sponsor, pmo]\\n  quorum: 2\\n' >>pmo.yaml && "
			"git commit -qm 'two approvals from now on' pmo.yaml"));
	th_assert_sh(dir, "git branch --show-current; grep '^status' projects/CBM/changes/CR-1.yaml",
		     "master\nstatus: implemented\n");
	RUN(&r, dir, "pmo validate");
	EXPECT(&r, 0, "0 errors, 0 warnings in 7 files\n", "");
	th_result_free(&r);
	/* CR-2, under the raised quorum, approved by the sponsor only and
	 * merged by hand as if pmo had */
	free(th_sh(dir, "pmo -p CBM change start 再延长 2>/dev/null && pmo -p CBM task set T-3 duration=20d && "
			"pmo change submit CBM/CR-2 >/dev/null && " AS_ZHAO "pmo change approve CBM/CR-2 >/dev/null && "
			"git switch -q master && git merge -q --no-ff -m 'change CBM/CR-2: merge' "
			"-m 'Pmo-Change: CBM/CR-2' change/CBM/CR-2 && "
			"sed -i 's/^status: submitted/status: implemented/' projects/CBM/changes/CR-2.yaml && "
			"git commit -q --amend -a --no-edit"));
	RUN(&r, dir, "pmo validate");
	EXPECT(&r, 1, "projects/CBM/changes/CR-2.yaml:3:9: error: CBM/CR-2 is implemented but the policy asks "
		      "for 2 approvals from sponsor (zhao-min), pmo; there is 1 (zhao-min) [change-approval]\n"
		      "1 error, 0 warnings in 8 files\n", "");
	th_result_free(&r);
	free(dir);
}

/* A change that lowers the policy on its own branch is judged by the
 * policy of the branch it is merged into: pmo change merge refuses it,
 * and so does validate when it was merged by hand. */
Test(e2e_approvals, policy_lowered_by_the_change_does_not_count)
{
	char *dir = submitted("changes:\n  approvers: [sponsor, pmo]\n  quorum: 2\n");
	char *before, *after;
	th_result r;

	free(th_sh(dir, "sed -i 's/^  quorum: 2$/  quorum: 1/' pmo.yaml && git commit -qam 'one is enough' && "
			"pmo change submit CBM/CR-1 >/dev/null && " AS_ZHAO "pmo change approve CBM/CR-1 >/dev/null"));
	th_assert_sh(dir, "grep '^status' projects/CBM/changes/CR-1.yaml", "status: approved\n");
	before = th_sh(dir, "git rev-parse master");
	RUN(&r, dir, "pmo change merge CBM/CR-1");
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert(strstr(r.err, "the policy asks for 2 approvals from sponsor (zhao-min), pmo; there is 1 (zhao-min)"),
		  "%s", r.err);
	th_result_free(&r);
	after = th_sh(dir, "git rev-parse master");
	cr_assert_str_eq(before, after);
	free(th_sh(dir, MERGE_BY_HAND));
	th_assert_sh(dir, "grep 'quorum' pmo.yaml", "  quorum: 1\n");
	RUN(&r, dir, "pmo validate");
	EXPECT(&r, 1, "projects/CBM/changes/CR-1.yaml:3:9: error: CBM/CR-1 is implemented but the policy asks "
		      "for 2 approvals from sponsor (zhao-min), pmo; there is 1 (zhao-min) [change-approval]\n"
		      "1 error, 0 warnings in 7 files\n", "");
	th_result_free(&r);
	free(before);
	free(after);
	free(dir);
}

/* A shallow clone's history stops at its boundary: validate says change
 * requests need the full history, naming the boundary, and reports no
 * false error; with --strict that is an error (CI that must prove the
 * approvals uses a full clone); the full clone validates clean. */
#define SHALLOW(severity, counts) "projects/CBM/changes/CR-1.yaml:1:1: " severity ": change requests need the " \
	"full history, and this clone is shallow: its history stops at commit %s, so no approval was checked; " \
	"run git fetch --unshallow [change-approval]\n" counts " in 7 files\n"

Test(e2e_approvals, shallow_clone_warns_instead_of_false_errors)
{
	char *dir = submitted(""), *clone, *boundary, *want, *strict;
	th_result r;

	free(th_sh(dir, AS_ZHAO "pmo change approve CBM/CR-1 >/dev/null && pmo change merge CBM/CR-1 >/dev/null 2>&1 && "
			"git clone -q --depth 1 --no-local . .git/shallow && git clone -q --no-local . .git/full"));
	cr_assert(asprintf(&clone, "%s/.git/shallow", dir) > 0);
	boundary = th_sh(clone, "git rev-parse --short=7 HEAD | tr -d '\\n'");
	cr_assert(asprintf(&want, SHALLOW("warning", "0 errors, 1 warning"), boundary) > 0);
	RUN(&r, clone, "pmo validate");
	EXPECT(&r, 0, want, "");
	th_result_free(&r);
	cr_assert(asprintf(&strict, SHALLOW("error", "1 error, 0 warnings"), boundary) > 0);
	RUN(&r, clone, "pmo validate --strict");
	EXPECT(&r, 1, strict, "");
	th_result_free(&r);
	free(strict);
	free(clone);
	cr_assert(asprintf(&clone, "%s/.git/full", dir) > 0);
	RUN(&r, clone, "pmo validate");
	EXPECT(&r, 0, "0 errors, 0 warnings in 7 files\n", "");
	th_result_free(&r);
	free(clone);
	free(boundary);
	free(want);
	free(dir);
}

/* In a clone that has only the remote's base (origin/master, as CI checks
 * out a merge request's branch), pmo change approve counts the change's
 * commits from there, as pmo validate does: the sponsor approves, an
 * implementer is refused, naming the commit. */
Test(e2e_approvals, approve_in_a_clone_counts_from_origin_base)
{
	char *dir = submitted(""), *clone;
	th_result r;

	free(th_sh(dir, AS_LIU "pmo -p CBM task set T-2 duration=12d >/dev/null && git switch -q master && "
			"git clone -q --no-local . .git/ci"));
	cr_assert(asprintf(&clone, "%s/.git/ci", dir) > 0);
	th_assert_sh(clone, "git switch -q change/CBM/CR-1 && git branch -q -D master && "
			    "git branch --list && git rev-parse -q --verify origin/master >/dev/null && echo origin",
		     "* change/CBM/CR-1\norigin\n");
	RUN(&r, clone, AS_LIU "pmo change approve CBM/CR-1");
	cr_assert_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_assert(strstr(r.err, "liu-yang changed CBM/CR-1 (commit ") && strstr(r.err, "cannot approve it"),
		  "%s", r.err);
	th_result_free(&r);
	RUN(&r, clone, AS_ZHAO "pmo change approve CBM/CR-1");
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	th_result_free(&r);
	th_assert_sh(clone, "grep -c '^  - by: zhao-min$' projects/CBM/changes/CR-1.yaml", "1\n");
	free(clone);
	free(dir);
}
