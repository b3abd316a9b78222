#ifndef PMO_UTIL_FS_H
#define PMO_UTIL_FS_H
#include <stddef.h>
#include "util/buf.h"

/* Read a whole file into out (replacing its contents). PMO_ENOTFOUND when
 * missing; files larger than max bytes are refused (0 = no limit). */
int pmo_fs_read(pmo_buf *out, const char *path, size_t max);
/* Write data to path through a temporary file in the same folder, fsync'd
 * and renamed into place: readers see the old file or the new one. */
int pmo_fs_write_atomic(const char *path, const void *data, size_t len);
/* mkdir -p of the folder part of path (everything before the last '/'). */
int pmo_fs_mkdirs_for(const char *path);
int pmo_fs_mkdirs(const char *dir);
int pmo_fs_exists(const char *path);
int pmo_fs_is_dir(const char *path);
/* path joined: a + "/" + b, in a new string (NULL on OOM). */
char *pmo_path_join(const char *a, const char *b);

#endif
