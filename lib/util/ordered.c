/*
 * pmo_ordered_run (ordered.h): the caller's thread and up to threads - 1
 * others take jobs by one shared counter, so each job runs once and the
 * early ones first; the caller hands each finished job to done in order
 * and, while the next one is still running elsewhere, runs a job itself
 * rather than wait. The jobs' outcomes live with the caller (work and
 * done share p); a job's flag in `ready`, set under the lock after work,
 * hands its outcome over. Measured on the 50,000-record bench (two
 * cores): reading and parsing the files is most of pmo due's time, and
 * the files are independent, so two threads take it nearly by half.
 */
#define _GNU_SOURCE
#include "util/ordered.h"
#include "util/error.h"
#include "util/mem.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

/* The jobs the other threads run at most beyond the one done waits for:
 * what they found is kept meanwhile (20,000 files' documents kept 2,048
 * ahead cost pmo validate 8 MB of fresh memory, and fresh memory is slow). */
enum { AHEAD = 256 };

typedef struct {
	size_t n;
	void (*work)(size_t i, unsigned t, void *p);
	void *p;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	size_t next;          /* the next job to start */
	size_t taken;         /* jobs handed to done so far */
	int stop;             /* done failed: start no more work */
	unsigned char *ready; /* ready[i]: work(i) has run */
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

/* Take the next job and run it: 1, or 0 when none is left. */
static int run_next(pool *P, unsigned t)
{
	size_t i;
	int stop;

	pthread_mutex_lock(&P->lock);
	/* the others run at most AHEAD jobs before the one done waits for:
	 * what they found is kept until done takes it */
	while (t && !P->stop && P->next < P->n && P->next >= P->taken + AHEAD)
		pthread_cond_wait(&P->cond, &P->lock);
	i = P->next < P->n ? P->next++ : P->n;
	stop = P->stop;
	pthread_mutex_unlock(&P->lock);
	if (i == P->n)
		return 0;
	if (!stop)
		P->work(i, t, P->p);
	pthread_mutex_lock(&P->lock);
	P->ready[i] = 1;
	pthread_cond_broadcast(&P->cond);
	pthread_mutex_unlock(&P->lock);
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
	pool P = { n, work, p, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, NULL };
	pthread_t *tids = NULL;
	worker *ws = NULL;
	unsigned started = 0, k;
	size_t i;
	int error = 0, ready;

	if (!n)
		return 0;
	if (threads < 1)
		threads = 1;
	if (threads > n)
		threads = (unsigned)n;
	if (!(P.ready = calloc(n, 1)))
		return pmo_error_set_oom();
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
		for (;;) {
			pthread_mutex_lock(&P.lock);
			ready = P.ready[i];
			pthread_mutex_unlock(&P.lock);
			if (ready || !run_next(&P, 0))
				break;
		}
		if (!ready) {
			/* every job started: job i is running on another thread */
			pthread_mutex_lock(&P.lock);
			while (!P.ready[i])
				pthread_cond_wait(&P.cond, &P.lock);
			pthread_mutex_unlock(&P.lock);
		}
		error = done(i, p);
		pthread_mutex_lock(&P.lock);
		P.taken = i + 1;
		P.stop = error < 0;
		pthread_cond_broadcast(&P.cond);
		pthread_mutex_unlock(&P.lock);
	}
	for (k = 0; k < started; k++)
		pthread_join(tids[k], NULL);
	pthread_mutex_destroy(&P.lock);
	pthread_cond_destroy(&P.cond);
	free(P.ready);
	free(tids);
	free(ws);
	return error;
}
