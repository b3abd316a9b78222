/*
 * Finding the repository and the pmo tree in it; repository state checks;
 * the pmo lock. The small helpers the files of lib/repo share are in
 * helpers.c.
 */
#include "repo/internal.h"
#include <git2/sys/repository.h>
#include "util/error.h"
#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Next component of s (no '/'), its length in *len; NULL at the end. */
static const char *next_component(const char *s, size_t *len)
{
	while (*s == '/')
		s++;
	if (!*s)
		return NULL;
	*len = strcspn(s, "/");
	return s;
}

char *pmo_repo__relative_to_cwd(const char *abs)
{
	pmo_buf b = PMO_BUF_INIT;
	const char *a = abs, *c, *ac, *cc;
	size_t al = 0, cl = 0;
	char *cwd = getcwd(NULL, 0);

	if (!cwd || abs[0] != '/') {
		/* No current directory (removed?): absolute paths are clear. */
		free(cwd);
		cwd = NULL;
		pmo_buf_puts(&b, abs);
		goto done;
	}
	c = cwd;
	for (;;) {
		ac = next_component(a, &al);
		cc = next_component(c, &cl);
		if (!ac || !cc || al != cl || memcmp(ac, cc, al) != 0)
			break;
		a = ac + al;
		c = cc + cl;
	}
	/* One "../" per component of the current directory left over. */
	while ((cc = next_component(c, &cl)) != NULL) {
		pmo_buf_puts(&b, "../");
		c = cc + cl;
	}
	while (*a == '/')
		a++;
	pmo_buf_puts(&b, a);
	if (b.len == 0)
		pmo_buf_putc(&b, '.');
	else if (b.len > 1 && b.ptr[b.len - 1] == '/' && a[0] == '\0')
		pmo_buf_truncate(&b, b.len - 1); /* "../" alone reads better as ".." */
done:
	free(cwd);
	if (pmo_buf_oom(&b) < 0)
		return NULL;
	return pmo_buf_detach(&b);
}

char *pmo_repo__display(const pmo_repo *repo, const char *path)
{
	char *abs, *rel;

	if (!repo->root)
		return pmo_repo__path(repo, path);
	abs = pmo_path_join(repo->root, path);
	if (!abs) {
		pmo_error_set(PMO_ENOMEM, "out of memory");
		return NULL;
	}
	rel = pmo_repo__relative_to_cwd(abs);
	free(abs);
	return rel;
}

/* git's boolean environment values: 1/true/yes/on (any case). */
static int env_bool(const char *name)
{
	const char *v = getenv(name);

	return v && (!strcmp(v, "1") || !strcasecmp(v, "true") || !strcasecmp(v, "yes") ||
		     !strcasecmp(v, "on"));
}

static int add_config_file(git_config *cfg, const char *path, git_config_level_t level,
			   const git_repository *git)
{
	struct stat st;
	int e;

	if (!path || !*path || stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	if ((e = git_config_add_file_ondisk(cfg, path, level, git, 0)) < 0)
		return pmo_repo__git_error(e, "cannot read the git configuration");
	return 0;
}

/*
 * extensions.worktreeConfig (git sparse-checkout init sets it): the
 * worktree's config.worktree overrides every other file, as in git. libgit2
 * 1.5 knows nothing of it, so it goes in at the application level, above
 * the repository's own file.
 */
static int add_worktree_config(git_config *cfg, git_repository *git)
{
	pmo_buf file = PMO_BUF_INIT;
	int on = 0, error = 0, e;

	if ((e = git_config_get_bool(&on, cfg, "extensions.worktreeconfig")) < 0) {
		git_error_clear();
		return 0;
	}
	if (!on)
		return 0;
	pmo_buf_printf(&file, "%sconfig.worktree", git_repository_path(git));
	if ((error = pmo_buf_oom(&file)) < 0)
		goto done;
	error = add_config_file(cfg, file.ptr, GIT_CONFIG_LEVEL_APP, git);
done:
	pmo_buf_free(&file);
	return error;
}

int pmo_repo__config(git_config **out, git_repository *git)
{
	git_config *cfg = NULL;
	git_buf path = { NULL, 0, 0 };
	pmo_buf file = PMO_BUF_INIT;
	const char *env;
	int error = 0, e;

	if ((e = git_config_new(&cfg)) < 0) {
		error = pmo_repo__git_error(e, "cannot read the git configuration");
		goto done;
	}
	if (!env_bool("GIT_CONFIG_NOSYSTEM")) {
		if ((env = getenv("GIT_CONFIG_SYSTEM")) != NULL) {
			error = add_config_file(cfg, env, GIT_CONFIG_LEVEL_SYSTEM, git);
		} else if (git_config_find_system(&path) == 0) {
			error = add_config_file(cfg, path.ptr, GIT_CONFIG_LEVEL_SYSTEM, git);
			git_buf_dispose(&path);
		}
		if (error < 0)
			goto done;
	}
	if ((env = getenv("GIT_CONFIG_GLOBAL")) != NULL) {
		if ((error = add_config_file(cfg, env, GIT_CONFIG_LEVEL_GLOBAL, git)) < 0)
			goto done;
	} else if ((env = getenv("HOME")) != NULL || getenv("XDG_CONFIG_HOME")) {
		/* as git finds them, from the environment of this moment (libgit2
		 * caches HOME when it is initialised) */
		if (getenv("XDG_CONFIG_HOME") && *getenv("XDG_CONFIG_HOME"))
			pmo_buf_printf(&file, "%s/git/config", getenv("XDG_CONFIG_HOME"));
		else if (env)
			pmo_buf_printf(&file, "%s/.config/git/config", env);
		if ((error = pmo_buf_oom(&file)) < 0 ||
		    (error = add_config_file(cfg, file.ptr, GIT_CONFIG_LEVEL_XDG, git)) < 0)
			goto done;
		pmo_buf_clear(&file);
		if (env) {
			pmo_buf_printf(&file, "%s/.gitconfig", env);
			if ((error = pmo_buf_oom(&file)) < 0 ||
			    (error = add_config_file(cfg, file.ptr, GIT_CONFIG_LEVEL_GLOBAL, git)) < 0)
				goto done;
		}
	}
	if (git) {
		if ((e = git_repository_item_path(&path, git, GIT_REPOSITORY_ITEM_CONFIG)) < 0) {
			error = pmo_repo__git_error(e, "cannot find the repository's configuration");
			goto done;
		}
		error = add_config_file(cfg, path.ptr, GIT_CONFIG_LEVEL_LOCAL, git);
		git_buf_dispose(&path);
		if (error < 0 || (error = add_worktree_config(cfg, git)) < 0)
			goto done;
	}
	if ((error = pmo_repo__config_add_cmdline(cfg, git)) < 0)
		goto done;
	git_error_clear();
	*out = cfg;
	cfg = NULL;
done:
	git_buf_dispose(&path);
	pmo_buf_free(&file);
	git_config_free(cfg);
	return error;
}

int pmo_repo__config_apply_env(pmo_repo *repo)
{
	git_config *cfg = NULL;
	int error, e;

	/* libgit2 1.5 reads the system file and ~/.gitconfig whatever the
	 * environment says; give it git's view when the environment differs. */
	if (!env_bool("GIT_CONFIG_NOSYSTEM") && !getenv("GIT_CONFIG_SYSTEM") &&
	    !getenv("GIT_CONFIG_GLOBAL") && !pmo_repo__config_has_cmdline()) {
		/* libgit2's own view, with config.worktree on top */
		if ((e = git_repository_config(&cfg, repo->git)) < 0)
			return pmo_repo__git_error(e, "cannot read the git configuration");
		error = add_worktree_config(cfg, repo->git);
		git_config_free(cfg);
		return error;
	}
	if ((error = pmo_repo__config(&cfg, repo->git)) < 0)
		return error;
	if ((e = git_repository_set_config(repo->git, cfg)) < 0)
		error = pmo_repo__git_error(e, "cannot set the repository's configuration");
	git_config_free(cfg);
	return error;
}

int pmo_repo__config_string(char **out, git_config *cfg, const char *name)
{
	git_config *snap = NULL;
	git_config_entry *entry = NULL;
	int error = 0, e;

	*out = NULL;
	if ((e = git_config_snapshot(&snap, cfg)) < 0)
		return pmo_repo__git_error(e, "cannot read the git configuration");
	e = git_config_get_entry(&entry, snap, name);
	if (e == 0 && entry->value && !(*out = strdup(entry->value)))
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
	else if (e < 0 && e != GIT_ENOTFOUND)
		error = pmo_repo__git_error(e, "cannot read the git configuration");
	git_error_clear();
	git_config_entry_free(entry);
	git_config_free(snap);
	return error;
}

int pmo_repo__default_branch(char **out)
{
	git_config *cfg = NULL;
	char *name = NULL;
	int error;

	if ((error = pmo_repo__config(&cfg, NULL)) < 0)
		goto done;
	if ((error = pmo_repo__config_string(&name, cfg, "init.defaultBranch")) < 0)
		goto done;
	if (!name || !*name) {
		free(name);
		if (!(name = strdup("main"))) {
			error = pmo_error_set(PMO_ENOMEM, "out of memory");
			goto done;
		}
	}
	*out = name;
	name = NULL;
done:
	free(name);
	git_config_free(cfg);
	return error;
}

/* realpath() of dir with a trailing '/', in a new string. */
static int real_dir(char **out, const char *dir)
{
	char *r = realpath(dir, NULL);
	pmo_buf b = PMO_BUF_INIT;
	int error = 0;

	if (!r)
		return pmo_error_set(errno == ENOMEM ? PMO_ENOMEM : PMO_ENOTFOUND,
				     "cannot use folder %s: %s", dir, strerror(errno));
	pmo_buf_puts(&b, r);
	if (b.len == 0 || b.ptr[b.len - 1] != '/')
		pmo_buf_putc(&b, '/');
	if ((error = pmo_buf_oom(&b)) < 0)
		goto done;
	*out = pmo_buf_detach(&b);
done:
	free(r);
	pmo_buf_free(&b);
	return error;
}

static int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Where to tell the user to mark safe: the folder holding .git (or the
 * bare repository) at or above absdir, else absdir; without a trailing '/'. */
static char *guess_repo_dir(const char *absdir)
{
	pmo_buf b = PMO_BUF_INIT;
	char *d = strdup(absdir), *slash;
	int found = 0;

	if (!d)
		return NULL;
	while (strlen(d) > 1 && d[strlen(d) - 1] == '/')
		d[strlen(d) - 1] = '\0';
	for (;;) {
		pmo_buf_clear(&b);
		pmo_buf_printf(&b, "%s/.git", d);
		if (!pmo_buf_oom(&b) && pmo_fs_exists(b.ptr)) {
			found = 1;
			break;
		}
		pmo_buf_clear(&b);
		pmo_buf_printf(&b, "%s/objects", d);
		if (!pmo_buf_oom(&b) && pmo_fs_is_dir(b.ptr)) {
			pmo_buf_clear(&b);
			pmo_buf_printf(&b, "%s/HEAD", d);
			if (!pmo_buf_oom(&b) && is_file(b.ptr)) {
				found = 1;
				break;
			}
		}
		slash = strrchr(d, '/');
		if (!slash || slash == d)
			break;
		*slash = '\0';
	}
	pmo_buf_free(&b);
	if (!found) {
		free(d);
		d = strdup(absdir);
		if (d && strlen(d) > 1 && d[strlen(d) - 1] == '/')
			d[strlen(d) - 1] = '\0';
	}
	return d;
}

static int open_error(int gitcode, const char *dir, const char *absdir)
{
	const git_error *e = git_error_last();
	const char *msg = e && e->message ? e->message : "";
	char *where;
	int error;

	/* libgit2 1.5.1 reports an ownership failure as GIT_ENOTFOUND about the
	 * missing safe.directory setting when none is configured. */
	if (gitcode == GIT_EOWNER || strstr(msg, "safe.directory") ||
	    strstr(msg, "not owned by current user")) {
		where = guess_repo_dir(absdir ? absdir : dir);
		error = pmo_error_set(PMO_EGIT,
			"detected dubious ownership in repository at %s (owned by another user); "
			"if you trust it, run: git config --global --add safe.directory %s",
			where ? where : dir, where ? where : dir);
		free(where);
		return error;
	}
	if (gitcode == GIT_ENOTFOUND) {
		where = absdir ? strndup(absdir, strlen(absdir) > 1 ? strlen(absdir) - 1 : 1) : NULL;
		error = pmo_error_set(PMO_ENOTFOUND, "not a git repository (or any parent): %s",
				      where ? where : dir);
		free(where);
		return error;
	}
	return pmo_repo__git_error(gitcode, "cannot open the repository");
}

/* Set root/prefix/has_tree for a tree rooted at absroot (under workdir). */
static int set_tree(pmo_repo *repo, const char *absroot, int has_tree)
{
	char *root = strdup(absroot);
	char *prefix = strdup(absroot + strlen(repo->workdir));

	if (!root || !prefix) {
		free(root);
		free(prefix);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	free(repo->root);
	free(repo->prefix);
	repo->root = root;
	repo->prefix = prefix;
	repo->has_tree = has_tree;
	return 0;
}

/* The nearest folder holding pmo.yaml from absdir up to the worktree root. */
static int find_tree(pmo_repo *repo, const char *absdir)
{
	pmo_buf b = PMO_BUF_INIT;
	size_t wl = strlen(repo->workdir), len;
	int error = 0;

	if (strncmp(absdir, repo->workdir, wl) != 0)
		absdir = repo->workdir; /* outside the worktree: look at its root */
	pmo_buf_puts(&b, absdir);
	while (!pmo_buf_oom(&b)) {
		len = b.len;
		pmo_buf_puts(&b, "pmo.yaml");
		if (!pmo_buf_oom(&b) && is_file(b.ptr)) {
			pmo_buf_truncate(&b, len);
			error = set_tree(repo, b.ptr, 1);
			goto done;
		}
		pmo_buf_truncate(&b, len);
		if (len <= wl)
			break;
		/* drop the last component, keep its '/' separator */
		b.len = len - 1;
		while (b.len > 0 && b.ptr[b.len - 1] != '/')
			b.len--;
		pmo_buf_truncate(&b, b.len);
	}
	if ((error = pmo_buf_oom(&b)) < 0)
		goto done;
	error = set_tree(repo, repo->workdir, 0);
done:
	pmo_buf_free(&b);
	return error;
}

/* In a bare repository (or a hook): the tree is HEAD's root when
 * HEAD:pmo.yaml exists. An unborn HEAD has no tree. */
static int find_tree_in_head(pmo_repo *repo)
{
	git_object *obj = NULL;
	int e;

	e = git_revparse_single(&obj, repo->git, "HEAD:pmo.yaml");
	if (e == 0)
		repo->has_tree = git_object_type(obj) == GIT_OBJECT_BLOB;
	git_object_free(obj);
	if (e == 0 || e == GIT_ENOTFOUND || e == GIT_EUNBORNBRANCH) {
		git_error_clear();
		return 0;
	}
	return pmo_repo__git_error(e, "cannot read HEAD");
}

/*
 * The worktree as git chooses it (notes: --work-tree > GIT_WORK_TREE >
 * core.worktree, which libgit2 reads, > the current directory when GIT_DIR
 * is set). cwd is the absolute current directory, trailing '/'.
 */
static int env_worktree(pmo_repo *repo, const char *cwd)
{
	const char *wt = getenv("GIT_WORK_TREE"), *gd = getenv("GIT_DIR");
	git_config *cfg = NULL;
	git_buf value = { NULL, 0, 0 };
	char *abs = NULL;
	int error = 0, e, has_core_wt = 0;

	if (wt && *wt) {
		if ((error = real_dir(&abs, wt)) < 0)
			goto done;
	} else if (gd && *gd && !git_repository_is_bare(repo->git)) {
		if ((e = git_repository_config_snapshot(&cfg, repo->git)) == 0)
			has_core_wt = git_config_get_string_buf(&value, cfg, "core.worktree") == 0;
		git_error_clear();
		if (has_core_wt)
			goto done;
		if (!(abs = strdup(cwd))) {
			error = pmo_error_set(PMO_ENOMEM, "out of memory");
			goto done;
		}
	} else {
		goto done;
	}
	/* (libgit2 1.5 leaks its path when told the workdir it has) */
	if (git_repository_workdir(repo->git) && !strcmp(git_repository_workdir(repo->git), abs))
		goto done;
	if ((e = git_repository_set_workdir(repo->git, abs, 0)) < 0)
		error = pmo_repo__git_error(e, "cannot use the worktree");
done:
	git_buf_dispose(&value);
	git_config_free(cfg);
	free(abs);
	return error;
}

static int open_internal(pmo_repo **out, const char *dir, unsigned flags)
{
	pmo_repo *repo = calloc(1, sizeof(*repo));
	char *absdir = NULL, *wd = NULL;
	const char *gwd;
	int error = 0, e;

	if (!repo)
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	repo->lock_fd = -1;
	repo->has_drivers = -1;
	if ((e = git_libgit2_init()) < 0) {
		error = pmo_repo__git_error(e, "cannot initialise libgit2");
		goto done;
	}
	repo->did_init = 1;
	if ((error = real_dir(&absdir, dir ? dir : ".")) < 0)
		goto done;
	{
		/* git 2.39 reads extensions.worktreeConfig (add_worktree_config) */
		const char *ext[] = { "worktreeconfig" };
		git_libgit2_opts(GIT_OPT_SET_EXTENSIONS, ext, (size_t)1);
	}
	if (flags & PMO_REPO_FROM_ENV)
		/* libgit2 reads GIT_DIR only when given no path */
		e = git_repository_open_ext(&repo->git, getenv("GIT_DIR") ? NULL : absdir,
					    GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	else if (getenv("GIT_DIR") && *getenv("GIT_DIR"))
		/* as git: that repository, no discovery */
		e = git_repository_open_ext(&repo->git, getenv("GIT_DIR"),
					    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	else
		e = git_repository_open_ext(&repo->git, absdir, 0,
					    getenv("GIT_CEILING_DIRECTORIES"));
	if (e < 0) {
		if (!(flags & PMO_REPO_FROM_ENV) && getenv("GIT_DIR") && *getenv("GIT_DIR") &&
		    e == GIT_ENOTFOUND)
			error = pmo_error_set(PMO_ENOTFOUND, "not a git repository: '%s'",
					      getenv("GIT_DIR"));
		else
			error = open_error(e, dir ? dir : ".", absdir);
		goto done;
	}
	if (!(flags & PMO_REPO_FROM_ENV) && (error = env_worktree(repo, absdir)) < 0)
		goto done;
	if ((error = pmo_repo__config_apply_env(repo)) < 0)
		goto done;
	repo->bare = git_repository_is_bare(repo->git);
	gwd = git_repository_workdir(repo->git);
	if (!repo->bare && gwd) {
		if ((error = real_dir(&wd, gwd)) < 0)
			goto done;
		repo->workdir = wd;
		wd = NULL;
	}
	if (!repo->workdir || (flags & PMO_REPO_FROM_ENV)) {
		repo->prefix = strdup("");
		if (!repo->prefix) {
			error = pmo_error_set(PMO_ENOMEM, "out of memory");
			goto done;
		}
		if (repo->workdir && !(repo->root = strdup(repo->workdir))) {
			error = pmo_error_set(PMO_ENOMEM, "out of memory");
			goto done;
		}
		if ((error = find_tree_in_head(repo)) < 0)
			goto done;
	} else if ((error = find_tree(repo, absdir)) < 0) {
		goto done;
	}
	if ((flags & PMO_REPO_NEED_TREE) && !repo->has_tree) {
		if (repo->workdir && !(flags & PMO_REPO_FROM_ENV))
			error = pmo_error_set(PMO_ENOTFOUND,
				"not a pmo tree (no pmo.yaml here or in any parent folder); run pmo init");
		else
			error = pmo_error_set(PMO_ENOTFOUND,
				"not a pmo tree (no pmo.yaml at the root of HEAD)");
		goto done;
	}
	*out = repo;
	repo = NULL;
done:
	free(absdir);
	free(wd);
	pmo_repo_free(repo);
	return error;
}

int pmo_repo_open(pmo_repo **out, const char *dir, unsigned flags)
{
	return open_internal(out, dir, flags);
}

int pmo_repo_init(pmo_repo **out, const char *dir)
{
	git_repository *git = NULL;
	git_repository_init_options opts;
	char *absdir = NULL, *branch = NULL;
	int error = 0, e, inited = 0;

	if (!dir)
		dir = ".";
	if ((e = git_libgit2_init()) < 0)
		return pmo_repo__git_error(e, "cannot initialise libgit2");
	inited = 1;
	if ((error = pmo_fs_mkdirs(dir)) < 0)
		goto done;
	if ((error = real_dir(&absdir, dir)) < 0)
		goto done;
	e = git_repository_open_ext(&git, absdir, 0, getenv("GIT_CEILING_DIRECTORIES"));
	if (e == 0) {
		git_repository_free(git);
		git = NULL;
	} else if (e == GIT_ENOTFOUND && !strstr(git_error_last() ? git_error_last()->message : "",
						    "safe.directory")) {
		if ((error = pmo_repo__default_branch(&branch)) < 0)
			goto done;
		if ((e = git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION)) < 0) {
			error = pmo_repo__git_error(e, "cannot create the repository");
			goto done;
		}
		opts.flags |= GIT_REPOSITORY_INIT_MKPATH;
		opts.initial_head = branch;
		if ((e = git_repository_init_ext(&git, absdir, &opts)) < 0) {
			error = pmo_repo__git_error(e, "cannot create the repository");
			goto done;
		}
		git_repository_free(git);
		git = NULL;
	} else {
		error = open_error(e, dir, absdir);
		goto done;
	}
	error = open_internal(out, absdir, 0);
done:
	free(absdir);
	free(branch);
	if (inited)
		git_libgit2_shutdown();
	return error;
}

void pmo_repo_free(pmo_repo *repo)
{
	if (!repo)
		return;
	if (repo->lock_fd >= 0)
		close(repo->lock_fd); /* releases the flock */
	pmo_repo__filters_free(repo);
	if (repo->fsync_on)
		git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0);
	git_repository_free(repo->git);
	free(repo->workdir);
	free(repo->prefix);
	free(repo->root);
	if (repo->did_init)
		git_libgit2_shutdown();
	free(repo);
}

git_repository *pmo_repo_git(pmo_repo *repo)
{
	return repo->git;
}

int pmo_repo_is_bare(const pmo_repo *repo)
{
	return repo->bare;
}

const char *pmo_repo_workdir(const pmo_repo *repo)
{
	return repo->workdir;
}

const char *pmo_repo_prefix(const pmo_repo *repo)
{
	return repo->prefix;
}

const char *pmo_repo_root(const pmo_repo *repo)
{
	return repo->root;
}

int pmo_repo_has_tree(const pmo_repo *repo)
{
	return repo->has_tree;
}

int pmo_repo_set_root(pmo_repo *repo, const char *dir)
{
	pmo_buf b = PMO_BUF_INIT;
	char *absdir = NULL;
	int error = 0;

	if (!repo->workdir)
		return pmo_error_set(PMO_EINVALID, "a bare repository has no worktree for a pmo tree");
	if ((error = real_dir(&absdir, dir)) < 0)
		goto done;
	if (strncmp(absdir, repo->workdir, strlen(repo->workdir)) != 0) {
		error = pmo_error_set(PMO_EINVALID, "%s is outside the repository's worktree %s",
				      dir, repo->workdir);
		goto done;
	}
	pmo_buf_printf(&b, "%spmo.yaml", absdir);
	if ((error = pmo_buf_oom(&b)) < 0)
		goto done;
	error = set_tree(repo, absdir, is_file(b.ptr));
done:
	free(absdir);
	pmo_buf_free(&b);
	return error;
}

int pmo_repo_check_mutable(pmo_repo *repo)
{
	const char *what = NULL, *how = NULL;
	int e;

	if (repo->bare || !repo->workdir)
		return pmo_error_set(PMO_ECONFLICT,
			"cannot change a bare repository; clone it and work in the clone");
	switch (git_repository_state(repo->git)) {
	case GIT_REPOSITORY_STATE_NONE:
		break;
	case GIT_REPOSITORY_STATE_MERGE:
		what = "a merge";
		how = "git merge --continue / --abort";
		break;
	case GIT_REPOSITORY_STATE_REVERT:
	case GIT_REPOSITORY_STATE_REVERT_SEQUENCE:
		what = "a revert";
		how = "git revert --continue / --abort";
		break;
	case GIT_REPOSITORY_STATE_CHERRYPICK:
	case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE:
		what = "a cherry-pick";
		how = "git cherry-pick --continue / --abort";
		break;
	case GIT_REPOSITORY_STATE_BISECT:
		return pmo_error_set(PMO_ECONFLICT,
			"a bisect is in progress; finish it first (git bisect reset)");
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX:
		what = "a git am session";
		how = "git am --continue / --abort";
		break;
	default: /* the rebase states */
		what = "a rebase";
		how = "git rebase --continue / --abort";
		break;
	}
	if (what)
		return pmo_error_set(PMO_ECONFLICT, "%s is in progress; finish or abort it first (%s)",
				     what, how);
	e = git_repository_head_detached(repo->git);
	if (e == 1)
		return pmo_error_set(PMO_ECONFLICT,
			"HEAD is detached; check out a branch first (git switch BRANCH)");
	if (e < 0)
		return pmo_repo__git_error(e, "cannot read HEAD");
	return 0;
}

int pmo_repo_lock(pmo_repo *repo)
{
	pmo_buf path = PMO_BUF_INIT;
	int error = 0, fd = -1;

	if (repo->lock_fd >= 0)
		return 0;
	pmo_buf_printf(&path, "%spmo.lock", git_repository_commondir(repo->git));
	if ((error = pmo_buf_oom(&path)) < 0)
		goto done;
	fd = open(path.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0) {
		error = pmo_error_set_at(PMO_EIO, path.ptr, 0, 0, "cannot open the pmo lock: %s",
					 strerror(errno));
		goto done;
	}
	while (flock(fd, LOCK_EX) < 0) {
		if (errno == EINTR)
			continue;
		error = pmo_error_set_at(PMO_EIO, path.ptr, 0, 0, "cannot take the pmo lock: %s",
					 strerror(errno));
		goto done;
	}
	repo->lock_fd = fd;
	fd = -1;
done:
	if (fd >= 0)
		close(fd);
	pmo_buf_free(&path);
	return error;
}
