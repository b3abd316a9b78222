/*
 * A value as one line of text, for tables, logs and filters: numbers by
 * their value (0x2 is 2), sequences joined with ", ", mappings as
 * "key: value, …", line breaks and tabs as spaces.
 */
#include "yaml/yaml.h"
#include "util/buf.h"

static void display_into(pmo_buf *b, const pmo_node *n)
{
	size_t i;

	if (!n)
		return;
	switch (n->kind) {
	case PMO_NODE_SCALAR:
		/* a number by its value: 0x2 is 2, .5e1 is 5 */
		if (n->tag != PMO_TAG_NULL && pmo_yaml_number_text(b, n) < 0)
			pmo_buf_put(b, n->str, n->len);
		break;
	case PMO_NODE_SEQ:
		for (i = 0; i < n->n; i++) {
			if (i)
				pmo_buf_puts(b, ", ");
			display_into(b, n->items[i]);
		}
		break;
	case PMO_NODE_MAP:
		for (i = 0; i < n->n; i++) {
			pmo_buf_printf(b, "%s%s: ", i ? ", " : "", n->pairs[i].key->str);
			display_into(b, n->pairs[i].value);
		}
		break;
	}
}

void pmo_node_display_into(pmo_buf *b, const pmo_node *node)
{
	size_t from = b->len;
	char *p;

	display_into(b, node);
	if (b->oom)
		return;
	for (p = b->ptr + from; p < b->ptr + b->len; p++)
		if (*p == '\n' || *p == '\t' || *p == '\r')
			*p = ' ';
}

char *pmo_node_display(const pmo_node *node)
{
	pmo_buf b = PMO_BUF_INIT;
	char *s, *p;

	display_into(&b, node);
	s = pmo_buf_detach(&b);
	/* one line: newlines and tabs become spaces */
	for (p = s; p && *p; p++)
		if (*p == '\n' || *p == '\t' || *p == '\r')
			*p = ' ';
	return s;
}
