#!/usr/bin/env python3
"""Generate a pmo repository with many risks and a long history, fast,
through `git fast-import`.

usage: genrepo.py DIR [--risks 5000] [--commits 20000] [--projects 10]

The first commits create pmo.yaml, people and projects; then one commit per
new risk file; the remaining commits each change one field of one risk
(impact or review date), as a busy register would see.
"""
import argparse
import os
import random
import subprocess
import sys

TITLES = ["核心数据迁移丢失", "供应商交付延迟", "监管检查不通过", "关键人员离职",
          "Legacy batch jobs fail after cut-over", "测试环境不稳定",
          "Vendor SLA breach", "预算超支", "接口规范变更", "Data privacy incident"]
OWNERS = ["wang-li", "zhao-min", "li-qiang", "chen-jing"]
CATS = ["technical", "vendor", "compliance", "people", "financial", "operational"]


def risk_yaml(rid, title, p, i, owner, status, review):
    return (f"id: R-{rid}\ntitle: {title}\ncategory: {CATS[rid % len(CATS)]}\n"
            f"probability: {p}\nimpact: {i}\nowner: {owner}\nstrategy: mitigate\n"
            f"status: {status}\nidentified: '2026-01-05'\nreview: '{review}'\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--risks", type=int, default=5000)
    ap.add_argument("--commits", type=int, default=20000)
    ap.add_argument("--projects", type=int, default=10)
    a = ap.parse_args()
    rnd = random.Random(42)
    os.makedirs(a.dir, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", a.dir], check=True)
    fi = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=a.dir, stdin=subprocess.PIPE)
    out = fi.stdin
    t = [1767225600]

    def commit(msg, files):
        t[0] += 60
        data = msg.encode()
        out.write(b"commit refs/heads/main\n")
        out.write(f"committer 王丽 <wang.li@bank.example> {t[0]} +0800\n".encode())
        out.write(f"data {len(data)}\n".encode() + data + b"\n")
        # later commits continue the branch: fast-import chains them
        for path, content in files:
            b = content.encode()
            out.write(f"M 100644 inline {path}\ndata {len(b)}\n".encode() + b + b"\n")
        out.write(b"\n")

    keys = [f"P{n:02d}" for n in range(a.projects)]
    init = [("pmo.yaml", "name: 基准组合\ncurrency: CNY\nrisk:\n  levels:\n    medium: 5\n    high: 10\n    critical: 15\n  review_days: 30\n")]
    for o in OWNERS:
        init.append((f"people/{o}.yaml", f"handle: {o}\nname: {o}\nrole: pm\n"))
    for k in keys:
        init.append((f"projects/{k}/project.yaml",
                     f"key: {k}\nname: 项目 {k}\nstatus: active\nsponsor: zhao-min\nmanager: wang-li\nstart: '2026-01-05'\n"))
    commit("pmo: start the portfolio\n", init)
    state = []
    per = max(1, a.risks // a.projects)
    for n in range(a.risks):
        k = keys[min(n // per, len(keys) - 1)]
        rid = n - keys.index(k) * per + 1
        r = [k, rid, TITLES[n % len(TITLES)], rnd.randint(1, 5), rnd.randint(1, 5),
             OWNERS[n % len(OWNERS)], "open", f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}"]
        state.append(r)
        commit(f"risk {k}/R-{rid}: add {r[2]}\n\nPmo-Command: risk add\nPmo-Record: {k}/R-{rid}\n",
               [(f"projects/{k}/risks/R-{rid}.yaml", risk_yaml(*r[1:]))])
    for c in range(max(0, a.commits - a.risks - 1)):
        r = state[rnd.randrange(len(state))]
        r[4] = rnd.randint(1, 5)
        r[7] = f"2027-{1 + c % 12:02d}-{1 + c % 28:02d}"
        commit(f"risk {r[0]}/R-{r[1]}: set impact={r[4]}\n\nPmo-Command: risk set\nPmo-Record: {r[0]}/R-{r[1]}\n",
               [(f"projects/{r[0]}/risks/R-{r[1]}.yaml", risk_yaml(*r[1:]))])
    out.close()
    if fi.wait():
        sys.exit("fast-import failed")
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=a.dir, check=True)


if __name__ == "__main__":
    main()
