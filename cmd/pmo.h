#ifndef PMO_CMD_PMO_H
#define PMO_CMD_PMO_H
/* What every command gets from the dispatcher, and the small helpers that
 * turn library results into output and exit codes. */
#include <stdio.h>
#include "model/model.h"
#include "render/render.h"
#include "render/diff.h"
#include "repo/repo.h"
#include "util/buf.h"
#include "util/error.h"

enum {
	NEED_NOTHING = 0,
	NEED_REPO = 1 << 0,  /* open the repository */
	NEED_TREE = 1 << 1,  /* and a pmo tree in it (pmo.yaml) */
	NEED_MODEL = 1 << 2, /* the kinds */
	NEED_HOOK = 1 << 3,  /* in a git hook (GIT_QUARANTINE_PATH set), open the
	                        repository from GIT_DIR etc. so that pushed objects
	                        are seen */
	TAKES_FORMAT = 1 << 4, /* reads --format itself (pmo_format) or through its
	                          verbs; without it only --format text is taken */
};

typedef struct {
	const char *dir;      /* -C */
	const char *project;  /* -p, or the project folder we stand in */
	const char *format;   /* --format, NULL when not given */
	int color;            /* colour on stdout */
	int tty;              /* stdout is a terminal */
	size_t width;         /* terminal width, 0 when not a terminal */
	pmo_repo *repo;
	pmo_model *model;
	pmo_settings *settings;
	pmo_source *src;      /* the worktree (HEAD in a bare repository) */
	unsigned commit_flags; /* PMO_COMMIT_*: --no-verify, --no-gpg-sign */
} pmo_ctx;

typedef int (*pmo_cmd_fn)(pmo_ctx *ctx, int argc, char **argv);

typedef struct {
	const char *name;
	pmo_cmd_fn fn;
	unsigned needs;
	const char *summary;
} pmo_command;

/* Options of a verb: one table drives parsing and -h. */
typedef struct {
	const char *name;   /* long name without --, e.g. "sort" */
	char shortname;     /* 0 when none */
	const char *arg;    /* NULL for flags, else the argument's name */
	const char *help;
} pmo_option;

typedef struct {
	const char *value;  /* argument of the option, or "" for a set flag */
} pmo_optval;

/* Parse argv against opts: values[i] gets option i (value NULL when not
 * given); the other arguments are moved to the front of argv and their count
 * returned in *nargs. -h/--help prints usage and returns 1 (caller exits 0);
 * a bad option prints the error and usage to stderr and returns -2. */
int pmo_parse_options(int argc, char **argv, const pmo_option *opts, pmo_optval *values,
		      int *nargs, const char *usage);
void pmo_print_usage(FILE *f, const char *usage, const pmo_option *opts);

/* A verb of a command family: its table entry drives parsing and -h. */
typedef struct {
	const char *name;
	int (*fn)(pmo_ctx *ctx, int argc, char **argv);
	const char *usage;          /* "usage: pmo … \n" */
	const pmo_option *opts;     /* NULL when it takes none */
	const char *summary;
	void (*help)(FILE *f);      /* more help after the options, or NULL */
} pmo_verb;

/* What option checking needs of a verb. */
typedef struct {
	const char *name;
	const pmo_option *opts;
} pmo_verb_shape;

/* Check argv (after the verb) against the verb's options: 0, or 2 after
 * printing the error. */
int pmo_check_verb_options(const char *family, const pmo_verb_shape *v, int argc, char **argv);
/* -h, option check, pmo_prepare(NEED_TREE | NEED_MODEL), then the verb;
 * argv starts after the verb's name. */
int pmo_run_verb(pmo_ctx *ctx, const char *family, const pmo_verb *v, int argc, char **argv);
/* `pmo NAME <verb> …`: family help, the verb by name, or exit 2. */
int pmo_run_family(pmo_ctx *ctx, const char *name, const char *summary,
		   const pmo_verb *verbs, size_t n, int argc, char **argv);

/* Print the last library error as "pmo: error: …" and return the exit code
 * for it (2 for usage errors, 1 otherwise). */
int pmo_fail(void);
/* Print "pmo: error: …" (formatted) and return code. */
int pmo_die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pmo_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Write the buffer to stdout. */
int pmo_emit(const pmo_buf *b);
/* Write out and empty b once it holds PMO_EMIT_CHUNK bytes: a long table
 * streams instead of waiting whole in memory (80 MB for 1,000,000 tasks).
 * 0, or PMO_EIO with the error set. */
#define PMO_EMIT_CHUNK ((size_t)1 << 20)
int pmo_emit_some(pmo_buf *b);

/* Output format: --format value checked against the allowed ones
 * ("table,json,csv,yaml,md"); *out gets the chosen one (dflt when none
 * given). Exit code 2 on a bad one. */
int pmo_format(const char **out, const pmo_ctx *ctx, const char *given,
	       const char *allowed, const char *dflt);

/* A command or verb that prints no data takes --format text alone: 0, or 2
 * after "unknown format … allowed: text". The dispatchers call it for every
 * command without TAKES_FORMAT and every verb without a "format" option, so
 * a global --format is never ignored. */
int pmo_format_text_only(const pmo_ctx *ctx);
/* Whether opts has a "format" option. */
int pmo_has_format_option(const pmo_option *opts);

/* After "pmo: error: …", git's "did you mean": "\nThe most similar <what>
 * is\n\t<name>\n" (or "<what>s are" and each), when one of names (n) is
 * similar enough to typed (lib/util/similar.h); nothing otherwise. */
void pmo_suggest(const char *what, const char *typed, const char *const *names, size_t n);
/* The rule of add: the first argument that is not field=value with a field
 * that is_field knows is the title (or name); it may hold '=' and, after
 * --, start with '-'. Without one, name_field=TEXT gives it. The title is
 * moved to argv[0], the field=value arguments follow in their order. 0, or
 * -1 when there is none. */
int pmo_take_title(int argc, char **argv, int (*is_field)(const void *arg, const char *f, size_t len),
		   const void *arg, const char *name_field);
/* The rule of pmo_take_title for `pmo CMD add -h`: what (TITLE) is the
 * first argument that is not field=value, name_field=TEXT gives any. */
void pmo_title_rule(pmo_buf *b, const char *cmd, const char *what, const char *name_field);
/* Take the first "--" out of argv (verbs without options, whose arguments
 * are not parsed by pmo_parse_options); returns the new argc. */
int pmo_drop_dashdash(int argc, char **argv);

/* Project for a command that needs one: -p, the folder we stand in, or the
 * default in pmo.yaml. Prints the error and returns 2 when none. */
int pmo_need_project(const char **out, pmo_ctx *ctx);
/* 0 when the project exists, else the exit code (2) after a message naming
 * the projects there are. */
int pmo_check_project(pmo_ctx *ctx, const char *key);

/* Mutations: refuse in a state git would refuse, take the lock, check the
 * paths are clean; then pmo_commit_paths writes the commit. */
int pmo_begin_change(pmo_ctx *ctx, const char *const *paths, size_t n);
int pmo_commit_paths(pmo_ctx *ctx, const char *const *paths, size_t n, const char *message);
/* Write data to path (relative to the tree) through a temporary file and
 * commit it; when the commit fails the old bytes (or no file) are put back,
 * so nothing is left half-done. 0, or the exit code after the error. */
int pmo_write_and_commit(pmo_ctx *ctx, const char *path, const char *data, size_t len,
			 const char *message);

/* The commit of a log entry (cmd/log.c): text, or the start of its JSON
 * object; first: the log's first entry. */
void pmo_log_commit(pmo_buf *out, const pmo_commit_info *c, int first, int json);

/* Open what a command needs (repository, tree, settings, kinds) once. 0, or
 * the exit code after printing the error. */
int pmo_prepare(pmo_ctx *ctx, unsigned needs);

/* Command families (one file each). */
int cmd_init(pmo_ctx *ctx, int argc, char **argv);
int cmd_schemas(pmo_ctx *ctx, int argc, char **argv);
int cmd_kind(pmo_ctx *ctx, const pmo_kind *kind, int argc, char **argv);
int cmd_validate(pmo_ctx *ctx, int argc, char **argv);
int cmd_fmt(pmo_ctx *ctx, int argc, char **argv);
int cmd_calendar(pmo_ctx *ctx, int argc, char **argv);  /* calendar.c */
int cmd_task(pmo_ctx *ctx, int argc, char **argv);      /* plan.c: */
int cmd_milestone(pmo_ctx *ctx, int argc, char **argv);
int cmd_schedule(pmo_ctx *ctx, int argc, char **argv);
int cmd_baseline(pmo_ctx *ctx, int argc, char **argv);
int cmd_status(pmo_ctx *ctx, int argc, char **argv);
int cmd_export(pmo_ctx *ctx, int argc, char **argv);

/* PATH arguments (relative to the current folder; in a bare repository,
 * to the tree) as paths relative to the pmo tree's root ("" for the root).
 * 0, or the exit code after printing the error (2: outside the tree). */
int pmo_tree_paths(char ***out, pmo_ctx *ctx, int argc, char **argv);
/* Each of paths (as pmo_tree_paths made them from argv) names at least one
 * of files, or the exit code (2) after naming the one that names none. */
int pmo_paths_match(char *const *paths, int npaths, char *const *argv,
		    const char *const *files, size_t nfiles);

#endif
