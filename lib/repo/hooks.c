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
#include "util/fs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const hook_names[PMO_HOOK_COUNT] = {
	"pre-commit", "prepare-commit-msg", "commit-msg", "post-commit", "pre-merge-commit", "post-merge",
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

/* A file in the git folder as git names it to hooks: ".git/NAME" when the
 * git folder is the worktree's .git (git runs hooks from the top with a
 * relative git folder), else its absolute path. */
int pmo_hooks_gitdir_file(pmo_buf *out, pmo_repo *repo, const char *name)
{
	const char *gd = git_repository_path(repo->git);
	size_t wl = strlen(repo->workdir);

	if (!strncmp(gd, repo->workdir, wl) && !strcmp(gd + wl, ".git/"))
		pmo_buf_printf(out, ".git/%s", name);
	else
		pmo_buf_printf(out, "%s%s", gd, name);
	return pmo_buf_oom(out);
}

void pmo_hook_env_release(pmo_hook_env *h)
{
	pmo_buf_free(&h->index);
	pmo_buf_free(&h->author_name);
	pmo_buf_free(&h->author_email);
	pmo_buf_free(&h->author_date);
	pmo_buf_free(&h->prefix);
}

int pmo_hook_env_init(pmo_hook_env *h, pmo_repo *repo, const git_signature *author)
{
	char *cwd = getcwd(NULL, 0);
	size_t wl = strlen(repo->workdir);
	int off = author->when.offset, error = 0;

	memset(h, 0, sizeof(*h));
	pmo_buf_printf(&h->author_name, "GIT_AUTHOR_NAME=%s", author->name);
	pmo_buf_printf(&h->author_email, "GIT_AUTHOR_EMAIL=%s", author->email);
	pmo_buf_printf(&h->author_date, "GIT_AUTHOR_DATE=@%lld %c%02d%02d",
		       (long long)author->when.time, off < 0 ? '-' : '+',
		       (off < 0 ? -off : off) / 60, (off < 0 ? -off : off) % 60);
	pmo_buf_puts(&h->prefix, "GIT_PREFIX=");
	if (cwd && !strncmp(cwd, repo->workdir, wl - 1) && cwd[wl - 1] == '/' && cwd[wl])
		pmo_buf_printf(&h->prefix, "%s/", cwd + wl);
	free(cwd);
	if (pmo_buf_oom(&h->author_name) || pmo_buf_oom(&h->author_email) ||
	    pmo_buf_oom(&h->author_date) || pmo_buf_oom(&h->prefix))
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
	h->env[0] = "GIT_INDEX_FILE=";
	h->env[1] = "GIT_EDITOR=:";
	h->env[2] = h->author_name.ptr;
	h->env[3] = h->author_email.ptr;
	h->env[4] = h->author_date.ptr;
	h->env[5] = h->prefix.ptr;
	h->env[6] = NULL;
	return error;
}

int pmo_hook_env_index(pmo_hook_env *h, const char *path)
{
	pmo_buf_clear(&h->index);
	pmo_buf_printf(&h->index, "GIT_INDEX_FILE=%s", path);
	h->env[0] = h->index.ptr;
	return pmo_buf_oom(&h->index) ? pmo_error_set(PMO_ENOMEM, "out of memory") : 0;
}

int pmo_hooks_check(pmo_repo *repo, const pmo_hooks *hooks, int which, const char *arg1,
		    const char *arg2, pmo_hook_env *env)
{
	int status, error;

	if ((error = pmo_hooks_run(&status, repo, hooks, which, arg1, arg2, env->env)) < 0)
		return error;
	if (status)
		return pmo_error_set(PMO_ECONFLICT,
			"the %s hook refused the commit (exit status %d); nothing was committed",
			pmo_hooks_name(which), status);
	return 0;
}

/* The tree of the index file at path now (after a hook). */
int pmo_hooks_index_tree(git_oid *tree, pmo_repo *repo, const char *path)
{
	git_index *index = NULL;
	int e;

	if ((e = git_index_open(&index, path)) == 0)
		e = git_index_write_tree_to(tree, index, repo->git);
	git_index_free(index);
	return e < 0 ? pmo_repo__git_error(e, "cannot read the index the hooks saw") : 0;
}

int pmo_hooks_message(git_buf *msg, pmo_repo *repo, const pmo_hooks *hooks, pmo_hook_env *env,
		      const char *file, const char *source)
{
	git_buf cleaned = { NULL, 0, 0 };
	pmo_buf path = PMO_BUF_INIT, shown = PMO_BUF_INIT, text = PMO_BUF_INIT;
	int error, e;

	if (!hooks->path[PMO_HOOK_PREPARE_COMMIT_MSG] && !hooks->path[PMO_HOOK_COMMIT_MSG])
		return 0;
	pmo_buf_printf(&path, "%s%s", git_repository_path(repo->git), file);
	if ((error = pmo_buf_oom(&path)) < 0 || (error = pmo_hooks_gitdir_file(&shown, repo, file)) < 0)
		goto done;
	if ((error = pmo_fs_write_atomic(path.ptr, msg->ptr, msg->size)) < 0)
		goto done;
	if ((error = pmo_hooks_check(repo, hooks, PMO_HOOK_PREPARE_COMMIT_MSG, shown.ptr, source, env)) < 0 ||
	    (error = pmo_hooks_check(repo, hooks, PMO_HOOK_COMMIT_MSG, shown.ptr, NULL, env)) < 0)
		goto done;
	if ((error = pmo_fs_read(&text, path.ptr, 0)) < 0)
		goto done;
	if ((e = git_message_prettify(&cleaned, text.ptr ? text.ptr : "", 0, '#')) < 0) {
		error = pmo_repo__git_error(e, "bad commit message");
		goto done;
	}
	if (!cleaned.ptr || !*cleaned.ptr) {
		error = pmo_error_set(PMO_EINVALID, "Aborting commit due to empty commit message.");
		goto done;
	}
	git_buf_dispose(msg);
	*msg = cleaned;
	memset(&cleaned, 0, sizeof(cleaned));
done:
	git_buf_dispose(&cleaned);
	pmo_buf_free(&path);
	pmo_buf_free(&shown);
	pmo_buf_free(&text);
	return error;
}
