/*
 * What derived fields are made of: a scalar appended to a record's view.
 * A file of its own, below the per-kind files that use it.
 */
#include "model/internal.h"

#include <string.h>

int pmo_model__view_put(pmo_doc *doc, pmo_node *view, const char *key, pmo_tag tag,
			const char *text)
{
	pmo_node *k, *v;

	if (!(k = pmo_node_str(doc, key)) || !(v = pmo_node_scalar(doc, tag, text, strlen(text))) ||
	    pmo_map_append(doc, view, k, v) < 0)
		return PMO_ENOMEM;
	return 0;
}
