#ifndef PMO_RENDER_DIFF_H
#define PMO_RENDER_DIFF_H
/* Changes between versions of a record and values as text (diff.c). */
#include "model/model.h"

/* Top-level field changes between two versions of a record, in schema
 * order ("impact", old, new); old or new NULL when absent. */
typedef struct {
	const char *field;
	const pmo_node *old;
	const pmo_node *new;
} pmo_change;
typedef struct {
	pmo_change *items;
	size_t n;
} pmo_changes;
int pmo_record_diff(pmo_changes *out, const pmo_kind *kind, const pmo_node *old,
		    const pmo_node *new);
void pmo_changes_free(pmo_changes *c);

#endif
