/*
 * A change merged as a whole tree (merge_change.h): the merge driver of
 * plan.yaml and budget.yaml handed to libgit2's merge, the change's
 * records that collide with the other side's renumbered, and the
 * references to what was renumbered followed.
 */
#include "model/merge_change.h"
#include "model/merge.h"
#include "repo/branch.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

void pmo_file_edits_free(pmo_file_edits *e)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; i < e->n; i++) {
		free((char *)e->items[i].path);
		free((char *)e->items[i].data);
	}
	free(e->items);
	memset(e, 0, sizeof(*e));
}

/* path and text (NULL: removed) into e; a path already there is replaced */
static int edit(pmo_file_edits *e, const char *path, const pmo_buf *text)
{
	pmo_repo_file *nv;
	char *p = strdup(path), *d = NULL;
	size_t i;

	if (!p || (text && !(d = malloc(text->len + 1)))) {
		free(p);
		return pmo_error_set_oom();
	}
	if (text) {
		memcpy(d, text->ptr ? text->ptr : "", text->len);
		d[text->len] = '\0';
	}
	for (i = 0; i < e->n && strcmp(e->items[i].path, path); i++)
		;
	if (i == e->n) {
		if (!(nv = realloc(e->items, (e->n + 1) * sizeof(*nv)))) {
			free(p);
			free(d);
			return pmo_error_set_oom();
		}
		e->items = nv;
		e->n++;
	} else {
		free((char *)e->items[i].path);
		free((char *)e->items[i].data);
	}
	e->items[i].path = p;
	e->items[i].data = d;
	e->items[i].len = text ? text->len : 0;
	return 0;
}

/* --- renumbering a record ---------------------------------------------- */

int pmo_uses_rewrite(pmo_file_edits *out, const pmo_uses *uses, const pmo_kind *kind,
		     const char *project, const char *id)
{
	pmo_buf text = PMO_BUF_INIT;
	size_t i, j;
	int error = 0;

	for (i = 0; i < uses->n && !error; i++) {
		const pmo_use_file *f = &uses->items[i];
		char **values = calloc(f->n + 1, sizeof(*values));

		error = values ? 0 : pmo_error_set_oom();
		for (j = 0; j < f->n && !error; j++)
			if (!(values[j] = pmo_ref_text(kind, project, id, f->project)))
				error = pmo_error_set_oom();
		pmo_buf_clear(&text);
		if (!error)
			error = pmo_yaml_edit_scalars(&text, f->doc, f->at, (const char *const *)values, f->n);
		if (!error)
			error = edit(out, f->path, &text);
		pmo_strv_free(values);
	}
	pmo_buf_free(&text);
	return error;
}

int pmo_renumber_files(pmo_file_edits *out, const pmo_model *model, pmo_source *src,
		       const pmo_settings *settings, const pmo_kind *kind, const char *project,
		       const char *id, const char *to)
{
	pmo_record *r = NULL;
	pmo_uses uses = { 0 };
	pmo_buf text = PMO_BUF_INIT;
	const pmo_node *at;
	char *path = NULL;
	int error;

	if ((error = pmo_record_read(&r, src, kind, project, id, settings)) < 0 ||
	    (error = pmo_kind_path(&path, kind, project, to)) < 0 ||
	    (error = pmo_uses_find(&uses, model, src, settings, kind, project, id)) < 0)
		goto done;
	if (!(at = pmo_map_get(pmo_doc_root(r->doc), kind->id_field))) {
		error = pmo_error_set(PMO_EINVALID, "%s has no %s", r->path, kind->id_field);
		goto done;
	}
	if ((error = pmo_yaml_edit_scalars(&text, r->doc, &at, &to, 1)) < 0 ||
	    (error = edit(out, r->path, NULL)) < 0 || (error = edit(out, path, &text)) < 0)
		goto done;
	error = pmo_uses_rewrite(out, &uses, kind, project, to);
done:
	pmo_buf_free(&text);
	free(path);
	pmo_uses_free(&uses);
	pmo_record_free(r);
	return error;
}

/* kind, project and ID of the numbered record at path: 1, or 0 */
static int record_at(const pmo_kind **kind, char **project, char **id, const pmo_model *model,
		     const char *path)
{
	size_t k;

	for (k = 0; k < pmo_model_kind_count(model); k++) {
		const pmo_kind *kd = pmo_model_kind_at(model, k);
		const char *p = path, *slash;
		size_t plen = 0, ilen;

		if (!kd->prefix)
			continue;
		if (kd->project_scoped) {
			if (strncmp(p, "projects/", 9) || !(slash = strchr(p + 9, '/')))
				continue;
			plen = (size_t)(slash - (p + 9));
			p = slash + 1;
		}
		if (strncmp(p, kd->folder, strlen(kd->folder)) || p[strlen(kd->folder)] != '/')
			continue;
		p += strlen(kd->folder) + 1;
		ilen = kd->file ? strcspn(p, "/") : strcspn(p, ".");
		if (kd->file ? p[ilen] != '/' || strcmp(p + ilen + 1, kd->file)
			     : strcmp(p + ilen, ".yaml") != 0)
			continue;
		if (!pmo_kind_id_number(kd, p, ilen))
			continue;
		*project = kd->project_scoped ? strndup(path + 9, plen) : NULL;
		*id = strndup(p, ilen);
		if ((kd->project_scoped && !*project) || !*id) {
			free(*project);
			free(*id);
			return pmo_error_set_oom();
		}
		*kind = kd;
		return 1;
	}
	return 0;
}

/* The higher of two IDs of kind */
static const char *higher(const pmo_kind *kind, const char *a, const char *b)
{
	return pmo_kind_id_number(kind, a, strlen(a)) >= pmo_kind_id_number(kind, b, strlen(b)) ? a : b;
}

/* The change's records at the paths both sides added (ours: the branch
 * merged into; theirs: the change's content, *content when set): each
 * renumbered to the next ID free on both sides, in a commit derived from
 * the content; *content its id. Paths that are no numbered record are
 * added to left (when not NULL). */
static int renumber_records(char content[static 41], char ***notes, char ***left,
			    const char *whose, const char *own,
			    const pmo_model *model, const pmo_settings *settings, pmo_repo *repo,
			    const char *ours, const char *theirs, char *const *paths)
{
	size_t i;
	int error = 0;

	for (i = 0; paths && paths[i] && !error; i++) {
		const pmo_kind *kind = NULL;
		pmo_source *so = NULL, *st = NULL;
		pmo_file_edits files = { 0 };
		char *project = NULL, *id = NULL, *a = NULL, *b = NULL;
		const char *to;
		int got = own && !strcmp(paths[i], own) ? 0 : record_at(&kind, &project, &id, model, paths[i]);

		if (got <= 0) {
			if (got == 0 && left)
				error = pmo_strv_push(left, strdup(paths[i]));
			else
				error = got;
			continue;
		}
		if ((error = pmo_source_open(&so, repo, ours)) < 0 ||
		    (error = pmo_source_open(&st, repo, *content ? content : theirs)) < 0 ||
		    (error = pmo_kind_next_id(&a, so, kind, project)) < 0 ||
		    (error = pmo_kind_next_id(&b, st, kind, project)) < 0)
			goto next;
		to = higher(kind, a, b);
		if ((error = pmo_renumber_files(&files, model, st, settings, kind, project, id, to)) < 0 ||
		    (error = pmo_repo_derive(content, repo, *content ? content : theirs, files.items,
					     files.n)) < 0)
			goto next;
		{
			pmo_buf note = PMO_BUF_INIT;
			if (project)
				pmo_buf_printf(&note, "%s/%s of %s is now %s/%s", project, id, whose,
					       project, to);
			else
				pmo_buf_printf(&note, "%s of %s is now %s", id, whose, to);
			error = pmo_strv_push(notes, pmo_buf_oom(&note) < 0 ? NULL : pmo_buf_detach(&note));
		}
	next:
		free(a);
		free(b);
		free(project);
		free(id);
		pmo_file_edits_free(&files);
		pmo_source_free(so);
		pmo_source_free(st);
	}
	return error;
}

/* --- the merge driver through libgit2 ------------------------------------ */

/* What the driver renumbered: the tasks of each project's plan. */
typedef struct {
	char **notes;
	struct renumbered_task {
		char *project, *from, *to;
	} *tasks;
	size_t ntasks;
} driver_state;

static void driver_state_free(driver_state *d)
{
	size_t i;

	pmo_strv_free(d->notes);
	for (i = 0; i < d->ntasks; i++) {
		free(d->tasks[i].project);
		free(d->tasks[i].from);
		free(d->tasks[i].to);
	}
	free(d->tasks);
	memset(d, 0, sizeof(*d));
}

/* "plan.yaml" of "projects/CBM/plan.yaml", its project's key length in *plen */
static const char *project_file(const char *path, size_t *plen)
{
	const char *slash;

	if (strncmp(path, "projects/", 9) || !(slash = strchr(path + 9, '/')) || slash == path + 9 ||
	    strchr(slash + 1, '/'))
		return NULL;
	*plen = (size_t)(slash - path - 9);
	return slash + 1;
}

static int driver_wants(const char *path, void *payload)
{
	size_t plen;
	const char *f = project_file(path, &plen);

	(void)payload;
	return f && (!strcmp(f, "plan.yaml") || !strcmp(f, "budget.yaml"));
}

static int driver_merge(pmo_buf *out, pmo_buf *why, const char *path, const pmo_buf *base,
			const pmo_buf *ours, const pmo_buf *theirs, void *payload)
{
	driver_state *d = payload;
	pmo_merge_result res;
	size_t k, plen = 0;
	const char *f = project_file(path, &plen);
	int error;

	if ((error = pmo_merge_file(&res, path, base, ours, theirs)) < 0)
		return error;
	error = pmo_buf_put(out, res.merged.text.ptr ? res.merged.text.ptr : "", res.merged.text.len);
	for (k = 0; k < res.merged.nconflicts; k++)
		pmo_buf_printf(why, "%s:%zu: %s\n", path, res.merged.conflicts[k].line,
			       res.merged.conflicts[k].what);
	if (res.by_lines && res.conflicted)
		pmo_buf_printf(why, "%s: merged line by line: %s\n", path, res.by_lines);
	for (k = 0; k < res.merged.nrenumbered && error >= 0; k++) {
		const pmo_merge_renumbered *rn = &res.merged.renumbered[k];
		pmo_buf note = PMO_BUF_INIT;

		if (f && !strcmp(f, "plan.yaml")) {
			struct renumbered_task *nv = realloc(d->tasks, (d->ntasks + 1) * sizeof(*nv));
			if (!nv) {
				error = pmo_error_set_oom();
				break;
			}
			d->tasks = nv;
			nv[d->ntasks].project = strndup(path + 9, plen);
			nv[d->ntasks].from = strdup(rn->from);
			nv[d->ntasks].to = strdup(rn->to);
			d->ntasks++;
			if (!nv[d->ntasks - 1].project || !nv[d->ntasks - 1].from || !nv[d->ntasks - 1].to)
				error = pmo_error_set_oom();
			pmo_buf_printf(&note, "%.*s/%s of the change is now %.*s/%s", (int)plen, path + 9,
				       rn->from, (int)plen, path + 9, rn->to);
		} else {
			pmo_buf_printf(&note, "%s: %s of the change is now %s", path, rn->from, rn->to);
		}
		if (error >= 0)
			error = pmo_strv_push(&d->notes, pmo_buf_oom(&note) < 0 ? NULL : pmo_buf_detach(&note));
		pmo_buf_free(&note);
	}
	if (error >= 0 && (pmo_buf_oom(out) < 0 || pmo_buf_oom(why) < 0))
		error = pmo_error_set_oom();
	if (error >= 0)
		error = res.conflicted;
	pmo_merge_result_free(&res);
	return error;
}

/* --- tasks renumbered: the change's other files follow -------------------- */

typedef struct {
	const struct renumbered_task *tasks;
	size_t ntasks;
	const pmo_node **at;
	char **values;
	size_t n;
} task_refs;

static const char *renamed_task(const task_refs *t, const char *project, const char *id)
{
	size_t i;

	for (i = 0; i < t->ntasks; i++)
		if (project && !strcmp(t->tasks[i].project, project) && !strcmp(t->tasks[i].from, id))
			return t->tasks[i].to;
	return NULL;
}

static int add_value(task_refs *t, const pmo_node *at, const char *to)
{
	const pmo_node **a = realloc(t->at, (t->n + 1) * sizeof(*a));
	char **v;

	if (!a)
		return pmo_error_set_oom();
	t->at = a;
	if (!(v = realloc(t->values, (t->n + 2) * sizeof(*v))))
		return pmo_error_set_oom();
	t->values = v;
	if (!(v[t->n] = strdup(to)))
		return pmo_error_set_oom();
	a[t->n++] = at;
	v[t->n] = NULL;
	return 0;
}

static int task_ref(const char *field, const pmo_node *at, const pmo_ref *ref, void *payload)
{
	task_refs *t = payload;
	const char *to;

	(void)field;
	if (ref->type != PMO_REF_TASK || !(to = renamed_task(t, ref->project, ref->id)))
		return 0;
	/* written as the record wrote it: T-3, or CBM/T-3 */
	if (strchr(pmo_node_text(at), '/')) {
		pmo_buf b = PMO_BUF_INIT;
		int error;
		pmo_buf_printf(&b, "%s/%s", ref->project, to);
		error = pmo_buf_oom(&b) < 0 ? pmo_error_set_oom() : add_value(t, at, b.ptr);
		pmo_buf_free(&b);
		return error;
	}
	return add_value(t, at, to);
}

static void task_refs_reset(task_refs *t)
{
	pmo_strv_free(t->values);
	free(t->at);
	t->values = NULL;
	t->at = NULL;
	t->n = 0;
}

/* The expenses of the project's budget.yaml that name a renumbered task. */
static int budget_task_refs(pmo_file_edits *out, task_refs *t, pmo_source *src, const char *project)
{
	pmo_buf path = PMO_BUF_INIT, text = PMO_BUF_INIT;
	pmo_doc *doc = NULL;
	const pmo_node *ex;
	size_t i;
	int error;

	pmo_buf_printf(&path, "projects/%s/budget.yaml", project);
	if (pmo_buf_oom(&path) < 0)
		return pmo_error_set_oom();
	error = pmo_source_read(&text, src, path.ptr, PMO_PLAN_MAX_BYTES);
	if (error == PMO_ENOTFOUND) {
		pmo_error_clear();
		error = 0;
		goto done;
	}
	/* a budget that cannot be read is validate's to report */
	if (error < 0 || pmo_yaml_load(&doc, path.ptr, text.ptr, text.len, NULL) < 0) {
		pmo_error_clear();
		error = 0;
		goto done;
	}
	ex = pmo_map_get(pmo_doc_root(doc), "expenses");
	for (i = 0; ex && ex->kind == PMO_NODE_SEQ && i < ex->n && !error; i++) {
		const pmo_node *task = pmo_map_get(ex->items[i], "task");
		const char *to = task && task->kind == PMO_NODE_SCALAR
					 ? renamed_task(t, project, pmo_node_text(task)) : NULL;
		if (to)
			error = add_value(t, task, to);
	}
	if (!error && t->n) {
		pmo_buf_clear(&text);
		if ((error = pmo_yaml_edit_scalars(&text, doc, t->at, (const char *const *)t->values, t->n)) == 0)
			error = edit(out, path.ptr, &text);
	}
done:
	task_refs_reset(t);
	pmo_doc_free(doc);
	pmo_buf_free(&text);
	pmo_buf_free(&path);
	return error;
}

/* The change's files (those that differ from the merge base) that name
 * the tasks renumbered in the plan's merge, rewritten. */
static int follow_tasks(pmo_file_edits *out, const driver_state *d, const pmo_model *model,
			const pmo_settings *settings, pmo_source *src, char *const *changed)
{
	task_refs t = { d->tasks, d->ntasks, NULL, NULL, 0 };
	size_t i;
	int error = 0;

	for (i = 0; changed && changed[i] && !error; i++) {
		const pmo_kind *kind = NULL;
		pmo_record *r = NULL;
		char *project = NULL, *id = NULL;
		size_t plen;
		const char *f = project_file(changed[i], &plen);
		int got;

		if (f && !strcmp(f, "budget.yaml")) {
			char *key = strndup(changed[i] + 9, plen);
			error = key ? budget_task_refs(out, &t, src, key) : pmo_error_set_oom();
			free(key);
			continue;
		}
		if ((got = record_at(&kind, &project, &id, model, changed[i])) <= 0) {
			error = got;
			continue;
		}
		/* a record that cannot be read (removed, broken) names nothing here */
		if (pmo_record_read(&r, src, kind, project, id, settings) < 0) {
			pmo_error_clear();
		} else if ((error = pmo_record_refs(model, kind, pmo_doc_root(r->doc), project, task_ref,
						    &t)) == 0 && t.n) {
			pmo_buf text = PMO_BUF_INIT;
			if ((error = pmo_yaml_edit_scalars(&text, r->doc, t.at,
							   (const char *const *)t.values, t.n)) == 0)
				error = edit(out, r->path, &text);
			pmo_buf_free(&text);
		}
		task_refs_reset(&t);
		pmo_record_free(r);
		free(project);
		free(id);
	}
	return error;
}

/* --- pmo change merge ----------------------------------------------------- */

void pmo_change_merge_free(pmo_change_merge *cm)
{
	if (!cm)
		return;
	pmo_strv_free(cm->notes);
	memset(cm, 0, sizeof(*cm));
}

static int append_notes(char ***to, char **from)
{
	size_t i;
	int error = 0;

	for (i = 0; from && from[i] && !error; i++)
		error = pmo_strv_push(to, strdup(from[i]));
	return error;
}

int pmo_change_merge_prepare(pmo_change_merge *out, const pmo_model *model,
			     const pmo_settings *settings, pmo_repo *repo, const char *into,
			     const char *from, const char *own)
{
	driver_state d = { 0 };
	pmo_repo_merger m = { driver_wants, driver_merge, &d };
	pmo_repo_merge_report rep;
	pmo_file_edits files = { 0 };
	pmo_source *sb = NULL, *sc = NULL;
	char **changed = NULL, mb[41];
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = pmo_repo_merge_try(&rep, repo, into, from, NULL, &m)) < 0)
		return error;
	if ((error = renumber_records(out->content, &out->notes, NULL, "the change", own, model, settings, repo, into,
				      from, rep.added_both)) < 0)
		goto done;
	if (d.ntasks) {
		const char *content = *out->content ? out->content : from;
		if ((error = pmo_repo_merge_base(mb, repo, into, from)) < 0 ||
		    (error = pmo_source_open(&sb, repo, mb)) < 0 ||
		    (error = pmo_source_open(&sc, repo, content)) < 0 ||
		    (error = pmo_source_diff(&changed, sb, sc)) < 0 ||
		    (error = follow_tasks(&files, &d, model, settings, sc, changed)) < 0)
			goto done;
		if (files.n && (error = pmo_repo_derive(out->content, repo, content, files.items, files.n)) < 0)
			goto done;
	}
	error = append_notes(&out->notes, d.notes);
done:
	pmo_strv_free(changed);
	pmo_source_free(sb);
	pmo_source_free(sc);
	pmo_file_edits_free(&files);
	pmo_repo_merge_report_free(&rep);
	driver_state_free(&d);
	if (error < 0)
		pmo_change_merge_free(out);
	return error;
}

int pmo_change_merge_make(char out[static 41], const pmo_change_merge *cm, pmo_repo *repo,
			  const char *into, const char *from, const char *path, const char *data,
			  size_t len, const char *message)
{
	driver_state d = { 0 };
	pmo_repo_merger m = { driver_wants, driver_merge, &d };
	int error = pmo_repo_merge_make(out, repo, into, from, *cm->content ? cm->content : NULL, &m,
					path, data, len, message);

	driver_state_free(&d);
	return error;
}

/* --- pmo resolve ---------------------------------------------------------- */

void pmo_resolution_free(pmo_resolution *r)
{
	if (!r)
		return;
	pmo_file_edits_free(&r->files);
	pmo_strv_free(r->notes);
	pmo_strv_free(r->left);
	memset(r, 0, sizeof(*r));
}

static int listed(char *const *v, const char *s)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		if (!strcmp(v[i], s))
			return 1;
	return 0;
}

/* The file in src into out: 1, 0 when absent, or an error. */
static int read_if(pmo_buf *out, pmo_source *src, const char *path)
{
	int error = pmo_source_read(out, src, path, 0);

	if (error == PMO_ENOTFOUND) {
		pmo_error_clear();
		return 0;
	}
	return error < 0 ? error : 1;
}

/* What the worktree gets for one file the renumbering changed. */
static int resolve_file(pmo_resolution *out, pmo_source *src[4], char *const *added_both,
			const char *path)
{
	enum { HEAD, MERGED, DONE, WORK };
	pmo_buf a = PMO_BUF_INIT, b = PMO_BUF_INIT;
	int error, got;

	if (listed(added_both, path)) {
		/* ours's record stays where it is */
		if ((got = error = read_if(&a, src[HEAD], path)) > 0)
			error = edit(&out->files, path, &a);
	} else if ((got = error = read_if(&a, src[MERGED], path)) == 0) {
		/* the change's record at its new ID */
		if ((error = read_if(&b, src[DONE], path)) > 0)
			error = edit(&out->files, path, &b);
	} else if (got > 0 && (error = read_if(&b, src[WORK], path)) >= 0) {
		/* a file that names it: rewritten when the worktree has it as
		 * the change has it, else left to the user */
		if (error > 0 && a.len == b.len && !memcmp(a.ptr, b.ptr, a.len)) {
			pmo_buf_clear(&b);
			if ((error = read_if(&b, src[DONE], path)) > 0)
				error = edit(&out->files, path, &b);
		} else {
			error = pmo_strv_push(&out->left, strdup(path));
		}
	}
	pmo_buf_free(&a);
	pmo_buf_free(&b);
	return error < 0 ? error : 0;
}

int pmo_resolve_added_both(pmo_resolution *out, const pmo_model *model,
			   const pmo_settings *settings, pmo_repo *repo)
{
	pmo_repo_merge_report rep;
	pmo_source *src[4] = { NULL, NULL, NULL, NULL };
	char mh[41], content[41] = "", **changed = NULL;
	size_t i;
	int error, k;

	memset(out, 0, sizeof(*out));
	if ((error = pmo_repo_index_conflicts(&rep, repo)) < 0)
		return error;
	if (!rep.added_both)
		goto done;
	if (pmo_repo_rev_id(mh, repo, "MERGE_HEAD") < 0) {
		error = pmo_error_set(PMO_ENOTFOUND, "no merge is in progress (there is no MERGE_HEAD); "
				      "pmo resolve finishes a git merge that stopped on conflicts");
		goto done;
	}
	if ((error = renumber_records(content, &out->notes, &out->left, "the merged branch", NULL, model, settings, repo, "HEAD",
				      mh, rep.added_both)) < 0 || !*content)
		goto done;
	if ((error = pmo_source_open(&src[0], repo, "HEAD")) < 0 ||
	    (error = pmo_source_open(&src[1], repo, mh)) < 0 ||
	    (error = pmo_source_open(&src[2], repo, content)) < 0 ||
	    (error = pmo_source_open(&src[3], repo, NULL)) < 0 ||
	    (error = pmo_source_diff(&changed, src[1], src[2])) < 0)
		goto done;
	for (i = 0; changed[i] && !error; i++)
		error = resolve_file(out, src, rep.added_both, changed[i]);
done:
	pmo_strv_free(changed);
	for (k = 0; k < 4; k++)
		pmo_source_free(src[k]);
	pmo_repo_merge_report_free(&rep);
	if (error < 0)
		pmo_resolution_free(out);
	return error;
}
