/*
 * Baselines: pmo baseline set|list|show|delete.
 *
 *   pmo -p CBM baseline set [--name NAME]        freeze the computed dates
 *   pmo -p CBM baseline list|show NAME|delete NAME
 *
 * A baseline is the one place computed dates are stored: plan.yaml
 * `baselines`, NAME → date taken and each task's start and finish.
 */
#include "plan_internal.h"
#include "util/utf8.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* --- baseline set -------------------------------------------------------------------------- */

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
	const char *given = NULL, *as_of_given = NULL;
	const pmo_opt opts[] = {
		OPT_STRING('n', "name", &given, "NAME", "name of the baseline (default v<n>, the next number)"),
		OPT_STRING(0, "as-of", &as_of_given, "DATE", "status date of the dates frozen (default today; none: the plan alone)"),
		OPT_END(),
	};
	planctx p;
	pmo_schedule *s = NULL;
	pmo_doc *doc = NULL;
	pmo_node *bl, *tasks;
	pmo_buf name = PMO_BUF_INIT, text = PMO_BUF_INIT, action = PMO_BUF_INIT;
	pmo_date as_of;
	char *msg = NULL, d[11];
	size_t i;
	int code, error = 0;

	memset(&p, 0, sizeof(p));
	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	if (argc)
		return pmo_die(2, "baseline set takes no arguments, not \"%s\"", argv[0]);
	if ((code = plan_as_of(&as_of, as_of_given)))
		return code;
	if (given && (code = check_baseline_name("--name", given)))
		return code;
	if (pmo_repo_check_mutable(ctx->repo) < 0 || pmo_repo_lock(ctx->repo) < 0)
		return pmo_fail();
	if ((code = plan_read(&p, ctx, PLAN_NO_FORCE))) /* no --force: a baseline is kept */
		goto done;
	if (!p.doc || !p.plan->n) {
		code = pmo_die(1, "%s has no tasks to take a baseline of", p.display);
		goto done;
	}
	if (given) {
		pmo_buf_puts(&name, given);
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
	if ((code = plan_schedule(&s, &p, as_of)) || (code = plan_costs(&p)))
		goto done;
	if (pmo_doc_new(&doc) < 0 || !(bl = pmo_node_map(doc)) || !(tasks = pmo_node_map(doc))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	/* with a status date, the forecast holds the work done by then: each
	 * task's progress on that day is what was planned by it (as_of) */
	if (pmo_map_append(doc, bl, pmo_node_str(doc, "date"),
			   pmo_node_str(doc, pmo_date_format(d, pmo_date_today()))) < 0 ||
	    (as_of != PMO_NODATE && pmo_map_append(doc, bl, pmo_node_str(doc, "as_of"),
						   pmo_node_str(doc, pmo_date_format(d, as_of))) < 0))
		error = PMO_ENOMEM;
	for (i = 0; i < p.plan->n && error >= 0; i++) {
		pmo_node *e = pmo_node_map(doc);
		int pc = as_of != PMO_NODATE ? plan_task_progress(&p, i) : 0;
		char num[24], amount[PMO_MONEY_BUFSZ];
		*plan_put_long(num, pc) = '\0';
		if (!e || pmo_map_append(doc, e, pmo_node_str(doc, "start"),
					 pmo_node_str(doc, pmo_date_format(d, s->tasks[i].start))) < 0 ||
		    pmo_map_append(doc, e, pmo_node_str(doc, "finish"),
				   pmo_node_str(doc, pmo_date_format(d, s->tasks[i].finish))) < 0 ||
		    (pc > 0 && pmo_map_append(doc, e, pmo_node_str(doc, "progress"), pmo_node_scalar(doc, PMO_TAG_INT, num, strlen(num))) < 0) ||
		    (p.planned[i].minor &&
		     pmo_map_append(doc, e, pmo_node_str(doc, "cost"),
				    pmo_node_str(doc, pmo_money_format(amount, p.planned[i], &ctx->settings->money, 0))) < 0) ||
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
	pmo_buf_free(&name);
	pmo_buf_free(&text);
	pmo_buf_free(&action);
	free(msg);
	planctx_free(&p);
	return code;
}

/* --- baseline list / show / delete ------------------------------------------------------------ */

/* The option of baseline list and show (const char *v). */
#define BASELINE_FORMAT_OPT(v) OPT_STRING('f', "format", (v), "FORMAT", "table (default), json, csv or md")

static pmo_date baseline_finish(const pmo_baseline *bl)
{
	pmo_date f = PMO_NODATE;
	size_t i;

	for (i = 0; i < bl->n; i++)
		if (bl->entries[i].finish != PMO_NODATE && (f == PMO_NODATE || bl->entries[i].finish > f))
			f = bl->entries[i].finish;
	return f;
}

static int baseline_list(pmo_ctx *ctx, int argc, char **argv)
{
	const char *format = NULL;
	const pmo_opt opts[] = {
		BASELINE_FORMAT_OPT(&format),
		OPT_END(),
	};
	planctx p;
	pmo_table *t = NULL;
	pmo_buf out = PMO_BUF_INIT;
	size_t i;
	int code, csv;

	memset(&p, 0, sizeof(p));
	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	if (argc)
		return pmo_die(2, "baseline list takes no arguments, not \"%s\"", argv[0]);
	if ((code = pmo_format(&format, ctx, format, "table,json,csv,md", "table")) ||
	    (code = plan_open(&p, ctx)))
		goto done;
	csv = !strcmp(format, "csv");
	if (!strcmp(format, "json")) {
		pmo_buf_puts(&out, "{\n  \"version\": 1,\n  ");
		pmo_json_member(&out, "project", p.key, 0);
		pmo_buf_puts(&out, ",\n  \"baselines\": [");
		for (i = 0; i < p.plan->nbaselines; i++) {
			const pmo_baseline *bl = &p.plan->baselines[i];
			pmo_buf_puts(&out, i ? ",\n    {" : "\n    {");
			pmo_json_member(&out, "name", bl->name, 0);
			plan_json_date(&out, "date", bl->date);
			pmo_buf_printf(&out, ", \"tasks\": %zu", bl->n);
			plan_json_date(&out, "finish", baseline_finish(bl));
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
			*plan_put_long(n, (long)bl->n) = '\0';
			cells[0] = bl->name;
			cells[1] = plan_date_str(d1, bl->date);
			cells[2] = n;
			cells[3] = plan_date_str(d2, baseline_finish(bl));
			if (pmo_table_row(t, cells) < 0) {
				code = pmo_fail();
				goto done;
			}
		}
		if (!p.plan->nbaselines && !csv && strcmp(format, "md")) {
			pmo_buf_printf(&out, "no baselines in %s; take one with: pmo -p %s baseline set\n", p.display, p.key);
		} else if (pmo_emit_table(&out, ctx, t, format) < 0) {
			code = pmo_fail();
			goto done;
		}
	}
	code = pmo_emit(&out);
done:
	pmo_table_free(t);
	pmo_buf_free(&out);
	planctx_free(&p);
	return code;
}

static int baseline_show(pmo_ctx *ctx, int argc, char **argv)
{
	const char *format = NULL;
	const pmo_opt opts[] = {
		BASELINE_FORMAT_OPT(&format),
		OPT_END(),
	};
	planctx p;
	pmo_table *t = NULL;
	pmo_buf out = PMO_BUF_INIT;
	const pmo_baseline *bl;
	size_t i;
	int code, csv;
	char d1[11], d2[11];

	memset(&p, 0, sizeof(p));
	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	if (argc != 1)
		return pmo_die(2, "baseline show takes one baseline name; see 'pmo baseline list'");
	if ((code = pmo_format(&format, ctx, format, "table,json,csv,md", "table")) ||
	    (code = plan_open(&p, ctx)))
		goto done;
	if (!(bl = find_baseline(p.plan, argv[0]))) {
		code = pmo_die(1, "no baseline %s in %s", argv[0], p.display);
		goto done;
	}
	csv = !strcmp(format, "csv");
	if (!strcmp(format, "json")) {
		pmo_buf_puts(&out, "{\n  \"version\": 1,\n  ");
		pmo_json_member(&out, "project", p.key, 0);
		pmo_json_member(&out, "name", bl->name, 1);
		plan_json_date(&out, "date", bl->date);
		plan_json_date(&out, "finish", baseline_finish(bl));
		pmo_buf_puts(&out, ",\n  \"tasks\": [");
		for (i = 0; i < bl->n; i++) {
			size_t ti = pmo_plan_find(p.plan, bl->entries[i].task);
			pmo_buf_puts(&out, i ? ",\n    {" : "\n    {");
			pmo_json_member(&out, "id", bl->entries[i].task, 0);
			pmo_json_member(&out, "title", ti != PMO_PLAN_NONE ? p.plan->tasks[ti].title : NULL, 1);
			plan_json_date(&out, "start", bl->entries[i].start);
			plan_json_date(&out, "finish", bl->entries[i].finish);
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
			cells[2] = plan_date_str(d1, bl->entries[i].start);
			cells[3] = plan_date_str(d2, bl->entries[i].finish);
			if (pmo_table_row(t, cells) < 0) {
				code = pmo_fail();
				goto done;
			}
		}
		if (!csv && strcmp(format, "md"))
			pmo_buf_printf(&out, "baseline %s/%s%s%s%s, finish %s\n\n", p.key, bl->name,
				       bl->date != PMO_NODATE ? " taken " : "", plan_date_str(d1, bl->date), "",
				       baseline_finish(bl) != PMO_NODATE ? plan_date_str(d2, baseline_finish(bl)) : "none");
		if (pmo_emit_table(&out, ctx, t, format) < 0) {
			code = pmo_fail();
			goto done;
		}
	}
	code = pmo_emit(&out);
done:
	pmo_table_free(t);
	pmo_buf_free(&out);
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
	if ((code = pmo_parse(ctx, &argc, argv, NULL, NULL)) != PMO_GO)
		return code;
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
	pmo_buf_free(&text);
	pmo_buf_free(&action);
	free(msg);
	planctx_free(&p);
	return code;
}

static const pmo_verb baseline_verbs[] = {
	{ "set", baseline_set, "usage: pmo [-p KEY] baseline set [--name NAME] [--as-of DATE]\n",
	  "freeze the computed start and finish of every task into plan.yaml `baselines`; one commit. NAME is "
	  "letters A-Z a-z, digits, '.', '_', '-' or Chinese characters, without spaces; default the first free v<n>", NULL },
	{ "list", baseline_list, "usage: pmo [-p KEY] baseline list [--format table|json|csv|md]\n",
	  "the baselines of the plan: name, date taken, tasks and finish", NULL },
	{ "show", baseline_show, "usage: pmo [-p KEY] baseline show NAME [--format table|json|csv|md]\n",
	  "one baseline's start and finish per task", NULL },
	{ "delete", baseline_delete, "usage: pmo [-p KEY] baseline delete NAME\n",
	  "remove a baseline from plan.yaml; one commit", NULL },
};

const pmo_family pmo_baseline_verbs = {
	"baseline", "frozen schedules to measure progress against", baseline_verbs,
	sizeof(baseline_verbs) / sizeof(baseline_verbs[0]), 0, NULL, NULL,
};
