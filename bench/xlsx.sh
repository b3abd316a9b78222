#!/bin/sh
# Workbook benchmark: `pmo -p BM export --format xlsx` (the whole command:
# read and check the plan as pmo validate does, schedule it, the people's
# rates, the budget and every register, write the workbook through its
# temporary file and copy it out) on the earned-value benchmark's plan of
# 20,000 tasks with costs, assignees, progress, a baseline and 20,000
# expenses (bench/evm.sh makes it). Target: under 1 s median. Prints the
# median and processor time beside a reference, `pmo -p BM schedule` of
# the same plan (reading, checking and scheduling it: what the workbook
# adds is the difference), and the load average; never fails on a timing.
#
#   bench/xlsx.sh                 # from the source root
#   N=100000 bench/xlsx.sh        # another plan size
#
# Builds an optimised, unsanitised copy in build-plan-bench (as evm.sh).
set -eu
cd "$(dirname "$0")/.."
SRC=$(pwd)
BUILD=${BUILD:-$SRC/build-plan-bench}
N=${N:-20000}
EXPENSES=${EXPENSES:-20000}
OUT=${OUT:-$SRC/bench/out/xlsx}
mkdir -p "$OUT"
# the plan, people and budget of the evm benchmark
OUT=$SRC/bench/out/evm N=$N EXPENSES=$EXPENSES BUILD=$BUILD SETUP_ONLY=1 sh bench/evm.sh
PMO=$BUILD/cmd/pmo
r=$SRC/bench/out/evm/repo-$N
export PMO_TODAY=2026-06-30
cmd="$PMO -C $r -p BM export --format xlsx --output $OUT/bm.xlsx"
ref="$PMO -C $r -p BM schedule"
load=$(cut -d' ' -f1-3 /proc/loadavg)
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N --style none --warmup 2 --runs 10 --export-csv "$OUT/xlsx.csv" "$cmd" "$ref" >/dev/null 2>&1
	# median, and processor time (user + system, mean): what the load of
	# a shared machine does not add
	line() { awk -F, -v row="$1" 'NR == row { printf "median %.0f ms, %.0f ms processor time", $4 * 1000, ($5 + $6) * 1000 }' "$OUT/xlsx.csv"; }
	med=$(line 2)
	refmed=$(line 3)
else
	s=$(date +%s.%N); $cmd; e=$(date +%s.%N)
	med=$(echo "$s $e" | awk '{ printf "one run %.0f ms", ($2 - $1) * 1000 }')
	s=$(date +%s.%N); $ref >/dev/null; e=$(date +%s.%N)
	refmed=$(echo "$s $e" | awk '{ printf "one run %.0f ms", ($2 - $1) * 1000 }')
fi
echo "pmo -p BM export --format xlsx, $N tasks, $EXPENSES expenses: $med (target < 1000 ms median);" \
	"$(wc -c <"$OUT/bm.xlsx") bytes"
echo "reference, pmo -p BM schedule of the same plan: $refmed"
echo "load average $load before, $(cut -d' ' -f1-3 /proc/loadavg) after"
