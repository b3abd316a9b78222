/*
 * What is due (due.h): each kind's x-pmo "due" over its records, and the
 * plans' milestones against their last baseline. Records are read as
 * `pmo <kind> list` reads them (pmo's fast YAML reader, no git history):
 * one pass over the files of the tree.
 */
#include "check/due.h"
#include "plan/plan.h"
#include "util/error.h"
#include "util/filecache.h"
#include "util/ordered.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define OOM() pmo_error_set(PMO_ENOMEM, "out of memory")

static void item_free(pmo_due_item *it)
{
	free(it->record);
	free(it->title);
	free(it->at);
	free(it->owner);
	free(it->project);
	free(it->path);
}

void pmo_due_list_free(pmo_due_list *list)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < list->n; i++)
		item_free(&list->items[i]);
	free(list->items);
	list->items = NULL;
	list->n = list->cap = 0;
}

static int push(pmo_due_list *out, pmo_due_item *it)
{
	if (out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 64;
		pmo_due_item *items = realloc(out->items, cap * sizeof(*items));

		if (!items) {
			item_free(it);
			return OOM();
		}
		out->items = items;
		out->cap = cap;
	}
	out->items[out->n++] = *it;
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* --- dates and date-times -------------------------------------------------- */

static int digits(const char *s, size_t n, int *out)
{
	size_t i;
	int v = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* YYYY-MM-DD, or an RFC 3339 date-time: *day, *minute of that day (-1
 * for a date), *zone the offset as written ("+08:00", "Z", "") */
static int parse_when(pmo_date *day, long *minute, const char **zone, const char *s)
{
	size_t len = strlen(s);
	int h, m, sec = 0;

	if (len >= 10 && pmo_date_parse(day, s, 10) == 0) {
		if (len == 10) {
			*minute = -1;
			*zone = "";
			return 0;
		}
		if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || len < 16 ||
		    digits(s + 11, 2, &h) < 0 || s[13] != ':' || digits(s + 14, 2, &m) < 0 ||
		    h > 23 || m > 59)
			return -1;
		s += 16;
		if (*s == ':') {
			if (digits(s + 1, 2, &sec) < 0)
				return -1;
			s += 3;
			if (*s == '.')
				for (s++; isdigit((unsigned char)*s); s++)
					;
		}
		(void)sec;
		*minute = h * 60L + m;
		*zone = s;
		return 0;
	}
	return -1;
}

/* a number from a field of root (name) or the number itself */
static int amount(double *out, const pmo_node *spec, const pmo_node *root)
{
	const pmo_node *v = spec;

	if (!spec)
		return 0;
	if (spec->tag == PMO_TAG_STR)
		v = pmo_map_get(root, pmo_node_text(spec));
	if (!v || pmo_node_number(v, out) < 0)
		return -1;
	return 0;
}

/* --- one record ----------------------------------------------------------- */

/* is the item d due in the record's status? */
static int due_now(const pmo_kind *kind, const pmo_node *d, const pmo_node *root)
{
	const pmo_node *w = pmo_map_get(d, "while"), *done;
	const char *unless = pmo_node_text(pmo_map_get(d, "unless"));
	const char *status;

	/* a field that, once filled, says the obligation is met (a check's
	 * result, an incident's resolution time) */
	if (unless && (done = pmo_map_get(root, unless)) && done->tag != PMO_TAG_NULL)
		return 0;
	status = kind->status_field ? pmo_node_text(pmo_map_get(root, kind->status_field)) : NULL;
	return pmo_kind_status_in(kind, w, status);
}

static char *owner_of(const pmo_kind *kind, const pmo_node *d, const pmo_node *root)
{
	const char *field = pmo_node_text(pmo_map_get(d, "owner"));
	const pmo_node *v;
	pmo_buf b = PMO_BUF_INIT;
	size_t i;

	if (!field && pmo_kind_prop(kind, "owner"))
		field = "owner";
	v = field ? pmo_map_get(root, field) : NULL;
	if (!v)
		return NULL;
	if (v->kind != PMO_NODE_SEQ)
		return dup_or_null(pmo_node_text(v));
	for (i = 0; i < v->n; i++)
		if (pmo_node_text(v->items[i]))
			pmo_buf_printf(&b, "%s%s", b.len ? "," : "", pmo_node_text(v->items[i]));
	return b.len ? pmo_buf_detach(&b) : NULL;
}

/* When the kind's due entry d falls due for the record root: *day, and
 * *at the date-time when it counts from one (NULL for a date; the
 * caller's to free), the field it counts from and its value. 1 when it
 * is due, 0 when not (no date, not now, a value it cannot read),
 * PMO_ENOMEM. */
static int due_when(pmo_date *day, char **at, const char **field, const pmo_node **value,
		    const pmo_kind *kind, const pmo_node *d, const pmo_node *root, int with_at)
{
	const char *zone;
	long minute;
	double days = 0, hours = 0;

	*at = NULL;
	*field = pmo_node_text(pmo_map_get(d, "date"));
	*value = *field ? pmo_map_get(root, *field) : NULL;
	if (!*value || !pmo_node_text(*value) ||
	    parse_when(day, &minute, &zone, pmo_node_text(*value)) < 0 ||
	    amount(&days, pmo_map_get(d, "days"), root) < 0 ||
	    amount(&hours, pmo_map_get(d, "hours"), root) < 0 || !due_now(kind, d, root))
		return 0;
	*day += (pmo_date)floor(days);
	if (hours != 0) {
		long total = (minute < 0 ? 0 : minute) + lround(hours * 60);
		long carry = total >= 0 ? total / 1440 : -((-total + 1439) / 1440);

		*day += carry;
		minute = total - carry * 1440;
	}
	if (minute >= 0 && with_at) {
		pmo_buf b = PMO_BUF_INIT;
		char ds[11];

		pmo_buf_printf(&b, "%sT%02ld:%02ld:00%s", pmo_date_format(ds, *day), minute / 60,
			       minute % 60, zone);
		if (!(*at = pmo_buf_detach(&b)))
			return OOM();
	}
	return 1;
}

/* The due items of one record appended to out; lean: only what is
 * overdue, without the record's strings (pmo_due_overdue). */
static int due_items(pmo_due_list *out, const pmo_kind *kind, const char *project, const char *id,
		     const char *path, const pmo_node *root, pmo_date today, int lean)
{
	const pmo_node *due = kind->due;
	size_t i;
	int error = 0;

	for (i = 0; due && due->kind == PMO_NODE_SEQ && i < due->n && !error; i++) {
		const pmo_node *d = due->items[i], *v;
		pmo_due_item it;
		pmo_buf b = PMO_BUF_INIT;
		int got;

		memset(&it, 0, sizeof(it));
		/* lean, the date-time is made only once it is known to be overdue */
		if ((got = due_when(&it.date, &it.at, &it.field, &v, kind, d, root, !lean)) <= 0 ||
		    (lean && it.date - today >= 0)) {
			error = got < 0 ? got : 0;
			continue;
		}
		if (lean && (got = due_when(&it.date, &it.at, &it.field, &v, kind, d, root, 1)) < 0)
			return got;
		it.kind = kind->name;
		it.what = pmo_node_text(pmo_map_get(d, "what"));
		it.line = v->line;
		it.col = v->col;
		it.days = it.date - today;
		it.entry = (unsigned)i;
		if (!lean) {
			if (project) {
				pmo_buf_puts(&b, project);
				pmo_buf_putc(&b, '/');
			}
			pmo_buf_puts(&b, id);
			it.record = pmo_buf_detach(&b);
			it.title = dup_or_null(pmo_node_text(pmo_map_get(root, kind->title_field)));
			it.owner = owner_of(kind, d, root);
			it.project = dup_or_null(project);
			it.path = strdup(path);
			if (!it.record || !it.path || (project && !it.project)) {
				item_free(&it);
				return OOM();
			}
		}
		error = push(out, &it);
	}
	return error;
}

int pmo_due_record(pmo_due_list *out, const pmo_kind *kind, const char *project,
		   const char *id, const char *path, const pmo_node *root, pmo_date today)
{
	return due_items(out, kind, project, id, path, root, today, 0);
}

int pmo_due_overdue(pmo_due_list *out, const pmo_kind *kind, const pmo_node *root, pmo_date today)
{
	return due_items(out, kind, NULL, NULL, NULL, root, today, 1);
}

/* --- milestones ------------------------------------------------------------- */

/* The milestones of project's plan, read from its folder dir (any
 * thread: pmo_source_dir_read's rule). */
static int plan_milestones(pmo_due_list *out, const pmo_plan *plan, const char *project,
			   pmo_date today, int done);

static int milestones(pmo_due_list *out, pmo_source_dir *dir, const char *project, pmo_date today,
		      pmo_buf *buf, int done)
{
	pmo_buf path = PMO_BUF_INIT;
	pmo_doc *doc = NULL;
	pmo_plan *plan = NULL;
	pmo_findings findings;
	int error;

	pmo_findings_init(&findings);
	pmo_buf_printf(&path, "projects/%s/plan.yaml", project);
	if ((error = pmo_buf_oom(&path)) < 0)
		goto done;
	error = pmo_source_dir_read(buf, dir, "plan.yaml", 0);
	if (error == PMO_ENOMEM)
		goto done;
	if (error < 0 || pmo_yaml_load(&doc, path.ptr, buf->ptr, buf->len, NULL) < 0 ||
	    pmo_doc_root(doc)->kind != PMO_NODE_MAP) {
		/* no plan, or one validate speaks of */
		error = pmo_error_last() && pmo_error_last()->code == PMO_ENOMEM ? PMO_ENOMEM : 0;
		pmo_error_clear();
		goto done;
	}
	if ((error = pmo_plan_from_yaml(&plan, pmo_doc_root(doc), path.ptr, &findings)) == 0)
		error = plan_milestones(out, plan, project, today, done);
done:
	pmo_findings_free(&findings);
	pmo_plan_free(plan);
	pmo_doc_free(doc);
	pmo_buf_free(&path);
	return error;
}

static int project_milestones(pmo_due_list *out, pmo_source *src, const char *project,
			      pmo_date today, int done)
{
	pmo_source_dir *dir = NULL;
	pmo_buf path = PMO_BUF_INIT, buf = PMO_BUF_INIT;
	int error;

	pmo_buf_printf(&path, "projects/%s", project);
	if ((error = pmo_buf_oom(&path)) == 0 && (error = pmo_source_dir_open(&dir, src, path.ptr)) == 0)
		error = milestones(out, dir, project, today, &buf, done);
	pmo_source_dir_free(dir);
	pmo_buf_free(&buf);
	pmo_buf_free(&path);
	return error;
}

int pmo_due_project_milestones(pmo_due_list *out, pmo_source *src, const char *project, pmo_date today)
{
	return project_milestones(out, src, project, today, 0);
}

int pmo_due_project_done_milestones(pmo_due_list *out, pmo_source *src, const char *project,
				    pmo_date today)
{
	return project_milestones(out, src, project, today, 1);
}

int pmo_due_milestones(pmo_due_list *out, const pmo_plan *plan, const char *project, pmo_date today)
{
	return plan_milestones(out, plan, project, today, 0);
}

/* The plan's milestones not done (done 0), at their date in the last
 * baseline; or those done (done 1), at their actual finish, else at that
 * date (a milestone done without either has no day and is left out). */
static int plan_milestones(pmo_due_list *out, const pmo_plan *plan, const char *project,
			   pmo_date today, int done)
{
	pmo_buf path = PMO_BUF_INIT;
	const pmo_baseline *bl;
	size_t i, j;
	int error;

	if (!plan->nbaselines && !done)
		return 0;
	pmo_buf_printf(&path, "projects/%s/plan.yaml", project);
	if ((error = pmo_buf_oom(&path)) < 0)
		goto done;
	bl = plan->nbaselines ? &plan->baselines[plan->nbaselines - 1] : NULL;
	for (i = 0; i < plan->n; i++) {
		const pmo_task *t = &plan->tasks[i];
		pmo_due_item it;
		pmo_buf b = PMO_BUF_INIT;
		pmo_date at = PMO_NODATE;

		if ((!t->milestone && t->duration != 0) ||
		    (t->actual_finish != PMO_NODATE || t->progress >= 100) != !!done)
			continue;
		for (j = 0; bl && j < bl->n && strcmp(bl->entries[j].task, t->id); j++)
			;
		if (bl && j < bl->n)
			at = bl->entries[j].finish;
		if (done && t->actual_finish != PMO_NODATE)
			at = t->actual_finish;
		if (at == PMO_NODATE)
			continue;
		memset(&it, 0, sizeof(it));
		pmo_buf_printf(&b, "%s/%s", project, t->id);
		it.record = pmo_buf_detach(&b);
		it.kind = "milestone";
		it.what = "milestone";
		it.title = dup_or_null(t->title);
		it.owner = t->nassignees ? dup_or_null(t->assignees[0].person) : NULL;
		it.project = strdup(project);
		it.path = strdup(path.ptr);
		it.field = "baseline";
		it.line = t->node ? t->node->line : 1;
		it.col = t->node ? t->node->col : 1;
		it.date = at;
		it.done = done;
		it.days = it.date - today;
		if (!it.record || !it.project || !it.path) {
			item_free(&it);
			error = OOM();
			goto done;
		}
		if ((error = push(out, &it)) < 0)
			goto done;
	}
done:
	pmo_buf_free(&path);
	return error;
}

/* --- the tree --------------------------------------------------------------- */

static int item_cmp(const void *pa, const void *pb)
{
	const pmo_due_item *a = pa, *b = pb;
	int c;

	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	if ((c = pmo_id_cmp(a->record, b->record)))
		return c;
	return strcmp(a->what ? a->what : "", b->what ? b->what : "");
}

void pmo_due_sort(pmo_due_list *list)
{
	if (list->n > 1)
		qsort(list->items, list->n, sizeof(*list->items), item_cmp);
}

typedef struct {
	pmo_due_list *out;
	pmo_date today;
} due_walk;

static int has_due(const pmo_kind *kind, void *payload)
{
	(void)payload;
	return kind->due != NULL;
}

/* What pmo due keeps of a record (pmo_records_kept): its items without
 * what the record's place says (record, kind, project, path) or today
 * does (days): the number of items, then each one's x-pmo due entry,
 * date, line, column, title, date-time and owner. */
static int due_keep(pmo_buf *out, const pmo_record *r, void *payload)
{
	pmo_due_list got = { 0 };
	size_t i;
	int error;

	(void)payload;
	if ((error = pmo_due_record(&got, r->kind, r->project, r->id, r->path, pmo_doc_root(r->doc), 0)) < 0)
		return error;
	pmo_bin_u32(out, (uint32_t)got.n);
	for (i = 0; i < got.n; i++) {
		const pmo_due_item *it = &got.items[i];
		int32_t date = (int32_t)it->date;

		pmo_bin_u32(out, it->entry);
		pmo_bin_u32(out, (uint32_t)date);
		pmo_bin_u32(out, it->line);
		pmo_bin_u32(out, it->col);
		pmo_bin_str(out, it->title);
		pmo_bin_str(out, it->at);
		pmo_bin_str(out, it->owner);
	}
	pmo_due_list_free(&got);
	return pmo_buf_oom(out);
}

/* A record's due items from what due_keep kept, on any thread: a list of
 * them, or none. */
static int due_use(void **out, const pmo_record *r, const char *bytes, size_t len, void *payload)
{
	const due_walk *w = payload;
	const pmo_node *due = r->kind->due;
	pmo_bin b = { (const unsigned char *)bytes, (const unsigned char *)bytes + len, 0 };
	pmo_due_list *got = NULL;
	uint32_t n = pmo_bin_get_u32(&b), i;
	char *rec = NULL;
	int error = 0;

	*out = NULL;
	if (!n && !b.bad && b.p == b.end)
		goto done;
	if (!(got = calloc(1, sizeof(*got))) || !(got->items = calloc(n ? n : 1, sizeof(*got->items))) ||
	    !(rec = pmo_record_name(r))) {
		error = OOM();
		goto done;
	}
	got->cap = n;
	for (i = 0; i < n && !b.bad; i++) {
		pmo_due_item *it = &got->items[got->n];
		const pmo_node *d;
		int32_t date;
		const char *title, *at, *owner;

		it->entry = pmo_bin_get_u32(&b);
		date = (int32_t)pmo_bin_get_u32(&b);
		it->line = pmo_bin_get_u32(&b);
		it->col = pmo_bin_get_u32(&b);
		title = pmo_bin_get_str(&b);
		at = pmo_bin_get_str(&b);
		owner = pmo_bin_get_str(&b);
		if (b.bad || !due || due->kind != PMO_NODE_SEQ || it->entry >= due->n) {
			b.bad = 1;
			break;
		}
		d = due->items[it->entry];
		it->kind = r->kind->name;
		it->what = pmo_node_text(pmo_map_get(d, "what"));
		it->field = pmo_node_text(pmo_map_get(d, "date"));
		it->date = date;
		it->days = it->date - w->today;
		it->record = strdup(rec);
		it->title = dup_or_null(title);
		it->at = dup_or_null(at);
		it->owner = dup_or_null(owner);
		it->project = dup_or_null(r->project);
		it->path = strdup(r->path);
		got->n++;
		if (!it->record || !it->path || (title && !it->title) || (at && !it->at) ||
		    (owner && !it->owner) || (r->project && !it->project)) {
			error = OOM();
			goto done;
		}
	}
	if (b.bad || b.p != b.end) {
		error = pmo_error_set(PMO_EINVALID, "%s: a kept entry that is not pmo due's", r->path);
		goto done;
	}
	*out = got;
	got = NULL;
done:
	if (got) {
		pmo_due_list_free(got);
		free(got);
	}
	free(rec);
	return error;
}

static void due_drop(void *got)
{
	pmo_due_list_free(got);
	free(got);
}

/* A record's items onto the tree's, in the walk's order. */
static int due_take(void *p, void *payload)
{
	due_walk *w = payload;
	pmo_due_list *got = p;
	size_t i;
	int error = 0;

	for (i = 0; got && i < got->n; i++)
		if ((error = push(w->out, &got->items[i])) < 0)
			break;
	/* push took the items before i, and freed item i when it failed */
	if (got && error < 0)
		for (i++; i < got->n; i++)
			item_free(&got->items[i]);
	if (got) {
		free(got->items);
		free(got);
	}
	return error;
}

/* The plans' milestones, a project a job of pmo_ordered_run: a 50-plan
 * portfolio of 1,000 tasks each (pmo status) reads them on every core. */
typedef struct {
	char **projects;
	pmo_source_dir **dirs;
	pmo_due_list *lists; /* each project's milestones */
	pmo_error *errors;   /* what each job could not do */
	pmo_buf *bufs;       /* one a thread */
	pmo_due_list *out;
	pmo_date today;
} plans;

static void plan_work(size_t i, unsigned t, void *p)
{
	plans *P = p;
	const pmo_error *e;
	int error = milestones(&P->lists[i], P->dirs[i], P->projects[i], P->today, &P->bufs[t], 0);

	if (error < 0) {
		e = pmo_error_last();
		P->errors[i].code = error;
		if (error != PMO_ENOMEM && e && e->message)
			P->errors[i].message = strdup(e->message);
	}
	pmo_error_clear();
}

static int plan_done(size_t i, void *p)
{
	plans *P = p;
	pmo_due_list *l = &P->lists[i];
	size_t k;
	int error = 0;

	if (P->errors[i].code < 0)
		return P->errors[i].message ? pmo_error_set(P->errors[i].code, "%s", P->errors[i].message)
					    : pmo_error_set_oom();
	for (k = 0; k < l->n && error == 0; k++) {
		error = push(P->out, &l->items[k]);
		/* the item is the tree's now, or freed by push */
		memset(&l->items[k], 0, sizeof(l->items[k]));
	}
	return error;
}

static int all_milestones(pmo_due_list *out, pmo_source *src, char **projects, pmo_date today)
{
	plans P = { projects, NULL, NULL, NULL, NULL, out, today };
	unsigned threads = pmo_source_threads(src) ? pmo_ordered_threads() : 1, t;
	size_t i, n = 0;
	pmo_buf dir = PMO_BUF_INIT;
	int error = 0;

	while (P.projects[n])
		n++;
	if (!(P.dirs = calloc(n + 1, sizeof(*P.dirs))) || !(P.lists = calloc(n + 1, sizeof(*P.lists))) ||
	    !(P.errors = calloc(n + 1, sizeof(*P.errors))) || !(P.bufs = calloc(threads, sizeof(*P.bufs))))
		error = OOM();
	for (t = 0; P.bufs && t < threads; t++)
		pmo_buf_init(&P.bufs[t]);
	for (i = 0; i < n && !error; i++) {
		pmo_buf_clear(&dir);
		pmo_buf_puts(&dir, "projects/");
		pmo_buf_puts(&dir, P.projects[i]);
		if ((error = pmo_buf_oom(&dir)) == 0)
			error = pmo_source_dir_open(&P.dirs[i], src, dir.ptr);
	}
	if (!error)
		error = pmo_ordered_run(n, threads, plan_work, plan_done, &P);
	for (i = 0; i < n; i++) {
		if (P.dirs)
			pmo_source_dir_free(P.dirs[i]);
		if (P.lists)
			pmo_due_list_free(&P.lists[i]);
		if (P.errors)
			free(P.errors[i].message);
	}
	for (t = 0; P.bufs && t < threads; t++)
		pmo_buf_free(&P.bufs[t]);
	free(P.bufs);
	free(P.errors);
	free(P.lists);
	free(P.dirs);
	pmo_buf_free(&dir);
	return error;
}

/* Leave out what falls due in a project that has ended (closed,
 * cancelled): its records and milestones are nobody's to do any more. */
static int drop_ended(pmo_due_list *out, pmo_source *src, const pmo_model *model, char **projects)
{
	char **ended = NULL;
	size_t i, j, k, n = 0;
	int error = 0, e;

	for (i = 0; projects && projects[i]; i++)
		;
	if (i && !(ended = calloc(i, sizeof(*ended))))
		return pmo_error_set_oom();
	for (i = 0; projects && projects[i] && !error; i++)
		if ((error = pmo_project_ended(&e, src, model, projects[i])) == 0 && e)
			ended[n++] = projects[i];
	for (i = k = 0; i < out->n && !error; i++) {
		for (j = 0; out->items[i].project && j < n && strcmp(out->items[i].project, ended[j]); j++)
			;
		if (out->items[i].project && j < n)
			item_free(&out->items[i]);
		else
			out->items[k++] = out->items[i];
	}
	if (!error)
		out->n = k;
	free(ended);
	return error;
}

int pmo_due_tree(pmo_due_list *out, pmo_source *src, const pmo_model *model, pmo_date today)
{
	return pmo_due_tree_with(out, src, model, today, 1);
}

int pmo_due_tree_with(pmo_due_list *out, pmo_source *src, const pmo_model *model, pmo_date today,
		      int with_milestones)
{
	due_walk w = { out, today };
	static const pmo_records_kept kept = { "due", 1, 0, due_keep, due_use };
	pmo_records_walk walk = { has_due, NULL, NULL, &w, NULL, due_take, due_drop, &kept };
	char **projects = NULL;
	int error;

	memset(out, 0, sizeof(*out));
	error = pmo_records_each(NULL, src, model, &walk);
	if (!error && (error = pmo_projects_list(&projects, src)) == 0 && with_milestones)
		error = all_milestones(out, src, projects, today);
	if (!error)
		error = drop_ended(out, src, model, projects);
	pmo_strv_free(projects);
	if (error < 0) {
		pmo_due_list_free(out);
		return error;
	}
	pmo_due_sort(out);
	return 0;
}
