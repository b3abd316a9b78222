#ifndef PMO_REPO_HOOKS_H
#define PMO_REPO_HOOKS_H
/* Private to lib/repo: git's commit hooks (hooks.c). */
#include "repo/internal.h"

enum {
	PMO_HOOK_PRE_COMMIT,
	PMO_HOOK_PREPARE_COMMIT_MSG,
	PMO_HOOK_COMMIT_MSG,
	PMO_HOOK_POST_COMMIT,
	PMO_HOOK_COUNT
};

typedef struct {
	char *path[PMO_HOOK_COUNT]; /* as argv[0], from the worktree's top; NULL: none */
	int any;
} pmo_hooks;

/* The executable hooks, except those whose bit (1 << PMO_HOOK_…) is in
 * skip; a non-executable one is reported through repo's hint callback,
 * once per process. */
int pmo_hooks_find(pmo_hooks *out, pmo_repo *repo, git_config *cfg, unsigned skip);
void pmo_hooks_free(pmo_hooks *h);
/* Run hook which (nothing when absent) with up to two arguments and env
 * (NAME=value, NULL-terminated) added; *status its exit status. */
int pmo_hooks_run(int *status, pmo_repo *repo, const pmo_hooks *h, int which,
		  const char *arg1, const char *arg2, const char *const *env);
const char *pmo_hooks_name(int which);

#endif
