/*
 * The option parser of every command and verb (options.h): options bound
 * to typed variables, one pass over argv, the help printed from the same
 * table.
 */
#include "pmo.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void pmo_opt_usage(FILE *f, const char *usage, const pmo_opt *opts)
{
	const pmo_opt *o;
	size_t w = 0;

	if (usage)
		fputs(usage, f);
	for (o = opts; o && o->type; o++) {
		size_t len = strlen(o->name) + (o->arg ? strlen(o->arg) + 1 : 0);
		if (len > w)
			w = len;
	}
	if (opts && opts->type)
		fputs("\noptions:\n", f);
	for (o = opts; o && o->type; o++) {
		pmo_buf b = PMO_BUF_INIT;
		pmo_buf_printf(&b, "%s%s%s", o->name, o->arg ? "=" : "", o->arg ? o->arg : "");
		if (o->shortname)
			fprintf(f, "  -%c, --%-*s  %s\n", o->shortname, (int)w, pmo_buf_cstr(&b), o->help);
		else
			fprintf(f, "      --%-*s  %s\n", (int)w, pmo_buf_cstr(&b), o->help);
		pmo_buf_free(&b);
	}
	fprintf(f, "  -h, --%-*s  %s\n", (int)w, "help", "show this help");
}

int pmo_opt_has(const pmo_opt *opts, const char *name)
{
	for (; opts && opts->type; opts++)
		if (!strcmp(opts->name, name))
			return 1;
	return 0;
}

static int is_help(const char *a)
{
	return !strcmp(a, "-h") || !strcmp(a, "--help");
}

/* -h or --help before "--" */
static int help_first(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc && strcmp(argv[i], "--"); i++)
		if (is_help(argv[i]))
			return 1;
	return 0;
}

/* Store val (NULL for a flag) in o's variable: 0, or the exit code. */
static int store(const pmo_opt *o, const char *val)
{
	char *end = NULL;
	long n;

	switch (o->type) {
	case PMO_OPT_BOOL:
		*(int *)o->value = 1;
		return 0;
	case PMO_OPT_BIT:
		*(unsigned *)o->value |= o->bits;
		return 0;
	case PMO_OPT_STRING:
		*(const char **)o->value = val;
		return 0;
	case PMO_OPT_INTEGER:
		errno = 0;
		n = strtol(val, &end, 10);
		if (!*val || *end || errno)
			return pmo_die(2, "option --%s takes a whole number, not \"%s\"", o->name, val);
		*(long *)o->value = n;
		return 0;
	case PMO_OPT_CALLBACK:
		return o->cb(o, val);
	case PMO_OPT_END:
		break;
	}
	return 0;
}

/* The first error of a parse, as pmo_die would word it. */
static void hold(pmo_buf *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void hold(pmo_buf *err, const char *fmt, ...)
{
	va_list ap;

	if (err->len)
		return;
	va_start(ap, fmt);
	pmo_buf_vprintf(err, fmt, ap);
	va_end(ap);
}

pmo_parse_result pmo_opt_parse(int *nargs, int argc, char **argv, const pmo_opt *opts,
			       const char *usage, const char *see, unsigned flags)
{
	pmo_buf err = PMO_BUF_INIT;
	const char *stray = NULL; /* PMO_PARSE_STOP_AT_COMMAND: an argument */
	int i, n = 0, only_args = 0;
	int stop = (flags & PMO_PARSE_STOP_AT_COMMAND) != 0;
	size_t k;

	if ((flags & PMO_PARSE_HELP_FIRST) && help_first(argc, argv))
		return PMO_PARSE_HELP;
	for (i = 0; i < argc && !(err.len && !stop); i++) {
		char *a = argv[i];
		const pmo_opt *o = NULL;
		const char *val = NULL;

		if (stop && (a[0] != '-' || !strcmp(a, "--")))
			break; /* the command: it and what follows stay in place */
		if (only_args || a[0] != '-' || !a[1]) {
			if (!stop)
				argv[n++] = a;
			else if (!stray)
				stray = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_args = 1;
			continue;
		}
		if (is_help(a)) {
			pmo_buf_free(&err);
			return PMO_PARSE_HELP;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			for (k = 0; opts && opts[k].type; k++)
				if (strlen(opts[k].name) == len && !strncmp(opts[k].name, a + 2, len)) {
					o = &opts[k];
					break;
				}
			if (o && eq) {
				if (!o->arg) {
					hold(&err, "option --%s takes no value", o->name);
					continue;
				}
				val = eq + 1;
			}
		} else if (a[1] >= '0' && a[1] <= '9') {
			/* a negative number, not an option */
			if (!stop)
				argv[n++] = a;
			else if (!stray)
				stray = a;
			continue;
		} else {
			for (k = 0; opts && opts[k].type; k++)
				if (opts[k].shortname == a[1]) {
					o = &opts[k];
					break;
				}
			if (o && a[2]) {
				if (!o->arg) {
					hold(&err, "unknown option \"%s\"", a);
					continue;
				}
				val = a + 2;
			}
		}
		if (!o && (flags & PMO_PARSE_VERB) && !(opts && opts->type)) {
			/* a verb without options says it in one line */
			pmo_buf_free(&err);
			return pmo_die(2, "unknown option \"%s\"; see '%s -h'", a, see);
		}
		if (!o) {
			hold(&err, "unknown option \"%s\"", a);
			continue;
		}
		if (o->arg && !val) {
			if (i + 1 >= argc) {
				hold(&err, "option --%s needs a value (%s)", o->name, o->arg);
				continue;
			}
			val = argv[++i];
		}
		/* after an error (PMO_PARSE_STOP_AT_COMMAND) only the callbacks
		 * act, in order, as -h does */
		if ((!err.len || o->type == PMO_OPT_CALLBACK) && store(o, val)) {
			pmo_buf_free(&err);
			return PMO_PARSE_ERROR;
		}
	}
	if (err.len) {
		pmo_die(2, "%s", pmo_buf_cstr(&err));
		pmo_buf_free(&err);
		pmo_opt_usage(stderr, usage, opts);
		if (flags & PMO_PARSE_VERB)
			fprintf(stderr, "see '%s -h'\n", see);
		return PMO_PARSE_ERROR;
	}
	if (stray)
		return pmo_die(2, "unexpected \"%s\" before the command", stray);
	*nargs = stop ? i : n;
	return PMO_PARSE_OK;
}
