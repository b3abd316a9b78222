#include "pmo.h"
#include "repo/message.h"
#include "util/fs.h"

#include <errno.h>
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

void pmo_print_finding(const pmo_finding *f, const char *shown, unsigned flags)
{
	pmo_buf b = PMO_BUF_INIT;

	pmo_finding_format(&b, f, shown, flags);
	if (pmo_buf_oom(&b) < 0)
		fputs("pmo: error: out of memory\n", stderr);
	else
		fwrite(b.ptr, 1, b.len, stderr);
	pmo_buf_free(&b);
}

int pmo_print_problems(const pmo_findings *probs, int code)
{
	size_t i;

	for (i = 0; i < probs->n; i++)
		pmo_print_finding(&probs->items[i], probs->items[i].path, 0);
	return probs->n && !code ? 1 : code;
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
	pmo_buf_free(&b);
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
	pmo_buf_free(&list);
	return code;
}

/* What git reports and goes on from (a filter that failed), in git's
 * words; printed once. */
void pmo_print_repo_warnings(pmo_ctx *ctx)
{
	const char *w = pmo_repo_warnings(ctx->repo), *nl;

	for (; w && *w; w = nl + 1) {
		nl = strchr(w, '\n');
		fprintf(stderr, "pmo: %.*s\n", (int)(nl - w), w);
	}
	pmo_repo_warnings_clear(ctx->repo);
}

/* Temporary files that a killed pmo left beside the files this command
 * writes: no other pmo writes while this one holds the pmo lock. */
static void remove_temps(pmo_ctx *ctx, const char *const *paths, size_t n)
{
	size_t k, removed;
	char *abs, *slash, *shown;

	for (k = 0; k < n; k++) {
		if (!(abs = pmo_path_join(pmo_repo_root(ctx->repo), paths[k])))
			continue;
		if ((slash = strrchr(abs, '/')) != NULL) {
			*slash = '\0';
			if (pmo_fs_remove_temps(&removed, abs) == 0 && removed) {
				*slash = '/';
				shown = pmo_source_display(ctx->src, paths[k]);
				pmo_warn("removed %zu temporary file%s that an interrupted pmo left "
					 "beside %s", removed, removed == 1 ? "" : "s",
					 shown ? shown : paths[k]);
				free(shown);
			}
		}
		free(abs);
	}
}

int pmo_begin_change(pmo_ctx *ctx, const char *const *paths, size_t n)
{
	int error = pmo_repo_check_mutable(ctx->repo) < 0 || pmo_repo_lock(ctx->repo) < 0 ||
		    pmo_repo_check_interrupted(ctx->repo) < 0;

	if (error) {
		pmo_print_repo_warnings(ctx);
		return pmo_fail();
	}
	remove_temps(ctx, paths, n);
	error = pmo_repo_check_clean(ctx->repo, paths, n) < 0;
	pmo_print_repo_warnings(ctx);
	return error ? pmo_fail() : 0;
}

/*
 * The message for a path git filters (.gitattributes filter=, as git-crypt
 * sets up): a commit message is never filtered, so it keeps only what names
 * the change -- the subject up to its verb ("risk CBM/R-3: set") and the
 * Pmo- trailers -- never a title or a value.
 */
static char *filtered_message(const char *message)
{
	pmo_buf b = PMO_BUF_INIT;
	const char *colon = strstr(message, ": "), *nl = strchr(message, '\n'), *p;
	size_t verb;

	if (!nl)
		nl = message + strlen(message);
	if (colon && colon < nl) {
		verb = strcspn(colon + 2, " \n(");
		pmo_buf_put(&b, message, (size_t)(colon + 2 - message) + verb);
	} else {
		pmo_buf_put(&b, message, (size_t)(nl - message));
	}
	pmo_buf_puts(&b, "\n\n");
	for (p = nl; *p; p = nl) {
		p += *p == '\n';
		nl = p + strcspn(p, "\n");
		if (!strncmp(p, "Pmo-", 4))
			pmo_buf_printf(&b, "%.*s\n", (int)(nl - p), p);
	}
	return pmo_buf_oom(&b) < 0 ? NULL : pmo_buf_detach(&b);
}

static void print_hint(const char *line, void *payload)
{
	(void)payload;
	fprintf(stderr, "hint: %s\n", line);
}

void pmo_commit_options(pmo_ctx *ctx)
{
	pmo_repo_set_commit_options(ctx->repo, ctx->commit_flags, print_hint, NULL);
}

int pmo_commit_paths(pmo_ctx *ctx, const char *const *paths, size_t n, const char *message)
{
	pmo_commit_made made;
	char *fit = NULL;
	int error;

	pmo_commit_options(ctx);
	/* every commit's subject fits 72 columns, the full one in the body */
	if (pmo_message_fit(&fit, message) < 0)
		return -1;
	error = pmo_repo_commit_paths(&made, ctx->repo, paths, n, fit);
	pmo_print_repo_warnings(ctx);
	if (error == 0)
		printf("[%s %.7s] %s\n", made.branch, made.id, made.subject);
	pmo_commit_made_free(&made);
	free(fit);
	return error < 0 ? -1 : 0;
}

/* The last error, when about abs, told with the path as the user sees it. */
static void error_at_shown(pmo_ctx *ctx, const char *path, const char *abs)
{
	const pmo_error *e = pmo_error_last();
	char *shown, *msg;

	if (!e || !e->path || strcmp(e->path, abs))
		return;
	shown = pmo_source_display(ctx->src, path);
	msg = strdup(e->message ? e->message : "");
	if (shown && msg)
		pmo_error_set_at(e->code, shown, e->line, e->col, "%s", msg);
	free(shown);
	free(msg);
}

/* Put back the bytes the file had before pmo wrote data (had: it existed;
 * data NULL: pmo removed it) and check them. pmo_die's message when that
 * fails; 0 when put back. */
static int put_back(pmo_ctx *ctx, const char *path, const char *abs, int had,
		    const pmo_buf *old, const char *data, size_t len)
{
	pmo_buf now = PMO_BUF_INIT;
	char *shown = pmo_source_display(ctx->src, path);
	const char *name = shown ? shown : path;
	int error = 0, code = 0;

	/* only what pmo wrote is taken back: another program's later edit stays */
	if (had)
		error = pmo_fs_replace(abs, old->ptr ? old->ptr : "", old->len, data, len, 1);
	else if (!data)
		error = 0;
	else if ((error = pmo_fs_read_nofollow(&now, abs, 0)) == 0 &&
		 (now.len != len || memcmp(now.ptr, data, len)))
		error = pmo_error_set(PMO_ECONFLICT, "it was changed after pmo wrote it");
	else if (error == 0 && unlink(abs) < 0)
		error = pmo_error_set(PMO_EIO, "%s", strerror(errno));
	if (error == 0) {
		/* checked: the committed bytes, or no file */
		error = pmo_fs_read_nofollow(&now, abs, 0);
		if (had ? error < 0 || now.len != old->len || memcmp(now.ptr, old->ptr, old->len)
			: error != PMO_ENOTFOUND)
			error = pmo_error_set(PMO_EIO, "it does not read back as it was");
		else
			error = 0;
	}
	if (error < 0) {
		const pmo_error *e = pmo_error_last();
		if (had)
			code = pmo_die(1, "%s could not be put back (%s): it holds pmo's uncommitted "
				       "change; git checkout -- %s restores the committed version", name,
				       e && e->message ? e->message : "", name);
		else
			code = pmo_die(1, "%s could not be removed (%s): it holds pmo's uncommitted "
				       "new file; remove it with: rm %s", name,
				       e && e->message ? e->message : "", name);
	}
	pmo_buf_free(&now);
	free(shown);
	return code;
}

/* Remove the file pmo read as old, unless another program changed it since. */
static int remove_read(const char *abs, const pmo_buf *old)
{
	pmo_buf now = PMO_BUF_INIT;
	int error = pmo_fs_read_nofollow(&now, abs, 0);

	if (error == 0 && (now.len != old->len || memcmp(now.ptr, old->ptr, old->len)))
		error = pmo_error_set_at(PMO_ECONFLICT, abs, 0, 0, "was changed by another program "
					 "while pmo was writing it; pmo left it as that program "
					 "wrote it and changed nothing");
	else if (error == 0 && unlink(abs) < 0)
		error = pmo_error_set_at(PMO_EIO, abs, 0, 0, "cannot remove: %s", strerror(errno));
	pmo_buf_free(&now);
	return error;
}

int pmo_write_and_commit(pmo_ctx *ctx, const char *path, const char *data, size_t len,
			 const char *message)
{
	const pmo_file_write one = { path, data, len };

	return pmo_write_files_and_commit(ctx, &one, 1, message);
}

int pmo_write_files_and_commit(pmo_ctx *ctx, const pmo_file_write *files, size_t n,
			       const char *message)
{
	char **abs = calloc(n ? n : 1, sizeof(*abs));
	const char **paths = calloc(n ? n : 1, sizeof(*paths));
	pmo_buf *old = calloc(n ? n : 1, sizeof(*old));
	int *had = calloc(n ? n : 1, sizeof(*had));
	char *secret = NULL;
	const char *hook = getenv("PMO_TEST_BEFORE_WRITE");
	char before[41], after[41];
	size_t i, written = 0;
	int had_head, code = 0, e, filtered = 0;

	if (!abs || !paths || !old || !had) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++) {
		paths[i] = files[i].path;
		if (!(abs[i] = pmo_path_join(pmo_repo_root(ctx->repo), files[i].path))) {
			code = pmo_die(1, "out of memory");
			goto done;
		}
		filtered |= pmo_repo_path_filtered(ctx->repo, files[i].path);
	}
	if (filtered && !(message = secret = filtered_message(message))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++) {
		e = pmo_fs_read_nofollow(&old[i], abs[i], 0);
		if (e < 0 && e != PMO_ENOTFOUND) {
			error_at_shown(ctx, files[i].path, abs[i]);
			code = pmo_fail();
			goto done;
		}
		pmo_error_clear();
		had[i] = e == 0;
	}
	had_head = pmo_repo_head_id(before, ctx->repo) == 0;
	/* for tests only (docs/git.md): another program's edit made between
	 * pmo's check and its write, which the write must detect */
	if (hook && *hook && system(hook) != 0) {
		code = pmo_die(1, "PMO_TEST_BEFORE_WRITE failed");
		goto done;
	}
	for (written = 0; written < n; written++) {
		const pmo_file_write *f = &files[written];
		if (f->data ? pmo_fs_mkdirs_for(abs[written]) < 0 ||
			      pmo_fs_replace(abs[written], f->data, f->len,
					     had[written] ? old[written].ptr : NULL, old[written].len, 1) < 0
			    : had[written] && remove_read(abs[written], &old[written]) < 0) {
			error_at_shown(ctx, f->path, abs[written]);
			code = pmo_fail();
			break;
		}
	}
	if (!code && pmo_commit_paths(ctx, paths, n, message) < 0) {
		code = pmo_fail();
		/* the commit itself was made (and only the index could not be
		 * updated): the files are right */
		if (pmo_repo_head_id(after, ctx->repo) == 0 && (!had_head || strcmp(before, after)))
			goto done;
	}
	/* what failed is not committed: the old bytes back, the last first */
	while (code && written--)
		put_back(ctx, files[written].path, abs[written], had[written], &old[written],
			 files[written].data, files[written].len);
done:
	for (i = 0; abs && old && i < n; i++) {
		free(abs[i]);
		pmo_buf_free(&old[i]);
	}
	free(abs);
	free(old);
	free(had);
	free(paths);
	free(secret);
	return code;
}

int pmo_emit_table(pmo_buf *out, const pmo_ctx *ctx, const pmo_table *t, const char *format)
{
	pmo_table_opts o = { ctx->width, ctx->color };

	if (!strcmp(format, "csv"))
		return pmo_table_csv(out, t);
	if (!strcmp(format, "md"))
		return pmo_table_md(out, t);
	return pmo_table_render(out, t, &o);
}
