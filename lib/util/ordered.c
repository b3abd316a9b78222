/*
 * pmo_ordered_run (ordered.h): the caller's thread and up to threads - 1
 * others take runs of jobs by one shared counter, so each job runs once
 * and the early ones first; the caller hands each finished job to done in
 * order and, while the next one is still running elsewhere, runs jobs
 * itself rather than wait. The jobs' outcomes live with the caller (work
 * and done share p); a job's flag in `ready`, stored after work (an
 * atomic store, no lock), hands its outcome over, and a thread is woken
 * only when it said it waits. Measured on the 50,000-record bench (two
 * cores): reading and parsing the files is most of pmo due's time, and
 * the files are independent, so two threads take it nearly by half.
 */
#define _GNU_SOURCE
#include "util/ordered.h"
#include "util/error.h"
#include "util/mem.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

/* The jobs the other threads run at most beyond the one done waits for:
 * what they found is kept meanwhile (20,000 files' documents kept 2,048
 * ahead cost pmo validate 8 MB of fresh memory, and fresh memory is slow). */
enum { AHEAD = 256 };

/* The most jobs one take hands a thread: a run of files read one after
 * the other costs one lock, not one per file (with a job per take, the two
 * threads of pmo validate of 20,000 files took the pool's lock 100,000
 * times and waited on each other some 5,000 times). Runs shrink as the
 * jobs left do, so no thread is left with a long run at the end. */
enum { RUN = 32 };

typedef struct {
	size_t n;
	void (*work)(size_t i, unsigned t, void *p);
	void *p;
	unsigned threads;
	pthread_mutex_t lock;
	pthread_cond_t cond;  /* a job is ready, or room ahead was made */
	size_t next;          /* the next job to start (under lock) */
	atomic_size_t taken;  /* jobs handed to done so far */
	atomic_int stop;      /* done failed: start no more work */
	atomic_int waiting;   /* the caller waits for a job (under lock) */
	atomic_int blocked;   /* threads waiting for room ahead (under lock) */
	atomic_uchar *ready;  /* ready[i]: work(i) has run */
} pool;

typedef struct {
	pool *P;
	unsigned t;
} worker;

unsigned pmo_ordered_threads(void)
{
	const char *env = getenv("PMO_THREADS");
	cpu_set_t set;
	char *end;
	long n = 0;

	if (env && *env >= '0' && *env <= '9') {
		n = strtol(env, &end, 10);
		if (!*end && n >= 1 && n <= 64)
			return (unsigned)n;
		n = 0;
	}
	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		n = CPU_COUNT(&set);
	if (n < 1)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 8 ? 8 : (unsigned)n;
}

unsigned pmo_ordered_threads_for(size_t n, size_t per)
{
	unsigned most = pmo_ordered_threads();
	size_t can = per ? n / per : n;

	return can < 2 ? 1 : can < most ? (unsigned)can : most;
}

/* Wake whoever waits on P's condition (the caller for a job, the others
 * for room ahead), when flag says someone does: a job's end costs no lock
 * when no one waits. The flags are set under the lock before the waiter
 * looks again at what it waits for, and read here after what it waits for
 * was stored, both sequentially consistent: either the waiter sees it, or
 * this sees the flag. */
static void wake(pool *P, atomic_int *flag)
{
	if (atomic_load(flag)) {
		pthread_mutex_lock(&P->lock);
		pthread_cond_broadcast(&P->cond);
		pthread_mutex_unlock(&P->lock);
	}
}

/* Take the next run of jobs and run them: 1, or 0 when none is left. */
static int run_next(pool *P, unsigned t)
{
	size_t i, end, run;

	pthread_mutex_lock(&P->lock);
	/* the others run at most AHEAD jobs before the one done waits for:
	 * what they found is kept until done takes it */
	if (t) {
		/* said before taken is read, so that done, storing taken and
		 * then reading blocked, wakes this thread or it sees the room */
		atomic_fetch_add(&P->blocked, 1);
		while (!atomic_load(&P->stop) && P->next < P->n &&
		       P->next >= atomic_load(&P->taken) + AHEAD)
			pthread_cond_wait(&P->cond, &P->lock);
		atomic_fetch_sub(&P->blocked, 1);
	}
	i = P->next;
	run = (P->n - i) / (4 * P->threads);
	run = run < 1 ? 1 : run > RUN ? RUN : run;
	/* the caller's thread takes one job at a time: it runs jobs only
	 * while the one done waits for is still running elsewhere, and done
	 * must not wait behind a run of its own (pmo validate of 20,000
	 * files, whose done is a fifth of the work, interleaved medians on a
	 * quiet machine: 326 ms with runs here too, 290 ms with one job) */
	if (!t)
		run = 1;
	end = i + run < P->n ? i + run : P->n;
	P->next = end;
	pthread_mutex_unlock(&P->lock);
	if (i == end)
		return 0;
	for (; i < end; i++) {
		if (!atomic_load(&P->stop))
			P->work(i, t, P->p);
		atomic_store(&P->ready[i], 1);
		wake(P, &P->waiting);
	}
	return 1;
}

/* Once, before other threads start (util/mem.h): memory that the
 * caller's thread frees is kept for the next job, on every thread, and
 * the heap the files' trees fill is in huge pages. */
static void prepare_memory(void)
{
	pmo_heap_for_many_files((size_t)32 << 20);
}

static void *worker_main(void *arg)
{
	worker *w = arg;

	while (run_next(w->P, w->t))
		;
	/* an error work set on this thread is told through its outcome */
	pmo_error_clear();
	return NULL;
}

int pmo_ordered_run(size_t n, unsigned threads, void (*work)(size_t i, unsigned t, void *p),
		    int (*done)(size_t i, void *p), void *p)
{
	pool P = { .n = n, .work = work, .p = p };
	pthread_t *tids = NULL;
	worker *ws = NULL;
	unsigned started = 0, k;
	size_t i;
	int error = 0;

	if (!n)
		return 0;
	if (threads < 1)
		threads = 1;
	if (threads > n)
		threads = (unsigned)n;
	P.threads = threads;
	pthread_mutex_init(&P.lock, NULL);
	pthread_cond_init(&P.cond, NULL);
	atomic_init(&P.taken, 0);
	atomic_init(&P.stop, 0);
	atomic_init(&P.waiting, 0);
	atomic_init(&P.blocked, 0);
	if (!(P.ready = calloc(n, sizeof(*P.ready)))) {
		error = pmo_error_set_oom();
		goto done;
	}
	for (i = 0; i < n; i++)
		atomic_init(&P.ready[i], 0);
	if (threads > 1 || n >= PMO_ORDERED_FILES) {
		static pthread_once_t once = PTHREAD_ONCE_INIT;
		pthread_once(&once, prepare_memory);
	}
	if (threads > 1 && (tids = calloc(threads, sizeof(*tids))) &&
	    (ws = calloc(threads, sizeof(*ws))))
		for (k = 1; k < threads; k++) {
			ws[k].P = &P;
			ws[k].t = k;
			if (pthread_create(&tids[started], NULL, worker_main, &ws[k]) != 0)
				break;
			started++;
		}
	for (i = 0; i < n && !error; i++) {
		/* while job i runs elsewhere, run the next ones here */
		while (!atomic_load(&P.ready[i]) && run_next(&P, 0))
			;
		if (!atomic_load(&P.ready[i])) {
			/* every job started: job i is running on another thread */
			pthread_mutex_lock(&P.lock);
			atomic_store(&P.waiting, 1);
			while (!atomic_load(&P.ready[i]))
				pthread_cond_wait(&P.cond, &P.lock);
			atomic_store(&P.waiting, 0);
			pthread_mutex_unlock(&P.lock);
		}
		error = done(i, p);
		if (error < 0)
			atomic_store(&P.stop, 1);
		atomic_store(&P.taken, i + 1);
		/* a thread waiting for room: wake it when a run's worth was
		 * made, or at once when it must stop */
		if (error < 0 || (i + 1) % RUN == 0)
			wake(&P, &P.blocked);
	}
	if (started)
		wake(&P, &P.blocked);
	for (k = 0; k < started; k++)
		pthread_join(tids[k], NULL);
done:
	pthread_mutex_destroy(&P.lock);
	pthread_cond_destroy(&P.cond);
	free(P.ready);
	free(tids);
	free(ws);
	return error;
}
