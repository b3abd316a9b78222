/*
 * Due items as an iCalendar (due.h): one all-day event a day an item falls
 * due, for `pmo due --format ical` and `pmo export --format ical`.
 *
 * The UID names the item, not its day: "CBM/R-1/review@pmo". RFC 5545
 * (3.8.4.7) makes the UID the event's identity, so a calendar that
 * subscribes to the file sees a review or a milestone that moves as the
 * same event at its new date, not as one deleted and another added (with
 * the date in the UID a moved milestone left its old event behind in
 * clients that keep what they once saw). A record has one item per "what"
 * (x-pmo due), a plan one per milestone, so record/what is unique.
 */
#include "check/due.h"
#include "render/ical.h"
#include "util/error.h"

#include <stdlib.h>

int pmo_due_ical(pmo_buf *out, const char *product, pmo_due_item *const *rows, size_t n,
		 pmo_date today)
{
	pmo_ical_event *ev = n ? calloc(n, sizeof(*ev)) : NULL;
	pmo_buf *text = n ? calloc(3 * n, sizeof(*text)) : NULL;
	size_t i;

	if (n && (!ev || !text)) {
		free(ev);
		free(text);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	for (i = 0; i < n; i++) {
		const pmo_due_item *it = rows[i];
		pmo_buf *uid = &text[3 * i], *summary = uid + 1, *desc = uid + 2;

		/* stable: the same item keeps its UID wherever its day moves */
		pmo_buf_printf(uid, "%s/%s@pmo", it->record, it->what ? it->what : "");
		pmo_buf_printf(summary, "%s %s%s: %s", it->record, it->what ? it->what : "",
			       it->done ? " (done)" : "", it->title ? it->title : "");
		pmo_buf_printf(desc, "%s %s %s%s%s%s%s%s\n%s", it->kind, it->record,
			       it->what ? it->what : "", it->done ? " done" : "",
			       it->at ? " at " : "", it->at ? it->at : "",
			       it->owner ? "; owner " : "", it->owner ? it->owner : "", it->path);
		ev[i].uid = pmo_buf_cstr(uid);
		ev[i].date = it->date;
		ev[i].summary = pmo_buf_cstr(summary);
		ev[i].description = pmo_buf_cstr(desc);
		ev[i].category = it->kind;
	}
	pmo_ical_calendar(out, product, today, ev, n);
	for (i = 0; i < 3 * n; i++)
		pmo_buf_free(&text[i]);
	free(text);
	free(ev);
	return 0;
}
