#ifndef PMO_TESTS_HELPERS_H
#define PMO_TESTS_HELPERS_H
/* Helpers for tests: temporary folders, a fixed environment, and running
 * the built pmo (and git) in a shell. */
#include <stddef.h>

typedef struct {
	int status; /* exit code, or 128+signal */
	char *out;  /* stdout */
	char *err;  /* stderr */
} th_result;

/* A new empty temporary folder (freed by the caller with free()). The
 * process environment is set once for reproducible runs: HOME and
 * XDG_CONFIG_HOME inside a temporary folder, GIT_CONFIG_NOSYSTEM, a fixed
 * author and committer (name, email, date), PMO_TODAY=2027-01-04,
 * NO_COLOR=1, LC_ALL=C.UTF-8, and PATH starting with the folder of the
 * built pmo ($PMO_BIN). */
char *th_tmpdir(void);
/* Run cmd with /bin/sh -c in cwd, stdin from in (NULL: /dev/null). */
int th_run(th_result *r, const char *cwd, const char *in, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void th_result_free(th_result *r);
/* Whole file as a string (NULL when missing). */
char *th_read(const char *dir, const char *rel);
void th_write(const char *dir, const char *rel, const char *data);
/* A fresh git repository with `pmo init` done (name "测试组合", CNY) and the
 * people wang-li and zhao-min and project CBM added. */
char *th_demo_repo(void);
/* th_demo_repo with liu-yang (role pmo), a plan of three chained tasks
 * of 10 days in CBM and its baseline; policy (may be "") appended to
 * pmo.yaml and committed first. For change requests. */
char *th_change_repo(const char *policy);
/* th_demo_repo with CBM and MOB active, for pmo report: CBM's plan of a
 * summary, two tasks, a third and a milestone with its baseline, a 春节
 * holiday, T-2 half done, three risks (one titled with HTML's special
 * characters), an overdue and an upcoming action, a budget line and an
 * expense; MOB a task with its baseline and a risk. Today 2027-01-04. */
char *th_report_repo(void);
/* th_demo_repo with CBM's one task T-1 (核心系统迁移, 10 working days,
 * cost 100,000.00) under baseline v1, 30% done in a commit of 2027-01-08
 * 18:00 (+08:00), 70% in one of 2027-01-13 18:00, and 90% in the worktree,
 * not committed: the progress of past days as git recorded it. */
char *th_progress_history_repo(void);
/* Run a shell command in dir that must exit 0; its stdout (caller frees). */
char *th_sh(const char *dir, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Run cmd in dir: exit 0 and stdout exactly want. */
void th_assert_sh(const char *dir, const char *cmd, const char *want);
/* Whether the command tool is installed (command -v, run in dir). */
int th_have(const char *dir, const char *tool);
/* Skip the test (freeing dir) unless tool is installed: a test that needs
 * strace, gpg or ssh-keygen says which Debian package it wants. */
#define TH_NEED(dir, tool, package)                                                    \
	do {                                                                           \
		if (!th_have(dir, tool)) {                                             \
			free(dir);                                                     \
			cr_skip(tool " is not installed (apt-get install -y " package ")"); \
		}                                                                      \
	} while (0)

/* The environment of the other people of the demo tree, before a
 * command: zhao-min (sponsor) and liu-yang (pmo) as git author and
 * committer (wang-li is the default). */
#define TH_ZHAO "GIT_AUTHOR_NAME=赵敏 GIT_AUTHOR_EMAIL=zhao.min@bank.example " \
		"GIT_COMMITTER_NAME=赵敏 GIT_COMMITTER_EMAIL=zhao.min@bank.example "
#define TH_LIU "GIT_AUTHOR_NAME=刘洋 GIT_AUTHOR_EMAIL=liu.yang@bank.example " \
	       "GIT_COMMITTER_NAME=刘洋 GIT_COMMITTER_EMAIL=liu.yang@bank.example "

/* Status, stdout and stderr of a run, all exactly. */
#define EXPECT(r, code, out_, err_)                                                   \
	do {                                                                          \
		cr_assert_str_eq((r)->err, (err_));                                   \
		cr_assert_str_eq((r)->out, (out_));                                   \
		cr_assert_eq((r)->status, (code), "exit %d: %s", (r)->status, (r)->err); \
	} while (0)

#endif
