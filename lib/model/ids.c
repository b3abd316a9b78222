/*
 * The IDs pmo gives (R-1, R-2 …) and the IDs it never gives again. A
 * folder's retired IDs -- those of records deleted, renumbered or moved
 * away -- are kept one a line in the plain file .retired in that folder,
 * so the next free ID is max(IDs of the files, IDs in .retired) + 1 without
 * walking the history. Two branches that each retire an ID both change
 * .retired; the pmo tree's .gitattributes gives it git's built-in union
 * merge driver (RETIRED_ATTRIBUTE), so their merge keeps both lines.
 */
#include "model/internal.h"
#include "model/merge.h"
#include "util/fs.h"

#include <stdlib.h>
#include <string.h>

#define RETIRED_ATTRIBUTE "**/.retired merge=union"

int pmo_kind_folder(char **out, const pmo_kind *kind, const char *project)
{
	pmo_buf b = PMO_BUF_INIT;

	if (kind->project_scoped)
		pmo_buf_printf(&b, "projects/%s/", project);
	pmo_buf_puts(&b, kind->folder);
	if (pmo_buf_oom(&b) < 0)
		return OOM();
	*out = pmo_buf_detach(&b);
	return 0;
}

int pmo_kind_retired_path(char **out, const pmo_kind *kind, const char *project)
{
	char *folder = NULL;
	int error;

	if ((error = pmo_kind_folder(&folder, kind, project)) < 0)
		return error;
	*out = pmo_path_join(folder, ".retired");
	free(folder);
	return *out ? 0 : OOM();
}

unsigned long pmo_kind_id_number(const pmo_kind *kind, const char *s, size_t len)
{
	size_t plen = kind->prefix ? strlen(kind->prefix) : 0;
	unsigned long n = 0;
	size_t i;

	if (!plen || len < plen + 2 || strncmp(s, kind->prefix, plen) || s[plen] != '-' ||
	    s[plen + 1] < '1' || s[plen + 1] > '9' || len - plen - 1 > 9)
		return 0;
	for (i = plen + 1; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		n = n * 10 + (unsigned long)(s[i] - '0');
	}
	return n;
}

/* The lines of text, without line ends and surrounding blanks, the empty
 * ones left out: a new NULL-terminated list. */
static int split_lines(char ***out, const char *text, size_t len)
{
	char **v = calloc(1, sizeof(*v));
	size_t n = 0, i = 0;

	if (!v)
		return OOM();
	while (i < len) {
		size_t s = i, e;
		char **w;

		while (i < len && text[i] != '\n')
			i++;
		e = i++;
		while (s < e && (text[s] == ' ' || text[s] == '\t'))
			s++;
		while (e > s && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r'))
			e--;
		if (s == e)
			continue;
		if (!(w = realloc(v, (n + 2) * sizeof(*v))) || !(w[n] = strndup(text + s, e - s))) {
			if (w)
				v = w;
			v[n] = NULL;
			pmo_strv_free(v);
			return OOM();
		}
		v = w;
		v[++n] = NULL;
	}
	*out = v;
	return 0;
}

int pmo_kind_retired_read(pmo_buf *out, char **path, pmo_source *src, const pmo_kind *kind,
			  const char *project)
{
	char *p = NULL;
	int error;

	if ((error = pmo_kind_retired_path(&p, kind, project)) < 0)
		return error;
	error = pmo_source_read(out, src, p, PMO_YAML_MAX_BYTES);
	if (error == PMO_ENOTFOUND) {
		pmo_error_clear();
		pmo_buf_clear(out);
		error = 0;
	} else if (error == 0) {
		error = 1;
	}
	if (error >= 0 && path)
		*path = p;
	else
		free(p);
	return error;
}

int pmo_kind_retired(char ***out, pmo_source *src, const pmo_kind *kind, const char *project)
{
	pmo_buf text = PMO_BUF_INIT;
	int error = pmo_kind_retired_read(&text, NULL, src, kind, project);

	if (error >= 0)
		error = split_lines(out, text.ptr ? text.ptr : "", text.len);
	pmo_buf_free(&text);
	return error;
}

int pmo_kind_next_id(char **out, pmo_source *src, const pmo_kind *kind, const char *project)
{
	pmo_buf id = PMO_BUF_INIT;
	char *dir = NULL, **names = NULL, **retired = NULL;
	unsigned long max = 0, n;
	size_t i;
	int error;

	if ((error = pmo_kind_folder(&dir, kind, project)) < 0 ||
	    (error = pmo_source_list(&names, src, dir)) < 0 ||
	    (error = pmo_kind_retired(&retired, src, kind, project)) < 0)
		goto done;
	for (i = 0; names[i]; i++) {
		size_t len = strlen(names[i]);
		if (len > 5 && !strcmp(names[i] + len - 5, ".yaml"))
			len -= 5;
		if ((n = pmo_kind_id_number(kind, names[i], len)) > max)
			max = n;
	}
	for (i = 0; retired[i]; i++)
		if ((n = pmo_kind_id_number(kind, retired[i], strlen(retired[i]))) > max)
			max = n;
	pmo_buf_printf(&id, "%s-%lu", kind->prefix, max + 1);
	if ((error = pmo_buf_oom(&id)) < 0)
		goto done;
	*out = pmo_buf_detach(&id);
done:
	pmo_strv_free(retired);
	pmo_strv_free(names);
	free(dir);
	pmo_buf_free(&id);
	return error;
}

int pmo_kind_id_retired(pmo_source *src, const pmo_kind *kind, const char *project, const char *id)
{
	char **retired = NULL;
	size_t i;
	int error, found = 0;

	if ((error = pmo_kind_retired(&retired, src, kind, project)) < 0)
		return error;
	for (i = 0; retired[i] && !found; i++)
		found = !strcmp(retired[i], id);
	pmo_strv_free(retired);
	return found;
}

/* the kind retired_cmp sorts for (qsort takes no argument) */
static const pmo_kind *sort_kind;

/* IDs of the kind by number, then anything else bytewise after them */
static int retired_cmp(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	unsigned long nx = pmo_kind_id_number(sort_kind, x, strlen(x));
	unsigned long ny = pmo_kind_id_number(sort_kind, y, strlen(y));

	if (nx && ny)
		return nx < ny ? -1 : nx > ny;
	if (nx || ny)
		return nx ? -1 : 1;
	return strcmp(x, y);
}

int pmo_kind_retired_text(pmo_buf *out, const pmo_kind *kind, const char *text, size_t len,
			  const char *add)
{
	char **lines = NULL, **v;
	size_t n, i;
	int error;

	if ((error = split_lines(&lines, text ? text : "", text ? len : 0)) < 0)
		return error;
	for (n = 0; lines[n]; n++)
		;
	if (add) {
		if (!(v = realloc(lines, (n + 2) * sizeof(*v)))) {
			pmo_strv_free(lines);
			return OOM();
		}
		lines = v;
		lines[n + 1] = NULL;
		if (!(lines[n] = strdup(add))) {
			pmo_strv_free(lines);
			return OOM();
		}
		n++;
	}
	sort_kind = kind;
	qsort(lines, n, sizeof(*lines), retired_cmp);
	for (i = 0; i < n; i++)
		if (!i || strcmp(lines[i], lines[i - 1]))
			pmo_buf_printf(out, "%s\n", lines[i]);
	pmo_strv_free(lines);
	return pmo_buf_oom(out) < 0 ? OOM() : 0;
}

int pmo_retired_attributes(pmo_buf *out, const char *text, size_t len)
{
	static const char *const line[] = { RETIRED_ATTRIBUTE };
	return pmo_attributes_with(out, text, len, line, 1);
}
