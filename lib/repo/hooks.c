/*
 * git's commit hooks, found and run as git 2.39 runs them (hook.c,
 * run-command.c, builtin/commit.c): the hook is <core.hooksPath>/<name>
 * (a relative hooksPath is taken from the worktree's top) or
 * $GIT_DIR/hooks/<name>, run when access(X_OK) allows it; one that exists
 * but is not executable is skipped with git's two hint lines (unless
 * advice.ignoredHook is false). It runs in the worktree's top with stdin
 * from /dev/null and its stdout sent to stderr, so its output reaches the
 * user as git's hooks' does. Finding the hooks costs one access() each.
 */
#include "repo/internal.h"
#include "repo/hooks.h"
#include "util/error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const hook_names[PMO_HOOK_COUNT] = {
	"pre-commit", "prepare-commit-msg", "commit-msg", "post-commit",
};

void pmo_hooks_free(pmo_hooks *h)
{
	size_t k;

	if (!h)
		return;
	for (k = 0; k < PMO_HOOK_COUNT; k++) {
		free(h->path[k]);
		h->path[k] = NULL;
	}
}

/* The hooks folder as git names it for the hook's argv[0] (relative to the
 * worktree's top where git's path is), and the same absolute. */
static int hooks_dir(pmo_buf *shown, pmo_buf *abs, pmo_repo *repo, git_config *cfg)
{
	const char *common = git_repository_commondir(repo->git);
	git_config_entry *entry = NULL;
	size_t wl = strlen(repo->workdir);
	const char *home = getenv("HOME");
	int e;

	e = git_config_get_entry(&entry, cfg, "core.hooksPath");
	if (e < 0 && e != GIT_ENOTFOUND)
		return pmo_repo__git_error(e, "cannot read core.hooksPath");
	git_error_clear();
	if (entry && entry->value && *entry->value) {
		const char *v = entry->value;
		/* git_config_pathname: "~/" is the home folder */
		if (v[0] == '~' && v[1] == '/' && home) {
			pmo_buf_puts(shown, home);
			v++;
		}
		pmo_buf_puts(shown, v);
	} else if (!strncmp(common, repo->workdir, wl) && !strcmp(common + wl, ".git/")) {
		pmo_buf_puts(shown, ".git/hooks");
	} else {
		pmo_buf_printf(shown, "%shooks", common);
	}
	git_config_entry_free(entry);
	if (pmo_buf_oom(shown))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	if (shown->ptr[0] != '/')
		pmo_buf_puts(abs, repo->workdir);
	pmo_buf_puts(abs, shown->ptr);
	return pmo_buf_oom(abs) ? pmo_error_set(PMO_ENOMEM, "out of memory") : 0;
}

int pmo_repo_hook_path(pmo_buf *out, pmo_repo *repo, const char *name)
{
	pmo_buf shown = PMO_BUF_INIT;
	git_config *cfg = NULL;
	int error, e;

	if ((e = git_repository_config_snapshot(&cfg, repo->git)) < 0)
		return pmo_repo__git_error(e, "cannot read the repository's configuration");
	if ((error = hooks_dir(&shown, out, repo, cfg)) == 0) {
		pmo_buf_putc(out, '/');
		pmo_buf_puts(out, name);
		error = pmo_buf_oom(out) ? pmo_error_set(PMO_ENOMEM, "out of memory") : 0;
	}
	git_config_free(cfg);
	pmo_buf_free(&shown);
	return error;
}

static int advice_enabled(git_config *cfg)
{
	int v = 1;

	if (git_config_get_bool(&v, cfg, "advice.ignoredHook") < 0) {
		git_error_clear();
		v = 1;
	}
	return v;
}

int pmo_hooks_find(pmo_hooks *out, pmo_repo *repo, git_config *cfg, unsigned skip)
{
	static int advised[PMO_HOOK_COUNT];
	pmo_buf shown = PMO_BUF_INIT, abs = PMO_BUF_INIT, line = PMO_BUF_INIT;
	size_t k, sl, al;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = hooks_dir(&shown, &abs, repo, cfg)) < 0)
		goto done;
	pmo_buf_putc(&shown, '/');
	pmo_buf_putc(&abs, '/');
	sl = shown.len;
	al = abs.len;
	for (k = 0; k < PMO_HOOK_COUNT; k++) {
		if (skip & (1u << k))
			continue;
		pmo_buf_truncate(&shown, sl);
		pmo_buf_truncate(&abs, al);
		pmo_buf_puts(&shown, hook_names[k]);
		pmo_buf_puts(&abs, hook_names[k]);
		if ((error = pmo_buf_oom(&shown)) < 0 || (error = pmo_buf_oom(&abs)) < 0)
			goto done;
		if (access(abs.ptr, X_OK) == 0) {
			if (!(out->path[k] = strdup(shown.ptr))) {
				error = pmo_error_set(PMO_ENOMEM, "out of memory");
				goto done;
			}
			out->any = 1;
			continue;
		}
		if (errno != EACCES || advised[k] || !repo->hint || !advice_enabled(cfg))
			continue;
		advised[k] = 1;
		pmo_buf_clear(&line);
		pmo_buf_printf(&line, "The '%s' hook was ignored because it's not set as executable.",
			       shown.ptr);
		if ((error = pmo_buf_oom(&line)) < 0)
			goto done;
		repo->hint(line.ptr, repo->hint_payload);
		repo->hint("You can disable this warning with `git config advice.ignoredHook false`.",
			   repo->hint_payload);
	}
done:
	if (error < 0)
		pmo_hooks_free(out);
	pmo_buf_free(&shown);
	pmo_buf_free(&abs);
	pmo_buf_free(&line);
	return error;
}

int pmo_hooks_run(int *status, pmo_repo *repo, const pmo_hooks *h, int which,
		  const char *arg1, const char *arg2, const char *const *env)
{
	const char *argv[4];
	pmo_run_opts run;
	int n = 0;

	*status = 0;
	if (!h->path[which])
		return 0;
	argv[n++] = h->path[which];
	if (arg1)
		argv[n++] = arg1;
	if (arg2)
		argv[n++] = arg2;
	argv[n] = NULL;
	memset(&run, 0, sizeof(run));
	run.argv = argv;
	run.env = env;
	run.dir = repo->workdir;
	run.stdout_to_stderr = 1;
	return pmo_repo__run(status, &run);
}

const char *pmo_hooks_name(int which)
{
	return hook_names[which];
}
