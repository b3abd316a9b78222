#ifndef PMO_RENDER_REPORT_MD_H
#define PMO_RENDER_REPORT_MD_H
/*
 * The pieces of pmo report --md that are Markdown's own: headings and
 * text outside tables with Markdown's syntax characters escaped, so a
 * project called "*Core* #1" reads as written; Chinese passes unchanged.
 * Tables are table.c's (pmo_table_md), Gantt charts mermaid.c's.
 */
#include "util/buf.h"

/* Text with \ ` * _ [ ] < > # | escaped by a backslash and line breaks as
 * blanks, appended to out. */
void pmo_md_text(pmo_buf *out, const char *text);
/* "## text\n\n" at level (1–6), the text escaped. */
void pmo_md_heading(pmo_buf *out, int level, const char *text);

#endif
