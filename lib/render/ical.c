/*
 * iCalendar (RFC 5545) writing: content lines folded at 75 octets, TEXT
 * escaped, a calendar of all-day events (pmo due, pmo export --format ical).
 */
#include "render/ical.h"

#include <string.h>

void pmo_ical_line(pmo_buf *out, const char *line)
{
	size_t len = strlen(line), at = 0, room = 75;

	while (len - at > room) {
		size_t cut = at + room;

		while (cut > at && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		pmo_buf_put(out, line + at, cut - at);
		pmo_buf_puts(out, "\r\n ");
		at = cut;
		room = 74;
	}
	pmo_buf_put(out, line + at, len - at);
	pmo_buf_puts(out, "\r\n");
}

/* TEXT: \\ \; \, and \n escaped (§3.3.11) */
static void text(pmo_buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',')
			pmo_buf_putc(b, '\\');
		if (*s == '\n') {
			pmo_buf_puts(b, "\\n");
			continue;
		}
		if (*s == '\r')
			continue;
		pmo_buf_putc(b, *s);
	}
}

void pmo_ical_prop(pmo_buf *out, const char *name, const char *value)
{
	pmo_buf line = PMO_BUF_INIT;

	pmo_buf_puts(&line, name);
	pmo_buf_putc(&line, ':');
	text(&line, value);
	pmo_ical_line(out, pmo_buf_cstr(&line));
	pmo_buf_free(&line);
}

static void ymd(pmo_buf *b, pmo_date d)
{
	int y, m, day;

	pmo_date_to_ymd(d, &y, &m, &day);
	pmo_buf_printf(b, "%04d%02d%02d", y, m, day);
}

void pmo_ical_calendar(pmo_buf *out, const char *product, pmo_date stamp,
		       const pmo_ical_event *events, size_t n)
{
	pmo_buf line = PMO_BUF_INIT, dtstamp = PMO_BUF_INIT;
	size_t i;

	pmo_buf_puts(&dtstamp, "DTSTAMP:");
	ymd(&dtstamp, stamp);
	pmo_buf_puts(&dtstamp, "T000000Z");
	pmo_ical_line(out, "BEGIN:VCALENDAR");
	pmo_ical_line(out, "VERSION:2.0");
	pmo_buf_printf(&line, "PRODID:-//pmo//%s//EN", product);
	pmo_ical_line(out, pmo_buf_cstr(&line));
	pmo_ical_line(out, "CALSCALE:GREGORIAN");
	for (i = 0; i < n; i++) {
		const pmo_ical_event *e = &events[i];

		pmo_ical_line(out, "BEGIN:VEVENT");
		pmo_ical_prop(out, "UID", e->uid);
		pmo_ical_line(out, pmo_buf_cstr(&dtstamp));
		pmo_buf_clear(&line);
		pmo_buf_puts(&line, "DTSTART;VALUE=DATE:");
		ymd(&line, e->date);
		pmo_ical_line(out, pmo_buf_cstr(&line));
		pmo_ical_prop(out, "SUMMARY", e->summary);
		if (e->description)
			pmo_ical_prop(out, "DESCRIPTION", e->description);
		if (e->category)
			pmo_ical_prop(out, "CATEGORIES", e->category);
		pmo_ical_line(out, "END:VEVENT");
	}
	pmo_ical_line(out, "END:VCALENDAR");
	pmo_buf_free(&line);
	pmo_buf_free(&dtstamp);
}
