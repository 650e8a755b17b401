"""QR codes for printed pages: a page's address as an inline SVG.

A family handed a printed page can scan the code to open the page (and its
latest details) on a phone. Made at build time with `zxing-cpp` (a C++
encoder: about 0.5 ms a code, where the pure-Python `segno` took 4 ms, a
third of a 10,000-service build), so the site needs no script or
third-party service for it, and the printed code always matches the
address printed beside it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping, Sequence
from functools import lru_cache
from html import escape
from importlib.metadata import version
from pathlib import Path

import zxingcpp

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


class Prefetch:
    """QR codes made ahead on a second core while this one renders pages.

    Every address is known before the first page is rendered, and a code
    is about 0.9 ms of CPU (9 s at 10,000 pages), so they need not wait for
    this core. A worker process (`python -m generator.publish.qr`) makes them in
    batches from the end of the list while the build asks for them from the
    start, making the ones the worker has not reached itself. When the build
    first finds a code the worker made, the two have met: the worker is
    stopped, so at most one batch is made twice. The codes are the ones
    `qr_svg` makes: one function, two callers.
    """

    def __init__(
        self, urls: Sequence[str], *, known: dict[str, str] | None = None, batch: int = 40
    ) -> None:
        # `known`: codes made by an earlier build (the cache, or `serve`'s last
        # build), filled in with this build's; only the others are made ahead.
        self._ready: dict[str, str] = {} if known is None else known
        self._todo = [url for url in dict.fromkeys(urls) if url not in self._ready]
        self._worker: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None
        self._made: dict[str, str] = {}  # by the worker, filled in by the reader thread
        if len(self._todo) < 2 * batch:
            return  # a small site: starting a process costs more than it saves
        self._worker = subprocess.Popen(
            [sys.executable, "-m", "generator.publish.qr", str(batch)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        assert self._worker.stdin is not None
        try:
            self._worker.stdin.write(json.dumps(self._todo))
            self._worker.stdin.close()
        except OSError:
            pass  # the worker died: this process makes every code

    def _read(self) -> None:
        assert self._worker is not None and self._worker.stdout is not None
        for line in self._worker.stdout:
            try:
                start, svgs = json.loads(line)
            except ValueError:
                return
            self._made.update(zip(self._todo[start : start + len(svgs)], svgs, strict=True))

    def svg(self, url: str) -> str:
        """The QR code of `url`: made ahead if the worker has done it, else now."""
        found = self._ready.get(url) or self._made.get(url)
        if found is None:
            found = qr_svg(url)
        elif self._worker is not None and url in self._made:
            self._stop_worker()  # met: the worker is now making codes already made
        self._ready[url] = found
        return found

    def close(self) -> None:
        """Stop the worker; codes not yet made are no longer wanted."""
        self._stop_worker()
        for url, svg in self._made.items():
            self._ready.setdefault(url, svg)

    def _stop_worker(self) -> None:
        if self._worker is not None:
            self._worker.kill()
            self._worker.wait()
            self._worker = None
        if self._reader is not None:
            self._reader.join()
            self._reader = None


def _work(batch: int) -> None:
    """The worker: addresses (a JSON list) on standard input; codes out, a
    batch a line as `[first index, [svg, ...]]`, from the end of the list."""
    urls = json.loads(sys.stdin.read())
    for start in reversed(range(0, len(urls), batch)):
        svgs = [qr_svg(url) for url in urls[start : start + batch]]
        sys.stdout.write(json.dumps([start, svgs]) + "\n")
        sys.stdout.flush()


CACHE_FILE = "qr-codes.json"
"""Codes made by the last build, kept in the project's `.cache/` folder:
a service's address never changes, so a repeat build makes almost none."""
_CACHE_FORMAT = f"zxing-cpp {version('zxing-cpp')}, error m, border {_BORDER}, 2"
_PATH_DATA = re.compile(
    r'[0-9]+ [0-9]+" class="lo-qr"><path stroke="#000" d="[0-9MmHhVvZz .-]*"/></svg>'
)


def read_cache(folder: Path) -> dict[str, str]:
    """The cached codes in `folder`, {address: svg}; empty when missing,
    unreadable or made by other settings.

    A cached code goes into pages unescaped, so each is checked to be
    exactly what `qr_svg` writes for its address (only the path data may
    vary, and it can hold only digits, spaces and path commands): a tampered
    cache can at worst print a wrong square, never add markup.
    """
    try:
        cached = json.loads((folder / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(cached, dict) or cached.get("format") != _CACHE_FORMAT:
        return {}
    codes = cached.get("codes")
    if not isinstance(codes, dict):
        return {}
    valid = {}
    for url, svg in codes.items():
        if not isinstance(url, str) or not isinstance(svg, str):
            continue
        start = _svg_start(url)
        if svg.startswith(start) and _PATH_DATA.fullmatch(svg, len(start)):
            valid[url] = svg
    return valid


def write_cache(folder: Path, codes: Mapping[str, str]) -> None:
    """Keep `codes` for the next build (replacing the file in one rename, so
    two builds at once never leave half a file)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"format": _CACHE_FORMAT, "codes": dict(sorted(codes.items()))})
    handle, name = tempfile.mkstemp(dir=folder, prefix=".qr-", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(name, folder / CACHE_FILE)


def _svg_start(url: str) -> str:
    label = escape(f"QR code for {url}", quote=True)
    return f'<svg role="img" aria-label="{label}" viewBox="0 0 '


if __name__ == "__main__":
    _work(int(sys.argv[1]))
