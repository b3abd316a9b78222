/*
 * The risk's own code: its score (probability × impact), the level a score
 * has under pmo.yaml's risk levels, and the derived fields score and level
 * (registered for the kind "risk" in derive.c).
 */
#include "model/internal.h"

#include <stdio.h>
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

int pmo_model__derive_risk(pmo_doc *doc, pmo_node *view, const pmo_node *record,
			   const pmo_derive_ctx *ctx)
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
	    !(v = pmo_node_str(doc, pmo_settings_level(ctx->settings, score))) ||
	    pmo_map_append(doc, view, k, v) < 0)
		return PMO_ENOMEM;
	return 0;
}

const char *pmo_settings_level(const pmo_settings *s, long score)
{
	if (score >= s->level_critical)
		return "critical";
	if (score >= s->level_high)
		return "high";
	if (score >= s->level_medium)
		return "medium";
	return "low";
}
