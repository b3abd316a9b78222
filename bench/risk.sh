#!/bin/sh
# Benchmark of the risk register on a large repository (not a test: it prints
# figures and never fails on a timing).
#
#   sh bench/risk.sh [BUILD_DIR]     (default build-release, made if missing)
#   PROJECTS=1 sh bench/risk.sh      all 5,000 risks in one project's folder
#
# A repository with 20,000 commits over 5,000 risk files, spread over
# PROJECTS projects (10 unless told), gc'd; then, side by side
# in one hyperfine run:
#   - `pmo risk add` against `git add FILE && git commit` of the same new file
#   - `pmo risk list` (table and JSON) over the 5,000 risks, on every core
#     and on one thread (PMO_THREADS=1), beside the floor: libyaml's bare
#     event parse of the same folders' files (the 5,000 risks and 10 projects),
#     open and read included
#     (bench/yamlfloor.c)
# and the ratios, each one's processor time (user + system) and the load
# average, which the wall times on a shared machine follow. Targets: risk
# add ≤ 0.8× the git pair; risk list < 50 ms on two cores (issue 14).
# A list keeps each record's parsed document in .git/pmo/cache/docs-risk
# (checked by the file's stat, as git's index is): the list medians are of
# runs with it made (hyperfine's warm-up makes it); then, in a run of their
# own, the list without it (PMO_CACHE=0) and the run that makes it anew
# (the cache removed before each run).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build-release}
if [ ! -x "$build/cmd/pmo" ]; then
	meson setup "$build" "$top" --buildtype=release -Dtests=false >/dev/null
fi
ninja -C "$build" cmd/pmo bench/yamlfloor >/dev/null
pmo=$(cd "$build" && pwd)/cmd/pmo
floor=$(cd "$build" && pwd)/bench/yamlfloor
work=${BENCH_DIR:-/tmp/pmo-bench-risk}
rm -rf "$work"
mkdir -p "$work"
projects=${PROJECTS:-10}
echo "generating 5,000 risks in $projects project(s) over 20,000 commits in $work/repo …"
python3 "$top/bench/genrepo.py" "$work/repo" --risks 5000 --commits 20000 --projects "$projects"
cd "$work/repo"
git config user.name "王丽"
git config user.email wang.li@bank.example
git gc -q
echo "repository: $(git rev-list --count HEAD) commits, $(git ls-files | wc -l) files," \
	"$(git count-objects -v | sed -n 's/^packs: //p') pack, $(git count-objects -v | sed -n 's/^count: //p') loose objects"

# the git pair: the same kind of new risk file, a new name each run
cat > "$work/next.sh" <<EOS
n=\$(cat "$work/n" 2>/dev/null || echo 100000)
n=\$((n + 1)); echo \$n > "$work/n"
printf 'id: R-%s\ntitle: 供应商交付延迟\nprobability: 3\nimpact: 4\nowner: wang-li\nstatus: open\n' \$n > projects/P00/risks/R-\$n.yaml
echo projects/P00/risks/R-\$n.yaml > "$work/file"
EOS

hyperfine --warmup 3 --runs 30 -N --export-json "$work/add.json" \
	--prepare "sh $work/next.sh" \
	-n "git add && git commit" "sh -c 'git add \$(cat $work/file) && git commit -q -m \"risk P00: add\"'" \
	-n "pmo risk add" "$pmo -p P00 risk add 供应商交付延迟 probability=3 impact=4 owner=wang-li"

echo "floor: $($floor projects)"
load0=$(cut -d' ' -f1-3 /proc/loadavg)
hyperfine --warmup 3 --runs 20 -N --export-json "$work/list.json" \
	-n "pmo risk list" "$pmo risk list" \
	-n "libyaml's bare parse (floor)" "$floor projects" \
	-n "pmo risk list --format json" "$pmo risk list --format json" \
	-n "pmo risk list, 1 thread" "env PMO_THREADS=1 $pmo risk list" \
	-n "pmo risk list --format json, 1 thread" "env PMO_THREADS=1 $pmo risk list --format json" >/dev/null

hyperfine --warmup 3 --runs 20 -N --export-json "$work/cold.json" \
	-n "pmo risk list, no cache" "env PMO_CACHE=0 $pmo risk list" \
	-n "pmo risk list, cache made" --prepare "rm -f $work/repo/.git/pmo/cache/root/docs-risk" \
	"$pmo risk list" >/dev/null

load1=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$work/add.json" "$work/list.json" "$load0" "$load1" "$work/cold.json" <<'EOS'
import json, sys
add = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
lst = {r["command"]: r for r in json.load(open(sys.argv[2]))["results"]}
ga, pa = add["git add && git commit"], add["pmo risk add"]
g, p = ga["median"], pa["median"]
gc, pc = ga["user"] + ga["system"], pa["user"] + pa["system"]
print(f"\n{'':30} {'wall, median':>14} {'CPU, mean':>12}   (hyperfine gives CPU as a mean)")
print(f"{'git add && git commit':30} {g*1000:11.1f} ms {gc*1000:9.1f} ms")
print(f"{'pmo risk add':30} {p*1000:11.1f} ms {pc*1000:9.1f} ms")
print(f"{'ratio pmo / git pair':30} {p/g:13.2f}x {pc/gc:11.2f}x   (target <= 0.80)")
def cpu(r):
    return f"user+sys {(r['user'] + r['system'])*1000:6.1f} ms"
for name, r in lst.items():
    print(f"median {name:<38}: {r['median']*1000:7.1f} ms   {cpu(r)}")
pm, fl = lst["pmo risk list"], lst["libyaml's bare parse (floor)"]
one = lst["pmo risk list, 1 thread"]
print(f"side by side: pmo risk list {pm['median']*1000:.1f} ms ({cpu(pm)}; one thread "
      f"{one['median']*1000:.1f} ms), libyaml's bare parse {fl['median']*1000:.1f} ms ({cpu(fl)}): "
      f"{pm['median']/fl['median']:.2f}x the floor   target pmo < 50 ms")
for name, r in {r["command"]: r for r in json.load(open(sys.argv[5]))["results"]}.items():
    print(f"median {name:<38}: {r['median']*1000:7.1f} ms   {cpu(r)}")
print(f"load average (1, 5, 15 min): {sys.argv[3]} before the list runs, {sys.argv[4]} after")
EOS
