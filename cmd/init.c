/*
 * pmo init: a new pmo tree in the current folder — pmo.yaml and the folders
 * for people and projects — as the first pmo commit. Works in an existing
 * repository (also one with no commits yet), in a sub-folder of a bigger
 * one, or creates the repository like git init.
 */
#include "pmo.h"
#include "util/fs.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char init_usage[] =
	"usage: pmo init [--name NAME] [--currency CODE]\n"
	"\nCreate pmo.yaml, the folders people/ and projects/ and .gitattributes here, as one commit.\n";

/* .gitattributes: git's union merge for the folders' .retired files (the
 * IDs pmo never gives again), added to the file's lines if it has some */
static const char *const files[] = { "pmo.yaml", "people/.gitkeep", "projects/.gitkeep",
				     ".gitattributes" };

int cmd_init(pmo_ctx *ctx, int argc, char **argv)
{
	const char *name = NULL, *currency = NULL;
	const pmo_opt opts[] = {
		OPT_STRING('n', "name", &name, "NAME", "the portfolio's name (default: the folder's name)"),
		OPT_STRING(0, "currency", &currency, "CODE", "ISO 4217 currency of budgets (default CNY)"),
		OPT_END(),
	};
	pmo_doc *doc = NULL;
	pmo_node *root, *risk, *levels;
	pmo_buf text = PMO_BUF_INIT, msg = PMO_BUF_INIT, attrs = PMO_BUF_INIT, attrs_old = PMO_BUF_INIT;
	pmo_findings res = { 0 };
	char cwd[4096], *base;
	size_t i, written = 0;
	int nargs = argc - 1, code = 0, had_people, had_projects;
	int existed[sizeof(files) / sizeof(files[0])];

	if ((code = pmo_parse(ctx, &nargs, argv + 1, opts, init_usage)) != PMO_GO)
		return code;
	code = 0;
	if (nargs)
		return pmo_die(2, "unexpected \"%s\"; see 'pmo init -h'", argv[1]);
	if (!getcwd(cwd, sizeof(cwd)))
		return pmo_die(1, "cannot read the current folder");
	if (pmo_fs_exists("pmo.yaml"))
		return pmo_die(1, "pmo.yaml already exists in %s: this is a pmo tree already", cwd);
	base = strrchr(cwd, '/');
	if (!name)
		name = base && base[1] ? base + 1 : "portfolio";
	if (!currency)
		currency = "CNY";
	if (pmo_model_new(&ctx->model) < 0 || pmo_repo_init(&ctx->repo, ".") < 0)
		return pmo_fail();
	if (pmo_repo_check_mutable(ctx->repo) < 0)
		return pmo_fail();
	if (pmo_repo_has_tree(ctx->repo) && pmo_repo_root(ctx->repo)) {
		/* a pmo.yaml further up: one tree inside another would split the data */
		const char *root = pmo_repo_root(ctx->repo);
		return pmo_die(1, "%s is inside the pmo tree at %.*s already", cwd,
			       (int)(strlen(root) > 1 ? strlen(root) - 1 : strlen(root)), root);
	}
	if (pmo_repo_lock(ctx->repo) < 0)
		return pmo_fail();

	if (pmo_doc_new(&doc) < 0 || !(root = pmo_node_map(doc)) ||
	    !(risk = pmo_node_map(doc)) || !(levels = pmo_node_map(doc))) {
		code = pmo_fail();
		goto done;
	}
	pmo_doc_set_root(doc, root);
	pmo_map_append(doc, root, pmo_node_str(doc, "name"), pmo_node_str(doc, name));
	pmo_map_append(doc, root, pmo_node_str(doc, "currency"), pmo_node_str(doc, currency));
	pmo_map_append(doc, levels, pmo_node_str(doc, "medium"), pmo_node_scalar(doc, PMO_TAG_INT, "5", 1));
	pmo_map_append(doc, levels, pmo_node_str(doc, "high"), pmo_node_scalar(doc, PMO_TAG_INT, "10", 2));
	pmo_map_append(doc, levels, pmo_node_str(doc, "critical"), pmo_node_scalar(doc, PMO_TAG_INT, "25", 2));
	pmo_map_append(doc, risk, pmo_node_str(doc, "levels"), levels);
	pmo_map_append(doc, risk, pmo_node_str(doc, "review_days"), pmo_node_scalar(doc, PMO_TAG_INT, "30", 2));
	if (pmo_map_append(doc, root, pmo_node_str(doc, "risk"), risk) < 0) {
		code = pmo_fail();
		goto done;
	}
	/* the settings must satisfy their own schema */
	if (pmo_schema_validate(&res, pmo_model_schema(ctx->model, "pmo"), root) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (res.n) {
		code = pmo_die(2, "%s%s%s", res.items[0].location,
			       *res.items[0].location ? ": " : "", res.items[0].message);
		goto done;
	}
	pmo_buf_puts(&text, "# pmo settings: the portfolio, its currency, the risk matrix, the calendar.\n");
	if (pmo_yaml_emit(&text, root) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (pmo_repo_set_root(ctx->repo, cwd) < 0) {
		code = pmo_fail();
		goto done;
	}
	had_people = pmo_fs_is_dir("people");
	had_projects = pmo_fs_is_dir("projects");
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		existed[i] = pmo_fs_exists(files[i]);
	if (existed[3] && pmo_fs_read(&attrs_old, files[3], 0) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (pmo_retired_attributes(&attrs, existed[3] ? (attrs_old.ptr ? attrs_old.ptr : "") : NULL,
				   attrs_old.len) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (!attrs.len)
		pmo_buf_put(&attrs, attrs_old.ptr ? attrs_old.ptr : "", attrs_old.len);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		const char *data = i == 3 ? attrs.ptr : i ? "" : text.ptr;
		size_t len = i == 3 ? attrs.len : i ? 0 : text.len;
		if (pmo_fs_mkdirs_for(files[i]) < 0 || pmo_fs_write_atomic(files[i], data, len) < 0) {
			code = pmo_fail();
			goto undo;
		}
		written++;
	}
	pmo_buf_printf(&msg, "pmo: start the portfolio %s\n\nPmo-Command: init\n", name);
	if (pmo_commit_paths(ctx, files, sizeof(files) / sizeof(files[0]), msg.ptr) < 0) {
		code = pmo_fail();
		goto undo;
	}
	goto done;
undo:
	/* take back what init created, nothing that was there before */
	for (i = 0; i < written; i++)
		if (!existed[i])
			unlink(files[i]);
		else if (i == 3)
			pmo_fs_write_atomic(files[i], attrs_old.ptr ? attrs_old.ptr : "", attrs_old.len);
	if (!had_people)
		rmdir("people");
	if (!had_projects)
		rmdir("projects");
done:
	pmo_findings_free(&res);
	pmo_doc_free(doc);
	pmo_buf_free(&text);
	pmo_buf_free(&msg);
	pmo_buf_free(&attrs);
	pmo_buf_free(&attrs_old);
	return code;
}
