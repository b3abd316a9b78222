/*
 * Durability as git 2.39 does it (environment.c, write-or-die.c):
 * `core.fsync` names the components made durable -- loose-object, pack,
 * pack-metadata, commit-graph, index, reference, and the aggregates
 * objects, derived-metadata, committed, added, all; `-x` removes one,
 * `none` starts from nothing, anything else adds to git's default (pack,
 * pack-metadata, commit-graph: none of which a commit writes, so by default
 * a commit fsyncs nothing, as git's). The older `core.fsyncObjectFiles=true`
 * adds loose objects.
 *
 * A commit by pmo writes loose objects and moves one ref through libgit2,
 * and writes the index itself. libgit2 fsyncs objects and refs (and their
 * folders, and the reflogs) while GIT_OPT_ENABLE_FSYNC_GITDIR is on, so pmo
 * turns that option on for exactly the phases git would sync; the index it
 * fsyncs before the rename, then the folder holding it.
 *
 * `core.fsyncMethod`: fsync (the default) and batch (which git 2.39's
 * commit runs as one fsync per object: no bulk checkin there) are git's
 * fsync; writeout-only is sync_file_range for the index, and libgit2's full
 * fsync for objects and refs -- more than git does, never less.
 */
#define _GNU_SOURCE /* sync_file_range */
#include "repo/internal.h"
#include <git2/sys/repository.h>
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
	const char *name;
	unsigned bits;
} names[] = {
	{ "loose-object", PMO_FSYNC_LOOSE_OBJECT },
	{ "pack", PMO_FSYNC_PACK },
	{ "pack-metadata", PMO_FSYNC_PACK_METADATA },
	{ "commit-graph", PMO_FSYNC_COMMIT_GRAPH },
	{ "index", PMO_FSYNC_INDEX },
	{ "objects", PMO_FSYNC_LOOSE_OBJECT | PMO_FSYNC_PACK },
	{ "reference", PMO_FSYNC_REFERENCE },
	{ "derived-metadata", PMO_FSYNC_PACK_METADATA | PMO_FSYNC_COMMIT_GRAPH },
	{ "committed", PMO_FSYNC_LOOSE_OBJECT | PMO_FSYNC_PACK | PMO_FSYNC_REFERENCE },
	{ "added", PMO_FSYNC_LOOSE_OBJECT | PMO_FSYNC_PACK | PMO_FSYNC_REFERENCE | PMO_FSYNC_INDEX },
	{ "all", PMO_FSYNC_LOOSE_OBJECT | PMO_FSYNC_PACK | PMO_FSYNC_PACK_METADATA |
		 PMO_FSYNC_COMMIT_GRAPH | PMO_FSYNC_INDEX | PMO_FSYNC_REFERENCE },
};

#define DEFAULT_COMPONENTS (PMO_FSYNC_PACK | PMO_FSYNC_PACK_METADATA | PMO_FSYNC_COMMIT_GRAPH)

/* git's parse_fsync_components, word for word in effect (a word matches
 * every name it begins). */
static unsigned parse_components(pmo_repo *repo, const char *s)
{
	unsigned current = DEFAULT_COMPONENTS, positive = 0, negative = 0;
	size_t len, i;
	int negated, found;

	for (;;) {
		s += strspn(s, ", \t\n\r");
		len = strcspn(s, ",");
		negated = 0;
		found = 0;
		if (!strcmp(s, "none")) {
			current = 0;
			s += len;
			continue;
		}
		if (*s == '-') {
			negated = 1;
			s++;
			if (!--len)
				pmo_repo__warn(repo, "warning: invalid value for variable core.fsync");
		}
		if (!len)
			break;
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			if (strncmp(names[i].name, s, len))
				continue;
			found = 1;
			if (negated)
				negative |= names[i].bits;
			else
				positive |= names[i].bits;
		}
		if (!found)
			pmo_repo__warn(repo, "warning: ignoring unknown core.fsync component '%.*s'", (int)len, s);
		s += len;
	}
	return (current & ~negative) | positive;
}

unsigned pmo_repo__fsync_components(pmo_repo *repo)
{
	git_config *cfg = NULL;
	git_config_entry *entry = NULL;
	int objfiles = 0;

	if (repo->fsync_parsed)
		return repo->fsync;
	repo->fsync_parsed = 1;
	repo->fsync = DEFAULT_COMPONENTS;
	repo->fsync_method = PMO_FSYNC_METHOD_FSYNC;
	if (git_repository_config_snapshot(&cfg, repo->git) < 0) {
		git_error_clear();
		return repo->fsync;
	}
	if (git_config_get_entry(&entry, cfg, "core.fsync") == 0 && entry->value)
		repo->fsync = parse_components(repo, entry->value);
	git_config_entry_free(entry);
	entry = NULL;
	if (git_config_get_entry(&entry, cfg, "core.fsyncmethod") == 0 && entry->value) {
		if (!strcmp(entry->value, "writeout-only"))
			repo->fsync_method = PMO_FSYNC_METHOD_WRITEOUT;
		else if (strcmp(entry->value, "fsync") != 0 && strcmp(entry->value, "batch") != 0)
			pmo_repo__warn(repo, "warning: ignoring unknown core.fsyncMethod value '%s'", entry->value);
	}
	git_config_entry_free(entry);
	if (git_config_get_bool(&objfiles, cfg, "core.fsyncobjectfiles") == 0) {
		pmo_repo__warn(repo, "warning: core.fsyncObjectFiles is deprecated; use core.fsync instead");
		if (objfiles)
			repo->fsync |= PMO_FSYNC_LOOSE_OBJECT;
	}
	git_error_clear();
	git_config_free(cfg);
	return repo->fsync;
}

void pmo_repo__fsync_phase(pmo_repo *repo, unsigned component)
{
	int on = (pmo_repo__fsync_components(repo) & component) != 0;

	git_refdb *refdb = NULL;

	if (on != repo->fsync_on) {
		git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, on);
		repo->fsync_on = on;
	}
	/* libgit2's ref store reads the option when it is made (at open):
	 * make a new one now that the option is on */
	if (on && component == PMO_FSYNC_REFERENCE && !repo->fsync_refdb) {
		repo->fsync_refdb = 1;
		if (git_refdb_open(&refdb, repo->git) < 0 ||
		    git_repository_set_refdb(repo->git, refdb) < 0) {
			pmo_repo__warn(repo, "warning: cannot make the branch durable (core.fsync): %s",
				       git_error_last() ? git_error_last()->message : "");
			git_error_clear();
		}
		git_refdb_free(refdb);
	}
}

static int sync_fd(pmo_repo *repo, int fd)
{
	int r;

	if (repo->fsync_method == PMO_FSYNC_METHOD_WRITEOUT)
		return sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WAIT_BEFORE |
					     SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
	while ((r = fsync(fd)) < 0 && errno == EINTR)
		;
	return r;
}

int pmo_repo__fsync_path(pmo_repo *repo, const char *path, unsigned component)
{
	int fd, error = 0;

	if (!(pmo_repo__fsync_components(repo) & component))
		return 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || sync_fd(repo, fd) < 0)
		error = pmo_error_set_at(PMO_EIO, path, 0, 0, "cannot fsync: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
	return error;
}

int pmo_repo__fsync_dir_of(pmo_repo *repo, const char *path, unsigned component)
{
	char *dir;
	char *slash;
	int fd, error = 0;

	if (!(pmo_repo__fsync_components(repo) & component))
		return 0;
	if (!(dir = strdup(path)))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	if ((slash = strrchr(dir, '/')) != NULL) {
		slash[slash == dir ? 1 : 0] = '\0';
	} else {
		free(dir);
		if (!(dir = strdup(".")))
			return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 || fsync(fd) < 0)
		error = pmo_error_set_at(PMO_EIO, dir, 0, 0, "cannot fsync the folder: %s",
					 strerror(errno));
	if (fd >= 0)
		close(fd);
	free(dir);
	return error;
}
