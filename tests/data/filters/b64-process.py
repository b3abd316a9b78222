#!/usr/bin/env python3
# A filter.<d>.process driver (git's long-running protocol, version 2) for
# the tests: clean stores base64, smudge decodes it. Each start and request
# is appended to the file named by its first argument.
import base64
import sys

inp, out = sys.stdin.buffer, sys.stdout.buffer
log = open(sys.argv[1], "a")


def read_pkt():
    head = inp.read(4)
    if len(head) < 4:
        sys.exit(0)
    n = int(head, 16)
    return None if n == 0 else inp.read(n - 4)


def read_list():
    items = []
    while True:
        p = read_pkt()
        if p is None:
            return items
        items.append(p.decode().rstrip("\n"))


def write_pkt(data):
    out.write(b"%04x" % (len(data) + 4) + data)


def flush():
    out.write(b"0000")
    out.flush()


assert read_list() == ["git-filter-client", "version=2"]
write_pkt(b"git-filter-server\n")
write_pkt(b"version=2\n")
flush()
caps = read_list()
for c in ("clean", "smudge"):
    if "capability=" + c in caps:
        write_pkt(b"capability=%s\n" % c.encode())
flush()
log.write("start\n")
log.flush()
while True:
    meta = dict(kv.split("=", 1) for kv in read_list())
    data = b""
    while True:
        p = read_pkt()
        if p is None:
            break
        data += p
    log.write("%s %s\n" % (meta["command"], meta["pathname"]))
    log.flush()
    if b"FAIL" in data:
        write_pkt(b"status=error\n")
        flush()
        continue
    if meta["command"] == "clean":
        result = base64.b64encode(data) + b"\n"
    else:
        result = base64.b64decode(data)
    write_pkt(b"status=success\n")
    flush()
    for i in range(0, len(result), 65516):
        write_pkt(result[i:i + 65516])
    flush()
    flush()  # the status list stays as it was
