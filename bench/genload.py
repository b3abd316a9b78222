#!/usr/bin/env python3
"""Generate a pmo tree for `pmo load`: projects with plans whose tasks are
assigned to people, one commit.

usage: genload.py DIR [--projects 50] [--tasks 1000] [--people 200]

Each project starts in the first quarter of 2027 and has its own calendar
over pmo.yaml's (every fifth one a holiday and a worked Saturday of its
own). A plan is groups of a summary task and nine children in three chains,
ten streams of groups side by side, each group after the one ten before
(finish-to-start, lags of 0..2 days): about eight months of work; each leaf lasts
1..10 working days and has one to three assignees at 20..100% from a team of twenty; one leaf in
fifty is a milestone. People have capacities of 6, 7.5 or 8 hours.
"""
import argparse
import os
import random
import subprocess


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--projects", type=int, default=50)
    ap.add_argument("--tasks", type=int, default=1000)
    ap.add_argument("--people", type=int, default=200)
    a = ap.parse_args()
    rnd = random.Random(42)
    os.makedirs(a.dir, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", a.dir], check=True)

    def write(rel, text):
        path = os.path.join(a.dir, rel)
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    write("pmo.yaml", "name: 负载基准\ncurrency: CNY\ncalendar:\n  holidays:\n"
          "    - {date: 2027-01-01, name: 元旦}\n"
          "    - {date: 2027-02-06, until: 2027-02-12, name: 春节}\n"
          "    - {date: 2027-04-05, name: 清明节}\n"
          "    - {date: 2027-05-01, until: 2027-05-05, name: 劳动节}\n"
          "  workdays: [2027-02-14, 2027-02-20]\n")
    handles = [f"p{i:03d}" for i in range(1, a.people + 1)]
    for i, h in enumerate(handles):
        cap = (6, 7.5, 8)[i % 3]
        write(f"people/{h}.yaml", f"handle: {h}\nname: 员工 {i + 1}\nrole: member\ncapacity: {cap}\n")
    for p in range(a.projects):
        key = f"P{p + 1:02d}"
        start = f"2027-{1 + p % 3:02d}-{4 + p % 20:02d}"
        cal = ""
        if p % 5 == 0:
            cal = ("calendar:\n  holidays:\n    - {date: 2027-03-15, name: 项目休整}\n"
                   "  workdays: [2027-03-20]\n")
        write(f"projects/{key}/project.yaml",
              f"key: {key}\nname: 项目 {p + 1}\nstatus: active\nstart: '{start}'\n{cal}")
        lines = ["tasks:"]
        groups = a.tasks // 10
        team = rnd.sample(handles, 20)
        for g in range(groups):
            sid = g * 10 + 1
            lines.append(f"  - id: T-{sid}\n    title: 工作包 {g + 1}")
            for c in range(1, 10):
                tid = sid + c
                lines.append(f"  - id: T-{tid}\n    title: 任务 {tid}\n    parent: T-{sid}")
                if rnd.randrange(50) == 0:
                    lines.append("    milestone: true")
                else:
                    lines.append(f"    duration: {1 + rnd.randrange(10)}")
                    lines.append("    assignees:")
                    for h in rnd.sample(team, 1 + rnd.randrange(3)):
                        lines.append(f"      - {{person: {h}, allocation: {20 + 10 * rnd.randrange(9)}}}")
                # three chains a group, each after a chain of the group ten
                # before (ten streams of groups side by side)
                if g >= 10 and c <= 3:
                    lines.append(f"    depends: [T-{(g - 10) * 10 + 7 + c}+{rnd.randrange(3)}d]")
                elif c > 3:
                    lines.append(f"    depends: [T-{tid - 3}]")
        write(f"projects/{key}/plan.yaml", "\n".join(lines) + "\n")
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.org",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.org")
    subprocess.run(["git", "add", "-A"], cwd=a.dir, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "load bench"], cwd=a.dir, check=True, env=env)


if __name__ == "__main__":
    main()
