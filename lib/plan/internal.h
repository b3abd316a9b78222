#ifndef PMO_PLAN_INTERNAL_H
#define PMO_PLAN_INTERNAL_H
/* Shared between the files of lib/plan; not part of the public API. */
#include "plan/plan.h"
#include "util/mem.h"

#include <stdint.h>
#include <string.h>

/* n bytes (8-aligned) in the plan's arena, freed with the plan; NULL on
 * OOM (error set). */
void *pmo_plan__alloc(pmo_plan *plan, size_t n);
/* s[0..len) and a NUL in the plan's arena. */
char *pmo_plan__strndup(pmo_plan *plan, const char *s, size_t len);
/* Room for n tasks in all, so that adding them moves none: the tasks of
 * a plan are one block, and growing it by doubling copied a million
 * tasks' 170 MB and cleared as many fresh pages again. Reserved pages
 * that are never written cost no memory (pmo_big_alloc maps them). */
int pmo_plan__reserve(pmo_plan *plan, size_t n);
/* pmo_dep_parse with the id in the plan's arena. */
int pmo_plan__dep_parse(pmo_plan *plan, pmo_dep *out, const char *s, size_t len);

/* Append a finding (message formatted); findings may be NULL (ignored). */
int pmo_plan_finding_add(pmo_findings *f, pmo_severity sev, const char *rule,
			 const pmo_node *node, size_t task, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* The dependency graph (graph.c): nodes i (a leaf, or the gate of summary
 * i) and n + k (the roll-up of the k-th summary: up[i] of summary i),
 * edges in compressed rows. Only summaries have a roll-up node: with one
 * node per leaf, a million tasks in groups of eleven are 1.09 million
 * nodes, not 2 million, each of them some 80 bytes of the schedule's. */
enum { E_DEP = 0, E_GATE = 4, E_ROLL = 5 }; /* E_DEP + dependency type */

typedef struct {
	size_t n, nodes, nedges;
	uint32_t *off;    /* nodes + 1 */
	uint32_t *tgt;
	int32_t *lag;
	uint8_t *kind;
	uint32_t *order;  /* topological order, count entries */
	size_t count;
	uint32_t *up;     /* n: the roll-up node of summary i (a leaf: i) */
	uint32_t *down;   /* nodes - n: the summary of roll-up node n + k */
} pmo_plan__graph;

/* The task a node stands for. */
static inline size_t pmo_plan__node_task(const pmo_plan__graph *g, size_t v)
{
	return v >= g->n ? g->down[v - g->n] : v;
}
int pmo_plan__graph_build(pmo_plan__graph *g, const pmo_plan *p);
/* Kahn's algorithm; on a cycle: findings, and PMO_EINVALID with the first. */
int pmo_plan__graph_sort(pmo_plan__graph *g, const pmo_plan *p, pmo_findings *f);
/* Its arrays freed (g itself is the caller's); here so that plan.c frees
 * a kept graph without calling into graph.c. */
static inline void pmo_plan__graph_free(pmo_plan__graph *g)
{
	if (!g)
		return;
	pmo_big_free(g->off);
	pmo_big_free(g->tgt);
	pmo_big_free(g->lag);
	pmo_big_free(g->kind);
	pmo_big_free(g->order);
	pmo_big_free(g->up);
	pmo_big_free(g->down);
	memset(g, 0, sizeof(*g));
}
/* The sorted graph of an acyclic plan that pmo_plan_check made, kept
 * with the plan's id index for the plan's next schedule (pmo validate's,
 * or the command's), which takes it: building and sorting it again was
 * a tenth of pmo schedule's time at a million tasks. Resolving the plan
 * again drops it, as it drops the index. keep takes g's arrays (g
 * cleared; freed instead when the plan has no index); take gives 1 and
 * the graph, or 0 when none is kept. */
void pmo_plan__keep_graph(pmo_plan *plan, pmo_plan__graph *g);
int pmo_plan__take_graph(pmo_plan__graph *out, pmo_plan *plan);

#endif
