/*
 * Plans: pmo task|milestone|schedule|baseline|status|export.
 *
 *   pmo -p CBM task add TITLE [field=value…]     append T-<n> to plan.yaml
 *   pmo -p CBM milestone add TITLE [field=value…] the same with milestone: true
 *   pmo -p CBM task set ID field=value…          minimal edit of that task
 *   pmo -p CBM task list|show                    with computed dates
 *   pmo -p CBM schedule [--gantt]                CPM: ES/EF/LS/LF, slack, critical path
 *   pmo -p CBM baseline set [--name NAME]        freeze the computed dates
 *   pmo -p CBM baseline list|show NAME|delete NAME
 *   pmo -p CBM status [--as-of DATE]             progress against the baseline
 *   pmo -p CBM export --format tjp               the plan for TaskJuggler
 *
 * Task fields are typed by the task schema (schemas/plan.json) and checked
 * by lib/schema before anything is written; the dates are computed by
 * lib/plan on the calendar of pmo.yaml (and project.yaml) and never stored,
 * except as a baseline.
 */
#include "pmo.h"
#include "check/check.h"
#include "filter.h"
#include "plan/plan.h"
#include "util/fs.h"
#include "util/list.h"
#include "util/utf8.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --- the plan of a project ------------------------------------------------ */

/* plan.yaml holds the whole work breakdown: it may be up to 256 MiB, where
 * every other file (project.yaml too) stops at 16 MiB. Every text of a plan
 * is read with these limits, the one on disk and each edited one. */
static const pmo_yaml_limits plan_limits = { .max_bytes = PMO_PLAN_MAX_BYTES };

typedef struct {
	pmo_ctx *ctx;
	const char *key;       /* project */
	char *path;            /* projects/KEY/plan.yaml */
	char *display;         /* the same as the user sees it */
	pmo_doc *project;      /* project.yaml */
	pmo_doc *doc;          /* plan.yaml, NULL when there is none */
	pmo_plan *plan;
	pmo_calendar *cal;
	pmo_date start;
	pmo_plan_findings f;
	double *progress;      /* per task, summaries rolled up (plan_schedule) */
	double total_progress; /* of the whole plan */
	int forced;            /* --force: computed from a plan validate rejects */
	size_t *order;         /* rows shown (task list filters, --sort), or NULL: all */
	size_t norder;
} planctx;

static void planctx_free(planctx *p)
{
	pmo_plan_free(p->plan);
	pmo_calendar_free(p->cal);
	pmo_doc_free(p->doc);
	pmo_doc_free(p->project);
	pmo_plan_findings_release(&p->f);
	free(p->progress);
	free(p->order);
	free(p->path);
	free(p->display);
	memset(p, 0, sizeof(*p));
}

/* Load project.yaml, the calendar and plan.yaml (absent: an empty plan). */
static int plan_open(planctx *p, pmo_ctx *ctx)
{
	pmo_buf b = PMO_BUF_INIT, path = PMO_BUF_INIT;
	const pmo_node *root, *st, *base;
	int code = 0, error;

	memset(p, 0, sizeof(*p));
	p->ctx = ctx;
	pmo_plan_findings_init(&p->f);
	if ((code = pmo_need_project(&p->key, ctx)))
		return code;
	pmo_buf_printf(&path, "projects/%s/project.yaml", p->key);
	if (pmo_buf_oom(&path) < 0) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	if (!pmo_source_exists(ctx->src, path.ptr)) {
		code = pmo_die(2, "no project %s; add it with: pmo project add %s name=…", p->key, p->key);
		goto done;
	}
	if (pmo_source_read(&b, ctx->src, path.ptr, PMO_YAML_MAX_BYTES) < 0 ||
	    pmo_yaml_load(&p->project, path.ptr, b.ptr, b.len, NULL) < 0) {
		code = pmo_fail();
		goto done;
	}
	root = pmo_doc_root(p->project);
	st = pmo_map_get(root, "start");
	if (!st || !pmo_node_text(st) || pmo_date_parse(&p->start, st->str, st->len) < 0) {
		code = pmo_die(1, "project %s has no valid start date; set it with: pmo project set %s start=YYYY-MM-DD",
			       p->key, p->key);
		goto done;
	}
	base = ctx->settings && ctx->settings->doc ? pmo_map_get(pmo_doc_root(ctx->settings->doc), "calendar") : NULL;
	if (pmo_calendar_from_yaml(&p->cal, base, "pmo.yaml", pmo_map_get(root, "calendar"), path.ptr) < 0) {
		code = pmo_fail();
		goto done;
	}
	pmo_buf_clear(&path);
	pmo_buf_printf(&path, "projects/%s/plan.yaml", p->key);
	if (!(p->path = pmo_buf_detach(&path)) || !(p->display = pmo_source_display(ctx->src, p->path))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	if (pmo_source_exists(ctx->src, p->path)) {
		pmo_buf_clear(&b);
		if (pmo_source_read(&b, ctx->src, p->path, PMO_PLAN_MAX_BYTES) < 0 ||
		    pmo_yaml_load(&p->doc, p->display, b.ptr ? b.ptr : "", b.len, &plan_limits) < 0) {
			code = pmo_fail();
			goto done;
		}
	}
	if ((error = pmo_plan_from_yaml(&p->plan, p->doc ? pmo_doc_root(p->doc) : NULL, p->display,
					&p->f)) < 0) {
		code = pmo_fail();
		goto done;
	}
done:
	pmo_buf_release(&b);
	pmo_buf_release(&path);
	return code;
}

/* The option every command that reads a plan takes. */
#define PLAN_FORCE_OPT { "force", 0, NULL, "compute what can be computed from a plan pmo validate rejects (marked as such)" }

/* Load the plan for a command that reads it (schedule, status, export,
 * task list|show, baseline set): the plan must pass pmo validate's checks
 * of plan.yaml (schema, references, plan-… rules; one function,
 * pmo_check_tree, so no reading command computes from a plan validate
 * rejects). Its errors are printed as validate prints them and stop the
 * command (exit 1); with force the command goes on, says so on stderr
 * and marks its JSON ("forced": true). */
static int plan_read(planctx *p, pmo_ctx *ctx, int force)
{
	pmo_check_options o;
	pmo_findings f;
	const char *paths[1];
	size_t i, j, before;
	int code;

	memset(&o, 0, sizeof(o));
	memset(&f, 0, sizeof(f));
	if ((code = plan_open(p, ctx)) || !p->doc)
		return code;
	paths[0] = p->path;
	o.today = PMO_NODATE; /* errors only: no date warnings, no forecast to compute */
	o.paths = paths;
	o.npaths = 1;
	o.root = pmo_doc_root(p->doc); /* not read and parsed twice */
	o.plan = p->plan;              /* nor built twice */
	o.plan_findings = &p->f;
	before = p->f.n;
	if (pmo_check_tree(&f, ctx->src, ctx->model, &o) < 0)
		return pmo_fail();
	/* the constraints of the plan alone are validate's; this command's
	 * own schedule tells them as of its date */
	for (i = j = before; i < p->f.n; i++) {
		if (!strcmp(p->f.items[i].rule, "plan-constraint")) {
			p->f.errors -= p->f.items[i].severity == PMO_FINDING_ERROR;
			free(p->f.items[i].message);
		} else
			p->f.items[j++] = p->f.items[i];
	}
	p->f.n = j;
	for (i = 0; i < f.n; i++) {
		const pmo_finding *x = &f.items[i];
		char *shown;
		if (x->severity != PMO_SEVERITY_ERROR)
			continue;
		shown = pmo_source_display(ctx->src, x->path);
		fprintf(stderr, "%s:%u:%u: error: %s [%s]\n", shown ? shown : x->path, (unsigned)x->line,
			(unsigned)x->col, x->message, x->rule);
		free(shown);
	}
	if (f.errors && !force)
		code = pmo_die(1, "%s has %zu error%s (pmo validate); nothing computed (--force computes what it can)",
			       p->display, f.errors, f.errors == 1 ? "" : "s");
	else if (f.errors)
		fprintf(stderr, "pmo: warning: %s has %zu error%s (pmo validate); computed anyway (--force), "
			"the figures may be wrong\n", p->display, f.errors, f.errors == 1 ? "" : "s");
	p->forced = f.errors != 0;
	pmo_findings_free(&f);
	return code;
}

static void print_findings(const char *path, const pmo_plan_findings *f, size_t from, int errors_only)
{
	size_t i;

	for (i = from; i < f->n; i++) {
		const pmo_plan_finding *x = &f->items[i];
		if (errors_only && x->severity != PMO_FINDING_ERROR)
			continue;
		if (x->node && x->node->line)
			fprintf(stderr, "%s:%u:%u: %s: %s [%s]\n", path, x->node->line, x->node->col,
				x->severity == PMO_FINDING_ERROR ? "error" : "warning", x->message, x->rule);
		else
			fprintf(stderr, "pmo: %s: %s [%s]\n",
				x->severity == PMO_FINDING_ERROR ? "error" : "warning", x->message, x->rule);
	}
}

/* --as-of: NULL → today; "none" → the plan alone. */
static int as_of_date(pmo_date *out, const char *given)
{
	if (!given) {
		*out = pmo_date_today();
		return 0;
	}
	if (!strcmp(given, "none")) {
		*out = PMO_NODATE;
		return 0;
	}
	if (pmo_date_parse(out, given, strlen(given)) < 0)
		return pmo_die(2, "--as-of: \"%s\" is not a valid date (YYYY-MM-DD, or none)", given);
	return 0;
}

static int plan_schedule(pmo_schedule **out, planctx *p, pmo_date as_of)
{
	pmo_schedule_options o;
	size_t before = p->f.n;

	o.start = p->start;
	o.as_of = as_of;
	if (pmo_schedule_compute(out, p->plan, p->cal, &o, &p->f) < 0) {
		int code = pmo_fail();
		return code == 2 ? 1 : code;
	}
	(void)before;
	free(p->progress);
	if (!(p->progress = malloc((p->plan->n ? p->plan->n : 1) * sizeof(double))))
		return pmo_die(1, "out of memory");
	if (pmo_plan_progress(p->progress, &p->total_progress, p->plan) < 0)
		return pmo_fail();
	return 0;
}

static char *date_str(char buf[static 11], pmo_date d)
{
	if (d == PMO_NODATE) {
		buf[0] = '\0';
		return buf;
	}
	return pmo_date_format(buf, d);
}

static size_t depth_of(const pmo_plan *plan, size_t i)
{
	size_t d = 0;

	while (plan->tasks[i].parent != PMO_PLAN_NONE && d < plan->n) {
		i = plan->tasks[i].parent;
		d++;
	}
	return d;
}

/* Percent complete of task i as shown (summaries rolled up by
 * pmo_plan_progress), after plan_schedule. */
static int task_progress(const planctx *p, size_t i)
{
	return (int)floor(p->progress[i] + 0.5);
}

/* The rows shown: every task in plan order, or the filtered and sorted ones. */
static size_t nrows(const planctx *p)
{
	return p->order ? p->norder : p->plan->n;
}

static size_t row(const planctx *p, size_t k)
{
	return p->order ? p->order[k] : k;
}

/* --- task fields: typed by the task schema ---------------------------------- */

static const pmo_node *task_schema_props(pmo_ctx *ctx)
{
	pmo_schema *s = pmo_model_schema(ctx->model, "plan");
	const pmo_node *root = s ? pmo_schema_root(s) : NULL;

	return pmo_map_get(pmo_map_get(pmo_map_get(pmo_map_get(root, "definitions"), "task"), "properties"),
			   "id") ? pmo_map_get(pmo_map_get(pmo_map_get(root, "definitions"), "task"), "properties")
				 : NULL;
}

static const char *prop_type(const pmo_node *props, const char *field)
{
	const pmo_node *p = pmo_map_get(props, field);
	const char *t = pmo_node_text(pmo_map_get(p, "type"));

	return t ? t : "string";
}

/* A scalar typed as the schema asks when the text is of that type; left a
 * string otherwise, so that the schema names what is wrong. */
static pmo_node *typed_scalar(pmo_doc *doc, const char *type, const char *v)
{
	pmo_tag tag = pmo_yaml_resolve(v, strlen(v));

	if ((!strcmp(type, "integer") && (tag == PMO_TAG_INT || tag == PMO_TAG_FLOAT)) ||
	    (!strcmp(type, "number") && (tag == PMO_TAG_INT || tag == PMO_TAG_FLOAT)) ||
	    (!strcmp(type, "boolean") && tag == PMO_TAG_BOOL))
		return pmo_node_scalar(doc, tag, v, strlen(v));
	return pmo_node_str(doc, v);
}

/* "wang-li:50" → {person: wang-li, allocation: 50} */
static pmo_node *assignee_node(pmo_doc *doc, const char *item, size_t len)
{
	pmo_node *m = pmo_node_map(doc);
	const char *colon = memchr(item, ':', len);
	size_t pl = colon ? (size_t)(colon - item) : len;
	pmo_node *person = m ? pmo_node_scalar(doc, PMO_TAG_STR, item, pl) : NULL;

	if (!person || pmo_map_append(doc, m, pmo_node_str(doc, "person"), person) < 0)
		return NULL;
	if (colon) {
		char *a = strndup(colon + 1, len - pl - 1);
		pmo_node *v = a ? typed_scalar(doc, "integer", a) : NULL;
		free(a);
		if (!v || pmo_map_append(doc, m, pmo_node_str(doc, "allocation"), v) < 0)
			return NULL;
	}
	return m;
}

typedef struct {
	const char *field;
	pmo_node *value; /* NULL: remove */
} tfield;

typedef struct {
	tfield *items;
	size_t n;
	pmo_doc *doc;
} tfields;

static void tfields_free(tfields *t)
{
	free(t->items);
	pmo_doc_free(t->doc);
	memset(t, 0, sizeof(*t));
}

/* A field the task schema has not: as the schema says it, and git's "did
 * you mean". */
static int unknown_task_field(const pmo_node *props, const char *f)
{
	pmo_buf b = PMO_BUF_INIT;
	const char **names = calloc(props->n + 1, sizeof(*names));
	size_t i;
	int code;

	for (i = 0; names && i < props->n; i++) {
		names[i] = props->pairs[i].key->str;
		pmo_buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
	}
	code = pmo_die(2, "unknown field \"%s\"; allowed: %s", f, pmo_buf_cstr(&b));
	if (names)
		pmo_suggest("field", f, names, props->n);
	free(names);
	pmo_buf_release(&b);
	return code;
}

static int task_has_field(const void *props, const char *f, size_t len)
{
	const pmo_node *p = props;
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->pairs[i].key->len == len && !memcmp(p->pairs[i].key->str, f, len))
			return 1;
	return 0;
}

/* Parse field=value arguments (argv is modified: '=' becomes NUL). */
static int tfields_parse(tfields *out, pmo_ctx *ctx, char **argv, int argc)
{
	const pmo_node *props = task_schema_props(ctx);
	int i;

	memset(out, 0, sizeof(*out));
	if (!props)
		return pmo_die(1, "the plan schema has no task definition");
	if (pmo_doc_new(&out->doc) < 0 || !(out->items = calloc((size_t)argc + 1, sizeof(tfield))))
		return pmo_die(1, "out of memory");
	for (i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '='), *v;
		const char *type;
		pmo_node *node = NULL;

		if (!eq || eq == argv[i])
			return pmo_die(2, "expected field=value, not \"%s\"", argv[i]);
		*eq = '\0';
		v = eq + 1;
		if (*v && !pmo_map_get(props, argv[i]))
			return unknown_task_field(props, argv[i]);
		type = prop_type(props, argv[i]);
		if (!*v) {
			node = NULL;
		} else if (!strcmp(type, "array")) {
			char *p = v;
			if (!(node = pmo_node_seq(out->doc)))
				return pmo_die(1, "out of memory");
			while (1) {
				size_t seplen = 0;
				const char *sep = pmo_list_sep(p, &seplen);
				size_t len = sep ? (size_t)(sep - p) : strlen(p);
				pmo_node *item;
				while (len && *p == ' ')
					p++, len--;
				while (len && p[len - 1] == ' ')
					len--;
				item = !strcmp(argv[i], "assignees") ? assignee_node(out->doc, p, len)
								      : pmo_node_scalar(out->doc, PMO_TAG_STR, p, len);
				if (!item || pmo_seq_append(out->doc, node, item) < 0)
					return pmo_die(1, "out of memory");
				if (!sep)
					break;
				p = (char *)sep + seplen;
			}
		} else if ((!strcmp(argv[i], "duration") || !strcmp(argv[i], "effort")) &&
			   (pmo_yaml_resolve(v, strlen(v)) == PMO_TAG_INT ||
			    pmo_yaml_resolve(v, strlen(v)) == PMO_TAG_FLOAT)) {
			/* a number in any YAML form: the schema judges it (.inf is no JSON number) */
			node = typed_scalar(out->doc, "number", v);
		} else if (!strcmp(argv[i], "duration") || !strcmp(argv[i], "effort")) {
			/* units as lags take them; the file gets working days */
			double d;
			char num[32];
			int whole;
			if (pmo_plan_parse_days(&d, v, strlen(v)) < 0)
				return pmo_die(2, "%s: %s", argv[i], pmo_error_last()->message);
			whole = fabs(d - floor(d + 0.5)) < 1e-9;
			if (!whole && !strcmp(argv[i], "duration"))
				return pmo_die(2, "duration: \"%s\" is %.10g working days; a duration is a whole number "
						  "of working days (effort may have decimals)", v, d);
			if (whole)
				snprintf(num, sizeof(num), "%ld", (long)floor(d + 0.5));
			else
				snprintf(num, sizeof(num), "%.10g", d);
			node = pmo_node_scalar(out->doc, whole ? PMO_TAG_INT : PMO_TAG_FLOAT, num, strlen(num));
		} else {
			node = typed_scalar(out->doc, type, v);
		}
		if (*v && !node)
			return pmo_die(1, "out of memory");
		out->items[out->n].field = argv[i];
		out->items[out->n].value = node;
		out->n++;
	}
	return 0;
}

static const tfield *tfields_get(const tfields *t, const char *field)
{
	size_t i;
	const tfield *last = NULL;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->items[i].field, field))
			last = &t->items[i];
	return last;
}

/* The task mapping: id, title, then the fields in schema order (the old
 * task's fields, changed by t). Fields the schema does not know come last,
 * so that the schema reports them. */
static pmo_node *build_task(pmo_doc *doc, const pmo_node *props, const pmo_node *old,
			    const char *id, const char *title, const tfields *t)
{
	pmo_node *m = pmo_node_map(doc);
	size_t i;

	if (!m)
		return NULL;
	for (i = 0; i < props->n; i++) {
		const char *f = props->pairs[i].key->str;
		const tfield *x = tfields_get(t, f);
		const pmo_node *v = x ? x->value : pmo_map_get(old, f);
		if (!strcmp(f, "id") && id)
			v = pmo_node_str(doc, id);
		else if (!strcmp(f, "title") && title)
			v = pmo_node_str(doc, title);
		if (v && pmo_map_append(doc, m, pmo_node_str(doc, f), (pmo_node *)v) < 0)
			return NULL;
	}
	for (i = 0; old && old->kind == PMO_NODE_MAP && i < old->n; i++)
		if (!pmo_map_get(props, old->pairs[i].key->str) && !tfields_get(t, old->pairs[i].key->str) &&
		    pmo_map_append(doc, m, old->pairs[i].key, old->pairs[i].value) < 0)
			return NULL;
	for (i = 0; i < t->n; i++)
		if (!pmo_map_get(props, t->items[i].field) && t->items[i].value &&
		    tfields_get(t, t->items[i].field) == &t->items[i] &&
		    pmo_map_append(doc, m, pmo_node_str(doc, t->items[i].field), t->items[i].value) < 0)
			return NULL;
	return m;
}

/* Whether task self (PMO_PLAN_NONE: a new task) already has person h. */
static int was_assigned(const planctx *p, size_t self, const char *h)
{
	const pmo_node *as = self == PMO_PLAN_NONE ? NULL
			     : pmo_map_get(p->plan->tasks[self].node, "assignees");
	size_t i;

	for (i = 0; as && as->kind == PMO_NODE_SEQ && i < as->n; i++) {
		const char *x = pmo_node_text(pmo_map_get(as->items[i], "person"));
		if (x && !strcmp(x, h))
			return 1;
	}
	return 0;
}

/* The problems of one task against the task schema, and its references:
 * every dependency and the parent a task of the plan, every assignee a
 * person; each one line "message\n" appended to out. 0, or the exit code
 * of a failure to check. */
static int task_problems(pmo_buf *out, planctx *p, const pmo_node *task, size_t self)
{
	pmo_doc *doc = NULL;
	pmo_node *root, *seq;
	pmo_schema_result res = { 0 };
	pmo_buf b = PMO_BUF_INIT;
	const pmo_node *n;
	size_t i;
	int code = 0;

	if (pmo_doc_new(&doc) < 0 || !(root = pmo_node_map(doc)) || !(seq = pmo_node_seq(doc)) ||
	    pmo_seq_append(doc, seq, (pmo_node *)task) < 0 ||
	    pmo_map_append(doc, root, pmo_node_str(doc, "tasks"), seq) < 0) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	if (pmo_schema_validate(&res, pmo_model_schema(p->ctx->model, "plan"), root) < 0) {
		code = pmo_fail();
		goto done;
	}
	for (i = 0; i < res.n; i++) {
		const pmo_schema_finding *f = &res.items[i];
		const char *loc = f->location;
		if (!strncmp(loc, "tasks[0]", 8))
			loc += 8;
		if (*loc == '.')
			loc++;
		if (!strcmp(f->keyword, "additionalProperties") || !*loc)
			pmo_buf_printf(out, "%s\n", f->message);
		else
			pmo_buf_printf(out, "%s: %s\n", loc, f->message);
	}
	if ((n = pmo_map_get(task, "depends")) && n->kind == PMO_NODE_SEQ) {
		for (i = 0; i < n->n; i++) {
			pmo_dep d;
			size_t at;
			const char *s = pmo_node_text(n->items[i]);
			if (!s || pmo_dep_parse(&d, s, strlen(s)) < 0) {
				pmo_buf_printf(out, "%s\n", pmo_error_last() && s ? pmo_error_last()->message
									 : "depends: a dependency must be text");
				pmo_error_clear();
				continue;
			}
			at = pmo_plan_find(p->plan, d.task);
			if (at != PMO_PLAN_NONE && at == self)
				pmo_buf_printf(out, "depends: a task cannot depend on itself (\"%s\")\n", d.task);
			else if (at == PMO_PLAN_NONE)
				pmo_buf_printf(out, "depends: no task \"%s\" in %s\n", d.task, p->display);
			free(d.task);
		}
	}
	if ((n = pmo_map_get(task, "parent")) && pmo_node_text(n)) {
		size_t at = pmo_plan_find(p->plan, n->str);
		if (at == self && at != PMO_PLAN_NONE)
			pmo_buf_printf(out, "parent: a task cannot be its own parent (\"%s\")\n", n->str);
		else if (at == PMO_PLAN_NONE)
			pmo_buf_printf(out, "parent: no task \"%s\" to be the summary of this one\n", n->str);
	}
	if ((n = pmo_map_get(task, "assignees")) && n->kind == PMO_NODE_SEQ) {
		for (i = 0; i < n->n; i++) {
			const char *h = pmo_node_text(pmo_map_get(n->items[i], "person"));
			int active;
			pmo_buf_clear(&b);
			pmo_buf_printf(&b, "people/%s.yaml", h ? h : "");
			if (!h || !pmo_source_exists(p->ctx->src, pmo_buf_cstr(&b)))
				pmo_buf_printf(out, "assignees: no person \"%s\" (%s does not exist)\n", h ? h : "",
					       pmo_buf_cstr(&b));
			else if (!was_assigned(p, self, h) &&
				 pmo_person_active(&active, p->ctx->src, p->ctx->model, h) == 0 && !active)
				/* one who has left is not assigned anew */
				pmo_buf_printf(out, "assignees: person \"%s\" is not active (active: false in %s); "
					       "name someone active\n", h, pmo_buf_cstr(&b));
		}
	}
	if (pmo_buf_oom(out) < 0 || pmo_buf_oom(&b) < 0)
		code = pmo_die(1, "out of memory");
done:
	pmo_schema_result_free(&res);
	pmo_buf_release(&b);
	pmo_doc_free(doc);
	return code;
}

/* The candidate task (old: the task as it is, NULL for a new one): 0, or
 * the exit code (2) after printing the first problem it has that the task
 * did not have already. A problem the file had before does not block an
 * unrelated change (a misspelt field of the task, a dependency on a task
 * no longer there), so that a hand-edited plan can be mended one step at
 * a time; each step is refused only for what it brings. */
static int check_task(planctx *p, const pmo_node *task, const pmo_node *old, size_t self)
{
	pmo_buf now = PMO_BUF_INIT, before = PMO_BUF_INIT;
	const char *line;
	int code;

	if ((code = task_problems(&now, p, task, self)) ||
	    (old && (code = task_problems(&before, p, old, self))))
		goto done;
	for (line = pmo_buf_cstr(&now); *line; line += strcspn(line, "\n") + 1) {
		size_t len = strcspn(line, "\n");
		const char *o;
		int had = 0;
		for (o = pmo_buf_cstr(&before); *o && !had; o += strcspn(o, "\n") + 1)
			had = strcspn(o, "\n") == len && !memcmp(o, line, len);
		if (!had) {
			code = pmo_die(2, "%.*s", (int)len, line);
			break;
		}
	}
done:
	pmo_buf_release(&now);
	pmo_buf_release(&before);
	return code;
}

/* The error findings pmo validate would report for a plan (the checks of
 * pmo_plan_validate; types are the schema's, checked by check_task). */
static int plan_errors(pmo_plan_findings *f, planctx *p, pmo_plan *plan)
{
	pmo_plan_check_options o;

	o.cal = p->cal;
	o.start = p->start;
	o.today = PMO_NODATE; /* warnings do not stop a change */
	return pmo_plan_validate(plan, &o, f);
}

static int has_finding(const pmo_plan_findings *f, const pmo_plan_finding *x)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (!strcmp(f->items[i].rule, x->rule) && !strcmp(f->items[i].message, x->message))
			return 1;
	return 0;
}

/* Would the new text of plan.yaml be a plan validate refuses? Exit 2 on
 * the first error the plan did not have already (one the file had before
 * does not block an unrelated change, so that it can be fixed one step at
 * a time), with nothing written. */
static int check_candidate(planctx *p, const char *text, size_t len)
{
	pmo_doc *doc = NULL;
	pmo_plan *plan = NULL;
	pmo_plan_findings f, old;
	size_t i;
	int code = 0;

	pmo_plan_findings_init(&f);
	pmo_plan_findings_init(&old);
	if (pmo_yaml_load(&doc, p->display, text, len, &plan_limits) < 0 ||
	    pmo_plan_from_yaml(&plan, pmo_doc_root(doc), p->display, &f) < 0 ||
	    plan_errors(&f, p, plan) < 0 || plan_errors(&old, p, p->plan) < 0) {
		code = pmo_fail();
		goto done;
	}
	for (i = 0; i < f.n && !code; i++) {
		const pmo_plan_finding *x = &f.items[i];
		if (x->severity != PMO_FINDING_ERROR || !strcmp(x->rule, "plan-field") ||
		    has_finding(&old, x) || has_finding(&p->f, x))
			continue;
		code = pmo_die(2, "%s; nothing changed", x->message);
	}
done:
	pmo_plan_findings_release(&f);
	pmo_plan_findings_release(&old);
	pmo_plan_free(plan);
	pmo_doc_free(doc);
	return code;
}

static char *plan_message(const char *what, const char *key, const char *id, const char *action,
			  const char *command)
{
	pmo_buf b = PMO_BUF_INIT;

	pmo_buf_printf(&b, "%s %s%s%s: %s\n\nPmo-Command: %s\nPmo-Record: %s%s%s\n", what, key,
		       id ? "/" : "", id ? id : "", action, command, key, id ? "/" : "", id ? id : "");
	return pmo_buf_detach(&b);
}

/* --- task add / milestone add ------------------------------------------------ */

static long id_number(const char *id)
{
	return id && !strncmp(id, "T-", 2) ? strtol(id + 2, NULL, 10) : 0;
}

static int add_task(pmo_ctx *ctx, int argc, char **argv, int milestone)
{
	const char *what = milestone ? "milestone" : "task";
	planctx p;
	tfields t = { 0 };
	pmo_doc *doc = NULL;
	pmo_node *task;
	pmo_buf text = PMO_BUF_INIT, id = PMO_BUF_INIT, action = PMO_BUF_INIT, cmdname = PMO_BUF_INIT;
	char *msg = NULL;
	size_t i;
	long max = 0;
	int code;

	memset(&p, 0, sizeof(p));
	if (!task_schema_props(ctx) ||
	    pmo_take_title(argc, argv, task_has_field, task_schema_props(ctx), "title") < 0)
		return pmo_die(2, "%s add needs a title: the first argument that is not field=value; "
			       "see 'pmo %s add -h'", what, what);
	if ((code = tfields_parse(&t, ctx, argv + 1, argc - 1)))
		goto done;
	if (milestone) {
		tfield *x = &t.items[t.n++];
		x->field = "milestone";
		if (!(x->value = pmo_node_scalar(t.doc, PMO_TAG_BOOL, "true", 4))) {
			code = pmo_die(1, "out of memory");
			goto done;
		}
	}
	if (pmo_repo_check_mutable(ctx->repo) < 0 || pmo_repo_lock(ctx->repo) < 0) {
		code = pmo_fail();
		goto done;
	}
	if ((code = plan_open(&p, ctx)))
		goto done;
	for (i = 0; i < p.plan->n; i++)
		if (id_number(p.plan->tasks[i].id) > max)
			max = id_number(p.plan->tasks[i].id);
	pmo_buf_printf(&id, "T-%ld", max + 1);
	if (pmo_doc_new(&doc) < 0 ||
	    !(task = build_task(doc, task_schema_props(ctx), NULL, id.ptr, argv[0], &t))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	if ((code = check_task(&p, task, NULL, PMO_PLAN_NONE)))
		goto done;
	{
		const pmo_node *tasks = p.doc ? pmo_map_get(pmo_doc_root(p.doc), "tasks") : NULL;
		int error;
		if (tasks && tasks->kind == PMO_NODE_SEQ && tasks->n && tasks->style == PMO_STYLE_BLOCK) {
			error = pmo_yaml_edit_seq_append(&text, p.doc, tasks, task);
		} else {
			pmo_node *seq = pmo_node_seq(doc);
			if (!seq || pmo_seq_append(doc, seq, task) < 0) {
				code = pmo_die(1, "out of memory");
				goto done;
			}
			if (p.doc && pmo_doc_root(p.doc) && pmo_doc_root(p.doc)->kind == PMO_NODE_MAP &&
			    pmo_doc_root(p.doc)->n) {
				error = pmo_yaml_edit_set(&text, p.doc, "tasks", seq, NULL);
			} else {
				pmo_node *root = pmo_node_map(doc);
				if (!root || pmo_map_append(doc, root, pmo_node_str(doc, "tasks"), seq) < 0) {
					code = pmo_die(1, "out of memory");
					goto done;
				}
				error = pmo_yaml_emit(&text, root);
			}
		}
		if (error < 0) {
			code = pmo_fail();
			goto done;
		}
	}
	if ((code = check_candidate(&p, text.ptr, text.len)))
		goto done;
	if ((code = pmo_begin_change(ctx, (const char *const[]){ p.path }, 1)))
		goto done;
	pmo_buf_printf(&action, "add %s", argv[0]);
	pmo_buf_printf(&cmdname, "%s add", what);
	if (!(msg = plan_message(what, p.key, id.ptr, pmo_buf_cstr(&action), pmo_buf_cstr(&cmdname)))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	code = pmo_write_and_commit(ctx, p.path, text.ptr, text.len, msg);
done:
	planctx_free(&p);
	tfields_free(&t);
	pmo_doc_free(doc);
	pmo_buf_release(&text);
	pmo_buf_release(&id);
	pmo_buf_release(&action);
	pmo_buf_release(&cmdname);
	free(msg);
	return code;
}

static int task_add(pmo_ctx *ctx, int argc, char **argv)
{
	return add_task(ctx, argc, argv, 0);
}

static int milestone_add(pmo_ctx *ctx, int argc, char **argv)
{
	return add_task(ctx, argc, argv, 1);
}

/* --- task set ---------------------------------------------------------------- */

static int task_set(pmo_ctx *ctx, int argc, char **argv)
{
	planctx p;
	tfields t = { 0 };
	pmo_doc *doc = NULL, *cur = NULL;
	pmo_node *task;
	const pmo_node *props = task_schema_props(ctx);
	pmo_buf text = PMO_BUF_INIT, action = PMO_BUF_INIT;
	char *msg = NULL;
	size_t ti, i;
	int code, k, changed = 0;

	memset(&p, 0, sizeof(p));
	if (argc < 2)
		return pmo_die(2, "task set needs a task and field=value; see 'pmo task set -h'");
	pmo_buf_puts(&action, "set ");
	for (k = 1; k < argc; k++)
		pmo_buf_printf(&action, "%s%s", k > 1 ? ", " : "", argv[k]);
	if ((code = tfields_parse(&t, ctx, argv + 1, argc - 1)))
		goto done;
	for (i = 0; i < t.n; i++)
		if (!strcmp(t.items[i].field, "id")) {
			code = pmo_die(2, "id: the id of a task cannot change");
			goto done;
		}
	if (pmo_repo_check_mutable(ctx->repo) < 0 || pmo_repo_lock(ctx->repo) < 0) {
		code = pmo_fail();
		goto done;
	}
	if ((code = plan_open(&p, ctx)))
		goto done;
	ti = pmo_plan_find(p.plan, argv[0]);
	if (ti == PMO_PLAN_NONE || !p.plan->tasks[ti].node) {
		code = pmo_die(1, "no task %s in %s", argv[0], p.display);
		goto done;
	}
	if (pmo_doc_new(&doc) < 0 || !(task = build_task(doc, props, p.plan->tasks[ti].node, NULL, NULL, &t))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	if ((code = check_task(&p, task, p.plan->tasks[ti].node, ti)))
		goto done;
	/* minimal edits, one field at a time, each on the previous result */
	{
		size_t len;
		const char *src = pmo_doc_source(p.doc, &len);
		const pmo_node *tasks = pmo_map_get(pmo_doc_root(p.doc), "tasks");
		size_t item;
		for (item = 0; item < tasks->n && tasks->items[item] != p.plan->tasks[ti].node; item++)
			;
		if (pmo_yaml_load(&cur, p.display, src, len, &plan_limits) < 0) {
			code = pmo_fail();
			goto done;
		}
		for (i = 0; i < t.n; i++) {
			const tfield *x = &t.items[i];
			const pmo_node *m = pmo_map_get(pmo_doc_root(cur), "tasks")->items[item];
			const pmo_node *old = pmo_map_get(m, x->field);
			pmo_doc *again = NULL;
			int error;

			if (tfields_get(&t, x->field) != x)
				continue; /* a later value of the same field wins */
			if ((x->value && old && pmo_node_equal(old, x->value)) || (!x->value && !old))
				continue;
			pmo_buf_clear(&text);
			error = x->value ? pmo_yaml_edit_map_put(&text, cur, m, x->field, x->value, props)
					 : pmo_yaml_edit_map_remove(&text, cur, m, x->field);
			if (error < 0 || pmo_yaml_load(&again, p.display, text.ptr, text.len, &plan_limits) < 0) {
				code = pmo_fail();
				goto done;
			}
			pmo_doc_free(cur);
			cur = again;
			changed = 1;
		}
	}
	if (!changed) {
		fprintf(stderr, "pmo: nothing to change: %s already has these values\n", argv[0]);
		goto done;
	}
	{
		size_t len;
		const char *bytes = pmo_doc_source(cur, &len);
		if ((code = check_candidate(&p, bytes, len)))
			goto done;
		if ((code = pmo_begin_change(ctx, (const char *const[]){ p.path }, 1)))
			goto done;
		if (!(msg = plan_message("task", p.key, p.plan->tasks[ti].id, pmo_buf_cstr(&action), "task set"))) {
			code = pmo_die(1, "out of memory");
			goto done;
		}
		code = pmo_write_and_commit(ctx, p.path, bytes, len, msg);
	}
done:
	planctx_free(&p);
	tfields_free(&t);
	pmo_doc_free(doc);
	pmo_doc_free(cur);
	pmo_buf_release(&text);
	pmo_buf_release(&action);
	free(msg);
	return code;
}

/* --- task list / schedule tables ------------------------------------------------ */

static const pmo_option list_opts[] = {
	{ "format", 'f', "FORMAT", "table (default), json, csv, yaml or md" },
	{ "as-of", 0, "DATE", "status date for progress (default today; none: the plan alone)" },
	{ "sort", 's', "FIELD", "sort by FIELD, or -FIELD for descending order (several: a,-b)" },
	PLAN_FORCE_OPT,
	{ NULL, 0, NULL, NULL },
};

static void put_title(pmo_buf *b, const pmo_plan *plan, size_t i, int indent)
{
	if (indent)
		pmo_buf_pad(b, ' ', 2 * depth_of(plan, i));
	pmo_buf_puts(b, plan->tasks[i].title ? plan->tasks[i].title : "");
}

static void json_str(pmo_buf *b, const char *key, const char *s, int comma)
{
	pmo_buf_printf(b, "%s\"%s\": ", comma ? ", " : "", key);
	if (s)
		pmo_json_string(b, s, strlen(s));
	else
		pmo_buf_puts(b, "null");
}

static void json_date(pmo_buf *b, const char *key, pmo_date d)
{
	char buf[11];
	json_str(b, key, d == PMO_NODATE ? NULL : pmo_date_format(buf, d), 1);
}

/* Every task as JSON (schedule and task list share it). */
static int json_schedule(pmo_buf *b, const planctx *p, const pmo_schedule *s, pmo_date as_of)
{
	size_t i, j, k;
	char d1[11];

	pmo_buf_puts(b, "{\n  \"version\": 1,\n  ");
	if (p->forced)
		pmo_buf_puts(b, "\"forced\": true,\n  ");
	json_str(b, "project", p->key, 0);
	json_date(b, "as_of", as_of);
	json_date(b, "start", s->start);
	json_date(b, "finish", s->finish);
	pmo_buf_puts(b, ",\n  \"critical_path\": [");
	for (i = 0; i < s->ncritical; i++) {
		if (i)
			pmo_buf_puts(b, ", ");
		pmo_json_string(b, p->plan->tasks[s->critical[i]].id, strlen(p->plan->tasks[s->critical[i]].id));
	}
	pmo_buf_puts(b, "],\n  \"critical_chains\": [");
	for (k = 0; k < s->nchains; k++) {
		pmo_buf_puts(b, k ? ", [" : "[");
		for (i = s->chain_off[k]; i < s->chain_off[k + 1]; i++) {
			const char *id = p->plan->tasks[s->chains[i]].id;
			if (i > s->chain_off[k])
				pmo_buf_puts(b, ", ");
			pmo_json_string(b, id, strlen(id));
		}
		pmo_buf_putc(b, ']');
	}
	pmo_buf_puts(b, "],\n  \"tasks\": [");
	for (k = 0; k < nrows(p); k++) {
		const pmo_task *t = &p->plan->tasks[i = row(p, k)];
		const pmo_task_schedule *r = &s->tasks[i];
		pmo_buf_puts(b, k ? ",\n    {" : "\n    {");
		json_str(b, "id", t->id, 0);
		json_str(b, "title", t->title, 1);
		json_str(b, "parent", t->parent != PMO_PLAN_NONE ? p->plan->tasks[t->parent].id : NULL, 1);
		pmo_buf_printf(b, ", \"duration\": %ld", r->summary ? (r->ef - r->es) : t->days);
		json_date(b, "start", r->start);
		json_date(b, "finish", r->finish);
		json_date(b, "late_start", r->late_start);
		json_date(b, "late_finish", r->late_finish);
		pmo_buf_printf(b, ", \"total_slack\": %ld, \"free_slack\": %ld", r->total_slack, r->free_slack);
		pmo_buf_printf(b, ", \"critical\": %s, \"milestone\": %s, \"summary\": %s, \"progress\": %d",
			       r->critical ? "true" : "false", r->milestone ? "true" : "false",
			       r->summary ? "true" : "false", task_progress(p, i));
		pmo_buf_puts(b, ", \"depends\": [");
		for (j = 0; j < t->ndeps; j++) {
			pmo_buf dep = PMO_BUF_INIT;
			pmo_dep_format(&dep, &t->deps[j]);
			if (j)
				pmo_buf_puts(b, ", ");
			pmo_json_string(b, pmo_buf_cstr(&dep), dep.len);
			pmo_buf_release(&dep);
		}
		pmo_buf_puts(b, "], \"assignees\": [");
		for (j = 0; j < t->nassignees; j++) {
			pmo_buf_puts(b, j ? ", {" : "{");
			json_str(b, "person", t->assignees[j].person, 0);
			pmo_buf_printf(b, ", \"allocation\": %d}", t->assignees[j].allocation);
		}
		pmo_buf_putc(b, ']');
		if (t->effort >= 0)
			pmo_buf_printf(b, ", \"effort\": %.10g", t->effort);
		else
			pmo_buf_puts(b, ", \"effort\": null");
		json_date(b, "actual_start", t->actual_start);
		json_date(b, "actual_finish", t->actual_finish);
		json_str(b, "notes", t->notes, 1);
		pmo_buf_putc(b, '}');
		if (pmo_emit_some(b) < 0)
			return PMO_EIO;
	}
	pmo_buf_puts(b, nrows(p) ? "\n  ]\n}\n" : "]\n}\n");
	(void)d1;
	return 0;
}

typedef enum { VIEW_LIST, VIEW_SCHEDULE } view;

/* The table of task list and schedule for the terminal and Markdown (CSV: csv_schedule). */
static int build_table(pmo_table **out, const planctx *p, const pmo_schedule *s, view v)
{
	static const char *const list_h[] = { "ID", "Title", "Days", "Start", "Finish", "Progress", "Slack", "Depends" };
	static const char *const sched_h[] = { "ID", "Title", "Days", "ES", "EF", "LS", "LF", "Slack", "Free", "Critical" };
	const char *const *h = v == VIEW_LIST ? list_h : sched_h;
	size_t nc = v == VIEW_LIST ? 8 : 10, i, c, k;
	pmo_table *t = NULL;
	int error;

	if ((error = pmo_table_new(&t, nc)) < 0)
		return error;
	for (c = 0; c < nc; c++)
		if ((error = pmo_table_header(t, c, h[c])) < 0)
			goto done;
	pmo_table_shrink(t, 1);
	pmo_table_right(t, 2);
	if (v == VIEW_LIST) {
		pmo_table_right(t, 5);
		pmo_table_right(t, 6);
	} else {
		pmo_table_right(t, 7);
		pmo_table_right(t, 8);
	}
	for (k = 0; k < nrows(p); k++) {
		const pmo_task *tk = &p->plan->tasks[i = row(p, k)];
		const pmo_task_schedule *r = &s->tasks[i];
		pmo_buf cells[10];
		const char *cp[10];
		char d[11];

		for (c = 0; c < nc; c++)
			pmo_buf_init(&cells[c]);
		pmo_buf_puts(&cells[0], tk->id);
		put_title(&cells[1], p->plan, i, 1);
		if (r->milestone)
			pmo_buf_puts(&cells[2], "◆");
		else
			pmo_buf_printf(&cells[2], "%ld", r->summary ? r->ef - r->es : tk->days);
		pmo_buf_puts(&cells[3], date_str(d, r->start));
		pmo_buf_puts(&cells[4], date_str(d, r->finish));
		if (v == VIEW_LIST) {
			pmo_buf_printf(&cells[5], "%d%%", task_progress(p, i));
			pmo_buf_printf(&cells[6], "%ld", r->total_slack);
			for (c = 0; c < tk->ndeps; c++) {
				if (c)
					pmo_buf_puts(&cells[7], ", ");
				pmo_dep_format(&cells[7], &tk->deps[c]);
			}
		} else {
			pmo_buf_puts(&cells[5], date_str(d, r->late_start));
			pmo_buf_puts(&cells[6], date_str(d, r->late_finish));
			pmo_buf_printf(&cells[7], "%ld", r->total_slack);
			pmo_buf_printf(&cells[8], "%ld", r->free_slack);
			pmo_buf_puts(&cells[9], r->critical ? "*" : "");
		}
		for (c = 0; c < nc; c++)
			cp[c] = pmo_buf_cstr(&cells[c]);
		error = pmo_table_row(t, cp);
		for (c = 0; c < nc; c++)
			pmo_buf_release(&cells[c]);
		if (error < 0)
			goto done;
	}
done:
	if (error < 0) {
		pmo_table_free(t);
		return error;
	}
	*out = t;
	return 0;
}

/* A number in decimal at p, without printf (a 20,000-task CSV has 60,000
 * of them); returns the end. */
static char *put_long(char *p, long v)
{
	char tmp[24];
	size_t i = sizeof(tmp);
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[--i] = '-';
	memcpy(p, tmp + i, sizeof(tmp) - i);
	return p + (sizeof(tmp) - i);
}

/* ",DATE" (or "," alone for no date) at p; returns the end. */
static char *put_date(char *p, pmo_date d)
{
	*p++ = ',';
	if (d == PMO_NODATE)
		return p;
	pmo_date_format(p, d);
	return p + 10;
}

/* The machine-readable columns of task list and schedule as CSV, written
 * row by row straight into the output (RFC 4180 as pmo_table_csv). */
static int csv_schedule(pmo_buf *b, const planctx *p, const pmo_schedule *s, view v)
{
	pmo_buf deps = PMO_BUF_INIT;
	size_t i, c, k;
	int error;

	pmo_buf_grow(b, PMO_EMIT_CHUNK + 4096);
	pmo_buf_puts(b, v == VIEW_LIST ? "id,title,duration,start,finish,progress,total_slack,depends,assignees,"
					 "actual_start,actual_finish,notes\r\n"
				       : "id,title,duration,start,finish,late_start,late_finish,total_slack,free_slack,critical\r\n");
	for (k = 0; k < nrows(p); k++) {
		const pmo_task *tk = &p->plan->tasks[i = row(p, k)];
		const pmo_task_schedule *r = &s->tasks[i];
		char line[160], *e = line; /* the columns after the title: at most 9 × 21 bytes */

		pmo_csv_field(b, tk->id);
		pmo_buf_putc(b, ',');
		pmo_csv_field(b, tk->title ? tk->title : "");
		*e++ = ',';
		e = put_long(e, r->summary ? r->ef - r->es : tk->days);
		e = put_date(e, r->start);
		e = put_date(e, r->finish);
		if (v == VIEW_LIST) {
			*e++ = ',';
			e = put_long(e, task_progress(p, i));
			*e++ = ',';
			e = put_long(e, r->total_slack);
			*e++ = ',';
			pmo_buf_put(b, line, (size_t)(e - line));
			pmo_buf_clear(&deps);
			for (c = 0; c < tk->ndeps; c++) {
				if (c)
					pmo_buf_putc(&deps, ' ');
				pmo_dep_format(&deps, &tk->deps[c]);
			}
			pmo_csv_field(b, pmo_buf_cstr(&deps));
			pmo_buf_clear(&deps);
			for (c = 0; c < tk->nassignees; c++)
				pmo_buf_printf(&deps, "%s%s:%d", c ? " " : "", tk->assignees[c].person,
					       tk->assignees[c].allocation);
			pmo_buf_putc(b, ',');
			pmo_csv_field(b, pmo_buf_cstr(&deps));
			e = line;
			e = put_date(e, tk->actual_start);
			e = put_date(e, tk->actual_finish);
			*e++ = ',';
			pmo_buf_put(b, line, (size_t)(e - line));
			pmo_csv_field(b, tk->notes ? tk->notes : "");
			pmo_buf_put(b, "\r\n", 2);
		} else {
			e = put_date(e, r->late_start);
			e = put_date(e, r->late_finish);
			*e++ = ',';
			e = put_long(e, r->total_slack);
			*e++ = ',';
			e = put_long(e, r->free_slack);
			memcpy(e, r->critical ? ",true\r\n" : ",false\r\n", r->critical ? 7 : 8);
			e += r->critical ? 7 : 8;
			pmo_buf_put(b, line, (size_t)(e - line));
		}
		if (pmo_emit_some(b) < 0) {
			pmo_buf_release(&deps);
			return PMO_EIO;
		}
	}
	error = pmo_buf_oom(&deps) < 0 ? pmo_buf_oom(&deps) : pmo_buf_oom(b);
	pmo_buf_release(&deps);
	return error;
}

static void summary_lines(pmo_buf *b, const planctx *p, const pmo_schedule *s, pmo_date as_of)
{
	char d1[11], d2[11];
	size_t i, k;

	pmo_buf_printf(b, "\nproject %s: start %s, finish %s (%ld working days)", p->key,
		       pmo_date_format(d1, s->start), pmo_date_format(d2, s->finish),
		       s->finish_index - pmo_calendar_index(p->cal, s->start));
	if (as_of != PMO_NODATE)
		pmo_buf_printf(b, ", as of %s", pmo_date_format(d1, as_of));
	pmo_buf_puts(b, "\ncritical path: ");
	for (k = 0; k < s->nchains; k++)
		for (i = s->chain_off[k]; i < s->chain_off[k + 1]; i++)
			pmo_buf_printf(b, "%s%s", i > s->chain_off[k] ? " → " : k ? "; " : "",
				       p->plan->tasks[s->chains[i]].id);
	pmo_buf_puts(b, s->nchains ? "\n" : "(none)\n");
}

/* Open, schedule and print the tables of task list and schedule. */
static int show_table(pmo_ctx *ctx, view v, const char *fmt_given, const char *as_of_given,
		      int gantt, const char *allowed, char **filters, int nfilters, const char *sort, int force);
static int render_gantt(pmo_buf *b, const planctx *p, const pmo_schedule *s, size_t width, pmo_date today);
static int render_mermaid(pmo_buf *b, const planctx *p, const pmo_schedule *s);

/* The fields of task i as task list filters and sorts them: the task's
 * own fields, its computed dates, and status (done, in_progress,
 * not_started) and assignee (the handles). */
static pmo_node *task_view(pmo_doc *doc, const planctx *p, const pmo_schedule *s, size_t i, int for_filter)
{
	const pmo_task *t = &p->plan->tasks[i];
	const pmo_task_schedule *r = &s->tasks[i];
	pmo_node *m = pmo_node_map(doc), *who = pmo_node_seq(doc), *deps = pmo_node_seq(doc);
	char d[11], n[24];
	size_t j;
	int prog = task_progress(p, i), err = !m || !who || !deps;

#define PUT(k, v) (err = err || !(v) || pmo_map_append(doc, m, pmo_node_str(doc, k), (v)) < 0)
#define STR(k, x) do { if (x) PUT(k, pmo_node_str(doc, x)); } while (0)
#define NUM(k, x) do { *put_long(n, (long)(x)) = '\0'; PUT(k, pmo_node_scalar(doc, PMO_TAG_INT, n, strlen(n))); } while (0)
#define BOOL(k, x) PUT(k, pmo_node_scalar(doc, PMO_TAG_BOOL, (x) ? "true" : "false", (x) ? 4 : 5))
#define DATE(k, x) do { if ((x) != PMO_NODATE) PUT(k, pmo_node_str(doc, pmo_date_format(d, x))); } while (0)
	if (err)
		return NULL;
	STR("id", t->id);
	STR("title", t->title);
	STR("parent", t->parent != PMO_PLAN_NONE ? p->plan->tasks[t->parent].id : NULL);
	NUM("duration", r->summary ? r->ef - r->es : t->days);
	DATE("start", r->start);
	DATE("finish", r->finish);
	DATE("late_start", r->late_start);
	DATE("late_finish", r->late_finish);
	NUM("total_slack", r->total_slack);
	NUM("free_slack", r->free_slack);
	BOOL("critical", r->critical);
	BOOL("milestone", r->milestone);
	BOOL("summary", r->summary);
	NUM("progress", prog);
	STR("status", r->done || prog >= 100 ? "done" : prog > 0 || t->actual_start != PMO_NODATE ? "in_progress"
										       : "not_started");
	/* filters match handles; the printed list has each allocation, as JSON */
	for (j = 0; j < t->nassignees && !err; j++) {
		pmo_node *a = pmo_node_str(doc, t->assignees[j].person), *pa = a;

		if (!for_filter) {
			*put_long(n, t->assignees[j].allocation) = '\0';
			err = !(pa = pmo_node_map(doc)) || !a ||
			      pmo_map_append(doc, pa, pmo_node_str(doc, "person"), a) < 0 ||
			      pmo_map_append(doc, pa, pmo_node_str(doc, "allocation"),
					     pmo_node_scalar(doc, PMO_TAG_INT, n, strlen(n))) < 0;
		}
		err = err || pmo_seq_append(doc, who, pa) < 0;
	}
	if (for_filter)
		PUT("assignee", who);
	PUT("assignees", who);
	for (j = 0; j < t->ndeps && !err; j++)
		err = pmo_seq_append(doc, deps, pmo_node_str(doc, t->deps[j].task)) < 0;
	PUT("depends", deps);
	DATE("actual_start", t->actual_start);
	DATE("actual_finish", t->actual_finish);
	DATE("start_no_earlier_than", t->snet);
	DATE("finish_no_later_than", t->fnlt);
	STR("notes", t->notes);
#undef PUT
#undef STR
#undef NUM
#undef BOOL
#undef DATE
	return err ? NULL : m;
}

static const char *const task_view_fields =
	"id, title, parent, duration, start, finish, late_start, late_finish, total_slack, free_slack, critical, "
	"milestone, summary, progress, status, assignee, depends, actual_start, actual_finish, "
	"start_no_earlier_than, finish_no_later_than, notes";

static int known_task_field(const char *f)
{
	size_t n = strlen(f);
	const char *at = task_view_fields;

	while ((at = strstr(at, f))) {
		if ((at == task_view_fields || at[-1] == ' ') && (at[n] == ',' || !at[n]))
			return 1;
		at += n;
	}
	return !strcmp(f, "assignees");
}

typedef struct { pmo_node *view; size_t task, pos; } task_row;
static const char *row_sort_field;
static int row_sort_desc;

static int cmp_rows(const void *a, const void *b)
{
	const task_row *x = a, *y = b;
	int c = pmo_view_compare(x->view, y->view, row_sort_field);
	const pmo_node *vx = pmo_map_get(x->view, row_sort_field), *vy = pmo_map_get(y->view, row_sort_field);

	if (c && vx && vy && row_sort_desc)
		c = -c; /* tasks without the field stay last */
	return c ? c : x->pos < y->pos ? -1 : 1;
}

/* p->order from filters (field=value, field!=value, field>=value …) and
 * --sort [-]FIELD[,…]; exit 2 on an unknown field. */
static int select_rows(planctx *p, const pmo_schedule *s, char **filters, int nfilters, const char *sort)
{
	pmo_filters fs = { 0 };
	pmo_doc *doc = NULL;
	task_row *rows = NULL;
	char *spec = NULL, *keys[16];
	size_t i, n = 0, nk = 0, q;
	int code = 0, k;

	for (k = 0; k < nfilters; k++) {
		if ((code = pmo_filter_parse(&fs, filters[k])))
			goto done;
		if (!known_task_field(fs.items[fs.n - 1].field)) {
			code = pmo_die(2, "unknown field \"%s\" for task; fields: %s", fs.items[fs.n - 1].field,
				       task_view_fields);
			goto done;
		}
	}
	if (sort) {
		if (!(spec = strdup(sort))) {
			code = pmo_die(1, "out of memory");
			goto done;
		}
		for (keys[nk] = strtok(spec, ","); keys[nk] && nk < 15; keys[++nk] = strtok(NULL, ","))
			if (!known_task_field(keys[nk] + (keys[nk][0] == '-' || keys[nk][0] == '+'))) {
				code = pmo_die(2, "unknown field \"%s\" for task; fields: %s",
					       keys[nk] + (keys[nk][0] == '-' || keys[nk][0] == '+'), task_view_fields);
				goto done;
			}
	}
	if (!fs.n && !nk)
		goto done;
	if (pmo_doc_new(&doc) < 0 || !(rows = calloc(p->plan->n + 1, sizeof(*rows))) ||
	    !(p->order = calloc(p->plan->n + 1, sizeof(size_t)))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	for (i = 0; i < p->plan->n; i++) {
		pmo_node *v = task_view(doc, p, s, i, 1);
		if (!v) {
			code = pmo_die(1, "out of memory");
			goto done;
		}
		if (!pmo_filters_match(&fs, v))
			continue;
		rows[n].view = v;
		rows[n].task = i;
		rows[n].pos = n;
		n++;
	}
	/* the last key first, each pass stable */
	for (q = nk; q-- > 0;) {
		row_sort_desc = keys[q][0] == '-';
		row_sort_field = keys[q] + (keys[q][0] == '-' || keys[q][0] == '+');
		qsort(rows, n, sizeof(*rows), cmp_rows);
		for (i = 0; i < n; i++)
			rows[i].pos = i;
	}
	for (i = 0; i < n; i++)
		p->order[i] = rows[i].task;
	p->norder = n;
done:
	free(spec);
	free(rows);
	pmo_doc_free(doc);
	pmo_filters_free(&fs);
	return code;
}

/* The selected tasks as a YAML sequence of the fields task list filters
 * on (what --format yaml of a register prints: one mapping per row). */
static int yaml_tasks(pmo_buf *out, const planctx *p, const pmo_schedule *s)
{
	pmo_doc *doc = NULL;
	pmo_node *seq, *v;
	size_t i;
	int error;

	if ((error = pmo_doc_new(&doc)) < 0)
		return error;
	if (!(seq = pmo_node_seq(doc))) {
		error = PMO_ENOMEM;
		goto done;
	}
	for (i = 0; i < nrows(p); i++)
		if (!(v = task_view(doc, p, s, row(p, i), 0)) || (error = pmo_seq_append(doc, seq, v)) < 0) {
			error = error < 0 ? error : PMO_ENOMEM;
			goto done;
		}
	error = pmo_yaml_emit(out, seq);
done:
	pmo_doc_free(doc);
	return error;
}

static int show_table(pmo_ctx *ctx, view v, const char *fmt_given, const char *as_of_given,
		      int gantt, const char *allowed, char **filters, int nfilters, const char *sort, int force)
{
	planctx p;
	pmo_schedule *s = NULL;
	pmo_table *t = NULL;
	pmo_buf out = PMO_BUF_INIT;
	const char *format;
	pmo_date as_of;
	int code;

	memset(&p, 0, sizeof(p));
	if ((code = pmo_format(&format, ctx, fmt_given, allowed, "table")) ||
	    (code = as_of_date(&as_of, as_of_given)))
		return code;
	if ((code = plan_read(&p, ctx, force)))
		goto done;
	if ((code = plan_schedule(&s, &p, as_of))) {
		print_findings(p.display, &p.f, 0, 0);
		goto done;
	}
	print_findings(p.display, &p.f, 0, 0);
	if ((code = select_rows(&p, s, filters, nfilters, sort)))
		goto done;
	if (gantt) {
		/* a pipe: titles whole and no today marker (ctx->width is 0) */
		if (render_gantt(&out, &p, s, ctx->width, as_of != PMO_NODATE ? as_of : pmo_date_today()) < 0) {
			code = pmo_fail();
			goto done;
		}
	} else if (!strcmp(format, "json")) {
		if (json_schedule(&out, &p, s, as_of) < 0) {
			code = pmo_fail();
			goto done;
		}
	} else if (!strcmp(format, "yaml")) {
		if (yaml_tasks(&out, &p, s) < 0) {
			code = pmo_fail();
			goto done;
		}
	} else if (!strcmp(format, "mermaid")) {
		if (render_mermaid(&out, &p, s) < 0) {
			code = pmo_fail();
			goto done;
		}
	} else {
		if (!strcmp(format, "csv")) {
			if (csv_schedule(&out, &p, s, v) < 0) {
				code = pmo_fail();
				goto done;
			}
		} else if (build_table(&t, &p, s, v) < 0) {
			code = pmo_fail();
			goto done;
		} else if (!strcmp(format, "md")) {
			pmo_table_md(&out, t);
		} else {
			pmo_table_opts o = { ctx->width, ctx->color };
			pmo_table_render(&out, t, &o);
			if (v == VIEW_SCHEDULE)
				summary_lines(&out, &p, s, as_of);
		}
	}
	code = pmo_emit(&out);
done:
	pmo_table_free(t);
	pmo_schedule_free(s);
	pmo_buf_release(&out);
	planctx_free(&p);
	return code;
}

static int task_list(pmo_ctx *ctx, int argc, char **argv)
{
	pmo_optval vals[5];
	int nargs;

	pmo_parse_options(argc, argv, list_opts, vals, &nargs, NULL);
	return show_table(ctx, VIEW_LIST, vals[0].value, vals[1].value, 0, "table,json,csv,yaml,md", argv, nargs,
			  vals[2].value, vals[3].value != NULL);
}

/* --- task show --------------------------------------------------------------------- */

static const pmo_option show_opts[] = {
	{ "as-of", 0, "DATE", "status date for progress (default today; none: the plan alone)" },
	{ "format", 'f', "FORMAT", "text (default) or json" },
	PLAN_FORCE_OPT,
	{ NULL, 0, NULL, NULL },
};

static int task_show(pmo_ctx *ctx, int argc, char **argv)
{
	pmo_optval vals[4];
	planctx p;
	pmo_schedule *s = NULL;
	pmo_buf out = PMO_BUF_INIT, yaml = PMO_BUF_INIT;
	pmo_date as_of;
	size_t ti;
	int nargs, code;
	char d1[11], d2[11];
	const char *format;

	memset(&p, 0, sizeof(p));
	pmo_parse_options(argc, argv, show_opts, vals, &nargs, NULL);
	if ((code = pmo_format(&format, ctx, vals[1].value, "text,json", "text")))
		return code;
	if (nargs != 1)
		return pmo_die(2, "task show takes one task id, e.g. T-1");
	if ((code = as_of_date(&as_of, vals[0].value)) || (code = plan_read(&p, ctx, vals[2].value != NULL)))
		goto done;
	ti = pmo_plan_find(p.plan, argv[0]);
	if (ti == PMO_PLAN_NONE || !p.plan->tasks[ti].node) {
		code = pmo_die(1, "no task %s in %s", argv[0], p.display);
		goto done;
	}
	if ((code = plan_schedule(&s, &p, as_of)))
		goto done;
	if (!strcmp(format, "json")) {
		/* the task's fields as written, and what is computed */
		const pmo_task_schedule *r = &s->tasks[ti];
		pmo_buf_puts(&out, "{\n  \"version\": 1,\n  ");
		if (p.forced)
			pmo_buf_puts(&out, "\"forced\": true,\n  ");
		json_str(&out, "project", p.key, 0);
		json_date(&out, "as_of", as_of);
		pmo_buf_puts(&out, ",\n  \"task\": ");
		pmo_json_node(&out, p.plan->tasks[ti].node, 2, 1);
		pmo_buf_puts(&out, ",\n  \"computed\": {");
		json_str(&out, "start", r->start == PMO_NODATE ? NULL : pmo_date_format(d1, r->start), 0);
		json_date(&out, "finish", r->finish);
		json_date(&out, "late_start", r->late_start);
		json_date(&out, "late_finish", r->late_finish);
		pmo_buf_printf(&out, ", \"total_slack\": %ld, \"free_slack\": %ld, \"critical\": %s, \"progress\": %d}\n}\n",
			       r->total_slack, r->free_slack, r->critical ? "true" : "false", task_progress(&p, ti));
		code = pmo_emit(&out);
		goto done;
	}
	if (pmo_yaml_emit(&yaml, p.plan->tasks[ti].node) < 0) {
		code = pmo_fail();
		goto done;
	}
	{
		const pmo_task_schedule *r = &s->tasks[ti];
		pmo_buf_printf(&out, "task %s/%s\n%s", p.key, p.plan->tasks[ti].id, pmo_buf_cstr(&yaml));
		pmo_buf_printf(&out, "# computed%s%s\n", as_of != PMO_NODATE ? " as of " : "",
			       as_of != PMO_NODATE ? pmo_date_format(d1, as_of) : "");
		pmo_buf_printf(&out, "start: %s\nfinish: %s\n", date_str(d1, r->start), date_str(d2, r->finish));
		pmo_buf_printf(&out, "late_start: %s\nlate_finish: %s\n", date_str(d1, r->late_start),
			       date_str(d2, r->late_finish));
		pmo_buf_printf(&out, "total_slack: %ld\nfree_slack: %ld\ncritical: %s\n", r->total_slack,
			       r->free_slack, r->critical ? "true" : "false");
	}
	code = pmo_emit(&out);
done:
	pmo_schedule_free(s);
	pmo_buf_release(&out);
	pmo_buf_release(&yaml);
	planctx_free(&p);
	return code;
}

/* --- task log ---------------------------------------------------------------------------- */

/* A task's history in fields, as `risk log` tells a record's: each commit
 * of plan.yaml that changed the task, with the fields that changed (the
 * record diff of lib/model over the task's mapping, in schema order). */
typedef struct {
	pmo_kind kind;     /* the task schema's properties, for pmo_record_diff */
	const char *id;
	const char *path;
	const char *format;
	pmo_buf *out;
	size_t count;
} task_log_state;

/* The mapping of task id in a version of plan.yaml, or NULL. */
static const pmo_node *task_in(pmo_doc **doc, const char *path, const char *data, size_t len, const char *id,
			       int *unreadable)
{
	const pmo_node *tasks;
	size_t i;

	*doc = NULL;
	if (!data)
		return NULL;
	if (pmo_yaml_load(doc, path, data, len, &plan_limits) < 0) {
		pmo_error_clear();
		*unreadable = 1;
		return NULL;
	}
	tasks = pmo_map_get(pmo_doc_root(*doc), "tasks");
	for (i = 0; tasks && tasks->kind == PMO_NODE_SEQ && i < tasks->n; i++) {
		const char *t = pmo_node_text(pmo_map_get(tasks->items[i], "id"));
		if (t && !strcmp(t, id))
			return tasks->items[i];
	}
	return NULL;
}

static int task_log_entry(const pmo_history_entry *e, void *payload)
{
	task_log_state *st = payload;
	pmo_doc *od = NULL, *nd = NULL;
	int bad = 0;
	const pmo_node *o = task_in(&od, st->path, e->old_data, e->old_len, st->id, &bad);
	const pmo_node *n = task_in(&nd, st->path, e->new_data, e->new_len, st->id, &bad);
	pmo_changes ch = { 0 };
	const char *event = !o && n ? "created" : o && !n ? "deleted" : "changed";
	size_t i;
	int error = 0;

	if ((!o && !n && !bad) || (o && n && pmo_node_equal(o, n)))
		goto done; /* another task's change */
	if (!bad && (error = pmo_record_diff(&ch, &st->kind, o, n)) < 0)
		goto done;
	if (!strcmp(st->format, "json")) {
		pmo_log_commit(st->out, e->commit, !st->count, 1);
		pmo_buf_printf(st->out, ", \"event\": \"%s\", \"changes\": [", event);
		for (i = 0; i < ch.n; i++) {
			pmo_buf_puts(st->out, i ? ", {\"field\": " : "{\"field\": ");
			pmo_json_string(st->out, ch.items[i].field, strlen(ch.items[i].field));
			pmo_buf_puts(st->out, ", \"old\": ");
			pmo_json_node(st->out, ch.items[i].old, -1, 0);
			pmo_buf_puts(st->out, ", \"new\": ");
			pmo_json_node(st->out, ch.items[i].new, -1, 0);
			pmo_buf_putc(st->out, '}');
		}
		pmo_buf_puts(st->out, "]}");
	} else {
		pmo_log_commit(st->out, e->commit, !st->count, 0);
		if (bad)
			pmo_buf_puts(st->out, "    (plan.yaml could not be read as YAML at this commit)\n");
		else if (strcmp(event, "changed"))
			pmo_buf_printf(st->out, "    %s\n", event);
		for (i = 0; i < ch.n; i++) {
			char *ov = pmo_node_display(ch.items[i].old), *nv = pmo_node_display(ch.items[i].new);
			if (!o)
				pmo_buf_printf(st->out, "    %s: %s\n", ch.items[i].field, nv ? nv : "");
			else if (n)
				pmo_buf_printf(st->out, "    %s: %s → %s\n", ch.items[i].field,
					       ch.items[i].old ? ov : "(none)", ch.items[i].new ? nv : "(none)");
			free(ov);
			free(nv);
		}
	}
	st->count++;
done:
	pmo_changes_free(&ch);
	pmo_doc_free(od);
	pmo_doc_free(nd);
	return error;
}

static const pmo_option log_opts[] = {
	{ "format", 'f', "FORMAT", "text (default) or json" },
	{ NULL, 0, NULL, NULL },
};

static int task_log(pmo_ctx *ctx, int argc, char **argv)
{
	pmo_optval vals[2];
	pmo_buf out = PMO_BUF_INIT, path = PMO_BUF_INIT;
	task_log_state st;
	const char *key;
	int nargs, code;

	memset(&st, 0, sizeof(st));
	pmo_parse_options(argc, argv, log_opts, vals, &nargs, NULL);
	if ((code = pmo_format(&st.format, ctx, vals[0].value, "text,table,json", "text")))
		return code;
	if (nargs != 1)
		return pmo_die(2, "task log takes one task id, e.g. T-1");
	if ((code = pmo_need_project(&key, ctx)))
		return code;
	if (!(st.kind.props = task_schema_props(ctx)))
		return pmo_die(1, "the plan schema has no task definition");
	st.kind.name = "task";
	st.id = argv[0];
	pmo_buf_printf(&path, "projects/%s/plan.yaml", key);
	st.path = pmo_buf_cstr(&path);
	st.out = &out;
	if (!strcmp(st.format, "json")) {
		pmo_buf name = PMO_BUF_INIT;
		pmo_buf_printf(&name, "%s/%s", key, argv[0]);
		pmo_buf_puts(&out, "{\n  \"version\": 1,\n  \"kind\": \"task\",\n  \"record\": ");
		pmo_json_string(&out, pmo_buf_cstr(&name), name.len);
		pmo_buf_puts(&out, ",\n  \"history\": [");
		pmo_buf_release(&name);
	}
	if (pmo_repo_history(ctx->repo, st.path, task_log_entry, &st) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (!st.count) {
		code = pmo_die(1, "no history for task %s/%s (no commit of %s has it)", key, argv[0], st.path);
		goto done;
	}
	if (!strcmp(st.format, "json"))
		pmo_buf_puts(&out, "\n  ]\n}\n");
	code = pmo_emit(&out);
done:
	pmo_buf_release(&out);
	pmo_buf_release(&path);
	return code;
}

/* --- gantt ---------------------------------------------------------------------------- */

/* width: the terminal's, or 0 for a pipe or file, where titles are not cut
 * (the chart is as wide as on a 100-column terminal) and there is no today
 * marker; on a terminal a │ marks the column of today (the status date). */
static int render_gantt(pmo_buf *b, const planctx *p, const pmo_schedule *s, size_t width, pmo_date today)
{
	const pmo_plan *plan = p->plan;
	size_t i, idw = 2, tw = 5, chart, cols, c, cut_at, tcol = (size_t)-1;
	pmo_date first, last, day;
	long scale;
	char d[11];

	if (!plan->n) {
		pmo_buf_puts(b, "(no tasks)\n");
		return pmo_buf_oom(b);
	}
	first = s->start;
	last = s->finish;
	for (i = 0; i < plan->n; i++) {
		size_t w = pmo_utf8_width(plan->tasks[i].id, strlen(plan->tasks[i].id)), tl;
		if (w > idw)
			idw = w;
		tl = plan->tasks[i].title ? pmo_utf8_width(plan->tasks[i].title, strlen(plan->tasks[i].title)) : 0;
		tl += 2 * depth_of(plan, i);
		if (tl > tw)
			tw = tl;
		if (s->tasks[i].start != PMO_NODATE && s->tasks[i].start < first)
			first = s->tasks[i].start;
		if (s->tasks[i].finish != PMO_NODATE && s->tasks[i].finish > last)
			last = s->tasks[i].finish;
	}
	cut_at = width ? 30 : tw;
	first -= pmo_date_weekday(first) - 1;       /* the Monday of the first week */
	last += 7 - pmo_date_weekday(last);         /* the Sunday of the last week */
	{
		size_t w = width ? width : 100, t = tw < 30 ? tw : 30;
		chart = w > idw + t + 4 + 14 ? w - idw - t - 4 : 14;
	}
	if (tw > cut_at)
		tw = cut_at;
	scale = (size_t)(last - first + 1) <= chart ? 1 : 7;
	cols = (size_t)((last - first + 1) / scale);
	if (width && today >= first && today < first + (long)cols * scale)
		tcol = (size_t)((today - first) / scale);
	/* the axis: each week's Monday as MM-DD where it fits */
	pmo_buf_pad(b, ' ', idw + tw + 4);
	{
		size_t at = 0; /* the column after the last label */
		for (c = 0; c < cols; c += (size_t)(scale == 1 ? 7 : 1)) {
			if (at && c < at + 1)
				continue; /* at least one blank between labels */
			pmo_date_format(d, first + (long)c * scale);
			if (c + 5 > cols)
				break;
			pmo_buf_pad(b, ' ', c - at);
			pmo_buf_put(b, d + 5, 5);
			at = c + 5;
		}
	}
	pmo_buf_putc(b, '\n');
	for (i = 0; i < plan->n; i++) {
		const pmo_task *t = &plan->tasks[i];
		const pmo_task_schedule *r = &s->tasks[i];
		pmo_buf title = PMO_BUF_INIT;
		size_t w, cut;

		pmo_buf_puts(b, t->id);
		pmo_buf_pad(b, ' ', idw + 2 - pmo_utf8_width(t->id, strlen(t->id)));
		put_title(&title, plan, i, 1);
		w = pmo_utf8_width(pmo_buf_cstr(&title), title.len);
		if (w > tw) {
			cut = pmo_utf8_prefix(title.ptr, title.len, tw - 1, &w);
			pmo_buf_put(b, title.ptr, cut);
			pmo_buf_puts(b, "…");
			w++;
		} else {
			pmo_buf_put(b, pmo_buf_cstr(&title), title.len);
		}
		pmo_buf_release(&title);
		pmo_buf_pad(b, ' ', tw + 2 - w);
		for (c = 0; c < cols; c++) {
			pmo_date from = first + (long)c * scale, to = from + scale - 1;
			const char *mark = " ";
			if (r->start == PMO_NODATE || r->finish < from || r->start > to) {
				/* outside the bar */
			} else if (r->milestone) {
				mark = (r->finish >= from && r->finish <= to) ? "◆" : " ";
			} else if (r->summary) {
				mark = "━";
			} else {
				int work = 0;
				for (day = from > r->start ? from : r->start; day <= to && day <= r->finish; day++)
					work |= pmo_calendar_is_workday(p->cal, day);
				mark = !work ? "·" : r->critical ? "█" : "▒";
			}
			if (c == tcol && !strcmp(mark, " "))
				mark = "│";
			pmo_buf_puts(b, mark);
		}
		/* no trailing blanks */
		while (b->len && b->ptr[b->len - 1] == ' ')
			b->len--;
		pmo_buf_putc(b, '\n');
	}
	pmo_buf_puts(b, "\n█ critical  ▒ other  ━ summary  ◆ milestone  · day off");
	if (tcol != (size_t)-1)
		pmo_buf_printf(b, "  │ today %s", pmo_date_format(d, today));
	pmo_buf_printf(b, "; one column is one %s\n", scale == 1 ? "day" : "week");
	return pmo_buf_oom(b);
}

/* --- mermaid ----------------------------------------------------------------------------- */

/* Mermaid reads ':' '#' and ';' in a task's text as syntax, and a line
 * that starts with "%%" as a comment: a leading '%' is written as the
 * full-width ％. Line breaks and other control characters become blanks. */
static void mermaid_text(pmo_buf *b, const char *s)
{
	const char *p = s;

	while (p && (*p == ' ' || *p == '\t'))
		p++;
	if (p && *p == '%') {
		pmo_buf_put(b, s, (size_t)(p - s));
		pmo_buf_puts(b, "％");
		s = p + 1;
	}
	for (; s && *s; s++)
		pmo_buf_putc(b, *s == ':' || *s == '#' || *s == ';' || (unsigned char)*s < 0x20 ? ' ' : *s);
}

/* A task's text: its title, or its id when it has none. */
static const char *mermaid_name(const pmo_task *t)
{
	return t->title && *t->title ? t->title : t->id;
}

/* The days off of the calendar over the chart's dates, as mermaid's
 * `excludes` (one line; mermaid splits it at blanks and commas). Mermaid
 * has no way to make a weekend day working once `weekends` (or a weekday
 * name) is excluded, so when an extra workday falls in the chart every day
 * off is listed by date instead; otherwise the weekdays off by name and
 * the holidays by date. */
static void mermaid_excludes(pmo_buf *b, const pmo_calendar *cal, const pmo_schedule *s)
{
	static const char *const names[] = { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
					     "sunday" };
	unsigned mask = pmo_calendar_weekdays(cal);
	pmo_date first = s->start, last = s->finish, d;
	const pmo_calendar_range *w;
	size_t n, i, any = 0;
	int by_date = 0;

	if (first == PMO_NODATE || last == PMO_NODATE || last < first)
		return;
	w = pmo_calendar_workdays(cal, &n);
	for (i = 0; i < n; i++)
		if (w[i].from >= first && w[i].from <= last && !((mask >> (pmo_date_weekday(w[i].from) - 1)) & 1u))
			by_date = 1;
	if (!by_date) {
		if (mask == 0x1f) {
			pmo_buf_puts(b, "    excludes weekends");
			any = 1;
		} else {
			for (i = 0; i < 7; i++)
				if (!((mask >> i) & 1u))
					pmo_buf_printf(b, "%s%s", any++ ? ", " : "    excludes ", names[i]);
		}
	}
	for (d = first; d <= last; d++) {
		char buf[11];
		if (pmo_calendar_is_workday(cal, d))
			continue;
		if (!by_date && !((mask >> (pmo_date_weekday(d) - 1)) & 1u))
			continue; /* a weekday off, named above */
		pmo_buf_printf(b, "%s%s", any++ ? ", " : "    excludes ", pmo_date_format(buf, d));
	}
	if (any)
		pmo_buf_putc(b, '\n');
}

static int render_mermaid(pmo_buf *b, const planctx *p, const pmo_schedule *s)
{
	const pmo_plan *plan = p->plan;
	size_t i;
	int in_summary = 0; /* the last section is a summary's */
	char d1[11], d2[11];

	const char *name = pmo_node_text(pmo_map_get(pmo_doc_root(p->project), "name"));

	pmo_buf_puts(b, "```mermaid\ngantt\n    title ");
	mermaid_text(b, name && *name ? name : p->key);
	pmo_buf_puts(b, "\n    dateFormat YYYY-MM-DD\n");
	mermaid_excludes(b, p->cal, s);
	for (i = 0; i < plan->n; i++) {
		const pmo_task *t = &plan->tasks[i];
		const pmo_task_schedule *r = &s->tasks[i];
		if (r->summary) {
			if (t->parent == PMO_PLAN_NONE) {
				pmo_buf_puts(b, "    section ");
				mermaid_text(b, mermaid_name(t));
				pmo_buf_putc(b, '\n');
				in_summary = 1;
			}
			continue;
		}
		if (t->parent == PMO_PLAN_NONE && in_summary) {
			/* a top-level task after a summary's children: a
			 * section of its own, named after the project */
			pmo_buf_puts(b, "    section ");
			mermaid_text(b, p->key);
			pmo_buf_putc(b, '\n');
			in_summary = 0;
		}
		pmo_buf_puts(b, "    ");
		mermaid_text(b, mermaid_name(t));
		pmo_buf_puts(b, " :");
		if (r->done)
			pmo_buf_puts(b, "done, ");
		else if (task_progress(p, i) > 0)
			pmo_buf_puts(b, "active, ");
		if (r->critical)
			pmo_buf_puts(b, "crit, ");
		if (r->milestone)
			pmo_buf_printf(b, "milestone, %s, %s, 0d\n", t->id, pmo_date_format(d1, r->finish));
		else /* mermaid's end date is exclusive */
			pmo_buf_printf(b, "%s, %s, %s\n", t->id, pmo_date_format(d1, r->start),
				       pmo_date_format(d2, r->finish + 1));
	}
	pmo_buf_puts(b, "```\n");
	return pmo_buf_oom(b);
}

/* --- schedule ------------------------------------------------------------------------------ */

static const pmo_option schedule_opts[] = {
	{ "gantt", 'g', NULL, "a Gantt chart in the terminal (one column per day or week)" },
	{ "format", 'f', "FORMAT", "table (default), json, csv, md or mermaid" },
	{ "as-of", 0, "DATE", "status date: progress and actual dates count (default today; none: the plan alone)" },
	PLAN_FORCE_OPT,
	{ NULL, 0, NULL, NULL },
};

static int cmd_schedule_run(pmo_ctx *ctx, int argc, char **argv)
{
	pmo_optval vals[5];
	int nargs;

	pmo_parse_options(argc, argv, schedule_opts, vals, &nargs, NULL);
	if (nargs)
		return pmo_die(2, "schedule takes no arguments, not \"%s\"", argv[0]);
	return show_table(ctx, VIEW_SCHEDULE, vals[1].value, vals[2].value, vals[0].value != NULL,
			  "table,json,csv,md,mermaid", NULL, 0, NULL, vals[3].value != NULL);
}

/* --- baseline set -------------------------------------------------------------------------- */

static const pmo_option baseline_opts[] = {
	{ "name", 'n', "NAME", "name of the baseline (default v<n>, the next number)" },
	{ "as-of", 0, "DATE", "status date of the dates frozen (default today; none: the plan alone)" },
	{ NULL, 0, NULL, NULL },
};

/* Baseline names: ASCII letters, digits, '.', '_', '-' and Chinese
 * characters (CJK ideographs), no spaces, and not a word YAML reads as a
 * number, boolean or null (the key would change type). */
static int check_baseline_name(const char *what, const char *name)
{
	const unsigned char *q = (const unsigned char *)name;
	size_t len = strlen(name);

	if (!*name)
		return pmo_die(2, "%s: a baseline needs a name", what);
	while (*q) {
		uint32_t cp;
		size_t n = pmo_utf8_decode((const char *)q, len - (size_t)(q - (const unsigned char *)name), &cp);
		if (!n || !((cp < 0x80 && (isalnum((int)cp) || cp == '.' || cp == '_' || cp == '-')) ||
			    (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
			    (cp >= 0x20000 && cp <= 0x2ebef)))
			return pmo_die(2, "%s: \"%s\" is not a baseline name: use letters A-Z or a-z, digits, '.', '_', '-' "
					  "or Chinese characters, without spaces (v1, 2027-Q1, 签字版)", what, name);
		q += n;
	}
	if (pmo_yaml_resolve(name, len) != PMO_TAG_STR)
		return pmo_die(2, "%s: \"%s\" is not a baseline name: a number, true, false or null would not stay a name in "
				  "plan.yaml; add a letter (v%s)", what, name, name);
	return 0;
}

static const pmo_baseline *find_baseline(const pmo_plan *plan, const char *name)
{
	size_t i;

	for (i = 0; i < plan->nbaselines; i++)
		if (!strcmp(plan->baselines[i].name, name))
			return &plan->baselines[i];
	return NULL;
}

static int baseline_set(pmo_ctx *ctx, int argc, char **argv)
{
	pmo_optval vals[3];
	planctx p;
	pmo_schedule *s = NULL;
	pmo_doc *doc = NULL;
	pmo_node *bl, *tasks;
	pmo_buf name = PMO_BUF_INIT, text = PMO_BUF_INIT, action = PMO_BUF_INIT;
	pmo_date as_of;
	char *msg = NULL, d[11];
	size_t i;
	int nargs, code, error = 0;

	memset(&p, 0, sizeof(p));
	pmo_parse_options(argc, argv, baseline_opts, vals, &nargs, NULL);
	if (nargs)
		return pmo_die(2, "baseline set takes no arguments, not \"%s\"", argv[0]);
	if ((code = as_of_date(&as_of, vals[1].value)))
		return code;
	if (vals[0].value && (code = check_baseline_name("--name", vals[0].value)))
		return code;
	if (pmo_repo_check_mutable(ctx->repo) < 0 || pmo_repo_lock(ctx->repo) < 0)
		return pmo_fail();
	if ((code = plan_read(&p, ctx, 0))) /* no --force: a baseline is kept */
		goto done;
	if (!p.doc || !p.plan->n) {
		code = pmo_die(1, "%s has no tasks to take a baseline of", p.display);
		goto done;
	}
	if (vals[0].value) {
		pmo_buf_puts(&name, vals[0].value);
	} else {
		/* the first free v<n>: after v1 and v3, v2 */
		size_t k;
		for (k = 1;; k++) {
			pmo_buf_clear(&name);
			pmo_buf_printf(&name, "v%zu", k);
			if (!find_baseline(p.plan, pmo_buf_cstr(&name)))
				break;
		}
	}
	for (i = 0; i < p.plan->nbaselines; i++)
		if (!strcmp(p.plan->baselines[i].name, name.ptr)) {
			code = pmo_die(1, "baseline %s exists already; choose another --name", name.ptr);
			goto done;
		}
	if ((code = plan_schedule(&s, &p, as_of)))
		goto done;
	if (pmo_doc_new(&doc) < 0 || !(bl = pmo_node_map(doc)) || !(tasks = pmo_node_map(doc))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	if (pmo_map_append(doc, bl, pmo_node_str(doc, "date"),
			   pmo_node_str(doc, pmo_date_format(d, pmo_date_today()))) < 0)
		error = PMO_ENOMEM;
	for (i = 0; i < p.plan->n && error >= 0; i++) {
		pmo_node *e = pmo_node_map(doc);
		if (!e || pmo_map_append(doc, e, pmo_node_str(doc, "start"),
					 pmo_node_str(doc, pmo_date_format(d, s->tasks[i].start))) < 0 ||
		    pmo_map_append(doc, e, pmo_node_str(doc, "finish"),
				   pmo_node_str(doc, pmo_date_format(d, s->tasks[i].finish))) < 0 ||
		    pmo_map_append(doc, tasks, pmo_node_str(doc, p.plan->tasks[i].id), e) < 0)
			error = PMO_ENOMEM;
	}
	if (error < 0 || pmo_map_append(doc, bl, pmo_node_str(doc, "tasks"), tasks) < 0) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	{
		const pmo_node *root = pmo_doc_root(p.doc);
		const pmo_node *existing = pmo_map_get(root, "baselines");
		if (existing && existing->kind == PMO_NODE_MAP && existing->n &&
		    existing->style == PMO_STYLE_BLOCK) {
			error = pmo_yaml_edit_map_set(&text, p.doc, existing, name.ptr, bl, NULL);
		} else {
			pmo_node *all = pmo_node_map(doc);
			if (!all || pmo_map_append(doc, all, pmo_node_str(doc, name.ptr), bl) < 0) {
				code = pmo_die(1, "out of memory");
				goto done;
			}
			error = pmo_yaml_edit_set(&text, p.doc, "baselines", all, "tasks");
		}
		if (error < 0) {
			code = pmo_fail();
			goto done;
		}
	}
	if ((code = pmo_begin_change(ctx, (const char *const[]){ p.path }, 1)))
		goto done;
	pmo_buf_printf(&action, "set %s (finish %s)", name.ptr, pmo_date_format(d, s->finish));
	if (!(msg = plan_message("baseline", p.key, name.ptr, pmo_buf_cstr(&action), "baseline set"))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	code = pmo_write_and_commit(ctx, p.path, text.ptr, text.len, msg);
done:
	pmo_schedule_free(s);
	pmo_doc_free(doc);
	pmo_buf_release(&name);
	pmo_buf_release(&text);
	pmo_buf_release(&action);
	free(msg);
	planctx_free(&p);
	return code;
}

/* --- baseline list / show / delete ------------------------------------------------------------ */

static const pmo_option baseline_list_opts[] = {
	{ "format", 'f', "FORMAT", "table (default), json, csv or md" },
	{ NULL, 0, NULL, NULL },
};

static pmo_date baseline_finish(const pmo_baseline *bl)
{
	pmo_date f = PMO_NODATE;
	size_t i;

	for (i = 0; i < bl->n; i++)
		if (bl->entries[i].finish != PMO_NODATE && (f == PMO_NODATE || bl->entries[i].finish > f))
			f = bl->entries[i].finish;
	return f;
}

/* A table in the format asked for (table, csv, md). */
static int emit_table(pmo_buf *out, pmo_ctx *ctx, const pmo_table *t, const char *format)
{
	if (!strcmp(format, "csv"))
		return pmo_table_csv(out, t);
	if (!strcmp(format, "md"))
		return pmo_table_md(out, t);
	{
		pmo_table_opts o = { ctx->width, ctx->color };
		return pmo_table_render(out, t, &o);
	}
}

static int baseline_list(pmo_ctx *ctx, int argc, char **argv)
{
	pmo_optval vals[2];
	planctx p;
	pmo_table *t = NULL;
	pmo_buf out = PMO_BUF_INIT;
	const char *format;
	size_t i;
	int nargs, code, csv;

	memset(&p, 0, sizeof(p));
	pmo_parse_options(argc, argv, baseline_list_opts, vals, &nargs, NULL);
	if (nargs)
		return pmo_die(2, "baseline list takes no arguments, not \"%s\"", argv[0]);
	if ((code = pmo_format(&format, ctx, vals[0].value, "table,json,csv,md", "table")) ||
	    (code = plan_open(&p, ctx)))
		goto done;
	csv = !strcmp(format, "csv");
	if (!strcmp(format, "json")) {
		pmo_buf_puts(&out, "{\n  \"version\": 1,\n  ");
		json_str(&out, "project", p.key, 0);
		pmo_buf_puts(&out, ",\n  \"baselines\": [");
		for (i = 0; i < p.plan->nbaselines; i++) {
			const pmo_baseline *bl = &p.plan->baselines[i];
			pmo_buf_puts(&out, i ? ",\n    {" : "\n    {");
			json_str(&out, "name", bl->name, 0);
			json_date(&out, "date", bl->date);
			pmo_buf_printf(&out, ", \"tasks\": %zu", bl->n);
			json_date(&out, "finish", baseline_finish(bl));
			pmo_buf_putc(&out, '}');
		}
		pmo_buf_puts(&out, p.plan->nbaselines ? "\n  ]\n}\n" : "]\n}\n");
	} else {
		static const char *const th[] = { "Name", "Date", "Tasks", "Finish" };
		static const char *const ch[] = { "name", "date", "tasks", "finish" };
		size_t c;
		if ((code = pmo_table_new(&t, 4)) < 0) {
			code = pmo_fail();
			goto done;
		}
		for (c = 0; c < 4; c++)
			pmo_table_header(t, c, csv ? ch[c] : th[c]);
		pmo_table_right(t, 2);
		for (i = 0; i < p.plan->nbaselines; i++) {
			const pmo_baseline *bl = &p.plan->baselines[i];
			char d1[11], d2[11], n[24];
			const char *cells[4];
			*put_long(n, (long)bl->n) = '\0';
			cells[0] = bl->name;
			cells[1] = date_str(d1, bl->date);
			cells[2] = n;
			cells[3] = date_str(d2, baseline_finish(bl));
			if (pmo_table_row(t, cells) < 0) {
				code = pmo_fail();
				goto done;
			}
		}
		if (!p.plan->nbaselines && !csv && strcmp(format, "md")) {
			pmo_buf_printf(&out, "no baselines in %s; take one with: pmo -p %s baseline set\n", p.display, p.key);
		} else if (emit_table(&out, ctx, t, format) < 0) {
			code = pmo_fail();
			goto done;
		}
	}
	code = pmo_emit(&out);
done:
	pmo_table_free(t);
	pmo_buf_release(&out);
	planctx_free(&p);
	return code;
}

static int baseline_show(pmo_ctx *ctx, int argc, char **argv)
{
	pmo_optval vals[2];
	planctx p;
	pmo_table *t = NULL;
	pmo_buf out = PMO_BUF_INIT;
	const pmo_baseline *bl;
	const char *format;
	size_t i;
	int nargs, code, csv;
	char d1[11], d2[11];

	memset(&p, 0, sizeof(p));
	pmo_parse_options(argc, argv, baseline_list_opts, vals, &nargs, NULL);
	if (nargs != 1)
		return pmo_die(2, "baseline show takes one baseline name; see 'pmo baseline list'");
	if ((code = pmo_format(&format, ctx, vals[0].value, "table,json,csv,md", "table")) ||
	    (code = plan_open(&p, ctx)))
		goto done;
	if (!(bl = find_baseline(p.plan, argv[0]))) {
		code = pmo_die(1, "no baseline %s in %s", argv[0], p.display);
		goto done;
	}
	csv = !strcmp(format, "csv");
	if (!strcmp(format, "json")) {
		pmo_buf_puts(&out, "{\n  \"version\": 1,\n  ");
		json_str(&out, "project", p.key, 0);
		json_str(&out, "name", bl->name, 1);
		json_date(&out, "date", bl->date);
		json_date(&out, "finish", baseline_finish(bl));
		pmo_buf_puts(&out, ",\n  \"tasks\": [");
		for (i = 0; i < bl->n; i++) {
			size_t ti = pmo_plan_find(p.plan, bl->entries[i].task);
			pmo_buf_puts(&out, i ? ",\n    {" : "\n    {");
			json_str(&out, "id", bl->entries[i].task, 0);
			json_str(&out, "title", ti != PMO_PLAN_NONE ? p.plan->tasks[ti].title : NULL, 1);
			json_date(&out, "start", bl->entries[i].start);
			json_date(&out, "finish", bl->entries[i].finish);
			pmo_buf_putc(&out, '}');
		}
		pmo_buf_puts(&out, bl->n ? "\n  ]\n}\n" : "]\n}\n");
	} else {
		static const char *const th[] = { "ID", "Title", "Start", "Finish" };
		static const char *const ch[] = { "id", "title", "start", "finish" };
		size_t c;
		if (pmo_table_new(&t, 4) < 0) {
			code = pmo_fail();
			goto done;
		}
		for (c = 0; c < 4; c++)
			pmo_table_header(t, c, csv ? ch[c] : th[c]);
		pmo_table_shrink(t, 1);
		for (i = 0; i < bl->n; i++) {
			size_t ti = pmo_plan_find(p.plan, bl->entries[i].task);
			const char *cells[4];
			cells[0] = bl->entries[i].task;
			/* a task deleted since the baseline keeps its dates */
			cells[1] = ti != PMO_PLAN_NONE && p.plan->tasks[ti].title ? p.plan->tasks[ti].title : "";
			cells[2] = date_str(d1, bl->entries[i].start);
			cells[3] = date_str(d2, bl->entries[i].finish);
			if (pmo_table_row(t, cells) < 0) {
				code = pmo_fail();
				goto done;
			}
		}
		if (!csv && strcmp(format, "md"))
			pmo_buf_printf(&out, "baseline %s/%s%s%s%s, finish %s\n\n", p.key, bl->name,
				       bl->date != PMO_NODATE ? " taken " : "", date_str(d1, bl->date), "",
				       baseline_finish(bl) != PMO_NODATE ? date_str(d2, baseline_finish(bl)) : "none");
		if (emit_table(&out, ctx, t, format) < 0) {
			code = pmo_fail();
			goto done;
		}
	}
	code = pmo_emit(&out);
done:
	pmo_table_free(t);
	pmo_buf_release(&out);
	planctx_free(&p);
	return code;
}

static int baseline_delete(pmo_ctx *ctx, int argc, char **argv)
{
	planctx p;
	pmo_buf text = PMO_BUF_INIT, action = PMO_BUF_INIT;
	const pmo_baseline *bl;
	const pmo_node *all;
	char *msg = NULL;
	int code, error;

	memset(&p, 0, sizeof(p));
	if (argc != 1 || argv[0][0] == '-')
		return pmo_die(2, "baseline delete takes one baseline name; see 'pmo baseline list'");
	if (pmo_repo_check_mutable(ctx->repo) < 0 || pmo_repo_lock(ctx->repo) < 0)
		return pmo_fail();
	if ((code = plan_open(&p, ctx)))
		goto done;
	if (!(bl = find_baseline(p.plan, argv[0]))) {
		code = pmo_die(1, "no baseline %s in %s", argv[0], p.display);
		goto done;
	}
	all = pmo_map_get(pmo_doc_root(p.doc), "baselines");
	error = all && all->kind == PMO_NODE_MAP && all->n > 1
			? pmo_yaml_edit_map_remove(&text, p.doc, all, bl->name)
			: pmo_yaml_edit_remove(&text, p.doc, "baselines");
	if (error < 0) {
		code = pmo_fail();
		goto done;
	}
	if ((code = pmo_begin_change(ctx, (const char *const[]){ p.path }, 1)))
		goto done;
	pmo_buf_printf(&action, "delete %s", bl->name);
	if (!(msg = plan_message("baseline", p.key, bl->name, pmo_buf_cstr(&action), "baseline delete"))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	code = pmo_write_and_commit(ctx, p.path, text.ptr, text.len, msg);
done:
	pmo_buf_release(&text);
	pmo_buf_release(&action);
	free(msg);
	planctx_free(&p);
	return code;
}

/* --- status -------------------------------------------------------------------------------- */

static const pmo_option status_opts[] = {
	{ "as-of", 0, "DATE", "status date (default today)" },
	{ "baseline", 'b', "NAME", "the baseline to compare with (default the last one)" },
	{ "format", 'f', "FORMAT", "text (default) or json" },
	PLAN_FORCE_OPT,
	{ NULL, 0, NULL, NULL },
};

static const pmo_baseline_entry *baseline_entry(const pmo_baseline *bl, const char *id)
{
	size_t i;

	for (i = 0; bl && i < bl->n; i++)
		if (!strcmp(bl->entries[i].task, id))
			return &bl->entries[i];
	return NULL;
}

/* Working days from a to b (negative when b is earlier). */
static long workdays_between(const pmo_calendar *cal, pmo_date a, pmo_date b)
{
	return pmo_calendar_index(cal, b + 1) - pmo_calendar_index(cal, a + 1);
}

/* Share of a baseline task planned done by the start of as_of. */
static double planned_share(const pmo_calendar *cal, const pmo_baseline_entry *e, pmo_date as_of)
{
	long total, done;

	if (!e || e->start == PMO_NODATE || e->finish == PMO_NODATE)
		return 0;
	if (as_of > e->finish)
		return 1;
	if (as_of <= e->start)
		return 0;
	total = pmo_calendar_count(cal, e->start, e->finish);
	done = pmo_calendar_count(cal, e->start, as_of - 1);
	return total > 0 ? (double)done / (double)total : 1;
}

static int cmd_status_run(pmo_ctx *ctx, int argc, char **argv)
{
	pmo_optval vals[5];
	planctx p;
	pmo_schedule *s = NULL;
	pmo_buf out = PMO_BUF_INIT, late = PMO_BUF_INIT, miles = PMO_BUF_INIT;
	const pmo_baseline *bl = NULL;
	const char *format;
	pmo_date as_of, bfinish = PMO_NODATE;
	double ev = 0, pv = 0, total = 0;
	size_t i, nlate = 0, nmiles = 0;
	int nargs, code, json;
	char d1[11], d2[11];

	memset(&p, 0, sizeof(p));
	pmo_parse_options(argc, argv, status_opts, vals, &nargs, NULL);
	if (nargs)
		return pmo_die(2, "status takes no arguments, not \"%s\"", argv[0]);
	if ((code = pmo_format(&format, ctx, vals[2].value, "text,table,json", "text")))
		return code;
	json = !strcmp(format, "json");
	if (vals[0].value && !strcmp(vals[0].value, "none"))
		return pmo_die(2, "--as-of: status needs a date");
	if ((code = as_of_date(&as_of, vals[0].value)) || (code = plan_read(&p, ctx, vals[3].value != NULL)))
		goto done;
	if (vals[1].value) {
		for (i = 0; i < p.plan->nbaselines; i++)
			if (!strcmp(p.plan->baselines[i].name, vals[1].value))
				bl = &p.plan->baselines[i];
		if (!bl) {
			code = pmo_die(1, "no baseline %s in %s", vals[1].value, p.display);
			goto done;
		}
	} else if (p.plan->nbaselines) {
		bl = &p.plan->baselines[p.plan->nbaselines - 1];
	}
	if ((code = plan_schedule(&s, &p, as_of)))
		goto done;
	for (i = 0; i < p.plan->n; i++) {
		const pmo_task *t = &p.plan->tasks[i];
		const pmo_task_schedule *r = &s->tasks[i];
		const pmo_baseline_entry *e = baseline_entry(bl, t->id);
		if (e && e->finish != PMO_NODATE && (bfinish == PMO_NODATE || e->finish > bfinish))
			bfinish = e->finish;
		if (r->summary)
			continue;
		total += (double)t->days;
		ev += (double)t->days * p.progress[i] / 100.0;
		pv += (double)t->days * planned_share(p.cal, e, as_of);
		if (!e || e->finish == PMO_NODATE || r->finish <= e->finish)
			continue;
		if (r->milestone) {
			if (json)
				pmo_buf_printf(&miles, "%s{\"id\": \"%s\", \"baseline\": \"%s\", \"forecast\": \"%s\", \"variance\": %ld}",
					       nmiles ? ", " : "", t->id, pmo_date_format(d1, e->finish),
					       pmo_date_format(d2, r->finish), workdays_between(p.cal, e->finish, r->finish));
			else
				pmo_buf_printf(&miles, "  %s  %s  %s → %s (+%ld working days)\n", t->id,
					       t->title ? t->title : "", pmo_date_format(d1, e->finish),
					       pmo_date_format(d2, r->finish), workdays_between(p.cal, e->finish, r->finish));
			nmiles++;
		} else {
			if (json)
				pmo_buf_printf(&late, "%s{\"id\": \"%s\", \"baseline_finish\": \"%s\", \"forecast_finish\": \"%s\", \"variance\": %ld, \"progress\": %d}",
					       nlate ? ", " : "", t->id, pmo_date_format(d1, e->finish),
					       pmo_date_format(d2, r->finish), workdays_between(p.cal, e->finish, r->finish),
					       task_progress(&p, i));
			else
				pmo_buf_printf(&late, "  %s  %s  finish %s → %s (+%ld working days), %d%% done\n", t->id,
					       t->title ? t->title : "", pmo_date_format(d1, e->finish),
					       pmo_date_format(d2, r->finish), workdays_between(p.cal, e->finish, r->finish),
					       task_progress(&p, i));
			nlate++;
		}
	}
	if (json) {
		pmo_buf_puts(&out, "{\n  \"version\": 1,\n  ");
		if (p.forced)
			pmo_buf_puts(&out, "\"forced\": true,\n  ");
		json_str(&out, "project", p.key, 0);
		json_date(&out, "as_of", as_of);
		json_str(&out, "baseline", bl ? bl->name : NULL, 1);
		json_date(&out, "finish", s->finish);
		json_date(&out, "baseline_finish", bfinish);
		if (bfinish != PMO_NODATE)
			pmo_buf_printf(&out, ", \"finish_variance\": %ld", workdays_between(p.cal, bfinish, s->finish));
		pmo_buf_printf(&out, ",\n  \"progress\": %.1f, \"planned_progress\": %.1f",
			       p.total_progress, total > 0 && bl ? 100.0 * pv / total : 0.0);
		if (bl && pv > 0)
			pmo_buf_printf(&out, ", \"spi\": %.2f", ev / pv);
		else
			pmo_buf_puts(&out, ", \"spi\": null");
		pmo_buf_printf(&out, ",\n  \"late_tasks\": [%s],\n  \"slipped_milestones\": [%s]\n}\n",
			       pmo_buf_cstr(&late), pmo_buf_cstr(&miles));
	} else {
		pmo_buf_printf(&out, "project %s as of %s", p.key, pmo_date_format(d1, as_of));
		if (bl)
			pmo_buf_printf(&out, ", against baseline %s%s%s%s\n", bl->name,
				       bl->date != PMO_NODATE ? " (" : "",
				       bl->date != PMO_NODATE ? pmo_date_format(d2, bl->date) : "",
				       bl->date != PMO_NODATE ? ")" : "");
		else
			pmo_buf_puts(&out, "; no baseline (set one with: pmo baseline set)\n");
		pmo_buf_printf(&out, "finish:    %s", pmo_date_format(d1, s->finish));
		if (bfinish != PMO_NODATE) {
			long v = workdays_between(p.cal, bfinish, s->finish);
			pmo_buf_printf(&out, " (baseline %s, %s%ld working days)", pmo_date_format(d2, bfinish),
				       v > 0 ? "+" : "", v);
		}
		pmo_buf_printf(&out, "\nprogress:  %.0f%%", p.total_progress);
		if (bl)
			pmo_buf_printf(&out, " (planned %.0f%%)", total > 0 ? 100.0 * pv / total : 0.0);
		if (bl && pv > 0)
			pmo_buf_printf(&out, "\nSPI:       %.2f\n", ev / pv);
		else if (bl)
			pmo_buf_puts(&out, "\nSPI:       n/a (nothing planned yet)\n");
		else
			pmo_buf_puts(&out, "\nSPI:       n/a (no baseline; pmo baseline set)\n");
		if (bl) {
			pmo_buf_printf(&out, "late tasks: %zu\n%s", nlate, pmo_buf_cstr(&late));
			pmo_buf_printf(&out, "slipped milestones: %zu\n%s", nmiles, pmo_buf_cstr(&miles));
		}
	}
	code = pmo_emit(&out);
done:
	pmo_schedule_free(s);
	pmo_buf_release(&out);
	pmo_buf_release(&late);
	pmo_buf_release(&miles);
	planctx_free(&p);
	return code;
}

/* --- export ---------------------------------------------------------------------------------- */

static const pmo_option export_opts[] = {
	{ "format", 'f', "FORMAT", "tjp (a TaskJuggler 3 project)" },
	{ "report", 0, "NAME", "add a CSV task report NAME.csv (id, start, end) to the project" },
	PLAN_FORCE_OPT,
	{ NULL, 0, NULL, NULL },
};

static int cmd_export_run(pmo_ctx *ctx, int argc, char **argv)
{
	pmo_optval vals[4];
	planctx p;
	pmo_buf out = PMO_BUF_INIT;
	pmo_tjp_options o;
	const char *format;
	size_t skipped = 0;
	int nargs, code;

	memset(&p, 0, sizeof(p));
	pmo_parse_options(argc, argv, export_opts, vals, &nargs, NULL);
	if (nargs)
		return pmo_die(2, "export takes no arguments, not \"%s\"", argv[0]);
	if (!vals[0].value && !ctx->format)
		return pmo_die(2, "export needs --format tjp");
	if ((code = pmo_format(&format, ctx, vals[0].value, "tjp", "tjp")) ||
	    (code = plan_read(&p, ctx, vals[2].value != NULL)))
		goto done;
	memset(&o, 0, sizeof(o));
	o.name = p.key;
	o.end = PMO_NODATE;
	o.report = vals[1].value;
	if (pmo_tjp_render(&out, p.plan, p.cal, p.start, &o, &skipped) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (skipped)
		pmo_warn("%zu dependenc%s cannot be expressed in TaskJuggler and %s written as comments",
			 skipped, skipped == 1 ? "y" : "ies", skipped == 1 ? "is" : "are");
	code = pmo_emit(&out);
done:
	pmo_buf_release(&out);
	planctx_free(&p);
	return code;
}

/* --- dispatch -------------------------------------------------------------------------------- */

static void field_help(FILE *f)
{
	pmo_model *model = NULL;
	pmo_schema *s;
	const pmo_node *props;
	size_t i;

	if (pmo_model_new(&model) < 0)
		return;
	s = pmo_model_schema(model, "plan");
	props = pmo_map_get(pmo_map_get(pmo_map_get(s ? pmo_schema_root(s) : NULL, "definitions"), "task"),
			    "properties");
	fputs("\nfields (schemas/plan.json):\n", f);
	for (i = 0; props && i < props->n; i++) {
		const char *d = pmo_node_text(pmo_map_get(props->pairs[i].value, "description"));
		fprintf(f, "  %-22s %s\n", props->pairs[i].key->str, d ? d : "");
	}
	fputs("lists are comma-separated: depends=T-1,T-2:ss+2d assignees=wang-li:50,zhao-min\n", f);
	fputs("duration and effort take units as lags do: 10 or 10d (working days), 2w (weeks of 5 working days),\n"
	      "16h (hours, 8 a working day); plan.yaml gets working days (duration=2w writes duration: 10,\n"
	      "effort=12h writes effort: 1.5); a hand-written 2w in plan.yaml is read the same\n", f);
	pmo_model_free(model);
}

/* task add and milestone add: the title rule, then the fields */
static void add_help(FILE *f)
{
	pmo_buf b = PMO_BUF_INIT;

	pmo_title_rule(&b, "task", "TITLE", "title");
	fputs(pmo_buf_cstr(&b), f);
	pmo_buf_release(&b);
	field_help(f);
}

static const pmo_verb task_verbs[] = {
	{ "add", task_add, "usage: pmo [-p KEY] task add TITLE [field=value…]\n", NULL,
	  "append a task T-<n> to projects/KEY/plan.yaml (created if absent); one commit", add_help },
	{ "set", task_set, "usage: pmo [-p KEY] task set ID field=value…\n", NULL,
	  "change fields of one task (field= removes one); only its lines change; one commit", field_help },
	{ "list", task_list,
	  "usage: pmo [-p KEY] task list [field=value…] [--sort [-]FIELD] [--format FORMAT] [--as-of DATE]\n", list_opts,
	  "the plan with computed dates, progress and slack; filters field=value, field!=value, start>=DATE (docs/plans.md)",
	  NULL },
	{ "show", task_show, "usage: pmo [-p KEY] task show ID [--as-of DATE] [--format text|json]\n", show_opts,
	  "one task's fields and its computed dates", NULL },
	{ "log", task_log, "usage: pmo [-p KEY] task log ID [--format text|json]\n", log_opts,
	  "the task's history from git: per commit of plan.yaml that changed it, the fields that changed", NULL },
};

static const pmo_verb milestone_verbs[] = {
	{ "add", milestone_add, "usage: pmo [-p KEY] milestone add TITLE [field=value…]\n", NULL,
	  "append a milestone (a task with milestone: true) to the plan; one commit", add_help },
};

static const pmo_verb baseline_verbs[] = {
	{ "set", baseline_set, "usage: pmo [-p KEY] baseline set [--name NAME] [--as-of DATE]\n", baseline_opts,
	  "freeze the computed start and finish of every task into plan.yaml `baselines`; one commit. NAME is "
	  "letters A-Z a-z, digits, '.', '_', '-' or Chinese characters, without spaces; default the first free v<n>", NULL },
	{ "list", baseline_list, "usage: pmo [-p KEY] baseline list [--format table|json|csv|md]\n", baseline_list_opts,
	  "the baselines of the plan: name, date taken, tasks and finish", NULL },
	{ "show", baseline_show, "usage: pmo [-p KEY] baseline show NAME [--format table|json|csv|md]\n", baseline_list_opts,
	  "one baseline's start and finish per task", NULL },
	{ "delete", baseline_delete, "usage: pmo [-p KEY] baseline delete NAME\n", NULL,
	  "remove a baseline from plan.yaml; one commit", NULL },
};

static const pmo_verb schedule_verb = {
	"schedule", cmd_schedule_run,
	"usage: pmo [-p KEY] schedule [--gantt] [--format table|json|csv|md|mermaid] [--as-of DATE]\n",
	schedule_opts,
	"critical-path schedule: ES/EF/LS/LF, total and free slack, the critical path, the project finish",
	NULL,
};

static const pmo_verb status_verb = {
	"status", cmd_status_run, "usage: pmo [-p KEY] status [--as-of DATE] [--baseline NAME] [--format text|json]\n",
	status_opts,
	"progress against the baseline: late tasks, slipped milestones, finish variance, SPI",
	NULL,
};

static const pmo_verb export_verb = {
	"export", cmd_export_run, "usage: pmo [-p KEY] export --format tjp [--report NAME]\n", export_opts,
	"the plan as a TaskJuggler 3 project on standard output",
	NULL,
};

int cmd_task(pmo_ctx *ctx, int argc, char **argv)
{
	return pmo_run_family(ctx, "task", "the tasks of a project's plan (projects/KEY/plan.yaml)", task_verbs,
		      sizeof(task_verbs) / sizeof(task_verbs[0]), argc, argv);
}

int cmd_milestone(pmo_ctx *ctx, int argc, char **argv)
{
	return pmo_run_family(ctx, "milestone", "milestones: zero-duration tasks of the plan", milestone_verbs,
		      sizeof(milestone_verbs) / sizeof(milestone_verbs[0]), argc, argv);
}

int cmd_baseline(pmo_ctx *ctx, int argc, char **argv)
{
	return pmo_run_family(ctx, "baseline", "frozen schedules to measure progress against", baseline_verbs,
		      sizeof(baseline_verbs) / sizeof(baseline_verbs[0]), argc, argv);
}

int cmd_schedule(pmo_ctx *ctx, int argc, char **argv)
{
	return pmo_run_verb(ctx, "schedule", &schedule_verb, argc - 1, argv + 1);
}

int cmd_status(pmo_ctx *ctx, int argc, char **argv)
{
	return pmo_run_verb(ctx, "status", &status_verb, argc - 1, argv + 1);
}

int cmd_export(pmo_ctx *ctx, int argc, char **argv)
{
	return pmo_run_verb(ctx, "export", &export_verb, argc - 1, argv + 1);
}
