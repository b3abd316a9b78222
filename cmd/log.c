/*
 * The commit of one entry of `risk log`, `task log` … as both formats
 * show it: "1a2b3c4 2027-01-04 王丽 <wang.li@bank.example>" and the subject
 * below it, or the start of the entry's JSON object (commit, date, author,
 * email, subject), which the caller goes on with; and the line that ends
 * a shallow clone's history.
 */
#include "pmo.h"

#include <string.h>

void pmo_log_commit(pmo_buf *out, const pmo_commit_info *c, int first, int json)
{
	int64_t t = c->author_time + (int64_t)c->author_offset * 60;
	char date[11];

	/* the author's own calendar day */
	pmo_date_format(date, (pmo_date)(t >= 0 ? t / 86400 : (t - 86399) / 86400));
	if (json) {
		pmo_buf_puts(out, first ? "\n    " : ",\n    ");
		pmo_buf_putc(out, '{');
		pmo_json_member(out, "commit", c->id, 0);
		pmo_json_member(out, "date", date, 1);
		pmo_buf_puts(out, ", \"author\": ");
		pmo_json_string(out, c->author_name, strlen(c->author_name));
		pmo_buf_puts(out, ", \"email\": ");
		pmo_json_string(out, c->author_email, strlen(c->author_email));
		pmo_buf_puts(out, ", \"subject\": ");
		pmo_json_string(out, c->summary, strlen(c->summary));
	} else {
		pmo_buf_printf(out, "%s%.7s %s %s <%s>\n", first ? "" : "\n", c->id, date, c->author_name,
			       c->author_email);
		pmo_buf_printf(out, "    %s\n", c->summary);
	}
}

void pmo_log_cut(pmo_buf *out, const pmo_commit_info *c)
{
	pmo_buf_printf(out, "    history cut: this shallow clone has no commits before "
		       "%.7s (git fetch --unshallow gets them)\n", c->id);
}
