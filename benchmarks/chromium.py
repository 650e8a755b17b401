"""Headless Debian Chromium for the benchmarks that measure pages in a browser.

Launched exactly as the browser tests launch it: the path and flags come from
tests/browser/chromium_flags.py, their one home, loaded from that folder.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.append(str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from chromium_flags import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


@contextmanager
def chromium() -> Iterator[Any]:
    """A running headless browser (Playwright's `Browser`), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
