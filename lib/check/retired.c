/*
 * The consistency rule over the folders' .retired files (lib/model/ids.c):
 * each line is an ID of the folder's kind (<prefix>-<n>), and no record of
 * the folder has an ID that is retired there -- pmo never gives an ID
 * twice, so such a record came from a hand edit or a merge.
 */
#include "check/internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static int add(pmo_findings *out, const char *path, uint32_t line, uint32_t col,
	       const char *rule, pmo_buf *msg)
{
	int error = pmo_buf_oom(msg) < 0 ? pmo_error_set_oom()
		: pmo_check__add(out, path, line, col, PMO_SEVERITY_ERROR, rule, msg->ptr);

	pmo_buf_clear(msg);
	return error;
}

/* A retired ID that a record of the folder still has: reported on the
 * record's ID. */
static int record_retired(pmo_findings *out, pmo_source *src, const pmo_kind *kind,
			  const char *project, const char *id, const char *retired, uint32_t line,
			  const pmo_check_options *opts, const char *rule, pmo_buf *msg)
{
	pmo_buf text = PMO_BUF_INIT;
	pmo_doc *doc = NULL;
	const pmo_node *idn = NULL;
	char *path = NULL;
	int error;

	if ((error = pmo_kind_path(&path, kind, project, id)) < 0)
		return error;
	if (!pmo_check__under(path, opts) || !pmo_source_exists(src, path))
		goto done;
	/* a file that cannot be read is the yaml rule's */
	if (pmo_source_read(&text, src, path, PMO_YAML_MAX_BYTES) == 0 &&
	    pmo_yaml_load(&doc, path, text.ptr, text.len, NULL) == 0)
		idn = pmo_map_get(pmo_doc_root(doc), kind->id_field);
	pmo_error_clear();
	pmo_buf_printf(msg, "%s: \"%s\" is retired (%s line %u): pmo gave it to a record that was "
		       "deleted, renumbered or moved; renumber this %s", kind->id_field, id, retired,
		       line, kind->name);
	error = add(out, path, idn && idn->line ? idn->line : 1, idn && idn->line ? idn->col : 1, rule,
		    msg);
done:
	pmo_doc_free(doc);
	pmo_buf_free(&text);
	free(path);
	return error;
}

static int check_folder(pmo_findings *out, pmo_source *src, const pmo_kind *kind,
			const char *project, const pmo_check_options *opts, const char *rule,
			pmo_buf *msg)
{
	pmo_buf text = PMO_BUF_INIT;
	char *path = NULL;
	const char *p, *end;
	uint32_t line = 0;
	int error;

	error = pmo_kind_retired_read(&text, &path, src, kind, project);
	if (error == 0 || error == PMO_ENOMEM)
		goto done;
	if (error < 0) {
		/* a .retired that is a link: the finding is on it; a folder on
		 * the way that is one has its own (the yaml rule's) */
		char *why = strdup(pmo_error_last()->message);
		error = !why ? pmo_error_set_oom() : pmo_kind_retired_path(&path, kind, project);
		if (error == 0 && pmo_source_is_link(src, path) == 1)
			error = pmo_check__add(out, path, 1, 1, PMO_SEVERITY_ERROR, rule, why);
		else if (error == 0)
			pmo_error_clear();
		free(why);
		goto done;
	}
	error = 0;
	for (p = text.ptr, end = text.ptr + text.len; p && p < end && error >= 0;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *s = p, *start = p;
		char *id;

		line++;
		p = nl ? nl + 1 : end;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (s == e)
			continue;
		if (!pmo_kind_id_number(kind, s, (size_t)(e - s))) {
			if (pmo_check__under(path, opts)) {
				pmo_buf_printf(msg, "\"%.*s\" is not a %s ID (%s-<n>): .retired holds one "
					       "retired ID a line", (int)(e - s), s, kind->name, kind->prefix);
				error = add(out, path, line, (uint32_t)(s - start) + 1, rule, msg);
			}
			continue;
		}
		if (!(id = strndup(s, (size_t)(e - s))))
			error = pmo_error_set_oom();
		else
			error = record_retired(out, src, kind, project, id, path, line, opts, rule, msg);
		free(id);
	}
done:
	pmo_buf_free(&text);
	free(path);
	return error;
}

/* The names in dir, or NULL (and 0) when it cannot be listed: then every
 * folder is tried. */
static int list_or_null(char ***out, pmo_source *src, const char *dir)
{
	int error = pmo_source_list(out, src, dir);

	if (error == PMO_ENOMEM)
		return error;
	if (error < 0) {
		*out = NULL;
		pmo_error_clear();
	}
	return 0;
}

/* Whether a kind's folder (its first part) is among names, which a NULL
 * list holds all of. Listing a project once spares trying the .retired of
 * every kind whose folder it does not have: each a path checked for links,
 * opened and named for a message no one sees (1,900 system calls of pmo
 * validate's 62,000 on bench/validate.sh's tree, on the caller's thread). */
static int has_folder(char *const *names, const char *folder)
{
	size_t len = strcspn(folder, "/"), i;

	for (i = 0; names && names[i]; i++)
		if (strlen(names[i]) == len && !memcmp(names[i], folder, len))
			return 1;
	return !names;
}

int pmo_check__retired(pmo_findings *out, pmo_source *src, const pmo_model *model,
		       const pmo_check_options *opts, const char *rule)
{
	pmo_buf msg = PMO_BUF_INIT, dir = PMO_BUF_INIT;
	char **projects = NULL, **top = NULL, ***in = NULL;
	const char *folder, *file;
	size_t k, i, n = 0;
	int scoped, error;

	if ((error = pmo_projects_list(&projects, src)) < 0 ||
	    (error = list_or_null(&top, src, "")) < 0)
		goto done;
	while (projects[n])
		n++;
	if (!(in = calloc(n + 1, sizeof(*in)))) {
		error = pmo_error_set_oom();
		goto done;
	}
	for (i = 0; i < n && error >= 0; i++) {
		pmo_buf_clear(&dir);
		pmo_buf_printf(&dir, "projects/%s", projects[i]);
		error = pmo_buf_oom(&dir) < 0 ? pmo_error_set_oom() : list_or_null(&in[i], src, dir.ptr);
	}
	/* only the kinds whose folder is there are read */
	for (k = 0; (folder = pmo_model_kind_folder(model, k, &scoped, &file)) != NULL && error >= 0;
	     k++) {
		const pmo_kind *kind;
		int there = !scoped && has_folder(top, folder);

		for (i = 0; scoped && i < n && !there; i++)
			there = has_folder(in[i], folder);
		if (!there)
			continue;
		if (!(kind = pmo_model_kind_at(model, k))) {
			error = pmo_error_last() ? pmo_error_last()->code : pmo_error_set_oom();
			break;
		}
		if (!kind->prefix)
			continue;
		if (!kind->project_scoped && has_folder(top, kind->folder))
			error = check_folder(out, src, kind, NULL, opts, rule, &msg);
		for (i = 0; kind->project_scoped && i < n && error >= 0; i++)
			if (has_folder(in[i], kind->folder))
				error = check_folder(out, src, kind, projects[i], opts, rule, &msg);
	}
done:
	for (i = 0; in && i < n; i++)
		pmo_strv_free(in[i]);
	free(in);
	pmo_strv_free(top);
	pmo_strv_free(projects);
	pmo_buf_free(&dir);
	pmo_buf_free(&msg);
	return error;
}

void pmo_retired_files_free(pmo_retired_file *v, size_t n)
{
	while (v && n)
		free(v[--n].path);
	free(v);
}

int pmo_check_retired_files(pmo_retired_file **out, size_t *n, pmo_source *src,
			    const pmo_model *model, const pmo_check_options *opts)
{
	pmo_retired_file *v = NULL, *w;
	char **projects = NULL;
	size_t k, i, count = 0;
	int error;

	if ((error = pmo_projects_list(&projects, src)) < 0)
		return error;
	for (k = 0; k < pmo_model_kind_count(model) && error >= 0; k++) {
		const pmo_kind *kind = pmo_model_kind_at(model, k);

		for (i = 0; kind->prefix && error >= 0 &&
			    (kind->project_scoped ? projects[i] != NULL : i == 0); i++) {
			char *path = NULL;

			if ((error = pmo_kind_retired_path(&path, kind, kind->project_scoped
							   ? projects[i] : NULL)) < 0)
				break;
			if (!pmo_check__under(path, opts) || !pmo_source_exists(src, path)) {
				free(path);
				continue;
			}
			if (!(w = realloc(v, (count + 1) * sizeof(*w)))) {
				free(path);
				error = pmo_error_set_oom();
				break;
			}
			v = w;
			v[count].path = path;
			v[count++].kind = kind;
		}
	}
	pmo_strv_free(projects);
	if (error < 0) {
		pmo_retired_files_free(v, count);
		return error;
	}
	*out = v;
	*n = count;
	return 0;
}
