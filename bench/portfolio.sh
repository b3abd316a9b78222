#!/bin/sh
# A portfolio in a git repository for bench/status.sh and bench/report.sh:
#
#   sh bench/portfolio.sh DIR PMO [genstatus.py options]
#
# bench/genstatus.py writes it into DIR (made afresh), one commit, then
# PMO takes the baseline of each active project (a commit each).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=$1
pmo=$2
shift 2
rm -rf "$work"
mkdir -p "$work"
echo "generating the portfolio in $work …"
python3 "$top/bench/genstatus.py" "$work" "$@"
cd "$work"
git init -q -b main .
git add -A
git commit -qm "基准组合"
for p in projects/*/; do
	key=$(basename "$p")
	if grep -q '^status: active' "$p/project.yaml"; then
		"$pmo" -p "$key" baseline set >/dev/null
	fi
done
git gc -q
