/*
 * pmo init: a new pmo tree in the current folder — pmo.yaml and the folders
 * for people and projects — as the first pmo commit. Works in an existing
 * repository (also one with no commits yet), in a sub-folder of a bigger
 * one, or creates the repository like git init. With --hooks, in a tree
 * that exists (a fresh clone: git config is not cloned), the git set-up
 * alone: pmo's merge driver for plans and budgets.
 */
#include "pmo.h"
#include "model/merge.h"
#include "util/fs.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char init_usage[] =
	"usage: pmo init [--name NAME] [--currency CODE]\n"
	"   or: pmo init --hooks\n"
	"\nCreate pmo.yaml, the folders people/ and projects/ and .gitattributes here, as one commit,\n"
	"and declare pmo's merge driver in the repository's git config (merge.pmo.driver: plan.yaml\n"
	"and budget.yaml merge by task and line ID; see docs/merge.md). --hooks, in an existing\n"
	"tree: the driver's config, and .gitattributes's lines for it when they are missing (one\n"
	"commit), and git's pre-commit hook: pmo fmt --check and pmo validate on what is staged\n"
	"(a pre-commit hook that is not pmo's is left alone).\n";

/* .gitattributes: git's union merge for the folders' .retired files (the
 * IDs pmo never gives again) and pmo's merge driver for plans and budgets,
 * added to the file's lines if it has some */
static const char *const files[] = { "pmo.yaml", "people/.gitkeep", "projects/.gitkeep",
				     ".gitattributes" };

/*
 * merge.pmo.driver names this pmo by its absolute path, not "pmo" looked up
 * on PATH: git runs the driver from whatever runs git (an IDE, a desktop
 * client, a CI runner, a hook) with that program's PATH, and a driver that
 * is not found leaves ours's version in the file with only git's
 * "CONFLICT" to say theirs is missing. The path names a pmo that exists
 * and reads this config; after pmo moves, pmo init --hooks writes it again.
 */
/* this pmo's absolute path into exe: 1, or 0 when it cannot be told */
static int exe_path(pmo_buf *exe)
{
	ssize_t n;

	if (pmo_buf_grow(exe, 4096) < 0)
		return 0;
	n = readlink("/proc/self/exe", exe->ptr, exe->cap - 1);
	if (n <= 0)
		return 0;
	exe->len = (size_t)n;
	exe->ptr[n] = 0;
	return 1;
}

static int set_merge_driver(pmo_ctx *ctx, int warn)
{
	pmo_buf exe = PMO_BUF_INIT, line = PMO_BUF_INIT;
	int error;

	if (!exe_path(&exe)) {
		pmo_buf_free(&exe);
		if (warn) {
			pmo_warn("merge.pmo.driver not set: cannot find the path of this pmo "
				 "(/proc/self/exe); run pmo init --hooks");
			return 0;
		}
		return pmo_die(1, "cannot find the path of this pmo (/proc/self/exe) for merge.pmo.driver");
	}
	error = pmo_merge_driver_line(&line, exe.ptr) < 0 ||
		pmo_repo_config_set(ctx->repo, "merge.pmo.name", PMO_MERGE_DRIVER_NAME) < 0 ||
		pmo_repo_config_set(ctx->repo, "merge.pmo.driver", line.ptr) < 0;
	pmo_buf_free(&exe);
	pmo_buf_free(&line);
	if (error && warn) {
		/* the tree is made and committed: say what is missing */
		pmo_warn("merge.pmo.driver not set: %s; run pmo init --hooks", pmo_error_last()->message);
		return 0;
	}
	return error ? pmo_fail() : 0;
}

/*
 * The pre-commit hook: pmo fmt --check and pmo validate on the tree as it
 * is staged. validate reads the index's tree (git write-tree, --rev);
 * fmt reads files, so when a YAML file has changes that are not staged the
 * index is checked out into a temporary repository and fmt runs there.
 * The hook names this pmo by its path, as the merge driver does, and pmo
 * on PATH when that one has gone.
 */
static const char hook_mark[] = "# pmo's pre-commit hook (pmo init --hooks)";

static int write_pre_commit(pmo_ctx *ctx, const char *exe)
{
	const char *work = pmo_repo_workdir(ctx->repo), *root = pmo_repo_root(ctx->repo);
	pmo_buf path = PMO_BUF_INIT, old = PMO_BUF_INIT, text = PMO_BUF_INIT, sub = PMO_BUF_INIT;
	int code = 0;

	if (work && root && !strncmp(root, work, strlen(work)))
		pmo_buf_puts(&sub, root + strlen(work));
	if (!sub.len)
		pmo_buf_puts(&sub, ".");
	if (pmo_repo_hook_path(&path, ctx->repo, "pre-commit") < 0)
		return pmo_fail();
	if (pmo_fs_exists(path.ptr) && (pmo_fs_read(&old, path.ptr, 0) < 0 || !strstr(pmo_buf_cstr(&old), hook_mark))) {
		pmo_warn("%s is not pmo's: left as it is; add to it: pmo fmt --check && pmo validate", path.ptr);
		goto done;
	}
	pmo_buf_printf(&text,
		"#!/bin/sh\n%s\n"
		"# checks what is staged: pmo fmt --check and pmo validate; git commit\n"
		"# --no-verify skips it. pmo init --hooks writes it again.\n"
		"pmo='%s'\n"
		"[ -x \"$pmo\" ] || pmo=pmo\n"
		"sub='%s'\n"
		"tree=$(git write-tree) || exit 1\n"
		"if git diff --quiet -- '*.yaml' '*.yml'; then\n"
		"\t(cd \"$sub\" && \"$pmo\" fmt --check) || exit 1\n"
		"else\n"
		"\t# changes that are not staged: the staged files, checked out alone\n"
		"\ttmp=$(mktemp -d) || exit 1\n"
		"\ttrap 'rm -rf \"$tmp\"' EXIT\n"
		"\tgit checkout-index --all --prefix=\"$tmp/\" && git -C \"$tmp\" init -q &&\n"
		"\t\t(cd \"$tmp/$sub\" && \"$pmo\" fmt --check) || exit 1\n"
		"fi\n"
		"out=$(cd \"$sub\" && \"$pmo\" validate --rev \"$tree\" 2>&1) || {\n"
		"\tprintf '%%s\\n' \"$out\" >&2\n"
		"\texit 1\n"
		"}\n",
		hook_mark, exe, pmo_buf_cstr(&sub));
	if (pmo_buf_oom(&text) < 0 || pmo_fs_mkdirs_for(path.ptr) < 0 ||
	    pmo_fs_write_atomic(path.ptr, text.ptr, text.len) < 0 || chmod(path.ptr, 0755) < 0) {
		code = pmo_fs_exists(path.ptr) ? pmo_fail() : pmo_die(1, "cannot write %s", path.ptr);
		goto done;
	}
	fprintf(stderr, "pmo: %s checks what is staged: pmo fmt --check, pmo validate\n", path.ptr);
done:
	pmo_buf_free(&path);
	pmo_buf_free(&old);
	pmo_buf_free(&text);
	pmo_buf_free(&sub);
	return code;
}

/* pmo init --hooks: the driver in this clone's config, and the lines of
 * .gitattributes that hand it the plans and budgets (one commit, when the
 * file lacks them). */
static int init_hooks(pmo_ctx *ctx)
{
	static const char *const attrs_path[] = { ".gitattributes" };
	pmo_buf old = PMO_BUF_INIT, text = PMO_BUF_INIT, abs = PMO_BUF_INIT, exe = PMO_BUF_INIT;
	int code = 0, r, exists;

	if (pmo_repo_open(&ctx->repo, ".", PMO_REPO_NEED_TREE) < 0)
		return pmo_fail();
	if (pmo_repo_is_bare(ctx->repo))
		return pmo_die(1, "a bare repository merges nothing: pmo init --hooks is for a clone with a worktree");
	pmo_buf_printf(&abs, "%s.gitattributes", pmo_repo_root(ctx->repo));
	if (pmo_buf_oom(&abs) < 0)
		return pmo_fail();
	exists = pmo_fs_exists(abs.ptr);
	if (exists && pmo_fs_read(&old, abs.ptr, 0) < 0) {
		code = pmo_fail();
		goto done;
	}
	if ((r = pmo_merge_attributes(&text, exists ? pmo_buf_cstr(&old) : NULL, old.len)) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (r == 1 && ((code = pmo_begin_change(ctx, attrs_path, 1)) != 0 ||
		       (code = pmo_write_and_commit(ctx, ".gitattributes", text.ptr, text.len,
						    "pmo: merge plans and budgets by task and line ID\n\n"
						    "Pmo-Command: init --hooks\n")) != 0))
		goto done;
	if ((code = set_merge_driver(ctx, 0)) != 0)
		goto done;
	if (!exe_path(&exe)) {
		code = pmo_die(1, "cannot find the path of this pmo (/proc/self/exe) for the pre-commit hook");
		goto done;
	}
	code = write_pre_commit(ctx, exe.ptr);
done:
	pmo_buf_free(&exe);
	pmo_buf_free(&old);
	pmo_buf_free(&text);
	pmo_buf_free(&abs);
	return code;
}

int cmd_init(pmo_ctx *ctx, int argc, char **argv)
{
	const char *name = NULL, *currency = NULL;
	int hooks = 0;
	const pmo_opt opts[] = {
		OPT_STRING('n', "name", &name, "NAME", "the portfolio's name (default: the folder's name)"),
		OPT_STRING(0, "currency", &currency, "CODE", "ISO 4217 currency of budgets (default CNY)"),
		OPT_BOOL(0, "hooks", &hooks, "in an existing tree: set up pmo's merge driver (git config, .gitattributes) and the pre-commit hook"),
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
	if (hooks && (name || currency))
		return pmo_die(2, "--hooks sets up an existing tree: it takes no --name or --currency");
	if (hooks)
		return init_hooks(ctx);
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
	if (pmo_merge_attributes(&attrs, existed[3] ? (attrs_old.ptr ? attrs_old.ptr : "") : NULL,
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
	code = set_merge_driver(ctx, 1);
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
