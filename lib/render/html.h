#ifndef PMO_RENDER_HTML_H
#define PMO_RENDER_HTML_H
/*
 * The pieces of pmo report's static HTML pages (docs/report.md): text
 * escaped for HTML (the one place that escapes it, for element text and
 * attribute values alike), the page around a report with its inline CSS
 * (the system's fonts, Chinese ones first; A4 landscape in print), and the
 * charts that need nothing but their figures: the 5×5 heat map and a line
 * chart of amounts over days. Nothing here reads a file or runs script:
 * a page opens from file:// and asks no network for anything.
 */
#include "model/model.h"
#include "util/buf.h"
#include "util/date.h"

/* s escaped for element text and attribute values (quoted with "): & < >
 * " ' as character references. len (size_t)-1: up to the NUL. */
void pmo_html_escape(pmo_buf *out, const char *s, size_t len);
#define pmo_html_text(out, s) pmo_html_escape((out), (s), (size_t)-1)

/* <!DOCTYPE html> … <body> with title (escaped) and the report's CSS;
 * pmo_html_end closes what it opened. */
/* The generator named in every page's head: pmo report --html knows its
 * own pages by it (a closed project's page is removed, a hand-made page
 * in the folder is kept). */
#define PMO_HTML_GENERATOR "pmo report"
void pmo_html_begin(pmo_buf *out, const char *title);
void pmo_html_end(pmo_buf *out);

/* The 5×5 heat map of m as an inline SVG: the highest row on top, each
 * cell coloured by its level, its count written in it, and each cell with
 * records a link to "#PREFIX-ROW-COLUMN" (the list of its records; prefix
 * "risks" gives "#risks-5-4"). Each cell's <g> has data-row,
 * data-column and data-count. */
void pmo_html_heatmap(pmo_buf *out, const pmo_matrix *m, const char *prefix);

/* A line chart of series over days: each series a name, a class (its
 * colour in the CSS: pv, ev, ac, budget) and its points (day, amount in
 * minor units), drawn as steps from point to point; a vertical line at
 * today when it is in range, a legend, the amounts' axis in major units
 * (minor / 10^places). data-series, data-points and data-values (each
 * point as DAY=AMOUNT in major units, "2027-01-11=40000.00") on each line. */
typedef struct {
	const char *name, *cls;
	const pmo_date *days;
	const int64_t *amounts;
	size_t n;
} pmo_html_series;
void pmo_html_curve(pmo_buf *out, const char *label, const pmo_html_series *series, size_t n,
		    pmo_date today, int places);

#endif
