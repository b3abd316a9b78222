#!/bin/sh
# Benchmark of a record's history (not a test: it prints figures and never
# fails on a timing).
#
#   sh bench/history.sh [BUILD_DIR]     (default build-release, made if missing)
#
# A repository of 20,000 commits that each change one of 5,000 risks in one
# folder (bench/genrepo.py, one project), gc'd; a copy of it with a
# commit-graph with changed paths (git commit-graph write --reachable
# --changed-paths). Side by side in one hyperfine run: `pmo risk log
# P00/R-2500` against `git log --oneline -- projects/P00/risks/R-2500.yaml`,
# without the graph and with it; pmo's output is checked byte for byte
# between the two. Printed side by side, one row without the graph and one
# with it: git's median and pmo's (hyperfine's mean processor time, user
# and system, in brackets) and pmo's ratios to git, wall and processor.
# Targets: ≤ 0.5× git log without a graph, ≤ 1× with one.
#
# BENCH_DIR (default /tmp/pmo-bench-history) keeps the repositories: a
# second run with REUSE=1 does not make them again. RUNS (default 10).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build-release}
if [ ! -x "$build/cmd/pmo" ]; then
	meson setup "$build" "$top" --buildtype=release -Dtests=false >/dev/null
fi
ninja -C "$build" cmd/pmo >/dev/null
pmo=$build/cmd/pmo
work=${BENCH_DIR:-/tmp/pmo-bench-history}
runs=${RUNS:-10}
if [ "${REUSE:-0}" != 1 ] || [ ! -d "$work/graph/.git" ]; then
	rm -rf "$work"
	mkdir -p "$work"
	echo "generating 5,000 risks in one folder over 20,000 commits in $work …"
	python3 "$top/bench/genrepo.py" "$work/plain" --risks 5000 --commits 20000 --projects 1
	git -C "$work/plain" gc -q
	cp -a "$work/plain" "$work/graph"
	git -C "$work/graph" commit-graph write --reachable --changed-paths
fi
echo "repository: $(git -C "$work/plain" rev-list --count HEAD) commits," \
	"$(git -C "$work/plain" ls-files projects/P00/risks | wc -l) risks in one folder"

path=projects/P00/risks/R-2500.yaml
(cd "$work/plain" && "$pmo" risk log P00/R-2500 >"$work/plain.out")
(cd "$work/graph" && "$pmo" risk log P00/R-2500 >"$work/graph.out")
if cmp -s "$work/plain.out" "$work/graph.out"; then
	echo "pmo risk log: the same $(wc -l <"$work/plain.out") lines with the graph and without it"
else
	echo "pmo risk log: the output DIFFERS with the graph (see $work/*.out)"
fi

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine --warmup 1 --runs "$runs" -N --export-json "$work/history.json" \
	-n "git log, no graph" "git -C $work/plain log --oneline -- $path" \
	-n "pmo risk log, no graph" "sh -c 'cd $work/plain && exec $pmo risk log P00/R-2500'" \
	-n "git log, graph" "git -C $work/graph log --oneline -- $path" \
	-n "pmo risk log, graph" "sh -c 'cd $work/graph && exec $pmo risk log P00/R-2500'" >/dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$work/history.json" <<'EOS'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
def cpu(x):  # hyperfine's mean processor time, user and system
    return x["user"] + x["system"]
print()
print(f"{'':<10} {'git log median (cpu)':>22} {'pmo risk log median (cpu)':>27}"
      f" {'wall':>6} {'cpu':>6} {'target':>7}")
for row, target in (("no graph", 0.5), ("graph", 1.0)):
    g, p = r[f"git log, {row}"], r[f"pmo risk log, {row}"]
    print(f"{row:<10} {g['median']*1000:10.1f} ms ({cpu(g)*1000:6.1f})"
          f" {p['median']*1000:15.1f} ms ({cpu(p)*1000:6.1f})"
          f" {p['median']/g['median']:5.2f}x {cpu(p)/cpu(g):5.2f}x {'<= %.2fx' % target:>7}")
EOS
