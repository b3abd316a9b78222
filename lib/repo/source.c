/*
 * Read sources: the worktree (files under the pmo root) or the tree of a
 * revision (git objects; works in bare repositories).
 */
#include "repo/internal.h"
#include "util/error.h"
#include "util/filecache.h"
#include "util/fs.h"
#include "util/hash.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>


void pmo_strv_free(char **v)
{
	char **p;

	if (!v)
		return;
	for (p = v; *p; p++)
		free(*p);
	free(v);
}

void pmo_source_free(pmo_source *src)
{
	if (!src)
		return;
	git_tree_free(src->tree);
	free(src->rev);
	free(src->folder);
	free(src->linkfree);
	pthread_mutex_destroy(&src->linklock);
	free(src);
}

typedef struct {
	pmo_buf found; /* folders holding a pmo.yaml, "a/b\n" each */
	size_t n;
} tree_search;

static int find_pmo_yaml(const char *root, const git_tree_entry *entry, void *payload)
{
	tree_search *ts = payload;
	size_t depth = 0;
	const char *p;

	for (p = root; *p; p++)
		depth += *p == '/';
	if (git_tree_entry_type(entry) == GIT_OBJECT_TREE)
		return depth >= 3 ? 1 : 0; /* 1: do not go into it */
	if (*root && !strcmp(git_tree_entry_name(entry), "pmo.yaml")) {
		pmo_buf_printf(&ts->found, "%.*s\n", (int)strlen(root) - 1, root);
		ts->n++;
	}
	return 0;
}

/* A bare repository whose pmo tree is a folder: the revision's tree has no
 * pmo.yaml at its root, but exactly one folder near the top has one. Move
 * src->tree to that folder; several are an error naming them. */
static int find_tree_folder(pmo_source *src, const char *rev)
{
	tree_search ts = { PMO_BUF_INIT, 0 };
	git_tree_entry *te = NULL;
	git_tree *sub = NULL;
	int error = 0, e;

	if (git_tree_entry_byname(src->tree, "pmo.yaml"))
		return 0;
	if ((e = git_tree_walk(src->tree, GIT_TREEWALK_PRE, find_pmo_yaml, &ts)) < 0) {
		error = pmo_repo__git_error(e, "cannot read the tree");
		goto done;
	}
	if ((error = pmo_buf_oom(&ts.found)) < 0 || ts.n == 0)
		goto done;
	if (ts.n > 1) {
		char *p;
		ts.found.ptr[--ts.found.len] = '\0';
		while ((p = strchr(ts.found.ptr, '\n')))
			*p = ' ';
		error = pmo_error_set(PMO_EUSAGE, "revision \"%s\" holds %zu pmo trees; name one as "
			"--rev %s:FOLDER (folders: %s)", rev, ts.n, rev, ts.found.ptr);
		goto done;
	}
	ts.found.ptr[--ts.found.len] = '\0';
	if ((e = git_tree_entry_bypath(&te, src->tree, ts.found.ptr)) < 0 ||
	    (e = git_tree_lookup(&sub, src->repo->git, git_tree_entry_id(te))) < 0) {
		error = pmo_repo__git_error(e, "cannot read the tree");
		goto done;
	}
	git_tree_free(src->tree);
	src->tree = sub;
	/* remembered for pmo_source_changes, which walks the same folder */
	pmo_buf_putc(&ts.found, '/');
	if ((error = pmo_buf_oom(&ts.found)) < 0)
		goto done;
	src->folder = pmo_buf_detach(&ts.found);
done:
	git_tree_entry_free(te);
	pmo_buf_free(&ts.found);
	return error;
}

int pmo_source_open(pmo_source **out, pmo_repo *repo, const char *rev)
{
	pmo_source *src = calloc(1, sizeof(*src));
	git_object *obj = NULL, *peeled = NULL;
	int error = 0, e, unborn_ok = 0;

	if (!src)
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	pthread_mutex_init(&src->linklock, NULL);
	src->repo = repo;
	if (!rev && repo->root) {
		src->worktree = 1;
		goto ok;
	}
	if (!rev) {
		rev = "HEAD";
		unborn_ok = 1; /* a bare repository with no commit yet reads as empty */
	}
	if (!(src->rev = strdup(rev))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	e = git_revparse_single(&obj, repo->git, rev);
	if (e < 0) {
		if (unborn_ok && (e == GIT_ENOTFOUND || e == GIT_EUNBORNBRANCH)) {
			git_error_clear();
			goto ok;
		}
		if (e == GIT_ENOTFOUND || e == GIT_EINVALIDSPEC || e == GIT_EAMBIGUOUS)
			error = pmo_error_set(PMO_ENOTFOUND, "unknown revision \"%s\"", rev);
		else
			error = pmo_repo__git_error(e, rev);
		goto done;
	}
	if ((e = git_object_peel(&peeled, obj, GIT_OBJECT_TREE)) < 0) {
		error = pmo_error_set(PMO_ENOTFOUND, "revision \"%s\" does not name a tree", rev);
		goto done;
	}
	src->tree = (git_tree *)peeled;
	peeled = NULL;
	/* in a worktree the prefix says where the tree is; a bare
	 * repository has none: look for it */
	if (!repo->root && !repo->prefix[0] && (error = find_tree_folder(src, rev)) < 0)
		goto done;
ok:
	*out = src;
	src = NULL;
done:
	git_object_free(obj);
	git_object_free(peeled);
	pmo_source_free(src);
	return error;
}

/* The tree entry at path (relative to the pmo root); *out NULL when absent. */
static int rev_entry(git_tree_entry **out, pmo_source *src, const char *path)
{
	char *rpath;
	int error = 0, e;

	*out = NULL;
	if (!src->tree)
		return 0;
	if (!(rpath = pmo_repo__path(src->repo, path)))
		return PMO_ENOMEM;
	/* the folders on the way read trusting the object store, as git does */
	pmo_repo__trust_objects(1);
	e = git_tree_entry_bypath(out, src->tree, rpath);
	pmo_repo__trust_objects(0);
	if (e == GIT_ENOTFOUND) {
		git_error_clear();
		*out = NULL;
	} else if (e < 0) {
		error = pmo_repo__git_error(e, rpath);
	}
	free(rpath);
	return error;
}

static char *worktree_path(pmo_source *src, const char *path)
{
	char *p = pmo_path_join(src->repo->root, path);

	if (!p)
		pmo_error_set(PMO_ENOMEM, "out of memory");
	return p;
}

static int link_error(pmo_source *src, const char *path, size_t len)
{
	char *part = strndup(path, len), *shown = part ? pmo_source_display(src, part) : NULL;
	int error = shown ? pmo_error_set_at(PMO_EINVALID, shown, 0, 0,
					     "is a symbolic link; pmo does not read or write through links: "
					     "replace it with what it points to")
			  : pmo_error_set(PMO_ENOMEM, "out of memory");

	free(part);
	free(shown);
	return error;
}

/* In the worktree, no folder on the way from the pmo tree's root to path
 * (nor path itself, with self) may be a symbolic link: pmo never reads or
 * writes through one. One lstat per folder, skipped for the folder checked
 * last (a list reads its files from one folder). */
static int no_links(pmo_source *src, const char *path, int self)
{
	size_t end = self ? strlen(path) : 0, i;
	struct stat st;
	char *abs, *free_of;
	int error = 0, known;

	if (!self) {
		const char *slash = strrchr(path, '/');
		end = slash ? (size_t)(slash - path) : 0;
	}
	if (!end)
		return 0;
	pthread_mutex_lock(&src->linklock);
	known = src->linkfree && strlen(src->linkfree) == end + 1 && !strncmp(src->linkfree, path, end);
	pthread_mutex_unlock(&src->linklock);
	if (known)
		return 0;
	for (i = 1; i <= end && !error; i++) {
		if (i < end && path[i] != '/')
			continue;
		if (!(abs = pmo_path_join(src->repo->root, path)))
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		abs[strlen(src->repo->root) + i] = '\0';
		if (lstat(abs, &st) == 0 && S_ISLNK(st.st_mode))
			error = link_error(src, path, i);
		free(abs);
	}
	free_of = error ? NULL : malloc(end + 2);
	if (free_of) {
		memcpy(free_of, path, end);
		memcpy(free_of + end, "/", 2);
	} else if (!error) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	pthread_mutex_lock(&src->linklock);
	free(src->linkfree);
	src->linkfree = free_of;
	pthread_mutex_unlock(&src->linklock);
	return error;
}

int pmo_source_is_link(pmo_source *src, const char *path)
{
	git_tree_entry *te = NULL;
	struct stat st;
	char *abs;
	int link;

	if (src->worktree) {
		if (!(abs = worktree_path(src, path)))
			return 0;
		link = lstat(abs, &st) == 0 && S_ISLNK(st.st_mode);
		free(abs);
		return link;
	}
	if (rev_entry(&te, src, path) < 0) {
		pmo_error_clear();
		return 0;
	}
	link = te && git_tree_entry_filemode(te) == GIT_FILEMODE_LINK;
	git_tree_entry_free(te);
	return link;
}

/* error (a file's, when < 0) told again with path as the user sees it. */
static int shown_error(pmo_source *src, const char *path, int error)
{
	const pmo_error *err = pmo_error_last();
	char *shown = NULL, *msg = NULL;

	if (error < 0 && err && err->path && (shown = pmo_source_display(src, path)) &&
	    (msg = strdup(err->message ? err->message : "")))
		pmo_error_set_at(error, shown, err->line, err->col, "%s", msg);
	free(shown);
	free(msg);
	return error;
}

int pmo_source_read_text(pmo_fs_text *out, pmo_source *src, const char *path, size_t max)
{
	char *abs;
	int error;

	pmo_fs_text_free(out);
	if (!src->worktree) {
		if ((error = pmo_source_read(&out->buf, src, path, max)) < 0) {
			pmo_fs_text_free(out);
			return error;
		}
		out->ptr = out->buf.ptr ? out->buf.ptr : "";
		out->len = out->buf.len;
		return 0;
	}
	if ((error = no_links(src, path, 0)) < 0)
		return error;
	if (!(abs = worktree_path(src, path)))
		return PMO_ENOMEM;
	error = shown_error(src, path, pmo_fs_text_nofollow(out, abs, max));
	free(abs);
	return error;
}

int pmo_source_read(pmo_buf *out, pmo_source *src, const char *path, size_t max)
{
	git_tree_entry *te = NULL;
	git_blob *blob = NULL;
	char *abs = NULL, *shown = NULL;
	git_object_size_t size;
	int error = 0, e;

	if (src->worktree) {
		if ((error = no_links(src, path, 0)) < 0)
			return error;
		if (!(abs = worktree_path(src, path)))
			return PMO_ENOMEM;
		error = shown_error(src, path, pmo_fs_read_nofollow(out, abs, max));
		goto done;
	}
	pmo_buf_clear(out);
	if ((error = rev_entry(&te, src, path)) < 0)
		goto done;
	shown = pmo_source_display(src, path);
	if (!te) {
		error = pmo_error_set_at(PMO_ENOTFOUND, shown, 0, 0, "no such file");
		goto done;
	}
	if (git_tree_entry_type(te) != GIT_OBJECT_BLOB) {
		error = pmo_error_set_at(PMO_EIO, shown, 1, 1, "is a folder, not a file");
		goto done;
	}
	if (git_tree_entry_filemode(te) == GIT_FILEMODE_LINK) {
		/* committed as a link (mode 120000): its blob is the target's
		 * name, which pmo must not follow nor read as YAML */
		error = pmo_error_set_at(PMO_EINVALID, shown, 1, 1,
			"is a symbolic link (mode 120000) in git; pmo does not read or write "
			"through links: commit the file itself");
		goto done;
	}
	/* like git, trust the object store when reading: re-hashing a
	 * 500 KB plan.yaml costs more than parsing it */
	pmo_repo__trust_objects(1);
	e = git_blob_lookup(&blob, src->repo->git, git_tree_entry_id(te));
	pmo_repo__trust_objects(0);
	if (e < 0) {
		error = pmo_repo__git_error(e, shown ? shown : path);
		goto done;
	}
	size = git_blob_rawsize(blob);
	if (max && size > max) {
		error = pmo_error_set_at(PMO_EINVALID, shown, 1, 1,
			"file is %llu bytes, more than the limit of %zu bytes",
			(unsigned long long)size, max);
		goto done;
	}
	if (pmo_buf_put(out, git_blob_rawcontent(blob), (size_t)size) < 0 ||
	    (error = pmo_buf_oom(out)) < 0) {
		error = PMO_ENOMEM;
		goto done;
	}
	/* as git would check it out: a filter driver's smudge side */
	if (pmo_repo__has_drivers(src->repo)) {
		char *rpath = pmo_repo__path(src->repo, path);
		error = rpath ? pmo_repo__smudge(out, src->repo, rpath, git_tree_entry_id(te))
			      : PMO_ENOMEM;
		free(rpath);
	}
done:
	free(abs);
	free(shown);
	git_blob_free(blob);
	git_tree_entry_free(te);
	return error;
}

int pmo_source_exists(pmo_source *src, const char *path)
{
	git_tree_entry *te = NULL;
	char *abs;
	int found;

	if (src->worktree) {
		if (!(abs = worktree_path(src, path)))
			return 0;
		found = pmo_fs_exists(abs);
		free(abs);
		return found;
	}
	if (rev_entry(&te, src, path) < 0)
		return 0;
	found = te != NULL;
	git_tree_entry_free(te);
	return found;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A growable NULL-terminated string vector. */
typedef struct {
	char **v;
	size_t len, cap;
} strv;

static int strv_add(strv *s, const char *name)
{
	char **nv;
	size_t ncap;

	if (s->len + 2 > s->cap) {
		ncap = s->cap ? s->cap * 2 : 16;
		if (!(nv = realloc(s->v, ncap * sizeof(*nv))))
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		s->v = nv;
		s->cap = ncap;
	}
	if (!(s->v[s->len] = strdup(name)))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	s->v[++s->len] = NULL;
	return 0;
}

int pmo_source_list(char ***out, pmo_source *src, const char *dir)
{
	strv s = { NULL, 0, 0 };
	git_tree_entry *te = NULL;
	git_tree *tree = NULL;
	DIR *d = NULL;
	struct dirent *de;
	char *abs = NULL;
	size_t k, count;
	int error = 0, e;

	if (!dir || !*dir)
		dir = ".";
	if (src->worktree) {
		if (!(abs = worktree_path(src, dir))) {
			error = PMO_ENOMEM;
			goto done;
		}
		/* a link to a folder is a link, as git stores it: pmo does not
		 * walk through it (nor round a loop of them), and says so */
		if (strcmp(dir, ".") && (error = no_links(src, dir, 1)) < 0)
			goto done;
		if (!(d = opendir(abs))) {
			if (errno != ENOENT && errno != ENOTDIR)
				error = pmo_error_set_at(PMO_EIO, abs, 0, 0, "cannot list folder: %s",
							 strerror(errno));
			goto finish;
		}
		while ((de = readdir(d)) != NULL) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			if ((error = strv_add(&s, de->d_name)) < 0)
				goto done;
		}
		goto finish;
	}
	if (strcmp(dir, ".") == 0 && !src->repo->prefix[0]) {
		tree = NULL;
		if (src->tree && (e = git_tree_dup(&tree, src->tree)) < 0) {
			error = pmo_repo__git_error(e, "cannot read the tree");
			goto done;
		}
	} else {
		if ((error = rev_entry(&te, src, dir)) < 0)
			goto done;
		if (te && git_tree_entry_filemode(te) == GIT_FILEMODE_LINK) {
			error = link_error(src, dir, strlen(dir));
			goto done;
		}
		if (te && git_tree_entry_type(te) == GIT_OBJECT_TREE &&
		    (e = git_tree_lookup(&tree, src->repo->git, git_tree_entry_id(te))) < 0) {
			error = pmo_repo__git_error(e, "cannot read the tree");
			goto done;
		}
	}
	count = tree ? git_tree_entrycount(tree) : 0;
	for (k = 0; k < count; k++)
		if ((error = strv_add(&s, git_tree_entry_name(git_tree_entry_byindex(tree, k)))) < 0)
			goto done;
finish:
	if (error < 0)
		goto done;
	if (!s.v && !(s.v = calloc(1, sizeof(*s.v)))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	/* git sorts folders as if named "dir/": sort plainly by bytes */
	qsort(s.v, s.len, sizeof(*s.v), cmp_str);
	*out = s.v;
	s.v = NULL;
done:
	if (d)
		closedir(d);
	if (s.v) {
		s.v[s.len] = NULL;
		pmo_strv_free(s.v);
	}
	free(abs);
	git_tree_entry_free(te);
	git_tree_free(tree);
	return error;
}

struct pmo_source_dir {
	pmo_source *src;
	char *dir; /* "projects/CBM/risks" */
	int fd;    /* the worktree's folder, -1 when missing or for a revision */
	/* pmo_source_dir_open_later: opened by the first read, closed after
	 * the last one announced, under lock */
	int later;
	char *abs;        /* the folder to open */
	int missing;      /* it was not there */
	size_t expect;    /* reads announced (pmo_source_dir_expect) */
	size_t ended;     /* reads finished */
	unsigned readers; /* reads under way */
	pthread_mutex_t lock;
};

int pmo_source_threads(const pmo_source *src)
{
	return src->worktree;
}

void pmo_source_dir_free(pmo_source_dir *d)
{
	if (!d)
		return;
	if (d->fd >= 0)
		close(d->fd);
	if (d->later)
		pthread_mutex_destroy(&d->lock);
	free(d->abs);
	free(d->dir);
	free(d);
}

/* pmo_source_dir_open, or with later pmo_source_dir_open_later. */
static int dir_open(pmo_source_dir **out, pmo_source *src, const char *dir, int later)
{
	pmo_source_dir *d = calloc(1, sizeof(*d));
	char *abs = NULL;
	int error = 0;

	if (!d || !(d->dir = strdup(dir))) {
		free(d);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	d->src = src;
	d->fd = -1;
	if (!src->worktree)
		goto done;
	if ((error = no_links(src, dir, 1)) < 0 || !(abs = worktree_path(src, dir))) {
		error = error < 0 ? error : PMO_ENOMEM;
		goto done;
	}
	if (later) {
		d->later = 1;
		d->abs = abs;
		abs = NULL;
		pthread_mutex_init(&d->lock, NULL);
		goto done;
	}
	d->fd = pmo_fs_open_nofollow(abs, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	if (d->fd < 0 && errno == ELOOP)
		error = link_error(src, dir, strlen(dir));
	else if (d->fd < 0 && errno != ENOENT && errno != ENOTDIR)
		error = pmo_error_set_at(PMO_EIO, abs, 0, 0, "cannot open folder: %s", strerror(errno));
done:
	free(abs);
	if (error < 0) {
		pmo_source_dir_free(d);
		return error;
	}
	*out = d;
	return 0;
}

int pmo_source_dir_open(pmo_source_dir **out, pmo_source *src, const char *dir)
{
	return dir_open(out, src, dir, 0);
}

int pmo_source_dir_open_later(pmo_source_dir **out, pmo_source *src, const char *dir)
{
	return dir_open(out, src, dir, 1);
}

void pmo_source_dir_expect(pmo_source_dir *d, size_t reads)
{
	if (!d->later)
		return;
	pthread_mutex_lock(&d->lock);
	d->expect += reads;
	pthread_mutex_unlock(&d->lock);
}

/* A read of the folder d opens later begins: its descriptor, opened now
 * if it is not open (0, or an error to tell). */
static int later_begin(pmo_source_dir *d)
{
	int error = 0;

	pthread_mutex_lock(&d->lock);
	if (d->fd < 0 && !d->missing) {
		d->fd = pmo_fs_open_nofollow(d->abs, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
		if (d->fd < 0 && (errno == ENOENT || errno == ENOTDIR))
			d->missing = 1;
		else if (d->fd < 0)
			error = pmo_error_set_at(PMO_EIO, d->abs, 0, 0, "cannot open folder: %s",
						 strerror(errno));
	}
	if (!error)
		d->readers++;
	pthread_mutex_unlock(&d->lock);
	return error;
}

/* That read ended: after the last one announced the descriptor is
 * closed, so a walk of thousands of folders holds only those it reads. */
static void later_end(pmo_source_dir *d)
{
	pthread_mutex_lock(&d->lock);
	d->readers--;
	if (++d->ended >= d->expect && !d->readers && d->fd >= 0) {
		close(d->fd);
		d->fd = -1;
	}
	pthread_mutex_unlock(&d->lock);
}

static int dir_read(pmo_buf *out, pmo_source_dir *d, const char *name, size_t max);

int pmo_source_dir_read(pmo_buf *out, pmo_source_dir *d, const char *name, size_t max)
{
	int error;

	if (!d->later)
		return dir_read(out, d, name, max);
	if ((error = later_begin(d)) < 0) {
		pmo_buf_clear(out);
		return error;
	}
	error = dir_read(out, d, name, max);
	later_end(d);
	return error;
}

static int dir_read(pmo_buf *out, pmo_source_dir *d, const char *name, size_t max)
{
	char *path, *shown = NULL;
	int error = 0;

	/* the usual case: the file's path is made only to name a problem
	 * (a path a file was 1% of pmo validate's instructions) */
	if (d->src->worktree && d->fd >= 0 &&
	    (error = pmo_fs_read_at_nofollow(out, d->fd, name, max)) >= 0)
		return error;
	if (!(path = pmo_path_join(d->dir, name)))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	if (d->src->worktree && d->fd >= 0) {
		error = shown_error(d->src, path, error);
	} else if (!d->src->worktree) {
		error = pmo_source_read(out, d->src, path, max);
	} else {
		/* the folder could not be opened */
		pmo_buf_clear(out);
		shown = pmo_source_display(d->src, path);
		error = shown ? pmo_error_set_at(PMO_ENOTFOUND, shown, 0, 0, "no such file")
			      : pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	free(path);
	free(shown);
	return error;
}

int pmo_source_dir_read_changed(pmo_buf *out, pmo_file_stat *st, pmo_source_dir *d,
				const char *name, size_t max, const pmo_file_stat *unless)
{
	struct stat sb;
	int error;

	memset(st, 0, sizeof(*st));
	if (d->later && (error = later_begin(d)) < 0) {
		pmo_buf_clear(out);
		return error;
	}
	if (d->src->worktree && d->fd >= 0 && fstatat(d->fd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(sb.st_mode)) {
		st->mtime = (int64_t)sb.st_mtim.tv_sec;
		st->mtime_ns = (uint32_t)sb.st_mtim.tv_nsec;
		st->ctime = (int64_t)sb.st_ctim.tv_sec;
		st->ctime_ns = (uint32_t)sb.st_ctim.tv_nsec;
		st->size = (uint64_t)sb.st_size;
		st->ino = (uint64_t)sb.st_ino;
		st->mode = (uint32_t)sb.st_mode;
	}
	if (unless && pmo_file_stat_same(st, unless))
		error = 1;
	else
		error = dir_read(out, d, name, max);
	if (d->later)
		later_end(d);
	return error;
}

int pmo_source_cache_file(char **out, pmo_source *src, const char *name)
{
	const char *env = getenv("PMO_CACHE");
	pmo_buf b = PMO_BUF_INIT;
	int error;

	*out = NULL;
	/* a pmo built without a build ID cannot tell its caches from another
	 * build's (whose checks may differ): it keeps none */
	if (!src->worktree || !src->repo->root || (env && !strcmp(env, "0")) || !pmo_build_tag())
		return 0;
	pmo_buf_printf(&b, "%spmo/cache/", git_repository_path(src->repo->git));
	if (src->repo->prefix[0])
		pmo_buf_printf(&b, "%016llx/", (unsigned long long)pmo_hash_bytes(src->repo->prefix,
									   strlen(src->repo->prefix)));
	else
		pmo_buf_puts(&b, "root/");
	pmo_buf_puts(&b, name);
	if ((error = pmo_buf_oom(&b)) < 0)
		return error;
	*out = pmo_buf_detach(&b);
	return 0;
}

char *pmo_source_display(pmo_source *src, const char *path)
{
	pmo_buf b = PMO_BUF_INIT;
	char *rpath;

	if (src->worktree)
		return pmo_repo__display(src->repo, path);
	if (!(rpath = pmo_repo__path(src->repo, path)))
		return NULL;
	pmo_buf_printf(&b, "%s:%s", src->rev, rpath);
	free(rpath);
	if (pmo_buf_oom(&b) < 0)
		return NULL;
	return pmo_buf_detach(&b);
}
