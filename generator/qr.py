"""QR codes for printed pages: a page's address as an inline SVG.

A family handed a printed page can scan the code to open the page (and its
latest details) on a phone. Made at build time with `segno`, so the site
needs no script or third-party service for it, and the printed code always
matches the address printed beside it.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache
from html import escape

import segno

_MASK = 0
"""A fixed mask pattern. Letting segno try all eight and keep the best costs
about 15 ms a code (2.5 minutes for 10,000 service pages); any of the eight
gives a valid code, and short URLs at error level M scan reliably with it."""


@lru_cache(maxsize=65536)  # `serve` rebuilds make the same codes again
def qr_svg(url: str) -> str:
    """An inline `<svg>` QR code of `url`, labelled for assistive technology.

    Safe to place in a page as it is: segno writes only its own markup, and
    `url` appears in it only as an escaped attribute value.
    """
    code = segno.make(url, error="m", mask=_MASK, micro=False)
    svg: str = code.svg_inline(
        scale=1,
        border=2,
        omitsize=True,  # a viewBox only: print CSS sets its size in millimetres
        dark="#000",
        svgclass="lo-qr",
        lineclass=None,
    )
    # A label, not an SVG <title>: a <title> inside <body> is easily taken
    # for the page's own by tools that read the HTML.
    label = escape(f"QR code for {url}", quote=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def qr_svgs(urls: Sequence[str]) -> list[str]:
    """`qr_svg` of each address, in order: one batch for a worker process."""
    return [qr_svg(url) for url in urls]


class Prefetch:
    """QR codes made ahead on a second core while this one renders pages.

    At about 5 ms a code, QR codes were a quarter of a build's time (50 s at
    10,000 pages), and every address is known before the first page is
    rendered. A worker process makes them in batches from the end of the
    list while the build asks for them from the start, making any it needs
    before the worker gets there itself (and cancelling that batch), so no
    code is made twice and the build never waits for long. The codes are the
    same `qr_svg` makes: one function, two callers.
    """

    def __init__(
        self, urls: Sequence[str], *, known: dict[str, str] | None = None, batch: int = 40
    ) -> None:
        # `known`: codes made by an earlier build of the same process (`serve`),
        # filled in with this build's; only the others are made ahead.
        self._ready: dict[str, str] = {} if known is None else known
        urls = [url for url in dict.fromkeys(urls) if url not in self._ready]
        self._batch_of: dict[str, int] = {}
        self._batches: list[Future[list[str]] | None] = []
        self._urls: list[list[str]] = []
        self._executor: ProcessPoolExecutor | None = None
        if len(urls) < 2 * batch:
            return  # a small site: starting a process costs more than it saves
        for start in range(0, len(urls), batch):
            chunk = list(urls[start : start + batch])
            self._urls.append(chunk)
            for url in chunk:
                self._batch_of[url] = len(self._urls) - 1
        # "spawn": a fresh interpreter that imports only this module, never a
        # fork of a process that may be running a server's threads.
        self._executor = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn")
        )
        self._batches = [None] * len(self._urls)
        for number in reversed(range(len(self._urls))):
            self._batches[number] = self._executor.submit(qr_svgs, self._urls[number])

    def svg(self, url: str) -> str:
        """The QR code of `url`: made ahead if the worker has done it, else now."""
        found = self._ready.get(url)
        if found is not None:
            return found
        number = self._batch_of.get(url)
        future = None
        if number is not None:
            future, self._batches[number] = self._batches[number], None
        if number is not None and future is not None and not future.cancel():
            # Done, or being made: take the whole batch.
            try:
                self._ready.update(zip(self._urls[number], future.result(), strict=True))
            except BrokenProcessPool:
                pass  # the worker died: this process makes the codes
            else:
                return self._ready[url]
        self._ready[url] = made = qr_svg(url)
        return made

    def close(self) -> None:
        """Stop the worker; codes not yet made are no longer wanted."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
