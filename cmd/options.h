#ifndef PMO_CMD_OPTIONS_H
#define PMO_CMD_OPTIONS_H
/*
 * Options bound to typed variables, as git's parse-options: a command or
 * verb declares its options once, in a table of OPT_* entries that point
 * at its own variables; one pass over argv fills them, and the same table
 * prints the help.
 *
 *	const char *format = NULL;
 *	int check = 0;
 *	const pmo_opt opts[] = {
 *		OPT_STRING('f', "format", &format, "FORMAT", "text (default) or json"),
 *		OPT_BOOL(0, "check", &check, "change nothing"),
 *		OPT_END(),
 *	};
 */
#include <stdio.h>

typedef struct pmo_opt pmo_opt;

typedef enum {
	PMO_OPT_END = 0,
	PMO_OPT_BOOL,     /* int: 1 when given */
	PMO_OPT_BIT,      /* unsigned: |= bits when given */
	PMO_OPT_STRING,   /* const char *: the argument */
	PMO_OPT_INTEGER,  /* long: the argument, a whole number */
	PMO_OPT_CALLBACK, /* cb(opt, argument): for options given more than once */
	PMO_OPT_PRESENT,  /* const char *: the argument, "" for a flag given
	                     (the pmo_parse_options shim only) */
} pmo_opt_type;

/* An OPT_CALLBACK's function: 0, or the exit code after the message. */
typedef int (*pmo_opt_cb)(const pmo_opt *opt, const char *arg);

struct pmo_opt {
	pmo_opt_type type;
	char shortname;     /* 0 when none */
	const char *name;   /* long name without --, e.g. "sort" */
	void *value;        /* the variable, of the type's C type */
	const char *arg;    /* the argument's name in help; NULL for flags */
	const char *help;
	unsigned bits;      /* PMO_OPT_BIT */
	pmo_opt_cb cb;      /* PMO_OPT_CALLBACK */
};

#define OPT_END() { PMO_OPT_END, 0, NULL, NULL, NULL, NULL, 0, NULL }
#define OPT_BOOL(s, l, v, h) { PMO_OPT_BOOL, (s), (l), (v), NULL, (h), 0, NULL }
#define OPT_BIT(s, l, v, h, b) { PMO_OPT_BIT, (s), (l), (v), NULL, (h), (b), NULL }
#define OPT_STRING(s, l, v, a, h) { PMO_OPT_STRING, (s), (l), (v), (a), (h), 0, NULL }
#define OPT_INTEGER(s, l, v, a, h) { PMO_OPT_INTEGER, (s), (l), (v), (a), (h), 0, NULL }
#define OPT_CALLBACK(s, l, v, a, h, f) { PMO_OPT_CALLBACK, (s), (l), (v), (a), (h), 0, (f) }

enum {
	/* pmo's global options: stop at the first argument that is not an
	 * option (the command; *nargs gets its index and argv is left as it
	 * is), refuse any other argument before it, and hold a parse error
	 * until the end, so that -h and the callbacks act in order before it */
	PMO_PARSE_STOP_AT_COMMAND = 1 << 0,
	/* -h or --help anywhere before "--" wins over any bad option (verbs) */
	PMO_PARSE_HELP_FIRST = 1 << 1,
	/* a bad option: one line naming it and "see '<see> -h'" when the verb
	 * takes no options, else the options and that line (verbs) */
	PMO_PARSE_VERB = 1 << 2,
};

/* What pmo_opt_parse found besides the options. */
typedef enum {
	PMO_PARSE_OK = 0,     /* options taken; the other arguments counted */
	PMO_PARSE_HELP = 1,   /* -h or --help: the caller prints help, exits 0 */
	PMO_PARSE_ERROR = 2,  /* printed; exit 2 */
} pmo_parse_result;

/* One pass over argv against opts (ending with OPT_END()): each option
 * given is stored in its variable, the other arguments are moved to the
 * front of argv in their order ("--" ends options and is dropped; "-5" is
 * an argument), and their count goes to *nargs. A bad option prints
 * "pmo: error: …" and the usage (usage, then the options) to stderr, or
 * as flags say; see names the command for "see '<see> -h'". */
pmo_parse_result pmo_opt_parse(int *nargs, int argc, char **argv, const pmo_opt *opts,
			       const char *usage, const char *see, unsigned flags);
/* usage (may be NULL), then "options:" from the table, then -h. */
void pmo_opt_usage(FILE *f, const char *usage, const pmo_opt *opts);
/* Whether opts (may be NULL) has an option named name. */
int pmo_opt_has(const pmo_opt *opts, const char *name);

#endif
