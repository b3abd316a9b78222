/*
 * The floor for `pmo validate`: walk a tree, open and read every .yaml file
 * and run libyaml's event parser over it to the end — no tree, no schema,
 * nothing kept. What any YAML validator must at least do.
 *
 *   yamlfloor DIR…     prints "N files, B bytes, E events, F errors"
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* d_type */
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

static size_t nfiles, nbytes, nevents, nerrors;
static char *buf;
static size_t cap;

static void parse(const char *path)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct stat st;
	size_t len = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), done = 0;

	if (fd < 0 || fstat(fd, &st) < 0) {
		nerrors++;
		if (fd >= 0)
			close(fd);
		return;
	}
	if ((size_t)st.st_size + 1 > cap) {
		cap = (size_t)st.st_size + 4096;
		free(buf);
		if (!(buf = malloc(cap))) {
			perror("malloc");
			exit(2);
		}
	}
	while ((n = read(fd, buf + len, cap - len)) > 0)
		len += (size_t)n;
	close(fd);
	nfiles++;
	nbytes += len;
	if (!yaml_parser_initialize(&parser)) {
		nerrors++;
		return;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			nerrors++;
			break;
		}
		nevents++;
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
}

static void walk(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t dl = strlen(dir);

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		size_t nl = strlen(de->d_name);
		char *path;

		if (de->d_name[0] == '.')
			continue;
		if (!(path = malloc(dl + nl + 2))) {
			perror("malloc");
			exit(2);
		}
		memcpy(path, dir, dl);
		path[dl] = '/';
		memcpy(path + dl + 1, de->d_name, nl + 1);
		if (nl > 5 && !strcmp(de->d_name + nl - 5, ".yaml"))
			parse(path);
		else if (de->d_type == DT_DIR || de->d_type == DT_UNKNOWN)
			walk(path);
		free(path);
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		walk(argv[i]);
	if (argc < 2)
		walk(".");
	free(buf);
	printf("%zu files, %zu bytes, %zu events, %zu errors\n", nfiles, nbytes, nevents, nerrors);
	return nerrors ? 1 : 0;
}
