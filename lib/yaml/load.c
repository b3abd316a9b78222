/* Loading: pmo's light tree from libyaml's event API, with each node's
 * line, column and byte range, refusing what does not belong in project
 * data (see yaml.h). */
#include "yaml/loader.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/utf8.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

typedef pmo__loader loader;
typedef pmo__frame frame;
#define LOCAL_FRAMES PMO__LOCAL_FRAMES
#define LOCAL_KIDS PMO__LOCAL_KIDS

static int oom(void)
{
	return pmo_error_set(PMO_ENOMEM, "out of memory");
}

#define HIGH_BITS 0x8080808080808080ull
#define LOW_BYTES 0x0101010101010101ull

/* Byte offset of libyaml's character index. Marks mostly move forward, so
 * the cursor walks from the last answer. The cursor keeps ci = the number
 * of characters (bytes that are not UTF-8 continuation bytes) in
 * [bom, bi); the answer is the byte that starts character index. Only
 * text libyaml has already read (and so validated) is walked. */
static size_t byte_at(loader *L, size_t index)
{
	const unsigned char *s = (const unsigned char *)L->src;
	size_t ci = L->ci, bi = L->bi, n = L->len;

	if (index < ci) {
		while (ci > index && bi > L->bom) {
			bi--;
			if ((s[bi] & 0xC0) != 0x80)
				ci--;
		}
	} else {
		/* eight bytes at a time: pass the word when the character
		 * sought is not in it, else pick its first byte there */
		while (n - bi >= 8) {
			uint64_t w, lead;
			size_t k, r = index - ci;

			memcpy(&w, s + bi, 8);
			lead = (~w | (w << 1)) & HIGH_BITS; /* not 10xxxxxx */
			k = (size_t)(((lead >> 7) * LOW_BYTES) >> 56);
			if (k <= r) {
				ci += k;
				bi += 8;
				continue;
			}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			for (; r; r--)
				lead &= lead - 1;
			bi += (size_t)__builtin_ctzll(lead) / 8;
			ci = index;
			goto found;
#else
			break;
#endif
		}
		for (; bi < n; bi++)
			if ((s[bi] & 0xC0) != 0x80) {
				if (ci == index)
					break;
				ci++;
			}
	}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
found:
#endif
	L->ci = ci;
	L->bi = bi;
	return bi < n ? bi : n;
}

/* Line and column (1-based, columns in characters) of a byte offset. */
static void place_of(const loader *L, size_t off, size_t *line, size_t *col)
{
	size_t i, ls = 0, l = 1, c = 1;

	for (i = 0; i < off && i < L->len; i++)
		if (L->src[i] == '\n') {
			l++;
			ls = i + 1;
		}
	if (ls == 0)
		ls = L->bom;
	for (i = ls; i < off && i < L->len; i++)
		if (((unsigned char)L->src[i] & 0xC0) != 0x80)
			c++;
	*line = l;
	*col = c;
}

static int error_at_mark(loader *L, yaml_mark_t m, const char *fmt, const char *arg)
{
	return pmo_error_set_at(PMO_EINVALID, L->path, m.line + 1, m.column + 1, fmt, arg);
}

/* NUL bytes and invalid UTF-8, reported at the first one in the file.
 * libyaml's reader refuses both too (with other words, and only when it
 * gets there), so a file libyaml reads to its end has neither: this scan
 * runs only when loading fails, and its error, if any, is the one told. */
static int prescan(loader *L)
{
	const unsigned char *s = (const unsigned char *)L->src;
	size_t i = 0, n = L->len, k, line, col;
	uint32_t cp;

	while (i < n) {
		if (s[i] >= 0x80) {
			k = pmo_utf8_decode(L->src + i, n - i, &cp);
			if (!k) {
				place_of(L, i, &line, &col);
				return pmo_error_set_at(PMO_EINVALID, L->path, line, col,
							"invalid UTF-8 byte 0x%02X", s[i]);
			}
			i += k;
		} else if (s[i] == 0) {
			place_of(L, i, &line, &col);
			return pmo_error_set_at(PMO_EINVALID, L->path, line, col, "NUL byte in file");
		} else {
			i++;
		}
	}
	return 0;
}

static int parser_error(loader *L, const yaml_parser_t *p)
{
	size_t line, col, b, i;
	const char *problem = p->problem ? p->problem : "syntax error";

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		return oom();
	case YAML_READER_ERROR:
		place_of(L, p->problem_offset, &line, &col);
		return pmo_error_set_at(PMO_EINVALID, L->path, line, col, "%s", problem);
	default:
		break;
	}
	line = p->problem_mark.line + 1;
	col = p->problem_mark.column + 1;
	if (p->error == YAML_SCANNER_ERROR) {
		b = byte_at(L, p->problem_mark.index);
		if (b < L->len && L->src[b] == '\t') {
			/* only blanks (and sequence dashes) before it on its line */
			for (i = b; i > 0 && (L->src[i - 1] == ' ' || L->src[i - 1] == '\t' ||
					      L->src[i - 1] == '-'); i--)
				;
			if (i == 0 || L->src[i - 1] == '\n' || i == L->bom)
				return pmo_error_set_at(PMO_EINVALID, L->path, line, col,
					"tab used for indentation; indent with spaces");
		}
	}
	if (p->context)
		return pmo_error_set_at(PMO_EINVALID, L->path, line, col, "%s (%s at line %zu)",
					problem, p->context, (size_t)p->context_mark.line + 1);
	return pmo_error_set_at(PMO_EINVALID, L->path, line, col, "%s", problem);
}

static const char *tag_text(const char *tag, const char **prefix)
{
	static const char core[] = "tag:yaml.org,2002:";

	*prefix = "";
	if (strncmp(tag, core, sizeof(core) - 1) == 0) {
		*prefix = "!!";
		return tag + sizeof(core) - 1;
	}
	return tag;
}

static int check_props(loader *L, const yaml_event_t *ev, const yaml_char_t *anchor,
		       const yaml_char_t *tag)
{
	const char *prefix, *t;

	if (anchor)
		return error_at_mark(L, ev->start_mark, "anchors are not allowed (&%s)",
				     (const char *)anchor);
	if (tag) {
		t = tag_text((const char *)tag, &prefix);
		return pmo_error_set_at(PMO_EINVALID, L->path, ev->start_mark.line + 1,
					ev->start_mark.column + 1, "tags are not allowed (%s%s)",
					prefix, t);
	}
	return 0;
}

/* The end of a plain or single-quoted scalar that libyaml read on one
 * line, known without walking it: there libyaml copies the source bytes
 * as they are (a single-quoted one without '' inside, between its
 * quotes). The cursor moves there. (size_t)-1 for other scalars. */
static size_t end_on_line(loader *L, const yaml_event_t *ev, const pmo_node *n)
{
	size_t e;

	if (ev->start_mark.line != ev->end_mark.line)
		return (size_t)-1;
	if (n->style == PMO_STYLE_PLAIN)
		e = n->start + n->len;
	else if (n->style == PMO_STYLE_SINGLE && !memchr(n->str, '\'', n->len))
		e = n->start + n->len + 2;
	else
		return (size_t)-1;
	if (e > L->len)
		return (size_t)-1;
	L->ci = ev->end_mark.index;
	L->bi = e;
	return e;
}

static int on_scalar(loader *L, const yaml_event_t *ev)
{
	const yaml_char_t *anchor = ev->data.scalar.anchor, *tag = ev->data.scalar.tag;
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	pmo_style style;
	pmo_node *n;
	size_t e;
	int error;

	if ((error = check_props(L, ev, anchor, tag)) < 0)
		return error;
	switch (ev->data.scalar.style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = PMO_STYLE_SINGLE; break;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = PMO_STYLE_DOUBLE; break;
	case YAML_LITERAL_SCALAR_STYLE: style = PMO_STYLE_LITERAL; break;
	case YAML_FOLDED_SCALAR_STYLE: style = PMO_STYLE_FOLDED; break;
	default: style = PMO_STYLE_PLAIN; break;
	}
	n = pmo__ld_scalar(L, v, len, style, ev->start_mark.line + 1, ev->start_mark.column + 1);
	if (!n)
		return PMO_ENOMEM;
	n->start = (uint32_t)byte_at(L, ev->start_mark.index);
	e = end_on_line(L, ev, n);
	n->end = (uint32_t)(e != (size_t)-1 ? e : byte_at(L, ev->end_mark.index));
	if (n->style == PMO_STYLE_LITERAL || n->style == PMO_STYLE_FOLDED) {
		/* libyaml's end includes the blank lines after the block: end
		 * after the line break of its last line with text instead */
		e = n->end;
		while (e > n->start && (L->src[e - 1] == ' ' || L->src[e - 1] == '\n' ||
					L->src[e - 1] == '\r' || L->src[e - 1] == '\t'))
			e--;
		while (e < n->end && L->src[e] != '\n')
			e++;
		if (e < n->end)
			e++;
		n->end = (uint32_t)e;
	}
	return pmo__ld_add(L, n);
}

static int on_start(loader *L, const yaml_event_t *ev, pmo_node_kind kind)
{
	const yaml_char_t *anchor, *tag;
	int flow, error;

	if (kind == PMO_NODE_MAP) {
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		flow = ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
	} else {
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		flow = ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
	}
	if ((error = check_props(L, ev, anchor, tag)) < 0)
		return error;
	return pmo__ld_open(L, kind, flow, ev->start_mark.line + 1, ev->start_mark.column + 1,
			    byte_at(L, ev->start_mark.index));
}

static int on_end(loader *L, const yaml_event_t *ev)
{
	const frame *f = &L->frames[L->nframes - 1];
	size_t end = 0;

	if (f->node->style == PMO_STYLE_FLOW || L->nkids == f->base)
		end = byte_at(L, ev->end_mark.index);
	return pmo__ld_close(L, end);
}

/* libyaml's events into L's tree: 0, 1 when the text holds no document,
 * or an error. */
static int read_libyaml(loader *L)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int error = 0, have_event = 0, finished = 0;
	unsigned ndocs = 0;

	if (!yaml_parser_initialize(&parser))
		return oom();
	yaml_parser_set_input_string(&parser, (const unsigned char *)L->src, L->len);
	while (!finished) {
		if (!yaml_parser_parse(&parser, &ev)) {
			if (parser.error == YAML_MEMORY_ERROR)
				error = oom();
			else if ((error = prescan(L)) == 0)
				error = parser_error(L, &parser);
			goto done;
		}
		have_event = 1;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			finished = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (ndocs++)
				error = error_at_mark(L, ev.start_mark, "%s",
						      "more than one document in the file");
			break;
		case YAML_ALIAS_EVENT:
			error = error_at_mark(L, ev.start_mark, "aliases are not allowed (*%s)",
					      (const char *)ev.data.alias.anchor);
			break;
		case YAML_SCALAR_EVENT:
			error = on_scalar(L, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			error = on_start(L, &ev, PMO_NODE_SEQ);
			break;
		case YAML_MAPPING_START_EVENT:
			error = on_start(L, &ev, PMO_NODE_MAP);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			error = on_end(L, &ev);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		have_event = 0;
		if (error < 0) {
			/* a bad byte further on is told first, as when it
			 * stops libyaml */
			if (error != PMO_ENOMEM && prescan(L) < 0)
				error = PMO_EINVALID;
			goto done;
		}
	}
	if (!ndocs)
		error = 1; /* no document */
done:
	if (have_event)
		yaml_event_delete(&ev);
	yaml_parser_delete(&parser);
	return error;
}

/* A loader over a fresh document holding a copy of buf. */
static int loader_begin(loader *L, const char *path, const char *buf, size_t len,
			const pmo_yaml_limits *limits)
{
	char *src;
	int error;

	memset(L, 0, offsetof(loader, local_frames));
	L->frames = L->local_frames;
	L->capframes = LOCAL_FRAMES;
	L->kids = L->local_kids;
	L->capkids = LOCAL_KIDS;
	L->path = path ? path : "";
	L->max_depth = limits && limits->max_depth ? limits->max_depth : PMO_YAML_MAX_DEPTH;
	/* A small record's tree and source take about 12 times the file (a
	 * 175-byte risk: 2 KB): the first chunk holds that, and more chunks
	 * follow when needed, so that the trees of 5,000 records touch no more
	 * memory than they fill. A plan's tree takes 8 to 15 times its size:
	 * a big file reserves 24 times, in huge pages (BIG_CHUNK in tree.c). */
	if ((error = pmo__doc_create(&L->doc, L->path,
				     len < ((size_t)64 << 10) ? len * 12 + 512 : len * 24)) < 0)
		return error;
	src = pmo__arena_alloc(L->doc, len + 1);
	if (!src)
		return PMO_ENOMEM;
	if (len)
		memcpy(src, buf, len);
	src[len] = '\0';
	L->doc->src = src;
	L->doc->len = len;
	L->src = src;
	L->len = len;
	L->bom = len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	L->bi = L->bom;
	return 0;
}

/* Free what L holds but its document. */
static void loader_end(loader *L)
{
	if (L->frames != L->local_frames)
		free(L->frames);
	if (L->kids != L->local_kids)
		free(L->kids);
	free(L->ht);
	L->frames = L->local_frames;
	L->kids = L->local_kids;
	L->ht = NULL;
}

/* A fresh document over a copy of L's source, for a second reading of
 * it; the first document and its tree go. */
static int loader_restart(loader *L, const pmo_yaml_limits *limits)
{
	pmo_doc *old = L->doc;
	const char *path = L->path;
	int error;

	loader_end(L);
	error = loader_begin(L, path, old->src, old->len, limits);
	pmo_doc_free(old);
	return error;
}

int pmo_yaml_load_with(pmo_doc **out, const char *path, const char *buf, size_t len,
		       const pmo_yaml_limits *limits, pmo_yaml_reader reader)
{
	size_t max_bytes = limits && limits->max_bytes ? limits->max_bytes : PMO_YAML_MAX_BYTES;
	loader L;
	int error;

	path = path ? path : "";
	if (max_bytes > UINT32_MAX - 1)
		max_bytes = UINT32_MAX - 1; /* a node's marks are 32 bits */
	if (len > max_bytes) {
		if (reader == PMO_YAML_FAST)
			return 1;
		return pmo_error_set_at(PMO_EINVALID, path, 1, 1,
			"file is %zu bytes, more than the limit of %zu bytes", len, max_bytes);
	}
	if ((error = loader_begin(&L, path, buf, len, limits)) < 0)
		goto done;
	if (reader != PMO_YAML_LIBYAML) {
		error = pmo__ld_fast(&L);
		if (error <= 0 || reader == PMO_YAML_FAST)
			goto done;
		if ((error = loader_restart(&L, limits)) < 0)
			goto done;
	}
	/* a UTF-16 byte order mark would make libyaml read UTF-16; 0xFE and
	 * 0xFF are never UTF-8, so the scan refuses the file at once */
	if (len && (unsigned char)L.src[0] >= 0xFE && (error = prescan(&L)) < 0)
		goto done;
	error = read_libyaml(&L);
	if (error == 1) {
		pmo_node *n;
		error = 0;
		if (!limits || !limits->allow_empty) {
			error = pmo_error_set_at(PMO_EINVALID, L.path, 1, 1, "file is empty");
			goto done;
		}
		n = pmo_node_scalar(L.doc, PMO_TAG_NULL, "", 0);
		if (!n) {
			error = PMO_ENOMEM;
			goto done;
		}
		n->line = n->col = 1;
		n->start = n->end = L.bom;
		L.doc->root = n;
	}
done:
	loader_end(&L);
	if (error != 0)
		pmo_doc_free(L.doc);
	else
		*out = L.doc;
	return error;
}

int pmo_yaml_load(pmo_doc **out, const char *path, const char *buf, size_t len,
		  const pmo_yaml_limits *limits)
{
	return pmo_yaml_load_with(out, path, buf, len, limits, PMO_YAML_AUTO);
}

int pmo_yaml_load_file(pmo_doc **out, const char *path, const pmo_yaml_limits *limits)
{
	size_t max_bytes = limits && limits->max_bytes ? limits->max_bytes : PMO_YAML_MAX_BYTES;
	pmo_buf buf = PMO_BUF_INIT;
	struct stat st;
	int error;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > max_bytes) {
		error = pmo_error_set_at(PMO_EINVALID, path, 1, 1,
			"file is %zu bytes, more than the limit of %zu bytes",
			(size_t)st.st_size, max_bytes);
		goto done;
	}
	if ((error = pmo_fs_read(&buf, path, max_bytes)) < 0)
		goto done;
	error = pmo_yaml_load(out, path, pmo_buf_cstr(&buf), buf.len, limits);
done:
	pmo_buf_free(&buf);
	return error;
}
