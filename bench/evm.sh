#!/bin/sh
# Earned-value benchmark: `pmo -p BM evm` (the whole command: open the
# repository, read pmo.yaml, project.yaml, plan.yaml, the assignees'
# people files and budget.yaml, compute every task's planned cost, PV, EV,
# AC and the summaries, print) on a generated plan of 20,000 tasks
# (bench/genplan) with costs, assignees, progress, a baseline and 20,000
# expenses. Target: under 100 ms median. Prints medians; never fails on a
# timing.
#
#   bench/evm.sh                 # from the source root
#   N=100000 bench/evm.sh        # another plan size
#
# Builds an optimised, unsanitised copy in build-plan-bench (as schedule.sh).
set -eu
cd "$(dirname "$0")/.."
SRC=$(pwd)
BUILD=${BUILD:-$SRC/build-plan-bench}
OUT=${OUT:-$SRC/bench/out/evm}
N=${N:-20000}
EXPENSES=${EXPENSES:-20000}
mkdir -p "$OUT"
if [ ! -d "$BUILD" ]; then
	meson setup "$BUILD" -Dbuildtype=release -Db_ndebug=true >/dev/null
fi
ninja -C "$BUILD" bench/genplan cmd/pmo >/dev/null
PMO=$BUILD/cmd/pmo
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org GIT_COMMITTER_NAME=bench \
	GIT_COMMITTER_EMAIL=bench@example.org GIT_CONFIG_NOSYSTEM=1 PMO_TODAY=2026-01-05

r=$OUT/repo-$N
rm -rf "$r" && mkdir -p "$r/projects/BM" "$r/people"
(cd "$r" && git init -q . && "$PMO" init --name bench --currency CNY >/dev/null)
for i in 1 2 3 4 5 6 7 8; do
	printf "handle: p%s\nname: 人员 %s\nrate: '%s.00'\ncapacity: %s\n" "$i" "$i" $((1000 + 100 * i)) $((4 + i % 5)) \
		>"$r/people/p$i.yaml"
done
printf "key: BM\nname: bench\nstatus: active\nstart: '2026-01-05'\n" >"$r/projects/BM/project.yaml"
# genplan's plan, each leaf with a fixed cost, two in three with an assignee
"$BUILD/bench/genplan" "$N" 1 | awk '
	/^    duration: / { print; n++; printf "    cost: '\''%d.50'\''\n", 1000 + n % 9000
		if (n % 3) printf "    assignees: [{person: p%d, allocation: %d}]\n", 1 + n % 8, 25 * (1 + n % 4)
		next }
	{ print }' >"$r/projects/BM/plan.yaml"
(cd "$r" && git add -A && git commit -qm plan && "$PMO" -p BM baseline set --as-of none >/dev/null)
# then a third of the leaves half done, and the expenses over 2026
awk '/^    duration: / { print; if (++n % 3 == 0) print "    progress: 50"; next } { print }' \
	"$r/projects/BM/plan.yaml" >"$OUT/plan.tmp" && mv "$OUT/plan.tmp" "$r/projects/BM/plan.yaml"
awk -v n="$EXPENSES" -v tasks="$N" 'BEGIN {
	print "lines:\n  - id: B-1\n    title: 实施\n    planned: '\''90000000.00'\''\n    category: vendor\nexpenses:"
	for (i = 1; i <= n; i++)
		printf "  - id: E-%d\n    amount: '\''%d.%02d'\''\n    line: B-1\n    date: 2026-%02d-%02d\n    task: T-%d\n",
			i, 100 + i % 5000, i % 100, 1 + i % 12, 1 + i % 28, 2 + (i * 7) % (tasks - 1)
}' >"$r/projects/BM/budget.yaml"
(cd "$r" && git add -A && git commit -qm progress)
"$PMO" -C "$r" validate >/dev/null 2>&1 || echo "warning: pmo validate refuses $r" >&2
# SETUP_ONLY=1: the repository alone, for the benchmarks that share it (xlsx.sh)
if [ "${SETUP_ONLY:-}" = 1 ]; then exit 0; fi

if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N --style none --warmup 2 --runs 30 --export-csv "$OUT/evm.csv" \
		"$PMO -C $r -p BM evm --as-of 2026-06-30" >/dev/null 2>&1
	med=$(awk -F, 'NR == 2 { printf "%.1f", $4 * 1000 }' "$OUT/evm.csv")
else
	s=$(date +%s.%N); "$PMO" -C "$r" -p BM evm --as-of 2026-06-30 >/dev/null; e=$(date +%s.%N)
	med=$(echo "$s $e" | awk '{ printf "%.1f", ($2 - $1) * 1000 }')
fi
echo "pmo -p BM evm, $N tasks, $EXPENSES expenses: median $med ms (target < 100 ms)"
"$PMO" -C "$r" -p BM evm --as-of 2026-06-30 | sed -n '1,5p'
