/*
 * The registers of per-kind hooks. Derived fields: values computed from a
 * record and the settings, shown and filtered like stored fields but never
 * written; one hook per kind that has them; the schema's x-pmo `derived`
 * documents them. Closing rules: what a record must hold before it takes
 * its kind's close status.
 */
#include "model/internal.h"

#include <string.h>

static const struct {
	const char *kind;
	pmo_derive_fn fn;
} hooks[] = {
	{ "risk", pmo_model__derive_risk },
	{ "incident", pmo_model__derive_incident },
	{ "vendor", pmo_model__derive_vendor },
	{ "evaluation", pmo_model__derive_evaluation },
	{ "stakeholder", pmo_model__derive_stakeholder },
	{ "requirement", pmo_model__derive_requirement },
};

pmo_derive_fn pmo_derive_for(const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++)
		if (!strcmp(hooks[i].kind, kind))
			return hooks[i].fn;
	return NULL;
}

/* What a kind needs before it closes: one hook per kind that has a
 * closing rule. */
static const struct {
	const char *kind;
	int (*fn)(const pmo_node *record);
} closing[] = {
	{ "project", pmo_model__closing_project },
};

int pmo_record_closing_check(const pmo_kind *kind, const pmo_node *record)
{
	size_t i;

	for (i = 0; i < sizeof(closing) / sizeof(closing[0]); i++)
		if (!strcmp(closing[i].kind, kind->name))
			return closing[i].fn(record);
	return 0;
}
