/*
 * Markdown text for pmo report --md (report_md.h).
 */
#include "render/report_md.h"

#include <string.h>

void pmo_md_text(pmo_buf *out, const char *text)
{
	for (; text && *text; text++) {
		if (*text == '\n' || *text == '\r') {
			pmo_buf_putc(out, ' ');
			continue;
		}
		if (strchr("\\`*_[]<>#|", *text))
			pmo_buf_putc(out, '\\');
		pmo_buf_putc(out, *text);
	}
}

void pmo_md_heading(pmo_buf *out, int level, const char *text)
{
	pmo_buf_printf(out, "%.*s ", level < 1 ? 1 : level > 6 ? 6 : level, "######");
	pmo_md_text(out, text);
	pmo_buf_puts(out, "\n\n");
}
