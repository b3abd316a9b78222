/*
 * validate's files read, loaded and checked against their schemas on every
 * core (pmo_check__files_each, internal.h). Measured with perf on 20,000
 * risk files (8.2 MB, one core): opening, reading and closing the files
 * was 55% of pmo validate's time (the open alone 18%, most of it walking
 * the path from the tree's root again for each file), loading them 11%,
 * their schemas 6%, listing the tree 8%, the other rules (references,
 * IDs, dates, what falls due) most of the rest. The first three are per
 * file and need nothing of the others: they are jobs of pmo_ordered_run,
 * each folder opened once so that a file is opened by its name beneath
 * it; the rules that look across files (references, duplicate IDs, the
 * people who left, a plan's tasks) run on the caller's thread in the
 * files' order, so the findings are the same, in the same order, however
 * many threads read.
 */
#include "check/internal.h"
#include "util/error.h"
#include "util/ordered.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* A file a job made, and once the rules are done with it, the next one
 * left for the reading threads to free (retired). */
typedef struct made {
	pmo_check__file f;
	struct made *next;
} made;

/* A file to check; what its job found is f's. */
typedef struct {
	const char *path;   /* borrowed from the caller's list */
	size_t dir;         /* its folder, or (size_t)-1: read on the caller's thread */
	int load;           /* it is read (it has a schema) */
	int oom;            /* the job could not make f */
	pmo_check__file *f; /* made by the job (NULL: by done, on the caller's thread) */
} job;

typedef struct {
	pmo_source *src;
	const pmo_model *model;
	const pmo_settings *settings;
	pmo_date today;
	job *jobs;
	pmo_source_dir **dirs; /* opened by their first read (pmo_source_dir_open_later) */
	size_t ndirs;
	pmo_buf *bufs; /* one a thread */
	int (*each)(pmo_check__file *f, void *payload);
	void *payload;
	/* the files done with, cleared by the next job to start: freeing a
	 * file's tree was 3% of pmo validate's instructions, on the
	 * caller's thread, which the rules keep busiest */
	_Atomic(made *) retired;
	/* one a thread: files cleared, for its next jobs (a calloc and a
	 * free a file behind the heap's one lock, util/mem.c, cost more) */
	made **spare;
} run;

static void file_clear(pmo_check__file *f)
{
	pmo_place_free(&f->place);
	pmo_doc_free(f->doc);
	pmo_findings_free(&f->schema);
	pmo_findings_free(&f->dates);
	pmo_due_list_free(&f->due);
	pmo_error_kept_free(&f->err);
	pmo_error_kept_free(&f->hook_err);
	free(f->order);
	f->order = NULL;
	f->norder = 0;
	f->ordered = 0;
	memset(&f->place, 0, sizeof(f->place));
	memset(&f->schema, 0, sizeof(f->schema));
	memset(&f->dates, 0, sizeof(f->dates));
	memset(&f->due, 0, sizeof(f->due));
	memset(&f->err, 0, sizeof(f->err));
	memset(&f->hook_err, 0, sizeof(f->hook_err));
	f->doc = NULL;
	f->error = f->hook_error = 0;
	f->load = 0;
}

/* The folder of path: its length up to the last '/', 0 for none. */
static size_t folder_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (size_t)(slash - path) : 0;
}

/* The pairs of f's dates out of order, into f->order: 0 or PMO_ENOMEM. */
static int order(pmo_check__file *f, const pmo_node *root)
{
	pmo_order_fault fault, *more;
	size_t at = 0, cap = 0;

	while (pmo_record_order(&fault, &at, f->place.kind, root) == 0) {
		if (f->norder == cap) {
			cap = cap ? 2 * cap : 4;
			if (!(more = realloc(f->order, cap * sizeof(*more))))
				return pmo_error_set_oom();
			f->order = more;
		}
		f->order[f->norder++] = fault;
	}
	f->ordered = 1;
	return 0;
}

/* A record's dates, due and dates out of order, as of today. */
static void hooks(pmo_check__file *f, const run *R)
{
	const pmo_kind *kind = f->place.kind;
	const pmo_node *root = pmo_doc_root(f->doc);
	int error = 0;

	if (f->place.type != PMO_PLACE_RECORD || !root || root->kind != PMO_NODE_MAP)
		return;
	error = order(f, root);
	if (error >= 0 && kind->hooks->dates)
		error = kind->hooks->dates(&f->dates, root, R->today, R->settings);
	if (error >= 0 && kind->due)
		error = pmo_due_overdue(&f->due, kind, root, R->today);
	if (error < 0)
		f->hook_error = pmo_error_keep(&f->hook_err, error);
}

/* Read (from its folder d, or from the source when d is NULL), load and
 * check f against its place's schema, and make its dates and due; what
 * could not be done kept in f. */
static void load(pmo_check__file *f, const run *R, pmo_source_dir *d, pmo_buf *buf)
{
	pmo_yaml_limits limits = { 0 };
	size_t at = folder_len(f->path);
	int error;

	/* the place says how big the file may be: a plan.yaml more than others */
	error = d ? pmo_source_dir_read(buf, d, f->path + (at ? at + 1 : 0), f->place.max_bytes)
		  : pmo_source_read(buf, R->src, f->path, f->place.max_bytes);
	limits.max_bytes = f->place.max_bytes;
	if (error >= 0)
		error = pmo_yaml_load(&f->doc, f->path, buf->ptr, buf->len, &limits);
	if (error >= 0)
		error = pmo_schema_validate(&f->schema, f->place.schema, pmo_doc_root(f->doc));
	if (error < 0) {
		pmo_doc_free(f->doc);
		f->doc = NULL;
		f->error = pmo_error_keep(&f->err, error);
		return;
	}
	hooks(f, R);
}

/* Place job j's file in f (zeroed): 0 or PMO_ENOMEM (set on this thread). */
static int place(pmo_check__file *f, const job *j, const run *R)
{
	int error;

	f->path = j->path;
	f->load = j->load;
	if (!pmo_check__is_yaml_name(j->path))
		return 0;
	if ((error = pmo_check_place(&f->place, R->model, j->path)) < 0)
		return error;
	f->placed = 1;
	return 0;
}

/* Free the files in the list from m on. */
static void free_made(made *m)
{
	made *next;

	for (; m; m = next) {
		next = m->next;
		file_clear(&m->f);
		free(m);
	}
}

/* The files in the list from m on cleared, and kept as thread t's spares. */
static void spare_made(run *R, unsigned t, made *m)
{
	made *next;

	for (; m; m = next) {
		next = m->next;
		file_clear(&m->f);
		m->next = R->spare[t];
		R->spare[t] = m;
	}
}

/* pmo_ordered_run's work: file i, on any thread (the jobs whose folder
 * could be checked). */
static void work(size_t i, unsigned t, void *p)
{
	run *R = p;
	job *j = &R->jobs[i];
	made *m;

	if (!j->load || j->dir == (size_t)-1)
		return;
	if (atomic_load_explicit(&R->retired, memory_order_relaxed))
		spare_made(R, t, atomic_exchange(&R->retired, NULL));
	if ((m = R->spare[t]) != NULL)
		R->spare[t] = m->next;
	else
		m = malloc(sizeof(*m));
	if (m) {
		memset(m, 0, sizeof(*m));
		j->f = &m->f;
	}
	if (!m || place(j->f, j, R) < 0) {
		j->oom = 1;
		return;
	}
	load(j->f, R, R->dirs[j->dir], &R->bufs[t]);
}

/* pmo_ordered_run's done: file i to the rules, on the caller's thread. */
static int done(size_t i, void *p)
{
	run *R = p;
	job *j = &R->jobs[i];
	pmo_check__file here, *f = j->f;
	int error;

	if (j->oom)
		return pmo_error_set_oom();
	if (!f) {
		memset(&here, 0, sizeof(here));
		f = &here;
		if ((error = place(f, j, R)) < 0)
			goto done;
		if (f->load)
			load(f, R, NULL, &R->bufs[0]);
	}
	error = R->each(f, R->payload);
done:
	if (f != &here) {
		/* f is the first member of its made */
		made *m = (made *)f;

		m->next = atomic_load(&R->retired);
		while (!atomic_compare_exchange_weak(&R->retired, &m->next, m))
			;
	} else {
		file_clear(f);
	}
	j->f = NULL;
	return error;
}

int pmo_check__files_each(pmo_source *src, const pmo_model *model, char *const *files, size_t n,
			  const pmo_check_options *opts, const pmo_settings *settings, pmo_date today,
			  int (*each)(pmo_check__file *f, void *payload), void *payload)
{
	run R = { src, model, settings, today, NULL, NULL, 0, NULL, each, payload, NULL, NULL };
	const char *last = NULL;
	int records = 0; /* last's folder holds records, a file each */
	size_t i, lastlen = 0, lastdir = (size_t)-1, nload = 0;
	unsigned threads = 1, t;
	int error = 0;

	if (!(R.jobs = calloc(n ? n : 1, sizeof(*R.jobs))) ||
	    !(R.dirs = calloc(n ? n : 1, sizeof(*R.dirs)))) {
		error = pmo_error_set_oom();
		goto done;
	}
	for (i = 0; i < n; i++) {
		job *j = &R.jobs[i];
		pmo_place pl;
		size_t len;
		int load, infolder;

		j->path = files[i];
		j->dir = (size_t)-1;
		if (!pmo_check__is_yaml_name(j->path))
			continue;
		len = folder_len(j->path);
		infolder = last && len == lastlen && !strncmp(last, j->path, len);
		/* placed here to know which files are read, and again on the
		 * thread that reads it (keeping 20,000 places costs more); a
		 * record file in the folder of the last one, when its kind is
		 * a file a record, has its place: a folder is placed once */
		if (infolder && records && pmo_check__is_record_name(j->path + len + 1)) {
			load = 1;
		} else {
			if ((error = pmo_check_place(&pl, model, j->path)) < 0)
				goto done;
			load = pl.type != PMO_PLACE_NONE && pl.type != PMO_PLACE_UNKNOWN && pl.schema;
			/* validating on several threads needs the schema prepared */
			error = load ? pmo_schema_prepare(pl.schema) : 0;
			if (!infolder)
				records = 0;
			if (load && pl.type == PMO_PLACE_RECORD && !pl.kind->file)
				records = 1;
			pmo_place_free(&pl);
			if (error < 0)
				goto done;
		}
		if (load && opts && opts->root && opts->npaths == 1 && !strcmp(j->path, opts->paths[0]))
			load = 0;
		if (!load)
			continue;
		j->load = 1;
		nload++;
		if (!infolder) {
			char *dir;

			last = j->path;
			lastlen = len;
			lastdir = (size_t)-1;
			if (!(dir = strndup(j->path, len))) {
				error = pmo_error_set_oom();
				goto done;
			}
			/* a folder that cannot be opened (a link): its files are
			 * read on the caller's thread, which names the problem */
			error = pmo_source_dir_open_later(&R.dirs[R.ndirs], src, dir);
			free(dir);
			if (error == PMO_ENOMEM)
				goto done;
			if (error == 0)
				lastdir = R.ndirs++;
			pmo_error_clear();
			error = 0;
		}
		j->dir = lastdir;
		if (lastdir != (size_t)-1)
			pmo_source_dir_expect(R.dirs[lastdir], 1);
	}
	if (pmo_source_threads(src))
		threads = pmo_ordered_threads_for(nload, PMO_ORDERED_FILES);
	if (!(R.bufs = calloc(threads, sizeof(*R.bufs)))) {
		error = pmo_error_set_oom();
		goto done;
	}
	for (t = 0; t < threads; t++)
		pmo_buf_init(&R.bufs[t]);
	if (!(R.spare = calloc(threads, sizeof(*R.spare)))) {
		error = pmo_error_set_oom();
		goto done;
	}
	error = pmo_ordered_run(n, threads, work, done, &R);
done:
	for (i = 0; R.jobs && i < n; i++)
		if (R.jobs[i].f) {
			file_clear(R.jobs[i].f);
			free(R.jobs[i].f); /* its made */
		}
	free_made(atomic_load(&R.retired));
	for (t = 0; R.spare && t < threads; t++)
		free_made(R.spare[t]);
	free(R.spare);
	for (i = 0; i < R.ndirs; i++)
		pmo_source_dir_free(R.dirs[i]);
	for (t = 0; R.bufs && t < threads; t++)
		pmo_buf_free(&R.bufs[t]);
	free(R.bufs);
	free(R.dirs);
	free(R.jobs);
	return error;
}
