/*
 * pmo merge-file: git's merge driver for plan.yaml and budget.yaml
 * (merge.pmo.driver, set up by pmo init). git gives the three versions as
 * temporary files and the path the result goes to; the result replaces
 * ours's file, the exit code says whether it is clean. The merge is
 * lib/model/merge.c's (by task and line ID).
 */
#include "pmo.h"
#include "model/merge.h"
#include "util/fs.h"

#include <string.h>

static const char merge_file_usage[] =
	"usage: pmo merge-file BASE OURS THEIRS [PATH]\n"
	"\nMerge OURS and THEIRS, two versions of a plan.yaml or budget.yaml changed from BASE,\n"
	"by task and line ID, and write the result to OURS (git's merge driver: pmo init sets\n"
	"merge.pmo.driver to '<pmo> merge-file %O %A %B %P'). PATH is the file's path in the\n"
	"repository (%P): it names the file in messages and tells a plan from a budget.\n"
	"\nExit status: 0 merged cleanly; 1 with conflicts, written between <<<<<<< ours and\n"
	">>>>>>> theirs around the two versions of each task or line (see docs/merge.md);\n"
	"2 a usage error or a file that cannot be read (OURS is left as it was).\n";

static int read_side(pmo_buf *out, const char *path)
{
	if (pmo_fs_read(out, path, PMO_PLAN_MAX_BYTES) < 0)
		return pmo_die(2, "cannot read %s: %s", path, pmo_error_last()->message);
	return 0;
}

int cmd_merge_file(pmo_ctx *ctx, int argc, char **argv)
{
	pmo_buf text[3] = { PMO_BUF_INIT, PMO_BUF_INIT, PMO_BUF_INIT };
	pmo_merge_result res;
	const char *shown;
	int nargs = argc - 1, code, i;
	size_t k;

	memset(&res, 0, sizeof(res));
	if ((code = pmo_parse(ctx, &nargs, argv + 1, NULL, merge_file_usage)) != PMO_GO)
		return code;
	if (nargs < 3 || nargs > 4)
		return pmo_die(2, "merge-file takes BASE OURS THEIRS [PATH]; see 'pmo merge-file -h'");
	shown = nargs == 4 ? argv[4] : argv[2];
	for (i = 0; i < 3; i++)
		if ((code = read_side(&text[i], argv[1 + i])) != 0)
			goto done;
	if (pmo_merge_file(&res, nargs == 4 ? argv[4] : NULL, &text[0], &text[1], &text[2]) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (pmo_fs_write_atomic(argv[2], pmo_buf_cstr(&res.merged.text), res.merged.text.len) < 0) {
		code = pmo_die(2, "cannot write %s: %s", argv[2], pmo_error_last()->message);
		goto done;
	}
	if (res.by_lines)
		pmo_warn("%s: merged line by line as git does: %s", shown, res.by_lines);
	if (res.merged.canonical)
		pmo_warn("%s: written in the canonical style (as pmo fmt does) to merge it", shown);
	for (k = 0; k < res.merged.nrenumbered; k++)
		fprintf(stderr, "pmo: %s: both sides added %s: theirs is now %s\n", shown,
			res.merged.renumbered[k].from, res.merged.renumbered[k].to);
	for (k = 0; k < res.merged.nconflicts; k++) {
		pmo_finding f;
		pmo_buf line = PMO_BUF_INIT;
		pmo_finding_init(&f, PMO_SEVERITY_ERROR, "merge", NULL);
		f.line = (uint32_t)res.merged.conflicts[k].line;
		f.col = 1;
		f.message = res.merged.conflicts[k].what;
		pmo_finding_format(&line, &f, shown, PMO_FINDING_RULE);
		fputs(pmo_buf_cstr(&line), stderr);
		pmo_buf_free(&line);
	}
	code = res.conflicted ? 1 : 0;
done:
	pmo_merge_result_free(&res);
	for (i = 0; i < 3; i++)
		pmo_buf_free(&text[i]);
	return code;
}
