#include "model/model.h"
#include "util/error.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static long int_setting(const pmo_node *map, const char *key, long dflt)
{
	int64_t v;

	if (pmo_node_int(pmo_map_get(map, key), &v) < 0 || v < LONG_MIN || v > LONG_MAX)
		return dflt;
	return (long)v;
}

int pmo_settings_load(pmo_settings **out, pmo_source *src, const pmo_model *model)
{
	pmo_settings *s = NULL;
	pmo_buf buf = PMO_BUF_INIT;
	pmo_findings res = { 0 };
	char *display = NULL;
	const pmo_node *root, *risk, *levels;
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
	risk = pmo_map_get(root, "risk");
	levels = pmo_map_get(risk, "levels");
	s->level_medium = int_setting(levels, "medium", 5);
	s->level_high = int_setting(levels, "high", 10);
	s->level_critical = int_setting(levels, "critical", 25);
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

/* The settings a default may count from (x-pmo defaults
 * "today+SECTION.SETTING"), with the value pmo.yaml's schema describes
 * when the file does not set it. */
static const struct {
	const char *section, *key;
	long dflt;
} int_defaults[] = {
	{ "risk", "review_days", 30 },
};

int pmo_settings_int(long *out, const pmo_settings *s, const char *section, const char *key)
{
	const pmo_node *v = s && s->doc ? pmo_map_get(pmo_map_get(pmo_doc_root(s->doc), section), key) : NULL;
	int64_t i;
	size_t k;

	if (v && pmo_node_int(v, &i) == 0 && i >= LONG_MIN && i <= LONG_MAX) {
		*out = (long)i;
		return 0;
	}
	for (k = 0; k < sizeof(int_defaults) / sizeof(int_defaults[0]); k++)
		if (!strcmp(int_defaults[k].section, section) && !strcmp(int_defaults[k].key, key)) {
			*out = int_defaults[k].dflt;
			return 0;
		}
	return pmo_error_set(PMO_ENOTFOUND, "pmo.yaml has no whole number %s.%s", section, key);
}

void pmo_settings_free(pmo_settings *s)
{
	if (!s)
		return;
	pmo_doc_free(s->doc);
	free(s);
}
