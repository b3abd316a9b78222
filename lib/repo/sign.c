/*
 * Signing a commit as git 2.39 does (gpg-interface.c, commit.c):
 *
 *   openpgp  gpg.program (or gpg.openpgp.program, default "gpg")
 *            --status-fd=2 -bsau KEY, the object on stdin, the signature on
 *            stdout; it worked when the program exits 0 and its stderr has
 *            a line starting "[GNUPG:] SIG_CREATED ".
 *   x509     the same with gpg.x509.program (default "gpgsm").
 *   ssh      gpg.ssh.program (default "ssh-keygen") -Y sign -n git -f KEY
 *            FILE, the object written to $TMPDIR/.git_signing_buffer_tmpXXXXXX
 *            and the signature read from FILE.sig; a literal key
 *            ("key::…" or "ssh-…") is written to .git_signing_key_tmpXXXXXX.
 *
 * KEY is user.signingKey, else the committer's "Name <email>" (openpgp,
 * x509) or the first line gpg.ssh.defaultKeyCommand prints (ssh). The
 * caller splices the result in as the "gpgsig" header with libgit2, which
 * writes it as git does once the final newline is taken off.
 */
#include "repo/internal.h"
#include "util/error.h"
#include "util/fs.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int pmo_repo__sign_wanted(int *out, git_config *cfg)
{
	int e, v = 0;

	*out = 0;
	e = git_config_get_bool(&v, cfg, "commit.gpgsign");
	if (e == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (e < 0)
		return pmo_repo__git_error(e, "bad commit.gpgsign");
	*out = v;
	return 0;
}

/* The value git would take for a variable that several names set (the
 * last one read wins: lowest level first, in file order); *out NULL when
 * unset. name2 may be NULL. (libgit2's regexp matching leaks, so the
 * entries are compared by name.) */
int pmo_repo__config_last(char **out, git_config *cfg, const char *name1, const char *name2,
		       const char *shown)
{
	git_config_iterator *it = NULL;
	git_config_entry *entry;
	char *value = NULL;
	int e, nonbool = 0, error = 0;

	*out = NULL;
	if ((e = git_config_iterator_new(&it, cfg)) < 0)
		return pmo_repo__git_error(e, "cannot read the git configuration");
	while ((e = git_config_next(&entry, it)) == 0) {
		if (strcmp(entry->name, name1) && (!name2 || strcmp(entry->name, name2)))
			continue;
		free(value);
		value = NULL;
		nonbool = !entry->value;
		if (entry->value && !(value = strdup(entry->value))) {
			error = pmo_error_set(PMO_ENOMEM, "out of memory");
			goto done;
		}
	}
	if (e != GIT_ITEROVER) {
		error = pmo_repo__git_error(e, "cannot read the git configuration");
		goto done;
	}
	git_error_clear();
	if (nonbool) {
		error = pmo_error_set(PMO_EINVALID, "missing value for '%s'", shown);
		goto done;
	}
	*out = value;
	value = NULL;
done:
	free(value);
	git_config_iterator_free(it);
	return error;
}

/* git's remove_cr_after: every CR goes (signatures made on Windows). */
static void remove_cr(pmo_buf *b)
{
	size_t i, j;

	for (i = j = 0; i < b->len; i++)
		if (b->ptr[i] != '\r')
			b->ptr[j++] = b->ptr[i];
	pmo_buf_truncate(b, j);
}

/* git's split_cmdline: words split at blanks, '…' and "…" quote, a
 * backslash outside '…' takes the next character as it is. Modifies s;
 * argv (up to max-1 words, NULL-terminated) points into it. */
static int split_cmdline(char *s, const char **argv, size_t max, const char *shown)
{
	size_t src = 0, dst = 0, count = 0;
	char quoted = 0, c;

	while (isspace((unsigned char)s[src]))
		src++;
	if (!s[src])
		return pmo_error_set(PMO_EINVALID, "%s is empty", shown);
	argv[count++] = s + dst;
	while (s[src]) {
		c = s[src];
		if (!quoted && isspace((unsigned char)c)) {
			s[dst++] = '\0';
			while (s[++src] && isspace((unsigned char)s[src]))
				;
			if (!s[src])
				break;
			if (count + 1 >= max)
				return pmo_error_set(PMO_EINVALID, "%s has too many words", shown);
			argv[count++] = s + dst;
		} else if (!quoted && (c == '\'' || c == '"')) {
			quoted = c;
			src++;
		} else if (c == quoted) {
			quoted = 0;
			src++;
		} else {
			if (c == '\\' && quoted != '\'') {
				c = s[++src];
				if (!c)
					return pmo_error_set(PMO_EINVALID,
						"malformed %s: cmdline ends with \\", shown);
			}
			s[dst++] = c;
			src++;
		}
	}
	s[dst] = '\0';
	if (quoted)
		return pmo_error_set(PMO_EINVALID, "malformed %s: unclosed quote", shown);
	argv[count] = NULL;
	return 0;
}

static const char *literal_ssh_key(const char *s)
{
	if (!strncmp(s, "key::", 5))
		return s + 5;
	if (!strncmp(s, "ssh-", 4))
		return s;
	return NULL;
}

/* gpg.ssh.defaultKeyCommand's first line, newline kept, as git takes it. */
static int default_ssh_key(char **out, git_config *cfg)
{
	const char *argv[64];
	pmo_buf o = PMO_BUF_INIT, e = PMO_BUF_INIT;
	pmo_run_opts run;
	char *cmd = NULL;
	size_t len;
	int error, status;

	*out = NULL;
	if ((error = pmo_repo__config_last(&cmd, cfg, "gpg.ssh.defaultkeycommand", NULL,
				 "gpg.ssh.defaultKeyCommand")) < 0)
		goto done;
	if (!cmd) {
		error = pmo_error_set(PMO_EINVALID, "either user.signingkey or "
				      "gpg.ssh.defaultKeyCommand needs to be configured");
		goto done;
	}
	if ((error = split_cmdline(cmd, argv, sizeof(argv) / sizeof(argv[0]),
				   "gpg.ssh.defaultKeyCommand")) < 0)
		goto done;
	memset(&run, 0, sizeof(run));
	run.argv = argv;
	run.out = &o;
	run.err = &e;
	if ((error = pmo_repo__run(&status, &run)) < 0)
		goto done;
	len = o.ptr ? strcspn(o.ptr, "\n") : 0;
	if (status == 0 && len && literal_ssh_key(o.ptr)) {
		if (!(*out = strndup(o.ptr, len + (o.ptr[len] == '\n'))))
			error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	while (o.len && o.ptr[o.len - 1] == '\n')
		pmo_buf_truncate(&o, o.len - 1);
	while (e.len && e.ptr[e.len - 1] == '\n')
		pmo_buf_truncate(&e, e.len - 1);
	error = pmo_error_set(PMO_EINVALID, "user.signingKey needs to be set for ssh signing "
		"(gpg.ssh.defaultKeyCommand %s: %s %s)",
		status ? "failed" : "succeeded but returned no keys",
		e.ptr ? e.ptr : "", o.ptr ? o.ptr : "");
done:
	free(cmd);
	pmo_buf_free(&o);
	pmo_buf_free(&e);
	return error;
}

/* A new file in $TMPDIR (else /tmp) named after tmpl, holding data. */
int pmo_repo__temp_file(char **out, const char *tmpl, const char *data, size_t len)
{
	pmo_buf path = PMO_BUF_INIT;
	const char *dir = getenv("TMPDIR");
	ssize_t w;
	int fd = -1, error = 0, created = 0;

	pmo_buf_printf(&path, "%s/%s", dir && *dir ? dir : "/tmp", tmpl);
	if ((error = pmo_buf_oom(&path)) < 0)
		goto done;
	if ((fd = mkstemp(path.ptr)) < 0) {
		error = pmo_error_set(PMO_EIO, "could not create temporary file: %s",
				      strerror(errno));
		goto done;
	}
	created = 1;
	while (len) {
		if ((w = write(fd, data, len)) < 0) {
			if (errno == EINTR)
				continue;
			error = pmo_error_set(PMO_EIO, "could not write '%s': %s", path.ptr,
					      strerror(errno));
			goto done;
		}
		data += w;
		len -= (size_t)w;
	}
	if (close(fd) < 0) {
		fd = -1;
		error = pmo_error_set(PMO_EIO, "could not write '%s': %s", path.ptr, strerror(errno));
		goto done;
	}
	fd = -1;
	*out = pmo_buf_detach(&path);
done:
	if (fd >= 0)
		close(fd);
	if (error < 0 && created)
		unlink(path.ptr);
	pmo_buf_free(&path);
	return error;
}

/* "~/x" and "~user/x" as git's expand_user_path (only "~/" here; a
 * "~user" path is taken as it is). */
char *pmo_repo__expand_home(const char *p)
{
	pmo_buf b = PMO_BUF_INIT;
	const char *home = getenv("HOME");

	if (p[0] == '~' && (p[1] == '/' || !p[1]) && home) {
		pmo_buf_puts(&b, home);
		pmo_buf_puts(&b, p + 1);
	} else {
		pmo_buf_puts(&b, p);
	}
	if (pmo_buf_oom(&b) < 0)
		return NULL;
	return pmo_buf_detach(&b);
}

static int sign_ssh(pmo_buf *sig, const char *program, const char *key, const char *payload,
		    size_t len)
{
	const char *literal, *argv[9];
	char *key_file = NULL, *buffer_file = NULL;
	pmo_buf err = PMO_BUF_INIT, sigpath = PMO_BUF_INIT;
	pmo_run_opts run;
	size_t n;
	int error = 0, status, wrote_key = 0;

	if (!key || !*key)
		return pmo_error_set(PMO_EINVALID, "user.signingKey needs to be set for ssh signing");
	if ((literal = literal_ssh_key(key)) != NULL) {
		if ((error = pmo_repo__temp_file(&key_file, ".git_signing_key_tmpXXXXXX", literal,
				       strlen(literal))) < 0)
			goto done;
		wrote_key = 1;
	} else if (!(key_file = pmo_repo__expand_home(key))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	if ((error = pmo_repo__temp_file(&buffer_file, ".git_signing_buffer_tmpXXXXXX", payload, len)) < 0)
		goto done;
	argv[0] = program;
	argv[1] = "-Y";
	argv[2] = "sign";
	argv[3] = "-n";
	argv[4] = "git";
	argv[5] = "-f";
	argv[6] = key_file;
	argv[7] = buffer_file;
	argv[8] = NULL;
	memset(&run, 0, sizeof(run));
	run.argv = argv;
	run.out = NULL; /* git leaves ssh-keygen's stdout alone */
	run.err = &err;
	pmo_buf_printf(&sigpath, "%s.sig", buffer_file);
	if ((error = pmo_buf_oom(&sigpath)) < 0)
		goto done;
	if ((error = pmo_repo__run(&status, &run)) < 0)
		goto done;
	if (status) {
		n = err.len;
		while (n && (err.ptr[n - 1] == '\n' || err.ptr[n - 1] == '\r'))
			n--;
		if (err.ptr && strstr(err.ptr, "usage:"))
			error = pmo_error_set(PMO_EINVALID, "ssh-keygen -Y sign is needed for ssh "
					      "signing (available in openssh version 8.2p1+)");
		else
			error = pmo_error_set(PMO_EINVALID, "%.*s", (int)n,
					      n ? err.ptr : "ssh-keygen failed to sign the data");
		goto done;
	}
	if ((error = pmo_fs_read(sig, sigpath.ptr, 0)) < 0) {
		error = pmo_error_set(PMO_EIO, "failed reading ssh signing data buffer from '%s'",
				      sigpath.ptr);
		goto done;
	}
done:
	if (wrote_key)
		unlink(key_file);
	if (buffer_file)
		unlink(buffer_file);
	if (sigpath.len)
		unlink(sigpath.ptr);
	free(key_file);
	free(buffer_file);
	pmo_buf_free(&err);
	pmo_buf_free(&sigpath);
	return error;
}

static int sign_gpg(pmo_buf *sig, const char *program, const char *key, const char *payload,
		    size_t len)
{
	const char *argv[] = { program, "--status-fd=2", "-bsau", key, NULL };
	pmo_buf status_text = PMO_BUF_INIT;
	pmo_run_opts run;
	const char *cp;
	int error, status;

	memset(&run, 0, sizeof(run));
	run.argv = argv;
	run.in = payload;
	run.in_len = len;
	run.out = sig;
	run.err = &status_text;
	if ((error = pmo_repo__run(&status, &run)) < 0) {
		char *why = strdup(pmo_error_last()->message);
		error = pmo_error_set(error, "%s; gpg failed to sign the data",
				      why ? why : "cannot run it");
		free(why);
		goto done;
	}
	for (cp = status_text.ptr; cp && (cp = strstr(cp, "[GNUPG:] SIG_CREATED ")); cp++)
		if (cp == status_text.ptr || cp[-1] == '\n')
			break;
	if (status || !cp)
		error = pmo_error_set(PMO_EINVALID, "gpg failed to sign the data");
done:
	pmo_buf_free(&status_text);
	return error;
}

int pmo_repo__sign(pmo_buf *out, git_config *cfg, const char *payload, size_t len,
		   const git_signature *committer)
{
	pmo_buf sig = PMO_BUF_INIT, ident = PMO_BUF_INIT;
	char *format = NULL, *key = NULL, *program = NULL, *dflt = NULL;
	const char *name1, *name2 = NULL, *shown, *builtin;
	int error, ssh = 0;

	if ((error = pmo_repo__config_last(&format, cfg, "gpg.format", NULL, "gpg.format")) < 0)
		goto done;
	if (!format || !strcmp(format, "openpgp")) {
		name1 = "gpg.program";
		name2 = "gpg.openpgp.program";
		shown = "gpg.program";
		builtin = "gpg";
	} else if (!strcmp(format, "x509")) {
		name1 = "gpg.x509.program";
		shown = "gpg.x509.program";
		builtin = "gpgsm";
	} else if (!strcmp(format, "ssh")) {
		name1 = "gpg.ssh.program";
		shown = "gpg.ssh.program";
		builtin = "ssh-keygen";
		ssh = 1;
	} else {
		error = pmo_error_set(PMO_EINVALID, "invalid value for 'gpg.format': '%s'", format);
		goto done;
	}
	if ((error = pmo_repo__config_last(&program, cfg, name1, name2, shown)) < 0 ||
	    (error = pmo_repo__config_last(&key, cfg, "user.signingkey", NULL, "user.signingkey")) < 0)
		goto done;
	if (!key && ssh) {
		if ((error = default_ssh_key(&dflt, cfg)) < 0)
			goto done;
	} else if (!key) {
		pmo_buf_printf(&ident, "%s <%s>", committer->name, committer->email);
		if ((error = pmo_buf_oom(&ident)) < 0)
			goto done;
	}
	if (ssh)
		error = sign_ssh(&sig, program ? program : builtin, key ? key : dflt, payload, len);
	else
		error = sign_gpg(&sig, program ? program : builtin, key ? key : ident.ptr, payload,
				 len);
	if (error < 0)
		goto done;
	remove_cr(&sig);
	/* git stops at a NUL; libgit2 writes the final newline itself */
	pmo_buf_truncate(&sig, strnlen(sig.ptr ? sig.ptr : "", sig.len));
	if (sig.len && sig.ptr[sig.len - 1] == '\n')
		pmo_buf_truncate(&sig, sig.len - 1);
	if ((error = pmo_buf_oom(&sig)) < 0)
		goto done;
	pmo_buf_clear(out);
	pmo_buf_put(out, sig.ptr ? sig.ptr : "", sig.len);
	error = pmo_buf_oom(out);
done:
	free(format);
	free(key);
	free(program);
	free(dflt);
	pmo_buf_free(&sig);
	pmo_buf_free(&ident);
	return error;
}
