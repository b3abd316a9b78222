#!/bin/sh
# The README's sessions (risks, plans, validation) under valgrind (memcheck):
# no leak, no error.
# Uses a build without sanitizers (valgrind and ASan do not mix).
#   sh tests/valgrind.sh [BUILD_DIR]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build-valgrind}
if [ ! -d "$build" ]; then
	meson setup "$build" "$top" -Dtests=false >/dev/null
fi
ninja -C "$build" cmd/pmo >/dev/null
work=$(mktemp -d /tmp/pmo-valgrind-XXXXXX)
trap 'rm -rf "$work"' EXIT
export HOME="$work" XDG_CONFIG_HOME="$work" GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1 LC_ALL=C.UTF-8
export GIT_AUTHOR_NAME=王丽 GIT_AUTHOR_EMAIL=wang.li@bank.example GIT_COMMITTER_NAME=王丽 GIT_COMMITTER_EMAIL=wang.li@bank.example
export PMO_TODAY=2027-01-04
vg() {
	valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
		"$build/cmd/pmo" "$@"
}
check() {
	rc=0
	vg "$@" >/dev/null 2>"$work/err" || rc=$?
	if [ "$rc" = 99 ] || grep -q '^==[0-9]*==' "$work/err"; then
		echo "valgrind found a problem in: pmo $*" >&2
		cat "$work/err" >&2
		exit 1
	fi
	echo "ok ($rc): pmo $*"
}
git init -q "$work/demo"
cd "$work/demo"
check init --name 零售银行项目组合 --currency CNY
check person add wang-li name=王丽 role=pm email=wang.li@bank.example
check person add zhao-min name=赵敏 role=sponsor email=zhao.min@bank.example
check project add CBM name=核心银行系统迁移 sponsor=zhao-min manager=wang-li start=2027-01-04
check -p CBM risk add 核心数据迁移丢失 probability=4 impact=5 owner=wang-li strategy=mitigate category=technical contingency=回滚到旧系统并启用双轨运行
check -p CBM risk list
check -p CBM risk list status=open level=high --sort=-score
check risk list --format json
check risk list --format yaml
check risk list --format csv
check risk show CBM/R-1
check risk set CBM/R-1 impact=3 review=2027-02-01
check risk set CBM/R-1 impact=9
check risk set CBM/R-1 owner=nobody
EDITOR=true check risk edit CBM/R-1
check risk close CBM/R-1 --reason 迁移演练通过
check risk set CBM/R-1 status=mitigating
check risk log CBM/R-1
check risk log CBM/R-1 --format json
check --help
check risk --help
check risk add -h
check calendar holiday 2027-02-10..2027-02-12 团队休假
check calendar workday 2027-02-07
check calendar show 2027
check -p CBM task add 需求分析 duration=10
check -p CBM task add 系统设计 duration=15 depends=T-1
check -p CBM milestone add 设计评审通过 depends=T-2
check -p CBM task set T-2 progress=40 actual_start=2027-01-18
check -p CBM task set T-1 depends=T-3
check -p CBM task list
check -p CBM schedule
check -p CBM schedule --gantt
check -p CBM schedule --format json
check -p CBM schedule --format csv
check -p CBM schedule --format mermaid
check -p CBM baseline set --name v1
check -p CBM status
check -p CBM export --format tjp
check validate
check validate --format junit
check validate --format json
check fmt --check
check schemas
# hooks and signing (docs/git.md): a refusing hook, a message hook, a
# stand-in signer, a signer that cannot run
printf '#!/bin/sh\nexit 1\n' > .git/hooks/pre-commit
printf '#!/bin/sh\necho "Reviewed-by: x" >> "$1"\n' > .git/hooks/commit-msg
printf '#!/bin/sh\ncat >/dev/null\necho sig\necho "[GNUPG:] SIG_CREATED D" >&2\n' > "$work/sign"
chmod +x .git/hooks/pre-commit .git/hooks/commit-msg "$work/sign"
check -p CBM risk add 供应商交付延期 probability=2 impact=3
check -c commit.gpgsign=true -c gpg.program="$work/sign" --no-verify -p CBM risk add 供应商交付延期 probability=2 impact=3
check -c commit.gpgsign=true -c gpg.program=/nonexistent -p CBM risk add 乙 probability=2 impact=3 --no-verify
rm .git/hooks/pre-commit .git/hooks/commit-msg
printf 'id: R-9\ntitle: &a x\n' > projects/CBM/risks/R-9.yaml
check risk list
check validate
rm projects/CBM/risks/R-9.yaml
# filter drivers (docs/git.md): a clean command, then the process protocol
git config filter.b64.clean 'base64' && git config filter.b64.smudge 'base64 -d'
git config filter.b64.required true
printf 'projects/CBM/risks/*.yaml filter=b64\n' > .gitattributes
git add .gitattributes && git commit -q -m filters
check -p CBM risk add 机密 probability=1 impact=1
check risk set CBM/R-2 impact=2
check risk log CBM/R-2
git config filter.b64.process "python3 $top/tests/data/filters/b64-process.py .git/filter.log"
check -p CBM risk add 机密二 probability=1 impact=1
check risk set CBM/R-3 impact=3
check validate --rev HEAD
git config core.fsync added
check risk set CBM/R-3 impact=4
echo "valgrind: no leaks, no errors"
