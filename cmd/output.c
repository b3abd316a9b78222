#include "pmo.h"
#include "repo/message.h"
#include "util/fs.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int pmo_fail(void)
{
	const pmo_error *e = pmo_error_last();
	char *msg = pmo_error_format(e);

	if (e && e->path && e->line)
		fprintf(stderr, "%s:%zu:%zu: error: %s\n", e->path, e->line,
			e->col ? e->col : 1, e->message);
	else
		fprintf(stderr, "pmo: error: %s\n", msg ? msg : "out of memory");
	free(msg);
	return e && e->code == PMO_EUSAGE ? 2 : 1;
}

int pmo_die(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("pmo: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

void pmo_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("pmo: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int pmo_emit(const pmo_buf *b)
{
	if (b->oom)
		return pmo_die(1, "out of memory");
	if (b->len && fwrite(b->ptr, 1, b->len, stdout) != b->len)
		return pmo_die(1, "cannot write to standard output");
	return 0;
}

int pmo_emit_some(pmo_buf *b)
{
	if (b->len < PMO_EMIT_CHUNK || b->oom)
		return 0;
	if (fwrite(b->ptr, 1, b->len, stdout) != b->len)
		return pmo_error_set(PMO_EIO, "cannot write to standard output");
	pmo_buf_clear(b);
	return 0;
}

void pmo_print_usage(FILE *f, const char *usage, const pmo_option *opts)
{
	const pmo_option *o;
	size_t w = 0;

	if (usage)
		fputs(usage, f);
	for (o = opts; o && o->name; o++) {
		size_t len = strlen(o->name) + (o->arg ? strlen(o->arg) + 1 : 0);
		if (len > w)
			w = len;
	}
	if (opts && opts->name)
		fputs("\noptions:\n", f);
	for (o = opts; o && o->name; o++) {
		char buf[128];
		snprintf(buf, sizeof(buf), "%s%s%s", o->name, o->arg ? "=" : "", o->arg ? o->arg : "");
		if (o->shortname)
			fprintf(f, "  -%c, --%-*s  %s\n", o->shortname, (int)w, buf, o->help);
		else
			fprintf(f, "      --%-*s  %s\n", (int)w, buf, o->help);
	}
	fprintf(f, "  -h, --%-*s  %s\n", (int)w, "help", "show this help");
}

int pmo_parse_options(int argc, char **argv, const pmo_option *opts, pmo_optval *values,
		      int *nargs, const char *usage)
{
	int i, n = 0, only_args = 0;
	size_t k;

	for (k = 0; opts && opts[k].name; k++)
		values[k].value = NULL;
	for (i = 0; i < argc; i++) {
		char *a = argv[i];
		const pmo_option *o = NULL;
		const char *val = NULL;

		if (only_args || a[0] != '-' || !a[1]) {
			argv[n++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_args = 1;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			pmo_print_usage(stdout, usage, opts);
			return 1;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			for (k = 0; opts && opts[k].name; k++)
				if (strlen(opts[k].name) == len && !strncmp(opts[k].name, a + 2, len)) {
					o = &opts[k];
					break;
				}
			if (o && eq) {
				if (!o->arg) {
					pmo_die(2, "option --%s takes no value", o->name);
					goto usage;
				}
				val = eq + 1;
			}
		} else if (a[1] >= '0' && a[1] <= '9') {
			argv[n++] = a; /* a negative number, not an option */
			continue;
		} else {
			for (k = 0; opts && opts[k].name; k++)
				if (opts[k].shortname == a[1]) {
					o = &opts[k];
					break;
				}
			if (o && a[2]) {
				if (!o->arg) {
					pmo_die(2, "unknown option \"%s\"", a);
					goto usage;
				}
				val = a + 2;
			}
		}
		if (!o) {
			pmo_die(2, "unknown option \"%s\"", a);
			goto usage;
		}
		if (o->arg && !val) {
			if (i + 1 >= argc) {
				pmo_die(2, "option --%s needs a value (%s)", o->name, o->arg);
				goto usage;
			}
			val = argv[++i];
		}
		values[o - opts].value = val ? val : "";
	}
	*nargs = n;
	return 0;
usage:
	pmo_print_usage(stderr, usage, opts);
	return -2;
}

int pmo_format(const char **out, const pmo_ctx *ctx, const char *given,
	       const char *allowed, const char *dflt)
{
	const char *f = given ? given : ctx->format ? ctx->format : dflt;
	size_t len = strlen(f);
	const char *p = allowed;

	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t l = comma ? (size_t)(comma - p) : strlen(p);
		if (l == len && !strncmp(p, f, len)) {
			*out = f;
			return 0;
		}
		p = comma ? comma + 1 : NULL;
	}
	return pmo_die(2, "unknown format \"%s\"; allowed: %s", f, allowed);
}

int pmo_check_project(pmo_ctx *ctx, const char *key)
{
	char **projects = NULL;
	pmo_buf b = PMO_BUF_INIT;
	size_t i;
	int code = 0;

	pmo_buf_printf(&b, "projects/%s/project.yaml", key);
	if (!ctx->src || (!strchr(key, '/') && pmo_source_exists(ctx->src, pmo_buf_cstr(&b))))
		goto done;
	pmo_buf_clear(&b);
	if (ctx->src && pmo_projects_list(&projects, ctx->src) == 0)
		for (i = 0; projects[i]; i++)
			pmo_buf_printf(&b, "%s%s", i ? ", " : "", projects[i]);
	code = b.len ? pmo_die(2, "no project %s (projects: %s)", key, b.ptr)
		     : pmo_die(2, "no project %s; add it with: pmo project add %s name=…", key, key);
done:
	pmo_strv_free(projects);
	pmo_buf_release(&b);
	return code;
}

int pmo_need_project(const char **out, pmo_ctx *ctx)
{
	char **projects = NULL;
	pmo_buf list = PMO_BUF_INIT;
	size_t i;
	int code;

	if (ctx->project || (ctx->settings && ctx->settings->default_project)) {
		*out = ctx->project ? ctx->project : ctx->settings->default_project;
		return pmo_check_project(ctx, *out);
	}
	if (ctx->src && pmo_projects_list(&projects, ctx->src) == 0)
		for (i = 0; projects[i]; i++)
			pmo_buf_printf(&list, "%s%s", i ? ", " : "", projects[i]);
	if (list.len)
		code = pmo_die(2, "no project given; use -p KEY (projects: %s)", list.ptr);
	else
		code = pmo_die(2, "no project given and none exists yet; add one with: pmo project add KEY name=…");
	pmo_strv_free(projects);
	pmo_buf_release(&list);
	return code;
}

int pmo_begin_change(pmo_ctx *ctx, const char *const *paths, size_t n)
{
	if (pmo_repo_check_mutable(ctx->repo) < 0 || pmo_repo_lock(ctx->repo) < 0 ||
	    pmo_repo_check_clean(ctx->repo, paths, n) < 0)
		return pmo_fail();
	return 0;
}

int pmo_commit_paths(pmo_ctx *ctx, const char *const *paths, size_t n, const char *message)
{
	git_oid oid;
	git_reference *head = NULL;
	const char *branch = "HEAD";
	char hex[8], *fit = NULL;
	const char *nl;

	/* every commit's subject fits 72 columns, the full one in the body */
	if (pmo_message_fit(&fit, message) < 0 ||
	    pmo_repo_commit(&oid, ctx->repo, paths, n, fit) < 0) {
		free(fit);
		return -1;
	}
	message = fit;
	if (git_repository_head(&head, pmo_repo_git(ctx->repo)) == 0)
		branch = git_reference_shorthand(head);
	git_oid_tostr(hex, sizeof(hex), &oid);
	nl = strchr(message, '\n');
	printf("[%s %s] %.*s\n", branch, hex, (int)(nl ? nl - message : (long)strlen(message)), message);
	git_reference_free(head);
	free(fit);
	return 0;
}

static int head_id(git_oid *out, pmo_ctx *ctx)
{
	return git_reference_name_to_id(out, pmo_repo_git(ctx->repo), "HEAD");
}

int pmo_write_and_commit(pmo_ctx *ctx, const char *path, const char *data, size_t len,
			 const char *message)
{
	char *abs = pmo_path_join(pmo_repo_root(ctx->repo), path);
	pmo_buf old = PMO_BUF_INIT;
	git_oid before, after;
	int had, had_head, code = 0;

	if (!abs)
		return pmo_die(1, "out of memory");
	had = pmo_fs_read(&old, abs, 0) == 0;
	had_head = head_id(&before, ctx) == 0;
	if (pmo_fs_mkdirs_for(abs) < 0 || pmo_fs_write_atomic(abs, data, len) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (pmo_commit_paths(ctx, (const char *const[]){ path }, 1, message) < 0) {
		code = pmo_fail();
		/* put the old bytes back unless the commit itself was made (and
		 * only the index could not be updated): then the file is right */
		if (head_id(&after, ctx) == 0 && (!had_head || !git_oid_equal(&before, &after)))
			goto done;
		if (had)
			pmo_fs_write_atomic(abs, old.ptr, old.len);
		else
			unlink(abs);
	}
done:
	pmo_buf_release(&old);
	free(abs);
	return code;
}
