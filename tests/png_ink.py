#!/usr/bin/env python3
"""How much of a PNG screenshot is drawn on: "WIDTH HEIGHT INK BOTTOM RIGHT",
INK the pixels that are not white, BOTTOM and RIGHT those of them in the
last 16 rows and columns (a page cut by the window has ink there). Reads
8-bit RGB or RGBA PNGs (what Chromium writes) with zlib alone: no PIL."""
import struct
import sys
import zlib


def main(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        sys.exit('%s: not a PNG' % path)
    i, idat = 8, []
    while i < len(data):
        n, kind = struct.unpack('>I4s', data[i:i + 8])
        chunk = data[i + 8:i + 8 + n]
        i += 12 + n
        if kind == b'IHDR':
            w, h, depth, ctype = struct.unpack('>IIBB', chunk[:10])
        elif kind == b'IDAT':
            idat.append(chunk)
    if depth != 8 or ctype not in (2, 6):
        sys.exit('%s: not 8-bit RGB(A)' % path)
    bpp = 4 if ctype == 6 else 3
    stride = w * bpp
    raw = zlib.decompress(b''.join(idat))
    prev = bytearray(stride)
    ink = bottom = right = 0
    white = b'\xff\xff\xff'
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        zero_tail = line.count(0, bpp) == stride - bpp
        if f == 1 and zero_tail:
            line = line[:bpp] * w  # one colour across: no loop
        elif f == 2 and zero_tail and line.count(0, 0, bpp) == bpp:
            line = bytearray(prev)  # as the row above
        elif f == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif f == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif f == 3:
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + ((left + prev[x]) >> 1)) & 255
        elif f == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        if line.count(255) != stride:
            for x in range(0, stride, bpp):
                if line[x:x + 3] != white:
                    ink += 1
                    bottom += y >= h - 16
                    right += x >= stride - 16 * bpp
        prev = line
    print(w, h, ink, bottom, right)


if __name__ == '__main__':
    main(sys.argv[1])
