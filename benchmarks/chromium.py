"""Headless Debian Chromium for the benchmarks that measure pages in a browser.

`playwright install` cannot download here, so Playwright drives
/usr/bin/chromium. The flags are the test suite's (tests/browser/conftest.py;
keep the two lists in step).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # Without these Chromium phones home at start and on every page; the
    # network here is closed, so they only add noise and delay to timings.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@contextmanager
def chromium() -> Iterator[Any]:
    """A running headless browser (Playwright's `Browser`), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
