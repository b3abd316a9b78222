#include "util/fs.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Why fd, which read could not read as a file, is no file: a folder, a
 * FIFO, a socket or a device, or too big. */
static int not_a_file(int fd, const char *path, size_t max, int err)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return pmo_error_set_at(PMO_EIO, path, 0, 0, "cannot stat: %s", strerror(errno));
	if (S_ISDIR(st.st_mode))
		return pmo_error_set_at(PMO_EIO, path, 1, 1, "is a folder, not a file");
	if (!S_ISREG(st.st_mode))
		return pmo_error_set_at(PMO_EIO, path, 1, 1,
			"is not a regular file (a FIFO, socket or device)");
	if (max && (size_t)st.st_size > max)
		return pmo_error_set_at(PMO_EINVALID, path, 1, 1,
			"file is %lld bytes, more than the limit of %zu bytes",
			(long long)st.st_size, max);
	if (max && !err)
		return pmo_error_set_at(PMO_EINVALID, path, 1, 1,
			"file is more than the limit of %zu bytes", max);
	return pmo_error_set_at(PMO_EIO, path, 0, 0, "cannot read: %s", strerror(err));
}

int pmo_fs_read(pmo_buf *out, const char *path, size_t max)
{
	int fd;

	pmo_buf_clear(out);
	/* O_NONBLOCK: a FIFO in the tree must not stop pmo waiting for a
	 * writer; it is refused below like any file that is not regular */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return pmo_error_set_at(PMO_ENOTFOUND, path, 0, 0, "no such file");
		return pmo_error_set_at(PMO_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
	}
	return pmo_fs_read_fd(out, fd, path, max);
}

int pmo_fs_read_fd(pmo_buf *out, int fd, const char *path, size_t max)
{
	int error = 0, sized = 0;
	size_t want;
	ssize_t n;

	pmo_buf_clear(out);
	/* Read until a read returns less than asked: for a regular file that
	 * is its end (pmo and git replace files by rename, never grow them).
	 * What read cannot take as a file (a folder, a FIFO with no data) is
	 * told by fstat then, so a usual file costs open, read and close; a
	 * file of more than 16 KiB one fstat more. */
	for (;;) {
		if ((error = pmo_buf_grow(out, sized ? 1 : out->len < 16384 ? 16384 : out->len)) < 0)
			goto done;
		want = out->cap - out->len - 1;
		if (max && want > max + 1 - out->len)
			want = max + 1 - out->len;
		n = read(fd, out->ptr + out->len, want);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			error = not_a_file(fd, path, max, errno);
			goto done;
		}
		out->len += (size_t)n;
		out->ptr[out->len] = '\0';
		if (max && out->len > max) {
			error = not_a_file(fd, path, max, 0);
			goto done;
		}
		if (n == 0 && out->len == 0) {
			/* empty, or a FIFO no one writes to */
			struct stat st;
			if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode))
				error = not_a_file(fd, path, max, 0);
			goto done;
		}
		if ((size_t)n < want)
			break;
		if (!sized) {
			/* more than the first read: one fstat sizes the buffer
			 * (and refuses a file over the limit before reading it) */
			struct stat st;
			sized = 1;
			if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
				if (max && (size_t)st.st_size > max) {
					error = not_a_file(fd, path, max, 0);
					goto done;
				}
				if ((size_t)st.st_size > out->len &&
				    (error = pmo_buf_grow(out, (size_t)st.st_size - out->len + 2)) < 0)
					goto done;
			}
		}
	}
done:
	close(fd);
	return error;
}

int pmo_fs_mkdirs(const char *dir)
{
	char *p, *s = strdup(dir);
	int error = 0;

	if (!s)
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	for (p = s + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(s, 0777) < 0 && errno != EEXIST) {
				error = pmo_error_set_at(PMO_EIO, s, 0, 0,
					"cannot create folder: %s", strerror(errno));
				break;
			}
			*p = c;
			if (!c)
				break;
		}
	}
	free(s);
	return error;
}

int pmo_fs_mkdirs_for(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int error;

	if (!slash || slash == path)
		return 0;
	dir = strndup(path, (size_t)(slash - path));
	if (!dir)
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	error = pmo_fs_mkdirs(dir);
	free(dir);
	return error;
}

int pmo_fs_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

int pmo_fs_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *pmo_path_join(const char *a, const char *b)
{
	pmo_buf buf = PMO_BUF_INIT;

	if (a && *a) {
		pmo_buf_puts(&buf, a);
		if (buf.len && buf.ptr[buf.len - 1] != '/')
			pmo_buf_putc(&buf, '/');
	}
	pmo_buf_puts(&buf, b);
	return pmo_buf_detach(&buf);
}
