#ifndef PMO_UTIL_ORDERED_H
#define PMO_UTIL_ORDERED_H
#include <stddef.h>

/*
 * Jobs run on several threads, their results taken in order on the
 * caller's thread: what reading thousands of records on every core needs
 * (pmo due, pmo search), while what is printed stays in one fixed order.
 */

/* The threads worth starting: the processors this process may run on,
 * at least 1 and at most 8. */
unsigned pmo_ordered_threads(void);

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
