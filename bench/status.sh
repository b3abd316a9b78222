#!/bin/sh
# Benchmark of the portfolio's weekly status (not a test: it prints figures
# and never fails on a timing).
#
#   sh bench/status.sh [BUILD_DIR [genstatus.py options]]   (default build-release, made if missing)
#
# bench/genstatus.py writes 50 projects (one in ten closed) of 1,000 tasks
# each, 200 people, 20,000 expenses in the projects' budget.yaml, 20 risks
# and 20 actions a project; pmo takes each active project's baseline; then
# hyperfine runs `pmo status` (every format) and `pmo -p P00 status`.
# Target: pmo status < 300 ms (median).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build-release}
[ $# -gt 0 ] && shift
if [ ! -x "$build/cmd/pmo" ]; then
	meson setup "$build" "$top" --buildtype=release -Dtests=false >/dev/null
fi
ninja -C "$build" cmd/pmo >/dev/null
pmo=$build/cmd/pmo
work=${BENCH_DIR:-/tmp/pmo-bench-status}
export PMO_TODAY=2027-02-15 GIT_AUTHOR_NAME=王丽 GIT_AUTHOR_EMAIL=wang.li@bank.example
export GIT_COMMITTER_NAME=王丽 GIT_COMMITTER_EMAIL=wang.li@bank.example
sh "$top/bench/portfolio.sh" "$work" "$pmo" "$@"
cd "$work"
echo "repository: $(git ls-files | wc -l) files, $(git ls-files -z 'projects/*/budget.yaml' | xargs -0 cat | grep -c '  - id: E-') expenses, $(du -sh .git | cut -f1) in .git"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$pmo" status | tail -n 3
hyperfine -N --warmup 2 --runs 15 --export-json "$work/hyperfine.json" \
	"$pmo status" "$pmo status --format json" "$pmo status --format md" "$pmo -p P00 status"
python3 - "$work/hyperfine.json" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"median {r['median'] * 1000:7.1f} ms  {r['command'].split('/cmd/')[-1]}")
EOF
