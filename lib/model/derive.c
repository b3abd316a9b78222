/*
 * Derived fields: values computed from a record and the settings, shown and
 * filtered like stored fields but never written. One hook per kind that has
 * them; the schema's x-pmo `derived` documents them.
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
