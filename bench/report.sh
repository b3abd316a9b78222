#!/bin/sh
# Benchmark of pmo report --html (not a test: it prints figures and never
# fails on a timing).
#
#   sh bench/report.sh [BUILD_DIR]   (default build-release, made if missing)
#
# bench/genstatus.py writes a portfolio of 20 projects (two of them
# closed: no page) of 1,000 tasks each with 100 risks a project (2,000
# risks), 200 people, 20,000 expenses and 20 actions a project; pmo takes
# each active project's baseline; then hyperfine runs pmo report --html of
# the portfolio, of one project, and of examples/ (in a git repository of
# its own). Targets: the portfolio < 2 s, the examples < 100 ms (medians).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build-release}
if [ ! -x "$build/cmd/pmo" ]; then
	meson setup "$build" "$top" --buildtype=release -Dtests=false >/dev/null
fi
ninja -C "$build" cmd/pmo >/dev/null
pmo=$build/cmd/pmo
work=${BENCH_DIR:-/tmp/pmo-bench-report}
export PMO_TODAY=2027-02-15 GIT_AUTHOR_NAME=王丽 GIT_AUTHOR_EMAIL=wang.li@bank.example
export GIT_COMMITTER_NAME=王丽 GIT_COMMITTER_EMAIL=wang.li@bank.example
rm -rf "$work"
sh "$top/bench/portfolio.sh" "$work/portfolio" "$pmo" --projects 20 --tasks 1000 --risks 100
cd "$work/portfolio"
echo "portfolio: $(ls projects | wc -l) projects, $(git ls-files 'projects/*/risks/*' | wc -l) risks, $(git ls-files | wc -l) files"
cp -r "$top/examples" "$work/examples"
cd "$work/examples"
git init -q -b main .
git add -A
git commit -qm examples
cd "$work"
"$pmo" -C portfolio report --html "$work/out-portfolio"
echo "pages: $(du -sh "$work/out-portfolio" | cut -f1) in $(ls "$work/out-portfolio" | wc -l) files"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --warmup 1 --runs 10 --export-json "$work/hyperfine.json" \
	"$pmo -C portfolio report --html $work/out-portfolio" \
	"$pmo -C portfolio report --html $work/out-one -p P01" \
	"$pmo -C examples report --html $work/out-examples"
python3 - "$work/hyperfine.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"median {r['median'] * 1000:7.1f} ms  {r['command'].split('/cmd/')[-1]}")
PY
