#include "model/model.h"
#include "util/error.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

int pmo_settings_load(pmo_settings **out, pmo_source *src, const pmo_model *model)
{
	pmo_settings *s = NULL;
	pmo_buf buf = PMO_BUF_INIT;
	pmo_findings res = { 0 };
	char *display = NULL;
	const pmo_node *root;
	size_t i;
	int error;

	if (!(s = calloc(1, sizeof(*s)))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	display = pmo_source_display(src, "pmo.yaml");
	if ((error = pmo_source_read(&buf, src, "pmo.yaml", PMO_YAML_MAX_BYTES)) < 0)
		goto done;
	if ((error = pmo_yaml_load(&s->doc, display, buf.ptr, buf.len, NULL)) < 0)
		goto done;
	root = pmo_doc_root(s->doc);
	if ((error = pmo_schema_validate(&res, pmo_model_schema(model, "pmo"), root)) < 0)
		goto done;
	if (res.n) {
		const pmo_finding *f = &res.items[0];
		error = pmo_error_set_at(PMO_EINVALID, display, f->node->line, f->node->col,
			"%s%s%s", f->location, *f->location ? ": " : "", f->message);
		goto done;
	}
	s->name = pmo_node_text(pmo_map_get(root, "name"));
	s->currency = pmo_node_text(pmo_map_get(root, "currency"));
	s->default_project = pmo_node_text(pmo_map_get(root, "default_project"));
	{
		const pmo_node *money = pmo_map_get(root, "money");
		const pmo_node *minor = pmo_map_get(money, "minor_units");
		pmo_rounding r = PMO_ROUND_HALF_UP;
		int64_t mu = -1;

		if (minor && pmo_node_int(minor, &mu) < 0)
			mu = -1;
		/* the schema allowed only the two names */
		if (pmo_map_get(money, "rounding"))
			pmo_rounding_parse(&r, pmo_node_text(pmo_map_get(money, "rounding")));
		pmo_error_clear();
		pmo_currency_set(&s->money, s->currency, (int)mu, r);
	}
	/* by name: the kinds' schemas need not be read for their settings */
	for (i = 0; i < pmo_model_kind_count(model); i++) {
		const pmo_kind_hooks *h = pmo_kind_hooks_for(pmo_model_kind_name(model, i, NULL));
		if (h->settings_load)
			h->settings_load(s, root);
	}
done:
	pmo_findings_free(&res);
	pmo_buf_free(&buf);
	free(display);
	if (error < 0) {
		pmo_settings_free(s);
		return error;
	}
	*out = s;
	return 0;
}

int pmo_settings_int(long *out, const pmo_settings *s, const char *section, const char *key)
{
	const pmo_node *v = s && s->doc ? pmo_map_get(pmo_map_get(pmo_doc_root(s->doc), section), key) : NULL;
	const pmo_kind_hooks *h = pmo_kind_hooks_for(section);
	int64_t i;

	if (v && pmo_node_int(v, &i) == 0 && i >= LONG_MIN && i <= LONG_MAX) {
		*out = (long)i;
		return 0;
	}
	/* a section of pmo.yaml is a kind's: its hook knows the defaults */
	if (h->setting_default && h->setting_default(out, key) == 0)
		return 0;
	return pmo_error_set(PMO_ENOTFOUND, "pmo.yaml has no whole number %s.%s", section, key);
}

void pmo_settings_free(pmo_settings *s)
{
	if (!s)
		return;
	pmo_doc_free(s->doc);
	free(s);
}
