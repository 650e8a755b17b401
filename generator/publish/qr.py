"""QR codes for printed pages: a page's address as an inline SVG.

A family handed a printed page can scan the code to open the page (and its
latest details) on a phone. Made at build time with `zxing-cpp` (a C++
encoder: about 0.5 ms a code, where the pure-Python `segno` took 4 ms, a
third of a 10,000-service build), so the site needs no script or
third-party service for it, and the printed code always matches the
address printed beside it.

My list is made in the browser, so its codes are too: `write_script` ships
the pinned npm library that overrides/assets/mylist.js draws them with, in
the same form as `qr_svg` (see docs/performance.md for why the browser draws
every code on that page rather than the build shipping each service's).
"""

from __future__ import annotations

import re
import shutil
from functools import lru_cache
from html import escape
from pathlib import Path

import zxingcpp

from generator.publish import npm

SCRIPT_PACKAGE = "qrcode-generator"
SCRIPT_SOURCE = "dist/qrcode.js"
SCRIPT = "assets/qrcode-generator.js"
"""The npm package My list draws its QR codes with, its file, and where the
site serves it (the theme loads it before mylist.js, on My list only)."""

_BORDER = 2
"""Light modules around the code: with the page's white margin around the
printed code, two are enough for phone cameras to find it."""
_DARK_RUN = re.compile(rb"\x00+")


@lru_cache(maxsize=65536)  # `serve` rebuilds make the same codes again
def qr_svg(url: str) -> str:
    """An inline `<svg>` QR code of `url` (error correction level M),
    labelled for assistive technology.

    Safe to place in a page as it is: the path holds only numbers and path
    commands, and `url` appears only as an escaped attribute value. Each
    row's dark runs become one horizontal stroke, which keeps the markup
    about half the size of drawing a square per run.
    """
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = code.to_image(scale=1, add_quiet_zones=False)
    height, width = image.shape  # one byte a module: 0 dark, 255 light
    rows = memoryview(image).tobytes()  # type: ignore[arg-type]  # it is a buffer
    runs = []
    for y in range(height):
        row = rows[y * width : (y + 1) * width]
        for run in _DARK_RUN.finditer(row):
            runs.append(f"M{run.start() + _BORDER} {y + _BORDER}.5h{run.end() - run.start()}")
    size = width + 2 * _BORDER
    # A label, not an SVG <title>: a <title> inside <body> is easily taken
    # for the page's own by tools that read the HTML. A viewBox only: print
    # CSS sets its size in millimetres.
    return (
        f"{_svg_start(url)}{size} {size}\" class=\"lo-qr\">"
        f'<path stroke="#000" d="{"".join(runs)}"/></svg>'
    )


def _svg_start(url: str) -> str:
    label = escape(f"QR code for {url}", quote=True)
    return f'<svg role="img" aria-label="{label}" viewBox="0 0 '


def write_script(project: Path, site_dir: Path) -> bool:
    """Copy the QR library into the built site (its licence is in its first
    lines, kept as they are). False when npm has not installed it: My list
    then prints its addresses without codes."""
    source = npm.installed_file(project, SCRIPT_PACKAGE, SCRIPT_SOURCE)
    if source is None:
        return False
    target = site_dir / SCRIPT
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return True
