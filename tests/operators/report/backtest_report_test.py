#!/usr/bin/env python3
"""`stormwatch replay --report` on tests/data/scenarios/outage.jsonl: the HTML page is
self-contained (no script, no external resource), shows the brand's charts and its SPILLOVER
and SHITSTORM markers with evidence, and renders in headless Chromium to a screenshot that
is not blank (decoded with a small PNG reader on python3's zlib; no PyPI)."""

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib


def fail(message):
    print("FAILED: " + message)
    sys.exit(1)


def decode_png(path):
    """Returns (width, height, rows of RGB(A) tuples) for 8-bit RGB/RGBA PNGs."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path}: not a PNG")
    pos, idat, width, height, colour = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour not in (2, 6):
                fail(f"{path}: unsupported PNG (depth {depth}, colour type {colour})")
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    bpp = 3 if colour == 2 else 4
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    binary = os.environ.get("STORMWATCH_BIN")
    source = os.environ.get("STORMWATCH_SOURCE_DIR", os.getcwd())
    if not binary:
        fail("STORMWATCH_BIN is not set (ctest sets it)")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        fail("chromium not found: install the packages of scripts/apt-packages.d/detectors.txt")
    work = tempfile.mkdtemp(prefix="stormwatch_report_")
    try:
        report = os.path.join(work, "report.html")
        alerts = os.path.join(work, "alerts.jsonl")
        subprocess.run([binary, "replay", "--input",
                        os.path.join(source, "tests/data/scenarios/outage.jsonl"),
                        "--output", alerts, "--report", report], check=True, timeout=120)
        html = open(report, encoding="utf-8").read()
        if "<script" in html.lower():
            fail("the report must not need JavaScript")
        external = re.findall(r'(?:src|href)\s*=\s*"(?:https?:)?//', html)
        if external:
            fail(f"the report loads external resources: {external[:3]}")
        for needle in ["<h2>telenova</h2>", "<svg", "SPILLOVER", "SHITSTORM", "longest wait",
                       "Negative share", "expected", "<details>"]:
            if needle not in html:
                fail(f"report lacks {needle!r}")
        if html.count("<svg") < 3:
            fail("expected three charts per brand")

        shot = os.path.join(work, "shot.png")
        profile = os.path.join(work, "profile")
        os.makedirs(profile)
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", f"--screenshot={shot}",
                        "--window-size=1200,900", "file://" + report],
                       check=True, timeout=120, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        if not os.path.exists(shot):
            fail("chromium wrote no screenshot")
        width, height, bpp, rows = decode_png(shot)
        if (width, height) != (1200, 900):
            fail(f"screenshot is {width}x{height}, expected 1200x900")
        colours, non_background = set(), 0
        background = rows[0][0:3]
        for row in rows[::3]:
            for x in range(0, width * bpp, bpp * 3):
                pixel = row[x:x + 3]
                colours.add(pixel)
                non_background += pixel != background
        sampled = len(rows[::3]) * len(range(0, width * bpp, bpp * 3))
        share = non_background / sampled
        print(f"screenshot {width}x{height}: {len(colours)} distinct colours, "
              f"{100 * share:.1f}% of sampled pixels differ from the background")
        if len(colours) < 20:
            fail(f"only {len(colours)} distinct colours: the page looks blank")
        if share < 0.10:
            fail(f"only {100 * share:.1f}% of the page is drawn: it looks blank")
        # The alert colours must be on screen (SPILLOVER orange #ff7f0e, SHITSTORM red #d62728).
        for name, rgb in [("SPILLOVER", b"\xff\x7f\x0e"), ("SHITSTORM", b"\xd6\x27\x28")]:
            if rgb not in colours and not any(
                    all(abs(p[i] - rgb[i]) < 24 for i in range(3)) for p in colours):
                fail(f"no {name} marker colour in the screenshot")
        print("backtest report renders and is not blank")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
