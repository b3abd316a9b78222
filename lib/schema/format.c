/*
 * The `format` keyword: date, time, date-time (RFC 3339), email (RFC 5321
 * mailbox, simplified), hostname (RFC 1123), ipv4, ipv6 (RFC 4291), uri and
 * uri-reference (RFC 3986), iri/iri-reference/idn-email (the same, allowing
 * non-ASCII UTF-8), json-pointer (RFC 6901), relative-json-pointer, regex
 * (compiles with PCRE2 the way `pattern` does), uri-template. Other formats are unknown
 * and ignored.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <string.h>

#include "schema/format.h"
#include "util/date.h"
#include "util/utf8.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* n digits at s as a number; -1 when they are not all digits. */
static int digits(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int check_date(const char *s, size_t len)
{
	pmo_date d;

	return pmo_date_parse(&d, s, len) == 0;
}

/* RFC 3339 full-time: HH:MM:SS[.frac](Z|+HH:MM|-HH:MM). */
static int check_time(const char *s, size_t len)
{
	size_t i = 8;
	int h, m, sec;

	if (len < 9 || s[2] != ':' || s[5] != ':')
		return 0;
	h = digits(s, 2);
	m = digits(s + 3, 2);
	sec = digits(s + 6, 2);
	if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60)
		return 0;
	if (s[i] == '.') {
		i++;
		if (i >= len || !is_digit(s[i]))
			return 0;
		while (i < len && is_digit(s[i]))
			i++;
	}
	if (i >= len)
		return 0;
	if (s[i] == 'Z' || s[i] == 'z')
		return i + 1 == len;
	if (s[i] != '+' && s[i] != '-')
		return 0;
	if (len - i != 6 || s[i + 3] != ':')
		return 0;
	h = digits(s + i + 1, 2);
	m = digits(s + i + 4, 2);
	return h >= 0 && h <= 23 && m >= 0 && m <= 59;
}

static int check_date_time(const char *s, size_t len)
{
	if (len < 11 || (s[10] != 'T' && s[10] != 't'))
		return 0;
	return check_date(s, 10) && check_time(s + 11, len - 11);
}

/* RFC 1123 host name: labels of 1-63 letters, digits and hyphens, not
 * starting or ending with a hyphen; 253 characters at most. */
static int check_hostname(const char *s, size_t len)
{
	size_t i, label = 0;

	if (len == 0 || len > 253)
		return 0;
	for (i = 0; i < len; i++) {
		char c = s[i];
		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!is_alpha(c) && !is_digit(c) && c != '-')
			return 0;
		if (c == '-' && label == 0)
			return 0;
		if (++label > 63)
			return 0;
	}
	return label > 0 && s[len - 1] != '-';
}

static int check_ipv4(const char *s, size_t len)
{
	size_t i = 0;
	int part;

	for (part = 0; part < 4; part++) {
		size_t start = i;
		int v = 0;
		if (part > 0) {
			if (i >= len || s[i] != '.')
				return 0;
			start = ++i;
		}
		while (i < len && is_digit(s[i]) && i - start < 3)
			v = v * 10 + (s[i++] - '0');
		if (i == start || v > 255 || (i - start > 1 && s[start] == '0'))
			return 0;
	}
	return i == len;
}

static int check_ipv6(const char *s, size_t len)
{
	size_t i = 0;
	int groups = 0, gap = 0;

	if (len < 2)
		return 0;
	if (s[0] == ':') {
		if (s[1] != ':')
			return 0;
		gap = 1;
		i = 2;
		if (i == len)
			return 1;
	}
	while (i < len) {
		size_t start = i, end = i;
		while (end < len && is_hex(s[end]) && end - start < 5)
			end++;
		if (end < len && s[end] == '.') {
			/* an embedded IPv4 address ends the text */
			if (!check_ipv4(s + start, len - start))
				return 0;
			groups += 2;
			i = len;
			break;
		}
		if (end == start || end - start > 4)
			return 0;
		groups++;
		i = end;
		if (i == len)
			break;
		if (s[i] != ':')
			return 0;
		i++;
		if (i < len && s[i] == ':') {
			if (gap)
				return 0;
			gap = 1;
			i++;
			if (i == len)
				break;
		} else if (i == len) {
			return 0; /* a single trailing colon */
		}
	}
	return gap ? groups <= 7 : groups == 8;
}

/* RFC 3986 character classes. */
static int is_unreserved(char c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static int is_subdelim(char c)
{
	return c != '\0' && strchr("!$&'()*+,;=", c) != NULL;
}

/* Length of one allowed character (or %XX) at s[i], 0 when it is not
 * allowed. extra lists more allowed ASCII characters; iri allows UTF-8. */
static size_t uri_char(const char *s, size_t len, size_t i, const char *extra, int iri)
{
	char c = s[i];

	if (c == '%')
		return i + 2 < len && is_hex(s[i + 1]) && is_hex(s[i + 2]) ? 3 : 0;
	if ((unsigned char)c >= 0x80) {
		uint32_t cp;
		if (!iri)
			return 0;
		return pmo_utf8_decode(s + i, len - i, &cp);
	}
	if (is_unreserved(c) || is_subdelim(c) || (c != '\0' && strchr(extra, c)))
		return 1;
	return 0;
}

static int uri_run(const char *s, size_t len, const char *extra, int iri)
{
	size_t i = 0;

	while (i < len) {
		size_t n = uri_char(s, len, i, extra, iri);
		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}

static int check_authority(const char *s, size_t len, int iri)
{
	size_t at, i, host = 0, host_end = len;

	for (at = 0; at < len && s[at] != '@'; at++)
		;
	if (at < len) {
		if (!uri_run(s, at, ":", iri))
			return 0;
		host = at + 1;
	}
	if (host < len && s[host] == '[') {
		for (i = host; i < len && s[i] != ']'; i++)
			;
		if (i == len)
			return 0;
		if (!check_ipv6(s + host + 1, i - host - 1))
			return 0;
		host_end = i + 1;
	} else {
		for (i = host; i < len && s[i] != ':'; i++)
			;
		host_end = i;
		if (!uri_run(s + host, host_end - host, "", iri))
			return 0;
	}
	if (host_end < len) {
		if (s[host_end] != ':')
			return 0;
		for (i = host_end + 1; i < len; i++)
			if (!is_digit(s[i]))
				return 0;
	}
	return 1;
}

/* A URI (need_scheme) or URI reference per RFC 3986. */
static int check_uri(const char *s, size_t len, int need_scheme, int iri)
{
	size_t i = 0, end;

	/* scheme */
	while (i < len && (is_alpha(s[i]) || (i > 0 && (is_digit(s[i]) || s[i] == '+' ||
							  s[i] == '-' || s[i] == '.'))))
		i++;
	if (i > 0 && i < len && s[i] == ':') {
		i++;
	} else {
		if (need_scheme)
			return 0;
		i = 0;
	}
	/* authority */
	if (len - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
		i += 2;
		for (end = i; end < len && s[end] != '/' && s[end] != '?' && s[end] != '#'; end++)
			;
		if (!check_authority(s + i, end - i, iri))
			return 0;
		i = end;
	}
	/* path: in a relative reference without scheme the first segment
	 * cannot hold a colon (it would read as a scheme) */
	for (end = i; end < len && s[end] != '?' && s[end] != '#'; end++)
		;
	if (!uri_run(s + i, end - i, ":@/", iri))
		return 0;
	i = end;
	if (i < len && s[i] == '?') {
		for (end = i + 1; end < len && s[end] != '#'; end++)
			;
		if (!uri_run(s + i + 1, end - i - 1, ":@/?", iri))
			return 0;
		i = end;
	}
	if (i < len && s[i] == '#') {
		if (!uri_run(s + i + 1, len - i - 1, ":@/?", iri))
			return 0;
	}
	return 1;
}

static int is_atext(char c)
{
	return is_alpha(c) || is_digit(c) || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

/* local@domain: local a dot-atom or a quoted string, domain a host name or
 * an address literal in brackets. */
static int check_email(const char *s, size_t len, int idn)
{
	size_t at, i;

	if (len > 0 && s[0] == '"') {
		for (i = 1; i < len && s[i] != '"'; i++)
			if (s[i] == '\\')
				i++;
		if (i >= len || i + 1 >= len || s[i + 1] != '@')
			return 0;
		at = i + 1;
	} else {
		for (at = 0; at < len && s[at] != '@'; at++)
			;
		if (at == 0 || at == len || s[0] == '.' || s[at - 1] == '.')
			return 0;
		for (i = 0; i < at; i++) {
			if (s[i] == '.') {
				if (s[i + 1] == '.')
					return 0;
			} else if (!is_atext(s[i]) && !(idn && (unsigned char)s[i] >= 0x80)) {
				return 0;
			}
		}
	}
	s += at + 1;
	len -= at + 1;
	if (len > 2 && s[0] == '[' && s[len - 1] == ']') {
		if (len > 7 && strncmp(s + 1, "IPv6:", 5) == 0)
			return check_ipv6(s + 6, len - 7);
		return check_ipv4(s + 1, len - 2);
	}
	if (idn) {
		for (i = 0; i < len; i++)
			if ((unsigned char)s[i] < 0x80 && !is_alpha(s[i]) && !is_digit(s[i]) &&
			    s[i] != '-' && s[i] != '.')
				return 0;
		return len > 0;
	}
	return check_hostname(s, len);
}

static int check_json_pointer(const char *s, size_t len)
{
	size_t i;

	if (len > 0 && s[0] != '/')
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] == '~' && (i + 1 >= len || (s[i + 1] != '0' && s[i + 1] != '1')))
			return 0;
	return 1;
}

static int check_relative_json_pointer(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && is_digit(s[i]))
		i++;
	if (i == 0 || (i > 1 && s[0] == '0'))
		return 0;
	if (i < len && s[i] == '#')
		return i + 1 == len;
	return check_json_pointer(s + i, len - i);
}

/* An ECMA 262 regular expression: what PCRE2 compiles, less the anchors
 * \A, \Z and \z that ECMA 262 does not have. */
static int check_regex(const char *s, size_t len)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *re;
	size_t i;

	for (i = 0; i + 1 < len; i++)
		if (s[i] == '\\') {
			if (s[i + 1] == 'A' || s[i + 1] == 'Z' || s[i + 1] == 'z')
				return 0;
			i++;
		}
	re = pcre2_compile((PCRE2_SPTR)s, len, PMO_SCHEMA_PCRE2_OPTIONS, &err, &off, NULL);
	if (!re)
		return 0;
	pcre2_code_free(re);
	return 1;
}

/* RFC 6570: literals and {expressions}, braces neither nested nor open. */
static int check_uri_template(const char *s, size_t len)
{
	size_t i;
	int open = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '{') {
			if (open)
				return 0;
			open = 1;
			if (i + 1 < len && s[i + 1] == '}')
				return 0;
		} else if (s[i] == '}') {
			if (!open)
				return 0;
			open = 0;
		} else if (s[i] == ' ' || s[i] == '"' || s[i] == '<' || s[i] == '>' || s[i] == '\\' ||
			   s[i] == '^' || s[i] == '`' || s[i] == '|' || (unsigned char)s[i] < 0x20) {
			return 0;
		}
	}
	return !open;
}

int pmo_schema_format_check(const char *format, const char *s, size_t len)
{
	if (strcmp(format, "date") == 0)
		return check_date(s, len);
	if (strcmp(format, "time") == 0)
		return check_time(s, len);
	if (strcmp(format, "date-time") == 0)
		return check_date_time(s, len);
	if (strcmp(format, "email") == 0)
		return check_email(s, len, 0);
	if (strcmp(format, "idn-email") == 0)
		return check_email(s, len, 1);
	if (strcmp(format, "hostname") == 0)
		return check_hostname(s, len);
	if (strcmp(format, "ipv4") == 0)
		return check_ipv4(s, len);
	if (strcmp(format, "ipv6") == 0)
		return check_ipv6(s, len);
	if (strcmp(format, "uri") == 0)
		return check_uri(s, len, 1, 0);
	if (strcmp(format, "uri-reference") == 0)
		return check_uri(s, len, 0, 0);
	if (strcmp(format, "iri") == 0)
		return check_uri(s, len, 1, 1);
	if (strcmp(format, "iri-reference") == 0)
		return check_uri(s, len, 0, 1);
	if (strcmp(format, "json-pointer") == 0)
		return check_json_pointer(s, len);
	if (strcmp(format, "relative-json-pointer") == 0)
		return check_relative_json_pointer(s, len);
	if (strcmp(format, "regex") == 0)
		return check_regex(s, len);
	if (strcmp(format, "uri-template") == 0)
		return check_uri_template(s, len);
	return -1;
}

const char *pmo_schema_format_hint(const char *format)
{
	if (strcmp(format, "date") == 0)
		return " (YYYY-MM-DD)";
	if (strcmp(format, "date-time") == 0)
		return " (YYYY-MM-DDTHH:MM:SSZ)";
	if (strcmp(format, "time") == 0)
		return " (HH:MM:SSZ)";
	return "";
}
