/*
 * pmo_records_each (model.h): every record of the kinds a command reads,
 * in one walk of the tree, for the commands that read the whole portfolio
 * (pmo due, pmo search). The folders are listed first, kind after kind as
 * pmo_records_list would (each project once, each folder opened once);
 * then each file is read, parsed and checked against its schema (or, with
 * walk->read, read for the few fields a command takes) as a job of
 * pmo_ordered_run, on every core when the source is the worktree, and
 * the records are handed to the command in that fixed order, so what it
 * prints does not depend on the threads. No derived fields are made:
 * those commands read only what the files say, and a vendor's rating
 * alone reads every evaluation.
 *
 * pmo_records_list reads one kind the same way (pmo_model__scan_kind):
 * its records are handed over whole, in order, for their derived fields
 * to be made on the caller's thread. Measured on 5,000 risks (pmo risk
 * list, two cores): opening, reading and closing the files was half the
 * time and parsing and checking them a third, all of it per file; the
 * derived fields, the sort and the table are the rest.
 */
#include "model/internal.h"
#include "util/filecache.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/mem.h"
#include "util/ordered.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const pmo_kind *kind;
	const char *project; /* borrowed from the projects' list; NULL for portfolio kinds */
	char *id;
	char *path;          /* relative to the pmo tree (made by the job) */
	size_t dir;          /* its folder, in scan.dirs */
	char *name;          /* the file in that folder */
	/* what the job found */
	pmo_doc *doc;
	void *got;            /* what walk->read took of it */
	pmo_node *view;       /* made by scan.view, in doc */
	char *row;            /* made by scan.view */
	pmo_findings refused; /* the schema's findings: named, not listed */
	int error;            /* < 0: the file could not be read (err says why) */
	int skipped;          /* walk->bytes said it cannot hold what is looked for */
	pmo_error err;
	/* walk->kept: the kind's cache (NULL: none), the file's stat, and
	 * whether its entry was used (hit) or made (kept, keptlen) */
	pmo_filecache *cache;
	pmo_file_stat st;
	const pmo_filecache_entry *hit; /* the entry used */
	char *kept;
	size_t keptlen;
} job;

typedef struct {
	pmo_findings *problems;
	pmo_source *src;
	const pmo_records_walk *walk;
	job *jobs;
	size_t n, cap;
	pmo_source_dir **dirs;
	size_t ndirs, capdirs;
	pmo_buf *bufs; /* one a thread */
	pmo_buf *keeps; /* one a thread: walk->kept->keep's bytes */
	pmo_filecache **caches; /* walk->kept: one a kind walked */
	size_t ncaches;
	pmo_filecache *cache;   /* the one of the kind being listed */
	/* pmo_model__scan_kind: each record handed over whole, its view
	 * made first on the thread that read it (view may be NULL) */
	int (*view)(pmo_record *r, void *payload);
	int (*own)(pmo_record *r, void *payload);
	void *payload;
	/* pmo_model__scan_kind: S->cache keeps the records' documents
	 * (pmo_doc_pack) as they were read and passed their schema; saved
	 * after the walk unless it read only some of the kind's folders */
	int docs, partial;
} scan;

static void job_clear(const pmo_records_walk *walk, job *j)
{
	if (j->got && walk->drop)
		walk->drop(j->got);
	free(j->id);
	free(j->path);
	free(j->name);
	pmo_doc_free(j->doc);
	pmo_findings_free(&j->refused);
	free(j->err.message);
	free(j->err.path);
	free(j->kept);
	free(j->row);
	memset(j, 0, sizeof(*j));
}

static int grow(void **items, size_t *cap, size_t n, size_t size)
{
	void *p;
	size_t c;

	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 256;
	if (!(p = realloc(*items, c * size)))
		return OOM();
	*items = p;
	*cap = c;
	return 0;
}

/* Each folder is opened by its first read and closed after its last
 * (pmo_source_dir_open_later): a portfolio of 300 projects has some
 * 6,000, more than a process may hold open, and every file is read on
 * any thread (with 256 kept open and the rest read on the caller's thread,
 * pmo due of 50 projects ran on one core for most of its files). */
static int add_dir(scan *S, const char *dir)
{
	int error;

	if ((error = grow((void **)&S->dirs, &S->capdirs, S->ndirs, sizeof(*S->dirs))) < 0 ||
	    (error = pmo_source_dir_open_later(&S->dirs[S->ndirs], S->src, dir)) < 0)
		return error;
	S->ndirs++;
	return 0;
}

/* The job of the record of kind whose ID is the first idlen bytes of
 * name, read as file in the last folder added; file is the job's, freed
 * here when no job is made. */
static int add_job(scan *S, const pmo_kind *kind, const char *project, const char *name,
		   size_t idlen, char *file)
{
	job *j;
	int error;

	if ((error = grow((void **)&S->jobs, &S->cap, S->n, sizeof(*S->jobs))) < 0) {
		free(file);
		return error;
	}
	j = &S->jobs[S->n];
	memset(j, 0, sizeof(*j));
	j->kind = kind;
	j->project = project;
	j->dir = S->ndirs - 1;
	j->name = file;
	j->cache = S->cache;
	if (!file || !(j->id = strndup(name, idlen))) {
		job_clear(S->walk, j);
		return OOM();
	}
	pmo_source_dir_expect(S->dirs[j->dir], 1);
	S->n++;
	return 0;
}

/* The jobs of one folder of kind, in the order of pmo_records_list. */
static int add_folder(scan *S, const pmo_kind *kind, const char *project)
{
	pmo_buf dir = PMO_BUF_INIT;
	char **names = NULL;
	size_t i, n = 0, len, opened = 0;
	int error;

	if (kind->project_scoped)
		pmo_buf_printf(&dir, "projects/%s/", project);
	pmo_buf_puts(&dir, kind->folder);
	if ((error = pmo_buf_oom(&dir)) < 0 || (error = pmo_source_list(&names, S->src, dir.ptr)) < 0)
		goto done;
	for (n = 0; names[n]; n++)
		;
	qsort(names, n, sizeof(*names), pmo_model__name_cmp);
	for (i = 0; i < n && !error; i++) {
		if (kind->file) {
			/* a record is a folder holding kind->file */
			char *path = NULL, *folder = NULL;

			if ((error = pmo_kind_path(&path, kind, project, names[i])) < 0)
				break;
			if (pmo_source_exists(S->src, path)) {
				if (!(folder = pmo_path_join(dir.ptr, names[i])))
					error = OOM();
				else if ((error = add_dir(S, folder)) == 0)
					error = add_job(S, kind, project, names[i], strlen(names[i]),
							strdup(kind->file));
			}
			free(folder);
			free(path);
			continue;
		}
		len = strlen(names[i]);
		if (len <= 5 || strcmp(names[i] + len - 5, ".yaml"))
			continue;
		if (!opened++ && (error = add_dir(S, dir.ptr)) < 0)
			break;
		/* the job's file: the name as listed */
		error = add_job(S, kind, project, names[i], len - 5, names[i]);
		names[i] = NULL;
	}
done:
	for (i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
	pmo_buf_free(&dir);
	return error;
}

/* The error just set, kept for the caller's thread to tell. */
static int keep_error(job *j, int error)
{
	return j->error = pmo_error_keep(&j->err, error);
}

/* Job j's record, borrowing its strings and tree. */
static void record_of(pmo_record *r, const job *j)
{
	memset(r, 0, sizeof(*r));
	r->kind = j->kind;
	r->project = (char *)j->project;
	r->id = j->id;
	r->path = j->path;
	r->doc = j->doc;
}

/* Whether walk->bytes sets aside a file of these bytes. */
static int set_aside(const scan *S, const pmo_buf *buf)
{
	return S->walk->bytes && !S->walk->bytes(buf->ptr, buf->len, S->walk->payload);
}

/* Job j's record kept (walk->kept): keep's bytes made from its tree (on
 * keepbuf), then what use makes of them; the bytes saved for the cache
 * when the job has one and the file's stat. */
static int keep_job(scan *S, job *j, pmo_buf *keepbuf)
{
	const pmo_records_kept *kept = S->walk->kept;
	pmo_record r;
	int error;

	record_of(&r, j);
	pmo_buf_clear(keepbuf);
	if ((error = kept->keep(keepbuf, &r, S->walk->payload)) < 0 || (error = pmo_buf_oom(keepbuf)) < 0)
		return error;
	r.doc = NULL;
	if ((error = kept->use(&j->got, &r, keepbuf->ptr ? keepbuf->ptr : "", keepbuf->len,
			       S->walk->payload)) < 0)
		return error;
	if (j->cache && j->st.mode) {
		if (!(j->kept = malloc(keepbuf->len + 1)))
			return OOM();
		if (keepbuf->len)
			memcpy(j->kept, keepbuf->ptr, keepbuf->len);
		j->keptlen = keepbuf->len;
	}
	return 0;
}

/* Job j's file read into buf, unless its cache's entry (*e) was made at
 * the file's stat: 1 then. */
static int read_unless_cached(scan *S, job *j, pmo_buf *buf, const pmo_filecache_entry **e)
{
	*e = j->cache ? pmo_filecache_find(j->cache, j->path, strlen(j->path)) : NULL;
	return pmo_source_dir_read_changed(buf, &j->st, S->dirs[j->dir], j->name, PMO_YAML_MAX_BYTES,
					   pmo_filecache_known(j->cache, *e));
}

/* An entry that could not be used: the file is read (a second read of its
 * folder, announced so that the folder stays open for the others). */
static int read_again(scan *S, job *j, pmo_buf *buf)
{
	pmo_error_clear();
	pmo_source_dir_expect(S->dirs[j->dir], 1);
	return pmo_source_dir_read_changed(buf, &j->st, S->dirs[j->dir], j->name, PMO_YAML_MAX_BYTES,
					   NULL);
}

/* Job j's file, or (walk->kept) its cache's entry when its stat is the
 * one it was made at: 1 then, with what kept->use made of it in j->got. */
static int read_or_use(scan *S, job *j, pmo_buf *buf)
{
	const pmo_filecache_entry *e;
	const void *bytes;
	size_t len = 0;
	pmo_record r;
	int error;

	if (!S->walk->kept)
		return pmo_source_dir_read(buf, S->dirs[j->dir], j->name, PMO_YAML_MAX_BYTES);
	if ((error = read_unless_cached(S, j, buf, &e)) != 1)
		return error;
	bytes = pmo_filecache_bytes(e, &len);
	record_of(&r, j);
	error = S->walk->kept->use(&j->got, &r, bytes, len, S->walk->payload);
	if (error != PMO_EINVALID) {
		j->hit = error == 0 ? e : NULL;
		return error < 0 ? error : 1;
	}
	/* not bytes of keep's */
	return read_again(S, j, buf);
}

/* Job j's document from its cache's entry when its file's stat is the
 * one the entry was made at (1 then), else its file read into buf (0). */
static int read_or_unpack(scan *S, job *j, pmo_buf *buf)
{
	const pmo_filecache_entry *e;
	const void *bytes;
	size_t len = 0;
	int error;

	if ((error = read_unless_cached(S, j, buf, &e)) != 1)
		return error;
	bytes = pmo_filecache_bytes(e, &len);
	if ((error = pmo_doc_unpack(&j->doc, j->path, bytes, len)) == 0) {
		j->hit = e;
		return 1;
	}
	/* a damaged entry */
	return error == PMO_EINVALID ? read_again(S, j, buf) : error;
}

/* Job j's document packed for its cache (on keepbuf), in j->kept. */
static int pack_job(job *j, pmo_buf *keepbuf)
{
	int error;

	pmo_buf_clear(keepbuf);
	if ((error = pmo_doc_pack(keepbuf, j->doc)) < 0)
		return error;
	if (!(j->kept = malloc(keepbuf->len ? keepbuf->len : 1)))
		return OOM();
	memcpy(j->kept, keepbuf->ptr, keepbuf->len);
	j->keptlen = keepbuf->len;
	return 0;
}

/* Read, parse and check job j, into buf (keepbuf: walk->kept's bytes).
 * A file walk->bytes sets aside is not parsed; with a cache to fill, it
 * is, and set aside only when it has a problem to tell, so that the
 * problems told are the same with a cache and without. */
static void read_job(scan *S, job *j, pmo_buf *buf, pmo_buf *keepbuf)
{
	const pmo_error *e;
	const pmo_node *root;
	char *display = NULL, *msg = NULL;
	pmo_record r;
	int error, late = S->walk->kept && j->cache;

	if ((error = pmo_kind_path(&j->path, j->kind, j->project, j->id)) < 0)
		goto done;
	if (S->docs && j->cache) {
		error = read_or_unpack(S, j, buf);
		if (error == 1) {
			/* its document as it was read: it passed its schema then */
			root = pmo_doc_root(j->doc);
			error = 0;
			goto viewed;
		}
	} else {
		error = read_or_use(S, j, buf);
	}
	if (error == 1) {
		error = 0;
		goto done;
	}
	if (error == PMO_ENOTFOUND) {
		/* listed, then gone */
		display = pmo_source_display(S->src, j->path);
		error = pmo_error_set(PMO_ENOTFOUND, "no %s %s%s%s (%s)", j->kind->name,
				      j->project ? j->project : "", j->project ? "/" : "", j->id,
				      display ? display : j->path);
		goto done;
	}
	if (error < 0)
		goto done;
	if (!late && set_aside(S, buf)) {
		j->skipped = 1;
		goto done;
	}
	if ((error = pmo_yaml_load(&j->doc, j->path, buf->ptr, buf->len, NULL)) < 0) {
		if (late && error != PMO_ENOMEM && set_aside(S, buf)) {
			pmo_error_clear();
			error = 0;
			j->skipped = 1;
			goto done;
		}
		e = pmo_error_last();
		if (error != PMO_ENOMEM && e && (display = pmo_source_display(S->src, j->path)) &&
		    (msg = strdup(e->message ? e->message : "")))
			pmo_error_set_at(error, display, e->line, e->col, "%s", msg);
		goto done;
	}
	root = pmo_doc_root(j->doc);
	if (!root || root->kind != PMO_NODE_MAP) {
		if (late && set_aside(S, buf)) {
			j->skipped = 1;
			goto done;
		}
		display = pmo_source_display(S->src, j->path);
		error = pmo_error_set_at(PMO_EINVALID, display, root ? root->line : 1,
			root ? root->col : 1, "a %s file must hold a mapping of fields", j->kind->name);
		goto done;
	}
	if (!S->walk->read && (!S->walk->kept || S->walk->kept->checked)) {
		error = pmo_schema_validate(&j->refused, j->kind->schema, root);
		if (error < 0 || j->refused.n)
			goto done;
		if (S->docs && j->cache && j->st.mode && (error = pack_job(j, keepbuf)) < 0)
			goto done;
viewed:
		if (S->view) {
			record_of(&r, j);
			error = S->view(&r, S->payload);
			j->view = r.view;
			j->row = r.row;
		}
		if (error < 0 || !S->walk->kept)
			goto done;
	}
	if (S->walk->kept) {
		error = keep_job(S, j, keepbuf);
	} else {
		record_of(&r, j);
		error = S->walk->read(&j->got, &r, S->walk->payload);
	}
	/* the command has what it reads: the tree goes on this thread */
	pmo_doc_free(j->doc);
	j->doc = NULL;
done:
	if (j->refused.n && late && set_aside(S, buf)) {
		pmo_findings_free(&j->refused);
		j->skipped = 1;
	}
	if (error < 0)
		keep_error(j, error);
	free(display);
	free(msg);
}

/* Job i, on any thread (pmo_ordered_run's work). */
static void work(size_t i, unsigned t, void *p)
{
	scan *S = p;

	read_job(S, &S->jobs[i], &S->bufs[t], &S->keeps[t]);
}

/* Job i's record to the command, or its file to the problems (the
 * caller's thread; pmo_ordered_run's done). */
static int done(size_t i, void *p)
{
	scan *S = p;
	job *j = &S->jobs[i];
	pmo_record r;
	int error = 0;

	if (j->skipped) {
		error = 0;
	} else if (j->error == PMO_ENOMEM) {
		error = pmo_error_set_oom();
	} else if (j->error < 0) {
		if (S->problems)
			error = pmo_model__error_problem(S->problems, &j->err);
	} else if (j->refused.n) {
		error = pmo_model__schema_problems(S->problems, S->src, j->path, &j->refused);
		error = error < 0 ? error : 0;
	} else if (S->own) {
		pmo_record *own;

		/* the kind's next cache of documents: this entry as it was, or
		 * made now */
		if (S->docs && j->cache && j->hit)
			error = pmo_filecache_keep(j->cache, j->hit);
		else if (S->docs && j->cache && j->kept)
			error = pmo_filecache_put(j->cache, j->path, strlen(j->path), &j->st, j->kept,
						  j->keptlen);
		if (error < 0) {
			job_clear(S->walk, j);
			return error;
		}
		own = calloc(1, sizeof(*own));

		if (!own || (j->project && !(own->project = strdup(j->project)))) {
			free(own);
			error = OOM();
		} else {
			own->kind = j->kind;
			own->id = j->id;
			own->path = j->path;
			own->doc = j->doc;
			own->view = j->view;
			own->row = j->row;
			j->id = j->path = NULL;
			j->doc = NULL;
			j->view = NULL;
			j->row = NULL;
			error = S->own(own, S->payload);
		}
	} else if (S->walk->read || S->walk->kept) {
		void *got = j->got;

		/* the kind's next cache: this entry as it was, or made now */
		if (j->cache && j->hit)
			error = pmo_filecache_keep(j->cache, j->hit);
		else if (j->cache && j->kept)
			error = pmo_filecache_put(j->cache, j->path, strlen(j->path), &j->st, j->kept,
						  j->keptlen);
		j->got = NULL;
		if (error < 0) {
			if (got && S->walk->drop)
				S->walk->drop(got);
		} else {
			error = S->walk->take(got, S->walk->payload);
		}
	} else {
		record_of(&r, j);
		error = S->walk->each(&r, S->walk->payload);
	}
	job_clear(S->walk, j);
	return error;
}

/* Every job of S read and handed over in order, on as many threads as
 * the source and the number of files allow; S's parts freed. */
static int run(scan *S, int error)
{
	unsigned threads = pmo_source_threads(S->src) ? pmo_ordered_threads_for(S->n, PMO_ORDERED_FILES) : 1, t;
	size_t i;

	if (!error && (!(S->bufs = calloc(threads, sizeof(*S->bufs))) ||
		       !(S->keeps = calloc(threads, sizeof(*S->keeps)))))
		error = OOM();
	for (t = 0; S->bufs && S->keeps && t < threads; t++) {
		pmo_buf_init(&S->bufs[t]);
		pmo_buf_init(&S->keeps[t]);
	}
	if (!error)
		error = pmo_ordered_run(S->n, threads, work, done, S);
	for (i = 0; i < S->n; i++)
		job_clear(S->walk, &S->jobs[i]);
	for (i = 0; i < S->ndirs; i++)
		pmo_source_dir_free(S->dirs[i]);
	for (t = 0; S->bufs && t < threads; t++)
		pmo_buf_free(&S->bufs[t]);
	for (t = 0; S->keeps && t < threads; t++)
		pmo_buf_free(&S->keeps[t]);
	/* a walk that stopped has not seen every file: its caches stay */
	for (i = 0; i < S->ncaches; i++) {
		if (!error && !S->partial)
			pmo_filecache_save(S->caches[i]);
		pmo_filecache_free(S->caches[i]);
	}
	free(S->caches);
	free(S->keeps);
	free(S->bufs);
	free(S->dirs);
	free(S->jobs);
	return error;
}

/* S->cache: the cache of what walk->kept keeps of kind's records, when
 * the source has one (NULL else), among those S saves after the walk. */
static int open_cache(scan *S, const pmo_kind *kind, uint64_t tag)
{
	pmo_buf name = PMO_BUF_INIT;
	pmo_filecache **caches;
	char *file = NULL;
	int error;

	S->cache = NULL;
	/* a kind's name is a word (schemas/x-pmo.json); never a path */
	if (strchr(kind->name, '/') || kind->name[0] == '.')
		return 0;
	pmo_buf_printf(&name, "%s-%s", S->walk->kept->name, kind->name);
	if ((error = pmo_buf_oom(&name)) < 0 || (error = pmo_source_cache_file(&file, S->src, name.ptr)) < 0 ||
	    !file)
		goto done;
	if (!(caches = realloc(S->caches, (S->ncaches + 1) * sizeof(*caches)))) {
		error = OOM();
		goto done;
	}
	S->caches = caches;
	if ((error = pmo_filecache_open(&S->cache, file, tag)) < 0)
		goto done;
	S->caches[S->ncaches++] = S->cache;
done:
	free(file);
	pmo_buf_free(&name);
	return error;
}

/* A cache opened on a thread of its own while the caller lists the
 * folders (reading and indexing 5,000 records' documents: 4-5 ms, as long
 * as listing their 50 folders). */
typedef struct {
	char *file;
	uint64_t tag;
	pmo_filecache *cache;
	int error;
	int started;
	pthread_t thread;
} opener;

static void *open_cache_file(void *p)
{
	opener *o = p;

	o->error = pmo_filecache_open(&o->cache, o->file, o->tag);
	return NULL;
}

/* The cache of kind's records' documents (pmo_doc_pack) as they were read
 * and passed the kind's schema, kept as git keeps its index (one file a
 * kind, lib/util/filecache.h): its file in *file (NULL when the source
 * keeps none: a revision, PMO_CACHE=0) and its tag. 0 or PMO_ENOMEM. */
static int docs_cache_file(char **file, uint64_t *tag, pmo_source *src, const pmo_kind *kind)
{
	pmo_buf name = PMO_BUF_INIT;
	int error;

	*file = NULL;
	*tag = 0;
	/* a kind's name is a word (schemas/x-pmo.json); never a path */
	if (strchr(kind->name, '/') || kind->name[0] == '.')
		return 0;
	pmo_buf_printf(&name, "docs-%s", kind->name);
	if ((error = pmo_buf_oom(&name)) == 0 && (error = pmo_source_cache_file(file, src, name.ptr)) == 0 &&
	    *file)
		*tag = pmo_hash_words(pmo_model_tag(kind->model), "docs 1", 6);
	pmo_buf_free(&name);
	return error;
}

/* Start opening the cache of kind's documents in o (o->file NULL: the
 * source has none). */
static int open_docs_begin(opener *o, scan *S, const pmo_kind *kind)
{
	int error;

	memset(o, 0, sizeof(*o));
	if ((error = docs_cache_file(&o->file, &o->tag, S->src, kind)) < 0 || !o->file)
		return error;
	if (pmo_source_threads(S->src) && pmo_ordered_threads() > 1) {
		/* the heap set up for many files before a second thread takes
		 * memory (else it would take a heap of its own, grown by
		 * mprotect, each call a TLB shootdown of the other core) */
		pmo_heap_for_many_files((size_t)32 << 20);
		o->started = pthread_create(&o->thread, NULL, open_cache_file, o) == 0;
	}
	if (!o->started)
		open_cache_file(o);
	return 0;
}

/* The cache o opened, S's for its jobs (those added so far and later). */
static int open_docs_end(opener *o, scan *S)
{
	pmo_filecache **caches;
	size_t i;

	if (o->started)
		pthread_join(o->thread, NULL);
	free(o->file);
	o->file = NULL;
	if (o->error < 0)
		return pmo_error_set_oom();
	if (!o->cache)
		return 0;
	if (!(caches = realloc(S->caches, (S->ncaches + 1) * sizeof(*caches)))) {
		pmo_filecache_free(o->cache);
		return OOM();
	}
	S->caches = caches;
	S->caches[S->ncaches++] = S->cache = o->cache;
	for (i = 0; i < S->n; i++)
		S->jobs[i].cache = S->cache;
	return 0;
}

int pmo_records_each(pmo_findings *problems, pmo_source *src, const pmo_model *model,
		     const pmo_records_walk *walk)
{
	scan S = { .problems = problems, .src = src, .walk = walk };
	char **projects = NULL;
	uint64_t tag = 0;
	size_t k, i;
	int error = 0;

	if (walk->kept) {
		tag = pmo_model_tag(model);
		tag = pmo_hash_words(tag, walk->kept->name, strlen(walk->kept->name));
		tag = pmo_hash_words(tag, &walk->kept->version, sizeof(walk->kept->version));
	}
	for (k = 0; k < pmo_model_kind_count(model) && !error; k++) {
		const pmo_kind *kind = pmo_model_kind_at(model, k);

		if (walk->want && !walk->want(kind, walk->payload))
			continue;
		/* validating on several threads needs the schema prepared */
		if ((error = pmo_schema_prepare(kind->schema)) < 0 ||
		    (walk->kept && (error = open_cache(&S, kind, tag)) < 0))
			break;
		if (!kind->project_scoped) {
			error = add_folder(&S, kind, NULL);
			continue;
		}
		if (!projects && (error = pmo_projects_list(&projects, src)) < 0)
			break;
		for (i = 0; projects[i] && !error; i++)
			error = add_folder(&S, kind, projects[i]);
	}
	error = run(&S, error);
	pmo_strv_free(projects);
	return error;
}

int pmo_model__scan_kind(pmo_findings *problems, pmo_source *src, const pmo_kind *kind,
			 const char *project, int (*view)(pmo_record *r, void *payload),
			 int (*own)(pmo_record *r, void *payload), void *payload)
{
	static const pmo_records_walk walk = { 0 };
	scan S = { .problems = problems, .src = src, .walk = &walk, .view = view, .own = own,
		   .payload = payload };
	opener docs;
	char **projects = NULL;
	size_t i;
	int error;

	if ((error = pmo_schema_prepare(kind->schema)) < 0)
		return error;
	/* the documents of the kind's records as they were read, checked by
	 * each file's stat: a record whose file is as it was is neither read
	 * nor parsed nor checked against its schema again (pmo risk list of
	 * 5,000 risks: see bench/risk.sh) */
	S.docs = 1;
	S.partial = kind->project_scoped && project;
	if ((error = open_docs_begin(&docs, &S, kind)) < 0) {
		/* nothing to walk */
	} else if (!kind->project_scoped || project) {
		error = add_folder(&S, kind, kind->project_scoped ? project : NULL);
	} else if ((error = pmo_projects_list(&projects, src)) == 0) {
		for (i = 0; projects[i] && !error; i++)
			error = add_folder(&S, kind, projects[i]);
	}
	if (docs.file) {
		int opened = open_docs_end(&docs, &S);
		error = error < 0 ? error : opened;
	}
	/* the jobs borrow the projects' names */
	error = run(&S, error);
	pmo_strv_free(projects);
	return error;
}
