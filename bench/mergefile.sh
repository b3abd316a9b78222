#!/bin/sh
# Benchmark of pmo's merge driver (not a test: it prints figures and never
# fails on a timing).
#
#   sh bench/mergefile.sh [BUILD_DIR]     (default build-release, made if missing)
#
# Two sides of a 20,000-task plan (bench/genplan), each with 500 changes
# (bench/mergegen.py: 400 fields of existing tasks, 100 new tasks whose IDs
# both sides take, so theirs's are renumbered), merged by `pmo merge-file`
# as git runs it: the result written over ours's file, restored before each
# run. Target: median < 300 ms. Also `git merge-file` (lines, no meaning)
# on the same files for scale.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build-release}
if [ ! -x "$build/cmd/pmo" ]; then
	meson setup "$build" "$top" --buildtype=release -Dtests=false >/dev/null
fi
ninja -C "$build" cmd/pmo bench/genplan >/dev/null
pmo=$build/cmd/pmo
work=${BENCH_DIR:-/tmp/pmo-bench-mergefile}
rm -rf "$work"
mkdir -p "$work"
"$build/bench/genplan" 20000 1 >"$work/base.yaml"
python3 "$top/bench/mergegen.py" "$work/base.yaml" "$work/ours.yaml" "$work/theirs.yaml" 500
echo "plan: $(grep -c '^  - id: ' "$work/base.yaml") tasks, $(wc -c <"$work/base.yaml") bytes; 500 changes a side"

# one run, to show what it does
cp "$work/ours.yaml" "$work/result.yaml"
"$pmo" merge-file "$work/base.yaml" "$work/result.yaml" "$work/theirs.yaml" projects/BM/plan.yaml \
	2>"$work/stderr" || echo "warning: the merge has conflicts" >&2
echo "merged: $(grep -c '^  - id: ' "$work/result.yaml") tasks, $(wc -l <"$work/stderr") IDs renumbered"

hyperfine --warmup 3 --runs 30 -N --export-json "$work/merge.json" \
	--prepare "cp $work/ours.yaml $work/result.yaml" \
	-n "pmo merge-file" "$pmo merge-file $work/base.yaml $work/result.yaml $work/theirs.yaml projects/BM/plan.yaml" \
	-n "git merge-file" "git merge-file -q $work/result.yaml $work/base.yaml $work/theirs.yaml" \
	-i >/dev/null

python3 - "$work/merge.json" <<'EOS'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("%-16s median %7.1f ms  (min %.1f, max %.1f, %d runs)" % (
        r["command"], r["median"] * 1000, r["min"] * 1000, r["max"] * 1000, len(r["times"])))
EOS
# on a shared machine the wall time says more about the others' load than
# about pmo: the processor time of pmo merge-file (user + system), median
if [ -x /usr/bin/time ]; then
	for i in $(seq 15); do
		cp "$work/ours.yaml" "$work/result.yaml"
		/usr/bin/time -f '%U %S' -a -o "$work/cpu" "$pmo" merge-file "$work/base.yaml" \
			"$work/result.yaml" "$work/theirs.yaml" projects/BM/plan.yaml 2>/dev/null || true
	done
	awk '{ print ($1 + $2) * 1000 }' "$work/cpu" | sort -n |
		awk '{ v[NR] = $1 } END { printf "pmo merge-file   processor time median %.0f ms (%d runs)\n", v[int((NR + 1) / 2)], NR }'
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
