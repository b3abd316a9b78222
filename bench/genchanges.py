#!/usr/bin/env python3
"""Change requests for bench/changes.sh: a git fast-import stream, on stdout,
that continues the branch master of the repository REPO (a pmo tree with
people wang-li and zhao-min and project BM, sponsor zhao-min) with N change
requests, each made as pmo makes it and implemented:

    FILLER commits on master (README.md), then the branch change/BM/CR-i:
    start (wang-li: CR-i draft), a risk R-i added (wang-li), submit (wang-li:
    the impact pmo computes for that change), approve (zhao-min: the entry
    names the tree of the branch without the CR file, hashed here as git
    does), FILLER2 commits on master, then the merge (wang-li) with the
    trailers pmo change merge writes and the CR implemented.

    genchanges.py REPO N FILLER FILLER2 | git -C REPO fast-import --quiet
"""
import hashlib
import subprocess
import sys

repo, n, filler, filler2 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
out = sys.stdout.buffer
WANG = "王丽 <wang.li@bank.example>"
ZHAO = "赵敏 <zhao.min@bank.example>"
when = int(subprocess.check_output(["git", "-C", repo, "log", "-1", "--format=%ct"]).decode())


def git(*args):
    return subprocess.check_output(["git", "-C", repo] + list(args))


files = {}
for line in git("ls-tree", "-r", "-z", "HEAD").split(b"\0"):
    if line:
        meta, path = line.split(b"\t", 1)
        files[path.decode()] = git("cat-file", "blob", meta.split()[2].decode())

blob_ids = {}


def blob_id(data):
    h = blob_ids.get(data)
    if h is None:
        h = blob_ids[data] = hashlib.sha1(b"blob %d\0" % len(data) + data).digest()
    return h


def tree_id(fs):
    """The id git gives the tree of the files fs (path -> bytes)."""
    root = {}
    for path, data in fs.items():
        node = root
        parts = path.split("/")
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = data

    def walk(node):
        entries = []
        for name, v in node.items():
            if isinstance(v, dict):
                entries.append((name + "/", b"40000 " + name.encode() + b"\0" + walk(v)))
            else:
                entries.append((name, b"100644 " + name.encode() + b"\0" + blob_id(v)))
        body = b"".join(e for _, e in sorted(entries, key=lambda x: x[0].encode()))
        return hashlib.sha1(b"tree %d\0" % len(body) + body).digest()

    return walk(root).hex()


mark = 0


def commit(ref, who, msg, changes, parents):
    """One commit of the changed files on ref; its mark."""
    global mark, when
    mark += 1
    when += 60
    m = msg.encode()
    out.write(b"commit %s\nmark :%d\n" % (ref.encode(), mark))
    out.write(b"author %s %d +0800\ncommitter %s %d +0800\n" % (who.encode(), when, who.encode(), when))
    out.write(b"data %d\n%s\n" % (len(m), m))
    if parents:
        out.write(b"from %s\n" % parents[0].encode())
        for p in parents[1:]:
            out.write(b"merge %s\n" % p.encode())
    for path, data in changes.items():
        out.write(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
    return ":%d" % mark


def cr(i, status, approvals=None):
    s = ("id: CR-%d\ntitle: 变更 %d\nstatus: %s\nrequester: wang-li\nbranch: change/BM/CR-%d\n"
         "base: master\nraised: '2027-01-04'\n" % (i, i, status, i))
    if status != "draft":
        s += ("submitted: '2027-01-04'\nimpact:\n  finish_days: 0\n  projects: []\n  records:\n"
              "    - BM/R-%d\n" % i)
    if approvals:
        s += ("approvals:\n  - by: zhao-min\n    decision: approve\n    date: '2027-01-04'\n"
              "    tree: %s\n" % approvals)
    return s.encode()


readme = b""
tip = "refs/heads/master^0"
for i in range(1, n + 1):
    for k in range(filler):
        readme += b"%d.%d\n" % (i, k)
        files["README.md"] = readme
        tip = commit("refs/heads/master", WANG, "notes %d.%d" % (i, k), {"README.md": readme}, [tip])
    branch = dict(files)
    crp = "projects/BM/changes/CR-%d.yaml" % i
    rp = "projects/BM/risks/R-%d.yaml" % i
    risk = ("id: R-%d\ntitle: 风险 %d\nprobability: 3\nimpact: 3\nstatus: open\n"
            "identified: '2027-01-04'\nreview: '2027-02-03'\n" % (i, i)).encode()
    ref = "refs/heads/change/BM/CR-%d" % i
    b = commit(ref, WANG, "change BM/CR-%d: start 变更 %d" % (i, i), {crp: cr(i, "draft")}, [tip])
    branch[rp] = risk
    b = commit(ref, WANG, "risk BM/R-%d: add 风险 %d" % (i, i), {rp: risk}, [b])
    b = commit(ref, WANG, "change BM/CR-%d: submit" % i, {crp: cr(i, "submitted")}, [b])
    approved = tree_id(branch)
    b = commit(ref, ZHAO, "change BM/CR-%d: approve (赵敏)" % i, {crp: cr(i, "approved", approved)}, [b])
    for k in range(filler2):
        readme += b"%d.m%d\n" % (i, k)
        files["README.md"] = readme
        tip = commit("refs/heads/master", WANG, "notes %d.m%d" % (i, k), {"README.md": readme}, [tip])
    files[rp] = risk
    files[crp] = cr(i, "implemented", approved)
    tip = commit("refs/heads/master", WANG,
                 "change BM/CR-%d: merge 变更 %d into master\n\nPmo-Command: change merge\n"
                 "Pmo-Record: BM/CR-%d\nPmo-Change: BM/CR-%d\nApproved-by: %s" % (i, i, i, i, ZHAO),
                 {crp: files[crp], rp: risk}, [tip, b])
    out.write(b"reset %s\nfrom 0000000000000000000000000000000000000000\n\n" % ref.encode())
