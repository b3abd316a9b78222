/*
 * The per-kind registry: what a kind's own file adds to its schema
 * (pmo_kind_hooks in model.h: derived fields, settings, validate's rules
 * for it, whether a record is active, what it needs before it closes), one entry per kind that has code of
 * its own. A kind's file defines its hooks as pmo_model__<kind>_hooks
 * (internal.h) and is listed here and in lib/meson.build.
 */
#include "model/internal.h"

#include <string.h>

static const pmo_kind_hooks *const registry[] = {
	&pmo_model__risk_hooks,
	&pmo_model__project_hooks,
	&pmo_model__person_hooks,
	&pmo_model__incident_hooks,
	&pmo_model__vendor_hooks,
	&pmo_model__evaluation_hooks,
	&pmo_model__stakeholder_hooks,
	&pmo_model__requirement_hooks,
};

static const pmo_kind_hooks none;

const pmo_kind_hooks *pmo_kind_hooks_for(const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof(registry) / sizeof(registry[0]); i++)
		if (!strcmp(registry[i]->kind, kind))
			return registry[i];
	return &none;
}

int pmo_record_closing_check(const pmo_kind *kind, const pmo_node *record)
{
	return kind->hooks->closing ? kind->hooks->closing(record) : 0;
}
