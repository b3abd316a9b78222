/*
 * Progress against a baseline: pmo status [--as-of DATE] [--baseline NAME].
 *
 * The earned-value maths (planned share, working days between, SPI) is
 * lib/plan/status.c's; this file prints it, with the late tasks and the
 * slipped milestones.
 */
#include "plan_internal.h"
#include "plan/evm.h"
#include "plan/status.h"
#include "portfolio.h"

#include <string.h>

/* --- cost ---------------------------------------------------------------------------------- */

/* An index to 2 places as status shows SPI ("0.89"), from two amounts. */
static const char *ratio2(char buf[PMO_MONEY_BUFSZ], pmo_money a, pmo_money b, const pmo_currency *c)
{
	pmo_dec d;

	return b.minor && pmo_money_ratio(&d, a, b, 2, c) == 0 ? pmo_dec_format(buf, d) : NULL;
}

/* The cost of a plan that has one (planned costs or expenses): BAC, AC,
 * CPI and EAC against bl (pmo evm has the rest); without a baseline the
 * planned cost and AC alone. CPI is n/a for a plan without planned cost,
 * as the portfolio has it: such a plan earns no money to weigh its
 * expenses against. Text, or JSON's "cost" member. */
static void status_cost(pmo_buf *b, const planctx *p, const pmo_baseline *bl, const pmo_evm *e, int json)
{
	const pmo_currency *c = &p->ctx->settings->money;
	const pmo_evm_figures *f = &e->project;
	char m1[PMO_MONEY_BUFSZ], m2[PMO_MONEY_BUFSZ], m3[PMO_MONEY_BUFSZ], r[PMO_MONEY_BUFSZ];
	pmo_money planned = { 0 };
	int has_costs = 0, has_cpi;
	size_t i;

	for (i = 0; i < p->plan->n; i++) {
		has_costs |= p->planned[i].minor != 0;
		if (pmo_money_add(&planned, planned, p->planned[i]) < 0)
			break; /* beyond 10^16 yuan: pmo evm says so */
	}
	has_cpi = bl && has_costs && f->has_cpi;
	if (json) {
		pmo_buf_puts(b, ",\n  \"cost\": {");
		pmo_json_member(b, "currency", c->code, 0);
		pmo_json_member(b, "bac", bl ? pmo_money_format(m1, f->bac, c, 0) : NULL, 1);
		pmo_json_member(b, "ac", pmo_money_format(m1, f->ac, c, 0), 1);
		plan_json_index(b, "cpi", f->cpi, has_cpi);
		pmo_json_member(b, "eac", bl ? pmo_money_format(m1, f->eac, c, 0) : NULL, 1);
		pmo_json_member(b, "planned", pmo_money_format(m1, planned, c, 0), 1);
		pmo_buf_putc(b, '}');
	} else if (!bl) {
		pmo_buf_printf(b, "cost:      planned %s, AC %s %s (no baseline: no BAC, CPI, EAC)\n",
			       pmo_money_format(m1, planned, c, 1), pmo_money_format(m2, f->ac, c, 1), c->code);
	} else {
		pmo_buf_printf(b, "cost:      BAC %s, AC %s, CPI %s, EAC %s %s\n", pmo_money_format(m1, f->bac, c, 1),
			       pmo_money_format(m2, f->ac, c, 1),
			       has_cpi ? ratio2(r, f->ev, f->ac, c) : "n/a", pmo_money_format(m3, f->eac, c, 1),
			       c->code);
	}
}

/* SPI in working days to 2 places, as status has always shown it. */
static const char *spi_text(char buf[PMO_MONEY_BUFSZ], double spi)
{
	snprintf(buf, PMO_MONEY_BUFSZ, "%.2f", spi);
	return buf;
}

/* --- status -------------------------------------------------------------------------------- */

/* The start of a late task's or slipped milestone's JSON object (the n-th
 * of its list): its id, its baseline date and its forecast. */
static void json_slip(pmo_buf *b, size_t n, const char *id, const char *was, pmo_date baseline,
		      const char *now, pmo_date forecast)
{
	pmo_buf_puts(b, n ? ", {" : "{");
	pmo_json_member(b, "id", id, 0);
	plan_json_date(b, was, baseline);
	plan_json_date(b, now, forecast);
}

static int cmd_status_run(pmo_ctx *ctx, int argc, char **argv)
{
	const char *as_of_given = NULL, *baseline = NULL, *format = NULL;
	int force = 0;
	const pmo_opt opts[] = {
		OPT_STRING(0, "as-of", &as_of_given, "DATE", "status date (default today)"),
		OPT_STRING('b', "baseline", &baseline, "NAME", "the baseline to compare with (default the last one)"),
		OPT_STRING('f', "format", &format, "FORMAT", "text (default) or json; the portfolio: table (default), json, csv or md"),
		PLAN_FORCE_OPT(&force),
		OPT_END(),
	};
	planctx p;
	pmo_schedule *s = NULL;
	pmo_buf out = PMO_BUF_INIT, late = PMO_BUF_INIT, miles = PMO_BUF_INIT;
	const pmo_baseline *bl = NULL;
	pmo_date as_of, bfinish = PMO_NODATE;
	pmo_status st;
	pmo_evm *e = NULL;
	pmo_plan_recorded rec;
	const char *spi = NULL;
	char spi_buf[PMO_MONEY_BUFSZ];
	size_t i, nlate = 0, nmiles = 0;
	int code, json, past;
	char d1[11], d2[11];

	memset(&p, 0, sizeof(p));
	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	if (argc)
		return pmo_die(2, "status takes no arguments, not \"%s\"", argv[0]);
	if (!ctx->project) /* no -p, in no project's folder: the portfolio */
		return pmo_portfolio_run(ctx, as_of_given, baseline, format, force);
	if ((code = pmo_format(&format, ctx, format, "text,table,json", "text")))
		return code;
	json = !strcmp(format, "json");
	if (as_of_given && !strcmp(as_of_given, "none"))
		return pmo_die(2, "--as-of: status needs a date");
	if ((code = plan_as_of(&as_of, as_of_given)) || (code = plan_read(&p, ctx, force)))
		goto done;
	if ((code = plan_baseline(&bl, &p, baseline)))
		goto done;
	/* a day before today: the status of that day, from the progress
	 * plan.yaml held then (as pmo evm has it), not today's */
	if ((code = plan_progress_then(&past, &rec, &p, as_of, "")) || (code = plan_schedule(&s, &p, as_of)) ||
	    (code = plan_costs(&p)))
		goto done;
	if (pmo_status_compute(&st, p.plan, s, p.cal, bl, p.progress, as_of) < 0) {
		code = pmo_fail();
		goto done;
	}
	/* a plan with costs: SPI by planned cost, as pmo evm has it */
	if ((p.has_costs || p.costs->nactuals) && (code = plan_evm(&e, &p, bl, as_of)))
		goto done;
	if (e && bl && p.has_costs)
		spi = e->project.has_spi ? ratio2(spi_buf, e->project.ev, e->project.pv, &ctx->settings->money) : NULL;
	else if (bl && st.planned > 0)
		spi = spi_text(spi_buf, st.spi);
	bfinish = st.baseline_finish;
	for (i = 0; i < p.plan->n; i++) {
		const pmo_task *t = &p.plan->tasks[i];
		const pmo_task_schedule *r = &s->tasks[i];
		const pmo_baseline_entry *e = pmo_status_entry(bl, t->id);
		if (r->summary)
			continue;
		if (!e || e->finish == PMO_NODATE || r->finish <= e->finish)
			continue;
		if (r->milestone) {
			if (json) {
				json_slip(&miles, nmiles, t->id, "baseline", e->finish, "forecast", r->finish);
				pmo_buf_printf(&miles, ", \"variance\": %ld}",
					       pmo_status_workdays(p.cal, e->finish, r->finish));
			} else
				pmo_buf_printf(&miles, "  %s  %s  %s → %s (+%ld working days)\n", t->id,
					       t->title ? t->title : "", pmo_date_format(d1, e->finish),
					       pmo_date_format(d2, r->finish), pmo_status_workdays(p.cal, e->finish, r->finish));
			nmiles++;
		} else {
			if (json) {
				json_slip(&late, nlate, t->id, "baseline_finish", e->finish, "forecast_finish", r->finish);
				pmo_buf_printf(&late, ", \"variance\": %ld, \"progress\": %d}",
					       pmo_status_workdays(p.cal, e->finish, r->finish), plan_task_progress(&p, i));
			} else
				pmo_buf_printf(&late, "  %s  %s  finish %s → %s (+%ld working days), %d%% done\n", t->id,
					       t->title ? t->title : "", pmo_date_format(d1, e->finish),
					       pmo_date_format(d2, r->finish), pmo_status_workdays(p.cal, e->finish, r->finish),
					       plan_task_progress(&p, i));
			nlate++;
		}
	}
	if (json) {
		pmo_buf_puts(&out, "{\n  \"version\": 1,\n  ");
		if (p.forced)
			pmo_buf_puts(&out, "\"forced\": true,\n  ");
		pmo_json_member(&out, "project", p.key, 0);
		plan_json_date(&out, "as_of", as_of);
		pmo_json_member(&out, "baseline", bl ? bl->name : NULL, 1);
		plan_json_date(&out, "finish", s->finish);
		plan_json_date(&out, "baseline_finish", bfinish);
		if (bfinish != PMO_NODATE)
			pmo_buf_printf(&out, ", \"finish_variance\": %ld", pmo_status_workdays(p.cal, bfinish, s->finish));
		pmo_buf_printf(&out, ",\n  \"progress\": %.1f, \"planned_progress\": %.1f",
			       p.total_progress, st.planned_progress);
		pmo_json_member(&out, "progress_commit", past && rec.found && !rec.absent ? rec.commit : NULL, 1);
		plan_json_date(&out, "progress_date", past && rec.found && !rec.absent ? rec.date : PMO_NODATE);
		pmo_buf_printf(&out, ", \"spi\": %s", spi ? spi : "null");
		if (e)
			status_cost(&out, &p, bl, e, 1);
		pmo_buf_printf(&out, ",\n  \"late_tasks\": [%s],\n  \"slipped_milestones\": [%s]\n}\n",
			       pmo_buf_cstr(&late), pmo_buf_cstr(&miles));
	} else {
		pmo_buf_printf(&out, "project %s as of %s", p.key, pmo_date_format(d1, as_of));
		if (bl)
			pmo_buf_printf(&out, ", against baseline %s%s%s%s\n", bl->name,
				       bl->date != PMO_NODATE ? " (" : "",
				       bl->date != PMO_NODATE ? pmo_date_format(d2, bl->date) : "",
				       bl->date != PMO_NODATE ? ")" : "");
		else
			pmo_buf_puts(&out, "; no baseline (set one with: pmo baseline set)\n");
		plan_progress_line(&out, past, &rec, as_of);
		pmo_buf_printf(&out, "finish:    %s", pmo_date_format(d1, s->finish));
		if (bfinish != PMO_NODATE) {
			long v = pmo_status_workdays(p.cal, bfinish, s->finish);
			pmo_buf_printf(&out, " (baseline %s, %s%ld working days)", pmo_date_format(d2, bfinish),
				       v > 0 ? "+" : "", v);
		}
		pmo_buf_printf(&out, "\nprogress:  %.0f%%", p.total_progress);
		if (bl)
			pmo_buf_printf(&out, " (planned %.0f%%)", st.planned_progress);
		if (spi)
			pmo_buf_printf(&out, "\nSPI:       %s\n", spi);
		else if (bl)
			pmo_buf_puts(&out, "\nSPI:       n/a (nothing planned yet)\n");
		else
			pmo_buf_puts(&out, "\nSPI:       n/a (no baseline; pmo baseline set)\n");
		if (e)
			status_cost(&out, &p, bl, e, 0);
		if (bl) {
			pmo_buf_printf(&out, "late tasks: %zu\n%s", nlate, pmo_buf_cstr(&late));
			pmo_buf_printf(&out, "slipped milestones: %zu\n%s", nmiles, pmo_buf_cstr(&miles));
		}
		if (p.forced)
			pmo_buf_puts(&out, "(" PLAN_FORCED_NOTE ")\n");
	}
	code = pmo_emit(&out);
done:
	pmo_evm_free(e);
	pmo_schedule_free(s);
	pmo_buf_free(&out);
	pmo_buf_free(&late);
	pmo_buf_free(&miles);
	planctx_free(&p);
	return code;
}

static const pmo_verb status_verb = {
	"status", cmd_status_run, "usage: pmo -p KEY status [--as-of DATE] [--baseline NAME] [--format text|json]\n"
	"   or: pmo status [--as-of DATE] [--format table|json|csv|md]\n",
	"progress against the baseline: late tasks, slipped milestones, finish variance, SPI;\n"
	"without a project (no -p, not in projects/KEY/): every active project rated red, amber or green",
	NULL,
};

const pmo_family pmo_status_command = { "status", NULL, &status_verb, 1, 1, NULL, NULL };
