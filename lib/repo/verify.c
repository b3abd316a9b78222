/*
 * Verifying a commit's signature as git 2.39's verify-commit does
 * (gpg-interface.c), and telling who signed it:
 *
 *   The signature is the commit's gpgsig header, the signed bytes the
 *   object without it; its first line picks the program (not gpg.format).
 *   openpgp  gpg.program --keyid-format=long --status-fd=1 --verify SIGFILE -
 *            with the bytes on stdin: good when stdout has a
 *            "[GNUPG:] GOODSIG KEYID UID" line (and, with gpg.minTrustLevel
 *            set, a TRUST_ line at least that level). The signer is the
 *            email of that user id.
 *   ssh      gpg.ssh.program (ssh-keygen) -Y find-principals -f ALLOWED -s
 *            SIGFILE -Overify-time=T, then for each principal it prints
 *            -Y verify -n git -f ALLOWED -I PRINCIPAL -s SIGFILE
 *            -Overify-time=T with the bytes on stdin: good when the output
 *            starts with "Good". ALLOWED is gpg.ssh.allowedSignersFile, T
 *            the committer's time. The signer is the principal.
 *
 * git only checks that the key is listed; the caller compares the signer
 * with the person it expects. x509 (gpgsm) signatures are not verified.
 */
#include "repo/internal.h"
#include "repo/branch.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static void trim(pmo_buf *b)
{
	while (b->len && (b->ptr[b->len - 1] == '\n' || b->ptr[b->len - 1] == '\r' ||
			  b->ptr[b->len - 1] == ' '))
		b->ptr[--b->len] = '\0';
}

static int verify_ssh(char **out, git_config *cfg, const char *sigfile, const char *payload,
		      size_t len, int64_t when)
{
	char *allowed = NULL, *program = NULL, *file = NULL, *line, *save = NULL;
	pmo_buf o = PMO_BUF_INIT, e = PMO_BUF_INIT, vt = PMO_BUF_INIT, verr = PMO_BUF_INIT;
	const char *argv[13];
	pmo_run_opts run;
	struct tm tm;
	time_t t = (time_t)when;
	int error, status;

	if ((error = pmo_repo__config_last(&allowed, cfg, "gpg.ssh.allowedsignersfile", NULL,
					   "gpg.ssh.allowedSignersFile")) < 0 ||
	    (error = pmo_repo__config_last(&program, cfg, "gpg.ssh.program", NULL, "gpg.ssh.program")) < 0)
		goto done;
	if (!allowed || !(file = pmo_repo__expand_home(allowed)) || access(file, R_OK)) {
		error = pmo_error_set(PMO_EINVALID, "gpg.ssh.allowedSignersFile needs to be configured "
				      "and exist for ssh signature verification");
		goto done;
	}
	gmtime_r(&t, &tm);
	pmo_buf_printf(&vt, "-Overify-time=%04d%02d%02d%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		       tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if ((error = pmo_buf_oom(&vt)) < 0)
		goto done;
	argv[0] = program ? program : "ssh-keygen";
	argv[1] = "-Y";
	argv[2] = "find-principals";
	argv[3] = "-f";
	argv[4] = file;
	argv[5] = "-s";
	argv[6] = sigfile;
	argv[7] = vt.ptr;
	argv[8] = NULL;
	memset(&run, 0, sizeof(run));
	run.argv = argv;
	run.out = &o;
	run.err = &e;
	if ((error = pmo_repo__run(&status, &run)) < 0)
		goto done;
	if (status || !o.len) {
		error = pmo_error_set(PMO_EINVALID, "no principal in %s matches the key that signed it", file);
		goto done;
	}
	for (line = strtok_r(o.ptr, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		pmo_buf vo = PMO_BUF_INIT;
		argv[2] = "verify";
		argv[3] = "-n";
		argv[4] = "git";
		argv[5] = "-f";
		argv[6] = file;
		argv[7] = "-I";
		argv[8] = line;
		argv[9] = "-s";
		argv[10] = sigfile;
		argv[11] = vt.ptr;
		argv[12] = NULL;
		memset(&run, 0, sizeof(run));
		run.argv = argv;
		run.in = payload;
		run.in_len = len;
		run.out = &vo;
		pmo_buf_clear(&verr);
		run.err = &verr;
		error = pmo_repo__run(&status, &run);
		if (error == 0 && !status && vo.ptr && !strncmp(vo.ptr, "Good", 4)) {
			if (!(*out = strdup(line)))
				error = pmo_error_set(PMO_ENOMEM, "out of memory");
			pmo_buf_free(&vo);
			goto done;
		}
		pmo_buf_free(&vo);
		if (error < 0)
			goto done;
	}
	trim(&verr);
	error = pmo_error_set(PMO_EINVALID, "bad ssh signature%s%s", verr.len ? ": " : "",
			      verr.len ? verr.ptr : "");
done:
	free(allowed);
	free(program);
	free(file);
	pmo_buf_free(&o);
	pmo_buf_free(&e);
	pmo_buf_free(&vt);
	pmo_buf_free(&verr);
	return error;
}

static const char *const trust_levels[] = { "UNDEFINED", "NEVER", "MARGINAL", "FULLY", "ULTIMATE" };

static int trust_of(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(trust_levels) / sizeof(*trust_levels); i++)
		if (strlen(trust_levels[i]) == n && !strncasecmp(s, trust_levels[i], n))
			return (int)i;
	return -1;
}

static int verify_gpg(char **out, git_config *cfg, const char *sigfile, const char *payload,
		      size_t len)
{
	char *program = NULL, *min = NULL;
	pmo_buf o = PMO_BUF_INIT, e = PMO_BUF_INIT;
	const char *argv[7], *good, *lt, *gt, *tr;
	pmo_run_opts run;
	int error, status, level = 0, need = 0;

	if ((error = pmo_repo__config_last(&program, cfg, "gpg.program", "gpg.openpgp.program",
					   "gpg.program")) < 0 ||
	    (error = pmo_repo__config_last(&min, cfg, "gpg.mintrustlevel", NULL, "gpg.minTrustLevel")) < 0)
		goto done;
	if (min && (need = trust_of(min, strlen(min))) < 0) {
		error = pmo_error_set(PMO_EINVALID, "invalid value for 'gpg.minTrustLevel': '%s'", min);
		goto done;
	}
	argv[0] = program ? program : "gpg";
	argv[1] = "--keyid-format=long";
	argv[2] = "--status-fd=1";
	argv[3] = "--verify";
	argv[4] = sigfile;
	argv[5] = "-";
	argv[6] = NULL;
	memset(&run, 0, sizeof(run));
	run.argv = argv;
	run.in = payload;
	run.in_len = len;
	run.out = &o;
	run.err = &e;
	if ((error = pmo_repo__run(&status, &run)) < 0)
		goto done;
	good = o.ptr ? strstr(o.ptr, "[GNUPG:] GOODSIG ") : NULL;
	if (status || !good) {
		error = pmo_error_set(PMO_EINVALID, "bad gpg signature");
		goto done;
	}
	if ((tr = strstr(o.ptr, "[GNUPG:] TRUST_")) != NULL) {
		tr += strlen("[GNUPG:] TRUST_");
		level = trust_of(tr, strcspn(tr, " \n"));
	}
	if (level < need) {
		error = pmo_error_set(PMO_EINVALID, "the gpg key is trusted %s, gpg.minTrustLevel asks %s",
				      level >= 0 ? trust_levels[level] : "less", trust_levels[need]);
		goto done;
	}
	good += strcspn(good, "\n");
	lt = strstr(o.ptr, "[GNUPG:] GOODSIG ");
	lt = memchr(lt, '<', (size_t)(good - lt));
	gt = lt ? memchr(lt, '>', (size_t)(good - lt)) : NULL;
	if (!lt || !gt) {
		error = pmo_error_set(PMO_EINVALID, "the gpg key's user id has no email");
		goto done;
	}
	if (!(*out = strndup(lt + 1, (size_t)(gt - lt - 1))))
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
done:
	free(program);
	free(min);
	pmo_buf_free(&o);
	pmo_buf_free(&e);
	return error;
}

int pmo_repo_verify_commit(char **out, pmo_repo *repo, const char *id)
{
	git_buf sig = GIT_BUF_INIT, data = GIT_BUF_INIT;
	git_config *cfg = NULL;
	git_commit *c = NULL;
	git_oid oid;
	char *sigfile = NULL, *signer = NULL;
	int e, error = 0;

	*out = NULL;
	if ((e = git_oid_fromstr(&oid, id)) < 0 || (e = git_commit_lookup(&c, repo->git, &oid)) < 0) {
		error = pmo_repo__git_error(e, "cannot read a commit");
		goto done;
	}
	if ((e = git_commit_extract_signature(&sig, &data, repo->git, &oid, NULL)) < 0) {
		git_error_clear();
		error = pmo_error_set(PMO_ENOTFOUND, "commit %.7s is not signed", id);
		goto done;
	}
	if ((e = git_repository_config_snapshot(&cfg, repo->git)) < 0) {
		error = pmo_repo__git_error(e, "cannot read the git configuration");
		goto done;
	}
	if ((error = pmo_repo__temp_file(&sigfile, ".git_vtag_tmpXXXXXX", sig.ptr, sig.size)) < 0)
		goto done;
	if (!strncmp(sig.ptr, "-----BEGIN SSH SIGNATURE-----", 29))
		error = verify_ssh(&signer, cfg, sigfile, data.ptr, data.size,
				   (int64_t)git_commit_committer(c)->when.time);
	else if (!strncmp(sig.ptr, "-----BEGIN PGP ", 15))
		error = verify_gpg(&signer, cfg, sigfile, data.ptr, data.size);
	else
		error = pmo_error_set(PMO_EINVALID, "commit %.7s has a signature pmo does not verify "
				      "(only openpgp and ssh are)", id);
	if (error < 0)
		goto done;
	*out = signer;
	signer = NULL;
done:
	if (sigfile)
		unlink(sigfile);
	free(sigfile);
	free(signer);
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	git_config_free(cfg);
	git_commit_free(c);
	return error;
}
