#include "render/render.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pmo_json_string(pmo_buf *out, const char *s, size_t len)
{
	size_t i;

	pmo_buf_putc(out, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': pmo_buf_puts(out, "\\\""); break;
		case '\\': pmo_buf_puts(out, "\\\\"); break;
		case '\n': pmo_buf_puts(out, "\\n"); break;
		case '\r': pmo_buf_puts(out, "\\r"); break;
		case '\t': pmo_buf_puts(out, "\\t"); break;
		case '\b': pmo_buf_puts(out, "\\b"); break;
		case '\f': pmo_buf_puts(out, "\\f"); break;
		default:
			if (c < 0x20)
				pmo_buf_printf(out, "\\u%04x", c);
			else
				pmo_buf_putc(out, (char)c);
		}
	}
	pmo_buf_putc(out, '"');
	return pmo_buf_oom(out);
}

static void newline(pmo_buf *out, int indent, int level)
{
	if (indent < 0)
		return;
	pmo_buf_putc(out, '\n');
	pmo_buf_pad(out, ' ', (size_t)(indent * level));
}

/* Is s[0..len) a number as JSON writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][-+]?[0-9]+)? */
static int json_number_text(const char *s, size_t len)
{
	size_t i = 0, d;

	if (i < len && s[i] == '-')
		i++;
	if (i < len && s[i] == '0')
		i++;
	else if (i < len && s[i] >= '1' && s[i] <= '9')
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return 0;
	if (i < len && s[i] == '.') {
		for (d = ++i; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		for (d = i; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	return i == len;
}

/* A number in any YAML core-schema form (0x1F, 0o17, +5, 007, .5, 5., 1.e3)
 * as JSON: as written when that is JSON already, else by its value;
 * .inf and .nan, which JSON has no value for, as strings. */
static void json_number(pmo_buf *out, const pmo_node *n)
{
	int64_t i;
	double d;

	if (json_number_text(n->str, n->len)) {
		pmo_buf_put(out, n->str, n->len);
	} else if (n->tag == PMO_TAG_INT && pmo_node_int(n, &i) == 0) {
		pmo_buf_printf(out, "%lld", (long long)i);
	} else if (pmo_node_number(n, &d) == 0 && d - d == 0) {
		/* the shortest of %.15g … %.17g that reads back as d: .1 is 0.1 */
		char tmp[40];
		int prec = 15;
		do
			snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
		while (strtod(tmp, NULL) != d && ++prec < 17);
		if (strtod(tmp, NULL) != d)
			snprintf(tmp, sizeof(tmp), "%.17g", d);
		pmo_buf_puts(out, tmp);
	} else {
		pmo_json_string(out, n->str, n->len);
	}
}

int pmo_json_node(pmo_buf *out, const pmo_node *n, int indent, int level)
{
	size_t i;

	if (!n) {
		pmo_buf_puts(out, "null");
		return pmo_buf_oom(out);
	}
	switch (n->kind) {
	case PMO_NODE_SCALAR:
		switch (n->tag) {
		case PMO_TAG_NULL: pmo_buf_puts(out, "null"); break;
		case PMO_TAG_BOOL: pmo_buf_puts(out, (n->str[0] == 't' || n->str[0] == 'T') ? "true" : "false"); break;
		case PMO_TAG_INT:
		case PMO_TAG_FLOAT: json_number(out, n); break;
		default: pmo_json_string(out, n->str, n->len);
		}
		break;
	case PMO_NODE_SEQ:
		if (!n->n) {
			pmo_buf_puts(out, "[]");
			break;
		}
		pmo_buf_putc(out, '[');
		for (i = 0; i < n->n; i++) {
			if (i)
				pmo_buf_putc(out, ',');
			newline(out, indent, level + 1);
			pmo_json_node(out, n->items[i], indent, level + 1);
		}
		newline(out, indent, level);
		pmo_buf_putc(out, ']');
		break;
	case PMO_NODE_MAP:
		if (!n->n) {
			pmo_buf_puts(out, "{}");
			break;
		}
		pmo_buf_putc(out, '{');
		for (i = 0; i < n->n; i++) {
			if (i)
				pmo_buf_putc(out, ',');
			newline(out, indent, level + 1);
			pmo_json_string(out, n->pairs[i].key->str, n->pairs[i].key->len);
			pmo_buf_puts(out, indent < 0 ? ":" : ": ");
			pmo_json_node(out, n->pairs[i].value, indent, level + 1);
		}
		newline(out, indent, level);
		pmo_buf_putc(out, '}');
		break;
	}
	return pmo_buf_oom(out);
}
