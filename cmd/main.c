/*
 * pmo: a project-management office kept as code.
 *
 * main() hands the command line to the dispatcher (dispatch.c): the global
 * options, then the command, which gets what it needs opened once in a
 * pmo_ctx; afterwards it checks that standard output was written and
 * closed without error, so a full disk or a closed pipe is never silent.
 */
#include "pmo.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

int main(int argc, char **argv)
{
	pmo_ctx ctx;
	int cmd = 0, code;

	memset(&ctx, 0, sizeof(ctx));
	/* an ignored SIGCHLD (inherited from a parent that set it) makes the
	 * kernel reap pmo's children itself: the editor's, a hook's or a
	 * filter's exit status would be lost and waitpid fail with ECHILD */
	signal(SIGCHLD, SIG_DFL);
	/* libgit2 is started by lib/repo when a command first opens the
	 * repository (or merges text): pmo --version, -h and the commands
	 * that need no repository never pay for it */
	if ((code = pmo_parse_globals(&ctx, &cmd, &argc, argv)) == PMO_GO)
		code = pmo_run(&ctx, argc - cmd, argv + cmd);
	if (ctx.repo)
		pmo_print_repo_warnings(&ctx); /* those no command printed */
	pmo_source_free(ctx.src);
	pmo_settings_free(ctx.settings);
	pmo_model_free(ctx.model);
	pmo_repo_free(ctx.repo);
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		fprintf(stderr, "pmo: error: cannot write to standard output: %s\n", strerror(errno));
		return code ? code : 1;
	}
	return code;
}
