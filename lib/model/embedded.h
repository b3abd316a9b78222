#ifndef PMO_MODEL_EMBEDDED_H
#define PMO_MODEL_EMBEDDED_H
#include <stddef.h>

/* The schema files of schemas/, compiled in by schemas/embed.py. */
typedef struct {
	const char *name; /* file name without .json: "risk" */
	const char *text;
	size_t len;
} pmo_embedded_schema;

extern const pmo_embedded_schema pmo_embedded_schemas[];

#endif
