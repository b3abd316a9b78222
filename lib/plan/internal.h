#ifndef PMO_PLAN_INTERNAL_H
#define PMO_PLAN_INTERNAL_H
/* Shared between the files of lib/plan; not part of the public API. */
#include "plan/plan.h"

#include <stdint.h>

/* n bytes (8-aligned) in the plan's arena, freed with the plan; NULL on
 * OOM (error set). */
void *pmo_plan__alloc(pmo_plan *plan, size_t n);
/* s[0..len) and a NUL in the plan's arena. */
char *pmo_plan__strndup(pmo_plan *plan, const char *s, size_t len);
/* pmo_dep_parse with the id in the plan's arena. */
int pmo_plan__dep_parse(pmo_plan *plan, pmo_dep *out, const char *s, size_t len);

/* Append a finding (message formatted); findings may be NULL (ignored). */
int pmo_plan_finding_add(pmo_findings *f, pmo_severity sev, const char *rule,
			 const pmo_node *node, size_t task, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* The dependency graph (graph.c): nodes i (a leaf, or the gate of summary
 * i) and n + i (the roll-up of summary i), edges in compressed rows. */
enum { E_DEP = 0, E_GATE = 4, E_ROLL = 5 }; /* E_DEP + dependency type */

typedef struct {
	size_t n, nodes, nedges;
	uint32_t *off;    /* nodes + 1 */
	uint32_t *tgt;
	int32_t *lag;
	uint8_t *kind;
	uint32_t *order;  /* topological order, count entries */
	size_t count;
} pmo_plan__graph;

/* The task a node stands for. */
static inline size_t pmo_plan__node_task(const pmo_plan__graph *g, size_t v)
{
	return v >= g->n ? v - g->n : v;
}
int pmo_plan__graph_build(pmo_plan__graph *g, const pmo_plan *p);
/* Kahn's algorithm; on a cycle: findings, and PMO_EINVALID with the first. */
int pmo_plan__graph_sort(pmo_plan__graph *g, const pmo_plan *p, pmo_findings *f);
void pmo_plan__graph_free(pmo_plan__graph *g);

#endif
