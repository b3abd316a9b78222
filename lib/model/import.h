#ifndef PMO_MODEL_IMPORT_H
#define PMO_MODEL_IMPORT_H
/*
 * New records of one kind from a CSV file (pmo import --format csv): the
 * header row names fields, each row is one record as `pmo <kind> add`
 * would make it from field=value arguments (the same parser, typing,
 * defaults and checks), and nothing is made unless every row is good.
 */
#include "model/model.h"
#include "util/buf.h"
#include "yaml/finding.h"

typedef struct {
	char *path;  /* the new record's file, relative to the tree */
	char *name;  /* "CBM/R-1", "wang-li" */
	char *title; /* its title (or name), for the commit */
	pmo_buf text;/* its YAML */
} pmo_import_item;

typedef struct {
	pmo_import_item *items;
	size_t n;
} pmo_import;

/* The records of the CSV text (read from path, which findings name) as
 * new records of kind in project (NULL for a portfolio kind), IDs taken
 * in row order from the next free one. 0 with out filled; PMO_EINVALID
 * with a finding in problems for every bad header cell, row and value
 * (path:line:col of the value, its column, field and what is allowed);
 * PMO_EINVALID with the error set when the file is not CSV. */
int pmo_import_csv(pmo_import *out, pmo_findings *problems, const pmo_model *model,
		   const pmo_kind *kind, const char *project, pmo_source *src,
		   const pmo_settings *settings, const char *path, const char *text, size_t len);
void pmo_import_free(pmo_import *imp);

#endif
