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
	int owned;   /* the fields are the list's own strings (pmo_value_diff) */
} pmo_changes;
int pmo_record_diff(pmo_changes *out, const pmo_kind *kind, const pmo_node *old,
		    const pmo_node *new);
/* The same changes told by path, down to the values that differ (pmo
 * diff): two mappings are compared key by key ("calendar.weekdays"), two
 * lists that hold mappings item by item, numbered from 1 as field.N.sub
 * is written ("objectives.1.achieved"; an item only one side has is one
 * change, "objectives.3"); any other value whole ("depends"). kind gives
 * the top level's order (its schema's, as pmo_record_diff); NULL: the
 * files' order. */
int pmo_value_diff(pmo_changes *out, const pmo_kind *kind, const pmo_node *old,
		   const pmo_node *new);
void pmo_changes_free(pmo_changes *c);

#endif
