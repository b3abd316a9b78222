#ifndef PMO_YAML_YAML_H
#define PMO_YAML_YAML_H
/*
 * pmo's YAML layer: a light document tree built from libyaml's events, with
 * each node's place in the file; a canonical emitter; minimal in-place edits.
 *
 * Loading refuses what does not belong in project data (anchors and aliases,
 * duplicate keys, invalid UTF-8, NUL bytes, tabs as indentation, several
 * documents, nesting deeper than the limit, files over the size limit, tags)
 * with an error at path:line:col (1-based).
 */
#include <stddef.h>
#include <stdint.h>
#include "util/buf.h"
#include "util/date.h"
#include "yaml/finding.h"

typedef enum {
	PMO_NODE_SCALAR = 1,
	PMO_NODE_SEQ,
	PMO_NODE_MAP,
} pmo_node_kind;

/* What a scalar resolves to by the YAML 1.2 core schema. Quoted and block
 * scalars are always strings. */
typedef enum {
	PMO_TAG_NULL = 1,
	PMO_TAG_BOOL,
	PMO_TAG_INT,
	PMO_TAG_FLOAT,
	PMO_TAG_STR,
} pmo_tag;

typedef enum {
	PMO_STYLE_PLAIN = 0,  /* scalars */
	PMO_STYLE_SINGLE,
	PMO_STYLE_DOUBLE,
	PMO_STYLE_LITERAL,
	PMO_STYLE_FOLDED,
	PMO_STYLE_BLOCK,      /* collections */
	PMO_STYLE_FLOW,
} pmo_style;

typedef struct pmo_node pmo_node;

typedef struct {
	pmo_node *key;   /* always a scalar */
	pmo_node *value;
} pmo_pair;

struct pmo_node {
	uint8_t kind;       /* pmo_node_kind */
	uint8_t tag;        /* pmo_tag; scalars only */
	uint8_t style;      /* pmo_style */
	uint32_t line, col; /* 1-based; 0 for nodes built in memory */
	/* byte range [start, end) in the source (a BOM counts). A block
	 * collection ends where its last value ends; a literal or folded
	 * scalar ends after the line break of its last line with text; an
	 * empty value is zero-width right after its ':'. Sizes are 32 bits
	 * (files are at most 256 MiB): a plan's tree is most of the memory
	 * pmo schedule touches. */
	uint32_t start, end;
	/* scalar: the length of str; sequence: items[0..n); mapping:
	 * pairs[0..n), in file order */
	uint32_t len;
	uint32_t n;
	uint32_t room;      /* lib/yaml's: the capacity of items or pairs */
	/* scalar: the value (NUL-terminated; may contain NUL only if the
	 * source had an escaped \0 in a double-quoted scalar) */
	const char *str;
	union {
		pmo_node **items;
		pmo_pair *pairs;
	};
};

typedef struct {
	size_t max_bytes;     /* default 16 MiB (0 = the default) */
	unsigned max_depth;   /* default 64 (0 = the default) */
	int allow_empty;      /* an empty file is a document with a null root */
} pmo_yaml_limits;

#define PMO_YAML_MAX_BYTES (16u << 20)
/* A project's plan.yaml (the whole work breakdown) may be bigger: 256 MiB. */
#define PMO_PLAN_MAX_BYTES (256u << 20)
#define PMO_YAML_MAX_DEPTH 64u

/* A loaded (or built) document. Nodes live in the document's arena and are
 * freed with it. */
typedef struct pmo_doc pmo_doc;

/* Parse buf as one YAML document. path names the file in messages. On
 * success *out owns a copy of buf. limits may be NULL for the defaults. */
int pmo_yaml_load(pmo_doc **out, const char *path, const char *buf, size_t len,
		  const pmo_yaml_limits *limits);
/* Which reader pmo_yaml_load uses. AUTO: pmo's own reader for the block
 * YAML people and pmo write (block mappings and sequences, one-line plain
 * and quoted scalars, one-line flow collections of scalars, comments),
 * which gives the very tree libyaml's would; it declines anything else
 * and libyaml reads that (and tells every error). LIBYAML and FAST force
 * one reader, for the differential tests and fuzzing: with FAST,
 * pmo_yaml_load_with returns 1 and leaves *out alone when the fast
 * reader declines the text, and no error is left set then. */
typedef enum { PMO_YAML_AUTO, PMO_YAML_LIBYAML, PMO_YAML_FAST } pmo_yaml_reader;
int pmo_yaml_load_with(pmo_doc **out, const char *path, const char *buf, size_t len,
		       const pmo_yaml_limits *limits, pmo_yaml_reader reader);
/* A loaded document as bytes (appended to out), and back: pmo_doc_unpack
 * makes the tree and source pmo_yaml_load made, path naming the document;
 * PMO_EINVALID for bytes that are not a whole packed document. The bytes
 * are for the machine and build that made them (a cache's). */
int pmo_doc_pack(pmo_buf *out, const pmo_doc *doc);
int pmo_doc_unpack(pmo_doc **out, const char *path, const void *bytes, size_t len);
/* Read and parse the file at path. */
int pmo_yaml_load_file(pmo_doc **out, const char *path, const pmo_yaml_limits *limits);
void pmo_doc_free(pmo_doc *doc);

pmo_node *pmo_doc_root(const pmo_doc *doc);
const char *pmo_doc_path(const pmo_doc *doc);
/* The source bytes the document was parsed from ("" for built ones). */
const char *pmo_doc_source(const pmo_doc *doc, size_t *len);

/* An empty document to build a tree in memory (for new records). */
int pmo_doc_new(pmo_doc **out);
void pmo_doc_set_root(pmo_doc *doc, pmo_node *root);
/* Node constructors: allocated in doc's arena; NULL on OOM (error set).
 * The string is copied. The tag of a new scalar is what it is (e.g.
 * PMO_TAG_INT for a number from the command line); the emitter quotes a
 * PMO_TAG_STR scalar whose text would read back as something else. */
pmo_node *pmo_node_scalar(pmo_doc *doc, pmo_tag tag, const char *s, size_t len);
pmo_node *pmo_node_str(pmo_doc *doc, const char *s);
pmo_node *pmo_node_map(pmo_doc *doc);
pmo_node *pmo_node_seq(pmo_doc *doc);
int pmo_map_append(pmo_doc *doc, pmo_node *map, pmo_node *key, pmo_node *value);
int pmo_seq_append(pmo_doc *doc, pmo_node *seq, pmo_node *item);
/* Deep copy of a node (from any document) into doc. */
pmo_node *pmo_node_copy(pmo_doc *doc, const pmo_node *node);

/* Lookup in a mapping by key text; NULL when absent or not a mapping. */
pmo_node *pmo_map_get(const pmo_node *map, const char *key);
pmo_pair *pmo_map_pair(const pmo_node *map, const char *key);
/* Scalar text, or NULL when node is NULL or not a scalar. */
/* A hash of node's tree (kinds, tags, texts, keys, in order) from seed h. */
uint64_t pmo_node_hash(uint64_t h, const pmo_node *node);
const char *pmo_node_text(const pmo_node *node);
/* Resolve a plain scalar's text by the YAML 1.2 core schema. */
pmo_tag pmo_yaml_resolve(const char *s, size_t len);
/* The value of an integer in any core-schema form (12, +12, 0x0C, 0o14,
 * and, as JSON Schema's "integer" reads them, floats with an integral
 * value: 12.0, 1.2e1, .12e2): 0, or -1 when node is not a whole number
 * that fits in 64 bits. */
int pmo_node_int(const pmo_node *node, int64_t *out);
/* A string scalar that is a real date YYYY-MM-DD: 0, else -1. */
int pmo_node_date(pmo_date *out, const pmo_node *n);
/* The value of a number scalar in any core-schema form (12, 0x0C, 0o14,
 * 1.5, .5, 5., .5e1, 1E3, .inf, -.Inf, .NaN): 0, or -1 when node is not
 * a number. .inf and .nan come out as infinity and NaN, which have no JSON
 * value: callers that want a JSON number refuse them (isfinite). */
int pmo_node_number(const pmo_node *node, double *out);
/* The value of an int or float scalar as text, in JSON's form (0x1F is 31,
 * .5e1 is 5, 1.0 stays 1.0): 0, or -1 (nothing written) for another node,
 * .inf or .nan. */
int pmo_yaml_number_text(pmo_buf *out, const pmo_node *n);
/* Value as one line of text for tables, logs and filters (numbers by
 * value, sequences joined with ", ", mappings as "k: v, …"); new string.
 * NULL node gives "". */
char *pmo_node_display(const pmo_node *node);
/* The same, appended to b. */
void pmo_node_display_into(pmo_buf *b, const pmo_node *node);
/* Deep equality of values (scalars by tag and text; numbers by value). */
int pmo_node_equal(const pmo_node *a, const pmo_node *b);

/*
 * Canonical emission: block style, 2-space indent, keys in the tree's order,
 * sequences of mappings as "- key: value", UTF-8 written as itself, strings
 * quoted when their plain form would read back as another type (also for
 * YAML 1.1 readers: yes, no, on, off, dates, 1_000 …) or is not a valid
 * plain scalar. Multi-line strings as literal blocks. Ends with a newline.
 */
int pmo_yaml_emit(pmo_buf *out, const pmo_node *root);
/* The same, keeping the comments of doc's source (pmo fmt): root is doc's
 * root (NULL) or a tree built from doc's nodes, which keep their places in
 * the source (pmo_node_copy keeps them; a rebuilt collection must copy
 * start, end and line from the node it stands for). A comment alone on its
 * lines goes above the key or item it preceded, at its indent; a comment
 * after a value stays after that value, one blank before '#'; the comments
 * after the last node end the file. Blank lines are not kept. */
int pmo_yaml_emit_doc(pmo_buf *out, const pmo_doc *doc, const pmo_node *root);
/* The canonical text of doc (pmo fmt's): the keys of each mapping that the
 * JSON schema node `schema` describes (NULL: none) in the order of its
 * "properties", other keys after them as found, then pmo_yaml_emit_doc. A
 * "$ref" is not followed. Appended to out. */
int pmo_yaml_canonical(pmo_buf *out, const pmo_doc *doc, const pmo_node *schema);
/* One scalar as it would appear after "key: " (quoted where needed; never a
 * block: a multi-line string comes out double-quoted). Like every writer
 * here it appends to out. Strings that are not valid UTF-8 are refused
 * (PMO_EINVALID). */
int pmo_yaml_emit_scalar(pmo_buf *out, const pmo_node *scalar);

/*
 * Minimal edits of a top-level mapping: the result is the source with only
 * the lines of that field changed; comments, order and quoting elsewhere stay
 * byte for byte.
 *
 * set: replace the value of key, or when absent insert "key: value" after the
 * top-level key named after (NULL or absent: as the first key). value may be
 * a scalar or a collection (written in block style at the right indent).
 * New lines use the file's line ending (CRLF stays CRLF). The result is
 * appended to out. A document whose root is not a block mapping (flow
 * style, empty, built in memory) is written whole in the canonical style;
 * so is any edit whose result would not load back as the intended tree.
 */
int pmo_yaml_edit_set(pmo_buf *out, const pmo_doc *doc, const char *key,
		      const pmo_node *value, const char *after);
/* Remove key and its value (and its lines) when present; the text is
 * unchanged when key is absent. Removing the last key leaves "{}". */
int pmo_yaml_edit_remove(pmo_buf *out, const pmo_doc *doc, const char *key);
/* The same on any mapping of the document (map is a node of doc, such as
 * one item of a list of tasks). For a mapping that is not the root a new
 * key goes after `after`, or after the mapping's last key when after is
 * NULL or absent; removing its last key writes the document whole. */
int pmo_yaml_edit_map_set(pmo_buf *out, const pmo_doc *doc, const pmo_node *map,
			  const char *key, const pmo_node *value, const char *after);
/* Set key in map (NULL: the root) where the canonical order puts it: order
 * is a mapping whose keys give that order (a schema's "properties"). A new
 * key goes before the first key of map that follows it in order (keys not
 * in order follow all the others), that is after the entry before that one,
 * so the comment lines above the following key stay above it; a key not in
 * order goes last. As pmo_yaml_edit_map_set otherwise. */
int pmo_yaml_edit_map_put(pmo_buf *out, const pmo_doc *doc, const pmo_node *map,
			  const char *key, const pmo_node *value, const pmo_node *order);
int pmo_yaml_edit_map_remove(pmo_buf *out, const pmo_doc *doc, const pmo_node *map,
			     const char *key);
/* Append item (from any document) to the block sequence seq (a node of
 * doc): the item is written in the canonical style at the indent of the
 * sequence's dashes, after the line where its last item ends; the rest of
 * the file stays byte for byte. An empty or flow sequence, or a result that
 * would not load back as intended, makes the whole document canonical. */
int pmo_yaml_edit_seq_append(pmo_buf *out, const pmo_doc *doc, const pmo_node *seq,
			     const pmo_node *item);
/* Remove item index of the sequence seq (a node of doc): its lines go, the
 * rest stays byte for byte. A flow sequence, its last item, or a result that
 * would not load back as intended makes the whole document canonical (to
 * drop a list's last item, remove its key instead). */
int pmo_yaml_edit_seq_remove(pmo_buf *out, const pmo_doc *doc, const pmo_node *seq,
			     size_t index);
/* Replace the scalars at[0..n) (nodes of doc, at any depth: a value, an
 * item of a block or flow list; each once) with the strings values[0..n),
 * each written in the canonical style in its scalar's place; the rest
 * stays byte for byte. A result that would not load back as intended makes
 * the whole document canonical. */
int pmo_yaml_edit_scalars(pmo_buf *out, const pmo_doc *doc, const pmo_node *const *at,
			  const char *const *values, size_t n);

#endif
