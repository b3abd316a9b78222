/* pmo's own reader for the YAML that people and pmo write: block mappings
 * and sequences, plain and quoted scalars on one line, flow sequences and
 * mappings of such scalars on one line, comments and blank lines. It
 * feeds the tree builder libyaml's events feed (loader.h) with the same
 * marks libyaml gives, so the tree is the same node for node; the tests
 * (tests/test_yaml_fast.c) and a fuzzer (fuzz/yaml_fast.c) compare the
 * two readers on every text. Whatever it is not sure of it declines (any
 * tab, CR, BOM, control or line-separator character, block scalars,
 * anchors, tags, directives, multi-line scalars, escapes, complex keys,
 * nesting in flow but a flow mapping of scalars in a flow sequence, and
 * every error): libyaml then reads the text and
 * tells its error, if any.
 *
 * Why: libyaml spends about 1,700 instructions an event (a malloc and
 * free per token and per event); for a plan of 20,000 tasks that is most
 * of `pmo schedule`. A whole text is declined for one construct, so a
 * plan whose assignees are written [{person: p1, allocation: 25}] went
 * to libyaml whole: 68% of `pmo evm`'s instructions (bench/evm.sh). */
#include "yaml/loader.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { DECLINE = 1 };

/* Block collections deeper than this are left to libyaml. */
#define MAX_BLOCKS 64

enum { PEND_NONE, PEND_KEY, PEND_DASH };

typedef struct {
	pmo__loader *L;
	const unsigned char *s;
	size_t len;
	size_t ls, le;   /* the current line: its first byte and its end ('\n' or len) */
	size_t line;     /* its number, 1-based */
	struct {
		int seq;
		size_t indent;
	} blk[MAX_BLOCKS]; /* the open block collections, innermost last */
	size_t nblk;
	int pending;     /* a "key:" or "-" whose value is not on its line */
	size_t pend_at, pend_line, pend_col;
	size_t cpos, ccol; /* col_of's last answer: byte cpos is at column ccol */
	char *scratch;   /* unescaped single-quoted text */
	size_t scratch_cap;
} fast;

#define TRY(x)                         \
	do {                           \
		int try_ = (x);        \
		if (try_)              \
			return try_;   \
	} while (0)

/* Out of memory stays an error; any other (a duplicate key, nesting too
 * deep) is libyaml's to tell, so the text is declined. */
static int builder(int error)
{
	return error == PMO_ENOMEM ? error : error < 0 ? DECLINE : 0;
}

/* 0 when every character is one libyaml reads as itself: no control
 * character (tab and CR included), no DEL, no C1 control (NEL among
 * them), no U+2028/U+2029 (libyaml's line breaks), no U+FEFF, U+FFFE or
 * U+FFFF, and valid UTF-8. */
static int check_text(const unsigned char *s, size_t n)
{
	const uint64_t H = 0x8080808080808080ull, L7 = 0x7F7F7F7F7F7F7F7Full;
	size_t i = 0;

	while (i < n) {
		unsigned c;

		/* eight ASCII bytes at a time: line feeds made '*', then no
		 * byte may be below 0x20, 0x7F or above */
		while (n - i >= 8) {
			uint64_t w, x, lf;

			memcpy(&w, s + i, 8);
			x = w ^ 0x0A0A0A0A0A0A0A0Aull;
			lf = ~(((x & L7) + L7) | x) & H;
			w |= lf >> 2;
			if ((w & H) || ((w + 0x6060606060606060ull) & H) != H ||
			    ((w + 0x0101010101010101ull) & H))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		c = s[i];
		if (c >= 0xE3 && c <= 0xEC) {
			/* a run of characters U+3000..U+CFFF (Chinese text is
			 * most of a record's bytes): three bytes each, and none
			 * of them one libyaml reads otherwise; 7 instructions a
			 * character instead of 35 (callgrind, bench/validate.sh) */
			size_t from = i;

			while (n - i >= 3 && (unsigned)(s[i] - 0xE3) <= 0xEC - 0xE3 &&
			       (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80)
				i += 3;
			if (i > from)
				continue;
		}
		if (c < 0x80) {
			if ((c < 0x20 && c != '\n') || c == 0x7F)
				return DECLINE;
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			if (i + 1 >= n || (s[i + 1] & 0xC0) != 0x80)
				return DECLINE;
			if (c == 0xC2 && s[i + 1] < 0xA0) /* C1 controls, NEL */
				return DECLINE;
			i += 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			unsigned b = i + 1 < n ? s[i + 1] : 0, b2 = i + 2 < n ? s[i + 2] : 0;
			unsigned cp;

			if ((b & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80)
				return DECLINE;
			cp = ((c & 0x0F) << 12) | ((b & 0x3F) << 6) | (b2 & 0x3F);
			if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0x2028 ||
			    cp == 0x2029 || cp == 0xFEFF || cp >= 0xFFFE)
				return DECLINE;
			i += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			unsigned b = i + 1 < n ? s[i + 1] : 0;

			if (i + 3 >= n || (b & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80 ||
			    (s[i + 3] & 0xC0) != 0x80 || (c == 0xF0 && b < 0x90) ||
			    (c == 0xF4 && b >= 0x90))
				return DECLINE;
			i += 4;
		} else {
			return DECLINE;
		}
	}
	return 0;
}

/* Column (1-based, in characters) of byte at on the current line. The
 * places asked on a line mostly move right: counting goes on from the
 * last answer. */
static size_t col_of(fast *f, size_t at)
{
	size_t i = f->cpos, c = f->ccol;

	if (i > at) {
		i = f->ls;
		c = 1;
	}
	for (; at - i >= 8; i += 8) {
		uint64_t w;
		memcpy(&w, f->s + i, 8);
		/* characters: bytes that are not 10xxxxxx; the continuation
		 * bytes' flags (one a byte, bit 0) summed into the top byte
		 * by one multiplication (no popcount instruction is assumed) */
		w = (w & ~(w << 1) & 0x8080808080808080ull) >> 7;
		c += 8 - (size_t)((w * 0x0101010101010101ull) >> 56);
	}
	for (; i < at; i++)
		if ((f->s[i] & 0xC0) != 0x80)
			c++;
	f->cpos = at;
	f->ccol = c;
	return c;
}

static size_t skip_spaces(const fast *f, size_t q)
{
	while (q < f->le && f->s[q] == ' ')
		q++;
	return q;
}

static int emit_scalar(fast *f, const char *v, size_t len, pmo_style style, size_t start,
		       size_t end)
{
	pmo_node *n = pmo__ld_scalar(f->L, v, len, style, f->line, col_of(f, start));

	if (!n)
		return PMO_ENOMEM;
	n->start = start;
	n->end = end;
	return builder(pmo__ld_add(f->L, n));
}

static int emit_null(fast *f, size_t at, size_t line, size_t col)
{
	pmo_node *n = pmo__ld_scalar(f->L, "", 0, PMO_STYLE_PLAIN, line, col);

	if (!n)
		return PMO_ENOMEM;
	n->start = n->end = at;
	return builder(pmo__ld_add(f->L, n));
}

static int open_block(fast *f, int seq, size_t at)
{
	if (f->nblk == MAX_BLOCKS)
		return DECLINE;
	TRY(builder(pmo__ld_open(f->L, seq ? PMO_NODE_SEQ : PMO_NODE_MAP, 0, f->line,
				 col_of(f, at), at)));
	f->blk[f->nblk].seq = seq;
	f->blk[f->nblk].indent = at - f->ls;
	f->nblk++;
	return 0;
}

static int close_block(fast *f)
{
	f->nblk--;
	return builder(pmo__ld_close(f->L, 0));
}

/* Byte classes: K a byte of a plain key (letters, digits, _ - . / and
 * UTF-8), S a byte a block plain scalar must look at (':' and ' '). */
enum { K = 1, S = 2 };
static const unsigned char cls[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

static int is_key_byte(unsigned c)
{
	return cls[c] & K;
}

/* The end of a plain key at p followed by ':' and a space or the end of
 * the line; 0 when the text at p is not such a key. Keys are kept short
 * of libyaml's 1,024 characters for an implicit key. */
static size_t key_end(const fast *f, size_t p)
{
	const unsigned char *s = f->s;
	size_t q = p;

	if (q >= f->le || s[q] == '-' || s[q] == '.' || s[q] == '/' || !is_key_byte(s[q]))
		return 0;
	while (q < f->le && is_key_byte(s[q]))
		q++;
	if (q >= f->le || s[q] != ':' || (q + 1 < f->le && s[q + 1] != ' ') || q - p > 1000)
		return 0;
	return q;
}

/* 'text' on one line at p; *q is after the closing quote. */
static int single_quoted(fast *f, size_t p, size_t *q)
{
	const unsigned char *s = f->s;
	size_t i = p + 1, n, k;
	int esc = 0;

	for (;;) {
		const unsigned char *e = memchr(s + i, '\'', f->le - i);
		if (!e)
			return DECLINE; /* runs over the line */
		i = (size_t)(e - s);
		if (i + 1 < f->le && s[i + 1] == '\'') {
			esc = 1;
			i += 2;
			continue;
		}
		break;
	}
	*q = i + 1;
	if (!esc)
		return emit_scalar(f, (const char *)s + p + 1, i - p - 1, PMO_STYLE_SINGLE, p, i + 1);
	if (f->scratch_cap < i - p) {
		char *b = realloc(f->scratch, i - p);
		if (!b)
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		f->scratch = b;
		f->scratch_cap = i - p;
	}
	for (k = p + 1, n = 0; k < i; k++) {
		f->scratch[n++] = (char)s[k];
		if (s[k] == '\'')
			k++;
	}
	return emit_scalar(f, f->scratch, n, PMO_STYLE_SINGLE, p, i + 1);
}

/* "text" on one line, without escapes. */
static int double_quoted(fast *f, size_t p, size_t *q)
{
	const unsigned char *s = f->s;
	size_t i;

	for (i = p + 1; i < f->le && s[i] != '"'; i++)
		if (s[i] == '\\')
			return DECLINE;
	if (i >= f->le)
		return DECLINE;
	*q = i + 1;
	return emit_scalar(f, (const char *)s + p + 1, i - p - 1, PMO_STYLE_DOUBLE, p, i + 1);
}

/* A plain scalar of a flow collection: ends before ',' ']' or '}' (and
 * the spaces before them); any other indicator in it is declined. */
static int flow_plain(fast *f, size_t p, size_t *q)
{
	const unsigned char *s = f->s;
	size_t i = p, end;

	if (s[p] == '-' ? (p + 1 >= f->le || !is_key_byte(s[p + 1]) || s[p + 1] == '-')
			: !is_key_byte(s[p]) && s[p] != '~' && s[p] != '+')
		return DECLINE;
	for (; i < f->le; i++) {
		unsigned c = s[i];
		if (c == ',' || c == ']' || c == '}')
			break;
		if (c == '[' || c == '{' || c == ':' || c == '#' || c == '?' || c == '\'' ||
		    c == '"' || c == '&' || c == '*' || c == '!' || c == '|' || c == '>' ||
		    c == '%' || c == '@' || c == '`' || c == '\\')
			return DECLINE;
	}
	end = i;
	while (end > p && s[end - 1] == ' ')
		end--;
	*q = end;
	return emit_scalar(f, (const char *)s + p, end - p, PMO_STYLE_PLAIN, p, end);
}

static int flow_scalar(fast *f, size_t p, size_t *q)
{
	if (f->s[p] == '\'')
		return single_quoted(f, p, q);
	if (f->s[p] == '"')
		return double_quoted(f, p, q);
	return flow_plain(f, p, q);
}

static int flow_map(fast *f, size_t p, size_t *out);

/* [a, b, 'c'] on one line, of scalars and of mappings of scalars
 * ([{person: wang-li, allocation: 50}], as people write a task's
 * assignees): the one nesting in flow taken, as libyaml reads a flow
 * mapping the same at either depth. */
static int flow_seq(fast *f, size_t p, size_t *out)
{
	const unsigned char *s = f->s;
	size_t q;

	TRY(builder(pmo__ld_open(f->L, PMO_NODE_SEQ, 1, f->line, col_of(f, p), p)));
	q = skip_spaces(f, p + 1);
	if (q < f->le && s[q] == ']')
		goto close;
	for (;;) {
		if (q >= f->le)
			return DECLINE;
		if (s[q] == '{')
			TRY(flow_map(f, q, &q));
		else
			TRY(flow_scalar(f, q, &q));
		q = skip_spaces(f, q);
		if (q >= f->le)
			return DECLINE;
		if (s[q] == ']')
			break;
		if (s[q] != ',')
			return DECLINE;
		q = skip_spaces(f, q + 1);
		if (q >= f->le || s[q] == ']' || s[q] == ',')
			return DECLINE;
	}
close:
	*out = q + 1;
	return builder(pmo__ld_close(f->L, q + 1));
}

/* {key: value, key: value} on one line, of scalars. */
static int flow_map(fast *f, size_t p, size_t *out)
{
	const unsigned char *s = f->s;
	size_t q, k;

	TRY(builder(pmo__ld_open(f->L, PMO_NODE_MAP, 1, f->line, col_of(f, p), p)));
	q = skip_spaces(f, p + 1);
	if (q < f->le && s[q] == '}')
		goto close;
	for (;;) {
		k = key_end(f, q);
		if (!k || k + 1 >= f->le)
			return DECLINE;
		TRY(emit_scalar(f, (const char *)s + q, k - q, PMO_STYLE_PLAIN, q, k));
		q = skip_spaces(f, k + 1);
		if (q >= f->le || s[q] == ',' || s[q] == '}')
			return DECLINE;
		TRY(flow_scalar(f, q, &q));
		q = skip_spaces(f, q);
		if (q >= f->le)
			return DECLINE;
		if (s[q] == '}')
			break;
		if (s[q] != ',')
			return DECLINE;
		q = skip_spaces(f, q + 1);
		if (q >= f->le || s[q] == '}' || s[q] == ',')
			return DECLINE;
	}
close:
	*out = q + 1;
	return builder(pmo__ld_close(f->L, q + 1));
}

/* Whether any of the eight bytes at p is ':' or ' ' (it may say so of a
 * byte after one that is: the caller looks at each byte then). */
static int colon_or_space(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	uint64_t w, c, sp;

	memcpy(&w, p, 8);
	c = w ^ (ones * ':');
	sp = w ^ (ones * ' ');
	return (((c - ones) & ~c) | ((sp - ones) & ~sp)) & high ? 1 : 0;
}

/* A plain scalar of a block collection, to the end of its line or a
 * comment. */
static int block_plain(fast *f, size_t p, size_t *q)
{
	const unsigned char *s = f->s;
	unsigned c = s[p];
	size_t i, end;

	if (c == '-' ? p + 1 >= f->le || s[p + 1] == ' '
		     : c == '?' || c == ':' || c == ',' || c == '[' || c == ']' || c == '{' ||
		       c == '}' || c == '#' || c == '&' || c == '*' || c == '!' || c == '|' ||
		       c == '>' || c == '\'' || c == '"' || c == '%' || c == '@' || c == '`')
		return DECLINE;
	for (i = p; i < f->le; i++) {
		/* eight bytes at a time while none is ':' or ' ' (a value of
		 * Chinese text has neither: 31 M of pmo validate's 692 M
		 * instructions went to this loop a byte at a time) */
		while (f->le - i >= 8 && !colon_or_space(s + i))
			i += 8;
		if (i >= f->le)
			break;
		if (!(cls[s[i]] & S))
			continue;
		if (s[i] == ':' && (i + 1 >= f->le || s[i + 1] == ' '))
			return DECLINE; /* a mapping inside a value */
		if (s[i] == ' ' && i + 1 < f->le && s[i + 1] == '#')
			break;
	}
	end = i;
	while (end > p && s[end - 1] == ' ')
		end--;
	*q = end;
	return emit_scalar(f, (const char *)s + p, end - p, PMO_STYLE_PLAIN, p, end);
}

/* The value at p, then nothing but spaces and a comment on the line. */
static int value(fast *f, size_t p)
{
	const unsigned char *s = f->s;
	size_t q;

	switch (s[p]) {
	case '[': TRY(flow_seq(f, p, &q)); break;
	case '{': TRY(flow_map(f, p, &q)); break;
	case '\'': TRY(single_quoted(f, p, &q)); break;
	case '"': TRY(double_quoted(f, p, &q)); break;
	default: TRY(block_plain(f, p, &q)); break;
	}
	p = skip_spaces(f, q);
	if (p < f->le && (s[p] != '#' || p == q))
		return DECLINE;
	return 0;
}

static void pend(fast *f, int kind, size_t at)
{
	f->pending = kind;
	f->pend_at = at;
	f->pend_line = f->line;
	f->pend_col = col_of(f, at);
}

/* "key: value" or "key:" at p, in the innermost block mapping. */
static int entry_key(fast *f, size_t p)
{
	size_t k = key_end(f, p), q;

	if (!k)
		return DECLINE;
	TRY(emit_scalar(f, (const char *)f->s + p, k - p, PMO_STYLE_PLAIN, p, k));
	q = skip_spaces(f, k + 1);
	if (q >= f->le || f->s[q] == '#') {
		pend(f, PEND_KEY, k + 1);
		return 0;
	}
	return value(f, q);
}

/* "- value", "- key: value" or "-" at p, in the innermost block sequence. */
static int entry_dash(fast *f, size_t p)
{
	const unsigned char *s = f->s;
	size_t q = skip_spaces(f, p + 1);

	if (q >= f->le || s[q] == '#') {
		pend(f, PEND_DASH, p + 1);
		return 0;
	}
	if (s[q] == '-' && (q + 1 >= f->le || s[q + 1] == ' '))
		return DECLINE; /* - - a */
	if (key_end(f, q)) {
		TRY(open_block(f, 0, q));
		return entry_key(f, q);
	}
	return value(f, q);
}

/* A line with content at i (after its indentation). */
static int content_line(fast *f, size_t i)
{
	const unsigned char *s = f->s;
	size_t indent = i - f->ls;
	int dash = s[i] == '-' && (i + 1 >= f->le || s[i + 1] == ' ');

	if (!f->nblk) {
		if (f->L->nframes || f->L->doc->root)
			return DECLINE; /* a second root */
		TRY(open_block(f, dash, i));
		goto entry;
	}
	if (f->pending) {
		size_t top = f->blk[f->nblk - 1].indent;
		int kind = f->pending;

		f->pending = PEND_NONE;
		if (indent > top || (kind == PEND_KEY && indent == top && dash)) {
			TRY(open_block(f, dash, i));
			goto entry;
		}
		TRY(emit_null(f, f->pend_at, f->pend_line, f->pend_col));
	}
	for (;;) {
		size_t n = f->nblk;
		if (f->blk[n - 1].indent > indent) {
			if (n == 1)
				return DECLINE; /* less indented than the root */
			TRY(close_block(f));
			continue;
		}
		/* an indentless sequence ends at its mapping's next key */
		if (f->blk[n - 1].seq && f->blk[n - 1].indent == indent && !dash && n >= 2 &&
		    !f->blk[n - 2].seq && f->blk[n - 2].indent == indent) {
			TRY(close_block(f));
			continue;
		}
		break;
	}
	if (f->blk[f->nblk - 1].indent != indent)
		return DECLINE;
entry:
	if (f->blk[f->nblk - 1].seq)
		return dash ? entry_dash(f, i) : DECLINE;
	return entry_key(f, i);
}

static int read_lines(fast *f)
{
	const unsigned char *s = f->s, *nl;
	size_t pos = 0, i, after = (size_t)-1;

	for (; pos < f->len; pos = f->le + 1, f->line++) {
		f->ls = f->cpos = pos;
		f->ccol = 1;
		nl = memchr(s + pos, '\n', f->len - pos);
		f->le = nl ? (size_t)(nl - s) : f->len;
		i = skip_spaces(f, pos);
		if (i == f->le)
			continue;
		/* after a value, a line indented deeper would continue it
		 * (or be an error): libyaml's to read */
		if (after != (size_t)-1 && i - pos > after)
			return DECLINE;
		if (s[i] == '#')
			continue;
		TRY(content_line(f, i));
		after = f->pending || !f->nblk ? (size_t)-1 : f->blk[f->nblk - 1].indent;
	}
	if (f->pending) {
		f->pending = PEND_NONE;
		TRY(emit_null(f, f->pend_at, f->pend_line, f->pend_col));
	}
	while (f->nblk)
		TRY(close_block(f));
	return f->L->doc->root ? 0 : DECLINE;
}

int pmo__ld_fast(pmo__loader *L)
{
	fast f;
	int error;

	if (L->bom || !L->len || check_text((const unsigned char *)L->src, L->len))
		return DECLINE;
	memset(&f, 0, sizeof(f));
	f.L = L;
	f.s = (const unsigned char *)L->src;
	f.len = L->len;
	f.line = 1;
	error = read_lines(&f);
	free(f.scratch);
	if (error == DECLINE)
		pmo_error_clear(); /* what the builder said is libyaml's to say */
	return error;
}
