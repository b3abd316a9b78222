#ifndef PMO_RENDER_ICAL_H
#define PMO_RENDER_ICAL_H
/*
 * iCalendar (RFC 5545) content lines: CRLF, folded at 75 octets with a
 * leading space on each continuation (§3.1), never inside a UTF-8
 * character; TEXT values escaped (§3.3.11). A calendar of all-day events,
 * byte-identical for the same events and stamp.
 */
#include "util/buf.h"
#include "util/date.h"

typedef struct {
	const char *uid;         /* stable across runs: "CBM/R-1/review@pmo" */
	pmo_date date;           /* the day (all-day event) */
	const char *summary;
	const char *description; /* or NULL */
	const char *category;    /* or NULL */
} pmo_ical_event;

/* One content line, folded and ended by CRLF. */
void pmo_ical_line(pmo_buf *out, const char *line);
/* NAME:TEXT with the text escaped (\\ \; \, and \n), folded. */
void pmo_ical_prop(pmo_buf *out, const char *name, const char *text);
/* A VCALENDAR of the events (one VEVENT each, DTSTART;VALUE=DATE), with
 * PRODID -//pmo//<product>//EN and DTSTAMP stamp at 00:00 UTC (the day
 * the calendar is made, so the same tree and day give the same bytes). */
void pmo_ical_calendar(pmo_buf *out, const char *product, pmo_date stamp,
		       const pmo_ical_event *events, size_t n);

#endif
