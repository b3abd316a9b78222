#!/usr/bin/env python3
"""mergegen: two sides of a generated plan for bench/mergefile.sh.

    mergegen.py BASE OURS THEIRS [CHANGES]

From BASE (a plan.yaml as bench/genplan writes it) write OURS and THEIRS,
each with CHANGES changes (default 500): four in five change a field of an
existing task (duration, progress or notes; ours on even tasks, theirs on
odd ones, so the merge is clean), one in five adds a task at the end with
the next free ID, so both sides take the same new IDs and theirs's are
renumbered by the merge.
"""
import random
import re
import sys


def tasks(text):
    head, _, body = text.partition("tasks:\n")
    items = re.split(r"(?m)^(?=  - id: )", body)
    return head + "tasks:\n", [i for i in items if i]


def side(items, changes, parity, seed, prefix):
    rnd = random.Random(seed)
    items = list(items)
    n = len(items)
    edits = changes * 4 // 5
    picks = rnd.sample([i for i in range(n) if i % 2 == parity], edits)
    for k, i in enumerate(picks):
        item = items[i]
        what = k % 3
        if what == 0 and "    duration: " in item:
            item = re.sub(r"(?m)^    duration: \d+$", "    duration: %d" % rnd.randint(1, 30), item)
        elif what == 1:
            item += "    progress: %d\n" % rnd.randint(1, 99)
        else:
            item += "    notes: %s 评审意见 %d\n" % (prefix, k)
        items[i] = item
    top = n
    for k in range(changes - edits):
        top += 1
        items.append("  - id: T-%d\n    title: %s 新任务 %d\n    duration: %d\n    depends:\n      - T-%d\n"
                     % (top, prefix, k, rnd.randint(1, 10), rnd.randint(1, n)))
    return items


def main():
    base, ours, theirs = sys.argv[1:4]
    changes = int(sys.argv[4]) if len(sys.argv) > 4 else 500
    head, items = tasks(open(base, encoding="utf-8").read())
    for path, parity, seed, prefix in ((ours, 0, 1, "甲"), (theirs, 1, 2, "乙")):
        with open(path, "w", encoding="utf-8") as f:
            f.write(head + "".join(side(items, changes, parity, seed, prefix)))


main()
