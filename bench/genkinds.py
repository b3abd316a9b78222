#!/usr/bin/env python3
"""Generate a portfolio of many projects with records of every kind, in one
commit through `git fast-import`.

usage: genkinds.py SEED DIR [--projects 50] [--records 50000]

SEED is a small pmo tree made with pmo itself (bench/kinds.sh runs the
commands of docs/registers.md into it): one record of each kind, the plan
with T-1 and T-2, the people and docs/迁移方案.md. Each generated record is
a copy of the seed's record of its kind with a new ID, a title from the pools
below and every date moved by the same number of days (so start stays before
end). Each project holds at least one record of every project kind, so the
seed's references (R-1, M-1, QC-1, T-2; OB-1 and V-1 in the portfolio) hold.
Risks, issues and actions are 5,000 each, vendors 200 (a bank has a few
hundred); the rest is spread evenly.
"""
import argparse
import datetime
import glob
import json
import os
import random
import re
import subprocess
import sys

ZH = ["核心数据迁移", "批量作业", "网点柜面", "反洗钱监控", "支付清算", "信贷审批",
      "客户信息", "灾备切换", "接口联调", "监管报送", "手机银行", "账户迁移演练",
      "数据迁移核对", "外币结算", "运维值班", "供应商交付"]
ZH_TAIL = ["延迟", "评审", "检查", "方案", "报告", "问题", "优化", "培训", "复盘", "整改"]
EN = ["Legacy batch cut-over", "Vendor SLA review", "Data privacy check",
      "Branch terminal upgrade", "Mobile banking release", "Core ledger reconciliation",
      "Regulatory reporting", "Disaster recovery drill"]
BIG = {"risk": 5000, "issue": 5000, "action": 5000, "vendor": 200}
DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def title(rnd):
    if rnd.random() < 0.3:
        return "%s %d" % (rnd.choice(EN), rnd.randint(1, 99))
    return rnd.choice(ZH) + rnd.choice(ZH_TAIL)


def vary(text, prefix, n, rnd):
    days = rnd.randint(-330, 20)

    def shift(m):
        d = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return (d + datetime.timedelta(days=days)).isoformat()

    out = []
    for line in text.splitlines(True):
        if line.startswith("id: "):
            line = "id: %s-%d\n" % (prefix, n)
        elif line.startswith("title: "):
            line = "title: %s\n" % title(rnd)
        else:
            line = DATE.sub(shift, line)
        out.append(line)
    return "".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("seed")
    ap.add_argument("dir")
    ap.add_argument("--projects", type=int, default=50)
    ap.add_argument("--records", type=int, default=50000)
    ap.add_argument("--schemas", default=os.path.join(os.path.dirname(__file__), "..", "schemas"))
    a = ap.parse_args()
    rnd = random.Random(10)
    kinds = []
    for path in sorted(glob.glob(os.path.join(a.schemas, "*.json"))):
        with open(path, encoding="utf-8") as f:
            x = json.load(f).get("x-pmo", {})
        if x.get("prefix") and x.get("folder"):
            kinds.append(x)
    files = []
    seed_key = "CBM"

    def seed(rel):
        with open(os.path.join(a.seed, rel), encoding="utf-8") as f:
            return f.read()

    for rel in ["pmo.yaml", "docs/迁移方案.md"] + [
            os.path.relpath(p, a.seed) for p in glob.glob(os.path.join(a.seed, "people", "*.yaml"))]:
        files.append((rel, seed(rel)))
    keys = ["P%02d" % n for n in range(a.projects)]
    project = seed("projects/%s/project.yaml" % seed_key)
    plan = seed("projects/%s/plan.yaml" % seed_key)
    for k in keys:
        files.append(("projects/%s/project.yaml" % k,
                      project.replace(seed_key, k).replace("核心银行系统迁移", "项目 " + k)))
        files.append(("projects/%s/plan.yaml" % k, plan))
    rest = [x for x in kinds if x["kind"] not in BIG]
    left = a.records - sum(BIG.values())
    count = {x["kind"]: BIG.get(x["kind"], left // len(rest)) for x in kinds}
    count[rest[0]["kind"]] += left - sum(count[x["kind"]] for x in rest)
    for x in kinds:
        if x.get("scope") == "project":
            template = seed("projects/%s/%s/%s-1.yaml" % (seed_key, x["folder"], x["prefix"]))
            per = count[x["kind"]] // len(keys)
            extra = count[x["kind"]] - per * len(keys)
            for i, k in enumerate(keys):
                for n in range(1, per + (1 if i < extra else 0) + 1):
                    body = template if n == 1 else vary(template, x["prefix"], n, rnd)
                    files.append(("projects/%s/%s/%s-%d.yaml" % (k, x["folder"], x["prefix"], n), body))
        else:
            template = seed("%s/%s-1.yaml" % (x["folder"], x["prefix"]))
            for n in range(1, count[x["kind"]] + 1):
                body = template if n == 1 else vary(template, x["prefix"], n, rnd)
                files.append(("%s/%s-%d.yaml" % (x["folder"], x["prefix"], n), body))
    os.makedirs(a.dir, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", a.dir], check=True)
    fi = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=a.dir, stdin=subprocess.PIPE)
    out = fi.stdin
    msg = "pmo: a portfolio of every kind\n".encode()
    out.write("commit refs/heads/main\ncommitter 王丽 <wang.li@bank.example> 1767225600 +0800\n".encode())
    out.write(b"data %d\n%s\n" % (len(msg), msg))
    for path, content in files:
        b = content.encode()
        out.write(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(b), b))
    out.write(b"\n")
    out.close()
    if fi.wait():
        sys.exit("fast-import failed")
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=a.dir, check=True)
    print("%d files, %d records of %d kinds in %d projects" % (
        len(files), sum(count.values()), len(kinds), len(keys)))


if __name__ == "__main__":
    main()
