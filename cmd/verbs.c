/*
 * Verb dispatch shared by the command families (task, milestone, baseline,
 * calendar …): `-h` anywhere prints the verb's usage from its table entry,
 * options are checked once (a bad one exits 2 before anything is opened),
 * then what the verb needs is opened and it runs.
 */
#include "pmo.h"

#include <stdlib.h>
#include <string.h>

static int wants_help(int argc, char **argv)
{
	int j;

	for (j = 0; j < argc; j++) {
		if (!strcmp(argv[j], "--"))
			return 0;
		if (!strcmp(argv[j], "-h") || !strcmp(argv[j], "--help"))
			return 1;
	}
	return 0;
}

static int verb_help(const pmo_verb *v)
{
	pmo_buf u = PMO_BUF_INIT;

	pmo_buf_printf(&u, "%s\n%s.\n", v->usage, v->summary);
	pmo_print_usage(stdout, pmo_buf_cstr(&u), v->opts);
	if (v->help)
		v->help(stdout);
	pmo_buf_release(&u);
	return 0;
}

int pmo_check_verb_options(const char *family, const pmo_verb_shape *v, int argc, char **argv)
{
	int j;

	if (v->opts) {
		pmo_optval vals[16];
		char **copy = malloc(sizeof(char *) * (size_t)(argc + 1));
		int n, code;

		if (!copy)
			return pmo_die(1, "out of memory");
		memcpy(copy, argv, sizeof(char *) * (size_t)argc);
		code = pmo_parse_options(argc, copy, v->opts, vals, &n, NULL);
		free(copy);
		if (code < 0) {
			if (strcmp(family, v->name))
				fprintf(stderr, "see 'pmo %s %s -h'\n", family, v->name);
			else
				fprintf(stderr, "see 'pmo %s -h'\n", family);
			return 2;
		}
		return 0;
	}
	for (j = 0; j < argc; j++) {
		if (!strcmp(argv[j], "--"))
			break;
		if (argv[j][0] == '-' && argv[j][1] && !(argv[j][1] >= '0' && argv[j][1] <= '9'))
			return strcmp(family, v->name)
				? pmo_die(2, "unknown option \"%s\"; see 'pmo %s %s -h'", argv[j], family, v->name)
				: pmo_die(2, "unknown option \"%s\"; see 'pmo %s -h'", argv[j], family);
	}
	return 0;
}

int pmo_run_verb(pmo_ctx *ctx, const char *family, const pmo_verb *v, int argc, char **argv)
{
	pmo_verb_shape shape = { v->name, v->opts };
	int code;

	if (wants_help(argc, argv))
		return verb_help(v);
	if ((code = pmo_check_verb_options(family, &shape, argc, argv)))
		return code;
	if (!pmo_has_format_option(v->opts) && (code = pmo_format_text_only(ctx)))
		return code;
	if (!v->opts)
		argc = pmo_drop_dashdash(argc, argv);
	if ((code = pmo_prepare(ctx, NEED_TREE | NEED_MODEL)))
		return code;
	return v->fn(ctx, argc, argv);
}

int pmo_run_family(pmo_ctx *ctx, const char *name, const char *summary,
		   const pmo_verb *verbs, size_t n, int argc, char **argv)
{
	pmo_buf list = PMO_BUF_INIT;
	size_t i;
	int code;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		FILE *f = argc < 2 ? stderr : stdout;
		fprintf(f, "usage: pmo %s <verb> [<args>]\n\n%s\n\nverbs:\n", name, summary);
		for (i = 0; i < n; i++)
			fprintf(f, "  %-8s %s\n", verbs[i].name, verbs[i].summary);
		fprintf(f, "\n'pmo %s <verb> -h' shows a verb's usage.\n", name);
		return argc < 2 ? 2 : 0;
	}
	for (i = 0; i < n; i++)
		if (!strcmp(argv[1], verbs[i].name))
			return pmo_run_verb(ctx, name, &verbs[i], argc - 2, argv + 2);
	for (i = 0; i < n; i++)
		pmo_buf_printf(&list, "%s%s", i ? ", " : "", verbs[i].name);
	code = pmo_die(2, "\"%s\" is not a %s verb; verbs: %s", argv[1], name, pmo_buf_cstr(&list));
	{
		const char **names = calloc(n + 1, sizeof(*names));
		for (i = 0; names && i < n; i++)
			names[i] = verbs[i].name;
		if (names)
			pmo_suggest("verb", argv[1], names, n);
		free(names);
	}
	pmo_buf_release(&list);
	return code;
}
