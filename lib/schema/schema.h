#ifndef PMO_SCHEMA_SCHEMA_H
#define PMO_SCHEMA_SCHEMA_H
/*
 * JSON Schema draft-07 over pmo's YAML tree (lib/yaml). Schemas are parsed
 * with the same loader (JSON is YAML), kept in a set that resolves $ref by
 * JSON Pointer, $id and (through a loader callback) remote URIs.
 */
#include <stddef.h>
#include "yaml/yaml.h"

typedef struct pmo_schema_set pmo_schema_set;
typedef struct pmo_schema pmo_schema;

/* Called for a $ref to a URI not in the set; return 0 and fill *out with the
 * document's text, or PMO_ENOTFOUND. */
typedef int (*pmo_schema_loader)(pmo_buf *out, const char *uri, void *payload);

int pmo_schema_set_new(pmo_schema_set **out);
void pmo_schema_set_free(pmo_schema_set *set);
void pmo_schema_set_loader(pmo_schema_set *set, pmo_schema_loader fn, void *payload);

/* Parse text (JSON or YAML) as a schema; its base URI is its $id or, when it
 * has none, uri (may be NULL). The schema is owned by the set. */
int pmo_schema_add(pmo_schema **out, pmo_schema_set *set, const char *uri,
		   const char *text, size_t len);
/* Add a schema from a node tree that the caller keeps alive for as long as
 * the set (no copy). */
int pmo_schema_add_node(pmo_schema **out, pmo_schema_set *set, const char *uri,
			const pmo_node *root);
/* A schema added earlier, by URI or $id; NULL when unknown. */
pmo_schema *pmo_schema_get(const pmo_schema_set *set, const char *uri);
/* The schema document's root node (to read properties, x-pmo …). */
const pmo_node *pmo_schema_root(const pmo_schema *schema);

typedef struct {
	const pmo_node *node; /* the instance node the finding is about */
	char *location;       /* instance location in readable form: "impact",
	                         "objectives[0].due", "" for the root */
	const char *keyword;  /* the schema keyword that failed: "maximum" */
	char *message;        /* a sentence without the location:
	                         "7 is more than the maximum 5" */
} pmo_schema_finding;

typedef struct {
	pmo_schema_finding *items;
	size_t n;
} pmo_schema_result;

/* Validate instance against schema. Returns 0 (result holds the findings;
 * none means valid) or a negative error when the schema itself is broken
 * (an unresolvable $ref, a bad regex). */
int pmo_schema_validate(pmo_schema_result *out, const pmo_schema *schema,
			const pmo_node *instance);
void pmo_schema_result_free(pmo_schema_result *r);

#endif
