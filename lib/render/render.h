#ifndef PMO_RENDER_RENDER_H
#define PMO_RENDER_RENDER_H
/* Output forms: aligned tables (display width, CJK two columns), CSV,
 * Markdown, JSON and YAML of node trees. Everything renders into a pmo_buf;
 * cmd/ writes it out. */
#include <stddef.h>
#include "util/buf.h"
#include "yaml/yaml.h"

typedef struct pmo_table pmo_table;

int pmo_table_new(pmo_table **out, size_t ncols);
void pmo_table_free(pmo_table *t);
/* Set column i's header. */
int pmo_table_header(pmo_table *t, size_t i, const char *text);
/* Right-align column i (numbers). */
void pmo_table_right(pmo_table *t, size_t i);
/* Column i gives up width (cut with …) when the table is too wide. */
void pmo_table_shrink(pmo_table *t, size_t i);
/* Add a row; the cells are copied (NULL = empty). */
int pmo_table_row(pmo_table *t, const char *const *cells);
/* A row of ncols cells made ready to add, with each cell's width, on any
 * thread (the rows of a long list are made where its records are read):
 * each cell shown as pmo_node_display shows values[i] (NULL: empty), or
 * texts[i] where texts and it are not NULL. *out is freed with free() or
 * taken by pmo_table_row_take. */
int pmo_table_row_of(char **out, const pmo_node *const *values, const char *const *texts, size_t ncols);
/* Add a row made by pmo_table_row_of for as many columns as t has; the
 * table owns block from here on, also when there is no memory to add it. */
int pmo_table_row_take(pmo_table *t, char *block);
size_t pmo_table_rows(const pmo_table *t);

typedef struct {
	size_t width; /* terminal width to fit into; 0 = no limit */
	int color;    /* bold header */
} pmo_table_opts;

/* Columns separated by two spaces, padded by display width; the last column
 * is not padded. When width is set, shrinkable columns are cut with … so
 * each line fits (never mid-character). */
int pmo_table_render(pmo_buf *out, const pmo_table *t, const pmo_table_opts *opts);
/* RFC 4180 CSV with the header row. */
int pmo_table_csv(pmo_buf *out, const pmo_table *t);
/* One CSV field, quoted as pmo_table_csv quotes its cells. */
int pmo_csv_field(pmo_buf *out, const char *s);
/* A GitHub-flavoured Markdown table. */
int pmo_table_md(pmo_buf *out, const pmo_table *t);

/* JSON for a node tree: INT/FLOAT as numbers, BOOL, NULL, strings escaped
 * (UTF-8 kept as is). indent < 0: one line; else pretty with that step. */
int pmo_json_node(pmo_buf *out, const pmo_node *node, int indent, int level);
int pmo_json_string(pmo_buf *out, const char *s, size_t len);
/* A NUL-terminated string as JSON; NULL as null. */
int pmo_json_cstr(pmo_buf *out, const char *s);
/* One member of an object, `"key": "s"` (s NULL: null), after ", " when
 * comma is set; key and value escaped alike. */
int pmo_json_member(pmo_buf *out, const char *key, const char *s, int comma);
/* A finding as one JSON object on one line: {"path": path, "line": …,
 * "col": …, "severity": "error", "rule": …, "message": …}; path is the
 * file as the reader should see it (f->path when NULL). */
int pmo_json_finding(pmo_buf *out, const pmo_finding *f, const char *path);

#endif
