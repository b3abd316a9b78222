#!/bin/sh
# Every documented mutating command on a fresh repository, with comments
# added by hand between the steps: after each command (and after each round
# of comments) every file must pass `pmo fmt --check`, and every comment
# added so far must still be in the tree. Run by test_e2e_fmt.c in an empty
# folder, with pmo on PATH; prints the failing step and exits 1.
set -u
n=0
git init -q . || exit 1
seen=.git/pmo-test-comments
: > "$seen"

fail() {
	echo "$1"
	shift
	for f in "$@"; do [ -f "$f" ] && cat "$f"; done
	exit 1
}

check() {
	pmo fmt --check > .git/fmt.out 2> .git/fmt.err ||
		fail "not canonical after: $1" .git/fmt.out .git/fmt.err
	git grep -h -o -e '# c[0-9]*-[0-9]*-[a-z]*' -- '*.yaml' | sort -u > .git/found
	sort -u "$seen" | comm -23 - .git/found > .git/lost
	[ -s .git/lost ] && fail "comments lost after: $1" .git/lost
	[ -z "$(git status --porcelain)" ] || { git status --porcelain; fail "tree not clean after: $1"; }
}

# Hand comments where a person would put them: a line above the last
# top-level key, a comment after the first top-level value, a line above
# the last task of a plan, a line at the end.
comment() {
	n=$((n + 1))
	k=0
	for f in $(git ls-files '*.yaml'); do
		k=$((k + 1))
		awk -v n="$n-$k" '
			{ line[NR] = $0 }
			/^[A-Za-z_][A-Za-z0-9_-]*:/ { last = NR; if (!first && index($0, "#") == 0) first = NR }
			/^  - / { item = NR }
			END {
				for (i = 1; i <= NR; i++) {
					if (i == last) print "# c" n "-above"
					if (i == item && FILENAME ~ /plan.yaml$/) print "  # c" n "-task"
					if (i == first) print line[i] " # c" n "-after"; else print line[i]
				}
				print "# c" n "-end"
			}' "$f" > .git/tmp.yaml && cat .git/tmp.yaml > "$f"
		grep -o "# c$n-$k-[a-z]*" "$f" >> "$seen"
	done
	git commit -qam "comments $n" || fail "cannot commit comments $n"
	check "comments $n"
}

step() {
	"$@" > .git/step.out 2> .git/step.err || fail "failed: $*" .git/step.out .git/step.err
	check "$*"
	comment
}

# the editor of `pmo risk edit`: a new title, a comment, a tag
cat > .git/editor.sh <<'ED'
#!/bin/sh
sed -i -e 's/^title: [^#]*/title: "数据迁移丢失"   /' "$1"
printf '# typed in the editor\ntags: [迁移]\n' >> "$1"
ED
chmod +x .git/editor.sh

step pmo init --name 测试组合 --currency CNY
step pmo person add wang-li name=王丽 role=pm email=wang.li@bank.example
step pmo person add zhao-min name=赵敏 role=sponsor email=zhao.min@bank.example
step pmo person set wang-li email=li.wang@bank.example capacity=8
step pmo project add CBM name=核心银行系统迁移 sponsor=zhao-min manager=wang-li start=2027-01-04
step pmo project set CBM status=active description=核心系统
step pmo -p CBM risk add 核心数据迁移丢失 probability=4 impact=5 owner=wang-li
step pmo risk set CBM/R-1 impact=3 strategy=mitigate contingency=回滚
step pmo -p CBM task add 需求 duration=5 assignees=wang-li
step pmo -p CBM task add 设计 duration=3 depends=T-1
step pmo -p CBM task set T-2 progress=10 notes=评审中
step pmo -p CBM task set T-1 effort=40 duration=6
step pmo -p CBM milestone add 设计完成 depends=T-2
step pmo -p CBM task set T-3 finish_no_later_than=2027-03-01
step pmo calendar holiday 2027-02-11 春节
step pmo calendar workday 2027-02-07
step pmo -p CBM calendar holiday 2027-03-01 公司活动
step pmo -p CBM baseline set
step env EDITOR=.git/editor.sh pmo risk edit CBM/R-1
step pmo risk close CBM/R-1
step pmo project set CBM status=cancelled resolution=预算取消
step pmo -p CBM calendar workday 2027-02-20
echo "ok: $n rounds, $(wc -l < "$seen") comments"
