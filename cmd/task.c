/*
 * Tasks and milestones: pmo task add|set|list|show|log, pmo milestone add.
 *
 *   pmo -p CBM task add TITLE [field=value…]     append T-<n> to plan.yaml
 *   pmo -p CBM milestone add TITLE [field=value…] the same with milestone: true
 *   pmo -p CBM task set ID field=value…          minimal edit of that task
 *   pmo -p CBM task list|show                    with computed dates
 *   pmo -p CBM task log ID                       the task's history in fields
 *
 * A new or changed task is checked against the task schema and its
 * references (task_problems), and the new plan.yaml as pmo validate checks
 * it (plan_check_candidate), before anything is written; one commit each.
 */
#include "plan_internal.h"
#include "util/list.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --- task fields: typed by the task schema ---------------------------------- */

static const pmo_node *task_schema_props(pmo_ctx *ctx)
{
	pmo_schema *s = pmo_model_schema(ctx->model, "plan");
	const pmo_node *root = s ? pmo_schema_root(s) : NULL;

	return pmo_map_get(pmo_map_get(pmo_map_get(pmo_map_get(root, "definitions"), "task"), "properties"),
			   "id") ? pmo_map_get(pmo_map_get(pmo_map_get(root, "definitions"), "task"), "properties")
				 : NULL;
}

/* A field the task schema has not: as the schema says it, and git's "did
 * you mean". */
static int unknown_task_field(const pmo_node *props, const char *f)
{
	const char **names = calloc(props->n + 1, sizeof(*names));
	size_t i;
	int code;

	if (!names)
		return pmo_die(1, "out of memory");
	for (i = 0; i < props->n; i++)
		names[i] = props->pairs[i].key->str;
	code = plan_unknown_field(f, NULL, names, props->n);
	free(names);
	return code;
}

/* duration and effort: units as lags take them (10d, 2w, 16h); the file
 * gets working days. A number in any YAML form stays as the parser typed
 * it: the schema judges it (.inf is no JSON number). */
static int task_units(pmo_assign *a, pmo_doc *doc)
{
	double d;
	char num[32];
	int whole;

	if ((strcmp(a->field, "duration") && strcmp(a->field, "effort")) || !*a->value ||
	    pmo_yaml_resolve(a->value, strlen(a->value)) == PMO_TAG_INT ||
	    pmo_yaml_resolve(a->value, strlen(a->value)) == PMO_TAG_FLOAT)
		return 0;
	if (pmo_plan_parse_days(&d, a->value, strlen(a->value)) < 0)
		return pmo_die(2, "%s: %s", a->field, pmo_error_last()->message);
	whole = fabs(d - floor(d + 0.5)) < 1e-9;
	if (!whole && !strcmp(a->field, "duration"))
		return pmo_die(2, "duration: \"%s\" is %.10g working days; a duration is a whole number "
				  "of working days (effort may have decimals)", a->value, d);
	if (whole)
		snprintf(num, sizeof(num), "%ld", (long)floor(d + 0.5));
	else
		snprintf(num, sizeof(num), "%.10g", d);
	if (!(a->node = pmo_node_scalar(doc, whole ? PMO_TAG_INT : PMO_TAG_FLOAT, num, strlen(num))))
		return pmo_die(1, "out of memory");
	return 0;
}

/* Parse field=value arguments with the records' parser (lib/model: the
 * text check, values typed by the task schema, assignees=wang-li:50),
 * after refusing a field the task schema has not; milestone: true for
 * milestone add (over any milestone= given). */
static int task_assigns(pmo_assigns *out, pmo_ctx *ctx, char **argv, int argc, int milestone)
{
	static char is_milestone[] = "milestone=true";
	const pmo_node *props = task_schema_props(ctx);
	pmo_kind kind;
	char **args = NULL;
	size_t i, n = 0;
	int k, code = 0;

	memset(out, 0, sizeof(*out));
	if (!props)
		return pmo_die(1, "the plan schema has no task definition");
	for (k = 0; k < argc && !code; k++) {
		size_t len = pmo_assign_field_len(argv[k]);
		char *eq = strchr(argv[k], '='), keep;
		if (!len)
			return pmo_die(2, "expected field=value, not \"%s\"", argv[k]);
		keep = argv[k][len];
		argv[k][len] = '\0';
		if (eq[1] && !pmo_map_get(props, argv[k]))
			code = unknown_task_field(props, argv[k]);
		argv[k][len] = keep;
	}
	if (code)
		return code;
	if (!(args = calloc((size_t)argc + 1, sizeof(*args))))
		return pmo_die(1, "out of memory");
	for (k = 0; k < argc; k++)
		if (!milestone || strncmp(argv[k], "milestone=", 10))
			args[n++] = argv[k];
	if (milestone)
		args[n++] = is_milestone;
	memset(&kind, 0, sizeof(kind));
	kind.name = "task";
	kind.props = props;
	if (pmo_assigns_parse(out, &kind, args, n) < 0)
		code = pmo_fail();
	for (i = 0; !code && i < out->n; i++)
		code = task_units(&out->items[i], out->doc);
	free(args);
	return code;
}

/* The task mapping: id, title, then the fields in schema order (the old
 * task's fields, changed by t). Fields the schema does not know come last,
 * so that the schema reports them. */
static pmo_node *build_task(pmo_doc *doc, const pmo_node *props, const pmo_node *old,
			    const char *id, const char *title, const pmo_assigns *t)
{
	pmo_node *m = pmo_node_map(doc);
	size_t i;

	if (!m)
		return NULL;
	for (i = 0; i < props->n; i++) {
		const char *f = props->pairs[i].key->str;
		const pmo_assign *x = pmo_assigns_get(t, f);
		const pmo_node *v = x ? x->node : pmo_map_get(old, f);
		if (!strcmp(f, "id") && id)
			v = pmo_node_str(doc, id);
		else if (!strcmp(f, "title") && title)
			v = pmo_node_str(doc, title);
		if (v && pmo_map_append(doc, m, pmo_node_str(doc, f), (pmo_node *)v) < 0)
			return NULL;
	}
	for (i = 0; old && old->kind == PMO_NODE_MAP && i < old->n; i++)
		if (!pmo_map_get(props, old->pairs[i].key->str) && !pmo_assigns_get(t, old->pairs[i].key->str) &&
		    pmo_map_append(doc, m, old->pairs[i].key, old->pairs[i].value) < 0)
			return NULL;
	for (i = 0; i < t->n; i++)
		if (!pmo_map_get(props, t->items[i].field) && t->items[i].node &&
		    pmo_map_append(doc, m, pmo_node_str(doc, t->items[i].field), t->items[i].node) < 0)
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
	pmo_findings res = { 0 };
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
		const pmo_finding *f = &res.items[i];
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
				 pmo_record_active(&active, p->ctx->src, pmo_model_kind(p->ctx->model, "person"), h) == 0 && !active)
				/* one who has left is not assigned anew */
				pmo_buf_printf(out, "assignees: person \"%s\" is not active (active: false in %s); "
					       "name someone active\n", h, pmo_buf_cstr(&b));
		}
	}
	if (pmo_buf_oom(out) < 0 || pmo_buf_oom(&b) < 0)
		code = pmo_die(1, "out of memory");
done:
	pmo_findings_free(&res);
	pmo_buf_free(&b);
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
	pmo_buf_free(&now);
	pmo_buf_free(&before);
	return code;
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
	pmo_assigns t = { 0 };
	pmo_doc *doc = NULL;
	pmo_node *task;
	pmo_buf text = PMO_BUF_INIT, id = PMO_BUF_INIT, action = PMO_BUF_INIT, cmdname = PMO_BUF_INIT;
	char *msg = NULL;
	size_t i;
	long max = 0;
	int code;

	memset(&p, 0, sizeof(p));
	if ((code = pmo_parse(ctx, &argc, argv, NULL, NULL)) != PMO_GO)
		return code;
	if (!task_schema_props(ctx) ||
	    pmo_take_title(argc, argv, pmo_props_has_field, task_schema_props(ctx), "title") < 0)
		return pmo_die(2, "%s add needs a title: the first argument that is not field=value; "
			       "see 'pmo %s add -h'", what, what);
	if (pmo_text_check("title", argv[0]) < 0)
		return pmo_fail();
	if ((code = task_assigns(&t, ctx, argv + 1, argc - 1, milestone)))
		goto done;
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
	if (pmo_assigns_resolve(&t, NULL, NULL) < 0) {
		code = pmo_fail();
		goto done;
	}
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
	if ((code = plan_check_candidate(&p, text.ptr, text.len)))
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
	pmo_assigns_free(&t);
	pmo_doc_free(doc);
	pmo_buf_free(&text);
	pmo_buf_free(&id);
	pmo_buf_free(&action);
	pmo_buf_free(&cmdname);
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
	pmo_assigns t = { 0 };
	pmo_doc *doc = NULL, *cur = NULL;
	pmo_node *task;
	const pmo_node *props;
	pmo_buf text = PMO_BUF_INIT, action = PMO_BUF_INIT;
	char *msg = NULL;
	size_t ti, i;
	int code, k, changed = 0;

	memset(&p, 0, sizeof(p));
	if ((code = pmo_parse(ctx, &argc, argv, NULL, NULL)) != PMO_GO)
		return code;
	props = task_schema_props(ctx);
	if (argc < 2)
		return pmo_die(2, "task set needs a task and field=value; see 'pmo task set -h'");
	pmo_buf_puts(&action, "set ");
	for (k = 1; k < argc; k++)
		pmo_buf_printf(&action, "%s%s", k > 1 ? ", " : "", argv[k]);
	if ((code = task_assigns(&t, ctx, argv + 1, argc - 1, 0)))
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
	/* field+=, field-= and field.N.sub= build on the task's values */
	if (pmo_assigns_resolve(&t, NULL, p.plan->tasks[ti].node) < 0) {
		code = pmo_fail();
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
			const pmo_assign *x = &t.items[i];
			const pmo_node *m = pmo_map_get(pmo_doc_root(cur), "tasks")->items[item];
			const pmo_node *old = pmo_map_get(m, x->field);
			pmo_doc *again = NULL;
			int error;

			if ((x->node && old && pmo_node_equal(old, x->node)) || (!x->node && !old))
				continue;
			pmo_buf_clear(&text);
			error = x->node ? pmo_yaml_edit_map_put(&text, cur, m, x->field, x->node, props)
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
		if ((code = plan_check_candidate(&p, bytes, len)))
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
	pmo_assigns_free(&t);
	pmo_doc_free(doc);
	pmo_doc_free(cur);
	pmo_buf_free(&text);
	pmo_buf_free(&action);
	free(msg);
	return code;
}

/* --- task list (its tables: cmd/schedule.c) ------------------------------------ */

static int task_list(pmo_ctx *ctx, int argc, char **argv)
{
	const char *format = NULL, *as_of = NULL, *sort = NULL;
	int force = 0, code;
	const pmo_opt opts[] = {
		OPT_STRING('f', "format", &format, "FORMAT", "table (default), json, csv, yaml or md"),
		OPT_STRING(0, "as-of", &as_of, "DATE", "status date for progress (default today; none: the plan alone)"),
		OPT_STRING('s', "sort", &sort, "FIELD", "sort by FIELD, or -FIELD for descending order (several: a,-b)"),
		PLAN_FORCE_OPT(&force),
		OPT_END(),
	};

	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	return plan_show_table(ctx, VIEW_LIST, format, as_of, 0, "table,json,csv,yaml,md", argv, argc, sort, force);
}

/* --- task show --------------------------------------------------------------------- */

static int task_show(pmo_ctx *ctx, int argc, char **argv)
{
	const char *as_of_given = NULL, *format = NULL;
	int force = 0;
	const pmo_opt opts[] = {
		OPT_STRING(0, "as-of", &as_of_given, "DATE", "status date for progress (default today; none: the plan alone)"),
		OPT_STRING('f', "format", &format, "FORMAT", "text (default) or json"),
		PLAN_FORCE_OPT(&force),
		OPT_END(),
	};
	planctx p;
	pmo_schedule *s = NULL;
	pmo_buf out = PMO_BUF_INIT, yaml = PMO_BUF_INIT;
	pmo_date as_of;
	size_t ti;
	int code;
	char d1[11], d2[11];

	memset(&p, 0, sizeof(p));
	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	if ((code = pmo_format(&format, ctx, format, "text,json", "text")))
		return code;
	if (argc != 1)
		return pmo_die(2, "task show takes one task id, e.g. T-1");
	if ((code = plan_as_of(&as_of, as_of_given)) || (code = plan_read(&p, ctx, force)))
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
		pmo_json_member(&out, "project", p.key, 0);
		plan_json_date(&out, "as_of", as_of);
		pmo_buf_puts(&out, ",\n  \"task\": ");
		pmo_json_node(&out, p.plan->tasks[ti].node, 2, 1);
		pmo_buf_puts(&out, ",\n  \"computed\": {");
		pmo_json_member(&out, "start", r->start == PMO_NODATE ? NULL : pmo_date_format(d1, r->start), 0);
		plan_json_date(&out, "finish", r->finish);
		plan_json_date(&out, "late_start", r->late_start);
		plan_json_date(&out, "late_finish", r->late_finish);
		pmo_buf_printf(&out, ", \"total_slack\": %ld, \"free_slack\": %ld, \"critical\": %s, \"progress\": %d}\n}\n",
			       r->total_slack, r->free_slack, r->critical ? "true" : "false", plan_task_progress(&p, ti));
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
		pmo_buf_printf(&out, "start: %s\nfinish: %s\n", plan_date_str(d1, r->start), plan_date_str(d2, r->finish));
		pmo_buf_printf(&out, "late_start: %s\nlate_finish: %s\n", plan_date_str(d1, r->late_start),
			       plan_date_str(d2, r->late_finish));
		pmo_buf_printf(&out, "total_slack: %ld\nfree_slack: %ld\ncritical: %s\n", r->total_slack,
			       r->free_slack, r->critical ? "true" : "false");
	}
	code = pmo_emit(&out);
done:
	pmo_schedule_free(s);
	pmo_buf_free(&out);
	pmo_buf_free(&yaml);
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
	/* a shallow clone's boundary says nothing of before: cut, as risk log */
	const char *event = e->cut ? "cut" : !o && n ? "created" : o && !n ? "deleted" : "changed";
	size_t i;
	int error = 0;

	if ((!o && !n && !bad) || (o && n && pmo_node_equal(o, n)))
		goto done; /* another task's change */
	if (!bad && (error = pmo_record_diff(&ch, &st->kind, o, n)) < 0)
		goto done;
	if (!strcmp(st->format, "json")) {
		pmo_log_commit(st->out, e->commit, !st->count, 1);
		pmo_json_member(st->out, "event", event, 1);
		pmo_buf_puts(st->out, ", \"changes\": [");
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
		else if (strcmp(event, "changed") && !e->cut)
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
		if (e->cut)
			pmo_log_cut(st->out, e->commit);
	}
	st->count++;
done:
	pmo_changes_free(&ch);
	pmo_doc_free(od);
	pmo_doc_free(nd);
	return error;
}

static int task_log(pmo_ctx *ctx, int argc, char **argv)
{
	const char *format = NULL;
	const pmo_opt opts[] = {
		OPT_STRING('f', "format", &format, "FORMAT", "text (default) or json"),
		OPT_END(),
	};
	pmo_buf out = PMO_BUF_INIT, path = PMO_BUF_INIT;
	task_log_state st;
	const char *key;
	int code;

	memset(&st, 0, sizeof(st));
	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	if ((code = pmo_format(&st.format, ctx, format, "text,table,json", "text")))
		return code;
	if (argc != 1)
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
		pmo_buf_free(&name);
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
	pmo_buf_free(&out);
	pmo_buf_free(&path);
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
	pmo_buf_free(&b);
	field_help(f);
}

static const pmo_verb task_verbs[] = {
	{ "add", task_add, "usage: pmo [-p KEY] task add TITLE [field=value…]\n",
	  "append a task T-<n> to projects/KEY/plan.yaml (created if absent); one commit", add_help },
	{ "set", task_set, "usage: pmo [-p KEY] task set ID field=value…\n",
	  "change fields of one task (field= removes one); only its lines change; one commit", field_help },
	{ "list", task_list,
	  "usage: pmo [-p KEY] task list [field=value…] [--sort [-]FIELD] [--format FORMAT] [--as-of DATE]\n",
	  "the plan with computed dates, progress and slack; filters field=value, field!=value, start>=DATE (docs/plans.md)",
	  NULL },
	{ "show", task_show, "usage: pmo [-p KEY] task show ID [--as-of DATE] [--format text|json]\n",
	  "one task's fields and its computed dates", NULL },
	{ "log", task_log, "usage: pmo [-p KEY] task log ID [--format text|json]\n",
	  "the task's history from git: per commit of plan.yaml that changed it, the fields that changed", NULL },
};

static const pmo_verb milestone_verbs[] = {
	{ "add", milestone_add, "usage: pmo [-p KEY] milestone add TITLE [field=value…]\n",
	  "append a milestone (a task with milestone: true) to the plan; one commit", add_help },
};

const pmo_family pmo_task_verbs = {
	"task", "the tasks of a project's plan (projects/KEY/plan.yaml)", task_verbs,
	sizeof(task_verbs) / sizeof(task_verbs[0]), 0, NULL, NULL,
};

const pmo_family pmo_milestone_verbs = {
	"milestone", "milestones: zero-duration tasks of the plan", milestone_verbs,
	sizeof(milestone_verbs) / sizeof(milestone_verbs[0]), 0, NULL, NULL,
};
