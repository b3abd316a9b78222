/* The small XML reader of lib/util (xml.h): what it reads, and what it
 * refuses with the place of the problem. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/xml.h"

static pmo_xml_doc *parse_ok(const char *s)
{
	pmo_xml_doc *doc = NULL;
	int rc = pmo_xml_parse(&doc, "t.xml", s, strlen(s));
	cr_assert_eq(rc, 0, "%s", pmo_error_last() ? pmo_error_last()->message : "?");
	return doc;
}

static void parse_bad(const char *s, size_t len, const char *want)
{
	pmo_xml_doc *doc = NULL;
	char *msg;
	cr_assert_lt(pmo_xml_parse(&doc, "t.xml", s, len), 0, "accepted: %s", s);
	cr_assert_null(doc);
	msg = pmo_error_format(pmo_error_last());
	cr_assert_str_eq(msg, want);
	free(msg);
}

Test(xml, reads_elements_text_entities_cdata_and_places)
{
	pmo_xml_doc *doc = parse_ok(
		"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		"<!-- a comment -->\n"
		"<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
		" <Name>A &amp; B &lt;核心&gt; &quot;x&quot; &apos;y&apos; &#20013;&#x6587;</Name>\n"
		" <Notes><![CDATA[<raw> & more]]></Notes>\n"
		" <Empty/><Empty2 a='1' b=\"&amp;\" ></Empty2>\n"
		" <?pi ignored?>\n"
		"</Project>\n");
	const pmo_xml_node *root = pmo_xml_root(doc), *n;

	cr_assert_str_eq(root->name, "Project");
	cr_assert_eq(root->line, 3);
	n = pmo_xml_child(root, "Name");
	cr_assert_str_eq(n->text, "A & B <核心> \"x\" 'y' 中文");
	cr_assert_eq(n->len, strlen(n->text));
	cr_assert_eq(n->line, 4);
	cr_assert_eq(n->col, 2);
	cr_assert_str_eq(pmo_xml_child(root, "Notes")->text, "<raw> & more");
	cr_assert_str_eq(pmo_xml_child(root, "Empty")->text, "");
	cr_assert_str_eq(pmo_xml_child(root, "Empty2")->text, "");
	cr_assert_null(pmo_xml_child(root, "Missing"));
	cr_assert_str_eq(pmo_xml_child(root, "Empty")->next->name, "Empty2");
	pmo_xml_doc_free(doc);
	pmo_xml_doc_free(NULL);
}

Test(xml, refuses_what_is_not_plain_well_formed_utf8)
{
	parse_bad("<a><b></a>", 10, "t.xml:1:7: </a> does not close <b> of line 1");
	parse_bad("<a><b>x</b>", 11, "t.xml:1:12: the file ends inside <a> of line 1 (truncated?)");
	parse_bad("<a><b x=\"1", 10, "t.xml:1:11: the file ends inside an attribute's value");
	parse_bad("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", 40,
		  "t.xml:1:1: a DOCTYPE or other declaration is not read (MSPDI files have none)");
	parse_bad("<a>&x;</a>", 10, "t.xml:1:4: unknown entity; only &lt; &gt; &amp; &quot; &apos; and &#…; are read");
	parse_bad("<a>&#0;</a>", 11, "t.xml:1:4: character reference to a character XML does not allow");
	parse_bad("<a>&#x110000;</a>", 17, "t.xml:1:4: character reference beyond U+10FFFF");
	parse_bad("<a>\xff</a>", 8, "t.xml:1:4: bytes that are not UTF-8");
	parse_bad("<a>\x01</a>", 8, "t.xml:1:4: control character U+0001 is not allowed in XML");
	parse_bad("<a>x\0</a>", 9, "t.xml:1:5: control character U+0000 is not allowed in XML");
	parse_bad("<?xml version=\"1.0\" encoding=\"GB2312\"?><a/>", 43,
		  "t.xml:1:21: encoding \"GB2312\" is not read; save the file as UTF-8");
	parse_bad("<a/><b/>", 8, "t.xml:1:5: a second root element; a file holds one");
	parse_bad("<a/>x", 5, "t.xml:1:5: text after the root element");
	parse_bad("", 0, "t.xml:1:1: no root element: the file holds no XML");
	parse_bad("<a>1 < 2</a>", 12, "t.xml:1:6: \"<\" must start a tag, a comment or CDATA (write &lt; for the character)");
	parse_bad("<a><!-- x </a>", 14, "t.xml:1:4: a comment is not closed");
	parse_bad("<a b=1/>", 8, "t.xml:1:6: an attribute's value must be quoted");
}

Test(xml, limits_nesting_without_using_the_c_stack)
{
	size_t depth = PMO_XML_MAX_DEPTH + 1, i;
	char *s = malloc(depth * 3 + 1), *p = s;
	pmo_xml_doc *doc = NULL;

	for (i = 0; i < depth; i++, p += 3)
		memcpy(p, "<a>", 3);
	*p = 0;
	cr_assert_lt(pmo_xml_parse(&doc, "t.xml", s, strlen(s)), 0);
	cr_assert(strstr(pmo_error_last()->message, "nested deeper than 256 levels"), "%s", pmo_error_last()->message);
	/* exactly the limit is read */
	s[(depth - 1) * 3] = 0;
	{
		char *closed = malloc((depth - 1) * 7 + 1), *q = closed;
		memcpy(q, s, (depth - 1) * 3);
		q += (depth - 1) * 3;
		for (i = 0; i < depth - 1; i++, q += 4)
			memcpy(q, "</a>", 4);
		*q = 0;
		cr_assert_eq(pmo_xml_parse(&doc, "t.xml", closed, strlen(closed)), 0);
		pmo_xml_doc_free(doc);
		free(closed);
	}
	free(s);
}
