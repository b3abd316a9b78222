#ifndef PMO_MODEL_EMBEDDED_H
#define PMO_MODEL_EMBEDDED_H
#include <stddef.h>

/* The schema files of schemas/, compiled in by schemas/embed.py. */
typedef struct {
	const char *name; /* file name without .json: "risk" */
	const char *text;
	size_t len;
	/* a kind's (x-pmo has a folder): its name and plural, as x-pmo says;
	 * NULL for the other schemas */
	const char *kind;
	const char *plural;
	/* and where its files are, as x-pmo says: folder, file (NULL: a
	 * file a record) and scope "project" */
	const char *folder;
	const char *file;
	int project_scoped;
} pmo_embedded_schema;

extern const pmo_embedded_schema pmo_embedded_schemas[];

#endif
