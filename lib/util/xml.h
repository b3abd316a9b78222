#ifndef PMO_UTIL_XML_H
#define PMO_UTIL_XML_H
/*
 * A small, strict XML reader for the plain data files other tools write
 * (Microsoft Project's XML, MSPDI): elements, attributes, character data,
 * comments, CDATA and processing instructions, in UTF-8. The text of an
 * element is its character data with the five predefined entities (&lt;
 * &gt; &amp; &quot; &apos;) and character references (&#20013; &#x4E2D;)
 * decoded.
 *
 * What it declines, on purpose: a DOCTYPE (so no entity of the file's own
 * can expand: no "billion laughs", no external file is ever read), an
 * encoding other than UTF-8, bytes that are not UTF-8 or are control
 * characters XML forbids, more than PMO_XML_MAX_DEPTH nested elements.
 * Namespaces are not resolved: a name is matched as written ("Task", or
 * "p:Task" with its prefix). Anything else malformed is an error at its
 * line and column (PMO_EINVALID), never a crash: fuzz/mspdi_import.c feeds
 * it arbitrary bytes.
 */
#include <stddef.h>
#include <stdint.h>

#define PMO_XML_MAX_DEPTH 256

typedef struct pmo_xml_node pmo_xml_node;
struct pmo_xml_node {
	char *name;               /* as written, NUL-terminated */
	char *text;               /* character data directly inside, decoded; never NULL */
	size_t len;               /* of text, which holds no NUL (XML has none) */
	pmo_xml_node *child;      /* first child element, or NULL */
	pmo_xml_node *next;       /* next sibling element, or NULL */
	uint32_t line, col;       /* of its '<', 1-based */
};

typedef struct pmo_xml_doc pmo_xml_doc;

/* Parse buf (len bytes; a UTF-8 byte order mark is skipped). path names
 * the file in error messages (path:line:col). */
int pmo_xml_parse(pmo_xml_doc **out, const char *path, const char *buf, size_t len);
void pmo_xml_doc_free(pmo_xml_doc *doc);
/* The root element. Borrowed. */
const pmo_xml_node *pmo_xml_root(const pmo_xml_doc *doc);
/* The first child of parent named name, or NULL. */
const pmo_xml_node *pmo_xml_child(const pmo_xml_node *parent, const char *name);

#endif
