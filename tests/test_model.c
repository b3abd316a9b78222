/* The kind engine: kinds from the embedded schemas, assignments typed by the
 * schema, records built in schema order, checks, workflows and diffs. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "check/check.h"
#include "model/model.h"
#include "model/embedded.h"
#include "schema/schema.h"
#include "render/render.h"
#include "repo/hooks.h"
#include "util/filecache.h"
#include "util/hash.h"
#include "util/list.h"
#include "util/mem.h"
#include "model/match.h"
#include "util/date.h"
#include "util/decimal.h"
#include "render/diff.h"
#include "util/error.h"

static pmo_model *model;

static void setup(void)
{
	cr_assert_eq(pmo_model_new(&model), 0, "%s", pmo_error_last() ? pmo_error_last()->message : "");
}

static void teardown(void)
{
	pmo_model_free(model);
}

TestSuite(model, .init = setup, .fini = teardown);

Test(model, kinds_come_from_the_schemas_x_pmo)
{
	const pmo_kind *risk = pmo_model_kind(model, "risk");
	const pmo_kind *person = pmo_model_kind(model, "people");

	cr_assert_not_null(risk);
	cr_assert_str_eq(risk->prefix, "R");
	cr_assert_str_eq(risk->folder, "risks");
	cr_assert(risk->project_scoped);
	cr_assert_str_eq(risk->status_field, "status");
	cr_assert_str_eq(risk->initial, "open");
	cr_assert_str_eq(risk->close_status, "closed");
	cr_assert_not_null(risk->derive);
	cr_assert_not_null(person, "plural names find the kind");
	cr_assert_str_eq(person->name, "person");
	cr_assert_null(person->prefix);
	cr_assert_null(pmo_model_kind(model, "nonsense"));
	cr_assert_str_eq(pmo_kind_header(risk, "probability"), "P");
	cr_assert_str_eq(pmo_kind_header(risk, "review"), "Next review");
	cr_assert_str_eq(pmo_kind_header(risk, "score"), "Score");
}

/* The built-in model reads a kind's schema when the kind is asked for;
 * the build gives every kind's name and plural, which must be the
 * schema's own, and every built-in x-pmo must pass schemas/x-pmo.json
 * (which the built-in model no longer checks at run time). */
Test(model, built_in_kinds_read_when_asked_equal_their_schemas)
{
	pmo_schema_set *set = NULL;
	pmo_schema *meta = NULL;
	const pmo_embedded_schema *e;
	size_t i, n = 0;

	cr_assert_eq(pmo_schema_set_new(&set), 0);
	for (e = pmo_embedded_schemas; e->name; e++)
		if (!strcmp(e->name, "x-pmo"))
			cr_assert_eq(pmo_schema_add(&meta, set, NULL, e->text, e->len), 0);
	cr_assert_not_null(meta);
	for (i = 0; i < pmo_model_kind_count(model); i++) {
		const char *plural = NULL, *name = pmo_model_kind_name(model, i, &plural);
		int scoped = -1;
		const char *file = "?", *folder = pmo_model_kind_folder(model, i, &scoped, &file);
		const pmo_kind *k = pmo_model_kind_at(model, i);
		pmo_findings res = { 0 };

		cr_assert_not_null(k);
		cr_assert_str_eq(name, k->name);
		cr_assert_str_eq(plural, k->plural);
		/* where its files are, known before its schema is read */
		cr_assert_not_null(folder);
		cr_assert_str_eq(folder, k->folder);
		cr_assert_eq(scoped, k->project_scoped, "%s", k->name);
		if (k->file)
			cr_assert_str_eq(file, k->file);
		else
			cr_assert_null(file, "%s", k->name);
		cr_assert_eq(pmo_model_kind(model, k->plural), k);
		cr_assert_eq(pmo_schema_validate(&res, meta, pmo_map_get(pmo_schema_root(k->schema), "x-pmo")), 0);
		cr_assert_eq(res.n, 0, "%s: %s", k->name, res.n ? res.items[0].message : "");
		pmo_findings_free(&res);
	}
	for (e = pmo_embedded_schemas; e->name; e++)
		n += e->kind != NULL;
	cr_assert_eq(pmo_model_kind_count(model), n);
	cr_assert_null(pmo_model_kind_name(model, n, NULL));
	{
		int scoped;
		const char *file;

		cr_assert_null(pmo_model_kind_folder(model, n, &scoped, &file));
	}
	/* a schema read through a $ref first (pmo.json's calendar.json) is
	 * the one the model hands out later */
	cr_assert_not_null(pmo_model_schema(model, "pmo"));
	{
		pmo_findings res = { 0 };
		pmo_doc *doc = NULL;
		const char *y = "name: x\ncurrency: CNY\ncalendar:\n  holidays: ['2027-01-01']\n";

		cr_assert_eq(pmo_yaml_load(&doc, "pmo.yaml", y, strlen(y), NULL), 0);
		cr_assert_eq(pmo_schema_validate(&res, pmo_model_schema(model, "pmo"), pmo_doc_root(doc)), 0,
			     "%s", pmo_error_last()->message);
		pmo_findings_free(&res);
		pmo_doc_free(doc);
	}
	cr_assert_not_null(pmo_model_schema(model, "calendar"));
	pmo_schema_set_free(set);
}

Test(model, paths_and_references)
{
	const pmo_kind *risk = pmo_model_kind(model, "risk");
	const pmo_kind *project = pmo_model_kind(model, "project");
	char *p, *id, *path;

	cr_assert_eq(pmo_kind_path(&path, risk, "CBM", "R-3"), 0);
	cr_assert_str_eq(path, "projects/CBM/risks/R-3.yaml");
	free(path);
	cr_assert_eq(pmo_kind_path(&path, project, NULL, "CBM"), 0);
	cr_assert_str_eq(path, "projects/CBM/project.yaml");
	free(path);
	cr_assert_eq(pmo_kind_parse_ref(&p, &id, risk, "CBM/R-3", NULL), 0);
	cr_assert_str_eq(p, "CBM");
	cr_assert_str_eq(id, "R-3");
	free(p);
	free(id);
	cr_assert_eq(pmo_kind_parse_ref(&p, &id, risk, "R-3", "PAY"), 0);
	cr_assert_str_eq(p, "PAY");
	free(p);
	free(id);
	cr_assert_eq(pmo_kind_parse_ref(&p, &id, risk, "R-3", NULL), PMO_EUSAGE);
	cr_assert_str_eq(pmo_error_last()->message,
		"risk \"R-3\" needs its project: write PROJECT/R-3 or use -p PROJECT");
	cr_assert_eq(pmo_kind_parse_ref(&p, &id, risk, "CBM/../x", NULL), PMO_EUSAGE);
}

static pmo_assigns parse(const pmo_kind *k, const char *a, const char *b)
{
	char *argv[] = { (char *)a, (char *)b };
	pmo_assigns as;

	cr_assert_eq(pmo_assigns_parse(&as, k, argv, b ? 2 : 1), 0);
	return as;
}

Test(model, assignments_are_typed_by_the_schema)
{
	const pmo_kind *risk = pmo_model_kind(model, "risk");
	pmo_assigns as = parse(risk, "impact=5", "tags=迁移, 数据 ,x");

	cr_assert_eq(as.items[0].node->tag, PMO_TAG_INT);
	cr_assert_eq(as.items[1].node->kind, PMO_NODE_SEQ);
	cr_assert_eq(as.items[1].node->n, 3);
	cr_assert_str_eq(as.items[1].node->items[1]->str, "数据");
	pmo_assigns_free(&as);
	as = parse(risk, "title=no", "impact=");
	cr_assert_eq(as.items[0].node->tag, PMO_TAG_STR, "a string field keeps 'no' a string");
	cr_assert_null(as.items[1].node, "an empty value removes the field");
	pmo_assigns_free(&as);
	as = parse(risk, "impact=high", NULL);
	cr_assert_eq(as.items[0].node->tag, PMO_TAG_STR, "left for the schema to refuse");
	pmo_assigns_free(&as);
	{
		char *argv[] = { (char *)"impact" };
		cr_assert_eq(pmo_assigns_parse(&as, risk, argv, 1), PMO_EUSAGE);
		cr_assert_str_eq(pmo_error_last()->message, "expected field=value, got \"impact\"");
	}
	{
		char *argv[] = { (char *)"impact=1", (char *)"impact=2" };
		cr_assert_eq(pmo_assigns_parse(&as, risk, argv, 2), PMO_EUSAGE);
	}
}

/* An array of objects takes "a:b" items, the object's properties in order,
 * each typed by its schema: the task's assignees=wang-li:50,zhao-min. */
Test(model, array_of_object_items_are_typed_by_their_properties)
{
	const pmo_node *root = pmo_schema_root(pmo_model_schema(model, "plan"));
	pmo_kind task;
	pmo_assigns as;
	const pmo_node *a;

	memset(&task, 0, sizeof(task));
	task.name = "task";
	task.props = pmo_map_get(pmo_map_get(pmo_map_get(root, "definitions"), "task"), "properties");
	cr_assert_not_null(task.props);
	as = parse(&task, "assignees=wang-li:50, zhao-min", "depends=T-1,T-2:ss+2d");
	a = as.items[0].node;
	cr_assert_eq(a->kind, PMO_NODE_SEQ);
	cr_assert_eq(a->n, 2);
	cr_assert_str_eq(pmo_node_text(pmo_map_get(a->items[0], "person")), "wang-li");
	cr_assert_eq(pmo_map_get(a->items[0], "allocation")->tag, PMO_TAG_INT);
	cr_assert_str_eq(pmo_map_get(a->items[0], "allocation")->str, "50");
	cr_assert_eq(a->items[1]->n, 1, "no allocation given, none written");
	cr_assert_str_eq(pmo_node_text(pmo_map_get(a->items[1], "person")), "zhao-min");
	cr_assert_eq(as.items[1].node->n, 2);
	cr_assert_str_eq(as.items[1].node->items[1]->str, "T-2:ss+2d", "strings stay whole");
	pmo_assigns_free(&as);
	as = parse(&task, "assignees=wang-li:half", NULL);
	cr_assert_eq(pmo_map_get(as.items[0].node->items[0], "allocation")->tag, PMO_TAG_STR,
		     "left for the schema to refuse");
	pmo_assigns_free(&as);
}

Test(model, new_records_are_built_in_schema_order_with_defaults)
{
	const pmo_kind *risk = pmo_model_kind(model, "risk");
	pmo_assigns as = parse(risk, "owner=wang-li", "probability=2");
	pmo_settings settings = { 0 };
	pmo_buf b = PMO_BUF_INIT;
	pmo_doc *doc;

	cr_assert_eq(pmo_yaml_load(&settings.doc, "pmo.yaml", "risk: {review_days: 14}\n", 23, NULL), 0);
	setenv("PMO_TODAY", "2027-01-04", 1);
	cr_assert_eq(pmo_record_build(&doc, risk, "R-7", "数据丢失", &as, &settings), 0);
	pmo_yaml_emit(&b, pmo_doc_root(doc));
	cr_assert_str_eq(b.ptr,
		"id: R-7\ntitle: 数据丢失\nprobability: 2\nowner: wang-li\nstatus: open\n"
		"identified: '2027-01-04'\nreview: '2027-01-18'\n");
	pmo_buf_free(&b);
	pmo_doc_free(doc);
	pmo_doc_free(settings.doc);
	pmo_assigns_free(&as);
}

/* x-pmo defaults are read by one rule for every kind: today, today+N and
 * today+SECTION.SETTING (a whole number of pmo.yaml, or its default); any
 * other is an error naming the kind, field and rule (it was "out of
 * memory" for every default but the risk's). */
Test(model, dated_defaults_follow_one_rule_for_every_kind)
{
	pmo_kind k = *pmo_model_kind(model, "risk");
	pmo_settings settings = { 0 };
	pmo_buf b = PMO_BUF_INIT;
	pmo_doc *doc = NULL, *defaults = NULL;
	static const char text[] = "identified: today+3\nreview: today+meeting.every_days\n";

	setenv("PMO_TODAY", "2027-01-04", 1);
	cr_assert_eq(pmo_yaml_load(&settings.doc, "pmo.yaml", "meeting: {every_days: 7}\n", 25, NULL), 0);
	cr_assert_eq(pmo_yaml_load(&defaults, "x-pmo", text, strlen(text), NULL), 0);
	k.defaults = pmo_doc_root(defaults);
	cr_assert_eq(pmo_record_build(&doc, &k, "R-1", "t", NULL, &settings), 0, "%s", pmo_error_last()->message);
	pmo_yaml_emit(&b, pmo_doc_root(doc));
	/* the review counts from the later identified date */
	cr_assert(strstr(b.ptr, "identified: '2027-01-07'\nreview: '2027-01-14'\n"), "%s", b.ptr);
	pmo_buf_free(&b);
	pmo_doc_free(doc);
	pmo_doc_free(defaults);
	cr_assert_eq(pmo_yaml_load(&defaults, "x-pmo", "review: today+nope.days\n", 24, NULL), 0);
	k.defaults = pmo_doc_root(defaults);
	cr_assert_eq(pmo_record_build(&doc, &k, "R-1", "t", NULL, &settings), PMO_ENOTFOUND);
	cr_assert_str_eq(pmo_error_last()->message,
			 "x-pmo default of risk.review: pmo.yaml has no whole number nope.days");
	pmo_doc_free(defaults);
	cr_assert_eq(pmo_yaml_load(&defaults, "x-pmo", "review: tomorrow\n", 17, NULL), 0);
	k.defaults = pmo_doc_root(defaults);
	cr_assert_eq(pmo_record_build(&doc, &k, "R-1", "t", NULL, &settings), PMO_EINVALID);
	cr_assert_str_eq(pmo_error_last()->message,
			 "x-pmo default of risk.review: \"tomorrow\" is not today, today+N or today+SECTION.SETTING");
	pmo_doc_free(defaults);
	pmo_doc_free(settings.doc);
}

Test(model, checks_name_the_field_and_what_is_allowed)
{
	const pmo_kind *risk = pmo_model_kind(model, "risk");
	char *dir = th_demo_repo();
	pmo_repo *repo;
	pmo_source *src;
	pmo_findings p;
	pmo_doc *doc;
	pmo_assigns as = parse(risk, "impact=6", "owner=nobody");

	cr_assert_eq(pmo_repo_open(&repo, dir, PMO_REPO_NEED_TREE), 0);
	cr_assert_eq(pmo_source_open(&src, repo, NULL), 0);
	cr_assert_eq(pmo_record_build(&doc, risk, "R-1", "t", &as, NULL), 0);
	cr_assert_eq(pmo_record_check(&p, model, risk, pmo_doc_root(doc), "CBM", src, NULL), PMO_EINVALID);
	cr_assert_eq(p.n, 3);
	cr_assert_str_eq(p.items[0].message, "impact: 6 is more than the maximum 5");
	cr_assert_str_eq(p.items[1].message, "owner: unknown person \"nobody\"; people: wang-li, zhao-min");
	cr_assert_str_eq(p.items[2].message, "missing required field \"probability\"");
	pmo_findings_free(&p);
	pmo_doc_free(doc);
	pmo_assigns_free(&as);
	pmo_source_free(src);
	pmo_repo_free(repo);
	free(dir);
}

Test(model, workflow_allows_only_declared_transitions)
{
	const pmo_kind *risk = pmo_model_kind(model, "risk");

	cr_assert_eq(pmo_workflow_check(risk, "open", "mitigating"), 0);
	cr_assert_eq(pmo_workflow_check(risk, "closed", "open"), 0);
	cr_assert_eq(pmo_workflow_check(risk, "open", "open"), 0);
	cr_assert_eq(pmo_workflow_check(risk, "closed", "occurred"), PMO_EUSAGE);
	cr_assert_str_eq(pmo_error_last()->message,
		"status: cannot go from \"closed\" to \"occurred\"; from closed: open");
}

Test(model, diff_lists_changed_fields_in_schema_order)
{
	const pmo_kind *risk = pmo_model_kind(model, "risk");
	const char *a = "status: open\nimpact: 5\ntitle: x\nextra: 1\n";
	const char *b = "title: x\nimpact: 3\nstatus: closed\nowner: wang-li\n";
	pmo_doc *da, *db;
	pmo_changes ch;

	pmo_yaml_load(&da, "a", a, strlen(a), NULL);
	pmo_yaml_load(&db, "b", b, strlen(b), NULL);
	cr_assert_eq(pmo_record_diff(&ch, risk, pmo_doc_root(da), pmo_doc_root(db)), 0);
	cr_assert_eq(ch.n, 4);
	cr_assert_str_eq(ch.items[0].field, "impact");
	cr_assert_str_eq(ch.items[0].old->str, "5");
	cr_assert_str_eq(ch.items[0].new->str, "3");
	cr_assert_str_eq(ch.items[1].field, "owner");
	cr_assert_null(ch.items[1].old);
	cr_assert_str_eq(ch.items[2].field, "status");
	cr_assert_str_eq(ch.items[3].field, "extra");
	cr_assert_null(ch.items[3].new);
	pmo_changes_free(&ch);
	pmo_doc_free(da);
	pmo_doc_free(db);
}

Test(model, value_diff_tells_nested_changes_by_path)
{
	const pmo_kind *project = pmo_model_kind(model, "project");
	const char *a = "name: x\nobjectives:\n  - statement: a\n  - statement: b\n    achieved: no\n"
			"calendar:\n  weekdays: [mon, tue]\n  holidays: [2027-01-20]\n";
	const char *b = "name: x\nobjectives:\n  - statement: a\n  - statement: b\n    achieved: yes\n"
			"  - statement: c\ncalendar:\n  weekdays: [mon]\n  holidays: [2027-01-20]\n";
	pmo_doc *da, *db;
	pmo_changes ch;

	pmo_yaml_load(&da, "a", a, strlen(a), NULL);
	pmo_yaml_load(&db, "b", b, strlen(b), NULL);
	cr_assert_eq(pmo_value_diff(&ch, project, pmo_doc_root(da), pmo_doc_root(db)), 0);
	cr_assert_eq(ch.n, 3);
	/* the schema's order at the top, then down to the values */
	cr_assert_str_eq(ch.items[0].field, "objectives.2.achieved");
	cr_assert_str_eq(ch.items[0].old->str, "no");
	cr_assert_str_eq(ch.items[0].new->str, "yes");
	cr_assert_str_eq(ch.items[1].field, "objectives.3");
	cr_assert_null(ch.items[1].old);
	cr_assert_eq(ch.items[1].new->kind, PMO_NODE_MAP);
	/* a list of plain values is one value */
	cr_assert_str_eq(ch.items[2].field, "calendar.weekdays");
	cr_assert_eq(ch.items[2].old->n, 2);
	pmo_changes_free(&ch);
	/* without a kind: the files' order; an absent side is one change */
	cr_assert_eq(pmo_value_diff(&ch, NULL, NULL, pmo_doc_root(db)), 0);
	cr_assert_eq(ch.n, 1);
	cr_assert_str_eq(ch.items[0].field, "");
	pmo_changes_free(&ch);
	cr_assert_eq(pmo_value_diff(&ch, NULL, pmo_doc_root(da), pmo_doc_root(da)), 0);
	cr_assert_eq(ch.n, 0);
	pmo_changes_free(&ch);
	pmo_doc_free(da);
	pmo_doc_free(db);
}

Test(model, risk_score_and_level_are_derived_from_settings)
{
	const pmo_kind *risk = pmo_model_kind(model, "risk");
	pmo_settings s = { 0 };
	const char *src = "probability: 3\nimpact: 4\n";
	pmo_doc *doc;
	pmo_node *view;

	s.level_medium = 5;
	s.level_high = 12;
	s.level_critical = 20;
	cr_assert_str_eq(pmo_risk_level(&s, 4), "low");
	cr_assert_str_eq(pmo_risk_level(&s, 11), "medium");
	cr_assert_str_eq(pmo_risk_level(&s, 12), "high");
	cr_assert_str_eq(pmo_risk_level(&s, 25), "critical");
	pmo_yaml_load(&doc, "r", src, strlen(src), NULL);
	view = pmo_node_map(doc);
	cr_assert_eq(risk->derive(doc, view, pmo_doc_root(doc), &(pmo_derive_ctx){ &s, NULL, "CBM", risk, NULL, NULL }), 0);
	cr_assert_str_eq(pmo_node_text(pmo_map_get(view, "score")), "12");
	cr_assert_str_eq(pmo_node_text(pmo_map_get(view, "level")), "high");
	pmo_doc_free(doc);
}

Test(model, listing_reports_bad_files_and_keeps_the_rest)
{
	const pmo_kind *risk = pmo_model_kind(model, "risk");
	char *dir = th_demo_repo();
	pmo_repo *repo;
	pmo_source *src;
	pmo_settings *settings;
	pmo_records rs;
	pmo_findings probs = { 0 };
	char *id;
	th_result r;

	th_run(&r, dir, NULL, "mkdir -p projects/CBM/risks && printf 'id: R-2\\ntitle: a\\nprobability: 1\\nimpact: 1\\nstatus: open\\n' > projects/CBM/risks/R-2.yaml && "
	       "printf 'id: R-10\\ntitle: b\\nprobability: 1\\nimpact: 1\\nstatus: open\\n' > projects/CBM/risks/R-10.yaml && "
	       "printf 'a: [\\n' > projects/CBM/risks/R-3.yaml && touch projects/CBM/risks/notes.txt");
	th_result_free(&r);
	cr_assert_eq(pmo_repo_open(&repo, dir, PMO_REPO_NEED_TREE), 0);
	cr_assert_eq(pmo_source_open(&src, repo, NULL), 0);
	cr_assert_eq(pmo_settings_load(&settings, src, model), 0);
	cr_assert_eq(pmo_records_list(&rs, &probs, src, risk, NULL, settings), 0);
	cr_assert_eq(rs.n, 2);
	cr_assert_str_eq(rs.items[0]->id, "R-2", "R-2 sorts before R-10");
	cr_assert_str_eq(rs.items[1]->id, "R-10");
	cr_assert_eq(probs.n, 1);
	pmo_buf shown = PMO_BUF_INIT;
	pmo_finding_format(&shown, &probs.items[0], probs.items[0].path, 0);
	cr_assert(strstr(pmo_buf_cstr(&shown), "R-3.yaml:2:1: error:"), "%s", pmo_buf_cstr(&shown));
	pmo_buf_free(&shown);
	cr_assert_eq(pmo_kind_next_id(&id, src, risk, "CBM"), 0);
	cr_assert_str_eq(id, "R-11");
	free(id);
	pmo_records_free(&rs);
	pmo_findings_free(&probs);
	pmo_settings_free(settings);
	pmo_source_free(src);
	pmo_repo_free(repo);
	free(dir);
}

/* Every _free of the library takes NULL, so that a cleanup path frees
 * what it has without asking what was made. */
Test(model, every_free_takes_null)
{
	pmo_assigns_free(NULL);
	pmo_big_free(NULL);
	pmo_buf_free(NULL);
	pmo_calendar_free(NULL);
	pmo_changes_free(NULL);
	pmo_check_result_free(NULL);
	pmo_commit_made_free(NULL);
	pmo_doc_free(NULL);
	pmo_filecache_free(NULL);
	pmo_findings_free(NULL);
	pmo_hooks_free(NULL);
	pmo_htab_free(NULL);
	pmo_model_free(NULL);
	pmo_place_free(NULL);
	pmo_plan_free(NULL);
	pmo_record_free(NULL);
	pmo_records_free(NULL);
	pmo_repo_free(NULL);
	pmo_schedule_free(NULL);
	pmo_schema_set_free(NULL);
	pmo_settings_free(NULL);
	pmo_source_free(NULL);
	pmo_table_free(NULL);
	pmo_strv_free(NULL);
	pmo_finding_clear(NULL);

	/* and a list freed is empty, so freeing it again is safe */
	pmo_findings list;
	pmo_findings_init(&list);
	cr_assert_eq(pmo_findings_addf(&list, PMO_SEVERITY_ERROR, "schema", NULL, "x"), 0);
	pmo_findings_free(&list);
	cr_assert_eq(list.n, 0);
	cr_assert_null(list.items);
	pmo_findings_free(&list);
}

/* A kind's own code is reached through its hooks; a kind with none has an
 * empty set, never NULL. */
Test(model, kinds_reach_their_own_code_through_the_registry)
{
	const pmo_kind *risk = pmo_model_kind(model, "risk");
	const pmo_kind *person = pmo_model_kind(model, "person");
	const pmo_kind_hooks *none = pmo_kind_hooks_for("no-such-kind");
	long v;

	cr_assert_not_null(none);
	cr_assert_null(none->derive);
	cr_assert_null(none->dates);
	cr_assert_not_null(risk->hooks->derive);
	cr_assert_eq(risk->derive, risk->hooks->derive);
	cr_assert_not_null(risk->hooks->dates);
	cr_assert_not_null(person->hooks->active);
	cr_assert_eq(pmo_settings_int(&v, NULL, "risk", "review_days"), 0);
	cr_assert_eq(v, 30, "the risk's default, from its hook");
	cr_assert_eq(pmo_settings_int(&v, NULL, "project", "review_days"), PMO_ENOTFOUND);
	pmo_error_clear();
}

/* every built-in kind's x-pmo passes the meta-schema schemas/x-pmo.json
 * (pmo_model_new checks it too: a built-in schema that fails it would
 * stop every command) */
Test(model, built_in_x_pmo_passes_the_meta_schema)
{
	const pmo_schema *meta = pmo_model_schema(model, "x-pmo");
	size_t i;

	cr_assert_not_null(meta);
	cr_assert_geq(pmo_model_kind_count(model), 3);
	for (i = 0; i < pmo_model_kind_count(model); i++) {
		const pmo_kind *k = pmo_model_kind_at(model, i);
		pmo_findings res = { 0 };

		cr_assert_eq(pmo_schema_validate(&res, meta,
			pmo_map_get(pmo_schema_root(k->schema), "x-pmo")), 0);
		cr_assert_eq(res.n, 0, "%s: %s: %s", k->name, res.n ? res.items[0].location : "",
			     res.n ? res.items[0].message : "");
		pmo_findings_free(&res);
	}
}

/* the meta-schema refuses what it should: an unknown key, a due item
 * without a date */
Test(model, x_pmo_meta_schema_refuses_unknown_keys)
{
	const pmo_schema *meta = pmo_model_schema(model, "x-pmo");
	static const char bad[] =
		"{\"kind\": \"k\", \"folder\": \"ks\", \"id\": \"id\", \"colums\": [],"
		" \"due\": [{\"what\": \"review\"}]}";
	pmo_doc *doc = NULL;
	pmo_findings res = { 0 };

	cr_assert_eq(pmo_yaml_load(&doc, "x.json", bad, sizeof(bad) - 1, NULL), 0);
	cr_assert_eq(pmo_schema_validate(&res, meta, pmo_doc_root(doc)), 0);
	cr_assert_eq(res.n, 2);
	cr_assert_str_eq(res.items[0].message, "unknown field \"colums\"; allowed: kind, plural, summary, "
			 "prefix, folder, file, scope, id, title, given_id, columns, headers, derived, refs, "
			 "order, defaults, reason, workflow, due, matrix");
	cr_assert_str_eq(res.items[1].message, "missing required field \"date\"");
	pmo_findings_free(&res);
	pmo_doc_free(doc);
}

/* --- filters (lib/model/match.c) ------------------------------------------- */

/* A view {field: value} with value a plain scalar as YAML reads it. */
static pmo_doc *view_of(const char *yaml)
{
	pmo_doc *d = NULL;

	cr_assert_eq(pmo_yaml_load(&d, "view", yaml, strlen(yaml), NULL), 0);
	return d;
}

static int matches(const char *yaml, const char *arg, pmo_value_type type)
{
	pmo_filters fs = { 0 };
	pmo_doc *d = view_of(yaml);
	pmo_date today;
	int m;

	cr_assert_eq(pmo_date_parse(&today, "2027-04-10", 10), 0);
	cr_assert_eq(pmo_filter_parse(&fs, arg), 0, "%s", arg);
	cr_assert_eq(pmo_filter_prepare(&fs.items[0], type, today), 0, "%s: %s", arg, pmo_error_last()->message);
	m = pmo_filters_match(&fs, pmo_doc_root(d));
	pmo_filters_free(&fs);
	pmo_doc_free(d);
	return m;
}

Test(model, datetime_filters_compare_instants_across_offsets_and_dates_by_the_date_written)
{
	const char *v = "opened: '2027-04-02T09:30:00+08:00'\n";

	cr_assert(matches(v, "opened<2027-04-02T02:00:00Z", PMO_VALUE_DATETIME));
	cr_assert(!matches(v, "opened<2027-04-02T01:30:00Z", PMO_VALUE_DATETIME));
	cr_assert(matches(v, "opened>=2027-04-02", PMO_VALUE_DATETIME));
	cr_assert(matches(v, "opened<today-7d", PMO_VALUE_DATETIME));
	cr_assert(!matches(v, "opened<today-8d", PMO_VALUE_DATETIME));
}

Test(model, text_filters_fold_ascii_case_only)
{
	cr_assert(matches("title: Core MIGRATION\n", "title~migration", PMO_VALUE_TEXT));
	cr_assert(matches("title: 核心迁移\n", "title~迁移", PMO_VALUE_TEXT));
	cr_assert(!matches("title: ÄRGER\n", "title~ärger", PMO_VALUE_TEXT));
	cr_assert(matches("tags: [a, Beta]\n", "tags~BET", PMO_VALUE_TEXTS));
	cr_assert(!matches("tags: [a, Beta]\n", "tags~z", PMO_VALUE_TEXTS));
}

Test(model, money_compares_exactly_by_value)
{
	cr_assert(matches("value: '3600000.00'\n", "value>3599999.999", PMO_VALUE_DECIMAL));
	cr_assert(matches("value: '9007199254740993.01'\n", "value>9007199254740993", PMO_VALUE_DECIMAL));
	cr_assert(matches("value: '80.50'\n", "value<=80.5", PMO_VALUE_DECIMAL));
	cr_assert_eq(pmo_decimal_text_cmp("-0.00", "0"), 0);
}

Test(model, the_type_of_a_field_says_which_filters_it_takes)
{
	pmo_filters fs = { 0 };

	cr_assert_eq(pmo_filter_parse(&fs, "title>=a"), 0);
	cr_assert_eq(pmo_filter_prepare(&fs.items[0], PMO_VALUE_TEXT, 0), PMO_EUSAGE);
	cr_assert_eq(pmo_filter_parse(&fs, "due~2027"), 0);
	cr_assert_eq(pmo_filter_prepare(&fs.items[1], PMO_VALUE_DATE, 0), PMO_EUSAGE);
	cr_assert_eq(pmo_filter_parse(&fs, "due<today+3x"), 0);
	cr_assert_eq(pmo_filter_prepare(&fs.items[2], PMO_VALUE_DATE, 0), PMO_EUSAGE);
	cr_assert_eq(pmo_filter_parse(&fs, "nothing"), PMO_EUSAGE);
	pmo_filters_free(&fs);
}
