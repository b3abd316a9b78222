#ifndef PMO_YAML_FINDING_H
#define PMO_YAML_FINDING_H
/*
 * A finding: one problem in a file, at a place, under a rule. Every part
 * of pmo that reports problems in data speaks in findings: the schema's
 * validation (lib/schema), the plan's checks (lib/plan), a candidate
 * record's checks and unreadable records (lib/model), and `pmo validate`
 * (lib/check). It lives beside the YAML tree because it points into it.
 *
 * One function writes a finding as text (pmo_finding_format, here) and
 * one as JSON (pmo_json_finding, lib/render), so every command prints
 * them alike: `path:line:col: error: message [rule]`.
 */
#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>
#include "util/buf.h"

typedef struct pmo_node pmo_node;

typedef enum {
	PMO_SEVERITY_ERROR = 1,
	PMO_SEVERITY_WARNING,
} pmo_severity;

/* No task: a finding not about one task of a plan. */
#define PMO_FINDING_NO_TASK ((size_t)-1)

typedef struct {
	char *path;            /* the file, as its producer names it; NULL when none */
	uint32_t line, col;    /* 1-based; line 0 when the place is not known */
	pmo_severity severity;
	const char *rule;      /* static: "schema", "plan-cycle" …; NULL when none */
	char *message;         /* a sentence, "field: what is wrong" */
	const pmo_node *node;  /* the node it is about (borrowed), or NULL */
	char *location;        /* schema: the instance location ("impact",
				  "objectives[0].due", "" for the root); else NULL */
	const char *keyword;   /* schema: the keyword that failed ("maximum"); else NULL */
	size_t task;           /* plan: the task's index, or PMO_FINDING_NO_TASK */
} pmo_finding;

typedef struct {
	pmo_finding *items;
	size_t n, cap;
	size_t errors, warnings;
} pmo_findings;

void pmo_findings_init(pmo_findings *list);
/* A finding with nothing but its severity, rule and node (line 0, no
 * task), its parts to be filled by the producer. */
void pmo_finding_init(pmo_finding *f, pmo_severity sev, const char *rule, const pmo_node *node);
/* Free every finding and the list's array; the list is left empty. */
void pmo_findings_free(pmo_findings *list);
/* Free one finding's parts (path, message, location). */
void pmo_finding_clear(pmo_finding *f);

/* Append f, taking over its path, message and location (freed when it
 * cannot be appended). A finding with line 0 about a node with a line
 * takes the node's line and column. 0 or PMO_ENOMEM. */
int pmo_findings_push(pmo_findings *list, pmo_finding *f);
/* Append a finding about node (NULL: none) with its message formatted. */
int pmo_findings_addf(pmo_findings *list, pmo_severity sev, const char *rule,
		      const pmo_node *node, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
int pmo_findings_vaddf(pmo_findings *list, pmo_severity sev, const char *rule,
		       const pmo_node *node, const char *fmt, va_list ap);
/* Append a copy of f (its parts copied). */
int pmo_findings_copy(pmo_findings *list, const pmo_finding *f);
/* Sort by path, line and column, keeping the order of findings at one place. */
int pmo_findings_sort(pmo_findings *list);

/* "error" or "warning". */
const char *pmo_severity_name(pmo_severity s);

/* How pmo_finding_format writes a finding. */
#define PMO_FINDING_RULE  1u  /* " [rule]" after the message */
#define PMO_FINDING_COLOR 2u  /* the severity in colour (a terminal) */
/* Append one line, "shown:line:col: error: message [rule]\n": shown is the
 * file as the reader should see it (NULL: the finding is told as pmo's
 * own, "pmo: error: message"); a finding with no line is told at the
 * file alone ("shown: error: message"). */
void pmo_finding_format(pmo_buf *out, const pmo_finding *f, const char *shown, unsigned flags);

#endif
