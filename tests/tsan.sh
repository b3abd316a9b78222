#!/bin/sh
# The commands that read records on several threads (validate, list, due,
# status, search, and evm's plan beside its budget) under ThreadSanitizer: no data race, no report of any
# kind. A build with -Db_sanitize=thread (build-tsan/, pmo only) runs them
# on the examples grown to several hundred records, on four threads
# (PMO_THREADS) whatever the machine has.
#   sh tests/tsan.sh [BUILD_DIR]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build-tsan}
if [ ! -d "$build" ]; then
	meson setup "$build" "$top" -Db_sanitize=thread -Dtests=false -Dman=disabled >/dev/null
fi
ninja -C "$build" cmd/pmo >/dev/null
work=$(mktemp -d /tmp/pmo-tsan-XXXXXX)
trap 'rm -rf "$work"' EXIT
export HOME="$work" XDG_CONFIG_HOME="$work" GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1 LC_ALL=C.UTF-8
export PMO_TODAY=2027-01-04 PMO_THREADS=4
# a report fails the run at once, with its own exit code
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 report_signal_unsafe=0"

# the examples, and 300 risks more in each project (one of them broken, so
# that a finding is made on a reader thread too)
cp -R "$top/examples" "$work/repo"
cd "$work/repo"
for p in CBM MOB; do
	i=1000
	while [ $i -lt 1300 ]; do
		printf 'id: R-%s\ntitle: 供应商交付延迟 %s\nprobability: %s\nimpact: %s\nowner: wang-li\nstatus: open\nidentified: 2026-12-01\nreview: 2027-0%s-15\n' \
			$i $i $((i % 5 + 1)) $((i % 3 + 1)) $((i % 9 + 1)) >"projects/$p/risks/R-$i.yaml"
		i=$((i + 1))
	done
done
printf 'id: R-1299\ntitle: [unclosed\n' >projects/MOB/risks/R-1299.yaml
git init -q .
git add -A
git -c user.name=tsan -c user.email=tsan@example.org commit -qm examples

check() {
	rc=0
	"$build/cmd/pmo" "$@" >/dev/null 2>"$work/err" || rc=$?
	if [ "$rc" = 66 ] || grep -q 'ThreadSanitizer' "$work/err"; then
		echo "ThreadSanitizer found a problem in: pmo $*" >&2
		cat "$work/err" >&2
		exit 1
	fi
	echo "ok ($rc): pmo $*"
}
check validate
check validate --format json
check risk list
check risk list --format json
check -p CBM risk list
check vendor list
check due --within 400d
check status
check status --as-of 2026-12-01
check -p CBM evm
check search 供应商
