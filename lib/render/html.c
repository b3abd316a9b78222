/*
 * pmo report's HTML pieces (html.h): escaping, the page and its CSS, the
 * heat map and the line chart. Every number is written with a fixed
 * format from the figures alone, so the same figures give the same bytes.
 */
#include "render/html.h"

#include <inttypes.h>
#include <string.h>

void pmo_html_escape(pmo_buf *out, const char *s, size_t len)
{
	size_t i, from = 0;

	if (!s)
		return;
	if (len == (size_t)-1)
		len = strlen(s);
	for (i = 0; i < len; i++) {
		const char *ref;

		switch (s[i]) {
		case '&': ref = "&amp;"; break;
		case '<': ref = "&lt;"; break;
		case '>': ref = "&gt;"; break;
		case '"': ref = "&quot;"; break;
		case '\'': ref = "&#39;"; break;
		default: continue;
		}
		pmo_buf_put(out, s + from, i - from);
		pmo_buf_puts(out, ref);
		from = i + 1;
	}
	pmo_buf_put(out, s + from, len - from);
}

/* The report's look: the system's fonts (Chinese ones named first, so that
 * no web font is ever fetched), the ratings' and levels' colours, the
 * charts' classes, and A4 landscape on paper. */
static const char css[] =
	"@page{size:A4 landscape;margin:12mm}\n"
	"body{font-family:system-ui,-apple-system,\"Segoe UI\",\"Noto Sans CJK SC\",\"PingFang SC\","
	"\"Microsoft YaHei\",sans-serif;margin:24px;color:#222;background:#fff}\n"
	"h1{font-size:1.5em;margin:0 0 .3em}h2{font-size:1.15em;margin:1.4em 0 .5em}\n"
	"p.meta{color:#555;margin:0 0 1em}\n"
	"table{border-collapse:collapse;font-size:.9em}th,td{border:1px solid #ccc;padding:3px 8px;"
	"text-align:left;vertical-align:top}th{background:#f0f0f0}td.n{text-align:right;white-space:nowrap}\n"
	".rag{display:inline-block;width:.8em;height:.8em;border-radius:50%;margin-right:.4em}\n"
	".rag-green{background:#2e9d47}.rag-amber{background:#e8a317}.rag-red{background:#d33}\n"
	".chart{margin:.5em 0}.chart svg{max-width:100%;height:auto}svg text{font-size:11px;fill:#222}\n"
	".off{fill:#eee}.grid{stroke:#ddd}.today{stroke:#7a3fb5;stroke-width:1.5;stroke-dasharray:4 2}\n"
	".bar{fill:#6a9fd8}.bar.critical{fill:#e06b5f}.done{fill:#1f4e8c}.bar.critical+.done,"
	".done.critical{fill:#8f2a20}\n"
	".summary{fill:#444}.milestone{fill:#222}.milestone.critical{fill:#c22}.base{fill:none;"
	"stroke:#999;stroke-dasharray:3 2}\n"
	".dep{fill:none;stroke:#888;stroke-width:1}.dep.critical{stroke:#c22}\n"
	".lvl-low{fill:#8fd19e}.lvl-medium{fill:#f5d76e}.lvl-high{fill:#f39c6b}.lvl-critical{fill:#d9534f}"
	".lvl-none{fill:#f4f4f4}\n"
	".cell text{font-size:15px;text-anchor:middle}\n"
	".line{fill:none;stroke-width:2}.pv{stroke:#6a9fd8}.ev{stroke:#2e9d47}.ac{stroke:#d33}"
	".budget{stroke:#555;stroke-dasharray:5 3}\n"
	"@media print{body{margin:0}h2{break-after:avoid}}\n";

void pmo_html_begin(pmo_buf *out, const char *title)
{
	pmo_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
		     "<meta name=\"generator\" content=\"" PMO_HTML_GENERATOR "\">\n<title>");
	pmo_html_text(out, title);
	pmo_buf_printf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
}

void pmo_html_end(pmo_buf *out)
{
	pmo_buf_puts(out, "</body>\n</html>\n");
}

/* --- the heat map ------------------------------------------------------------ */

#define CELL 56
#define HM_LEFT 96
#define HM_TOP 8

void pmo_html_heatmap(pmo_buf *out, const pmo_matrix *m, const char *prefix)
{
	long r, c;
	int w = HM_LEFT + 5 * CELL + 8, h = HM_TOP + 5 * CELL + 44;

	pmo_buf_printf(out, "<svg class=\"heatmap\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		       "role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">\n", w, h, w, h);
	for (r = 5; r >= 1; r--)
		for (c = 1; c <= 5; c++) {
			size_t n = m->count[r - 1][c - 1];
			const char *level = m->level[r - 1][c - 1];
			int x = HM_LEFT + (int)(c - 1) * CELL, y = HM_TOP + (int)(5 - r) * CELL;

			pmo_buf_printf(out, "<g class=\"cell\" data-row=\"%ld\" data-column=\"%ld\" data-count=\"%zu\">",
				       r, c, n);
			if (n) {
				pmo_buf_puts(out, "<a href=\"#");
				pmo_html_text(out, prefix);
				pmo_buf_printf(out, "-%ld-%ld\">", r, c);
			}
			pmo_buf_printf(out, "<rect class=\"lvl-%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
				       "stroke=\"#fff\"><title>", level ? level : "none", x, y, CELL, CELL);
			pmo_html_text(out, m->rows);
			pmo_buf_printf(out, " %ld × ", r);
			pmo_html_text(out, m->columns);
			pmo_buf_printf(out, " %ld: %zu%s%s</title></rect>", c, n, level ? ", " : "", level ? level : "");
			if (n)
				pmo_buf_printf(out, "<text x=\"%d\" y=\"%d\">%zu</text></a>", x + CELL / 2,
					       y + CELL / 2 + 5, n);
			pmo_buf_puts(out, "</g>\n");
		}
	for (r = 1; r <= 5; r++)
		pmo_buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%ld</text>\n", HM_LEFT - 6,
			       HM_TOP + (int)(5 - r) * CELL + CELL / 2 + 4, r);
	for (c = 1; c <= 5; c++)
		pmo_buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%ld</text>\n",
			       HM_LEFT + (int)(c - 1) * CELL + CELL / 2, HM_TOP + 5 * CELL + 16, c);
	pmo_buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", HM_LEFT + 5 * CELL / 2,
		       HM_TOP + 5 * CELL + 36);
	pmo_html_text(out, m->columns);
	pmo_buf_printf(out, " →</text>\n<text x=\"4\" y=\"%d\">", HM_TOP + 12);
	pmo_html_text(out, m->rows);
	pmo_buf_puts(out, " ↑</text>\n</svg>\n");
}

/* --- the line chart ------------------------------------------------------------ */

#define CV_W 760
#define CV_H 280
#define CV_LEFT 80
#define CV_RIGHT 16
#define CV_TOP 12
#define CV_BOTTOM 56

static double major(int64_t minor, int places)
{
	double d = (double)minor;

	while (places-- > 0)
		d /= 10;
	return d;
}

/* "2027-01-11=40000.00": a point's day and amount in major units, exact. */
static void amount_value(pmo_buf *out, const char *sep, pmo_date day, int64_t minor, int places)
{
	uint64_t a = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor, unit = 1;
	char d[11];
	int i;

	for (i = 0; i < places; i++)
		unit *= 10;
	pmo_buf_printf(out, "%s%s=%s%" PRIu64, sep, pmo_date_format(d, day), minor < 0 ? "-" : "", a / unit);
	if (places > 0)
		pmo_buf_printf(out, ".%0*" PRIu64, places, a % unit);
}

void pmo_html_curve(pmo_buf *out, const char *label, const pmo_html_series *series, size_t n,
		    pmo_date today, int places)
{
	pmo_date lo = PMO_NODATE, hi = PMO_NODATE;
	int64_t top = 0;
	double xs, ys;
	size_t i, k;
	char d1[11], d2[11];

	for (i = 0; i < n; i++)
		for (k = 0; k < series[i].n; k++) {
			pmo_date d = series[i].days[k];

			if (lo == PMO_NODATE || d < lo)
				lo = d;
			if (hi == PMO_NODATE || d > hi)
				hi = d;
			if (series[i].amounts[k] > top)
				top = series[i].amounts[k];
		}
	pmo_buf_printf(out, "<svg class=\"curve\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
		       "xmlns=\"http://www.w3.org/2000/svg\" aria-label=\"", CV_W, CV_H, CV_W, CV_H);
	pmo_html_text(out, label);
	pmo_buf_puts(out, "\">\n");
	if (lo == PMO_NODATE) {
		pmo_buf_printf(out, "<text x=\"%d\" y=\"%d\">no figures</text>\n</svg>\n", CV_LEFT, CV_H / 2);
		return;
	}
	if (hi == lo)
		hi = lo + 1;
	if (top <= 0)
		top = 1;
	xs = (double)(CV_W - CV_LEFT - CV_RIGHT) / (double)(hi - lo);
	ys = (double)(CV_H - CV_TOP - CV_BOTTOM) / (double)top;
	for (k = 0; k <= 4; k++) {
		double y = CV_H - CV_BOTTOM - (double)k * (CV_H - CV_TOP - CV_BOTTOM) / 4;

		pmo_buf_printf(out, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
			       "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>\n", CV_LEFT,
			       CV_W - CV_RIGHT, y, y, CV_LEFT - 4, y + 4, major(top, places) * (double)k / 4);
	}
	pmo_buf_printf(out, "<text x=\"%d\" y=\"%d\">%s</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
		       CV_LEFT, CV_H - CV_BOTTOM + 16, pmo_date_format(d1, lo), CV_W - CV_RIGHT,
		       CV_H - CV_BOTTOM + 16, pmo_date_format(d2, hi));
	if (today != PMO_NODATE && today >= lo && today <= hi)
		pmo_buf_printf(out, "<line class=\"today\" data-date=\"%s\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>\n",
			       pmo_date_format(d1, today), CV_LEFT + (double)(today - lo) * xs,
			       CV_LEFT + (double)(today - lo) * xs, CV_TOP, CV_H - CV_BOTTOM);
	for (i = 0; i < n; i++) {
		const pmo_html_series *s = &series[i];
		double prev = CV_H - CV_BOTTOM;

		pmo_buf_puts(out, "<polyline class=\"line ");
		pmo_html_text(out, s->cls);
		pmo_buf_puts(out, "\" data-series=\"");
		pmo_html_text(out, s->name);
		pmo_buf_printf(out, "\" data-points=\"%zu\" data-values=\"", s->n);
		for (k = 0; k < s->n; k++)
			amount_value(out, k ? " " : "", s->days[k], s->amounts[k], places);
		pmo_buf_puts(out, "\" points=\"");
		for (k = 0; k < s->n; k++) {
			double x = CV_LEFT + (double)(s->days[k] - lo) * xs;
			double y = CV_H - CV_BOTTOM - (double)s->amounts[k] * ys;

			if (k)
				pmo_buf_printf(out, " %.1f,%.1f", x, prev);
			pmo_buf_printf(out, "%s%.1f,%.1f", k ? " " : "", x, y);
			prev = y;
		}
		pmo_buf_printf(out, "\"/>\n<line class=\"line %s\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>"
			       "<text x=\"%d\" y=\"%d\">", s->cls, CV_LEFT + (int)i * 150, CV_LEFT + (int)i * 150 + 24,
			       CV_H - 14, CV_H - 14, CV_LEFT + (int)i * 150 + 30, CV_H - 10);
		pmo_html_text(out, s->name);
		pmo_buf_puts(out, "</text>\n");
	}
	pmo_buf_puts(out, "</svg>\n");
}
