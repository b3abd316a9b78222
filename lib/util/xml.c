/*
 * The small, strict XML reader of xml.h: one pass over the bytes with an
 * explicit stack of open elements (at most PMO_XML_MAX_DEPTH, so a deep
 * file cannot exhaust the C stack), each element a node with its decoded
 * text. Why our own and not libexpat: pmo reads one kind of XML (MSPDI,
 * plain elements), the reader is a few hundred lines with a fuzzer, it
 * refuses DTDs outright instead of configuring them away, and pmo keeps
 * one dependency fewer to install on the bank's build machines.
 */
#include "util/xml.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct pmo_xml_doc {
	pmo_xml_node *root;
};

typedef struct {
	pmo_xml_node *node;
	pmo_xml_node *last;  /* last child, where the next one is linked */
	pmo_buf text;
} open_elem;

typedef struct {
	const char *path;
	const char *s;
	size_t n, i;
	size_t at, line, col; /* the place of byte offset at, counted so far */
	pmo_xml_doc *doc;
	open_elem *stack;
	size_t depth;
} parser;

/* Line and column (in characters) of offset off; offsets are asked for
 * in increasing order except on errors, which count again from 0. */
static void place(parser *p, size_t off, size_t *line, size_t *col)
{
	if (off < p->at) {
		p->at = 0;
		p->line = p->col = 1;
	}
	while (p->at < off && p->at < p->n) {
		unsigned char c = (unsigned char)p->s[p->at++];
		if (c == '\n') {
			p->line++;
			p->col = 1;
		} else if ((c & 0xC0) != 0x80) {
			p->col++;
		}
	}
	*line = p->line;
	*col = p->col;
}

static int fail_at(parser *p, size_t off, const char *what, const char *arg)
{
	size_t line, col;
	place(p, off, &line, &col);
	return pmo_error_set_at(PMO_EINVALID, p->path, line, col, what, arg ? arg : "");
}

static int starts(const parser *p, const char *lit)
{
	size_t k = strlen(lit);
	return p->n - p->i >= k && !memcmp(p->s + p->i, lit, k);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int name_start(unsigned char c)
{
	return c >= 0x80 || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':';
}

static int name_char(unsigned char c)
{
	return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static void skip_space(parser *p)
{
	while (p->i < p->n && is_space(p->s[p->i]))
		p->i++;
}

/* A name at p->i: its length (0 when there is none). */
static size_t name_at(const parser *p)
{
	size_t k = p->i;
	if (k >= p->n || !name_start((unsigned char)p->s[k]))
		return 0;
	while (k < p->n && name_char((unsigned char)p->s[k]))
		k++;
	return k - p->i;
}

static const char *find(const char *s, size_t n, const char *lit, size_t k)
{
	const char *end = s + n, *q;
	while (k && (size_t)(end - s) >= k && (q = memchr(s, lit[0], (size_t)(end - s) - k + 1))) {
		if (!memcmp(q, lit, k))
			return q;
		s = q + 1;
	}
	return NULL;
}

/* The bytes up to and past the literal end (a comment, CDATA, a
 * processing instruction); *body gets where they start. */
static int until(parser *p, size_t skip, const char *end, const char *what, size_t *body, size_t *blen)
{
	size_t from = p->i, k = strlen(end);
	const char *hit;

	p->i += skip;
	*body = p->i;
	hit = p->i <= p->n ? find(p->s + p->i, p->n - p->i, end, k) : NULL;
	if (!hit)
		return fail_at(p, from, "%s is not closed", what);
	*blen = (size_t)(hit - (p->s + p->i));
	p->i = (size_t)(hit - p->s) + k;
	return 0;
}

static int put_cp(pmo_buf *b, uint32_t cp)
{
	char u[4];
	size_t k;
	if (cp < 0x80) {
		u[0] = (char)cp;
		k = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		k = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		k = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		k = 4;
	}
	return pmo_buf_put(b, u, k);
}

static int xml_char(uint32_t cp)
{
	return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
	       (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* The reference at p->i ('&') decoded into b. */
static int entity(parser *p, pmo_buf *b)
{
	static const struct { const char *name; char c; } named[] = {
		{ "lt", '<' }, { "gt", '>' }, { "amp", '&' }, { "quot", '"' }, { "apos", '\'' },
	};
	size_t from = p->i, k = p->i + 1, end, j;
	uint32_t cp = 0;

	while (k < p->n && k - from <= 12 && p->s[k] != ';')
		k++;
	if (k >= p->n || p->s[k] != ';')
		return fail_at(p, from, "\"&\" must start a reference such as &amp; or &#20013;%s", NULL);
	end = k;
	if (p->s[from + 1] == '#') {
		int hex = from + 2 < end && p->s[from + 2] == 'x';
		size_t d = from + 2 + (size_t)hex;
		if (d == end)
			return fail_at(p, from, "a character reference needs digits%s", NULL);
		for (; d < end; d++) {
			char c = p->s[d];
			uint32_t v;
			if (c >= '0' && c <= '9')
				v = (uint32_t)(c - '0');
			else if (hex && c >= 'a' && c <= 'f')
				v = (uint32_t)(c - 'a' + 10);
			else if (hex && c >= 'A' && c <= 'F')
				v = (uint32_t)(c - 'A' + 10);
			else
				return fail_at(p, from, "bad character reference%s", NULL);
			cp = cp * (hex ? 16 : 10) + v;
			if (cp > 0x10FFFF)
				return fail_at(p, from, "character reference beyond U+10FFFF%s", NULL);
		}
		if (!xml_char(cp))
			return fail_at(p, from, "character reference to a character XML does not allow%s", NULL);
		p->i = end + 1;
		return put_cp(b, cp) < 0 ? pmo_error_set_oom() : 0;
	}
	for (j = 0; j < sizeof(named) / sizeof(named[0]); j++)
		if (strlen(named[j].name) == end - from - 1 && !memcmp(p->s + from + 1, named[j].name, end - from - 1)) {
			p->i = end + 1;
			return pmo_buf_putc(b, named[j].c) < 0 ? pmo_error_set_oom() : 0;
		}
	return fail_at(p, from, "unknown entity; only &lt; &gt; &amp; &quot; &apos; and &#…; are read%s", NULL);
}

/* Attributes up to '>' or "/>"; their values are checked, not kept.
 * *empty is 1 for "/>". */
static int attributes(parser *p, int *empty)
{
	pmo_buf scratch = PMO_BUF_INIT;
	int error = 0;

	for (;;) {
		size_t k, had = p->i;
		char q;
		skip_space(p);
		if (p->i >= p->n) {
			error = fail_at(p, p->i, "the file ends inside a tag (truncated?)%s", NULL);
			break;
		}
		if (p->s[p->i] == '>' || starts(p, "/>")) {
			*empty = p->s[p->i] == '/';
			p->i += *empty ? 2 : 1;
			break;
		}
		if (had == p->i || !(k = name_at(p))) {
			error = fail_at(p, p->i, "expected an attribute, \">\" or \"/>\" in a tag%s", NULL);
			break;
		}
		p->i += k;
		skip_space(p);
		if (p->i >= p->n || p->s[p->i] != '=') {
			error = fail_at(p, p->i, "an attribute needs \"=\" and a quoted value%s", NULL);
			break;
		}
		p->i++;
		skip_space(p);
		if (p->i >= p->n || (p->s[p->i] != '"' && p->s[p->i] != '\'')) {
			error = fail_at(p, p->i, "an attribute's value must be quoted%s", NULL);
			break;
		}
		q = p->s[p->i++];
		while (!error && p->i < p->n && p->s[p->i] != q) {
			if (p->s[p->i] == '<')
				error = fail_at(p, p->i, "\"<\" is not allowed in an attribute's value%s", NULL);
			else if (p->s[p->i] == '&')
				error = entity(p, &scratch);
			else
				p->i++;
		}
		if (error)
			break;
		if (p->i >= p->n) {
			error = fail_at(p, p->i, "the file ends inside an attribute's value%s", NULL);
			break;
		}
		p->i++;
		pmo_buf_clear(&scratch);
	}
	pmo_buf_free(&scratch);
	return error;
}

static void node_free(pmo_xml_node *n)
{
	while (n) {
		pmo_xml_node *next = n->next;
		node_free(n->child);
		free(n->name);
		free(n->text);
		free(n);
		n = next;
	}
}

static int start_tag(parser *p)
{
	size_t from = p->i, k, line, col;
	pmo_xml_node *n;
	int empty = 0, error;

	p->i++;
	if (!(k = name_at(p)))
		return fail_at(p, from, "\"<\" must start a tag, a comment or CDATA (write &lt; for the character)%s", NULL);
	if (!p->depth && p->doc->root)
		return fail_at(p, from, "a second root element%s; a file holds one", NULL);
	if (p->depth == PMO_XML_MAX_DEPTH)
		return fail_at(p, from, "elements nested deeper than %s levels", "256");
	if (!(n = calloc(1, sizeof(*n))) || !(n->name = strndup(p->s + p->i, k))) {
		free(n);
		return pmo_error_set_oom();
	}
	place(p, from, &line, &col);
	n->line = (uint32_t)line;
	n->col = (uint32_t)col;
	if (!p->depth)
		p->doc->root = n;
	else if (p->stack[p->depth - 1].last)
		p->stack[p->depth - 1].last = p->stack[p->depth - 1].last->next = n;
	else
		p->stack[p->depth - 1].last = p->stack[p->depth - 1].node->child = n;
	p->i += k;
	if ((error = attributes(p, &empty)) < 0)
		return error;
	if (empty)
		return (n->text = calloc(1, 1)) ? 0 : pmo_error_set_oom();
	p->stack[p->depth].node = n;
	p->stack[p->depth].last = NULL;
	pmo_buf_init(&p->stack[p->depth].text);
	p->depth++;
	return 0;
}

static int end_tag(parser *p)
{
	size_t from = p->i, k;
	open_elem *top;

	p->i += 2;
	k = name_at(p);
	if (p->i + k >= p->n)
		return fail_at(p, p->n, "the file ends inside a tag (truncated?)%s", NULL);
	if (!p->depth)
		return fail_at(p, from, "an end tag without its start tag%s", NULL);
	top = &p->stack[p->depth - 1];
	if (!k || strlen(top->node->name) != k || memcmp(top->node->name, p->s + p->i, k)) {
		pmo_buf b = PMO_BUF_INIT;
		int error;
		pmo_buf_printf(&b, "</%.*s> does not close <%s> of line %u", (int)(k > 64 ? 64 : k), p->s + p->i,
			       top->node->name, (unsigned)top->node->line);
		error = pmo_buf_oom(&b) ? pmo_error_set_oom() : fail_at(p, from, "%s", pmo_buf_cstr(&b));
		pmo_buf_free(&b);
		return error;
	}
	p->i += k;
	skip_space(p);
	if (p->i >= p->n || p->s[p->i] != '>')
		return fail_at(p, from, "an end tag must end with \">\"%s", NULL);
	p->i++;
	if (pmo_buf_oom(&top->text))
		return pmo_error_set_oom();
	top->node->len = top->text.len;
	if (!(top->node->text = top->text.len ? pmo_buf_detach(&top->text) : calloc(1, 1)))
		return pmo_error_set_oom();
	pmo_buf_free(&top->text);
	p->depth--;
	return 0;
}

/* The XML declaration, if any: only UTF-8 is read. */
static int declaration(parser *p)
{
	size_t body, blen;
	const char *enc;
	int error;

	if (!starts(p, "<?xml") || p->n - p->i < 6 || !(is_space(p->s[p->i + 5]) || p->s[p->i + 5] == '?'))
		return 0;
	if ((error = until(p, 5, "?>", "the XML declaration", &body, &blen)) < 0)
		return error;
	enc = find(p->s + body, blen, "encoding", 8);
	if (enc) {
		const char *v = enc + 8, *end = p->s + body + blen;
		while (v < end && (is_space(*v) || *v == '=' || *v == '"' || *v == '\''))
			v++;
		if (end - v < 5 || strncasecmp(v, "UTF-8", 5) || (v + 5 < end && v[5] != '"' && v[5] != '\'')) {
			size_t k = 0;
			char name[33];
			while (v + k < end && k < 32 && v[k] != '"' && v[k] != '\'')
				k++;
			memcpy(name, v, k);
			name[k] = 0;
			return fail_at(p, (size_t)(enc - p->s), "encoding \"%s\" is not read; save the file as UTF-8", name);
		}
	}
	return 0;
}

/* Every byte UTF-8 and a character XML allows. */
static int check_chars(parser *p)
{
	size_t bad = pmo_utf8_invalid_at(p->s, p->n), k;
	if (bad != (size_t)-1)
		return fail_at(p, bad, "bytes that are not UTF-8%s", NULL);
	for (k = 0; k < p->n; k++) {
		unsigned char c = (unsigned char)p->s[k];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
			char hex[8];
			static const char digits[] = "0123456789ABCDEF";
			memcpy(hex, "U+00", 4);
			hex[4] = digits[c >> 4];
			hex[5] = digits[c & 15];
			hex[6] = 0;
			return fail_at(p, k, "control character %s is not allowed in XML", hex);
		}
		/* U+FFFE and U+FFFF: EF BF BE / EF BF BF */
		if (c == 0xEF && k + 2 < p->n && (unsigned char)p->s[k + 1] == 0xBF &&
		    ((unsigned char)p->s[k + 2] == 0xBE || (unsigned char)p->s[k + 2] == 0xBF))
			return fail_at(p, k, "character U+FFFE or U+FFFF is not allowed in XML%s", NULL);
	}
	return 0;
}

static int parse(parser *p)
{
	size_t body, blen;
	int error;

	if (p->n >= 3 && !memcmp(p->s, "\xEF\xBB\xBF", 3))
		p->i = 3;
	if ((error = check_chars(p)) < 0 || (error = declaration(p)) < 0)
		return error;
	while (p->i < p->n) {
		char c = p->s[p->i];
		if (c == '<') {
			if (starts(p, "<!--"))
				error = until(p, 4, "-->", "a comment", &body, &blen);
			else if (starts(p, "<![CDATA[")) {
				if (!p->depth)
					return fail_at(p, p->i, "CDATA outside the root element%s", NULL);
				if ((error = until(p, 9, "]]>", "a CDATA section", &body, &blen)) == 0 &&
				    pmo_buf_put(&p->stack[p->depth - 1].text, p->s + body, blen) < 0)
					error = pmo_error_set_oom();
			} else if (starts(p, "<!"))
				return fail_at(p, p->i, "a DOCTYPE or other declaration is not read (MSPDI files have none)%s", NULL);
			else if (starts(p, "<?"))
				error = until(p, 2, "?>", "a processing instruction", &body, &blen);
			else if (starts(p, "</"))
				error = end_tag(p);
			else
				error = start_tag(p);
		} else if (!p->depth) {
			if (!is_space(c))
				return fail_at(p, p->i, p->doc->root ? "text after the root element%s"
								    : "text before the root element%s", NULL);
			p->i++;
		} else if (c == '&') {
			error = entity(p, &p->stack[p->depth - 1].text);
		} else {
			size_t from = p->i;
			const char *lt = memchr(p->s + p->i, '<', p->n - p->i);
			const char *amp = memchr(p->s + p->i, '&', (size_t)((lt ? lt : p->s + p->n) - (p->s + p->i)));
			const char *stop = amp ? amp : lt ? lt : p->s + p->n;
			p->i = (size_t)(stop - p->s);
			if (pmo_buf_put(&p->stack[p->depth - 1].text, p->s + from, p->i - from) < 0)
				error = pmo_error_set_oom();
		}
		if (error < 0)
			return error;
	}
	if (p->depth) {
		pmo_buf b = PMO_BUF_INIT;
		pmo_buf_printf(&b, "the file ends inside <%s> of line %u (truncated?)",
			       p->stack[p->depth - 1].node->name, (unsigned)p->stack[p->depth - 1].node->line);
		error = pmo_buf_oom(&b) ? pmo_error_set_oom() : fail_at(p, p->n, "%s", pmo_buf_cstr(&b));
		pmo_buf_free(&b);
		return error;
	}
	if (!p->doc->root)
		return fail_at(p, p->n, "no root element: the file holds no XML%s", NULL);
	return 0;
}

int pmo_xml_parse(pmo_xml_doc **out, const char *path, const char *buf, size_t len)
{
	parser p;
	size_t k;
	int error;

	memset(&p, 0, sizeof(p));
	p.path = path;
	p.s = buf ? buf : "";
	p.n = buf ? len : 0;
	p.line = p.col = 1;
	if (!(p.doc = calloc(1, sizeof(*p.doc))) ||
	    !(p.stack = calloc(PMO_XML_MAX_DEPTH, sizeof(*p.stack)))) {
		free(p.doc);
		return pmo_error_set_oom();
	}
	error = parse(&p);
	for (k = 0; k < p.depth; k++)
		pmo_buf_free(&p.stack[k].text); /* elements left open: their text is NULL */
	free(p.stack);
	if (error < 0) {
		pmo_xml_doc_free(p.doc);
		return error;
	}
	*out = p.doc;
	return 0;
}

void pmo_xml_doc_free(pmo_xml_doc *doc)
{
	if (!doc)
		return;
	node_free(doc->root);
	free(doc);
}

const pmo_xml_node *pmo_xml_root(const pmo_xml_doc *doc)
{
	return doc ? doc->root : NULL;
}

const pmo_xml_node *pmo_xml_child(const pmo_xml_node *parent, const char *name)
{
	const pmo_xml_node *c;
	for (c = parent ? parent->child : NULL; c; c = c->next)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}
