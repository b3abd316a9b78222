/*
 * The command line's shared rules: which argument of add is the title,
 * --format for commands that print no data, and git's "did you mean"
 * for a mistyped command, kind, verb or field.
 */
#include "pmo.h"
#include "util/similar.h"

#include <stdlib.h>
#include <string.h>

void pmo_suggest(const char *what, const char *typed, const char *const *names, size_t n)
{
	const char **best = NULL;
	size_t k;

	if (pmo_similar(&best, typed, names, n) < 0 || !best[0]) {
		free(best);
		return;
	}
	for (k = 0; best[k]; k++)
		;
	/* git's wording (help.c): "The most similar command is" */
	fprintf(stderr, "\nThe most similar %s%s\n", what, k == 1 ? " is" : "s are");
	for (k = 0; best[k]; k++)
		fprintf(stderr, "\t%s\n", best[k]);
	free(best);
}

static int is_assignment(const char *a, int (*is_field)(const void *, const char *, size_t),
			 const void *arg)
{
	size_t len = pmo_assign_field_len(a);

	return len && is_field(arg, a, len);
}

int pmo_take_title(int argc, char **argv, int (*is_field)(const void *arg, const char *f, size_t len),
		   const void *arg, const char *name_field)
{
	size_t nl = strlen(name_field);
	char *title = NULL;
	int i, at = -1, named = 0;

	for (i = 0; i < argc && at < 0; i++)
		if (!is_assignment(argv[i], is_field, arg))
			at = i;
	for (i = 0; i < argc && at < 0; i++)
		if (!strncmp(argv[i], name_field, nl) && argv[i][nl] == '=')
			at = i, named = 1;
	if (at < 0)
		return -1;
	title = argv[at] + (named ? nl + 1 : 0);
	memmove(argv + 1, argv, sizeof(char *) * (size_t)at);
	argv[0] = title;
	return 0;
}

void pmo_title_rule(pmo_buf *b, const char *cmd, const char *what, const char *name_field)
{
	pmo_buf_printf(b, "\n%s is the first argument that is not field=value with a field below: it\n"
		       "may hold '=' (\"SLA=99.99%% missed\"); one that starts with '-' goes after --\n"
		       "(pmo %s add -- \"-1 day\" …); %s=TEXT gives any %s.\n",
		       what, cmd, name_field, what);
}

int pmo_format_text_only(const pmo_ctx *ctx)
{
	const char *f;

	return ctx->format ? pmo_format(&f, ctx, NULL, "text", "text") : 0;
}

int pmo_props_has_field(const void *props, const char *f, size_t len)
{
	const pmo_node *p = props;
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->pairs[i].key->len == len && !memcmp(p->pairs[i].key->str, f, len))
			return 1;
	return 0;
}
