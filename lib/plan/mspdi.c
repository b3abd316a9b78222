/*
 * Microsoft Project XML (MSPDI) into plan.yaml (mspdi.h): the file is read
 * by lib/util's XML reader, every task checked and turned into a task of
 * pmo's, the plan so made checked as pmo validate checks a plan's
 * structure (cycles, parents), and only then written as YAML text.
 */
#include "plan/mspdi.h"
#include "plan/plan.h"
#include "util/error.h"
#include "util/utf8.h"
#include "util/xml.h"
#include "yaml/yaml.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	long uid;
	int type;                 /* pmo_dep_type */
	long lag;                 /* working days */
	const pmo_xml_node *node;
} ilink;

typedef struct {
	char *person;
	int allocation;
} iassign;

typedef struct {
	const pmo_xml_node *node;
	long uid;
	char id[24];
	char *title;
	int level;
	size_t parent;
	int summary, milestone;
	long days;                /* -1: none */
	int progress;             /* -1: none */
	pmo_date astart, afinish, snet, fnlt;
	const char *notes;
	ilink *links;
	size_t nlinks;
	iassign *assign;
	size_t nassign;
} itask;

typedef struct {
	long uid;
	size_t i;
} uid_index;

typedef struct {
	const char *path;
	long minutes_per_day;
	itask *t;
	size_t n;
	uid_index *by_uid;        /* the tasks sorted by uid */
	long at_uid;              /* the task being read (errors name it), or -1 */
} reader;

/* --- errors and values ------------------------------------------------------------------------ */

static int bad(reader *r, const pmo_xml_node *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(reader *r, const pmo_xml_node *at, const char *fmt, ...)
{
	pmo_buf b = PMO_BUF_INIT;
	va_list ap;
	int error;

	if (r->at_uid >= 0)
		pmo_buf_printf(&b, "task UID %ld: ", r->at_uid);
	va_start(ap, fmt);
	pmo_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (pmo_buf_oom(&b))
		error = pmo_error_set_oom();
	else
		error = pmo_error_set_at(PMO_EINVALID, r->path, at ? at->line : 0, at ? at->col : 0, "%s",
					 pmo_buf_cstr(&b));
	pmo_buf_free(&b);
	return error;
}

/* The text of n without the blanks around it, into b (for messages and
 * numbers: at most 60 columns kept, never cutting a character). */
static const char *trimmed(pmo_buf *b, const pmo_xml_node *n, int whole)
{
	const char *s = n->text;
	size_t len = n->len, keep;

	while (len && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	keep = whole ? len : pmo_utf8_prefix(s, len, 60, NULL);
	pmo_buf_clear(b);
	pmo_buf_put(b, s, keep);
	if (keep < len)
		pmo_buf_puts(b, "…");
	return pmo_buf_cstr(b);
}

/* A whole number in [min, max] from element name of task (or the
 * project); *has 0 when absent. */
static int get_long(long *out, int *has, reader *r, const pmo_xml_node *parent, const char *name,
		    long min, long max, const char *allowed)
{
	const pmo_xml_node *n = pmo_xml_child(parent, name);
	pmo_buf b = PMO_BUF_INIT;
	const char *s;
	char *end;
	long v;
	int error = 0, ok;

	if (has)
		*has = 0;
	if (!n)
		return 0;
	s = trimmed(&b, n, 0);
	if (!strcmp(s, "true") || !strcmp(s, "false")) { /* xsd:boolean */
		v = s[0] == 't';
		ok = 1;
	} else {
		errno = 0;
		v = strtol(s, &end, 10);
		ok = *s && !*end && !errno;
	}
	if (!ok || v < min || v > max)
		error = bad(r, n, "<%s> is \"%s\"; allowed: %s", name, s, allowed);
	else {
		*out = v;
		if (has)
			*has = 1;
	}
	pmo_buf_free(&b);
	return error;
}

/* A date from a dateTime (2027-01-04T08:00:00: the day is kept). */
static int get_date(pmo_date *out, reader *r, const pmo_xml_node *parent, const char *name)
{
	const pmo_xml_node *n = pmo_xml_child(parent, name);
	pmo_buf b = PMO_BUF_INIT;
	const char *s;
	int error = 0;

	*out = PMO_NODATE;
	if (!n)
		return 0;
	s = trimmed(&b, n, 0);
	if (*s && !(strlen(s) >= 10 && (s[10] == 'T' || !s[10]) && !pmo_date_parse(out, s, 10)))
		error = bad(r, n, "<%s> is \"%s\"; allowed: a date and time 2027-01-04T08:00:00", name, s);
	pmo_buf_free(&b);
	return error;
}

/* An xsd:duration as MSPDI writes it (PT40H0M0S; PT8H30M0S; PT0H0M0.5S)
 * in seconds; -1 when it is not one. Years, months and days are refused
 * (their length in working time is not defined). */
static double duration_seconds(const char *s)
{
	double total = 0, v;
	char *end;
	int seen = 0;

	if (strncmp(s, "PT", 2))
		return -1;
	s += 2;
	while (*s) {
		if (*s < '0' || *s > '9')
			return -1;
		v = strtod(s, &end);
		if (end == s || !isfinite(v))
			return -1;
		if (*end == 'H')
			total += v * 3600;
		else if (*end == 'M')
			total += v * 60;
		else if (*end == 'S')
			total += v;
		else
			return -1;
		seen = 1;
		s = end + 1;
	}
	return seen && total < 1e15 ? total : -1;
}

/* Formats of elapsed time (in DurationFormat and LagFormat): pmo counts
 * working days only. */
static int elapsed_format(long f)
{
	return f == 4 || f == 6 || f == 8 || f == 10 || f == 12 || f == 36 || f == 38 || f == 40 ||
	       f == 42 || f == 44;
}

/* --- tasks ------------------------------------------------------------------------------------- */

static int read_duration(itask *t, reader *r)
{
	const pmo_xml_node *n = pmo_xml_child(t->node, "Duration");
	pmo_buf b = PMO_BUF_INIT;
	const char *s;
	double secs, days;
	long fmt;
	int has, error;

	if ((error = get_long(&fmt, &has, r, t->node, "DurationFormat", 0, 1000, "a duration format")) < 0)
		return error;
	if (has && elapsed_format(fmt))
		return bad(r, pmo_xml_child(t->node, "DurationFormat"),
			   "<DurationFormat> is %ld, an elapsed duration; pmo plans in working days: "
			   "give the task a duration in days (7), hours (5) or weeks (9)", fmt);
	if (!n) {
		t->days = -1;
		return 0;
	}
	s = trimmed(&b, n, 0);
	secs = duration_seconds(s);
	days = secs / (60.0 * (double)r->minutes_per_day);
	if (secs < 0)
		error = bad(r, n, "<Duration> is \"%s\"; allowed: working time as PT<hours>H<minutes>M<seconds>S (PT40H0M0S)",
			    s);
	else if (fabs(days - floor(days + 0.5)) > 1e-6)
		error = bad(r, n, "<Duration> is \"%s\", %.2f working days of %ld minutes; pmo plans in whole working days",
			    s, days, r->minutes_per_day);
	else if (days > 1e6)
		error = bad(r, n, "<Duration> is \"%s\"; allowed: up to 1000000 working days", s);
	else
		t->days = (long)floor(days + 0.5);
	pmo_buf_free(&b);
	return error;
}

static int read_constraint(itask *t, reader *r)
{
	const pmo_xml_node *n = pmo_xml_child(t->node, "ConstraintType");
	pmo_date date, deadline;
	long type = 0;
	int has, error;

	if ((error = get_long(&type, &has, r, t->node, "ConstraintType", 0, 7,
			      "0 (as soon as possible) to 7 (finish no later than)")) < 0 ||
	    (error = get_date(&date, r, t->node, "ConstraintDate")) < 0 ||
	    (error = get_date(&deadline, r, t->node, "Deadline")) < 0)
		return error;
	if (type != 0 && type != 4 && type != 7)
		return bad(r, n, "<ConstraintType> is %ld; allowed: 0 (as soon as possible), "
			   "4 (start no earlier than) or 7 (finish no later than)", type);
	if (type && date == PMO_NODATE)
		return bad(r, n, "<ConstraintType> %ld needs a <ConstraintDate>", type);
	if (type == 4)
		t->snet = date;
	else if (type == 7)
		t->fnlt = date;
	if (deadline != PMO_NODATE && t->fnlt == PMO_NODATE)
		t->fnlt = deadline;
	return 0;
}

static int read_links(itask *t, reader *r)
{
	static const int types[] = { PMO_DEP_FF, PMO_DEP_FS, PMO_DEP_SF, PMO_DEP_SS };
	const pmo_xml_node *c;
	size_t count = 0;
	int error;

	for (c = t->node->child; c; c = c->next)
		count += !strcmp(c->name, "PredecessorLink");
	if (!count)
		return 0;
	if (!(t->links = calloc(count, sizeof(*t->links))))
		return pmo_error_set_oom();
	for (c = t->node->child; c; c = c->next) {
		ilink *l = &t->links[t->nlinks];
		long uid, type = 1, lag = 0, fmt = 7, cross = 0, per = 10 * r->minutes_per_day;
		int has;
		if (strcmp(c->name, "PredecessorLink"))
			continue;
		if ((error = get_long(&uid, &has, r, c, "PredecessorUID", 0, LONG_MAX, "a task's UID")) < 0 ||
		    (error = get_long(&type, NULL, r, c, "Type", 0, 3, "0 (FF), 1 (FS), 2 (SF), 3 (SS)")) < 0 ||
		    (error = get_long(&cross, NULL, r, c, "CrossProject", 0, 1, "0 or 1")) < 0 ||
		    (error = get_long(&lag, NULL, r, c, "LinkLag", LONG_MIN / 2, LONG_MAX / 2, "tenths of a minute")) < 0 ||
		    (error = get_long(&fmt, NULL, r, c, "LagFormat", 0, 1000, "a duration format")) < 0)
			return error;
		if (!has)
			return bad(r, c, "a <PredecessorLink> without <PredecessorUID>");
		if (cross)
			return bad(r, pmo_xml_child(c, "CrossProject"),
				   "a link to a task of another project; pmo links tasks of one plan");
		if (fmt == 19 || fmt == 20 || fmt == 51 || fmt == 52)
			return bad(r, pmo_xml_child(c, "LagFormat"),
				   "<LagFormat> %ld is a lag in percent; allowed: a lag in working time (days 7, hours 5, weeks 9)",
				   fmt);
		if (elapsed_format(fmt))
			return bad(r, pmo_xml_child(c, "LagFormat"),
				   "<LagFormat> %ld is an elapsed lag; allowed: a lag in working time (days 7, hours 5, weeks 9)",
				   fmt);
		if (lag % per)
			return bad(r, pmo_xml_child(c, "LinkLag"),
				   "<LinkLag> %ld is %.2f working days of %ld minutes; pmo's lags are whole working days (%ld tenths of a minute each)",
				   lag, (double)lag / (double)per, r->minutes_per_day, per);
		l->uid = uid;
		l->node = c;
		l->type = types[type];
		l->lag = lag / per;
		t->nlinks++;
	}
	return 0;
}

static int read_task(itask *t, reader *r)
{
	const pmo_xml_node *n;
	pmo_buf b = PMO_BUF_INIT;
	long v;
	int has, error;

	t->parent = PMO_PLAN_NONE;
	t->progress = -1;
	t->snet = t->fnlt = t->astart = t->afinish = PMO_NODATE;
	if ((n = pmo_xml_child(t->node, "Name")) && *trimmed(&b, n, 1) && !(t->title = pmo_buf_detach(&b))) {
		pmo_buf_free(&b);
		return pmo_error_set_oom();
	}
	pmo_buf_free(&b);
	if (!t->title)
		return bad(r, n ? n : t->node, "the task has no <Name>; a task of pmo needs a title");
	if ((error = get_long(&v, &has, r, t->node, "OutlineLevel", 1, 100, "1 to 100")) < 0)
		return error;
	t->level = has ? (int)v : 1;
	if ((error = get_long(&v, NULL, r, t->node, "Milestone", 0, 1, "0 or 1")) < 0)
		return error;
	t->milestone = pmo_xml_child(t->node, "Milestone") && v;
	if ((error = read_duration(t, r)) < 0)
		return error;
	if ((error = get_long(&v, &has, r, t->node, "PercentComplete", 0, 100, "0 to 100")) < 0)
		return error;
	if (has && v)
		t->progress = (int)v;
	if ((error = get_date(&t->astart, r, t->node, "ActualStart")) < 0 ||
	    (error = get_date(&t->afinish, r, t->node, "ActualFinish")) < 0 ||
	    (error = read_constraint(t, r)) < 0 || (error = read_links(t, r)) < 0)
		return error;
	if ((n = pmo_xml_child(t->node, "Notes")) && n->len)
		t->notes = n->text;
	return 0;
}

static int cmp_uid(const void *a, const void *b)
{
	long x = ((const uid_index *)a)->uid, y = ((const uid_index *)b)->uid;
	return (x > y) - (x < y);
}

/* Index of the task with uid, or PMO_PLAN_NONE. */
static size_t find_uid(reader *r, long uid)
{
	uid_index key = { uid, 0 };
	const uid_index *hit = r->n ? bsearch(&key, r->by_uid, r->n, sizeof(key), cmp_uid) : NULL;
	return hit ? hit->i : PMO_PLAN_NONE;
}

/* --- the plan ---------------------------------------------------------------------------------- */

static int collect(reader *r, const pmo_xml_node *tasks)
{
	const pmo_xml_node *c;
	size_t count = 0, i;
	int error;

	for (c = tasks ? tasks->child : NULL; c; c = c->next)
		count += !strcmp(c->name, "Task");
	if (count && !(r->t = calloc(count, sizeof(*r->t))))
		return pmo_error_set_oom();
	for (c = tasks ? tasks->child : NULL; c; c = c->next) {
		long uid, level = 1, isnull = 0;
		int has, hasl;
		itask *t;
		if (strcmp(c->name, "Task"))
			continue;
		if ((error = get_long(&isnull, NULL, r, c, "IsNull", 0, 1, "0 or 1")) < 0)
			return error;
		if (isnull)
			continue;
		if ((error = get_long(&uid, &has, r, c, "UID", 0, 999999999, "a whole number from 0 to 999999999")) < 0 ||
		    (error = get_long(&level, &hasl, r, c, "OutlineLevel", 0, 100, "0 to 100")) < 0)
			return error;
		if (!has)
			return bad(r, c, "a <Task> without <UID>");
		if (uid == 0 || (hasl && level == 0))
			continue; /* the project's summary task */
		t = &r->t[r->n++];
		t->node = c;
		t->uid = r->at_uid = uid;
		snprintf(t->id, sizeof(t->id), "T-%ld", uid);
		if ((error = read_task(t, r)) < 0)
			return error;
		r->at_uid = -1;
	}
	if (r->n && !(r->by_uid = calloc(r->n, sizeof(*r->by_uid))))
		return pmo_error_set_oom();
	for (i = 0; i < r->n; i++) {
		r->by_uid[i].uid = r->t[i].uid;
		r->by_uid[i].i = i;
	}
	if (r->n)
		qsort(r->by_uid, r->n, sizeof(*r->by_uid), cmp_uid);
	for (i = 1; i < r->n; i++)
		if (r->by_uid[i].uid == r->by_uid[i - 1].uid) {
			size_t a = r->by_uid[i - 1].i, b = r->by_uid[i].i;
			if (a > b) {
				size_t x = a;
				a = b;
				b = x;
			}
			return bad(r, pmo_xml_child(r->t[b].node, "UID"),
				   "<UID> %ld is also the task of line %u; a task's UID is unique", r->t[b].uid,
				   (unsigned)r->t[a].node->line);
		}
	return 0;
}

/* Parents from the outline levels; predecessors found. */
static int structure(reader *r)
{
	size_t stack[101], depth = 0, i, k;

	for (i = 0; i < r->n; i++) {
		itask *t = &r->t[i];
		r->at_uid = t->uid;
		if ((size_t)t->level > depth + 1)
			return bad(r, pmo_xml_child(t->node, "OutlineLevel"),
				   "<OutlineLevel> is %d after a task of level %zu; allowed: at most one level below the task before it",
				   t->level, depth);
		depth = (size_t)t->level - 1;
		t->parent = depth ? stack[depth - 1] : PMO_PLAN_NONE;
		if (t->parent != PMO_PLAN_NONE)
			r->t[t->parent].summary = 1;
		stack[depth++] = i;
	}
	for (i = 0; i < r->n; i++) {
		itask *t = &r->t[i];
		r->at_uid = t->uid;
		if (!t->summary && !t->milestone && t->days < 0)
			return bad(r, t->node, "the task has no <Duration>; allowed: a duration (PT40H0M0S), or <Milestone>1</Milestone>");
		for (k = 0; k < t->nlinks; k++)
			if (find_uid(r, t->links[k].uid) == PMO_PLAN_NONE)
				return bad(r, pmo_xml_child(t->links[k].node, "PredecessorUID"),
					   "<PredecessorUID> %ld is no task of the file", t->links[k].uid);
	}
	r->at_uid = -1;
	return 0;
}

/* Units as a percent allocation (1 is 100). */
static int units(int *out, reader *r, const pmo_xml_node *a)
{
	const pmo_xml_node *n = pmo_xml_child(a, "Units");
	pmo_buf b = PMO_BUF_INIT;
	const char *s;
	char *end;
	double v = 1;
	int error = 0;

	if (n) {
		s = trimmed(&b, n, 0);
		v = strtod(s, &end);
		if (!*s || *end || !isfinite(v) || v * 100 < 0.5 || v > 10)
			error = bad(r, n, "<Units> is \"%s\"; allowed: a share of a resource's time from 0.01 to 10 (0.5 is 50%%)", s);
	}
	*out = (int)floor(v * 100 + 0.5);
	pmo_buf_free(&b);
	return error;
}

static int assignments(reader *r, const pmo_xml_node *project, pmo_mspdi_is_person is_person, void *ctx,
		       size_t *skipped)
{
	const pmo_xml_node *res = pmo_xml_child(project, "Resources");
	const pmo_xml_node *as = pmo_xml_child(project, "Assignments"), *a, *c;
	int error;

	for (a = as ? as->child : NULL; a; a = a->next) {
		long tuid, ruid;
		int htask, hres, alloc;
		const char *name = NULL;
		size_t ti;
		itask *t;
		iassign *v;
		if (strcmp(a->name, "Assignment"))
			continue;
		if ((error = get_long(&tuid, &htask, r, a, "TaskUID", LONG_MIN, LONG_MAX, "a task's UID")) < 0 ||
		    (error = get_long(&ruid, &hres, r, a, "ResourceUID", LONG_MIN, LONG_MAX, "a resource's UID")) < 0)
			return error;
		if (!htask || !hres || ruid == -65535 || (ti = find_uid(r, tuid)) == PMO_PLAN_NONE)
			continue; /* a task without a resource, or a task not read */
		for (c = res ? res->child : NULL; c && !name; c = c->next) {
			long u;
			int has;
			const pmo_xml_node *nm = pmo_xml_child(c, "Name");
			if (strcmp(c->name, "Resource") || !nm)
				continue;
			if ((error = get_long(&u, &has, r, c, "UID", LONG_MIN, LONG_MAX, "a whole number")) < 0)
				return error;
			if (has && u == ruid)
				name = nm->text;
		}
		if (!name || !is_person || !is_person(ctx, name)) {
			(*skipped)++;
			continue;
		}
		if ((error = units(&alloc, r, a)) < 0)
			return error;
		t = &r->t[ti];
		if (!(v = realloc(t->assign, (t->nassign + 1) * sizeof(*v))))
			return pmo_error_set_oom();
		t->assign = v;
		if (!(v[t->nassign].person = strdup(name)))
			return pmo_error_set_oom();
		v[t->nassign++].allocation = alloc;
	}
	return 0;
}

static void dep_spec(char *buf, size_t size, reader *r, const ilink *l)
{
	static const char *const names[] = { "", ":ss", ":ff", ":sf" };
	const itask *p = &r->t[find_uid(r, l->uid)];
	if (l->lag)
		snprintf(buf, size, "%s%s%+ldd", p->id, names[l->type], l->lag);
	else
		snprintf(buf, size, "%s%s", p->id, names[l->type]);
}

/* The plan as pmo's: its structure checked as pmo validate checks it
 * (a cycle, a link between a task and its own summary), each problem
 * at its task's place in the file. */
static int check(reader *r)
{
	pmo_plan *plan = NULL;
	pmo_findings f;
	size_t i, k;
	int error;

	pmo_findings_init(&f);
	if ((error = pmo_plan_new(&plan)) < 0)
		return error;
	for (i = 0; i < r->n && !error; i++) {
		const itask *t = &r->t[i];
		pmo_task *pt;
		if ((error = pmo_plan_add_task(&pt, plan, t->id, t->title)) < 0 ||
		    (t->parent != PMO_PLAN_NONE && (error = pmo_task_set_parent(pt, r->t[t->parent].id)) < 0))
			break;
		if (!t->summary) {
			pt->milestone = t->milestone || !t->days;
			pt->duration = pt->milestone ? -1 : t->days;
		}
		for (k = 0; k < t->nlinks && !error; k++) {
			char spec[64];
			dep_spec(spec, sizeof(spec), r, &t->links[k]);
			error = pmo_task_add_dep(pt, spec);
		}
	}
	if (!error && (error = pmo_plan_check(plan, &f)) >= 0) {
		error = 0;
		for (i = 0; i < f.n; i++)
			if (f.items[i].severity == PMO_SEVERITY_ERROR) {
				size_t ti = f.items[i].task;
				error = bad(r, ti < r->n ? r->t[ti].node : NULL, "%s", f.items[i].message);
				break;
			}
	}
	pmo_findings_free(&f);
	pmo_plan_free(plan);
	return error;
}

/* --- YAML ------------------------------------------------------------------------------------- */

static int put(pmo_doc *doc, pmo_node *map, const char *key, pmo_node *value)
{
	pmo_node *k = pmo_node_str(doc, key);
	if (!k || !value)
		return pmo_error_set_oom();
	return pmo_map_append(doc, map, k, value);
}

static pmo_node *num(pmo_doc *doc, long v)
{
	char buf[24];
	int n = snprintf(buf, sizeof(buf), "%ld", v);
	return pmo_node_scalar(doc, PMO_TAG_INT, buf, (size_t)n);
}

static pmo_node *date(pmo_doc *doc, pmo_date d)
{
	char buf[11];
	return pmo_node_str(doc, pmo_date_format(buf, d));
}

static int task_yaml(pmo_doc *doc, pmo_node *seq, reader *r, const itask *t)
{
	pmo_node *m = pmo_node_map(doc);
	size_t k;
	int error = 0;

	if (!m)
		return pmo_error_set_oom();
	if ((error = put(doc, m, "id", pmo_node_str(doc, t->id))) < 0 ||
	    (error = put(doc, m, "title", pmo_node_str(doc, t->title))) < 0 ||
	    (t->parent != PMO_PLAN_NONE && (error = put(doc, m, "parent", pmo_node_str(doc, r->t[t->parent].id))) < 0))
		return error;
	if (!t->summary && (t->milestone || !t->days))
		error = put(doc, m, "milestone", pmo_node_scalar(doc, PMO_TAG_BOOL, "true", 4));
	else if (!t->summary)
		error = put(doc, m, "duration", num(doc, t->days));
	if (error < 0)
		return error;
	if (t->nassign && !t->summary) {
		pmo_node *s = pmo_node_seq(doc);
		if (!s)
			return pmo_error_set_oom();
		for (k = 0; k < t->nassign && !error; k++) {
			pmo_node *a = pmo_node_map(doc);
			if (!a)
				return pmo_error_set_oom();
			if ((error = put(doc, a, "person", pmo_node_str(doc, t->assign[k].person))) < 0 ||
			    (t->assign[k].allocation != 100 &&
			     (error = put(doc, a, "allocation", num(doc, t->assign[k].allocation))) < 0) ||
			    (error = pmo_seq_append(doc, s, a)) < 0)
				return error;
		}
		if ((error = put(doc, m, "assignees", s)) < 0)
			return error;
	}
	if (t->nlinks) {
		pmo_node *s = pmo_node_seq(doc);
		if (!s)
			return pmo_error_set_oom();
		for (k = 0; k < t->nlinks; k++) {
			char spec[64];
			dep_spec(spec, sizeof(spec), r, &t->links[k]);
			if ((error = pmo_seq_append(doc, s, pmo_node_str(doc, spec))) < 0)
				return error;
		}
		if ((error = put(doc, m, "depends", s)) < 0)
			return error;
	}
	if ((t->snet != PMO_NODATE && (error = put(doc, m, "start_no_earlier_than", date(doc, t->snet))) < 0) ||
	    (t->fnlt != PMO_NODATE && (error = put(doc, m, "finish_no_later_than", date(doc, t->fnlt))) < 0))
		return error;
	if (!t->summary &&
	    ((t->progress > 0 && (error = put(doc, m, "progress", num(doc, t->progress))) < 0) ||
	     (t->astart != PMO_NODATE && (error = put(doc, m, "actual_start", date(doc, t->astart))) < 0) ||
	     (t->afinish != PMO_NODATE && (error = put(doc, m, "actual_finish", date(doc, t->afinish))) < 0)))
		return error;
	if (t->notes && (error = put(doc, m, "notes", pmo_node_str(doc, t->notes))) < 0)
		return error;
	return pmo_seq_append(doc, seq, m);
}

static int emit(pmo_buf *out, reader *r)
{
	pmo_doc *doc = NULL;
	pmo_node *root, *seq;
	size_t i;
	int error;

	if ((error = pmo_doc_new(&doc)) < 0)
		return error;
	root = pmo_node_map(doc);
	seq = pmo_node_seq(doc);
	if (!root || !seq)
		error = pmo_error_set_oom();
	for (i = 0; i < r->n && !error; i++)
		error = task_yaml(doc, seq, r, &r->t[i]);
	if (!error && (error = put(doc, root, "tasks", seq)) == 0) {
		pmo_doc_set_root(doc, root);
		error = pmo_yaml_emit(out, root);
	}
	pmo_doc_free(doc);
	return error;
}

int pmo_mspdi_import(pmo_buf *out, pmo_mspdi_info *info, const char *path, const char *buf,
		     size_t len, pmo_mspdi_is_person is_person, void *is_person_ctx)
{
	pmo_xml_doc *xml = NULL;
	const pmo_xml_node *project;
	reader r;
	size_t i, k;
	long mpd = 480;
	int error;

	memset(&r, 0, sizeof(r));
	r.at_uid = -1;
	memset(info, 0, sizeof(*info));
	info->start = PMO_NODATE;
	r.path = path;
	if ((error = pmo_xml_parse(&xml, path, buf, len)) < 0)
		return error;
	project = pmo_xml_root(xml);
	if (strcmp(project->name, "Project") &&
	    !(strchr(project->name, ':') && !strcmp(strchr(project->name, ':') + 1, "Project"))) {
		error = bad(&r, project, "the root element is <%s>, not <Project>: not a Microsoft Project XML (MSPDI) file",
			    project->name);
		goto done;
	}
	if ((error = get_long(&mpd, NULL, &r, project, "MinutesPerDay", 1, 1440, "1 to 1440")) < 0 ||
	    (error = get_date(&info->start, &r, project, "StartDate")) < 0)
		goto done;
	r.minutes_per_day = mpd;
	if ((error = collect(&r, pmo_xml_child(project, "Tasks"))) < 0 || (error = structure(&r)) < 0 ||
	    (error = assignments(&r, project, is_person, is_person_ctx, &info->skipped_assignments)) < 0 ||
	    (error = check(&r)) < 0 || (error = emit(out, &r)) < 0)
		goto done;
	info->ntasks = r.n;
	for (i = 0; i < r.n; i++)
		info->nlinks += r.t[i].nlinks;
done:
	for (i = 0; i < r.n; i++) {
		free(r.t[i].title);
		free(r.t[i].links);
		for (k = 0; k < r.t[i].nassign; k++)
			free(r.t[i].assign[k].person);
		free(r.t[i].assign);
	}
	free(r.t);
	free(r.by_uid);
	pmo_xml_doc_free(xml);
	return error;
}
