#!/bin/sh
# Function-call cycles between the source files of lib/: a file may call
# into another only if that one never calls back, directly or through
# others (issue 9). Read from the object files, so it sees the calls the
# compiler kept: every symbol an object leaves undefined is one that some
# other object of lib/ defines (a call, or a use of its data).
#
#   sh tests/callcycles.sh lib/libpmo_util.a lib/libpmo_yaml.a …
#
# With no arguments it reads build-test/lib/libpmo_*.a. Prints each cycle's
# files and the symbols that tie them, and fails when there is one.
set -eu
if [ $# -eq 0 ]; then
	set -- "$(dirname "$0")"/../build-test/lib/libpmo_*.a
fi
for a in "$@"; do
	[ -f "$a" ] || { echo "callcycles: no library $a (build first)" >&2; exit 2; }
done
NM=${NM:-nm}
# "archive:member.o: value type name" or "archive:member.o: U name";
# the member (model_record.c.o) names the file (model/record.c)
"$NM" -A -g "$@" | awk '
function file_of(s,   m) {
	m = s
	sub(/:[^:]*$/, "", m)      # drop ": value type name"
	sub(/^.*:/, "", m)         # drop the archive
	sub(/^.*\//, "", m)        # a thin archive names members by path
	sub(/\.o$/, "", m)
	sub(/_/, "/", m)           # model_record.c -> model/record.c
	return "lib/" m
}
NF >= 2 {
	f = file_of($0)
	type = $(NF - 1); sym = $NF
	if (type == "U") { uses[f, sym] = 1; used[f] = 1 }
	else if (type ~ /^[TDBRVWCG]$/) def[sym] = f
	files[f] = 1
}
END {
	n = 0
	for (f in files) names[++n] = f
	for (k in uses) {
		split(k, p, SUBSEP)
		g = def[p[2]]
		if (g == "" || g == p[1]) continue
		edge[p[1], g] = 1
		if (!((p[1], g) in why)) why[p[1], g] = p[2]
		reach[p[1], g] = 1
	}
	# transitive closure (a few dozen files)
	for (k = 1; k <= n; k++) for (i = 1; i <= n; i++) {
		if (!((names[i], names[k]) in reach)) continue
		for (j = 1; j <= n; j++)
			if ((names[k], names[j]) in reach) reach[names[i], names[j]] = 1
	}
	bad = 0
	for (i = 1; i <= n; i++) {
		a = names[i]
		if (a in done || !((a, a) in reach)) continue
		line = a; done[a] = 1
		for (j = 1; j <= n; j++) {
			b = names[j]
			if (b != a && ((a, b) in reach) && ((b, a) in reach)) { line = line " " b; done[b] = 1 }
		}
		print "call cycle between files: " line
		m = split(line, cyc, " ")
		for (x = 1; x <= m; x++) for (y = 1; y <= m; y++)
			if ((cyc[x], cyc[y]) in edge)
				print "  " cyc[x] " -> " cyc[y] " (" why[cyc[x], cyc[y]] ")"
		bad = 1
	}
	exit bad
}'
