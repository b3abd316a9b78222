#!/bin/sh
# Benchmark of the twenty-three kinds on a large portfolio (not a test: it
# prints figures and never fails on a timing).
#
#   sh bench/kinds.sh [BUILD_DIR]     (default build-release, made if missing)
#
# A seed tree made with pmo itself (the add command of every kind, as in
# docs/registers.md), then bench/genkinds.py: 50 projects, 50,000 records of
# every kind (5,000 risks, issues and actions each, 200 vendors), one commit, gc'd. Then,
# side by side with hyperfine:
#   - pmo due, pmo search 迁移, pmo risk list (5,000 risks)
#   - pmo validate against python3-jsonschema on the same files
#     (bench/peer_validate_bench.py)
# and the medians. Targets: due < 300 ms, search < 300 ms, list < 150 ms,
# validate ≥ 10× faster than python. pmo due and pmo search keep what they
# read of each record in .git/pmo/cache/ (checked by each file's stat): the
# medians are of runs with it made (hyperfine's warm-up run makes it), and
# "cold" ones of runs without it (removed before each run; PMO_CACHE=0 is
# the same without writing one).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build-release}
if [ ! -x "$build/cmd/pmo" ]; then
	meson setup "$build" "$top" --buildtype=release -Dtests=false >/dev/null
fi
ninja -C "$build" cmd/pmo >/dev/null
pmo=$build/cmd/pmo
work=${BENCH_DIR:-/tmp/pmo-bench-kinds}
rm -rf "$work"
mkdir -p "$work/seed" "$work/schemas"
export PMO_TODAY=2027-04-10 GIT_AUTHOR_NAME=王丽 GIT_AUTHOR_EMAIL=wang.li@bank.example
export GIT_COMMITTER_NAME=王丽 GIT_COMMITTER_EMAIL=wang.li@bank.example
(
	cd "$work/seed"
	git init -q -b main .
	"$pmo" init --name "零售银行项目组合" --currency CNY >/dev/null
	"$pmo" person add zhao-min name="赵敏" role=sponsor email=zhao.min@bank.example >/dev/null
	"$pmo" person add li-qiang name="李强" role=developer email=li.qiang@bank.example >/dev/null
	"$pmo" person add liu-yang name="刘洋" role=pmo email=liu.yang@bank.example >/dev/null
	"$pmo" person add chen-jing name="陈静" role=architect email=chen.jing@bank.example >/dev/null
	mkdir -p docs && echo "# 数据迁移方案" > docs/迁移方案.md && git add docs && git commit -qm "迁移方案 v1"
	python3 -c "
import sys; sys.path.insert(0, '$top/docs'); import registers
for kind, cmd in registers.EXAMPLES.items():
    print(cmd)
    if kind == 'project':
        print('pmo -p CBM task add \"需求调研\" duration=10d')
        print('pmo -p CBM milestone add \"SIT 准入\" depends=T-1')
" > "$work/seed.sh"
	while IFS= read -r line; do
		eval "\"\$pmo\"${line#pmo}" >/dev/null
	done < "$work/seed.sh"
)
echo "generating 50 projects, 50,000 records in $work/repo …"
python3 "$top/bench/genkinds.py" "$work/seed" "$work/repo" --schemas "$top/schemas"
"$pmo" schemas --write "$work/schemas" >/dev/null
cd "$work/repo"
git gc -q
echo "repository: $(git rev-list --count HEAD) commit, $(git ls-files | wc -l) files, $(du -sh .git | cut -f1) in .git"
"$pmo" validate >/dev/null 2>&1 || echo "note: pmo validate exits $? on this tree"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

due=""
if "$pmo" due -h >/dev/null 2>&1; then
	due="pmo due"
fi
hyperfine --warmup 1 --runs 5 -N -i --export-json "$work/read.json" \
	${due:+-n "pmo due" "$pmo due"} \
	-n "pmo search 迁移" "$pmo search 迁移" \
	-n "pmo risk list" "$pmo risk list" >/dev/null
hyperfine --warmup 1 --runs 5 -N -i --export-json "$work/cold.json" \
	${due:+-n "pmo due" --prepare "rm -rf $work/repo/.git/pmo/cache" "$pmo due"} \
	-n "pmo search 迁移" --prepare "rm -rf $work/repo/.git/pmo/cache" "$pmo search 迁移" >/dev/null
hyperfine --warmup 1 --runs 5 -N -i --export-json "$work/validate.json" \
	-n "pmo validate" "$pmo validate" \
	-n "python3-jsonschema" "python3 $top/bench/peer_validate_bench.py $work/schemas $work/repo" >/dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$work/read.json" "$work/validate.json" "$work/cold.json" <<'EOS'
import json, sys
read = {r["command"]: r["median"] for r in json.load(open(sys.argv[1]))["results"]}
val = {r["command"]: r["median"] for r in json.load(open(sys.argv[2]))["results"]}
cold = {r["command"]: r["median"] for r in json.load(open(sys.argv[3]))["results"]}
targets = {"pmo due": 300, "pmo search 迁移": 300, "pmo risk list": 150}
for name, t in targets.items():
    if name in read:
        print(f"median {name:<20}: {read[name]*1000:8.1f} ms   (target < {t} ms)")
    else:
        print(f"median {name:<20}:      n/a   (this pmo has no such command)")
    if name in cold:
        print(f"  cold {name:<20}: {cold[name]*1000:8.1f} ms   (no cache: it is made)")
p, q = val["pmo validate"], val["python3-jsonschema"]
print(f"median pmo validate       : {p*1000:8.1f} ms")
print(f"median python3-jsonschema : {q*1000:8.1f} ms   pmo {q/p:.1f}x faster (target >= 10x)")
EOS
