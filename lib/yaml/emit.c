/* Canonical emission: block style, 2-space indent, strings quoted only when
 * their plain form would read back as something else for a YAML 1.2 core or
 * a YAML 1.1 reader (PyYAML), multi-line strings as literal blocks. */
#include "yaml/internal.h"
#include "util/error.h"
#include "util/utf8.h"

#include <string.h>

typedef enum { Q_PLAIN, Q_SINGLE, Q_DOUBLE, Q_LITERAL } qstyle;

enum { AFTER_KEY, AFTER_DASH };

#define LONG_KEY 1000 /* bytes */

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* --- what a YAML 1.1 reader would not read as a string ---------------- */

static int ieq(const char *s, size_t len, const char *lit)
{
	size_t i;

	if (strlen(lit) != len)
		return 0;
	for (i = 0; i < len; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != lit[i])
			return 0;
	}
	return 1;
}

/* A little cursor for hand-written regular expressions. */
typedef struct {
	const char *s;
	size_t i, n;
} cur;

static int peek(const cur *c) { return c->i < c->n ? (unsigned char)c->s[c->i] : -1; }
static int accept(cur *c, const char *set)
{
	int ch = peek(c);
	if (ch > 0 && strchr(set, ch)) {
		c->i++;
		return 1;
	}
	return 0;
}
static size_t accept_run(cur *c, const char *set)
{
	size_t k = 0;
	while (accept(c, set))
		k++;
	return k;
}
static int at_end(const cur *c) { return c->i == c->n; }

#define DIGITS "0123456789"

/* [-+]? then the YAML 1.1 int forms (binary, octal, decimal, hex,
 * sexagesimal), with underscores; a superset of PyYAML's resolver. */
static int yaml11_int(const char *s, size_t n)
{
	cur c = { s, 0, n };
	size_t save;

	accept(&c, "-+");
	save = c.i;
	if (accept(&c, "0") && accept(&c, "bB"))
		return accept_run(&c, "01_") && at_end(&c);
	c.i = save;
	if (accept(&c, "0") && accept(&c, "xX"))
		return accept_run(&c, "0123456789abcdefABCDEF_") && at_end(&c);
	c.i = save;
	if (!accept_run(&c, DIGITS "_") || !is_digit(s[save]))
		return 0;
	if (at_end(&c))
		return 1;
	/* sexagesimal: 1:20, 190:20:30 */
	while (accept(&c, ":")) {
		size_t k = accept_run(&c, DIGITS);
		if (k < 1 || k > 2)
			return 0;
	}
	return at_end(&c);
}

static int yaml11_float(const char *s, size_t n)
{
	cur c = { s, 0, n };
	size_t save;

	accept(&c, "-+");
	save = c.i;
	if (accept(&c, ".")) {
		const char *rest = s + c.i;
		size_t rn = n - c.i;
		if (ieq(rest, rn, "inf") || ieq(rest, rn, "nan"))
			return 1;
	}
	c.i = save;
	/* ([0-9][0-9_]*)?\.[0-9._]*([eE][-+]?[0-9]+)? */
	if (is_digit((char)peek(&c)))
		accept_run(&c, DIGITS "_");
	if (accept(&c, ".")) {
		accept_run(&c, DIGITS "._");
		if (accept(&c, "eE")) {
			accept(&c, "-+");
			if (!accept_run(&c, DIGITS))
				return 0;
		}
		if (at_end(&c))
			return 1;
	}
	/* sexagesimal float: 190:20:30.15 */
	c.i = save;
	if (!is_digit((char)peek(&c)) || !accept_run(&c, DIGITS "_"))
		return 0;
	if (peek(&c) != ':')
		return 0;
	while (accept(&c, ":"))
		if (!accept_run(&c, DIGITS))
			return 0;
	return accept(&c, ".") && (accept_run(&c, DIGITS "_"), at_end(&c));
}

/* 2027-01-04, 2027-1-4, 2027-01-04T10:00:00Z, 2027-01-04 10:00:00.5 +8 */
static int yaml11_timestamp(const char *s, size_t n)
{
	cur c = { s, 0, n };
	size_t k;

	if (accept_run(&c, DIGITS) != 4 || !accept(&c, "-"))
		return 0;
	k = accept_run(&c, DIGITS);
	if (k < 1 || k > 2 || !accept(&c, "-"))
		return 0;
	k = accept_run(&c, DIGITS);
	if (k < 1 || k > 2)
		return 0;
	if (at_end(&c))
		return 1;
	if (!accept(&c, "Tt") && !accept_run(&c, " \t"))
		return 0;
	k = accept_run(&c, DIGITS);
	if (k < 1 || k > 2 || !accept(&c, ":") || accept_run(&c, DIGITS) != 2 ||
	    !accept(&c, ":") || accept_run(&c, DIGITS) != 2)
		return 0;
	if (accept(&c, "."))
		accept_run(&c, DIGITS);
	accept_run(&c, " \t");
	if (at_end(&c) || accept(&c, "Z"))
		return at_end(&c);
	if (!accept(&c, "-+"))
		return 0;
	k = accept_run(&c, DIGITS);
	if (k < 1 || k > 2)
		return 0;
	if (accept(&c, ":") && accept_run(&c, DIGITS) != 2)
		return 0;
	return at_end(&c);
}

static int yaml11_nonstr(const char *s, size_t n)
{
	static const char *const words[] = {
		"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "=", "<<",
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (ieq(s, n, words[i]))
			return 1;
	if (!n || !(is_digit(s[0]) || s[0] == '-' || s[0] == '+' || s[0] == '.'))
		return 0;
	return yaml11_int(s, n) || yaml11_float(s, n) || yaml11_timestamp(s, n);
}

/* --- choosing a style --------------------------------------------------- */

typedef struct {
	int nl, ctrl, tab, invalid;
} scan_info;

static void scan(scan_info *si, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t cp;

	memset(si, 0, sizeof(*si));
	while (i < n) {
		if (u[i] < 0x80) {
			if (u[i] == '\n')
				si->nl = 1;
			else if (u[i] == '\t')
				si->tab = 1;
			else if (u[i] < 0x20 || u[i] == 0x7F)
				si->ctrl = 1;
			i++;
			continue;
		}
		k = pmo_utf8_decode(s + i, n - i, &cp);
		if (!k) {
			si->invalid = 1;
			return;
		}
		if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
		    cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF)
			si->ctrl = 1;
		i += k;
	}
}

static int has(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(s + i, needle, k) == 0)
			return 1;
	return 0;
}

static int plain_ok(const char *s, size_t n, const scan_info *si)
{
	if (!n || si->tab || si->nl || si->ctrl)
		return 0;
	if (s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':')
		return 0;
	if (strchr("?:,[]{}#&*!|>'\"%@`", s[0]))
		return 0;
	if (s[0] == '-' && (n == 1 || s[1] == ' '))
		return 0;
	if (n >= 3 && (memcmp(s, "---", 3) == 0 || memcmp(s, "...", 3) == 0) &&
	    (n == 3 || s[3] == ' '))
		return 0;
	if (has(s, n, ": ") || has(s, n, " #"))
		return 0;
	if (pmo_yaml_resolve(s, n) != PMO_TAG_STR || yaml11_nonstr(s, n))
		return 0;
	return 1;
}

/* A literal block holds text lines; leave anything odd to double quotes. */
static int literal_ok(const char *s, size_t n)
{
	size_t body = n, i, ls;

	while (body && s[body - 1] == '\n')
		body--;
	if (!body || s[0] == ' ' || s[0] == '\n' || s[0] == '\t')
		return 0;
	/* no line made only of blanks: its meaning depends on the indent */
	for (ls = 0, i = 0; i <= body; i++) {
		if (i == body || s[i] == '\n') {
			size_t j;
			for (j = ls; j < i && (s[j] == ' ' || s[j] == '\t'); j++)
				;
			if (j == i && i > ls)
				return 0;
			ls = i + 1;
		}
	}
	return 1;
}

static qstyle choose(const pmo_node *n, int allow_block, int *err)
{
	scan_info si;

	*err = 0;
	if (n->tag == PMO_TAG_NULL)
		return Q_PLAIN;
	scan(&si, n->str, n->len);
	if (si.invalid) {
		*err = pmo_error_set(PMO_EINVALID, "string is not valid UTF-8");
		return Q_DOUBLE;
	}
	if (n->tag != PMO_TAG_STR && !si.nl && !si.ctrl && !si.tab &&
	    pmo_yaml_resolve(n->str, n->len) == n->tag)
		return Q_PLAIN;
	if (si.ctrl)
		return Q_DOUBLE;
	if (si.nl)
		return allow_block && literal_ok(n->str, n->len) ? Q_LITERAL : Q_DOUBLE;
	if (si.tab) /* visible as \t rather than a blank in quotes */
		return Q_DOUBLE;
	if (plain_ok(n->str, n->len, &si))
		return Q_PLAIN;
	return Q_SINGLE;
}

int pmo__scalar_is_block(const pmo_node *scalar)
{
	int err;
	return scalar && scalar->kind == PMO_NODE_SCALAR && choose(scalar, 1, &err) == Q_LITERAL;
}

/* --- writing ------------------------------------------------------------ */

static void put_double(pmo_buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t cp;

	pmo_buf_putc(b, '"');
	while (i < n) {
		unsigned char c = u[i];
		if (c < 0x80) {
			switch (c) {
			case '\0': pmo_buf_puts(b, "\\0"); break;
			case '\a': pmo_buf_puts(b, "\\a"); break;
			case '\b': pmo_buf_puts(b, "\\b"); break;
			case '\t': pmo_buf_puts(b, "\\t"); break;
			case '\n': pmo_buf_puts(b, "\\n"); break;
			case '\v': pmo_buf_puts(b, "\\v"); break;
			case '\f': pmo_buf_puts(b, "\\f"); break;
			case '\r': pmo_buf_puts(b, "\\r"); break;
			case 0x1B: pmo_buf_puts(b, "\\e"); break;
			case '"': pmo_buf_puts(b, "\\\""); break;
			case '\\': pmo_buf_puts(b, "\\\\"); break;
			default:
				if (c < 0x20 || c == 0x7F)
					pmo_buf_printf(b, "\\x%02X", c);
				else
					pmo_buf_putc(b, (char)c);
			}
			i++;
			continue;
		}
		k = pmo_utf8_decode(s + i, n - i, &cp);
		if (!k)
			k = 1; /* refused before we get here */
		if (cp == 0x85)
			pmo_buf_puts(b, "\\N");
		else if (cp == 0x2028)
			pmo_buf_puts(b, "\\L");
		else if (cp == 0x2029)
			pmo_buf_puts(b, "\\P");
		else if ((cp >= 0x80 && cp <= 0x9F) || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF)
			pmo_buf_printf(b, "\\u%04X", (unsigned)cp);
		else
			pmo_buf_put(b, s + i, k);
		i += k;
	}
	pmo_buf_putc(b, '"');
}

static void put_single(pmo_buf *b, const char *s, size_t n)
{
	size_t i, from = 0;

	pmo_buf_putc(b, '\'');
	for (i = 0; i < n; i++)
		if (s[i] == '\'') {
			pmo_buf_put(b, s + from, i + 1 - from);
			pmo_buf_putc(b, '\'');
			from = i + 1;
		}
	pmo_buf_put(b, s + from, n - from);
	pmo_buf_putc(b, '\'');
}

static void put_flow(pmo_buf *b, const pmo_node *n, qstyle q)
{
	switch (q) {
	case Q_PLAIN:
		if (n->tag == PMO_TAG_NULL)
			pmo_buf_puts(b, "null");
		else
			pmo_buf_put(b, n->str, n->len);
		break;
	case Q_SINGLE:
		put_single(b, n->str, n->len);
		break;
	default:
		put_double(b, n->str, n->len);
		break;
	}
}

/* "|" header (without its line break); s holds a newline (literal_ok). */
static void put_literal_header(pmo_buf *b, const char *s, size_t n)
{
	size_t body = n;

	while (body && s[body - 1] == '\n')
		body--;
	pmo_buf_puts(b, n - body == 0 ? "|-" : n - body == 1 ? "|" : "|+");
}

/* The line break of the header and the lines at indent. */
static void put_literal_body(pmo_buf *b, const char *s, size_t n, size_t indent, const char *nl)
{
	size_t body = n, trailing, i, ls;

	while (body && s[body - 1] == '\n')
		body--;
	trailing = n - body;
	pmo_buf_puts(b, nl);
	for (ls = 0, i = 0; i <= body; i++) {
		if (i == body || s[i] == '\n') {
			if (i > ls) {
				pmo_buf_pad(b, ' ', indent);
				pmo_buf_put(b, s + ls, i - ls);
			}
			pmo_buf_puts(b, nl);
			ls = i + 1;
		}
	}
	for (i = 1; i < trailing; i++)
		pmo_buf_puts(b, nl);
}

static void put_literal(pmo_buf *b, const char *s, size_t n, size_t indent, const char *nl)
{
	put_literal_header(b, s, n);
	put_literal_body(b, s, n, indent, nl);
}

/* --- comments ------------------------------------------------------------ */

/* The first comment of v[lo, hi) whose anchor is at least a. */
static size_t first_at(const pmo__comment *v, size_t lo, size_t hi, uint32_t a)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].anchor < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The comment lines anchored at `at`, at indent. */
static void put_lines(pmo_buf *b, pmo__comments *cm, uint32_t at, size_t indent, const char *nl)
{
	size_t i;

	if (!cm)
		return;
	for (i = first_at(cm->v, 0, cm->nlead, at); i < cm->nlead && cm->v[i].anchor == at; i++) {
		if (cm->v[i].used)
			continue;
		cm->v[i].used = 1;
		pmo_buf_pad(b, ' ', indent);
		pmo_buf_put(b, cm->src + cm->v[i].at, cm->v[i].len);
		pmo_buf_puts(b, nl);
	}
}

/* The comment lines that precede node n, at indent. */
static void put_leading(pmo_buf *b, pmo__comments *cm, const pmo_node *n, size_t indent,
			const char *nl)
{
	if (n && n->line)
		put_lines(b, cm, n->start, indent, nl);
}

/* The comment that followed a flow collection now written as a block, on
 * a line of its own above it. */
static void put_trailing_above(pmo_buf *b, pmo__comments *cm, const pmo_node *n, size_t indent,
			       const char *nl)
{
	size_t i;

	if (!cm || !n || !n->line || n->kind == PMO_NODE_SCALAR || !n->n)
		return;
	for (i = first_at(cm->v, cm->nlead, cm->n, n->end);
	     i < cm->n && cm->v[i].anchor == n->end; i++) {
		if (cm->v[i].used || cm->v[i].start != n->start)
			continue;
		cm->v[i].used = 1;
		pmo_buf_pad(b, ' ', indent);
		pmo_buf_put(b, cm->src + cm->v[i].at, cm->v[i].len);
		pmo_buf_puts(b, nl);
	}
}

/* The comment that followed node n on its line, after a blank. */
static void put_trailing(pmo_buf *b, pmo__comments *cm, const pmo_node *n)
{
	size_t i;

	if (!cm || !n || !n->line)
		return;
	for (i = first_at(cm->v, cm->nlead, cm->n, n->end);
	     i < cm->n && cm->v[i].anchor == n->end; i++) {
		if (cm->v[i].used || cm->v[i].start != n->start)
			continue;
		cm->v[i].used = 1;
		pmo_buf_putc(b, ' ');
		pmo_buf_put(b, cm->src + cm->v[i].at, cm->v[i].len);
	}
}

/* Every comment not yet written, in file order, at the end. */
static void put_rest(pmo_buf *b, pmo__comments *cm, const char *nl)
{
	size_t i, best;

	if (!cm)
		return;
	for (;;) {
		best = cm->n;
		for (i = 0; i < cm->n; i++)
			if (!cm->v[i].used && (best == cm->n || cm->v[i].at < cm->v[best].at))
				best = i;
		if (best == cm->n)
			return;
		cm->v[best].used = 1;
		pmo_buf_put(b, cm->src + cm->v[best].at, cm->v[best].len);
		pmo_buf_puts(b, nl);
	}
}

int pmo__emit_flow_scalar(pmo_buf *out, const pmo_node *scalar)
{
	int err;
	qstyle q;

	if (!scalar || scalar->kind != PMO_NODE_SCALAR)
		return pmo_error_set(PMO_EINVALID, "not a scalar");
	q = choose(scalar, 0, &err);
	if (err < 0)
		return err;
	put_flow(out, scalar, q);
	return pmo_buf_oom(out);
}

static int emit_key(pmo_buf *b, const pmo_node *key);

/* A node in flow style, as a value inside "[…]" or "{…}": scalars that
 * hold a flow indicator are quoted. */
int pmo__emit_flow(pmo_buf *out, const pmo_node *n)
{
	size_t i;
	int err;
	qstyle q;

	if (!n)
		return pmo_error_set(PMO_EINVALID, "missing value in the tree");
	if (n->kind == PMO_NODE_SCALAR) {
		q = choose(n, 0, &err);
		if (err < 0)
			return err;
		if (q == Q_PLAIN && n->tag == PMO_TAG_STR && strpbrk(n->str, ",[]{}"))
			q = Q_SINGLE;
		put_flow(out, n, q);
		return pmo_buf_oom(out);
	}
	pmo_buf_putc(out, n->kind == PMO_NODE_SEQ ? '[' : '{');
	for (i = 0; i < n->n; i++) {
		if (i)
			pmo_buf_puts(out, ", ");
		if (n->kind == PMO_NODE_SEQ) {
			err = pmo__emit_flow(out, n->items[i]);
		} else {
			err = emit_key(out, n->pairs[i].key);
			if (err >= 0) {
				pmo_buf_puts(out, ": ");
				err = pmo__emit_flow(out, n->pairs[i].value);
			}
		}
		if (err < 0)
			return err;
	}
	pmo_buf_putc(out, n->kind == PMO_NODE_SEQ ? ']' : '}');
	return pmo_buf_oom(out);
}

int pmo_yaml_emit_scalar(pmo_buf *out, const pmo_node *scalar)
{
	return pmo__emit_flow_scalar(out, scalar);
}

static int emit_after(pmo_buf *b, const pmo_node *n, size_t indent, int ctx, const char *nl,
		      pmo__comments *cm, const pmo_node *key);

/* Keys are matched by their text, so a key that resolved to null keeps its
 * spelling ("~: x" must not become "null: x"); an empty one is quoted. */
static int emit_key(pmo_buf *b, const pmo_node *key)
{
	if (key && key->kind == PMO_NODE_SCALAR && key->tag == PMO_TAG_NULL) {
		if (key->len && pmo_yaml_resolve(key->str, key->len) == PMO_TAG_NULL)
			pmo_buf_put(b, key->str, key->len);
		else if (!key->len)
			pmo_buf_puts(b, "''");
		else
			return pmo__emit_flow_scalar(b, key);
		return pmo_buf_oom(b);
	}
	return pmo__emit_flow_scalar(b, key);
}

static int emit_map(pmo_buf *b, const pmo_node *map, size_t indent, int first_inline,
		    const char *nl, pmo__comments *cm)
{
	size_t i;
	int error;

	for (i = 0; i < map->n; i++) {
		size_t at;
		if (i || !first_inline) {
			put_leading(b, cm, map->pairs[i].key, indent, nl);
			pmo_buf_pad(b, ' ', indent);
		}
		at = b->len;
		if ((error = emit_key(b, map->pairs[i].key)) < 0)
			return error;
		if (b->len - at > LONG_KEY && !b->oom) {
			/* libyaml reads implicit keys of up to 1024 characters:
			 * write a longer one as an explicit "? key" */
			pmo_buf_grow(b, 2);
			if (b->oom)
				return pmo_buf_oom(b);
			memmove(b->ptr + at + 2, b->ptr + at, b->len - at + 1);
			memcpy(b->ptr + at, "? ", 2);
			b->len += 2;
			pmo_buf_puts(b, nl);
			pmo_buf_pad(b, ' ', indent);
		}
		pmo_buf_putc(b, ':');
		if ((error = emit_after(b, map->pairs[i].value, indent, AFTER_KEY, nl, cm,
					map->pairs[i].key)) < 0)
			return error;
	}
	return 0;
}

static int emit_seq(pmo_buf *b, const pmo_node *seq, size_t indent, int first_inline,
		    const char *nl, pmo__comments *cm)
{
	size_t i;
	int error;

	for (i = 0; i < seq->n; i++) {
		const pmo_node *item = seq->items[i];
		if (i || !first_inline) {
			put_leading(b, cm, item, indent, nl);
			/* "- key: value": the comments of the first key go
			 * above the dash */
			if (item->kind == PMO_NODE_MAP && item->n)
				put_leading(b, cm, item->pairs[0].key, indent, nl);
			put_trailing_above(b, cm, item, indent, nl);
			pmo_buf_pad(b, ' ', indent);
		}
		pmo_buf_putc(b, '-');
		if ((error = emit_after(b, item, indent, AFTER_DASH, nl, cm, NULL)) < 0)
			return error;
	}
	return 0;
}

static int emit_after(pmo_buf *b, const pmo_node *n, size_t indent, int ctx, const char *nl,
		      pmo__comments *cm, const pmo_node *key)
{
	int error = 0;
	qstyle q;

	if (!n)
		return pmo_error_set(PMO_EINVALID, "missing value in the tree");
	switch (n->kind) {
	case PMO_NODE_SCALAR:
		q = choose(n, 1, &error);
		if (error < 0)
			return error;
		pmo_buf_putc(b, ' ');
		if (q == Q_LITERAL) {
			put_literal_header(b, n->str, n->len);
			put_trailing(b, cm, key);
			put_trailing(b, cm, n);
			put_literal_body(b, n->str, n->len, indent + 2, nl);
		} else {
			put_flow(b, n, q);
			put_trailing(b, cm, key);
			put_trailing(b, cm, n);
			pmo_buf_puts(b, nl);
		}
		return 0;
	case PMO_NODE_MAP:
		if (!n->n) {
			pmo_buf_puts(b, " {}");
			put_trailing(b, cm, key);
			put_trailing(b, cm, n);
			pmo_buf_puts(b, nl);
			return 0;
		}
		if (ctx == AFTER_DASH) {
			pmo_buf_putc(b, ' ');
			return emit_map(b, n, indent + 2, 1, nl, cm);
		}
		put_trailing(b, cm, key);
		put_trailing(b, cm, n);
		pmo_buf_puts(b, nl);
		return emit_map(b, n, indent + 2, 0, nl, cm);
	case PMO_NODE_SEQ:
		if (!n->n) {
			pmo_buf_puts(b, " []");
			put_trailing(b, cm, key);
			put_trailing(b, cm, n);
			pmo_buf_puts(b, nl);
			return 0;
		}
		if (ctx == AFTER_DASH) {
			pmo_buf_putc(b, ' ');
			return emit_seq(b, n, indent + 2, 1, nl, cm);
		}
		put_trailing(b, cm, key);
		put_trailing(b, cm, n);
		pmo_buf_puts(b, nl);
		return emit_seq(b, n, indent + 2, 0, nl, cm);
	}
	return pmo_error_set(PMO_EINVALID, "unknown node kind");
}

int pmo__emit_after_indicator(pmo_buf *out, const pmo_node *node, size_t indent,
			      const char *nl)
{
	int error = emit_after(out, node, indent, AFTER_KEY, nl, NULL, NULL);
	return error < 0 ? error : pmo_buf_oom(out);
}

static int emit_root(pmo_buf *out, const pmo_node *root, pmo__comments *cm)
{
	int error = 0;
	qstyle q;

	if (!root)
		return pmo_error_set(PMO_EINVALID, "no document to write");
	put_lines(out, cm, 0, 0, "\n");
	switch (root->kind) {
	case PMO_NODE_MAP:
		if (!root->n)
			pmo_buf_puts(out, "{}\n");
		else
			error = emit_map(out, root, 0, 0, "\n", cm);
		break;
	case PMO_NODE_SEQ:
		if (!root->n)
			pmo_buf_puts(out, "[]\n");
		else
			error = emit_seq(out, root, 0, 0, "\n", cm);
		break;
	default:
		q = choose(root, 1, &error);
		if (error < 0)
			break;
		if (q == Q_LITERAL) {
			put_literal(out, root->str, root->len, 2, "\n");
		} else {
			put_flow(out, root, q);
			pmo_buf_putc(out, '\n');
		}
		break;
	}
	if (error >= 0)
		put_rest(out, cm, "\n");
	return error < 0 ? error : pmo_buf_oom(out);
}

int pmo_yaml_emit(pmo_buf *out, const pmo_node *root)
{
	return emit_root(out, root, NULL);
}

int pmo_yaml_emit_doc(pmo_buf *out, const pmo_doc *doc, const pmo_node *root)
{
	pmo__comments cm;
	int error;

	if (!doc)
		return pmo_error_set(PMO_EINVALID, "no document to write");
	if ((error = pmo__comments_collect(&cm, doc)) < 0)
		return error;
	error = emit_root(out, root ? root : doc->root, &cm);
	pmo__comments_free(&cm);
	return error;
}
