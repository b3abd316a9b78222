#!/bin/sh
# Semantic diff benchmark: `pmo diff A..B` (the whole command: open the
# repository, compare the two trees, read and parse the changed files,
# schedule both plans and compare them, write the result) on a repository
# whose project BM has a generated 5,000-task plan (bench/genplan), where
# the second commit lengthens 50 tasks by 3 days each. The target of issue
# 12 is under 150 ms (median). Prints medians; never fails on a timing.
#
#   bench/diff.sh           # from the source root
#   N=20000 bench/diff.sh   # another plan size
#
# Builds an optimised, unsanitised copy in build-plan-bench (as
# bench/schedule.sh does).
set -eu
cd "$(dirname "$0")/.."
SRC=$(pwd)
BUILD=${BUILD:-$SRC/build-plan-bench}
OUT=${OUT:-$SRC/bench/out/diff}
N=${N:-5000}
CHANGED=${CHANGED:-50}
mkdir -p "$OUT"
if [ ! -d "$BUILD" ]; then
	meson setup "$BUILD" -Dbuildtype=release -Db_ndebug=true >/dev/null
fi
ninja -C "$BUILD" bench/genplan cmd/pmo >/dev/null
GEN=$BUILD/bench/genplan
PMO=$BUILD/cmd/pmo
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org GIT_COMMITTER_NAME=bench \
	GIT_COMMITTER_EMAIL=bench@example.org GIT_CONFIG_NOSYSTEM=1

r=$OUT/repo-$N
rm -rf "$r" && mkdir -p "$r/projects/BM"
(cd "$r" && git init -q . && "$PMO" init --name bench --currency CNY >/dev/null)
cat >>"$r/pmo.yaml" <<'YAML'
calendar:
  holidays:
    - {date: 2026-02-15, until: 2026-02-23, name: 春节}
    - {date: 2026-10-01, until: 2026-10-07, name: 国庆节}
  workdays: [2026-02-14, 2026-02-28, 2026-10-10]
YAML
printf "key: BM\nname: bench\nstatus: active\nstart: '2026-01-05'\n" >"$r/projects/BM/project.yaml"
"$GEN" "$N" 1 >"$r/projects/BM/plan.yaml"
(cd "$r" && git add -A && git commit -qm "plan of $N tasks")
# lengthen every (leaves / CHANGED)-th task with a duration by 3 days
durations=$(grep -c '^    duration: ' "$r/projects/BM/plan.yaml")
awk -v every=$((durations / CHANGED)) -v want="$CHANGED" '
	/^    duration: / { k++; if (k % every == 0 && done < want) { $0 = "    duration: " ($2 + 3); done++ } }
	{ print }' "$r/projects/BM/plan.yaml" >"$OUT/plan.yaml"
mv "$OUT/plan.yaml" "$r/projects/BM/plan.yaml"
(cd "$r" && git commit -qam "$CHANGED tasks longer")
changed=$("$PMO" -C "$r" diff HEAD~1..HEAD --format json | grep -c '"kind": "task"' || true)

# hyperfine's CSV: command,mean,stddev,median,user,system,min,max
median() { awk -F, 'NR == 2 { printf "%.1f", $4 * 1000 }' "$1"; }
cpu() { awk -F, 'NR == 2 { printf "%.1f", ($5 + $6) * 1000 }' "$1"; }
printf '%-40s %12s %16s\n' command "median (ms)" "user+sys (ms)"
for fmt in text json md; do
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N --style none --warmup 2 --runs 30 --export-csv "$OUT/diff-$fmt.csv" \
			"$PMO -C $r diff HEAD~1..HEAD --format $fmt" >/dev/null 2>&1
		printf '%-40s %12s %16s\n' "pmo diff HEAD~1..HEAD --format $fmt" "$(median "$OUT/diff-$fmt.csv")" \
			"$(cpu "$OUT/diff-$fmt.csv")"
	else
		s=$(date +%s.%N); "$PMO" -C "$r" diff HEAD~1..HEAD --format "$fmt" >/dev/null; e=$(date +%s.%N)
		printf '%-40s %12s\n' "pmo diff HEAD~1..HEAD --format $fmt" "$(echo "$s $e" | awk '{ printf "%.1f", ($2 - $1) * 1000 }')"
	fi
done
echo "plan: bench/genplan $N 1 ($(wc -c <"$r/projects/BM/plan.yaml") bytes), $changed tasks changed in the second commit;"
echo "the target (issue 12): under 150 ms for 5,000 tasks with 50 changed; user+sys is the CPU the"
echo "command used, which a loaded machine does not inflate (the load average: $(cut -d' ' -f1 /proc/loadavg)). Files in $OUT"
