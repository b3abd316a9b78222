/*
 * libFuzzer target: the input loaded as YAML and validated against the
 * embedded risk schema (schemas/risk.json, compiled in by schemas/embed.py).
 * Every finding must carry a location, a keyword and a message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/embedded.h"
#include "schema/schema.h"
#include "util/error.h"
#include "yaml/yaml.h"

static pmo_schema_set *set;
static pmo_schema *risk;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const pmo_embedded_schema *e;

	(void)argc;
	(void)argv;
	for (e = pmo_embedded_schemas; e->name; e++)
		if (strcmp(e->name, "risk") == 0)
			break;
	if (!e->name || pmo_schema_set_new(&set) != 0 ||
	    pmo_schema_add(&risk, set, "risk.json", e->text, e->len) != 0) {
		fprintf(stderr, "schema_validate fuzz: cannot load the risk schema\n");
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pmo_yaml_limits lim = { 0, 0, 1 };
	pmo_findings r = { 0 };
	pmo_doc *doc = NULL;
	size_t i;

	if (pmo_yaml_load(&doc, "R-1.yaml", (const char *)data, size, &lim) != 0)
		goto done;
	if (pmo_schema_validate(&r, risk, pmo_doc_root(doc)) != 0) {
		/* the schema is fixed and valid: an error here is a bug */
		fprintf(stderr, "schema_validate fuzz: validation failed\n");
		abort();
	}
	for (i = 0; i < r.n; i++)
		if (!r.items[i].location || !r.items[i].keyword || !r.items[i].message ||
		    !r.items[i].message[0]) {
			fprintf(stderr, "schema_validate fuzz: incomplete finding %zu\n", i);
			abort();
		}
done:
	pmo_findings_free(&r);
	pmo_doc_free(doc);
	return 0;
}
