/*
 * Unit tests of the JSON Schema validator (lib/schema): message forms,
 * locations, $ref/$id resolution, regular expressions in UTF-8, broken
 * schemas. The official test suite runs in test_schema_suite.c.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema/schema.h"
#include "util/error.h"

typedef struct {
	pmo_schema_set *set;
	pmo_schema *schema;
	pmo_doc *doc;
	pmo_findings res;
	int rc;
} fx;

static void fx_schema(fx *f, const char *uri, const char *schema)
{
	memset(f, 0, sizeof(*f));
	cr_assert_eq(pmo_schema_set_new(&f->set), 0);
	if (pmo_schema_add(&f->schema, f->set, uri, schema, strlen(schema)) < 0)
		cr_assert_fail("schema does not load: %s", pmo_error_last()->message);
}

/* Validate the YAML text instance against the fixture's schema. */
static void fx_check(fx *f, const char *instance)
{
	pmo_findings_free(&f->res);
	pmo_doc_free(f->doc);
	f->doc = NULL;
	if (pmo_yaml_load(&f->doc, "rec.yaml", instance, strlen(instance), NULL) < 0)
		cr_assert_fail("instance does not load: %s", pmo_error_last()->message);
	f->rc = pmo_schema_validate(&f->res, f->schema, pmo_doc_root(f->doc));
}

static void fx_free(fx *f)
{
	pmo_findings_free(&f->res);
	pmo_doc_free(f->doc);
	pmo_schema_set_free(f->set);
}

/* Exactly one finding with this keyword, location and message. */
static void expect_one(fx *f, const char *keyword, const char *location, const char *message)
{
	cr_assert_eq(f->rc, 0, "validate failed: %s", f->rc ? pmo_error_last()->message : "");
	cr_assert_eq(f->res.n, 1, "expected 1 finding, got %zu%s%s", f->res.n,
		     f->res.n ? ": " : "", f->res.n ? f->res.items[0].message : "");
	cr_expect_str_eq(f->res.items[0].keyword, keyword);
	cr_expect_str_eq(f->res.items[0].location, location);
	cr_expect_str_eq(f->res.items[0].message, message);
}

static void expect_valid(fx *f)
{
	cr_assert_eq(f->rc, 0, "validate failed: %s", f->rc ? pmo_error_last()->message : "");
	cr_assert_eq(f->res.n, 0, "expected valid, got: %s", f->res.n ? f->res.items[0].message : "");
}

/* One schema, one instance, one expected finding. */
static void one(const char *schema, const char *instance, const char *keyword,
		const char *location, const char *message)
{
	fx f;

	fx_schema(&f, NULL, schema);
	fx_check(&f, instance);
	expect_one(&f, keyword, location, message);
	fx_free(&f);
}

static void valid(const char *schema, const char *instance)
{
	fx f;

	fx_schema(&f, NULL, schema);
	fx_check(&f, instance);
	expect_valid(&f);
	fx_free(&f);
}

Test(schema, maximum_and_minimum_messages)
{
	one("{\"properties\": {\"impact\": {\"maximum\": 5}}}", "impact: 7\n", "maximum", "impact",
	    "7 is more than the maximum 5");
	one("{\"properties\": {\"impact\": {\"minimum\": 1}}}", "impact: 0\n", "minimum", "impact",
	    "0 is less than the minimum 1");
	one("{\"exclusiveMaximum\": 5}", "5\n", "exclusiveMaximum", "", "5 is not less than 5");
	one("{\"exclusiveMinimum\": 0}", "0\n", "exclusiveMinimum", "", "0 is not more than 0");
	valid("{\"maximum\": 5, \"minimum\": 1}", "5\n");
}

Test(schema, type_messages_quote_strings_and_list_types)
{
	one("{\"type\": \"integer\"}", "abc\n", "type", "", "\"abc\" is not of type integer");
	one("{\"type\": \"string\"}", "12\n", "type", "", "12 is not of type string");
	one("{\"type\": [\"integer\", \"string\"]}", "true\n", "type", "",
	    "true is not of type integer or string");
	one("{\"type\": [\"null\", \"integer\", \"string\"]}", "[1, 2]\n", "type", "",
	    "[1, 2] is not of type integer, string or null");
	/* a date is a string in YAML 1.2 core */
	valid("{\"type\": \"string\"}", "2027-01-04\n");
}

Test(schema, integer_accepts_integral_floats)
{
	valid("{\"type\": \"integer\"}", "1.0\n");
	one("{\"type\": \"integer\"}", "1.5\n", "type", "", "1.5 is not of type integer");
	valid("{\"type\": \"integer\", \"minimum\": 0}", "123456789012345678901234567890\n");
}

Test(schema, enum_and_const_messages)
{
	one("{\"enum\": [\"avoid\", \"mitigate\", \"transfer\", \"accept\"]}", "fight\n", "enum", "",
	    "\"fight\" is not one of: avoid, mitigate, transfer, accept");
	one("{\"const\": \"y\"}", "x\n", "const", "", "\"x\" is not the constant \"y\"");
}

Test(schema, const_uses_json_equality)
{
	valid("{\"const\": 1}", "1.0\n");
	valid("{\"const\": {\"a\": 1, \"b\": [true, null]}}", "{b: [true, null], a: 1.0}\n");
	one("{\"const\": {\"a\": 1}}", "{a: \"1\"}\n", "const", "",
	    "{\"a\": \"1\"} is not the constant {\"a\": 1}");
	valid("{\"enum\": [[1, 2], {\"x\": 0}]}", "{x: 0.0}\n");
}

Test(schema, additional_properties_message_lists_allowed_fields)
{
	fx f;

	one("{\"properties\": {\"a\": {}, \"b\": {}, \"c\": {}}, \"additionalProperties\": false}",
	    "a: 1\nfoo: 2\n", "additionalProperties", "foo",
	    "unknown field \"foo\"; allowed: a, b, c");
	one("{\"additionalProperties\": false}", "foo: 2\n", "additionalProperties", "foo",
	    "unknown field \"foo\"");
	/* the finding points at the key */
	fx_schema(&f, NULL, "{\"properties\": {\"a\": {}}, \"additionalProperties\": false}");
	fx_check(&f, "a: 1\nfoo: 2\n");
	cr_assert_eq(f.res.n, 1);
	cr_expect_eq(f.res.items[0].node->line, 2);
	cr_expect_eq(f.res.items[0].node->col, 1);
	cr_expect_str_eq(f.res.items[0].node->str, "foo");
	fx_free(&f);
}

Test(schema, required_finding_is_about_the_object)
{
	one("{\"required\": [\"title\"]}", "name: x\n", "required", "",
	    "missing required field \"title\"");
	one("{\"properties\": {\"owner\": {\"required\": [\"id\"]}}}", "owner:\n  name: x\n",
	    "required", "owner", "missing required field \"id\"");
}

Test(schema, format_messages)
{
	one("{\"format\": \"date\"}", "2027-02-30\n", "format", "",
	    "\"2027-02-30\" is not a valid date (YYYY-MM-DD)");
	one("{\"format\": \"email\"}", "x\n", "format", "", "\"x\" is not a valid email");
	one("{\"format\": \"ipv4\"}", "256.1.1.1\n", "format", "", "\"256.1.1.1\" is not a valid ipv4");
	valid("{\"format\": \"date\"}", "2028-02-29\n");
	valid("{\"format\": \"date-time\"}", "2027-01-04T09:30:00+08:00\n");
	valid("{\"format\": \"no-such-format\"}", "anything\n");
	/* formats only apply to strings */
	valid("{\"format\": \"date\"}", "12\n");
}

Test(schema, pattern_message)
{
	one("{\"pattern\": \"^[A-Z]+$\"}", "abc\n", "pattern", "",
	    "\"abc\" does not match the pattern ^[A-Z]+$");
	valid("{\"pattern\": \"^[A-Z]+$\"}", "ABC\n");
	/* the description beside the pattern says it in words, whole */
	one("{\"pattern\": \"^[A-Z]+$\", \"description\": \"One or more upper-case letters, "
	    "A to Z, and nothing else: no digits, no spaces (CBM)\"}", "abc\n", "pattern", "",
	    "\"abc\" is not a valid value: One or more upper-case letters, A to Z, and nothing "
	    "else: no digits, no spaces (CBM)");
	/* not anchored unless the pattern says so */
	valid("{\"pattern\": \"[0-9]\"}", "abc1def\n");
}

Test(schema, length_messages_count_code_points)
{
	one("{\"minLength\": 1}", "\"\"\n", "minLength", "", "\"\" is shorter than 1 character(s)");
	one("{\"maxLength\": 2}", "abc\n", "maxLength", "", "\"abc\" is longer than 2 character(s)");
	valid("{\"maxLength\": 4}", "核心系统\n");
	one("{\"maxLength\": 3}", "核心系统\n", "maxLength", "",
	    "\"核心系统\" is longer than 3 character(s)");
}

Test(schema, long_values_are_cut_to_sixty_columns)
{
	fx f;
	char inst[200];
	char want[256];

	memset(inst, 'a', 100);
	strcpy(inst + 100, "\n");
	fx_schema(&f, NULL, "{\"type\": \"integer\"}");
	fx_check(&f, inst);
	cr_assert_eq(f.res.n, 1);
	memset(want, 0, sizeof(want));
	want[0] = '"';
	memset(want + 1, 'a', 59);
	strcat(want, "…\" is not of type integer");
	cr_expect_str_eq(f.res.items[0].message, want);
	fx_free(&f);
}

Test(schema, locations_name_the_path_and_nodes_carry_line_and_column)
{
	fx f;

	fx_schema(&f, NULL,
		  "{\"properties\": {\"objectives\": {\"type\": \"array\", \"items\": "
		  "{\"properties\": {\"due\": {\"type\": \"string\", \"format\": \"date\"}}}}}}");
	fx_check(&f, "title: x\nobjectives:\n  - due: 2027-01-31\n  - due: 2027-02-30\n");
	expect_one(&f, "format", "objectives[1].due", "\"2027-02-30\" is not a valid date (YYYY-MM-DD)");
	cr_expect_eq(f.res.items[0].node->line, 4);
	cr_expect_eq(f.res.items[0].node->col, 10);
	fx_free(&f);
	one("{\"properties\": {\"a b\": {\"type\": \"integer\"}}}", "\"a b\": x\n", "type",
	    "[\"a b\"]", "\"x\" is not of type integer");
	one("{\"items\": {\"properties\": {\"负责人\": {\"type\": \"string\"}}}}", "- 负责人: 3\n", "type",
	    "[0].负责人", "3 is not of type string");
}

Test(schema, findings_are_collected_for_every_failure)
{
	fx f;

	fx_schema(&f, NULL,
		  "{\"required\": [\"id\", \"title\"], \"properties\": {\"impact\": {\"maximum\": 5}}}");
	fx_check(&f, "impact: 9\n");
	cr_assert_eq(f.res.n, 3);
	cr_expect_str_eq(f.res.items[0].message, "missing required field \"id\"");
	cr_expect_str_eq(f.res.items[1].message, "missing required field \"title\"");
	cr_expect_str_eq(f.res.items[2].message, "9 is more than the maximum 5");
	fx_free(&f);
}

Test(schema, multiple_of_is_exact_for_decimals)
{
	valid("{\"multipleOf\": 0.0001}", "0.0075\n");
	valid("{\"multipleOf\": 0.01}", "19.99\n");
	one("{\"multipleOf\": 0.0001}", "0.00751\n", "multipleOf", "",
	    "0.00751 is not a multiple of 0.0001");
	one("{\"multipleOf\": 5}", "7\n", "multipleOf", "", "7 is not a multiple of 5");
}

Test(schema, combinators_have_clear_messages)
{
	one("{\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"null\"}]}", "3\n", "anyOf", "",
	    "3 does not match any of the 2 alternatives under anyOf");
	/* one alternative of the right type: its own finding says more */
	one("{\"anyOf\": [{\"type\": \"string\", \"format\": \"date\"}, {\"type\": \"null\"}]}",
	    "2027-13-01\n", "format", "", "\"2027-13-01\" is not a valid date (YYYY-MM-DD)");
	one("{\"oneOf\": [{\"minimum\": 0}, {\"maximum\": 10}]}", "5\n", "oneOf", "",
	    "5 matches more than one alternative under oneOf (1 and 2); exactly one is required");
	one("{\"not\": {\"type\": \"string\"}}", "x\n", "not", "",
	    "\"x\" must not match the schema under not");
	one("{\"if\": {\"properties\": {\"status\": {\"const\": \"closed\"}}}, "
	    "\"then\": {\"required\": [\"closed_on\"]}}",
	    "status: closed\n", "required", "", "missing required field \"closed_on\"");
	valid("{\"if\": {\"properties\": {\"status\": {\"const\": \"closed\"}}}, "
	      "\"then\": {\"required\": [\"closed_on\"]}}",
	      "status: open\n");
	one("{\"properties\": {\"x\": false}}", "x: 1\n", "false", "x", "field \"x\" is not allowed");
	one("{\"contains\": {\"const\": 2}}", "[1, 3]\n", "contains", "",
	    "no item of the array matches the schema under contains");
}

Test(schema, arrays_objects_and_dependencies)
{
	one("{\"minItems\": 1}", "[]\n", "minItems", "", "array has 0 item(s); at least 1 required");
	one("{\"uniqueItems\": true}", "[1, 2, 1.0]\n", "uniqueItems", "",
	    "items [0] and [2] are equal; items must be unique");
	one("{\"dependencies\": {\"end\": [\"start\"]}}", "end: 2027-01-04\n", "dependencies", "",
	    "missing field \"start\", required when \"end\" is present");
	one("{\"propertyNames\": {\"pattern\": \"^[a-z_]+$\"}}", "Bad: 1\n", "pattern", "Bad",
	    "\"Bad\" does not match the pattern ^[a-z_]+$");
	one("{\"items\": [{\"type\": \"string\"}], \"additionalItems\": false}", "[a, b]\n",
	    "additionalItems", "", "array has 2 items; at most 1 allowed");
	one("{\"maxProperties\": 1}", "{a: 1, b: 2}\n", "maxProperties", "",
	    "object has 2 field(s); at most 1 allowed");
}

Test(schema, title_description_and_unknown_keywords_do_not_affect_validation)
{
	valid("{\"title\": \"风险\", \"description\": \"x\", \"x-pmo\": {\"prefix\": \"R\"}, "
	      "\"x-pmo-message\": \"no\", \"properties\": {\"a\": {\"title\": \"A\"}}}",
	      "a: 1\nb: 2\n");
}

Test(schema, ref_resolves_json_pointers_with_escapes)
{
	valid("{\"definitions\": {\"n\": {\"type\": \"integer\"}}, \"$ref\": \"#/definitions/n\"}", "3\n");
	one("{\"definitions\": {\"n\": {\"type\": \"integer\"}}, \"$ref\": \"#/definitions/n\"}", "x\n",
	    "type", "", "\"x\" is not of type integer");
	one("{\"definitions\": {\"a/b\": {\"type\": \"integer\"}, \"t~d\": {\"minimum\": 2}, "
	    "\"p%c\": {\"maximum\": 9}}, \"properties\": {"
	    "\"x\": {\"$ref\": \"#/definitions/a~1b\"}, \"y\": {\"$ref\": \"#/definitions/t~0d\"}, "
	    "\"z\": {\"$ref\": \"#/definitions/p%25c\"}}}",
	    "x: 1\ny: 2\nz: 10\n", "maximum", "z", "10 is more than the maximum 9");
	/* siblings of $ref are ignored */
	valid("{\"definitions\": {\"s\": {\"type\": \"string\"}}, "
	      "\"properties\": {\"a\": {\"$ref\": \"#/definitions/s\", \"maxLength\": 1}}}",
	      "a: long\n");
}

Test(schema, ref_resolves_ids_and_base_uri_changes)
{
	fx f;

	/* $id changes the base: "item.json" is resolved against it */
	fx_schema(&f, "http://example.com/root.json",
		  "{\"$id\": \"http://example.com/root.json\", \"definitions\": {"
		  "\"A\": {\"$id\": \"#foo\", \"type\": \"integer\"},"
		  "\"B\": {\"$id\": \"nested/item.json\", \"type\": \"string\", "
		  "\"definitions\": {\"C\": {\"$id\": \"other.json\", \"minimum\": 3}}}},"
		  "\"properties\": {\"a\": {\"$ref\": \"#foo\"}, \"b\": {\"$ref\": \"nested/item.json\"},"
		  "\"c\": {\"$ref\": \"http://example.com/nested/other.json\"}}}");
	fx_check(&f, "a: 1\nb: x\nc: 4\n");
	expect_valid(&f);
	fx_check(&f, "a: x\n");
	expect_one(&f, "type", "a", "\"x\" is not of type integer");
	fx_check(&f, "c: 1\n");
	expect_one(&f, "minimum", "c", "1 is less than the minimum 3");
	cr_expect_not_null(pmo_schema_get(f.set, "http://example.com/root.json#"));
	cr_expect_not_null(pmo_schema_get(f.set, "http://example.com/nested/item.json"));
	cr_expect_not_null(pmo_schema_get(f.set, "http://example.com/root.json#foo"));
	cr_expect_null(pmo_schema_get(f.set, "http://example.com/none.json"));
	cr_expect_eq(pmo_schema_root(f.schema)->kind, PMO_NODE_MAP);
	fx_free(&f);
}

static int test_loader(pmo_buf *out, const char *uri, void *payload)
{
	int *calls = payload;

	(*calls)++;
	if (strcmp(uri, "http://example.com/common.json") == 0)
		return pmo_buf_puts(out, "definitions:\n  money:\n    type: number\n    minimum: 0\n");
	return pmo_error_set(PMO_ENOTFOUND, "no schema at %s", uri);
}

Test(schema, remote_refs_use_the_loader_once)
{
	pmo_schema_set *set;
	pmo_schema *s;
	pmo_findings r;
	pmo_doc *doc;
	int calls = 0, i;
	const char *schema = "{\"$id\": \"http://example.com/risk.json\", \"properties\": "
			     "{\"cost\": {\"$ref\": \"common.json#/definitions/money\"}}}";

	cr_assert_eq(pmo_schema_set_new(&set), 0);
	pmo_schema_set_loader(set, test_loader, &calls);
	cr_assert_eq(pmo_schema_add(&s, set, NULL, schema, strlen(schema)), 0);
	cr_assert_eq(pmo_yaml_load(&doc, "r.yaml", "cost: -1\n", 9, NULL), 0);
	for (i = 0; i < 3; i++) {
		cr_assert_eq(pmo_schema_validate(&r, s, pmo_doc_root(doc)), 0);
		cr_assert_eq(r.n, 1);
		cr_expect_str_eq(r.items[0].message, "-1 is less than the minimum 0");
		pmo_findings_free(&r);
	}
	cr_expect_eq(calls, 1);
	pmo_doc_free(doc);
	pmo_schema_set_free(set);
}

Test(schema, recursive_refs_validate_trees)
{
	fx f;

	fx_schema(&f, NULL,
		  "{\"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\"}, "
		  "\"children\": {\"type\": \"array\", \"items\": {\"$ref\": \"#\"}}}, "
		  "\"additionalProperties\": false}");
	fx_check(&f, "name: a\nchildren:\n  - name: b\n    children:\n      - name: c\n        x: 1\n");
	expect_one(&f, "additionalProperties", "children[0].children[0].x",
		   "unknown field \"x\"; allowed: name, children");
	fx_free(&f);
}

Test(schema, ref_cycles_are_refused_not_looped)
{
	fx f;

	fx_schema(&f, NULL,
		  "{\"definitions\": {\"a\": {\"$ref\": \"#/definitions/b\"}, "
		  "\"b\": {\"allOf\": [{\"$ref\": \"#/definitions/a\"}]}}, \"$ref\": \"#/definitions/a\"}");
	fx_check(&f, "1\n");
	cr_assert_eq(f.rc, PMO_EINVALID);
	cr_expect(strstr(pmo_error_last()->message, "$ref cycle") != NULL, "message: %s",
		  pmo_error_last()->message);
	fx_free(&f);
}

Test(schema, regex_matches_chinese_text_in_utf8_mode)
{
	/* JSON escapes give the characters themselves */
	valid("{\"pattern\": \"^[\\u4e00-\\u9fa5]+$\"}", "核心系统\n");
	one("{\"pattern\": \"^[\\u4e00-\\u9fa5]+$\"}", "核心system\n", "pattern", "",
	    "\"核心system\" does not match the pattern ^[\u4e00-\u9fa5]+$");
	/* a YAML schema keeps \u4e00 as text: PCRE2 reads it as an escape */
	valid("pattern: '^[\\u4e00-\\u9fa5]+$'\n", "风险登记\n");
	one("pattern: '^[\\u4e00-\\u9fa5]+$'\n", "risk\n", "pattern", "",
	    "\"risk\" does not match the pattern ^[\\u4e00-\\u9fa5]+$");
	/* one code point is one character for "." */
	valid("{\"pattern\": \"^.{2}$\"}", "风险\n");
	/* patternProperties with CJK names */
	one("{\"patternProperties\": {\"^[\\u4e00-\\u9fa5]+$\": {\"type\": \"integer\"}}}",
	    "数量: x\nname: y\n", "type", "数量", "\"x\" is not of type integer");
}

Test(schema, bad_regex_gives_a_negative_error)
{
	fx f;
	const pmo_error *e;

	fx_schema(&f, "bad.json", "{\n  \"properties\": {\"a\": {\"pattern\": \"^(abc\"}}\n}");
	fx_check(&f, "a: x\n");
	cr_assert_eq(f.rc, PMO_EINVALID);
	e = pmo_error_last();
	cr_expect(strstr(e->message, "invalid regular expression \"^(abc\"") != NULL, "message: %s",
		  e->message);
	cr_expect_str_eq(e->path, "bad.json");
	cr_expect_eq(e->line, 2);
	cr_expect_eq(f.res.n, 0);
	fx_free(&f);
}

Test(schema, unresolvable_ref_gives_a_negative_error)
{
	fx f;
	const pmo_error *e;

	fx_schema(&f, "s.json", "{\"properties\": {\"a\": {\"$ref\": \"#/definitions/nope\"}}}");
	fx_check(&f, "b: 1\n");
	cr_assert_eq(f.rc, PMO_EINVALID);
	e = pmo_error_last();
	cr_expect_str_eq(e->message, "cannot resolve $ref \"#/definitions/nope\"");
	cr_expect_eq(e->line, 1);
	cr_expect_eq(e->col, 31);
	fx_free(&f);
	fx_schema(&f, NULL, "{\"$ref\": \"http://nowhere.example/x.json\"}");
	fx_check(&f, "1\n");
	cr_assert_eq(f.rc, PMO_EINVALID);
	cr_expect_str_eq(pmo_error_last()->message,
			 "cannot resolve $ref \"http://nowhere.example/x.json\"");
	fx_free(&f);
}

Test(schema, malformed_schema_is_refused_when_added)
{
	pmo_schema_set *set;
	pmo_schema *s = NULL;
	const char *bad = "{\"properties\": {\"a\": 5}}";

	cr_assert_eq(pmo_schema_set_new(&set), 0);
	cr_assert_eq(pmo_schema_add(&s, set, "m.json", bad, strlen(bad)), PMO_EINVALID);
	cr_expect_str_eq(pmo_error_last()->message, "a schema must be an object or a boolean");
	cr_expect_null(s);
	pmo_schema_set_free(set);
}

Test(schema, boolean_schemas)
{
	valid("true", "{a: 1}\n");
	one("false", "1\n", "false", "", "1 is not allowed here");
}

Test(schema, surrogate_pairs_are_rewritten_for_yaml)
{
	pmo_buf b = PMO_BUF_INIT;
	const char *in = "[\"\\uD83D\\uDCA9\", \"\\\\uD83D\\\\uDCA9\", \"\\u00e9\"]";

	cr_assert_eq(pmo_schema_fix_surrogates(&b, in, strlen(in)), 0);
	cr_expect_str_eq(b.ptr, "[\"\\U0001F4A9\", \"\\\\uD83D\\\\uDCA9\", \"\\u00e9\"]");
	pmo_buf_free(&b);
	one("{\"maxLength\": 1}", "\"\\U0001F4A9\\U0001F4A9\"\n", "maxLength", "",
	    "\"\U0001F4A9\U0001F4A9\" is longer than 1 character(s)");
}

Test(schema, many_records_validate_against_one_compiled_schema)
{
	pmo_schema_set *set;
	pmo_schema *s;
	pmo_buf text = PMO_BUF_INIT;
	pmo_doc *doc;
	const pmo_node *root;
	size_t i, bad = 0;
	const char *schema =
		"{\"type\": \"object\", \"required\": [\"id\", \"title\", \"impact\"],"
		"\"additionalProperties\": false, \"properties\": {"
		"\"id\": {\"type\": \"string\", \"pattern\": \"^R-[0-9]{3,}$\"},"
		"\"title\": {\"type\": \"string\", \"minLength\": 1},"
		"\"impact\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 5},"
		"\"due\": {\"$ref\": \"#/definitions/date\"},"
		"\"response\": {\"enum\": [\"avoid\", \"mitigate\", \"transfer\", \"accept\"]}},"
		"\"definitions\": {\"date\": {\"type\": \"string\", \"format\": \"date\"}}}";

	cr_assert_eq(pmo_schema_set_new(&set), 0);
	cr_assert_eq(pmo_schema_add(&s, set, "risk.json", schema, strlen(schema)), 0);
	for (i = 0; i < 20000; i++)
		pmo_buf_printf(&text, "- {id: R-%03zu, title: 风险 %zu, impact: %zu, due: 2027-01-%02zu, "
			       "response: mitigate}\n", i, i, i % 100 == 0 ? 9 : 1 + i % 5, 1 + i % 28);
	cr_assert_eq(pmo_buf_oom(&text), 0);
	cr_assert_eq(pmo_yaml_load(&doc, "many.yaml", text.ptr, text.len, NULL), 0);
	root = pmo_doc_root(doc);
	cr_assert_eq(root->n, 20000);
	for (i = 0; i < root->n; i++) {
		pmo_findings r;
		cr_assert_eq(pmo_schema_validate(&r, s, root->items[i]), 0);
		bad += r.n;
		if (r.n)
			cr_expect_str_eq(r.items[0].message, "9 is more than the maximum 5");
		pmo_findings_free(&r);
	}
	cr_expect_eq(bad, 200);
	pmo_doc_free(doc);
	pmo_buf_free(&text);
	pmo_schema_set_free(set);
}
