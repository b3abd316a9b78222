#!/bin/sh
# Benchmark of pmo report --html (not a test: it prints figures and never
# fails on a timing).
#
#   sh bench/report.sh [BUILD_DIR]   (default build-release, made if missing)
#
# bench/genstatus.py writes a portfolio of 20 projects (two of them
# closed: no page) of 1,000 tasks each with 100 risks a project (2,000
# risks), 200 people, 20,000 expenses and 20 actions a project; pmo takes
# each active project's baseline; bench/genprogress.py adds 36 commits of
# progress to each active plan.yaml over the six weeks before the status
# date (COMMITS=N another count), the repository is gc'd (packed, with
# its commit-graph), so each page's earned value reads a real history;
# then hyperfine runs pmo report --html of
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
# the history of progress: 36 commits to each active plan over the six
# weeks before the status date, then gc as a clone that has been used
python3 "$top/bench/genprogress.py" . "${COMMITS:-36}" 2027-01-04 2027-02-12 | git fast-import --quiet
git reset -q --hard
git gc -q
echo "history: $(git rev-list --count HEAD) commits, $(git rev-list --count HEAD -- projects/P01/plan.yaml) of P01's plan.yaml"
echo "portfolio: $(ls projects | wc -l) projects, $(git ls-files 'projects/*/risks/*' | wc -l) risks, $(git ls-files | wc -l) files"
cp -r "$top/examples" "$work/examples"
cd "$work/examples"
git init -q -b main .
git add -A
git commit -qm examples
cd "$work"
"$pmo" -C portfolio report --html "$work/out-portfolio"
echo "pages: $(du -sh "$work/out-portfolio" | cut -f1) in $(ls "$work/out-portfolio" | wc -l) files"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --warmup 1 --runs 10 --export-json "$work/hyperfine.json" \
	"$pmo -C portfolio report --html $work/out-portfolio" \
	"$pmo -C portfolio report --html $work/out-one -p P01" \
	"$pmo -C examples report --html $work/out-examples"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/hyperfine.json" <<'PY'
import json, sys
# the machine may be shared: the wall clock's median and the CPU time
# (user + sys, hyperfine's mean) of pmo itself
for r in json.load(open(sys.argv[1]))["results"]:
    cpu = (r["user"] + r["system"]) * 1000
    print(f"median {r['median'] * 1000:7.1f} ms  cpu {cpu:7.1f} ms  {r['command'].split('/cmd/')[-1]}")
PY
