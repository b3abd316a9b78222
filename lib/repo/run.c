/*
 * Running another program the way git's run-command.c does for hooks and
 * signing programs: found on PATH (by the parent, before forking, so that
 * a missing program is an error here, as git's locate_in_PATH makes it)
 * unless the name has a '/', a file without "#!" run by /bin/sh, stdin fed
 * from memory or /dev/null, stdout and stderr captured or passed on.
 */
#include "repo/internal.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* environ with the NAME=value strings of add replacing those of the same
 * NAME; a new array of borrowed strings, NULL on OOM. */
static char **make_env(const char *const *add)
{
	size_t n = 0, m = 0, k, j, len;
	char **env;

	while (environ[n])
		n++;
	while (add && add[m])
		m++;
	if (!(env = calloc(n + m + 1, sizeof(*env))))
		return NULL;
	for (k = 0, j = 0; k < n; k++) {
		size_t a;
		int replaced = 0;

		len = strcspn(environ[k], "=");
		for (a = 0; a < m && !replaced; a++)
			replaced = strncmp(add[a], environ[k], len) == 0 && add[a][len] == '=';
		if (!replaced)
			env[j++] = environ[k];
	}
	for (k = 0; k < m; k++)
		env[j++] = (char *)add[k];
	return env;
}

static int is_executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* git's locate_in_PATH: the first PATH entry holding an executable file
 * of that name (an empty entry is the current folder). NULL when none. */
static char *locate_in_path(const char *name)
{
	const char *p = getenv("PATH"), *end;
	pmo_buf b = PMO_BUF_INIT;

	if (!p)
		p = "/usr/local/bin:/usr/bin:/bin";
	for (;; p = end + 1) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		pmo_buf_clear(&b);
		if (end > p) {
			pmo_buf_put(&b, p, (size_t)(end - p));
			pmo_buf_putc(&b, '/');
		}
		pmo_buf_puts(&b, name);
		if (!pmo_buf_oom(&b) && is_executable(b.ptr))
			return pmo_buf_detach(&b);
		if (!*end)
			break;
	}
	pmo_buf_free(&b);
	return NULL;
}

static void set_cloexec(int fd)
{
	fcntl(fd, F_SETFD, FD_CLOEXEC);
}

int pmo_repo__run(int *status, const pmo_run_opts *o)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err[2] = { -1, -1 }, ex[2] = { -1, -1 };
	struct sigaction ign, old_pipe;
	struct pollfd fds[3];
	char **env = NULL, chunk[4096], *path = NULL;
	const char **sh_argv = NULL;
	size_t written = 0, argc = 0, k2;
	pid_t pid;
	ssize_t r;
	pid_t w;
	int error = 0, child_errno = 0, ws, nfds, k, devnull;

	*status = -1;
	if (strchr(o->argv[0], '/')) {
		/* checked here too, so that a failed exec never leaves a child
		 * that exits with a copy of our heap (valgrind counts it lost) */
		if ((o->argv[0][0] == '/' || !o->dir) && access(o->argv[0], X_OK) < 0)
			return pmo_error_set(PMO_EIO, "cannot run %s: %s", o->argv[0],
					     strerror(errno));
		path = strdup(o->argv[0]);
	} else if (!(path = locate_in_path(o->argv[0])))
		return pmo_error_set(PMO_EIO, "cannot run %s: %s", o->argv[0], strerror(ENOENT));
	while (o->argv[argc])
		argc++;
	/* a file without "#!" runs with sh, as git runs it (ENOEXEC) */
	if (!path || !(sh_argv = calloc(argc + 2, sizeof(*sh_argv))) || !(env = make_env(o->env))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	sh_argv[0] = "sh";
	sh_argv[1] = path;
	for (k2 = 1; k2 < argc; k2++)
		sh_argv[k2 + 1] = o->argv[k2];
	if (pipe(ex) < 0 || (o->in && pipe(in) < 0) || (o->out && pipe(out) < 0) ||
	    (o->err && pipe(err) < 0)) {
		error = pmo_error_set(PMO_EIO, "cannot run %s: %s", o->argv[0], strerror(errno));
		goto done;
	}
	set_cloexec(ex[1]);
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old_pipe);
	pid = fork();
	if (pid < 0) {
		sigaction(SIGPIPE, &old_pipe, NULL);
		error = pmo_error_set(PMO_EIO, "cannot run %s: %s", o->argv[0], strerror(errno));
		goto done;
	}
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		if (o->in) {
			dup2(in[0], 0);
		} else if ((devnull = open("/dev/null", O_RDONLY)) >= 0) {
			dup2(devnull, 0);
			close(devnull);
		}
		if (o->out)
			dup2(out[1], 1);
		else if (o->stdout_to_stderr)
			dup2(2, 1);
		if (o->err)
			dup2(err[1], 2);
		for (k = 0; k < 2; k++) {
			if (in[k] >= 0) close(in[k]);
			if (out[k] >= 0) close(out[k]);
			if (err[k] >= 0) close(err[k]);
		}
		close(ex[0]);
		if (o->dir && chdir(o->dir) < 0)
			goto fail;
		execve(path, (char *const *)o->argv, env);
		if (errno == ENOEXEC)
			execve("/bin/sh", (char *const *)sh_argv, env);
fail:
		child_errno = errno;
		if (write(ex[1], &child_errno, sizeof(child_errno)) < 0)
			_exit(127);
		_exit(127);
	}
	close(ex[1]);
	ex[1] = -1;
	if (in[0] >= 0) { close(in[0]); in[0] = -1; }
	if (out[1] >= 0) { close(out[1]); out[1] = -1; }
	if (err[1] >= 0) { close(err[1]); err[1] = -1; }
	if (in[1] >= 0 && o->in_len == 0) { close(in[1]); in[1] = -1; }
	for (;;) {
		nfds = 0;
		if (in[1] >= 0)
			fds[nfds++] = (struct pollfd){ in[1], POLLOUT, 0 };
		if (out[0] >= 0)
			fds[nfds++] = (struct pollfd){ out[0], POLLIN, 0 };
		if (err[0] >= 0)
			fds[nfds++] = (struct pollfd){ err[0], POLLIN, 0 };
		if (!nfds)
			break;
		if (poll(fds, (nfds_t)nfds, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (k = 0; k < nfds; k++) {
			if (!fds[k].revents)
				continue;
			if (fds[k].fd == in[1]) {
				r = write(in[1], (const char *)o->in + written, o->in_len - written);
				if (r > 0)
					written += (size_t)r;
				if ((r < 0 && errno != EINTR && errno != EAGAIN) || written == o->in_len) {
					close(in[1]);
					in[1] = -1;
				}
				continue;
			}
			r = read(fds[k].fd, chunk, sizeof(chunk));
			if (r > 0) {
				pmo_buf_put(fds[k].fd == out[0] ? o->out : o->err, chunk, (size_t)r);
			} else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
				if (fds[k].fd == out[0]) {
					close(out[0]);
					out[0] = -1;
				} else {
					close(err[0]);
					err[0] = -1;
				}
			}
		}
	}
	while ((w = waitpid(pid, &ws, 0)) < 0 && errno == EINTR)
		;
	sigaction(SIGPIPE, &old_pipe, NULL);
	if (w < 0) {
		error = pmo_error_set(PMO_EIO, "cannot wait for %s: %s", o->argv[0], strerror(errno));
		goto done;
	}
	if (read(ex[0], &child_errno, sizeof(child_errno)) == (ssize_t)sizeof(child_errno)) {
		error = pmo_error_set(PMO_EIO, "cannot run %s: %s", o->argv[0], strerror(child_errno));
		goto done;
	}
	*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	if ((o->out && pmo_buf_oom(o->out)) || (o->err && pmo_buf_oom(o->err)))
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
done:
	for (k = 0; k < 2; k++) {
		if (in[k] >= 0) close(in[k]);
		if (out[k] >= 0) close(out[k]);
		if (err[k] >= 0) close(err[k]);
		if (ex[k] >= 0) close(ex[k]);
	}
	free(env);
	free(sh_argv);
	free(path);
	return error;
}
