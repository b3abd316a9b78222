/*
 * plan.yaml read straight into a plan, without a YAML tree: the plan of a
 * million tasks made a tree of 15 nodes a task (700 MB) that pmo schedule
 * only read once. Only the plain block YAML that pmo and people write is
 * taken, and only values schemas/plan.json accepts as they are; anything
 * else is declined and read through the tree (pmo_yaml_load and
 * pmo_plan_from_yaml), which tells what is wrong at file:line:col.
 *
 *   # comments, blank lines
 *   tasks:
 *     - id: T-1                 # the task's keys at one indent
 *       title: '需求分析'         # plain, 'single' or "double" quoted
 *       depends: [T-2, "T-3:ss+2d"]
 *
 * Declined: any other top-level key (baselines), keys the reader does not
 * know (assignees, cost, requirements …), empty values, block lists,
 * multi-line scalars, escapes, anchors, tags, flow mappings, control
 * characters, tabs, CR, a BOM; a duplicate key; a value the schema would
 * refuse or lib/plan would report (a duration "10d", a bad date).
 */
#include "plan/plan.h"
#include "plan/internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

enum { DECLINE = 1 };

enum { F_ID, F_TITLE, F_PARENT, F_NOTES, F_DURATION, F_EFFORT, F_MILESTONE, F_PROGRESS,
       F_SNET, F_FNLT, F_ASTART, F_AFINISH, F_DEPENDS, F_COUNT };

static const char *const keys[F_COUNT] = {
	"id", "title", "parent", "notes", "duration", "effort", "milestone", "progress",
	"start_no_earlier_than", "finish_no_later_than", "actual_start", "actual_finish",
	"depends",
};

typedef struct {
	const char *s;  /* the value's text (without quotes) */
	size_t len;
	int quoted;     /* quoted values are strings */
	int given;
} field;

typedef struct {
	const unsigned char *s;
	size_t len;
	size_t ls, le;  /* the current line: first byte, end ('\n' or len) */
} reader;

/* 0 when every character is one a YAML reader takes as itself: no
 * control character (tab and CR included), DEL, C1 control, U+2028,
 * U+2029, U+FEFF, U+FFFE or U+FFFF, and valid UTF-8; its lines in
 * *lines. */
static int plain_text(size_t *lines, const unsigned char *s, size_t n)
{
	size_t i = 0, nl = 0;

	*lines = 1;
	while (i < n) {
		unsigned c = s[i], need, cp;
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7F) {
				if (c != '\n')
					return -1;
				nl++;
			}
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			need = 1, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			need = 2, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			need = 3, cp = c & 0x07;
		else
			return -1;
		if (n - i <= need)
			return -1;
		for (size_t k = 1; k <= need; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return -1;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || cp <= 0x9F || cp == 0x2028 || cp == 0x2029 ||
		    cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF)
			return -1;
		i += need + 1;
	}
	*lines += nl;
	return 0;
}

static size_t skip_spaces(const reader *r, size_t q)
{
	while (q < r->le && r->s[q] == ' ')
		q++;
	return q;
}

/* Nothing but spaces and a comment from q (after a value ending at q). */
static int rest_blank(const reader *r, size_t q)
{
	size_t p = skip_spaces(r, q);
	return p >= r->le || (r->s[p] == '#' && p > q) ? 0 : DECLINE;
}

/* 'text' or "text" on one line, without escapes. */
static int quoted(const reader *r, size_t p, size_t *q, field *v)
{
	const unsigned char *s = r->s;
	unsigned char quote = s[p];
	size_t i;

	for (i = p + 1; i < r->le && s[i] != quote; i++)
		if (s[i] == '\\')
			return DECLINE;
	if (i >= r->le || (quote == '\'' && i + 1 < r->le && s[i + 1] == '\''))
		return DECLINE;
	v->s = (const char *)s + p + 1;
	v->len = i - p - 1;
	v->quoted = 1;
	*q = i + 1;
	return 0;
}

/* The plain scalar s[p..end) without its trailing spaces into v; its
 * end. */
static size_t plain(field *v, const unsigned char *s, size_t p, size_t end)
{
	while (end > p && s[end - 1] == ' ')
		end--;
	v->s = (const char *)s + p;
	v->len = end - p;
	v->quoted = 0;
	return end;
}

/* A plain scalar of a block mapping, to the end of its line or a comment;
 * declined where it could be more (a mapping, an indicator). */
static int block_plain(const reader *r, size_t p, field *v)
{
	const unsigned char *s = r->s;
	unsigned c = s[p];
	size_t i;

	if (c == '-' ? p + 1 >= r->le || s[p + 1] == ' '
		     : strchr("?:,[]{}#&*!|>'\"%@`", (int)c) != NULL)
		return DECLINE;
	for (i = p; i < r->le; i++) {
		if (s[i] == ':' && (i + 1 >= r->le || s[i + 1] == ' '))
			return DECLINE;
		if (s[i] == ' ' && i + 1 < r->le && s[i + 1] == '#')
			break;
	}
	plain(v, s, p, i);
	return 0;
}

/* An item of a flow list: plain (no indicator in it) or quoted; *q is
 * after it. */
static int flow_item(const reader *r, size_t p, size_t *q, field *v)
{
	const unsigned char *s = r->s;
	size_t i;

	if (s[p] == '\'' || s[p] == '"')
		return quoted(r, p, q, v);
	if (strchr("-?:,[]{}#&*!|>%@`~", (int)s[p]) != NULL)
		return DECLINE;
	for (i = p; i < r->le && s[i] != ',' && s[i] != ']'; i++)
		if (strchr("[]{}:#?'\"&*!|>%@`\\", (int)s[i]) != NULL)
			return DECLINE;
	*q = plain(v, s, p, i);
	return 0;
}

/* A string as the tree would have it: quoted, or plain resolving to a
 * string by the core schema. */
static int is_str(const field *v)
{
	return v->quoted || pmo_yaml_resolve(v->s, v->len) == PMO_TAG_STR;
}

/* ^T-[1-9][0-9]*$ */
static int is_task_id(const char *s, size_t n)
{
	size_t i;

	if (n < 3 || n > 20 || s[0] != 'T' || s[1] != '-' || s[2] < '1' || s[2] > '9')
		return 0;
	for (i = 3; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Digits alone, at most max_digits of them: the value. */
static long digits(const field *v, size_t max_digits)
{
	long x = 0;
	size_t i;

	if (v->quoted || !v->len || v->len > max_digits)
		return -1;
	for (i = 0; i < v->len; i++) {
		if (v->s[i] < '0' || v->s[i] > '9')
			return -1;
		x = x * 10 + (v->s[i] - '0');
	}
	return x;
}

/* schemas/plan.json's pattern of a dependency:
 * ^ *T-[1-9][0-9]* *(: *([fFsS][fFsS]))? *([+-] *[0-9]+[dD]?)? *$ */
static int dep_pattern(const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n && s[i] == ' ')
		i++;
	if (n - i < 3 || s[i] != 'T' || s[i + 1] != '-' || s[i + 2] < '1' || s[i + 2] > '9')
		return 0;
	for (i += 3; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		;
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && s[i] == ':') {
		for (i++; i < n && s[i] == ' '; i++)
			;
		for (k = 0; k < 2; k++, i++)
			if (i >= n || !strchr("fFsS", s[i]))
				return 0;
		while (i < n && s[i] == ' ')
			i++;
	}
	if (i < n && (s[i] == '+' || s[i] == '-')) {
		for (i++; i < n && s[i] == ' '; i++)
			;
		if (i >= n || s[i] < '0' || s[i] > '9')
			return 0;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i < n && (s[i] == 'd' || s[i] == 'D'))
			i++;
	}
	while (i < n && s[i] == ' ')
		i++;
	return i == n;
}

static int date_of(pmo_date *out, const field *v)
{
	if (!v->given)
		return 0;
	return is_str(v) && pmo_date_parse(out, v->s, v->len) == 0 ? 0 : DECLINE;
}

static int text_of(pmo_plan *plan, char **out, const field *v)
{
	if (!v->given)
		return 0;
	if (!is_str(v))
		return DECLINE;
	return (*out = pmo_plan__strndup(plan, v->s, v->len)) ? 0 : PMO_ENOMEM;
}

/* depends: [a, b]: the text after '[' to its ']' on the line. */
static int deps_of(pmo_plan *plan, pmo_task *t, const reader *r, const field *v)
{
	size_t p = (size_t)((const unsigned char *)v->s - r->s), q, n = 1, i;
	field it;
	int error;

	for (i = 0; i < v->len; i++)
		n += v->s[i] == ',';
	if (!(t->deps = pmo_plan__alloc(plan, n * sizeof(*t->deps))))
		return PMO_ENOMEM;
	q = skip_spaces(r, p);
	if (q < p + v->len && r->s[q] == ']')
		return q + 1 == p + v->len ? 0 : DECLINE;
	for (;;) {
		pmo_dep d;
		if (q >= p + v->len)
			return DECLINE;
		if ((error = flow_item(r, q, &q, &it)) != 0)
			return error;
		if (!is_str(&it) || !dep_pattern(it.s, it.len))
			return DECLINE;
		if ((error = pmo_plan__dep_parse(plan, &d, it.s, it.len)) < 0) {
			pmo_error_clear();
			return error == PMO_ENOMEM ? error : DECLINE;
		}
		d.node = NULL;
		t->deps[t->ndeps++] = d;
		q = skip_spaces(r, q);
		if (q >= p + v->len)
			return DECLINE;
		if (r->s[q] == ']')
			return q + 1 == p + v->len ? 0 : DECLINE;
		if (r->s[q] != ',')
			return DECLINE;
		q = skip_spaces(r, q + 1);
	}
}

/* One task from its fields, as pmo_plan_from_yaml would make it from a
 * tree of the same text when nothing in it is a finding. */
static int make_task(pmo_plan *plan, const reader *r, const field *v)
{
	pmo_task *t;
	char id[24];
	long x;
	int error;

	if (!v[F_ID].given || !is_str(&v[F_ID]) || !is_task_id(v[F_ID].s, v[F_ID].len) ||
	    !v[F_TITLE].given || !v[F_TITLE].len)
		return DECLINE;
	memcpy(id, v[F_ID].s, v[F_ID].len);
	id[v[F_ID].len] = '\0';
	if ((error = pmo_plan_add_task(&t, plan, id, NULL)) < 0)
		return error;
	if ((error = text_of(plan, &t->title, &v[F_TITLE])) != 0 ||
	    (error = text_of(plan, &t->parent_id, &v[F_PARENT])) != 0 ||
	    (error = text_of(plan, &t->notes, &v[F_NOTES])) != 0)
		return error;
	if (t->parent_id && !is_task_id(t->parent_id, v[F_PARENT].len))
		return DECLINE;
	if (v[F_DURATION].given) {
		if ((x = digits(&v[F_DURATION], 7)) < 0 || x > 1000000)
			return DECLINE;
		t->duration = x;
	}
	if (v[F_EFFORT].given) {
		if ((x = digits(&v[F_EFFORT], 7)) < 0)
			return DECLINE;
		t->effort = (double)x;
	}
	if (v[F_MILESTONE].given) {
		const field *m = &v[F_MILESTONE];
		if (m->quoted || !((m->len == 4 && !memcmp(m->s, "true", 4)) ||
				   (m->len == 5 && !memcmp(m->s, "false", 5))))
			return DECLINE;
		t->milestone = m->len == 4;
	}
	if (v[F_PROGRESS].given) {
		if ((x = digits(&v[F_PROGRESS], 3)) < 0 || x > 100)
			return DECLINE;
		t->progress = (int)x;
	}
	if ((error = date_of(&t->snet, &v[F_SNET])) != 0 ||
	    (error = date_of(&t->fnlt, &v[F_FNLT])) != 0 ||
	    (error = date_of(&t->actual_start, &v[F_ASTART])) != 0 ||
	    (error = date_of(&t->actual_finish, &v[F_AFINISH])) != 0)
		return error;
	if (v[F_DEPENDS].given && (error = deps_of(plan, t, r, &v[F_DEPENDS])) != 0)
		return error;
	return 0;
}

/* "key: value" at p; the value's place in v. */
static int entry(const reader *r, size_t p, field *v)
{
	const unsigned char *s = r->s;
	size_t k, n, q;
	int error;

	for (k = 0; k < F_COUNT; k++) {
		n = strlen(keys[k]);
		if (r->le - p > n && !memcmp(s + p, keys[k], n) && s[p + n] == ':')
			break;
	}
	if (k == F_COUNT || v[k].given)
		return DECLINE; /* a key not read here, or twice */
	q = skip_spaces(r, p + n + 1);
	if (q == p + n + 1 && q < r->le)
		return DECLINE; /* "key:value" */
	if (q >= r->le || s[q] == '#')
		return DECLINE; /* an empty value, or one on the next lines */
	v[k].given = 1;
	if (k == F_DEPENDS) {
		/* the list, to its ']' (read when the task is made) */
		const unsigned char *e;
		if (s[q] != '[' || !(e = memchr(s + q, ']', r->le - q)))
			return DECLINE;
		v[k].s = (const char *)s + q + 1;
		v[k].len = (size_t)(e - (s + q));
		v[k].quoted = 0;
		return rest_blank(r, (size_t)(e - s) + 1);
	}
	if (s[q] == '\'' || s[q] == '"') {
		if ((error = quoted(r, q, &q, &v[k])) != 0)
			return error;
		return rest_blank(r, q);
	}
	return block_plain(r, q, &v[k]);
}

static int next_line(reader *r, size_t pos)
{
	const unsigned char *nl;

	if (pos >= r->len)
		return 0;
	r->ls = pos;
	nl = memchr(r->s + pos, '\n', r->len - pos);
	r->le = nl ? (size_t)(nl - r->s) : r->len;
	return 1;
}

/* The first line with content from pos on (blank and comment lines
 * skipped): 1 with its first byte in *at, 0 at the end. A comment line
 * indented deeper than limit (where it could be read as part of a value)
 * is declined. */
static int content(reader *r, size_t pos, size_t limit, size_t *at)
{
	for (; next_line(r, pos); pos = r->le + 1) {
		size_t i = skip_spaces(r, r->ls);
		if (i == r->le)
			continue;
		if (r->s[i] == '#' && i - r->ls <= limit)
			continue;
		*at = i;
		return 1;
	}
	return 0;
}

static int read_tasks(pmo_plan *plan, reader *r)
{
	size_t at, dash, key;
	field v[F_COUNT];
	int error, more;

	/* tasks: */
	if (!content(r, 0, 0, &at) || at != r->ls || r->le - at < 6 || memcmp(r->s + at, "tasks:", 6) ||
	    rest_blank(r, at + 6))
		return DECLINE;
	if (!content(r, r->le + 1, 0, &at) || r->s[at] != '-')
		return DECLINE;
	dash = at - r->ls;
	more = 1;
	while (more) {
		/* "- key: value" at the dash's indent, then "key: value" at the
		 * first key's */
		if (at - r->ls != dash || r->s[at] != '-' || at + 1 >= r->le || r->s[at + 1] != ' ')
			return DECLINE;
		at = skip_spaces(r, at + 1);
		key = at - r->ls;
		memset(v, 0, sizeof(v));
		for (;;) {
			if ((error = entry(r, at, v)) != 0)
				return error;
			if (!(more = content(r, r->le + 1, key, &at)))
				break;
			if (at - r->ls != key)
				break;
		}
		if ((error = make_task(plan, r, v)) != 0)
			return error;
		if (more && at - r->ls < dash)
			return DECLINE; /* another top-level key (baselines) */
	}
	return 0;
}

int pmo_plan_read(pmo_plan **out, const char *text, size_t len, const char *path,
		  pmo_findings *f)
{
	pmo_plan *plan = NULL;
	reader r;
	size_t lines;
	int error;

	*out = NULL;
	if (!len || len > PMO_PLAN_MAX_BYTES || plain_text(&lines, (const unsigned char *)text, len))
		return DECLINE;
	memset(&r, 0, sizeof(r));
	r.s = (const unsigned char *)text;
	r.len = len;
	if ((error = pmo_plan_new(&plan)) < 0)
		return error;
	if (path && !(plan->path = strdup(path))) {
		pmo_plan_free(plan);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	/* a task takes two lines at least (its id and its title) */
	if ((error = pmo_plan__reserve(plan, lines / 2 + 1)) == 0 && (error = read_tasks(plan, &r)) == 0)
		error = pmo_plan_resolve(plan, f);
	if (error) {
		pmo_plan_free(plan);
		if (error == DECLINE)
			pmo_error_clear();
		return error;
	}
	*out = plan;
	return 0;
}
