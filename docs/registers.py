#!/usr/bin/env python3
"""Write docs/registers.md from the JSON Schemas in schemas/ (the very files
compiled into pmo), or, with --check, fail when docs/registers.md differs.

    python3 docs/registers.py            rewrite docs/registers.md
    python3 docs/registers.py --check    exit 1 and show the difference when stale

Everything but the add examples comes from the schemas and their x-pmo block;
the examples are below (one per kind; a kind without one is an error, so a
new kind cannot be left out of the page).
"""
import difflib
import glob
import json
import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

EXAMPLES = {
    "person": 'pmo person add wang-li name="王丽" role=pm email=wang.li@bank.example',
    "project": 'pmo project add CBM name="核心银行系统迁移" sponsor=zhao-min manager=wang-li start=2027-01-04',
    "risk": 'pmo -p CBM risk add "核心数据迁移丢失" probability=4 impact=5 owner=wang-li',
    "issue": 'pmo -p CBM issue add "测试环境不可用" priority=high owner=li-qiang due=2027-01-20 from_risk=R-1',
    "meeting": 'pmo -p CBM meeting add "项目周例会" date=2027-01-11 kind=weekly chair=wang-li '
               'attendees=wang-li,zhao-min,li-qiang decisions+="UAT 推迟一周"',
    "action": 'pmo -p CBM action add "提交迁移演练报告" owner=wang-li due=2027-01-15 meeting=M-1',
    "communication": 'pmo -p CBM communication add "项目周报" audience=管理层 channel=email frequency=weekly owner=wang-li',
    "qc": 'pmo -p CBM qc add "SIT 准入检查" standard="SIT 准入标准 v2" milestone=T-2 reviewer=liu-yang '
          'date=2027-01-18 result=pass',
    "defect": 'pmo -p CBM defect add "批量利息计算错误" severity=major found=2027-01-19 qc=QC-1 owner=li-qiang',
    "lesson": 'pmo -p CBM lesson add "数据迁移演练需提前两周" category=process recommendation="演练排在 SIT 前两周" risks=R-1',
    "requirement": 'pmo -p CBM requirement add "支持人民币与外币双币种账户" priority=must source=零售业务部 '
                   'acceptance="双币种开户、记账、对账通过 UAT"',
    "feedback": 'pmo -p CBM feedback add "网点柜员反馈界面响应慢" customer=城西支行 date=2027-03-01 channel=survey satisfaction=3',
    "obligation": 'pmo obligation add "个人信息出境安全评估" regulation=个人信息保护法 clause=第三十八条 owner=liu-yang review_days=180',
    "compliance": 'pmo -p CBM compliance add "上线前合规审查" obligation=OB-1 result=compliant date=2027-03-10 reviewer=liu-yang',
    "training": 'pmo training add "反洗钱年度培训" person=li-qiang completed=2026-11-20 expires=2027-11-20',
    "incident": 'pmo -p CBM incident add "核心系统批量中断" system=核心账务 severity=P1 '
                'opened=2027-04-02T09:30:00+08:00 sla_hours=4 owner=li-qiang',
    "vendor": 'pmo vendor add "华信科技" category=software status=active contact=张伟 email=zhang.wei@huaxin.example',
    "contract": 'pmo contract add "核心系统迁移实施服务" vendor=V-1 value=3600000.00 start=2027-01-01 end=2027-12-31 '
                'sla="P1 故障 4 小时恢复"',
    "evaluation": 'pmo evaluation add "2027 年一季度评估" vendor=V-1 date=2027-03-31 quality=4 delivery=3 cost=4 service=5',
    "document": 'pmo -p CBM document add "数据迁移方案" kind=plan classification=confidential owner=wang-li '
                'path=docs/迁移方案.md review_days=90',
    "stakeholder": 'pmo -p CBM stakeholder add "国家金融监督管理总局" role=regulator interest=5 influence=5 engagement=neutral',
    "improvement": 'pmo improvement add "引入自动化回归测试" kind=technology owner=chen-jing benefit="回归时间缩短 60%"',
    "environment": 'pmo -p CBM environment add "数据中心迁移能耗评估" date=2027-02-15 energy_kwh=120000 carbon_t=68.5 rating=medium',
    "change": 'pmo -p CBM change start "UAT 延长一周" reason="监管要求增加测试场景"',
}


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def type_of(p):
    """The type column: the JSON type with the allowed values or the bounds."""
    if "enum" in p:
        return " | ".join("`%s`" % v for v in p["enum"])
    t = p.get("type", "any")
    if isinstance(t, list):
        t = " or ".join(t)
    if t == "array":
        items = p.get("items", {})
        inner = type_of(items) if items else "any"
        return "list of " + inner
    if "format" in p:
        t += " (%s)" % p["format"]
    bounds = []
    for key, sign in (("minimum", "≥"), ("exclusiveMinimum", ">"),
                      ("maximum", "≤"), ("exclusiveMaximum", "<")):
        if key in p:
            bounds.append("%s %s" % (sign, p[key]))
    if bounds:
        t += " " + ", ".join(bounds)
    return t


def kind_section(schema, out):
    x = schema["x-pmo"]
    kind = x["kind"]
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    refs = x.get("refs", {})
    if kind not in EXAMPLES:
        sys.exit("docs/registers.py: no add example for the kind %s; add one to EXAMPLES" % kind)
    out.append("## %s\n" % kind)
    out.append("%s: %s.\n" % (schema.get("title", kind), x.get("summary", "")))
    if x.get("scope") == "project":
        where = "projects/<KEY>/%s/%s-<n>.yaml" % (x["folder"], x["prefix"])
    elif x.get("given_id"):
        where = "%s/<%s>.yaml" % (x["folder"], "handle" if kind == "person" else "KEY")
        if x.get("file"):
            where = "%s/<KEY>/%s" % (x["folder"], x["file"])
    else:
        where = "%s/%s-<n>.yaml" % (x["folder"], x["prefix"])
    ident = "given on add" if x.get("given_id") else "`%s-<n>`, numbered by pmo" % x["prefix"]
    out.append("- scope: %s; files: `%s`; ID: %s" % (x.get("scope", "portfolio"), where, ident))
    out.append("- list columns: %s" % ", ".join("`%s`" % c for c in x.get("columns", [])))
    out.append("")
    out.append("```sh\n%s\n```\n" % EXAMPLES[kind])
    out.append("| field | type, allowed values | required | refers to | description |")
    out.append("|---|---|---|---|---|")
    for name, p in props.items():
        out.append("| `%s` | %s | %s | %s | %s |" % (
            name, cell(type_of(p)), "yes" if name in required else "",
            cell(refs.get(name, "")), cell(p.get("description", p.get("title", "")))))
    out.append("")
    derived = x.get("derived", {})
    if derived:
        out.append("Derived (computed on read, never written):\n")
        for name, p in derived.items():
            out.append("- `%s` (%s): %s" % (name, type_of(p), p.get("description", "")))
        out.append("")
    defaults = x.get("defaults", {})
    if defaults:
        out.append("Defaults on add: %s\n" % ", ".join(
            "`%s=%s`" % (k, v) for k, v in defaults.items()))
    wf = x.get("workflow")
    if wf:
        out.append("Workflow of `%s`: starts `%s`; `pmo %s close` sets `%s`%s%s.\n" % (
            wf["field"], wf.get("initial", ""), kind, wf.get("close", ""),
            "; ended: " + ", ".join("`%s`" % s for s in wf["ended"]) if wf.get("ended") else "",
            "; the closing reason goes in `%s`" % x["reason"] if x.get("reason") else ""))
        out.append("| from | to |")
        out.append("|---|---|")
        for src, dsts in wf.get("transitions", {}).items():
            out.append("| `%s` | %s |" % (src, ", ".join("`%s`" % d for d in dsts)))
        out.append("")
    due = x.get("due")
    if due:
        out.append("Due dates (`pmo due`):\n")
        for d in due:
            when = "`%s`" % d["date"]
            if "days" in d:
                when += " + `%s` days" % d["days"]
            if "hours" in d:
                when += " + `%s` hours" % d["hours"]
            line = "- %s: %s" % (d["what"], when)
            if "owner" in d:
                line += "; owner from `%s`" % d["owner"]
            if "unless" in d:
                line += "; not once `%s` is filled" % d["unless"]
            if "while" in d:
                line += "; while `%s` is %s" % (
                    wf["field"] if wf else "status", ", ".join("`%s`" % s for s in d["while"]))
            out.append(line)
        out.append("")
    m = x.get("matrix")
    if m:
        line = ("Matrix (`pmo %s matrix`): a 5×5 heat map, `%s` (rows) × `%s` (columns), "
                "the records counted per cell" % (x["kind"], m["rows"], m["columns"]))
        if "while" in m:
            line += "; while `%s` is %s" % (
                wf["field"] if wf else "status", ", ".join("`%s`" % s for s in m["while"]))
        out.append(line + ".\n")


def render():
    schemas = []
    for path in sorted(glob.glob(os.path.join(TOP, "schemas", "*.json"))):
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        x = schema.get("x-pmo", {})
        if x.get("folder") and x.get("kind") in EXAMPLES or x.get("prefix"):
            schemas.append(schema)
    order = list(EXAMPLES)
    schemas.sort(key=lambda s: (order.index(s["x-pmo"]["kind"])
                                if s["x-pmo"]["kind"] in order else len(order), s["x-pmo"]["kind"]))
    out = ["# Registers: the record kinds built into pmo", "",
           "<!-- Generated by `python3 docs/registers.py` from schemas/*.json; do not edit. "
           "The test `registers` fails when this page and the schemas differ. -->", "",
           "Every kind is one JSON Schema in `schemas/` with an `x-pmo` block. Each works as "
           "risks do: `pmo <kind> add | list | show | set | edit | close | log | delete`, and "
           "`pmo validate` checks its files. A project kind's record is named `KEY/PREFIX-n` "
           "(or `PREFIX-n` with `-p KEY`); a portfolio kind's `PREFIX-n`.", "",
           "| kind | prefix | scope | folder | what it is for |", "|---|---|---|---|---|"]
    for s in schemas:
        x = s["x-pmo"]
        out.append("| [%s](#%s) | %s | %s | %s | %s |" % (
            x["kind"], x["kind"], x.get("prefix", "(given)"), x.get("scope", "portfolio"), x["folder"],
            cell(x.get("summary", ""))))
    out.append("")
    for s in schemas:
        kind_section(s, out)
    return "\n".join(out).rstrip("\n") + "\n"


def main():
    target = os.path.join(TOP, "docs", "registers.md")
    text = render()
    if len(sys.argv) > 1 and sys.argv[1] == "--check":
        try:
            with open(target, encoding="utf-8") as f:
                old = f.read()
        except OSError:
            old = ""
        if old != text:
            sys.stdout.writelines(difflib.unified_diff(
                old.splitlines(True), text.splitlines(True), "docs/registers.md", "schemas/*.json"))
            print("docs/registers.md differs from the schemas: run python3 docs/registers.py")
            return 1
        return 0
    with open(target, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
