#!/bin/sh
# Benchmark of `pmo validate` (not a test: it prints figures and never fails
# on a timing).
#
#   sh bench/validate.sh [BUILD_DIR]     (default build-release, made if missing)
#
# A generated portfolio of 20,000 risk files (about 8 MB) in 20 projects with
# 50 people, then side by side in one hyperfine run, all over the same files
# and the same schemas:
#   - pmo validate                       (the worktree, on every core)
#   - pmo validate on one thread         (PMO_THREADS=1: what the second core saves)
#   - python3-jsonschema, PyYAML's libyaml loader (bench/peer_validate_bench.py)
#   - ajv-cli 5 with ajv-formats, reading the .yaml files itself (one run per
#     kind: risks, people, projects, pmo.yaml)
#   - the floor: libyaml's bare event parse of every file, open and read
#     included (bench/yamlfloor.c)
# then the medians with each one's processor time (user + system), the
# load average (the wall times on a shared machine follow it), the ratios
# and each one's peak memory (/usr/bin/time).
# Targets: pmo ≥ 10× faster than python, ≥ 3× faster than ajv, within 1.5×
# of the floor, peak memory < 100 MB; on two cores < 130 ms (issue 14).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build-release}
if [ ! -x "$build/cmd/pmo" ]; then
	meson setup "$build" "$top" --buildtype=release -Dtests=false >/dev/null
fi
ninja -C "$build" cmd/pmo bench/yamlfloor >/dev/null
pmo=$build/cmd/pmo
floor=$build/bench/yamlfloor
work=${BENCH_DIR:-/tmp/pmo-bench-validate}
ajvdir=${AJV_DIR:-/tmp/ajv}
py=/usr/bin/python3
$py -c 'import jsonschema, yaml' 2>/dev/null || py=python3
if [ ! -x "$ajvdir/node_modules/.bin/ajv" ]; then
	echo "installing ajv-cli and ajv-formats into $ajvdir …"
	npm install --silent --prefix "$ajvdir" ajv-cli ajv-formats >/dev/null
fi
ajv=$ajvdir/node_modules/.bin/ajv

rm -rf "$work"
mkdir -p "$work/repo"
echo "generating 20,000 risks, 20 projects, 50 people in $work/repo …"
python3 - "$work/repo" <<'EOF'
import os, random, sys
root = sys.argv[1]
rnd = random.Random(7)
def w(path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full) or ".", exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)
w("pmo.yaml", "name: 基准组合\ncurrency: CNY\nrisk:\n  levels:\n    medium: 5\n"
  "    high: 10\n    critical: 15\n  review_days: 30\n")
people = [f"person-{i:02d}" for i in range(50)]
for h in people:
    w(f"people/{h}.yaml", f"handle: {h}\nname: 员工{h[-2:]}\nemail: {h}@bank.example\n"
      "role: member\ndepartment: 项目管理部\ncapacity: 8\nrate: '1200.00'\n")
titles = ["核心数据迁移丢失", "供应商交付延迟", "监管检查不通过", "关键人员离职",
          "Legacy batch jobs fail after cut-over", "测试环境不稳定"]
cats = ["technical", "vendor", "compliance", "people", "financial", "operational"]
for p in range(20):
    key = f"P{p:02d}"
    w(f"projects/{key}/project.yaml",
      f"key: {key}\nname: 项目{key}\nstatus: active\nsponsor: {people[0]}\n"
      f"manager: {people[p]}\nstart: '2026-01-05'\nfinish: '2027-12-31'\n")
    for r in range(1, 1001):
        w(f"projects/{key}/risks/R-{r}.yaml",
          f"id: R-{r}\ntitle: {titles[r % 6]} {r}\ncategory: {cats[r % 6]}\n"
          f"cause: 旧系统数据质量不一致，迁移脚本未覆盖异常场景\n"
          f"effect: 账户余额错误，需要回滚并延迟上线\n"
          f"probability: {rnd.randint(1, 5)}\nimpact: {rnd.randint(1, 3)}\n"
          f"owner: {people[r % 50]}\nstrategy: mitigate\n"
          f"response: 增加两轮全量迁移演练\n"
          f"contingency: 回滚到旧系统并启用双轨运行\n"
          f"status: open\nidentified: '2026-01-05'\nreview: '2027-06-30'\n")
EOF
cd "$work/repo"
git init -q .
git add -A
git -c user.name=bench -c user.email=bench@example.org commit -qm portfolio
files=$(find . -name '*.yaml' -not -path './.git/*' | wc -l)
bytes=$(find . -name '*.yaml' -not -path './.git/*' -exec cat {} + | wc -c)
echo "portfolio: $files files, $bytes bytes"

export PMO_TODAY=2027-01-04 NODE_PATH="$ajvdir/node_modules"
s=$top/schemas
ajv_all="$ajv validate --spec=draft7 --strict=false -c ajv-formats -r $s/calendar.json"
cmd_pmo="$pmo validate"
cmd_pmo1="PMO_THREADS=1 $pmo validate"
cmd_py="$py $top/bench/peer_validate_bench.py $s ."
cmd_ajv="$ajv_all -s $s/risk.json -d 'projects/*/risks/*.yaml' >/dev/null && \
$ajv_all -s $s/person.json -d 'people/*.yaml' >/dev/null && \
$ajv_all -s $s/project.json -d 'projects/*/project.yaml' >/dev/null && \
$ajv_all -s $s/pmo.json -d pmo.yaml >/dev/null"
cmd_floor="$floor ."

# each must accept the portfolio before it is timed
echo "checks:"
$cmd_pmo | tail -1
$cmd_py
sh -c "$cmd_ajv" && echo "ajv: all valid"
$cmd_floor

load0=$(cut -d' ' -f1-3 /proc/loadavg)
hyperfine --warmup 1 --runs "${RUNS:-5}" --export-json "$work/times.json" \
	-n pmo "$cmd_pmo" -n "pmo 1 thread" "$cmd_pmo1" -n python-jsonschema "$cmd_py" -n ajv-cli "$cmd_ajv" -n floor "$cmd_floor"

peak() { # KB of the largest process (ajv: of its four runs)
	/usr/bin/time -f '%M' -o "$work/mem" sh -c "$1" >/dev/null 2>&1 || true
	cat "$work/mem"
}
echo "peak memory (max RSS, KB):"
printf '  %-18s %s\n' pmo "$( /usr/bin/time -f '%M' $cmd_pmo 2>&1 >/dev/null | tail -1 )"
printf '  %-18s %s\n' python-jsonschema "$( /usr/bin/time -f '%M' $cmd_py 2>&1 >/dev/null | tail -1 )"
printf '  %-18s %s\n' ajv-cli "$( peak "$cmd_ajv" )"
printf '  %-18s %s\n' floor "$( /usr/bin/time -f '%M' $cmd_floor 2>&1 >/dev/null | tail -1 )"

load1=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$work/times.json" "$load0" "$load1" <<'EOF'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
med = {k: v["median"] for k, v in r.items()}
print("medians:")
for k, v in med.items():
    print(f"  {k:18s} {v * 1000:8.1f} ms   (user {r[k]['user'] * 1000:.0f} ms, system {r[k]['system'] * 1000:.0f} ms)")
cpu = {k: (v["user"] + v["system"]) * 1000 for k, v in r.items()}
p = med["pmo"]
print(f"side by side: pmo {p * 1000:.1f} ms (user+sys {cpu['pmo']:.0f} ms; one thread "
      f"{med['pmo 1 thread'] * 1000:.1f} ms, {cpu['pmo 1 thread']:.0f} ms), "
      f"python3-jsonschema {med['python-jsonschema'] * 1000:.1f} ms ({cpu['python-jsonschema']:.0f} ms), "
      f"libyaml's bare parse {med['floor'] * 1000:.1f} ms ({cpu['floor']:.0f} ms)   target pmo < 130 ms")
print(f"load average (1, 5, 15 min): {sys.argv[2]} before the runs, {sys.argv[3]} after")
print("ratios (median):")
print(f"  python / pmo   {med['python-jsonschema'] / p:6.2f}×   target ≥ 10")
print(f"  ajv / pmo      {med['ajv-cli'] / p:6.2f}×   target ≥ 3")
print(f"  pmo / floor    {p / med['floor']:6.2f}×   target ≤ 1.5")
print(f"  1 thread / pmo {med['pmo 1 thread'] / p:6.2f}×   (what the other cores save)")
EOF
