#!/bin/sh
# Scheduling benchmark: `pmo schedule` (the whole command on a generated
# repository: open it, read pmo.yaml, project.yaml and plan.yaml, schedule,
# write the CSV) against TaskJuggler (tj3) on the same plans exported by
# pmo, side by side; then pmo on large plans beside the floor, libyaml's
# bare event parse of the same plan.yaml (bench/yamlfloor: no tree, nothing
# kept). bench/plan-bench gives the phases (load, schedule) and the export.
# Prints medians, ratios and peak memory (the median of three runs for
# the large plans). Never fails on a timing.
#
#   bench/schedule.sh            # from the source root
#   SKIP_TJ3_20K=1 bench/schedule.sh   # leave out tj3 at 20,000 tasks (minutes)
#
# Builds an optimised, unsanitised copy in build-plan-bench.
set -eu
cd "$(dirname "$0")/.."
SRC=$(pwd)
BUILD=${BUILD:-$SRC/build-plan-bench}
OUT=${OUT:-$SRC/bench/out/schedule}
mkdir -p "$OUT"
if [ ! -d "$BUILD" ]; then
	meson setup "$BUILD" -Dbuildtype=release -Db_ndebug=true >/dev/null
fi
ninja -C "$BUILD" bench/genplan bench/plan-bench bench/yamlfloor cmd/pmo >/dev/null
GEN=$BUILD/bench/genplan
PB=$BUILD/bench/plan-bench
FLOOR=$BUILD/bench/yamlfloor
PMO=$BUILD/cmd/pmo
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org GIT_COMMITTER_NAME=bench \
	GIT_COMMITTER_EMAIL=bench@example.org GIT_CONFIG_NOSYSTEM=1
have() { command -v "$1" >/dev/null 2>&1; }

cat >"$OUT/pmo.yaml" <<'YAML'
name: bench
calendar:
  holidays:
    - {date: 2026-01-01, until: 2026-01-03, name: 元旦}
    - {date: 2026-02-15, until: 2026-02-23, name: 春节}
    - {date: 2026-04-04, until: 2026-04-06, name: 清明节}
    - {date: 2026-05-01, until: 2026-05-05, name: 劳动节}
    - {date: 2026-06-19, until: 2026-06-21, name: 端午节}
    - {date: 2026-09-25, until: 2026-09-27, name: 中秋节}
    - {date: 2026-10-01, until: 2026-10-07, name: 国庆节}
  workdays: [2026-01-04, 2026-02-14, 2026-02-28, 2026-05-09, 2026-09-20, 2026-10-10]
YAML

# A pmo repository $OUT/repo-N holding project BM with plan-N.yaml as its
# plan, on the calendar above; prints its path. pmo validate must pass on it
# (a warning on stderr otherwise).
mkrepo() {
	r=$OUT/repo-$1
	rm -rf "$r" && mkdir -p "$r/projects/BM"
	(cd "$r" && git init -q . && "$PMO" init --name bench --currency CNY >/dev/null)
	sed -n '/^calendar:/,$p' "$OUT/pmo.yaml" >>"$r/pmo.yaml"
	printf "key: BM\nname: bench\nstatus: active\nstart: '2026-01-05'\n" >"$r/projects/BM/project.yaml"
	cp "$OUT/plan-$1.yaml" "$r/projects/BM/plan.yaml"
	"$PMO" -C "$r" validate >/dev/null 2>&1 || echo "warning: pmo validate refuses $r" >&2
	echo "$r"
}

# median seconds of a hyperfine CSV export (one command)
median() { awk -F, 'NR == 2 { print $4 }' "$1"; }
# its mean user + system CPU seconds (the machine may be shared: wall time
# grows with the load, CPU time much less)
cpu() { awk -F, 'NR == 2 { print $5 + $6 }' "$1" 2>/dev/null || echo "?"; }
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?"; }
echo "load average $(load) on $(nproc 2>/dev/null || echo ?) cores"

# peak resident memory in MiB: of one run, or the median of $peakruns
peak() {
	if [ -x /usr/bin/time ]; then
		: >"$OUT/rss.all"
		i=0
		while [ "$i" -lt "${peakruns:-1}" ]; do
			/usr/bin/time -f %M -o "$OUT/rss" "$@" >/dev/null 2>&1 || true
			cat "$OUT/rss" >>"$OUT/rss.all"
			i=$((i + 1))
		done
		sort -n "$OUT/rss.all" | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1024 }'
	else
		echo "?"
	fi
}
timeit() { # name runs command... (warmup: runs before the timed ones, default 1)
	name=$1 runs=$2
	shift 2
	if have hyperfine; then
		hyperfine -N --style none --warmup "${warmup:-1}" --runs "$runs" --export-csv "$OUT/$name.csv" \
			"$*" >/dev/null 2>&1 || { echo "?"; return; }
		median "$OUT/$name.csv"
	else
		s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N)
		echo "$s $e" | awk '{ printf "%.6f", $2 - $1 }'
	fi
}
ms() { awk -v s="$1" 'BEGIN { if (s == "?") print "?"; else printf "%.1f", s * 1000 }'; }

printf '%-9s %12s %12s %10s %11s %11s  %s\n' tasks "pmo (ms)" "tj3 (ms)" "tj3/pmo" "pmo MiB" "tj3 MiB" "pmo phases"
for n in 1000 5000 20000; do
	"$GEN" "$n" 1 >"$OUT/plan-$n.yaml"
	phases=$("$PB" -c "$OUT/pmo.yaml" "$OUT/plan-$n.yaml" 2>&1 | sed 's/.*; //')
	repo=$(mkrepo "$n")
	"$PMO" -C "$repo" -p BM export --format tjp >"$OUT/plan-$n.tjp"
	p=$(timeit "pmo-$n" 20 "$PMO" -C "$repo" -p BM schedule --as-of none --format csv)
	pm=$(peak "$PMO" -C "$repo" -p BM schedule --as-of none --format csv)
	t="?" tm="?"
	if have tj3 && ! { [ "$n" = 20000 ] && [ -n "${SKIP_TJ3_20K:-}" ]; }; then
		runs=3
		[ "$n" -ge 5000 ] && runs=1
		(cd "$OUT" && t=$(timeit "tj3-$n" $runs tj3 --silent --no-reports "plan-$n.tjp") && echo "$t" >"tj3-$n.median")
		t=$(cat "$OUT/tj3-$n.median" 2>/dev/null || echo "?")
		tm=$(cd "$OUT" && peak tj3 --silent --no-reports "plan-$n.tjp")
	fi
	ratio=$(awk -v p="$p" -v t="$t" 'BEGIN { if (p == "?" || t == "?" || p == 0) print "?"; else printf "%.0fx", t / p }')
	printf '%-9s %12s %12s %10s %11s %11s  %s\n' "$n" "$(ms "$p")" "$(ms "$t")" "$ratio" "$pm" "$tm" "$phases"
done
echo
printf '%-9s %12s %13s %16s %10s %11s %15s  %s\n' tasks "pmo (ms)" "pmo CPU (ms)" "libyaml (ms)" "pmo/floor" "pmo MiB" "libyaml MiB" "pmo phases"
for n in 100000 1000000; do
	"$GEN" "$n" 1 >"$OUT/plan-$n.yaml"
	phases=$("$PB" -c "$OUT/pmo.yaml" "$OUT/plan-$n.yaml" 2>&1 | sed 's/.*; //')
	repo=$(mkrepo "$n")
	runs=5 warmup=1 peakruns=1
	[ "$n" = 1000000 ] && runs=3 warmup=0 peakruns=3 # seconds a run
	p=$(timeit "pmo-$n" $runs "$PMO" -C "$repo" -p BM schedule --as-of none --format csv)
	pm=$(peak "$PMO" -C "$repo" -p BM schedule --as-of none --format csv)
	# the floor: libyaml's events over the project's files (plan.yaml and
	# the few lines of project.yaml), nothing built
	y=$(timeit "floor-$n" $runs "$FLOOR" "$repo/projects/BM")
	ym=$(peak "$FLOOR" "$repo/projects/BM")
	ratio=$(awk -v p="$p" -v y="$y" 'BEGIN { if (p == "?" || y == "?" || y == 0) print "?"; else printf "%.2fx", p / y }')
	c=$( [ "$p" = "?" ] && echo "?" || cpu "$OUT/pmo-$n.csv")
	printf '%-9s %12s %13s %16s %10s %11s %15s  %s\n' "$n" "$(ms "$p")" "$(ms "$c")" "$(ms "$y")" "$ratio" "$pm" "$ym" "$phases"
done
peakruns=1
echo "load average $(load) at the end; pmo CPU: user + sys, the mean of the timed runs"
echo "pmo reads a plain plan.yaml straight into the plan (lib/plan/read.c), without a YAML tree;"
echo "a finding, or YAML it does not take, reads it through the tree as before."

echo "1,000,000 tasks are a $(($(wc -c <"$OUT/plan-1000000.yaml") / 1048576)) MiB plan.yaml: plan.yaml may be up to 256 MiB (other files 16 MiB)."
echo "pmo: pmo schedule --format csv (whole process); tj3: tj3 --no-reports on pmo export --format tjp;"
echo "libyaml: bench/yamlfloor, libyaml's bare event parse of the project's files (no tree: the floor)."
echo "plans: bench/genplan N 1 (10 tasks per summary, 0-3 dependencies, 1 in 50 a milestone),"
echo "       2026 Chinese calendar; files in $OUT"
