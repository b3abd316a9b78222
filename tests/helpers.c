#define _GNU_SOURCE /* vasprintf */
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void setup_env(void)
{
	static int done;
	char home[] = "/tmp/pmo-test-home-XXXXXX";
	const char *bin = getenv("PMO_BIN");
	char *path, *dir;
	size_t n;

	if (done)
		return;
	done = 1;
	cr_assert(mkdtemp(home), "mkdtemp: %s", strerror(errno));
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_AUTHOR_NAME", "王丽", 1);
	setenv("GIT_AUTHOR_EMAIL", "wang.li@bank.example", 1);
	setenv("GIT_AUTHOR_DATE", "2027-01-04T09:00:00+08:00", 1);
	setenv("GIT_COMMITTER_NAME", "王丽", 1);
	setenv("GIT_COMMITTER_EMAIL", "wang.li@bank.example", 1);
	setenv("GIT_COMMITTER_DATE", "2027-01-04T09:00:00+08:00", 1);
	setenv("PMO_TODAY", "2027-01-04", 1);
	setenv("NO_COLOR", "1", 1);
	setenv("LC_ALL", "C.UTF-8", 1);
	unsetenv("EDITOR");
	unsetenv("VISUAL");
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	if (bin) {
		dir = strdup(bin);
		*strrchr(dir, '/') = '\0';
		n = strlen(dir) + strlen(getenv("PATH") ? getenv("PATH") : "") + 2;
		path = malloc(n);
		snprintf(path, n, "%s:%s", dir, getenv("PATH") ? getenv("PATH") : "");
		setenv("PATH", path, 1);
		free(path);
		free(dir);
	}
}

char *th_tmpdir(void)
{
	char tmpl[] = "/tmp/pmo-test-XXXXXX";

	setup_env();
	cr_assert(mkdtemp(tmpl), "mkdtemp: %s", strerror(errno));
	return strdup(tmpl);
}

static char *slurp_fd(int fd)
{
	size_t len = 0, cap = 4096;
	char *s = malloc(cap);
	ssize_t n;

	for (;;) {
		if (len + 1024 > cap)
			s = realloc(s, cap *= 2);
		n = read(fd, s + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	s[len] = '\0';
	return s;
}

int th_run(th_result *r, const char *cwd, const char *in, const char *fmt, ...)
{
	char outp[] = "/tmp/pmo-test-out-XXXXXX", errp[] = "/tmp/pmo-test-err-XXXXXX";
	char inp[] = "/tmp/pmo-test-in-XXXXXX";
	int ofd, efd, ifd, status;
	char *cmd;
	va_list ap;
	pid_t pid;

	setup_env();
	va_start(ap, fmt);
	cr_assert(vasprintf(&cmd, fmt, ap) >= 0);
	va_end(ap);
	ofd = mkstemp(outp);
	efd = mkstemp(errp);
	ifd = mkstemp(inp);
	cr_assert(ofd >= 0 && efd >= 0 && ifd >= 0);
	if (in)
		cr_assert(write(ifd, in, strlen(in)) == (ssize_t)strlen(in));
	lseek(ifd, 0, SEEK_SET);
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		dup2(ifd, 0);
		dup2(ofd, 1);
		dup2(efd, 2);
		if (cwd && chdir(cwd) < 0)
			_exit(127);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	lseek(ofd, 0, SEEK_SET);
	lseek(efd, 0, SEEK_SET);
	r->out = slurp_fd(ofd);
	r->err = slurp_fd(efd);
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	close(ofd);
	close(efd);
	close(ifd);
	unlink(outp);
	unlink(errp);
	unlink(inp);
	free(cmd);
	return r->status;
}

void th_result_free(th_result *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

char *th_read(const char *dir, const char *rel)
{
	char path[4096];
	int fd;
	char *s;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	s = slurp_fd(fd);
	close(fd);
	return s;
}

void th_write(const char *dir, const char *rel, const char *data)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	cr_assert(f, "cannot write %s", path);
	fputs(data, f);
	fclose(f);
}

char *th_demo_repo(void)
{
	char *dir = th_tmpdir();
	th_result r;

	th_run(&r, dir, NULL,
	       "git init -q . && pmo init --name 测试组合 --currency CNY >/dev/null && "
	       "pmo person add wang-li name=王丽 role=pm email=wang.li@bank.example >/dev/null && "
	       "pmo person add zhao-min name=赵敏 role=sponsor email=zhao.min@bank.example >/dev/null && "
	       "pmo project add CBM name=核心银行系统迁移 sponsor=zhao-min manager=wang-li start=2027-01-04 >/dev/null");
	cr_assert_eq(r.status, 0, "demo repo setup failed: %s", r.err);
	th_result_free(&r);
	return dir;
}

char *th_progress_history_repo(void)
{
	char *dir = th_demo_repo();
	th_result r;

	th_run(&r, dir, NULL,
	       "pmo -p CBM task add 核心系统迁移 duration=10 cost=100000.00 >/dev/null && "
	       "pmo -p CBM baseline set >/dev/null && "
	       "(export GIT_COMMITTER_DATE=2027-01-08T18:00:00+08:00 GIT_AUTHOR_DATE=2027-01-08T18:00:00+08:00 "
	       "PMO_TODAY=2027-01-08 && pmo -p CBM task set T-1 progress=30 actual_start=2027-01-04 >/dev/null) && "
	       "(export GIT_COMMITTER_DATE=2027-01-13T18:00:00+08:00 GIT_AUTHOR_DATE=2027-01-13T18:00:00+08:00 "
	       "PMO_TODAY=2027-01-13 && pmo -p CBM task set T-1 progress=70 >/dev/null) && "
	       "sed -i 's/progress: 70/progress: 90/' projects/CBM/plan.yaml");
	cr_assert_eq(r.status, 0, "progress history setup failed: %s", r.err);
	th_result_free(&r);
	return dir;
}

char *th_report_repo(void)
{
	char *dir = th_demo_repo();
	th_result r;

	th_run(&r, dir, NULL,
	       "pmo project set CBM status=active >/dev/null && "
	       "pmo project add MOB name=手机银行 manager=zhao-min start=2027-01-04 >/dev/null && "
	       "pmo project set MOB status=active >/dev/null && "
	       "pmo calendar holiday 2027-02-10..2027-02-16 春节 >/dev/null && "
	       "pmo person set wang-li rate=1800.00 >/dev/null && "
	       "pmo -p CBM task add 设计 >/dev/null && "
	       "pmo -p CBM task add 需求分析 parent=T-1 duration=10 assignees=wang-li >/dev/null && "
	       "pmo -p CBM task add 系统设计 parent=T-1 duration=15 depends=T-2 assignees=wang-li:50 >/dev/null && "
	       "pmo -p CBM task add 数据迁移 duration=5 depends=T-2 >/dev/null && "
	       "pmo -p CBM milestone add 设计评审通过 depends=T-3,T-4 >/dev/null && "
	       "pmo -p CBM baseline set >/dev/null && "
	       "pmo -p CBM task set T-2 actual_start=2027-01-11 progress=50 >/dev/null && "
	       "pmo -p CBM risk add 核心数据迁移丢失 probability=5 impact=5 owner=wang-li >/dev/null && "
	       "pmo -p CBM risk add 供应商延期 probability=3 impact=4 owner=zhao-min >/dev/null && "
	       "pmo -p CBM risk add '<script>alert(\"x\")</script> & '\\''引号'\\' probability=3 impact=4 owner=wang-li >/dev/null && "
	       "pmo -p CBM action add 确认迁移窗口 due=2027-01-12 owner=wang-li >/dev/null && "
	       "pmo -p CBM action add 准备切换演练 due=2027-01-29 owner=wang-li >/dev/null && "
	       "printf 'lines:\n  - id: B-1\n    title: 设计服务\n    planned: \\047200000.00\\047\n    category: labour\n"
	       "expenses:\n  - id: E-1\n    amount: \\04712000.00\\047\n    line: B-1\n    date: 2027-01-08\n"
	       "    task: T-2\n' > projects/CBM/budget.yaml && git add projects/CBM/budget.yaml && "
	       "git commit -qm 'budget CBM: B-1 设计服务, E-1' && "
	       "pmo -p MOB task add 界面设计 duration=10 >/dev/null && "
	       "pmo -p MOB baseline set >/dev/null && "
	       "pmo -p MOB risk add 测试资源不足 probability=2 impact=5 owner=zhao-min >/dev/null");
	cr_assert_eq(r.status, 0, "report repo setup failed: %s", r.err);
	th_result_free(&r);
	return dir;
}

int th_have(const char *dir, const char *tool)
{
	th_result r;
	int ok;

	th_run(&r, dir, NULL, "command -v %s >/dev/null", tool);
	ok = r.status == 0;
	th_result_free(&r);
	return ok;
}

char *th_sh(const char *dir, const char *fmt, ...)
{
	th_result r;
	va_list ap;
	char *cmd, *out;

	va_start(ap, fmt);
	cr_assert(vasprintf(&cmd, fmt, ap) >= 0);
	va_end(ap);
	th_run(&r, dir, NULL, "%s", cmd);
	cr_assert_eq(r.status, 0, "%s failed (%d): %s", cmd, r.status, r.err);
	out = r.out;
	free(r.err);
	free(cmd);
	return out;
}

void th_assert_sh(const char *dir, const char *cmd, const char *want)
{
	char *got = th_sh(dir, "%s", cmd);

	cr_assert_str_eq(got, want, "%s\n--- got:\n%s--- want:\n%s", cmd, got, want);
	free(got);
}

char *th_change_repo(const char *policy)
{
	char *dir = th_demo_repo(), *out;

	if (*policy) {
		char *yaml = th_read(dir, "pmo.yaml"), *all;
		cr_assert(asprintf(&all, "%s%s", yaml, policy) > 0);
		th_write(dir, "pmo.yaml", all);
		free(all);
		free(yaml);
		free(th_sh(dir, "git commit -qm policy pmo.yaml"));
	}
	out = th_sh(dir,
		    "pmo person add liu-yang name=刘洋 role=pmo email=liu.yang@bank.example >/dev/null && "
		    "pmo -p CBM task add 需求分析 duration=10d >/dev/null && "
		    "pmo -p CBM task add 系统开发 duration=10d depends=T-1 >/dev/null && "
		    "pmo -p CBM task add UAT duration=10d depends=T-2 >/dev/null && "
		    "pmo -p CBM baseline set >/dev/null");
	free(out);
	return dir;
}
