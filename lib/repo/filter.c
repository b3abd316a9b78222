/*
 * git's conversions between the worktree and the object store, for the
 * paths pmo commits and reads back (git's convert.c): an external filter
 * driver named by the `filter=<d>` attribute -- `filter.<d>.clean` /
 * `smudge` commands, or the long-running `filter.<d>.process` (pkt-line
 * protocol version 2, one process per command line per pmo run, as git
 * keeps one per git process) -- and, after the driver on the way in,
 * libgit2's own filters (text/eol/crlf, ident), in convert_to_git's order.
 *
 * libgit2 1.5 ignores external drivers (it would store a git-crypt file in
 * plaintext), so pmo runs them itself. A path without a filter attribute
 * costs one attribute lookup and takes libgit2's own path as before.
 *
 * Failures as git: a driver that fails stores the file unfiltered with
 * git's "external filter '<cmd>' failed <rc>" (a warning pmo's commands
 * print), unless the driver is `required`: then "<path>: clean filter '<d>'
 * failed" and nothing is committed. `working-tree-encoding` (which libgit2
 * ignores too) is refused unless it names UTF-8, git's no-op.
 */
#define _GNU_SOURCE /* pipe2 */
#include "repo/dircache.h"
#include "util/error.h"
#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define CAP_CLEAN 1u
#define CAP_SMUDGE 2u
/* git's LARGE_PACKET_MAX minus the 4-byte length */
#define PKT_DATA_MAX 65516

/* A running filter.<d>.process, kept for the repository handle's life. */
struct pmo_filter_proc {
	char *cmd;
	pid_t pid;
	int in;  /* its stdin */
	int out; /* its stdout */
	unsigned caps;
	struct pmo_filter_proc *next;
};

/* The driver configured for a filter name (git's convert_driver). */
typedef struct {
	char *name;
	char *clean;
	char *smudge;
	char *process;
	int required;
	int found; /* some filter.<name>.* is set */
} driver;

static void driver_release(driver *d)
{
	free(d->name);
	free(d->clean);
	free(d->smudge);
	free(d->process);
	memset(d, 0, sizeof(*d));
}

void pmo_repo__warn(pmo_repo *repo, const char *fmt, ...)
{
	pmo_buf line = PMO_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	pmo_buf_vprintf(&line, fmt, ap);
	va_end(ap);
	pmo_buf_putc(&line, '\n');
	/* the same warning once, though the check and the commit both filter */
	if (!pmo_buf_oom(&line) && !(repo->warnings.ptr && strstr(repo->warnings.ptr, line.ptr)))
		pmo_buf_put(&repo->warnings, line.ptr, line.len);
	pmo_buf_free(&line);
}

const char *pmo_repo_warnings(const pmo_repo *repo)
{
	return repo->warnings.len ? repo->warnings.ptr : NULL;
}

void pmo_repo_warnings_clear(pmo_repo *repo)
{
	pmo_buf_clear(&repo->warnings);
}

static int config_get(char **out, git_config *cfg, const char *name, int *found)
{
	git_config_entry *entry = NULL;
	int e;

	*out = NULL;
	e = git_config_get_entry(&entry, cfg, name);
	if (e == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (e < 0)
		return pmo_repo__git_error(e, "cannot read the git configuration");
	*found = 1;
	if (entry->value && !(*out = strdup(entry->value))) {
		git_config_entry_free(entry);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	git_config_entry_free(entry);
	return 0;
}

static int load_driver(driver *d, pmo_repo *repo, const char *name)
{
	static const char *const keys[] = { "clean", "smudge", "process" };
	git_config *cfg = NULL;
	pmo_buf var = PMO_BUF_INIT;
	char **slots[3];
	char *req = NULL;
	int error = 0, e, k;

	memset(d, 0, sizeof(*d));
	if (!(d->name = strdup(name)))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	if ((e = git_repository_config_snapshot(&cfg, repo->git)) < 0) {
		error = pmo_repo__git_error(e, "cannot read the git configuration");
		goto done;
	}
	slots[0] = &d->clean;
	slots[1] = &d->smudge;
	slots[2] = &d->process;
	for (k = 0; k < 3; k++) {
		pmo_buf_clear(&var);
		pmo_buf_printf(&var, "filter.%s.%s", name, keys[k]);
		if ((error = pmo_buf_oom(&var)) < 0 ||
		    (error = config_get(slots[k], cfg, var.ptr, &d->found)) < 0)
			goto done;
	}
	pmo_buf_clear(&var);
	pmo_buf_printf(&var, "filter.%s.required", name);
	if ((error = pmo_buf_oom(&var)) < 0 || (error = config_get(&req, cfg, var.ptr, &d->found)) < 0)
		goto done;
	if (req) {
		if ((e = git_config_parse_bool(&d->required, req)) < 0) {
			error = pmo_error_set(PMO_EINVALID,
				"bad boolean config value '%s' for '%s'", req, var.ptr);
			goto done;
		}
	}
done:
	free(req);
	pmo_buf_free(&var);
	git_config_free(cfg);
	if (error < 0)
		driver_release(d);
	return error;
}

/* git's is_encoding_utf8 */
static int is_utf8_name(const char *s)
{
	return !strcasecmp(s, "utf-8") || !strcasecmp(s, "utf8");
}

/* The filter driver for rpath (d->found 0 when none) and the refusal of
 * a working-tree-encoding pmo cannot honour. */
static int path_driver(driver *d, pmo_repo *repo, const char *rpath, uint32_t flags)
{
	static const char *names[] = { "filter", "working-tree-encoding" };
	const char *values[2] = { NULL, NULL };
	int e;

	memset(d, 0, sizeof(*d));
	if ((e = git_attr_get_many(values, repo->git, flags, rpath, 2, names)) < 0)
		return pmo_repo__git_error(e, "cannot read .gitattributes");
	switch (git_attr_value(values[1])) {
	case GIT_ATTR_VALUE_TRUE:
	case GIT_ATTR_VALUE_FALSE:
		return pmo_error_set(PMO_EINVALID,
			"%s: true/false are no valid working-tree-encodings", rpath);
	case GIT_ATTR_VALUE_STRING:
		if (*values[1] && !is_utf8_name(values[1]))
			return pmo_error_set(PMO_EINVALID,
				"%s: working-tree-encoding=%s is not supported by pmo (records are "
				"UTF-8); remove that attribute from .gitattributes for this path",
				rpath, values[1]);
		break;
	default:
		break;
	}
	if (git_attr_value(values[0]) != GIT_ATTR_VALUE_STRING)
		return 0;
	return load_driver(d, repo, values[0]);
}

/*
 * libgit2 reads .gitattributes from the worktree, else from the index (as
 * git does when it adds a file), and for that loads the whole index: 28 M
 * instructions in a folder of 5,000 records. While pmo reads attributes,
 * libgit2 is given an index holding only the index's .gitattributes
 * entries (read once, without libgit2), which answers those questions the
 * same. Nested; the repository's own index comes back at the end.
 */
static void attr_begin(pmo_repo *repo)
{
	pmo_dircache dc;

	if (repo->attr_depth++ || repo->bare)
		return;
	if (repo->attr_state == 0) {
		repo->attr_state = -1;
		if (pmo_repo__dircache_read(&dc, repo, 0) == 0 && dc.parsed &&
		    pmo_repo__dircache_attr_index(&repo->attr_index, &dc) == 0)
			repo->attr_state = 1;
		pmo_error_clear();
		pmo_repo__dircache_free(&dc);
	}
	if (repo->attr_state == 1)
		git_repository_set_index(repo->git, repo->attr_index);
}

static void attr_end(pmo_repo *repo)
{
	if (--repo->attr_depth || repo->bare || repo->attr_state != 1)
		return;
	git_repository_set_index(repo->git, NULL);
}

int pmo_repo_path_filtered(pmo_repo *repo, const char *path)
{
	const char *value = NULL;
	char *rpath = pmo_repo__path(repo, path);
	uint32_t flags = repo->bare ? GIT_ATTR_CHECK_INDEX_ONLY | GIT_ATTR_CHECK_INCLUDE_HEAD : 0;
	int filtered;

	if (!rpath)
		return 1; /* out of memory: say less rather than more */
	attr_begin(repo);
	filtered = git_attr_get(&value, repo->git, flags, rpath, "filter") < 0 ||
		   git_attr_value(value) == GIT_ATTR_VALUE_STRING;
	attr_end(repo);
	git_error_clear();
	free(rpath);
	return filtered;
}

/* ---- running a program ---- */

static void ignore_sigpipe(struct sigaction *old)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, old);
}

/* Start `sh -c cmd` in the worktree's top (git's use_shell and cwd), with
 * pipes to its stdin and from its stdout; stderr is pmo's. */
static int spawn(pid_t *pid, int *to, int *from, pmo_repo *repo, const char *cmd)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 };
	pid_t p;

	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0)
		goto fail;
	fflush(NULL);
	p = fork();
	if (p < 0)
		goto fail;
	if (p == 0) {
		if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0)
			_exit(127);
		if (repo->workdir && chdir(repo->workdir) < 0)
			_exit(127);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	*pid = p;
	*to = in[1];
	*from = out[0];
	return 0;
fail:
	if (in[0] >= 0) {
		close(in[0]);
		close(in[1]);
	}
	if (out[0] >= 0) {
		close(out[0]);
		close(out[1]);
	}
	return -1;
}

/* git's finish_command: the exit code, or 128 + the signal. */
static int reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;
}

/* git's sq_quote_buf: 'a'\''b' */
static void sq_quote(pmo_buf *b, const char *s)
{
	pmo_buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'' || *s == '!') {
			pmo_buf_puts(b, "'\\");
			pmo_buf_putc(b, *s);
			pmo_buf_putc(b, '\'');
		} else {
			pmo_buf_putc(b, *s);
		}
	}
	pmo_buf_putc(b, '\'');
}

/*
 * filter.<d>.clean / smudge: %f becomes the quoted path, the data goes to
 * the command's stdin while its stdout is read. 1 when it worked (*out
 * holds the result), 0 when it failed (the warnings git prints were
 * added), negative on a pmo error.
 */
static int run_single(pmo_buf *out, pmo_repo *repo, const char *cmd, const char *rpath,
		      const char *data, size_t len)
{
	pmo_buf line = PMO_BUF_INIT;
	struct sigaction old;
	struct pollfd pf[2];
	const char *f;
	char chunk[65536];
	size_t sent = 0;
	ssize_t n;
	pid_t pid;
	int to = -1, from = -1, status, write_err = 0, read_err = 0, error = 0;

	for (f = cmd; *f; f++) {
		if (*f == '%' && f[1] == '%') {
			pmo_buf_putc(&line, '%');
			f++;
		} else if (*f == '%' && f[1] == 'f') {
			sq_quote(&line, rpath);
			f++;
		} else {
			pmo_buf_putc(&line, *f);
		}
	}
	if ((error = pmo_buf_oom(&line)) < 0)
		goto done;
	pmo_buf_clear(out);
	if (spawn(&pid, &to, &from, repo, line.ptr) < 0) {
		pmo_repo__warn(repo, "error: cannot fork to run external filter '%s'", cmd);
		goto done; /* error 0: failed */
	}
	ignore_sigpipe(&old);
	fcntl(to, F_SETFL, O_NONBLOCK);
	if (len == 0) {
		close(to);
		to = -1;
	}
	while (from >= 0) {
		int np = 0;
		pf[np].fd = from;
		pf[np++].events = POLLIN;
		if (to >= 0) {
			pf[np].fd = to;
			pf[np++].events = POLLOUT;
		}
		if (poll(pf, (nfds_t)np, -1) < 0) {
			if (errno == EINTR)
				continue;
			read_err = 1;
			break;
		}
		if (to >= 0 && (pf[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
			n = write(to, data + sent, len - sent < 65536 ? len - sent : 65536);
			if (n < 0 && errno != EAGAIN && errno != EINTR) {
				if (errno != EPIPE) /* a filter may stop reading: git too */
					write_err = 1;
				sent = len;
			} else if (n > 0) {
				sent += (size_t)n;
			}
			if (sent == len) {
				if (close(to) < 0)
					write_err = 1;
				to = -1;
			}
		}
		if (pf[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(from, chunk, sizeof(chunk));
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				read_err = 1;
				break;
			}
			if (n == 0)
				break;
			pmo_buf_put(out, chunk, (size_t)n);
		}
	}
	if (to >= 0)
		close(to);
	close(from);
	sigaction(SIGPIPE, &old, NULL);
	if (write_err)
		pmo_repo__warn(repo, "error: cannot feed the input to external filter '%s'", cmd);
	status = reap(pid);
	if (status)
		pmo_repo__warn(repo, "error: external filter '%s' failed %d", cmd, status);
	if (read_err)
		pmo_repo__warn(repo, "error: read from external filter '%s' failed", cmd);
	if ((error = pmo_buf_oom(out)) < 0)
		goto done;
	error = !(write_err || status || read_err);
done:
	pmo_buf_free(&line);
	return error;
}

/* ---- the long-running process (protocol version 2) ---- */

static int write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_all(int fd, char *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int pkt_write(int fd, const char *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char head[4];
	size_t total = len + 4;

	head[0] = hex[(total >> 12) & 15];
	head[1] = hex[(total >> 8) & 15];
	head[2] = hex[(total >> 4) & 15];
	head[3] = hex[total & 15];
	if (write_all(fd, head, 4) < 0)
		return -1;
	return write_all(fd, data, len);
}

static int pkt_line(int fd, const char *text)
{
	return pkt_write(fd, text, strlen(text));
}

static int pkt_flush(int fd)
{
	return write_all(fd, "0000", 4);
}

/* One packet into b (replacing it): 1 data, 0 flush, -1 error. */
static int pkt_read(pmo_buf *b, int fd)
{
	char head[5];
	unsigned long len;
	char *end;

	pmo_buf_clear(b);
	if (read_all(fd, head, 4) < 0)
		return -1;
	head[4] = '\0';
	len = strtoul(head, &end, 16);
	if (end != head + 4)
		return -1;
	if (len == 0)
		return 0;
	if (len < 4 || pmo_buf_grow(b, len) < 0)
		return -1;
	if (read_all(fd, b->ptr, len - 4) < 0)
		return -1;
	b->len = len - 4;
	b->ptr[b->len] = '\0';
	return 1;
}

/* A text packet without its final newline. */
static int pkt_read_line(pmo_buf *b, int fd)
{
	int r = pkt_read(b, fd);

	if (r == 1 && b->len && b->ptr[b->len - 1] == '\n')
		pmo_buf_truncate(b, b->len - 1);
	return r;
}

/* git's subprocess_read_status: key=value lines to a flush; the last
 * status= wins, *status unchanged when none. */
static int read_status(pmo_buf *status, int fd)
{
	pmo_buf b = PMO_BUF_INIT;
	int r;

	while ((r = pkt_read_line(&b, fd)) == 1)
		if (!strncmp(b.ptr, "status=", 7)) {
			pmo_buf_clear(status);
			pmo_buf_puts(status, b.ptr + 7);
		}
	pmo_buf_free(&b);
	return r < 0 || pmo_buf_oom(status) ? -1 : 0;
}

static void proc_stop(struct pmo_filter_proc *p)
{
	if (p->in >= 0)
		close(p->in);
	if (p->out >= 0)
		close(p->out);
	if (p->pid > 0)
		reap(p->pid);
	free(p->cmd);
	free(p);
}

void pmo_repo__filters_free(pmo_repo *repo)
{
	struct pmo_filter_proc *p, *next;

	if (!repo)
		return;
	git_index_free(repo->attr_index);
	repo->attr_index = NULL;
	for (p = repo->procs; p; p = next) {
		next = p->next;
		proc_stop(p);
	}
	repo->procs = NULL;
	pmo_buf_free(&repo->warnings);
}

static void proc_drop(pmo_repo *repo, struct pmo_filter_proc *gone)
{
	struct pmo_filter_proc **pp;

	for (pp = &repo->procs; *pp; pp = &(*pp)->next)
		if (*pp == gone) {
			*pp = gone->next;
			break;
		}
	proc_stop(gone);
}

/* git's subprocess_handshake for "git-filter", version 2. */
static int handshake(struct pmo_filter_proc *p)
{
	pmo_buf b = PMO_BUF_INIT;
	int r, v2 = 0, ok = -1;

	if (pkt_line(p->in, "git-filter-client\n") < 0 || pkt_line(p->in, "version=2\n") < 0 ||
	    pkt_flush(p->in) < 0)
		goto done;
	if (pkt_read_line(&b, p->out) != 1 || strcmp(b.ptr, "git-filter-server") != 0)
		goto done;
	while ((r = pkt_read_line(&b, p->out)) == 1)
		if (!strcmp(b.ptr, "version=2"))
			v2 = 1;
	if (r < 0 || !v2)
		goto done;
	if (pkt_line(p->in, "capability=clean\n") < 0 || pkt_line(p->in, "capability=smudge\n") < 0 ||
	    pkt_flush(p->in) < 0)
		goto done;
	while ((r = pkt_read_line(&b, p->out)) == 1) {
		if (!strcmp(b.ptr, "capability=clean"))
			p->caps |= CAP_CLEAN;
		else if (!strcmp(b.ptr, "capability=smudge"))
			p->caps |= CAP_SMUDGE;
	}
	if (r == 0)
		ok = 0;
done:
	pmo_buf_free(&b);
	return ok;
}

static int proc_get(struct pmo_filter_proc **out, pmo_repo *repo, const char *cmd)
{
	struct pmo_filter_proc *p;

	*out = NULL;
	for (p = repo->procs; p; p = p->next)
		if (!strcmp(p->cmd, cmd)) {
			*out = p;
			return 0;
		}
	if (!(p = calloc(1, sizeof(*p))) || !(p->cmd = strdup(cmd))) {
		free(p);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	p->in = p->out = -1;
	if (spawn(&p->pid, &p->in, &p->out, repo, cmd) < 0) {
		pmo_repo__warn(repo, "error: cannot fork to run subprocess '%s'", cmd);
		proc_stop(p);
		return 0;
	}
	p->next = repo->procs;
	repo->procs = p;
	{
		struct sigaction old;
		int r;
		ignore_sigpipe(&old);
		r = handshake(p);
		sigaction(SIGPIPE, &old, NULL);
		if (r < 0) {
			pmo_repo__warn(repo, "error: initialization for subprocess '%s' failed", cmd);
			proc_drop(repo, p);
			return 0;
		}
	}
	*out = p;
	return 0;
}

/* One clean or smudge through the process: 1 done, 0 failed, <0 error. */
static int run_process(pmo_buf *out, pmo_repo *repo, const char *cmd, unsigned cap,
		       const char *rpath, const char *data, size_t len, const git_oid *blob)
{
	struct pmo_filter_proc *p;
	pmo_buf line = PMO_BUF_INIT, status = PMO_BUF_INIT, pkt = PMO_BUF_INIT;
	struct sigaction old;
	char hex[GIT_OID_HEXSZ + 1];
	size_t off, n;
	int error, err = 1, r;

	if ((error = proc_get(&p, repo, cmd)) < 0 || !p)
		return error;
	if (!(p->caps & cap))
		return 0;
	pmo_buf_clear(out);
	ignore_sigpipe(&old);
	pmo_buf_printf(&line, "command=%s\n", cap == CAP_CLEAN ? "clean" : "smudge");
	if (pmo_buf_oom(&line) || pkt_line(p->in, line.ptr) < 0)
		goto done;
	if (strlen(rpath) > PKT_DATA_MAX - strlen("pathname=\n")) {
		pmo_repo__warn(repo, "error: path name too long for external filter");
		goto done;
	}
	pmo_buf_clear(&line);
	pmo_buf_printf(&line, "pathname=%s\n", rpath);
	if (pmo_buf_oom(&line) || pkt_line(p->in, line.ptr) < 0)
		goto done;
	if (blob) {
		git_oid_tostr(hex, sizeof(hex), blob);
		pmo_buf_clear(&line);
		pmo_buf_printf(&line, "blob=%s\n", hex);
		if (pmo_buf_oom(&line) || pkt_line(p->in, line.ptr) < 0)
			goto done;
	}
	if (pkt_flush(p->in) < 0)
		goto done;
	for (off = 0; off < len; off += n) {
		n = len - off < PKT_DATA_MAX ? len - off : PKT_DATA_MAX;
		if (pkt_write(p->in, data + off, n) < 0)
			goto done;
	}
	if (pkt_flush(p->in) < 0 || read_status(&status, p->out) < 0 ||
	    strcmp(pmo_buf_cstr(&status), "success") != 0)
		goto done;
	while ((r = pkt_read(&pkt, p->out)) == 1)
		pmo_buf_put(out, pkt.ptr, pkt.len);
	if (r < 0 || read_status(&status, p->out) < 0)
		goto done;
	err = strcmp(pmo_buf_cstr(&status), "success") != 0;
done:
	sigaction(SIGPIPE, &old, NULL);
	if (err) {
		/* git's handle_filter_error */
		if (!strcmp(pmo_buf_cstr(&status), "error")) {
			; /* the filter refused this file */
		} else if (!strcmp(pmo_buf_cstr(&status), "abort")) {
			p->caps &= ~cap;
		} else {
			pmo_repo__warn(repo, "error: external filter '%s' failed", cmd);
			proc_drop(repo, p);
		}
	}
	error = pmo_buf_oom(out) < 0 ? PMO_ENOMEM : !err;
	pmo_buf_free(&line);
	pmo_buf_free(&status);
	pmo_buf_free(&pkt);
	return error;
}

/* git's apply_filter: 1 filtered into out, 0 not (no command, failed). */
static int apply_driver(pmo_buf *out, pmo_repo *repo, const driver *d, unsigned cap,
			const char *rpath, const char *data, size_t len, const git_oid *blob)
{
	const char *cmd = cap == CAP_CLEAN ? d->clean : d->smudge;

	if (!d->process && cmd && *cmd)
		return run_single(out, repo, cmd, rpath, data, len);
	if (d->process && *d->process)
		return run_process(out, repo, d->process, cap, rpath, data, len, blob);
	return 0;
}

/* ---- the way in: clean ---- */

static int blob_from_workdir(git_oid *out, pmo_repo *repo, const char *rpath, int write);

int pmo_repo__blob_from_workdir(git_oid *out, pmo_repo *repo, const char *rpath, int write)
{
	int error;

	attr_begin(repo);
	error = blob_from_workdir(out, repo, rpath, write);
	attr_end(repo);
	return error;
}

static int blob_from_workdir(git_oid *out, pmo_repo *repo, const char *rpath, int write)
{
	driver d;
	pmo_buf raw = PMO_BUF_INIT, clean = PMO_BUF_INIT, abs = PMO_BUF_INIT;
	git_filter_list *fl = NULL;
	git_buf conv = { NULL, 0, 0 };
	const char *data;
	size_t len;
	int error = 0, e, r;

	if ((error = path_driver(&d, repo, rpath, 0)) < 0)
		return error;
	if (!d.found) {
		/* no driver: libgit2's own filters, as before */
		if (write)
			e = git_blob_create_from_workdir(out, repo->git, rpath);
		else
			e = git_repository_hashfile(out, repo->git, rpath, GIT_OBJECT_BLOB, NULL);
		if (e < 0)
			error = pmo_repo__git_error(e, write ? rpath : "cannot hash a file");
		goto done;
	}
	pmo_buf_printf(&abs, "%s%s", repo->workdir, rpath);
	if ((error = pmo_buf_oom(&abs)) < 0 || (error = pmo_fs_read(&raw, abs.ptr, 0)) < 0)
		goto done;
	data = raw.ptr ? raw.ptr : "";
	len = raw.len;
	if ((r = apply_driver(&clean, repo, &d, CAP_CLEAN, rpath, data, len, NULL)) < 0) {
		error = r;
		goto done;
	}
	if (r) {
		data = clean.ptr ? clean.ptr : "";
		len = clean.len;
	} else if (d.required) {
		error = pmo_error_set(PMO_EINVALID, "%s: clean filter '%s' failed", rpath, d.name);
		goto done;
	}
	/* then text/eol/crlf and ident, as convert_to_git */
	if ((e = git_filter_list_load(&fl, repo->git, NULL, rpath, GIT_FILTER_TO_ODB,
				      GIT_FILTER_DEFAULT)) < 0) {
		error = pmo_repo__git_error(e, rpath);
		goto done;
	}
	if (fl) {
		if ((e = git_filter_list_apply_to_buffer(&conv, fl, data, len)) < 0) {
			error = pmo_repo__git_error(e, rpath);
			goto done;
		}
		data = conv.ptr ? conv.ptr : "";
		len = conv.size;
	}
	if (write)
		e = git_blob_create_from_buffer(out, repo->git, data, len);
	else
		e = git_odb_hash(out, data, len, GIT_OBJECT_BLOB);
	if (e < 0)
		error = pmo_repo__git_error(e, write ? rpath : "cannot hash a file");
done:
	git_buf_dispose(&conv);
	git_filter_list_free(fl);
	pmo_buf_free(&abs);
	pmo_buf_free(&raw);
	pmo_buf_free(&clean);
	driver_release(&d);
	return error;
}

/* ---- the way out: smudge ---- */

int pmo_repo__has_drivers(pmo_repo *repo)
{
	git_config *cfg = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *entry;

	if (repo->has_drivers >= 0)
		return repo->has_drivers;
	repo->has_drivers = 1; /* when it cannot be told: look per path */
	/* (no glob iterator: libgit2's regex leaks pcre2 match data) */
	if (git_repository_config_snapshot(&cfg, repo->git) == 0 &&
	    git_config_iterator_new(&it, cfg) == 0) {
		repo->has_drivers = 0;
		while (!repo->has_drivers && git_config_next(&entry, it) == 0)
			repo->has_drivers = !strncasecmp(entry->name, "filter.", 7);
	}
	git_config_iterator_free(it);
	git_config_free(cfg);
	git_error_clear();
	return repo->has_drivers;
}

int pmo_repo__smudge(pmo_buf *data, pmo_repo *repo, const char *rpath, const git_oid *blob)
{
	driver d;
	pmo_buf smudged = PMO_BUF_INIT;
	int error, r;

	if (!pmo_repo__has_drivers(repo))
		return 0;
	if ((error = path_driver(&d, repo, rpath,
				 repo->bare ? GIT_ATTR_CHECK_INDEX_ONLY | GIT_ATTR_CHECK_INCLUDE_HEAD
					    : 0)) < 0)
		return error;
	if (!d.found)
		goto done;
	r = apply_driver(&smudged, repo, &d, CAP_SMUDGE, rpath, data->ptr ? data->ptr : "",
			 data->len, blob);
	if (r < 0) {
		error = r;
	} else if (r) {
		pmo_buf_clear(data);
		if (pmo_buf_put(data, smudged.ptr ? smudged.ptr : "", smudged.len) < 0)
			error = pmo_buf_oom(data);
	} else if (d.required) {
		error = pmo_error_set(PMO_EINVALID, "%s: smudge filter %s failed", rpath, d.name);
	}
done:
	pmo_buf_free(&smudged);
	driver_release(&d);
	return error;
}
