#ifndef PMO_UTIL_ORDERED_H
#define PMO_UTIL_ORDERED_H
#include <stddef.h>

/*
 * Jobs run on several threads, their results taken in order on the
 * caller's thread: what reading thousands of records on every core needs
 * (pmo due, pmo search), while what is printed stays in one fixed order.
 */

/* The threads worth starting: $PMO_THREADS when it is a whole number from
 * 1 to 64 (1: everything on the caller's thread), else the processors
 * this process may run on, at least 1 and at most 8. */
unsigned pmo_ordered_threads(void);

/* The threads worth starting for n jobs when each other thread should have
 * at least per jobs to pay for its start and its hand-overs: at most
 * pmo_ordered_threads(), at least 1, and 1 while n < 2 * per. */
unsigned pmo_ordered_threads_for(size_t n, size_t per);

/* The jobs a thread should have when a job is one small file read, parsed
 * and checked (a record): below twice this, one thread is as fast (the
 * threads' start and the hand-overs cost what the second core saves). */
#define PMO_ORDERED_FILES 64

/* work(i, t, p) for every i in [0, n), on up to threads threads (t, from 0
 * to threads - 1, says which: the caller's thread is 0), and done(i, p) on
 * the caller's thread for i = 0, 1, … in order, each once work(i) has
 * run. work must be safe to run on several threads at once for different
 * i and cannot fail (it keeps its outcome for done to tell); done can: a
 * negative return stops the rest (no work starts after it, done is not
 * called again) and is returned. 0 when every done returned 0. When a
 * thread cannot be started the others do its share. */
int pmo_ordered_run(size_t n, unsigned threads, void (*work)(size_t i, unsigned t, void *p),
		    int (*done)(size_t i, void *p), void *p);

#endif
