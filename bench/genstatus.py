#!/usr/bin/env python3
"""Write a portfolio for bench/status.sh: pmo.yaml, people, projects with a
plan, a budget, risks and actions, as pmo writes them.

usage: genstatus.py DIR [--projects 50] [--tasks 1000] [--people 200]
                        [--expenses 20000] [--risks 20] [--actions 20]

Each project's plan has summaries of 49 tasks each, every task after the
first of its summary depending on the one before, one or two assignees
from the people, and the first tenth of the tasks under way or done. The
baselines are taken by pmo itself afterwards (status.sh). One project in
ten is closed or cancelled: status leaves it out.
"""
import argparse
import os
import random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--projects", type=int, default=50)
    ap.add_argument("--tasks", type=int, default=1000)
    ap.add_argument("--people", type=int, default=200)
    ap.add_argument("--expenses", type=int, default=20000)
    ap.add_argument("--risks", type=int, default=20)
    ap.add_argument("--actions", type=int, default=20)
    a = ap.parse_args()
    rnd = random.Random(11)

    def write(rel, text):
        path = os.path.join(a.dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    write("pmo.yaml", "name: 零售银行项目组合\ncurrency: CNY\nrisk:\n  levels:\n    medium: 5\n"
          "    high: 10\n    critical: 20\n  review_days: 30\n")
    people = [f"p{n:03d}" for n in range(a.people)]
    for h in people:
        write(f"people/{h}.yaml", f"handle: {h}\nname: 员工{h}\nrole: developer\n")
    per_project = a.expenses // a.projects
    for p in range(a.projects):
        key = f"P{p:02d}"
        status = "closed" if p % 10 == 9 else "active"
        extra = "resolution: 已验收\n" if status == "closed" else ""
        write(f"projects/{key}/project.yaml",
              f"key: {key}\nname: 项目{key}\nstatus: {status}\nsponsor: {people[0]}\n"
              f"manager: {people[p % a.people]}\nstart: '2027-01-04'\nfinish: '2027-12-31'\n{extra}")
        out = ["tasks:\n"]
        for t in range(1, a.tasks + 1):
            out.append(f"  - id: T-{t}\n    title: 任务{t}\n")
            if t % 50 == 1:
                continue  # a summary: its children follow
            summary = t - (t - 1) % 50
            out.append(f"    parent: T-{summary}\n    duration: {rnd.randint(1, 10)}\n")
            if t - 1 != summary:
                out.append(f"    depends:\n      - T-{t - 1}\n")
            out.append(f"    assignees:\n      - person: {rnd.choice(people)}\n        allocation: 50\n")
            if t <= a.tasks // 10:
                out.append(f"    progress: {rnd.choice([20, 50, 80, 100])}\n")
        write(f"projects/{key}/plan.yaml", "".join(out))
        lines = 10
        b = ["lines:\n"]
        for n in range(1, lines + 1):
            b.append(f"  - id: B-{n}\n    title: 预算行{n}\n    planned: '{rnd.randint(100000, 2000000)}.00'\n"
                     f"    category: {rnd.choice(['capex', 'opex', 'vendor', 'labour'])}\n")
        b.append("expenses:\n")
        for n in range(1, per_project + 1):
            b.append(f"  - id: E-{n}\n    amount: '{rnd.randint(100, 20000)}.{rnd.randint(0, 99):02d}'\n"
                     f"    line: B-{rnd.randint(1, lines)}\n    date: '2027-0{rnd.randint(1, 3)}-{rnd.randint(10, 28)}'\n"
                     f"    task: T-{rnd.randint(2, 50)}\n")
        write(f"projects/{key}/budget.yaml", "".join(b))
        for n in range(1, a.risks + 1):
            write(f"projects/{key}/risks/R-{n}.yaml",
                  f"id: R-{n}\ntitle: 风险{n}\nprobability: {rnd.randint(1, 5)}\nimpact: {rnd.randint(1, 5)}\n"
                  f"owner: {rnd.choice(people)}\nstatus: {rnd.choice(['open', 'mitigating', 'closed'])}\n"
                  f"identified: '2027-01-04'\nreview: '2027-0{rnd.randint(1, 6)}-15'\n")
        for n in range(1, a.actions + 1):
            write(f"projects/{key}/actions/A-{n}.yaml",
                  f"id: A-{n}\ntitle: 行动{n}\nowner: {rnd.choice(people)}\n"
                  f"status: open\ndue: '2027-0{rnd.randint(1, 6)}-20'\n")


if __name__ == "__main__":
    main()
