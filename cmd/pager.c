/*
 * The pager, as git starts one (pager.c, run-command.c): for a command
 * whose output can be long (a kind's list and log, pmo diff, pmo due) and
 * only when stdout is a terminal and --no-pager was not given. The pager
 * is PMO_PAGER, core.pager, PAGER or less, run with sh -c; LESS=FRX (quit
 * when it fits one screen, keep colour, leave the screen as it is) and
 * LV=-c unless they are set. "cat" or an empty pager is none. pmo writes
 * into a pipe to it; when pmo exits (its stdout closed by main) it waits
 * for the pager, so the shell's prompt comes back after it.
 */
#include "pmo.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t pager_pid = -1;

static void wait_for_pager(void)
{
	int status;

	/* main() has flushed and closed stdout: this closes the pipe's end
	 * in case it has not, so the pager sees the end of its input */
	close(STDOUT_FILENO);
	while (pager_pid > 0 && waitpid(pager_pid, &status, 0) < 0)
		;
	pager_pid = -1;
}

void pmo_pager_start(pmo_ctx *ctx)
{
	char *pager = NULL;
	int fd[2];
	pid_t pid;

	if (!ctx->tty || ctx->no_pager || pager_pid > 0)
		return;
	if (pmo_repo_pager(&pager, ctx->repo) < 0) {
		pmo_error_clear();
		return;
	}
	if (!*pager || !strcmp(pager, "cat") || pipe(fd) < 0) {
		free(pager);
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		dup2(fd[0], STDIN_FILENO);
		close(fd[0]);
		close(fd[1]);
		setenv("LESS", "FRX", 0);
		setenv("LV", "-c", 0);
		execl("/bin/sh", "sh", "-c", pager, (char *)NULL);
		_exit(127);
	}
	close(fd[0]);
	free(pager);
	if (pid < 0) {
		close(fd[1]);
		return;
	}
	dup2(fd[1], STDOUT_FILENO);
	close(fd[1]);
	pager_pid = pid;
	/* the user quitting the pager early ends pmo as it ends git */
	signal(SIGPIPE, SIG_DFL);
	atexit(wait_for_pager);
}
