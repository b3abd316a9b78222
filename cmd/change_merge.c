/*
 * What pmo change merge says of the renumberings its merge made (the
 * merge itself is lib/model/merge_change.c's): the change's records that
 * took the next free ID because the other side took theirs, the tasks the
 * plan's merge renumbered, and the references that followed.
 */
#include "change_internal.h"

void pmo_cr_merge_notes(pmo_buf *msg, const pmo_change_merge *cm)
{
	size_t i;

	for (i = 0; cm->notes && cm->notes[i]; i++)
		pmo_buf_printf(msg, "%s\n", cm->notes[i]);
	if (i)
		pmo_buf_putc(msg, '\n');
}

void pmo_cr_merge_tell(const pmo_change_merge *cm)
{
	size_t i;

	for (i = 0; cm->notes && cm->notes[i]; i++)
		fprintf(stderr, "pmo: %s\n", cm->notes[i]);
}
