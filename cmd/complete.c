/*
 * pmo __complete -- WORD… CURRENT: what the shells' completion scripts
 * (completions/) offer for the word being typed, one a line, each
 * starting with what is typed. The words are the command line after
 * "pmo" up to the cursor; the last one is the word being completed (empty
 * after a space). Everything comes from where it is defined, so a new
 * command, verb, option, kind, field or enum value completes without a
 * change here: the command table and the kinds' verbs (dispatch.c), each
 * command's and verb's option table (pmo_options_of), the kinds' schemas
 * (fields as "field=", enum and boolean values, references to people,
 * projects and other records), and the tree itself (people's handles,
 * project keys, the record IDs of the project worked on). Not being in a
 * pmo tree only leaves out what the tree holds. Nothing is printed on
 * stderr that the shells would show: the scripts throw it away.
 */
#include "pmo.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
	pmo_buf out;
	const char *cur;   /* the word being completed */
} complete;

static void offer(complete *c, const char *prefix, const char *text, const char *suffix)
{
	pmo_buf w = PMO_BUF_INIT;

	pmo_buf_printf(&w, "%s%s%s", prefix ? prefix : "", text, suffix ? suffix : "");
	if (!pmo_buf_oom(&w) && !strncmp(w.ptr, c->cur, strlen(c->cur)) && w.len)
		pmo_buf_printf(&c->out, "%s\n", w.ptr);
	pmo_buf_free(&w);
}

/* global options that take the next word */
static int global_takes_arg(const char *w)
{
	const pmo_opt *o;

	if (w[0] != '-' || strchr(w, '='))
		return 0;
	for (o = pmo_global_options(); o->type != PMO_OPT_END; o++) {
		if (o->type == PMO_OPT_BOOL || o->type == PMO_OPT_BIT)
			continue;
		if ((w[1] == '-' && o->name && !strcmp(w + 2, o->name)) ||
		    (w[1] && w[1] != '-' && !w[2] && o->shortname == w[1]))
			return 1;
	}
	return 0;
}

static void offer_options_of(void *payload, const pmo_opt *opts, const char *usage)
{
	complete *c = payload;

	(void)usage;
	for (; opts && opts->type != PMO_OPT_END; opts++)
		if (opts->name)
			offer(c, "--", opts->name, NULL);
}

static void offer_global_options(complete *c)
{
	offer_options_of(c, pmo_global_options(), NULL);
	offer(c, "--", "help", NULL);
}

static void offer_projects(complete *c, pmo_ctx *ctx, const char *prefix, const char *suffix)
{
	char **keys = NULL;
	size_t i;

	if (!ctx->src || pmo_projects_list(&keys, ctx->src) < 0) {
		pmo_error_clear();
		return;
	}
	for (i = 0; keys[i]; i++)
		offer(c, prefix, keys[i], suffix);
	pmo_strv_free(keys);
}

/* The IDs of kind's records in project (NULL: a portfolio kind's), from
 * the names in its folder, after pre. */
static void offer_ids_in(complete *c, pmo_ctx *ctx, const pmo_kind *kind, const char *project,
			 const char *pre)
{
	char **names = NULL, *folder = NULL;
	size_t i, len;

	if (pmo_kind_folder(&folder, kind, project) < 0 || pmo_source_list(&names, ctx->src, folder) < 0) {
		pmo_error_clear();
		free(folder);
		return;
	}
	for (i = 0; names[i]; i++) {
		len = strlen(names[i]);
		if (names[i][0] == '.')
			continue;
		if (!kind->file) {
			if (len < 6 || strcmp(names[i] + len - 5, ".yaml"))
				continue;
			names[i][len - 5] = 0;
		}
		offer(c, pre, names[i], NULL);
	}
	pmo_strv_free(names);
	free(folder);
}

/* The IDs of kind's records: in project, for a project's kind; in every
 * project as KEY/ID when project is NULL. */
static void offer_ids(complete *c, pmo_ctx *ctx, const pmo_kind *kind, const char *project,
		      const char *prefix)
{
	char **keys = NULL;
	size_t k;

	if (!ctx->src)
		return;
	if (!kind->project_scoped || project) {
		offer_ids_in(c, ctx, kind, kind->project_scoped ? project : NULL, prefix);
		return;
	}
	if (pmo_projects_list(&keys, ctx->src) < 0) {
		pmo_error_clear();
		return;
	}
	for (k = 0; keys[k]; k++) {
		pmo_buf pre = PMO_BUF_INIT;
		pmo_buf_printf(&pre, "%s%s/", prefix ? prefix : "", keys[k]);
		if (!pmo_buf_oom(&pre))
			offer_ids_in(c, ctx, kind, keys[k], pre.ptr);
		pmo_buf_free(&pre);
	}
	pmo_strv_free(keys);
}

/* The values a field takes: its enum (or its items'), true and false,
 * the records it names. */
static void offer_values(complete *c, pmo_ctx *ctx, const pmo_kind *kind, const char *project,
			 const char *field, const char *prefix)
{
	const pmo_node *p = pmo_kind_prop(kind, field), *e, *type, *items;
	const char *ref = kind->refs ? pmo_node_text(pmo_map_get(kind->refs, field)) : NULL;
	const pmo_kind *to;
	uint32_t i;

	if (!p && kind->derived)
		p = pmo_map_get(kind->derived, field);
	if (!p)
		return;
	items = pmo_map_get(p, "items");
	if (!(e = pmo_map_get(p, "enum")) && items)
		e = pmo_map_get(items, "enum");
	for (i = 0; e && e->kind == PMO_NODE_SEQ && i < e->n; i++)
		if (pmo_node_text(e->items[i]))
			offer(c, prefix, pmo_node_text(e->items[i]), NULL);
	type = pmo_map_get(p, "type");
	if (type && pmo_node_text(type) && !strcmp(pmo_node_text(type), "boolean")) {
		offer(c, prefix, "true", NULL);
		offer(c, prefix, "false", NULL);
	}
	if (ref && (to = pmo_model_kind(ctx->model, ref)))
		offer_ids(c, ctx, to, to->project_scoped ? project : NULL, prefix);
}

static void offer_fields(complete *c, const pmo_kind *kind, int derived)
{
	uint32_t i;

	for (i = 0; i < kind->props->n; i++)
		offer(c, NULL, kind->props->pairs[i].key->str, "=");
	for (i = 0; derived && kind->derived && i < kind->derived->n; i++)
		offer(c, NULL, kind->derived->pairs[i].key->str, "=");
}

/* After a kind's verb: its record, then field=value (a filter for list). */
static void complete_kind_args(complete *c, pmo_ctx *ctx, const pmo_kind *kind, const pmo_verb *v,
			       char **args, int nargs, const char *project)
{
	const char *eq = strchr(c->cur, '=');
	int npos = 0, j, add = !strcmp(v->name, "add"), list = !strcmp(v->name, "list");

	if (eq) {
		pmo_buf field = PMO_BUF_INIT, prefix = PMO_BUF_INIT;
		size_t len = (size_t)(eq - c->cur);

		/* field+=, field-=, field!=, field>= … take the field's values */
		while (len && strchr("+-!<>", c->cur[len - 1]))
			len--;
		pmo_buf_put(&field, c->cur, len);
		pmo_buf_put(&prefix, c->cur, (size_t)(eq - c->cur) + 1);
		if (!pmo_buf_oom(&field) && !pmo_buf_oom(&prefix))
			offer_values(c, ctx, kind, project, field.ptr, prefix.ptr);
		pmo_buf_free(&field);
		pmo_buf_free(&prefix);
		return;
	}
	for (j = 0; j < nargs; j++)
		if (args[j][0] != '-' && !strchr(args[j], '='))
			npos++;
	if (!add && !list && !npos) {
		offer_ids(c, ctx, kind, kind->project_scoped ? project : NULL, NULL);
		return;
	}
	if (!strcmp(v->name, "move") && npos == 1) {
		offer_projects(c, ctx, NULL, NULL);
		return;
	}
	if (add || list || !strcmp(v->name, "set"))
		offer_fields(c, kind, list);
}

static const pmo_verb *find_verb(const pmo_family *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (!strcmp(f->verbs[i].name, name))
			return &f->verbs[i];
	return NULL;
}

static void complete_words(complete *c, pmo_ctx *ctx, char **w, int n)
{
	const pmo_command *cmd = NULL;
	const pmo_family *f = NULL;
	const pmo_verb *v = NULL;
	const pmo_kind *kind = NULL;
	const char *project = NULL, *prev;
	int i = 0, j;
	size_t k;

	/* the global options before the command */
	for (; i < n - 1 && w[i][0] == '-'; i++) {
		if (!global_takes_arg(w[i]))
			continue;
		if (i + 1 == n - 1)
			break;
		if (!strcmp(w[i], "-p") || !strcmp(w[i], "--project"))
			project = w[i + 1];
		/* -C DIR: the tree there, as the command will see it */
		if ((!strcmp(w[i], "-C") || !strcmp(w[i], "--directory")) && *w[i + 1] && chdir(w[i + 1]) < 0)
			return;
		i++;
	}
	/* the tree's kinds and records, when there is a tree */
	if (pmo_tree_kinds(ctx) == 0 && ctx->repo && ctx->src)
		pmo_prepare(ctx, NEED_TREE | NEED_MODEL);
	pmo_error_clear();
	for (j = i; j < n - 2; j++)
		if (!strcmp(w[j], "-p") || !strcmp(w[j], "--project"))
			project = w[j + 1];
	if (!project)
		project = ctx->project ? ctx->project
			: ctx->settings && ctx->settings->default_project ? ctx->settings->default_project : NULL;
	prev = n >= 2 ? w[n - 2] : "";
	if (!strcmp(prev, "-p") || !strcmp(prev, "--project")) {
		offer_projects(c, ctx, NULL, NULL);
		return;
	}
	if (!strcmp(prev, "--color")) {
		offer(c, NULL, "auto", NULL);
		offer(c, NULL, "always", NULL);
		offer(c, NULL, "never", NULL);
		return;
	}
	if (i < n - 1 && global_takes_arg(w[i]))
		return; /* -C DIR, -c NAME=VALUE, --format: the shell's own */
	if (i == n - 1) {
		if (c->cur[0] == '-') {
			offer_global_options(c);
			return;
		}
		for (k = 0; k < pmo_command_count(); k++)
			offer(c, NULL, pmo_command_at(k)->name, NULL);
		for (k = 0; ctx->model && k < pmo_model_kind_count(ctx->model); k++)
			offer(c, NULL, pmo_model_kind_at(ctx->model, k)->name, NULL);
		return;
	}
	for (k = 0; k < pmo_command_count() && !cmd; k++)
		if (!strcmp(w[i], pmo_command_at(k)->name))
			cmd = pmo_command_at(k);
	if (cmd)
		f = cmd->family;
	else if (ctx->model && (kind = pmo_model_kind(ctx->model, w[i])))
		f = pmo_kind_family(kind);
	else
		return;
	ctx->kind = kind;
	i++;
	if (cmd && !strcmp(cmd->name, "help")) {
		if (i == n - 1)
			complete_words(c, ctx, w + i, 1);
		return;
	}
	if (f && f->is_command == 1) {
		v = f->verbs;
	} else if (f && i == n - 1 && c->cur[0] != '-') {
		for (k = 0; k < f->n; k++)
			if (!kind || pmo_kind_has_verb(kind, f->verbs[k].name))
				offer(c, NULL, f->verbs[k].name, NULL);
		return;
	} else if (f && !(v = find_verb(f, w[i++]))) {
		if (f->is_command != PMO_FAMILY_FIRST_VERB)
			return;
		v = f->verbs;
		i--;
	}
	if (c->cur[0] == '-') {
		pmo_options_of(ctx, cmd, f, v, offer_options_of, c);
		offer(c, "--", "help", NULL);
		offer(c, "--", "project", NULL);
		return;
	}
	if (kind && v)
		complete_kind_args(c, ctx, kind, v, w + i, n - 1 - i, project);
}

static const char complete_usage[] =
	"usage: pmo __complete -- WORD… CURRENT\n"
	"\nWhat the shell completion scripts offer for CURRENT after the words before it.\n";

int pmo_cmd_complete(pmo_ctx *ctx, int argc, char **argv)
{
	complete c = { PMO_BUF_INIT, "" };
	int i = 1, code;

	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	else if (i < argc && (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))) {
		fputs(complete_usage, stdout);
		return 0;
	}
	if (i >= argc)
		return pmo_die(2, "%s", "pmo __complete needs the words (-- WORD… CURRENT)");
	c.cur = argv[argc - 1];
	complete_words(&c, ctx, argv + i, argc - i);
	code = pmo_emit(&c.out);
	pmo_buf_free(&c.out);
	return code ? pmo_fail() : 0;
}
