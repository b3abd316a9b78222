/* The files pmo's merge driver merges by ID, and their git set-up
 * (model/merge.h). */
#include "model/merge.h"
#include "repo/repo.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static const pmo_merge_list plan_lists[] = { { "tasks", "T" } };
static const pmo_merge_ref plan_refs[] = {
	{ "tasks.*.parent", "tasks", 1 },
	{ "tasks.*.depends.*", "tasks", 1 },
	{ "baselines.*.tasks.~", "tasks", 0 },
};
static const pmo_merge_list budget_lists[] = { { "lines", "B" }, { "expenses", "E" } };
static const pmo_merge_ref budget_refs[] = { { "expenses.*.line", "lines", 1 } };

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The files of a project merged by ID: one entry each. */
static const struct {
	const char *file;
	pmo_merge_spec spec;
} merged[] = {
	{ "plan.yaml", { plan_lists, N(plan_lists), plan_refs, N(plan_refs) } },
	{ "budget.yaml", { budget_lists, N(budget_lists), budget_refs, N(budget_refs) } },
};

static const pmo_merge_spec plain = { NULL, 0, NULL, 0 };

/* The entry for path's file name; without a path, the one whose lists the
 * document has. */
static const pmo_merge_spec *spec_for(const char *path, const pmo_doc *ours)
{
	size_t i, j;

	if (path) {
		const char *base = strrchr(path, '/');
		base = base ? base + 1 : path;
		for (i = 0; i < N(merged); i++)
			if (!strcmp(base, merged[i].file))
				return &merged[i].spec;
		return &plain;
	}
	for (i = 0; i < N(merged); i++)
		for (j = 0; j < merged[i].spec.nlists; j++)
			if (pmo_map_get(pmo_doc_root(ours), merged[i].spec.lists[j].key))
				return &merged[i].spec;
	return &plain;
}

static int by_lines(pmo_merge_result *out, const char *why, const pmo_buf *base,
		    const pmo_buf *ours, const pmo_buf *theirs)
{
	int r;

	if (!(out->by_lines = strdup(why)))
		return pmo_error_set_oom();
	r = pmo_merge_lines(&out->merged.text, pmo_buf_cstr(base), base->len, pmo_buf_cstr(ours),
			    ours->len, pmo_buf_cstr(theirs), theirs->len);
	if (r < 0)
		return r;
	out->conflicted = r;
	return 0;
}

/* why the side cannot be merged by key: its reader's message */
static char *refusal(const char *side)
{
	const pmo_error *e = pmo_error_last();
	pmo_buf b = PMO_BUF_INIT;
	char *msg = e ? pmo_error_format(e) : NULL;

	pmo_buf_printf(&b, "%s is not YAML pmo reads (%s)", side, msg ? msg : "unknown error");
	free(msg);
	return pmo_buf_detach(&b);
}

int pmo_merge_file(pmo_merge_result *out, const char *path, const pmo_buf *base,
		   const pmo_buf *ours, const pmo_buf *theirs)
{
	static const char *const sides[] = { "the base", "ours", "theirs" };
	const pmo_buf *texts[3] = { base, ours, theirs };
	pmo_doc *docs[3] = { NULL, NULL, NULL };
	pmo_yaml_limits limits = { PMO_PLAN_MAX_BYTES, 0, 1 };
	char *why = NULL;
	int error = 0, i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < 3 && !why; i++)
		if (pmo_yaml_load(&docs[i], path ? path : sides[i], pmo_buf_cstr(texts[i]),
				  texts[i]->len, &limits) < 0) {
			if (pmo_error_last() && pmo_error_last()->code == PMO_ENOMEM) {
				error = PMO_ENOMEM;
				goto done;
			}
			if (!(why = refusal(sides[i]))) {
				error = pmo_error_set_oom();
				goto done;
			}
		}
	if (!why) {
		error = pmo_yaml_merge(&out->merged, docs[0], docs[1], docs[2],
				       spec_for(path, docs[1]));
		if (error == PMO_ENOMEM)
			goto done;
		if (error < 0) {
			const pmo_error *e = pmo_error_last();
			pmo_buf b = PMO_BUF_INIT;
			pmo_buf_printf(&b, "it cannot be merged by key (%s)", e ? e->message : "");
			if (!(why = pmo_buf_detach(&b))) {
				error = pmo_error_set_oom();
				goto done;
			}
			error = 0;
		}
	}
	pmo_error_clear();
	if (why)
		error = by_lines(out, why, base, ours, theirs);
	else
		out->conflicted = out->merged.nconflicts > 0;
done:
	free(why);
	for (i = 0; i < 3; i++)
		pmo_doc_free(docs[i]);
	if (error < 0)
		pmo_merge_result_free(out);
	return error;
}

void pmo_merge_result_free(pmo_merge_result *r)
{
	if (!r)
		return;
	pmo_yaml_merged_free(&r->merged);
	free(r->by_lines);
	r->by_lines = NULL;
	r->conflicted = 0;
}

/* The lines of .gitattributes pmo needs, in the order it adds them. */
static const char *const attribute_lines[] = {
	"**/.retired merge=union",
	"projects/*/plan.yaml merge=pmo",
	"projects/*/budget.yaml merge=pmo",
};

static int has_line(const char *text, size_t len, const char *line)
{
	const char *p = text, *end = text + len;
	size_t ll = strlen(line);

	while (text && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (l && p[l - 1] == '\r')
			l--;
		if (l == ll && !memcmp(p, line, ll))
			return 1;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

int pmo_attributes_with(pmo_buf *out, const char *text, size_t len, const char *const *lines,
			size_t n)
{
	size_t i, missing = 0;

	for (i = 0; i < n; i++)
		missing += !has_line(text, len, lines[i]);
	if (!missing)
		return 0;
	if (text && len) {
		pmo_buf_put(out, text, len);
		if (text[len - 1] != '\n')
			pmo_buf_putc(out, '\n');
	}
	for (i = 0; i < n; i++)
		if (!has_line(text, len, lines[i]))
			pmo_buf_printf(out, "%s\n", lines[i]);
	return pmo_buf_oom(out) < 0 ? PMO_ENOMEM : 1;
}

int pmo_merge_attributes(pmo_buf *out, const char *text, size_t len)
{
	return pmo_attributes_with(out, text, len, attribute_lines, N(attribute_lines));
}

int pmo_merge_driver_line(pmo_buf *out, const char *pmo_path)
{
	const char *p;

	/* single quotes for sh, each ' as '\'' */
	pmo_buf_putc(out, '\'');
	for (p = pmo_path; *p; p++)
		if (*p == '\'')
			pmo_buf_puts(out, "'\\''");
		else
			pmo_buf_putc(out, *p);
	pmo_buf_puts(out, "' merge-file %O %A %B %P");
	return pmo_buf_oom(out);
}
