#!/bin/sh
# The rules of pmo's house (docs/architecture.md), checked on the sources:
#   1. cmd/ uses lib/, never the reverse: no lib/ file includes a cmd/ header;
#   2. libgit2 lives behind lib/repo: <git2.h> and git_* calls appear only in
#      lib/repo/ (and tests/test_repo.c, which tests it);
#   3. lib/ prints nothing and never exits: no printf, puts, perror, exit;
#   4. the folders of lib/ include each other without a cycle.
# Prints each breach as FILE:LINE: what, and exits 1 when there is one.
set -eu
cd "${1:-$(dirname "$0")/..}"
fail=0
breach() { echo "$1"; fail=1; }

for h in cmd/*.h; do
	name=${h#cmd/}
	grep -rn "#include \"$name\"" lib >/tmp/pmo-layers.$$ 2>/dev/null || true
	while IFS= read -r l; do
		if [ -n "$l" ]; then breach "$l: lib/ includes cmd/$name"; fi
	done </tmp/pmo-layers.$$
done

grep -rnE '#include <git2(\.h|/)' cmd lib fuzz bench tests 2>/dev/null |
	grep -vE '^(lib/repo/|tests/test_repo\.c:)' >/tmp/pmo-layers.$$ || true
while IFS= read -r l; do
	if [ -n "$l" ]; then breach "$l: <git2.h> outside lib/repo"; fi
done </tmp/pmo-layers.$$

grep -rnE '(^|[^a-z_.>])git_[a-z0-9_]+ *\(' --include='*.c' --include='*.h' cmd lib fuzz bench 2>/dev/null |
	grep -vE '^lib/repo/' | grep -vE ':[0-9]+:\s*(/?\*|//)' >/tmp/pmo-layers.$$ || true
while IFS= read -r l; do
	if [ -n "$l" ]; then breach "$l: a libgit2 call outside lib/repo"; fi
done </tmp/pmo-layers.$$

grep -rnE '(^|[^a-z_])(printf|puts|putchar|perror|exit|fputs) *\(|fprintf *\( *(stdout|stderr)' \
	--include='*.c' lib 2>/dev/null | grep -vE ':[0-9]+:\s*(/?\*|//)' >/tmp/pmo-layers.$$ || true
while IFS= read -r l; do
	if [ -n "$l" ]; then breach "$l: lib/ prints or exits (only cmd/ does)"; fi
done </tmp/pmo-layers.$$

# folder → folder edges of lib/, then a topological sort: tsort names a loop
for d in lib/*/; do
	d=${d#lib/}
	d=${d%/}
	grep -rhoE '#include "[a-z]+/' "lib/$d" 2>/dev/null | sed 's/#include "//; s/\///' | sort -u |
		while read -r to; do
			if [ -d "lib/$to" ] && [ "$to" != "$d" ]; then echo "$to $d"; fi
		done
	echo "$d $d"
done >/tmp/pmo-layers.$$
if ! tsort /tmp/pmo-layers.$$ >/dev/null 2>/tmp/pmo-layers-err.$$; then
	breach "lib/: the folders include each other in a cycle: $(tr '\n' ' ' </tmp/pmo-layers-err.$$)"
fi
rm -f /tmp/pmo-layers.$$ /tmp/pmo-layers-err.$$
[ "$fail" = 1 ] || echo "layers: cmd → lib only; libgit2 only in lib/repo; lib/ prints nothing; no cycle in lib/"
exit "$fail"
