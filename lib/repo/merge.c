/* What pmo's merge driver needs from git: git's own line-by-line three-way
 * merge (for a file pmo cannot merge by key), and the repository's
 * configuration, where the driver is declared (merge.pmo.*). */
#include "repo/internal.h"
#include "util/error.h"

#include <string.h>

int pmo_merge_lines(pmo_buf *out, const char *base, size_t blen, const char *ours, size_t olen,
		    const char *theirs, size_t tlen)
{
	git_merge_file_input o, a, b;
	git_merge_file_options opts;
	git_merge_file_result res;
	int e, error;

	if ((e = git_libgit2_init()) < 0)
		return pmo_repo__git_error(e, "cannot initialise libgit2");
	memset(&res, 0, sizeof(res));
	git_merge_file_input_init(&o, GIT_MERGE_FILE_INPUT_VERSION);
	git_merge_file_input_init(&a, GIT_MERGE_FILE_INPUT_VERSION);
	git_merge_file_input_init(&b, GIT_MERGE_FILE_INPUT_VERSION);
	git_merge_file_options_init(&opts, GIT_MERGE_FILE_OPTIONS_VERSION);
	o.ptr = base;
	o.size = blen;
	a.ptr = ours;
	a.size = olen;
	b.ptr = theirs;
	b.size = tlen;
	opts.ancestor_label = "base";
	opts.our_label = "ours";
	opts.their_label = "theirs";
	if ((e = git_merge_file(&res, &o, &a, &b, &opts)) < 0) {
		error = pmo_repo__git_error(e, "cannot merge the file line by line");
	} else {
		error = pmo_buf_put(out, res.ptr ? res.ptr : "", res.len);
		if (error >= 0)
			error = res.automergeable ? 0 : 1;
	}
	git_merge_file_result_free(&res);
	git_libgit2_shutdown();
	return error;
}

int pmo_repo_config_set(pmo_repo *repo, const char *name, const char *value)
{
	git_config *cfg = NULL;
	pmo_buf file = PMO_BUF_INIT;
	const char *common = git_repository_commondir(repo->git);
	int error, e;

	pmo_buf_printf(&file, "%sconfig", common ? common : "");
	if ((error = pmo_buf_oom(&file)) < 0)
		return error;
	if ((e = git_config_open_ondisk(&cfg, file.ptr)) < 0 ||
	    (e = git_config_set_string(cfg, name, value)) < 0)
		error = pmo_repo__git_error(e, "cannot write the repository's configuration");
	git_config_free(cfg);
	pmo_buf_free(&file);
	return error;
}
