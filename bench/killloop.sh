#!/bin/sh
# kill -9 loop: `pmo risk add` and `pmo task add` on a 2,000-task plan, each
# killed at a random moment of its run, KILLS times (default 300). After
# every kill:
#   - git fsck --strict is clean (dangling objects are allowed: a commit
#     killed before its branch moved leaves some, as git's own does);
#   - every YAML file of the tree parses (libyaml's own parser, through
#     bench/yamlfloor, not pmo's reader);
#   - pmo validate is clean;
#   - the next command (the same verb, not killed) works, or names the
#     exact repair ("repair with: …", or git's "commit or stash" for a file
#     written and not committed), which the loop applies before trying again.
# Prints what a kill left behind (the states), how often, and the time.
# Exit 1 on the first broken rule, with the repository kept for a look.
#
#   bench/killloop.sh [KILLS]
#
# Builds an optimised, unsanitised copy in build-rel.
set -eu
cd "$(dirname "$0")/.."
SRC=$(pwd)
KILLS=${1:-300}
BUILD=${BUILD:-$SRC/build-rel}
OUT=${OUT:-$SRC/bench/out/killloop}
if [ ! -d "$BUILD" ]; then
	meson setup "$BUILD" -Dbuildtype=release -Db_ndebug=true >/dev/null
fi
ninja -C "$BUILD" bench/genplan bench/yamlfloor cmd/pmo >/dev/null
PMO=$BUILD/cmd/pmo
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org GIT_COMMITTER_NAME=bench \
	GIT_COMMITTER_EMAIL=bench@example.org GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1 LC_ALL=C.UTF-8
rm -rf "$OUT" && mkdir -p "$OUT"
R=$OUT/repo
mkdir -p "$R/projects/BM"
cd "$R"
git init -q .
"$PMO" init --name bench --currency CNY >/dev/null
printf "key: BM\nname: bench\nstatus: active\nstart: '2026-01-05'\n" >projects/BM/project.yaml
"$BUILD/bench/genplan" 2000 1 >projects/BM/plan.yaml
git add -A && git commit -q -m "plan of 2,000 tasks"
"$PMO" validate >/dev/null

cmd_for() { # 0: risk add, 1: task add
	if [ "$1" = 0 ]; then
		echo "$PMO -p BM risk add 数据迁移风险 probability=3 impact=4"
	else
		echo "$PMO -p BM task add 回归测试 duration=3"
	fi
}

# how long each command takes, so that kills fall all over its run
t0=$(date +%s%N)
$(cmd_for 0) >/dev/null
t1=$(date +%s%N)
$(cmd_for 1) >/dev/null
t2=$(date +%s%N)
us0=$(((t1 - t0) / 1000))
us1=$(((t2 - t1) / 1000))
echo "risk add $((us0 / 1000)) ms, task add $((us1 / 1000)) ms (one run each); $KILLS kills"

STATES=$OUT/states
: >"$STATES"
fail() {
	echo "killloop: kill $i: $*" >&2
	echo "repository kept in $R" >&2
	exit 1
}

# What the kill left behind, one word each, for the tally.
state() {
	s=""
	[ -e .git/index.lock ] && s="$s index.lock"
	ls .git/index.pmo-* >/dev/null 2>&1 && s="$s index.pmo"
	ls .git/refs/heads/*.lock >/dev/null 2>&1 && s="$s branch.lock"
	find projects -name '.*.pmo-*' | grep -q . && s="$s temp-file"
	[ "$(git rev-parse HEAD)" != "$head" ] && s="$s committed"
	git status --porcelain -uall -- projects | grep -v '/\.[^/]*\.pmo-[A-Za-z0-9]*$' |
		grep -q '^.[M?]' && s="$s file-written"
	git diff --cached --quiet HEAD -- 2>/dev/null || s="$s index-behind"
	echo "${s:- nothing}"
}

start=$(date +%s)
i=0
while [ "$i" -lt "$KILLS" ]; do
	i=$((i + 1))
	v=$((i % 2))
	if [ "$v" = 0 ]; then us=$us0; else us=$us1; fi
	# a random moment within 1.2 times the command's run
	delay=$(awk -v s="$i" -v us="$us" 'BEGIN { srand(s); printf "%.6f", rand() * us * 1.2 / 1e6 }')
	head=$(git rev-parse HEAD)
	$(cmd_for "$v") >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	st=$(state)
	echo "$st" >>"$STATES"

	fsck=$(git fsck --strict --no-dangling 2>&1) || fail "git fsck: $fsck"
	[ -z "$fsck" ] || fail "git fsck: $fsck"
	yf=$("$BUILD/bench/yamlfloor" .) || fail "yamlfloor: $yf"
	case "$yf" in *", 0 errors") ;; *) fail "a YAML file does not parse: $yf" ;; esac
	"$PMO" validate >/dev/null 2>"$OUT/validate.err" || fail "pmo validate: $(cat "$OUT/validate.err")"

	# the next command works, or names its repair
	tries=0
	while :; do
		if $(cmd_for "$v") >/dev/null 2>"$OUT/next.err"; then
			break
		fi
		tries=$((tries + 1))
		[ "$tries" -le 2 ] || fail "still failing after the repair: $(cat "$OUT/next.err")"
		err=$(cat "$OUT/next.err")
		case "$err" in
		*"repair with: "*)
			repair=${err##*repair with: }
			echo "repair: $repair" >>"$OUT/repairs"
			sh -c "$repair" || fail "the repair failed: $repair"
			;;
		*"has uncommitted changes; commit or stash them first"*)
			# a file written and killed before its commit: to git, an
			# edit like any other; stash it as the message says
			echo "repair: git stash (uncommitted: ${err#pmo: error: })" >>"$OUT/repairs"
			git stash -q -u && git stash drop -q
			;;
		*)
			fail "no repair named: $err"
			;;
		esac
	done
	left=$(git status --porcelain)
	case "$left" in
	"") ;;
	"?? projects/BM/risks/R-"*".yaml")
		# an add killed after writing its new record and before the
		# commit: the next add took the next ID; the file stays as an
		# untracked, valid record, as any file git does not know
		echo "untracked record left: ${left#?? }" >>"$OUT/repairs"
		git stash -q -u && git stash drop -q
		;;
	*) fail "not clean after the next command: $left" ;;
	esac
	ls .git/index.pmo-* >/dev/null 2>&1 && fail "a temporary index is left"
	find projects -name '.*.pmo-*' | grep -q . && fail "a temporary file is left after the next command"
	[ -e .git/index.lock ] && fail "index.lock is left after the next command"
done
end=$(date +%s)
git fsck --strict >/dev/null 2>&1 || fail "final git fsck"
echo "kills: $KILLS in $((end - start)) s ($(awk -v s=$((end - start)) 'BEGIN { printf "%.1f", s / 60 }') min; load average $(cut -d' ' -f1-3 /proc/loadavg))"
times
echo "states left by a kill (count, what was on disk):"
sort "$STATES" | uniq -c | sort -rn
echo "repairs named by the next command and applied:"
if [ -f "$OUT/repairs" ]; then sed 's/[0-9a-f]\{7\} "/<id> "/; s/index.pmo-[0-9]*/index.pmo-PID/g' "$OUT/repairs" | sed 's/ -- .*/ -- PATH/' | sort | uniq -c | sort -rn; else echo "  none"; fi
echo "commits: $(git rev-list --count HEAD); tasks in plan: $(grep -c '^  - id: T-' projects/BM/plan.yaml || true)"
