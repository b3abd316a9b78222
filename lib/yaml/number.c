/* A number's value as text: what JSON and every table show for a YAML
 * core-schema number written in any of its forms (0x1F, 0o17, +5, 007, .5,
 * 5., .5e1), so that a hand-written 0x2 reads as 2 everywhere. */
#include "yaml/yaml.h"

#include <stdio.h>
#include <stdlib.h>

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

int pmo_yaml_number_text(pmo_buf *out, const pmo_node *n)
{
	int64_t i;
	double d;

	if (!n || n->kind != PMO_NODE_SCALAR || (n->tag != PMO_TAG_INT && n->tag != PMO_TAG_FLOAT))
		return -1;
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
		return -1; /* .inf, .nan: no value to show but the text */
	}
	return 0;
}
