/*
 * The dependency graph of a plan (see schedule.c for its nodes and edges),
 * built in compressed rows, and its topological order by Kahn's algorithm,
 * with the leftover nodes of a cycle reported as findings along its path;
 * pmo_plan_check, which needs only that order.
 */
#include "plan/plan.h"
#include "plan/internal.h"
#include "util/error.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

typedef pmo_plan__graph graph;

static int oom(void)
{
	return pmo_error_set(PMO_ENOMEM, "out of memory");
}

int pmo_plan__graph_build(graph *g, const pmo_plan *p)
{
	size_t n = p->n, nodes = n, i, j, m = 0;
	uint32_t *fill = NULL, *up;
	int error = 0;

	memset(g, 0, sizeof(*g));
	if (n > 0x3fffffff)
		return pmo_error_set(PMO_EINVALID, "plan too large (%zu tasks)", n);
	for (i = 0; i < n; i++) {
		for (j = 0; j < p->tasks[i].ndeps; j++)
			m += p->tasks[i].deps[j].pred != PMO_PLAN_NONE;
		if (p->tasks[i].parent != PMO_PLAN_NONE)
			m += 2;
		nodes += p->tasks[i].nchildren != 0;
	}
	if (m > 0xffffffffu)
		return pmo_error_set(PMO_EINVALID, "plan too large (%zu dependencies)", m);
	g->n = n;
	g->nodes = nodes;
	g->nedges = m;
	if (!(g->off = pmo_big_alloc((nodes + 1) * sizeof(uint32_t))) ||
	    !(fill = pmo_big_alloc((nodes + 1) * sizeof(uint32_t))) ||
	    !(g->up = pmo_big_alloc((n + 1) * sizeof(uint32_t))) ||
	    !(g->down = pmo_big_alloc((nodes - n + 1) * sizeof(uint32_t))) ||
	    (m && (!(g->tgt = pmo_big_alloc(m * sizeof(uint32_t))) ||
		   !(g->lag = pmo_big_alloc(m * sizeof(int32_t))) || !(g->kind = pmo_big_alloc(m))))) {
		error = oom();
		goto done;
	}
	/* the roll-up nodes in the order of their summaries */
	up = g->up;
	for (i = 0, j = n; i < n; i++) {
		up[i] = (uint32_t)(p->tasks[i].nchildren ? j : i);
		if (p->tasks[i].nchildren)
			g->down[j++ - n] = (uint32_t)i;
	}
	for (i = 0; i < n; i++) {
		const pmo_task *t = &p->tasks[i];
		for (j = 0; j < t->ndeps; j++)
			if (t->deps[j].pred != PMO_PLAN_NONE)
				g->off[up[t->deps[j].pred] + 1]++;
		if (t->parent != PMO_PLAN_NONE) {
			g->off[t->parent + 1]++;
			g->off[up[i] + 1]++;
		}
	}
	for (i = 0; i < nodes; i++)
		g->off[i + 1] += g->off[i];
	memcpy(fill, g->off, (nodes + 1) * sizeof(uint32_t));
#define ADD(from, to, k, l)                                        \
	do {                                                       \
		uint32_t e_ = fill[from]++;                        \
		g->tgt[e_] = (uint32_t)(to);                       \
		g->kind[e_] = (uint8_t)(k);                        \
		g->lag[e_] = (int32_t)(l);                         \
	} while (0)
	for (i = 0; i < n; i++) {
		const pmo_task *t = &p->tasks[i];
		for (j = 0; j < t->ndeps; j++)
			if (t->deps[j].pred != PMO_PLAN_NONE)
				ADD(up[t->deps[j].pred], i, E_DEP + t->deps[j].type,
				    t->deps[j].lag);
		if (t->parent != PMO_PLAN_NONE) {
			ADD(t->parent, i, E_GATE, 0);
			ADD(up[i], up[t->parent], E_ROLL, 0);
		}
	}
#undef ADD
done:
	pmo_big_free(fill);
	if (error < 0)
		pmo_plan__graph_free(g);
	return error;
}

/* Report one cycle per depth-first search among the nodes left over by
 * Kahn's algorithm. Message in "depends on" order: a → b → a means a
 * depends on b, which depends on a. */
static int report_cycles(const graph *g, const pmo_plan *p, const uint32_t *indeg,
			 pmo_findings *f, char **first_msg)
{
	size_t nodes = g->nodes, s;
	uint8_t *color = NULL;
	uint32_t *stack = NULL, *edge = NULL;
	size_t *path = NULL;
	uint32_t *pos = NULL;
	uint8_t *gone = NULL;
	pmo_buf b = PMO_BUF_INIT;
	int error = 0;

	if (!(color = calloc(nodes, 1)) || !(stack = malloc(nodes * sizeof(uint32_t))) ||
	    !(pos = malloc(nodes * sizeof(uint32_t))) || !(gone = malloc(nodes + 1)) ||
	    !(edge = malloc(nodes * sizeof(uint32_t))) || !(path = malloc((nodes + 1) * sizeof(size_t)))) {
		error = oom();
		goto done;
	}
	for (s = 0; s < nodes; s++)
		pos[s] = UINT32_MAX;
	for (s = 0; s < nodes; s++) {
		size_t sp = 0;
		if (!indeg[s] || color[s])
			continue;
		stack[sp] = (uint32_t)s;
		edge[sp++] = g->off[s];
		color[s] = 1;
		while (sp) {
			uint32_t u = stack[sp - 1];
			if (edge[sp - 1] < g->off[u + 1]) {
				uint32_t v = g->tgt[edge[sp - 1]++];
				if (!indeg[v] || color[v] == 2)
					continue;
				if (color[v] == 1) {
					/* cycle: stack from v to top, then v */
					size_t k = sp, len = 0, i, L, start_at = 0, best;
					while (stack[k - 1] != v)
						k--;
					/* the cycle's nodes, in edge direction; a
					 * passage gate(s) → … → roll-up(s) is inside
					 * summary s and shows as s alone */
					L = sp - (k - 1);
					for (i = 0; i < L; i++) {
						pos[stack[k - 1 + i]] = (uint32_t)i;
						gone[i] = 0;
					}
					for (i = 0; i < L; i++) {
						uint32_t w = stack[k - 1 + i], r;
						size_t a;
						if (w >= g->n || !p->tasks[w].nchildren)
							continue;
						r = g->up[w];
						if (pos[r] == UINT32_MAX)
							continue;
						for (a = (i + 1) % L; ; a = (a + 1) % L) {
							gone[a] = 1;
							if (a == pos[r])
								break;
						}
					}
					for (i = 0; i < L; i++) {
						size_t t = pmo_plan__node_task(g, stack[k - 1 + i]);
						if (!gone[i] && (!len || path[len - 1] != t))
							path[len++] = t;
					}
					for (i = 0; i < L; i++)
						pos[stack[k - 1 + i]] = UINT32_MAX;
					if (len > 1 && path[len - 1] == path[0])
						len--;
					best = path[0];
					for (i = 1; i < len; i++)
						if (path[i] < best) {
							best = path[i];
							start_at = i;
						}
					pmo_buf_clear(&b);
					pmo_buf_puts(&b, "dependency cycle: ");
					/* edges run predecessor → successor; print
					 * successors first ("depends on") */
					for (i = 0; i <= len; i++) {
						/* walk backwards from best, wrapping */
						size_t t = path[(start_at + len - i % len) % len];
						pmo_buf_printf(&b, "%s%s", i ? " → " : "", p->tasks[t].id);
					}
					if ((error = pmo_buf_oom(&b)) < 0)
						goto done;
					{
						/* point at the dependency of best on the next one */
						size_t nxt = path[(start_at + len - 1) % len], j;
						const pmo_task *bt = &p->tasks[best];
						const pmo_node *at = bt->node;
						for (j = 0; j < bt->ndeps; j++)
							if (bt->deps[j].pred == nxt && bt->deps[j].node)
								at = bt->deps[j].node;
						if ((error = pmo_plan_finding_add(f, PMO_SEVERITY_ERROR, "plan-cycle",
										  at, best, "%s",
										  pmo_buf_cstr(&b))) < 0)
							goto done;
					}
					if (first_msg && !*first_msg && !(*first_msg = strdup(pmo_buf_cstr(&b)))) {
						error = oom();
						goto done;
					}
					while (sp)
						color[stack[--sp]] = 2;
					break;
				}
				color[v] = 1;
				stack[sp] = v;
				edge[sp++] = g->off[v];
			} else {
				color[u] = 2;
				sp--;
			}
		}
	}
done:
	pmo_buf_free(&b);
	free(color);
	free(stack);
	free(edge);
	free(path);
	free(pos);
	free(gone);
	return error;
}

/* Kahn's algorithm; on a cycle: findings, and PMO_EINVALID with the first. */
int pmo_plan__graph_sort(graph *g, const pmo_plan *p, pmo_findings *f)
{
	size_t nodes = g->nodes, head = 0, tail = 0, i;
	uint32_t *indeg = NULL, e;
	char *msg = NULL;
	int error = 0;

	if (!(indeg = pmo_big_alloc((nodes ? nodes : 1) * sizeof(uint32_t))) ||
	    !(g->order = pmo_big_alloc((nodes ? nodes : 1) * sizeof(uint32_t)))) {
		error = oom();
		goto done;
	}
	for (e = 0; e < g->nedges; e++)
		indeg[g->tgt[e]]++;
	for (i = 0; i < nodes; i++)
		if (!indeg[i])
			g->order[tail++] = (uint32_t)i;
	while (head < tail) {
		uint32_t u = g->order[head++];
		for (e = g->off[u]; e < g->off[u + 1]; e++)
			if (!--indeg[g->tgt[e]])
				g->order[tail++] = g->tgt[e];
	}
	g->count = tail;
	if (tail < nodes) {
		if ((error = report_cycles(g, p, indeg, f, &msg)) < 0)
			goto done;
		error = pmo_error_set_at(PMO_EINVALID, p->path, 0, 0, "%s",
					 msg ? msg : "dependency cycle");
	}
done:
	free(msg);
	pmo_big_free(indeg);
	return error;
}

int pmo_plan_check(pmo_plan *plan, pmo_findings *findings)
{
	graph g;
	int error;

	if ((error = pmo_plan_resolve(plan, findings)) < 0)
		return error;
	if ((error = pmo_plan__graph_build(&g, plan)) < 0)
		return error;
	if ((error = pmo_plan__graph_sort(&g, plan, findings)) == 0)
		pmo_plan__keep_graph(plan, &g);
	pmo_plan__graph_free(&g);
	/* a cycle is a finding here, not a failure */
	return error == PMO_EINVALID ? 0 : error;
}
