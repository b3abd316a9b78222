/*
 * pmo report --html (report.h): the portfolio's figures with each plan's
 * charts drawn as its figures are computed, the risks, what is due and
 * each project's last changes read once, then the pages written.
 */
#define _GNU_SOURCE /* memmem */
#include "report/internal.h"
#include "render/svg_gantt.h"
#include "repo/branch.h"
#include "util/error.h"
#include "util/fs.h"
#include "render/html.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define OOM() pmo_error_set(PMO_ENOMEM, "out of memory")
#define CHANGES 20

/* --- the plans, as the portfolio reads them -------------------------------- */

/* Room for n parts, the new ones empty. */
static int parts_grow(report_data *d, size_t n)
{
	report_part *grown;
	size_t i;

	if (n <= d->nparts)
		return 0;
	if (!(grown = realloc(d->parts, n * sizeof(*grown))))
		return OOM();
	for (i = d->nparts; i < n; i++) {
		pmo_buf_init(&grown[i].plan);
		pmo_buf_init(&grown[i].money);
	}
	d->parts = grown;
	d->nparts = n;
	return 0;
}

static int plan_part(const pmo_portfolio_plan *k, void *payload)
{
	report_data *d = payload;
	report_part *part;
	pmo_svg_gantt_options go;
	int error;

	if ((error = parts_grow(d, k->index + 1)) < 0)
		return error;
	part = &d->parts[k->index];
	if (!k->plan)
		return 0;
	memset(&go, 0, sizeof(go));
	go.bl = k->bl;
	go.progress = k->progress;
	go.today = d->o->today;
	pmo_buf_puts(&part->plan, "<div class=\"chart\">\n");
	if ((error = pmo_svg_gantt(&part->plan, k->plan, k->s, k->cal, &go)) < 0)
		return error;
	pmo_buf_puts(&part->plan, "</div>\n");
	if ((error = report_money(part, k, d->settings, d->repo, d->o->today)) < 0)
		return error;
	return pmo_buf_oom(&part->plan);
}

/* --- the last changes of each project ---------------------------------------- */

typedef struct {
	report_changes *c;
	size_t found;       /* of this walk */
} walk;

static int change_cmp(const void *pa, const void *pb)
{
	const report_change *a = pa, *b = pb;

	if (a->time != b->time)
		return a->time > b->time ? -1 : 1;
	return strcmp(a->id, b->id);
}

static int on_file(const pmo_history_file *f, void *payload)
{
	walk *w = payload;
	report_changes *c = w->c;
	const pmo_commit_info *ci = f->commit;
	report_change *x, *grown;
	int64_t t;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->items[i].id, ci->id))
			return 0;
	if (w->found == CHANGES)
		return 1;
	if (!(grown = realloc(c->items, (c->n + 1) * sizeof(*grown))))
		return OOM();
	c->items = grown;
	x = &c->items[c->n];
	memset(x, 0, sizeof(*x));
	memcpy(x->id, ci->id, sizeof(x->id));
	t = ci->author_time + (int64_t)ci->author_offset * 60;
	x->date = (pmo_date)(t >= 0 ? t / 86400 : (t - 86399) / 86400); /* as pmo log shows it */
	x->time = ci->committer_time;
	x->subject = strdup(ci->summary);
	x->author = strdup(ci->author_name);
	c->n++;
	w->found++;
	if (!x->subject || !x->author)
		return OOM();
	return 0;
}

/* The commits that changed the project's files (projects/KEY and the
 * folders of its records), newest first, the last CHANGES of them. */
static int changes_of(report_changes *out, pmo_repo *repo, const char *key)
{
	pmo_buf pat = PMO_BUF_INIT;
	walk w = { out, 0 };
	int error;
	size_t i;

	pmo_buf_printf(&pat, "projects/%s", key);
	if ((error = pmo_buf_oom(&pat)) < 0 ||
	    (error = pmo_repo_history_changed(repo, NULL, pat.ptr, on_file, &w)) < 0)
		goto done;
	w.found = 0;
	pmo_buf_puts(&pat, "/*");
	if ((error = pmo_buf_oom(&pat)) < 0 ||
	    (error = pmo_repo_history_changed(repo, NULL, pat.ptr, on_file, &w)) < 0)
		goto done;
	qsort(out->items, out->n, sizeof(*out->items), change_cmp);
	for (i = CHANGES; i < out->n; i++) {
		free(out->items[i].subject);
		free(out->items[i].author);
	}
	if (out->n > CHANGES)
		out->n = CHANGES;
done:
	pmo_buf_free(&pat);
	return error;
}

static void changes_free(report_changes *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->items[i].subject);
		free(c->items[i].author);
	}
	free(c->items);
}

/* --- the pages written --------------------------------------------------------- */

/* A project's key as a file name: what a key may be (letters, digits, -
 * and _) and nothing that leaves the folder. */
static int safe_key(const char *key)
{
	const char *s;

	for (s = key; *s; s++)
		if (!(*s >= 'A' && *s <= 'Z') && !(*s >= 'a' && *s <= 'z') && !(*s >= '0' && *s <= '9') &&
		    *s != '-' && *s != '_')
			return 0;
	return *key != '\0';
}

static int write_pages(pmo_report_result *res, const report_data *d, pmo_buf *bufs)
{
	pmo_buf path = PMO_BUF_INIT;
	size_t i;
	int error;

	if ((error = pmo_fs_mkdirs(d->o->dir)) < 0)
		return error;
	for (i = 0; i <= d->p->n; i++) {
		pmo_buf_clear(&path);
		if (i)
			pmo_buf_printf(&path, "%s/%s.html", d->o->dir, d->p->rows[i - 1].key);
		else
			pmo_buf_printf(&path, "%s/index.html", d->o->dir);
		if ((error = pmo_buf_oom(&path)) < 0 ||
		    (error = pmo_fs_write_whole(path.ptr, bufs[i].ptr ? bufs[i].ptr : "", bufs[i].len)) < 0)
			break;
		res->pages++;
		res->projects += i > 0;
	}
	pmo_buf_free(&path);
	return error;
}

/* Whether name (KEY.html, KEY of keylen bytes) is the page of a project
 * that is no longer written: a key no active project has, and a page
 * that pmo report wrote (its head names the generator). */
static int stale_page(const report_data *d, const char *name, size_t keylen, const char *path)
{
	static const char mark[] = "<meta name=\"generator\" content=\"" PMO_HTML_GENERATOR "\">";
	pmo_buf b = PMO_BUF_INIT;
	char key[256];
	size_t i;
	int ours;

	if (keylen >= sizeof(key))
		return 0;
	memcpy(key, name, keylen);
	key[keylen] = '\0';
	if (!safe_key(key))
		return 0;
	for (i = 0; i < d->p->n; i++)
		if (!strcmp(d->p->rows[i].key, key))
			return 0;
	if (pmo_fs_read_nofollow(&b, path, 0) < 0) {
		pmo_error_clear();
		pmo_buf_free(&b);
		return 0;
	}
	ours = b.len && memmem(b.ptr, b.len < 4096 ? b.len : 4096, mark, sizeof(mark) - 1) != NULL;
	pmo_buf_free(&b);
	return ours;
}

/* The pages of the projects the portfolio no longer shows (closed or
 * removed since the last report), removed from the folder: only KEY.html
 * files that pmo report wrote. */
static int remove_stale(pmo_report_result *res, const report_data *d)
{
	pmo_buf path = PMO_BUF_INIT;
	struct dirent *e;
	DIR *dir;
	size_t len;
	int error = 0;

	if (!(dir = opendir(d->o->dir)))
		return pmo_error_set_at(PMO_EIO, d->o->dir, 0, 0, "cannot list the folder: %s", strerror(errno));
	while (!error && (e = readdir(dir))) {
		len = strlen(e->d_name);
		if (len <= 5 || strcmp(e->d_name + len - 5, ".html") || !strcmp(e->d_name, "index.html"))
			continue;
		pmo_buf_clear(&path);
		pmo_buf_printf(&path, "%s/%s", d->o->dir, e->d_name);
		if ((error = pmo_buf_oom(&path)) < 0)
			break;
		if (!stale_page(d, e->d_name, len - 5, path.ptr))
			continue;
		if (unlink(path.ptr) < 0 && errno != ENOENT)
			error = pmo_error_set_at(PMO_EIO, path.ptr, 0, 0, "cannot remove: %s", strerror(errno));
		else
			res->removed++;
	}
	closedir(dir);
	pmo_buf_free(&path);
	return error;
}

void pmo_report_result_free(pmo_report_result *r)
{
	if (r)
		pmo_findings_free(&r->problems);
}

int pmo_report_html(pmo_report_result *out, pmo_repo *repo, pmo_source *src, const pmo_model *model,
		    const pmo_settings *settings, const pmo_report_options *o)
{
	report_data d;
	pmo_portfolio_options po;
	pmo_buf *bufs = NULL;
	size_t i, np;
	int error;

	memset(out, 0, sizeof(*out));
	pmo_findings_init(&out->problems);
	memset(&d, 0, sizeof(d));
	d.o = o;
	d.settings = settings;
	d.repo = repo;
	d.risk = pmo_model_kind(model, "risk");
	memset(&po, 0, sizeof(po));
	po.as_of = o->today;
	po.force = o->force;
	po.only = o->project;
	po.plan_cb = plan_part;
	po.payload = &d;
	if ((error = pmo_portfolio_status(&d.p, src, model, settings, &po)) < 0)
		goto done;
	if (o->project && !d.p->n) {
		error = pmo_error_set(PMO_ENOTFOUND, "no active project %s (pmo status lists them)", o->project);
		goto done;
	}
	for (i = 0; i < d.p->n; i++)
		if (!safe_key(d.p->rows[i].key)) {
			error = pmo_error_set_at(PMO_EINVALID, d.p->rows[i].path, 0, 0,
						 "project key \"%s\" cannot name a page: letters, digits, - and _ are allowed",
						 d.p->rows[i].key);
			goto done;
		}
	if ((error = parts_grow(&d, d.p->n)) < 0)
		goto done;
	if (d.risk && (error = pmo_records_list(&d.risks, &out->problems, src, d.risk, o->project, settings)) < 0)
		goto done;
	if ((error = pmo_due_tree(&d.due, src, model, o->today)) < 0)
		goto done;
	if (d.p->n && !(d.changes = calloc(d.p->n, sizeof(*d.changes)))) {
		error = OOM();
		goto done;
	}
	for (i = 0; i < d.p->n && repo; i++)
		if ((error = changes_of(&d.changes[i], repo, d.p->rows[i].key)) < 0)
			goto done;
	if (!(bufs = calloc(d.p->n + 1, sizeof(*bufs)))) {
		error = OOM();
		goto done;
	}
	if ((error = report_pages(bufs, &d)) < 0 || (error = write_pages(out, &d, bufs)) < 0 ||
	    (!o->project && (error = remove_stale(out, &d)) < 0))
		goto done;
	for (i = 0; i < d.p->problems.n && error >= 0; i++) {
		pmo_finding f = d.p->problems.items[i];

		memset(&d.p->problems.items[i], 0, sizeof(f));
		error = pmo_findings_push(&out->problems, &f);
	}
done:
	np = d.p ? d.p->n : 0;
	for (i = 0; bufs && i <= np; i++)
		pmo_buf_free(&bufs[i]);
	free(bufs);
	for (i = 0; i < d.nparts; i++) {
		pmo_buf_free(&d.parts[i].plan);
		pmo_buf_free(&d.parts[i].money);
	}
	free(d.parts);
	for (i = 0; d.changes && i < np; i++)
		changes_free(&d.changes[i]);
	free(d.changes);
	pmo_records_free(&d.risks);
	pmo_due_list_free(&d.due);
	pmo_portfolio_free(d.p);
	return error;
}
