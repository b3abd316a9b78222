/* End to end: what a killed pmo leaves and how the next command names its
 * repair; shallow clones; links refused; file modes kept; a file put back
 * after a failed commit; another program's edit between pmo's check and its
 * write (issue 8). Each crash state is made exactly as a kill at that
 * moment leaves it: the lock files written by hand, the index rolled back. */
#define _GNU_SOURCE /* vasprintf */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

static const char add_cmd[] =
	"pmo -p CBM risk add 核心数据迁移丢失 probability=4 impact=5 owner=wang-li "
	"strategy=mitigate category=technical contingency=回滚到旧系统并启用双轨运行";
static const char r1[] = "projects/CBM/risks/R-1.yaml";

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
	va_list ap;
	char *s;

	va_start(ap, f);
	cr_assert(vasprintf(&s, f, ap) >= 0);
	va_end(ap);
	return s;
}

static char *demo_with_risk(void)
{
	char *dir = th_demo_repo();

	free(th_sh(dir, "%s", add_cmd));
	return dir;
}

/* The first 7 hex digits of a revision, without the newline. */
static char *short_id(const char *dir, const char *rev)
{
	char *s = th_sh(dir, "git rev-parse --short=7 %s", rev);

	s[strcspn(s, "\n")] = '\0';
	return s;
}

static char *branch(const char *dir)
{
	char *s = th_sh(dir, "git symbolic-ref --short HEAD");

	s[strcspn(s, "\n")] = '\0';
	return s;
}

/* the repair is a shell command line: run it as the user would */
static void run_repair(const char *dir, const char *err)
{
	const char *p = strstr(err, "repair with: ");
	char *cmd;

	cr_assert(p, "no repair named: %s", err);
	cmd = strdup(p + strlen("repair with: "));
	cmd[strcspn(cmd, "\n")] = '\0';
	free(th_sh(dir, "%s", cmd));
	free(cmd);
}

/* ---- crash windows ---- */

/* Killed after the branch moved and before the index was renamed in: the
 * commit is there, the index holds the file as before it, pmo's lock and
 * new index are left. */
Test(e2e_crash, killed_after_the_commit_before_the_index_names_the_repair)
{
	char *dir = demo_with_risk(), *id, *want;
	th_result r;

	free(th_sh(dir, "cp .git/index .git/saved-index && pmo risk set CBM/R-1 impact=2 && "
		     "cp .git/index .git/index.pmo-4242 && cp .git/saved-index .git/index && "
		     "printf 'pmo-lock 4242\\n' > .git/index.lock"));
	/* git sees the commit staged in reverse: committing would undo it */
	th_assert_sh(dir, "git diff --cached --stat | tail -1",
		  " 1 file changed, 1 insertion(+), 1 deletion(-)\n");
	id = short_id(dir, "HEAD");
	want = fmt("pmo: error: an earlier pmo command was interrupted after it committed %s "
		   "\"risk CBM/R-1: set impact=2\" and before it updated the index, which still "
		   "holds projects/CBM/risks/R-1.yaml as before that commit (a git commit now would "
		   "undo it); repair with: rm -f .git/index.lock .git/index.pmo-4242 && git reset "
		   "-q -- projects/CBM/risks/R-1.yaml\n", id);
	/* every changing command says it, not "commit or stash" */
	RUN(&r, dir, "pmo risk set CBM/R-1 impact=3");
	EXPECT(&r, 1, "", want);
	th_result_free(&r);
	RUN(&r, dir, "%s", add_cmd);
	EXPECT(&r, 1, "", want);
	th_result_free(&r);
	run_repair(dir, want);
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	th_assert_sh(dir, "git diff --cached HEAD", "");
	th_assert_sh(dir, "git fsck --strict --no-dangling 2>&1", "");
	RUN(&r, dir, "pmo risk set CBM/R-1 impact=3");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	free(want);
	free(id);
	free(dir);
}

/* The same window in an add: the index does not have the new file yet. */
Test(e2e_crash, killed_after_an_add_before_the_index_names_the_repair)
{
	char *dir = th_demo_repo(), *id, *want;
	th_result r;

	free(th_sh(dir, "cp .git/index .git/saved-index && %s && "
		     "mv .git/index .git/index.pmo-77 && cp .git/saved-index .git/index && "
		     "printf 'pmo-lock 77\\n' > .git/index.lock", add_cmd));
	th_assert_sh(dir, "git status --porcelain -uall", "D  projects/CBM/risks/R-1.yaml\n?? projects/CBM/risks/R-1.yaml\n");
	id = short_id(dir, "HEAD");
	want = fmt("pmo: error: an earlier pmo command was interrupted after it committed %s "
		   "\"risk CBM/R-1: add 核心数据迁移丢失\" and before it updated the index, which "
		   "still holds projects/CBM/risks/R-1.yaml as before that commit (a git commit now "
		   "would undo it); repair with: rm -f .git/index.lock .git/index.pmo-77 && git "
		   "reset -q -- projects/CBM/risks/R-1.yaml\n", id);
	RUN(&r, dir, "cd projects/CBM && %s", add_cmd);
	/* from a sub-folder, the paths are relative to it, as git wants them */
	free(want);
	want = fmt("pmo: error: an earlier pmo command was interrupted after it committed %s "
		   "\"risk CBM/R-1: add 核心数据迁移丢失\" and before it updated the index, which "
		   "still holds risks/R-1.yaml as before that commit (a git commit now would undo "
		   "it); repair with: rm -f ../../.git/index.lock ../../.git/index.pmo-77 && git "
		   "reset -q -- risks/R-1.yaml\n", id);
	EXPECT(&r, 1, "", want);
	th_result_free(&r);
	free(th_sh(dir, "cd projects/CBM && %s", strstr(want, "rm -f")));
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	RUN(&r, dir, "%s", add_cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	th_assert_sh(dir, "ls projects/CBM/risks", "R-1.yaml\nR-2.yaml\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	free(want);
	free(id);
	free(dir);
}

/* Killed before the branch moved (the branch's own lock left too): no
 * commit; the file it wrote is an uncommitted change. */
Test(e2e_crash, killed_before_the_commit_names_the_repair)
{
	char *dir = demo_with_risk(), *head = th_sh(dir, "git rev-parse HEAD"), *b = branch(dir), *want;
	th_result r;

	free(th_sh(dir, "cp .git/index .git/saved-index && sed -i 's/^impact: 5/impact: 2/' %s && "
		     "git add %s && mv .git/index .git/index.pmo-99 && cp .git/saved-index .git/index && "
		     "printf 'pmo-lock 99\\n' > .git/index.lock && git rev-parse HEAD > .git/refs/heads/%s.lock",
		r1, r1, b));
	want = fmt("pmo: error: an earlier pmo command was interrupted before it committed; what it "
		   "wrote to projects/CBM/risks/R-1.yaml is not committed; its lock and temporary "
		   "files are left; repair with: rm -f .git/index.lock .git/index.pmo-99 "
		   ".git/refs/heads/%s.lock\n", b);
	RUN(&r, dir, "pmo risk close CBM/R-1 --reason done");
	EXPECT(&r, 1, "", want);
	th_result_free(&r);
	run_repair(dir, want);
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", " M projects/CBM/risks/R-1.yaml\n");
	th_assert_sh(dir, "git fsck --strict --no-dangling 2>&1", "");
	/* what is left is an ordinary uncommitted change */
	RUN(&r, dir, "pmo risk set CBM/R-1 impact=3");
	EXPECT(&r, 1, "", "pmo: error: projects/CBM/risks/R-1.yaml has uncommitted changes; "
			  "commit or stash them first\n");
	th_result_free(&r);
	{
		char *now = th_sh(dir, "git rev-parse HEAD");
		cr_assert_str_eq(now, head);
		free(now);
	}
	free(want);
	free(b);
	free(head);
	free(dir);
}

/* Killed holding only its lock: named at once (no wait for a git that is
 * not there); a lock of git's own keeps git's message. */
Test(e2e_crash, a_stale_pmo_lock_alone_is_named_at_once)
{
	char *dir = demo_with_risk(), *want;
	th_result r;

	th_write(dir, ".git/index.lock", "pmo-lock 31337\n");
	want = strdup("pmo: error: an earlier pmo command was interrupted and left its lock on the "
		      "index; repair with: rm -f .git/index.lock\n");
	RUN(&r, dir, "pmo risk set CBM/R-1 impact=2");
	EXPECT(&r, 1, "", want);
	th_result_free(&r);
	run_repair(dir, want);
	RUN(&r, dir, "pmo risk set CBM/R-1 impact=2");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	free(want);
	free(dir);
}

/* Killed while writing a record: its temporary file is removed by the next
 * command that writes beside it, and said so. */
Test(e2e_crash, leftover_temporary_files_are_removed_and_named)
{
	char *dir = demo_with_risk();
	th_result r;

	th_write(dir, "projects/CBM/risks/.R-1.yaml.pmo-aB3dE5gH7jK9", "id: R-1\ntit");
	th_write(dir, "projects/CBM/risks/.R-2.yaml.pmo-000000000000", "");
	th_write(dir, "projects/CBM/risks/.keep.pmo-notmine", "x\n");
	RUN(&r, dir, "pmo risk set CBM/R-1 impact=2");
	cr_assert_str_eq(r.err, "pmo: warning: removed 2 temporary files that an interrupted pmo "
				"left beside projects/CBM/risks/R-1.yaml\n");
	cr_assert_eq(r.status, 0);
	th_result_free(&r);
	th_assert_sh(dir, "ls -A projects/CBM/risks", ".keep.pmo-notmine\nR-1.yaml\n");
	free(dir);
}

/* A branch lock that stays (a git that died moving it): after the retry
 * time, the lock file is named rather than "the branch kept moving". */
Test(e2e_crash, a_stale_branch_lock_is_named, .timeout = 60)
{
	char *dir = demo_with_risk(), *b = branch(dir), *want, *before = th_read(dir, r1), *after;
	th_result r;

	free(th_sh(dir, "git rev-parse HEAD > .git/refs/heads/%s.lock", b));
	want = fmt("pmo: error: cannot lock the branch: %s/.git/refs/heads/%s.lock exists; another "
		   "git process seems to be running in this repository (if not, remove that file)\n",
		   dir, b);
	RUN(&r, dir, "pmo risk set CBM/R-1 impact=2");
	EXPECT(&r, 1, "", want);
	th_result_free(&r);
	after = th_read(dir, r1);
	cr_assert_str_eq(after, before);
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	free(after);
	free(before);
	free(want);
	free(b);
	free(dir);
}

/* ---- shallow clones ---- */

Test(e2e_crash, risk_log_in_a_shallow_clone_says_where_history_is_cut)
{
	char *dir = demo_with_risk(), *clone, *cut;
	th_result r;

	free(th_sh(dir, "pmo risk set CBM/R-1 impact=3 && pmo risk set CBM/R-1 status=mitigating"));
	clone = fmt("%s-shallow", dir);
	free(th_sh(dir, "git clone -q --depth 2 \"file://$PWD\" \"$PWD-shallow\""));
	cut = short_id(clone, "HEAD~1");
	RUN(&r, clone, "pmo risk log CBM/R-1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "");
	/* the last line names the boundary commit */
	{
		char *last = fmt("    history cut: this shallow clone has no commits before %s "
				 "(git fetch --unshallow gets them)\n", cut);
		size_t n = strlen(r.out), m = strlen(last);
		cr_assert(n > m && !strcmp(r.out + n - m, last), "%s", r.out);
		cr_assert(strstr(r.out, "    risk CBM/R-1: set impact=3\n    id: R-1\n"), "%s", r.out);
		cr_assert(!strstr(r.out, "created"), "%s", r.out);
		free(last);
	}
	th_result_free(&r);
	RUN(&r, clone, "pmo risk log CBM/R-1 --format json | grep -c '\"event\": \"cut\"'");
	EXPECT(&r, 0, "1\n", "");
	th_result_free(&r);
	/* the whole history where the clone has it */
	RUN(&r, dir, "pmo risk log CBM/R-1 | grep -c 'history cut'");
	EXPECT(&r, 1, "0\n", "");
	th_result_free(&r);
	free(cut);
	free(clone);
	free(dir);
}

Test(e2e_crash, risk_log_in_a_depth_1_clone)
{
	char *dir = demo_with_risk(), *clone, *id, *want;
	th_result r;

	clone = fmt("%s-depth1", dir);
	free(th_sh(dir, "git clone -q --depth 1 \"file://$PWD\" \"$PWD-depth1\""));
	id = short_id(clone, "HEAD");
	RUN(&r, clone, "pmo risk log CBM/R-1 | tail -1");
	want = fmt("    history cut: this shallow clone has no commits before %s (git fetch "
		   "--unshallow gets them)\n", id);
	EXPECT(&r, 0, want, "");
	th_result_free(&r);
	free(want);
	free(id);
	free(clone);
	free(dir);
}

/* ---- links ---- */

static const char link_msg[] = "is a symbolic link (or in a linked folder); pmo does not read "
				"or write through links: replace it with the file itself";

Test(e2e_crash, a_linked_record_is_refused_everywhere_and_its_target_untouched)
{
	char *dir = demo_with_risk(), *outside, *before, *after, *want;
	th_result r;
	size_t i;
	const char *cmds[] = {
		"pmo risk list",
		"pmo risk show CBM/R-2",
		"pmo risk set CBM/R-2 impact=1",
		"pmo risk close CBM/R-2 --reason x",
	};

	outside = fmt("%s-outside.yaml", dir);
	free(th_sh(dir, "sed 's/^id: R-1/id: R-2/' %s > \"$PWD-outside.yaml\" && "
		     "ln -s \"$PWD-outside.yaml\" projects/CBM/risks/R-2.yaml", r1));
	before = th_read("", outside);
	want = fmt("projects/CBM/risks/R-2.yaml:1:1: error: %s\n", link_msg);
	/* list names it as any record it cannot read, and lists the others */
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		RUN(&r, dir, "%s", cmds[i]);
		cr_assert_str_eq(r.err, want, "%s", cmds[i]);
		cr_assert_eq(r.status, 1, "%s", cmds[i]);
		cr_assert(i == 0 ? !strstr(r.out, "R-2") : !*r.out, "%s: %s", cmds[i], r.out);
		th_result_free(&r);
	}
	RUN(&r, dir, "pmo validate");
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.err, "");
	{
		char *finding = fmt("projects/CBM/risks/R-2.yaml:1:1: error: %s [yaml]\n"
				    "1 error, 0 warnings in 6 files\n", link_msg);
		cr_assert_str_eq(r.out, finding);
		free(finding);
	}
	th_result_free(&r);
	after = th_read("", outside);
	cr_assert_str_eq(after, before);
	free(after);
	/* committed as a link (mode 120000): refused from git too, and its
	 * history is not told as a record's (log said "created") */
	free(th_sh(dir, "git add projects/CBM/risks/R-2.yaml && git commit -q -m link"));
	RUN(&r, dir, "pmo risk log CBM/R-2");
	EXPECT(&r, 1, "", "pmo: error: projects/CBM/risks/R-2.yaml: is a symbolic link; pmo does not read "
			  "or write through links\n");
	th_result_free(&r);
	free(want);
	want = fmt("HEAD:projects/CBM/risks/R-2.yaml:1:1: error: is a symbolic link (mode 120000) "
		   "in git; pmo does not read or write through links: commit the file itself\n");
	RUN(&r, dir, "pmo validate --rev HEAD");
	cr_assert_eq(r.status, 1);
	{
		char *finding = fmt("HEAD:projects/CBM/risks/R-2.yaml:1:1: error: is a symbolic "
				    "link (mode 120000) in git; pmo does not read or write through "
				    "links: commit the file itself [yaml]\n");
		cr_assert(strstr(r.out, finding), "%s", r.out);
		free(finding);
	}
	th_result_free(&r);
	free(th_sh(dir, "git clone -q --bare . \"$PWD-bare.git\""));
	RUN(&r, dir, "cd \"$PWD-bare.git\" && pmo risk show CBM/R-2");
	EXPECT(&r, 1, "", want);
	th_result_free(&r);
	after = th_read("", outside);
	cr_assert_str_eq(after, before);
	free(after);
	free(before);
	free(want);
	free(outside);
	free(dir);
}

/* A record folder that is a link: pmo writes no file through it. */
Test(e2e_crash, no_file_is_written_through_a_linked_folder)
{
	char *dir = th_demo_repo(), *want;
	th_result r;

	free(th_sh(dir, "mkdir \"$PWD-elsewhere\" && ln -s \"$PWD-elsewhere\" projects/CBM/risks"));
	want = fmt("pmo: error: projects/CBM/risks: is a symbolic link; pmo does not read or write through "
		   "links: replace it with what it points to\n");
	RUN(&r, dir, "%s", add_cmd);
	EXPECT(&r, 1, "", want);
	th_result_free(&r);
	th_assert_sh(dir, "ls -A \"$PWD-elsewhere\"", "");
	/* a folder the user names outside the tree may be reached through one */
	th_assert_sh(dir, "ln -s \"$PWD-elsewhere\" ../$(basename \"$PWD\")-out && "
		       "pmo schemas --write \"$PWD-out/s\" | wc -l && ls \"$PWD-elsewhere/s\" | grep -c json",
		  "29\n29\n");
	free(want);
	free(dir);
}

/* A person whose file is a link is named by nobody (the file behind it
 * could say anything, active: false too), and a project folder that is a
 * link hides its records from no rule: validate names it, commands refuse
 * it, in the worktree and once committed (mode 120000). */
Test(e2e_crash, linked_people_and_project_folders_are_refused_and_reported)
{
	char *dir = demo_with_risk();
	th_result r;
	static const char person_link[] = "people/zhao-min.yaml: is a symbolic link (or in a linked folder); "
					  "pmo does not read or write through links: replace it with the file itself\n";
	static const char folder_link[] = "is a symbolic link; pmo does not read or write through links: "
					  "replace it with what it points to";
	char *want;

	free(th_sh(dir, "mv people/zhao-min.yaml \"$PWD-zm.yaml\" && ln -s \"$PWD-zm.yaml\" people/zhao-min.yaml"));
	RUN(&r, dir, "pmo -p CBM risk add 链接 probability=1 impact=1 owner=zhao-min");
	want = fmt("pmo: error: owner: person \"zhao-min\": %s", person_link);
	EXPECT(&r, 2, "", want);
	th_result_free(&r);
	free(want);
	RUN(&r, dir, "pmo project set CBM manager=zhao-min");
	want = fmt("pmo: error: manager: person \"zhao-min\": %s", person_link);
	EXPECT(&r, 2, "", want);
	th_result_free(&r);
	free(want);
	th_assert_sh(dir, "git status --porcelain", " T people/zhao-min.yaml\n");
	free(th_sh(dir, "rm people/zhao-min.yaml && mv \"$PWD-zm.yaml\" people/zhao-min.yaml && "
		       "mv projects/CBM \"$PWD-CBM\" && ln -s \"$PWD-CBM\" projects/CBM"));
	RUN(&r, dir, "pmo validate | tail -n 2");
	want = fmt("projects/CBM:1:1: error: %s [yaml]\n1 error, 0 warnings in 4 files\n", folder_link);
	EXPECT(&r, 0, want, "");
	th_result_free(&r);
	free(want);
	want = fmt("pmo: error: projects/CBM: %s\n", folder_link);
	RUN(&r, dir, "pmo -p CBM risk list");
	EXPECT(&r, 1, "", want);
	th_result_free(&r);
	RUN(&r, dir, "pmo risk show CBM/R-1");
	EXPECT(&r, 1, "", want);
	th_result_free(&r);
	free(want);
	/* committed as a link: the same finding from git */
	free(th_sh(dir, "git rm -rq --cached projects/CBM && git add projects/CBM && git commit -qm link"));
	RUN(&r, dir, "pmo validate --rev HEAD | tail -n 2");
	want = fmt("HEAD:projects/CBM:1:1: error: %s [yaml]\n1 error, 0 warnings in 4 files\n", folder_link);
	EXPECT(&r, 0, want, "");
	th_result_free(&r);
	free(want);
	free(dir);
}

/* ---- file modes ---- */

Test(e2e_crash, set_keeps_the_file_mode)
{
	char *dir = demo_with_risk(), *path = fmt("%s/%s", dir, r1);
	struct stat st;
	th_result r;

	cr_assert_eq(chmod(path, 0600), 0);
	RUN(&r, dir, "pmo risk set CBM/R-1 impact=2");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0600, "mode %o", st.st_mode & 07777);
	/* an executable bit stays, in the file and in the commit */
	free(th_sh(dir, "chmod 0755 %s && git commit -q -am exec", r1));
	RUN(&r, dir, "pmo risk set CBM/R-1 impact=3");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0755, "mode %o", st.st_mode & 07777);
	th_assert_sh(dir, "git ls-tree HEAD projects/CBM/risks/R-1.yaml | cut -c1-6", "100755\n");
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	free(path);
	free(dir);
}

/* ---- a file pmo must put back ---- */

/* A file size limit (as a full disk) lets the record be written and makes
 * the commit fail writing the index: the file is put back and checked. */
Test(e2e_crash, a_commit_that_fails_on_a_full_disk_puts_the_file_back)
{
	char *dir = demo_with_risk(), *head = th_sh(dir, "git rev-parse HEAD"), *before, *after, *now;
	th_result r;

	/* an index of some KiB: 60 committed files */
	free(th_sh(dir, "mkdir pad && for i in $(seq 60); do echo $i > pad/file-with-a-long-name-$i; done && "
		     "git add pad && git commit -q -m pad"));
	free(head);
	head = th_sh(dir, "git rev-parse HEAD");
	before = th_read(dir, r1);
	RUN(&r, dir, "trap '' XFSZ; ulimit -f 4; pmo risk set CBM/R-1 impact=2");
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert(strstr(r.err, "File too large"), "%s", r.err);
	cr_assert(!strstr(r.err, "put back"), "%s", r.err);
	th_result_free(&r);
	after = th_read(dir, r1);
	cr_assert_str_eq(after, before);
	now = th_sh(dir, "git rev-parse HEAD");
	cr_assert_str_eq(now, head);
	th_assert_sh(dir, "git status --porcelain --untracked-files=all", "");
	free(now);
	free(after);
	free(before);
	free(head);
	free(dir);
}

/* When even the put-back fails, the message names the file and its state. */
Test(e2e_crash, a_file_that_cannot_be_put_back_is_named)
{
	char *dir = demo_with_risk(), *before, *after;
	th_result r;

	free(th_sh(dir, "mkdir pad && for i in $(seq 60); do echo $i > pad/file-with-a-long-name-$i; done && "
		     "git add pad && git commit -q -m pad && "
		     "pmo risk set CBM/R-1 \"cause=$(printf '%%0900d' 0)\""));
	before = th_read(dir, r1);
	cr_assert(strlen(before) > 1024);
	RUN(&r, dir, "trap '' XFSZ; ulimit -f 2; pmo risk set CBM/R-1 cause=");
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert(strstr(r.err, "\npmo: error: projects/CBM/risks/R-1.yaml could not be put back "
				"(cannot write: File too large): it holds pmo's uncommitted change; "
				"git checkout -- projects/CBM/risks/R-1.yaml restores the committed "
				"version\n"), "%s", r.err);
	th_result_free(&r);
	free(th_sh(dir, "git checkout -- %s", r1));
	after = th_read(dir, r1);
	cr_assert_str_eq(after, before);
	free(after);
	free(before);
	free(dir);
}

/* ---- another program's edit between pmo's check and its write ---- */

/* The race is forced with PMO_TEST_BEFORE_WRITE, a test-only hook that runs
 * a shell command after pmo checked the file is clean and read it, and
 * before it writes: the edit lands in that window every time. */
Test(e2e_crash, an_edit_between_check_and_write_is_refused_not_overwritten)
{
	char *dir = demo_with_risk(), *head = th_sh(dir, "git rev-parse HEAD"), *edited, *after, *now;
	th_result r;

	RUN(&r, dir, "PMO_TEST_BEFORE_WRITE=\"printf '# 张三的修改\\n' >> %s\" "
		     "pmo risk set CBM/R-1 impact=2", r1);
	EXPECT(&r, 1, "", "pmo: error: projects/CBM/risks/R-1.yaml: was changed by another "
			  "program while pmo was writing it; pmo left it as that program wrote "
			  "it and changed nothing\n");
	th_result_free(&r);
	after = th_read(dir, r1);
	cr_assert(strstr(after, "impact: 5\n") && strstr(after, "# 张三的修改\n"), "%s", after);
	now = th_sh(dir, "git rev-parse HEAD");
	cr_assert_str_eq(now, head);
	th_assert_sh(dir, "ls -A projects/CBM/risks", "R-1.yaml\n");
	/* a new file that appears in the window is not overwritten either */
	RUN(&r, dir, "PMO_TEST_BEFORE_WRITE=\"echo mine > projects/CBM/risks/R-2.yaml\" %s", add_cmd);
	EXPECT(&r, 1, "", "pmo: error: projects/CBM/risks/R-2.yaml: was changed by another "
			  "program while pmo was writing it; pmo left it as that program wrote "
			  "it and changed nothing\n");
	th_result_free(&r);
	edited = th_read(dir, "projects/CBM/risks/R-2.yaml");
	cr_assert_str_eq(edited, "mine\n");
	free(edited);
	free(now);
	free(after);
	free(head);
	free(dir);
}
