#!/bin/sh
# Change request validation benchmark: `pmo validate` (the whole command,
# with the change-approval rule proving every approval from the history,
# the merged content, the policy and each implemented change's impact
# computed again) on a repository of N implemented change requests over
# about 20 commits each (bench/genchanges.py: 10 commits on master, the
# branch's start, risk, submit and approve, 5 more on master, the merge),
# packed by git gc. The target of issue 12 is under 2 s (median) for 1,000
# changes over 20,000 commits. Prints medians; never fails on a timing.
#
#   bench/changes.sh           # from the source root
#   N=100 bench/changes.sh     # fewer changes
#
# Builds an optimised, unsanitised copy in build-plan-bench (as
# bench/schedule.sh does).
set -eu
cd "$(dirname "$0")/.."
SRC=$(pwd)
BUILD=${BUILD:-$SRC/build-plan-bench}
OUT=${OUT:-$SRC/bench/out/changes}
N=${N:-1000}
mkdir -p "$OUT"
if [ ! -d "$BUILD" ]; then
	meson setup "$BUILD" -Dbuildtype=release -Db_ndebug=true >/dev/null
fi
ninja -C "$BUILD" cmd/pmo >/dev/null
PMO=$BUILD/cmd/pmo
export GIT_AUTHOR_NAME=王丽 GIT_AUTHOR_EMAIL=wang.li@bank.example GIT_COMMITTER_NAME=王丽 \
	GIT_COMMITTER_EMAIL=wang.li@bank.example GIT_CONFIG_NOSYSTEM=1 PMO_TODAY=2027-01-04

r=$OUT/repo-$N
rm -rf "$r" && mkdir -p "$r"
(
	cd "$r"
	git init -q -b master .
	"$PMO" init --name bench --currency CNY >/dev/null
	"$PMO" person add wang-li name=王丽 role=pm email=wang.li@bank.example >/dev/null
	"$PMO" person add zhao-min name=赵敏 role=sponsor email=zhao.min@bank.example >/dev/null
	"$PMO" project add BM name=bench sponsor=zhao-min manager=wang-li start=2027-01-04 >/dev/null
	"$PMO" -p BM task add 需求分析 duration=10d >/dev/null
	"$PMO" -p BM task add 系统开发 duration=10d depends=T-1 >/dev/null
	python3 "$SRC/bench/genchanges.py" . "$N" 10 5 | git fast-import --quiet
	git reset -q --hard
	git gc -q
)
commits=$(git -C "$r" rev-list --count HEAD)
"$PMO" -C "$r" validate >"$OUT/validate.txt" || { cat "$OUT/validate.txt"; exit 1; }

median() { awk -F, 'NR == 2 { printf "%.1f", $4 * 1000 }' "$1"; }
cpu() { awk -F, 'NR == 2 { printf "%.1f", ($5 + $6) * 1000 }' "$1"; }
printf '%-40s %12s %16s\n' command "median (ms)" "user+sys (ms)"
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N --style none --warmup 1 --runs 10 --export-csv "$OUT/validate.csv" \
		"$PMO -C $r validate" >/dev/null 2>&1
	printf '%-40s %12s %16s\n' "pmo validate" "$(median "$OUT/validate.csv")" "$(cpu "$OUT/validate.csv")"
else
	s=$(date +%s.%N); "$PMO" -C "$r" validate >/dev/null; e=$(date +%s.%N)
	printf '%-40s %12s\n' "pmo validate" "$(echo "$s $e" | awk '{ printf "%.1f", ($2 - $1) * 1000 }')"
fi
echo "$N implemented change requests over $commits commits ($(tail -1 "$OUT/validate.txt"));"
echo "the target (issue 12): under 2 s for 1,000 over 20,000 commits; user+sys is the CPU the command"
echo "used, which a loaded machine does not inflate (the load average: $(cut -d' ' -f1 /proc/loadavg)). Files in $OUT"
