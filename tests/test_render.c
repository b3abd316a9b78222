#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "render/xlsx.h"
#include "render/xlsxlib.h"
#include "util/error.h"
#include "helpers.h"
#include "render/html.h"

static pmo_table *table3(void)
{
	pmo_table *t;
	const char *r1[] = { "R-1", "核心数据迁移丢失", "20" };
	const char *r2[] = { "R-10", "Vendor delivers late", "9" };

	cr_assert_eq(pmo_table_new(&t, 3), 0);
	pmo_table_header(t, 0, "ID");
	pmo_table_header(t, 1, "Title");
	pmo_table_header(t, 2, "Score");
	pmo_table_right(t, 2);
	pmo_table_shrink(t, 1);
	cr_assert_eq(pmo_table_row(t, r1), 0);
	cr_assert_eq(pmo_table_row(t, r2), 0);
	return t;
}

Test(render, table_aligns_by_display_width)
{
	pmo_table *t = table3();
	pmo_buf b = PMO_BUF_INIT;

	cr_assert_eq(pmo_table_render(&b, t, NULL), 0);
	cr_assert_str_eq(b.ptr,
		"ID    Title                 Score\n"
		"R-1   核心数据迁移丢失         20\n"
		"R-10  Vendor delivers late      9\n");
	pmo_buf_free(&b);
	pmo_table_free(t);
}

Test(render, table_cells_never_carry_control_characters_to_the_terminal)
{
	pmo_table *t;
	pmo_buf b = PMO_BUF_INIT, csv = PMO_BUF_INIT;
	const char *r1[] = { "R-1", "esc\033[31mred", "two\nlines" };

	cr_assert_eq(pmo_table_new(&t, 3), 0);
	pmo_table_header(t, 0, "ID");
	pmo_table_header(t, 1, "Title");
	pmo_table_header(t, 2, "Cause");
	cr_assert_eq(pmo_table_row(t, r1), 0);
	cr_assert_eq(pmo_table_render(&b, t, NULL), 0);
	cr_assert_str_eq(b.ptr,
		"ID   Title        Cause\n"
		"R-1  esc?[31mred  two lines\n");
	/* CSV keeps the data as it is, quoted */
	cr_assert_eq(pmo_table_csv(&csv, t), 0);
	cr_assert(strstr(csv.ptr, "\"two\nlines\""), "%s", csv.ptr);
	pmo_buf_free(&b);
	pmo_buf_free(&csv);
	pmo_table_free(t);
}

Test(render, table_cuts_shrinkable_columns_with_ellipsis_never_mid_character)
{
	pmo_table *t = table3();
	pmo_buf b = PMO_BUF_INIT;
	pmo_table_opts o = { 26, 0 };

	cr_assert_eq(pmo_table_render(&b, t, &o), 0);
	/* title column gets 13 columns: a wide character that does not fit
	 * entirely is left out and the cell padded */
	cr_assert_str_eq(b.ptr,
		"ID    Title          Score\n"
		"R-1   核心数据迁移…     20\n"
		"R-10  Vendor deliv…      9\n");
	pmo_buf_free(&b);
	pmo_table_free(t);
}

Test(render, table_colour_only_when_asked)
{
	pmo_table *t = table3();
	pmo_buf b = PMO_BUF_INIT;
	pmo_table_opts o = { 0, 1 };

	pmo_table_render(&b, t, &o);
	cr_assert(strstr(b.ptr, "\033[1m"));
	pmo_buf_clear(&b);
	o.color = 0;
	pmo_table_render(&b, t, &o);
	cr_assert_null(strstr(b.ptr, "\033["));
	pmo_buf_free(&b);
	pmo_table_free(t);
}

Test(render, csv_quotes_by_rfc4180)
{
	pmo_table *t;
	pmo_buf b = PMO_BUF_INIT;
	const char *r[] = { "a,b", "say \"hi\"", "line\nbreak" };

	pmo_table_new(&t, 3);
	pmo_table_header(t, 0, "x");
	pmo_table_header(t, 1, "y");
	pmo_table_header(t, 2, "z");
	pmo_table_row(t, r);
	cr_assert_eq(pmo_table_csv(&b, t), 0);
	cr_assert_str_eq(b.ptr, "x,y,z\r\n\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\"\r\n");
	pmo_buf_free(&b);
	pmo_table_free(t);
}

Test(render, csv_field_quotes_only_when_needed)
{
	pmo_buf b = PMO_BUF_INIT;

	cr_assert_eq(pmo_csv_field(&b, "T-1 计划"), 0);
	pmo_buf_putc(&b, ',');
	cr_assert_eq(pmo_csv_field(&b, "\"a\", b\r"), 0);
	pmo_buf_putc(&b, ',');
	cr_assert_eq(pmo_csv_field(&b, ""), 0);
	cr_assert_str_eq(b.ptr, "T-1 计划,\"\"\"a\"\", b\r\",");
	pmo_buf_free(&b);
}

Test(render, markdown_escapes_pipes)
{
	pmo_table *t;
	pmo_buf b = PMO_BUF_INIT;
	const char *r[] = { "a|b", "9" };

	pmo_table_new(&t, 2);
	pmo_table_header(t, 0, "Title");
	pmo_table_header(t, 1, "Score");
	pmo_table_right(t, 1);
	pmo_table_row(t, r);
	pmo_table_md(&b, t);
	cr_assert_str_eq(b.ptr, "| Title | Score |\n| --- | ---: |\n| a\\|b | 9 |\n");
	pmo_buf_free(&b);
	pmo_table_free(t);
}

Test(render, json_of_a_yaml_tree_keeps_types_and_unicode)
{
	pmo_doc *doc;
	pmo_buf b = PMO_BUF_INIT;
	const char *src = "id: R-1\ntitle: \"核心\\t\\\"x\\\"\"\nimpact: 5\nrate: 0x1F\nok: true\nnone: null\n"
			  "tags: [a, b]\nempty: []\nf: 1.5\nplain: no\n";

	cr_assert_eq(pmo_yaml_load(&doc, "t.yaml", src, strlen(src), NULL), 0);
	cr_assert_eq(pmo_json_node(&b, pmo_doc_root(doc), -1, 0), 0);
	cr_assert_str_eq(b.ptr,
		"{\"id\":\"R-1\",\"title\":\"核心\\t\\\"x\\\"\",\"impact\":5,\"rate\":31,\"ok\":true,"
		"\"none\":null,\"tags\":[\"a\",\"b\"],\"empty\":[],\"f\":1.5,\"plain\":\"no\"}");
	pmo_buf_free(&b);
	pmo_doc_free(doc);
}

/* One finding, as every command writes it: text and JSON. */
Test(render, a_finding_as_text_and_as_json)
{
	pmo_findings list;
	pmo_node at;
	pmo_buf b = PMO_BUF_INIT;

	memset(&at, 0, sizeof(at));
	at.line = 3;
	at.col = 7;
	pmo_findings_init(&list);
	cr_assert_eq(pmo_findings_addf(&list, PMO_SEVERITY_ERROR, "schema", &at, "impact: %d is more", 7), 0);
	cr_assert_eq(pmo_findings_addf(&list, PMO_SEVERITY_WARNING, "date", NULL, "say \"hi\""), 0);
	cr_assert_eq(list.errors, 1);
	cr_assert_eq(list.warnings, 1);
	cr_assert_eq(list.items[0].line, 3, "the node's place");
	cr_assert_eq(list.items[1].task, PMO_FINDING_NO_TASK);

	pmo_finding_format(&b, &list.items[0], "R-1.yaml", PMO_FINDING_RULE);
	pmo_finding_format(&b, &list.items[1], "R-1.yaml", 0);
	pmo_finding_format(&b, &list.items[1], NULL, PMO_FINDING_RULE);
	pmo_finding_format(&b, &list.items[0], "a", PMO_FINDING_COLOR);
	cr_assert_str_eq(pmo_buf_cstr(&b),
			 "R-1.yaml:3:7: error: impact: 7 is more [schema]\n"
			 "R-1.yaml: warning: say \"hi\"\n"
			 "pmo: warning: say \"hi\" [date]\n"
			 "a:3:7: \033[1;31merror\033[m: impact: 7 is more\n");
	pmo_buf_clear(&b);
	cr_assert_eq(pmo_json_finding(&b, &list.items[1], "p\"q"), 0);
	cr_assert_str_eq(pmo_buf_cstr(&b), "{\"path\": \"p\\\"q\", \"line\": 0, \"col\": 0, "
			 "\"severity\": \"warning\", \"rule\": \"date\", \"message\": \"say \\\"hi\\\"\"}");
	pmo_buf_free(&b);
	pmo_findings_free(&list);
	pmo_findings_free(NULL);
}

Test(render, json_string_copies_plain_runs_and_escapes_the_rest)
{
	static const char in[] = "T-1 核心\"迁移\"\\ a\nb\tc\x01\x1f end";
	pmo_buf b = PMO_BUF_INIT;

	cr_assert_eq(pmo_json_string(&b, in, sizeof(in) - 1), 0);
	cr_assert_str_eq(b.ptr, "\"T-1 核心\\\"迁移\\\"\\\\ a\\nb\\tc\\u0001\\u001f end\"");
	pmo_buf_clear(&b);
	cr_assert_eq(pmo_json_string(&b, "", 0), 0);
	cr_assert_str_eq(b.ptr, "\"\"");
	pmo_buf_clear(&b);
	cr_assert_eq(pmo_json_member(&b, "id", NULL, 1), 0);
	cr_assert_str_eq(b.ptr, ", \"id\": null");
	pmo_buf_free(&b);
}

/* Sheet names as Excel takes them: []:*?/\\ replaced, no quote at either
 * end, at most 31 characters (cut at a character), each once in any case;
 * a cell outside the row's columns and text that is not UTF-8 refused. */
Test(render, xlsx_sheet_names_and_cells_excel_takes)
{
	const char *h[] = { "ID" };
	pmo_buf out = PMO_BUF_INIT;
	pmo_currency c;
	pmo_xlsx *x;

	pmo_currency_set(&c, "CNY", -1, PMO_ROUND_HALF_UP);
	cr_assert_eq(pmo_xlsx_new(&x, &c, pmo_date_from_ymd(2027, 1, 4)), 0);
	cr_assert_eq(pmo_xlsx_sheet(x, "risks", h, 1), 0);
	cr_assert_str_eq(pmo_xlsx_sheet_name(x), "risks");
	cr_assert_eq(pmo_xlsx_text(x, 0, "R-1"), PMO_EINVALID, "a cell before the first row");
	cr_assert_eq(pmo_xlsx_row(x), 0);
	cr_assert_eq(pmo_xlsx_text(x, 0, "R-1"), 0);
	cr_assert_eq(pmo_xlsx_text(x, 1, "x"), PMO_EINVALID);
	cr_assert_eq(pmo_xlsx_text(x, 0, "\xff"), PMO_EINVALID);
	cr_assert_eq(pmo_xlsx_sheet(x, "RISKS", h, 1), 0);
	cr_assert_str_eq(pmo_xlsx_sheet_name(x), "RISKS (2)");
	cr_assert_eq(pmo_xlsx_sheet(x, "a/b:c[d]*?\\", h, 1), 0);
	cr_assert_str_eq(pmo_xlsx_sheet_name(x), "a_b_c_d____");
	cr_assert_eq(pmo_xlsx_sheet(x, "'quoted'", h, 1), 0);
	cr_assert_str_eq(pmo_xlsx_sheet_name(x), "_quoted_");
	cr_assert_eq(pmo_xlsx_sheet(x, "", h, 1), 0);
	cr_assert_str_eq(pmo_xlsx_sheet_name(x), "Sheet");
	cr_assert_eq(pmo_xlsx_sheet(x, "供应商交付延期导致系统集成测试与用户验收测试整体推迟两周以上并影响投产窗口", h, 1), 0);
	cr_assert_str_eq(pmo_xlsx_sheet_name(x), "供应商交付延期导致系统集成测试与用户验收测试整体推迟两周以上并");
	cr_assert_eq(pmo_xlsx_sheet(x, "供应商交付延期导致系统集成测试与用户验收测试整体推迟两周以上并并影", h, 1), 0);
	cr_assert_str_eq(pmo_xlsx_sheet_name(x), "供应商交付延期导致系统集成测试与用户验收测试整体推迟两 (2)");
	cr_assert_eq(pmo_xlsx_finish(&out, x), 0);
	cr_assert(out.len > 2 && !memcmp(out.ptr, "PK", 2), "a zip file");
	pmo_buf_free(&out);
	pmo_xlsx_free(NULL);
}

/* A workbook given up after thousands of rows (an error half way), its
 * sheets' files buffered by pmo: no temporary file is left. */
Test(render, xlsx_given_up_leaves_nothing)
{
	const char *h[] = { "ID", "Title" };
	char *dir = th_tmpdir(), id[16];
	pmo_currency c;
	pmo_xlsx *x;
	struct dirent *e;
	DIR *d;
	int i, left = 0;

	setenv("TMPDIR", dir, 1);
	pmo_currency_set(&c, "CNY", -1, PMO_ROUND_HALF_UP);
	cr_assert_eq(pmo_xlsx_new(&x, &c, pmo_date_from_ymd(2027, 1, 4)), 0);
	cr_assert_eq(pmo_xlsx_sheet(x, "tasks", h, 2), 0);
	for (i = 0; i < 5000; i++) {
		snprintf(id, sizeof(id), "T-%d", i + 1);
		cr_assert_eq(pmo_xlsx_row(x), 0);
		cr_assert_eq(pmo_xlsx_text(x, 0, id), 0);
		cr_assert_eq(pmo_xlsx_text(x, 1, "核心数据迁移"), 0);
	}
	cr_assert_eq(pmo_xlsx_sheet(x, "risks", h, 1), 0);
	cr_assert_eq(pmo_xlsx_row(x), 0);
	pmo_xlsx_free(x);
	cr_assert_not_null(d = opendir(dir));
	while ((e = readdir(d)))
		left += e->d_name[0] != '.';
	closedir(d);
	cr_assert_eq(left, 0, "%d files left in the temporary folder", left);
	free(dir);
}

/* libxlsxwriter is loaded when the first workbook is made, not linked: a
 * library that cannot be loaded is an error naming the package to
 * install; the installed one gives every function pmo calls. */
Test(render, xlsx_library_loaded_when_needed)
{
	const pmo_xlsxlib *lib = NULL;

	cr_assert_eq(pmo_xlsxlib_load(&lib, "libxlsxwriter-absent.so.4"), PMO_ERROR);
	cr_assert(strstr(pmo_error_last()->message, "an xlsx workbook needs libxlsxwriter, which cannot be "
			 "loaded (libxlsxwriter-absent.so.4: "), "%s", pmo_error_last()->message);
	cr_assert(strstr(pmo_error_last()->message, "install the package libxlsxwriter4 (Debian, Ubuntu; "
			 "libxlsxwriter-dev to build pmo)"), "%s", pmo_error_last()->message);
	cr_assert_null(lib);
	cr_assert_eq(pmo_xlsxlib_load(&lib, "libz.so.1"), PMO_ERROR, "a library without libxlsxwriter's functions");
	cr_assert_str_eq(pmo_error_last()->message, "libz.so.1 has no function workbook_new_opt: pmo needs "
			 "libxlsxwriter 1.0 or later (the package libxlsxwriter4)");
	cr_assert_eq(pmo_xlsxlib_load(&lib, NULL), 0, "%s", pmo_error_last()->message);
	cr_assert(lib && lib->workbook_new_opt && lib->lxw_strerror);
	cr_assert_str_eq(lib->lxw_strerror(LXW_NO_ERROR), "No error.");
}

/* pmo report's pages: text and attribute values escaped alike. */
Test(render, html_escape_text_and_attributes)
{
	pmo_buf b = PMO_BUF_INIT;

	pmo_html_text(&b, "<b title=\"x\">R&D's</b> 风险");
	cr_assert_str_eq(pmo_buf_cstr(&b), "&lt;b title=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/b&gt; 风险");
	pmo_buf_clear(&b);
	pmo_html_escape(&b, "a<b", 2);
	pmo_html_text(&b, NULL);
	cr_assert_str_eq(pmo_buf_cstr(&b), "a&lt;");
	pmo_buf_free(&b);
}

/* The heat map: each cell's count in data-count, a link only where there
 * are records, the level as the cell's class. */
Test(render, html_heatmap_cells)
{
	pmo_matrix m;
	pmo_buf b = PMO_BUF_INIT;

	memset(&m, 0, sizeof(m));
	m.rows = "probability";
	m.columns = "impact";
	m.count[4][3] = 2;
	m.level[4][3] = "high";
	pmo_html_heatmap(&b, &m, "risks");
	cr_assert(strstr(pmo_buf_cstr(&b), "<g class=\"cell\" data-row=\"5\" data-column=\"4\" data-count=\"2\">"
				   "<a href=\"#risks-5-4\"><rect class=\"lvl-high\""));
	cr_assert(strstr(pmo_buf_cstr(&b), "<g class=\"cell\" data-row=\"1\" data-column=\"1\" data-count=\"0\">"
				   "<rect class=\"lvl-none\""));
	cr_assert_eq(strstr(pmo_buf_cstr(&b), "href=\"#risks-1-1\""), NULL);
	pmo_buf_free(&b);
}
