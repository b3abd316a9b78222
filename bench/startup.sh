#!/bin/sh
# Benchmark of pmo's start-up (not a test: it prints figures and never
# fails on a timing).
#
#   sh bench/startup.sh [BUILD_DIR [PMO_TO_COMPARE]]   (default build-release, made if missing)
#
# Side by side in one hyperfine run, on the examples/ tree: `pmo --version`
# against `git --version`, and `pmo risk show CBM/R-1` against `git show
# HEAD:PATH` of the same file; a second pmo binary, when given, runs in the
# same run (before/after). Target: each <= 1.5x git's. Then the
# instructions of each (valgrind, when installed), which the machine's load
# does not change.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build-release}
other=${2:-}
if [ ! -x "$build/cmd/pmo" ]; then
	meson setup "$build" "$top" --buildtype=release -Dtests=false >/dev/null
fi
ninja -C "$build" cmd/pmo >/dev/null
pmo=$(cd "$build" && pwd)/cmd/pmo
work=${BENCH_DIR:-/tmp/pmo-bench-startup}
rm -rf "$work"
mkdir -p "$work"
cp -R "$top/examples" "$work/repo"
cd "$work/repo"
git init -q -b main .
git add -A
git -c user.name=王丽 -c user.email=wang.li@bank.example commit -q -m "pmo: the examples"
path=projects/CBM/risks/R-1.yaml

set -- -n "git --version" "git --version" -n "pmo --version" "$pmo --version" \
	-n "git show HEAD:PATH" "git show HEAD:$path" -n "pmo risk show" "$pmo risk show CBM/R-1"
if [ -n "$other" ]; then
	set -- "$@" -n "other pmo --version" "$other --version" -n "other pmo risk show" "$other risk show CBM/R-1"
	"$pmo" risk show CBM/R-1 > "$work/show.new"
	"$other" risk show CBM/R-1 > "$work/show.old"
	cmp "$work/show.new" "$work/show.old" && echo "risk show: the same bytes from both binaries"
fi
hyperfine --warmup 20 --runs 300 -N --export-json "$work/startup.json" "$@" >/dev/null

python3 - "$work/startup.json" <<'EOS'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
for pmo, git in (("pmo --version", "git --version"), ("pmo risk show", "git show HEAD:PATH")):
    print(f"median {git:<20}: {r[git]*1000:6.2f} ms")
    for who in ("", "other "):
        if who + pmo in r:
            p = r[who + pmo]
            print(f"median {who + pmo:<20}: {p*1000:6.2f} ms   ratio {p/r[git]:.2f}x (target <= 1.50)")
EOS
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if command -v valgrind >/dev/null; then
	for c in "git --version" "$pmo --version" "git show HEAD:$path" "$pmo risk show CBM/R-1"; do
		n=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null $c 2>&1 >/dev/null |
			sed -n 's/.*refs: *//p')
		echo "instructions: $n  $c"
	done
fi
