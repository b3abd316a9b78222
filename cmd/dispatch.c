/*
 * The one dispatcher: pmo's global options, the command table, and the
 * road from a command line to the function that runs it,
 *
 *	pmo [global options] <command> [<verb>] [options and arguments]
 *
 * A command is a function (init, validate …), a family of verbs (calendar,
 * task, baseline …), a family that is its one verb (schedule, status,
 * export), or a record kind from the schemas, whose verbs are
 * pmo_kind_verbs. Every verb starts with pmo_parse: its options into its
 * variables, -h from its table entry, then what it needs is opened once
 * (pmo_prepare) and handed over in the pmo_ctx. Help is printed from the
 * same tables, so it cannot drift from what exists.
 */
#include "pmo.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

static int cmd_help(pmo_ctx *ctx, int argc, char **argv);
static int cmd_version(pmo_ctx *ctx, int argc, char **argv);
static int open_tree_quietly(pmo_ctx *ctx);

static const pmo_command commands[] = {
	{ "init", cmd_init, NULL, NEED_NOTHING, "create a pmo tree here (and a git repository when there is none)" },
	{ "schemas", cmd_schemas, NULL, TAKES_FORMAT, "list the JSON Schemas built into pmo, or write them for editors" },
	{ "help", cmd_help, NULL, NEED_NOTHING, "show help for pmo or a command" },
	{ "version", cmd_version, NULL, NEED_NOTHING, "show pmo's version" },
	{ "due", cmd_due, NULL, NEED_REPO | NEED_TREE | NEED_MODEL | TAKES_FORMAT, "what falls due across every kind and project: reviews, due dates, expiries, milestones" },
	{ "load", cmd_load, NULL, NEED_REPO | NEED_TREE | NEED_MODEL | TAKES_FORMAT, "people's load across projects, day by day against their capacity; who is over-allocated" },
	{ "validate", cmd_validate, NULL, NEED_REPO | NEED_MODEL | NEED_HOOK | TAKES_FORMAT, "check every file: YAML, schemas, references, consistency, dates" },
	{ "fmt", cmd_fmt, NULL, NEED_REPO | NEED_MODEL, "rewrite files in the canonical style (--check for CI)" },
	{ "merge-file", cmd_merge_file, NULL, NEED_NOTHING, "git's merge driver for plan.yaml and budget.yaml: merge by task and line ID" },
	{ "resolve", cmd_resolve, NULL, NEED_REPO | NEED_TREE | NEED_MODEL, "finish a git merge: renumber the register records both branches added with the same ID" },
	{ "search", cmd_search, NULL, NEED_REPO | NEED_TREE | NEED_MODEL | TAKES_FORMAT, "find text in the records of every kind and project" },
	{ "diff", cmd_diff, NULL, NEED_REPO | NEED_TREE | NEED_MODEL | TAKES_FORMAT, "what changed between two revisions: records field by field, finish and milestones moved, critical path" },
	{ "calendar", NULL, &pmo_calendar_verbs, TAKES_FORMAT, "the working calendar: holidays, extra workdays, month grids" },
	{ "task", NULL, &pmo_task_verbs, TAKES_FORMAT, "tasks of a project's plan: add, set, list, show" },
	{ "milestone", NULL, &pmo_milestone_verbs, TAKES_FORMAT, "milestones of a project's plan: add" },
	{ "schedule", NULL, &pmo_schedule_command, TAKES_FORMAT, "critical-path schedule, slack, Gantt chart (terminal, mermaid)" },
	{ "baseline", NULL, &pmo_baseline_verbs, TAKES_FORMAT, "freeze the computed dates as a named baseline" },
	{ "status", NULL, &pmo_status_command, TAKES_FORMAT, "a project against its baseline (-p); without one, every active project rated red, amber or green" },
	{ "evm", NULL, &pmo_evm_command, TAKES_FORMAT, "earned value in money: BAC, PV, EV, AC, CPI, SPI, EAC for the project and its summaries" },
	{ "export", NULL, &pmo_export_command, TAKES_FORMAT, "the plan for other tools (--format tjp: TaskJuggler, mspdi: Microsoft Project, ical, xlsx)" },
	{ "import", NULL, &pmo_import_command, TAKES_FORMAT, "records or a plan from a file other tools write, in one commit (--format csv: a row per record; mspdi: Microsoft Project XML)" },
	{ "report", NULL, &pmo_report_command, 0, "the portfolio and its projects for people: --html DIR (a static site: Gantt, risk heat map, earned value), --md (Markdown with mermaid Gantt charts)" },
	{ "budget", NULL, &pmo_budget_verbs, TAKES_FORMAT, "budget lines and their planned, committed, spent and remaining amounts" },
	{ "expense", NULL, &pmo_expense_verbs, TAKES_FORMAT, "expenses of a project's budget: add" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* Record kinds whose verbs are their own family (a change request is
 * started, submitted, approved and merged; it is listed, shown and logged
 * as every record is) rather than pmo_kind_verbs. */
static const struct {
	const char *kind;
	const pmo_family *family;
} kind_families[] = {
	{ "change", &pmo_change_verbs },
};

size_t pmo_command_count(void)
{
	return NCOMMANDS;
}

const pmo_command *pmo_command_at(size_t i)
{
	return i < NCOMMANDS ? &commands[i] : NULL;
}

const pmo_family *pmo_kind_family(const pmo_kind *kind)
{
	size_t i;

	for (i = 0; i < sizeof(kind_families) / sizeof(kind_families[0]); i++)
		if (!strcmp(kind->name, kind_families[i].kind))
			return kind_families[i].family;
	return &pmo_kind_verbs;
}

/* --- global options ---------------------------------------------------------- */

/* The global options' variables: one run of pmo parses them once. */
static struct {
	const char **dirs;  /* -C, in order */
	size_t ndirs;
	const char *project;
	const char *format;
	const char *color;
	int version;
	int no_pager;
	unsigned commit_flags;
} globals;

/* -C DIR as in git: each one in turn, a relative one from where the one
 * before led; they are taken after the other options are checked. */
static int take_dir(const pmo_opt *opt, const char *dir)
{
	const char **dirs = realloc(globals.dirs, (globals.ndirs + 1) * sizeof(*dirs));

	(void)opt;
	if (!dirs)
		return pmo_die(1, "out of memory");
	globals.dirs = dirs;
	globals.dirs[globals.ndirs++] = dir;
	return 0;
}

/* git -c: into GIT_CONFIG_PARAMETERS, seen by every read */
static int take_config(const pmo_opt *opt, const char *v)
{
	(void)opt;
	if (pmo_config_push_parameter(v) < 0)
		return pmo_die(2, "-c %s: %s", v, pmo_error_last()->message);
	return 0;
}

static const pmo_opt global_opts[] = {
	OPT_CALLBACK('C', "directory", NULL, "DIR", "run as if pmo was started in DIR", take_dir),
	OPT_STRING('p', "project", &globals.project, "KEY", "the project to work on (default: the project folder you are in, or default_project in pmo.yaml)"),
	OPT_STRING(0, "format", &globals.format, "FORMAT", "output format, before or after the command: table, json, csv, yaml, md … as the command has them (others are refused)"),
	OPT_STRING(0, "color", &globals.color, "WHEN", "colour on a terminal: auto (default), always, never; NO_COLOR turns it off"),
	OPT_BOOL(0, "version", &globals.version, "show pmo's version"),
	OPT_BOOL('P', "no-pager", &globals.no_pager, "never send the output to a pager (list, log, diff and due page on a terminal, as git)"),
	OPT_CALLBACK('c', "config", NULL, "NAME=VALUE", "a git configuration value for this run, as git -c (also for the hooks and signing programs)", take_config),
	OPT_BIT(0, "no-verify", &globals.commit_flags, "commit without the pre-commit and commit-msg hooks, as git commit --no-verify (also after the command)", PMO_COMMIT_NO_VERIFY),
	OPT_BIT(0, "no-gpg-sign", &globals.commit_flags, "commit unsigned whatever commit.gpgsign says, as git commit --no-gpg-sign (also after the command)", PMO_COMMIT_NO_GPG_SIGN),
	OPT_END(),
};

const pmo_opt *pmo_global_options(void)
{
	return global_opts;
}

static const char global_usage[] =
	"usage: pmo [-C DIR] [-p KEY] [--format FORMAT] <command> [<args>]\n";

static int load_model(pmo_ctx *ctx);
static int load_tree_model(pmo_ctx *ctx);

/* pmo's help; in a pmo tree its own kinds are listed too */
static void print_help(FILE *f, pmo_ctx *ctx)
{
	size_t i;

	pmo_opt_usage(f, global_usage, global_opts);
	fputs("\ncommands:\n", f);
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-13s %s\n", commands[i].name, commands[i].summary);
	if (pmo_tree_kinds(ctx) && !ctx->model)
		return;
	fputs("\nrecords (pmo <kind> add|list|show|set|edit|close|log):\n", f);
	for (i = 0; i < pmo_model_kind_count(ctx->model); i++) {
		const pmo_kind *k = pmo_model_kind_at(ctx->model, i);
		fprintf(f, "  %-13s %s%s\n", k->name, k->summary ? k->summary : "",
			k->source ? " (this tree's own kind)" : "");
	}
	fputs("\nrecords are named PROJECT/ID (CBM/R-1) or ID with -p PROJECT.\n"
	      "'pmo <command> -h' or 'pmo help <command> [<verb>]' shows a command's usage.\n"
	      "\nexit status: 0 success; 1 the command failed or validation found errors;\n"
	      "2 usage error (unknown command or option, bad field=value).\n", f);
}

static size_t terminal_width(void)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
		return ws.ws_col;
	if (cols && atoi(cols) > 0)
		return (size_t)atoi(cols);
	return 80;
}

/* -p KEY (--project KEY, --project=KEY) and --format FORMAT after the
 * command work as before it: `pmo risk list -p CBM` is what many type. They
 * are taken out of argv (up to "--"). */
static int project_after_command(pmo_ctx *ctx, int *argcp, char **argv, int cmd)
{
	int j, k, argc = *argcp;

	for (j = cmd + 1; j < argc && strcmp(argv[j], "--"); j++) {
		const char *key = NULL, **to = &ctx->project;
		int take = 0;

		if ((!strcmp(argv[j], "-p") || !strcmp(argv[j], "--project")) && j + 1 < argc) {
			key = argv[j + 1];
			take = 2;
		} else if (!strncmp(argv[j], "--project=", 10)) {
			key = argv[j] + 10;
			take = 1;
		} else if (!strcmp(argv[j], "--format") && j + 1 < argc) {
			key = argv[j + 1];
			take = 2;
			to = &ctx->format;
		} else if (!strncmp(argv[j], "--format=", 9)) {
			key = argv[j] + 9;
			take = 1;
			to = &ctx->format;
		}
		if (!take)
			continue;
		if (*to && strcmp(*to, key))
			return pmo_die(2, "%s given twice (%s and %s)", to == &ctx->format ? "--format" : "-p",
				       *to, key);
		*to = key;
		for (k = j; k + take <= argc; k++)
			argv[k] = argv[k + take];
		argc -= take;
		j--;
	}
	*argcp = argc;
	return 0;
}

/* --no-verify and --no-gpg-sign after the command work as before it, as
 * git commit takes them; they are taken out of argv. */
static void commit_flags_after_command(pmo_ctx *ctx, int *argcp, char **argv, int cmd)
{
	int j, k, argc = *argcp;
	unsigned flag;

	for (j = cmd + 1; j < argc && strcmp(argv[j], "--"); j++) {
		if (!strcmp(argv[j], "--no-verify"))
			flag = PMO_COMMIT_NO_VERIFY;
		else if (!strcmp(argv[j], "--no-gpg-sign"))
			flag = PMO_COMMIT_NO_GPG_SIGN;
		else
			continue;
		ctx->commit_flags |= flag;
		for (k = j; k + 1 <= argc; k++)
			argv[k] = argv[k + 1];
		argc--;
		j--;
	}
	*argcp = argc;
}

int pmo_parse_globals(pmo_ctx *ctx, int *cmd, int *argcp, char **argv)
{
	const char *term = getenv("TERM"), *nocolor = getenv("NO_COLOR");
	int i, code = PMO_GO;
	size_t j;

	switch (pmo_opt_parse(&i, *argcp - 1, argv + 1, global_opts, global_usage, NULL,
			      PMO_PARSE_STOP_AT_COMMAND)) {
	case PMO_PARSE_OK:
		break;
	case PMO_PARSE_HELP:
		print_help(stdout, ctx);
		code = 0;
		goto done;
	default:
		code = 2;
		goto done;
	}
	i++; /* argv[i] is the command */
	if (globals.version) {
		printf("pmo %s\n", PMO_VERSION);
		code = 0;
		goto done;
	}
	ctx->commit_flags |= globals.commit_flags;
	ctx->no_pager = globals.no_pager;
	ctx->dir = globals.ndirs ? globals.dirs[globals.ndirs - 1] : NULL;
	ctx->project = globals.project;
	ctx->format = globals.format;
	ctx->tty = isatty(STDOUT_FILENO);
	ctx->width = ctx->tty ? terminal_width() : 0;
	ctx->color = ctx->tty && !(term && !strcmp(term, "dumb"));
	if (globals.color) {
		if (!strcmp(globals.color, "always"))
			ctx->color = 1;
		else if (!strcmp(globals.color, "never"))
			ctx->color = 0;
		else if (strcmp(globals.color, "auto")) {
			code = pmo_die(2, "--color takes auto, always or never, not \"%s\"", globals.color);
			goto done;
		}
	}
	if (nocolor && *nocolor)
		ctx->color = 0;
	if (i >= *argcp) {
		print_help(stderr, ctx);
		code = 2;
		goto done;
	}
	/* an empty DIR changes nothing */
	for (j = 0; j < globals.ndirs; j++)
		if (*globals.dirs[j] && chdir(globals.dirs[j]) < 0) {
			code = pmo_die(2, "cannot change to \"%s\": %s", globals.dirs[j], strerror(errno));
			goto done;
		}
	if ((code = project_after_command(ctx, argcp, argv, i)))
		goto done;
	commit_flags_after_command(ctx, argcp, argv, i);
	ctx->project_given = ctx->project;
	*cmd = i;
	code = PMO_GO;
done:
	free(globals.dirs);
	globals.dirs = NULL;
	globals.ndirs = 0;
	return code;
}

/* --- help and version ------------------------------------------------------- */

static const char help_usage[] =
	"usage: pmo help [<command> [<verb>]]\n"
	"\nShow pmo's help; with a command (or kind) its man page pmo-<command>(1) when\n"
	"one is installed (as git help), else its help, as 'pmo <command> -h';\n"
	"with a verb too the verb's, as 'pmo <command> <verb> -h'.\n";

/* As git help: `man pmo-NAME` takes the place of pmo when man knows the
 * page (man -w finds it on its MANPATH); else nothing happens and the
 * built-in help is printed. */
static void open_man_page(const char *name)
{
	pmo_buf page = PMO_BUF_INIT;
	int status;
	pid_t pid;

	pmo_buf_printf(&page, "pmo-%s", name);
	if (pmo_buf_oom(&page) < 0)
		return;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0) {
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		execlp("man", "man", "-w", page.ptr, (char *)NULL);
		_exit(127);
	}
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && !WEXITSTATUS(status))
		execlp("man", "man", page.ptr, (char *)NULL);
	pmo_buf_free(&page);
}

static int cmd_help(pmo_ctx *ctx, int argc, char **argv)
{
	char **args;
	int code;

	if (ctx->opts_seen)
		return pmo_parse(ctx, &argc, argv, NULL, help_usage);
	if (argc > 1 && (!strcmp(argv[1], "help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(help_usage, stdout);
		return 0;
	}
	if (argc < 2) {
		print_help(stdout, ctx);
		return 0;
	}
	/* pmo help risk: the man page pmo-risk(1) when one is installed */
	if (argc == 2 && argv[1][0] != '-')
		open_man_page(argv[1]);
	/* pmo help risk add: pmo risk add --help */
	if (!(args = calloc((size_t)argc + 1, sizeof(*args))))
		return pmo_die(1, "out of memory");
	memcpy(args, argv + 1, sizeof(*args) * (size_t)(argc - 1));
	args[argc - 1] = (char *)"--help";
	code = pmo_run(ctx, argc, args);
	free(args);
	return code;
}

static const char version_usage[] = "usage: pmo version\n\nShow pmo's version.\n";

static int cmd_version(pmo_ctx *ctx, int argc, char **argv)
{
	if (ctx->opts_seen)
		return pmo_parse(ctx, &argc, argv, NULL, version_usage);
	printf("pmo %s\n", PMO_VERSION);
	return 0;
}

/* --- opening what a command needs --------------------------------------------- */

int pmo_check_kind_name(const pmo_kind *kind)
{
	const char *file = kind->source ? kind->source : "", *sep = kind->source ? ": " : "";
	size_t i;

	for (i = 0; i < NCOMMANDS; i++) {
		if (!strcmp(kind->name, commands[i].name))
			return pmo_error_set(PMO_EINVALID, "%s%sthe kind \"%s\" has the name of the command "
					     "\"%s\"; a kind cannot shadow a command", file, sep,
					     kind->name, commands[i].name);
		if (kind->plural && !strcmp(kind->plural, commands[i].name))
			return pmo_error_set(PMO_EINVALID, "%s%sthe kind \"%s\" has the plural \"%s\", the "
					     "name of a command; a kind cannot shadow a command", file, sep,
					     kind->name, kind->plural);
	}
	return 0;
}

/* by the names alone, so that no kind's schema is read for it; a kind
 * that takes a command's name is read for the message */
static int check_kind_names(const pmo_model *model)
{
	const char *name, *plural;
	size_t i, j;

	for (i = 0; (name = pmo_model_kind_name(model, i, &plural)); i++)
		for (j = 0; j < NCOMMANDS; j++)
			if (!strcmp(name, commands[j].name) || !strcmp(plural, commands[j].name)) {
				const pmo_kind *k = pmo_model_kind_at(model, i);
				if (k)
					pmo_check_kind_name(k);
				return -1;
			}
	return 0;
}

/* The kinds, registered once: none may take a command's name. */
static int load_model(pmo_ctx *ctx)
{
	if (ctx->model)
		return 0;
	if (pmo_model_new(&ctx->model) < 0)
		return pmo_fail();
	if (check_kind_names(ctx->model) < 0) {
		pmo_model_free(ctx->model);
		ctx->model = NULL;
		return pmo_fail();
	}
	return 0;
}

/* The kinds of the tree: the built-in ones with pmo.yaml's fields, and the
 * local ones of schemas/<kind>.json; ctx->kind follows to the new table. */
static int load_tree_model(pmo_ctx *ctx)
{
	pmo_model *m = NULL;
	const pmo_kind *k = NULL;

	ctx->tree_model = 1;
	if (!pmo_model_tree_differs(ctx->src, ctx->settings))
		return 0;
	if (pmo_model_new_tree(&m, ctx->src, ctx->settings) < 0 || check_kind_names(m) < 0) {
		pmo_model_free(m);
		return pmo_fail();
	}
	if (ctx->kind && !(k = pmo_model_kind(m, ctx->kind->name))) {
		pmo_model_free(m);
		return pmo_die(1, "the kind \"%s\" is gone from the tree's schemas", ctx->kind->name);
	}
	pmo_model_free(ctx->model);
	ctx->model = m;
	ctx->kind = k;
	return 0;
}

int pmo_tree_kinds(pmo_ctx *ctx)
{
	int code;

	if ((code = load_model(ctx)))
		return code;
	if (!ctx->tree_model && !open_tree_quietly(ctx))
		return load_tree_model(ctx);
	return 0;
}

/* Open what a command needs. The project we stand in is the default for -p. */
int pmo_prepare(pmo_ctx *ctx, unsigned needs)
{
	int code;

	if (needs & (NEED_MODEL | NEED_TREE)) {
		if ((code = load_model(ctx)))
			return code;
	}
	if (!(needs & (NEED_REPO | NEED_TREE)))
		return 0;
	if (!ctx->repo && pmo_repo_open(&ctx->repo, ".", ((needs & NEED_TREE) ? PMO_REPO_NEED_TREE : 0) |
			((needs & NEED_HOOK) && getenv("GIT_QUARANTINE_PATH") ? PMO_REPO_FROM_ENV : 0)) < 0)
		return pmo_fail();
	if (!(needs & NEED_TREE)) {
		/* a command that reads the kinds (fmt, validate) knows the
		 * tree's own ones too */
		if ((needs & NEED_MODEL) && !ctx->tree_model && pmo_repo_has_tree(ctx->repo) &&
		    !open_tree_quietly(ctx))
			return load_tree_model(ctx);
		return 0;
	}
	if (!ctx->src && pmo_source_open(&ctx->src, ctx->repo, NULL) < 0)
		return pmo_fail();
	if (!ctx->settings && pmo_settings_load(&ctx->settings, ctx->src, ctx->model) < 0)
		return pmo_fail();
	if (!ctx->tree_model && (code = load_tree_model(ctx)))
		return code;
	if (!ctx->project && pmo_repo_root(ctx->repo)) {
		/* standing in projects/<KEY>/… picks KEY */
		char cwd[PATH_MAX];
		const char *root = pmo_repo_root(ctx->repo);
		size_t rl = strlen(root);
		static char key[64];

		if (getcwd(cwd, sizeof(cwd)) && !strncmp(cwd, root, rl - 1) &&
		    (cwd[rl - 1] == '/' ) && !strncmp(cwd + rl, "projects/", 9)) {
			const char *k = cwd + rl + 9;
			size_t kl = strcspn(k, "/");
			if (kl && kl < sizeof(key)) {
				memcpy(key, k, kl);
				key[kl] = '\0';
				ctx->project = key;
			}
		}
	}
	return 0;
}

/* --- verbs ------------------------------------------------------------------------ */

static const char *family_name(const pmo_ctx *ctx)
{
	return ctx->family->name ? ctx->family->name : ctx->kind->name;
}

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

static int verb_help(const pmo_ctx *ctx, const pmo_opt *opts)
{
	const pmo_verb *v = ctx->verb;
	pmo_buf u = PMO_BUF_INIT;

	if (ctx->family->verb_usage)
		ctx->family->verb_usage(&u, ctx, v);
	else
		pmo_buf_printf(&u, "%s\n%s.\n", v->usage, v->summary);
	pmo_opt_usage(stdout, pmo_buf_cstr(&u), opts);
	if (v->help)
		v->help(stdout);
	pmo_buf_free(&u);
	return 0;
}

int pmo_parse(pmo_ctx *ctx, int *argc, char **argv, const pmo_opt *opts, const char *usage)
{
	pmo_buf see = PMO_BUF_INIT;
	pmo_parse_result r;
	int n = 0, code;

	if (ctx->opts_seen) {
		ctx->opts_seen(ctx->opts_payload, opts, usage);
		return 0;
	}
	if (!ctx->verb) {
		/* a command: its options in order, its usage with them */
		r = pmo_opt_parse(&n, *argc, argv, opts, usage, NULL, 0);
		if (r == PMO_PARSE_HELP)
			pmo_opt_usage(stdout, usage, opts);
		if (r != PMO_PARSE_OK)
			return r == PMO_PARSE_HELP ? 0 : 2;
		*argc = n;
		return PMO_GO;
	}
	/* a verb: -h first; a bad option exits 2 before anything is opened */
	if (strcmp(family_name(ctx), ctx->verb->name))
		pmo_buf_printf(&see, "pmo %s %s", family_name(ctx), ctx->verb->name);
	else
		pmo_buf_printf(&see, "pmo %s", family_name(ctx));
	r = pmo_opt_parse(&n, *argc, argv, opts, NULL, pmo_buf_cstr(&see),
			  PMO_PARSE_HELP_FIRST | PMO_PARSE_VERB);
	pmo_buf_free(&see);
	if (r == PMO_PARSE_HELP)
		return verb_help(ctx, opts);
	if (r != PMO_PARSE_OK)
		return 2;
	*argc = n;
	if (!pmo_opt_has(opts, "format") && (code = pmo_format_text_only(ctx)))
		return code;
	if ((code = pmo_prepare(ctx, ctx->needs)))
		return code;
	return PMO_GO;
}

static int run_verb(pmo_ctx *ctx, const pmo_family *f, const pmo_verb *v, int argc, char **argv)
{
	ctx->family = f;
	ctx->verb = v;
	ctx->needs = NEED_TREE | NEED_MODEL;
	return v->fn(ctx, argc, argv);
}

/* `pmo NAME <verb> …`: the family's help, the verb by name, or exit 2. */
static int run_family(pmo_ctx *ctx, const pmo_family *f, int argc, char **argv)
{
	pmo_buf list = PMO_BUF_INIT;
	const char *name;
	size_t i;
	int code;

	if (f->is_command == 1)
		return run_verb(ctx, f, f->verbs, argc - 1, argv + 1);
	ctx->family = f;
	name = family_name(ctx);
	if (argc < 2 && f->is_command == PMO_FAMILY_FIRST_VERB)
		return run_verb(ctx, f, f->verbs, 0, argv + 1);
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		FILE *out = argc < 2 ? stderr : stdout;
		if (f->usage) {
			f->usage(out, ctx);
		} else {
			fprintf(out, "usage: pmo %s <verb> [<args>]\n\n%s\n\nverbs:\n", name, f->summary);
			for (i = 0; i < f->n; i++)
				fprintf(out, "  %-8s %s\n", f->verbs[i].name, f->verbs[i].summary);
			fprintf(out, "\n'pmo %s <verb> -h' shows a verb's usage.\n", name);
		}
		return argc < 2 ? 2 : 0;
	}
	for (i = 0; i < f->n; i++)
		if (!strcmp(argv[1], f->verbs[i].name))
			return run_verb(ctx, f, &f->verbs[i], argc - 2, argv + 2);
	for (i = 0; i < f->n; i++)
		pmo_buf_printf(&list, "%s%s", i ? ", " : "", f->verbs[i].name);
	code = pmo_die(2, "\"%s\" is not a %s verb; verbs: %s", argv[1], name, pmo_buf_cstr(&list));
	{
		const char **names = calloc(f->n + 1, sizeof(*names));
		for (i = 0; names && i < f->n; i++)
			names[i] = f->verbs[i].name;
		if (names)
			pmo_suggest("verb", argv[1], names, f->n);
		free(names);
	}
	pmo_buf_free(&list);
	return code;
}

/* --- commands ---------------------------------------------------------------------- */

/* git's wording, and its "did you mean" over the commands and kinds */
static int unknown_command(pmo_ctx *ctx, const char *name)
{
	size_t nc = NCOMMANDS, nk = pmo_model_kind_count(ctx->model), i;
	const char **names = calloc(nc + nk + 1, sizeof(*names));
	int code = pmo_die(2, "\"%s\" is not a pmo command; see 'pmo --help'", name);

	if (!names)
		return code;
	for (i = 0; i < nc; i++)
		names[i] = commands[i].name;
	for (i = 0; i < nk; i++)
		names[nc + i] = pmo_model_kind_at(ctx->model, i)->name;
	pmo_suggest("command", name, names, nc + nk);
	free(names);
	return code;
}

/* The repository, the worktree and pmo.yaml, without a word when there is
 * none (an unknown command is then just that): 0, or -1. */
static int open_tree_quietly(pmo_ctx *ctx)
{
	if ((!ctx->repo && pmo_repo_open(&ctx->repo, ".", PMO_REPO_NEED_TREE) < 0) ||
	    (!ctx->src && pmo_source_open(&ctx->src, ctx->repo, NULL) < 0) ||
	    (!ctx->settings && pmo_settings_load(&ctx->settings, ctx->src, ctx->model) < 0)) {
		pmo_error_clear();
		return -1;
	}
	return 0;
}

int pmo_run(pmo_ctx *ctx, int argc, char **argv)
{
	const pmo_command *c;
	size_t i;
	int code;

	ctx->verb = NULL;
	ctx->family = NULL;
	ctx->kind = NULL;
	/* what the shells' completion and the build's man pages call: in no
	 * table, so in no help */
	if (!strcmp(argv[0], "__complete"))
		return pmo_cmd_complete(ctx, argc, argv);
	if (!strcmp(argv[0], "__man"))
		return pmo_cmd_man(ctx, argc, argv);
	for (i = 0; i < NCOMMANDS; i++) {
		c = &commands[i];
		if (strcmp(argv[0], c->name))
			continue;
		/* a command that prints no data takes no --format but text */
		if (!wants_help(argc - 1, argv + 1) &&
		    ((!(c->needs & TAKES_FORMAT) && (code = pmo_format_text_only(ctx))) ||
		     (code = pmo_prepare(ctx, c->needs))))
			return code;
		return c->family ? run_family(ctx, c->family, argc, argv) : c->fn(ctx, argc, argv);
	}
	if ((code = load_model(ctx)))
		return code;
	/* the kinds of the tree (its own schemas/, pmo.yaml's fields), when
	 * there is one, before the kind is looked up: a verb keeps it */
	if (!open_tree_quietly(ctx) && (code = pmo_prepare(ctx, NEED_TREE | NEED_MODEL)))
		return code;
	if (!(ctx->kind = pmo_model_kind(ctx->model, argv[0])))
		return unknown_command(ctx, argv[0]);
	return run_family(ctx, pmo_kind_family(ctx->kind), argc, argv);
}

/* pmo_options_of's: the table pmo_parse got, to the caller's function */
struct options_seen {
	void (*fn)(void *payload, const pmo_opt *opts, const char *usage);
	void *payload;
	int called;
};

static void options_seen(void *payload, const pmo_opt *opts, const char *usage)
{
	struct options_seen *s = payload;

	s->called = 1;
	s->fn(s->payload, opts, usage);
}

int pmo_options_of(pmo_ctx *ctx, const pmo_command *c, const pmo_family *f, const pmo_verb *v,
		   void (*fn)(void *payload, const pmo_opt *opts, const char *usage), void *payload)
{
	struct options_seen s = { fn, payload, 0 };
	char *argv[2] = { NULL, NULL };
	const pmo_family *family = ctx->family;
	const pmo_verb *verb = ctx->verb;

	ctx->opts_seen = options_seen;
	ctx->opts_payload = &s;
	if (v) {
		ctx->family = f;
		ctx->verb = v;
		argv[0] = (char *)v->name;
		v->fn(ctx, 0, argv + 1);
	} else if (c && c->fn) {
		ctx->family = NULL;
		ctx->verb = NULL;
		argv[0] = (char *)c->name;
		c->fn(ctx, 1, argv);
	}
	ctx->opts_seen = NULL;
	ctx->opts_payload = NULL;
	ctx->family = family;
	ctx->verb = verb;
	return s.called ? 0 : -1;
}
