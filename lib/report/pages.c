/*
 * The pages of pmo report --html (report/internal.h): index.html, the
 * portfolio's table as `pmo status` gives it with a link to each
 * project's page, and KEY.html, a project's figures, Gantt chart, risk
 * heat map with the risks of each cell, money charts, what is overdue and
 * coming due, and its last changes. Every text from the tree is escaped;
 * every element a test or a reader looks for has an id or data- attribute.
 */
#include "report/internal.h"
#include "render/html.h"
#include "util/error.h"

#include <string.h>

#define UPCOMING 30 /* days ahead a page lists what comes due */

static const char *const rag_word[] = { "green", "amber", "red" };

static void cell_text(pmo_buf *out, const char *s)
{
	pmo_buf_puts(out, "<td>");
	pmo_html_text(out, s ? s : "");
	pmo_buf_puts(out, "</td>");
}

static void cell_num(pmo_buf *out, const char *s)
{
	pmo_buf_puts(out, "<td class=\"n\">");
	pmo_html_text(out, s ? s : "n/a");
	pmo_buf_puts(out, "</td>");
}

/* 0.0742 → "7.42%" */
static const char *share(char buf[PMO_MONEY_BUFSZ], pmo_dec d)
{
	size_t len;

	while (d.scale < 2) {
		d.mant *= 10;
		d.scale++;
	}
	d.scale -= 2;
	len = strlen(pmo_dec_format(buf, d));
	if (len + 2 <= PMO_MONEY_BUFSZ)
		memcpy(buf + len, "%", 2);
	return buf;
}

static void rating(pmo_buf *out, const pmo_portfolio_row *r)
{
	pmo_buf why = PMO_BUF_INIT;

	pmo_buf_printf(out, "<td class=\"rating\" data-rating=\"%s\"><span class=\"rag rag-%s\"></span>%s",
		       rag_word[r->rating], rag_word[r->rating], rag_word[r->rating]);
	if (r->nreasons && pmo_portfolio_reasons_text(&why, r) == 0) {
		pmo_buf_puts(out, "<br><small>");
		pmo_html_text(out, pmo_buf_cstr(&why));
		pmo_buf_puts(out, "</small>");
	}
	pmo_buf_free(&why);
	pmo_buf_puts(out, "</td>");
}

static const char figures_head[] =
	"<th>Finish</th><th>Baseline</th><th>Slip</th><th>SPI</th><th>CPI</th><th>Done</th>"
	"<th>Budget</th><th>Used</th><th>High</th><th>Critical</th><th>Overdue</th>";

/* The cells of figures_head for a row. */
static void figures(pmo_buf *out, const pmo_portfolio_row *r, const pmo_currency *cur)
{
	char s[PMO_MONEY_BUFSZ];

	cell_num(out, r->finish != PMO_NODATE ? pmo_date_format(s, r->finish) : NULL);
	cell_num(out, r->baseline_finish != PMO_NODATE ? pmo_date_format(s, r->baseline_finish) : NULL);
	if (r->finish != PMO_NODATE && r->baseline_finish != PMO_NODATE)
		pmo_buf_printf(out, "<td class=\"n\">%s%ld</td>", r->finish_variance > 0 ? "+" : "", r->finish_variance);
	else
		cell_num(out, NULL);
	cell_num(out, r->has_spi ? pmo_dec_format(s, r->spi) : NULL);
	cell_num(out, r->has_cpi ? pmo_dec_format(s, r->cpi) : NULL);
	if (r->has_plan)
		pmo_buf_printf(out, "<td class=\"n\">%.0f%%</td>", r->progress);
	else
		cell_num(out, NULL);
	cell_num(out, r->has_budget ? pmo_money_format(s, r->budget_planned, cur, 1) : NULL);
	cell_num(out, r->has_used ? share(s, r->budget_used) : NULL);
	pmo_buf_printf(out, "<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>",
		       r->high_risks, r->critical_risks, r->overdue);
}

static void begin(pmo_buf *out, const char *title, const char *h1, const report_data *d)
{
	char s[11];

	pmo_html_begin(out, title);
	pmo_buf_puts(out, "<h1>");
	pmo_html_text(out, h1);
	pmo_buf_printf(out, "</h1>\n<p class=\"meta\">as of <time data-today=\"%s\">%s</time>",
		       pmo_date_format(s, d->o->today), s);
}

/* --- index.html ------------------------------------------------------------------ */

static void index_page(pmo_buf *out, const report_data *d)
{
	const pmo_portfolio *p = d->p;
	const pmo_currency *cur = &d->settings->money;
	char s[PMO_MONEY_BUFSZ];
	size_t i;

	begin(out, "Portfolio status", "Portfolio status", d);
	pmo_buf_printf(out, " · %zu project%s: %zu red, %zu amber, %zu green</p>\n", p->n, p->n == 1 ? "" : "s",
		       p->ratings[PMO_RAG_RED], p->ratings[PMO_RAG_AMBER], p->ratings[PMO_RAG_GREEN]);
	pmo_buf_printf(out, "<table class=\"portfolio\">\n<thead><tr><th>Project</th><th>Name</th><th>Status</th>"
		       "<th>Manager</th><th>Rating</th>%s</tr></thead>\n<tbody>\n", figures_head);
	for (i = 0; i < p->n; i++) {
		const pmo_portfolio_row *r = &p->rows[i];

		pmo_buf_puts(out, "<tr data-project=\"");
		pmo_html_text(out, r->key);
		pmo_buf_puts(out, "\"><td><a href=\"");
		pmo_html_text(out, r->key);
		pmo_buf_puts(out, ".html\">");
		pmo_html_text(out, r->key);
		pmo_buf_puts(out, "</a></td>");
		cell_text(out, r->name);
		cell_text(out, r->status);
		cell_text(out, r->manager);
		rating(out, r);
		figures(out, r, cur);
		pmo_buf_puts(out, "</tr>\n");
	}
	pmo_buf_printf(out, "</tbody>\n<tfoot><tr><th>Total</th><td>%zu project%s</td><td></td><td></td><td></td>"
		       "<td></td><td></td><td></td><td></td><td></td><td></td>", p->n, p->n == 1 ? "" : "s");
	cell_num(out, p->has_budget ? pmo_money_format(s, p->budget_planned, cur, 1) : NULL);
	cell_num(out, p->has_used ? share(s, p->budget_used) : NULL);
	pmo_buf_printf(out, "<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr></tfoot>\n"
		       "</table>\n", p->high_risks, p->critical_risks, p->overdue);
	if (cur->code[0])
		pmo_buf_printf(out, "<p class=\"meta\">amounts in %s</p>\n", cur->code);
	pmo_html_end(out);
}

/* --- a project's page --------------------------------------------------------------- */

/* The risks of project key: a run of d->risks (listed by project). */
static pmo_records risks_of(const report_data *d, const char *key)
{
	pmo_records sub = { NULL, 0 };
	size_t i;

	for (i = 0; i < d->risks.n; i++) {
		const char *p = d->risks.items[i]->project;

		if (p && !strcmp(p, key)) {
			if (!sub.items)
				sub.items = &d->risks.items[i];
			sub.n++;
		} else if (sub.items)
			break;
	}
	return sub;
}

static const char *field(const pmo_record *r, const char *name)
{
	return name ? pmo_node_text(pmo_map_get(r->view, name)) : NULL;
}

static int risks_section(pmo_buf *out, const report_data *d, const char *key)
{
	const pmo_kind *kind = d->risk;
	pmo_records rs;
	pmo_matrix m;
	long r, c, rr, cc;
	size_t i;
	int error;

	if (!kind || !kind->matrix)
		return 0;
	rs = risks_of(d, key);
	if ((error = pmo_matrix_count(&m, kind, &rs, d->settings)) < 0)
		return error;
	pmo_buf_puts(out, "<h2 id=\"risks\">Risks</h2>\n");
	pmo_buf_printf(out, "<p>%zu open %s by %s and %s", m.counted, kind->plural, m.rows, m.columns);
	if (m.unscored)
		pmo_buf_printf(out, "; not shown: %zu without both scores", m.unscored);
	pmo_buf_puts(out, ".</p>\n<div class=\"chart\">\n");
	pmo_html_heatmap(out, &m, "risks");
	pmo_buf_puts(out, "</div>\n");
	for (r = 5; r >= 1; r--)
		for (c = 5; c >= 1; c--) {
			if (!m.count[r - 1][c - 1])
				continue;
			pmo_buf_printf(out, "<section id=\"risks-%ld-%ld\" class=\"cell-risks\">\n<h3>", r, c);
			pmo_html_text(out, m.rows);
			pmo_buf_printf(out, " %ld × ", r);
			pmo_html_text(out, m.columns);
			pmo_buf_printf(out, " %ld%s%s: %zu</h3>\n<ul>\n", c, m.level[r - 1][c - 1] ? ", " : "",
				       m.level[r - 1][c - 1] ? m.level[r - 1][c - 1] : "", m.count[r - 1][c - 1]);
			for (i = 0; i < rs.n; i++) {
				const pmo_record *rec = rs.items[i];
				const char *owner = field(rec, "owner"), *status = field(rec, kind->status_field);

				if (pmo_matrix_cell(&rr, &cc, kind, rec) != 1 || rr != r || cc != c)
					continue;
				pmo_buf_puts(out, "<li data-risk=\"");
				pmo_html_text(out, rec->id);
				pmo_buf_puts(out, "\"><b>");
				pmo_html_text(out, rec->id);
				pmo_buf_puts(out, "</b> ");
				pmo_html_text(out, field(rec, kind->title_field));
				if (owner || status) {
					pmo_buf_puts(out, " <small>(");
					pmo_html_text(out, status);
					pmo_buf_puts(out, owner && status ? ", " : "");
					pmo_html_text(out, owner);
					pmo_buf_puts(out, ")</small>");
				}
				pmo_buf_puts(out, "</li>\n");
			}
			pmo_buf_puts(out, "</ul>\n</section>\n");
		}
	return 0;
}

static int of_project(const pmo_due_item *it, const char *key)
{
	if (it->project)
		return !strcmp(it->project, key);
	return !strcmp(it->kind, "project") && it->record && !strcmp(it->record, key);
}

static void due_section(pmo_buf *out, const report_data *d, const char *key)
{
	size_t i, n = 0;
	char s[11];

	pmo_buf_printf(out, "<h2 id=\"due\">Overdue and due in the next %d days</h2>\n", UPCOMING);
	for (i = 0; i < d->due.n; i++) {
		const pmo_due_item *it = &d->due.items[i];

		if (!of_project(it, key) || it->days > UPCOMING)
			continue;
		if (!n++)
			pmo_buf_puts(out, "<table class=\"due\">\n<thead><tr><th>Date</th><th>Days</th><th>Item</th>"
				     "<th>What</th><th>Title</th><th>Owner</th></tr></thead>\n<tbody>\n");
		pmo_buf_printf(out, "<tr data-due=\"%s\" class=\"%s\"><td>%s</td><td class=\"n\">%ld</td>",
			       it->days < 0 ? "overdue" : "upcoming", it->days < 0 ? "overdue" : "upcoming",
			       pmo_date_format(s, it->date), it->days);
		cell_text(out, it->record);
		cell_text(out, it->what);
		cell_text(out, it->title);
		cell_text(out, it->owner);
		pmo_buf_puts(out, "</tr>\n");
	}
	pmo_buf_puts(out, n ? "</tbody>\n</table>\n" : "<p>Nothing overdue or coming due.</p>\n");
}

static void changes_section(pmo_buf *out, const report_changes *c)
{
	size_t i;
	char s[11];

	pmo_buf_puts(out, "<h2 id=\"changes\">Last changes</h2>\n");
	if (!c || !c->n) {
		pmo_buf_puts(out, "<p>No change committed yet.</p>\n");
		return;
	}
	pmo_buf_puts(out, "<table class=\"changes\">\n<thead><tr><th>Date</th><th>Who</th><th>What</th>"
		     "<th>Commit</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < c->n; i++) {
		pmo_buf_printf(out, "<tr data-commit=\"%.7s\"><td>%s</td>", c->items[i].id,
			       pmo_date_format(s, c->items[i].date));
		cell_text(out, c->items[i].author);
		cell_text(out, c->items[i].subject);
		pmo_buf_printf(out, "<td><code>%.7s</code></td></tr>\n", c->items[i].id);
	}
	pmo_buf_puts(out, "</tbody>\n</table>\n");
}

static int project_page(pmo_buf *out, const report_data *d, size_t i)
{
	const pmo_portfolio_row *r = &d->p->rows[i];
	const report_part *part = &d->parts[i];
	pmo_buf title = PMO_BUF_INIT;
	int error;

	pmo_buf_printf(&title, "%s %s", r->key, r->name ? r->name : "");
	begin(out, pmo_buf_cstr(&title), pmo_buf_cstr(&title), d);
	pmo_buf_free(&title);
	pmo_buf_puts(out, " · status ");
	pmo_html_text(out, r->status);
	if (r->manager) {
		pmo_buf_puts(out, " · manager ");
		pmo_html_text(out, r->manager);
	}
	pmo_buf_puts(out, " · <a href=\"index.html\">portfolio</a></p>\n");
	pmo_buf_printf(out, "<table class=\"figures\" data-project=\"");
	pmo_html_text(out, r->key);
	pmo_buf_printf(out, "\">\n<thead><tr><th>Rating</th>%s</tr></thead>\n<tbody><tr>", figures_head);
	rating(out, r);
	figures(out, r, &d->settings->money);
	pmo_buf_puts(out, "</tr></tbody>\n</table>\n<h2 id=\"schedule\">Schedule</h2>\n");
	if (part->plan.len) {
		pmo_buf_puts(out, "<p class=\"meta\">bars: tasks (filled as far as done), red: the critical path, "
			     "dashed: the baseline, grey: days off, the purple line: today</p>\n");
		pmo_buf_put(out, part->plan.ptr, part->plan.len);
	} else if (r->plan_errors)
		pmo_buf_printf(out, "<p>No schedule: plan.yaml has %zu error%s (pmo validate; --force draws it "
			       "anyway).</p>\n", r->plan_errors, r->plan_errors == 1 ? "" : "s");
	else
		pmo_buf_puts(out, "<p>No schedule: the project has no plan or no start date.</p>\n");
	if ((error = risks_section(out, d, r->key)) < 0)
		return error;
	if (part->money.len)
		pmo_buf_put(out, part->money.ptr, part->money.len);
	due_section(out, d, r->key);
	changes_section(out, d->changes ? &d->changes[i] : NULL);
	pmo_html_end(out);
	return pmo_buf_oom(out);
}

int report_pages(pmo_buf *bufs, const report_data *d)
{
	size_t i;
	int error;

	index_page(&bufs[0], d);
	if ((error = pmo_buf_oom(&bufs[0])) < 0)
		return error;
	for (i = 0; i < d->p->n; i++)
		if ((error = project_page(&bufs[i + 1], d, i)) < 0)
			return error;
	return 0;
}
