/*
 * The risk's own code (its hooks, registered in derive.c): its score
 * (probability × impact), the level a score has under pmo.yaml's
 * risk.levels, the derived fields score and level, the levels' own check,
 * and validate's date warnings for a risk.
 */
#include "model/internal.h"

#include <limits.h>
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

static int derive(pmo_doc *doc, pmo_node *view, const pmo_node *record,
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
	    !(v = pmo_node_str(doc, pmo_risk_level(ctx->settings, score))) ||
	    pmo_map_append(doc, view, k, v) < 0)
		return PMO_ENOMEM;
	return 0;
}

const char *pmo_risk_level(const pmo_settings *s, long score)
{
	if (score >= s->level_critical)
		return "critical";
	if (score >= s->level_high)
		return "high";
	if (score >= s->level_medium)
		return "medium";
	return "low";
}

static long int_setting(const pmo_node *map, const char *key, long dflt)
{
	int64_t v;

	if (pmo_node_int(pmo_map_get(map, key), &v) < 0 || v < LONG_MIN || v > LONG_MAX)
		return dflt;
	return (long)v;
}

static void settings_load(pmo_settings *s, const pmo_node *root)
{
	const pmo_node *levels = pmo_map_get(pmo_map_get(root, "risk"), "levels");

	s->level_medium = int_setting(levels, "medium", 5);
	s->level_high = int_setting(levels, "high", 10);
	s->level_critical = int_setting(levels, "critical", 25);
}

static int setting_default(long *out, const char *key)
{
	if (strcmp(key, "review_days"))
		return -1;
	*out = 30;
	return 0;
}

/* risk.levels rise: medium < high < critical. */
static int settings_check(pmo_findings *out, const pmo_node *root)
{
	const pmo_node *levels = pmo_map_get(pmo_map_get(root, "risk"), "levels");
	static const char *const names[] = { "medium", "high", "critical" };
	const pmo_node *n[3];
	int64_t v[3];
	size_t i;
	int error = 0;

	for (i = 0; i < 3; i++) {
		n[i] = pmo_map_get(levels, names[i]);
		if (pmo_node_int(n[i], &v[i]) < 0)
			return 0; /* the schema speaks of it */
	}
	for (i = 1; i < 3 && error >= 0; i++)
		if (v[i] <= v[i - 1])
			error = pmo_findings_addf(out, PMO_SEVERITY_ERROR, "consistency", n[i],
						  "risk.levels.%s: %lld is not more than %s (%lld); "
						  "thresholds must rise: medium < high < critical",
						  names[i], (long long)v[i], names[i - 1], (long long)v[i - 1]);
	return error;
}

static const char *str_of(const pmo_node *n)
{
	return n && n->kind == PMO_NODE_SCALAR && n->tag == PMO_TAG_STR ? n->str : NULL;
}

int pmo_risk_live(const pmo_node *record)
{
	const char *status = str_of(pmo_map_get(record, "status"));

	return status && (!strcmp(status, "open") || !strcmp(status, "mitigating"));
}

/* An identified date in the future; a critical one with no strategy or
 * response (an overdue review is the due rule's: x-pmo due). */
static int dates(pmo_findings *out, const pmo_node *root, pmo_date today,
		 const pmo_settings *settings)
{
	const char *status = str_of(pmo_map_get(root, "status"));
	const pmo_node *identified = pmo_map_get(root, "identified");
	int live = pmo_risk_live(root);
	pmo_date d;
	long score;
	int error = 0;

	if (pmo_node_date(&d, identified) == 0 && d > today)
		error = pmo_findings_addf(out, PMO_SEVERITY_WARNING, "date", identified,
					  "identified: %s is in the future", identified->str);
	if (error >= 0 && live && settings && pmo_risk_score(root, &score) == 0) {
		if (!strcmp(pmo_risk_level(settings, score), "critical")) {
			if (!pmo_map_get(root, "strategy"))
				error = pmo_findings_addf(out, PMO_SEVERITY_WARNING, "date", root,
							  "critical risk (score %ld) is %s with no "
							  "strategy", score, status);
			if (error >= 0 && !pmo_map_get(root, "response"))
				error = pmo_findings_addf(out, PMO_SEVERITY_WARNING, "date", root,
							  "critical risk (score %ld) is %s with no "
							  "response", score, status);
		}
	}
	return error;
}

/* a cell of the risk matrix: the level of its score */
static const char *matrix_level(const pmo_settings *s, long probability, long impact)
{
	return pmo_risk_level(s, probability * impact);
}

const pmo_kind_hooks pmo_model__risk_hooks = {
	.kind = "risk",
	.derive = derive,
	.settings_load = settings_load,
	.setting_default = setting_default,
	.settings_check = settings_check,
	.dates = dates,
	.matrix_level = matrix_level,
};
