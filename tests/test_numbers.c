/*
 * Numbers: every form of the YAML 1.2 core schema's int and float regular
 * expressions is read by value, by every reader (the resolver, the tree's
 * pmo_node_number/pmo_node_int, the JSON Schema validator, equality, the
 * JSON renderer), and .inf/.nan are refused where a schema wants a number.
 *
 * The cases are not a hand list: each regular expression is written down
 * once, as in the spec (YAML 1.2.2, 10.3.2), and as a sequence of its
 * parts, each part with strings that its atom matches (for a character
 * class repeated, several lengths and digits, leading zeros included);
 * the cases are every combination of the parts. Each generated string is
 * first checked against the regular expression itself (PCRE2), so the
 * decomposition cannot drift from the expression. The expected value is
 * strtoll/strtod of the string's canonical form (sign, base, a 0 before a
 * leading dot).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <criterion/criterion.h>
#include <math.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "render/render.h"
#include "schema/schema.h"
#include "util/error.h"
#include "yaml/yaml.h"

#define MAXALT 16
typedef struct {
	const char *alts[MAXALT]; /* strings this part matches; NULL ends */
} part;

typedef struct {
	const char *name;
	const char *regex; /* the core schema's, verbatim */
	part parts[6];     /* NULL-alts part ends */
	int is_float;
	int nonfinite;
} form;

/* [-+]?[0-9]+ ; 0o[0-7]+ ; 0x[0-9a-fA-F]+ ; the float forms */
static const form forms[] = {
	{ "int", "[-+]?[0-9]+",
	  { { { "", "-", "+" } }, { { "0", "7", "42", "007", "10", "9223372036854775807" } } }, 0, 0 },
	{ "int-octal", "0o[0-7]+",
	  { { { "0o" } }, { { "0", "7", "17", "0777", "10" } } }, 0, 0 },
	{ "int-hex", "0x[0-9a-fA-F]+",
	  { { { "0x" } }, { { "0", "f", "1F", "Cafe", "00ff", "7fffffffffffffff" } } }, 0, 0 },
	/* mantissa alternative 1: \.[0-9]+ */
	{ "float-dot", "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?",
	  { { { "", "-", "+" } }, { { "." } }, { { "5", "125", "0", "007", "1" } },
	    { { "", "e1", "E+2", "e-3", "E05", "e+0", "e10" } } }, 1, 0 },
	/* mantissa alternative 2: [0-9]+(\.[0-9]*)? */
	{ "float-digits", "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?",
	  { { { "", "-", "+" } }, { { "0", "1", "12", "007" } }, { { "", ".", ".5", ".250" } },
	    { { "", "e1", "E+2", "e-3", "E05", "e+0" } } }, 1, 0 },
	{ "float-inf", "[-+]?(\\.inf|\\.Inf|\\.INF)",
	  { { { "", "-", "+" } }, { { ".inf", ".Inf", ".INF" } } }, 1, 1 },
	{ "float-nan", "\\.nan|\\.NaN|\\.NAN", { { { ".nan", ".NaN", ".NAN" } } }, 1, 1 },
};

static int full_match(const char *regex, const char *s)
{
	char anchored[256];
	int err, rc;
	PCRE2_SIZE off;
	pcre2_code *re;
	pcre2_match_data *md;

	snprintf(anchored, sizeof(anchored), "^(?:%s)$", regex);
	re = pcre2_compile((PCRE2_SPTR)anchored, PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
	cr_assert(re, "regex %s does not compile", anchored);
	md = pcre2_match_data_create_from_pattern(re, NULL);
	rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return rc >= 0;
}

/* Every combination of the form's parts, through cb. */
static void each_case(const form *f, void (*cb)(const form *, const char *, void *), void *payload)
{
	size_t nparts = 0, idx[6] = { 0 }, k;
	char s[128];

	while (nparts < 6 && f->parts[nparts].alts[0])
		nparts++;
	for (;;) {
		s[0] = '\0';
		for (k = 0; k < nparts; k++)
			strcat(s, f->parts[k].alts[idx[k]]);
		cb(f, s, payload);
		for (k = nparts; k-- > 0;) {
			if (f->parts[k].alts[++idx[k]] && idx[k] < MAXALT)
				break;
			idx[k] = 0;
		}
		if (k == (size_t)-1)
			break;
	}
}

/* The value strtol/strtod give for the canonical form of s. */
static double canonical(const char *s, int *is_int, long long *ival, char buf[160])
{
	const char *p = s;
	int neg = 0;

	*is_int = 0;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (!strncmp(p, "0o", 2) || !strncmp(p, "0x", 2)) {
		*is_int = 1;
		*ival = strtoll(p + 2, NULL, p[1] == 'o' ? 8 : 16);
		snprintf(buf, 160, "%lld", *ival);
		return (double)*ival;
	}
	snprintf(buf, 160, "%s", s);
	if (!strcasecmp(p, ".inf"))
		return neg ? -INFINITY : INFINITY;
	if (!strcasecmp(p, ".nan"))
		return NAN;
	snprintf(buf, 160, "%s%s%s", neg ? "-" : "", *p == '.' ? "0" : "", p);
	if (!strpbrk(buf, ".eE")) {
		*is_int = 1;
		*ival = strtoll(buf, NULL, 10);
		return (double)*ival;
	}
	return strtod(buf, NULL);
}

typedef struct {
	size_t n, nonfinite;
} tally;

static void check_one(const form *f, const char *s, void *payload)
{
	tally *t = payload;
	char yaml[256], schema[256], canon[64], text[160];
	pmo_doc *doc = NULL, *cdoc = NULL;
	pmo_schema_set *set = NULL;
	pmo_schema *sch = NULL;
	pmo_findings res = { 0 };
	pmo_buf json = PMO_BUF_INIT;
	const pmo_node *v;
	int is_int;
	long long ival;
	double want = canonical(s, &is_int, &ival, text), got;
	int64_t i64;

	t->n++;
	cr_assert(full_match(f->regex, s), "%s: generated \"%s\" does not match %s", f->name, s, f->regex);
	/* the resolver: an int where the int expression matches (core schema order) */
	cr_assert_eq(pmo_yaml_resolve(s, strlen(s)), is_int ? PMO_TAG_INT : PMO_TAG_FLOAT, "%s: \"%s\"", f->name, s);
	snprintf(yaml, sizeof(yaml), "v: %s\n", s);
	cr_assert_eq(pmo_yaml_load(&doc, "n.yaml", yaml, strlen(yaml), NULL), 0, "%s", s);
	v = pmo_map_get(pmo_doc_root(doc), "v");
	/* the tree's readers */
	cr_assert_eq(pmo_node_number(v, &got), 0, "\"%s\"", s);
	if (isnan(want))
		cr_assert(isnan(got), "\"%s\" read as %g, not NaN", s, got);
	else
		cr_assert(got == want, "\"%s\" read as %.17g, not %.17g", s, got, want);
	if (is_int || (isfinite(want) && want == floor(want) && fabs(want) < 9e18)) {
		cr_assert_eq(pmo_node_int(v, &i64), 0, "\"%s\" is whole", s);
		cr_assert(i64 == (is_int ? ival : (long long)want), "\"%s\" read as %lld", s, (long long)i64);
	} else if (!isfinite(want) || want != floor(want)) {
		cr_assert_neq(pmo_node_int(v, &i64), 0, "\"%s\" is not whole", s);
	}
	/* the JSON Schema validator, by value, or refusing .inf and .nan */
	if (is_int)
		snprintf(canon, sizeof(canon), "%lld", ival);
	else if (isfinite(want))
		snprintf(canon, sizeof(canon), "%.17g", want);
	else
		snprintf(canon, sizeof(canon), "0");
	snprintf(schema, sizeof(schema),
		 "{\"properties\": {\"v\": {\"type\": \"number\", \"minimum\": %s, \"maximum\": %s}}}", canon, canon);
	cr_assert_eq(pmo_schema_set_new(&set), 0);
	cr_assert_eq(pmo_schema_add(&sch, set, "n.json", schema, strlen(schema)), 0);
	cr_assert_eq(pmo_schema_validate(&res, sch, pmo_doc_root(doc)), 0);
	if (isfinite(want)) {
		cr_assert_eq(res.n, 0, "\"%s\" (%s): %s", s, canon, res.n ? res.items[0].message : "");
	} else {
		char msg[128];
		snprintf(msg, sizeof(msg), "%s is not a JSON number (.inf and .nan have no JSON value)", s);
		cr_assert_eq(res.n, 1, "\"%s\": %zu findings", s, res.n);
		cr_assert_str_eq(res.items[0].message, msg);
		t->nonfinite++;
	}
	/* equality by value with the canonical form */
	if (isfinite(want)) {
		snprintf(yaml, sizeof(yaml), "v: %s\n", text);
		cr_assert_eq(pmo_yaml_load(&cdoc, "c.yaml", yaml, strlen(yaml), NULL), 0);
		cr_assert(pmo_node_equal(v, pmo_map_get(pmo_doc_root(cdoc), "v")), "\"%s\" != %s", s, text);
		/* the JSON renderer: a JSON number with that value */
		cr_assert_eq(pmo_json_node(&json, v, -1, 0), 0);
		cr_assert(full_match("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?", json.ptr),
			  "\"%s\" as JSON: %s", s, json.ptr);
		cr_assert(strtod(json.ptr, NULL) == want, "\"%s\" as JSON: %s", s, json.ptr);
		if (is_int)
			cr_assert(strtoll(json.ptr, NULL, 10) == ival, "\"%s\" as JSON: %s", s, json.ptr);
	}
	pmo_buf_free(&json);
	pmo_findings_free(&res);
	pmo_schema_set_free(set);
	pmo_doc_free(doc);
	pmo_doc_free(cdoc);
}

Test(numbers, every_core_schema_form_is_read_by_value)
{
	tally t = { 0, 0 };
	size_t i;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		each_case(&forms[i], check_one, &t);
	/* 18 + 5 + 6 + 3*5*7 + 3*4*4*6 + 9 + 3 */
	cr_assert_eq(t.n, 18 + 5 + 6 + 105 + 288 + 9 + 3, "%zu cases", t.n);
	cr_assert_eq(t.nonfinite, 12);
}

Test(numbers, the_decomposition_is_of_those_expressions)
{
	/* near misses are outside the expressions, so the check above bites */
	static const char *const not_float[] = { ".", "e1", "1e", "1e+", "+.", "..5", ".5.", "0x1p3",
						 "+.nan", ".infinity", "inf", "1_000", NULL };
	size_t i;

	for (i = 0; not_float[i]; i++) {
		cr_assert(!full_match(forms[3].regex, not_float[i]) && !full_match(forms[5].regex, not_float[i]) &&
			  !full_match(forms[6].regex, not_float[i]), "\"%s\"", not_float[i]);
		cr_assert_eq(pmo_yaml_resolve(not_float[i], strlen(not_float[i])), PMO_TAG_STR, "\"%s\"", not_float[i]);
	}
}
