/*
 * Where files belong: a file's place in the tree gives its kind, project
 * and ID (pmo_check_place), and the walk lists every file that has a place
 * (pmo_check_files). Both follow the layout the model writes
 * (pmo_kind_path): folder/<ID>.yaml or folder/<ID>/<file> for portfolio
 * kinds, projects/<KEY>/folder/… for project-scoped ones, pmo.yaml, and
 * the project files of project_files[] below.
 */
#include "check/internal.h"
#include "util/error.h"
#include "util/ordered.h"

#include <stdlib.h>
#include <string.h>

/* Files of a project folder that are not records: name → schema, and the
 * largest each may be (a plan holds the whole work breakdown: a million
 * tasks are some 100 MB). */
const pmo_project_file pmo_check__project_files[] = {
	{ "plan.yaml", "plan", PMO_PLAN_MAX_BYTES },
	{ "budget.yaml", "budget", PMO_YAML_MAX_BYTES },
	{ NULL, NULL, 0 },
};

/* Folders under which nothing is a pmo file deeper than this. */
#define MAX_WALK_DEPTH 8

static int oom(void)
{
	return pmo_error_set(PMO_ENOMEM, "out of memory");
}

static int ends_with(const char *s, size_t len, const char *suffix)
{
	size_t sl = strlen(suffix);

	return len >= sl && memcmp(s + len - sl, suffix, sl) == 0;
}

int pmo_check__is_yaml_name(const char *name)
{
	size_t len = strlen(name);

	return ends_with(name, len, ".yaml") || ends_with(name, len, ".yml");
}

void pmo_place_free(pmo_place *p)
{
	if (!p)
		return;
	/* a record's ID follows its project key in one block */
	free(p->project ? p->project : p->id);
	memset(p, 0, sizeof(*p));
}

/* Split path into at most max components; returns their number, or
 * max + 1 when there are more. */
static size_t split(const char *path, const char **start, size_t *len, size_t max)
{
	size_t n = 0;
	const char *p = path;

	while (*p) {
		size_t l = strcspn(p, "/");
		if (l) {
			if (n == max)
				return max + 1;
			start[n] = p;
			len[n++] = l;
		}
		p += l;
		while (*p == '/')
			p++;
	}
	return n;
}

static int is(const char *s, size_t len, const char *word)
{
	return len == strlen(word) && memcmp(s, word, len) == 0;
}

/* A record file name: "<ID>.yaml" (the ID is everything before). */
static int record_name(const char *s, size_t len)
{
	return len > 5 && ends_with(s, len, ".yaml");
}

int pmo_check__is_record_name(const char *name)
{
	return record_name(name, strlen(name));
}

static int set_record(pmo_place *out, const pmo_kind *kind, const char *project,
		      size_t plen, const char *id, size_t idlen)
{
	char *b;

	if (!kind) /* its schema could not be read */
		return pmo_error_last() ? pmo_error_last()->code : oom();
	out->type = PMO_PLACE_RECORD;
	out->kind = kind;
	out->schema = kind->schema;
	/* one block: "KEY\0ID\0" (pmo_place_free) */
	plen = project ? plen + 1 : 0;
	if (!(b = malloc(plen + idlen + 1)))
		return oom();
	if (project) {
		memcpy(b, project, plen - 1);
		b[plen - 1] = '\0';
		out->project = b;
	}
	memcpy(b + plen, id, idlen);
	b[plen + idlen] = '\0';
	out->id = b + plen;
	return 0;
}

int pmo_check_place(pmo_place *out, const pmo_model *model, const char *path)
{
	const char *c[6], *folder, *file;
	size_t l[6], n, i;
	int scoped, error = 0;

	memset(out, 0, sizeof(*out));
	out->max_bytes = PMO_YAML_MAX_BYTES;
	n = split(path, c, l, 5);
	if (n == 1 && is(c[0], l[0], "pmo.yaml")) {
		out->type = PMO_PLACE_SETTINGS;
		out->schema = pmo_model_schema(model, "pmo");
		return 0;
	}
	if (n < 2 || !pmo_check__is_yaml_name(path))
		goto folder_only;
	if (is(c[0], l[0], "projects") && n >= 3) {
		/* projects/<KEY>/… */
		if (n == 3) {
			for (i = 0; pmo_check__project_files[i].name; i++) {
				pmo_schema *s;
				if (!is(c[2], l[2], pmo_check__project_files[i].name) ||
				    !(s = pmo_model_schema(model, pmo_check__project_files[i].schema)))
					continue;
				out->type = PMO_PLACE_PROJECT_FILE;
				out->schema = s;
				out->max_bytes = pmo_check__project_files[i].max_bytes;
				if (!(out->project = strndup(c[1], l[1])))
					return oom();
				return 0;
			}
		}
		/* the kinds' folders are known without reading their schemas:
		 * only the kind found is read */
		for (i = 0; (folder = pmo_model_kind_folder(model, i, &scoped, &file)) != NULL; i++) {
			if (!scoped || !is(c[2], l[2], folder))
				continue;
			if (!file && n == 4 && record_name(c[3], l[3]))
				return set_record(out, pmo_model_kind_at(model, i), c[1], l[1], c[3],
						  l[3] - 5);
			if (file && n == 5 && is(c[4], l[4], file))
				return set_record(out, pmo_model_kind_at(model, i), c[1], l[1], c[3], l[3]);
		}
	}
	for (i = 0; (folder = pmo_model_kind_folder(model, i, &scoped, &file)) != NULL; i++) {
		if (scoped || !is(c[0], l[0], folder))
			continue;
		if (!file && n == 2 && record_name(c[1], l[1]))
			return set_record(out, pmo_model_kind_at(model, i), NULL, 0, c[1], l[1] - 5);
		if (file && n == 3 && is(c[2], l[2], file))
			return set_record(out, pmo_model_kind_at(model, i), NULL, 0, c[1], l[1]);
	}
folder_only:
	/* a YAML file in a pmo folder that is no record */
	if (n >= 2 && pmo_check__is_yaml_name(path)) {
		if (is(c[0], l[0], "projects"))
			out->type = PMO_PLACE_UNKNOWN;
		for (i = 0; (folder = pmo_model_kind_folder(model, i, &scoped, &file)) != NULL; i++)
			if (!scoped && is(c[0], l[0], folder))
				out->type = PMO_PLACE_UNKNOWN;
		if (out->type == PMO_PLACE_UNKNOWN && is(c[0], l[0], "projects") && n >= 3 &&
		    !(out->project = strndup(c[1], l[1])))
			error = oom();
	}
	return error;
}

/* --- the walk ------------------------------------------------------------ */

typedef struct {
	char **v;
	size_t n, cap;
} strv;

static int strv_push(strv *s, char *str)
{
	if (!str)
		return oom();
	if (s->n + 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		char **v = realloc(s->v, cap * sizeof(*v));
		if (!v) {
			free(str);
			return oom();
		}
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = str;
	s->v[s->n] = NULL;
	return 0;
}

static char *join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *p = malloc(dl + 1 + nl + 1);

	if (!p)
		return NULL;
	memcpy(p, dir, dl);
	if (dl)
		p[dl++] = '/';
	memcpy(p + dl, name, nl + 1);
	return p;
}

/* Every YAML file at or under dir (a name that is no YAML file is tried as
 * a folder: listing a file gives nothing). */
static int walk(strv *out, pmo_source *src, const char *dir, unsigned depth)
{
	char **names = NULL;
	size_t i;
	int error;

	if (depth > MAX_WALK_DEPTH)
		return 0;
	/* a folder that is a link is not walked: it is a finding of its own */
	if (pmo_source_is_link(src, dir)) {
		char *self = strdup(dir);
		return self ? strv_push(out, self) : oom();
	}
	if ((error = pmo_source_list(&names, src, dir)) < 0)
		return error;
	for (i = 0; names[i] && error >= 0; i++) {
		char *path = join(dir, names[i]);

		if (!path) {
			error = oom();
		} else if (pmo_check__is_yaml_name(names[i])) {
			error = strv_push(out, path);
		} else {
			if (names[i][0] != '.')
				error = walk(out, src, path, depth + 1);
			free(path);
		}
	}
	pmo_strv_free(names);
	return error;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int pmo_check__under(const char *path, const pmo_check_options *opts)
{
	size_t i;

	if (!opts || !opts->paths || !opts->npaths)
		return 1;
	for (i = 0; i < opts->npaths; i++) {
		const char *p = opts->paths[i];
		size_t len = strlen(p);

		while (len && p[len - 1] == '/')
			len--;
		if (!len || (len == 1 && p[0] == '.'))
			return 1;
		if (!strncmp(path, p, len) && (path[len] == '\0' || path[len] == '/'))
			return 1;
	}
	return 0;
}

/* A part of the walk: one file, or a folder walked from depth; the
 * folders are walked on every core (a folder of 1,000 risks is 0.6 ms of
 * listing, most of it the kernel's), their files joined in order. */
typedef struct {
	char *path;
	unsigned depth; /* 0: path is a file */
	strv files;
	int error;
	pmo_error err;
} part;

typedef struct {
	pmo_source *src;
	part *parts;
	strv *out;
} walk_run;

static void walk_work(size_t i, unsigned t, void *p)
{
	walk_run *W = p;
	part *w = &W->parts[i];

	(void)t;
	if (w->depth && (w->error = walk(&w->files, W->src, w->path, w->depth)) < 0)
		w->error = pmo_error_keep(&w->err, w->error);
}

static int walk_done(size_t i, void *p)
{
	walk_run *W = p;
	part *w = &W->parts[i];
	size_t k;
	int error = 0;

	if (w->error < 0)
		return w->error == PMO_ENOMEM ? pmo_error_set_oom() : pmo_error_tell(&w->err);
	if (!w->depth) {
		error = strv_push(W->out, w->path);
		w->path = NULL;
		return error;
	}
	for (k = 0; k < w->files.n && error >= 0; k++) {
		error = strv_push(W->out, w->files.v[k]);
		w->files.v[k] = NULL;
	}
	return error;
}

static int add_part(part **v, size_t *n, size_t *cap, char *path, unsigned depth)
{
	if (!path)
		return oom();
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 32;
		part *more = realloc(*v, c * sizeof(*more));
		if (!more) {
			free(path);
			return oom();
		}
		*v = more;
		*cap = c;
	}
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].path = path;
	(*v)[*n].depth = depth;
	(*n)++;
	return 0;
}

/* The parts of the walk, in order: pmo.yaml, the pmo folders, and
 * projects/ a part for each of its entries (each project walked apart). */
static int parts_of(part **v, size_t *n, pmo_source *src, const pmo_model *model)
{
	char **top = NULL, **names = NULL;
	const char *folder, *file;
	size_t i, k, cap = 0;
	int scoped, error = 0;

	if ((error = pmo_source_list(&top, src, "")) < 0)
		return error;
	for (i = 0; top[i] && error >= 0; i++) {
		int pmo_folder = !strcmp(top[i], "projects");

		if (!strcmp(top[i], "pmo.yaml")) {
			error = add_part(v, n, &cap, strdup(top[i]), 0);
			continue;
		}
		for (k = 0; (folder = pmo_model_kind_folder(model, k, &scoped, &file)) != NULL; k++)
			if (!scoped && !strcmp(folder, top[i]))
				pmo_folder = 1;
		if (!pmo_folder)
			continue;
		/* projects/, as walk would take it, one level at a time */
		if (strcmp(top[i], "projects") || pmo_source_is_link(src, top[i])) {
			error = add_part(v, n, &cap, strdup(top[i]), 1);
			continue;
		}
		if ((error = pmo_source_list(&names, src, top[i])) < 0)
			break;
		for (k = 0; names[k] && error >= 0; k++) {
			if (pmo_check__is_yaml_name(names[k]))
				error = add_part(v, n, &cap, join(top[i], names[k]), 0);
			else if (names[k][0] != '.')
				error = add_part(v, n, &cap, join(top[i], names[k]), 2);
		}
		pmo_strv_free(names);
		names = NULL;
	}
	pmo_strv_free(top);
	return error;
}

int pmo_check__walk(char ***out, pmo_source *src, const pmo_model *model)
{
	strv s = { NULL, 0, 0 };
	part *parts = NULL;
	size_t i, k, n = 0;
	unsigned threads = 1;
	int error = 0;

	if ((error = parts_of(&parts, &n, src, model)) < 0)
		goto done;
	/* a thread pays for itself from some eight project folders on */
	if (pmo_source_threads(src))
		threads = pmo_ordered_threads_for(n, 4);
	{
		walk_run W = { src, parts, &s };

		if ((error = pmo_ordered_run(n, threads, walk_work, walk_done, &W)) < 0)
			goto done;
	}
	if (!s.v && !(s.v = calloc(1, sizeof(*s.v)))) {
		error = oom();
		goto done;
	}
	/* the walk lists each folder sorted, so the paths are sorted already
	 * unless a folder's name is another's followed by a character before
	 * '/' ("P1" and "P1-old"): sorted only then (20,000 paths: 4 ms) */
	for (i = 1; i < s.n && strcmp(s.v[i - 1], s.v[i]) < 0; i++)
		;
	if (i < s.n)
		qsort(s.v, s.n, sizeof(*s.v), cmp_str);
	*out = s.v;
	s.v = NULL;
done:
	for (i = 0; i < n; i++) {
		for (k = 0; k < parts[i].files.n; k++)
			free(parts[i].files.v[k]);
		free(parts[i].files.v);
		free(parts[i].path);
		pmo_error_kept_free(&parts[i].err);
	}
	free(parts);
	pmo_strv_free(s.v);
	return error;
}

int pmo_check_files(char ***out, pmo_source *src, const pmo_model *model,
		    const pmo_check_options *opts)
{
	char **all = NULL;
	size_t i, n = 0;
	int error;

	if ((error = pmo_check__walk(&all, src, model)) < 0)
		return error;
	for (i = 0; all[i]; i++) {
		if (pmo_check__under(all[i], opts))
			all[n++] = all[i];
		else
			free(all[i]);
	}
	all[n] = NULL;
	*out = all;
	return 0;
}
