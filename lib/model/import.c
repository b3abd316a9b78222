/*
 * CSV rows as new records (import.h). The header names the fields; a
 * row's non-empty cells become "field=value" arguments given to the one
 * parser of add and set (pmo_assigns_parse: the field's type, lists
 * "a,b", YAML flow values), its title cell the title (for kinds named by
 * a field, person's handle, the record's name), then the record is built
 * with its defaults and checked (schema, references, people) as add does.
 * Every row is read and every problem kept before anything is returned,
 * so one run names them all.
 */
#include "model/import.h"
#include "model/internal.h"
#include "util/csv.h"
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void item_clear(pmo_import_item *it)
{
	free(it->path);
	free(it->name);
	free(it->title);
	pmo_buf_free(&it->text);
	memset(it, 0, sizeof(*it));
}

void pmo_import_free(pmo_import *imp)
{
	size_t i;

	if (!imp)
		return;
	for (i = 0; i < imp->n; i++)
		item_clear(&imp->items[i]);
	free(imp->items);
	memset(imp, 0, sizeof(*imp));
}

/* A problem at a cell (or at line/col when cell is NULL). */
static int problem(pmo_findings *out, const char *path, uint32_t line, uint32_t col,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int problem(pmo_findings *out, const char *path, uint32_t line, uint32_t col,
		   const char *fmt, ...)
{
	pmo_finding f;
	pmo_buf b = PMO_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	pmo_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	pmo_finding_init(&f, PMO_SEVERITY_ERROR, "import", NULL);
	f.line = line;
	f.col = col;
	f.message = pmo_buf_detach(&b);
	f.path = strdup(path);
	if (!f.message || !f.path) {
		pmo_finding_clear(&f);
		return pmo_error_set_oom();
	}
	return pmo_findings_push(out, &f);
}

static void field_names(pmo_buf *b, const pmo_kind *kind)
{
	size_t i;

	for (i = 0; i < kind->props->n; i++)
		pmo_buf_printf(b, "%s%s", i ? ", " : "", kind->props->pairs[i].key->str);
}

/* The header: each cell a field of the kind, once; the title (or name)
 * field there. The column of each field in *cols (the title's in *title). */
static int read_header(pmo_findings *out, const pmo_kind *kind, const pmo_csv_row *h,
		       const char *path, size_t *title)
{
	const char *tf = kind->prefix ? kind->title_field : kind->id_field;
	size_t i, j;
	int error = 0;

	*title = h->n;
	for (i = 0; i < h->n && !error; i++) {
		const pmo_csv_field *c = &h->fields[i];

		for (j = 0; j < i && strcmp(h->fields[j].text, c->text); j++)
			;
		if (j < i) {
			error = problem(out, path, c->line, c->col, "column %zu: field \"%s\" is "
					"also column %zu; a field is one column", i + 1, c->text, j + 1);
		} else if (!strcmp(c->text, tf)) {
			*title = i;
		} else if (kind->prefix && !strcmp(c->text, kind->id_field)) {
			error = problem(out, path, c->line, c->col, "column %zu: \"%s\": the ID of "
					"a new %s is given by pmo (the next free %s-<n>, in row order)",
					i + 1, c->text, kind->name, kind->prefix);
		} else if (!pmo_kind_prop(kind, c->text)) {
			pmo_buf b = PMO_BUF_INIT;

			field_names(&b, kind);
			error = problem(out, path, c->line, c->col, "column %zu: \"%s\" is not a "
					"field of %s; the header names fields: %s", i + 1, c->text,
					kind->name, pmo_buf_cstr(&b));
			pmo_buf_free(&b);
		}
	}
	if (!error && *title == h->n)
		error = problem(out, path, h->line, 1, "the header has no \"%s\" column: each "
				"%s needs its %s", tf, kind->name, tf);
	return error;
}

/* The column of the field a finding is about (its location's first
 * part), or n when none. */
static size_t column_of(const pmo_csv_row *h, const char *location)
{
	size_t i, len;

	if (!location)
		return h->n;
	len = strcspn(location, ".[: ");
	for (i = 0; i < h->n; i++)
		if (strlen(h->fields[i].text) == len && !strncmp(h->fields[i].text, location, len))
			return i;
	return h->n;
}

typedef struct {
	const pmo_model *model;
	const pmo_kind *kind;
	const char *project;
	pmo_source *src;
	const pmo_settings *settings;
	const char *path;
	const pmo_csv_row *header;
	size_t title;
} importer;

/* One cell's assignment alone: its problem, if it has one, at the cell. */
static int check_cell(pmo_findings *out, const importer *im, const pmo_csv_row *row, size_t i,
		      char *arg)
{
	pmo_assigns one = { 0 };
	const pmo_csv_field *c = &row->fields[i];
	int error;

	if ((error = pmo_assigns_parse(&one, im->kind, &arg, 1)) == 0 &&
	    (error = pmo_assigns_resolve(&one, im->kind, NULL)) == 0)
		error = pmo_record_new_check(im->kind, &one);
	pmo_assigns_free(&one);
	if (error == PMO_ENOMEM)
		return error;
	if (error < 0) {
		error = problem(out, im->path, c->line, c->col, "column %zu (%s), \"%s\": %s", i + 1,
				im->header->fields[i].text, c->text, pmo_error_last()->message);
		pmo_error_clear();
		return error < 0 ? error : 1;
	}
	return 0;
}

/* One row: its record in item, or its problems in out (1). */
static int read_row(pmo_import_item *item, pmo_findings *out, const importer *im,
		    const pmo_csv_row *row, const char *id)
{
	const pmo_kind *kind = im->kind;
	const pmo_csv_row *h = im->header;
	char **args = calloc(h->n ? h->n : 1, sizeof(*args));
	char *badcol = calloc(h->n ? h->n : 1, 1);
	const char *title = row->n == h->n ? row->fields[im->title].text : NULL;
	pmo_assigns as = { 0 };
	pmo_findings p = { 0 };
	pmo_doc *doc = NULL;
	pmo_buf name = PMO_BUF_INIT;
	size_t i, n = 0;
	int error = 0, bad = 0;

	pmo_findings_init(&p);
	if (!args || !badcol) {
		error = pmo_error_set_oom();
		goto done;
	}
	if (row->n != h->n) {
		error = problem(out, im->path, row->line, 1, "%zu fields, the header has %zu: a "
				"comma too many or too few, or a quote not closed", row->n, h->n);
		bad = 1;
		goto done;
	}
	if (!*title) {
		error = problem(out, im->path, row->fields[im->title].line,
				row->fields[im->title].col, "column %zu (%s) is empty: each %s "
				"needs its %s", im->title + 1, h->fields[im->title].text, kind->name,
				h->fields[im->title].text);
		bad = 1, badcol[im->title] = 1;
	} else if (pmo_text_check(h->fields[im->title].text, title) < 0) {
		error = problem(out, im->path, row->fields[im->title].line,
				row->fields[im->title].col, "column %zu (%s): %s", im->title + 1,
				h->fields[im->title].text, pmo_error_last()->message);
		pmo_error_clear();
		bad = 1, badcol[im->title] = 1;
	}
	for (i = 0; i < h->n && error >= 0; i++) {
		pmo_buf a = PMO_BUF_INIT;

		if (i == im->title || !*row->fields[i].text)
			continue;
		pmo_buf_printf(&a, "%s=%s", h->fields[i].text, row->fields[i].text);
		if (!(args[n] = pmo_buf_detach(&a))) {
			error = pmo_error_set_oom();
			break;
		}
		if ((error = check_cell(out, im, row, i, args[n])) > 0) {
			/* left out: the record is still checked for the rest */
			free(args[n]);
			args[n] = NULL;
			bad = 1, error = 0;
			badcol[i] = 1;
		} else {
			n++;
		}
	}
	if (error < 0 || (bad && !n))
		goto done;
	if ((error = pmo_assigns_parse(&as, kind, args, n)) < 0 ||
	    (error = pmo_assigns_resolve(&as, kind, NULL)) < 0 ||
	    (error = pmo_record_build(&doc, kind, id, kind->prefix ? title : NULL, &as,
				      im->settings)) < 0)
		goto done;
	error = pmo_record_check(&p, im->model, kind, pmo_doc_root(doc), im->project, im->src, NULL);
	if (!error)
		error = pmo_record_check_people(&p, im->model, kind, pmo_doc_root(doc), NULL, im->src);
	if (error == PMO_EINVALID) {
		pmo_error_clear();
		error = 0;
		for (i = 0; i < p.n && !error; i++) {
			size_t col = column_of(h, p.items[i].location);

			if (col == h->n)
				col = column_of(h, p.items[i].message);
			if (col < h->n && badcol[col])
				continue;
			if (col < h->n)
				error = problem(out, im->path, row->fields[col].line, row->fields[col].col,
						"column %zu (%s), \"%s\": %s", col + 1, h->fields[col].text,
						row->fields[col].text, p.items[i].message);
			else
				error = problem(out, im->path, row->line, 1, "%s", p.items[i].message);
		}
		bad = 1;
		goto done;
	}
	if (error < 0 || bad)
		goto done;
	if (im->project)
		pmo_buf_printf(&name, "%s/", im->project);
	pmo_buf_puts(&name, id);
	if ((error = pmo_kind_path(&item->path, kind, im->project, id)) < 0 ||
	    (error = pmo_yaml_emit(&item->text, pmo_doc_root(doc))) < 0)
		goto done;
	if (!(item->name = pmo_buf_detach(&name)) || !(item->title = strdup(title)))
		error = pmo_error_set_oom();
done:
	for (i = 0; i < n; i++)
		free(args[i]);
	free(args);
	free(badcol);
	pmo_assigns_free(&as);
	pmo_findings_free(&p);
	pmo_doc_free(doc);
	pmo_buf_free(&name);
	return error < 0 ? error : bad;
}

/* The ID of the k-th new record: the next free one plus k, or the title
 * cell for a kind named by a field (which must be new, and once). */
static int row_id(char **out, pmo_findings *problems, const importer *im, const pmo_csv *csv,
		  size_t r, unsigned long first)
{
	const pmo_csv_row *row = &csv->rows[r];
	const pmo_csv_field *c;
	char *path = NULL;
	size_t k;
	int error = 0;

	*out = NULL;
	if (im->kind->prefix) {
		pmo_buf b = PMO_BUF_INIT;

		pmo_buf_printf(&b, "%s-%lu", im->kind->prefix, first + r - 1);
		return (*out = pmo_buf_detach(&b)) ? 0 : pmo_error_set_oom();
	}
	if (row->n != im->header->n || !*row->fields[im->title].text)
		return 0;
	c = &row->fields[im->title];
	for (k = 1; k < r; k++)
		if (csv->rows[k].n == im->header->n && !strcmp(csv->rows[k].fields[im->title].text, c->text))
			return problem(problems, im->path, c->line, c->col, "column %zu (%s), \"%s\": "
				       "also the %s of line %u; each %s is one row", im->title + 1,
				       im->kind->id_field, c->text, im->kind->id_field,
				       (unsigned)csv->rows[k].line, im->kind->name);
	if ((error = pmo_kind_path(&path, im->kind, im->project, c->text)) < 0)
		return problem(problems, im->path, c->line, c->col, "column %zu (%s), \"%s\": %s",
			       im->title + 1, im->kind->id_field, c->text,
			       pmo_error_last()->message);
	if (pmo_source_exists(im->src, path))
		error = problem(problems, im->path, c->line, c->col, "column %zu (%s), \"%s\": %s %s "
				"already exists", im->title + 1, im->kind->id_field, c->text,
				im->kind->name, c->text);
	else if (!(*out = strdup(c->text)))
		error = pmo_error_set_oom();
	free(path);
	return error;
}

int pmo_import_csv(pmo_import *out, pmo_findings *problems, const pmo_model *model,
		   const pmo_kind *kind, const char *project, pmo_source *src,
		   const pmo_settings *settings, const char *path, const char *text, size_t len)
{
	pmo_csv csv = { 0 };
	importer im = { model, kind, project, src, settings, path, NULL, 0 };
	unsigned long first = 0;
	char *next = NULL;
	size_t r;
	int error;

	memset(out, 0, sizeof(*out));
	pmo_findings_init(problems);
	if ((error = pmo_csv_parse(&csv, path, text, len)) < 0)
		return error;
	if (!csv.n) {
		error = pmo_error_set_at(PMO_EINVALID, path, 1, 1, "no header row: the first row "
					 "names the fields of the %s records below it", kind->name);
		goto done;
	}
	im.header = &csv.rows[0];
	if ((error = read_header(problems, kind, im.header, path, &im.title)) < 0 || problems->n)
		goto done;
	if (kind->prefix) {
		if ((error = pmo_kind_next_id(&next, src, kind, project)) < 0)
			goto done;
		first = pmo_kind_id_number(kind, next, strlen(next));
	}
	if (csv.n > 1 && !(out->items = calloc(csv.n - 1, sizeof(*out->items)))) {
		error = pmo_error_set_oom();
		goto done;
	}
	for (r = 1; r < csv.n && error >= 0; r++) {
		char *id = NULL;
		size_t before = problems->n;

		if ((error = row_id(&id, problems, &im, &csv, r, first)) < 0)
			break;
		/* no ID: the row's problems say why; its cells are still checked */
		if (!id && !(id = strdup(csv.rows[r].n == im.header->n ?
					 csv.rows[r].fields[im.title].text : "")))
			error = pmo_error_set_oom();
		if (error >= 0 && (error = read_row(&out->items[out->n], problems, &im, &csv.rows[r],
						    id ? id : "")) == 0 && problems->n == before)
			out->n++;
		else if (error > 0 || problems->n > before)
			item_clear(&out->items[out->n]), error = 0;
		free(id);
	}
done:
	free(next);
	pmo_csv_free(&csv);
	if (!error && problems->n && (error = pmo_findings_sort(problems)) == 0)
		error = pmo_error_set(PMO_EINVALID, "%zu problem%s in %s", problems->n,
				      problems->n == 1 ? "" : "s", path);
	if (error < 0)
		pmo_import_free(out);
	return error;
}
