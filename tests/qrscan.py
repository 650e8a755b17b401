"""Reading a QR code back from its SVG markup, as a phone would read it on paper."""

from __future__ import annotations

import re

import zxingcpp


def scan(html: str, scale: int = 4) -> str | None:
    """Decode the first inline QR code in `html`: draw its strokes (the form
    generator/publish/qr.py and overrides/assets/mylist.js both write) as
    black pixels on white, with a wide light margin, and read the picture
    with zxing-cpp's decoder."""
    svg = re.search(r'<svg[^>]*viewBox="0 0 (\d+) (\d+)"[^>]*><path[^>]* d="([^"]*)"', html)
    assert svg, "no QR code"
    size, margin = int(svg.group(1)), 8
    side = (size + 2 * margin) * scale
    pixels = bytearray(b"\xff" * side * side)
    for x, y, run in re.findall(r"M(\d+) (\d+)\.5h(\d+)", svg.group(3)):
        for row in range((int(y) + margin) * scale, (int(y) + margin + 1) * scale):
            start = row * side + (int(x) + margin) * scale
            pixels[start : start + int(run) * scale] = b"\x00" * (int(run) * scale)
    found = zxingcpp.read_barcode(memoryview(pixels).cast("B", (side, side)))
    return found.text if found else None
