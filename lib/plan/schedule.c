/*
 * Critical-path scheduling in linear time.
 *
 * The plan becomes a graph with two nodes per summary task and one per leaf:
 *   node i      leaf i (its start; finish = start + duration), or the "gate"
 *               of summary i, which carries the summary's own dependencies
 *               and constraints down to each child (as TaskJuggler inherits
 *               `depends` into sub-tasks);
 *   node n + k  the "roll-up" of the k-th summary (g.up[i] of summary i):
 *               min start, max finish of its children, which dependencies
 *               on the summary read.
 * Edges: predecessor → successor for each dependency, gate → child, and
 * child → roll-up of its parent. One topological order (Kahn) serves the
 * forward pass (push), the backward pass (pull, in reverse) and the
 * roll-up of dates to summaries. Leftover nodes mean a cycle, reported
 * with its path.
 */
#include "plan/plan.h"
#include "plan/internal.h"
#include "util/error.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

#define NEG (LONG_MIN / 4)
#define POS (LONG_MAX / 4)
/* no leaf, in the 32-bit per-node arrays of leaves (node indices are
 * 32 bits: lib/plan/internal.h) */
#define NO_LEAF UINT32_MAX

typedef pmo_plan__graph graph;

static int oom(void)
{
	return pmo_error_set(PMO_ENOMEM, "out of memory");
}

static int future_actual(pmo_findings *f, const pmo_task *t, size_t ti, const char *field,
			 pmo_date d, pmo_date today)
{
	const pmo_node *at = t->node ? pmo_map_get(t->node, field) : NULL;
	char b1[11], b2[11];

	if (d == PMO_NODATE || d <= today)
		return 0;
	return pmo_plan_finding_add(f, PMO_SEVERITY_WARNING, "plan-actual", at ? at : t->node, ti,
				    "task %s: %s %s is after today (%s)", t->id, field,
				    pmo_date_format(b1, d), pmo_date_format(b2, today));
}

static int forecast(pmo_plan *plan, const pmo_plan_check_options *opt, pmo_findings *f)
{
	pmo_findings sf;
	pmo_schedule *s = NULL;
	pmo_schedule_options o;
	size_t i, j;
	int error;

	pmo_findings_init(&sf);
	o.start = opt->start;
	o.as_of = opt->today;
	if ((error = pmo_schedule_compute(&s, plan, opt->cal, &o, &sf)) < 0) {
		if (error != PMO_ENOMEM) {
			pmo_error_clear();
			error = 0;
		}
		goto done;
	}
	for (i = 0; i < sf.n && error >= 0; i++) {
		const pmo_finding *x = &sf.items[i];
		int seen = 0;
		if (strcmp(x->rule, "plan-constraint") || x->severity != PMO_SEVERITY_WARNING)
			continue;
		for (j = 0; j < f->n && !seen; j++)
			seen = !strcmp(f->items[j].rule, x->rule) && !strcmp(f->items[j].message, x->message);
		if (!seen)
			error = pmo_plan_finding_add(f, x->severity, x->rule, x->node, x->task, "%s", x->message);
	}
done:
	pmo_schedule_free(s);
	pmo_findings_free(&sf);
	return error;
}

/* Whether a task of the plan has a finish_no_later_than: every finding
 * a schedule adds to pmo_plan_check's is about one (plan-constraint), so
 * a plan without one need not be scheduled to be checked. At a million
 * tasks that schedule was a third of pmo schedule's time. */
static int has_fnlt(const pmo_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->n; i++)
		if (plan->tasks[i].fnlt != PMO_NODATE)
			return 1;
	return 0;
}

int pmo_plan_validate(pmo_plan *plan, const pmo_plan_check_options *opt, pmo_findings *f)
{
	pmo_findings sf;
	pmo_schedule *s = NULL;
	size_t i;
	int error, cycles = 0;

	pmo_findings_init(&sf);
	if ((error = pmo_plan_check(plan, f)) < 0)
		goto done;
	for (i = 0; i < f->n; i++)
		cycles |= !strcmp(f->items[i].rule, "plan-cycle");
	if (!cycles && opt && opt->cal && opt->start != PMO_NODATE && has_fnlt(plan)) {
		pmo_schedule_options o;
		o.start = opt->start;
		o.as_of = PMO_NODATE;
		if ((error = pmo_schedule_compute(&s, plan, opt->cal, &o, &sf)) < 0) {
			if (error == PMO_ENOMEM)
				goto done;
			pmo_error_clear(); /* a plan too large to schedule: no conflicts to tell */
			error = 0;
		}
		/* what scheduling adds: the constraints' findings */
		for (i = 0; i < sf.n; i++)
			if (!strcmp(sf.items[i].rule, "plan-constraint") &&
			    (error = pmo_plan_finding_add(f, sf.items[i].severity, sf.items[i].rule,
							  sf.items[i].node, sf.items[i].task, "%s",
							  sf.items[i].message)) < 0)
				goto done;
		/* as of today: the forecast from progress and actual dates, as
		 * `pmo schedule` computes it, misses a finish_no_later_than (the
		 * same warning schedule prints; one the plan alone gave already
		 * is not repeated) */
		if (s && opt->today != PMO_NODATE && (error = forecast(plan, opt, f)) < 0)
			goto done;
	}
	for (i = 0; opt && opt->today != PMO_NODATE && i < plan->n; i++) {
		const pmo_task *t = &plan->tasks[i];
		if ((error = future_actual(f, t, i, "actual_start", t->actual_start, opt->today)) < 0 ||
		    (error = future_actual(f, t, i, "actual_finish", t->actual_finish, opt->today)) < 0)
			goto done;
	}
done:
	pmo_schedule_free(s);
	pmo_findings_free(&sf);
	return error;
}

/* ---------------------------------------------------------- date lookup */

typedef struct {
	const pmo_calendar *cal;
	long lo, hi;
	pmo_date *table;
} daymap;

static pmo_date day_of(const daymap *m, long i)
{
	if (m->table && i >= m->lo && i <= m->hi)
		return m->table[i - m->lo];
	return pmo_calendar_day(m->cal, i);
}

static int daymap_init(daymap *m, const pmo_calendar *cal, long lo, long hi, size_t n)
{
	long i;
	pmo_date d;

	m->cal = cal;
	m->lo = lo;
	m->hi = hi;
	m->table = NULL;
	if (hi < lo || (unsigned long)(hi - lo) > 8 * (unsigned long)n + 200000)
		return 0; /* sparse: compute each */
	if (!(m->table = malloc((size_t)(hi - lo + 1) * sizeof(pmo_date))))
		return oom();
	d = pmo_calendar_day(cal, lo);
	for (i = lo; i <= hi; i++) {
		while (!pmo_calendar_is_workday(cal, d))
			d++;
		m->table[i - lo] = d++;
	}
	return 0;
}

/* ------------------------------------------------------------- schedule */

void pmo_schedule_free(pmo_schedule *s)
{
	if (!s)
		return;
	pmo_big_free(s->tasks);
	free(s->critical);
	free(s->chains);
	free(s->chain_off);
	free(s);
}

static long lmax(long a, long b) { return a > b ? a : b; }
static long lmin(long a, long b) { return a < b ? a : b; }

/*
 * Instants, as TaskJuggler has them. Boundary b can be reached at the end
 * of working day b - 1 (17:00: a task finished, or a lag was counted) or
 * at the start of a day (00:00: the project start, a start-no-earlier-than
 * date, the as-of date), and the end of a working day comes first. Only a
 * milestone shows the difference: it is dated the day before in the first
 * case. A key orders both: 2b - 1 for the end of day b - 1, 2b for the
 * start of day b. A dependency without lag passes its predecessor's
 * instant on; a lag counts working days and ends at 17:00.
 */
static long key_of(long b, int eod) { return 2 * b - (eod ? 1 : 0); }

static long key_day(long key)
{
	long x = key + 1, q = x / 2;
	return x % 2 < 0 ? q - 1 : q; /* floor((key + 1) / 2) */
}

static long key_lag(long key, long lag)
{
	if (key <= NEG)
		return NEG;
	return lag ? key_of(key_day(key) + lag, 1) : key;
}

typedef struct {
	long es, ef;
	size_t i;
} crit_item;

/* Start order; a milestone before the task that starts when it is reached. */
static int cmp_crit(const void *a, const void *b)
{
	const crit_item *x = a, *y = b;
	if (x->es != y->es)
		return x->es < y->es ? -1 : 1;
	if (x->ef != y->ef)
		return x->ef < y->ef ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * The critical path as chains of driving dependencies. A dependency
 * drives its successor when its bound is the successor's start (FS, SS)
 * or finish (FF, SF) to the working day; through summaries the forward
 * pass recorded which leaf set each start and finish floor (sdrv, fdrv).
 * Between critical leaves these links form a graph; it is cut into
 * chains in start order: a chain starts at the first critical leaf not
 * yet shown (after the predecessor it branches off, if that was shown)
 * and follows the first successor not yet shown, ending on one shown
 * already (where it joins) or where no critical leaf follows.
 */
typedef struct {
	size_t from, to;
} link;

static int cmp_link(const void *a, const void *b)
{
	const link *x = a, *y = b;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->to < y->to ? -1 : x->to > y->to;
}

static int critical_chains(pmo_schedule *s, const pmo_plan *plan, const long *es,
			   const long *ef, const long *sf, const long *ffl, const uint32_t *sdrv,
			   const uint32_t *fdrv, const uint8_t *flag)
{
	size_t n = plan->n, nc = s->ncritical, i, j, k, nl = 0, cap, nout = 0, *rank = NULL,
	       *off = NULL, *pred = NULL;
	link *l = NULL;
	uint8_t *shown = NULL;
	int error = 0;

	if (!nc)
		return 0;
	/* links: every direct dependency plus the two recorded drivers */
	cap = 2 * nc;
	for (k = 0; k < nc; k++)
		cap += plan->tasks[s->critical[k]].ndeps;
	if (!(rank = malloc(n * sizeof(size_t))) || !(l = malloc(cap * sizeof(link))) ||
	    !(off = calloc(nc + 1, sizeof(size_t))) || !(pred = malloc(nc * sizeof(size_t))) ||
	    !(shown = calloc(nc, 1)) || !(s->chains = malloc(3 * nc * sizeof(size_t))) ||
	    !(s->chain_off = malloc((nc + 1) * sizeof(size_t)))) {
		error = oom();
		goto done;
	}
	for (i = 0; i < n; i++)
		rank[i] = PMO_PLAN_NONE;
	for (k = 0; k < nc; k++)
		rank[s->critical[k]] = k;
	for (k = 0; k < nc; k++) {
		size_t v = s->critical[k];
		const pmo_task *t = &plan->tasks[v];
		int started = !!(flag[v] & 4);
		for (j = 0; j < t->ndeps; j++) {
			size_t u = t->deps[j].pred;
			long bound;
			int on_start;
			if (u == PMO_PLAN_NONE || rank[u] == PMO_PLAN_NONE)
				continue;
			bound = (t->deps[j].type == PMO_DEP_FS || t->deps[j].type == PMO_DEP_FF ? ef[u] : es[u]) +
				t->deps[j].lag;
			on_start = t->deps[j].type == PMO_DEP_FS || t->deps[j].type == PMO_DEP_SS;
			if (on_start ? !started && bound == es[v] : bound == ef[v]) {
				l[nl].from = rank[u];
				l[nl++].to = k;
			}
		}
		if (!started && sdrv[v] != NO_LEAF && rank[sdrv[v]] != PMO_PLAN_NONE &&
		    key_day(sf[v]) == es[v]) {
			l[nl].from = rank[sdrv[v]];
			l[nl++].to = k;
		}
		if (fdrv[v] != NO_LEAF && rank[fdrv[v]] != PMO_PLAN_NONE && key_day(ffl[v]) == ef[v]) {
			l[nl].from = rank[fdrv[v]];
			l[nl++].to = k;
		}
	}
	if (nl)
		qsort(l, nl, sizeof(*l), cmp_link);
	for (i = j = 0; i < nl; i++)
		if (l[i].from != l[i].to && (!j || l[j - 1].from != l[i].from || l[j - 1].to != l[i].to))
			l[j++] = l[i];
	nl = j;
	for (k = 0; k < nc; k++)
		pred[k] = PMO_PLAN_NONE;
	for (i = 0; i < nl; i++) {
		off[l[i].from + 1]++;
		if (pred[l[i].to] == PMO_PLAN_NONE || l[i].from < pred[l[i].to])
			pred[l[i].to] = l[i].from;
	}
	for (k = 0; k < nc; k++)
		off[k + 1] += off[k];
	s->nchains = 0;
	for (k = 0; k < nc; k++) {
		size_t x = k;
		if (shown[k])
			continue;
		s->chain_off[s->nchains++] = nout;
		if (pred[k] != PMO_PLAN_NONE && shown[pred[k]])
			s->chains[nout++] = s->critical[pred[k]];
		for (;;) {
			size_t next = PMO_PLAN_NONE, e;
			s->chains[nout++] = s->critical[x];
			shown[x] = 1;
			for (e = off[x]; e < off[x + 1] && next == PMO_PLAN_NONE; e++)
				if (!shown[l[e].to])
					next = l[e].to;
			if (next == PMO_PLAN_NONE) {
				if (off[x] < off[x + 1]) /* joins a chain shown already */
					s->chains[nout++] = s->critical[l[off[x]].to];
				break;
			}
			x = next;
		}
	}
	s->chain_off[s->nchains] = nout;
done:
	free(rank);
	free(l);
	free(off);
	free(pred);
	free(shown);
	return error;
}

int pmo_schedule_compute(pmo_schedule **out, pmo_plan *plan, const pmo_calendar *cal,
			 const pmo_schedule_options *opt, pmo_findings *f)
{
	graph g;
	pmo_schedule *s = NULL;
	long *es = NULL, *ef = NULL, *sf = NULL, *ffl = NULL, *ls = NULL, *lf = NULL;
	long *sk = NULL, *fk = NULL; /* start and finish instants (keys) */
	uint8_t *flag = NULL; /* 1 eod milestone, 2 done, 4 started */
	/* which leaf a node's start / finish instant is (itself, or a
	 * summary's first-starting / last-finishing child), and which leaf
	 * set its start floor sf / finish floor ffl: the driving
	 * predecessors behind the critical chains */
	uint32_t *ssrc = NULL, *fsrc = NULL, *sdrv = NULL, *fdrv = NULL;
	long *scratch = NULL;
	crit_item *crit = NULL;
	size_t n, nodes, k, i;
	long P, A = NEG, F, lo, hi;
	daymap dm = { 0 };
	char b1[11], b2[11];
	int error = 0;

	memset(&g, 0, sizeof(g));
	if (!opt || opt->start == PMO_NODATE)
		return pmo_error_set(PMO_EINVALID, "scheduling needs a project start date");
	if ((error = pmo_plan_resolve(plan, f)) < 0)
		return error;
	if (!pmo_plan__take_graph(&g, plan) &&
	    ((error = pmo_plan__graph_build(&g, plan)) < 0 || (error = pmo_plan__graph_sort(&g, plan, f)) < 0))
		goto done;
	n = plan->n;
	nodes = g.nodes;
	if (!(s = calloc(1, sizeof(*s))) ||
	    (n && !(s->tasks = pmo_big_alloc(n * sizeof(*s->tasks)))) ||
	    !(scratch = pmo_big_alloc((nodes + 1) * (8 * sizeof(long) + 4 * sizeof(uint32_t)))) ||
	    !(flag = calloc(n + 1, 1))) {
		error = oom();
		goto done;
	}
	/* one block for the per-node arrays */
	es = scratch;
	ef = es + nodes + 1;
	sf = ef + nodes + 1;
	ffl = sf + nodes + 1;
	ls = ffl + nodes + 1;
	lf = ls + nodes + 1;
	sk = lf + nodes + 1;
	fk = sk + nodes + 1;
	ssrc = (uint32_t *)(fk + nodes + 1);
	fsrc = ssrc + nodes + 1;
	sdrv = fsrc + nodes + 1;
	fdrv = sdrv + nodes + 1;
	s->n = n;
	P = pmo_calendar_index(cal, opt->start);
	if (opt->as_of != PMO_NODATE)
		A = pmo_calendar_index(cal, opt->as_of);
	for (i = 0; i < nodes; i++) {
		sf[i] = ffl[i] = NEG;
		es[i] = i < n ? NEG : POS;
		ef[i] = NEG;
		sk[i] = i < n ? NEG : POS;
		fk[i] = NEG;
		ssrc[i] = fsrc[i] = sdrv[i] = fdrv[i] = NO_LEAF;
	}

	/* static checks of constraints (actual dates: pmo_plan_resolve) */
	for (i = 0; i < n; i++) {
		const pmo_task *t = &plan->tasks[i];
		if (t->snet != PMO_NODATE && t->fnlt != PMO_NODATE && !t->nchildren &&
		    pmo_calendar_index(cal, t->snet) + t->days > pmo_calendar_index(cal, t->fnlt + 1) &&
		    (error = pmo_plan_finding_add(f, PMO_SEVERITY_ERROR, "plan-constraint", t->node, i,
						  "task %s cannot start no earlier than %s and finish no later than %s in %ld working day%s",
						  t->id, pmo_date_format(b1, t->snet),
						  pmo_date_format(b2, t->fnlt), t->days, t->days == 1 ? "" : "s")) < 0)
			goto done;
	}

	/* forward pass, on instants: sf, ffl, sk, fk hold keys (see key_of) */
	for (k = 0; k < g.count; k++) {
		uint32_t u = g.order[k], e;
		if (u < n) {
			const pmo_task *t = &plan->tasks[u];
			if (t->nchildren) {
				/* a floor for each child, at the start of
				 * the day like a task's own constraint */
				if (t->snet != PMO_NODATE)
					sf[u] = lmax(sf[u], key_of(pmo_calendar_index(cal, t->snet), 0));
			} else {
				long d = t->days, floor = P, start;
				int done_ = A != NEG && t->actual_finish != PMO_NODATE;
				int started = A != NEG && !done_ &&
					      (t->actual_start != PMO_NODATE || t->progress > 0);
				if (t->snet != PMO_NODATE)
					floor = lmax(floor, pmo_calendar_index(cal, t->snet));
				if (A != NEG && !done_ && !started)
					floor = lmax(floor, A);
				if (done_) {
					ef[u] = pmo_calendar_index(cal, t->actual_finish + 1);
					es[u] = t->actual_start != PMO_NODATE
							? pmo_calendar_index(cal, t->actual_start)
							: ef[u] - d;
					if (es[u] > ef[u])
						es[u] = ef[u];
					fk[u] = key_of(ef[u], 1);
					sk[u] = lmin(key_of(es[u], 0), fk[u]);
					flag[u] |= 2;
				} else if (started) {
					long rem, pc = t->progress > 0 ? t->progress : 0;
					sk[u] = t->actual_start != PMO_NODATE
							? key_of(pmo_calendar_index(cal, t->actual_start), 0)
							: lmax(key_of(floor, 0), lmax(sf[u], ffl[u] - 2 * d));
					start = key_day(sk[u]);
					rem = (d * (100 - pc) + 99) / 100;
					es[u] = start;
					/* the work done occupies [start, start + d - rem);
					 * what remains begins at the as-of date or after
					 * the work done, whichever is later (so a start
					 * after the as-of date keeps the full duration) */
					ef[u] = lmax(lmax(A, start + (d - rem)) + rem, key_day(ffl[u]));
					fk[u] = ef[u] > es[u] ? key_of(ef[u], 1) : sk[u];
					flag[u] |= 4;
				} else {
					sk[u] = lmax(key_of(floor, 0), lmax(sf[u], ffl[u] - 2 * d));
					es[u] = key_day(sk[u]);
					ef[u] = es[u] + d;
					fk[u] = d ? key_of(ef[u], 1) : sk[u];
					if (!d && sk[u] != key_of(es[u], 0))
						flag[u] |= 1;
				}
				ssrc[u] = fsrc[u] = u;
			}
		}
		for (e = g.off[u]; e < g.off[u + 1]; e++) {
			uint32_t v = g.tgt[e];
			long x;
			switch (g.kind[e]) {
			case E_DEP + PMO_DEP_FS:
				if ((x = key_lag(fk[u], g.lag[e])) > sf[v]) {
					sf[v] = x;
					sdrv[v] = fsrc[u];
				}
				break;
			case E_DEP + PMO_DEP_SS:
				if ((x = key_lag(sk[u], g.lag[e])) > sf[v]) {
					sf[v] = x;
					sdrv[v] = ssrc[u];
				}
				break;
			case E_DEP + PMO_DEP_FF:
				if ((x = key_lag(fk[u], g.lag[e])) > ffl[v]) {
					ffl[v] = x;
					fdrv[v] = fsrc[u];
				}
				break;
			case E_DEP + PMO_DEP_SF:
				if ((x = key_lag(sk[u], g.lag[e])) > ffl[v]) {
					ffl[v] = x;
					fdrv[v] = ssrc[u];
				}
				break;
			case E_GATE:
				if (sf[u] > sf[v]) {
					sf[v] = sf[u];
					sdrv[v] = sdrv[u];
				}
				if (ffl[u] > ffl[v]) {
					ffl[v] = ffl[u];
					fdrv[v] = fdrv[u];
				}
				break;
			default: /* E_ROLL */
				es[v] = lmin(es[v], es[u]);
				ef[v] = lmax(ef[v], ef[u]);
				if (sk[u] < sk[v]) {
					sk[v] = sk[u];
					ssrc[v] = ssrc[u];
				}
				if (fk[u] > fk[v]) {
					fk[v] = fk[u];
					fsrc[v] = fsrc[u];
				}
				break;
			}
		}
	}
	F = P;
	lo = P;
	hi = P;
	for (i = 0; i < n; i++)
		if (!plan->tasks[i].nchildren) {
			F = lmax(F, ef[i]);
			lo = lmin(lo, es[i]);
		}
	hi = F;

	/* backward pass */
	for (k = g.count; k-- > 0;) {
		uint32_t u = g.order[k], e;
		const pmo_task *t = &plan->tasks[pmo_plan__node_task(&g, u)];
		int gate = u < n && t->nchildren;
		long LF = gate ? POS : F, LS = POS;
		if (!gate && t->fnlt != PMO_NODATE)
			LF = lmin(LF, pmo_calendar_index(cal, t->fnlt + 1));
		if (gate) {
			ls[u] = lf[u] = POS;
		}
		for (e = g.off[u]; e < g.off[u + 1]; e++) {
			uint32_t v = g.tgt[e];
			/* a finished task no longer waits for anything: it
			 * does not limit its predecessors' late dates (work
			 * done out of sequence) */
			if (g.kind[e] < E_ROLL && v < n && (flag[v] & 2))
				continue;
			switch (g.kind[e]) {
			case E_DEP + PMO_DEP_FS:
				LF = lmin(LF, ls[v] - g.lag[e]);
				break;
			case E_DEP + PMO_DEP_FF:
				LF = lmin(LF, lf[v] - g.lag[e]);
				break;
			case E_DEP + PMO_DEP_SS:
				LS = lmin(LS, ls[v] - g.lag[e]);
				break;
			case E_DEP + PMO_DEP_SF:
				LS = lmin(LS, lf[v] - g.lag[e]);
				break;
			case E_GATE:
				ls[u] = lmin(ls[u], ls[v]);
				lf[u] = lmin(lf[u], lf[v]);
				break;
			default: /* E_ROLL */
				/* the summary's finish limit binds every
				 * child; a limit on its (earliest) start
				 * moves the children by the same amount */
				LF = lmin(LF, lf[v]);
				if (ls[v] != POS)
					LS = lmin(LS, es[u] + (ls[v] - es[v]));
				break;
			}
		}
		if (gate)
			continue;
		if (u >= n) {
			lf[u] = LF;
			ls[u] = LS;
			continue;
		}
		if (u < n && (flag[u] & 2)) {
			ls[u] = es[u];
			lf[u] = ef[u];
		} else {
			long span = ef[u] - es[u];
			lf[u] = lmin(LF, LS == POS ? POS : LS + span);
			ls[u] = lf[u] - span;
		}
		lo = lmin(lo, ls[u]);
	}

	/* results for leaves, roll-up nodes' free slack, then summaries in
	 * reverse topological order (children before their gate) */
	if ((error = daymap_init(&dm, cal, lo - 1, hi + 1, n)) < 0)
		goto done;
	s->min_slack = POS;
	for (k = g.count; k-- > 0;) {
		uint32_t u = g.order[k], e;
		size_t ti = pmo_plan__node_task(&g, u);
		const pmo_task *t = &plan->tasks[ti];
		pmo_task_schedule *r = &s->tasks[ti];
		long fs = POS;
		int gate = u < n && t->nchildren;

		if (u >= n && !t->nchildren)
			continue;
		if (!gate) {
			for (e = g.off[u]; e < g.off[u + 1]; e++) {
				uint32_t v = g.tgt[e];
				long tes, tef;
				if (g.kind[e] >= E_GATE || (flag[v] & 2))
					continue;
				tes = es[g.up[v]];
				tef = ef[g.up[v]];
				switch (g.kind[e]) {
				case E_DEP + PMO_DEP_FS: fs = lmin(fs, tes - ef[u] - g.lag[e]); break;
				case E_DEP + PMO_DEP_SS: fs = lmin(fs, tes - es[u] - g.lag[e]); break;
				case E_DEP + PMO_DEP_FF: fs = lmin(fs, tef - ef[u] - g.lag[e]); break;
				default: fs = lmin(fs, tef - es[u] - g.lag[e]); break;
				}
			}
			if (fs == POS)
				fs = F - ef[u];
		}
		if (u >= n) {
			r->free_slack = lmax(0, lmin(fs, lf[u] - ef[u]));
			continue;
		}
		if (!gate) {
			int ms = t->days == 0;
			r->es = es[u];
			r->ef = ef[u];
			r->ls = ls[u];
			r->lf = lf[u];
			r->milestone = ms;
			r->done = !!(flag[u] & 2);
			r->started = !!(flag[u] & 4);
			r->total_slack = r->done ? 0 : lf[u] - ef[u];
			r->free_slack = r->done ? 0 : lmax(0, lmin(fs, r->total_slack));
			r->critical = !r->done && r->total_slack <= 0;
			if (ms) {
				long off = (flag[u] & 1) ? 1 : 0;
				r->start = r->finish = day_of(&dm, es[u] - off);
				r->late_start = r->late_finish = day_of(&dm, ls[u] - off);
			} else {
				r->start = day_of(&dm, es[u]);
				r->finish = day_of(&dm, ef[u] - 1);
				r->late_start = day_of(&dm, ls[u]);
				r->late_finish = day_of(&dm, lf[u] - 1);
			}
			if (A != NEG && (r->done || r->started) && t->actual_start != PMO_NODATE)
				r->start = t->actual_start;
			if (r->done)
				r->finish = t->actual_finish;
			if (!r->done)
				s->min_slack = lmin(s->min_slack, r->total_slack);
			if (t->fnlt != PMO_NODATE && !r->done && ef[u] > pmo_calendar_index(cal, t->fnlt + 1)) {
				r->late = 1;
				if ((error = pmo_plan_finding_add(f, PMO_SEVERITY_WARNING, "plan-constraint",
								  t->node, ti,
								  "task %s finishes %s, after its finish_no_later_than %s",
								  t->id, pmo_date_format(b1, r->finish),
								  pmo_date_format(b2, t->fnlt))) < 0)
					goto done;
			}
		} else {
			/* gate: all descendants are done; roll up from children */
			long fsum = s->tasks[ti].free_slack;
			r->summary = 1;
			r->es = es[g.up[u]];
			r->ef = ef[g.up[u]];
			r->ls = POS;
			r->lf = NEG;
			r->total_slack = POS;
			r->start = r->late_start = POS;
			r->finish = r->late_finish = NEG;
			for (e = g.off[u]; e < g.off[u + 1]; e++) {
				const pmo_task_schedule *c;
				if (g.kind[e] != E_GATE)
					continue;
				c = &s->tasks[g.tgt[e]];
				r->ls = lmin(r->ls, c->ls);
				r->lf = lmax(r->lf, c->lf);
				r->start = lmin(r->start, c->start);
				r->finish = lmax(r->finish, c->finish);
				r->late_start = lmin(r->late_start, c->late_start);
				r->late_finish = lmax(r->late_finish, c->late_finish);
				r->total_slack = lmin(r->total_slack, c->total_slack);
				r->critical |= c->critical;
				r->late |= c->late;
			}
			r->done = 1;
			for (e = g.off[u]; e < g.off[u + 1]; e++)
				if (g.kind[e] == E_GATE && !s->tasks[g.tgt[e]].done)
					r->done = 0;
			r->free_slack = lmin(fsum, lmax(0, r->total_slack));
			if (t->fnlt != PMO_NODATE && !r->done && r->ef > pmo_calendar_index(cal, t->fnlt + 1)) {
				r->late = 1;
				if ((error = pmo_plan_finding_add(f, PMO_SEVERITY_WARNING, "plan-constraint",
								  t->node, ti,
								  "summary task %s finishes %s, after its finish_no_later_than %s",
								  t->id, pmo_date_format(b1, r->finish),
								  pmo_date_format(b2, t->fnlt))) < 0)
					goto done;
			}
		}
	}
	if (s->min_slack == POS)
		s->min_slack = 0;
	s->start = opt->start;
	s->finish_index = F;
	s->finish = opt->start;
	for (i = 0; i < n; i++)
		if (!plan->tasks[i].nchildren)
			s->finish = lmax(s->finish, s->tasks[i].finish);

	/* critical leaves in start order */
	for (i = 0; i < n; i++)
		s->ncritical += !plan->tasks[i].nchildren && s->tasks[i].critical;
	if (s->ncritical && (!(s->critical = malloc(s->ncritical * sizeof(size_t))) ||
			     !(crit = malloc(s->ncritical * sizeof(*crit))))) {
		error = oom();
		goto done;
	}
	for (i = 0, k = 0; i < n; i++)
		if (!plan->tasks[i].nchildren && s->tasks[i].critical) {
			crit[k].es = s->tasks[i].es;
			crit[k].ef = s->tasks[i].ef;
			crit[k++].i = i;
		}
	if (s->ncritical)
		qsort(crit, s->ncritical, sizeof(*crit), cmp_crit);
	for (k = 0; k < s->ncritical; k++)
		s->critical[k] = crit[k].i;
	if ((error = critical_chains(s, plan, es, ef, sf, ffl, sdrv, fdrv, flag)) < 0)
		goto done;
	*out = s;
	s = NULL;
done:
	free(dm.table);
	free(crit);
	free(flag);
	pmo_big_free(scratch);
	pmo_plan__graph_free(&g);
	pmo_schedule_free(s);
	return error;
}
