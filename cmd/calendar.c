/*
 * The working calendar in pmo.yaml `calendar:` (schemas/calendar.json), and
 * a project's override in projects/<KEY>/project.yaml `calendar:`:
 *
 *   pmo calendar holiday DATE[..DATE] [NAME]   a day off or a range; one commit
 *   pmo calendar workday DATE… [NAME]          extra working days; one commit
 *   pmo calendar remove DATE[..DATE]           a holiday or workday goes; one commit
 *   pmo calendar show [YEAR]                   month grids with the days marked
 *
 * Without -p they work on pmo.yaml; with -p KEY given on the command line
 * (not the project folder one stands in) on the project's override, and
 * show the project's effective calendar: its weekdays if it names them,
 * the portfolio's holidays and workdays plus its own, its own entry winning
 * where a day is a holiday in one and a workday in the other. Writes are
 * minimal edits: the new entry is appended to its list and the rest of the
 * file stays as it was.
 */
#include "pmo.h"
#include "plan/plan.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

static const char *const weekday_keys[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

/* What the calendar commands work on. */
typedef struct {
	const char *key;     /* the project (-p), or NULL for pmo.yaml alone */
	pmo_buf path;        /* the file written: pmo.yaml or projects/KEY/project.yaml */
	pmo_doc *base;       /* pmo.yaml */
	pmo_doc *doc;        /* the file written (base without -p) */
	pmo_calendar *cal;   /* the effective calendar */
	pmo_calendar *own;   /* the written file's layer alone (NULL without -p) */
} calctx;

static void calctx_free(calctx *c)
{
	pmo_buf_free(&c->path);
	if (c->doc != c->base)
		pmo_doc_free(c->doc);
	pmo_doc_free(c->base);
	pmo_calendar_free(c->cal);
	pmo_calendar_free(c->own);
	memset(c, 0, sizeof(*c));
}

static int read_doc(pmo_doc **out, pmo_ctx *ctx, const char *path)
{
	pmo_buf b = PMO_BUF_INIT;
	int code = 0;

	if (pmo_source_read(&b, ctx->src, path, PMO_YAML_MAX_BYTES) < 0 ||
	    pmo_yaml_load(out, path, b.ptr ? b.ptr : "", b.len, NULL) < 0)
		code = pmo_fail();
	pmo_buf_free(&b);
	return code;
}

static const pmo_node *cal_node(const pmo_doc *doc)
{
	return pmo_map_get(pmo_doc_root(doc), "calendar");
}

/* The calendars as they are now (after the lock, for writes). */
static int calctx_load(calctx *c, pmo_ctx *ctx)
{
	int code;

	memset(c, 0, sizeof(*c));
	c->key = ctx->project_given; /* not the folder one stands in */
	if ((code = read_doc(&c->base, ctx, "pmo.yaml")))
		return code;
	if (!c->key) {
		pmo_buf_puts(&c->path, "pmo.yaml");
		c->doc = c->base;
		if (pmo_calendar_from_yaml(&c->cal, cal_node(c->base), "pmo.yaml", NULL, NULL) < 0)
			return pmo_fail();
		return pmo_buf_oom(&c->path) < 0 ? pmo_die(1, "out of memory") : 0;
	}
	if ((code = pmo_check_project(ctx, c->key)))
		return code;
	pmo_buf_printf(&c->path, "projects/%s/project.yaml", c->key);
	if (pmo_buf_oom(&c->path) < 0)
		return pmo_die(1, "out of memory");
	if ((code = read_doc(&c->doc, ctx, c->path.ptr)))
		return code;
	if (pmo_calendar_from_yaml(&c->cal, cal_node(c->base), "pmo.yaml", cal_node(c->doc), c->path.ptr) < 0 ||
	    pmo_calendar_from_yaml(&c->own, cal_node(c->doc), c->path.ptr, NULL, NULL) < 0)
		return pmo_fail();
	return 0;
}

static int parse_date(pmo_date *out, const char *s, size_t len)
{
	if (pmo_date_parse(out, s, len) < 0)
		return pmo_die(2, "\"%.*s\" is not a valid date (YYYY-MM-DD)", (int)len, s);
	return 0;
}

static const pmo_calendar_range *holiday_of(const pmo_calendar *cal, pmo_date d)
{
	size_t n, i;
	const pmo_calendar_range *h = pmo_calendar_holidays(cal, &n);

	for (i = 0; i < n; i++)
		if (d >= h[i].from && d <= h[i].until)
			return &h[i];
	return NULL;
}

static int is_holiday(const pmo_calendar *cal, pmo_date d, const char **name)
{
	const pmo_calendar_range *h = holiday_of(cal, d);
	if (h && name)
		*name = h->name;
	return h != NULL;
}

static int is_extra(const pmo_calendar *cal, pmo_date d, const char **name)
{
	size_t n, i;
	const pmo_calendar_range *w = pmo_calendar_workdays(cal, &n);

	for (i = 0; i < n; i++)
		if (d == w[i].from) {
			if (name)
				*name = w[i].name;
			return 1;
		}
	return 0;
}

/* The "properties" of a schema: the order of its keys in a file. */
static const pmo_node *schema_order(pmo_ctx *ctx, const char *name)
{
	pmo_schema *s = pmo_model_schema(ctx->model, name);
	return pmo_map_get(s ? pmo_schema_root(s) : NULL, "properties");
}

/* Append item to calendar.<list> of the document, with minimal edits; a
 * new key goes where the schema's order puts it. */
static int append_entries(pmo_buf *out, pmo_ctx *ctx, const calctx *c, const char *list,
			  pmo_doc *nd, pmo_node *const *items, size_t n)
{
	const pmo_doc *doc = c->doc;
	const char *path = c->path.ptr;
	const pmo_node *root = pmo_doc_root(doc);
	const pmo_node *cal = pmo_map_get(root, "calendar");
	const pmo_node *seq = pmo_map_get(cal, list);
	pmo_doc *cur = NULL, *again = NULL;
	pmo_buf b = PMO_BUF_INIT;
	size_t i, len;
	const char *src;
	int error = 0;

	src = pmo_doc_source(doc, &len);
	if ((error = pmo_yaml_load(&cur, path, src, len, NULL)) < 0)
		return error;
	for (i = 0; i < n; i++) {
		root = pmo_doc_root(cur);
		cal = pmo_map_get(root, "calendar");
		seq = pmo_map_get(cal, list);
		pmo_buf_clear(&b);
		if (seq && seq->kind == PMO_NODE_SEQ && seq->n && seq->style == PMO_STYLE_BLOCK) {
			error = pmo_yaml_edit_seq_append(&b, cur, seq, items[i]);
		} else {
			pmo_node *s = pmo_node_seq(nd);
			if (!s || (error = pmo_seq_append(nd, s, items[i])) < 0) {
				error = error < 0 ? error : PMO_ENOMEM;
				goto done;
			}
			if (cal && cal->kind == PMO_NODE_MAP && (cal->n || cal->style == PMO_STYLE_BLOCK)) {
				error = pmo_yaml_edit_map_put(&b, cur, cal, list, s,
							      schema_order(ctx, "calendar"));
			} else {
				pmo_node *m = pmo_node_map(nd);
				if (!m || (error = pmo_map_append(nd, m, pmo_node_str(nd, list), s)) < 0) {
					error = error < 0 ? error : PMO_ENOMEM;
					goto done;
				}
				error = pmo_yaml_edit_map_put(&b, cur, NULL, "calendar", m,
							      schema_order(ctx, c->key ? "project" : "pmo"));
			}
		}
		if (error < 0 || (error = pmo_yaml_load(&again, path, b.ptr, b.len, NULL)) < 0)
			goto done;
		pmo_doc_free(cur);
		cur = again;
		again = NULL;
	}
	src = pmo_doc_source(cur, &len);
	error = pmo_buf_put(out, src, len);
done:
	pmo_buf_free(&b);
	pmo_doc_free(cur);
	pmo_doc_free(again);
	return error;
}

/* Check the new file (schema and calendar, layered on pmo.yaml for a
 * project) before it is written. */
static int check_settings(pmo_ctx *ctx, const calctx *c, const pmo_buf *text)
{
	pmo_doc *doc = NULL;
	pmo_calendar *cal = NULL;
	pmo_findings res = { 0 };
	const char *path = c->path.ptr;
	int code = 0;

	if (pmo_yaml_load(&doc, path, text->ptr, text->len, NULL) < 0 ||
	    pmo_schema_validate(&res, pmo_model_schema(ctx->model, c->key ? "project" : "pmo"),
				pmo_doc_root(doc)) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (res.n) {
		code = pmo_die(1, "%s would not be valid: %s: %s", path, res.items[0].location, res.items[0].message);
		goto done;
	}
	if (c->key ? pmo_calendar_from_yaml(&cal, cal_node(c->base), "pmo.yaml", cal_node(doc), path) < 0
		   : pmo_calendar_from_yaml(&cal, cal_node(doc), path, NULL, NULL) < 0)
		code = pmo_fail();
done:
	pmo_findings_free(&res);
	pmo_calendar_free(cal);
	pmo_doc_free(doc);
	return code;
}

static int commit_settings(pmo_ctx *ctx, const calctx *c, const pmo_buf *text, const char *action,
			   const char *verbname)
{
	pmo_buf msg = PMO_BUF_INIT;
	const char *path = c->path.ptr;
	int code;

	if ((code = check_settings(ctx, c, text)))
		return code;
	if ((code = pmo_begin_change(ctx, &path, 1)))
		return code;
	if (c->key)
		pmo_buf_printf(&msg, "calendar %s: %s\n\nPmo-Command: calendar %s\nPmo-Record: %s/calendar\n",
			       c->key, action, verbname, c->key);
	else
		pmo_buf_printf(&msg, "calendar: %s\n\nPmo-Command: calendar %s\nPmo-Record: calendar\n", action,
			       verbname);
	code = pmo_buf_oom(&msg) < 0 ? pmo_die(1, "out of memory")
				      : pmo_write_and_commit(ctx, path, text->ptr, text->len, msg.ptr);
	pmo_buf_free(&msg);
	return code;
}

/* --- holiday --------------------------------------------------------------- */

static int verb_holiday(pmo_ctx *ctx, int argc, char **argv)
{
	calctx c;
	pmo_doc *nd = NULL;
	pmo_buf text = PMO_BUF_INIT, action = PMO_BUF_INIT;
	pmo_node *item;
	const pmo_calendar_range *h;
	const char *dots, *name;
	pmo_date from, until, d;
	char d1[11], d2[11], d3[11];
	int code;

	memset(&c, 0, sizeof(c));
	if ((code = pmo_parse(ctx, &argc, argv, NULL, NULL)) != PMO_GO)
		return code;
	name = argc > 1 ? argv[1] : NULL;
	if (argc < 1 || argc > 2)
		return pmo_die(2, "calendar holiday takes DATE or DATE..DATE and an optional name; see 'pmo calendar holiday -h'");
	dots = strstr(argv[0], "..");
	if ((code = parse_date(&from, argv[0], dots ? (size_t)(dots - argv[0]) : strlen(argv[0]))))
		return code;
	until = from;
	if (dots && (code = parse_date(&until, dots + 2, strlen(dots + 2))))
		return code;
	if (until < from)
		return pmo_die(2, "%s: the range ends before it begins", argv[0]);
	if (name && !*name)
		name = NULL;
	if (pmo_repo_check_mutable(ctx->repo) < 0 || pmo_repo_lock(ctx->repo) < 0)
		return pmo_fail();
	if ((code = calctx_load(&c, ctx)))
		goto done;
	for (d = from; d <= until; d++) {
		if ((h = holiday_of(c.cal, d))) {
			pmo_date_format(d1, d);
			pmo_date_format(d2, h->from);
			if (h->from == h->until)
				code = pmo_die(2, "%s is already a holiday: %s%s%s", d1, h->name ? h->name : "",
					       h->name ? " " : "", d2);
			else
				code = pmo_die(2, "%s is already a holiday: %s%s%s..%s", d1, h->name ? h->name : "",
					       h->name ? " " : "", d2, pmo_date_format(d3, h->until));
			goto done;
		}
		/* the project's own entry wins over the portfolio's workday */
		if (is_extra(c.own ? c.own : c.cal, d, NULL)) {
			code = pmo_die(2, "%s is an extra workday in %s; a day cannot be both a holiday and a workday",
				       pmo_date_format(d1, d), c.path.ptr);
			goto done;
		}
	}
	if (pmo_doc_new(&nd) < 0) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	pmo_date_format(d1, from);
	pmo_date_format(d2, until);
	if (until == from && !name) {
		item = pmo_node_str(nd, d1);
	} else {
		item = pmo_node_map(nd);
		if (item && pmo_map_append(nd, item, pmo_node_str(nd, "date"), pmo_node_str(nd, d1)) < 0)
			item = NULL;
		if (item && until != from &&
		    pmo_map_append(nd, item, pmo_node_str(nd, "until"), pmo_node_str(nd, d2)) < 0)
			item = NULL;
		if (item && name && pmo_map_append(nd, item, pmo_node_str(nd, "name"), pmo_node_str(nd, name)) < 0)
			item = NULL;
	}
	if (!item) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	if (append_entries(&text, ctx, &c, "holidays", nd, &item, 1) < 0) {
		code = pmo_fail();
		goto done;
	}
	pmo_buf_printf(&action, "holiday %s%s%s%s%s", d1, until != from ? ".." : "", until != from ? d2 : "",
		       name ? " " : "", name ? name : "");
	code = commit_settings(ctx, &c, &text, pmo_buf_cstr(&action), "holiday");
done:
	calctx_free(&c);
	pmo_doc_free(nd);
	pmo_buf_free(&text);
	pmo_buf_free(&action);
	return code;
}

/* --- workday ----------------------------------------------------------------- */

/* Digits, '-', digits, '-', digits: meant as a date (and checked as one),
 * so that a mistyped date is not taken for a name. */
static int date_shaped(const char *s)
{
	int part;

	for (part = 0; part < 3; part++) {
		if (part && *s++ != '-')
			return 0;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return !*s;
}

static int verb_workday(pmo_ctx *ctx, int argc, char **argv)
{
	calctx c;
	pmo_doc *nd = NULL;
	pmo_buf text = PMO_BUF_INIT, action = PMO_BUF_INIT;
	pmo_node **items = NULL;
	pmo_date *days = NULL;
	const char *name = NULL;
	char d1[11];
	int code = 0, i, j;

	memset(&c, 0, sizeof(c));
	if ((code = pmo_parse(ctx, &argc, argv, NULL, NULL)) != PMO_GO)
		return code;
	code = 0;
	if (argc < 1)
		return pmo_die(2, "calendar workday takes one or more dates; see 'pmo calendar workday -h'");
	/* the last argument is the name (the schema's `name`) when it is not a date */
	if (argc > 1 && !date_shaped(argv[argc - 1])) {
		name = *argv[argc - 1] ? argv[argc - 1] : NULL;
		argc--;
	}
	if (!(days = calloc((size_t)argc, sizeof(*days))) || !(items = calloc((size_t)argc, sizeof(*items)))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	for (i = 0; i < argc; i++) {
		if ((code = parse_date(&days[i], argv[i], strlen(argv[i]))))
			goto done;
		for (j = 0; j < i; j++)
			if (days[j] == days[i]) {
				code = pmo_die(2, "%s is given twice", argv[i]);
				goto done;
			}
	}
	if (pmo_repo_check_mutable(ctx->repo) < 0 || pmo_repo_lock(ctx->repo) < 0) {
		code = pmo_fail();
		goto done;
	}
	if ((code = calctx_load(&c, ctx)) || pmo_doc_new(&nd) < 0) {
		code = code ? code : pmo_die(1, "out of memory");
		goto done;
	}
	for (i = 0; i < argc; i++) {
		unsigned wd = (unsigned)pmo_date_weekday(days[i]) - 1;
		pmo_date_format(d1, days[i]);
		/* a portfolio holiday may be worked in a project */
		if (is_holiday(c.own ? c.own : c.cal, days[i], NULL)) {
			code = pmo_die(2, "%s is a holiday in %s; a day cannot be both a holiday and a workday", d1,
				       c.path.ptr);
			goto done;
		}
		if (is_extra(c.cal, days[i], NULL)) {
			code = pmo_die(2, "%s is an extra workday already", d1);
			goto done;
		}
		if (pmo_calendar_is_workday(c.cal, days[i])) {
			code = pmo_die(2, "%s is a %s, a working weekday already; extra workdays are days off made working days",
				       d1, weekday_keys[wd]);
			goto done;
		}
		if (!name) {
			items[i] = pmo_node_str(nd, d1);
		} else if ((items[i] = pmo_node_map(nd)) &&
			   (pmo_map_append(nd, items[i], pmo_node_str(nd, "date"), pmo_node_str(nd, d1)) < 0 ||
			    pmo_map_append(nd, items[i], pmo_node_str(nd, "name"), pmo_node_str(nd, name)) < 0)) {
			items[i] = NULL;
		}
		if (!items[i]) {
			code = pmo_die(1, "out of memory");
			goto done;
		}
		pmo_buf_printf(&action, "%s%s", i ? " " : "workday ", d1);
	}
	if (name)
		pmo_buf_printf(&action, " %s", name);
	if (append_entries(&text, ctx, &c, "workdays", nd, items, (size_t)argc) < 0) {
		code = pmo_fail();
		goto done;
	}
	code = commit_settings(ctx, &c, &text, pmo_buf_cstr(&action), "workday");
done:
	free(days);
	free(items);
	calctx_free(&c);
	pmo_doc_free(nd);
	pmo_buf_free(&text);
	pmo_buf_free(&action);
	return code;
}

/* --- remove ------------------------------------------------------------------- */

static void describe_range(pmo_buf *b, const char *what, const pmo_calendar_range *r)
{
	char d1[11], d2[11];

	pmo_buf_printf(b, "%s %s%s%s", what, pmo_date_format(d1, r->from), r->until != r->from ? ".." : "",
		       r->until != r->from ? pmo_date_format(d2, r->until) : "");
	if (r->name)
		pmo_buf_printf(b, " %s", r->name);
}

/* The date (or from) of an entry of calendar.holidays / workdays. */
static pmo_date entry_date(const pmo_node *item, const char *key)
{
	const pmo_node *v = item && item->kind == PMO_NODE_MAP ? pmo_map_get(item, key) : (!strcmp(key, "date") ? item : NULL);
	const char *s = pmo_node_text(v);
	pmo_date d;

	if (!s || pmo_date_parse(&d, s, strlen(s)) < 0) {
		pmo_error_clear();
		return PMO_NODATE;
	}
	return d;
}

static int verb_remove(pmo_ctx *ctx, int argc, char **argv)
{
	calctx c;
	pmo_buf text = PMO_BUF_INIT, action = PMO_BUF_INIT;
	const pmo_node *cal, *seq = NULL;
	const pmo_calendar_range *r = NULL;
	const char *dots, *list = NULL;
	pmo_date from, until;
	size_t i, at = 0, n;
	char d1[11];
	int code, error;

	memset(&c, 0, sizeof(c));
	if ((code = pmo_parse(ctx, &argc, argv, NULL, NULL)) != PMO_GO)
		return code;
	if (argc != 1)
		return pmo_die(2, "calendar remove takes one DATE (or the DATE..DATE of a holiday); see 'pmo calendar remove -h'");
	dots = strstr(argv[0], "..");
	if ((code = parse_date(&from, argv[0], dots ? (size_t)(dots - argv[0]) : strlen(argv[0]))))
		return code;
	until = PMO_NODATE; /* a holiday is named by its first day, or its range */
	if (dots && (code = parse_date(&until, dots + 2, strlen(dots + 2))))
		return code;
	if (pmo_repo_check_mutable(ctx->repo) < 0 || pmo_repo_lock(ctx->repo) < 0)
		return pmo_fail();
	if ((code = calctx_load(&c, ctx)))
		goto done;
	pmo_date_format(d1, from);
	{
		/* the entry of the written file's own layer */
		const pmo_calendar *own = c.own ? c.own : c.cal;
		const pmo_calendar_range *h = pmo_calendar_holidays(own, &n);
		for (i = 0; i < n && !r; i++)
			if (from >= h[i].from && from <= h[i].until)
				r = &h[i], list = "holidays";
		h = pmo_calendar_workdays(own, &n);
		for (i = 0; i < n && !r; i++)
			if (from == h[i].from)
				r = &h[i], list = "workdays";
	}
	if (!r) {
		if (c.key && (is_holiday(c.cal, from, NULL) || is_extra(c.cal, from, NULL)))
			code = pmo_die(1, "%s is %s of pmo.yaml, not of %s; the project can override it: pmo -p %s calendar %s %s",
				       d1, is_holiday(c.cal, from, NULL) ? "a holiday" : "an extra workday", c.path.ptr,
				       c.key, is_holiday(c.cal, from, NULL) ? "workday" : "holiday", d1);
		else
			code = pmo_die(1, "%s is neither a holiday nor an extra workday in %s", d1, c.path.ptr);
		goto done;
	}
	if (from != r->from || (until != PMO_NODATE && until != r->until)) {
		char d2[11];
		describe_range(&action, "the holiday", r);
		code = pmo_die(2, "%s is inside %s; a holiday is removed whole: pmo %s%s%scalendar remove %s..%s", argv[0],
			       pmo_buf_cstr(&action), c.key ? "-p " : "", c.key ? c.key : "", c.key ? " " : "",
			       pmo_date_format(d1, r->from), pmo_date_format(d2, r->until));
		goto done;
	}
	/* find the item in the file: the first whose date (and until) match */
	cal = cal_node(c.doc);
	seq = pmo_map_get(cal, list);
	for (at = 0; seq && seq->kind == PMO_NODE_SEQ && at < seq->n; at++) {
		pmo_date f = entry_date(seq->items[at], "date"), u = entry_date(seq->items[at], "until");
		if (f == r->from && (u == PMO_NODATE ? f : u) == r->until)
			break;
	}
	if (!seq || seq->kind != PMO_NODE_SEQ || at == seq->n) {
		code = pmo_die(1, "%s: no entry for %s under calendar.%s", c.path.ptr, d1, list);
		goto done;
	}
	if (seq->n > 1)
		error = pmo_yaml_edit_seq_remove(&text, c.doc, seq, at);
	else if (cal->n > 1)
		error = pmo_yaml_edit_map_remove(&text, c.doc, cal, list);
	else
		error = pmo_yaml_edit_remove(&text, c.doc, "calendar");
	if (error < 0) {
		code = pmo_fail();
		goto done;
	}
	pmo_buf_clear(&action);
	describe_range(&action, !strcmp(list, "holidays") ? "remove holiday" : "remove workday", r);
	code = commit_settings(ctx, &c, &text, pmo_buf_cstr(&action), "remove");
done:
	calctx_free(&c);
	pmo_buf_free(&text);
	pmo_buf_free(&action);
	return code;
}

/* --- show ---------------------------------------------------------------------- */

#define CELL 3              /* "dd" and a mark */
#define MONTH_W (7 * CELL)  /* one month's width */

static void center(pmo_buf *b, const char *s, size_t w)
{
	size_t sw = pmo_utf8_width(s, strlen(s)), left = sw < w ? (w - sw) / 2 : 0;

	pmo_buf_pad(b, ' ', left);
	pmo_buf_puts(b, s);
	pmo_buf_pad(b, ' ', sw + left < w ? w - sw - left : 0);
}

/* Line `row` (0: title, 1: weekday names, 2…7: weeks) of a month. */
static void month_line(pmo_buf *b, const pmo_calendar *cal, int y, int m, int row)
{
	static const char *const names = "一 二 三 四 五 六 日 ";
	pmo_date first = pmo_date_from_ymd(y, m, 1);
	int lead = pmo_date_weekday(first) - 1, days = pmo_date_days_in_month(y, m), c;

	if (row == 0) {
		pmo_buf t = PMO_BUF_INIT;
		pmo_buf_printf(&t, "%d年%d月", y, m);
		center(b, pmo_buf_cstr(&t), MONTH_W);
		pmo_buf_free(&t);
		return;
	}
	if (row == 1) {
		pmo_buf_puts(b, names);
		return;
	}
	for (c = 0; c < 7; c++) {
		int day = (row - 2) * 7 + c - lead + 1;
		pmo_date d = first + day - 1;
		if (day < 1 || day > days) {
			pmo_buf_pad(b, ' ', CELL);
			continue;
		}
		pmo_buf_printf(b, "%2d", day);
		if (is_holiday(cal, d, NULL))
			pmo_buf_putc(b, '*');
		else if (is_extra(cal, d, NULL) && !((pmo_calendar_weekdays(cal) >> c) & 1u))
			pmo_buf_putc(b, '+');
		else if (!pmo_calendar_is_workday(cal, d))
			pmo_buf_putc(b, '-');
		else
			pmo_buf_putc(b, ' ');
	}
}

/* The year's calendar for programs: the working weekdays, and the holidays
 * and extra workdays that touch the year, as show lists them. */
static void show_json(pmo_buf *out, const calctx *cc, int y)
{
	const pmo_calendar_range *h;
	size_t i, n, k = 0;
	int d;
	char d1[11], d2[11];

	pmo_buf_printf(out, "{\n  \"version\": 1,\n  \"year\": %d,\n  \"project\": ", y);
	pmo_json_cstr(out, cc->key);
	pmo_buf_puts(out, ",\n  \"weekdays\": [");
	for (d = 0; d < 7; d++)
		if ((pmo_calendar_weekdays(cc->cal) >> d) & 1u) {
			pmo_buf_puts(out, k++ ? ", " : "");
			pmo_json_cstr(out, weekday_keys[d]);
		}
	pmo_buf_puts(out, "],\n  \"holidays\": [");
	h = pmo_calendar_holidays(cc->cal, &n);
	for (i = 0, k = 0; i < n; i++) {
		int fy, uy, m, dd;
		pmo_date_to_ymd(h[i].from, &fy, &m, &dd);
		pmo_date_to_ymd(h[i].until, &uy, &m, &dd);
		if (fy != y && uy != y)
			continue;
		pmo_buf_puts(out, k++ ? ",\n    {" : "\n    {");
		pmo_json_member(out, "from", pmo_date_format(d1, h[i].from), 0);
		pmo_json_member(out, "until", pmo_date_format(d2, h[i].until), 1);
		pmo_json_member(out, "name", h[i].name, 1);
		pmo_buf_putc(out, '}');
	}
	pmo_buf_puts(out, k ? "\n  ],\n  \"workdays\": [" : "],\n  \"workdays\": [");
	h = pmo_calendar_workdays(cc->cal, &n);
	for (i = 0, k = 0; i < n; i++) {
		int fy, m, dd;
		pmo_date_to_ymd(h[i].from, &fy, &m, &dd);
		if (fy != y)
			continue;
		pmo_buf_puts(out, k++ ? ",\n    {" : "\n    {");
		pmo_json_member(out, "date", pmo_date_format(d1, h[i].from), 0);
		pmo_json_member(out, "name", h[i].name, 1);
		pmo_buf_putc(out, '}');
	}
	pmo_buf_puts(out, k ? "\n  ]\n}\n" : "]\n}\n");
}

static int verb_show(pmo_ctx *ctx, int argc, char **argv)
{
	calctx cc;
	pmo_calendar *cal;
	pmo_buf out = PMO_BUF_INIT;
	long year;
	char *end = NULL;
	int code, q, row, k, y;
	size_t i, n;
	char d1[11], d2[11];
	const char *format = NULL;
	const pmo_opt opts[] = {
		OPT_STRING('f', "format", &format, "FORMAT", "text (default) or json"),
		OPT_END(),
	};

	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	if ((code = pmo_format(&format, ctx, format, "text,json", "text")))
		return code;
	if (argc > 1)
		return pmo_die(2, "calendar show takes one year");
	if (argc == 1) {
		year = strtol(argv[0], &end, 10);
		if (!*argv[0] || *end || year < 1900 || year > 9999)
			return pmo_die(2, "\"%s\" is not a year (1900..9999)", argv[0]);
	} else {
		pmo_date_to_ymd(pmo_date_today(), &y, &k, &q);
		year = y;
	}
	y = (int)year;
	if ((code = calctx_load(&cc, ctx)))
		goto done;
	if (!strcmp(format, "json")) {
		show_json(&out, &cc, y);
		code = pmo_emit(&out);
		goto done;
	}
	cal = cc.cal;
	if (cc.key)
		pmo_buf_printf(&out, "project %s: the calendar of pmo.yaml %s %s\n\n", cc.key,
			       cal_node(cc.doc) ? "with the override in" : "(no override in", cc.path.ptr);
	for (q = 0; q < 4; q++) {
		for (row = 0; row < 8; row++) {
			for (k = 0; k < 3; k++) {
				if (k)
					pmo_buf_puts(&out, "   ");
				month_line(&out, cal, y, q * 3 + k + 1, row);
			}
			while (out.len && out.ptr[out.len - 1] == ' ')
				out.len--;
			pmo_buf_putc(&out, '\n');
		}
	}
	pmo_buf_puts(&out, "* holiday   + extra workday (调休)   - day off (weekend)\n");
	{
		const pmo_calendar_range *h = pmo_calendar_holidays(cal, &n);
		int any = 0;
		for (i = 0; i < n; i++) {
			int fy, fm, fd, uy;
			pmo_date_to_ymd(h[i].from, &fy, &fm, &fd);
			pmo_date_to_ymd(h[i].until, &uy, &fm, &fd);
			if (fy != y && uy != y)
				continue;
			if (!any++)
				pmo_buf_puts(&out, "\nholidays:\n");
			pmo_date_format(d1, h[i].from);
			pmo_date_format(d2, h[i].until);
			if (h[i].from == h[i].until)
				pmo_buf_printf(&out, "  %s              %s\n", d1, h[i].name ? h[i].name : "");
			else
				pmo_buf_printf(&out, "  %s..%s  %s\n", d1, d2, h[i].name ? h[i].name : "");
		}
		h = pmo_calendar_workdays(cal, &n);
		any = 0;
		for (i = 0; i < n; i++) {
			int fy, fm, fd;
			pmo_date_to_ymd(h[i].from, &fy, &fm, &fd);
			if (fy != y)
				continue;
			if (!any++)
				pmo_buf_puts(&out, "\nextra workdays:\n");
			pmo_buf_printf(&out, "  %s  %s  %s\n", pmo_date_format(d1, h[i].from),
				       weekday_keys[pmo_date_weekday(h[i].from) - 1], h[i].name ? h[i].name : "");
		}
	}
	/* no trailing blanks where a name is missing */
	{
		pmo_buf clean = PMO_BUF_INIT;
		const char *p = pmo_buf_cstr(&out);
		while (*p) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			while (len && p[len - 1] == ' ')
				len--;
			pmo_buf_put(&clean, p, len);
			pmo_buf_putc(&clean, '\n');
			p = nl ? nl + 1 : p + strlen(p);
		}
		code = pmo_emit(&clean);
		pmo_buf_free(&clean);
	}
done:
	calctx_free(&cc);
	pmo_buf_free(&out);
	return code;
}

/* --- dispatch -------------------------------------------------------------------- */

static const pmo_verb verbs[] = {
	{ "holiday", verb_holiday, "usage: pmo [-p KEY] calendar holiday DATE[..DATE] [NAME]\n",
	  "add a holiday (one day or an inclusive range) to pmo.yaml, or with -p to the project's override; one commit", NULL },
	{ "workday", verb_workday, "usage: pmo [-p KEY] calendar workday DATE… [NAME]\n",
	  "add extra working days (weekend days worked, 调休; with -p also portfolio holidays the project works), each named NAME when given; one commit", NULL },
	{ "remove", verb_remove, "usage: pmo [-p KEY] calendar remove DATE[..DATE]\n",
	  "remove a holiday (by its first day, or its range) or an extra workday from pmo.yaml, or with -p from the project's override; one commit", NULL },
	{ "show", verb_show, "usage: pmo [-p KEY] calendar show [YEAR] [--format text|json]\n",
	  "the year's months with holidays, extra workdays and days off marked; with -p the project's calendar", NULL },
};

const pmo_family pmo_calendar_verbs = {
	"calendar",
	"the working calendar in pmo.yaml (with -p KEY: the project's, which adds to it in project.yaml)",
	verbs, sizeof(verbs) / sizeof(verbs[0]), 0, NULL, NULL,
};
