#include "render/render.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Which bytes a JSON string cannot hold as they are: '"', '\\' and the
 * control characters. */
static int needs_escape(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\';
}

int pmo_json_string(pmo_buf *out, const char *s, size_t len)
{
	size_t i = 0, run;

	pmo_buf_putc(out, '"');
	while (i < len) {
		unsigned char c;

		/* the bytes that stay as they are, in one copy (a load report
		 * writes hundreds of thousands of IDs and dates) */
		for (run = i; run < len && !needs_escape((unsigned char)s[run]); run++)
			;
		if (run > i)
			pmo_buf_put(out, s + i, run - i);
		if ((i = run) >= len)
			break;
		c = (unsigned char)s[i++];
		switch (c) {
		case '"': pmo_buf_puts(out, "\\\""); break;
		case '\\': pmo_buf_puts(out, "\\\\"); break;
		case '\n': pmo_buf_puts(out, "\\n"); break;
		case '\r': pmo_buf_puts(out, "\\r"); break;
		case '\t': pmo_buf_puts(out, "\\t"); break;
		case '\b': pmo_buf_puts(out, "\\b"); break;
		case '\f': pmo_buf_puts(out, "\\f"); break;
		default: pmo_buf_printf(out, "\\u%04x", c); break;
		}
	}
	pmo_buf_putc(out, '"');
	return pmo_buf_oom(out);
}

int pmo_json_cstr(pmo_buf *out, const char *s)
{
	if (!s) {
		pmo_buf_puts(out, "null");
		return pmo_buf_oom(out);
	}
	return pmo_json_string(out, s, strlen(s));
}

int pmo_json_member(pmo_buf *out, const char *key, const char *s, int comma)
{
	if (comma)
		pmo_buf_puts(out, ", ");
	pmo_json_cstr(out, key);
	pmo_buf_puts(out, ": ");
	return pmo_json_cstr(out, s);
}

int pmo_json_finding(pmo_buf *out, const pmo_finding *f, const char *path)
{
	const char *p = path ? path : f->path ? f->path : "";
	const char *rule = f->rule ? f->rule : "";

	pmo_buf_puts(out, "{\"path\": ");
	pmo_json_string(out, p, strlen(p));
	pmo_buf_printf(out, ", \"line\": %u, \"col\": %u, \"severity\": \"%s\", \"rule\": ",
		       (unsigned)f->line, (unsigned)f->col, pmo_severity_name(f->severity));
	pmo_json_string(out, rule, strlen(rule));
	pmo_buf_puts(out, ", \"message\": ");
	pmo_json_string(out, f->message, strlen(f->message));
	pmo_buf_putc(out, '}');
	return pmo_buf_oom(out);
}

static void newline(pmo_buf *out, int indent, int level)
{
	if (indent < 0)
		return;
	pmo_buf_putc(out, '\n');
	pmo_buf_pad(out, ' ', (size_t)(indent * level));
}

/* A number in any YAML core-schema form as JSON: by its value (yaml/number.c);
 * .inf and .nan, which JSON has no value for, as strings. */
static void json_number(pmo_buf *out, const pmo_node *n)
{
	if (pmo_yaml_number_text(out, n) < 0)
		pmo_json_string(out, n->str, n->len);
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
