#ifndef PMO_SCHEMA_SCHEMA_H
#define PMO_SCHEMA_SCHEMA_H
/*
 * JSON Schema draft-07 over pmo's YAML tree (lib/yaml). Schemas are parsed
 * with the same loader (JSON is YAML), kept in a set that resolves $ref by
 * JSON Pointer, $id and (through a loader callback) remote URIs.
 */
#include <stddef.h>
#include "yaml/yaml.h"
#include "util/money.h"

typedef struct pmo_schema_set pmo_schema_set;
typedef struct pmo_schema pmo_schema;

/* The currency the format "money" (an amount, 0 or more) and
 * "money-signed" check scalars against: the text of a string or a plain
 * number, exact, with at most the currency's minor units (CNY, 2 by
 * default). */
void pmo_schema_set_currency(pmo_schema_set *set, const pmo_currency *c);
/* The currency set checks amounts in. */
const pmo_currency *pmo_schema_set_money(const pmo_schema_set *set);

/* Called for a $ref to a URI not in the set; return 0 and fill *out with the
 * document's text, or PMO_ENOTFOUND. */
typedef int (*pmo_schema_loader)(pmo_buf *out, const char *uri, void *payload);

int pmo_schema_set_new(pmo_schema_set **out);
void pmo_schema_set_free(pmo_schema_set *set);
void pmo_schema_set_loader(pmo_schema_set *set, pmo_schema_loader fn, void *payload);

/* Parse text (JSON or YAML) as a schema; its base URI is its $id or, when it
 * has none, uri (may be NULL). The schema is owned by the set. The whole
 * document is compiled at once (keywords read, regexes compiled once and
 * cached in the set, $id's registered); a schema that is not an object or a
 * boolean where one is expected is refused here (PMO_EINVALID at its
 * line:col), an $id used twice with PMO_EEXISTS. */
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

/* A finding of the schema (a pmo_finding, yaml/finding.h) has rule
 * "schema", severity error, the instance node it is about, its location
 * in readable form ("impact", "objectives[0].due", "" for the root), the
 * keyword that failed ("maximum") and a sentence without the location
 * ("7 is more than the maximum 5"). */

/* Validate instance against schema. Returns 0 (result holds the findings;
 * none means valid) or a negative error when the schema itself is broken
 * (an unresolvable $ref, a bad regex, a $ref cycle that never moves into the
 * instance): PMO_EINVALID with "path:line:col" of the schema node and a
 * message such as `cannot resolve $ref "#/definitions/x"`.
 *
 * The first validation against a schema resolves every $ref reachable from
 * it (remote ones through the loader) and keeps the result, so later
 * validations do no look-ups by string; a set is therefore not safe to use
 * from several threads at once.
 *
 * Findings come in instance order. Locations: a property is "a.b", an item
 * "a[0]", a name that is not a plain word ["a b"]. "required" and
 * "dependencies" findings are about the object; an unknown field
 * ("additionalProperties": false) and a "propertyNames" finding are about
 * the key node (location ends with that key). Messages, values cut to 60
 * columns:
 *   7 is more than the maximum 5           0 is less than the minimum 1
 *   5 is not less than 5 (exclusiveMaximum) 0 is not more than 0
 *   "abc" is not of type integer or string
 *   "fight" is not one of: avoid, mitigate, transfer, accept
 *   "x" is not the constant "y"             7 is not a multiple of 5
 *   unknown field "foo"; allowed: a, b, c   missing required field "title"
 *   "2027-02-30" is not a valid date (YYYY-MM-DD)   "x" is not a valid email
 *   "abc" does not match the pattern ^[A-Z]+$ (a schema with no description)
 *   "abc" is not a valid value: DESCRIPTION (the description beside the pattern)
 *   "" is shorter than 1 character(s)       "abc" is longer than 2 character(s)
 *   array has 0 item(s); at least 1 required (minItems; maxItems: at most)
 *   object has 2 field(s); at most 1 allowed (min/maxProperties)
 *   items [0] and [2] are equal; items must be unique
 *   array has 3 items; at most 2 allowed (additionalItems)
 *   missing field "start", required when "end" is present (dependencies)
 *   no item of the array matches the schema under contains
 *   3 does not match any of the 2 alternatives under anyOf (or oneOf; when
 *     all alternatives but one fail on their type alone, that alternative's
 *     own findings are given instead)
 *   5 matches more than one alternative under oneOf (1 and 2); exactly one
 *     is required
 *   "x" must not match the schema under not
 *   field "x" is not allowed (keyword "false": a false schema)
 * if/then/else, allOf, $ref and the schema form of dependencies give the
 * findings of the subschema that applies. */
int pmo_schema_validate(pmo_findings *out, const pmo_schema *schema,
			const pmo_node *instance);
/* Free the result with pmo_findings_free. Validating changes nothing in
 * the set once the schema is prepared (its $refs followed, which the first
 * validation does): after pmo_schema_prepare, several threads may validate
 * against the same schema at once. */
int pmo_schema_prepare(const pmo_schema *schema);

/* Rewrite JSON's UTF-16 surrogate-pair escapes ("\uD83D\uDCA9"), which
 * YAML's double-quoted scalars refuse, as YAML's "\U0001F4A9" so that the
 * text loads with pmo_yaml_load. Other text is copied unchanged; out is
 * replaced. pmo_schema_add does this itself. */
int pmo_schema_fix_surrogates(pmo_buf *out, const char *text, size_t len);

#endif
