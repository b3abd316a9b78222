#!/usr/bin/env python3
"""The history of progress for bench/report.sh: a git fast-import stream, on
stdout, that continues the branch main of REPO (a portfolio of
bench/genstatus.py with its baselines) with COMMITS commits to each active
project's plan.yaml, spread over the weeks from FIRST to LAST (dates), the
projects' commits interleaved in time as a team's are. Commit j of a
project holds each task's progress as (j + 1) / COMMITS of the progress
the plan has now, so the last commit is the plan at HEAD and each Monday
of the report earns by a different version.

    genprogress.py REPO COMMITS FIRST LAST | git -C REPO fast-import --quiet
"""
import datetime
import re
import subprocess
import sys

repo, commits = sys.argv[1], int(sys.argv[2])
first = datetime.date.fromisoformat(sys.argv[3])
last = datetime.date.fromisoformat(sys.argv[4])
out = sys.stdout.buffer
WHO = "王丽 <wang.li@bank.example>"
PROGRESS = re.compile(rb"^    progress: (\d+)$")


def git(*args):
    return subprocess.check_output(["git", "-C", repo] + list(args))


def version(lines, j):
    """plan.yaml with its tasks' progress at commit j."""
    res, in_tasks = [], False
    for line in lines:
        if line and not line.startswith(b" ") and not line.startswith(b"-"):
            in_tasks = line == b"tasks:"
        m = PROGRESS.match(line) if in_tasks else None
        if m:
            line = b"    progress: %d" % (int(m.group(1)) * (j + 1) // commits)
        res.append(line)
    return b"\n".join(res)


keys = [k.decode() for k in git("ls-tree", "--name-only", "HEAD", "projects/").split()]
plans = {}
for path in keys:
    key = path.split("/")[-1]
    if b"status: active" in git("show", f"HEAD:{path}/project.yaml"):
        plans[key] = git("show", f"HEAD:{path}/plan.yaml").split(b"\n")
span = (last - first).days * 86400
start = int(datetime.datetime(first.year, first.month, first.day, 18, 0,
                              tzinfo=datetime.timezone(datetime.timedelta(hours=8))).timestamp())
events = []
for n, key in enumerate(sorted(plans)):
    for j in range(commits):
        events.append((start + span * j // max(commits - 1, 1) + 60 * n, key, j))
events.sort()
parent = "refs/heads/main^0"
for mark, (when, key, j) in enumerate(events, 1):
    data = version(plans[key], j)
    msg = f"task {key}/T-1: set progress ({j + 1}/{commits})".encode()
    out.write(b"commit refs/heads/main\nmark :%d\n" % mark)
    out.write(f"author {WHO} {when} +0800\ncommitter {WHO} {when} +0800\n".encode())
    out.write(b"data %d\n%s\nfrom %s\n" % (len(msg), msg, parent.encode()))
    out.write(f"M 100644 inline projects/{key}/plan.yaml\n".encode())
    out.write(b"data %d\n%s\n" % (len(data), data))
    parent = f":{mark}"
