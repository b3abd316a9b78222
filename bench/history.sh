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
# between the two. Targets: ≤ 0.5× git log without a graph, ≤ 1× with one.
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
def line(name, ref=None, target=None):
    m = r[name]["median"]
    u = r[name]["user"]  # hyperfine gives the mean CPU time in user space
    s = f"median {name:<24}: {m*1000:8.1f} ms (user {u*1000:7.1f} ms)"
    if ref:
        g = r[ref]
        s += f"   ratio {m/g['median']:.2f}x wall, {u/g['user']:.2f}x user of {ref} (target <= {target})"
    print(s)
print()
line("git log, no graph")
line("pmo risk log, no graph", "git log, no graph", "0.50")
line("git log, graph")
line("pmo risk log, graph", "git log, graph", "1.00")
EOS
