/*
 * Reading and replacing pmo's files without following symbolic links.
 *
 * A record, plan or settings file that is a link (or lies in a linked
 * folder) could make pmo read or write a file outside the repository that
 * git never shows in a diff; pmo refuses it. Opening goes through openat2()
 * with RESOLVE_NO_SYMLINKS, so no component of the path may be a link (the
 * paths pmo builds start at the repository's realpath()); kernels before
 * Linux 5.6 fall back to O_NOFOLLOW, which checks the last component.
 *
 * A file is replaced through a temporary file in its own folder, created
 * with O_CREAT|O_EXCL|O_NOFOLLOW under an unpredictable name
 * (".NAME.pmo-" and 12 random letters and digits, from getrandom()), given
 * the replaced file's permission bits (0600 stays 0600, an executable bit
 * stays), fsync'd, checked against the bytes the caller expects to replace
 * and renamed over the file within the same folder descriptor, which is
 * then fsync'd so that the rename survives a crash.
 */
#define _GNU_SOURCE
#include "util/fs.h"
#include "util/error.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define TEMP_MARK ".pmo-"
#define TEMP_RANDOM 12

int pmo_fs_open_nofollow(const char *path, int flags, unsigned mode)
{
#ifdef SYS_openat2
	struct open_how how;
	long fd;

	memset(&how, 0, sizeof(how));
	how.flags = (unsigned long long)flags;
	how.mode = (flags & O_CREAT) ? mode : 0;
	how.resolve = RESOLVE_NO_SYMLINKS;
	fd = syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
	if (fd >= 0 || (errno != ENOSYS && errno != EPERM))
		return (int)fd;
#endif
	return open(path, flags | O_NOFOLLOW, mode);
}

static int link_error(const char *path)
{
	return pmo_error_set_at(PMO_EINVALID, path, 1, 1,
		"is a symbolic link (or in a linked folder); pmo does not read or write through "
		"links: replace it with the file itself");
}

/* Read the file fd opened as path (fd < 0: why it could not be, in errno). */
static int read_opened(pmo_buf *out, int fd, const char *path, size_t max)
{
	if (fd < 0) {
		pmo_buf_clear(out);
		if (errno == ELOOP)
			return link_error(path);
		if (errno == ENOENT || errno == ENOTDIR)
			return pmo_error_set_at(PMO_ENOTFOUND, path, 0, 0, "no such file");
		return pmo_error_set_at(PMO_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
	}
	return pmo_fs_read_fd(out, fd, path, max);
}

int pmo_fs_read_nofollow(pmo_buf *out, const char *path, size_t max)
{
	return read_opened(out, pmo_fs_open_nofollow(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0),
			   path, max);
}

void pmo_fs_text_init(pmo_fs_text *t)
{
	memset(t, 0, sizeof(*t));
	t->ptr = "";
	pmo_buf_init(&t->buf);
}

void pmo_fs_text_free(pmo_fs_text *t)
{
	if (t->map)
		munmap(t->map, t->mapped);
	pmo_buf_free(&t->buf);
	pmo_fs_text_init(t);
}

int pmo_fs_text_nofollow(pmo_fs_text *t, const char *path, size_t max)
{
	int fd = pmo_fs_open_nofollow(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0), error;
	struct stat st;

	pmo_fs_text_free(t);
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size >= PMO_FS_MAP_FROM &&
	    (!max || (size_t)st.st_size <= max)) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
		if (m != MAP_FAILED) {
			close(fd);
			t->map = m;
			t->mapped = (size_t)st.st_size;
			t->ptr = m;
			t->len = t->mapped;
			return 0;
		}
		/* not mapped: read below */
	}
	if ((error = read_opened(&t->buf, fd, path, max)) < 0) {
		pmo_fs_text_free(t);
		return error;
	}
	t->ptr = t->buf.ptr ? t->buf.ptr : "";
	t->len = t->buf.len;
	return 0;
}

int pmo_fs_read_at_nofollow(pmo_buf *out, int dfd, const char *name, size_t max)
{
	int fd = -1;
#ifdef SYS_openat2
	struct open_how how;

	memset(&how, 0, sizeof(how));
	how.flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK;
	how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH;
	fd = (int)syscall(SYS_openat2, dfd, name, &how, sizeof(how));
	if (fd < 0 && (errno == ENOSYS || errno == EPERM))
#endif
		fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
	return read_opened(out, fd, name, max);
}

/* ".NAME.pmo-" + TEMP_RANDOM random letters and digits. */
static int temp_name(pmo_buf *out, const char *base)
{
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	unsigned char r[TEMP_RANDOM];
	size_t i, got = 0;
	ssize_t n;

	while (got < sizeof(r)) {
		n = getrandom(r + got, sizeof(r) - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			/* no getrandom: the clock and the pid, still never reused
			 * thanks to O_EXCL */
			struct timespec ts;
			unsigned long long x;
			clock_gettime(CLOCK_REALTIME, &ts);
			x = (unsigned long long)ts.tv_nsec * 6364136223846793005ull ^
			    ((unsigned long long)getpid() << 32) ^ (unsigned long long)ts.tv_sec;
			for (; got < sizeof(r); got++, x = x * 6364136223846793005ull + 1442695040888963407ull)
				r[got] = (unsigned char)(x >> 56);
			break;
		}
		got += (size_t)n;
	}
	pmo_buf_clear(out);
	pmo_buf_printf(out, ".%s" TEMP_MARK, base);
	for (i = 0; i < sizeof(r); i++)
		pmo_buf_putc(out, alnum[r[i] % (sizeof(alnum) - 1)]);
	return pmo_buf_oom(out);
}

int pmo_fs_is_temp_name(const char *name)
{
	const char *m;
	size_t i;

	if (name[0] != '.' || strlen(name) < 1 + strlen(TEMP_MARK) + TEMP_RANDOM)
		return 0;
	m = name + strlen(name) - TEMP_RANDOM - strlen(TEMP_MARK);
	if (m == name + 1 || strncmp(m, TEMP_MARK, strlen(TEMP_MARK)))
		return 0;
	for (i = 0; i < TEMP_RANDOM; i++) {
		char c = m[strlen(TEMP_MARK) + i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

/* Whether the file name in dfd holds exactly expect (absent: expect NULL). */
static int holds(int *same, int dfd, const char *name, const char *path, const char *expect,
		 size_t expect_len)
{
	pmo_buf now = PMO_BUF_INIT;
	int fd, error = 0;

	*same = 0;
	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			*same = expect == NULL;
		else if (errno == ELOOP)
			error = link_error(path);
		else
			error = pmo_error_set_at(PMO_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
		return error;
	}
	if ((error = pmo_fs_read_fd(&now, fd, path, 0)) == 0)
		*same = expect && now.len == expect_len && !memcmp(now.ptr, expect, expect_len);
	pmo_buf_free(&now);
	return error;
}

static int replace(const char *path, const void *data, size_t len, const char *expect,
		   size_t expect_len, int check, int strict, int sync)
{
	pmo_buf tmp = PMO_BUF_INIT;
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path, *p = data;
	char *dir = NULL;
	struct stat st;
	int dfd = -1, fd = -1, error = 0, have_old = 0, same, tries;
	ssize_t n;

	if (!*base)
		return pmo_error_set_at(PMO_EINVALID, path, 0, 0, "not a file name");
	dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
	if (!dir) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	dfd = strict ? pmo_fs_open_nofollow(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
		     : open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		error = errno == ELOOP ? link_error(path)
				       : pmo_error_set_at(PMO_EIO, path, 0, 0, "cannot open its folder: %s",
							  strerror(errno));
		goto done;
	}
	if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (S_ISLNK(st.st_mode)) {
			error = link_error(path);
			goto done;
		}
		if (!S_ISREG(st.st_mode)) {
			error = pmo_error_set_at(PMO_EIO, path, 0, 0, "is not a regular file");
			goto done;
		}
		have_old = 1;
	} else if (errno != ENOENT) {
		error = pmo_error_set_at(PMO_EIO, path, 0, 0, "cannot stat: %s", strerror(errno));
		goto done;
	}
	for (tries = 0;; tries++) {
		if ((error = temp_name(&tmp, base)) < 0)
			goto done;
		fd = openat(dfd, tmp.ptr, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
		if (fd >= 0)
			break;
		if (errno != EEXIST || tries > 100) {
			error = pmo_error_set_at(PMO_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
			goto done;
		}
	}
	/* the file keeps its permission bits (the new file's come from the umask) */
	if (have_old && fchmod(fd, st.st_mode & 0777) < 0) {
		error = pmo_error_set_at(PMO_EIO, path, 0, 0, "cannot keep its mode: %s", strerror(errno));
		goto done;
	}
	while (len) {
		n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			error = pmo_error_set_at(PMO_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
			goto done;
		}
		p += n;
		len -= (size_t)n;
	}
	if (sync && fsync(fd) < 0) {
		error = pmo_error_set_at(PMO_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
		goto done;
	}
	n = close(fd);
	fd = -1;
	if (n < 0) {
		error = pmo_error_set_at(PMO_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
		goto done;
	}
	/* the last moment before the rename: is the file still what the
	 * caller based its change on? */
	if (check) {
		if ((error = holds(&same, dfd, base, path, expect, expect_len)) < 0)
			goto done;
		if (!same) {
			error = pmo_error_set_at(PMO_ECONFLICT, path, 0, 0,
				"was changed by another program while pmo was writing it; pmo left "
				"it as that program wrote it and changed nothing");
			goto done;
		}
	}
	if (renameat(dfd, tmp.ptr, dfd, base) < 0) {
		error = pmo_error_set_at(PMO_EIO, path, 0, 0, "cannot rename into place: %s",
					 strerror(errno));
		goto done;
	}
	pmo_buf_clear(&tmp);
	/* the rename itself is durable once the folder is: a crash after the
	 * commit must not bring back the old name's bytes */
	if (sync && fsync(dfd) < 0 && errno != EINVAL && errno != EROFS) {
		error = pmo_error_set_at(PMO_EIO, path, 0, 0, "cannot sync its folder: %s", strerror(errno));
		goto done;
	}
done:
	if (fd >= 0)
		close(fd);
	if (error < 0 && dfd >= 0 && tmp.len)
		unlinkat(dfd, tmp.ptr, 0);
	if (dfd >= 0)
		close(dfd);
	free(dir);
	pmo_buf_free(&tmp);
	return error;
}

int pmo_fs_replace(const char *path, const void *data, size_t len, const char *expect,
		   size_t expect_len, int check)
{
	return replace(path, data, len, expect, expect_len, check, 1, 1);
}

int pmo_fs_write_atomic(const char *path, const void *data, size_t len)
{
	/* a folder the user named (pmo schemas --dir) may be reached through
	 * links; the file itself is still not written through one */
	return replace(path, data, len, NULL, 0, 0, 0, 1);
}

int pmo_fs_write_whole(const char *path, const void *data, size_t len)
{
	return replace(path, data, len, NULL, 0, 0, 0, 0);
}

int pmo_fs_remove_old_temps(size_t *removed, const char *dir, int64_t before)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	int dfd;

	*removed = 0;
	dfd = pmo_fs_open_nofollow(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	if (dfd < 0)
		return 0; /* no folder (yet), or a link: nothing of pmo's there */
	if (!(d = fdopendir(dfd))) {
		close(dfd);
		return 0;
	}
	while ((de = readdir(d)) != NULL)
		if (pmo_fs_is_temp_name(de->d_name) &&
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
		    (int64_t)st.st_mtim.tv_sec < before && unlinkat(dirfd(d), de->d_name, 0) == 0)
			(*removed)++;
	closedir(d);
	return 0;
}

int pmo_fs_remove_temps(size_t *removed, const char *dir)
{
	return pmo_fs_remove_old_temps(removed, dir, INT64_MAX);
}
