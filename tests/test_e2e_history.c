/* End to end: `pmo risk log` reads the same history with git's commit-graph
 * (changed-path filters) as without it: commits made after the graph was
 * written, hand-made commits and merges included; a damaged graph is
 * reported and not used; a shallow clone ignores a graph, as git does. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

/* Two risks changed by pmo and by hand, on main and on a merged branch;
 * the graph written halfway, so later commits are not in it. */
static char *history_repo(void)
{
	char *dir = th_demo_repo();

	free(th_sh(dir,
		   "pmo -p CBM risk add 核心数据迁移丢失 probability=4 impact=5 owner=wang-li >/dev/null && "
		   "pmo -p CBM risk add 供应商交付延迟 probability=2 impact=3 owner=zhao-min >/dev/null && "
		   "pmo risk set CBM/R-1 impact=4 >/dev/null && "
		   "pmo risk set CBM/R-2 impact=2 >/dev/null && "
		   "git commit-graph write --reachable --changed-paths && "
		   "pmo risk set CBM/R-1 probability=3 >/dev/null && "
		   "sed -i 's/^impact: 2/impact: 1/' projects/CBM/risks/R-2.yaml && "
		   "git commit -q -am 'hand edit of R-2' && "
		   "git checkout -q -b side && pmo risk set CBM/R-1 impact=2 >/dev/null && "
		   "git checkout -q master && pmo risk set CBM/R-2 probability=5 >/dev/null && "
		   "git merge -q --no-ff -m 'merge side' side && "
		   "pmo risk set CBM/R-1 impact=1 >/dev/null"));
	return dir;
}

static char *log_of(const char *dir, const char *id, const char *want_err)
{
	th_result r;
	char *out;

	RUN(&r, dir, "pmo risk log %s && pmo risk log %s --format json", id, id);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, want_err);
	out = strdup(r.out);
	th_result_free(&r);
	return out;
}

Test(e2e_history, a_graph_with_changed_paths_gives_the_same_log)
{
	char *dir = history_repo(), *with1, *with2, *without1, *without2;

	with1 = log_of(dir, "CBM/R-1", "");
	with2 = log_of(dir, "CBM/R-2", "");
	free(th_sh(dir, "rm .git/objects/info/commit-graph"));
	without1 = log_of(dir, "CBM/R-1", "");
	without2 = log_of(dir, "CBM/R-2", "");
	cr_assert_str_eq(with1, without1);
	cr_assert_str_eq(with2, without2);
	/* every change is there: add, two sets before the graph, after it, by
	 * hand, on the merged branch */
	cr_assert(strstr(without1, "    impact: 5 → 4\n"));
	cr_assert(strstr(without1, "    probability: 4 → 3\n"));
	cr_assert(strstr(without1, "    impact: 4 → 2\n"));
	cr_assert(strstr(without1, "    impact: 2 → 1\n"));
	cr_assert(strstr(without2, "    hand edit of R-2\n    impact: 2 → 1\n"));
	free(with1);
	free(with2);
	free(without1);
	free(without2);
	free(dir);
}

Test(e2e_history, a_split_graph_chain_gives_the_same_log)
{
	char *dir = history_repo(), *with, *without;

	free(th_sh(dir, "rm .git/objects/info/commit-graph && "
		   "git commit-graph write --reachable --changed-paths --split=no-merge && "
		   "pmo risk set CBM/R-1 impact=3 >/dev/null && "
		   "git commit-graph write --reachable --changed-paths --split=no-merge && "
		   "test $(wc -l < .git/objects/info/commit-graphs/commit-graph-chain) = 2"));
	with = log_of(dir, "CBM/R-1", "");
	free(th_sh(dir, "git -c core.commitGraph=false log -1 >/dev/null && "
		   "git config core.commitGraph false"));
	without = log_of(dir, "CBM/R-1", "");
	cr_assert_str_eq(with, without);
	cr_assert(strstr(with, "    impact: 1 → 3\n"));
	free(with);
	free(without);
	free(dir);
}

Test(e2e_history, a_damaged_graph_is_reported_and_not_used)
{
	char *dir = history_repo(), *want, *err;
	th_result r;
	const char *damage[] = {
		"head -c 100 g > .git/objects/info/commit-graph",
		"cp g .git/objects/info/commit-graph && chmod u+w .git/objects/info/commit-graph && "
		"printf 'XXXX' | "
		"dd of=.git/objects/info/commit-graph conv=notrunc status=none",
		/* every offset of the chunk table past the end */
		"cp g .git/objects/info/commit-graph && chmod u+w .git/objects/info/commit-graph && "
		"head -c 200 /dev/zero | tr '\\0' '\\377' | "
		"dd of=.git/objects/info/commit-graph bs=1 seek=8 conv=notrunc status=none",
		": > .git/objects/info/commit-graph",
	};
	const char *why[] = {
		"chunk table runs past the file's end",
		"no CGPH signature",
		"out of bounds",
		"is empty or not a file",
	};
	size_t i;

	free(th_sh(dir, "cp .git/objects/info/commit-graph g && chmod u+w g && "
		   "rm -f .git/objects/info/commit-graph"));
	want = log_of(dir, "CBM/R-1", "");
	for (i = 0; i < sizeof(damage) / sizeof(*damage); i++) {
		free(th_sh(dir, "rm -f .git/objects/info/commit-graph && %s", damage[i]));
		RUN(&r, dir, "pmo risk log CBM/R-1 && pmo risk log CBM/R-1 --format json");
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert_str_eq(r.out, want, "%s", damage[i]);
		err = r.err;
		cr_assert(!strncmp(err, "pmo: warning: ignoring the commit-graph: ", 41), "%s", err);
		cr_assert(strstr(err, "/.git/objects/info/commit-graph"), "%s", err);
		cr_assert(strstr(err, why[i]), "%s: %s", damage[i], err);
		/* said once per command */
		cr_assert_eq(strchr(err, '\n') - err + 1, (long)strlen(err) / 2, "%s", err);
		th_result_free(&r);
	}
	/* a chain that names a graph that is not there */
	free(th_sh(dir, "rm -f .git/objects/info/commit-graph && mkdir -p .git/objects/info/commit-graphs && "
		   "printf '%%040d\\n' 0 > .git/objects/info/commit-graphs/commit-graph-chain"));
	RUN(&r, dir, "pmo risk log CBM/R-1 && pmo risk log CBM/R-1 --format json");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, want);
	cr_assert(strstr(r.err, "pmo: warning: ignoring the commit-graph: ") &&
		  strstr(r.err, "graph-0000000000000000000000000000000000000000.graph is missing"), "%s", r.err);
	th_result_free(&r);
	free(want);
	free(dir);
}

Test(e2e_history, a_shallow_clone_ignores_a_graph_and_shows_what_it_has)
{
	char *dir = history_repo(), *plain, *with;
	th_result r;

	free(th_sh(dir, "git clone -q --depth 5 \"file://$PWD\" \"$PWD-shallow\""));
	RUN(&r, dir, "cd \"$PWD-shallow\" && pmo risk log CBM/R-1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	plain = strdup(r.out);
	th_result_free(&r);
	/* the full repository's graph copied in: its filters speak of parents
	 * the clone does not have, so it is not read */
	free(th_sh(dir, "cp .git/objects/info/commit-graph \"$PWD-shallow/.git/objects/info/\""));
	RUN(&r, dir, "cd \"$PWD-shallow\" && pmo risk log CBM/R-1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.err, "");
	with = strdup(r.out);
	th_result_free(&r);
	cr_assert_str_eq(with, plain);
	cr_assert(strstr(with, "history cut: this shallow clone has no commits before "), "%s", with);
	cr_assert(strstr(with, "    impact: 2 → 1\n"));
	free(with);
	free(plain);
	free(dir);
}

/* The commits `pmo risk log` shows are the ones `git log -- PATH` shows
 * (the model: git's comparison of the trees), whatever made them: pmo,
 * an edit committed by hand, an amended pmo commit whose trailer names
 * another record, merges (one equal to a parent, one whose conflict was
 * resolved by taking a side, one that changes a file itself), a rebase, a squash, a cherry-pick, a revert, a file
 * removed and put back; and files and folders named like the record or
 * its folders (R-1, R-1.yam, R-1.yaml.bak, R-1.yaml.d/, projects-notes.txt,
 * projects.md/, projects0.txt) around the entries looked for. */
Test(e2e_history, every_way_of_committing_gives_git_logs_commits)
{
	char *dir = th_demo_repo(), *want, *got;
	const char *ids[] = { "CBM/R-1", "CBM/R-2", "CBM/R-3" };
	size_t i;
	th_result r;

	free(th_sh(dir,
		   "pmo -p CBM risk add 核心数据迁移丢失 probability=4 impact=5 owner=wang-li >/dev/null && "
		   "pmo -p CBM risk add 供应商交付延迟 probability=2 impact=3 owner=zhao-min >/dev/null && "
		   "pmo -p CBM risk add 监管检查不通过 probability=3 impact=3 owner=zhao-min >/dev/null && "
		   "R=projects/CBM/risks && "
		   "echo x >$R/R-1 && echo x >$R/R-1.yam && echo x >$R/R-1.yaml.bak && "
		   "mkdir $R/R-1.yaml.d && echo x >$R/R-1.yaml.d/x && echo x >projects-notes.txt && "
		   "mkdir projects.md && echo x >projects.md/x && echo x >projects0.txt && "
		   "git add -A && git commit -q -m 'neighbours named like the records' && "
		   "pmo risk set CBM/R-1 impact=4 >/dev/null && "
		   /* by hand */
		   "sed -i 's/^impact: 3/impact: 2/' $R/R-2.yaml && git commit -q -am 'hand edit of R-2' && "
		   /* an amend of a pmo commit that changes another record too */
		   "pmo risk set CBM/R-3 impact=1 >/dev/null && "
		   "sed -i 's/^probability: 4/probability: 3/' $R/R-1.yaml && git commit -q -a --amend --no-edit && "
		   /* an amend that takes the named record's change out */
		   "pmo risk set CBM/R-2 probability=5 >/dev/null && git checkout HEAD~ -- $R/R-2.yaml && "
		   "sed -i 's/^impact: 1/impact: 2/' $R/R-3.yaml && git commit -q -a --amend --no-edit && "
		   /* a merge equal to one parent, and one that changes the file */
		   "git checkout -q -b side && pmo risk set CBM/R-1 impact=2 >/dev/null && "
		   "pmo risk set CBM/R-3 probability=1 >/dev/null && "
		   "git checkout -q master && pmo risk set CBM/R-2 impact=5 >/dev/null && "
		   "git merge -q --no-ff -m 'merge side' side && "
		   "git checkout -q -b side2 HEAD~ && pmo risk set CBM/R-1 impact=1 >/dev/null && "
		   "git checkout -q master && { git merge -q --no-ff --no-commit side2 >/dev/null || :; } && "
		   "git checkout --theirs $R/R-1.yaml && "
		   "sed -i 's/^impact: 2/impact: 3/' $R/R-3.yaml && git add -A && git commit -q --no-edit && "
		   /* a rebase and a squash */
		   "git checkout -q -b topic && pmo risk set CBM/R-1 probability=2 >/dev/null && "
		   "pmo risk set CBM/R-2 probability=4 >/dev/null && "
		   "git checkout -q master && pmo risk set CBM/R-3 probability=5 >/dev/null && "
		   "git rebase -q master topic && git reset -q --soft HEAD~2 && "
		   "git commit -q -m 'risk CBM/R-1: set probability=2' -m 'Pmo-Record: CBM/R-1' && "
		   "git checkout -q master && git merge -q --ff-only topic && "
		   /* a cherry-pick with an edit, and a revert */
		   "git checkout -q -b pick HEAD~ && pmo risk set CBM/R-2 review=2027-03-01 >/dev/null && "
		   "git checkout -q master && git cherry-pick -n pick && "
		   "sed -i 's/^impact: 3/impact: 4/' $R/R-3.yaml && git commit -q -a -C pick && "
		   "git revert --no-edit HEAD~ >/dev/null && "
		   /* removed and put back */
		   "git rm -q $R/R-2.yaml && git commit -q -m 'R-2 removed' && "
		   "git checkout HEAD~ -- $R/R-2.yaml && git commit -q -m 'R-2 back'"));
	for (i = 0; i < sizeof(ids) / sizeof(*ids); i++) {
		RUN(&r, dir, "git log --abbrev=7 --format=%%h -- projects/CBM/risks/%s.yaml", ids[i] + 4);
		cr_assert_eq(r.status, 0, "%s", r.err);
		want = strdup(r.out);
		th_result_free(&r);
		RUN(&r, dir, "pmo risk log %s | sed -n 's/^\\([0-9a-f]\\{7\\}\\) .*/\\1/p'", ids[i]);
		cr_assert_eq(r.status, 0, "%s", r.err);
		got = strdup(r.out);
		th_result_free(&r);
		cr_assert_str_eq(got, want, "%s", ids[i]);
		/* more than pmo's own commits are there */
		cr_assert(strchr(want, '\n') != strrchr(want, '\n'), "%s", want);
		free(want);
		free(got);
	}
	free(dir);
}
