/* End to end: the caches of pmo due, pmo search and the lists (pmo <kind>
 * list keeps each record's document as read: docs-<kind>) in
 * .git/pmo/cache/, one file a kind, checked by each record file's stat,
 * are an optimisation only: after every change a user or a program can
 * make to the files —
 * an edit in the same second, a touch, a replacement of the same size, a
 * delete, an add, pmo.yaml's fields, a local schema, a damaged cache,
 * several pmo at once — both commands print exactly what they print
 * without it (PMO_CACHE=0), in every format and on one thread. Through
 * the built pmo in a fresh repository with PMO_TODAY=2027-01-04. */
#define _GNU_SOURCE /* asprintf */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RUN(r, dir, ...) th_run(r, dir, NULL, __VA_ARGS__)

/* The commands compared, each in every format. */
static const char *const commands[] = {
	"pmo due --today 2027-01-25",
	"pmo due --today 2027-01-25 --format json",
	"pmo due --today 2027-01-25 --format csv",
	"pmo due --today 2027-01-25 --format md",
	"pmo due --today 2027-01-25 --format ical",
	"pmo due --today 2027-01-25 --within 8w owner=wang-li",
	"pmo search 迁移",
	"pmo search 迁移 --format json",
	"pmo search 迁移 --format csv",
	"pmo search 迁移 --format md",
	"pmo search MIGRATION",
	"pmo search 反洗钱 --kind risk",
	"PMO_THREADS=1 pmo due --today 2027-01-25",
	"PMO_THREADS=1 pmo search 迁移",
	"pmo risk list",
	"pmo risk list --format json",
	"pmo risk list --format csv",
	"pmo risk list status=open --sort=-score",
	"pmo -p CBM risk list --format md",
	"pmo action list --format yaml",
	"pmo project list",
	"PMO_THREADS=1 pmo risk list",
};

/* Every command prints the same with the cache (run twice: once to make
 * it, once to use it) and without; stdout of `pmo due` and `pmo search
 * 迁移` returned (caller frees) to tell states apart. */
static char *same_with_cache(const char *dir)
{
	th_result off, on, again;
	char *both = NULL;
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(*commands); i++) {
		RUN(&off, dir, "PMO_CACHE=0 %s", commands[i]);
		RUN(&on, dir, "%s", commands[i]);
		RUN(&again, dir, "%s", commands[i]);
		cr_assert_str_eq(on.out, off.out, "%s", commands[i]);
		cr_assert_str_eq(on.err, off.err, "%s", commands[i]);
		cr_assert_eq(on.status, off.status, "%s", commands[i]);
		cr_assert_str_eq(again.out, off.out, "%s (cache used)", commands[i]);
		cr_assert_str_eq(again.err, off.err, "%s (cache used)", commands[i]);
		cr_assert_eq(again.status, off.status, "%s (cache used)", commands[i]);
		if (i == 0)
			cr_assert(asprintf(&both, "%s", off.out) >= 0);
		if (i == 6) {
			char *b = NULL;
			cr_assert(asprintf(&b, "%s---\n%s%s", both, off.out, off.err) >= 0);
			free(both);
			both = b;
		}
		th_result_free(&off);
		th_result_free(&on);
		th_result_free(&again);
	}
	return both;
}

/* Risks and actions in CBM and MOB, some of them about 迁移. */
static char *cache_repo(void)
{
	char *dir = th_demo_repo();

	free(th_sh(dir,
		   "pmo project add MOB name=手机银行 sponsor=zhao-min manager=wang-li start=2027-01-04 >/dev/null && "
		   "pmo -p CBM risk add 核心数据迁移丢失 probability=4 impact=5 owner=wang-li review=2027-01-10 >/dev/null && "
		   "pmo -p CBM risk add 'Vendor delay' probability=2 impact=3 owner=zhao-min review=2027-02-20 "
		   "cause='the MIGRATION team lacks staff' >/dev/null && "
		   "pmo -p MOB risk add 反洗钱检查 probability=2 impact=2 owner=wang-li review=2027-01-30 >/dev/null && "
		   "pmo -p CBM action add 提交迁移演练报告 owner=wang-li due=2027-01-15 >/dev/null && "
		   "pmo -p MOB action add 'Cut-over rehearsal' owner=zhao-min due=2027-02-01 >/dev/null"));
	return dir;
}

/* The folder of the tree's caches (the demo tree is the worktree's root). */
#define CACHE ".git/pmo/cache/root"

Test(e2e_cache, is_made_and_used_and_prints_what_no_cache_prints)
{
	char *dir = cache_repo(), *out;

	out = same_with_cache(dir);
	cr_assert(strstr(out, "CBM/R-1") && strstr(out, "提交迁移演练报告"), "%s", out);
	free(out);
	/* one file a kind each command reads */
	th_assert_sh(dir, "ls " CACHE " | grep -E '^(due|search|docs)-(risk|action)$'",
		     "docs-action\ndocs-risk\ndue-action\ndue-risk\nsearch-action\nsearch-risk\n");
	th_assert_sh(dir, "head -c 8 " CACHE "/due-risk; echo", "PMOCACHE\n");
	/* PMO_CACHE=0 neither reads nor writes one */
	free(th_sh(dir, "rm -r .git/pmo/cache && PMO_CACHE=0 pmo due >/dev/null && PMO_CACHE=0 pmo search 迁移 >/dev/null && "
		   "PMO_CACHE=0 pmo risk list >/dev/null"));
	th_assert_sh(dir, "ls .git/pmo 2>/dev/null | wc -l", "0\n");
	free(dir);
}

Test(e2e_cache, an_edit_in_the_same_second_a_touch_or_the_same_size_is_seen)
{
	char *dir = cache_repo(), *before, *after;

	before = same_with_cache(dir);
	/* the same size, written in place at once (same second as the cache) */
	free(th_sh(dir, "sed 's/2027-01-10/2027-01-11/' projects/CBM/risks/R-1.yaml > t && "
		   "cat t > projects/CBM/risks/R-1.yaml && rm t"));
	after = same_with_cache(dir);
	cr_assert(strstr(after, "2027-01-11  CBM/R-1") && !strstr(after, "2027-01-10  CBM/R-1"), "%s", after);
	free(before);
	free(after);
	/* an old modification time, then the same size and the same time:
	 * only the change time (and the bytes) differ */
	free(th_sh(dir, "touch -d '2020-01-01 00:00:00' projects/CBM/risks/R-1.yaml"));
	before = same_with_cache(dir);
	free(th_sh(dir, "sed 's/2027-01-11/2027-01-12/' projects/CBM/risks/R-1.yaml > t && "
		   "cat t > projects/CBM/risks/R-1.yaml && rm t && "
		   "touch -d '2020-01-01 00:00:00' projects/CBM/risks/R-1.yaml"));
	after = same_with_cache(dir);
	cr_assert(strstr(after, "2027-01-12  CBM/R-1"), "%s", after);
	free(before);
	free(after);
	/* replaced by another file of the same size (a new inode), and a
	 * touch alone */
	free(th_sh(dir, "sed 's/核心数据迁移丢失/核心数据迁移延误/' projects/CBM/risks/R-1.yaml > t && "
		   "mv t projects/CBM/risks/R-1.yaml && touch projects/MOB/risks/R-1.yaml"));
	after = same_with_cache(dir);
	cr_assert(strstr(after, "核心数据迁移延误") && !strstr(after, "核心数据迁移丢失"), "%s", after);
	free(after);
	free(dir);
}

Test(e2e_cache, a_deleted_or_added_record_and_a_broken_file_are_seen)
{
	char *dir = cache_repo(), *out;

	free(same_with_cache(dir));
	free(th_sh(dir, "rm projects/CBM/actions/A-1.yaml && "
		   "pmo -p MOB risk add 迁移回退方案 probability=1 impact=2 owner=wang-li review=2027-01-12 >/dev/null"));
	out = same_with_cache(dir);
	cr_assert(!strstr(out, "CBM/A-1") && strstr(out, "MOB/R-2"), "%s", out);
	free(out);
	/* a file that does not load and one its schema refuses, both about
	 * 迁移, are told by search every time, cache or not */
	free(th_sh(dir, "printf 'id: R-2\\ntitle: [迁移\\n' > projects/MOB/risks/R-2.yaml && "
		   "sed -i 's/^impact: .*/impact: high/' projects/CBM/risks/R-1.yaml"));
	out = same_with_cache(dir);
	cr_assert(strstr(out, "projects/MOB/risks/R-2.yaml:3:1: error:") &&
		  strstr(out, "projects/CBM/risks/R-1.yaml:4:9: error: impact:"), "%s", out);
	free(out);
	free(dir);
}

Test(e2e_cache, pmo_yaml_fields_and_a_local_schema_make_it_anew)
{
	char *dir = cache_repo(), *with, *without;

	/* a field pmo.yaml adds to risks, searched as text */
	free(th_sh(dir, "printf 'fields:\\n  risk:\\n    note: {type: string, title: 备注}\\n' >> pmo.yaml && "
		   "git commit -qam fields && "
		   "pmo -p CBM risk set R-2 note='迁移窗口需监管报备' >/dev/null"));
	with = same_with_cache(dir);
	cr_assert(strstr(with, "CBM/R-2  risk") && strstr(with, "迁移窗口需监管报备"), "%s", with);
	/* without the field the record is refused, and told */
	free(th_sh(dir, "git checkout -q HEAD~2 -- pmo.yaml"));
	without = same_with_cache(dir);
	cr_assert(strstr(without, "projects/CBM/risks/R-2.yaml") && !strstr(without, "CBM/R-2  risk"),
		  "%s", without);
	free(with);
	free(without);
	/* a local kind whose due entry is renamed */
	free(th_sh(dir, "git checkout -q HEAD -- pmo.yaml && pmo schemas --write .s >/dev/null && "
		   "mkdir -p schemas && sed -e 's/\"kind\": \"risk\"/\"kind\": \"audit\"/; "
		   "s/\"plural\": \"risks\"/\"plural\": \"audits\"/; s/\"prefix\": \"R\"/\"prefix\": \"AU\"/; "
		   "s/\"folder\": \"risks\"/\"folder\": \"audits\"/; s/\\^R-/^AU-/' .s/risk.json > schemas/audit.json && "
		   "rm -r .s && git add schemas && git commit -qm audit && "
		   "pmo -p CBM audit add 迁移审计 probability=2 impact=3 owner=wang-li review=2027-01-20 >/dev/null"));
	with = same_with_cache(dir);
	cr_assert(strstr(with, "review  迁移审计"), "%s", with);
	free(th_sh(dir, "sed -i 's/\"what\": \"review\"/\"what\": \"recheck\"/' schemas/audit.json"));
	without = same_with_cache(dir);
	cr_assert(strstr(without, "recheck  迁移审计"), "%s", without);
	free(with);
	free(without);
	free(dir);
}

Test(e2e_cache, a_damaged_or_foreign_cache_is_made_anew)
{
	char *dir = cache_repo(), *out;

	free(same_with_cache(dir));
	/* garbage, a cut file, an empty one, a folder in a file's place */
	free(th_sh(dir, "printf 'PMOCACHE garbage' > " CACHE "/due-risk && "
		   "head -c 100 " CACHE "/search-risk > t && mv t " CACHE "/search-risk && "
		   ": > " CACHE "/due-action && rm " CACHE "/search-action && mkdir " CACHE "/search-action"));
	out = same_with_cache(dir);
	free(out);
	th_assert_sh(dir, "head -c 8 " CACHE "/due-risk; echo; head -c 8 " CACHE "/search-risk; echo; "
		     "head -c 8 " CACHE "/due-action; echo", "PMOCACHE\nPMOCACHE\nPMOCACHE\n");
	/* one byte changed in the middle: its checksum fails */
	free(th_sh(dir, "printf 'X' | dd of=" CACHE "/due-risk bs=1 seek=60 conv=notrunc 2>/dev/null"));
	out = same_with_cache(dir);
	free(out);
	/* one bigger than any pmo writes (sparse: no disk taken) is not read,
	 * and is written anew */
	free(th_sh(dir, "truncate -s 1100M " CACHE "/docs-risk"));
	th_assert_sh(dir, "! command -v strace >/dev/null || ASAN_OPTIONS=detect_leaks=0 strace -f -qq "
		     "-e trace=open,openat,openat2 pmo risk list 2>&1 >/dev/null | grep -c '/docs-risk\"' || true",
		     "0\n");
	free(th_sh(dir, "truncate -s 1100M " CACHE "/docs-risk"));
	out = same_with_cache(dir);
	free(out);
	th_assert_sh(dir, "test $(stat -c %s " CACHE "/docs-risk) -lt 100000 && echo small", "small\n");
	/* a byte of a record's text: were the checksum not checked, the
	 * list would show "Xendor delay" */
	th_assert_sh(dir, "grep -c 'Vendor delay' " CACHE "/docs-risk", "1\n");
	free(th_sh(dir, "off=$(grep -obUa 'Vendor delay' " CACHE "/docs-risk | cut -d: -f1) && "
		   "printf 'X' | dd of=" CACHE "/docs-risk bs=1 seek=$off conv=notrunc 2>/dev/null"));
	th_assert_sh(dir, "grep -c 'Xendor delay' " CACHE "/docs-risk", "1\n");
	out = same_with_cache(dir);
	free(out);
	free(dir);
}

/* The files each command opens (strace), one a line. */
static char *opened(const char *dir, const char *cmd)
{
	char *line = NULL, *out;

	/* a record is opened by its name in its folder: -y names the folder */
	cr_assert(asprintf(&line, "ASAN_OPTIONS=detect_leaks=0 strace -f -qq -y -e trace=open,openat,openat2 "
			   "-o ../opened.log %s >/dev/null 2>&1; sed -nE "
			   "'s#.*/(projects/[A-Z]+/(risks|actions))>, \"([^\"]+\\.yaml)\".*#\\1/\\3#p' "
			   "../opened.log | sort -u; rm -f ../opened.log", cmd) >= 0);
	out = th_sh(dir, line);
	free(line);
	return out;
}

Test(e2e_cache, a_hit_is_not_read_and_a_racy_entry_is)
{
	char *dir = cache_repo(), *out;
	const char *cmds[] = { "pmo due --today 2027-01-25", "pmo search 迁移", "pmo risk list", "pmo action list" };
	size_t i;

	TH_NEED(dir, "strace", "strace");
	/* files older than the caches: made, then used without a read */
	free(th_sh(dir, "find projects -name '*.yaml' -exec touch -d '2026-01-01 00:00:00' {} +"));
	for (i = 0; i < sizeof(cmds) / sizeof(*cmds); i++) {
		out = opened(dir, cmds[i]);
		cr_assert(strstr(out, "/risks/R-1.yaml") || strstr(out, "/actions/A-1.yaml"),
			  "%s makes its cache: %s", cmds[i], out);
		free(out);
		out = opened(dir, cmds[i]);
		cr_assert_str_eq(out, "", "%s reads no record it has in its cache", cmds[i]);
		free(out);
	}
	/* a file modified in the second a cache was begun, or later, may
	 * change again without its stat changing (git's racy rule): it is
	 * read each time, the others not */
	free(th_sh(dir, "touch -d '+1 hour' projects/CBM/risks/R-2.yaml && pmo due >/dev/null && "
		   "pmo search 迁移 >/dev/null && pmo risk list >/dev/null"));
	for (i = 0; i < 3; i++) {
		out = opened(dir, cmds[i]);
		cr_assert(strstr(out, "projects/CBM/risks/R-2.yaml") && !strstr(out, "R-1.yaml"),
			  "%s: %s", cmds[i], out);
		free(out);
	}
	free(dir);
}

Test(e2e_cache, several_pmo_at_once_while_files_change)
{
	char *dir = cache_repo(), *out;
	th_result r;

	/* four readers at once, and a writer changing the records under them */
	RUN(&r, dir,
	    "for i in 1 2 3 4; do (for k in 1 2 3; do pmo due --today 2027-01-25 >/dev/null; "
	    "pmo search 迁移 >/dev/null; pmo risk list >/dev/null; done) & done; "
	    "for k in 1 2 3 4 5 6; do pmo -p CBM risk set R-2 review=2027-02-1$k >/dev/null; done; wait");
	cr_assert_eq(r.status, 0, "%s", r.err);
	th_result_free(&r);
	out = same_with_cache(dir);
	free(out);
	th_assert_sh(dir, "pmo due --today 2027-01-25 --within 8w --format csv | grep -c '2027-02-16,CBM/R-2,'",
		     "1\n");
	th_assert_sh(dir, "ls -a " CACHE " | grep -c pmo- || true", "0\n");
	free(dir);
}

/* A pmo killed while it wrote a cache leaves its temporary file: the next
 * cache written removes those older than ten minutes, and leaves a recent
 * one (another pmo writing now) alone. */
Test(e2e_cache, a_killed_writers_temporary_file_is_removed)
{
	char *dir = cache_repo();

	free(same_with_cache(dir));
	free(th_sh(dir, "printf x > " CACHE "/.due-risk.pmo-abcdefABCDEF && "
		   "touch -d '2020-01-01 00:00:00' " CACHE "/.due-risk.pmo-abcdefABCDEF && "
		   "printf x > " CACHE "/.docs-risk.pmo-0123456789ab && "
		   "pmo -p CBM risk set R-1 review=2027-01-12 >/dev/null && "
		   "pmo due >/dev/null && pmo risk list >/dev/null"));
	th_assert_sh(dir, "ls -a " CACHE " | grep pmo- || true", ".docs-risk.pmo-0123456789ab\n");
	free(dir);
}
