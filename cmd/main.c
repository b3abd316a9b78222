/*
 * pmo: a project-management office kept as code.
 *
 * main() parses the global options, finds the command in the table below (or
 * a record kind from the schemas), opens what the command needs once, and
 * hands it over in a pmo_ctx. Help is printed from the same table.
 */
#include "pmo.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int cmd_help(pmo_ctx *ctx, int argc, char **argv);
static int cmd_version(pmo_ctx *ctx, int argc, char **argv);

static const pmo_command commands[] = {
	{ "init", cmd_init, NEED_NOTHING, "create a pmo tree here (and a git repository when there is none)" },
	{ "schemas", cmd_schemas, TAKES_FORMAT, "list the JSON Schemas built into pmo, or write them for editors" },
	{ "help", cmd_help, NEED_NOTHING, "show help for pmo or a command" },
	{ "version", cmd_version, NEED_NOTHING, "show pmo's version" },
	{ "validate", cmd_validate, NEED_REPO | NEED_MODEL | NEED_HOOK | TAKES_FORMAT, "check every file: YAML, schemas, references, consistency, dates" },
	{ "fmt", cmd_fmt, NEED_REPO | NEED_MODEL, "rewrite files in the canonical style (--check for CI)" },
	{ "calendar", cmd_calendar, TAKES_FORMAT, "the working calendar: holidays, extra workdays, month grids" },
	{ "task", cmd_task, TAKES_FORMAT, "tasks of a project's plan: add, set, list, show" },
	{ "milestone", cmd_milestone, TAKES_FORMAT, "milestones of a project's plan: add" },
	{ "schedule", cmd_schedule, TAKES_FORMAT, "critical-path schedule, slack, Gantt chart (terminal, mermaid)" },
	{ "baseline", cmd_baseline, TAKES_FORMAT, "freeze the computed dates as a named baseline" },
	{ "status", cmd_status, TAKES_FORMAT, "progress against the baseline: late tasks, milestones, finish, SPI" },
	{ "export", cmd_export, TAKES_FORMAT, "the plan for other tools (--format tjp: TaskJuggler)" },
};

static const pmo_option global_opts[] = {
	{ "directory", 'C', "DIR", "run as if pmo was started in DIR" },
	{ "project", 'p', "KEY", "the project to work on (default: the project folder you are in, or default_project in pmo.yaml)" },
	{ "format", 0, "FORMAT", "output format, before or after the command: table, json, csv, yaml, md … as the command has them (others are refused)" },
	{ "color", 0, "WHEN", "colour on a terminal: auto (default), always, never; NO_COLOR turns it off" },
	{ "version", 0, NULL, "show pmo's version" },
	{ "config", 'c', "NAME=VALUE", "a git configuration value for this run, as git -c (also for the hooks and signing programs)" },
	{ "no-verify", 0, NULL, "commit without the pre-commit and commit-msg hooks, as git commit --no-verify (also after the command)" },
	{ "no-gpg-sign", 0, NULL, "commit unsigned whatever commit.gpgsign says, as git commit --no-gpg-sign (also after the command)" },
	{ NULL, 0, NULL, NULL },
};

static const char global_usage[] =
	"usage: pmo [-C DIR] [-p KEY] [--format FORMAT] <command> [<args>]\n";

static void print_help(FILE *f)
{
	pmo_model *model = NULL;
	size_t i;

	pmo_print_usage(f, global_usage, global_opts);
	fputs("\ncommands:\n", f);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
	if (pmo_model_new(&model) == 0) {
		fputs("\nrecords (pmo <kind> add|list|show|set|edit|close|log):\n", f);
		for (i = 0; i < pmo_model_kind_count(model); i++) {
			const pmo_kind *k = pmo_model_kind_at(model, i);
			fprintf(f, "  %-12s %s\n", k->name, k->summary ? k->summary : "");
		}
		pmo_model_free(model);
	}
	fputs("\nrecords are named PROJECT/ID (CBM/R-1) or ID with -p PROJECT.\n"
	      "'pmo <command> -h' or 'pmo help <command> [<verb>]' shows a command's usage.\n"
	      "\nexit status: 0 success; 1 the command failed or validation found errors;\n"
	      "2 usage error (unknown command or option, bad field=value).\n", f);
}

static const char help_usage[] =
	"usage: pmo help [<command> [<verb>]]\n"
	"\nShow pmo's help; with a command (or kind) its help, as 'pmo <command> -h';\n"
	"with a verb too the verb's, as 'pmo <command> <verb> -h'.\n";

int pmo_run(pmo_ctx *ctx, int argc, char **argv);

static int cmd_help(pmo_ctx *ctx, int argc, char **argv)
{
	char **args;
	int code;

	if (argc > 1 && (!strcmp(argv[1], "help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(help_usage, stdout);
		return 0;
	}
	if (argc < 2) {
		print_help(stdout);
		return 0;
	}
	/* pmo help risk add: pmo risk add --help */
	if (!(args = calloc((size_t)argc + 1, sizeof(*args))))
		return pmo_die(1, "out of memory");
	memcpy(args, argv + 1, sizeof(*args) * (size_t)(argc - 1));
	args[argc - 1] = (char *)"--help";
	code = pmo_run(ctx, argc, args);
	free(args);
	return code;
}

static int cmd_version(pmo_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	printf("pmo %s\n", PMO_VERSION);
	return 0;
}

static int wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return 0;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return 1;
	}
	return 0;
}

/* Open what a command needs. The project we stand in is the default for -p. */
int pmo_prepare(pmo_ctx *ctx, unsigned needs)
{
	if (needs & (NEED_MODEL | NEED_TREE)) {
		if (!ctx->model && pmo_model_new(&ctx->model) < 0)
			return pmo_fail();
	}
	if (!(needs & (NEED_REPO | NEED_TREE)))
		return 0;
	if (!ctx->repo && pmo_repo_open(&ctx->repo, ".", ((needs & NEED_TREE) ? PMO_REPO_NEED_TREE : 0) |
			((needs & NEED_HOOK) && getenv("GIT_QUARANTINE_PATH") ? PMO_REPO_FROM_ENV : 0)) < 0)
		return pmo_fail();
	if (!(needs & NEED_TREE))
		return 0;
	if (!ctx->src && pmo_source_open(&ctx->src, ctx->repo, NULL) < 0)
		return pmo_fail();
	if (!ctx->settings && pmo_settings_load(&ctx->settings, ctx->src, ctx->model) < 0)
		return pmo_fail();
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

/* git's wording, and its "did you mean" over the commands and kinds */
static int unknown_command(pmo_ctx *ctx, const char *name)
{
	size_t nc = sizeof(commands) / sizeof(commands[0]), nk = pmo_model_kind_count(ctx->model), i;
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

int pmo_run(pmo_ctx *ctx, int argc, char **argv)
{
	const pmo_kind *kind;
	size_t i;
	int code;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[0], commands[i].name))
			continue;
		if (wants_help(argc, argv))
			return commands[i].fn(ctx, argc, argv);
		/* a command that prints no data takes no --format but text */
		if ((!(commands[i].needs & TAKES_FORMAT) && (code = pmo_format_text_only(ctx))) ||
		    (code = pmo_prepare(ctx, commands[i].needs)))
			return code;
		return commands[i].fn(ctx, argc, argv);
	}
	if (!ctx->model && pmo_model_new(&ctx->model) < 0)
		return pmo_fail();
	kind = pmo_model_kind(ctx->model, argv[0]);
	if (!kind)
		return unknown_command(ctx, argv[0]);
	return cmd_kind(ctx, kind, argc, argv);
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

/* -C DIR as in git: each one in turn, a relative one from where the one
 * before led; an empty DIR changes nothing. argv[1..end) are the global
 * options, already checked by pmo_parse_options. */
static int change_dirs(int end, char **argv)
{
	const char *dir;
	int j;

	for (j = 1; j < end; j++) {
		const char *a = argv[j];
		dir = NULL;
		if ((!strcmp(a, "-C") || !strcmp(a, "--directory")) && j + 1 < end)
			dir = argv[++j];
		else if (!strncmp(a, "--directory=", 12))
			dir = a + 12;
		else if (!strncmp(a, "-C", 2) && a[2])
			dir = a + 2;
		else if ((!strcmp(a, "-p") || !strcmp(a, "--project") || !strcmp(a, "--format") ||
			  !strcmp(a, "--color") || !strcmp(a, "-c") || !strcmp(a, "--config")) &&
			 j + 1 < end)
			j++;
		if (dir && *dir && chdir(dir) < 0)
			return pmo_die(2, "cannot change to \"%s\": %s", dir, strerror(errno));
	}
	return 0;
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

int main(int argc, char **argv)
{
	pmo_ctx ctx;
	pmo_optval vals[sizeof(global_opts) / sizeof(global_opts[0])];
	const char *term = getenv("TERM"), *nocolor = getenv("NO_COLOR");
	int i, code = 0;

	memset(&ctx, 0, sizeof(ctx));
	/* an ignored SIGCHLD (inherited from a parent that set it) makes the
	 * kernel reap pmo's children itself: the editor's, a hook's or a
	 * filter's exit status would be lost and waitpid fail with ECHILD */
	signal(SIGCHLD, SIG_DFL);
	/* global options end at the first non-option: the command */
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-' || !strcmp(a, "--"))
			break;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			print_help(stdout);
			goto out;
		}
		if (((!strcmp(a, "-c") || !strcmp(a, "--config")) && i + 1 < argc) ||
		    !strncmp(a, "--config=", 9) || (!strncmp(a, "-c", 2) && a[2])) {
			/* git -c: into GIT_CONFIG_PARAMETERS, seen by every read */
			const char *v = a[1] == 'c' ? (a[2] ? a + 2 : argv[++i])
				      : a[8] == '=' ? a + 9 : argv[++i];
			if (pmo_config_push_parameter(v) < 0) {
				code = pmo_die(2, "-c %s: %s", v, pmo_error_last()->message);
				goto out;
			}
			continue;
		}
		if ((!strcmp(a, "-C") || !strcmp(a, "-p") || !strcmp(a, "--format") ||
		     !strcmp(a, "--color") || !strcmp(a, "--directory") || !strcmp(a, "--project")) &&
		    i + 1 < argc)
			i++;
	}
	{
		int nargs, r = pmo_parse_options(i - 1, argv + 1, global_opts, vals, &nargs, global_usage);
		if (r < 0) {
			code = 2;
			goto out;
		}
		if (nargs) {
			code = pmo_die(2, "unexpected \"%s\" before the command", argv[1]);
			goto out;
		}
	}
	if (vals[4].value) {
		printf("pmo %s\n", PMO_VERSION);
		goto out;
	}
	if (vals[6].value)
		ctx.commit_flags |= PMO_COMMIT_NO_VERIFY;
	if (vals[7].value)
		ctx.commit_flags |= PMO_COMMIT_NO_GPG_SIGN;
	ctx.dir = vals[0].value;
	ctx.project = vals[1].value;
	ctx.format = vals[2].value;
	ctx.tty = isatty(STDOUT_FILENO);
	ctx.width = ctx.tty ? terminal_width() : 0;
	ctx.color = ctx.tty && !(term && !strcmp(term, "dumb"));
	if (vals[3].value) {
		if (!strcmp(vals[3].value, "always"))
			ctx.color = 1;
		else if (!strcmp(vals[3].value, "never"))
			ctx.color = 0;
		else if (strcmp(vals[3].value, "auto")) {
			code = pmo_die(2, "--color takes auto, always or never, not \"%s\"", vals[3].value);
			goto out;
		}
	}
	if (nocolor && *nocolor)
		ctx.color = 0;
	if (i >= argc) {
		print_help(stderr);
		code = 2;
		goto out;
	}
	if ((code = change_dirs(i, argv)))
		goto out;
	if ((code = project_after_command(&ctx, &argc, argv, i)))
		goto out;
	commit_flags_after_command(&ctx, &argc, argv, i);
	pmo_repo_global_init();
	code = pmo_run(&ctx, argc - i, argv + i);
	pmo_source_free(ctx.src);
	pmo_settings_free(ctx.settings);
	pmo_model_free(ctx.model);
	pmo_repo_free(ctx.repo);
	pmo_repo_global_shutdown();
out:
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		fprintf(stderr, "pmo: error: cannot write to standard output: %s\n", strerror(errno));
		return code ? code : 1;
	}
	return code;
}
