/*
 * Committing exactly the paths a command changed (like `git commit --only`),
 * retrying a lost race. The identity git would use is in ident.c, the
 * check that those paths hold no uncommitted work in clean.c.
 */
#include "repo/internal.h"
#include "repo/dircache.h"
#include "repo/hooks.h"
#include "util/error.h"
#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* How long a commit keeps retrying a lost race or a held lock. */
#define RETRY_MS 10000

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleep a little longer each attempt (1 ms doubling to 64 ms), jittered
 * so racing processes spread out. */
static void backoff(unsigned attempt)
{
	static unsigned seed;
	struct timespec ts;
	long ms = 1L << (attempt < 6 ? attempt : 6);

	if (!seed)
		seed = (unsigned)getpid() * 2654435761u + (unsigned)now_ms();
	seed = seed * 1103515245u + 12345u;
	ms += (long)((seed >> 16) % (unsigned)ms);
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* ---- commit ---- */

/* The commit's tree as the index tells it: when the index's cached trees
 * held HEAD's tree (before), the index with the changes holds the commit's
 * (after), and no tree need be read. */
typedef struct {
	int known;
	git_oid before, after;
} known_tree;

/* One path to commit: its repository path and the blob (or removal). */
typedef struct {
	char *rpath;
	int present;
	git_oid id;
	git_filemode_t mode;
} change;

/* A repository path git would store: no empty, ".", ".." or ".git" part. */
static int valid_path(const char *p)
{
	size_t len;

	if (!*p || *p == '/')
		return 0;
	while (*p) {
		len = strcspn(p, "/");
		if (len == 0 || (len == 1 && p[0] == '.') || (len == 2 && !strncmp(p, "..", 2)) ||
		    (len == 4 && !strncasecmp(p, ".git", 4)))
			return 0;
		p += len;
		if (*p == '/' && !*++p)
			return 0;
	}
	return 1;
}

/*
 * git's ce_mode_from_stat for a regular file: the owner's executable bit
 * makes 100755; with core.fileMode false the bit is not trusted and the
 * mode the index (else HEAD) has for the path is kept, 100644 for a new one.
 */
static int regular_mode(git_filemode_t *out, pmo_repo *repo, const char *rpath,
			const struct stat *st)
{
	git_config *cfg = NULL;
	git_index *index = NULL;
	git_commit *head = NULL;
	git_tree *tree = NULL;
	git_tree_entry *te = NULL;
	const git_index_entry *ie;
	int error = 0, e, trust = 1;

	*out = (st->st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
	/* (the repository's config object: a bool needs no snapshot) */
	if ((e = git_repository_config(&cfg, repo->git)) < 0) {
		error = pmo_repo__git_error(e, "cannot read the git configuration");
		goto done;
	}
	if (git_config_get_bool(&trust, cfg, "core.filemode") < 0) {
		trust = 1;
		git_error_clear();
	}
	if (trust)
		goto done;
	*out = GIT_FILEMODE_BLOB;
	if ((e = git_repository_index(&index, repo->git)) < 0 || (e = git_index_read(index, 0)) < 0) {
		error = pmo_repo__git_error(e, "cannot read the index");
		goto done;
	}
	if ((ie = git_index_get_bypath(index, rpath, 0)) != NULL) {
		if (ie->mode == GIT_FILEMODE_BLOB || ie->mode == GIT_FILEMODE_BLOB_EXECUTABLE)
			*out = (git_filemode_t)ie->mode;
		goto done;
	}
	if ((error = pmo_repo__head_commit(&head, repo->git)) < 0 || !head)
		goto done;
	if ((e = git_commit_tree(&tree, head)) < 0) {
		error = pmo_repo__git_error(e, "cannot read HEAD's tree");
		goto done;
	}
	if (git_tree_entry_bypath(&te, tree, rpath) == 0 &&
	    git_tree_entry_filemode(te) == GIT_FILEMODE_BLOB_EXECUTABLE)
		*out = GIT_FILEMODE_BLOB_EXECUTABLE;
	git_error_clear();
done:
	git_tree_entry_free(te);
	git_tree_free(tree);
	git_commit_free(head);
	git_index_free(index);
	git_config_free(cfg);
	return error;
}

static int prepare_change(change *c, pmo_repo *repo, const char *path)
{
	pmo_buf abs = PMO_BUF_INIT;
	struct stat st;
	int error = 0;

	if (!(c->rpath = pmo_repo__path(repo, path)))
		return PMO_ENOMEM;
	if (!valid_path(c->rpath))
		return pmo_error_set(PMO_EINVALID, "cannot commit \"%s\": not a path inside the "
				     "repository", path);
	pmo_buf_printf(&abs, "%s%s", repo->workdir, c->rpath);
	if ((error = pmo_buf_oom(&abs)) < 0)
		goto done;
	if (lstat(abs.ptr, &st) < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			error = pmo_error_set_at(PMO_EIO, abs.ptr, 0, 0, "cannot stat: %s",
						 strerror(errno));
		goto done; /* absent: removed from the commit */
	}
	if (S_ISLNK(st.st_mode))
		c->mode = GIT_FILEMODE_LINK;
	else if (S_ISREG(st.st_mode)) {
		if ((error = regular_mode(&c->mode, repo, c->rpath, &st)) < 0)
			goto done;
	} else {
		error = pmo_error_set_at(PMO_EINVALID, abs.ptr, 0, 0, "not a file; cannot commit it");
		goto done;
	}
	pmo_repo__fsync_phase(repo, PMO_FSYNC_LOOSE_OBJECT);
	if ((error = pmo_repo__blob_from_workdir(&c->id, repo, c->rpath, 1)) < 0)
		goto done;
	c->present = 1;
done:
	pmo_buf_free(&abs);
	return error;
}

int pmo_repo__commit_create(git_oid *out, pmo_repo *repo, const git_signature *author,
			    const git_signature *committer, const char *message, const git_tree *tree,
			    size_t n, const git_commit **parents, git_config *sign_cfg)
{
	git_buf object = { NULL, 0, 0 };
	pmo_buf sig = PMO_BUF_INIT;
	int e, error = 0;

	if (sign_cfg) {
		/* git commit -S: sign the object, splice the signature in as the
		 * gpgsig header (libgit2 writes it as git does) */
		if ((e = git_commit_create_buffer(&object, repo->git, author, committer, NULL,
						  message, tree, n, parents)) < 0) {
			error = pmo_repo__git_error(e, "cannot create the commit");
			goto done;
		}
		if ((error = pmo_repo__sign(&sig, sign_cfg, object.ptr, object.size, committer)) < 0)
			goto done;
		e = git_commit_create_with_signature(out, repo->git, object.ptr,
						     sig.len ? sig.ptr : NULL, NULL);
	} else {
		e = git_commit_create(out, repo->git, NULL, author, committer, NULL, message,
				      tree, n, parents);
	}
	if (e < 0)
		error = pmo_repo__git_error(e, "cannot create the commit");
done:
	git_buf_dispose(&object);
	pmo_buf_free(&sig);
	return error;
}

/* HEAD's tree with the changes: only the trees of the changed folders are
 * written, the others are HEAD's. */
static int build_tree(git_oid *out, pmo_repo *repo, git_tree *base, const change *ch, size_t n)
{
	git_tree_entry *te = NULL;
	git_tree_update *ups = NULL;
	size_t k, m = 0;
	int error = 0, e;

	if (!(ups = calloc(n ? n : 1, sizeof(*ups)))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	for (k = 0; k < n; k++) {
		if (!ch[k].present) {
			/* removing what the tree does not hold is an error to libgit2 */
			if (!base)
				continue;
			e = git_tree_entry_bypath(&te, base, ch[k].rpath);
			git_tree_entry_free(te);
			te = NULL;
			if (e == GIT_ENOTFOUND)
				continue;
			if (e < 0) {
				error = pmo_repo__git_error(e, "cannot read HEAD's tree");
				goto done;
			}
		}
		ups[m].action = ch[k].present ? GIT_TREE_UPDATE_UPSERT : GIT_TREE_UPDATE_REMOVE;
		git_oid_cpy(&ups[m].id, &ch[k].id);
		ups[m].filemode = ch[k].present ? ch[k].mode : GIT_FILEMODE_BLOB;
		ups[m].path = ch[k].rpath;
		m++;
	}
	pmo_repo__fsync_phase(repo, PMO_FSYNC_LOOSE_OBJECT);
	if ((e = git_tree_create_updated(out, repo->git, base, m, ups)) < 0) {
		error = pmo_repo__git_error(e, "cannot build the tree");
		goto done;
	}
done:
	free(ups);
	git_tree_entry_free(te);
	return error;
}

/* One attempt: build on the branch's current tip and move it by CAS.
 * Returns a libgit2 code (GIT_EMODIFIED, GIT_EEXISTS, GIT_ELOCKED: retry)
 * in *gitcode with the pmo error set, or 0. *nothing when the tree equals
 * the tip's. */
static int try_commit(git_oid *out, int *nothing, int *gitcode, pmo_repo *repo,
		      const change *ch, size_t n, const git_signature *author,
		      const git_signature *committer, const char *message, const char *subject,
		      git_config *sign_cfg, const known_tree *it)
{
	git_reference *head = NULL, *ref = NULL;
	git_commit *parent = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_oid parent_id, tree_id, commit_id, empty_id;
	pmo_buf log = PMO_BUF_INIT;
	const git_commit *parents[1];
	const char *branch;
	int error = 0, e, born;

	*nothing = 0;
	*gitcode = 0;
	if ((e = git_reference_lookup(&head, repo->git, "HEAD")) < 0) {
		error = pmo_repo__git_error(e, "cannot read HEAD");
		goto done;
	}
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		error = pmo_error_set(PMO_ECONFLICT,
			"HEAD is detached; check out a branch first (git switch BRANCH)");
		goto done;
	}
	branch = git_reference_symbolic_target(head);
	e = git_reference_name_to_id(&parent_id, repo->git, branch);
	if (e < 0 && e != GIT_ENOTFOUND) {
		error = pmo_repo__git_error(e, "cannot read the branch");
		goto done;
	}
	born = e == 0;
	if (born) {
		if ((e = git_commit_lookup(&parent, repo->git, &parent_id)) < 0 ||
		    (e = git_commit_tree(&base, parent)) < 0) {
			error = pmo_repo__git_error(e, "cannot read HEAD's commit");
			goto done;
		}
	}
	if (it && it->known && base && git_oid_equal(git_tree_id(base), &it->before))
		git_oid_cpy(&tree_id, &it->after); /* the index held HEAD's tree */
	else if ((error = build_tree(&tree_id, repo, base, ch, n)) < 0)
		goto done;
	if (base) {
		*nothing = git_oid_equal(&tree_id, git_tree_id(base));
	} else if ((e = git_oid_fromstr(&empty_id, "4b825dc642cb6eb9a060e54bf8d69288fbee4904")) == 0) {
		*nothing = git_oid_equal(&tree_id, &empty_id);
	}
	if (*nothing)
		goto done;
	if ((e = git_tree_lookup(&tree, repo->git, &tree_id)) < 0) {
		error = pmo_repo__git_error(e, "cannot read the new tree");
		goto done;
	}
	parents[0] = parent;
	if ((error = pmo_repo__commit_create(&commit_id, repo, author, committer, message, tree,
					     born ? 1 : 0, parents, sign_cfg)) < 0)
		goto done;
	pmo_buf_printf(&log, "commit%s: %s", born ? "" : " (initial)", subject);
	if ((error = pmo_buf_oom(&log)) < 0)
		goto done;
	pmo_repo__fsync_phase(repo, PMO_FSYNC_REFERENCE);
	if (born)
		e = git_reference_create_matching(&ref, repo->git, branch, &commit_id, 1,
						  &parent_id, log.ptr);
	else
		e = git_reference_create(&ref, repo->git, branch, &commit_id, 0, log.ptr);
	if (e < 0) {
		*gitcode = e;
		error = pmo_repo__git_error(e, "cannot move the branch");
		goto done;
	}
	git_oid_cpy(out, &commit_id);
done:
	pmo_buf_free(&log);
	git_reference_free(ref);
	git_reference_free(head);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(parent);
	return error;
}

/*
 * The index is locked like git locks it (creating index.lock) for the whole
 * commit: `git commit` holds that lock from reading the index to moving the
 * branch, so holding it too keeps a git commit from building on a tip whose
 * files its index does not have yet.
 */
static int lock_index(char **out, pmo_repo *repo, int64_t deadline)
{
	pmo_buf path = PMO_BUF_INIT;
	unsigned attempt = 0;
	int fd, error = 0;

	pmo_buf_printf(&path, "%sindex.lock", git_repository_path(repo->git));
	if ((error = pmo_buf_oom(&path)) < 0)
		goto done;
	for (;;) {
		fd = open(path.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0) {
			/* marked as pmo's, so that a pmo killed while holding it is
			 * recognised (recover.c); git never reads a lock's content */
			char mark[40];
			int len = snprintf(mark, sizeof(mark), "pmo-lock %ld\n", (long)getpid());
			if (write(fd, mark, (size_t)len) != len) {
				error = pmo_error_set_at(PMO_EIO, path.ptr, 0, 0,
					"cannot lock the index: %s", strerror(errno));
				close(fd);
				unlink(path.ptr);
				goto done;
			}
			close(fd);
			break;
		}
		if (errno == EEXIST && now_ms() < deadline) {
			backoff(attempt++);
			continue;
		}
		if (errno == EEXIST)
			error = pmo_error_set(PMO_ECONFLICT,
				"cannot lock the index: %s exists; another git process seems to be "
				"running in this repository (if not, remove that file)", path.ptr);
		else
			error = pmo_error_set_at(PMO_EIO, path.ptr, 0, 0, "cannot lock the index: %s",
						 strerror(errno));
		goto done;
	}
	*out = pmo_buf_detach(&path);
done:
	pmo_buf_free(&path);
	return error;
}

static int copy_file(const char *from, const char *to)
{
	pmo_buf data = PMO_BUF_INIT;
	const char *p;
	size_t left;
	ssize_t w;
	int fd = -1, error;

	if ((error = pmo_fs_read(&data, from, 0)) < 0)
		goto done;
	fd = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		error = pmo_error_set_at(PMO_EIO, to, 0, 0, "cannot write: %s", strerror(errno));
		goto done;
	}
	for (p = data.ptr, left = data.len; left; p += w, left -= (size_t)w) {
		if ((w = write(fd, p, left)) < 0) {
			if (errno == EINTR) {
				w = 0;
				continue;
			}
			error = pmo_error_set_at(PMO_EIO, to, 0, 0, "cannot write: %s", strerror(errno));
			goto done;
		}
	}
	if (close(fd) < 0)
		error = pmo_error_set_at(PMO_EIO, to, 0, 0, "cannot write: %s", strerror(errno));
	fd = -1;
done:
	if (fd >= 0)
		close(fd);
	pmo_buf_free(&data);
	return error;
}

/* An index entry for the worktree file, as `git add` would make it. */
static int index_entry_for(git_index_entry *e, pmo_repo *repo, const change *c)
{
	pmo_buf abs = PMO_BUF_INIT;
	struct stat st;
	int error = 0;

	memset(e, 0, sizeof(*e));
	pmo_buf_printf(&abs, "%s%s", repo->workdir, c->rpath);
	if ((error = pmo_buf_oom(&abs)) < 0)
		goto done;
	if (lstat(abs.ptr, &st) < 0) {
		error = pmo_error_set_at(PMO_EIO, abs.ptr, 0, 0, "cannot stat: %s", strerror(errno));
		goto done;
	}
	e->ctime.seconds = (int32_t)st.st_ctim.tv_sec;
	e->ctime.nanoseconds = (uint32_t)st.st_ctim.tv_nsec;
	e->mtime.seconds = (int32_t)st.st_mtim.tv_sec;
	e->mtime.nanoseconds = (uint32_t)st.st_mtim.tv_nsec;
	e->dev = (uint32_t)st.st_dev;
	e->ino = (uint32_t)st.st_ino;
	e->mode = c->mode;
	e->uid = (uint32_t)st.st_uid;
	e->gid = (uint32_t)st.st_gid;
	e->file_size = (uint32_t)st.st_size;
	git_oid_cpy(&e->id, &c->id);
	e->path = c->rpath;
done:
	pmo_buf_free(&abs);
	return error;
}

/* With index.lock held: the index as on disk with just these entries
 * refreshed, written beside it (*out names the file). It is renamed into
 * place right after the branch moves, so that a git process reading the
 * index (git reads it without the lock) sees the new tip with the old index
 * for as short a time as git itself allows. */
static int prepare_index_libgit2(char **out, pmo_repo *repo, const change *ch, size_t n);

/* prepare_index reading and writing the index itself (dircache.c): 1 when
 * the index is not one it handles. */
static int prepare_index_fast(char **out, known_tree *kt, pmo_repo *repo, const change *ch,
			      size_t n)
{
	pmo_dircache dc;
	git_index_entry entry;
	pmo_buf tmp = PMO_BUF_INIT;
	size_t k;
	int error;

	if ((error = pmo_repo__dircache_read(&dc, repo, 1)) < 0 || !dc.usable)
		goto done;
	kt->known = dc.tree->count >= 0;
	git_oid_cpy(&kt->before, &dc.tree->id);
	for (k = 0; k < n && dc.usable; k++) {
		if (ch[k].present && (error = index_entry_for(&entry, repo, &ch[k])) < 0)
			goto done;
		if ((error = pmo_repo__dircache_set(&dc, ch[k].rpath,
						    ch[k].present ? &entry : NULL)) < 0)
			goto done;
	}
	pmo_repo__fsync_phase(repo, PMO_FSYNC_LOOSE_OBJECT);
	if ((error = pmo_repo__dircache_update(&dc, repo, pmo_repo__blob_from_workdir)) < 0 ||
	    !dc.usable)
		goto done;
	pmo_buf_printf(&tmp, "%sindex.pmo-%ld", git_repository_path(repo->git), (long)getpid());
	if ((error = pmo_buf_oom(&tmp)) < 0)
		goto done;
	unlink(tmp.ptr);
	if ((error = pmo_repo__dircache_write(&dc, tmp.ptr)) < 0 ||
	    (error = pmo_repo__fsync_path(repo, tmp.ptr, PMO_FSYNC_INDEX)) < 0) {
		unlink(tmp.ptr);
		goto done;
	}
	git_oid_cpy(&kt->after, &dc.tree->id);
	*out = pmo_buf_detach(&tmp);
done:
	if (error == 0 && !*out)
		kt->known = 0;
	pmo_buf_free(&tmp);
	pmo_repo__dircache_free(&dc);
	return error < 0 ? error : *out ? 0 : 1;
}

static int prepare_index(char **out, known_tree *kt, pmo_repo *repo, const change *ch, size_t n)
{
	int error;

	memset(kt, 0, sizeof(*kt));
	if ((error = prepare_index_fast(out, kt, repo, ch, n)) <= 0)
		return error;
	return prepare_index_libgit2(out, repo, ch, n);
}

static int prepare_index_libgit2(char **out, pmo_repo *repo, const change *ch, size_t n)
{
	git_index *index = NULL;
	git_index_entry entry;
	pmo_buf path = PMO_BUF_INIT, tmp = PMO_BUF_INIT;
	size_t k;
	int error = 0, e;

	pmo_buf_printf(&path, "%sindex", git_repository_path(repo->git));
	pmo_buf_printf(&tmp, "%sindex.pmo-%ld", git_repository_path(repo->git), (long)getpid());
	if ((error = pmo_buf_oom(&path)) < 0 || (error = pmo_buf_oom(&tmp)) < 0)
		goto done;
	unlink(tmp.ptr);
	if (pmo_fs_exists(path.ptr) && (error = copy_file(path.ptr, tmp.ptr)) < 0)
		goto done;
	if ((e = git_index_open(&index, tmp.ptr)) < 0)
		goto fail;
	for (k = 0; k < n; k++) {
		if (ch[k].present) {
			if ((error = index_entry_for(&entry, repo, &ch[k])) < 0)
				goto done;
			e = git_index_add(index, &entry);
		} else if ((e = git_index_remove(index, ch[k].rpath, 0)) == GIT_ENOTFOUND) {
			e = 0;
		}
		if (e < 0)
			goto fail;
	}
	pmo_repo__fsync_phase(repo, 0); /* the index is synced below, by core.fsync's index */
	if ((e = git_index_write(index)) < 0)
		goto fail;
	if ((error = pmo_repo__fsync_path(repo, tmp.ptr, PMO_FSYNC_INDEX)) < 0)
		goto done;
	git_error_clear();
	*out = pmo_buf_detach(&tmp);
	goto done;
fail:
	error = pmo_repo__git_error(e, "cannot update the index");
done:
	if (error < 0 && tmp.ptr)
		unlink(tmp.ptr);
	git_index_free(index);
	pmo_buf_free(&path);
	pmo_buf_free(&tmp);
	return error;
}

static int install_index(pmo_repo *repo, const char *tmp)
{
	pmo_buf path = PMO_BUF_INIT;
	int error = 0;

	pmo_buf_printf(&path, "%sindex", git_repository_path(repo->git));
	if ((error = pmo_buf_oom(&path)) < 0)
		goto done;
	if (rename(tmp, path.ptr) < 0)
		error = pmo_error_set_at(PMO_EIO, path.ptr, 0, 0,
			"committed, but cannot update the index: %s", strerror(errno));
	else
		error = pmo_repo__fsync_dir_of(repo, path.ptr, PMO_FSYNC_INDEX);
done:
	pmo_buf_free(&path);
	return error;
}

void pmo_repo_set_commit_options(pmo_repo *repo, unsigned flags, pmo_repo_hint_cb hint,
				 void *payload)
{
	repo->commit_flags = flags;
	repo->hint = hint;
	repo->hint_payload = payload;
}

/* ---- hooks around the commit (git's builtin/commit.c order) ---- */

/* The index the hooks see, as `git commit --only PATHS` gives them: HEAD
 * with just these paths as they will be committed, in
 * .git/next-index-<pid>.lock (absolute); *tree its tree. */
static int hook_index(char **out, git_oid *tree, pmo_repo *repo, const change *ch, size_t n)
{
	git_commit *head = NULL;
	git_tree *head_tree = NULL;
	git_index *index = NULL;
	git_index_entry entry;
	pmo_buf path = PMO_BUF_INIT;
	size_t k;
	int error = 0, e;

	pmo_buf_printf(&path, "%snext-index-%ld.lock", git_repository_path(repo->git),
		       (long)getpid());
	if ((error = pmo_buf_oom(&path)) < 0)
		goto done;
	unlink(path.ptr);
	if ((error = pmo_repo__head_commit(&head, repo->git)) < 0)
		goto done;
	if ((e = git_index_open(&index, path.ptr)) < 0 ||
	    (head && ((e = git_commit_tree(&head_tree, head)) < 0 ||
		      (e = git_index_read_tree(index, head_tree)) < 0)))
		goto fail;
	for (k = 0; k < n; k++) {
		if (ch[k].present) {
			if ((error = index_entry_for(&entry, repo, &ch[k])) < 0)
				goto done;
			e = git_index_add(index, &entry);
		} else if ((e = git_index_remove(index, ch[k].rpath, 0)) == GIT_ENOTFOUND) {
			e = 0;
		}
		if (e < 0)
			goto fail;
	}
	if ((e = git_index_write(index)) < 0 ||
	    (e = git_index_write_tree_to(tree, index, repo->git)) < 0)
		goto fail;
	*out = pmo_buf_detach(&path);
	goto done;
fail:
	error = pmo_repo__git_error(e, "cannot write the index for the hooks");
done:
	if (error < 0 && path.ptr)
		unlink(path.ptr);
	git_index_free(index);
	git_tree_free(head_tree);
	git_commit_free(head);
	pmo_buf_free(&path);
	return error;
}

/* pre-commit, prepare-commit-msg and commit-msg, as git commit -m runs
 * them: msg (cleaned) goes to COMMIT_EDITMSG for the message hooks, and
 * what they leave there, cleaned again, is the message. A hook that exits
 * non-zero stops the commit. A pre-commit hook that changes the index
 * (git add) is refused: pmo commits its own paths only. */
static int run_hooks_before(git_buf *msg, char **index_path, pmo_repo *repo,
			    const pmo_hooks *hooks, pmo_hook_env *env, const change *ch, size_t n)
{
	git_oid before, after;
	int error;

	if ((error = hook_index(index_path, &before, repo, ch, n)) < 0 ||
	    (error = pmo_hook_env_index(env, *index_path)) < 0)
		goto done;
	if (hooks->path[PMO_HOOK_PRE_COMMIT]) {
		if ((error = pmo_hooks_check(repo, hooks, PMO_HOOK_PRE_COMMIT, NULL, NULL, env)) < 0 ||
		    (error = pmo_hooks_index_tree(&after, repo, *index_path)) < 0)
			goto done;
		if (!git_oid_equal(&before, &after)) {
			error = pmo_error_set(PMO_ECONFLICT,
				"the pre-commit hook changed the index (GIT_INDEX_FILE); pmo "
				"commits only the files it wrote, so nothing was committed");
			goto done;
		}
	}
	error = pmo_hooks_message(msg, repo, hooks, env, "COMMIT_EDITMSG", "message");
done:
	return error;
}

/* The branch's lock file stayed for the whole retry time. */
static int branch_locked(pmo_repo *repo)
{
	git_reference *head = NULL;
	pmo_buf lock = PMO_BUF_INIT;
	int error;

	if (git_reference_lookup(&head, repo->git, "HEAD") == 0 &&
	    git_reference_type(head) == GIT_REFERENCE_SYMBOLIC)
		pmo_buf_printf(&lock, "%s%s.lock", git_repository_commondir(repo->git),
			       git_reference_symbolic_target(head));
	git_reference_free(head);
	git_error_clear();
	/* another lock (a reflog's): libgit2's message, set by try_commit,
	 * names it */
	if (!lock.len || pmo_buf_oom(&lock) < 0 || access(lock.ptr, F_OK) < 0) {
		pmo_buf_free(&lock);
		return PMO_ECONFLICT;
	}
	error = pmo_error_set(PMO_ECONFLICT, "cannot lock the branch: %s exists; another git "
		"process seems to be running in this repository (if not, remove that file)",
		lock.ptr);
	pmo_buf_free(&lock);
	return error;
}

int pmo_repo_commit(git_oid *out, pmo_repo *repo, const char *const *paths,
		    size_t n, const char *message)
{
	git_signature *author = NULL, *committer = NULL;
	git_buf msg = { NULL, 0, 0 };
	change *ch = NULL;
	char *subject = NULL, *index_lock = NULL, *new_index = NULL;
	git_config *cfg = NULL;
	pmo_hooks hooks;
	pmo_hook_env env;
	pmo_buf post_index = PMO_BUF_INIT;
	char *hook_index_path = NULL;
	git_oid id;
	known_tree kt;
	int64_t deadline = now_ms() + RETRY_MS;
	unsigned attempt = 0;
	size_t k;
	int error = 0, e, nothing = 0, gitcode, sign = 0, status;

	memset(&hooks, 0, sizeof(hooks));
	memset(&env, 0, sizeof(env));

	if (!repo->workdir) {
		error = pmo_error_set(PMO_ECONFLICT,
			"cannot change a bare repository; clone it and work in the clone");
		goto done;
	}
	/* git commit -m: whitespace cleanup, comment lines kept */
	if ((e = git_message_prettify(&msg, message ? message : "", 0, '#')) < 0) {
		error = pmo_repo__git_error(e, "bad commit message");
		goto done;
	}
	if (!msg.ptr || !*msg.ptr) {
		error = pmo_error_set(PMO_EINVALID, "empty commit message");
		goto done;
	}
	if ((error = pmo_repo_signatures(&author, &committer, repo)) < 0)
		goto done;
	/* the reflog entries take the committer's identity, as git's do */
	if ((e = git_repository_set_ident(repo->git, committer->name, committer->email)) < 0) {
		error = pmo_repo__git_error(e, "cannot set the identity");
		goto done;
	}
	if (!(ch = calloc(n ? n : 1, sizeof(*ch)))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	for (k = 0; k < n; k++)
		if ((error = prepare_change(&ch[k], repo, paths[k])) < 0)
			goto done;
	if ((error = lock_index(&index_lock, repo, deadline)) < 0 ||
	    (error = prepare_index(&new_index, &kt, repo, ch, n)) < 0)
		goto done;
	/* git commit's hooks and signing: with none set up, a few access()
	 * and lookups in libgit2's cached configuration (git's view:
	 * pmo_repo__config_apply_env gave it -c and the environment's files) */
	if ((e = git_repository_config_snapshot(&cfg, repo->git)) < 0) {
		error = pmo_repo__git_error(e, "cannot read the git configuration");
		goto done;
	}
	if (!(repo->commit_flags & PMO_COMMIT_NO_GPG_SIGN) &&
	    (error = pmo_repo__sign_wanted(&sign, cfg)) < 0)
		goto done;
	if ((error = pmo_hooks_find(&hooks, repo, cfg, PMO_HOOKS_OF_MERGE |
			((repo->commit_flags & PMO_COMMIT_NO_VERIFY) ?
			 (1u << PMO_HOOK_PRE_COMMIT) | (1u << PMO_HOOK_COMMIT_MSG) : 0))) < 0)
		goto done;
	if (hooks.any && (error = pmo_hook_env_init(&env, repo, author)) < 0)
		goto done;
	if ((hooks.path[PMO_HOOK_PRE_COMMIT] || hooks.path[PMO_HOOK_PREPARE_COMMIT_MSG] ||
	     hooks.path[PMO_HOOK_COMMIT_MSG]) &&
	    (error = run_hooks_before(&msg, &hook_index_path, repo, &hooks, &env, ch, n)) < 0)
		goto done;
	if (!(subject = strndup(msg.ptr, strcspn(msg.ptr, "\n")))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	for (;;) {
		error = try_commit(&id, &nothing, &gitcode, repo, ch, n, author, committer,
				   msg.ptr, subject, sign ? cfg : NULL, &kt);
		if (error == 0)
			break;
		if ((gitcode == GIT_EMODIFIED || gitcode == GIT_EEXISTS || gitcode == GIT_ELOCKED) &&
		    now_ms() < deadline) {
			backoff(attempt++);
			continue;
		}
		if (gitcode == GIT_ELOCKED)
			error = branch_locked(repo);
		else if (gitcode == GIT_EMODIFIED || gitcode == GIT_EEXISTS)
			error = pmo_error_set(PMO_ECONFLICT,
				"the branch kept moving under this commit for %d s; try again",
				RETRY_MS / 1000);
		goto done;
	}
	if (nothing) {
		memset(&id, 0, sizeof(id));
	} else if ((error = install_index(repo, new_index)) < 0) {
		goto done;
	}
	if (out)
		git_oid_cpy(out, &id);
	if (!nothing && hooks.path[PMO_HOOK_POST_COMMIT]) {
		/* after the index is unlocked, as git; its exit status is ignored */
		unlink(index_lock);
		free(index_lock);
		index_lock = NULL;
		if (pmo_hooks_gitdir_file(&post_index, repo, "index") < 0 ||
		    pmo_hook_env_index(&env, post_index.ptr) < 0 ||
		    pmo_hooks_run(&status, repo, &hooks, PMO_HOOK_POST_COMMIT, NULL, NULL, env.env) < 0)
			pmo_error_clear();
	}
done:
	if (hook_index_path) {
		unlink(hook_index_path);
		free(hook_index_path);
	}
	pmo_hooks_free(&hooks);
	pmo_hook_env_release(&env);
	pmo_buf_free(&post_index);
	git_config_free(cfg);
	if (new_index) {
		unlink(new_index); /* gone already when installed */
		free(new_index);
	}
	if (index_lock) {
		unlink(index_lock);
		free(index_lock);
	}
	if (ch)
		for (k = 0; k < n; k++)
			free(ch[k].rpath);
	free(ch);
	free(subject);
	git_buf_dispose(&msg);
	git_signature_free(author);
	git_signature_free(committer);
	return error;
}
