#ifndef PMO_CMD_PMO_H
#define PMO_CMD_PMO_H
/* What every command gets from the dispatcher, and the small helpers that
 * turn library results into output and exit codes. */
#include <stdio.h>
#include "options.h"
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

typedef struct pmo_ctx_ {
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
	int tree_model;       /* model holds the tree's local kinds and fields */
	unsigned commit_flags; /* PMO_COMMIT_*: --no-verify, --no-gpg-sign */
	const char *project_given; /* -p as given, NULL when none (pmo_prepare
	                              may set project from the folder) */
	/* what the dispatcher is running, for pmo_parse */
	const pmo_kind *kind;              /* pmo <kind> …, else NULL */
	const struct pmo_family *family;   /* the command's verb table */
	const struct pmo_verb *verb;       /* the verb, NULL for a command */
	unsigned needs;                    /* NEED_*: what pmo_parse opens */
	/* list: the records of the kind kept elsewhere than the worktree (a
	 * change request's branch), added to rs (of project, NULL: all);
	 * NULL: none. 0, or the exit code after the message. */
	int (*more_records)(struct pmo_ctx_ *ctx, pmo_records *rs, const char *project);
	int no_pager;         /* --no-pager */
	/* pmo __complete and pmo __man ask a command for its options: NULL,
	 * or pmo_parse hands its table here and returns 0 instead of parsing */
	void (*opts_seen)(void *payload, const pmo_opt *opts, const char *usage);
	void *opts_payload;
} pmo_ctx;

typedef int (*pmo_cmd_fn)(pmo_ctx *ctx, int argc, char **argv);

/* A verb of a command family: its table entry drives dispatch and -h. */
typedef struct pmo_verb {
	const char *name;
	pmo_cmd_fn fn;              /* argv starts after the verb's name */
	const char *usage;          /* "usage: pmo … \n" */
	const char *summary;
	void (*help)(FILE *f);      /* more help after the options, or NULL */
} pmo_verb;

/* A command's verbs: `pmo NAME <verb> …`. */
typedef struct pmo_family {
	const char *name;           /* NULL: the record kind's (ctx->kind) */
	const char *summary;
	const pmo_verb *verbs;
	size_t n;
	/* 1: the family is its one verb, run as the command itself
	 * (`pmo schedule …`, not `pmo schedule schedule …`);
	 * PMO_FAMILY_FIRST_VERB (below) */
	int is_command;
	/* `pmo NAME -h` (and to stderr without a verb), or NULL for the
	 * usage line, the summary and the verbs */
	void (*usage)(FILE *f, const pmo_ctx *ctx);
	/* a verb's help before its options, or NULL for its usage line and
	 * summary */
	void (*verb_usage)(pmo_buf *out, const pmo_ctx *ctx, const pmo_verb *v);
} pmo_family;
/* is_command of a family whose first verb `pmo NAME` runs without a verb
 * (`pmo budget` shows the budget); `pmo NAME VERB` runs the others. */
#define PMO_FAMILY_FIRST_VERB 2

/* A top-level command: a function, or a family of verbs. */
typedef struct {
	const char *name;
	pmo_cmd_fn fn;
	const pmo_family *family;
	unsigned needs;
	const char *summary;
} pmo_command;

/* The dispatcher (dispatch.c): the command table, global options, help. */

/* Global options (argv[0] is the program): they are stored into ctx, -c
 * and -C take effect, and those that may follow the command (-p, --format,
 * --no-verify, --no-gpg-sign) are taken out of argv (*argc is updated);
 * *cmd gets the index of the command. PMO_GO, or the exit code (0 after -h
 * or --version). */
int pmo_parse_globals(pmo_ctx *ctx, int *cmd, int *argc, char **argv);
/* The command table, in order (for completion and the man pages). */
size_t pmo_command_count(void);
const pmo_command *pmo_command_at(size_t i);
/* The global options' table. */
const pmo_opt *pmo_global_options(void);
/* The verbs of a record kind (the change kind's own family, or
 * pmo_kind_verbs). */
const pmo_family *pmo_kind_family(const pmo_kind *kind);
/* Whether a record kind has the verb (close needs a close status, delete
 * a record that is not a folder, renumber and move given IDs): 1 or 0. */
int pmo_kind_has_verb(const pmo_kind *kind, const char *verb);
/* The options of a command (v NULL) or of its verb v (of family f, with
 * ctx->kind for a kind's verb), handed to fn from the table pmo_parse
 * gets, with a command's usage text (NULL for a verb: its table has it);
 * nothing is opened or run. 0, or -1 when the command has none to
 * tell (it parses no options). */
int pmo_options_of(pmo_ctx *ctx, const pmo_command *c, const pmo_family *f, const pmo_verb *v,
		   void (*fn)(void *payload, const pmo_opt *opts, const char *usage), void *payload);
/* pmo __complete WORDS…: the shells' completion (complete.c). */
int pmo_cmd_complete(pmo_ctx *ctx, int argc, char **argv);
/* pmo __man PAGE: a man page in scdoc (man.c). */
int pmo_cmd_man(pmo_ctx *ctx, int argc, char **argv);
/* A pager for what follows on stdout, as git starts one: on a terminal,
 * without --no-pager, PMO_PAGER, core.pager, PAGER or less (LESS=FRX);
 * "cat" or an empty one is none (pager.c). */
void pmo_pager_start(pmo_ctx *ctx);

/* Run argv[0] (a command or a record kind) with the rest. */
int pmo_run(pmo_ctx *ctx, int argc, char **argv);
/* Open what a command needs (repository, tree, settings, kinds) once. 0, or
 * the exit code after printing the error. */
int pmo_prepare(pmo_ctx *ctx, unsigned needs);
/* The kinds of the pmo tree we stand in (its schemas/, pmo.yaml's
 * fields) when there is one, else the built-in ones, into ctx->model: 0,
 * or the exit code after the error (a local schema pmo refuses). */
int pmo_tree_kinds(pmo_ctx *ctx);
/* Refuse a kind whose name or plural is a command's: PMO_EINVALID with the
 * message set, or 0. */
int pmo_check_kind_name(const pmo_kind *kind);

/* pmo_parse's "go on" (every other value is the exit code). */
#define PMO_GO (-1)
/* The start of a command's or verb's function: argv (after its name)
 * against opts (NULL for none) into their variables, the other arguments
 * left at the front of argv and counted in *argc. -h prints the help
 * (usage: a command's text; a verb's comes from its table); a bad option
 * the error. A verb's --format is then checked (text alone without a
 * "format" option) and what it needs opened (pmo_prepare). PMO_GO, or the
 * exit code to return. */
int pmo_parse(pmo_ctx *ctx, int *argc, char **argv, const pmo_opt *opts, const char *usage);

/* Print the last library error as "pmo: error: …" and return the exit code
 * for it (2 for usage errors, 1 otherwise). */
int pmo_fail(void);
/* Print a finding on stderr as every command prints one
 * (pmo_finding_format): shown is its file as the user sees it, NULL to
 * tell it as pmo's own ("pmo: error: …"); flags PMO_FINDING_RULE … */
void pmo_print_finding(const pmo_finding *f, const char *shown, unsigned flags);
/* The files a list could not read (pmo_records_list's problems), each as
 * a finding; code, or 1 when it was 0 and there are some. */
int pmo_print_problems(const pmo_findings *probs, int code);
/* Print "pmo: error: …" (formatted) and return code. */
int pmo_die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pmo_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Write the buffer to stdout. */
int pmo_emit(const pmo_buf *b);
/* A table in the format asked for: csv, md, or aligned for the terminal
 * (anything else). 0 or PMO_ENOMEM. */
int pmo_emit_table(pmo_buf *out, const pmo_ctx *ctx, const pmo_table *t, const char *format);
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
 * after "unknown format … allowed: text". The dispatcher calls it for every
 * command without TAKES_FORMAT and every verb without a "format" option, so
 * a global --format is never ignored. */
int pmo_format_text_only(const pmo_ctx *ctx);

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
/* pmo_take_title's is_field over a schema's "properties" mapping (a
 * task's, a budget line's): whether it has field f (len bytes). */
int pmo_props_has_field(const void *props, const char *f, size_t len);
/* The rule of pmo_take_title for `pmo CMD add -h`: what (TITLE) is the
 * first argument that is not field=value, name_field=TEXT gives any. */
void pmo_title_rule(pmo_buf *b, const char *cmd, const char *what, const char *name_field);

/* Project for a command that needs one: -p, the folder we stand in, or the
 * default in pmo.yaml. Prints the error and returns 2 when none. */
int pmo_need_project(const char **out, pmo_ctx *ctx);
/* 0 when the project exists, else the exit code (2) after a message naming
 * the projects there are. */
int pmo_check_project(pmo_ctx *ctx, const char *key);

/* Mutations: refuse in a state git would refuse, take the lock, check the
 * paths are clean; then pmo_commit_paths writes the commit. */
int pmo_begin_change(pmo_ctx *ctx, const char *const *paths, size_t n);
/* What the repository reported and went on from (a filter that failed, a
 * commit-graph pmo could not read), "pmo: warning: …" on stderr, once. */
void pmo_print_repo_warnings(pmo_ctx *ctx);
int pmo_commit_paths(pmo_ctx *ctx, const char *const *paths, size_t n, const char *message);
/* --no-verify, --no-gpg-sign and git's hints for the commits lib/repo
 * makes next (pmo_commit_paths sets them itself). */
void pmo_commit_options(pmo_ctx *ctx);
/* Write data to path (relative to the tree) through a temporary file and
 * commit it; when the commit fails the old bytes (or no file) are put back,
 * so nothing is left half-done. 0, or the exit code after the error. */
int pmo_write_and_commit(pmo_ctx *ctx, const char *path, const char *data, size_t len,
			 const char *message);
/* The same for several files in one commit: each written (data NULL:
 * removed), then one commit of them all; when it fails every file is put
 * back as it was. */
typedef struct {
	const char *path;
	const char *data; /* NULL: remove the file */
	size_t len;
} pmo_file_write;
int pmo_write_files_and_commit(pmo_ctx *ctx, const pmo_file_write *files, size_t n,
			       const char *message);

/* The commit of a log entry (cmd/log.c): text, or the start of its JSON
 * object; first: the log's first entry. */
void pmo_log_commit(pmo_buf *out, const pmo_commit_info *c, int first, int json);
/* The text log's last line at a shallow clone's boundary commit c (its
 * pmo_history_entry.cut): "history cut: …", and how to get the rest. */
void pmo_log_cut(pmo_buf *out, const pmo_commit_info *c);

/* Command families (one file each). */
int cmd_init(pmo_ctx *ctx, int argc, char **argv);
int cmd_schemas(pmo_ctx *ctx, int argc, char **argv);
int cmd_due(pmo_ctx *ctx, int argc, char **argv);
int cmd_load(pmo_ctx *ctx, int argc, char **argv);
int cmd_search(pmo_ctx *ctx, int argc, char **argv);
int cmd_diff(pmo_ctx *ctx, int argc, char **argv);     /* diff.c */
extern const pmo_family pmo_kind_verbs;     /* kind.c: pmo <kind> … */
int cmd_validate(pmo_ctx *ctx, int argc, char **argv);
int cmd_fmt(pmo_ctx *ctx, int argc, char **argv);
int cmd_merge_file(pmo_ctx *ctx, int argc, char **argv); /* mergefile.c: git's merge driver */
int cmd_resolve(pmo_ctx *ctx, int argc, char **argv);    /* resolve.c: a git merge's add/add records */
extern const pmo_family pmo_calendar_verbs; /* calendar.c */
extern const pmo_family pmo_task_verbs;      /* task.c: the plan's */
extern const pmo_family pmo_milestone_verbs;
extern const pmo_family pmo_schedule_command; /* schedule.c */
extern const pmo_family pmo_baseline_verbs;   /* baseline.c */
extern const pmo_family pmo_status_command;   /* status.c */
extern const pmo_family pmo_evm_command;      /* evm.c */
extern const pmo_family pmo_export_command;   /* export.c */
extern const pmo_family pmo_import_command;   /* import.c */
extern const pmo_family pmo_report_command;   /* report.c */
extern const pmo_family pmo_budget_verbs;     /* budget.c */
extern const pmo_family pmo_expense_verbs;
extern const pmo_family pmo_change_verbs;     /* change.c: the change kind's */

/* PATH arguments (relative to the current folder; in a bare repository,
 * to the tree) as paths relative to the pmo tree's root ("" for the root).
 * 0, or the exit code after printing the error (2: outside the tree). */
int pmo_tree_paths(char ***out, pmo_ctx *ctx, int argc, char **argv);
/* Each of paths (as pmo_tree_paths made them from argv) names at least one
 * of files, or the exit code (2) after naming the one that names none. */
int pmo_paths_match(char *const *paths, int npaths, char *const *argv,
		    const char *const *files, size_t nfiles);

#endif
