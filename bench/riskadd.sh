#!/bin/sh
# Benchmark of `pmo risk add` in one big folder (not a test: it prints
# figures and never fails on a timing).
#
#   sh bench/riskadd.sh [BUILD_DIR [PMO_TO_COMPARE]]   (default build-release, made if missing)
#
# bench/genrepo.py writes one project whose risks folder holds all 5,000
# risks, over 20,000 commits, and the repository is gc'd; then, side by side
# in one hyperfine run, `pmo risk add` against `git add FILE && git commit`
# of the same kind of new file in that folder (bench/risk.sh spreads the
# risks over ten projects). A second pmo binary, when given, runs in the same
# hyperfine run (before/after). Target: risk add <= 0.8x the git pair.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build-release}
other=${2:-}
if [ ! -x "$build/cmd/pmo" ]; then
	meson setup "$build" "$top" --buildtype=release -Dtests=false >/dev/null
fi
ninja -C "$build" cmd/pmo >/dev/null
pmo=$(cd "$build" && pwd)/cmd/pmo
work=${BENCH_DIR:-/tmp/pmo-bench-riskadd}
rm -rf "$work"
mkdir -p "$work"
echo "generating one folder of 5,000 risks over 20,000 commits in $work/repo …"
python3 "$top/bench/genrepo.py" "$work/repo" --risks 5000 --commits 20000 --projects 1
cd "$work/repo"
git config user.name "王丽"
git config user.email wang.li@bank.example
git gc -q
echo "repository: $(git rev-list --count HEAD) commits, $(ls projects/P00/risks | wc -l) files in projects/P00/risks"

# the git pair: the same kind of new risk file, a new name each run
cat > "$work/next.sh" <<EOS
n=\$(cat "$work/n" 2>/dev/null || echo 100000)
n=\$((n + 1)); echo \$n > "$work/n"
printf 'id: R-%s\ntitle: 供应商交付延迟\nprobability: 3\nimpact: 4\nowner: wang-li\nstatus: open\n' \$n > projects/P00/risks/R-\$n.yaml
echo projects/P00/risks/R-\$n.yaml > "$work/file"
EOS

set -- -n "git add && git commit" "sh -c 'git add \$(cat $work/file) && git commit -q -m \"risk P00: add\"'" \
	-n "pmo risk add" "$pmo -p P00 risk add 供应商交付延迟 probability=3 impact=4 owner=wang-li"
if [ -n "$other" ]; then
	set -- "$@" -n "other pmo risk add" "$other -p P00 risk add 供应商交付延迟 probability=3 impact=4 owner=wang-li"
fi
hyperfine --warmup 3 --runs 30 -N --export-json "$work/add.json" --prepare "sh $work/next.sh" "$@"

python3 - "$work/add.json" <<'EOS'
import json, sys
add = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
g = add["git add && git commit"]["median"]
print(f"\nmedian git add && git commit : {g*1000:7.1f} ms")
for name in ("pmo risk add", "other pmo risk add"):
    if name in add:
        p = add[name]["median"]
        print(f"median {name:<22}: {p*1000:7.1f} ms   ratio {p/g:.2f}x of the git pair (target <= 0.80)")
EOS
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
