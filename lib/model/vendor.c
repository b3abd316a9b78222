/*
 * The vendor's own code: an evaluation's score (the mean of quality,
 * delivery, cost and service) and a vendor's rating (the mean of those
 * over every evaluation that names it) with the number of evaluations.
 * Registered for the kinds "evaluation" and "vendor" in derive.c.
 */
#include "model/internal.h"

#include <stdio.h>
#include <string.h>

static const char *const aspects[] = { "quality", "delivery", "cost", "service" };

/* The four scores of an evaluation added to *sum: 0, or -1 when one is
 * missing or not a whole number (the schema speaks of it). */
static int scores(const pmo_node *record, int64_t *sum)
{
	int64_t v, s = 0;
	size_t i;

	for (i = 0; i < sizeof(aspects) / sizeof(aspects[0]); i++) {
		if (pmo_node_int(pmo_map_get(record, aspects[i]), &v) < 0 || v < 0 || v > 100)
			return -1;
		s += v;
	}
	*sum += s;
	return 0;
}

/* sum / n to one decimal, rounded half up, as text. */
static void mean(char buf[32], int64_t sum, int64_t n)
{
	int64_t tenths = (sum * 20 + n) / (2 * n);

	snprintf(buf, 32, "%lld.%lld", (long long)(tenths / 10), (long long)(tenths % 10));
}

static int derive_evaluation(pmo_doc *doc, pmo_node *view, const pmo_node *record,
				 const pmo_derive_ctx *ctx)
{
	int64_t sum = 0;
	char buf[32];

	(void)ctx;
	if (scores(record, &sum) < 0)
		return 0;
	mean(buf, sum, 4);
	return pmo_model__view_put(doc, view, "score", PMO_TAG_FLOAT, buf);
}

typedef struct {
	const char *vendor;
	int64_t sum, n;
} rating;

static int add_evaluation(const pmo_node *record, void *payload)
{
	rating *r = payload;
	const char *v = pmo_node_text(pmo_map_get(record, "vendor"));

	if (v && !strcmp(v, r->vendor) && scores(record, &r->sum) == 0)
		r->n++;
	return 0;
}

static int derive_vendor(pmo_doc *doc, pmo_node *view, const pmo_node *record,
			     const pmo_derive_ctx *ctx)
{
	rating r = { pmo_node_text(pmo_map_get(record, "id")), 0, 0 };
	char buf[32];

	if (!r.vendor || !ctx->each)
		return 0;
	/* an evaluation that cannot be read is validate's to report */
	if (ctx->each(ctx, "evaluation", add_evaluation, &r) < 0) {
		pmo_error_clear();
		return 0;
	}
	snprintf(buf, sizeof(buf), "%lld", (long long)r.n);
	if (pmo_model__view_put(doc, view, "evaluations", PMO_TAG_INT, buf) < 0)
		return PMO_ENOMEM;
	if (!r.n)
		return 0;
	mean(buf, r.sum, 4 * r.n);
	return pmo_model__view_put(doc, view, "rating", PMO_TAG_FLOAT, buf);
}

const pmo_kind_hooks pmo_model__evaluation_hooks = { .kind = "evaluation", .derive = derive_evaluation };

const pmo_kind_hooks pmo_model__vendor_hooks = {
	.kind = "vendor", .derive = derive_vendor, .derive_reads_files = 1,
};
