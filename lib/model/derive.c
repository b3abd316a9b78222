/*
 * Derived fields: values computed from a record and the settings, shown and
 * filtered like stored fields but never written. One hook per kind that has
 * them; the schema's x-pmo `derived` documents them.
 */
#include "model/model.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pmo_risk_score(const pmo_node *record, long *score)
{
	int64_t p, i;

	if (pmo_node_int(pmo_map_get(record, "probability"), &p) < 0 ||
	    pmo_node_int(pmo_map_get(record, "impact"), &i) < 0 ||
	    p < 0 || p > 1000 || i < 0 || i > 1000)
		return -1;
	*score = (long)(p * i);
	return 0;
}

static int derive_risk(pmo_doc *doc, pmo_node *view, const pmo_node *record,
		       const pmo_settings *settings)
{
	char num[32];
	long score;
	pmo_node *k, *v;

	if (pmo_risk_score(record, &score) < 0)
		return 0;
	snprintf(num, sizeof(num), "%ld", score);
	if (!(k = pmo_node_str(doc, "score")) ||
	    !(v = pmo_node_scalar(doc, PMO_TAG_INT, num, strlen(num))) ||
	    pmo_map_append(doc, view, k, v) < 0)
		return PMO_ENOMEM;
	if (!(k = pmo_node_str(doc, "level")) ||
	    !(v = pmo_node_str(doc, pmo_settings_level(settings, score))) ||
	    pmo_map_append(doc, view, k, v) < 0)
		return PMO_ENOMEM;
	return 0;
}

static const struct {
	const char *kind;
	pmo_derive_fn fn;
} hooks[] = {
	{ "risk", derive_risk },
};

pmo_derive_fn pmo_derive_for(const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++)
		if (!strcmp(hooks[i].kind, kind))
			return hooks[i].fn;
	return NULL;
}
