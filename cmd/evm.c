/*
 * Earned value in money: pmo evm [--as-of DATE] [--baseline NAME] [--format table|json].
 *
 * BAC, PV, EV, AC, the variances, the indices and the forecasts for the
 * project and each summary task against a baseline. The maths is
 * lib/plan/evm.c's (rules in plan/evm.h, for users in docs/evm.md), the
 * rates and expenses are read by lib/check/costs.c; this file prints.
 */
#include "plan_internal.h"
#include "plan/evm.h"

#include <stdlib.h>
#include <string.h>

/* An index to 4 places, as text: "0.8889", "n/a" when it has none. */
static const char *index_text(char buf[PMO_MONEY_BUFSZ], pmo_dec d, int has)
{
	return has ? pmo_dec_format(buf, d) : "n/a";
}

static void json_money(pmo_buf *b, const char *key, pmo_money m, int has, const pmo_currency *c, int comma)
{
	char buf[PMO_MONEY_BUFSZ];

	pmo_json_member(b, key, has ? pmo_money_format(buf, m, c, 0) : NULL, comma);
}

/* The figures as the members of a JSON object (after a first member). */
static void json_figures(pmo_buf *b, const pmo_evm_figures *f, const pmo_currency *c)
{
	json_money(b, "bac", f->bac, 1, c, 1);
	json_money(b, "pv", f->pv, 1, c, 1);
	json_money(b, "ev", f->ev, 1, c, 1);
	json_money(b, "ac", f->ac, 1, c, 1);
	json_money(b, "sv", f->sv, 1, c, 1);
	json_money(b, "cv", f->cv, 1, c, 1);
	plan_json_index(b, "spi", f->spi, f->has_spi);
	plan_json_index(b, "cpi", f->cpi, f->has_cpi);
	json_money(b, "eac", f->eac, 1, c, 1);
	pmo_json_member(b, "eac_method", f->has_eac_cpi ? "bac/cpi" : "ac+bac-ev", 1);
	pmo_buf_puts(b, ", \"eac_forecasts\": {");
	json_money(b, "bac/cpi", f->eac_cpi, f->has_eac_cpi, c, 0);
	json_money(b, "ac+bac-ev", f->eac_rest, 1, c, 1);
	json_money(b, "ac+(bac-ev)/(cpi*spi)", f->eac_cpi_spi, f->has_eac_cpi_spi, c, 1);
	pmo_buf_putc(b, '}');
	json_money(b, "etc", f->etc, 1, c, 1);
	json_money(b, "vac", f->vac, 1, c, 1);
	plan_json_index(b, "tcpi", f->tcpi, f->has_tcpi);
}

/* The project's figures, one a line: name, amount aligned right, what it is. */
static void text_figures(pmo_buf *b, const pmo_evm_figures *f, const planctx *p, const pmo_evm *e, pmo_date as_of)
{
	const char *names[] = { "BAC", "PV", "EV", "AC", "SV", "CV", "SPI", "CPI", "", "", "", "ETC", "VAC",
				"TCPI" };
	static const char *const what[] = { "the baseline's planned cost", "planned value", "earned value",
					    "actual cost", "EV − PV", "EV − AC", "EV / PV", "EV / AC", "BAC / CPI",
					    "AC + (BAC − EV)", "AC + (BAC − EV) / (CPI × SPI)", "EAC − AC",
					    "BAC − EAC", "(BAC − EV) / (BAC − AC)" };
	enum { N = sizeof(names) / sizeof(names[0]) };
	const pmo_currency *c = &p->ctx->settings->money;
	char buf[N][PMO_MONEY_BUFSZ], d[11];
	const char *v[N];
	size_t i, w = 0;

	v[0] = pmo_money_format(buf[0], f->bac, c, 1);
	v[1] = pmo_money_format(buf[1], f->pv, c, 1);
	v[2] = pmo_money_format(buf[2], f->ev, c, 1);
	v[3] = pmo_money_format(buf[3], f->ac, c, 1);
	v[4] = pmo_money_format(buf[4], f->sv, c, 1);
	v[5] = pmo_money_format(buf[5], f->cv, c, 1);
	v[6] = index_text(buf[6], f->spi, f->has_spi);
	v[7] = index_text(buf[7], f->cpi, f->has_cpi);
	v[8] = f->has_eac_cpi ? pmo_money_format(buf[8], f->eac_cpi, c, 1) : "n/a";
	v[9] = pmo_money_format(buf[9], f->eac_rest, c, 1);
	v[10] = f->has_eac_cpi_spi ? pmo_money_format(buf[10], f->eac_cpi_spi, c, 1) : "n/a";
	v[11] = pmo_money_format(buf[11], f->etc, c, 1);
	v[12] = pmo_money_format(buf[12], f->vac, c, 1);
	v[13] = index_text(buf[13], f->tcpi, f->has_tcpi);
	/* the forecast EAC is: BAC / CPI, or AC + (BAC − EV) until there is a CPI */
	names[f->has_eac_cpi ? 8 : 9] = "EAC";
	for (i = 0; i < N; i++)
		if (strlen(v[i]) > w)
			w = strlen(v[i]);
	for (i = 0; i < N; i++) {
		pmo_buf_printf(b, "%-4s %*s  %s", names[i], (int)w, v[i], what[i]);
		if (i == 0 && p->costs->nlines)
			pmo_buf_printf(b, " (budget lines: %s)", pmo_money_format(buf[0], p->costs->budgeted, c, 1));
		else if (i == 3)
			pmo_buf_printf(b, ": %zu expense%s up to %s", e->counted, e->counted == 1 ? "" : "s",
				       pmo_date_format(d, as_of));
		else if (i == 8 && !f->has_eac_cpi)
			pmo_buf_puts(b, " (no CPI while EV or AC is 0)");
		pmo_buf_putc(b, '\n');
	}
}

/* The summary tasks as a table: the main figures of each. */
static int summary_table(pmo_buf *b, const planctx *p, const pmo_evm *e)
{
	static const char *const heads[] = { "ID", "Title", "BAC", "PV", "EV", "AC", "SV", "CV", "SPI", "CPI",
					     "EAC", "VAC" };
	const size_t ncols = sizeof(heads) / sizeof(heads[0]);
	const pmo_currency *c = &p->ctx->settings->money;
	pmo_table *t = NULL;
	size_t i, k;
	int error = 0;

	if ((error = pmo_table_new(&t, ncols)) < 0)
		return error;
	for (k = 0; k < ncols; k++) {
		pmo_table_header(t, k, heads[k]);
		if (k >= 2)
			pmo_table_right(t, k);
	}
	pmo_table_shrink(t, 1);
	for (i = 0; i < e->nsummaries && error >= 0; i++) {
		const pmo_evm_figures *f = &e->summaries[i].f;
		const pmo_task *task = &p->plan->tasks[e->summaries[i].task];
		char v[10][PMO_MONEY_BUFSZ];
		const char *cells[12];
		cells[0] = task->id;
		cells[1] = task->title ? task->title : "";
		cells[2] = pmo_money_format(v[0], f->bac, c, 1);
		cells[3] = pmo_money_format(v[1], f->pv, c, 1);
		cells[4] = pmo_money_format(v[2], f->ev, c, 1);
		cells[5] = pmo_money_format(v[3], f->ac, c, 1);
		cells[6] = pmo_money_format(v[4], f->sv, c, 1);
		cells[7] = pmo_money_format(v[5], f->cv, c, 1);
		cells[8] = index_text(v[6], f->spi, f->has_spi);
		cells[9] = index_text(v[7], f->cpi, f->has_cpi);
		cells[10] = pmo_money_format(v[8], f->eac, c, 1);
		cells[11] = pmo_money_format(v[9], f->vac, c, 1);
		error = pmo_table_row(t, cells);
	}
	if (error >= 0)
		error = pmo_emit_table(b, p->ctx, t, "table");
	pmo_table_free(t);
	return error;
}

/* What the figures leave out or take from elsewhere, on stderr. */
static void warnings(const planctx *p, const pmo_baseline *bl, const pmo_evm *e)
{
	const pmo_currency *c = &p->ctx->settings->money;
	char m[PMO_MONEY_BUFSZ];

	if (e->costs_from_plan)
		pmo_warn("baseline %s has no costs (taken before the plan had costs): today's planned costs are "
			 "its budget; take a new baseline to freeze them (pmo -p %s baseline set)", bl->name, p->key);
	if (e->nunbaselined)
		pmo_warn("%zu task%s not in baseline %s plan%s %s: not in BAC, PV or EV", e->nunbaselined,
			 e->nunbaselined == 1 ? "" : "s", bl->name, e->nunbaselined == 1 ? "s" : "",
			 pmo_money_format(m, e->unbaselined, c, 1));
	if (p->unrated)
		pmo_warn("%zu assignment%s of people without a rate (people/<handle>.yaml rate): no labour cost "
			 "for %s", p->unrated, p->unrated == 1 ? "" : "s", p->unrated == 1 ? "it" : "them");
	if (e->undated)
		pmo_warn("%zu expense%s without a date counted in AC", e->undated, e->undated == 1 ? "" : "s");
}

static int cmd_evm_run(pmo_ctx *ctx, int argc, char **argv)
{
	const char *as_of_given = NULL, *baseline = NULL, *format = NULL;
	int force = 0;
	const pmo_opt opts[] = {
		OPT_STRING(0, "as-of", &as_of_given, "DATE", "status date (default today): PV by then, expenses up to it"),
		OPT_STRING('b', "baseline", &baseline, "NAME", "the baseline to measure against (default the last one)"),
		OPT_STRING('f', "format", &format, "FORMAT", "table (default) or json"),
		PLAN_FORCE_OPT(&force),
		OPT_END(),
	};
	const pmo_currency *c;
	planctx p;
	pmo_evm *e = NULL;
	pmo_buf out = PMO_BUF_INIT;
	const pmo_baseline *bl = NULL;
	pmo_date as_of;
	pmo_plan_recorded rec;
	int past;
	size_t i;
	int code;
	char d1[11], d2[11];

	memset(&p, 0, sizeof(p));
	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	if (argc)
		return pmo_die(2, "evm takes no arguments, not \"%s\"", argv[0]);
	if ((code = pmo_format(&format, ctx, format, "table,json", "table")))
		return code;
	if (as_of_given && !strcmp(as_of_given, "none"))
		return pmo_die(2, "--as-of: evm needs a date");
	if ((code = plan_as_of(&as_of, as_of_given)) || (code = plan_read_costs(&p, ctx, force)))
		goto done;
	c = &ctx->settings->money;
	if ((code = plan_baseline(&bl, &p, baseline)))
		goto done;
	if (!bl) {
		code = pmo_die(1, "no baseline in %s to measure against; take one with: pmo -p %s baseline set",
			       p.display, p.key);
		goto done;
	}
	if ((code = plan_costs(&p)))
		goto done;
	/* a day before today: EV by the progress recorded then, not today's */
	if ((code = plan_progress_then(&past, &rec, &p, as_of, ", so nothing is earned")))
		goto done;
	if (!(p.progress = malloc((p.plan->n ? p.plan->n : 1) * sizeof(double)))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	if (pmo_plan_progress(p.progress, &p.total_progress, p.plan) < 0) {
		code = pmo_fail();
		goto done;
	}
	if ((code = plan_evm(&e, &p, bl, as_of)))
		goto done;
	warnings(&p, bl, e);
	if (!strcmp(format, "json")) {
		pmo_buf_puts(&out, "{\n  \"version\": 1,\n  ");
		if (p.forced)
			pmo_buf_puts(&out, "\"forced\": true,\n  ");
		pmo_json_member(&out, "project", p.key, 0);
		plan_json_date(&out, "as_of", as_of);
		pmo_json_member(&out, "baseline", bl->name, 1);
		plan_json_date(&out, "baseline_date", bl->date);
		pmo_json_member(&out, "currency", c->code, 1);
		pmo_json_member(&out, "progress", !past ? "today" : rec.found && !rec.absent ? "recorded" : "none", 1);
		pmo_json_member(&out, "progress_commit", past && rec.found && !rec.absent ? rec.commit : NULL, 1);
		plan_json_date(&out, "progress_date", past && rec.found && !rec.absent ? rec.date : PMO_NODATE);
		json_money(&out, "budget_lines", p.costs->budgeted, p.costs->nlines != 0, c, 1);
		pmo_buf_printf(&out, ", \"costs_from_plan\": %s", e->costs_from_plan ? "true" : "false");
		json_money(&out, "not_in_baseline", e->unbaselined, 1, c, 1);
		pmo_buf_printf(&out, ", \"expenses\": %zu, \"expenses_later\": %zu, \"unrated_assignments\": %zu",
			       e->counted, e->later, p.unrated);
		pmo_buf_puts(&out, ",\n  \"totals\": {");
		pmo_json_member(&out, "id", p.key, 0);
		json_figures(&out, &e->project, c);
		pmo_buf_puts(&out, "},\n  \"summaries\": [");
		for (i = 0; i < e->nsummaries; i++) {
			const pmo_task *t = &p.plan->tasks[e->summaries[i].task];
			pmo_buf_puts(&out, i ? ",\n    {" : "\n    {");
			pmo_json_member(&out, "id", t->id, 0);
			pmo_json_member(&out, "title", t->title, 1);
			json_figures(&out, &e->summaries[i].f, c);
			pmo_buf_putc(&out, '}');
		}
		pmo_buf_puts(&out, e->nsummaries ? "\n  ]\n}\n" : "]\n}\n");
	} else {
		pmo_buf_printf(&out, "earned value of %s as of %s, against baseline %s", p.key,
			       pmo_date_format(d1, as_of), bl->name);
		if (bl->date != PMO_NODATE)
			pmo_buf_printf(&out, " (taken %s)", pmo_date_format(d2, bl->date));
		pmo_buf_printf(&out, ", in %s\n", c->code);
		plan_progress_line(&out, past, &rec, as_of);
		text_figures(&out, &e->project, &p, e, as_of);
		if (e->nsummaries) {
			pmo_buf_puts(&out, "\nsummary tasks:\n");
			if (summary_table(&out, &p, e) < 0) {
				code = pmo_fail();
				goto done;
			}
		}
		if (p.forced)
			pmo_buf_puts(&out, "(" PLAN_FORCED_NOTE ")\n");
	}
	code = pmo_emit(&out);
done:
	pmo_evm_free(e);
	pmo_buf_free(&out);
	planctx_free(&p);
	return code;
}

static const pmo_verb evm_verb = {
	"evm", cmd_evm_run, "usage: pmo [-p KEY] evm [--as-of DATE] [--baseline NAME] [--format table|json]\n",
	"earned value in money against a baseline: BAC, PV, EV, AC, SV, CV, SPI, CPI, EAC, ETC, VAC, TCPI "
	"for the project and each summary task",
	NULL,
};

const pmo_family pmo_evm_command = { "evm", NULL, &evm_verb, 1, 1, NULL, NULL };
