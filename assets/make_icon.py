#!/usr/bin/env python3
"""Draws the app icon, assets/icon.png (256x256 RGBA), with the standard library only.

A small organisational chart on the sky blue of Kazakhstan's flag: a gold box at the top (the
President), three white boxes below it, joined by white lines. Simple shapes, so that it stays legible
at 48 and even 32 pixels. Run it from anywhere: `python3 assets/make_icon.py`.
"""

import os
import struct
import zlib

SIZE = 256
SAMPLES = 4  # per axis, for anti-aliasing

SKY = (0, 160, 198)
GOLD = (255, 197, 30)
WHITE = (255, 255, 255)


def rounded(x0, y0, x1, y1, r):
    """A rounded rectangle as a point test."""

    def inside(x, y):
        if x < x0 or x > x1 or y < y0 or y > y1:
            return False
        cx = min(max(x, x0 + r), x1 - r)
        cy = min(max(y, y0 + r), y1 - r)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r

    return inside


def bar(x0, y0, x1, y1):
    return rounded(x0, y0, x1, y1, 0)


SHAPES = [
    (rounded(8, 8, 248, 248, 52), SKY),
    # Lines: down from the top box, across, and down to each box below.
    (bar(122, 92, 134, 128), WHITE),
    (bar(50, 122, 206, 134), WHITE),
    (bar(50, 122, 62, 156), WHITE),
    (bar(122, 122, 134, 156), WHITE),
    (bar(194, 122, 206, 156), WHITE),
    (rounded(80, 36, 176, 98, 14), GOLD),
    (rounded(22, 150, 90, 206, 12), WHITE),
    (rounded(94, 150, 162, 206, 12), WHITE),
    (rounded(166, 150, 234, 206, 12), WHITE),
]


def pixel(px, py):
    """The colour of one pixel: each sample takes the colour of the topmost shape it falls in."""
    r = g = b = a = 0.0
    n = SAMPLES * SAMPLES
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            x = px + (sx + 0.5) / SAMPLES
            y = py + (sy + 0.5) / SAMPLES
            colour = None
            for inside, c in SHAPES:
                if inside(x, y):
                    colour = c
            if colour is not None:
                r += colour[0]
                g += colour[1]
                b += colour[2]
                a += 255
    if a == 0:
        return (0, 0, 0, 0)
    covered = a / 255
    return (round(r / covered), round(g / covered), round(b / covered), round(a / n))


def png(width, height, rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(v for p in row for v in p) for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    rows = [[pixel(x, y) for x in range(SIZE)] for y in range(SIZE)]
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "icon.png")
    with open(out, "wb") as f:
        f.write(png(SIZE, SIZE, rows))
    print(out)


if __name__ == "__main__":
    main()
