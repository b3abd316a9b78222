#ifndef PMO_UTIL_FS_H
#define PMO_UTIL_FS_H
#include <stddef.h>
#include <stdint.h>
#include "util/buf.h"

/* Read a whole file into out (replacing its contents). PMO_ENOTFOUND when
 * missing; files larger than max bytes are refused (0 = no limit). */
int pmo_fs_read(pmo_buf *out, const char *path, size_t max);
/* pmo_fs_read of an open descriptor (closed here); path names it in errors. */
int pmo_fs_read_fd(pmo_buf *out, int fd, const char *path, size_t max);
/* pmo_fs_read refusing a symbolic link anywhere in path (PMO_EINVALID at
 * path:1:1 "is a symbolic link …"). For the files of a pmo tree. */
int pmo_fs_read_nofollow(pmo_buf *out, const char *path, size_t max);
/* A file's bytes, mapped when it is a regular file of PMO_FS_MAP_FROM
 * bytes or more (read-only: the page cache's pages, neither copied nor
 * cleared; plan.yaml of a million tasks is 100 MB that read(2) copied
 * into as many fresh pages), else read into buf. ptr is not
 * NUL-terminated when mapped. pmo and git replace a file by renaming a
 * new one over it, which leaves a mapped file's bytes as they were (git
 * maps its own files as well); a program that truncates it in place
 * while pmo reads it can stop pmo, as it can stop git. */
typedef struct {
	const char *ptr;
	size_t len;
	void *map;     /* or NULL: the bytes are buf's */
	size_t mapped;
	pmo_buf buf;
} pmo_fs_text;
#define PMO_FS_MAP_FROM ((size_t)1 << 20)
void pmo_fs_text_init(pmo_fs_text *t);
void pmo_fs_text_free(pmo_fs_text *t);
/* pmo_fs_read_nofollow into t (emptied first), mapped when it is big. */
int pmo_fs_text_nofollow(pmo_fs_text *t, const char *path, size_t max);
/* pmo_fs_read_nofollow of name (a file name, or a path without "..")
 * beneath the open folder dfd: a link at name or on its way is refused,
 * the folder itself was opened with pmo_fs_open_nofollow. Errors name
 * name. Safe on several threads at once. */
int pmo_fs_read_at_nofollow(pmo_buf *out, int dfd, const char *name, size_t max);
/* open(2) refusing links in any component of path (errno ELOOP). */
int pmo_fs_open_nofollow(const char *path, int flags, unsigned mode);
/* Write data to path through a temporary file in the same folder, fsync'd
 * and renamed into place: readers see the old file or the new one. As
 * pmo_fs_replace(path, data, len, NULL, 0, 0), except that the folders on
 * the way may be links (a folder the user names); path itself may not. */
int pmo_fs_write_atomic(const char *path, const void *data, size_t len);
/* pmo_fs_write_atomic without the syncs, for files made again in a moment
 * (pmo report's pages): a reader, or pmo stopped on the way, sees the old
 * file or the new one, never half of one; a crash of the machine may
 * lose the new bytes. (examples/' 3 pages: 55 ms of fsync, all the rest 50 ms.) */
int pmo_fs_write_whole(const char *path, const void *data, size_t len);
/* Replace path with data: a temporary file ".NAME.pmo-XXXXXXXXXXXX" in its
 * folder (O_CREAT|O_EXCL|O_NOFOLLOW, random name), with the old file's
 * permission bits, fsync'd and renamed over it. A link at path or in its
 * folders is refused (PMO_EINVALID). With check, the file must hold exactly
 * expect (expect NULL: must be absent) just before the rename, else
 * PMO_ECONFLICT "was changed by another program …" and nothing is written. */
int pmo_fs_replace(const char *path, const void *data, size_t len, const char *expect,
		   size_t expect_len, int check);
/* Whether name is one of pmo_fs_replace's temporary files. */
int pmo_fs_is_temp_name(const char *name);
/* Remove pmo_fs_replace's temporary files from dir (left by a process that
 * was killed); *removed counts them. Call only while holding the pmo lock. */
int pmo_fs_remove_temps(size_t *removed, const char *dir);
/* The same for the temporary files last modified before the second
 * before (time()): in a folder no lock guards (a cache's), one another
 * pmo is writing now is left alone. */
int pmo_fs_remove_old_temps(size_t *removed, const char *dir, int64_t before);
/* mkdir -p of the folder part of path (everything before the last '/'). */
int pmo_fs_mkdirs_for(const char *path);
int pmo_fs_mkdirs(const char *dir);
int pmo_fs_exists(const char *path);
int pmo_fs_is_dir(const char *path);
/* path joined: a + "/" + b, in a new string (NULL on OOM). */
char *pmo_path_join(const char *a, const char *b);

#endif
