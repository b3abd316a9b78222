#!/bin/sh
# Benchmark of `pmo load` (not a test: it prints figures and never fails on
# a timing).
#
#   sh bench/load.sh [BUILD_DIR]     (default build-release, made if missing)
#
# bench/genload.py writes 50 projects of 1,000 tasks each (ten streams of
# chains, one to three assignees a leaf) and 200 people, one commit; then
# hyperfine's medians of the whole command over a quarter (13 weeks): the
# table, --format json, --by day --format csv, and one person; and of
# pmo validate, which now schedules every plan a second time for the
# over-allocation rule. Target: pmo load for a quarter < 300 ms.
set -eu
cd "$(dirname "$0")/.."
BUILD=${1:-build-release}
[ -x "$BUILD/cmd/pmo" ] || meson setup "$BUILD" --buildtype=release -Dtests=false >/dev/null
ninja -C "$BUILD" cmd/pmo >/dev/null
pmo=$(cd "$BUILD" && pwd)/cmd/pmo
gen=$(pwd)/bench/genload.py
work=${BENCH_DIR:-/tmp/pmo-bench-load}
rm -rf "$work" && mkdir -p "$work"
export PMO_TODAY=2027-03-01
echo "generating 50 projects × 1,000 tasks, 200 people in $work/repo …"
python3 "$gen" "$work/repo" --projects 50 --tasks 1000 --people 200
cd "$work/repo"
git gc -q
echo "repository: $(git ls-files | wc -l) files, $(du -sh .git | cut -f1) in .git"
"$pmo" load --format json >"$work/load.json"
python3 - "$work/load.json" <<'EOS'
import json, sys
d = json.load(open(sys.argv[1]))
people = d["people"]
over = sum(1 for p in people if p["over_days"])
print(f"window {d['from']} .. {d['to']}: {len(people)} people, {over} over-allocated, "
      f"{sum(len(p['over']) for p in people)} stretches")
EOS
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine --warmup 1 --runs 10 -N --export-json "$work/load-times.json" \
	-n "pmo load" "$pmo load" \
	-n "pmo load --format json" "$pmo load --format json" \
	-n "pmo load --by day --format csv" "$pmo load --by day --format csv" \
	-n "pmo load person=p001" "$pmo load person=p001" >/dev/null
hyperfine --warmup 1 --runs 3 -N -i --export-json "$work/validate-times.json" \
	-n "pmo validate" "$pmo validate" >/dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/load-times.json" "$work/validate-times.json" <<'EOS'
import json, sys
for f in sys.argv[1:]:
    for r in json.load(open(f))["results"]:
        target = "   (target < 300 ms)" if r["command"].startswith("pmo load") else ""
        print(f"median {r['command']:<32}: {r['median'] * 1000:8.1f} ms{target}")
EOS
