/*
 * pmo __man PAGE: pmo's man pages in scdoc(5), made from what defines
 * pmo, so they cannot drift from it: pmo(1) from the global options, the
 * command table and the kinds; pmo-<command>(1) from the command's usage,
 * verbs and option tables; pmo-<kind>(1) from the kind's schema (its
 * verbs, fields with their types, values and references, the workflow,
 * examples made from the fields); pmo-files(5) the tree's layout with
 * every kind's files. `pmo __man --list` names the pages (NAME.SECTION).
 * The build runs it through scdoc (man/meson.build); in a pmo tree its
 * own kinds have pages too, from the same code.
 */
#include "pmo.h"
#include "schema/schema.h"

#include <stdlib.h>
#include <string.h>

/* text in a paragraph: scdoc's * _ and \ taken as themselves, lines
 * without the indentation scdoc would refuse */
static void esc(pmo_buf *b, const char *s)
{
	int bol = 1;

	for (; s && *s; s++) {
		if (bol && (*s == ' ' || *s == '\t'))
			continue;
		bol = *s == '\n';
		if (*s == '*' || *s == '_' || *s == '\\')
			pmo_buf_putc(b, '\\');
		pmo_buf_putc(b, *s);
	}
}

/* a literal block (usage lines): as it is, without a final blank line */
static void literal(pmo_buf *b, const char *s, size_t len)
{
	while (len && s[len - 1] == '\n')
		len--;
	pmo_buf_puts(b, "```\n");
	pmo_buf_put(b, s, len);
	pmo_buf_puts(b, "\n```\n\n");
}

static void header(pmo_buf *b, const char *page, int section, const char *summary)
{
	pmo_buf_printf(b, "%s(%d) \"pmo %s\" \"pmo manual\"\n\n# NAME\n\n%s - ", page, section,
		       PMO_VERSION, page);
	esc(b, summary);
	pmo_buf_puts(b, "\n\n");
}

static void options(pmo_buf *b, const pmo_opt *o)
{
	for (; o && o->type != PMO_OPT_END; o++) {
		if (o->shortname)
			pmo_buf_printf(b, "*-%c*, ", o->shortname);
		pmo_buf_printf(b, "*--%s*", o->name);
		if (o->arg)
			pmo_buf_printf(b, " _%s_", o->arg);
		pmo_buf_puts(b, "\n\t");
		esc(b, o->help);
		pmo_buf_puts(b, "\n\n");
	}
}

typedef struct {
	pmo_buf *b;
	int with_usage;
} seen;

static void options_seen(void *payload, const pmo_opt *opts, const char *usage)
{
	seen *s = payload;

	if (s->with_usage && usage) {
		pmo_buf_puts(s->b, "# SYNOPSIS\n\n");
		literal(s->b, usage, strlen(usage));
	}
	if (opts && opts->type != PMO_OPT_END) {
		pmo_buf_puts(s->b, s->with_usage ? "# OPTIONS\n\n" : "Options:\n\n");
		options(s->b, opts);
	}
}

/* A family's verbs: each one's usage (up to its first blank line), what
 * it does and its options. */
static void verbs(pmo_buf *b, pmo_ctx *ctx, const pmo_family *f, const pmo_kind *kind)
{
	pmo_buf u = PMO_BUF_INIT;
	seen s = { b, 0 };
	const char *end;
	size_t i;

	ctx->kind = kind;
	for (i = 0; i < f->n; i++) {
		const pmo_verb *v = &f->verbs[i];
		if (kind && !pmo_kind_has_verb(kind, v->name))
			continue;
		pmo_buf_clear(&u);
		ctx->family = f;
		if (f->verb_usage)
			f->verb_usage(&u, ctx, v);
		else
			pmo_buf_puts(&u, v->usage);
		if (pmo_buf_oom(&u))
			break;
		end = strstr(u.ptr, "\n\n");
		pmo_buf_printf(b, "## %s\n\n", v->name);
		literal(b, u.ptr, end ? (size_t)(end - u.ptr) : u.len);
		esc(b, v->summary);
		pmo_buf_puts(b, ".\n\n");
		pmo_options_of(ctx, NULL, f, v, options_seen, &s);
	}
	pmo_buf_free(&u);
	ctx->family = NULL;
	ctx->kind = NULL;
}

static void page_pmo(pmo_buf *b, pmo_ctx *ctx)
{
	size_t i;

	header(b, "pmo", 1, "a project-management office kept as code in git");
	pmo_buf_puts(b, "# SYNOPSIS\n\n*pmo* [_global options_] _command_ [_verb_] [_arguments_]\n\n"
		     "# DESCRIPTION\n\n*pmo* reads and writes a portfolio's records (projects, plans, "
		     "budgets, risks and every other register) as YAML files in a git repository, "
		     "checks them against their schemas and commits each change. "
		     "See *pmo-files*(5) for the tree's layout.\n\n"
		     "# GLOBAL OPTIONS\n\n");
	options(b, pmo_global_options());
	pmo_buf_puts(b, "# COMMANDS\n\n");
	for (i = 0; i < pmo_command_count(); i++) {
		const pmo_command *c = pmo_command_at(i);
		pmo_buf_printf(b, "*pmo-%s*(1)\n\t", c->name);
		esc(b, c->summary);
		pmo_buf_puts(b, "\n\n");
	}
	pmo_buf_puts(b, "# RECORD KINDS\n\nEach kind is a JSON Schema; its verbs are add, list, "
		     "show, set, edit, close, log and those its records allow.\n\n");
	for (i = 0; i < pmo_model_kind_count(ctx->model); i++) {
		const pmo_kind *k = pmo_model_kind_at(ctx->model, i);
		pmo_buf_printf(b, "*pmo-%s*(1)\n\t", k->name);
		esc(b, k->summary ? k->summary : "");
		pmo_buf_puts(b, "\n\n");
	}
	pmo_buf_puts(b, "# EXIT STATUS\n\n0 success; 1 the command failed or validation found errors; "
		     "2 usage error (unknown command or option, bad field=value).\n\n"
		     "# ENVIRONMENT\n\n"
		     "*PMO_PAGER*, *PAGER*\n\tThe pager of list, log, diff and due on a terminal "
		     "(before *PAGER*: git's *core.pager*); *LESS* defaults to FRX.\n\n"
		     "*VISUAL*, *EDITOR*\n\tThe editor of *edit* (then git's *core.editor*).\n\n"
		     "*NO\\_COLOR*\n\tNo colour.\n\n"
		     "*PMO\\_TODAY*\n\tThe date pmo takes for today (YYYY-MM-DD).\n\n"
		     "*PMO\\_THREADS*\n\tThe threads that read records at once (validate, list, due, status, "
		     "search): a whole number from 1 to 64; default the processors pmo may run on, at most 8.\n\n"
		     "# SEE ALSO\n\n*pmo-files*(5), *git*(1)\n");
}

/* a kind's record file, as pmo-files(5) and its page name it */
static void kind_path(pmo_buf *b, const pmo_kind *k)
{
	if (k->project_scoped)
		pmo_buf_puts(b, "projects/<KEY>/");
	pmo_buf_printf(b, "%s/", k->folder);
	if (k->file)
		pmo_buf_printf(b, "<%s>/%s", k->id_field, k->file);
	else if (k->prefix)
		pmo_buf_printf(b, "%s-<n>.yaml", k->prefix);
	else
		pmo_buf_printf(b, "<%s>.yaml", k->id_field);
}

static void page_files(pmo_buf *b, pmo_ctx *ctx)
{
	pmo_buf path = PMO_BUF_INIT;
	size_t i;

	header(b, "pmo-files", 5, "the files of a pmo tree");
	pmo_buf_puts(b, "# DESCRIPTION\n\n"
		     "A pmo tree is the root of a git repository or a folder inside one, found as git "
		     "finds .git: from the current folder up to the nearest *pmo.yaml*. Every record "
		     "is one YAML file named by its ID, so two people adding records on two branches "
		     "never touch the same file. Who changed what and when is git's history, never "
		     "stored twice.\n\n"
		     "# FILES\n\n"
		     "*pmo.yaml*\n\tThe settings: the portfolio's name, its currency, the calendar, "
		     "the risk matrix, policies, fields added to built-in kinds.\n\n"
		     "*projects/<KEY>/plan.yaml*\n\tThe work breakdown: tasks and milestones, "
		     "dependencies, assignments, progress, baselines.\n\n"
		     "*projects/<KEY>/budget.yaml*\n\tBudget lines and expenses, exact decimals.\n\n"
		     "*schemas/<kind>.json*\n\tThe tree's own kinds: a JSON Schema with an x-pmo "
		     "object, a kind like the built-in ones.\n\n"
		     "*.gitattributes*\n\tpmo's merge driver for plans and budgets, git's union "
		     "merge for the folders' *.retired* files (the IDs never given again).\n\n"
		     "# RECORDS\n\nOne file per record, for every kind:\n\n");
	for (i = 0; i < pmo_model_kind_count(ctx->model); i++) {
		const pmo_kind *k = pmo_model_kind_at(ctx->model, i);
		pmo_buf_clear(&path);
		kind_path(&path, k);
		pmo_buf_puts(b, "*");
		esc(b, pmo_buf_cstr(&path));
		pmo_buf_printf(b, "*\n\t%s (*pmo-%s*(1)): ", k->name, k->name);
		esc(b, k->summary ? k->summary : "");
		pmo_buf_puts(b, "\n\n");
	}
	pmo_buf_puts(b, "IDs are _PREFIX-n_ (R-3), unique in their project or the portfolio; "
		     "_KEY/ID_ (CBM/R-3) names a project's record from anywhere.\n\n"
		     "# SEE ALSO\n\n*pmo*(1), *pmo-validate*(1), *pmo-schemas*(1)\n");
	pmo_buf_free(&path);
}

static void page_command(pmo_buf *b, pmo_ctx *ctx, const pmo_command *c)
{
	seen s = { b, 1 };
	pmo_buf page = PMO_BUF_INIT;

	pmo_buf_printf(&page, "pmo-%s", c->name);
	header(b, pmo_buf_cstr(&page), 1, c->summary);
	pmo_buf_free(&page);
	if (c->fn) {
		pmo_options_of(ctx, c, NULL, NULL, options_seen, &s);
	} else {
		pmo_buf_puts(b, "# VERBS\n\n");
		verbs(b, ctx, c->family, NULL);
	}
	pmo_buf_puts(b, "# SEE ALSO\n\n*pmo*(1)\n");
}

/* an example value of a field, from its schema */
static const char *example(const pmo_kind *k, const char *field)
{
	const pmo_node *p = pmo_kind_prop(k, field), *e = p ? pmo_map_get(p, "enum") : NULL;
	const char *type = p ? pmo_node_text(pmo_map_get(p, "type")) : NULL;
	const char *format = p ? pmo_node_text(pmo_map_get(p, "format")) : NULL;
	const char *ref = k->refs ? pmo_node_text(pmo_map_get(k->refs, field)) : NULL;

	if (e && e->kind == PMO_NODE_SEQ && e->n)
		return pmo_node_text(e->items[0]);
	if (ref && !strcmp(ref, "person"))
		return "wang-li";
	if (ref && !strcmp(ref, "project"))
		return "CBM";
	if (format && !strcmp(format, "date"))
		return "2027-03-01";
	if (type && (!strcmp(type, "integer") || !strcmp(type, "number")))
		return "3";
	if (type && !strcmp(type, "boolean"))
		return "true";
	return NULL;
}

static void examples(pmo_buf *b, const pmo_kind *k)
{
	const char *ref = k->project_scoped ? "CBM/" : "", *id = k->prefix ? NULL : "NAME";
	pmo_buf first = PMO_BUF_INIT;
	const char *v;
	uint32_t i;

	pmo_buf_puts(b, "# EXAMPLES\n\n```\n");
	pmo_buf_printf(b, "pmo %s%s add %s", k->project_scoped ? "-p CBM " : "", k->name,
		       k->prefix ? "\"TITLE\"" : "NAME");
	for (i = 0; i < k->props->n; i++) {
		const char *f = k->props->pairs[i].key->str;
		int required = 0;
		uint32_t j;
		for (j = 0; k->required && j < k->required->n; j++)
			required |= !strcmp(pmo_node_text(k->required->items[j]), f);
		if (!strcmp(f, k->id_field) || (k->title_field && !strcmp(f, k->title_field)) ||
		    (k->status_field && !strcmp(f, k->status_field)))
			continue;
		if ((v = example(k, f)) && (required || (k->refs && pmo_map_get(k->refs, f))))
			pmo_buf_printf(b, " %s=%s", f, v);
	}
	if (k->prefix)
		pmo_buf_printf(&first, "%s%s-1", ref, k->prefix);
	else
		pmo_buf_printf(&first, "%s%s", ref, id);
	pmo_buf_printf(b, "\npmo %s%s list", k->project_scoped ? "-p CBM " : "", k->name);
	if (k->status_field && k->initial)
		pmo_buf_printf(b, " %s=%s", k->status_field, k->initial);
	pmo_buf_printf(b, "\npmo %s show %s\n", k->name, pmo_buf_cstr(&first));
	if (k->status_field && k->workflow && k->initial) {
		const pmo_node *t = pmo_map_get(k->workflow, k->initial);
		if (t && t->kind == PMO_NODE_SEQ && t->n)
			pmo_buf_printf(b, "pmo %s set %s %s=%s\n", k->name, pmo_buf_cstr(&first),
				       k->status_field, pmo_node_text(t->items[0]));
	}
	if (k->close_status)
		pmo_buf_printf(b, "pmo %s close %s\n", k->name, pmo_buf_cstr(&first));
	pmo_buf_printf(b, "pmo %s log %s\n```\n\n", k->name, pmo_buf_cstr(&first));
	pmo_buf_free(&first);
}

static void field(pmo_buf *b, const pmo_kind *k, const char *name, const pmo_node *p, int derived)
{
	const pmo_node *e = pmo_map_get(p, "enum"), *items = pmo_map_get(p, "items");
	const char *type = pmo_node_text(pmo_map_get(p, "type"));
	const char *format = pmo_node_text(pmo_map_get(p, "format"));
	const char *d = pmo_node_text(pmo_map_get(p, "description"));
	const char *ref = k->refs ? pmo_node_text(pmo_map_get(k->refs, name)) : NULL;
	const char *dflt = k->defaults ? pmo_node_text(pmo_map_get(k->defaults, name)) : NULL;
	uint32_t j;
	int required = 0;

	for (j = 0; !derived && k->required && j < k->required->n; j++)
		required |= !strcmp(pmo_node_text(k->required->items[j]), name);
	if (!e && items)
		e = pmo_map_get(items, "enum");
	pmo_buf_puts(b, "*");
	esc(b, name);
	pmo_buf_puts(b, "*");
	if (type || format)
		pmo_buf_printf(b, " (%s%s%s)", format ? format : type,
			       type && !strcmp(type, "array") && items && pmo_node_text(pmo_map_get(items, "type"))
			       ? " of " : "",
			       type && !strcmp(type, "array") && items && pmo_node_text(pmo_map_get(items, "type"))
			       ? pmo_node_text(pmo_map_get(items, "type")) : "");
	pmo_buf_puts(b, "\n\t");
	esc(b, d ? d : "");
	if (d && *d && d[strlen(d) - 1] != '.')
		pmo_buf_putc(b, '.');
	if (derived)
		pmo_buf_puts(b, " Derived, never stored.");
	if (required)
		pmo_buf_puts(b, " Required.");
	if (e && e->kind == PMO_NODE_SEQ) {
		pmo_buf_puts(b, " One of:");
		for (j = 0; j < e->n; j++) {
			pmo_buf_puts(b, j ? ", " : " ");
			esc(b, pmo_node_text(e->items[j]));
		}
		pmo_buf_puts(b, ".");
	}
	if (ref)
		pmo_buf_printf(b, " Names a %s (*pmo-%s*(1)).", ref, ref);
	if (dflt) {
		pmo_buf_puts(b, " Default: ");
		esc(b, dflt);
		pmo_buf_puts(b, ".");
	}
	pmo_buf_puts(b, "\n\n");
}

static void page_kind(pmo_buf *b, pmo_ctx *ctx, const pmo_kind *k)
{
	const pmo_node *root = pmo_schema_root(k->schema), *t;
	const char *d = root ? pmo_node_text(pmo_map_get(root, "description")) : NULL;
	pmo_buf page = PMO_BUF_INIT;
	uint32_t i, j;

	pmo_buf_printf(&page, "pmo-%s", k->name);
	header(b, pmo_buf_cstr(&page), 1, k->summary ? k->summary : k->name);
	pmo_buf_printf(b, "# SYNOPSIS\n\n*pmo* [*-p* _KEY_] *%s* _verb_ [_arguments_]\n\n"
		       "# DESCRIPTION\n\n", k->name);
	if (d) {
		esc(b, d);
		pmo_buf_puts(b, "\n\n");
	}
	pmo_buf_puts(b, "Each record is the file *");
	pmo_buf_clear(&page);
	kind_path(&page, k);
	esc(b, pmo_buf_cstr(&page));
	pmo_buf_printf(b, "*; a record is named %s%s.%s\n\n",
		       k->project_scoped ? "_PROJECT/ID_" : k->prefix ? "_ID_" : "_NAME_",
		       k->project_scoped ? " (or _ID_ with *-p* _PROJECT_)" : "",
		       k->source ? " The kind is the tree's own." : "");
	pmo_buf_free(&page);
	pmo_buf_puts(b, "# VERBS\n\n");
	verbs(b, ctx, pmo_kind_family(k), k);
	pmo_buf_puts(b, "# FIELDS\n\n");
	for (i = 0; i < k->props->n; i++)
		field(b, k, k->props->pairs[i].key->str, k->props->pairs[i].value, 0);
	for (i = 0; k->derived && i < k->derived->n; i++)
		field(b, k, k->derived->pairs[i].key->str, k->derived->pairs[i].value, 1);
	if ((t = k->workflow) && k->status_field && t->kind == PMO_NODE_MAP) {
		pmo_buf_printf(b, "# WORKFLOW\n\nThe field *%s* follows the workflow: pmo refuses any other "
			       "change of it.", k->status_field);
		if (k->initial)
			pmo_buf_printf(b, " A new %s is *%s*.", k->name, k->initial);
		if (k->close_status)
			pmo_buf_printf(b, " *close* makes it *%s*.", k->close_status);
		pmo_buf_puts(b, "\n\n");
		for (i = 0; i < t->n; i++) {
			const pmo_node *to = t->pairs[i].value;
			pmo_buf_printf(b, "- %s → ", t->pairs[i].key->str);
			for (j = 0; to && to->kind == PMO_NODE_SEQ && j < to->n; j++)
				pmo_buf_printf(b, "%s%s", j ? ", " : "", pmo_node_text(to->items[j]));
			if (!to || !to->n)
				pmo_buf_puts(b, "(none)");
			pmo_buf_putc(b, '\n');
		}
		pmo_buf_putc(b, '\n');
	}
	examples(b, k);
	pmo_buf_puts(b, "# SEE ALSO\n\n*pmo*(1), *pmo-files*(5)\n");
}

static const char man_usage[] =
	"usage: pmo __man PAGE\n"
	"   or: pmo __man --list\n"
	"\nA man page of pmo in scdoc(5) (pmo, pmo-files, pmo-<command>, pmo-<kind>);\n"
	"--list names them with their section.\n";

int pmo_cmd_man(pmo_ctx *ctx, int argc, char **argv)
{
	pmo_buf b = PMO_BUF_INIT;
	const char *name;
	size_t i, n;
	int code;

	if (argc != 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(man_usage, argc == 2 ? stdout : stderr);
		return argc == 2 ? 0 : 2;
	}
	if ((code = pmo_tree_kinds(ctx)))
		return code;
	name = argv[1];
	n = strcspn(name, ".");
	if (!strcmp(name, "--list")) {
		pmo_buf_puts(&b, "pmo.1\npmo-files.5\n");
		for (i = 0; i < pmo_command_count(); i++)
			pmo_buf_printf(&b, "pmo-%s.1\n", pmo_command_at(i)->name);
		for (i = 0; i < pmo_model_kind_count(ctx->model); i++)
			pmo_buf_printf(&b, "pmo-%s.1\n", pmo_model_kind_at(ctx->model, i)->name);
	} else if (n == 3 && !strncmp(name, "pmo", 3)) {
		page_pmo(&b, ctx);
	} else if (n == 9 && !strncmp(name, "pmo-files", 9)) {
		page_files(&b, ctx);
	} else if (n > 4 && !strncmp(name, "pmo-", 4)) {
		pmo_buf topic = PMO_BUF_INIT;
		const pmo_kind *k;

		pmo_buf_put(&topic, name + 4, n - 4);
		for (i = 0; i < pmo_command_count() && strcmp(pmo_command_at(i)->name, pmo_buf_cstr(&topic)); i++)
			;
		if (i < pmo_command_count())
			page_command(&b, ctx, pmo_command_at(i));
		else if ((k = pmo_model_kind(ctx->model, pmo_buf_cstr(&topic))))
			page_kind(&b, ctx, k);
		pmo_buf_free(&topic);
	}
	if (!b.len) {
		pmo_buf_free(&b);
		return pmo_die(2, "no man page \"%s\"; 'pmo __man --list' names them", name);
	}
	code = pmo_emit(&b) < 0 ? pmo_fail() : 0;
	pmo_buf_free(&b);
	return code;
}
